package kafka

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestScanEndsAtAnAbortedTail scans a partition whose last records below
// the last stable offset are an aborted transaction's, its abort marker
// written after another transaction began: read_committed never returns
// them, nor the marker until that transaction ends. The scan must end
// as soon as it has read what lies below its end, not wait for the open
// transaction (or its deadline).
func TestScanEndsAtAnAbortedTail(t *testing.T) {
	const topic = "scan.aborted.tail"
	e := startBroker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := EnsureTopics(ctx, newAdmin(t, e.Addr()), TopicSpec{Name: topic, Partitions: 1}); err != nil {
		t.Fatal(err)
	}
	writeTxn(ctx, t, e.Addr(), topic, "committed", true, "k0", "v0") // 0, marker 1
	aborted := beginTxn(t, e.Addr(), topic, "aborted", kgo.ProducerLinger(0))
	produceKV(ctx, t, aborted, "k1", "aborted") // 2
	open := beginTxn(t, e.Addr(), topic, "open", kgo.ProducerLinger(0))
	produceKV(ctx, t, open, "k2", "open") // 3: the last stable offset
	if err := aborted.EndTransaction(ctx, kgo.TryAbort); err != nil {
		t.Fatal(err) // its marker at 4, above the last stable offset
	}
	if stable, end := lso(t, e.Addr(), topic); stable != 3 || end != 5 {
		t.Fatalf("last stable offset %d, end %d; this test wants 3 and 5", stable, end)
	}

	start := time.Now()
	sctx, scancel := context.WithTimeout(ctx, 20*time.Second)
	defer scancel()
	var got []string
	if err := ScanTopic(sctx, []string{e.Addr()}, topic, func(r *kgo.Record) { got = append(got, string(r.Value)) }); err != nil {
		t.Fatalf("scan after %s: %v", time.Since(start).Round(time.Millisecond), err)
	}
	if len(got) != 1 || got[0] != "v0" {
		t.Fatalf("scan read %q, want the committed [v0]", got)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("scan took %s: it waited on the open transaction", took)
	}
}

// TestReadableBelow judges fetched batches the way a read_committed reader
// skips them: aborted transactions' data and markers are nothing to wait
// for, anything else below the end is.
func TestReadableBelow(t *testing.T) {
	const txn, ctl = 0x10, 0x20
	batch := func(first int64, n int32, pid int64, attrs int16) []byte {
		b := kmsg.RecordBatch{FirstOffset: first, Magic: 2, Attributes: attrs, LastOffsetDelta: n - 1, ProducerID: pid, NumRecords: n}
		b.Length = int32(len(b.AppendTo(nil)) - 12)
		return b.AppendTo(nil)
	}
	cat := func(bs ...[]byte) []byte { return bytes.Join(bs, nil) }
	abortedAt := func(pid, first int64) kmsg.FetchResponseTopicPartitionAbortedTransaction {
		return kmsg.FetchResponseTopicPartitionAbortedTransaction{ProducerID: pid, FirstOffset: first}
	}
	for _, c := range []struct {
		name     string
		batches  []byte
		aborted  []kmsg.FetchResponseTopicPartitionAbortedTransaction
		at, end  int64
		readable bool
		reached  int64
	}{
		{"nothing fetched", nil, nil, 3, 5, false, 3},
		{"committed data", batch(3, 2, 7, txn), nil, 3, 5, true, 3},
		{"plain data", batch(3, 1, -1, 0), nil, 3, 5, true, 3},
		{"aborted tail", batch(3, 2, 7, txn), []kmsg.FetchResponseTopicPartitionAbortedTransaction{abortedAt(7, 3)}, 3, 5, false, 5},
		{"aborted, then another's data", cat(batch(3, 1, 7, txn), batch(4, 1, 8, txn)), []kmsg.FetchResponseTopicPartitionAbortedTransaction{abortedAt(7, 3)}, 3, 6, true, 4},
		{"aborted, marker, then the producer's next data", cat(batch(3, 1, 7, txn), batch(4, 1, 7, txn|ctl), batch(5, 1, 7, txn)), []kmsg.FetchResponseTopicPartitionAbortedTransaction{abortedAt(7, 3)}, 3, 6, true, 5},
		{"markers only", batch(3, 1, 7, txn|ctl), nil, 3, 4, false, 4},
		{"data at the end and past it", batch(5, 3, -1, 0), nil, 3, 5, false, 5},
		{"a batch read before at", cat(batch(1, 2, -1, 0), batch(3, 1, 7, txn|ctl)), nil, 3, 4, false, 4},
		{"a first batch cut short", batch(3, 2, -1, 0)[:30], nil, 3, 5, true, 3},
		{"a later batch cut short", cat(batch(3, 1, 7, txn|ctl), batch(4, 1, -1, 0)[:30]), nil, 3, 6, false, 4},
	} {
		readable, reached := readableBelow(c.batches, c.aborted, c.at, c.end)
		if readable != c.readable || (!readable && reached != c.reached) {
			t.Errorf("%s: readable %v, reached %d; want %v, %d", c.name, readable, reached, c.readable, c.reached)
		}
	}
}
