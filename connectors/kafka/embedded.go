package kafka

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
	"go.uber.org/zap"
)

// EmbeddedConfig configures an in-process Kafka broker (franz-go's kfake).
type EmbeddedConfig struct {
	// Listen is the host:port the broker listens on; "" means
	// localhost:9092. Port 0 picks a free port (use it in tests).
	Listen string
	// AdvertisedHost is the host the broker tells clients to connect to in
	// metadata responses. kfake advertises the address of its listener, so
	// listening on 0.0.0.0 or :9092 would advertise an unroutable host to
	// librdkafka clients (kcat, Debezium's Java client would do the same).
	// "" means: the listen host when it is a concrete address, else
	// "localhost".
	AdvertisedHost string
	// DataDir, when set, makes the broker persist topics, records, group
	// offsets and producer state in this directory, so restarting with the
	// same directory keeps everything. "" keeps everything in memory.
	DataDir string
	// Partitions is the partition count of auto-created topics and of
	// CreateTopics requests that ask for the broker default; 0 means 1.
	Partitions int32
	// Logger receives the broker's warnings and errors; nil discards them.
	Logger *zap.Logger
	// RetentionBytes, when above 0, bounds each partition of every topic
	// without a retention.bytes of its own to about this many bytes: the
	// oldest batches are dropped every few seconds (Kafka's
	// log.retention.bytes). Without it a broker that runs for ever, such
	// as an endless demo's, keeps everything in memory. Compacted topics
	// are only compacted, as in Kafka, unless BoundCompacted.
	RetentionBytes int64
	// BoundCompacted applies RetentionBytes to compacted topics too: an
	// endless demo's sanitized mirrors and data map, whose compaction,
	// hourly, would let them grow by gigabytes meanwhile.
	BoundCompacted bool
}

// retentionMark is the file in a data dir that says the retention limit
// kept there is lethe's (RetentionBytes), not an operator's.
const retentionMark = "lethe-retention-limit"

// retentionEvery is how often an embedded broker with RetentionBytes
// drops what is over it.
const retentionEvery = 5 * time.Second

// Embedded is a running single-node in-process Kafka broker. It speaks the
// Kafka protocol on a TCP port, so any client (franz-go, librdkafka/kcat,
// Debezium Server) can use it. It supports transactions, consumer groups and
// compaction, which is all lethe needs for demos and tests.
type Embedded struct {
	c    *kfake.Cluster
	addr string
	lock *os.File // the data dir's lock (lockDataDir), nil without one
	// unmark is the data dir's retentionMark, removed on Close once the
	// broker has written its configs without lethe's limit.
	unmark string
	stop   chan struct{} // closed by Close: ends the retention loop
	once   sync.Once
	wg     sync.WaitGroup
}

// AdvertisedAddr is the address clients dial to reach a broker started
// with cfg: the advertised host, else the listen host, else localhost
// (for 0.0.0.0 and ::), at the listen port.
func (cfg EmbeddedConfig) AdvertisedAddr() (string, error) {
	host, port, err := cfg.listenHostPort()
	if err != nil {
		return "", err
	}
	return net.JoinHostPort(advertisedHost(host, cfg.AdvertisedHost), port), nil
}

// listenHostPort splits Listen (localhost:9092 when empty).
func (cfg EmbeddedConfig) listenHostPort() (host, port string, err error) {
	listen := cfg.Listen
	if listen == "" {
		listen = "localhost:9092"
	}
	if host, port, err = net.SplitHostPort(listen); err != nil {
		return "", "", fmt.Errorf("embedded kafka: Listen %q: %w", listen, err)
	}
	return host, port, nil
}

// advertisedHost is the host a broker listening on host advertises.
func advertisedHost(host, advertised string) string {
	if advertised != "" {
		return advertised
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		return "localhost"
	}
	return host
}

// StartEmbedded starts a broker. The caller must Close it.
func StartEmbedded(cfg EmbeddedConfig) (*Embedded, error) {
	host, portStr, err := cfg.listenHostPort()
	if err != nil {
		return nil, err
	}
	listen := net.JoinHostPort(host, portStr)
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return nil, fmt.Errorf("embedded kafka: Listen %q: invalid port", listen)
	}
	adv := advertisedHost(host, cfg.AdvertisedHost)
	parts := cfg.Partitions
	if parts <= 0 {
		parts = 1
	}

	// kfake always asks its ListenFn for 127.0.0.1:<port>; we substitute the
	// configured host and wrap the listener so the broker advertises adv.
	var ln *advertisedListener
	listenFn := func(network, _ string) (net.Listener, error) {
		inner, err := net.Listen(network, net.JoinHostPort(host, strconv.Itoa(port)))
		if err != nil {
			return nil, err
		}
		_, boundPort, _ := net.SplitHostPort(inner.Addr().String())
		ln = &advertisedListener{Listener: inner, addr: advAddr(net.JoinHostPort(adv, boundPort))}
		return ln, nil
	}

	opts := []kfake.Opt{
		// Records are kept whatever their age (see retention.go).
		kfake.BrokerConfigs(map[string]string{"log.retention.ms": "-1"}),
		kfake.NumBrokers(1),
		kfake.Ports(port),
		kfake.ListenFn(listenFn),
		kfake.AllowAutoTopicCreation(),
		kfake.DefaultNumPartitions(int(parts)),
		kfake.ClusterID("lethe-embedded"),
	}
	if cfg.Logger != nil {
		opts = append(opts, kfake.WithLogger(zapKfakeLogger{cfg.Logger.Named("kfake")}))
	}
	var lock *os.File
	if cfg.DataDir != "" {
		if err := ForeignDataDir(cfg.DataDir); err != nil {
			return nil, fmt.Errorf("embedded kafka: data dir %s: %w", cfg.DataDir, err)
		}
		if lock, err = lockDataDir(cfg.DataDir); err != nil {
			return nil, err
		}
		if err := forgetStaleSnapshots(cfg.DataDir); err != nil {
			lock.Close()
			return nil, fmt.Errorf("embedded kafka: data dir %s: %w", cfg.DataDir, err)
		}
		opts = append(opts, kfake.DataDir(cfg.DataDir))
	}
	unlock := func() {
		if lock != nil {
			lock.Close()
		}
	}
	if cfg.RetentionBytes < 0 {
		unlock()
		return nil, fmt.Errorf("embedded kafka: RetentionBytes %d is negative", cfg.RetentionBytes)
	}
	// The data dir keeps broker configs, the limit below too: a mark in
	// the dir says lethe set it, so that a later start without one removes
	// it ("" removes a config, as kfake merges it over the kept ones) and
	// leaves limits an operator set alone. An endless demo's 4 MiB stayed
	// for a later run that keeps everything.
	mark := ""
	if cfg.DataDir != "" {
		mark = filepath.Join(cfg.DataDir, retentionMark)
	}
	limitSet := false
	if cfg.RetentionBytes > 0 {
		// Memory is freed a whole segment at a time, and kfake's segments
		// are 100 MiB by default: a quarter of the limit keeps what a
		// partition holds under 1.25 times it.
		segment := max(cfg.RetentionBytes/4, 64<<10)
		opts = append(opts, kfake.BrokerConfigs(map[string]string{
			"log.retention.bytes": strconv.FormatInt(cfg.RetentionBytes, 10),
			"log.segment.bytes":   strconv.FormatInt(segment, 10),
		}))
	} else if mark != "" {
		if _, err := os.Stat(mark); err == nil {
			limitSet = true
			opts = append(opts, kfake.BrokerConfigs(map[string]string{"log.retention.bytes": "", "log.segment.bytes": ""}))
		}
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		unlock()
		where := "in memory"
		if cfg.DataDir != "" {
			where = "with its data dir"
		}
		return nil, fmt.Errorf("embedded kafka: start on %s, %s: %w", listen, where, err)
	}
	if ln == nil {
		c.Close()
		unlock()
		return nil, errors.New("embedded kafka: broker started without a listener")
	}
	if cfg.DataDir != "" {
		// Before anything else: a client may connect as soon as the
		// broker listens (sealCrashAborted says why).
		defer holdProducers(c)()
	}
	e := &Embedded{c: c, addr: ln.addr.String(), lock: lock, stop: make(chan struct{})}
	switch {
	case cfg.RetentionBytes > 0 && mark != "":
		if err := os.WriteFile(mark, []byte("log.retention.bytes and log.segment.bytes were set by lethe (embedded.retention_bytes)\n"), 0o600); err != nil {
			e.Close()
			return nil, fmt.Errorf("embedded kafka: data dir: %w", err)
		}
	case limitSet:
		e.unmark = mark // once the broker has written its configs without the limit
	}
	keepCompacted(c, cfg.BoundCompacted)
	watchGroups(c, e.addr, cfg.Logger, e.stop, &e.wg)
	if cfg.DataDir != "" {
		// One admin client for the start-up work on the data dir.
		cl, err := kgo.NewClient(kgo.SeedBrokers(e.addr))
		if err != nil {
			e.Close()
			return nil, fmt.Errorf("embedded kafka: admin client: %w", err)
		}
		defer cl.Close()
		kept, err := keepCompactedTopics(cl, cfg.BoundCompacted)
		if err != nil {
			e.Close()
			return nil, fmt.Errorf("embedded kafka: data dir %s: compacted topics: %w", cfg.DataDir, err)
		}
		if kept > 0 && cfg.Logger != nil {
			cfg.Logger.Info("compacted topics of the data dir given retention.ms=-1 (and retention.bytes=-1 unless the size limit bounds them too): Kafka only compacts them", zap.Int("topics", kept))
		}
		persistAutoCreated(c)
		// Best effort: a broker that cannot write a marker still serves
		// what it holds, and says so.
		n, err := sealCrashAborted(c, cl, e.addr)
		switch {
		case err != nil && cfg.Logger != nil:
			cfg.Logger.Error("could not end every transaction a crash left open in the data dir: read_committed readers may wait at them, or miss the records their producers commit next", zap.Int("markers", n), zap.Error(err))
		case n > 0 && cfg.Logger != nil:
			cfg.Logger.Warn("the data dir held transactions a crash left open: they are aborted, as Kafka would, and their abort markers written", zap.Int("markers", n))
		}
	}
	if cfg.RetentionBytes > 0 {
		// kfake applies retention on its own only with its compaction
		// ticker, hourly by default: drop the excess here instead.
		e.wg.Go(func() {
			t := time.NewTicker(retentionEvery)
			defer t.Stop()
			for {
				select {
				case <-e.stop:
					return
				case <-t.C:
					c.ApplyRetention()
				}
			}
		})
	}
	return e, nil
}

// persistAutoCreated makes topics that clients create by naming them
// (Debezium's change topics, kcat -P) survive a crash of the broker. kfake
// writes its topic list to the data dir when topics are created through
// CreateTopics, but not when a Metadata request auto-creates one: killed
// before a clean Close, the broker would come back without the topic, its
// records and group offsets orphaned on disk. So a Metadata request that
// may auto-create creates its missing topics first through CreateTopic,
// which persists; the request then finds them. The control sleeps while it
// does, which lets the broker serve other connections meanwhile.
func persistAutoCreated(c *kfake.Cluster) {
	c.ControlKey(kmsg.Metadata.Int16(), func(kr kmsg.Request) (kmsg.Response, error, bool) {
		req, ok := kr.(*kmsg.MetadataRequest)
		if !ok || !req.AllowAutoTopicCreation {
			return nil, nil, false
		}
		var missing []string
		for _, t := range req.Topics {
			if t.Topic != nil && *t.Topic != "" {
				missing = append(missing, *t.Topic)
			}
		}
		if len(missing) == 0 {
			return nil, nil, false
		}
		c.SleepControl(func() {
			for _, t := range missing {
				if c.TopicInfo(t) == nil {
					// An invalid name fails here and again, with its
					// error for the client, in the request itself.
					_ = c.CreateTopic(t, 0, nil)
				}
			}
		})
		return nil, nil, false // not handled: the broker answers as usual
	})
}

// Addr returns the advertised host:port clients should bootstrap from.
func (e *Embedded) Addr() string { return e.addr }

// Cluster exposes the underlying kfake cluster, for fault injection in tests.
func (e *Embedded) Cluster() *kfake.Cluster { return e.c }

// Close stops the broker. With a DataDir it first writes all state to disk,
// so a later StartEmbedded with the same directory resumes where this one
// stopped. Close is safe to call more than once.
func (e *Embedded) Close() error {
	e.once.Do(func() {
		close(e.stop)
		e.wg.Wait()
		e.c.Close()
		if e.unmark != "" {
			_ = os.Remove(e.unmark) // a start that finds it again removes the limit again
		}
		if e.lock != nil {
			e.lock.Close() // after the broker has written its last state
		}
	})
	return nil
}

// advertisedListener reports a chosen address from Addr; kfake advertises
// whatever Addr returns.
type advertisedListener struct {
	net.Listener
	addr advAddr
}

func (l *advertisedListener) Addr() net.Addr { return l.addr }

type advAddr string

func (a advAddr) Network() string { return "tcp" }
func (a advAddr) String() string  { return string(a) }

// zapKfakeLogger adapts zap to kfake's logger. kfake's messages describe
// requests and broker state; it does not print record contents.
type zapKfakeLogger struct{ l *zap.Logger }

func (z zapKfakeLogger) Logf(level kfake.LogLevel, format string, args ...any) {
	if level == kfake.LogLevelWarn && slowEndTxn(format, args) {
		level = kfake.LogLevelDebug
	}
	switch level {
	case kfake.LogLevelError:
		z.l.Error(fmt.Sprintf(format, args...))
	case kfake.LogLevelWarn:
		z.l.Warn(fmt.Sprintf(format, args...))
	case kfake.LogLevelInfo, kfake.LogLevelDebug:
		if ce := z.l.Check(zap.DebugLevel, ""); ce != nil {
			ce.Message = fmt.Sprintf(format, args...)
			ce.Write()
		}
	}
}

// slowEndTxn reports kfake's warning that ending a transaction took over
// 5 ms, when it took less than a second: with a data dir, writing the
// markers to disk often does, and a normal demo printed the warning as if
// something were wrong (a review). A second or more stays a warning.
func slowEndTxn(format string, args []any) bool {
	if !strings.HasPrefix(format, "txn: EndTxn slow") || len(args) < 3 {
		return false
	}
	ms, ok := args[2].(int64)
	return ok && ms < 1000
}

// ForeignDataDir refuses a data dir that holds files but none a broker
// writes (kfake's meta.json, lethe's lock): a mistyped --data-dir, such as
// a home or a project directory, got the broker's files written among its
// own without a word (a review). An empty or absent one is made a data dir.
// Configuration checks call it too, so that such a path is a bad setting
// (exit 2), as a data dir that is a file is.
func ForeignDataDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		return nil // absent (made by lockDataDir), or unreadable: the lock says why
	}
	for _, e := range entries {
		if n := e.Name(); n == "meta.json" || n == ".lethe.lock" {
			return nil
		}
	}
	what := fmt.Sprintf("%d entries, none of them", len(entries))
	if len(entries) == 1 {
		what = "an entry, not"
	}
	return fmt.Errorf("holds %s a broker's (meta.json): give an empty or new directory", what)
}
