package pipeline

import (
	"strconv"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/pipeline/jsonw"
)

func TestPlainNumber(t *testing.T) {
	for in, want := range map[string]string{
		"4.539578763621486E15":  "4539578763621486",
		"4.539578763621486e+15": "4539578763621486",
		"-4.91711234567E11":     "-491711234567",
		"1.2E3":                 "1200",
		"1.25e1":                "12.5",
		"12E0":                  "12",
		"1.5E-3":                "0.0015",
		"0.00012E2":             "0.012",
		"1E7":                   "10000000",
		"1234":                  "1234", // no exponent: as it is
		"3.14":                  "3.14",
		"1E41":                  "1E41", // beyond maxShift: as it is
		"1E-41":                 "1E-41",
		"1.2Ex":                 "1.2Ex",
		"E5":                    "E5",
		"1.2.3E4":               "1.2.3E4",
		"NaN":                   "NaN",
	} {
		if got := plainNumber(in); got != want {
			t.Errorf("plainNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFloatText checks the text detectors see of a float, as Avro
// decoders give them: plain digits, not Go's exponent notation.
func TestFloatText(t *testing.T) {
	for v, want := range map[any]string{float64(4539578763621486): "4539578763621486", float32(1234567): "1234567", 1.5: "1.5"} {
		c := ColumnOf("val", v)
		if got := c.text(DefaultCharset); got != want {
			t.Errorf("text of %T %v = %q, want %q", v, v, got, want)
		}
	}
}

// Avro's bytes, which the decoder leaves bytes, are read in the engine's
// legacy code page: alone, in an array, in a map.
func TestBytesTextInCharset(t *testing.T) {
	cp1250, err := ParseCharset("windows-1250")
	if err != nil {
		t.Fatal(err)
	}
	note := []byte("Klient \xa3ukasz Nowak, ul. Kr\xf3tka 5")
	for _, tc := range []struct {
		name string
		c    Column
		cs   Charset
		want string
	}{
		{"bytes", ColumnOf("n", note), cp1250, "Klient Łukasz Nowak, ul. Krótka 5"},
		{"bytes, default", ColumnOf("n", note), DefaultCharset, "Klient £ukasz Nowak, ul. Krótka 5"},
		{"array of bytes", Column{Kind: KindOther, Any: []any{note}}, cp1250, `["Klient Łukasz Nowak, ul. Krótka 5"]`},
		{"map of bytes", Column{Kind: KindOther, Any: map[string]any{"n": note}}, cp1250, `{"n":"Klient Łukasz Nowak, ul. Krótka 5"}`},
	} {
		if got := tc.c.text(tc.cs); got != tc.want {
			t.Errorf("%s: text %q, want %q", tc.name, got, tc.want)
		}
		if got := tc.c.exact(tc.cs); got != tc.want {
			t.Errorf("%s: exact %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestNumbersInText(t *testing.T) {
	for in, want := range map[string]string{
		`[4.91711234567E11,4.111111111111111E15]`:    `[491711234567,4111111111111111]`,
		`{"x":4.91711234567E11,"wkb":"AQ=="}`:        `{"x":491711234567,"wkb":"AQ=="}`,
		`{"e":"1E5 in a string","n":[1.5,-2E2,"x"]}`: `{"e":"1E5 in a string","n":[1.5,-200,"x"]}`,
		`{"q":"a \"1E5\" b","n":1}`:                  `{"q":"a \"1E5\" b","n":1}`,
		`[1,2,3]`:                                    `[1,2,3]`,
	} {
		if got := plainNumbersIn(in); got != want {
			t.Errorf("plainNumbersIn(%s) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"4111111111111111.00": "4111111111111111", "-12.0": "-12", "12.50": "12.50", "1.": "1.", ".00": ".00",
		"anna@example.com": "anna@example.com", "v2.0a": "v2.0a", "1.2.0": "1.2.0",
	} {
		if got := wholeNumber(in); got != want {
			t.Errorf("wholeNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// sameShape takes replaced JSON for orig's only when arrays and objects
// are orig's and no object has two members of one name: values and member
// names may change (a review saw an object whose key held an address
// written as a string).
func TestSameShape(t *testing.T) {
	for _, tc := range []struct {
		orig, replaced string
		want           bool
	}{
		{`["a@b.de", 1.5e3]`, `["psn_x", 1500]`, true},
		{`{"c":{"email":"a@b.de"},"n":5}`, `{"c":{"email":"psn_x"},"n":5}`, true},
		{`{"a":[{"b":"x"}],"c":"y"}`, `{"a":[{"b":"*"}],"c":"y"}`, true},
		{`{"ab":"x","cd":"y"}`, `{"**":"*","**":"*"}`, false},                            // masked names
		{`{"a":"Main St","b":"5"}`, `{"a":"psn_x"}`, false},                              // a span over two members
		{`{"a":"x"}`, `{"a":"x"} {}`, false},                                             // more than one value
		{`{"a":"x"}`, `{"a":"x"`, false},                                                 // cut short
		{`["x"]`, `{"x":1}`, false},                                                      // another container
		{`"x"`, `"y"`, false},                                                            // not a container
		{`{"a":{"b":1},"c":2}`, `{"a":{"b":1},"a":2}`, false},                            // a name after a nested value
		{`[{"a":1,"b":2},{"a":2}]`, `[{"a":1,"a":2},{"a":2}]`, false},                    // in an array of objects
		{`[{"a":1},{"a":2}]`, `[{"a":1},{"b":2}]`, true},                                 // names per object
		{`{"anna@example.org":true,"x":1}`, `{"psn_x":true,"x":1}`, true},                // an address as a key
		{`{"anna@example.org":true,"x":1}`, `{"x":true,"x":1}`, false},                   // two members one name
		{`{"a":1,"a":"anna@example.org"}`, `{"a":1,"a":"psn_x"}`, true},                  // as the original repeats it (a review)
		{`{"a":1,"a":2,"b@x.de":3}`, `{"a":1,"a":2,"a":3}`, false},                       // but no more
		{`{"a":[1,2],"b":{"c":[{"d":"e"}]}}`, `{"a":[1,2],"b":{"c":[{"d":"*"}]}}`, true}, // deep
	} {
		if got := sameShape(tc.orig, tc.replaced); got != tc.want {
			t.Errorf("sameShape(%s, %s) = %v, want %v", tc.orig, tc.replaced, got, tc.want)
		}
	}
}

// ownJSON: a nested value is written as JSON after replacement only when
// the text the detectors read is what the record would hold: not with
// bytes inside, which they read decoded and the record holds in base64.
func TestOwnJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Column
		want bool
	}{
		{"json column", Column{Kind: KindJSON, Str: `{"e":"a@b.de"}`, Raw: `{"e":"a@b.de"}`}, true},
		{"json column without raw", Column{Kind: KindJSON, Str: `["a@b.de"]`}, true},
		{"bytea array read decoded", Column{Kind: KindJSON, Str: `["hello"]`, Raw: `["aGVsbG8="]`}, false},
		{"avro map", Column{Kind: KindOther, Any: map[string]any{"e": "a@b.de", "n": int64(5)}}, true},
		{"avro array", Column{Kind: KindOther, Any: []any{"a@b.de", map[string]any{"x": "y"}}}, true},
		{"avro map with bytes", Column{Kind: KindOther, Any: map[string]any{"e": "a@b.de", "b": []byte("hello")}}, false},
		{"string", Column{Kind: KindString, Str: `{"e":"a@b.de"}`}, false},
	} {
		if got := tc.c.ownJSON(tc.c.text(DefaultCharset)); got != tc.want {
			t.Errorf("%s: ownJSON %v, want %v (text %s)", tc.name, got, tc.want, tc.c.text(DefaultCharset))
		}
	}
}

// unavailableBase64 is UnavailableValue as bytes in schemaless JSON.
const unavailableBase64 = "X19kZWJleml1bV91bmF2YWlsYWJsZV92YWx1ZQ=="

// A placeholder knows the forms Debezium's PostgreSQL connector writes it
// in, and nothing else; a connector's own placeholder as well as the
// default.
func TestUnavailable(t *testing.T) {
	numbers := func(s string, blanks bool) string {
		var b strings.Builder
		for i, c := range []byte(s) {
			if i > 0 {
				b.WriteString(map[bool]string{false: ",", true: ", "}[blanks])
			}
			b.WriteString(strconv.Itoa(int(c)))
		}
		return "[" + b.String() + "]"
	}
	bytesList := func(s string) []any {
		var l []any
		for _, b := range []byte(s) {
			l = append(l, int64(b))
		}
		return l
	}
	for _, ph := range []struct{ name, config, str, b64 string }{
		{"default", "", UnavailableValue, unavailableBase64},
		{"a connector's own", "<not sent>", "<not sent>", "PG5vdCBzZW50Pg=="},
		{"short", "~", "~", "fg=="},
		{"needing JSON escapes", `"x"\`, `"x"\`, "IngiXA=="},
	} {
		p := newPlaceholder(ph.config)
		if ph.str == UnavailableValue && p.uuid != "b68a35a7-17ad-35b3-af2a-ae46edb4545a" {
			// Java's UUID.nameUUIDFromBytes, as Python's uuid.UUID(bytes=md5(s), version=3) gives it too
			t.Fatalf("%s: name UUID %s", ph.name, p.uuid)
		}
		if p.b64 != ph.b64 {
			t.Fatalf("%s: base64 %s, want %s", ph.name, p.b64, ph.b64)
		}
		q := string(jsonw.AppendString(nil, ph.str))
		for _, tc := range []struct {
			name string
			c    Column
			want bool
		}{
			{"string", Column{Kind: KindString, Str: ph.str}, true},
			{"base64 of the bytes", Column{Kind: KindString, Str: ph.b64}, true},
			{"bytes", Column{Kind: KindOther, Any: []byte(ph.str)}, true},
			{"text[] as JSON", Column{Kind: KindJSON, Str: `[` + q + `]`}, true},
			{"int[] as JSON", Column{Kind: KindJSON, Str: numbers(ph.str, false)}, true},
			{"int[] as JSON with blanks", Column{Kind: KindJSON, Str: numbers(ph.str, true)}, true},
			{"text[] decoded", Column{Kind: KindOther, Any: []any{ph.str}}, true},
			{"int[] decoded", Column{Kind: KindOther, Any: bytesList(ph.str)}, true},
			{"hstore as JSON", Column{Kind: KindJSON, Str: `{` + q + `:` + q + `}`}, true},
			{"hstore as JSON text", Column{Kind: KindString, Str: `{` + q + `:` + q + `}`}, true},
			{"hstore decoded", Column{Kind: KindOther, Any: map[string]any{ph.str: ph.str}}, true},
			{"uuid[] as JSON", Column{Kind: KindJSON, Str: `["` + nameUUID(ph.str) + `"]`}, true},
			{"bytea[] as JSON", Column{Kind: KindJSON, Str: `["` + ph.b64 + `"]`}, true},
			{"bytea[] decoded", Column{Kind: KindOther, Any: []any{[]byte(ph.str)}}, true},
			{"hstore of another value", Column{Kind: KindJSON, Str: `{` + q + `:"a@b.de"}`}, false},
			{"hstore with another member", Column{Kind: KindJSON, Str: `{` + q + `:` + q + `,"k":"v"}`}, false},
			{"hstore decoded, another value", Column{Kind: KindOther, Any: map[string]any{ph.str: "a@b.de"}}, false},
			{"an ordinary uuid[]", Column{Kind: KindJSON, Str: `["5d1c0f1e-3b2a-4c1d-9e8f-1a2b3c4d5e6f"]`}, false},
			{"inside a text", Column{Kind: KindString, Str: "x " + ph.str}, false},
			{"two of them", Column{Kind: KindJSON, Str: `[` + q + `,` + q + `]`}, false},
			{"the other placeholder", Column{Kind: KindString, Str: map[bool]string{true: "<not sent>", false: UnavailableValue}[ph.str == UnavailableValue]}, false},
			{"an ordinary array", Column{Kind: KindJSON, Str: `["a@b.de"]`}, false},
			{"ordinary numbers", Column{Kind: KindJSON, Str: `[95,95,1]`}, false},
			{"null", Column{Kind: KindNull}, false},
		} {
			if got := p.of(&tc.c); got != tc.want {
				t.Errorf("%s placeholder, %s: %v, want %v", ph.name, tc.name, got, tc.want)
			}
		}
	}
}

// Debezium's stand-in for a NOT NULL number it was not sent is zero in the
// column's type: an integer, a decimal's text at its scale, a double, and
// under decimal.handling.mode=string a NUMERIC's zero as a string ("0.00",
// seen from Debezium 3.6.1).
func TestColumnZeroNumber(t *testing.T) {
	for _, tc := range []struct {
		c    Column
		zero bool
	}{
		{Column{Kind: KindInt}, true},
		{Column{Kind: KindNumber, Str: "0.00"}, true},
		{Column{Kind: KindNumber, Str: "-0"}, true},
		{Column{Kind: KindNumber, Str: "0E-10"}, true},
		{Column{Kind: KindOther, Any: float64(0)}, true},
		{Column{Kind: KindInt, Int: 42}, false},
		{Column{Kind: KindNumber, Str: "0.05"}, false},
		{Column{Kind: KindNumber, Str: "1E-10"}, false},
		{Column{Kind: KindNumber, Str: "."}, false},
		// a NUMERIC under decimal.handling.mode=string: its zero's text
		{Column{Kind: KindString, Str: "0"}, true},
		{Column{Kind: KindString, Str: "0.00"}, true},
		{Column{Kind: KindString, Str: ""}, false}, // a NOT NULL text column's stand-in: no text at all
		{Column{Kind: KindString, Str: "0 "}, false},
		{Column{Kind: KindString, Str: "007"}, false},
		{Column{Kind: KindBool}, false},
		{Column{}, false},
	} {
		if got := tc.c.zeroNumber(); got != tc.zero {
			t.Errorf("%+v: zero %t, want %t", tc.c, got, tc.zero)
		}
	}
}
