package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/kafka"
)

// lethe broker says what loading its data dir found wrong: a partition
// file cut short (a crash, a full disk) loses its last records, and a
// review found the broker's warning about it discarded, so the loss was
// silent.
func TestBrokerWarnsOfACorruptDataDir(t *testing.T) {
	dir := t.TempDir()
	e, err := kafka.StartEmbedded(kafka.EmbeddedConfig{Listen: "127.0.0.1:0", Partitions: 1, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(e.Addr()), kgo.DefaultProduceTopic("t"), kgo.AllowAutoTopicCreation())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := cl.ProduceSync(context.Background(), &kgo.Record{Value: bytes.Repeat([]byte{'x'}, 100+i)}).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	cl.Close()
	_ = e.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "partitions", "t-0", "*.dat"))
	if len(files) == 0 {
		t.Fatalf("no partition file in %s", dir)
	}
	st, err := os.Stat(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(files[0], st.Size()-50); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var out, errs bytes.Buffer
	go func() { time.Sleep(2 * time.Second); cancel() }()
	if code := Main(ctx, []string{"broker", "--listen", "127.0.0.1:0", "--data-dir", dir}, strings.NewReader(""), &out, &errs); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	if !strings.Contains(errs.String(), "corrupt") {
		t.Errorf("no warning about the cut partition file on stderr: %q", errs.String())
	}
}

// An embedded broker's port taken (a Kafka already on localhost:9092, the
// quick start's default) fails with the flag that moves it named: the
// error said only "address already in use", and a walk through the README
// on a machine running Kafka had to find --listen in the prose.
func TestListenPortTakenNamesTheFlag(t *testing.T) {
	taken := takenPort(t)
	for _, args := range [][]string{
		{"demo", "--events", "10", "--listen", taken, "--http", "", "--quiet"},
		{"broker", "--listen", taken},
		{"bench", "--events", "10", "--listen", taken},
	} {
		code, out, stderr := run(t, "", args...)
		if code != 1 || out != "" || !strings.Contains(stderr, "address already in use") ||
			!strings.Contains(stderr, "lethe "+args[0]+": --listen: ") || !strings.Contains(stderr, "give --listen another") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1, nothing on stdout, --listen named", args, code, out, stderr)
		}
	}
}

// lethe run on the embedded broker (a config without brokers) with its
// port taken names the key that moves it, as demo, broker and bench name
// --listen: a walk through the README with a Kafka on localhost:9092, the
// default embedded.listen, got only "address already in use".
func TestRunEmbeddedPortTakenNamesTheKey(t *testing.T) {
	taken := takenPort(t)
	cfg := writeConfig(t, "insecure_dev_keys: true\nbrokers: []\nembedded: {listen: '"+taken+"'}\n")
	code, out, stderr := run(t, "", "run", "--config", cfg)
	if code != 1 || out != "" || !strings.Contains(stderr, "address already in use") ||
		!strings.Contains(stderr, "lethe run: embedded.listen: ") || !strings.Contains(stderr, "give embedded.listen another") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1, embedded.listen named and what to do", code, out, stderr)
	}
}
