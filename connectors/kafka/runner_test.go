package kafka

import (
	"context"
	"errors"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/lethe-cdc/lethe/pipeline"
)

func TestNewRunnerValidation(t *testing.T) {
	valid := RunnerConfig{Brokers: []string{"localhost:9092"}, Group: "g", Topics: []string{"t"}}
	tests := []struct {
		name    string
		mut     func(*RunnerConfig)
		h       Handler
		wantErr string // substring naming the field; "" = valid
	}{
		{"valid", func(*RunnerConfig) {}, newDoubler(), ""},
		{"regex only", func(c *RunnerConfig) { c.Topics = nil; c.TopicRegex = `^crm\.public\.` }, newDoubler(), ""},
		{"nil handler", func(*RunnerConfig) {}, nil, "handler"},
		{"no brokers", func(c *RunnerConfig) { c.Brokers = nil }, newDoubler(), "Brokers"},
		{"empty broker", func(c *RunnerConfig) { c.Brokers = []string{""} }, newDoubler(), "Brokers[0]"},
		{"no group", func(c *RunnerConfig) { c.Group = "" }, newDoubler(), "Group"},
		{"no topics", func(c *RunnerConfig) { c.Topics = nil }, newDoubler(), "TopicRegex"},
		{"empty topic", func(c *RunnerConfig) { c.Topics = []string{"a", ""} }, newDoubler(), "Topics[1]"},
		{"bad regex", func(c *RunnerConfig) { c.TopicRegex = "(" }, newDoubler(), "TopicRegex"},
		{"negative batch", func(c *RunnerConfig) { c.MaxBatch = -1 }, newDoubler(), "MaxBatch"},
		{"negative wait", func(c *RunnerConfig) { c.MaxWait = -time.Second }, newDoubler(), "MaxWait"},
		{"negative unstable after", func(c *RunnerConfig) { c.UnstableAfter = -time.Second }, newDoubler(), "UnstableAfter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			cfg.Topics = append([]string(nil), valid.Topics...)
			tt.mut(&cfg)
			r, err := NewRunner(cfg, tt.h)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("NewRunner: %v", err)
				}
				if r.cfg.MaxBatch != DefaultMaxBatch || r.cfg.MaxWait != DefaultMaxWait || r.cfg.UnstableAfter != DefaultUnstableAfter {
					t.Errorf("defaults not applied: MaxBatch %d MaxWait %s UnstableAfter %s", r.cfg.MaxBatch, r.cfg.MaxWait, r.cfg.UnstableAfter)
				}
				if !strings.HasPrefix(r.TransactionalID(), "lethe-g-") {
					t.Errorf("derived transactional id %q does not start with lethe-<group>-", r.TransactionalID())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("NewRunner error = %v, want one naming %q", err, tt.wantErr)
			}
		})
	}
}

func TestDefaultTransactionalIDsDiffer(t *testing.T) {
	a, b := defaultTransactionalID("g"), defaultTransactionalID("g")
	if a == b {
		t.Fatalf("two derived transactional ids are equal: %q", a)
	}
}

// TestRunnerExactlyOnceAcrossStopAndCrash stops a runner by cancelling its
// context at a random point, then crashes a second one in the middle of a
// transaction (outputs produced, nothing committed, client dropped), then
// lets a third finish. Every input must have exactly one set of outputs.
func TestRunnerExactlyOnceAcrossStopAndCrash(t *testing.T) {
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) { testExactlyOnceAcrossStopAndCrash(t, kind.of) })
	}
}

func testExactlyOnceAcrossStopAndCrash(t *testing.T, of func(*doubler) Handler) {
	const n = 1200
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 4, n)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed) // to replay a failure's cancel and crash points
	rng := rand.New(rand.NewPCG(seed, 1))
	group := "eos"

	// 1. Cancel at a random point: inside the handler of a random batch,
	// so the transaction in flight must abort.
	{
		d := newDoubler()
		// The handler cancels; the timeout only bounds a runner that
		// never reaches batch cancelAt.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cancelAt := int64(2 + rng.IntN(5))
		var batches atomic.Int64
		d.fail = func([]pipeline.Message) bool {
			if batches.Add(1) == cancelAt {
				cancel()
			}
			return false
		}
		h := of(d)
		r := newTestRunner(t, testRunnerConfig(t, e.Addr(), group, "eos-1"), h)
		if err := r.Run(ctx); err != nil {
			t.Fatalf("Run after cancel = %v, want nil", err)
		}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Fatalf("the runner never reached batch %d in 2m", cancelAt)
		}
		st := r.Stats()
		t.Logf("runner 1 stats: %+v", st)
		if _, ok := h.(Preparer); ok {
			// Batch cancelAt was being prepared while cancelAt-1 ended;
			// that transaction commits or, if its flush saw the
			// cancellation first, aborts.
			if st.Commits != cancelAt-1 && st.Commits != cancelAt-2 {
				t.Fatalf("runner 1 committed %d transactions, want %d or %d", st.Commits, cancelAt-2, cancelAt-1)
			}
		} else if st.Commits != cancelAt-1 || st.Aborts < 1 {
			t.Fatalf("runner 1 committed %d and aborted %d transactions, want %d commits and the cancelled one aborted", st.Commits, st.Aborts, cancelAt-1)
		}
	}

	// 2. Crash in the middle of a transaction: its outputs are on the
	// broker, uncommitted, and the client disappears without ending it.
	{
		r := newTestRunner(t, testRunnerConfig(t, e.Addr(), group, "eos-1"), of(newDoubler()))
		crashAt := int64(1 + rng.IntN(4))
		var batches atomic.Int64
		r.hooks.beforeEnd = func(s *kgo.GroupTransactSession, _ int) error {
			if batches.Add(1) < crashAt {
				return nil
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := s.Client().Flush(ctx); err != nil {
				t.Errorf("flush before crash: %v", err)
			}
			s.Client().Close()
			return errCrashed
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		if err := r.Run(ctx); !errors.Is(err, errCrashed) {
			t.Fatalf("Run = %v, want the simulated crash", err)
		}
		t.Logf("runner 2 stats: %+v", r.Stats())
	}

	// 3. A restart with the same transactional id fences the crashed one
	// and aborts its open transaction at once.
	{
		h := of(newDoubler())
		r := newTestRunner(t, testRunnerConfig(t, e.Addr(), group, "eos-1"), h)
		stop := runAsync(t, r)
		waitCommitted(t, e.Addr(), group, inTopic, 60*time.Second)
		if err := stop(); err != nil {
			t.Fatalf("Run = %v", err)
		}
		t.Logf("runner 3 stats: %+v", r.Stats())
		checkOverlapped(t, h)
	}

	checkExactlyOnce(t, e.Addr(), n)
	if raw := rawCount(t, e.Addr(), outTopic); raw <= 2*n {
		t.Errorf("output topic holds %d records including aborted ones, want more than %d: the crash left no aborted transaction, so the test did not exercise it", raw, 2*n)
	}
}

// TestRunnerCrashWithNewTransactionalID crashes a runner and restarts with a
// different transactional id, as a runner with a derived id does: the open
// transaction is aborted by the broker's transaction timeout, and nothing is
// lost or duplicated.
func TestRunnerCrashWithNewTransactionalID(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for a transaction timeout")
	}
	const n = 400
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 2, n)
	cfg := testRunnerConfig(t, e.Addr(), "eos-newid", "")
	cfg.ClientOpts = append(cfg.ClientOpts, kgo.TransactionTimeout(2*time.Second))
	r := newTestRunner(t, cfg, newDoubler())
	r.hooks.beforeEnd = func(s *kgo.GroupTransactSession, _ int) error {
		if r.Stats().Commits < 2 {
			return nil
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = s.Client().Flush(ctx)
		s.Client().Close()
		return errCrashed
	}
	crashCtx, cancelCrash := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancelCrash()
	if err := r.Run(crashCtx); !errors.Is(err, errCrashed) {
		t.Fatalf("Run = %v, want the simulated crash", err)
	}
	r2 := newTestRunner(t, testRunnerConfig(t, e.Addr(), "eos-newid", ""), newDoubler())
	if r2.TransactionalID() == r.TransactionalID() {
		t.Fatal("derived transactional ids repeat")
	}
	stop := runAsync(t, r2)
	waitCommitted(t, e.Addr(), "eos-newid", inTopic, 60*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	// The crashed transaction stays open, holding back read_committed
	// readers of the output, until the broker times it out.
	began := time.Now()
	waitStable(t, e.Addr(), outTopic, 30*time.Second)
	t.Logf("orphaned transaction resolved after %s", time.Since(began).Round(time.Millisecond))
	checkExactlyOnce(t, e.Addr(), n)
}

// TestRunnerOutputFailedBeforeBufferingAborts: franz-go fails a record it
// cannot buffer (here: no topic) on another goroutine, and Flush does not
// wait for it. The transaction must abort, not commit the inputs without
// that output.
func TestRunnerOutputFailedBeforeBufferingAborts(t *testing.T) {
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) {
			const n = 50
			e := startBroker(t)
			produceInputs(t, e.Addr(), inTopic, 1, n)
			d := newDoubler()
			// Only the bad output: with nothing buffered, Flush returns
			// at once.
			d.topic = func(in *pipeline.Message) (string, bool) { return "", in.Offset == 7 }
			cfg := testRunnerConfig(t, e.Addr(), "unbuffered", "unbuffered-1")
			cfg.MaxBatch = 5 // overlapped: offset 7 is in a batch prepared ahead
			r := newTestRunner(t, cfg, kind.of(d))
			stop := runAsync(t, r)
			for deadline := time.Now().Add(60 * time.Second); r.Stats().Aborts < 2 && r.Stats().Inputs < n; time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("neither two aborts nor every input committed: %+v", r.Stats())
				}
			}
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			if st := r.Stats(); st.Inputs > 5 {
				t.Fatalf("%d inputs committed, want only the first batch's 5: the batch whose output failed before buffering committed without it (%+v)", st.Inputs, st)
			}
		})
	}
}

// TestRunnerHandlerErrorAbortsAndRetries fails the handler on some batches;
// each failed batch must be handed to the handler again and committed once.
func TestRunnerHandlerErrorAbortsAndRetries(t *testing.T) {
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) { testHandlerErrorAbortsAndRetries(t, kind.of) })
	}
}

func testHandlerErrorAbortsAndRetries(t *testing.T, of func(*doubler) Handler) {
	const n, failures = 500, 3
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 4, n)
	d := newDoubler()
	var failed atomic.Int64
	var failedPos sync.Map
	d.fail = func(in []pipeline.Message) bool {
		// Fail every other batch until we have failed enough.
		if failed.Load() < failures && len(in) > 0 && in[0].Offset%2 == 0 {
			failed.Add(1)
			failedPos.Store(in[0].Position(), true)
			return true
		}
		return false
	}
	reg := prometheus.NewRegistry()
	cfg := testRunnerConfig(t, e.Addr(), "retry", "retry-1")
	cfg.Metrics = reg
	h := of(d)
	r := newTestRunner(t, cfg, h)
	// A second runner in the same process shares the collectors.
	if _, err := NewRunner(cfg, h); err != nil {
		t.Fatalf("second runner on the same registry: %v", err)
	}
	var streakAtCommit atomic.Int64 // the largest AbortsSinceCommit a commit left behind
	var abortingAfterCommit, unstamped atomic.Bool
	r.cfg.OnCommitted = func(st RunnerStats) {
		streakAtCommit.Store(max(streakAtCommit.Load(), st.AbortsSinceCommit))
		if !st.AbortingSince.IsZero() {
			abortingAfterCommit.Store(true)
		}
	}
	fail := d.fail
	d.fail = func(in []pipeline.Message) bool {
		// A run of aborts is timed from its first: /healthz's stall check
		// depends on it.
		if st := r.Stats(); st.AbortsSinceCommit > 0 && st.AbortingSince.IsZero() {
			unstamped.Store(true)
		}
		return fail(in)
	}
	stop := runAsync(t, r)
	waitCommitted(t, e.Addr(), "retry", inTopic, 60*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	st := r.Stats()
	if failed.Load() != failures {
		t.Fatalf("handler failed %d times, want %d", failed.Load(), failures)
	}
	if _, ok := h.(Preparer); !ok && st.Aborts < failures {
		// (A prepared batch that fails was never in a transaction.)
		t.Errorf("aborts = %d, want at least %d", st.Aborts, failures)
	}
	if st.Inputs != n {
		t.Errorf("committed inputs = %d, want %d", st.Inputs, n)
	}
	if s := streakAtCommit.Load(); s != 0 {
		t.Errorf("a commit left AbortsSinceCommit at %d, want 0", s)
	}
	if abortingAfterCommit.Load() {
		t.Error("a commit left AbortingSince set, want it cleared")
	}
	if unstamped.Load() {
		t.Error("aborts since the last commit but AbortingSince is zero")
	}
	metrics := gatherCounters(t, reg)
	for name, want := range map[string]float64{
		"lethe_kafka_records_consumed_total":     float64(st.Polled),
		"lethe_kafka_records_produced_total":     float64(st.Outputs),
		"lethe_kafka_txn_commits_total":          float64(st.Commits),
		"lethe_kafka_txn_aborts_total":           float64(st.Aborts),
		"lethe_kafka_errors_total{stage=handle}": failures,
	} {
		if metrics[name] != want {
			t.Errorf("metric %s = %v, want %v", name, metrics[name], want)
		}
	}
	failedPos.Range(func(k, _ any) bool {
		if got := d.timesSeen(k.(string)); got < 2 {
			t.Errorf("an input of a failed batch was handled %d times, want a retry", got)
		}
		return true
	})
	checkOverlapped(t, h)
	checkExactlyOnce(t, e.Addr(), n)
}

// TestRunnerTwoInGroupSplitPartitions runs two runners in one group; the
// second joins mid-stream, forcing a rebalance. They must split the
// partitions and together produce exactly once.
func TestRunnerTwoInGroupSplitPartitions(t *testing.T) {
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) { testTwoInGroupSplitPartitions(t, kind.of) })
	}
}

func testTwoInGroupSplitPartitions(t *testing.T, of func(*doubler) Handler) {
	const n = 3000
	const parts = 6
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, parts, n)

	own := newOwners()
	mk := func(name string) *Runner {
		return own.runner(t, e.Addr(), "split", name, of(newDoubler()), func(cfg *RunnerConfig) { cfg.MaxBatch = 20 })
	}
	a, b := mk("a"), mk("b")
	started := make(chan struct{})
	var once sync.Once
	a.cfg.OnCommitted = func(RunnerStats) { once.Do(func() { close(started) }) }
	stopA := runAsync(t, a)
	select {
	case <-started:
	case <-time.After(60 * time.Second):
		// stopA returns Run's error at once if Run has already ended.
		t.Fatalf("runner a committed nothing in 60s (Run: %v)", stopA())
	}
	stopB := runAsync(t, b)

	own.settled(t, "b joined", parts, "a", "b")
	// lethe_kafka_owned_partitions: what each was given, all of them
	// together (a review found no metric said partitions were unowned)
	if ga, gb := gaugeValue(a.m.owned), gaugeValue(b.m.owned); ga+gb != parts || ga == 0 || gb == 0 {
		t.Errorf("owned partitions gauges %v and %v, want both above 0 and %d together", ga, gb, parts)
	}
	waitCommitted(t, e.Addr(), "split", inTopic, 60*time.Second)
	if err := stopA(); err != nil {
		t.Fatal(err)
	}
	if err := stopB(); err != nil {
		t.Fatal(err)
	}
	sa, sb := a.Stats(), b.Stats()
	t.Logf("a: %+v", sa)
	t.Logf("b: %+v", sb)
	if sa.Inputs == 0 || sb.Inputs == 0 {
		t.Errorf("work not shared: a committed %d inputs, b %d", sa.Inputs, sb.Inputs)
	}
	if sa.Inputs+sb.Inputs != n {
		t.Errorf("committed inputs a+b = %d, want %d", sa.Inputs+sb.Inputs, n)
	}
	checkOverlapped(t, a.h)
	checkExactlyOnce(t, e.Addr(), n)
}

// TestRunnerTopicRegex consumes by regular expression; the expression
// matches the input topic but not the output topic next to it.
func TestRunnerTopicRegex(t *testing.T) {
	const n = 300
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 2, n)
	cfg := testRunnerConfig(t, e.Addr(), "regex", "regex-1")
	cfg.Topics = nil
	cfg.TopicRegex = `^crm\.public\.[a-z_]+$`
	r := newTestRunner(t, cfg, newDoubler())
	stop := runAsync(t, r)
	waitCommitted(t, e.Addr(), "regex", inTopic, 30*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if st := r.Stats(); st.Polled != n {
		t.Errorf("polled %d records, want %d (the output topic must not be consumed)", st.Polled, n)
	}
	checkExactlyOnce(t, e.Addr(), n)
}

// gatherCounters flattens a registry's counters to name{label=value} keys.
func gatherCounters(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			name := mf.GetName()
			for _, l := range m.GetLabel() {
				name += "{" + l.GetName() + "=" + l.GetValue() + "}"
			}
			if c := m.GetCounter(); c != nil {
				out[name] = c.GetValue()
			}
		}
	}
	return out
}

// eachDoubler hands its outputs over one input at a time, and fails once
// half-way through a batch whose first half it has already handed over.
type eachDoubler struct {
	*doubler
	failed atomic.Bool
	r      *Runner
	early  atomic.Int64 // pieces the runner had produced before the next was made
}

func (d *eachDoubler) HandleEach(ctx context.Context, in []pipeline.Message, emit func([]pipeline.Output) error) error {
	var out []pipeline.Output
	for i := range in {
		var err error
		if out, err = d.Handle(ctx, in[i:i+1], out[:0]); err != nil {
			return err
		}
		before := d.r.used
		if err := emit(out); err != nil {
			return err
		}
		if d.r.used == before+len(out) {
			d.early.Add(1)
		}
		if i == len(in)/2 && len(in) > 10 && d.failed.CompareAndSwap(false, true) {
			return errors.New("injected failure after handing over half a batch")
		}
	}
	return nil
}

// TestRunnerEachHandler runs a handler that hands its outputs over in
// pieces, which the runner produces at once: a failure after some pieces
// were produced aborts them with the transaction and the batch is retried,
// and every input still ends with exactly its outputs.
func TestRunnerEachHandler(t *testing.T) {
	const n = 600
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 3, n)
	h := &eachDoubler{doubler: newDoubler()}
	r := newTestRunner(t, testRunnerConfig(t, e.Addr(), "each", "each-1"), h)
	h.r = r
	stop := runAsync(t, r)
	waitCommitted(t, e.Addr(), "each", inTopic, 60*time.Second)
	if err := stop(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	st := r.Stats()
	if !h.failed.Load() || st.Aborts < 1 || st.Outputs != 2*n {
		t.Fatalf("stats %+v: want the injected failure aborted and %d outputs committed", st, 2*n)
	}
	if got := h.early.Load(); got < n {
		t.Fatalf("%d pieces were produced as they were handed over, want every one of at least %d", got, n)
	}
	retried := 0
	for p := range int32(3) {
		for o := range int64(n / 3) {
			if h.timesSeen(pipeline.Position{Topic: inTopic, Partition: p, Offset: o}.String()) > 1 {
				retried++
			}
		}
	}
	if retried == 0 {
		t.Fatal("no input was handled twice: the failed batch was not retried")
	}
	checkExactlyOnce(t, e.Addr(), n)
}

// TestRunnerRebalanceAbortsOpenBatch holds runner a's transaction open until
// a second member has joined the group, so the rebalance begins before End:
// that transaction must abort (its inputs go to whoever gets them), and the
// two runners together must still produce every output exactly once.
func TestRunnerRebalanceAbortsOpenBatch(t *testing.T) {
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) { testRebalanceAbortsOpenBatch(t, kind.of) })
	}
}

func testRebalanceAbortsOpenBatch(t *testing.T, of func(*doubler) Handler) {
	const n, parts, group = 2000, 6, "rebalance-abort"
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, parts, n)
	mk := func(txn string) *Runner {
		cfg := testRunnerConfig(t, e.Addr(), group, txn)
		cfg.MaxBatch = 20
		r := newTestRunner(t, cfg, of(newDoubler()))
		return r
	}
	a, b := mk("rebalance-a"), mk("rebalance-b")
	startB := make(chan struct{})
	var once sync.Once
	rebalancing := false
	a.hooks.beforeEnd = func(*kgo.GroupTransactSession, int) error {
		once.Do(func() {
			close(startB)
			deadline := time.Now().Add(30 * time.Second)
			for time.Now().Before(deadline) {
				if gi := e.Cluster().GroupInfo(group); gi != nil && (gi.State == "PreparingRebalance" || len(gi.Members) > 1) {
					rebalancing = true
					return
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
		return nil
	}
	stopA := runAsync(t, a)
	select {
	case <-startB:
	case <-time.After(60 * time.Second):
		t.Fatalf("runner a reached no End in 60s (Run: %v)", stopA())
	}
	stopB := runAsync(t, b)
	waitCommitted(t, e.Addr(), group, inTopic, 60*time.Second)
	if err := stopA(); err != nil {
		t.Fatal(err)
	}
	if err := stopB(); err != nil {
		t.Fatal(err)
	}
	if !rebalancing {
		t.Fatal("the group never started rebalancing while a's batch was open: the test proves nothing")
	}
	if st := a.Stats(); st.Aborts == 0 {
		t.Fatalf("runner a: %+v; want the batch open across the rebalance aborted", st)
	}
	// ... and that abort not taken for a commit the broker applied
	// (committedAnyway), which would restart the session.
	if sa, sb := a.Stats(), b.Stats(); sa.Restarts != 0 || sb.Restarts != 0 {
		t.Errorf("restarts a=%d b=%d, want none", sa.Restarts, sb.Restarts)
	}
	checkExactlyOnce(t, e.Addr(), n)
}

// TestRunnerIdleSeesEveryRevoke moves partitions away from an idle runner
// twice. franz-go's GroupTransactSession passes on only the first revoke
// until End is called, and an idle runner has no transaction to end: without
// the runner ending the idle session itself, the second revoke never reaches
// OnRevoked and the runner's owner keeps state for partitions it lost.
func TestRunnerIdleSeesEveryRevoke(t *testing.T) {
	const parts, group = 6, "idle-revoke"
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, parts, 0)

	own := newOwners()
	mk := func(name string) *Runner { return own.runner(t, e.Addr(), group, name, newDoubler()) }
	a := mk("a")
	runAsync(t, a)
	own.settled(t, "a alone", parts, "a")
	stopB := runAsync(t, mk("b"))
	own.settled(t, "b joined", parts, "a", "b")
	if err := stopB(); err != nil {
		t.Fatal(err)
	}
	own.settled(t, "b left", parts, "a")
	runAsync(t, mk("c"))
	own.settled(t, "c joined", parts, "a", "c")
	own.mu.Lock()
	if own.revokes["a"] < 2 {
		t.Errorf("a saw %d revokes, want 2", own.revokes["a"])
	}
	own.mu.Unlock()
	// The group's sync tells the runner of a revoke the session kept from
	// it too (reconcile); ending the idle session also spares the first
	// batch after the revokes an abort for nothing.
	produceInputs(t, e.Addr(), inTopic, parts, 60)
	waitCommitted(t, e.Addr(), group, inTopic, 30*time.Second)
	if st := a.Stats(); st.Commits == 0 || st.Aborts != 0 {
		t.Errorf("runner a: %+v; want its batches after the revokes committed, none aborted", st)
	}
}

// A session that ends between a revoke and the End that follows it, its
// transaction left open (an End or an offset check that failed: the hook
// stands for it), leaves the group with its session still marked revoked,
// and franz-go's GroupTransactSession passes on no more revokes until End:
// the leave's revoke of the partitions the runner still had never reaches
// OnRevoked. The runner must tell its owner itself, before the new client
// can be assigned any of them; the worker would otherwise keep the data
// map state of partitions it no longer owns, for good.
func TestRunnerRevokesWhatAClosedSessionDidNotSay(t *testing.T) {
	const parts, group = 6, "closed-revoke"
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, parts, 60)
	own := newOwners()
	mk := func(name string) *Runner { return own.runner(t, e.Addr(), group, name, newDoubler()) }
	a := mk("a")
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	a.hooks.beforeEnd = func(*kgo.GroupTransactSession, int) error {
		failed := false
		once.Do(func() {
			close(held)
			<-release
			failed = true
		})
		if failed {
			return errors.New("injected: the session fails before End")
		}
		return nil
	}
	runAsync(t, a)
	<-held
	runAsync(t, mk("b"))
	own.settled(t, "b joined while a's batch was open", parts, "a", "b")
	close(release)
	waitFor(t, 30*time.Second, "runner a never made a new client", func() bool { return a.Stats().Restarts > 0 })
	own.settled(t, "a rejoined", parts, "a", "b")
	own.mu.Lock()
	defer own.mu.Unlock()
	if own.revokes["a"] < 2 {
		t.Errorf("a's owner heard of %d revokes, want 2: the one of b's join and the one of a's closed session", own.revokes["a"])
	}
}

// Two rebalances while a batch is open: b joins, then c. franz-go's
// GroupTransactSession passes on only the first revoke until End, so the
// second, which takes one more of a's partitions for c, never reaches the
// runner's callbacks. The runner learns each assignment from the group's
// sync instead, and tells its owner of what it lost at once, while the
// batch is still open: otherwise a's owned set (and the worker's state
// for those partitions, the owned and lag gauges) kept them until the
// session restarted.
func TestRunnerSeesASecondRevokeDuringABatch(t *testing.T) {
	const parts, group = 6, "second-revoke"
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, parts, 60)
	own := newOwners()
	mk := func(name string) *Runner { return own.runner(t, e.Addr(), group, name, newDoubler()) }
	a := mk("a")
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	a.hooks.beforeEnd = func(*kgo.GroupTransactSession, int) error {
		once.Do(func() {
			close(held)
			<-release
		})
		return nil
	}
	stopA := runAsync(t, a)
	<-held
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()
	stopB := runAsync(t, mk("b"))
	own.settled(t, "b joined while a's batch was open", parts, "a", "b")
	stopC := runAsync(t, mk("c"))
	own.settled(t, "c joined while a's batch was still open", parts, "a", "b", "c")
	own.mu.Lock()
	want := slices.Sorted(maps.Keys(own.owned["a"]))
	revokes := own.revokes["a"]
	own.mu.Unlock()
	if got := slices.Sorted(maps.Keys(a.ownedPartitions()[inTopic])); !slices.Equal(got, want) {
		t.Errorf("runner a lists %v as owned, its group assignment is %v", got, want)
	}
	if got := gaugeValue(a.m.owned); got != float64(len(want)) {
		t.Errorf("runner a's owned partitions gauge %v, want %d", got, len(want))
	}
	if revokes < 2 {
		t.Errorf("a's owner heard of %d revokes, want 2", revokes)
	}
	released = true
	close(release)
	waitCommitted(t, e.Addr(), group, inTopic, 60*time.Second)
	for _, stop := range []func() error{stopC, stopB, stopA} {
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	}
	if st := a.Stats(); st.Restarts != 0 || st.Aborts == 0 {
		t.Errorf("runner a: %+v; want the open batch aborted and no restart", st)
	}
	checkExactlyOnce(t, e.Addr(), 60)
}

// A handler failing on a dependency out of reach makes the runner wait,
// not stall; a revoke ends the wait it reports, since the batch that
// waited may be another member's now (a review saw /readyz stay "waiting"
// on a worker left with idle partitions), and a commit does too.
func TestRunnerWaitsOnADependency(t *testing.T) {
	const parts, group = 2, "waits"
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, parts, 200)
	var down atomic.Bool
	down.Store(true)
	d := newDoubler()
	d.fail, d.transient = func([]pipeline.Message) bool { return down.Load() }, true
	var a *Runner
	var revoked, clearedAtRevoke atomic.Bool
	cfg := testRunnerConfig(t, e.Addr(), group, group+"-a")
	cfg.OnRevoked = func(_ context.Context, parts map[string][]int32) {
		if len(parts) > 0 && !revoked.Load() {
			clearedAtRevoke.Store(a.Stats().WaitingSince.IsZero())
			revoked.Store(true)
		}
	}
	a = newTestRunner(t, cfg, d)
	stopA, deadline := runUntilAborts(t, a, 3)
	if st := a.Stats(); st.Aborts < 3 || st.AbortsSinceCommit != 0 || st.WaitingSince.IsZero() || !strings.Contains(st.WaitingOn, "injected") {
		t.Fatalf("stats while the dependency is down = %+v, want waiting, no stall", st)
	}
	b := newTestRunner(t, testRunnerConfig(t, e.Addr(), group, group+"-b"), d)
	stopB := runAsync(t, b)
	for !revoked.Load() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !revoked.Load() || !clearedAtRevoke.Load() {
		t.Errorf("revoked %v, waiting cleared then %v: want a revoke to end the wait", revoked.Load(), clearedAtRevoke.Load())
	}
	down.Store(false)
	waitCommitted(t, e.Addr(), group, inTopic, time.Minute)
	if st := a.Stats(); st.Commits > 0 && !st.WaitingSince.IsZero() {
		t.Errorf("still waiting after commits: %+v", st)
	}
	for _, stop := range []func() error{stopA, stopB} {
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	}
}

// A cooperative rebalance ends with an empty revoke on every member: a
// member that lost nothing and still waits keeps its wait (a review saw
// each rebalance restart the 30 s /readyz takes to say "waiting").
func TestRunnerWaitSurvivesAnEmptyRevoke(t *testing.T) {
	const group = "waits-on"
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 1, 50)
	d := newDoubler()
	d.fail, d.transient = func([]pipeline.Message) bool { return true }, true
	var a *Runner
	var emptyRevokes atomic.Int32
	var clearedAtEmpty atomic.Bool
	cfg := testRunnerConfig(t, e.Addr(), group, group+"-a")
	cfg.OnRevoked = func(_ context.Context, parts map[string][]int32) {
		if len(parts) == 0 {
			emptyRevokes.Add(1)
			clearedAtEmpty.Store(clearedAtEmpty.Load() || a.Stats().WaitingSince.IsZero())
		}
	}
	a = newTestRunner(t, cfg, d)
	stopA, deadline := runUntilAborts(t, a, 3)
	b := newTestRunner(t, testRunnerConfig(t, e.Addr(), group, group+"-b"), newDoubler())
	stopB := runAsync(t, b) // the one partition stays a's
	for emptyRevokes.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if emptyRevokes.Load() == 0 {
		t.Fatal("no empty revoke came: the test shows nothing")
	}
	if clearedAtEmpty.Load() {
		t.Error("an empty revoke ended the wait of a member that lost nothing")
	}
	for _, stop := range []func() error{stopB, stopA} {
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	}
}

// runUntilAborts runs r until it has aborted n transactions, or a minute
// has passed, the deadline it returns.
func runUntilAborts(t *testing.T, r *Runner, n int64) (stop func() error, deadline time.Time) {
	t.Helper()
	stop = runAsync(t, r)
	deadline = time.Now().Add(time.Minute)
	for r.Stats().Aborts < n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	return stop, deadline
}

func TestRunnerOwnCountsPartitions(t *testing.T) {
	r := &Runner{owned: map[string]map[int32]bool{}, m: newRunnerMetrics(nil)}
	for _, step := range []struct {
		parts map[string][]int32
		add   bool
		want  int
	}{
		{map[string][]int32{"a": {0, 1}, "b": {0}}, true, 3},
		{map[string][]int32{}, true, -1},         // a cooperative rebalance's empty callback
		{map[string][]int32{"a": {}}, false, -1}, // likewise
		{map[string][]int32{"a": {2}}, true, 4},  // an assignment lists only what it adds
		{map[string][]int32{"a": {0}, "b": {0}}, false, 2},
	} {
		if got := r.own(step.parts, step.add); got != step.want {
			t.Errorf("own(%v, %v) = %d, want %d", step.parts, step.add, got, step.want)
		}
	}
	if got := gaugeValue(r.m.owned); got != 2 {
		t.Errorf("lethe_kafka_owned_partitions = %v, want 2", got)
	}
}

// A session's client joins the group as soon as it exists, so its first
// assignment may come before NewGroupTransactSession returns (a goroutine
// descheduled under load). The runner must keep it: it once cleared the
// last session's partitions after the new client was made, and so wiped
// the assignment one run in a hundred under load (seen as
// TestRunnerReportsHangBesideAnUnlistedPartition failing), its hang
// probes then watching nothing and the owned gauge at 0.
func TestRunnerKeepsAnAssignmentMadeBeforeTheClientReturned(t *testing.T) {
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 3, 30)
	assigned := make(chan struct{}, 1)
	cfg := testRunnerConfig(t, e.Addr(), "early-assignment", "early-txn")
	cfg.OnAssigned = func(context.Context, map[string][]int32) {
		select {
		case assigned <- struct{}{}:
		default:
		}
	}
	r := newTestRunner(t, cfg, newDoubler())
	r.hooks.newSession = func() {
		select {
		case <-assigned:
		case <-time.After(10 * time.Second):
			t.Error("no assignment within 10s of the client's start")
		}
	}
	runAsync(t, r)
	waitCommitted(t, e.Addr(), "early-assignment", inTopic, 30*time.Second)
	if got := r.ownedPartitions()[inTopic]; len(got) != 3 {
		t.Errorf("the runner owns %v, want the 3 partitions it was assigned", got)
	}
	if got := gaugeValue(r.m.owned); got != 3 {
		t.Errorf("lethe_kafka_owned_partitions = %v, want 3", got)
	}
}

// An End may wait as long as a rebalance can hold it up: the group's
// session timeout (a crashed member keeps its place that long) and its
// rebalance timeout. A review saw a 30 s bound make a crash and a quick
// restart keep a group of three rebalancing for as long as input came.
func TestEndTimeoutOutlastsARebalance(t *testing.T) {
	for _, tc := range []struct {
		opts []kgo.Opt
		want time.Duration
	}{
		{nil, 2 * time.Minute}, // franz-go's 45 s and 60 s
		{[]kgo.Opt{kgo.SessionTimeout(6 * time.Second), kgo.RebalanceTimeout(10 * time.Second)}, 31 * time.Second},
	} {
		cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers("127.0.0.1:1"), kgo.ConsumerGroup("g"), kgo.ConsumeTopics("t")}, tc.opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		if got := endTimeout(cl); got != tc.want {
			t.Errorf("endTimeout = %s, want %s", got, tc.want)
		}
		cl.Close()
	}
}

// franz-go's log lines name the group, which the runner's logger names
// already: a line must hold each key once (a review found "group" twice in
// every group line, which some log pipelines drop), and keep the rest.
func TestKgoLogLinesNameTheGroupOnce(t *testing.T) {
	core, logs := observer.New(zap.DebugLevel)
	r := newTestRunner(t, RunnerConfig{Brokers: []string{"127.0.0.1:1"}, Group: "g1", Topics: []string{"t"}, Logger: zap.New(core)}, newDoubler())
	k := kgoZapLogger{l: r.log.Named("kgo"), group: r.cfg.Group}
	k.Log(kgo.LogLevelError, "group manage loop errored", "group", "g1", "err", "boom", "consecutive_errors", 3)
	entries := logs.All()
	if len(entries) != 1 {
		t.Fatalf("%d log lines, want 1", len(entries))
	}
	seen := map[string]int{}
	for _, f := range entries[0].Context {
		seen[f.Key]++
	}
	if seen["group"] != 1 || seen["consecutive_errors"] != 1 || seen["err"] != 1 || seen["transactional_id"] != 1 {
		t.Errorf("fields of the line: %v, want group, transactional_id, err and consecutive_errors once each", seen)
	}
}

// RecentAborts counts the aborts of the last RestartWindow, and
// RecentCommits the commits since the first of them.
func TestRunnerRecentAborts(t *testing.T) {
	r := &Runner{owned: map[string]map[int32]bool{}, m: newRunnerMetrics(nil)}
	r.commits.Add(100) // before any abort: not counted
	r.recentAborts = []abortMark{{at: time.Now().Add(-2 * RestartWindow), commits: 0}}
	r.aborted()
	r.aborted()
	r.commits.Add(5)
	r.aborted()
	if st := r.Stats(); st.RecentAborts != 3 || st.RecentCommits != 5 {
		t.Errorf("RecentAborts %d, RecentCommits %d; want 3 and 5", st.RecentAborts, st.RecentCommits)
	}
	for range maxRecentAborts + 10 {
		r.aborted()
	}
	if st := r.Stats(); st.RecentAborts != maxRecentAborts || len(r.recentAborts) != maxRecentAborts {
		t.Errorf("RecentAborts %d (%d kept), want at most %d", st.RecentAborts, len(r.recentAborts), maxRecentAborts)
	}
}

// A handler failing on a refusal retrying cannot fix (Kafka denying the
// worker a topic it reads, such as the data map) stops Run with it, as the
// same refusal on a fetch does: retried, every batch aborted until the
// liveness probe restarted the worker, which the refusal outlasts (a
// review). The batch is not committed.
func TestRunnerStopsOnARefusedHandler(t *testing.T) {
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) {
			e := startBroker(t)
			produceInputs(t, e.Addr(), inTopic, 2, 200)
			d := newDoubler()
			var batches atomic.Int64
			// The first batch commits, so that the overlapped kind
			// meets the refusal in Prepare or in HandleEach.
			d.fail, d.refused = func([]pipeline.Message) bool { return batches.Add(1) > 1 }, true
			r := newTestRunner(t, testRunnerConfig(t, e.Addr(), "refused-"+kind.name, "refused-"+kind.name+"-1"), kind.of(d))
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			err := r.Run(ctx)
			if ctx.Err() != nil {
				t.Fatalf("Run still going after a minute of refusals: %+v", r.Stats())
			}
			if !errors.Is(err, kerr.TopicAuthorizationFailed) || !strings.Contains(err.Error(), "injected handler failure") {
				t.Errorf("Run = %v, want the handler's refusal", err)
			}
			if st := r.Stats(); st.Inputs >= 200 {
				t.Errorf("stats %+v: every input committed, the refused ones too", st)
			}
		})
	}
}
