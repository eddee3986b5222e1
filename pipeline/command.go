package pipeline

import (
	"strconv"
	"time"

	"github.com/lethe-cdc/lethe/pipeline/jsonw"
)

// CommandType is what a compliance command asks of downstream holders.
type CommandType string

// The command types; see schemas/command.avsc for their meaning.
const (
	CmdRedact   CommandType = "REDACT"
	CmdErase    CommandType = "ERASE"
	CmdRestrict CommandType = "RESTRICT"
	CmdRectify  CommandType = "RECTIFY"
)

// Command is one record on the compliance commands topic. Its shape is
// schemas/command.avsc; JSON field names are the Avro field names, with two
// differences a reader of the JSON form sees: timestamps are RFC 3339 UTC
// strings (Avro: timestamp-millis), and a null optional field is left out.
// Lists are arrays in both forms, empty rather than null.
type Command struct {
	ID            string        `json:"id"`
	Type          CommandType   `json:"type"`
	IssuedAt      time.Time     `json:"issued_at"`
	PolicyVersion string        `json:"policy_version"`
	Subject       string        `json:"subject,omitempty"`
	Table         string        `json:"table"`
	RecordKey     string        `json:"record_key,omitempty"`
	Topics        []string      `json:"topics"`
	Fields        []string      `json:"fields"`
	Categories    []string      `json:"categories"`
	Recipients    []string      `json:"recipients"`
	Reason        string        `json:"reason"`
	LegalBasis    string        `json:"legal_basis,omitempty"`
	Deadline      time.Time     `json:"deadline,omitzero"`
	Source        CommandSource `json:"source"`
}

// CommandSource is the input a command came from: its Kafka position and,
// when the source database has one, the log position of the change
// (Debezium's source.lsn for PostgreSQL). The changes of one transaction
// share their commit time, which issued_at holds; the log position orders
// them, so that a holder can tell a row inserted again after its delete in
// the same transaction from the row the delete erased.
type CommandSource struct {
	Position
	LSN int64 `json:"lsn,omitempty"`
}

// Position locates a record in Kafka.
type Position struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
}

// String renders "topic/partition/offset", the form of the lethe.input header.
func (p Position) String() string {
	return string(p.AppendTo(make([]byte, 0, len(p.Topic)+24)))
}

// AppendTo appends the String form to b.
func (p Position) AppendTo(b []byte) []byte {
	b = append(b, p.Topic...)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(p.Partition), 10)
	b = append(b, '/')
	return strconv.AppendInt(b, p.Offset, 10)
}

// CommandEncoder turns commands into record values.
type CommandEncoder interface {
	// Encode returns the record value and the encoding's name for the
	// HeaderEncoding header.
	Encode(c *Command) ([]byte, string, error)
}

// JSONCommands encodes commands as JSON, used when no schema registry is
// configured.
type JSONCommands struct{}

// Encode implements CommandEncoder. It writes what encoding/json writes
// for a Command, except that a nil list is [] (see Command), without
// reflection: commands are on the hot path of every delete.
func (j JSONCommands) Encode(c *Command) ([]byte, string, error) {
	return j.AppendEncode(make([]byte, 0, 512), c), "json", nil
}

// AppendEncode appends c's encoding to b: the engine writes commands into
// its own buffers.
func (JSONCommands) AppendEncode(b []byte, c *Command) []byte {
	return appendCommand(b, c, nil)
}

// appendCommand is AppendEncode with c's times written through times when
// it is not nil: see lastText.
func appendCommand(b []byte, c *Command, times *commandTimes) []byte {
	var issued, deadline *lastText[time.Time]
	if times != nil {
		issued, deadline = &times.issued, &times.deadline
	}
	b = append(b, `{"id":`...)
	b = jsonw.AppendString(b, c.ID)
	b = append(b, `,"type":`...)
	b = jsonw.AppendString(b, string(c.Type))
	b = append(b, `,"issued_at":`...)
	b = issued.append(b, c.IssuedAt, appendTime)
	b = append(b, `,"policy_version":`...)
	b = jsonw.AppendString(b, c.PolicyVersion)
	if c.Subject != "" {
		b = append(b, `,"subject":`...)
		b = jsonw.AppendString(b, c.Subject)
	}
	b = append(b, `,"table":`...)
	b = jsonw.AppendString(b, c.Table)
	if c.RecordKey != "" {
		b = append(b, `,"record_key":`...)
		b = jsonw.AppendString(b, c.RecordKey)
	}
	for _, f := range []struct {
		name string
		list []string
	}{{`,"topics":`, c.Topics}, {`,"fields":`, c.Fields}, {`,"categories":`, c.Categories}, {`,"recipients":`, c.Recipients}} {
		b = append(b, f.name...)
		b = appendStrings(b, f.list)
	}
	b = append(b, `,"reason":`...)
	b = jsonw.AppendString(b, c.Reason)
	if c.LegalBasis != "" {
		b = append(b, `,"legal_basis":`...)
		b = jsonw.AppendString(b, c.LegalBasis)
	}
	if !c.Deadline.IsZero() {
		b = append(b, `,"deadline":`...)
		b = deadline.append(b, c.Deadline, appendTime)
	}
	b = append(b, `,"source":{"topic":`...)
	b = jsonw.AppendString(b, c.Source.Topic)
	b = append(b, `,"partition":`...)
	b = strconv.AppendInt(b, int64(c.Source.Partition), 10)
	b = append(b, `,"offset":`...)
	b = strconv.AppendInt(b, c.Source.Offset, 10)
	if c.Source.LSN != 0 {
		b = append(b, `,"lsn":`...)
		b = strconv.AppendInt(b, c.Source.LSN, 10)
	}
	return append(b, "}}"...)
}

// appendTime writes t as encoding/json does (RFC 3339 with nanoseconds).
func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// commandTimes are the times of the command a lane wrote last.
type commandTimes struct{ issued, deadline lastText[time.Time] }

// appendStrings writes a string list; nil is [] as well, since the Avro
// schema's lists are arrays, never null, and a reader of either form must
// not have to tell null from empty.
func appendStrings(b []byte, list []string) []byte {
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonw.AppendString(b, s)
	}
	return append(b, ']')
}
