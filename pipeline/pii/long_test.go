package pii

import (
	"strings"
	"testing"
	"time"
)

// A long value is scanned in time proportional to its length, whatever it
// repeats. A rule that reads back to a line's or the value's start, or
// through every finding so far, at each word makes a value of megabytes
// (the pipeline takes 8 MiB by default) hours of work on one record, with
// the pipeline stalled behind it. These are the shapes a search over the
// tests' values, each repeated, found slowest, and the rule each caught.
//
// No speed is asserted, only how time grows, within one run: the value
// sixteen times as long must take less than 80 times as long (linear, 16
// to 28 here, the caches taking their share; quadratic, 256). The shorter
// time is the best of three and the longer gets a second chance, so a
// noisy machine passes.
func TestLongValuesScanInLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("scans values of megabytes")
	}
	s := NewScanner()
	for _, unit := range []string{
		"Anna\n",                       // lastWordStart read back to the value's start
		"Müller;Hans;12.03.1961\n",     // the same, in a CSV of people
		"Labour and Green supporter\n", // dropPlaceNames asked every place of every keyword
		"Kto: 0532013000 ",             // polishLetters read the value at every account label
		"pan Kowalczyk dzwonil, prosi o oddzwonienie\n", // polishCue, at every "pan"
		"600 123 456\n",                   // nameEndsBefore read every finding at every number
		"Nom : Le Relais du Port ",        // givenNameLabelIn read the value at every "Nom :"
		"LANE CLOSED DUE TO ROADWORKS ",   // personNamedBefore read every finding at every street
		"Flat 3, 12 High Street ",         // widenTo
		"Anna, Peter und Lukas Schmidt\n", // coordinated
		"Religion:",                       // labelValue read on to the next blank
		"o'brien",                         // lowerWordEnd read on over every apostrophe
		`{"email":"a@b.de","vorname":"Zoë","x":1},`,
		"Herr Schuster wünscht Rückruf",
	} {
		small := strings.Repeat(unit, (128<<10)/len(unit))
		big := strings.Repeat(unit, (2<<20)/len(unit))
		short := time.Duration(1<<63 - 1)
		for range 3 {
			d, _ := scanWithin(s, small, time.Minute)
			short = min(short, d)
		}
		limit := 80 * short
		ok := false
		for try := 0; try < 2 && !ok; try++ {
			d, done := scanWithin(s, big, limit)
			ok = done && d <= limit
		}
		if !ok {
			t.Errorf("%q repeated: %d KiB took %v, %d KiB more than %v: time grows faster than length",
				unit, len(small)>>10, short, len(big)>>10, limit)
		}
	}
}

// scanWithin scans v as a note and returns how long it took, or wait and
// false when that did not suffice (the scan goes on in the background).
func scanWithin(s *Scanner, v string, wait time.Duration) (time.Duration, bool) {
	done := make(chan time.Duration, 1)
	go func() {
		start := time.Now()
		s.ScanField("notes", v, nil)
		done <- time.Since(start)
	}()
	select {
	case d := <-done:
		return d, true
	case <-time.After(wait):
		return wait, false
	}
}
