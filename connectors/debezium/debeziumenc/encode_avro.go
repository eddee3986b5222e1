package debeziumenc

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/linkedin/goavro/v2"
	"github.com/twmb/franz-go/pkg/sr"

	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/jsonw"
	"github.com/lethe-cdc/lethe/schemas"
)

// AvroSchemas returns Debezium-like Avro schemas for c's table: a key record
// "<prefix>.Key" with the key columns, and an envelope record
// "<prefix>.Envelope" whose before and after are optional "<prefix>.Value"
// records with every non-key column optional. Types are inferred from the
// row values as in EncodeJSON. keySchema is "" when c has no key.
func AvroSchemas(c pipeline.Change) (keySchema, valueSchema string, err error) {
	ks, vs, _, _, err := avroSchemas(&c)
	return ks, vs, err
}

func avroSchemas(c *pipeline.Change) (keySchema, valueSchema string, kc, vc []column, err error) {
	prefix := topicPrefix(&c.Source)
	if c.Key != nil {
		if kc, err = keyColumns(c); err != nil {
			return "", "", nil, nil, fmt.Errorf("debezium: avro schema of %s key: %w", prefix, err)
		}
		keySchema = avroRecordSchema(kc, prefix+".Key")
	}
	if vc, err = columns(c); err != nil {
		return "", "", nil, nil, fmt.Errorf("debezium: avro schema of %s value: %w", prefix, err)
	}
	var b strings.Builder
	b.WriteString(`{"type":"record","name":"Envelope","namespace":`)
	b.Write(jsonw.AppendString(nil, prefix))
	b.WriteString(`,"fields":[{"name":"before","type":["null",`)
	b.WriteString(avroRecordSchema(vc, prefix+".Value"))
	b.WriteString(`],"default":null},{"name":"after","type":["null","Value"],"default":null},`)
	b.WriteString(avroSourceSchema)
	b.WriteString(`,{"name":"transaction","type":["null",{"type":"record","name":"block","namespace":"event",` +
		`"fields":[{"name":"id","type":"string"},{"name":"total_order","type":"long"},{"name":"data_collection_order","type":"long"}]}],"default":null}`)
	b.WriteString(`,{"name":"op","type":"string"},{"name":"ts_ms","type":["null","long"],"default":null}` +
		`,{"name":"ts_us","type":["null","long"],"default":null},{"name":"ts_ns","type":["null","long"],"default":null}` +
		`,{"name":"message","type":["null",{"type":"record","name":"Message","namespace":"io.debezium.connector.postgresql",` +
		`"fields":[{"name":"prefix","type":["null","string"],"default":null},{"name":"content","type":["null","bytes"],"default":null}]}],"default":null}`)
	b.WriteString(`],"connect.version":2,"connect.name":`)
	b.Write(jsonw.AppendString(nil, prefix+".Envelope"))
	b.WriteString(`}`)
	return keySchema, b.String(), kc, vc, nil
}

// avroSourceSchema is the source field of Debezium's PostgreSQL Avro envelope.
const avroSourceSchema = `{"name":"source","type":{"type":"record","name":"Source","namespace":"io.debezium.connector.postgresql","fields":[` +
	`{"name":"version","type":"string"},{"name":"connector","type":"string"},{"name":"name","type":"string"},` +
	`{"name":"ts_ms","type":"long"},{"name":"snapshot","type":["null","string"],"default":null},` +
	`{"name":"db","type":"string"},{"name":"sequence","type":["null","string"],"default":null},` +
	`{"name":"ts_us","type":["null","long"],"default":null},{"name":"ts_ns","type":["null","long"],"default":null},` +
	`{"name":"schema","type":"string"},{"name":"table","type":"string"},` +
	`{"name":"txId","type":["null","long"],"default":null},{"name":"lsn","type":["null","long"],"default":null},` +
	`{"name":"xmin","type":["null","long"],"default":null}],"connect.name":"` + sourceSchema + `"}}`

func avroType(t colType) string {
	switch t {
	case tInt64:
		return "long"
	case tInt32:
		return "int"
	case tBool:
		return "boolean"
	case tDouble:
		return "double"
	case tBytes:
		return "bytes"
	}
	return "string"
}

func avroTypeJSON(t colType) string {
	if t == tZoned {
		return `{"type":"string","connect.version":1,"connect.name":"io.debezium.time.ZonedTimestamp"}`
	}
	return `"` + avroType(t) + `"`
}

// avroRecordSchema writes a record schema for cols.
func avroRecordSchema(cols []column, fullName string) string {
	var b strings.Builder
	b.WriteString(`{"type":"record","name":`)
	i := strings.LastIndexByte(fullName, '.')
	b.Write(jsonw.AppendString(nil, fullName[i+1:]))
	if i > 0 {
		b.WriteString(`,"namespace":`)
		b.Write(jsonw.AppendString(nil, fullName[:i]))
	}
	b.WriteString(`,"fields":[`)
	for j, col := range cols {
		if j > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"name":`)
		b.Write(jsonw.AppendString(nil, col.name))
		if col.optional {
			b.WriteString(`,"type":["null",` + avroTypeJSON(col.typ) + `],"default":null}`)
		} else {
			b.WriteString(`,"type":` + avroTypeJSON(col.typ) + `}`)
		}
	}
	b.WriteString(`],"connect.name":`)
	b.Write(jsonw.AppendString(nil, fullName))
	b.WriteString(`}`)
	return b.String()
}

// avroValue converts a row value to goavro's native form for a column.
func avroValue(v any, col column) (any, error) {
	if v == nil {
		if !col.optional {
			return nil, fmt.Errorf("key column %q is null", col.name)
		}
		return nil, nil
	}
	var out any
	switch col.typ {
	case tString, tZoned:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("column %q: want string, have %T", col.name, v)
		}
		out = s
	case tInt64:
		switch t := v.(type) {
		case int64:
			out = t
		case int:
			out = int64(t)
		case json.Number:
			n, err := t.Int64()
			if err != nil {
				return nil, fmt.Errorf("column %q: not an integer", col.name)
			}
			out = n
		default:
			return nil, fmt.Errorf("column %q: want integer, have %T", col.name, v)
		}
	case tInt32:
		t, ok := v.(int32)
		if !ok {
			return nil, fmt.Errorf("column %q: want int32, have %T", col.name, v)
		}
		out = t
	case tBool:
		t, ok := v.(bool)
		if !ok {
			return nil, fmt.Errorf("column %q: want bool, have %T", col.name, v)
		}
		out = t
	case tDouble:
		switch t := v.(type) {
		case float64:
			out = t
		case float32:
			out = float64(t)
		case json.Number:
			f, err := t.Float64()
			if err != nil {
				return nil, fmt.Errorf("column %q: not a number", col.name)
			}
			out = f
		default:
			return nil, fmt.Errorf("column %q: want float, have %T", col.name, v)
		}
	case tBytes:
		t, ok := v.([]byte)
		if !ok {
			return nil, fmt.Errorf("column %q: want bytes, have %T", col.name, v)
		}
		out = t
	}
	if col.optional {
		return goavro.Union(avroType(col.typ), out), nil
	}
	return out, nil
}

func avroRow(r pipeline.Row, cols []column) (map[string]any, error) {
	m := make(map[string]any, len(cols))
	for _, col := range cols {
		v, err := avroValue(r[col.name], col)
		if err != nil {
			return nil, err
		}
		m[col.name] = v
	}
	return m, nil
}

func optString(s string) any {
	if s == "" {
		return nil
	}
	return goavro.Union("string", s)
}

func optLong(n int64) any {
	if n == 0 {
		return nil
	}
	return goavro.Union("long", n)
}

// avroNative builds goavro's native envelope for c.
func avroNative(c *pipeline.Change, vc []column) (map[string]any, error) {
	prefix := topicPrefix(&c.Source)
	s := &c.Source
	env := map[string]any{
		"before": nil, "after": nil, "transaction": nil, "message": nil,
		"op":    c.Op.String(),
		"ts_ms": goavro.Union("long", c.TsMs),
		"ts_us": goavro.Union("long", c.TsMs*1000),
		"ts_ns": goavro.Union("long", c.TsMs*1000000),
		"source": map[string]any{
			"version": debeziumVersion, "connector": s.Connector, "name": s.Name,
			"ts_ms": s.TsMs, "snapshot": optString(s.Snapshot), "db": s.DB,
			"sequence": nil, "ts_us": optLong(s.TsMs * 1000), "ts_ns": optLong(s.TsMs * 1000000),
			"schema": s.Schema, "table": s.Table, "txId": optLong(s.TxID), "lsn": optLong(s.LSN), "xmin": nil,
		},
	}
	if c.Before != nil {
		r, err := avroRow(c.Before, vc)
		if err != nil {
			return nil, err
		}
		env["before"] = goavro.Union(prefix+".Value", r)
	}
	if c.Op == pipeline.OpMessage {
		if c.After != nil {
			m := map[string]any{"prefix": nil, "content": nil}
			if p, ok := c.After["prefix"].(string); ok {
				m["prefix"] = goavro.Union("string", p)
			}
			switch v := c.After["content"].(type) {
			case []byte:
				m["content"] = goavro.Union("bytes", v)
			case string:
				// JSON carries bytes as base64; Avro carries the bytes.
				b, err := base64.StdEncoding.DecodeString(v)
				if err != nil {
					b = []byte(v)
				}
				m["content"] = goavro.Union("bytes", b)
			}
			env["message"] = goavro.Union("io.debezium.connector.postgresql.Message", m)
		}
	} else if c.After != nil {
		r, err := avroRow(c.After, vc)
		if err != nil {
			return nil, err
		}
		env["after"] = goavro.Union(prefix+".Value", r)
	}
	return env, nil
}

// frame prepends the Confluent wire header.
func frame(id int, body func([]byte) ([]byte, error)) ([]byte, error) {
	return body(schemas.Frame(uint32(id), nil))
}

// encodeAvro encodes c with the given codecs and ids.
func encodeAvro(c *pipeline.Change, kcodec, vcodec *goavro.Codec, kid, vid int, kc, vc []column) (key, value []byte, err error) {
	prefix := topicPrefix(&c.Source)
	if c.Key != nil {
		k, err := avroRow(c.Key, kc)
		if err != nil {
			return nil, nil, fmt.Errorf("debezium: avro encode key of %s: %w", prefix, err)
		}
		key, err = frame(kid, func(b []byte) ([]byte, error) { return kcodec.BinaryFromNative(b, k) })
		if err != nil {
			return nil, nil, fmt.Errorf("debezium: avro encode key of %s: %w", prefix, err)
		}
	}
	if c.Tombstone {
		return key, nil, nil
	}
	env, err := avroNative(c, vc)
	if err != nil {
		return nil, nil, fmt.Errorf("debezium: avro encode value of %s: %w", prefix, err)
	}
	value, err = frame(vid, func(b []byte) ([]byte, error) { return vcodec.BinaryFromNative(b, env) })
	if err != nil {
		return nil, nil, fmt.Errorf("debezium: avro encode value of %s: %w", prefix, err)
	}
	return key, value, nil
}

// EncodeAvro encodes c in Confluent wire format with schema ids that were
// registered beforehand for the schemas AvroSchemas(c) returns. It compiles
// the schemas on every call; use an AvroEncoder for more than a few records.
func EncodeAvro(c pipeline.Change, keySchemaID, valueSchemaID int) (key, value []byte, err error) {
	ks, vs, kc, vc, err := avroSchemas(&c)
	if err != nil {
		return nil, nil, err
	}
	var kcodec *goavro.Codec
	if ks != "" {
		if kcodec, err = goavro.NewCodec(ks); err != nil {
			return nil, nil, fmt.Errorf("debezium: compile key schema: %w", err)
		}
	}
	vcodec, err := goavro.NewCodec(vs)
	if err != nil {
		return nil, nil, fmt.Errorf("debezium: compile value schema: %w", err)
	}
	return encodeAvro(&c, kcodec, vcodec, keySchemaID, valueSchemaID, kc, vc)
}

// AvroEncoder encodes changes as Confluent-framed Avro, registering the
// schemas it infers under "<topic>-key" and "<topic>-value" (TopicNameStrategy)
// and caching codecs by schema text. It is safe for concurrent use.
type AvroEncoder struct {
	cl *sr.Client

	mu    sync.Mutex
	cache map[string]registered
}

type registered struct {
	id    int
	codec *goavro.Codec
}

// NewAvroEncoder returns an encoder that registers schemas with cl.
func NewAvroEncoder(cl *sr.Client) *AvroEncoder {
	return &AvroEncoder{cl: cl, cache: map[string]registered{}}
}

func (e *AvroEncoder) register(ctx context.Context, subject, schema string) (registered, error) {
	e.mu.Lock()
	r, ok := e.cache[subject+"\x00"+schema]
	e.mu.Unlock()
	if ok {
		return r, nil
	}
	codec, err := goavro.NewCodec(schema)
	if err != nil {
		return r, fmt.Errorf("debezium: compile schema for subject %s: %w", subject, err)
	}
	ss, err := e.cl.CreateSchema(ctx, subject, sr.Schema{Schema: schema, Type: sr.TypeAvro})
	if err != nil {
		return r, fmt.Errorf("debezium: register schema for subject %s: %w", subject, err)
	}
	r = registered{id: ss.ID, codec: codec}
	e.mu.Lock()
	e.cache[subject+"\x00"+schema] = r
	e.mu.Unlock()
	return r, nil
}

// Encode encodes c for topic, registering its schemas on first use.
func (e *AvroEncoder) Encode(ctx context.Context, topic string, c pipeline.Change) (key, value []byte, err error) {
	ks, vs, kc, vc, err := avroSchemas(&c)
	if err != nil {
		return nil, nil, err
	}
	var kr registered
	if ks != "" {
		if kr, err = e.register(ctx, topic+"-key", ks); err != nil {
			return nil, nil, err
		}
	}
	vr, err := e.register(ctx, topic+"-value", vs)
	if err != nil {
		return nil, nil, err
	}
	return encodeAvro(&c, kr.codec, vr.codec, kr.id, vr.id, kc, vc)
}
