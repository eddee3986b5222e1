package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/demofeed"
	"github.com/lethe-cdc/lethe/connectors/worker"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// demoPrefix holds everything a demo writes to a Kafka given with --brokers.
const demoPrefix = "lethe-demo"

func runDemo(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("demo", stderr)
	events := fs.Int64("events", 0, "stop after this many CRM events are processed and committed (0: run until Ctrl-C)")
	seed := fs.Int64("seed", 1, "seed of the simulated CRM's data")
	listen := fs.String("listen", "localhost:9092", "host:port of the embedded broker")
	advertise := fs.String("advertise", "", "host the embedded broker tells clients to connect to (default: the listen host; localhost for 0.0.0.0 and ::)")
	dataDir := fs.String("data-dir", "", "persist the broker's topics and offsets in this directory")
	brokers := fs.String("brokers", "", "use these Kafka brokers instead of the embedded one")
	httpAddr := fs.String("http", "localhost:9464", "serve /metrics, /healthz and /readyz here (\"\" to disable)")
	withSchema := fs.Bool("with-schema", false, "emit Debezium JSON with schema+payload instead of schemaless")
	quiet := fs.Bool("quiet", false, "no live status line")
	junk := fs.Int64("junk", 5000, "make every Nth record one lethe cannot decode, so that dead letters show (0: none)")
	rate := fs.Int("rate", 0, "CRM events fed per second (0: as fast as possible with --events, "+strconv.Itoa(endlessRate)+" when running until Ctrl-C)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *events < 0 {
		return usagef("--events must not be negative")
	}
	if *rate < 0 {
		return usagef("--rate must not be negative")
	}
	if *junk < 0 {
		return usagef("--junk must not be negative")
	}
	if err := checkBrokers(brokers); err != nil {
		return err
	}
	if *brokers != "" {
		// They configure the embedded broker, which --brokers replaces: a
		// --data-dir asked for would quietly persist nothing.
		var embeddedOnly []string
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "data-dir" || f.Name == "listen" || f.Name == "advertise" {
				embeddedOnly = append(embeddedOnly, "--"+f.Name)
			}
		})
		if len(embeddedOnly) > 0 {
			return usagef("%s: only for the embedded broker, which --brokers replaces", strings.Join(embeddedOnly, ", "))
		}
	}
	embedded := worker.EmbeddedConfig{Listen: *listen, AdvertisedHost: *advertise, DataDir: *dataDir}
	if *events == 0 {
		// A demo that runs until Ctrl-C must not fill the memory (or the
		// data dir): it feeds at a pace a person can follow, and the
		// embedded broker keeps only the newest records of each partition.
		if *rate == 0 {
			*rate = endlessRate
		}
		embedded.RetentionBytes, embedded.BoundCompacted = endlessRetentionBytes, true
		if _, set := os.LookupEnv("GOGC"); !set {
			debug.SetGCPercent(100) // a heap of five times the live data (main's GOGC=400) is for throughput runs
		}
	}
	cfg := worker.Config{InsecureDevKeys: true, Embedded: embedded,
		HTTP: worker.HTTPConfig{Addr: *httpAddr}, Log: worker.LogConfig{Format: "console", Level: "warn"}}
	cfg.CreateDemoInputs()
	prefix := "" // the CRM's Debezium topic prefix: crm
	if *brokers != "" {
		// A real Kafka may be a deployment's: the demo's synthetic CRM, its
		// outputs (made with the public development keys) and its consumer
		// group all go under their own prefix, never into crm.* or lethe.*.
		prefix = demoPrefix
		cfg.UnderPrefix(prefix, prefix)
		fmt.Fprintf(stderr, "lethe demo: on %s everything goes under %s.* (group %s), made with development keys: never put real data there\n", *brokers, prefix, prefix)
	}
	tty := isTerminal(stderr)
	var live *liveStatus
	if tty && !*quiet {
		live = &liveStatus{out: stderr}
	}
	// Ctrl-C while the demo starts is a stop, not a failure: what the
	// start-up was doing fails with the context (a review saw exit 1).
	stoppedEarly := func() bool {
		if ctx.Err() == nil {
			return false
		}
		fmt.Fprintln(stderr, "lethe demo: stopped while starting; no event was processed")
		return true
	}
	w, log, err := startWorkerLogging(ctx, cfg, *brokers, live)
	if err != nil {
		if stoppedEarly() {
			return nil
		}
		return listenError(flagError(err)) // the demo's config is built from its flags: name the flag
	}
	defer func() { _ = log.Sync() }()
	defer w.Close()
	if err := w.Listen(); err != nil { // a port taken fails before the banner
		return httpPortError(errors.Unwrap(err))
	}
	// The CRM's topics on a data dir or a Kafka the demo ran on before hold
	// that run's events: the CRM goes on after them, as Debezium goes on
	// from its offsets, instead of sending its snapshot and every change
	// again (creates of rows that exist, reads of rows deleted since).
	fed, err := demofeed.Fed(ctx, w.Admin(), prefix)
	if err != nil {
		if stoppedEarly() {
			return nil
		}
		return err
	}
	fmt.Fprintf(stdout, "lethe demo: broker %s, policy %s\n", strings.Join(w.Brokers(), ","), w.Policy().Version)
	sanitized := ""
	for _, r := range w.Policy().Recipients {
		if r.Name == policy.DefaultRecipient {
			sanitized = r.TopicFor("crm.public.customers", "public", "customers")
		}
	}
	fmt.Fprintf(stdout, "watch it:  kcat -b %s -L    kcat -b %s -C -t %s -o beginning -X isolation.level=read_committed\n",
		w.Brokers()[0], w.Brokers()[0], sanitized)
	fmt.Fprintf(stdout, "data map:  lethe inventory --brokers %s --topic %s --format html > datamap.html\n",
		w.Brokers()[0], w.Config().Topics.DataMap)
	if fed > 0 {
		fmt.Fprintf(stdout, "lethe demo: the CRM's topics hold %d events of an earlier run: its CRM goes on after them (give that run's --seed)\n", fed)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	feedErr := make(chan error, 1)
	gen := democrm.New(*seed, democrm.WithTopicPrefix(prefix))
	go func() {
		n := *events
		if n == 0 {
			n = 1 << 62
		}
		feedErr <- demofeed.Produce(ctx, w.Brokers(), gen, n, demofeed.Options{Prefix: prefix, WithSchema: *withSchema, Partitions: w.Config().Topics.Partitions, ClientOpts: w.ClientOpts(), Rate: *rate, Junk: *junk, Skip: fed})
	}()
	runErr := make(chan error, 1)
	go func() { runErr <- w.Run(ctx) }()

	start := time.Now()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	// With --events the demo stops once they are committed, not at the next
	// status line: the summary's time and rate are the run's.
	var doneCheck <-chan time.Time
	if *events > 0 {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		doneCheck = t.C
	}
	var elapsed time.Duration // until the wanted events were committed
	var rates rateWindow
	rates.add(start, 0)
	for {
		select {
		case err := <-feedErr:
			if err != nil && !errors.Is(err, context.Canceled) {
				cancel()
				<-runErr
				return err
			}
			feedErr = nil
		case err := <-runErr:
			// The feed stops after the chunk it is writing (whole, so that
			// the next run goes on after it): wait for it.
			cancel()
			if feedErr != nil {
				<-feedErr
			}
			if elapsed == 0 {
				elapsed = time.Since(start)
			}
			summary(stdout, w, elapsed)
			afterStop(stdout, *listen, *advertise, *dataDir, *brokers)
			if err != nil && !errors.Is(err, context.Canceled) {
				return err
			}
			return nil
		case now := <-tick.C:
			st := w.Runner().Stats()
			switch line := statusLine(w, st.Inputs, rates.add(now, st.Inputs)); {
			case live != nil:
				live.show(line)
			case !*quiet:
				fmt.Fprintln(stderr, line)
			}
		case <-doneCheck:
			if w.Runner().Stats().Inputs >= *events {
				elapsed, doneCheck = time.Since(start), nil
				if live != nil {
					live.end()
				}
				cancel()
			}
		}
	}
}

// rateWindow turns a counter sampled every second into a rate over the last
// few seconds. Transactions commit a batch at a time, so the inputs counted
// in one second alone jump between ticks (1,800/s, then 2,400/s at a feed
// of 2,000/s).
type rateWindow struct {
	at [rateSamples]time.Time
	n  [rateSamples]int64
	k  int // samples added
}

const rateSamples = 6 // the rate spans the last five seconds

// add records the count n at t and returns the rate since the oldest
// sample kept.
func (r *rateWindow) add(t time.Time, n int64) float64 {
	r.at[r.k%rateSamples], r.n[r.k%rateSamples] = t, n
	r.k++
	oldest := 0
	if r.k > rateSamples {
		oldest = r.k % rateSamples
	}
	d := t.Sub(r.at[oldest]).Seconds()
	if d <= 0 {
		return 0
	}
	return float64(n-r.n[oldest]) / d
}

// endlessRate is the demo's feed rate, in events a second, when it runs
// until Ctrl-C: lively, and a small share of one core.
const endlessRate = 2000

// endlessRetentionBytes is what the embedded broker keeps of each partition
// when the demo runs until Ctrl-C: enough for kcat to show recent records,
// about 250 MB at most across the demo's 45 partitions.
const endlessRetentionBytes = 4 << 20

// liveStatus is the demo's one-line status on a terminal, drawn again in
// place every second. The log is written through it: a log line first
// clears the status, which the next second draws again, so the two never
// share a line. The status is cut to the terminal's width, since a line
// that wraps cannot be drawn again in place.
type liveStatus struct {
	mu    sync.Mutex
	out   io.Writer
	shown bool
}

// Write writes a log line.
func (s *liveStatus) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shown {
		s.shown = false
		if _, err := io.WriteString(s.out, "\r\033[K"); err != nil {
			return 0, err
		}
	}
	return s.out.Write(p)
}

// show draws line in place of the last one.
func (s *liveStatus) show(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.out.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 1 && len(line) >= cols {
			line = line[:cols-1] // ASCII: categories and numbers
		}
	}
	fmt.Fprintf(s.out, "\r\033[K%s", line)
	s.shown = true
}

// end leaves the last status on its own line.
func (s *liveStatus) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shown {
		fmt.Fprintln(s.out)
		s.shown = false
	}
}

// statusLine is the demo's one-line live status.
func statusLine(w *worker.Worker, inputs int64, rate float64) string {
	s := w.Engine().Stats()
	return formatStatus(inputs, rate, s.Commands.Load(), s.DeadLetters.Load(), s.FindingsByCategory())
}

// formatStatus writes the live status, the counts first: a terminal
// narrower than the line cuts its end (liveStatus.show), and the list of
// categories is the part that can go.
func formatStatus(inputs int64, rate float64, commands, deadLetters int64, cats map[string]int64) string {
	return fmt.Sprintf("committed %d events (%.0f/s) | commands %d | dead letters %d | PII fields %s",
		inputs, rate, commands, deadLetters, topCategories(cats, 4))
}

func topCategories(m map[string]int64, n int) string {
	type kv struct {
		k string
		v int64
	}
	var all []kv
	for k, v := range m {
		all = append(all, kv{k, v})
	}
	slices.SortFunc(all, func(a, b kv) int {
		if a.v != b.v {
			return int(b.v - a.v)
		}
		return strings.Compare(a.k, b.k)
	})
	var parts []string
	for i, e := range all {
		if i == n {
			parts = append(parts, "...")
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", strings.TrimPrefix(e.k, "user."), e.v))
	}
	if len(parts) == 0 {
		return "none yet"
	}
	return strings.Join(parts, ", ")
}

func summary(out io.Writer, w *worker.Worker, d time.Duration) {
	st := w.Runner().Stats()
	es := w.Engine().Stats()
	fmt.Fprintf(out, "\nlethe demo summary after %s\n", d.Round(time.Millisecond))
	fmt.Fprintf(out, "  events committed  %d (%.0f/s)\n", st.Inputs, float64(st.Inputs)/d.Seconds())
	txns := "transactions"
	if st.Commits == 1 {
		txns = "transaction"
	}
	fmt.Fprintf(out, "  outputs committed %d in %d %s (%d aborted)\n", st.Outputs, st.Commits, txns, st.Aborts)
	fmt.Fprintf(out, "    (sanitized records for each recipient, commands, data map records, dead letters)\n")
	cmds, redacts := es.Commands.Load(), es.Redacts.Load()
	fmt.Fprintf(out, "  commands issued   %d (ERASE %d for deleted records, REDACT %d for columns found to hold PII)\n",
		cmds, cmds-redacts, redacts)
	fmt.Fprintf(out, "  dead letters      %d\n  PII fields found  %d\n", es.DeadLetters.Load(), es.FieldsPII.Load())
	// A DPO reconciling these with lethe inventory asked why they differ.
	fmt.Fprint(out, "    (in before and after images alike; by category, a field holding several counts under each;\n"+
		"     lethe inventory counts values once per event)\n")
	cats := es.FindingsByCategory()
	keys := make([]string, 0, len(cats))
	for k := range cats {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(out, "    %-52s %d\n", k, cats[k])
	}
	fmt.Fprintf(out, "  topics: %s\n", strings.Join(outputTopics(w, "<table>"), ", "))
}

// afterStop says, once the demo's embedded broker has stopped with it,
// where its outputs went: the banner's kcat and inventory lines name that
// broker, which with --events is gone within a second (a walk through the
// README ran them against nothing). A Kafka given with --brokers keeps the
// topics, and nothing is said.
func afterStop(out io.Writer, listen, advertise, dataDir, brokers string) {
	switch {
	case brokers != "":
	case dataDir == "":
		fmt.Fprintln(out, "  the embedded broker stopped with the demo and kept nothing: give it --data-dir DIR to read its topics afterwards")
	default:
		serve := "--listen " + shellWord(listen)
		if advertise != "" {
			serve += " --advertise " + shellWord(advertise)
		}
		fmt.Fprintf(out, "  the embedded broker stopped with the demo; to read its topics with the commands above: lethe broker %s --data-dir %s\n",
			serve, shellWord(dataDir))
	}
}

// shellWord quotes s for a POSIX shell where it holds more than letters,
// digits and punctuation a shell takes as they are, so that a printed
// command can be pasted.
func shellWord(s string) string {
	plain := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:@%+=,", r))
	}) < 0
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// outputTopics names the topics w writes: each recipient's sanitized topic
// of table, then the commands, data map and dead-letter topics.
func outputTopics(w *worker.Worker, table string) []string {
	var names []string
	// Placeholders TopicFor leaves alone (it makes '<' and '>' '_').
	show := strings.NewReplacer("LETHEPREFIX", "<prefix>", "LETHESCHEMA", "<schema>", "LETHETABLE", table)
	for _, r := range w.Policy().Recipients {
		names = append(names, show.Replace(r.TopicFor("LETHEPREFIX.LETHESCHEMA.LETHETABLE", "LETHESCHEMA", "LETHETABLE")))
	}
	t := w.Config().Topics
	return append(names, t.Commands, t.DataMap, t.DeadLetter)
}

// isTerminal reports w is a terminal (not /dev/null, also a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
