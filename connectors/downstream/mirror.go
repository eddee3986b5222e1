// Package downstream is a reference downstream subscriber of lethe, written
// the way a downstream team would write it: with segmentio/kafka-go, not with
// lethe's own Kafka code, and knowing only lethe's published contract (the
// sanitized mirror lethe.sanitized.<table>, the lethe.input header and the
// commands on lethe.commands, JSON or Avro, see pipeline.Command).
//
// A Mirror keeps a local key-to-value copy of one sanitized topic and obeys
// ERASE and REDACT commands. What it gets, and what it does about it:
//
//   - read_committed: every reader uses IsolationLevel kafka.ReadCommitted, so
//     the broker never hands out records of a transaction that is still open.
//     kafka-go v0.4.51 does not hide transaction markers (control records) and
//     does not filter records of aborted transactions below the last stable
//     offset (segmentio/kafka-go#1332; PR #1446 is open). The Mirror drops
//     every record without the lethe.input header, which removes the markers.
//     Records of an aborted transaction (lethe retried a batch after a crash
//     or a fencing) do reach it; because lethe's output for an input is a
//     function of the input, the committed retry repeats them in the same
//     order, so the final state is the same, only reached earlier (but
//     for a REDACT's issued_at, which the Mirror therefore applies under
//     each value it reads; see seenKey). Not
//     always before: a worker that loses its partitions in a rebalance
//     goes on writing the batch it had begun until it ends it, aborted,
//     while its successor commits the outputs of the same inputs and of
//     newer ones, so aborted outputs can follow newer committed ones of
//     their key. A record, tombstone or delete from an earlier offset of
//     the source partition of the record held for its key is therefore
//     ignored (Stats.Stale). Count outputs with a client that filters
//     aborted transactions (franz-go, librdkafka/kcat), not with kafka-go.
//   - at-least-once application of commands: a Mirror holds its state in
//     memory, so it reads both topics from the beginning at every start: the
//     sanitized topic is compacted and is the table, and every ERASE is applied
//     again. A team with a durable store would use a consumer group and commit
//     offsets after the store has applied a record, which is also
//     at-least-once.
//   - idempotent deletes: tombstones, Debezium delete events (op "d") and
//     ERASE commands delete; deleting what is gone is a no-op. An ERASE only
//     removes records not newer than the change that caused it (by offset
//     within one CDC partition, else by event time: issued_at is the
//     deleting transaction's commit time; see notAfter), so applying an old
//     command again, or after the row was inserted again, never removes
//     newer data. An ERASE of a TRUNCATE (no record_key) removes every
//     record of the table that is not newer than the command; one of a
//     delete without a record_key names a row of a table without a key,
//     whose records never reach the sanitized topic, and removes nothing.
//   - no order between the two topics: a command can be read before the
//     records it concerns (Run follows both topics at once, and a truncate
//     leaves no tombstones). So the Mirror remembers what it was told: a
//     record that arrives after an ERASE or a REDACT that covers it (same
//     key or a truncate, not newer than the command) is dropped or redacted
//     as it is stored. lethe keeps its commands topic for ever (unless the
//     broker caps every topic's size, as the endless demo's does), so a
//     Mirror that starts again finds them all.
//   - REDACT: the named columns become null, in before and after, in every
//     record not newer than the command: a column lethe published as not
//     personal turned out to hold personal data.
//   - JSON or Avro commands: a command whose lethe.encoding header says
//     "avro" (lethe writes Avro when it has a schema registry) is decoded
//     with the schema its id names, from Config.Registry (see avroCommands);
//     without one it stops the Mirror with an error naming its position
//     rather than being skipped, since an ignored ERASE would keep data that
//     must go.
//
// Nothing the Mirror logs or returns contains a value: errors name the topic,
// partition and offset.
package downstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
)

// HeaderInput is lethe's header naming the input an output came from
// ("topic/partition/offset"); pipeline.HeaderInput holds the same string. A
// downstream team copies the constant rather than importing lethe.
const HeaderInput = "lethe.input"

// HeaderEncoding is lethe's header naming a command's encoding: "json" or
// "avro".
const HeaderEncoding = "lethe.encoding"

// DefaultCommandsTopic is lethe's default commands topic.
const DefaultCommandsTopic = "lethe.commands"

// The reasons of ERASE commands the Mirror tells apart.
const (
	ReasonDelete   = "crm_delete"   // a row deleted in the CRM
	ReasonTruncate = "crm_truncate" // a table truncated in the CRM
)

// Config configures a Mirror.
type Config struct {
	// Brokers are Kafka's seed brokers.
	Brokers []string
	// Topic is the sanitized topic to mirror, e.g. lethe.sanitized.customers.
	Topic string
	// Commands is lethe's commands topic; "" means DefaultCommandsTopic.
	Commands string
	// IdleTimeout bounds CatchUp's wait for the next record of a partition
	// that has not reached its end offset yet; 0 means 15s. A partition that
	// stalls longer fails CatchUp with its topic, partition and offset.
	IdleTimeout time.Duration
	// PartitionCheck is how often Run looks for partitions added to the
	// topics it follows; 0 means 30s.
	PartitionCheck time.Duration
	// Dialer connects the readers and the metadata and offset lookups (its
	// TLS, SASL, ClientID, DialFunc and Resolver); nil means
	// kafka.DefaultDialer.
	Dialer *kafka.Dialer
	// OnUnhandled, when set, is called for each command for this topic the
	// Mirror does not carry out, with its position ("topic/partition/offset")
	// and type: a holder must act on every command, so a team wires this to
	// its alerting. It is called once per command (id and issued_at) in the
	// Mirror's life, however often it is read, with the Mirror's lock held.
	OnUnhandled func(position, commandType string)
	// Registry is the URL of the schema registry lethe writes its Avro
	// commands with (lethe's registry.url), needed to read them; "" for
	// lethe writing JSON, when an Avro command stops the Mirror.
	Registry string
	// RegistryClient makes the Registry's lookups (TLS, auth); nil means
	// an http.Client with a 10 s timeout.
	RegistryClient *http.Client
}

// Record is one mirrored record.
type Record struct {
	// Value is the sanitized Debezium envelope, as lethe wrote it.
	Value []byte
	// Input is the lethe.input header: the CDC record it came from.
	Input string
	// EventTime is the envelope's source.ts_ms (the source commit time),
	// else its ts_ms, else the Kafka timestamp (lethe gives outputs their
	// input's): the time lethe gives a command's issued_at. Times before
	// the year 2000 or from the year 9000 on are taken for absent, as lethe
	// takes them.
	EventTime time.Time
	// LSN is the envelope's source.lsn, PostgreSQL's log position of the
	// change, or 0: it orders the changes of one transaction, which share
	// an event time.
	LSN int64
	// ch places the record for notAfter, parsed once as it is stored.
	ch change
}

// Stats counts what a Mirror applied.
type Stats struct {
	// Records is the number of sanitized records stored (inserts and updates).
	Records int64
	// Deletes counts tombstones and delete envelopes that removed a record.
	Deletes int64
	// Commands counts ERASE and REDACT commands for this topic; Erased the
	// records ERASEs removed, or dropped when they arrived after the command;
	// Redacted the records REDACTs changed.
	Commands int64
	Erased   int64
	Redacted int64
	// Skipped counts records without the lethe.input header (kafka-go hands
	// out transaction markers as records) and commands for other topics.
	Skipped int64
	// Repeated counts commands applied before (the same id and issued_at):
	// read again by a second CatchUp, or redelivered. They are not applied
	// twice. One with an applied id but another issued_at (an aborted
	// attempt's REDACT, see seenKey) is applied too.
	Repeated int64
	// Unhandled counts commands for this topic the Mirror does not carry
	// out (RESTRICT, RECTIFY, a type newer than it, a REDACT without
	// fields, an ERASE without a record_key that is not a truncate's); each
	// is also reported to Config.OnUnhandled.
	Unhandled int64
	// Stale counts records, tombstones and deletes ignored because they
	// come from an earlier offset of the source partition of the record
	// held for their key: aborted outputs of a worker fenced after its
	// successor wrote newer ones, or a replay of lethe's inputs.
	Stale int64
}

// Mirror is a local copy of one sanitized topic. It is safe for concurrent use.
type Mirror struct {
	cfg Config

	mu    sync.Mutex
	recs  map[string]Record
	stats Stats
	// What the commands said, for records that arrive after them.
	truncated erasures            // the table-wide ERASEs
	erased    map[string]erasures // the ERASEs per key
	redacts   []redaction
	// keyless are ERASEs of deletes without a record_key, until a record
	// they may concern (one not newer) is held: then a person is told,
	// once, whichever the Mirror read first. Two per source partition
	// are enough to tell it (see keylessErases), and keep memory bounded
	// whatever the deletes of a table without a key (a review: 100,000
	// kept made each record cost 1 ms).
	keyless map[sourcePartition]keylessErases
	seen    map[string]struct{} // the commands applied, by seenKey
	avro    *avroCommands       // nil without Config.Registry
}

// erasures are the ERASEs a Mirror remembers of one key, or of the whole
// table, for records that arrive after them: all of them. notAfter is not
// transitive (offsets order one partition, times the others), so keeping
// only the newest, as the Mirror did, made what survived depend on the
// order it read things in (a review: of two truncates in one partition,
// the later one with an older time, a restored database's, replaced the
// other and no longer covered a record of another partition). A key is
// seldom erased twice, a table seldom truncated: they are few.
type erasures []change

// cover reports whether a remembered ERASE covers a record from ch.
func (e erasures) cover(ch change) bool {
	for _, at := range e {
		if notAfter(ch, at) {
			return true
		}
	}
	return false
}

// keylessErase is an ERASE of a delete without a record_key, and where
// it was read.
type keylessErase struct {
	at       change
	position string
}

// keylessErases are the keyless deletes' ERASEs of one source partition
// that cover the most: the latest by offset, which covers whatever any
// of them covers in the partition, and the latest by event time (and log
// position), which covers whatever any of them covers in the others.
// The latest by offset alone, as the Mirror kept, is not enough:
// notAfter is not transitive, and a review saw an ERASE dropped for a
// later one with an older time (a restored database) never told about a
// record of another partition between their times.
type keylessErases struct{ byOffset, byTime keylessErase }

// add remembers k if it covers more than those kept.
func (ks *keylessErases) add(k keylessErase) {
	if notAfter(ks.byOffset.at, k.at) { // one partition: by offset
		ks.byOffset = k
	}
	if coversMore(k.at, ks.byTime.at) {
		ks.byTime = k
	}
}

// cover returns the kept ERASE that covers a record from ch, if one does.
func (ks keylessErases) cover(ch change) (keylessErase, bool) {
	for _, k := range [2]keylessErase{ks.byOffset, ks.byTime} {
		if notAfter(ch, k.at) {
			return k, true
		}
	}
	return keylessErase{}, false
}

// coversMore reports whether an ERASE from a covers, of the records of
// other partitions, at least those one from b covers (see notAfter): it
// is later, or as late and not earlier in the log (a change without a
// log position covers every one of its time).
func coversMore(a, b change) bool {
	switch {
	case !a.at.Equal(b.at):
		return a.at.After(b.at)
	case a.lsn == 0:
		return true
	}
	return b.lsn > 0 && a.lsn >= b.lsn
}

// sourcePartition names a partition of a CDC topic.
type sourcePartition struct {
	topic     string
	partition int32
}

// tellKeyless reports, and forgets, the remembered ERASEs of deletes
// without a record_key that may concern the record from ch.
func (m *Mirror) tellKeyless(ch change) {
	for p, ks := range m.keyless {
		if k, ok := ks.cover(ch); ok {
			m.tell(k)
			delete(m.keyless, p)
		}
	}
}

// tell reports k as unhandled.
func (m *Mirror) tell(k keylessErase) {
	m.stats.Unhandled++
	if m.cfg.OnUnhandled != nil {
		m.cfg.OnUnhandled(k.position, "ERASE "+ReasonDelete)
	}
}

// redaction is a REDACT command as the Mirror remembers it.
type redaction struct {
	fields []string
	at     change
}

// change places a change of the source: its event time, and where it was
// in the CDC topic and in the database's log (lsn, 0 when unknown).
type change struct {
	at        time.Time
	topic     string
	partition int32
	offset    int64
	lsn       int64
}

// notAfter reports whether change a is not newer than change b: a record
// from a is covered by a command caused by b. Changes from the same
// partition of the same CDC topic (the changes of one key always are) are
// in the order of their offsets, whatever their clocks and log positions
// say: a database restored from a backup, or a source that sends its
// snapshot again, writes older times and positions after newer ones, and
// a review saw rows inserted again after such a restart dropped as
// erased. Other changes are ordered by event time; the changes of one
// transaction share one (its commit's), and among them the one written
// later in the source is newer, by log position when both have one.
// Changes that cannot be ordered count as not newer: of the two
// mistakes, keeping data an ERASE named is the worse.
func notAfter(a, b change) bool {
	switch {
	case a.topic != "" && a.topic == b.topic && a.partition == b.partition:
		return a.offset <= b.offset
	case a.at.Before(b.at):
		return true
	case a.at.After(b.at):
		return false
	case a.lsn > 0 && b.lsn > 0:
		return a.lsn <= b.lsn
	}
	return true
}

// parsePosition reads a lethe.input header, "topic/partition/offset".
// Topic names cannot hold '/'.
func parsePosition(s string) (topic string, partition int32, offset int64, ok bool) {
	t, rest, ok1 := strings.Cut(s, "/")
	ps, os, ok2 := strings.Cut(rest, "/")
	p, err1 := strconv.ParseInt(ps, 10, 32)
	o, err2 := strconv.ParseInt(os, 10, 64)
	if !ok1 || !ok2 || err1 != nil || err2 != nil || t == "" {
		return "", 0, 0, false
	}
	return t, int32(p), o, true
}

// NewMirror validates cfg and returns an empty Mirror.
func NewMirror(cfg Config) (*Mirror, error) {
	if len(cfg.Brokers) == 0 {
		return nil, errors.New("downstream: no brokers")
	}
	if cfg.Topic == "" {
		return nil, errors.New("downstream: no topic")
	}
	if cfg.Commands == "" {
		cfg.Commands = DefaultCommandsTopic
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = 15 * time.Second
	}
	if cfg.PartitionCheck <= 0 {
		cfg.PartitionCheck = 30 * time.Second
	}
	if cfg.Dialer == nil {
		cfg.Dialer = kafka.DefaultDialer
	}
	m := &Mirror{cfg: cfg, recs: map[string]Record{}, erased: map[string]erasures{}, seen: map[string]struct{}{},
		keyless: map[sourcePartition]keylessErases{}}
	if cfg.Registry != "" {
		m.avro = newAvroCommands(cfg.Registry, cfg.RegistryClient)
	}
	return m, nil
}

// Get returns the mirrored record of a sanitized key.
func (m *Mirror) Get(key string) (Record, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.recs[key]
	return r, ok
}

// Len returns the number of records held.
func (m *Mirror) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.recs)
}

// Keys returns the keys held, sorted.
func (m *Mirror) Keys() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]string, 0, len(m.recs))
	for k := range m.recs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Stats returns the counters so far.
func (m *Mirror) Stats() Stats {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stats
}

// CatchUp reads the sanitized topic and then the commands topic from the
// beginning to the last stable offset each partition has when CatchUp
// starts, applying every record. Calling it again re-reads both topics:
// records are checked again against the commands the Mirror remembers, and
// commands already applied (the same id and issued_at) are counted as Repeated, not
// applied again.
func (m *Mirror) CatchUp(ctx context.Context) error {
	if err := m.readTopic(ctx, m.cfg.Topic, true, m.applyRecord); err != nil {
		return err
	}
	return m.readTopic(ctx, m.cfg.Commands, true, m.applyCommand)
}

// Run reads both topics from the beginning and keeps following them until
// ctx is done; it returns ctx's error or the first failure.
func (m *Mirror) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 2)
	go func() { errc <- m.readTopic(ctx, m.cfg.Topic, false, m.applyRecord) }()
	go func() { errc <- m.readTopic(ctx, m.cfg.Commands, false, m.applyCommand) }()
	err := <-errc
	cancel()
	if err2 := <-errc; err == nil || errors.Is(err, context.Canceled) {
		err = err2
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return context.Cause(ctx)
	}
	return err
}

// envelope is the part of lethe's sanitized envelope the Mirror reads.
type envelope struct {
	Op     string `json:"op"`
	TsMs   int64  `json:"ts_ms"`
	Source struct {
		TsMs int64 `json:"ts_ms"`
		LSN  int64 `json:"lsn"`
	} `json:"source"`
}

// minEventMs and maxEventMs are lethe's bounds on plausible event times,
// the years 2000 and 9000: lethe takes a time outside them for none (a
// time in seconds read as milliseconds falls in January 1970), and so must
// the Mirror.
var (
	minEventMs = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	maxEventMs = time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
)

// ApplyRecord applies one record of the sanitized topic: a value stores it,
// a tombstone or a delete envelope removes its key. Records without the
// lethe.input header are skipped, and so are those from an earlier offset
// of the source partition of the record held for their key (see Stats.Stale).
func (m *Mirror) ApplyRecord(msg kafka.Message) error {
	input, ok := header(msg, HeaderInput)
	m.mu.Lock()
	defer m.mu.Unlock()
	if !ok {
		m.stats.Skipped++
		return nil
	}
	key := string(msg.Key)
	ch := change{at: msg.Time}
	ch.topic, ch.partition, ch.offset, _ = parsePosition(input)
	if held, ok := m.recs[key]; ok && ch.topic != "" && ch.topic == held.ch.topic && ch.partition == held.ch.partition && ch.offset < held.ch.offset {
		// The changes of a key are in the order of their source offsets
		// (see notAfter): an older one read after a newer one is an
		// aborted output kafka-go hands out, written by a worker fenced
		// after its successor's commit, or a replay. Applied, it would
		// take the key back to an older value or delete a row inserted
		// again.
		m.stats.Stale++
		return nil
	}
	if msg.Value == nil {
		if _, had := m.recs[key]; had {
			delete(m.recs, key)
			m.stats.Deletes++
		}
		return nil
	}
	var env envelope
	if err := json.Unmarshal(msg.Value, &env); err != nil {
		return fmt.Errorf("downstream: %s/%d/%d: sanitized value is not a JSON envelope (%d bytes): %s",
			msg.Topic, msg.Partition, msg.Offset, len(msg.Value), jsonProblem(err))
	}
	if env.Op == "d" {
		if _, had := m.recs[key]; had {
			delete(m.recs, key)
			m.stats.Deletes++
		}
		return nil
	}
	ch.lsn = env.Source.LSN
	for _, ms := range [2]int64{env.Source.TsMs, env.TsMs} {
		if ms >= minEventMs && ms < maxEventMs {
			ch.at = time.UnixMilli(ms)
			break
		}
	}
	if m.truncated.cover(ch) || m.erased[key].cover(ch) {
		// An ERASE read earlier covers it.
		delete(m.recs, key)
		m.stats.Erased++
		return nil
	}
	m.stats.Records++
	r := Record{Value: msg.Value, Input: input, EventTime: ch.at, LSN: ch.lsn, ch: ch}
	for _, rd := range m.redacts {
		if notAfter(ch, rd.at) {
			v, err := redactFields(r.Value, rd.fields)
			if err != nil {
				return fmt.Errorf("downstream: %s/%d/%d: %w", msg.Topic, msg.Partition, msg.Offset, err)
			}
			r.Value = v
			m.stats.Redacted++
		}
	}
	m.recs[key] = r
	m.tellKeyless(ch)
	return nil
}

// applyRecord is ApplyRecord as readTopic calls it.
func (m *Mirror) applyRecord(_ context.Context, msg kafka.Message) error { return m.ApplyRecord(msg) }

// jsonProblem describes a JSON decoding error by its kind and place only:
// encoding/json's messages quote the values they could not take (a number,
// a time), and those values are data.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tm *time.ParseError
	switch {
	case errors.As(err, &syn):
		return "malformed JSON at byte " + strconv.FormatInt(syn.Offset, 10)
	case errors.As(err, &typ):
		kind, _, _ := strings.Cut(typ.Value, " ") // "number 4915...": the kind only
		return "field " + typ.Field + " holds a JSON " + kind + " of the wrong type"
	case errors.As(err, &tm):
		return "a time is not in RFC 3339 form"
	}
	return "invalid JSON"
}

// Command is the part of lethe's command (pipeline.Command, JSON) the Mirror
// needs.
type Command struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	IssuedAt  time.Time `json:"issued_at"`
	Table     string    `json:"table"`
	RecordKey string    `json:"record_key"`
	Reason    string    `json:"reason"`
	Topics    []string  `json:"topics"`
	Fields    []string  `json:"fields"`
	// Source is the CDC record the command came from; LSN is its source.lsn
	// when it had one.
	Source struct {
		Topic     string `json:"topic"`
		Partition int32  `json:"partition"`
		Offset    int64  `json:"offset"`
		LSN       int64  `json:"lsn"`
	} `json:"source"`
}

// ApplyCommand applies one record of the commands topic naming the
// mirrored topic: an ERASE deletes the record whose key is record_key, or,
// without a record_key, for a truncate (reason crm_truncate) every record;
// a REDACT sets its fields to null in every record. An ERASE of a delete
// without a record_key concerns a table without a primary key, whose
// records never reach the sanitized topic: when the Mirror holds none,
// nothing held is that row; when it holds some (the table lost its key),
// and for an ERASE without a record_key of any other reason, it is
// Unhandled: a person decides what it covers. Only records not newer than the command are touched (see
// notAfter), and the command is remembered for records that arrive after
// it. A command applied before (its id and issued_at) is not applied again. Commands for
// other topics are skipped; other types for this topic, and a REDACT
// without fields, are counted as Unhandled and reported to
// Config.OnUnhandled.
func (m *Mirror) ApplyCommand(msg kafka.Message) error {
	return m.applyCommand(context.Background(), msg)
}

// applyCommand is ApplyCommand with ctx bounding a schema registry lookup.
func (m *Mirror) applyCommand(ctx context.Context, msg kafka.Message) error {
	if _, ok := header(msg, HeaderInput); !ok || msg.Value == nil {
		m.mu.Lock()
		m.stats.Skipped++
		m.mu.Unlock()
		return nil
	}
	var c Command
	if enc, _ := header(msg, HeaderEncoding); enc == "avro" {
		if m.avro == nil {
			return fmt.Errorf("downstream: %s/%d/%d: command is Avro (lethe has a schema registry): set Config.Registry to read it",
				msg.Topic, msg.Partition, msg.Offset)
		}
		var err error
		if c, err = m.avro.decode(ctx, msg.Value); err != nil {
			return fmt.Errorf("downstream: %s/%d/%d: Avro command: %w", msg.Topic, msg.Partition, msg.Offset, err)
		}
	} else if err := json.Unmarshal(msg.Value, &c); err != nil {
		return fmt.Errorf("downstream: %s/%d/%d: command is not JSON (%d bytes): %s",
			msg.Topic, msg.Partition, msg.Offset, len(msg.Value), jsonProblem(err))
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !slices.Contains(c.Topics, m.cfg.Topic) {
		m.stats.Skipped++
		return nil
	}
	seen := seenKey(c)
	if _, dup := m.seen[seen]; dup && c.ID != "" {
		m.stats.Repeated++
		return nil
	}
	if c.ID != "" {
		// Unhandled ones too: a person is told once, not at every read.
		m.seen[seen] = struct{}{}
	}
	if what := unhandled(c); what != "" {
		m.stats.Unhandled++
		if m.cfg.OnUnhandled != nil {
			m.cfg.OnUnhandled(fmt.Sprintf("%s/%d/%d", msg.Topic, msg.Partition, msg.Offset), what)
		}
		return nil
	}
	m.stats.Commands++
	at := change{at: c.IssuedAt, topic: c.Source.Topic, partition: c.Source.Partition, offset: c.Source.Offset, lsn: c.Source.LSN}
	if c.Type == "REDACT" {
		m.redacts = append(m.redacts, redaction{fields: c.Fields, at: at})
		for k, r := range m.recs {
			if !notAfter(r.ch, at) {
				continue
			}
			v, err := redactFields(r.Value, c.Fields)
			if err != nil {
				return fmt.Errorf("downstream: %s/%d/%d: %w", msg.Topic, msg.Partition, msg.Offset, err)
			}
			r.Value = v
			m.recs[k] = r
			m.stats.Redacted++
		}
		return nil
	}
	if c.RecordKey != "" {
		m.erased[c.RecordKey] = append(m.erased[c.RecordKey], at)
		if r, ok := m.recs[c.RecordKey]; ok && notAfter(r.ch, at) {
			delete(m.recs, c.RecordKey)
			m.stats.Erased++
		}
		return nil
	}
	switch c.Reason {
	case ReasonTruncate:
	case ReasonDelete:
		// A row of a table without a primary key, whose records never
		// reach the sanitized topic: nothing held is that row, unless
		// the table had a key before and records not newer than the
		// delete are held (now or once read): which of them it was, a
		// person decides.
		k := keylessErase{at: at, position: fmt.Sprintf("%s/%d/%d", msg.Topic, msg.Partition, msg.Offset)}
		for _, r := range m.recs {
			if notAfter(r.ch, at) {
				m.tell(k)
				return nil
			}
		}
		p := sourcePartition{at.topic, at.partition}
		if ks, ok := m.keyless[p]; ok {
			ks.add(k)
			m.keyless[p] = ks
		} else {
			m.keyless[p] = keylessErases{k, k}
		}
		return nil
	default:
		// Another reason: what it covers, a person decides.
		m.stats.Unhandled++
		if m.cfg.OnUnhandled != nil {
			m.cfg.OnUnhandled(fmt.Sprintf("%s/%d/%d", msg.Topic, msg.Partition, msg.Offset), c.Type+" "+c.Reason)
		}
		return nil
	}
	m.truncated = append(m.truncated, at)
	for k, r := range m.recs {
		if notAfter(r.ch, at) {
			delete(m.recs, k)
			m.stats.Erased++
		}
	}
	return nil
}

// unhandled names what of c the Mirror does not carry out, or is "": a
// type it does not know, or a REDACT without fields, which concerns the
// whole record (schemas/command.avsc: "empty means the whole record") and
// would otherwise change nothing while counted as applied.
func unhandled(c Command) string {
	switch {
	case c.Type != "ERASE" && c.Type != "REDACT":
		return c.Type
	case c.Type == "REDACT" && len(c.Fields) == 0:
		return "REDACT without fields"
	}
	return ""
}

// seenKey is what tells a command read again from another: its id and
// its issued_at. lethe gives a REDACT the column's last-seen time, which
// depends on the batch's bounds, so a batch aborted and retried with
// other bounds writes the same id with another issued_at (README: "the
// first one applied counts", for readers that never see aborted
// records). kafka-go hands out the aborted one too, maybe first; both
// are applied, which covers what the committed one covers, and redacting
// or erasing again is a no-op.
func seenKey(c Command) string {
	return c.ID + "@" + strconv.FormatInt(c.IssuedAt.UnixNano(), 10)
}

// redactFields returns the envelope with the named columns null in its
// before and after images.
func redactFields(value []byte, fields []string) ([]byte, error) {
	var env map[string]json.RawMessage
	if err := json.Unmarshal(value, &env); err != nil {
		return nil, fmt.Errorf("stored value is not a JSON envelope (%d bytes): %w", len(value), err)
	}
	for _, img := range []string{"before", "after"} {
		raw, ok := env[img]
		if !ok || string(raw) == "null" {
			continue
		}
		var row map[string]json.RawMessage
		if err := json.Unmarshal(raw, &row); err != nil {
			return nil, fmt.Errorf("stored %s image is not an object: %w", img, err)
		}
		for _, f := range fields {
			if _, ok := row[f]; ok {
				row[f] = json.RawMessage("null")
			}
		}
		b, err := json.Marshal(row)
		if err != nil {
			return nil, err
		}
		env[img] = b
	}
	return json.Marshal(env)
}

func header(msg kafka.Message, key string) (string, bool) {
	for _, h := range msg.Headers {
		if h.Key == key {
			return string(h.Value), true
		}
	}
	return "", false
}

// readTopic reads every partition of topic from its first offset, one
// reader per partition, calling apply for each record in offset order per
// partition. toEnd stops each partition at the last stable offset it had
// when readTopic started; otherwise readTopic follows until ctx is done,
// and every Config.PartitionCheck looks for partitions added to the topic
// since: an ERASE written to a new partition of the commands topic must
// not wait for a restart.
func (m *Mirror) readTopic(ctx context.Context, topic string, toEnd bool, apply func(context.Context, kafka.Message) error) error {
	ends, err := m.endOffsets(ctx, topic)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		errs    []error
		started = map[int]bool{}
	)
	start := func(p int, end int64) {
		started[p] = true
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := m.readPartition(ctx, topic, p, end, toEnd, apply); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
				cancel()
			}
		}()
	}
	for p, span := range ends {
		if toEnd && span[1] <= span[0] {
			continue // empty below the last stable offset
		}
		start(p, span[1])
	}
	if !toEnd {
		tick := time.NewTicker(m.cfg.PartitionCheck)
	follow:
		for {
			select {
			case <-ctx.Done():
				break follow
			case <-tick.C:
				now, err := m.endOffsetsOnce(ctx, topic)
				if err != nil {
					continue // the readers report a broker that stays away
				}
				for p, span := range now {
					if !started[p] {
						start(p, span[1])
					}
				}
			}
		}
		tick.Stop()
	}
	wg.Wait()
	// The first real failure wins over the cancellations it caused.
	var first error
	for _, err := range errs {
		if first == nil || errors.Is(first, context.Canceled) {
			first = err
		}
	}
	return first
}

func (m *Mirror) readPartition(ctx context.Context, topic string, p int, end int64, toEnd bool, apply func(context.Context, kafka.Message) error) error {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:        m.cfg.Brokers,
		Topic:          topic,
		Partition:      p,
		Dialer:         m.cfg.Dialer,
		IsolationLevel: kafka.ReadCommitted,
		MinBytes:       1,
		MaxBytes:       8 << 20,
		MaxWait:        500 * time.Millisecond,
	})
	defer r.Close()
	next := int64(0)
	for !toEnd || next < end {
		fctx, cancel := ctx, context.CancelFunc(func() {})
		if toEnd {
			fctx, cancel = context.WithTimeout(ctx, m.cfg.IdleTimeout)
		}
		msg, err := r.FetchMessage(fctx)
		cancel()
		if err != nil {
			if toEnd && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
				return fmt.Errorf("downstream: %s/%d: no record for %s at offset %d, end offset %d", topic, p, m.cfg.IdleTimeout, next, end)
			}
			return fmt.Errorf("downstream: read %s/%d at offset %d: %w", topic, p, next, err)
		}
		next = msg.Offset + 1
		if toEnd && msg.Offset >= end {
			break // past the snapshot's end: a later CatchUp or Run applies it
		}
		if err := apply(ctx, msg); err != nil {
			return err
		}
	}
	return nil
}

// endOffsets returns, per partition, the first offset and the last stable
// offset (read_committed end) of topic. A broker that just restarted can
// answer a read_committed ListOffsets with an error for a while (seen:
// UNKNOWN_SERVER_ERROR from Kafka 4.3 seconds after a restart), so failures
// are retried for up to IdleTimeout.
func (m *Mirror) endOffsets(ctx context.Context, topic string) (map[int][2]int64, error) {
	deadline := time.Now().Add(m.cfg.IdleTimeout)
	for {
		out, err := m.endOffsetsOnce(ctx, topic)
		if err == nil || ctx.Err() != nil || time.Now().After(deadline) {
			return out, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func (m *Mirror) endOffsetsOnce(ctx context.Context, topic string) (map[int][2]int64, error) {
	tr := transportOf(m.cfg.Dialer)
	defer tr.CloseIdleConnections()
	cl := &kafka.Client{Addr: kafka.TCP(m.cfg.Brokers...), Timeout: 15 * time.Second, Transport: tr}
	md, err := cl.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{topic}})
	if err != nil {
		return nil, fmt.Errorf("downstream: metadata of %s: %w", topic, err)
	}
	if len(md.Topics) != 1 {
		return nil, fmt.Errorf("downstream: metadata of %s: %d topics returned", topic, len(md.Topics))
	}
	if md.Topics[0].Error != nil {
		return nil, fmt.Errorf("downstream: metadata of %s: %w", topic, md.Topics[0].Error)
	}
	var reqs []kafka.OffsetRequest
	for _, p := range md.Topics[0].Partitions {
		reqs = append(reqs, kafka.FirstOffsetOf(p.ID), kafka.LastOffsetOf(p.ID))
	}
	resp, err := cl.ListOffsets(ctx, &kafka.ListOffsetsRequest{Topics: map[string][]kafka.OffsetRequest{topic: reqs}, IsolationLevel: kafka.ReadCommitted})
	if err != nil {
		return nil, fmt.Errorf("downstream: end offsets of %s: %w", topic, err)
	}
	out := map[int][2]int64{}
	for _, po := range resp.Topics[topic] {
		if po.Error != nil {
			return nil, fmt.Errorf("downstream: end offsets of %s/%d: %w", topic, po.Partition, po.Error)
		}
		out[po.Partition] = [2]int64{po.FirstOffset, po.LastOffset}
	}
	if len(out) != len(md.Topics[0].Partitions) {
		return nil, fmt.Errorf("downstream: end offsets of %s: %d of %d partitions answered", topic, len(out), len(md.Topics[0].Partitions))
	}
	return out, nil
}

// transportOf is a kafka-go Transport that reaches the brokers as d does:
// kafka.Client takes a Transport, not a Dialer, and its default one would
// ignore the Dialer's TLS, SASL, DialFunc and Resolver.
func transportOf(d *kafka.Dialer) *kafka.Transport {
	t := &kafka.Transport{TLS: d.TLS, SASL: d.SASLMechanism, ClientID: d.ClientID, DialTimeout: d.Timeout, Dial: d.DialFunc}
	if t.Dial == nil {
		nd := &net.Dialer{Timeout: d.Timeout, LocalAddr: d.LocalAddr, FallbackDelay: d.FallbackDelay, KeepAlive: d.KeepAlive}
		t.Dial = nd.DialContext
	}
	if d.Resolver != nil {
		t.Dial = resolving(d.Resolver, t.Dial)
	}
	return t
}

// resolving dials through dial the address r gives a broker's host, as a
// kafka-go Dialer with a Resolver does: the first answer's host, with the
// broker's port unless it has none.
func resolving(r kafka.Resolver, dial func(context.Context, string, string) (net.Conn, error)) func(context.Context, string, string) (net.Conn, error) {
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(address)
		if err != nil {
			host, port = address, ""
		}
		addrs, err := r.LookupHost(ctx, host)
		if err != nil {
			return nil, fmt.Errorf("downstream: resolve %s: %w", host, err)
		}
		if len(addrs) > 0 {
			h, p, err := net.SplitHostPort(addrs[0])
			if err != nil {
				h, p = addrs[0], ""
			}
			if host = h; port == "" {
				port = p
			}
		}
		return dial(ctx, network, net.JoinHostPort(host, port))
	}
}
