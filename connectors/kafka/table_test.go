package kafka

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// TestReadTable writes a compacted topic through committed, aborted and
// still open transactions plus plain produces, and checks that ReadTable
// returns exactly the committed last value per key.
func TestReadTable(t *testing.T) {
	const topic = "lethe.datamap"
	e := startBroker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := EnsureTopics(ctx, newAdmin(t, e.Addr()), compacted(topic, 3), compacted("empty.table", 2)); err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{}
	rec := func(k, v string) *kgo.Record {
		r := &kgo.Record{Topic: topic, Key: []byte(k)}
		if v != "" {
			r.Value = []byte(v)
		}
		return r
	}
	txn := func(id string, commit bool, rs ...*kgo.Record) *kgo.Client {
		cl, err := kgo.NewClient(kgo.SeedBrokers(e.Addr()), kgo.TransactionalID(id), kgo.ProducerLinger(0))
		if err != nil {
			t.Fatal(err)
		}
		if err := cl.BeginTransaction(); err != nil {
			t.Fatal(err)
		}
		if err := cl.ProduceSync(ctx, rs...).FirstErr(); err != nil {
			t.Fatal(err)
		}
		if commit {
			if err := cl.EndTransaction(ctx, kgo.TryCommit); err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if r.Value == nil {
					delete(want, string(r.Key))
				} else {
					want[string(r.Key)] = r.Value
				}
			}
		}
		return cl
	}
	var first []*kgo.Record
	for i := range 30 {
		first = append(first, rec("subject-"+strconv.Itoa(i), "v1-"+strconv.Itoa(i)))
	}
	txn("t1", true, first...).Close()
	// Overwrites and tombstones, committed.
	txn("t2", true, rec("subject-1", "v2-1"), rec("subject-2", ""), rec("subject-3", "v2-3"), rec("subject-3", "v3-3")).Close()
	// An aborted transaction must leave no trace.
	abortCl := txn("t3", false, rec("subject-4", "aborted"), rec("ghost", "aborted"), rec("subject-5", ""))
	if err := abortCl.EndTransaction(ctx, kgo.TryAbort); err != nil {
		t.Fatal(err)
	}
	abortCl.Close()
	// Plain, non-transactional writes count too.
	plain, err := kgo.NewClient(kgo.SeedBrokers(e.Addr()))
	if err != nil {
		t.Fatal(err)
	}
	if err := plain.ProduceSync(ctx, rec("subject-6", "plain"), rec("subject-7", "")).FirstErr(); err != nil {
		t.Fatal(err)
	}
	want["subject-6"] = []byte("plain")
	delete(want, "subject-7")
	plain.Close()
	// A transaction left open: beyond the last stable offset, not read, and
	// ReadTable must still finish.
	openCl := txn("t4", false, rec("subject-8", "open"), rec("open-key", "open"))
	defer openCl.Close()

	t.Run("all keys", func(t *testing.T) {
		got, err := ReadTable(ctx, []string{e.Addr()}, topic)
		if err != nil {
			t.Fatal(err)
		}
		assertTable(t, got, want)
	})
	t.Run("empty topic", func(t *testing.T) {
		got, err := ReadTable(ctx, []string{e.Addr()}, "empty.table")
		if err != nil || len(got) != 0 {
			t.Fatalf("ReadTable(empty) = %d keys, %v; want 0, nil", len(got), err)
		}
	})
	t.Run("missing topic", func(t *testing.T) {
		_, err := ReadTable(ctx, []string{e.Addr()}, "no.such.topic")
		if err == nil || !strings.Contains(err.Error(), "no.such.topic") {
			t.Fatalf("ReadTable(missing) error = %v, want one naming the topic", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		cctx, ccancel := context.WithCancel(ctx)
		ccancel()
		if _, err := ReadTable(cctx, []string{e.Addr()}, topic); err == nil {
			t.Fatal("ReadTable with a cancelled context succeeded")
		}
	})
}

func assertTable(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("table has %d keys, want %d", len(got), len(want))
	}
	for k, v := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("key %s missing", k)
		} else if !bytes.Equal(g, v) {
			t.Errorf("key %s: value of %d bytes, want the last committed one (%d bytes)", k, len(g), len(v))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected key %s (aborted, open or deleted)", k)
		}
	}
}

// TestReadTableSettled reads a table while another producer's transaction
// is open on the same partition: ReadTable stops at the last stable offset
// and misses what committed after that transaction began; a worker taking
// over partitions needs ReadTableSettled, which waits for the open
// transaction to end and returns the latest committed value.
func TestReadTableSettled(t *testing.T) {
	const topic = "lethe.datamap"
	e := startBroker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := EnsureTopics(ctx, newAdmin(t, e.Addr()), compacted(topic, 1)); err != nil {
		t.Fatal(err)
	}
	producer := func(id string) *kgo.Client { return beginTxn(t, e.Addr(), topic, id, kgo.ProducerLinger(0)) }
	put := func(cl *kgo.Client, k, v string) {
		if err := cl.ProduceSync(ctx, &kgo.Record{Topic: topic, Key: []byte(k), Value: []byte(v)}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	a := producer("a")
	put(a, "col", "v1")
	if err := a.EndTransaction(ctx, kgo.TryCommit); err != nil {
		t.Fatal(err)
	}
	open := producer("open") // another worker's batch, still in flight
	put(open, "other", "x")
	if err := a.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	put(a, "col", "v2")
	if err := a.EndTransaction(ctx, kgo.TryCommit); err != nil {
		t.Fatal(err)
	}

	stale, err := ReadTable(ctx, []string{e.Addr()}, topic)
	if err != nil {
		t.Fatal(err)
	}
	if string(stale["col"]) != "v1" {
		t.Fatalf("ReadTable gave %q; this test expects it to stop at the open transaction (v1)", stale["col"])
	}
	// While the transaction is open, a deadline ends the read with the
	// partitions it could not finish and what may hold them.
	short, cancelShort := context.WithTimeout(ctx, 200*time.Millisecond)
	_, err = ReadTableSettled(short, []string{e.Addr()}, topic)
	cancelShort()
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "partitions [0] not read to the end, a transaction still open on them") {
		t.Fatalf("ReadTableSettled past its deadline: %v", err)
	}
	got := make(chan map[string][]byte, 1)
	go func() {
		tbl, err := ReadTableSettled(ctx, []string{e.Addr()}, topic)
		if err != nil {
			t.Error(err)
		}
		got <- tbl
	}()
	select {
	case tbl := <-got:
		t.Fatalf("ReadTableSettled returned %q before the open transaction ended", tbl["col"])
	case <-time.After(300 * time.Millisecond):
	}
	if err := open.EndTransaction(ctx, kgo.TryAbort); err != nil {
		t.Fatal(err)
	}
	select {
	case tbl := <-got:
		if string(tbl["col"]) != "v2" || tbl["other"] != nil {
			t.Fatalf("ReadTableSettled = col %q, other %q; want v2 and nothing of the aborted transaction", tbl["col"], tbl["other"])
		}
	case <-ctx.Done():
		t.Fatal("ReadTableSettled did not return after the open transaction ended")
	}
}

// A data dir copied while a transaction is open is what a crash leaves.
// kfake, loading it, aborts that transaction without writing its marker:
// a scan that ends at a partition's last record waited for ever (a review
// found a demo restarted after kill -9 hanging on its data map, and lethe
// inventory with it), and the transactional id's next producer, which
// gets the same producer id, had its committed records dropped by
// read_committed readers (a worker's stable transactional_id lost the data
// map entries it committed after the restart). StartEmbedded writes the
// markers: both reads end, with every committed value and no aborted one.
func TestReadTableAfterACrashMidTransaction(t *testing.T) {
	const topic = "lethe.datamap"
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	e, dir := startPersistent(ctx, t, topic)
	writeTxn(ctx, t, e.Addr(), topic, "worker-0", true, "k1", "v1")
	writeTxn(ctx, t, e.Addr(), topic, "worker-0", false, "k2", "v2", "k1", "vX")
	time.Sleep(500 * time.Millisecond) // the broker writes its files as it goes
	e2 := crashAndRestart(t, e, dir, 1)
	writeTxn(ctx, t, e2.Addr(), topic, "worker-0", true, "k3", "v3") // the restarted worker, its transactional id the same
	for name, read := range map[string]func(context.Context, []string, string, ...kgo.Opt) (map[string][]byte, error){
		"ReadTable": ReadTable, "ReadTableSettled": ReadTableSettled,
	} {
		rctx, rcancel := context.WithTimeout(ctx, 20*time.Second)
		got, err := read(rctx, []string{e2.Addr()}, topic)
		rcancel()
		if err != nil || len(got) != 2 || string(got["k1"]) != "v1" || string(got["k3"]) != "v3" {
			t.Errorf("%s after the crash: %q, %v; want k1=v1 and k3=v3", name, got, err)
		}
	}
}
