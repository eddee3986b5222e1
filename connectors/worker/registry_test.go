package worker

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sr"
	"go.uber.org/zap"

	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumenc"
	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumtest"
	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/kafka/kafkatest"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/schemas"
)

// A schema registry outage is no stall: the batches wait, alive and not
// ready, and go on once it answers. A review saw liveness fail after a
// minute of it, so Kubernetes restarted every worker of the group, again
// and again, which cannot bring a registry back.
func TestRegistryOutageWaitsAlive(t *testing.T) {
	regURL, rcl, down := flakyRegistry(t)
	cfg := testConfig()
	cfg.Registry.URL = regURL
	cfg.Topics.Partitions = 1
	w := newWorker(t, cfg)
	cl, k, v := avroTicket(t, w, rcl, pipeline.OpCreate)
	down.Store(true)
	if err := cl.ProduceSync(testCtx(t), &kgo.Record{Topic: ticketTopic, Key: k, Value: v}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	run := runBackground(t, w)
	st := waitAborts(w, stallAborts)
	if st.Aborts < stallAborts || st.AbortsSinceCommit != 0 || st.WaitingSince.IsZero() || !strings.Contains(st.WaitingOn, "lookup failed") {
		t.Fatalf("stats during the outage = %+v, want aborts counted as waiting, not as a stall", st)
	}
	// A minute into the outage, as the probes see it then.
	live, ready, body := health(st, st.WaitingSince.Add(stallAfter+time.Second), cfg.Topics.DataMap)
	if live != http.StatusOK || ready != http.StatusServiceUnavailable || !strings.HasPrefix(body, "waiting: ") {
		t.Errorf("health a minute into a registry outage = %d %d %q, want alive, not ready, waiting", live, ready, body)
	}
	down.Store(false)
	run.wait(1)
	if st := w.Runner().Stats(); !st.WaitingSince.IsZero() {
		t.Errorf("still waiting after a commit: %+v", st)
	}
	run.stop()
}

// A worker without registry.url reading Avro waits on it, as on a registry
// out of reach: a review saw every record dead-lettered and the group
// commit past the whole stream, which a fixed config then never read.
func TestAvroWithoutRegistryWaits(t *testing.T) {
	_, rcl := debeziumtest.Registry(t)
	cfg := testConfig() // no Registry.URL: a forgotten key
	cfg.Topics.Partitions = 1
	w := newWorker(t, cfg)
	produceAvroDemo(t, w, rcl, 20, nil)
	run := runBackground(t, w)
	st := waitAborts(w, 3)
	if st.Aborts < 3 || st.Inputs != 0 || !strings.Contains(st.WaitingOn, "no schema registry configured") {
		t.Errorf("stats = %+v, want batches waiting on a registry, none committed", st)
	}
	if dead := w.Engine().Stats().DeadLetters.Load(); dead != 0 {
		t.Errorf("%d inputs dead-lettered for a registry the config lacks", dead)
	}
	run.stop()
}

// A worker without registry.url dead-letters a stray Avro-framed record on
// a partition that goes on in JSON, and commits the records around it: it
// waited for a registry the topic does not need, the partition stopped for
// good over one record (an audit). The JSON records' outputs are there.
func TestStrayAvroRecordAmongJSONDeadLettered(t *testing.T) {
	_, rcl := debeziumtest.Registry(t)
	cfg := testConfig() // no Registry.URL: the topic is JSON
	cfg.Topics.Partitions = 1
	w := newWorker(t, cfg)
	cl, k, v := avroTicket(t, w, rcl, pipeline.OpCreate)
	in := []*kgo.Record{
		debeziumtest.Ticket(t, ticketTopic, 1, 100, false),
		{Topic: ticketTopic, Key: k, Value: v}, // a producer's serializer set wrong for one record
		debeziumtest.Ticket(t, ticketTopic, 2, 100, false),
	}
	feedWithoutAborts(t, w, cl, in)
	reasons := map[string]string{}
	for _, r := range readAll(t, w.Brokers(), func(s string) bool { return s == cfg.Topics.DeadLetter }) {
		reasons[string(r.Key)] = header(r, pipeline.HeaderReason)
	}
	if len(reasons) != 1 || !strings.Contains(reasons[ticketTopic+"/0/1"], "no schema registry configured") ||
		!strings.Contains(reasons[ticketTopic+"/0/1"], "stray") {
		t.Errorf("dead letters %v, want the Avro record's, a stray without a registry", reasons)
	}
	if n := len(readAll(t, w.Brokers(), func(s string) bool { return s == "lethe.sanitized.tickets" })); n != 2 {
		t.Errorf("%d sanitized records, want the two JSON tickets'", n)
	}
}

// waitAborts waits, at most a minute, for w's runner to have aborted n
// transactions, and returns its stats then.
func waitAborts(w *Worker, n int64) kafka.RunnerStats {
	deadline := time.Now().Add(time.Minute)
	for w.Runner().Stats().Aborts < n && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	return w.Runner().Stats()
}

// A worker started while the registry is out of reach serves its probes
// (alive, not ready once it has waited long enough) and starts reading
// once the command schema is registered: it used to exit at once, and
// Kubernetes restarted it in a loop (a review). A registry that refuses the
// schema still fails the start.
func TestRegistryOutageAtStartWaits(t *testing.T) {
	regURL, rcl, down := flakyRegistry(t)
	down.Store(true)
	cfg := testConfig()
	cfg.Registry.URL = regURL
	cfg.Topics.Partitions = 1
	cfg.HTTP.Addr = "127.0.0.1:0"
	w := newWorker(t, cfg) // does not fail: the registry may come back
	cl, k, v := avroTicket(t, w, rcl, pipeline.OpDelete)
	if err := cl.ProduceSync(testCtx(t), &kgo.Record{Topic: ticketTopic, Key: k, Value: v}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	run := runBackground(t, w)
	var since time.Time
	var on string
	for deadline := time.Now().Add(20 * time.Second); since.IsZero(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the worker does not say it waits for the registry")
		}
		since, on = w.cmdSchema.waiting()
	}
	if !strings.Contains(on, "schema registry") || w.Runner().Stats().Inputs != 0 {
		t.Fatalf("waiting on %q with %d inputs read, want the registry named and nothing read", on, w.Runner().Stats().Inputs)
	}
	if resp, err := (&http.Client{Timeout: 30 * time.Second}).Get("http://" + w.HTTPAddr() + "/healthz"); err != nil {
		t.Fatal(err)
	} else if resp.Body.Close(); resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz %d while the registry is out of reach at start, want 200", resp.StatusCode)
	}
	st := w.Runner().Stats()
	st.WaitingSince, st.WaitingOn = since, on
	if _, ready, body := health(st, since.Add(waitUnready+time.Second), cfg.Topics.DataMap); ready != http.StatusServiceUnavailable || !strings.HasPrefix(body, "waiting: ") {
		t.Errorf("readiness after %s = %d %q, want not ready, waiting", waitUnready, ready, body)
	}
	down.Store(false)
	run.wait(1)
	if since, _ := w.cmdSchema.waiting(); !since.IsZero() {
		t.Error("still waiting once the schema is registered")
	}
	// The delete's ERASE went out in Avro, and nothing was dead-lettered.
	cmds := readAll(t, w.Brokers(), func(n string) bool { return n == cfg.Topics.Commands || n == cfg.Topics.DeadLetter })
	if len(cmds) != 1 || cmds[0].Topic != cfg.Topics.Commands || header(cmds[0], "lethe.encoding") != "avro" {
		t.Errorf("%d records on the commands and dead-letter topics, want one Avro ERASE", len(cmds))
	}
	run.stop()

	// Stopped while it waits: a clean stop, as when it runs (a review saw
	// exit 1 and "context canceled").
	down.Store(true)
	w2 := newWorker(t, cfg)
	ctx2, cancel2 := context.WithCancel(testCtx(t))
	done2 := make(chan error, 1)
	go func() { done2 <- w2.Run(ctx2) }()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if since, _ := w2.cmdSchema.waiting(); !since.IsZero() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the second worker does not wait for the registry")
		}
	}
	cancel2()
	if err := stopped(t, done2); err != nil {
		t.Errorf("Run stopped while waiting for the registry = %v, want nil", err)
	}

	// A registry that refuses the schema: no waiting for that.
	refusing := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.Error(rw, `{"error_code":42201,"message":"invalid schema"}`, http.StatusUnprocessableEntity)
	}))
	defer refusing.Close()
	cfg2 := testConfig()
	cfg2.Registry.URL = refusing.URL
	if _, err := New(testCtx(t), cfg2, zap.NewNop()); err == nil || !strings.Contains(err.Error(), "register command schema") {
		t.Fatalf("New with a registry that refuses: %v, want an error", err)
	}
}

// Registering the command schema takes the one request that gives its id.
// franz-go's CreateSchema went on to read every subject holding the same
// schema: with a registry that lets lethe read only its own subject (a team
// registered the command schema under its own, as a mirror's consumer may)
// the 403 was taken for an outage and the worker waited for good, reading
// nothing; and a follower registry not yet caught up with the leader that
// registered it answered the id unknown, and the worker would not start.
func TestCommandSchemaRegisteredInOneRequest(t *testing.T) {
	for _, tc := range []struct {
		name   string
		refuse func(*http.Request) bool
		status int
		body   string
	}{
		{"another subject not readable", func(r *http.Request) bool {
			return r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/subjects/team.commands-value")
		}, http.StatusForbidden, `{"error_code":40301,"message":"User is denied operation Read on Subject: team.commands-value"}`},
		{"follower behind", func(r *http.Request) bool {
			return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/versions") && strings.HasPrefix(r.URL.Path, "/schemas/ids/")
		}, http.StatusNotFound, `{"error_code":40403,"message":"Schema not found"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg, rcl := debeziumtest.Registry(t)
			team, err := rcl.CreateSchema(testCtx(t), "team.commands-value", sr.Schema{Schema: schemas.CommandAvsc, Type: sr.TypeAvro})
			if err != nil {
				t.Fatal(err)
			}
			front := registryFront(t, reg.URL(), func(rw http.ResponseWriter, r *http.Request) bool {
				if !tc.refuse(r) {
					return false
				}
				rw.Header().Set("Content-Type", "application/vnd.schemaregistry.v1+json")
				rw.WriteHeader(tc.status)
				_, _ = rw.Write([]byte(tc.body))
				return true
			})
			cfg := testConfig()
			cfg.Registry.URL = front
			cfg.Topics.Partitions = 1
			w := newWorker(t, cfg)
			if id := w.cmdSchema.id.Load(); id != uint32(team.ID) {
				since, on := w.cmdSchema.waiting()
				t.Fatalf("command schema id %d, want %d (the schema's), registered at start; waiting since %v on %q", id, team.ID, since, on)
			}
			ss, err := rcl.SchemaByVersion(testCtx(t), cfg.Topics.Commands+"-value", -1)
			if err != nil || ss.ID != team.ID {
				t.Fatalf("the commands subject holds schema id %d (%v), want %d", ss.ID, err, team.ID)
			}
		})
	}
}

// A worker started while a proxy in front of the registry answers 404
// without a registry's error code (Traefik while the registry has no ready
// pod, as in its rolling restart) waits for the registry, as a record's
// schema lookup does: it exited 1, and Kubernetes restarted it in a loop.
func TestRegistryBehindProxyRestartingAtStartWaits(t *testing.T) {
	reg, _ := debeziumtest.Registry(t)
	var ready atomic.Bool
	front := registryFront(t, reg.URL(), func(rw http.ResponseWriter, _ *http.Request) bool {
		if ready.Load() {
			return false
		}
		http.Error(rw, "404 page not found", http.StatusNotFound)
		return true
	})
	cfg := testConfig()
	cfg.Registry.URL = front
	cfg.Topics.Partitions = 1
	w := newWorker(t, cfg) // does not fail: the registry comes back
	if w.cmdSchema.id.Load() != 0 {
		t.Fatal("the command schema registered through a proxy answering 404")
	}
	ready.Store(true)
	ctx, cancel := context.WithTimeout(testCtx(t), 20*time.Second)
	defer cancel()
	if err := w.cmdSchema.await(ctx, zap.NewNop()); err != nil || w.cmdSchema.id.Load() == 0 {
		t.Fatalf("registering once the registry answers: %v", err)
	}
}

// flakyRegistry is a schema registry that answers 503 while down is set.
func flakyRegistry(t *testing.T) (string, *sr.Client, *atomic.Bool) {
	t.Helper()
	reg, rcl := debeziumtest.Registry(t)
	down := new(atomic.Bool)
	front := registryFront(t, reg.URL(), func(rw http.ResponseWriter, _ *http.Request) bool {
		if !down.Load() {
			return false
		}
		http.Error(rw, `{"error_code":50301,"message":"unavailable"}`, http.StatusServiceUnavailable)
		return true
	})
	return front, rcl, down
}

// registryFront puts a proxy in front of the registry at regURL, closed
// when the test ends, and returns its URL: answer answers a request itself
// and reports true, or passes it on by reporting false.
func registryFront(t *testing.T, regURL string, answer func(http.ResponseWriter, *http.Request) bool) string {
	t.Helper()
	target, err := url.Parse(regURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !answer(rw, r) {
			proxy.ServeHTTP(rw, r)
		}
	}))
	t.Cleanup(front.Close)
	return front.URL
}

const ticketTopic = "crm.public.tickets"

// ticketClient makes ticketTopic, one partition, on w's broker and returns
// a client on it, closed when the test ends.
func ticketClient(t *testing.T, w *Worker) *kgo.Client {
	t.Helper()
	cl := kafkatest.Client(t, w.Brokers())
	if err := kafka.EnsureTopics(testCtx(t), kadm.NewClient(cl), kafka.TopicSpec{Name: ticketTopic, Partitions: 1, Replication: 1}); err != nil {
		t.Fatal(err)
	}
	return cl
}

// avroTicket makes ticketTopic on w's broker and returns a client on it
// (closed when the test ends) and an Avro record of ticket 1 with op.
func avroTicket(t *testing.T, w *Worker, rcl *sr.Client, op pipeline.Op) (*kgo.Client, []byte, []byte) {
	t.Helper()
	cl := ticketClient(t, w)
	c := pipeline.Change{Op: op, TsMs: 1710473176018, Key: pipeline.Row{"ticket_id": 1},
		Source: pipeline.SourceInfo{Connector: "postgresql", Name: "crm", DB: "crm", Schema: "public", Table: "tickets", TsMs: 1710473176007}}
	if op == pipeline.OpDelete {
		c.Before = pipeline.Row{"ticket_id": 1, "notes": "x"}
	} else {
		c.After = pipeline.Row{"ticket_id": 1, "notes": "x"}
	}
	k, v, err := debeziumenc.NewAvroEncoder(rcl).Encode(testCtx(t), ticketTopic, c)
	if err != nil {
		t.Fatal(err)
	}
	return cl, k, v
}
