package kafka

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestBenchReport(t *testing.T) {
	raw := []BenchResult{{InputsPerSec: 100, Elapsed: time.Second}, {InputsPerSec: 300}, {InputsPerSec: 200}}
	full := []BenchResult{{InputsPerSec: 50}, {InputsPerSec: 10}, {InputsPerSec: 70}}
	r := NewBenchReport(1000, "embedded", raw, full)
	if r.Passthrough.InputsPerSec != 200 || r.Pipeline.InputsPerSec != 50 || r.Ratio != 0.25 {
		t.Fatalf("medians %v %v ratio %v", r.Passthrough.InputsPerSec, r.Pipeline.InputsPerSec, r.Ratio)
	}
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back["ratio"] != 0.25 {
		t.Fatalf("json: %v %v", err, back["ratio"])
	}
	b.Reset()
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "round 3 pipeline") || !strings.Contains(b.String(), "width:100%") || !strings.Contains(b.String(), "0.25") {
		t.Errorf("html lacks rounds, bars or ratio")
	}
	b.Reset()
	if err := r.WriteText(&b); err != nil || !strings.Contains(b.String(), "ratio                     0.25") {
		t.Errorf("text: %v %q", err, b.String())
	}
}
