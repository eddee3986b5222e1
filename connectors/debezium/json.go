package debezium

import (
	"encoding/json"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/jsonw"
)

// maxDepth bounds nesting so that a record made of ten million '[' cannot
// exhaust the stack. Debezium rows are flat; 128 levels is generous.
const maxDepth = 128

// jsonParser is a one-pass JSON parser over a string holding a whole record.
// String values without escapes are substrings of src, so a row's strings
// share the record's single allocation; integers become int64 and other
// numbers json.Number, so ids never lose precision.
//
// On error it records a reason without any data value: the byte offset and
// what was expected.
type jsonParser struct {
	src   string
	pos   int
	depth int
	// col is the row column being parsed, for error messages (column names
	// are schema, not data).
	col string
	// reason is set on the first error.
	reason string
	// sources, when set, steps over the known starts of source blocks.
	sources *sourceMemo
}

// fail records a malformed-JSON reason at the current position and
// returns false so callers can write `return p.fail(...)`.
func (p *jsonParser) fail(what string) bool {
	if p.reason == "" {
		p.reason = "malformed JSON at byte " + strconv.Itoa(p.pos) + ": " + what
	}
	return false
}

// failValue records valid JSON whose value the field cannot hold: the
// reason must not call the input malformed.
func (p *jsonParser) failValue(what string) bool {
	if p.reason == "" {
		p.reason = what + " at byte " + strconv.Itoa(p.pos)
	}
	return false
}

// failType records a type mismatch.
func (p *jsonParser) failType(want string) bool {
	if p.reason == "" {
		p.reason = "expected " + want + ", got " + p.kindAt() + " at byte " + strconv.Itoa(p.pos)
	}
	return false
}

// kindAt names the kind of JSON value starting at pos.
func (p *jsonParser) kindAt() string {
	if p.pos >= len(p.src) {
		return "end of input"
	}
	switch c := p.src[p.pos]; {
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == '"':
		return "string"
	case c == 't':
		return p.literalKind("true", "boolean")
	case c == 'f':
		return p.literalKind("false", "boolean")
	case c == 'n':
		return p.literalKind("null", "null")
	case c == '-' && (p.pos+1 >= len(p.src) || p.src[p.pos+1] < '0' || p.src[p.pos+1] > '9'):
		return "invalid number"
	case c == '-' || (c >= '0' && c <= '9'):
		return "number"
	}
	return "invalid character"
}

// literalKind names the value at pos kind when it is the literal lit (true,
// false or null) ending where a JSON value may end, and an invalid literal
// otherwise: a reason must not call "not json" a null, nor "truthy" a boolean.
func (p *jsonParser) literalKind(lit, kind string) string {
	end := p.pos + len(lit)
	if end > len(p.src) || p.src[p.pos:end] != lit {
		return "invalid literal"
	}
	if end < len(p.src) {
		switch p.src[end] {
		case ' ', '\t', '\n', '\r', ',', ']', '}', ':':
		default:
			return "invalid literal"
		}
	}
	return kind
}

func (p *jsonParser) ws() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// peek skips whitespace and returns the next byte, or 0 at the end.
func (p *jsonParser) peek() byte {
	if p.pos < len(p.src) && p.src[p.pos] > ' ' { // compact JSON: no whitespace to skip
		return p.src[p.pos]
	}
	p.ws()
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

// atEnd reports whether only whitespace remains.
func (p *jsonParser) atEnd() bool {
	p.ws()
	return p.pos == len(p.src)
}

// value parses any JSON value.
func (p *jsonParser) value() (any, bool) {
	switch c := p.peek(); {
	case c == '{':
		m, ok := p.object()
		if !ok {
			return nil, false
		}
		return m, true
	case c == '[':
		return p.array()
	case c == '"':
		s, ok := p.str()
		if !ok {
			return nil, false
		}
		return s, true
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 0 && p.pos >= len(p.src):
		return nil, p.fail("unexpected end of input")
	}
	return nil, p.fail("invalid character")
}

func (p *jsonParser) literal(lit string) bool {
	if len(p.src)-p.pos >= len(lit) && p.src[p.pos:p.pos+len(lit)] == lit {
		p.pos += len(lit)
		return true
	}
	return p.fail("invalid literal")
}

// enter and leave track nesting depth.
func (p *jsonParser) enter() bool {
	p.depth++
	if p.depth > maxDepth {
		if p.reason == "" {
			p.reason = "nesting deeper than " + strconv.Itoa(maxDepth) + " at byte " + strconv.Itoa(p.pos)
		}
		return false
	}
	return true
}

func (p *jsonParser) leave() { p.depth-- }

// members parses the object at pos, calling fn for each member with pos at
// the member's value; fn must consume the value and return false on error.
// Every object loop in the package goes through here.
func (p *jsonParser) members(fn func(key string) bool) bool {
	if !p.enter() {
		return false
	}
	p.pos++ // '{'
	if p.peek() == '}' {
		p.pos++
		p.leave()
		return true
	}
	return p.memberList(fn)
}

// memberList is members from the key of a member on: it parses the rest of
// an object whose '{' has been stepped over and counted (enter), through
// its '}'.
func (p *jsonParser) memberList(fn func(key string) bool) bool {
	for {
		if p.peek() != '"' {
			return p.fail("expected object key")
		}
		k, ok := p.str()
		if !ok {
			return false
		}
		if p.peek() != ':' {
			return p.fail("expected ':'")
		}
		p.pos++
		if !fn(k) {
			return false
		}
		switch p.peek() {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.leave()
			return true
		default:
			return p.fail("expected ',' or '}'")
		}
	}
}

// object parses a nested object into a map.
func (p *jsonParser) object() (map[string]any, bool) {
	m := map[string]any{}
	ok := p.members(func(k string) bool {
		v, ok := p.value()
		m[k] = v
		return ok
	})
	return m, ok
}

// rowInto parses an object as a row image, appending its columns to dst in
// the record's order.
func (p *jsonParser) rowInto(dst []pipeline.Column) ([]pipeline.Column, bool) {
	ok := p.members(func(k string) bool {
		p.col = k
		dst = append(dst, pipeline.Column{Name: k})
		if !p.column(&dst[len(dst)-1]) {
			return false
		}
		p.col = ""
		return true
	})
	return dst, ok
}

// column parses the value at pos into c, keeping its JSON text in c.Raw
// whenever that text can be written out again as it is: always but for
// strings with escapes or invalid UTF-8, whose text is left to be encoded
// again from the decoded string.
func (p *jsonParser) column(c *pipeline.Column) bool {
	switch ch := p.peek(); {
	case ch == '"':
		start := p.pos
		s, ok := p.str()
		if !ok {
			return false
		}
		c.Kind, c.Str = pipeline.KindString, s
		if len(s) > 0 && unsafe.StringData(s) == unsafe.StringData(p.src[start+1:]) || len(s) == 0 && p.pos == start+2 {
			c.Raw = p.src[start:p.pos] // the parser's fast path: no escapes, valid UTF-8
		}
		return true
	case ch == '-' || (ch >= '0' && ch <= '9'):
		start := p.pos
		end, integer, ok := p.scanNumber()
		if !ok {
			return false
		}
		text := p.src[start:end]
		p.pos = end
		c.Raw = text
		if integer {
			if n, ok := parseInt(text); ok {
				c.Kind, c.Int = pipeline.KindInt, n
				return true
			}
		}
		c.Kind, c.Str = pipeline.KindNumber, text
		return true
	case ch == 't':
		c.Kind, c.Int, c.Raw = pipeline.KindBool, 1, "true"
		return p.literal("true")
	case ch == 'f':
		c.Kind, c.Raw = pipeline.KindBool, "false"
		return p.literal("false")
	case ch == 'n':
		c.Kind, c.Raw = pipeline.KindNull, "null"
		return p.literal("null")
	case ch == '{' || ch == '[':
		start := p.pos
		if !p.skip() {
			return false
		}
		c.Kind, c.Str = pipeline.KindJSON, p.src[start:p.pos]
		if strings.IndexByte(c.Str, '\\') >= 0 || !utf8.ValidString(c.Str) {
			// Escapes would hide characters from the detectors (an "@"
			// written \u0040) and invalid UTF-8 must not be copied out:
			// decode the value and write it again, as Decode's maps do.
			q := jsonParser{src: c.Str}
			v, _ := q.value() // skip has validated it
			c.Str = string(jsonw.AppendValue(nil, v))
		}
		c.Raw = c.Str
		return true
	case ch == 0 && p.pos >= len(p.src):
		return p.fail("unexpected end of input")
	}
	return p.fail("invalid character")
}

func (p *jsonParser) array() (any, bool) {
	if !p.enter() {
		return nil, false
	}
	defer p.leave()
	p.pos++ // '['
	a := []any{}
	if p.peek() == ']' {
		p.pos++
		return a, true
	}
	for {
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		a = append(a, v)
		switch p.peek() {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return a, true
		default:
			return nil, p.fail("expected ',' or ']'")
		}
	}
}

// str parses a string starting at the opening quote. Strings without escapes
// and with valid UTF-8 are returned as substrings of src without copying.
func (p *jsonParser) str() (string, bool) {
	start := p.pos + 1
	src := p.src
	// Most strings are a member's name or a short value that ends within
	// eight bytes: those are read here, in one word, without a call of
	// SkipPlain (whose call cost more than its loop).
	if start+8 <= len(src) {
		if m := jsonw.NotPlain8(jsonw.Load8(src, start)); m != 0 {
			if i := start + bits.TrailingZeros64(m)>>3; src[i] == '"' {
				p.pos = i + 1
				return src[start:i], true
			}
		}
	}
	ascii := true
	// Strings are most of an event's bytes: runs of bytes that stand for
	// themselves are stepped over eight at a time.
	for i := start; ; i++ {
		if i = jsonw.SkipPlain(src, i); i >= len(src) {
			break
		}
		switch c := src[i]; {
		case c == '"':
			s := src[start:i]
			if !ascii && !utf8.ValidString(s) {
				p.pos = start - 1
				return p.strSlow()
			}
			p.pos = i + 1
			return s, true
		case c == '\\':
			p.pos = start - 1
			return p.strSlow()
		case c < ' ':
			p.pos = i
			return "", p.fail("control character in string")
		default: // c >= utf8.RuneSelf
			ascii = false
		}
	}
	p.pos = len(p.src)
	return "", p.fail("unterminated string")
}

// strSlow decodes a string with escapes or invalid UTF-8 the way
// encoding/json does: invalid bytes and lone surrogates become U+FFFD.
func (p *jsonParser) strSlow() (string, bool) {
	i := p.pos + 1
	b := make([]byte, 0, 32)
	for i < len(p.src) {
		c := p.src[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(b), true
		case c == '\\':
			if i+1 >= len(p.src) {
				p.pos = i
				return "", p.fail("unterminated string")
			}
			switch e := p.src[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
				i += 2
			case 'b':
				b = append(b, '\b')
				i += 2
			case 'f':
				b = append(b, '\f')
				i += 2
			case 'n':
				b = append(b, '\n')
				i += 2
			case 'r':
				b = append(b, '\r')
				i += 2
			case 't':
				b = append(b, '\t')
				i += 2
			case 'u':
				r := hex4(p.src, i+2)
				if r < 0 {
					p.pos = i
					return "", p.fail("invalid \\u escape")
				}
				i += 6
				if utf16.IsSurrogate(r) {
					if r2 := hex4u(p.src, i); r2 >= 0 {
						if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
							b = utf8.AppendRune(b, dec)
							i += 6
							break
						}
					}
					r = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, r)
			default:
				p.pos = i
				return "", p.fail("invalid escape")
			}
		case c < ' ':
			p.pos = i
			return "", p.fail("control character in string")
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(p.src[i:])
			b = utf8.AppendRune(b, r)
			i += size
		}
	}
	p.pos = len(p.src)
	return "", p.fail("unterminated string")
}

// hex4 decodes four hex digits at src[i:], or returns -1.
func hex4(src string, i int) rune {
	if i+4 > len(src) {
		return -1
	}
	var r rune
	for _, c := range []byte(src[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// hex4u decodes "\uXXXX" at src[i:], or returns -1.
func hex4u(src string, i int) rune {
	if i+6 > len(src) || src[i] != '\\' || src[i+1] != 'u' {
		return -1
	}
	return hex4(src, i+2)
}

// scanNumber validates a JSON number at pos and reports its end and whether
// it is a plain integer.
func (p *jsonParser) scanNumber() (end int, integer bool, ok bool) {
	s, i := p.src, p.pos
	start := i
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = skipDigits(s, i+1)
	default:
		p.pos = i
		return 0, false, p.fail("invalid number")
	}
	integer = true
	if i < len(s) && s[i] == '.' {
		integer = false
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			p.pos = i
			return 0, false, p.fail("invalid number")
		}
		i = skipDigits(s, i+1)
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		integer = false
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			p.pos = i
			return 0, false, p.fail("invalid number")
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i, false, p.inRange(start, i)
	}
	if i-start >= 309 { // digits enough to pass the largest double (1.8e308: 309 digits)
		return i, integer, p.inRange(start, i)
	}
	return i, integer, true
}

// skipDigits returns the index of the first byte of s at or after i that
// is not an ASCII digit, or len(s). Debezium's envelope is mostly numbers of
// 13 to 19 digits (ts_ms, ts_us, ts_ns, twice an event): it looks at eight
// bytes at a time, as jsonw.SkipPlain does for strings (the loop over one
// byte at a time was 2% of an event's instructions).
func skipDigits(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		if m := notDigit8(jsonw.Load8(s, i)); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// notDigit8 is nonzero in each byte of x that is not an ASCII digit and
// zero in each that is: a digit's high nibble is 3, and its low nibble
// plus 6 stays below 16 (no byte carries into the next: at most 0x15).
func notDigit8(x uint64) uint64 {
	const hi4, lo4, three8, six8 = 0xf0f0f0f0f0f0f0f0, 0x0f0f0f0f0f0f0f0f, 0x3030303030303030, 0x0606060606060606
	return (x&hi4 ^ three8) | (x&lo4+six8)&hi4
}

// inRange reports whether the number src[start:end] is within the range of
// a double, as JSON readers need (1e999 is valid JSON that Go's
// encoding/json, JavaScript and most others refuse or read as infinity): a
// sanitized record must stay readable, and the record is dead-lettered.
// Kafka Connect's JsonConverter with decimal.format=NUMERIC writes a
// NUMERIC of PostgreSQL above it so.
func (p *jsonParser) inRange(start, end int) bool {
	if _, err := strconv.ParseFloat(p.src[start:end], 64); err != nil {
		p.pos = start
		return p.failValue("a number beyond the range of a double")
	}
	return true
}

// number parses a number: int64 when it is an integer that fits, otherwise
// json.Number holding the exact text.
func (p *jsonParser) number() (any, bool) {
	end, integer, ok := p.scanNumber()
	if !ok {
		return nil, false
	}
	text := p.src[p.pos:end]
	p.pos = end
	if integer {
		if n, ok := parseInt(text); ok {
			return n, true
		}
	}
	return json.Number(text), true
}

// parseInt parses a validated JSON integer without allocating; ok is false
// on overflow.
func parseInt(s string) (int64, bool) {
	neg := false
	if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	if len(s) > 19 {
		return 0, false
	}
	var u uint64
	for i := 0; i < len(s); i++ {
		u = u*10 + uint64(s[i]-'0')
	}
	if len(s) == 19 && s > "9223372036854775808" {
		return 0, false
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	if u > 1<<63-1 {
		return 0, false
	}
	return int64(u), true
}

// int parses an integer or null (as 0), for source and envelope fields.
func (p *jsonParser) int() (int64, bool) {
	switch c := p.peek(); {
	case c == 'n':
		return 0, p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.pos
		end, integer, ok := p.scanNumber()
		if !ok {
			return 0, false
		}
		if !integer {
			return 0, p.failType("integer")
		}
		n, ok := parseInt(p.src[start:end])
		if !ok {
			return 0, p.failValue("integer out of the 64-bit range")
		}
		p.pos = end
		return n, true
	}
	return 0, p.failType("integer")
}

// strOrNull parses a string or null (as "").
func (p *jsonParser) strOrNull() (string, bool) {
	switch p.peek() {
	case '"':
		return p.str()
	case 'n':
		return "", p.literal("null")
	}
	return "", p.failType("string")
}

// skip validates and skips any value without building it.
func (p *jsonParser) skip() bool {
	switch c := p.peek(); {
	case c == '{':
		return p.members(func(string) bool { return p.skip() })
	case c == '[':
		if !p.enter() {
			return false
		}
		p.pos++
		if p.peek() == ']' {
			p.pos++
			p.leave()
			return true
		}
		for {
			if !p.skip() {
				return false
			}
			switch p.peek() {
			case ',':
				p.pos++
			case ']':
				p.pos++
				p.leave()
				return true
			default:
				return p.fail("expected ',' or ']'")
			}
		}
	case c == '"':
		return p.skipString()
	case c == 't':
		return p.literal("true")
	case c == 'f':
		return p.literal("false")
	case c == 'n':
		return p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		end, _, ok := p.scanNumber()
		p.pos = end
		return ok
	case c == 0 && p.pos >= len(p.src):
		return p.fail("unexpected end of input")
	}
	return p.fail("invalid character")
}

// skipString validates a string's escapes without decoding it.
func (p *jsonParser) skipString() bool {
	src := p.src
	for i := p.pos + 1; ; i++ {
		// As in str: bytes that stand for themselves eight at a time.
		if i = jsonw.SkipPlain(src, i); i >= len(src) {
			break
		}
		switch c := src[i]; {
		case c == '"':
			p.pos = i + 1
			return true
		case c == '\\':
			if i+1 >= len(src) {
				p.pos = i
				return p.fail("unterminated string")
			}
			switch src[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if hex4(src, i+2) < 0 {
					p.pos = i
					return p.fail("invalid \\u escape")
				}
				i += 5
			default:
				p.pos = i
				return p.fail("invalid escape")
			}
		case c < ' ':
			p.pos = i
			return p.fail("control character in string")
		}
	}
	p.pos = len(p.src)
	return p.fail("unterminated string")
}
