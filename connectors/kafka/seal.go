package kafka

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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
// which ends at a partition's last record, waited for ever besides. The
// embedded broker writes the missing markers when it loads a data dir.

// forgetStaleSnapshots makes kfake replay the partitions whose snapshot
// says a transaction is open when nothing else remembers it. kfake keeps
// open transactions across a clean close in session_state.json, which it
// deletes once loaded; a crash before the partition is written again
// leaves its snapshot, and a last stable offset, naming a transaction that
// is neither open nor aborted on the next load: the next transaction to
// end there made its records visible, never committed (a review read them
// with read_committed). Replayed, the partition has the crash's open
// transactions aborted, and sealCrashAborted writes their markers.
func forgetStaleSnapshots(dataDir string) error {
	if _, err := os.Stat(filepath.Join(dataDir, "session_state.json")); !errors.Is(err, fs.ErrNotExist) {
		return nil // the open transactions are remembered (or the dir is unreadable: NewCluster says so)
	}
	snaps, err := filepath.Glob(filepath.Join(dataDir, "partitions", "*", "snapshot.json"))
	if err != nil {
		return err
	}
	for _, f := range snaps {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var snap struct {
			HighWatermark    int64 `json:"high_watermark"`
			LastStableOffset int64 `json:"last_stable_offset"`
		}
		if json.Unmarshal(b, &snap) != nil || snap.LastStableOffset >= snap.HighWatermark {
			continue
		}
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	return nil
}

// holdProducers answers every InitProducerID "coordinator loading", which
// clients retry, until release is called. A broker loading a data dir holds
// producers off from the moment it listens until sealCrashAborted is done:
// held off only once sealing began, a worker reconnecting after the crash
// got its producer id back while the data dir's compacted topics were
// looked over (milliseconds, more with configs to alter), and began a
// transaction before the crash's abort marker was written. The seal then
// took the aborted run for ended by that transaction's commit marker, or
// left it alone as the producer is in a transaction, and wrote no abort
// marker: read_committed readers dropped what the producer committed.
func holdProducers(c *kfake.Cluster) (release func()) {
	var done atomic.Bool
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
	return func() { done.Store(true) }
}

// ongoingProducers asks the broker which of the producers are in a
// transaction on their partition now.
func ongoingProducers(ctx context.Context, cl *kgo.Client, producers []producerAt) (map[producerAt]bool, error) {
	req := kmsg.NewPtrDescribeProducersRequest()
	parts := map[string][]int32{}
	for _, pk := range producers {
		if !slices.Contains(parts[pk.topic], pk.p) {
			parts[pk.topic] = append(parts[pk.topic], pk.p)
		}
	}
	for t, ps := range parts {
		rt := kmsg.NewDescribeProducersRequestTopic()
		rt.Topic, rt.Partitions = t, ps
		req.Topics = append(req.Topics, rt)
	}
	ongoing := map[producerAt]bool{}
	if len(req.Topics) == 0 {
		return ongoing, nil
	}
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return nil, fmt.Errorf("describe producers: %w", err)
	}
	for _, rt := range resp.Topics {
		for _, rp := range rt.Partitions {
			if err := kerr.ErrorForCode(rp.ErrorCode); err != nil {
				return nil, fmt.Errorf("describe producers of %s/%d: %w", rt.Topic, rp.Partition, err)
			}
			for _, ap := range rp.ActiveProducers {
				ongoing[producerAt{partitionAt{rt.Topic, rp.Partition}, ap.ProducerID}] = true
			}
		}
	}
	return ongoing, nil
}

// partitionAt and producerAt name a partition, and a producer on one.
type (
	partitionAt struct {
		topic string
		p     int32
	}
	producerAt struct {
		partitionAt
		id int64
	}
)

// sealCrashAborted writes the markers kfake left out. It reads every
// partition read_uncommitted, with control records, and finds the
// producers whose transactional records after their last marker start
// below the partition's last stable offset: no transaction is open there
// (one would hold the last stable offset at or before its start), so they
// are the aborted ones. The caller holds producers off meanwhile
// (holdProducers), so none reuses an id before its marker is written. An
// abort marker for a producer the broker has nothing aborted of is
// harmless: readers drop batches by the broker's index of aborted
// transactions, a marker only ends a range.
//
// Partitions it does not read through: empty ones, which hold nothing to
// seal, and ones whose fetches bring nothing for sealDry (failing, or
// answering with retried errors) before their end. Those get the markers
// of the runs read, and are named in the error returned, which the caller
// logs: a run a crash left in the part not read keeps no marker, and
// read_committed readers drop what its producer commits there next.
func sealCrashAborted(c *kfake.Cluster, adm *kgo.Client, addr string) (sealed int, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	topics, err := kadm.NewClient(adm).ListTopics(ctx)
	if err != nil {
		return 0, fmt.Errorf("list topics: %w", err)
	}
	stable := map[partitionAt]int64{}
	remaining := map[partitionAt]int64{} // -> high watermark still to reach
	next := map[partitionAt]int64{}      // -> the offset after the last record read
	consume := map[string]map[int32]kgo.Offset{}
	for _, t := range topics.Names() {
		for _, pi := range c.PartitionInfos(t) {
			if pi == nil || pi.HighWatermark <= pi.LogStartOffset {
				continue
			}
			k := partitionAt{t, pi.Partition}
			stable[k], remaining[k], next[k] = pi.LastStableOffset, pi.HighWatermark, pi.LogStartOffset
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
	type run struct {
		first int64 // the first transactional record after the producer's last marker
		epoch int16
	}
	open := map[producerAt]run{}
	// A partition whose last records are gone (compacted away) never
	// shows its last offset: what could be read is read once no record
	// has come for sealDry, fetch errors or not. (A poll's own context,
	// cancelled before it was looked at, made the first poll that brought
	// an error and no record look dry: every partition not read by then
	// was skipped.)
	for lastRead := time.Now(); len(remaining) > 0; {
		dry := sealDry - time.Since(lastRead)
		if dry <= 0 {
			break
		}
		pctx, pcancel := context.WithTimeout(ctx, dry)
		fs := cl.PollFetches(pctx)
		timedOut := pctx.Err() != nil // before pcancel, which sets it
		pcancel()
		if err := ctx.Err(); err != nil {
			return 0, fmt.Errorf("read the partitions: %w", err)
		}
		for _, fe := range fs.Errors() {
			if Fatal(fe.Err) {
				return 0, fmt.Errorf("read %s/%d: %w", fe.Topic, fe.Partition, fe.Err)
			}
		}
		if fs.NumRecords() > 0 {
			lastRead = time.Now()
		} else if !timedOut {
			sleepCtx(ctx, 20*time.Millisecond) // errors alone: not in a busy loop
		}
		fs.EachRecord(func(r *kgo.Record) {
			k := partitionAt{r.Topic, r.Partition}
			hwm, ok := remaining[k]
			if !ok {
				return
			}
			next[k] = r.Offset + 1
			pk := producerAt{k, r.ProducerID}
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
	unread := unreadPartitions(ctx, adm, remaining, next)
	var aborted []producerAt
	for pk, o := range open {
		if o.first < stable[pk.partitionAt] {
			aborted = append(aborted, pk) // else a transaction still open: its producer or the broker's timeout ends it
		}
	}
	ongoing, err := ongoingProducers(ctx, adm, aborted)
	if err != nil {
		return 0, err
	}
	for _, pk := range aborted {
		if ongoing[pk] {
			// A producer in a transaction now: even an older run without
			// its marker is left alone, as a marker would end the open
			// one (a data dir an older lethe, or a seal that gave up,
			// left so).
			continue
		}
		o := open[pk]
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
	if len(unread) > 0 {
		return sealed, fmt.Errorf("partitions %v not read to their end: a transaction a crash left open there has no abort marker if its records were in the part not read", unread)
	}
	return sealed, nil
}

// sealDry is how long sealCrashAborted reads on without a record.
const sealDry = 2 * time.Second

// unreadPartitions names ("topic/partition", sorted) the partitions of
// remaining that still hold records from next on below their high
// watermark, which a seal that stopped reading did not see: a partition
// whose fetches keep failing. One whose rest is markers, or nothing at
// all (compacted away), is read to its end.
func unreadPartitions(ctx context.Context, adm *kgo.Client, remaining, next map[partitionAt]int64) []string {
	type offsets struct{ next, ends map[int32]int64 }
	byTopic := map[string]offsets{}
	for k, hwm := range remaining {
		o, ok := byTopic[k.topic]
		if !ok {
			o = offsets{map[int32]int64{}, map[int32]int64{}}
			byTopic[k.topic] = o
		}
		o.next[k.p], o.ends[k.p] = next[k], hwm
	}
	var unread []string
	for t, o := range byTopic {
		done, _ := unreadBelow(ctx, adm, t, false, o.next, o.ends) // an error leaves them unread
		for p := range o.ends {
			if !done[p] {
				unread = append(unread, partitionKey(t, p))
			}
		}
	}
	slices.Sort(unread)
	return unread
}
