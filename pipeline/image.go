package pipeline

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/lethe-cdc/lethe/pipeline/jsonw"
)

// Kind is the type of a Column's value.
type Kind uint8

// The kinds of column values.
const (
	KindNull   Kind = iota
	KindString      // Str holds the text
	KindInt         // Int holds the value
	KindBool        // Int holds 0 or 1
	KindNumber      // Str holds a JSON number that is not an int64
	KindJSON        // Str holds a nested object or array as JSON text
	KindOther       // Any holds a value of another type (Avro bytes, ...)
)

// Column is one column of a row image in the engine's working form, which
// needs neither a map per row nor an interface per value: the engine
// touches every column of every event, and those allocations and hash
// lookups were a third of its time.
type Column struct {
	Name string
	Kind Kind
	// Decoded: Str is what the record's base64 holds (a Connect Decimal's
	// digits, a bytea's text), which the detectors read; Raw is the
	// record's own text. The schema, or a value's shape, says it is base64,
	// but text can be both ("4111111111111111" is base64 too), so the
	// engine also reads the record's text (recordTexts).
	Decoded bool
	Str     string
	Int     int64
	Any     any
	// Raw is the value's JSON text exactly as the record held it, when the
	// decoder read JSON; a value written unchanged is copied from it rather
	// than encoded again. Empty when unknown.
	Raw string
}

// Image is a row image. Present is false when the record had none (a create
// has no before image, a delete no after image).
type Image struct {
	Present bool
	Cols    []Column
}

// Get returns the column called name, or nil.
func (im *Image) Get(name string) *Column {
	for i := range im.Cols {
		if im.Cols[i].Name == name {
			return &im.Cols[i]
		}
	}
	return nil
}

// SetRow fills im from a row, its columns sorted by name (a map has no
// order), reusing im's memory.
func (im *Image) SetRow(row Row) {
	im.Present, im.Cols = row != nil, im.Cols[:0]
	for name, v := range row {
		im.Cols = append(im.Cols, ColumnOf(name, v))
	}
	slices.SortFunc(im.Cols, func(a, b Column) int { return strings.Compare(a.Name, b.Name) })
}

// Flat is a decoded CDC event in the engine's working form. A lane keeps
// one and decodes every event into it, so its slices are reused.
type Flat struct {
	Op        Op
	Source    SourceInfo
	TsMs      int64
	Tombstone bool
	// Key is the record key's columns; not Present for a null key.
	Key, Before, After Image
}

// Reset empties f, keeping its memory.
func (f *Flat) Reset() {
	*f = Flat{Key: Image{Cols: f.Key.Cols[:0]}, Before: Image{Cols: f.Before.Cols[:0]}, After: Image{Cols: f.After.Cols[:0]}}
}

// SetChange fills f from a Change, reusing f's memory.
func (f *Flat) SetChange(c *Change) {
	f.Op, f.Source, f.TsMs, f.Tombstone = c.Op, c.Source, c.TsMs, c.Tombstone
	f.Key.SetRow(c.Key)
	f.Before.SetRow(c.Before)
	f.After.SetRow(c.After)
}

// FlatDecoder is implemented by decoders that can decode a record straight
// into the engine's working form, reusing dst's memory; the engine prefers
// it to Decode. The same rules apply: errors never hold a value.
type FlatDecoder interface {
	DecodeFlat(ctx context.Context, topic string, key, value []byte, dst *Flat) error
}

// ColumnOf converts a decoded value, as a Row holds it, to a Column.
func ColumnOf(name string, v any) Column {
	c := Column{Name: name}
	switch x := v.(type) {
	case nil:
	case string:
		c.Kind, c.Str = KindString, x
	case int64:
		c.Kind, c.Int = KindInt, x
	case int:
		c.Kind, c.Int = KindInt, int64(x)
	case int32:
		c.Kind, c.Int = KindInt, int64(x)
	case bool:
		c.Kind = KindBool
		if x {
			c.Int = 1
		}
	case json.Number:
		c.Kind, c.Str = KindNumber, string(x)
	default: // floats, nested maps and slices, bytes: rendered as before

		c.Kind, c.Any = KindOther, v
	}
	return c
}

// same reports whether o holds the same value as c. Values of other types
// are never the same: they may not be comparable.
func (c *Column) same(o *Column) bool {
	return c.Kind == o.Kind && c.Kind != KindOther && c.Int == o.Int && c.Str == o.Str
}

// zeroNumber reports a number equal to zero in any of its forms (0, 0.00,
// -0, 0E-10), also a string of one ("0.00"): what Debezium writes for a
// NOT NULL numeric column it was not sent a value for, a string under
// decimal.handling.mode=string.
func (c *Column) zeroNumber() bool {
	switch c.Kind {
	case KindInt:
		return c.Int == 0
	case KindNumber:
		m, _, _ := strings.Cut(strings.ToLower(c.Str), "e")
		return strings.ContainsRune(m, '0') && strings.Trim(m, "+-.0") == ""
	case KindString:
		// A NUMERIC under decimal.handling.mode=string: Debezium 3.6
		// writes its stand-in as "0" or "0.00" (seen on the real stack).
		return strings.ContainsRune(c.Str, '0') && strings.Trim(c.Str, "-.0") == "" && strings.Count(c.Str, ".") <= 1
	case KindOther:
		switch x := c.Any.(type) {
		case float64:
			return x == 0
		case float32:
			return x == 0
		}
	}
	return false
}

// smallInt reports an integer too short to be a phone number or any other
// identifier detectors look for (fewer than seven digits).
func (c *Column) smallInt() bool {
	return c.Kind == KindInt && c.Int > -1_000_000 && c.Int < 1_000_000
}

// UnavailableValue is what Debezium writes, by default
// (unavailable.value.placeholder), for a column whose value it does not
// have: an unchanged TOASTed column of an update under REPLICA IDENTITY
// DEFAULT. It says "unchanged", not a value: passed on as it is, it tells
// holders to keep theirs; replaced (a pseudonym of the placeholder), it
// would overwrite their copy with a wrong value.
const UnavailableValue = "__debezium_unavailable_value"

// placeholder recognises Debezium's unavailable.value.placeholder (a
// connector's own, or UnavailableValue) in the forms its PostgreSQL
// connector writes it (UnchangedToastedPlaceholder): as a string, as bytes
// or their base64, for an array as a list of the string, of its bytes (a
// bytea[]; base64 in JSON), of its name UUID (a uuid[]) or of the
// string's bytes as numbers (int and bigint arrays), and for an hstore as
// the map of the string to itself, or that map's JSON text
// (hstore.handling.mode=json). A review saw the hstore and uuid[] forms
// pseudonymised under a column rule: holders would have written the
// pseudonym over their copy.
type placeholder struct {
	str     string // the placeholder
	b64     string // its bytes in schemaless JSON
	uuid    string // its name UUID (Java's UUID.nameUUIDFromBytes), a uuid[]'s element
	quoted  string // as it appears inside a JSON string
	numbers string // the start of its bytes as a JSON list of numbers, without blanks
}

// newPlaceholder returns the placeholder s; UnavailableValue when s is "".
func newPlaceholder(s string) *placeholder {
	if s == "" {
		s = UnavailableValue
	}
	q := jsonw.AppendString(nil, s)
	nums := []byte{'['}
	for i := range min(len(s), 5) {
		if i > 0 {
			nums = append(nums, ',')
		}
		nums = strconv.AppendInt(nums, int64(s[i]), 10)
	}
	if len(s) > 5 {
		nums = append(nums, ',')
	} else {
		nums = append(nums, ']')
	}
	return &placeholder{str: s, b64: base64.StdEncoding.EncodeToString([]byte(s)), uuid: nameUUID(s),
		quoted: string(q[1 : len(q)-1]), numbers: string(nums)}
}

// nameUUID is Java's UUID.nameUUIDFromBytes of s: the MD5 of its bytes as
// a version 3 UUID, which Debezium writes for an unchanged uuid[].
func nameUUID(s string) string {
	h := md5.Sum([]byte(s))
	h[6] = h[6]&0x0f | 0x30
	h[8] = h[8]&0x3f | 0x80
	x := hex.EncodeToString(h[:])
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// of reports whether c is the placeholder: Debezium's "unchanged, not
// sent", not a value.
func (p *placeholder) of(c *Column) bool {
	switch c.Kind {
	case KindString:
		return c.Str == p.str || c.Str == p.b64 || p.hstore(c.Str)
	case KindJSON:
		return len(c.Str) > 2 && (c.Str[0] == '[' && p.list(c.Str) || p.hstore(c.Str))
	case KindOther:
		switch x := c.Any.(type) {
		case []byte:
			return string(x) == p.str
		case []any:
			return p.items(x)
		case map[string]any:
			v, ok := x[p.str].(string)
			return ok && len(x) == 1 && v == p.str
		}
	}
	return false
}

// hstore reports the JSON object of the placeholder to itself: an hstore
// Debezium did not send, as a map or as its JSON text.
func (p *placeholder) hstore(s string) bool {
	// Every string value is asked: the first byte decides for nearly all
	// (Debezium writes the object with no blank before it).
	if len(s) < 2 || s[0] != '{' || len(s) > 2*len(p.quoted)+16 || !strings.Contains(s, p.quoted) {
		return false // not that object (no decoding for every object column)
	}
	var m map[string]string
	return json.Unmarshal([]byte(s), &m) == nil && len(m) == 1 && m[p.str] == p.str
}

// list reports a JSON array that is the placeholder for an array.
func (p *placeholder) list(s string) bool {
	if len(s) > 8*len(p.str)+64 || !strings.Contains(s, p.quoted) && !strings.Contains(s, p.b64) && !strings.Contains(s, p.uuid) &&
		!strings.HasPrefix(strings.ReplaceAll(s[:min(len(s), 2*len(p.numbers))], " ", ""), p.numbers) {
		return false // far longer than every form, or none (no decoding for every array column)
	}
	var items []any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	return d.Decode(&items) == nil && p.items(items)
}

// items reports a list that is the placeholder for an array: the
// placeholder string alone, or its bytes as numbers.
func (p *placeholder) items(items []any) bool {
	if len(items) == 1 {
		switch x := items[0].(type) {
		case string:
			return x == p.str || x == p.b64 || x == p.uuid
		case []byte:
			return string(x) == p.str
		}
	}
	if len(items) != len(p.str) {
		return false
	}
	for i, it := range items {
		if fmt.Sprint(it) != strconv.Itoa(int(p.str[i])) {
			return false
		}
	}
	return true
}

// ownJSON reports an array or object whose text, which the detectors read
// (text), is what the record would hold were nothing replaced: a JSON
// column's as it came (but for numbers in exponent notation written
// plainly), a nested value of another decoder (an Avro record, array or
// map) as it is written. Not one the detectors read decoded (a bytea[]'s
// elements as text, nested bytes): written in its place, that would change
// what a consumer reads.
func (c *Column) ownJSON(text string) bool {
	switch c.Kind {
	case KindJSON:
		return c.Raw == "" || c.Raw == c.Str
	case KindOther:
		switch c.Any.(type) {
		case map[string]any, []any:
			// As text writes numbers: 2.5e+06 and 1.5e3 as 2500000 and 1500.
			return plainNumbersIn(string(c.appendJSON(nil))) == text
		}
	}
	return false
}

// jsonText reports whether text renders the value as JSON (a JSON column,
// a nested value), whose strings hold their text with JSON's escapes.
func (c *Column) jsonText() bool {
	switch c.Kind {
	case KindJSON:
		return true
	case KindOther:
		switch c.Any.(type) {
		case map[string]any, []any:
			return true
		}
	}
	return false
}

// isText reports a string or bytes value: scanned whatever its length.
func (c *Column) isText() bool {
	if c.Kind == KindOther {
		_, ok := c.Any.([]byte)
		return ok
	}
	return c.Kind == KindString
}

// binary reports bytes that are not text (Charset.BytesText): an image, a
// hash, a ciphertext, which the detectors do not read, as the JSON decoder
// leaves the base64 of such bytes in a record undecoded. text still renders
// them as the bytes themselves, what a column rule's pseudonym or token is
// of. Whether bytes are text does not depend on the legacy code page.
func (c *Column) binary() bool {
	if c.Kind != KindOther {
		return false
	}
	b, ok := c.Any.([]byte)
	if !ok {
		return false
	}
	_, text := DefaultCharset.BytesText(b)
	return !text
}

// text renders the value as the text detectors see; nested values as JSON,
// null and booleans as nothing; bytes that are text in cs, the legacy code
// page, as that text.
func (c *Column) text(cs Charset) string {
	switch c.Kind {
	case KindString:
		return wholeNumber(c.Str)
	case KindJSON:
		return plainNumbersIn(c.Str)
	case KindNumber:
		return wholeNumber(plainNumber(c.Str))
	case KindInt:
		if c.Raw != "" {
			return c.Raw
		}
		return strconv.FormatInt(c.Int, 10)
	case KindOther:
		switch x := c.Any.(type) {
		case string:
			return x
		case []byte:
			return bytesString(x, cs)
		case float64:
			return plainNumber(strconv.FormatFloat(x, 'g', -1, 64))
		case float32:
			return plainNumber(strconv.FormatFloat(float64(x), 'g', -1, 32))
		}
		b := jsonw.AppendValue(nil, bytesAsText(c.Any, cs))
		if len(b) > 1 && b[0] == '"' { // a type that marshals as a string
			return string(b[1 : len(b)-1])
		}
		return plainNumbersIn(string(b))
	}
	return ""
}

// recordTexts returns the strings a Decoded value's record held as base64
// (a Decimal's or bytes' string, a VariableScaleDecimal's "value", the
// elements of an array of them), or none when they hold fewer than six
// digits between them: every detector whose finding there counts
// (lane.readRecordText) needs more.
func (c *Column) recordTexts() []string {
	digits := 0
	for i := 0; i < len(c.Raw) && digits < 6; i++ {
		if c.Raw[i] >= '0' && c.Raw[i] <= '9' {
			digits++
		}
	}
	if digits < 6 {
		return nil
	}
	var texts []string
	var walk func(raw []byte)
	walk = func(raw []byte) {
		var s string
		var obj struct{ Value *string }
		var arr []json.RawMessage
		switch {
		case json.Unmarshal(raw, &s) == nil:
			texts = append(texts, s)
		case json.Unmarshal(raw, &arr) == nil:
			for _, e := range arr {
				walk(e)
			}
		case json.Unmarshal(raw, &obj) == nil && obj.Value != nil:
			texts = append(texts, *obj.Value)
		}
	}
	walk([]byte(c.Raw))
	return texts
}

// exact returns a string value as the record wrote it, where text gives
// the detectors another view of it (a decimal's zero fraction, numbers in
// exponent notation written plainly): what a token must give back, and
// what keeps two keys apart that are two rows to the database
// ("4111111111111111.00" and "4111111111111111.0" in a text column).
// Numbers are compared as numbers, so they keep text's view.
func (c *Column) exact(cs Charset) string {
	if c.Kind == KindString || c.Kind == KindJSON {
		return c.Str
	}
	if c.Kind == KindBool {
		return strconv.FormatBool(c.Int != 0)
	}
	return c.text(cs)
}

// wholeNumber returns a decimal whose fraction is only zeros as its whole
// part ("4111111111111111.00" as "4111111111111111"), and any other text
// as it is: a NUMERIC(20,2) or money column, and Debezium's
// decimal.handling.mode=string, write a card number so, which the
// detectors do not take for one.
func wholeNumber(s string) string {
	dot := strings.IndexByte(s, '.')
	if dot < 1 || dot == len(s)-1 || strings.Trim(s[dot+1:], "0") != "" || strings.Trim(strings.TrimPrefix(s[:dot], "-"), "0123456789") != "" {
		return s
	}
	return s[:dot]
}

// plainNumbersIn returns JSON text with the numbers in it that are in
// exponent notation written in plain digits (plainNumber), for the
// detectors: a double[] column or a point came as
// [4.91711234567E11,4.111111111111111E15], and a leak hunt found the
// phone and card number in it raw. Text without such a number is
// returned as it is.
func plainNumbersIn(s string) string {
	var b []byte
	last := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"': // step over a string
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case c == '-' || c >= '0' && c <= '9':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == 'e' || s[j] == 'E' || s[j] == '+' || s[j] == '-') {
				j++
			}
			if p := plainNumber(s[i:j]); p != s[i:j] {
				b = append(append(b, s[last:i]...), p...)
				last = j
			}
			i = j - 1
		}
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

// bytesAsText returns v, a nested value (an Avro record, array or map),
// with the bytes in it that are text as text, for the detectors: written as JSON they
// are base64, and an e-mail address in a bytea[] column went out raw (a
// leak hunt). v itself is not changed: it is what a value without
// personal data is written as; a value without bytes is returned as it is.
func bytesAsText(v any, cs Charset) any {
	t, _ := withBytesAsText(v, cs)
	return t
}

// withBytesAsText is bytesAsText, one walk of v: it copies an array or a
// map only from its first element that holds bytes that are text, and
// reports whether it did. Bytes that are not text (Charset.BytesText) stay bytes,
// written as base64 as the JSON decoder leaves them in a bytea[]: read as
// text, random bytes hold what detectors take for e-mail addresses, and
// an array of images went out as the text of one, its bytes lost.
func withBytesAsText(v any, cs Charset) (any, bool) {
	switch x := v.(type) {
	case []byte:
		t, ok := cs.BytesText(x)
		if !ok {
			return v, false
		}
		return t, true
	case []any:
		var out []any
		for i, e := range x {
			t, ok := withBytesAsText(e, cs)
			if ok && out == nil {
				out = slices.Clone(x)
			}
			if out != nil {
				out[i] = t
			}
		}
		if out == nil {
			return v, false
		}
		return out, true
	case map[string]any:
		var out map[string]any
		for k, e := range x {
			t, ok := withBytesAsText(e, cs)
			if ok && out == nil {
				out = maps.Clone(x)
			}
			if out != nil {
				out[k] = t
			}
		}
		if out == nil {
			return v, false
		}
		return out, true
	}
	return v, false
}

// bytesString is bytes as text: their text in cs (Charset.BytesText), or
// else the bytes themselves, which the detectors do not read
// (Column.binary) but a column rule's pseudonym or token is of.
func bytesString(b []byte, cs Charset) string {
	if t, ok := cs.BytesText(b); ok {
		return t
	}
	return string(b)
}

// appendJSON writes the value as JSON: the record's own text when known.
func (c *Column) appendJSON(b []byte) []byte {
	if c.Raw != "" {
		return append(b, c.Raw...)
	}
	switch c.Kind {
	case KindNull:
		return append(b, "null"...)
	case KindString:
		return jsonw.AppendString(b, c.Str)
	case KindInt:
		return strconv.AppendInt(b, c.Int, 10)
	case KindBool:
		return strconv.AppendBool(b, c.Int != 0)
	case KindNumber, KindJSON:
		return append(b, c.Str...)
	}
	return jsonw.AppendValue(b, c.Any)
}

// maxShift bounds the exponent plainNumber writes out: 40 digits hold any
// number a detector looks for.
const maxShift = 40

// plainNumber writes a JSON number in exponent notation in plain digits
// ("4.539578763621486E15" as "4539578763621486"), and returns any other
// text as it is. Kafka Connect writes a double as Java's Double.toString
// does, in exponent notation from 10^7 up, and Go's 'g' format from 10^21
// (or 10^7 for a float32): a card or phone number in a column that
// Debezium writes as a double (decimal.handling.mode=double) reached the
// detectors as a mantissa and an exponent, and went out raw. The digits
// are the number's own; no rounding through a float.
func plainNumber(s string) string {
	e := strings.IndexAny(s, "eE")
	if e < 0 {
		return s
	}
	exp, err := strconv.Atoi(s[e+1:])
	if err != nil || exp < -maxShift || exp > maxShift {
		return s
	}
	mant, sign := s[:e], ""
	if strings.HasPrefix(mant, "-") {
		mant, sign = mant[1:], "-"
	}
	whole, frac, _ := strings.Cut(mant, ".")
	if whole == "" || strings.Trim(whole+frac, "0123456789") != "" {
		return s
	}
	digits, point := whole+frac, len(whole)+exp // the decimal point falls after digits[:point]
	switch {
	case point <= 0:
		digits, point = strings.Repeat("0", 1-point)+digits, 1
	case point > len(digits):
		digits += strings.Repeat("0", point-len(digits))
	}
	intPart, fracPart := strings.TrimLeft(digits[:point], "0"), strings.TrimRight(digits[point:], "0")
	if intPart == "" {
		intPart = "0"
	}
	if fracPart != "" {
		return sign + intPart + "." + fracPart
	}
	return sign + intPart
}
