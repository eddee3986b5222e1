package synth

import "math/rand/v2"

// Digits returns n random decimal digits, one r.IntN(10) draw per digit.
func Digits(r *rand.Rand, n int) string {
	return string(AppendDigits(r, make([]byte, 0, n), n))
}

// AppendDigits appends n random decimal digits to b, drawing exactly as
// Digits does.
func AppendDigits(r *rand.Rand, b []byte, n int) []byte {
	for range n {
		b = append(b, byte('0'+r.IntN(10)))
	}
	return b
}

// DigitsInt returns the value of n random decimal digits, drawing exactly as
// Digits does (so Digits(r, 3) == fmt.Sprintf("%03d", DigitsInt(r, 3)) for
// equally seeded sources). n must be at most 18.
func DigitsInt(r *rand.Rand, n int) int {
	v := 0
	for range n {
		v = v*10 + r.IntN(10)
	}
	return v
}

// Letters returns n random capital letters A-Z, one r.IntN(26) draw each.
func Letters(r *rand.Rand, n int) string {
	return FromSet(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", n)
}

// FromSet returns n random bytes of set, one r.IntN(len(set)) draw each.
// set must be ASCII and not empty.
func FromSet(r *rand.Rand, set string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[r.IntN(len(set))]
	}
	return string(b)
}
