package pii

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// view is a value rewritten for the detectors, and where it was
// rewritten, so that findings in text map back to offsets in the value.
type view struct {
	text string
	// at[k] is the offset in text of the k-th rewritten piece, extra[k]
	// how many bytes longer the value was up to and including it.
	at, extra []int
}

// viewOf returns value as the detectors read it:
//   - no-break, thin and other fixed-width spaces (U+00A0, U+2002-U+200A,
//     U+202F, U+205F) made ' '. Word processors, French typography (a
//     narrow no-break space groups digits: "06 12 34 56 78") and text
//     pasted from web pages put them between the groups of phone numbers,
//     IBANs, card numbers and dates, which every detector reads apart by
//     ASCII spaces;
//   - dashes and fullwidth forms (U+FF01-U+FF5E: digits, letters, '+',
//     '@', '.') made ASCII; C1 controls and line or paragraph separators
//     made ' ', or left out beside a blank, '@' or '.' (lookalikeAt);
//     stray C0 controls and DEL made ' ' (a tab for U+001C-U+001F
//     between digits), or left out beside a blank, '@' or '.' and
//     between two letters (rewriteAt, strayControl);
//   - JSON escapes decoded (\u0040, \u00fc, surrogate pairs, \n, \/): a
//     column that holds JSON, as a json or jsonb column does and as
//     applications write it into text columns, keeps them one level down
//     (Python's json.dumps writes "J\u00fcrgen" by default), and
//     "anna\u0040example.com" went out raw. \" and \\ stay as they are, so
//     the JSON around stays JSON for the key hints;
//   - JSON escapes escaped again decoded as well (\\u0040, \\n): JSON kept
//     as a string inside JSON, as event payloads and API responses are
//     stored, has them two levels down, and "anna\\u0040example.com",
//     "J\\u00fcrgen" and "an\\n0171 1234567" went out raw. A Windows path
//     ("C:\\new") reads as a line break then, which no detector minds;
//   - HTML character references decoded (&#64;, &#x40;, &commat;, &uuml;,
//     &amp;): notes kept as HTML, and e-mail addresses hidden from
//     harvesters;
//   - invisible formatting characters left out (see formatRune): a soft
//     hyphen, a zero-width space or joiner, a word joiner, a byte order
//     mark, a bidirectional control, written as they are or escaped. Text
//     pasted from web pages and word processors carries them, and sites
//     put them into addresses against harvesters: every detector read
//     "anna\u200b@example.org" and "DE89\u200b3704..." apart, and they went
//     out raw.
//
// The rewritten pieces are always shorter than they were.
func viewOf(value string) view { return rewriteView(value, true) }

// unescapedView is viewOf but for JSON escapes and HTML references: for
// text whose escapes a view decoded already (mojibake read back from
// them), which decoding again would read a level deeper than a value
// without mojibake is read ("anna&amp;amp;#64;example.com" was an address
// only beside "M&Atilde;&frac14;ller").
func unescapedView(value string) view { return rewriteView(value, false) }

func rewriteView(value string, escapes bool) view {
	var b strings.Builder
	var vw view
	last := 0
	inner := false // inside JSON stored as a string: see escapedQuote
	for i := 0; i < len(value); {
		var r rune
		var n int
		switch {
		case value[i] == '"':
			inner = false // a quote not escaped: the JSON around it
		case escapes && value[i] == '\\':
			if inner || escapedKeyAt(value, i) {
				inner = true
				r, n = escapedQuote(value, i)
			}
		}
		if n == 0 && (escapes || value[i] != '\\' && value[i] != '&') {
			r, n = rewriteAt(value, i)
		}
		if n == 0 {
			if escapedPair(value, i) {
				// kept, and not the start of an escape; nor is the end
				// of a backslash escaped twice (\\\\)
				if i += 2; value[i-1] == '\\' && hasAt(value, i, `\\`) {
					i += 2
				}
			} else {
				i++
			}
			continue
		}
		if formatRune(r) {
			r = dropped
		}
		vw.rewrite(&b, value, last, i, n, r)
		i += n
		last = i
	}
	b.WriteString(value[last:])
	vw.text = b.String()
	return vw
}

// Decoded returns value with its JSON escapes and HTML character
// references decoded, as the detectors read it (see viewOf). A pseudonym
// of "anna\u0040example.com" is then the pseudonym of anna@example.com,
// the same person's wherever it was written plainly.
func Decoded(value string) string {
	if !strings.ContainsAny(value, `\&`) && !hasFormatChar(value) {
		return value
	}
	return viewsOf(value).text()
}

// views are the views of a value the detectors read, the value's own
// first: HTML escaped twice ("anna&amp;#64;example.com", which editors
// that escape what they store write) takes a second.
type views []view

// viewsOf returns the views of value: viewOf, and viewOf of that where
// it still holds an HTML character reference.
func viewsOf(value string) views {
	vs := views{viewOf(value)}
	if strings.IndexByte(vs[0].text, '&') >= 0 {
		if second := viewOf(vs[0].text); len(second.at) > 0 {
			vs = append(vs, second)
		}
	}
	return vs
}

// text is what the detectors read: the last view's text.
func (vs views) text() string { return vs[len(vs)-1].text }

// orig maps an offset in vs.text() to the value's.
func (vs views) orig(off int) int {
	for k := len(vs) - 1; k >= 0; k-- {
		off = vs[k].orig(off)
	}
	return off
}

// rewriteAt returns what viewOf writes for the piece of v that starts at
// v[i], and the piece's length; 0 when nothing is rewritten there.
func rewriteAt(v string, i int) (rune, int) {
	switch c := v[i]; {
	case c < 0x20 || c == 0x7f:
		if strayControl(c) {
			switch {
			case quietBeside(v, i, 1):
				return dropped, 1 // "171\x00 555", "anna\x01@example.org"
			case c >= 0x1C && c <= 0x1F:
				if isDigit(at(v, i-1)) && isDigit(at(v, i+1)) {
					return '\t', 1 // between numeric fields: a break no number crosses
				}
				return ' ', 1 // a field separator
			case isASCIILetter(at(v, i-1)) && isASCIILetter(at(v, i+1)):
				return dropped, 1 // inside a word: "exa\x01mple.org"
			}
			return ' ', 1
		}
	case c >= 0xC0 || c == 0xA0: // 0xA0: a Latin-1 no-break space, see lookalikeAt
		if fixedSpaceAt(v, i) {
			return ' ', runeLen(c)
		}
		if r, n := lookalikeAt(v, i); n > 0 {
			return r, n
		}
		if formatCharAt(v, i) {
			r, n := utf8.DecodeRuneInString(v[i:])
			return r, n
		}
	case c == '\\':
		if escapedKeyAt(v, i) {
			return '"', 2 // the view reads the object the key opens (rewriteView)
		}
		if at(v, i+1) == '\\' {
			return twiceEscaped(v, i)
		}
		return jsonEscape(v, i)
	case c == '&':
		return charRef(v, i)
	}
	return 0, 0
}

// twiceEscaped decodes a JSON escape escaped again at v[i] (\\u0040 is
// \u0040 is @; \\n a line break), a surrogate pair as \\uD83D\\uDE00.
func twiceEscaped(v string, i int) (rune, int) {
	c := at(v, i+2)
	if c != 'u' {
		if c == '\\' || c == '"' {
			return 0, 0 // an escaped pair (\\ or \") follows the first
		}
		r, n := jsonEscape(v, i+1)
		return r, n + min(n, 1)
	}
	return unicodeEscape(v, i, `\\u`)
}

// fixedSpaceAt reports whether one of viewOf's spaces starts at v[i]:
// U+00A0 is C2 A0, U+2002-U+200A are E2 80 82-8A, U+202F is E2 80 AF and
// U+205F E2 81 9F in UTF-8.
func fixedSpaceAt(v string, i int) bool {
	switch v[i] {
	case 0xC2:
		return i+1 < len(v) && v[i+1] == 0xA0
	case 0xE2:
		if i+2 >= len(v) {
			return false
		}
		c1, c2 := v[i+1], v[i+2]
		return c1 == 0x80 && (c2 >= 0x82 && c2 <= 0x8A || c2 == 0xAF) || c1 == 0x81 && c2 == 0x9F
	}
	return false
}

// lookalikeAt returns what viewOf writes for the character at v[i] that
// stands for an ASCII one (lookalike, or a katakana long vowel mark
// between digits), and that character's length; 0, 0 for any other.
func lookalikeAt(v string, i int) (rune, int) {
	switch v[i] {
	case 0xC2, 0xCB, 0xE2, 0xE3, 0xEF, 0xA0:
	case 0xF0:
		if at(v, i+1) != 0x9D { // U+1D000-U+1DFFF: the mathematical letters, not emoji
			return 0, 0
		}
	default:
		return 0, 0
	}
	r, n := utf8.DecodeRuneInString(v[i:])
	switch l := lookalike(r); {
	case r == utf8.RuneError && (n == 3 || v[i] == 0xA0) && asciiAlnum(at(v, i-1)) && asciiAlnum(at(v, i+n)) &&
		(isDigit(at(v, i-1)) || isDigit(at(v, i+n))):
		// A character lost in decoding (U+FFFD, which Java and Go write
		// for bytes that are not UTF-8), or a Latin-1 no-break space left
		// as a byte, beside a digit: legacy text's no-break space, most
		// often, which grouped an IBAN or a phone number (a leak hunt
		// found "IBAN\ufffdDE89\ufffd3704..." raw). It reads as the space
		// it most often was: '-' between two digits, tried, lost cards
		// grouped by spaces too and addresses ("5\ufffd10115 Berlin"), and
		// made a date beside a time a phone number (a review). Between
		// letters it stays a letter lost ("j\ufffdrg.m\ufffdller@gmx.de").
		return ' ', n
	case (r == 0x30FC || r == 0xFF70) && digitLikeBefore(v, i) && digitLikeAt(v, i+n):
		// the katakana long vowel mark, full or halfwidth, as Japanese
		// input methods type a dash between digits ("090ー1234ー5678");
		// elsewhere it is a letter's
		return '-', n
	case l == 0:
		return 0, 0
	case l == ' ' && (r <= 0x9F || r == 0x2028 || r == 0x2029) && quietBeside(v, i, n):
		return dropped, n
	default:
		return l, n
	}
}

// digitLikeAt reports an ASCII or fullwidth digit at v[i].
func digitLikeAt(v string, i int) bool {
	return isDigit(at(v, i)) || at(v, i) == 0xEF && at(v, i+1) == 0xBC && at(v, i+2) >= 0x90 && at(v, i+2) <= 0x99
}

// digitLikeBefore reports an ASCII or fullwidth digit ending at v[i].
func digitLikeBefore(v string, i int) bool {
	return isDigit(at(v, i-1)) || i >= 3 && digitLikeAt(v, i-3)
}

// lookalike returns the ASCII character r stands for, or 0: a dash for the
// hyphen, non-breaking hyphen, figure dash, en and em dash, horizontal bar
// (U+2010-U+2015), hyphen bullet (U+2043), minus signs (U+2212, U+02D7,
// U+2796), two- and three-em dashes (U+2E3A, U+2E3B), small hyphens
// (U+FE58, U+FE63); the ASCII form of a fullwidth one (U+FF01-U+FF5E:
// digits, letters, '+', '@', '.'); a space for a C1 control (U+0080-U+009F,
// NEL among them) or a line or paragraph separator (U+2028, U+2029). Word
// processors and mail clients turn typed hyphens into en dashes ("030 –
// 123 45 67", "4111–1111–1111–1111"), East Asian input methods type
// fullwidth forms, and every detector reads numbers and addresses by their
// ASCII separators: all of them went out raw. The mathematical letters
// and digits (bold, italic, script, fraktur, double-struck, sans-serif,
// monospace: U+1D400-U+1D6A3, U+1D7CE-U+1D7FF, and the letterlike
// symbols that fill their gaps, U+2102-U+2134) are the letters and digits
// they are styled from: profiles and bios pasted from social media write
// names so ("𝐀𝐧𝐧𝐚 𝐊𝐨𝐰𝐚𝐥𝐬𝐤𝐚", "𝗔𝗻𝗻𝗮"), and a review found them raw.
func lookalike(r rune) rune {
	switch {
	case r >= 0x1D400 && r <= 0x1D6A3: // 13 alphabets of 26 capitals and 26 small letters
		k := (r - 0x1D400) % 52
		if k < 26 {
			return 'A' + k
		}
		return 'a' + k - 26
	case r >= 0x1D7CE && r <= 0x1D7FF: // 5 sets of 10 digits
		return '0' + (r-0x1D7CE)%10
	case r >= 0x2102 && r <= 0x2134:
		return letterlike(r)
	case r >= 0x2010 && r <= 0x2015, r == 0x2043, r == 0x2212, r == 0x02D7, r == 0x2796, r == 0x2E3A, r == 0x2E3B,
		r == 0xFE58, r == 0xFE63:
		return '-'
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r >= 0x80 && r <= 0x9F, r == 0x2028, r == 0x2029:
		return ' '
	}
	return 0
}

// letterlike returns the letter of a letterlike symbol that stands in a
// gap of the mathematical alphabets (ℎ for the italic h, ℬ for the script
// B, ℭ for the fraktur C, ℂ for the double-struck C...), or 0.
func letterlike(r rune) rune {
	switch r {
	case 0x2102, 0x212D:
		return 'C'
	case 0x210A:
		return 'g'
	case 0x210B, 0x210C, 0x210D:
		return 'H'
	case 0x210E:
		return 'h'
	case 0x2110, 0x2111:
		return 'I'
	case 0x2112:
		return 'L'
	case 0x2115:
		return 'N'
	case 0x2119:
		return 'P'
	case 0x211A:
		return 'Q'
	case 0x211B, 0x211C, 0x211D:
		return 'R'
	case 0x2124, 0x2128:
		return 'Z'
	case 0x212C:
		return 'B'
	case 0x212F:
		return 'e'
	case 0x2130:
		return 'E'
	case 0x2131:
		return 'F'
	case 0x2133:
		return 'M'
	case 0x2134:
		return 'o'
	}
	return 0
}

// quietBeside reports whether the run of controls and formatting
// characters around v[i:i+n] stands beside a blank, which stands for it,
// or beside what joins an address ('@', '.'): such a run is left out
// ("171\x00\x00 555", "anna\x01\x02@example.org", "anna\u0085@"), any
// other is a blank.
func quietBeside(v string, i, n int) bool {
	l, r := i, i+n
	for l > 0 {
		if strayControl(v[l-1]) {
			l--
			continue
		}
		c, size := utf8.DecodeLastRuneInString(v[:l])
		if size < 2 || !(formatRune(c) || lookalike(c) == ' ') {
			break
		}
		l -= size
	}
	for r < len(v) {
		if strayControl(v[r]) {
			r++
			continue
		}
		c, size := utf8.DecodeRuneInString(v[r:])
		if size < 2 || !(formatRune(c) || lookalike(c) == ' ') {
			break
		}
		r += size
	}
	return besideControl(at(v, l-1)) || besideControl(at(v, r))
}

// besideControl reports a character beside which a stray control is left
// out rather than written as a space: a blank, which stands for it, or
// what joins an address ('@', '.').
func besideControl(c byte) bool { return c == ' ' || c == '@' || c == '.' }

// dropped is what rewriteAt returns for a piece viewOf leaves out.
const dropped rune = -1

// strayControl reports a stray control character: C0 but tab, line feed
// and carriage return, and DEL. rewriteAt writes one as a space (a tab for
// the separators U+001C-U+001F between digits, which legacy exports put
// between numeric fields), or leaves it out beside a blank, '@' or '.'
// (quietBeside) and between two letters. Typed into an address or a
// number ("anna\x01@example.org", "+49 171\x00 5550196") one hid it from
// every detector.
func strayControl(c byte) bool {
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f
}

// formatCharAt reports whether one of the formatting characters viewOf
// leaves out (formatRune) starts at v[i].
func formatCharAt(v string, i int) bool {
	if v[i] < 0xC0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(v[i:])
	return formatRune(r)
}

// formatRune reports an invisible formatting character (Unicode's
// category Cf), which viewOf leaves out: the soft hyphen U+00AD,
// zero-width space, non-joiner and joiner U+200B-U+200D, the
// bidirectional marks and controls (U+061C, U+200E-U+200F, U+202A-U+202E,
// U+2066-U+2069), the word joiner U+2060, the Mongolian vowel separator
// U+180E, U+FEFF (a zero-width no-break space, or a byte order mark), the
// interlinear annotation marks and the tag characters, among others.
func formatRune(r rune) bool {
	return r >= 0xAD && unicode.Is(unicode.Cf, r)
}

// hasFormatChar reports whether v holds a formatting character viewOf
// leaves out.
func hasFormatChar(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] >= 0xC0 && formatCharAt(v, i) {
			return true
		}
	}
	return false
}

// fixedSpace reports the runes fixedSpaceAt finds.
func fixedSpace(r rune) bool {
	return r == 0xA0 || r >= 0x2002 && r <= 0x200A || r == 0x202F || r == 0x205F
}

// escapedKeyAt reports an escaped quote at v[i] that opens an object's
// first key, as JSON stored as a string writes it: {\"nachname\":
// \"Wimmersberger\"}. Event payloads and API responses are kept so, one
// level down; their keys went unread and a name under "nachname" out raw.
// The view decodes the object's quotes from there to the first quote not
// escaped (escapedQuote), so every key reads as a key.
func escapedKeyAt(v string, i int) bool {
	if at(v, i+1) != '"' {
		return false
	}
	b := i - 1
	for b >= 0 && v[b] == ' ' {
		b--
	}
	if b < 0 || v[b] != '{' {
		return false
	}
	p := i + 2
	for p < len(v) && p-i <= 42 && (isAlnum(v[p]) || v[p] == '_' || v[p] == '-' || v[p] == '.') {
		p++
	}
	if p == i+2 || !hasAt(v, p, `\"`) {
		return false
	}
	p += 2
	for at(v, p) == ' ' {
		p++
	}
	return at(v, p) == ':'
}

// escapedQuote returns what the view writes for the backslash at v[i]
// inside JSON stored as a string: \" is a quote, \\ before \" a backslash
// (\\\" is an escaped quote one level up); other escapes are rewriteAt's.
func escapedQuote(v string, i int) (rune, int) {
	switch {
	case at(v, i+1) == '"':
		return '"', 2
	case at(v, i+1) == '\\' && at(v, i+2) == '\\' && at(v, i+3) == '"':
		return '\\', 2
	}
	return 0, 0
}

// escapedPair reports an escaped backslash or quote (\\, \") at v[i]:
// JSON the view keeps as it is, and the end of which starts no escape
// (C:\\u0040 is a backslash and "u0040").
func escapedPair(v string, i int) bool {
	c := at(v, i+1)
	return v[i] == '\\' && (c == '\\' || c == '"')
}

// jsonEscape decodes the JSON escape at v[i] (a backslash), but \" and \\.
func jsonEscape(v string, i int) (rune, int) {
	switch at(v, i+1) {
	case 'u':
		return unicodeEscape(v, i, `\u`)
	case 'n':
		return '\n', 2
	case 't':
		return '\t', 2
	case 'r':
		return '\r', 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case '/':
		return '/', 2
	}
	return 0, 0
}

// unicodeEscape decodes the escape at v[i] that lead (`\u`, or `\\u`
// escaped again) starts, then four hex digits: a surrogate pair as two
// such escapes.
func unicodeEscape(v string, i int, lead string) (rune, int) {
	n := len(lead) + 4
	r, ok := hex4(v, i+len(lead))
	if !ok {
		return 0, 0
	}
	if r >= 0xD800 && r < 0xDC00 && strings.HasPrefix(v[i+n:], lead) {
		if lo, ok := hex4(v, i+n+len(lead)); ok && lo >= 0xDC00 && lo < 0xE000 {
			r, n = 0x10000+(r-0xD800)<<10+(lo-0xDC00), 2*n
		}
	}
	return plainRune(r), n
}

// hex4 reads four hex digits at v[i].
func hex4(v string, i int) (rune, bool) {
	if i+4 > len(v) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(v[i : i+4]) {
		d, ok := hexValue(c)
		if !ok {
			return 0, false
		}
		r = r<<4 | d
	}
	return r, true
}

func hexValue(c byte) (rune, bool) {
	switch {
	case isDigit(c):
		return rune(c - '0'), true
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10, true
	}
	return 0, false
}

// plainRune is r, decoded from an escape or a reference, as the view
// writes it: a fixed-width space as ' ' (the detectors' separator), a lone
// surrogate as U+FFFD, a lookalike as its ASCII character, a stray control
// left out (a separator as a tab).
func plainRune(r rune) rune {
	switch {
	case fixedSpace(r):
		return ' '
	case !utf8.ValidRune(r):
		return utf8.RuneError
	case r >= 0x1C && r <= 0x1F:
		return '\t'
	case r < 0x80 && strayControl(byte(r)):
		return dropped // escaped ("anna\u0001@"): left out, as beside '@'
	}
	if l := lookalike(r); l != 0 {
		return l // escaped or a reference: "4111\u20131111", "&ndash;", "&#65312;"
	}
	return r
}

// maxCharRef bounds an HTML character reference: the longest names
// (&CounterClockwiseContourIntegral;) are 33 bytes.
const maxCharRef = 40

// charRef decodes the HTML character reference at v[i] (an ampersand):
// a named one (&commat; &uuml; &nbsp;) or a numeric one (&#64; &#x40;),
// ended by ';', that stands for one character. Older HTML editors write
// every letter beyond ASCII so ("J&uuml;rgen").
func charRef(v string, i int) (rune, int) {
	e := i + 1
	for e < len(v) && e-i < maxCharRef && (isASCIILetter(v[e]) || isDigit(v[e]) || v[e] == '#' && e == i+1) {
		e++
	}
	if e == i+1 || at(v, e) != ';' {
		return 0, 0
	}
	ref := v[i : e+1]
	dec := html.UnescapeString(ref)
	r, n := utf8.DecodeRuneInString(dec)
	if dec == ref || n != len(dec) {
		return 0, 0 // not a reference html knows, or one of two characters
	}
	return plainRune(r), len(ref)
}

// EscapeAt returns the character that the JSON escape or HTML character
// reference at v[i] stands for and the escape's length; 0 when none
// starts there. An escaped backslash or quote (\\, \") is one too: a
// caller that rewrites the text keeps it whole, so what follows it starts
// no escape.
func EscapeAt(v string, i int) (rune, int) {
	switch v[i] {
	case '\\':
		if escapedPair(v, i) {
			return rune(v[i+1]), 2
		}
		return jsonEscape(v, i)
	case '&':
		return charRef(v, i)
	}
	return 0, 0
}

// rewrite writes to b, which holds the view's text so far, value[last:i]
// and r in place of value[i:i+n] (nothing for dropped), and records the
// piece so that orig maps offsets past it back.
func (vw *view) rewrite(b *strings.Builder, value string, last, i, n int, r rune) {
	if b.Len() == 0 {
		b.Grow(len(value))
	}
	b.WriteString(value[last:i])
	vw.at = append(vw.at, b.Len())
	written := 0
	if r != dropped {
		b.WriteRune(r)
		written = utf8.RuneLen(r)
	}
	prev := 0
	if k := len(vw.extra); k > 0 {
		prev = vw.extra[k-1]
	}
	vw.extra = append(vw.extra, prev+n-written)
}

// orig maps an offset in vw.text to the offset of the same byte in the
// value: past every rewritten piece before it, each as long as it was.
func (vw *view) orig(off int) int {
	k := sort.SearchInts(vw.at, off) // the pieces that start before off
	if k == 0 {
		return off
	}
	return off + vw.extra[k-1]
}

// HidesText reports whether s holds what may hide text from the
// detectors, beyond what viewOf reads through: invalid UTF-8, U+FFFD (what
// a decoder put in place of an invalid byte), a stray control character
// (strayControl), a C1 control or a line or paragraph separator (the
// blanks of lookalike). Names are schema, which holds none of them.
func HidesText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if strayControl(c) {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || lookalike(r) == ' ' {
			return true
		}
		i += n
	}
	return false
}

// rewritten reports whether viewOf rewrites the piece at v[i]: the scan
// then reads the value's view instead.
func rewritten(v string, i int) bool {
	_, n := rewriteAt(v, i)
	return n > 0
}

// asciiAlnum reports an ASCII letter or digit.
func asciiAlnum(c byte) bool {
	return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'z'
}
