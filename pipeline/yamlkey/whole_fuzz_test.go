package yamlkey

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// fuzzConf and fuzzMirror are one shape, integers and their float64s: the
// test's own oracle of what yaml.v3 cuts.
type fuzzConf struct {
	A    int              `yaml:"a"`
	B    []uint8          `yaml:"b"`
	M    map[string]int16 `yaml:"m"`
	In   fuzzInner        `yaml:",inline"`
	P    *fuzzInner       `yaml:"p"`
	Rest map[string]int   `yaml:",inline"`
}

type fuzzInner struct {
	N int64  `yaml:"n"`
	U uint32 `yaml:"u"`
}

type fuzzMirror struct {
	A    float64            `yaml:"a"`
	B    []float64          `yaml:"b"`
	M    map[string]float64 `yaml:"m"`
	In   fuzzInnerMirror    `yaml:",inline"`
	P    *fuzzInnerMirror   `yaml:"p"`
	Rest map[string]float64 `yaml:",inline"`
}

type fuzzInnerMirror struct {
	N float64 `yaml:"n"`
	U float64 `yaml:"u"`
}

// Decode refuses a document exactly when yaml.v3 cuts or wraps a number
// into one of the integers (a differential test found a disagreement a
// walk of the nodes had, and two a review).
func FuzzDecodeNotWhole(f *testing.F) {
	for _, s := range []string{"a: 0.5\n", "b: [1, 2.5, 300]\n", "m: {x: 1e3, y: 40000}\n", "n: -.inf\nu: -1.0\n",
		"p: {n: 9223372036854775808.0}\n", "z: 1_.5\n", "<<: {a: 1.5}\na: 2\n", "a: &x 1.5\nm: {k: *x}\n",
		"!!merge a: 0.5\n", "{x: 0,<<, {0}}\n", "u: 4294967295\nn: 9007199254740993\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		var c fuzzConf
		var m fuzzMirror
		if unpanicked(func() error { return yaml.Unmarshal([]byte(doc), &c) }) != nil ||
			unpanicked(func() error { return yaml.Unmarshal([]byte(doc), &m) }) != nil {
			return
		}
		cut := float64(c.A) != m.A || float64(c.In.N) != m.In.N || float64(c.In.U) != m.In.U || len(c.B) != len(m.B)
		for i := range min(len(c.B), len(m.B)) {
			cut = cut || float64(c.B[i]) != m.B[i]
		}
		for k, v := range c.M {
			cut = cut || float64(v) != m.M[k]
		}
		for k, v := range c.Rest {
			cut = cut || float64(v) != m.Rest[k]
		}
		if c.P != nil && m.P != nil {
			cut = cut || float64(c.P.N) != m.P.N || float64(c.P.U) != m.P.U
		}
		var d fuzzConf
		key, problem := Decode([]byte(doc), &d)
		refused := strings.Contains(problem, "not whole") || strings.Contains(problem, "out of range")
		if cut != refused && !(cut && problem != "") {
			t.Fatalf("yaml.v3 cut a number: %v; Decode: %q %q", cut, key, problem)
		}
	})
}
