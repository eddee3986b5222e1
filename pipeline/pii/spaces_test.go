package pii

import (
	"strings"
	"testing"
)

// Values grouped by no-break, narrow or thin spaces are found as with ASCII
// spaces, and the findings' offsets are bytes of the value as it was.
func TestUnicodeSpacesBetweenGroups(t *testing.T) {
	s := NewScanner()
	for _, sp := range []string{"\u00a0", "\u202f", "\u2009", "\u2007"} {
		for _, tc := range []spanCase{
			{"notes", "Rückruf unter Tel 030 1234567 bitte", "030 1234567", Phone},
			{"notes", "Appeler le 06 12 34 56 78 svp", "06 12 34 56 78", Phone},
			{"telefon", "+48 600 123 456", "+48 600 123 456", Phone},
			{"notes", "IBAN: DE89 3704 0044 0532 0130 00, danke", "DE89 3704 0044 0532 0130 00", BankAccount},
			{"notes", "Karte 4539 1488 0343 6467 gültig bis 12/27", "4539 1488 0343 6467", CreditCard},
		} {
			text, want := strings.ReplaceAll(tc.text, " ", sp), strings.ReplaceAll(tc.want, " ", sp)
			if tc.field == "notes" { // only the value's own spaces: the words around keep ASCII ones
				text = strings.Replace(tc.text, tc.want, want, 1)
			}
			if got := spanOf(s, tc.field, text, tc.cat); got != want {
				t.Errorf("%q (spaces %U): %s span %q, want %q", tc.text, []rune(sp)[0], tc.cat, got, want)
			}
		}
	}
}

func TestSpacedOffsets(t *testing.T) {
	v := "a\u00a0b\u202fc d\u2009"
	sp := unicodeSpaces(v)
	if sp.text != "a b c d " {
		t.Fatalf("unicodeSpaces = %q", sp.text)
	}
	// every offset of text maps to the same character in v
	for off := 0; off <= len(sp.text); off++ {
		o := sp.orig(off)
		if off == len(sp.text) {
			if o != len(v) {
				t.Errorf("end %d maps to %d, want %d", off, o, len(v))
			}
			continue
		}
		if c := sp.text[off]; c != ' ' && v[o] != c {
			t.Errorf("offset %d (%q) maps to %d (%q)", off, c, o, v[o])
		}
	}
	for _, plain := range []string{"", "ascii only", "Müller – 5 €, „zitiert“\u2001\u2060"} {
		if sp := unicodeSpaces(plain); sp.text != plain || len(sp.at) != 0 {
			t.Errorf("%q: changed to %q", plain, sp.text)
		}
	}
}
