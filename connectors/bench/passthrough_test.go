package bench

import (
	"context"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/pipeline"
)

func TestPassthrough(t *testing.T) {
	in := []pipeline.Message{
		{Topic: "crm.public.orders", Partition: 2, Offset: 41, Key: []byte("k1"), Value: []byte("v1"),
			Headers: []pipeline.Header{{Key: "h", Value: []byte("x")}}},
		{Topic: "crm.public.orders", Partition: 0, Offset: 7, Key: []byte("k2"), Value: nil},
		{Topic: "crm.public.tickets", Partition: 1, Offset: 3, Key: nil, Value: []byte("v3")},
	}
	tests := []struct {
		name string
		h    Passthrough
		want []string // output topic per input
	}{
		{"default rename", Passthrough{}, []string{"crm.public.orders.passthrough", "crm.public.orders.passthrough", "crm.public.tickets.passthrough"}},
		{"mapped", Passthrough{TopicMap: func(s string) string { return strings.Replace(s, "crm.", "raw.", 1) }},
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

// demoBatch is a batch of n inputs from three topics, each with one
// header, in runs of one partition's records as fetches hand them over.
func demoBatch(n int) []pipeline.Message {
	in := make([]pipeline.Message, n)
	for i := range in {
		j := i * 3 / n
		in[i] = pipeline.Message{Topic: "lethebench1.public." + [...]string{"customers", "orders", "tickets"}[j], Partition: int32(j),
			Offset: int64(100_000 + i), Key: []byte(`{"id":1}`), Value: []byte(`{"after":{"id":1}}`),
			Headers: []pipeline.Header{{Key: "h", Value: []byte("x")}}}
	}
	return in
}

// The baseline must not cost more per record than the pipeline's own
// bookkeeping: the engine writes every output's lethe.input header into a
// slab reused batch after batch, so a passthrough that allocated each
// position string (three allocations a record) would be slowed by work the
// pipeline does not do, and the ratio would look better than it is.
func TestPassthroughAllocatesPerBatchNotPerRecord(t *testing.T) {
	in := demoBatch(5000)
	p := &Passthrough{TopicMap: func(s string) string { return "raw." + s }}
	emit := func([]pipeline.Output) error { return nil }
	ctx := context.Background()
	_ = p.HandleEach(ctx, in, emit) // warm the reused buffers
	allocs := testing.AllocsPerRun(20, func() {
		if err := p.HandleEach(ctx, in, emit); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 10 {
		t.Errorf("%.0f allocations for a batch of %d records: the baseline allocates per record", allocs, len(in))
	}
}

func BenchmarkPassthroughHandleEach(b *testing.B) {
	in := demoBatch(5000)
	p := &Passthrough{TopicMap: func(s string) string { return "raw." + s }}
	emit := func([]pipeline.Output) error { return nil }
	b.ReportAllocs()
	for b.Loop() {
		_ = p.HandleEach(context.Background(), in, emit)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(in)), "ns/record")
}
