package debezium

import (
	"strings"

	"github.com/lethe-cdc/lethe/pipeline"
)

// DecodeError reports why a record could not be decoded. Field is a path into
// the record such as "value.payload.after" or "key"; Reason says what is wrong
// in words that never include a data value ("malformed JSON at byte 123",
// "unknown op", "schema id 42 not found"). Err is the underlying error, if any.
//
// The pipeline dead-letters records that fail with a DecodeError, putting
// Reason and Field in headers; both are safe to log. A DecodeError with
// Retry set is the exception: it says nothing about the record (a schema
// registry answering 503), so the pipeline retries the batch instead.
type DecodeError struct {
	Topic  string // topic the record came from, when known
	Field  string // path of the offending part, e.g. "value.payload.source.ts_ms"
	Reason string // what is wrong, without values
	Err    error  // underlying cause, or nil
	Retry  bool   // a retry may succeed: the failure was not the record's
	// noRegistry marks an Avro record met with no registry configured: the
	// error is pipeline.ErrNoRegistry (Is).
	noRegistry bool
}

// Error renders "debezium: decode <topic> <field>: <reason>: <err>". It never
// contains field values.
func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString("debezium: decode")
	if e.Topic != "" {
		b.WriteString(" ")
		b.WriteString(e.Topic)
	}
	if e.Field != "" {
		b.WriteString(" ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// FieldPath returns Field; the pipeline reports it on dead letters.
func (e *DecodeError) FieldPath() string { return e.Field }

// Transient reports whether retrying may succeed; the pipeline retries the
// batch rather than dead-letter the record.
func (e *DecodeError) Transient() bool { return e.Retry }

// Is reports whether target is pipeline.ErrNoRegistry and e is about an
// Avro record met with no registry configured.
func (e *DecodeError) Is(target error) bool { return e.noRegistry && target == pipeline.ErrNoRegistry }

// Unwrap returns the underlying cause.
func (e *DecodeError) Unwrap() error { return e.Err }
