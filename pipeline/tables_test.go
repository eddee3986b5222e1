package pipeline

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// createIn is a create of customer id of schema.table on topic.
func createIn(topic, schema, table string, offset int64, after Row) Message {
	v, _ := json.Marshal(fakeEvent{Op: "c", Schema: schema, Table: table, After: after})
	return msg(topic, offset, `{"customer_id":`+itoa(int(offset))+`}`, string(v))
}

// A stray input whose records name a table carried by its own Debezium
// topic must not stop that table: from the moment both are known, the
// stray input's records stop and the table's go on, whichever came first.
// (A stray record before any of the table's has nothing to conflict with
// yet and is written.)
func TestEngineStandardInputKeepsItsTopic(t *testing.T) {
	for _, strayFirst := range []bool{true, false} {
		e := newTestEngine(t, fakeDecoder{})
		good := func(off int64) Message {
			return createIn("crm.public.customers", "public", "customers", off, Row{"customer_id": off})
		}
		stray := func(off int64) Message {
			return createIn("crm.a.b.c", "public", "customers", off, Row{"customer_id": off})
		}
		in := []Message{good(1), stray(1), good(2), stray(2)}
		if strayFirst {
			in = []Message{stray(1), good(1), good(2), stray(2)}
		}
		in = append(in, msg("crm.public.customers", 3, `{"customer_id":1}`, "")) // a tombstone
		got := routed(t, e, in)
		for _, pos := range []string{"crm.public.customers/0/1", "crm.public.customers/0/2", "crm.public.customers/0/3"} {
			if len(got[pos]) != 1 || got[pos][0] != "lethe.sanitized.customers" {
				t.Errorf("stray first %v: %s went to %v, want lethe.sanitized.customers", strayFirst, pos, got[pos])
			}
		}
		stopped := []string{"crm.a.b.c/0/2"}
		if !strayFirst {
			stopped = append(stopped, "crm.a.b.c/0/1")
		}
		for _, pos := range stopped {
			if s := got[pos]; len(s) != 1 || s[0] != DefaultTopics.DeadLetter {
				t.Errorf("stray first %v: stray record %s went to %v, want the dead letters", strayFirst, pos, s)
			}
		}
	}
}

// Output topics are made from table names Kafka may not take: characters
// it does not allow become '_', as in Debezium's own topic names; a name
// still too long is dead-lettered; two tables whose topics Kafka finds
// colliding ('.' and '_') cannot both write, and neither stalls the batch.
func TestEngineTableNamesMakeTopicsKafkaTakes(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	long := strings.Repeat("t", 260)
	got := routed(t, e, []Message{
		createIn("crm.public.Gr__e", "public", "Größe", 1, Row{"customer_id": 1}),
		createIn("crm.public."+long, "public", long, 2, Row{"customer_id": 2}),
		createIn("crm.public.a_b", "public", "a_b", 3, Row{"customer_id": 3}),
		createIn("misc", "x", "a.b", 4, Row{"customer_id": 4}), // not on its own Debezium topic
		createIn("crm.public.a_b", "public", "a_b", 5, Row{"customer_id": 5}),
	})
	if s := got["crm.public.Gr__e/0/1"]; len(s) != 1 || s[0] != "lethe.sanitized.Gr__e" {
		t.Errorf("table Größe went to %v, want lethe.sanitized.Gr__e", s)
	}
	if s := got["crm.public."+long+"/0/2"]; len(s) != 1 || s[0] != DefaultTopics.DeadLetter {
		t.Errorf("a table whose topic would be too long went to %v, want the dead letters", s)
	}
	// lethe.sanitized.a_b and lethe.sanitized.a.b collide in Kafka: the
	// table on its own topic keeps it.
	for pos, want := range map[string]string{"crm.public.a_b/0/3": "lethe.sanitized.a_b", "misc/0/4": DefaultTopics.DeadLetter, "crm.public.a_b/0/5": "lethe.sanitized.a_b"} {
		if s := got[pos]; len(s) != 1 || s[0] != want {
			t.Errorf("%s went to %v, want %s", pos, s, want)
		}
	}
}

// A recipient's topic that is one of lethe's own (a template "lethe.{table}"
// and a table named datamap) would put sanitized records among the data
// map's or the commands: the table's records are dead-lettered instead.
func TestEngineOutputTopicIsLethes(t *testing.T) {
	e, _ := newPolicyEngine(t, "version: t\nrecipients: {default: {topic: \"lethe.{table}\"}}\n")
	got := routed(t, e, []Message{
		createIn("crm.public.datamap", "public", "datamap", 1, Row{"customer_id": 1}),
		createIn("crm.public.commands", "public", "commands", 2, Row{"customer_id": 2}),
		createIn("crm.public.dead_letter", "public", "dead_letter", 3, Row{"customer_id": 3}), // lethe.dead_letter is not lethe.deadletter
		createIn("crm.public.customers", "public", "customers", 4, Row{"customer_id": 4}),
	})
	for pos, want := range map[string]string{"crm.public.datamap/0/1": DefaultTopics.DeadLetter, "crm.public.commands/0/2": DefaultTopics.DeadLetter,
		"crm.public.dead_letter/0/3": "lethe.dead_letter", "crm.public.customers/0/4": "lethe.customers"} {
		if s := got[pos]; len(s) != 1 || s[0] != want {
			t.Errorf("%s went to %v, want %s", pos, s, want)
		}
	}
	e = newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Topics.DataMap = "lethe_sanitized.customers" })
	got = routed(t, e, []Message{createIn("crm.public.customers", "public", "customers", 1, Row{"customer_id": 1})})
	if s := got["crm.public.customers/0/1"]; len(s) != 1 || s[0] != DefaultTopics.DeadLetter {
		t.Errorf("a table whose topic Kafka takes for the data map's went to %v, want the dead letters", s)
	}
}

// Two recipients whose templates differ but meet for a table
// ("lethe.{prefix}.{table}" and "lethe_crm.{table}", one name to Kafka, for
// crm's) would write one topic, each overwriting the other's records under
// its own actions (one keeps what the other masks): the table's records are
// dead-lettered. Where the templates part, for another prefix, they flow.
func TestEngineRecipientsMeetOnATopic(t *testing.T) {
	e, _ := newPolicyEngine(t, "version: t\nrecipients:\n  a: {topic: \"lethe.{prefix}.{table}\"}\n  b: {topic: \"lethe_crm.{table}\", default: keep, categories: {"+keepSpecial+"}}\n")
	got := routed(t, e, []Message{
		createIn("crm.public.people", "public", "people", 1, Row{"customer_id": 1}),
		createIn("erp.public.people", "public", "people", 2, Row{"customer_id": 2}),
	})
	if s := got["crm.public.people/0/1"]; len(s) != 1 || s[0] != DefaultTopics.DeadLetter {
		t.Errorf("crm's people went to %v, want the dead letters", s)
	}
	if s := got["erp.public.people/0/2"]; len(s) != 3 || !slices.Contains(s, "lethe.erp.people") || !slices.Contains(s, "lethe_crm.people") {
		t.Errorf("erp's people went to %v, want lethe.erp.people, lethe_crm.people and the default recipient's", s)
	}
}

// A table or column name holding personal data is not forwarded anywhere:
// names go unsanitized into topics, records, the data map and the log. The
// dead letter's reason names the category, not the name. Ordinary names,
// the demo CRM's among them, pass.
func TestEngineNamesHoldingPersonalData(t *testing.T) {
	const email, iban = "canary.names@example.org", "DE89370400440532013000"
	for _, tc := range []struct {
		name, table string
		after       Row
	}{
		{"table name", email, Row{"customer_id": 1}},
		{"column name", "customers", Row{"customer_id": 1, iban: "x"}},
		{"phone column name", "customers", Row{"customer_id": 1, "+49 151 99887766": "x"}},
		// Characters that hide text from the detectors: a review's names
		// that went into topic names and the data map.
		{"table name with a NUL", "t82 +49 171\x00 5550182", Row{"customer_id": 1}},
		{"column name with U+FFFD", "customers", Row{"customer_id": 1, "t80.canary\ufffd@example.org": "x"}},
		{"column name with a line separator", "customers", Row{"customer_id": 1, "t81.canary\u2028@example.org": "x"}},
		{"table name with invalid UTF-8", "t63.canary\xff@example.org", Row{"customer_id": 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEngine(t, fakeDecoder{})
			var out []Output
			for batch := range 2 { // every record of such names, in any batch: not only the first
				in := []Message{createIn("crm.public.customers", "public", tc.table, int64(2*batch+1), tc.after),
					createIn("crm.public.customers", "public", tc.table, int64(2*batch+2), tc.after)}
				o, err := e.Handle(t.Context(), in, nil)
				if err != nil {
					t.Fatal(err)
				}
				e.Committed()
				out = append(out, o...)
			}
			var topics []string
			for _, o := range out {
				if o.Topic == DefaultTopics.DeadLetter && strings.Contains(header(o, HeaderReason), "looks like personal data") {
					topics = append(topics, "dead letter")
				} else {
					topics = append(topics, o.Topic)
				}
			}
			if !slices.Equal(topics, []string{"dead letter", "dead letter", "dead letter", "dead letter"}) {
				t.Fatalf("outputs to %v for 4 inputs, want 4 dead letters naming the reason", topics)
			}
			for _, o := range out {
				for _, b := range append([][]byte{o.Key, o.Value}, headerValues(o)...) {
					if strings.Contains(string(b), email) || strings.Contains(string(b), iban) || strings.Contains(string(b), "99887766") ||
						strings.Contains(string(b), "canary") || strings.Contains(string(b), "5550182") {
						t.Fatalf("the name is in an output: %s", b)
					}
				}
			}
		})
	}
	e := newTestEngine(t, fakeDecoder{})
	ordinary := Row{"customer_id": 1, "email": "x", "phone_number": "x", "iban": "x", "Geburtsdatum": "x", "plz": "x",
		"created_at": "x", "ean_4006381333931": "x", "col_20190312": "x", "notes": "x", "Straße": "x", "ip_address": "x", "v4": "x"}
	for _, table := range []string{"customers", "contacts", "addresses", "orders", "tickets", "consents", "kunden_2019", "Größe", "Kunden Übersicht", "顧客"} {
		out, err := e.Handle(t.Context(), []Message{createIn("crm.public."+table, "public", table, 1, ordinary)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range out {
			if o.Topic == DefaultTopics.DeadLetter {
				t.Errorf("table %s: dead-lettered: %s", table, header(o, HeaderReason))
			}
		}
	}
}

func headerValues(o Output) [][]byte {
	var v [][]byte
	for _, h := range o.Headers {
		v = append(v, h.Value)
	}
	return v
}

// A dead-lettered record says nothing of what its topic carries: a stray
// record naming another table (here one whose name holds an e-mail
// address) must not make the topic's tombstones unroutable.
func TestEngineDeadLetteredRecordLeavesTombstonesAlone(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	got := routed(t, e, []Message{
		createIn("crm.public.customers", "public", "leak@example.com", 1, Row{"customer_id": 1}),
		createIn("crm.public.customers", "public", "customers", 2, Row{"customer_id": 2}),
		msg("crm.public.customers", 3, `{"customer_id":2}`, ""),
	})
	for pos, want := range map[string]string{"crm.public.customers/0/1": DefaultTopics.DeadLetter,
		"crm.public.customers/0/2": "lethe.sanitized.customers", "crm.public.customers/0/3": "lethe.sanitized.customers"} {
		if s := got[pos]; len(s) != 1 || s[0] != want {
			t.Errorf("%s went to %v, want %s", pos, s, want)
		}
	}
}

// Columns are kept in bounds: an image of more than MaxColumns columns is
// dead-lettered, and so is a record whose new columns would give its table
// more than MaxColumns in the data map of its partition, in this batch or
// a later one; records of known columns go on.
func TestEngineMaxColumns(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.MaxColumns = 5 })
	wide := Row{"customer_id": 9}
	for _, c := range []string{"w1", "w2", "w3", "w4", "w5"} {
		wide[c] = "x"
	}
	rec := func(off int64, after Row) Message {
		return createIn("crm.public.customers", "public", "customers", off, after)
	}
	batch1 := []Message{
		rec(1, wide),
		rec(2, Row{"customer_id": 2, "a1": "x", "a2": "x"}),
		rec(3, Row{"customer_id": 3, "b1": "x", "b2": "x"}), // 5 columns in all
		rec(4, Row{"customer_id": 4, "c1": "x"}),            // a sixth
		rec(5, Row{"customer_id": 5, "c1": "x"}),            // the sixth again: refused again
	}
	want1 := map[string]string{"crm.public.customers/0/1": DefaultTopics.DeadLetter, "crm.public.customers/0/2": "lethe.sanitized.customers",
		"crm.public.customers/0/3": "lethe.sanitized.customers", "crm.public.customers/0/4": DefaultTopics.DeadLetter,
		"crm.public.customers/0/5": DefaultTopics.DeadLetter}
	routed(t, e, batch1)
	e.Aborted() // a retried batch is decided as the first try was
	got := routed(t, e, batch1)
	e.Committed()
	for pos, want := range want1 {
		if s := got[pos]; len(s) != 1 || s[0] != want {
			t.Errorf("batch 1: %s went to %v, want %s", pos, s, want)
		}
	}
	got = routed(t, e, []Message{rec(15, Row{"customer_id": 15, "a1": "x"}), rec(16, Row{"customer_id": 16, "d1": "x"})})
	e.Committed()
	for pos, want := range map[string]string{"crm.public.customers/0/15": "lethe.sanitized.customers", "crm.public.customers/0/16": DefaultTopics.DeadLetter} {
		if s := got[pos]; len(s) != 1 || s[0] != want {
			t.Errorf("batch 2: %s went to %v, want %s", pos, s, want)
		}
	}
	// A bound lowered below what the data map holds (a restart with a
	// smaller max_columns) still takes records of known columns.
	for _, l := range e.lanes {
		l.cfg.MaxColumns = 4
	}
	got = routed(t, e, []Message{rec(7, Row{"customer_id": 7, "b1": "x", "b2": "x"})})
	if s := got["crm.public.customers/0/7"]; len(s) != 1 || s[0] != "lethe.sanitized.customers" {
		t.Errorf("a record of known columns over a lowered bound went to %v", s)
	}
}

// The bound on a table's columns holds in every input partition: a row
// layout found within it in one partition is checked again in another,
// whose data map may hold other columns. Once, a layout admitted in
// partition 0 went into partition 1's map unchecked, beyond the bound, and
// whether a record was dead-lettered depended on which lane had seen the
// layout before (a review).
func TestEngineMaxColumnsPerPartition(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.MaxColumns = 3; c.Parallelism = 1 })
	rec := func(partition int32, off int64, after Row) Message {
		m := createIn("crm.public.customers", "public", "customers", off, after)
		m.Partition = partition
		return m
	}
	got := routed(t, e, []Message{
		rec(1, 1, Row{"customer_id": 1, "a1": "x", "a2": "x"}), // partition 1: 3 columns
		rec(0, 1, Row{"customer_id": 1, "b1": "x", "b2": "x"}), // partition 0: 3 columns
		rec(1, 2, Row{"customer_id": 2, "b1": "x", "b2": "x"}), // partition 1: 5
	})
	e.Committed()
	for pos, want := range map[string]string{"crm.public.customers/1/1": "lethe.sanitized.customers",
		"crm.public.customers/0/1": "lethe.sanitized.customers", "crm.public.customers/1/2": DefaultTopics.DeadLetter} {
		if s := got[pos]; len(s) != 1 || s[0] != want {
			t.Errorf("%s went to %v, want %s", pos, s, want)
		}
	}
}

// A worker's lanes keep nothing of input partitions it no longer owns
// (Engine.Forget): a topic deleted or handed to another worker took its
// tables' state with it only when the process ended (an audit). What the
// lanes share stays: a stray input naming a forgotten table is stopped as
// before, and the tables a topic brought in still count against
// MaxTables; a forgotten table given back is handled as before.
func TestEngineForgetsPartitionsNoLongerOwned(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Parallelism = 1; c.MaxTables = 1 })
	in := func(topic, table string, partition int32, off int64) Message {
		m := createIn(topic, "public", table, off, Row{"customer_id": off, "note": "x"})
		m.Partition = partition
		return m
	}
	routed(t, e, []Message{in("crm.public.customers", "customers", 0, 1), in("crm.public.customers", "customers", 1, 1),
		in("crm.public.orders", "orders", 0, 1), in("crm.public.leak@example.com", "leak@example.com", 0, 1)})
	e.Committed()
	owned := func(topic string, p int32) bool { return topic == "crm.public.customers" && p == 0 }
	e.cfg.DataMap.Forget(owned)
	e.Forget(owned)
	l := e.lanes[0]
	for k := range l.tables {
		if k[0] != "crm.public.customers" {
			t.Errorf("the lane kept table %s of input %s, of which no partition is owned", k[2], k[0])
		}
	}
	if len(l.tables) != 1 || l.refusedKept != 0 {
		t.Errorf("the lane kept %d tables (%d refused for their names), want the customers table alone", len(l.tables), l.refusedKept)
	}
	for k := range l.obs {
		if !owned(k.ts.topic, k.partition) {
			t.Errorf("the lane kept where %s/%d's columns are in the data map", k.ts.topic, k.partition)
		}
	}
	got := routed(t, e, []Message{
		createIn("crm.a.b.c", "public", "orders", 1, Row{"customer_id": 1}),        // a stray input naming the orders table
		createIn("crm.public.orders", "public", "other", 2, Row{"customer_id": 2}), // a second table on the orders topic
		in("crm.public.orders", "orders", 0, 3),                                    // the orders table given back
	})
	for pos, want := range map[string]string{"crm.a.b.c/0/1": DefaultTopics.DeadLetter, "crm.public.orders/0/2": DefaultTopics.DeadLetter,
		"crm.public.orders/0/3": "lethe.sanitized.orders"} {
		if s := got[pos]; len(s) != 1 || s[0] != want {
			t.Errorf("after the lane forgot the orders table: %s went to %v, want %s", pos, s, want)
		}
	}
}

// The lists the engine and its data map reuse from batch to batch keep
// nothing of earlier batches beyond what they hold: their arrays, as long
// as the largest batch's, kept its data map records and column states
// alive, those of partitions Forget had dropped among them (an audit).
func TestEngineReusedListsKeepNoEarlierBatch(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Parallelism = 1 })
	var in []Message
	for i := range 50 {
		in = append(in, createIn("crm.public.wide", "public", "wide", int64(i), Row{"customer_id": i, "c" + itoa(i): "x"}))
	}
	routed(t, e, in)
	e.Committed()
	routed(t, e, []Message{createIn("crm.public.wide", "public", "wide", 50, Row{"customer_id": 50})})
	e.Committed()
	for i, o := range e.tail[len(e.tail):cap(e.tail)] {
		if o.Key != nil || o.Value != nil || o.Headers != nil {
			t.Fatalf("the engine's data map records keep record %d of an earlier batch", len(e.tail)+i)
		}
	}
	trackers := []*Tracker{e.cfg.DataMap}
	for _, l := range e.lanes {
		trackers = append(trackers, l.tracker)
	}
	for _, tr := range trackers {
		for _, r := range tr.dirty[len(tr.dirty):cap(tr.dirty)] {
			if r.st != nil {
				t.Fatalf("a tracker's dirty list keeps column %s of an earlier batch", r.col)
			}
		}
		for _, p := range tr.pending[len(tr.pending):cap(tr.pending)] {
			if p.st != nil {
				t.Fatal("a tracker's pending verdicts keep a column state of an earlier batch")
			}
		}
	}
}

// Tables are kept in bounds: an input topic brings in at most MaxTables,
// each a set of output topics; a record of another is dead-lettered, with
// the bound in its reason, and records of the tables taken go on, also
// after a restart, where the data map's tables count first (a review made
// 2,000 output topics with records naming new tables).
func TestEngineMaxTables(t *testing.T) {
	const topic = "crm.public.mixed"
	bounded := func(c *EngineConfig) { c.MaxTables = 2 }
	rec := func(table string, off int64) Message {
		return createIn(topic, "public", table, off, Row{"customer_id": off})
	}
	e := newTestEngine(t, fakeDecoder{}, bounded)
	// a table refused for its name takes no place (a second review)
	out, err := e.Handle(t.Context(), []Message{rec("leak@example.com", 6), rec("t1", 1), rec("t2", 2), rec("t3", 3), rec("t1", 4), rec("t3", 5)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.Committed()
	records := map[string][]byte{}
	got := map[string]string{}
	for _, o := range out {
		switch o.Topic {
		case DefaultTopics.DataMap:
			records[string(o.Key)] = o.Value
		case DefaultTopics.DeadLetter:
			if r := header(o, HeaderReason); !strings.Contains(r, "max_tables (2)") && header(o, HeaderInput) != topic+"/0/6" {
				t.Errorf("dead letter of %s says %q, want the bound", header(o, HeaderInput), r)
			}
			fallthrough
		default:
			got[header(o, HeaderInput)] = o.Topic
		}
	}
	for off, want := range []string{1: "lethe.sanitized.t1", 2: "lethe.sanitized.t2", 3: DefaultTopics.DeadLetter, 4: "lethe.sanitized.t1", 5: DefaultTopics.DeadLetter,
		6: DefaultTopics.DeadLetter} {
		if pos := topic + "/0/" + itoa(off); off > 0 && got[pos] != want {
			t.Errorf("%s went to %q, want %s", pos, got[pos], want)
		}
	}
	// after a restart the map's tables count first; past a bound lowered
	// below them, every restart takes the same ones (a second review)
	for _, tc := range []struct {
		max        int
		took, left string
	}{{2, "t2", "t3"}, {1, "t1", "t2"}} {
		for range 5 {
			e2 := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.MaxTables = tc.max })
			if err := e2.cfg.DataMap.Restore(records, func(string, int32) bool { return true }); err != nil {
				t.Fatal(err)
			}
			e2.Restored(func(string) bool { return true })
			after := routed(t, e2, []Message{rec(tc.left, 7), rec(tc.took, 8)})
			if s := after[topic+"/0/7"]; len(s) != 1 || s[0] != DefaultTopics.DeadLetter {
				t.Errorf("max %d after a restart: %s's record went to %v, want the dead letters", tc.max, tc.left, s)
			}
			if s := after[topic+"/0/8"]; len(s) != 1 || s[0] != "lethe.sanitized."+tc.took {
				t.Errorf("max %d after a restart: %s's record went to %v", tc.max, tc.took, s)
			}
		}
	}
}

// Tables refused for their name are kept, so their next records are
// refused at once, but only up to MaxTables of them per lane: a flood of
// names holding personal data must not grow memory either.
func TestEngineRefusedTablesKeptInBounds(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.MaxTables = 2 })
	var in []Message
	for i := range 6 {
		in = append(in, createIn("crm.public.mixed", "public", "leak"+itoa(i)+"@example.com", int64(i+1), Row{"customer_id": i}))
	}
	got := routed(t, e, in)
	for pos, s := range got {
		if len(s) != 1 || s[0] != DefaultTopics.DeadLetter {
			t.Errorf("%s went to %v, want the dead letters", pos, s)
		}
	}
	if len(got) != len(in) {
		t.Errorf("%d of %d inputs answered", len(got), len(in))
	}
	for i, l := range e.lanes {
		if len(l.tables) > 2 {
			t.Errorf("lane %d keeps %d table states, want at most max_tables (2)", i, len(l.tables))
		}
	}
}

// A conflict's dead letter names the input that makes it stop: for a table
// on its own Debezium topic, the other such table, not a stray input that
// alone would not have stopped it.
func TestEngineConflictNamesTheRival(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	got, err := e.Handle(t.Context(), []Message{
		createIn("misc", "public", "customers", 1, Row{"customer_id": 1}),
		createIn("crm.public.customers", "public", "customers", 2, Row{"customer_id": 2}),
		createIn("crm2.public.customers", "public", "customers", 3, Row{"customer_id": 3}),
		createIn("crm.public.customers", "public", "customers", 4, Row{"customer_id": 4}),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range got {
		if header(o, HeaderInput) == "crm.public.customers/0/4" {
			if r := header(o, HeaderReason); o.Topic != DefaultTopics.DeadLetter || !strings.Contains(r, "with input crm2.public.customers") {
				t.Fatalf("crm.public.customers/0/4 went to %s, reason %q; want a dead letter naming crm2.public.customers", o.Topic, r)
			}
			return
		}
	}
	t.Fatal("no output for crm.public.customers/0/4")
}

// Tables whose names Debezium's topics cannot spell back (a dot in the
// name, an emoji) are on their own Debezium topic all the same: a stray
// input stops, they go on. After a restart their tombstones, which name no
// table, route where their records went, once the data map is restored:
// the topic's name alone would split "Gr__e.Ma_" into schema and table.
func TestEngineTablesWithDotsAndEmoji(t *testing.T) {
	tables := []struct{ topic, table, out string }{
		{"rvf.public.Gr__e.Ma_", "Größe.Maß", "lethe.sanitized.Gr__e.Ma_"},
		{"rvf.public.Feedback___", "Feedback 👍", "lethe.sanitized.Feedback___"},
	}
	e := newTestEngine(t, fakeDecoder{})
	var in []Message
	for _, tb := range tables {
		in = append(in, createIn(tb.topic, "public", tb.table, 1, Row{"customer_id": 1}),
			createIn("rvf.replay", "public", tb.table, 2, Row{"customer_id": 2}), // a stray input
			createIn(tb.topic, "public", tb.table, 3, Row{"customer_id": 3}))
	}
	got := routed(t, e, in)
	e.Committed()
	for _, tb := range tables {
		for _, off := range []string{"/0/1", "/0/3"} {
			if s := got[tb.topic+off]; len(s) != 1 || s[0] != tb.out {
				t.Errorf("%s%s went to %v, want %s", tb.topic, off, s, tb.out)
			}
		}
	}
	// A restart: a fresh engine, its data map restored from the records
	// the first wrote, and a tombstone before any record.
	records := mapBytesOf(t, e, []Message{createIn(tables[0].topic, "public", tables[0].table, 4, Row{"customer_id": 4})})
	tomb := msg(tables[0].topic, 5, `{"customer_id":4}`, "")
	stray := createIn("rvf.replay", "public", tables[0].table, 9, Row{"customer_id": 9})
	for _, restored := range []bool{false, true} {
		e2 := newTestEngine(t, fakeDecoder{})
		if restored {
			// Only entries of partitions this worker does not own: the
			// tables they name count all the same.
			if err := e2.cfg.DataMap.Restore(records, func(string, int32) bool { return false }); err != nil {
				t.Fatal(err)
			}
			e2.Restored(func(string) bool { return true })
		}
		got := routed(t, e2, []Message{tomb, stray})
		if s := got[tables[0].topic+"/0/5"]; restored != (len(s) == 1 && s[0] == tables[0].out) {
			t.Errorf("restored %v: the tombstone went to %v; want %s only once the data map is restored", restored, s, tables[0].out)
		}
		// A stray input's record that comes first after a restart is
		// stopped: the restored map says whose the output topic is.
		if s := got["rvf.replay/0/9"]; restored != (len(s) == 1 && s[0] == DefaultTopics.DeadLetter) {
			t.Errorf("restored %v: the stray record went to %v; want the dead letters only once the data map is restored", restored, s)
		}
	}
}

// A topic the restored data map says carried several tables (a stray
// record wrote another table's entries under it) leaves its tombstones to
// its name after a restart, as before: one stray record must not stop a
// table's tombstones for good.
func TestEngineRestoredTopicOfSeveralTables(t *testing.T) {
	records := mapBytesOf(t, newTestEngine(t, fakeDecoder{}), []Message{
		createIn("crm.public.customers", "public", "customers", 1, Row{"customer_id": 1}),
		createIn("crm.public.customers", "public", "customers_old", 2, Row{"customer_id": 2}),
	})
	e2 := newTestEngine(t, fakeDecoder{})
	if err := e2.cfg.DataMap.Restore(records, func(string, int32) bool { return true }); err != nil {
		t.Fatal(err)
	}
	e2.Restored(func(string) bool { return true })
	got := routed(t, e2, []Message{msg("crm.public.customers", 3, `{"customer_id":1}`, ""),
		createIn("misc", "public", "customers", 4, Row{"customer_id": 4})})
	if s := got["crm.public.customers/0/3"]; len(s) != 1 || s[0] != "lethe.sanitized.customers" {
		t.Errorf("the tombstone went to %v, want lethe.sanitized.customers", s)
	}
	// Its tables still claim their output topics: a stray input's record
	// that comes first is stopped.
	if s := got["misc/0/4"]; len(s) != 1 || s[0] != DefaultTopics.DeadLetter {
		t.Errorf("the stray record went to %v, want the dead letters", s)
	}
}

// dataMapOf handles in on e, commits, and returns the data map records the
// batch wrote, by key: what a restarted worker reads back.
func mapBytesOf(t *testing.T, e *Engine, in []Message) map[string][]byte {
	t.Helper()
	out, err := e.Handle(t.Context(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.Committed()
	records := map[string][]byte{}
	for _, o := range out {
		if o.Topic == DefaultTopics.DataMap {
			records[string(o.Key)] = o.Value
		}
	}
	return records
}

// What the restored data map says holds only where it cannot mislead: for
// input topics there are now (not one renamed away), for tables on their
// own Debezium topic (not a stray input's, which the map cannot tell from
// a real one), and with the schema as the records named it (a dot in it
// leaves "schema.table" in doubt).
func TestEngineRestoredOnlyWhereItCannotMislead(t *testing.T) {
	all := func(string) bool { return true }
	restart := func(records map[string][]byte, isInput func(string) bool) *Engine {
		e := newTestEngine(t, fakeDecoder{})
		if err := e.cfg.DataMap.Restore(records, func(string, int32) bool { return true }); err != nil {
			t.Fatal(err)
		}
		e.Restored(isInput)
		return e
	}
	want := func(got map[string][]string, pos, topic string) {
		t.Helper()
		if s := got[pos]; len(s) != 1 || s[0] != topic {
			t.Errorf("%s went to %v, want %s", pos, s, topic)
		}
	}

	// The CDC prefix was renamed from crm to crm2: the old topic's entries
	// stay in the map, but claim nothing.
	old := mapBytesOf(t, newTestEngine(t, fakeDecoder{}), []Message{createIn("crm.public.customers", "public", "customers", 1, Row{"customer_id": 1})})
	e := restart(old, func(topic string) bool { return strings.HasPrefix(topic, "crm2.") })
	want(routed(t, e, []Message{createIn("crm2.public.customers", "public", "customers", 1, Row{"customer_id": 1})}),
		"crm2.public.customers/0/1", "lethe.sanitized.customers")

	// A stray record on misc got in before the real table's first, whose
	// topic an SMT renamed: after a restart the stray claims nothing.
	stray := mapBytesOf(t, newTestEngine(t, fakeDecoder{}), []Message{createIn("misc", "public", "customers", 1, Row{"customer_id": 1})})
	e = restart(stray, all)
	want(routed(t, e, []Message{createIn("crm.customers", "public", "customers", 2, Row{"customer_id": 2})}),
		"crm.customers/0/2", "lethe.sanitized.customers")

	// A schema with a dot: crm.x.public.customers is table customers of
	// schema x.public, and its tombstones go there after a restart too.
	dotted := mapBytesOf(t, newTestEngine(t, fakeDecoder{}), []Message{createIn("crm.x.public.customers", "x.public", "customers", 1, Row{"customer_id": 1})})
	e = restart(dotted, all)
	got := routed(t, e, []Message{msg("crm.x.public.customers", 2, `{"customer_id":1}`, ""),
		createIn("crm.x.public.customers", "x.public", "customers", 3, Row{"customer_id": 3}),
		msg("crm.x.public.customers", 4, `{"customer_id":3}`, "")})
	for _, pos := range []string{"crm.x.public.customers/0/2", "crm.x.public.customers/0/3", "crm.x.public.customers/0/4"} {
		want(got, pos, "lethe.sanitized.customers")
	}
}

// A column the policy names is trusted whatever its name looks like: the
// way out for a real column the detectors take for personal data.
func TestEngineColumnNamedByPolicyIsTrusted(t *testing.T) {
	e, _ := newPolicyEngine(t, "version: n\ncolumns:\n  customers.0301234567: {category: user.contact.phone_number}\n")
	got := routed(t, e, []Message{
		createIn("crm.public.customers", "public", "customers", 1, Row{"customer_id": 1, "0301234567": "+49 30 1234567"}),
		createIn("crm.public.customers", "public", "customers", 2, Row{"customer_id": 2, "0309876543": "x"}),
	})
	if s := got["crm.public.customers/0/1"]; len(s) != 1 || s[0] != "lethe.sanitized.customers" {
		t.Errorf("the record of the column the policy names went to %v, want lethe.sanitized.customers", s)
	}
	if s := got["crm.public.customers/0/2"]; len(s) != 1 || s[0] != DefaultTopics.DeadLetter {
		t.Errorf("the record of a column no rule names went to %v, want the dead letters", s)
	}
}

// Keys of data map records lethe could not read are named in the error
// (and by lethe inventory) when they have the data map's shape and no
// name in them looks like personal data; other keys are not shown: a
// topic that is not a data map (a review pointed lethe inventory at one)
// may have keys of anything, names and birth dates among them.
func TestUnreadableDataMapKeysShown(t *testing.T) {
	const email = "leak.k@example.com"
	err := NewTracker(policy.Default()).Restore(map[string][]byte{
		"public.zz|" + email + "|crm.public.zz|0":    []byte("garbage"),
		"public.zz|notes|crm.public.zz|1":            []byte("{not json"),
		`["a.b","c","notes","crm.a.b.c",2]`:          []byte("{not json"),
		`{"name":"Hans Müller"}`:                     []byte("{}x"),
		"Hauptstraße 5, 10115 Berlin|x|y|1984-02-29": []byte("{}x"),
	}, func(string, int32) bool { return true })
	if err == nil {
		t.Fatal("no error")
	}
	// the shape, but not a topic name Kafka takes (a second review)
	shapes := ShownKeys([]string{`["Hans Müller","Hauptstraße 5, 10115 Berlin","1984-02-29","Diabetes Typ 2",1]`,
		"hans.mueller|Hauptstraße 5, 10115 Berlin|geb. 29.02.1984|1"}, 5)
	if strings.Join(shapes, ",") != "<2 keys not shown: not data map keys>" {
		t.Errorf("ShownKeys %q: want both left out", shapes)
	}
	if hid := ShownKeys([]string{"public.customers|inv.canary\ufffd@example.org|crm.public.customers|0", "public.customers|tel +49 171\x01 5550199|crm.public.customers|0"}, 5); strings.Join(hid, ",") != "<2 keys with personal data>" {
		t.Errorf("ShownKeys %q: want keys whose names hide text left out", hid)
	}
	for _, hidden := range []string{email, "leak", "Müller", "Hauptstraße", "1984"} {
		if strings.Contains(err.Error(), hidden) {
			t.Errorf("restore error %v shows %q", err, hidden)
		}
	}
	for _, shown := range []string{`public.zz|notes|crm.public.zz|1`, `[\"a.b\",\"c\",\"notes\",\"crm.a.b.c\",2]`, "<key with personal data>", "<2 keys not shown: not data map keys>"} {
		if !strings.Contains(err.Error(), shown) {
			t.Errorf("restore error %v does not show %s", err, shown)
		}
	}
}

// A value joined into an identifier with '_', '-' or '.' is hidden where a
// name is shown to a person (lethe scan, lethe inventory) when it checks
// itself strongly (an e-mail address, an IBAN, a card number), also after
// a number group: the detectors take those joints for letters of a word,
// and such names went out as they were (reviews). Number groups and
// versions in ordinary names are not taken for phone numbers or IP
// addresses read so; a phone or an IP address joined so is a known gap.
func TestShownNameIdentifierStyle(t *testing.T) {
	for _, name := range []string{
		"iban_de89370400440532013000", "iban-de89370400440532013000", "x.de89370400440532013000",
		"card_4111111111111111", "canary.zq7x@example.org-x",
		"events_p2024_03_15_1200_de89370400440532013000", "shift_0600_1400_2200_card_4111111111111111",
	} {
		if got := ShownName(name); got == name {
			t.Errorf("ShownName(%q) = itself, want a placeholder", name)
		}
	}
	for _, name := range ordinaryNames {
		if got := ShownName(name); got != name {
			t.Errorf("ShownName(%q) = %q, want the name", name, got)
		}
	}
}

// ordinaryNames are names of tables and columns with digits that hold no
// personal data, read with their joints as blanks or not.
var ordinaryNames = []string{"iso_3166_1_alpha_2", "revenue_2023_vs_2024", "line_12345", "address_line_2", "crm.public.customers",
	"telefon_nr", "order_no", "v_20240101", "col_2024_01_01", "utf-8", "x-request-id", "kbo_nummer", "public.t_1",
	"events_p2024_03_15_1200", "log_2024_03_15_12_30_45", "backup-2024-03-15-1230", "shift_0600_1400_2200",
	"aging_0_30_31_60_61_90", "q_01_02_03_04", "kst_0100_0200", "lib_2.31.0.1", "cfg_255.255.255.0",
	"upc_012345678905", "belnr_0100000001", "gtin_00012345678905", "vorwahl_030_040_089",
	"product-4006380735194", "payments_at_stripe.com", "sync_at_salesforce.com", "imported_at_acme.de"}

// The stream does not read a name's joints as blanks: number groups of
// generated names pass a card's or an IBAN's check often enough (one in
// ten, one in 97) to dead-letter whole tables and partitions (a review:
// orders_be_20240317210000, gtin_5901234123457). A name whose value
// stands apart still is dead-lettered.
func TestEngineJoinedNamesNotDeadLettered(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	names := append([]string{"orders_be_20240317210000", "gtin_5901234123457", "iban_de89370400440532013000"}, ordinaryNames[:8]...)
	for i, name := range names {
		out, err := e.Handle(context.Background(), []Message{createIn("crm.public.orders", "public", "orders", int64(i), Row{"id": 1, name: "x"})}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range out {
			if o.Topic == DefaultTopics.DeadLetter {
				t.Errorf("column %s: dead-lettered: %s", name, header(o, HeaderReason))
			}
		}
	}
	out, err := e.Handle(context.Background(), []Message{createIn("crm.public.orders", "public", "orders", 99, Row{"id": 1, "DE89370400440532013000": "x"})}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 || out[0].Topic != DefaultTopics.DeadLetter {
		t.Errorf("a column named by an IBAN standing apart: %v, want a dead letter", out)
	}
}

// mixedTopic is an input topic whose records name many tables, as a
// routing SMT's or a stray producer's do.
const mixedTopic = "crm.public.mixed"

// wideIn is a create of table tbl_<table> in partition p of mixedTopic
// whose row holds the columns col_<c> of cols.
func wideIn(table string, p int32, off int64, cols ...string) Message {
	row := Row{}
	for _, c := range cols {
		row["col_"+c] = "x"
	}
	m := createIn(mixedTopic, "public", "tbl_"+table, off, row)
	m.Partition = p
	return m
}

// colsUpTo returns the column names "1" to "n".
func colsUpTo(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = itoa(i + 1)
	}
	return out
}

// verdictsOf returns, by input position, the reason of the dead letter an
// input got among out, "" for one that went out sanitized, and the data
// map records among out.
func verdictsOf(t *testing.T, out []Output) (verdicts map[string]string, records map[string][]byte) {
	t.Helper()
	verdicts, records = map[string]string{}, map[string][]byte{}
	for _, o := range out {
		switch o.Topic {
		case DefaultTopics.DataMap:
			records[string(o.Key)] = o.Value
		case DefaultTopics.Commands:
		case DefaultTopics.DeadLetter:
			verdicts[header(o, HeaderInput)] = header(o, HeaderReason)
		default:
			if _, ok := verdicts[header(o, HeaderInput)]; !ok {
				verdicts[header(o, HeaderInput)] = ""
			}
		}
	}
	return verdicts, records
}

// walkedColumns counts the columns tr holds for partition p of topic by
// walking its map: what its count (partitionColumns) must say.
func walkedColumns(tr *Tracker, topic string, p int32) int {
	n := 0
	for tk, cols := range tr.tables {
		if tk.topic == topic && tk.partition == p {
			n += len(cols)
		}
	}
	return n
}

// A partition's data map keeps at most MaxPartitionColumns columns of all
// its tables together: a record whose new columns would take it beyond is
// dead-lettered, with the bound and no name in its reason, and records of
// the columns it holds go on. The count is the partition's own (another
// partition has its own), takes back an aborted batch's columns, also of a
// batch prepared ahead, is read back after a restart (also when the map
// holds more than a lowered bound: nothing is refused that it holds) and
// after a partition is given back, and decides a replay as the first run.
// MaxColumns and MaxTables alone let one partition hold a million columns
// (an audit ran a worker of 1 GiB out of memory with about a hundred
// records, and the data map read them back at every restart).
func TestEngineMaxPartitionColumns(t *testing.T) {
	type step struct {
		op    string // batch (handled and committed), open (not yet committed), commit, prepare, finish, abort, restart, forget, restore
		in    []Message
		parts []int32 // forget: the partitions still owned; restore: those given back
		bound int     // restart: the new engine's bound
	}
	batch := func(in ...Message) step { return step{op: "batch", in: in} }
	for _, tc := range []struct {
		name      string
		bound     int
		steps     []step
		out, dead []string // input positions in mixedTopic, "partition/offset"
		counts    map[int32]int
	}{
		{
			name: "within a batch", bound: 6,
			steps: []step{batch(wideIn("1", 0, 1, "a", "b", "c"), wideIn("2", 0, 2, "a", "b"), wideIn("3", 0, 3, "a", "b"),
				wideIn("1", 0, 4, "a", "b", "c"), wideIn("3", 0, 5, "a"), wideIn("4", 0, 6, "a"))},
			out: []string{"0/1", "0/2", "0/4", "0/5"}, dead: []string{"0/3", "0/6"}, counts: map[int32]int{0: 6},
		},
		{
			name: "across batches", bound: 6,
			steps: []step{batch(wideIn("1", 0, 1, "a", "b", "c")), batch(wideIn("2", 0, 2, "a", "b")), batch(wideIn("3", 0, 3, "a", "b")),
				batch(wideIn("1", 0, 4, "a", "b", "c")), batch(wideIn("3", 0, 5, "a")), batch(wideIn("4", 0, 6, "a"))},
			out: []string{"0/1", "0/2", "0/4", "0/5"}, dead: []string{"0/3", "0/6"}, counts: map[int32]int{0: 6},
		},
		{
			name: "per partition", bound: 6,
			steps: []step{batch(wideIn("1", 0, 1, colsUpTo(6)...), wideIn("1", 1, 1, colsUpTo(6)...)),
				batch(wideIn("2", 0, 2, "a"), wideIn("2", 1, 2, "a"), wideIn("2", 2, 2, "a"))},
			out: []string{"0/1", "1/1", "2/2"}, dead: []string{"0/2", "1/2"}, counts: map[int32]int{0: 6, 1: 6, 2: 1},
		},
		{
			name: "an aborted batch's columns do not count", bound: 6,
			steps: []step{{op: "open", in: []Message{wideIn("1", 0, 1, colsUpTo(5)...)}}, {op: "abort"},
				batch(wideIn("2", 0, 2, colsUpTo(5)...), wideIn("1", 0, 3, "a", "b"))},
			out: []string{"0/1", "0/2"}, dead: []string{"0/3"}, counts: map[int32]int{0: 5},
		},
		{
			name: "a retried batch is decided as its first try", bound: 6,
			steps: []step{{op: "open", in: []Message{wideIn("1", 0, 1, colsUpTo(4)...), wideIn("2", 0, 2, "a", "b"), wideIn("3", 0, 3, "a")}}, {op: "abort"},
				batch(wideIn("1", 0, 1, colsUpTo(4)...), wideIn("2", 0, 2, "a", "b"), wideIn("3", 0, 3, "a"))},
			out: []string{"0/1", "0/2"}, dead: []string{"0/3"}, counts: map[int32]int{0: 6},
		},
		{
			name: "a batch prepared ahead counts the one before", bound: 6,
			steps: []step{{op: "open", in: []Message{wideIn("1", 0, 1, "a", "b", "c")}},
				{op: "prepare", in: []Message{wideIn("2", 0, 2, "a", "b", "c"), wideIn("3", 0, 3, "a")}}, {op: "finish"}, {op: "commit"}},
			out: []string{"0/1", "0/2"}, dead: []string{"0/3"}, counts: map[int32]int{0: 6},
		},
		{
			name: "a batch prepared ahead and aborted does not count", bound: 6,
			steps: []step{{op: "open", in: []Message{wideIn("1", 0, 1, "a", "b", "c")}},
				{op: "prepare", in: []Message{wideIn("2", 0, 2, "a", "b", "c")}}, {op: "abort"},
				batch(wideIn("3", 0, 3, colsUpTo(6)...)), batch(wideIn("4", 0, 4, "a"))},
			out: []string{"0/1", "0/3"}, dead: []string{"0/4"}, counts: map[int32]int{0: 6},
		},
		{
			name: "after a restart", bound: 6,
			steps: []step{batch(wideIn("1", 0, 1, colsUpTo(4)...)), {op: "restart", bound: 6},
				batch(wideIn("2", 0, 2, "a", "b", "c"), wideIn("2", 0, 3, "a", "b"), wideIn("1", 0, 4, colsUpTo(4)...))},
			out: []string{"0/1", "0/3", "0/4"}, dead: []string{"0/2"}, counts: map[int32]int{0: 6},
		},
		{
			name: "after a restart with a map over a lowered bound", bound: 10,
			steps: []step{batch(wideIn("1", 0, 1, colsUpTo(5)...), wideIn("2", 0, 2, colsUpTo(5)...)), {op: "restart", bound: 6},
				batch(wideIn("1", 0, 3, colsUpTo(5)...), wideIn("2", 0, 4, colsUpTo(5)...), wideIn("1", 0, 5, colsUpTo(6)...), wideIn("3", 0, 6, "a"))},
			out: []string{"0/1", "0/2", "0/3", "0/4"}, dead: []string{"0/5", "0/6"}, counts: map[int32]int{0: 10},
		},
		{
			name: "a replay after a restart is decided as the first run", bound: 6,
			steps: []step{batch(wideIn("1", 0, 1, colsUpTo(4)...), wideIn("2", 0, 2, colsUpTo(4)...), wideIn("3", 0, 3, "a", "b")), {op: "restart", bound: 6},
				batch(wideIn("1", 0, 1, colsUpTo(4)...), wideIn("2", 0, 2, colsUpTo(4)...), wideIn("3", 0, 3, "a", "b"))},
			out: []string{"0/1", "0/3"}, dead: []string{"0/2"}, counts: map[int32]int{0: 6},
		},
		{
			name: "a partition forgotten and given back", bound: 6,
			steps: []step{batch(wideIn("1", 0, 1, colsUpTo(6)...), wideIn("1", 1, 1, "a", "b")), {op: "forget", parts: []int32{1}},
				{op: "restore", parts: []int32{0}}, batch(wideIn("2", 0, 2, "a"), wideIn("1", 0, 3, colsUpTo(6)...), wideIn("2", 1, 2, colsUpTo(4)...))},
			out: []string{"0/1", "1/1", "0/3", "1/2"}, dead: []string{"0/2"}, counts: map[int32]int{0: 6, 1: 6},
		},
		{
			// the abort takes the batch's columns out of the map Forget
			// dropped, not out of the one Restore read back
			name: "an abort after the partition was forgotten and given back", bound: 6,
			steps: []step{batch(wideIn("1", 0, 1, colsUpTo(4)...)), {op: "open", in: []Message{wideIn("2", 0, 2, "a", "b")}},
				{op: "forget", parts: []int32{}}, {op: "restore", parts: []int32{0}}, {op: "abort"},
				batch(wideIn("3", 0, 3, "a", "b"), wideIn("4", 0, 4, "a"))},
			out: []string{"0/1", "0/2", "0/3"}, dead: []string{"0/4"}, counts: map[int32]int{0: 6},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			newEngine := func(bound int) *Engine {
				return newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.MaxPartitionColumns, c.Parallelism = bound, 1 })
			}
			e := newEngine(tc.bound)
			stored, staged := map[string][]byte{}, map[string][]byte{} // the committed data map, and the open batch's records
			verdicts := map[string]string{}
			took := func(out []Output) {
				v, recs := verdictsOf(t, out)
				for pos, r := range v {
					if before, ok := verdicts[pos]; ok && (before == "") != (r == "") {
						t.Errorf("%s: decided again the other way: %q, first %q", pos, r, before)
					}
					verdicts[pos] = r
				}
				maps.Copy(staged, recs)
			}
			collect := func(o []Output) error { took(slices.Clone(o)); return nil }
			all := func(string) bool { return true }
			for _, s := range tc.steps {
				switch s.op {
				case "batch", "open":
					out, err := e.Handle(t.Context(), s.in, nil)
					if err != nil {
						t.Fatal(err)
					}
					took(out)
					if s.op == "open" {
						break
					}
					fallthrough
				case "commit":
					e.Committed()
					maps.Copy(stored, staged)
					clear(staged)
				case "prepare":
					if err := e.Prepare(t.Context(), s.in); err != nil {
						t.Fatal(err)
					}
				case "finish":
					e.Committed() // the open batch committed
					maps.Copy(stored, staged)
					clear(staged)
					if err := e.Finish(t.Context(), collect); err != nil {
						t.Fatal(err)
					}
				case "abort":
					e.Aborted()
					clear(staged)
				case "restart":
					e = newEngine(s.bound)
					if err := e.cfg.DataMap.Restore(stored, func(string, int32) bool { return true }); err != nil {
						t.Fatal(err)
					}
					e.Restored(all)
				case "forget":
					owned := func(_ string, p int32) bool { return slices.Contains(s.parts, p) }
					e.cfg.DataMap.Forget(owned)
					e.Forget(owned)
				case "restore":
					if err := e.cfg.DataMap.Restore(stored, func(_ string, p int32) bool { return slices.Contains(s.parts, p) }); err != nil {
						t.Fatal(err)
					}
					e.Restored(all)
				default:
					t.Fatalf("no step %s", s.op)
				}
			}
			for _, pos := range tc.out {
				if r, ok := verdicts[mixedTopic+"/"+pos]; !ok || r != "" {
					t.Errorf("%s: dead-lettered (%q) or lost (%v), want it sanitized", pos, r, !ok)
				}
			}
			bound := tc.bound // the last engine's
			for _, s := range tc.steps {
				if s.op == "restart" {
					bound = s.bound
				}
			}
			for _, pos := range tc.dead {
				r := verdicts[mixedTopic+"/"+pos]
				if !strings.Contains(r, "of its input partition") || !strings.Contains(r, "max_partition_columns ("+itoa(bound)+")") ||
					strings.Contains(r, "tbl_") || strings.Contains(r, "col_") {
					t.Errorf("%s: reason %q, want the max_partition_columns reason with its bound and no names", pos, r)
				}
			}
			if len(verdicts) != len(tc.out)+len(tc.dead) {
				t.Errorf("%d inputs decided, want %d: %v", len(verdicts), len(tc.out)+len(tc.dead), verdicts)
			}
			for p, want := range tc.counts {
				if got, walked := e.cfg.DataMap.PartitionColumns(mixedTopic, p), walkedColumns(e.cfg.DataMap, mixedTopic, p); got != want || walked != want {
					t.Errorf("partition %d: the data map counts %d columns and holds %d, want %d", p, got, walked, want)
				}
			}
		})
	}
}

// MaxPartitionColumns holds across the lanes of a batch: each lane checks
// the columns all lanes have added to the partition in the batch, not only
// its own, so the batch that reaches the bound takes the partition past it
// by no more than the images the lanes check at the same moment (one
// column here), not by the bound once more per lane. The next batch's
// lanes refuse every new column and take the known ones, and a replay from
// the committed map, on lanes shared another way, decides as the first run.
func TestEngineMaxPartitionColumnsAcrossLanes(t *testing.T) {
	const bound, n = 100, 512
	newEngine := func() *Engine {
		return newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.MaxPartitionColumns, c.Parallelism, c.MaxTables = bound, 2, 2*n })
	}
	in := func(base int64) []Message {
		var in []Message
		for i := range n {
			in = append(in, wideIn(itoa(i), 0, base+int64(i), "a")) // a new table of one column
		}
		return in
	}
	e := newEngine()
	out, err := e.Handle(t.Context(), in(0), nil)
	if err != nil {
		t.Fatal(err)
	}
	e.Committed()
	first, stored := verdictsOf(t, out)
	taken := 0
	for _, r := range first {
		if r == "" {
			taken++
		}
	}
	if got := e.cfg.DataMap.PartitionColumns(mixedTopic, 0); got < bound || got > bound+1 || got != taken || walkedColumns(e.cfg.DataMap, mixedTopic, 0) != got {
		t.Fatalf("the data map counts %d columns, holds %d, of %d inputs taken; want %d (or one more, two lanes checking at once)",
			got, walkedColumns(e.cfg.DataMap, mixedTopic, 0), taken, bound)
	}
	// The next batch: the tables taken go on, the others stay out.
	out, err = e.Handle(t.Context(), in(n), nil)
	if err != nil {
		t.Fatal(err)
	}
	e.Committed()
	next, _ := verdictsOf(t, out)
	for i := range n {
		was, now := first[mixedTopic+"/0/"+itoa(i)], next[mixedTopic+"/0/"+itoa(n+i)]
		if (was == "") != (now == "") {
			t.Errorf("table %d: %q in the first batch, %q in the next", i, was, now)
		}
	}
	// A replay from the committed map, after a restart.
	e = newEngine()
	if err := e.cfg.DataMap.Restore(stored, func(string, int32) bool { return true }); err != nil {
		t.Fatal(err)
	}
	out, err = e.Handle(t.Context(), in(0), nil)
	if err != nil {
		t.Fatal(err)
	}
	replayed, _ := verdictsOf(t, out)
	for pos, was := range first {
		if now := replayed[pos]; (was == "") != (now == "") {
			t.Errorf("%s: %q at first, %q replayed", pos, was, now)
		}
	}
}

// What an audit ran a worker of 1 GiB out of memory with: records that
// each name a new table of 4,000 columns in one input partition, within
// max_tables and max_columns. At the defaults, the data map of the
// partition stops at MaxPartitionColumns (65,536: sixteen such tables),
// and the records past it are dead-lettered.
func TestEngineWideTablesFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("about 100 MB of data map")
	}
	e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Parallelism = 1 })
	cols := make([]string, 4000)
	for i := range cols {
		cols[i] = "c" + itoa(10000+i)
	}
	taken := 0
	for i := range 18 {
		out, err := e.Handle(t.Context(), []Message{wideIn(itoa(i), 0, int64(i), cols...)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		e.Committed()
		v, _ := verdictsOf(t, out)
		switch r := v[mixedTopic+"/0/"+itoa(i)]; {
		case r == "":
			taken++
		case !strings.Contains(r, "max_partition_columns (65536)"):
			t.Errorf("table %d dead-lettered: %s", i, r)
		}
	}
	if n := walkedColumns(e.cfg.DataMap, mixedTopic, 0); taken != 16 || n != 64000 {
		t.Errorf("%d wide tables taken, %d columns in the partition's data map; want 16 and 64000", taken, n)
	}
}
