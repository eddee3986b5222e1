package pipeline

import (
	"encoding/binary"
	"math/rand/v2"
	"strings"
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
		got, ok := DefaultCharset.BytesText(tc.b)
		if ok != tc.ok || got != tc.want {
			t.Errorf("%s: %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

// A legacy code page set (Charset) decodes text that is not UTF-8; text
// that is, or that is UTF-16, or that is binary, reads the same in every
// code page.
func TestCharsetBytesText(t *testing.T) {
	cp1250, err := ParseCharset("windows-1250")
	if err != nil {
		t.Fatal(err)
	}
	koi8, err := ParseCharset("KOI8-R")
	if err != nil {
		t.Fatal(err)
	}
	polish := []byte("Klient \xa3ukasz \x8cliwi\xf1ski, ul. Kr\xf3tka 5, \xa3\xf3d\x9f") // Windows-1250
	for _, tc := range []struct {
		name string
		cs   Charset
		b    []byte
		want string
	}{
		{"Windows-1250", cp1250, polish, "Klient Łukasz Śliwiński, ul. Krótka 5, Łódź"},
		{"the default reads it as Windows-1252", DefaultCharset, polish, "Klient £ukasz Œliwiñski, ul. Krótka 5, £ódŸ"},
		{"the zero Charset is the default", Charset{}, polish, "Klient £ukasz Œliwiñski, ul. Krótka 5, £ódŸ"},
		{"KOI8-R", koi8, []byte("\xe9\xd7\xc1\xce, ivan.petrov@example.ru"), "Иван, ivan.petrov@example.ru"},
		{"UTF-8 stays UTF-8", cp1250, []byte("Łukasz"), "Łukasz"},
		{"UTF-16 stays UTF-16", cp1250, utf16Bytes("Łódź, Żółć", false, true), "Łódź, Żółć"},
	} {
		got, ok := tc.cs.BytesText(tc.b)
		if !ok || got != tc.want {
			t.Errorf("%s: %q, %v; want %q", tc.name, got, ok, tc.want)
		}
	}
	random := make([]byte, 256)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.IntN(256))
	}
	if got, ok := cp1250.BytesText(random); ok {
		t.Errorf("random bytes read as text in Windows-1250: %d bytes", len(got))
	}
}

func TestParseCharset(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"", "windows-1252", ""},
		{"windows-1250", "windows-1250", ""},
		{"CP1250", "windows-1250", ""},
		{" latin2 ", "iso-8859-2", ""},
		{"iso-8859-1", "windows-1252", ""}, // as browsers read it: Latin-1's C1 codes are Windows-1252's punctuation
		{"koi8-r", "koi8-r", ""},
		{"windows-1253", "windows-1253", ""},
		{"utf-8", "", "not a single-byte code page"},
		{"shift_jis", "", "not a single-byte code page"},
		{"cp1520", "", "unknown code page"},
	} {
		cs, err := ParseCharset(tc.in)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseCharset(%q) = %v, %v; want an error with %q", tc.in, cs, err, tc.err)
			}
		case err != nil || cs.String() != tc.want:
			t.Errorf("ParseCharset(%q) = %v, %v; want %s", tc.in, cs, err, tc.want)
		}
	}
}
