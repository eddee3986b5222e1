package kafka

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"go.uber.org/zap"
)

// DefaultUnstableAfter is how long the committed offsets of an owned
// partition may stay unstable before the runner reports a hanging
// transaction: three times franz-go's default transaction timeout (40 s),
// within which the broker ends every transaction it knows of.
const DefaultUnstableAfter = 2 * time.Minute

// A transaction's TxnOffsetCommit leaves the group's offsets pending until
// the transaction's marker reaches the group's __consumer_offsets
// partition. franz-go's group session fetches offsets with RequireStable
// (KIP-447), so while they are pending the broker answers
// UNSTABLE_OFFSET_COMMIT and franz-go retries each second, without end and
// without a word above its info log: the runner owns the partitions and
// polls nothing. The broker ends a live transaction within its timeout, so
// offsets unstable for longer are held by one it will never end (a
// "hanging transaction"). Kafka 4.3 makes them when it ends a transaction
// while shutting down: it skips the markers of partitions that have no
// leader at that moment ("Couldn't find leader endpoint ... can be
// skipped"), as a single broker's partitions have none. Only an operator
// can end it (README, "Hanging transactions"); the runner's part is to say
// so, in its log, its stats and its metrics, instead of waiting in silence.

// stuckWatch remembers, per partition ("topic/partition"), since when the
// probes have found it in the same stuck state without a break: its
// committed offset unstable and not moving, or its last stable offset at
// the same place below its end. It also keeps what it last added to its
// gauge, which several runners of one process share.
type stuckWatch struct {
	mu       sync.Mutex
	since    map[string]stuckAt
	logged   relogLimit // the hang's error lines
	reported gaugeShare // the partitions this runner counts in the gauge
}

// relogLimit spaces the error lines of a condition that lasts: the first
// at once, then at most every relogEvery.
type relogLimit struct {
	mu   sync.Mutex
	last time.Time // zero once the condition is over
}

// due reports whether a line about the condition, seen at now, is to be
// written, and if so notes it.
func (r *relogLimit) due(now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.last.IsZero() && now.Sub(r.last) < relogEvery {
		return false
	}
	r.last = now
	return true
}

// over notes that the condition is over: the next one is logged at once.
func (r *relogLimit) over() {
	r.mu.Lock()
	r.last = time.Time{}
	r.mu.Unlock()
}

// gaugeShare is one runner's part of a gauge that the runners of one
// process share: each adds and takes out only its own.
type gaugeShare struct {
	mu sync.Mutex
	n  float64
}

// set makes this runner's part of g n.
func (s *gaugeShare) set(g prometheus.Gauge, n float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g.Add(n - s.n)
	s.n = n
}

// stuckAt is when a partition was first found in its state, and the state
// (the committed offset, or the last stable offset).
type stuckAt struct {
	t time.Time
	v int64
}

// observe records one probe at now that found the partitions of seen
// stuck, each in its state (all others fine), and returns those found in
// the same state for at least after, sorted, with the earliest time since
// which one of them has been.
func (u *stuckWatch) observe(now time.Time, seen map[string]int64, after time.Duration) (stuck []string, since time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	prev := u.since
	u.since = make(map[string]stuckAt, len(seen))
	for p, v := range seen {
		at, ok := prev[p]
		if !ok || at.v != v {
			at = stuckAt{now, v}
		}
		u.since[p] = at
	}
	return u.stuckLocked(now, after)
}

// stuck returns what the last observe did, as of now.
func (u *stuckWatch) stuck(now time.Time, after time.Duration) ([]string, time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.stuckLocked(now, after)
}

func (u *stuckWatch) stuckLocked(now time.Time, after time.Duration) (stuck []string, since time.Time) {
	for p, at := range u.since {
		if now.Sub(at.t) >= after {
			stuck = append(stuck, p)
		}
	}
	slices.Sort(stuck)
	for _, p := range stuck {
		if t := u.since[p].t; since.IsZero() || t.Before(since) {
			since = t
		}
	}
	return stuck, since
}

// reset forgets every observation and takes this runner's count out of g:
// when a session ends, nothing watches any more.
func (u *stuckWatch) reset(g prometheus.Gauge) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.since = nil
	u.logged.over()
	u.reported.set(g, 0)
}

// relogEvery spaces the error logs of a hang that lasts.
const relogEvery = 5 * time.Minute

// probeEvery is how often a session probes for hanging transactions:
// often enough to see one soon after UnstableAfter, and never more than
// every 15 seconds (an OffsetFetch twice and ListOffsets three times, each
// with the metadata it needs).
func (r *Runner) probeEvery() time.Duration {
	return min(max(r.cfg.UnstableAfter/4, 10*time.Millisecond), 15*time.Second)
}

// watchHanging probes for hanging transactions (and the input's lag) until
// ctx ends, then takes what it found out of the stats and the gauges.
func (r *Runner) watchHanging(ctx context.Context, cl *kgo.Client) {
	defer r.setLag(nil)
	defer r.heldOutputs.reset(r.m.heldOutputs)
	defer r.unstable.reset(r.m.unstable)
	t := time.NewTicker(r.probeEvery())
	defer t.Stop()
	adm := kadm.NewClient(cl) // never closed: that would close the session's client
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-r.probeSoon:
			// Partitions were assigned: their lag counts from now, not
			// from the next tick (a worker started on a backlog showed
			// none for 15 s).
		}
		r.probeOffsets(ctx, cl, adm)
		r.probeOutputs(ctx, adm)
		r.noteOpenTxn(time.Now())
	}
}

// noteOpenTxn logs, at most every relogEvery, a transaction open for
// UnstableAfter or longer (RunnerStats.TransactionSince): nothing else
// says so, as franz-go retries the produce Kafka refuses without a word
// above its debug log, and the runner neither commits nor aborts.
func (r *Runner) noteOpenTxn(now time.Time) {
	ns := r.txnSince.Load()
	if ns == 0 || now.Sub(time.Unix(0, ns)) < r.cfg.UnstableAfter {
		r.openTxn.over()
		return
	}
	if r.openTxn.due(now) {
		since := time.Unix(0, ns)
		r.log.Error("a transaction has been open for longer than any transaction lasts: its outputs or its commit wait on Kafka (output partitions with too few in-sync replicas or no leader, a transaction coordinator out of reach); nothing is committed until Kafka takes them",
			zap.Time("open_since", since), zap.Duration("open_for", now.Sub(since).Round(time.Second)))
	}
}

// probeOffsets notes the owned partitions that a hanging transaction may
// hold: their offsets, fetched as franz-go fetches them (RequireStable,
// the partitions named, so that a pending first commit answers too), are
// unstable, and the input has records past the committed offset. The state
// is the committed offset, so a partition whose offsets keep moving (a
// busy group, each probe meeting another of its short transactions) is
// never stuck, nor is one with nothing to read (kfake answers UNSTABLE for
// every partition of a group while any of its commits is pending). A
// probe whose offset fetches fail counts as one that found none: the
// session reports broker failures itself, and an unreachable broker is not
// a hanging transaction. Partitions whose end offset could not be listed
// count as fine. The same offsets give the runner's lag.
func (r *Runner) probeOffsets(ctx context.Context, cl *kgo.Client, adm *kadm.Client) {
	owned := r.ownedPartitions()
	unstable := map[string]int64{}
	if len(owned) == 0 {
		r.setLag(nil)
	} else {
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		stable, err := r.fetchOwnedOffsets(pctx, cl, owned, true)
		var committed map[string]fetchedOffset
		if err == nil {
			committed, err = r.fetchOwnedOffsets(pctx, cl, owned, false)
		}
		var ends kadm.ListedOffsets
		if err == nil {
			var lerr error
			ends, lerr = adm.ListEndOffsets(pctx, slices.Sorted(maps.Keys(owned))...)
			if lerr != nil {
				r.log.Debug("probe of the inputs' end offsets failed (in part)", zap.Error(lerr))
			}
			if lag, ok := inputLag(pctx, adm, committed, ends); ok {
				r.setLag(lag)
			}
			r.notePastEnd(committed, ends)
		}
		cancel()
		if err != nil {
			r.log.Debug("probe of the group's offsets failed", zap.Error(err))
			stable = nil
		}
		for key, o := range stable {
			if !errors.Is(o.err, kerr.UnstableOffsetCommit) {
				continue
			}
			at := int64(-1)
			if c, ok := committed[key]; ok && c.err == nil {
				at = c.offset
			}
			end, ok := ends.Lookup(o.topic, o.partition)
			if !ok || end.Err != nil || end.Offset <= max(at, 0) {
				continue // nothing to read, or not known
			}
			unstable[key] = at
		}
	}
	r.note(&r.unstable, r.m.unstable, unstable, "unstable_since",
		"committed offsets of owned partitions unstable for longer than any transaction lasts: a transaction Kafka never finished (a hanging transaction) holds them, and lethe cannot read these partitions (nor, while franz-go retries, the others it was given with them) until an operator ends it (README, \"Hanging transactions\")")
}

// notePastEnd logs, at most every relogEvery, the owned partitions whose
// committed offset is past their end: the topic lost records the group had
// read (an embedded broker's data dir cut short after a crash, a topic
// deleted and made again), and records written to it now get offsets the
// group has passed, which it skips without a word (a review found new
// inputs so never sanitized).
func (r *Runner) notePastEnd(committed map[string]fetchedOffset, ends kadm.ListedOffsets) {
	var past []string
	for key, c := range committed {
		if end, ok := ends.Lookup(c.topic, c.partition); ok && c.err == nil && end.Err == nil && c.offset > end.Offset {
			past = append(past, key)
		}
	}
	if len(past) == 0 {
		return
	}
	if !r.pastEnd.due(time.Now()) {
		return
	}
	slices.Sort(past)
	r.log.Error("committed offsets of owned partitions are past the partitions' end: the topic lost records the group had read (a data dir cut short, a topic deleted and made again), and records written there now are skipped until the end passes the committed offset; find what was lost, then reset the group's offsets of these partitions (kafka-consumer-groups.sh --reset-offsets)",
		zap.Strings("partitions", past))
}

// inputLag gives, per partition of committed ("topic/partition"), the
// offsets from the group's committed one to the end. A partition the group
// has not committed yet counts from its log's start, where the group begins
// (franz-go's default). A partition whose offsets are unknown (its leader
// is down) is left out: the others' lag is still worth a gauge, where
// keeping the last probe's value would hide them for as long as it lasts.
// ok is false when no partition's lag is known: the gauge then keeps what
// the last probe found.
func inputLag(ctx context.Context, adm *kadm.Client, committed map[string]fetchedOffset, ends kadm.ListedOffsets) (lag map[string]int64, ok bool) {
	var fresh []string // topics with a partition never committed
	for _, c := range committed {
		if c.err == nil && c.offset < 0 {
			fresh = append(fresh, c.topic)
		}
	}
	var starts kadm.ListedOffsets
	if len(fresh) > 0 {
		starts, _ = adm.ListStartOffsets(ctx, fresh...) // a partition it could not list is unknown
	}
	for _, c := range committed {
		end, found := ends.Lookup(c.topic, c.partition)
		if c.err != nil || !found || end.Err != nil {
			continue
		}
		at := c.offset
		if at < 0 {
			start, found := starts.Lookup(c.topic, c.partition)
			if !found || start.Err != nil {
				continue
			}
			at = start.Offset
		}
		if lag == nil {
			lag = map[string]int64{}
		}
		lag[partitionKey(c.topic, c.partition)] = max(end.Offset-at, 0)
		ok = true
	}
	return lag, ok
}

// setLag makes the runner's part of the lag gauge what a probe found, per
// partition ("topic/partition"), for the partitions the runner still owns:
// one revoked while the probe ran is another member's now.
func (r *Runner) setLag(lag map[string]int64) {
	r.ownMu.Lock()
	defer r.ownMu.Unlock()
	clear(r.lagBy)
	for t, ps := range r.owned {
		for p := range ps {
			if n, ok := lag[partitionKey(t, p)]; ok {
				if r.lagBy == nil {
					r.lagBy = map[string]int64{}
				}
				r.lagBy[partitionKey(t, p)] = n
			}
		}
	}
	r.lagLocked()
}

// lagLocked makes the runner's part of the lag gauge the sum of lagBy; the
// caller holds ownMu.
func (r *Runner) lagLocked() {
	var sum int64
	for _, n := range r.lagBy {
		sum += n
	}
	r.lag.set(r.m.lag, float64(sum))
}

// fetchedOffset is one partition's answer to an offset fetch.
type fetchedOffset struct {
	topic     string
	partition int32
	offset    int64
	err       error
}

// fetchOwnedOffsets fetches the group's committed offsets of the owned
// partitions, naming them as franz-go's own fetch does, with or without
// RequireStable, keyed "topic/partition".
func (r *Runner) fetchOwnedOffsets(ctx context.Context, cl *kgo.Client, owned map[string]map[int32]bool, stable bool) (map[string]fetchedOffset, error) {
	req := kmsg.NewPtrOffsetFetchRequest()
	req.RequireStable = stable
	g := kmsg.NewOffsetFetchRequestGroup()
	g.Group = r.cfg.Group
	for _, topic := range slices.Sorted(maps.Keys(owned)) {
		rt := kmsg.NewOffsetFetchRequestGroupTopic()
		rt.Topic = topic
		rt.Partitions = slices.Sorted(maps.Keys(owned[topic]))
		g.Topics = append(g.Topics, rt)
	}
	req.Groups = append(req.Groups, g)
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return nil, err
	}
	out := map[string]fetchedOffset{}
	for _, rg := range resp.Groups {
		if err := kerr.ErrorForCode(rg.ErrorCode); err != nil {
			return nil, fmt.Errorf("group %s: %w", rg.Group, err)
		}
		for _, rt := range rg.Topics {
			for _, rp := range rt.Partitions {
				out[partitionKey(rt.Topic, rp.Partition)] = fetchedOffset{rt.Topic, rp.Partition, rp.Offset, kerr.ErrorForCode(rp.ErrorCode)}
			}
		}
	}
	return out, nil
}

// probeOutputs lists the last stable and the end offsets of the output
// topics (RunnerConfig.OutputTopics and those written to) and notes the
// partitions whose last stable offset is below their end. One that stays
// at the same place for UnstableAfter is held by a transaction open all
// that time: lethe's own end within seconds, so it is one Kafka never
// finished, and every read_committed reader of the partition (downstream
// holders, lethe's own restores) waits at it. Partitions the probe could
// not list count as fine.
func (r *Runner) probeOutputs(ctx context.Context, adm *kadm.Client) {
	topics := r.WatchedOutputs()
	held := map[string]int64{}
	if len(topics) > 0 {
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		lso, err := adm.ListCommittedOffsets(pctx, topics...)
		hwm, err2 := adm.ListEndOffsets(pctx, topics...)
		cancel()
		if err = errors.Join(err, err2); err != nil {
			r.log.Debug("probe of the output offsets failed (in part)", zap.Error(err))
		}
		lso.Each(func(o kadm.ListedOffset) {
			if end, ok := hwm.Lookup(o.Topic, o.Partition); ok && o.Err == nil && end.Err == nil && o.Offset < end.Offset {
				held[partitionKey(o.Topic, o.Partition)] = o.Offset
			}
		})
	}
	r.note(&r.heldOutputs, r.m.heldOutputs, held, "held_since",
		"output partitions held by a transaction open for longer than any transaction lasts: a transaction Kafka never finished (a hanging transaction); read_committed readers wait at it until an operator ends it (README, \"Hanging transactions\")")
}

// note records what a probe found stuck in w and reports the partitions
// stuck for UnstableAfter: in this runner's share of the gauge, and in an
// error log at most every relogEvery (partition names only).
func (r *Runner) note(w *stuckWatch, g prometheus.Gauge, seen map[string]int64, sinceKey, msg string) {
	now := time.Now()
	stuck, since := w.observe(now, seen, r.cfg.UnstableAfter)
	w.reported.set(g, float64(len(stuck)))
	switch {
	case len(stuck) == 0:
		w.logged.over()
	case w.logged.due(now):
		r.log.Error(msg, zap.Strings("partitions", stuck), zap.Time(sinceKey, since))
	}
}

// ownedPartitions copies the partitions the runner owns.
func (r *Runner) ownedPartitions() map[string]map[int32]bool {
	r.ownMu.Lock()
	defer r.ownMu.Unlock()
	c := make(map[string]map[int32]bool, len(r.owned))
	for t, ps := range r.owned {
		if len(ps) > 0 {
			c[t] = maps.Clone(ps)
		}
	}
	return c
}

// WatchOutputs adds topics the runner writes to, or will, to those its
// probes for hanging transactions watch (RunnerConfig.OutputTopics, for
// topics created while it runs). It is safe to call concurrently with Run.
func (r *Runner) WatchOutputs(topics ...string) {
	r.outMu.Lock()
	defer r.outMu.Unlock()
	if r.outTopics == nil {
		r.outTopics = map[string]struct{}{}
	}
	for _, t := range topics {
		r.outTopics[t] = struct{}{}
	}
}

// noteOutputTopic remembers a topic the runner writes to, for the probes.
// Only produce calls it.
func (r *Runner) noteOutputTopic(topic string) {
	if _, ok := r.written[topic]; ok {
		return
	}
	if r.written == nil {
		r.written = map[string]struct{}{}
	}
	r.written[topic] = struct{}{}
	r.WatchOutputs(topic)
}

// WatchedOutputs lists the output topics the probes watch, sorted: those
// of RunnerConfig.OutputTopics, WatchOutputs and the runner's writes.
func (r *Runner) WatchedOutputs() []string {
	r.outMu.Lock()
	defer r.outMu.Unlock()
	return slices.Sorted(maps.Keys(r.outTopics))
}

// partitionKey names a partition in the probes' maps and reports:
// "topic/partition".
func partitionKey(topic string, partition int32) string {
	return fmt.Sprintf("%s/%d", topic, partition)
}
