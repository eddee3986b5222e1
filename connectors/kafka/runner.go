package kafka

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"go.uber.org/zap"

	"github.com/lethe-cdc/lethe/pipeline"
)

// Handler turns fetched input records into output records. It is the seam
// between the Kafka runner and lethe's engine (package pipeline implements
// it); it knows nothing about Kafka.
//
// Lifecycle: the runner calls Handle once per fetched batch, from a single
// goroutine, inside an open transaction. Everything Handle returns is written
// in that transaction together with the batch's input offsets. If the
// transaction does not commit (handler error, rebalance, broker failure,
// crash) the batch is fetched again from the last committed offsets and
// Handle sees the same inputs again, so Handle must be deterministic and must
// not have side effects outside its outputs.
type Handler interface {
	// Handle turns one fetched batch into outputs; it is called inside a transaction and must be deterministic.
	// Returning an error aborts the transaction; the batch is retried from the last committed offsets.
	// An error that is Transient (a dependency out of reach) counts as waiting, not as a stall
	// (RunnerStats.WaitingSince); one that wraps a refusal retrying cannot fix (an authorization
	// Kafka denies) stops Run.
	//
	// in and the Headers of each Message are reused by the runner after
	// Handle returns: copy what must outlive the call (Key and Value bytes
	// are not reused and may be kept). out is an empty slice with spare
	// capacity: append to it and return it. The outputs' bytes must stay
	// unchanged until the next Handle call. Outputs are produced in the
	// order returned, each with exactly the headers given.
	Handle(ctx context.Context, in []pipeline.Message, out []pipeline.Output) ([]pipeline.Output, error)
}

// EachHandler is implemented by handlers that can hand their outputs over
// in pieces while they work (pipeline.Engine does). The runner then produces
// each piece at once, so the client and the broker work on the first
// outputs of a batch while the handler computes the rest, instead of the
// two taking turns. The rules of Handle apply; emit copies what it needs
// before it returns, so the handler may reuse the slice it passed.
type EachHandler interface {
	HandleEach(ctx context.Context, in []pipeline.Message, emit func([]pipeline.Output) error) error
}

// TxnObserver is implemented by handlers whose state must follow the fate
// of the transaction their outputs went into. The runner calls Committed or
// Aborted after every batch it handed to Handle, before the next Handle
// (for a Preparer, Prepare runs before it: see Preparer).
type TxnObserver interface {
	Committed()
	Aborted()
}

// Defaults for RunnerConfig.
const (
	// DefaultMaxBatch is the default number of input records per transaction.
	// Every transaction costs a few broker round trips (AddPartitionsToTxn,
	// TxnOffsetCommit, a heartbeat, EndTxn, markers on every partition), so
	// large transactions amortise that cost; 5000 keeps a transaction well
	// under a second while making its overhead negligible.
	DefaultMaxBatch = 5000
	// DefaultMaxWait is the default flush deadline: how long a batch waits
	// for more input after its first record before it is processed anyway.
	DefaultMaxWait = 200 * time.Millisecond
)

// RunnerConfig configures a Runner.
type RunnerConfig struct {
	// Brokers are the seed brokers, host:port. Required.
	Brokers []string
	// Group is the consumer group; its committed offsets are the runner's
	// progress. Required.
	Group string
	// Topics are the input topics. At least one of Topics and TopicRegex
	// is required.
	Topics []string
	// TopicRegex optionally consumes every topic matching this regular
	// expression (e.g. `^crm\.public\.[a-z_]+$`), in addition to Topics. It
	// must not match the output topics, or the runner consumes its own
	// outputs.
	TopicRegex string
	// TransactionalID must be unique per running process and should be
	// stable across restarts of the same process (e.g. the pod name): a
	// restart with the same ID aborts the transaction its crashed
	// predecessor left open at once, while a new ID leaves it open until
	// the broker's transaction timeout expires, and read_committed readers
	// of the output topics stall until then. "" derives
	// "lethe-<group>-<hostname>-<random>".
	TransactionalID string
	// MaxBatch caps the input records per transaction; 0 means
	// DefaultMaxBatch. Large transactions are much faster; smaller ones
	// lower latency and the work redone after a failure.
	MaxBatch int
	// MaxWait is the flush deadline: a batch is processed at most this
	// long after its first record arrived, full or not; 0 means
	// DefaultMaxWait.
	MaxWait time.Duration
	// UnstableAfter is how long the group's committed offsets of an owned
	// partition may stay unstable (held by an unfinished transaction), or
	// an output partition's last stable offset stay below its end, before
	// the runner reports a hanging transaction in its log, Stats and
	// metrics; 0 means DefaultUnstableAfter. It must exceed the
	// transaction timeout of every producer that commits for the group or
	// writes to the output topics.
	UnstableAfter time.Duration
	// OutputTopics are topics the runner writes to that its probes for
	// hanging transactions watch from the start, before the runner has
	// written to them in this process (a compacted state topic read back
	// on assignment). Topics it writes to are added as it does.
	OutputTopics []string
	// OnAssigned, if set, runs when partitions are assigned, before any of
	// their records are fetched, e.g. to restore state from compacted
	// topics with ReadTableSettled. It blocks the rebalance while it runs.
	OnAssigned func(ctx context.Context, assigned map[string][]int32)
	// OnRevoked, if set, runs when partitions are revoked or lost. Any
	// transaction open at that point will abort.
	OnRevoked func(ctx context.Context, revoked map[string][]int32)
	// OnFirstRecords, if set, runs once, when the runner's first records
	// arrive (after the group join, metadata and first fetch), so a caller
	// can time the work apart from the start-up (package bench does).
	OnFirstRecords func()
	// OnCommitted, if set, runs after every committed transaction with the
	// stats that count it, one call at a time; the next transaction does
	// not end until it returns. With overlapped transactions it runs beside
	// the handler's work on the next batch (see Preparer).
	OnCommitted func(st RunnerStats)
	// ClientOpts are passed to franz-go after the runner's own options, for
	// TLS, SASL, timeouts. The runner's group balancer is franz-go's
	// cooperative-sticky one, wrapped to learn each assignment (see
	// syncedAssignment); kgo.Balancers here replaces it, and KIP-848
	// (kgo.ServerSideBalancer) needs one: kgo.StickyBalancer or
	// kgo.RangeBalancer. Output topics must exist (see EnsureTopics) unless
	// kgo.AllowAutoTopicCreation() is passed here; otherwise every batch
	// aborts and is retried until they do. Options that break exactly-once (a different
	// isolation level, autocommit) must not be passed.
	ClientOpts []kgo.Opt
	// Logger receives lifecycle and error logs, never record contents; nil
	// discards them.
	Logger *zap.Logger
	// Metrics, if set, registers the runner's Prometheus metrics. Their
	// labels carry only fixed stage names, never data.
	Metrics prometheus.Registerer
}

// RunnerStats are a runner's counters since NewRunner.
type RunnerStats struct {
	// Polled counts every input record fetched, including refetches after
	// an abort.
	Polled int64
	// Inputs counts input records in committed transactions.
	Inputs int64
	// Outputs counts output records in committed transactions.
	Outputs int64
	// Commits and Aborts count ended transactions.
	Commits, Aborts int64
	// Restarts counts client sessions re-created after broker or
	// transaction failures.
	Restarts int64
	// LastCommit is when the last transaction committed, zero if none.
	LastCommit time.Time
	// AbortsSinceCommit counts transactions aborted since the last commit
	// (since the start if none): a run of them with no commit means the
	// runner is stuck, retrying a batch that cannot be written.
	AbortsSinceCommit int64
	// AbortingSince is when the first of those aborts happened, zero if
	// none: how long the runner has been failing, whatever the time since
	// its last commit (a worker idle for an hour, then aborting five times
	// in a second, is not yet stuck).
	AbortingSince time.Time
	// WaitingSince is when the handler began failing every batch on a
	// dependency out of reach (an error that says it is Transient: a
	// schema registry answering 503), zero once a batch commits; WaitingOn
	// is its last error. Those aborts are not in AbortsSinceCommit: the
	// runner is waiting, not stuck, and a restart would not bring the
	// dependency back.
	WaitingSince time.Time
	WaitingOn    string
	// UnstablePartitions are the owned partitions ("topic/partition")
	// whose committed offsets have stayed unstable for UnstableAfter or
	// longer, sorted: a hanging transaction holds them and the runner
	// cannot read them. UnstableSince is when the first of them was found
	// unstable.
	UnstablePartitions []string
	UnstableSince      time.Time
	// HeldOutputs are the output partitions whose last stable offset has
	// stayed at the same place below their end for UnstableAfter or
	// longer, sorted: a hanging transaction holds them, and read_committed
	// readers cannot get past it. HeldSince is when the first of them was
	// found so.
	HeldOutputs []string
	HeldSince   time.Time
	// RecentRestarts counts the sessions re-created in the last
	// RestartWindow: a few in a row mean a group that keeps rebalancing
	// (or brokers out of reach), which commits too little to look stalled.
	RecentRestarts int
	// RecentAborts counts the transactions aborted in the last
	// RestartWindow (at most 1,024; not those that waited on a dependency),
	// and RecentCommits those committed since the first of them. More
	// aborts than commits means batches that cannot be written, committed
	// only when a fetch happens to miss the records that fail them (a
	// table whose output topic lethe refuses): lag grows while commits
	// keep the runner from looking stalled.
	RecentAborts  int
	RecentCommits int64
	// TransactionSince is when the open transaction began, zero while none
	// is open. One open for longer than any transaction lasts waits on
	// Kafka without failing: franz-go retries a produce that Kafka refuses
	// for a while (an output partition with too few in-sync replicas, or
	// none leading it) for as long as it is refused, and the runner neither
	// commits nor aborts.
	TransactionSince time.Time
	// IdleSince is when the runner began waiting for the first record of
	// a batch, zero while records come. A runner idle for a while after
	// aborts has nothing waiting to be written (its partitions went to
	// another member, or their records were written after all), so the
	// aborts no longer say it is stuck.
	IdleSince time.Time
}

// RestartWindow is the span RunnerStats.RecentRestarts counts restarts in.
const RestartWindow = 5 * time.Minute

// aborted counts an aborted transaction, in the stats and the metrics,
// and in the run of aborts a stall is seen by.
func (r *Runner) aborted() {
	r.countAbort()
	now := time.Now()
	if r.abortStreak.Add(1) == 1 {
		r.abortingSince.Store(now.UnixNano())
	}
	r.restartMu.Lock()
	r.recentAborts = append(slices.DeleteFunc(r.recentAborts, func(m abortMark) bool { return now.Sub(m.at) >= RestartWindow }),
		abortMark{at: now, commits: r.commits.Load()})
	if len(r.recentAborts) > maxRecentAborts {
		r.recentAborts = slices.Delete(r.recentAborts, 0, len(r.recentAborts)-maxRecentAborts)
	}
	r.restartMu.Unlock()
}

// abortMark is an aborted transaction: when, and how many had committed
// by then.
type abortMark struct {
	at      time.Time
	commits int64
}

// maxRecentAborts bounds the aborts RunnerStats.RecentAborts counts: enough
// to tell failing from healthy, in constant memory.
const maxRecentAborts = 1024

// waiting counts a transaction aborted because the handler failed on a
// dependency out of reach (err), which is no stall (RunnerStats.WaitingSince).
func (r *Runner) waiting(err error) {
	r.countAbort()
	r.waitingSince.CompareAndSwap(0, time.Now().UnixNano())
	msg := err.Error()
	r.waitingOn.Store(&msg)
}

// countAbort counts an aborted transaction in the stats and the metrics.
func (r *Runner) countAbort() {
	r.aborts.Add(1)
	r.m.aborts.Inc()
}

// onDependency reports a handler error that says nothing about the batch:
// it, or an error it wraps, is Transient (a schema registry out of reach).
func onDependency(err error) bool {
	var te interface{ Transient() bool }
	return errors.As(err, &te) && te.Transient()
}

// Runner consumes input topics in a consumer group and, batch by batch,
// writes its Handler's outputs and the input offsets in one Kafka
// transaction (franz-go's GroupTransactSession): exactly-once processing.
//
// A handler that implements Preparer has the next batch prepared while the
// previous transaction ends (docs/decisions/0008-overlapped-transactions.md).
//
// A rebalance during a batch aborts the batch's transaction, and the new
// owner of the partitions refetches it. Broker failures (restarts, network)
// are retried with backoff forever: the runner re-creates its client and
// continues from the last committed offsets, losing and duplicating nothing.
// Run stops when its context is cancelled, or with an error for failures
// that retrying cannot fix (authorization, SASL authentication), a
// handler's error that wraps one of them included.
type Runner struct {
	cfg     RunnerConfig
	h       Handler
	log     *zap.Logger
	m       *runnerMetrics
	opts    []kgo.Opt
	running atomic.Bool

	// Batch buffers, reused across batches; only the Run goroutine
	// touches them. recs[:used] and hdrs[:hdrUsed] are the current batch's.
	in      []pipeline.Message
	inHdr   []pipeline.Header
	marks   batchOffsets // the offsets of in's records, for the commit
	out     []pipeline.Output
	recs    []kgo.Record
	hdrs    []kgo.RecordHeader
	used    int
	hdrUsed int
	// ahead, aheadHdr and aheadMarks hold the batch polled before the
	// current one's transaction ended (overlapped; only for Preparers).
	ahead      []pipeline.Message
	aheadHdr   []pipeline.Header
	aheadMarks batchOffsets
	// queue[qhead:] are records polled for later batches (overlapped):
	// see takeAhead.
	queue []*kgo.Record
	qhead int

	// prod is the current transaction's produce outcome, and promise the
	// promise of its records, which reports to prod alone (see
	// produceBatch).
	prod    *produceBatch
	promise func(*kgo.Record, error)
	// promiseWait bounds awaitPromises (defaultPromiseWait; tests shorten it).
	promiseWait time.Duration

	// revokedIdle is set by every revoke and loss, and wake, when set,
	// cancels the poll of an idle runner: see endIdle.
	revokedIdle atomic.Bool
	wakeMu      sync.Mutex
	wake        context.CancelFunc
	// owned are the partitions the group gave this runner, for the log
	// and the offset probes.
	ownMu sync.Mutex
	owned map[string]map[int32]bool
	// synced is the group balancer, which notes every assignment the
	// group's sync hands the runner (reconcile).
	synced *syncedAssignment
	// ownedShare is this runner's part of the owned partitions gauge,
	// which the runners of one process share as they share the others:
	// Set by each, it showed whichever runner had moved last.
	ownedShare gaugeShare
	// lagBy is the lag the last probe found per owned partition
	// ("topic/partition"), under ownMu: a revoke takes its partitions'
	// out of the lag gauge at once. probeSoon asks the probes to run
	// after an assignment.
	lagBy     map[string]int64
	probeSoon chan struct{}
	// unstable and heldOutputs follow the owned partitions whose committed
	// offsets the probes find unstable, and the output partitions whose
	// last stable offset stays below their end (hanging.go); outTopics are
	// the output topics the latter watch (WatchedOutputs). lag is the
	// runner's part of the lag gauge, which the same probes set.
	unstable, heldOutputs stuckWatch
	lag                   gaugeShare
	pastEnd               relogLimit // notePastEnd's error lines
	outMu                 sync.Mutex
	outTopics             map[string]struct{}
	// written are the topics produce has noted, read and written by
	// produce alone (one goroutine), so a topic costs the lock once.
	written map[string]struct{}

	polled, inputs, outputs, commits, aborts, restarts, lastCommit atomic.Int64
	abortStreak                                                    atomic.Int64 // aborts since the last commit
	abortingSince                                                  atomic.Int64 // when the first of them happened (unix ns)
	waitingSince                                                   atomic.Int64 // see RunnerStats.WaitingSince (unix ns)
	waitingOn                                                      atomic.Pointer[string]
	txnSince                                                       atomic.Int64 // see RunnerStats.TransactionSince (unix ns)
	idleSince                                                      atomic.Int64 // see RunnerStats.IdleSince (unix ns)
	openTxn                                                        relogLimit   // noteOpenTxn's lines
	restartMu                                                      sync.Mutex
	restartTimes                                                   []time.Time // of restarts within RestartWindow
	recentAborts                                                   []abortMark // within RestartWindow, under restartMu

	// sawRecords is set once the first records arrived (OnFirstRecords).
	sawRecords bool
	// test hooks, set only inside this package.
	hooks runnerHooks
}

type runnerHooks struct {
	// beforeEnd runs after all outputs were produced and before End. If it
	// returns an error, the batch's transaction is left open, the session
	// is dropped without ending it, and Run returns the error: a crash.
	beforeEnd func(s *kgo.GroupTransactSession, batch int) error
	// tookAhead runs after takeAhead with the batch it took, the records
	// left queued and those the client still buffers.
	tookAhead func(batch, queued int, buffered int64)
	// polledAhead, when set, sees (and may change) what takeAhead polled.
	polledAhead func(kgo.Fetches) kgo.Fetches
	// newSession runs as soon as a session's client exists: a slow
	// return from NewGroupTransactSession, its group already joined.
	newSession func()
	// promise, when set, runs in place of an output record's promise,
	// which deliver runs: a test delivers it late, or not at all.
	promise func(rec *kgo.Record, err error, deliver func(*kgo.Record, error))
}

// NewRunner validates cfg and returns a Runner; errors name the offending
// field. Nothing connects until Run.
func NewRunner(cfg RunnerConfig, h Handler) (*Runner, error) {
	if h == nil {
		return nil, errors.New("kafka runner: handler is nil")
	}
	if len(cfg.Brokers) == 0 {
		return nil, errors.New("kafka runner: RunnerConfig.Brokers is empty")
	}
	for i, b := range cfg.Brokers {
		if b == "" {
			return nil, fmt.Errorf("kafka runner: RunnerConfig.Brokers[%d] is empty", i)
		}
	}
	if cfg.Group == "" {
		return nil, errors.New("kafka runner: RunnerConfig.Group is empty")
	}
	if len(cfg.Topics) == 0 && cfg.TopicRegex == "" {
		return nil, errors.New("kafka runner: RunnerConfig.Topics and RunnerConfig.TopicRegex are both empty")
	}
	for i, t := range cfg.Topics {
		if t == "" {
			return nil, fmt.Errorf("kafka runner: RunnerConfig.Topics[%d] is empty", i)
		}
	}
	if cfg.TopicRegex != "" {
		if _, err := regexp.Compile(cfg.TopicRegex); err != nil {
			return nil, fmt.Errorf("kafka runner: RunnerConfig.TopicRegex: %w", err)
		}
	}
	if cfg.MaxBatch < 0 {
		return nil, fmt.Errorf("kafka runner: RunnerConfig.MaxBatch %d is negative", cfg.MaxBatch)
	}
	if cfg.MaxBatch == 0 {
		cfg.MaxBatch = DefaultMaxBatch
	}
	if cfg.MaxWait < 0 {
		return nil, fmt.Errorf("kafka runner: RunnerConfig.MaxWait %s is negative", cfg.MaxWait)
	}
	if cfg.MaxWait == 0 {
		cfg.MaxWait = DefaultMaxWait
	}
	if cfg.UnstableAfter < 0 {
		return nil, fmt.Errorf("kafka runner: RunnerConfig.UnstableAfter %s is negative", cfg.UnstableAfter)
	}
	if cfg.UnstableAfter == 0 {
		cfg.UnstableAfter = DefaultUnstableAfter
	}
	if cfg.TransactionalID == "" {
		cfg.TransactionalID = defaultTransactionalID(cfg.Group)
	}
	log := cfg.Logger
	if log == nil {
		log = zap.NewNop()
	}
	log = log.With(zap.String("group", cfg.Group), zap.String("transactional_id", cfg.TransactionalID))
	r := &Runner{cfg: cfg, h: h, log: log, m: newRunnerMetrics(cfg.Metrics), owned: map[string]map[int32]bool{},
		probeSoon: make(chan struct{}, 1), promiseWait: defaultPromiseWait, synced: newSyncedAssignment()}
	r.WatchOutputs(cfg.OutputTopics...)
	r.newProduceBatch()
	r.opts = r.clientOpts()
	// Validate the client options once, up front, so a bad option fails
	// NewRunner rather than looping in Run.
	if err := kgo.ValidateOpts(r.opts...); err != nil {
		return nil, fmt.Errorf("kafka runner: client options: %w", err)
	}
	return r, nil
}

func defaultTransactionalID(group string) string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown-host"
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "lethe-" + group + "-" + host + "-" + hex.EncodeToString(b[:])
}

func (r *Runner) clientOpts() []kgo.Opt {
	cfg := r.cfg
	opts := []kgo.Opt{
		kgo.SeedBrokers(cfg.Brokers...),
		kgo.ConsumerGroup(cfg.Group),
		kgo.TransactionalID(cfg.TransactionalID),
		kgo.FetchIsolationLevel(kgo.ReadCommitted()),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.WithLogger(kgoZapLogger{l: r.log.Named("kgo"), group: cfg.Group}),
		// Before ClientOpts, which may replace it.
		kgo.Balancers(r.synced),
		kgo.OnPartitionsAssigned(func(ctx context.Context, _ *kgo.Client, assigned map[string][]int32) {
			r.reconcile(ctx) // revokes the session did not pass on
			if n := r.own(assigned, true); n >= 0 {
				r.log.Info("partitions assigned", zap.Any("partitions", assigned), zap.Int("owned", n))
			}
			if cfg.OnAssigned != nil {
				cfg.OnAssigned(ctx, assigned)
			}
		}),
		// Never End a transaction in these callbacks: the session holds the
		// lock End needs. The session itself marks the open transaction to
		// abort.
		kgo.OnPartitionsRevoked(func(ctx context.Context, _ *kgo.Client, revoked map[string][]int32) {
			r.released(ctx, revoked, r.log.Info, "partitions revoked")
		}),
		kgo.OnPartitionsLost(func(ctx context.Context, _ *kgo.Client, lost map[string][]int32) {
			r.released(ctx, lost, r.log.Warn, "partitions lost")
		}),
	}
	if cfg.TopicRegex != "" {
		topics := make([]string, 0, len(cfg.Topics)+1)
		for _, t := range cfg.Topics {
			topics = append(topics, "^"+regexp.QuoteMeta(t)+"$")
		}
		opts = append(opts, kgo.ConsumeRegex(), kgo.ConsumeTopics(append(topics, cfg.TopicRegex)...))
	} else {
		opts = append(opts, kgo.ConsumeTopics(cfg.Topics...))
	}
	return append(opts, cfg.ClientOpts...)
}

// Stats returns the runner's counters. It is safe to call concurrently with
// Run.
func (r *Runner) Stats() RunnerStats {
	st := RunnerStats{
		Polled:   r.polled.Load(),
		Inputs:   r.inputs.Load(),
		Outputs:  r.outputs.Load(),
		Commits:  r.commits.Load(),
		Aborts:   r.aborts.Load(),
		Restarts: r.restarts.Load(),

		AbortsSinceCommit: r.abortStreak.Load(),
	}
	if ns := r.lastCommit.Load(); ns != 0 {
		st.LastCommit = time.Unix(0, ns)
	}
	if ns := r.abortingSince.Load(); ns != 0 && st.AbortsSinceCommit > 0 {
		st.AbortingSince = time.Unix(0, ns)
	}
	if ns := r.txnSince.Load(); ns != 0 {
		st.TransactionSince = time.Unix(0, ns)
	}
	if ns := r.idleSince.Load(); ns != 0 {
		st.IdleSince = time.Unix(0, ns)
	}
	if ns := r.waitingSince.Load(); ns != 0 {
		st.WaitingSince = time.Unix(0, ns)
		if on := r.waitingOn.Load(); on != nil {
			st.WaitingOn = *on
		}
	}
	now := time.Now()
	st.UnstablePartitions, st.UnstableSince = r.unstable.stuck(now, r.cfg.UnstableAfter)
	st.HeldOutputs, st.HeldSince = r.heldOutputs.stuck(now, r.cfg.UnstableAfter)
	r.restartMu.Lock()
	for _, t := range r.restartTimes {
		if now.Sub(t) < RestartWindow {
			st.RecentRestarts++
		}
	}
	for i, m := range r.recentAborts {
		if now.Sub(m.at) < RestartWindow {
			st.RecentAborts = len(r.recentAborts) - i
			st.RecentCommits = st.Commits - m.commits
			break
		}
	}
	r.restartMu.Unlock()
	return st
}

// TransactionalID returns the transactional ID the runner uses.
func (r *Runner) TransactionalID() string { return r.cfg.TransactionalID }

// Run processes records until ctx is done and returns nil then. A batch in
// flight when ctx ends is aborted (and reprocessed by whoever runs next).
// Broker and transaction failures never end Run: it re-creates its client
// with backoff and continues from the committed offsets. Run returns an
// error only for failures retrying cannot fix (authorization) and must not
// be called twice at once.
func (r *Runner) Run(ctx context.Context) error {
	if !r.running.CompareAndSwap(false, true) {
		return errors.New("kafka runner: Run called while already running")
	}
	defer r.running.Store(false)
	defer r.leaveGauges()

	bo := backoff{min: 100 * time.Millisecond, max: 10 * time.Second}
	for first := true; ; first = false {
		if ctx.Err() != nil {
			return nil
		}
		if !first {
			r.restarts.Add(1)
			r.m.errors.WithLabelValues(stageSession).Inc()
			r.restartMu.Lock()
			now := time.Now()
			r.restartTimes = append(slices.DeleteFunc(r.restartTimes, func(t time.Time) bool { return now.Sub(t) >= RestartWindow }), now)
			r.restartMu.Unlock()
		}
		// The last session's state goes before the new client exists: it
		// joins the group at once, and its callbacks may run before
		// NewGroupTransactSession returns: wiped after it, the partitions
		// it was assigned were lost under load until the next rebalance
		// (no hang probes, no lag, an owned gauge of 0), which a hang
		// test failing one run in a hundred showed.
		//
		// Records of a dropped session may still be referenced by its
		// producer; never reuse them, nor wait for their promises.
		r.recs, r.hdrs = nil, nil
		r.newProduceBatch()
		r.revokedIdle.Store(false) // the last session's leave revoked everything
		unsaid := r.forgetOwned()  // a new client joins the group afresh
		r.synced.take()            // and is synced afresh
		// A session that ended between a revoke and its End (an End or an
		// offset check that failed) left the group still marked revoked,
		// and GroupTransactSession passes on no revoke until End: the
		// leave's revoke of what it still owned never came. The owner
		// hears of it here, before the new client can be assigned any of
		// it again; the worker would keep their data map state for good.
		if len(unsaid) > 0 {
			r.log.Info("partitions revoked with the last session", zap.Any("partitions", unsaid))
			if r.cfg.OnRevoked != nil {
				r.cfg.OnRevoked(ctx, unsaid)
			}
		}
		s, err := kgo.NewGroupTransactSession(r.opts...)
		if err != nil {
			return fmt.Errorf("kafka runner: create client: %w", err)
		}
		if r.hooks.newSession != nil {
			r.hooks.newSession()
		}
		r.warnClassic(s.Client())
		commitsBefore := r.commits.Load()
		watchCtx, stopWatch := context.WithCancel(ctx)
		watched := make(chan struct{})
		go func() {
			defer close(watched)
			r.watchHanging(watchCtx, s.Client())
		}()
		err = r.initProducer(ctx, s)
		if err == nil {
			err = r.session(ctx, s)
		}
		stopWatch()
		<-watched
		r.txnSince.Store(0) // a dropped client's transaction is its broker's to end
		if errors.Is(err, errCrashed) {
			return err // the hook dropped the client
		}
		r.closeSession(s)
		if ctx.Err() != nil {
			return nil
		}
		if Fatal(err) {
			if errors.Is(err, kerr.FencedInstanceID) {
				return fmt.Errorf("kafka runner: another member of group %q joined with this worker's group instance id (instance_id, static membership): two workers share one, and each would take the partitions from the other in turn; this one stops. Give each worker its own (the pod name), or leave instance_id out: %w", r.cfg.Group, err)
			}
			return fmt.Errorf("kafka runner: %w", err)
		}
		if r.commits.Load() > commitsBefore {
			bo.reset() // the session worked for a while: this failure is a new one
		}
		wait := bo.next()
		r.log.Warn("kafka session failed; reconnecting", zap.Error(err), zap.Duration("backoff", wait))
		if !sleepCtx(ctx, wait) {
			return nil
		}
	}
}

// initProducer initialises the transactional producer before anything is
// consumed. InitProducerID fences a predecessor with the same
// TransactionalID and aborts the transaction it left open. Doing it lazily,
// at the first produce, could wait for the broker's transaction timeout: a
// predecessor that died after committing its offsets into the transaction
// leaves them pending, and the stable offset fetch of this session waits
// for them before it ever consumes, so it would never produce.
func (r *Runner) initProducer(ctx context.Context, s *kgo.GroupTransactSession) error {
	if _, _, err := s.Client().ProducerID(ctx); err != nil {
		return fmt.Errorf("init transactional producer: %w", err)
	}
	return nil
}

// errCrashed is returned by the beforeEnd test hook to simulate a crash.
var errCrashed = errors.New("kafka runner: simulated crash")

// closeSession leaves the group and closes the client, bounded in time so a
// dead broker cannot hang shutdown.
func (r *Runner) closeSession(s *kgo.GroupTransactSession) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Client().LeaveGroupContext(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		r.log.Debug("leave group", zap.Error(err))
	}
	s.Close()
}

// session runs batches on one client until ctx ends (nil) or the client
// fails (the error).
func (r *Runner) session(ctx context.Context, s *kgo.GroupTransactSession) error {
	handlerBackoff := backoff{min: 50 * time.Millisecond, max: 5 * time.Second}
	for {
		n, err := r.gather(ctx, s)
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			if n > 0 {
				// The polled records were never in a transaction; abort
				// resets the session to the committed offsets.
				return r.abortDetached(ctx, s)
			}
			return nil
		}
		if n == 0 {
			continue
		}
		if p, ok := r.h.(Preparer); ok {
			err = r.overlapped(ctx, s, p, n)
		} else {
			err = r.batch(ctx, s, n)
		}
		if err != nil {
			if errors.Is(err, errHandler) {
				if !sleepCtx(ctx, handlerBackoff.next()) {
					return nil
				}
				continue
			}
			return err
		}
		if r.abortStreak.Load() > 0 {
			// The batch ended aborted (a produce the broker refused): wait
			// before trying again, or a refusal that persists would spin.
			if !sleepCtx(ctx, handlerBackoff.next()) {
				return nil
			}
			continue
		}
		handlerBackoff.reset()
	}
}

var errHandler = errors.New("handler failed")

// gather polls until MaxBatch records are buffered in r.in or MaxWait has
// passed since the first one. It returns the number of records gathered.
func (r *Runner) gather(ctx context.Context, s *kgo.GroupTransactSession) (int, error) {
	r.in = r.in[:0]
	r.inHdr = r.inHdr[:0]
	r.marks = r.marks.reset()
	var deadline time.Time
	for len(r.in) < r.cfg.MaxBatch {
		pollCtx, cancel := ctx, context.CancelFunc(nil)
		switch {
		case s.Client().BufferedFetchRecords() > 0:
			// A nil context makes franz-go return what is buffered at once.
			pollCtx = nil //nolint:staticcheck // documented by PollRecords
		case deadline.IsZero():
			// Wait for the first record of the batch, or a revoke.
			r.idleSince.CompareAndSwap(0, time.Now().UnixNano())
			pollCtx, cancel = r.idleContext(ctx)
			if err := r.endIdle(ctx, s); err != nil {
				cancel()
				return 0, err
			}
		case !time.Now().Before(deadline):
			return len(r.in), nil
		default:
			pollCtx, cancel = context.WithDeadline(ctx, deadline)
		}
		fs := s.PollRecords(pollCtx, r.cfg.MaxBatch-len(r.in))
		if cancel != nil {
			cancel()
		}
		if fs.IsClientClosed() {
			return len(r.in), errors.New("client closed")
		}
		got := r.appendFetches(fs, &r.in, &r.inHdr, r.marks)
		if got > 0 {
			r.idleSince.Store(0)
		}
		if err := r.fetchErrors(fs); err != nil {
			return len(r.in), err
		}
		if got > 0 && deadline.IsZero() {
			deadline = time.Now().Add(r.cfg.MaxWait)
			if !r.sawRecords {
				r.sawRecords = true
				if r.cfg.OnFirstRecords != nil {
					r.cfg.OnFirstRecords()
				}
			}
		}
		if ctx.Err() != nil {
			break
		}
	}
	return len(r.in), nil
}

// released is what the runner does when the group takes parts from it,
// revoked or lost (log and msg say which): it owns them no more, the
// batch that waited no longer counts as waiting, and its owner is told
// (OnRevoked). Never End a transaction here: the session holds the lock
// End needs.
func (r *Runner) released(ctx context.Context, parts map[string][]int32, log func(string, ...zap.Field), msg string) {
	if n := r.own(parts, false); n >= 0 {
		log(msg, zap.Any("partitions", parts), zap.Int("owned", n))
	}
	if len(parts) > 0 {
		// The batch that waited may be another's now: the next
		// failure says. Not on a cooperative rebalance's empty
		// callback, which every member gets (a review).
		r.waitingSince.Store(0)
	}
	if r.cfg.OnRevoked != nil {
		r.cfg.OnRevoked(ctx, parts)
	}
	r.revokedWhileIdle(parts)
}

// own adds (or removes) parts to the partitions the runner owns and
// returns how many it owns now, or -1 when parts is empty: cooperative
// rebalances call back with nothing, which is not worth a log line, and
// an assignment lists only what it adds.
func (r *Runner) own(parts map[string][]int32, add bool) int {
	r.ownMu.Lock()
	defer r.ownMu.Unlock()
	changed := false
	for t, ps := range parts {
		for _, p := range ps {
			changed = true
			if add {
				if r.owned[t] == nil {
					r.owned[t] = map[int32]bool{}
				}
				r.owned[t][p] = true
			} else {
				delete(r.owned[t], p)
				delete(r.lagBy, partitionKey(t, p))
			}
		}
	}
	if !changed {
		return -1
	}
	if add {
		select {
		case r.probeSoon <- struct{}{}:
		default: // one is due already
		}
	} else {
		r.lagLocked()
	}
	n := 0
	for _, ps := range r.owned {
		n += len(ps)
	}
	r.ownedShare.set(r.m.owned, float64(n))
	return n
}

// leaveGauges takes the runner's share out of the owned partitions and
// lag gauges when Run returns: a stopped runner counts nothing, though it
// may still list partitions whose revoke never came (a session that ended
// between a revoke and its End), which the next Run's first session tells
// their owner of (forgetOwned).
func (r *Runner) leaveGauges() {
	r.ownMu.Lock()
	defer r.ownMu.Unlock()
	r.ownedShare.set(r.m.owned, 0)
	r.lag.set(r.m.lag, 0)
}

// forgetOwned empties the partitions the runner owns, returning them.
func (r *Runner) forgetOwned() map[string][]int32 {
	r.ownMu.Lock()
	defer r.ownMu.Unlock()
	parts := r.ownedLocked()
	clear(r.owned)
	r.ownedShare.set(r.m.owned, 0)
	clear(r.lagBy)
	r.lagLocked()
	return parts
}

// ownedLocked lists the partitions the runner owns, as the group's
// callbacks name them; the caller holds ownMu.
func (r *Runner) ownedLocked() map[string][]int32 {
	parts := map[string][]int32{}
	for t, ps := range r.owned {
		for p := range ps {
			parts[t] = append(parts[t], p)
		}
	}
	for _, ps := range parts {
		slices.Sort(ps)
	}
	return parts
}

// idleContext returns the context of an idle poll, which a revoke cancels
// (revokedWhileIdle). Its cancel func unregisters it.
func (r *Runner) idleContext(ctx context.Context) (context.Context, context.CancelFunc) {
	pollCtx, cancel := context.WithCancel(ctx)
	r.wakeMu.Lock()
	r.wake = cancel
	r.wakeMu.Unlock()
	return pollCtx, func() {
		r.wakeMu.Lock()
		r.wake = nil
		r.wakeMu.Unlock()
		cancel()
	}
}

// revokedWhileIdle notes a revoke or loss and, when it took partitions,
// wakes an idle poll. It runs in franz-go's revoke callbacks, where End must
// not be called. Cooperative rebalances call back with nothing at the end
// of every rebalance; waking for those would make every idle member rewind
// its fetches each time, and the session does not mark itself revoked for
// them anyway. (With an eager balancer, which lethe does not use, an empty
// revoke does mark it: the flag is still noted and cleared by the next End.)
func (r *Runner) revokedWhileIdle(parts map[string][]int32) {
	r.revokedIdle.Store(true)
	empty := true
	for _, ps := range parts {
		empty = empty && len(ps) == 0
	}
	if empty {
		return
	}
	r.wakeMu.Lock()
	if r.wake != nil {
		r.wake()
	}
	r.wakeMu.Unlock()
}

// endIdle ends the session's (empty) transaction state after a revoke that
// came while no batch was open. GroupTransactSession calls OnRevoked only
// for the first revoke until End is called; a runner idle through two
// rebalances would hear of the second only from the group's sync
// (reconcile), and its first batch after them would abort, the session
// still marked revoked. Ending with an abort when nothing is open rewinds
// nothing that was not committed already.
func (r *Runner) endIdle(ctx context.Context, s *kgo.GroupTransactSession) error {
	if !r.revokedIdle.Swap(false) {
		return nil
	}
	return r.abortDetached(ctx, s)
}

// appendFetches converts fetched records into *in without copying keys or
// values, all headers of the batch sharing one reused slice, and notes
// their offsets in marks.
func (r *Runner) appendFetches(fs kgo.Fetches, in *[]pipeline.Message, hdrs *[]pipeline.Header, marks batchOffsets) int {
	n := 0
	fs.EachPartition(func(p kgo.FetchTopicPartition) {
		for _, rec := range p.Records {
			*in = append(*in, messageFromRecord(rec, hdrs))
			n++
		}
		if len(p.Records) > 0 {
			marks.add(p.Records[len(p.Records)-1])
		}
	})
	r.polled.Add(int64(n))
	r.m.consumed.Add(float64(n))
	return n
}

// messageFromRecord converts a fetched record. Headers are appended to
// *hdrs, and the message's Headers alias that slice: they stay valid until
// *hdrs is reset.
func messageFromRecord(rec *kgo.Record, hdrs *[]pipeline.Header) pipeline.Message {
	m := pipeline.Message{
		Topic:     rec.Topic,
		Partition: rec.Partition,
		Offset:    rec.Offset,
		Key:       rec.Key,
		Value:     rec.Value,
		Timestamp: rec.Timestamp,
	}
	if len(rec.Headers) > 0 {
		start := len(*hdrs)
		if cap(*hdrs)-start < len(rec.Headers) {
			// Grow into a new array; earlier messages keep pointing at the
			// old one, which stays valid.
			grown := make([]pipeline.Header, start, 2*cap(*hdrs)+len(rec.Headers)+64)
			copy(grown, *hdrs)
			*hdrs = grown
		}
		for _, h := range rec.Headers {
			*hdrs = append(*hdrs, pipeline.Header{Key: h.Key, Value: h.Value})
		}
		m.Headers = (*hdrs)[start:len(*hdrs):len(*hdrs)]
	}
	return m
}

// fetchErrors logs fetch errors; they are retried by the client. It returns
// an error only when the client can no longer be used.
func (r *Runner) fetchErrors(fs kgo.Fetches) error {
	for _, fe := range fs.Errors() {
		switch {
		case errors.Is(fe.Err, context.Canceled), errors.Is(fe.Err, context.DeadlineExceeded):
			continue // our poll deadline or shutdown
		case errors.Is(fe.Err, kgo.ErrClientClosed):
			return fmt.Errorf("fetch: %w", fe.Err)
		}
		r.m.errors.WithLabelValues(stagePoll).Inc()
		r.log.Warn("fetch error", zap.String("topic", fe.Topic), zap.Int32("partition", fe.Partition), zap.Error(fe.Err))
		if Fatal(fe.Err) {
			return fmt.Errorf("fetch topic %s partition %d: %w", fe.Topic, fe.Partition, fe.Err)
		}
	}
	return nil
}

// batch runs the gathered records through the handler and commits the
// outputs with the input offsets in one transaction.
func (r *Runner) batch(ctx context.Context, s *kgo.GroupTransactSession, n int) (err error) {
	start := time.Now()
	committed := false
	if obs, ok := r.h.(TxnObserver); ok {
		defer func() {
			if committed {
				obs.Committed()
			} else {
				obs.Aborted()
			}
		}()
	}
	if err := s.Begin(); err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	r.txnSince.Store(time.Now().UnixNano())
	r.resetProduce()
	outputs := 0
	emit := r.emitTo(ctx, s, &outputs)
	if eh, ok := r.h.(EachHandler); ok {
		err = eh.HandleEach(ctx, r.in[:n], emit)
	} else {
		var out []pipeline.Output
		if out, err = r.h.Handle(ctx, r.in[:n], r.out[:0]); err == nil {
			r.out = out[:0]
			err = emit(out)
		}
	}
	if err != nil {
		return r.handlerFailed(ctx, s, n, err)
	}
	committed, err = r.end(ctx, s, n, outputs, start, nil)
	return err
}

// handlerFailed aborts the open transaction after the handler failed; the
// batch is refetched from the committed offsets and retried.
func (r *Runner) handlerFailed(ctx context.Context, s *kgo.GroupTransactSession, n int, err error) error {
	r.m.errors.WithLabelValues(stageHandle).Inc()
	r.log.Warn("handler failed; aborting the batch to retry it", zap.Int("batch", n), zap.Error(err))
	if onDependency(err) {
		r.waiting(err)
	} else {
		r.aborted()
	}
	if err := r.abortDetached(ctx, s); err != nil {
		return err
	}
	return handlerRetry(err)
}

// handlerRetry is what a session does after a handler error: errHandler,
// to retry the batch with backoff, unless the error wraps a refusal that
// retrying cannot fix (Fatal: Kafka denying the worker's principal a
// topic the handler reads, such as the data map), which stops the runner
// as the same refusal on a fetch or a produce does. Retried, it aborted
// every batch until the liveness probe restarted the worker, which the
// refusal outlasts, in a loop (a review).
func handlerRetry(err error) error {
	if Fatal(err) {
		return fmt.Errorf("handler: %w", err)
	}
	return errHandler
}

// emitTo returns the function handlers hand a transaction's outputs to: it
// produces them in the open transaction and counts them in *n.
func (r *Runner) emitTo(ctx context.Context, s *kgo.GroupTransactSession, n *int) func([]pipeline.Output) error {
	return func(out []pipeline.Output) error {
		*n += len(out)
		r.produce(ctx, s, out)
		return nil
	}
}

// resetProduce readies the produce buffers and outcome for a transaction.
// The last transaction's records are written over only once each of their
// promises has run: one still pending (awaitPromises gave up on it, or the
// batch aborted without waiting) may run at any time, and the client may
// still hold its record, so the buffers go to it and this transaction
// allocates its own.
func (r *Runner) resetProduce() {
	if r.prod.pending.Load() > 0 {
		r.recs, r.hdrs = nil, nil
	}
	r.newProduceBatch()
	r.used, r.hdrUsed = 0, 0
}

// end flushes a batch's outputs and ends its transaction, committing the
// input offsets: those of commit when it is not nil, else everything
// polled. It reports whether the transaction committed; an error means the
// client can no longer be used. A transaction that aborts (a rebalance, a
// failed produce) resets the client to the committed offsets.
func (r *Runner) end(ctx context.Context, s *kgo.GroupTransactSession, n, outputs int, start time.Time, commit batchOffsets) (bool, error) {
	if r.hooks.beforeEnd != nil {
		if err := r.hooks.beforeEnd(s, n); err != nil {
			return false, err
		}
	}

	try := kgo.TryCommit
	if err := s.Client().Flush(ctx); err != nil {
		try = kgo.TryAbort
	}
	if !r.awaitPromises() {
		try = kgo.TryAbort
	}
	perr := r.prod.firstErr()
	if perr != nil {
		try = kgo.TryAbort
		r.m.errors.WithLabelValues(stageProduce).Inc()
		fields := []zap.Field{zap.Int("outputs", outputs), zap.Error(perr)}
		if errors.Is(perr, kerr.UnknownTopicOrPartition) {
			fields = append(fields, zap.String("hint", "create output topics with EnsureTopics, or pass kgo.AllowAutoTopicCreation() in ClientOpts"))
		}
		if ctx.Err() != nil {
			// Shutting down: the open batch is aborted on purpose and
			// refetched by whoever owns the partitions next.
			r.log.Info("shutting down; aborting the open batch", zap.Int("batch", n))
		} else {
			r.log.Warn("produce failed; aborting the batch", fields...)
		}
	}
	endCtx, cancel := detached(ctx, s)
	if commit != nil {
		endCtx = kgo.PreTxnCommitFnContext(endCtx, commit.narrow)
	}
	r.revokedIdle.Store(false) // this End lets the session report the next revoke
	committed, err := s.End(endCtx, try)
	cancel()
	r.txnSince.Store(0)
	if err != nil {
		r.aborted()
		r.m.errors.WithLabelValues(stageCommit).Inc()
		return false, fmt.Errorf("end transaction of %d inputs: %w", n, err)
	}
	var restart error // the batch committed, and the client must read the group's offsets afresh
	if !committed && try == kgo.TryCommit && perr == nil {
		applied, err := r.committedAnyway(ctx, s, n)
		if err != nil {
			r.aborted()
			return false, fmt.Errorf("transaction of %d inputs reported aborted, and its outcome could not be checked: %w", n, err)
		}
		if applied {
			committed = true
			restart = fmt.Errorf("transaction of %d inputs committed although the broker's answer made the client take it as aborted: %w", n, errCommittedAnyway)
		}
	}
	if !committed {
		r.aborted()
		if perr != nil && Fatal(perr) {
			return false, fmt.Errorf("produce: %w", perr)
		}
		if try == kgo.TryCommit {
			r.log.Info("transaction aborted by a rebalance; the batch will be refetched", zap.Int("batch", n))
		}
		return false, nil
	}
	r.inputs.Add(int64(n))
	r.outputs.Add(int64(outputs))
	r.commits.Add(1)
	r.abortStreak.Store(0)
	r.waitingSince.Store(0)
	r.lastCommit.Store(time.Now().UnixNano())
	r.m.produced.Add(float64(outputs))
	r.m.commits.Inc()
	r.m.batchSeconds.Observe(time.Since(start).Seconds())
	if r.cfg.OnCommitted != nil {
		r.cfg.OnCommitted(r.Stats())
	}
	return true, restart
}

// errCommittedAnyway ends a session whose client rewound to offsets the
// group has committed past (see committedAnyway).
var errCommittedAnyway = errors.New("the session restarts to read the group's committed offsets")

// committedAnyway reports whether a transaction End said did not commit
// did: the group's committed offsets of the batch's partitions the runner
// still owns are those after the batch. franz-go takes an EndTxn answer
// that leaves the outcome open (UNKNOWN_SERVER_ERROR, which some brokers
// give after committing) as an abort and rewinds the client to the
// offsets it last saw committed, so the batch would be processed and
// committed a second time (a review). The batch then counts as committed,
// and a restarted session reads the group's offsets afresh.
//
// Only a stable read (RequireStable, of the batch's partitions alone, so
// that Kafka judges them apart from other members' open transactions)
// tells an abort: while markers are pending, Kafka's plain read still
// shows the offsets before the batch (a review saw a 2 s cut-off, then a
// plain read, commit a batch twice). A plain read that already shows the
// batch's ends proves the commit, and is asked for when the stable one is
// not ready: kfake judges the whole group unstable while any member has a
// transaction open. Undecided after offsetCheckWait, the check fails and
// the session restarts, which reads the offsets stable before it consumes.
func (r *Runner) committedAnyway(ctx context.Context, s *kgo.GroupTransactSession, n int) (bool, error) {
	if ctx.Err() != nil {
		return false, nil // shutting down: the next owner reads the group's offsets
	}
	ends := map[string]map[int32]int64{} // after the batch's last record of each partition
	for i := range r.in[:n] {
		m := &r.in[i]
		if ends[m.Topic] == nil {
			ends[m.Topic] = map[int32]int64{}
		}
		ends[m.Topic][m.Partition] = max(ends[m.Topic][m.Partition], m.Offset+1)
	}
	fctx, cancel := context.WithTimeout(ctx, offsetCheckWait)
	defer cancel()
	if err := r.endLeftOpen(fctx, s, n); err != nil {
		return false, err
	}
	for {
		// Partitions revoked are their next owner's to read, which may
		// commit past the batch's end (a review): checked at every read.
		if ends = r.stillOwned(ends); len(ends) == 0 {
			return false, nil
		}
		stable, err := r.fetchCommitted(fctx, s, ends, true)
		if err != nil {
			return false, err
		}
		// A read during which a partition was revoked may show its new
		// owner's commit: it is read again.
		if stable.decided && r.ownsAll(ends) {
			return stable.atEnds, nil
		}
		plain, err := r.fetchCommitted(fctx, s, ends, false)
		if err != nil {
			return false, err
		}
		if plain.atEnds && r.ownsAll(ends) {
			return true, nil
		}
		if !sleepCtx(fctx, 100*time.Millisecond) {
			if ctx.Err() != nil {
				return false, nil // shutting down: the next owner reads the group's offsets
			}
			return false, fmt.Errorf("the group's committed offsets stayed unstable for %s", offsetCheckWait)
		}
	}
}

// endLeftOpen ends, by aborting it, a transaction that End reported aborted
// but franz-go left open on the broker. After an EndTxn answered
// TRANSACTION_ABORTABLE, franz-go sends no abort: it flags its producer id
// to be initialised again at the next Begin, and that InitProducerID aborts
// the transaction. Until then the transaction's offsets stay pending and
// the group's offsets unstable, so committedAnyway's stable read would wait
// on the runner itself, for offsetCheckWait, and then restart the session
// (TestRunnerEndTxnAbortable measured 30 s and a rejoin for one abort).
// Asking for the producer id now initialises it if franz-go flagged it;
// otherwise it is a no-op.
func (r *Runner) endLeftOpen(ctx context.Context, s *kgo.GroupTransactSession, n int) error {
	if _, _, err := s.Client().ProducerID(ctx); err != nil {
		return fmt.Errorf("abort the transaction of %d inputs left open: initialise the producer id: %w", n, err)
	}
	return nil
}

// stillOwned returns ends without the partitions the runner no longer owns.
func (r *Runner) stillOwned(ends map[string]map[int32]int64) map[string]map[int32]int64 {
	r.ownMu.Lock()
	defer r.ownMu.Unlock()
	kept := map[string]map[int32]int64{}
	for t, ps := range ends {
		for p, end := range ps {
			if r.owned[t][p] {
				if kept[t] == nil {
					kept[t] = map[int32]int64{}
				}
				kept[t][p] = end
			}
		}
	}
	return kept
}

// ownsAll reports whether the runner still owns every partition of ends.
func (r *Runner) ownsAll(ends map[string]map[int32]int64) bool {
	n := 0
	for _, ps := range ends {
		n += len(ps)
	}
	kept := 0
	for _, ps := range r.stillOwned(ends) {
		kept += len(ps)
	}
	return kept == n
}

// offsetCheckWait bounds committedAnyway.
const offsetCheckWait = 30 * time.Second

// committedAt is what one read of the group's offsets says of a batch:
// whether it could decide (no partition unstable), and whether every
// partition is at the batch's end.
type committedAt struct{ decided, atEnds bool }

// fetchCommitted reads the group's committed offsets of the partitions in
// ends, stable or not.
func (r *Runner) fetchCommitted(ctx context.Context, s *kgo.GroupTransactSession, ends map[string]map[int32]int64, stable bool) (committedAt, error) {
	req := kmsg.NewPtrOffsetFetchRequest()
	req.Group, req.RequireStable = r.cfg.Group, stable
	for t, ps := range ends {
		rt := kmsg.NewOffsetFetchRequestTopic()
		rt.Topic = t
		for p := range ps {
			rt.Partitions = append(rt.Partitions, p)
		}
		req.Topics = append(req.Topics, rt)
	}
	resp, err := req.RequestWith(ctx, s.Client())
	if err != nil {
		return committedAt{}, fmt.Errorf("fetch the group's committed offsets: %w", err)
	}
	// A request for one group is answered in the old form too, whatever
	// version went out: franz-go merges the group into ErrorCode and Topics.
	code, topics := resp.ErrorCode, resp.Topics
	if err := kerr.ErrorForCode(code); errors.Is(err, kerr.UnstableOffsetCommit) {
		return committedAt{}, nil
	} else if err != nil {
		return committedAt{}, fmt.Errorf("fetch the group's committed offsets: %w", err)
	}
	at := committedAt{decided: true, atEnds: true}
	seen, behind := 0, false
	for _, rt := range topics {
		for _, rp := range rt.Partitions {
			end, ok := ends[rt.Topic][rp.Partition]
			if !ok {
				continue
			}
			seen++
			switch err := kerr.ErrorForCode(rp.ErrorCode); {
			case errors.Is(err, kerr.UnstableOffsetCommit):
				at.decided, at.atEnds = false, false
			case err != nil:
				return committedAt{}, fmt.Errorf("committed offset of %s/%d: %w", rt.Topic, rp.Partition, err)
			case rp.Offset < end:
				at.atEnds, behind = false, true
			case rp.Offset > end:
				// Committed past the batch by a member that took the
				// partition over: it tells nothing of this batch.
				at.decided, at.atEnds = false, false
			}
		}
	}
	want := 0
	for _, ps := range ends {
		want += len(ps)
	}
	if seen < want {
		at.atEnds = false
	}
	if stable && behind {
		// A partition with nothing pending is not at the batch's end:
		// a transaction's offsets commit on all its partitions or none.
		at.decided = true
	}
	return at, nil
}

// produce hands outputs to the client. The records live in r.recs until
// their promises have run (resetProduce): when the buffer is too small it
// is replaced, not grown, because the client holds pointers into the old
// one; after a few batches it fits a whole batch and nothing is allocated.
func (r *Runner) produce(ctx context.Context, s *kgo.GroupTransactSession, out []pipeline.Output) {
	if cap(r.recs)-r.used < len(out) {
		r.recs, r.used = make([]kgo.Record, max(2*cap(r.recs), len(out))), 0
	}
	nh := 0
	for i := range out {
		nh += len(out[i].Headers)
	}
	if cap(r.hdrs)-r.hdrUsed < nh {
		r.hdrs, r.hdrUsed = make([]kgo.RecordHeader, max(2*cap(r.hdrs), nh)), 0
	}
	// One timestamp per call rather than the client's time.Now per record:
	// the records of a call are produced within microseconds of each other.
	now := time.Now()
	recs := r.recs[r.used : r.used+len(out)]
	hdrs := r.hdrs[r.hdrUsed : r.hdrUsed+nh]
	r.used, r.hdrUsed = r.used+len(out), r.hdrUsed+nh
	noted := ""
	for i := range out {
		o := &out[i]
		if o.Topic != noted {
			r.noteOutputTopic(o.Topic) // for the hanging-transaction probes
			noted = o.Topic
		}
		h := hdrs[:len(o.Headers):len(o.Headers)]
		hdrs = hdrs[len(o.Headers):]
		for j := range o.Headers {
			h[j] = kgo.RecordHeader{Key: o.Headers[j].Key, Value: o.Headers[j].Value}
		}
		ts := o.Timestamp
		if ts.IsZero() {
			ts = now
		}
		recs[i] = kgo.Record{Topic: o.Topic, Key: o.Key, Value: o.Value, Headers: h, Timestamp: ts}
		r.prod.pending.Add(1)
		s.Produce(ctx, &recs[i], r.promise)
	}
}

// produceBatch is a transaction's produce outcome: the first of its
// records to fail, and how many of their promises are yet to run. Each
// transaction has its own, which its records' promise reports to: a promise
// that runs after its transaction gave up waiting for it (awaitPromises)
// counts for that transaction, already aborted, never for the one open
// then, which its error would abort, nor holds that one up.
type produceBatch struct {
	mu      sync.Mutex
	err     error
	pending atomic.Int64 // records handed to Produce whose promise has not run
}

// failed notes a failed produce of rec, unless one is noted already.
func (b *produceBatch) failed(rec *kgo.Record, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err == nil {
		b.err = fmt.Errorf("produce to topic %s partition %d: %w", rec.Topic, rec.Partition, err)
	}
}

// firstErr returns the first failed produce, nil if none.
func (b *produceBatch) firstErr() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// newProduceBatch gives the next transaction its own outcome and promise.
func (r *Runner) newProduceBatch() {
	b := new(produceBatch)
	r.prod = b
	deliver := func(rec *kgo.Record, err error) {
		if err != nil {
			b.failed(rec, err)
		}
		b.pending.Add(-1) // last: awaitPromises then reads b.err
	}
	r.promise = deliver
	if h := r.hooks.promise; h != nil {
		r.promise = func(rec *kgo.Record, err error) { h(rec, err, deliver) }
	}
}

// awaitPromises waits until every record handed to Produce has had its
// promise called, and reports whether that happened in time. Flush is not
// enough: a record franz-go fails before buffering it (no topic, larger than
// MaxBufferedBytes, ErrMaxBuffered) never counts as buffered, and its
// promise runs on another goroutine, so Flush can return first and the
// transaction would commit the batch's inputs without that output. After a
// Flush it almost never has to wait. A batch that gives up waiting aborts;
// its promises still pending report to it alone, and the next transaction
// writes its records elsewhere (resetProduce).
func (r *Runner) awaitPromises() bool {
	for deadline := time.Now().Add(r.promiseWait); r.prod.pending.Load() > 0; time.Sleep(100 * time.Microsecond) {
		if time.Now().After(deadline) {
			r.log.Warn("produce promises still pending after the flush; aborting the batch", zap.Int64("records", r.prod.pending.Load()), zap.Duration("waited", r.promiseWait))
			return false
		}
	}
	return true
}

// defaultPromiseWait bounds awaitPromises.
const defaultPromiseWait = 30 * time.Second

// abortDetached aborts the transaction with a context that survives the
// cancellation of ctx, so shutdown still aborts cleanly.
func (r *Runner) abortDetached(ctx context.Context, s *kgo.GroupTransactSession) error {
	endCtx, cancel := detached(ctx, s)
	defer cancel()
	r.revokedIdle.Store(false)
	_, err := s.End(endCtx, kgo.TryAbort)
	r.txnSince.Store(0)
	if err != nil {
		return fmt.Errorf("abort transaction: %w", err)
	}
	return nil
}

// detached is the context of an End: it survives the cancellation of ctx,
// so that shutdown still ends the transaction, and lasts as long as a
// rebalance can hold End up (the session timeout, in which a crashed
// member's place is kept, and the rebalance timeout), with a margin. A
// review saw a 30 s bound break: a worker crashed and restarted at once
// kept the group rebalancing for 45 s, the other workers' Ends waited on
// it and gave up, their sessions were dropped without leaving the group,
// and each dropped member held up the next rebalance for another 45 s:
// the group rebalanced for as long as input kept coming. Once ctx has
// ended (shutting down: the batch is aborted) shutdownEnd is enough, also
// for an End already waiting: the next producer with the transactional ID
// aborts what is left open, and a stop must fit a container's grace period.
func detached(ctx context.Context, s *kgo.GroupTransactSession) (context.Context, context.CancelFunc) {
	d := shutdownEnd
	if ctx.Err() == nil {
		d = endTimeout(s.Client())
	}
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d)
	stop := context.AfterFunc(ctx, func() {
		select {
		case <-dctx.Done():
		case <-time.After(shutdownEnd):
			cancel()
		}
	})
	return dctx, func() { stop(); cancel() }
}

// shutdownEnd bounds an End once the runner is stopping.
const shutdownEnd = 10 * time.Second

// endTimeout is how long an End may take on cl: its group's session and
// rebalance timeouts and 15 s (franz-go's defaults: 2 min).
func endTimeout(cl *kgo.Client) time.Duration {
	session, ok1 := cl.OptValue(kgo.SessionTimeout).(time.Duration)
	rebalance, ok2 := cl.OptValue(kgo.RebalanceTimeout).(time.Duration)
	if !ok1 || !ok2 || session <= 0 || rebalance <= 0 {
		session, rebalance = 45*time.Second, 60*time.Second
	}
	return session + rebalance + 15*time.Second
}

// Fatal reports errors that retrying cannot fix, which the runner stops on
// (a handler tells them from a dependency out of reach with it): missing
// permissions, SASL authentication failing, and another member joined
// with this one's static group instance id.
// Kafka's own clients stop at that fence too: a new client would join
// with the same id and fence the other, which would do the same, each
// aborting the other's transactions; as franz-go leaves it, the fenced
// client retries its join for good, consuming nothing, and says so only
// in warnings (TestRunnerStopsWhenItsInstanceIDIsTaken).
// Stopping puts the error where an operator sees it, and a zombie (an old
// process that outlived its replacement) steps aside.
func Fatal(err error) bool {
	return errors.Is(err, kerr.FencedInstanceID) ||
		errors.Is(err, kerr.TopicAuthorizationFailed) ||
		errors.Is(err, kerr.GroupAuthorizationFailed) ||
		errors.Is(err, kerr.TransactionalIDAuthorizationFailed) ||
		errors.Is(err, kerr.ClusterAuthorizationFailed) ||
		errors.Is(err, kerr.SaslAuthenticationFailed)
}

// backoff is a capped exponential backoff.
type backoff struct {
	min, max, cur time.Duration
}

func (b *backoff) next() time.Duration {
	if b.cur == 0 {
		b.cur = b.min
	} else if b.cur *= 2; b.cur > b.max {
		b.cur = b.max
	}
	return b.cur
}

func (b *backoff) reset() { b.cur = 0 }

// sleepCtx sleeps d, returning false if ctx ended first.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// kgoZapLogger adapts zap to franz-go. franz-go logs requests, offsets and
// errors, never record contents. Its info level is chatty, so it goes to
// debug. Its lines go through the runner's logger, which already names
// the group: franz-go's own "group" field is left out of them, as a JSON
// line with one key twice is one some log pipelines drop (a review found
// every group line so).
type kgoZapLogger struct {
	l     *zap.Logger
	group string
}

func (k kgoZapLogger) Level() kgo.LogLevel {
	switch {
	case k.l.Core().Enabled(zap.DebugLevel):
		return kgo.LogLevelDebug
	case k.l.Core().Enabled(zap.WarnLevel):
		return kgo.LogLevelWarn
	default:
		return kgo.LogLevelError
	}
}

func (k kgoZapLogger) Log(level kgo.LogLevel, msg string, keyvals ...any) {
	lvl := zap.DebugLevel
	switch level {
	case kgo.LogLevelError:
		lvl = zap.ErrorLevel
	case kgo.LogLevelWarn:
		lvl = zap.WarnLevel
	}
	ce := k.l.Check(lvl, msg)
	if ce == nil {
		return
	}
	fields := make([]zap.Field, 0, len(keyvals)/2)
	for i := 0; i+1 < len(keyvals); i += 2 {
		key, _ := keyvals[i].(string)
		if key == "group" && keyvals[i+1] == k.group {
			continue
		}
		fields = append(fields, zap.Any(key, keyvals[i+1]))
	}
	ce.Write(fields...)
}
