package demofeed

import (
	"context"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
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
}

// Produce produces n events of the simulated CRM to the brokers as Debezium
// JSON, creating the CRM topics first.
func Produce(ctx context.Context, brokers []string, gen *democrm.Generator, n int64, opt Options) error {
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(brokers...), kgo.ProducerLinger(0)}, opt.ClientOpts...)...)
	if err != nil {
		return fmt.Errorf("demo feed: %w", err)
	}
	defer cl.Close()
	if err := EnsureTopics(ctx, cl, opt.Prefix, opt.Partitions); err != nil {
		return err
	}
	chunk := 1000
	if opt.Rate > 0 {
		chunk = min(chunk, max(opt.Rate/10, 1)) // about ten produce calls a second
	}
	recs := make([]*kgo.Record, 0, chunk)
	start := time.Now()
	for produced := int64(0); produced < n; {
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
			v = junked(v, produced+int64(len(recs))+1, opt.Junk)
			recs = append(recs, &kgo.Record{Topic: ev.Topic, Key: k, Value: v})
		}
		if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
			return fmt.Errorf("demo feed: produce: %w", err)
		}
		produced += int64(len(recs))
	}
	return nil
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
