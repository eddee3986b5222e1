package worker

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/connectors/kafka/kafkatest"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/demofeed"
	"github.com/lethe-cdc/lethe/pipeline"
)

// TestWorkersHandOverUnderFaults runs the demo CRM through two workers of
// one group, with the real engine and its data map, while the broker
// fails them: worker a starts alone, its first writes of commands fail
// (the batches that discover the CRM's personal columns and carry their
// REDACT commands abort), b joins, the coordinator forgets members
// mid-transaction, and a stops, leaving b to finish. Partitions move with
// transactions open and prepared batches pending, and the data map moves
// with them. Read read_committed, every input has exactly one sanitized
// output, each key's in input order; every ERASE and REDACT is committed
// once; no column of a partition is announced twice; the data map ends
// as one worker without faults leaves it (no input counted twice or left
// out); and no log line, at debug level, the error paths' included, holds
// a canary planted in the data.
func TestWorkersHandOverUnderFaults(t *testing.T) {
	const n, seed = 6000, 7
	canaries := []string{"Zyxwvutsrqpo", "canary.qxz@example.org", "+49 30 98765432"}
	gen := func() *democrm.Generator { return democrm.New(seed, democrm.WithCanaries(canaries...)) }
	cfgA := testConfig()
	cfgA.Batch.MaxRecords = 100
	want := func() map[string]string {
		w := newWorker(t, cfgA)
		if err := demofeed.Produce(testCtx(t), w.Brokers(), gen(), n, demofeed.Options{Partitions: cfgA.Topics.Partitions}); err != nil {
			t.Fatal(err)
		}
		runUntil(t, w, n)
		return dataMapOf(t, cfgA, w.Brokers())
	}()

	var logs lockedBuffer
	logged := func(cfg Config) *Worker {
		core := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(&logs), zapcore.DebugLevel)
		w, err := New(testCtx(t), cfg, zap.New(core))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(w.Close)
		return w
	}
	cfgA.TransactionalID = "handover-a"
	a := logged(cfgA)
	if err := demofeed.Produce(testCtx(t), a.Brokers(), gen(), n, demofeed.Options{Partitions: cfgA.Topics.Partitions}); err != nil {
		t.Fatal(err)
	}
	cfgB := cfgA
	cfgB.Brokers, cfgB.TransactionalID = a.Brokers(), "handover-b"
	b := logged(cfgB)
	cluster := a.embedded.Cluster()

	cmdFault := cluster.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: cfgA.Topics.Commands, Err: kerr.UnknownServerError, Count: 2})
	runA := runBackground(t, a)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := cmdFault.Wait(ctx, 2); err != nil {
		t.Fatalf("the commands topic failed %d writes of 2: %v", cmdFault.Hits(), err)
	}
	runA.wait(n / 5)
	runB := runBackground(t, b)
	waitFor(t, time.Minute, "b committed nothing", func() bool { return b.Runner().Stats().Commits > 0 })
	kicks := cluster.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.Heartbeat}, Group: cfgA.Group, Err: kerr.UnknownMemberID, TopLevel: true, Count: 4})
	if err := kicks.Wait(ctx, 4); err != nil {
		t.Fatalf("%d kicks of 4: %v", kicks.Hits(), err)
	}
	if st := a.Runner().Stats(); st.Inputs >= n {
		t.Fatalf("a committed all %d inputs before it stopped: the test proves nothing", st.Inputs)
	}
	runA.stop()
	waitGroupDone(t, a.Brokers(), cfgA.Group, "crm.public.")
	runB.stop()
	sa, sb := a.Runner().Stats(), b.Runner().Stats()
	t.Logf("a: inputs %d commits %d aborts %d restarts %d; b: inputs %d commits %d aborts %d restarts %d",
		sa.Inputs, sa.Commits, sa.Aborts, sa.Restarts, sb.Inputs, sb.Commits, sb.Aborts, sb.Restarts)
	if sa.Aborts == 0 {
		t.Error("a aborted nothing: the failed writes of commands cost no transaction")
	}
	checkHandedOver(t, cfgA, a.Brokers(), n)
	diffDataMaps(t, want, dataMapOf(t, cfgA, a.Brokers()))
	checkNoCanaries(t, a.Brokers(), logs.snapshot(), canaries)
}

// checkNoCanaries fails t if a canary is in logs; each must be in the
// inputs, or the check proves nothing.
func checkNoCanaries(t *testing.T, brokers []string, logs []byte, canaries []string) {
	t.Helper()
	planted := map[string]bool{}
	for _, r := range readAll(t, brokers, func(s string) bool { return strings.HasPrefix(s, "crm.public.") }) {
		for _, c := range canaries {
			planted[c] = planted[c] || bytes.Contains(r.Value, []byte(c))
		}
	}
	for _, c := range canaries {
		if !planted[c] {
			t.Errorf("canary of len %d not in the inputs", len(c))
		}
		if bytes.Contains(logs, []byte(c)) {
			t.Errorf("a canary (len %d) is in the logs", len(c))
		}
	}
	if len(logs) == 0 {
		t.Error("nothing was logged")
	}
}

// waitFor polls ok until it holds, or fails t after d.
func waitFor(t *testing.T, d time.Duration, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal(what)
		}
	}
}

// waitGroupDone waits until group has committed the end of every
// partition of the topics named with prefix.
func waitGroupDone(t *testing.T, brokers []string, group, prefix string) {
	t.Helper()
	cl := kafkatest.Client(t, brokers)
	adm := kadm.NewClient(cl)
	lag := int64(-1)
	waitFor(t, 2*time.Minute, "the group did not commit every input", func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		topics, err := adm.ListTopics(ctx)
		if err != nil {
			return false
		}
		var names []string
		for _, name := range topics.Names() {
			if strings.HasPrefix(name, prefix) {
				names = append(names, name)
			}
		}
		ends, err1 := adm.ListEndOffsets(ctx, names...)
		offs, err2 := adm.FetchOffsets(ctx, group)
		if err1 != nil || err2 != nil || len(names) == 0 {
			return false
		}
		lag = 0
		ends.Each(func(o kadm.ListedOffset) {
			c, ok := offs.Lookup(o.Topic, o.Partition)
			if !ok || c.Err != nil {
				lag += o.Offset
				return
			}
			lag += o.Offset - c.At
		})
		return lag == 0
	})
}

// checkHandedOver checks the committed outputs of n demo inputs: one
// sanitized output per input, in input order per sanitized key; ERASE and
// REDACT commands each committed once; no column of a partition announced
// by two REDACTs.
func checkHandedOver(t *testing.T, cfg Config, brokers []string, n int) {
	t.Helper()
	inputs := readAll(t, brokers, func(s string) bool { return strings.HasPrefix(s, "crm.public.") })
	if len(inputs) != n {
		t.Fatalf("%d inputs, want %d", len(inputs), n)
	}
	offsetOf := map[string]int64{}
	for _, r := range inputs {
		offsetOf[pipeline.Position{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset}.String()] = r.Offset
	}
	outs := readAll(t, brokers, func(s string) bool {
		return strings.HasPrefix(s, "lethe.sanitized.") || s == cfg.Topics.Commands || s == cfg.Topics.DeadLetter
	})
	slices.SortStableFunc(outs, func(x, y *kgo.Record) int {
		return cmp.Or(strings.Compare(x.Topic, y.Topic), cmp.Compare(x.Partition, y.Partition), cmp.Compare(x.Offset, y.Offset))
	})
	sanitized := map[string]int{}
	lastOf := map[string]string{} // sanitized topic and key -> the input of its last output
	ids := map[string]int{}
	announced := map[string][]string{} // table, column and input partition -> the inputs of its REDACTs
	for _, r := range outs {
		in := header(r, pipeline.HeaderInput)
		switch {
		case strings.HasPrefix(r.Topic, "lethe.sanitized."):
			sanitized[in]++
			k := r.Topic + "|" + string(r.Key)
			if prev, ok := lastOf[k]; ok && (samePartition(prev, in) && offsetOf[in] <= offsetOf[prev]) {
				t.Errorf("%s: output of input %s after that of %s", r.Topic, in, prev)
			}
			lastOf[k] = in
		case r.Topic == cfg.Topics.Commands:
			var c pipeline.Command
			if err := json.Unmarshal(r.Value, &c); err != nil {
				t.Fatalf("command of input %s: %v", in, err)
			}
			ids[c.ID]++
			if c.Type == pipeline.CmdRedact {
				for _, f := range c.Fields {
					key := fmt.Sprintf("%s.%s in %s/%d", c.Table, f, c.Source.Topic, c.Source.Partition)
					announced[key] = append(announced[key], in)
				}
			}
		case r.Topic == cfg.Topics.DeadLetter:
			t.Errorf("input %s dead-lettered: %s", in, header(r, pipeline.HeaderReason))
		}
	}
	missing, dup := 0, 0
	for pos := range offsetOf {
		switch c := sanitized[pos]; {
		case c == 0:
			missing++
		case c > 1:
			dup++
		}
	}
	if missing != 0 || dup != 0 || len(sanitized) != n {
		t.Errorf("sanitized outputs: %d inputs without one, %d with several, %d inputs named, want %d", missing, dup, len(sanitized), n)
	}
	for id, c := range ids {
		if c > 1 {
			t.Errorf("command %s committed %d times", id, c)
		}
	}
	for key, ins := range announced {
		if len(ins) > 1 {
			t.Errorf("column %s announced by %d REDACTs, of inputs %v", key, len(ins), ins)
		}
	}
}

// dataMapOf returns the data map as a reader of its compacted topic sees
// it: the last committed record of each key.
func dataMapOf(t *testing.T, cfg Config, brokers []string) map[string]string {
	t.Helper()
	table := map[string]string{}
	for _, r := range readAll(t, brokers, func(s string) bool { return s == cfg.Topics.DataMap }) {
		table[string(r.Key)] = string(r.Value)
	}
	return table
}

// diffDataMaps fails t with the keys whose records differ between want
// and got.
func diffDataMaps(t *testing.T, want, got map[string]string) {
	t.Helper()
	var diff []string
	for k, v := range want {
		if got[k] != v {
			diff = append(diff, k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			diff = append(diff, k)
		}
	}
	slices.Sort(diff)
	if len(diff) > 0 {
		k := diff[0]
		t.Errorf("the data map differs from one worker's without faults in %d of %d keys; first %s:\nwant %s\ngot  %s", len(diff), len(want), k, want[k], got[k])
	}
}

// samePartition reports whether two positions ("topic/partition/offset")
// are of one input partition.
func samePartition(a, b string) bool {
	return a[:strings.LastIndexByte(a, '/')] == b[:strings.LastIndexByte(b, '/')]
}
