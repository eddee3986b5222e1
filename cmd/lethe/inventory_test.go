package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/pipeline/datamap"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// lethe inventory --config names the rules that match nothing in the data
// map, not those of a table whose name holds a dot (Größe.Maß, which the
// README supports): "public.Größe.Maß.gewicht" split at its first two dots
// named table Größe, and rules that apply were reported as typos.
func TestInventoryUnmatchedRulesOfDottedNames(t *testing.T) {
	pol, err := policy.Parse(strings.NewReader(`version: t
subject_keys: {"Größe.Maß": kunde_id}
columns:
  public.Größe.Maß.gewicht: {action: drop}
  Größe.Maß.notiz: {action: drop}
  a.b.c.name: {action: drop}
  c.name: {action: mask}
  public.Größe.Maß.gewichtt: {action: drop}
`))
	if err != nil {
		t.Fatal(err)
	}
	entries := []datamap.Entry{
		{Schema: "public", Table: "public.Größe.Maß", Column: "gewicht"},
		{Schema: "public", Table: "public.Größe.Maß", Column: "notiz"},
		{Schema: "public", Table: "public.Größe.Maß", Column: "kunde_id"},
		{Schema: "a.b", Table: "a.b.c", Column: "name"}, // a dot in the schema's name
	}
	for _, e := range entries {
		// What the rules say is what the engine applies.
		if _, ok := pol.Column(e.Schema, strings.TrimPrefix(e.Table, e.Schema+"."), e.Column); !ok {
			t.Fatalf("no rule for %s.%s: the test's policy is wrong", e.Table, e.Column)
		}
	}
	want := []string{"columns.public.Größe.Maß.gewichtt"} // the one typo
	if got := unmatchedRules(pol, entries); !slices.Equal(got, want) {
		t.Fatalf("unmatched rules %q, want %q", got, want)
	}
}
