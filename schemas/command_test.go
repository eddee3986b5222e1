package schemas

import (
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/linkedin/goavro/v2"

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

// Commands as the engine writes them, each in Avro with command.avsc as it
// is on disk, decode back with that schema into the same command, and into
// what its JSON form says: the schema holds every field lethe writes, of
// the type it writes it, in both encodings.
func TestCommandAvroMatchesTheSchemaFile(t *testing.T) {
	text, err := os.ReadFile("command.avsc")
	if err != nil {
		t.Fatal(err)
	}
	codec, err := goavro.NewCodec(string(text))
	if err != nil {
		t.Fatalf("command.avsc does not compile: %v", err)
	}
	issued := time.UnixMilli(1710411330120).UTC()
	src := pipeline.CommandSource{Position: pipeline.Position{Topic: "crm.public.customers", Partition: 3, Offset: 1 << 40}, LSN: 24023128}
	for name, c := range map[string]pipeline.Command{
		"record erase": {ID: "c1", Type: pipeline.CmdErase, IssuedAt: issued, PolicyVersion: "2024-03",
			Subject: "psn_9f2c", Table: "public.customers", RecordKey: `{"customer_id":"psn_1"}`,
			Topics: []string{"lethe.sanitized.customers", "lethe.analytics.customers"}, Fields: []string{},
			Categories: []string{"user.contact.email", "user.name"}, Recipients: []string{"default", "analytics"},
			Reason: "crm_delete", LegalBasis: "legal_obligation", Deadline: issued.Add(30 * 24 * time.Hour), Source: src},
		"table erase": {ID: "c2", Type: pipeline.CmdErase, IssuedAt: issued, PolicyVersion: "2024-03",
			Table: "public.customers", Topics: []string{"lethe.sanitized.customers"}, Fields: []string{}, Categories: []string{},
			Recipients: []string{"default"}, Reason: "crm_truncate", Source: pipeline.CommandSource{Position: src.Position}},
		"redact": {ID: "c3", Type: pipeline.CmdRedact, IssuedAt: issued, PolicyVersion: "v1", Table: "public.orders",
			Fields: []string{"notes"}, Categories: []string{"user.contact.phone_number"}, Reason: "pii_discovered",
			Deadline: issued.Add(time.Hour), Source: pipeline.CommandSource{Position: pipeline.Position{Topic: "crm.public.orders"}, LSN: -1}},
		"nil lists, before 1970": {ID: "c4", Type: pipeline.CmdRectify, IssuedAt: time.UnixMilli(-1500).UTC(), Table: "t",
			Reason: "subject_request"},
		"restrict": {ID: "c5", Type: pipeline.CmdRestrict, IssuedAt: issued, Table: "public.t", Subject: "psn_x",
			Topics: []string{"a"}, Reason: "consent_withdrawn", Source: src},
	} {
		t.Run(name, func(t *testing.T) {
			b, enc, err := AvroCommands{SchemaID: 42}.Encode(&c)
			if err != nil || enc != "avro" {
				t.Fatalf("encode: %v %q", err, enc)
			}
			id, body, err := Unframe(b)
			if err != nil || id != 42 {
				t.Fatalf("frame: schema id %d, %v", id, err)
			}
			native, rest, err := codec.NativeFromBinary(body)
			if err != nil || len(rest) != 0 {
				t.Fatalf("decode with command.avsc: %v, %d bytes left", err, len(rest))
			}
			got := commandFromNative(t, native.(map[string]any))
			want := c
			for _, l := range []*[]string{&want.Topics, &want.Fields, &want.Categories, &want.Recipients} {
				if *l == nil {
					*l = []string{} // arrays, never null
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Avro decodes to\n%+v\nwant\n%+v", got, want)
			}
			j, _, err := pipeline.JSONCommands{}.Encode(&c)
			if err != nil {
				t.Fatal(err)
			}
			var fromJSON pipeline.Command
			if err := json.Unmarshal(j, &fromJSON); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, fromJSON) {
				t.Errorf("Avro and JSON differ:\n%+v\n%+v", got, fromJSON)
			}
		})
	}
}

// commandFromNative reads a command as goavro decodes command.avsc, every
// field of the schema required: one lethe stops writing, or writes in
// another type, fails.
func commandFromNative(t *testing.T, m map[string]any) pipeline.Command {
	t.Helper()
	fields := map[string]bool{}
	for k := range m {
		fields[k] = true
	}
	take := func(k string) any {
		t.Helper()
		if !fields[k] {
			t.Fatalf("field %s missing", k)
		}
		delete(fields, k)
		return m[k]
	}
	str := func(v any) string {
		t.Helper()
		s, ok := v.(string)
		if !ok {
			t.Fatalf("%v (%T) is not a string", v, v)
		}
		return s
	}
	opt := func(v any, branch string) any {
		t.Helper()
		if v == nil {
			return nil
		}
		u, ok := v.(map[string]any)
		if !ok || len(u) != 1 {
			t.Fatalf("%v is not a union of %s", v, branch)
		}
		return u[branch]
	}
	optStr := func(v any) string {
		if s := opt(v, "string"); s != nil {
			return str(s)
		}
		return ""
	}
	list := func(v any) []string {
		t.Helper()
		a, ok := v.([]any)
		if !ok {
			t.Fatalf("%v is not an array", v)
		}
		out := []string{}
		for _, e := range a {
			out = append(out, str(e))
		}
		return out
	}
	var c pipeline.Command
	c.ID, c.Type = str(take("id")), pipeline.CommandType(str(take("type")))
	c.IssuedAt = take("issued_at").(time.Time)
	c.PolicyVersion, c.Subject, c.Table = str(take("policy_version")), optStr(take("subject")), str(take("table"))
	c.RecordKey = optStr(take("record_key"))
	c.Topics, c.Fields, c.Categories, c.Recipients = list(take("topics")), list(take("fields")), list(take("categories")), list(take("recipients"))
	c.Reason, c.LegalBasis = str(take("reason")), optStr(take("legal_basis"))
	if d := opt(take("deadline"), "long.timestamp-millis"); d != nil {
		c.Deadline = d.(time.Time)
	}
	src := take("source").(map[string]any)
	c.Source.Topic, c.Source.Partition, c.Source.Offset = str(src["topic"]), src["partition"].(int32), src["offset"].(int64)
	if l := opt(src["lsn"], "long"); l != nil {
		c.Source.LSN = l.(int64)
	}
	if len(fields) != 0 || len(src) != 4 {
		t.Fatalf("fields lethe does not write: %v, source %v", fields, src)
	}
	return c
}
