package worker

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumenc"
	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumtest"
	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/demofeed"
	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/kafka/kafkatest"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
	"github.com/lethe-cdc/lethe/schemas"
)

// testConfig is a worker on a fresh in-process broker on a free port.
func testConfig() Config {
	cfg := Config{InsecureDevKeys: true, Embedded: EmbeddedConfig{Listen: "127.0.0.1:0"}, HTTP: HTTPConfig{Addr: "127.0.0.1:0"},
		Batch: BatchConfig{MaxRecords: 500, MaxWait: 50 * time.Millisecond}}
	cfg.Default()
	return cfg
}

// newWorker builds a worker from cfg, closed when the test ends.
func newWorker(t *testing.T, cfg Config) *Worker {
	t.Helper()
	w, err := New(testCtx(t), cfg, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return w
}

// feedWithoutAborts produces in, runs w until it has handled them all, and
// checks that no transaction aborted on the way.
func feedWithoutAborts(t *testing.T, w *Worker, cl *kgo.Client, in []*kgo.Record) {
	t.Helper()
	for _, r := range in {
		if err := cl.ProduceSync(testCtx(t), r).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	runUntil(t, w, int64(len(in)))
	if a := w.Runner().Stats().Aborts; a != 0 {
		t.Errorf("%d transactions aborted", a)
	}
}

// runUntil runs w until its runner has committed n inputs.
func runUntil(t *testing.T, w *Worker, n int64) {
	t.Helper()
	r := runBackground(t, w)
	r.wait(n)
	r.stop()
}

// background is a worker's Run on its own goroutine.
type background struct {
	t      *testing.T
	w      *Worker
	cancel context.CancelFunc
	done   chan error
}

// runBackground starts w.Run, cancelled when the test ends at the latest.
func runBackground(t *testing.T, w *Worker) *background {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	r := &background{t: t, w: w, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- w.Run(ctx) }()
	return r
}

// wait waits until the runner has committed n inputs (see waitInputs).
func (r *background) wait(n int64) {
	r.t.Helper()
	waitInputs(r.t, r.w, n, r.done)
}

// stop cancels Run and fails the test if it returned an error of its own.
func (r *background) stop() {
	r.t.Helper()
	r.cancel()
	if err := stopped(r.t, r.done); err != nil && !errors.Is(err, context.Canceled) {
		r.t.Fatalf("worker: %v", err)
	}
}

// testCtx is a context for one test's calls to the broker: a stalled call
// fails the test in minutes instead of holding the suite until its timeout.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// stopped waits for the result of a Run whose context was cancelled.
func stopped(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(time.Minute):
		t.Fatal("Run did not return within 1m of its context being cancelled")
		return nil
	}
}

// waitInputs waits until w's runner has committed n inputs. It fails the test
// at once if Run, started with done as its result, returns before that.
func waitInputs(t *testing.T, w *Worker, n int64, done <-chan error) {
	t.Helper()
	deadline := time.After(3 * time.Minute)
	for w.Runner().Stats().Inputs < n {
		select {
		case err := <-done:
			t.Fatalf("worker stopped early after %d inputs: %v", w.Runner().Stats().Inputs, err)
		case <-deadline:
			t.Fatalf("worker committed %d of %d inputs in 3 minutes", w.Runner().Stats().Inputs, n)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// readAll reads every committed record of the topics match accepts.
func readAll(t *testing.T, brokers []string, match func(string) bool) []*kgo.Record {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cl := kafkatest.Client(t, brokers)
	topics, err := kadm.NewClient(cl).ListTopics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []*kgo.Record
	for _, name := range topics.Names() {
		if !match(name) {
			continue
		}
		if err := kafka.ScanTopic(ctx, brokers, name, func(r *kgo.Record) { out = append(out, r) }); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func header(r *kgo.Record, k string) string {
	for _, h := range r.Headers {
		if h.Key == k {
			return string(h.Value)
		}
	}
	return ""
}

// TestEndToEndEmbedded runs the demo CRM through the whole pipeline on the
// embedded broker and checks, with a read_committed consumer, that no raw
// e-mail, phone number, IBAN, card number, IP address, national id, birth
// date, full name in a ticket note or support agent's user name reaches a
// sanitized topic, that
// every input has exactly one sanitized output, and that each CRM delete
// produced its erase command.
func TestEndToEndEmbedded(t *testing.T) {
	const n = 4000
	cfg := testConfig()
	w := newWorker(t, cfg)

	// The same seed twice: one generator feeds the broker, the other tells
	// the test what was planted where.
	if err := demofeed.Produce(testCtx(t), w.Brokers(), democrm.New(11), n, demofeed.Options{Partitions: cfg.Topics.Partitions}); err != nil {
		t.Fatal(err)
	}
	truth := democrm.New(11)
	secrets := map[string]pii.Category{} // raw value -> category
	deletes := 0
	tables := map[string]bool{}
	for range n {
		ev := truth.Next()
		tables[ev.Topic] = true
		if ev.Change.Op == pipeline.OpDelete && !ev.Change.Tombstone {
			deletes++
		}
		for _, p := range ev.Truth {
			switch {
			case p.Category == pii.Email, p.Category == pii.Phone, p.Category == pii.BankAccount, p.Category == pii.CreditCard,
				p.Category == pii.IPAddress, p.Category == pii.NationalID, p.Category == pii.DateOfBirth:
				if len(p.Value) >= 6 {
					secrets[p.Value] = p.Category
				}
			case p.Category == pii.Name && p.Column == "notes" && !p.Canary && strings.Contains(p.Value, " "):
				// A full name in free text ("Arjen Smits", "Frau
				// Schulz"): if any word of it is replaced, the whole
				// no longer appears.
				secrets[p.Value] = p.Category
			case p.Category == pii.UniqueID && p.Column == "agent":
				// A support agent's user name, as a whole JSON string.
				secrets[`"`+p.Value+`"`] = p.Category
			}
		}
	}
	if len(secrets) < 100 || deletes == 0 || len(tables) < 6 {
		t.Fatalf("demo data too thin for this test: %d secrets, %d deletes, %d tables", len(secrets), deletes, len(tables))
	}

	runUntil(t, w, n)

	recs := readAll(t, w.Brokers(), func(s string) bool {
		return strings.HasPrefix(s, "lethe.sanitized.") || s == cfg.Topics.Commands || s == cfg.Topics.DeadLetter
	})
	// Outputs carry their input's Kafka timestamp.
	inputTime := map[string]time.Time{}
	for _, r := range readAll(t, w.Brokers(), func(s string) bool { return strings.HasPrefix(s, "crm.public.") }) {
		inputTime[pipeline.Position{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset}.String()] = r.Timestamp
	}
	inputs := map[string]int{}
	erased := map[string]bool{}
	var sanitized, dead, otherTime int
	for _, r := range recs {
		in := header(r, pipeline.HeaderInput)
		if in == "" {
			t.Fatalf("output on %s without %s header", r.Topic, pipeline.HeaderInput)
		}
		if ts, ok := inputTime[in]; !ok || !r.Timestamp.Equal(ts) {
			otherTime++
		}
		switch {
		case strings.HasPrefix(r.Topic, "lethe.sanitized."):
			sanitized++
			inputs[in]++
			for raw, cat := range secrets {
				if bytes.Contains(r.Value, []byte(raw)) || bytes.Contains(r.Key, []byte(raw)) {
					t.Errorf("raw %s (len %d) leaked to %s (input %s)", cat, len(raw), r.Topic, in)
				}
			}
		case r.Topic == cfg.Topics.Commands:
			var c pipeline.Command
			if err := json.Unmarshal(r.Value, &c); err != nil {
				t.Fatalf("command at %s: %v", in, err)
			}
			if c.Type == pipeline.CmdErase && c.Reason == "crm_delete" {
				if erased[in] {
					t.Errorf("two erase commands for input %s", in)
				}
				erased[in] = true
			}
		case r.Topic == cfg.Topics.DeadLetter:
			dead++
		}
	}
	if dead != 0 {
		t.Errorf("%d demo events were dead-lettered; the demo CRM emits only valid Debezium events", dead)
	}
	if otherTime != 0 {
		t.Errorf("%d of %d outputs do not carry their input's timestamp", otherTime, len(recs))
	}
	if sanitized != n {
		t.Errorf("sanitized outputs = %d, want one per input (%d)", sanitized, n)
	}
	for in, c := range inputs {
		if c != 1 {
			t.Errorf("input %s has %d sanitized outputs, want exactly 1", in, c)
		}
	}
	if len(erased) != deletes {
		t.Errorf("erase commands = %d, want one per CRM delete (%d)", len(erased), deletes)
	}

	// The data map restored from its compacted topic lists the PII columns.
	dm := readAll(t, w.Brokers(), func(s string) bool { return s == cfg.Topics.DataMap })
	table := map[string][]byte{}
	for _, r := range dm {
		table[string(r.Key)] = r.Value
	}
	entries, skipped := pipeline.MergeRecords(table)
	if len(skipped) > 0 {
		t.Fatalf("records %q could not be read", skipped)
	}
	want := map[string]string{"public.customers.email": string(pii.Email), "public.customers.iban": string(pii.BankAccount),
		"public.contacts.telefon_nr": string(pii.Phone), "public.orders.card_number": string(pii.CreditCard)}
	for _, e := range entries {
		if cat, ok := want[e.Table+"."+e.Column]; ok {
			if !e.Personal || len(e.Categories) == 0 || e.Categories[0] != cat {
				t.Errorf("data map %s.%s: personal=%v categories=%v, want %s first", e.Table, e.Column, e.Personal, e.Categories, cat)
			}
			delete(want, e.Table+"."+e.Column)
		}
	}
	if len(want) > 0 {
		t.Errorf("data map misses %v", want)
	}
}

// TestNoPIIInLogsOrMetrics plants canary values in the CRM data, runs the
// pipeline with debug logging, and scans every log line and the metrics page.
func TestNoPIIInLogsOrMetrics(t *testing.T) {
	canaries := []string{"Zyxwvutsrqpo", "canary.qxz@example.org", "+49 30 98765432"}
	var logs lockedBuffer
	core := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(&logs), zapcore.DebugLevel)
	cfg := testConfig()
	// Port 0: a fixed port may be taken, e.g. as the local end of another
	// test's connection (it would lie in Linux's ephemeral range).
	cfg.HTTP.Addr = "127.0.0.1:0"
	w, err := New(testCtx(t), cfg, zap.New(core))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	const n = 1500
	if err := demofeed.Produce(testCtx(t), w.Brokers(), democrm.New(5, democrm.WithCanaries(canaries...)), n, demofeed.Options{WithSchema: true, Partitions: cfg.Topics.Partitions}); err != nil {
		t.Fatal(err)
	}
	// Undecodable inputs must be reported without their contents.
	cl, err := kgo.NewClient(kgo.SeedBrokers(w.Brokers()...))
	if err != nil {
		t.Fatal(err)
	}
	bad := []byte(`{"payload":{"op":"c","after":{"email":"` + canaries[1] + `"` + strings.Repeat(" ", 10))
	if err := cl.ProduceSync(testCtx(t), &kgo.Record{Topic: "crm.public.customers", Key: []byte(canaries[0]), Value: bad}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	cl.Close()

	run := runBackground(t, w)
	run.wait(n + 1)
	addr := w.HTTPAddr()
	if addr == "" {
		t.Fatal("HTTPAddr is empty while Run runs")
	}
	hc := &http.Client{Timeout: 30 * time.Second}
	health, err := hc.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	healthBody, _ := io.ReadAll(health.Body)
	health.Body.Close()
	if health.StatusCode != http.StatusOK {
		t.Errorf("/healthz = %d while running", health.StatusCode)
	}
	if ready, err := hc.Get("http://" + addr + "/readyz"); err != nil {
		t.Fatal(err)
	} else if ready.Body.Close(); ready.StatusCode != http.StatusOK {
		t.Errorf("/readyz = %d while running", ready.StatusCode)
	}
	resp, err := hc.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	run.stop()
	if w.Engine().Stats().DeadLetters.Load() != 1 {
		t.Errorf("dead letters = %d, want 1", w.Engine().Stats().DeadLetters.Load())
	}
	for _, series := range []string{"lethe_events_total", "go_memstats_heap_inuse_bytes", "process_resident_memory_bytes", "go_build_info"} {
		if !bytes.Contains(metrics, []byte(series)) {
			t.Errorf("metrics page lacks %s", series)
		}
	}
	// The canaries really are in the input (else this test proves nothing),
	// and no dead-letter reason repeats them.
	raw := readAll(t, w.Brokers(), func(s string) bool { return strings.HasPrefix(s, "crm.public.") })
	planted := map[string]bool{}
	for _, r := range raw {
		for _, c := range canaries {
			if bytes.Contains(r.Value, []byte(c)) {
				planted[c] = true
			}
		}
	}
	if len(planted) != len(canaries) {
		t.Fatalf("only %d of %d canaries reached the input topics", len(planted), len(canaries))
	}
	// The data map and the commands describe personal data, never hold it;
	// the sanitized topics must not hold the canaries detection can see (a
	// lone made-up word in a note, the name canary, is beyond it).
	for _, r := range readAll(t, w.Brokers(), func(s string) bool { return strings.HasPrefix(s, "lethe.") && s != cfg.Topics.DeadLetter }) {
		check := canaries
		if strings.HasPrefix(r.Topic, "lethe.sanitized.") {
			check = canaries[1:]
		}
		for _, c := range check {
			if bytes.Contains(r.Value, []byte(c)) || bytes.Contains(r.Key, []byte(c)) {
				t.Errorf("a canary (len %d) reached %s", len(c), r.Topic)
			}
			for _, h := range r.Headers {
				if bytes.Contains(h.Value, []byte(c)) {
					t.Errorf("a canary (len %d) reached header %s on %s", len(c), h.Key, r.Topic)
				}
			}
		}
	}
	for _, r := range readAll(t, w.Brokers(), func(s string) bool { return s == cfg.Topics.DeadLetter }) {
		for _, h := range r.Headers {
			for _, c := range canaries {
				if bytes.Contains(h.Value, []byte(c)) {
					t.Errorf("a canary (len %d) reached dead-letter header %s", len(c), h.Key)
				}
			}
		}
		for _, c := range canaries {
			if bytes.Contains(r.Value, []byte(c)) || bytes.Contains(r.Key, []byte(c)) {
				t.Errorf("a canary (len %d) reached a dead-letter record", len(c))
			}
		}
		if header(r, pipeline.HeaderReason) == "" {
			t.Error("dead letter without a reason")
		}
	}
	if len(logs.snapshot()) == 0 {
		t.Fatal("nothing was logged at debug level; the log scan would prove nothing")
	}
	// The operator hears of the dead letter, by position, and of the stop.
	if l := logs.snapshot(); !bytes.Contains(l, []byte(`"msg":"input dead-lettered`)) || !bytes.Contains(l, []byte(`"input":"crm.public.customers/`)) ||
		!bytes.Contains(l, []byte(`"msg":"lethe stopped"`)) {
		t.Errorf("the log names no dead-lettered input by position, or no stop:\n%s", l)
	}
	for _, c := range canaries {
		if bytes.Contains(logs.snapshot(), []byte(c)) {
			t.Errorf("a canary (len %d) reached the logs", len(c))
		}
		if bytes.Contains(metrics, []byte(c)) || bytes.Contains(healthBody, []byte(c)) {
			t.Errorf("a canary (len %d) reached the metrics or /healthz", len(c))
		}
	}
}

// produceAvroDemo produces n events of the demo CRM (seed 3) onto the demo
// topics of w's broker, encoded as Avro with the schemas registered in rcl,
// handing each event to seen first (when not nil).
func produceAvroDemo(t *testing.T, w *Worker, rcl *sr.Client, n int, seen func(democrm.Event)) {
	t.Helper()
	cl := kafkatest.Client(t, w.Brokers())
	if err := demofeed.EnsureTopics(testCtx(t), cl, "", w.Config().Topics.Partitions); err != nil {
		t.Fatal(err)
	}
	enc := debeziumenc.NewAvroEncoder(rcl)
	gen := democrm.New(3)
	for range n {
		ev := gen.Next()
		k, v, err := enc.Encode(testCtx(t), ev.Topic, ev.Change)
		if err != nil {
			t.Fatal(err)
		}
		if seen != nil {
			seen(ev)
		}
		if err := cl.ProduceSync(testCtx(t), &kgo.Record{Topic: ev.Topic, Key: k, Value: v}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAvroWithRegistry feeds Debezium Avro (Confluent wire format) through a
// schema registry and checks that lethe decodes it, sanitizes it, and writes
// its commands as Avro registered under lethe.commands-value.
func TestAvroWithRegistry(t *testing.T) {
	reg, rcl := debeziumtest.Registry(t)
	cfg := testConfig()
	cfg.Registry.URL = reg.URL()
	w := newWorker(t, cfg)
	const n = 1500
	secrets := map[string]bool{}
	deletes := 0
	produceAvroDemo(t, w, rcl, n, func(ev democrm.Event) {
		if ev.Change.Op == pipeline.OpDelete && !ev.Change.Tombstone {
			deletes++
		}
		for _, p := range ev.Truth {
			if (p.Category == pii.Email || p.Category == pii.BankAccount) && len(p.Value) > 6 {
				secrets[p.Value] = true
			}
		}
	})
	runUntil(t, w, n)
	if d := w.Engine().Stats().DeadLetters.Load(); d != 0 {
		t.Fatalf("%d Avro inputs were dead-lettered", d)
	}
	var sanitized, erases int
	for _, r := range readAll(t, w.Brokers(), func(s string) bool {
		return strings.HasPrefix(s, "lethe.sanitized.") || s == cfg.Topics.Commands
	}) {
		if r.Topic == cfg.Topics.Commands {
			id, body, err := schemas.Unframe(r.Value)
			if err != nil || header(r, pipeline.HeaderEncoding) != "avro" {
				t.Fatalf("command not in Confluent wire format: %v", err)
			}
			if _, err := rcl.SchemaByID(testCtx(t), int(id)); err != nil {
				t.Fatalf("command schema id %d not in the registry: %v", id, err)
			}
			native, _, err := schemas.Command.NativeFromBinary(body)
			if err != nil {
				t.Fatal(err)
			}
			if native.(map[string]any)["type"] == "ERASE" {
				erases++
			}
			continue
		}
		sanitized++
		for s := range secrets {
			if bytes.Contains(r.Value, []byte(s)) {
				t.Errorf("raw value (len %d) leaked to %s", len(s), r.Topic)
			}
		}
	}
	if sanitized != n || erases != deletes {
		t.Errorf("sanitized %d (want %d), erase commands %d (want %d)", sanitized, n, erases, deletes)
	}
}

// lockedBuffer is a log sink safe for the many goroutines that log.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) snapshot() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}

// An output topic made with a smaller max.message.bytes than lethe's
// records need is raised, also at the default max_output_bytes: a review
// found one such topic failing every transaction after a 300 KB record.
func TestSmallOutputTopicIsRaised(t *testing.T) {
	cfg := testConfig()
	w := newWorker(t, cfg)
	const topic, out = "crm.public.tickets", "lethe.sanitized.tickets"
	cl := kafkatest.Client(t, w.Brokers(), kgo.ProducerBatchMaxBytes(4<<20))
	adm := kadm.NewClient(cl)
	if err := kafka.EnsureTopics(testCtx(t), adm,
		kafka.TopicSpec{Name: topic, Partitions: 1, Replication: 1, Configs: map[string]string{"max.message.bytes": strconv.Itoa(4 << 20)}},
		kafka.TopicSpec{Name: out, Partitions: 1, Replication: 1, Configs: map[string]string{"cleanup.policy": "compact", "max.message.bytes": "100000"}}); err != nil {
		t.Fatal(err)
	}
	in := []*kgo.Record{debeziumtest.Ticket(t, topic, 1, 300<<10, false), debeziumtest.Ticket(t, topic, 2, 100, false)}
	feedWithoutAborts(t, w, cl, in)
	if got := len(readAll(t, w.Brokers(), func(s string) bool { return s == out })); got != 2 {
		t.Errorf("%d records on %s, want 2", got, out)
	}
	checkMaxMessageBytes(t, adm, out, cfg.maxMessageBytes())
}

// checkMaxMessageBytes fails t unless topic takes messages of want bytes.
func checkMaxMessageBytes(t *testing.T, adm *kadm.Client, topic string, want int) {
	t.Helper()
	rcs, err := adm.DescribeTopicConfigs(testCtx(t), topic)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := rcs.On(topic, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rc.Configs {
		if n, _ := strconv.Atoi(c.MaybeValue()); c.Key == "max.message.bytes" && n < want {
			t.Errorf("%s has max.message.bytes %d, want at least %d", topic, n, want)
		}
	}
}

// Records Kafka would refuse must not stop the pipeline: a sanitized record
// over max_output_bytes and a keyless one (its sanitized topic is
// compacted) become dead letters, the records after them are processed,
// and a large record within the limit passes, because the worker sizes its
// producer and output topics to the limit.
func TestOversizedAndKeylessRecordsAreDeadLettered(t *testing.T) {
	cfg := testConfig()
	cfg.MaxOutputBytes = 2 << 20
	w := newWorker(t, cfg)
	const topic = "crm.public.tickets"
	cl := kafkatest.Client(t, w.Brokers(), kgo.ProducerBatchMaxBytes(16<<20))
	// Every topic lethe writes takes the producer's batches, small records
	// or not: a data map batch over 1 MiB stalled the pipeline.
	for _, out := range []string{cfg.Topics.Commands, cfg.Topics.DeadLetter, cfg.Topics.DataMap} {
		checkMaxMessageBytes(t, kadm.NewClient(cl), out, cfg.maxMessageBytes())
	}
	if err := kafka.EnsureTopics(testCtx(t), kadm.NewClient(cl), kafka.TopicSpec{Name: topic, Partitions: 1, Replication: 1,
		Configs: map[string]string{"max.message.bytes": strconv.Itoa(16 << 20)}}); err != nil {
		t.Fatal(err)
	}
	ticket := func(id, notesBytes int, keyless bool) *kgo.Record {
		return debeziumtest.Ticket(t, topic, id, notesBytes, keyless)
	}
	in := []*kgo.Record{
		ticket(1, 1500<<10, false), // within the limit
		ticket(2, 3<<20, false),    // over it
		ticket(3, 100, true),       // no key
		ticket(4, 100, false),
	}
	feedWithoutAborts(t, w, cl, in)
	var keys []string
	for _, r := range readAll(t, w.Brokers(), func(s string) bool { return s == "lethe.sanitized.tickets" }) {
		keys = append(keys, string(r.Key))
	}
	slices.Sort(keys) // the sanitized topic has several partitions
	if len(keys) != 2 || keys[0] != string(in[0].Key) || keys[1] != string(in[3].Key) {
		t.Errorf("sanitized keys %q, want tickets 1 and 4", keys)
	}
	reasons := map[string]string{}
	for _, r := range readAll(t, w.Brokers(), func(s string) bool { return s == cfg.Topics.DeadLetter }) {
		for _, h := range r.Headers {
			if h.Key == pipeline.HeaderReason {
				reasons[string(r.Key)] = string(h.Value)
			}
		}
	}
	for at, want := range map[string]string{topic + "/0/1": "over the limit", topic + "/0/2": "no record key"} {
		if !strings.Contains(reasons[at], want) {
			t.Errorf("dead letter for %s: reason %q, want %q", at, reasons[at], want)
		}
	}
	if len(reasons) != 2 {
		t.Errorf("%d dead letters, want 2: %v", len(reasons), reasons)
	}
}

// TestHTTPDropsStalledClients checks that a client of /metrics, /healthz
// and /readyz cannot hold a connection open without sending: one that
// sends a request's headers and never its body (slowloris), and one kept
// alive after its request, are closed within httpReadTimeout; and none
// outlives Run. The server had only a header timeout: a review held both
// for as long as it liked, each a goroutine and a file descriptor of the
// worker, reachable from the whole cluster on ":9464".
func TestHTTPDropsStalledClients(t *testing.T) {
	w := newWorker(t, testConfig())
	run := runBackground(t, w)
	for deadline := time.Now().Add(time.Minute); w.HTTPAddr() == ""; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("Run serves no HTTP after a minute")
		}
	}
	dial := func(request string) net.Conn {
		c, err := net.Dial("tcp", w.HTTPAddr())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		if _, err := c.Write([]byte(request)); err != nil {
			t.Fatal(err)
		}
		return c
	}
	// closedWithin reports whether the server closes c within d, reading
	// (and dropping) whatever it answers first.
	closedWithin := func(c net.Conn, d time.Duration) bool {
		_ = c.SetReadDeadline(time.Now().Add(d))
		_, err := io.Copy(io.Discard, c)
		var ne net.Error
		return !(errors.As(err, &ne) && ne.Timeout())
	}
	idle := dial("GET /healthz HTTP/1.1\r\nHost: lethe\r\n\r\n")
	if resp, err := http.ReadResponse(bufio.NewReader(idle), nil); err != nil {
		t.Fatal(err)
	} else if resp.Body.Close(); resp.StatusCode != http.StatusOK {
		t.Fatalf("/healthz = %d", resp.StatusCode)
	}
	slow := dial("POST /healthz HTTP/1.1\r\nHost: lethe\r\nContent-Length: 1000\r\n\r\n")
	var wg sync.WaitGroup
	for name, c := range map[string]net.Conn{"a connection kept alive, idle": idle, "a request whose body never comes": slow} {
		wg.Go(func() {
			if !closedWithin(c, httpReadTimeout+5*time.Second) {
				t.Errorf("%s is still open %s later", name, httpReadTimeout+5*time.Second)
			}
		})
	}
	wg.Wait()
	// A request stalled when Run returns does not outlive it either.
	lingering := dial("POST /metrics HTTP/1.1\r\nHost: lethe\r\nContent-Length: 1000\r\n\r\n")
	run.stop()
	if !closedWithin(lingering, time.Second) {
		t.Error("a stalled request's connection outlives Run")
	}
}

// TestFailedStopLoggedAsError checks that a worker that stops on an error
// says so at error level in its own log, with the error: its "lethe
// stopped" line was info whatever the outcome, so that a JSON log read at
// log.level warn or error, or alerted on by level, held nothing of a
// worker that died (here fenced by a second worker given its instance_id).
func TestFailedStopLoggedAsError(t *testing.T) {
	core, logs := observer.New(zap.InfoLevel)
	cfg := testConfig()
	cfg.InstanceID, cfg.TransactionalID = "lethe-0", "lethe-first"
	first, err := New(testCtx(t), cfg, zap.New(core))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(first.Close)
	const n = 200
	if err := demofeed.Produce(testCtx(t), first.Brokers(), democrm.New(5), n, demofeed.Options{Partitions: cfg.Topics.Partitions}); err != nil {
		t.Fatal(err)
	}
	run := runBackground(t, first)
	run.wait(1)
	cfg2 := cfg
	cfg2.Brokers, cfg2.TransactionalID = first.Brokers(), "lethe-second"
	second := newWorker(t, cfg2)
	runBackground(t, second)
	if err := stopped(t, run.done); err == nil {
		t.Fatal("the fenced worker stopped without an error")
	}
	stops := logs.FilterMessage("lethe stopped").All()
	if len(stops) != 1 || stops[0].Level != zap.ErrorLevel || stops[0].ContextMap()["error"] == nil {
		t.Errorf("the fenced worker's stop was logged %v, want once, at error level, with the error", stops)
	}
}

// TestHealthzOutsideRun checks a probe sees a worker that is not running
// (before Run, after it returned) as unavailable, not healthy.
func TestHealthzOutsideRun(t *testing.T) {
	w := newWorker(t, testConfig())
	probe := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		w.httpHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Code, rec.Body.String()
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, body := probe(path); code != http.StatusServiceUnavailable || !strings.HasPrefix(body, "stopped") {
			t.Errorf("%s before Run = %d %q, want 503 stopped", path, code, body)
		}
	}
	ctx, cancel := context.WithCancel(testCtx(t))
	cancel()
	if err := w.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, body := probe(path); code != http.StatusServiceUnavailable || !strings.HasPrefix(body, "stopped") {
			t.Errorf("%s after Run returned = %d %q, want 503 stopped", path, code, body)
		}
	}
}

func TestStalled(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		st   kafka.RunnerStats
		want bool
	}{
		{"idle, nothing ever", kafka.RunnerStats{}, false},
		{"a few aborts", kafka.RunnerStats{AbortsSinceCommit: stallAborts - 1, AbortingSince: now.Add(-time.Hour)}, false},
		{"aborts for long, no commit ever", kafka.RunnerStats{AbortsSinceCommit: stallAborts, AbortingSince: now.Add(-2 * stallAfter)}, true},
		{"aborts for seconds, no commit ever (start-up)", kafka.RunnerStats{AbortsSinceCommit: stallAborts, AbortingSince: now.Add(-5 * time.Second)}, false},
		{"aborts for seconds after an idle hour", kafka.RunnerStats{AbortsSinceCommit: 50, LastCommit: now.Add(-time.Hour), AbortingSince: now.Add(-5 * time.Second)}, false},
		{"aborts for long, last commit long ago", kafka.RunnerStats{AbortsSinceCommit: 50, LastCommit: now.Add(-3 * stallAfter), AbortingSince: now.Add(-2 * stallAfter)}, true},
		{"old commit but no aborts (idle)", kafka.RunnerStats{LastCommit: now.Add(-time.Hour)}, false},
		// aborts, then nothing to fetch: the partitions went to another
		// member, or the input went quiet (a review saw a restart)
		{"aborts for long, then idle", kafka.RunnerStats{AbortsSinceCommit: 50, AbortingSince: now.Add(-2 * stallAfter), IdleSince: now.Add(-idleUnstalls)}, false},
		{"aborts for long, fetching again", kafka.RunnerStats{AbortsSinceCommit: 50, AbortingSince: now.Add(-2 * stallAfter), IdleSince: now.Add(-time.Second)}, true},
	} {
		if got := stalled(tc.st, now); got != tc.want {
			t.Errorf("%s: stalled = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestHealth(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	const dataMap = "lethe.datamap"
	aborting := kafka.RunnerStats{AbortsSinceCommit: stallAborts, AbortingSince: now.Add(-2 * stallAfter)}
	hung := kafka.RunnerStats{UnstablePartitions: []string{"crm.public.customers/0", "crm.public.customers/2"}, UnstableSince: now.Add(-3 * time.Minute)}
	hungAborting := hung
	hungAborting.AbortsSinceCommit, hungAborting.AbortingSince = aborting.AbortsSinceCommit, aborting.AbortingSince
	heldMap := aborting
	heldMap.HeldOutputs, heldMap.HeldSince = []string{dataMap + "/1"}, now.Add(-5*time.Minute)
	heldCommands := aborting
	heldCommands.HeldOutputs, heldCommands.HeldSince = []string{"lethe.commands/1"}, now.Add(-5*time.Minute)
	const (
		hangBody    = "stalled: committed offsets of crm.public.customers/0,crm.public.customers/2 unstable since 2026-11-28T11:57:00Z: a transaction Kafka never finished holds them, and a restart does not end it (README, Hanging transactions)"
		abortBody   = "stalled: 5 transactions aborted since the last commit (none since the start); see the log"
		heldMapBody = "held: output partitions lethe.datamap/1 held since 2026-11-28T11:55:00Z by a transaction Kafka never finished: read_committed readers wait at it (README, Hanging transactions)"
		heldCmdBody = "held: output partitions lethe.commands/1 held since 2026-11-28T11:55:00Z by a transaction Kafka never finished: read_committed readers wait at it (README, Hanging transactions)"
	)
	for _, tc := range []struct {
		name        string
		st          kafka.RunnerStats
		live, ready int
		body        string
	}{
		{"working", kafka.RunnerStats{Inputs: 10, Commits: 2, Aborts: 1}, http.StatusOK, http.StatusOK, "ok inputs=10 commits=2 aborts=1 restarts=0"},
		{"aborting: a restart may help", aborting, http.StatusServiceUnavailable, http.StatusServiceUnavailable, abortBody},
		{"hanging transaction: alive, not ready", hung, http.StatusOK, http.StatusServiceUnavailable, hangBody},
		{"hang and aborts it does not explain: both said, a restart may help", hungAborting, http.StatusServiceUnavailable, http.StatusServiceUnavailable, hangBody + "; " + abortBody},
		{"held data map and aborts (its restore): alive, not ready", heldMap, http.StatusOK, http.StatusServiceUnavailable, heldMapBody + "; " + abortBody},
		{"held commands and aborts: a restart may help", heldCommands, http.StatusServiceUnavailable, http.StatusServiceUnavailable, heldCmdBody + "; " + abortBody},
		// a group that keeps rebalancing: alive (a restart would add a
		// member that leaves late), not ready
		{"restarts in a row", kafka.RunnerStats{Inputs: 10, Commits: 9, Restarts: 4, RecentRestarts: restartsUnready}, http.StatusOK, http.StatusServiceUnavailable,
			"unsettled: the Kafka session restarted 3 times in 5m0s (a group that keeps rebalancing, or brokers out of reach); see the log"},
		// a dependency out of reach (the schema registry): alive, not
		// ready once it lasts, and no stall (a review)
		{"waiting on a dependency", kafka.RunnerStats{Inputs: 10, Commits: 2, Aborts: 9, WaitingSince: now.Add(-2 * stallAfter), WaitingOn: "schema id 3 lookup failed"},
			http.StatusOK, http.StatusServiceUnavailable,
			"waiting: every batch since 2026-11-28T11:58:00Z failed on a dependency out of reach, retried with backoff (a restart does not help): schema id 3 lookup failed"},
		{"waiting for a moment", kafka.RunnerStats{Inputs: 10, Commits: 2, Aborts: 1, WaitingSince: now.Add(-time.Second), WaitingOn: "x"}, http.StatusOK, http.StatusOK,
			"ok inputs=10 commits=2 aborts=1 restarts=0"},
		{"restarts long ago", kafka.RunnerStats{Inputs: 10, Commits: 9, Restarts: 4, RecentRestarts: restartsUnready - 1}, http.StatusOK, http.StatusOK,
			"ok inputs=10 commits=9 aborts=0 restarts=4"},
		// batches that fail, committed only when a fetch misses the
		// records that fail them: alive, not ready (a review saw "ok"
		// for eleven minutes of a table held back)
		{"more aborts than commits", kafka.RunnerStats{Inputs: 900, Commits: 37, Aborts: 141, RecentAborts: 40, RecentCommits: 12}, http.StatusOK, http.StatusServiceUnavailable,
			"failing: 40 transactions aborted and 12 committed in the last 5m0s: batches that cannot be written; see the log"},
		{"a few aborts among many commits", kafka.RunnerStats{Inputs: 900, Commits: 370, Aborts: 14, RecentAborts: 14, RecentCommits: 300}, http.StatusOK, http.StatusOK,
			"ok inputs=900 commits=370 aborts=14 restarts=0"},
		// a transaction that waits on Kafka (too few in-sync replicas):
		// alive, as with Kafka out of reach, not ready once it lasts
		{"transaction open for long", kafka.RunnerStats{Inputs: 10, Commits: 2, TransactionSince: now.Add(-kafka.DefaultUnstableAfter)}, http.StatusOK, http.StatusServiceUnavailable,
			"stuck: a transaction open since 2026-11-28T11:58:00Z has not ended: its outputs or its commit wait on Kafka (output partitions with too few in-sync replicas or no leader, a transaction coordinator out of reach); see the log"},
		{"transaction open for a moment", kafka.RunnerStats{Inputs: 10, Commits: 2, TransactionSince: now.Add(-time.Second)}, http.StatusOK, http.StatusOK,
			"ok inputs=10 commits=2 aborts=0 restarts=0"},
		{"aborts too few to tell", kafka.RunnerStats{Inputs: 9, Commits: 3, Aborts: failingAborts - 1, RecentAborts: failingAborts - 1}, http.StatusOK, http.StatusOK,
			"ok inputs=9 commits=3 aborts=9 restarts=0"},
	} {
		live, ready, body := health(tc.st, now, dataMap)
		if live != tc.live || ready != tc.ready || body != tc.body {
			t.Errorf("%s: health = %d %d %q, want %d %d %q", tc.name, live, ready, body, tc.live, tc.ready, tc.body)
		}
	}
}

// The runner watches lethe's own topics for hanging transactions from the
// start: the data map is read back on assignment before it is written.
func TestRunnerWatchesOwnTopics(t *testing.T) {
	cfg := testConfig()
	w := newWorker(t, cfg)
	for _, topic := range []string{cfg.Topics.DataMap, cfg.Topics.Commands, cfg.Topics.DeadLetter} {
		if !slices.Contains(w.runnerCfg.OutputTopics, topic) {
			t.Errorf("RunnerConfig.OutputTopics %v lacks %s", w.runnerCfg.OutputTopics, topic)
		}
	}
	// and a topic created while it runs (a new table's sanitized topic)
	if err := w.ensureTopics(testCtx(t), kafka.TopicSpec{Name: "lethe.sanitized.new_table", Partitions: 1}); err != nil {
		t.Fatal(err)
	}
	if got := w.Runner().WatchedOutputs(); !slices.Contains(got, "lethe.sanitized.new_table") {
		t.Errorf("watched outputs %v lack the topic created later", got)
	}
}

// TestOutputTopicConfigs checks how lethe creates its own topics: the data
// map compacted, the commands kept for ever (a truncate's erase leaves no
// tombstone, so a holder rebuilding its copy must still find it).
func TestOutputTopicConfigs(t *testing.T) {
	cfg := testConfig()
	w := newWorker(t, cfg)
	rcs, err := kadm.NewClient(w.Admin()).DescribeTopicConfigs(testCtx(t), cfg.Topics.Commands, cfg.Topics.DataMap)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{cfg.Topics.Commands: {"retention.ms": "-1", "cleanup.policy": "delete"}, cfg.Topics.DataMap: {"cleanup.policy": "compact"}}
	for _, rc := range rcs {
		for k, v := range want[rc.Name] {
			got := ""
			for _, c := range rc.Configs {
				if c.Key == k {
					got = c.MaybeValue()
				}
			}
			if got != v {
				t.Errorf("%s: %s = %q, want %q", rc.Name, k, got, v)
			}
		}
	}
}

// A commands topic someone made compacted would keep only the last ERASE
// of each subject and the last REDACT of each table: refused at start-up
// (a review saw lethe start on one).
func TestCompactedCommandsTopicRefused(t *testing.T) {
	first := newWorker(t, testConfig())
	adm := kadm.NewClient(first.Admin())
	alter := []kadm.AlterConfig{{Op: kadm.SetConfig, Name: "cleanup.policy", Value: kadm.StringPtr("compact")}}
	if _, err := adm.AlterTopicConfigs(testCtx(t), alter, "lethe.commands"); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.Brokers, cfg.Group = first.Brokers(), "second"
	w, err := New(testCtx(t), cfg, zap.NewNop())
	if err == nil {
		w.Close()
		t.Fatal("a worker started on a compacted commands topic")
	}
	if !strings.Contains(err.Error(), `topic lethe.commands exists with cleanup.policy="compact" but must not be compacted`) {
		t.Errorf("error %q does not say what is wrong", err)
	}
}

// A worker that cannot read the data map back for partitions it was just
// given must not run batches over them (its data map would start from
// nothing and overwrite the topic's): batches fail, and run once it can.
func TestBatchesWaitForTheDataMapRestore(t *testing.T) {
	cfg := testConfig()
	w := newWorker(t, cfg)
	adm := kadm.NewClient(w.Admin())
	if _, err := adm.DeleteTopics(testCtx(t), cfg.Topics.DataMap); err != nil {
		t.Fatal(err)
	}
	w.assigned(testCtx(t), map[string][]int32{"crm.public.customers": {0}})
	in := []pipeline.Message{{Topic: "crm.public.customers", Key: []byte(`{"customer_id":1}`),
		Value: []byte(`{"op":"c","after":{"customer_id":1},"source":{"schema":"public","table":"customers"}}`), Timestamp: time.Now()}}
	if _, err := (workerHandler{w}).Handle(testCtx(t), in, nil); err == nil || !strings.Contains(err.Error(), "not restored yet") {
		t.Fatalf("Handle with the data map unreadable: err = %v, want the batch failed", err)
	}
	if err := kafka.EnsureTopics(testCtx(t), adm, w.compactedSpec(cfg.Topics.DataMap)); err != nil {
		t.Fatal(err)
	}
	if _, err := (workerHandler{w}).Handle(testCtx(t), in, nil); err != nil {
		t.Fatalf("Handle once the data map is readable: %v", err)
	}
}

// TestPolicyMinScoreBelowTheScannersDefault lowers the policy's min_score
// under the scanner's own default (0.4): a date with no birth context
// (score 0.3) must then be redacted. The scanner once kept its default, so
// any min_score below 0.4 silently behaved as 0.4.
func TestPolicyMinScoreBelowTheScannersDefault(t *testing.T) {
	for _, tt := range []struct {
		minScore string
		redacted bool
	}{{"0.5", false}, {"0.3", true}} {
		t.Run(tt.minScore, func(t *testing.T) {
			yaml := strings.Replace(policy.DefaultYAML, "\nmin_score: 0.5\n", "\nmin_score: "+tt.minScore+"\n", 1)
			if !strings.Contains(yaml, "min_score: "+tt.minScore) {
				t.Fatal("the default policy no longer sets min_score: 0.5")
			}
			cfg := testConfig()
			cfg.Policy = filepath.Join(t.TempDir(), "policy.yaml")
			if err := os.WriteFile(cfg.Policy, []byte(yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			w := newWorker(t, cfg)
			const date = "1985-03-12"
			in := pipeline.Message{Topic: "crm.public.remarks", Key: []byte(`{"id":1}`), Timestamp: time.UnixMilli(1700000000000),
				Value: []byte(`{"op":"c","source":{"schema":"public","table":"remarks","ts_ms":1700000000000},"after":{"id":1,"remark":"` + date + `"}}`)}
			out, err := w.engine.Handle(testCtx(t), []pipeline.Message{in}, nil)
			if err != nil {
				t.Fatal(err)
			}
			o := onlyOn(t, out, "lethe.sanitized.remarks")
			if got := bytes.Contains(o.Value, []byte(date)); got == tt.redacted {
				t.Errorf("min_score %s: date kept raw = %v, want %v: %s", tt.minScore, got, !tt.redacted, o.Value)
			}
		})
	}
}

// inputs.unavailable_value_placeholder reaches the engine: the connector's
// own placeholder goes out as it came, Debezium's default is then a value.
func TestWorkerUnavailableValuePlaceholder(t *testing.T) {
	cfg := testConfig()
	cfg.Inputs.UnavailableValuePlaceholder = "<not sent>"
	w := newWorker(t, cfg)
	in := func(offset int64, email string) pipeline.Message {
		return pipeline.Message{Topic: "crm.public.customers", Offset: offset, Key: []byte(`{"id":1}`), Timestamp: time.UnixMilli(1700000000000),
			Value: []byte(`{"op":"u","source":{"schema":"public","table":"customers","ts_ms":1700000000000},"after":{"id":1,"email":"` + email + `"}}`)}
	}
	out, err := w.engine.Handle(testCtx(t), []pipeline.Message{in(0, "<not sent>"), in(1, pipeline.UnavailableValue)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range out {
		if o.Topic == "lethe.sanitized.customers" {
			var env struct{ After struct{ Email string } }
			if err := json.Unmarshal(o.Value, &env); err != nil {
				t.Fatal(err)
			}
			got = append(got, env.After.Email)
		}
	}
	if len(got) != 2 || got[0] != "<not sent>" || got[1] == pipeline.UnavailableValue {
		t.Errorf("sanitized e-mails %q: want the connector's placeholder as it came and the default replaced", got)
	}
}

// inputs.legacy_charset reaches the decoder: the Windows-1250 text of a
// bytea column (Debezium JSON with its schema, bytes as base64) is read
// with its Polish letters, and the name in it is found and replaced; read
// as Windows-1252 ("£ukasz Œliwiñski") it was not.
func TestWorkerLegacyCharset(t *testing.T) {
	note := base64.StdEncoding.EncodeToString([]byte("Rozmowa z klientem: \xa3ukasz \x8cliwi\xf1ski dzwoni\xb3 w pi\xb9tek."))
	value := `{"schema":{"type":"struct","fields":[{"type":"struct","field":"after","fields":[{"type":"int32","field":"id"},{"type":"bytes","field":"notatka"}]},{"type":"string","field":"op"}]},` +
		`"payload":{"op":"c","source":{"schema":"public","table":"tickets","ts_ms":1700000000000},"after":{"id":1,"notatka":"` + note + `"}}}`
	sanitized := func(label string) string {
		cfg := testConfig()
		cfg.Inputs.LegacyCharset = label
		w := newWorker(t, cfg)
		out, err := w.engine.Handle(testCtx(t), []pipeline.Message{{Topic: "crm.public.tickets", Key: []byte(`{"id":1}`), Value: []byte(value), Timestamp: time.UnixMilli(1700000000000)}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range out {
			if o.Topic == "lethe.sanitized.tickets" {
				var env struct{ After struct{ Notatka string } }
				if err := json.Unmarshal(o.Value, &env); err != nil {
					t.Fatal(err)
				}
				return env.After.Notatka
			}
		}
		t.Fatalf("%s: no sanitized record in %d outputs", label, len(out))
		return ""
	}
	got := sanitized("windows-1250")
	if !strings.Contains(got, "Rozmowa z klientem") || !strings.Contains(got, "w piątek") || strings.Contains(got, "ukasz") || strings.Contains(got, "liwi") {
		t.Errorf("Windows-1250: the note went out as %q: want its text in Polish letters, the name replaced", got)
	}
}

// Input topics of two tables of one name, in two schemas or from two CDC
// sources, under a policy whose topics name neither, are refused when
// outputs are prepared: their sanitized records would share one compacted
// topic.
func TestTablesOfOneNameRefused(t *testing.T) {
	for _, pair := range [][2]string{{"crm.public.customers", "crm.legacy.customers"}, {"crm.public.orders", "erp.public.orders"}} {
		cfg := testConfig()
		cfg.Inputs.Regex = `^(crm|erp)\.[^.]+\.[^.]+$`
		w := newWorker(t, cfg)
		adm := kadm.NewClient(w.Admin())
		if _, err := adm.CreateTopics(testCtx(t), 1, 1, nil, pair[0], pair[1]); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) { // until the broker lists them
			if l, err := adm.ListTopics(testCtx(t)); err == nil && l.Has(pair[0]) && l.Has(pair[1]) {
				break
			} else if time.Now().After(deadline) {
				t.Fatalf("the new topics are not listed: %v", err)
			}
		}
		err := w.PrepareOutputs(testCtx(t))
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Key != "policy" || !strings.Contains(err.Error(), "{schema} or {prefix}") ||
			!strings.Contains(err.Error(), pair[0]) || !strings.Contains(err.Error(), pair[1]) {
			t.Fatalf("PrepareOutputs with %v: %v, want a policy error naming both inputs and the fix", pair, err)
		}
	}
}

// A recipient topic that inputs.regex would select makes lethe read its own
// output: refused at start-up even before any CDC topic exists.
func TestOutputTheInputsWouldReadRefused(t *testing.T) {
	pol := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(pol, []byte("version: p\nrecipients: {default: {topic: \"{prefix}.sanitized.{table}\"}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.Policy = pol // inputs: the default regex, ^crm\.[^.]+\.[^.]+$
	_, err := New(testCtx(t), cfg, zap.NewNop())
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Key != "policy" || !strings.Contains(err.Error(), `"crm.sanitized.lethe_probe", which the inputs also read`) {
		t.Fatalf("New: %v, want the recipient's topic refused", err)
	}
}

// An output topic the inputs' regex selects, which no start-up probe could
// foresee (a regex without a literal start), fails the batch that would
// write it, before anything is written.
func TestOutputTheInputsReadFailsTheBatch(t *testing.T) {
	cfg := testConfig()
	cfg.Inputs.Regex = `(?i)^crm\.`
	w := newWorker(t, cfg)
	written := 0
	emit := w.withTopics(testCtx(t), func(out []pipeline.Output) error { written += len(out); return nil })
	err := emit([]pipeline.Output{{Topic: "crm.public.customers_sanitized", Key: []byte("k"), Value: []byte("{}")}})
	var ce *ConfigError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "lethe would read its own output") || written != 0 {
		t.Fatalf("emit: %v (%d written), want the batch failed before writing", err, written)
	}
	if err := emit([]pipeline.Output{{Topic: "lethe.sanitized.customers", Key: []byte("k"), Value: []byte("{}")}}); err != nil || written != 1 {
		t.Fatalf("an output the inputs do not read: %v (%d written)", err, written)
	}
}

// Policy rules about tables no input topic carries are named when outputs
// are prepared, and only once inputs exist: a typo in a subject key would
// otherwise leave every ERASE of the table without its subject, silently.
func TestUnmatchedRulesWarned(t *testing.T) {
	pol := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(pol, []byte("version: p\nsubject_keys: {customers: customer_id, custmers: customer_id}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	core, logs := observer.New(zap.WarnLevel)
	cfg := testConfig()
	cfg.Policy = pol
	w, err := New(testCtx(t), cfg, zap.New(core))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	warned := func() []string {
		var rules []string
		for _, e := range logs.FilterMessageSnippet("no input topic carries").All() {
			for _, f := range e.Context {
				if f.Key == "rules" {
					rules = append(rules, fmt.Sprint(f.Interface))
				}
			}
		}
		return rules
	}
	if got := warned(); len(got) != 0 {
		t.Fatalf("warned with no input topics: %q", got)
	}
	adm := kadm.NewClient(w.Admin())
	createListed(t, adm, "crm.public.customers")
	if err := w.PrepareOutputs(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if got := warned(); len(got) != 1 || got[0] != "[subject_keys.custmers]" {
		t.Fatalf("warned rules %q, want only subject_keys.custmers", got)
	}
}

// A topic whose name holds more dots than prefix.schema.table (a table's
// name with a dot) does not say its table: outputs are not made from a
// guess, nor refused for one. rvf.public.Gr__e.Ma_ is table "Größe.Maß",
// not table Ma_ of schema Gr__e.
func TestDottedTableTopicsAreNotGuessed(t *testing.T) {
	cfg := testConfig()
	cfg.Inputs.Regex = `^rvf\.`
	w := newWorker(t, cfg)
	adm := kadm.NewClient(w.Admin())
	topics := []string{"rvf.public.Gr__e.Ma_", "rvf.public.Ma_"}
	if _, err := adm.CreateTopics(testCtx(t), 1, 1, nil, topics...); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if l, err := adm.ListTopics(testCtx(t)); err == nil && l.Has(topics[0]) && l.Has(topics[1]) {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("the new topics are not listed: %v", err)
		}
	}
	if err := w.PrepareOutputs(testCtx(t)); err != nil {
		t.Fatalf("PrepareOutputs: %v, want no refusal from a guess at the dotted topic's table", err)
	}
	fresh := kafkatest.Client(t, w.Brokers()) // kadm caches metadata
	l, err := kadm.NewClient(fresh).ListTopics(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if !l.Has("lethe.sanitized.Ma_") || l.Has("lethe.sanitized.Gr__e.Ma_") {
		t.Errorf("sanitized topics made: %v; want only lethe.sanitized.Ma_ (the plain name's)", l.Names())
	}
}

// An input whose table's output topic is one of lethe's own (a recipient's
// "lethe.{table}" and a table named commands) does not stop the worker at
// start-up: its records are dead-lettered, and the commands topic is left
// as it is (a review found start-up refused, advising to compact it).
func TestInputWhoseOutputIsLethesOwnTopic(t *testing.T) {
	dir := t.TempDir()
	pol := filepath.Join(dir, "p.yaml")
	if err := os.WriteFile(pol, []byte("version: x\nrecipients: {default: {topic: \"lethe.{table}\"}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.Policy = pol
	w := newWorker(t, cfg)
	adm := kadm.NewClient(w.Admin())
	topics := []string{"crm.public.commands", "crm.public.deadletter", "crm.public.customers"}
	if _, err := adm.CreateTopics(testCtx(t), 1, 1, nil, topics...); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if l, err := adm.ListTopics(testCtx(t)); err == nil && l.Has(topics[0]) && l.Has(topics[1]) && l.Has(topics[2]) {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("the new topics are not listed: %v", err)
		}
	}
	if err := w.PrepareOutputs(testCtx(t)); err != nil {
		t.Fatalf("PrepareOutputs: %v", err)
	}
	rc, err := adm.DescribeTopicConfigs(testCtx(t), "lethe.commands")
	if err != nil {
		t.Fatal(err)
	}
	cfgs, err := rc.On("lethe.commands", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cfgs.Configs {
		if c.Key == "cleanup.policy" && c.MaybeValue() != "delete" {
			t.Errorf("lethe.commands cleanup.policy %q, want delete", c.MaybeValue())
		}
	}
}

// Two recipients whose templates meet for an input's table are refused at
// start-up, naming both: each would overwrite the other's records under its
// own actions. Identical templates are refused with the policy already.
func TestRecipientsMeetingOnATopicRefused(t *testing.T) {
	dir := t.TempDir()
	pol := filepath.Join(dir, "p.yaml")
	if err := os.WriteFile(pol, []byte("version: x\nrecipients:\n  a: {topic: \"lethe.{prefix}.{table}\"}\n  b: {topic: \"lethe.crm.{table}\", default: drop}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.Policy = pol
	w := newWorker(t, cfg)
	createListed(t, kadm.NewClient(w.Admin()), "crm.public.people")
	err := w.PrepareOutputs(testCtx(t))
	var ce *ConfigError
	if !errors.As(err, &ce) || !strings.Contains(ce.Problem, "recipients a and b would both write input crm.public.people to topic \"lethe.crm.people\"") {
		t.Fatalf("PrepareOutputs: %v, want both recipients and the topic named", err)
	}
}

// One template writing the tables of two inputs to one topic is refused at
// start-up, naming both inputs and the way out: their records' keys would
// overwrite each other under compaction, and an ERASE of one would hit the
// other.
func TestTwoInputsOnOneTopicRefused(t *testing.T) {
	cfg := testConfig()
	cfg.Inputs.Regex = `^crm\.[^.]+\.[^.]+$`
	w := newWorker(t, cfg)
	adm := kadm.NewClient(w.Admin())
	createListed(t, adm, "crm.public.people")
	createListed(t, adm, "crm.sales.people")
	err := w.PrepareOutputs(testCtx(t))
	var ce *ConfigError
	if !errors.As(err, &ce) || !strings.Contains(ce.Problem, "would write the tables of inputs crm.public.people and crm.sales.people to one topic \"lethe.sanitized.people\"") ||
		!strings.Contains(ce.Problem, "{schema}") {
		t.Fatalf("PrepareOutputs: %v, want both inputs, the topic and {schema} named", err)
	}
}

// createListed creates an input topic and waits until a broker lists it.
func createListed(t *testing.T, adm *kadm.Client, topic string) {
	t.Helper()
	if _, err := adm.CreateTopics(testCtx(t), 1, 1, nil, topic); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if l, err := kafka.ListTopics(testCtx(t), adm); err == nil && l.Has(topic) {
			return
		} else if time.Now().After(deadline) {
			t.Fatalf("topic %s is not listed: %v", topic, err)
		}
	}
}

// A worker whose inputs match no topic says so while it runs: a review's
// CDC topics had another prefix than the regex's, and lethe idled,
// healthy, without a word. Once a topic matches, it does not.
func TestNoInputTopicWarned(t *testing.T) {
	defer func(d time.Duration) { noInputsAfter = d }(noInputsAfter)
	noInputsAfter = 0
	for _, exists := range []bool{false, true} {
		core, logs := observer.New(zap.WarnLevel)
		cfg := testConfig()
		cfg.Inputs.Regex, cfg.Inputs.Topics = `^nomatch\.[^.]+\.[^.]+$`, nil
		w, err := New(testCtx(t), cfg, zap.New(core))
		if err != nil {
			t.Fatal(err)
		}
		if exists {
			adm := kadm.NewClient(w.Admin())
			createListed(t, adm, "nomatch.public.customers")
			// franz-go serves metadata from its cache for a few seconds
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
				if l, err := adm.ListTopics(testCtx(t)); err == nil && l.Has("nomatch.public.customers") {
					break
				}
			}
		}
		ctx, cancel := context.WithTimeout(testCtx(t), 2*time.Second)
		_ = w.Run(ctx)
		cancel()
		w.Close()
		if n := logs.FilterMessageSnippet("no input topic exists").Len(); n != map[bool]int{false: 1, true: 0}[exists] {
			t.Errorf("input topic exists %v: %d warnings of none", exists, n)
		}
	}
}

// An input topic of inputs.topics that does not exist is named in a
// warning and gets no output topic: a review's typo (crm.public.custmers)
// made an empty lethe.sanitized.custmers at once, without a word.
func TestMissingInputTopicsWarned(t *testing.T) {
	core, logs := observer.New(zap.WarnLevel)
	cfg := testConfig()
	cfg.Inputs.Regex, cfg.Inputs.Topics = "", []string{"crm.public.customers", "crm.public.custmers"}
	w, err := New(testCtx(t), cfg, zap.New(core))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	adm := kadm.NewClient(w.Admin())
	check := func(step string, wantMissing []string, wantOutputs map[string]bool) {
		t.Helper()
		var entries []observer.LoggedEntry
		for _, e := range logs.TakeAll() {
			if strings.Contains(e.Message, "do not exist") {
				entries = append(entries, e)
			}
		}
		if len(entries) != 1 || fmt.Sprint(entries[0].ContextMap()["topics"]) != fmt.Sprint(wantMissing) {
			t.Errorf("%s: warnings %v, want one naming %v", step, entries, wantMissing)
		}
		// franz-go serves metadata from its cache for a few seconds:
		// wait for the topics that must be there, then look at the others.
		var listed kadm.TopicDetails
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			var err error
			if listed, err = adm.ListTopics(testCtx(t)); err != nil {
				t.Fatal(err)
			}
			all := true
			for topic, want := range wantOutputs {
				all = all && (!want || listed.Has(topic))
			}
			if all || time.Now().After(deadline) {
				break
			}
		}
		for topic, want := range wantOutputs {
			if listed.Has(topic) != want {
				t.Errorf("%s: topic %s exists %v, want %v", step, topic, !want, want)
			}
		}
	}
	check("no input exists", []string{"crm.public.customers", "crm.public.custmers"},
		map[string]bool{"lethe.sanitized.customers": false, "lethe.sanitized.custmers": false})
	createListed(t, adm, "crm.public.customers")
	if err := w.PrepareOutputs(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	check("one input exists", []string{"crm.public.custmers"},
		map[string]bool{"lethe.sanitized.customers": true, "lethe.sanitized.custmers": false})
}

// The demo's worker creates the CRM topics itself, before it looks for its
// inputs: created after, they were warned of as missing and their
// sanitized topics made only on their first records.
func TestDemoInputsCreatedBeforeOutputs(t *testing.T) {
	core, logs := observer.New(zap.WarnLevel)
	cfg := testConfig()
	cfg.UnderPrefix("lethe-demo", "lethe-demo")
	cfg.CreateDemoInputs()
	w, err := New(testCtx(t), cfg, zap.New(core))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	if warned := logs.FilterMessageSnippet("do not exist").Len(); warned != 0 {
		t.Errorf("%d warnings that the demo's own inputs do not exist", warned)
	}
	listed, err := kadm.NewClient(w.Admin()).ListTopics(kadm.WithAuthorizedOps(testCtx(t)))
	if err != nil {
		t.Fatal(err)
	}
	for _, topic := range []string{"lethe-demo.public.customers", "lethe-demo.sanitized.customers"} {
		if !listed.Has(topic) {
			t.Errorf("%s not made at start: %v", topic, listed.Names())
		}
	}
}

// PrepareOutputs sees an input created a moment ago by another client: a
// topic listing from the admin client's metadata cache (kadm's, five
// seconds) did not, and made no sanitized topic for it.
func TestPrepareOutputsSeesNewInputs(t *testing.T) {
	w := newWorker(t, testConfig())
	other := kafkatest.Client(t, w.Brokers())
	adm := kadm.NewClient(w.Admin())
	if _, err := adm.ListTopics(testCtx(t)); err != nil { // fills the cache
		t.Fatal(err)
	}
	if _, err := kadm.NewClient(other).CreateTopics(testCtx(t), 1, 1, nil, "crm.public.customers"); err != nil {
		t.Fatal(err)
	}
	if err := w.PrepareOutputs(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	listed, err := kadm.NewClient(other).ListTopics(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if !listed.Has("lethe.sanitized.customers") {
		t.Errorf("no sanitized topic for an input made just before PrepareOutputs: %v", listed.Names())
	}
}

// A data map that holds more columns for one input partition than
// max_partition_columns (written under a higher bound) is read back whole
// when a worker starts: it runs, records of the columns the map holds go
// on, and records with new columns are dead-lettered with the bound. What
// the docs tell an operator to shrink it works: tombstones for the data
// map keys of a table's columns, and a restart, leave room for new ones.
func TestDataMapOverThePartitionBound(t *testing.T) {
	const topic = "crm.public.mixed"
	cfg := testConfig()
	cfg.MaxPartitionColumns = 12
	first := newWorker(t, cfg)
	adm := kadm.NewClient(first.Admin())
	createListed(t, adm, topic)
	cl := kafkatest.Client(t, first.Brokers())
	off := 0
	rec := func(table string, cols ...string) *kgo.Record {
		off++
		after := map[string]any{"id": off}
		for _, c := range cols {
			after[c] = "x"
		}
		v, err := json.Marshal(map[string]any{"op": "c", "after": after, "source": map[string]any{"schema": "public", "table": table}})
		if err != nil {
			t.Fatal(err)
		}
		return &kgo.Record{Topic: topic, Key: fmt.Appendf(nil, `{"id":%d}`, off), Value: v}
	}
	// 12 columns: tbl_1's id and a to e, tbl_2's.
	in := []*kgo.Record{rec("tbl_1", "a", "b", "c", "d", "e"), rec("tbl_2", "a", "b", "c", "d", "e")}
	feedWithoutAborts(t, first, cl, in)

	// restart runs a worker of max_partition_columns 8 on in and returns
	// the dead letters' reasons so far, by input, and whether it warned of
	// a full data map.
	restart := func(in ...*kgo.Record) (map[string]string, bool) {
		t.Helper()
		c := testConfig()
		c.Brokers, c.MaxPartitionColumns = first.Brokers(), 8
		core, logs := observer.New(zapcore.WarnLevel)
		w, err := New(testCtx(t), c, zap.New(core))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(w.Close)
		feedWithoutAborts(t, w, cl, in)
		reasons := map[string]string{}
		for _, r := range readAll(t, first.Brokers(), func(s string) bool { return s == c.Topics.DeadLetter }) {
			reasons[string(r.Key)] = header(r, pipeline.HeaderReason)
		}
		full := logs.FilterMessageSnippet("the data map of an input partition is full").FilterField(zap.String("partition", topic+"/0")).Len() > 0
		return reasons, full
	}
	at := func(r *kgo.Record) string { return fmt.Sprintf("%s/0/%d", topic, r.Offset) }
	known, wider, other := rec("tbl_1", "a", "b", "c", "d", "e"), rec("tbl_1", "a", "f"), rec("tbl_3", "a")
	reasons, full := restart(known, wider, other)
	if !full {
		t.Error("a worker that read back a data map over max_partition_columns did not say so")
	}
	if r, ok := reasons[at(known)]; ok {
		t.Errorf("a record of columns the data map holds was dead-lettered: %s", r)
	}
	for _, r := range []*kgo.Record{wider, other} {
		if !strings.Contains(reasons[at(r)], "more than max_partition_columns (8)") {
			t.Errorf("record %d: reason %q, want the max_partition_columns reason", r.Offset, reasons[at(r)])
		}
	}
	// Tombstones for tbl_2's entries take it out of the data map.
	for _, r := range readAll(t, first.Brokers(), func(s string) bool { return s == cfg.Topics.DataMap }) {
		if strings.HasPrefix(string(r.Key), "public.tbl_2|") {
			if err := cl.ProduceSync(testCtx(t), &kgo.Record{Topic: cfg.Topics.DataMap, Key: r.Key}).FirstErr(); err != nil {
				t.Fatal(err)
			}
		}
	}
	again := rec("tbl_3", "a")
	reasons, full = restart(again)
	if r, ok := reasons[at(again)]; ok || full {
		t.Errorf("a new column within the bound of the shrunk data map was dead-lettered (%q), or the map said to be full (%v)", r, full)
	}
}

// A partition the group took from a worker and gave back without the
// worker hearing of the revoke (GroupTransactSession passes on only the
// first revoke until End) must be read back from the data map topic as a
// partition the worker never held: the state it kept, with the open
// transaction's observations in it, is older than what the partition's
// owner meanwhile wrote. Before, the restore kept the stale column states
// whose evidence reached further than the topic's records, and the abort
// of the open transaction then took those back or deleted columns it had
// created: the worker wrote counts without the other owner's inputs over
// the topic's.
func TestPartitionGivenBackUnrevokedIsRestoredAfresh(t *testing.T) {
	const topic = "crm.public.customers"
	cfg := testConfig()
	a := newWorker(t, cfg)
	bcfg := testConfig()
	bcfg.Brokers, bcfg.Group = a.Brokers(), "other"
	b := newWorker(t, bcfg)
	cl := kafkatest.Client(t, a.Brokers())
	msg := func(off int64, cols string) pipeline.Message {
		return pipeline.Message{Topic: topic, Offset: off, Key: fmt.Appendf(nil, `{"customer_id":%d}`, off), Timestamp: time.UnixMilli(1700000000000 + off),
			Value: fmt.Appendf(nil, `{"op":"c","source":{"schema":"public","table":"customers","ts_ms":%d},"after":{"customer_id":%d%s}}`, 1700000000000+off, off, cols)}
	}
	const email, phone = `,"email":"a@example.com"`, `,"email":"a@example.com","phone":"+49 30 1234567"`
	// handle runs a batch on w and returns its data map records, by key.
	handle := func(w *Worker, in ...pipeline.Message) map[string]pipeline.MapRecord {
		t.Helper()
		out, err := (workerHandler{w}).Handle(testCtx(t), in, nil)
		if err != nil {
			t.Fatal(err)
		}
		recs := map[string]pipeline.MapRecord{}
		for _, o := range out {
			if o.Topic == cfg.Topics.DataMap {
				var r pipeline.MapRecord
				if err := json.Unmarshal(o.Value, &r); err != nil {
					t.Fatal(err)
				}
				recs[string(o.Key)] = r
			}
		}
		return recs
	}
	// commit writes what a committed batch wrote to the data map topic.
	commit := func(w *Worker, recs map[string]pipeline.MapRecord) {
		t.Helper()
		(workerHandler{w}).Committed()
		for k, r := range recs {
			v, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if err := cl.ProduceSync(testCtx(t), &kgo.Record{Topic: cfg.Topics.DataMap, Key: []byte(k), Value: v}).FirstErr(); err != nil {
				t.Fatal(err)
			}
		}
	}
	part := map[string][]int32{topic: {0}}

	a.assigned(testCtx(t), part)
	commit(a, handle(a, msg(0, email)))
	// a's next transaction holds inputs 1 to 3, phone first seen among
	// them; the group meanwhile takes partition 0 from a, unsaid (a second
	// revoke), and gives it to b, which commits inputs 1 and 2.
	handle(a, msg(1, phone), msg(2, phone), msg(3, phone))
	b.assigned(testCtx(t), part)
	commit(b, handle(b, msg(1, phone), msg(2, phone)))
	// The partition comes back to a before its transaction ends, aborted
	// by the first revoke; a goes on from b's committed offset.
	a.assigned(testCtx(t), part)
	(workerHandler{a}).Aborted()
	got := handle(a, msg(3, phone))
	for col, want := range map[string]int64{"email": 4, "phone": 3} {
		key := "public.customers|" + col + "|" + topic + "|0"
		r, ok := got[key]
		if !ok {
			t.Fatalf("no data map record for %s among %v", key, slices.Collect(maps.Keys(got)))
		}
		if r.Entry.Seen != want {
			t.Errorf("%s: %d values seen, want %d (inputs 0 to 3, b's among them)", col, r.Entry.Seen, want)
		}
	}
}

// A partition revoked before its data map could be read back leaves
// nothing to wait for: batches of the partitions the worker has read back
// run, also while the data map topic cannot be read. Before, revoked left
// an empty set of the topic's unrestored partitions behind, and every
// batch read the whole data map again, failing while it could not.
func TestRevokedUnrestoredPartitionHoldsNoBatch(t *testing.T) {
	cfg := testConfig()
	w := newWorker(t, cfg)
	w.assigned(testCtx(t), map[string][]int32{"crm.public.customers": {0}})
	adm := kadm.NewClient(w.Admin())
	if _, err := adm.DeleteTopics(testCtx(t), cfg.Topics.DataMap); err != nil {
		t.Fatal(err)
	}
	w.assigned(testCtx(t), map[string][]int32{"crm.public.orders": {0}})
	w.revoked(testCtx(t), map[string][]int32{"crm.public.orders": {0}})
	in := []pipeline.Message{{Topic: "crm.public.customers", Key: []byte(`{"customer_id":1}`),
		Value: []byte(`{"op":"c","after":{"customer_id":1},"source":{"schema":"public","table":"customers"}}`), Timestamp: time.Now()}}
	if _, err := (workerHandler{w}).Handle(testCtx(t), in, nil); err != nil {
		t.Fatalf("Handle of a partition read back, the one not read back revoked: %v", err)
	}
}

// Partitions added to the data map topic send a column's new records to
// another partition than its old ones, which compaction never removes: a
// worker taking the input partition over must read back the newest, in
// whichever order the partitions come (here the two records of each column
// lie in partitions 0 and 2, the one from the later batch in either), and
// say that it found keys in two partitions. Before, the restore kept the
// record of the partition read last: with the older record in partition 0,
// b restored the first batch's counts (2 values, where 3 were committed)
// and wrote 3 values seen for the partition's 4 inputs.
func TestDataMapKeyInTwoPartitionsRestoresTheNewest(t *testing.T) {
	const topic = "crm.public.customers"
	msg := func(off int64) pipeline.Message {
		return pipeline.Message{Topic: topic, Offset: off, Key: fmt.Appendf(nil, `{"customer_id":%d}`, off), Timestamp: time.UnixMilli(1700000000000 + off),
			Value: fmt.Appendf(nil, `{"op":"c","source":{"schema":"public","table":"customers","ts_ms":%d},"after":{"customer_id":%d,"email":"a%d@example.com"}}`, 1700000000000+off, off, off)}
	}
	part := map[string][]int32{topic: {0}}
	for name, parts := range map[string][2]int32{"older in the lower partition": {0, 2}, "older in the higher partition": {2, 0}} {
		t.Run(name, func(t *testing.T) {
			cfg := testConfig()
			a := newWorker(t, cfg)
			cl := kafkatest.Client(t, a.Brokers(), kgo.RecordPartitioner(kgo.ManualPartitioner()))
			// batch runs w on in and writes its data map records to
			// partition p of the data map topic, as the transaction
			// that commits would (from a worker whose producer knew
			// another partition count, for the older ones).
			batch := func(w *Worker, p int32, in ...pipeline.Message) map[string]pipeline.MapRecord {
				t.Helper()
				out, err := (workerHandler{w}).Handle(testCtx(t), in, nil)
				if err != nil {
					t.Fatal(err)
				}
				(workerHandler{w}).Committed()
				recs := map[string]pipeline.MapRecord{}
				for _, o := range out {
					if o.Topic != cfg.Topics.DataMap {
						continue
					}
					var r pipeline.MapRecord
					if err := json.Unmarshal(o.Value, &r); err != nil {
						t.Fatal(err)
					}
					recs[string(o.Key)] = r
					if err := cl.ProduceSync(testCtx(t), &kgo.Record{Topic: cfg.Topics.DataMap, Partition: p, Key: o.Key, Value: o.Value}).FirstErr(); err != nil {
						t.Fatal(err)
					}
				}
				return recs
			}
			a.assigned(testCtx(t), part)
			batch(a, parts[0], msg(0), msg(1))
			batch(a, parts[1], msg(2))

			bcfg := testConfig()
			bcfg.Brokers, bcfg.Group = a.Brokers(), "other"
			core, logs := observer.New(zapcore.WarnLevel)
			b, err := New(testCtx(t), bcfg, zap.New(core))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(b.Close)
			b.assigned(testCtx(t), part)
			got := batch(b, 1, msg(3))
			for _, col := range []string{"customer_id", "email"} {
				key := "public.customers|" + col + "|" + topic + "|0"
				r, ok := got[key]
				if !ok {
					t.Fatalf("no data map record for %s among %v", key, slices.Collect(maps.Keys(got)))
				}
				if r.Entry.Seen != 4 || r.NextOffset != 4 {
					t.Errorf("%s: %d values seen, next_offset %d; want 4 and 4 (inputs 0 to 3)", col, r.Entry.Seen, r.NextOffset)
				}
			}
			if logs.FilterMessageSnippet("found in more than one partition").FilterField(zap.Int("keys", 2)).Len() != 1 {
				t.Errorf("no warning of the 2 keys found in two partitions: %v", logs.All())
			}
			// read back again (a rebalance): the same keys are no news
			b.assigned(testCtx(t), part)
			if n := logs.FilterMessageSnippet("found in more than one partition").Len(); n != 1 {
				t.Errorf("%d warnings of the split keys after a second restore, want the first only", n)
			}
		})
	}
}

// A data map topic an operator made before lethe with cleanup.policy
// compact,delete (a template for state topics) passes as compacted, but
// Kafka also deletes its segments by age: the entry of a column without
// events for retention.ms (7 days by default) would leave the record of
// processing, and a worker restoring it would start the column's counts
// and verdicts afresh. Its retention is raised to for ever, as the
// commands topic's is; a topic that only compacts is left as it is.
func TestDataMapTopicKeptForEver(t *testing.T) {
	for _, tc := range []struct{ policy, want string }{
		{"compact,delete", "-1"},
		{"compact", "604800000"}, // not used by Kafka without delete
	} {
		t.Run(tc.policy, func(t *testing.T) {
			e, err := kafka.StartEmbedded(kafka.EmbeddedConfig{Listen: "127.0.0.1:0"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = e.Close() })
			cfg := testConfig()
			cfg.Brokers = []string{e.Addr()}
			cl := kafkatest.Client(t, []string{e.Addr()})
			adm := kadm.NewClient(cl)
			if _, err := adm.CreateTopic(testCtx(t), 3, -1, map[string]*string{"cleanup.policy": kadm.StringPtr(tc.policy), "retention.ms": kadm.StringPtr("604800000")}, cfg.Topics.DataMap); err != nil {
				t.Fatal(err)
			}
			newWorker(t, cfg)
			rcs, err := adm.DescribeTopicConfigs(testCtx(t), cfg.Topics.DataMap)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			for _, c := range rcs[0].Configs {
				if c.Key == "retention.ms" {
					got = c.MaybeValue()
				}
			}
			if got != tc.want {
				t.Errorf("retention.ms of a data map topic made %s: %q, want %q", tc.policy, got, tc.want)
			}
		})
	}
}

// Topics lethe creates with three replicas take a write only when two hold
// it; with fewer replicas lethe sets nothing, and a topic the operator made
// before keeps its own setting.
func TestReplicatedTopicsNeedTwoInSync(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(3), kfake.Ports(0, 0, 0), kfake.DefaultNumPartitions(3))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	cl := kafkatest.Client(t, c.ListenAddrs())
	adm := kadm.NewClient(cl)
	cfg := testConfig()
	cfg.Brokers, cfg.HTTP.Addr = c.ListenAddrs(), ""
	cfg.Topics.Replication = 3
	// The operator's choice for the dead letters, made before lethe.
	if _, err := adm.CreateTopic(testCtx(t), 3, 3, map[string]*string{"min.insync.replicas": kadm.StringPtr("3")}, cfg.Topics.DeadLetter); err != nil {
		t.Fatal(err)
	}
	w := newWorker(t, cfg)
	if err := w.PrepareOutputs(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{cfg.Topics.Commands: "2", cfg.Topics.DataMap: "2", cfg.Topics.DeadLetter: "3"}
	rcs, err := adm.DescribeTopicConfigs(testCtx(t), slices.Collect(maps.Keys(want))...)
	if err != nil {
		t.Fatal(err)
	}
	for _, rc := range rcs {
		got := ""
		for _, c := range rc.Configs {
			if c.Key == "min.insync.replicas" {
				got = c.MaybeValue()
			}
		}
		if got != want[rc.Name] {
			t.Errorf("%s: min.insync.replicas %q, want %q", rc.Name, got, want[rc.Name])
		}
	}

	if s := withMinInSync(kafka.TopicSpec{Name: "x", Replication: 2}); s.Configs["min.insync.replicas"] != "" {
		t.Errorf("two replicas: min.insync.replicas %q, want none set (one down would stop every write)", s.Configs["min.insync.replicas"])
	}
	shared := map[string]string{"cleanup.policy": "compact"}
	if s := withMinInSync(kafka.TopicSpec{Name: "x", Replication: 3, Configs: shared}); s.Configs["min.insync.replicas"] != "2" || len(shared) != 1 {
		t.Errorf("three replicas: %v, the spec's own map %v; want 2 set on a copy", s.Configs, shared)
	}
}
