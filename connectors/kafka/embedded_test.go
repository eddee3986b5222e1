package kafka

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

func TestStartEmbeddedListenErrors(t *testing.T) {
	tests := []struct {
		name, listen, want string
	}{
		{"no port", "localhost", "Listen"},
		{"bad port", "localhost:http9", "invalid port"},
		{"port out of range", "localhost:70000", "invalid port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := StartEmbedded(EmbeddedConfig{Listen: tt.listen})
			if err == nil {
				_ = e.Close()
				t.Fatalf("StartEmbedded(%q) succeeded, want an error", tt.listen)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("StartEmbedded(%q) = %v, want it to mention %q", tt.listen, err, tt.want)
			}
		})
	}
}

func TestEmbeddedPortInUse(t *testing.T) {
	e := startBroker(t)
	if e2, err := StartEmbedded(EmbeddedConfig{Listen: e.Addr()}); err == nil {
		_ = e2.Close()
		t.Fatalf("second broker on %s started, want address in use", e.Addr())
	}
}

// TestEmbeddedAdvertisedHost checks what the broker tells clients in
// metadata: a wildcard listen address must not be advertised.
func TestEmbeddedAdvertisedHost(t *testing.T) {
	tests := []struct {
		name     string
		cfg      EmbeddedConfig
		wantHost string
	}{
		{"loopback", EmbeddedConfig{Listen: "127.0.0.1:0"}, "127.0.0.1"},
		{"wildcard", EmbeddedConfig{Listen: "0.0.0.0:0"}, "localhost"},
		{"empty host", EmbeddedConfig{Listen: ":0"}, "localhost"},
		{"explicit", EmbeddedConfig{Listen: "127.0.0.1:0", AdvertisedHost: "localhost"}, "localhost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := StartEmbedded(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			host, port, err := net.SplitHostPort(e.Addr())
			if err != nil || host != tt.wantHost || port == "0" {
				t.Fatalf("Addr() = %q, want host %q and a bound port", e.Addr(), tt.wantHost)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			md, err := newAdmin(t, e.Addr()).BrokerMetadata(ctx)
			if err != nil {
				t.Fatalf("metadata: %v", err)
			}
			if len(md.Brokers) != 1 || md.Brokers[0].Host != tt.wantHost || strconv.Itoa(int(md.Brokers[0].Port)) != port {
				t.Fatalf("advertised brokers = %+v, want one at %s", md.Brokers, e.Addr())
			}
		})
	}
}

// TestEmbeddedPersistsAcrossRestart produces records and commits a group
// offset, restarts the broker on the same data dir, and reads both back.
func TestEmbeddedPersistsAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	e, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: dir, Partitions: 3})
	if err != nil {
		t.Fatal(err)
	}
	const n = 50
	produceInputs(t, e.Addr(), inTopic, 3, n)
	if err := EnsureTopics(ctx, newAdmin(t, e.Addr()), compacted("lethe.datamap", 2)); err != nil {
		t.Fatal(err)
	}
	adm := newAdmin(t, e.Addr())
	offsets := kadm.Offsets{}
	offsets.Add(kadm.Offset{Topic: inTopic, Partition: 1, At: 7, LeaderEpoch: -1})
	if err := adm.CommitAllOffsets(ctx, "persisted-group", offsets); err != nil {
		t.Fatalf("commit group offset: %v", err)
	}
	_ = e.Close()

	e, err = StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: dir})
	if err != nil {
		t.Fatalf("restart on the same data dir: %v", err)
	}
	defer e.Close()
	adm = newAdmin(t, e.Addr())
	topics, err := adm.ListTopics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !topics.Has(inTopic) || !topics.Has("lethe.datamap") || len(topics[inTopic].Partitions) != 3 {
		t.Fatalf("topics after restart: %v, want %s with 3 partitions and lethe.datamap", topics.Names(), inTopic)
	}
	// The compacted topic kept its config: EnsureTopics verifies it.
	if err := EnsureTopics(ctx, adm, compacted("lethe.datamap", 2)); err != nil {
		t.Fatalf("compacted topic lost its policy across the restart: %v", err)
	}
	fetched, err := adm.FetchOffsets(ctx, "persisted-group")
	if err != nil {
		t.Fatal(err)
	}
	if o, ok := fetched.Lookup(inTopic, 1); !ok || o.At != 7 {
		t.Fatalf("group offset after restart = %+v (found %t), want 7", o, ok)
	}
	var got int
	var keys = map[string]bool{}
	if err := ScanTopic(ctx, []string{e.Addr()}, inTopic, func(r *kgo.Record) {
		got++
		keys[string(r.Key)] = true
	}); err != nil {
		t.Fatal(err)
	}
	if got != n || len(keys) != n {
		t.Fatalf("read %d records with %d distinct keys after restart, want %d", got, len(keys), n)
	}
}

// TestEmbeddedWithKcat drives the broker with librdkafka's kcat, which
// connects to the advertised address.
func TestEmbeddedWithKcat(t *testing.T) {
	kcat, err := exec.LookPath("kcat")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("kcat not installed and CI=true (deploy/stack/stack.sh prereqs installs it)")
		}
		t.Skip("kcat not installed")
	}
	e, err := StartEmbedded(EmbeddedConfig{Listen: "0.0.0.0:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	produce := exec.CommandContext(ctx, kcat, "-b", e.Addr(), "-t", "kcat.test", "-P", "-K", ":")
	produce.Stdin = strings.NewReader("k1:one\nk2:two\nk3:three\n")
	if out, err := produce.CombinedOutput(); err != nil {
		t.Fatalf("kcat produce: %v: %s", err, out)
	}
	consume := exec.CommandContext(ctx, kcat, "-b", e.Addr(), "-t", "kcat.test", "-C", "-e", "-q", "-f", "%k=%s\n", "-X", "isolation.level=read_committed")
	out, err := consume.Output()
	if err != nil {
		t.Fatalf("kcat consume: %v", err)
	}
	lines := strings.Split(string(bytes.TrimSpace(out)), "\n")
	want := map[string]bool{"k1=one": true, "k2=two": true, "k3=three": true}
	if len(lines) != len(want) {
		t.Fatalf("kcat consumed %d records, want %d", len(lines), len(want))
	}
	for _, l := range lines {
		if !want[l] {
			t.Fatalf("kcat consumed an unexpected record (%d bytes)", len(l))
		}
	}
}

// With RetentionBytes the broker drops a partition's oldest batches once it
// holds more, so an endless demo does not fill the memory.
func TestEmbeddedRetentionBytes(t *testing.T) {
	e, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", RetentionBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cl, err := kgo.NewClient(kgo.SeedBrokers(e.Addr()), kgo.DefaultProduceTopic("grows"), kgo.AllowAutoTopicCreation())
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	for range 10 { // 10 batches of 16 records: 640 KiB, ten times the limit
		var recs []*kgo.Record
		for range 16 {
			value := make([]byte, 4<<10) // random: the limit counts compressed bytes
			for i := range value {
				value[i] = byte(rng.Uint32())
			}
			recs = append(recs, &kgo.Record{Value: value})
		}
		if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	adm := kadm.NewClient(cl)
	for {
		starts, err := adm.ListStartOffsets(ctx, "grows")
		if err != nil {
			t.Fatal(err)
		}
		o, _ := starts.Lookup("grows", 0)
		if o.Offset >= 100 { // at most 64 KiB of 160 records of 4 KiB are kept
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("log start offset still %d after a minute", o.Offset)
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// The data dir keeps broker configs: a broker started again on it without
// RetentionBytes keeps everything, not the last run's limit (an audit
// found an endless demo's 4 MiB left in a dir a later run reused), and a
// limit an operator set is left as it is (a review found the first fix
// removing it at every start).
func TestEmbeddedRetentionNotKeptInDataDir(t *testing.T) {
	dir := t.TempDir()
	// start runs a broker on dir, sets log.retention.bytes to set unless
	// it is "", and returns the value the broker had at start.
	start := func(limit int64, set string) string {
		t.Helper()
		adm, stop := startAdmin(t, EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: dir, RetentionBytes: limit})
		defer stop()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cfgs, err := adm.DescribeBrokerConfigs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := "-1"
		for _, rc := range cfgs {
			for _, c := range rc.Configs {
				if c.Key == "log.retention.bytes" && c.MaybeValue() != "" {
					got = c.MaybeValue()
				}
			}
		}
		if set != "" {
			v := set
			if _, err := adm.AlterBrokerConfigs(ctx, []kadm.AlterConfig{{Name: "log.retention.bytes", Value: &v}}); err != nil {
				t.Fatal(err)
			}
		}
		return got
	}
	for i, tc := range []struct {
		limit    int64
		set      string // an operator's setting, made after the start
		wantHeld string // at start
	}{
		{4 << 20, "", "4194304"}, // an endless demo
		{0, "", "-1"},            // a run that keeps everything
		{0, "1073741824", "-1"},  // an operator limits the broker
		{0, "", "1073741824"},    // which a restart keeps
		{1 << 20, "", "1048576"}, // lethe's limit again
	} {
		if got := start(tc.limit, tc.set); got != tc.wantHeld {
			t.Errorf("start %d (RetentionBytes %d): log.retention.bytes %s, want %s", i, tc.limit, got, tc.wantHeld)
		}
	}
}

// Two brokers on one data directory overwrite each other's state (a review
// lost a topic so): the second is refused until the first has stopped.
func TestEmbeddedDataDirIsLocked(t *testing.T) {
	dir := t.TempDir()
	first, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	second, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: dir})
	if err == nil {
		second.Close()
		t.Fatal("a second broker started on a data dir in use")
	}
	if !strings.Contains(err.Error(), "in use by another broker") {
		t.Errorf("error %q does not say the data dir is in use", err)
	}
	first.Close()
	again, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: dir})
	if err != nil {
		t.Fatalf("restart after the first stopped: %v", err)
	}
	again.Close()
}

// TestEmbeddedAutoCreatedTopicSurvivesCrash creates a topic the way
// Debezium and kcat do, by producing to it, then abandons the broker
// without Close, as a crash would: the restarted broker must still have
// the topic and its records.
func TestEmbeddedAutoCreatedTopicSurvivesCrash(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	crashed, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: dir, Partitions: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Closed at the end of the test only: until then it stands for a
	// killed process whose state on disk is all that is left.
	defer crashed.Close()
	cl, err := kgo.NewClient(kgo.SeedBrokers(crashed.Addr()), kgo.AllowAutoTopicCreation(), kgo.ProducerLinger(0))
	if err != nil {
		t.Fatal(err)
	}
	const topic, n = "crm.public.autocreated", 20
	for i := range n {
		if err := cl.ProduceSync(ctx, &kgo.Record{Topic: topic, Key: []byte(strconv.Itoa(i)), Value: []byte("v")}).FirstErr(); err != nil {
			t.Fatalf("produce: %v", err)
		}
	}
	cl.Close()
	crashed.lock.Close() // as the end of a killed process releases it

	e, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: dir})
	if err != nil {
		t.Fatalf("restart on the crashed broker's data dir: %v", err)
	}
	defer e.Close()
	topics, err := newAdmin(t, e.Addr()).ListTopics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !topics.Has(topic) || len(topics[topic].Partitions) != 2 {
		t.Fatalf("topics after the crash: %v, want %s with 2 partitions", topics.Names(), topic)
	}
	got := 0
	if err := ScanTopic(ctx, []string{e.Addr()}, topic, func(*kgo.Record) { got++ }); err != nil {
		t.Fatal(err)
	}
	if got != n {
		t.Fatalf("read %d records after the crash, want %d", got, n)
	}
}

// kfake, unlike Kafka, trims compacted topics by retention and drops every
// batch before one whose timestamp has expired (a review saw one CDC record
// 200 hours old wipe a partition and its compacted mirror). The embedded
// broker keeps records whatever their age, and compacted topics out of its
// size limit unless BoundCompacted.
func TestEmbeddedRetentionKeepsCompactedAndOldRecords(t *testing.T) {
	for _, bound := range []bool{false, true} {
		t.Run("BoundCompacted="+strconv.FormatBool(bound), func(t *testing.T) {
			ctx, e, cl, adm := startBounded(t, bound)
			if err := EnsureTopics(ctx, adm, compacted("state", 1), TopicSpec{Name: "events", Partitions: 1}); err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			produce := func(topic string, n int, at time.Time) {
				t.Helper()
				produceRandom(ctx, t, cl, rng, topic, n, at)
			}
			now, old := time.Now(), time.Now().Add(-200*time.Hour)
			produce("events", 4, now)
			produce("events", 1, old) // 20 KiB in all: under the limit
			produce("events", 4, now)
			for range 10 { // 640 KiB of distinct keys: ten times the limit
				produce("state", 16, now)
			}
			produce("state", 1, old)
			e.Cluster().ApplyRetention()
			e.Cluster().Compact()
			starts, err := adm.ListStartOffsets(ctx, "events", "state")
			if err != nil {
				t.Fatal(err)
			}
			if o, _ := starts.Lookup("events", 0); o.Offset != 0 {
				t.Errorf("events: log start %d after a record 200 hours old, want 0", o.Offset)
			}
			o, _ := starts.Lookup("state", 0)
			if !bound && o.Offset != 0 {
				t.Errorf("compacted topic: log start %d, want 0: compacted topics are only compacted", o.Offset)
			}
			if bound && o.Offset < 100 {
				t.Errorf("compacted topic, BoundCompacted: log start %d, want at least 100 of 161 records dropped", o.Offset)
			}
		})
	}
}

// A data dir's compacted topics made before the broker set their retention
// get it at start; retention configs a topic has of its own stay.
func TestEmbeddedDataDirCompactedTopicsKept(t *testing.T) {
	dir := t.TempDir()
	retention := func(adm *kadm.Client, topic string) (ms, bytes string) {
		t.Helper()
		rcs, err := adm.DescribeTopicConfigs(context.Background(), topic)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range rcs[0].Configs {
			if c.Source != kmsg.ConfigSourceDynamicTopicConfig {
				continue
			}
			switch c.Key {
			case "retention.ms":
				ms = c.MaybeValue()
			case "retention.bytes":
				bytes = c.MaybeValue()
			}
		}
		return ms, bytes
	}
	withBroker := func(fn func(adm *kadm.Client), bound ...bool) {
		t.Helper()
		cfg := EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: dir}
		if len(bound) > 0 && bound[0] {
			cfg.RetentionBytes, cfg.BoundCompacted = 1<<20, true
		}
		adm, stop := startAdmin(t, cfg)
		defer stop()
		fn(adm)
	}
	withBroker(func(adm *kadm.Client) {
		ctx := context.Background()
		if err := EnsureTopics(ctx, adm, compacted("old", 1), compacted("own", 1)); err != nil {
			t.Fatal(err)
		}
		if ms, bytes := retention(adm, "old"); ms != "-1" || bytes != "-1" {
			t.Fatalf("new compacted topic: retention.ms %q, retention.bytes %q, want -1 and -1", ms, bytes)
		}
		// As a data dir of an earlier lethe holds it, and as an operator set it.
		if _, err := adm.AlterTopicConfigs(ctx, []kadm.AlterConfig{{Op: kadm.DeleteConfig, Name: "retention.ms"}, {Op: kadm.DeleteConfig, Name: "retention.bytes"}}, "old"); err != nil {
			t.Fatal(err)
		}
		if _, err := adm.AlterTopicConfigs(ctx, []kadm.AlterConfig{{Op: kadm.SetConfig, Name: "retention.bytes", Value: kadm.StringPtr("1048576")}}, "own"); err != nil {
			t.Fatal(err)
		}
		if ms, bytes := retention(adm, "old"); ms != "" || bytes != "" {
			t.Fatalf("after deleting them: retention.ms %q, retention.bytes %q", ms, bytes)
		}
	})
	withBroker(func(adm *kadm.Client) {
		if ms, bytes := retention(adm, "old"); ms != "-1" || bytes != "-1" {
			t.Errorf("restart: retention.ms %q, retention.bytes %q, want -1 and -1", ms, bytes)
		}
		if ms, bytes := retention(adm, "own"); ms != "-1" || bytes != "1048576" {
			t.Errorf("restart: an own retention.bytes: retention.ms %q, retention.bytes %q, want -1 and 1048576", ms, bytes)
		}
	})
	// An endless demo on the dir bounds its compacted topics: the -1 an
	// earlier run gave them goes (a review found them unbounded).
	withBroker(func(adm *kadm.Client) {
		if ms, bytes := retention(adm, "old"); ms != "-1" || bytes != "" {
			t.Errorf("bounded restart: retention.ms %q, retention.bytes %q, want -1 and none of its own", ms, bytes)
		}
		if _, bytes := retention(adm, "own"); bytes != "1048576" {
			t.Errorf("bounded restart: an own retention.bytes %q, want 1048576", bytes)
		}
	}, true)
	withBroker(func(adm *kadm.Client) {
		if ms, bytes := retention(adm, "old"); ms != "-1" || bytes != "-1" {
			t.Errorf("unbounded again: retention.ms %q, retention.bytes %q, want -1 and -1", ms, bytes)
		}
	})
}

// startAdmin starts a broker with cfg and an admin client on it; stop
// closes both.
func startAdmin(t *testing.T, cfg EmbeddedConfig) (adm *kadm.Client, stop func()) {
	t.Helper()
	e, err := StartEmbedded(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(e.Addr()))
	if err != nil {
		e.Close()
		t.Fatal(err)
	}
	return kadm.NewClient(cl), func() { cl.Close(); e.Close() }
}

// kfake warns of every transaction that took over 5 ms to end, which with
// a data dir is most of them: below a second that is debug, not a warning.
func TestKfakeSlowEndTxnIsNoWarning(t *testing.T) {
	core, logs := observer.New(zap.DebugLevel)
	l := zapKfakeLogger{zap.New(core)}
	const format = "txn: EndTxn slow pid=%d epoch=%d elapsed=%dms batches=%d groups=%d"
	l.Logf(kfake.LogLevelWarn, format, int64(1), int16(0), int64(7), 24, 1)
	l.Logf(kfake.LogLevelWarn, format, int64(1), int16(0), int64(2500), 24, 1)
	l.Logf(kfake.LogLevelWarn, "something else")
	var got []zapcore.Level
	for _, e := range logs.All() {
		got = append(got, e.Level)
	}
	if want := []zapcore.Level{zap.DebugLevel, zap.WarnLevel, zap.WarnLevel}; !slices.Equal(got, want) {
		t.Errorf("levels %v, want %v", got, want)
	}
}

// A data dir that holds other files (a mistyped --data-dir) is refused;
// an empty one, and one a broker wrote, are taken.
func TestForeignDataDirRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: dir}); err == nil || !strings.Contains(err.Error(), "holds an entry, not a broker's") {
		t.Fatalf("a foreign data dir: %v", err)
	}
	fresh := t.TempDir()
	for range 2 { // empty, then the broker's own
		e, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", DataDir: fresh})
		if err != nil {
			t.Fatal(err)
		}
		e.Close()
	}
}

// A state topic a client made before lethe (kcat -L -t, a consumer
// subscribing early, with topic auto-creation on) is empty and deletes,
// and EnsureTopics makes it compacted through an alter, not a create. The
// embedded broker's size limit must spare it then as it spares a topic
// created compacted: bounded, the data map lost the entries of columns
// without recent events.
func TestEmbeddedRetentionKeepsTopicsMadeCompacted(t *testing.T) {
	ctx, e, cl, adm := startBounded(t, false)
	if err := EnsureTopics(ctx, adm, TopicSpec{Name: "state", Partitions: 1}); err != nil {
		t.Fatal(err) // made by another client: deletes
	}
	if err := EnsureTopics(ctx, adm, compacted("state", 1)); err != nil {
		t.Fatal(err) // empty: made compacted
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 10 { // 640 KiB of distinct keys: ten times the limit
		produceRandom(ctx, t, cl, rng, "state", 16, time.Now())
	}
	e.Cluster().ApplyRetention()
	starts, err := adm.ListStartOffsets(ctx, "state")
	if err != nil {
		t.Fatal(err)
	}
	if o, _ := starts.Lookup("state", 0); o.Offset != 0 {
		t.Errorf("topic made compacted by EnsureTopics: log start %d, want 0: compacted topics are only compacted", o.Offset)
	}
}

// startBounded starts an embedded broker whose partitions are bounded to
// 64 KiB (BoundCompacted: its compacted ones too), with a client of it;
// all end with the test.
func startBounded(t *testing.T, bound bool) (context.Context, *Embedded, *kgo.Client, *kadm.Client) {
	t.Helper()
	e, err := StartEmbedded(EmbeddedConfig{Listen: "127.0.0.1:0", RetentionBytes: 64 << 10, BoundCompacted: bound})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	cl, err := kgo.NewClient(kgo.SeedBrokers(e.Addr()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return ctx, e, cl, kadm.NewClient(cl)
}

// produceRandom produces n records of 4 KiB of random bytes (the limit
// counts compressed bytes) under random keys to topic, stamped at.
func produceRandom(ctx context.Context, t *testing.T, cl *kgo.Client, rng *rand.Rand, topic string, n int, at time.Time) {
	t.Helper()
	var recs []*kgo.Record
	for range n {
		value := make([]byte, 4<<10)
		for i := range value {
			value[i] = byte(rng.Uint32())
		}
		recs = append(recs, &kgo.Record{Topic: topic, Key: []byte(strconv.Itoa(rng.IntN(1 << 30))), Value: value, Timestamp: at})
	}
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}
}
