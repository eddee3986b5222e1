package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/lethe-cdc/lethe/connectors/bench"
	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/demofeed"
	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/worker"
)

func runBench(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("bench", stderr)
	events := fs.Int64("events", 200000, "demo CRM events to process in each run")
	brokers := fs.String("brokers", "", "Kafka brokers to bench against (default: an in-process embedded broker)")
	listen := fs.String("listen", "127.0.0.1:0", "host:port of the embedded broker (port 0: a free one)")
	seed := fs.Int64("seed", 1, "seed of the simulated CRM's data")
	partitions := fs.Int("partitions", 3, "partitions of the input topics")
	format := fs.String("format", "text", "report format: text, json or html")
	rounds := fs.Int("rounds", 3, "alternating rounds of each run; the medians are compared")
	parallelism := fs.Int("parallelism", 0, "goroutines sharing each batch (0: one per CPU)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the runs to this file")
	traceOut := fs.String("trace", "", "write a Go execution trace of the runs to this file (go tool trace)")
	withSchema := fs.Bool("with-schema", false, "emit Debezium JSON with schema+payload (Kafka Connect's JsonConverter default) instead of schemaless")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *events <= 0 {
		return usagef("--events must be positive")
	}
	if err := checkBrokers(brokers); err != nil {
		return err
	}
	if *brokers != "" {
		// --listen configures the embedded broker, which --brokers replaces:
		// taken silently, it would name a broker the bench never starts.
		listenSet := false
		fs.Visit(func(f *flag.Flag) { listenSet = listenSet || f.Name == "listen" })
		if listenSet {
			return usagef("--listen: only for the embedded broker, which --brokers replaces")
		}
	}
	if *rounds < 1 {
		return usagef("--rounds must be at least 1")
	}
	if *partitions < 1 || *partitions > math.MaxInt32 {
		return usagef("--partitions must be from 1 to %d", math.MaxInt32)
	}
	if err := (&worker.EmbeddedConfig{Listen: *listen}).Validate(); err != nil {
		return flagError(err)
	}
	if err := checkChoice("--format", *format, "text", "json", "html"); err != nil {
		return err
	}
	// The profiles' files are made before anything runs: a path that
	// cannot be written failed only after the events were produced.
	type profile struct {
		flag  string
		f     *os.File
		start func(io.Writer) error
		stop  func()
	}
	var profiles []profile
	for _, p := range []struct {
		path string
		profile
	}{{*cpuProfile, profile{"--cpuprofile", nil, pprof.StartCPUProfile, pprof.StopCPUProfile}}, {*traceOut, profile{"--trace", nil, trace.Start, trace.Stop}}} {
		if p.path == "" {
			continue
		}
		f, err := os.Create(p.path)
		if err != nil {
			return usagef("%s: %s", p.flag, worker.ShownErr(err))
		}
		defer f.Close()
		p.profile.f = f
		profiles = append(profiles, p.profile)
	}
	// Fresh topics and groups per run, so a bench against a shared Kafka
	// reads only its own events and leaves other consumers alone.
	run := strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
	prefix := "lethebench" + run
	cfg := worker.Config{InsecureDevKeys: true, Embedded: worker.EmbeddedConfig{Listen: *listen},
		Log: worker.LogConfig{Format: "console", Level: "error"}}
	cfg.UnderPrefix(prefix, prefix+"-pipeline")
	cfg.CreateDemoInputs()
	cfg.Topics.Partitions = int32(*partitions)
	cfg.Parallelism = *parallelism
	w, log, err := startWorker(ctx, cfg, *brokers)
	if err != nil {
		return listenError(flagError(err)) // the bench's config is built from its flags: name the flag
	}
	defer func() { _ = log.Sync() }()
	defer w.Close()
	defer deleteTopics(w, prefix, stderr)
	cfg = w.Config()
	fmt.Fprintf(stderr, "producing %d demo CRM events to %s ...\n", *events, strings.Join(w.Brokers(), ","))
	gen := democrm.New(*seed, democrm.WithTopicPrefix(prefix))
	feed := demofeed.Options{Prefix: prefix, WithSchema: *withSchema, Partitions: cfg.Topics.Partitions, ClientOpts: w.ClientOpts()}
	if err := demofeed.Produce(ctx, w.Brokers(), gen, *events, feed); err != nil {
		return err
	}
	topics := democrm.Topics(prefix)
	var rawOut []kafka.TopicSpec
	for _, t := range topics {
		rawOut = append(rawOut, kafka.TopicSpec{Name: "raw." + t, Partitions: cfg.Topics.Partitions})
	}
	if err := kafka.EnsureTopics(ctx, kadm.NewClient(w.Admin()), rawOut...); err != nil {
		return err
	}
	for _, p := range profiles {
		if err := p.start(p.f); err != nil {
			return fmt.Errorf("%s: %w", p.flag, err)
		}
		defer p.stop()
	}
	// Alternate the runs, each round in fresh consumer groups over the same
	// events, and compare medians: on a shared machine one run can be
	// slowed by anything else that runs. Each round starts with another
	// run (passthrough, pipeline, engine; then pipeline, engine,
	// passthrough; ...), so that no run always follows the same one: a
	// garbage collection the produce phase or another run left due lands
	// in whichever comes next (a review saw it cost the passthrough, always
	// first, 10-20% of a round).
	var raws, fulls, engines []bench.Result
	for round := range *rounds {
		g := prefix + "-" + strconv.Itoa(round)
		var raw, full, eng bench.Result
		steps := []func() error{
			func() (err error) {
				fmt.Fprintf(stderr, "round %d/%d: raw passthrough (consume, produce unchanged, same transactions) ...\n", round+1, *rounds)
				raw, err = bench.Run(ctx, kafka.RunnerConfig{Brokers: w.Brokers(), Group: g + "-raw", Topics: topics, ClientOpts: w.ClientOpts()},
					&bench.Passthrough{TopicMap: func(t string) string { return "raw." + t }}, *events)
				if err != nil {
					return fmt.Errorf("passthrough: %w", err)
				}
				return nil
			},
			func() (err error) {
				fmt.Fprintf(stderr, "round %d/%d: full pipeline (decode, detect, sanitize, commands, data map) ...\n", round+1, *rounds)
				if full, err = w.Bench(ctx, g+"-pipeline", *events); err != nil {
					return fmt.Errorf("pipeline: %w", err)
				}
				return nil
			},
			func() (err error) {
				// The same events again, generated from the same seed,
				// through a fresh engine with no broker: the pipeline's
				// ceiling here.
				fmt.Fprintf(stderr, "round %d/%d: engine alone (the same events, no broker) ...\n", round+1, *rounds)
				if eng, err = w.BenchEngine(ctx, democrm.New(*seed, democrm.WithTopicPrefix(prefix)), *events, feed); err != nil {
					return fmt.Errorf("engine alone: %w", err)
				}
				return nil
			},
		}
		for i := range steps {
			if err := steps[(round+i)%len(steps)](); err != nil {
				return err
			}
		}
		fmt.Fprintf(stderr, "round %d/%d: passthrough %.0f/s, pipeline %.0f/s, engine alone %.0f/s\n", round+1, *rounds, raw.InputsPerSec, full.InputsPerSec, eng.InputsPerSec)
		raws, fulls, engines = append(raws, raw), append(fulls, full), append(engines, eng)
	}
	broker := "embedded"
	if *brokers != "" {
		broker = *brokers
	}
	rep := bench.NewReport(*events, broker, raws, fulls, engines)
	if *withSchema {
		rep.Encoding = "JSON with schema+payload"
	}
	switch *format {
	case "json":
		return rep.WriteJSON(stdout)
	case "html":
		return rep.WriteHTML(stdout)
	}
	return rep.WriteText(stdout)
}

// deleteTopics removes the bench's topics, so repeated runs against a shared
// Kafka leave nothing behind.
func deleteTopics(w *worker.Worker, prefix string, stderr io.Writer) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	adm := kadm.NewClient(w.Admin())
	topics, err := kafka.ListTopics(ctx, adm) // not the cached listing: the bench made its topics moments ago
	if err != nil {
		fmt.Fprintf(stderr, "bench: topics not cleaned up: %v\n", err)
		return
	}
	var mine []string
	for _, t := range topics.Names() {
		if strings.HasPrefix(t, prefix+".") || strings.HasPrefix(t, "raw."+prefix+".") {
			mine = append(mine, t)
		}
	}
	if _, err := adm.DeleteTopics(ctx, mine...); err != nil {
		fmt.Fprintf(stderr, "bench: topics not cleaned up: %v\n", err)
	}
	if groups, err := adm.ListGroups(ctx); err == nil {
		var mineGroups []string
		for _, g := range groups.Groups() {
			if strings.HasPrefix(g, prefix+"-") {
				mineGroups = append(mineGroups, g)
			}
		}
		_, _ = adm.DeleteGroups(ctx, mineGroups...)
	}
}
