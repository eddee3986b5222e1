package yamlkey

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

type doc struct {
	Brokers []string `yaml:"brokers"`
	Batch   struct {
		MaxRecords int           `yaml:"max_records"`
		MaxWait    time.Duration `yaml:"max_wait"`
	} `yaml:"batch"`
	Keys struct {
		Token string `yaml:"token"`
	} `yaml:"keys"`
}

func TestLocate(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, key, problem string
	}{
		{"unknown top key", "brokres: [a]\n", "brokres", "line 1: field brokres not found in type yamlkey.doc"},
		{"unknown nested key", "batch:\n  max_recrods: 5\n", "batch.max_recrods", "line 2: field max_recrods not found"},
		{"wrong type", "batch:\n  max_records: lots\n", "batch.max_records", "line 2: cannot unmarshal !!str into int"},
		{"wrong type in a list", "brokers:\n  - a\n  - {x: 1}\n", "brokers[1]", "line 3: cannot unmarshal !!map into string"},
		{"secret not quoted back", "keys:\n  token: [s3cret]\n", "keys.token", "cannot unmarshal !!seq into string"},
		{"two errors", "batch:\n  max_records: a\n  max_wait: b\n", "batch.max_records", "(and 1 more)"},
		{"syntax", "batch: [\n", "yaml", "did not find expected node content"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d doc
			dec := yaml.NewDecoder(strings.NewReader(tc.yaml))
			dec.KnownFields(true)
			err := dec.Decode(&d)
			if err == nil {
				t.Fatal("decoded")
			}
			key, problem := Locate([]byte(tc.yaml), err)
			if key != tc.key || !strings.Contains(problem, tc.problem) {
				t.Fatalf("Locate = %q, %q; want %q and a problem containing %q", key, problem, tc.key, tc.problem)
			}
			if strings.Contains(problem, "s3cret") || strings.Contains(problem, "`") {
				t.Fatalf("problem %q quotes a value", problem)
			}
		})
	}
}
