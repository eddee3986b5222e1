package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"math/big"
	"reflect"
	"regexp"
	"strconv"
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
// have produced. What a sanitized record keeps must be what the input held,
// as encoding/json reads both (checkKeptAsReceived).
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
	// What the writer must get right: surrogate pairs and lone ones, raw
	// and escaped line separators, names to escape, numbers beyond 2^63,
	// -0 and exponents in a JSON column, an escaped slash, an escaped @.
	f.Add([]byte(`{"customer_id":{"k\"1":[-0,"\ud800"]}}`), []byte(`{"op":"c","source":{"table":"customers"},"after":{"customer_id":1,`+
		`"n\"o":"\ud83d\ude00\ud800\u2028`+"\u2028"+`x","j":{"a\"b":[-0,1E+2,12345678901234567890,"x\/y"]},"m":"anna\u0040example.com"}}`), int64(1700000000000))
	// A value in Confluent's framing (schema id 0x30303030), no registry.
	f.Add([]byte("0"), []byte("\x000000"), int64(1<<62))
	parts := demoParts(f) // the policy, keys and scanner hold no state: built once
	f.Fuzz(func(t *testing.T, key, value []byte, ts int64) {
		// A fresh engine each time, so a failure does not depend on what
		// earlier inputs left in the data map and reproduces alone.
		e := parts.engine(t, debezium.NewDecoder(debezium.WithAliasing()), 1)
		fuzzed := pipeline.Message{Topic: "crm.public.customers", Key: key, Value: value, Timestamp: time.UnixMilli(ts)}
		// Offsets as a partition has them, and a JSON record last: a
		// value in Confluent's framing with no registry configured is
		// then a stray, dead-lettered (lane.strayFramed); last in its
		// partition it would keep the batch waiting for a registry, as
		// designed, and fail the target.
		in := []pipeline.Message{fuzzed, valid, fuzzed, valid}
		for i := range in {
			in[i].Offset = int64(i)
		}
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
			if strings.HasPrefix(o.Topic, "lethe.sanitized.") {
				checkKeptAsReceived(t, in, o)
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

// checkKeptAsReceived checks a sanitized record o against the input it
// came from (its lethe.input header names the offset in in): every column
// of its images that the lethe block does not name as changed, and every
// key column that is not a pseudonym or a token, holds the value the input
// held, as encoding/json reads both (numbers by value: a JSON column the
// decoder writes again has -0 as 0). An input encoding/json does not read
// is not compared.
func checkKeptAsReceived(t *testing.T, in []pipeline.Message, o pipeline.Output) {
	t.Helper()
	pos := outputHeader(o, pipeline.HeaderInput)
	off, err := strconv.ParseInt(pos[strings.LastIndexByte(pos, '/')+1:], 10, 64)
	if err != nil || off < 0 || off >= int64(len(in)) {
		t.Fatalf("%s: lethe.input %q names no input", o.Topic, pos)
	}
	m := in[off]
	var env struct {
		Before, After map[string]any
		Lethe         struct{ Fields map[string]string }
	}
	if err := numberDecoder(o.Value).Decode(&env); err != nil {
		t.Fatalf("%s: %v", o.Topic, err)
	}
	var input struct{ Before, After map[string]any }
	if !payloadOf(m.Value, &input, false) {
		return
	}
	for _, img := range []struct {
		name      string
		got, want map[string]any
	}{{"before", env.Before, input.Before}, {"after", env.After, input.After}} {
		for col, got := range img.got {
			if _, changed := env.Lethe.Fields[col]; changed {
				continue
			}
			if want, ok := img.want[col]; !ok || !sameDecoded(got, want) {
				t.Fatalf("%s: %s.%q went out as %#v, the input held %#v", o.Topic, img.name, col, got, want)
			}
		}
	}
	var gotKey, wantKey map[string]any
	if o.Key == nil || numberDecoder(o.Key).Decode(&gotKey) != nil || !payloadOf(m.Key, &wantKey, true) {
		return
	}
	for col, got := range gotKey {
		if s, ok := got.(string); ok && (strings.HasPrefix(s, "psn_") || strings.HasPrefix(s, "tok_")) {
			continue
		}
		if want, ok := wantKey[col]; !ok || !sameDecoded(got, want) {
			t.Fatalf("%s: key column %q went out as %#v, the input held %#v", o.Topic, col, got, want)
		}
	}
}

// numberDecoder decodes b keeping numbers' text.
func numberDecoder(b []byte) *json.Decoder {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d
}

// payloadOf decodes a record's JSON into v, from its payload: a value's
// when it has one, a key's when it has a schema block too (as the
// decoder reads them). False when encoding/json does not read it, or
// when a value has both a payload and members of its own beside it.
func payloadOf(b []byte, v any, key bool) bool {
	var members map[string]json.RawMessage
	if numberDecoder(b).Decode(&members) != nil {
		return false
	}
	if p := members["payload"]; len(p) > 0 && p[0] == '{' {
		_, schema := members["schema"]
		switch {
		case key && schema && len(members) == 2, !key && (len(members) == 1 || len(members) == 2 && schema):
			b = p
		case !key:
			return false
		}
	}
	return numberDecoder(b).Decode(v) == nil
}

// sameDecoded compares two values encoding/json decoded with UseNumber,
// numbers by value.
func sameDecoded(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		rx, okx := new(big.Rat).SetString(string(x))
		ry, oky := new(big.Rat).SetString(string(y))
		return okx && oky && rx.Cmp(ry) == 0
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !sameDecoded(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameDecoded(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}
