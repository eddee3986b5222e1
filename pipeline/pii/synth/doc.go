// Package synth makes synthetic personal identifiers with valid check digits
// (card numbers, IBANs, national and tax numbers) for test data and demos, and
// validates them. It never holds or derives real people's data: every number
// is drawn from the caller's seeded *rand.Rand (math/rand/v2), so generated
// data sets are reproducible, and a number matches a real person's only by
// chance.
//
// Each algorithm lives here once. Generators document the random draws they
// make, in order, because callers such as the evaluation corpus are pinned
// byte for byte to the sequence of draws: changing the draws of a generator
// changes every data set built on it. The pure helpers (LuhnDigit,
// IBANCheckDigits, Mod1110Digit, ...) compute check digits of a payload the
// caller assembled itself.
//
// The validators (ValidIBAN, ValidSteuerID, ...) follow the published rules
// and are meant for tests of generated data; the detector in pipeline/pii has
// its own, performance-tuned checks.
package synth
