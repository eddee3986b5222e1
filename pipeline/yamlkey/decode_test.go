package yamlkey

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"gopkg.in/yaml.v3"
)

func TestDecodeOneDocument(t *testing.T) {
	type conf struct {
		Group string `yaml:"group"`
		N     int    `yaml:"n"`
	}
	for _, tc := range []struct{ doc, key, problem string }{
		{"group: a\n", "", ""},
		{"group: a\n---\n", "", ""},      // a trailing separator holds nothing
		{"---\ngroup: a\n...\n", "", ""}, // an explicit start and end
		{"group: a\n---\ngroup: b\n", "yaml", "a second YAML document starts at line 2"},
		{"group: a\n---\ngroup: [\n", "yaml", "after the first document"},
		{"group: a\nnn: 1\n", "nn", "field nn not found"},
		// yaml.v3 drops a null key and what it holds, KnownFields or not
		{"group: a\n~: 1\n", "yaml", "line 2: an empty key"},
		{"null: {group: b}\n", "yaml", "line 1: an empty key"},
		{"NULL: 1\n", "yaml", "an empty key"},
		{"\"\": 1\n", "yaml", "an empty key"},
		{"group: a\nm:\n  k: 1\n  : 2\n", "yaml", "did not find expected key"}, // yaml.v3's own
		{"m:\n  ~: 1\n", "m", "line 2: an empty key"},
		{"m: {? : 1}\n", "m", "an empty key"},
		{"m: {\"null\": 1}\n", "", ""}, // a key named null, quoted
		// under an unknown key, which may be a secret typed as a key (a leak hunt)
		{"group: a\ncorrect horse s3cret:\n  ~: 1\n", "<key not shown>", "line 3: an empty key"},
		{"group: a\nnn:\n  ~: 1\n", "nn", "line 3: an empty key"}, // a plain word: a typo of a key
		// yaml.v3 drops a null item from a list of strings or numbers:
		// "brokers:\n  - ${KAFKA}" with KAFKA empty was no broker, and
		// lethe started its embedded one
		{"tags:\n  - a\n  -\n", "tags[1]", "line 3: an empty list item"},
		{"tags: [a, ~, b]\n", "tags[1]", "line 1: an empty list item"},
		{"m: {k: 1}\ntags:\n  - null\n", "tags[0]", "line 3: an empty list item"},
		{"tags: [a, '']\n", "", ""}, // an empty string, kept
		{"tags: []\n", "", ""},
	} {
		var c struct {
			conf `yaml:",inline"`
			M    map[string]int `yaml:"m"`
			Tags []string       `yaml:"tags"`
		}
		key, problem := Decode([]byte(tc.doc), &c)
		if key != tc.key || !strings.Contains(problem, tc.problem) || (tc.problem == "") != (problem == "") {
			t.Errorf("%q: %q %q, want %q and a problem with %q", tc.doc, key, problem, tc.key, tc.problem)
		}
	}
}

// ShownKey leaves out of a path the keys a type does not know unless they
// are plain words, and list indexes that are none; known keys and a map's
// keys stay.
func TestShownKey(t *testing.T) {
	var c struct {
		Group string            `yaml:"group"`
		Tags  []string          `yaml:"tags"`
		M     map[string]string `yaml:"m"`
	}
	for path, want := range map[string]string{
		"group":                        "group",
		"tags[3]":                      "tags[3]",
		"m.Customers2024":              "m.Customers2024",
		"grup":                         "grup",
		"grup.x[2]":                    "grup.x[2]",
		"correct horse s3cret.x":       "<key not shown>",
		"group.Sommer2024s3cret":       "group.<key not shown>",
		"tags[s3cret]":                 "<key not shown>",
		"alice.s3cret@example.com[0]":  "<key not shown>",
		"m.k.alice.s3cret@example.com": "m.k.<key not shown>",
	} {
		if got := ShownKey(&c, path); got != want {
			t.Errorf("ShownKey(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestExpandEnv(t *testing.T) {
	env := map[string]string{"G": "team-a #prod", "R": "3", "K": "group", "EVIL": "x\ngroup: injected", "Q": `a"b`}
	lookup := func(n string) (string, bool) { v, ok := env[n]; return v, ok }
	type conf struct {
		Group string            `yaml:"group"`
		R     int               `yaml:"r"`
		Tags  []string          `yaml:"tags"`
		M     map[string]string `yaml:"m"`
	}
	doc := "# ${UNSET} in a comment is no reference\n${K}: ${G}\nr: ${R}\ntags: [${EVIL}, '${R}', \"q${Q}\"]\nm: {k: ${R}x}\n"
	out, key, problem := ExpandEnv([]byte(doc), lookup, nil)
	if problem != "" {
		t.Fatalf("%s: %s", key, problem)
	}
	var c conf
	if key, problem := Decode(out, &c); problem != "" {
		t.Fatalf("%s: %s\n%s", key, problem, out)
	}
	if c.Group != "team-a #prod" || c.R != 3 || strings.Join(c.Tags, "|") != "x\ngroup: injected|3|q"+`a"b` || c.M["k"] != "3x" {
		t.Errorf("got %+v from\n%s", c, out)
	}
	_, key, problem = ExpandEnv([]byte("a:\n  b: [x, ${UNSET}]\n"), lookup, nil)
	if key != "a.b[1]" || problem != "${UNSET} is not set in the environment" {
		t.Errorf("unset: %q %q", key, problem)
	}
	// a key written ${NAME} is named so, not by lethe's placeholder
	_, key, problem = ExpandEnv([]byte("inputs:\n  ${UNSET}: [a]\n  p${UNSET2}q: 1\n"), lookup, nil)
	if key != "inputs.${UNSET}" || problem != "${UNSET} is not set in the environment" {
		t.Errorf("unset key: %q %q", key, problem)
	}
	if _, _, problem = ExpandEnv([]byte("a: ${G}\n---\nb: 1\n"), lookup, nil); !strings.Contains(problem, "second YAML document") {
		t.Errorf("two documents: %q", problem)
	}
	// What is no reference is not taken as written: a shell's default
	// made every replica's transactional_id "${POD_NAME:-lethe-0}".
	for _, doc := range []string{"a:\n  b: ${POD_NAME:-lethe-0}\n", "a:\n  b: x-${1X}\n", "a:\n  b: ${}\n", "a:\n  b: ${R}-${UNCLOSED\n", "a:\n  b: [${G}, 's3cret${']\n"} {
		_, key, problem := ExpandEnv([]byte(doc), lookup, nil)
		if !strings.HasPrefix(key, "a.b") || !strings.Contains(problem, "no ${NAME} reference lethe expands") || strings.Contains(problem, "s3cret") || strings.Contains(problem, "POD") {
			t.Errorf("%q: %q %q, want a.b refused, the value not shown", doc, key, problem)
		}
	}
	if _, _, problem := ExpandEnv([]byte("k: {p: ${X:-y}}\n"), lookup, func(path string) bool { return path == "k.p" }); problem != "" {
		t.Errorf("a key the reader does not use: %q", problem)
	}
}

// A file saved as UTF-16 (Windows PowerShell's > and Out-File write it),
// which yaml.v3 reads by its byte order mark, has its ${NAME} expanded too:
// they were looked for in its bytes, found in none, and taken as written,
// so every replica had the transactional_id "${POD_NAME}", and an unset
// variable was no error.
func TestExpandEnvUTF16(t *testing.T) {
	lookup := func(n string) (string, bool) { return "lethe-2", n == "POD" }
	encode := func(s string, bigEndian bool) []byte {
		b := []byte{0xff, 0xfe}
		if bigEndian {
			b = []byte{0xfe, 0xff}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			if bigEndian {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		return b
	}
	for _, bigEndian := range []bool{false, true} {
		doc := encode("# ${UNSET} in a comment\ng: tx-${POD}\n", bigEndian)
		out, key, problem := ExpandEnv(doc, lookup, nil)
		var c struct {
			G string `yaml:"g"`
		}
		if problem != "" {
			t.Fatalf("%s: %s", key, problem)
		}
		if key, problem := DecodeExpanded(out, doc, &c); problem != "" || c.G != "tx-lethe-2" {
			t.Errorf("big endian %v: g = %q (%s: %s), want tx-lethe-2", bigEndian, c.G, key, problem)
		}
		if _, key, problem := ExpandEnv(encode("g: ${UNSET}\n", bigEndian), lookup, nil); key != "g" || problem != "${UNSET} is not set in the environment" {
			t.Errorf("big endian %v: unset: %q %q", bigEndian, key, problem)
		}
	}
}

// A placeholder's text in the file itself is the file's, never a
// reference (a review found one panicking or taking another's value); an
// explicit tag stays; errors after an expansion name the original's lines.
func TestExpandEnvEdges(t *testing.T) {
	env := map[string]string{"A": "a-value", "PW": "null"}
	lookup := func(n string) (string, bool) { v, ok := env[n]; return v, ok }
	type conf struct {
		A, B, U string
	}
	out, _, problem := ExpandEnv([]byte("a: ${A}\nb: lethe_env_ref_0__\nu: !!str ${PW}\n"), lookup, nil)
	if problem != "" {
		t.Fatal(problem)
	}
	var c conf
	if _, problem := Decode(out, &c); problem != "" || c.A != "a-value" || c.B != "lethe_env_ref_0__" || c.U != "null" {
		t.Errorf("got %+v (%s) from\n%s", c, problem, out)
	}
	type nums struct {
		G     string `yaml:"g"`
		Batch struct {
			N int `yaml:"n"`
		} `yaml:"batch"`
	}
	// "\${X}" in double quotes is YAML's escape error, as it is without
	// references: a placeholder once turned it into a no-break space
	// and the placeholder's text (a review).
	var g struct {
		G string `yaml:"g"`
	}
	esc := []byte("g: \"crm-\\${TEAM}\"\n")
	out, _, problem = ExpandEnv(esc, lookup, nil)
	if _, p := DecodeExpanded(out, esc, &g); problem == "" && p == "" {
		t.Errorf("\\${TEAM} in double quotes decoded as %q, want an error", g.G)
	}
	orig := []byte("g: ${A}\n\n\n\nbatch:\n\n\n  n: abc\n")
	out, _, _ = ExpandEnv(orig, lookup, nil)
	var n nums
	key, problem := DecodeExpanded(out, orig, &n)
	if key != "batch.n" || !strings.HasPrefix(problem, "line 8: ") {
		t.Errorf("%q %q, want batch.n at line 8", key, problem)
	}
	orig = []byte("g: ${A}\n\nbatch:\n  n: 1\n\n  n: 2\n")
	out, _, _ = ExpandEnv(orig, lookup, nil)
	if key, problem := DecodeExpanded(out, orig, &n); !strings.Contains(problem, "line 6") || !strings.Contains(problem, "already defined at line 4") {
		t.Errorf("a key defined twice: %q %q, want lines 6 and 4", key, problem)
	}
	// An unknown key that is not shown (it may be a secret) still gets
	// its line (a review saw none in a file with a reference).
	orig = []byte("g: ${A}\n\nbatch:\n\n  maxRecords: 3\n")
	out, _, _ = ExpandEnv(orig, lookup, nil)
	if key, problem := DecodeExpanded(out, orig, &n); key != "batch.<key not shown>" || !strings.HasPrefix(problem, "line 5: ") || strings.Contains(problem, "maxRecords") {
		t.Errorf("an unknown key not shown: %q %q, want batch.<key not shown> at line 5", key, problem)
	}
}

// A number yaml.v3 would cut or wrap to fit an integer is refused, named
// by its key: it cut 1023.99 to 1023 and 0.5 to 0 without a word (a
// review). Whole numbers written as floats, floats where floats go and
// strings that look like numbers are taken. The cases after the first
// block are the reviews' of a check that walked the document's nodes
// apart from yaml.v3 and read it otherwise.
func TestDecodeNotWhole(t *testing.T) {
	type inner struct {
		Max  int64   `yaml:"max_records"`
		Rate float64 `yaml:"rate"`
	}
	type embedded struct {
		Parts int32 `yaml:"partitions"`
	}
	type conf struct {
		embedded `yaml:",inline"`
		Batch    inner            `yaml:"batch"`
		Ptr      *inner           `yaml:"ptr"`
		List     []inner          `yaml:"list"`
		Ports    []uint16         `yaml:"ports"`
		Pair     [2]int8          `yaml:"pair"`
		ByName   map[string]int   `yaml:"by_name"`
		Wait     time.Duration    `yaml:"wait"`
		Name     string           `yaml:"name"`
		Any      map[string]any   `yaml:"any"`
		Columns  int              // no tag: "columns"
		Nested   map[string]inner `yaml:"nested"`
		Big      uint64           `yaml:"big"`
		Rest     map[string]int   `yaml:",inline"`
	}
	for _, tc := range []struct{ doc, key, problem string }{
		{"batch: {max_records: 10.5}\n", "batch.max_records", "line 1: got a number that is not whole, want a whole number"},
		{"partitions: 1.7\n", "partitions", "line 1: got a number"},
		{"ptr:\n  max_records: 0.5\n", "ptr.max_records", "line 2: got a number"},
		{"list:\n  - max_records: 1\n  - max_records: 2.5\n", "list[1].max_records", "line 3: got a number"},
		{"ports: [80, 443.1]\n", "ports[1]", "line 1: got a number"},
		{"pair: [1, 2.5]\n", "pair[1]", "got a number"},
		{"by_name: {a: 1, b: -1.25}\n", "by_name.b", "line 1: got a number"},
		{"columns: 4.2\n", "columns", "got a number"},
		{"nested: {x: {max_records: 1e-3}}\n", "nested.x.max_records", "got a number"},
		{"columns: -.inf\n", "columns", "not whole"},
		{"big: -1.0\n", "big", "got a whole number out of range, want one from 0 to"},
		{"pair: [1, 300.0]\n", "pair[1]", "line 1: got !!float, want a whole number"}, // yaml.v3's own refusal
		{"pair: [1, 300]\n", "pair[1]", "got a whole number out of range, want one from -128 to 127"},
		{"columns: 9223372036854775808.0\n", "columns", "out of range"},
		{"batch: {max_records: 1e6, rate: 0.5}\npartitions: 3.0\n", "", ""},
		{"name: 1.5\nany: {x: 2.5}\nwait: 5s\nports: [0x10, 0o17, 1_000]\n", "", ""},
		// merge keys and aliases, as yaml.v3 reads them
		{"<<: {columns: 0.5}\n", "columns", "got a number"},
		{"batch:\n  <<: {max_records: 10.5}\n", "batch.max_records", "got a number"},
		{"batch:\n  <<: [{rate: 1}, {max_records: 7.9}]\n", "batch.max_records", "got a number"},
		{"list:\n  - &b {max_records: 1, rate: 0.5}\n  - <<: *b\n    max_records: 2\n", "", ""},
		{"batch:\n  <<: {max_records: 1.5}\n  max_records: 2\n", "", ""},
		{"batch:\n  <<: [{max_records: 1}, {max_records: 1.5}]\n", "", ""},
		{"name: &k columns\n*k : 0.5\n", "columns", "got a number"},
		{"list:\n  - max_records: &n 1\n    rate: &f 2.5\n  - max_records: *f\n", "list[1].max_records", "line 4: got a number"},
		{"!!merge columns: 0.5\n", "columns", "line 1: got a number"},
		{"columns: 1_.5\n", "columns", "got a number"},
		{"columns: 1__0.5\n", "columns", "got a number"},
		{"by_name: {1: 5, <<: {\"1\": 0.5}}\n", "by_name.1", "got a number"},
		// an inline map takes the keys no field takes
		{"name: x\nextra: 2.5\n", "extra", "line 2: got a number"},
		{"~: 0.5\n", "yaml", "an empty key"}, // yaml.v3 drops a null key: emptyKey refuses it
	} {
		var c conf
		key, problem := Decode([]byte(tc.doc), &c)
		if key != tc.key || !strings.Contains(problem, tc.problem) || (tc.problem == "") != (problem == "") {
			t.Errorf("%q: %q %q, want %q and a problem with %q", tc.doc, key, problem, tc.key, tc.problem)
		}
	}
}

// A struct inlined in another, holding an inline map of its own: yaml.v3
// does not carry that map up (a review), so a key of the outer struct is
// its field, checked as such.
func TestDecodeNotWholeNestedInline(t *testing.T) {
	type conf struct {
		In struct {
			X    int               `yaml:"x"`
			Rest map[string]string `yaml:",inline"`
		} `yaml:",inline"`
		N     int     `yaml:"n"`
		Ratio float64 `yaml:"ratio"`
	}
	var c conf
	if key, problem := Decode([]byte("n: 0.5\nx: 1\n"), &c); key != "n" || problem == "" {
		t.Errorf("n: 0.5: %q %q, want n refused", key, problem)
	}
	if key, problem := Decode([]byte("ratio: 0.5\n"), &c); problem != "" {
		t.Errorf("ratio: 0.5: %q %q, want it taken", key, problem)
	}
}

// Types that decode themselves are theirs to check; a recursive type is
// checked as far as reflect can mirror it.
func TestDecodeNotWholeSelfDecoding(t *testing.T) {
	type conf struct {
		P percent `yaml:"p"`
		L *list   `yaml:"l"`
		N int     `yaml:"n"`
	}
	var c conf
	if key, problem := Decode([]byte("p: 0.5\nl: {v: 1, next: {v: 2.5}}\n"), &c); problem != "" {
		t.Errorf("%q %q, want taken", key, problem)
	}
	if c.P != 50 {
		t.Errorf("p = %d, want 50", c.P)
	}
	if key, _ := Decode([]byte("n: 2.5\n"), &c); key != "n" {
		t.Errorf("n: 2.5 beside a recursive type: key %q, want n", key)
	}
}

type percent int

func (p *percent) UnmarshalText(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	*p = percent(f * 100)
	return err
}

type list struct {
	V    int   `yaml:"v"`
	Next *list `yaml:"next"`
}

// yaml.v3 panics on some broken documents (a mapping used as a key beside
// a merge key, found by a fuzz test); Decode refuses them instead, and a
// config file so broken gives exit 2, not a crash.
func TestDecodePanicRefused(t *testing.T) {
	var v struct {
		X int `yaml:"x"`
	}
	for _, doc := range []string{"{x: 0,<<, {000000}}\n", "{<<, {0}}\n"} {
		key, problem := Decode([]byte(doc), &v)
		if key != "yaml" || !strings.Contains(problem, "the YAML decoder failed on this document: a mapping or a list used as a key") {
			t.Errorf("%q: %q %q, want the document refused", doc, key, problem)
		}
	}
	var m map[string]int
	if _, problem := Decode([]byte("{x: 0,<<, {000000}}\n"), &m); problem == "" {
		t.Error("decoded into a map")
	}
}

// A panic that is not yaml.v3's on an unhashable key is lethe's bug, not
// the document's: it is not reported as a problem of the file (a review).
func TestDecodeOtherPanicNotBlamedOnTheDocument(t *testing.T) {
	var c struct {
		P panicky `yaml:"p"`
	}
	defer func() {
		if recover() == nil {
			t.Error("the panic of an UnmarshalYAML was swallowed")
		}
	}()
	Decode([]byte("p: 1\n"), &c)
}

type panicky struct{ p *int }

func (b *panicky) UnmarshalYAML(*yaml.Node) error { return fmt.Errorf("%d", *b.p) }

// A yaml.Node field holds the node itself: it is not mirrored as a struct
// of numbers (a valid document was refused for its kind), and the check
// still runs beside it (a review).
func TestDecodeNotWholeBesideANode(t *testing.T) {
	var c struct {
		Raw yaml.Node `yaml:"raw"`
		N   int       `yaml:"n"`
	}
	if key, problem := Decode([]byte("raw: {a: b}\nn: 1\n"), &c); problem != "" {
		t.Errorf("a valid document refused: %q %q", key, problem)
	}
	if key, problem := Decode([]byte("raw: hello\nn: 1.5\n"), &c); key != "n" || problem == "" {
		t.Errorf("n: 1.5 beside a node: %q %q, want n refused", key, problem)
	}
}
