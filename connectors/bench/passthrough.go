package bench

import (
	"context"

	"github.com/lethe-cdc/lethe/pipeline"
)

// Passthrough copies every input unchanged (key, value, headers,
// timestamp) to a renamed topic and adds the lethe.input header. It is the
// "raw passthrough" baseline: the cost of exactly-once Kafka I/O alone,
// against which the real pipeline's overhead is measured. A *Passthrough
// is a kafka.Preparer, as the pipeline's handler is, so the baseline runs the same
// transaction loop.
type Passthrough struct {
	// TopicMap renames an input topic to its output topic; nil appends
	// ".passthrough".
	TopicMap func(string) string

	held []pipeline.Output // the prepared batch's outputs
	out  []pipeline.Output // HandleEach's, reused
}

// HandleEach implements kafka.EachHandler.
func (p *Passthrough) HandleEach(ctx context.Context, in []pipeline.Message, emit func([]pipeline.Output) error) error {
	out, err := p.Handle(ctx, in, p.out[:0])
	if p.out = out[:0]; err != nil || len(out) == 0 {
		return err
	}
	return emit(out)
}

// Prepare implements kafka.Preparer.
func (p *Passthrough) Prepare(ctx context.Context, in []pipeline.Message) error {
	out, err := p.Handle(ctx, in, p.held[:0])
	p.held = out
	return err
}

// Finish implements kafka.Preparer.
func (p *Passthrough) Finish(_ context.Context, emit func([]pipeline.Output) error) error {
	out := p.held
	p.held = p.held[:0]
	if len(out) == 0 {
		return nil
	}
	return emit(out)
}

// Committed implements kafka.TxnObserver.
func (p *Passthrough) Committed() {}

// Aborted implements kafka.TxnObserver: a prepared batch is forgotten.
func (p *Passthrough) Aborted() { p.held = p.held[:0] }

// Handle implements kafka.Handler.
func (p Passthrough) Handle(_ context.Context, in []pipeline.Message, out []pipeline.Output) ([]pipeline.Output, error) {
	// One header slab and one buffer of positions for the batch: the
	// copied headers plus ours, as the engine keeps its outputs' in slabs.
	// Allocated per record, the positions cost the baseline three
	// allocations a record (two thirds of its handler's time) that the
	// pipeline never pays, and flattered the ratio. Each batch has its
	// own: the outputs of the batch before may still be in flight.
	n, size := 0, 0
	for i := range in {
		n += len(in[i].Headers) + 1
		size += len(in[i].Topic) + maxPositionDigits
	}
	hdrs := make([]pipeline.Header, 0, n)
	pos := make([]byte, 0, size)
	lastIn, lastOut := "", ""
	for i := range in {
		m := &in[i]
		if m.Topic != lastIn {
			lastIn = m.Topic
			if p.TopicMap != nil {
				lastOut = p.TopicMap(m.Topic)
			} else {
				lastOut = m.Topic + ".passthrough"
			}
		}
		start := len(hdrs)
		hdrs = append(hdrs, m.Headers...)
		at := len(pos)
		pos = pipeline.Position{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset}.AppendTo(pos)
		hdrs = append(hdrs, pipeline.Header{Key: pipeline.HeaderInput, Value: pos[at:len(pos):len(pos)]})
		out = append(out, pipeline.Output{Topic: lastOut, Key: m.Key, Value: m.Value, Headers: hdrs[start:len(hdrs):len(hdrs)], Timestamp: m.Timestamp})
	}
	return out, nil
}

// maxPositionDigits bounds what a position adds to its topic: two slashes,
// an int32 partition and an int64 offset, signs included.
const maxPositionDigits = 2 + 11 + 20
