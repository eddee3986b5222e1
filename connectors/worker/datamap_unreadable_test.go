package worker

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumtest"
)

// A data map Kafka cannot serve for now (a partition of it with no
// leader) is a dependency out of reach, as the schema registry is: the
// batches wait, alive and not ready, and go on once it answers. A review
// saw every batch abort on the restore and liveness fail after a minute,
// so Kubernetes restarted the worker, which cannot bring a leader back.
func TestDataMapOutOfReachWaitsAlive(t *testing.T) {
	cfg := testConfig()
	cfg.Topics.Partitions = 1
	w := newWorker(t, cfg)
	fault := w.embedded.Cluster().Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.ListOffsets}, Topic: cfg.Topics.DataMap,
		Err: kerr.LeaderNotAvailable, Count: -1})
	cl := ticketClient(t, w)
	if err := cl.ProduceSync(testCtx(t), debeziumtest.Ticket(t, ticketTopic, 1, 100, false)).FirstErr(); err != nil {
		t.Fatal(err)
	}
	run := runBackground(t, w)
	st := waitAborts(w, stallAborts)
	t.Logf("stats %+v", st)
	if st.Aborts < stallAborts || st.AbortsSinceCommit != 0 || st.WaitingSince.IsZero() || !strings.Contains(st.WaitingOn, cfg.Topics.DataMap) {
		t.Errorf("stats while the data map is out of reach = %+v, want aborts counted as waiting on it, not as a stall", st)
	}
	// A minute into the outage, as the probes see it then.
	at := st.AbortingSince
	if !st.WaitingSince.IsZero() {
		at = st.WaitingSince
	}
	live, ready, body := health(st, at.Add(stallAfter+time.Second), cfg.Topics.DataMap)
	if live != http.StatusOK || ready != http.StatusServiceUnavailable || !strings.HasPrefix(body, "waiting: ") {
		t.Errorf("health a minute into a data map outage = %d %d %q, want alive, not ready, waiting", live, ready, body)
	}
	fault.Remove()
	run.wait(1)
	if st := w.Runner().Stats(); !st.WaitingSince.IsZero() {
		t.Errorf("still waiting after a commit: %+v", st)
	}
	run.stop()
}

// A data map Kafka refuses this worker's principal is no outage: waiting
// would not end it, nor would the restarts liveness made of every batch
// aborting on it (a review). The worker stops, as on any authorization
// Kafka denies, with an error naming the topic and the grant it lacks.
func TestDataMapReadRefusedStops(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  kmsg.Key
	}{
		{"describe denied", kmsg.Metadata},
		{"offsets denied", kmsg.ListOffsets},
		{"read denied", kmsg.Fetch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.Topics.Partitions = 1
			first := newWorker(t, cfg)
			cl := ticketClient(t, first)
			feedWithoutAborts(t, first, cl, []*kgo.Record{debeziumtest.Ticket(t, ticketTopic, 1, 100, false)})
			if len(dataMapOf(t, cfg, first.Brokers())) == 0 {
				t.Fatal("the first worker wrote no data map: nothing for the second to fetch")
			}

			cfg.Brokers = first.Brokers()
			w := newWorker(t, cfg)
			fault := first.embedded.Cluster().Fault(kfake.Fault{Keys: []kmsg.Key{tc.key}, Topic: cfg.Topics.DataMap,
				Err: kerr.TopicAuthorizationFailed, Count: -1})
			defer fault.Remove()
			if err := cl.ProduceSync(testCtx(t), debeziumtest.Ticket(t, ticketTopic, 2, 100, false)).FirstErr(); err != nil {
				t.Fatal(err)
			}
			run := runBackground(t, w)
			select {
			case err := <-run.done:
				if err == nil || !strings.Contains(err.Error(), `topic "`+cfg.Topics.DataMap+`"; grant it Read`) ||
					!strings.Contains(err.Error(), "TOPIC_AUTHORIZATION_FAILED") {
					t.Errorf("Run = %v, want it stopped saying the data map's read is refused and what to grant", err)
				}
			case <-time.After(time.Minute):
				t.Fatalf("still running a minute after its data map read was refused: %+v", w.Runner().Stats())
			}
			if st := w.Runner().Stats(); st.Inputs != 0 {
				t.Errorf("%d inputs committed without their data map", st.Inputs)
			}
		})
	}
}
