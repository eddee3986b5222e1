package worker

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/pipeline"
)

// TestTruncateErasesTheTable feeds a Debezium TRUNCATE event (null key, no
// row): one ERASE command for the whole table goes out, to every holder of
// its sanitized topic, and nothing is forwarded as a record.
func TestTruncateErasesTheTable(t *testing.T) {
	v := []byte(`{"op":"t","source":{"schema":"public","table":"tickets","ts_ms":1700000000000},"before":null,"after":null,"ts_ms":1700000000001}`)
	in := []pipeline.Message{{Topic: "crm.public.tickets", Partition: 2, Offset: 41, Value: v, Timestamp: time.UnixMilli(1700000000000)}}
	out, err := newDemoEngine(t, debezium.NewDecoder(), 1).Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	var cmds []pipeline.Command
	for _, o := range out {
		switch o.Topic {
		case pipeline.DefaultTopics.Commands:
			var c pipeline.Command
			if err := json.Unmarshal(o.Value, &c); err != nil {
				t.Fatalf("command is not JSON: %v", err)
			}
			cmds = append(cmds, c)
		case pipeline.DefaultTopics.DataMap:
		default:
			t.Errorf("TRUNCATE produced a record on %s", o.Topic)
		}
	}
	if len(cmds) != 1 {
		t.Fatalf("%d commands, want one ERASE: %+v", len(cmds), cmds)
	}
	c := cmds[0]
	want := pipeline.Position{Topic: "crm.public.tickets", Partition: 2, Offset: 41}
	if c.Type != pipeline.CmdErase || c.Reason != "crm_truncate" || c.Table != "public.tickets" || c.RecordKey != "" || c.Subject != "" ||
		!slices.Equal(c.Topics, []string{"lethe.sanitized.tickets"}) || c.Source != want {
		t.Errorf("TRUNCATE command %+v, want an ERASE of all of public.tickets (crm_truncate) on lethe.sanitized.tickets from %v", c, want)
	}
}
