package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func sanitizedCustomers(t *testing.T, e *Engine, ms ...Message) []Output {
	t.Helper()
	out, err := e.Handle(context.Background(), ms, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []Output
	for _, o := range out {
		if o.Topic == "lethe.sanitized.customers" {
			got = append(got, o)
		}
	}
	return got
}

// A flag under any action but drop is written alike for true and false: a
// pseudonym or a deterministic token of it would be one of two, which
// tells the values apart as a mask's length did (reviews).
func TestEngineFlagsLookAlikeUnderEveryAction(t *testing.T) {
	for _, action := range []string{"pseudonymize", "tokenize", "mask"} {
		e, _ := newPolicyEngine(t, `version: flags
defaults: {"*": mask}
recipients: {default: {}}
columns:
  customers.hiv_positive: {category: user.health_and_medical, action: `+action+`}
`)
		out := sanitizedCustomers(t, e,
			createIn("crm.public.customers", "public", "customers", 1, Row{"customer_id": 1, "hiv_positive": true}),
			createIn("crm.public.customers", "public", "customers", 2, Row{"customer_id": 2, "hiv_positive": false}))
		if vals := afterValues(t, out, "hiv_positive"); len(vals) != 2 || vals[0] != "*****" || vals[1] != "*****" {
			t.Errorf("%s: flags written as %q, want both *****", action, vals)
		}
	}
}

// A flag in a record key stays one-to-one: keys of true and false differ.
func TestEngineFlagInKeyStaysOneToOne(t *testing.T) {
	for _, action := range []string{"pseudonymize", "mask", "tokenize"} {
		t.Run(action, func(t *testing.T) {
			e, _ := newPolicyEngine(t, `version: flags
defaults: {"*": mask}
recipients: {default: {}}
columns:
  customers.primary: {category: user.contact, action: `+action+`}
`)
			mk := func(off int64, flag bool) Message {
				v, _ := json.Marshal(fakeEvent{Op: "c", Table: "customers", After: Row{"customer_id": 1, "primary": flag}})
				k, _ := json.Marshal(Row{"customer_id": 1, "primary": flag})
				return msg("crm.public.customers", off, string(k), string(v))
			}
			out := sanitizedCustomers(t, e, mk(1, true), mk(2, false))
			if len(out) != 2 {
				t.Fatalf("%d outputs", len(out))
			}
			if bytes.Equal(out[0].Key, out[1].Key) {
				t.Errorf("two rows' keys became one: %s", out[0].Key)
			}
		})
	}
}

// Without a rule a flag stays a JSON boolean in after and before images.
func TestEngineFlagWithoutRuleUnchanged(t *testing.T) {
	e, _ := newPolicyEngine(t, `version: flags
defaults: {"*": mask}
recipients: {default: {}}
`)
	v, _ := json.Marshal(fakeEvent{Op: "u", Table: "customers", Before: Row{"customer_id": 1, "active": true, "email": "a.b@example.org"}, After: Row{"customer_id": 1, "active": false, "email": "a.b@example.org"}})
	out := sanitizedCustomers(t, e, msg("crm.public.customers", 1, `{"customer_id":1}`, string(v)))
	if len(out) != 1 || !strings.Contains(string(out[0].Value), `"active":true`) || !strings.Contains(string(out[0].Value), `"active":false`) {
		t.Errorf("%s", out[0].Value)
	}
}

// afterValues returns column col of the after image of each output.
func afterValues(t *testing.T, out []Output, col string) []any {
	t.Helper()
	var vals []any
	for _, o := range out {
		var env struct{ After map[string]any }
		if err := json.Unmarshal(o.Value, &env); err != nil {
			t.Fatal(err)
		}
		vals = append(vals, env.After[col])
	}
	return vals
}

// A flag a rule masks, in a composite record key, is not told apart by the
// key: its pseudonym is of the whole key, one per row (a review saw one
// pseudonym for every true and one for every false).
func TestEngineMaskedFlagInKeyNotToldApart(t *testing.T) {
	for _, action := range []string{"mask", "pseudonymize", "tokenize"} {
		testFlagInKeyPerRow(t, strings.Replace(maskedFlag, "action: mask", "action: "+action, 1))
	}
}

func testFlagInKeyPerRow(t *testing.T, policyYAML string) {
	e, _ := newPolicyEngine(t, policyYAML)
	mk := func(off int64, id int, flag bool) Message {
		v, _ := json.Marshal(fakeEvent{Op: "c", Table: "customers", After: Row{"customer_id": id, "hiv_positive": flag}})
		k, _ := json.Marshal(Row{"customer_id": id, "hiv_positive": flag})
		return msg("crm.public.customers", off, string(k), string(v))
	}
	out := sanitizedCustomers(t, e, mk(1, 1, true), mk(2, 2, true), mk(3, 3, false))
	seen := map[string]bool{}
	for _, o := range out {
		var k map[string]any
		if err := json.Unmarshal(o.Key, &k); err != nil {
			t.Fatal(err)
		}
		p, _ := k["hiv_positive"].(string)
		if !strings.HasPrefix(p, "psn_") || seen[p] {
			t.Errorf("key %s: the flag's replacement %q is empty or another row's", o.Key, p)
		}
		seen[p] = true
	}
}

// A flag's whole-key pseudonym keeps a NULL key column apart from an
// empty one: two rows to the database, each with a pseudonym of its own.
func TestEngineFlagKeyNullPartNotEmpty(t *testing.T) {
	e, _ := newPolicyEngine(t, maskedFlag)
	mk := func(off int64, code any) Message {
		row := Row{"code": code, "hiv_positive": true}
		v, _ := json.Marshal(fakeEvent{Op: "c", Table: "customers", After: row})
		k, _ := json.Marshal(row)
		return msg("crm.public.customers", off, string(k), string(v))
	}
	out := sanitizedCustomers(t, e, mk(1, nil), mk(2, ""))
	if len(out) != 2 {
		t.Fatalf("%d outputs", len(out))
	}
	var flags []any
	for _, o := range out {
		var k map[string]any
		if err := json.Unmarshal(o.Key, &k); err != nil {
			t.Fatal(err)
		}
		flags = append(flags, k["hiv_positive"])
	}
	if flags[0] == flags[1] {
		t.Errorf("rows with a NULL and an empty key column share the flag's pseudonym %v", flags[0])
	}
}

// maskedFlag is a policy that masks the flag hiv_positive.
const maskedFlag = `version: flags
defaults: {"*": mask}
recipients: {default: {}}
columns:
  customers.hiv_positive: {category: user.health_and_medical, action: mask}
`

// A key-value row relabelled with its value unchanged: to or from a
// person's field (the before image is read first, under its old label;
// the twin is found by position, which a column more in one image moves),
// or between two of them. The value is sanitized alike in both images,
// never raw beside its own pseudonym, and counted once (reviews).
func TestEngineKeyValueRelabelled(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, after Row
	}{
		{"away", Row{"id": 1, "kunde_id": 7, "feld": "nachname", "wert": "Wijnaldum"}, Row{"id": 1, "kunde_id": 7, "feld": "farbe", "wert": "Wijnaldum"}},
		{"towards", Row{"id": 1, "kunde_id": 7, "feld": "farbe", "wert": "Wijnaldum"}, Row{"id": 1, "kunde_id": 7, "feld": "nachname", "wert": "Wijnaldum"}},
		{"away, a column more before", Row{"aa": "x", "id": 1, "kunde_id": 7, "feld": "nachname", "wert": "Wijnaldum"}, Row{"id": 1, "kunde_id": 7, "feld": "farbe", "wert": "Wijnaldum"}},
		{"towards, a column more before", Row{"aa": "x", "id": 1, "kunde_id": 7, "feld": "farbe", "wert": "Wijnaldum"}, Row{"id": 1, "kunde_id": 7, "feld": "nachname", "wert": "Wijnaldum"}},
		{"between two", Row{"id": 1, "kunde_id": 7, "feld": "nachname", "wert": "Wijnaldum"}, Row{"id": 1, "kunde_id": 7, "feld": "familienname", "wert": "Wijnaldum"}},
	} {
		e := newTestEngine(t, fakeDecoder{})
		v, _ := json.Marshal(fakeEvent{Op: "u", Table: "zusatzfelder", Before: tc.before, After: tc.after})
		out, err := e.Handle(context.Background(), []Message{msg("crm.public.zusatzfelder", 1, `{"id":1}`, string(v))}, nil)
		if err != nil {
			t.Fatal(err)
		}
		e.Committed()
		n := 0
		for _, o := range out {
			if o.Topic != "lethe.sanitized.zusatzfelder" {
				continue
			}
			n++
			var env struct{ Before, After map[string]any }
			if err := json.Unmarshal(o.Value, &env); err != nil {
				t.Fatal(err)
			}
			if env.Before["wert"] == "Wijnaldum" || env.After["wert"] == "Wijnaldum" || env.Before["wert"] != env.After["wert"] {
				t.Errorf("%s: before %v, after %v; want one pseudonym in both", tc.name, env.Before["wert"], env.After["wert"])
			}
		}
		if n != 1 {
			t.Fatalf("%s: %d sanitized records, want 1", tc.name, n)
		}
		for cat, k := range e.Stats().FindingsByCategory() {
			if k > e.Stats().FieldsPII.Load() {
				t.Errorf("%s: %s counted %d times over %d fields", tc.name, cat, k, e.Stats().FieldsPII.Load())
			}
		}
	}
}

// A key-value row relabelled between two of a person's fields whose
// categories a recipient treats apart (a city it keeps, a first name it
// gets a pseudonym of), its value unchanged: the value is sanitized alike
// in both images, never raw in one beside its pseudonym in the other,
// also where a column more in one image moves the value column.
func TestEngineKeyValueRelabelledKeptCategory(t *testing.T) {
	for _, tc := range []struct {
		name          string
		before, after Row
	}{
		{"city to first name", Row{"id": 1, "kunde_id": 7, "feld": "ort", "wert": "Paris"}, Row{"id": 1, "kunde_id": 7, "feld": "vorname", "wert": "Paris"}},
		{"first name to city", Row{"id": 1, "kunde_id": 7, "feld": "vorname", "wert": "Paris"}, Row{"id": 1, "kunde_id": 7, "feld": "ort", "wert": "Paris"}},
		{"city to first name, a column more before", Row{"aa": "x", "id": 1, "kunde_id": 7, "feld": "ort", "wert": "Paris"}, Row{"id": 1, "kunde_id": 7, "feld": "vorname", "wert": "Paris"}},
		{"first name to city, a column more before", Row{"aa": "x", "id": 1, "kunde_id": 7, "feld": "vorname", "wert": "Paris"}, Row{"id": 1, "kunde_id": 7, "feld": "ort", "wert": "Paris"}},
	} {
		e, _ := newPolicyEngine(t, `version: t
defaults: {"*": mask, user.contact.address.city: keep, user.name: pseudonymize}
recipients: {default: {}}
`)
		v, _ := json.Marshal(fakeEvent{Op: "u", Table: "zusatzfelder", Before: tc.before, After: tc.after})
		out, err := e.Handle(context.Background(), []Message{msg("crm.public.zusatzfelder", 1, `{"id":1}`, string(v))}, nil)
		if err != nil {
			t.Fatal(err)
		}
		values := valuesOn(out, "lethe.sanitized.zusatzfelder")
		if len(values) != 1 {
			t.Fatalf("%s: %d sanitized records, want 1", tc.name, len(values))
		}
		var env struct{ Before, After map[string]any }
		if err := json.Unmarshal([]byte(values[0]), &env); err != nil {
			t.Fatal(err)
		}
		if env.Before["wert"] == "Paris" || env.After["wert"] == "Paris" || env.Before["wert"] != env.After["wert"] {
			t.Errorf("%s: before %v, after %v; want one pseudonym in both", tc.name, env.Before["wert"], env.After["wert"])
		}
	}
}

// An input without a key gets one dead letter for it, not one per
// recipient of its table (a review saw three for one input), and its
// ERASE still goes out.
func TestEngineKeylessInputOneDeadLetter(t *testing.T) {
	e, _ := newPolicyEngine(t, `version: two
defaults: {"*": mask}
recipients:
  default: {}
  analytics: {}
`)
	del, _ := json.Marshal(fakeEvent{Op: "d", Table: "customers", Before: Row{"customer_id": 2, "email": plantedEmail}})
	for _, in := range []Message{{Topic: "crm.public.customers", Value: del}, {Topic: "crm.public.customers"}} {
		out, err := e.Handle(context.Background(), []Message{in}, nil)
		if err != nil {
			t.Fatal(err)
		}
		dead, commands := 0, 0
		for _, o := range out {
			switch {
			case o.Topic == DefaultTopics.DeadLetter:
				dead++
			case o.Topic == DefaultTopics.Commands:
				commands++
			case strings.Contains(o.Topic, "sanitized"):
				t.Errorf("a keyless record on %s", o.Topic)
			}
		}
		if want := min(len(in.Value), 1); dead != 1 || commands != want {
			t.Errorf("%d dead letters and %d commands, want 1 and %d", dead, commands, want)
		}
		e.Committed()
	}
	if got := e.Stats().DeadLetters.Load(); got != 2 {
		t.Errorf("dead-letter count %d, want 2", got)
	}
}
