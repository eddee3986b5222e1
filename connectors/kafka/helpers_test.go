package kafka

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/lethe-cdc/lethe/pipeline"
)

const (
	inTopic  = "crm.public.customers"
	outTopic = "crm.public.customers.sanitized"
	// headerCopy tells the two outputs of one input apart.
	headerCopy = "test.copy"
)

// startBroker starts an in-memory embedded broker on a random port.
func startBroker(t testing.TB) *Embedded {
	t.Helper()
	e, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", Partitions: 4})
	if err != nil {
		t.Fatalf("start embedded broker: %v", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

func newAdmin(t testing.TB, addr string) *kadm.Client {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatalf("admin client: %v", err)
	}
	adm := kadm.NewClient(cl)
	t.Cleanup(adm.Close)
	return adm
}

// produceInputs creates topic with parts partitions and writes n records
// keyed k<i>, each with one header.
func produceInputs(t testing.TB, addr, topic string, parts int32, n int) {
	t.Helper()
	produceRecords(t, addr, topic, parts, n, n)
}

// produceRecords creates topic with parts partitions (and outTopic) and
// writes n records keyed k<i mod keys>, each with one header.
func produceRecords(t testing.TB, addr, topic string, parts int32, n, keys int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := EnsureTopics(ctx, newAdmin(t, addr), TopicSpec{Name: topic, Partitions: parts}, TopicSpec{Name: outTopic, Partitions: parts}); err != nil {
		t.Fatalf("ensure topics: %v", err)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ProducerLinger(0))
	if err != nil {
		t.Fatalf("producer: %v", err)
	}
	defer cl.Close()
	recs := make([]*kgo.Record, n)
	for i := range recs {
		recs[i] = &kgo.Record{
			Topic:   topic,
			Key:     []byte("k" + strconv.Itoa(i%keys)),
			Value:   []byte(`{"after":{"customer_id":` + strconv.Itoa(i) + `}}`),
			Headers: []kgo.RecordHeader{{Key: "src", Value: []byte("test")}},
		}
	}
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatalf("produce %d inputs: %v", n, err)
	}
}

// newTestRunner is NewRunner for a test, which ends at an error.
func newTestRunner(t testing.TB, cfg RunnerConfig, h Handler) *Runner {
	t.Helper()
	r, err := NewRunner(cfg, h)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// outputHeaders returns a test output's input position (pipeline.HeaderInput)
// and which of the doubler's copies it is (headerCopy).
func outputHeaders(r *kgo.Record) (pos, cp string) {
	for _, h := range r.Headers {
		switch h.Key {
		case pipeline.HeaderInput:
			pos = string(h.Value)
		case headerCopy:
			cp = string(h.Value)
		}
	}
	return pos, cp
}

// doubler is a deterministic handler writing two outputs per input.
type doubler struct {
	mu   sync.Mutex
	seen map[string]int // position -> times handled
	// fail, if set, is asked before each batch whether to fail it;
	// transient makes the failure a dependency's (onDependency), refused
	// one Kafka refuses the handler for good (Fatal).
	fail      func(in []pipeline.Message) bool
	transient bool
	refused   bool
	// topic, if set, names the topic of an input's outputs; !ok: none.
	topic func(in *pipeline.Message) (topic string, ok bool)
}

func newDoubler() *doubler { return &doubler{seen: make(map[string]int)} }

// transientErr is a handler failure on a dependency out of reach.
type transientErr struct{ error }

func (transientErr) Transient() bool { return true }

func (d *doubler) Handle(_ context.Context, in []pipeline.Message, out []pipeline.Output) ([]pipeline.Output, error) {
	d.mu.Lock()
	for i := range in {
		d.seen[in[i].Position()]++
	}
	d.mu.Unlock()
	if d.fail != nil && d.fail(in) {
		err := fmt.Errorf("injected handler failure on a batch of %d", len(in))
		if d.transient {
			err = transientErr{err}
		}
		if d.refused {
			err = fmt.Errorf("%w: %w", err, kerr.TopicAuthorizationFailed)
		}
		return out, err
	}
	for i := range in {
		pos := []byte(in[i].Position())
		topic := outTopic
		if d.topic != nil {
			var ok bool
			if topic, ok = d.topic(&in[i]); !ok {
				continue
			}
		}
		for _, c := range []string{"a", "b"} {
			out = append(out, pipeline.Output{
				Topic: topic,
				Key:   in[i].Key,
				Value: in[i].Value,
				Headers: []pipeline.Header{
					{Key: pipeline.HeaderInput, Value: pos},
					{Key: headerCopy, Value: []byte(c)},
				},
			})
		}
	}
	return out, nil
}

func (d *doubler) timesSeen(pos string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.seen[pos]
}

func testRunnerConfig(t testing.TB, addr, group, txnID string) RunnerConfig {
	return RunnerConfig{
		Brokers:         []string{addr},
		Group:           group,
		Topics:          []string{inTopic},
		TransactionalID: txnID,
		MaxBatch:        50,
		MaxWait:         20 * time.Millisecond,
		Logger:          zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)),
		ClientOpts: []kgo.Opt{
			kgo.FetchMaxWait(200 * time.Millisecond),
			kgo.HeartbeatInterval(200 * time.Millisecond),
		},
	}
}

// runAsync runs r until its context is cancelled; the returned func cancels
// and returns Run's error.
func runAsync(t testing.TB, r *Runner) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- r.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-errc:
			case <-time.After(60 * time.Second):
				err = fmt.Errorf("runner did not stop within 60s")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

// waitCommitted waits until group has committed the end offset of every
// partition of topic.
func waitCommitted(t testing.TB, addr, group, topic string, timeout time.Duration) {
	t.Helper()
	adm := newAdmin(t, addr)
	deadline := time.Now().Add(timeout)
	var lag int64
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		ends, err1 := adm.ListEndOffsets(ctx, topic)
		committed, err2 := adm.FetchOffsets(ctx, group)
		cancel()
		if err1 == nil && err2 == nil {
			lag = 0
			ends.Each(func(o kadm.ListedOffset) {
				c, ok := committed.Lookup(topic, o.Partition)
				if !ok || c.Err != nil {
					lag += o.Offset
					return
				}
				lag += o.Offset - c.At
			})
			if lag == 0 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("group %s did not commit all of %s within %s: lag %d", group, topic, timeout, lag)
}

// checkExactlyOnce asserts that every input record of inTopic has exactly
// one "a" and one "b" output in outTopic (read_committed), and that no
// output refers to a record that is not an input.
func checkExactlyOnce(t testing.TB, addr string, wantInputs int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	inputs := make(map[string]bool)
	err := ScanTopic(ctx, []string{addr}, inTopic, func(r *kgo.Record) {
		m := pipeline.Message{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset}
		inputs[m.Position()] = true
	})
	if err != nil {
		t.Fatalf("scan inputs: %v", err)
	}
	if len(inputs) != wantInputs {
		t.Fatalf("input topic holds %d records, want %d", len(inputs), wantInputs)
	}
	got := make(map[string]map[string]int)
	var total int
	err = ScanTopic(ctx, []string{addr}, outTopic, func(r *kgo.Record) {
		total++
		pos, cp := outputHeaders(r)
		if got[pos] == nil {
			got[pos] = make(map[string]int)
		}
		got[pos][cp]++
	})
	if err != nil {
		t.Fatalf("scan outputs: %v", err)
	}
	var missing, dup, stray int
	for pos := range inputs {
		c := got[pos]
		if c["a"] == 0 || c["b"] == 0 {
			missing++
		}
		if c["a"] > 1 || c["b"] > 1 {
			dup++
		}
	}
	for pos := range got {
		if !inputs[pos] {
			stray++
		}
	}
	if missing != 0 || dup != 0 || stray != 0 || total != 2*wantInputs {
		t.Fatalf("not exactly once: %d committed outputs for %d inputs (want %d); inputs missing outputs %d, with duplicate outputs %d, outputs of unknown inputs %d",
			total, wantInputs, 2*wantInputs, missing, dup, stray)
	}
}

// rawCount counts all data records of topic, including aborted and open
// transactions (read_uncommitted).
func rawCount(t testing.TB, addr, topic string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	n := 0
	if err := scan(ctx, []string{addr}, topic, uncommitted, func(*kgo.Record) { n++ }); err != nil {
		t.Fatalf("raw scan of %s: %v", topic, err)
	}
	return n
}

// waitStable waits until topic has no open transaction: its last stable
// offset equals its high watermark on every partition.
func waitStable(t testing.TB, addr, topic string, timeout time.Duration) {
	t.Helper()
	adm := newAdmin(t, addr)
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		lso, err1 := adm.ListCommittedOffsets(ctx, topic)
		hwm, err2 := adm.ListEndOffsets(ctx, topic)
		cancel()
		if err1 == nil && err2 == nil {
			open := 0
			hwm.Each(func(o kadm.ListedOffset) {
				if l, ok := lso.Lookup(topic, o.Partition); !ok || l.Offset != o.Offset {
					open++
				}
			})
			if open == 0 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s still has open transactions after %s", topic, timeout)
}

// handlerKinds are the runner's two transaction loops: one batch at a time
// for a plain Handler, and overlapped, the next batch prepared while the
// previous transaction ends, for a Preparer. The exactly-once tests run
// both.
var handlerKinds = []struct {
	name string
	of   func(*doubler) Handler
}{
	{"batch", func(d *doubler) Handler { return d }},
	{"overlapped", func(d *doubler) Handler { return &preparingDoubler{doubler: d} }},
}

// preparingDoubler is a doubler that the runner drives through Preparer.
type preparingDoubler struct {
	*doubler
	held     []pipeline.Output
	finished atomic.Int64 // batches handed over by Finish
}

func (p *preparingDoubler) HandleEach(ctx context.Context, in []pipeline.Message, emit func([]pipeline.Output) error) error {
	out, err := p.Handle(ctx, in, nil)
	if err != nil {
		return err
	}
	return emit(out)
}

func (p *preparingDoubler) Prepare(ctx context.Context, in []pipeline.Message) error {
	if p.held != nil {
		return errors.New("Prepare twice without Finish or Aborted")
	}
	out, err := p.Handle(ctx, in, []pipeline.Output{})
	if err != nil {
		return err
	}
	p.held = out
	return nil
}

func (p *preparingDoubler) Finish(_ context.Context, emit func([]pipeline.Output) error) error {
	if p.held == nil {
		return errors.New("Finish without Prepare")
	}
	out := p.held
	p.held = nil
	p.finished.Add(1)
	return emit(out)
}

func (p *preparingDoubler) Committed() {}

func (p *preparingDoubler) Aborted() { p.held = nil }

// checkOverlapped fails t if h is a preparingDoubler that never handed a
// prepared batch over: the overlapped loop was not exercised.
func checkOverlapped(t *testing.T, h Handler) {
	t.Helper()
	if p, ok := h.(*preparingDoubler); ok && p.finished.Load() == 0 {
		t.Error("no batch was prepared while the previous transaction ended: the overlapped loop was not exercised")
	}
}

// owners records which input partitions each runner owns, as its
// OnAssigned and OnRevoked callbacks report them.
type owners struct {
	mu      sync.Mutex
	owned   map[string]map[int32]bool
	revokes map[string]int // revokes of at least one input partition
}

func newOwners() *owners {
	return &owners{owned: map[string]map[int32]bool{}, revokes: map[string]int{}}
}

// track sets cfg's callbacks to record the runner called name.
func (o *owners) track(name string, cfg *RunnerConfig) {
	o.owned[name] = map[int32]bool{}
	cfg.OnAssigned = func(_ context.Context, a map[string][]int32) {
		o.mu.Lock()
		defer o.mu.Unlock()
		for _, p := range a[inTopic] {
			o.owned[name][p] = true
		}
	}
	cfg.OnRevoked = func(_ context.Context, rv map[string][]int32) {
		o.mu.Lock()
		defer o.mu.Unlock()
		if len(rv[inTopic]) > 0 {
			o.revokes[name]++
		}
		for _, p := range rv[inTopic] {
			delete(o.owned[name], p)
		}
	}
}

// runner makes the runner called name of group, its transactional id
// group-name, tracked by o; tune, if given, adjusts its config first.
func (o *owners) runner(t testing.TB, addr, group, name string, h Handler, tune ...func(*RunnerConfig)) *Runner {
	t.Helper()
	cfg := testRunnerConfig(t, addr, group, group+"-"+name)
	for _, f := range tune {
		f(&cfg)
	}
	o.track(name, &cfg)
	return newTestRunner(t, cfg, h)
}

// settled waits until the named runners own all parts partitions between
// them, each at least one, none twice.
func (o *owners) settled(t testing.TB, step string, parts int, names ...string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		o.mu.Lock()
		total, ok := 0, true
		seen := map[int32]bool{}
		for _, n := range names {
			ok = ok && len(o.owned[n]) > 0
			for p := range o.owned[n] {
				ok = ok && !seen[p]
				seen[p] = true
				total++
			}
		}
		state := fmt.Sprint(o.owned, ", revokes ", o.revokes)
		o.mu.Unlock()
		if ok && total == parts {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: partitions not split between %v: owned %s", step, names, state)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// beginTxn returns a transactional producer to topic, its transaction
// begun; the test's end closes it.
func beginTxn(t *testing.T, addr, topic, id string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(addr), kgo.DefaultProduceTopic(topic), kgo.TransactionalID(id)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	if err := cl.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	return cl
}

// produceKV writes key, value pairs in cl's transaction.
func produceKV(ctx context.Context, t *testing.T, cl *kgo.Client, kv ...string) {
	t.Helper()
	for i := 0; i+1 < len(kv); i += 2 {
		if err := cl.ProduceSync(ctx, &kgo.Record{Key: []byte(kv[i]), Value: []byte(kv[i+1])}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
}

// writeTxn writes key, value pairs to topic in a transaction of id,
// committed, or left open (a crash copy is then taken with it open).
func writeTxn(ctx context.Context, t *testing.T, addr, topic, id string, commit bool, kv ...string) {
	t.Helper()
	cl := beginTxn(t, addr, topic, id)
	produceKV(ctx, t, cl, kv...)
	if commit {
		if err := cl.EndTransaction(ctx, kgo.TryCommit); err != nil {
			t.Fatal(err)
		}
	}
}

// copyDir copies a data dir as a crash would leave it: the files as they
// are, the broker still running.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	if out, err := exec.Command("cp", "-a", src+"/.", dst).CombinedOutput(); err != nil {
		t.Fatalf("copy the data dir: %v: %s", err, out)
	}
	return dst
}

// startPersistent starts an embedded broker on a fresh data dir, with a
// compacted topic of one partition.
func startPersistent(ctx context.Context, t *testing.T, topic string) (*Embedded, string) {
	t.Helper()
	dir := t.TempDir()
	e, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", Partitions: 1, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := EnsureTopics(ctx, newAdmin(t, e.Addr()), compacted(topic, 1)); err != nil {
		t.Fatal(err)
	}
	return e, dir
}

// crashAndRestart takes a copy of e's data dir as a crash would leave it,
// closes e, and starts a broker of as many partitions on the copy, closed
// when the test ends.
func crashAndRestart(t *testing.T, e *Embedded, dir string, partitions int32) *Embedded {
	t.Helper()
	crashed := copyDir(t, dir)
	_ = e.Close()
	e2, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", Partitions: partitions, DataDir: crashed})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e2.Close() })
	return e2
}

// compacted returns a spec for a log-compacted topic, the kind lethe keeps
// its state in (the data map).
func compacted(name string, partitions int32) TopicSpec {
	return TopicSpec{Name: name, Partitions: partitions, Configs: map[string]string{"cleanup.policy": "compact"}}
}
