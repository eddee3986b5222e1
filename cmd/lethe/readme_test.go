package main

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// readmeCommandRows returns the rows of the README's table of commands,
// by command name: the row whose first cell begins with `lethe NAME.
func readmeCommandRows(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	row := regexp.MustCompile("^\\| `lethe ([a-z]+)")
	for _, line := range strings.Split(string(b), "\n") {
		if m := row.FindStringSubmatch(line); m != nil {
			if _, dup := rows[m[1]]; dup {
				t.Errorf("README: two rows of the commands table for lethe %s", m[1])
			}
			rows[m[1]] = line
		}
	}
	return rows
}

// The README's table of commands lists every command, and in its row every
// flag the command takes and no other: a flag added to a command and not to
// the README, or one the README still shows after it was renamed, fails
// here rather than in a user's shell.
func TestReadmeCommandsTableHasEveryFlag(t *testing.T) {
	rows := readmeCommandRows(t)
	flagLine := regexp.MustCompile(`(?m)^  -([a-z-]+)`)
	documented := regexp.MustCompile(`--([a-z][a-z-]*)`)
	for _, c := range commands {
		row, ok := rows[c.name]
		if !ok {
			t.Errorf("README's commands table has no row for lethe %s", c.name)
			continue
		}
		delete(rows, c.name)
		code, help, stderr := run(t, "", c.name, "-h")
		if code != 0 {
			t.Fatalf("lethe %s -h: exit %d: %s", c.name, code, stderr)
		}
		var has []string
		for _, m := range flagLine.FindAllStringSubmatch(help, -1) {
			has = append(has, m[1])
		}
		var shown []string
		for _, m := range documented.FindAllStringSubmatch(row, -1) {
			shown = append(shown, m[1])
		}
		for _, f := range has {
			if !slices.Contains(shown, f) {
				t.Errorf("lethe %s takes --%s, which its row of the README's commands table leaves out", c.name, f)
			}
		}
		for _, f := range shown {
			if !slices.Contains(has, f) {
				t.Errorf("the README's row of lethe %s shows --%s, which it does not take", c.name, f)
			}
		}
	}
	for name := range rows {
		t.Errorf("README's commands table has a row for lethe %s, which is no command", name)
	}
}

// The topics the README's quick start has kcat read are topics the demo
// makes: its CRM's, their sanitized mirrors under the default policy, and
// lethe's own.
func TestReadmeQuickStartTopicsAreTheDemos(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	demo := []string{pipeline.DefaultTopics.Commands, pipeline.DefaultTopics.DeadLetter, pipeline.DefaultTopics.DataMap}
	def := &policy.Default().Recipients[0]
	for i, topic := range democrm.Topics("") {
		demo = append(demo, topic, def.TopicFor(topic, "public", democrm.Tables()[i]))
	}
	quick, _, _ := strings.Cut(string(b), "## Commands")
	shown := regexp.MustCompile("(?m)^kcat -b localhost:9092 .*-t ([^ ]+)").FindAllStringSubmatch(quick, -1)
	if len(shown) < 5 {
		t.Fatalf("found %d kcat commands reading a topic in the README's quick start, want 5 or more", len(shown))
	}
	for _, m := range shown {
		if !slices.Contains(demo, m[1]) {
			t.Errorf("the README's quick start reads %s, which the demo does not make (it makes %v)", m[1], demo)
		}
	}
}

// The defaults the README's quick start states for lethe demo are the
// demo's: a walk through the README relies on them (which port to move
// away from, what to pass to kcat and curl, how often dead letters show).
func TestReadmeQuickStartStatesTheDemosDefaults(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	quick, _, _ := strings.Cut(string(b), "## Commands")
	quick = strings.Join(strings.Fields(quick), " ") // the README wraps its lines anywhere
	_, help, _ := run(t, "", "demo", "-h")
	def := func(flag string) string {
		m := regexp.MustCompile(`(?m)^  -` + flag + ` .*\n.*\(default "?([^")]*)"?\)`).FindStringSubmatch(help)
		if m == nil {
			t.Fatalf("lethe demo -h shows no default for --%s:\n%s", flag, help)
		}
		return m[1]
	}
	thousands := func(n int) string { // 5000 as the README writes it: 5,000
		s := strconv.Itoa(n)
		if len(s) > 3 {
			s = s[:len(s)-3] + "," + s[len(s)-3:]
		}
		return s
	}
	junk, err := strconv.Atoi(def("junk"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"go run ./cmd/lethe demo # embedded broker on " + def("listen") + ",",
		"`" + def("http") + "` by default",
		"Nth record, " + thousands(junk) + " by default",
		"the demo feeds " + thousands(endlessRate) + " events a second",
		fmt.Sprintf("keeps the newest %d MiB of each partition", endlessRetentionBytes>>20),
		"curl -s " + def("http") + "/metrics",
	} {
		if !strings.Contains(quick, want) {
			t.Errorf("the README's quick start does not say %q", want)
		}
	}
}
