package worker

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/linkedin/goavro/v2"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumtest"
	"github.com/lethe-cdc/lethe/pipeline"
)

// TestAvroNumbersAndBytesSanitized feeds Debezium Avro holding personal
// data where a leak hunt found it going out raw: a NUMERIC without
// precision as Debezium's VariableScaleDecimal record (its default
// decimal.handling.mode), and bytes inside an array (bytea[]) and inside a
// nested record, which were written out as base64 nobody had scanned,
// also where they are Latin-1, UTF-16 or have binary framing that is not
// UTF-8.
func TestAvroNumbersAndBytesSanitized(t *testing.T) {
	cl, codec := ledgerAvro(t, `{"name":"id","type":"long"},
	   {"name":"telefon","type":{"type":"record","name":"VariableScaleDecimal","namespace":"io.debezium.data","fields":[{"name":"scale","type":"int"},{"name":"value","type":"bytes"}]}},
	   {"name":"val","type":"io.debezium.data.VariableScaleDecimal"},
	   {"name":"balance","type":"io.debezium.data.VariableScaleDecimal"},
	   {"name":"blobs","type":{"type":"array","items":["null","bytes"]}},
	   {"name":"latin","type":{"type":"array","items":"bytes"}},
	   {"name":"wide","type":"bytes"},
	   {"name":"framed","type":{"type":"array","items":"bytes"}},
	   {"name":"nested","type":{"type":"record","name":"N","fields":[{"name":"note","type":"string"},{"name":"blob","type":"bytes"}]}}`)
	unscaled := func(n int64) []byte { return big.NewInt(n).Bytes() }
	latin1 := []byte("R\xfcckruf: jan.kowalski@example.pl")
	var utf16le []byte // as .NET and SQL Server write text
	for _, c := range "Kontakt: qz60.u16@example.org" {
		utf16le = append(utf16le, byte(c), 0)
	}
	framed := append([]byte{0x0a, 0x90, 0x01}, "carl.meier@example.net"...) // protobuf framing, not UTF-8
	native := map[string]any{
		"op":     "c",
		"source": map[string]any{"schema": "public", "table": "ledger", "ts_ms": int64(1700000000000)},
		"after": map[string]any{"crm.public.ledger.Value": map[string]any{
			"id":      int64(1),
			"telefon": map[string]any{"scale": int32(0), "value": unscaled(4915112345678)},
			"val":     map[string]any{"scale": int32(0), "value": unscaled(4539578763621486)},
			"balance": map[string]any{"scale": int32(2), "value": unscaled(12345)},
			"blobs":   []any{map[string]any{"bytes": []byte("anna.schmidt@example.com")}, nil},
			"latin":   []any{latin1},
			"wide":    utf16le,
			"framed":  []any{framed},
			"nested":  map[string]any{"note": "ok", "blob": []byte("berta@example.org")},
		}},
	}
	out := handleAvro(t, cl, codec, 7, "crm.public.ledger", `{"id":1}`, native)
	got := string(onlyOn(t, out, "lethe.sanitized.ledger").Value)
	for _, raw := range []string{"4915112345678", "4539578763621486", "anna.schmidt", "berta", "kowalski", "carl.meier", base64.StdEncoding.EncodeToString(latin1), base64.StdEncoding.EncodeToString(framed), base64.StdEncoding.EncodeToString(utf16le), "qz60",
		"BHhjhoBO", "ECC5C6K0bg==", "YW5uYS5zY2htaWR0QGV4YW1wbGUuY29t", "YmVydGFAZXhhbXBsZS5vcmc="} {
		if strings.Contains(got, raw) {
			t.Errorf("%q went out in %s", raw, got)
		}
	}
	if !strings.Contains(got, `"balance":"123.45"`) {
		t.Errorf("balance: want the decimal 123.45 in %s", got)
	}
}

// TestBinaryBytesGoOutAsTheyCame feeds bytes that are not text (an image,
// a ciphertext: random bytes) in an Avro bytes field and an array of them
// and, for comparison, in a bytea and a bytea[] column of JSON with
// schemas. Read as text, random bytes hold
// what the detectors take for street addresses and e-mail addresses (one
// of 4 KiB in three): the Avro value was replaced by that text, its bytes
// lost. Both must go out as the record had them, unflagged.
func TestBinaryBytesGoOutAsTheyCame(t *testing.T) {
	cl, codec := ledgerAvro(t, `{"name":"id","type":"long"},{"name":"thumb","type":"bytes"},{"name":"pages","type":{"type":"array","items":"bytes"}}`)
	avro := newDemoEngine(t, debezium.NewDecoder(debezium.WithRegistry(cl)), 1)
	plain := newDemoEngine(t, debezium.NewDecoder(), 1)
	schema := `{"type":"struct","fields":[{"type":"struct","optional":true,"field":"after","fields":[` +
		`{"type":"int64","field":"id"},{"type":"bytes","optional":true,"field":"thumb"},` +
		`{"type":"array","items":{"type":"bytes"},"optional":true,"field":"pages"}]},{"type":"string","field":"op"}]}`
	r := rand.New(rand.NewPCG(1, 1))
	random := func() ([]byte, string) {
		b := make([]byte, 4096)
		for k := range b {
			b[k] = byte(r.IntN(256))
		}
		return b, base64.StdEncoding.EncodeToString(b)
	}
	for i := range 40 {
		blob, b64 := random()
		page, pageB64 := random()
		native := map[string]any{"op": "c", "source": map[string]any{"schema": "public", "table": "ledger", "ts_ms": int64(1700000000000)},
			"after": map[string]any{"crm.public.ledger.Value": map[string]any{"id": int64(i), "thumb": blob, "pages": []any{page}}}}
		body, err := codec.BinaryFromNative([]byte{0, 0, 0, 0, 7}, native)
		if err != nil {
			t.Fatal(err)
		}
		withSchema := `{"schema":` + schema + `,"payload":{"op":"c","source":{"schema":"public","table":"ledger","ts_ms":1700000000000},` +
			`"after":{"id":` + strconv.Itoa(i) + `,"thumb":"` + b64 + `","pages":["` + pageB64 + `"]}}}`
		for name, in := range map[string]struct {
			e     *pipeline.Engine
			value []byte
		}{"avro": {avro, body}, "json": {plain, []byte(withSchema)}} {
			key := []byte(`{"id":` + strconv.Itoa(i) + `}`)
			out, err := in.e.Handle(context.Background(), []pipeline.Message{{Topic: "crm.public.ledger", Offset: int64(i), Key: key, Value: in.value}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			in.e.Committed()
			var env struct {
				After map[string]any
				Lethe struct{ Fields map[string]string }
			}
			if err := json.Unmarshal(onlyOn(t, out, "lethe.sanitized.ledger").Value, &env); err != nil {
				t.Fatal(err)
			}
			pages, _ := env.After["pages"].([]any)
			if env.After["thumb"] != b64 || len(pages) != 1 || pages[0] != pageB64 || len(env.Lethe.Fields) > 0 {
				t.Fatalf("%s: random bytes %d went out as %.60q... and %.60q..., with fields %v; want them as they came",
					name, i, env.After["thumb"], env.After["pages"], env.Lethe.Fields)
			}
		}
	}
}

// ledgerAvro serves, as id 7 of subject crm.public.ledger-value on a fake
// registry, the schema of Debezium envelopes of table public.ledger whose
// row record (Value) has the fields valueFields (JSON, without brackets),
// and returns its client and the schema's codec, with which a test writes
// the records a Debezium Avro converter would.
func ledgerAvro(t *testing.T, valueFields string) (*sr.Client, *goavro.Codec) {
	t.Helper()
	schema := `{"type":"record","name":"Envelope","namespace":"crm.public.ledger","fields":[
	 {"name":"after","type":["null",{"type":"record","name":"Value","fields":[` + valueFields + `]}],"default":null},
	 {"name":"source","type":{"type":"record","name":"Source","namespace":"io.debezium.connector.postgresql","fields":[
	   {"name":"schema","type":"string"},{"name":"table","type":"string"},{"name":"ts_ms","type":"long"}]}},
	 {"name":"op","type":"string"}]}`
	reg, cl := debeziumtest.Registry(t)
	reg.SeedSchema("crm.public.ledger-value", 1, 7, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	codec, err := goavro.NewCodec(schema)
	if err != nil {
		t.Fatal(err)
	}
	return cl, codec
}

// handleAvro runs native, encoded by codec and framed with schema id,
// through a demo engine that reads schemas from cl, as the record of key
// on topic, and returns the outputs.
func handleAvro(t *testing.T, cl *sr.Client, codec *goavro.Codec, id byte, topic, key string, native map[string]any) []pipeline.Output {
	t.Helper()
	body, err := codec.BinaryFromNative([]byte{0, 0, 0, 0, id}, native)
	if err != nil {
		t.Fatal(err)
	}
	in := []pipeline.Message{{Topic: topic, Key: []byte(key), Value: body}}
	out, err := newDemoEngine(t, debezium.NewDecoder(debezium.WithRegistry(cl)), 1).Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAvroDecimalZeroSubjectKeyNamesNoSubject is
// pipeline's TestEngineKeyOnlyBeforeImageNoSubject for Avro: a delete
// under PostgreSQL's REPLICA IDENTITY DEFAULT sends only the key's
// columns, and Debezium fills a NOT NULL NUMERIC subject key outside it
// with zero, which the Avro converter writes as the decimal 0 at its
// scale. Read as text "0.00", not as a number, it named the subject of
// "0.00" in every such ERASE; JSON with schemas names none. A decimal
// subject key that is not zero still names its subject.
func TestAvroDecimalZeroSubjectKeyNamesNoSubject(t *testing.T) {
	schema := `{"type":"record","name":"Envelope","namespace":"crm.public.orders","fields":[
	 {"name":"before","type":["null",{"type":"record","name":"Value","fields":[{"name":"order_id","type":"long"},
	   {"name":"customer_id","type":{"type":"bytes","scale":2,"precision":12,"connect.version":1,"connect.parameters":{"scale":"2","connect.decimal.precision":"12"},"connect.name":"org.apache.kafka.connect.data.Decimal","logicalType":"decimal"}}]}],"default":null},
	 {"name":"after","type":["null","Value"],"default":null},
	 {"name":"source","type":{"type":"record","name":"Source","namespace":"io.debezium.connector.postgresql","fields":[
	   {"name":"schema","type":"string"},{"name":"table","type":"string"},{"name":"ts_ms","type":"long"}]}},
	 {"name":"op","type":"string"},{"name":"ts_ms","type":["null","long"],"default":null}]}`
	reg, cl := debeziumtest.Registry(t)
	reg.SeedSchema("crm.public.orders-value", 1, 9, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	codec, err := goavro.NewCodec(schema)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		unscaled int64
		subject  bool
	}{
		{"zero stand-in", 0, false},
		{"a customer", 4200, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			native := map[string]any{"op": "d", "ts_ms": map[string]any{"long": int64(1700000000001)},
				"source": map[string]any{"schema": "public", "table": "orders", "ts_ms": int64(1700000000000)},
				"before": map[string]any{"crm.public.orders.Value": map[string]any{"order_id": int64(145),
					"customer_id": big.NewRat(tc.unscaled, 100)}}}
			out := handleAvro(t, cl, codec, 9, "crm.public.orders", `{"order_id":145}`, native)
			var cmd struct{ Subject string }
			if err := json.Unmarshal(onlyOn(t, out, pipeline.DefaultTopics.Commands).Value, &cmd); err != nil {
				t.Fatal(err)
			}
			if got := cmd.Subject != ""; got != tc.subject {
				t.Errorf("ERASE subject %q, want one: %t", cmd.Subject, tc.subject)
			}
		})
	}
}
