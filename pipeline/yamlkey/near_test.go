package yamlkey

import (
	"strings"
	"testing"
)

// A mistyped key is named with the key it is a typo of, wherever it sits:
// in a nested struct, a map's values, a list's items, an inline struct.
func TestDecodeSuggestsTheKey(t *testing.T) {
	type inner struct {
		MaxRecords int  `yaml:"max_records"`
		Enabled    bool `yaml:"enabled"`
	}
	type common struct {
		Brokers []string `yaml:"brokers"`
	}
	type config struct {
		common     `yaml:",inline"`
		Batch      inner            `yaml:"batch"`
		Recipients map[string]inner `yaml:"recipients"`
		Inputs     []*inner         `yaml:"inputs"`
		Name       string
	}
	for _, tc := range []struct{ doc, want string }{
		{"batch:\n  max_record: 1\n", "did you mean max_records?"},
		{"brokres: [a]\n", "did you mean brokers?"},
		{"recipients:\n  crm:\n    enabeld: true\n", "did you mean enabled?"},
		{"inputs:\n  - max_recrods: 2\n", "did you mean max_records?"},
		{"nme: x\n", "did you mean name?"},
		{"zzzzzz: 1\n", ""},
		{"Sommer2024Passwort: 1\n", ""}, // not shown, so not matched either
	} {
		var c config
		key, problem := Decode([]byte(tc.doc), &c)
		if problem == "" {
			t.Errorf("%q: decoded", tc.doc)
			continue
		}
		if tc.want == "" && strings.Contains(problem, "did you mean") || tc.want != "" && !strings.Contains(problem, tc.want) {
			t.Errorf("%q: %s: %s, want %q", tc.doc, key, problem, tc.want)
		}
	}
}

// A mapping an alias repeats where its keys are unknown: yaml.v3 names the
// anchor's line, where the key is right, and the hint says so instead of
// suggesting the key itself (a review saw "did you mean max_records?" for
// max_records).
func TestDecodeAliasedKeyNotSuggestedItself(t *testing.T) {
	var c struct {
		Batch struct {
			MaxRecords int `yaml:"max_records"`
		} `yaml:"batch"`
		Embedded struct {
			Listen string `yaml:"listen"`
		} `yaml:"embedded"`
	}
	key, problem := Decode([]byte("batch: &b {max_records: 5}\nembedded: *b\n"), &c)
	if key != "batch.max_records" || strings.Contains(problem, "did you mean") || !strings.Contains(problem, "an alias (*name) or a merge key (<<) repeats this mapping") {
		t.Errorf("%q %q", key, problem)
	}
}
