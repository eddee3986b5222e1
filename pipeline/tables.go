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
	noted       bool // a record of the table claimed and noted it (recordOf)
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
// which input topic writes each output topic, and what each input topic's
// records said of the tables it carries (for its tombstones, which name
// none).
type outputs struct {
	owners sync.Map // output topic -> *owner
	inputs sync.Map // input topic -> *inputTopic
}

// owner is the source table whose records write an output topic. rival,
// once set, is another source table found writing it too (of another
// schema, source or input topic): both then stop, since their records'
// keys would overwrite each other under compaction and an ERASE of one
// would hit the other's.
type owner struct {
	topic, src string // the input topic, and "topic (schema.table)"
	rival      atomic.Pointer[string]
}

// inputTopic is what an input topic's records said of the tables it
// carries: the first one, whether another followed (an SMT routed several
// tables into it), and whether one differs from what the topic's name
// says (prefix.schema.table).
type inputTopic struct {
	first          atomic.Pointer[[2]string]
	several, other atomic.Bool
}

// conflictReason returns why ts's records cannot be written ("" when they
// can): one of its output topics is also another input topic's.
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
	ts := l.newTable(topic, schema, table)
	l.tables[[3]string{topic, ts.schema, ts.table}] = ts
	return ts
}

// recordOf is called for each record (not tombstone) of ts's table: the
// first time, it claims the table's output topics and records what the
// input topic carries. A table state a tombstone made claims nothing until
// a record names its table.
func (l *lane) recordOf(ts *tableState) {
	if ts.noted {
		return
	}
	ts.noted = true
	l.note(ts)
	l.claim(ts)
}

// note records in the shared facts of ts's input topic that a record named
// ts's table.
func (l *lane) note(ts *tableState) {
	v, _ := l.shared.inputs.LoadOrStore(ts.topic, &inputTopic{})
	it := v.(*inputTopic)
	st := [2]string{ts.schema, ts.table}
	if !it.first.CompareAndSwap(nil, &st) && *it.first.Load() != st {
		it.several.Store(true)
	}
	if schema, table, _ := TopicTable(ts.topic); schema != ts.schema || table != ts.table {
		it.other.Store(true)
	}
}

// tombstonesNeedOrder reports whether a batch holds a tombstone whose
// routing may depend on what records before it in the batch say (see
// tombstoneTable): of a topic whose records name another table than its
// name says, of a two-part name, or of a topic no record has told about
// yet. Such a batch runs on one lane, in order, so that every record before
// the tombstone has told what it knows; standard Debezium topics run on
// one lane for their first batch only.
func (e *Engine) tombstonesNeedOrder(in []Message) bool {
	last := ""
	for i := range in {
		if len(in[i].Value) != 0 || in[i].Topic == last {
			continue
		}
		last = in[i].Topic
		if _, _, named := TopicTable(last); !named {
			return true
		}
		if v, ok := e.shared.inputs.Load(last); !ok || v.(*inputTopic).other.Load() {
			return true
		}
	}
	return false
}

// tombstoneTable returns the table state for a tombstone of input topic,
// which names no table, or why it cannot be routed. A topic whose records
// name the table its name says (Debezium's prefix.schema.table), as far as
// they have been seen, routes by its name; one whose records named a
// single other table (an SMT renamed it, or a two-part name left the schema
// out) routes there. A topic of several tables cannot route a tombstone,
// nor can a two-part name before any record when a recipient's topic names
// the schema: a tombstone in the wrong topic deletes another record.
func (l *lane) tombstoneTable(m *Message) (*tableState, string) {
	schema, table, named := TopicTable(m.Topic)
	var it *inputTopic
	if v, ok := l.shared.inputs.Load(m.Topic); ok {
		it = v.(*inputTopic)
	}
	switch {
	case it != nil && it.several.Load():
		return nil, "tombstone of input " + m.Topic + " cannot be routed: the topic carries several tables and a tombstone names none"
	case it != nil && (it.other.Load() || !named && l.schemaInTopics):
		// The records named a table other than the topic's name says, or
		// said the schema a two-part name leaves out.
		st := *it.first.Load()
		return l.table(m.Topic, st[0], st[1]), ""
	case named || !l.schemaInTopics:
		return l.table(m.Topic, schema, table), ""
	}
	return nil, "tombstone of input " + m.Topic + " cannot be routed yet: its name does not say the schema the recipients' topics name, and no record of it has"
}

// claim makes ts's table the owner of its output topics, or the rival of
// the table that owns one already (see owner).
func (l *lane) claim(ts *tableState) {
	for _, out := range ts.recipientTopics {
		if slices.Contains(ts.ownedTopics, out) {
			continue
		}
		v, _ := l.shared.owners.LoadOrStore(out, &owner{topic: ts.topic, src: ts.src})
		o := v.(*owner)
		if o.src != ts.src {
			o.rival.CompareAndSwap(nil, &ts.src)
		}
		ts.owned, ts.ownedTopics = append(ts.owned, o), append(ts.ownedTopics, out)
	}
}

// unclaimedConflict returns why a tombstone of a table state no record has
// claimed (see recordOf) cannot be written: another input topic's table
// owns one of its output topics, and the tombstone would delete that
// table's record of the same key.
func (l *lane) unclaimedConflict(ts *tableState) string {
	for _, out := range ts.recipientTopics {
		v, ok := l.shared.owners.Load(out)
		if !ok {
			continue
		}
		switch o := v.(*owner); {
		case o.topic != ts.topic:
			return "tombstone of input " + ts.topic + " for output topic " + out + ", which input " + o.src +
				" writes: put {schema} or {prefix} in the recipient's topic"
		case o.rival.Load() != nil:
			return "tombstone of input " + ts.topic + " for output topic " + out + ", which inputs " + o.src + " and " +
				*o.rival.Load() + " would share: put {schema} or {prefix} in the recipient's topic"
		}
	}
	return ""
}

// newTable builds a table state; it claims its output topics with its
// first record (recordOf).
func (l *lane) newTable(topic, schema, table string) *tableState {
	ts := &tableState{topic: strings.Clone(topic), schema: strings.Clone(schema), table: strings.Clone(table), qualified: schema + "." + table,
		subjectKey: l.cfg.Policy.SubjectKey(schema, table)}
	ts.src = ts.topic + " (" + ts.qualified + ")"
	for _, r := range l.cfg.Policy.Recipients {
		if !r.WantsTable(table) {
			ts.topics = append(ts.topics, "")
			continue
		}
		out := r.TopicFor(ts.topic, schema, table)
		ts.recipients, ts.recipientTopics = append(ts.recipients, r.Name), append(ts.recipientTopics, out)
		ts.topics = append(ts.topics, out)
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
