package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"go.uber.org/zap"

	"github.com/lethe-cdc/lethe/connectors/worker"
	"github.com/lethe-cdc/lethe/pipeline/policy"
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

// underPrefix points cfg at the demo CRM's topics under prefix, names
// lethe's own topics and the default policy's sanitized topics under it and
// joins group, so that a run against a shared Kafka (bench, or demo with
// --brokers) never reads a deployment's CDC topics, writes its outputs or
// takes partitions from its consumer group. It returns the temporary
// policy file it wrote, for the caller to remove.
func underPrefix(cfg *worker.Config, prefix, group string) (string, error) {
	body := strings.Replace(policy.DefaultYAML, `topic: "lethe.sanitized.{table}"`, `topic: "`+prefix+`.sanitized.{table}"`, 1)
	if body == policy.DefaultYAML {
		return "", fmt.Errorf("the default policy no longer names its sanitized topic as expected")
	}
	f, err := os.CreateTemp("", "lethe-"+prefix+"-policy-*.yaml")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := f.WriteString(body); err != nil {
		return "", err
	}
	cfg.Policy, cfg.Group = f.Name(), group
	cfg.Inputs = worker.InputsConfig{Topics: worker.DemoTopics(prefix)}
	cfg.Topics.Commands, cfg.Topics.DeadLetter, cfg.Topics.DataMap = prefix+".commands", prefix+".deadletter", prefix+".datamap"
	return f.Name(), nil
}
