package kafka

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/pipeline"
)

func TestPassthroughHandler(t *testing.T) {
	in := []pipeline.Message{
		{Topic: "crm.public.orders", Partition: 2, Offset: 41, Key: []byte("k1"), Value: []byte("v1"),
			Headers: []pipeline.Header{{Key: "h", Value: []byte("x")}}},
		{Topic: "crm.public.orders", Partition: 0, Offset: 7, Key: []byte("k2"), Value: nil},
		{Topic: "crm.public.tickets", Partition: 1, Offset: 3, Key: nil, Value: []byte("v3")},
	}
	tests := []struct {
		name string
		h    PassthroughHandler
		want []string // output topic per input
	}{
		{"default rename", PassthroughHandler{}, []string{"crm.public.orders.passthrough", "crm.public.orders.passthrough", "crm.public.tickets.passthrough"}},
		{"mapped", PassthroughHandler{TopicMap: func(s string) string { return strings.Replace(s, "crm.", "raw.", 1) }},
			[]string{"raw.public.orders", "raw.public.orders", "raw.public.tickets"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := tt.h.Handle(context.Background(), in, make([]pipeline.Output, 0, 1))
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != len(in) {
				t.Fatalf("%d outputs for %d inputs", len(out), len(in))
			}
			for i, o := range out {
				m := in[i]
				if o.Topic != tt.want[i] || string(o.Key) != string(m.Key) || string(o.Value) != string(m.Value) || (o.Value == nil) != (m.Value == nil) {
					t.Errorf("output %d: topic %s, key/value not copied unchanged", i, o.Topic)
				}
				if len(o.Headers) != len(m.Headers)+1 {
					t.Fatalf("output %d has %d headers, want %d", i, len(o.Headers), len(m.Headers)+1)
				}
				for j, h := range m.Headers {
					if o.Headers[j].Key != h.Key || string(o.Headers[j].Value) != string(h.Value) {
						t.Errorf("output %d header %d not copied", i, j)
					}
				}
				last := o.Headers[len(o.Headers)-1]
				if last.Key != pipeline.HeaderInput || string(last.Value) != m.Position() {
					t.Errorf("output %d input header = %s=%s, want %s=%s", i, last.Key, last.Value, pipeline.HeaderInput, m.Position())
				}
			}
			// Appending to one output's headers must not clobber the next's.
			_ = append(out[0].Headers, pipeline.Header{Key: "extra"})
			if out[1].Headers[0].Key != pipeline.HeaderInput {
				t.Error("output headers share capacity: appending to one overwrote another")
			}
		})
	}
}

func TestMessageFromRecord(t *testing.T) {
	ts := time.UnixMilli(1700000000000)
	recs := []*kgo.Record{
		{Topic: "a", Partition: 1, Offset: 10, Key: []byte("k"), Value: []byte("v"), Timestamp: ts,
			Headers: []kgo.RecordHeader{{Key: "h1", Value: []byte("1")}, {Key: "h2", Value: nil}}},
		{Topic: "a", Partition: 1, Offset: 11, Key: nil, Value: nil, Timestamp: ts},
		{Topic: "b", Partition: 0, Offset: 0, Headers: []kgo.RecordHeader{{Key: "h3", Value: []byte("3")}}},
	}
	// A tiny header slab forces growth mid-batch; earlier messages must keep
	// their headers.
	hdrs := make([]pipeline.Header, 0, 1)
	var msgs []pipeline.Message
	for _, r := range recs {
		msgs = append(msgs, messageFromRecord(r, &hdrs))
	}
	for i, m := range msgs {
		r := recs[i]
		if m.Topic != r.Topic || m.Partition != r.Partition || m.Offset != r.Offset || !m.Timestamp.Equal(r.Timestamp) {
			t.Errorf("message %d: position or timestamp not copied", i)
		}
		if len(r.Key) > 0 && (len(m.Key) == 0 || &m.Key[0] != &r.Key[0]) {
			t.Errorf("message %d: key copied, want it aliased (no allocation)", i)
		}
		if (m.Value == nil) != (r.Value == nil) {
			t.Errorf("message %d: tombstone-ness changed", i)
		}
		if len(m.Headers) != len(r.Headers) {
			t.Fatalf("message %d: %d headers, want %d", i, len(m.Headers), len(r.Headers))
		}
		for j, h := range r.Headers {
			if m.Headers[j].Key != h.Key || string(m.Headers[j].Value) != string(h.Value) {
				t.Errorf("message %d header %d differs", i, j)
			}
		}
		if cap(m.Headers) != len(m.Headers) {
			t.Errorf("message %d: headers have spare capacity %d; an append would overwrite the next message's", i, cap(m.Headers)-len(m.Headers))
		}
	}
}

func FuzzMessageFromRecord(f *testing.F) {
	f.Add([]byte("key"), []byte("value"), "h", []byte("hv"), uint8(2), int64(5))
	f.Add([]byte(nil), []byte(nil), "", []byte(nil), uint8(0), int64(0))
	f.Fuzz(func(t *testing.T, key, value []byte, hk string, hv []byte, nh uint8, off int64) {
		var hdrs []pipeline.Header
		var msgs []pipeline.Message
		var recs []*kgo.Record
		for i := range 3 {
			r := &kgo.Record{Topic: "t", Offset: off + int64(i), Key: key, Value: value}
			for range int(nh%8) + i {
				r.Headers = append(r.Headers, kgo.RecordHeader{Key: hk, Value: hv})
			}
			recs = append(recs, r)
			msgs = append(msgs, messageFromRecord(r, &hdrs))
		}
		for i, m := range msgs {
			if len(m.Headers) != len(recs[i].Headers) || string(m.Key) != string(key) || string(m.Value) != string(value) || m.Offset != off+int64(i) {
				t.Fatalf("message %d does not mirror its record", i)
			}
			for j := range m.Headers {
				if m.Headers[j].Key != hk || string(m.Headers[j].Value) != string(hv) {
					t.Fatalf("message %d header %d corrupted", i, j)
				}
			}
		}
	})
}

// TestRunBench runs the harness end to end on a small input.
func TestRunBench(t *testing.T) {
	const n = 2000
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 4, n)
	ensurePassthroughTopic(t, e.Addr())
	cfg := testRunnerConfig(t, e.Addr(), "bench-test", "bench-test-1")
	cfg.MaxBatch = 500
	res, err := RunBench(context.Background(), cfg, PassthroughHandler{}, n)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res)
	if res.Inputs != n || res.Outputs != n || res.Commits < n/500 || res.InputsPerSec <= 0 || res.Elapsed <= 0 {
		t.Fatalf("implausible result %+v", res)
	}
	if runtime.GOOS == "linux" && (res.CPU <= 0 || res.Cores <= 0 || res.CPUPerInput != res.CPU/n) {
		t.Fatalf("CPU not measured: %+v", res)
	}
	var count int
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := ScanTopic(ctx, []string{e.Addr()}, inTopic+".passthrough", func(*kgo.Record) { count++ }); err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Fatalf("passthrough topic holds %d committed records, want %d", count, n)
	}
	if _, err := RunBench(context.Background(), cfg, PassthroughHandler{}, 0); err == nil {
		t.Fatal("RunBench with wantInputs 0 succeeded")
	}
}

// BenchmarkRunnerPassthrough measures the exactly-once runner with the raw
// passthrough handler on an in-process broker: the Kafka I/O baseline of
// every lethe pipeline. Each iteration processes a fresh group over the
// same 100k inputs.
func BenchmarkRunnerPassthrough(b *testing.B) {
	for _, batch := range []int{500, 5000} {
		b.Run("batch="+strconv.Itoa(batch), func(b *testing.B) {
			const n = 100000
			e := startBroker(b)
			produceInputs(b, e.Addr(), inTopic, 4, n)
			ensurePassthroughTopic(b, e.Addr())
			b.ReportAllocs()
			b.ResetTimer()
			var total time.Duration
			for i := range b.N {
				cfg := testRunnerConfig(b, e.Addr(), "bench-"+strconv.Itoa(i), "bench-"+strconv.Itoa(i))
				cfg.MaxBatch = batch
				cfg.Logger = nil
				res, err := RunBench(context.Background(), cfg, PassthroughHandler{}, n)
				if err != nil {
					b.Fatal(err)
				}
				total += res.Elapsed
			}
			b.ReportMetric(float64(n)*float64(b.N)/total.Seconds(), "inputs/s")
		})
	}
}

// BenchmarkConvert measures the per-record conversion of the hot path:
// fetched kgo.Record to pipeline.Message and Output to kgo.Record.
func BenchmarkConvert(b *testing.B) {
	recs := make([]*kgo.Record, 1000)
	for i := range recs {
		recs[i] = &kgo.Record{Topic: inTopic, Partition: 3, Offset: int64(i), Key: []byte("k"), Value: make([]byte, 400),
			Headers: []kgo.RecordHeader{{Key: "a", Value: []byte("1")}, {Key: "b", Value: []byte("2")}}}
	}
	r := &Runner{}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		r.in, r.inHdr = r.in[:0], r.inHdr[:0]
		for _, rec := range recs {
			r.in = append(r.in, messageFromRecord(rec, &r.inHdr))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/record")
}

func ensurePassthroughTopic(t testing.TB, addr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := EnsureTopics(ctx, newAdmin(t, addr), TopicSpec{Name: inTopic + ".passthrough", Partitions: 4}); err != nil {
		t.Fatal(err)
	}
}
