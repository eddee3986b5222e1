package main

import (
	"context"
	"strings"

	"go.uber.org/zap"

	"github.com/lethe-cdc/lethe/connectors/worker"
)

// startWorker applies a --brokers override, defaults and validates cfg, and
// builds its logger and worker. The caller closes the worker and syncs the
// logger.
func startWorker(ctx context.Context, cfg worker.Config, brokers string) (*worker.Worker, *zap.Logger, error) {
	if brokers != "" {
		cfg.Brokers = strings.Split(brokers, ",")
	}
	cfg.Default()
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	log, err := worker.NewLogger(cfg.Log)
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
