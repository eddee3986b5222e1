package demofeed

import (
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/pipeline"
)

// Messages turns a generator's events into the messages a runner would
// fetch once Produce had produced them with the same Options: encoded as
// Produce encodes them (WithSchema), placed in Partitions as Produce's
// producer places them (Kafka's default partitioner, by key), and numbered
// from offset 0 in each partition, because the engine keeps state per
// partition. ClientOpts and Rate are ignored. It needs no broker: the
// engine-alone bench feeds the messages to an engine directly.
type Messages struct {
	gen         *democrm.Generator
	withSchema  bool
	junk, n     int64 // Options.Junk, and the messages made so far
	partitions  int
	partitioner kgo.Partitioner
	byTopic     map[string]kgo.TopicPartitioner
	offsets     map[pipeline.Position]int64 // the next offset of each topic and partition
}

// NewMessages returns the messages of gen's events for opt.
func NewMessages(gen *democrm.Generator, opt Options) *Messages {
	return &Messages{gen: gen, withSchema: opt.WithSchema, junk: opt.Junk, partitions: int(max(opt.Partitions, 1)),
		partitioner: kgo.StickyKeyPartitioner(nil),
		byTopic:     map[string]kgo.TopicPartitioner{}, offsets: map[pipeline.Position]int64{}}
}

// Append appends the messages of the generator's next n events to in,
// stamped with the current time.
func (m *Messages) Append(in []pipeline.Message, n int) ([]pipeline.Message, error) {
	for range n {
		ev := m.gen.Next()
		k, v, err := ev.Encode(m.withSchema)
		if err != nil {
			return in, fmt.Errorf("encode event for %s: %w", ev.Topic, err)
		}
		m.n++
		v = junked(v, m.n, m.junk)
		tp := m.byTopic[ev.Topic]
		if tp == nil {
			tp = m.partitioner.ForTopic(ev.Topic)
			m.byTopic[ev.Topic] = tp
		}
		at := pipeline.Position{Topic: ev.Topic, Partition: int32(tp.Partition(&kgo.Record{Key: k}, m.partitions))}
		offset := m.offsets[at]
		m.offsets[at] = offset + 1
		in = append(in, pipeline.Message{Topic: at.Topic, Partition: at.Partition, Offset: offset, Key: k, Value: v, Timestamp: time.Now()})
	}
	return in, nil
}
