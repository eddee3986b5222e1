package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"go.uber.org/zap"

	"github.com/lethe-cdc/lethe/connectors/worker"
)

func runRun(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("run", stderr)
	cfgPath := fs.String("config", "", "config file (see deploy/lethe.yaml); required")
	brokers := fs.String("brokers", "", "comma-separated brokers, overriding the config's")
	check := fs.Bool("check", false, "check the config, its policy and keys, say what they set and exit (0 valid, 2 not); connects to nothing")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *cfgPath == "" {
		return usagef("--config is required: the config file (deploy/lethe.yaml documents every key; lethe demo needs none)")
	}
	if err := checkBrokers(brokers); err != nil {
		return err
	}
	var opts []worker.LoadOption
	if *brokers != "" {
		opts = append(opts, worker.WithBrokers(strings.Split(*brokers, ",")))
	}
	cfg, err := worker.LoadConfig(*cfgPath, opts...)
	if err != nil {
		return err
	}
	if *check {
		pol, err := cfg.Check()
		if err != nil {
			return err
		}
		brokers := "the embedded broker on " + cfg.Embedded.Listen
		if len(cfg.Brokers) > 0 {
			brokers = strings.Join(cfg.Brokers, ",")
		}
		n := len(pol.Recipients)
		fmt.Fprintf(stdout, "%s: valid; brokers %s, group %s, policy version %s, %d %s\n",
			*cfgPath, brokers, cfg.Group, pol.Version, n, plural(n, "recipient", "recipients"))
		for _, warning := range pol.Warnings() {
			fmt.Fprintf(stdout, "warning: policy %s\n", warning)
		}
		for _, warning := range cfg.DevKeyWarnings() {
			fmt.Fprintf(stdout, "warning: %s\n", warning)
		}
		return nil
	}
	w, log, err := startWorker(ctx, cfg, "") // --brokers is in cfg already (WithBrokers)
	if err != nil {
		if len(cfg.Brokers) == 0 {
			return embeddedListenError(err)
		}
		return err
	}
	defer func() { _ = log.Sync() }()
	defer w.Close()
	log.Info("lethe starting", zap.String("version", buildVersion()), zap.Strings("brokers", w.Brokers()), zap.String("group", cfg.Group),
		zap.String("policy_version", w.Policy().Version))
	return w.Run(ctx)
}
