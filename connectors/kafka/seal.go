package kafka

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// A broker that crashes with transactions open must end them: Kafka's
// coordinator aborts them and writes their abort markers. kfake, loading a
// data dir, aborts them in its index but writes no marker, and a
// transactional ID's next producer gets the same producer id back. A
// read_committed reader drops a producer's batches from an aborted
// transaction's start until that producer's abort marker, so every later
// record of that producer in the same fetch was dropped as well: a review
// restarted a worker with its stable transactional id after a crash, and
// its next committed data map records were never read back (and, alike,
// its sanitized records by downstream readers). A read_committed scan,
// which ends at a partition's last record, waited for ever besides.
//
// sealCrashAborted writes the markers kfake left out. It reads every
// partition read_uncommitted, with control records, and finds the
// producers whose transactional records after their last marker start
// below the partition's last stable offset: no transaction is open there
// (one would hold the last stable offset at or before its start), so they
// are the aborted ones. Producers are held off meanwhile (InitProducerID
// answers "coordinator loading", which clients retry), so none reuses an
// id before its marker is written. An abort marker for a producer the
// broker has nothing aborted of is harmless: readers drop batches by the
// broker's index of aborted transactions, a marker only ends a range.
func sealCrashAborted(c *kfake.Cluster, addr string) (sealed int, err error) {
	var done atomic.Bool
	defer done.Store(true)
	c.ControlKey(kmsg.InitProducerID.Int16(), func(kr kmsg.Request) (kmsg.Response, error, bool) {
		if done.Load() {
			c.DropControl()
			return nil, nil, false
		}
		c.KeepControl()
		resp := kr.ResponseKind().(*kmsg.InitProducerIDResponse)
		resp.ErrorCode = kerr.CoordinatorLoadInProgress.Code
		return resp, nil, true
	})

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	adm, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		return 0, err
	}
	defer adm.Close()
	topics, err := kadm.NewClient(adm).ListTopics(ctx)
	if err != nil {
		return 0, fmt.Errorf("list topics: %w", err)
	}
	type tp struct {
		topic string
		p     int32
	}
	stable := map[tp]int64{}
	remaining := map[tp]int64{} // -> high watermark still to reach
	consume := map[string]map[int32]kgo.Offset{}
	for _, t := range topics.Names() {
		for _, pi := range c.PartitionInfos(t) {
			if pi == nil || pi.HighWatermark <= pi.LogStartOffset {
				continue
			}
			k := tp{t, pi.Partition}
			stable[k], remaining[k] = pi.LastStableOffset, pi.HighWatermark
			if consume[t] == nil {
				consume[t] = map[int32]kgo.Offset{}
			}
			consume[t][pi.Partition] = kgo.NewOffset().AtStart()
		}
	}
	if len(remaining) == 0 {
		return 0, nil
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ConsumePartitions(consume),
		kgo.FetchIsolationLevel(kgo.ReadUncommitted()), kgo.KeepControlRecords())
	if err != nil {
		return 0, err
	}
	defer cl.Close()
	type producer struct {
		tp
		id int64
	}
	type run struct {
		first int64 // the first transactional record after the producer's last marker
		epoch int16
	}
	open := map[producer]run{}
	for len(remaining) > 0 {
		// A partition whose last records are gone (compacted away) never
		// shows its last offset: what could be read is read once the
		// fetches run dry.
		pctx, pcancel := context.WithTimeout(ctx, 2*time.Second)
		fs := cl.PollFetches(pctx)
		pcancel()
		if err := ctx.Err(); err != nil {
			return 0, fmt.Errorf("read the partitions: %w", err)
		}
		if fs.NumRecords() == 0 && pctx.Err() != nil {
			break
		}
		for _, fe := range fs.Errors() {
			if fe.Err != nil && isFatal(fe.Err) {
				return 0, fmt.Errorf("read %s/%d: %w", fe.Topic, fe.Partition, fe.Err)
			}
		}
		fs.EachRecord(func(r *kgo.Record) {
			k := tp{r.Topic, r.Partition}
			hwm, ok := remaining[k]
			if !ok {
				return
			}
			pk := producer{k, r.ProducerID}
			switch {
			case r.Attrs.IsControl():
				delete(open, pk)
			case r.Attrs.IsTransactional():
				if o, ok := open[pk]; !ok {
					open[pk] = run{r.Offset, r.ProducerEpoch}
				} else if r.ProducerEpoch > o.epoch {
					open[pk] = run{o.first, r.ProducerEpoch}
				}
			}
			if r.Offset+1 >= hwm {
				delete(remaining, k)
			}
		})
	}
	for pk, o := range open {
		if o.first >= stable[pk.tp] {
			continue // a transaction still open: its producer or the broker's timeout ends it
		}
		req := kmsg.NewPtrWriteTxnMarkersRequest()
		m := kmsg.NewWriteTxnMarkersRequestMarker()
		m.ProducerID, m.ProducerEpoch, m.Committed = pk.id, o.epoch, false
		mt := kmsg.NewWriteTxnMarkersRequestMarkerTopic()
		mt.Topic, mt.Partitions = pk.topic, []int32{pk.p}
		m.Topics = append(m.Topics, mt)
		req.Markers = append(req.Markers, m)
		resp, err := req.RequestWith(ctx, adm)
		if err != nil {
			return sealed, fmt.Errorf("abort marker for producer %d on %s/%d: %w", pk.id, pk.topic, pk.p, err)
		}
		for _, rm := range resp.Markers {
			for _, rt := range rm.Topics {
				for _, rp := range rt.Partitions {
					if err := kerr.ErrorForCode(rp.ErrorCode); err != nil {
						return sealed, fmt.Errorf("abort marker for producer %d on %s/%d: %w", pk.id, rt.Topic, rp.Partition, err)
					}
				}
			}
		}
		sealed++
	}
	return sealed, nil
}
