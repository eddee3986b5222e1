package kafka

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"go.uber.org/zap"

	"github.com/lethe-cdc/lethe/pipeline"
)

// Preparer is implemented by handlers that can work on the next batch while
// the previous batch's transaction ends (pipeline.Engine, through the
// worker, does). Ending a transaction takes several broker round trips
// (flush, TxnOffsetCommit, a heartbeat, EndTxn); a handler that only starts
// once they are done leaves the CPU idle meanwhile.
//
// With a Preparer the runner takes the next batch just before it ends a
// transaction (from records it polled ahead, see takeAhead), ends it on
// another goroutine while Prepare processes that batch, and then:
//   - if the transaction committed, calls Committed, begins the next
//     transaction and calls Finish, which hands the prepared outputs over
//     as HandleEach would have;
//   - if it did not, calls Aborted, which must forget the prepared batch as
//     well: the client rewinds to the committed offsets and both batches
//     are fetched again.
//
// The first batch of a session, and any batch that was not polled ahead,
// goes through HandleEach as usual. Calls never overlap each other.
type Preparer interface {
	EachHandler
	TxnObserver
	// Prepare processes a batch and keeps its outputs for Finish. An error
	// drops the batch, which is fetched again; Prepare must leave no trace
	// of it then.
	Prepare(ctx context.Context, in []pipeline.Message) error
	// Finish hands over the prepared batch's outputs, in order, through
	// emit, with the rules of HandleEach.
	Finish(ctx context.Context, emit func([]pipeline.Output) error) error
}

// takeAhead puts the next batch in r.ahead (and its offsets in
// r.aheadMarks) and returns its size, 0 when there is nothing to take. It
// never waits for a fetch: that would hold the transaction open. A fetch
// error it polls that the client cannot retry is returned, as gather
// returns it, and no batch is taken.
//
// Batches come from r.queue. When fewer than MaxBatch records are queued,
// everything the client has buffered joins the queue first. Taking all of
// it, not just the next batch, is what keeps the CPU busy: franz-go fetches
// again only once its buffer is drained, so a client left holding the rest
// of a large fetch would not fetch the next records until that rest is
// processed, and every batch after that would wait for a whole fetch (tens
// of milliseconds) with the handler idle. Drained, the client fetches while
// the handler works. The queue holds at most MaxBatch records plus one
// fetch's.
func (r *Runner) takeAhead(s *kgo.GroupTransactSession) (int, error) {
	if len(r.queue)-r.qhead < r.cfg.MaxBatch && s.Client().BufferedFetchRecords() > 0 {
		n := copy(r.queue, r.queue[r.qhead:])
		clear(r.queue[n:])
		r.queue, r.qhead = r.queue[:n], 0
		var buffered context.Context // nil: PollRecords returns what is buffered at once
		fs := s.PollRecords(buffered, 0)
		if r.hooks.polledAhead != nil {
			fs = r.hooks.polledAhead(fs)
		}
		if err := r.fetchErrors(fs); err != nil {
			return 0, err
		}
		fs.EachRecord(func(rec *kgo.Record) { r.queue = append(r.queue, rec) })
		r.polled.Add(int64(len(r.queue) - n))
		r.m.consumed.Add(float64(len(r.queue) - n))
	}
	r.ahead, r.aheadHdr = r.ahead[:0], r.aheadHdr[:0]
	r.aheadMarks = r.aheadMarks.reset()
	batch := r.queue[r.qhead:min(len(r.queue), r.qhead+r.cfg.MaxBatch)]
	for i, rec := range batch {
		r.ahead = append(r.ahead, messageFromRecord(rec, &r.aheadHdr))
		if i+1 == len(batch) || batch[i+1].Partition != rec.Partition || batch[i+1].Topic != rec.Topic {
			r.aheadMarks.add(rec) // the last of a run of one partition's records
		}
	}
	clear(batch) // the records are the batch's now; let the queue forget them
	r.qhead += len(batch)
	if r.hooks.tookAhead != nil {
		r.hooks.tookAhead(len(batch), len(r.queue)-r.qhead, s.Client().BufferedFetchRecords())
	}
	return len(batch), nil
}

// dropQueue forgets the queued records.
func (r *Runner) dropQueue() {
	clear(r.queue)
	r.queue, r.qhead = r.queue[:0], 0
}

// endResult is how a transaction ended.
type endResult struct {
	committed bool
	err       error
}

// overlapped runs batches through a Preparer, starting with the n gathered
// in r.in: each transaction ends while the next batch is prepared. It
// returns nil when no batch was polled ahead (the session gathers the next
// as usual) or a transaction aborted (the client has rewound to the
// committed offsets), what handlerRetry says after a handler failure, and
// any other error when the client can no longer be used.
func (r *Runner) overlapped(ctx context.Context, s *kgo.GroupTransactSession, p Preparer, n int) error {
	// Every way out either has nothing queued or has rewound the client
	// to the committed offsets (an abort, a dropped session): the queued
	// records are fetched again.
	defer r.dropQueue()
	prepared := false
	for {
		start := time.Now()
		if prepared && ctx.Err() != nil {
			// Shutting down: the prepared batch never was in a
			// transaction. Forget it and rewind to the committed offsets.
			p.Aborted()
			return r.abortDetached(ctx, s)
		}
		if err := s.Begin(); err != nil {
			if prepared {
				p.Aborted()
			}
			return fmt.Errorf("begin transaction: %w", err)
		}
		r.txnSince.Store(time.Now().UnixNano())
		r.resetProduce()
		outputs := 0
		emit := r.emitTo(ctx, s, &outputs)
		var err error
		if prepared {
			err = p.Finish(ctx, emit)
		} else {
			err = p.HandleEach(ctx, r.in[:n], emit)
		}
		if err != nil {
			p.Aborted()
			return r.handlerFailed(ctx, s, n, err)
		}

		// Take the next batch before End, which franz-go does not allow
		// polling during. End commits the offsets of this batch alone
		// (r.marks), not of all polled.
		//
		// A fetch error polled here that the client cannot retry
		// (fetchErrors) ends the session as it does in gather, once
		// this transaction has ended. Ignored, with a fatal error
		// returning at each poll, a loop that records kept coming to
		// took batch after batch ahead and never got back to gather.
		next, fetchErr := 0, error(nil)
		if ctx.Err() == nil {
			next, fetchErr = r.takeAhead(s)
		}
		ended := make(chan endResult, 1)
		go func() {
			committed, err := r.end(ctx, s, n, outputs, start, r.marks)
			ended <- endResult{committed, err}
		}()
		var perr error
		if next > 0 {
			perr = p.Prepare(ctx, r.ahead[:next])
		}
		res := <-ended
		if res.committed {
			p.Committed()
		}
		if res.err != nil || !res.committed {
			// A batch that committed while the session must restart
			// (errCommittedAnyway) is committed; the one prepared ahead
			// is dropped with the rest.
			p.Aborted()
			return errors.Join(res.err, fetchErr)
		}
		if next == 0 {
			return fetchErr
		}
		if perr != nil {
			// The batch polled ahead must not be committed unprocessed:
			// rewind to the committed offsets and retry it after a pause.
			r.m.errors.WithLabelValues(stageHandle).Inc()
			r.log.Warn("handler failed on a prepared batch; refetching it to retry", zap.Int("batch", next), zap.Error(perr))
			p.Aborted()
			if err := r.abortDetached(ctx, s); err != nil {
				return err
			}
			return handlerRetry(perr)
		}
		r.in, r.ahead = r.ahead, r.in
		r.inHdr, r.aheadHdr = r.aheadHdr, r.inHdr
		r.marks, r.aheadMarks = r.aheadMarks, r.marks
		n, prepared = next, true
	}
}

// batchOffsets are what a batch's transaction commits: per partition, the
// offset after the batch's last record, with that record's leader epoch.
type batchOffsets map[string]map[int32]kgo.EpochOffset

// reset empties b, allocating it if needed, and returns it.
func (b batchOffsets) reset() batchOffsets {
	if b == nil {
		return batchOffsets{}
	}
	for _, ps := range b {
		clear(ps)
	}
	return b
}

// add notes rec as the batch's latest record of its partition.
func (b batchOffsets) add(rec *kgo.Record) {
	ps := b[rec.Topic]
	if ps == nil {
		ps = map[int32]kgo.EpochOffset{}
		b[rec.Topic] = ps
	}
	ps[rec.Partition] = kgo.EpochOffset{Epoch: rec.LeaderEpoch, Offset: rec.Offset + 1}
}

// narrow rewrites the TxnOffsetCommit franz-go built from everything polled
// (the batch and the one polled ahead) to the batch's own offsets, and
// drops partitions the batch has no records of. franz-go then records what
// was sent as committed, so an abort later rewinds to exactly that. It
// fails, and the transaction aborts, if a partition of the batch is missing
// from the request or the request is behind it: committing outputs without
// their inputs' offsets would duplicate them.
func (b batchOffsets) narrow(req *kmsg.TxnOffsetCommitRequest) error {
	want := 0
	for _, ps := range b {
		want += len(ps)
	}
	got := 0
	topics := req.Topics[:0]
	for _, t := range req.Topics {
		ps := b[t.Topic]
		parts := t.Partitions[:0]
		for _, p := range t.Partitions {
			eo, ok := ps[p.Partition]
			if !ok {
				continue
			}
			if p.Offset < eo.Offset {
				return fmt.Errorf("kafka runner: offset commit of topic %s partition %d at %d is behind the batch's %d", t.Topic, p.Partition, p.Offset, eo.Offset)
			}
			p.Offset, p.LeaderEpoch = eo.Offset, eo.Epoch
			parts = append(parts, p)
			got++
		}
		if len(parts) > 0 {
			t.Partitions = parts
			topics = append(topics, t)
		}
	}
	req.Topics = topics
	if got != want {
		return fmt.Errorf("kafka runner: %d of the batch's %d partitions are missing from the offset commit", want-got, want)
	}
	return nil
}
