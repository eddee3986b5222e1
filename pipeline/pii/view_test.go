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

// Values that hold JSON or HTML keep its escapes one level down: the
// detectors read them decoded, and the findings' offsets cover the escaped
// text of the value as it was. A leak hunt found each of these raw.
func TestEscapedValues(t *testing.T) {
	checkSpans(t, []spanCase{
		{"payload", `{"x":"mail anna\u0040example.com, danke"}`, `anna\u0040example.com`, Email},
		{"payload", `{"kunde":"J\u00fcrgen M\u00fcller","ort":"Berlin"}`, `J\u00fcrgen M\u00fcller`, Name},
		{"payload", `{"tel":"\u002B49 30 1234567"}`, `\u002B49 30 1234567`, Phone},
		{"payload", `{"iban":"DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000"}`, `DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000`, BankAccount},
		{"payload", `{"to":"\u003canna@example.com\u003e"}`, `anna@example.com`, Email},
		{"payload", `{"n":"line one\nTel. 030 1234567"}`, `030 1234567`, Phone},
		{"payload", `{"m":"\ud83d\ude00 anna.schmidt\u0040example.de"}`, `anna.schmidt\u0040example.de`, Email},
		{"doc", `<n>anna&#64;example.com</n>`, `anna&#64;example.com`, Email},
		{"doc", `<p>Mail: anna&#x40;example.com</p>`, `anna&#x40;example.com`, Email},
		{"doc", `write to anna&commat;example&period;com`, `anna&commat;example&period;com`, Email},
		{"doc", `Tel&nbsp;030&nbsp;1234567 bitte`, `030&nbsp;1234567`, Phone},
		{"doc", `<p>Kunde J&uuml;rgen M&uuml;ller ruft an</p>`, `J&uuml;rgen M&uuml;ller`, Name},
		// HTML escaped twice, as editors that escape what they store write it
		{"doc", `&lt;p&gt;Mail: anna&amp;#64;example.com&lt;/p&gt;`, `anna&amp;#64;example.com`, Email},
		{"doc", `Tel&amp;nbsp;030&amp;nbsp;1234567 bitte`, `030&amp;nbsp;1234567`, Phone},
		// JSON kept as a string inside JSON: its escapes escaped again
		{"payload", `{"event":"{\"note\":\"mail anna\\u0040example.com\"}"}`, `anna\\u0040example.com`, Email},
		{"payload", `{"event":"{\"kunde\":\"J\\u00fcrgen M\\u00fcller\"}"}`, `J\\u00fcrgen M\\u00fcller`, Name},
		{"payload", `{"event":"{\"note\":\"ruft an\\nTel. 0171 1234567\"}"}`, `0171 1234567`, Phone},
		{"payload", `{"event":"{\"note\":\"Karte\\t4111111111111111\"}"}`, `4111111111111111`, CreditCard},
		{"payload", `{"m":"{\"x\":\"\\ud83d\\ude00anna\\u0040example.com\"}"}`, `anna\\u0040example.com`, Email},
	})
}

// Dashes, fullwidth forms and controls inside a value do not hide it: word
// processors and mail clients turn typed hyphens into en dashes, input
// methods type fullwidth digits, and legacy data holds stray controls. A
// review found each of these raw in a sanitized topic. Findings cover the
// characters, in bytes of the value as it was.
func TestLookalikesAndControlsInsideValues(t *testing.T) {
	checkSpans(t, []spanCase{
		{"notes", "Rückruf bitte unter 030 \u2013 123 45 67.", "030 \u2013 123 45 67", Phone},
		{"notes", "Tel. 0171 \u2013 1234567", "0171 \u2013 1234567", Phone},
		{"telefon", "600\u2013123\u2013456", "600\u2013123\u2013456", Phone},
		{"notes", "Karte 4111\u20131111\u20131111\u20131111 belastet", "4111\u20131111\u20131111\u20131111", CreditCard},
		{"notes", "geb. 12\u201303\u20131975", "12\u201303\u20131975", DateOfBirth},
		{"notes", "IBAN DE89\u20143704\u20140044\u20140532\u20140130\u201400", "DE89\u20143704\u20140044\u20140532\u20140130\u201400", BankAccount},
		{"notes", "Tel +49\u2011171\u22125550196", "+49\u2011171\u22125550196", Phone},
		{"notes", "Tel \uff10\uff13\uff10 \uff11\uff12\uff13\uff14\uff15\uff16\uff17", "\uff10\uff13\uff10 \uff11\uff12\uff13\uff14\uff15\uff16\uff17", Phone},
		{"notes", "Mail anna\uff20example.org", "anna\uff20example.org", Email},
		{"notes", "Mail anna\x01@example.org", "anna\x01@example.org", Email},
		{"notes", "Tel +49 171\x00 5550196 bitte", "+49 171\x00 5550196", Phone},
		{"notes", "Tel +49 171\x015550196 bitte", "+49 171\x015550196", Phone},
		{"notes", "anna@example.org\x1f0171 1234567", "anna@example.org", Email}, // a separator stays one
		{"notes", "Kontakt\u2028anna@example.org", "anna@example.org", Email},
		{"notes", "Preis 10\u201320 \u20ac pro St\u00fcck, 2019\u20132021", "", Phone},
		// a review of the first version: escaped and referenced ones,
		// runs of controls, C1 and separators beside '@', fullwidth
		// letters and dots, more dashes
		{"payload", `{"note":"Karte 4111\u20131111\u20131111\u20131111"}`, `4111\u20131111\u20131111\u20131111`, CreditCard},
		{"doc", "<p>Karte 4111&ndash;1111&ndash;1111&ndash;1111</p>", "4111&ndash;1111&ndash;1111&ndash;1111", CreditCard},
		{"payload", `{"m":"anna\uff20example.org"}`, `anna\uff20example.org`, Email},
		{"payload", `{"m":"anna\u0001@example.org"}`, `anna\u0001@example.org`, Email},
		{"notes", "Mail anna\x01\x02@example.org", "anna\x01\x02@example.org", Email},
		{"notes", "Tel +49 171\x00\x00 5550196", "+49 171\x00\x00 5550196", Phone},
		{"notes", "Mail anna\u0085@example.org", "anna\u0085@example.org", Email},
		{"notes", "Mail anna\u2028@example.org", "anna\u2028@example.org", Email},
		{"notes", "Mail anna\x01\u200b@example.org", "anna\x01\u200b@example.org", Email},
		{"notes", "Mail anna@exa\x01mple.org", "anna@exa\x01mple.org", Email},
		{"notes", "IBAN \uff24\uff25\uff18\uff19 \uff13\uff17\uff10\uff14 \uff10\uff10\uff14\uff14 \uff10\uff15\uff13\uff12 \uff10\uff11\uff13\uff10 \uff10\uff10",
			"\uff24\uff25\uff18\uff19 \uff13\uff17\uff10\uff14 \uff10\uff10\uff14\uff14 \uff10\uff15\uff13\uff12 \uff10\uff11\uff13\uff10 \uff10\uff10", BankAccount},
		{"notes", "Mail anna\uff20example\uff0eorg", "anna\uff20example\uff0eorg", Email},
		{"notes", "Karte 4111\u20431111\u20431111\u20431111", "4111\u20431111\u20431111\u20431111", CreditCard},
		// the katakana long vowel mark as Japanese input methods type a
		// dash between digits, full and halfwidth; a letter elsewhere
		{"notes", "Tel. 0171ー2345678", "0171ー2345678", Phone},
		{"notes", "Tel. 090ー1234ー5678", "090ー1234ー5678", Phone},
		{"telefon", "0171ｰ2345678", "0171ｰ2345678", Phone},
		{"notes", "コーヒー 0171 2345678", "0171 2345678", Phone},
		// separators of a legacy export stay separators
		{"notes", "100234\x1f01067\x1f12\x1f4990", "", Phone},
		{"notes", "Krank\x1f032\x1f8948829", "", Phone},
		{"notes", "K-100234\x1fWijnaldum\x1fAnna\x1fanna@example.org", "anna@example.org", Email},
		{"notes", "Herr\x1fWijnaldum", "Wijnaldum", Name},
	})
}

// Mathematical letters and digits are the letters and digits they are
// styled from: bios and profiles pasted from social media write names,
// addresses and numbers in bold or sans-serif bold, and a review found
// them raw. Findings cover the characters, in bytes of the value as it
// was; emoji around a name change nothing.
func TestMathematicalLettersInsideValues(t *testing.T) {
	checkSpans(t, []spanCase{
		{"notes", "Kundin \U0001d400\U0001d427\U0001d427\U0001d41a \U0001d40a\U0001d428\U0001d430\U0001d41a\U0001d425\U0001d42c\U0001d424\U0001d41a rief an",
			"\U0001d400\U0001d427\U0001d427\U0001d41a \U0001d40a\U0001d428\U0001d430\U0001d41a\U0001d425\U0001d42c\U0001d424\U0001d41a", Name}, // bold
		{"notes", "Kundin \U0001d5d4\U0001d5fb\U0001d5fb\U0001d5ee \U0001d5de\U0001d5fc\U0001d604\U0001d5ee\U0001d5f9\U0001d600\U0001d5f8\U0001d5ee rief an",
			"\U0001d5d4\U0001d5fb\U0001d5fb\U0001d5ee \U0001d5de\U0001d5fc\U0001d604\U0001d5ee\U0001d5f9\U0001d600\U0001d5f8\U0001d5ee", Name}, // sans-serif bold
		{"notes", "Kunde \u210b\U0001d41a\U0001d427\U0001d42c \U0001d40c\U0001d41e\U0001d422\U0001d41e\U0001d42b rief an",
			"\u210b\U0001d41a\U0001d427\U0001d42c \U0001d40c\U0001d41e\U0001d422\U0001d41e\U0001d42b", Name}, // a script H from the letterlike symbols
		{"notes", "Mail \U0001d41a\U0001d427\U0001d427\U0001d41a@example.org", "\U0001d41a\U0001d427\U0001d427\U0001d41a@example.org", Email},
		{"notes", "Tel. \U0001d7ce\U0001d7cf\U0001d7d3\U0001d7cf \U0001d7d0\U0001d7d1\U0001d7d2\U0001d7d3\U0001d7d4\U0001d7d5\U0001d7d6\U0001d7d7",
			"\U0001d7ce\U0001d7cf\U0001d7d3\U0001d7cf \U0001d7d0\U0001d7d1\U0001d7d2\U0001d7d3\U0001d7d4\U0001d7d5\U0001d7d6\U0001d7d7", Phone},
		{"notes", "Kunde \U0001f600 Anna Kowalska rief an \U0001f600", "Anna Kowalska", Name},
		{"notes", "\u211d ist die Menge der reellen Zahlen", "", Name},
	})
}

// Invisible formatting characters inside a value, as pasted text and
// anti-harvesting pages carry them, do not hide it: a review found each of
// these raw in a sanitized topic. Findings cover the characters.
func TestFormatCharactersInsideValues(t *testing.T) {
	checkSpans(t, []spanCase{
		{"notes", "Bitte an qz90.anna\u200b@example.org schicken", "qz90.anna\u200b@example.org", Email},
		{"notes", "Mail anna.nowak@exa\u200bmple.org", "anna.nowak@exa\u200bmple.org", Email},
		{"notes", "Mail anna\u00ad.nowak@example.org", "anna\u00ad.nowak@example.org", Email},
		{"notes", "IBAN DE89\u200b3704\u200b0044\u200b0532\u200b0130\u200b00 bitte", "DE89\u200b3704\u200b0044\u200b0532\u200b0130\u200b00", BankAccount},
		{"notes", "Tel. +49 30 9876\u00ad5432 bitte", "+49 30 9876\u00ad5432", Phone},
		{"notes", "Tel. 030\u2060 1234567 bitte", "030\u2060 1234567", Phone},
		{"telefon", "+49 30 9876\u00ad5432", "+49 30 9876\u00ad5432", Phone},
		{"notes", "Karte 4539\u200c1488\u200c0343\u200c6467 bitte", "4539\u200c1488\u200c0343\u200c6467", CreditCard},
		// a character left out just before a finding is in it, just after not
		{"notes", "\ufeffanna@example.org", "\ufeffanna@example.org", Email},
		{"notes", "Kontakt: \u202aanna@example.org\u202c", "\u202aanna@example.org", Email},
		{"payload", `{"m":"anna\u200b@example.org"}`, `anna\u200b@example.org`, Email},
		{"doc", `anna&#8203;@example.org`, `anna&#8203;@example.org`, Email},
		// the rest of Unicode's format characters (a second review)
		{"notes", "Bitte an qz91.anna\u061c@example.org", "qz91.anna\u061c@example.org", Email},
		{"notes", "IBAN DE89\u061c3704\u061c0044\u061c0532\u061c0130\u061c00", "DE89\u061c3704\u061c0044\u061c0532\u061c0130\u061c00", BankAccount},
		{"notes", "Tel +49 30 9876\u180e5432", "+49 30 9876\u180e5432", Phone},
		{"notes", "Mail anna\ufff9@example.org", "anna\ufff9@example.org", Email},
		{"notes", "Mail anna\U000E0020@example.org", "anna\U000E0020@example.org", Email},
	})
	if got, want := Decoded("Anna\u200b@Example.org"), "Anna@Example.org"; got != want {
		t.Errorf("Decoded: %q, want %q: a pseudonym of the address as if written plainly", got, want)
	}
}

// An escaped backslash or quote starts no escape, in the value or in its
// view, unless an escape follows it (an escape escaped again), and text
// with no escape is not rewritten.
func TestViewKeepsWhatIsNotAnEscape(t *testing.T) {
	for _, v := range []string{"", "ascii only", "Müller · 5 €, „zitiert“\u2001\u00ae\u2070\ufeef\u2016\u2027\uffe1", `C:\\Temp\\Anna`, `C:\\\\temp\\\\anna`, `a \" b \\" c`, `\\\\`, `\\\"`, `\\u12`, `\\uZZZZ`, `\\x41`, "Müller & Söhne", "&#;", "&#xZZ;", "&foo;", `\u12`, `\x41`} {
		if vw := viewOf(v); vw.text != v || len(vw.at) != 0 {
			t.Errorf("%q: rewritten as %q", v, vw.text)
		}
	}
	s := NewScanner()
	if got := s.ScanField("notes", `C:\\temp\\anna\\rechnung.pdf`, nil); len(got) != 0 {
		t.Errorf("findings in a path: %+v", got)
	}
}

// TestViewOffsets checks that offsets in a view map back to the same
// text of the value, past every kind of rewritten piece.
func TestViewOffsets(t *testing.T) {
	v := `a\u0040b&#64;c\u00fcd\ud83d\ude00e&amp;f` + "\u00a0g\u202fh\u2009" + `\ni\\u0040j\\nk\\ud83d\\ude00l\\\\m` +
		"\u00adn\u200b\u200do\u2060\ufeffp" + `\u200bq&shy;r`
	vw := viewOf(v)
	if want := "a@b@cüd😀e&f g h \ni@j\nk😀l" + `\\\\m` + "nopqr"; vw.text != want {
		t.Fatalf("viewOf = %q, want %q", vw.text, want)
	}
	// every letter of the view that was not rewritten maps to the same
	// letter of v, or to the formatting characters left out just before it
	for off := 0; off <= len(vw.text); off++ {
		o := vw.orig(off)
		for o < len(v) && formatCharAt(v, o) {
			o += runeLen(v[o])
		}
		for off < len(vw.text) && strings.HasPrefix(v[o:], "&shy;") {
			o += len("&shy;")
		}
		for off < len(vw.text) && strings.HasPrefix(v[o:], `\u200b`) {
			o += len(`\u200b`)
		}
		if off == len(vw.text) {
			if o != len(v) {
				t.Errorf("end %d maps to %d, want %d", off, o, len(v))
			}
			continue
		}
		if c := vw.text[off]; c >= 'a' && c <= 'z' && v[o] != c {
			t.Errorf("offset %d (%q) maps to %d (%q)", off, c, o, v[o])
		}
	}
}

// A second view maps back through the first: offsets of "a@b" in
// "a&amp;#64;b" are those of a, of the whole escape, and of b.
func TestViewsOffsets(t *testing.T) {
	v := "a&amp;#64;b"
	vs := viewsOf(v)
	if vs.text() != "a@b" || len(vs) != 2 {
		t.Fatalf("viewsOf(%q) = %q in %d views, want a@b in 2", v, vs.text(), len(vs))
	}
	for off, want := range []int{0, 1, 10, 11} {
		if got := vs.orig(off); got != want {
			t.Errorf("orig(%d) = %d, want %d", off, got, want)
		}
	}
}
