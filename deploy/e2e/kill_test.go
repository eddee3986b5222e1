package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/downstream"
	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/kafka/kafkatest"
)

// synthInput creates a fresh 3-partition input topic.
func synthInput(ctx context.Context, t *testing.T, adm *kadm.Client, topic string) {
	t.Helper()
	if err := kafka.EnsureTopics(ctx, adm, kafka.TopicSpec{Name: topic, Partitions: 3}); err != nil {
		t.Fatalf("create %s: %v", topic, err)
	}
}

// customerEvents returns a producer of the simulated CRM's customers events
// (Debezium JSON with schemas, as Connect writes them) for topic.
func customerEvents(seed int64, topic string) func() *kgo.Record {
	gen := democrm.New(seed)
	return func() *kgo.Record {
		for {
			ev := gen.Next()
			if !strings.HasSuffix(ev.Topic, ".customers") {
				continue
			}
			k, v, err := ev.Encode(true)
			if err != nil {
				panic(fmt.Sprintf("encode a generated customers event: %v", err))
			}
			return &kgo.Record{Topic: topic, Key: k, Value: v}
		}
	}
}

// produceN writes n generated records to topic.
func produceN(ctx context.Context, t *testing.T, topic string, n int, next func() *kgo.Record) {
	t.Helper()
	cl := kafkatest.Client(t, []string{broker}, kgo.RecordPartitioner(kgo.StickyKeyPartitioner(nil)), kgo.ProducerLinger(5*time.Millisecond))
	const chunk = 2000
	for done := 0; done < n; {
		recs := make([]*kgo.Record, 0, chunk)
		for len(recs) < chunk && done+len(recs) < n {
			recs = append(recs, next())
		}
		if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
			t.Fatalf("produce to %s after %d records: %v", topic, done, err)
		}
		done += len(recs)
	}
}

// exactlyOnce reads the input topic and lethe's outputs read_committed and
// checks that every input record has exactly one sanitized output, that
// every delete has exactly one command and nothing else has one, and that
// nothing was dead-lettered. It returns the number of inputs.
func exactlyOnce(ctx context.Context, t *testing.T, input string, rt runTopics, table string) int {
	t.Helper()
	inputs := map[string]string{} // position -> op ("" tombstone)
	err := kafka.ScanTopic(ctx, []string{broker}, input, func(r *kgo.Record) {
		op := ""
		if r.Value != nil {
			var v struct {
				Payload struct {
					Op string `json:"op"`
				} `json:"payload"`
			}
			_ = json.Unmarshal(r.Value, &v)
			op = v.Payload.Op
		}
		inputs[fmt.Sprintf("%s/%d/%d", r.Topic, r.Partition, r.Offset)] = op
	})
	if err != nil {
		t.Fatalf("scan input %s: %v", input, err)
	}
	count := func(topic string) (map[string]int, int) {
		got := map[string]int{}
		foreign := 0
		for _, r := range kcatRead(ctx, t, topic) {
			if _, ok := inputs[r.input()]; !ok {
				foreign++
				continue
			}
			got[r.input()]++
		}
		return got, foreign
	}
	san, foreignSan := count(rt.sanitized(table))
	cmds, _ := count(rt.commands)
	dead, _ := count(rt.deadletter)
	if foreignSan > 0 {
		t.Errorf("%s holds %d records whose lethe.input is not an input of %s", rt.sanitized(table), foreignSan, input)
	}
	var missing, dup, badCmd []string
	deletes := 0
	for pos, op := range inputs {
		switch n := san[pos]; {
		case n == 0:
			missing = append(missing, pos)
		case n > 1:
			dup = append(dup, fmt.Sprintf("%s x%d", pos, n))
		}
		wantCmd := 0
		if op == "d" {
			wantCmd = 1
			deletes++
		}
		if cmds[pos] != wantCmd {
			badCmd = append(badCmd, fmt.Sprintf("%s (op %q) has %d commands, want %d", pos, op, cmds[pos], wantCmd))
		}
		if dead[pos] > 0 {
			t.Errorf("input %s was dead-lettered", pos)
		}
	}
	report := func(what string, l []string) {
		if len(l) > 0 {
			slices.Sort(l)
			t.Errorf("%d inputs %s, e.g. %s", len(l), what, strings.Join(l[:min(len(l), 5)], ", "))
		}
	}
	report("without a sanitized output", missing)
	report("with more than one sanitized output", dup)
	report("with the wrong number of commands", badCmd)
	t.Logf("%d inputs (%d deletes) on %s: %d with one sanitized output, %d missing, %d duplicated", len(inputs), deletes, input, len(inputs)-len(missing)-len(dup), len(missing), len(dup))
	return len(inputs)
}

// kcatCount counts a topic's records with the given isolation level.
func kcatCount(ctx context.Context, t *testing.T, topic, isolation string) int {
	t.Helper()
	out, err := exec.CommandContext(ctx, "kcat", "-b", broker, "-C", "-t", topic, "-o", "beginning", "-e", "-q",
		"-X", "isolation.level="+isolation, "-f", "%o\n").Output()
	if err != nil {
		t.Fatalf("kcat count %s (%s): %v", topic, isolation, err)
	}
	return bytes.Count(out, []byte("\n"))
}

// finalState replays a sanitized topic's committed records into key ->
// input, as a compacted-topic reader ends up.
func finalState(ctx context.Context, t *testing.T, topic string) map[string]string {
	t.Helper()
	st := map[string]string{}
	for _, r := range kcatRead(ctx, t, topic) {
		if r.Value == nil || strings.Contains(*r.Value, `"op":"d"`) {
			delete(st, deref(r.Key))
			continue
		}
		st[deref(r.Key)] = r.input()
	}
	return st
}

// compareMirror checks that the kafka-go mirror ends in the same state as
// librdkafka's read_committed replay.
func compareMirror(ctx context.Context, t *testing.T, rt runTopics, table string) {
	t.Helper()
	want := finalState(ctx, t, rt.sanitized(table))
	m, err := downstream.NewMirror(downstream.Config{Brokers: []string{broker}, Topic: rt.sanitized(table), Commands: rt.commands})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.CatchUp(ctx); err != nil {
		t.Fatalf("kafka-go mirror of %s: %v", rt.sanitized(table), err)
	}
	// ERASE commands only remove what tombstones already removed, so the
	// mirror must match the replay key for key.
	diff := 0
	for k, in := range want {
		if r, ok := m.Get(k); !ok || r.Input != in {
			diff++
		}
	}
	if diff > 0 || m.Len() != len(want) {
		t.Errorf("kafka-go mirror of %s: %d keys, librdkafka replay %d keys, %d keys differ", rt.sanitized(table), m.Len(), len(want), diff)
	}
	t.Logf("kafka-go mirror of %s: %d keys, stats %+v", rt.sanitized(table), m.Len(), m.Stats())
}

// writeConfig writes a lethe config file for the binary.
func writeConfig(t *testing.T, rt runTopics, group, txnID, input string) string {
	t.Helper()
	dir := t.TempDir()
	cfg := fmt.Sprintf(`brokers: [%s]
group: %s
transactional_id: %[3]s
instance_id: %[3]s
inputs:
  topics: [%s]
topics:
  commands: %s
  deadletter: %s
  datamap: %s
  partitions: 3
policy: %s
insecure_dev_keys: true
http:
  addr: ""
log:
  format: json
  level: info
batch:
  max_records: 500
  max_wait: 50ms
`, broker, group, txnID, input, rt.commands, rt.deadletter, rt.datamap, policyFile(t, rt.tpl))
	p := filepath.Join(dir, "lethe.yaml")
	if err := os.WriteFile(p, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// proc is a running lethe binary.
type proc struct {
	cmd  *exec.Cmd
	log  string
	done chan error
}

func startLethe(t *testing.T, cfgPath, logPath string) *proc {
	t.Helper()
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(lethe(t), "run", "--config", cfgPath)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatalf("start lethe run: %v", err)
	}
	p := &proc{cmd: cmd, log: logPath, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait(); f.Close() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// exited reports an early exit, with the end of the log.
func (p *proc) exited() error {
	select {
	case err := <-p.done:
		p.done <- err
		return fmt.Errorf("lethe run (pid %d) exited early: %v; log tail:\n%s", p.cmd.Process.Pid, err, tail(p.log, 15))
	default:
		return nil
	}
}

// terminate stops p with SIGTERM, as Kubernetes would, and expects a clean
// exit within 30 s.
func (p *proc) terminate(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM lethe: %v", err)
	}
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Errorf("lethe run (pid %d) exited with %v after SIGTERM; log tail:\n%s", p.cmd.Process.Pid, err, tail(p.log, 10))
		}
	case <-time.After(30 * time.Second):
		t.Errorf("lethe run (pid %d) did not exit within 30s of SIGTERM", p.cmd.Process.Pid)
	}
}

func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// committed sums the group's committed offsets on topic.
func committed(ctx context.Context, adm *kadm.Client, group, topic string) int64 {
	offs, err := adm.FetchOffsets(ctx, group)
	if err != nil {
		return 0
	}
	var n int64
	offs.Each(func(o kadm.OffsetResponse) {
		if o.Topic == topic && o.Err == nil && o.At > 0 {
			n += o.At
		}
	})
	return n
}

// killAfter SIGKILLs p once the group has committed at least from (of
// total) inputs of topic, and returns the inputs committed then.
func killAfter(ctx context.Context, t *testing.T, adm *kadm.Client, p *proc, group, topic string, from, total int64, logPath string) int64 {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if err := p.exited(); err != nil {
			t.Fatal(err)
		}
		at := committed(ctx, adm, group, topic)
		if at >= total {
			t.Fatalf("lethe finished all %d inputs before the kill; the test proves nothing (raise n)", total)
		}
		if at >= from {
			if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatalf("SIGKILL lethe: %v", err)
			}
			<-p.done
			return at
		}
		if time.Now().After(deadline) {
			t.Fatalf("lethe committed only %d of %d inputs in 2m; log tail:\n%s", at, total, tail(logPath, 15))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSIGKILLMidStream kills the lethe binary with SIGKILL while it commits
// transactions, restarts it with the same transactional id, and checks that
// every input has exactly one output and that read_committed readers do not
// see the outputs of the transaction the kill left open. A kill that lands
// between two transactions leaves none open, so lethe is killed again, later
// each time, until one has (at most six times).
func TestSIGKILLMidStream(t *testing.T) {
	needStack(t)
	lethe(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	adm := admin(t)
	const n = 40000
	input := topicPrefix() + "public.customers"
	rt := newRunTopics("kill")
	group, txnID := "e2e-"+runID+"-kill", "e2e-"+runID+"-kill"
	synthInput(ctx, t, adm, input)
	start := time.Now()
	produceN(ctx, t, input, n, customerEvents(42, input))
	t.Logf("produced %d synthetic Debezium customers events to %s in %s", n, input, time.Since(start).Round(time.Millisecond))

	cfg := writeConfig(t, rt, group, txnID, input)
	logPath := filepath.Join(t.TempDir(), "lethe.log")
	p := startLethe(t, cfg, logPath)
	out := rt.sanitized("customers")
	want := endOffsets(ctx, t, adm, input)
	// A kill between two transactions, or while one commits (the broker
	// ends it all the same), leaves no output to hide. Which one it hits
	// is up to the scheduler, so lethe is killed again, at a later point
	// each time, until a kill has left outputs of an aborted transaction.
	const kills = 6
	for k := 1; ; k++ {
		at := killAfter(ctx, t, adm, p, group, input, int64(k)*n/10, n, logPath)
		t.Logf("kill %d: SIGKILLed lethe (pid %d) with %d of %d inputs committed", k, p.cmd.Process.Pid, at, n)
		// With no producer left, a transaction the kill left open keeps
		// the last stable offset below the end until the restart fences
		// it; one the broker was committing ends in milliseconds.
		time.Sleep(500 * time.Millisecond)
		open := openTransaction(ctx, adm, out)
		p = startLethe(t, cfg, logPath)
		restart := time.Now()
		for committed(ctx, adm, group, input) <= at {
			if err := p.exited(); err != nil {
				t.Fatal(err)
			}
			if time.Since(restart) > 2*time.Minute {
				t.Fatalf("the restarted lethe committed nothing in 2m; log tail:\n%s", tail(logPath, 15))
			}
			time.Sleep(50 * time.Millisecond)
		}
		// With instance_id (static membership) the restarted worker takes
		// its partitions back at once; without it, this waited for the
		// dead member's session timeout (45 s).
		t.Logf("kill %d: the restarted lethe committed its first transaction %s after start", k, time.Since(restart).Round(time.Millisecond))
		if open {
			t.Logf("kill %d left a transaction open, with outputs on %s", k, out)
			break
		}
		if k == kills {
			t.Errorf("no kill of %d left a transaction open on %s: the test shows no aborted output hidden", kills, out)
			break
		}
	}
	restart := time.Now()
	waitCommitted(ctx, t, adm, group, want, 4*time.Minute, p.exited)
	t.Logf("the restarted lethe finished the inputs in %s", time.Since(restart).Round(time.Millisecond))
	p.terminate(t)

	if got := exactlyOnce(ctx, t, input, rt, "customers"); got != n {
		t.Errorf("input topic %s holds %d records, want %d", input, got, n)
	}
	rc, ru := kcatCount(ctx, t, out, "read_committed"), kcatCount(ctx, t, out, "read_uncommitted")
	t.Logf("%s: %d committed records, %d read_uncommitted (%d from the transactions the kills aborted)", out, rc, ru, ru-rc)
	if ru <= rc {
		t.Errorf("no record of an aborted transaction on %s, so read_committed hid nothing", out)
	}
	compareMirror(ctx, t, rt, "customers")
}

// openTransaction reports whether topic holds records of a transaction
// that has not ended: its end is past its last stable offset.
func openTransaction(ctx context.Context, adm *kadm.Client, topic string) bool {
	ends, err := adm.ListEndOffsets(ctx, topic)
	if err != nil {
		return false
	}
	stable, err := adm.ListCommittedOffsets(ctx, topic)
	if err != nil {
		return false
	}
	open := false
	ends.Each(func(o kadm.ListedOffset) {
		if s, ok := stable.Lookup(o.Topic, o.Partition); ok && o.Err == nil && s.Err == nil && o.Offset > s.Offset {
			open = true
		}
	})
	return open
}
