package worker

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/demofeed"
)

// TestBenchEngine runs the engine-alone bench: it must process exactly the
// events asked for, measure them, and leave the worker's own data map
// alone, so that a second run (and the worker's real work) discovers the
// same columns as the first.
func TestBenchEngine(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	w, err := New(ctx, testConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	const n = 3000
	first, err := w.BenchEngine(ctx, democrm.New(7), n, demofeed.Options{Partitions: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("engine alone: %+v", first)
	if first.Inputs != n || first.Outputs < n/2 || first.Elapsed <= 0 || first.InputsPerSec <= 0 {
		t.Fatalf("engine alone over %d events: %+v", n, first)
	}
	if cats := w.tracker.Categories("crm.public.customers", "public", "public.customers"); len(cats) != 0 {
		t.Errorf("the worker's data map learnt %v from the bench", cats)
	}
	second, err := w.BenchEngine(ctx, democrm.New(7), n, demofeed.Options{Partitions: 3})
	if err != nil {
		t.Fatal(err)
	}
	if second.Outputs != first.Outputs {
		t.Errorf("a second run over the same events wrote %d outputs, the first %d: the runs share state", second.Outputs, first.Outputs)
	}

	cancelled, stop := context.WithCancel(ctx)
	stop()
	if _, err := w.BenchEngine(cancelled, democrm.New(7), n, demofeed.Options{Partitions: 3}); !errors.Is(err, context.Canceled) {
		t.Errorf("BenchEngine with a cancelled context = %v, want context.Canceled", err)
	}
}
