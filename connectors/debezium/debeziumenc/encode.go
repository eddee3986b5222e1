package debeziumenc

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/jsonw"
)

// Debezium's PostgreSQL connector identity, written into encoded envelopes.
const (
	debeziumVersion = "3.0.8.Final"
	sourceSchema    = "io.debezium.connector.postgresql.Source"
)

// colType is the Connect/Avro type inferred for a column from its Go value.
type colType uint8

const (
	tString colType = iota
	tZoned          // string holding an RFC 3339 timestamp: io.debezium.time.ZonedTimestamp
	tInt64
	tInt32
	tBool
	tDouble
	tBytes
)

// column is one column of a table as inferred from a change.
type column struct {
	name     string
	typ      colType
	optional bool // false only for key columns
}

// inferType maps a row value to a column type; ok is false for values lethe
// does not encode (nested objects, arrays).
func inferType(v any) (colType, bool) {
	switch t := v.(type) {
	case nil, string:
		if s, _ := v.(string); looksZoned(s) {
			return tZoned, true
		}
		return tString, true
	case int64, int, uint32, uint16, uint8, int16, int8:
		return tInt64, true
	case int32:
		return tInt32, true
	case bool:
		return tBool, true
	case float64, float32:
		return tDouble, true
	case json.Number:
		if _, err := t.Int64(); err == nil {
			return tInt64, true
		}
		return tDouble, true
	case []byte:
		return tBytes, true
	}
	return 0, false
}

// looksZoned reports whether s has the shape of Debezium's ZonedTimestamp,
// "2024-03-14T10:15:30.123456Z" or with an offset.
func looksZoned(s string) bool {
	if len(s) < 20 || len(s) > 35 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' {
		return false
	}
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

// columns lists the columns of a change: key columns first (not optional),
// then the others sorted by name. Types come from the first non-nil value in
// After, then Before.
func columns(c *pipeline.Change) ([]column, error) {
	seen := make(map[string]int, len(c.After)+len(c.Key))
	var cols []column
	add := func(r pipeline.Row, optional bool) error {
		names := make([]string, 0, len(r))
		for k := range r {
			names = append(names, k)
		}
		slices.Sort(names)
		for _, k := range names {
			v := r[k]
			t, ok := inferType(v)
			if !ok {
				return fmt.Errorf("column %q: unsupported value type %T", k, v)
			}
			if i, ok := seen[k]; ok {
				if cols[i].typ == tString && v != nil && t != tString {
					cols[i].typ = t // the earlier value was nil
				}
				continue
			}
			seen[k] = len(cols)
			cols = append(cols, column{name: k, typ: t, optional: optional})
		}
		return nil
	}
	if err := add(c.Key, false); err != nil {
		return nil, err
	}
	if err := add(c.After, true); err != nil {
		return nil, err
	}
	if err := add(c.Before, true); err != nil {
		return nil, err
	}
	return cols, nil
}

// keyColumns lists the key's columns in sorted order.
func keyColumns(c *pipeline.Change) ([]column, error) {
	k := pipeline.Change{Key: c.Key}
	return columns(&k)
}

// topicPrefix returns "<name>.<schema>.<table>", Debezium's topic and schema
// name prefix, skipping empty parts. A change without a table (a logical
// decoding message) gets "<name>.message", as Debezium names its topic.
func topicPrefix(s *pipeline.SourceInfo) string {
	table := s.Table
	if table == "" {
		table = "message"
	}
	p := table
	if s.Schema != "" && s.Table != "" {
		p = s.Schema + "." + p
	}
	if s.Name != "" {
		p = s.Name + "." + p
	}
	return p
}

// EncodeJSON writes c as Debezium's JSON converter would: with withSchema the
// key and value are {"schema":...,"payload":...} with a Connect schema
// inferred from the row values (int64 columns as int64, RFC 3339 strings as
// io.debezium.time.ZonedTimestamp, []byte as base64 bytes), named
// "<name>.<schema>.<table>.Key/Value/Envelope"; without it only the payloads
// are written. A tombstone has a nil value; a change without Key has a nil
// key.
func EncodeJSON(c pipeline.Change, withSchema bool) (key, value []byte, err error) {
	prefix := topicPrefix(&c.Source)
	if c.Key != nil {
		kc, err := keyColumns(&c)
		if err != nil {
			return nil, nil, fmt.Errorf("debezium: encode key of %s: %w", prefix, err)
		}
		var b []byte
		if withSchema {
			b = append(b, `{"schema":`...)
			b = appendStructSchema(b, kc, prefix+".Key", false, "")
			b = append(b, `,"payload":`...)
		}
		b = appendRow(b, c.Key, kc)
		if withSchema {
			b = append(b, '}')
		}
		key = b
	}
	if c.Tombstone {
		return key, nil, nil
	}
	cols, err := columns(&c)
	if err != nil {
		return nil, nil, fmt.Errorf("debezium: encode value of %s: %w", prefix, err)
	}
	b := make([]byte, 0, 512+len(cols)*64)
	if withSchema {
		b = append(b, `{"schema":`...)
		b = appendEnvelopeSchema(b, cols, prefix)
		b = append(b, `,"payload":`...)
	}
	b = append(b, `{"before":`...)
	b = appendRow(b, c.Before, cols)
	b = append(b, `,"after":`...)
	if c.Op == pipeline.OpMessage {
		b = append(b, "null"...)
	} else {
		b = appendRow(b, c.After, cols)
	}
	b = append(b, `,"source":`...)
	b = appendSource(b, &c.Source)
	b = append(b, `,"transaction":null,"op":`...)
	b = jsonw.AppendString(b, c.Op.String())
	b = append(b, `,"ts_ms":`...)
	b = strconv.AppendInt(b, c.TsMs, 10)
	b = append(b, `,"ts_us":`...)
	b = strconv.AppendInt(b, c.TsMs*1000, 10)
	b = append(b, `,"ts_ns":`...)
	b = strconv.AppendInt(b, c.TsMs*1000000, 10)
	if c.Op == pipeline.OpMessage {
		b = append(b, `,"message":`...)
		b = appendRow(b, c.After, nil)
	}
	b = append(b, '}')
	if withSchema {
		b = append(b, '}')
	}
	return key, b, nil
}

// appendRow writes r as a JSON object, columns in cols' order; cols nil
// means sorted order. A nil row is written as null.
func appendRow(b []byte, r pipeline.Row, cols []column) []byte {
	if r == nil {
		return append(b, "null"...)
	}
	if cols == nil {
		names := make([]string, 0, len(r))
		for k := range r {
			names = append(names, k)
		}
		slices.Sort(names)
		for _, n := range names {
			cols = append(cols, column{name: n})
		}
	}
	b = append(b, '{')
	first := true
	for _, col := range cols {
		v, ok := r[col.name]
		if !ok {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = jsonw.AppendString(b, col.name)
		b = append(b, ':')
		b = jsonw.AppendValue(b, v)
	}
	return append(b, '}')
}

// appendConnectField writes one Connect schema field.
func appendConnectField(b []byte, col column) []byte {
	b = append(b, `{"type":`...)
	switch col.typ {
	case tString:
		b = append(b, `"string"`...)
	case tZoned:
		b = append(b, `"string","name":"io.debezium.time.ZonedTimestamp","version":1`...)
	case tInt64:
		b = append(b, `"int64"`...)
	case tInt32:
		b = append(b, `"int32"`...)
	case tBool:
		b = append(b, `"boolean"`...)
	case tDouble:
		b = append(b, `"double"`...)
	case tBytes:
		b = append(b, `"bytes"`...)
	}
	b = append(b, `,"optional":`...)
	b = strconv.AppendBool(b, col.optional)
	b = append(b, `,"field":`...)
	b = jsonw.AppendString(b, col.name)
	return append(b, '}')
}

// appendStructSchema writes a Connect struct schema; field names the struct
// inside an enclosing struct ("" for a top-level schema).
func appendStructSchema(b []byte, cols []column, name string, optional bool, field string) []byte {
	b = append(b, `{"type":"struct","fields":[`...)
	for i, col := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendConnectField(b, col)
	}
	b = append(b, `],"optional":`...)
	b = strconv.AppendBool(b, optional)
	b = append(b, `,"name":`...)
	b = jsonw.AppendString(b, name)
	if field != "" {
		b = append(b, `,"field":`...)
		b = jsonw.AppendString(b, field)
	}
	return append(b, '}')
}

// sourceConnectSchema is the Connect schema of the PostgreSQL source block in
// Debezium 3.x.
const sourceConnectSchema = `{"type":"struct","fields":[` +
	`{"type":"string","optional":false,"field":"version"},` +
	`{"type":"string","optional":false,"field":"connector"},` +
	`{"type":"string","optional":false,"field":"name"},` +
	`{"type":"int64","optional":false,"field":"ts_ms"},` +
	`{"type":"string","optional":true,"name":"io.debezium.data.Enum","version":1,"parameters":{"allowed":"true,first,first_in_data_collection,last_in_data_collection,last,false,incremental"},"default":"false","field":"snapshot"},` +
	`{"type":"string","optional":false,"field":"db"},` +
	`{"type":"string","optional":true,"field":"sequence"},` +
	`{"type":"int64","optional":true,"field":"ts_us"},` +
	`{"type":"int64","optional":true,"field":"ts_ns"},` +
	`{"type":"string","optional":false,"field":"schema"},` +
	`{"type":"string","optional":false,"field":"table"},` +
	`{"type":"int64","optional":true,"field":"txId"},` +
	`{"type":"int64","optional":true,"field":"lsn"},` +
	`{"type":"int64","optional":true,"field":"xmin"}` +
	`],"optional":false,"name":"` + sourceSchema + `","field":"source"}`

// transactionConnectSchema is Debezium's transaction block schema.
const transactionConnectSchema = `{"type":"struct","fields":[` +
	`{"type":"string","optional":false,"field":"id"},` +
	`{"type":"int64","optional":false,"field":"total_order"},` +
	`{"type":"int64","optional":false,"field":"data_collection_order"}` +
	`],"optional":true,"name":"event.block","version":1,"field":"transaction"}`

// appendEnvelopeSchema writes the Connect schema of a Debezium envelope.
func appendEnvelopeSchema(b []byte, cols []column, prefix string) []byte {
	b = append(b, `{"type":"struct","fields":[`...)
	b = appendStructSchema(b, cols, prefix+".Value", true, "before")
	b = append(b, ',')
	b = appendStructSchema(b, cols, prefix+".Value", true, "after")
	b = append(b, ',')
	b = append(b, sourceConnectSchema...)
	b = append(b, ',')
	b = append(b, transactionConnectSchema...)
	b = append(b, `,{"type":"string","optional":false,"field":"op"},`+
		`{"type":"int64","optional":true,"field":"ts_ms"},`+
		`{"type":"int64","optional":true,"field":"ts_us"},`+
		`{"type":"int64","optional":true,"field":"ts_ns"}`...)
	b = append(b, `],"optional":false,"name":`...)
	b = jsonw.AppendString(b, prefix+".Envelope")
	return append(b, `,"version":2}`...)
}

// appendSource writes the source block. Empty optional fields are null so
// that a decode gives back the same SourceInfo.
func appendSource(b []byte, s *pipeline.SourceInfo) []byte {
	b = append(b, `{"version":"`+debeziumVersion+`","connector":`...)
	b = jsonw.AppendString(b, s.Connector)
	b = append(b, `,"name":`...)
	b = jsonw.AppendString(b, s.Name)
	b = append(b, `,"ts_ms":`...)
	b = strconv.AppendInt(b, s.TsMs, 10)
	b = append(b, `,"snapshot":`...)
	if s.Snapshot == "" {
		b = append(b, "null"...)
	} else {
		b = jsonw.AppendString(b, s.Snapshot)
	}
	b = append(b, `,"db":`...)
	b = jsonw.AppendString(b, s.DB)
	b = append(b, `,"sequence":null,"ts_us":`...)
	b = strconv.AppendInt(b, s.TsMs*1000, 10)
	b = append(b, `,"ts_ns":`...)
	b = strconv.AppendInt(b, s.TsMs*1000000, 10)
	b = append(b, `,"schema":`...)
	b = jsonw.AppendString(b, s.Schema)
	b = append(b, `,"table":`...)
	b = jsonw.AppendString(b, s.Table)
	b = append(b, `,"txId":`...)
	if s.TxID == 0 {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, s.TxID, 10)
	}
	b = append(b, `,"lsn":`...)
	if s.LSN == 0 {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, s.LSN, 10)
	}
	return append(b, `,"xmin":null}`...)
}
