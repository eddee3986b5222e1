package debezium

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/sr"

	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/schemas"
)

// avroSchema is a cached registry schema, parsed into the tree that drives
// avroReader.
type avroSchema struct {
	root *avroNode
	// decimals are the envelope's row columns that hold a decimal
	// (rowDecimals).
	decimals map[string]bool
}

// avroKind is an Avro type.
type avroKind uint8

const (
	avroNull avroKind = iota
	avroBoolean
	avroInt
	avroLong
	avroFloat
	avroDouble
	avroBytes
	avroString
	avroRecord
	avroEnum
	avroArray
	avroMap
	avroUnion
	avroFixed
)

var avroPrimitives = map[string]avroKind{"null": avroNull, "boolean": avroBoolean, "int": avroInt,
	"long": avroLong, "float": avroFloat, "double": avroDouble, "bytes": avroBytes, "string": avroString}

// avroNode is one type in a parsed Avro schema.
type avroNode struct {
	kind avroKind
	// name is the full name of a named type, the type name of a primitive,
	// or "<type>.<logicalType>" for a primitive with a logical type, which
	// is how goavro names union members.
	name     string
	fields   []avroField // record fields, in order
	branches []*avroNode // union members
	items    *avroNode   // array items or map values
	symbols  []string    // enum symbols
	size     int         // fixed size
	scale    int         // decimal scale
	decimal  bool        // bytes or fixed with logicalType decimal
	maxBytes int         // the longest unscaled decimal the precision allows
}

// zeroWidth reports whether a value of n takes no bytes of input: a null,
// an empty fixed. Repeated, they cost memory without input (see itemCost).
func (n *avroNode) zeroWidth() bool {
	return n.kind == avroNull || n.kind == avroFixed && n.size == 0
}

type avroField struct {
	name string
	node *avroNode
}

// field returns the node of the named record field, or nil.
func (n *avroNode) field(name string) *avroNode {
	for i := range n.fields {
		if n.fields[i].name == name {
			return n.fields[i].node
		}
	}
	return nil
}

// parseAvroSchema builds the node tree of a schema text.
func parseAvroSchema(text string) (*avroNode, error) {
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		return nil, fmt.Errorf("schema is not JSON: %w", err)
	}
	b := avroBuilder{named: map[string]*avroNode{}}
	return b.build(v, "", 0)
}

type avroBuilder struct {
	named map[string]*avroNode
}

func fullName(name, ns string) string {
	if strings.Contains(name, ".") || ns == "" {
		return name
	}
	return ns + "." + name
}

func (b *avroBuilder) build(v any, ns string, depth int) (*avroNode, error) {
	if depth > maxDepth {
		return nil, errors.New("schema nested too deeply")
	}
	switch t := v.(type) {
	case string:
		if k, ok := avroPrimitives[t]; ok {
			return &avroNode{kind: k, name: t}, nil
		}
		if n, ok := b.named[fullName(t, ns)]; ok {
			return n, nil
		}
		if n, ok := b.named[t]; ok {
			return n, nil
		}
		return nil, errors.New("schema references an undefined type")
	case []any:
		n := &avroNode{kind: avroUnion, name: "union"}
		for _, m := range t {
			bn, err := b.build(m, ns, depth+1)
			if err != nil {
				return nil, err
			}
			n.branches = append(n.branches, bn)
		}
		return n, nil
	case map[string]any:
		typ, _ := t["type"].(string)
		name, _ := t["name"].(string)
		if s, ok := t["namespace"].(string); ok && name != "" && !strings.Contains(name, ".") {
			name = fullName(name, s)
		} else if name != "" {
			name = fullName(name, ns)
		}
		inner := ns
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			inner = name[:i]
		}
		switch typ {
		case "record", "error":
			n := &avroNode{kind: avroRecord, name: name}
			b.named[name] = n
			fields, _ := t["fields"].([]any)
			for _, f := range fields {
				fm, ok := f.(map[string]any)
				if !ok {
					return nil, errors.New("record field is not an object")
				}
				fname, _ := fm["name"].(string)
				fn, err := b.build(fm["type"], inner, depth+1)
				if err != nil {
					return nil, err
				}
				n.fields = append(n.fields, avroField{name: fname, node: fn})
			}
			return n, nil
		case "enum":
			n := &avroNode{kind: avroEnum, name: name}
			syms, _ := t["symbols"].([]any)
			for _, s := range syms {
				str, _ := s.(string)
				n.symbols = append(n.symbols, str)
			}
			b.named[name] = n
			return n, nil
		case "fixed":
			size, _ := t["size"].(float64)
			if size < 0 || size > 1<<20 {
				return nil, errors.New("fixed size out of range")
			}
			n := &avroNode{kind: avroFixed, name: name, size: int(size)}
			n.decimal, n.scale, n.maxBytes = decimalOf(t)
			if n.decimal && n.size > maxDecimalBytes {
				// A fixed decimal always has its size, which the schema
				// may make larger than its precision needs: bound it here.
				return nil, errors.New("fixed decimal larger than " + strconv.Itoa(maxDecimalBytes) + " bytes")
			}
			b.named[name] = n
			return n, nil
		case "array":
			items, err := b.build(t["items"], ns, depth+1)
			if err != nil {
				return nil, err
			}
			return &avroNode{kind: avroArray, name: "array", items: items}, nil
		case "map":
			vals, err := b.build(t["values"], ns, depth+1)
			if err != nil {
				return nil, err
			}
			return &avroNode{kind: avroMap, name: "map", items: vals}, nil
		}
		// A primitive with attributes, e.g. {"type":"long","logicalType":...}
		// or {"type":"string","connect.version":1}.
		if typ == "" {
			return b.build(t["type"], ns, depth+1)
		}
		n, err := b.build(typ, ns, depth+1)
		if err != nil {
			return nil, err
		}
		if lt, ok := t["logicalType"].(string); ok && n.kind <= avroString {
			ln := &avroNode{kind: n.kind, name: n.name + "." + lt}
			if n.kind == avroBytes {
				ln.decimal, ln.scale, ln.maxBytes = decimalOf(t)
			}
			return ln, nil
		}
		return n, nil
	}
	return nil, errors.New("schema has an invalid type")
}

// decimalOf reads a decimal logical type's scale, and the length in bytes
// of the longest unscaled value its precision allows (a byte holds about
// 2.4 digits, plus one for the sign): a longer value is malformed, and
// rendering a megabyte of digits would take the lane for a second.
func decimalOf(t map[string]any) (decimal bool, scale, maxBytes int) {
	if lt, _ := t["logicalType"].(string); lt != "decimal" {
		return false, 0, 0
	}
	sc, _ := t["scale"].(float64)
	if sc < 0 || sc > 100 {
		return false, 0, 0
	}
	maxBytes = maxDecimalBytes
	if p, _ := t["precision"].(float64); p > 0 && p < 8*maxDecimalBytes {
		maxBytes = int(p)*10/24 + 2
	}
	return true, int(sc), maxBytes
}

// maxDecimalBytes bounds decimals whose schema gives no usable precision:
// about 2,400 digits, more than any database column holds.
const maxDecimalBytes = 1024

// schemaEntry is a cache slot. The first decoder goroutine to miss an id
// fetches it; others wait on ready, so a burst of records with a new id costs
// one registry request. A failure the registry will repeat is kept until
// expires; other failures are not kept.
type schemaEntry struct {
	ready   chan struct{}
	s       *avroSchema
	err     *DecodeError
	expires time.Time
}

// failedSchemaTTL is how long a lookup the registry refused for good is
// remembered (see WithRegistry).
const failedSchemaTTL = 30 * time.Second

// stale reports whether e is a remembered failure whose time is up. An
// entry still being fetched is not stale.
func (e *schemaEntry) stale(now time.Time) bool {
	select {
	case <-e.ready:
		return e.err != nil && now.After(e.expires)
	default:
		return false
	}
}

// maxFailedSchemas bounds the failed lookups remembered at once: a stream
// of records with made-up schema ids must not grow the cache for the life
// of the process (a failure is forgotten only when its id comes again).
const maxFailedSchemas = 1024

// rememberFailure counts the failed lookup of id, whose entry has its
// expiry set. Past maxFailedSchemas it forgets the expired ones, and when
// that is not enough, this one: its id is asked for again next time, as a
// flood of new ids is anyway.
func (d *Decoder) rememberFailure(id int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.failed++; d.failed <= maxFailedSchemas {
		return
	}
	now := d.now()
	for i, e := range d.codecs {
		if e.stale(now) {
			delete(d.codecs, i)
			d.failed--
		}
	}
	if d.failed > maxFailedSchemas {
		delete(d.codecs, id)
		d.failed--
	}
}

// schemaFor returns the cached schema for id, fetching it on first use.
func (d *Decoder) schemaFor(ctx context.Context, id int, field string) (*avroSchema, *DecodeError) {
	d.mu.RLock()
	e := d.codecs[id]
	d.mu.RUnlock()
	if e == nil || e.stale(d.now()) {
		d.mu.Lock()
		if e = d.codecs[id]; e == nil || e.stale(d.now()) {
			if e != nil {
				d.failed--
			}
			e = &schemaEntry{ready: make(chan struct{})}
			d.codecs[id] = e
			d.mu.Unlock()
			// Waiters are released however the fetch ends: a panic in it
			// (which the engine turns into a dead letter) must not leave
			// every later record of this schema waiting for its deadline.
			done := false
			defer func() {
				if !done {
					d.mu.Lock()
					delete(d.codecs, id)
					d.mu.Unlock()
					e.err = &DecodeError{Field: field, Reason: "fetching schema id " + strconv.Itoa(id) + " failed"}
					close(e.ready)
				}
			}()
			e.s, e.err = d.fetchSchema(ctx, id, field)
			if e.err != nil {
				if e.err.Transient() {
					d.mu.Lock()
					delete(d.codecs, id)
					d.mu.Unlock()
				} else {
					e.expires = d.now().Add(failedSchemaTTL)
					d.rememberFailure(id)
				}
			}
			done = true
			close(e.ready)
			if e.err != nil {
				// A copy, as every waiter gets: the remembered error is
				// shared, and the caller sets its copy's topic.
				err := *e.err
				return nil, &err
			}
			return e.s, nil
		}
		d.mu.Unlock()
	}
	select {
	case <-e.ready:
	case <-ctx.Done():
		return nil, &DecodeError{Field: field, Reason: "waiting for schema id " + strconv.Itoa(id), Err: ctx.Err()}
	}
	if e.err != nil {
		err := *e.err
		err.Field = field
		return nil, &err
	}
	return e.s, nil
}

// fetchSchema asks the registry for id and compiles it.
func (d *Decoder) fetchSchema(ctx context.Context, id int, field string) (*avroSchema, *DecodeError) {
	ids := strconv.Itoa(id)
	if d.registry == nil {
		// A framed part of a record no Avro stream writes (unregistered):
		// a stray producer's binary key, beside a JSON value.
		return nil, &DecodeError{Field: field, Reason: "avro record with schema id " + ids + " but no schema registry configured"}
	}
	sch, err := d.registry.SchemaByID(ctx, id)
	if err != nil {
		var re *sr.ResponseError
		if errors.As(err, &re) && re.StatusCode == http.StatusNotFound && re.ErrorCode != 0 {
			return nil, &DecodeError{Field: field, Reason: "schema id " + ids + " not found", Err: registryAnswer{re}}
		}
		// A 404 without the error code a registry writes with it (40403
		// for an unknown id) is not the registry's answer but a proxy's
		// in front of it (schemas.RegistryUnavailable): taken for an
		// unknown id, it dead-lettered every record whose schema was not
		// cached yet.
		retry := schemas.RegistryUnavailable(err)
		if re != nil {
			err = registryAnswer{re}
		}
		return nil, &DecodeError{Field: field, Reason: "schema id " + ids + " lookup failed", Err: err, Retry: retry}
	}
	if sch.Type != sr.TypeAvro {
		return nil, &DecodeError{Field: field, Reason: "schema id " + ids + " is " + sch.Type.String() + ", not AVRO"}
	}
	// The reader's own schema tree is the validation. goavro is not asked
	// to compile the schema as well: it refuses schemas the registry and
	// Kafka Connect accept (a nullable decimal column with a default, which
	// Connect writes as ["bytes-decimal","null"] with a string default),
	// and every record of such a table would be dead-lettered.
	root, err := parseAvroSchema(sch.Schema)
	if err != nil {
		return nil, &DecodeError{Field: field, Reason: "schema id " + ids + " is not a valid Avro schema", Err: err}
	}
	return &avroSchema{root: root, decimals: rowDecimals(root)}, nil
}

// rowDecimals returns the columns of an envelope's before and after
// records that hold a decimal: the decimal logical type or Debezium's
// VariableScaleDecimal, nullable or not, which the reader renders as
// their text. DecodeFlat gives them to the engine as numbers, as the JSON
// decoder does a Connect Decimal: read as text, the zero Debezium writes
// for a NOT NULL NUMERIC it was not sent (a key-only before image) was no
// stand-in to the engine, and an ERASE named the subject of "0.00". A
// union that may also hold text is left out: its value does not say which
// it is. Nil for a schema with none, or that is no envelope.
func rowDecimals(root *avroNode) map[string]bool {
	var m map[string]bool
	if root.kind == avroUnion {
		// An optional value schema: ["null", envelope].
		if root = onlyRecord(root); root == nil {
			return nil
		}
	}
	for _, env := range [...]string{"before", "after"} {
		row := root.field(env)
		if row != nil && row.kind == avroUnion {
			row = recordBranch(row)
		}
		if row == nil || row.kind != avroRecord {
			continue
		}
		for _, f := range row.fields {
			if decimalNode(f.node) {
				if m == nil {
					m = map[string]bool{}
				}
				m[f.name] = true
			}
		}
	}
	return m
}

// recordBranch returns the record among a union's members, or nil.
func recordBranch(u *avroNode) *avroNode {
	for _, b := range u.branches {
		if b.kind == avroRecord {
			return b
		}
	}
	return nil
}

// onlyRecord returns a union's record member when it has one and no other.
func onlyRecord(u *avroNode) *avroNode {
	var r *avroNode
	for _, b := range u.branches {
		if b.kind == avroRecord {
			if r != nil {
				return nil
			}
			r = b
		}
	}
	return r
}

// decimalNode reports a type whose string values are always decimals: a
// decimal, a VariableScaleDecimal (rendered when its record is well
// formed), or a union of one with types that are not read as strings.
func decimalNode(n *avroNode) bool {
	switch n.kind {
	case avroUnion:
		dec := false
		for _, b := range n.branches {
			switch {
			case b.kind == avroString || b.kind == avroEnum:
				return false
			case decimalNode(b):
				dec = true
			}
		}
		return dec
	case avroRecord:
		return n.name == varDecimalName
	}
	return n.decimal
}

// registryAnswer is a registry's refusal as a dead letter's reason and the
// log show it: its HTTP status and error code, not its text. The text
// (sr.ResponseError's message, or the whole body when it has none) is
// whatever the registry, or a proxy or gateway in front of it, chose to
// write, of any length: it went out verbatim in every dead letter's
// reason and every retry's log line (a leak hunt).
type registryAnswer struct{ re *sr.ResponseError }

func (a registryAnswer) Error() string {
	s := "registry answered HTTP " + strconv.Itoa(a.re.StatusCode)
	if a.re.ErrorCode != 0 {
		s += " (error code " + strconv.Itoa(a.re.ErrorCode) + ")"
	}
	return s
}

func (a registryAnswer) Unwrap() error { return a.re }

// avroBudgetFloor is the part of an Avro reader's budget (see avroReader)
// that does not grow with the input: 2^20 slots of about 16 bytes, 16 MiB
// any record may take. Compact Avro is read into maps a hundred times its
// size (a record of three small ints takes 3 bytes and some 28 slots), so
// a budget of the input's size alone refused ordinary arrays of a few
// hundred line items; a fixed allowance keeps the bound per record.
const avroBudgetFloor = 1 << 20

// decodeAvro strips the Confluent frame and decodes the body.
func (d *Decoder) decodeAvro(ctx context.Context, b []byte, field string) (any, *avroSchema, *DecodeError) {
	sid, body, ferr := schemas.Unframe(b)
	if ferr != nil {
		return nil, nil, &DecodeError{Field: field, Reason: "avro frame shorter than 5 bytes"}
	}
	id := int(sid)
	s, err := d.schemaFor(ctx, id, field)
	if err != nil {
		return nil, nil, err
	}
	r := avroReader{buf: body, str: string(body), budget: 2*len(b) + avroBudgetFloor}
	native, ok := r.read(s.root)
	if !ok {
		if p := r.path(); p != "" {
			field += "." + p
		}
		return nil, nil, &DecodeError{Field: field, Reason: "malformed avro body for schema id " + strconv.Itoa(id) + ": " + r.reason}
	}
	if rest := len(r.buf) - r.pos; rest != 0 {
		return nil, nil, &DecodeError{Field: field, Reason: strconv.Itoa(rest) + " trailing bytes after avro body"}
	}
	return native, s, nil
}

func (d *Decoder) decodeAvroKey(ctx context.Context, key []byte) (pipeline.Row, *DecodeError) {
	native, _, err := d.decodeAvro(ctx, key, "key")
	if err != nil {
		return nil, err
	}
	switch v := native.(type) {
	case map[string]any:
		return v, nil
	case nil:
		return nil, nil
	}
	return nil, &DecodeError{Field: "key", Reason: "avro key is not a record"}
}

// decodeAvroValue decodes an Avro envelope into c, and returns its schema.
func (d *Decoder) decodeAvroValue(ctx context.Context, value []byte, c *pipeline.Change) (*avroSchema, *DecodeError) {
	native, s, err := d.decodeAvro(ctx, value, "value")
	if err != nil {
		return nil, err
	}
	return s, decodeEnvelope(native, s.root, c)
}

// decodeEnvelope fills c from a decoded Avro envelope of schema root.
func decodeEnvelope(native any, root *avroNode, c *pipeline.Change) *DecodeError {
	if native == nil {
		// Kafka Connect's Avro converters write a tombstone as no value;
		// a framed null is something else's, and taken for a tombstone
		// it would delete the key from lethe's compacted outputs.
		return notTombstone("an Avro null")
	}
	env, ok := native.(map[string]any)
	if !ok || root.kind != avroRecord && (root.kind != avroUnion || recordBranch(root) == nil) {
		return &DecodeError{Field: "value", Reason: "avro value is not a record"}
	}
	var (
		e       envelopeState
		message pipeline.Row
	)
	// In a fixed order, Debezium's: a record with two faults is reported
	// for the same one in every run (a map's order is random).
	for _, k := range [...]string{"before", "after", "source", "op", "ts_ms", "message"} {
		v, ok := env[k]
		if !ok {
			continue
		}
		switch k {
		case "op":
			e.any, e.op = true, true
			s, _ := v.(string)
			op, perr := pipeline.ParseOp(s)
			if perr != nil {
				return &DecodeError{Field: "value.op", Reason: "unknown op"}
			}
			c.Op = op
		case "before", "after", "message":
			e.any = true
			var r pipeline.Row
			switch m := v.(type) {
			case map[string]any:
				r = m
			case nil:
			default:
				return &DecodeError{Field: "value." + k, Reason: "expected record"}
			}
			switch k {
			case "before":
				c.Before = r
			case "after":
				c.After = r
			default:
				message = r
			}
		case "source":
			e.any = true
			m, ok := v.(map[string]any)
			if !ok {
				if v == nil {
					continue
				}
				return &DecodeError{Field: "value.source", Reason: "expected record"}
			}
			if err := sourceFromMap(m, &c.Source); err != nil {
				return err
			}
		case "ts_ms":
			e.any = true
			n, ok := asInt(v)
			if !ok {
				return &DecodeError{Field: "value.ts_ms", Reason: "expected long"}
			}
			c.TsMs = n
		}
	}
	if !e.op {
		// A record that is no change event (a heartbeat, a transaction
		// metadata event) is named for what it is, as in JSON.
		for k := range env {
			switch bit := envelopeBit(k); {
			case bit != 0:
				e.seen |= bit
			case k == "status":
				e.status = true
			default:
				e.others = true
			}
		}
		if derr := e.notChange("value"); derr != nil {
			return derr
		}
	}
	if !e.any {
		return &DecodeError{Field: "value", Reason: "avro record is not a Debezium envelope"}
	}
	if derr := e.check(c.Op, c.Before != nil, c.After != nil, "value"); derr != nil {
		return derr
	}
	if c.Op == pipeline.OpMessage && message != nil {
		c.After = message
	}
	return nil
}

func asInt(v any) (int64, bool) {
	switch t := v.(type) {
	case nil:
		return 0, true
	case int64:
		return t, true
	}
	return 0, false
}

// sourceFromMap fills s from an unwrapped Avro source record.
func sourceFromMap(m map[string]any, s *pipeline.SourceInfo) *DecodeError {
	str := func(k string, dst *string) *DecodeError {
		switch v := m[k].(type) {
		case string:
			*dst = v
		case bool:
			*dst = strconv.FormatBool(v)
		case nil:
		default:
			return &DecodeError{Field: "value.source." + k, Reason: "expected string"}
		}
		return nil
	}
	num := func(k string, dst *int64) *DecodeError {
		n, ok := asInt(m[k])
		if !ok {
			return &DecodeError{Field: "value.source." + k, Reason: "expected long"}
		}
		*dst = n
		return nil
	}
	for _, f := range []func() *DecodeError{
		func() *DecodeError { return str("connector", &s.Connector) },
		func() *DecodeError { return str("name", &s.Name) },
		func() *DecodeError { return str("db", &s.DB) },
		func() *DecodeError { return str("schema", &s.Schema) },
		func() *DecodeError { return str("table", &s.Table) },
		func() *DecodeError { return str("snapshot", &s.Snapshot) },
		func() *DecodeError { return num("ts_ms", &s.TsMs) },
		func() *DecodeError { return num("lsn", &s.LSN) },
		func() *DecodeError {
			if _, ok := m["txId"].(string); ok {
				return nil // Oracle's and Db2's connectors write a string
			}
			return num("txId", &s.TxID)
		},
	} {
		if err := f(); err != nil {
			return err
		}
	}
	return nil
}
