package pii

import (
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// Letters lost in decoding. Old CRMs hold Latin-1 or Windows-1252 text,
// and read as UTF-8 on its way to lethe each letter beyond ASCII is lost:
// Debezium writes U+FFFD, other producers pass the byte on ("J\ufffdrgen
// M\ufffdller"). Unlike mojibake (mojibake.go) the letter cannot be read
// back; wordEnd keeps it in its word, and lookupWord finds the words the
// dictionary knows by the places of their letters beyond ASCII.

// lostScans counts the scans under way whose value holds a character lost
// in decoding (legacyOf). While there is none, which is nearly always,
// lookupWord does not look words up by their lost letters: it would cost
// every word it does not know a pass over its bytes (12-18% of the
// free-text scanner's time, measured). A scan of another value that runs
// meanwhile, in another lane, pays that pass and finds nothing more.
var lostScans atomic.Int32

// legacyOf reports whether v holds a character lost in decoding (U+FFFD,
// as Debezium and lethe's JSON decoder write it, or a byte that is not
// UTF-8, as other producers pass it on), and one written as mojibake.
// Missing one would make what a scan finds in v depend on what other
// lanes scan meanwhile (lostScans; a review). ASCII, most values, costs a
// pass of eight bytes at a time.
func legacyOf(v string) (lost, moji bool) {
	i := 0
	for ; i+8 <= len(v); i += 8 { // most values are ASCII: eight bytes at a time
		x := uint64(v[i]) | uint64(v[i+1])<<8 | uint64(v[i+2])<<16 | uint64(v[i+3])<<24 |
			uint64(v[i+4])<<32 | uint64(v[i+5])<<40 | uint64(v[i+6])<<48 | uint64(v[i+7])<<56
		if x&0x8080808080808080 != 0 {
			break
		}
	}
	if !hasNonASCII(v[i:]) {
		return false, false
	}
	return hasLost(v, i, len(v)), hasMojibake(v[i:])
}

// lookupDamaged looks up a word with lost letters as the dictionary's word
// it was written from, by their places (lostWords: "Pr\ufffdnom",
// "M\ufffdrz", "F\ufffdhrerschein"), and, where a lost character ends it,
// without it, as it may have been a quote or a dash after the word
// ("Schmidt\ufffd").
func lookupDamaged(v string, a, b int) (wordInfo, bool) {
	if !hasLost(v, a, b) {
		return wordInfo{}, false
	}
	if wi, ok := lostWord(v, a, b); ok {
		return wi, true
	}
	if l := lostBefore(v, b); l > 0 && b-l > a {
		return lookupWord(v, a, b-l)
	}
	return wordInfo{}, false
}

// lookupLost looks up a word holding characters lost in decoding as a
// given or family name whose letters beyond ASCII these were:
// "J\ufffdrgen", "Wi\ufffdniewski", "J\xfcrgen". It returns the name flags
// only, and works outside a damaged scan too (lostInitial).
func lookupLost(v string, a, b int) (wordInfo, bool) {
	if !hasLost(v, a, b) {
		return wordInfo{}, false
	}
	if wi, ok := lostWord(v, a, b); ok && wi.flags&(wGiven|wSurname) != 0 {
		return wordInfo{flags: wi.flags & (wGiven | wSurname)}, true
	}
	return wordInfo{}, false
}

// lostWord looks v[a:b] up in lostWords.
func lostWord(v string, a, b int) (wordInfo, bool) {
	var buf [maxWord]byte
	if n := lostKey(v, a, b, &buf); n > 0 {
		wi, ok := lostWords[string(buf[:n])]
		return wi, ok
	}
	return wordInfo{}, false
}

// hasLost reports whether v[a:b] holds a character lost in decoding.
func hasLost(v string, a, b int) bool {
	return !utf8.ValidString(v[a:b]) || strings.Contains(v[a:b], "\uFFFD")
}

// lostMark stands for any letter beyond ASCII in lostWords' keys.
const lostMark = 0x01

// lostKey writes v[a:b] lower-cased, with lostMark for each character
// beyond ASCII (a letter, or a character lost in decoding), into buf, and
// returns the length, or -1 if the word is too long for buf.
func lostKey(v string, a, b int, buf *[maxWord]byte) int {
	n := 0
	for i := a; i < b; n++ {
		if n == maxWord {
			return -1
		}
		c := v[i]
		if c < 0x80 {
			buf[n] = lowerASCII(c)
			i++
			continue
		}
		buf[n] = lostMark
		if l := lostAt(v, i); l > 0 {
			i += l
		} else {
			_, size := utf8.DecodeRuneInString(v[i:b])
			i += size
		}
	}
	return n
}

// legacyLetters reports whether k holds no letter beyond Latin Extended-A,
// the letters of the legacy encodings whose text loses them (Latin-1,
// Latin-2, Windows-1250, Windows-1252). Only such words are kept in
// lostWords: a Greek, Cyrillic, Romanian "ș" or Vietnamese letter was not
// lost from one, and a word of such letters only would key as lost
// characters alone ("иван" as four), which any four would match.
func legacyLetters(k string) bool {
	for _, r := range k {
		if r >= 0x180 {
			return false
		}
	}
	return true
}

// accentedOnly are the names of accentedGiven and accentedSurnames, folded:
// names only with their marks, which a lost character cannot tell ("L\ufffd"
// may be "Lé" as well as Lê).
var accentedOnly = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(accentedGiven + " " + accentedSurnames) {
		m[foldString(w)] = true
	}
	return m
}()

// lostWords is the dictionary's words with letters beyond ASCII, keyed as
// lostKey writes them ("pr\x01nom", "stra\x01e", "m\x01rz"), with what the
// dictionary knows of every word so keyed.
var lostWords = func() map[string]wordInfo {
	m := map[string]wordInfo{}
	for i, k := range words.keys {
		if k == "" || !hasNonASCII(k) || !legacyLetters(k) || accentedOnly[k] {
			continue
		}
		var buf [maxWord]byte
		if n := lostKey(k, 0, len(k), &buf); n > 0 {
			wi, in := words.info[i], m[string(buf[:n])]
			in.flags |= wi.flags
			in.ctx |= wi.ctx
			if in.month == 0 {
				in.month = wi.month
			}
			if in.spec == 0 {
				in.spec = wi.spec
			}
			if in.scheme == 0 {
				in.scheme = wi.scheme
			}
			m[string(buf[:n])] = in
		}
	}
	return m
}()
