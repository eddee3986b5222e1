package kafka

import (
	"context"
	"net"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// rcValues reads topic read_committed for d and returns the values seen.
func rcValues(t *testing.T, addr, topic string, d time.Duration) []string {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchIsolationLevel(kgo.ReadCommitted()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var got []string
	for ctx.Err() == nil {
		fs := cl.PollFetches(ctx)
		fs.EachRecord(func(r *kgo.Record) { got = append(got, string(r.Value)) })
	}
	sort.Strings(got)
	return got
}

func lso(t *testing.T, addr, topic string) (int64, int64) {
	t.Helper()
	adm := newAdmin(t, addr)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	hw, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	cl, _ := kgo.NewClient(kgo.SeedBrokers(addr), kgo.FetchIsolationLevel(kgo.ReadCommitted()))
	defer cl.Close()
	ls, err := kadm.NewClient(cl).ListCommittedOffsets(ctx, topic)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := hw.Lookup(topic, 0)
	l, _ := ls.Lookup(topic, 0)
	return l.Offset, h.Offset
}

// A clean close with a transaction open, a restart, and a crash before the
// partition is written again: the partition's snapshot names an open
// transaction nothing else remembers, and the next transaction to end
// there made its records visible, never committed (a review read
// "v2-uncommitted" with read_committed). forgetStaleSnapshots has it
// replayed, aborted and sealed.
func TestSealAfterACleanCloseWithATransactionOpen(t *testing.T) {
	const topic = "rev.t"
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	e, dir := startPersistent(ctx, t, topic)
	writeTxn(ctx, t, e.Addr(), topic, "w", true, "k1", "v1")
	writeTxn(ctx, t, e.Addr(), topic, "w", false, "k2", "v2-uncommitted")
	_ = e.Close() // clean close, the transaction open

	e2, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", Partitions: 1, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	e3 := crashAndRestart(t, e2, dir, 1) // the crash: nothing written to the partition in this run
	l, h := lso(t, e3.Addr(), topic)
	t.Logf("after the crash restart: LSO %d HWM %d", l, h)
	writeTxn(ctx, t, e3.Addr(), topic, "w", true, "k3", "v3") // the restarted worker
	got := rcValues(t, e3.Addr(), topic, 4*time.Second)
	t.Logf("read_committed: %q", got)
	want := []string{"v1", "v3"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("read_committed after the crash: %q; want %q (v2-uncommitted was never committed)", got, want)
	}
}

// A data dir that holds a crash-aborted transaction without its marker
// (written by a lethe without the seal, or a seal that gave up) and, of the
// same producer, a transaction left open at a clean close, which a client
// living across the broker's restart commits after it. The seal must not
// end that open transaction (a review found it did, and the commit that
// followed still succeeded): it stays open, and its commit counts. Its
// records are still dropped by read_committed readers, by the unsealed
// run before them: what the seal prevents, it cannot repair afterwards.
func TestSealLeavesAnOpenTransactionOpen(t *testing.T) {
	const topic = "rev.u"
	port := freePort(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	e, err := StartEmbedded(EmbeddedConfig{Listen: port, Partitions: 1, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := EnsureTopics(ctx, newAdmin(t, e.Addr()), compacted(topic, 1)); err != nil {
		t.Fatal(err)
	}
	newTxn := func(id string) *kgo.Client {
		return beginTxn(t, port, topic, id, kgo.TransactionTimeout(5*time.Minute))
	}
	prod := func(cl *kgo.Client, k, v string) { produceKV(ctx, t, cl, k, v) }
	c1 := newTxn("w")
	prod(c1, "k1", "v1")
	if err := c1.EndTransaction(ctx, kgo.TryCommit); err != nil {
		t.Fatal(err)
	}
	c1.Close()
	c2 := newTxn("w")
	prod(c2, "k2", "crash-aborted")
	time.Sleep(300 * time.Millisecond)
	crashed := copyDir(t, dir)
	_ = e.Close()
	c2.Close()

	// The restart without a seal (a lethe before it, or a seal that failed).
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(portNum(t, port)), kfake.DataDir(crashed), kfake.ClusterID("lethe-embedded"))
	if err != nil {
		t.Fatal(err)
	}
	c3 := newTxn("w")
	prod(c3, "k3", "v3-committed-after-restart")
	c.Close() // clean close with c3's transaction open; c3 lives on

	e4, err := StartEmbedded(EmbeddedConfig{Listen: port, Partitions: 1, DataDir: crashed})
	if err != nil {
		t.Fatal(err)
	}
	defer e4.Close()
	if l, h := lso(t, port, topic); l >= h {
		t.Errorf("after the restart: last stable offset %d, end %d: the open transaction was ended", l, h)
	}
	prod(c3, "k4", "v4-committed-after-restart")
	if err := c3.EndTransaction(ctx, kgo.TryCommit); err != nil {
		t.Fatalf("commit after the restart: %v", err)
	}
}

// Several partitions, one transaction open over all of them at the crash,
// and another producer's committed transaction interleaved; the restarted
// producer commits again over all of them: read_committed gets exactly
// the committed records.
func TestSealManyPartitions(t *testing.T) {
	const topic = "rev.m"
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	e, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", Partitions: 4, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := EnsureTopics(ctx, newAdmin(t, e.Addr()), compacted(topic, 4)); err != nil {
		t.Fatal(err)
	}
	open := func(addr, id string) *kgo.Client {
		return beginTxn(t, addr, topic, id, kgo.RecordPartitioner(kgo.ManualPartitioner()))
	}
	prodAll := func(cl *kgo.Client, v string) {
		for p := int32(0); p < 4; p++ {
			if err := cl.ProduceSync(ctx, &kgo.Record{Partition: p, Key: []byte(v + string(rune('a'+p))), Value: []byte(v)}).FirstErr(); err != nil {
				t.Fatal(err)
			}
		}
	}
	a := open(e.Addr(), "A")
	prodAll(a, "A1")
	if err := a.EndTransaction(ctx, kgo.TryCommit); err != nil {
		t.Fatal(err)
	}
	a.Close()
	a2 := open(e.Addr(), "A")
	prodAll(a2, "A2-aborted")
	b := open(e.Addr(), "B")
	prodAll(b, "B1")
	if err := b.EndTransaction(ctx, kgo.TryCommit); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	e2 := crashAndRestart(t, e, dir, 4)
	a3 := open(e2.Addr(), "A")
	prodAll(a3, "A3")
	if err := a3.EndTransaction(ctx, kgo.TryCommit); err != nil {
		t.Fatal(err)
	}
	b2 := open(e2.Addr(), "B")
	prodAll(b2, "B2")
	if err := b2.EndTransaction(ctx, kgo.TryCommit); err != nil {
		t.Fatal(err)
	}
	got := rcValues(t, e2.Addr(), topic, 4*time.Second)
	if len(got) != 16 {
		t.Errorf("read_committed: %d %q; want 16 (A1, B1, A3, B2 on 4 partitions)", len(got), got)
	}
	for _, v := range got {
		if v == "A2-aborted" {
			t.Errorf("aborted record read")
		}
	}
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func portNum(t *testing.T, addr string) int {
	_, p, _ := net.SplitHostPort(addr)
	n, _ := strconv.Atoi(p)
	return n
}

// A worker that reconnects while the broker restarts after a crash: its
// transaction, begun as soon as the broker listens, must wait for the
// crash's abort marker. Held off only once sealing began, it got its
// producer id back while the data dir's compacted topics were looked over
// (BoundCompacted takes back their retention.bytes here), and committed k3
// before the seal read the partition: the seal took the crash's aborted run
// for ended by k3's commit marker and wrote no abort marker, and
// read_committed readers dropped k3.
func TestSealHoldsProducersFromTheStart(t *testing.T) {
	const topic = "lethe.datamap"
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	e, dir := startPersistent(ctx, t, topic)
	var state []TopicSpec
	for i := range 30 {
		state = append(state, compacted("state."+strconv.Itoa(i), 1))
	}
	if err := EnsureTopics(ctx, newAdmin(t, e.Addr()), state...); err != nil {
		t.Fatal(err)
	}
	writeTxn(ctx, t, e.Addr(), topic, "worker-0", true, "k1", "v1")
	writeTxn(ctx, t, e.Addr(), topic, "worker-0", false, "k2", "v2", "k1", "vX")
	time.Sleep(500 * time.Millisecond) // the broker writes its files as it goes
	crashed := copyDir(t, dir)
	_ = e.Close()

	addr := freePort(t)
	committed := make(chan error, 1)
	go func() {
		for ctx.Err() == nil { // the worker redials until the broker listens
			if c, err := net.Dial("tcp", addr); err == nil {
				c.Close()
				break
			}
			time.Sleep(time.Millisecond)
		}
		cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.DefaultProduceTopic(topic), kgo.TransactionalID("worker-0"),
			kgo.RetryBackoffFn(func(int) time.Duration { return time.Millisecond }))
		if err != nil {
			committed <- err
			return
		}
		defer cl.Close()
		if err := cl.BeginTransaction(); err != nil {
			committed <- err
			return
		}
		if err := cl.ProduceSync(ctx, &kgo.Record{Key: []byte("k3"), Value: []byte("v3")}).FirstErr(); err != nil {
			committed <- err
			return
		}
		committed <- cl.EndTransaction(ctx, kgo.TryCommit)
	}()
	time.Sleep(100 * time.Millisecond) // the worker dials meanwhile
	e2, err := StartEmbedded(EmbeddedConfig{Listen: addr, Partitions: 1, DataDir: crashed, BoundCompacted: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e2.Close()
	if err := <-committed; err != nil {
		t.Fatalf("the reconnecting worker's transaction: %v", err)
	}
	if got := rcValues(t, addr, topic, 2*time.Second); len(got) != 2 || got[0] != "v1" || got[1] != "v3" {
		t.Errorf("read_committed after the restart: %q; want v1 and v3", got)
	}
}

// A partition the seal cannot read to its end (its fetches keep failing):
// the seal still writes the markers of the partitions it read, soon, and
// names the one it could not read in its error, which StartEmbedded logs.
// It skipped it without a word: after two seconds without a record (a
// retried error), or at the first poll that brought an error and no
// record (one franz-go hands back), which it took for a dry one, and
// which left every partition not read by then unsealed.
func TestSealNamesAPartitionItCouldNotRead(t *testing.T) {
	for _, c := range []struct {
		name string
		err  *kerr.Error
	}{
		{"retried error", kerr.KafkaStorageError},
		{"error returned", kerr.UnknownServerError},
	} {
		t.Run(c.name, func(t *testing.T) { testSealNamesAPartitionItCouldNotRead(t, c.err) })
	}
}

func testSealNamesAPartitionItCouldNotRead(t *testing.T, fetchErr *kerr.Error) {
	const topic = "rev.n"
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	e, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", Partitions: 2, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := EnsureTopics(ctx, newAdmin(t, e.Addr()), compacted(topic, 2)); err != nil {
		t.Fatal(err)
	}
	a := beginTxn(t, e.Addr(), topic, "A", kgo.RecordPartitioner(kgo.ManualPartitioner()))
	for p := range int32(2) {
		if err := a.ProduceSync(ctx, &kgo.Record{Partition: p, Key: []byte("k"), Value: []byte("crash-aborted")}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(300 * time.Millisecond) // the broker writes its files as it goes
	crashed := copyDir(t, dir)
	_ = e.Close()
	a.Close()

	if err := forgetStaleSnapshots(crashed); err != nil {
		t.Fatal(err)
	}
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.DataDir(crashed), kfake.ClusterID("lethe-embedded"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.Fetch}, Topic: topic, Partitions: []int32{1}, Err: fetchErr, Count: -1})
	addr := c.ListenAddrs()[0]
	adm, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close()
	start := time.Now()
	sealed, err := sealCrashAborted(c, adm, addr)
	took := time.Since(start)
	t.Logf("sealed %d in %s: %v", sealed, took.Round(time.Millisecond), err)
	if sealed != 1 {
		t.Errorf("%d markers written, want 1: the crash's run on the partition read", sealed)
	}
	if err == nil || !strings.Contains(err.Error(), "[rev.n/1] not read to their end") {
		t.Errorf("seal error %v, want one naming partition rev.n/1, not read", err)
	}
	if took > 20*time.Second {
		t.Errorf("the seal took %s, producers held off all along", took)
	}
}
