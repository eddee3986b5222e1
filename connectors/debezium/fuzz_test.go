package debezium

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/linkedin/goavro/v2"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumenc"
	"github.com/lethe-cdc/lethe/pipeline"
)

// FuzzDecodeJSON feeds arbitrary values and keys to the JSON decoder. It must
// never panic, every error must be a *DecodeError, and whenever the decoder
// accepts a value that encoding/json also accepts, the rows must agree with
// encoding/json's reading of the same text.
func FuzzDecodeJSON(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err == nil {
			f.Add([]byte(`{"id":1}`), b)
		}
	}
	for _, c := range sampleChanges() {
		for _, ws := range []bool{true, false} {
			k, v, err := debeziumenc.EncodeJSON(c, ws)
			if err == nil {
				f.Add(k, v)
			}
		}
	}
	f.Add([]byte(`{"schema":null,"payload":{"a":"\ud83d"}}`), []byte(`{"op":"u","before":{"x":[1,{"y":-0.5e3}]},"after":{"x":"\u00e9"}}`))
	f.Add([]byte(`{"id":1}`), []byte(`{"op":"c","after":{"n":{"e":"a\u0040b.de","t":["`+"\x98"+`"]}}}`))
	// Columns the schema declares as bytes: a Decimal, a VariableScaleDecimal, binary.
	f.Add([]byte(`{"schema":{"type":"struct","fields":[{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"0"},"field":"id"}]},"payload":{"id":"AQ=="}}`),
		[]byte(`{"schema":{"type":"struct","fields":[{"type":"struct","fields":[`+
			`{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"},"field":"d"},`+
			`{"type":"struct","name":"io.debezium.data.VariableScaleDecimal","fields":[],"field":"v"},`+
			`{"type":"bytes","field":"b"}],"field":"after"}]},`+
			`"payload":{"op":"c","after":{"d":"AJ0=","v":{"scale":1,"value":"/w=="},"b":"YUBiLmRl"}}}`))
	// numeric[] without a schema.
	f.Add([]byte(`{"id":1}`), []byte(`{"op":"c","after":{"n":[{"scale":0,"value":"cnxGAgc="},{"scale":2,"value":"AJ0="}],"m":[{"scale":1}]}}`))
	// Arrays of bytes (bytea[], numeric[]).
	f.Add([]byte(`{"id":1}`), []byte(`{"schema":{"type":"struct","fields":[{"type":"struct","fields":[`+
		`{"type":"array","items":{"type":"bytes"},"field":"a"},`+
		`{"type":"array","items":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"1"}},"field":"n"}],"field":"after"}]},`+
		`"payload":{"op":"c","after":{"a":["YUBiLmRl",null,"AA=="],"n":["AJ0=",1]}}}`))
	d := NewDecoder(WithMaxValueSize(1 << 20))
	f.Fuzz(func(t *testing.T, key, value []byte) {
		if len(value) > 0 && value[0] == 0 || len(key) > 0 && key[0] == 0 {
			return // Avro: FuzzDecodeAvro's job
		}
		c, err := d.Decode(context.Background(), "t", key, value)
		var flat pipeline.Flat
		ferr := d.DecodeFlat(context.Background(), "t", key, value, &flat)
		if (err == nil) != (ferr == nil) || err != nil && err.Error() != ferr.Error() {
			t.Fatalf("Decode and DecodeFlat disagree: %v / %v", err, ferr)
		}
		// d remembers schema blocks across inputs; a fresh decoder knows
		// none. Both must read the input alike.
		var fresh pipeline.Flat
		frerr := NewDecoder(WithMaxValueSize(1<<20)).DecodeFlat(context.Background(), "t", key, value, &fresh)
		if (frerr == nil) != (ferr == nil) || ferr != nil && ferr.Error() != frerr.Error() || !reflect.DeepEqual(flat, fresh) {
			t.Fatalf("a decoder that remembers schema blocks reads the input differently: %v / %v", ferr, frerr)
		}
		// Columns a schema block declares as bytes are read as what the
		// bytes hold (bytecols.go), not as the base64 encoding/json sees.
		keyBytes, valueBytes := schemaByteCols(key), schemaByteCols(value)
		keyBytes, valueBytes = withVarDecimals(key, keyBytes), withVarDecimals(value, valueBytes)
		if ke := (*pipeline.KeyError)(nil); errors.As(ferr, &ke) && (flat.Key.Present || c.Key != nil) {
			t.Fatalf("a key that did not decode is in the result: %v", ferr)
		}
		if ferr == nil {
			checkRaw(t, &flat.Key, keyBytes)
			checkRaw(t, &flat.Before, valueBytes)
			checkRaw(t, &flat.After, valueBytes)
		}
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error of type %T", err)
			}
			// The parser must not call valid JSON malformed.
			if strings.HasPrefix(de.Reason, "malformed JSON") {
				part := value
				if strings.HasPrefix(de.Field, "key") {
					part = key
				}
				if json.Valid(part) {
					t.Fatalf("valid JSON rejected: %s: %s", de.Field, de.Reason)
				}
			}
			if !errors.As(err, new(*pipeline.KeyError)) {
				return
			}
			// The key did not decode, the value did: check the value.
		}
		// Differential check of the row images against encoding/json.
		var top map[string]json.RawMessage
		dec := json.NewDecoder(strings.NewReader(string(value)))
		dec.UseNumber()
		if len(value) == 0 || dec.Decode(&top) != nil || top == nil {
			return
		}
		env := top
		if p, ok := top["payload"]; ok {
			var inner map[string]json.RawMessage
			if json.Unmarshal(p, &inner) != nil || inner == nil {
				return
			}
			env = inner
		}
		for name, row := range map[string]map[string]any{"before": c.Before, "after": c.After} {
			raw, ok := env[name]
			if !ok || row == nil || string(raw) == "null" {
				continue
			}
			raw, row = withoutCols(raw, row, valueBytes)
			if msg := sameAsStdlib(string(raw), row); msg != "" {
				t.Fatalf("%s: %s", name, msg)
			}
		}
	})
}

// checkRaw checks what the engine copies to its outputs unchanged: every
// column's Raw text is valid JSON in valid UTF-8 and reads as the column's
// value, except for byte columns, whose Raw is the record's base64.
func checkRaw(t *testing.T, im *pipeline.Image, bytesCols byteCols) {
	t.Helper()
	for _, c := range im.Cols {
		if c.Raw == "" {
			continue
		}
		if !json.Valid([]byte(c.Raw)) || !utf8.ValidString(c.Raw) {
			t.Fatalf("column %s: Raw is not valid JSON in UTF-8", safeName(c.Name))
		}
		if _, ok := bytesCols[c.Name]; c.Kind == pipeline.KindString && !ok {
			var s string
			if json.Unmarshal([]byte(c.Raw), &s) != nil || s != c.Str {
				t.Fatalf("column %s: Raw does not read as the decoded string", safeName(c.Name))
			}
		}
	}
}

// schemaByteCols returns the byte columns the schema block of a JSON key
// or value declares, nil when it has none or no block.
func schemaByteCols(b []byte) byteCols {
	var top map[string]json.RawMessage
	if json.Unmarshal(b, &top) != nil {
		return nil
	}
	s, ok := top["schema"]
	if !ok {
		return nil
	}
	return byteColsOf(string(s))
}

// withVarDecimals adds to bc, for a record without a schema block, the
// columns whose values are shaped as a VariableScaleDecimal (see
// varDecimals), in its key (a plain row) or its envelope's row images.
func withVarDecimals(b []byte, bc byteCols) byteCols {
	var top map[string]json.RawMessage
	if json.Unmarshal(b, &top) != nil {
		return bc
	}
	if _, ok := top["schema"]; ok {
		return bc
	}
	env := top
	var payload map[string]json.RawMessage
	if json.Unmarshal(top["payload"], &payload) == nil && payload != nil {
		env = payload
	}
	rows := []map[string]json.RawMessage{top}
	for _, k := range []string{"before", "after"} {
		var r map[string]json.RawMessage
		if json.Unmarshal(env[k], &r) == nil {
			rows = append(rows, r)
		}
	}
	for _, r := range rows {
		for name, v := range r {
			if varDecimalShape(string(v)) != 0 {
				if bc == nil {
					bc = byteCols{}
				}
				bc[name] = byteCol{kind: bytesVarDecimal}
			}
		}
	}
	return bc
}

// withoutCols returns a row's JSON text and its decoded row without the
// columns of bc.
func withoutCols(raw json.RawMessage, row map[string]any, bc byteCols) (json.RawMessage, map[string]any) {
	if len(bc) == 0 {
		return raw, row
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return raw, row
	}
	kept := map[string]any{}
	for k, v := range row {
		if _, ok := bc[k]; ok {
			delete(m, k)
		} else {
			kept[k] = v
		}
	}
	out, err := json.Marshal(m)
	if err != nil {
		return raw, row
	}
	return out, kept
}

// FuzzDecodeAvro feeds arbitrary Avro bodies, framed with a registered
// envelope schema id, to the decoder. It must never panic and every error
// must be a *DecodeError.
func FuzzDecodeAvro(f *testing.F) {
	reg, cl := newFakeRegistry(f)
	c := sampleChanges()["update"]
	ks, vs, err := debeziumenc.AvroSchemas(c)
	if err != nil {
		f.Fatal(err)
	}
	reg.SeedSchema("x-key", 1, 1, sr.Schema{Schema: ks, Type: sr.TypeAvro})
	reg.SeedSchema("x-value", 1, 2, sr.Schema{Schema: vs, Type: sr.TypeAvro})
	for _, c := range sampleChanges() {
		k, v, err := debeziumenc.EncodeAvro(c, 1, 2)
		if err == nil {
			f.Add(k, v)
		}
	}
	vcodec, err := goavro.NewCodec(vs)
	if err != nil {
		f.Fatal(err)
	}
	vroot, err := parseAvroSchema(vs)
	if err != nil {
		f.Fatal(err)
	}
	d := NewDecoder(WithRegistry(cl), WithMaxValueSize(1<<20))
	// Warm the cache so the fuzz loop does not go through HTTP.
	if _, err := d.Decode(context.Background(), "t", nil, []byte{0, 0, 0, 0, 2}); err == nil {
		f.Fatal("an empty body must not decode")
	}
	if _, err := d.Decode(context.Background(), "t", []byte{0, 0, 0, 0, 1}, nil); err == nil {
		f.Fatal("an empty key body must not decode")
	}
	f.Fuzz(func(t *testing.T, key, value []byte) {
		// Pin the schema ids to the registered ones so the fuzzer explores
		// bodies rather than registry misses.
		frame := func(b []byte, id byte) []byte {
			if len(b) == 0 {
				return b
			}
			out := append([]byte{0, 0, 0, 0, id}, b...)
			return out
		}
		got, err := d.Decode(context.Background(), "t", frame(key, 1), frame(value, 2))
		var de *DecodeError // a key's wrapped in a *pipeline.KeyError, the value going on
		if err != nil && !errors.As(err, &de) {
			t.Fatalf("error of type %T", err)
		}
		// Differential check against goavro on the value body.
		if len(value) == 0 {
			return
		}
		native, rest, gerr := vcodec.NativeFromBinary(value)
		if gerr != nil || len(rest) != 0 {
			return
		}
		if err != nil {
			if strings.HasPrefix(de.Field, "key") || !strings.Contains(de.Reason, "avro body") {
				return // the key, or an envelope goavro cannot judge
			}
			if strings.Contains(de.Reason, "varint too long") {
				return // goavro accepts varints over 10 bytes; Avro's spec and Java do not
			}
			t.Fatalf("goavro decodes the body but the decoder does not: %v", err)
		}
		env, _ := unwrap(native, vroot).(map[string]any)
		for _, p := range []struct {
			name string
			row  map[string]any
		}{{"before", got.Before}, {"after", got.After}} {
			want, _ := env[p.name].(map[string]any)
			if p.name == "after" && want == nil && got.Op == 'm' {
				want, _ = env["message"].(map[string]any) // a message's content is its After
			}
			if (want == nil) != (p.row == nil) || want != nil && !reflect.DeepEqual(want, p.row) {
				t.Fatalf("%s differs from goavro's reading", p.name)
			}
		}
		if op, _ := env["op"].(string); op != got.Op.String() {
			t.Fatal("op differs from goavro's reading")
		}
	})
}
