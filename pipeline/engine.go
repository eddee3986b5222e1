package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
	"github.com/lethe-cdc/lethe/pipeline/sanitize"
)

// Decoder turns a raw CDC record into a Change. Errors must never contain
// field values: they become dead-letter reasons.
type Decoder interface {
	Decode(ctx context.Context, topic string, key, value []byte) (Change, error)
}

// Detector finds personal data in one field value (see pii.Scanner).
type Detector interface {
	ScanField(field, value string, dst []pii.Finding) []pii.Finding
}

// Topics names the engine's output topics.
type Topics struct {
	Commands   string // compliance commands
	DeadLetter string // undecodable inputs, with the reason in headers
	DataMap    string // compacted data map; "" disables the data map
}

// DefaultTopics are the topic names lethe uses unless configured otherwise.
var DefaultTopics = Topics{Commands: "lethe.commands", DeadLetter: "lethe.deadletter", DataMap: "lethe.datamap"}

// EngineConfig wires an Engine. Decoder, Detector, Policy and Sanitizer are
// required.
type EngineConfig struct {
	Decoder   Decoder
	Detector  Detector
	Policy    *policy.Policy
	Sanitizer *sanitize.Sanitizer
	// Commands encodes compliance commands; JSONCommands when nil.
	Commands CommandEncoder
	Topics   Topics
	// DataMap, when set, is updated from every event and its changed entries
	// are written to Topics.DataMap in the batch's transaction.
	DataMap *Tracker
	// ErasureDeadline is how long holders have to carry out an erase
	// command; one month by default (Art. 12(3)).
	ErasureDeadline time.Duration
}

// Engine is the batch loop's body: it decodes each input, finds personal
// data, sanitizes it per policy and recipient, and returns sanitized records,
// compliance commands, dead letters and data-map updates. Its outputs are a
// function of its inputs, the policy and its state, so replay reproduces them.
// An Engine is used by one goroutine at a time.
type Engine struct {
	cfg   EngineConfig
	stats Stats
	// Scratch space reused across events: findings of the current event,
	// the detector's output, spans and categories of the current field.
	arena         []pii.Finding
	scratch       []pii.Finding
	before, after []field
	keyFields     []field
	spans         []sanitize.Span
	cats          []string
	batchCats     map[string]int64
}

// Stats are the engine's running counters, safe to read concurrently.
type Stats struct {
	Events      atomic.Int64
	Tombstones  atomic.Int64
	DeadLetters atomic.Int64
	Commands    atomic.Int64
	Outputs     atomic.Int64
	FieldsPII   atomic.Int64

	mu         sync.Mutex
	byCategory map[string]int64
}

// NewEngine validates cfg and returns an Engine.
func NewEngine(cfg EngineConfig) (*Engine, error) {
	switch {
	case cfg.Decoder == nil:
		return nil, errors.New("engine: Decoder is required")
	case cfg.Detector == nil:
		return nil, errors.New("engine: Detector is required")
	case cfg.Policy == nil:
		return nil, errors.New("engine: Policy is required")
	case cfg.Sanitizer == nil:
		return nil, errors.New("engine: Sanitizer is required")
	case cfg.Topics.Commands == "" || cfg.Topics.DeadLetter == "":
		return nil, errors.New("engine: Topics.Commands and Topics.DeadLetter are required")
	}
	if cfg.Commands == nil {
		cfg.Commands = JSONCommands{}
	}
	if cfg.ErasureDeadline == 0 {
		cfg.ErasureDeadline = 30 * 24 * time.Hour
	}
	return &Engine{cfg: cfg, batchCats: map[string]int64{}}, nil
}

// Stats returns the engine's counters.
func (e *Engine) Stats() *Stats { return &e.stats }

// FindingsByCategory returns how many fields held each category so far.
func (s *Stats) FindingsByCategory() map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.byCategory)
}

func (s *Stats) addCategories(batch map[string]int64) {
	if len(batch) == 0 {
		return
	}
	s.mu.Lock()
	if s.byCategory == nil {
		s.byCategory = map[string]int64{}
	}
	for c, n := range batch {
		s.byCategory[c] += n
	}
	s.mu.Unlock()
	clear(batch)
}

// Handle processes one batch. It returns an error only for failures that a
// retry can fix (a schema registry out of reach); every problem with the data
// itself becomes a dead-letter record so the batch commits and nothing is
// lost.
func (e *Engine) Handle(ctx context.Context, in []Message, out []Output) ([]Output, error) {
	for i := range in {
		var err error
		out, err = e.handleOne(ctx, &in[i], out)
		if err != nil {
			return out, err
		}
	}
	if e.cfg.DataMap != nil && e.cfg.Topics.DataMap != "" {
		var err error
		out, err = e.cfg.DataMap.Flush(e.cfg.Topics.DataMap, out)
		if err != nil {
			return out, err
		}
	}
	e.stats.Outputs.Add(int64(len(out)))
	e.stats.addCategories(e.batchCats)
	return out, nil
}

func (e *Engine) handleOne(ctx context.Context, m *Message, out []Output) ([]Output, error) {
	e.stats.Events.Add(1)
	c, err := e.cfg.Decoder.Decode(ctx, m.Topic, m.Key, m.Value)
	if err != nil {
		if transient(err) {
			return out, fmt.Errorf("decode %s: %w", m.Position(), err)
		}
		return e.deadLetter(m, "", err.Error(), out), nil
	}
	schema, table := tableOf(m.Topic, &c)
	ev := event{m: m, c: &c, schema: schema, table: table, qualified: schema + "." + table}
	if c.Tombstone {
		e.stats.Tombstones.Add(1)
		return e.emitRecords(&ev, nil, out), nil
	}
	switch c.Op {
	case OpCreate, OpUpdate, OpRead, OpDelete:
	case OpTruncate:
		return e.command(&ev, CmdErase, "crm_truncate", nil, out), nil
	default: // logical decoding messages carry no row: nothing to sanitize or forward.
		return out, nil
	}
	e.arena = e.arena[:0]
	e.before = e.analyze(&ev, c.Before, e.before[:0])
	e.after = e.analyze(&ev, c.After, e.after[:0])
	if e.cfg.DataMap != nil {
		img := e.after
		if c.After == nil {
			img = e.before
		}
		e.cfg.DataMap.Observe(m.Topic, m.Partition, ev.qualified, img, e.arena, eventTime(&c, m))
	}
	out = e.emitRecords(&ev, &c, out)
	if c.Op == OpDelete {
		out = e.command(&ev, CmdErase, "crm_delete", c.Before, out)
	}
	return out, nil
}

// event is the per-record context passed down the helpers.
type event struct {
	m                        *Message
	c                        *Change
	schema, table, qualified string
	sanitizedKey             []byte
}

// emitRecords writes the sanitized record (or tombstone) to every recipient
// that receives the table.
func (e *Engine) emitRecords(ev *event, c *Change, out []Output) []Output {
	key := e.sanitizedKey(ev)
	for i := range e.cfg.Policy.Recipients {
		r := &e.cfg.Policy.Recipients[i]
		if !r.WantsTable(ev.table) {
			continue
		}
		o := Output{Topic: r.TopicFor(ev.table), Key: key, Headers: []Header{{Key: HeaderInput, Value: []byte(ev.m.Position())}}}
		if c != nil {
			o.Value = e.sanitizedValue(ev, c, r)
		}
		out = append(out, o)
	}
	return out
}

// sanitizedEnvelope is the value of a sanitized record: Debezium's schemaless
// envelope, so existing Debezium consumers read it, plus a lethe block that
// says what was done to which field.
type sanitizedEnvelope struct {
	Before Row          `json:"before"`
	After  Row          `json:"after"`
	Source sourceBlock  `json:"source"`
	Op     string       `json:"op"`
	TsMs   int64        `json:"ts_ms"`
	Lethe  letheSummary `json:"lethe"`
}

type sourceBlock struct {
	Connector string `json:"connector,omitempty"`
	Name      string `json:"name,omitempty"`
	DB        string `json:"db,omitempty"`
	Schema    string `json:"schema"`
	Table     string `json:"table"`
	TsMs      int64  `json:"ts_ms"`
	LSN       int64  `json:"lsn,omitempty"`
}

type letheSummary struct {
	Policy    string            `json:"policy"`
	Recipient string            `json:"recipient"`
	Fields    map[string]string `json:"fields,omitempty"` // column -> "action:category[,category]"
}

func (e *Engine) sanitizedValue(ev *event, c *Change, r *policy.Recipient) []byte {
	sum := letheSummary{Policy: e.cfg.Policy.Version, Recipient: r.Name}
	env := sanitizedEnvelope{
		Before: e.sanitizeRow(nilIfNone(c.Before, e.before), r, &sum),
		After:  e.sanitizeRow(nilIfNone(c.After, e.after), r, &sum),
		Source: sourceBlock{Connector: c.Source.Connector, Name: c.Source.Name, DB: c.Source.DB, Schema: ev.schema,
			Table: ev.table, TsMs: c.Source.TsMs, LSN: c.Source.LSN},
		Op: c.Op.String(), TsMs: c.TsMs, Lethe: sum,
	}
	b, err := json.Marshal(&env)
	if err != nil { // only unsupported Go values in a Row can get here; fail closed.
		b = []byte(`{"op":"` + c.Op.String() + `","lethe":{"error":"unencodable row"}}`)
	}
	return b
}

// field is one column of a row image after detection: what the detectors
// found, before any recipient's action is applied.
type field struct {
	col      string
	value    any
	text     string // value as text; "" when there is nothing to scan
	rule     policy.ColumnRule
	lo, hi   int // findings are e.arena[lo:hi], already filtered by MinScore
	personal bool
}

// analyze runs detection once over a row image; every recipient's
// sanitization and the data map reuse the result.
func (e *Engine) analyze(ev *event, row Row, dst []field) []field {
	for col, v := range row {
		f := field{col: col, value: v, lo: len(e.arena), hi: len(e.arena)}
		rule, hasRule := e.cfg.Policy.Column(ev.schema, ev.table, col)
		f.rule = rule
		if hasRule && rule.NotPersonal {
			dst = append(dst, f)
			continue
		}
		f.text = textOf(v)
		if f.text == "" {
			dst = append(dst, f)
			continue
		}
		if rule.Category != "" {
			e.arena = append(e.arena, pii.Finding{Category: pii.Category(rule.Category), End: len(f.text), Score: 1, Detector: "policy_column"})
		} else if _, isStr := v.(string); isStr || len(f.text) >= 7 { // short numbers are amounts, counts, ids
			found := e.cfg.Detector.ScanField(col, f.text, e.scratch[:0])
			for _, fd := range found {
				if fd.Score >= e.cfg.Policy.MinScore {
					e.arena = append(e.arena, fd)
				}
			}
			e.scratch = found[:0]
		}
		f.hi = len(e.arena)
		f.personal = f.hi > f.lo
		if f.personal {
			e.stats.FieldsPII.Add(1)
			for _, fd := range e.arena[f.lo:f.hi] {
				e.batchCats[string(fd.Category)]++
			}
		}
		dst = append(dst, f)
	}
	return dst
}

// textOf renders a scalar as the text detectors see; nested values as JSON.
func textOf(v any) string {
	switch x := v.(type) {
	case nil, bool:
		return ""
	case string:
		return x
	case json.Number:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case []byte:
		return string(x)
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return ""
		}
		return string(b)
	}
}

// sanitizeRow returns a copy of the analysed row with every personal value
// replaced per the recipient's actions.
func (e *Engine) sanitizeRow(fields []field, r *policy.Recipient, sum *letheSummary) Row {
	if fields == nil {
		return nil
	}
	out := make(Row, len(fields))
	for i := range fields {
		f := &fields[i]
		if !f.personal {
			out[f.col] = f.value
			continue
		}
		nv, note := e.sanitizeField(f, r)
		out[f.col] = nv
		if sum.Fields == nil {
			sum.Fields = map[string]string{}
		}
		sum.Fields[f.col] = note
	}
	return out
}

// sanitizeField applies the recipient's actions to one personal field.
func (e *Engine) sanitizeField(f *field, r *policy.Recipient) (any, string) {
	e.spans = e.spans[:0]
	e.cats = e.cats[:0]
	whole := policy.Keep
	for _, fd := range e.arena[f.lo:f.hi] {
		a := r.ActionFor(string(fd.Category))
		if f.rule.Action != "" {
			a = f.rule.Action
		}
		if fd.Start == 0 && fd.End == len(f.text) && strength(a) > strength(whole) {
			whole = a
		}
		e.spans = append(e.spans, sanitize.Span{Start: fd.Start, End: fd.End, Category: string(fd.Category), Action: a})
		if !slices.Contains(e.cats, string(fd.Category)) {
			e.cats = append(e.cats, string(fd.Category))
		}
	}
	note := summarize(e.spans, e.cats)
	if whole != policy.Keep { // the whole field is one piece of personal data
		res, ok := e.cfg.Sanitizer.Apply(whole, e.cats[0], f.text)
		if !ok {
			return nil, note
		}
		return res, note
	}
	// Free text: replace each span; overlapping spans keep the strongest action.
	slices.SortFunc(e.spans, func(a, b sanitize.Span) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return strength(b.Action) - strength(a.Action)
	})
	res := e.cfg.Sanitizer.ApplySpans(f.text, mergeSpans(e.spans))
	if res == f.text {
		return f.value, note // every span kept: leave the value's type alone
	}
	return res, note
}

// nilIfNone keeps the difference between an absent image and an empty one.
func nilIfNone(row Row, fields []field) []field {
	if row == nil {
		return nil
	}
	if fields == nil {
		return []field{}
	}
	return fields
}

// mergeSpans folds overlapping spans into one with the strongest action.
func mergeSpans(spans []sanitize.Span) []sanitize.Span {
	out := spans[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start < out[n-1].End {
			last := &out[n-1]
			last.End = max(last.End, s.End)
			if strength(s.Action) > strength(last.Action) {
				last.Action, last.Category = s.Action, s.Category
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// strength orders actions by how much they remove.
func strength(a policy.Action) int {
	switch a {
	case policy.Keep:
		return 0
	case policy.Tokenize:
		return 1
	case policy.Pseudonymize:
		return 2
	case policy.Mask:
		return 3
	case policy.Drop:
		return 4
	}
	return 3
}

func summarize(spans []sanitize.Span, cats []string) string {
	a := spans[0].Action
	for _, s := range spans[1:] {
		if strength(s.Action) > strength(a) {
			a = s.Action
		}
	}
	return string(a) + ":" + strings.Join(cats, ",")
}

// sanitizedKey renders the record key as it appears on sanitized topics:
// the key columns with the default recipient's treatment (a subject key is
// pseudonymised, so downstream joins still work).
func (e *Engine) sanitizedKey(ev *event) []byte {
	if ev.sanitizedKey != nil {
		return ev.sanitizedKey
	}
	if ev.c.Key == nil {
		ev.sanitizedKey = []byte("null")
		return ev.sanitizedKey
	}
	r := &e.cfg.Policy.Recipients[slices.IndexFunc(e.cfg.Policy.Recipients, func(r policy.Recipient) bool {
		return r.Name == policy.DefaultRecipient
	})]
	var sum letheSummary
	arenaLen := len(e.arena)
	e.keyFields = e.analyze(ev, ev.c.Key, e.keyFields[:0])
	b, err := json.Marshal(e.sanitizeRow(e.keyFields, r, &sum))
	e.arena = e.arena[:arenaLen]
	if err != nil {
		b = []byte("null")
	}
	ev.sanitizedKey = b
	return b
}

// command appends a compliance command about the event's record.
func (e *Engine) command(ev *event, typ CommandType, reason string, row Row, out []Output) []Output {
	c := ev.c
	at := eventTime(c, ev.m)
	cmd := Command{
		ID:            commandID(ev.m, typ),
		Type:          typ,
		IssuedAt:      at,
		PolicyVersion: e.cfg.Policy.Version,
		Table:         ev.qualified,
		Reason:        reason,
		Deadline:      at.Add(e.cfg.ErasureDeadline),
		Source:        Position{Topic: ev.m.Topic, Partition: ev.m.Partition, Offset: ev.m.Offset},
		Fields:        []string{},
		Categories:    []string{},
	}
	if typ != CmdErase || c.Op != OpTruncate {
		cmd.RecordKey = string(e.sanitizedKey(ev))
	}
	if row == nil {
		row = c.Key
	}
	if subj := e.cfg.Policy.SubjectKey(ev.schema, ev.table); row != nil {
		if v, ok := row[subj]; ok && v != nil {
			cmd.Subject = e.cfg.Sanitizer.Pseudonym(string(pii.UniqueID), fmt.Sprint(v))
		}
	}
	if e.cfg.DataMap != nil {
		cmd.Categories = e.cfg.DataMap.Categories(ev.qualified)
	}
	for i := range e.cfg.Policy.Recipients {
		r := &e.cfg.Policy.Recipients[i]
		if r.WantsTable(ev.table) {
			cmd.Recipients = append(cmd.Recipients, r.Name)
			cmd.Topics = append(cmd.Topics, r.TopicFor(ev.table))
		}
	}
	val, enc, err := e.cfg.Commands.Encode(&cmd)
	if err != nil {
		return e.deadLetter(ev.m, "", "command could not be encoded: "+err.Error(), out)
	}
	e.stats.Commands.Add(1)
	return append(out, Output{Topic: e.cfg.Topics.Commands, Key: []byte(cmd.Subject), Value: val, Headers: []Header{
		{Key: HeaderInput, Value: []byte(ev.m.Position())}, {Key: HeaderSchema, Value: []byte(enc)},
	}})
}

// commandID is deterministic in the input position, so a replay or a retried
// transaction yields the same id and holders can de-duplicate.
func commandID(m *Message, typ CommandType) string {
	h := sha256.Sum256([]byte(m.Position() + "|" + string(typ)))
	return "cmd_" + hex.EncodeToString(h[:12])
}

// deadLetter appends the input, unchanged, to the dead-letter topic with the
// reason and its position in headers. The reason never holds a value.
func (e *Engine) deadLetter(m *Message, field, reason string, out []Output) []Output {
	e.stats.DeadLetters.Add(1)
	h := make([]Header, 0, len(m.Headers)+6)
	h = append(h, m.Headers...)
	h = append(h,
		Header{Key: HeaderInput, Value: []byte(m.Position())},
		Header{Key: HeaderReason, Value: []byte(reason)},
		Header{Key: HeaderTopic, Value: []byte(m.Topic)},
		Header{Key: HeaderPartition, Value: []byte(strconv.FormatInt(int64(m.Partition), 10))},
		Header{Key: HeaderOffset, Value: []byte(strconv.FormatInt(m.Offset, 10))})
	if field != "" {
		h = append(h, Header{Key: HeaderField, Value: []byte(field)})
	}
	return append(out, Output{Topic: e.cfg.Topics.DeadLetter, Key: m.Key, Value: m.Value, Headers: h})
}

// transient reports whether a decode error is worth retrying rather than
// dead-lettering: the network or a deadline, not the data.
func transient(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

// tableOf returns the schema and table of a change, from its source block or,
// for tombstones, from the Debezium topic name prefix.schema.table.
func tableOf(topic string, c *Change) (string, string) {
	if c.Source.Table != "" {
		schema := c.Source.Schema
		if schema == "" {
			schema = "public"
		}
		return schema, c.Source.Table
	}
	parts := strings.Split(topic, ".")
	switch n := len(parts); {
	case n >= 3:
		return parts[n-2], parts[n-1]
	case n == 2:
		return "public", parts[1]
	}
	return "public", topic
}

// eventTime is the database commit time when known, else the record time.
func eventTime(c *Change, m *Message) time.Time {
	switch {
	case c.Source.TsMs > 0:
		return time.UnixMilli(c.Source.TsMs).UTC()
	case c.TsMs > 0:
		return time.UnixMilli(c.TsMs).UTC()
	}
	return m.Timestamp.UTC()
}
