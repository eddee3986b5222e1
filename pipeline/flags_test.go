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
	e, _ := newPolicyEngine(t, `version: flags
defaults: {"*": mask}
recipients: {default: {}}
columns:
  customers.hiv_positive: {category: user.health_and_medical, action: mask}
`)
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
