package e2e

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumtest"
	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/kafka/kafkatest"
	"github.com/lethe-cdc/lethe/connectors/worker"
)

// TestUnwritableOutputsOnKafka checks, on real Kafka, the two kinds of
// output a broker refuses and that lethe must dead-letter instead of
// retrying for ever: a keyless record on a compacted topic (first shown to
// be refused by Kafka itself) and a record over max_output_bytes. A record
// within a max_output_bytes above Kafka's 1 MiB default must pass: lethe
// sizes its producer and its output topic for it.
func TestUnwritableOutputsOnKafka(t *testing.T) {
	needStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	adm := admin(t)
	cl := kafkatest.Client(t, []string{broker}, kgo.ProducerBatchMaxBytes(16<<20), kgo.RecordRetries(2))

	// The premise: Kafka refuses a keyless record on a compacted topic.
	probe := topicPrefix() + "probe.compacted"
	if err := kafka.EnsureTopics(ctx, adm, kafka.TopicSpec{Name: probe, Partitions: 1, Configs: map[string]string{"cleanup.policy": "compact"}}); err != nil {
		t.Fatal(err)
	}
	if err := cl.ProduceSync(ctx, &kgo.Record{Topic: probe, Value: []byte("{}")}).FirstErr(); err == nil {
		t.Fatal("Kafka took a keyless record on a compacted topic; the keyless rule would be needless")
	} else {
		t.Logf("Kafka refuses a keyless record on a compacted topic: %v", err)
	}

	input := topicPrefix() + "unwritable.public.tickets"
	if err := kafka.EnsureTopics(ctx, adm, kafka.TopicSpec{Name: input, Partitions: 1,
		Configs: map[string]string{"max.message.bytes": strconv.Itoa(16 << 20)}}); err != nil {
		t.Fatal(err)
	}
	ticket := func(id, notesBytes int, keyless bool) *kgo.Record {
		return debeziumtest.Ticket(t, input, id, notesBytes, keyless)
	}
	in := []*kgo.Record{
		ticket(1, 1500<<10, false), // over Kafka's default, within max_output_bytes
		ticket(2, 3<<20, false),    // over max_output_bytes
		ticket(3, 100, true),       // no key
		ticket(4, 100, false),
	}
	for _, r := range in {
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatalf("produce the input: %v", err)
		}
	}

	rt := newRunTopics("unwritable")
	cfg := workerConfig(t, rt, worker.InputsConfig{Topics: []string{input}})
	cfg.MaxOutputBytes = 2 << 20
	r, err := startWorker(ctx, cfg, filepath.Join(t.TempDir(), "worker.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := r.stop(); err != nil {
			t.Errorf("stop worker: %v", err)
		}
	}()
	waitCommitted(ctx, t, adm, cfg.Group, endOffsets(ctx, t, adm, input), 2*time.Minute, r.failed)
	if st := r.w.Runner().Stats(); st.AbortsSinceCommit != 0 {
		t.Errorf("%d transactions aborted since the last commit: %+v", st.AbortsSinceCommit, st)
	}

	var keys []string
	for _, o := range kcatRead(ctx, t, rt.sanitized("tickets")) {
		if o.Key != nil {
			keys = append(keys, *o.Key)
		}
	}
	slices.Sort(keys) // the sanitized topic has several partitions
	if len(keys) != 2 || keys[0] != string(in[0].Key) || keys[1] != string(in[3].Key) {
		t.Errorf("sanitized keys %q, want tickets 1 and 4", keys)
	}
	reasons := map[string]string{}
	for _, o := range kcatRead(ctx, t, rt.deadletter) {
		reasons[o.Headers["lethe.input"]] = o.Headers["lethe.reason"]
	}
	for at, want := range map[string]string{input + "/0/1": "over the limit", input + "/0/2": "no record key"} {
		if !strings.Contains(reasons[at], want) {
			t.Errorf("dead letter for %s: reason %q, want %q", at, reasons[at], want)
		}
	}
	if len(reasons) != 2 {
		t.Errorf("%d dead letters, want 2: %v", len(reasons), reasons)
	}
}
