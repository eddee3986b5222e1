package kafka

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestBatchOffsetsNarrow checks the rewrite of the offset commit franz-go
// builds from everything polled down to one batch's offsets.
func TestBatchOffsetsNarrow(t *testing.T) {
	req := func(parts map[string]map[int32]int64) *kmsg.TxnOffsetCommitRequest {
		r := kmsg.NewPtrTxnOffsetCommitRequest()
		for _, topic := range []string{"a", "b"} {
			ps, ok := parts[topic]
			if !ok {
				continue
			}
			rt := kmsg.NewTxnOffsetCommitRequestTopic()
			rt.Topic = topic
			for _, p := range []int32{0, 1, 2} {
				if off, ok := ps[p]; ok {
					rp := kmsg.NewTxnOffsetCommitRequestTopicPartition()
					rp.Partition, rp.Offset, rp.LeaderEpoch = p, off, 9
					rt.Partitions = append(rt.Partitions, rp)
				}
			}
			r.Topics = append(r.Topics, rt)
		}
		return r
	}
	batch := batchOffsets{}.reset()
	batch.add(&kgo.Record{Topic: "a", Partition: 0, Offset: 99, LeaderEpoch: 3})
	batch.add(&kgo.Record{Topic: "a", Partition: 0, Offset: 149, LeaderEpoch: 4}) // later record wins
	batch.add(&kgo.Record{Topic: "b", Partition: 2, Offset: 9, LeaderEpoch: 1})

	tests := []struct {
		name    string
		polled  map[string]map[int32]int64
		want    map[string]map[int32]kgo.EpochOffset
		wantErr string
	}{
		{"polled ahead, and a partition only the next batch has",
			map[string]map[int32]int64{"a": {0: 300, 1: 40}, "b": {2: 10}},
			map[string]map[int32]kgo.EpochOffset{"a": {0: {Epoch: 4, Offset: 150}}, "b": {2: {Epoch: 1, Offset: 10}}}, ""},
		{"a topic only the next batch has",
			map[string]map[int32]int64{"a": {0: 150}, "b": {1: 5, 2: 12}},
			map[string]map[int32]kgo.EpochOffset{"a": {0: {Epoch: 4, Offset: 150}}, "b": {2: {Epoch: 1, Offset: 10}}}, ""},
		{"a partition of the batch missing",
			map[string]map[int32]int64{"a": {0: 300}}, nil, "missing"},
		{"the request behind the batch",
			map[string]map[int32]int64{"a": {0: 120}, "b": {2: 10}}, nil, "behind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := req(tt.polled)
			err := batch.narrow(r)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("narrow = %v, want an error about %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]map[int32]kgo.EpochOffset{}
			for _, rt := range r.Topics {
				for _, rp := range rt.Partitions {
					if got[rt.Topic] == nil {
						got[rt.Topic] = map[int32]kgo.EpochOffset{}
					}
					got[rt.Topic][rp.Partition] = kgo.EpochOffset{Epoch: rp.LeaderEpoch, Offset: rp.Offset}
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("commit = %v, want %v", got, tt.want)
			}
			for topic, ps := range tt.want {
				if len(got[topic]) != len(ps) {
					t.Fatalf("commit = %v, want %v", got, tt.want)
				}
				for p, eo := range ps {
					if got[topic][p] != eo {
						t.Errorf("topic %s partition %d: commit %v, want %v", topic, p, got[topic][p], eo)
					}
				}
			}
		})
	}

	// reset keeps nothing of the previous batch.
	batch = batch.reset()
	if err := batch.narrow(req(map[string]map[int32]int64{"a": {0: 1}})); err != nil {
		t.Fatalf("an empty batch: %v", err)
	}
}

// TestOverlappedDrainsTheClient checks that the overlapped loop takes all
// the client has buffered, so that franz-go, which fetches again only once
// its buffer is drained, fetches while batches are processed; and that it
// still hands the handler batches of at most MaxBatch, exactly once.
func TestOverlappedDrainsTheClient(t *testing.T) {
	const n = 1000
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 2, n)
	cfg := testRunnerConfig(t, e.Addr(), "drain", "drain-1")
	h := &preparingDoubler{doubler: newDoubler()}
	r := newTestRunner(t, cfg, h)
	var mu sync.Mutex
	var took, drained, tooBig int
	r.hooks.tookAhead = func(batch, queued int, buffered int64) {
		mu.Lock()
		defer mu.Unlock()
		took++
		if batch > cfg.MaxBatch {
			tooBig++
		}
		if queued >= cfg.MaxBatch && buffered == 0 {
			drained++ // more than the batch was taken, and the client holds nothing
		}
	}
	stop := runAsync(t, r)
	waitCommitted(t, e.Addr(), "drain", inTopic, 60*time.Second)
	if err := stop(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	t.Logf("takes %d, with the client drained and batches queued %d; stats %+v", took, drained, r.Stats())
	if tooBig > 0 {
		t.Errorf("%d batches were larger than MaxBatch %d", tooBig, cfg.MaxBatch)
	}
	if drained == 0 {
		t.Errorf("no take left the client's buffer drained with batches queued: the client was left holding fetched records")
	}
	checkOverlapped(t, h)
	checkExactlyOnce(t, e.Addr(), n)
}

// TestOverlappedStopsOnAFatalFetchErrorPolledAhead gives the first poll of
// takeAhead a fetch error retrying cannot fix, beside the records it
// takes: the runner must stop on it as it does when gather polls one,
// after the open transaction ends, and commit nothing polled with it.
func TestOverlappedStopsOnAFatalFetchErrorPolledAhead(t *testing.T) {
	const n = 400
	e := startBroker(t)
	produceInputs(t, e.Addr(), inTopic, 2, n)
	h := &preparingDoubler{doubler: newDoubler()}
	r := newTestRunner(t, testRunnerConfig(t, e.Addr(), "ahead-denied", "ahead-denied-1"), h)
	var polls atomic.Int64
	r.hooks.polledAhead = func(fs kgo.Fetches) kgo.Fetches {
		if polls.Add(1) > 1 {
			return fs
		}
		return append(fs, kgo.Fetch{Topics: []kgo.FetchTopic{{
			Topic:      inTopic,
			Partitions: []kgo.FetchPartition{{Partition: 1, Err: kerr.TopicAuthorizationFailed}},
		}}})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := r.Run(ctx)
	st := r.Stats()
	t.Logf("takeAhead polls %d, stats %+v", polls.Load(), st)
	if polls.Load() == 0 {
		t.Fatal("takeAhead never polled: the test did not exercise it")
	}
	if err == nil || ctx.Err() != nil {
		t.Fatalf("Run = %v (context err %v), want it to stop on its own on the fetch error", err, ctx.Err())
	}
	if !errors.Is(err, kerr.TopicAuthorizationFailed) {
		t.Fatalf("Run error %v does not wrap TOPIC_AUTHORIZATION_FAILED", err)
	}
	if st.Commits != 1 {
		t.Errorf("%d transactions committed, want 1: the batch open when the error was polled, and nothing polled after it", st.Commits)
	}
	if f := h.finished.Load(); f != 0 {
		t.Errorf("%d batches polled ahead were handed over, want none", f)
	}
}
