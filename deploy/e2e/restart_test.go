package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/worker"
)

// stack runs deploy/stack/stack.sh with args and returns how long it took.
func stack(ctx context.Context, t *testing.T, args ...string) time.Duration {
	t.Helper()
	start := time.Now()
	stackOutput(ctx, t, args...)
	return time.Since(start)
}

// feeder produces generated records at a steady rate until stopped,
// retrying chunks the broker did not take while it was away.
type feeder struct {
	sent, failed atomic.Int64
	stop         chan struct{}
	wg           sync.WaitGroup
}

func startFeeder(t *testing.T, topic string, perTick int, tick time.Duration) *feeder {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(broker), kgo.RecordPartitioner(kgo.StickyKeyPartitioner(nil)),
		kgo.ProducerLinger(0), kgo.RecordDeliveryTimeout(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	f := &feeder{stop: make(chan struct{})}
	next := customerEvents(7, topic)
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		defer cl.Close()
		tk := time.NewTicker(tick)
		defer tk.Stop()
		for {
			select {
			case <-f.stop:
				return
			case <-tk.C:
			}
			recs := make([]*kgo.Record, perTick)
			for i := range recs {
				recs[i] = next()
			}
			for {
				ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
				err := cl.ProduceSync(ctx, recs...).FirstErr()
				cancel()
				if err == nil {
					f.sent.Add(int64(len(recs)))
					break
				}
				f.failed.Add(1)
				select {
				case <-f.stop:
					return
				case <-time.After(time.Second):
				}
				for _, r := range recs { // produce copies: a failed record cannot be reused
					*r = kgo.Record{Topic: r.Topic, Key: r.Key, Value: r.Value}
				}
			}
		}
	}()
	return f
}

func (f *feeder) halt() { close(f.stop); f.wg.Wait() }

// TestKafkaRestart stops and restarts the stack's Kafka broker while lethe
// runs and inputs keep arriving, and checks that lethe waits, reconnects and
// in the end gives every input exactly one output.
func TestKafkaRestart(t *testing.T) {
	needStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	adm := admin(t)
	input := topicPrefix() + "restart.public.customers"
	rt := newRunTopics("restart")
	synthInput(ctx, t, adm, input)
	cfg := workerConfig(t, rt, worker.InputsConfig{Topics: []string{input}})
	logPath := filepath.Join(t.TempDir(), "worker.log")
	r, err := startWorker(ctx, cfg, logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := r.stop(); err != nil {
			t.Errorf("stop worker: %v", err)
		}
		if t.Failed() {
			// Also after a Fatal: the log is the only record of what
			// the worker did while it stalled (the temp dir goes).
			t.Logf("worker log tail:\n%s", tail(logPath, 40))
		}
	}()
	// Bring Connect's connector back if the outage failed its task, so the
	// stack stays usable for what runs next.
	defer restoreConnector(t)

	f := startFeeder(t, input, 50, 100*time.Millisecond) // 500 records/s
	defer func() {
		select {
		case <-f.stop:
		default:
			f.halt()
		}
	}()
	for deadline := time.Now().Add(2 * time.Minute); committed(ctx, adm, cfg.Group, input) == 0; {
		if err := r.failed(); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("lethe committed nothing in 2m; log tail:\n%s", tail(logPath, 15))
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(3 * time.Second)
	before := f.sent.Load()
	took := stack(ctx, t, "stop", "kafka")
	t.Logf("Kafka stopped in %s with %d inputs sent; lethe and the feeder keep going", took.Round(time.Millisecond), before)
	time.Sleep(8 * time.Second)
	if err := r.failed(); err != nil {
		t.Fatalf("lethe gave up while Kafka was down: %v", err)
	}
	took = stack(ctx, t, "start")
	t.Logf("Kafka back (stack.sh start) in %s; %d inputs sent, %d produce attempts failed meanwhile", took.Round(time.Millisecond), f.sent.Load(), f.failed.Load())
	after := f.sent.Load()
	for waitUntil := time.Now().Add(time.Minute); f.sent.Load() < after+2500 && time.Now().Before(waitUntil); {
		time.Sleep(100 * time.Millisecond)
	}
	f.halt()
	t.Logf("feeder stopped: %d inputs sent (%d after the restart)", f.sent.Load(), f.sent.Load()-after)
	if f.sent.Load() <= after {
		t.Fatalf("no input reached Kafka after its restart")
	}

	// A broker stopped while lethe commits can end that transaction
	// without its markers (README, Hanging transactions). lethe must then
	// report the partitions it cannot read, and once the README's two
	// commands have ended the transaction, catch up with exactly one
	// output per input.
	ended := false
	alive := func() error {
		if err := r.failed(); err != nil {
			return err
		}
		st := r.w.Runner().Stats()
		switch {
		case len(st.UnstablePartitions) > 0 && !ended:
			t.Logf("lethe reports a hanging transaction holding %v since %s (and outputs %v); ending it as the README says", st.UnstablePartitions, st.UnstableSince.Format(time.RFC3339), st.HeldOutputs)
			endHangingTransactions(ctx, t)
			ended = true
		case len(st.HeldOutputs) > 0 && len(st.UnstablePartitions) == 0 && !ended:
			// The README's way out rewinds the group and writes some
			// outputs twice, which this test's exactly-once check cannot
			// tell from a bug.
			return fmt.Errorf("lethe reports a hanging transaction holding only outputs (%v): the broker committed the batch's offsets; see README, Hanging transactions", st.HeldOutputs)
		}
		return nil
	}
	waitCommitted(ctx, t, adm, cfg.Group, endOffsets(ctx, t, adm, input), 5*time.Minute+kafka.DefaultUnstableAfter, alive)
	exactlyOnce(ctx, t, input, rt, "customers")
	compareMirror(ctx, t, rt, "customers")
}

// endHangingTransactions runs the README's runbook for hanging
// transactions on the stack's broker: find-hanging, then abort each
// partition it lists. It fails the test when there is nothing to end.
func endHangingTransactions(ctx context.Context, t *testing.T) {
	t.Helper()
	out := stackOutput(ctx, t, "kafka-transactions", "find-hanging", "--broker-id", "1", "--max-transaction-timeout", "1")
	t.Logf("find-hanging:\n%s", out)
	aborted := 0
	for _, line := range strings.Split(out, "\n") {
		// Topic Partition ProducerId ProducerEpoch CoordinatorEpoch StartOffset LastTimestamp Duration
		f := strings.Fields(line)
		if len(f) < 8 || !isNumber(f[1]) || !isNumber(f[2]) || !isNumber(f[5]) {
			continue // the header, or a log line
		}
		stackOutput(ctx, t, "kafka-transactions", "abort", "--topic", f[0], "--partition", f[1], "--start-offset", f[5])
		aborted++
	}
	if aborted == 0 {
		t.Fatalf("lethe reports unstable offsets, but find-hanging lists no hanging transaction")
	}
	t.Logf("aborted the hanging transaction on %d partitions", aborted)
}

func isNumber(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// stackOutput runs deploy/stack/stack.sh with args and returns its standard
// output.
func stackOutput(ctx context.Context, t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, "bash", append([]string{filepath.Join(repoRoot, "deploy", "stack", "stack.sh")}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("stack.sh %v: %v\n%s%s", args, err, out, stderr.String())
	}
	return string(out)
}

// restoreConnector restarts failed Debezium tasks and waits (bounded) until
// the connector runs again.
func restoreConnector(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	restarted := false
	for {
		err := connectorRunning(connector)
		if err == nil {
			if restarted {
				t.Logf("Debezium connector %s running again after a restart", connector)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("Debezium connector not running 2m after the Kafka restart: %v", err)
			return
		}
		if !restarted {
			t.Logf("Debezium connector after the Kafka restart: %v; restarting failed tasks", err)
			req, _ := http.NewRequest(http.MethodPost, connectURL+"/connectors/"+connector+"/restart?includeTasks=true&onlyFailed=true", nil)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
				restarted = true
			}
		}
		time.Sleep(time.Second)
	}
}
