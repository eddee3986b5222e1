// Package kafkatest starts lethe's embedded broker and clients of it for
// the tests of other packages, each closed when its test ends. Package
// kafka's own tests cannot import it (an import cycle) and keep helpers of
// their own.
package kafkatest

import (
	"testing"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/kafka"
)

// Broker starts an embedded broker of cfg, on a free port of 127.0.0.1
// when cfg.Listen is empty, and closes it when the test ends.
func Broker(t testing.TB, cfg kafka.EmbeddedConfig) *kafka.Embedded {
	t.Helper()
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:0"
	}
	e, err := kafka.StartEmbedded(cfg)
	if err != nil {
		t.Fatalf("start embedded broker: %v", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// Client returns a client of the brokers at addrs with opts, closed when
// the test ends.
func Client(t testing.TB, addrs []string, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(addrs...)}, opts...)...)
	if err != nil {
		t.Fatalf("kafka client: %v", err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// Admin returns an admin client of the broker at addr, closed when the
// test ends.
func Admin(t testing.TB, addr string) *kadm.Client {
	t.Helper()
	return kadm.NewClient(Client(t, []string{addr}))
}
