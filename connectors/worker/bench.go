package worker

import (
	"context"
	"fmt"

	"github.com/lethe-cdc/lethe/connectors/bench"
	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/demofeed"
	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/pipeline"
)

// Bench runs a second runner, in consumer group group, over the worker's
// inputs with the worker's handler until n inputs are committed, and reports
// its throughput. It shares the worker's engine, so run it instead of Run,
// not beside it.
func (w *Worker) Bench(ctx context.Context, group string, n int64) (bench.Result, error) {
	cfg := w.runnerCfg
	cfg.Group = group
	return bench.Run(ctx, cfg, workerHandler{w}, n)
}

// BenchEngine runs a fresh engine, configured as the worker's, over the
// next n events of gen with no broker at all: decode, detect, sanitize,
// commands and data map on this machine's cores, in batches of the
// worker's batch size. That is the ceiling of the full pipeline here: what
// it would do if Kafka's own work (fetching, producing, compressing,
// transactions) cost nothing. The events are the messages demofeed.Produce
// would have produced with opt (see demofeed.Messages), made between
// batches, outside the timed parts.
func (w *Worker) BenchEngine(ctx context.Context, gen *democrm.Generator, n int64, opt demofeed.Options) (bench.Result, error) {
	cfg := w.engineCfg
	cfg.DataMap = pipeline.NewTracker(w.policy) // the worker's data map stays as it is
	e, err := pipeline.NewEngine(cfg)
	if err != nil {
		return bench.Result{}, err
	}
	batch := w.cfg.Batch.MaxRecords
	if batch <= 0 {
		batch = kafka.DefaultMaxBatch
	}
	msgs := demofeed.NewMessages(gen, opt)
	var (
		sw      bench.Stopwatch
		in      = make([]pipeline.Message, 0, batch)
		inputs  int64
		outputs int64
	)
	count := func(o []pipeline.Output) error {
		outputs += int64(len(o))
		return nil
	}
	for inputs < n {
		if err := ctx.Err(); err != nil {
			return bench.Result{}, err
		}
		if in, err = msgs.Append(in[:0], int(min(int64(batch), n-inputs))); err != nil {
			return bench.Result{}, fmt.Errorf("bench engine: %w", err)
		}
		sw.Start()
		err := e.HandleEach(ctx, in, count)
		if err == nil {
			e.Committed() // as the runner does: the outputs' memory is reused
		}
		sw.Stop()
		if err != nil {
			return bench.Result{}, fmt.Errorf("bench engine: %w", err)
		}
		inputs += int64(len(in))
	}
	return sw.Result(inputs, outputs), nil
}
