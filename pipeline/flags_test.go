package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/pipeline/sanitize"
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

// A masked flag's length tells true ("****") from false ("*****").
func TestEngineMaskedFlagsLookAlike(t *testing.T) {
	e, _ := newPolicyEngine(t, maskedFlag)
	out := sanitizedCustomers(t, e,
		createIn("crm.public.customers", "public", "customers", 1, Row{"customer_id": 1, "hiv_positive": true}),
		createIn("crm.public.customers", "public", "customers", 2, Row{"customer_id": 2, "hiv_positive": false}))
	vals := afterValues(t, out, "hiv_positive")
	if len(vals) != 2 || vals[0] != vals[1] {
		t.Errorf("masked flags differ, so the mask tells the value: %q", vals)
	}
}

// A tokenized flag must detokenize to its value.
func TestEngineTokenizedFlagDetokenizes(t *testing.T) {
	e, _ := newPolicyEngine(t, `version: flags
defaults: {"*": mask}
recipients: {default: {}}
columns:
  customers.hiv_positive: {category: user.health_and_medical, action: tokenize}
`)
	out := sanitizedCustomers(t, e,
		createIn("crm.public.customers", "public", "customers", 1, Row{"customer_id": 1, "hiv_positive": true}),
		createIn("crm.public.customers", "public", "customers", 2, Row{"customer_id": 2, "hiv_positive": false}))
	d, _ := sanitize.NewDetokenizer(bytes.Repeat([]byte{8}, 32))
	var toks []string
	for i, val := range afterValues(t, out, "hiv_positive") {
		tok, _ := val.(string)
		toks = append(toks, tok)
		if v, err := d.Detokenize(tok); err != nil || v != []string{"true", "false"}[i] {
			t.Errorf("token %q detokenizes to %q, %v; want %s", tok, v, err, []string{"true", "false"}[i])
		}
	}
	if len(toks) != 2 || toks[0] == toks[1] {
		t.Errorf("true and false got one token %q", toks[0])
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
			t.Logf("keys: %s | %s", out[0].Key, out[1].Key)
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

// A key-value row relabelled from a person's field to something else
// (nachname to farbe) with its value unchanged: the before image's value
// is sanitized, the after image's must not give the same value raw beside
// it (that would tie the pseudonym to the name).
func TestEngineKeyValueLabelChangeAway(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	before := Row{"id": 1, "kunde_id": 7, "feld": "nachname", "wert": "Wijnaldum"}
	after := Row{"id": 1, "kunde_id": 7, "feld": "farbe", "wert": "Wijnaldum"}
	v, _ := json.Marshal(fakeEvent{Op: "u", Table: "zusatzfelder", Before: before, After: after})
	out, err := e.Handle(context.Background(), []Message{msg("crm.public.zusatzfelder", 1, `{"id":1}`, string(v))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if o.Topic != "lethe.sanitized.zusatzfelder" {
			continue
		}
		t.Logf("%s", o.Value)
		var env struct{ Before, After map[string]any }
		if err := json.Unmarshal(o.Value, &env); err != nil {
			t.Fatal(err)
		}
		if env.Before["wert"] != "Wijnaldum" && env.After["wert"] == "Wijnaldum" {
			t.Errorf("before sanitized as %v, after raw: the record ties them", env.Before["wert"])
		}
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
	e, _ := newPolicyEngine(t, maskedFlag)
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
		if p == "" || seen[p] {
			t.Errorf("key %s: the flag's pseudonym %q is empty or another row's", o.Key, p)
		}
		seen[p] = true
	}
}

// A key-value row relabelled to a person's field (farbe to nachname) with
// its value unchanged: the before image's value, read first under its old
// label, is sanitized as the after image's is, not written raw beside its
// pseudonym; and a value relabelled between two person's fields counts
// once (a review).
func TestEngineKeyValueLabelChangeTowards(t *testing.T) {
	for _, tc := range []struct{ from, to string }{{"farbe", "nachname"}, {"nachname", "familienname"}} {
		e := newTestEngine(t, fakeDecoder{})
		v, _ := json.Marshal(fakeEvent{Op: "u", Table: "zusatzfelder",
			Before: Row{"id": 1, "kunde_id": 7, "feld": tc.from, "wert": "Wijnaldum"},
			After:  Row{"id": 1, "kunde_id": 7, "feld": tc.to, "wert": "Wijnaldum"}})
		out, err := e.Handle(context.Background(), []Message{msg("crm.public.zusatzfelder", 1, `{"id":1}`, string(v))}, nil)
		if err != nil {
			t.Fatal(err)
		}
		e.Committed()
		for _, o := range out {
			if o.Topic != "lethe.sanitized.zusatzfelder" {
				continue
			}
			var env struct{ Before, After map[string]any }
			if err := json.Unmarshal(o.Value, &env); err != nil {
				t.Fatal(err)
			}
			if env.Before["wert"] == "Wijnaldum" || env.After["wert"] == "Wijnaldum" || env.Before["wert"] != env.After["wert"] {
				t.Errorf("%s to %s: before %v, after %v; want one pseudonym in both", tc.from, tc.to, env.Before["wert"], env.After["wert"])
			}
		}
		if tc.from == "nachname" {
			for cat, n := range e.Stats().FindingsByCategory() {
				if n > e.Stats().FieldsPII.Load() {
					t.Errorf("%s counted %d times over %d fields", cat, n, e.Stats().FieldsPII.Load())
				}
			}
		}
	}
}

// maskedFlag is a policy that masks the flag hiv_positive.
const maskedFlag = `version: flags
defaults: {"*": mask}
recipients: {default: {}}
columns:
  customers.hiv_positive: {category: user.health_and_medical, action: mask}
`
