package pii

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Byte-level helpers used by the single-pass scanner. Everything here works
// on string indexes and never converts or allocates.

const (
	clDigit = 1 << iota
	clUpper
	clLower
	clTrigger // other bytes the main loop dispatches on
	clHigh    // byte >= 0x80
)

// class is the per-byte dispatch table of the main loop.
var class = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = clDigit
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = clUpper
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = clLower
	}
	for _, c := range "@+([{:\"<-*%\\&" {
		t[c] = clTrigger
	}
	for c := 0; c < 0x80; c++ {
		if strayControl(byte(c)) {
			t[c] = clTrigger // the scan reads its view (viewOf)
		}
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = clHigh
	}
	return t
}()

func isDigit(c byte) bool { return c-'0' < 10 }

// hasDigit reports whether s holds an ASCII digit. strings.ContainsAny
// builds its byte set on every call: on the scanner's path for every value
// that cost a tenth of scanning a short one.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

// countDigits returns how many ASCII digits s holds.
func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

func isUpper(c byte) bool { return c-'A' < 26 }
func isLower(c byte) bool { return c-'a' < 26 }

// letterRunStart returns the start of the run of letters (ASCII or not)
// that ends at e; e when a letter does not end there.
func letterRunStart(v string, e int) int {
	s := e
	for s > 0 && (isASCIILetter(v[s-1]) || v[s-1] >= 0x80) {
		s--
	}
	return s
}

// hasNonASCII reports whether s has a byte outside ASCII.
func hasNonASCII(s string) bool {
	for k := 0; k < len(s); k++ {
		if s[k] >= 0x80 {
			return true
		}
	}
	return false
}

// lowerASCII returns c in lower case when it is an ASCII letter.
func lowerASCII(c byte) byte {
	if isUpper(c) {
		return c + ('a' - 'A')
	}
	return c
}

// upperASCII returns c in upper case when it is an ASCII letter.
func upperASCII(c byte) byte {
	if isLower(c) {
		return c - ('a' - 'A')
	}
	return c
}
func isASCIILetter(c byte) bool {
	return (c|0x20)-'a' < 26
}
func isAlnum(c byte) bool { return isDigit(c) || isASCIILetter(c) }
func isHex(c byte) bool {
	return isDigit(c) || (c|0x20)-'a' < 6
}

// at returns v[i] or 0 when i is out of range.
func at(v string, i int) byte {
	if i >= 0 && i < len(v) {
		return v[i]
	}
	return 0
}

// lineEnd returns the index of the '\n' ending the line at p, or len(v).
func lineEnd(v string, p int) int {
	if n := strings.IndexByte(v[p:], '\n'); n >= 0 {
		return p + n
	}
	return len(v)
}

// letterLen returns the byte length of the letter starting at v[i], or 0 if
// v[i] does not start a letter. ASCII letters, Latin-1/Latin Extended
// (Additional too: Vietnamese "ễ", Welsh "ŵ"), Greek and Cyrillic letters
// count; punctuation such as NBSP, guillemets, dashes and typographic
// quotes does not.
func letterLen(v string, i int) int {
	c := v[i]
	if c < 0x80 {
		if isASCIILetter(c) {
			return 1
		}
		return 0
	}
	switch {
	case c >= 0xC3 && c <= 0xD4: // U+00C0..U+053F
		if i+1 >= len(v) || v[i+1]&0xC0 != 0x80 {
			return 0
		}
		if c == 0xC3 && (v[i+1] == 0x97 || v[i+1] == 0xB7) { // × ÷
			return 0
		}
		return 2
	case c == 0xE1: // U+1E00..U+1EFF only (E1 B8 80..E1 BB BF): Latin Extended Additional
		if i+2 >= len(v) || v[i+1]-0xB8 > 3 || v[i+2]&0xC0 != 0x80 {
			return 0
		}
		return 3
	case c >= 0xE3 && c <= 0xEF && c != 0xEF: // CJK and friends: letters
		if i+2 >= len(v) || v[i+1]&0xC0 != 0x80 || v[i+2]&0xC0 != 0x80 {
			return 0
		}
		return 3
	}
	return 0
}

// lettersStart returns the start of the run of letters, of any script,
// that ends at e (e itself when none does).
func lettersStart(v string, e int) int {
	for l := letterBefore(v, e); l > 0; l = letterBefore(v, e) {
		e -= l
	}
	return e
}

// letterBefore is letterLen backwards: the byte length of the letter of
// any script that ends just before s, or 0.
func letterBefore(v string, s int) int {
	if s == 0 {
		return 0
	}
	if v[s-1] < 0x80 {
		if isASCIILetter(v[s-1]) {
			return 1
		}
		return 0
	}
	r := s - 1 // back to the first byte of the character
	for r > 0 && s-r < 3 && v[r]&0xC0 == 0x80 {
		r--
	}
	if l := letterLen(v, r); l == s-r {
		return l
	}
	return 0
}

// lostAt returns the byte length of a character lost in some encoding at
// v[i]: a byte of no valid UTF-8 character (a legacy Latin-1 byte as in
// "m\xfcller", a cut character) or U+FFFD, which decoders put in its
// place. 0 for anything else. Producers other than Debezium write such
// bytes; in an address they belong to it, as the letter they stood for did.
func lostAt(v string, i int) int {
	if i >= len(v) || v[i] < 0x80 {
		return 0
	}
	if r, size := utf8.DecodeRuneInString(v[i:]); r == utf8.RuneError {
		return size
	}
	return 0
}

// lostLetter returns the length of a character lost in decoding at v[i]
// (lostAt) that may stand for a letter of the word before it: one before
// a letter, another lost character, or neither a letter nor a digit
// ("Ren\ufffd", René). 0 for others: before a digit, or before letters that
// run into one ("IBAN\ufffdDE89 3704..."), it most often was a space (see
// lookalikeAt).
func lostLetter(v string, i int) int {
	l := lostAt(v, i)
	if l == 0 || l == 1 && notLetterByte(v[i]) {
		return 0
	}
	e := i + l
	if i > 0 && isLower(v[i-1]) && isUpper(at(v, e)) {
		return 0 // "Kunde\ufffdAnna", "Anna\ufffdMaria": a space or a dash between two words
	}
	for e < len(v) && isASCIILetter(v[e]) {
		e++
	}
	if isDigit(at(v, e)) {
		return 0
	}
	return l
}

// notLetterByte reports a byte of no valid UTF-8 character that stands
// for no letter in Latin-1, Latin-2, Windows-1250 or Windows-1252: the
// no-break space (0xA0), the Windows quotes, dashes, bullet and ellipsis,
// °, × and ÷.
func notLetterByte(c byte) bool {
	switch c {
	case 0x80, 0x82, 0x84, 0x85, 0x86, 0x87, 0x89, 0x8B, 0x91, 0x93, 0x94, 0x95, 0x96, 0x97, 0x99, 0x9B, 0xA0, 0xB0, 0xD7, 0xF7:
		return true
	}
	return false
}

// lostBefore is lostAt for the character that ends just before s.
func lostBefore(v string, s int) int {
	if s == 0 || v[s-1] < 0x80 {
		return 0
	}
	if r, size := utf8.DecodeLastRuneInString(v[:s]); r == utf8.RuneError {
		return size
	}
	return 0
}

// runeLen returns the length of the UTF-8 sequence starting with c (1 for
// invalid bytes), used to step over non-letters without splitting them.
func runeLen(c byte) int {
	switch {
	case c < 0xC0:
		return 1
	case c < 0xE0:
		return 2
	case c < 0xF0:
		return 3
	}
	return 4
}

// foldRune lower-cases the letters lethe's word lists use: Latin (with
// Latin Extended-B's regular pairs and Latin Extended Additional's,
// Vietnamese), Greek and Cyrillic. It keeps a letter's UTF-8 length, as
// bloomKey counts bytes: so Turkish "İ" becomes "ı", not "i" (lookups
// without accents find "İbrahim", see unaccented), and "ẞ" stays.
func foldRune(r rune) rune {
	if r < 0x180 { // Latin-1 and Latin Extended-A: most letters of the lists
		switch {
		case r >= 0xC0 && r <= 0xDE && r != 0xD7:
			return r + 0x20
		case r >= 0x100 && r <= 0x137, r >= 0x14A && r <= 0x177:
			return r | 1
		case r >= 0x139 && r <= 0x148, r >= 0x179 && r <= 0x17E:
			if r&1 == 1 {
				return r + 1
			}
		case r == 0x178: // Ÿ
			return 0xFF
		}
		return r
	}
	switch {
	case r < 0x250: // Latin Extended-B: its regular runs, and Ə (Azerbaijani)
		switch {
		case r >= 0x1CD && r <= 0x1DC: // Ǎ ǎ ... Ǜ ǜ: odd upper
			if r&1 == 1 {
				return r + 1
			}
		case r >= 0x1DE && r <= 0x1EF, r == 0x1F4, r >= 0x1F8 && r <= 0x21F, r >= 0x222 && r <= 0x233:
			return r | 1 // Ș ș, Ț ț (Romanian) and the others: even upper
		case r == 0x18F:
			return 0x259
		}
	case r < 0x370:
	case r < 0x400: // Greek
		switch {
		case r >= 0x391 && r <= 0x3AB:
			return r + 0x20
		case r == 0x386: // Ά
			return 0x3AC
		case r >= 0x388 && r <= 0x38A: // Έ Ή Ί
			return r + 0x25
		case r == 0x38C: // Ό
			return 0x3CC
		case r == 0x38E || r == 0x38F: // Ύ Ώ
			return r + 0x3F
		}
	case r < 0x530: // Cyrillic and its supplement
		switch {
		case r <= 0x40F: // Ѐ ... Џ: Є І Ї Ј Љ Њ Ђ Ћ
			return r + 0x50
		case r <= 0x42F:
			return r + 0x20
		case r >= 0x460 && r <= 0x481, r >= 0x48A && r <= 0x4BF, r >= 0x4D0: // Ґ ґ (Ukrainian), Ӑ ӑ ...
			return r | 1
		case r == 0x4C0: // Ӏ
			return 0x4CF
		case r >= 0x4C1 && r <= 0x4CE:
			if r&1 == 1 {
				return r + 1
			}
		}
	case r >= 0x1E00 && r <= 0x1E95, r >= 0x1EA0 && r <= 0x1EFF: // Latin Extended Additional: even upper
		return r | 1
	}
	return r
}

// plainGreek returns the folded Greek letter r without its accent or
// diaeresis, and σ for the final ς: names are looked up as "ΓΙΩΡΓΟΣ",
// "Γιώργος" and "Γιωργος" alike. Other letters it returns as they are.
func plainGreek(r rune) rune {
	switch r {
	case 0x3AC: // ά
		return 0x3B1
	case 0x3AD: // έ
		return 0x3B5
	case 0x3AE: // ή
		return 0x3B7
	case 0x3AF, 0x3CA, 0x390: // ί ϊ ΐ
		return 0x3B9
	case 0x3CC: // ό
		return 0x3BF
	case 0x3CD, 0x3CB, 0x3B0: // ύ ϋ ΰ
		return 0x3C5
	case 0x3CE: // ώ
		return 0x3C9
	case 0x3C2: // ς
		return 0x3C3
	}
	return r
}

// isUpperAt reports whether the letter at v[i] is upper case.
func isUpperAt(v string, i int) bool {
	if i < 0 || i >= len(v) {
		return false // callers look past a word's end: "Goethering 5, 63067 "
	}
	c := v[i]
	if c < 0x80 {
		return isUpper(c)
	}
	if c >= 0xC3 && c <= 0xD4 && i+1 < len(v) {
		r := rune(c&0x1F)<<6 | rune(v[i+1]&0x3F)
		return foldRune(r) != r
	}
	if c == 0xE1 && letterLen(v, i) == 3 {
		r := 0x1000 | rune(v[i+1]&0x3F)<<6 | rune(v[i+2]&0x3F)
		return foldRune(r) != r
	}
	// U+FFFD starts with 0xEF; a byte that is not UTF-8 is no lead byte
	return (c == 0xEF || c < 0xC2 || c > 0xF4) && lostInitial(v, i)
}

// lostInitial reports whether a character lost in decoding at v[i] starts
// a word that is a name whose first letter it was ("\ufffdukasz", Łukasz;
// "\ufffdzdemir", Özdemir): the capital of a name, as far as anyone can
// tell. A lost letter that starts another word may as well have been a
// small one ("\ufffdcole", école).
func lostInitial(v string, i int) bool {
	l := lostAt(v, i)
	if l == 0 || letterBefore(v, i) > 0 || lostBefore(v, i) > 0 {
		return false
	}
	e := wordEnd(v, i)
	if e == i+l {
		return false
	}
	_, ok := lookupLost(v, i, e)
	return ok
}

// maxWord is the longest word the dictionaries are consulted for.
const maxWord = 32

// foldWord writes the lower-cased bytes of v[a:b] into buf and returns the
// length, or -1 if the word is too long for buf.
func foldWord(v string, a, b int, buf *[maxWord]byte) int {
	if b-a > maxWord {
		return -1
	}
	n := 0
	for ; a < b && v[a] < 0x80; a++ { // most words are ASCII
		// n < b-a <= maxWord, a power of two: the mask only spares the
		// bounds check
		buf[n&(maxWord-1)] = lowerASCII(v[a])
		n++
	}
	if a == b {
		return n
	}
	return foldRest(v, a, b, buf, n)
}

// lowerWord is foldWord for a word held in a string of its own: its
// lower-cased bytes in buf, or nil when it is longer than maxWord (no
// list holds such a word). Compared as string(lowerWord(w, &buf)) in a
// switch, or held in a string that does not escape, it does not allocate,
// where strings.ToLower did for every word with a capital.
func lowerWord(w string, buf *[maxWord]byte) []byte {
	n := foldWord(w, 0, len(w), buf)
	if n < 0 {
		return nil
	}
	return buf[:n]
}

// foldRest is foldWord from the first letter beyond ASCII at v[a], with n
// bytes written.
func foldRest(v string, a, b int, buf *[maxWord]byte, n int) int {
	for i := a; i < b; {
		c := v[i]
		if c < 0x80 {
			buf[n] = lowerASCII(c)
			n++
			i++
			continue
		}
		if c >= 0xC0 && c < 0xE0 && i+1 < b {
			r := foldRune(rune(c&0x1F)<<6 | rune(v[i+1]&0x3F))
			if r >= 0x390 && r <= 0x3CE {
				r = plainGreek(r)
			}
			if r < 0x80 {
				buf[n] = byte(r)
				n++
			} else {
				buf[n] = 0xC0 | byte(r>>6)
				buf[n+1] = 0x80 | byte(r&0x3F)
				n += 2
			}
			i += 2
			continue
		}
		if c == 0xE1 && i+2 < b && v[i+1]-0xB8 < 4 {
			r := foldRune(0x1000 | rune(v[i+1]&0x3F)<<6 | rune(v[i+2]&0x3F)) // Latin Extended Additional
			buf[n] = c
			buf[n+1] = 0x80 | byte(r>>6)&0x3F
			buf[n+2] = 0x80 | byte(r&0x3F)
			n += 3
			i += 3
			continue
		}
		if c == 0xE2 && i+2 < b && v[i+1] == 0x80 && v[i+2] == 0x99 {
			buf[n] = '\'' // ’, as autocorrect writes O’Brien
			n++
			i += 3
			continue
		}
		buf[n] = c
		n++
		i++
	}
	return n
}

// apostropheLen returns the length of an apostrophe at p: 1 for ', 3 for
// ’ (U+2019, which Outlook and phones put in "O’Neill"), else 0.
func apostropheLen(v string, p int) int {
	switch {
	case at(v, p) == '\'':
		return 1
	case hasAt(v, p, "’"): // hasAt folds ASCII letters only: exact here
		return 3
	}
	return 0
}

// FNV-1a's 64-bit offset basis and prime, shared by hashBytes, hashString
// and foldHash, which must agree.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashBytes is FNV-1a over b.
func hashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// upperOnly reports strings.ToUpper(s) == s without building the upper-cased
// copy, which strings.ToUpper allocates for every s with a small letter: no
// rune that unicode.ToUpper changes, and no invalid UTF-8 (which ToUpper
// writes as U+FFFD).
func upperOnly(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unicode.ToUpper(r) != r {
			return false
		}
		i += n
	}
	return true
}

// letterRun returns the bounds of the first run of letters (unicode.IsLetter)
// in s at or after i, a == len(s) when none is left: the words
// strings.FieldsFunc(s, not a letter) returns, without their slice.
func letterRun(s string, i int) (a, b int) {
	a = len(s)
	for j := i; j < len(s); {
		r, n := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(r) {
			if a == len(s) {
				a = j
			}
		} else if a < len(s) {
			return a, j
		}
		j += n
	}
	return a, len(s)
}
