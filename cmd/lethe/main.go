// Command lethe is the CDC privacy pipeline: it reads Debezium change events
// from Kafka, finds personal data, and writes sanitized streams, compliance
// commands and a live data map. Run `lethe help` for the subcommands.
//
// This package only parses flags and wires packages together; the work is in
// pipeline/ and connectors/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"

	"github.com/lethe-cdc/lethe/connectors/worker"
)

// version is set at build time with -ldflags "-X main.version=..."; a
// build without it says what Go recorded of its module and commit
// (buildVersion), so a go build or go install still tells which code
// processed the data.
var version = "dev"

// buildVersion returns version, or, left at "dev", the module version and
// the VCS commit Go stamped into the binary: "v1.2.0" at a tag; since Go
// 1.24 a pseudo-version from another commit of a checkout
// ("v0.0.0-20261202093415-1ee032eb78b6", "+dirty" after it when modified);
// "dev+3068ce1a2b4c" or "dev+3068ce1a2b4c-dirty" where Go recorded the
// commit only.
func buildVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return versionOf(version, bi)
}

func versionOf(version string, bi *debug.BuildInfo) string {
	if version != "dev" || bi == nil {
		return version
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev == "" {
		return version
	}
	return version + "+" + rev[:min(12, len(rev))] + dirty
}

// usageError is a bad command line or configuration: exit code 2.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

type command struct {
	name string
	run  func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

var commands = []command{
	{"demo", runDemo}, {"run", runRun}, {"broker", runBroker}, {"detect", runDetect}, {"scan", runScan},
	{"inventory", runInventory}, {"detokenize", runDetokenize}, {"eval", runEval}, {"bench", runBench},
	{"version", runVersion},
}

// summaries say what each command does, in lethe's usage and in the
// command's -h.
var summaries = map[string]string{
	"demo":       "run the embedded broker, a simulated legacy CRM and the pipeline",
	"run":        "run the pipeline from a config file (--config FILE)",
	"broker":     "run the embedded Kafka-compatible broker alone",
	"detect":     "find PII in JSON lines read from stdin (evaluation contract)",
	"scan":       "audit a live PostgreSQL database read-only and print its data map",
	"inventory":  "print the data map kept on the data map topic",
	"detokenize": "read tokens on stdin and print the values they hold (needs the token key)",
	"eval":       "measure detection accuracy on the labelled corpus",
	"bench":      "measure pipeline throughput against raw passthrough and the engine alone",
	"version":    "print the version",
}

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// tuneGC trades memory for throughput: the pipeline allocates short-lived
// rows at a high rate, and the default GOGC=100 spends a large share of CPU
// collecting them. GOGC in the environment still wins, and GOMEMLIMIT caps
// the heap where memory is tight.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
}

// Main runs one lethe command and returns the process exit code: 0 on
// success, 2 for a bad command line or configuration, 1 for anything else.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	if args[0] == "help" && len(args) > 1 {
		if len(args) > 2 {
			fmt.Fprintln(stderr, "lethe help: one command at most (lethe help run)")
			return 2
		}
		args = []string{args[1], "-h"} // "lethe help run" is "lethe run -h"
	}
	if args[0] == "--version" {
		args[0] = "version" // as most tools take it
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout) // asked for: to stdout, so that it can be piped to grep or less
		return 0
	}
	if asksHelp(args[1:]) {
		stderr = stdout // a command's -h too, and it writes its usage where errors go
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdin, stdout, stderr)
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case isUsage(err):
			fmt.Fprintf(stderr, "lethe %s: %v\n", c.name, err)
			return 2
		default:
			fmt.Fprintf(stderr, "lethe %s: %v\n", c.name, err)
			return 1
		}
	}
	if plainWord.MatchString(args[0]) {
		fmt.Fprintf(stderr, "lethe: unknown command %q\n", args[0])
	} else {
		fmt.Fprintln(stderr, "lethe: unknown command (not shown: it may hold a secret)")
	}
	usage(stderr)
	return 2
}

func isUsage(err error) bool {
	var u usageError
	var ce *worker.ConfigError
	return errors.As(err, &u) || errors.As(err, &ce)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "lethe: a CDC privacy pipeline for Kafka and Debezium\n\nUsage: lethe <command> [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, summaries[c.name])
	}
	fmt.Fprintln(w, "\nRun `lethe <command> -h` for a command's flags.")
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("lethe "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: lethe %s [flags]\n", name)
		if s := summaries[name]; s != "" {
			fmt.Fprintf(stderr, "\n%s.\n", strings.ToUpper(s[:1])+s[1:])
		}
		if d := details[name]; d != "" {
			fmt.Fprintf(stderr, "\n%s\n", d)
		}
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(stderr, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// details say more than a command's summary where its -h needs it: the
// protocol of a command that other tools talk to.
var details = map[string]string{
	"detect": `Input: one JSON object per line, {"field": "...", "value": "..."} ("field", the
column name, is optional). Output: one line per input line, in order:
{"findings":[{"category":"user.contact.email","start":0,"end":17,"score":0.98,"detector":"email"}]}
with offsets in UTF-8 bytes of value. A number or boolean value is scanned as
its JSON text, null as an empty value, as a CDC column of those types is; of
a member given twice, the last counts. A line that is not such an object (an
empty one too), or not UTF-8 (also a \uD800 escape without its pair), longer
than 64 MiB or nested deeper than 64 levels gives
{"findings":[],"error":"line N: ..."}, never quoting the input, and the
stream goes on; so does a line on which a detector fails (a bug in lethe:
"detection failed", with the runtime's error). A field name over 256 bytes names no column. Answers are
written as soon as no more input is waiting: a caller may write a line and
wait for its answer.`,
}

// asksHelp reports whether the flags in args ask for help (-h, -help,
// --help), before a "--".
func asksHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// parse parses flags, turning a parse failure into a usage error. Values
// are not quoted back: a connection string or a password given to the
// wrong flag, or without one, would be printed to a terminal and its logs.
func parse(fs *flag.FlagSet, args []string) error {
	out, usage := fs.Output(), fs.Usage
	fs.SetOutput(io.Discard) // the flag package prints its error, value and all, itself
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.SetOutput(out)
	fs.Usage = usage
	if err != nil {
		usage()
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{errors.New(flagProblem(err.Error()))}
	}
	if fs.NArg() > 0 {
		a := fs.Arg(0)
		if !plainWord.MatchString(a) {
			return usagef("unexpected argument (not shown: it may hold a secret); this command takes flags only, see -h")
		}
		return usagef("unexpected argument %q", a)
	}
	return nil
}

// checkChoice accepts v when it is one of choices; otherwise the error
// quotes it only when it is a near miss of one (worker.ShownWord), as
// "hunter2" given to --format is not.
func checkChoice(flag, v string, choices ...string) error {
	if slices.Contains(choices, v) {
		return nil
	}
	want := strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
	return usagef("%s %s: want %s", flag, worker.ShownWord(v, choices...), want)
}

// flagProblem rewrites the flag package's errors without the argument
// they quote: `invalid value "X" for flag -f`, `invalid boolean value "X"
// for -f`, `flag provided but not defined: -X`, `bad flag syntax: X`.
// A flag's name is kept when it is one (a word); its value never.
func flagProblem(msg string) string {
	if m := invalidValue.FindStringSubmatch(msg); m != nil {
		return "invalid " + m[1] + "value for flag " + m[2] + m[3]
	}
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		if !flagName.MatchString(name) {
			name = "(not shown: it may hold a secret)"
		}
		return "flag provided but not defined: " + name
	}
	if strings.HasPrefix(msg, "bad flag syntax: ") {
		return "bad flag syntax (the argument is not shown: it may hold a secret)"
	}
	return msg
}

var (
	// invalidValue is the flag package's `invalid value "X" for flag -f:
	// why` and `invalid boolean value "X" for -f: why`.
	invalidValue = regexp.MustCompile(`^invalid (boolean )?value ".*" for (?:flag )?(-\S+?)(:.*)?$`)
	// flagName is a flag as it is written: dashes and a word.
	flagName = regexp.MustCompile(`^--?[a-z]{1,16}(-[a-z]{1,16}){0,2}$`)
	// plainWord is an argument safe to quote back: a word in small letters
	// or a number ("events", "2000"), not one that may be a password
	// ("hunter2", a key in hex, "correct-horse-battery-staple").
	plainWord = regexp.MustCompile(`^([a-z]{1,20}|[0-9]{1,12})$`)
)

func runVersion(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	if err := parse(newFlags("version", stderr), args); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "lethe", buildVersion())
	return nil
}
