package pipeline

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
	"unicode/utf16"
)

// utf16Bytes is s in UTF-16, little or big endian, with a byte order mark
// or without.
func utf16Bytes(s string, bigEndian, bom bool) []byte {
	u := utf16.Encode([]rune(s))
	if bom {
		u = append([]uint16{0xFEFF}, u...)
	}
	b := make([]byte, 2*len(u))
	for i, c := range u {
		if bigEndian {
			binary.BigEndian.PutUint16(b[2*i:], c)
		} else {
			binary.LittleEndian.PutUint16(b[2*i:], c)
		}
	}
	return b
}

func TestBytesText(t *testing.T) {
	random := make([]byte, 256)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.IntN(256))
	}
	shorts := make([]byte, 64) // small little-endian integers: not text
	for i := 0; i < len(shorts); i += 2 {
		shorts[i] = byte(i % 7)
	}
	const mail = "Kontakt: qz60.u16@example.org"
	for _, tc := range []struct {
		name string
		b    []byte
		want string
		ok   bool
	}{
		{"UTF-8", []byte("Müller, anna@example.org"), "Müller, anna@example.org", true},
		{"Latin-1", []byte{'M', 0xFC, 'l', 'l', 'e', 'r'}, "Müller", true},
		// Windows-1252, which Windows programs and MySQL's latin1 write:
		// Latin-1 with punctuation in place of the C1 codes.
		{"Windows-1252", []byte("M\xfcller \x96 \x84anna@example.org\x93 \x85 10 \x80"), "Müller – „anna@example.org“ … 10 €", true},
		{"Windows-1252 with a byte it lacks", []byte("Tel.\x810171 1234567"), "Tel.\ufffd0171 1234567", true},
		{"NUL padding", []byte("anna\x00\x00\x00"), "anna", true},
		{"framing", []byte("\n\x10anna@example.com\x12\x03abc"), "\n anna@example.com  abc", true},
		// Framing around text in a script of two or three bytes a letter:
		// three quarters of its characters are text, not of its bytes.
		{"framing around Cyrillic", []byte("\n\x16Иван Петров\x12\x16ivan.petrov@example.ru"), "\n Иван Петров  ivan.petrov@example.ru", true},
		{"framing around Chinese", []byte("\n\x0f王秀英李明\x12\x0fwang@example.cn"), "\n 王秀英李明  wang@example.cn", true},
		{"UTF-16LE", utf16Bytes(mail, false, false), mail, true},
		{"UTF-16BE", utf16Bytes(mail, true, false), mail, true},
		{"UTF-16LE with a byte order mark", utf16Bytes("Jürgen Müller", false, true), "Jürgen Müller", true},
		{"UTF-16BE with a byte order mark", utf16Bytes("Łódź, Żółć", true, true), "Łódź, Żółć", true},
		{"UTF-16LE with NUL padding", append(utf16Bytes(mail, false, false), 0, 0, 0, 0), mail, true},
		{"UTF-16LE padded to a BINARY(128)", append(utf16Bytes(mail, false, false), make([]byte, 128-2*len(mail))...), mail, true},
		{"UTF-16BE padded to a BINARY(128)", append(utf16Bytes(mail, true, false), make([]byte, 128-2*len(mail))...), mail, true},
		{"UTF-16LE with a control character", utf16Bytes("anna\x01@example.org", false, false), "anna @example.org", true},
		{"random bytes", random, "", false},
		{"small integers", shorts, "", false},
		{"a byte order mark before binary", append([]byte{0xFF, 0xFE}, shorts...), "", false},
	} {
		got, ok := BytesText(tc.b)
		if ok != tc.ok || got != tc.want {
			t.Errorf("%s: %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}
