package bench

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/lethe-cdc/lethe/connectors/kafka"
)

// Result is what Run measured.
type Result struct {
	// Inputs and Outputs are the records in committed transactions.
	Inputs  int64 `json:"inputs"`
	Outputs int64 `json:"outputs"`
	// Commits and Aborts count transactions.
	Commits int64 `json:"commits"`
	Aborts  int64 `json:"aborts"`
	// Startup is the time from the runner's start until the first records
	// arrived (group join, metadata, first fetch); it is not part of
	// Elapsed.
	Startup time.Duration `json:"startup_ns"`
	// Elapsed is the time from the first fetched records to the commit
	// that reached the wanted input count.
	Elapsed time.Duration `json:"elapsed_ns"`
	// InputsPerSec and OutputsPerSec are Inputs and Outputs over Elapsed.
	InputsPerSec  float64 `json:"inputs_per_sec"`
	OutputsPerSec float64 `json:"outputs_per_sec"`
	// CPU is the CPU time the whole process (an embedded broker included)
	// used during Elapsed; 0 where it cannot be measured. Cores is CPU over
	// Elapsed and CPUPerInput CPU over Inputs: on a machine whose cores are
	// all busy, throughput is the cores divided by the CPU per input, and
	// CPU per input varies far less from run to run than events/s do.
	CPU         time.Duration `json:"cpu_ns"`
	Cores       float64       `json:"cores"`
	CPUPerInput time.Duration `json:"cpu_per_input_ns"`
}

// Run runs a kafka.Runner with cfg and h until wantInputs input records have
// been processed and committed, then stops it and reports throughput. The
// input topics must already hold at least wantInputs records (and cfg.Group
// should be fresh, so it starts from the beginning).
func Run(ctx context.Context, cfg kafka.RunnerConfig, h kafka.Handler, wantInputs int64) (Result, error) {
	if wantInputs <= 0 {
		return Result{}, fmt.Errorf("bench: wantInputs %d must be positive", wantInputs)
	}
	var (
		mu       sync.Mutex
		began    time.Time
		first    time.Time
		finished time.Time
		final    kafka.RunnerStats
		cpu0     time.Duration
		cpu      time.Duration
	)
	done := make(chan struct{})
	cfg.OnFirstRecords = func() {
		mu.Lock()
		first, cpu0 = time.Now(), processCPU()
		mu.Unlock()
	}
	cfg.OnCommitted = func(st kafka.RunnerStats) {
		if st.Inputs >= wantInputs && finished.IsZero() {
			mu.Lock()
			finished, final, cpu = time.Now(), st, processCPU()
			mu.Unlock()
			close(done)
		}
	}
	r, err := kafka.NewRunner(cfg, h)
	if err != nil {
		return Result{}, err
	}
	began = time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- r.Run(ctx) }()

	select {
	case <-done:
		cancel()
		if err := <-runErr; err != nil {
			return Result{}, err
		}
	case err := <-runErr:
		if err == nil {
			err = errors.New("stopped")
		}
		st := r.Stats()
		return Result{}, fmt.Errorf("bench: runner ended after %d of %d inputs: %w", st.Inputs, wantInputs, err)
	}
	mu.Lock()
	defer mu.Unlock()
	res := Result{
		Inputs: final.Inputs, Outputs: final.Outputs,
		Commits: final.Commits, Aborts: final.Aborts,
		Startup: first.Sub(began), Elapsed: finished.Sub(first),
	}
	if cpu0 > 0 && cpu > cpu0 {
		res.CPU = cpu - cpu0
	}
	res.rates()
	return res, nil
}

// rates fills in the per-second and per-input figures from the counts,
// Elapsed and CPU (CPU 0: not measured).
func (r *Result) rates() {
	if s := r.Elapsed.Seconds(); s > 0 {
		r.InputsPerSec = float64(r.Inputs) / s
		r.OutputsPerSec = float64(r.Outputs) / s
		r.Cores = r.CPU.Seconds() / s
	}
	if r.Inputs > 0 {
		r.CPUPerInput = r.CPU / time.Duration(r.Inputs)
	}
}

// Stopwatch measures a run in pieces, for runs whose inputs are made
// between the timed parts (the engine alone, fed from a generator): Start
// and Stop bracket each timed part, and Result reports their sum as
// Run reports a run. The zero Stopwatch is ready to use.
type Stopwatch struct {
	wall, cpu time.Duration
	t0        time.Time
	c0        time.Duration
}

// Start begins a timed part.
func (s *Stopwatch) Start() { s.t0, s.c0 = time.Now(), processCPU() }

// Stop ends the timed part begun by Start.
func (s *Stopwatch) Stop() {
	s.wall += time.Since(s.t0)
	if c := processCPU(); s.c0 > 0 && c > s.c0 {
		s.cpu += c - s.c0
	}
}

// Result reports inputs and outputs over the timed parts.
func (s *Stopwatch) Result(inputs, outputs int64) Result {
	res := Result{Inputs: inputs, Outputs: outputs, Elapsed: s.wall, CPU: s.cpu}
	res.rates()
	return res
}
