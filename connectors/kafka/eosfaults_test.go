package kafka

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/lethe-cdc/lethe/pipeline"
)

// waitFor polls ok every 20 ms until it holds, or fails t after d.
func waitFor(t testing.TB, d time.Duration, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal(what)
		}
	}
}

// committedBoth waits until the runners have all committed at least once.
func committedBoth(t testing.TB, rs ...*Runner) {
	t.Helper()
	waitFor(t, 30*time.Second, "the runners did not all commit", func() bool {
		for _, r := range rs {
			if r.Stats().Commits == 0 {
				return false
			}
		}
		return true
	})
}

// TestRunnerMemberKickedMidTransaction has the group coordinator forget
// members of a two-member group (UNKNOWN_MEMBER_ID on heartbeats, the
// forced heartbeat End sends included) while both runners have
// transactions open: each kicked member loses its partitions and rejoins
// under a new member id, and its old id stays in the group until it times
// out, so the group rebalances again and again mid-transaction. Every
// committed input must have its outputs once, in order per key.
func TestRunnerMemberKickedMidTransaction(t *testing.T) {
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) {
			const n, parts, group = 3000, 4, "kicked"
			e := startBroker(t)
			produceKeyed(t, e.Addr(), parts, n, 40)
			var lost atomic.Int64
			mk := func(txn string) *Runner {
				cfg := testRunnerConfig(t, e.Addr(), group, txn)
				cfg.MaxBatch = 20
				cfg.ClientOpts = append(cfg.ClientOpts, kgo.SessionTimeout(6*time.Second))
				cfg.OnRevoked = func(_ context.Context, rv map[string][]int32) {
					if len(rv[inTopic]) > 0 {
						lost.Add(1)
					}
				}
				return newTestRunner(t, cfg, kind.of(newDoubler()))
			}
			a, b := mk("kicked-a"), mk("kicked-b")
			stopA, stopB := runAsync(t, a), runAsync(t, b)
			committedBoth(t, a, b)
			h := e.Cluster().Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.Heartbeat}, Group: group, Err: kerr.UnknownMemberID, TopLevel: true, Count: 6})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := h.Wait(ctx, 6); err != nil {
				t.Fatalf("kicked %d times of 6: %v", h.Hits(), err)
			}
			waitCommitted(t, e.Addr(), group, inTopic, 60*time.Second)
			if err := stopA(); err != nil {
				t.Fatal(err)
			}
			if err := stopB(); err != nil {
				t.Fatal(err)
			}
			sa, sb := a.Stats(), b.Stats()
			t.Logf("revokes and losses %d; a %+v; b %+v", lost.Load(), sa, sb)
			if lost.Load() == 0 {
				t.Error("no runner lost a partition: the kicks did not take effect")
			}
			if sa.Aborts+sb.Aborts == 0 {
				t.Error("no transaction aborted: no kick landed while one was open")
			}
			checkAllCommittedOnce(t, e.Addr(), group, n)
			checkOverlapped(t, a.h)
		})
	}
}

// TestRunnerFencedBySameTransactionalID runs two runners of one group with
// the same transactional id, as two pods would after a botched rollout or
// a zombie that outlived its replacement: each start fences the other's
// producer (its open transaction aborts, its next End fails), and the
// fenced runner builds a new client, which fences the first. Whatever the
// two leave behind, every committed input has its outputs once, in order
// per key, and the group gets through the inputs.
func TestRunnerFencedBySameTransactionalID(t *testing.T) {
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) {
			const n, parts, group = 8000, 4, "fenced"
			e := startBroker(t)
			produceKeyed(t, e.Addr(), parts, n, 40)
			// While one runner is fenced and not back (its abort not yet
			// followed by a commit), the other holds each batch (5 s at
			// most) until the first commits with its new producer, which
			// fences the other: batches take a millisecond, and on a
			// loaded machine the other finished every input before the
			// first was back, so nothing fenced it.
			var rs [2]*Runner
			mk := func(i int) *Runner {
				cfg := testRunnerConfig(t, e.Addr(), group, "fenced-same")
				cfg.MaxBatch = 20
				d := newDoubler()
				d.fail = func([]pipeline.Message) bool {
					me, other := rs[i], rs[1-i]
					if me.Stats().Restarts > 0 {
						return false
					}
					for deadline := time.Now().Add(5 * time.Second); other.Stats().AbortsSinceCommit > 0 && time.Now().Before(deadline); {
						time.Sleep(time.Millisecond)
					}
					return false
				}
				return newTestRunner(t, cfg, kind.of(d))
			}
			rs[0], rs[1] = mk(0), mk(1)
			a, b := rs[0], rs[1]
			stopA := runAsync(t, a)
			committedBoth(t, a)
			stopB := runAsync(t, b)
			waitFor(t, 30*time.Second, "the two did not fence each other", func() bool { return a.Stats().Restarts > 0 && b.Stats().Restarts > 0 })
			waitCommitted(t, e.Addr(), group, inTopic, 60*time.Second)
			if err := stopA(); err != nil {
				t.Fatal(err)
			}
			if err := stopB(); err != nil {
				t.Fatal(err)
			}
			sa, sb := a.Stats(), b.Stats()
			t.Logf("a: commits %d aborts %d restarts %d; b: commits %d aborts %d restarts %d", sa.Commits, sa.Aborts, sa.Restarts, sb.Commits, sb.Aborts, sb.Restarts)
			checkAllCommittedOnce(t, e.Addr(), group, n)
		})
	}
}

// TestRunnerStopsWhenItsInstanceIDIsTaken runs two runners of one group
// with the same static group instance id, as two workers given one
// instance_id would (a Deployment with a fixed string, a zombie beside
// its replacement): the second's join takes the id over and fences the
// first, which must stop with an error that names the problem, not build
// a new client that fences the second in turn, nor sit in franz-go's join
// loop consuming nothing. The second gets through the inputs, and every
// committed input has its outputs once, in order per key.
func TestRunnerStopsWhenItsInstanceIDIsTaken(t *testing.T) {
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) {
			const n, parts, group = 4000, 4, "static"
			e := startBroker(t)
			produceKeyed(t, e.Addr(), parts, n, 40)
			mk := func(txn string) *Runner {
				cfg := testRunnerConfig(t, e.Addr(), group, txn)
				cfg.MaxBatch = 20
				cfg.ClientOpts = append(cfg.ClientOpts, kgo.InstanceID("lethe-0"))
				return newTestRunner(t, cfg, kind.of(newDoubler()))
			}
			first, second := mk("static-first"), mk("static-second")
			stopFirst := runAsync(t, first)
			committedBoth(t, first)
			stopSecond := runAsync(t, second)
			waitFor(t, 30*time.Second, "the fenced runner did not stop", func() bool { return !first.running.Load() })
			err := stopFirst()
			if !errors.Is(err, kerr.FencedInstanceID) || !strings.Contains(err.Error(), "instance_id") {
				t.Errorf("the fenced runner stopped with %v, want FENCED_INSTANCE_ID and a hint naming instance_id", err)
			}
			if st := first.Stats(); st.Restarts != 0 {
				t.Errorf("the fenced runner made %d new clients, each of which would have fenced the other", st.Restarts)
			}
			waitCommitted(t, e.Addr(), group, inTopic, 60*time.Second)
			if err := stopSecond(); err != nil {
				t.Fatalf("the runner that took the id over: %v", err)
			}
			if st := second.Stats(); st.Restarts != 0 {
				t.Errorf("the runner that took the id over restarted %d times", st.Restarts)
			}
			checkAllCommittedOnce(t, e.Addr(), group, n)
		})
	}
}

// TestRunnerCoordinatorsMove runs two runners on a three-broker cluster
// whose group and transaction coordinators move every few transactions:
// requests in flight meet NOT_COORDINATOR and are sent again to the new
// coordinator, a heartbeat, TxnOffsetCommit or EndTxn among them. Every
// committed input has its outputs once, in order per key.
//
// Partition leaders are left in place: after kfake's
// ShufflePartitionLeaders, its OffsetForLeaderEpoch answers a consumer's
// epoch with "unknown" until the new leader has written a batch, which
// franz-go takes for lost data and resets the partition to its start.
func TestRunnerCoordinatorsMove(t *testing.T) {
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) {
			const n, parts, group = 2000, 4, "moving"
			c, err := kfake.NewCluster(kfake.NumBrokers(3), kfake.AllowAutoTopicCreation(), kfake.DefaultNumPartitions(parts))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(c.Close)
			addr := c.ListenAddrs()[0]
			produceKeyed(t, addr, parts, n, 40)
			// Every fourth batch waits (5 s at most) for a move of its
			// own, so that the moves land among the runners' requests
			// however the scheduler treats the mover: on a loaded machine
			// the runners once finished with only 8 moves made.
			var moves, batches atomic.Int64
			var moving atomic.Bool
			mk := func(txn string) *Runner {
				cfg := testRunnerConfig(t, addr, group, txn)
				cfg.Brokers = c.ListenAddrs()
				cfg.MaxBatch = 20
				d := newDoubler()
				d.fail = func([]pipeline.Message) bool {
					if !moving.Load() {
						return false
					}
					want := batches.Add(1) / 4
					for deadline := time.Now().Add(5 * time.Second); moves.Load() < want && time.Now().Before(deadline); {
						time.Sleep(time.Millisecond)
					}
					return false
				}
				return newTestRunner(t, cfg, kind.of(d))
			}
			a, b := mk("moving-a"), mk("moving-b")
			stopA, stopB := runAsync(t, a), runAsync(t, b)
			committedBoth(t, a, b)
			done := make(chan struct{})
			moved := make(chan struct{})
			moving.Store(true)
			go func() {
				defer close(moved)
				for i := 0; ; i++ {
					select {
					case <-done:
						return
					case <-time.After(30 * time.Millisecond):
					}
					c.RehashCoordinators()
					moves.Add(1)
				}
			}()
			waitCommitted(t, addr, group, inTopic, 60*time.Second)
			close(done)
			<-moved
			if err := stopA(); err != nil {
				t.Fatal(err)
			}
			if err := stopB(); err != nil {
				t.Fatal(err)
			}
			sa, sb := a.Stats(), b.Stats()
			t.Logf("%d moves; a: commits %d aborts %d restarts %d; b: commits %d aborts %d restarts %d", moves.Load(), sa.Commits, sa.Aborts, sa.Restarts, sb.Commits, sb.Aborts, sb.Restarts)
			if moves.Load() < 10 {
				t.Errorf("only %d moves while the runners worked", moves.Load())
			}
			checkAllCommittedOnce(t, addr, group, n)
			checkOverlapped(t, a.h)
		})
	}
}

// TestRunnerSurvivesTransactionErrorCodes fails, mid-stream, one kind of
// transactional request with an error code TestRunnerSurvivesInjectedFaults
// does not: the retriable ones franz-go sends again, the abortable ones
// that abort the batch, and the fatal ones that make the runner build a new
// client. Every committed input has its outputs once, in order per key.
func TestRunnerSurvivesTransactionErrorCodes(t *testing.T) {
	tests := []struct {
		name  string
		fault kfake.Fault
	}{
		{"Produce fenced epoch", kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: outTopic, Err: kerr.InvalidProducerEpoch}},
		{"Produce transaction abortable", kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: outTopic, Err: kerr.TransactionAbortable}},
		{"Produce out of order sequence", kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: outTopic, Err: kerr.OutOfOrderSequenceNumber}},
		{"Produce timed out", kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: outTopic, Err: kerr.RequestTimedOut, Count: 3}},
		{"TxnOffsetCommit illegal generation", kfake.Fault{Keys: []kmsg.Key{kmsg.TxnOffsetCommit}, Err: kerr.IllegalGeneration}},
		{"TxnOffsetCommit coordinator loading", kfake.Fault{Keys: []kmsg.Key{kmsg.TxnOffsetCommit}, Err: kerr.CoordinatorLoadInProgress, Count: 3}},
		{"EndTxn concurrent transactions", kfake.Fault{Keys: []kmsg.Key{kmsg.EndTxn}, Err: kerr.ConcurrentTransactions, TopLevel: true, Count: 3}},
		{"EndTxn invalid state", kfake.Fault{Keys: []kmsg.Key{kmsg.EndTxn}, Err: kerr.InvalidTxnState, TopLevel: true}},
		{"OffsetFetch coordinator loading", kfake.Fault{Keys: []kmsg.Key{kmsg.OffsetFetch}, Err: kerr.CoordinatorLoadInProgress, TopLevel: true, Count: 3}},
		{"Fetch unknown server error", kfake.Fault{Keys: []kmsg.Key{kmsg.Fetch}, Topic: inTopic, Err: kerr.UnknownServerError, Count: 3}},
	}
	for _, kind := range handlerKinds {
		for _, tt := range tests {
			t.Run(kind.name+"/"+tt.name, func(t *testing.T) {
				const n, group = 1200, "codes"
				e, r, stop, h := startSmallBatches(t, kind.of, group, n, tt.fault)
				if tt.fault.Keys[0] == kmsg.OffsetFetch {
					// Asked when partitions are assigned: another
					// member joins and leaves.
					other := newTestRunner(t, testRunnerConfig(t, e.Addr(), group, "codes-2"), newDoubler())
					stopOther := runAsync(t, other)
					defer func() { _ = stopOther() }()
				}
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				if err := h.Wait(ctx, 1); err != nil {
					t.Fatalf("fault never hit: %v", err)
				}
				waitCommitted(t, e.Addr(), group, inTopic, 60*time.Second)
				if err := stop(); err != nil {
					t.Fatalf("Run = %v", err)
				}
				st := r.Stats()
				t.Logf("hits %d; commits %d aborts %d restarts %d", h.Hits(), st.Commits, st.Aborts, st.Restarts)
				checkAllCommittedOnce(t, e.Addr(), group, n)
			})
		}
	}
}

// TestRunnerEndTxnAbortable answers a commit's EndTxn with
// TRANSACTION_ABORTABLE. franz-go then reports the transaction aborted
// without ending it on the broker: it only flags its producer id to be
// initialised again, which aborts the transaction, at the next Begin. The
// runner, checking that the transaction did not commit after all
// (committedAnyway), must not wait for the group's offsets to settle
// while its own transaction holds them: that cost offsetCheckWait (30 s)
// and a new session, rejoining the group, for one abort.
func TestRunnerEndTxnAbortable(t *testing.T) {
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) {
			const n, group = 1200, "abortable"
			e, r, stop, h := startSmallBatches(t, kind.of, group, n, kfake.Fault{Keys: []kmsg.Key{kmsg.EndTxn}, Err: kerr.TransactionAbortable, TopLevel: true,
				When: func(req kmsg.Request) bool { return req.(*kmsg.EndTxnRequest).Commit }})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := h.Wait(ctx, 1); err != nil {
				t.Fatalf("fault never hit: %v", err)
			}
			hit := time.Now()
			waitCommitted(t, e.Addr(), group, inTopic, 60*time.Second)
			took := time.Since(hit)
			if err := stop(); err != nil {
				t.Fatalf("Run = %v", err)
			}
			st := r.Stats()
			t.Logf("all committed %s after the fault; commits %d aborts %d restarts %d", took, st.Commits, st.Aborts, st.Restarts)
			if st.Aborts != 1 || st.Restarts != 0 || took > offsetCheckWait/2 {
				t.Errorf("one abortable EndTxn cost %d aborts, %d new sessions and %s to commit the rest; want 1 abort, none and seconds", st.Aborts, st.Restarts, took)
			}
			checkAllCommittedOnce(t, e.Addr(), group, n)
			checkOverlapped(t, r.h)
		})
	}
}

// startSmallBatches starts a broker with n keyed inputs on three
// partitions and a runner of group committing 25 inputs at a time, many
// transactions for a fault to meet, and waits for its first commits. The
// fault is installed before the runner starts and answers only after its
// first commit, mid-stream: installed after that commit, it could come
// after the runner's last (48 commits take a tenth of a second), and the
// test would wait for a fault never hit.
func startSmallBatches(t *testing.T, of func(*doubler) Handler, group string, n int, fault kfake.Fault) (*Embedded, *Runner, func() error, *kfake.FaultHandle) {
	t.Helper()
	e := startBroker(t)
	produceKeyed(t, e.Addr(), 3, n, 30)
	cfg := testRunnerConfig(t, e.Addr(), group, group+"-1")
	cfg.MaxBatch = 25
	r := newTestRunner(t, cfg, of(newDoubler()))
	when := fault.When
	fault.When = func(req kmsg.Request) bool {
		return r.Stats().Commits > 0 && (when == nil || when(req))
	}
	h := e.Cluster().Fault(fault)
	stop := runAsync(t, r)
	committedBoth(t, r)
	return e, r, stop, h
}
