package pipeline

import (
	"strings"

	"github.com/lethe-cdc/lethe/pipeline/jsonw"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// tableState is what a lane caches per source table, so the hot path does
// no string building and no map lookup per column: the table's names, its
// policy rules and the columns its images and keys had last.
type tableState struct {
	schema, table, qualified string
	subjectKey               string // the column naming the data subject
	// conflict, when set, is why the table's records are dead-lettered:
	// an output topic of it already carries a table of another schema.
	conflict string
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

// table returns the lane's state of schema.table as input topic carries it.
func (l *lane) table(topic, schema, table string) *tableState {
	if ts, ok := l.tables[[3]string{topic, schema, table}]; ok {
		return ts
	}
	ts := &tableState{schema: strings.Clone(schema), table: strings.Clone(table), qualified: schema + "." + table,
		subjectKey: l.cfg.Policy.SubjectKey(schema, table)}
	topic = strings.Clone(topic)
	prefix := policy.PrefixOf(topic, schema, table)
	for _, r := range l.cfg.Policy.Recipients {
		if r.WantsTable(table) {
			out := r.TopicFor(prefix, schema, table)
			// One output topic per source table: two tables of one name
			// in two schemas or two sources would overwrite each other's
			// keys under compaction.
			src := topic + " (" + ts.qualified + ")"
			if other, _ := l.owners.LoadOrStore(out, src); other != src && ts.conflict == "" {
				ts.conflict = "input " + src + " would share output topic " + out + " with input " + other.(string) +
					" (recipient " + r.Name + "): put {schema} or {prefix} in the recipient's topic"
			}
			ts.recipients, ts.recipientTopics = append(ts.recipients, r.Name), append(ts.recipientTopics, out)
			ts.topics = append(ts.topics, out)
			continue
		}
		ts.topics = append(ts.topics, "")
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
	l.tables[[3]string{topic, ts.schema, ts.table}] = ts
	return ts
}
