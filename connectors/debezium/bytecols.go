package debezium

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/jsonw"
)

// Kafka Connect's JsonConverter writes a Connect "bytes" value as base64
// text, and Debezium makes bytes of two kinds of column: decimals, in its
// default decimal.handling.mode=precise (NUMERIC and DECIMAL as a
// Connect Decimal, unscaled and two's complement; NUMERIC without a
// precision as a VariableScaleDecimal struct of scale and bytes), and
// binary columns (bytea) in binary.handling.mode=bytes. Read as text, a
// phone or card number kept in a NUMERIC column, or an e-mail address in
// a bytea one, is base64 that no detector can see through, and it went
// out raw. A schema block says which columns are such bytes; byteCols is
// what it says, and apply gives the detectors the value behind the
// base64. The record's own text stays the value's Raw, so a value that
// holds nothing personal is written out exactly as it came.
//
// Without a schema block (schemas.enable=false) base64 cannot be told
// from text, and lethe does not guess: set Debezium's
// decimal.handling.mode to string (or double) and binary.handling.mode to
// a mode the detectors can read, or keep the schemas (README).

// byteKind is how a column's bytes encode its value.
type byteKind uint8

const (
	bytesDecimal    byteKind = iota + 1 // org.apache.kafka.connect.data.Decimal: base64 of the unscaled value
	bytesVarDecimal                     // io.debezium.data.VariableScaleDecimal: {"scale":N,"value":base64}
	bytesBinary                         // plain Connect bytes: base64 of the column's bytes
	bytesArray                          // an array of one of the above (numeric[], bytea[])
)

// byteCol is one column written as bytes.
type byteCol struct {
	kind  byteKind
	scale int      // of a Decimal
	elem  *byteCol // of an array
}

// maxScale bounds the scale of a decimal lethe renders: a phone or card
// number has none, and a scale of thousands (which a record's own
// VariableScaleDecimal may claim) would cost a string that long per
// value. Negative scales (Oracle's NUMBER(p,-s)) multiply by ten.
const maxScale = 64

// byteCols maps the names of a schema's byte columns to how they are
// written; nil when it has none, as most schemas.
type byteCols map[string]byteCol

// connectSchema is the part of a Connect JSON schema block byteCols reads.
type connectSchema struct {
	Type       string          `json:"type"`
	Name       string          `json:"name"`
	Field      string          `json:"field"`
	Parameters map[string]any  `json:"parameters"`
	Fields     []connectSchema `json:"fields"`
	Items      *connectSchema  `json:"items"`
}

// byteColsOf reads the byte columns of a key's or an envelope's schema
// block: the fields of the envelope's before and after structs, and the
// key's own fields. A block it cannot read has none (the parser has
// checked that it is JSON; its shape is the converter's).
func byteColsOf(block string) byteCols {
	var s connectSchema
	if json.Unmarshal([]byte(block), &s) != nil {
		return nil
	}
	var bc byteCols
	add := func(f *connectSchema) {
		c, ok := byteColOf(f)
		if !ok {
			return
		}
		if bc == nil {
			bc = byteCols{}
		}
		bc[f.Field] = c
	}
	for i := range s.Fields {
		f := &s.Fields[i]
		if (f.Field == "before" || f.Field == "after") && f.Type == "struct" {
			for k := range f.Fields {
				add(&f.Fields[k])
			}
			continue
		}
		add(f) // a key column
	}
	return bc
}

// byteColOf says whether the field f is a column written as bytes, and how.
func byteColOf(f *connectSchema) (byteCol, bool) {
	switch {
	case f.Type == "bytes" && f.Name == "org.apache.kafka.connect.data.Decimal":
		scale, ok := 0, true
		switch s := f.Parameters["scale"].(type) {
		case string:
			var err error
			scale, err = strconv.Atoi(s)
			ok = err == nil
		case float64:
			scale = int(s)
		}
		if !ok {
			scale = maxScale + 1 // unreadable: decode reads the digits (digitsText)
		}
		return byteCol{kind: bytesDecimal, scale: scale}, true
	case f.Type == "struct" && f.Name == "io.debezium.data.VariableScaleDecimal":
		return byteCol{kind: bytesVarDecimal}, true
	case f.Type == "bytes" && f.Name == "":
		return byteCol{kind: bytesBinary}, true
	case f.Type == "array" && f.Items != nil && f.Items.Type != "array":
		elem, ok := byteColOf(f.Items)
		if !ok {
			return byteCol{}, false
		}
		return byteCol{kind: bytesArray, elem: &elem}, true
	}
	return byteCol{}, false
}

// apply turns im's byte columns into what they hold, for the detectors: a
// decimal into its number, binary that is text (UTF-8, UTF-16 or cs) into
// the text. Values that do not decode stay as they are.
func (bc byteCols) apply(im *pipeline.Image, cs pipeline.Charset) {
	for i := range im.Cols {
		if how, ok := bc[im.Cols[i].Name]; ok {
			how.decode(&im.Cols[i], cs)
		}
	}
}

// varDecimals decodes, in an image that came without a schema, the values
// that can only be Debezium's VariableScaleDecimal (a NUMERIC without
// precision): objects of a scale and a base64 value, as JsonConverter
// writes them ({"scale":0,"value":"cnxGAgc="}), and arrays of them
// (numeric[]). Other bytes cannot be told from text without the schema.
func varDecimals(im *pipeline.Image) {
	for i := range im.Cols {
		c := &im.Cols[i]
		if c.Kind != pipeline.KindJSON {
			continue
		}
		switch varDecimalShape(c.Str) { // decimals, no text: no code page
		case '{':
			byteCol{kind: bytesVarDecimal}.decode(c, pipeline.DefaultCharset)
		case '[': // numeric[]
			byteCol{kind: bytesArray, elem: &byteCol{kind: bytesVarDecimal}}.decode(c, pipeline.DefaultCharset)
		}
	}
}

// varDecimalShape returns '{' for JSON text that may be a
// VariableScaleDecimal, '[' for an array that may hold them, and 0 for
// neither. It is a cheap filter, decode tells for sure: the members'
// order and the blanks between them are the writer's choice (a transform
// that re-serialises the record may change both), and a member's name may
// be escaped.
func varDecimalShape(s string) byte {
	t := strings.TrimLeft(s, " \t\r\n")
	if !strings.Contains(t, `scale"`) && !strings.Contains(t, `\u`) {
		return 0
	}
	switch {
	case strings.HasPrefix(t, "{"):
		return '{'
	case strings.HasPrefix(t, "[") && strings.HasPrefix(strings.TrimLeft(t[1:], " \t\r\n"), "{"):
		return '['
	}
	return 0
}

// decode turns c, written as how says, into what it holds, and reports
// whether it did. The record's own text stays c's Raw, so a value that
// holds nothing personal is written out exactly as it came. Binary text
// that is not UTF-8 or UTF-16 is read in cs.
func (how byteCol) decode(c *pipeline.Column, cs pipeline.Charset) bool {
	var text string
	number := false
	switch how.kind {
	case bytesDecimal:
		if c.Kind != pipeline.KindString {
			return false
		}
		b, err := base64.StdEncoding.DecodeString(c.Str)
		if err != nil {
			return false
		}
		if text, number = digitsText(b, how.scale); !number {
			return false
		}
	case bytesVarDecimal:
		if c.Kind != pipeline.KindJSON {
			return false
		}
		// Exactly the struct's two fields, by their exact names
		// (encoding/json would match "Value" too).
		var m map[string]json.RawMessage
		var scale int
		var value string
		if json.Unmarshal([]byte(c.Str), &m) != nil || len(m) != 2 ||
			json.Unmarshal(m["scale"], &scale) != nil || json.Unmarshal(m["value"], &value) != nil {
			return false
		}
		b, err := base64.StdEncoding.DecodeString(value)
		if err != nil {
			return false
		}
		if text, number = digitsText(b, scale); !number {
			return false
		}
	case bytesArray:
		if c.Kind != pipeline.KindJSON {
			return false
		}
		var ok bool
		if text, ok = how.elem.decodeArray(c.Str, cs); !ok {
			return false
		}
	case bytesBinary:
		if c.Kind != pipeline.KindString {
			return false
		}
		b, err := base64.StdEncoding.DecodeString(c.Str)
		if err != nil {
			return false
		}
		var ok bool
		if text, ok = cs.BytesText(b); !ok {
			return false // bytes that are not text: nothing to read
		}
	default:
		return false
	}
	if c.Raw == "" { // the parser unescaped the record's text, or a test built c
		if c.Kind == pipeline.KindString {
			c.Raw = string(jsonw.AppendString(nil, c.Str))
		} else {
			c.Raw = c.Str
		}
	}
	c.Str, c.Decoded = text, true
	if number {
		c.Kind = pipeline.KindNumber
	}
	return true
}

// decimalText renders a decimal's unscaled bytes with its scale, within
// the bounds lethe renders (maxDecimalBytes, maxScale); false outside
// them, or for no bytes at all.
func decimalText(b []byte, scale int) (string, bool) {
	if len(b) == 0 || len(b) > maxDecimalBytes || scale < -maxScale || scale > maxScale {
		return "", false
	}
	return scaledDecimal(b, scale), true
}

// digitsText is decimalText for the detectors, or for a scale outside
// lethe's bounds (or one the schema writes unreadably) the unscaled value's
// digits: a phone or card number's digits are the same at any scale, and
// a review found one in a column whose schema had an unreadable scale
// passed on as base64, unscanned. Only the detectors read it: a value in
// which they find nothing goes out as the record had it.
func digitsText(b []byte, scale int) (string, bool) {
	if scale < -maxScale || scale > maxScale {
		scale = 0
	}
	return decimalText(b, scale)
}

// decodeArray renders a JSON array of values written as how says as the
// JSON array of what they hold (numbers, and text as strings), for the
// detectors; false when arr is not such an array or holds nothing to
// decode.
func (how byteCol) decodeArray(arr string, cs pipeline.Charset) (string, bool) {
	var elems []json.RawMessage
	if json.Unmarshal([]byte(arr), &elems) != nil {
		return "", false
	}
	b, decoded := []byte{'['}, false
	for i, raw := range elems {
		if i > 0 {
			b = append(b, ',')
		}
		e := pipeline.Column{Kind: pipeline.KindJSON, Str: string(raw)}
		if json.Unmarshal(raw, &e.Str) == nil {
			e.Kind = pipeline.KindString
		}
		switch {
		case string(raw) == "null" || !how.decode(&e, cs):
			// A NULL element is JSON's null, which Unmarshal leaves
			// as e's text "null": also base64 (of 9e e9 65), which a
			// numeric[]'s NULL read as -6362779.
			b = append(b, raw...) // as it was
		case e.Kind == pipeline.KindNumber:
			b, decoded = append(b, e.Str...), true
		default:
			b, decoded = jsonw.AppendString(b, e.Str), true
		}
	}
	return string(append(b, ']')), decoded
}

// scaledDecimal renders a Connect decimal's unscaled bytes with its scale;
// a negative scale appends zeros ("12" with scale -2 is 1200).
func scaledDecimal(b []byte, scale int) string {
	if scale >= 0 {
		return decimalString(b, scale)
	}
	n := decimalString(b, 0)
	if n == "0" {
		return n
	}
	return n + strings.Repeat("0", -scale)
}
