package worker

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/pipeline"
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
