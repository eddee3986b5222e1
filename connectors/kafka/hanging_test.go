package kafka

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

func TestStuckWatch(t *testing.T) {
	const after = time.Minute
	t0 := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	type probe struct {
		at    time.Duration    // since t0
		seen  map[string]int64 // partition -> state
		stuck []string
		since time.Duration
	}
	seen := func(kv ...any) map[string]int64 {
		m := map[string]int64{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = int64(kv[i+1].(int))
		}
		return m
	}
	for _, tc := range []struct {
		name   string
		probes []probe
	}{
		{"fine", []probe{{0, nil, nil, 0}, {2 * after, nil, nil, 0}}},
		{"stuck for less than after", []probe{{0, seen("t/0", 0), nil, 0}, {after - time.Second, seen("t/0", 0), nil, 0}}},
		{"stuck for after", []probe{{0, seen("t/0", 0), nil, 0}, {after, seen("t/0", 0), []string{"t/0"}, 0}}},
		{"a fine probe restarts the clock", []probe{
			{0, seen("t/0", 0), nil, 0},
			{after / 2, nil, nil, 0},
			{after, seen("t/0", 0), nil, 0},
			{2*after - time.Second, seen("t/0", 0), nil, 0},
			{2 * after, seen("t/0", 0), []string{"t/0"}, after},
		}},
		{"a new state restarts the clock (a last stable offset that moved)", []probe{
			{0, seen("t/0", 10), nil, 0},
			{after / 2, seen("t/0", 12), nil, 0},
			{after, seen("t/0", 12), nil, 0},
			{after + after/2, seen("t/0", 12), []string{"t/0"}, after / 2},
		}},
		{"partitions apart, sorted, the earliest since", []probe{
			{0, seen("t/1", 0), nil, 0},
			{after / 2, seen("t/1", 0, "t/0", 0), nil, 0},
			{after, seen("t/0", 0, "t/1", 0), []string{"t/1"}, 0},
			{after + after/2, seen("t/1", 0, "t/0", 0), []string{"t/0", "t/1"}, 0},
			{2 * after, seen("t/0", 0), []string{"t/0"}, after / 2},
		}},
	} {
		var u stuckWatch
		for i, p := range tc.probes {
			stuck, since := u.observe(t0.Add(p.at), p.seen, after)
			var wantSince time.Time
			if p.stuck != nil {
				wantSince = t0.Add(p.since)
			}
			if !slices.Equal(stuck, p.stuck) || !since.Equal(wantSince) {
				t.Errorf("%s, probe %d: stuck %v since %v, want %v since %v", tc.name, i, stuck, since, p.stuck, wantSince)
			}
			if got, _ := u.stuck(t0.Add(p.at), after); !slices.Equal(got, p.stuck) {
				t.Errorf("%s, probe %d: stuck() = %v, want %v", tc.name, i, got, p.stuck)
			}
		}
		u.reset(prometheus.NewGauge(prometheus.GaugeOpts{Name: "g"}))
		if got, _ := u.stuck(t0.Add(time.Hour), after); got != nil {
			t.Errorf("%s: after reset, stuck = %v", tc.name, got)
		}
	}
}

// A probe that cannot reach the broker is no evidence of a hang: what
// earlier probes found is forgotten, not left to age into a report.
func TestProbeFailureForgetsHangs(t *testing.T) {
	r := newTestRunner(t, RunnerConfig{Brokers: []string{"127.0.0.1:1"}, Group: "g", Topics: []string{"t"}}, newDoubler())
	r.own(map[string][]int32{"t": {0}}, true)
	r.unstable.observe(time.Now().Add(-time.Hour), map[string]int64{"t/0": 0}, r.cfg.UnstableAfter)
	r.heldOutputs.observe(time.Now().Add(-time.Hour), map[string]int64{"out/0": 7}, r.cfg.UnstableAfter)
	r.noteOutputTopic("out")
	if st := r.Stats(); !slices.Equal(st.UnstablePartitions, []string{"t/0"}) || !slices.Equal(st.HeldOutputs, []string{"out/0"}) {
		t.Fatalf("seeded stats: unstable %v, held %v", st.UnstablePartitions, st.HeldOutputs)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers("127.0.0.1:1"), kgo.RequestRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	r.probeOffsets(ctx, cl, kadm.NewClient(cl))
	r.probeOutputs(ctx, kadm.NewClient(cl))
	if st := r.Stats(); len(st.UnstablePartitions) != 0 || len(st.HeldOutputs) != 0 {
		t.Errorf("after failed probes: unstable %v, held %v, want none", st.UnstablePartitions, st.HeldOutputs)
	}
}

// hangOffsets opens a transaction of transactional ID txnID that commits
// offsets for group and never ends (until the returned func aborts it):
// the group's offsets stay unstable, as behind a hanging transaction.
func hangOffsets(t *testing.T, addr, txnID, group string, offsets map[int32]int64) (abort func()) {
	t.Helper()
	ctx := context.Background()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	ip := kmsg.NewPtrInitProducerIDRequest()
	ip.TransactionalID = &txnID
	ip.TransactionTimeoutMillis = int32((10 * time.Minute).Milliseconds())
	ipr, err := ip.RequestWith(ctx, cl)
	if err == nil {
		err = kerr.ErrorForCode(ipr.ErrorCode)
	}
	if err != nil {
		t.Fatalf("init producer id: %v", err)
	}
	ao := kmsg.NewPtrAddOffsetsToTxnRequest()
	ao.TransactionalID, ao.ProducerID, ao.ProducerEpoch, ao.Group = txnID, ipr.ProducerID, ipr.ProducerEpoch, group
	aor, err := ao.RequestWith(ctx, cl)
	if err == nil {
		err = kerr.ErrorForCode(aor.ErrorCode)
	}
	if err != nil {
		t.Fatalf("add offsets to txn: %v", err)
	}
	tc := kmsg.NewPtrTxnOffsetCommitRequest()
	tc.TransactionalID, tc.Group, tc.ProducerID, tc.ProducerEpoch, tc.Generation = txnID, group, ipr.ProducerID, ipr.ProducerEpoch, -1
	listed, err := kadm.NewClient(cl).ListTopics(ctx, inTopic)
	if err != nil {
		t.Fatal(err)
	}
	top := kmsg.NewTxnOffsetCommitRequestTopic()
	top.Topic, top.TopicID = inTopic, listed[inTopic].ID
	for p, o := range offsets {
		tp := kmsg.NewTxnOffsetCommitRequestTopicPartition()
		tp.Partition, tp.Offset, tp.LeaderEpoch = p, o, -1
		top.Partitions = append(top.Partitions, tp)
	}
	tc.Topics = append(tc.Topics, top)
	tcr, err := tc.RequestWith(ctx, cl)
	if err != nil {
		t.Fatalf("txn offset commit: %v", err)
	}
	for _, rt := range tcr.Topics {
		for _, rp := range rt.Partitions {
			if err := kerr.ErrorForCode(rp.ErrorCode); err != nil {
				t.Fatalf("txn offset commit %s/%d: %v", rt.Topic, rp.Partition, err)
			}
		}
	}
	return func() {
		et := kmsg.NewPtrEndTxnRequest()
		et.TransactionalID, et.ProducerID, et.ProducerEpoch, et.Commit = txnID, ipr.ProducerID, ipr.ProducerEpoch, false
		etr, err := et.RequestWith(ctx, cl)
		if err == nil {
			err = kerr.ErrorForCode(etr.ErrorCode)
		}
		if err != nil {
			t.Fatalf("end the held transaction: %v", err)
		}
	}
}

func gaugeValue(g prometheus.Gauge) float64 {
	var m dto.Metric
	_ = g.Write(&m)
	return m.GetGauge().GetValue()
}

// TestRunnerReportsHangingTransaction holds the group's offsets in a
// transaction that does not end: the runner owns the partitions and can
// read none of them. It must say so (log, Stats, metric) once the offsets
// have been unstable for UnstableAfter, and carry on, the report cleared,
// once the transaction ends.
func TestRunnerReportsHangingTransaction(t *testing.T) {
	e := startBroker(t)
	addr := e.Addr()
	const group = "hang-group"
	produceInputs(t, addr, inTopic, 3, 30)

	// A first runner commits offsets for every partition (the probe sees
	// only partitions with a committed offset), then leaves.
	first := testRunnerConfig(t, addr, group, "hang-first")
	r1 := newTestRunner(t, first, newDoubler())
	stop1 := runAsync(t, r1)
	waitCommitted(t, addr, group, inTopic, 30*time.Second)
	if err := stop1(); err != nil {
		t.Fatal(err)
	}
	committed, err := newAdmin(t, addr).FetchOffsets(context.Background(), group)
	if err != nil {
		t.Fatal(err)
	}
	held := map[int32]int64{}
	committed.Each(func(o kadm.OffsetResponse) { held[o.Partition] = o.At + 5 })
	abort := hangOffsets(t, addr, "hanger", group, held)
	// Work the runner cannot reach, on partitions 0 and 1; partition 2 has
	// nothing to read and is not reported (kfake holds it all the same).
	pcl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer pcl.Close()
	for i := range 20 {
		if err := pcl.ProduceSync(context.Background(), &kgo.Record{Topic: inTopic, Partition: int32(i % 2), Key: []byte("late" + strconv.Itoa(i)), Value: []byte("{}")}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}

	core, logs := observer.New(zap.ErrorLevel)
	cfg := testRunnerConfig(t, addr, group, "hang-second")
	cfg.Logger = zap.New(core)
	cfg.UnstableAfter = 300 * time.Millisecond
	cfg.Metrics = prometheus.NewRegistry()
	r2 := newTestRunner(t, cfg, newDoubler())
	runAsync(t, r2)
	deadline := time.Now().Add(20 * time.Second)
	for gaugeValue(r2.m.unstable) != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("lethe_kafka_unstable_offset_partitions = %v after 20s, want 2; stats %+v", gaugeValue(r2.m.unstable), r2.Stats())
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(5 * r2.probeEvery()) // more probes: the error is logged once
	st := r2.Stats()
	if want := []string{inTopic + "/0", inTopic + "/1"}; !slices.Equal(st.UnstablePartitions, want) {
		t.Errorf("unstable partitions %v, want %v", st.UnstablePartitions, want)
	}
	if st.Commits != 0 || st.UnstableSince.IsZero() || time.Since(st.UnstableSince) < cfg.UnstableAfter {
		t.Errorf("stats while held: commits %d, unstable since %v (%s ago)", st.Commits, st.UnstableSince, time.Since(st.UnstableSince))
	}
	found := logs.FilterMessageSnippet("hanging transaction").All()
	if len(found) != 1 {
		t.Fatalf("%d hanging-transaction errors logged, want 1 (no repeat within %s): %v", len(found), relogEvery, logs.All())
	}
	if parts, _ := found[0].ContextMap()["partitions"].([]any); len(parts) != 2 || !strings.Contains(found[0].Message, "README") {
		t.Errorf("logged %q with partitions %v", found[0].Message, found[0].ContextMap()["partitions"])
	}

	abort()
	waitCommitted(t, addr, group, inTopic, 30*time.Second)
	deadline = time.Now().Add(10 * time.Second)
	for st := r2.Stats(); len(st.UnstablePartitions) > 0; st = r2.Stats() {
		if time.Now().After(deadline) {
			t.Fatalf("unstable partitions %v 10s after the transaction ended", st.UnstablePartitions)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := gaugeValue(r2.m.unstable); got != 0 {
		t.Errorf("lethe_kafka_unstable_offset_partitions = %v after the transaction ended, want 0", got)
	}
}

// TestRunnerReportsATransactionThatCannotEnd has Kafka refuse every
// produce to the output topic with NOT_ENOUGH_REPLICAS (an output partition
// with too few in-sync replicas), which franz-go retries for as long as it
// lasts: the batch's transaction neither commits nor aborts. The runner
// said nothing of it (no abort, no error, no log line above debug, and a
// worker's probes answered "ok" for as long as it lasted); it must report
// when the open transaction began, log an error once it has been open for
// UnstableAfter, and clear both once it ends.
func TestRunnerReportsATransactionThatCannotEnd(t *testing.T) {
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) {
			const n, group = 100, "refused"
			e := startBroker(t)
			produceInputs(t, e.Addr(), inTopic, 2, n)
			refused := e.Cluster().Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: outTopic, Err: kerr.NotEnoughReplicas, Count: -1})
			core, logs := observer.New(zap.ErrorLevel)
			cfg := testRunnerConfig(t, e.Addr(), group, group+"-1")
			cfg.Logger = zap.New(core)
			cfg.UnstableAfter = 300 * time.Millisecond
			r := newTestRunner(t, cfg, kind.of(newDoubler()))
			stop := runAsync(t, r)
			waitFor(t, 20*time.Second, "no open transaction reported while Kafka refuses its outputs", func() bool {
				since := r.Stats().TransactionSince
				return !since.IsZero() && time.Since(since) >= cfg.UnstableAfter+5*r.probeEvery()
			})
			st := r.Stats()
			if st.Commits != 0 || st.Aborts != 0 || refused.Hits() == 0 {
				t.Fatalf("while Kafka refuses the outputs: %d commits, %d aborts, %d refusals; want the batch waiting", st.Commits, st.Aborts, refused.Hits())
			}
			if found := logs.FilterMessageSnippet("transaction has been open").All(); len(found) != 1 || found[0].ContextMap()["open_since"] == nil {
				t.Fatalf("%d errors about the open transaction logged, want 1 (no repeat within %s): %v", len(found), relogEvery, logs.All())
			}
			refused.Remove()
			waitCommitted(t, e.Addr(), group, inTopic, 60*time.Second)
			waitFor(t, 10*time.Second, "a transaction reported open after every input committed", func() bool { return r.Stats().TransactionSince.IsZero() })
			if err := stop(); err != nil {
				t.Fatalf("Run = %v", err)
			}
			waitStable(t, e.Addr(), outTopic, 30*time.Second)
			checkExactlyOnce(t, e.Addr(), n)
		})
	}
}

// TestRunnerReportsHeldOutputs holds an output partition with a
// transaction that does not end: the runner goes on writing, but no
// read_committed reader gets past it. The runner must report the
// partition once its last stable offset has stayed put for UnstableAfter,
// and clear the report once the transaction ends.
func TestRunnerReportsHeldOutputs(t *testing.T) {
	e := startBroker(t)
	addr := e.Addr()
	produceInputs(t, addr, inTopic, 3, 30)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	holder, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.TransactionalID("holder"), kgo.TransactionTimeout(10*time.Minute),
		kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if err := holder.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	// A state topic the runner is told of but never writes to is watched
	// too.
	const state = "lethe.state"
	if err := EnsureTopics(ctx, newAdmin(t, addr), TopicSpec{Name: state, Partitions: 1}); err != nil {
		t.Fatal(err)
	}
	for _, topic := range []string{outTopic, state} {
		if err := holder.ProduceSync(ctx, &kgo.Record{Topic: topic, Partition: 0, Value: []byte("held")}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}

	core, logs := observer.New(zap.ErrorLevel)
	cfg := testRunnerConfig(t, addr, "held-group", "held-runner")
	cfg.Logger = zap.New(core)
	cfg.UnstableAfter = 300 * time.Millisecond
	cfg.OutputTopics = []string{state}
	r := newTestRunner(t, cfg, newDoubler())
	runAsync(t, r)
	waitCommitted(t, addr, "held-group", inTopic, 30*time.Second) // the runner itself is not held
	deadline := time.Now().Add(20 * time.Second)
	for gaugeValue(r.m.heldOutputs) != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("lethe_kafka_held_output_partitions = %v after 20s, want 2; stats %+v", gaugeValue(r.m.heldOutputs), r.Stats())
		}
		time.Sleep(20 * time.Millisecond)
	}
	st := r.Stats()
	if want := []string{outTopic + "/0", state + "/0"}; !slices.Equal(st.HeldOutputs, want) || len(st.UnstablePartitions) != 0 {
		t.Errorf("held outputs %v (want %v), unstable partitions %v (want none)", st.HeldOutputs, want, st.UnstablePartitions)
	}
	if found := logs.FilterMessageSnippet("output partitions held").All(); len(found) != 1 {
		t.Errorf("%d held-output errors logged, want 1: %v", len(found), logs.All())
	}

	if err := holder.EndTransaction(ctx, kgo.TryAbort); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(10 * time.Second)
	for st := r.Stats(); len(st.HeldOutputs) > 0 || gaugeValue(r.m.heldOutputs) != 0; st = r.Stats() {
		if time.Now().After(deadline) {
			t.Fatalf("held outputs %v 10s after the transaction ended", st.HeldOutputs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// feed writes inputs without a pause until ctx ends.
func feed(ctx context.Context, t *testing.T, addr string) {
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ProducerLinger(0))
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		defer cl.Close()
		for i := 0; ctx.Err() == nil; i++ {
			recs := make([]*kgo.Record, 20)
			for j := range recs {
				recs[j] = &kgo.Record{Topic: inTopic, Key: []byte("k" + strconv.Itoa(i*20+j)), Value: []byte("v")}
			}
			_ = cl.ProduceSync(ctx, recs...)
		}
	}()
}

// Busy runners meet their own transactions' pending offsets on many probes
// (kfake answers UNSTABLE for the whole group while any member's commit is
// pending): with every transaction bounded by 300ms, none may be reported
// hanging after five seconds. A review found one and two runners reported
// so within seconds when unstable alone counted. (At one second, and once
// at three under CI's parallel packages, a partition the fetches left aside
// for that long on a loaded machine was reported: its committed offset did
// not move. Production waits two minutes.)
func TestRunnerBusyIsNotHanging(t *testing.T) {
	for _, n := range []int{1, 2} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			e := startBroker(t)
			addr := e.Addr()
			produceInputs(t, addr, inTopic, 4, 10)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			feed(ctx, t, addr)
			var rs []*Runner
			for i := range n {
				cfg := testRunnerConfig(t, addr, "busy-group", "busy-"+strconv.Itoa(i))
				cfg.UnstableAfter = 5 * time.Second // 16 transaction timeouts; a probe every 1.25s
				cfg.ClientOpts = append(cfg.ClientOpts, kgo.TransactionTimeout(300*time.Millisecond))
				r := newTestRunner(t, cfg, &preparingDoubler{doubler: newDoubler()})
				runAsync(t, r)
				rs = append(rs, r)
			}
			for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
				for i, r := range rs {
					if st := r.Stats(); len(st.UnstablePartitions) > 0 || len(st.HeldOutputs) > 0 {
						t.Fatalf("busy runner %d (%d commits) reports unstable %v since %s ago, held %v", i, st.Commits, st.UnstablePartitions, time.Since(st.UnstableSince), st.HeldOutputs)
					}
				}
			}
			if st := rs[0].Stats(); st.Commits == 0 {
				t.Fatalf("the runner committed nothing: the test proved nothing")
			}
		})
	}
}

// Runners of one process share the gauges: each counts its own share, and
// a healthy one's probe does not hide another's hang; a session's end
// takes its share out.
func TestSharedGauges(t *testing.T) {
	reg := prometheus.NewRegistry()
	mk := func(g string) *Runner {
		r := newTestRunner(t, RunnerConfig{Brokers: []string{"127.0.0.1:1"}, Group: g, Topics: []string{"t"}, Metrics: reg}, newDoubler())
		return r
	}
	hung, fine := mk("a"), mk("b")
	hung.unstable.observe(time.Now().Add(-time.Hour), map[string]int64{"t/0": 7}, hung.cfg.UnstableAfter)
	hung.note(&hung.unstable, hung.m.unstable, map[string]int64{"t/0": 7}, "unstable_since", "hang")
	fine.note(&fine.unstable, fine.m.unstable, map[string]int64{}, "unstable_since", "hang")
	if got := gaugeValue(hung.m.unstable); got != 1 {
		t.Errorf("gauge %v while runner a reports %v, want 1", got, hung.Stats().UnstablePartitions)
	}
	hung.unstable.reset(hung.m.unstable)
	if got := gaugeValue(hung.m.unstable); got != 0 || len(hung.Stats().UnstablePartitions) != 0 {
		t.Errorf("after the session's end: gauge %v, stats %v", got, hung.Stats().UnstablePartitions)
	}
}

// Runners of one process share lethe_kafka_owned_partitions as they share
// the other gauges: it sums what each owns, and one runner's assignment,
// revoke or new session does not overwrite what the others count (each
// once Set the gauge to its own count).
func TestSharedOwnedGauge(t *testing.T) {
	reg := prometheus.NewRegistry()
	mk := func(g string) *Runner {
		return newTestRunner(t, RunnerConfig{Brokers: []string{"127.0.0.1:1"}, Group: g, Topics: []string{"t"}, Metrics: reg}, newDoubler())
	}
	a, b := mk("a"), mk("b")
	for _, step := range []struct {
		r     *Runner
		parts map[string][]int32
		add   bool
		want  float64
	}{
		{a, map[string][]int32{"t": {0, 1, 2}}, true, 3},
		{b, map[string][]int32{"u": {0, 1}}, true, 5},
		{a, map[string][]int32{"t": {2}}, false, 4},
		{b, map[string][]int32{"u": {0, 1}}, false, 2},
	} {
		step.r.own(step.parts, step.add)
		if got := gaugeValue(a.m.owned); got != step.want {
			t.Errorf("after %s's own(%v, %v): gauge %v, want %v", step.r.cfg.Group, step.parts, step.add, got, step.want)
		}
	}
	// A new session of b starts from nothing owned: a's share stays.
	b.own(map[string][]int32{"u": {3}}, true)
	b.forgetOwned()
	if got := gaugeValue(a.m.owned); got != 2 {
		t.Errorf("after b's session restarted: gauge %v, want a's 2", got)
	}
}

// A runner that stops takes its share out of the gauges it shares with the
// process's other runners, though it may still hold partitions whose
// revoke never came (a session that ended between a revoke and its End):
// it counts nothing any more. The next Run tells their owner of them.
func TestStoppedRunnerLeavesTheSharedGauges(t *testing.T) {
	reg := prometheus.NewRegistry()
	mk := func(g string) *Runner {
		return newTestRunner(t, RunnerConfig{Brokers: []string{"127.0.0.1:1"}, Group: g, Topics: []string{"t"}, Metrics: reg}, newDoubler())
	}
	a, b := mk("a"), mk("b")
	a.own(map[string][]int32{"t": {0, 1}}, true)
	b.own(map[string][]int32{"u": {0}}, true)
	a.ownMu.Lock()
	a.lagBy = map[string]int64{"t/0": 40}
	a.lagLocked()
	a.ownMu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if got := gaugeValue(a.m.owned); got != 1 {
		t.Errorf("owned gauge %v after a stopped, want b's 1", got)
	}
	if got := gaugeValue(a.m.lag); got != 0 {
		t.Errorf("lag gauge %v after a stopped, want 0", got)
	}
	if got := a.forgetOwned(); len(got["t"]) != 2 {
		t.Errorf("a's partitions %v after it stopped: the next session must still hear of both", got)
	}
}

// A hang logged, cleared and seen again is logged again at once.
func TestHangLoggedAgainAfterItCleared(t *testing.T) {
	core, logs := observer.New(zap.ErrorLevel)
	r := newTestRunner(t, RunnerConfig{Brokers: []string{"127.0.0.1:1"}, Group: "g", Topics: []string{"t"}, Logger: zap.New(core)}, newDoubler())
	r.cfg.UnstableAfter = time.Nanosecond
	seen := map[string]int64{"t/0": 1}
	for _, s := range []map[string]int64{seen, seen, seen, nil, seen, seen} {
		r.note(&r.unstable, r.m.unstable, s, "unstable_since", "hang")
		time.Sleep(time.Millisecond)
	}
	if n := logs.Len(); n != 2 {
		t.Errorf("%d errors logged, want 2 (the first sighting, and again after it cleared)", n)
	}
}

// A pending first commit (no offset committed before) holds a partition as
// well: franz-go names the partitions it fetches, and so does the probe.
func TestRunnerReportsHangOnFirstCommit(t *testing.T) {
	e := startBroker(t)
	addr := e.Addr()
	const group = "first-hang"
	produceInputs(t, addr, inTopic, 3, 30)
	abort := hangOffsets(t, addr, "hanger", group, map[int32]int64{0: 3, 1: 3, 2: 3})
	cfg := testRunnerConfig(t, addr, group, "first-runner")
	cfg.UnstableAfter = 300 * time.Millisecond
	r := newTestRunner(t, cfg, newDoubler())
	runAsync(t, r)
	want := []string{inTopic + "/0", inTopic + "/1", inTopic + "/2"}
	for deadline := time.Now().Add(20 * time.Second); !slices.Equal(r.Stats().UnstablePartitions, want); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("unstable %v after 20s, want %v (commits %d)", r.Stats().UnstablePartitions, want, r.Stats().Commits)
		}
	}
	abort()
	waitCommitted(t, addr, group, inTopic, 30*time.Second)
}

// One partition whose end offset cannot be listed (its leader does not
// answer) does not hide the others' hang.
func TestRunnerReportsHangBesideAnUnlistedPartition(t *testing.T) {
	e := startBroker(t)
	addr := e.Addr()
	c := e.Cluster()
	node2, _, err := c.AddNode(-1, 0)
	if err != nil {
		t.Fatal(err)
	}
	const group = "hang-group"
	produceInputs(t, addr, inTopic, 3, 30)
	abort := hangOffsets(t, addr, "hanger", group, map[int32]int64{0: 3, 1: 3, 2: 3})
	for p := int32(0); p < 3; p++ {
		to := int32(0)
		if p == 2 {
			to = node2
		}
		if err := c.MoveTopicPartition(inTopic, p, to); err != nil {
			t.Fatal(err)
		}
	}
	c.ControlKey(int16(kmsg.ListOffsets), func(kr kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		if c.CurrentNode() != node2 {
			return nil, nil, false
		}
		for _, tp := range kr.(*kmsg.ListOffsetsRequest).Topics {
			for _, p := range tp.Partitions {
				if p.Timestamp == -1 { // the end offset
					return nil, errors.New("down"), true
				}
			}
		}
		return nil, nil, false
	})
	cfg := testRunnerConfig(t, addr, group, "hang-second")
	cfg.UnstableAfter = 300 * time.Millisecond
	cfg.ClientOpts = append(cfg.ClientOpts, kgo.RequestRetries(0))
	r := newTestRunner(t, cfg, newDoubler())
	runAsync(t, r)
	want := []string{inTopic + "/0", inTopic + "/1"}
	for deadline := time.Now().Add(20 * time.Second); !slices.Equal(r.Stats().UnstablePartitions, want); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("unstable %v after 20s, want %v", r.Stats().UnstablePartitions, want)
		}
	}
	abort()
}

// The lag gauge follows what the owned partitions hold past the group's
// committed offsets: all of their records while batches fail (nothing was
// ever committed, so from the log's start), then nothing once they are
// done; after records written in a transaction, one per partition written:
// its commit marker, which franz-go does not commit past (README).
func TestRunnerReportsLag(t *testing.T) {
	e := startBroker(t)
	addr := e.Addr()
	produceInputs(t, addr, inTopic, 2, 40)
	var hold atomic.Bool
	hold.Store(true)
	d := newDoubler()
	d.fail = func([]pipeline.Message) bool { return hold.Load() }
	cfg := testRunnerConfig(t, addr, "lag-group", "lag-txn")
	cfg.UnstableAfter = 400 * time.Millisecond // a probe every 100ms
	r := newTestRunner(t, cfg, d)
	runAsync(t, r)
	waitGauge := func(step string, want float64) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); gaugeValue(r.m.lag) != want; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: lag gauge %v, want %v", step, gaugeValue(r.m.lag), want)
			}
		}
	}
	waitGauge("batches failing", 40)
	hold.Store(false)
	waitGauge("caught up", 0)

	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.TransactionalID("lag-upstream"), kgo.DefaultProduceTopic(inTopic))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := context.Background()
	if err := cl.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	written := map[int32]bool{}
	for i := range 6 {
		cl.Produce(ctx, &kgo.Record{Key: []byte("t" + strconv.Itoa(i)), Value: []byte(`{}`)}, func(r *kgo.Record, err error) {
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				written[r.Partition] = true
			}
		})
	}
	if err := cl.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := cl.EndTransaction(ctx, kgo.TryCommit); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); r.Stats().Inputs < 46; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the runner handled %d inputs of 46", r.Stats().Inputs)
		}
	}
	waitGauge("caught up after a transaction", float64(len(written)))
}

// The lag gauge counts the partitions the runner owns, no others: a
// revoked partition's lag leaves it at the revoke, not at the next probe
// (up to 15 s later, while its new owner counts it too), and a probe that
// ran across a revoke does not count what was revoked meanwhile.
func TestLagLeavesRevokedPartitions(t *testing.T) {
	r := newTestRunner(t, RunnerConfig{Brokers: []string{"127.0.0.1:1"}, Group: "g", Topics: []string{"in"}, Metrics: prometheus.NewRegistry()}, newDoubler())
	r.own(map[string][]int32{"in": {0, 1, 2}}, true)
	r.setLag(map[string]int64{"in/0": 5, "in/1": 7, "in/2": 11})
	if got := gaugeValue(r.m.lag); got != 23 {
		t.Fatalf("lag gauge %v, want 23", got)
	}
	r.own(map[string][]int32{"in": {1}}, false)
	if got := gaugeValue(r.m.lag); got != 16 {
		t.Errorf("after in/1 was revoked: lag gauge %v, want 16", got)
	}
	r.own(map[string][]int32{"in": {2}}, false)
	r.setLag(map[string]int64{"in/0": 6, "in/2": 11}) // probed before the revoke
	if got := gaugeValue(r.m.lag); got != 6 {
		t.Errorf("after a probe that began before in/2 was revoked: lag gauge %v, want 6", got)
	}
	r.forgetOwned() // a new session
	if got := gaugeValue(r.m.lag); got != 0 {
		t.Errorf("after the session ended: lag gauge %v, want 0", got)
	}
}

// The lag gauge is probed as soon as partitions are assigned, not at the
// first tick of the probes (15 s with the default UnstableAfter): a worker
// started or rebalanced onto a backlog showed a lag of 0 until then.
func TestRunnerReportsLagOnAssignment(t *testing.T) {
	e := startBroker(t)
	addr := e.Addr()
	produceInputs(t, addr, inTopic, 2, 40)
	d := newDoubler()
	d.fail = func([]pipeline.Message) bool { return true }
	cfg := testRunnerConfig(t, addr, "lag-assigned", "lag-assigned-txn")
	cfg.UnstableAfter = DefaultUnstableAfter // probes every 15 s
	r := newTestRunner(t, cfg, d)
	runAsync(t, r)
	for deadline := time.Now().Add(5 * time.Second); gaugeValue(r.m.lag) != 40; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("lag gauge %v 5 s after the start (owned %v), want 40", gaugeValue(r.m.lag), r.ownedPartitions())
		}
	}
}

// A partition whose offsets are unknown (its leader down, a failed fetch)
// is left out of the lag, and the others still count: a review found one
// such partition froze the gauge at an older probe's value while another
// fell 99,990 behind. Only when no partition is known does the gauge keep
// its value.
func TestInputLagLeavesUnknownPartitionsOut(t *testing.T) {
	ends := kadm.ListedOffsets{"in": {
		0: {Topic: "in", Partition: 0, Offset: 100_000},
		1: {Topic: "in", Partition: 1, Err: kerr.NotLeaderForPartition},
		2: {Topic: "in", Partition: 2, Offset: 50},
	}}
	for _, tc := range []struct {
		name      string
		committed map[string]fetchedOffset
		lag       int64
		ok        bool
	}{
		{"one end unknown", map[string]fetchedOffset{"in/0": {"in", 0, 10, nil}, "in/1": {"in", 1, 5, nil}}, 99_990, true},
		{"one commit unknown", map[string]fetchedOffset{"in/0": {"in", 0, 10, nil}, "in/2": {"in", 2, 0, kerr.UnknownServerError}}, 99_990, true},
		{"ahead of a truncated end", map[string]fetchedOffset{"in/2": {"in", 2, 70, nil}}, 0, true},
		{"none known", map[string]fetchedOffset{"in/1": {"in", 1, 5, nil}}, 0, false},
	} {
		lags, ok := inputLag(context.Background(), nil, tc.committed, ends)
		var lag int64
		for _, n := range lags {
			lag += n
		}
		if lag != tc.lag || ok != tc.ok {
			t.Errorf("%s: inputLag = %d, %v, want %d, %v", tc.name, lag, ok, tc.lag, tc.ok)
		}
	}
}

// A committed offset past its partition's end (the topic lost records the
// group had read) is logged by partition, at most every relogEvery: new
// records get offsets the group has passed and are skipped without a word
// otherwise (a review found a cut data dir's new inputs never sanitized).
func TestCommittedPastTheEndLogged(t *testing.T) {
	core, logs := observer.New(zap.ErrorLevel)
	r := newTestRunner(t, RunnerConfig{Brokers: []string{"127.0.0.1:1"}, Group: "g", Topics: []string{"in"}, Logger: zap.New(core)}, newDoubler())
	ends := kadm.ListedOffsets{"in": {0: {Topic: "in", Partition: 0, Offset: 10}, 1: {Topic: "in", Partition: 1, Offset: 10}}}
	fine := map[string]fetchedOffset{"in/0": {"in", 0, 10, nil}, "in/1": {"in", 1, -1, nil}}
	r.notePastEnd(fine, ends)
	if n := logs.Len(); n != 0 {
		t.Fatalf("%d lines for offsets at or before the end", n)
	}
	past := map[string]fetchedOffset{"in/0": {"in", 0, 10, nil}, "in/1": {"in", 1, 12, nil}}
	r.notePastEnd(past, ends)
	r.notePastEnd(past, ends)
	entries := logs.All()
	if len(entries) != 1 || fmt.Sprint(entries[0].ContextMap()["partitions"]) != "[in/1]" {
		t.Errorf("log lines %v, want one naming in/1", entries)
	}
}

// The runner reports how long it has waited for a batch's first record,
// and not while a batch it keeps failing is fetched again: health reads
// aborts followed by a long wait as nothing left to write, not a stall.
func TestRunnerReportsIdleSince(t *testing.T) {
	const n, group = 100, "idle"
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 2, 0)
	refused := e.Cluster().Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: outTopic, Err: kerr.UnknownServerError, Count: -1})
	defer refused.Remove()
	r := newTestRunner(t, testRunnerConfig(t, e.Addr(), group, group+"-1"), newDoubler())
	stop := runAsync(t, r)
	waitFor(t, 20*time.Second, "no idle time reported with no input", func() bool { return !r.Stats().IdleSince.IsZero() })
	first := r.Stats().IdleSince

	// A batch Kafka keeps refusing: aborted, fetched again at once.
	produceInputs(t, e.Addr(), inTopic, 2, n)
	waitFor(t, 20*time.Second, "no aborts while Kafka refuses the outputs", func() bool { return r.Stats().AbortsSinceCommit >= 3 })
	for range 20 {
		if since := r.Stats().IdleSince; !since.IsZero() && (!since.After(first) || time.Since(since) > 2*time.Second) {
			t.Fatalf("idle since %s (first wait %s) while a refused batch is fetched again and again", since, first)
		}
		time.Sleep(100 * time.Millisecond)
	}

	refused.Remove()
	waitCommitted(t, e.Addr(), group, inTopic, 60*time.Second)
	waitFor(t, 20*time.Second, "no idle time reported once every input committed", func() bool { return r.Stats().IdleSince.After(first) })
	if err := stop(); err != nil {
		t.Fatalf("Run = %v", err)
	}
}
