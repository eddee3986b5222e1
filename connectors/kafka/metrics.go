package kafka

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// Error stages, the only label values of lethe_kafka_errors_total.
const (
	stagePoll    = "poll"
	stageHandle  = "handle"
	stageProduce = "produce"
	stageCommit  = "commit"
	stageSession = "session"
)

// runnerMetrics are the runner's Prometheus collectors. Labels carry fixed
// stage names only, never topics' contents or keys.
type runnerMetrics struct {
	consumed     prometheus.Counter
	produced     prometheus.Counter
	commits      prometheus.Counter
	aborts       prometheus.Counter
	errors       *prometheus.CounterVec
	batchSeconds prometheus.Histogram
	unstable     prometheus.Gauge
	heldOutputs  prometheus.Gauge
	owned        prometheus.Gauge
	lag          prometheus.Gauge
}

func newRunnerMetrics(reg prometheus.Registerer) *runnerMetrics {
	m := &runnerMetrics{
		consumed: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "lethe", Subsystem: "kafka", Name: "records_consumed_total",
			Help: "Input records fetched, including refetches after aborted transactions.",
		}),
		produced: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "lethe", Subsystem: "kafka", Name: "records_produced_total",
			Help: "Output records written in committed transactions.",
		}),
		commits: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "lethe", Subsystem: "kafka", Name: "txn_commits_total",
			Help: "Committed transactions.",
		}),
		aborts: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "lethe", Subsystem: "kafka", Name: "txn_aborts_total",
			Help: "Aborted transactions (handler errors, rebalances, broker failures, shutdown).",
		}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "lethe", Subsystem: "kafka", Name: "errors_total",
			Help: "Errors by stage: poll, handle, produce, commit, session (client re-created).",
		}, []string{"stage"}),
		batchSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: "lethe", Subsystem: "kafka", Name: "batch_seconds",
			Help:    "Time from beginning a transaction to its commit: handler, produce and commit.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 15),
		}),
		unstable: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "lethe", Subsystem: "kafka", Name: "unstable_offset_partitions",
			Help: "Owned partitions whose committed offsets a hanging transaction has held unstable for UnstableAfter (2 minutes by default) or longer: lethe cannot read them.",
		}),
		heldOutputs: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "lethe", Subsystem: "kafka", Name: "held_output_partitions",
			Help: "Output partitions whose last stable offset a hanging transaction has held below their end for UnstableAfter (2 minutes by default) or longer: read_committed readers wait at it.",
		}),
		owned: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "lethe", Subsystem: "kafka", Name: "owned_partitions",
			Help: "Input partitions the consumer group gives this worker: summed over the workers, fewer than the inputs have means some wait for a rebalance.",
		}),
		lag: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "lethe", Subsystem: "kafka", Name: "consumer_lag_records",
			Help: "Offsets between the group's committed position and the end of the input partitions this worker owns, at the last probe (every 15 s by default, and on an assignment; a revoke takes its partitions out at once): summed over the workers, the group's lag. It grows while lethe falls behind its input or stands still.",
		}),
	}
	for _, s := range []string{stagePoll, stageHandle, stageProduce, stageCommit, stageSession} {
		m.errors.WithLabelValues(s)
	}
	if reg == nil {
		return m
	}
	// Several runners in one process share the collectors.
	m.consumed = register(reg, m.consumed)
	m.produced = register(reg, m.produced)
	m.commits = register(reg, m.commits)
	m.aborts = register(reg, m.aborts)
	m.errors = register(reg, m.errors)
	m.batchSeconds = register(reg, m.batchSeconds)
	m.unstable = register(reg, m.unstable)
	m.heldOutputs = register(reg, m.heldOutputs)
	m.owned = register(reg, m.owned)
	m.lag = register(reg, m.lag)
	return m
}

// register registers c, or returns the collector already registered under
// the same name.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
		// A conflicting collector with our name: keep ours unregistered
		// rather than failing the pipeline over metrics.
	}
	return c
}
