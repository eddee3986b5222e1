package pipeline

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// The data map counts each partition's columns where it creates and drops
// them, so that MaxPartitionColumns costs no walk over the map: after
// every change the count is what the map holds. A lane's tracker counts in
// the engine's batch count the columns it adds that the map lacks.
func TestTrackerCountsPartitionColumns(t *testing.T) {
	const topic = "crm.public.mixed"
	p := policy.Default()
	tk := func(table string, partition int32) tableKey {
		return tableKey{schema: "public", topic: topic, partition: partition, table: "public." + table}
	}
	shared := NewTracker(p)
	var batch batchColumns
	lane := NewTracker(p)
	lane.base, lane.batch = shared, &batch
	see := func(tr *Tracker, k tableKey, cols ...string) {
		for _, c := range cols {
			tr.state(tr.columns(k), k, c)
		}
	}
	stored := map[string][]byte{} // the committed data map records
	flush := func(tr *Tracker) map[string][]byte {
		out, _, err := tr.Flush(DefaultTopics, nil)
		if err != nil {
			t.Fatal(err)
		}
		recs := map[string][]byte{}
		for _, o := range out {
			recs[string(o.Key)] = o.Value
		}
		return recs
	}
	commit := func() { // the engine's end of a batch whose transaction committed
		shared.Absorb(lane)
		batch.reset()
		maps.Copy(stored, flush(shared))
		shared.Commit()
	}
	restored := func(parts ...int32) *Tracker {
		tr := NewTracker(p)
		if err := tr.Restore(stored, func(_ string, p int32) bool { return p == parts[0] || len(parts) > 1 && p == parts[1] }); err != nil {
			t.Fatal(err)
		}
		return tr
	}
	for _, step := range []struct {
		name   string
		do     func() *Tracker // the tracker to check afterwards
		counts [3]int          // partitions 0, 1 and 2
		batch  [3]int          // the lanes' batch count, per partition
	}{
		{"a lane sees new columns", func() *Tracker {
			see(lane, tk("t1", 0), "a", "b")
			see(lane, tk("t2", 0), "a")
			see(lane, tk("t1", 1), "a")
			see(lane, tk("t1", 0), "a") // again: one column
			return lane
		}, [3]int{}, [3]int{3, 1, 0}},
		{"the map absorbs them", func() *Tracker {
			commit()
			return shared
		}, [3]int{3, 1, 0}, [3]int{}},
		{"a lane counts only what the map lacks", func() *Tracker {
			see(lane, tk("t1", 0), "a", "c")
			see(lane, tk("t1", 2), "a")
			return lane
		}, [3]int{}, [3]int{1, 0, 1}},
		{"an aborted batch's columns leave", func() *Tracker {
			shared.Absorb(lane)
			batch.reset()
			shared.Abort()
			return shared
		}, [3]int{3, 1, 0}, [3]int{}},
		{"a committed batch's stay", func() *Tracker {
			see(lane, tk("t1", 0), "a", "c")
			see(lane, tk("t1", 2), "a")
			commit()
			shared.Abort() // nothing open: nothing changes
			return shared
		}, [3]int{4, 1, 1}, [3]int{}},
		{"restored: the partitions owned", func() *Tracker { return restored(0, 2) }, [3]int{4, 0, 1}, [3]int{}},
		{"restored twice, and a column under two keys (an older lethe's), once", func() *Tracker {
			tr := restored(0)
			dup := maps.Clone(stored)
			for k, v := range stored {
				dup["old key of "+k] = v
			}
			if err := tr.Restore(dup, func(string, int32) bool { return true }); err != nil {
				t.Fatal(err)
			}
			return tr
		}, [3]int{4, 1, 1}, [3]int{}},
		{"forgotten", func() *Tracker {
			tr := restored(0, 1)
			tr.Forget(func(_ string, p int32) bool { return p == 1 })
			return tr
		}, [3]int{0, 1, 0}, [3]int{}},
		{"reset", func() *Tracker {
			shared.Reset()
			return shared
		}, [3]int{}, [3]int{}},
	} {
		tr := step.do()
		for part := range int32(3) {
			var counted int
			if tr.base == nil {
				counted = tr.PartitionColumns(topic, part)
				if walked := walkedColumns(tr, topic, part); counted != walked {
					t.Errorf("%s: partition %d: the map counts %d columns and holds %d", step.name, part, counted, walked)
				}
			}
			if counted != step.counts[part] || batch.load(partitionKey{topic, part}) != step.batch[part] {
				t.Errorf("%s: partition %d: the map counts %d, the batch %d; want %d and %d", step.name, part,
					counted, batch.load(partitionKey{topic, part}), step.counts[part], step.batch[part])
			}
		}
	}
}

// NewerMapRecord orders two records of one data map key by how far their
// evidence reaches, and leaves to the record timestamps what that does not
// settle: equal next_offsets (a record rewritten under a new policy) and
// values that are not data map records.
func TestNewerMapRecord(t *testing.T) {
	const (
		at3   = `{"entry":{"table":"public.customers","column":"email"},"source_partition":0,"next_offset":3,"policy":"v1"}`
		at9   = `{"entry":{"table":"public.customers","column":"email"},"source_partition":0,"next_offset":9,"policy":"v1"}`
		at9v2 = `{"entry":{"table":"public.customers","column":"email"},"source_partition":0,"next_offset":9,"policy":"v2"}`
		older = `{"entry":{"table":"public.customers","column":"email"},"source_partition":0}` // written before next_offset was kept
	)
	for _, c := range []struct {
		name string
		a, b string
		want int
	}{
		{"further evidence first", at9, at3, 1},
		{"further evidence second", at3, at9, -1},
		{"one without next_offset", older, at3, -1},
		{"equal: the timestamps decide", at9, at9v2, 0},
		{"not a data map record", "x", at3, 0},
	} {
		if got := NewerMapRecord([]byte(c.a), []byte(c.b)); got != c.want {
			t.Errorf("%s: NewerMapRecord = %d, want %d", c.name, got, c.want)
		}
	}
}

// TestSoonerIsBefore: observe compares event times with sooner, which must
// answer as time.Time's Before for every pair it meets, zero times and
// other locations among them.
func TestSoonerIsBefore(t *testing.T) {
	base := time.UnixMilli(1_710_403_201_000).UTC()
	times := []time.Time{{}, base, base.Add(time.Nanosecond), base.Add(-time.Nanosecond), base.Add(time.Second),
		base.Add(-time.Second + time.Nanosecond), base.In(time.FixedZone("X", 3600)), time.Unix(-5, 7).UTC()}
	for _, a := range times {
		for _, b := range times {
			if got, want := sooner(a.Unix(), a.Nanosecond(), b), a.Before(b); got != want {
				t.Errorf("sooner(%v, %v) = %v, want %v", a, b, got, want)
			}
		}
	}
}

// A batch aborted after a restore under a new policy leaves no trace in
// the stale columns it rewrote: the retry, refetched from the committed
// offsets and here shorter than the aborted batch, writes what it would
// have written had the aborted one never run. Before, Abort marked those
// columns for the retry's flush with the aborted batch's latest inputs
// still on them: the data map record's lethe.input named an input the
// record did not count, and the REDACT its discovery sent named, and
// hashed into its id, an input of the aborted transaction.
func TestDataMapStaleRewriteAfterAbort(t *testing.T) {
	tickets := func(from, to int, withPhone ...int) []Message {
		var in []Message
		for i := from; i < to; i++ {
			notes := "Lieferung pünktlich."
			if slices.Contains(withPhone, i) {
				notes = "Rückruf unter " + plantedPhone
			}
			v, _ := json.Marshal(fakeEvent{Op: "c", Table: "tickets", TsMs: 1700000000000 + int64(i), After: Row{"ticket_id": i, "notes": notes}})
			in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`, string(v)))
		}
		return in
	}
	old, _ := newPolicyEngine(t, "version: old\ndefaults: {\"*\": keep, "+keepSpecial+"}\n")
	out, err := old.Handle(context.Background(), tickets(0, 25), nil) // enough clean values to publish notes as not personal
	if err != nil {
		t.Fatal(err)
	}
	old.Committed()
	stored := dataMapRecords(out)
	p, err := policy.Parse(strings.NewReader("version: new\ndefaults: {\"*\": drop}\n"))
	if err != nil {
		t.Fatal(err)
	}
	// written renders a batch's data map records and commands, headers
	// included, by topic and key.
	written := func(out []Output) map[string]string {
		m := map[string]string{}
		for _, o := range out {
			if o.Topic == DefaultTopics.DataMap || o.Topic == DefaultTopics.Commands {
				m[o.Topic+" "+string(o.Key)] = header(o, HeaderInput) + " " + string(o.Value)
			}
		}
		return m
	}
	retry := tickets(25, 29, 26, 27)
	for _, c := range []struct {
		name    string
		aborted []Message
	}{
		{"nothing personal in the aborted batch", tickets(25, 35)},
		{"the aborted batch finds what the retry finds, later", tickets(25, 35, 30, 31)},
	} {
		clean := restoredEngine(t, p, stored)
		want, err := clean.Handle(context.Background(), retry, nil)
		if err != nil {
			t.Fatal(err)
		}
		e := restoredEngine(t, p, stored)
		if _, err := e.Handle(context.Background(), c.aborted, nil); err != nil {
			t.Fatal(err)
		}
		e.Aborted()
		got, err := e.Handle(context.Background(), retry, nil)
		if err != nil {
			t.Fatal(err)
		}
		w, g := written(want), written(got)
		if len(w) == 0 {
			t.Fatalf("%s: the retry wrote no data map record", c.name)
		}
		for k := range w {
			if g[k] != w[k] {
				t.Errorf("%s: %s after an abort:\n%s\nwant\n%s", c.name, k, g[k], w[k])
			}
		}
		if len(g) != len(w) {
			t.Errorf("%s: %d records and commands after an abort, want %d", c.name, len(g), len(w))
		}
	}
}

// Two CDC sources read by one lethe may both have public.customers: two
// tables, which the record of processing keeps apart, as the ERASEs do
// (TestEngineEraseCategoriesOfItsOwnTable). Before, lethe inventory merged
// the columns of both into one entry: shop's customers.notes, which holds
// no phone number, was listed with crm's phone numbers, and each table's
// counts with the other's.
func TestMergeRecordsKeepsSourcesApart(t *testing.T) {
	e, _ := newPolicyEngine(t, "version: x\nrecipients:\n  default: {topic: \"lethe.{prefix}.{table}\"}\n")
	var in []Message
	for i := range 3 {
		v, _ := json.Marshal(fakeEvent{Op: "c", Table: "customers", After: Row{"id": i, "notes": "Rückruf unter " + plantedPhone}})
		in = append(in, msg("crm.public.customers", int64(i), `{"id":`+itoa(i)+`}`, string(v)))
	}
	for i := range 2 {
		v, _ := json.Marshal(fakeEvent{Op: "c", Table: "customers", After: Row{"id": i, "notes": "Lieferung pünktlich."}})
		in = append(in, msg("shop.public.customers", int64(i), `{"id":`+itoa(i)+`}`, string(v)))
	}
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.Committed()
	entries, skipped := MergeRecords(dataMapRecords(out))
	if len(skipped) > 0 {
		t.Fatal(skipped)
	}
	type want struct {
		seen       int64
		personal   bool
		categories []string
		outputs    []string
	}
	got := map[string]want{}
	for _, en := range entries {
		if en.Column == "notes" {
			got[en.SourceTopic] = want{en.Seen, en.Personal, en.Categories, en.Outputs}
		}
	}
	for topic, w := range map[string]want{
		"crm.public.customers":  {3, true, []string{string(pii.Phone)}, []string{"lethe.crm.customers"}},
		"shop.public.customers": {2, false, []string{}, []string{"lethe.shop.customers"}},
	} {
		if g, ok := got[topic]; !ok || g.seen != w.seen || g.personal != w.personal || !slices.Equal(g.categories, w.categories) || !slices.Equal(g.outputs, w.outputs) {
			t.Errorf("notes of %s: %+v (found %t), want %+v", topic, g, ok, w)
		}
	}
	if len(got) != 2 {
		t.Errorf("notes entries by source topic: %v, want one for each of the two sources", slices.Sorted(maps.Keys(got)))
	}
}
