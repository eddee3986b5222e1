package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
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
	// src names the input ("topic (schema.table)", the names quoted where
	// one holds a dot); owned are the owners of
	// the output topics it claimed (ownedTopics): see conflictReason.
	// standard says the input topic's name is the table's
	// (prefix.schema.table, as Debezium names it).
	src         string
	standard    bool
	owned       []*owner
	ownedTopics []string
	noted       bool // a record of the table claimed and noted it (recordOf)
	// badTopic says why Kafka would refuse one of the table's output
	// topics ("" when it takes them all), and personal which personal data
	// its schema's or table's name holds (see namePersonal): its records
	// are dead-lettered.
	badTopic string
	personal pii.Category
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
// that name where the record came from. They are copied from the record,
// as names of a connector and a database, but for one that holds what
// looks like personal data (a leak hunt put an e-mail address in db),
// which is left out.
func (l *lane) sourceJSON(ts *tableState, src *SourceInfo) []byte {
	s := &ts.source
	if s.json != nil && s.connector == src.Connector && s.name == src.Name && s.db == src.DB {
		return s.json
	}
	s.connector, s.name, s.db = strings.Clone(src.Connector), strings.Clone(src.Name), strings.Clone(src.DB)
	b := s.json[:0]
	for _, m := range [...]struct{ key, val string }{{`"connector":`, s.connector}, {`"name":`, s.name}, {`"db":`, s.db}} {
		if m.val != "" && l.namePersonal(m.val) == "" {
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
	memoFP  [][2]uint64      // each name's fingerprint in the lane's findMemo
	rules   []policy.ColumnRule
	hasRule []bool
	// personal is the category of personal data a column's name holds
	// (see namePersonal), "" when none does.
	personal pii.Category
	// longName: a name is longer than MaxNameBytes.
	longName bool
	// dup: a name comes twice. JSON leaves it to the reader which of the
	// two values counts, so lethe and a downstream reader could disagree
	// on the row (a delete of one subject read as another's).
	dup bool
	// admitted are the input partitions in whose data map the columns
	// were found within MaxColumns (namesReason), and are from then on.
	// Each partition has a map of its own, which may hold other columns:
	// a list admitted in one is checked again in the next (a single flag
	// let a layout admitted in partition 0 past the bound in partition 1).
	// An abort takes the columns out of the map again, but leaves the map
	// smaller than when they were admitted, so they still fit. So does
	// MaxPartitionColumns, checked with MaxColumns.
	admitted []int32
	// kvLabels and kvValue are the columns of a key-value table of
	// people's custom fields (feld and wert, key, label and value, beside
	// a column that points at a person), kvValue -1 when the table is
	// none: each row's label names what its value holds.
	kvLabels []int
	kvValue  int
}

// match makes the list describe cols, rebuilding it if they differ, and
// reports whether it did; l checks the names of a rebuilt list.
func (cl *columnList) match(cols []Column, rules map[string]policy.ColumnRule, l *lane) (rebuilt bool) {
	if len(cl.names) == len(cols) {
		same := true
		for i := range cols {
			if cols[i].Name != cl.names[i] {
				same = false
				break
			}
		}
		if same {
			return false
		}
	}
	n := len(cols)
	cl.personal, cl.admitted, cl.longName, cl.dup = "", cl.admitted[:0], false, false
	cl.kvLabels, cl.kvValue = nil, -1
	person := false
	for i := range cols {
		switch {
		case pii.LabelColumn(cols[i].Name):
			cl.kvLabels = append(cl.kvLabels, i)
		case cl.kvValue < 0 && pii.ValueColumn(cols[i].Name):
			cl.kvValue = i
		case pii.PersonReference(cols[i].Name):
			person = true
		}
	}
	if len(cl.kvLabels) == 0 || !person {
		// settings, translations, flags, a product's attributes: no one's
		cl.kvLabels, cl.kvValue = nil, -1
	}
	seen := make(map[string]struct{}, n)
	cl.names, cl.keys, cl.notes = make([]string, n), make([][]byte, n), make([]string, n)
	cl.hints, cl.memoFP = make([]pii.ColumnHint, n), make([][2]uint64, n)
	cl.rules, cl.hasRule = make([]policy.ColumnRule, n), make([]bool, n)
	for i := range cols {
		cl.names[i] = strings.Clone(cols[i].Name)
		cl.longName = cl.longName || len(cl.names[i]) > MaxNameBytes
		if _, ok := seen[cl.names[i]]; ok {
			cl.dup = true
		}
		seen[cl.names[i]] = struct{}{}
		cl.keys[i] = append(jsonw.AppendString(nil, cols[i].Name), ':')
		cl.rules[i], cl.hasRule[i] = rules[cols[i].Name]
		if l.colDet != nil {
			cl.hints[i] = l.colDet.Column(cl.names[i])
		}
		if l.memo != nil {
			cl.memoFP[i] = l.memo.columnFP(cl.names[i])
		}
		// A column the policy names is one the operator knows: its name
		// is schema, however it looks (the way out for a name the
		// detectors take for personal data).
		if cat := l.namePersonal(cl.names[i]); cat != "" && cl.personal == "" && !cl.hasRule[i] {
			cl.personal = cat
		}
	}
	return true
}

// namePersonal returns the category of personal data a table's or column's
// name holds, as found by the detectors that check what they find (an
// e-mail address, a phone number, an account or card number, an id number,
// an IP address), or "". Names are schema, not data: lethe writes them
// unsanitized into topic names, records, the data map and its log, so a
// record whose names hold such a value is not forwarded.
func (l *lane) namePersonal(name string) pii.Category {
	var c pii.Category
	c, l.scratch = personalName(l.cfg.Detector, name, l.scratch[:0], false)
	return c
}

// personalName is namePersonal with det, its findings appended to scratch.
// A name holding characters that hide text from the detectors
// (pii.HidesText)
// counts as personal (nameHides) whatever they find: no real schema, table,
// column or database name holds one, and "anna\ufffd@example.org" or
// "+49 171\x00 5550182" read as nothing.
//
// With joints, the name is also read with '_' and '-' (and then '.') as
// blanks, the way identifiers join words (iban_de89370400440532013000):
// the detectors take those for letters of a word (a review saw such names
// go out as they were). Only for names shown to a person (ShownName,
// ShownKeys), where a false finding costs a placeholder: read so, number
// groups of ordinary names pass for phone numbers, card numbers (Luhn, one
// in ten) and IBANs (mod 97, one in 97: orders_be_20240317210000), and the
// stream would dead-letter whole tables and partitions for them (reviews).
// Read so, only the strongly checked count (a report of placeholders for
// every partition would tell a person nothing).
func personalName(det Detector, name string, scratch []pii.Finding, joints bool) (pii.Category, []pii.Finding) {
	if pii.HidesText(name) {
		return nameHides, scratch
	}
	var c pii.Category
	if c, scratch = checkedFinding(det, name, scratch, checked); c != "" || !joints {
		return c, scratch
	}
	for _, r := range identifierWords {
		if spaced := r.Replace(name); spaced != name {
			if c, scratch = checkedFinding(det, spaced, scratch, strongly); c != "" {
				return c, scratch
			}
		}
	}
	return "", scratch
}

// checked takes findings of detectors that check what they find: an
// e-mail address, a phone number, an IP address, an account, card or id
// number.
func checked(f pii.Finding, _ string) bool {
	c := f.Category
	return c == pii.Email || c == pii.Phone || c == pii.IPAddress ||
		strings.HasPrefix(string(c), "user.financial.") || strings.HasPrefix(string(c), "user.government_id.")
}

// strongly takes, of those, what number groups and words of an ordinary
// name read with its joints as blanks seldom pass for: an e-mail address
// written with its '@' (not "payments at stripe.com"), an account or a
// card number the detector is sure of (an EAN passes a card's check one
// time in ten, at a low score). Phone numbers and IP addresses are left
// out: read so, times and versions pass for them (events_p2024_03_15_1200,
// lib_2.31.0.1; reviews).
func strongly(f pii.Finding, text string) bool {
	switch c := f.Category; {
	case c == pii.Email:
		return f.Start >= 0 && f.End <= len(text) && strings.Contains(text[f.Start:f.End], "@")
	case strings.HasPrefix(string(c), "user.financial."):
		return f.Score >= 0.5
	}
	return false
}

// identifierWords read an identifier's joints as blanks: '_' and '-', and
// then the dots too (x.de89370400440532013000), which an e-mail address
// needs kept (canary.zq7x@example.org-x).
var identifierWords = []*strings.Replacer{
	strings.NewReplacer("_", " ", "-", " "),
	strings.NewReplacer("_", " ", "-", " ", ".", " "),
}

// checkedFinding scans text and returns the category of its first finding
// that accept takes, or "".
func checkedFinding(det Detector, text string, scratch []pii.Finding, accept func(pii.Finding, string) bool) (pii.Category, []pii.Finding) {
	base := len(scratch)
	scratch = det.ScanField("", text, scratch)
	for _, f := range scratch[base:] {
		if accept(f, text) {
			return f.Category, scratch
		}
	}
	return "", scratch
}

// nameHides is what namePersonal reports for a name that pii.HidesText.
const nameHides pii.Category = "unreadable: control characters or bytes lost in encoding"

// ShownKeys returns keys of data map records lethe could not read (another
// tool's records, a newer lethe's), at most n, for a log line or a
// message. Only keys in the data map's own shape are shown
// ("schema.table|column|topic|partition", or a JSON array of those five),
// and of those only keys whose names hold nothing that looks like personal
// data (personalName): a topic that is not a data map (a review pointed
// lethe inventory at one) may have keys of anything, names, addresses and
// birth dates among them, and those are left out.
// Keys left out are counted in one placeholder each kind, where the first
// of them was: ten copies of one placeholder said nothing (a review).
func ShownKeys(keys []string, n int) []string {
	keys = keys[:min(len(keys), n)]
	out := make([]string, 0, len(keys))
	det := keyScanner()
	var foreign, personal int // how many of each kind, at out[at...]
	var foreignAt, personalAt int
	for _, k := range keys {
		switch c, _ := personalName(det, k, nil, true); {
		case !dataMapKey(k):
			if foreign++; foreign == 1 {
				foreignAt, out = len(out), append(out, "")
			}
		case c != "":
			if personal++; personal == 1 {
				personalAt, out = len(out), append(out, "")
			}
		default:
			out = append(out, k)
		}
	}
	if foreign > 0 {
		out[foreignAt] = leftOut(foreign, "key not shown: not a data map key", "keys not shown: not data map keys")
	}
	if personal > 0 {
		out[personalAt] = leftOut(personal, "key with personal data", "keys with personal data")
	}
	return out
}

// leftOut is ShownKeys' placeholder for n keys left out.
func leftOut(n int, one, many string) string {
	if n == 1 {
		return "<" + one + ">"
	}
	return fmt.Sprintf("<%d %s>", n, many)
}

// dataMapKey reports whether k has the shape of a data map record's key
// (colRef.key): "schema.table|column|topic|partition" (one dot in the
// first part) or a JSON array of schema, table, column, topic and
// partition, the topic a name Kafka takes and the partition a number.
func dataMapKey(k string) bool {
	var topic, partition string
	if strings.HasPrefix(k, "[") {
		var raw []json.RawMessage
		if json.Unmarshal([]byte(k), &raw) != nil || len(raw) != 5 {
			return false
		}
		var parts [4]string
		for i, p := range raw[:4] {
			if json.Unmarshal(p, &parts[i]) != nil {
				return false
			}
		}
		topic, partition = parts[3], string(raw[4])
	} else {
		parts := strings.Split(k, "|")
		if len(parts) != 4 || strings.Count(parts[0], ".") != 1 {
			return false
		}
		topic, partition = parts[2], parts[3]
	}
	_, err := strconv.ParseInt(partition, 10, 32)
	return err == nil && policy.ValidTopic(topic)
}

// ShownName returns a schema's, table's or column's name as a report or
// a log may show it: the name itself, or, where it holds what the stream
// refuses in names (personalName: an e-mail address, a phone, account,
// card or id number), or an e-mail address, account or card number joined
// into it with '_', '-' or '.', "<name holding personal data (category)>".
// A leak hunt found lethe scan printing a table named by an e-mail
// address, which the stream dead-letters, in its report and its progress
// line.
func ShownName(name string) string {
	if c, _ := personalName(keyScanner(), name, nil, true); c != "" {
		return "<name holding personal data (" + string(c) + ")>"
	}
	return name
}

// keyScanner is the detector ShownKeys and ShownName check names with.
var keyScanner = sync.OnceValue(func() Detector { return pii.NewScanner() })

// namesReason makes ts's column lists describe c's key and images and says
// why c cannot be forwarded when the name of its table or of one of its
// columns holds personal data ("" when none does). The reason names the
// category, never the name; field names the image a reason is about, if
// one is.
//
// It also keeps the columns in bounds (EngineConfig.MaxColumns): an image
// of more columns, or one whose new columns would take the table's columns
// in the data map beyond the bound, is refused, and so is one whose new
// columns would take the columns of all tables of its input partition
// beyond EngineConfig.MaxPartitionColumns, and an image with a column
// written twice. The partition's count is kept where columns are created
// and dropped (the shared map's, and the lanes' batchColumns), not counted
// here.
func (l *lane) namesReason(ts *tableState, c *Flat, partition int32) (reason, field string) {
	if ts.personal != "" {
		return "the table's name holds what looks like personal data (" + string(ts.personal) + "): its records are not forwarded", ""
	}
	if len(ts.schema) > MaxNameBytes || len(ts.table) > MaxNameBytes {
		return fmt.Sprintf("a schema or table name longer than %d bytes", MaxNameBytes), ""
	}
	for _, im := range [...]struct {
		cl    *columnList
		img   *Image
		field string
	}{{&ts.keyCols, &c.Key, "key"}, {&ts.before, &c.Before, "value.before"}, {&ts.after, &c.After, "value.after"}} {
		if len(im.img.Cols) == 0 {
			continue
		}
		if n := len(im.img.Cols); n > l.cfg.MaxColumns {
			return fmt.Sprintf("a row image of %d columns, more than max_columns (%d)", n, l.cfg.MaxColumns), im.field
		}
		im.cl.match(im.img.Cols, ts.rules, l)
		if im.cl.longName {
			return fmt.Sprintf("a column name longer than %d bytes", MaxNameBytes), im.field
		}
		if im.cl.personal != "" { // every record of such columns, not only the first
			return "a column's name holds what looks like personal data (" + string(im.cl.personal) + "): the record is not forwarded", im.field
		}
		if im.cl.dup {
			return "duplicate member: a column written twice in the row", im.field
		}
		if im.cl == &ts.keyCols || slices.Contains(im.cl.admitted, partition) {
			continue
		}
		n, added := l.mappedColumns(tableKey{schema: ts.schema, topic: ts.topic, partition: partition, table: ts.qualified}, im.cl.names)
		if added > 0 && n > l.cfg.MaxColumns {
			return fmt.Sprintf("its new columns would give the table %d columns in the data map of its input partition, more than max_columns (%d)", n, l.cfg.MaxColumns), im.field
		}
		if n := l.partitionColumns(ts.topic, partition) + added; added > 0 && n > l.cfg.MaxPartitionColumns {
			return fmt.Sprintf("its new columns would give the tables of its input partition %d columns in the data map, more than max_partition_columns (%d)", n, l.cfg.MaxPartitionColumns), im.field
		}
		im.cl.admitted = append(im.cl.admitted, partition)
	}
	return "", ""
}

// mappedColumns returns how many different columns the data map would hold
// for tk with names added (those of the shared map, read-only while lanes
// run, and those this lane has seen in the batch), and how many of names
// it does not hold yet.
func (l *lane) mappedColumns(tk tableKey, names []string) (total, added int) {
	if l.tracker == nil {
		return 0, 0
	}
	shared, mine := l.cfg.DataMap.tables[tk], l.tracker.tables[tk]
	total = len(shared)
	for col := range mine {
		if _, ok := shared[col]; !ok {
			total++
		}
	}
	for _, col := range names {
		_, inShared := shared[col]
		_, inMine := mine[col]
		if !inShared && !inMine {
			added++
		}
	}
	return total + added, added
}

// partitionColumns returns how many different columns the data map holds
// for all tables of an input partition: the shared map's (read-only while
// lanes run) and those the lanes have added in the batch (batchColumns).
func (l *lane) partitionColumns(topic string, partition int32) int {
	if l.tracker == nil {
		return 0
	}
	return l.cfg.DataMap.PartitionColumns(topic, partition) + l.tracker.batch.load(partitionKey{topic, partition})
}

// outputs is what the lanes share about output topics and input topics:
// which input topic writes each output topic, and what each input topic's
// records said of the tables it carries (for its tombstones, which name
// none).
type outputs struct {
	owners sync.Map // output topic -> *owner
	inputs sync.Map // input topic -> *inputTopic
	tables sync.Map // input topic -> *topicTables
}

// topicTables are the tables an input topic has brought in (admit).
type topicTables struct {
	mu     sync.Mutex
	tables map[[2]string]struct{} // schema, table
}

// owner is what is known of the source tables whose records write an
// output topic (or topics Kafka finds colliding with it: TopicCollision).
// Two source tables must not share one (of another schema, source or input
// topic): their records' keys would overwrite each other under compaction
// and an ERASE of one would hit the other's. When they do, a table carried
// by its own Debezium topic (standard) keeps the output topic and the
// others stop; when two such tables, or only others, share it, all of them
// stop. Which came first decides nothing: the outcome does not depend on
// the order records arrive in.
type owner struct {
	mu        sync.Mutex
	claimants []claimant // distinct, in the order they claimed
	// standard and other count the distinct claimants of each kind, up to
	// 2, for the per-record check (stops).
	standard, other atomic.Int32
}

// claimant is a source table that writes an owner's topic.
type claimant struct {
	topic, src string // the input topic, and "topic (schema.table)"
	standard   bool
}

// claim adds ts to the claimants.
func (o *owner) claim(ts *tableState) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, c := range o.claimants {
		if c.src == ts.src {
			return
		}
	}
	o.claimants = append(o.claimants, claimant{topic: ts.topic, src: ts.src, standard: ts.standard})
	n := &o.other
	if ts.standard {
		n = &o.standard
	}
	if n.Load() < 2 {
		n.Add(1)
	}
}

// stops reports whether the records of a claimant, standard or not, must
// stop: see owner.
func (o *owner) stops(standard bool) bool {
	if standard {
		return o.standard.Load() >= 2
	}
	return o.standard.Load() >= 1 || o.other.Load() >= 2
}

// rivalOf names a claimant other than src that makes src, standard or not,
// stop: for a standard one another standard one, for another a standard
// one if there is one.
func (o *owner) rivalOf(src string, standard bool) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	other := ""
	for _, c := range o.claimants {
		switch {
		case c.src == src:
		case c.standard:
			return c.src
		case other == "" && !standard:
			other = c.src
		}
	}
	return other
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
// can): one of its output topics is also another input topic's (see owner).
func (ts *tableState) conflictReason() string {
	for i, o := range ts.owned {
		if o.stops(ts.standard) {
			return "input " + ts.src + " would share output topic " + ts.ownedTopics[i] + " with input " + o.rivalOf(ts.src, ts.standard) +
				": put {schema} or {prefix} in the recipient's topic"
		}
	}
	return ""
}

// table returns the lane's state of schema.table as input topic carries
// it, claiming its output topics, or nil when the topic has brought in
// EngineConfig.MaxTables others already (tooManyTables). A table whose
// records are refused for its name alone takes no place among those: a
// stray record must not keep a real table out.
func (l *lane) table(topic, schema, table string) *tableState {
	if ts, ok := l.tables[[3]string{topic, schema, table}]; ok {
		return ts
	}
	ts := l.newTable(topic, schema, table)
	switch {
	case !ts.refusedByName():
		if !l.shared.admit(topic, schema, table, l.cfg.MaxTables) {
			return nil // not kept: a flood of table names must not grow memory
		}
	case l.refusedKept >= l.cfg.MaxTables:
		return ts // refused again, not kept: nor a flood of names holding personal data
	default:
		l.refusedKept++
	}
	l.tables[[3]string{topic, ts.schema, ts.table}] = ts
	return ts
}

// refusedByName reports a table whose every record is dead-lettered for
// its name or its output topics (namesReason, badTopic).
func (ts *tableState) refusedByName() bool {
	return ts.personal != "" || ts.badTopic != "" || len(ts.schema) > MaxNameBytes || len(ts.table) > MaxNameBytes
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
func (l *lane) note(ts *tableState) { l.shared.note(ts.topic, ts.schema, ts.table) }

// admit reports whether input topic may carry schema.table: one it has
// carried, or a new one while it carries fewer than max.
func (o *outputs) admit(topic, schema, table string, max int) bool {
	v, _ := o.tables.LoadOrStore(topic, &topicTables{tables: map[[2]string]struct{}{}})
	tt := v.(*topicTables)
	tt.mu.Lock()
	defer tt.mu.Unlock()
	st := [2]string{schema, table}
	if _, ok := tt.tables[st]; ok {
		return true
	}
	if len(tt.tables) >= max {
		return false
	}
	tt.tables[st] = struct{}{}
	return true
}

// tooManyTables is the reason a record of a table past
// EngineConfig.MaxTables is dead-lettered.
func (l *lane) tooManyTables(topic string) string {
	return fmt.Sprintf("input topic %s carries more than max_tables (%d) tables: a stray producer or a routing SMT's names, each a set of output topics",
		topic, l.cfg.MaxTables)
}

// note records that input topic carries schema.table.
func (o *outputs) note(topic, schema, table string) {
	v, _ := o.inputs.LoadOrStore(topic, &inputTopic{})
	it := v.(*inputTopic)
	st := [2]string{schema, table}
	if !it.first.CompareAndSwap(nil, &st) && *it.first.Load() != st {
		it.several.Store(true)
	}
	if !standardTopic(topic, schema, table) {
		it.other.Store(true)
	}
}

// standardTopic reports whether topic is the one Debezium names for
// schema.table: prefix.schema.table, with the characters Kafka does not
// allow made '_'. A table name may hold dots, so the topic's name alone
// cannot say where its schema and table begin; the records can.
func standardTopic(topic, schema, table string) bool {
	prefix, ok := policy.DebeziumPrefix(topic, schema, table)
	return ok && prefix != ""
}

// needsOrder reports whether a batch must run on one lane, in order, so
// that every record before one of its inputs has told what it knows:
//   - a tombstone whose routing may depend on what records before it in
//     the batch say (see tombstoneTable): of a topic whose records name
//     another table than its name says, of a two-part name, or of a topic
//     no record has told about yet (standard Debezium topics run on one
//     lane for their first batch only);
//   - a truncate, whose ERASE names the categories of every row of the
//     table before it (lane.command), also of rows another lane would
//     take. Debezium writes it without a key, so only records without
//     one (or with a key holding "null", as the JSON null and the old
//     converters' {"schema":null,"payload":null} do) are looked at, for
//     the op "t" in JSON, escaped or not, or in Avro (a keyless table's
//     batches may run on one lane when their values hold such bytes:
//     slower, never wrong).
func (e *Engine) needsOrder(in []Message) bool {
	last := ""
	for i := range in {
		if len(in[i].Value) != 0 {
			if (len(in[i].Key) == 0 || bytes.Contains(in[i].Key, []byte("null"))) && mayTruncate(in[i].Value) {
				return true
			}
			continue
		}
		if in[i].Topic == last {
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

// mayTruncate reports whether a keyless record's value may be a Debezium
// truncate: it holds the op "t", as a JSON string (also escaped) or an
// Avro one (length 1, zigzag 0x02).
func mayTruncate(v []byte) bool {
	return bytes.Contains(v, []byte(`"t"`)) || bytes.Contains(v, []byte(`\u0074`)) || bytes.Contains(v, []byte("\x02t"))
}

// tombstoneTable returns the table state for a tombstone of input topic,
// which names no table, or why it cannot be routed. A topic whose records
// (or, after a restart, whose data map entries: Engine.Restored) named a
// single table routes there, whatever its name says (an SMT renamed it, a
// two-part name left the schema out, or the table's name holds a dot, so
// the topic's name does not say where the schema ends). A topic of several
// tables cannot route a tombstone; one nothing has told about routes by its
// name, prefix.schema.table, unless that is a two-part name and a
// recipient's topic names the schema: a tombstone in the wrong topic
// deletes another record.
func (l *lane) tombstoneTable(m *Message) (*tableState, string) {
	schema, table, named := TopicTable(m.Topic)
	var it *inputTopic
	if v, ok := l.shared.inputs.Load(m.Topic); ok {
		it = v.(*inputTopic)
	}
	switch {
	case it != nil && it.several.Load():
		return nil, "tombstone of input " + m.Topic + " cannot be routed: the topic carries several tables and a tombstone names none"
	case it != nil:
		st := *it.first.Load()
		schema, table = st[0], st[1]
	case !named && l.schemaInTopics:
		return nil, "tombstone of input " + m.Topic + " cannot be routed yet: its name does not say the schema the recipients' topics name, and no record of it has"
	}
	if ts := l.table(m.Topic, schema, table); ts != nil {
		return ts, ""
	}
	return nil, l.tooManyTables(m.Topic)
}

// claim adds ts's table to the claimants of its output topics (see owner).
func (l *lane) claim(ts *tableState) {
	for _, out := range ts.recipientTopics {
		if slices.Contains(ts.ownedTopics, out) {
			continue
		}
		v, _ := l.shared.owners.LoadOrStore(policy.TopicCollision(out), &owner{})
		o := v.(*owner)
		o.claim(ts)
		ts.owned, ts.ownedTopics = append(ts.owned, o), append(ts.ownedTopics, out)
	}
}

// unclaimedConflict returns why a tombstone of a table state no record has
// claimed (see recordOf) cannot be written: another input topic's table
// owns one of its output topics, and the tombstone would delete that
// table's record of the same key.
func (l *lane) unclaimedConflict(ts *tableState) string {
	for _, out := range ts.recipientTopics {
		v, ok := l.shared.owners.Load(policy.TopicCollision(out))
		if !ok {
			continue
		}
		if reason := v.(*owner).tombstoneConflict(ts, out); reason != "" {
			return reason
		}
	}
	return ""
}

// tombstoneConflict says why a tombstone of ts, whose table no record of
// this lane has claimed out for, cannot be written to out ("" when it can):
// another table writes out, and the tombstone would delete that table's
// record of the same key. A table carried by its own Debezium topic keeps
// out against others (see owner).
func (o *owner) tombstoneConflict(ts *tableState, out string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, c := range o.claimants {
		if c.src == ts.src || ts.standard && !c.standard {
			continue
		}
		return "tombstone of input " + ts.src + " for output topic " + out + ", which input " + c.src +
			" would share: put {schema} or {prefix} in the recipient's topic"
	}
	return ""
}

// newTable builds a table state; it claims its output topics with its
// first record (recordOf).
func (l *lane) newTable(topic, schema, table string) *tableState {
	ts := &tableState{topic: strings.Clone(topic), schema: strings.Clone(schema), table: strings.Clone(table), qualified: schema + "." + table,
		subjectKey: l.cfg.Policy.SubjectKey(schema, table)}
	ts.src = ts.topic + " (" + ts.qualified + ")"
	if strings.Contains(schema+table, ".") {
		// "a.b".c and a."b.c" are both a.b.c, and on one Debezium topic:
		// named alike they were one claimant of the output topic they
		// share (owner), and overwrote each other's records there.
		ts.src = ts.topic + " (" + strconv.Quote(schema) + "." + strconv.Quote(table) + ")"
	}
	if ts.personal = l.namePersonal(schema); ts.personal == "" {
		ts.personal = l.namePersonal(table)
	}
	ts.standard = standardTopic(topic, schema, table)
	for _, r := range l.cfg.Policy.Recipients {
		if !r.WantsTable(table) {
			ts.topics = append(ts.topics, "")
			continue
		}
		out := r.TopicFor(ts.topic, schema, table)
		if p := policy.TopicProblem(out); p != "" && ts.badTopic == "" {
			ts.badTopic = "recipient " + r.Name + "'s output topic for the table " + p
		}
		if kind := l.cfg.Topics.KindOf(out); kind != "" && ts.badTopic == "" {
			// Sanitized records in the data map or among the commands
			// would break their readers (a review saw "lethe.{table}" for a
			// table named datamap do so).
			ts.badTopic = "recipient " + r.Name + "'s output topic for the table is lethe's " + kind + " topic " + out
		}
		for i, other := range ts.recipientTopics {
			if policy.TopicCollision(other) == policy.TopicCollision(out) && ts.badTopic == "" {
				// Templates that differ can still meet ("lethe.{prefix}.{table}"
				// and "lethe.crm.{table}"): one recipient's records would
				// overwrite the other's, each under the other's actions.
				ts.badTopic = "recipients " + ts.recipients[i] + " and " + r.Name + " would both write the table to topic " + out
			}
		}
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
