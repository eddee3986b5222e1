package pipeline

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// A binary column (bytea; Debezium's binary.handling.mode=bytes, or an
// Avro bytes field) often holds text: legacy systems kept notes, e-mail
// addresses and serialized objects there. The detectors read it through
// BytesText, whichever decoder the bytes came from.

// A Charset is the single-byte code page in which lethe reads legacy text
// that is not UTF-8: bytes of a binary column (BytesText), a SQL_ASCII
// database's text in lethe scan. The zero Charset is DefaultCharset.
// A binary column's bytes that are not UTF-8 are text only when three
// quarters of them are ASCII, whatever the code page: that share is what
// tells text from random bytes (which a code page's letters would not), so
// such text in Cyrillic or Greek alone is taken for binary.
type Charset struct {
	cm *charmap.Charmap // nil: Windows-1252; one word, as it is passed on the hot path
}

// DefaultCharset is Windows-1252: Latin-1 with printable characters in
// place of its C1 codes, what Windows programs and MySQL's latin1 write,
// the commonest legacy text of Western European CRMs.
var DefaultCharset = Charset{charmap.Windows1252}

// ParseCharset returns the single-byte code page a WHATWG encoding label
// names ("windows-1250", "cp1251", "latin2", "koi8-r"); "" is
// DefaultCharset. Latin-1's labels name Windows-1252, as browsers read
// them: the C1 codes Windows-1252 fills are no text in Latin-1. Multi-byte
// encodings are refused: their text is not read byte by byte.
func ParseCharset(label string) (Charset, error) {
	if strings.TrimSpace(label) == "" {
		return DefaultCharset, nil
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return Charset{}, fmt.Errorf("unknown code page %q: give a WHATWG encoding label such as windows-1250, windows-1251, iso-8859-2 or koi8-r", label)
	}
	cm, ok := enc.(*charmap.Charmap)
	if !ok {
		return Charset{}, fmt.Errorf("%q is not a single-byte code page (windows-1250, iso-8859-2, koi8-r, ...): text in it is not legacy text lethe reads byte by byte", label)
	}
	return Charset{cm}, nil
}

// String is the code page's WHATWG name.
func (cs Charset) String() string {
	name, err := htmlindex.Name(cs.charmap())
	if err != nil {
		return cs.charmap().String()
	}
	return name
}

func (cs Charset) charmap() *charmap.Charmap {
	if cs.cm == nil {
		return DefaultCharset.cm
	}
	return cs.cm
}

// BytesText returns the text that binary column bytes hold: UTF-8, UTF-16
// (see utf16Text), or else text in cs, the legacy code page; by default
// Windows-1252, in which legacy databases kept text in bytea columns ("Müller" as 4D FC 6C 6C 65 72): Latin-1 (ISO
// 8859-1) with printable characters in place of its C1 codes, as Windows
// programs and MySQL's latin1 write it (€ as 80, … as 85, “ ” as 93 94, –
// as 96). Read as Latin-1, such bytes held C1 codes and were taken for
// binary: a review found an e-mail address in them passed on raw. The
// five bytes Windows-1252 lacks read as U+FFFD, a character lost in
// decoding. A CRM of Polish or Czech customers wrote Windows-1250
// (Ł as A3, read as £ in Windows-1252), one of Russian ones Windows-1251
// or KOI8-R: the detectors read names in such text only in its own code
// page, which the operator sets (legacy_charset). Trailing NULs are
// padding.
// Text with binary framing between its strings (a serialized object, a
// protobuf message: "\n\x10anna@example.com") is read with the framing
// made blanks; a leak hunt found such an e-mail address raw. Bytes that
// are not UTF-8 and less than three quarters printable ASCII are not text:
// random binary (an image, a hash, a ciphertext) is about 37% printable
// ASCII. Of UTF-8 with framing three quarters of the characters must be
// text, not of the bytes: a letter of Cyrillic or Greek is two bytes, of
// Chinese three, and a protobuf message of a Russian name and an e-mail
// address was taken for binary (a property test found the address raw).
// Random binary is UTF-8 only by chance, seldom beyond a few bytes.
func (cs Charset) BytesText(b []byte) (string, bool) {
	if t, ok := utf16Text(b); ok {
		return t, true
	}
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1] // NUL padding of fixed-length binary columns (MySQL BINARY(n))
	}
	framing, ascii := 0, 0
	for _, c := range b {
		switch {
		case control(c):
			framing++
		case c < 0x80:
			ascii++
		}
	}
	valid := utf8.Valid(b)
	text, n := ascii, len(b) // of UTF-8, characters
	if valid {
		n = utf8.RuneCount(b)
		text = n - framing
	}
	switch {
	case (framing > 0 || !valid) && text*4 < n*3:
		return "", false
	case framing > 0:
		return framedText(b), true
	case valid:
		return string(b), true
	}
	return cs.Text(b), true
}

// Text is b read in the code page, byte by byte; a byte it does not
// define reads as U+FFFD, a character lost in decoding.
func (cs Charset) Text(b []byte) string {
	cm := cs.charmap()
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = cm.DecodeByte(c)
	}
	return string(r)
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

// utf16Text returns the text of b when it is UTF-16, as .NET, Java and SQL
// Server (NVARCHAR moved into a blob) write text: with a byte order mark,
// or without one when the high byte of nearly every unit is NUL and
// nearly no low byte is (text in the Latin scripts). A review found an
// e-mail address in UTF-16LE bytes passed on raw: read as one byte a
// character, every other byte is a NUL, so it was not text. The text must
// be three quarters printable, and its other characters are made blanks,
// as framing is in framedText.
func utf16Text(b []byte) (string, bool) {
	for len(b) >= 2 && b[len(b)-1] == 0 && b[len(b)-2] == 0 {
		b = b[:len(b)-2] // NUL padding of a fixed-length column, before the NULs are counted
	}
	if len(b) < 4 {
		return "", false
	}
	bigEndian := false
	switch {
	case b[0] == 0xFF && b[1] == 0xFE:
		b = b[2:]
	case b[0] == 0xFE && b[1] == 0xFF:
		b, bigEndian = b[2:], true
	default:
		units, nulLow, nulHigh := len(b)/2, 0, 0
		for i := 0; i+1 < len(b); i += 2 {
			if b[i] == 0 {
				nulLow++
			}
			if b[i+1] == 0 {
				nulHigh++
			}
		}
		switch {
		case nulHigh*8 >= units*7 && nulLow*8 <= units:
		case nulLow*8 >= units*7 && nulHigh*8 <= units:
			bigEndian = true
		default:
			return "", false
		}
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		lo, hi := b[2*i], b[2*i+1]
		if bigEndian {
			lo, hi = hi, lo
		}
		u[i] = uint16(hi)<<8 | uint16(lo)
	}
	r := utf16.Decode(u)
	for len(r) > 0 && r[len(r)-1] == 0 {
		r = r[:len(r)-1] // NUL padding
	}
	printable := 0
	for i, c := range r {
		if c == utf8.RuneError || c < 0x80 && control(byte(c)) || c >= 0x80 && c < 0xA0 {
			r[i] = ' '
		} else {
			printable++
		}
	}
	if len(r) == 0 || printable*4 < len(r)*3 {
		return "", false
	}
	return string(r), true
}
