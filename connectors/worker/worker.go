// Package worker assembles a lethe worker from its configuration: the broker
// (embedded or real), the Debezium decoder, the PII scanner, the policy, the
// engine and the exactly-once runner, plus its metrics and health endpoint.
// Every lethe command that processes the stream (run, demo, bench, the
// end-to-end tests) builds its worker here, so they all run the same thing.
//
// What only the demo and the bench need is not here: the simulated CRM's
// producer is package demofeed (Config.CreateDemoInputs has New create its
// topics), the throughput harness package bench. Only Worker.Bench and
// Worker.BenchEngine stay, because they put the worker's own handler and
// engine under that harness, and those are not exported.
package worker

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"golang.org/x/term"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/connectors/demofeed"
	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
	"github.com/lethe-cdc/lethe/pipeline/sanitize"
	"github.com/lethe-cdc/lethe/schemas"
)

// Worker is one lethe process's share of the pipeline.
type Worker struct {
	cfg      Config
	log      *zap.Logger
	embedded *kafka.Embedded
	brokers  []string
	adm      *kadm.Client
	admCl    *kgo.Client
	policy   *policy.Policy
	engine   *pipeline.Engine
	// engineCfg is engine's configuration, for BenchEngine to build another.
	engineCfg pipeline.EngineConfig
	tracker   *pipeline.Tracker
	runner    *kafka.Runner
	metrics   *prometheus.Registry
	// clientOpts carry TLS and SASL to every Kafka client.
	clientOpts []kgo.Opt
	// runnerCfg is the runner's configuration without metrics, for Bench.
	runnerCfg kafka.RunnerConfig

	running atomic.Bool // Run is processing; /healthz reports it
	// cmdSchema encodes Avro commands; nil without a registry.
	cmdSchema *commandSchema
	// httpAddr is the address /metrics and /healthz are served on once
	// Run has bound it; with port 0 only the listener knows the port.
	httpAddr atomic.Pointer[string]
	// httpLn is the bound listener of /metrics and /healthz, from Listen
	// until Run has served on it.
	httpLn net.Listener
	mu     sync.Mutex // serialises Handle with partition assignment
	owned  map[string]map[int32]bool
	// unrestored are owned partitions whose data map could not be read back
	// yet: batches fail until it is, rather than write a data map that
	// starts from nothing over the one in the topic.
	unrestored map[string]map[int32]bool
	// splitKeys is how many data map keys the last restore found in more
	// than one partition: every restore after a rebalance finds them
	// again, and the warning is for a change, not for each rebalance.
	splitKeys int
	topics    sync.Map // output topics known to exist
	// deadLetters of the open transaction, logged when it commits (at most
	// maxLoggedDeadLetters of them; dead counts them all). w.mu guards both.
	deadLetters []deadLetter
	dead        int
}

// deadLetter is where a dead-lettered input is and why: never its content.
type deadLetter struct{ input, reason string }

// maxLoggedDeadLetters bounds the log lines one batch's dead letters make: a
// topic of garbage must not flood the log; the dead-letter topic has all.
const maxLoggedDeadLetters = 10

// New builds a worker: it starts the embedded broker when no brokers are
// configured, loads the policy and keys, registers the command schema when a
// registry is configured, and creates lethe's topics.
func New(ctx context.Context, cfg Config, log *zap.Logger) (*Worker, error) {
	if log == nil {
		log = zap.NewNop()
	}
	w := &Worker{cfg: cfg, log: log, brokers: cfg.Brokers, metrics: prometheus.NewRegistry(), owned: map[string]map[int32]bool{},
		unrestored: map[string]map[int32]bool{}}
	ok := false
	defer func() {
		if !ok {
			w.Close()
		}
	}()
	if len(w.brokers) == 0 {
		emb, err := cfg.Embedded.Start(cfg.Topics.Partitions, log.Named("broker"))
		if err != nil {
			return nil, err
		}
		w.embedded = emb
		w.brokers = []string{emb.Addr()}
		log.Info("embedded broker started", zap.String("addr", emb.Addr()), zap.String("data_dir", cfg.Embedded.DataDir))
	}
	var err error
	if w.policy, err = cfg.LoadPolicy(); err != nil {
		return nil, err
	}
	// Loud on a real Kafka, where real data may flow: an error-level line
	// survives log.level: error.
	devKeyLog := log.Warn
	if len(cfg.Brokers) > 0 {
		devKeyLog = log.Error
	}
	for _, warning := range cfg.DevKeyWarnings() {
		devKeyLog(warning)
	}
	san, err := cfg.Sanitizer()
	if err != nil {
		return nil, err
	}
	legacy := cfg.legacyCharset() // the decoder reads JSON's bytes in it, the engine Avro's
	decOpts := []debezium.Option{debezium.WithMaxValueSize(cfg.MaxValueBytes), debezium.WithLegacyCharset(legacy)}
	var cmdEnc pipeline.CommandEncoder = pipeline.JSONCommands{}
	if cfg.Registry.URL != "" {
		regURL, regOpts, err := registryClientOpts(cfg.Registry)
		if err != nil {
			return nil, err
		}
		rcl, err := sr.NewClient(regOpts...)
		if err != nil {
			return nil, fmt.Errorf("registry.url %s: %w", regURL, err)
		}
		decOpts = append(decOpts, debezium.WithRegistry(rcl))
		subject := schemas.Subject(cfg.Topics.Commands)
		cs := &commandSchema{url: regURL, register: func(ctx context.Context) (uint32, error) {
			// The one request that gives the id. CreateSchema goes on to
			// read every subject holding the same schema: a 403 on a
			// team's subject lethe may not read was taken for an outage
			// (waited out for good), and a follower registry behind the
			// leader answered the new id unknown (no start).
			id, err := rcl.RegisterSchema(ctx, subject, sr.Schema{Schema: schemas.CommandAvsc, Type: sr.TypeAvro}, -1, -1)
			return uint32(max(id, 0)), err // try refuses 0
		}}
		if err := cs.try(ctx); err != nil {
			if !schemas.RegistryUnavailable(err) {
				return nil, fmt.Errorf("register command schema at %s: %w", regURL, err)
			}
			log.Warn("schema registry out of reach at start-up: lethe serves its probes and waits for it before it reads (retried with backoff)",
				zap.String("registry", regURL), zap.Error(err))
		}
		w.cmdSchema, cmdEnc = cs, cs
	}
	w.tracker = pipeline.NewTracker(w.policy)
	w.engineCfg = pipeline.EngineConfig{
		// The runner never reuses the records it hands the engine.
		Decoder: debezium.NewDecoder(append(decOpts, debezium.WithAliasing())...),
		// The engine drops findings under the policy's min_score; the
		// scanner must not drop more, or a min_score under its own
		// default would not lower anything.
		Detector:  pii.NewScanner(pii.WithMinScore(min(w.policy.MinScore, pii.DefaultMinScore))),
		Policy:    w.policy,
		Sanitizer: san,
		Commands:  cmdEnc,
		Topics:    pipeline.Topics{Commands: cfg.Topics.Commands, DeadLetter: cfg.Topics.DeadLetter, DataMap: cfg.Topics.DataMap},
		DataMap:   w.tracker,

		Parallelism: cfg.Parallelism,
		// The runner reads outputs until their transaction ends and
		// ends every batch in Committed or Aborted.
		RecycleOutputs: true,
		MaxOutputBytes: cfg.MaxOutputBytes, MaxColumns: cfg.MaxColumns, MaxTables: cfg.MaxTables,
		MaxPartitionColumns: cfg.MaxPartitionColumns,
		UnavailableValue:    cfg.Inputs.UnavailableValuePlaceholder,
		LegacyCharset:       legacy,
	}
	if w.engine, err = pipeline.NewEngine(w.engineCfg); err != nil {
		return nil, err
	}
	if w.clientOpts, err = cfg.ClientOpts(); err != nil {
		return nil, err
	}
	if w.admCl, err = kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(w.brokers...)}, w.clientOpts...)...); err != nil {
		return nil, fmt.Errorf("kafka admin client: %w", err)
	}
	w.adm = kadm.NewClient(w.admCl)
	// Reach a broker first: a wrong address, TLS setting or password then
	// fails here with Kafka's own reason, not later as a timeout.
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err = w.admCl.Ping(pctx)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("connect to brokers %s: %w%s", strings.Join(w.brokers, ","), err, connectHint(cfg, err))
	}
	if err := w.ensureTopics(ctx, w.baseTopics()...); err != nil {
		return nil, err
	}
	if cfg.demoInputs {
		if err := demofeed.EnsureTopics(ctx, w.admCl, cfg.outputPrefix, cfg.Topics.Partitions); err != nil {
			return nil, err
		}
	}
	if err := w.PrepareOutputs(ctx); err != nil {
		return nil, err
	}
	w.runnerCfg = kafka.RunnerConfig{
		Brokers: w.brokers, Group: cfg.Group, Topics: cfg.Inputs.Topics, TopicRegex: cfg.Inputs.Regex,
		TransactionalID: cfg.TransactionalID, MaxBatch: cfg.Batch.MaxRecords, MaxWait: cfg.Batch.MaxWait,
		OnAssigned: w.assigned, OnRevoked: w.revoked,
		// Watched for hanging transactions from the start, as the topics
		// lethe creates later are (ensureTopics): the data map is read back
		// on every assignment, and a quiet table's sanitized topic may not
		// be written again for long.
		OutputTopics: w.knownTopics(),
		Logger:       log.Named("runner"),
		ClientOpts: append([]kgo.Opt{
			// New captured tables appear as new topics; with a regex
			// input they should be picked up in seconds, not franz-go's
			// default five minutes.
			kgo.MetadataMaxAge(15 * time.Second),
			// The producer must take the largest output the engine lets
			// through (franz-go's default batch is 1,000,012 bytes).
			kgo.ProducerBatchMaxBytes(int32(max(cfg.maxMessageBytes(), 1_000_012))),
		}, w.clientOpts...),
	}
	if cfg.InstanceID != "" {
		w.runnerCfg.ClientOpts = append(w.runnerCfg.ClientOpts, kgo.InstanceID(cfg.InstanceID))
	}
	rcfg := w.runnerCfg
	rcfg.Metrics = w.metrics
	w.runner, err = kafka.NewRunner(rcfg, workerHandler{w})
	if err != nil {
		return nil, err
	}
	// The runtime's and the process's own series (memory, GC, open files,
	// CPU) and the build: what an operator watches a long run by.
	w.metrics.MustRegister(newEngineCollector(w.engine), collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), collectors.NewBuildInfoCollector())
	ok = true
	return w, nil
}

// Config returns the worker's configuration, defaults filled in.
func (w *Worker) Config() Config { return w.cfg }

// ClientOpts returns the franz-go options (TLS, SASL) for further clients to
// the worker's brokers.
func (w *Worker) ClientOpts() []kgo.Opt { return w.clientOpts }

// Admin returns the worker's Kafka admin client.
func (w *Worker) Admin() *kgo.Client { return w.admCl }

// Brokers returns the seed brokers the worker uses (the embedded broker's
// address when it started one).
func (w *Worker) Brokers() []string { return w.brokers }

// Engine returns the worker's engine, for its counters.
func (w *Worker) Engine() *pipeline.Engine { return w.engine }

// Runner returns the worker's runner, for its counters.
func (w *Worker) Runner() *kafka.Runner { return w.runner }

// Policy returns the policy in force.
func (w *Worker) Policy() *policy.Policy { return w.policy }

// HTTPAddr returns the address /metrics and /healthz are served on while Run
// runs, "" otherwise. It differs from http.addr when that names port 0.
func (w *Worker) HTTPAddr() string {
	if a := w.httpAddr.Load(); a != nil {
		return *a
	}
	return ""
}

// Listen binds the address of /metrics and /healthz (http.addr), so that a
// port already taken fails here, before a caller says the worker has
// started; Run listens itself when nobody did. Close releases it.
func (w *Worker) Listen() error {
	if w.cfg.HTTP.Addr == "" || w.httpLn != nil {
		return nil
	}
	ln, err := net.Listen("tcp", w.cfg.HTTP.Addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("http.addr: %w: another process holds the port: give http.addr another, or \"\" for none", err)
	}
	if err != nil {
		return fmt.Errorf("http.addr: %w", err)
	}
	w.httpLn = ln
	return nil
}

// Run processes the stream until ctx is done, serving /metrics and /healthz
// when configured.
func (w *Worker) Run(ctx context.Context) error {
	// Listen before anything runs: /healthz answers as soon as Run has
	// started, and a port already taken fails Run at once instead of
	// leaving a worker that no probe can reach.
	if err := w.Listen(); err != nil {
		return err
	}
	wctx, stopWarning := context.WithCancel(ctx)
	defer stopWarning() // not past Run, on a worker that may be closed next
	go w.warnNoInputs(wctx)
	if ln := w.httpLn; ln != nil {
		w.httpLn = nil // the server below closes it
		addr := ln.Addr().String()
		w.httpAddr.Store(&addr)
		w.log.Info("serving /metrics, /healthz and /readyz", zap.String("addr", addr))
		// Every wait on a client is bounded: with a header timeout alone,
		// a request whose body never came, or a connection kept alive
		// and left idle, held a goroutine and a file descriptor for good,
		// on an address that is often every interface (deploy/k8s).
		srv := &http.Server{Handler: w.httpHandler(), ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout: httpReadTimeout, WriteTimeout: httpWriteTimeout, IdleTimeout: httpReadTimeout}
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				w.log.Error("http server failed", zap.String("addr", addr), zap.Error(err))
			}
		}()
		defer func() {
			w.httpAddr.Store(nil)
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if srv.Shutdown(sctx) != nil {
				// Requests still running: Shutdown left their
				// connections open past Run.
				_ = srv.Close()
			}
		}()
	}
	w.running.Store(true)
	defer w.running.Store(false)
	if err := w.cmdSchema.await(ctx, w.log); err != nil {
		if ctx.Err() != nil {
			// Stopped while waiting for the registry: as clean a stop as
			// the runner's, not a failure (a rollout during an outage).
			w.log.Info("lethe stopped while it waited for the schema registry: nothing was read")
			return nil
		}
		return err
	}
	err := w.runner.Run(ctx)
	st := w.runner.Stats()
	// A stop on an error is the worker's last word: at error level, so
	// that a log read or alerted on by level has it.
	stop := w.log.Info
	if err != nil {
		stop = w.log.Error
	}
	stop("lethe stopped", zap.Int64("inputs", st.Inputs), zap.Int64("outputs", st.Outputs),
		zap.Int64("commits", st.Commits), zap.Int64("aborts", st.Aborts), zap.Error(err))
	return err
}

func (w *Worker) httpHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(w.metrics, promhttp.HandlerOpts{}))
	probe := func(ready bool) http.HandlerFunc {
		return func(rw http.ResponseWriter, _ *http.Request) {
			rw.Header().Set("Content-Type", "text/plain")
			if !w.running.Load() {
				rw.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprintln(rw, "stopped")
				return
			}
			st := w.runner.Stats()
			if since, on := w.cmdSchema.waiting(); !since.IsZero() {
				st.WaitingSince, st.WaitingOn = since, on
			}
			live, readiness, body := health(st, time.Now(), w.cfg.Topics.DataMap)
			code := live
			if ready {
				code = readiness
			}
			rw.WriteHeader(code)
			fmt.Fprintln(rw, body)
		}
	}
	mux.HandleFunc("/healthz", probe(false))
	mux.HandleFunc("/readyz", probe(true))
	return mux
}

// health is what a running worker with stats st answers on /healthz
// (live) and /readyz (ready), with the body both show. Liveness fails only
// when a restart may help: a batch that keeps aborting, unless a hanging
// transaction holds the data map (dataMap), whose restore then fails every
// batch and which no restart ends: restarting would only make the whole
// group rebalance, again and again. Readiness also fails while a hanging
// transaction holds partitions the worker owns or writes, while the Kafka
// session keeps being re-created, while every batch fails on a dependency
// out of reach (the schema registry, the data map topic), and while a
// transaction of its own stays open, waiting on Kafka, for as long as a
// hanging one takes to be reported. Partition names and errors only, never
// data.
func health(st kafka.RunnerStats, now time.Time, dataMap string) (live, ready int, body string) {
	live, ready = http.StatusOK, http.StatusOK
	var says []string
	if len(st.UnstablePartitions) > 0 {
		ready = http.StatusServiceUnavailable
		says = append(says, fmt.Sprintf("stalled: committed offsets of %s unstable since %s: a transaction Kafka never finished holds them, and a restart does not end it (README, Hanging transactions)",
			strings.Join(st.UnstablePartitions, ","), st.UnstableSince.UTC().Format(time.RFC3339)))
	}
	heldMap := false
	if len(st.HeldOutputs) > 0 {
		ready = http.StatusServiceUnavailable
		says = append(says, fmt.Sprintf("held: output partitions %s held since %s by a transaction Kafka never finished: read_committed readers wait at it (README, Hanging transactions)",
			strings.Join(st.HeldOutputs, ","), st.HeldSince.UTC().Format(time.RFC3339)))
		for _, p := range st.HeldOutputs {
			heldMap = heldMap || strings.HasPrefix(p, dataMap+"/")
		}
	}
	if st.RecentRestarts >= restartsUnready {
		// A group that keeps rebalancing commits now and then, so it
		// never looks stalled: a review saw lag grow for ten minutes
		// under "ok". Not a liveness failure: a restart adds a member
		// that leaves late, the very thing that keeps it rebalancing.
		ready = http.StatusServiceUnavailable
		says = append(says, fmt.Sprintf("unsettled: the Kafka session restarted %d times in %s (a group that keeps rebalancing, or brokers out of reach); see the log",
			st.RecentRestarts, kafka.RestartWindow))
	}
	if st.RecentAborts >= failingAborts && int64(st.RecentAborts) > st.RecentCommits {
		// Commits now and then keep it from looking stalled: a review
		// saw a table whose output topic lethe refuses hold its
		// partitions back for eleven minutes under "ok".
		ready = http.StatusServiceUnavailable
		says = append(says, fmt.Sprintf("failing: %d transactions aborted and %d committed in the last %s: batches that cannot be written; see the log",
			st.RecentAborts, st.RecentCommits, kafka.RestartWindow))
	}
	if !st.WaitingSince.IsZero() && now.Sub(st.WaitingSince) >= waitUnready {
		// A dependency out of reach (the schema registry): retried with
		// backoff, alive, since a restart would not bring it back and
		// would rebalance the whole group each time (a review saw
		// liveness restart every pod through a registry outage).
		ready = http.StatusServiceUnavailable
		says = append(says, fmt.Sprintf("waiting: every batch since %s failed on a dependency out of reach, retried with backoff (a restart does not help): %s",
			st.WaitingSince.UTC().Format(time.RFC3339), clip(st.WaitingOn, maxWaitingOn)))
	}
	if !st.TransactionSince.IsZero() && now.Sub(st.TransactionSince) >= kafka.DefaultUnstableAfter {
		// Neither committed nor aborted: its outputs or its commit wait on
		// Kafka, which franz-go retries while it lasts. Alive, as with
		// Kafka out of reach: a restart would not bring the replicas back.
		// A review saw "ok" while nothing was committed for as long as a
		// partition had too few in-sync replicas.
		ready = http.StatusServiceUnavailable
		says = append(says, fmt.Sprintf("stuck: a transaction open since %s has not ended: its outputs or its commit wait on Kafka (output partitions with too few in-sync replicas or no leader, a transaction coordinator out of reach); see the log",
			st.TransactionSince.UTC().Format(time.RFC3339)))
	}
	if stalled(st, now) {
		ready = http.StatusServiceUnavailable
		if !heldMap {
			live = http.StatusServiceUnavailable
		}
		says = append(says, fmt.Sprintf("stalled: %d transactions aborted since the last commit (%s); see the log", st.AbortsSinceCommit, lastCommit(st)))
	}
	if len(says) == 0 {
		return live, ready, fmt.Sprintf("ok inputs=%d commits=%d aborts=%d restarts=%d", st.Inputs, st.Commits, st.Aborts, st.Restarts)
	}
	return live, ready, strings.Join(says, "; ")
}

// stalled reports a runner that keeps aborting without committing: at least
// stallAborts transactions aborted in a row, the first of them stallAfter
// ago or more. One abort is routine (a rebalance, a broker restart); a run
// of them for a minute means a batch that cannot be written, and a probe or
// an operator should know. The run is timed from its first abort, not from
// the last commit: after an idle hour, five quick aborts during a rolling
// restart are not a stall.
//
// A runner idle for idleUnstalls has nothing left to write: aborts followed
// by a revoke of their partitions, or by quiet input, were read as a stall
// until the next commit, which an idle worker never makes, and the liveness
// probe restarted it (a review). A runner that keeps failing a batch is not
// idle: after each abort it fetches the batch again at once.
func stalled(st kafka.RunnerStats, now time.Time) bool {
	idle := !st.IdleSince.IsZero() && now.Sub(st.IdleSince) >= idleUnstalls
	return st.AbortsSinceCommit >= stallAborts && !st.AbortingSince.IsZero() && now.Sub(st.AbortingSince) >= stallAfter && !idle
}

const (
	// failingAborts is how many recent aborts, outnumbering the commits
	// among them, make a worker unready (see RunnerStats.RecentAborts).
	failingAborts = 10
	stallAborts   = 5
	stallAfter    = time.Minute
	idleUnstalls  = 10 * time.Second
	// waitUnready of batches failing on a dependency make a worker not
	// ready: one failed lookup is a blip.
	waitUnready = 30 * time.Second
	// maxWaitingOn bounds the error a probe's body repeats.
	maxWaitingOn = 300
	// restartsUnready session restarts within kafka.RestartWindow make a
	// worker not ready (health).
	restartsUnready = 3
)

const (
	// httpReadTimeout bounds reading a request of /metrics, /healthz or
	// /readyz, its body included, and (as the server's IdleTimeout) a
	// kept-alive connection's wait for the next one. Probes and scrapes
	// send no body: 10 s is ample.
	httpReadTimeout = 10 * time.Second
	// httpWriteTimeout bounds writing an answer to a client that does not
	// read it.
	httpWriteTimeout = 30 * time.Second
)

// clip returns s cut to at most n bytes, at a rune's start.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

func lastCommit(st kafka.RunnerStats) string {
	if st.LastCommit.IsZero() {
		return "none since the start"
	}
	return "last commit at " + st.LastCommit.UTC().Format(time.RFC3339)
}

// Close releases the admin client and stops the embedded broker.
func (w *Worker) Close() {
	if w.httpLn != nil {
		_ = w.httpLn.Close()
	}
	if w.admCl != nil {
		w.admCl.Close()
	}
	if w.embedded != nil {
		_ = w.embedded.Close()
	}
}

// workerHandler is the worker as the runner sees it: the engine's batch
// loop, told whether each transaction committed.
type workerHandler struct{ w *Worker }

func (h workerHandler) Handle(ctx context.Context, in []pipeline.Message, out []pipeline.Output) ([]pipeline.Output, error) {
	return h.w.handle(ctx, in, out)
}

func (h workerHandler) HandleEach(ctx context.Context, in []pipeline.Message, emit func([]pipeline.Output) error) error {
	return h.w.handleEach(ctx, in, emit)
}

func (h workerHandler) Prepare(ctx context.Context, in []pipeline.Message) error {
	h.w.mu.Lock()
	defer h.w.mu.Unlock()
	if err := h.w.restored(ctx); err != nil {
		return err
	}
	return h.w.engine.Prepare(ctx, in)
}

func (h workerHandler) Finish(ctx context.Context, emit func([]pipeline.Output) error) error {
	h.w.mu.Lock()
	defer h.w.mu.Unlock()
	return h.w.engine.Finish(ctx, h.w.withTopics(ctx, emit))
}

func (h workerHandler) Committed() {
	h.w.mu.Lock()
	for _, d := range h.w.tracker.Discoveries() { // read before Committed settles them
		// Column names and categories only: a data map entry holds no values.
		h.w.log.Info("column newly found to hold personal data: its recipients are told to redact it",
			zap.String("table", d.Entry.Table), zap.String("column", d.Entry.Column),
			zap.Strings("categories", d.Entry.Categories), zap.String("input", d.Source.String()))
	}
	h.w.engine.Committed()
	h.w.logDeadLetters()
	h.w.mu.Unlock()
}

func (h workerHandler) Aborted() {
	h.w.mu.Lock()
	h.w.engine.Aborted()
	h.w.deadLetters, h.w.dead = h.w.deadLetters[:0], 0 // the retry finds them again
	h.w.mu.Unlock()
}

// noteDeadLetters remembers the dead letters among out for logDeadLetters.
// The caller holds w.mu.
func (w *Worker) noteDeadLetters(out []pipeline.Output) {
	for i := range out {
		if out[i].Topic != w.cfg.Topics.DeadLetter {
			continue
		}
		w.dead++
		if len(w.deadLetters) == maxLoggedDeadLetters {
			continue
		}
		var dl deadLetter
		for _, h := range out[i].Headers {
			switch h.Key {
			case pipeline.HeaderInput:
				dl.input = string(h.Value) // copied: output memory is reused after the commit
			case pipeline.HeaderReason:
				dl.reason = string(h.Value)
			}
		}
		w.deadLetters = append(w.deadLetters, dl)
	}
}

// logDeadLetters logs the dead letters of the transaction that committed:
// an operator must hear of input lethe could not process without watching
// a metric. Positions and reasons only, never content. The caller holds
// w.mu.
func (w *Worker) logDeadLetters() {
	for _, dl := range w.deadLetters {
		w.log.Warn("input dead-lettered; it stays in its topic for replay", zap.String("input", dl.input),
			zap.String("reason", dl.reason), zap.String("deadletter_topic", w.cfg.Topics.DeadLetter))
	}
	if more := w.dead - len(w.deadLetters); more > 0 {
		w.log.Warn("more inputs of the batch dead-lettered", zap.Int("count", more), zap.String("deadletter_topic", w.cfg.Topics.DeadLetter))
	}
	w.deadLetters, w.dead = w.deadLetters[:0], 0
}

// handle runs the engine on a batch and makes sure every output topic
// exists before the runner produces to it.
func (w *Worker) handle(ctx context.Context, in []pipeline.Message, out []pipeline.Output) ([]pipeline.Output, error) {
	err := w.handleEach(ctx, in, func(o []pipeline.Output) error {
		out = append(out, o...)
		return nil
	})
	return out, err
}

// handleEach runs the engine over a batch, creating the sanitized topic of
// a table seen for the first time before its first output is handed on.
// It holds w.mu throughout, the runner's produce calls included, so a
// rebalance callback waits until the batch's outputs are with the client.
func (w *Worker) handleEach(ctx context.Context, in []pipeline.Message, emit func([]pipeline.Output) error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.restored(ctx); err != nil {
		return err
	}
	return w.engine.HandleEach(ctx, in, w.withTopics(ctx, emit))
}

// withTopics wraps emit so that the sanitized topic of a table seen for the
// first time is created before its first output is handed on. A new output
// topic the inputs would read fails the batch: lethe would read its own
// output, sanitize it again and issue its commands again, for ever; the
// start-up check cannot foresee every topic an input regex selects.
func (w *Worker) withTopics(ctx context.Context, emit func([]pipeline.Output) error) func([]pipeline.Output) error {
	return func(out []pipeline.Output) error {
		var missing []kafka.TopicSpec
		for i := range out {
			t := out[i].Topic
			if _, known := w.topics.Load(t); !known && !containsSpec(missing, t) {
				if w.cfg.readsTopic(t) {
					return &ConfigError{Key: "policy", Problem: fmt.Sprintf("output topic %q is one the inputs read: lethe would read its own output; change the recipient's topic or the inputs", t)}
				}
				missing = append(missing, w.compactedSpec(t))
			}
		}
		if len(missing) > 0 {
			if err := w.ensureTopics(ctx, missing...); err != nil {
				return err
			}
		}
		w.noteDeadLetters(out)
		return emit(out)
	}
}

func containsSpec(specs []kafka.TopicSpec, name string) bool {
	for _, s := range specs {
		if s.Name == name {
			return true
		}
	}
	return false
}

// baseTopics are the topics every worker writes to.
func (w *Worker) baseTopics() []kafka.TopicSpec {
	t := w.cfg.Topics
	return []kafka.TopicSpec{
		// Commands are kept for ever: a holder that (re)builds its copy from
		// the start of the sanitized topics must find every erase and
		// redaction, a truncate's erase above all (it leaves no tombstones),
		// and they are the audit trail of what holders were told (Art. 5(2)).
		// They hold pseudonyms and positions, no personal values. Not
		// compacted: the ERASEs of one subject share a key, and so do the
		// REDACTs of one table, and every one counts.
		{Name: t.Commands, Partitions: t.Partitions, Replication: t.Replication,
			Configs: w.sizeConfigs(map[string]string{"retention.ms": "-1", "cleanup.policy": "delete"})},
		// Dead letters point at inputs and hold no data of their own; they
		// are useful as long as the raw topics still hold what they point at.
		// Their records are small, but the producer's batches of them are
		// as large as max_output_bytes allows: every topic lethe writes takes them.
		{Name: t.DeadLetter, Partitions: t.Partitions, Replication: t.Replication, Configs: w.sizeConfigs(nil)},
		w.dataMapSpec(),
	}
}

// dataMapSpec is the data map topic: compacted, and its records kept for
// ever where an operator made it compact,delete (a template for state
// topics): Kafka would otherwise delete the entry of a column without
// events for retention.ms, which then left the record of processing, and
// a worker restoring it started the column's counts and verdicts afresh.
func (w *Worker) dataMapSpec() kafka.TopicSpec {
	s := w.compactedSpec(w.cfg.Topics.DataMap)
	s.Configs["retention.ms"] = "-1"
	return s
}

// PrepareOutputs creates the sanitized topics of every input topic that
// exists already; New calls it, and so should whoever creates input topics
// after New. Topics created later are created on their first
// output, but a producer that has just been told a topic does not exist
// backs off before it looks again, which stalls the first transactions.
// An input topic of inputs.topics that does not exist is named in a
// warning (most often a typo) and gets no outputs before its first record.
func (w *Worker) PrepareOutputs(ctx context.Context) error {
	listed, err := kafka.ListTopics(ctx, w.adm) // not kadm's cached listing: inputs may be new
	if err != nil {
		return fmt.Errorf("list topics: %w", err)
	}
	inputs, missing := w.inputTopics(listed)
	if len(missing) > 0 {
		w.log.Warn("input topics of inputs.topics do not exist: a typo, or a topic not created yet (lethe reads it once it is, and makes its outputs on its first records)",
			zap.Strings("topics", missing))
	}
	if err := w.cfg.recipientReadsInput(w.policy, slices.Concat(inputs, missing)); err != nil {
		return err
	}
	w.warnUnmatchedRules(slices.Concat(inputs, missing))
	for _, warning := range w.policy.Warnings() {
		w.log.Warn("policy: " + warning)
	}
	outputs, err := w.cfg.sanitizedTopics(w.policy, inputs)
	if err != nil {
		return err
	}
	var specs []kafka.TopicSpec
	for _, name := range outputs {
		specs = append(specs, w.compactedSpec(name))
	}
	if len(specs) == 0 {
		return nil
	}
	return w.ensureTopics(ctx, specs...)
}

// sanitizedTopics returns the sanitized topics the recipients of p write
// for inputs, each once, or a *ConfigError when two inputs, or two
// recipients, would write one topic. Only inputs named prefix.schema.table
// count: of others, only the records say the schema and table (their
// topics are made on their first output, and the engine guards them). The
// start checks the input topics the brokers have; lethe run --check those
// of inputs.topics and one inputs.regex selects, which need no broker.
func (c *Config) sanitizedTopics(p *policy.Policy, inputs []string) ([]string, error) {
	own := pipeline.Topics{Commands: c.Topics.Commands, DeadLetter: c.Topics.DeadLetter, DataMap: c.Topics.DataMap}
	type carried struct{ input, recipient string }
	carries := map[string]carried{} // output topic, as Kafka compares names -> who writes it
	var out []string
	for _, in := range inputs {
		schema, table, _ := pipeline.TopicTable(in)
		if !plainTopic(in) {
			continue
		}
		for i := range p.Recipients {
			r := &p.Recipients[i]
			if !r.WantsTable(table) {
				continue
			}
			name := r.TopicFor(in, schema, table)
			if own.KindOf(name) != "" {
				// lethe's own topic: the engine dead-letters the table's
				// records; made as a sanitized topic it would be refused,
				// or compacted on the advice that refusal gives.
				continue
			}
			other, ok := carries[policy.TopicCollision(name)]
			switch {
			case ok && other.input != in:
				// Their records' keys would overwrite each other under
				// compaction, and an ERASE of one would hit the other.
				return nil, &ConfigError{Key: "policy", Problem: fmt.Sprintf("recipient %s would write the tables of inputs %s and %s to one topic %q: put {schema} or {prefix} in its topic (e.g. lethe.sanitized.{schema}.{table})",
					r.Name, other.input, in, name)}
			case ok && other.recipient != r.Name:
				// Templates that differ can still meet: each recipient's
				// records would overwrite the other's, under the other's
				// actions.
				return nil, &ConfigError{Key: "policy", Problem: fmt.Sprintf("recipients %s and %s would both write input %s to topic %q: give them topics that differ",
					other.recipient, r.Name, in, name)}
			}
			carries[policy.TopicCollision(name)] = carried{in, r.Name}
			if !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out, nil
}

// inputTopics returns the input topics among listed, and the topics of
// inputs.topics that are not there.
func (w *Worker) inputTopics(listed kadm.TopicDetails) (inputs, missing []string) {
	for _, t := range w.cfg.Inputs.Topics {
		if listed.Has(t) {
			inputs = append(inputs, t)
		} else {
			missing = append(missing, t)
		}
	}
	if w.cfg.Inputs.Regex != "" {
		re, _ := inputRegex(w.cfg.Inputs.Regex) // validated with the config
		for _, t := range listed.Names() {
			if re.MatchString(t) {
				inputs = append(inputs, t)
			}
		}
	}
	return inputs, missing
}

// noInputsAfter is how long Run waits before it looks whether any input
// topic exists: a CDC connector started with lethe creates its topics
// with its first records, and the demo after its worker.
var noInputsAfter = 30 * time.Second

// warnNoInputs warns, noInputsAfter into Run and then hourly, while no
// input topic exists. Otherwise lethe would idle, healthy, without a word:
// a review's CDC topics were named dbserver1.*, the default regex reads
// crm.*.
func (w *Worker) warnNoInputs(ctx context.Context) {
	wait := noInputsAfter
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = time.Hour
		if listed, err := kafka.ListTopics(ctx, w.adm); err == nil {
			if inputs, _ := w.inputTopics(listed); len(inputs) > 0 {
				return
			}
			w.log.Warn("no input topic exists: none matches inputs.regex and none of inputs.topics exists; a typo, another topic prefix than the CDC source's, or no CDC topic created yet (lethe reads them once they exist)",
				zap.Int("topics", len(listed.Names())))
		}
	}
}

// warnUnmatchedRules names the policy rules about tables that none of the
// input topics carries: most often typos (a subject key of "custmers" would
// leave every ERASE of customers without its subject), which would otherwise
// do nothing without a word. It says nothing while there are no inputs, or
// an input whose name does not say its table (an SMT renamed it).
func (w *Worker) warnUnmatchedRules(inputs []string) {
	var tables []string
	for _, in := range inputs {
		if !plainTopic(in) {
			return
		}
		schema, table, _ := pipeline.TopicTable(in)
		tables = append(tables, schema+"."+table)
	}
	if len(tables) == 0 {
		return
	}
	if rules := w.policy.UnmatchedTables(tables); len(rules) > 0 {
		w.log.Warn("policy rules name tables that no input topic carries: a typo, or a table whose topic does not exist yet; they do nothing until it does",
			zap.Strings("rules", rules), zap.Int("input_topics", len(inputs)))
	}
}

// plainTopic reports whether an input topic's name says its schema and
// table for sure: prefix.schema.table with no other dot. A table's name may
// hold a dot, and so may a prefix, so that only the records can say where
// the schema ends.
func plainTopic(topic string) bool { return strings.Count(topic, ".") == 2 }

// compactedSpec describes a compacted topic: the data map, or a sanitized
// mirror, keyed like its source so that a tombstone really removes a
// deleted record's last image.
func (w *Worker) compactedSpec(name string) kafka.TopicSpec {
	return kafka.TopicSpec{Name: name, Partitions: w.cfg.Topics.Partitions, Replication: w.cfg.Topics.Replication,
		Configs: w.sizeConfigs(map[string]string{"cleanup.policy": "compact"})}
}

// sizeConfigs adds to configs the max.message.bytes an output topic needs
// for max_output_bytes, at least Kafka's default. It is set even at the
// default, so that EnsureTopics raises the limit of an existing topic made
// smaller: a review found one record that fits max_output_bytes but not
// its topic making every transaction after it fail.
func (w *Worker) sizeConfigs(configs map[string]string) map[string]string {
	if configs == nil {
		configs = map[string]string{}
	}
	configs["max.message.bytes"] = strconv.Itoa(max(w.cfg.maxMessageBytes(), kafkaDefaultMaxMessageBytes))
	return configs
}

func (w *Worker) ensureTopics(ctx context.Context, specs ...kafka.TopicSpec) error {
	specs = slices.Clone(specs)
	for i := range specs {
		specs[i] = withMinInSync(specs[i])
	}
	if err := kafka.EnsureTopics(ctx, w.adm, specs...); err != nil {
		return err
	}
	for _, s := range specs {
		w.topics.Store(s.Name, struct{}{})
		if w.runner != nil {
			w.runner.WatchOutputs(s.Name)
		}
	}
	return nil
}

// withMinInSync has a topic of three replicas or more take a write only
// when two of them hold it (min.insync.replicas=2, unless its configs say
// otherwise). lethe's producers wait for every in-sync replica, but with
// the brokers' default of 1 a leader left alone in sync acknowledges a
// transaction by itself and loses it if it fails: the commands are the
// record of what holders were told, the data map that of the processing.
// Kafka then refuses writes while fewer than two replicas are in sync, and
// lethe waits (its transactions abort and are retried) rather than write
// what one disk holds.
func withMinInSync(s kafka.TopicSpec) kafka.TopicSpec {
	if s.Replication < 3 {
		return s
	}
	if _, set := s.Configs["min.insync.replicas"]; set {
		return s
	}
	s.Configs = maps.Clone(s.Configs)
	if s.Configs == nil {
		s.Configs = map[string]string{}
	}
	s.Configs["min.insync.replicas"] = "2"
	return s
}

// knownTopics lists the output topics known to exist.
func (w *Worker) knownTopics() []string {
	var ts []string
	w.topics.Range(func(k, _ any) bool {
		ts = append(ts, k.(string))
		return true
	})
	slices.Sort(ts)
	return ts
}

// assigned restores the data map of newly assigned partitions.
//
// A partition assigned while the worker still owns it was taken away
// without a word: GroupTransactSession passes on only the first revoke
// until End, so a second rebalance within one transaction reaches no
// revoke callback. The runner reports it from the group's sync instead
// (kafka's syncedAssignment), but not in a KIP-848 group or with a
// balancer of the caller's, so this stays. Another worker may have written its data map since, and what
// this one kept of it may hold the open transaction's observations, which
// its abort takes back later. Its state is dropped first, as a revoke
// would have, so that it is read back whole from the topic: a restore over
// it kept the columns whose kept evidence reached further than the topic's
// records, and the abort then put them back as they were before the other
// worker's inputs or deleted those it had created, so that the next batch
// wrote counts without them over the topic's.
func (w *Worker) assigned(ctx context.Context, parts map[string][]int32) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var again map[string]map[int32]bool
	for t, ps := range parts {
		for _, p := range ps {
			if w.owned[t][p] {
				if again == nil {
					again = map[string]map[int32]bool{}
				}
				if again[t] == nil {
					again[t] = map[int32]bool{}
				}
				again[t][p] = true
			}
		}
	}
	if len(again) > 0 {
		w.log.Info("partitions assigned again without a revoke: their data map is read back afresh", zap.Any("partitions", again))
		kept := func(topic string, p int32) bool { return w.owned[topic][p] && !again[topic][p] }
		w.tracker.Forget(kept)
		w.engine.Forget(kept)
	}
	for t, ps := range parts {
		if len(ps) == 0 {
			continue
		}
		if w.owned[t] == nil {
			w.owned[t] = map[int32]bool{}
		}
		if w.unrestored[t] == nil {
			w.unrestored[t] = map[int32]bool{}
		}
		for _, p := range ps {
			w.owned[t][p] = true
			w.unrestored[t][p] = true
		}
	}
	if err := w.restore(ctx); err != nil {
		w.log.Warn("data map not restored yet; batches wait for it", zap.String("topic", w.cfg.Topics.DataMap), zap.Error(err))
	}
}

// restoreTimeout bounds one attempt to read the data map back: it waits for
// the transactions open on it to end, at most a transaction timeout.
const restoreTimeout = 2 * time.Minute

// restore reads back the data map of the unrestored partitions. The caller
// holds w.mu. A read that fails leaves them unrestored; a record that cannot
// be parsed is skipped (and logged), since waiting would not mend it.
func (w *Worker) restore(ctx context.Context) error {
	if len(w.unrestored) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, restoreTimeout)
	defer cancel()
	recs, split, err := kafka.ReadTableSettled(ctx, w.brokers, w.cfg.Topics.DataMap, pipeline.NewerMapRecord, w.clientOpts...)
	if err != nil {
		return err
	}
	if split > 0 && split != w.splitKeys {
		// Partitions added to the data map topic: the newest record of
		// each key is read back, and the older ones stay in their old
		// partitions for good (README, Topics).
		w.log.Warn("data map keys found in more than one partition of their topic, whose partitions were added to after they were written: the newest record of each is read back",
			zap.String("topic", w.cfg.Topics.DataMap), zap.Int("keys", split))
	}
	w.splitKeys = split
	pending := w.unrestored
	if err := w.tracker.Restore(recs, func(topic string, p int32) bool { return pending[topic][p] }); err != nil {
		w.log.Warn("data map records skipped while restoring", zap.String("topic", w.cfg.Topics.DataMap), zap.Error(err))
	}
	for topic, ps := range pending {
		for p := range ps {
			if n := w.tracker.PartitionColumns(topic, p); n >= w.cfg.MaxPartitionColumns {
				// Read back whole all the same: a map written under a
				// higher bound must not stop the worker.
				w.log.Warn("the data map of an input partition is full: its records with new columns are dead-lettered (README, Topics, says how to shrink it)",
					zap.String("partition", topic+"/"+strconv.Itoa(int(p))), zap.Int("columns", n), zap.Int("max_partition_columns", w.cfg.MaxPartitionColumns))
			}
		}
	}
	w.restoredInputs(ctx)
	w.unrestored = map[string]map[int32]bool{}
	return nil
}

// restoredInputs tells the engine the data map was read back, for the input
// topics there are now (a topic renamed or deleted may still have entries).
// If they cannot be listed, the engine goes on knowing only what records
// say, as before a restart.
func (w *Worker) restoredInputs(ctx context.Context) {
	listed, err := kafka.ListTopics(ctx, w.adm)
	if err != nil {
		w.log.Warn("input topics not listed after restoring the data map: what it says of them is left out", zap.Error(err))
		return
	}
	w.engine.Restored(func(topic string) bool { return listed.Has(topic) && w.cfg.readsTopic(topic) })
}

// restored makes sure the data map of every owned partition has been read
// back before a batch runs; the caller holds w.mu. An error fails the
// batch, which the runner retries with backoff.
//
// A data map Kafka cannot serve for now (a partition of it with no leader,
// the topic deleted, a transaction that holds it) is a dependency out of
// reach, as a schema registry is: the error says it is transient, so the
// runner counts the batches as waiting, /healthz stays 200 and /readyz says
// what it waits on. Counted as a stall, it failed liveness after a minute
// and Kubernetes restarted the worker, which cannot bring a leader back, in
// a loop (a review). A read Kafka refuses this worker's principal is no
// outage: the error says what to grant, and the runner stops on it, as on
// any authorization Kafka denies.
func (w *Worker) restored(ctx context.Context) error {
	err := w.restore(ctx)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, kerr.TopicAuthorizationFailed):
		return fmt.Errorf("data map of newly assigned partitions not restored: Kafka refuses this worker's principal a read of topic %q; grant it Read on that topic (lethe writes it too: also Write): %w", w.cfg.Topics.DataMap, err)
	case kafka.Fatal(err): // SASL authentication failing, say: the runner stops on it too
		return fmt.Errorf("data map of newly assigned partitions not restored: %w", err)
	}
	return &dataMapUnread{err: err}
}

// dataMapUnread is a data map that could not be read back for now: a
// Transient error (kafka.Handler).
type dataMapUnread struct{ err error }

func (e *dataMapUnread) Error() string {
	return "data map of newly assigned partitions not restored yet: " + e.err.Error()
}
func (e *dataMapUnread) Unwrap() error   { return e.err }
func (e *dataMapUnread) Transient() bool { return true }

// revoked drops the data map state of partitions another worker now owns,
// and what the engine's lanes keep of them.
func (w *Worker) revoked(_ context.Context, parts map[string][]int32) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for t, ps := range parts {
		for _, p := range ps {
			delete(w.owned[t], p)
			delete(w.unrestored[t], p)
		}
		if len(w.unrestored[t]) == 0 {
			// restore reads the data map while any topic is listed: an
			// empty set left here made every batch read it again, and
			// fail while it cannot be read, for nothing left to restore.
			delete(w.unrestored, t)
		}
	}
	owned := func(topic string, p int32) bool { return w.owned[topic][p] }
	w.tracker.Forget(owned)
	w.engine.Forget(owned)
}

// registryClientOpts turns the registry config into client options. A
// password in the URL (user:password@host) becomes HTTP basic auth and
// leaves the URL, so no request error, which quotes the URL, can carry it
// into a log; the URL returned, for messages, has no user info either.
// Certificate files become the client's TLS configuration.
func registryClientOpts(rc RegistryConfig) (string, []sr.ClientOpt, error) {
	var opts []sr.ClientOpt
	tc, err := rc.tls()
	if err != nil {
		return "", nil, err
	}
	if tc != nil {
		opts = append(opts, sr.DialTLSConfig(tc))
	}
	raw := rc.URL
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw, append(opts, sr.URLs(raw)), nil // Validate has checked it parses
	}
	pass, _ := u.User.Password()
	opts = append(opts, sr.BasicAuth(u.User.Username(), pass))
	u.User = nil
	return u.String(), append(opts, sr.URLs(u.String())), nil
}

// Sanitizer returns the sanitizer of the configured keys: the one the
// worker pseudonymises and tokenizes with, and so the one that reverses its
// tokens (lethe detokenize).
func (c *Config) Sanitizer() (*sanitize.Sanitizer, error) {
	keys, err := c.keys()
	if err != nil {
		return nil, err
	}
	return sanitize.New(keys)
}

// Detokenizer returns what reads tokens back, from the token key alone
// (see sanitize.Detokenizer): a config loaded with LoadConfigWithoutKeys
// serves, so that keys.pseudonym need not be given to whoever detokenizes.
func (c *Config) Detokenizer() (*sanitize.Detokenizer, error) {
	var key []byte
	switch {
	case c.Keys.Token != "":
		var err error
		if key, err = resolveKey(c.Keys.Token); err != nil {
			return nil, &ConfigError{Key: "keys.token", Problem: err.Error()}
		}
	case c.InsecureDevKeys:
		s := sha256.Sum256([]byte(devTokenKey))
		key = s[:]
	default:
		return nil, &ConfigError{Key: "keys.token", Problem: "required to read tokens (env:NAME, file:PATH or hex:...)"}
	}
	d, err := sanitize.NewDetokenizer(key)
	if err != nil {
		return nil, &ConfigError{Key: "keys.token", Problem: err.Error()}
	}
	return d, nil
}

// DevKeyWarnings names the keys insecure_dev_keys derives because none is
// configured, each with what that exposes; nil when there are none. The
// worker logs them at start, and lethe run --check prints them: a config
// checked "valid" with such a key would otherwise say nothing of it.
func (c *Config) DevKeyWarnings() []string {
	if !c.InsecureDevKeys {
		return nil
	}
	var w []string
	if c.Keys.Pseudonym == "" {
		w = append(w, "keys.pseudonym is an insecure development key: anyone can recompute the pseudonyms; configure it for real data")
	}
	if c.Keys.Token == "" {
		w = append(w, "keys.token is an insecure development key: anyone can decrypt the tokens; configure it for real data")
	}
	return w
}

// The phrases the insecure development keys are derived from.
const (
	devPseudonymKey = "lethe insecure development pseudonym key"
	devTokenKey     = "lethe insecure development token key"
)

// keys resolves the configured keys, or derives development keys.
func (c *Config) keys() (sanitize.Keys, error) {
	var k sanitize.Keys
	var err error
	if c.Keys.Pseudonym != "" {
		if k.Pseudonym, err = resolveKey(c.Keys.Pseudonym); err != nil {
			return k, &ConfigError{Key: "keys.pseudonym", Problem: err.Error()}
		}
	}
	if c.Keys.Token != "" {
		if k.Token, err = resolveKey(c.Keys.Token); err != nil {
			return k, &ConfigError{Key: "keys.token", Problem: err.Error()}
		}
	}
	if c.InsecureDevKeys {
		if k.Pseudonym == nil {
			s := sha256.Sum256([]byte(devPseudonymKey))
			k.Pseudonym = s[:]
		}
		if k.Token == nil {
			s := sha256.Sum256([]byte(devTokenKey))
			k.Token = s[:]
		}
	}
	return k, nil
}

// NewLogger builds the zap logger the config asks for.
func NewLogger(c LogConfig) (*zap.Logger, error) {
	return NewLoggerTo(c, nil, term.IsTerminal(int(os.Stderr.Fd())))
}

// NewLoggerTo is NewLogger writing to out (stderr when nil). Console logs
// are coloured only when terminal says out is one: escape codes in a log
// file are noise.
func NewLoggerTo(c LogConfig, out io.Writer, terminal bool) (*zap.Logger, error) {
	var zc zap.Config
	if c.Format == "console" {
		zc = zap.NewDevelopmentConfig()
		zc.EncoderConfig.EncodeLevel = zapcore.CapitalLevelEncoder
		if terminal {
			zc.EncoderConfig.EncodeLevel = zapcore.CapitalColorLevelEncoder
		}
	} else {
		zc = zap.NewProductionConfig()
	}
	// Errors are wrapped with what failed where; a stack of lethe's own
	// frames under each error line is noise to whoever runs it.
	zc.DisableStacktrace = true
	lvl, err := zapcore.ParseLevel(c.Level)
	if err != nil {
		return nil, &ConfigError{Key: "log.level", Problem: err.Error()}
	}
	zc.Level = zap.NewAtomicLevelAt(lvl)
	zc.OutputPaths = []string{"stderr"}
	var opts []zap.Option
	if out != nil && c.Format == "console" {
		// The console core written to out (development logs sample nothing,
		// so replacing the core loses nothing).
		enc := zapcore.NewConsoleEncoder(zc.EncoderConfig)
		opts = append(opts, zap.WrapCore(func(zapcore.Core) zapcore.Core {
			return zapcore.NewCore(enc, zapcore.Lock(zapcore.AddSync(out)), zc.Level)
		}))
	} else if out != nil {
		return nil, errors.New("log: another output than stderr is for console logs only")
	}
	return zc.Build(opts...)
}

// recipientReadsInput returns a *ConfigError when a recipient of p would
// write to a topic the inputs select, making lethe read its own output: it
// checks the input topics given (those the brokers have, and those of
// inputs.topics) and ones that are not there yet, under the prefixes the
// inputs select (regexProbe). Check calls it with inputs.topics alone, so
// that --check finds what the start would (a review saw
// topic: "crm.public.{table}" pass --check and fail the start).
func (c *Config) recipientReadsInput(p *policy.Policy, inputs []string) error {
	probes := slices.Concat(inputs, []string{c.regexProbe(), "lethe_probe.lethe_probe.lethe_probe"})
	for i := range p.Recipients {
		r := &p.Recipients[i]
		for _, in := range probes {
			if in == "" {
				continue
			}
			schema, table, _ := pipeline.TopicTable(in)
			if t := r.TopicFor(in, schema, table); c.readsTopic(t) {
				return &ConfigError{Key: "policy", Problem: fmt.Sprintf("recipient %s writes to %q, which the inputs also read", r.Name, t)}
			}
		}
	}
	return nil
}

// regexProbe is an input topic inputs.regex would select that does not
// exist yet, built from the regex's literal start ("crm.lethe_probe.lethe_probe"
// for ^crm\.[^.]+\.[^.]+$), or "" when none is found: lethe must not write
// where its future inputs are.
func (c *Config) regexProbe() string {
	if c.Inputs.Regex == "" {
		return ""
	}
	re, _ := inputRegex(c.Inputs.Regex) // validated with the config
	lit, _ := re.LiteralPrefix()
	if lit == "" {
		return ""
	}
	for _, rest := range []string{"lethe_probe", "lethe_probe.lethe_probe", "lethe_probe.lethe_probe.lethe_probe"} {
		if t := lit + rest; re.MatchString(t) {
			return t
		}
	}
	return ""
}
