package worker

import (
	"bytes"
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/pipeline"
)

// TestFindingMemoChangesNothing runs a stretch of the demo CRM's stream
// through an engine whose lanes remember what they found in recent values
// and through one that scans every value (RescanRepeats): every output,
// data map records included, must be the same bytes. Four values in five
// on this stream were seen before, so the memo answers most of them.
func TestFindingMemoChangesNothing(t *testing.T) {
	in, _ := demoMessages(t, 11, 20000, false, time.UnixMilli(1700000000000))
	parts := demoParts(t)
	run := func(rescan bool, parallelism int) []pipeline.Output {
		e, err := pipeline.NewEngine(pipeline.EngineConfig{Decoder: debezium.NewDecoder(), Detector: parts.scanner, Policy: parts.policy,
			Sanitizer: parts.san, Topics: pipeline.DefaultTopics, DataMap: pipeline.NewTracker(parts.policy),
			Parallelism: parallelism, RescanRepeats: rescan})
		if err != nil {
			t.Fatal(err)
		}
		var out []pipeline.Output
		for lo := 0; lo < len(in); lo += 4000 {
			if out, err = e.Handle(context.Background(), in[lo:lo+4000], out); err != nil {
				t.Fatal(err)
			}
			e.Committed()
		}
		return out
	}
	memo, every := run(false, 2), run(true, 1)
	if len(memo) != len(every) {
		t.Fatalf("%d outputs with the memo, %d scanning every value", len(memo), len(every))
	}
	for i := range memo {
		a, b := memo[i], every[i]
		if a.Topic != b.Topic || !bytes.Equal(a.Key, b.Key) || !bytes.Equal(a.Value, b.Value) || !reflect.DeepEqual(a.Headers, b.Headers) {
			t.Fatalf("output %d on %s differs with the memo", i, a.Topic)
		}
	}
}
