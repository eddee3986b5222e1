package downstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	segkafka "github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumtest"
	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/kafka/kafkatest"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/schemas"
)

const (
	sanTopic = "lethe.sanitized.customers"
	cmdTopic = "lethe.commands"
)

func startBroker(t *testing.T) []string {
	t.Helper()
	brokers := []string{kafkatest.Broker(t, kafka.EmbeddedConfig{Partitions: 3}).Addr()}
	cl := kafkatest.Client(t, brokers)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := kafka.EnsureTopics(ctx, kadm.NewClient(cl),
		kafka.TopicSpec{Name: sanTopic, Partitions: 3}, kafka.TopicSpec{Name: cmdTopic, Partitions: 3}); err != nil {
		t.Fatalf("create topics: %v", err)
	}
	return brokers
}

// rec is a record the test writes, in lethe's output shape.
type rec struct {
	topic, key string
	value      []byte // nil: tombstone
	noHeader   bool
	input      string // the lethe.input header; "" for the next offset of crm.public.customers/0
}

// inputs counts the inputs of crm.public.customers/0 the records
// produceTxn writes came from: a key's changes come in their offsets' order.
var inputs atomic.Int64

// t0 is the time the tests' small times count from (2023-11-14): lethe and
// the Mirror take times before the year 2000 for none.
const t0 = 1_700_000_000_000

// since is t0 plus ms, or 0 (no time) for 0.
func since(ms int64) int64 {
	if ms == 0 {
		return 0
	}
	return t0 + ms
}

func envOf(op string, tsMs int64) []byte {
	return fmt.Appendf(nil, `{"before":null,"after":{"customer_id":"pk"},"source":{"schema":"public","table":"customers","ts_ms":%d},"op":%q,"ts_ms":%d,"lethe":{"policy":"p","recipient":"default"}}`, since(tsMs), op, since(tsMs))
}

func command(typ, key string, issued int64, topics ...string) []byte {
	// lethe's ids are a hash of the input's position, the type and the
	// column: distinct for distinct commands.
	c := Command{ID: fmt.Sprintf("cmd_%s_%s_%d", typ, key, issued), Type: typ, IssuedAt: time.UnixMilli(since(issued)).UTC(), Table: "public.customers", RecordKey: key, Topics: topics}
	switch {
	case typ == "REDACT": // column-wide, as lethe writes it
		c.RecordKey, c.Fields = "", []string{"customer_id"}
	case key == "":
		c.Reason = ReasonTruncate
	default:
		c.Reason = ReasonDelete
	}
	b, _ := json.Marshal(c)
	return b
}

// produceTxn writes recs in one transaction and commits or aborts it, as
// lethe's exactly-once runner does.
func produceTxn(t *testing.T, brokers []string, txnID string, commit bool, recs ...rec) {
	t.Helper()
	cl := kafkatest.Client(t, brokers, kgo.TransactionalID(txnID), kgo.RecordPartitioner(kgo.StickyKeyPartitioner(nil)))
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := cl.BeginTransaction(); err != nil {
		t.Fatalf("begin transaction: %v", err)
	}
	for i, r := range recs {
		kr := &kgo.Record{Topic: r.topic, Key: []byte(r.key), Value: r.value}
		if !r.noHeader {
			input := fmt.Sprintf("crm.public.customers/0/%d", inputs.Add(1))
			if r.input != "" {
				input = r.input
			}
			kr.Headers = []kgo.RecordHeader{{Key: HeaderInput, Value: []byte(input)}}
		}
		if err := cl.ProduceSync(ctx, kr).FirstErr(); err != nil {
			t.Fatalf("produce record %d to %s: %v", i, r.topic, err)
		}
	}
	if err := cl.EndTransaction(ctx, kgo.TransactionEndTry(commit)); err != nil {
		t.Fatalf("end transaction (commit=%v): %v", commit, err)
	}
}

func newMirror(t *testing.T, brokers []string) *Mirror {
	t.Helper()
	m, err := NewMirror(Config{Brokers: brokers, Topic: sanTopic, IdleTimeout: 30 * time.Second}) // generous: the machine may be loaded
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMirrorCatchUp(t *testing.T) {
	brokers := startBroker(t)
	const k1, k2, k3, k4, k5, k6 = `{"customer_id":"a"}`, `{"customer_id":"b"}`, `{"customer_id":"c"}`, `{"customer_id":"d"}`, `{"customer_id":"e"}`, `{"customer_id":"f"}`
	produceTxn(t, brokers, "t1", true,
		rec{topic: sanTopic, key: k1, value: envOf("r", 1000)},
		rec{topic: sanTopic, key: k2, value: envOf("c", 1000)},
		rec{topic: sanTopic, key: k3, value: envOf("c", 1000)},
		rec{topic: sanTopic, key: k4, value: envOf("c", 1000)},
		rec{topic: sanTopic, key: k5, value: envOf("u", 3000)},
		rec{topic: sanTopic, key: k6, value: envOf("c", 1000)},
	)
	produceTxn(t, brokers, "t1", true,
		// k2 deleted: delete envelope, then tombstone, as Debezium does.
		rec{topic: sanTopic, key: k2, value: envOf("d", 2000)},
		rec{topic: sanTopic, key: k2},
		// k4: a tombstone alone also deletes.
		rec{topic: sanTopic, key: k4},
		// a record without lethe's header is not lethe's: skipped.
		rec{topic: sanTopic, key: `{"customer_id":"x"}`, value: envOf("c", 1000), noHeader: true},
		// k3 erased by command; k5 is newer than its erase; k1's erase is
		// for another topic; a REDACT of customer_id reaches k1 and k6 (k5
		// is newer).
		rec{topic: cmdTopic, key: "s3", value: command("ERASE", k3, 2000, sanTopic)},
		rec{topic: cmdTopic, key: "s5", value: command("ERASE", k5, 2000, sanTopic)},
		rec{topic: cmdTopic, key: "s1", value: command("ERASE", k1, 2000, "lethe.sanitized.orders")},
		rec{topic: cmdTopic, key: "s6", value: command("REDACT", k6, 2000, sanTopic)},
		// an erase of an already deleted key is a no-op.
		rec{topic: cmdTopic, key: "s2", value: command("ERASE", k2, 2000, sanTopic)},
	)
	m := newMirror(t, brokers)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := m.CatchUp(ctx); err != nil {
		t.Fatalf("CatchUp: %v", err)
	}
	want := []string{k1, k5, k6}
	if got := m.Keys(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("keys after CatchUp = %v, want %v", got, want)
	}
	r, _ := m.Get(k5)
	if r.Input == "" || r.EventTime.UnixMilli() != since(3000) {
		t.Errorf("record %s: input %q, event time %d ms, want an input and %d", k5, r.Input, r.EventTime.UnixMilli(), since(3000))
	}
	for key, redacted := range map[string]bool{k1: true, k6: true, k5: false} {
		r, _ := m.Get(key)
		if got := strings.Contains(string(r.Value), `"customer_id":null`); got != redacted {
			t.Errorf("record %s redacted = %v, want %v", key, got, redacted)
		}
	}
	st := m.Stats()
	// 6 stored; deletes: k2 (delete envelope) and k4 (tombstone); the k2
	// tombstone and erase find nothing. Commands: 4 for this topic, one
	// erased, two or three redacted (k3 too when the REDACT, on another
	// partition of the commands topic, is read before k3's ERASE).
	if st.Records != 6 || st.Deletes != 2 || st.Commands != 4 || st.Erased != 1 || st.Redacted < 2 || st.Redacted > 3 {
		t.Errorf("stats = %+v, want Records 6, Deletes 2, Commands 4, Erased 1, Redacted 2 or 3", st)
	}
	// Each transaction leaves one marker per partition it wrote; kafka-go
	// hands them out as records, the mirror skips them with the header-less
	// record and the command for another topic.
	if st.Skipped < 2 {
		t.Errorf("skipped = %d, want at least 2 (header-less record, foreign command)", st.Skipped)
	}

	// At-least-once: applying everything again changes nothing.
	if err := m.CatchUp(ctx); err != nil {
		t.Fatalf("second CatchUp: %v", err)
	}
	if got := m.Keys(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("keys after second CatchUp = %v, want %v", got, want)
	}
}

func TestMirrorTableWideErase(t *testing.T) {
	brokers := startBroker(t)
	produceTxn(t, brokers, "t1", true,
		rec{topic: sanTopic, key: "k1", value: envOf("r", 1000)},
		rec{topic: sanTopic, key: "k2", value: envOf("c", 1500)},
		rec{topic: sanTopic, key: "k3", value: envOf("c", 5000)}, // inserted after the truncate
		rec{topic: cmdTopic, key: "", value: command("ERASE", "", 2000, sanTopic)},
	)
	m := newMirror(t, brokers)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := m.CatchUp(ctx); err != nil {
		t.Fatalf("CatchUp: %v", err)
	}
	if got := m.Keys(); fmt.Sprint(got) != "[k3]" {
		t.Fatalf("keys after a table-wide erase = %v, want [k3]", got)
	}
	if st := m.Stats(); st.Erased != 2 {
		t.Errorf("erased = %d, want 2", st.Erased)
	}
}

// TestKafkaGoIssue1332AbortedRecordsVisible pins kafka-go's missing
// read_committed filtering (segmentio/kafka-go#1332): records of an aborted
// transaction below the last stable offset reach the application. When this
// test fails, kafka-go filters them: update the package comment.
func TestKafkaGoIssue1332AbortedRecordsVisible(t *testing.T) {
	brokers := startBroker(t)
	produceTxn(t, brokers, "t1", false, rec{topic: sanTopic, key: "aborted", value: envOf("c", 1000)})
	produceTxn(t, brokers, "t1", true, rec{topic: sanTopic, key: "committed", value: envOf("c", 1000)})
	m := newMirror(t, brokers)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := m.CatchUp(ctx); err != nil {
		t.Fatalf("CatchUp: %v", err)
	}
	if _, ok := m.Get("committed"); !ok {
		t.Fatalf("committed record missing; keys %v", m.Keys())
	}
	_, aborted := m.Get("aborted")
	t.Logf("kafka-go delivered the aborted record: %v (keys %v)", aborted, m.Keys())
	if !aborted {
		t.Errorf("the aborted record was filtered: kafka-go (or the broker) now honours read_committed below the LSO; update the package comment")
	}
}

// A lethe worker that loses its partitions in a rebalance goes on writing
// the batch it had begun until it ends it, aborted (franz-go's
// GroupTransactSession lets the rebalance finish rather than block it),
// while its successor reads the same inputs again and commits their
// outputs and newer ones: the aborted outputs can follow the committed
// ones in the partition, and kafka-go hands them out. They must not take
// a key back to an older change: a review saw a row deleted and inserted
// again lost by the Mirror (the aborted copies of its old record and its
// delete came last), and an updated row go back to its old value.
func TestMirrorAbortedOutputsAfterNewerOnes(t *testing.T) {
	brokers := startBroker(t)
	const src = "crm.public.customers/0/"
	const again, updated = `{"customer_id":"a"}`, `{"customer_id":"b"}`
	v1, v2 := envOf("c", 1000), envOf("u", 3000)
	// The successor's committed outputs of inputs 12 to 25.
	produceTxn(t, brokers, "successor", true,
		rec{topic: sanTopic, key: again, value: envOf("c", 1000), input: src + "12"},
		rec{topic: sanTopic, key: updated, value: v1, input: src + "13"},
		rec{topic: sanTopic, key: again, value: envOf("d", 2000), input: src + "15"},
		rec{topic: sanTopic, key: again, input: src + "15"},
		rec{topic: cmdTopic, key: "s", value: commandFrom("ERASE", again, 2000, "crm.public.customers", 0, 15, 0), input: src + "15"},
		rec{topic: sanTopic, key: updated, value: v2, input: src + "18"},
		rec{topic: sanTopic, key: again, value: envOf("c", 4000), input: src + "25"},
	)
	// The fenced worker's outputs of inputs 12 to 15, aborted.
	produceTxn(t, brokers, "fenced", false,
		rec{topic: sanTopic, key: again, value: envOf("c", 1000), input: src + "12"},
		rec{topic: sanTopic, key: updated, value: v1, input: src + "13"},
		rec{topic: sanTopic, key: again, value: envOf("d", 2000), input: src + "15"},
		rec{topic: sanTopic, key: again, input: src + "15"},
	)
	m := newMirror(t, brokers)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := m.CatchUp(ctx); err != nil {
		t.Fatalf("CatchUp: %v", err)
	}
	if r, ok := m.Get(again); !ok || r.Input != src+"25" {
		t.Errorf("the row inserted again: held %t from %q, want it held from %s25", ok, r.Input, src)
	}
	if r, ok := m.Get(updated); !ok || string(r.Value) != string(v2) {
		t.Errorf("the updated row: held %t with %s, want its update %s", ok, r.Value, v2)
	}
}

func TestMirrorRunFollows(t *testing.T) {
	brokers := startBroker(t)
	m := newMirror(t, brokers)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stop := runMirror(ctx, t, cancel, m)
	produceTxn(t, brokers, "t1", true, rec{topic: sanTopic, key: "k1", value: envOf("c", 1000)}, rec{topic: sanTopic, key: "k2", value: envOf("c", 1000)})
	waitFor(t, func() bool { return m.Len() == 2 }, "two records mirrored")
	produceTxn(t, brokers, "t1", true, rec{topic: cmdTopic, key: "s", value: command("ERASE", "k1", 2000, sanTopic)})
	waitFor(t, func() bool { _, ok := m.Get("k1"); return !ok && m.Len() == 1 }, "k1 erased")
	stop(10 * time.Second)
}

// runMirror runs m in the background until ctx is done. stop cancels ctx
// and fails t unless Run returns the cancelled context's error within d.
func runMirror(ctx context.Context, t *testing.T, cancel context.CancelFunc, m *Mirror) (stop func(d time.Duration)) {
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	return func(d time.Duration) {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Run returned %v, want the cancelled context's error", err)
			}
		case <-time.After(d):
			t.Fatalf("Run did not return %v after its context was cancelled", d)
		}
	}
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after 20s waiting for: %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestNewMirrorValidates(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no brokers", Config{Topic: sanTopic}},
		{"no topic", Config{Brokers: []string{"localhost:9092"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewMirror(tt.cfg); err == nil {
				t.Fatalf("NewMirror(%s) succeeded, want an error", tt.name)
			}
		})
	}
}

func TestApplyRecordRejectsNonJSON(t *testing.T) {
	m, err := NewMirror(Config{Brokers: []string{"x:1"}, Topic: sanTopic})
	if err != nil {
		t.Fatal(err)
	}
	msg := segkafka.Message{Topic: sanTopic, Partition: 1, Offset: 7, Key: []byte("k"), Value: []byte("secret-not-json"),
		Headers: []segkafka.Header{{Key: HeaderInput, Value: []byte("t/0/1")}}}
	err = m.ApplyRecord(msg)
	if err == nil {
		t.Fatal("ApplyRecord accepted a non-JSON value")
	}
	if got := err.Error(); !strings.Contains(got, sanTopic+"/1/7") || strings.Contains(got, "secret") {
		t.Errorf("error %q should name the position and not echo the value", got)
	}
}

// msgOf builds a record as a reader hands it out, with lethe's headers.
func msgOf(topic, key string, value []byte, encoding string) segkafka.Message {
	h := []segkafka.Header{{Key: HeaderInput, Value: []byte("crm.public.customers/0/1")}}
	if encoding != "" {
		h = append(h, segkafka.Header{Key: HeaderEncoding, Value: []byte(encoding)})
	}
	return segkafka.Message{Topic: topic, Key: []byte(key), Value: value, Headers: h, Time: time.UnixMilli(since(9000))}
}

// Commands can be read before the records they concern (Run follows both
// topics at once; a truncate leaves no tombstones): the Mirror must apply
// them to records that arrive later, and only to records not newer.
//
// The same with Avro commands (lethe with a schema registry), which the
// Mirror decodes with the schema their id names, from the registry: a
// review found it could read none.
func TestMirrorCommandsBeforeRecords(t *testing.T) {
	for _, enc := range []string{"json", "avro"} {
		t.Run(enc, func(t *testing.T) { testMirrorCommandsBeforeRecords(t, enc) })
	}
}

func testMirrorCommandsBeforeRecords(t *testing.T, enc string) {
	cfg := Config{Brokers: []string{"unused:9092"}, Topic: sanTopic}
	encode := func(b []byte) []byte { return b }
	if enc == "avro" {
		var id uint32
		cfg.Registry, id = commandRegistry(t)
		encode = func(b []byte) []byte { return avroCommand(t, b, id) }
	}
	m, err := NewMirror(cfg)
	if err != nil {
		t.Fatal(err)
	}
	const k1, k2, k3 = `{"customer_id":"a"}`, `{"customer_id":"b"}`, `{"customer_id":"c"}`
	for _, c := range []segkafka.Message{
		msgOf(cmdTopic, "s1", encode(command("ERASE", k1, 2000, sanTopic)), enc),
		msgOf(cmdTopic, "", encode(command("REDACT", "", 2500, sanTopic)), enc),
		msgOf(cmdTopic, "", encode(command("ERASE", "", 1500, sanTopic)), enc), // a truncate
	} {
		if err := m.ApplyCommand(c); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []segkafka.Message{
		msgOf(sanTopic, k1, envOf("c", 1800), ""), // erased by its key's ERASE
		msgOf(sanTopic, k2, envOf("c", 1000), ""), // erased by the truncate
		msgOf(sanTopic, k3, envOf("c", 1800), ""), // after the truncate: kept, redacted
		msgOf(sanTopic, k1, envOf("u", 3000), ""), // newer than every command: kept as it is
	} {
		if err := m.ApplyRecord(r); err != nil {
			t.Fatal(err)
		}
	}
	if got := m.Keys(); fmt.Sprint(got) != fmt.Sprint([]string{k1, k3}) {
		t.Fatalf("keys = %v, want %v", got, []string{k1, k3})
	}
	r1, _ := m.Get(k1)
	r3, _ := m.Get(k3)
	if strings.Contains(string(r1.Value), `"customer_id":null`) || !strings.Contains(string(r3.Value), `"customer_id":null`) {
		t.Fatalf("redaction: %s kept %q, %s kept %q", k1, r1.Value, k3, r3.Value)
	}
	if st := m.Stats(); st.Erased != 2 || st.Redacted != 1 || st.Records != 2 {
		t.Fatalf("stats %+v, want Erased 2, Redacted 1, Records 2", st)
	}
}

// An Avro command (lethe with a schema registry) the Mirror cannot read, as
// it has no registry or the registry no such schema, stops it with its
// position: skipping it could leave data an ERASE says must go.
func TestMirrorRefusesAvroCommands(t *testing.T) {
	reg, id := commandRegistry(t)
	valid := avroCommand(t, command("ERASE", `{"customer_id":"a"}`, 2000, sanTopic), id)
	unknown := slices.Clone(valid)
	unknown[4]++ // another schema id
	for _, c := range []struct {
		name, registry string
		value          []byte
		want           string
	}{
		{"no registry", "", valid, "set Config.Registry"},
		{"unknown schema id", reg, unknown, "404"},
		{"not framed", reg, []byte{1, 2, 3}, "wire format"},
		{"cut short", reg, valid[:len(valid)-3], "not Avro"},
	} {
		m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic, Registry: c.registry})
		if err != nil {
			t.Fatal(err)
		}
		err = m.ApplyCommand(msgOf(cmdTopic, "s", c.value, "avro"))
		if err == nil || !strings.Contains(err.Error(), "Avro") || !strings.Contains(err.Error(), cmdTopic+"/0/0") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want an error naming the Avro command's position and %q", c.name, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "customer_id") {
			t.Errorf("%s: the error quotes the command: %v", c.name, err)
		}
	}
}

// A command declaring more topics than it has bytes is refused like any
// command the Mirror cannot read, before goavro sizes a slice by the
// count: a review's command of a dozen bytes declaring some 2^31 items
// made goavro ask for 32 GiB and killed the Mirror, at every restart. Here the count is 2^23,
// 128 MiB to goavro, which the test can afford if the check is missing;
// TestCheckAvroRefuses gives the check the 2^31.
func TestMirrorAvroHugeBlockCount(t *testing.T) {
	reg, id := commandRegistry(t)
	m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic, Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	const k1, k2 = `{"customer_id":"a"}`, `{"customer_id":"b"}`
	if err := m.ApplyRecord(msgOf(sanTopic, k1, envOf("c", 1000), "")); err != nil {
		t.Fatal(err)
	}
	// The schema is fetched here, not while allocations are counted.
	if err := m.ApplyCommand(msgOf(cmdTopic, "s", avroCommand(t, command("ERASE", k2, 2000, sanTopic), id), "avro")); err != nil {
		t.Fatal(err)
	}
	crafted := cat(schemas.Frame(id, nil), commandHead, zz(1<<23))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err = m.ApplyCommand(msgOf(cmdTopic, "s", crafted, "avro"))
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), cmdTopic+"/0/0: Avro command: not Avro") || !strings.Contains(err.Error(), "block count") {
		t.Fatalf("err = %v, want the crafted command refused as not Avro, for its block count, with its position", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("refusing a %d-byte command allocated %d MiB", len(crafted), alloc>>20)
	}
	// The Mirror goes on: the next command is applied.
	if err := m.ApplyCommand(msgOf(cmdTopic, "s", avroCommand(t, command("ERASE", k1, 2000, sanTopic), id), "avro")); err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Get(k1); ok {
		t.Fatal("the ERASE after the crafted command was not applied")
	}
	if st := m.Stats(); st.Commands != 2 || st.Erased != 1 {
		t.Fatalf("stats %+v, want Commands 2, Erased 1", st)
	}
}

// commandRegistry starts a schema registry holding lethe's command schema
// and returns its URL and the schema's id.
func commandRegistry(t *testing.T) (string, uint32) {
	t.Helper()
	reg, cl := debeziumtest.Registry(t)
	ss, err := cl.CreateSchema(context.Background(), cmdTopic+"-value", sr.Schema{Schema: schemas.CommandAvsc})
	if err != nil {
		t.Fatal(err)
	}
	return reg.URL(), uint32(ss.ID)
}

// avroCommand is the JSON command j as lethe writes it in Avro.
func avroCommand(t *testing.T, j []byte, id uint32) []byte {
	t.Helper()
	var c pipeline.Command
	if err := json.Unmarshal(j, &c); err != nil {
		t.Fatal(err)
	}
	b, _, err := schemas.AvroCommands{SchemaID: id}.Encode(&c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A record without any event time is not taken for erased when no truncate
// was ever read.
func TestMirrorZeroEventTime(t *testing.T) {
	m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic})
	if err != nil {
		t.Fatal(err)
	}
	r := msgOf(sanTopic, `{"customer_id":"a"}`, envOf("c", 0), "")
	r.Time = time.Time{}
	if err := m.ApplyRecord(r); err != nil {
		t.Fatal(err)
	}
	if m.Len() != 1 || m.Stats().Erased != 0 {
		t.Fatalf("len %d, stats %+v: want the record kept", m.Len(), m.Stats())
	}
}

// at is msgOf for a record or command whose input was at pos
// ("topic/partition/offset").
func at(msg segkafka.Message, pos string) segkafka.Message {
	msg.Headers = slices.Clone(msg.Headers)
	msg.Headers[0].Value = []byte(pos)
	return msg
}

// commandFrom is command with the source position and LSN of the change
// that caused it.
func commandFrom(typ, key string, issued int64, topic string, partition int32, offset, lsn int64) []byte {
	var c Command
	_ = json.Unmarshal(command(typ, key, issued, sanTopic), &c)
	c.Source.Topic, c.Source.Partition, c.Source.Offset, c.Source.LSN = topic, partition, offset, lsn
	b, _ := json.Marshal(c)
	return b
}

// envAt is envOf with a source.lsn.
func envAt(op string, tsMs, lsn int64) []byte {
	return fmt.Appendf(nil, `{"before":null,"after":{"customer_id":"pk"},"source":{"schema":"public","table":"customers","ts_ms":%d,"lsn":%d},"op":%q,"ts_ms":%d,"lethe":{"policy":"p","recipient":"default"}}`, since(tsMs), lsn, op, since(tsMs))
}

// The changes of one transaction share its commit time: a key deleted and
// inserted again in one transaction (an ORM's "replace"), or a table
// truncated and loaded again, must keep what was inserted after the ERASE,
// whichever topic the Mirror reads first. Changes it cannot order are
// erased: keeping data an ERASE named is the worse mistake.
func TestMirrorSameTransaction(t *testing.T) {
	const k = `{"customer_id":"a"}`
	const src = "crm.public.customers"
	type step struct {
		msg     segkafka.Message
		command bool
	}
	rec := func(v []byte, pos string) step { return step{at(msgOf(sanTopic, k, v, ""), pos), false} }
	cmd := func(v []byte) step { return step{at(msgOf(cmdTopic, "s", v, "json"), src+"/0/2"), true} }
	for _, tc := range []struct {
		name  string
		steps []step
		kept  bool
	}{
		{"key re-inserted after its delete, same partition", []step{
			rec(envOf("c", 1000), src+"/0/1"), rec(envOf("d", 2000), src+"/0/2"), {at(msgOf(sanTopic, k, nil, ""), src+"/0/2"), false},
			rec(envOf("c", 2000), src+"/0/3"), cmd(commandFrom("ERASE", k, 2000, src, 0, 2, 0))}, true},
		{"an update before the delete, same partition", []step{
			rec(envOf("u", 2000), src+"/0/1"), cmd(commandFrom("ERASE", k, 2000, src, 0, 2, 0))}, false},
		{"table loaded again after its truncate, by LSN", []step{
			rec(envAt("c", 3000, 600), src+"/1/4"), cmd(commandFrom("ERASE", "", 3000, src, 2, 9, 500))}, true},
		{"a row inserted before the truncate, by LSN", []step{
			rec(envAt("c", 3000, 400), src+"/1/4"), cmd(commandFrom("ERASE", "", 3000, src, 2, 9, 500))}, false},
		{"no LSN, another partition: cannot be ordered", []step{
			rec(envOf("c", 3000), src+"/1/4"), cmd(commandFrom("ERASE", "", 3000, src, 2, 9, 0))}, false},
		{"an older transaction on another partition, whatever the LSN", []step{
			rec(envAt("c", 2999, 900), src+"/1/10"), cmd(commandFrom("ERASE", "", 3000, src, 2, 9, 500))}, false},
		// A source restored from a backup, or sending its snapshot
		// again, writes older times and positions after newer ones: in
		// one partition, its order is the offsets'.
		{"key inserted again after its delete, with an older time and LSN", []step{
			rec(envAt("c", 1000, 100), src+"/0/5"), cmd(commandFrom("ERASE", k, 2000, src, 0, 2, 500))}, true},
		{"key written before its delete, with a newer time and LSN", []step{
			rec(envAt("c", 3000, 900), src+"/0/1"), cmd(commandFrom("ERASE", k, 2000, src, 0, 2, 500))}, false},
	} {
		for _, commandsFirst := range []bool{false, true} {
			m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic})
			if err != nil {
				t.Fatal(err)
			}
			var recs, cmds []segkafka.Message
			for _, st := range tc.steps {
				if st.command {
					cmds = append(cmds, st.msg)
				} else {
					recs = append(recs, st.msg)
				}
			}
			apply := func(msgs []segkafka.Message, f func(segkafka.Message) error) {
				for _, msg := range msgs {
					if err := f(msg); err != nil {
						t.Fatal(err)
					}
				}
			}
			if commandsFirst {
				apply(cmds, m.ApplyCommand)
			}
			apply(recs, m.ApplyRecord)
			if !commandsFirst {
				apply(cmds, m.ApplyCommand)
			}
			if _, ok := m.Get(k); ok != tc.kept {
				t.Errorf("%s (commands first %t): record held %t, want %t", tc.name, commandsFirst, ok, tc.kept)
			}
		}
	}
}

// Errors name positions, never values: encoding/json's own messages quote
// the values they could not take.
func TestMirrorErrorsNameNoValues(t *testing.T) {
	m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		apply func(segkafka.Message) error
		msg   segkafka.Message
	}{
		{m.ApplyCommand, msgOf(cmdTopic, "s", []byte(`{"id":"x","type":"ERASE","issued_at":"Erika Mustermann","topics":["`+sanTopic+`"]}`), "json")},
		{m.ApplyCommand, msgOf(cmdTopic, "s", []byte(`{"id":"x","type":"ERASE","record_key":4915112345678,"topics":[]}`), "json")},
		{m.ApplyRecord, msgOf(sanTopic, "k", []byte(`{"op":"c","ts_ms":4915112345678.5}`), "")},
		{m.ApplyRecord, msgOf(sanTopic, "k", []byte(`{"op":"c","ts_ms":"Erika"}`), "")},
		{m.ApplyRecord, msgOf(sanTopic, "k", []byte(`{"op":"Erika Mustermann`), "")},
	} {
		err := tc.apply(tc.msg)
		if err == nil {
			t.Fatalf("%s accepted", tc.msg.Value)
		}
		if msg := err.Error(); strings.Contains(msg, "Erika") || strings.Contains(msg, "4915112345678") || !strings.Contains(msg, tc.msg.Topic+"/") {
			t.Errorf("error %q echoes a value or names no position", msg)
		}
	}
}

// A command read twice (a second CatchUp, a redelivery) is applied once.
func TestMirrorRepeatedCommands(t *testing.T) {
	m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic})
	if err != nil {
		t.Fatal(err)
	}
	redact := msgOf(cmdTopic, "t", command("REDACT", "", 2000, sanTopic), "json")
	for range 3 {
		if err := m.ApplyCommand(redact); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.ApplyRecord(msgOf(sanTopic, "k", envOf("c", 1000), "")); err != nil {
		t.Fatal(err)
	}
	if st := m.Stats(); st.Commands != 1 || st.Repeated != 2 || st.Redacted != 1 {
		t.Fatalf("stats %+v, want Commands 1, Repeated 2, Redacted 1", st)
	}
}

// lethe gives a REDACT the column's last-seen time as its issued_at, which
// depends on the batch's bounds: a batch aborted (a fenced worker) and
// retried with other bounds writes the same id with another issued_at, and
// kafka-go hands out both. Whichever the Mirror reads first, it must cover
// what the committed one covers; a review found the later one skipped as
// Repeated, leaving a record of another source partition unredacted.
func TestMirrorRedactRepeatedWithAnotherIssuedAt(t *testing.T) {
	const src = "crm.public.customers"
	redactAt := func(issued int64) segkafka.Message {
		var c Command
		_ = json.Unmarshal(commandFrom("REDACT", "", issued, src, 0, 120, 0), &c)
		c.ID = "cmd_redact_customer_id" // the same input found the column personal
		v, _ := json.Marshal(c)
		return msgOf(cmdTopic, "public.customers", v, "json")
	}
	aborted, committed := redactAt(2000), redactAt(3000)
	// A record of another source partition, seen between the two times.
	record := at(msgOf(sanTopic, "k", envOf("c", 2500), ""), src+"/1/7")
	for _, tc := range []struct {
		name  string
		order []segkafka.Message
	}{
		{"aborted first", []segkafka.Message{aborted, committed, record}},
		{"committed first", []segkafka.Message{committed, aborted, record}},
		{"record first, aborted first", []segkafka.Message{record, aborted, committed}},
	} {
		m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic})
		if err != nil {
			t.Fatal(err)
		}
		for _, msg := range tc.order {
			apply := m.ApplyCommand
			if msg.Topic == sanTopic {
				apply = m.ApplyRecord
			}
			if err := apply(msg); err != nil {
				t.Fatal(err)
			}
		}
		if r, _ := m.Get("k"); !strings.Contains(string(r.Value), `"customer_id":null`) {
			t.Errorf("%s: the record seen before the committed REDACT's issued_at was not redacted: %s", tc.name, r.Value)
		}
		// The same command read again is still applied once.
		if err := m.ApplyCommand(committed); err != nil {
			t.Fatal(err)
		}
		if st := m.Stats(); st.Repeated != 1 {
			t.Errorf("%s: repeated %d, want 1 (the committed REDACT read again)", tc.name, st.Repeated)
		}
	}
}

// A command for the topic that the Mirror does not carry out is counted and
// reported, not skipped in silence.
func TestMirrorUnhandledCommands(t *testing.T) {
	var reported []string
	m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic,
		OnUnhandled: func(pos, typ string) { reported = append(reported, pos+" "+typ) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []segkafka.Message{
		msgOf(cmdTopic, "s", command("RESTRICT", "k", 2000, sanTopic), "json"),
		msgOf(cmdTopic, "s", command("FORGET_EVERYTHING", "k", 2000, sanTopic), "json"),
		msgOf(cmdTopic, "s", command("RESTRICT", "k", 2000, "lethe.sanitized.orders"), "json"), // not ours
	} {
		c.Partition, c.Offset = 2, 17
		if err := m.ApplyCommand(c); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{cmdTopic + "/2/17 RESTRICT", cmdTopic + "/2/17 FORGET_EVERYTHING"}
	if st := m.Stats(); st.Unhandled != 2 || st.Skipped != 1 || fmt.Sprint(reported) != fmt.Sprint(want) {
		t.Fatalf("stats %+v, reported %q; want Unhandled 2, Skipped 1, reported %q", st, reported, want)
	}
}

// A command the Mirror does not carry out reaches a person once, however
// often it is read: ExampleMirror's CatchUp and then Run read every command
// twice, and a review saw each RESTRICT alerted twice per start.
func TestMirrorUnhandledToldOnce(t *testing.T) {
	var reported []string
	m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic,
		OnUnhandled: func(pos, typ string) { reported = append(reported, pos+" "+typ) }})
	if err != nil {
		t.Fatal(err)
	}
	restrict := msgOf(cmdTopic, "s", command("RESTRICT", "k", 2000, sanTopic), "json")
	for range 2 {
		if err := m.ApplyCommand(restrict); err != nil {
			t.Fatal(err)
		}
	}
	if st := m.Stats(); st.Unhandled != 1 || st.Repeated != 1 || len(reported) != 1 {
		t.Fatalf("stats %+v, reported %q; want Unhandled 1, Repeated 1, reported once", st, reported)
	}
}

// A REDACT without fields concerns the whole record (schemas/command.avsc:
// "empty means the whole record"): the Mirror cannot null what it was not
// named, so a person decides, rather than the Mirror counting it as applied
// and changing nothing, as a review found.
func TestMirrorRedactWithoutFields(t *testing.T) {
	var reported []string
	m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic,
		OnUnhandled: func(_, typ string) { reported = append(reported, typ) }})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.ApplyRecord(msgOf(sanTopic, "k", envOf("c", 1000), "")); err != nil {
		t.Fatal(err)
	}
	var c Command
	_ = json.Unmarshal(command("REDACT", "", 2000, sanTopic), &c)
	c.Fields = []string{}
	v, _ := json.Marshal(c)
	if err := m.ApplyCommand(msgOf(cmdTopic, "public.customers", v, "json")); err != nil {
		t.Fatal(err)
	}
	if st := m.Stats(); st.Unhandled != 1 || st.Redacted != 0 || fmt.Sprint(reported) != "[REDACT without fields]" {
		t.Fatalf("stats %+v, reported %q; want it Unhandled and reported, nothing Redacted", st, reported)
	}
}

// An ERASE without a record key is table-wide only for a truncate (a
// review saw one of a delete wipe the Mirror's whole table). One of a
// delete names a row of a table without a primary key, which never
// reached the sanitized topic: nothing to do while the Mirror holds no
// record, and for a person to decide once it holds some (the table lost
// its key); one of a reason this Mirror does not know goes to a person.
func TestMirrorKeylessEraseOfADelete(t *testing.T) {
	m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic})
	if err != nil {
		t.Fatal(err)
	}
	var reported []string
	m.cfg.OnUnhandled = func(_, typ string) { reported = append(reported, typ) }
	withReason := func(reason string, issued int64) []byte {
		var c Command
		_ = json.Unmarshal(command("ERASE", "", issued, sanTopic), &c)
		c.ID, c.Reason = fmt.Sprintf("cmd_%s_%d", reason, issued), reason
		b, _ := json.Marshal(c)
		return b
	}
	apply := func(v []byte) {
		if err := m.ApplyCommand(msgOf(cmdTopic, "", v, "json")); err != nil {
			t.Fatal(err)
		}
	}
	apply(withReason(ReasonDelete, 500))
	if st := m.Stats(); st.Unhandled != 0 || len(reported) != 0 {
		t.Errorf("a keyless delete's ERASE with nothing held: unhandled %d, reported %q; want nothing", st.Unhandled, reported)
	}
	for _, k := range []string{"k1", "k2", "k3"} {
		if err := m.ApplyRecord(msgOf(sanTopic, k, envOf("c", 1000), "")); err != nil {
			t.Fatal(err)
		}
	}
	apply(withReason(ReasonDelete, 2000))
	apply(withReason("retention_expired", 2001))
	if m.Len() != 3 {
		t.Errorf("%d records left, want 3: a keyless ERASE other than a truncate's erased records", m.Len())
	}
	if st := m.Stats(); st.Unhandled != 2 || fmt.Sprint(reported) != "[ERASE crm_delete ERASE retention_expired]" {
		t.Errorf("unhandled %d, reported %q; want both reported", st.Unhandled, reported)
	}
	apply(withReason(ReasonTruncate, 2002))
	if m.Len() != 0 {
		t.Errorf("%d records left after a truncate's ERASE, want 0", m.Len())
	}
}

// A keyless delete's ERASE is told to a person whichever the Mirror reads
// first, the ERASE or a record it may concern (a review found it silent
// when the ERASE came first), and once.
func TestMirrorKeylessEraseInEitherOrder(t *testing.T) {
	var c Command
	_ = json.Unmarshal(command("ERASE", "", 2000, sanTopic), &c)
	c.Reason = ReasonDelete
	erase, _ := json.Marshal(c)
	for _, commandFirst := range []bool{true, false} {
		m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic})
		if err != nil {
			t.Fatal(err)
		}
		var reported []string
		m.cfg.OnUnhandled = func(_, typ string) { reported = append(reported, typ) }
		steps := []func() error{
			func() error { return m.ApplyCommand(msgOf(cmdTopic, "", erase, "json")) },
			func() error { return m.ApplyRecord(msgOf(sanTopic, "k1", envOf("c", 1000), "")) },
			func() error { return m.ApplyRecord(msgOf(sanTopic, "k2", envOf("c", 1500), "")) },
			func() error { return m.ApplyRecord(msgOf(sanTopic, "k3", envOf("c", 3000), "")) }, // newer: not concerned
		}
		if !commandFirst {
			steps = append(steps[1:], steps[0])
		}
		for _, step := range steps {
			if err := step(); err != nil {
				t.Fatal(err)
			}
		}
		if m.Len() != 3 || fmt.Sprint(reported) != "[ERASE crm_delete]" || m.Stats().Unhandled != 1 {
			t.Errorf("command first %v: %d held, reported %q, unhandled %d; want 3 held and the ERASE told once",
				commandFirst, m.Len(), reported, m.Stats().Unhandled)
		}
	}
}

// A Mirror of a table without a key reads an ERASE per delete and no
// records: it remembers one per source partition, not all (a review kept
// 100,000 and every record then cost a millisecond).
func TestMirrorKeylessErasesBounded(t *testing.T) {
	const src = "crm.public.customers"
	m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic})
	if err != nil {
		t.Fatal(err)
	}
	var reported int
	m.cfg.OnUnhandled = func(string, string) { reported++ }
	for i := range 1000 {
		var c Command
		_ = json.Unmarshal(commandFrom("ERASE", "", int64(1000+i), src, int32(i%2), int64(i), 0), &c)
		c.ID, c.Reason = fmt.Sprintf("cmd_%d", i), ReasonDelete
		v, _ := json.Marshal(c)
		if err := m.ApplyCommand(msgOf(cmdTopic, "", v, "json")); err != nil {
			t.Fatal(err)
		}
	}
	if len(m.keyless) != 2 {
		t.Errorf("%d keyless ERASEs remembered, want one per source partition (2)", len(m.keyless))
	}
	if err := m.ApplyRecord(at(msgOf(sanTopic, "k", envOf("c", 1500), ""), src+"/0/7")); err != nil {
		t.Fatal(err)
	}
	if err := m.ApplyRecord(at(msgOf(sanTopic, "k2", envOf("c", 1200), ""), src+"/0/8")); err != nil {
		t.Fatal(err)
	}
	if reported != 2 || len(m.keyless) != 0 {
		t.Errorf("told %d times, %d still remembered; want each partition's told once and forgotten", reported, len(m.keyless))
	}
}

// Truncates of one partition and a record of another are applied alike in
// every order: a review found one order (A, B, the record) keeping a row
// the others erased, when B came later in the partition with an older
// time (a restored database) and replaced A as the one remembered.
func TestMirrorTruncatesInEveryOrder(t *testing.T) {
	const src = "crm.public.customers"
	const k = `{"customer_id":"a"}`
	a := msgOf(cmdTopic, "", commandFrom("ERASE", "", 3000, src, 0, 100, 0), "json")
	b := msgOf(cmdTopic, "", commandFrom("ERASE", "", 1000, src, 0, 200, 0), "json")
	var cb Command
	_ = json.Unmarshal(b.Value, &cb)
	cb.ID = "cmd_b" // another command than a
	b.Value, _ = json.Marshal(cb)
	rec := at(msgOf(sanTopic, k, envOf("c", 2000), ""), src+"/1/7")
	for _, order := range []string{"ABr", "ArB", "rAB", "BAr", "BrA", "rBA"} {
		m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic})
		if err != nil {
			t.Fatal(err)
		}
		applyInOrder(t, m, order, a, b, rec)
		if _, held := m.Get(k); held {
			t.Errorf("order %s: the record is held; A (time 3000) covers it", order)
		}
	}
}

// A keyless delete's ERASE is told whichever order the Mirror reads it,
// a later one of its partition and a record of another partition in: as
// for truncates, keeping only the later one by offset lost A when B came
// later in the partition with an older time (a restored database), and a
// record of another partition between their times was never told.
func TestMirrorKeylessErasesInEveryOrder(t *testing.T) {
	const src = "crm.public.customers"
	keyless := func(id string, issued, offset int64) segkafka.Message {
		var c Command
		_ = json.Unmarshal(commandFrom("ERASE", "", issued, src, 0, offset, 0), &c)
		c.ID, c.Reason = id, ReasonDelete
		v, _ := json.Marshal(c)
		return msgOf(cmdTopic, "", v, "json")
	}
	a, b := keyless("cmd_a", 3000, 100), keyless("cmd_b", 1000, 200)
	rec := at(msgOf(sanTopic, `{"customer_id":"a"}`, envOf("c", 2000), ""), src+"/1/7")
	for _, order := range []string{"ABr", "ArB", "rAB", "BAr", "BrA", "rBA"} {
		m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic})
		if err != nil {
			t.Fatal(err)
		}
		var told []string
		m.cfg.OnUnhandled = func(string, string) { told = append(told, order) }
		applyInOrder(t, m, order, a, b, rec)
		if len(told) != 1 {
			t.Errorf("order %s: told %d times, want once: A (time 3000) may concern the record", order, len(told))
		}
	}
}

// A record whose envelope times are outside lethe's bounds (the years
// 2000 and 9000: a time in seconds read as milliseconds falls in 1970) is
// ordered by its Kafka timestamp, as lethe orders it.
func TestMirrorImplausibleEventTime(t *testing.T) {
	for _, ms := range []int64{time.Date(9500, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), 1_700_000_000} {
		m, err := NewMirror(Config{Brokers: []string{"unused:9092"}, Topic: sanTopic})
		if err != nil {
			t.Fatal(err)
		}
		env := fmt.Appendf(nil, `{"before":null,"after":{"customer_id":"pk"},"source":{"ts_ms":%d},"op":"c","ts_ms":%d}`, ms, ms)
		r := msgOf(sanTopic, "k", env, "")
		r.Time = time.UnixMilli(since(5000))
		if err := m.ApplyRecord(r); err != nil {
			t.Fatal(err)
		}
		if got, _ := m.Get("k"); !got.EventTime.Equal(r.Time) {
			t.Fatalf("ts_ms %d: event time %s, want the Kafka timestamp %s", ms, got.EventTime, r.Time)
		}
		if err := m.ApplyCommand(msgOf(cmdTopic, "", command("ERASE", "", 4_000, sanTopic), "json")); err != nil {
			t.Fatal(err)
		}
		if m.Len() != 1 {
			t.Fatalf("ts_ms %d: a truncate before the record's Kafka timestamp erased it", ms)
		}
		if err := m.ApplyCommand(msgOf(cmdTopic, "", command("ERASE", "", 10_000, sanTopic), "json")); err != nil {
			t.Fatal(err)
		}
		if m.Len() != 0 {
			t.Fatalf("ts_ms %d: a truncate after the record's Kafka timestamp left it", ms)
		}
	}
}

// The metadata and offset lookups go through the configured Dialer, as the
// readers do: a cluster reachable only through it (TLS, SASL, a proxy)
// must work.
func TestMirrorDialerReachesMetadata(t *testing.T) {
	brokers := startBroker(t)
	produceTxn(t, brokers, "t1", true, rec{topic: sanTopic, key: "k1", value: envOf("c", 1000)})
	dialed := 0
	var mu sync.Mutex
	d := &segkafka.Dialer{Timeout: 5 * time.Second, DialFunc: func(ctx context.Context, network, _ string) (net.Conn, error) {
		mu.Lock()
		dialed++
		mu.Unlock()
		var nd net.Dialer
		return nd.DialContext(ctx, network, brokers[0])
	}}
	// The broker advertises its real address, which the DialFunc also
	// maps to itself.
	m, err := NewMirror(Config{Brokers: []string{"only-through-the-dialer.invalid:9092"}, Topic: sanTopic, IdleTimeout: 10 * time.Second, Dialer: d})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := m.CatchUp(ctx); err != nil {
		t.Fatalf("CatchUp through the Dialer: %v", err)
	}
	if _, ok := m.Get("k1"); !ok || dialed == 0 {
		t.Fatalf("record mirrored %t, dials %d", ok, dialed)
	}
}

// resolverFunc is a kafka-go Resolver.
type resolverFunc func(ctx context.Context, host string) ([]string, error)

func (f resolverFunc) LookupHost(ctx context.Context, host string) ([]string, error) {
	return f(ctx, host)
}

// The metadata and offset lookups resolve broker names with the Dialer's
// Resolver, as the readers do: a review saw CatchUp fail on a cluster the
// readers reached, whose names only the Resolver knew.
func TestMirrorDialerResolverReachesMetadata(t *testing.T) {
	brokers := startBroker(t)
	produceTxn(t, brokers, "t1", true, rec{topic: sanTopic, key: "k1", value: envOf("c", 1000)})
	realHost, port, err := net.SplitHostPort(brokers[0])
	if err != nil {
		t.Fatal(err)
	}
	var resolved atomic.Int64
	d := &segkafka.Dialer{Timeout: 5 * time.Second, Resolver: resolverFunc(func(_ context.Context, host string) ([]string, error) {
		resolved.Add(1)
		if host == "only-through-the-resolver.invalid" {
			host = realHost
		}
		return []string{host}, nil
	})}
	m, err := NewMirror(Config{Brokers: []string{net.JoinHostPort("only-through-the-resolver.invalid", port)}, Topic: sanTopic,
		IdleTimeout: 5 * time.Second, Dialer: d})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := m.CatchUp(ctx); err != nil {
		t.Fatalf("CatchUp through the Dialer's Resolver: %v", err)
	}
	if _, ok := m.Get("k1"); !ok || resolved.Load() == 0 {
		t.Fatalf("record mirrored %t, resolved %d names", ok, resolved.Load())
	}
}

// Run reads partitions added to a topic after it started: an ERASE written
// to a new partition of the commands topic is applied without a restart.
func TestMirrorRunFollowsNewPartitions(t *testing.T) {
	brokers := startBroker(t)
	m, err := NewMirror(Config{Brokers: brokers, Topic: sanTopic, IdleTimeout: 30 * time.Second, PartitionCheck: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	stop := runMirror(ctx, t, cancel, m)
	produceTxn(t, brokers, "t1", true, rec{topic: sanTopic, key: "k1", value: envOf("c", 1000)})
	waitFor(t, func() bool { return m.Len() == 1 }, "the record mirrored")

	cl := kafkatest.Client(t, brokers, kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if _, err := kadm.NewClient(cl).CreatePartitions(ctx, 1, cmdTopic); err != nil {
		t.Fatalf("add a partition: %v", err)
	}
	r := &kgo.Record{Topic: cmdTopic, Partition: 3, Key: []byte("s"), Value: command("ERASE", "k1", 2000, sanTopic),
		Headers: []kgo.RecordHeader{{Key: HeaderInput, Value: []byte("crm.public.customers/0/9")}, {Key: HeaderEncoding, Value: []byte("json")}}}
	if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
		t.Fatalf("produce to the new partition: %v", err)
	}
	waitFor(t, func() bool { return m.Len() == 0 }, "the ERASE on the new partition applied")
	stop(20 * time.Second)
}

// Run returns when its context is done, also while it waits for the schema
// registry: a team's RegistryClient (for TLS or auth) often has no
// timeout, and a review saw Run hang for as long as the registry did not
// answer, since the lookup did not follow Run's context.
func TestMirrorRunStopsDuringRegistryLookup(t *testing.T) {
	brokers := startBroker(t)
	asked := make(chan struct{}, 1)
	release := make(chan struct{})
	reg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case asked <- struct{}{}:
		default:
		}
		select { // a registry that does not answer
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer reg.Close()
	defer close(release)
	m, err := NewMirror(Config{Brokers: brokers, Topic: sanTopic, IdleTimeout: 30 * time.Second,
		Registry: reg.URL, RegistryClient: &http.Client{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	stop := runMirror(ctx, t, cancel, m)
	cl := kafkatest.Client(t, brokers)
	avro := &kgo.Record{Topic: cmdTopic, Key: []byte("s"), Value: []byte{0, 0, 0, 0, 7, 2, 'x'},
		Headers: []kgo.RecordHeader{{Key: HeaderInput, Value: []byte("crm.public.customers/0/9")}, {Key: HeaderEncoding, Value: []byte("avro")}}}
	if err := cl.ProduceSync(ctx, avro).FirstErr(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-asked:
	case <-time.After(20 * time.Second):
		t.Fatal("the Mirror did not ask the registry for the command's schema")
	}
	stop(5 * time.Second) // while the registry does not answer
}

// applyInOrder applies the commands a and b and the record rec to m in
// the order order spells ("ABr": a, b, then rec).
func applyInOrder(t *testing.T, m *Mirror, order string, a, b, rec segkafka.Message) {
	t.Helper()
	for _, step := range order {
		var err error
		switch step {
		case 'A':
			err = m.ApplyCommand(a)
		case 'B':
			err = m.ApplyCommand(b)
		case 'r':
			err = m.ApplyRecord(rec)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
