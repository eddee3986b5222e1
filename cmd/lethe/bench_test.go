package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/kafka/kafkatest"
	"github.com/lethe-cdc/lethe/connectors/worker"
)

// The bench deletes every topic it made, also those made moments before it
// ends (a bench stopped early): a listing from kadm's metadata cache left
// them on a shared Kafka (a review).
func TestBenchDeletesItsNewTopics(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const prefix = "lethebenchtest"
	cfg := worker.Config{InsecureDevKeys: true, Embedded: worker.EmbeddedConfig{Listen: "127.0.0.1:0"},
		Log: worker.LogConfig{Format: "console", Level: "error"}}
	cfg.UnderPrefix(prefix, prefix+"-pipeline")
	cfg.CreateDemoInputs()
	w, _, err := startWorker(ctx, cfg, "")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := kafka.EnsureTopics(ctx, kadm.NewClient(w.Admin()), kafka.TopicSpec{Name: "raw." + prefix + ".public.customers", Partitions: 1}); err != nil {
		t.Fatal(err)
	}
	deleteTopics(w, prefix, io.Discard)
	other := kafkatest.Client(t, w.Brokers())
	listed, err := kadm.NewClient(other).ListTopics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, n := range listed.Names() {
		if strings.HasPrefix(n, prefix+".") || strings.HasPrefix(n, "raw."+prefix+".") {
			left = append(left, n)
		}
	}
	if len(left) > 0 {
		t.Errorf("bench topics left behind: %v", left)
	}
}

// lethe bench checks its flags before it produces a single event: a
// --parallelism out of range named the config key (parallelism), which
// bench has no file for, and a --cpuprofile or --trace path that cannot be
// written failed only after the events were produced (200,000 by
// default).
func TestBenchFlagsCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--parallelism", "-1"}, "--parallelism: must be from 0 (one per CPU) to 256"},
		{[]string{"--parallelism", "257"}, "--parallelism: must be from 0 (one per CPU) to 256"},
		{[]string{"--cpuprofile", dir + "/absent/cpu.prof"}, "--cpuprofile: "},
		{[]string{"--trace", dir + "/absent/trace.out"}, "--trace: "},
		{[]string{"--cpuprofile", dir}, "--cpuprofile: "},
	} {
		args := append([]string{"bench", "--events", "10", "--rounds", "1", "--listen", "127.0.0.1:0"}, tc.args...)
		code, out, stderr := run(t, "", args...)
		if code != 2 || out != "" || !strings.Contains(stderr, "lethe bench: "+tc.want) || strings.Contains(stderr, "producing") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 with %q, before any event is produced", tc.args, code, out, stderr, tc.want)
		}
	}
}
