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
	}
}

// TestAvroPath would run Debezium's Avro output (Confluent wire format with
// a registry) through lethe. The native stack has no schema registry.
func TestAvroPath(t *testing.T) {
	needStack(t)
	t.Skip("Avro path not testable natively: no Confluent-compatible schema registry runs on the native stack " +
		"(Karapace is not on PyPI, Apicurio Registry has no runnable distribution on Maven Central, Confluent's registry " +
		"and Avro converter are not on Maven Central; see deploy/stack/README.md). docker-compose.yml runs the Avro path " +
		"with Apicurio (connector deploy/connect/crm-avro.json)")
}
