package kafka

import (
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// A commit the broker applied is answered UNKNOWN_SERVER_ERROR, and its
// offset markers take a while (2.5 s; an earlier check decided from a plain
// read after 2 s) to land, as on a Kafka whose coordinator is in trouble
// (which is when it answers UNKNOWN_SERVER_ERROR). Meanwhile real Kafka answers a stable OffsetFetch
// with UNSTABLE_OFFSET_COMMIT for the batch's partitions and a non-stable
// one with the offsets before the batch. The hook simulates exactly that
// on kfake (which had applied the commit at once), for markersTake.
func TestCommitWhoseMarkersAreSlow(t *testing.T) {
	const markersTake = 2500 * time.Millisecond
	for _, kind := range handlerKinds {
		t.Run(kind.name, func(t *testing.T) {
			const n = 400
			_, addr, ic := startIntercepted(t, 2)
			produceInputs(t, addr, inTopic, 2, n)
			cfg := testRunnerConfig(t, addr, "slow", "slow-1")
			cfg.MaxBatch = 25
			r := newTestRunner(t, cfg, kind.of(newDoubler()))
			type tp struct {
				t string
				p int32
			}
			var (
				mu        sync.Mutex
				commits   int
				pending   = map[tp]int64{} // the open transaction's offsets
				committed = map[tp]int64{}
				old       map[tp]int64 // offsets before the faked commit, for non-stable fetches
				until     time.Time
				faked     bool
				sawStable bool
			)
			ic.set(func(req kmsg.Request, resp kmsg.Response) respAction {
				mu.Lock()
				defer mu.Unlock()
				switch rq := req.(type) {
				case *kmsg.TxnOffsetCommitRequest:
					for _, t := range rq.Topics {
						for _, p := range t.Partitions {
							pending[tp{t.Topic, p.Partition}] = p.Offset
						}
					}
				case *kmsg.EndTxnRequest:
					if !rq.Commit {
						clear(pending)
						return respPass
					}
					if commits == 2 && !faked {
						faked = true
						old = map[tp]int64{}
						for k := range pending {
							v, ok := committed[k]
							if !ok {
								v = -1
							}
							old[k] = v
						}
						until = time.Now().Add(markersTake)
						resp.(*kmsg.EndTxnResponse).ErrorCode = kerr.UnknownServerError.Code
						for k, v := range pending {
							committed[k] = v
						}
						clear(pending)
						return respRewrite
					}
					commits++
					for k, v := range pending {
						committed[k] = v
					}
					clear(pending)
				case *kmsg.OffsetFetchRequest:
					if !faked || time.Now().After(until) {
						return respPass
					}
					rs := resp.(*kmsg.OffsetFetchResponse)
					fix := func(topic string, p int32, ec *int16, off *int64) {
						o, ok := old[tp{topic, p}]
						if !ok {
							return
						}
						if rq.RequireStable {
							sawStable = true
							*ec, *off = kerr.UnstableOffsetCommit.Code, -1
						} else {
							*off = o
						}
					}
					for gi := range rs.Groups {
						for ti := range rs.Groups[gi].Topics {
							rt := &rs.Groups[gi].Topics[ti]
							for pi := range rt.Partitions {
								fix(rt.Topic, rt.Partitions[pi].Partition, &rt.Partitions[pi].ErrorCode, &rt.Partitions[pi].Offset)
							}
						}
					}
					for ti := range rs.Topics {
						rt := &rs.Topics[ti]
						for pi := range rt.Partitions {
							fix(rt.Topic, rt.Partitions[pi].Partition, &rt.Partitions[pi].ErrorCode, &rt.Partitions[pi].Offset)
						}
					}
					return respRewrite
				}
				return respPass
			})
			stop := runAsync(t, r)
			waitCommitted(t, addr, "slow", inTopic, 90*time.Second)
			if err := stop(); err != nil {
				t.Fatalf("Run = %v", err)
			}
			ic.set(nil)
			mu.Lock()
			if !faked || !sawStable {
				t.Fatalf("faked=%v sawStable=%v", faked, sawStable)
			}
			mu.Unlock()
			t.Logf("stats: %+v", r.Stats())
			waitStable(t, addr, outTopic, 30*time.Second)
			checkExactlyOnce(t, addr, n)
		})
	}
}
