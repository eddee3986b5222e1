package kafka

import (
	"context"

	"github.com/twmb/franz-go/pkg/kgo"
)

// ScanTopic calls fn, in offset order per partition, for every committed
// data record of topic below the last stable offset when it starts: a
// read_committed snapshot of the topic, as a downstream checker reads it.
func ScanTopic(ctx context.Context, brokers []string, topic string, fn func(*kgo.Record), opts ...kgo.Opt) error {
	return scan(ctx, brokers, topic, toStableOffset, fn, opts...)
}
