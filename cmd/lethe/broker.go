package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net"

	"github.com/lethe-cdc/lethe/connectors/worker"
)

func runBroker(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("broker", stderr)
	listen := fs.String("listen", "localhost:9092", "host:port to listen on")
	advertise := fs.String("advertise", "", "host clients are told to connect to (default: the listen host; localhost for 0.0.0.0 and ::)")
	dataDir := fs.String("data-dir", "", "persist topics and group offsets in this directory (default: in memory)")
	partitions := fs.Int("partitions", 3, "default partition count of new topics")
	if err := parse(fs, args); err != nil {
		return err
	}
	emb := worker.EmbeddedConfig{Listen: *listen, AdvertisedHost: *advertise, DataDir: *dataDir}
	if err := emb.Validate(); err != nil {
		return flagError(err)
	}
	if *partitions < 1 || *partitions > math.MaxInt32 {
		return usagef("--partitions must be from 1 to %d", math.MaxInt32)
	}
	// The broker's warnings say what a data dir lost (corrupt bytes cut
	// off after a crash, a failed write): a review found them discarded.
	log, err := worker.NewLoggerTo(worker.LogConfig{Format: "console", Level: "warn"}, stderr, false)
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()
	b, err := emb.Start(int32(*partitions), log.Named("broker"))
	if err != nil {
		return listenError(err)
	}
	defer b.Close()
	host, _, _ := net.SplitHostPort(*listen)
	_, port, _ := net.SplitHostPort(b.Addr()) // the port bound, also for :0
	fmt.Fprintf(stdout, "embedded Kafka-compatible broker listening on %s, advertised to clients as %s (Ctrl-C to stop)\n",
		net.JoinHostPort(host, port), b.Addr())
	<-ctx.Done()
	return nil
}
