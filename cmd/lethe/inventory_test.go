package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/kafka/kafkatest"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/datamap"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// lethe inventory --config names the rules that match nothing in the data
// map, not those of a table whose name holds a dot (Größe.Maß, which the
// README supports): "public.Größe.Maß.gewicht" split at its first two dots
// named table Größe, and rules that apply were reported as typos.
func TestInventoryUnmatchedRulesOfDottedNames(t *testing.T) {
	pol, err := policy.Parse(strings.NewReader(`version: t
subject_keys: {"Größe.Maß": kunde_id}
columns:
  public.Größe.Maß.gewicht: {action: drop}
  Größe.Maß.notiz: {action: drop}
  a.b.c.name: {action: drop}
  c.name: {action: mask}
  public.Größe.Maß.gewichtt: {action: drop}
`))
	if err != nil {
		t.Fatal(err)
	}
	entries := []datamap.Entry{
		{Schema: "public", Table: "public.Größe.Maß", Column: "gewicht"},
		{Schema: "public", Table: "public.Größe.Maß", Column: "notiz"},
		{Schema: "public", Table: "public.Größe.Maß", Column: "kunde_id"},
		{Schema: "a.b", Table: "a.b.c", Column: "name"}, // a dot in the schema's name
	}
	for _, e := range entries {
		// What the rules say is what the engine applies.
		if _, ok := pol.Column(e.Schema, strings.TrimPrefix(e.Table, e.Schema+"."), e.Column); !ok {
			t.Fatalf("no rule for %s.%s: the test's policy is wrong", e.Table, e.Column)
		}
	}
	want := []string{"columns.public.Größe.Maß.gewichtt"} // the one typo
	if got := unmatchedRules(pol, entries); !slices.Equal(got, want) {
		t.Fatalf("unmatched rules %q, want %q", got, want)
	}
}

// lethe inventory --config on a data map that holds nothing yet (lethe
// run started, no change event read) says so once, instead of calling
// every rule of the policy a likely typo: a walk through the README got
// eight such lines and an empty map.
func TestInventoryEmptyMapChecksNoRules(t *testing.T) {
	addr := startBroker(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := kafka.EnsureTopics(ctx, kafkatest.Admin(t, addr), kafka.TopicSpec{Name: pipeline.DefaultTopics.DataMap, Partitions: 1,
		Configs: map[string]string{"cleanup.policy": "compact"}}); err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, "brokers: ['"+addr+"']\n") // the built-in policy, which has rules
	code, out, stderr := run(t, "", "inventory", "--config", cfg)
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 0 and an empty map", code, out, stderr)
	}
	if strings.Contains(stderr, "names no table or column") || !strings.Contains(stderr, "the data map on "+pipeline.DefaultTopics.DataMap+" holds no entry yet") {
		t.Fatalf("stderr %q; want one line saying the map is empty, no rule called a typo", stderr)
	}
}

// A data map topic whose partitions were added to holds a column's old
// record in one partition and its newer ones in another: lethe inventory
// shows the newest by its evidence (next_offset), also when the host that
// wrote the older one had a clock running ahead, and says that it found
// keys in more than one partition. Before, the one of the partition read
// last was shown: 2 values seen where the newest record counts 5.
func TestInventoryKeyInTwoPartitions(t *testing.T) {
	addr := startBroker(t)
	const topic = "lethe.datamap"
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cl := kafkatest.Client(t, []string{addr}, kgo.RecordPartitioner(kgo.ManualPartitioner()))
	adm := kadm.NewClient(cl)
	if err := kafka.EnsureTopics(ctx, adm, kafka.TopicSpec{Name: topic, Partitions: 3, Configs: map[string]string{"cleanup.policy": "compact"}}); err != nil {
		t.Fatal(err)
	}
	const key = "public.customers|email|crm.public.customers|0"
	record := func(seen int64) []byte {
		var st pii.ColumnStats
		for range seen {
			st.Observe("email", nil, false)
		}
		stats, err := json.Marshal(&st)
		if err != nil {
			t.Fatal(err)
		}
		v, err := json.Marshal(pipeline.MapRecord{Entry: datamap.Entry{Table: "public.customers", Column: "email", SourceTopic: "crm.public.customers"},
			Schema: "public", Stats: stats, NextOffset: seen, Policy: "v1"})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	now := time.Now()
	for _, r := range []*kgo.Record{
		{Partition: 2, Value: record(5), Timestamp: now},
		{Partition: 0, Value: record(2), Timestamp: now.Add(time.Minute)}, // older, from a clock ahead
	} {
		r.Topic, r.Key = topic, []byte(key)
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := run(t, "", "inventory", "--brokers", addr)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var entries []datamap.Entry
	if err := json.Unmarshal([]byte(stdout), &entries); err != nil {
		t.Fatalf("%v: %s", err, stdout)
	}
	if len(entries) != 1 || entries[0].Seen != 5 {
		t.Errorf("inventory = %+v, want one entry of 5 values seen", entries)
	}
	if !strings.Contains(stderr, "1 key on lethe.datamap was found in more than one partition") {
		t.Errorf("stderr %q does not say that a key was found in two partitions", stderr)
	}
}

// Of the keys lethe inventory could not read, it names at most ten, and
// says so: pointed at a topic that is no data map (the commands topic, in
// a walk through the README), it printed "393 of 393 keys ... left out:
// [<10 keys not shown: not data map keys>]", and a reader looked for the
// other 383.
func TestInventorySaysHowManyUnreadKeysItNames(t *testing.T) {
	addr := startBroker(t)
	const topic = "not.a.datamap"
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cl := kafkatest.Client(t, []string{addr}, kgo.DefaultProduceTopic(topic), kgo.AllowAutoTopicCreation())
	for _, n := range []int{3, 12} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			for i := range n {
				r := &kgo.Record{Key: fmt.Appendf(nil, "cmd-%d", i), Value: []byte("{}")}
				if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
					t.Fatal(err)
				}
			}
			code, _, stderr := run(t, "", "inventory", "--brokers", addr, "--topic", topic)
			if code != 1 {
				t.Fatalf("exit %d, stderr %q; want 1", code, stderr)
			}
			want := fmt.Sprintf("%d of %d keys on %s could not be read (their latest records) and are left out: [\"<%d keys not shown: not data map keys>\"]", n, n, topic, n)
			if n > 10 {
				want = fmt.Sprintf("%d of %d keys on %s could not be read (their latest records) and are left out; the first 10: [\"<10 keys not shown: not data map keys>\"]", n, n, topic)
			}
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr %q\nwant it to hold %q", stderr, want)
			}
			// and what to do when nothing could be read
			if want := "no record on " + topic + " could be read: is it lethe's data map topic? (--topic"; !strings.Contains(stderr, want) {
				t.Errorf("stderr %q\nwant it to hold %q", stderr, want)
			}
		})
	}
}
