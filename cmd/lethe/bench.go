package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/worker"
)

// benchReport is what `lethe bench --json` prints.
type benchReport struct {
	Events      int64             `json:"events"`
	Broker      string            `json:"broker"`
	Passthrough kafka.BenchResult `json:"passthrough"`
	Pipeline    kafka.BenchResult `json:"pipeline"`
	Ratio       float64           `json:"ratio"`
}

func runBench(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("bench", stderr)
	events := fs.Int64("events", 200000, "demo CRM events to process in each run")
	brokers := fs.String("brokers", "", "Kafka brokers to bench against (default: an in-process embedded broker)")
	seed := fs.Int64("seed", 1, "seed of the simulated CRM's data")
	partitions := fs.Int("partitions", 3, "partitions of the input topics")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the pipeline run to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *events <= 0 {
		return usagef("--events must be positive")
	}
	cfg := worker.Config{InsecureDevKeys: true, Embedded: worker.EmbeddedConfig{Listen: "127.0.0.1:0"},
		Group: "lethe-bench-pipeline", Log: worker.LogConfig{Format: "console", Level: "error"}}
	cfg.Topics.Partitions = int32(*partitions)
	w, log, err := startWorker(ctx, cfg, *brokers)
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()
	defer w.Close()
	cfg = w.Config()
	fmt.Fprintf(stderr, "producing %d demo CRM events to %s ...\n", *events, strings.Join(w.Brokers(), ","))
	if err := worker.Feed(ctx, w.Brokers(), democrm.New(*seed), *events, false, cfg.Topics.Partitions, nil); err != nil {
		return err
	}
	var topics []string
	var rawOut []kafka.TopicSpec
	for _, t := range worker.DemoTables {
		topics = append(topics, "crm.public."+t)
		rawOut = append(rawOut, kafka.TopicSpec{Name: "bench.raw.crm.public." + t, Partitions: cfg.Topics.Partitions})
	}
	if err := kafka.EnsureTopics(ctx, kadm.NewClient(w.Admin()), rawOut...); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "raw passthrough (consume, produce unchanged, same transactions) ...")
	raw, err := kafka.RunBench(ctx, kafka.RunnerConfig{Brokers: w.Brokers(), Group: "lethe-bench-raw", Topics: topics},
		kafka.PassthroughHandler{TopicMap: func(t string) string { return "bench.raw." + t }}, *events)
	if err != nil {
		return fmt.Errorf("passthrough: %w", err)
	}
	fmt.Fprintln(stderr, "full pipeline (decode, detect, sanitize, commands, data map) ...")
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return usagef("--cpuprofile: %v", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	full, err := w.Bench(ctx, *events)
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return fmt.Errorf("pipeline: %w", err)
	}
	rep := benchReport{Events: *events, Broker: "embedded", Passthrough: raw, Pipeline: full, Ratio: full.InputsPerSec / raw.InputsPerSec}
	if *brokers != "" {
		rep.Broker = *brokers
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(stdout, "events per run      %d (broker: %s)\n", rep.Events, rep.Broker)
	fmt.Fprintf(stdout, "raw passthrough     %10.0f events/s  (%s)\n", raw.InputsPerSec, raw.Elapsed.Round(1e6))
	fmt.Fprintf(stdout, "full pipeline       %10.0f events/s  (%s)\n", full.InputsPerSec, full.Elapsed.Round(1e6))
	fmt.Fprintf(stdout, "ratio               %10.2f\n", rep.Ratio)
	return nil
}
