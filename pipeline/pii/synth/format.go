package synth

import "strings"

// Group splits s into groups of the given sizes joined by sep, the way
// identifiers are printed ("2 55 08 14 168 025 38"); the last group takes the
// rest. Sizes beyond the end of s are ignored.
func Group(s, sep string, sizes ...int) string {
	var b strings.Builder
	b.Grow(len(s) + len(sizes)*len(sep))
	for _, n := range sizes {
		if len(s) <= n {
			break
		}
		b.WriteString(s[:n])
		b.WriteString(sep)
		s = s[n:]
	}
	b.WriteString(s)
	return b.String()
}

// GroupFours splits s into groups of four joined by sep, the printed form of
// IBANs and most card numbers; the last group may be shorter.
func GroupFours(s, sep string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4*len(sep))
	for len(s) > 4 {
		b.WriteString(s[:4])
		b.WriteString(sep)
		s = s[4:]
	}
	b.WriteString(s)
	return b.String()
}

// compact drops the separators people type inside identifiers: spaces,
// hyphens, dots and slashes.
func compact(s string) string {
	if !strings.ContainsAny(s, " -./") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '-', '.', '/':
		default:
			b = append(b, s[i])
		}
	}
	return string(b)
}

// allDigits reports whether s is not empty and holds only ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
