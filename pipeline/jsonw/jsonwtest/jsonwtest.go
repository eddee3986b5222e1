// Package jsonwtest checks the skips that read JSON text eight bytes at a
// time (jsonw.SkipPlain for strings, the Debezium decoder's skipDigits for
// numbers) against the same skip one byte at a time, for the tests of both
// packages, so that each does not write its own.
package jsonwtest

import (
	"strings"
	"testing"
)

// A Skip returns the index of the first byte of s at or after i at which
// it stops, or len(s).
type Skip func(s string, i int) int

// CheckSkip compares skip with bytewise, the same skip one byte at a time:
// every byte value, at every position of the eight-byte words and of the
// tail, among fill bytes and next to each of after (the bytes around the
// range skip passes), from every start in the first word; and at the end
// of a string. name is skip's in the messages.
func CheckSkip(t *testing.T, name string, skip, bytewise Skip, fills, after []byte) {
	t.Helper()
	for c := range 256 {
		for _, fill := range fills {
			for n := range 20 {
				for p := range n {
					for _, next := range append([]byte{fill}, after...) {
						b := make([]byte, n)
						for k := range b {
							b[k] = fill
						}
						b[p] = byte(c)
						if p+1 < n {
							b[p+1] = next
						}
						s := string(b)
						for from := range min(n, 9) {
							if got, want := skip(s, from), bytewise(s, from); got != want {
								t.Fatalf("%s(%q, %d) = %d, want %d", name, s, from, got, want)
							}
						}
					}
				}
			}
		}
	}
	end := strings.Repeat(string(fills[0]), 3)
	if got := skip(end, len(end)); got != len(end) {
		t.Fatalf("%s at the end = %d", name, got)
	}
}

// FuzzSkip compares skip with bytewise, as CheckSkip does, on the fuzzer's
// strings from any start, seeds among them.
func FuzzSkip(f *testing.F, name string, skip, bytewise Skip, seeds ...string) {
	for _, s := range seeds {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, from int) {
		if from < 0 || from > len(s) {
			return
		}
		if got, want := skip(s, from), bytewise(s, from); got != want {
			t.Fatalf("%s(%q, %d) = %d, want %d", name, s, from, got, want)
		}
	})
}
