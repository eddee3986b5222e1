package schemas

import (
	"fmt"

	"github.com/lethe-cdc/lethe/pipeline"
)

// AvroCommands encodes commands as Avro in Confluent wire format with the
// schema id the registry gave CommandAvsc. It lives here, not beside
// pipeline.JSONCommands, so that the engine does not depend on an Avro
// library.
type AvroCommands struct{ SchemaID uint32 }

// Encode implements pipeline.CommandEncoder.
func (a AvroCommands) Encode(c *pipeline.Command) ([]byte, string, error) {
	b, err := EncodeFramed(Command, a.SchemaID, commandNative(c))
	if err != nil {
		return nil, "", fmt.Errorf("encode command %s: %w", c.ID, err)
	}
	return b, "avro", nil
}

// commandNative is c as goavro takes a record of CommandAvsc.
func commandNative(c *pipeline.Command) map[string]any {
	opt := func(s string) any {
		if s == "" {
			return nil
		}
		return goavroUnion("string", s)
	}
	var deadline, lsn any
	if !c.Deadline.IsZero() {
		deadline = goavroUnion("long.timestamp-millis", c.Deadline)
	}
	if c.Source.LSN != 0 {
		lsn = goavroUnion("long", c.Source.LSN)
	}
	return map[string]any{
		"id": c.ID, "type": string(c.Type), "issued_at": c.IssuedAt, "policy_version": c.PolicyVersion,
		"subject": opt(c.Subject), "table": c.Table, "record_key": opt(c.RecordKey),
		"topics": strs(c.Topics), "fields": strs(c.Fields), "categories": strs(c.Categories),
		"recipients": strs(c.Recipients), "reason": c.Reason, "legal_basis": opt(c.LegalBasis),
		"deadline": deadline,
		"source":   map[string]any{"topic": c.Source.Topic, "partition": c.Source.Partition, "offset": c.Source.Offset, "lsn": lsn},
	}
}

func goavroUnion(branch string, v any) map[string]any { return map[string]any{branch: v} }

func strs(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
