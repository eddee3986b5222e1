package pipeline

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lethe-cdc/lethe/pipeline/datamap"
	"github.com/lethe-cdc/lethe/pipeline/jsonw"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// Tracker keeps the live data map from the stream. State is kept per input
// partition, because one worker owns a partition at a time: the worker that
// gets a partition restores that partition's entries from the compacted data
// map topic (Restore), and lethe inventory merges all partitions' entries.
// A Tracker is used by one goroutine at a time.
type Tracker struct {
	policy *policy.Policy
	tables map[tableKey]map[string]*colState
	// dirty, pending, found and undo are reused from batch to batch, and
	// emptied with clearAll (settle clears undo): a backing array as long
	// as the largest batch's must not keep the column states of earlier
	// batches alive, those of partitions Forget dropped among them (an
	// audit found a burst of 80,000 new columns held so after Forget).
	dirty []colRef
	// gen changes whenever column states may be dropped (Reset, Abort),
	// which invalidates every obsCache.
	gen uint64

	// pending are verdicts published by the last Flush, applied when its
	// transaction commits (Commit) and forgotten when it aborts (Abort), so
	// a discovery is reported again if its first report never committed.
	pending []pendingVerdict
	// found are the discoveries of the last Flush, until Commit or Abort
	// settles its batch: see Discoveries.
	found []Discovery
	// undo holds what Absorb changed since the last Commit or Abort, as it
	// was before: an aborted batch is observed again when it is retried,
	// and Abort puts the state back so it is not counted twice.
	undo []undoEntry

	// cats caches Categories per table; lanes read it concurrently while
	// the tracker itself is not being written.
	catsMu sync.Mutex
	cats   map[sourceTable][]string

	// stale are restored columns written under another policy version:
	// each stays here, and is marked for the next Flush again after an
	// abort, until a batch that rewrote it commits.
	stale []colRef

	// counted holds, per input partition, the offset below which Restore
	// found every input already counted: a replay of those inputs (the
	// group reset to the start) is sanitized again but not counted twice.
	// It is a high-water mark: an input dead-lettered below it and
	// replayed after a fix is sanitized but not counted at all, the
	// smaller error. Lanes read it while the tracker is not being written.
	counted map[partitionKey]int64

	// carried holds, for every record Restore read (of any partition,
	// owned or not), which tables (schema and table) each input topic
	// carries: see Engine.Restored.
	carried map[string]map[[2]string]bool

	// partColumns counts, per input partition, the column states the
	// data map holds for all the partition's tables together: what
	// EngineConfig.MaxPartitionColumns bounds. It changes where a state
	// is created (state, Restore) or dropped (Abort, Forget, Reset), so
	// that no check walks the map (PartitionColumns). A counter Forget
	// dropped may still be counted down by an Abort of the batch before
	// it, which leaves the new one, made when the partition comes back,
	// alone.
	partColumns map[partitionKey]*int
	// base, on a lane's tracker, is the shared data map the lane adds its
	// batch to (EngineConfig.DataMap), and batch counts the columns the
	// engine's lanes together add to it: a lane's tracker counts in batch
	// the columns it creates that base does not hold, not in partColumns.
	base  *Tracker
	batch *batchColumns
}

// batchColumns counts, per input partition, the columns the lanes of an
// engine add to the data map in the batch they run (columns the map does
// not hold yet), for the lanes to check MaxPartitionColumns against the
// map's count and this one together: the lanes of one batch then take a
// partition past the bound by no more than the images they check at the
// same moment, where each lane counting only its own columns would let
// each of them add up to the bound. A column two lanes add counts twice,
// which errs on the side of the bound in the batch that reaches it. Lanes
// add to it concurrently; the engine empties it with their trackers.
type batchColumns struct{ m sync.Map } // partitionKey -> *atomic.Int64

// add counts a column of pk a lane created.
func (b *batchColumns) add(pk partitionKey) {
	v, ok := b.m.Load(pk)
	if !ok {
		v, _ = b.m.LoadOrStore(pk, new(atomic.Int64))
	}
	v.(*atomic.Int64).Add(1)
}

// load returns how many columns of pk the lanes have created.
func (b *batchColumns) load(pk partitionKey) int {
	if v, ok := b.m.Load(pk); ok {
		return int(v.(*atomic.Int64).Load())
	}
	return 0
}

// reset empties b, between batches.
func (b *batchColumns) reset() { b.m.Clear() }

// partitionKey is an input partition.
type partitionKey struct {
	topic     string
	partition int32
}

// tableKey locates a table's columns in one input partition. table is
// "schema.table"; schema is kept apart, since a dot in either leaves the
// split in doubt.
type tableKey struct {
	schema    string
	topic     string
	partition int32
	table     string
}

type colRef struct {
	tk  tableKey
	col string
	st  *colState
}

type colState struct {
	stats       pii.ColumnStats
	first, last time.Time
	// lastOffset is the latest input offset observed in this flush, for
	// the lethe.input header of the data map record; -1 when none.
	lastOffset int64
	// lastLSN is the source.lsn of the input at lastOffset (0 when it had
	// none): a REDACT that input causes carries it, for holders to order
	// it among the changes of its transaction.
	lastLSN int64
	// foundOffset and foundLSN are lastOffset and lastLSN of the inputs
	// whose value held personal data: the source of the column's REDACT,
	// which a DPO checking it must find personal data in (-1 when none).
	foundOffset, foundLSN int64
	// foundAt is that input's event time (zero when it had none): a
	// REDACT's id hashes it, which the column's last time would make
	// depend on where the batch ends (a review).
	foundAt time.Time
	// next is one past the latest input offset the evidence includes,
	// over all flushes: what Restore needs to tell a replayed input.
	next  int64
	dirty bool
	// published: a data map record went out for the column with a decided
	// verdict (see decided); personal: the last one said it holds personal
	// data. A column whose published verdict turns from not personal to
	// personal is a discovery.
	published, personal bool
	// saved: the undo log holds the evidence before the current batch;
	// dropped: Abort removed the column, which the batch had created.
	saved, dropped bool
	// inKey: the column is part of the table's record key, which ERASE
	// commands carry (sticky: a key column stays one).
	inKey bool
}

type pendingVerdict struct {
	st       *colState
	personal bool
	decided  bool // see decided
}

// discoveryMinValues is how many non-null values without personal data a
// column needs before its "not personal" verdict counts for discovery.
// Earlier, a batch that held a column's first few values, nulls or blanks,
// would publish it as not personal, and the next batch's first real value
// would send holders a REDACT: whether one went out depended on where the
// batches happened to end, and the commands topic keeps every command for
// ever. A column that turns personal within its first values is simply
// personal; those few values held nothing any detector found.
const discoveryMinValues = 20

// decided reports whether a verdict settles the column for discovery: a
// personal one always, a not personal one once enough values back it.
func decided(e *datamap.Entry) bool { return e.Personal || e.NonNull >= discoveryMinValues }

// undoEntry is a column's evidence before the batch that Commit or Abort
// settles; created marks a column the batch created, which counted in
// partColumns (its partition's counter).
type undoEntry struct {
	cols        map[string]*colState
	col         string
	st          *colState
	created     bool
	partColumns *int
	stats       pii.ColumnStats
	first, last time.Time
	next        int64
}

// Commit makes the observations and the verdicts of the last batch the
// published ones.
func (t *Tracker) Commit() {
	for _, p := range t.pending {
		if p.decided {
			p.st.published, p.st.personal = true, p.personal
		}
	}
	t.pending, t.found = clearAll(t.pending), clearAll(t.found)
	t.settle()
	// A stale column that is not dirty was rewritten by this batch.
	t.stale = slices.DeleteFunc(t.stale, func(r colRef) bool { return !r.st.dirty })
}

// Discoveries returns the discoveries of the last Flush whose batch has not
// been committed or aborted yet: what the REDACT commands of the open
// transaction are about, for whoever logs them once it commits. Valid until
// the next Flush, Commit or Abort.
func (t *Tracker) Discoveries() []Discovery { return t.found }

// Abort forgets the last batch: its data map records never reached the
// topic, and its inputs will be observed again when they are retried.
func (t *Tracker) Abort() {
	t.gen++
	t.pending, t.found = clearAll(t.pending), clearAll(t.found)
	dropped := false
	for _, u := range t.undo {
		if u.created {
			delete(u.cols, u.col)
			if u.partColumns != nil {
				*u.partColumns--
			}
			u.st.dropped, dropped = true, true
			continue
		}
		u.st.stats, u.st.first, u.st.last, u.st.next = u.stats, u.first, u.last, u.next
	}
	if dropped {
		t.dirty = slices.DeleteFunc(t.dirty, func(r colRef) bool { return r.st.dropped })
	}
	for _, r := range t.stale {
		if !r.st.dirty { // its rewrite never committed: again with the retry
			r.st.markDirty()
			t.dirty = append(t.dirty, r)
		}
	}
	t.settle()
	t.invalidate()
}

// clearAll empties s for reuse, zeroing its elements so that its backing
// array references nothing of theirs.
func clearAll[S ~[]E, E any](s S) S {
	clear(s)
	return s[:0]
}

// settle empties the undo log.
func (t *Tracker) settle() {
	for _, u := range t.undo {
		u.st.saved = false
	}
	t.undo = clearAll(t.undo)
}

// save records st's evidence before Absorb changes it, once per batch; a
// column the batch created counted in partColumns of tk's partition.
func (t *Tracker) save(cols map[string]*colState, tk tableKey, col string, st *colState, created bool) {
	if st.saved {
		return
	}
	u := undoEntry{cols: cols, col: col, st: st, created: created}
	if created {
		u.partColumns = t.partColumns[partitionKey{tk.topic, tk.partition}]
	} else {
		u.stats, u.first, u.last, u.next = st.stats.Clone(), st.first, st.last, st.next
	}
	st.saved = true
	t.undo = append(t.undo, u)
}

// Discovery is a column that the data map had published as not personal
// and now finds personal: copies made from earlier records may hold
// personal data that individual values did not reveal, so holders are told
// to redact the column.
type Discovery struct {
	Entry  datamap.Entry
	Source Position  // the latest input whose value in the column held personal data
	LSN    int64     // that input's source.lsn; 0 when it had none
	At     time.Time // that input's event time; zero when it had none
	Schema string    // the schema of Entry.Table, "schema.table"
}

// MapRecord is the value of a data map topic record: the rendered entry and
// the detector evidence needed to merge partitions.
type MapRecord struct {
	Entry     datamap.Entry   `json:"entry"`
	Partition int32           `json:"source_partition"`
	Stats     json.RawMessage `json:"stats"`
	// NextOffset is one past the latest input offset the evidence counts
	// (0 in records written before it was kept): a worker that restores
	// the record does not count those inputs again when they are replayed.
	NextOffset int64 `json:"next_offset,omitempty"`
	// Policy is the version of the policy the actions, outputs and
	// purposes were decided under.
	Policy string `json:"policy,omitempty"`
	// Actions holds, per recipient, the action for each category seen in
	// this partition ("*" for a column rule's single action), so that
	// MergeRecords can say what each recipient gets of the categories all
	// partitions together find.
	Actions map[string]map[string]string `json:"actions,omitempty"`
	// Schema is the schema of Entry.Table, "schema.table", which does not
	// say where the schema ends when either holds a dot ("" in records
	// written before it was kept).
	Schema string `json:"schema,omitempty"`
	// Purposes are, per recipient of the column, the purposes it
	// processes it for (absent in records written before they were kept).
	Purposes map[string][]string `json:"purposes,omitempty"`
	// InKey: the column is part of its table's record key.
	InKey bool `json:"in_key,omitempty"`
}

// NewerMapRecord compares two values of one data map key found in
// different partitions of the data map topic, which happens once partitions
// were added to it: > 0 when a's evidence reaches further (its next_offset),
// < 0 when b's, 0 when they do not say (equal, or a value that is not a
// data map record), for the record timestamps to decide. A key's
// next_offset never goes down while the input partition it names lives,
// whatever the clocks of the hosts that wrote it say.
func NewerMapRecord(a, b []byte) int {
	var ra, rb struct {
		NextOffset int64 `json:"next_offset"`
	}
	if json.Unmarshal(a, &ra) != nil || json.Unmarshal(b, &rb) != nil {
		return 0
	}
	return cmp.Compare(ra.NextOffset, rb.NextOffset)
}

// split returns the schema and table of r's entry; known is false when a
// record without Schema leaves the split in doubt (see splitRestored),
// and the schema is then a guess: up to the first dot.
func (r *MapRecord) split() (schema, table string, known bool) {
	if t, ok := strings.CutPrefix(r.Entry.Table, r.Schema+"."); ok && r.Schema != "" {
		return r.Schema, t, true
	}
	if schema, table, ok := splitRestored(r.Entry.SourceTopic, r.Entry.Table); ok {
		return schema, table, true
	}
	schema, table, _ = strings.Cut(r.Entry.Table, ".")
	return schema, table, false
}

// splitRestored splits a data map entry's schema.table as the records of
// topic named it: at the one dot that makes topic the table's own Debezium
// topic, or, for another topic, at its only dot; ok is false when that is
// in doubt.
func splitRestored(topic, qualified string) (schema, table string, ok bool) {
	found := 0
	for i := range len(qualified) {
		if qualified[i] == '.' && standardTopic(topic, qualified[:i], qualified[i+1:]) {
			schema, table, found = qualified[:i], qualified[i+1:], found+1
		}
	}
	switch {
	case found == 1:
		return schema, table, true
	case found == 0 && strings.Count(qualified, ".") == 1:
		schema, table, _ = strings.Cut(qualified, ".")
		return schema, table, true
	}
	return "", "", false
}

// NewTracker returns an empty Tracker; the policy supplies each table's
// recipients and output topics.
func NewTracker(p *policy.Policy) *Tracker {
	return &Tracker{policy: p, tables: map[tableKey]map[string]*colState{}}
}

// state returns the column's state, creating it (created) and counting it
// in partColumns, or, on a lane's tracker, in batch unless base holds it.
func (t *Tracker) state(cols map[string]*colState, tk tableKey, col string) (st *colState, created bool) {
	st = cols[col]
	if st == nil {
		st, created = &colState{lastOffset: -1, foundOffset: -1}, true
		cols[col] = st
		switch {
		case t.base == nil:
			*t.partitionCounter(tk.topic, tk.partition)++
		case t.base.tables[tk][col] == nil:
			t.batch.add(partitionKey{tk.topic, tk.partition})
		}
	}
	if !st.dirty {
		st.markDirty()
		t.dirty = append(t.dirty, colRef{tk: tk, col: col, st: st})
	}
	return st, created
}

// markDirty marks st for the next Flush with no input of its batch seen
// yet: the inputs a record and its REDACT name (lastOffset, foundOffset)
// must be of the batch that writes them. A stale column Abort marks again
// kept the aborted batch's, and its retry, refetched and shorter, named an
// input it had not counted and hashed it into the REDACT's id.
func (st *colState) markDirty() {
	st.dirty = true
	st.lastOffset, st.foundOffset, st.foundAt = -1, -1, time.Time{}
}

// partitionCounter returns the partColumns counter of a partition, making
// it.
func (t *Tracker) partitionCounter(topic string, partition int32) *int {
	pk := partitionKey{topic, partition}
	n := t.partColumns[pk]
	if n == nil {
		if t.partColumns == nil {
			t.partColumns = map[partitionKey]*int{}
		}
		n = new(int)
		t.partColumns[pk] = n
	}
	return n
}

// PartitionColumns returns how many different columns the data map holds
// for all tables of an input partition together, which
// EngineConfig.MaxPartitionColumns bounds (0 for a partition not owned).
func (t *Tracker) PartitionColumns(topic string, partition int32) int {
	if n := t.partColumns[partitionKey{topic, partition}]; n != nil {
		return *n
	}
	return 0
}

func (t *Tracker) columns(tk tableKey) map[string]*colState {
	cols := t.tables[tk]
	if cols == nil {
		cols = map[string]*colState{}
		t.tables[tk] = cols
	}
	return cols
}

// obsCache remembers where the states of one table image's columns are in
// one partition, so that observing an event costs no map lookup per
// column; a lane keeps one per table and partition. It holds for one
// generation of the tracker (Reset and Abort start a new one) and for one
// list of columns.
type obsCache struct {
	gen   uint64
	topic string
	names []string
	cols  []*colState
	// keyCols is the table's key column list the states were marked with
	// (colState.inKey); a rebuilt list, a key that changed, marks again.
	keyCols []string
}

// observe records one row image's analysed fields, finding their column
// states through c.
func (t *Tracker) observe(c *obsCache, topic string, partition int32, offset, lsn int64, schema, table string, fields []field, keyCols []string, arena []pii.Finding, at time.Time) {
	if !c.holds(t.gen, topic, fields, keyCols) {
		tk := tableKey{schema: schema, topic: topic, partition: partition, table: table}
		cols := t.columns(tk)
		c.gen, c.topic, c.keyCols = t.gen, topic, keyCols
		c.names, c.cols = c.names[:0], c.cols[:0]
		for i := range fields {
			st, _ := t.state(cols, tk, fields[i].col)
			st.inKey = st.inKey || slices.Contains(keyCols, fields[i].col) // with the cache: not per event
			c.names = append(c.names, fields[i].col)
			c.cols = append(c.cols, st)
		}
	}
	// at as an instant, compared with each column's first and last
	// through sooner (time.Time's Before and After are not inlined: two
	// calls per field cost about 300 instructions per event).
	timed, atSec, atNsec := !at.IsZero(), at.Unix(), at.Nanosecond()
	for i := range fields {
		f, st := &fields[i], c.cols[i]
		if f.unavailable {
			continue // no value seen: Debezium did not send it
		}
		if timed && (st.first.IsZero() || sooner(atSec, atNsec, st.first)) {
			st.first = at
		}
		if sooner(st.last.Unix(), st.last.Nanosecond(), at) {
			st.last = at
		}
		if offset >= st.lastOffset {
			st.lastOffset, st.lastLSN = offset, lsn
		}
		if f.hi > f.lo && offset >= st.foundOffset {
			st.foundOffset, st.foundLSN, st.foundAt = offset, lsn, at
		}
		st.next = max(st.next, offset+1)
		st.stats.Observe(f.col, arena[f.lo:f.hi], f.null)
	}
	if t.cats != nil {
		t.invalidate()
	}
}

// sooner reports whether the instant sec, nsec (time.Time's Unix and
// Nanosecond) is before t: t.After of that time, inlined. It reads no
// monotonic clock reading, which event times do not carry (eventTime
// returns them in UTC, which strips it; Restore parses them).
func sooner(sec int64, nsec int, t time.Time) bool {
	ts := t.Unix()
	return sec < ts || sec == ts && nsec < t.Nanosecond()
}

// holds reports whether c resolves fields of topic in generation gen,
// marked with the key column list keyCols (the same list, not only the
// same names: the engine rebuilds it when the key's columns change).
func (c *obsCache) holds(gen uint64, topic string, fields []field, keyCols []string) bool {
	if c.gen != gen || c.topic != topic || len(c.names) != len(fields) || c.cols == nil ||
		len(keyCols) != len(c.keyCols) || len(keyCols) > 0 && &keyCols[0] != &c.keyCols[0] {
		return false
	}
	for i := range fields {
		if fields[i].col != c.names[i] {
			return false
		}
	}
	return true
}

// Absorb merges the observations of o (a lane's share of a batch) into t and
// empties o.
func (t *Tracker) Absorb(o *Tracker) {
	for _, ref := range o.dirty {
		cols := t.columns(ref.tk)
		st, created := t.state(cols, ref.tk, ref.col)
		t.save(cols, ref.tk, ref.col, st, created)
		st.stats.Merge(&ref.st.stats)
		if !ref.st.first.IsZero() && (st.first.IsZero() || ref.st.first.Before(st.first)) {
			st.first = ref.st.first
		}
		if ref.st.last.After(st.last) {
			st.last = ref.st.last
		}
		if ref.st.lastOffset >= st.lastOffset {
			st.lastOffset, st.lastLSN = ref.st.lastOffset, ref.st.lastLSN
		}
		if ref.st.foundOffset >= st.foundOffset {
			st.foundOffset, st.foundLSN, st.foundAt = ref.st.foundOffset, ref.st.foundLSN, ref.st.foundAt
		}
		st.next = max(st.next, ref.st.next)
		st.inKey = st.inKey || ref.st.inKey
	}
	o.Reset()
	t.invalidate()
}

// Reset drops every observation, as after a batch that will be retried.
func (t *Tracker) Reset() {
	t.gen++
	clear(t.tables)
	clear(t.counted)
	clear(t.partColumns)
	t.dirty = clearAll(t.dirty)
	t.invalidate()
}

// Counted reports whether the input at offset of topic's partition is
// already in the evidence Restore loaded: a replayed input, to sanitize
// again but not to count again.
func (t *Tracker) Counted(topic string, partition int32, offset int64) bool {
	return offset < t.counted[partitionKey{topic, partition}]
}

// key renders the data map topic key of a column in a partition:
// "schema.table|column|topic|partition". Where that is ambiguous, a dot in
// the schema's or the table's name ("a.b"."c" and "a"."b.c") or a '|' in a
// name, two columns would share a key and compaction would keep one of
// them: such names get a JSON array of the parts, which no other key is.
func (r colRef) key() string {
	part := strconv.FormatInt(int64(r.tk.partition), 10)
	if !strings.Contains(r.tk.schema, ".") && strings.Count(r.tk.table, ".") == 1 && !strings.Contains(r.tk.table+r.col, "|") {
		return r.tk.table + "|" + r.col + "|" + r.tk.topic + "|" + part
	}
	table, ok := strings.CutPrefix(r.tk.table, r.tk.schema+".")
	if !ok {
		table = r.tk.table
	}
	b := append([]byte{'['}, jsonw.AppendString(nil, r.tk.schema)...)
	for _, s := range [...]string{table, r.col, r.tk.topic} {
		b = jsonw.AppendString(append(b, ','), s)
	}
	return string(append(append(append(b, ','), part...), ']'))
}

// Flush appends a data map record, to topics.DataMap, for every column
// changed since the last flush, in a stable order. Records list
// topics.Commands among the outputs of the subject key's and the record
// key's columns: ERASE commands carry them (subjects and record keys), so
// that topic holds them as much as the sanitized topics do. After an error
// the columns are no longer pending a flush: the batch is aborted, and its
// retry marks them again.
func (t *Tracker) Flush(topics Topics, out []Output) (_ []Output, _ []Discovery, err error) {
	defer func() {
		if err != nil {
			for _, r := range t.dirty {
				r.st.dirty = false
			}
			t.dirty = clearAll(t.dirty)
		}
	}()
	found := t.found[:0] // kept for Discoveries: the engine reads it only until it has built the REDACTs
	type keyed struct {
		key string
		ref colRef
	}
	refs := make([]keyed, len(t.dirty))
	for i, r := range t.dirty {
		refs[i] = keyed{r.key(), r}
	}
	slices.SortFunc(refs, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	for _, k := range refs {
		rec, err := t.record(k.ref, topics.Commands)
		if err != nil {
			return out, found, err
		}
		b, err := json.Marshal(rec)
		if err != nil {
			return out, found, fmt.Errorf("data map %s.%s: %w", k.ref.tk.table, k.ref.col, err)
		}
		st := k.ref.st
		if rec.Entry.Personal && st.published && !st.personal && st.lastOffset >= 0 {
			off, lsn, at := st.foundOffset, st.foundLSN, st.foundAt
			if off < 0 { // not from a value (no policy turns a column personal without one today)
				off, lsn, at = st.lastOffset, st.lastLSN, time.Time{}
			}
			found = append(found, Discovery{Entry: rec.Entry, Schema: k.ref.tk.schema, LSN: lsn, At: at,
				Source: Position{Topic: k.ref.tk.topic, Partition: k.ref.tk.partition, Offset: off}})
		}
		t.pending = append(t.pending, pendingVerdict{st, rec.Entry.Personal, decided(&rec.Entry)})
		o := Output{Topic: topics.DataMap, Key: []byte(k.key), Value: b}
		off := st.lastOffset
		if off < 0 {
			off = st.next - 1 // rewritten under a new policy: the latest input its evidence counts
		}
		if off >= 0 {
			// The latest input that changed the entry: a data map record
			// sums many inputs, this names the one that closed it. None
			// is known for a record an older lethe wrote without
			// next_offset, rewritten under a new policy (README).
			pos := Position{Topic: k.ref.tk.topic, Partition: k.ref.tk.partition, Offset: off}
			o.Headers = []Header{{Key: HeaderInput, Value: []byte(pos.String())}}
		}
		out = append(out, o)
		k.ref.st.dirty = false
	}
	t.dirty = clearAll(t.dirty)
	t.found = found
	return out, found, nil
}

func (t *Tracker) record(ref colRef, commands string) (MapRecord, error) {
	st := ref.st
	stats, err := json.Marshal(&st.stats)
	if err != nil {
		return MapRecord{}, fmt.Errorf("data map %s.%s: %w", ref.tk.table, ref.col, err)
	}
	e := datamap.FromVerdict(st.stats.Verdict())
	e.Table, e.Column, e.SourceTopic = ref.tk.table, ref.col, ref.tk.topic
	e.FirstSeen, e.LastSeen = st.first, st.last
	schema, table := ref.tk.schema, strings.TrimPrefix(ref.tk.table, ref.tk.schema+".")
	rule, _ := t.policy.Column(schema, table, ref.col)
	if rule.NotPersonal {
		// Declared, not found clean: a reader must be able to tell.
		e.Reasons = append(e.Reasons, "policy:not_personal")
	}
	// Who receives the column and what they get, even when this partition
	// alone does not find it personal: over every partition it may be, and
	// MergeRecords keeps these only then.
	rec := MapRecord{Partition: ref.tk.partition, Stats: stats, Actions: map[string]map[string]string{}, Schema: ref.tk.schema,
		NextOffset: st.next, Policy: t.policy.Version, InKey: st.inKey, Purposes: map[string][]string{}}
	for i := range t.policy.Recipients {
		r := &t.policy.Recipients[i]
		if !r.WantsTable(table) {
			continue
		}
		acts := map[string]string{}
		switch {
		case rule.NotPersonal:
			acts["*"] = string(policy.Keep)
		case rule.Action != "":
			acts["*"] = string(rule.Action)
		default:
			for _, c := range e.Categories {
				acts[c] = string(r.ActionFor(c))
			}
		}
		rec.Actions[r.Name] = acts
		if !dropsWhole(acts) || st.inKey {
			// A column rule that drops the whole column gives a null in
			// its place: the recipient's topic does not carry it (record
			// keys do, as the strongest action of all recipients makes
			// them). One that drops categories passes the values in
			// which none is found.
			e.Outputs = append(e.Outputs, r.TopicFor(ref.tk.topic, schema, table))
		}
		e.Recipients = append(e.Recipients, r.Name+":"+describeActions(acts, e.Categories))
		e.Purposes = appendNew(e.Purposes, r.Purposes...)
		rec.Purposes[r.Name] = appendNew(nil, r.Purposes...)
	}
	if commands != "" && (st.inKey || ref.col == t.policy.SubjectKey(schema, table)) {
		// ERASE commands carry the record key and the subject, which
		// every holder reads.
		e.Outputs = append(e.Outputs, commands)
	}
	rec.Entry = e
	return rec, nil
}

// dropsWhole reports whether acts drop a column whole: a column rule's
// single action is drop. Dropping its categories is not enough: the values
// in which no category is found pass as they are (a review of a first
// version that left out such recipients' topics).
func dropsWhole(acts map[string]string) bool {
	return acts["*"] == string(policy.Drop)
}

// describeActions says what a recipient gets of a column holding cats,
// given its action per category (acts, "*" for all): one action
// ("pseudonymize"), or, when the categories are treated differently (free
// text), each action with its categories, strongest first:
// "drop(user.financial.bank_account),pseudonymize(user.name)".
func describeActions(acts map[string]string, cats []string) string {
	if a, ok := acts["*"]; ok {
		return a
	}
	actionOf := func(c string) (policy.Action, bool) { a, ok := acts[c]; return policy.Action(a), ok }
	b, groups, unknown := appendByAction(nil, cats, actionOf, "(", ")", ",")
	switch {
	case groups == 0:
		return string(policy.Keep) // nothing personal found
	case groups == 1 && !unknown:
		return acts[cats[0]] // one action for every category: no list
	}
	return string(b)
}

// sourceTable is a table as one input topic carries it. Its
// schema-qualified name alone is not enough: two CDC sources read by one
// lethe may both have public.customers, and "a.b"."c" and "a"."b.c" are
// both "a.b.c" (on one Debezium topic, crm.a.b.c).
type sourceTable struct{ topic, schema, table string }

// categoriesOf adds to dst, sorted, the categories of personal data the
// tracker's evidence finds in a table of topic (schema, and table
// "schema.table"), uncached: a lane's tracker holds one batch's evidence
// and changes with every event.
func (t *Tracker) categoriesOf(src sourceTable, dst []string) []string {
	for tk, cols := range t.tables {
		if tk.table != src.table || tk.topic != src.topic || tk.schema != src.schema {
			continue
		}
		for _, st := range cols {
			for _, c := range st.stats.Verdict().Categories {
				if !slices.Contains(dst, string(c.Category)) {
					dst = append(dst, string(c.Category))
				}
			}
		}
	}
	slices.Sort(dst)
	return dst
}

// Categories returns the categories of personal data the tracker has seen in
// a table (schema, and table "schema.table") of an input topic, across the
// partitions of it this worker holds.
func (t *Tracker) Categories(topic, schema, table string) []string {
	src := sourceTable{topic, schema, table}
	t.catsMu.Lock()
	defer t.catsMu.Unlock()
	if c, ok := t.cats[src]; ok {
		return c
	}
	out := t.categoriesOf(src, []string{})
	if t.cats == nil {
		t.cats = map[sourceTable][]string{}
	}
	t.cats[src] = out
	return out
}

// invalidate drops cached summaries after the state changed.
func (t *Tracker) invalidate() {
	t.catsMu.Lock()
	clear(t.cats)
	t.catsMu.Unlock()
}

// Restore loads the data map state of the partitions owns accepts from the
// records of the data map topic. A record that cannot be parsed is
// skipped: the error names how many were, by key, and the rest is loaded,
// since no retry would mend it and its column rebuilds from new events.
// Inputs the restored evidence counts are remembered (Counted), and a
// record written under another policy version is rewritten by the next
// Flush, so that the record of processing says what the policy in force
// does with the column.
func (t *Tracker) Restore(records map[string][]byte, owns func(topic string, partition int32) bool) error {
	var bad []string
	for key, val := range records {
		var rec MapRecord
		if err := json.Unmarshal(val, &rec); err != nil {
			bad = append(bad, key)
			continue
		}
		schema, table, known := rec.split()
		if known {
			if t.carried == nil {
				t.carried = map[string]map[[2]string]bool{}
			}
			if t.carried[rec.Entry.SourceTopic] == nil {
				t.carried[rec.Entry.SourceTopic] = map[[2]string]bool{}
			}
			t.carried[rec.Entry.SourceTopic][[2]string{schema, table}] = true
		}
		if !owns(rec.Entry.SourceTopic, rec.Partition) {
			continue
		}
		st := &colState{first: rec.Entry.FirstSeen, last: rec.Entry.LastSeen, lastOffset: -1, foundOffset: -1, next: rec.NextOffset,
			published: decided(&rec.Entry), personal: rec.Entry.Personal, inKey: rec.InKey}
		if err := json.Unmarshal(rec.Stats, &st.stats); err != nil {
			bad = append(bad, key)
			continue
		}
		tk := tableKey{schema: schema, topic: rec.Entry.SourceTopic, partition: rec.Partition, table: rec.Entry.Table}
		cols := t.columns(tk)
		if old := cols[rec.Entry.Column]; old != nil && old.next > rec.NextOffset {
			// Two records of one column (one under a key an older lethe
			// gave names that made keys collide): the newer evidence holds.
			continue
		}
		if old := cols[rec.Entry.Column]; old != nil {
			t.dirty = slices.DeleteFunc(t.dirty, func(r colRef) bool { return r.st == old })
			t.stale = slices.DeleteFunc(t.stale, func(r colRef) bool { return r.st == old })
		} else {
			// Counted whatever the bound (MaxPartitionColumns): a map
			// that holds more, written under a higher one, is read back
			// whole, and only new columns are refused.
			*t.partitionCounter(tk.topic, tk.partition)++
		}
		cols[rec.Entry.Column] = st
		if pk := (partitionKey{tk.topic, tk.partition}); rec.NextOffset > t.counted[pk] {
			if t.counted == nil {
				t.counted = map[partitionKey]int64{}
			}
			t.counted[pk] = rec.NextOffset
		}
		if rec.Policy != t.policy.Version {
			ref := colRef{tk: tk, col: rec.Entry.Column, st: st}
			st.dirty = true
			t.dirty = append(t.dirty, ref)
			t.stale = append(t.stale, ref)
		}
	}
	t.invalidate()
	if len(bad) > 0 {
		slices.Sort(bad)
		return fmt.Errorf("%d data map records could not be parsed and were skipped (keys %q)", len(bad), ShownKeys(bad, 5))
	}
	return nil
}

// Forget drops the state of partitions this worker no longer owns.
func (t *Tracker) Forget(owned func(topic string, partition int32) bool) {
	maps.DeleteFunc(t.tables, func(tk tableKey, _ map[string]*colState) bool { return !owned(tk.topic, tk.partition) })
	maps.DeleteFunc(t.counted, func(pk partitionKey, _ int64) bool { return !owned(pk.topic, pk.partition) })
	maps.DeleteFunc(t.partColumns, func(pk partitionKey, _ *int) bool { return !owned(pk.topic, pk.partition) })
	t.dirty = slices.DeleteFunc(t.dirty, func(r colRef) bool { return !owned(r.tk.topic, r.tk.partition) })
	t.stale = slices.DeleteFunc(t.stale, func(r colRef) bool { return !owned(r.tk.topic, r.tk.partition) })
	t.invalidate()
}

// MergeRecords combines data map records of all partitions into one entry per
// table column of each source topic, as lethe inventory prints them: two
// CDC sources may both have public.customers, two tables whose categories
// and counts one entry would mix (the tracker, and the ERASEs, keep them
// apart by their topic too). What each recipient gets, the outputs and the
// purposes come from the records written under the policy of the column's
// most recent record (a partition without events
// since a policy change still holds the old policy's until its worker
// rewrites it). A record that cannot be read (another tool's, a newer
// lethe's) is left out and its key returned in skipped: one such record
// must not hide the rest of the record of processing.
func MergeRecords(records map[string][]byte) (entries []datamap.Entry, skipped []string) {
	type acc struct {
		stats       pii.ColumnStats
		first, last time.Time
		outputs     []string
		recipients  []string                     // from records written before Actions existed
		actions     map[string]map[string]string // recipient -> category -> action
		purposes    []string
		byRecipient map[string][]string // purposes per recipient
		declared    []string            // reasons the policy gave, not the evidence
	}
	type parsed struct {
		rec MapRecord
		st  pii.ColumnStats
		// col is the record's column: its schema, table and name ("a.b"."c"
		// and "a"."b.c" are both Entry.Table "a.b.c"), and its source topic.
		col [4]string
	}
	// In key order, so that records merge the same way every time. A
	// column's partition has one record, unless an older lethe wrote one
	// under a key that collided with another column's and a newer one
	// under its own: the one with the newer evidence counts.
	var recs []parsed
	latest := map[[5]string]int{} // column and partition -> index in recs
	for _, key := range slices.Sorted(maps.Keys(records)) {
		var p parsed
		if json.Unmarshal(records[key], &p.rec) != nil || json.Unmarshal(p.rec.Stats, &p.st) != nil {
			skipped = append(skipped, key)
			continue
		}
		schema, _, _ := p.rec.split()
		p.col = [4]string{schema, p.rec.Entry.Table, p.rec.Entry.Column, p.rec.Entry.SourceTopic}
		at := [5]string{p.col[0], p.col[1], p.col[2], p.col[3], strconv.FormatInt(int64(p.rec.Partition), 10)}
		if i, ok := latest[at]; ok {
			if recs[i].rec.NextOffset < p.rec.NextOffset {
				recs[i] = p
			}
			continue
		}
		latest[at] = len(recs)
		recs = append(recs, p)
	}
	current := map[[4]string]MapRecord{} // per column, its most recent record
	for _, p := range recs {
		if c, ok := current[p.col]; !ok || p.rec.Entry.LastSeen.After(c.Entry.LastSeen) {
			current[p.col] = p.rec
		}
	}
	byCol := map[[4]string]*acc{}
	for _, p := range recs {
		rec, st, k := p.rec, p.st, p.col
		a := byCol[k]
		if a == nil {
			a = &acc{actions: map[string]map[string]string{}, byRecipient: map[string][]string{}}
			byCol[k] = a
		}
		a.stats.Merge(&st)
		// A partition without a plausible event time has zero times: they
		// say nothing about when the column was seen.
		if f := rec.Entry.FirstSeen; !f.IsZero() && (a.first.IsZero() || f.Before(a.first)) {
			a.first = f
		}
		if rec.Entry.LastSeen.After(a.last) {
			a.last = rec.Entry.LastSeen
		}
		if rec.Policy != current[k].Policy {
			continue // the evidence counts; what was decided then no longer holds
		}
		a.outputs = appendNew(a.outputs, rec.Entry.Outputs...)
		a.purposes = appendNew(a.purposes, rec.Entry.Purposes...)
		for r, ps := range rec.Purposes {
			a.byRecipient[r] = appendNew(a.byRecipient[r], ps...)
		}
		for _, r := range rec.Entry.Reasons {
			if strings.HasPrefix(r, "policy:") {
				a.declared = appendNew(a.declared, r)
			}
		}
		if rec.Actions == nil {
			a.recipients = appendNew(a.recipients, rec.Entry.Recipients...)
		}
		for r, acts := range rec.Actions {
			if a.actions[r] == nil {
				a.actions[r] = map[string]string{}
			}
			maps.Copy(a.actions[r], acts)
		}
	}
	out := make([]datamap.Entry, 0, len(byCol))
	for k, a := range byCol {
		e := datamap.FromVerdict(a.stats.Verdict())
		e.Schema, e.Table, e.Column, e.SourceTopic, e.FirstSeen, e.LastSeen = k[0], k[1], k[2], k[3], a.first, a.last
		e.Reasons = append(e.Reasons, a.declared...)
		// Every column's topics, recipients and purposes: a data flow map
		// shows where each goes, also what is not personal by what the
		// detectors find (a column of a row about a person, such as a
		// consent's purpose or an order's total, relates to that person:
		// a review as a DPO found such columns with no recipients).
		e.Outputs, e.Purposes, e.Policy = a.outputs, a.purposes, current[k].Policy
		// What each recipient gets of the categories all partitions
		// together find, which no single partition may have seen.
		for _, r := range slices.Sorted(maps.Keys(a.actions)) {
			e.Recipients = append(e.Recipients, r+":"+describeActions(a.actions[r], e.Categories))
		}
		for _, old := range a.recipients { // records from before actions were kept
			if name, _, _ := strings.Cut(old, ":"); a.actions[name] == nil {
				e.Recipients = appendNew(e.Recipients, old)
			}
		}
		if len(a.byRecipient) > 0 {
			e.RecipientPurposes = a.byRecipient
		}
		out = append(out, e)
	}
	datamap.Sort(out)
	return out, skipped
}

func appendNew(dst []string, vals ...string) []string {
	for _, v := range vals {
		if !slices.Contains(dst, v) {
			dst = append(dst, v)
		}
	}
	slices.Sort(dst)
	return dst
}
