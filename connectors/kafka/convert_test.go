package kafka

import (
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/pipeline"
)

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

// passthrough handler on an in-process broker: the Kafka I/O baseline of
// every lethe pipeline. Each iteration processes a fresh group over the
// same 100k inputs.
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
