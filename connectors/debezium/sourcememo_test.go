package debezium

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/pipeline"
)

// TestSourceMemoDecodesAlike decodes records whose source blocks start
// alike, differ, repeat a member after the known start or end right after
// it, with one decoder and each with a fresh one: every result and every
// error must be the same, and the shared decoder must have stepped over
// the known start.
func TestSourceMemoDecodesAlike(t *testing.T) {
	lead := `"version":"3.0.8.Final","connector":"postgresql","name":"crm",`
	rec := func(source string) []byte {
		return []byte(`{"before":null,"after":{"id":1,"email":"a@example.com"},"source":` + source + `,"op":"c","ts_ms":1710403201031}`)
	}
	rest := `"ts_ms":1710403201000,"snapshot":"false","db":"crm","schema":"public","table":"t","txId":780,"lsn":24001000,"xmin":null}`
	vals := [][]byte{
		rec(`{` + lead + rest),
		rec(`{` + lead + strings.Replace(rest, `"txId":780`, `"txId":781`, 1)),
		rec(`{` + strings.Replace(lead, `"crm"`, `"erp"`, 1) + rest),              // another connector's start
		rec(`{` + lead + `"connector":"mysql",` + rest),                           // a member repeated after the known start
		rec(`{` + lead + `"name":null,` + rest),                                   // the same, as null
		rec(`{` + lead + `}`),                                                     // a comma before the end: not JSON
		rec(`{` + lead + `"ts_ms":"soon"}`),                                       // a bad member after the known start
		rec(`{"version":"3.0.8.Final",` + rest[:len(rest)-1] + `,"name":"late"}`), // only the version leads
		rec(`{"version":"3.0.8.Final",` + rest),                                   // the version's start, without the name
		rec(`{"version":{"nested":["x"]},"connector":"postgresql",` + rest),       // a version that is no string
		rec(`{"connector":null,"name":"crm",` + rest),                             // null leads
		rec(`{` + lead + rest),                                                    // the first start again
		rec(`{` + strings.Replace(lead, `"crm"`, `"erp"`, 1) + rest),
		rec(`{"version":"3.0.8.Final","connector":"postgresql","name":"crm","name":"x",` + rest), // a duplicate inside the start
		rec(`{"version":"3.0.8.Final","connector":"postgresql","name":"crm"}`),                   // the start is the whole block
		rec(`{"version":"3.0.8.Final","connector":"postgresql","name":"crm"}`),
	}
	shared := NewDecoder()
	for i, v := range vals {
		var got, want pipeline.Flat
		gerr := shared.DecodeFlat(context.Background(), "crm.public.t", []byte(`{"id":1}`), v, &got)
		werr := NewDecoder().DecodeFlat(context.Background(), "crm.public.t", []byte(`{"id":1}`), v, &want)
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Errorf("record %d: with the memo %v, without %v", i, gerr, werr)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("record %d decodes differently with the memo:\n%+v\n%+v", i, got.Source, want.Source)
		}
	}
	known := shared.sources.known.Load()
	if known == nil || !strings.Contains(strings.Join(prefixTexts(*known), "|"), `{`+lead) {
		t.Fatalf("the source blocks' start was not remembered: %v", known)
	}
	for _, k := range *known {
		if strings.Contains(k.text, "late") || strings.Contains(k.text, "nested") || strings.Contains(k.text, `"name":"x"`) {
			t.Errorf("remembered a start that is not one: %s", k.text)
		}
	}
}

// prefixTexts lists the texts of known.
func prefixTexts(known []sourcePrefix) []string {
	var s []string
	for _, k := range known {
		s = append(s, k.text)
	}
	return s
}

// A memo full of starts keeps them and remembers no more: a stream whose
// blocks start differently every time costs no lock per record.
func TestSourceMemoBounded(t *testing.T) {
	var m sourceMemo
	for i := range maxSourcePrefixes + 3 {
		m.remember(sourcePrefix{text: `{"name":"` + strings.Repeat("x", i) + `",`})
	}
	if n := len(*m.known.Load()); n != maxSourcePrefixes {
		t.Fatalf("%d starts kept, want %d", n, maxSourcePrefixes)
	}
}
