package schemas

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/pipeline"
)

func TestCommandAvroRoundTrip(t *testing.T) {
	c := &pipeline.Command{
		ID: "cmd-1", Type: pipeline.CmdErase, IssuedAt: time.UnixMilli(1700000000000).UTC(), PolicyVersion: "v1",
		Subject: "psn_abc", Table: "public.customers", Topics: []string{"lethe.sanitized.customers"},
		Recipients: []string{"default"}, Reason: "crm_delete", Deadline: time.UnixMilli(1702592000000).UTC(),
		Source: pipeline.CommandSource{Position: pipeline.Position{Topic: "crm.public.customers", Partition: 2, Offset: 42}, LSN: 24001000},
	}
	b, enc, err := AvroCommands{SchemaID: 7}.Encode(c)
	if err != nil || enc != "avro" {
		t.Fatalf("encode: %v %s", err, enc)
	}
	id, body, err := Unframe(b)
	if err != nil || id != 7 {
		t.Fatalf("unframe: id %d err %v", id, err)
	}
	native, rest, err := Command.NativeFromBinary(body)
	if err != nil || len(rest) != 0 {
		t.Fatalf("decode: %v, %d trailing bytes", err, len(rest))
	}
	m := native.(map[string]any)
	if m["type"] != "ERASE" || m["table"] != "public.customers" || m["subject"].(map[string]any)["string"] != "psn_abc" {
		t.Errorf("decoded fields differ: type=%v table=%v", m["type"], m["table"])
	}
	if m["legal_basis"] != nil {
		t.Errorf("empty legal basis should be null")
	}
	src := m["source"].(map[string]any)
	if src["offset"] != int64(42) || src["partition"] != int32(2) || src["lsn"].(map[string]any)["long"] != int64(24001000) {
		t.Errorf("source = %v", src)
	}
	// Without a log position the field is null.
	c.Source.LSN = 0
	b, _, err = AvroCommands{SchemaID: 7}.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ = Unframe(b)
	native, _, err = Command.NativeFromBinary(body)
	if err != nil {
		t.Fatal(err)
	}
	if lsn := native.(map[string]any)["source"].(map[string]any)["lsn"]; lsn != nil {
		t.Errorf("source.lsn = %v, want null", lsn)
	}
}

// A JSON command has exactly the members command.avsc names, as the README
// says ("the same fields as JSON"): a field added to one encoding and not
// the other fails here.
func TestCommandJSONHasTheSchemaFields(t *testing.T) {
	var schema struct {
		Fields []struct {
			Name string          `json:"name"`
			Type json.RawMessage `json:"type"`
		} `json:"fields"`
	}
	if err := json.Unmarshal([]byte(CommandAvsc), &schema); err != nil {
		t.Fatal(err)
	}
	c := &pipeline.Command{
		ID: "cmd-1", Type: pipeline.CmdErase, IssuedAt: time.UnixMilli(1700000000000).UTC(), PolicyVersion: "v1",
		Subject: "psn_abc", Table: "public.customers", RecordKey: `{"customer_id":"psn_abc"}`, Topics: []string{"lethe.sanitized.customers"},
		Fields: []string{"email"}, Categories: []string{"user.contact.email"}, Recipients: []string{"default"}, Reason: "crm_delete",
		LegalBasis: "legal_obligation", Deadline: time.UnixMilli(1702592000000).UTC(),
		Source: pipeline.CommandSource{Position: pipeline.Position{Topic: "crm.public.customers", Partition: 2, Offset: 42}, LSN: 24001000},
	}
	b, _, err := pipeline.JSONCommands{}.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	members := func(m map[string]json.RawMessage) []string { return slices.Sorted(maps.Keys(m)) }
	var want []string
	var source []string
	for _, f := range schema.Fields {
		want = append(want, f.Name)
		if f.Name == "source" {
			var rec struct {
				Fields []struct{ Name string } `json:"fields"`
			}
			if err := json.Unmarshal(f.Type, &rec); err != nil {
				t.Fatal(err)
			}
			for _, sf := range rec.Fields {
				source = append(source, sf.Name)
			}
		}
	}
	slices.Sort(want)
	slices.Sort(source)
	if g := members(got); !slices.Equal(g, want) {
		t.Errorf("JSON command members %v, command.avsc fields %v", g, want)
	}
	var src map[string]json.RawMessage
	if err := json.Unmarshal(got["source"], &src); err != nil {
		t.Fatal(err)
	}
	if g := members(src); !slices.Equal(g, source) {
		t.Errorf("JSON command source members %v, command.avsc SourcePosition fields %v", g, source)
	}
}
