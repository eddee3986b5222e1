package pii

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Mojibake: UTF-8 text that some system read as Windows-1252 (or Latin-1)
// and wrote back as UTF-8, as legacy CRMs and their exports do to text
// typed with letters beyond ASCII: "Müller" becomes "MÃ¼ller", "Paweł"
// "PaweÅ‚", "Weiß" "WeiÃŸ", an apostrophe "â€™". Each character becomes two
// or three, mostly a letter and symbols: the symbols ended the words, so
// "Herr MÃ¼ller" found "MÃ" alone and left the rest raw, and
// "jÃ¼rgen.mÃ¼ller@gmx.de" lost its start. ScanColumn reads such a value
// through a view in which each character so written is read back
// (mojibakeViews), as viewOf reads JSON escapes: every detector then sees
// the text that was typed, and findings map back to the value's offsets.

// mojibakeAt returns the character written as mojibake that starts at
// v[i], and the length of its mojibake; 0, 0 where none starts. Its first
// character is what the first byte of its UTF-8 reads as: Â-È or Î-Ó for
// a two-byte character (Latin-1 and Latin Extended letters, Greek,
// Cyrillic), â or ï for a three-byte one (punctuation, €, the byte order
// mark); all of them are written C3 xx in UTF-8. Other first bytes start
// IPA letters, combining marks and scripts that no name in these CRMs is
// written in, and taking them would misread text spelt right ("Weiß…"
// would be U+07C5). The rest are what its continuation bytes read as in
// Windows-1252 or Latin-1 (a C1 control). U+FFFD there, which decoders
// write for the five bytes Windows-1252 lacks (Ł is "Å\x81"), leaves a
// character lost: U+FFFD, which the detectors read as a lost letter.
func mojibakeAt(v string, i int) (rune, int) {
	r, n, lead, lost := mojibakeRaw(v, i)
	if n == 0 || !mojibakeLetter(lead, r) && !besideMojibake(v, i, i+n) {
		return 0, 0
	}
	if lost {
		r = utf8.RuneError
	}
	return r, n
}

// besideMojibake reports whether more mojibake (mojibakeRaw) ends at v[i]
// or starts at v[e]: Kazakh's ұ ә ("Ð½Ò±Ñ€Ð»Ð°Ð½": reviews) stand beside
// more of it, a capital spelt right ("È–Mario", "PERÒ–Mario") does not.
// A one-letter word (no ASCII letter or digit on its other side, but
// digits up to an '@') counts so also across one '.', '@' or '_' from more
// mojibake, and right before '@': a Kazakh initial in an address
// ("Ñ‚Ð¾Ò›Ð°ÐµÐ².Ò›@mail.kz", "Ð½Ò±Ñ€Ð»Ð°Ð½_Ò›@mail.kz", "nurlan.Ò›@mail.kz"),
// not a capital spelt right that a word follows ("cafÃ©.È–Mario",
// "PERÒ».Ã‰milie", "Ã©.È–0301234567": a review saw these glued and lost).
func besideMojibake(v string, i, e int) bool {
	if mojibakeStarts(v, e) || mojibakeEnds(v, i) {
		return true
	}
	if !isAlnum(at(v, i-1)) && (at(v, e) == '@' || localSep(at(v, e)) && mojibakeStarts(v, e+1)) {
		return true
	}
	return localSep(at(v, i-1)) && mojibakeEnds(v, i-1) && (!wordAt(v, e) || digitsToAt(v, e))
}

// wordAt reports whether a letter of any script or a digit starts at v[e]:
// a word that a capital spelt right starts ("cafÃ©.È–Émilie", "È–Łukasz"),
// not an ASCII one only.
func wordAt(v string, e int) bool {
	return isAlnum(at(v, e)) || e < len(v) && letterLen(v, e) > 0
}

// digitsToAt reports whether digits run from v[e] to an '@' ("Ò›1@").
func digitsToAt(v string, e int) bool {
	k := e
	for isDigit(at(v, k)) {
		k++
	}
	return k > e && at(v, k) == '@'
}

// localSep reports whether c joins the words of an address's local part.
func localSep(c byte) bool {
	return c == '.' || c == '@' || c == '_'
}

// mojibakeStarts reports whether mojibake (mojibakeRaw) starts at v[e].
func mojibakeStarts(v string, e int) bool {
	_, n, _, _ := mojibakeRaw(v, e)
	return n > 0
}

// mojibakeEnds reports whether mojibake (mojibakeRaw) ends at v[i]: its
// longest form is eight bytes ("â€™", or one with U+FFFD).
func mojibakeEnds(v string, i int) bool {
	for k := max(i-8, 0); k <= i-4; k++ {
		if _, n, _, _ := mojibakeRaw(v, k); n > 0 && k+n == i {
			return true
		}
	}
	return false
}

// mojibakeRaw is mojibakeAt without mojibakeLetter's limits; it returns
// the byte the first character stands for, and whether a byte of it was
// lost (the rune then has 0x80 for it).
func mojibakeRaw(v string, i int) (rune, int, byte, bool) {
	if i >= len(v) || v[i] != 0xC3 || i+1 >= len(v) {
		return 0, 0, 0, false
	}
	lead := v[i+1] + 0x40 // the byte U+00C0-U+00FF stands for
	var need int
	switch {
	case lead >= 0xC2 && lead <= 0xC8, lead >= 0xCE && lead <= 0xD3:
		need = 1
	case lead == 0xE2, lead == 0xEF:
		need = 2
	default:
		return 0, 0, 0, false
	}
	buf := [3]byte{lead}
	p := i + 2
	lost := false
	for k := 1; k <= need; k++ {
		if p >= len(v) {
			return 0, 0, 0, false
		}
		r, n := utf8.DecodeRuneInString(v[p:])
		var c byte
		switch {
		case r == utf8.RuneError && n == 3:
			lost, c = true, 0x80 // U+FFFD: a byte Windows-1252 lacks
		case r >= 0x80 && r <= 0xBF:
			c = byte(r) // Latin-1, a C1 control for 0x80-0x9F
		default:
			b, ok := charmap.Windows1252.EncodeRune(r)
			if !ok || b < 0x80 || b > 0xBF {
				return 0, 0, 0, false
			}
			c = b
		}
		buf[k] = c
		p += n
	}
	r, n := utf8.DecodeRune(buf[:need+1])
	if r == utf8.RuneError || n != need+1 {
		return 0, 0, 0, false
	}
	return r, p - i, lead, lost
}

// hasMojibake reports whether v holds a character written as mojibake.
func hasMojibake(v string) bool {
	for i := 0; ; i++ {
		k := strings.IndexByte(v[i:], 0xC3)
		if k < 0 {
			return false
		}
		i += k
		if _, n := mojibakeAt(v, i); n > 0 {
			return true
		}
	}
}

// mojibakeViews returns the views of value with its characters written as
// mojibake read back, once or, written so twice ("MÃƒÂ¼ller"), twice.
func mojibakeViews(value string) views {
	vs := views{mojibakeView(value)}
	if t := vs.text(); hasMojibake(t) {
		vs = append(vs, mojibakeView(t))
	}
	return vs
}

// mojibakeView returns value with each character written as mojibake
// read back (mojibakeAt).
func mojibakeView(value string) view {
	var b strings.Builder
	var vw view
	last := 0
	for i := 0; i < len(value); {
		r, n := mojibakeAt(value, i)
		if n == 0 {
			i++
			continue
		}
		vw.rewrite(&b, value, last, i, n, r)
		i += n
		last = i
	}
	if len(vw.at) == 0 {
		return view{text: value}
	}
	b.WriteString(value[last:])
	vw.text = b.String()
	return vw
}

// mojibakeLetter reports whether r, read back from mojibake whose first
// character stands for lead, is a letter of the scripts a CRM's names are
// written in, where lead is also a capital that text spelt right ends a
// word with before punctuation: of Latin Extended-B past U+01FF only
// Romanian's Ș ș Ț ț ("PERCHÈ–Mario" is Italian spelt right), of Greek
// past ώ nothing ("NAÏ’Jean" is French, not ϒ), of Cyrillic past U+047F
// only Ukrainian's Ґ ґ ("PERÒ–Mario", "LLEGÓ–Juan", "È–Mario"). mojibakeAt
// takes other letters only beside more mojibake (besideMojibake), as
// Kazakh's ұ ә stand ("Ð½Ò±Ñ€Ð»Ð°Ð½": reviews).
func mojibakeLetter(lead byte, r rune) bool {
	switch lead {
	case 0xC8:
		return r >= 0x218 && r <= 0x21B
	case 0xCF:
		return r <= 0x3CE
	case 0xD2, 0xD3:
		return r == 0x490 || r == 0x491
	}
	return true
}
