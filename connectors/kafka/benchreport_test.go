package kafka

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestBenchReport(t *testing.T) {
	raw := []BenchResult{{InputsPerSec: 100, Elapsed: time.Second, CPUPerInput: 3 * time.Microsecond}, {InputsPerSec: 300, CPUPerInput: time.Microsecond}, {InputsPerSec: 200, Cores: 1.25, CPUPerInput: 2 * time.Microsecond}}
	full := []BenchResult{{InputsPerSec: 50}, {InputsPerSec: 10}, {InputsPerSec: 70}}
	r := NewBenchReport(1000, "embedded", raw, full)
	if r.Passthrough.InputsPerSec != 200 || r.Pipeline.InputsPerSec != 50 || r.Ratio != 0.25 {
		t.Fatalf("medians %v %v ratio %v", r.Passthrough.InputsPerSec, r.Pipeline.InputsPerSec, r.Ratio)
	}
	if r.PassthroughCPUPerInput != 2*time.Microsecond || r.PipelineCPUPerInput != 0 {
		t.Fatalf("median CPU per input %v and %v, want 2us and unmeasured", r.PassthroughCPUPerInput, r.PipelineCPUPerInput)
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
	if err := r.WriteText(&b); err != nil || !strings.Contains(b.String(), "ratio                     0.25") ||
		!strings.Contains(b.String(), "1.25 cores, 2.00 us CPU per event") {
		t.Errorf("text: %v %q", err, b.String())
	}
}
