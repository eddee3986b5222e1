package pii

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Mojibake: UTF-8 text that some system read as Windows-1252 (or Latin-1)
// and wrote back as UTF-8, as legacy CRMs and their exports do to names
// typed with letters beyond ASCII: "Müller" becomes "MÃ¼ller", "Paweł"
// "PaweÅ‚". Each such letter becomes two characters, a capital letter
// between Â and ß (the lead byte read as a letter) and a character for the
// continuation byte, which is mostly a symbol (¼, ©, ‚, ›): the symbol
// ended the word, so "Herr MÃ¼ller" found "MÃ" alone and left the rest
// raw, and "jÃ¼rgen.mÃ¼ller@gmx.de" lost its address's start.

// mojibakeCont returns the length of the character at v[i] when it is the
// second of a letter written as mojibake, after its first (see
// mojibakeLead), and not a letter itself (letterLen takes those): a
// character of U+00A0-U+00BF, or a Windows-1252 symbol for a byte of
// 0x80-0x9F (‚ „ … † ‡ ‰ ‹ › ‘ ’ “ ” • € ™). 0 for any other. The view
// has made the no-break space and the dashes ' ' and '-', and left out
// the soft hyphen and C1 controls (à, Ö, í, and Latin-1's reading of ß):
// those letters are not read.
func mojibakeCont(v string, i int) int {
	if !mojibakeLead(v, i) || i+1 >= len(v) {
		return 0
	}
	switch v[i] {
	case 0xC2:
		if c := v[i+1]; c >= 0xA1 && c <= 0xBF && c != 0xAD {
			return 2
		}
	case 0xE2:
		r, n := utf8.DecodeRuneInString(v[i:])
		if b, ok := charmap.Windows1252.EncodeRune(r); ok && b >= 0x80 && b <= 0x9F {
			return n
		}
	}
	return 0
}

// mojibakeLead reports whether the character that ends at v[i] can be the
// first of a letter written as mojibake: U+00C2-U+00DF, what a UTF-8 lead
// byte of a two-byte letter reads as.
func mojibakeLead(v string, i int) bool {
	return i >= 2 && v[i-2] == 0xC3 && v[i-1] >= 0x82 && v[i-1] <= 0x9F
}

// mojibakeContBefore is mojibakeCont for the character that ends at e.
func mojibakeContBefore(v string, e int) int {
	for n := 2; n <= 3 && n <= e; n++ {
		if mojibakeCont(v, e-n) == n {
			return n
		}
	}
	return 0
}

// hasMojibake reports whether v[a:b] holds a letter written as mojibake.
func hasMojibake(v string, a, b int) bool {
	for _, c := range [...]byte{0xC2, 0xE2} { // the first bytes of mojibakeCont's characters
		for i := a; i < b; {
			k := strings.IndexByte(v[i:b], c)
			if k < 0 {
				break
			}
			if mojibakeCont(v, i+k) > 0 {
				return true
			}
			i += k + 1
		}
	}
	return false
}

// unmojibake writes v[a:b] read back as the UTF-8 it was into buf, and
// returns its length: 0 when it is too long for buf or its characters are
// not all Windows-1252 ones, or their bytes not UTF-8.
func unmojibake(v string, a, b int, buf *[maxWord]byte) int {
	n := 0
	for i := a; i < b; {
		r, size := utf8.DecodeRuneInString(v[i:b])
		c, ok := charmap.Windows1252.EncodeRune(r)
		if !ok || n == maxWord {
			return 0
		}
		buf[n] = c
		n++
		i += size
	}
	if !utf8.Valid(buf[:n]) {
		return 0
	}
	return n
}

// lookupMojibake looks up a word holding letters written as mojibake as
// the name it was written from ("MÃ¼ller", "PaweÅ‚"). It returns the
// name flags only.
func lookupMojibake(v string, a, b int) (wordInfo, bool) {
	if !hasMojibake(v, a, b) {
		return wordInfo{}, false
	}
	var buf [maxWord]byte
	n := unmojibake(v, a, b, &buf)
	if n == 0 {
		return wordInfo{}, false
	}
	w := string(buf[:n])
	wi, ok := lookupWord(w, 0, n)
	if !ok || wi.flags&(wGiven|wSurname) == 0 {
		wi, ok = lookupUnaccented(w, 0, n)
	}
	if !ok || wi.flags&(wGiven|wSurname) == 0 {
		return wordInfo{}, false
	}
	return wordInfo{flags: wi.flags & (wGiven | wSurname)}, true
}
