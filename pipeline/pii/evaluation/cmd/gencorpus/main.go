// Command gencorpus writes lethe's PII evaluation corpus, deterministically,
// from evaluation.CorpusSeed and evaluation.CorpusSize.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/lethe-cdc/lethe/pipeline/pii/evaluation"
)

func main() {
	out := flag.String("o", "-", "output file (- for stdout)")
	seed := flag.Uint64("seed", evaluation.CorpusSeed, "generator seed")
	n := flag.Int("n", evaluation.CorpusSize, "number of samples")
	flag.Parse()
	if err := run(*out, *seed, *n); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(out string, seed uint64, n int) error {
	w := os.Stdout
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	if err := evaluation.WriteCorpus(bw, evaluation.Generate(seed, n)); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if w != os.Stdout {
		return w.Close()
	}
	return nil
}
