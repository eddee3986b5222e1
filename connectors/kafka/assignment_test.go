package kafka

import (
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// franz-go runs KIP-848 only with its own sticky or range balancer first:
// asked for it with the runner's balancer, the group runs the classic
// protocol, which the runner says; with a balancer of the caller's it
// says nothing.
func TestRunnerWarnsKIP848NeedsABalancer(t *testing.T) {
	for _, c := range []struct {
		name string
		opts []kgo.Opt
		warn bool
	}{
		{"classic", nil, false},
		{"kip-848 with the runner's balancer", []kgo.Opt{kgo.ServerSideBalancer()}, true},
		{"kip-848 with the caller's", []kgo.Opt{kgo.ServerSideBalancer(), kgo.Balancers(kgo.StickyBalancer())}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			core, logs := observer.New(zap.WarnLevel)
			cfg := RunnerConfig{Brokers: []string{"127.0.0.1:1"}, Group: "g", Topics: []string{"t"}, Logger: zap.New(core), ClientOpts: c.opts}
			r, err := NewRunner(cfg, newDoubler())
			if err != nil {
				t.Fatal(err)
			}
			// No group and no topics: the client connects to nothing.
			cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(cfg.Brokers...), kgo.Balancers(r.synced)}, c.opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			defer cl.Close()
			r.warnClassic(cl)
			if got := logs.FilterMessageSnippet("ServerSideBalancer").Len(); (got > 0) != c.warn {
				t.Errorf("%d warnings naming ServerSideBalancer, want some: %v", got, c.warn)
			}
		})
	}
}
