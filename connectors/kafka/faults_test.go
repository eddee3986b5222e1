package kafka

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestRunnerSurvivesInjectedFaults fails one broker request of a kind with
// kfake's fault injection while a runner works. Whatever fails, the runner
// must recover by itself and the outputs must be exactly once.
func TestRunnerSurvivesInjectedFaults(t *testing.T) {
	tests := []struct {
		name      string
		fault     kfake.Fault
		wantAbort bool // the fault must cost a transaction
	}{
		{"EndTxn unknown server error", kfake.Fault{Keys: []kmsg.Key{kmsg.EndTxn}, Err: kerr.UnknownServerError, TopLevel: true}, true},
		{"EndTxn coordinator moved", kfake.Fault{Keys: []kmsg.Key{kmsg.EndTxn}, Err: kerr.NotCoordinator, TopLevel: true}, false},
		{"Produce to output fails", kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: outTopic, Err: kerr.UnknownServerError}, true},
		{"Produce not enough replicas", kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: outTopic, Err: kerr.NotEnoughReplicas}, false},
		{"TxnOffsetCommit fails", kfake.Fault{Keys: []kmsg.Key{kmsg.TxnOffsetCommit}, Err: kerr.UnknownServerError}, true},
		{"Fetch not leader", kfake.Fault{Keys: []kmsg.Key{kmsg.Fetch}, Topic: inTopic, Err: kerr.NotLeaderForPartition, Count: 2}, false},
		{"InitProducerID coordinator loading", kfake.Fault{Keys: []kmsg.Key{kmsg.InitProducerID}, Err: kerr.CoordinatorLoadInProgress, TopLevel: true}, false},
		{"Heartbeat rebalance in progress", kfake.Fault{Keys: []kmsg.Key{kmsg.Heartbeat}, Err: kerr.RebalanceInProgress, TopLevel: true}, false},
	}
	for _, kind := range handlerKinds {
		for _, tt := range tests {
			t.Run(kind.name+"/"+tt.name, func(t *testing.T) {
				const n = 400
				e := startBroker(t)
				produceInputs(t, e.Addr(), inTopic, 2, n)
				r := newTestRunner(t, testRunnerConfig(t, e.Addr(), "faults", "faults-1"), kind.of(newDoubler()))
				h := e.Cluster().Fault(tt.fault)
				stop := runAsync(t, r)
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				if err := h.Wait(ctx, 1); err != nil {
					t.Fatalf("fault never hit: %v", err)
				}
				waitCommitted(t, e.Addr(), "faults", inTopic, 60*time.Second)
				if err := stop(); err != nil {
					t.Fatalf("Run = %v", err)
				}
				st := r.Stats()
				t.Logf("fault hits %d, stats %+v", h.Hits(), st)
				if tt.wantAbort && st.Aborts == 0 {
					t.Errorf("the fault cost no transaction: aborts = 0")
				}
				waitStable(t, e.Addr(), outTopic, 30*time.Second)
				checkExactlyOnce(t, e.Addr(), n)
			})
		}
	}
}

// TestRunnerSurvivesBrokerRestart restarts a persistent broker under a
// working runner. The runner must wait, reconnect and finish, losing and
// duplicating nothing.
func TestRunnerSurvivesBrokerRestart(t *testing.T) {
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) { testSurvivesBrokerRestart(t, kind.of) })
	}
}

func testSurvivesBrokerRestart(t *testing.T, of func(*doubler) Handler) {
	const n = 2000
	dir := t.TempDir()
	e, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: dir, Partitions: 4})
	if err != nil {
		t.Fatal(err)
	}
	addr := e.Addr()
	produceInputs(t, addr, inTopic, 4, n)

	cfg := testRunnerConfig(t, addr, "restart", "restart-1")
	cfg.MaxBatch = 20
	r := newTestRunner(t, cfg, of(newDoubler()))
	committed := make(chan struct{}, 1)
	r.cfg.OnCommitted = func(st RunnerStats) {
		if st.Commits == 3 {
			committed <- struct{}{}
		}
	}
	stop := runAsync(t, r)
	select {
	case <-committed:
	case <-time.After(30 * time.Second):
		t.Fatal("no commits before the restart")
	}
	_ = e.Close()
	if st := r.Stats(); st.Inputs >= n {
		t.Fatalf("all %d inputs were committed before the broker closed: the test proves nothing", st.Inputs)
	}
	time.Sleep(time.Second) // the runner now fails to reach the broker
	// The port was picked from the ephemeral range, so while it is closed
	// an outgoing connection may hold it for a moment (even the runner's
	// own, connected to itself): retry the bind for a while.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(250 * time.Millisecond) {
		e, err = StartEmbedded(EmbeddedConfig{Listen: addr, DataDir: dir, Partitions: 4})
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EADDRINUSE) || time.Now().After(deadline) {
			t.Fatalf("restart broker on %s: %v", addr, err)
		}
	}
	t.Cleanup(func() { _ = e.Close() })

	waitCommitted(t, addr, "restart", inTopic, 90*time.Second)
	if err := stop(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	t.Logf("stats %+v", r.Stats())
	waitStable(t, addr, outTopic, 60*time.Second)
	checkExactlyOnce(t, addr, n)
}

// TestRunnerRecreatesClientAfterFatalTxnError fences the producer at
// EndTxn, a state the client cannot leave: the runner must drop the client,
// build a new one and still finish exactly once.
func TestRunnerRecreatesClientAfterFatalTxnError(t *testing.T) {
	const n = 400
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 2, n)
	r := newTestRunner(t, testRunnerConfig(t, e.Addr(), "recreate", "recreate-1"), newDoubler())
	h := e.Cluster().Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.EndTxn}, Err: kerr.ProducerFenced, TopLevel: true})
	stop := runAsync(t, r)
	waitCommitted(t, e.Addr(), "recreate", inTopic, 60*time.Second)
	if err := stop(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	st := r.Stats()
	t.Logf("fault hits %d, stats %+v", h.Hits(), st)
	if h.Hits() == 0 || st.Restarts == 0 {
		t.Fatalf("fault hits %d, client restarts %d: the recreate path was not exercised", h.Hits(), st.Restarts)
	}
	if st.RecentRestarts != int(st.Restarts) {
		t.Errorf("%d restarts in the last %s, want all %d of this test's", st.RecentRestarts, RestartWindow, st.Restarts)
	}
	waitStable(t, e.Addr(), outTopic, 30*time.Second)
	checkExactlyOnce(t, e.Addr(), n)
}

// TestRunnerStopsOnAuthorizationFailure: retrying cannot grant a missing
// permission, so Run must end with an error that says so.
func TestRunnerStopsOnAuthorizationFailure(t *testing.T) {
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 2, 50)
	r := newTestRunner(t, testRunnerConfig(t, e.Addr(), "denied", "denied-1"), newDoubler())
	e.Cluster().Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.InitProducerID}, Err: kerr.TransactionalIDAuthorizationFailed, TopLevel: true, Count: -1})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err := r.Run(ctx)
	if err == nil || ctx.Err() != nil {
		t.Fatalf("Run = %v (context err %v), want it to stop on its own with an authorization error", err, ctx.Err())
	}
	if !errors.Is(err, kerr.TransactionalIDAuthorizationFailed) {
		t.Fatalf("Run error %v does not wrap TRANSACTIONAL_ID_AUTHORIZATION_FAILED", err)
	}
}
