package bench

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestReport(t *testing.T) {
	raw := []Result{{InputsPerSec: 100, Elapsed: time.Second, CPUPerInput: 3 * time.Microsecond}, {InputsPerSec: 300, CPUPerInput: time.Microsecond}, {InputsPerSec: 200, Cores: 1.25, CPUPerInput: 2 * time.Microsecond}}
	full := []Result{{InputsPerSec: 50}, {InputsPerSec: 10}, {InputsPerSec: 70}}
	engine := []Result{{InputsPerSec: 120, CPUPerInput: 5 * time.Microsecond}, {InputsPerSec: 80, CPUPerInput: 4 * time.Microsecond}, {InputsPerSec: 100, Cores: 1.5, CPUPerInput: 9 * time.Microsecond}}
	r := NewReport(1000, "embedded", raw, full, engine)
	if r.Passthrough.InputsPerSec != 200 || r.Pipeline.InputsPerSec != 50 || r.Ratio != 0.25 {
		t.Fatalf("medians %v %v ratio %v", r.Passthrough.InputsPerSec, r.Pipeline.InputsPerSec, r.Ratio)
	}
	if r.Engine == nil || r.Engine.InputsPerSec != 100 || r.Engine.CPUPerInput != 5*time.Microsecond || r.Ceiling != 0.5 {
		t.Fatalf("engine alone %+v, ceiling %v: want the median round (100/s, median CPU 5us) and 0.5", r.Engine, r.Ceiling)
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
	if !strings.Contains(b.String(), "round 3 pipeline") || !strings.Contains(b.String(), "round 2 engine alone") ||
		!strings.Contains(b.String(), "width:100%") || !strings.Contains(b.String(), "0.25") || !strings.Contains(b.String(), "<td>0.50</td>") {
		t.Errorf("html lacks rounds, bars, ratio or ceiling")
	}
	b.Reset()
	if err := r.WriteText(&b); err != nil || !strings.Contains(b.String(), "ratio                     0.25") ||
		!strings.Contains(b.String(), "1.25 cores, 2.00 us CPU per event") || !strings.Contains(b.String(), "ceiling                   0.50") ||
		!strings.Contains(b.String(), "engine alone               100 events/s  (no broker, 1.50 cores, 5.00 us CPU per event)") ||
		!strings.Contains(b.String(), "1000 (schemaless JSON, broker: embedded)") {
		t.Errorf("text: %v %q", err, b.String())
	}

	// Without engine rounds there is no ceiling to report.
	r = NewReport(1000, "embedded", raw, full, nil)
	r.Encoding = "JSON with schema+payload"
	b.Reset()
	if err := r.WriteText(&b); err != nil || strings.Contains(b.String(), "ceiling") || strings.Contains(b.String(), "engine") ||
		!strings.Contains(b.String(), "(JSON with schema+payload, broker: embedded)") {
		t.Errorf("text without engine rounds: %v %q", err, b.String())
	}
	b.Reset()
	if err := r.WriteJSON(&b); err != nil || strings.Contains(b.String(), "ceiling") {
		t.Errorf("json without engine rounds: %v %s", err, b.String())
	}
}
