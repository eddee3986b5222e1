package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/kafka/kafkatest"
	"github.com/lethe-cdc/lethe/pipeline/datamap"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// TestDemoPersists runs the demo for a fixed number of events on a broker
// with a data directory, then reopens the directory: the sanitized topics
// and the pipeline's committed group offsets are still there.
func TestDemoPersists(t *testing.T) {
	dir := t.TempDir()
	code, out, stderr := run(t, "", "demo", "--events", "3000", "--listen", "127.0.0.1:0", "--http", "", "--quiet", "--data-dir", dir, "--seed", "9")
	if code != 0 {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "lethe demo summary") || !strings.Contains(out, "events committed") {
		t.Fatalf("no summary in demo output:\n%s", out)
	}
	if got, want := summaryTopics(t, out), []string{"lethe.sanitized.<table>", "lethe.commands", "lethe.datamap", "lethe.deadletter"}; !slices.Equal(got, want) {
		t.Errorf("summary names topics %q, want %q", got, want)
	}
	// The broker the banner's kcat lines name stopped with the demo: the
	// summary says how to serve what it wrote.
	if want := "lethe broker --listen 127.0.0.1:0 --data-dir " + shellWord(dir); !strings.Contains(out, want) {
		t.Errorf("summary does not say how to read the topics again (%q):\n%s", want, out)
	}
	b, err := kafka.StartEmbedded(kafka.EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	adm := kafkatest.Admin(t, b.Addr())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ends, err := adm.ListEndOffsets(ctx, "lethe.sanitized.customers", "lethe.commands", "lethe.datamap")
	if err != nil {
		t.Fatal(err)
	}
	ends.Each(func(o kadm.ListedOffset) {
		if o.Err != nil {
			t.Errorf("%s/%d: %v", o.Topic, o.Partition, o.Err)
		}
	})
	for _, topic := range []string{"lethe.sanitized.customers", "lethe.commands", "lethe.datamap"} {
		var total int64
		for _, o := range ends[topic] {
			total += o.Offset
		}
		if total == 0 {
			t.Errorf("%s is empty after a restart", topic)
		}
	}
	committed, err := adm.FetchOffsets(ctx, "lethe")
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	committed.Each(func(o kadm.OffsetResponse) { sum += o.At })
	if sum < 3000 {
		t.Errorf("group lethe has committed offsets summing to %d after a restart, want at least 3000", sum)
	}
}

// TestDemoOnSharedKafkaKeepsToItsPrefix runs the demo against a Kafka given
// with --brokers, which may be a deployment's: everything it writes, and
// its consumer group, must be under its own prefix, never crm.* or lethe.*.
func TestDemoOnSharedKafkaKeepsToItsPrefix(t *testing.T) {
	addr := startBroker(t)
	code, out, stderr := run(t, "", "demo", "--events", "2000", "--brokers", addr, "--http", "", "--quiet")
	if code != 0 {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "development keys") || !strings.Contains(out, demoPrefix+".sanitized.customers") {
		t.Errorf("the demo did not say where it writes:\n%s\n%s", out, stderr)
	}
	if named := summaryTopics(t, out); len(named) != 4 {
		t.Errorf("summary names topics %q, want the sanitized, commands, data map and dead-letter topics", named)
	} else {
		for _, name := range named {
			if !strings.HasPrefix(name, demoPrefix+".") {
				t.Errorf("summary names topic %s, outside the prefix the demo wrote to", name)
			}
		}
	}
	checkInventory(t, addr, demoPrefix+".datamap")
	// the inventory command the demo prints works as printed
	printed := ""
	for line := range strings.Lines(out) {
		if cmd, ok := strings.CutPrefix(line, "data map:  lethe "); ok {
			printed, _, _ = strings.Cut(cmd, " >")
			break
		}
	}
	if printed == "" {
		t.Errorf("the demo printed no inventory command:\n%s", out)
	} else if code, html, stderr := run(t, "", strings.Fields(printed)...); code != 0 || !strings.Contains(html, "customers") {
		t.Errorf("the printed %q: exit %d, %s", printed, code, stderr)
	}
	adm := kafkatest.Admin(t, addr)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	topics, err := adm.ListTopics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !topics.Has(demoPrefix+".sanitized.customers") || !topics.Has(demoPrefix+".public.customers") {
		t.Errorf("topics %v: want the demo's under %s", topics.Names(), demoPrefix)
	}
	for _, name := range topics.Names() {
		if !strings.HasPrefix(name, demoPrefix+".") && !strings.HasPrefix(name, "__") {
			t.Errorf("the demo wrote %s, outside its prefix", name)
		}
	}
	groups, err := adm.ListGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups.Groups() {
		if g != demoPrefix {
			t.Errorf("the demo joined group %q, want only %q", g, demoPrefix)
		}
	}
}

// checkInventory reads the data map the demo wrote with lethe inventory,
// once with flags, once with a config file whose brokers a flag overrides,
// and once with a config that runs the embedded broker (no brokers: the
// embedded one's address), and checks columns the demo CRM certainly holds.
func checkInventory(t *testing.T, addr, topic string) {
	t.Helper()
	dir := t.TempDir()
	cfg, embCfg, pol := filepath.Join(dir, "lethe.yaml"), filepath.Join(dir, "embedded.yaml"), filepath.Join(dir, "policy.yaml")
	body := "insecure_dev_keys: true\npolicy: policy.yaml\ntopics:\n  datamap: " + topic + "\n"
	for path, head := range map[string]string{cfg: "brokers: [\"127.0.0.1:1\"]\n", embCfg: "brokers: []\nembedded:\n  listen: \"" + addr + "\"\n"} {
		if err := os.WriteFile(path, []byte(head+body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// With --config, rules naming what the map does not hold are reported.
	rules := "version: t\ncolumns: {custmers.notes: {action: drop}, customers.email: {category: user.contact.email}}\n"
	if err := os.WriteFile(pol, []byte(rules), 0o600); err != nil {
		t.Fatal(err)
	}
	// A record lethe cannot read (another tool's, a newer lethe's) is left
	// out with a word on stderr; the rest of the map is still printed.
	cl := kafkatest.Client(t, []string{addr})
	if err := cl.ProduceSync(context.Background(), &kgo.Record{Topic: topic, Key: []byte("public.foreign|record|crm.public.foreign|0"), Value: []byte("{not json")}).FirstErr(); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"inventory", "--brokers", addr, "--topic", topic, "--format", "json"},
		{"inventory", "--config", cfg, "--brokers", addr, "--format", "json"}, // the topic from the file, the brokers from the flag
		{"inventory", "--config", embCfg, "--format", "json"},
	} {
		code, out, stderr := run(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if !strings.Contains(stderr, `could not be read (their latest records) and are left out: ["public.foreign|record|crm.public.foreign|0"]`) {
			t.Errorf("%v: stderr %q does not name the unreadable record", args, stderr)
		}
		withConfig := slices.Contains(args, "--config")
		if strings.Contains(stderr, "policy rule columns.custmers.notes names no table or column") != withConfig || strings.Contains(stderr, "customers.email names") {
			t.Errorf("%v: stderr %q: want the typo rule reported with --config only, and no other", args, stderr)
		}
		// The demo's map was written under the built-in policy, not the
		// config's "t": said, with --config, for an auditor.
		if strings.Contains(stderr, "were decided under policy "+policy.Default().Version+", not the config's t") != withConfig {
			t.Errorf("%v: stderr %q: want the policy versions told apart with --config only", args, stderr)
		}
		var entries []datamap.Entry
		if err := json.Unmarshal([]byte(out), &entries); err != nil {
			t.Fatalf("%v: output is not a JSON list of entries: %v", args, err)
		}
		byCol := map[string]datamap.Entry{}
		for _, e := range entries {
			byCol[e.Table+"."+e.Column] = e
		}
		for col, cat := range map[string]string{"public.customers.email": "user.contact.email", "public.customers.iban": "user.financial.bank_account"} {
			e, ok := byCol[col]
			if !ok || !e.Personal || e.WithPII == 0 || !slices.Contains(e.Categories, cat) {
				t.Errorf("%v: %s = %+v (found %v), want personal with %s", args, col, e, ok, cat)
			}
		}
		if e := byCol["public.orders.currency"]; e.Personal || e.Seen == 0 {
			t.Errorf("%v: public.orders.currency = %+v, want seen and not personal", args, e)
		}
	}
}

// summaryTopics returns the topics named by the demo summary's topics line.
func summaryTopics(t *testing.T, out string) []string {
	t.Helper()
	for line := range strings.Lines(out) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "topics: "); ok {
			return strings.Split(rest, ", ")
		}
	}
	t.Fatalf("no topics line in the summary:\n%s", out)
	return nil
}

// startBroker starts an embedded broker on a free port, closed with the
// test, and returns its address.
func startBroker(t *testing.T) string {
	t.Helper()
	return kafkatest.Broker(t, kafka.EmbeddedConfig{}).Addr()
}

// A metrics port already taken fails the demo before it says it started:
// no banner, no summary of a run that never was.
func TestDemoHTTPPortTaken(t *testing.T) {
	taken := takenPort(t)
	code, out, stderr := run(t, "", "demo", "--events", "100", "--listen", "127.0.0.1:0", "--http", taken, "--quiet")
	// what to do, too: the README has a second demo moved with --listen
	// alone run into the first one's metrics port
	if code != 1 || out != "" || !strings.Contains(stderr, "lethe demo: --http: ") || !strings.Contains(stderr, "address already in use") ||
		!strings.Contains(stderr, `give --http another, or --http "" for none`) {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1, nothing on stdout, the --http port named and what to do", code, out, stderr)
	}
}

// lethe run with http.addr taken names the key and says what to do.
func TestRunHTTPPortTaken(t *testing.T) {
	taken := takenPort(t)
	cfg := writeConfig(t, "insecure_dev_keys: true\nbrokers: []\nembedded: {listen: '127.0.0.1:0'}\nhttp: {addr: '"+taken+"'}\n")
	code, _, stderr := run(t, "", "run", "--config", cfg)
	if code != 1 || !strings.Contains(stderr, "lethe run: http.addr: ") || !strings.Contains(stderr, "address already in use") ||
		!strings.Contains(stderr, `give http.addr another, or "" for none`) {
		t.Fatalf("exit %d, stderr %q; want exit 1, http.addr named and what to do", code, stderr)
	}
}

// A log line written while the live status shows clears the status first,
// so the two never share a line; the status is drawn again after it.
func TestLiveStatusAndLogShareNoLine(t *testing.T) {
	var b strings.Builder
	s := &liveStatus{out: &b}
	s.show("committed 10")
	if _, err := s.Write([]byte("WARN input dead-lettered\n")); err != nil {
		t.Fatal(err)
	}
	s.Write([]byte("WARN another\n"))
	s.show("committed 20")
	s.end()
	s.end()
	const want = "\r\033[Kcommitted 10\r\033[KWARN input dead-lettered\nWARN another\n\r\033[Kcommitted 20\n"
	if b.String() != want {
		t.Fatalf("terminal got %q, want %q", b.String(), want)
	}
}

// The counts the issue asks of the live status come before the list of
// categories, within what an 80-column terminal shows (show cuts the line
// there): an audit found commands and dead letters never shown below 130.
func TestStatusCountsFitANarrowTerminal(t *testing.T) {
	cats := map[string]int64{"user.unique_id": 7769123, "user.name": 2039123, "user.contact.email": 1999123,
		"user.contact.phone_number": 1888123, "user.financial.bank_account": 999123}
	line := formatStatus(123456789, 123456, 987654, 4321, cats)
	shown := line[:79]
	for _, want := range []string{"committed 123456789 events (123456/s)", "commands 987654", "dead letters 4321"} {
		if !strings.Contains(shown, want) {
			t.Errorf("%q not within 80 columns of %q", want, line)
		}
	}
	if !strings.Contains(line, "PII fields unique_id 7769123, name 2039123") {
		t.Errorf("categories missing from %q", line)
	}
}

// lethe inventory against brokers without the data map topic says so, and
// how to name another one.
func TestInventoryWithoutTopic(t *testing.T) {
	addr := startBroker(t)
	code, _, stderr := run(t, "", "inventory", "--brokers", addr)
	if code != 1 || !strings.Contains(stderr, "lethe.datamap: topic does not exist on "+addr) || !strings.Contains(stderr, "--topic") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

// lethe inventory with no broker at its address says so and what to do:
// the README's quick start runs it after a demo, and a demo run with
// --events stops its broker with it, which left "unable to dial" alone.
func TestInventoryWithoutBroker(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	code, out, stderr := run(t, "", "inventory", "--brokers", addr)
	if code != 1 || out != "" || !strings.Contains(stderr, "no broker answers at "+addr) || !strings.Contains(stderr, "--brokers") ||
		!strings.Contains(stderr, "lethe broker --data-dir") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1, the address and what to do", code, out, stderr)
	}
}

// The live status's rate spans several seconds, so batch commits landing
// on either side of a tick do not make it jump.
func TestRateWindow(t *testing.T) {
	var r rateWindow
	t0 := time.Unix(1000, 0)
	r.add(t0, 0)
	// 2,000 events a second, committed in batches that fall 1,800 and
	// 2,200 into alternate seconds.
	var n int64
	var got float64
	for i := 1; i <= 10; i++ {
		n += 1800 + int64(i%2)*400
		got = r.add(t0.Add(time.Duration(i)*time.Second), n)
		if i == 1 && got != 2200 {
			t.Fatalf("first second: %.0f/s, want 2200", got)
		}
	}
	if got < 1900 || got > 2100 {
		t.Errorf("rate after 10 s %.0f/s, want about 2000 (the last five seconds)", got)
	}
	if got := r.add(t0.Add(10*time.Second), n); got < 1900 {
		t.Errorf("a second sample at the same instant gives %.0f/s", got)
	}
}

// Ctrl-C while the demo starts is a stop: exit 0 and a word on what
// happened, not exit 1 with a "context canceled" from whatever the
// start-up was doing (a review found that under 60 ms).
func TestDemoStoppedWhileStarting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errs strings.Builder
	code := Main(ctx, []string{"demo", "--listen", "127.0.0.1:0", "--http", "", "--quiet", "--data-dir", t.TempDir()}, strings.NewReader(""), &out, &errs)
	if code != 0 || !strings.Contains(errs.String(), "stopped while starting") {
		t.Errorf("exit %d, stderr %q; want 0 and that it stopped while starting", code, errs.String())
	}
}

// A demo restarted on its data dir goes on with the CRM of the run before
// it, as Debezium goes on from its offsets: two runs of 2,000 events leave
// on the CRM topics what one run of 4,000 leaves, record for record, junk
// included. A restart used to feed the seed's snapshot and history again:
// snapshot reads of rows deleted since, creates of rows that exist, and
// every delete (and its ERASE) twice.
func TestDemoRestartGoesOnWithTheCRM(t *testing.T) {
	demo := func(dir, events string) string {
		t.Helper()
		code, out, stderr := run(t, "", "demo", "--events", events, "--junk", "1500", "--listen", "127.0.0.1:0", "--http", "", "--quiet", "--data-dir", dir, "--seed", "4")
		if code != 0 {
			t.Fatalf("demo --events %s: exit %d: %s", events, code, stderr)
		}
		return out
	}
	restarted, once := t.TempDir(), t.TempDir()
	demo(restarted, "2000")
	if out := demo(restarted, "2000"); !strings.Contains(out, "topics hold 2000 events of an earlier run") {
		t.Errorf("the restarted demo did not say it goes on after the earlier run's 2000 events:\n%s", out)
	}
	demo(once, "4000")
	got, want := crmRecords(t, restarted), crmRecords(t, once)
	if len(want) != 4000 {
		t.Fatalf("one run of 4000 events left %d records on the CRM topics", len(want))
	}
	if len(got) != len(want) {
		t.Errorf("two runs of 2000 events left %d records on the CRM topics, want %d", len(got), len(want))
	}
	for at, rec := range want {
		if got[at] != rec {
			t.Fatalf("record %s after a restart: not the one a single run writes there", at)
		}
	}
}

// crmRecords returns the records on the demo CRM's topics in the data dir
// dir, by topic, partition and offset.
func crmRecords(t *testing.T, dir string) map[string]string {
	t.Helper()
	b, err := kafka.StartEmbedded(kafka.EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	recs := map[string]string{}
	for _, topic := range democrm.Topics("") {
		err := kafka.ScanTopic(ctx, []string{b.Addr()}, topic, func(r *kgo.Record) {
			recs[fmt.Sprintf("%s/%d/%d", r.Topic, r.Partition, r.Offset)] = string(r.Key) + "\x00" + string(r.Value)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return recs
}

// Once its embedded broker has stopped, the demo says where its outputs
// went: the kcat lines of its banner name a broker that, with --events,
// is gone within a second, and a walk through the README ran them against
// nothing. Against --brokers the topics stay and nothing is added.
func TestDemoSaysWhereItsTopicsWent(t *testing.T) {
	for _, c := range []struct {
		listen, advertise, dataDir, brokers, want string
	}{
		{"localhost:9092", "", "", "", "kept nothing: give it --data-dir DIR"},
		{"127.0.0.1:19092", "", "/tmp/demo", "", "lethe broker --listen 127.0.0.1:19092 --data-dir /tmp/demo\n"},
		{"0.0.0.0:9092", "kafka.local", "/tmp/my demo's", "", `lethe broker --listen 0.0.0.0:9092 --advertise kafka.local --data-dir '/tmp/my demo'\''s'` + "\n"},
		{"localhost:9092", "", "", "kafka:9092", ""},
	} {
		var b strings.Builder
		afterStop(&b, c.listen, c.advertise, c.dataDir, c.brokers)
		if c.want == "" && b.Len() != 0 || !strings.Contains(b.String(), c.want) {
			t.Errorf("%+v: wrote %q, want %q", c, b.String(), c.want)
		}
	}
}
