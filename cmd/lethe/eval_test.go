package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalAtThePolicyMinScore: lethe eval measures what the pipeline masks,
// and the engine drops findings scored under the policy's min_score (0.5 by
// default) where the scanner alone keeps them from 0.4. A Czech VAT id of a
// person born before 1954 (a nine-digit birth number, with no check digit)
// scores 0.45 and goes out raw under the default policy, so the default
// figures must not count it found; --min-score 0.4 measures the scanner.
func TestEvalAtThePolicyMinScore(t *testing.T) {
	corpus := filepath.Join(t.TempDir(), "c.jsonl")
	line := `{"field":"","value":"CZ530101123","spans":[{"category":"user.government_id.tax_identification_number","start":0,"end":11}]}` + "\n"
	if err := os.WriteFile(corpus, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args     []string
		found    int
		minScore float64
	}{
		{nil, 0, 0.5},
		{[]string{"--min-score", "0.4"}, 1, 0.4},
	} {
		code, stdout, stderr := run(t, "", append([]string{"eval", "--corpus", corpus, "--format", "json"}, tc.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %q", tc.args, code, stderr)
		}
		var rep struct {
			MinScore float64 `json:"min_score"`
			Families []struct {
				Name  string `json:"name"`
				Found int    `json:"found"`
			} `json:"families"`
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Families) != 1 || rep.Families[0].Name != "government_id" || rep.Families[0].Found != tc.found {
			t.Errorf("%v: families %+v, want government_id found %d", tc.args, rep.Families, tc.found)
		}
		if rep.MinScore != tc.minScore {
			t.Errorf("%v: report says min_score %v, want %v", tc.args, rep.MinScore, tc.minScore)
		}
	}
	for _, bad := range []string{"1.5", "-0.1", "NaN"} {
		if code, _, stderr := run(t, "", "eval", "--corpus", corpus, "--min-score", bad); code != 2 || !strings.Contains(stderr, "--min-score") {
			t.Errorf("--min-score %s: exit %d, stderr %q; want exit 2 naming the flag", bad, code, stderr)
		}
	}
}
