package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"

	"go.uber.org/zap"

	"github.com/lethe-cdc/lethe/connectors/worker"
)

// flagOfKey names the flags of lethe demo, broker and bench that set a
// config key, so that a fault in one names the flag.
var flagOfKey = map[string]string{"embedded.listen": "--listen", "embedded.advertised_host": "--advertise",
	"embedded.data_dir": "--data-dir", "http.addr": "--http", "brokers[0]": "--brokers", "parallelism": "--parallelism"}

// flagError turns a *worker.ConfigError about a key a flag set into a
// usage error naming the flag; other errors are returned as they are.
func flagError(err error) error {
	var ce *worker.ConfigError
	if errors.As(err, &ce) {
		if flag, ok := flagOfKey[ce.Key]; ok {
			return usagef("%s: %s", flag, ce.Problem)
		}
	}
	return err
}

// listenError names --listen when the embedded broker's port is taken, as
// it is on a machine that runs a Kafka at the default localhost:9092: the
// bare "address already in use" left the user to find the flag that moves
// it. A runtime failure still (exit 1), as a taken --http port is.
func listenError(err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("--listen: %w: another process (a Kafka?) holds the port: give --listen another", err)
	}
	return err
}

// embeddedListenError is listenError for lethe run, whose embedded broker
// listens where the config's embedded.listen says.
func embeddedListenError(err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("embedded.listen: %w: another process (a Kafka?) holds the port: give embedded.listen another, "+
			"or that Kafka's address in brokers (or --brokers)", err)
	}
	return err
}

// httpPortError says what to do when the demo's --http port is taken, as
// it is by a demo already running (the README moves a second one with
// --listen, and then with --http too).
func httpPortError(err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("--http: %w: another process (a demo already running?) holds the port: give --http another, or --http \"\" for none", err)
	}
	return fmt.Errorf("--http: %w", err)
}

// checkBrokers checks a --brokers flag's comma-separated addresses, so a
// typo is a usage error (exit 2) before anything connects.
func checkBrokers(brokers *string) error {
	if *brokers == "" {
		return nil
	}
	list := strings.Split(*brokers, ",")
	for i, b := range list {
		// "host1:9092, host2:9092", as people write lists: a review saw
		// the blank become part of a host name no resolver knows.
		list[i] = strings.TrimSpace(b)
		if err := worker.CheckAddr(list[i], false); err != nil {
			return usagef("--brokers: %v", err)
		}
	}
	*brokers = strings.Join(list, ",")
	return nil
}

// startWorker applies a --brokers override, defaults and validates cfg, and
// builds its logger and worker. The caller closes the worker and syncs the
// logger.
func startWorker(ctx context.Context, cfg worker.Config, brokers string) (*worker.Worker, *zap.Logger, error) {
	return startWorkerLogging(ctx, cfg, brokers, nil)
}

// startWorkerLogging is startWorker with the console log written to
// status, the demo's live status line on a terminal, when it is not nil.
func startWorkerLogging(ctx context.Context, cfg worker.Config, brokers string, status *liveStatus) (*worker.Worker, *zap.Logger, error) {
	if brokers != "" {
		cfg.Brokers = strings.Split(brokers, ",")
	}
	cfg.Default()
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	log, err := worker.NewLogger(cfg.Log)
	if status != nil {
		log, err = worker.NewLoggerTo(cfg.Log, status, true)
	}
	if err != nil {
		return nil, nil, err
	}
	w, err := worker.New(ctx, cfg, log)
	if err != nil {
		_ = log.Sync()
		return nil, nil, err
	}
	return w, log, nil
}
