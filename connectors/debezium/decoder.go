package debezium

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"github.com/twmb/franz-go/pkg/sr"

	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/jsonw"
)

// DefaultMaxValueSize is the largest key or value Decode accepts unless
// WithMaxValueSize says otherwise.
const DefaultMaxValueSize = 8 << 20

// Decoder turns Debezium records into pipeline.Change values. It is safe for
// concurrent use; the only shared state is the cache of Avro codecs.
type Decoder struct {
	registry *sr.Client
	maxSize  int
	alias    bool
	legacy   pipeline.Charset // the code page of bytes columns' text that is not UTF-8

	mu     sync.RWMutex
	codecs map[int]*schemaEntry
	failed int              // entries of codecs that remember a failure
	now    func() time.Time // the clock of failed lookups' expiry; tests set it

	// keySchemas and valueSchemas step over the schema blocks of JSON
	// with schema+payload that repeat.
	keySchemas, valueSchemas schemaMemo
	// sources steps over the starts of source blocks that repeat.
	sources sourceMemo
}

// Option configures a Decoder.
type Option func(*Decoder)

// WithRegistry sets the schema registry used to resolve Avro schema ids.
// Without it, Avro records fail with a DecodeError. Schemas are fetched once
// per id and cached for the life of the Decoder; ids are immutable in a
// registry, so the cache never goes stale. A lookup the registry refused
// for good (an unknown id, a schema that is not Avro) is remembered for
// failedSchemaTTL, so that a stream of such records does not cost a
// registry request each, and asked again after it (a follower registry can
// lag behind the one that just registered the id).
func WithRegistry(cl *sr.Client) Option {
	return func(d *Decoder) { d.registry = cl }
}

// WithMaxValueSize sets the largest key or value, in bytes, that Decode
// accepts; larger records fail with a DecodeError (and are dead-lettered by
// the pipeline) before any parsing, so a huge record costs nothing but its
// length check. Raising it raises the memory one record can take: decoding
// holds the record and its decoded rows, roughly twice its size for JSON;
// an Avro array of one-byte items (booleans, small ints) can take about 32
// bytes per byte of input: items that take no input and records, which
// become maps, are charged what they take. The pipeline then holds the
// findings and the sanitized copy as well: a review measured a 49 MB field
// of dense personal data peaking at 1.3 GB, 27 times its size. n <= 0
// restores DefaultMaxValueSize.
func WithMaxValueSize(n int) Option {
	return func(d *Decoder) {
		if n <= 0 {
			n = DefaultMaxValueSize
		}
		d.maxSize = n
	}
}

// WithAliasing lets the strings of decoded JSON changes share memory with
// the record's key and value instead of copying them: one allocation and
// copy less per record. Use it only when nothing modifies key or value after
// Decode for as long as the Change is used; kafka.Runner guarantees that for
// the records it hands to its handler (franz-go does not reuse fetched
// record memory unless it is given buffer pools).
func WithAliasing() Option {
	return func(d *Decoder) { d.alias = true }
}

// WithLegacyCharset sets the code page in which the text of a JSON
// record's bytes columns (bytea) is read when it is not UTF-8 or UTF-16:
// Windows-1252 (pipeline.DefaultCharset) unless set. Give the engine the
// same one (pipeline.EngineConfig.LegacyCharset): Avro's bytes are read
// there.
func WithLegacyCharset(cs pipeline.Charset) Option {
	return func(d *Decoder) { d.legacy = cs }
}

// NewDecoder returns a Decoder configured by opts.
func NewDecoder(opts ...Option) *Decoder {
	d := &Decoder{maxSize: DefaultMaxValueSize, codecs: make(map[int]*schemaEntry), now: time.Now}
	for _, o := range opts {
		o(d)
	}
	return d
}

// Decode decodes one record. The encoding of key and value is detected from
// the first byte: 0x00 is Confluent-framed Avro, anything else is JSON. A nil
// or empty value is a tombstone: the result has Tombstone set and only Key
// filled. ctx bounds schema registry lookups.
//
// Columns a JSON record's schema block declares as bytes come out as what
// they hold, as Avro's do: a decimal as a json.Number (an Avro one as its
// text, which DecodeFlat makes a number), binary that is text as the text
// (bytecols.go). DecodeFlat keeps the record's own text beside
// that, for writing values out unchanged; a row of Decode cannot.
//
// Every error is a *DecodeError whose message names the field and the
// problem but never a value.
func (d *Decoder) Decode(ctx context.Context, topic string, key, value []byte) (pipeline.Change, error) {
	var c pipeline.Change
	if err := d.checkSize(topic, value); err != nil {
		return c, err
	}
	if err := d.awaitRegistry(topic, value); err != nil {
		return c, err
	}
	var im pipeline.Image
	row, keyErr := d.key(ctx, topic, key, &im)
	if keyErr != nil && keyErr.Retry {
		return c, keyErr
	}
	if c.Key = row; row == nil {
		c.Key = rowOf(&im)
	}
	if len(value) == 0 {
		c.Tombstone = true
		return c, result(topic, keyErr, nil)
	}
	var err *DecodeError
	if value[0] == 0 {
		_, err = d.decodeAvroValue(ctx, value, &c)
	} else {
		var f pipeline.Flat
		if err = decodeJSONValue(d.text(value), &f, &d.valueSchemas, &d.sources, topic, d.legacy); err == nil {
			c.Op, c.Source, c.TsMs, c.Tombstone = f.Op, f.Source, f.TsMs, f.Tombstone
			c.Before, c.After = rowOf(&f.Before), rowOf(&f.After)
		}
	}
	if err != nil {
		c = pipeline.Change{}
	}
	return c, result(topic, keyErr, err)
}

// key decodes a record's key: JSON into im, Avro as a row. A key that does
// not decode is left out (im not Present, no row) and its error returned:
// the value may still be decoded (pipeline.KeyError), unless the error is
// worth a retry (the registry).
func (d *Decoder) key(ctx context.Context, topic string, key []byte, im *pipeline.Image) (pipeline.Row, *DecodeError) {
	var row pipeline.Row
	var err *DecodeError
	switch {
	case len(key) == 0:
		return nil, nil
	case len(key) > d.maxSize:
		err = tooLarge(topic, "key", len(key), d.maxSize)
	case key[0] == 0:
		row, err = d.decodeAvroKey(ctx, key)
	default:
		err = decodeJSONKey(d.text(key), im, &d.keySchemas, topic, d.legacy)
	}
	if err != nil {
		err.Topic = topic
		*im = pipeline.Image{Cols: im.Cols[:0]}
		return nil, err
	}
	return row, nil
}

// result is a decode's error, given the key's and the value's: the value's
// when it failed (the key's first, unless the value's is worth a retry),
// else the key's as a pipeline.KeyError (the value decoded), else nil.
func result(topic string, keyErr, err *DecodeError) error {
	switch {
	case err != nil && keyErr != nil && !err.Retry:
		return keyErr // the first problem
	case err != nil:
		err.Topic = topic
		return err
	case keyErr != nil:
		return &pipeline.KeyError{Err: keyErr}
	}
	return nil
}

// DecodeFlat decodes one record into dst, which the caller has Reset, as
// Decode does but into the engine's working form (pipeline.FlatDecoder):
// JSON rows become column lists in the record's order, with no map and no
// interface per value, and each value keeps its JSON text. Avro records go
// through Decode's path, their rows' decimals then made numbers
// (decimalsAsNumbers).
func (d *Decoder) DecodeFlat(ctx context.Context, topic string, key, value []byte, dst *pipeline.Flat) error {
	if err := d.checkSize(topic, value); err != nil {
		return err
	}
	if err := d.awaitRegistry(topic, value); err != nil {
		return err
	}
	row, keyErr := d.key(ctx, topic, key, &dst.Key)
	if keyErr != nil && keyErr.Retry {
		return keyErr
	}
	if row != nil {
		dst.Key.SetRow(row)
	}
	if len(value) == 0 {
		dst.Tombstone = true
		return result(topic, keyErr, nil)
	}
	var err *DecodeError
	if value[0] == 0 {
		var c pipeline.Change
		var s *avroSchema
		if s, err = d.decodeAvroValue(ctx, value, &c); err == nil {
			c.Key = nil
			k := dst.Key
			dst.SetChange(&c)
			dst.Key = k
			decimalsAsNumbers(&dst.Before, s.decimals)
			decimalsAsNumbers(&dst.After, s.decimals)
		}
	} else {
		err = decodeJSONValue(d.text(value), dst, &d.valueSchemas, &d.sources, topic, d.legacy)
	}
	return result(topic, keyErr, err)
}

// decimalsAsNumbers makes the decimals of an Avro row image, which the
// reader renders as their text, numbers (see rowDecimals), written out
// unchanged as the text they were. A record key's stay text: its
// pseudonym is of the value as written, and must not change.
func decimalsAsNumbers(im *pipeline.Image, decimals map[string]bool) {
	if len(decimals) == 0 {
		return
	}
	for i := range im.Cols {
		if c := &im.Cols[i]; c.Kind == pipeline.KindString && decimals[c.Name] {
			c.Kind, c.Raw = pipeline.KindNumber, string(jsonw.AppendString(nil, c.Str))
		}
	}
}

// awaitRegistry returns, when no registry is configured, a retry error for
// a record of an Avro stream: its value in Confluent's framing with a
// schema id a registry gives (from 1). That is the deployment's fault, not
// the record's: a dead letter would commit past the whole stream (a
// review), so the batch waits until lethe runs with a registry. Anything
// else framed goes on to its dead letter, one stray record must not stop
// the pipeline: a framed key (a LongSerializer's starts with 0x00) beside a
// JSON value or none (a tombstone: an Avro stream's comes after its
// delete, which waits), and schema id 0. A stray framed value (a
// Confluent serializer's, on a JSON topic) alone looks like a stream's;
// the error wraps pipeline.ErrNoRegistry, and the engine dead-letters it
// where JSON follows it in its partition. /readyz says why a batch waits.
// (Remembering the topics JSON came from cost every record 2% and helped
// only a stray that came after JSON in the same process.)
func (d *Decoder) awaitRegistry(topic string, value []byte) *DecodeError {
	if d.registry != nil {
		return nil
	}
	if len(value) < 5 || value[0] != 0 {
		return nil
	}
	id := int32(binary.BigEndian.Uint32(value[1:5]))
	if id <= 0 {
		return nil
	}
	return &DecodeError{Topic: topic, Field: "value", Reason: "avro record with schema id " + strconv.Itoa(int(id)) +
		" but no schema registry configured", Retry: true, noRegistry: true}
}

// checkSize rejects a value over the size limit before any parsing (a key
// over it is a KeyError: the value may still erase).
func (d *Decoder) checkSize(topic string, value []byte) *DecodeError {
	if len(value) > d.maxSize {
		return tooLarge(topic, "value", len(value), d.maxSize)
	}
	return nil
}

// rowOf converts a decoded image to a Row, nested values decoded.
func rowOf(im *pipeline.Image) pipeline.Row {
	if !im.Present {
		return nil
	}
	r := make(pipeline.Row, len(im.Cols))
	for i := range im.Cols {
		c := &im.Cols[i]
		switch c.Kind {
		case pipeline.KindString:
			r[c.Name] = c.Str
		case pipeline.KindInt:
			r[c.Name] = c.Int
		case pipeline.KindBool:
			r[c.Name] = c.Int != 0
		case pipeline.KindNumber:
			r[c.Name] = json.Number(c.Str)
		case pipeline.KindJSON:
			p := jsonParser{src: c.Str}
			r[c.Name], _ = p.value() // validated when it was read
		case pipeline.KindOther:
			r[c.Name] = c.Any
		default:
			r[c.Name] = nil
		}
	}
	return r
}

// text returns b as the JSON parser's source: a copy, or b itself under
// WithAliasing.
func (d *Decoder) text(b []byte) string {
	if d.alias && len(b) > 0 {
		return unsafe.String(&b[0], len(b))
	}
	return string(b)
}

func tooLarge(topic, field string, n, limit int) *DecodeError {
	return &DecodeError{Topic: topic, Field: field, Reason: "value too large: " +
		strconv.Itoa(n) + " bytes > limit " + strconv.Itoa(limit)}
}

// jsonErr builds a DecodeError from the parser's recorded reason.
func jsonErr(p *jsonParser, field string) *DecodeError {
	reason := p.reason
	if reason == "" {
		reason = "malformed JSON at byte " + strconv.Itoa(p.pos)
	}
	if p.col != "" {
		field += "." + safeName(p.col)
	}
	return &DecodeError{Field: field, Reason: reason}
}

// safeName returns a JSON object key for use in an error's field path. Keys
// are column names, i.e. schema, but a malformed record can put anything in
// key position, so a key that does not look like an identifier, or holds
// as many digits as a phone or account number's shortest part, is replaced
// by a placeholder rather than risk echoing data. Digits count across
// dashes, underscores and other separators, not across letters: a leak
// hunt got "030-1234-5678" and "DE89-3704-0044-0532-0130-00" through as
// runs of four, while iso_3166_1_alpha_2 and revenue_2023_vs_2024 are
// names.
func safeName(k string) string {
	if len(k) == 0 || len(k) > 64 {
		return "<column>"
	}
	digits := 0
	for i := 0; i < len(k); i++ {
		switch c := k[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			digits = 0
		}
		if digits >= 6 {
			return "<column>"
		}
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c == '_' || c == '-' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return "<column>"
		}
	}
	return k
}

// decodeJSONKey decodes a key with or without the schema envelope into im;
// memo steps over the topic's repeated schema blocks; bytes columns that
// hold text not in UTF-8 are read in cs.
func decodeJSONKey(key string, im *pipeline.Image, memo *schemaMemo, topic string, cs pipeline.Charset) *DecodeError {
	p := jsonParser{src: key}
	if p.peek() != '{' {
		if p.peek() == 'n' && p.literal("null") && p.atEnd() {
			return nil
		}
		p.reason = ""
		p.failType("object")
		return jsonErr(&p, "key")
	}
	// Parse as a row; if it turns out to be {"schema":...,"payload":...},
	// take the payload. A schema block is an object or null, so a genuine
	// key column called "schema" holding a scalar is not mistaken.
	start := p.pos
	if cols, ok := p.enveloped(im, memo, topic); ok {
		cols.apply(im, cs)
		return nil
	}
	p.pos, p.depth = start, 0
	var ok bool
	im.Present = true
	if im.Cols, ok = p.rowInto(im.Cols[:0]); !ok {
		return jsonErr(&p, "key")
	}
	if !p.atEnd() {
		p.fail("trailing data after value")
		return jsonErr(&p, "key")
	}
	varDecimals(im)
	return nil
}

// enveloped tries to read {"schema":<object|null>,"payload":<object|null>}
// (in either order, nothing else, nothing after) at pos. It returns false
// when the input has another shape or is malformed; the caller then parses
// it as a plain row, which reports any error. The payload goes to im; the
// schema's byte columns come back.
func (p *jsonParser) enveloped(im *pipeline.Image, memo *schemaMemo, topic string) (byteCols, bool) {
	seenSchema, seenPayload, shape := false, false, true
	var cols byteCols
	ok := p.members(func(k string) bool {
		switch {
		case k == "schema" && !seenSchema:
			seenSchema = true
			if c := p.peek(); c == '{' || c == 'n' {
				var ok bool
				cols, ok = memo.skip(p, topic)
				return ok
			}
		case k == "payload" && !seenPayload:
			seenPayload = true
			switch p.peek() {
			case 'n':
				return p.literal("null")
			case '{':
				var ok bool
				im.Present = true
				im.Cols, ok = p.rowInto(im.Cols[:0])
				return ok
			}
		}
		shape = false
		return false
	})
	p.reason, p.col = "", ""
	if !ok || !shape || !seenSchema || !seenPayload || !p.atEnd() {
		im.Present, im.Cols = false, im.Cols[:0]
		return nil, false
	}
	return cols, true
}

// notTombstone refuses a value that stands for nothing without being a
// tombstone any Kafka Connect writes (no value, or the JSON null): as a
// tombstone it would delete the row from lethe's compacted outputs, where
// nothing said to.
func notTombstone(what string) *DecodeError {
	return &DecodeError{Field: "value", Reason: what + ", not a tombstone (a record without a value)"}
}

// decodeJSONValue decodes a Debezium JSON envelope, with or without schema,
// into c in one pass; memo steps over the topic's repeated schema blocks,
// sources over the source blocks' repeated starts.
func decodeJSONValue(value string, c *pipeline.Flat, memo *schemaMemo, sources *sourceMemo, topic string, cs pipeline.Charset) *DecodeError {
	p := jsonParser{src: value, sources: sources}
	switch p.peek() {
	case '{':
	case 'n':
		if p.literal("null") && p.atEnd() {
			// Kafka Connect's JsonConverter before 2.2 wrote a tombstone
			// so (KAFKA-3832); with schemas on, as schema and payload null.
			c.Tombstone = true
			return nil
		}
		return jsonErr(&p, "value")
	default:
		if p.pos >= len(p.src) {
			return notTombstone("only whitespace")
		}
		p.failType("object")
		return jsonErr(&p, "value")
	}
	var (
		seenSchema, seenPayload, payloadNull bool
		schemaNull, others                   bool // for a tombstone's exact form
		e                                    envelopeState
		derr                                 *DecodeError
		cols                                 byteCols
	)
	ok := p.members(func(k string) bool {
		switch k {
		case "schema", "payload":
			if k == "schema" && seenSchema || k == "payload" && seenPayload {
				derr = duplicate("value." + k)
				return false
			}
		}
		switch k {
		case "schema":
			seenSchema, schemaNull = true, p.peek() == 'n'
			var ok bool
			if cols, ok = memo.skip(&p, topic); !ok {
				derr = jsonErr(&p, "value.schema")
			}
		case "payload":
			seenPayload = true
			switch p.peek() {
			case 'n':
				if !p.literal("null") {
					derr = jsonErr(&p, "value.payload")
				}
				payloadNull = true
			case '{':
				derr = p.envelope(c, &e, "value.payload")
			default:
				p.failType("object")
				derr = jsonErr(&p, "value.payload")
			}
		default:
			others = true
			derr = p.envelopeField(k, c, &e, "value")
		}
		return derr == nil
	})
	if derr != nil {
		return derr
	}
	if !ok {
		return jsonErr(&p, "value")
	}
	if !p.atEnd() {
		p.fail("trailing data after value")
		return jsonErr(&p, "value")
	}
	if payloadNull && !e.any {
		// Exactly what JsonConverter with schemas wrote for a null value
		// before Kafka 2.2; a null payload with a schema or other members
		// says no such thing, and as a tombstone it would delete the row
		// from lethe's compacted outputs.
		if schemaNull && !others {
			c.Tombstone = true
			return nil
		}
		return notTombstone("a null payload beside a schema or other members")
	}
	prefix := "value"
	if seenPayload {
		prefix = "value.payload"
	}
	if derr := e.notChange(prefix); derr != nil {
		return derr
	}
	if !e.any {
		if seenSchema && !seenPayload {
			return &DecodeError{Field: "value.payload", Reason: "missing payload"}
		}
		if seenPayload {
			return &DecodeError{Field: "value.payload", Reason: "no Debezium envelope fields (op, before, after, source) in the payload"}
		}
		return &DecodeError{Field: "value", Reason: "missing payload: no Debezium envelope fields"}
	}
	if derr := e.check(c.Op, c.Before.Present, c.After.Present, prefix); derr != nil {
		return derr
	}
	if c.Op == pipeline.OpMessage && e.message.Present {
		c.After = e.message
	}
	if cols != nil {
		cols.apply(&c.Before, cs)
		cols.apply(&c.After, cs)
	} else if !seenSchema {
		varDecimals(&c.Before)
		varDecimals(&c.After)
	}
	return nil
}

// envelopeState tracks which envelope fields were seen.
type envelopeState struct {
	any    bool // any envelope field seen
	op     bool
	source bool
	seen   uint8 // envelopeMembers' bits
	// message is the content of a logical decoding message; it becomes
	// After when the envelope has no row.
	message pipeline.Image
	// status is a member of Debezium's transaction metadata events;
	// others says members lethe does not read came besides.
	status, others bool
}

// notChange names, for a record without an op, the Debezium record that
// is no change event it is: a transaction metadata event ({"status":
// "BEGIN","id":...}, on <prefix>.transaction) or a heartbeat (only
// ts_ms, on __debezium-heartbeat.<prefix>), which an inputs.regex wider
// than the tables' topics reads. Their dead letters said "missing op",
// which sent users looking for a broken connector.
func (e *envelopeState) notChange(prefix string) *DecodeError {
	const hint = ", not a change event: leave its topic out of the inputs"
	switch {
	case e.op:
		return nil
	case e.status && e.seen&^envelopeBit("ts_ms") == 0:
		return &DecodeError{Field: prefix, Reason: "a Debezium transaction metadata event" + hint}
	case e.seen == envelopeBit("ts_ms") && !e.others:
		return &DecodeError{Field: prefix, Reason: "a Debezium heartbeat" + hint}
	}
	return nil
}

// check validates the envelope once all fields are read.
func (e *envelopeState) check(op pipeline.Op, before, after bool, prefix string) *DecodeError {
	if !e.op {
		return &DecodeError{Field: prefix + ".op", Reason: "missing op"}
	}
	switch op {
	case pipeline.OpCreate, pipeline.OpRead, pipeline.OpUpdate:
		if !after {
			return &DecodeError{Field: prefix + ".after", Reason: "missing after for op " + op.String()}
		}
	case pipeline.OpDelete:
		if !before {
			return &DecodeError{Field: prefix + ".before", Reason: "missing before for op d"}
		}
	case pipeline.OpMessage, pipeline.OpTruncate:
		// Neither carries a row, and lethe forwards none for them: a row
		// here (a stray producer's, an SMT's rewritten op) would go
		// nowhere without a word (a review).
		field := prefix + ".before"
		if after {
			field = prefix + ".after"
		}
		if before || after {
			return &DecodeError{Field: field, Reason: "a row image for op " + op.String() + ", which carries no row"}
		}
	}
	return nil
}

// envelope parses the payload object.
func (p *jsonParser) envelope(c *pipeline.Flat, e *envelopeState, prefix string) *DecodeError {
	var derr *DecodeError
	ok := p.members(func(k string) bool {
		derr = p.envelopeField(k, c, e, prefix)
		return derr == nil
	})
	if derr != nil {
		return derr
	}
	if !ok {
		return jsonErr(p, prefix)
	}
	return nil
}

// envelopeBit is the bit of envelopeState.seen for an envelope member
// lethe reads, 0 for any other. A switch: Go compiles it to a search by
// length and bytes, where a loop of comparisons cost 3% of a decode.
func envelopeBit(k string) uint8 {
	switch k {
	case "op":
		return 1
	case "before":
		return 2
	case "after":
		return 4
	case "message":
		return 8
	case "source":
		return 16
	case "ts_ms":
		return 32
	}
	return 0
}

// duplicate is the error of a member written twice. JSON leaves it to the
// reader which one counts, and readers differ: a record with two ops, two
// tables or two after images means one thing to lethe and another to a
// reader that keeps the first, so it is refused.
func duplicate(field string) *DecodeError {
	return &DecodeError{Field: field, Reason: "duplicate member"}
}

// envelopeField parses one field of the Debezium envelope. Unknown fields
// (transaction, ts_us, ts_ns, anything newer) are validated and skipped.
func (p *jsonParser) envelopeField(k string, c *pipeline.Flat, e *envelopeState, prefix string) *DecodeError {
	if bit := envelopeBit(k); bit != 0 {
		if e.seen&bit != 0 {
			return duplicate(prefix + "." + k)
		}
		e.seen |= bit
	}
	switch k {
	case "op":
		e.any, e.op = true, true
		s, ok := p.strOrNull()
		if !ok {
			return jsonErr(p, prefix+".op")
		}
		op, err := pipeline.ParseOp(s)
		if err != nil {
			return &DecodeError{Field: prefix + ".op", Reason: "unknown op"}
		}
		c.Op = op
	case "before", "after", "message":
		e.any = true
		im := &e.message
		switch k {
		case "before":
			im = &c.Before
		case "after":
			im = &c.After
		}
		im.Present, im.Cols = false, im.Cols[:0]
		switch p.peek() {
		case 'n':
			if !p.literal("null") {
				return jsonErr(p, prefix+"."+safeName(k))
			}
		case '{':
			var ok bool
			im.Present = true
			if im.Cols, ok = p.rowInto(im.Cols); !ok {
				return jsonErr(p, prefix+"."+safeName(k))
			}
		default:
			p.failType("object")
			return jsonErr(p, prefix+"."+safeName(k))
		}
	case "source":
		e.any, e.source = true, true
		return p.source(&c.Source, prefix)
	case "ts_ms":
		e.any = true
		n, ok := p.int()
		if !ok {
			return jsonErr(p, prefix+".ts_ms")
		}
		c.TsMs = n
	default:
		if k == "status" {
			e.status = true
		} else {
			e.others = true
		}
		if !p.skip() {
			return jsonErr(p, prefix+"."+safeName(k))
		}
	}
	return nil
}

// source parses the source block into s; prefix is the envelope's path,
// joined to ".source" only for an error (a join per record cost an
// allocation).
func (p *jsonParser) source(s *pipeline.SourceInfo, prefix string) *DecodeError {
	switch p.peek() {
	case 'n':
		if !p.literal("null") {
			return jsonErr(p, prefix+".source")
		}
		return nil
	case '{':
	default:
		p.failType("object")
		return jsonErr(p, prefix+".source")
	}
	start := p.pos
	bad, dup := "", false
	var seen uint16
	// lead is the block's start of sourceLead members with a string or
	// null, which the next blocks may step over (sourceMemo); leading
	// says whether every member so far was one.
	var lead sourcePrefix
	leading, leadEnd := true, 0
	fn := func(k string) bool {
		plain := leading && sourceLead(k) && (p.peek() == '"' || p.peek() == 'n')
		var ok bool
		var bit uint16 // of the members read (see duplicate)
		switch k {
		case "connector":
			s.Connector, ok = p.strOrNull()
			bit = 1
		case "name":
			s.Name, ok = p.strOrNull()
			bit = 2
		case "db":
			s.DB, ok = p.strOrNull()
			bit = 4
		case "schema":
			s.Schema, ok = p.strOrNull()
			bit = 8
		case "table":
			s.Table, ok = p.strOrNull()
			bit = 16
		case "ts_ms":
			s.TsMs, ok = p.int()
			bit = 32
		case "lsn":
			s.LSN, ok = p.int()
			bit = 64
		case "txId":
			bit = 128
			// A number from PostgreSQL's connector; Oracle's and Db2's
			// write a string, which says nothing lethe uses.
			if p.peek() == '"' {
				_, ok = p.strOrNull()
			} else {
				s.TxID, ok = p.int()
			}
		case "snapshot":
			bit = 256
			// A string in Debezium 1.x and later; a boolean before.
			switch p.peek() {
			case 't':
				s.Snapshot, ok = "true", p.literal("true")
			case 'f':
				s.Snapshot, ok = "false", p.literal("false")
			default:
				s.Snapshot, ok = p.strOrNull()
			}
		default:
			ok = p.skip()
		}
		if dup = seen&bit != 0; dup || !ok {
			bad = k
			return false
		}
		seen |= bit
		if leading = plain; plain {
			leadEnd, lead.connector, lead.name, lead.seen = p.pos, s.Connector, s.Name, seen
		}
		return true
	}
	var ok bool
	if known := p.sources.match(p.src[start:]); known != nil {
		// The members of a known start parse as they did: step over
		// them, and on from the next member as members would.
		s.Connector, s.Name, seen, leading = known.connector, known.name, known.seen, false
		p.pos = start + len(known.text)
		ok = p.enter() && p.memberList(fn)
	} else if ok = p.members(fn); ok && leadEnd > 0 && p.src[leadEnd] == ',' {
		lead.text = p.src[start : leadEnd+1]
		p.sources.remember(lead)
	}
	switch {
	case ok:
		return nil
	case dup:
		return duplicate(prefix + ".source." + bad)
	case bad != "":
		return jsonErr(p, prefix+".source."+safeName(bad))
	}
	return jsonErr(p, prefix+".source")
}
