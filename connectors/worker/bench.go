package worker

import (
	"context"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/bench"
	"github.com/lethe-cdc/lethe/connectors/democrm"
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
// transactions) cost nothing. The events are encoded as Feed encodes them
// with opt (WithSchema, Partitions; the rest is ignored), between batches,
// outside the timed parts, and numbered in partitions as Kafka's default
// partitioner would place them, because the engine keeps state per
// partition.
func (w *Worker) BenchEngine(ctx context.Context, gen *democrm.Generator, n int64, opt FeedOptions) (bench.Result, error) {
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
	partitions := max(opt.Partitions, 1)
	partitioner := kgo.StickyKeyPartitioner(nil)
	byTopic := map[string]kgo.TopicPartitioner{}
	offsets := map[pipeline.Position]int64{} // the next offset of each topic and partition
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
		in = in[:0]
		for len(in) < batch && inputs+int64(len(in)) < n {
			ev := gen.Next()
			k, v, err := ev.Encode(opt.WithSchema)
			if err != nil {
				return bench.Result{}, fmt.Errorf("bench engine: encode event for %s: %w", ev.Topic, err)
			}
			tp := byTopic[ev.Topic]
			if tp == nil {
				tp = partitioner.ForTopic(ev.Topic)
				byTopic[ev.Topic] = tp
			}
			at := pipeline.Position{Topic: ev.Topic, Partition: int32(tp.Partition(&kgo.Record{Key: k}, int(partitions)))}
			offset := offsets[at]
			offsets[at] = offset + 1
			in = append(in, pipeline.Message{Topic: at.Topic, Partition: at.Partition, Offset: offset, Key: k, Value: v, Timestamp: time.Now()})
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
