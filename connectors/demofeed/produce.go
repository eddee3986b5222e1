package demofeed

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/kafka"
)

// Options configure Produce.
type Options struct {
	// Prefix is the Debezium topic prefix; it must be the generator's
	// (democrm.WithTopicPrefix). "" means "crm".
	Prefix string
	// WithSchema selects Debezium JSON with schema+payload.
	WithSchema bool
	// Partitions of the topics Produce creates.
	Partitions int32
	// ClientOpts (TLS, SASL) for the producer; see worker.Worker.ClientOpts.
	ClientOpts []kgo.Opt
	// Rate, when above 0, paces Produce to about this many events a second;
	// 0 produces as fast as the brokers take them.
	Rate int
	// Junk, when above 0, makes every Junk-th record one lethe cannot
	// decode, the event's value cut in half (as a legacy producer's
	// broken write leaves it), in place of that event: the demo's
	// dead letters. It counts among the n records.
	Junk int64
	// Skip is the number of the generator's events already on the topics
	// (Fed), which Produce skips (democrm.Generator.Skip) before the n it
	// produces: a demo restarted on the same data dir or Kafka goes on
	// with the CRM of the run before, as Debezium goes on from its
	// offsets, instead of feeding the snapshot and every change again
	// (creates of rows that exist, reads of rows deleted since). Junk
	// counts from the first event skipped.
	Skip int64
}

// skipStep is how many events Produce skips between looks at its context:
// a few milliseconds' work.
const skipStep = 10000

// chunkTimeout bounds the write of one chunk of events, which a stop does
// not cut short.
const chunkTimeout = 30 * time.Second

// Produce produces n events of the simulated CRM to the brokers as Debezium
// JSON, creating the CRM topics first. A stop (ctx) comes between chunks of
// events, never within one: a chunk cut short would leave some of its
// events on the topics and not others, and a later Produce that skips the
// events on the topics (Options.Skip) would then feed some twice and
// others never.
func Produce(ctx context.Context, brokers []string, gen *democrm.Generator, n int64, opt Options) error {
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(brokers...), kgo.ProducerLinger(0)}, opt.ClientOpts...)...)
	if err != nil {
		return fmt.Errorf("demo feed: %w", err)
	}
	defer cl.Close()
	if err := EnsureTopics(ctx, cl, opt.Prefix, opt.Partitions); err != nil {
		return err
	}
	for skipped := int64(0); skipped < opt.Skip; skipped += skipStep {
		if err := ctx.Err(); err != nil {
			return err
		}
		gen.Skip(min(skipStep, opt.Skip-skipped))
	}
	chunk := 1000
	if opt.Rate > 0 {
		chunk = min(chunk, max(opt.Rate/10, 1)) // about ten produce calls a second
	}
	recs := make([]*kgo.Record, 0, chunk)
	start := time.Now()
	for produced := int64(0); produced < n; {
		if err := ctx.Err(); err != nil {
			return err
		}
		if opt.Rate > 0 {
			// Wait until the events produced so far are due.
			due := start.Add(time.Duration(float64(produced) / float64(opt.Rate) * float64(time.Second)))
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Until(due)):
			}
		}
		recs = recs[:0]
		for len(recs) < chunk && produced+int64(len(recs)) < n {
			ev := gen.Next()
			k, v, err := ev.Encode(opt.WithSchema)
			if err != nil {
				return fmt.Errorf("demo feed: encode event for %s: %w", ev.Topic, err)
			}
			v = junked(v, opt.Skip+produced+int64(len(recs))+1, opt.Junk)
			recs = append(recs, &kgo.Record{Topic: ev.Topic, Key: k, Value: v})
		}
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), chunkTimeout)
		err := cl.ProduceSync(wctx, recs...).FirstErr()
		cancel()
		if err != nil {
			return fmt.Errorf("demo feed: produce: %w", err)
		}
		produced += int64(len(recs))
	}
	return nil
}

// Fed returns how many events of the simulated CRM its topics under prefix
// hold, or have held (the sum of their end offsets: records removed by
// retention count): the Options.Skip of a feed that goes on after them.
// Topics that do not exist hold none.
func Fed(ctx context.Context, cl *kgo.Client, prefix string) (int64, error) {
	ends, err := kadm.NewClient(cl).ListEndOffsets(ctx, democrm.Topics(prefix)...)
	if err != nil {
		return 0, fmt.Errorf("demo topics: end offsets: %w", err)
	}
	var n int64
	for _, ps := range ends {
		for _, o := range ps {
			switch {
			case errors.Is(o.Err, kerr.UnknownTopicOrPartition):
			case o.Err != nil:
				return 0, fmt.Errorf("demo topics: end offset of %s/%d: %w", o.Topic, o.Partition, o.Err)
			default:
				n += o.Offset
			}
		}
	}
	return n, nil
}

// EnsureTopics creates the simulated CRM's topics (democrm.Topics) with
// partitions each. Create them before starting a worker that reads them by
// regular expression, so its first metadata already lists them.
func EnsureTopics(ctx context.Context, cl *kgo.Client, prefix string, partitions int32) error {
	var specs []kafka.TopicSpec
	for _, t := range democrm.Topics(prefix) {
		specs = append(specs, kafka.TopicSpec{Name: t, Partitions: partitions})
	}
	if err := kafka.EnsureTopics(ctx, kadm.NewClient(cl), specs...); err != nil {
		return fmt.Errorf("demo topics: %w", err)
	}
	return nil
}

// junked returns v, the i-th record's value (from 1), cut in half when i
// is a multiple of junk (Options.Junk), else as it is.
func junked(v []byte, i, junk int64) []byte {
	if junk > 0 && i%junk == 0 && len(v) > 1 {
		return v[:len(v)/2]
	}
	return v
}
