package pipeline

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func testCommand() *Command {
	return &Command{
		ID: "cmd-1", Type: CmdErase, IssuedAt: time.UnixMilli(1700000000000).UTC(), PolicyVersion: "v1",
		Subject: "psn_abc", Table: "public.customers", RecordKey: `{"customer_id":"psn_abc"}`,
		Topics: []string{"lethe.sanitized.customers"}, Fields: nil, Categories: []string{"user.contact.email"},
		Recipients: []string{"default"}, Reason: "crm_delete", Deadline: time.UnixMilli(1702592000000).UTC(),
		Source: CommandSource{Position: Position{Topic: "crm.public.customers", Partition: 2, Offset: 42}, LSN: 24001000},
	}
}

func TestCommandJSON(t *testing.T) {
	b, enc, err := JSONCommands{}.Encode(testCommand())
	if err != nil || enc != "json" {
		t.Fatal(err)
	}
	var back Command
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Type != CmdErase || back.Source.Offset != 42 || back.Source.LSN != 24001000 || !back.Deadline.Equal(testCommand().Deadline) {
		t.Errorf("round trip lost fields: %+v", back)
	}
}

// The hand-written JSON encoder writes exactly what encoding/json would,
// except that a nil list is [] (the Avro schema has no null lists).
func TestCommandJSONMatchesEncodingJSON(t *testing.T) {
	full := testCommand()
	full.LegalBasis = "legal_obligation"
	full.Fields = []string{"email", "phone"}
	sparse := &Command{ID: "cmd-2", Type: CmdRedact, IssuedAt: time.Unix(0, 123456789).In(time.FixedZone("CET", 3600)),
		Table: "public.t", Reason: "pii_discovered \"quoted\"", Topics: []string{}}
	for _, c := range []*Command{full, sparse} {
		got, _, err := JSONCommands{}.Encode(c)
		if err != nil {
			t.Fatal(err)
		}
		empty := *c
		for _, l := range []*[]string{&empty.Topics, &empty.Fields, &empty.Categories, &empty.Recipients} {
			if *l == nil {
				*l = []string{}
			}
		}
		want, err := json.Marshal(&empty)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(got), "null") && c == sparse {
			t.Errorf("a command with no lists has a null in its JSON: %s", got)
		}
		if string(got) != string(want) {
			t.Errorf("hand-written JSON differs:\n got %s\nwant %s", got, want)
		}
	}
}

// TestRememberedTimesEncodeAlike: a lane writes its commands' times
// through lastText, remembering the last; each command must come out as
// AppendEncode writes it, whether its times are the last ones, other
// instants, or the same instant in another location.
func TestRememberedTimesEncodeAlike(t *testing.T) {
	base := time.UnixMilli(1700000000000).UTC()
	var times commandTimes
	for _, at := range []time.Time{base, base, base.Add(time.Millisecond), base, base.In(time.FixedZone("X", 3600)), base, {}} {
		c := testCommand()
		c.IssuedAt, c.Deadline = at, at.Add(30*24*time.Hour)
		if at.IsZero() {
			c.Deadline = time.Time{}
		}
		if got, want := string(appendCommand(nil, c, &times)), string(JSONCommands{}.AppendEncode(nil, c)); got != want {
			t.Errorf("at %v:\n got %s\nwant %s", at, got, want)
		}
	}
}
