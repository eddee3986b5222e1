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
	Replication int16 `yaml:"replication"`
	Topics      struct {
		Commands   string   `yaml:"commands"`
		Partitions int32    `yaml:"partitions"`
		Purposes   []string `yaml:"purposes"`
	} `yaml:"topics"`
}

func TestLocate(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, key, problem string
	}{
		{"unknown top key", "brokres: [a]\n", "brokres", "line 1: field brokres not found"},
		{"unknown nested key", "batch:\n  max_recrods: 5\n", "batch.max_recrods", "line 2: field max_recrods not found"},
		{"wrong type", "batch:\n  max_records: lots\n", "batch.max_records", "line 2: got !!str, want a whole number"},
		{"wrong type in a list", "brokers:\n  - a\n  - {x: 1}\n", "brokers[1]", "line 3: got !!map, want a string (quote it)"},
		{"secret not quoted back", "keys:\n  token: [s3cret]\n", "keys.token", "got !!seq, want a string (quote it)"},
		{"list for a section", "batch: [1]\n", "batch", "line 1: got !!seq, want a mapping of keys to values"},
		{"duration as a number", "batch:\n  max_wait: 200\n", "batch.max_wait", "line 2: got !!int, want a duration such as 200ms"},
		{"two errors", "batch:\n  max_records: a\n  max_wait: b\n", "batch.max_records", "(and 1 more)"},
		{"syntax", "batch: [\n", "yaml", "did not find expected node content"},
		// a review found values quoted back outside type errors, and past a backtick in them
		{"out of range", "replication: 40000\n", "replication", "line 1: got a whole number out of range, want one from -32768 to 32767"},
		{"unknown anchor", "keys:\n  token: *s3cretSummer2024\n", "yaml", "unknown anchor referenced"},
		// what a syntax error expected is kept (a review saw it cut)
		// one-line mappings: the value the message quotes, not the mapping
		{"wrong type in a one-line mapping", "topics: {commands: c1, partitions: three}\n", "topics.partitions", "want a whole number"},
		{"a long value in a one-line mapping", "topics: {commands: c1, partitions: threehundred}\n", "topics.partitions", "want a whole number"},
		{"a string for a list in a one-line mapping", "topics: {commands: \"x.{table}\", purposes: ops}\n", "topics.purposes", "want a list"},
		{"unclosed flow sequence", "brokers: [a:1\ngroup: x\n", "yaml", "did not find expected ',' or ']'"},
		{"tab in the indentation", "batch:\n\tmax_records: 5\n", "yaml", "line 2: found character that cannot start any token (a tab in the indentation"},
		{"explicit tag", "batch:\n  max_records: !!int s3cret@example.com\n", "yaml", "cannot decode !!str as a !!int"},
		{"backtick in a value", "batch:\n  max_records: \"ab`s3cretvalue\"\n", "batch.max_records", "got !!str, want a whole number"},
		// a value over several lines (a block scalar, a ${NAME} holding a line break)
		{"multi-line value", "batch:\n  max_records: |\n    s3cret\n    more\n", "batch.max_records", "got !!str, want a whole number"},
		{"multi-line quoted value", "batch:\n  max_records: \"100\\nx: s3cret\"\n", "batch.max_records", "got !!str, want a whole number"},
		// a secret typed where a key goes is not shown as the unknown key
		{"secret as a key", "keys:\n  token: x\n  9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08s3cret:\n", "keys.<key not shown>", "line 3: unknown key (not shown: it may hold a secret)"},
		{"password as a key", "keys:\n  \"Sup3rS3cret!\": x\n", "keys.<key not shown>", "unknown key"},
		{"long key", "batch:\n  max_records_per_batch_for_all_the_s3cret_topics: 1\n", "batch.<key not shown>", "unknown key"},
		{"word and digits as a key", "keys:\n  Sommer2024s3cret: x\n", "keys.<key not shown>", "unknown key"},
		{"short password as a key", "keys:\n  hunter2s3cret: x\n", "keys.<key not shown>", "unknown key"},
		{"hex key as a key", "keys:\n  a1b2c3d4e5f60718293a4b5c6d7es3cret: x\n", "keys.<key not shown>", "unknown key"},
		// a key with blanks or line breaks is shown no more than one without
		{"passphrase as a key", "keys:\n  correct horse s3cret staple: x\n", "keys.<key not shown>", "line 2: unknown key (not shown: it may hold a secret)"},
		{"e-mail and IBAN as a key", "keys:\n  \"alice.s3cret@example.com DE89370400440532013000\": x\n", "keys.<key not shown>", "unknown key"},
		{"multi-line key", "keys:\n  ? |\n    s3cret\n    more\n  : x\n", "keys.<key not shown>", "unknown key"},
		// nor is a key written twice, which yaml.v3 quotes
		{"secret written twice as a key", "keys:\n  Sommer2024s3cret: x\n  Sommer2024s3cret: y\n", "yaml", "line 3: a key (not shown: it may hold a secret) already defined at line 2"},
		{"known key written twice", "batch:\n  max_records: 1\n  max_records: 2\n", "yaml", `line 3: mapping key "max_records" already defined at line 2`},
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
			if strings.Contains(problem, " in type ") || strings.Contains(problem, "yamlkey.") || strings.Contains(problem, "struct") || strings.Contains(problem, "map[") {
				t.Fatalf("problem %q names a Go type", problem)
			}
			if strings.Contains(problem, "s3cret") || strings.Contains(problem, "`") {
				t.Fatalf("problem %q quotes a value", problem)
			}
		})
	}
}
