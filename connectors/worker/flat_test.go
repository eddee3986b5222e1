package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/connectors/democrm"
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
		gen := democrm.New(7)
		var in []pipeline.Message
		for i := range 3000 {
			ev := gen.Next()
			k, v, err := ev.Encode(withSchema)
			if err != nil {
				t.Fatal(err)
			}
			in = append(in, pipeline.Message{Topic: ev.Topic, Offset: int64(i), Key: k, Value: v, Timestamp: time.UnixMilli(1700000000000)})
		}
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
