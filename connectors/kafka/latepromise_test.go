package kafka

import (
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestRunnerLatePromiseStaysWithItsBatch holds back the promise of the
// first output record until its batch has given up waiting for it
// (awaitPromises) and aborted, and runs it, failed, while the next batch
// is in flight. It belongs to the aborted batch alone: the next batch must
// not have written its records over the held one, which the client may
// still reference, nor be aborted by its error.
func TestRunnerLatePromiseStaysWithItsBatch(t *testing.T) {
	for _, k := range handlerKinds {
		t.Run(k.name, func(t *testing.T) { testLatePromiseStaysWithItsBatch(t, k.of) })
	}
}

func testLatePromiseStaysWithItsBatch(t *testing.T, of func(*doubler) Handler) {
	const n = 20
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 1, n)
	cfg := testRunnerConfig(t, e.Addr(), "late", "late-1")
	r := newTestRunner(t, cfg, of(newDoubler()))
	r.promiseWait = 300 * time.Millisecond

	var (
		mu       sync.Mutex
		held     *kgo.Record
		deliverH func(*kgo.Record, error)
		released bool
		reused   bool // a later batch's record lives where the held one does
	)
	r.hooks.promise = func(rec *kgo.Record, err error, deliver func(*kgo.Record, error)) {
		mu.Lock()
		switch {
		case held == nil:
			held, deliverH = rec, deliver // its batch waits for it in vain
			mu.Unlock()
			return
		case !released && r.aborts.Load() > 0:
			// The held record's batch aborted; this record is the next
			// batch's. The late promise runs now, failed.
			released = true
			reused = rec == held
			deliverH(held, kerr.MessageTooLarge)
		case released && rec == held:
			reused = true
		}
		mu.Unlock()
		deliver(rec, err)
	}
	stop := runAsync(t, r)
	waitCommitted(t, e.Addr(), "late", inTopic, 60*time.Second)
	if err := stop(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	st := r.Stats()
	t.Logf("stats %+v", st)
	if !released {
		t.Fatal("the held promise never ran: the test did not get a batch after the abort")
	}
	if reused {
		t.Error("a later batch wrote its output records into the memory of the record whose promise was still pending")
	}
	if st.Aborts != 1 {
		t.Errorf("%d transactions aborted, want 1 (the batch that waited for the held promise): the late promise's error was taken for a later batch's", st.Aborts)
	}
	waitStable(t, e.Addr(), outTopic, 30*time.Second)
	checkExactlyOnce(t, e.Addr(), n)
}
