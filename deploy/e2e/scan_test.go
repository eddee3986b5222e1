package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/pipeline/datamap"
)

// TestScanTheCRMDatabase runs `lethe scan` as the read-only role against the
// stack's database and checks the data map it prints.
func TestScanTheCRMDatabase(t *testing.T) {
	needStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, lethe(t), "scan", "--postgres", scanDSN, "--format", "json")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("lethe scan: %v: %s", err, lastLine(stderr.String()))
	}
	var entries []datamap.Entry
	if err := json.Unmarshal(stdout.Bytes(), &entries); err != nil {
		t.Fatalf("lethe scan printed %d bytes that are not a JSON data map: %v", stdout.Len(), err)
	}
	t.Logf("lethe scan: %d columns in %s", len(entries), time.Since(start).Round(time.Millisecond))
	checkDataMap(t, "lethe scan", entries)
	for _, e := range entries {
		if e.SourceTopic != "" {
			t.Errorf("lethe scan: column %s.%s has source topic %q, want none for a database scan", e.Table, e.Column, e.SourceTopic)
		}
		// A column never read would pass every "not personal" check.
		if e.Coverage != datamap.CoverageSampled || e.Seen == 0 {
			t.Errorf("lethe scan: column %s.%s coverage %q with %d values seen, want sampled and read", e.Table, e.Column, e.Coverage, e.Seen)
		}
	}
}
