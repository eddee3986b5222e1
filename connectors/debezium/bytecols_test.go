package debezium

import (
	"encoding/base64"
	"math/big"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/lethe-cdc/lethe/pipeline"
)

// TestByteColsOf reads which columns a Connect schema block declares as
// bytes: Debezium's precise decimals, its variable-scale decimals and
// plain binary columns, in an envelope's before and after and in a key.
func TestByteColsOf(t *testing.T) {
	value := `{"type":"struct","fields":[
	  {"type":"struct","fields":[
	    {"type":"int64","optional":false,"field":"id"},
	    {"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2","connect.decimal.precision":"10"},"field":"balance"},
	    {"type":"struct","fields":[{"type":"int32","optional":false,"field":"scale"},{"type":"bytes","optional":false,"field":"value"}],"optional":true,"name":"io.debezium.data.VariableScaleDecimal","version":1,"field":"phone_number"},
	    {"type":"bytes","optional":true,"field":"raw"},
	    {"type":"bytes","optional":true,"name":"io.debezium.data.Bits","version":1,"parameters":{"length":"8"},"field":"flags"},
	    {"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"x"},"field":"bad_scale"},
	    {"type":"string","optional":true,"field":"email"},
	    {"type":"array","items":{"type":"bytes","optional":true},"optional":true,"field":"blobs"},
	    {"type":"array","items":{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"0"}},"optional":true,"field":"phones"},
	    {"type":"array","items":{"type":"string","optional":true},"optional":true,"field":"tags"},
	    {"type":"array","items":{"type":"array","items":{"type":"bytes"}},"optional":true,"field":"nested"}],"optional":true,"name":"crm.public.t.Value","field":"before"},
	  {"type":"struct","fields":[
	    {"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"0"},"field":"card_number"}],"optional":true,"name":"crm.public.t.Value","field":"after"},
	  {"type":"struct","fields":[{"type":"bytes","optional":true,"field":"in_source"}],"optional":false,"field":"source"},
	  {"type":"string","optional":false,"field":"op"}],"optional":false,"name":"crm.public.t.Envelope"}`
	key := `{"type":"struct","fields":[{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"0"},"field":"id"}],"optional":false,"name":"crm.public.t.Key"}`
	tests := []struct {
		name, block string
		want        byteCols
	}{
		{"envelope", value, byteCols{
			"balance":      {kind: bytesDecimal, scale: 2},
			"bad_scale":    {kind: bytesDecimal, scale: maxScale + 1}, // read as its digits
			"phone_number": {kind: bytesVarDecimal},
			"raw":          {kind: bytesBinary},
			"card_number":  {kind: bytesDecimal},
			"blobs":        {kind: bytesArray, elem: &byteCol{kind: bytesBinary}},
			"phones":       {kind: bytesArray, elem: &byteCol{kind: bytesDecimal}},
		}},
		{"key", key, byteCols{"id": {kind: bytesDecimal}}},
		{"no byte columns", `{"type":"struct","fields":[{"type":"string","field":"email"}]}`, nil},
		{"not a schema", `{"type":[1,2]}`, nil},
	}
	for _, tt := range tests {
		if got := byteColsOf(tt.block); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestByteColsApply checks what the detectors get to read of byte
// columns, and that the record's own text stays what is written out.
func TestByteColsApply(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString
	card := b64(big.NewInt(4111111111111111).Bytes()) // unscaled, big-endian, the top bit clear
	neg := b64([]byte{0xff, 0x85})                    // -123 in two's complement
	mail := b64([]byte("Kontakt: anna@example.de"))
	bc := byteCols{
		"card": {kind: bytesDecimal}, "neg": {kind: bytesDecimal, scale: 2}, "var": {kind: bytesVarDecimal},
		"raw": {kind: bytesBinary}, "png": {kind: bytesBinary}, "bad": {kind: bytesDecimal}, "none": {kind: bytesBinary},
	}
	str := func(name, s string) pipeline.Column {
		return pipeline.Column{Name: name, Kind: pipeline.KindString, Str: s, Raw: `"` + s + `"`}
	}
	varDec := `{"scale":0,"value":"` + b64(big.NewInt(491711234567).Bytes()) + `"}`
	im := pipeline.Image{Present: true, Cols: []pipeline.Column{
		str("card", card), str("neg", neg), {Name: "var", Kind: pipeline.KindJSON, Str: varDec, Raw: varDec},
		str("raw", mail), str("png", b64([]byte{0x89, 'P', 'N', 'G', 0xff, 0xfe})), str("bad", "not base64!"),
		{Name: "none", Kind: pipeline.KindNull, Raw: "null"}, str("other", mail),
	}}
	bc.apply(&im, pipeline.DefaultCharset)
	want := []struct {
		kind     pipeline.Kind
		str, raw string
	}{
		{pipeline.KindNumber, "4111111111111111", `"` + card + `"`},
		{pipeline.KindNumber, "-1.23", `"` + neg + `"`},
		{pipeline.KindNumber, "491711234567", varDec},
		{pipeline.KindString, "Kontakt: anna@example.de", `"` + mail + `"`},
		{pipeline.KindString, im.Cols[4].Raw[1 : len(im.Cols[4].Raw)-1], im.Cols[4].Raw}, // not text: as it came
		{pipeline.KindString, "not base64!", `"not base64!"`},
		{pipeline.KindNull, "", "null"},
		{pipeline.KindString, mail, `"` + mail + `"`}, // not a byte column
	}
	for i, w := range want {
		c := im.Cols[i]
		if c.Kind != w.kind || c.Str != w.str || c.Raw != w.raw {
			t.Errorf("%s: kind %d %q raw %s, want kind %d %q raw %s", c.Name, c.Kind, c.Str, c.Raw, w.kind, w.str, w.raw)
		}
	}

	// Negative scales, bounds on the scale, and Latin-1 text in a bytea.
	latin1 := b64([]byte("M\xfcller, anna.schmidt@example.de"))
	ctl := b64([]byte("a\x00b\x01"))
	padded := b64([]byte("anna@example.com\x00\x00\x00"))
	framed := b64([]byte("\n\x10anna@example.com\x12\x0e+49 30 1234567\x1a\x07M\xc3\xbcller\xff"))
	random := b64([]byte{0xDE, 0xAD, 0xBE, 0xEF, 0xC3, 0xA9, 0xFF, 0x41, 0xE8, 0xB1, 0x5A, 0xF0}) // no control bytes, not UTF-8
	bigScale := `{"scale":1000,"value":"AQ=="}`
	more := pipeline.Image{Present: true, Cols: []pipeline.Column{
		str("negscale", b64([]byte{0x0c})), str("raw", latin1), str("raw2", ctl),
		{Name: "var", Kind: pipeline.KindJSON, Str: bigScale, Raw: bigScale},
		str("negzero", b64([]byte{0})), str("raw3", padded), str("raw4", random), str("raw5", framed),
		str("badscale", b64(big.NewInt(48601100220).Bytes())),
	}}
	byteCols{"negscale": {kind: bytesDecimal, scale: -2}, "raw": {kind: bytesBinary}, "raw2": {kind: bytesBinary},
		"var": {kind: bytesVarDecimal}, "negzero": {kind: bytesDecimal, scale: -2}, "raw3": {kind: bytesBinary},
		"raw4": {kind: bytesBinary}, "raw5": {kind: bytesBinary}, "badscale": {kind: bytesDecimal, scale: maxScale + 1}}.apply(&more, pipeline.DefaultCharset)
	for i, w := range []struct {
		kind pipeline.Kind
		str  string
	}{
		{pipeline.KindNumber, "1200"},
		{pipeline.KindString, "Müller, anna.schmidt@example.de"},
		{pipeline.KindString, ctl},                                            // half control characters: not text
		{pipeline.KindNumber, "1"},                                            // a scale past maxScale: its digits
		{pipeline.KindNumber, "0"},                                            // not "000"
		{pipeline.KindString, "anna@example.com"},                             // NUL padding of a fixed-length column
		{pipeline.KindString, random},                                         // binary: mostly not ASCII
		{pipeline.KindString, "\n anna@example.com  +49 30 1234567  Müller "}, // text with binary framing
		{pipeline.KindNumber, "48601100220"},                                  // an unreadable scale: the digits
	} {
		if c := more.Cols[i]; c.Kind != w.kind || c.Str != w.str {
			t.Errorf("%s: kind %d %q, want kind %d %q", c.Name, c.Kind, c.Str, w.kind, w.str)
		}
	}

	// Arrays of bytes (bytea[], numeric[]): each element as it decodes,
	// the record's array kept as the value's Raw.
	blobs := `["` + b64([]byte("anna@example.com")) + `",null,"` + b64([]byte{0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02}) + `"]`
	phones := `["` + b64(big.NewInt(491711234567).Bytes()) + `"]`
	arrays := pipeline.Image{Present: true, Cols: []pipeline.Column{
		{Name: "blobs", Kind: pipeline.KindJSON, Str: blobs, Raw: blobs},
		{Name: "phones", Kind: pipeline.KindJSON, Str: phones},
		{Name: "none", Kind: pipeline.KindJSON, Str: `[null]`, Raw: `[null]`},
		{Name: "notarray", Kind: pipeline.KindJSON, Str: `{"a":1}`, Raw: `{"a":1}`},
		// A NULL element of a numeric[] is JSON's null, which is also
		// base64 (of 9e e9 65): read as a decimal, it reached the
		// detectors as -6362779, and a replaced array wrote that number
		// where the database holds NULL.
		{Name: "nulls", Kind: pipeline.KindJSON, Str: `[null,` + phones[1:], Raw: `[null,` + phones[1:]},
	}}
	arr := func(elem byteKind) byteCol { return byteCol{kind: bytesArray, elem: &byteCol{kind: elem}} }
	byteCols{"blobs": arr(bytesBinary), "phones": arr(bytesDecimal), "none": arr(bytesBinary), "notarray": arr(bytesBinary),
		"nulls": arr(bytesDecimal)}.apply(&arrays, pipeline.DefaultCharset)
	for i, w := range []struct{ str, raw string }{
		{`["anna@example.com",null,"` + b64([]byte{0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02}) + `"]`, blobs},
		{`[491711234567]`, phones}, // no Raw from the parser: the record's text becomes it
		{`[null]`, `[null]`},       // nothing decoded: as it came
		{`{"a":1}`, `{"a":1}`},
		{`[null,491711234567]`, `[null,` + phones[1:]},
	} {
		if c := arrays.Cols[i]; c.Kind != pipeline.KindJSON || c.Str != w.str || c.Raw != w.raw {
			t.Errorf("%s: kind %d %s raw %s, want %s raw %s", c.Name, c.Kind, c.Str, c.Raw, w.str, w.raw)
		}
	}

	// A string the parser had to unescape has no Raw: the record's text is
	// written back as JSON, not the decoded bytes.
	esc := pipeline.Image{Present: true, Cols: []pipeline.Column{{Name: "raw", Kind: pipeline.KindString, Str: mail}}}
	bc.apply(&esc, pipeline.DefaultCharset)
	if c := esc.Cols[0]; c.Str != "Kontakt: anna@example.de" || c.Raw != `"`+mail+`"` {
		t.Errorf("escaped binary: %q raw %s, want the text and the record's base64", c.Str, c.Raw)
	}
}

// TestSchemaMemoBigBlocks checks that the byte columns of a schema block
// too large to keep are read once and then found by the block's text.
func TestSchemaMemoBigBlocks(t *testing.T) {
	pad := strings.Repeat(`{"type":"string","optional":true,"field":"pad"},`, maxMemoSchema/40)
	block := `{"type":"struct","fields":[{"type":"struct","fields":[` + pad +
		`{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"},"field":"d"}],"field":"after"}]}`
	if len(block) <= maxMemoSchema {
		t.Fatalf("block of %d bytes is not over the memo's limit", len(block))
	}
	var m schemaMemo
	want := byteCols{"d": {kind: bytesDecimal, scale: 2}}
	var wg sync.WaitGroup
	for range 4 { // decoders share the memo across goroutines (run with -race)
		wg.Go(func() {
			for range 3 {
				p := jsonParser{src: block}
				cols, ok := m.skip(&p, "t")
				if !ok || !reflect.DeepEqual(cols, want) {
					t.Errorf("cols %v ok %v, want %v", cols, ok, want)
					return
				}
			}
		})
	}
	wg.Wait()
	if len(m.big) != 1 || m.known.Load() != nil {
		t.Errorf("big blocks kept: %d, small: %v; want one big and no small", len(m.big), m.known.Load())
	}
}

// TestVarDecimalsWithoutSchema checks that a VariableScaleDecimal is read
// in a record without a schema block, where its shape alone says what it
// is, and that other objects are left alone.
func TestVarDecimalsWithoutSchema(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString(big.NewInt(491711234567).Bytes())
	other := `{"scale":0,"vAlue":"cnxGAgc="}` // not the struct's exact names
	// JsonConverter's form, and the same value as another writer may put
	// it (a review found these three passed through as base64).
	for _, phone := range []string{
		`{"scale":0,"value":"` + b64 + `"}`,
		`{"value":"` + b64 + `","scale":0}`,
		`{ "scale" : 0, "value" : "` + b64 + `" }`,
		`{"sc\u0061le":0,"value":"` + b64 + `"}`,
	} {
		im := pipeline.Image{Present: true, Cols: []pipeline.Column{
			{Name: "phone_number", Kind: pipeline.KindJSON, Str: phone, Raw: phone},
			{Name: "doc", Kind: pipeline.KindJSON, Str: other, Raw: other},
			{Name: "phones", Kind: pipeline.KindJSON, Str: "[ " + phone + "]", Raw: "[ " + phone + "]"},
		}}
		varDecimals(&im)
		if c := im.Cols[0]; c.Kind != pipeline.KindNumber || c.Str != "491711234567" || c.Raw != phone {
			t.Errorf("phone_number %s: kind %d %q raw %s, want the number with the record's text", phone, c.Kind, c.Str, c.Raw)
		}
		if c := im.Cols[1]; c.Kind != pipeline.KindJSON || c.Str != other {
			t.Errorf("doc: kind %d %q, want it as it came", c.Kind, c.Str)
		}
		if c := im.Cols[2]; c.Str != "[491711234567]" {
			t.Errorf("phones [ %s]: kind %d %q, want the array of the number", phone, c.Kind, c.Str)
		}
	}
}
