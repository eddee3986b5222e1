package worker

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/pipeline"
)

// An Avro nested record holding a double is written as an object whether
// or not an address in it is replaced, also for a double written in
// exponent notation (2.5e+06): the type must not hang on the data (a
// review saw it turn into a string for amounts of a million).
func TestAvroNestedDoubleKeepsTheType(t *testing.T) {
	cl, codec := ledgerAvro(t, `{"name":"id","type":"long"},
	   {"name":"nested","type":{"type":"record","name":"N","fields":[{"name":"note","type":"string"},{"name":"amount","type":"double"}]}}`)
	for _, tc := range []struct {
		note   string
		amount float64
	}{{"ok", 2500000}, {"mail anna.schmidt@example.com", 25.5}, {"mail anna.schmidt@example.com", 2500000}} {
		native := map[string]any{
			"op":     "c",
			"source": map[string]any{"schema": "public", "table": "ledger", "ts_ms": int64(1700000000000)},
			"after": map[string]any{"crm.public.ledger.Value": map[string]any{
				"id": int64(1), "nested": map[string]any{"note": tc.note, "amount": tc.amount}}},
		}
		out := handleAvro(t, cl, codec, 7, "crm.public.ledger", `{"id":1}`, native)
		o := onlyOn(t, out, "lethe.sanitized.ledger")
		var env struct{ After map[string]json.RawMessage }
		if err := json.Unmarshal(o.Value, &env); err != nil {
			t.Fatal(err)
		}
		n := env.After["nested"]
		if len(n) == 0 || n[0] != '{' {
			t.Errorf("%q %v: nested = %s, want an object", tc.note, tc.amount, n)
		}
	}
}

// A JSON column holding a number in exponent notation and an address
// comes out the same from both decoding paths (flat columns and row maps).
func TestFlatNestedExponentAgrees(t *testing.T) {
	v := []byte(`{"op":"c","source":{"schema":"public","table":"customers","ts_ms":1700000000000},"after":{"customer_id":3,` +
		`"prefs":{"contact":"jan.kowalski@example.pl","score":1.5e3}}}`)
	in := []pipeline.Message{{Topic: "crm.public.customers", Key: []byte(`{"customer_id":3}`), Value: v, Timestamp: time.UnixMilli(1700000000000)}}
	var got [2]pipeline.Output
	for i, dec := range []pipeline.Decoder{debezium.NewDecoder(), mapsOnly{debezium.NewDecoder()}} {
		out, err := newDemoEngine(t, dec, 1).Handle(context.Background(), in, nil)
		if err != nil {
			t.Fatal(err)
		}
		got[i] = onlyOn(t, out, "lethe.sanitized.customers")
		if strings.Contains(string(got[i].Value), "kowalski") {
			t.Fatalf("path %d: the address went out", i)
		}
	}
	if !sameJSON(got[0].Value, got[1].Value) {
		t.Errorf("paths differ:\nflat %s\nmaps %s", got[0].Value, got[1].Value)
	}
}
