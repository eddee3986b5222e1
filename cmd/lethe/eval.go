package main

import (
	"context"
	"io"
	"os"

	"github.com/lethe-cdc/lethe/connectors/worker"

	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/pii/evaluation"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

func runEval(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("eval", stderr)
	corpus := fs.String("corpus", "", "labelled JSON-lines corpus (default: the built-in corpus, as committed in pipeline/pii/evaluation/testdata)")
	format := fs.String("format", "table", "output format: table, json or html")
	minScore := fs.Float64("min-score", policy.Default().MinScore, "drop findings scored below this, as the pipeline does with the policy's min_score (the default is the default policy's)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !(*minScore >= 0 && *minScore <= 1) { // also rejects NaN
		return usagef("--min-score: %v is outside [0,1]", *minScore)
	}
	if err := checkChoice("--format", *format, "table", "json", "html"); err != nil {
		return err
	}
	var samples []evaluation.Sample
	if *corpus == "" {
		samples = evaluation.Default()
	} else {
		f, err := os.Open(*corpus)
		if err != nil {
			return usagef("--corpus: %s", worker.ShownErr(err))
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return usagef("--corpus: %s is a directory, not a JSON-lines file", *corpus)
		}
		if samples, err = evaluation.Load(f); err != nil {
			return err
		}
	}
	// As the worker builds it: the scanner keeps what the policy may keep,
	// the engine drops what scores under min_score.
	scanner := pii.NewScanner(pii.WithMinScore(min(*minScore, pii.DefaultMinScore)))
	rep := evaluation.Evaluate(evaluation.MinScore(scanner, *minScore), samples)
	rep.MinScore = *minScore
	switch *format {
	case "json":
		return rep.WriteJSON(stdout)
	case "html":
		return rep.WriteHTML(stdout)
	default:
		return rep.WriteTable(stdout)
	}
}
