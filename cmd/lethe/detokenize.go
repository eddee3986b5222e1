package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/lethe-cdc/lethe/connectors/worker"
)

// maxTokenLine bounds one line of detokenize's input, or the config's
// max_output_bytes where that is larger: a token of a 10 MB value is about
// 14 MB of base64, and no token lethe wrote is larger than the output
// record that carried it.
const maxTokenLine = 16 << 20

// detokenized is one line of detokenize's output: the value, or why there
// is none. The error never quotes the line.
type detokenized struct {
	Value *string `json:"value,omitempty"`
	// Base64 holds a value that is not UTF-8 text (the binary content of
	// an Avro bytes column a rule tokenizes): a JSON string cannot carry
	// its bytes, and as Value they became U+FFFD.
	Base64 []byte `json:"base64,omitempty"`
	Error  string `json:"error,omitempty"`
}

func runDetokenize(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("detokenize", stderr)
	cfgPath := fs.String("config", "", "the lethe config whose keys.token made the tokens (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *cfgPath == "" {
		return usagef("--config is required: a token can be read only with the key that made it")
	}
	// Only keys.token is read: whoever detokenizes needs no pseudonym key.
	cfg, err := worker.LoadConfigForTokens(*cfgPath)
	if err != nil {
		return err
	}
	san, err := cfg.Detokenizer()
	if err != nil {
		return err
	}
	// A config that raised max_output_bytes made tokens up to that size:
	// its own tool must read them back (a 16 MiB bound refused them).
	maxLine := max(maxTokenLine, cfg.MaxOutputBytes)
	in := bufio.NewScanner(stdin)
	in.Buffer(make([]byte, 0, 64<<10), maxLine)
	out := bufio.NewWriter(stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	// The lines are read apart from the answers: a person pasting tokens
	// into a terminal sees each answer before pasting the next (they were
	// held until the input ended), and Ctrl-C or a supervisor's SIGTERM
	// ends the command while the input is open and silent (the read
	// blocked it until the input ended; a review).
	read, stopRead := make(chan string), make(chan struct{})
	defer close(stopRead)
	go func() {
		defer close(read)
		for in.Scan() {
			select {
			case read <- in.Text():
			case <-stopRead:
				return
			}
		}
	}()
	var lines, bad int
	var badLines []int
	for {
		line, more := "", false
		select {
		case line, more = <-read:
		default:
			// Nothing waiting: show what is answered before waiting.
			if err := out.Flush(); err != nil {
				return err
			}
			select {
			case line, more = <-read:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if !more {
			break
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		lines++
		var d detokenized
		if lines == 1 {
			line = strings.TrimPrefix(line, "\ufeff") // a byte order mark, as Notepad writes one (lethe detect skips it too)
		}
		if tok := strings.TrimSpace(line); tok == "" {
			d.Error = "empty line"
		} else if v, err := san.Detokenize(tok); err != nil {
			d.Error = "not a token made with this key"
		} else if !utf8.ValidString(v) {
			d.Base64 = []byte(v)
		} else {
			d.Value = &v
		}
		if d.Error != "" {
			bad++
			if len(badLines) < 10 {
				badLines = append(badLines, lines)
			}
		}
		if err := enc.Encode(d); err != nil {
			return err
		}
	}
	// The reader has ended (read is closed): in.Err is its last word.
	if err := in.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("line %d is longer than %d bytes", lines+1, maxLine)
		}
		return errors.Join(fmt.Errorf("reading stdin: %w", err), out.Flush())
	}
	if err := out.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "lethe detokenize: %d %s read, %d revealed\n", lines, plural(lines, "line", "lines"), lines-bad)
	if bad > 0 {
		return fmt.Errorf("lines not tokens of this key: %d of %d (%s %s)", bad, lines, plural(bad, "line", "lines"), joinInts(badLines, bad))
	}
	return nil
}

// joinInts lists the first line numbers of n, "3, 7, ..." when there are more.
func joinInts(some []int, n int) string {
	s := make([]string, len(some))
	for i, v := range some {
		s[i] = fmt.Sprint(v)
	}
	if n > len(some) {
		s = append(s, "...")
	}
	return strings.Join(s, ", ")
}

// plural returns one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
