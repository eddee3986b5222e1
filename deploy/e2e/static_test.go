package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSharedInstanceIDOnKafka starts two lethe binaries of one group with
// the same instance_id (and transactional ids of their own), as a
// Deployment given a fixed string would, on real Kafka. The second's join
// takes the static member over; the first must exit 1 with an error that
// names instance_id, not rejoin and fence the second in turn, nor stay up
// consuming nothing. The second gets through every input, exactly once.
func TestSharedInstanceIDOnKafka(t *testing.T) {
	needStack(t)
	lethe(t)
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	adm := admin(t)
	const n = 20000
	input := topicPrefix() + "static.public.customers"
	rt := newRunTopics("static")
	group := "e2e-" + runID + "-static"
	synthInput(ctx, t, adm, input)
	produceN(ctx, t, input, n, customerEvents(7, input))

	first := writeConfig(t, rt, group, group, input)
	b, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	// The same file but for the transactional id: only the instance id
	// is shared.
	cfg := strings.Replace(string(b), "transactional_id: "+group+"\n", "transactional_id: "+group+"-second\n", 1)
	if cfg == string(b) {
		t.Fatal("writeConfig's transactional_id line not found")
	}
	second := filepath.Join(t.TempDir(), "lethe.yaml")
	if err := os.WriteFile(second, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	firstLog, secondLog := filepath.Join(dir, "first.log"), filepath.Join(dir, "second.log")
	p1 := startLethe(t, first, firstLog)
	for committed(ctx, adm, group, input) == 0 {
		if err := p1.exited(); err != nil {
			t.Fatal(err)
		}
		if ctx.Err() != nil {
			t.Fatalf("the first lethe committed nothing; log tail:\n%s", tail(firstLog, 15))
		}
		time.Sleep(20 * time.Millisecond)
	}
	p2 := startLethe(t, second, secondLog)
	select {
	case err := <-p1.done:
		p1.done <- err
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Errorf("the fenced lethe exited with %v, want exit status 1", err)
		}
		log := tail(firstLog, 5)
		if !strings.Contains(log, "FENCED_INSTANCE_ID") || !strings.Contains(log, "instance_id") {
			t.Errorf("the fenced lethe's last lines do not say why it stopped:\n%s", log)
		}
	case <-time.After(2 * time.Minute):
		t.Fatalf("the first lethe still runs 2m after another took its instance_id; its log tail:\n%s", tail(firstLog, 15))
	}
	waitCommitted(ctx, t, adm, group, endOffsets(ctx, t, adm, input), 3*time.Minute, p2.exited)
	p2.terminate(t)
	if b, err := os.ReadFile(secondLog); err == nil && strings.Contains(string(b), "session failed") {
		t.Errorf("the second lethe's session failed while it ran alone; log tail:\n%s", tail(secondLog, 15))
	}
	if got := exactlyOnce(ctx, t, input, rt, "customers"); got != n {
		t.Errorf("input topic %s holds %d records, want %d", input, got, n)
	}
}
