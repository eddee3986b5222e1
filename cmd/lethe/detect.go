package main

import (
	"bufio"
	"context"
	"io"

	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/pii/jsonlines"
)

func runDetect(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("detect", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	w := bufio.NewWriterSize(stdout, 1<<16)
	if err := jsonlines.Detect(ctx, stdin, w, pii.NewScanner()); err != nil {
		return err
	}
	return w.Flush()
}
