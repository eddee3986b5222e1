package pipeline

import "errors"

// Op is the kind of change a CDC event describes, using Debezium's letters.
type Op byte

// The operations Debezium emits.
const (
	OpCreate   Op = 'c'
	OpUpdate   Op = 'u'
	OpDelete   Op = 'd'
	OpRead     Op = 'r' // snapshot read
	OpTruncate Op = 't'
	OpMessage  Op = 'm' // logical decoding message
)

// ParseOp maps Debezium's op string to an Op.
func ParseOp(s string) (Op, error) {
	if len(s) == 1 {
		switch op := Op(s[0]); op {
		case OpCreate, OpUpdate, OpDelete, OpRead, OpTruncate, OpMessage:
			return op, nil
		}
	}
	// The text is not quoted: it is input, and a malformed record can
	// hold anything in any field.
	return 0, errors.New("unknown op: want one of c, u, d, r, t, m")
}

// String returns Debezium's letter for the op.
func (o Op) String() string { return string(rune(o)) }

// Row is one table row as CDC sees it: column name to value. Values are what a
// JSON decoder produces (string, float64 or json.Number, bool, nil, nested
// map[string]any or []any) plus int64, float32 and []byte from Avro.
type Row map[string]any

// SourceInfo says where in the database a change happened.
type SourceInfo struct {
	Connector string // e.g. "postgresql"
	Name      string // Debezium topic prefix / logical server name
	DB        string
	Schema    string
	Table     string
	TsMs      int64 // commit time in the database
	LSN       int64 // position in the WAL, 0 when unknown
	TxID      int64 // the database transaction, 0 when unknown
	Snapshot  string
}

// Change is one decoded CDC event. It is the record shape lethe works on,
// whatever the wire format (Debezium JSON with or without schema, Avro).
type Change struct {
	Op     Op
	Source SourceInfo
	// Key is the row's primary key, decoded from the Kafka record key.
	Key Row
	// Before and After are the row images; either may be nil (creates have no
	// Before, deletes no After, and Before is only present on updates when the
	// table has REPLICA IDENTITY FULL).
	Before Row
	After  Row
	// TsMs is when the connector processed the event.
	TsMs int64
	// Tombstone is true for the null-valued record Debezium writes after a
	// delete so that log compaction can drop the key.
	Tombstone bool
}

// Image returns the most recent row image: After, or Before for deletes.
func (c *Change) Image() Row {
	if c.After != nil {
		return c.After
	}
	return c.Before
}
