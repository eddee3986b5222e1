package worker

import (
	"context"
	"fmt"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/kafka"
)

// DemoTables are the demo CRM's tables, in the order its snapshot emits them.
var DemoTables = []string{"customers", "contacts", "addresses", "orders", "tickets", "consents"}

// Feed produces n events of the simulated CRM to the brokers as Debezium
// JSON (withSchema selects the schema+payload variant), creating the CRM
// topics first. progress, when set, is called with the count produced.
func Feed(ctx context.Context, brokers []string, gen *democrm.Generator, n int64, withSchema bool, partitions int32, progress func(int64)) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ProducerLinger(0), kgo.RecordPartitioner(kgo.StickyKeyPartitioner(nil)))
	if err != nil {
		return fmt.Errorf("demo feed: %w", err)
	}
	defer cl.Close()
	if err := EnsureDemoTopics(ctx, cl, partitions); err != nil {
		return err
	}
	const chunk = 1000
	recs := make([]*kgo.Record, 0, chunk)
	for produced := int64(0); produced < n; {
		recs = recs[:0]
		for len(recs) < chunk && produced+int64(len(recs)) < n {
			ev := gen.Next()
			k, v, err := ev.Encode(withSchema)
			if err != nil {
				return fmt.Errorf("demo feed: encode event for %s: %w", ev.Topic, err)
			}
			recs = append(recs, &kgo.Record{Topic: ev.Topic, Key: k, Value: v})
		}
		if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
			return fmt.Errorf("demo feed: produce: %w", err)
		}
		produced += int64(len(recs))
		if progress != nil {
			progress(produced)
		}
	}
	return nil
}

// EnsureDemoTopics creates the simulated CRM's topics. Create them before
// starting a worker that reads them by regular expression, so its first
// metadata already lists them.
func EnsureDemoTopics(ctx context.Context, cl *kgo.Client, partitions int32) error {
	specs := make([]kafka.TopicSpec, 0, len(DemoTables))
	for _, t := range DemoTables {
		specs = append(specs, kafka.TopicSpec{Name: "crm.public." + t, Partitions: partitions})
	}
	if err := kafka.EnsureTopics(ctx, kadmClient(cl), specs...); err != nil {
		return fmt.Errorf("demo topics: %w", err)
	}
	return nil
}
