package debezium

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"unicode/utf8"

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
)

// byteCol is one column written as bytes.
type byteCol struct {
	kind  byteKind
	scale int // of a Decimal
}

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
		if !ok || scale < 0 || scale > 1000 {
			return byteCol{}, false
		}
		return byteCol{kind: bytesDecimal, scale: scale}, true
	case f.Type == "struct" && f.Name == "io.debezium.data.VariableScaleDecimal":
		return byteCol{kind: bytesVarDecimal}, true
	case f.Type == "bytes" && f.Name == "":
		return byteCol{kind: bytesBinary}, true
	}
	return byteCol{}, false
}

// apply turns im's byte columns into what they hold, for the detectors: a
// decimal into its number, binary that is UTF-8 text into the text. Values
// that do not decode stay as they are.
func (bc byteCols) apply(im *pipeline.Image) {
	for i := range im.Cols {
		c := &im.Cols[i]
		how, ok := bc[c.Name]
		if !ok {
			continue
		}
		raw := c.Raw
		switch how.kind {
		case bytesDecimal:
			if c.Kind != pipeline.KindString {
				continue
			}
			b, err := base64.StdEncoding.DecodeString(c.Str)
			if err != nil || len(b) == 0 || len(b) > maxDecimalBytes {
				continue
			}
			if raw == "" {
				raw = string(jsonw.AppendString(nil, c.Str))
			}
			c.Kind, c.Str = pipeline.KindNumber, decimalString(b, how.scale)
		case bytesVarDecimal:
			if c.Kind != pipeline.KindJSON {
				continue
			}
			var v struct {
				Scale *int    `json:"scale"`
				Value *string `json:"value"`
			}
			if json.Unmarshal([]byte(c.Str), &v) != nil || v.Scale == nil || v.Value == nil || *v.Scale < 0 || *v.Scale > 1000 {
				continue
			}
			b, err := base64.StdEncoding.DecodeString(*v.Value)
			if err != nil || len(b) == 0 || len(b) > maxDecimalBytes {
				continue
			}
			c.Kind, c.Str = pipeline.KindNumber, decimalString(b, *v.Scale)
		case bytesBinary:
			if c.Kind != pipeline.KindString {
				continue
			}
			b, err := base64.StdEncoding.DecodeString(c.Str)
			if err != nil || !utf8.Valid(b) {
				continue // bytes that are not text: nothing to read
			}
			if raw == "" {
				raw = string(jsonw.AppendString(nil, c.Str))
			}
			c.Str = string(b)
		}
		c.Raw = raw
	}
}
