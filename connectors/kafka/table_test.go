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
		got, _, err := ReadTable(ctx, []string{e.Addr()}, topic, nil)
		if err != nil {
			t.Fatal(err)
		}
		assertTable(t, got, want)
	})
	t.Run("empty topic", func(t *testing.T) {
		got, _, err := ReadTable(ctx, []string{e.Addr()}, "empty.table", nil)
		if err != nil || len(got) != 0 {
			t.Fatalf("ReadTable(empty) = %d keys, %v; want 0, nil", len(got), err)
		}
	})
	t.Run("missing topic", func(t *testing.T) {
		_, _, err := ReadTable(ctx, []string{e.Addr()}, "no.such.topic", nil)
		if err == nil || !strings.Contains(err.Error(), "no.such.topic") {
			t.Fatalf("ReadTable(missing) error = %v, want one naming the topic", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		cctx, ccancel := context.WithCancel(ctx)
		ccancel()
		if _, _, err := ReadTable(cctx, []string{e.Addr()}, topic, nil); err == nil {
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

	stale, _, err := ReadTable(ctx, []string{e.Addr()}, topic, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(stale["col"]) != "v1" {
		t.Fatalf("ReadTable gave %q; this test expects it to stop at the open transaction (v1)", stale["col"])
	}
	// While the transaction is open, a deadline ends the read with the
	// partitions it could not finish and what may hold them.
	short, cancelShort := context.WithTimeout(ctx, 200*time.Millisecond)
	_, _, err = ReadTableSettled(short, []string{e.Addr()}, topic, nil)
	cancelShort()
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "partitions [0] not read to the end, a transaction still open on them") {
		t.Fatalf("ReadTableSettled past its deadline: %v", err)
	}
	got := make(chan map[string][]byte, 1)
	go func() {
		tbl, _, err := ReadTableSettled(ctx, []string{e.Addr()}, topic, nil)
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
	for name, read := range map[string]func(context.Context, []string, string, Newer, ...kgo.Opt) (map[string][]byte, int, error){
		"ReadTable": ReadTable, "ReadTableSettled": ReadTableSettled,
	} {
		rctx, rcancel := context.WithTimeout(ctx, 20*time.Second)
		got, _, err := read(rctx, []string{e2.Addr()}, topic, nil)
		rcancel()
		if err != nil || len(got) != 2 || string(got["k1"]) != "v1" || string(got["k3"]) != "v3" {
			t.Errorf("%s after the crash: %q, %v; want k1=v1 and k3=v3", name, got, err)
		}
	}
}

// Partitions added to a table's topic (kafka-topics --alter --partitions)
// send a key's new records to another partition than its old ones, which
// compaction, per partition, never removes: the read must return the newer
// value whatever order the partitions are read in, and count the keys found
// in more than one. Before, a map filled partition by partition kept
// whichever was read last: 6 of the 14 keys moved here came back with their
// old value and the one deleted after its move came back (a worker
// restoring its data map restored older counts and wrote them over the
// newer ones).
func TestReadTableKeyInTwoPartitions(t *testing.T) {
	const topic = "lethe.datamap"
	e := startBroker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	adm := newAdmin(t, e.Addr())
	if err := EnsureTopics(ctx, adm, compacted(topic, 1)); err != nil {
		t.Fatal(err)
	}
	// put writes the keys with Kafka's key partitioner, as lethe and
	// kcat do, in a client that knows the partitions there are now, and
	// returns the partition of each.
	put := func(value []byte, keys ...int) map[int]int32 {
		t.Helper()
		cl, err := kgo.NewClient(kgo.SeedBrokers(e.Addr()), kgo.ProducerLinger(0))
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		parts := map[int]int32{}
		for _, i := range keys {
			r := &kgo.Record{Topic: topic, Key: []byte("k" + strconv.Itoa(i)), Value: value}
			if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
				t.Fatal(err)
			}
			parts[i] = r.Partition
		}
		return parts
	}
	keys := make([]int, 20)
	for i := range keys {
		keys[i] = i
	}
	put([]byte("old"), keys...)
	if _, err := adm.CreatePartitions(ctx, 2, topic); err != nil {
		t.Fatal(err)
	}
	now := put([]byte("newer"), keys...)
	var moved []int
	for _, i := range keys {
		if now[i] != 0 {
			moved = append(moved, i)
		}
	}
	if len(moved) < 2 {
		t.Fatalf("only keys %v moved to the new partitions; the test needs two", moved)
	}
	gone := moved[0] // deleted after the move: its tombstone outweighs its old record
	put(nil, gone)

	want := map[string][]byte{}
	for _, i := range keys {
		if i != gone {
			want["k"+strconv.Itoa(i)] = []byte("newer")
		}
	}
	for name, read := range map[string]func(context.Context, []string, string, Newer, ...kgo.Opt) (map[string][]byte, int, error){
		"ReadTable": ReadTable, "ReadTableSettled": ReadTableSettled,
	} {
		t.Run(name, func(t *testing.T) {
			got, split, err := read(ctx, []string{e.Addr()}, topic, nil)
			if err != nil {
				t.Fatal(err)
			}
			assertTable(t, got, want)
			if split != len(moved) {
				t.Errorf("%d keys counted in more than one partition, want the %d that moved", split, len(moved))
			}
		})
	}
}

// Where the values say which is newer, they decide over the record
// timestamps, which come from the clocks of the hosts that wrote them: a
// key written in partition 0 by a host whose clock runs ahead, then in
// partition 1 by another, is read back with its value from partition 1,
// in whichever partition it lies. Tombstones have no value to compare and
// go by their timestamp.
func TestReadTableNewerDecides(t *testing.T) {
	const topic = "lethe.datamap"
	e := startBroker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := EnsureTopics(ctx, newAdmin(t, e.Addr()), compacted(topic, 3)); err != nil {
		t.Fatal(err)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(e.Addr()), kgo.ProducerLinger(0), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	base := time.Now().Add(-time.Hour)
	put := func(key, value string, partition int32, at time.Duration) {
		t.Helper()
		r := &kgo.Record{Topic: topic, Key: []byte(key), Partition: partition, Timestamp: base.Add(at)}
		if value != "" {
			r.Value = []byte(value)
		}
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	// Values are sequence numbers; the older of each pair carries the
	// later timestamp.
	for i, ps := range [][2]int32{{0, 1}, {1, 0}, {2, 0}, {0, 2}} {
		k := "k" + strconv.Itoa(i)
		put(k, "1", ps[0], time.Minute)
		put(k, "2", ps[1], 0)
	}
	put("gone", "5", 0, 0) // deleted later, by a tombstone in another partition
	put("gone", "", 2, time.Minute)
	put("kept", "", 0, 0) // deleted, then written again in another partition
	put("kept", "9", 1, time.Minute)
	bySequence := func(a, b []byte) int { return strings.Compare(string(a), string(b)) }
	got, split, err := ReadTable(ctx, []string{e.Addr()}, topic, bySequence)
	if err != nil {
		t.Fatal(err)
	}
	assertTable(t, got, map[string][]byte{"k0": []byte("2"), "k1": []byte("2"), "k2": []byte("2"), "k3": []byte("2"), "kept": []byte("9")})
	if split != 6 {
		t.Errorf("%d keys counted in more than one partition, want 6", split)
	}
	// Without newer, the timestamps decide.
	got, _, err = ReadTable(ctx, []string{e.Addr()}, topic, nil)
	if err != nil {
		t.Fatal(err)
	}
	assertTable(t, got, map[string][]byte{"k0": []byte("1"), "k1": []byte("1"), "k2": []byte("1"), "k3": []byte("1"), "kept": []byte("9")})
}
