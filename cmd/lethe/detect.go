package main

import (
	"context"
	"io"

	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/pii/jsonlines"
)

// runDetect writes straight to stdout: Detect buffers its output itself
// and flushes it whenever no more answers are ready, so a caller that
// writes a line and waits gets its answer (a second buffer here held it
// until 64 KiB or the end, a review found).
func runDetect(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("detect", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	return jsonlines.Detect(ctx, stdin, stdout, pii.NewScanner())
}
