package jsonw

import (
	"encoding/json"
	"testing"

	"github.com/lethe-cdc/lethe/pipeline/jsonw/jsonwtest"
)

// The hand-written writer must agree with encoding/json (without HTML
// escaping) so that downstream parsers see ordinary JSON.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", `q"uote\`, "tab\tnl\n\x00\x1f", "Zażółć", "\xff\xfe", "\u2028\u2029", "<&>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := AppendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("invalid JSON for input of %d bytes: %v", len(s), err)
		}
		want, _ := json.Marshal(s)
		var wantBack string
		_ = json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Fatalf("round trip differs from encoding/json for input of %d bytes", len(s))
		}
	})
}

func TestAppendJSONValue(t *testing.T) {
	for _, v := range []any{nil, true, "x", json.Number("12345678901234567890"), int64(-5), int32(7), 3, 1.5, float32(2.25),
		map[string]any{"b": 1.0, "a": []any{"x", nil}}} {
		got := string(AppendValue(nil, v))
		want, _ := json.Marshal(v)
		if got != string(want) {
			t.Errorf("%T: got %s, want %s", v, got, want)
		}
	}
}

// Nested values are written without HTML escaping, as strings are: the
// detectors must read "<john@example.com>", not "\u003cjohn@example.com".
func TestAppendValueNestedNoHTMLEscaping(t *testing.T) {
	v := map[string]any{"to": []any{"John <john.doe@example.com> & Co", int64(3)}, "n": map[string]any{"z": nil, "a": "x"}}
	got := string(AppendValue(nil, v))
	want := `{"n":{"a":"x","z":null},"to":["John <john.doe@example.com> & Co",3]}`
	if got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	// Other types still go through encoding/json, unescaped as well.
	type other struct{ S string }
	if got := string(AppendValue(nil, other{"<a&b>"})); got != `{"S":"<a&b>"}` {
		t.Fatalf("fallback wrote %s", got)
	}
}

func BenchmarkAppendString(b *testing.B) {
	s := "Der Kunde Jürgen Müller hat am 12.03. angerufen, bitte Rückruf unter +49 30 1234567 oder per E-Mail an juergen.mueller@example.de; Bestellung ORD-2016-004711 über 307,34 EUR."
	buf := make([]byte, 0, 512)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendString(buf[:0], s)
	}
}

func TestSafeASCII(t *testing.T) {
	for c := range 256 {
		want := c >= 0x20 && c < 0x80 && c != '"' && c != '\\'
		if got := safeASCII[c]; got != want {
			t.Errorf("safeASCII[%#x] = %v, want %v", c, got, want)
		}
	}
}

// skipPlainBytewise is SkipPlain one byte at a time.
func skipPlainBytewise(s string, i int) int {
	for i < len(s) && safeASCII[s[i]] {
		i++
	}
	return i
}

// Every byte value, at every position of the eight-byte words and of the
// tail, with plain bytes, other stops and borrows around it.
func TestSkipPlain(t *testing.T) {
	jsonwtest.CheckSkip(t, "SkipPlain", SkipPlain, skipPlainBytewise, []byte{'a', '~', ' ', '!', '#', '[', ']'}, []byte{0, '"', '\\', 0x80, 0x1f})
}

func FuzzSkipPlain(f *testing.F) {
	jsonwtest.FuzzSkip(f, "SkipPlain", SkipPlain, skipPlainBytewise, "", "plain text of some length", "0123456\"89", "\x1f\x20\x21", "Zażółć gęślą jaźń", "\\\\\\\\\\\\\\\\\\")
}
