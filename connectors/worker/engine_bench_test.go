package worker

import (
	"context"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
	"github.com/lethe-cdc/lethe/pipeline/sanitize"
)

// BenchmarkEngine measures the engine alone (decode, detect, sanitize,
// commands, data map) on demo CRM events, without a broker: the ceiling of
// what the full pipeline can do per core.
func BenchmarkEngine(b *testing.B) { benchmarkEngine(b, false) }

// BenchmarkEngineWithSchema is BenchmarkEngine on Debezium JSON with
// schema+payload, what Kafka Connect's JsonConverter writes by default.
func BenchmarkEngineWithSchema(b *testing.B) { benchmarkEngine(b, true) }

func benchmarkEngine(b *testing.B, withSchema bool) {
	// A fresh stretch of the stream, not one batch over and over: a
	// benchmark that replays its input flatters any cache in the engine
	// (a memo of column values once looked 30% faster that way and was 5%
	// slower on the real stream).
	const batch = 5000
	n := min(max(b.N, batch), 400_000)
	msgs, bytes := demoMessages(b, 1, n, withSchema, time.Now())
	e := newDemoEngine(b, debezium.NewDecoder(debezium.WithAliasing()), 0)
	var err error
	out := make([]pipeline.Output, 0, 2*batch)
	b.ReportAllocs()
	b.SetBytes(bytes / int64(n))
	b.ResetTimer()
	for i := 0; i < b.N; i += batch {
		lo := i % n
		hi := min(lo+batch, n, lo+b.N-i)
		out, err = e.Handle(context.Background(), msgs[lo:hi], out[:0])
		if err != nil {
			b.Fatal(err)
		}
		e.Committed() // as the runner does after the transaction
	}
}

// BenchmarkEngineSteady is BenchmarkEngine over one fixed stretch of 40,000
// events on one lane: its setup does not grow with b.N, so the difference
// of two runs of different b.N (up to 40,000, past which it replays) is the
// engine's own work on fresh events. It is for counting instructions (make
// instructions), which, unlike time on a shared machine, do not vary from
// run to run; for time, use BenchmarkEngine.
func BenchmarkEngineSteady(b *testing.B) {
	const n, batch = 40000, 5000
	msgs, _ := demoMessages(b, 1, n, false, time.Unix(1_700_000_000, 0))
	e := newDemoEngine(b, debezium.NewDecoder(debezium.WithAliasing()), 1)
	out := make([]pipeline.Output, 0, 2*batch)
	var err error
	b.ResetTimer()
	for i := 0; i < b.N; i += batch {
		lo := i % n
		if out, err = e.Handle(context.Background(), msgs[lo:min(lo+batch, lo+b.N-i)], out[:0]); err != nil {
			b.Fatal(err)
		}
		e.Committed()
	}
}

// demoMessages returns the first n events of the demo CRM of seed, as
// Debezium JSON (with schema+payload or without), for inputs at offsets 0
// to n-1 stamped at, and how many bytes their keys and values hold.
func demoMessages(tb testing.TB, seed int64, n int, withSchema bool, at time.Time) ([]pipeline.Message, int64) {
	tb.Helper()
	gen := democrm.New(seed)
	msgs := make([]pipeline.Message, n)
	var bytes int64
	for i := range msgs {
		ev := gen.Next()
		k, v, err := ev.Encode(withSchema)
		if err != nil {
			tb.Fatal(err)
		}
		msgs[i] = pipeline.Message{Topic: ev.Topic, Offset: int64(i), Key: k, Value: v, Timestamp: at}
		bytes += int64(len(k) + len(v))
	}
	return msgs, bytes
}

// newDemoEngine returns an engine as the worker builds it (default policy,
// development keys, a data map) around dec.
func newDemoEngine(tb testing.TB, dec pipeline.Decoder, parallelism int) *pipeline.Engine {
	tb.Helper()
	return demoParts(tb).engine(tb, dec, parallelism)
}

// demoEngineParts are the parts of a demo engine that hold no state of
// their own: the policy and the sanitizer (with the development keys) and
// the scanner. A fuzz target builds them once and a fresh engine per input.
type demoEngineParts struct {
	policy  *policy.Policy
	san     *sanitize.Sanitizer
	scanner *pii.Scanner
}

func demoParts(tb testing.TB) demoEngineParts {
	tb.Helper()
	keys, err := (&Config{InsecureDevKeys: true}).keys()
	if err != nil {
		tb.Fatal(err)
	}
	san, err := sanitize.New(keys)
	if err != nil {
		tb.Fatal(err)
	}
	return demoEngineParts{policy: policy.Default(), san: san, scanner: pii.NewScanner()}
}

// engine is a fresh engine, with a fresh data map, on the parts.
func (d demoEngineParts) engine(tb testing.TB, dec pipeline.Decoder, parallelism int) *pipeline.Engine {
	tb.Helper()
	e, err := pipeline.NewEngine(pipeline.EngineConfig{Decoder: dec, Detector: d.scanner, Policy: d.policy,
		Sanitizer: d.san, Topics: pipeline.DefaultTopics, DataMap: pipeline.NewTracker(d.policy), Parallelism: parallelism,
		RecycleOutputs: true})
	if err != nil {
		tb.Fatal(err)
	}
	return e
}
