package kafka

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// The broker acts on a request and the client never hears, or hears an
// error: outputs stay exactly once. A review found a commit the broker
// applied and answered UNKNOWN_SERVER_ERROR (as some brokers do) committed
// a second time: franz-go takes that answer as an abort and rewinds to the
// offsets it last saw committed.
func TestAnswerLostAfterTheBrokerActed(t *testing.T) {
	drop := func(kmsg.Response) respAction { return respDrop }
	for _, tc := range []struct {
		name  string
		times int
		match func(kmsg.Request) bool
		act   func(kmsg.Response) respAction
		opts  []kgo.Opt
	}{
		{"commit answered UNKNOWN_SERVER_ERROR", 1, isCommit, func(r kmsg.Response) respAction {
			r.(*kmsg.EndTxnResponse).ErrorCode = kerr.UnknownServerError.Code
			return respRewrite
		}, nil},
		{"commit answer lost", 1, isCommit, drop, nil},
		{"commit answer lost on every retry", 1000, sameTransaction(), drop, []kgo.Opt{kgo.RequestRetries(3)}},
		{"produce answer lost", 1, func(req kmsg.Request) bool {
			p, ok := req.(*kmsg.ProduceRequest)
			return ok && p.TransactionID != nil
		}, drop, nil},
	} {
		for _, kind := range handlerKinds {
			t.Run(kind.name+"/"+tc.name, func(t *testing.T) {
				const n = 400
				_, addr, ic := startIntercepted(t, 2)
				produceInputs(t, addr, inTopic, 2, n)
				cfg := testRunnerConfig(t, addr, "lost", "lost-1")
				cfg.MaxBatch = 25
				cfg.ClientOpts = append(cfg.ClientOpts, tc.opts...)
				r := newTestRunner(t, cfg, kind.of(newDoubler()))
				// After two commits, act on the next tc.times answers that
				// match.
				var (
					mu      sync.Mutex
					commits int
					hits    atomic.Int64
				)
				ic.set(func(req kmsg.Request, resp kmsg.Response) respAction {
					mu.Lock()
					defer mu.Unlock()
					if commits < 2 {
						if isCommit(req) {
							commits++
						}
						return respPass
					}
					if int(hits.Load()) >= tc.times || !tc.match(req) {
						return respPass
					}
					hits.Add(1)
					return tc.act(resp)
				})
				stop := runAsync(t, r)
				waitCommitted(t, addr, "lost", inTopic, 90*time.Second)
				if err := stop(); err != nil {
					t.Fatalf("Run = %v", err)
				}
				if hits.Load() == 0 {
					t.Fatal("no matching answer was seen after two commits")
				}
				ic.set(nil)
				waitStable(t, addr, outTopic, 30*time.Second)
				checkExactlyOnce(t, addr, n)
			})
		}
	}
}

func isCommit(req kmsg.Request) bool {
	e, ok := req.(*kmsg.EndTxnRequest)
	return ok && e.Commit
}

// sameTransaction matches the first commit it sees and every later EndTxn
// of the same producer id and epoch: that commit and its retries.
func sameTransaction() func(kmsg.Request) bool {
	var mu sync.Mutex
	var id int64 = -1
	var epoch int16
	return func(req kmsg.Request) bool {
		e, ok := req.(*kmsg.EndTxnRequest)
		if !ok {
			return false
		}
		mu.Lock()
		defer mu.Unlock()
		if id < 0 && e.Commit {
			id, epoch = e.ProducerID, e.ProducerEpoch
		}
		return e.ProducerID == id && e.ProducerEpoch == epoch
	}
}

// An ordinary abort, while another member of the group keeps committing,
// is checked (committedAnyway) without a restart: kfake calls the whole
// group's offsets unstable while any member's are pending (a review saw a
// whole-group stable read wait 30 s and restart). A member that held its
// offsets pending most of the time would still make the check wait out
// offsetCheckWait and restart the session, which is safe.
func TestAbortWhileAnotherMemberCommits(t *testing.T) {
	_, addr, ic := startIntercepted(t, 4)
	produceInputs(t, addr, inTopic, 4, 20000)
	mk := func(txn string) *Runner {
		cfg := testRunnerConfig(t, addr, "busy", txn)
		cfg.MaxBatch = 20
		r := newTestRunner(t, cfg, newDoubler())
		return r
	}
	a, b := mk("busy-a"), mk("busy-b")
	var aCommits, bCommits atomic.Int64
	a.cfg.OnCommitted = func(RunnerStats) { aCommits.Add(1) }
	b.cfg.OnCommitted = func(RunnerStats) { bCommits.Add(1) }
	stopA, stopB := runAsync(t, a), runAsync(t, b)
	defer func() { _, _ = stopA(), stopB() }()
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal(what)
			}
		}
	}
	waitFor("a and b did not both commit", func() bool { return aCommits.Load() > 0 && bCommits.Load() > 0 })
	// b goes on committing (its offsets pending for a moment in each
	// transaction, which kfake calls the whole group unstable for); a's
	// next offset commit is answered UNKNOWN_SERVER_ERROR, so franz-go
	// aborts it and nothing of it is committed.
	var aborted atomic.Int64
	ic.set(func(req kmsg.Request, resp kmsg.Response) respAction {
		tr, ok := req.(*kmsg.TxnOffsetCommitRequest)
		switch {
		case !ok:
		case tr.TransactionalID == "busy-a" && aborted.Load() == 0:
			for _, rt := range resp.(*kmsg.TxnOffsetCommitResponse).Topics {
				for j := range rt.Partitions {
					rt.Partitions[j].ErrorCode = kerr.UnknownServerError.Code
				}
			}
			aborted.Store(aCommits.Load())
			return respRewrite
		}
		return respPass
	})
	waitFor("a's offset commit was never answered with an error", func() bool { return aborted.Load() > 0 })
	waitFor("a did not commit again after its abort", func() bool { return aCommits.Load() > aborted.Load()+3 })
	ic.set(nil)
	if st := a.Stats(); st.Restarts != 0 || st.Aborts == 0 {
		t.Errorf("a: %d restarts and %d aborts, want an abort and no restart", st.Restarts, st.Aborts)
	}
}
