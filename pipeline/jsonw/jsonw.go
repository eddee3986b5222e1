// Package jsonw appends JSON to byte slices without reflection. The hot
// paths that write JSON (sanitized envelopes, Debezium envelopes) use it
// instead of encoding/json, which costs more than the work around it. Output
// is what encoding/json writes for the same values, without HTML escaping.
package jsonw

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// safeASCII marks the bytes that stand for themselves inside a JSON string,
// both when it is read and when it is written: printable ASCII but for the
// quote and the backslash.
var safeASCII = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// SkipPlain returns the index of the first byte of s at or after i that
// does not stand for itself inside a JSON string (printable ASCII but for
// the quote and the backslash), or len(s). Strings are most of an event's bytes, read once and
// written once: it looks at eight bytes at a time (about 2 instructions a
// byte, against 4 to 7 for a table lookup per byte).
func SkipPlain(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		if m := NotPlain8(Load8(s, i)); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for i < len(s) && safeASCII[s[i]] {
		i++
	}
	return i
}

const (
	lsb8  = 0x0101010101010101
	low8  = 0x7f7f7f7f7f7f7f7f
	msb8  = 0x8080808080808080
	ctl8  = (0x80 - 0x20) * lsb8 // added to a byte's low 7 bits: carries into the high bit from 0x20 on
	quot8 = '"' * lsb8
	bsl8  = '\\' * lsb8
)

// Load8 returns the eight bytes s[i:i+8] as a little-endian word, the
// first byte lowest; s must hold them. The compiler makes one load of them,
// and one bounds check.
func Load8(s string, i int) uint64 {
	w := s[i : i+8]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// NotPlain8 marks, in the high bit of each byte of x, the bytes that do
// not stand for themselves: below 0x20, the quote, the backslash, and from
// 0x80 on. Each byte is tested on its own (no carry crosses a byte), so a
// mark says nothing of its neighbours.
func NotPlain8(x uint64) uint64 {
	q, b := x^quot8, x^bsl8
	printable := (x & low8) + ctl8
	notQuote := (q&low8 + low8) | q
	notBackslash := (b&low8 + low8) | b
	return ^(printable & notQuote & notBackslash &^ x) & msb8
}

// AppendString appends s as a JSON string; invalid UTF-8 becomes U+FFFD, as
// in encoding/json.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// A run of bytes that stand for themselves, stepped over eight
		// at a time.
		if i = SkipPlain(s, i); i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendValue appends a decoded column value: the scalars JSON and Avro
// decoders produce, []byte as base64 (as encoding/json and Connect's
// JsonConverter do), and anything else through encoding/json. NaN and
// infinities, which JSON cannot hold, are written as strings, as Connect's
// JsonConverter does.
func AppendValue(b []byte, v any) []byte {
	switch t := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return AppendString(b, t)
	case bool:
		return strconv.AppendBool(b, t)
	case json.Number:
		if t == "" {
			return append(b, '0')
		}
		return append(b, t...)
	case int64:
		return strconv.AppendInt(b, t, 10)
	case int:
		return strconv.AppendInt(b, int64(t), 10)
	case int32:
		return strconv.AppendInt(b, int64(t), 10)
	case int16:
		return strconv.AppendInt(b, int64(t), 10)
	case int8:
		return strconv.AppendInt(b, int64(t), 10)
	case uint32:
		return strconv.AppendUint(b, uint64(t), 10)
	case uint16:
		return strconv.AppendUint(b, uint64(t), 10)
	case uint8:
		return strconv.AppendUint(b, uint64(t), 10)
	case float64:
		return appendFloat(b, t, 64)
	case float32:
		return appendFloat(b, float64(t), 32)
	case []byte:
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, t)
		return append(b, '"')
	case map[string]any:
		// Nested values (Avro records and maps, JSON objects) are written
		// here rather than by encoding/json, which escapes <, > and & as
		// \u003c...: the detectors would read "u003cjohn@example.com"
		// and pseudonymise another string than the same address elsewhere.
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys) // as encoding/json orders a map's keys
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(AppendString(b, k), ':')
			b = AppendValue(b, t[k])
		}
		return append(b, '}')
	case []any:
		b = append(b, '[')
		for i, e := range t {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendValue(b, e)
		}
		return append(b, ']')
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // see map[string]any above
	if err := enc.Encode(v); err != nil {
		return append(b, "null"...)
	}
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

func appendFloat(b []byte, f float64, bits int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return AppendString(b, strconv.FormatFloat(f, 'g', -1, bits))
	}
	return strconv.AppendFloat(b, f, 'g', -1, bits)
}
