package kafka

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// ErrNoTopic is the error ReadTable and ReadTableSettled wrap when the topic
// does not exist.
var ErrNoTopic = errors.New("topic does not exist")

// ReadTable reads a compacted topic from its start to its current end and
// returns the latest value of every key: a later record replaces an earlier
// one and a tombstone (nil value) deletes the key. It reads with
// read_committed isolation, so aborted transactions are skipped, and stops
// at the last stable offset listed when it starts (records written after
// that are not included).
//
// A key is found in more than one partition when partitions were added to
// the topic after it was written (kafka-topics --alter --partitions): its
// records go to another partition from then on, and compaction, which works
// per partition, never removes the old ones. Kafka orders nothing across
// partitions, so the one read last must not win: newer says which of two
// values is newer (> 0 a, < 0 b, 0 when they do not say; nil for none),
// and otherwise, and for tombstones, the record timestamps do (the later
// one; of equal ones, the higher partition's). split counts such keys, for
// the caller to warn of.
//
// The end of a partition is recognised by reaching the offset of its last
// record (transaction markers count), or, when the fetches go quiet before
// that, by the broker's answer that nothing this reader gets is left below
// it: only an aborted transaction's records, whose marker lies past the
// end, or nothing at all (compacted away). See scan.go.
//
// lethe inventory reads the data map this way; a worker restoring state
// uses ReadTableSettled. It uses its own short-lived client built from
// brokers and opts (pass the same TLS/SASL options as the runner).
func ReadTable(ctx context.Context, brokers []string, topic string, newer Newer, opts ...kgo.Opt) (_ map[string][]byte, split int, _ error) {
	return readTable(ctx, brokers, topic, toStableOffset, newer, opts...)
}

// ReadTableSettled is ReadTable for restoring state another worker was
// writing until a moment ago: it reads to the end of the log as it is when
// it starts, waiting for the transactions then open to end (commit or
// abort, at most the transaction timeout), where ReadTable stops at the
// last stable offset and so misses whatever committed after the first
// transaction still open. A worker taking over a partition must not start
// from a data map older than the batches its predecessor committed.
func ReadTableSettled(ctx context.Context, brokers []string, topic string, newer Newer, opts ...kgo.Opt) (_ map[string][]byte, split int, _ error) {
	return readTable(ctx, brokers, topic, toHighWatermark, newer, opts...)
}

// Newer compares two values of one key found in different partitions of a
// table: > 0 when a is the newer, < 0 when b is, 0 when they do not say.
type Newer func(a, b []byte) int

// cell is the latest record of a key in one partition; a nil value is a
// tombstone, kept until every partition is read.
type cell struct {
	value     []byte
	at        time.Time
	partition int32
}

func readTable(ctx context.Context, brokers []string, topic string, mode scanMode, newer Newer, opts ...kgo.Opt) (map[string][]byte, int, error) {
	cells := make(map[string]cell)
	var others map[string][]cell // keys found in more than one partition: the cells of the others
	err := scan(ctx, brokers, topic, mode, func(rec *kgo.Record) {
		c := cell{rec.Value, rec.Timestamp, rec.Partition}
		first, ok := cells[string(rec.Key)]
		if !ok || first.partition == rec.Partition {
			cells[string(rec.Key)] = c
			return
		}
		if others == nil {
			others = map[string][]cell{}
		}
		more := others[string(rec.Key)]
		if i := slices.IndexFunc(more, func(o cell) bool { return o.partition == rec.Partition }); i >= 0 {
			more[i] = c
		} else {
			others[string(rec.Key)] = append(more, c)
		}
	}, opts...)
	if err != nil {
		return nil, 0, err
	}
	for k, more := range others {
		for _, c := range more {
			if newerCell(c, cells[k], newer) {
				cells[k] = c
			}
		}
	}
	table := make(map[string][]byte, len(cells))
	for k, c := range cells {
		if c.value != nil {
			table[k] = c.value
		}
	}
	return table, len(others), nil
}

// newerCell reports whether a is a newer record of its key than b, found
// in another partition.
func newerCell(a, b cell, newer Newer) bool {
	if newer != nil && a.value != nil && b.value != nil {
		if n := newer(a.value, b.value); n != 0 {
			return n > 0
		}
	}
	if !a.at.Equal(b.at) {
		return a.at.After(b.at)
	}
	return a.partition > b.partition
}

// scanMode says where a scan ends and what it reads.
type scanMode int

const (
	// toStableOffset reads committed records up to the last stable offset
	// listed at the start.
	toStableOffset scanMode = iota
	// toHighWatermark reads committed records up to the high watermark
	// listed at the start, waiting for the transactions open then to end.
	toHighWatermark
	// uncommitted reads every record, aborted and open transactions'
	// included, up to the high watermark.
	uncommitted
)

// scan calls fn, in offset order per partition, for the records mode says,
// and stops when every partition has reached its end.
func scan(ctx context.Context, brokers []string, topic string, mode scanMode, fn func(*kgo.Record), opts ...kgo.Opt) error {
	base := append([]kgo.Opt{kgo.SeedBrokers(brokers...)}, opts...)
	admCl, err := kgo.NewClient(base...)
	if err != nil {
		return fmt.Errorf("read table %s: client: %w", topic, err)
	}
	adm := kadm.NewClient(admCl)
	defer adm.Close()

	// The last stable offset: every record below it is either committed
	// data, an aborted record that read_committed skips, or a transaction
	// marker. We keep markers (KeepControlRecords) so that reaching the end
	// is visible even when the last record of a partition is a marker.
	list, iso := adm.ListCommittedOffsets, kgo.ReadCommitted()
	switch mode {
	case toHighWatermark:
		list = adm.ListEndOffsets
	case uncommitted:
		list, iso = adm.ListEndOffsets, kgo.ReadUncommitted()
	}
	ends, err := list(ctx, topic)
	if err != nil {
		return fmt.Errorf("read table %s: list end offsets: %w", topic, err)
	}
	starts, err := adm.ListStartOffsets(ctx, topic)
	if err != nil {
		return fmt.Errorf("read table %s: list start offsets: %w", topic, err)
	}
	remaining := make(map[int32]int64) // partition -> end offset still to reach
	next := make(map[int32]int64)      // partition -> offset after the last record read
	consume := make(map[int32]kgo.Offset)
	for p, end := range ends[topic] {
		if p < 0 || errors.Is(end.Err, kerr.UnknownTopicOrPartition) {
			return fmt.Errorf("read table %s: %w", topic, ErrNoTopic)
		}
		if end.Err != nil {
			return fmt.Errorf("read table %s partition %d: list end offset: %w", topic, p, end.Err)
		}
		start, ok := starts.Lookup(topic, p)
		if ok && start.Err == nil && start.Offset >= end.Offset {
			continue // empty partition
		}
		remaining[p] = end.Offset
		if ok && start.Err == nil {
			next[p] = start.Offset
		}
		consume[p] = kgo.NewOffset().AtStart()
	}
	if len(ends[topic]) == 0 {
		return fmt.Errorf("read table %s: topic does not exist", topic)
	}

	if len(remaining) == 0 {
		return nil
	}
	cl, err := kgo.NewClient(append(base,
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: consume}),
		kgo.FetchIsolationLevel(iso),
		kgo.KeepControlRecords(),
	)...)
	if err != nil {
		return fmt.Errorf("read table %s: client: %w", topic, err)
	}
	defer cl.Close()

	quiet := backoff{min: scanQuietMin, max: scanQuietMax}
	for wait := quiet.next(); len(remaining) > 0; {
		pctx, pcancel := context.WithTimeout(ctx, wait)
		fs := cl.PollFetches(pctx)
		timedOut := pctx.Err() != nil // before pcancel, which sets it
		pcancel()
		if err := ctx.Err(); err != nil {
			short := slices.Sorted(maps.Keys(remaining))
			if mode == toHighWatermark {
				// Waiting for the transactions open at the start: one
				// that outlasts every transaction timeout is hanging.
				return fmt.Errorf("read table %s: partitions %v not read to the end, a transaction still open on them (one Kafka never finished, if it outlasts the transaction timeout: README, Hanging transactions): %w", topic, short, err)
			}
			return fmt.Errorf("read table %s: partitions %v not read to the end: %w", topic, short, err)
		}
		for _, fe := range fs.Errors() {
			if errors.Is(fe.Err, kgo.ErrClientClosed) || Fatal(fe.Err) {
				return fmt.Errorf("read table %s partition %d: %w", fe.Topic, fe.Partition, fe.Err)
			}
			// Other fetch errors are retried by the client.
		}
		fs.EachPartition(func(p kgo.FetchTopicPartition) {
			for _, rec := range p.Records {
				end, ok := remaining[rec.Partition]
				if !ok {
					continue
				}
				next[rec.Partition] = rec.Offset + 1
				if rec.Offset+1 >= end {
					// The end, or past it: what lies below was read or,
					// for read_committed, aborted. The marker of a
					// transaction open at the start lands past the end.
					delete(remaining, rec.Partition)
				}
				if rec.Offset < end && !rec.Attrs.IsControl() {
					fn(rec)
				}
			}
		})
		if fs.NumRecords() > 0 || !timedOut {
			quiet.reset()
			wait = quiet.next()
			continue
		}
		// Nothing came for a while: the partitions left may hold nothing
		// this reader gets below their end (scan.go). A failed question
		// is asked again after the next wait.
		ask := make(map[int32]int64, len(remaining))
		for p := range remaining {
			ask[p] = next[p]
		}
		done, _ := unreadBelow(ctx, admCl, topic, mode != uncommitted, ask, remaining)
		for p := range done {
			delete(remaining, p)
		}
		wait = quiet.next()
	}
	return nil
}
