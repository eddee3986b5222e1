package pipeline

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/lethe-cdc/lethe/pipeline/jsonw"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// tableState is what a lane caches per source table, so the hot path does
// no string building and no map lookup per column: the table's names, its
// policy rules and the columns its images and keys had last.
type tableState struct {
	topic                    string // the input topic carrying the table
	schema, table, qualified string
	subjectKey               string // the column naming the data subject
	// src names the input ("topic (schema.table)"); owned are the owners of
	// the output topics it claimed (ownedTopics): see conflictReason.
	src         string
	owned       []*owner
	ownedTopics []string
	// topics holds each recipient's output topic for the table, "" when
	// the recipient does not receive it; recipients and recipientTopics
	// list the ones that do, as erase commands name them.
	topics                      []string
	recipients, recipientTopics []string
	rules                       map[string]policy.ColumnRule
	before, after, keyCols      columnList
	// source is the sanitized envelope's source block up to ts_ms, as
	// last written: it only changes when the connector is renamed.
	source struct {
		connector, name, db string
		json                []byte
	}
}

// sourceJSON returns the members of a sanitized envelope's source block
// that name where the record came from.
func (ts *tableState) sourceJSON(src *SourceInfo) []byte {
	s := &ts.source
	if s.json != nil && s.connector == src.Connector && s.name == src.Name && s.db == src.DB {
		return s.json
	}
	s.connector, s.name, s.db = strings.Clone(src.Connector), strings.Clone(src.Name), strings.Clone(src.DB)
	b := s.json[:0]
	for _, m := range [...]struct{ key, val string }{{`"connector":`, s.connector}, {`"name":`, s.name}, {`"db":`, s.db}} {
		if m.val != "" {
			b = append(b, m.key...)
			b = jsonw.AppendString(b, m.val)
			b = append(b, ',')
		}
	}
	b = append(b, `"schema":`...)
	b = jsonw.AppendString(b, ts.schema)
	b = append(b, `,"table":`...)
	s.json = jsonw.AppendString(b, ts.table)
	return s.json
}

// columnList is the columns an image of a table had last, with what the
// engine needs of each: its name (a copy: the image's may point into a
// record the cache must not keep alive), its rendering as a JSON object
// key and its policy rule. Images of one table nearly always have the same
// columns in the same order, so the list is only rebuilt when one differs.
type columnList struct {
	names   []string
	keys    [][]byte         // `"name":`
	notes   []string         // the last note on what was done to each column
	hints   []pii.ColumnHint // what each name says, when the detector resolves names
	rules   []policy.ColumnRule
	hasRule []bool
}

// match makes the list describe cols, rebuilding it if they differ.
func (cl *columnList) match(cols []Column, rules map[string]policy.ColumnRule, det ColumnDetector) {
	if len(cl.names) == len(cols) {
		same := true
		for i := range cols {
			if cols[i].Name != cl.names[i] {
				same = false
				break
			}
		}
		if same {
			return
		}
	}
	n := len(cols)
	cl.names, cl.keys, cl.notes = make([]string, n), make([][]byte, n), make([]string, n)
	cl.hints = make([]pii.ColumnHint, n)
	cl.rules, cl.hasRule = make([]policy.ColumnRule, n), make([]bool, n)
	for i := range cols {
		cl.names[i] = strings.Clone(cols[i].Name)
		cl.keys[i] = append(jsonw.AppendString(nil, cols[i].Name), ':')
		cl.rules[i], cl.hasRule[i] = rules[cols[i].Name]
		if det != nil {
			cl.hints[i] = det.Column(cl.names[i])
		}
	}
}

// outputs is what the lanes share about output topics and input topics:
// which input writes each output topic, and which table each input
// partition's records named last (for its tombstones, which name none).
type outputs struct {
	owners  sync.Map // output topic -> *owner
	carries sync.Map // partitionKey -> [2]string{schema, table}
}

// owner is the input that writes an output topic. rival, once set, is
// another input found writing it too: both then stop, since their records'
// keys would overwrite each other under compaction and an ERASE of one
// would hit the other's.
type owner struct {
	topic, src string // the input topic, and "topic (schema.table)"
	rival      atomic.Pointer[string]
}

// conflictReason returns why ts's records cannot be written ("" when they
// can): one of its output topics is also another input's.
func (ts *tableState) conflictReason() string {
	for i, o := range ts.owned {
		if r := o.rival.Load(); r != nil {
			other := *r
			if other == ts.src { // we are the rival: the other is the owner
				other = o.src
			}
			return "input " + ts.src + " would share output topic " + ts.ownedTopics[i] + " with input " + other +
				": put {schema} or {prefix} in the recipient's topic"
		}
	}
	return ""
}

// table returns the lane's state of schema.table as input topic carries
// it, claiming its output topics.
func (l *lane) table(topic, schema, table string) *tableState {
	if ts, ok := l.tables[[3]string{topic, schema, table}]; ok {
		return ts
	}
	ts := l.newTable(topic, schema, table, true)
	l.tables[[3]string{topic, ts.schema, ts.table}] = ts
	return ts
}

// carried notes that a record of m's partition named ts's table: the
// tombstone that follows a delete goes where the delete went. The lane's
// own note is exact (a tombstone is handled by the lane that handled the
// record before it, see runLanes); the shared one serves the next batch.
func (l *lane) carried(m *Message, ts *tableState) {
	if ts == l.lastCarried && m.Partition == l.lastPartition && m.Topic == ts.topic {
		return // as the record before: the common case, without a map lookup
	}
	l.lastCarried, l.lastPartition = ts, m.Partition
	pk := partitionKey{m.Topic, m.Partition}
	if l.lastTable[pk] != ts {
		l.lastTable[partitionKey{ts.topic, m.Partition}] = ts
		l.shared.carries.Store(partitionKey{ts.topic, m.Partition}, [2]string{ts.schema, ts.table})
	}
}

// tombstoneTable returns the table state for a tombstone: the table the
// records of its input partition named last, in this lane or an earlier
// batch; when none has been seen yet, one named after the topic (schema,
// table), which claims no output topic, since it is a guess.
func (l *lane) tombstoneTable(m *Message, schema, table string) *tableState {
	pk := partitionKey{m.Topic, m.Partition}
	if ts := l.lastTable[pk]; ts != nil {
		return ts
	}
	if v, ok := l.shared.carries.Load(pk); ok {
		st := v.([2]string)
		return l.table(m.Topic, st[0], st[1])
	}
	if ts := l.guessed[m.Topic]; ts != nil && ts.schema == schema && ts.table == table {
		return ts
	}
	ts := l.newTable(m.Topic, schema, table, false)
	l.guessed[ts.topic] = ts
	return ts
}

// guessConflict returns why a tombstone of a guessed table state (see
// tombstoneTable) cannot be written: another input topic writes one of its
// output topics, and the tombstone would delete that input's record of
// the same key.
func (l *lane) guessConflict(ts *tableState) string {
	for _, out := range ts.recipientTopics {
		if v, ok := l.shared.owners.Load(out); ok && v.(*owner).topic != ts.topic {
			return "tombstone of input " + ts.topic + " for output topic " + out + ", which input " + v.(*owner).src +
				" writes: put {schema} or {prefix} in the recipient's topic"
		}
	}
	return ""
}

// newTable builds a table state; claim makes it the owner of its output
// topics (see owner).
func (l *lane) newTable(topic, schema, table string, claim bool) *tableState {
	ts := &tableState{topic: strings.Clone(topic), schema: strings.Clone(schema), table: strings.Clone(table), qualified: schema + "." + table,
		subjectKey: l.cfg.Policy.SubjectKey(schema, table)}
	ts.src = ts.topic + " (" + ts.qualified + ")"
	prefix := policy.PrefixOf(ts.topic, schema, table)
	for _, r := range l.cfg.Policy.Recipients {
		if !r.WantsTable(table) {
			ts.topics = append(ts.topics, "")
			continue
		}
		out := r.TopicFor(prefix, schema, table)
		ts.recipients, ts.recipientTopics = append(ts.recipients, r.Name), append(ts.recipientTopics, out)
		ts.topics = append(ts.topics, out)
		if !claim || slices.Contains(ts.ownedTopics, out) {
			continue
		}
		// One output topic per source table: two tables of one name in
		// two schemas or two sources would overwrite each other's keys.
		v, _ := l.shared.owners.LoadOrStore(out, &owner{topic: ts.topic, src: ts.src})
		o := v.(*owner)
		if o.src != ts.src {
			o.rival.CompareAndSwap(nil, &ts.src)
		}
		ts.owned, ts.ownedTopics = append(ts.owned, o), append(ts.ownedTopics, out)
	}
	addRule := func(col string) {
		if rule, ok := l.cfg.Policy.Column(schema, table, col); ok {
			if ts.rules == nil {
				ts.rules = map[string]policy.ColumnRule{}
			}
			ts.rules[col] = rule
		}
	}
	for key := range l.cfg.Policy.Columns {
		addRule(key[strings.LastIndexByte(key, '.')+1:])
	}
	addRule(ts.subjectKey) // a user.unique_id unless a rule says otherwise
	return ts
}
