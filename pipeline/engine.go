package pipeline

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/lethe-cdc/lethe/pipeline/jsonw"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
	"github.com/lethe-cdc/lethe/pipeline/sanitize"
)

// Decoder turns a raw CDC record into a Change. Errors must never contain
// field values: they become dead-letter reasons. An error that is not the
// record's fault (a network error, a deadline, or one whose Transient
// method returns true) fails the batch, which is retried, instead.
type Decoder interface {
	Decode(ctx context.Context, topic string, key, value []byte) (Change, error)
}

// ErrNoRegistry is what a Decoder's transient error wraps when a record
// needs a schema registry and none is configured (an Avro value in
// Confluent's framing). The batch waits for one, as for a registry out of
// reach, unless the record is a stray: see lane.strayFramed.
var ErrNoRegistry = errors.New("no schema registry configured")

// KeyError is a decoder's error about a record's key when its value decoded
// all the same: the Change (or Flat) holds the value and no key. The engine
// does what the value allows without a key, as for a record that has none (a
// delete still issues its ERASE: a key converter lethe cannot read must not
// keep every erasure back), and dead-letters the outputs that need the key
// with the key's reason.
type KeyError struct{ Err error }

func (e *KeyError) Error() string { return e.Err.Error() }
func (e *KeyError) Unwrap() error { return e.Err }

// Detector finds personal data in one field value (see pii.Scanner). It must
// be safe for concurrent use: the engine's lanes share it. Its findings must
// depend on nothing but the field's name and value (and a key-value row's
// label, for a LabelDetector): the engine remembers what it found in recent
// values and does not ask again (see EngineConfig.RescanRepeats).
type Detector interface {
	ScanField(field, value string, dst []pii.Finding) []pii.Finding
}

// DetectSafely runs d on one value for the tools beside the engine (lethe
// detect, lethe scan) and turns a panic, a bug in a detector, into a
// *DetectionError, as the engine turns it into a dead letter: one value
// fails and the run goes on.
func DetectSafely(d Detector, field, value string, dst []pii.Finding) (out []pii.Finding, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = dst, &DetectionError{What: panicWhat(r)}
		}
	}()
	return d.ScanField(field, value, dst), nil
}

// DetectionError is a detector's panic on one value: a bug in lethe. What
// is the runtime's error (indexes and lengths, no data) or the panic
// value's type.
type DetectionError struct{ What string }

func (e *DetectionError) Error() string {
	return "detection failed, a bug in lethe (please report it): " + e.What
}

// LabelDetector is a Detector that also reads a value as the label of
// its row names it (a key-value table's; pii.Scanner is one).
type LabelDetector interface {
	ScanLabelled(c pii.ColumnHint, label, value string, dst []pii.Finding) []pii.Finding
}

// ColumnDetector is a Detector that resolves a column's name once for all
// its values (pii.Scanner is one); the engine uses it when it can.
type ColumnDetector interface {
	Detector
	Column(field string) pii.ColumnHint
	ScanColumn(c pii.ColumnHint, value string, dst []pii.Finding) []pii.Finding
}

// Topics names the engine's output topics.
type Topics struct {
	Commands   string // compliance commands
	DeadLetter string // where undecodable inputs are reported: position and reason, never content
	DataMap    string // compacted data map; "" disables the data map
}

// KindOf names which of t's topics name is, as Kafka tells topics apart
// ('.' and '_' are one), or "".
func (t Topics) KindOf(name string) string {
	c := policy.TopicCollision(name)
	switch {
	case t.Commands != "" && c == policy.TopicCollision(t.Commands):
		return "commands"
	case t.DeadLetter != "" && c == policy.TopicCollision(t.DeadLetter):
		return "dead-letter"
	case t.DataMap != "" && c == policy.TopicCollision(t.DataMap):
		return "data map"
	}
	return ""
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
	// ErasureDeadline is how long holders have to carry out a command;
	// 0, the default, is one month (Art. 12(3)): see deadline.
	ErasureDeadline time.Duration
	// Parallelism is how many goroutines share a batch; 0 means GOMAXPROCS.
	// Outputs keep the input order whatever it is.
	Parallelism int
	// Now is the clock for commands about inputs without a plausible time
	// of their own; time.Now when nil.
	Now func() time.Time
	// RecycleOutputs lets the engine reuse the memory of a batch's outputs
	// once Committed says the batch's transaction ended: the caller
	// promises not to read the keys and values of outputs it was handed
	// before a Committed call after that call, and to end every batch in
	// Committed or Aborted. Without it, output bytes stay valid as long as
	// they are held. Reused memory is warm in the caches and spares the
	// garbage collector a batch's worth of outputs per batch.
	RecycleOutputs bool
	// RescanRepeats makes every value be scanned, also one its lane has
	// just scanned in the same column. By default each lane remembers
	// what the Detector found in its recent values (findMemo), which
	// takes a good part of detection's work off a change stream, where
	// most values come back: an update or delete carries the row as an
	// earlier event left it. Set it for a Detector whose findings depend
	// on more than the column, row label and value.
	RescanRepeats bool
	// MaxOutputBytes is the largest output record (key, value and header
	// bytes) the sink takes; 0 means no limit. A larger sanitized record
	// or command is replaced by a dead letter naming its input: one record
	// the brokers would refuse must not fail every transaction after it.
	MaxOutputBytes int
	// MaxColumns is the most columns the engine takes in one row image,
	// and the most different columns the data map keeps per table and
	// input partition; DefaultMaxColumns when 0. A record beyond either is
	// dead-lettered: without a bound, records with ever new column names
	// would grow the data map, and memory, without end. Each lane counts
	// the shared map's columns and its own, so in the batch that reaches
	// the bound, which records with new columns are refused can depend on
	// how the lanes shared it, and the map can go past the bound by a few
	// images' columns; a replay from the committed map refuses the same
	// records, since their columns do not fit it either.
	MaxColumns int
	// MaxPartitionColumns is the most different columns the data map keeps
	// for all tables of one input partition together;
	// DefaultMaxPartitionColumns when 0. A record whose new columns would
	// take its partition beyond it is dead-lettered: MaxColumns and
	// MaxTables alone let one input partition bring a million columns
	// (an audit ran a worker of 1 GiB out of memory with about a hundred
	// records of new tables, and the data map made every restart read them
	// back). It is checked as MaxColumns is, against the partition's own
	// data map, so a replay decides as the first run did; the lanes of a
	// batch count the columns all of them added (see batchColumns). A map
	// that holds more (written under a higher bound) is read back whole,
	// and records of its columns go on.
	MaxPartitionColumns int
	// MaxTables is the most tables one input topic brings in, each a set
	// of output topics and state; DefaultMaxTables when 0. A record of
	// another table is dead-lettered: without a bound, a stray producer or
	// a routing SMT's names would make output topics without end. The
	// bound counts the tables the data map names, first at a restart and
	// in name order (so that past a bound lowered below them every restart
	// takes the same), and those the topic brought in since. A table
	// refused for its name takes no place; one whose records were all
	// refused for another reason takes one until a restart. At the bound, which new
	// table's records are taken can depend on how lanes shared a batch; a
	// batch retried after an abort is decided as its first try was.
	MaxTables int
	// UnavailableValue is the connector's unavailable.value.placeholder,
	// what Debezium writes for a value it did not send (an unchanged
	// TOASTed column): passed on as it came and not counted.
	// pipeline.UnavailableValue, Debezium's default, when "".
	UnavailableValue string
	// LegacyCharset is the code page of text in binary columns that is
	// not UTF-8 (Charset.BytesText) where the decoder left the bytes as
	// they came (Avro bytes); the zero Charset is DefaultCharset. Give the
	// Decoder the same one: Debezium JSON's bytes are read there.
	LegacyCharset Charset
}

// DefaultMaxColumns is EngineConfig.MaxColumns when not set: PostgreSQL
// takes 1,600 columns in a table, MySQL 4,096.
const DefaultMaxColumns = 4096

// DefaultMaxPartitionColumns is EngineConfig.MaxPartitionColumns when not
// set: 256 tables of 256 columns.
const DefaultMaxPartitionColumns = 65536

// DefaultMaxTables is EngineConfig.MaxTables when not set: Debezium writes
// one table to a topic; a routing SMT merges a few, or a partitioned
// table's partitions.
const DefaultMaxTables = 256

// MaxNameBytes bounds the names of schemas, tables and columns; a record
// with a longer one is dead-lettered. Names go into data map records and
// REDACT commands, which are made per batch, not per input, and so are not
// replaced by dead letters when too large, as a sanitized record or an
// ERASE is: one name of a megabyte made every transaction after it fail.
// Databases allow 63 bytes (PostgreSQL) to 128 (Oracle, SQL Server).
const MaxNameBytes = 1024

func (c *EngineConfig) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// minParallelBatch is the batch size below which splitting costs more than
// it saves.
const minParallelBatch = 256

// Engine is the batch loop's body: it decodes each input, finds personal
// data, sanitizes it per policy and recipient, and returns sanitized records,
// compliance commands, dead letters and data-map updates. Its outputs are a
// function of its inputs, the policy and its state, so replay reproduces them.
//
// A batch's 64-input blocks are shared among lanes that run in parallel;
// outputs are put back in input order and handed over 1024 inputs' worth at
// a time while the lanes go on (HandleEach), and the lanes' data map
// observations are merged at the end of the batch. Handle and HandleEach
// must not be called concurrently.
type Engine struct {
	cfg   EngineConfig
	stats *Stats
	// handed counts the batch whose outputs were handed over and whose
	// transaction has not ended yet, prep the prepared batch: Stats count
	// committed batches only, so a metric never counts a dead letter or a
	// command that an aborted transaction took back.
	handed, prep tally
	lanes        []*lane
	tail         []Output // data map records and discovery commands of a batch
	// held are the outputs of the batch Prepare processed, handed over by
	// Finish; prepared says there is one.
	held     []Output
	prepared bool
	// gen numbers batches (runLanes calls); emitted is the last batch whose
	// outputs were all handed over, and heldGen the prepared one's.
	gen, emitted, heldGen uint64
	// shared is what the lanes share about input and output topics.
	shared *outputs
	// batchColumns counts the columns the lanes' trackers add to the data
	// map in the batch, per input partition; emptied with the trackers.
	batchColumns batchColumns
	// blocks, ready, done and chunk are runLanes' scratch space.
	blocks [][]Output
	ready  []bool
	done   chan int
	chunk  []Output
}

// lane holds one goroutine's scratch space and data map delta.
type lane struct {
	cfg     *EngineConfig
	batch   []Message  // the whole batch the lane's blocks come from
	counts  laneCounts // added to the engine's Stats after each slice
	tracker *Tracker   // this lane's observations since the last merge
	out     []Output
	err     error

	arena          []pii.Finding // findings of the current event; fields index into it
	scratch        []pii.Finding
	before, after  []field
	written        []written // where the before image's fields went, by index
	keyFields      []field
	spans          []sanitize.Span
	cats           []string
	notes          []fieldNote
	buf            []byte // the record being written
	batchCats      catCounts
	flat           Flat                      // the event being handled
	keyErr         error                     // why flat's key could not be decoded (KeyError), or nil
	tables         map[[3]string]*tableState // input topic, schema, table -> state
	refusedKept    int                       // tables in tables refused for their name (lane.table)
	slab           slab                      // the bytes and headers of outputs
	noteCache      map[string]string         // a field note by its bytes, so that notes are not built per record
	noteBuf        []byte
	letheHead      [][]byte           // per recipient: the start of the lethe block, which names the policy and the recipient
	srcNums        [3]lastText[int64] // the source block's ts_ms, txId and lsn as written last
	cmdTimes       commandTimes       // the last command's issued_at and deadline as written
	psn            *sanitize.Cache    // recent pseudonyms
	memo           *findMemo          // recent values' findings
	shared         *outputs           // shared by the lanes
	schemaInTopics bool               // a recipient's topic names {schema}: see tombstoneTable
	obs            map[obsKey]*obsCache
	colDet         ColumnDetector // the Detector, when it is one
	labelDet       LabelDetector  // the Detector, when it is one
	unavailable    *placeholder   // Debezium's placeholder for a value it did not send
}

// obsKey names a table image (after or before) in an input partition, for
// the lane's caches of where the data map keeps its columns.
type obsKey struct {
	ts        *tableState
	partition int32
	after     bool
}

// Stats are the engine's running counters, safe to read concurrently. They
// count the batches whose transaction committed (Committed, or the next
// batch, which assumes it): a batch that aborted and is processed again
// counts once.
type Stats struct {
	Events      atomic.Int64
	Tombstones  atomic.Int64
	DeadLetters atomic.Int64
	Commands    atomic.Int64
	Redacts     atomic.Int64 // the REDACT commands among Commands; the rest are ERASE
	Outputs     atomic.Int64
	FieldsPII   atomic.Int64

	mu         sync.Mutex
	byCategory map[string]int64
}

// laneCounts are a lane's share of the Stats counters, kept apart so the
// lanes do not contend for the cache lines of shared atomics.
type laneCounts struct{ events, tombstones, deadLetters, commands, redacts, fieldsPII int64 }

// add moves the counts into t.
func (c *laneCounts) add(t *tally) {
	t.events += c.events
	t.tombstones += c.tombstones
	t.deadLetters += c.deadLetters
	t.commands += c.commands
	t.redacts += c.redacts
	t.fieldsPII += c.fieldsPII
	*c = laneCounts{}
}

// tally is what a batch adds to the Stats once its transaction commits.
type tally struct {
	laneCounts
	outputs int64
	cats    map[string]int64
}

// addCategories moves a lane's category counts into t.
func (t *tally) addCategories(batch *catCounts) {
	for _, c := range *batch {
		if t.cats == nil {
			t.cats = map[string]int64{}
		}
		t.cats[string(c.cat)] += c.n
	}
	*batch = (*batch)[:0]
}

// settle adds t to s and empties t.
func (t *tally) settle(s *Stats) {
	s.Events.Add(t.events)
	s.Tombstones.Add(t.tombstones)
	s.DeadLetters.Add(t.deadLetters)
	s.Commands.Add(t.commands)
	s.Redacts.Add(t.redacts)
	s.FieldsPII.Add(t.fieldsPII)
	s.Outputs.Add(t.outputs)
	if len(t.cats) > 0 {
		s.mu.Lock()
		if s.byCategory == nil {
			s.byCategory = map[string]int64{}
		}
		for c, n := range t.cats {
			s.byCategory[c] += n
		}
		s.mu.Unlock()
	}
	t.reset()
}

// reset empties t, keeping its map.
func (t *tally) reset() {
	t.laneCounts, t.outputs = laneCounts{}, 0
	clear(t.cats)
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
	case cfg.Parallelism < 0:
		return nil, errors.New("engine: Parallelism must not be negative")
	case cfg.MaxOutputBytes < 0:
		return nil, errors.New("engine: MaxOutputBytes must not be negative")
	}
	if cfg.Commands == nil {
		cfg.Commands = JSONCommands{}
	}
	if cfg.Parallelism == 0 {
		cfg.Parallelism = runtime.GOMAXPROCS(0)
	}
	if cfg.MaxColumns <= 0 {
		cfg.MaxColumns = DefaultMaxColumns
	}
	if cfg.MaxTables <= 0 {
		cfg.MaxTables = DefaultMaxTables
	}
	if cfg.MaxPartitionColumns <= 0 {
		cfg.MaxPartitionColumns = DefaultMaxPartitionColumns
	}
	e := &Engine{cfg: cfg, stats: &Stats{}}
	shared := &outputs{}
	e.shared = shared
	unavailable := newPlaceholder(cfg.UnavailableValue)
	for range cfg.Parallelism {
		l := &lane{cfg: &e.cfg, shared: shared, unavailable: unavailable,
			tables: map[[3]string]*tableState{}, noteCache: map[string]string{}, psn: cfg.Sanitizer.NewCache(), obs: map[obsKey]*obsCache{}}
		l.slab.recycling = cfg.RecycleOutputs
		if !cfg.RescanRepeats {
			l.memo = newFindMemo()
		}
		for _, r := range cfg.Policy.Recipients {
			l.schemaInTopics = l.schemaInTopics || strings.Contains(r.Topic, "{schema}")
		}
		if cfg.DataMap != nil {
			l.tracker = NewTracker(cfg.Policy)
			l.tracker.base, l.tracker.batch = cfg.DataMap, &e.batchColumns
		}
		l.colDet, _ = cfg.Detector.(ColumnDetector)
		l.labelDet, _ = cfg.Detector.(LabelDetector)
		for _, r := range cfg.Policy.Recipients {
			h := append([]byte(`,"lethe":{"policy":`), jsonw.AppendString(nil, cfg.Policy.Version)...)
			h = append(h, `,"recipient":`...)
			l.letheHead = append(l.letheHead, jsonw.AppendString(h, r.Name))
		}
		e.lanes = append(e.lanes, l)
	}
	return e, nil
}

// Stats returns the engine's counters.
func (e *Engine) Stats() *Stats { return e.stats }

// FindingsByCategory returns how many fields held each category so far.
func (s *Stats) FindingsByCategory() map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.byCategory)
}

// catCounts counts a lane's findings per category in a batch. A batch
// meets a few dozen categories at most, so a short list searched from the
// front is cheaper than a map, whose hashing of the category was most of
// the cost of counting.
type catCounts []catCount

type catCount struct {
	cat pii.Category
	n   int64
}

func (c *catCounts) add(cat pii.Category) {
	s := *c
	for i := range s {
		if s[i].cat == cat {
			s[i].n++
			return
		}
	}
	*c = append(s, catCount{cat, 1})
}

// Handle processes one batch. It returns an error only for failures that a
// retry can fix (a schema registry out of reach); every problem with the data
// itself becomes a dead-letter record so the batch commits and nothing is
// lost.
func (e *Engine) Handle(ctx context.Context, in []Message, out []Output) ([]Output, error) {
	err := e.HandleEach(ctx, in, func(o []Output) error {
		out = append(out, o...)
		return nil
	})
	return out, err
}

// emitChunk is how many inputs' outputs HandleEach hands over at a time.
const emitChunk = 1024

// HandleEach processes one batch as Handle does, but hands the outputs over
// as they are ready, a slice of the batch at a time, so that its caller can
// start writing them while the lanes go on with the rest: on two cores that
// share the broker's work with the engine's, nothing idles while a
// transaction flushes. emit is called on the calling goroutine, with the
// outputs in input order; the data map's records and the commands they
// trigger come in the last call. The slice passed to emit is reused once
// emit returns, but the bytes its outputs point to stay unchanged. An error
// from emit stops the batch and is returned.
func (e *Engine) HandleEach(ctx context.Context, in []Message, emit func([]Output) error) error {
	if e.prepared {
		return errors.New("engine: HandleEach while a prepared batch awaits Finish")
	}
	// The previous batch committed unless Aborted said otherwise.
	if e.cfg.DataMap != nil {
		e.cfg.DataMap.Commit()
	}
	e.handed.settle(e.stats)
	total, err := e.runLanes(ctx, in, &e.handed, emit)
	if err != nil {
		e.forget()
		return err
	}
	if err := e.finishBatch(emit, total); err != nil {
		return err
	}
	e.emitted = e.gen
	return nil
}

// Prepare processes a batch as HandleEach does but keeps its outputs until
// Finish, and leaves the data map alone until then: it may run before the
// previous batch's transaction has ended, while that batch's observations
// can still be taken back (Aborted). Aborted forgets a prepared batch.
func (e *Engine) Prepare(ctx context.Context, in []Message) error {
	if e.prepared {
		return errors.New("engine: Prepare while a prepared batch awaits Finish")
	}
	e.held = e.held[:0]
	if _, err := e.runLanes(ctx, in, &e.prep, func(o []Output) error {
		e.held = append(e.held, o...)
		return nil
	}); err != nil {
		e.forget()
		return err
	}
	e.prepared, e.heldGen = true, e.gen
	return nil
}

// Finish hands over the outputs of the prepared batch as HandleEach would
// have: the previous batch committed, and the prepared one's observations
// now go into the data map.
func (e *Engine) Finish(ctx context.Context, emit func([]Output) error) error {
	if !e.prepared {
		return errors.New("engine: Finish without a prepared batch")
	}
	e.prepared = false
	if e.cfg.DataMap != nil {
		e.cfg.DataMap.Commit()
	}
	e.handed.settle(e.stats)
	e.handed, e.prep = e.prep, e.handed // the emptied one's map is reused
	if len(e.held) > 0 {
		if err := emit(e.held); err != nil {
			e.forget()
			return err
		}
	}
	if err := e.finishBatch(emit, len(e.held)); err != nil {
		return err
	}
	e.emitted = e.heldGen
	return nil
}

// forget drops the lanes' observations of a batch that will be retried, or
// the data map would count it twice.
func (e *Engine) forget() {
	e.prepared = false
	e.prep.reset()
	for _, l := range e.lanes {
		if l.tracker != nil {
			l.tracker.Reset()
		}
		l.batchCats = l.batchCats[:0]
	}
	e.batchColumns.reset()
}

// finishBatch merges the lanes' observations of a batch whose outputs were
// all emitted into the data map and hands over the data map's records.
func (e *Engine) finishBatch(emit func([]Output) error, total int) error {
	for _, l := range e.lanes {
		if e.cfg.DataMap != nil {
			e.cfg.DataMap.Absorb(l.tracker)
		}
		e.handed.addCategories(&l.batchCats)
	}
	e.batchColumns.reset() // the lanes' trackers are empty again: the map counts their columns now
	if e.cfg.DataMap != nil && e.cfg.Topics.DataMap != "" {
		if err := e.flushDataMap(emit, &total); err != nil {
			// The batch's observations are in the shared map already: take
			// them back now, whether or not the caller calls Aborted.
			e.cfg.DataMap.Abort()
			return err
		}
	}
	e.handed.outputs += int64(total)
	return nil
}

// flushDataMap hands over the data map records of the batch and the REDACT
// commands of its discoveries.
func (e *Engine) flushDataMap(emit func([]Output) error, total *int) error {
	// Cleared, not only cut: the last batch's records must not stay
	// reachable through the array, which the largest batch sized.
	tail, found, err := e.cfg.DataMap.Flush(e.cfg.Topics, clearAll(e.tail))
	if err != nil {
		return err
	}
	for i := range found {
		if tail, err = e.redact(&found[i], tail); err != nil {
			return err
		}
	}
	if e.tail = tail; len(tail) == 0 {
		return nil
	}
	*total += len(tail)
	return emit(tail)
}

// laneBlock is how many inputs a lane takes at a time. Lanes take blocks
// from a shared counter rather than a fixed share of the batch, so one that
// drew cheap events (tombstones) or lost its core to the client for a while
// does not hold the other up. Which lane handled what changes from run to
// run; the outputs do not: they are put back in input order, and the data
// map's evidence merges the same in any order (pii.ColumnStats sums scores
// in integers and writes its lists sorted).
const laneBlock = 64

// runLanes processes a batch, its blocks shared among the lanes, and hands
// the outputs to emit in input order, emitChunk inputs' worth at a time, as
// soon as every block of a chunk is done. The lanes do not wait for emit:
// they go on with later blocks while the caller's goroutine writes, so
// neither the slowest lane's last block nor the writing stalls the others.
// It returns how many outputs it emitted.
func (e *Engine) runLanes(ctx context.Context, in []Message, t *tally, emit func([]Output) error) (int, error) {
	n := len(e.lanes)
	if len(in) < minParallelBatch || e.needsOrder(in) {
		n = 1
	}
	nb := (len(in) + laneBlock - 1) / laneBlock
	e.gen++
	for _, l := range e.lanes {
		l.slab.begin(e.gen)
	}
	// e.blocks[b] holds block b's outputs once a lane has sent b on done.
	// A lane's later appends never touch them: they land past the slice's
	// capacity, in the same array or a new one.
	e.blocks = slices.Grow(e.blocks[:0], nb)[:nb]
	if cap(e.done) < nb+n {
		e.done = make(chan int, nb+n)
	}
	var (
		next atomic.Int64
		stop atomic.Bool
		wg   sync.WaitGroup
	)
	for _, l := range e.lanes[:n] {
		l.out, l.err, l.batch = l.out[:0], nil, in
		wg.Go(func() {
			for !stop.Load() {
				b := int(next.Add(1) - 1)
				if b >= nb {
					return
				}
				start := len(l.out)
				l.run(ctx, in[b*laneBlock:min((b+1)*laneBlock, len(in))])
				if l.err != nil {
					stop.Store(true)
					e.done <- -1
					return
				}
				e.blocks[b] = l.out[start:len(l.out):len(l.out)]
				e.done <- b
			}
		})
	}
	var (
		err   error
		total int
		from  int // first block not emitted
		upto  int // first block not done, from from on
	)
	e.ready = slices.Grow(e.ready[:0], nb)[:nb] // blocks done and not yet emitted
	clear(e.ready)
	const perChunk = emitChunk / laneBlock
	for from < nb {
		b := <-e.done
		if b < 0 {
			break // a lane failed; its error is collected below
		}
		e.ready[b] = true
		for upto < nb && e.ready[upto] {
			upto++
		}
		if upto-from < perChunk && upto < nb {
			continue
		}
		e.chunk = e.chunk[:0]
		for _, o := range e.blocks[from:upto] {
			e.chunk = append(e.chunk, o...)
		}
		from = upto
		if len(e.chunk) == 0 {
			continue
		}
		total += len(e.chunk)
		if err = emit(e.chunk); err != nil {
			stop.Store(true)
			break
		}
	}
	wg.Wait()
	for len(e.done) > 0 {
		<-e.done // what a stopped batch left behind
	}
	for _, l := range e.lanes[:n] {
		l.counts.add(t)
		if err == nil {
			err = l.err
		}
	}
	return total, err
}

// Committed tells the engine that the outputs of the last Handle were
// committed. Calling it is optional: the next Handle assumes it.
func (e *Engine) Committed() {
	if e.cfg.DataMap != nil {
		e.cfg.DataMap.Commit()
	}
	e.handed.settle(e.stats)
	if e.cfg.RecycleOutputs {
		// The batches handed over are done with; a prepared one, not
		// handed over yet, keeps its memory.
		for _, l := range e.lanes {
			l.slab.recycle(e.emitted)
		}
	}
}

// Restored tells the engine that the data map (EngineConfig.DataMap) has
// read back its topic (Tracker.Restore), so that what records said before
// a restart holds after it. For each input topic that isInput says is one
// now, the tables its entries name, in any partition:
//   - a table on its own Debezium topic claims its output topics, so a
//     stray input's record that comes before the table's first after the
//     restart is stopped all the same (a table of another topic, which
//     may have been a stray itself, claims nothing it has not written in
//     this process: one stray record must not stop a table for good);
//   - a topic of one table routes its tombstones there, also where the
//     topic's name cannot say the table (a dot in the table's name, an
//     SMT's name); one the map says carried several (an SMT's, or a
//     stray record's) leaves them to its name, as before the restart.
//
// Entries written before they kept the schema apart, whose schema.table
// leaves the split in doubt, are left out. Call it between batches.
func (e *Engine) Restored(isInput func(topic string) bool) {
	if e.cfg.DataMap == nil {
		return
	}
	l := e.lanes[0]
	for topic, tables := range e.cfg.DataMap.carried {
		if !isInput(topic) {
			continue // a topic renamed, deleted or no longer read: its entries stay in the map
		}
		// In order: past MaxTables (lowered, or an upgrade to it), every
		// restart takes the same ones.
		for _, st := range slices.SortedFunc(maps.Keys(tables), func(a, b [2]string) int {
			return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
		}) {
			schema, table := st[0], st[1]
			ts := l.table(topic, schema, table)
			switch {
			case ts == nil: // past MaxTables: its records are refused
			case ts.personal != "" || ts.badTopic != "":
			case ts.standard && len(tables) == 1:
				l.recordOf(ts)
			case ts.standard:
				l.claim(ts)
			case len(tables) == 1:
				l.shared.note(topic, schema, table)
			}
		}
	}
}

// Forget drops what the lanes keep of input partitions that owned says
// this worker no longer owns (revoked, lost, or their topic deleted): the
// caches of where their columns are in the data map, and the state of each
// table no owned partition has brought a record of to the lane since its
// columns last changed, which is rebuilt from the next record as a lane
// that never saw the table builds it. Without it a worker kept every table
// of every topic it ever read for as long as it ran, also after the topic
// was deleted or moved to another worker (an audit measured 13 KB per
// topic of one small table, and about 2 KB per column of a wide one).
// What the lanes share stays: which tables write each output topic, what
// each input topic's records said of its tables and the tables it brought
// in against MaxTables (see EngineConfig.MaxTables), so a table's claims
// and its topic's bounds outlive its partitions here, as they outlive a
// restart through the data map (Restored). Call it between batches, with
// Tracker.Forget.
func (e *Engine) Forget(owned func(topic string, partition int32) bool) {
	for _, l := range e.lanes {
		for k, ts := range l.tables {
			kept := false
			for _, cl := range [...]*columnList{&ts.before, &ts.after} {
				cl.admitted = slices.DeleteFunc(cl.admitted, func(p int32) bool { return !owned(ts.topic, p) })
				kept = kept || len(cl.admitted) > 0
			}
			if kept {
				continue
			}
			delete(l.tables, k)
			if ts.refusedByName() {
				l.refusedKept--
			}
		}
		for k := range l.obs {
			if !owned(k.ts.topic, k.partition) || l.tables[[3]string{k.ts.topic, k.ts.schema, k.ts.table}] != k.ts {
				delete(l.obs, k)
			}
		}
	}
}

// Aborted tells the engine that the outputs of the last Handle were not
// written (the transaction aborted): what they reported is reported again
// when the batch is retried. A prepared batch is forgotten too: it is
// fetched again after the aborted one. Call it before the next Handle.
func (e *Engine) Aborted() {
	if e.cfg.DataMap != nil {
		e.cfg.DataMap.Abort()
	}
	e.handed.reset()
	if e.prepared {
		e.forget()
	}
	if e.cfg.RecycleOutputs {
		// Whoever wrote the aborted outputs may still read them (a client
		// being closed): leave their memory to the garbage collector.
		for _, l := range e.lanes {
			l.slab.drop()
		}
	}
}

// run processes a block of the batch, appending to l.out.
func (l *lane) run(ctx context.Context, in []Message) {
	for i := range in {
		if l.out, l.err = l.handleOne(ctx, &in[i], l.out); l.err != nil {
			return
		}
	}
}

func (l *lane) handleOne(ctx context.Context, m *Message, out []Output) (res []Output, err error) {
	start := len(out)
	defer func() {
		// A bug in a detector or an encoder for one input (an index
		// past a value's end) must not stop the pipeline on that input
		// on every restart: the input gets a dead letter that names the
		// bug's place, and the batch goes on.
		if r := recover(); r != nil {
			res, err = l.deadLetter(m, "", panicReason(r), out[:start]), nil
		}
	}()
	out, err = l.handleEvent(ctx, m, out)
	if err == nil {
		out = out[:start+len(l.refuseUnwritable(m, out[start:]))]
		if ts := m.Timestamp; plausibleMs(ts.UnixMilli()) {
			for i := range out[start:] {
				// Not a dead letter: those are for operators, on a topic
				// with time retention, which would delete the dead letters
				// of a replay of old inputs at once.
				if out[start+i].Topic != l.cfg.Topics.DeadLetter {
					out[start+i].Timestamp = ts
				}
			}
		}
	}
	return out, err
}

// panicReason describes a panic for a dead letter: the runtime's error (which
// holds no data, only indexes, lengths and types) or the panic value's type,
// and the two innermost functions of lethe's own where it happened (the
// innermost is often a helper called from many places).
func panicReason(r any) string {
	what := panicWhat(r)
	var pcs [32]uintptr
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs[:])])
	where := ""
	for n, more := 0, true; more && n < 2; {
		var f runtime.Frame
		f, more = frames.Next()
		if strings.Contains(f.Function, "lethe-cdc/lethe/") {
			where += [2]string{" at ", " from "}[n] + f.Function[strings.LastIndexByte(f.Function, '/')+1:] +
				" (" + filepath.Base(f.File) + ":" + strconv.Itoa(f.Line) + ")"
			n++
		}
	}
	return "internal error, a bug in lethe (please report it with the lethe version): " + what + where
}

// panicWhat describes a panic value without its data: the runtime's error
// (indexes, lengths and types only) or the value's type.
func panicWhat(r any) string {
	if re, ok := r.(runtime.Error); ok {
		return re.Error()
	}
	return fmt.Sprintf("%T", r)
}

// refuseUnwritable replaces each of outs that Kafka would refuse with a dead
// letter for m, in place, and returns what is left of outs. Kafka rejects a
// whole produce request over one such record, and the transaction and
// every retry of it would then fail: the pipeline would stop on one input.
// The checks are cheap and run on every output:
//   - a record without a key, bound for a sanitized topic: those are
//     compacted, and compacted topics take keyed records only (a Debezium
//     table without a primary key sends none; message.key.columns gives it
//     one; or its key did not decode: KeyError). One input gets one dead
//     letter for it, not one per recipient (a review saw three);
//   - a record over MaxOutputBytes.
func (l *lane) refuseUnwritable(m *Message, outs []Output) []Output {
	kept, keyless := 0, false
	for i := range outs {
		o := &outs[i]
		var reason, field string
		switch {
		case o.Topic == l.cfg.Topics.DeadLetter:
		case o.Key == nil && o.Topic != l.cfg.Topics.Commands:
			if keyless {
				continue
			}
			keyless = true
			if l.keyErr != nil {
				reason, field = l.keyErr.Error(), fieldPath(l.keyErr)
			} else {
				reason = "no record key: " + o.Topic + " is compacted and takes keyed records only; give the table a primary key or set Debezium's message.key.columns"
			}
		case l.cfg.MaxOutputBytes > 0:
			if n := o.size(); n > l.cfg.MaxOutputBytes {
				reason = "output record for " + o.Topic + " is " + strconv.Itoa(n) + " bytes, over the limit of " + strconv.Itoa(l.cfg.MaxOutputBytes)
			}
		}
		if reason != "" {
			*o = l.deadLetter(m, field, reason, nil)[0]
		}
		if kept != i {
			outs[kept] = *o
		}
		kept++
	}
	return outs[:kept]
}

// size is what o weighs in a produce request, short of Kafka's framing.
func (o *Output) size() int {
	n := len(o.Key) + len(o.Value)
	for _, h := range o.Headers {
		n += len(h.Key) + len(h.Value)
	}
	return n
}

// handleEvent decodes one input and appends its outputs.
func (l *lane) handleEvent(ctx context.Context, m *Message, out []Output) ([]Output, error) {
	l.counts.events++
	c := &l.flat
	err := l.decode(ctx, m, c)
	l.keyErr = nil
	if err != nil {
		// errors.As only on an error: its target escapes, an allocation
		// per record otherwise.
		if ke := (*KeyError)(nil); errors.As(err, &ke) && !transient(ke.Err) {
			l.keyErr, err = ke.Err, nil // the value goes on, as a record with no key
		}
	}
	if err != nil {
		reason := err.Error()
		if transient(err) {
			if !l.strayFramed(m, err) {
				return out, fmt.Errorf("decode %s: %w", m.Position(), err)
			}
			reason += " (a stray: its partition goes on in JSON)"
		}
		return l.deadLetter(m, fieldPath(err), reason, out), nil
	}
	var ts *tableState
	reason, field := "", ""
	if c.Tombstone { // names no table
		ts, reason = l.tombstoneTable(m)
	} else {
		schema, table := tableOf(m.Topic, c)
		if ts = l.table(m.Topic, schema, table); ts == nil {
			reason = l.tooManyTables(m.Topic)
		}
	}
	if reason == "" {
		// First: the other reasons name the table, which here holds
		// personal data.
		reason, field = l.namesReason(ts, c, m.Partition)
	}
	if reason == "" && ts.badTopic != "" {
		reason = ts.badTopic
	}
	if reason == "" && !c.Tombstone {
		// Only a record that can be written tells what its input topic
		// carries and claims output topics: a stray one with a table name
		// no topic can take must not stop its topic's tombstones.
		l.recordOf(ts)
	}
	switch {
	case reason != "":
	case ts.noted:
		if len(ts.owned) > 0 {
			reason = ts.conflictReason()
		}
	default: // a tombstone of a table no record has claimed in this lane
		reason = l.unclaimedConflict(ts)
	}
	if reason != "" {
		return l.deadLetter(m, field, reason, out), nil
	}
	ev := event{m: m, c: c, tableState: ts}
	if c.Tombstone {
		l.counts.tombstones++
		return l.emitRecords(&ev, false, out), nil
	}
	switch c.Op {
	case OpCreate, OpUpdate, OpRead, OpDelete:
	case OpTruncate:
		return l.command(&ev, CmdErase, "crm_truncate", nil, out), nil
	default: // logical decoding messages carry no row: nothing to sanitize or forward.
		return out, nil
	}
	l.arena = l.arena[:0]
	l.before = l.analyze(&c.Before, l.before[:0], &ts.before, nil)
	l.after = l.analyze(&c.After, l.after[:0], &ts.after, l.before)
	l.relabelled(ts)
	if l.tracker != nil && !l.cfg.DataMap.Counted(m.Topic, m.Partition, m.Offset) {
		img, key := l.after, obsKey{ts, m.Partition, true}
		if !c.After.Present {
			img, key = l.before, obsKey{ts, m.Partition, false}
		}
		oc := l.obs[key]
		if oc == nil {
			oc = &obsCache{}
			l.obs[key] = oc
		}
		at, _ := eventTime(c, m) // the zero time when none is plausible: first and last seen stay as they are
		l.tracker.observe(oc, m.Topic, m.Partition, m.Offset, c.Source.LSN, ev.schema, ev.qualified, img, ts.keyCols.names, l.arena, at)
	}
	out = l.emitRecords(&ev, true, out)
	if c.Op == OpDelete {
		out = l.command(&ev, CmdErase, deleteReason(m), &c.Before, out)
	}
	return out, nil
}

// HeaderNewKey marks Debezium's delete of a row whose primary key changed:
// the row lives on under the key the header holds, written as a create next.
const HeaderNewKey = "__debezium.newkey"

// deleteReason is the reason of the ERASE of delete m: crm_key_change when
// the row only moved to another key (holders still delete the old key's
// copy, and a data-protection officer reading the commands does not count
// an erasure that was none), crm_delete otherwise.
func deleteReason(m *Message) string {
	for _, h := range m.Headers {
		if h.Key == HeaderNewKey {
			return "crm_key_change"
		}
	}
	return "crm_delete"
}

// fieldPath is the path of the part of a record a decoder's error is
// about, when it names one.
func fieldPath(err error) string {
	var fp interface{ FieldPath() string }
	if errors.As(err, &fp) {
		return fp.FieldPath()
	}
	return ""
}

// decode decodes m into c, straight when the decoder can.
func (l *lane) decode(ctx context.Context, m *Message, c *Flat) error {
	c.Reset()
	if fd, ok := l.cfg.Decoder.(FlatDecoder); ok {
		return fd.DecodeFlat(ctx, m.Topic, m.Key, m.Value, c)
	}
	ch, err := l.cfg.Decoder.Decode(ctx, m.Topic, m.Key, m.Value)
	if err != nil && !errors.As(err, new(*KeyError)) {
		return err
	}
	c.SetChange(&ch)
	return err
}

// event is the per-record context passed down the helpers.
type event struct {
	m *Message
	c *Flat
	*tableState
	sanitizedKey []byte
	pos          []byte
}

// position is the input's "topic/partition/offset", built once per event;
// every output of the event shares it (output bytes are never modified).
func (l *lane) position(ev *event) []byte {
	if ev.pos == nil {
		ev.pos = l.slab.position(ev.m)
	}
	return ev.pos
}

// emitRecords writes the sanitized record (or, without value, a tombstone)
// to every recipient that receives the table.
func (l *lane) emitRecords(ev *event, value bool, out []Output) []Output {
	key := l.sanitizedKey(ev)
	for i, topic := range ev.topics {
		if topic == "" {
			continue // the recipient does not receive the table
		}
		o := Output{Topic: topic, Key: key, Headers: l.slab.headers(Header{Key: HeaderInput, Value: l.position(ev)})}
		if value {
			o.Value = l.sanitizedValue(ev, i)
		}
		out = append(out, o)
	}
	return out
}

// lastText is a value with its text, as a lane wrote it last. The events
// of one transaction share their source block's commit time and txId (the
// demo's share the lsn too), and the commands about them their issued_at
// and deadline: the lane copies the text written before instead of
// formatting the value again (strconv cost about 150 instructions a
// number, a command's two times about 1,700).
type lastText[T comparable] struct {
	v    T
	text []byte
}

// append writes v to b as format does: the remembered text when v is the
// value written last. Values compare with ==: times in another location
// are written otherwise, and are another value. A nil m remembers nothing.
func (m *lastText[T]) append(b []byte, v T, format func([]byte, T) []byte) []byte {
	if m == nil {
		return format(b, v)
	}
	if m.text == nil || m.v != v {
		m.v, m.text = v, format(m.text[:0], v)
	}
	return append(b, m.text...)
}

// appendDecimal writes v in decimal.
func appendDecimal(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }

// snapshotValues are the values Debezium writes in a source block's
// snapshot; a sanitized envelope carries no other.
var snapshotValues = map[string]bool{"true": true, "false": true, "first": true, "last": true,
	"first_in_data_collection": true, "last_in_data_collection": true, "incremental": true}

// fieldNote records what was done to a column, for the envelope's lethe block.
type fieldNote struct {
	col  string
	key  []byte // col as a JSON object key, `"col":`
	note string
}

// sortNotes sorts notes by column, stably: a before image's note stays
// before the after image's of the same column, which wins. A record's
// few notes are sorted by insertion written out, comparing the names in
// place: slices.SortStableFunc passed the two notes by value to its
// comparison (a copy of 112 bytes per comparison). A long list is left to
// it.
func sortNotes(notes []fieldNote) {
	if len(notes) > 20 {
		slices.SortStableFunc(notes, func(a, b fieldNote) int { return strings.Compare(a.col, b.col) })
		return
	}
	for i := 1; i < len(notes); i++ {
		for j := i; j > 0 && notes[j].col < notes[j-1].col; j-- {
			notes[j], notes[j-1] = notes[j-1], notes[j]
		}
	}
}

// sanitizedValue renders a sanitized record: Debezium's schemaless envelope
// (before, after, source, op, ts_ms), so existing Debezium consumers read it,
// plus a lethe block with the policy version, the recipient and what was
// done to which field ("action:category[,category]").
func (l *lane) sanitizedValue(ev *event, ri int) []byte {
	c := ev.c
	l.notes = l.notes[:0]
	b := append(l.buf[:0], `{"before":`...)
	l.written = slices.Grow(l.written[:0], len(l.before))[:len(l.before)]
	b = l.appendRow(b, c.Before.Present, l.before, ri, false)
	b = append(b, `,"after":`...)
	b = l.appendRow(b, c.After.Present, l.after, ri, false)
	b = append(b, `,"source":{`...)
	b = append(b, l.sourceJSON(ev.tableState, &c.Source)...)
	b = append(b, `,"ts_ms":`...)
	b = l.srcNums[0].append(b, c.Source.TsMs, appendDecimal)
	if snapshotValues[c.Source.Snapshot] {
		b = append(b, `,"snapshot":`...)
		b = jsonw.AppendString(b, c.Source.Snapshot)
	}
	if c.Source.TxID != 0 {
		b = append(b, `,"txId":`...)
		b = l.srcNums[1].append(b, c.Source.TxID, appendDecimal)
	}
	if c.Source.LSN != 0 {
		b = append(b, `,"lsn":`...)
		b = l.srcNums[2].append(b, c.Source.LSN, appendDecimal)
	}
	b = append(b, `},"op":"`...)
	b = append(b, byte(c.Op))
	b = append(b, `","ts_ms":`...)
	b = strconv.AppendInt(b, c.TsMs, 10)
	b = append(b, l.letheHead[ri]...)
	if len(l.notes) > 0 {
		sortNotes(l.notes)
		b = append(b, `,"fields":{`...)
		first := true
		for i, n := range l.notes {
			if i+1 < len(l.notes) && l.notes[i+1].col == n.col {
				continue // a before image's note: the after image's wins
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, n.key...)
			b = jsonw.AppendString(b, n.note)
		}
		b = append(b, '}')
	}
	b = append(b, "}}"...)
	l.buf = b
	return l.slab.copy(b)
}

// field is one column of a row image after detection: what the detectors
// found, before any recipient's action is applied.
type field struct {
	col      string
	key      []byte        // col as a JSON object key, `"col":`
	note     *string       // the column's last note, in the lane's column list
	value    *Column       // in the lane's Flat
	text     string        // value as text; "" when there is nothing to scan
	action   policy.Action // the column rule's action, "" for none
	lo, hi   int           // findings are arena[lo:hi], already filtered by MinScore
	personal bool
	null     bool // null, empty or otherwise without text; a boolean is not
	// unavailable: Debezium's placeholder for a value it did not send
	// (EngineConfig.UnavailableValue): written as it is and not counted.
	unavailable bool
	// twin is the index of the before image's field holding the same
	// value (an update's unchanged column), or -1; twinOf marks a before
	// field that has one. A twin shares its findings and its output.
	twin   int
	twinOf bool
}

// analyze runs detection once over a row image; every recipient's
// sanitization and the data map reuse the result. Fields come out in the
// image's order, the order they are written in.
func (l *lane) analyze(img *Image, dst []field, cl *columnList, twins []field) []field {
	if !img.Present {
		return dst
	}
	// namesReason has matched cl to img. Each field is made in its place
	// at dst's end and worked on there: a field is 128 bytes, and copying
	// it in and out of a local cost 2% of an event's instructions (so did
	// a composite literal, copied from a template).
	for i := range img.Cols {
		v := &img.Cols[i]
		dst = append(dst, field{})
		f := &dst[len(dst)-1]
		f.col, f.key, f.note, f.value = cl.names[i], cl.keys[i], &cl.notes[i], v
		f.lo, f.hi, f.twin = len(l.arena), len(l.arena), -1
		if i < len(twins) && twins[i].col == f.col && twins[i].value.same(v) && sameLabels(twins, img, cl, i) {
			// An update's unchanged column: what was found in the before
			// image holds.
			tw := &twins[i]
			f.action, f.text, f.null, f.unavailable = tw.action, tw.text, tw.null, tw.unavailable
			l.arena = append(l.arena, l.arena[tw.lo:tw.hi]...)
			if l.count(f); f.personal {
				f.twin, tw.twinOf = i, true
			}
			continue
		}
		if l.unavailable.of(v) {
			// Debezium's "unchanged, not sent" (an unchanged TOASTed
			// column): no value to scan, replace or count.
			f.unavailable = true
			continue
		}
		rule, hasRule := cl.rules[i], cl.hasRule[i]
		f.action = rule.Action
		if hasRule && rule.NotPersonal {
			f.null = v.Kind == KindNull
			continue
		}
		wholeAction := rule.Category == "" && rule.Action != "" && rule.Action != policy.Keep
		// Small integers are amounts, counts and ids, not personal data by
		// value, except where the column's name says what they are: a
		// postal code or house number kept as an integer, or a birth date
		// as Debezium's days since 1970.
		small := cl.hints[i].SmallInts()
		if rule.Category == "" && !wholeAction && v.smallInt() && !small {
			continue
		}
		f.text = v.text(l.cfg.LegacyCharset)
		if f.text == "" && v.Kind == KindBool && (rule.Category != "" || wholeAction) {
			// A flag a column rule covers (a health or criminal record
			// flag): nothing to scan, but the rule's data, written as its
			// action says (a review saw one go out raw).
			f.text = "false"
			if v.Int != 0 {
				f.text = "true"
			}
		}
		if f.text == "" {
			f.null = v.Kind != KindBool // a boolean holds a value, just none to scan
			continue
		}
		rowLabel, isLabel := l.rowLabel(img, cl, i)
		if rule.Category != "" {
			l.arena = append(l.arena, pii.Finding{Category: pii.Category(rule.Category), End: len(f.text), Score: 1, Detector: "policy_column"})
		} else if isLabel {
			// a key-value table's label ("nachname"): schema, not data
		} else if v.binary() {
			// bytes that are not text: read as text, random bytes hold
			// what detectors take for addresses (a property test: one
			// of 4 KiB in three), and an image or a ciphertext went out
			// as that text, its bytes lost
		} else if v.isText() || len(f.text) >= 7 || small { // short numbers are amounts, counts, ids
			l.detect(cl, i, rowLabel, f.text)
		}
		if v.Decoded && !coversWhole(l.arena[f.lo:], len(f.text)) {
			l.readRecordText(f, v)
		}
		if wholeAction && !coversWhole(l.arena[f.lo:], len(f.text)) {
			// A column whose rule sets an action but no category: the
			// action is for the column's values, whatever the detectors
			// found in them (a notes column set to drop is dropped, also
			// where nothing was recognised). It is personal data of no
			// more specific category than "user".
			l.arena = append(l.arena, pii.Finding{Category: "user", End: len(f.text), Score: 1, Detector: "policy_column"})
		}
		if i < len(twins) && twins[i].col == f.col && twins[i].value.same(v) && twins[i].personal {
			// A key-value value relabelled (sameLabels) keeps what its old
			// label made of it too: written raw beside the before image's
			// pseudonym, it would tie the pseudonym to the name (a review).
			l.addNew(f.lo, &twins[i])
		}
		l.count(f)
	}
	return dst
}

// detect appends to the arena what the Detector finds in text, column i
// of cl (in a row labelled rowLabel, or ""), at or above the policy's
// minimum score: from the lane's memo when it scanned the same value in
// the same column and label lately.
func (l *lane) detect(cl *columnList, i int, rowLabel, text string) {
	var fp [2]uint64
	if l.memo != nil {
		fp = l.memo.key(cl.memoFP[i], rowLabel, text)
		var ok bool
		if l.arena, ok = l.memo.appendFound(l.arena, fp); ok {
			return
		}
	}
	lo := len(l.arena)
	var found []pii.Finding
	if rowLabel != "" && l.labelDet != nil {
		found = l.labelDet.ScanLabelled(cl.hints[i], rowLabel, text, l.scratch[:0])
	} else if l.colDet != nil {
		found = l.colDet.ScanColumn(cl.hints[i], text, l.scratch[:0])
	} else {
		found = l.cfg.Detector.ScanField(cl.names[i], text, l.scratch[:0])
	}
	for _, fd := range found {
		if fd.Score >= l.cfg.Policy.MinScore {
			l.arena = append(l.arena, fd)
		}
	}
	l.scratch = found[:0]
	if l.memo != nil {
		l.memo.put(fp, l.arena[lo:])
	}
}

// addNew appends to the arena, after the findings from lo on, those of tw
// they do not hold already (a finding counted twice would count its
// category twice in the stats).
func (l *lane) addNew(lo int, tw *field) {
	own := len(l.arena)
	for _, fd := range l.arena[tw.lo:tw.hi] {
		if !slices.ContainsFunc(l.arena[lo:own], func(g pii.Finding) bool {
			return g.Category == fd.Category && g.Start == fd.Start && g.End == fd.End
		}) {
			l.arena = append(l.arena, fd)
		}
	}
}

// relabelled gives the before image's value of a key-value row what
// the after image found in it, and the other way round, when the row's
// label changed and the value did not (farbe to nachname, ort to vorname):
// the before image is read first, under its old label, and its value would
// go out raw beside the after image's pseudonym of it (a review), also
// where both labels are a person's but the old one's category is kept (a
// city a recipient keeps, now a first name it gets a pseudonym of). It is
// not counted again.
func (l *lane) relabelled(ts *tableState) {
	bi, ai := ts.before.kvValue, ts.after.kvValue
	if bi < 0 || ai < 0 || bi >= len(l.before) || ai >= len(l.after) {
		return
	}
	bf, af := &l.before[bi], &l.after[ai]
	if !bf.personal && !af.personal || af.twin >= 0 || bf.col != af.col || !bf.value.same(af.value) {
		return // nothing found, or a twin: the same findings
	}
	// Both ways: the twin found by position (analyze) misses a value
	// column that sits elsewhere in the other image (a review).
	l.takeFindings(bf, af)
	l.takeFindings(af, bf)
}

// takeFindings gives to the findings of from that it does not hold, in a
// copy of its own at the arena's end.
func (l *lane) takeFindings(to, from *field) {
	lo := len(l.arena)
	l.arena = append(l.arena, l.arena[to.lo:to.hi]...)
	l.addNew(lo, from)
	if len(l.arena)-lo == to.hi-to.lo {
		l.arena = l.arena[:lo] // nothing new
		return
	}
	to.lo, to.hi, to.personal = lo, len(l.arena), true
	if to.text == "" {
		to.text = from.text
	}
}

// sameLabels reports whether column i of img is read as its twin in the
// before image was: not a key-value table's value column, or one whose
// row's labels are unchanged. A value whose label changes ("farbe" to
// "nachname") is read again under its new label (a review found it
// raw).
func sameLabels(twins []field, img *Image, cl *columnList, i int) bool {
	if i != cl.kvValue {
		return true
	}
	for _, k := range cl.kvLabels {
		if k >= len(twins) || k >= len(img.Cols) || !twins[k].value.same(&img.Cols[k]) {
			return false
		}
	}
	return true
}

// rowLabel returns, for column i of img, the label its row gives it in a
// key-value table (columnList.kvValue): the text of the first label column
// that names a field of a person's data (pii.PersonLabel: "feld":
// "nachname", "wert": "Wijnaldum", which a review found raw), or "".
// isLabel reports column i as such a label, which is not scanned: it is
// schema, not data. Only a label with at most maxLabelDigits digits is:
// PersonLabel reads a label's letters and passes over everything else, so
// "Telefon +49 151 23456789" and "phone 4111111111111111" are labels to
// it, and a label cell holding such a number went out raw, unscanned (a
// leak hunt). What a label's letters leave over holds no personal data
// but digits (of any script, full-width ones too): a phone, card, id or
// account number, a date, a postcode; a label's own number ("Telefon 2")
// has one or two.
func (l *lane) rowLabel(img *Image, cl *columnList, i int) (label string, isLabel bool) {
	if cl.kvValue < 0 || l.labelDet == nil {
		return "", false
	}
	if i != cl.kvValue && !slices.Contains(cl.kvLabels, i) {
		return "", false
	}
	for _, k := range cl.kvLabels {
		if k >= len(img.Cols) || !img.Cols[k].isText() {
			continue
		}
		if text := img.Cols[k].text(l.cfg.LegacyCharset); pii.PersonLabel(text) {
			if i == cl.kvValue {
				return text, false
			}
			return "", i == k && digitCount(text) <= maxLabelDigits
		}
	}
	return "", false
}

// maxLabelDigits is the most digits a key-value row's label holds and is
// still only a label (rowLabel): an ordinal ("Telefon 2", "address_12"),
// too few for any identifier, date or number the detectors look for.
const maxLabelDigits = 2

// digitCount counts the digits in s, of any script.
func digitCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsNumber(r) {
			n++
		}
	}
	return n
}

// readRecordText scans the strings a value the detectors read decoded
// (Column.Decoded) held as base64: text can be base64 too
// ("4111111111111111"), and a text column a schema calls a Decimal, or
// text shaped like a VariableScaleDecimal, went out raw where the decoded
// view showed nothing. Real base64 spells words and digits by chance
// ("CDU=" is 21.01, "GAY=" 61.50), so only what a detector validates
// counts (recordTextDetectors), read without the column's name, anywhere
// in the string ("card4111111111111111" too): it makes the whole value
// personal, replaced per the strongest action, and the record's text goes
// out nowhere.
func (l *lane) readRecordText(f *field, v *Column) {
	for _, text := range v.recordTexts() {
		found := l.cfg.Detector.ScanField("", text, l.scratch[:0])
		for _, fd := range found {
			if fd.Score >= l.cfg.Policy.MinScore && recordTextDetectors[fd.Detector] {
				fd.Start, fd.End = 0, len(f.text)
				l.arena = append(l.arena, fd)
			}
		}
		l.scratch = found[:0]
	}
}

// recordTextDetectors validate what they find (check digits, a number
// plan, an IBAN's mod 97, Luhn) and can find it in base64's alphabet.
var recordTextDetectors = map[string]bool{"card": true, "iban": true, "phone": true, "de_steuer_id": true,
	"fr_nir": true, "nl_bsn": true, "be_nrn": true, "es_dni": true, "es_nie": true, "pt_nif": true,
	"it_codice_fiscale": true, "pl_pesel": true, "se_personnummer": true, "fi_hetu": true, "dk_cpr": true,
	"at_svnr": true, "de_svnr": true, "ie_pps": true, "gb_nino": true, "gb_nhs": true, "us_ssn": true, "eu_vat": true,
	"ch_ahv": true, "ro_cnp": true, "tr_kimlik": true, "cz_rodne_cislo": true, "de_kvnr": true}

// coversWhole reports whether one of the findings spans a whole value of n bytes.
func coversWhole(findings []pii.Finding, n int) bool {
	for _, fd := range findings {
		if fd.Start == 0 && fd.End == n {
			return true
		}
	}
	return false
}

// count closes a field whose findings end the arena and counts them.
func (l *lane) count(f *field) {
	f.hi = len(l.arena)
	f.personal = f.hi > f.lo
	if f.personal {
		l.counts.fieldsPII++
		for _, fd := range l.arena[f.lo:f.hi] {
			l.batchCats.add(fd.Category)
		}
	}
}

// appendRow writes the analysed row with every personal value replaced per
// the actions of recipient ri, or null when the image is absent. A record
// key (key) gets the treatment that keeps keys one-to-one.
func (l *lane) appendRow(b []byte, present bool, fields []field, ri int, key bool) []byte {
	if !present {
		return append(b, "null"...)
	}
	b = append(b, '{')
	for i := range fields {
		f := &fields[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, f.key...)
		if !f.personal {
			b = f.value.appendJSON(b)
			continue
		}
		if f.twin >= 0 && !key {
			// The before image's field with the same value was just
			// written for this recipient: copy it.
			w := l.written[f.twin]
			b = append(b, b[w.start:w.end]...)
			if w.note == "" {
				l.notes = append(l.notes, fieldNote{f.col, f.key, w.note})
			}
			// Otherwise the before image's field noted the column
			// already, with this note: a second note of it only
			// lengthened the sort of the notes (an update's unchanged
			// columns, after every changed one, undid the names' order).
			continue
		}
		start := len(b)
		var r *policy.Recipient // a key: every recipient's (see actionFor)
		if !key {
			r = &l.cfg.Policy.Recipients[ri]
		}
		rep, note := l.sanitizeField(f, r, key)
		switch rep.how {
		case keepValue:
			b = f.value.appendJSON(b)
		case nullValue:
			b = append(b, "null"...)
		case replaceSafe:
			b = append(append(append(b, '"'), rep.s...), '"')
		case replaceValue:
			if f.value.ownJSON(f.text) && sameShape(f.text, rep.s) {
				// A JSON column's array or object with parts of its
				// values replaced stays one: a consumer's type for the
				// column must not hang on whether a record held
				// personal data.
				b = append(b, rep.s...)
				break
			}
			b = jsonw.AppendString(b, rep.s)
		}
		if note != "" {
			l.notes = append(l.notes, fieldNote{f.col, f.key, note})
		}
		if f.twinOf && !key {
			l.written[i] = written{start, len(b), note}
		}
	}
	return append(b, '}')
}

// sameShape reports whether replaced is JSON of orig's shape: the same
// arrays and objects, member names replaced or not, but no replaced name
// repeating one of its object unless the original repeats it there. A
// replacement that cut through the syntax (an address over two members),
// or made two member names one (masked names are runs of '*', which may
// repeat), fails it: such a value is written as its text in a string.
func sameShape(orig, replaced string) bool {
	if len(orig) == 0 || orig[0] != '[' && orig[0] != '{' {
		return false
	}
	a, b := json.NewDecoder(strings.NewReader(orig)), json.NewDecoder(strings.NewReader(replaced))
	a.UseNumber()
	b.UseNumber()
	type level struct {
		object, key bool            // key: the next token is a member name
		names       map[string]bool // the replaced object's member names so far
		orig        map[string]bool // the original's
	}
	var stack []level
	for {
		ta, errA := a.Token()
		tb, errB := b.Token()
		if errA != nil || errB != nil {
			// Both ended together (io.EOF) after a whole value, or one
			// is not JSON.
			return errA == io.EOF && errB == io.EOF && len(stack) == 0
		}
		da, delimA := ta.(json.Delim)
		db, delimB := tb.(json.Delim)
		if delimA != delimB || delimA && da != db {
			return false
		}
		top := len(stack) - 1
		switch {
		case delimA && (da == '{' || da == '['):
			if top >= 0 && stack[top].object {
				stack[top].key = true // this value ends; a name comes next
			}
			stack = append(stack, level{object: da == '{', key: da == '{'})
		case delimA:
			stack = stack[:top]
		case top >= 0 && stack[top].object && stack[top].key:
			// Both are member names: strings. A replaced one keeps the
			// object an object ({"psn_...":true} for an address as a
			// key) unless it makes two members one name.
			name, _ := tb.(string)
			origName, _ := ta.(string)
			l := &stack[top]
			if l.names == nil {
				l.names, l.orig = map[string]bool{}, map[string]bool{}
			}
			if l.names[name] && !(name == origName && l.orig[origName]) {
				return false // one the original did not repeat
			}
			l.names[name], l.orig[origName] = true, true
			l.key = false
		case top >= 0 && stack[top].object:
			stack[top].key = true
		}
		if len(stack) == 0 && !delimA {
			return false // a scalar at the top: not an array or object
		}
	}
}

// written locates a before image's sanitized value in the record being
// written, for the after image's unchanged twin.
type written struct {
	start, end int
	note       string
}

// replacement is what sanitizeField decided for a value: keep it as it is,
// write null, or write the string s.
type replacement struct {
	how int
	s   string
}

const (
	keepValue = iota
	nullValue
	replaceValue
	replaceSafe // a string of letters, digits and '_' (a pseudonym): nothing to escape
)

// sanitizeField applies the recipient's actions to one personal field and
// returns the note on what was done ("" when nothing was).
func (l *lane) sanitizeField(f *field, r *policy.Recipient, key bool) (replacement, string) {
	if fs := l.arena[f.lo:f.hi]; len(fs) == 1 && fs[0].Start == 0 && fs[0].End == len(f.text) && !key {
		return l.sanitizeWhole(f, r, string(fs[0].Category))
	}
	return l.sanitizeSpans(f, r, key)
}

// sanitizeSpans is sanitizeField's general path: any number of findings,
// whole or in part, in a value or a record key.
func (l *lane) sanitizeSpans(f *field, r *policy.Recipient, key bool) (replacement, string) {
	l.spans = l.spans[:0]
	l.cats = l.cats[:0]
	whole, wholeCat := policy.Keep, ""
	partial := policy.Keep // the strongest action on a part of the value
	for _, fd := range l.arena[f.lo:f.hi] {
		a := l.fieldAction(f, r, string(fd.Category))
		if fd.Start == 0 && fd.End == len(f.text) {
			if strength(a) > strength(whole) {
				whole, wholeCat = a, string(fd.Category)
			}
		} else if strength(a) > strength(partial) {
			partial = a
		}
		l.spans = append(l.spans, sanitize.Span{Start: fd.Start, End: fd.End, Category: string(fd.Category), Action: a})
		if !slices.Contains(l.cats, string(fd.Category)) {
			l.cats = append(l.cats, string(fd.Category))
		}
	}
	if wholeCat == "" {
		wholeCat = l.cats[0]
	}
	if key {
		// Record keys must stay one-to-one, or compaction, tombstones and
		// erase commands would confuse records: mask and drop, which map
		// many values to one, become a keyed pseudonym.
		a := max(strength(whole), strength(partial))
		switch {
		case a == strength(policy.Keep):
			return replacement{how: keepValue}, ""
		case a == strength(policy.Tokenize):
			whole = policy.Tokenize
		default:
			whole = policy.Pseudonymize
		}
		partial = policy.Keep
	}
	// A value-wide token, which can be decrypted, must not carry a part the
	// policy masks or drops; irreversible actions on the whole value already
	// cover every part of it.
	if whole == policy.Tokenize && strength(partial) > strength(whole) {
		whole = partial
	}
	note := l.summarize(l.spans, l.cats, whole, f.note)
	if key {
		return l.replaceKey(whole, wholeCat, f), note
	}
	if whole != policy.Keep { // the whole field is one piece of personal data
		return l.replaceWhole(whole, wholeCat, f), note
	}
	// Free text: replace each span; overlapping spans keep the strongest action.
	slices.SortFunc(l.spans, func(a, b sanitize.Span) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return strength(b.Action) - strength(a.Action)
	})
	var res string
	if f.value.jsonText() {
		res = l.psn.ApplyJSONSpans(f.text, mergeSpans(l.spans))
	} else {
		res = l.psn.ApplySpans(f.text, mergeSpans(l.spans))
	}
	if res == f.text {
		return replacement{how: keepValue}, note // every span kept: leave the value's type alone
	}
	return replacement{how: replaceValue, s: res}, note
}

// sanitizeWhole is sanitizeField for the common case of a value that is
// one piece of personal data (a name, an e-mail address, a phone number in
// its own column): one finding of category cat covering the whole value.
// It decides what the general path would, without building spans.
func (l *lane) sanitizeWhole(f *field, r *policy.Recipient, cat string) (replacement, string) {
	a := l.fieldAction(f, r, cat)
	note := l.wholeNote(a, cat, f.note)
	if a == policy.Keep {
		return replacement{how: keepValue}, note
	}
	return l.replaceWhole(a, cat, f), note
}

// replaceWhole applies action a, not Keep, to f's whole value of category
// cat. A token is of the value as written, which is what detokenizing must
// give back; a pseudonym of the value as detectors see it, so that
// spellings of one value join.
func (l *lane) replaceWhole(a policy.Action, cat string, f *field) replacement {
	if a == policy.Drop {
		return replacement{how: nullValue}
	}
	if f.value.Kind == KindBool {
		// A flag has two values: its mask must not tell true ("****")
		// from false ("*****") by length, and a pseudonym or a token of
		// it, one of two for every row, would tell them apart as well (a
		// review). It is masked alike whatever the action but drop.
		return replacement{how: replaceSafe, s: "*****"}
	}
	switch a {
	case policy.Pseudonymize:
		return replacement{how: replaceSafe, s: l.psn.Pseudonym(cat, f.text)}
	case policy.Tokenize:
		res, _ := l.psn.Apply(a, cat, f.value.exact(l.cfg.LegacyCharset))
		return replacement{how: replaceValue, s: res}
	case policy.Mask:
		if f.value.jsonText() {
			// an array of phone numbers stays an array of masks
			return replacement{how: replaceValue, s: sanitize.MaskJSON(f.text)}
		}
	}
	res, _ := l.psn.Apply(a, cat, f.text)
	return replacement{how: replaceValue, s: res}
}

// replaceKey applies a key's action a, Pseudonymize or Tokenize, to f's
// value as written: keys stay one-to-one. A token is already of the value
// as written (replaceWhole).
func (l *lane) replaceKey(a policy.Action, cat string, f *field) replacement {
	if f.value.Kind == KindBool {
		// A flag has two values: a pseudonym or token of the value alone
		// would be one of two for every row, and tell a masked flag apart
		// (a review). A pseudonym of the whole key (RowPseudonym) stays
		// one-to-one and per row. Not a token, also under
		// tokenize: decrypted, it would give back every key column as
		// written, also those the policy pseudonymizes (a review).
		parts := make([]sanitize.KeyPart, len(l.keyFields))
		for i := range l.keyFields {
			v := l.keyFields[i].value
			parts[i] = sanitize.KeyPart{Text: v.exact(l.cfg.LegacyCharset), Null: v.Kind == KindNull}
		}
		return replacement{how: replaceSafe, s: l.psn.RowPseudonym(cat, parts)}
	}
	if a == policy.Tokenize {
		return l.replaceWhole(a, cat, f)
	}
	return replacement{how: replaceSafe, s: l.psn.KeyPseudonym(cat, f.value.exact(l.cfg.LegacyCharset))}
}

// wholeNote is summarize's note for one category under one action,
// "action:category": the column's last note when it says that, as it
// nearly always does.
func (l *lane) wholeNote(a policy.Action, cat string, last *string) string {
	if n := *last; len(n) == len(a)+1+len(cat) && n[len(a)] == ':' && n[:len(a)] == string(a) && n[len(a)+1:] == cat {
		return n
	}
	b := append(append(append(l.noteBuf[:0], a...), ':'), cat...)
	l.noteBuf = b
	return l.keepNote(b, last)
}

// fieldAction is what is done to category cat in field f for recipient r
// (nil for a record key, see actionFor): the column rule's action when it
// has one, else the policy's for the category.
func (l *lane) fieldAction(f *field, r *policy.Recipient, cat string) policy.Action {
	if f.action != "" {
		return f.action
	}
	return l.actionFor(r, cat)
}

// actionFor is recipient r's action for category c. For a record key (r
// nil) it is the strongest action of all recipients: one key goes to every
// recipient of its table and into ERASE commands, which every holder reads,
// also those that do not receive the table (a leak hunt found a key kept
// raw for the table's only recipient in the commands another one reads),
// so none may get more of it than its policy allows.
func (l *lane) actionFor(r *policy.Recipient, c string) policy.Action {
	if r != nil {
		return r.ActionFor(c)
	}
	best := policy.Keep
	for i := range l.cfg.Policy.Recipients {
		if a := l.cfg.Policy.Recipients[i].ActionFor(c); strength(a) > strength(best) {
			best = a
		}
	}
	return best
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

// withImageCategories returns cats (shared, never modified) with the
// categories found in the before image added, sorted.
func (l *lane) withImageCategories(cats []string) []string {
	out := cats
	for i := range l.before {
		f := &l.before[i]
		for _, fd := range l.arena[f.lo:f.hi] {
			if !slices.Contains(out, string(fd.Category)) {
				if len(out) == len(cats) {
					out = slices.Clone(cats) // the first addition copies
				}
				out = append(out, string(fd.Category))
			}
		}
	}
	if len(out) != len(cats) {
		slices.Sort(out)
	}
	return out
}

// summarize returns a field's note on what was done to it. A value
// replaced whole says "action:category[,category]", the action applied to
// it; free text lists each action with the categories it applied to,
// strongest first: "drop:user.contact.phone_number;tokenize:user.contact.email".
// last is the column's previous note, returned when the note is the same
// and replaced when it is not, so that notes are not built per record.
func (l *lane) summarize(spans []sanitize.Span, cats []string, whole policy.Action, last *string) string {
	actionOf := func(c string) (policy.Action, bool) { return spanAction(spans, c), true }
	if whole != policy.Keep {
		actionOf = func(string) (policy.Action, bool) { return whole, true }
	}
	b, _, _ := appendByAction(l.noteBuf[:0], cats, actionOf, ":", "", ";")
	l.noteBuf = b
	return l.keepNote(b, last)
}

// keepNote returns note b as a string, the column's last note or a cached
// one when it is the same, and makes it the column's last note.
func (l *lane) keepNote(b []byte, last *string) string {
	if *last == string(b) { // a column's note seldom changes
		return *last
	}
	n, ok := l.noteCache[string(b)]
	if !ok {
		if len(l.noteCache) >= noteCacheSize {
			clear(l.noteCache)
		}
		n = string(b)
		l.noteCache[n] = n
	}
	*last = n
	return n
}

// byStrength lists the actions strongest first, the order of a note.
var byStrength = [...]policy.Action{policy.Drop, policy.Mask, policy.Pseudonymize, policy.Tokenize, policy.Keep}

// appendByAction appends cats grouped by the action each gets, strongest
// first, and then those actionOf knows no action for, under "unknown": each
// group as its action, open, its categories joined by ',' and close, the
// groups joined by sep. Field notes ("drop:a;tokenize:b") and the data
// map's recipients ("drop(a),tokenize(b)") are written by it. It returns
// how many groups it wrote and whether one was "unknown".
func appendByAction(b []byte, cats []string, actionOf func(string) (policy.Action, bool), open, close, sep string) ([]byte, int, bool) {
	groups := 0
	group := func(name string, member func(string) bool) bool {
		n := 0
		for _, c := range cats {
			if !member(c) {
				continue
			}
			if n == 0 {
				if groups > 0 {
					b = append(b, sep...)
				}
				b = append(append(b, name...), open...)
				groups++
			} else {
				b = append(b, ',')
			}
			b = append(b, c...)
			n++
		}
		if n > 0 {
			b = append(b, close...)
		}
		return n > 0
	}
	for _, a := range byStrength {
		group(string(a), func(c string) bool { got, ok := actionOf(c); return ok && got == a })
	}
	unknown := group("unknown", func(c string) bool { _, ok := actionOf(c); return !ok })
	return b, groups, unknown
}

// spanAction is the action the policy gave category c in a value: the same
// for every span of c, since it depends on the category and the column.
func spanAction(spans []sanitize.Span, c string) policy.Action {
	for _, s := range spans {
		if s.Category == c {
			return s.Action
		}
	}
	return policy.Keep
}

// noteCacheSize bounds the per-lane cache of field notes: actions times
// the sets of categories that meet in one value.
const noteCacheSize = 1 << 12

// sanitizedKey renders the record key as it appears on sanitized topics:
// the key columns with the strongest treatment any recipient gives them
// (see actionFor), kept one-to-one (a subject key is
// pseudonymised, so downstream joins still work).
func (l *lane) sanitizedKey(ev *event) []byte {
	if ev.sanitizedKey != nil || !ev.c.Key.Present {
		return ev.sanitizedKey // a null key stays null
	}
	arenaLen, notesLen := len(l.arena), len(l.notes)
	l.keyFields = l.analyze(&ev.c.Key, l.keyFields[:0], &ev.keyCols, nil)
	l.buf = l.appendRow(l.buf[:0], true, l.keyFields, -1, true)
	ev.sanitizedKey = l.slab.copy(l.buf)
	l.arena, l.notes = l.arena[:arenaLen], l.notes[:notesLen]
	return ev.sanitizedKey
}

// wholeCategory returns the category of the first finding over the whole
// value of column col among the analysed fields, or dflt. A subject key's
// pseudonym in a command is the one its records carry: a column rule
// giving the subject key a category of its own (user.contact.email) makes
// its values pseudonyms of that category, not of user.unique_id.
func (l *lane) wholeCategory(fields []field, col, dflt string) string {
	for i := range fields {
		f := &fields[i]
		if f.col != col {
			continue
		}
		for _, fd := range l.arena[f.lo:f.hi] {
			if fd.Start == 0 && fd.End == len(f.text) {
				return string(fd.Category)
			}
		}
		break
	}
	return dflt
}

// command appends a compliance command about the event's record.
func (l *lane) command(ev *event, typ CommandType, reason string, row *Image, out []Output) []Output {
	c := ev.c
	at, ok := eventTime(c, ev.m)
	if !ok {
		// No plausible time in the input: the command is issued now, so
		// that holders erase every copy older than it and the deadline
		// runs. A replay of such an input issues it at its own time; the
		// id, which holders de-duplicate on, stays the same.
		at = l.cfg.now().UTC()
	}
	cmd := Command{
		ID:            commandID(l.position(ev), ev.m.Timestamp.UnixMilli(), c.Source.LSN, typ, ""),
		Type:          typ,
		IssuedAt:      at,
		PolicyVersion: l.cfg.Policy.Version,
		Table:         ev.qualified,
		Reason:        reason,
		Deadline:      l.cfg.deadline(at),
		Source:        CommandSource{Position: Position{Topic: ev.m.Topic, Partition: ev.m.Partition, Offset: ev.m.Offset}, LSN: c.Source.LSN},
		Fields:        []string{},
		Categories:    []string{},
	}
	if c.Op != OpTruncate {
		cmd.RecordKey = string(l.sanitizedKey(ev))
	}
	if row == nil {
		row = &c.Key
	}
	// An empty subject key names no subject: its records keep "" as it is
	// (analyze), and a pseudonym of it would name whoever else's
	// normalises to the same (a review saw "" take " "'s). Nor does a
	// zero outside the record key in a delete's before image: under
	// REPLICA IDENTITY DEFAULT PostgreSQL sends only the key's columns and
	// Debezium fills every NOT NULL one it was not sent with its type's
	// stand-in (0, "", and "0.00" for a NUMERIC under
	// decimal.handling.mode=string, seen from Debezium 3.6.1), so each
	// such delete of a table whose subject key is not in its primary key
	// named the subject of "0" (a review).
	if v := row.Get(ev.subjectKey); v != nil && v.Kind != KindNull && !l.unavailable.of(v) && v.text(l.cfg.LegacyCharset) != "" &&
		!(row == &c.Before && v.zeroNumber() && c.Key.Get(ev.subjectKey) == nil) {
		cat := string(pii.UniqueID)
		if row == &c.Before {
			cat = l.wholeCategory(l.before, ev.subjectKey, cat)
		}
		cmd.Subject = l.psn.Pseudonym(cat, v.text(l.cfg.LegacyCharset))
	}
	if l.cfg.DataMap != nil {
		// The shared map is read-only while lanes run; it holds every
		// batch before this one.
		cmd.Categories = l.cfg.DataMap.Categories(ev.m.Topic, ev.schema, ev.qualified)
	}
	switch {
	case row == &c.Before:
		// What this record itself held counts too: the data map has not
		// taken in this batch yet, and a table first seen in it would
		// otherwise name no category at all.
		cmd.Categories = l.withImageCategories(cmd.Categories)
	case c.Op == OpTruncate && l.tracker != nil:
		// So does what the lane saw of the table earlier in the batch:
		// a table loaded and truncated in one batch held personal data
		// all the same. A batch with a truncate runs on one lane
		// (needsOrder), which sees all of it.
		cmd.Categories = l.tracker.categoriesOf(sourceTable{ev.m.Topic, ev.schema, ev.qualified}, slices.Clone(cmd.Categories))
	}
	cmd.Recipients, cmd.Topics = ev.recipients, ev.recipientTopics // read-only: shared by the table's commands
	var val, schema []byte
	if _, ok := l.cfg.Commands.(JSONCommands); ok {
		// Straight into the lane's buffers: no allocation for the value,
		// and cmd stays on the stack.
		l.buf = appendCommand(l.buf[:0], &cmd, &l.cmdTimes)
		val, schema = l.slab.copy(l.buf), schemaJSON
	} else {
		other := cmd // only this copy escapes to the encoder
		v, enc, err := l.cfg.Commands.Encode(&other)
		if err != nil {
			return l.deadLetter(ev.m, "", "command could not be encoded: "+err.Error(), out)
		}
		val, schema = v, []byte(enc)
	}
	l.counts.commands++
	key := []byte{} // a command without a subject has an empty key, not a null one
	if cmd.Subject != "" {
		key = l.slab.copy([]byte(cmd.Subject))
	}
	return append(out, Output{Topic: l.cfg.Topics.Commands, Key: key, Value: val, Headers: l.slab.headers(
		Header{Key: HeaderInput, Value: l.position(ev)}, Header{Key: HeaderEncoding, Value: schema},
	)})
}

// schemaJSON is the HeaderEncoding value of JSON commands, shared: output
// bytes are never modified.
var schemaJSON = []byte("json")

// redact appends a REDACT command for a column newly found to hold personal
// data: every holder removes the column from the copies it already has.
func (e *Engine) redact(d *Discovery, out []Output) ([]Output, error) {
	schema, table := d.Schema, strings.TrimPrefix(d.Entry.Table, d.Schema+".")
	pos := d.Source.String()
	at := d.Entry.LastSeen
	if at.IsZero() {
		// No input of the column had a plausible time: issued now, as an
		// ERASE without one is, so that it covers the copies holders have.
		at = e.cfg.now().UTC()
	}
	var foundAt int64 // the source input's event time, as an ERASE hashes its record's timestamp
	if !d.At.IsZero() {
		foundAt = d.At.UnixMilli()
	}
	cmd := Command{
		ID: commandID([]byte(pos), foundAt, d.LSN, CmdRedact, d.Entry.Column), Type: CmdRedact, IssuedAt: at,
		PolicyVersion: e.cfg.Policy.Version, Table: d.Entry.Table, Fields: []string{d.Entry.Column},
		Categories: d.Entry.Categories, Reason: "pii_discovered", Source: CommandSource{Position: d.Source, LSN: d.LSN},
		Deadline: e.cfg.deadline(at),
	}
	for i := range e.cfg.Policy.Recipients {
		r := &e.cfg.Policy.Recipients[i]
		if !r.WantsTable(table) {
			continue
		}
		if rule, ok := e.cfg.Policy.Column(schema, table, d.Entry.Column); ok && rule.Action == policy.Keep {
			continue // this recipient may hold the column as it is
		}
		cmd.Recipients = append(cmd.Recipients, r.Name)
		cmd.Topics = append(cmd.Topics, r.TopicFor(d.Source.Topic, schema, table))
	}
	if len(cmd.Recipients) == 0 {
		return out, nil
	}
	val, enc, err := e.cfg.Commands.Encode(&cmd)
	if err != nil {
		return out, fmt.Errorf("encode redact command for %s.%s: %w", d.Entry.Table, d.Entry.Column, err)
	}
	e.handed.commands++
	e.handed.redacts++
	// Keyed by table, so one table's column-wide commands stay in order.
	return append(out, Output{Topic: e.cfg.Topics.Commands, Key: []byte(d.Entry.Table), Value: val, Headers: []Header{
		{Key: HeaderInput, Value: []byte(pos)}, {Key: HeaderEncoding, Value: []byte(enc)},
	}}), nil
}

// deadline is when holders must have carried out a command issued at at:
// ErasureDeadline after it, or one month (Art. 12(3)) as Regulation
// 1182/71 counts months: the same day of the next month, or its last day
// when it has none (31 January: the end of February). A fixed 30 days ran
// past it for commands issued from 30 January to the end of February (a
// review).
func (cfg *EngineConfig) deadline(at time.Time) time.Time {
	if cfg.ErasureDeadline != 0 {
		return at.Add(cfg.ErasureDeadline)
	}
	next := at.AddDate(0, 1, 0)
	if next.Day() != at.Day() { // past the next month's end: AddDate normalised 31 January to 3 March
		next = next.AddDate(0, 0, -next.Day())
	}
	return next
}

// commandID is deterministic in the input (its position, a time in ms and
// source LSN, 0 when unknown: an ERASE's record's Kafka timestamp, a
// REDACT's source input's event time)
// and, for column-wide commands, the column, so a replay or a retried
// transaction yields the same id and holders can de-duplicate. The position alone repeats when a CDC topic is
// deleted and made again: a review saw a new ERASE take an old one's id,
// which a holder skipped as applied.
func commandID(pos []byte, ts, lsn int64, typ CommandType, column string) string {
	var buf [192]byte
	s := append(append(append(buf[:0], pos...), '|'), typ...)
	if column != "" {
		s = append(append(s, '|'), column...)
	}
	s = binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(append(s, '|'), uint64(ts)), uint64(lsn))
	h := sha256.Sum256(s)
	var id [4 + 24]byte // "cmd_" and 12 bytes in hex
	copy(id[:], "cmd_")
	hex.Encode(id[4:], h[:12])
	return string(id[:])
}

// deadLetter records an input the engine could not process. The record
// points at the input (topic, partition, offset in headers and value) and
// says why, but carries none of the input's key, value or headers: those may
// hold personal data, and the input itself stays in its source topic, where
// an operator can replay it once the cause is fixed. The reason never holds
// a value either.
func (l *lane) deadLetter(m *Message, field, reason string, out []Output) []Output {
	l.counts.deadLetters++
	pos := []byte(m.Position())
	h := []Header{
		{Key: HeaderInput, Value: pos},
		{Key: HeaderReason, Value: []byte(reason)},
		{Key: HeaderTopic, Value: []byte(m.Topic)},
		{Key: HeaderPartition, Value: []byte(strconv.FormatInt(int64(m.Partition), 10))},
		{Key: HeaderOffset, Value: []byte(strconv.FormatInt(m.Offset, 10))},
	}
	if field != "" {
		h = append(h, Header{Key: HeaderField, Value: []byte(field)})
	}
	v := append([]byte(`{"topic":`), jsonw.AppendString(nil, m.Topic)...)
	v = append(v, `,"partition":`...)
	v = strconv.AppendInt(v, int64(m.Partition), 10)
	v = append(v, `,"offset":`...)
	v = strconv.AppendInt(v, m.Offset, 10)
	v = append(v, `,"reason":`...)
	v = jsonw.AppendString(v, reason)
	if field != "" {
		v = append(v, `,"field":`...)
		v = jsonw.AppendString(v, field)
	}
	v = append(v, `,"key_bytes":`...)
	v = strconv.AppendInt(v, int64(len(m.Key)), 10)
	v = append(v, `,"value_bytes":`...)
	v = strconv.AppendInt(v, int64(len(m.Value)), 10)
	v = append(v, '}')
	return append(out, Output{Topic: l.cfg.Topics.DeadLetter, Key: pos, Value: v, Headers: h})
}

// strayFramed reports whether m, whose decode failed with err, is a stray
// record in Confluent's framing with no registry configured (err wraps
// ErrNoRegistry) on a partition that goes on in JSON: a record after it in
// the batch, in the same partition, is a JSON object. Such a record (a
// producer's serializer set wrong for one record) is dead-lettered, as any
// record lethe cannot read, instead of keeping its partition waiting for a
// registry until someone notices. A stream in Avro has no JSON after its
// records, and one that moves from JSON to Avro has none after its first
// Avro record: both wait, as the missing registry.url is the deployment's
// fault, not the records'. Only a failing record pays for the look.
func (l *lane) strayFramed(m *Message, err error) bool {
	if !errors.Is(err, ErrNoRegistry) {
		return false
	}
	for i := range l.batch {
		o := &l.batch[i]
		if o.Offset > m.Offset && o.Partition == m.Partition && o.Topic == m.Topic {
			if v := bytes.TrimLeft(o.Value, " \t\r\n"); len(v) > 0 && v[0] == '{' {
				return true
			}
		}
	}
	return false
}

// transient reports whether a decode error is worth retrying rather than
// dead-lettering: the network, a deadline or a decoder saying so (a schema
// registry answering 503), not the data.
func transient(err error) bool {
	var ne net.Error
	var te interface{ Transient() bool }
	return errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		errors.As(err, &te) && te.Transient()
}

// tableOf returns the schema and table of a change, from its source block or,
// for tombstones, from the Debezium topic name prefix.schema.table.
func tableOf(topic string, c *Flat) (string, string) {
	if c.Source.Table != "" {
		schema := c.Source.Schema
		if schema == "" {
			schema = "public"
		}
		return schema, c.Source.Table
	}
	schema, table, _ := TopicTable(topic)
	return schema, table
}

// TopicTable returns the schema and table a CDC topic name says:
// Debezium's prefix.schema.table; named is false for a name of fewer
// parts, from which the table is the last part and the schema a guess
// ("public"), since only the records' source blocks say it.
func TopicTable(topic string) (schema, table string, named bool) {
	i := strings.LastIndexByte(topic, '.')
	if i < 0 {
		return "public", topic, false
	}
	rest, table := topic[:i], topic[i+1:]
	j := strings.LastIndexByte(rest, '.')
	if j < 0 {
		return "public", table, false
	}
	return rest[j+1:], table, true
}

// eventTime is the database commit time when known, else the connector's
// time, else the record time; ok is false, and the time zero, when none is
// plausible. A timestamp years past 9999 cannot be written as RFC 3339,
// and one record carrying it must not stall the data map of every batch
// after it.
func eventTime(c *Flat, m *Message) (t time.Time, ok bool) {
	for _, ms := range [2]int64{c.Source.TsMs, c.TsMs} {
		if plausibleMs(ms) {
			return time.UnixMilli(ms).UTC(), true
		}
	}
	if t := m.Timestamp.UTC(); plausibleMs(t.UnixMilli()) {
		return t, true
	}
	return time.Time{}, false
}

// plausibleMs reports whether ms, milliseconds since 1970, can be the time
// of a change: from the year 2000, before any CDC tool or Kafka wrote one
// (a time in seconds taken for milliseconds, or a made-up 1, falls in
// January 1970, and an erase issued then would reach no copy a holder has),
// to the year 9000, leaving room for the deadlines computed from it.
func plausibleMs(ms int64) bool { return ms >= minEventMs && ms < maxEventMs }

var (
	minEventMs = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	maxEventMs = time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
)
