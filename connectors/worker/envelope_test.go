package worker

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// TestSanitizedSourceBlock checks that a sanitized record keeps the source
// block's position fields downstream consumers order and group by: the
// snapshot marker, the transaction id and the WAL position.
func TestSanitizedSourceBlock(t *testing.T) {
	gen := democrm.New(3)
	e := newDemoEngine(t, debezium.NewDecoder(), 1)
	seen := map[string]bool{}
	for i := range 3000 {
		ev := gen.Next()
		if ev.Change.Tombstone {
			continue
		}
		k, v, err := ev.Encode(false)
		if err != nil {
			t.Fatal(err)
		}
		out, err := e.Handle(context.Background(), []pipeline.Message{{Topic: ev.Topic, Offset: int64(i), Key: k, Value: v, Timestamp: time.Now()}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		e.Committed()
		for _, o := range out {
			if !strings.HasPrefix(o.Topic, "lethe.sanitized.") {
				continue
			}
			var env struct {
				Source struct {
					Snapshot string `json:"snapshot"`
					TxID     int64  `json:"txId"`
					LSN      int64  `json:"lsn"`
				} `json:"source"`
			}
			if err := json.Unmarshal(o.Value, &env); err != nil {
				t.Fatal(err)
			}
			s := ev.Change.Source
			if env.Source.Snapshot != s.Snapshot || env.Source.TxID != s.TxID || env.Source.LSN != s.LSN {
				t.Fatalf("sanitized source %+v, input snapshot %q txId %d lsn %d", env.Source, s.Snapshot, s.TxID, s.LSN)
			}
			seen[s.Snapshot] = true
		}
	}
	if !seen["first"] || !seen["false"] {
		t.Fatalf("snapshot markers seen: %v; want snapshot and streaming records", seen)
	}
}

// A column written twice in a row image, or in the key, is dead-lettered
// as a member of the envelope written twice is: JSON leaves it to the
// reader which value counts, and lethe's choice (pseudonymising both,
// erasing the first subject) need not be a downstream reader's (a delete
// of another subject). The same columns once is sanitized; the dead letter
// names the image, not the column or its values.
func TestDuplicateColumnDeadLettered(t *testing.T) {
	const src = `"source":{"connector":"postgresql","name":"crm","db":"crm","schema":"public","table":"customers"}`
	for _, tc := range []struct {
		name, key, value, field string
	}{
		{"before", `{"customer_id":901}`, `{"before":{"customer_id":901,"customer_id":902},"after":null,` + src + `,"op":"d","ts_ms":1}`, "value.before"},
		{"after", `{"customer_id":11}`, `{"before":null,"after":{"customer_id":11,"email":"a.b@example.org","email":"c.d@example.org"},` + src + `,"op":"c","ts_ms":1}`, "value.after"},
		{"key", `{"customer_id":11,"customer_id":12}`, `{"before":null,"after":{"customer_id":11},` + src + `,"op":"c","ts_ms":1}`, "key"},
		{"once", `{"customer_id":11}`, `{"before":null,"after":{"customer_id":11,"email":"a.b@example.org"},` + src + `,"op":"c","ts_ms":1}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newDemoEngine(t, debezium.NewDecoder(), 1)
			// The same columns twice: the second record meets the column
			// list the first one built.
			in := []pipeline.Message{
				{Topic: "crm.public.customers", Offset: 1, Key: []byte(tc.key), Value: []byte(tc.value), Timestamp: time.Now()},
				{Topic: "crm.public.customers", Offset: 2, Key: []byte(tc.key), Value: []byte(tc.value), Timestamp: time.Now()},
			}
			out, err := e.Handle(context.Background(), in, nil)
			if err != nil {
				t.Fatal(err)
			}
			var dead, sanitized, erase int
			for _, o := range out {
				switch {
				case o.Topic == pipeline.DefaultTopics.DeadLetter:
					dead++
					if r := outputHeader(o, pipeline.HeaderReason); !strings.Contains(r, "duplicate member") {
						t.Errorf("reason %q", r)
					}
					if f := outputHeader(o, pipeline.HeaderField); f != tc.field {
						t.Errorf("field %q, want %q", f, tc.field)
					}
					if strings.Contains(string(o.Value), "@") || strings.Contains(string(o.Value), "90") {
						t.Errorf("dead letter shows a value: %s", o.Value)
					}
				case o.Topic == pipeline.DefaultTopics.Commands:
					erase++
				case strings.HasPrefix(o.Topic, "lethe.sanitized."):
					sanitized++
				}
			}
			if tc.field == "" {
				if dead != 0 || sanitized != 2 {
					t.Fatalf("%d dead letters, %d sanitized, want 0 and 2", dead, sanitized)
				}
				return
			}
			if dead != 2 || sanitized != 0 || erase != 0 {
				t.Fatalf("%d dead letters, %d sanitized, %d commands, want 2, 0, 0", dead, sanitized, erase)
			}
		})
	}
}

// outputHeader returns the value of o's header k, "" when it has none.
func outputHeader(o pipeline.Output, k string) string {
	for _, h := range o.Headers {
		if h.Key == k {
			return string(h.Value)
		}
	}
	return ""
}

// A JSON column, array or object, in which personal data is replaced keeps
// its type: the consumer's type for the column must not depend on whether
// a record held personal data (a review saw ["psn_..."] go out as the
// string "[\"psn_...\"]" only in records that held an address).
func TestNestedValuesKeepTheirType(t *testing.T) {
	const src = `"source":{"connector":"postgresql","name":"crm","db":"crm","schema":"public","table":"people"}`
	e := newDemoEngine(t, debezium.NewDecoder(), 1)
	v := `{"before":null,"after":{"id":1,"tags":["carol@example.com","dave@example.net"],"meta":{"contact":{"email":"erin@example.com"},"n":5},"plain":["a","b"]},` + src + `,"op":"c","ts_ms":1700000000000}`
	out, err := e.Handle(context.Background(), []pipeline.Message{{Topic: "crm.public.people", Key: []byte(`{"id":1}`), Value: []byte(v), Timestamp: time.Now()}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		After struct {
			Tags  []string       `json:"tags"`
			Meta  map[string]any `json:"meta"`
			Plain []string       `json:"plain"`
		} `json:"after"`
	}
	if err := json.Unmarshal(out[0].Value, &env); err != nil {
		t.Fatalf("sanitized record %s: %v", out[0].Value, err)
	}
	a := env.After
	contact, _ := a.Meta["contact"].(map[string]any)
	if len(a.Tags) != 2 || !strings.HasPrefix(a.Tags[0], "psn_") || contact == nil || !strings.HasPrefix(contact["email"].(string), "psn_") ||
		a.Meta["n"] != 5.0 || len(a.Plain) != 2 {
		t.Fatalf("after %+v: want the array and the object kept, their addresses pseudonymised", a)
	}
	if strings.Contains(string(out[0].Value), "@") {
		t.Fatalf("an address went out: %s", out[0].Value)
	}
}

// Where writing the replaced text as JSON would change what a consumer
// reads, it stays a string: a masked object's member names (runs of '*',
// which repeat), and a bytea[] whose elements the detectors read decoded
// (written as an array, its elements would be text, not base64).
func TestNestedValuesThatStayText(t *testing.T) {
	const src = `"source":{"connector":"postgresql","name":"crm","db":"crm","schema":"public","table":"people"}`
	p, err := policy.Parse(strings.NewReader("version: x\ncolumns: {people.meta: {action: mask}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := demoParts(t)
	d.policy = p
	masked := d.engine(t, debezium.NewDecoder(), 1)
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	schema := `{"type":"struct","fields":[{"type":"struct","optional":true,"field":"after","fields":[{"type":"int32","field":"id"},{"type":"array","items":{"type":"bytes"},"optional":true,"field":"blobs"}]},{"type":"string","field":"op"}]}`
	for _, tc := range []struct {
		name   string
		e      *pipeline.Engine
		value  string
		col    string
		forbid string
	}{
		{"masked object", masked, `{"before":null,"after":{"id":1,"meta":{"ab":"x","cd":"y"}},` + src + `,"op":"c"}`, "meta", `{"**"`},
		{"bytea array", newDemoEngine(t, debezium.NewDecoder(), 1),
			`{"schema":` + schema + `,"payload":{"before":null,"after":{"id":1,"blobs":["` + b64("hello world") + `","` + b64("carol@example.com") + `"]},` + src + `,"op":"c"}}`,
			"blobs", `["hello world"`},
	} {
		out, err := tc.e.Handle(context.Background(), []pipeline.Message{{Topic: "crm.public.people", Key: []byte(`{"id":1}`), Value: []byte(tc.value), Timestamp: time.Now()}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var env struct{ After map[string]json.RawMessage }
		if err := json.Unmarshal(out[0].Value, &env); err != nil {
			t.Fatal(err)
		}
		if v := env.After[tc.col]; len(v) == 0 || v[0] != '"' || strings.Contains(string(out[0].Value), tc.forbid) || strings.Contains(string(out[0].Value), "@") {
			t.Errorf("%s: %s = %s, want a string of the replaced text", tc.name, tc.col, v)
		}
	}
}
