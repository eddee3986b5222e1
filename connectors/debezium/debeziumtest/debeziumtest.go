// Package debeziumtest builds Debezium change events for the tests of the
// packages that consume them (the worker's, the real-stack suite's), so that
// each does not write its own.
package debeziumtest

import (
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"

	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumenc"
	"github.com/lethe-cdc/lethe/pipeline"
)

// Ticket returns a record for topic holding, in schemaless Debezium JSON, a
// create of row id of the CRM's tickets table with about notesBytes of notes
// and no personal data. Its key is nil when keyless, as for a table without
// a primary key.
func Ticket(t testing.TB, topic string, id, notesBytes int, keyless bool) *kgo.Record {
	t.Helper()
	c := pipeline.Change{Op: pipeline.OpCreate, TsMs: 1710473176018,
		Source: pipeline.SourceInfo{Connector: "postgresql", Name: "crm", DB: "crm", Schema: "public", Table: "tickets", TsMs: 1710473176007},
		After:  pipeline.Row{"ticket_id": id, "notes": strings.Repeat("Kunde ruft wegen der Lieferung an. ", notesBytes/35+1)}}
	if !keyless {
		c.Key = pipeline.Row{"ticket_id": id}
	}
	k, v, err := debeziumenc.EncodeJSON(c, false)
	if err != nil {
		t.Fatal(err)
	}
	return &kgo.Record{Topic: topic, Key: k, Value: v}
}

// Registry starts a fake schema registry, closed when the test ends, and
// returns it and a client of it.
func Registry(t testing.TB) (*srfake.Registry, *sr.Client) {
	t.Helper()
	reg := srfake.New()
	t.Cleanup(reg.Close)
	cl, err := sr.NewClient(sr.URLs(reg.URL()))
	if err != nil {
		t.Fatal(err)
	}
	return reg, cl
}
