package kafka

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// ScanTopic calls fn, in offset order per partition, for every committed
// data record of topic below the last stable offset when it starts: a
// read_committed snapshot of the topic, as a downstream checker reads it.
func ScanTopic(ctx context.Context, brokers []string, topic string, fn func(*kgo.Record), opts ...kgo.Opt) error {
	return scan(ctx, brokers, topic, toStableOffset, fn, opts...)
}

// A read_committed scan cannot always see that it reached a partition's
// end: the records below it may all be ones the broker's reader skips.
// The last records below the last stable offset can be an aborted
// transaction's whose abort marker came after another transaction began,
// above that offset: a reader gets neither them nor, until the other
// transaction ends, the marker, and the scan waited for that, or for its
// deadline. So when its fetches bring nothing for a while, a scan asks
// the broker what lies between what it read and the end (unreadBelow).

// scanQuietMin and scanQuietMax bound how long a scan waits for records
// before it asks: the wait doubles while the answer is "not yet".
const scanQuietMin, scanQuietMax = 100 * time.Millisecond, 2 * time.Second

// scanProbeRounds bounds the fetches one question takes per partition.
const scanProbeRounds = 16

// unreadBelow returns the partitions of topic that hold no record a scan
// would pass on from next[p] up to ends[p]: only records its reader skips
// (aborted ones, for read_committed), markers, or none at all. It reads
// them with its own fetches, read_committed if committed; a partition it
// cannot tell for sure about is not returned.
func unreadBelow(ctx context.Context, cl *kgo.Client, topic string, committed bool, next, ends map[int32]int64) (map[int32]bool, error) {
	md, err := kadm.NewClient(cl).Metadata(ctx, topic)
	if err != nil {
		return nil, err
	}
	td, ok := md.Topics[topic]
	if !ok {
		return nil, fmt.Errorf("metadata of %s: no such topic", topic)
	}
	if td.Err != nil {
		return nil, fmt.Errorf("metadata of %s: %w", topic, td.Err)
	}
	done := map[int32]bool{}
	at := maps.Clone(next)
	for range scanProbeRounds {
		byLeader := map[int32][]int32{}
		for p := range at {
			if pd, ok := td.Partitions[p]; ok && pd.Err == nil && pd.Leader >= 0 {
				byLeader[pd.Leader] = append(byLeader[pd.Leader], p)
			}
		}
		if len(byLeader) == 0 {
			break
		}
		for leader, ps := range byLeader {
			req := kmsg.NewPtrFetchRequest()
			req.MaxBytes = 8 << 20
			if committed {
				req.IsolationLevel = 1
			}
			rt := kmsg.NewFetchRequestTopic()
			rt.Topic, rt.TopicID = topic, td.ID
			for _, p := range ps {
				rp := kmsg.NewFetchRequestTopicPartition()
				rp.Partition, rp.FetchOffset, rp.PartitionMaxBytes = p, at[p], 1<<20
				rt.Partitions = append(rt.Partitions, rp)
			}
			req.Topics = append(req.Topics, rt)
			resp, err := req.RequestWith(ctx, cl.Broker(int(leader)))
			if err != nil {
				return done, err
			}
			if err := kerr.ErrorForCode(resp.ErrorCode); err != nil {
				return done, err
			}
			asked := map[int32]bool{}
			for _, p := range ps {
				asked[p] = true
			}
			for _, t := range resp.Topics {
				for _, rp := range t.Partitions {
					p := rp.Partition
					if !asked[p] {
						continue
					}
					delete(asked, p)
					end := ends[p]
					limit := rp.HighWatermark
					if committed {
						limit = rp.LastStableOffset
					}
					readable, reached := readableBelow(rp.RecordBatches, rp.AbortedTransactions, at[p], end)
					switch {
					case rp.ErrorCode != 0, readable:
						delete(at, p) // records to wait for, or nothing sure
					case reached >= end, len(rp.RecordBatches) == 0 && limit >= end:
						// Read to the end, or nothing at all left
						// below it (compacted away).
						done[p] = true
						delete(at, p)
					case reached > at[p]:
						at[p] = reached // ask on from there
					default:
						delete(at, p) // below the limit: not there yet
					}
				}
			}
			for p := range asked {
				delete(at, p) // not answered
			}
		}
	}
	return done, nil
}

// readableBelow looks at a fetch's record batches of one partition, read
// from offset at, for a record a reader of them passes on below end: data
// that is not aborted (aborted, as read_committed tells it, from the
// fetch's aborted transactions). It returns false and the offset after
// the last whole batch it looked at (at when none) if there is none, true
// if there may be: a batch of the old format, one it cannot parse, and a
// first batch cut short are taken for readable, and so is a batch of data
// that reaches from below at to at or past it (compaction may have left
// it nothing from at on).
func readableBelow(batches []byte, aborted []kmsg.FetchResponseTopicPartitionAbortedTransaction, at, end int64) (bool, int64) {
	aborted = slices.Clone(aborted)
	slices.SortFunc(aborted, func(a, b kmsg.FetchResponseTopicPartitionAbortedTransaction) int {
		return cmp.Compare(a.FirstOffset, b.FirstOffset)
	})
	abortedBy := map[int64]bool{} // producers in an aborted transaction here
	reached, whole := at, false
	for len(batches) > 0 {
		size := 0
		if len(batches) >= 17 {
			size = 12 + int(int32(binary.BigEndian.Uint32(batches[8:12])))
		}
		if size < 17 || size > len(batches) {
			// A batch the fetch's size limit cut: only one after a
			// whole one says the fetch was not empty.
			return !whole, reached
		}
		whole = true
		raw := batches[:size]
		batches = batches[size:]
		if raw[16] < 2 {
			return true, reached // the old message format: not judged
		}
		var b kmsg.RecordBatch
		if err := b.ReadFrom(raw); err != nil {
			return true, reached
		}
		if b.FirstOffset >= end {
			return false, end
		}
		last := b.FirstOffset + int64(b.LastOffsetDelta)
		for len(aborted) > 0 && aborted[0].FirstOffset <= last {
			abortedBy[aborted[0].ProducerID] = true
			aborted = aborted[1:]
		}
		const transactional, control = 0x10, 0x20
		switch {
		case b.Attributes&control != 0:
			delete(abortedBy, b.ProducerID) // the marker ends its transaction
		case last < at, b.NumRecords == 0:
			// Before the read's start, or emptied by compaction.
		case b.Attributes&transactional != 0 && abortedBy[b.ProducerID]:
			// Aborted: the reader skips it.
		default:
			return true, reached
		}
		reached = max(reached, last+1)
	}
	return false, reached
}
