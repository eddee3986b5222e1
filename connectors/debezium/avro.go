package debezium

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/linkedin/goavro/v2"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/lethe-cdc/lethe/pipeline"
)

// avroSchema is a cached registry schema: the goavro codec that decodes the
// body and a tree of the schema that tells which maps are union wrappers.
type avroSchema struct {
	codec *goavro.Codec
	root  *avroNode
}

// avroKind is the shape of an Avro type as far as unwrapping cares.
type avroKind uint8

const (
	avroPrimitive avroKind = iota
	avroRecord
	avroUnion
	avroArray
	avroMap
)

// avroNode is one type in a parsed Avro schema.
type avroNode struct {
	kind     avroKind
	name     string               // full name for named types, type name for primitives
	fields   map[string]*avroNode // record fields
	branches []*avroNode          // union members
	items    *avroNode            // array items or map values
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
		switch t {
		case "null", "boolean", "int", "long", "float", "double", "bytes", "string":
			return &avroNode{kind: avroPrimitive, name: t}, nil
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
		switch typ {
		case "record", "error":
			n := &avroNode{kind: avroRecord, name: name, fields: map[string]*avroNode{}}
			b.named[name] = n
			inner := ns
			if i := strings.LastIndexByte(name, '.'); i >= 0 {
				inner = name[:i]
			}
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
				n.fields[fname] = fn
			}
			return n, nil
		case "enum", "fixed":
			n := &avroNode{kind: avroPrimitive, name: name}
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
		if lt, ok := t["logicalType"].(string); ok && n.kind == avroPrimitive {
			// goavro names union members with a logical type "long.timestamp-millis".
			return &avroNode{kind: avroPrimitive, name: n.name + "." + lt}, nil
		}
		return n, nil
	}
	return nil, errors.New("schema has an invalid type")
}

// unwrap converts a goavro native value to lethe's value types guided by the
// schema node: union wrappers removed, int32 widened to int64, float32 to
// float64, logical types rendered as strings.
func unwrap(v any, n *avroNode) any {
	if v == nil {
		return nil
	}
	if n != nil && n.kind == avroUnion {
		m, ok := v.(map[string]any)
		if !ok || len(m) != 1 {
			return scalar(v)
		}
		for name, inner := range m {
			var branch *avroNode
			nonNull := 0
			for _, b := range n.branches {
				if b.name == name {
					branch = b
				}
				if b.name != "null" {
					nonNull++
				}
			}
			if branch == nil && nonNull == 1 {
				for _, b := range n.branches {
					if b.name != "null" {
						branch = b
					}
				}
			}
			return unwrap(inner, branch)
		}
	}
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			var child *avroNode
			if n != nil {
				switch n.kind {
				case avroRecord:
					child = n.fields[k]
				case avroMap:
					child = n.items
				}
			}
			out[k] = unwrap(x, child)
		}
		return out
	case []any:
		var child *avroNode
		if n != nil && n.kind == avroArray {
			child = n.items
		}
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = unwrap(x, child)
		}
		return out
	}
	return scalar(v)
}

// scalar normalises goavro's scalar native types.
func scalar(v any) any {
	switch t := v.(type) {
	case int32:
		return int64(t)
	case int:
		return int64(t)
	case float32:
		return float64(t)
	case time.Time:
		return t.UTC().Format(time.RFC3339Nano)
	case time.Duration:
		return t.String()
	case *big.Rat:
		return t.FloatString(ratScale(t))
	}
	return v
}

// ratScale picks enough decimal places to render a decimal exactly.
func ratScale(r *big.Rat) int {
	d := new(big.Int).Set(r.Denom())
	scale := 0
	ten := big.NewInt(10)
	for d.Cmp(big.NewInt(1)) > 0 && scale < 40 {
		q, m := new(big.Int).QuoRem(d, ten, new(big.Int))
		if m.Sign() != 0 {
			// Not a power of ten; fall back to a generous scale.
			return 18
		}
		d = q
		scale++
	}
	return scale
}

// schemaEntry is a cache slot. The first decoder goroutine to miss an id
// fetches it; others wait on ready, so a burst of records with a new id costs
// one registry request.
type schemaEntry struct {
	ready chan struct{}
	s     *avroSchema
	err   *DecodeError
}

// schemaFor returns the cached schema for id, fetching it on first use.
// Failures are not cached: the next record retries.
func (d *Decoder) schemaFor(ctx context.Context, id int, field string) (*avroSchema, *DecodeError) {
	d.mu.RLock()
	e := d.codecs[id]
	d.mu.RUnlock()
	if e == nil {
		d.mu.Lock()
		if e = d.codecs[id]; e == nil {
			e = &schemaEntry{ready: make(chan struct{})}
			d.codecs[id] = e
			d.mu.Unlock()
			e.s, e.err = d.fetchSchema(ctx, id, field)
			if e.err != nil {
				d.mu.Lock()
				delete(d.codecs, id)
				d.mu.Unlock()
			}
			close(e.ready)
			return e.s, e.err
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
		return nil, &DecodeError{Field: field, Reason: "avro record with schema id " + ids + " but no schema registry configured"}
	}
	sch, err := d.registry.SchemaByID(ctx, id)
	if err != nil {
		var re *sr.ResponseError
		if errors.As(err, &re) && re.StatusCode == http.StatusNotFound {
			return nil, &DecodeError{Field: field, Reason: "schema id " + ids + " not found", Err: err}
		}
		return nil, &DecodeError{Field: field, Reason: "schema id " + ids + " lookup failed", Err: err}
	}
	if sch.Type != sr.TypeAvro {
		return nil, &DecodeError{Field: field, Reason: "schema id " + ids + " is " + sch.Type.String() + ", not AVRO"}
	}
	codec, err := goavro.NewCodec(sch.Schema)
	if err != nil {
		return nil, &DecodeError{Field: field, Reason: "schema id " + ids + " is not a valid Avro schema", Err: err}
	}
	root, err := parseAvroSchema(sch.Schema)
	if err != nil {
		return nil, &DecodeError{Field: field, Reason: "schema id " + ids + " is not a valid Avro schema", Err: err}
	}
	return &avroSchema{codec: codec, root: root}, nil
}

// decodeAvro strips the Confluent frame and decodes the body.
func (d *Decoder) decodeAvro(ctx context.Context, b []byte, field string) (any, *avroNode, *DecodeError) {
	if len(b) < 5 {
		return nil, nil, &DecodeError{Field: field, Reason: "avro frame shorter than 5 bytes"}
	}
	id := int(binary.BigEndian.Uint32(b[1:5]))
	s, err := d.schemaFor(ctx, id, field)
	if err != nil {
		return nil, nil, err
	}
	native, rest, aerr := s.codec.NativeFromBinary(b[5:])
	if aerr != nil {
		return nil, nil, &DecodeError{Field: field, Reason: "malformed avro body for schema id " + strconv.Itoa(id), Err: avroCause(aerr)}
	}
	if len(rest) != 0 {
		return nil, nil, &DecodeError{Field: field, Reason: strconv.Itoa(len(rest)) + " trailing bytes after avro body"}
	}
	return native, s.root, nil
}

// avroCause keeps goavro's structural error text. goavro's decode errors
// describe types, lengths and indexes; as a guard, anything longer than a
// short sentence is cut so no stray value can ride along.
func avroCause(err error) error {
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200] + "..."
	}
	return errors.New(msg)
}

func (d *Decoder) decodeAvroKey(ctx context.Context, key []byte) (pipeline.Row, *DecodeError) {
	native, root, err := d.decodeAvro(ctx, key, "key")
	if err != nil {
		return nil, err
	}
	switch v := unwrap(native, root).(type) {
	case map[string]any:
		return v, nil
	case nil:
		return nil, nil
	}
	return nil, &DecodeError{Field: "key", Reason: "avro key is not a record"}
}

func (d *Decoder) decodeAvroValue(ctx context.Context, value []byte, c *pipeline.Change) *DecodeError {
	native, root, err := d.decodeAvro(ctx, value, "value")
	if err != nil {
		return err
	}
	if native == nil {
		c.Tombstone = true
		return nil
	}
	env, ok := native.(map[string]any)
	if !ok || root.kind != avroRecord {
		return &DecodeError{Field: "value", Reason: "avro value is not a record"}
	}
	var e envelopeState
	for k, v := range env {
		f := root.fields[k]
		switch k {
		case "op":
			e.any, e.op = true, true
			s, _ := unwrap(v, f).(string)
			op, perr := pipeline.ParseOp(s)
			if perr != nil {
				return &DecodeError{Field: "value.op", Reason: "unknown op"}
			}
			c.Op = op
		case "before", "after", "message":
			e.any = true
			var r pipeline.Row
			switch m := unwrap(v, f).(type) {
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
				e.message = r
			}
		case "source":
			e.any = true
			m, ok := unwrap(v, f).(map[string]any)
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
			n, ok := asInt(unwrap(v, f))
			if !ok {
				return &DecodeError{Field: "value.ts_ms", Reason: "expected long"}
			}
			c.TsMs = n
		}
	}
	if !e.any {
		return &DecodeError{Field: "value", Reason: "avro record is not a Debezium envelope"}
	}
	return e.check(c, "value")
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
	} {
		if err := f(); err != nil {
			return err
		}
	}
	return nil
}
