package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/pipeline"
)

// FuzzEngineJSON feeds arbitrary Debezium JSON records, with arbitrary
// Kafka timestamps, through the decoder and the engine as the worker runs
// them (column lists, values copied as received), in a batch with a valid
// record of the same table. Whatever the input, the engine must not fail
// or panic, every output topic must be one Kafka takes, every value it
// writes must be valid JSON in valid UTF-8 and so must every sanitized
// record's key: downstream consumers parse them, and a
// value copied as received must never smuggle in what the decoder would not
// have produced.
// kafkaTopic is what Kafka takes as a topic name.
var kafkaTopic = regexp.MustCompile(`^[a-zA-Z0-9._-]{1,249}$`)

func FuzzEngineJSON(f *testing.F) {
	gen := democrm.New(3)
	for range 40 {
		ev := gen.Next()
		for _, schema := range []bool{false, true} {
			if k, v, err := ev.Encode(schema); err == nil {
				f.Add(k, v, int64(1700000000000))
			}
		}
	}
	valid := pipeline.Message{Topic: "crm.public.customers", Key: []byte(`{"customer_id":9}`), Timestamp: time.UnixMilli(1700000000000),
		Value: []byte(`{"op":"c","source":{"schema":"public","table":"customers","ts_ms":1700000000000},"after":{"customer_id":9,"email":"a@b.de"}}`)}
	// A commit time past the year 9999 once made every data map flush fail.
	f.Add([]byte(`{"customer_id":3}`), []byte(`{"op":"c","source":{"table":"customers","ts_ms":900000000000000000},"after":{"customer_id":3}}`), int64(-1))
	f.Add([]byte(`{"customer_id":3}`), []byte(`{"op":"d","source":{"table":"customers"},"before":{"customer_id":3}}`), int64(1<<62))
	f.Add([]byte(`{"id":1}`), []byte(`{"op":"c","source":{"table":"customers"},"after":{"n":{"e":"a\u0040b.de","t":["`+"\x98"+`"]},"s":"x\"y","b":"`+"\xff"+`"}}`), int64(0))
	f.Add([]byte(`{"id":1}`), []byte(`{"op":"c","source":{"schema":"ä ö","table":"K\u00fcndigungen \"x\""},"after":{"id":1}}`), int64(0))
	parts := demoParts(f) // the policy, keys and scanner hold no state: built once
	f.Fuzz(func(t *testing.T, key, value []byte, ts int64) {
		// A fresh engine each time, so a failure does not depend on what
		// earlier inputs left in the data map and reproduces alone.
		e := parts.engine(t, debezium.NewDecoder(debezium.WithAliasing()), 1)
		fuzzed := pipeline.Message{Topic: "crm.public.customers", Key: key, Value: value, Timestamp: time.UnixMilli(ts)}
		in := []pipeline.Message{fuzzed, valid, fuzzed}
		out, err := e.Handle(context.Background(), in, nil)
		if err != nil {
			t.Fatalf("engine failed: %v", err)
		}
		for _, o := range out {
			// A record's table name makes output topics: Kafka must take
			// every one, or the batch stalls for good.
			if !kafkaTopic.MatchString(o.Topic) || o.Topic == "." || o.Topic == ".." {
				t.Fatalf("output topic %q: Kafka would refuse it", o.Topic)
			}
			if o.Value == nil {
				continue // a tombstone
			}
			if !json.Valid(o.Value) || !utf8.Valid(o.Value) {
				t.Fatalf("%s: output is not valid JSON in UTF-8", o.Topic)
			}
			if o.Topic == pipeline.DefaultTopics.Commands {
				// Holders erase the copies older than a command: one issued
				// at an implausible time would erase nothing, or everything.
				var cmd pipeline.Command
				if err := json.Unmarshal(o.Value, &cmd); err != nil || cmd.IssuedAt.Year() < 1970 || cmd.IssuedAt.Year() > 9000 {
					t.Fatalf("command issued at %s (%v)", cmd.IssuedAt, err)
				}
			}
			if len(o.Key) > 0 && o.Topic != pipeline.DefaultTopics.Commands && o.Topic != pipeline.DefaultTopics.DeadLetter &&
				o.Topic != pipeline.DefaultTopics.DataMap && (!json.Valid(o.Key) || !utf8.Valid(o.Key)) {
				t.Fatalf("%s: record key is not valid JSON in UTF-8", o.Topic)
			}
		}
	})
}

// FuzzEngineLeak plants a card number, as a whole JSON string, into a
// fuzzed column value (every X in frag) under an optional fuzzed schema
// block: whenever the record is forwarded, it must not hold the number,
// whatever shape holds it (an object shaped like a VariableScaleDecimal,
// a column the schema calls a Decimal or bytes: a review found those).
func FuzzEngineLeak(f *testing.F) {
	for _, s := range []string{`X`, `[X]`, `{"a":X}`, `[1,{"b":[X]}]`, `{"a":"x","b":X}`, `[X,X]`, `{"scale":0,"value":X}`} {
		f.Add(s, "")
		f.Add(s, `{"type":"struct","fields":[{"type":"struct","field":"after","fields":[{"type":"bytes","field":"c"}]}]}`)
		f.Add(s, `{"type":"struct","fields":[{"type":"struct","field":"after","fields":[{"type":"array","items":{"type":"bytes"},"field":"c"}]}]}`)
		f.Add(s, `{"type":"struct","fields":[{"type":"struct","field":"after","fields":[{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"0"},"field":"c"}]}]}`)
	}
	parts := demoParts(f)
	const card = "4111111111111111"
	f.Fuzz(func(t *testing.T, frag, schema string) {
		if !strings.Contains(frag, "X") || strings.Contains(frag, card) || strings.Contains(schema, card) || strings.Contains(frag, `\`) {
			return
		}
		frag = strings.ReplaceAll(frag, "X", `"`+card+`"`)
		payload := `{"op":"c","source":{"schema":"public","table":"contacts","ts_ms":1764480000000},"after":{"id":1,"c":` + frag + `}}`
		v := payload
		if schema != "" {
			v = `{"schema":` + schema + `,"payload":` + payload + `}`
		}
		e := parts.engine(t, debezium.NewDecoder(), 1)
		m := pipeline.Message{Topic: "crm.public.contacts", Key: []byte(`{"id":1}`), Value: []byte(v), Timestamp: time.UnixMilli(1764480000000)}
		out, err := e.Handle(context.Background(), []pipeline.Message{m}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range out {
			if o.Topic == "lethe.sanitized.contacts" && bytes.Contains(o.Value, []byte(card)) {
				t.Fatalf("card number forwarded: %s", o.Value)
			}
		}
	})
}
