package worker

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/demofeed"
)

// TestMetricsDocumented checks the README against the series a working
// worker serves: platform engineers alert on them by the README, which
// once named six of the seventeen and none of the engine's (the
// committed-work counter lethe_events_total among them).
func TestMetricsDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, name := range regexp.MustCompile(`lethe_[a-z_]+`).FindAllString(string(readme), -1) {
		documented[name] = true
	}
	cfg := testConfig()
	w := newWorker(t, cfg)
	const n = 200 // enough for findings of several categories
	if err := demofeed.Produce(testCtx(t), w.Brokers(), democrm.New(5), n, demofeed.Options{WithSchema: true, Partitions: cfg.Topics.Partitions}); err != nil {
		t.Fatal(err)
	}
	run := runBackground(t, w)
	run.wait(n)
	run.stop()
	families, err := w.metrics.Gather()
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, f := range families {
		if name := f.GetName(); strings.HasPrefix(name, "lethe_") {
			served[name] = true
			if !documented[name] {
				t.Errorf("%s is served but not in the README", name)
			}
		}
	}
	if !served["lethe_findings_total"] {
		t.Fatal("no findings were counted: the check proved less than it should")
	}
	for name := range documented {
		metricLike := slices.ContainsFunc([]string{"_total", "_seconds", "_records", "_partitions"}, func(s string) bool { return strings.HasSuffix(name, s) })
		if metricLike && !served[name] {
			t.Errorf("the README names %s, which is not served", name)
		}
	}
}
