package e2e

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/kafka"
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
	cl, err := kgo.NewClient(kgo.SeedBrokers(broker), kgo.ProducerBatchMaxBytes(16<<20), kgo.RecordRetries(2))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()

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
	ticket := func(id, notesBytes int) []byte {
		notes := strings.Repeat("Kunde ruft wegen der Lieferung an. ", notesBytes/35+1)
		v, _ := json.Marshal(map[string]any{"before": nil, "after": map[string]any{"ticket_id": id, "notes": notes},
			"source": map[string]any{"connector": "postgresql", "name": "crm", "ts_ms": 1710473176007, "db": "crm", "schema": "public", "table": "tickets"},
			"op":     "c", "ts_ms": 1710473176018})
		return v
	}
	key := func(id int) []byte { return []byte(`{"ticket_id":` + strconv.Itoa(id) + `}`) }
	for _, r := range []*kgo.Record{
		{Topic: input, Key: key(1), Value: ticket(1, 1500<<10)}, // over Kafka's default, within max_output_bytes
		{Topic: input, Key: key(2), Value: ticket(2, 3<<20)},    // over max_output_bytes
		{Topic: input, Value: ticket(3, 100)},                   // no key
		{Topic: input, Key: key(4), Value: ticket(4, 100)},
	} {
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
	if len(keys) != 2 || keys[0] != string(key(1)) || keys[1] != string(key(4)) {
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
