package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/connectors/kafka/kafkatest"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/zap"

	"github.com/lethe-cdc/lethe/connectors/worker"
)

// The stack's addresses (deploy/stack/stack.sh).
const (
	broker     = "localhost:9092"
	pgAddr     = "localhost:55432"
	connectURL = "http://localhost:8083"
	crmDSN     = "postgres://crm:crm@localhost:55432/crm?sslmode=disable"
	scanDSN    = "postgres://lethe_scan:lethe_scan@localhost:55432/crm?sslmode=disable"
	connector  = "crm-postgres"
)

var (
	// runID makes this run's topics, groups and planted values unique.
	runID = newRunID()
	// repoRoot is the repository root (this package is deploy/e2e).
	repoRoot = func() string {
		_, f, _, _ := runtime.Caller(0)
		return filepath.Clean(filepath.Join(filepath.Dir(f), "..", ".."))
	}()

	stackOnce sync.Once
	stackErr  error

	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string

	crmOnce sync.Once
	crm     *crmFixture
	crmErr  error
)

func newRunID() string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if crm != nil {
		crm.stop(code != 0)
	}
	if stackErr == nil && os.Getenv("LETHE_E2E") == "1" && os.Getenv("LETHE_E2E_KEEP") != "1" {
		cleanupTopics()
	}
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// needStack skips the test unless LETHE_E2E=1 and the stack answers; with
// CI=true a stack that does not answer fails the test instead.
func needStack(t *testing.T) {
	t.Helper()
	if os.Getenv("LETHE_E2E") != "1" {
		t.Skip("end-to-end test against the real stack: set LETHE_E2E=1 (make e2e starts the stack and runs it)")
	}
	stackOnce.Do(func() { stackErr = checkStack() })
	if stackErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("LETHE_E2E=1 and CI=true, but the stack is not usable: %v (run deploy/stack/stack.sh up)", stackErr)
		}
		t.Skipf("stack not usable: %v (run deploy/stack/stack.sh up)", stackErr)
	}
	t.Logf("run id %s", runID)
}

func checkStack() error {
	for _, a := range []string{broker, pgAddr} {
		c, err := net.DialTimeout("tcp", a, 3*time.Second)
		if err != nil {
			return fmt.Errorf("%s: %w", a, err)
		}
		_ = c.Close()
	}
	if err := connectorRunning(connector); err != nil {
		return err
	}
	if _, err := exec.LookPath("kcat"); err != nil {
		return fmt.Errorf("kcat not installed: %w", err)
	}
	return nil
}

// connectorRunning checks that the Kafka Connect connector called
// connector and its task run.
func connectorRunning(connector string) error {
	cl := http.Client{Timeout: 5 * time.Second}
	resp, err := cl.Get(connectURL + "/connectors/" + connector + "/status")
	if err != nil {
		return fmt.Errorf("kafka connect: %w", err)
	}
	defer resp.Body.Close()
	var st struct {
		Connector struct{ State string }
		Tasks     []struct{ State string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return fmt.Errorf("connector %s status (HTTP %d): %w", connector, resp.StatusCode, err)
	}
	if st.Connector.State != "RUNNING" || len(st.Tasks) == 0 {
		return fmt.Errorf("connector %s is %q with %d tasks", connector, st.Connector.State, len(st.Tasks))
	}
	for i, tk := range st.Tasks {
		if tk.State != "RUNNING" {
			return fmt.Errorf("connector %s task %d is %s", connector, i, tk.State)
		}
	}
	return nil
}

// lethe builds the lethe binary once per run.
func lethe(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "lethe-e2e-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "lethe")
		start := time.Now()
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/lethe")
		cmd.Dir = repoRoot
		out, err := cmd.CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build ./cmd/lethe: %w\n%s", err, out)
			return
		}
		fmt.Printf("e2e: built lethe in %s\n", time.Since(start).Round(time.Millisecond))
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// topicPrefix is the prefix of every topic this run creates.
func topicPrefix() string { return "e2e." + runID + "." }

// policyFile writes a copy of deploy/policy.yaml whose default recipient
// writes to tmpl (with "{table}") and returns its path.
func policyFile(t *testing.T, tmpl string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "policy.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const def = `topic: "lethe.sanitized.{table}"`
	if !strings.Contains(string(b), def) {
		t.Fatalf("deploy/policy.yaml no longer has %s; update the e2e suite", def)
	}
	p := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), def, `topic: "`+tmpl+`"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// runTopics are the output topic names of one lethe deployment in this run.
type runTopics struct {
	name                               string // e.g. "crm"
	commands, deadletter, datamap, tpl string
}

func newRunTopics(name string) runTopics {
	p := topicPrefix() + name + "."
	return runTopics{name: name, commands: p + "commands", deadletter: p + "deadletter", datamap: p + "datamap", tpl: p + "sanitized.{table}"}
}

func (r runTopics) sanitized(table string) string { return strings.Replace(r.tpl, "{table}", table, 1) }

// workerConfig is an in-process worker's config for this run.
func workerConfig(t *testing.T, rt runTopics, inputs worker.InputsConfig) worker.Config {
	t.Helper()
	cfg := worker.Config{
		Brokers:         []string{broker},
		Group:           "e2e-" + runID + "-" + rt.name,
		TransactionalID: "e2e-" + runID + "-" + rt.name,
		Inputs:          inputs,
		Topics:          worker.TopicsConfig{Commands: rt.commands, DeadLetter: rt.deadletter, DataMap: rt.datamap},
		Policy:          policyFile(t, rt.tpl),
		InsecureDevKeys: true,
		Log:             worker.LogConfig{Format: "console", Level: "warn"},
		Batch:           worker.BatchConfig{MaxRecords: 1000, MaxWait: 100 * time.Millisecond},
	}
	cfg.Default()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("worker config: %v", err)
	}
	return cfg
}

// running is an in-process worker.
type running struct {
	w      *worker.Worker
	cancel context.CancelFunc
	done   chan error
}

// startWorker starts an in-process worker that logs to logPath at info
// level, as in production, so that a leak check of the log sees what an
// operator's log would hold.
func startWorker(ctx context.Context, cfg worker.Config, logPath string) (*running, error) {
	zc := zap.NewDevelopmentConfig()
	zc.Level = zap.NewAtomicLevelAt(zap.InfoLevel)
	zc.DisableStacktrace = true
	zc.OutputPaths = []string{logPath}
	zc.ErrorOutputPaths = []string{logPath}
	log, err := zc.Build()
	if err != nil {
		return nil, err
	}
	w, err := worker.New(ctx, cfg, log.With(zap.String("e2e", cfg.Group)))
	if err != nil {
		return nil, fmt.Errorf("worker.New: %w", err)
	}
	rctx, cancel := context.WithCancel(context.Background())
	r := &running{w: w, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- w.Run(rctx) }()
	return r, nil
}

// stop cancels the worker and waits for Run to return (bounded).
func (r *running) stop() error {
	r.cancel()
	defer r.w.Close()
	select {
	case err := <-r.done:
		if err != nil && !strings.Contains(err.Error(), "context canceled") {
			return err
		}
		return nil
	case <-time.After(30 * time.Second):
		return fmt.Errorf("worker did not stop within 30s")
	}
}

// failed reports Run's error if it has returned.
func (r *running) failed() error {
	select {
	case err := <-r.done:
		r.done <- err
		if err == nil {
			return fmt.Errorf("worker Run returned early without an error")
		}
		return fmt.Errorf("worker Run returned early: %w", err)
	default:
		return nil
	}
}

// admin returns an admin client for the stack's broker.
func admin(t *testing.T) *kadm.Client {
	t.Helper()
	return kafkatest.Admin(t, broker)
}

// cleanupTopics deletes every topic of this run.
func cleanupTopics() {
	cl, err := kgo.NewClient(kgo.SeedBrokers(broker))
	if err != nil {
		return
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	topics, err := adm.ListTopics(ctx)
	if err != nil {
		fmt.Printf("e2e: cleanup: list topics: %v\n", err)
		return
	}
	var mine []string
	for _, name := range topics.Names() {
		if strings.HasPrefix(name, topicPrefix()) {
			mine = append(mine, name)
		}
	}
	if len(mine) == 0 {
		return
	}
	if _, err := adm.DeleteTopics(ctx, mine...); err != nil {
		fmt.Printf("e2e: cleanup: delete %d topics: %v\n", len(mine), err)
		return
	}
	fmt.Printf("e2e: deleted %d topics of run %s (LETHE_E2E_KEEP=1 keeps them)\n", len(mine), runID)
}

// progress prints a progress line to the test log and stdout at most every
// few seconds.
type progress struct {
	t    *testing.T
	last time.Time
}

func (p *progress) printf(format string, args ...any) {
	if time.Since(p.last) < 3*time.Second {
		return
	}
	p.last = time.Now()
	p.t.Logf(format, args...)
}
