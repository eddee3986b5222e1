package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/pipeline"
)

// mapsOnly hides DecodeFlat, so the engine takes the general path: Decode
// to row maps, then columns sorted by name.
type mapsOnly struct{ d *debezium.Decoder }

func (m mapsOnly) Decode(ctx context.Context, topic string, key, value []byte) (pipeline.Change, error) {
	return m.d.Decode(ctx, topic, key, value)
}

// TestFlatDecodingChangesNothing runs demo CRM events, in both JSON
// variants, through the engine twice: decoded straight into columns
// (DecodeFlat, the worker's path) and through row maps. The outputs must
// say the same thing: same records, and values that read as the same JSON
// (only the order of columns may differ).
func TestFlatDecodingChangesNothing(t *testing.T) {
	for _, withSchema := range []bool{false, true} {
		in, _ := demoMessages(t, 7, 3000, withSchema, time.UnixMilli(1700000000000))
		run := func(dec pipeline.Decoder) []pipeline.Output {
			out, err := newDemoEngine(t, dec, 1).Handle(context.Background(), in, nil)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		flat, maps := run(debezium.NewDecoder()), run(mapsOnly{debezium.NewDecoder()})
		if len(flat) != len(maps) {
			t.Fatalf("schema=%v: %d outputs straight, %d through maps", withSchema, len(flat), len(maps))
		}
		for i := range flat {
			a, b := flat[i], maps[i]
			if a.Topic != b.Topic || !reflect.DeepEqual(a.Headers, b.Headers) || !sameJSON(a.Key, b.Key) || !sameJSON(a.Value, b.Value) {
				t.Fatalf("schema=%v: output %d on %s differs between the two paths", withSchema, i, a.Topic)
			}
		}
	}
}

// TestFlatNestedValues sends nested JSON columns that hide an e-mail
// address behind an escape and carry invalid UTF-8 (also inside an
// address, the Latin-1 bytes of a legacy CRM): the addresses must be
// found and sanitized, the output must be valid JSON in UTF-8, and both
// decoding paths must agree.
func TestFlatNestedValues(t *testing.T) {
	v := []byte(`{"op":"c","source":{"schema":"public","table":"customers","ts_ms":1700000000000},"after":{"customer_id":3,` +
		`"prefs":{"contact":"jan.kowalski\u0040example.pl","note":"rufen Sie an"},"tags":["` + "\xff\xfe" + `",1],` +
		`"memo":"Neue Adresse: ` + "j\xf6rg.m\xfcller@gmx.de" + `, bitte"}}`)
	in := []pipeline.Message{{Topic: "crm.public.customers", Key: []byte(`{"customer_id":3}`), Value: v, Timestamp: time.UnixMilli(1700000000000)}}
	var got [2][]pipeline.Output
	for i, dec := range []pipeline.Decoder{debezium.NewDecoder(), mapsOnly{debezium.NewDecoder()}} {
		out, err := newDemoEngine(t, dec, 1).Handle(context.Background(), in, nil)
		if err != nil {
			t.Fatal(err)
		}
		got[i] = out
		o := onlyOn(t, out, "lethe.sanitized.customers")
		if !json.Valid(o.Value) || !utf8.Valid(o.Value) {
			t.Fatalf("path %d: sanitized record is not valid JSON in UTF-8", i)
		}
		if bytes.Contains(o.Value, []byte("kowalski")) {
			t.Fatalf("path %d: the escaped e-mail address went out as it was", i)
		}
		// Latin-1 bytes in an address (invalid UTF-8) are part of it: no
		// piece of it goes out.
		if bytes.Contains(o.Value, []byte("rg.m")) || bytes.Contains(o.Value, []byte("ller@")) || bytes.Contains(o.Value, []byte("gmx.de")) {
			t.Fatalf("path %d: part of the Latin-1 e-mail address went out raw: %s", i, o.Value)
		}
	}
	if len(got[0]) != len(got[1]) {
		t.Fatalf("%d outputs straight, %d through maps", len(got[0]), len(got[1]))
	}
	for i := range got[0] {
		if got[0][i].Topic != got[1][i].Topic || !sameJSON(got[0][i].Value, got[1][i].Value) {
			t.Fatalf("output %d on %s differs between the two paths", i, got[0][i].Topic)
		}
	}
}

// onlyOn returns the one output of out on topic, failing the test unless
// there is exactly one.
func onlyOn(t *testing.T, out []pipeline.Output, topic string) pipeline.Output {
	t.Helper()
	var found []pipeline.Output
	for _, o := range out {
		if o.Topic == topic {
			found = append(found, o)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d outputs on %s, want 1 (outputs %v)", len(found), topic, out)
	}
	return found[0]
}

// sameJSON reports whether a and b are the same bytes or read as the same
// JSON value.
func sameJSON(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var x, y any
	da, db := json.NewDecoder(bytes.NewReader(a)), json.NewDecoder(bytes.NewReader(b))
	da.UseNumber()
	db.UseNumber()
	return da.Decode(&x) == nil && db.Decode(&y) == nil && reflect.DeepEqual(x, y)
}
