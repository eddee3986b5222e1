package worker

import (
	"context"
	"encoding/base64"
	"math/big"
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
	body, err := codec.BinaryFromNative([]byte{0, 0, 0, 0, 7}, native)
	if err != nil {
		t.Fatal(err)
	}
	in := []pipeline.Message{{Topic: "crm.public.ledger", Key: []byte(`{"id":1}`), Value: body}}
	out, err := newDemoEngine(t, debezium.NewDecoder(debezium.WithRegistry(cl)), 1).Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
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
