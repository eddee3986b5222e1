package debezium

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumenc"
	"github.com/lethe-cdc/lethe/pipeline"
)

// TestSchemaMemoSkip checks the memo's step over a schema block: a known
// block is stepped over without parsing or remembering anything, an unknown
// or changed one is parsed and remembered, a malformed one is neither
// accepted nor remembered, and at most memoPerTopic blocks are kept.
func TestSchemaMemoSkip(t *testing.T) {
	a := `{"type":"struct","fields":[{"type":"int64","field":"id"}],"name":"a"}`
	b := `{"type":"struct","fields":[{"type":"string","field":"id"}],"name":"a"}`
	var m schemaMemo
	skip := func(src, topic string) (end int, ok, remembered bool) {
		before := m.known.Load()
		p := jsonParser{src: src}
		_, ok = m.skip(&p, topic)
		return p.pos, ok, m.known.Load() != before
	}
	tests := []struct {
		name, src, topic string
		wantEnd          int // -1: must fail
		wantRemember     bool
	}{
		{"first sight parses and remembers", a + `,"payload":{}}`, "t", len(a), true},
		{"known block is stepped over", a + `,"payload":{}}`, "t", len(a), false},
		{"known block, garbage after: the caller's to reject", a + `garbage`, "t", len(a), false},
		{"another topic does not share it", a, "u", len(a), true},
		{"a changed block is parsed", b, "t", len(b), true},
		{"both blocks are known now", a, "t", len(a), false},
		{"leading whitespace", "  " + b, "t", 2 + len(b), false},
		{"a block cut short fails", a[:len(a)-1], "t", -1, false},
		{"malformed fails and is not remembered", `{"type":}`, "t", -1, false},
		{"null is parsed, not remembered", `null`, "t", 4, false},
	}
	for _, tt := range tests {
		end, ok, remembered := skip(tt.src, tt.topic)
		switch {
		case tt.wantEnd < 0 && ok:
			t.Errorf("%s: accepted, want a failure", tt.name)
		case tt.wantEnd >= 0 && (!ok || end != tt.wantEnd):
			t.Errorf("%s: ok %v end %d, want end %d", tt.name, ok, end, tt.wantEnd)
		case remembered != tt.wantRemember:
			t.Errorf("%s: remembered %v, want %v", tt.name, remembered, tt.wantRemember)
		}
	}
	for i := range memoPerTopic + 2 {
		s := `{"v":` + strings.Repeat("1", i+1) + `}`
		if _, ok, _ := skip(s, "t"); !ok {
			t.Fatalf("block %d failed", i)
		}
	}
	if n := len((*m.known.Load())["t"]); n != memoPerTopic {
		t.Errorf("the memo keeps %d blocks of a topic, want %d", n, memoPerTopic)
	}
	if got := (*m.known.Load())["t"][0].text; got != `{"v":`+strings.Repeat("1", memoPerTopic+2)+`}` {
		t.Errorf("newest block %q is not first", got)
	}

	// All the blocks kept stay under maxMemoBytes, however many topics.
	big := `{"v":"` + strings.Repeat("x", maxMemoSchema-10) + `"}`
	for i := range 2 * maxMemoBytes / maxMemoSchema {
		if _, ok, _ := skip(big, "topic"+strconv.Itoa(i)); !ok {
			t.Fatalf("block of topic %d failed", i)
		}
	}
	total := 0
	for _, blocks := range *m.known.Load() {
		for _, b := range blocks {
			total += len(b.text)
		}
	}
	if total == 0 || total > maxMemoBytes {
		t.Errorf("the memo holds %d bytes, want some and at most %d", total, maxMemoBytes)
	}
}

// TestSchemaMemoDecodesAlike decodes records whose schema blocks repeat,
// alternate and change with one decoder, and each with a fresh decoder:
// every result and every error must be the same.
func TestSchemaMemoDecodesAlike(t *testing.T) {
	var recs [][2][]byte
	for _, name := range []string{"create", "update", "delete"} {
		c := sampleChanges()[name]
		k, v, err := debeziumenc.EncodeJSON(c, true)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, [2][]byte{k, v})
	}
	k0, v0 := recs[0][0], recs[0][1]
	cut := strings.Index(string(v0), `,"payload":`)
	recs = append(recs, recs...) // the same blocks again: from the memo
	recs = append(recs,
		[2][]byte{k0, []byte(string(v0[:cut]) + `,"payload":{"op":"x"}}`)},                           // known block, bad payload
		[2][]byte{k0, []byte(string(v0[:cut]) + `}`)},                                                // known block, no payload
		[2][]byte{k0, []byte(string(v0[:cut]) + `garbage`)},                                          // known block, then garbage
		[2][]byte{k0, []byte(strings.Replace(string(v0), `"optional":true`, `"optional":false`, 1))}, // a changed block
		[2][]byte{k0, []byte(`{"schema":{"type":,"payload":{}}`)},                                    // a malformed block
		[2][]byte{k0, v0},
	)
	shared := NewDecoder()
	for i, r := range recs {
		var got, want pipeline.Flat
		gerr := shared.DecodeFlat(context.Background(), "crm.public.t", r[0], r[1], &got)
		werr := NewDecoder().DecodeFlat(context.Background(), "crm.public.t", r[0], r[1], &want)
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Errorf("record %d: with the memo %v, without %v", i, gerr, werr)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("record %d decodes differently with the memo", i)
		}
	}
	if k := shared.keySchemas.known.Load(); k == nil || len((*k)["crm.public.t"]) == 0 {
		t.Error("no key schema block was remembered")
	}
}
