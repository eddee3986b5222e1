package kafka

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/lethe-cdc/lethe/pipeline"
)

// PassthroughHandler copies every input unchanged (key, value, headers,
// timestamp) to a renamed topic and adds the lethe.input header. It is the
// "raw passthrough" baseline: the cost of exactly-once Kafka I/O alone,
// against which the real pipeline's overhead is measured. A *PassthroughHandler is
// a Preparer, as the pipeline's handler is, so the baseline runs the same
// transaction loop.
type PassthroughHandler struct {
	// TopicMap renames an input topic to its output topic; nil appends
	// ".passthrough".
	TopicMap func(string) string

	held []pipeline.Output // the prepared batch's outputs
	out  []pipeline.Output // HandleEach's, reused
}

// HandleEach implements EachHandler.
func (p *PassthroughHandler) HandleEach(ctx context.Context, in []pipeline.Message, emit func([]pipeline.Output) error) error {
	out, err := p.Handle(ctx, in, p.out[:0])
	if p.out = out[:0]; err != nil || len(out) == 0 {
		return err
	}
	return emit(out)
}

// Prepare implements Preparer.
func (p *PassthroughHandler) Prepare(ctx context.Context, in []pipeline.Message) error {
	out, err := p.Handle(ctx, in, p.held[:0])
	p.held = out
	return err
}

// Finish implements Preparer.
func (p *PassthroughHandler) Finish(_ context.Context, emit func([]pipeline.Output) error) error {
	out := p.held
	p.held = p.held[:0]
	if len(out) == 0 {
		return nil
	}
	return emit(out)
}

// Committed implements TxnObserver.
func (p *PassthroughHandler) Committed() {}

// Aborted implements TxnObserver: a prepared batch is forgotten.
func (p *PassthroughHandler) Aborted() { p.held = p.held[:0] }

// Handle implements Handler.
func (p PassthroughHandler) Handle(_ context.Context, in []pipeline.Message, out []pipeline.Output) ([]pipeline.Output, error) {
	// One header slab for the batch: the copied headers plus ours.
	n := 0
	for i := range in {
		n += len(in[i].Headers) + 1
	}
	hdrs := make([]pipeline.Header, 0, n)
	lastIn, lastOut := "", ""
	for i := range in {
		m := &in[i]
		if m.Topic != lastIn {
			lastIn = m.Topic
			if p.TopicMap != nil {
				lastOut = p.TopicMap(m.Topic)
			} else {
				lastOut = m.Topic + ".passthrough"
			}
		}
		start := len(hdrs)
		hdrs = append(hdrs, m.Headers...)
		hdrs = append(hdrs, pipeline.Header{Key: pipeline.HeaderInput, Value: []byte(m.Position())})
		out = append(out, pipeline.Output{Topic: lastOut, Key: m.Key, Value: m.Value, Headers: hdrs[start:len(hdrs):len(hdrs)], Timestamp: m.Timestamp})
	}
	return out, nil
}

// BenchResult is what RunBench measured.
type BenchResult struct {
	// Inputs and Outputs are the records in committed transactions.
	Inputs  int64 `json:"inputs"`
	Outputs int64 `json:"outputs"`
	// Commits and Aborts count transactions.
	Commits int64 `json:"commits"`
	Aborts  int64 `json:"aborts"`
	// Startup is the time from Run until the first records arrived (group
	// join, metadata, first fetch); it is not part of Elapsed.
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

// RunBench runs a Runner with cfg and h until wantInputs input records have
// been processed and committed, then stops it and reports throughput. The
// input topics must already hold at least wantInputs records (and cfg.Group
// should be fresh, so it starts from the beginning).
func RunBench(ctx context.Context, cfg RunnerConfig, h Handler, wantInputs int64) (BenchResult, error) {
	if wantInputs <= 0 {
		return BenchResult{}, fmt.Errorf("bench: wantInputs %d must be positive", wantInputs)
	}
	r, err := NewRunner(cfg, h)
	if err != nil {
		return BenchResult{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		mu       sync.Mutex
		began    = time.Now()
		first    time.Time
		finished time.Time
		final    RunnerStats
		cpu0     time.Duration
		cpu      time.Duration
	)
	done := make(chan struct{})
	r.hooks.firstBatch = func() {
		mu.Lock()
		first, cpu0 = time.Now(), processCPU()
		mu.Unlock()
	}
	r.hooks.afterCommit = func(st RunnerStats) {
		if st.Inputs >= wantInputs && finished.IsZero() {
			mu.Lock()
			finished, final, cpu = time.Now(), st, processCPU()
			mu.Unlock()
			close(done)
		}
	}
	runErr := make(chan error, 1)
	go func() { runErr <- r.Run(ctx) }()

	select {
	case <-done:
		cancel()
		if err := <-runErr; err != nil {
			return BenchResult{}, err
		}
	case err := <-runErr:
		if err == nil {
			err = errors.New("stopped")
		}
		st := r.Stats()
		return BenchResult{}, fmt.Errorf("bench: runner ended after %d of %d inputs: %w", st.Inputs, wantInputs, err)
	}
	mu.Lock()
	defer mu.Unlock()
	res := BenchResult{
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
func (b *BenchResult) rates() {
	if s := b.Elapsed.Seconds(); s > 0 {
		b.InputsPerSec = float64(b.Inputs) / s
		b.OutputsPerSec = float64(b.Outputs) / s
		b.Cores = b.CPU.Seconds() / s
	}
	if b.Inputs > 0 {
		b.CPUPerInput = b.CPU / time.Duration(b.Inputs)
	}
}

// Stopwatch measures a run in pieces, for runs whose inputs are made
// between the timed parts (the engine alone, fed from a generator): Start
// and Stop bracket each timed part, and Result reports their sum as
// RunBench reports a run. The zero Stopwatch is ready to use.
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
func (s *Stopwatch) Result(inputs, outputs int64) BenchResult {
	res := BenchResult{Inputs: inputs, Outputs: outputs, Elapsed: s.wall, CPU: s.cpu}
	res.rates()
	return res
}
