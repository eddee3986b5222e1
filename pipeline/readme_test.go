package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// The README's table of topics has a row for each of lethe's own topics,
// and its dead-letter row names every header and member a dead letter
// carries: a header or member added or renamed in the code and not in the
// README fails here.
func TestReadmeTopicsTable(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "| `"); ok {
			if topic, _, ok := strings.Cut(rest, "` |"); ok {
				rows[topic] = line
			}
		}
	}
	for _, topic := range []string{DefaultTopics.Commands, DefaultTopics.DeadLetter, DefaultTopics.DataMap, "lethe.sanitized.<table>", "crm.<schema>.<table>"} {
		if rows[topic] == "" {
			t.Errorf("the README's table of topics has no row for %s", topic)
		}
	}
	e := newTestEngine(t, fakeDecoder{})
	out, err := e.Handle(context.Background(), []Message{msg("crm.public.customers", 7, `{"customer_id":43}`, `{"op":"x","table":"customers"}`)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	row := rows[DefaultTopics.DeadLetter]
	var dead int
	for _, o := range out {
		if o.Topic != DefaultTopics.DeadLetter {
			continue
		}
		dead++
		for _, h := range o.Headers {
			// lethe.input is on every output, and said so below the table.
			if h.Key != HeaderInput && !strings.Contains(row, "`"+h.Key+"`") {
				t.Errorf("the README's row of %s leaves out its header %s", o.Topic, h.Key)
			}
		}
		var members map[string]json.RawMessage
		if err := json.Unmarshal(o.Value, &members); err != nil {
			t.Fatal(err)
		}
		for m := range members {
			if !strings.Contains(row, "`"+m+"`") {
				t.Errorf("the README's row of %s leaves out the member %s of its value", o.Topic, m)
			}
		}
		if len(members) != 7 {
			t.Errorf("dead letter %s: want every member, the field's too", o.Value)
		}
	}
	if dead != 1 {
		t.Fatalf("%d dead letters, want 1", dead)
	}
	if !strings.Contains(string(b), "`"+HeaderInput+"` = `topic/partition/offset`") {
		t.Errorf("the README does not say what %s holds", HeaderInput)
	}
	if !strings.Contains(rows[DefaultTopics.Commands], "(header `"+HeaderEncoding+"`") {
		t.Errorf("the README's row of %s does not name its header %s", DefaultTopics.Commands, HeaderEncoding)
	}
}
