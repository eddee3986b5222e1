package bench

import (
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Report compares a raw passthrough with the full pipeline over several
// alternating rounds on the same events; the medians are compared, because
// on a shared machine a single run can be slowed by anything else running.
type Report struct {
	Events int64  `json:"events"`
	Broker string `json:"broker"`
	// Encoding names the events' encoding; NewReport sets
	// "schemaless JSON", the demo's.
	Encoding string `json:"encoding"`
	// Passthrough and Pipeline are the median rounds by throughput.
	Passthrough       Result   `json:"passthrough"`
	Pipeline          Result   `json:"pipeline"`
	Ratio             float64  `json:"ratio"`
	PassthroughRounds []Result `json:"passthrough_rounds"`
	PipelineRounds    []Result `json:"pipeline_rounds"`
	// Engine is the median round of the engine alone, on the same events
	// with no broker (omitted when not run), and Ceiling its events/s over
	// the passthrough's: the ratio the pipeline would reach if Kafka's own
	// work cost it nothing, on this machine's cores.
	Engine       *Result  `json:"engine,omitempty"`
	Ceiling      float64  `json:"ceiling,omitempty"`
	EngineRounds []Result `json:"engine_rounds,omitempty"`
	// PassthroughCPUPerInput and PipelineCPUPerInput are the medians over
	// the rounds of the CPU per input, the steadier figure (0 where CPU is
	// not measured).
	PassthroughCPUPerInput time.Duration `json:"passthrough_cpu_per_input_ns"`
	PipelineCPUPerInput    time.Duration `json:"pipeline_cpu_per_input_ns"`
}

// NewReport computes medians, the ratio and the ceiling from the
// rounds; engine may be empty.
func NewReport(events int64, broker string, passthrough, pipeline, engine []Result) Report {
	r := Report{Events: events, Broker: broker, Encoding: "schemaless JSON", PassthroughRounds: passthrough, PipelineRounds: pipeline,
		Passthrough: medianResult(passthrough), Pipeline: medianResult(pipeline),
		PassthroughCPUPerInput: medianCPU(passthrough), PipelineCPUPerInput: medianCPU(pipeline)}
	if len(engine) > 0 {
		e := medianResult(engine)
		e.CPUPerInput = medianCPU(engine)
		r.Engine, r.EngineRounds = &e, engine
	}
	if r.Passthrough.InputsPerSec > 0 {
		r.Ratio = r.Pipeline.InputsPerSec / r.Passthrough.InputsPerSec
		if r.Engine != nil {
			r.Ceiling = r.Engine.InputsPerSec / r.Passthrough.InputsPerSec
		}
	}
	return r
}

func medianCPU(rs []Result) time.Duration {
	var cpu []time.Duration
	for _, r := range rs {
		if r.CPUPerInput > 0 {
			cpu = append(cpu, r.CPUPerInput)
		}
	}
	if len(cpu) == 0 {
		return 0
	}
	slices.Sort(cpu)
	return cpu[len(cpu)/2]
}

func medianResult(rs []Result) Result {
	if len(rs) == 0 {
		return Result{}
	}
	s := slices.Clone(rs)
	slices.SortFunc(s, func(a, b Result) int { return cmp.Compare(a.InputsPerSec, b.InputsPerSec) })
	return s[len(s)/2]
}

// WriteText writes the report for a terminal.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	rounds := "median of " + strconv.Itoa(len(r.PipelineRounds)) + " rounds"
	if len(r.PipelineRounds) == 1 {
		rounds = "one round"
	}
	fmt.Fprintf(&b, "events per run      %d (%s, broker: %s), %s\n"+
		"raw passthrough     %10.0f events/s  (%s%s)\n"+
		"full pipeline       %10.0f events/s  (%s%s)\n",
		r.Events, r.Encoding, r.Broker, rounds,
		r.Passthrough.InputsPerSec, r.Passthrough.Elapsed.Round(time.Millisecond), cpuText(r.Passthrough.Cores, r.PassthroughCPUPerInput),
		r.Pipeline.InputsPerSec, r.Pipeline.Elapsed.Round(time.Millisecond), cpuText(r.Pipeline.Cores, r.PipelineCPUPerInput))
	if e := r.Engine; e != nil {
		fmt.Fprintf(&b, "engine alone        %10.0f events/s  (no broker%s)\n", e.InputsPerSec, cpuText(e.Cores, e.CPUPerInput))
	}
	fmt.Fprintf(&b, "ratio               %10.2f\n", r.Ratio)
	if r.Engine != nil {
		fmt.Fprintf(&b, "ceiling             %10.2f  (engine alone / passthrough: the ratio if Kafka's work cost the pipeline nothing)\n", r.Ceiling)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cpuText renders the cores a run kept busy and the median CPU per event,
// or nothing where CPU was not measured.
func cpuText(cores float64, perInput time.Duration) string {
	if perInput == 0 {
		return ""
	}
	return fmt.Sprintf(", %.2f cores, %.2f us CPU per event", cores, float64(perInput.Nanoseconds())/1e3)
}

// WriteJSON writes the report as indented JSON.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

type bar struct {
	Label string
	Rate  float64
	Width int // percent of the fastest
	Kind  string
}

// WriteHTML writes a self-contained page: the medians, the ratio, and a bar
// per round and run.
func (r Report) WriteHTML(w io.Writer) error {
	var bars []bar
	top := 0.0
	for i := range r.PipelineRounds {
		if i < len(r.PassthroughRounds) {
			bars = append(bars, bar{Label: fmt.Sprintf("round %d passthrough", i+1), Rate: r.PassthroughRounds[i].InputsPerSec, Kind: "raw"})
		}
		bars = append(bars, bar{Label: fmt.Sprintf("round %d pipeline", i+1), Rate: r.PipelineRounds[i].InputsPerSec, Kind: "full"})
		if i < len(r.EngineRounds) {
			bars = append(bars, bar{Label: fmt.Sprintf("round %d engine alone", i+1), Rate: r.EngineRounds[i].InputsPerSec, Kind: "engine"})
		}
	}
	for _, b := range bars {
		top = max(top, b.Rate)
	}
	for i := range bars {
		if top > 0 {
			bars[i].Width = int(bars[i].Rate * 100 / top)
		}
	}
	return reportHTML.Execute(w, struct {
		R    Report
		Bars []bar
	}{r, bars})
}

var reportHTML = template.Must(template.New("bench").Funcs(template.FuncMap{
	"rate": func(f float64) string { return fmt.Sprintf("%.0f", f) },
	"r2":   func(f float64) string { return fmt.Sprintf("%.2f", f) },
	"cpu": func(cores float64, perInput time.Duration) string {
		return strings.TrimPrefix(cpuText(cores, perInput), ", ")
	},
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>lethe bench</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse} td,th{padding:4px 10px;text-align:left}
.bar{display:inline-block;height:16px;vertical-align:middle}
.raw{background:#999}.full{background:#2c7fb8}.engine{background:#a6bddb}
</style></head><body>
<h1>lethe bench</h1>
<p>{{.R.Events}} demo CRM events ({{.R.Encoding}}) per run on broker {{.R.Broker}}; medians of {{len .R.PipelineRounds}} alternating rounds.</p>
<table>
<tr><th>raw passthrough</th><td>{{rate .R.Passthrough.InputsPerSec}} events/s</td><td>{{cpu .R.Passthrough.Cores .R.PassthroughCPUPerInput}}</td></tr>
<tr><th>full pipeline</th><td>{{rate .R.Pipeline.InputsPerSec}} events/s</td><td>{{cpu .R.Pipeline.Cores .R.PipelineCPUPerInput}}</td></tr>
{{with .R.Engine}}<tr><th>engine alone (no broker)</th><td>{{rate .InputsPerSec}} events/s</td><td>{{cpu .Cores .CPUPerInput}}</td></tr>{{end}}
<tr><th>ratio</th><td>{{r2 .R.Ratio}}</td></tr>
{{if .R.Engine}}<tr><th>ceiling</th><td>{{r2 .R.Ceiling}}</td><td>engine alone / passthrough: the ratio if Kafka's work cost the pipeline nothing</td></tr>{{end}}
</table>
<h2>Rounds (events/s)</h2>
<table>{{range .Bars}}<tr><td style="white-space:nowrap">{{.Label}}</td><td style="width:520px"><span class="bar {{.Kind}}" style="width:{{.Width}}%"></span></td><td>{{rate .Rate}}</td></tr>
{{end}}</table>
</body></html>
`))
