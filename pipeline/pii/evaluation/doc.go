// Package evaluation measures lethe's PII detector: a labelled corpus of
// field values (testdata/corpus.jsonl, made by Generate from a fixed seed),
// and span-level precision, recall and F1 per category family, with an
// entity-type view for comparison with Presidio.
//
// The match rule is lenient on boundaries and strict on meaning: a predicted
// span counts when it overlaps a gold span of the same category family (see
// Row). Boundaries are reported apart (Row.Exact), so a detector that finds
// "+49 30 1234567" as "30 1234567" is told, not punished twice.
//
// Regenerate the committed corpus after changing the generator with
// `go generate ./pipeline/pii/evaluation`; a test fails while the file and
// the generator disagree.
package evaluation

//go:generate go run ./cmd/gencorpus -o testdata/corpus.jsonl
