package pipeline

import "unicode/utf8"

// A binary column (bytea; Debezium's binary.handling.mode=bytes, or an
// Avro bytes field) often holds text: legacy systems kept notes, e-mail
// addresses and serialized objects there. The detectors read it through
// BytesText, whichever decoder the bytes came from.

// BytesText returns the text that binary column bytes hold: UTF-8, or else
// Latin-1 (ISO 8859-1), in which legacy databases kept text in bytea
// columns ("Müller" as 4D FC 6C 6C 65 72). Trailing NULs are padding.
// Text with binary framing between its strings (a serialized object, a
// protobuf message: "\n\x10anna@example.com") is read with the framing
// made blanks; a leak hunt found such an e-mail address raw. Bytes that
// are less than three quarters printable ASCII are not text, nor Latin-1
// with C1 codes: random binary (an image, a hash, a ciphertext) is about
// 37% printable ASCII, and passes the other tests one time in a hundred.
func BytesText(b []byte) (string, bool) {
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1] // NUL padding of fixed-length binary columns (MySQL BINARY(n))
	}
	framing, ascii, c1 := 0, 0, false
	for _, c := range b {
		switch {
		case control(c):
			framing++
		case c < 0x80:
			ascii++
		case c < 0xA0:
			c1 = true // a C1 code: not Latin-1 text
		}
	}
	valid := utf8.Valid(b)
	switch {
	case (framing > 0 || !valid) && ascii*4 < len(b)*3:
		return "", false
	case framing > 0:
		return framedText(b), true
	case valid:
		return string(b), true
	case c1:
		return "", false
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r), true
}

// control reports the bytes that are not text: control characters but
// tabs, line and form feeds.
func control(c byte) bool {
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' || c == 0x7F
}

// framedText is text with binary framing: its control bytes, and bytes
// that are not UTF-8, made blanks.
func framedText(b []byte) string {
	t := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || n == 1 && control(b[i]) {
			t = append(t, ' ')
		} else {
			t = append(t, b[i:i+n]...)
		}
		i += n
	}
	return string(t)
}
