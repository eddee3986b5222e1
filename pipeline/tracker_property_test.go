package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// The randomized tests here drive the data map through sequences of
// transactions no hand-written case lists and check what must hold
// whatever the sequence: its records count every input once (the values
// seen and first and last seen of each column are what the inputs hold),
// and name, in lethe.input, only inputs that committed. A failure names its
// seed as a subtest: -run 'TestName/seed=N$' replays it alone.

// propertyTopic is the input topic of the randomized data map tests.
const propertyTopic = "crm.public.tickets"

// columnTruth is what the data map must say of one column once every
// input has committed.
type columnTruth struct {
	seen        int64
	first, last time.Time
}

// propertyRun is the state one seed of a randomized test shares between
// its steps: the inputs, what of them committed, and the data map records
// the committed transactions wrote, as the compacted topic keeps them.
type propertyRun struct {
	t         *testing.T
	r         *rand.Rand
	inputs    [][]Message // by partition
	truth     map[string]columnTruth
	committed []int // by partition, the next input to fetch
	highest   []int // by partition, the furthest committed ever: a group reset moves committed back
	stored    map[string][]byte
}

// eachSeed runs test on seeds 0 to seeds-1, each a subtest named by its
// seed so that a failure says which one and -run replays it alone. stream
// keeps two tests from drawing the same numbers.
func eachSeed(t *testing.T, seeds, stream uint64, test func(t *testing.T, r *rand.Rand)) {
	for seed := range seeds {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			test(t, rand.New(rand.NewPCG(seed, stream)))
		})
	}
}

// newPropertyRun makes n ticket inserts for each of parts partitions,
// with random event times, so that columns differ in their counts and
// what the data map says of them: notes, with a phone number, in about a
// third (personal from the start); remark in about half, clean in its
// first thirty or so and then now and then with a phone number (published
// as not personal, then discovered: a REDACT); and extra in about half of
// those after the hundredth (new late in a partition, after a restore has
// written the others' records).
func newPropertyRun(t *testing.T, r *rand.Rand, parts, n int) *propertyRun {
	run := &propertyRun{t: t, r: r, inputs: make([][]Message, parts), truth: map[string]columnTruth{},
		committed: make([]int, parts), highest: make([]int, parts), stored: map[string][]byte{}}
	for p := range parts {
		for i := range n {
			row := Row{"ticket_id": i}
			if r.IntN(3) == 0 {
				row["notes"] = "Rückruf unter " + plantedPhone
			}
			if r.IntN(2) == 0 {
				row["remark"] = "Lieferung pünktlich."
				if i >= 60 && r.IntN(4) == 0 {
					row["remark"] = "Rückruf unter " + plantedPhone
				}
			}
			if i > 100 && r.IntN(2) == 0 {
				row["extra"] = "x"
			}
			ts := 1700000000000 + int64(r.IntN(100000))*1000
			v, _ := json.Marshal(fakeEvent{Op: "c", Table: "tickets", After: row, TsMs: ts})
			m := msg(propertyTopic, int64(i), `{"ticket_id":`+itoa(i)+`}`, string(v))
			m.Partition = int32(p)
			run.inputs[p] = append(run.inputs[p], m)
			run.count(row, time.UnixMilli(ts).UTC())
		}
	}
	return run
}

// count adds an input's row, of event time at, to what the data map must
// say.
func (run *propertyRun) count(row Row, at time.Time) {
	for c := range row {
		ct, ok := run.truth[c]
		ct.seen++
		if !ok || at.Before(ct.first) {
			ct.first = at
		}
		if at.After(ct.last) {
			ct.last = at
		}
		run.truth[c] = ct
	}
}

// done says whether every input has committed.
func (run *propertyRun) done() bool {
	for p, c := range run.committed {
		if c < len(run.inputs[p]) {
			return false
		}
	}
	return true
}

// take fetches a batch from pos: fewer than limit inputs, at random, of
// each partition owns says the worker has. It returns the batch and where
// it ends.
func (run *propertyRun) take(pos []int, limit int, owns func(p int) bool) ([]Message, []int) {
	var in []Message
	end := append([]int(nil), pos...)
	for p := range run.inputs {
		if owns(p) {
			end[p] = min(pos[p]+run.r.IntN(limit), len(run.inputs[p]))
			in = append(in, run.inputs[p][pos[p]:end[p]]...)
		}
	}
	return in, end
}

// commit records that the transaction of a batch ending at end, which
// wrote out, committed: its data map records and commands name only
// inputs that committed, and its records replace the stored ones of their
// keys.
func (run *propertyRun) commit(out []Output, end []int) {
	run.t.Helper()
	for _, o := range out {
		if o.Topic == DefaultTopics.DataMap || o.Topic == DefaultTopics.Commands {
			run.checkInput(o, end)
		}
	}
	for k, v := range dataMapRecords(out) {
		run.stored[k] = v
	}
	copy(run.committed, end)
	for p := range end {
		run.highest[p] = max(run.highest[p], end[p])
	}
}

// checkInput fails if o's lethe.input names an input neither in the
// committing batch, which ends at end, nor committed before (a replay
// after a group reset may name one committed before the reset), or, for a
// data map record, one its evidence does not count (next_offset): one an
// aborted transaction fetched, which a REDACT must not hash into its id
// either.
func (run *propertyRun) checkInput(o Output, end []int) {
	run.t.Helper()
	h := header(o, HeaderInput)
	if h == "" {
		run.t.Fatalf("%s %s names no input", o.Topic, o.Key) // only a rewrite of an older lethe's record may not
	}
	p, off := run.parseInput(h, o)
	if off >= max(end[p], run.highest[p]) {
		run.t.Errorf("%s %s names input %s, uncommitted: the batch ends at %v, the furthest committed at %v", o.Topic, o.Key, h, end, run.highest)
	}
	if o.Topic != DefaultTopics.DataMap {
		return
	}
	var rec MapRecord
	if err := json.Unmarshal(o.Value, &rec); err != nil {
		run.t.Fatalf("%s %s: %v", o.Topic, o.Key, err)
	}
	if int64(off) >= rec.NextOffset {
		run.t.Errorf("%s %s names input %s, which its evidence (next_offset %d) does not count", o.Topic, o.Key, h, rec.NextOffset)
	}
}

// parseInput returns the partition and offset a lethe.input h of o names.
func (run *propertyRun) parseInput(h string, o Output) (partition, offset int) {
	run.t.Helper()
	rest, off, ok1 := cutLast(h)
	topic, part, ok2 := cutLast(rest)
	p, err1 := strconv.Atoi(part)
	n, err2 := strconv.Atoi(off)
	if !ok1 || !ok2 || err1 != nil || err2 != nil || topic != propertyTopic || p < 0 || p >= len(run.inputs) {
		run.t.Fatalf("%s %s: lethe.input %q is no input of the test", o.Topic, o.Key, h)
	}
	return p, n
}

// cutLast splits s around its last slash.
func cutLast(s string) (before, after string, found bool) {
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// checkCounts merges the stored records as lethe inventory does and fails
// where a column's counts are not what the inputs hold.
func (run *propertyRun) checkCounts() {
	run.t.Helper()
	if !run.done() {
		run.t.Fatalf("the steps ran out with committed inputs at %v", run.committed)
	}
	entries, skipped := MergeRecords(run.stored)
	if len(skipped) > 0 {
		run.t.Fatalf("records skipped: %v", skipped)
	}
	for _, en := range entries {
		want, ok := run.truth[en.Column]
		if !ok || en.Seen != want.seen || !en.FirstSeen.Equal(want.first) || !en.LastSeen.Equal(want.last) {
			run.t.Errorf("%s: seen %d, first %v, last %v; want %d, %v, %v", en.Column, en.Seen, en.FirstSeen, en.LastSeen, want.seen, want.first, want.last)
		}
	}
	if len(entries) != len(run.truth) {
		run.t.Errorf("%d columns in the data map, want %d", len(entries), len(run.truth))
	}
}

// propertyEngine is a test engine under p with the data map tr, on one
// lane: the randomized tests' batches are too small to be split
// (minParallelBatch). They make hundreds of engines, which newTestEngine
// would make at more than twice the cost: it parses the default policy,
// and a second lane's memo is 6 MB to clear.
func propertyEngine(t *testing.T, p *policy.Policy, tr *Tracker) *Engine {
	t.Helper()
	e, err := NewEngine(EngineConfig{Decoder: fakeDecoder{}, Detector: pii.NewScanner(), Policy: p, Sanitizer: testSanitizer(t),
		Topics: DefaultTopics, DataMap: tr, Parallelism: 1})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// ownsAll is the owns of a worker given every partition.
func ownsAll(int) bool { return true }

// The sizes of the randomized tests, which run together in about 1.5 s on
// two busy cores. With f6e1450's fix reverted, 5 of the 40 seeds of the
// aborts test fail; the rebalance test fails in every seed when Forget
// keeps a revoked partition's columns or their count.
const (
	abortSeeds, abortInputs, abortBatch             = 40, 150, 40
	rebalanceSeeds, rebalanceInputs, rebalanceBatch = 12, 300, 80
)

// The data map counts each input once and names only committed inputs
// whatever one worker's transactions do. Randomized are the batches'
// sizes, aborts, batches prepared while the previous one's transaction is
// open (aborted with it, or finished once it commits), whether Committed
// is called or left to the next batch, restarts that restore the map under
// one of two policies, so that its columns are stale and rewritten, and
// group resets that refetch inputs already counted. An abort must take
// back all of its batches, a replay must count nothing twice, and a stale
// column's rewrite must carry only what its own batch saw (f6e1450: the
// retry of an aborted batch named an input of the aborted one).
func TestDataMapCountsSurviveAbortsProperty(t *testing.T) {
	var policies [2]*policy.Policy
	for v := range policies {
		p, err := policy.Parse(strings.NewReader("version: v" + itoa(v) + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		policies[v] = p
	}
	eachSeed(t, abortSeeds, 7, func(t *testing.T, r *rand.Rand) {
		run := newPropertyRun(t, r, 2, abortInputs)
		v := 0
		e := run.restart(policies[v])
		for steps := 0; !run.done() && steps < 1000; steps++ {
			if reset := r.IntN(10) == 0; reset || r.IntN(4) == 0 {
				if r.IntN(4) > 0 {
					v = 1 - v // mostly under the other policy: every column is stale
				}
				e = run.restart(policies[v])
				if reset {
					run.reset()
				}
			}
			in, end := run.take(run.committed, abortBatch, ownsAll)
			out, err := e.Handle(context.Background(), in, nil)
			if err != nil {
				t.Fatal(err)
			}
			out, end, open := run.overlap(e, out, end)
			switch {
			case !open:
			case r.IntN(4) == 0:
				e.Aborted()
			default:
				if r.IntN(2) == 0 {
					e.Committed() // or left to the next batch, which assumes it
				}
				run.commit(out, end)
			}
		}
		run.checkCounts()
	})
}

// restart starts the worker again: its data map, under p, reads back the
// stored records.
func (run *propertyRun) restart(p *policy.Policy) *Engine {
	tr := NewTracker(p)
	if err := tr.Restore(run.stored, func(string, int32) bool { return true }); err != nil { // every partition
		run.t.Fatal(err)
	}
	return propertyEngine(run.t, p, tr)
}

// reset moves each partition's committed input back to a random earlier
// one, as a group reset does: what follows refetches inputs counted
// before.
func (run *propertyRun) reset() {
	for p, c := range run.committed {
		run.committed[p] = run.r.IntN(c + 1)
	}
}

// overlap prepares, at random, batches while the last one's transaction
// is open, as a worker does to keep both cores busy: each one is either
// aborted with the open one or finished once the open one commits. It
// returns the outputs of the batch whose transaction is still open and
// where it ends, or false if an abort ended them all.
func (run *propertyRun) overlap(e *Engine, out []Output, end []int) ([]Output, []int, bool) {
	ctx := context.Background()
	for run.r.IntN(3) > 0 {
		in, next := run.take(end, abortBatch, ownsAll)
		if err := e.Prepare(ctx, in); err != nil {
			run.t.Fatal(err)
		}
		if run.r.IntN(4) == 0 {
			e.Aborted()
			return nil, nil, false
		}
		e.Committed()
		run.commit(out, end)
		out = nil
		if err := e.Finish(ctx, func(o []Output) error { out = append(out, o...); return nil }); err != nil {
			run.t.Fatal(err)
		}
		end = next
	}
	return out, end, true
}

// rebalanceWorker is one of the two workers of the rebalance test.
type rebalanceWorker struct {
	e     *Engine
	tr    *Tracker
	owned []bool // by partition
}

// newRebalanceWorker is a worker under p that owns none of parts
// partitions yet.
func newRebalanceWorker(t *testing.T, p *policy.Policy, parts int) *rebalanceWorker {
	tr := NewTracker(p)
	return &rebalanceWorker{e: propertyEngine(t, p, tr), tr: tr, owned: make([]bool, parts)}
}

func (w *rebalanceWorker) owns(p int) bool { return w.owned[p] }

// assign gives w partition p and reads p's records back. Given p again
// without a revoke (a rebalance that lost no time to say so), w first
// forgets what it held of p: the other worker may have moved it on.
func (run *propertyRun) assign(w *rebalanceWorker, p int) {
	if w.owned[p] {
		w.tr.Forget(func(_ string, q int32) bool { return w.owned[q] && int(q) != p })
	}
	w.owned[p] = true
	if err := w.tr.Restore(run.stored, func(_ string, q int32) bool { return int(q) == p }); err != nil {
		run.t.Fatal(err)
	}
}

// revoke takes p from w, which forgets it.
func revoke(w *rebalanceWorker, p int) {
	w.owned[p] = false
	owned := func(_ string, q int32) bool { return w.owned[q] }
	w.tr.Forget(owned)
	w.e.Forget(owned)
}

// rebalance moves a random partition to a random worker, perhaps the one
// that has it, while w's transaction is open: it aborts, before or after
// the partition moves.
func (run *propertyRun) rebalance(ws []*rebalanceWorker, w *rebalanceWorker) {
	p := run.r.IntN(len(run.inputs))
	from, to := ws[0], ws[run.r.IntN(len(ws))]
	if !from.owned[p] {
		from = ws[1]
	}
	if to != from {
		revoke(from, p)
	}
	if run.r.IntN(2) == 0 {
		w.e.Aborted()
		run.assign(to, p)
	} else {
		run.assign(to, p)
		w.e.Aborted()
	}
}

// checkPartitionColumns fails where a worker's count of a partition's
// columns, which MaxPartitionColumns bounds, is not what its map holds.
func checkPartitionColumns(t *testing.T, ws []*rebalanceWorker, step int) {
	t.Helper()
	for i, w := range ws {
		for p := range int32(len(w.owned)) {
			if n, held := w.tr.PartitionColumns(propertyTopic, p), walkedColumns(w.tr, propertyTopic, p); n != held {
				t.Fatalf("step %d: worker %d counts %d columns of partition %d and holds %d", step, i, n, p, held)
			}
		}
	}
}

// The data map counts each input once and names only committed inputs
// while partitions move between two workers. Randomized are which worker
// runs each batch and its size, aborts, and rebalances during a batch:
// a partition revoked and assigned to the other worker, or assigned again
// to the same one without a revoke, with the open transaction aborted
// before or after. A worker given a partition must count on from what the
// records of the other said, forget what it held of one taken away, and
// keep each partition's count of its columns equal to what it holds.
func TestDataMapCountsSurviveRebalanceProperty(t *testing.T) {
	pol := policy.Default()
	eachSeed(t, rebalanceSeeds, 9, func(t *testing.T, r *rand.Rand) {
		const parts = 3
		run := newPropertyRun(t, r, parts, rebalanceInputs)
		ws := []*rebalanceWorker{newRebalanceWorker(t, pol, parts), newRebalanceWorker(t, pol, parts)}
		for p := range parts {
			run.assign(ws[p%2], p)
		}
		for steps := 0; !run.done() && steps < 2000; steps++ {
			checkPartitionColumns(t, ws, steps)
			w := ws[r.IntN(len(ws))]
			in, end := run.take(run.committed, rebalanceBatch, w.owns)
			out, err := w.e.Handle(context.Background(), in, nil)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case r.IntN(5) == 0:
				run.rebalance(ws, w)
			case r.IntN(5) == 0:
				w.e.Aborted()
			default:
				w.e.Committed()
				run.commit(out, end)
			}
		}
		run.checkCounts()
	})
}
