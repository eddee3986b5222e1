package debezium

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/linkedin/goavro/v2"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"

	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumenc"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/jsonw"
)

func crmSource(table string) pipeline.SourceInfo {
	return pipeline.SourceInfo{Connector: "postgresql", Name: "crm", DB: "crm", Schema: "public",
		Table: table, TsMs: 1710411330120, LSN: 24023128, TxID: 781, Snapshot: "false"}
}

// sampleChanges covers every op, nils, big ids, escapes and non-ASCII text.
func sampleChanges() map[string]pipeline.Change {
	cust := pipeline.Row{
		"customer_id": int64(9007199254740993), "first_name": "Zoë", "last_name": "Łukasiewicz",
		"email": "ZOE@EXAMPLE.PL", "phone": nil, "geburtsdatum": "", "locale": "pl-PL",
		"created_at": "2024-03-14T10:15:30.123456Z", "notes": "line\n\"quoted\"\t\\ \u2028 end",
		"vip": true, "total_cents": int64(-42),
	}
	upd := make(pipeline.Row, len(cust))
	for k, v := range cust {
		upd[k] = v
	}
	upd["email"] = "zoe@example.pl"
	upd["phone"] = "+48 22 123 45 67"
	key := pipeline.Row{"customer_id": int64(9007199254740993)}
	snap := crmSource("customers")
	snap.Snapshot = "true"
	return map[string]pipeline.Change{
		"create":    {Op: pipeline.OpCreate, Source: crmSource("customers"), Key: key, After: cust, TsMs: 1710411330456},
		"read":      {Op: pipeline.OpRead, Source: snap, Key: key, After: cust, TsMs: 1710411330456},
		"update":    {Op: pipeline.OpUpdate, Source: crmSource("customers"), Key: key, Before: cust, After: upd, TsMs: 1710411330457},
		"delete":    {Op: pipeline.OpDelete, Source: crmSource("customers"), Key: key, Before: upd, TsMs: 1710411330458},
		"tombstone": {Key: key, Tombstone: true},
		"truncate":  {Op: pipeline.OpTruncate, Source: crmSource("customers"), TsMs: 1710411330459},
		"message": {Op: pipeline.OpMessage, Source: pipeline.SourceInfo{Connector: "postgresql", Name: "crm", DB: "crm", TsMs: 5},
			After: pipeline.Row{"prefix": "lethe", "content": "aGk="}, TsMs: 6},
	}
}

func TestEncodeJSONRoundTrip(t *testing.T) {
	d := NewDecoder()
	for name, c := range sampleChanges() {
		for _, withSchema := range []bool{true, false} {
			t.Run(name+map[bool]string{true: "/schema", false: "/schemaless"}[withSchema], func(t *testing.T) {
				k, v, err := debeziumenc.EncodeJSON(c, withSchema)
				if err != nil {
					t.Fatalf("encode: %v", err)
				}
				if c.Tombstone && v != nil {
					t.Fatal("tombstone must have a nil value")
				}
				if v != nil && !json.Valid(v) {
					t.Fatal("encoded value is not valid JSON")
				}
				if k != nil && !json.Valid(k) {
					t.Fatal("encoded key is not valid JSON")
				}
				if v != nil {
					var top map[string]json.RawMessage
					if err := json.Unmarshal(v, &top); err != nil {
						t.Fatal(err)
					}
					_, hasSchema := top["schema"]
					if hasSchema != withSchema {
						t.Fatalf("schema block present = %v, want %v", hasSchema, withSchema)
					}
				}
				got, err := d.Decode(context.Background(), "crm.public.customers", k, v)
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				if diff := diffChange(got, c); diff != "" {
					t.Fatalf("round trip differs: %s", diff)
				}
			})
		}
	}
}

// TestEncodeJSONSchemaShape checks the Connect schema has Debezium's names and
// semantic types.
func TestEncodeJSONSchemaShape(t *testing.T) {
	c := sampleChanges()["create"]
	k, v, err := debeziumenc.EncodeJSON(c, true)
	if err != nil {
		t.Fatal(err)
	}
	type field struct {
		Type     string  `json:"type"`
		Optional bool    `json:"optional"`
		Name     string  `json:"name"`
		Field    string  `json:"field"`
		Fields   []field `json:"fields"`
	}
	var env struct {
		Schema field `json:"schema"`
	}
	if err := json.Unmarshal(v, &env); err != nil {
		t.Fatal(err)
	}
	if env.Schema.Name != "crm.public.customers.Envelope" {
		t.Fatalf("envelope name %q", env.Schema.Name)
	}
	byField := map[string]field{}
	for _, f := range env.Schema.Fields {
		byField[f.Field] = f
	}
	after := byField["after"]
	if after.Name != "crm.public.customers.Value" || !after.Optional {
		t.Fatalf("after schema name %q optional %v", after.Name, after.Optional)
	}
	types := map[string]field{}
	for _, f := range after.Fields {
		types[f.Field] = f
	}
	for col, want := range map[string]string{"customer_id": "int64", "email": "string", "vip": "boolean", "created_at": "string"} {
		if types[col].Type != want {
			t.Errorf("column %s type %q, want %q", col, types[col].Type, want)
		}
	}
	if types["customer_id"].Optional {
		t.Error("key column must not be optional")
	}
	if types["created_at"].Name != "io.debezium.time.ZonedTimestamp" {
		t.Errorf("created_at semantic name %q", types["created_at"].Name)
	}
	if byField["source"].Name != "io.debezium.connector.postgresql.Source" {
		t.Errorf("source schema name %q", byField["source"].Name)
	}
	if after.Fields[0].Field != "customer_id" {
		t.Errorf("key column must come first, got %q", after.Fields[0].Field)
	}
	var key struct {
		Schema field `json:"schema"`
	}
	if err := json.Unmarshal(k, &key); err != nil {
		t.Fatal(err)
	}
	if key.Schema.Name != "crm.public.customers.Key" {
		t.Fatalf("key schema name %q", key.Schema.Name)
	}
}

func TestEncodeJSONRejectsUnsupported(t *testing.T) {
	c := pipeline.Change{Op: pipeline.OpCreate, Source: crmSource("t"), After: pipeline.Row{"nested": map[string]any{"a": 1}}}
	if _, _, err := debeziumenc.EncodeJSON(c, false); err == nil || !strings.Contains(err.Error(), "nested") {
		t.Fatalf("want an error naming the column, got %v", err)
	}
}

// newFakeRegistry is debeziumtest.Registry, which this package's own
// tests cannot import: debeziumtest imports debezium.
func newFakeRegistry(t testing.TB) (*srfake.Registry, *sr.Client) {
	t.Helper()
	reg := srfake.New()
	t.Cleanup(reg.Close)
	cl, err := sr.NewClient(sr.URLs(reg.URL()))
	if err != nil {
		t.Fatal(err)
	}
	return reg, cl
}

func TestAvroRoundTrip(t *testing.T) {
	_, cl := newFakeRegistry(t)
	enc := debeziumenc.NewAvroEncoder(cl)
	d := NewDecoder(WithRegistry(cl))
	ctx := context.Background()
	for name, c := range sampleChanges() {
		t.Run(name, func(t *testing.T) {
			k, v, err := enc.Encode(ctx, "crm.public.customers", c)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			if v != nil && v[0] != 0 {
				t.Fatal("value must be in Confluent wire format")
			}
			got, err := d.Decode(ctx, "crm.public.customers", k, v)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			want := c
			if c.Op == pipeline.OpMessage {
				// Avro carries the message content as bytes.
				want.After = pipeline.Row{"prefix": "lethe", "content": []byte("hi")}
			}
			if diff := diffChange(got, want); diff != "" {
				t.Fatalf("round trip differs: %s", diff)
			}
		})
	}
}

// Avro with no registry configured is the deployment's fault, not the
// record's: the error asks for a retry (the batch waits) rather than a dead
// letter, which would commit past the whole stream (a review); but only
// for what an Avro stream writes, not for a stray binary key.
func TestAvroWithoutRegistryWaits(t *testing.T) {
	_, cl := newFakeRegistry(t)
	ctx := context.Background()
	k, v, err := debeziumenc.NewAvroEncoder(cl).Encode(ctx, "crm.public.customers", sampleChanges()["create"])
	if err != nil {
		t.Fatal(err)
	}
	jsonKey, jsonValue, err := debeziumenc.EncodeJSON(sampleChanges()["create"], false)
	if err != nil {
		t.Fatal(err)
	}
	binaryKey := binary.BigEndian.AppendUint64(nil, 1<<40) // a LongSerializer's: 0x00, then a "schema id"
	for _, tc := range []struct {
		name       string
		key, value []byte
		wait       bool
	}{
		{"avro record", k, v, true},
		{"avro tombstone", k, nil, false}, // comes after its delete, which waits
		{"avro value, json key", jsonKey, v, true},
		// a stray producer's binary key beside a JSON value: one record
		// must not stop the pipeline (a second review)
		{"binary key, json value", binaryKey, jsonValue, false},
		{"framed key, json value", k, jsonValue, false},
		{"schema id 0", jsonKey, []byte{0, 0, 0, 0, 0, 2, 'x'}, false},
	} {
		for name, decode := range map[string]func() error{
			"Decode": func() error { _, err := NewDecoder().Decode(ctx, "crm.public.customers", tc.key, tc.value); return err },
			"DecodeFlat": func() error {
				var f pipeline.Flat
				return NewDecoder().DecodeFlat(ctx, "crm.public.customers", tc.key, tc.value, &f)
			},
		} {
			err := decode()
			var de *DecodeError
			if !errors.As(err, &de) || de.Transient() != tc.wait || !strings.Contains(de.Error(), "no schema registry configured") ||
				errors.Is(err, pipeline.ErrNoRegistry) != tc.wait { // what the engine tells a stray by
				t.Errorf("%s, %s without a registry: %v, want a DecodeError saying so, transient %v", tc.name, name, err, tc.wait)
			}
		}
	}
}

// seedUpdate registers the schemas of the sample update under ids 7 (key)
// and 8 (value) of reg, and returns the update and its encoded key and value.
func seedUpdate(t *testing.T, reg *srfake.Registry) (c pipeline.Change, k, v []byte) {
	t.Helper()
	c = sampleChanges()["update"]
	ks, vs, err := debeziumenc.AvroSchemas(c)
	if err != nil {
		t.Fatal(err)
	}
	reg.SeedSchema("crm.public.customers-key", 1, 7, sr.Schema{Schema: ks, Type: sr.TypeAvro})
	reg.SeedSchema("crm.public.customers-value", 1, 8, sr.Schema{Schema: vs, Type: sr.TypeAvro})
	k, v, err = debeziumenc.EncodeAvro(c, 7, 8)
	if err != nil {
		t.Fatal(err)
	}
	return c, k, v
}

func TestAvroPreRegistered(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	c, k, v := seedUpdate(t, reg)
	if id := binary.BigEndian.Uint32(v[1:5]); id != 8 {
		t.Fatalf("value schema id %d, want 8", id)
	}
	got, err := NewDecoder(WithRegistry(cl)).Decode(context.Background(), "crm.public.customers", k, v)
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffChange(got, c); diff != "" {
		t.Fatalf("round trip differs: %s", diff)
	}
}

func TestAvroErrors(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	c := sampleChanges()["create"]
	_, vs, err := debeziumenc.AvroSchemas(c)
	if err != nil {
		t.Fatal(err)
	}
	reg.SeedSchema("s-value", 1, 3, sr.Schema{Schema: vs, Type: sr.TypeAvro})
	reg.SeedSchema("k-value", 1, 4, sr.Schema{Schema: `{"type":"record","name":"K","fields":[{"name":"id","type":"long"}]}`, Type: sr.TypeAvro})
	_, good, err := debeziumenc.EncodeAvro(c, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		value  []byte
		reason string
	}{
		{"unknown id", []byte{0, 0, 0, 0, 42, 2}, "schema id 42 not found"},
		{"truncated body", good[:len(good)/2], "malformed avro body for schema id 3"},
		{"trailing bytes", append(append([]byte{}, good...), 1, 2), "2 trailing bytes"},
		{"not an envelope", []byte{0, 0, 0, 0, 4, 2}, "not a Debezium envelope"},
	}
	d := NewDecoder(WithRegistry(cl))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.Decode(context.Background(), "crm.public.customers", nil, tt.value)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("want *DecodeError, got %T", err)
			}
			if !strings.Contains(de.Reason, tt.reason) {
				t.Fatalf("reason %q, want %q", de.Reason, tt.reason)
			}
			if strings.Contains(err.Error(), "ZOE@EXAMPLE.PL") || strings.Contains(err.Error(), "Łukasiewicz") {
				t.Fatal("error leaks a value")
			}
		})
	}
}

// An Avro envelope with two faults (an unknown op, a ts_ms that is not a
// long) is dead-lettered for the same one, the first in Debezium's order,
// every time: a review saw the reason change with a map's random order,
// 181 to 19 in 200 decodes, so a replay could give another reason.
func TestAvroFaultReportedDeterministically(t *testing.T) {
	const schema = `{"type":"record","name":"E","fields":[{"name":"op","type":"string"},{"name":"ts_ms","type":"string"},{"name":"after","type":["null",{"type":"record","name":"V","fields":[{"name":"id","type":"long"}]}]}]}`
	reg, cl := newFakeRegistry(t)
	reg.SeedSchema("x-value", 1, 7, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	codec, err := goavro.NewCodec(schema)
	if err != nil {
		t.Fatal(err)
	}
	body, err := codec.BinaryFromNative(nil, map[string]any{"op": "x", "ts_ms": "soon", "after": goavro.Union("V", map[string]any{"id": int64(1)})})
	if err != nil {
		t.Fatal(err)
	}
	v := append([]byte{0, 0, 0, 0, 7}, body...)
	d := NewDecoder(WithRegistry(cl))
	for range 200 {
		_, err := d.Decode(context.Background(), "t", nil, v)
		var de *DecodeError
		if !errors.As(err, &de) || de.Field != "value.op" {
			t.Fatalf("want the unknown op reported, got %v", err)
		}
	}
}

// TestAvroUnwrapsNestedUnions decodes a hand-written Debezium-style schema
// with a logical type, an enum and an int column.
func TestAvroUnwrapsNestedUnions(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	schema := `{"type":"record","name":"Envelope","namespace":"crm.public.t","fields":[
	 {"name":"before","type":["null",{"type":"record","name":"Value","fields":[
	   {"name":"id","type":"int"},
	   {"name":"born","type":["null",{"type":"int","logicalType":"date"}],"default":null},
	   {"name":"kind","type":["null",{"type":"enum","name":"Kind","symbols":["A","B"]}],"default":null},
	   {"name":"tags","type":["null",{"type":"array","items":["null","string"]}],"default":null}]}],"default":null},
	 {"name":"after","type":["null","Value"],"default":null},
	 {"name":"source","type":{"type":"record","name":"Source","namespace":"io.debezium.connector.postgresql","fields":[
	   {"name":"table","type":"string"},{"name":"snapshot","type":[{"type":"enum","name":"SnapshotRecord","symbols":["true","last","false"]},"null"]}]}},
	 {"name":"op","type":"string"},{"name":"ts_ms","type":["null","long"],"default":null}]}`
	reg.SeedSchema("t-value", 1, 9, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	codec, err := newCodecForTest(schema)
	if err != nil {
		t.Fatal(err)
	}
	native := map[string]any{
		"before": nil,
		"after": map[string]any{"crm.public.t.Value": map[string]any{
			"id": int32(5), "born": nil, "kind": map[string]any{"crm.public.t.Kind": "B"},
			"tags": map[string]any{"array": []any{map[string]any{"string": "x"}, nil}},
		}},
		"source": map[string]any{"table": "t", "snapshot": map[string]any{"io.debezium.connector.postgresql.SnapshotRecord": "last"}},
		"op":     "r", "ts_ms": map[string]any{"long": int64(77)},
	}
	body, err := codec.BinaryFromNative([]byte{0, 0, 0, 0, 9}, native)
	if err != nil {
		t.Fatal(err)
	}
	got, err := NewDecoder(WithRegistry(cl)).Decode(context.Background(), "t", nil, body)
	if err != nil {
		t.Fatal(err)
	}
	want := pipeline.Change{Op: pipeline.OpRead, TsMs: 77,
		Source: pipeline.SourceInfo{Table: "t", Snapshot: "last"},
		After:  pipeline.Row{"id": int64(5), "born": nil, "kind": "B", "tags": []any{"x", nil}}}
	if diff := diffChange(got, want); diff != "" {
		t.Fatalf("decoded change differs: %s", diff)
	}
}

// TestAvroReaderTypes decodes every Avro type the reader supports, encoded
// by goavro, and checks the values lethe gets.
func TestAvroReaderTypes(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	schema := `{"type":"record","name":"Envelope","namespace":"crm.public.t","fields":[
	 {"name":"after","type":["null",{"type":"record","name":"Value","fields":[
	   {"name":"b","type":"boolean"},
	   {"name":"f","type":"float"},
	   {"name":"d","type":"double"},
	   {"name":"raw","type":"bytes"},
	   {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
	   {"name":"neg","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":3}},
	   {"name":"fx","type":{"type":"fixed","name":"F3","size":3}},
	   {"name":"attrs","type":{"type":"map","values":"long"}},
	   {"name":"big","type":"long"},
	   {"name":"small","type":"int"},
	   {"name":"s","type":"string"}]}],"default":null},
	 {"name":"op","type":"string"}]}`
	reg.SeedSchema("t-value", 1, 11, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	codec, err := newCodecForTest(schema)
	if err != nil {
		t.Fatal(err)
	}
	native := map[string]any{
		"op": "c",
		"after": map[string]any{"crm.public.t.Value": map[string]any{
			"b": true, "f": float32(1.1), "d": -2.25, "raw": []byte{0, 1, 255},
			"amount": big.NewRat(12345, 100), "neg": big.NewRat(-5, 1000),
			"fx": []byte("abc"), "attrs": map[string]any{"x": int64(1), "y": int64(-2)},
			"big": int64(-9007199254740993), "small": int32(-7), "s": "Zoë",
		}},
	}
	body, err := codec.BinaryFromNative([]byte{0, 0, 0, 0, 11}, native)
	if err != nil {
		t.Fatal(err)
	}
	got, err := NewDecoder(WithRegistry(cl)).Decode(context.Background(), "t", nil, body)
	if err != nil {
		t.Fatal(err)
	}
	want := pipeline.Change{Op: pipeline.OpCreate, After: pipeline.Row{
		"b": true, "f": float32(1.1), "d": -2.25, "raw": []byte{0, 1, 255}, "amount": "123.45", "neg": "-0.005",
		"fx": []byte("abc"), "attrs": map[string]any{"x": int64(1), "y": int64(-2)},
		"big": int64(-9007199254740993), "small": int64(-7), "s": "Zoë",
	}}
	if diff := diffChange(got, want); diff != "" {
		t.Fatalf("decoded change differs: %s", diff)
	}
	// An Avro float stays a float32, written as the CRM stored it.
	if f := string(jsonw.AppendValue(nil, got.After["f"])); f != "1.1" {
		t.Fatalf("float written as %s, want 1.1", f)
	}
}

// A nullable decimal column with a default, as Kafka Connect's AvroData
// writes it (["bytes-decimal","null"] with a string default), is a valid
// schema that goavro refuses to compile: the decoder must not dead-letter
// every record of such a table.
func TestAvroNullableDecimalWithDefault(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	schema := `{"type":"record","name":"Envelope","namespace":"crm.public.t","fields":[
	 {"name":"after","type":["null",{"type":"record","name":"Value","fields":[
	   {"name":"price","type":[{"type":"bytes","scale":2,"precision":10,"connect.default":"\u0000","connect.name":"org.apache.kafka.connect.data.Decimal","logicalType":"decimal"},"null"],"default":"\u0000"}]}],"default":null},
	 {"name":"op","type":"string"}]}`
	if _, err := newCodecForTest(schema); err == nil {
		t.Log("goavro compiles this schema now; the test still holds the decoder to it")
	}
	reg.SeedSchema("t-value", 1, 21, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	// after: branch 1 (Value); price: branch 0 (decimal), 2 bytes 0x3039 = 12345; op "c".
	body := []byte{0, 0, 0, 0, 21, 2, 0, 4, 0x30, 0x39, 2, 'c'}
	var f pipeline.Flat
	if err := NewDecoder(WithRegistry(cl)).DecodeFlat(context.Background(), "crm.public.t", nil, body, &f); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if c := f.After.Get("price"); c == nil || c.Str != "123.45" {
		t.Fatalf("price = %+v, want 123.45", c)
	}
}

func TestDecimalString(t *testing.T) {
	tests := []struct {
		b     []byte
		scale int
		want  string
	}{
		{[]byte{0x30, 0x39}, 2, "123.45"},
		{[]byte{0xff}, 0, "-1"},
		{[]byte{0xff, 0xfb}, 3, "-0.005"},
		{[]byte{}, 2, "0.00"},
		{[]byte{0x00, 0x80}, 1, "12.8"},
	}
	for _, tt := range tests {
		if got := decimalString(tt.b, tt.scale); got != tt.want {
			t.Errorf("decimalString(%x, %d) = %s, want %s", tt.b, tt.scale, got, tt.want)
		}
	}
}

// zigzag appends n as an Avro long.
func zigzag(b []byte, n int64) []byte {
	u := uint64(n<<1) ^ uint64(n>>63)
	for u >= 0x80 {
		b = append(b, byte(u)|0x80)
		u >>= 7
	}
	return append(b, byte(u))
}

// Items that take no input (nulls) still take memory: a record of a few
// megabytes must not decode into gigabytes, while an ordinary array of
// nulls still decodes.
func TestAvroArrayOfNullsBounded(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	schema := `{"type":"record","name":"Envelope","namespace":"crm.public.t","fields":[
	 {"name":"after","type":["null",{"type":"record","name":"Value","fields":[{"name":"s","type":"string"},{"name":"a","type":{"type":"array","items":"null"}}]}],"default":null},
	 {"name":"op","type":"string"}]}`
	reg.SeedSchema("t-value", 1, 12, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	record := func(pad, nulls int) []byte {
		b := []byte{0, 0, 0, 0, 12, 2}
		b = zigzag(b, int64(pad))
		b = append(b, make([]byte, pad)...)
		b = zigzag(b, int64(nulls))
		return append(b, 0, 2, 'c')
	}
	d := NewDecoder(WithRegistry(cl))
	ch, err := d.Decode(context.Background(), "crm.public.t", nil, record(3, 10))
	if err != nil {
		t.Fatalf("ten nulls: %v", err)
	}
	if a, _ := ch.After["a"].([]any); len(a) != 10 {
		t.Fatalf("array = %v, want ten nulls", ch.After["a"])
	}
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	_, err = d.Decode(context.Background(), "crm.public.t", nil, record(1<<20, 2<<20-100))
	runtime.ReadMemStats(&ms1)
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(de.Reason, "block count beyond input size") {
		t.Fatalf("two million nulls in a 1 MiB record: %v", err)
	}
	if de.Field != "value.after.a" {
		t.Fatalf("field %q, want value.after.a", de.Field)
	}
	if alloc := ms1.TotalAlloc - ms0.TotalAlloc; alloc > 16<<20 {
		t.Fatalf("refusing it allocated %d MiB", alloc>>20)
	}
}

// A decimal longer than its schema's precision allows is malformed: its
// digits are not rendered.
func TestAvroDecimalLongerThanPrecision(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	schema := `{"type":"record","name":"Envelope","namespace":"crm.public.t","fields":[
	 {"name":"after","type":["null",{"type":"record","name":"Value","fields":[
	   {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}}]}],"default":null},
	 {"name":"op","type":"string"}]}`
	reg.SeedSchema("t-value", 1, 13, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	record := func(digits []byte) []byte {
		b := zigzag([]byte{0, 0, 0, 0, 13, 2}, int64(len(digits)))
		return append(append(b, digits...), 2, 'c')
	}
	d := NewDecoder(WithRegistry(cl))
	// 9,999,999,999 (precision 10) is five bytes: it decodes.
	ch, err := d.Decode(context.Background(), "crm.public.t", nil, record([]byte{0x02, 0x54, 0x0b, 0xe3, 0xff}))
	if err != nil || ch.After["price"] != "99999999.99" {
		t.Fatalf("largest price of precision 10: %v, %v", ch.After["price"], err)
	}
	_, err = d.Decode(context.Background(), "crm.public.t", nil, record(bytes.Repeat([]byte{0x5a}, 64<<10)))
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(de.Reason, "decimal longer than its precision allows") {
		t.Fatalf("64 KiB decimal of precision 10: %v", err)
	}
	// The dead letter names the field, as the JSON path's do.
	if de.Field != "value.after.price" {
		t.Fatalf("field %q, want value.after.price", de.Field)
	}
}

// A fixed decimal always has its schema's size, which may be larger than
// its precision needs: it decodes. A fixed decimal larger than any column
// holds is refused with the schema.
func TestAvroFixedDecimal(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	schema := func(size int) string {
		return `{"type":"record","name":"Envelope","namespace":"crm.public.t","fields":[
	 {"name":"after","type":["null",{"type":"record","name":"Value","fields":[
	   {"name":"price","type":{"type":"fixed","name":"P","size":` + strconv.Itoa(size) + `,"logicalType":"decimal","precision":10,"scale":2}}]}],"default":null},
	 {"name":"op","type":"string"}]}`
	}
	reg.SeedSchema("t-value", 1, 14, sr.Schema{Schema: schema(16), Type: sr.TypeAvro})
	reg.SeedSchema("u-value", 1, 15, sr.Schema{Schema: schema(4096), Type: sr.TypeAvro})
	d := NewDecoder(WithRegistry(cl))
	body := append([]byte{0, 0, 0, 0, 14, 2}, make([]byte, 14)...)
	body = append(body, 0x30, 0x39, 2, 'c') // 12345 in 16 bytes: 123.45
	ch, err := d.Decode(context.Background(), "crm.public.t", nil, body)
	if err != nil || ch.After["price"] != "123.45" {
		t.Fatalf("fixed(16) decimal(10,2): %v, %v", ch.After["price"], err)
	}
	_, err = d.Decode(context.Background(), "crm.public.t", nil, append([]byte{0, 0, 0, 0, 15, 2}, make([]byte, 4096)...))
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(de.Reason, "not a valid Avro schema") {
		t.Fatalf("fixed(4096) decimal: %v", err)
	}
}

// Arrays of small records cost a map each: neither records whose fields
// take no input nor records of one-byte fields may turn a megabyte into
// hundreds.
func TestAvroArrayOfSmallRecordsBounded(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	for i, item := range []string{`{"type":"record","name":"N","fields":[{"name":"n","type":"null"}]}`,
		`{"type":"record","name":"I","fields":[{"name":"x","type":"int"}]}`} {
		id := 16 + i
		schema := `{"type":"record","name":"Envelope","namespace":"crm.public.t","fields":[
	 {"name":"after","type":["null",{"type":"record","name":"Value","fields":[{"name":"a","type":{"type":"array","items":` + item + `}}]}],"default":null},
	 {"name":"op","type":"string"}]}`
		reg.SeedSchema("t"+strconv.Itoa(i)+"-value", 1, id, sr.Schema{Schema: schema, Type: sr.TypeAvro})
		n := 1 << 20
		b := zigzag([]byte{0, 0, 0, 0, byte(id), 2}, int64(n))
		if i == 1 {
			b = append(b, make([]byte, n)...) // n ints of value 0, a byte each
		}
		b = append(b, 0, 2, 'c')
		refusedWithin64MiB(t, cl, b, item+": a million records")
	}
}

// refusedWithin64MiB decodes b, which holds more values than its bytes
// can pay for, and fails t unless the decoder refuses it for its input
// size having allocated at most 64 MiB on the way.
func refusedWithin64MiB(t *testing.T, cl *sr.Client, b []byte, what string) {
	t.Helper()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	_, err := NewDecoder(WithRegistry(cl)).Decode(context.Background(), "crm.public.t", nil, b)
	runtime.ReadMemStats(&ms1)
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(de.Reason, "input size") {
		t.Fatalf("%s in %d bytes: %v", what, len(b), err)
	}
	if alloc := ms1.TotalAlloc - ms0.TotalAlloc; alloc > 64<<20 {
		t.Fatalf("%s: refusing it allocated %d MiB", what, alloc>>20)
	}
}

// The budget against hostile records must not refuse a legacy table's
// wide row: 1,500 nullable columns (PostgreSQL allows 1,600), all null, in
// both images, a byte each.
func TestAvroWideRow(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	var f []string
	for i := 0; i < 1500; i++ {
		f = append(f, `{"name":"c`+strconv.Itoa(i)+`","type":["null","string"],"default":null}`)
	}
	schema := `{"type":"record","name":"Envelope","namespace":"crm.public.t","fields":[
	 {"name":"before","type":["null",{"type":"record","name":"Value","fields":[` + strings.Join(f, ",") + `]}],"default":null},
	 {"name":"after","type":["null","Value"],"default":null},
	 {"name":"op","type":"string"}]}`
	reg.SeedSchema("t-value", 1, 30, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	b := []byte{0, 0, 0, 0, 30, 2}
	b = append(b, make([]byte, 1500)...)
	b = append(b, 2)
	b = append(b, make([]byte, 1500)...)
	b = append(b, 2, 'u')
	if _, err := NewDecoder(WithRegistry(cl)).Decode(context.Background(), "crm.public.t", nil, b); err != nil {
		t.Fatal(err)
	}
}

// An ordinary array of nullable items, as Debezium writes a PostgreSQL
// int[], decodes: each item's branch index takes a byte of input.
func TestAvroNullableArray(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	schema := `{"type":"record","name":"Envelope","namespace":"crm.public.t","fields":[
	 {"name":"after","type":["null",{"type":"record","name":"Value","fields":[{"name":"a","type":{"type":"array","items":["null","int"]}}]}],"default":null},
	 {"name":"op","type":"string"}]}`
	reg.SeedSchema("t-value", 1, 18, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	b := zigzag([]byte{0, 0, 0, 0, 18, 2}, 400)
	for range 400 {
		b = append(b, 2, 2) // branch int, value 1
	}
	b = append(b, 0, 2, 'c')
	ch, err := NewDecoder(WithRegistry(cl)).Decode(context.Background(), "crm.public.t", nil, b)
	if err != nil {
		t.Fatalf("400 nullable ints: %v", err)
	}
	if a, _ := ch.After["a"].([]any); len(a) != 400 {
		t.Fatalf("array of %d items, want 400", len(a))
	}
}

// Arrays and maps of small records, as an order's line items or a
// collection of user-defined types, decode however many there are up to
// what any record may take: the budget is not the input's size alone
// (three one-byte ints make a record of some 28 slots).
func TestAvroArrayOfRecords(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	item := `{"type":"record","name":"Item","fields":[{"name":"sku","type":"int"},{"name":"qty","type":"int"},{"name":"price","type":"int"}]}`
	schema := `{"type":"record","name":"Envelope","namespace":"crm.public.orders","fields":[
	 {"name":"after","type":["null",{"type":"record","name":"Value","fields":[
	   {"name":"items","type":{"type":"array","items":` + item + `}},
	   {"name":"by_sku","type":{"type":"map","values":["null","Item"]}}]}],"default":null},
	 {"name":"op","type":"string"}]}`
	reg.SeedSchema("crm.public.orders-value", 1, 40, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	for _, n := range []int{300, 5000} {
		b := zigzag([]byte{0, 0, 0, 0, 40, 2}, int64(n))
		for i := range n {
			b = zigzag(zigzag(zigzag(b, int64(i%50)), 1), 9)
		}
		b = zigzag(append(b, 0), int64(n)) // end of the array; the map
		for i := range n {
			k := strconv.Itoa(i)
			b = append(zigzag(b, int64(len(k))), k...)
			b = zigzag(zigzag(zigzag(append(b, 2), int64(i%50)), 1), 9) // branch Item
		}
		b = append(b, 0, 2, 'c')
		ch, err := NewDecoder(WithRegistry(cl)).Decode(context.Background(), "crm.public.orders", nil, b)
		if err != nil {
			t.Fatalf("%d line items in %d bytes: %v", n, len(b), err)
		}
		items, _ := ch.After["items"].([]any)
		bySKU, _ := ch.After["by_sku"].(map[string]any)
		if len(items) != n || len(bySKU) != n {
			t.Fatalf("%d items and %d map entries, want %d", len(items), len(bySKU), n)
		}
		if it, _ := items[n-1].(map[string]any); fmt.Sprint(it["sku"], it["price"]) != fmt.Sprint((n-1)%50, 9) {
			t.Fatalf("last item %v", items[n-1])
		}
	}
}

// Debezium's records that are no change events, in Avro as its converter
// writes them (a wide inputs.regex reads their topics), are dead-lettered
// for what they are, as in JSON: "missing op" sent users looking for a
// broken connector. A record with a row and no op is still missing one.
func TestAvroNonChangeEventsNamed(t *testing.T) {
	const (
		heartbeat   = `{"type":"record","name":"Heartbeat","namespace":"io.debezium.connector.common","fields":[{"name":"ts_ms","type":"long"}],"connect.name":"io.debezium.connector.common.Heartbeat"}`
		transaction = `{"type":"record","name":"TransactionMetadataValue","namespace":"io.debezium.connector.common","fields":[
		 {"name":"status","type":"string"},{"name":"id","type":"string"},{"name":"event_count","type":["null","long"],"default":null},
		 {"name":"data_collections","type":["null",{"type":"array","items":{"type":"record","name":"ConnectDefault","namespace":"io.confluent.connect.avro","fields":[{"name":"data_collection","type":"string"},{"name":"event_count","type":"long"}]}}],"default":null},
		 {"name":"ts_ms","type":"long"}],"connect.name":"io.debezium.connector.common.TransactionMetadataValue"}`
		rowNoOp = `{"type":"record","name":"E","fields":[{"name":"status","type":"string"},{"name":"after","type":["null",{"type":"record","name":"V","fields":[{"name":"email","type":"string"}]}]}]}`
	)
	reg, cl := newFakeRegistry(t)
	for _, tc := range []struct {
		name, schema string
		native       map[string]any
		field        string
		reason       string
	}{
		{"heartbeat", heartbeat, map[string]any{"ts_ms": int64(1700000000000)}, "value", "a Debezium heartbeat, not a change event"},
		{"transaction BEGIN", transaction, map[string]any{"status": "BEGIN", "id": "571:53195829", "event_count": nil, "data_collections": nil, "ts_ms": int64(1700000000000)},
			"value", "a Debezium transaction metadata event, not a change event"},
		{"transaction END", transaction, map[string]any{"status": "END", "id": "571:53195829", "event_count": goavro.Union("long", int64(2)),
			"data_collections": goavro.Union("array", []any{map[string]any{"data_collection": "public.customers", "event_count": int64(2)}}), "ts_ms": int64(1700000000000)},
			"value", "a Debezium transaction metadata event, not a change event"},
		{"status and a row without op", rowNoOp, map[string]any{"status": "BEGIN", "after": goavro.Union("V", map[string]any{"email": "zoe@example.pl"})},
			"value.op", "missing op"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := 60 + len(tc.name) // one per schema
			reg.SeedSchema("x"+tc.name+"-value", 1, id, sr.Schema{Schema: tc.schema, Type: sr.TypeAvro})
			codec, err := goavro.NewCodec(tc.schema)
			if err != nil {
				t.Fatal(err)
			}
			v, err := codec.BinaryFromNative([]byte{0, 0, 0, 0, byte(id)}, tc.native)
			if err != nil {
				t.Fatal(err)
			}
			_, err = NewDecoder(WithRegistry(cl)).Decode(context.Background(), "crm.transaction", nil, v)
			var de *DecodeError
			if !errors.As(err, &de) || de.Field != tc.field || !strings.Contains(de.Reason, tc.reason) || de.Transient() {
				t.Fatalf("got %v, want %s: %s", err, tc.field, tc.reason)
			}
			if strings.Contains(err.Error(), "zoe@") {
				t.Fatal("the error quotes a value")
			}
		})
	}
}

// A value that is a framed Avro null is no tombstone Kafka Connect writes
// (its converters write none as no value): it is refused, not taken for a
// delete of the key. No value at all stays a tombstone.
func TestAvroNullValueIsNoTombstone(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	reg.SeedSchema("crm.public.t-value", 1, 41, sr.Schema{Schema: `["null",{"type":"record","name":"Envelope","fields":[{"name":"op","type":"string"}]}]`, Type: sr.TypeAvro})
	reg.SeedSchema("crm.public.n-value", 1, 42, sr.Schema{Schema: `"null"`, Type: sr.TypeAvro})
	d := NewDecoder(WithRegistry(cl))
	for _, v := range [][]byte{{0, 0, 0, 0, 41, 0}, {0, 0, 0, 0, 42}} {
		c, err := d.Decode(context.Background(), "crm.public.t", []byte(`{"id":1}`), v)
		var de *DecodeError
		if !errors.As(err, &de) || !strings.Contains(de.Reason, "not a tombstone") || c.Tombstone {
			t.Fatalf("framed null % x: tombstone %v, %v", v, c.Tombstone, err)
		}
	}
	c, err := d.Decode(context.Background(), "crm.public.t", []byte(`{"id":1}`), nil)
	if err != nil || !c.Tombstone {
		t.Fatalf("no value: tombstone %v, %v", c.Tombstone, err)
	}
}

// roundTripFunc is an http.RoundTripper of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A panic while a schema is fetched (the engine turns it into a dead
// letter and goes on) must not leave the schema's cache entry waiting
// forever: the next record of that schema fetches it again.
func TestSchemaFetchPanicReleasesTheSchema(t *testing.T) {
	reg := srfake.New()
	t.Cleanup(reg.Close)
	c, k, v := seedUpdate(t, reg)
	var calls atomic.Int32
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if calls.Add(1) == 1 {
			panic("a bug in the registry client")
		}
		return http.DefaultTransport.RoundTrip(r)
	})
	cl, err := sr.NewClient(sr.URLs(reg.URL()), sr.HTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder(WithRegistry(cl))
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the first fetch did not panic")
			}
		}()
		d.Decode(context.Background(), "crm.public.customers", k, v)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got, err := d.Decode(ctx, "crm.public.customers", k, v)
	if err != nil {
		t.Fatalf("the record after the panic: %v", err)
	}
	if diff := diffChange(got, c); diff != "" {
		t.Fatalf("round trip differs: %s", diff)
	}
}

// A record costs its map wherever it is, not only as an array's item:
// neither records nested in an item nor a schema whose records each hold
// two of the next (a tree of four million records from 23 names) may turn
// a few bytes into hundreds of megabytes.
func TestAvroNestedRecordsBounded(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	var tree func(i int) string // R0 holds two R1s, ..., R22 a null
	tree = func(i int) string {
		name := `"R` + strconv.Itoa(i) + `"`
		if i == 22 {
			return `{"type":"record","name":` + name + `,"fields":[{"name":"n","type":"null"}]}`
		}
		return `{"type":"record","name":` + name + `,"fields":[{"name":"l","type":` + tree(i+1) + `},{"name":"r","type":"R` + strconv.Itoa(i+1) + `"}]}`
	}
	chain := `"null"` // C0 holds C1, ..., C99 a null
	for i := 99; i >= 0; i-- {
		chain = `{"type":"record","name":"C` + strconv.Itoa(i) + `","fields":[{"name":"f","type":` + chain + `}]}`
	}
	for i, v := range []string{tree(0), `{"type":"record","name":"V","fields":[{"name":"a","type":{"type":"array","items":` + chain + `}}]}`} {
		id := 43 + i
		schema := `{"type":"record","name":"Envelope","namespace":"crm.public.t","fields":[
	 {"name":"after","type":["null",` + v + `],"default":null},
	 {"name":"op","type":"string"}]}`
		reg.SeedSchema("n"+strconv.Itoa(i)+"-value", 1, id, sr.Schema{Schema: schema, Type: sr.TypeAvro})
		b := []byte{0, 0, 0, 0, byte(id), 2}
		if i == 1 {
			b = append(zigzag(b, 8000), 0) // 8,000 chains of 100 records
		}
		b = append(b, 2, 'c')
		refusedWithin64MiB(t, cl, b, "schema "+strconv.Itoa(id)+": records of no input")
	}
}

// TestAvroDecimalsAreNumbers: DecodeFlat gives the engine a row's
// decimals (the decimal logical type, in bytes or fixed, nullable or not,
// and Debezium's VariableScaleDecimal) as numbers, as it does a JSON
// record's with schemas: read as text, the 0 Debezium writes for a NOT
// NULL NUMERIC it was not sent did not count as its stand-in (an ERASE
// named the subject of "0.00"). Each keeps the text it is written out as
// when unchanged, its decimal in a string; text stays text.
func TestAvroDecimalsAreNumbers(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	schema := `{"type":"record","name":"Envelope","namespace":"crm.public.t","fields":[
	 {"name":"before","type":["null",{"type":"record","name":"Value","fields":[
	   {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
	   {"name":"maybe","type":["null",{"type":"bytes","logicalType":"decimal","precision":10,"scale":0}],"default":null},
	   {"name":"fx","type":{"type":"fixed","name":"P","size":4,"logicalType":"decimal","precision":8,"scale":1}},
	   {"name":"var","type":{"type":"record","name":"VariableScaleDecimal","namespace":"io.debezium.data","fields":[{"name":"scale","type":"int"},{"name":"value","type":"bytes"}]}},
	   {"name":"s","type":"string"},
	   {"name":"either","type":["string",{"type":"bytes","logicalType":"decimal","precision":10,"scale":0}]}]}],"default":null},
	 {"name":"after","type":["null","Value"],"default":null},
	 {"name":"op","type":"string"}]}`
	reg.SeedSchema("t-value", 1, 31, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	codec, err := newCodecForTest(schema)
	if err != nil {
		t.Fatal(err)
	}
	row := map[string]any{"amount": big.NewRat(0, 1), "maybe": map[string]any{"bytes.decimal": big.NewRat(42, 1)},
		"fx": big.NewRat(-15, 10), "var": map[string]any{"scale": int32(0), "value": big.NewInt(491711234567).Bytes()},
		"s": "0.00", "either": map[string]any{"string": "7"}}
	native := map[string]any{"op": "u", "before": map[string]any{"crm.public.t.Value": row}, "after": map[string]any{"crm.public.t.Value": row}}
	body, err := codec.BinaryFromNative([]byte{0, 0, 0, 0, 31}, native)
	if err != nil {
		t.Fatal(err)
	}
	var f pipeline.Flat
	if err := NewDecoder(WithRegistry(cl)).DecodeFlat(context.Background(), "crm.public.t", nil, body, &f); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		col      string
		kind     pipeline.Kind
		str, raw string
	}{
		{"amount", pipeline.KindNumber, "0.00", `"0.00"`},
		{"maybe", pipeline.KindNumber, "42", `"42"`},
		{"fx", pipeline.KindNumber, "-1.5", `"-1.5"`},
		{"var", pipeline.KindNumber, "491711234567", `"491711234567"`},
		{"s", pipeline.KindString, "0.00", ""},
		{"either", pipeline.KindString, "7", ""}, // a string or a decimal: the schema does not say which
	} {
		for _, im := range []*pipeline.Image{&f.Before, &f.After} {
			c := im.Get(tt.col)
			if c == nil || c.Kind != tt.kind || c.Str != tt.str || c.Raw != tt.raw {
				t.Errorf("%s: %+v, want kind %d %q raw %s", tt.col, c, tt.kind, tt.str, tt.raw)
			}
		}
	}
}

// An envelope under an optional value schema (an SMT's or another
// connector's), which Kafka Connect's AvroData writes as a union of null
// and the record, is read as the
// record, its decimals numbers: it was refused as "not a record" although
// it decoded to one, every record of such a topic dead-lettered. Its null
// branch is still no tombstone (TestAvroNullValueIsNoTombstone).
func TestAvroOptionalEnvelope(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	schema := `["null",{"type":"record","name":"Envelope","namespace":"crm.public.t","fields":[
	 {"name":"before","type":["null",{"type":"record","name":"Value","fields":[
	   {"name":"id","type":"long"},
	   {"name":"amount","type":["null",{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}],"default":null}]}],"default":null},
	 {"name":"after","type":["null","Value"],"default":null},
	 {"name":"op","type":"string"}]}]`
	reg.SeedSchema("crm.public.t-value", 1, 51, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	codec, err := newCodecForTest(schema)
	if err != nil {
		t.Fatal(err)
	}
	row := map[string]any{"id": int64(7), "amount": goavro.Union("bytes.decimal", big.NewRat(1234, 100))}
	body, err := codec.BinaryFromNative([]byte{0, 0, 0, 0, 51}, goavro.Union("crm.public.t.Envelope",
		map[string]any{"op": "c", "before": nil, "after": goavro.Union("crm.public.t.Value", row)}))
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder(WithRegistry(cl))
	got, err := d.Decode(context.Background(), "crm.public.t", nil, body)
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffChange(got, pipeline.Change{Op: pipeline.OpCreate, After: pipeline.Row{"id": int64(7), "amount": "12.34"}}); diff != "" {
		t.Fatalf("decoded change differs: %s", diff)
	}
	var f pipeline.Flat
	if err := d.DecodeFlat(context.Background(), "crm.public.t", nil, body, &f); err != nil {
		t.Fatal(err)
	}
	if c := f.After.Get("amount"); c == nil || c.Kind != pipeline.KindNumber || c.Str != "12.34" {
		t.Fatalf("amount %+v, want the number 12.34", c)
	}
}

// A table's schema evolving mid-stream (a column added, another dropped)
// gives the subject a new schema id: each record is read with the schema
// its own id names, whichever order the ids come in, and each id costs one
// registry request.
func TestAvroSchemaEvolution(t *testing.T) {
	reg, _ := newFakeRegistry(t)
	var asked atomic.Int32
	reg.Intercept(func(_ http.ResponseWriter, r *http.Request) bool {
		if strings.HasPrefix(r.URL.Path, "/schemas/ids/") {
			asked.Add(1)
		}
		return false
	})
	cl, err := sr.NewClient(sr.URLs(reg.URL()))
	if err != nil {
		t.Fatal(err)
	}
	envelope := func(cols string) string {
		return `{"type":"record","name":"Envelope","namespace":"crm.public.t","fields":[
		 {"name":"before","type":["null",{"type":"record","name":"Value","fields":[` + cols + `]}],"default":null},
		 {"name":"after","type":["null","Value"],"default":null},{"name":"op","type":"string"}]}`
	}
	v1 := envelope(`{"name":"id","type":"long"},{"name":"fax","type":["null","string"],"default":null}`)
	v2 := envelope(`{"name":"id","type":"long"},{"name":"email","type":["null","string"],"default":null},{"name":"score","type":"double","default":0}`)
	reg.SeedSchema("crm.public.t-value", 1, 71, sr.Schema{Schema: v1, Type: sr.TypeAvro})
	reg.SeedSchema("crm.public.t-value", 2, 72, sr.Schema{Schema: v2, Type: sr.TypeAvro})
	encode := func(schema string, id byte, row map[string]any) []byte {
		codec, err := newCodecForTest(schema)
		if err != nil {
			t.Fatal(err)
		}
		b, err := codec.BinaryFromNative([]byte{0, 0, 0, 0, id}, map[string]any{"op": "c", "before": nil, "after": goavro.Union("crm.public.t.Value", row)})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	old := encode(v1, 71, map[string]any{"id": int64(1), "fax": goavro.Union("string", "+49 30 1234567")})
	niu := encode(v2, 72, map[string]any{"id": int64(2), "email": goavro.Union("string", "zoe@example.pl"), "score": 0.5})
	d := NewDecoder(WithRegistry(cl))
	for _, v := range [][]byte{old, niu, old, niu, niu, old} {
		got, err := d.Decode(context.Background(), "crm.public.t", nil, v)
		if err != nil {
			t.Fatal(err)
		}
		want := pipeline.Row{"id": int64(1), "fax": "+49 30 1234567"}
		if v[4] == 72 {
			want = pipeline.Row{"id": int64(2), "email": "zoe@example.pl", "score": 0.5}
		}
		if diff := diffChange(got, pipeline.Change{Op: pipeline.OpCreate, After: want}); diff != "" {
			t.Fatalf("schema id %d: %s", v[4], diff)
		}
	}
	if n := asked.Load(); n != 2 {
		t.Fatalf("the registry was asked %d times, want once per schema id", n)
	}
}
