package pii

import "strings"

// spaced is a value whose Unicode spaces were made ASCII spaces, and where
// they were, so that findings in text map back to offsets in the value.
type spaced struct {
	text string
	// at[k] is the offset in text of the k-th space replaced, extra[k] how
	// many bytes longer the value was up to and including it.
	at, extra []int
}

// unicodeSpaces returns value with its no-break, thin and other
// fixed-width spaces (U+00A0, U+2002-U+200A, U+202F, U+205F) made ' '.
// Word processors, French typography (a narrow no-break space groups
// digits: "06 12 34 56 78") and text pasted from web pages put them between
// the groups of phone numbers, IBANs, card numbers and dates, which every
// detector reads apart by ASCII spaces.
func unicodeSpaces(value string) spaced {
	var b strings.Builder
	var sp spaced
	last := 0
	for i := 0; i < len(value); {
		if !fixedSpaceAt(value, i) {
			i++
			continue
		}
		n := 2
		if value[i] == 0xE2 {
			n = 3
		}
		if b.Len() == 0 {
			b.Grow(len(value))
		}
		b.WriteString(value[last:i])
		sp.at = append(sp.at, b.Len())
		b.WriteByte(' ')
		prev := 0
		if k := len(sp.extra); k > 0 {
			prev = sp.extra[k-1]
		}
		sp.extra = append(sp.extra, prev+n-1)
		i += n
		last = i
	}
	b.WriteString(value[last:])
	sp.text = b.String()
	return sp
}

// fixedSpaceAt reports whether one of unicodeSpaces' spaces starts at
// v[i]: U+00A0 is C2 A0, U+2002-U+200A are E2 80 82-8A, U+202F is E2 80
// AF and U+205F E2 81 9F in UTF-8.
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

// orig maps an offset in sp.text to the offset of the same byte in the
// value: past every replaced space before it, each as long as it was.
func (sp *spaced) orig(off int) int {
	k := 0
	for k < len(sp.at) && sp.at[k] < off {
		k++
	}
	if k == 0 {
		return off
	}
	return off + sp.extra[k-1]
}
