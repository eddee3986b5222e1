package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/pipeline/sanitize"
)

func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	// A bound on every command: a stalled one fails its test in minutes
	// instead of holding the suite until its timeout.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	code = Main(ctx, args, strings.NewReader(stdin), &o, &e)
	return code, o.String(), e.String()
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"version", []string{"version"}, 0, ""},
		{"version as a flag", []string{"--version"}, 0, ""},
		{"broker partitions past int32", []string{"broker", "--partitions", "4294967296"}, 2, "--partitions must be from 1 to"},
		{"config topic ..", []string{"run", "--config", write("dd.yaml", "insecure_dev_keys: true\ntopics: {commands: '..'}\n")}, 2, "topics.commands"},
		{"bad flag", []string{"demo", "--nope"}, 2, "flag provided but not defined: -nope"},
		{"run without config", []string{"run"}, 2, "--config is required: the config file (deploy/lethe.yaml documents every key; lethe demo needs none)"},
		{"check a valid config", []string{"run", "--check", "--config", write("chk-ok.yaml", "insecure_dev_keys: true\n")}, 0, ""},
		{"check a missing policy", []string{"run", "--check", "--config", write("chk-p.yaml", "insecure_dev_keys: true\npolicy: "+filepath.Join(dir, "absent-policy.yaml")+"\n")}, 2, "policy"},
		{"check unset keys", []string{"run", "--check", "--config", write("chk-u.yaml", "keys: {pseudonym: 'env:LETHE_TEST_UNSET_KEY', token: 'env:LETHE_TEST_UNSET_KEY'}\n")}, 2, "LETHE_TEST_UNSET_KEY is not set"},
		{"check a bad policy", []string{"run", "--check", "--config", write("chk-bp.yaml", "insecure_dev_keys: true\npolicy: "+write("chk-bad-policy.yaml", "recipients: {default: {actions: {user.contact.email: shred}}}\n")+"\n")}, 2, "policy"},
		{"config typo", []string{"run", "--config", write("typo.yaml", "brokres: [localhost:9092]\n")}, 2, "brokres"},
		// taken with another meaning than the one written (a review)
		{"check a shell default", []string{"run", "--check", "--config", write("chk-sd.yaml", "insecure_dev_keys: true\ntransactional_id: ${POD_NAME:-lethe-0}\n")}, 2, "transactional_id: holds \"${\" but no ${NAME} reference"},
		{"check a null key in the policy", []string{"run", "--check", "--config", write("chk-nk.yaml", "insecure_dev_keys: true\npolicy: "+write("chk-nk-policy.yaml", "version: x\ndefaults: {~: keep}\n")+"\n")}, 2, "defaults: line 2: an empty key"},
		// raw health data and criminal records to ops, which no rule decides
		{"check a policy whose fallback keeps special categories", []string{"run", "--check", "--config", write("chk-ks.yaml", "insecure_dev_keys: true\npolicy: "+write("chk-ks-policy.yaml", "version: x\nrecipients: {ops: {default: keep}}\n")+"\n")}, 2, "recipients.ops: recipients.ops.default: keep decides user.health_and_medical"},
		{"check a limit of 0", []string{"run", "--check", "--config", write("chk-z.yaml", "insecure_dev_keys: true\nmax_value_bytes: 0\n")}, 2, "max_value_bytes: 0 is not \"no limit\""},
		{"check a recipient topic read back", []string{"run", "--check", "--config", write("chk-rb.yaml", "insecure_dev_keys: true\npolicy: "+write("chk-rb-policy.yaml", "version: x\nrecipients: {a: {topic: \"crm.public.{table}\"}}\n")+"\n")}, 2, "which the inputs also read"},
		{"config bad broker", []string{"run", "--config", write("b.yaml", "brokers: [nohost]\ninsecure_dev_keys: true\n")}, 2, "brokers[0]"},
		{"config missing keys", []string{"run", "--config", write("k.yaml", "brokers: [localhost:9092]\n")}, 2, "keys.pseudonym"},
		{"config short key", []string{"run", "--config", write("s.yaml", "keys: {pseudonym: 'hex:abcd', token: 'hex:abcd'}\n")}, 2, "key is 2 bytes"},
		{"config missing file", []string{"run", "--config", filepath.Join(dir, "absent.yaml")}, 2, "no such file"},
		{"config bad regex", []string{"run", "--config", write("r.yaml", "insecure_dev_keys: true\ninputs: {regex: '('}\n")}, 2, "inputs.regex"},
		{"config bad regex not quoted", []string{"run", "--config", write("rq.yaml", "insecure_dev_keys: true\ninputs: {regex: 'Secret1@example.org('}\n")}, 2, "inputs.regex: invalid regular expression: missing closing )"},
		{"config secret as a key", []string{"run", "--config", write("sk.yaml", "insecure_dev_keys: true\nkeys:\n  9f86d081884c7d659a2feaa0c55ad015Secret1: x\n")}, 2, "keys.<key not shown>"},
		{"config bad policy", []string{"run", "--config", write("p.yaml", "insecure_dev_keys: true\npolicy: "+write("pol.yaml", "version: x\ndefaults: {user.name: hide}\n")+"\nbrokers: [127.0.0.1:1]\n")}, 2, "defaults.user.name"},
		// --brokers counts for the embedded broker's checks (a review):
		// the file's next problem is the one reported
		{"run tls config, brokers from the flag", []string{"run", "--config", write("tb.yaml", "insecure_dev_keys: true\ntls: {enabled: true}\nmax_columns: -3\n"), "--brokers", "127.0.0.1:1"}, 2, "max_columns"},
		{"inventory tls config, brokers from the flag", []string{"inventory", "--config", write("ti.yaml", "tls: {enabled: true}\nmax_columns: -3\n"), "--brokers", "127.0.0.1:1"}, 2, "max_columns"},
		{"config fraction for a whole number", []string{"run", "--config", write("f.yaml", "insecure_dev_keys: true\nmax_columns: 0.5\n")}, 2, "max_columns: line 2: got a number that is not whole, want a whole number"},
		{"config no columns", []string{"run", "--config", write("c.yaml", "insecure_dev_keys: true\nmax_columns: -3\n")}, 2, "max_columns"},
		{"config small output limit", []string{"run", "--config", write("o.yaml", "insecure_dev_keys: true\nmax_output_bytes: 100\n")}, 2, "max_output_bytes"},
		{"config negative retention", []string{"run", "--config", write("e.yaml", "insecure_dev_keys: true\nbrokers: []\nembedded: {retention_bytes: -1}\n")}, 2, "embedded.retention_bytes"},
		{"demo bad listen", []string{"demo", "--listen", "nohost"}, 2, "--listen: "},
		{"demo bad http", []string{"demo", "--listen", "127.0.0.1:0", "--http", "nohost"}, 2, "--http: "},
		{"demo negative rate", []string{"demo", "--rate", "-5"}, 2, "--rate"},
		{"demo broker port not a number", []string{"demo", "--brokers", "kafka:xx", "--events", "10"}, 2, "--brokers: "},
		{"demo data dir with brokers", []string{"demo", "--brokers", "127.0.0.1:1", "--data-dir", "/tmp/never-made", "--events", "10"}, 2, "--data-dir: only for the embedded broker"},
		{"demo listen with brokers", []string{"demo", "--brokers", "127.0.0.1:1", "--listen", "127.0.0.1:0", "--advertise", "h"}, 2, "--advertise, --listen: only for the embedded broker"},
		{"bench listen with brokers", []string{"bench", "--brokers", "127.0.0.1:1", "--listen", "127.0.0.1:0", "--events", "10"}, 2, "--listen: only for the embedded broker"},
		{"broker bad listen", []string{"broker", "--listen", "nohost"}, 2, "--listen: "},
		{"broker no partitions", []string{"broker", "--listen", "127.0.0.1:0", "--partitions", "0"}, 2, "--partitions must be from 1 to"},
		{"bench negative partitions", []string{"bench", "--partitions", "-1"}, 2, "--partitions must be from 1 to"},
		{"bench bad listen", []string{"bench", "--listen", "nohost"}, 2, "--listen: "},
		{"broker listen port out of range", []string{"broker", "--listen", "127.0.0.1:99999"}, 2, "--listen: "},
		{"broker advertise with port", []string{"broker", "--listen", "127.0.0.1:0", "--advertise", "kafka:9092"}, 2, "--advertise: "},
		{"demo data dir is a file", []string{"demo", "--listen", "127.0.0.1:0", "--data-dir", write("f.txt", "x")}, 2, "--data-dir: "},
		{"broker data dir is a file", []string{"broker", "--listen", "127.0.0.1:0", "--data-dir", write("g.txt", "x")}, 2, "--data-dir: "},
		// a mistyped path to a directory of other files is as bad a flag
		{"demo data dir of other files", []string{"demo", "--listen", "127.0.0.1:0", "--data-dir", filepath.Dir(write("proj/go.mod", "x"))}, 2, "--data-dir: "},
		{"broker data dir of other files", []string{"broker", "--listen", "127.0.0.1:0", "--data-dir", filepath.Dir(write("proj2/a.txt", "x"))}, 2, "holds an entry, not a broker's"},
		{"demo advertise with blank", []string{"demo", "--listen", "127.0.0.1:0", "--advertise", "my host"}, 2, "--advertise: "},
		{"config advertised host", []string{"run", "--config", write("a.yaml", "insecure_dev_keys: true\nbrokers: []\nembedded: {advertised_host: 'http://x'}\n")}, 2, "embedded.advertised_host"},
		{"inventory bad brokers", []string{"inventory", "--brokers", "kafka:abc"}, 2, "--brokers: "},
		{"inventory empty brokers", []string{"inventory", "--brokers", ""}, 2, "--brokers: empty"},
		{"config broker with a blank", []string{"run", "--config", write("bb.yaml", "brokers: [' 127.0.0.1:1']\ninsecure_dev_keys: true\n")}, 2, "brokers[0]"},
		{"bench bad brokers", []string{"bench", "--brokers", "kafka:1,nohost"}, 2, "--brokers: "},
		{"run brokers without host", []string{"run", "--config", write("h.yaml", "insecure_dev_keys: true\n"), "--brokers", ":9092"}, 2, "--brokers: "},
		{"config broker port", []string{"run", "--config", write("bp.yaml", "brokers: ['kafka:0']\ninsecure_dev_keys: true\n")}, 2, "brokers[0]"},
		{"eval corpus a directory", []string{"eval", "--corpus", dir}, 2, "is a directory"},
		{"inventory bad format", []string{"inventory", "--format", "htm"}, 2, `--format "htm": want json, csv or html`},
		{"inventory format far from any", []string{"inventory", "--format", "pdf"}, 2, `--format (a value not shown`},
		{"inventory format a short password", []string{"inventory", "--format", "hunter2Secret1"}, 2, "--format (a value not shown"},
		{"bench format a short password", []string{"bench", "--format", "Secret1"}, 2, "--format (a value not shown"},
		{"eval format a short password", []string{"eval", "--format", "Secret1"}, 2, "--format (a value not shown"},
		{"eval bad format before the corpus", []string{"eval", "--format", "jsno", "--corpus", "/nonexistent"}, 2, `--format "jsno": want table, json or html`},
		{"inventory empty topic", []string{"inventory", "--topic", ""}, 2, "--topic: "},
		{"inventory bad topic", []string{"inventory", "--topic", "bad topic!"}, 2, "--topic: "},
		{"broker advertise hyphen first", []string{"broker", "--listen", "127.0.0.1:0", "--advertise", "-bad-"}, 2, "--advertise: "},
		{"broker advertise empty label", []string{"broker", "--listen", "127.0.0.1:0", "--advertise", "a..b"}, 2, "--advertise: "},
		{"broker advertise unspecified", []string{"broker", "--listen", "127.0.0.1:0", "--advertise", "0.0.0.0"}, 2, "--advertise: 0.0.0.0 is no address a client can connect to"},
		{"demo advertise unspecified v6", []string{"demo", "--listen", "127.0.0.1:0", "--advertise", "::"}, 2, "--advertise: :: is no address"},
		{"broker advertise no ip", []string{"broker", "--listen", "127.0.0.1:0", "--advertise", "999.1.1.1"}, 2, "--advertise: "},
		{"scan without dsn", []string{"scan"}, 2, "--postgres is required"},
		{"scan dsn without its flag", []string{"scan", "postgres://u:Secret1@db:5432/crm"}, 2, "not shown"},
		{"scan bad dsn", []string{"scan", "--postgres", "postgres://u:Secret1@db:99999/crm"}, 2, "--postgres: cannot parse the connection string: "},
		{"scan bad legacy charset", []string{"scan", "--postgres", "postgres://u@db/crm", "--legacy-charset", "utf-8"}, 2, "--legacy-charset: \"utf-8\" is not a single-byte code page"},
		// a review found these printed back (the flag package prints its errors itself)
		{"scan dsn to the wrong flag", []string{"scan", "--sample", "postgres://lethe:Secret1@db:5432/crm"}, 2, "invalid value for flag -sample"},
		{"scan password as an argument", []string{"scan", "--postgres", "postgres://lethe@db/crm", "Secret1"}, 2, "not shown"},
		{"demo number as an argument", []string{"demo", "2000"}, 2, `unexpected argument "2000"`},
		{"bad flag syntax", []string{"scan", "---postgres=postgres://u:Secret1@h/db"}, 2, "bad flag syntax (the argument is not shown"},
		{"boolean flag given a dsn", []string{"scan", "--quiet=postgres://u:Secret1@h/db"}, 2, "invalid boolean value for flag -quiet"},
		{"dsn as a flag", []string{"scan", "-postgres://u:Secret1@h/db"}, 2, "flag provided but not defined: (not shown"},
		{"dsn as a command", []string{"--postgres=postgres://u:Secret1@h/db", "scan"}, 2, "unknown command (not shown"},
		{"help of two commands", []string{"help", "run", "extra"}, 2, "one command"},
		// the third review: values printed back by the checks after parsing
		{"brokers with credentials", []string{"inventory", "--brokers", "kafka://user:Secret1@broker:9092"}, 2, "--brokers: (a value not shown"},
		{"format given a dsn", []string{"inventory", "--format", "postgres://app:Secret1@db:5432/crm"}, 2, "--format (a value not shown"},
		{"a hex key as an argument", []string{"detect", "3f9a0c1d2e3f4a5b6c7d8e9fSecret1"}, 2, "not shown"},
		{"a password as a command", []string{"hunter2Secret1"}, 2, "not shown"},
		{"a short password as an argument", []string{"detect", "hunter2"}, 2, "not shown"},
		{"a hex key as a command", []string{"3f9a0c1d2e3f4a5b6c7d8e9f0a1b2c3d"}, 2, "not shown"},
		{"a passphrase as a flag", []string{"scan", "--correct-horse-battery-Secret1"}, 2, "not shown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, "", tc.args...)
			if strings.Contains(stderr, "Secret1") {
				t.Fatalf("stderr %q holds the password", stderr)
			}
			if code != tc.code || !strings.Contains(stderr, tc.inStderr) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, tc.code, tc.inStderr)
			}
		})
	}
}

// Help that was asked for goes to stdout (lethe help | grep bench), a
// command's too, and "lethe help run" is "lethe run -h"; without a command
// the usage is an error, on stderr.
func TestHelpOnStdout(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"help"}, "Commands:"},
		{[]string{"--help"}, "Commands:"},
		{[]string{"detect", "-h"}, `{"findings":[],"error":"line N: ..."}`},
		{[]string{"bench", "--help"}, "Measure pipeline throughput"},
		{[]string{"help", "run"}, "Usage: lethe run [flags]"},
	} {
		code, stdout, stderr := run(t, "", tc.args...)
		if code != 0 || !strings.Contains(stdout, tc.want) || stderr != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 0 and %q on stdout", tc.args, code, stdout, stderr, tc.want)
		}
	}
	if code, stdout, stderr := run(t, ""); code != 2 || stdout != "" || !strings.Contains(stderr, "Commands:") {
		t.Errorf("no command: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// The detect contract: one output line per input line, in order, offsets
// in UTF-8 bytes, bad lines answered with an error and no value.
// lethe detect answers a line while its input stays open: a caller may
// write a line and wait for the answer. Through Main, as the binary runs
// (a review found a buffer in the command holding answers the library had
// flushed). The timeout only keeps a failing test from hanging.
func TestDetectAnswersWhileInputIsOpen(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- Main(context.Background(), []string{"detect"}, inR, outW, io.Discard)
		outW.Close()
	}()
	answers := bufio.NewReader(outR)
	if _, err := io.WriteString(inW, `{"value":"alice@example.com"}`+"\n"); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() { l, _ := answers.ReadString('\n'); got <- l }()
	select {
	case l := <-got:
		if !strings.Contains(l, `"detector":"email"`) {
			t.Fatalf("answer %q, want the e-mail", l)
		}
	case <-time.After(time.Minute):
		t.Fatal("no answer while the input stays open")
	}
	inW.Close()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d", code)
	}
}

func TestDetectContract(t *testing.T) {
	in := strings.Join([]string{
		`{"field":"email","value":"anna.nowak@example.pl"}`,
		`{"value":"Zażółć: call +49 30 1234567 today"}`,
		`not json`,
		`{"value":"nothing here"}`,
	}, "\n") + "\n"
	code, out, stderr := run(t, in, "detect")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d output lines for 4 inputs", len(lines))
	}
	type finding struct {
		Category   string
		Start, End int
		Score      float64
		Detector   string
	}
	var res []struct {
		Findings []finding
		Error    string
	}
	for i, l := range lines {
		var r struct {
			Findings []finding
			Error    string
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		res = append(res, r)
	}
	if len(res[0].Findings) == 0 || res[0].Findings[0].Category != "user.contact.email" || res[0].Findings[0].End != len("anna.nowak@example.pl") {
		t.Errorf("line 1: %+v", res[0])
	}
	v := "Zażółć: call +49 30 1234567 today"
	start := strings.Index(v, "+49")
	found := false
	for _, f := range res[1].Findings {
		if f.Category == "user.contact.phone_number" && f.Start == start && f.End == start+len("+49 30 1234567") {
			found = true
		}
	}
	if !found {
		t.Errorf("line 2: phone span not at byte offsets [%d,%d): %+v", start, start+len("+49 30 1234567"), res[1].Findings)
	}
	if res[2].Error == "" || strings.Contains(res[2].Error, "not json") {
		t.Errorf("line 3: want an error without the input, got %q", res[2].Error)
	}
	if len(res[3].Findings) != 0 || !strings.Contains(lines[3], `"findings":[]`) {
		t.Errorf("line 4: want an empty findings list, got %s", lines[3])
	}
}

// A scan report names the database and the time, never the password.
func TestScanTitle(t *testing.T) {
	at := time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)
	got := scanTitle("postgres://lethe_scan:S3cretPw@db.example:5433/crm", at)
	want := "lethe scan: personal data in database crm on db.example:5433, 2026-11-29T03:00:00Z"
	if got != want || strings.Contains(got, "S3cretPw") {
		t.Fatalf("title %q, want %q", got, want)
	}
	// Without a database name PostgreSQL connects to the role's own, and a
	// role may be named by a person's e-mail address: named by neither.
	got = scanTitle("host=127.0.0.1 port=29510 user=anna.nowak@example.org sslmode=disable", at)
	if want := "lethe scan: personal data in the role's own database on 127.0.0.1:29510, 2026-11-29T03:00:00Z"; got != want {
		t.Fatalf("title %q, want %q", got, want)
	}
	// Nor a database named by one (a review).
	if got := scanTitle("host=db port=5432 user=x dbname=anna.nowak@example.org", at); strings.Contains(got, "anna") {
		t.Fatalf("title %q names the database by an e-mail address", got)
	}
}

// detokenize reverses the tokens made with the config's token key, one
// output line per input line, and names the lines it could not read by
// number, never by their text.
func TestDetokenize(t *testing.T) {
	dir := t.TempDir()
	const pk, tk = "7f3a9c0e1b2d4f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d2f4a",
		"c81e728d9d4c2f636f067f89cc14862c65990b3bd9b1e7dcf1a9b2c3d4e5f607"
	cfg := filepath.Join(dir, "lethe.yaml")
	if err := os.WriteFile(cfg, []byte("keys: {pseudonym: 'hex:"+pk+"', token: 'hex:"+tk+"'}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	hexKey := func(s string) []byte {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	san, err := sanitize.New(sanitize.Keys{Pseudonym: hexKey(pk), Token: hexKey(tk)})
	if err != nil {
		t.Fatal(err)
	}
	other, err := sanitize.New(sanitize.Keys{Pseudonym: hexKey(tk), Token: hexKey(pk)})
	if err != nil {
		t.Fatal(err)
	}
	values := []string{"DE89 3704 0044 0532 0130 00", "Zofia Wróbel\nul. Długa 5 <b>&"}
	// a byte order mark first, as Notepad saves a file
	good := "\ufeff" + san.Token(values[0]) + "\n  " + san.Token(values[1]) + "  \n"

	code, out, stderr := run(t, good, "detokenize", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	for i, want := range values {
		var d struct{ Value *string }
		if err := dec.Decode(&d); err != nil || d.Value == nil || *d.Value != want {
			t.Fatalf("line %d: %v, %+v; want %q", i+1, err, d, want)
		}
	}

	bad := san.Token(values[0]) + "\nsecret-looking text\n" + other.Token(values[0]) + "\n\n"
	code, out, stderr = run(t, bad, "detokenize", "--config", cfg)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 1 || len(lines) != 4 || !strings.Contains(stderr, "not tokens of this key: 3 of 4 (lines 2, 3, 4)") {
		t.Fatalf("exit %d, %d output lines, stderr %q; want exit 1, 4 lines, lines 2, 3, 4 named", code, len(lines), stderr)
	}
	if !strings.Contains(lines[0], `"value"`) || strings.Contains(lines[2], `"value"`) {
		t.Fatalf("want line 1 revealed and line 3 (another key's token) not: %q", lines)
	}
	if strings.Contains(out+stderr, "secret-looking") {
		t.Fatal("an unreadable line was echoed")
	}

	if code, _, stderr := run(t, good, "detokenize"); code != 2 || !strings.Contains(stderr, "--config is required") {
		t.Fatalf("without --config: exit %d, %q", code, stderr)
	}

	// The token key is all it needs: a pseudonym key held only where
	// lethe runs (its variable unset here) is not asked for.
	tokenOnly := filepath.Join(dir, "token-only.yaml")
	if err := os.WriteFile(tokenOnly, []byte("keys: {pseudonym: 'env:LETHE_TEST_UNSET_PSEUDONYM_KEY', token: 'hex:"+tk+"'}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = run(t, good, "detokenize", "--config", tokenOnly)
	if code != 0 || !strings.Contains(out, "Zofia") {
		t.Fatalf("with the token key alone: exit %d, %q", code, stderr)
	}
	noToken := filepath.Join(dir, "no-token.yaml")
	if err := os.WriteFile(noToken, []byte("keys: {pseudonym: 'hex:"+pk+"'}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, good, "detokenize", "--config", noToken); code != 2 || !strings.Contains(stderr, "keys.token") {
		t.Fatalf("without a token key: exit %d, %q", code, stderr)
	}
}

// A build without -ldflags names the module version or the commit Go
// stamped into it, so every binary says which code processed the data.
func TestVersionOf(t *testing.T) {
	stamped := func(v string, settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Version: v}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	for _, tc := range []struct {
		version string
		bi      *debug.BuildInfo
		want    string
	}{
		{"1.4.0", stamped("v0.0.0-x", "vcs.revision", "abc"), "1.4.0"}, // -ldflags wins
		{"dev", nil, "dev"},
		{"dev", stamped("v1.2.0"), "v1.2.0"}, // go install ...@v1.2.0
		{"dev", stamped("(devel)", "vcs.revision", "3068ce1a2b4c5d6e", "vcs.modified", "false"), "dev+3068ce1a2b4c"},
		{"dev", stamped("(devel)", "vcs.revision", "3068ce1a2b4c5d6e", "vcs.modified", "true"), "dev+3068ce1a2b4c-dirty"},
		{"dev", stamped("(devel)"), "dev"}, // -buildvcs=false
	} {
		if got := versionOf(tc.version, tc.bi); got != tc.want {
			t.Errorf("versionOf(%q, %+v) = %q, want %q", tc.version, tc.bi, got, tc.want)
		}
	}
}

// Blanks around the addresses of --brokers are not part of them: a review
// wrote "a:1, b:2" and had " b" looked up as a host.
func TestCheckBrokersTrims(t *testing.T) {
	b := " 127.0.0.1:1, localhost:9092 ,kafka-0.kafka:9093"
	if err := checkBrokers(&b); err != nil || b != "127.0.0.1:1,localhost:9092,kafka-0.kafka:9093" {
		t.Errorf("checkBrokers: %q, %v", b, err)
	}
	for _, bad := range []string{"a:1,,b:2", "a:1, ", "kafka 0:9092"} {
		if err := checkBrokers(&bad); err == nil {
			t.Errorf("checkBrokers(%q) took it", bad)
		}
	}
}

// lethe run --check warns of the insecure development keys a config's
// insecure_dev_keys derives, as the worker's start logs them: a config
// checked "valid" once said nothing of them (a review).
func TestCheckWarnsOfDevKeys(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("LETHE_TEST_CHECK_KEY", "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb")
	for _, tc := range []struct {
		name, cfg string
		want      []string
	}{
		{"no keys", "insecure_dev_keys: true\n", []string{"keys.pseudonym", "keys.token"}},
		{"a pseudonym key", "insecure_dev_keys: true\nkeys: {pseudonym: 'env:LETHE_TEST_CHECK_KEY'}\n", []string{"keys.token"}},
		{"dev keys off", "keys: {pseudonym: 'env:LETHE_TEST_CHECK_KEY', token: 'hex:3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d'}\n", nil},
	} {
		cfg := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".yaml")
		if err := os.WriteFile(cfg, []byte(tc.cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := run(t, "", "run", "--check", "--config", cfg)
		if code != 0 {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q; want the config valid", tc.name, code, stdout, stderr)
		}
		if !strings.Contains(stdout, "brokers the embedded broker on localhost:9092,") {
			t.Errorf("%s: stdout %q does not say where the embedded broker listens", tc.name, stdout)
		}
		for _, key := range []string{"keys.pseudonym", "keys.token"} {
			warned := strings.Contains(stdout, "warning: "+key+" is an insecure development key")
			if want := slices.Contains(tc.want, key); warned != want {
				t.Errorf("%s: %s warned %v, want %v; stdout %q", tc.name, key, warned, want, stdout)
			}
		}
	}
}

// A key in the environment that is not hex says how to make one: the
// README has LETHE_PSEUDONYM_KEY set to "hex, 32+ bytes", and a key made
// with openssl rand -base64 32, as often as not, got only "is not hex".
func TestCheckKeyNotHexSaysHowToMakeOne(t *testing.T) {
	t.Setenv("LETHE_TEST_B64_KEY", "x7Sg0Ykq8Wq1bM2vJ3cR9tZ4uN6pL5hE0aD1fG2iK3o=")
	cfg := writeConfig(t, "keys: {pseudonym: 'env:LETHE_TEST_B64_KEY', token: 'hex:3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d'}\n")
	code, _, stderr := run(t, "", "run", "--check", "--config", cfg)
	if code != 2 || !strings.Contains(stderr, "keys.pseudonym: environment variable LETHE_TEST_B64_KEY is not hex") ||
		!strings.Contains(stderr, "openssl rand -hex 32") || strings.Contains(stderr, "x7Sg0Y") {
		t.Fatalf("exit %d, stderr %q; want exit 2, the key named, how to make one, and not the value", code, stderr)
	}
}

// lethe run --check says what a valid config sets, and warns of a policy
// that is valid but passes personal data unmasked: a min_score above what
// the detectors give most names.
func TestCheckWarnsOfHighMinScore(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		minScore string
		warned   bool
	}{{"0.5", false}, {"0.8", false}, {"0.95", true}, {"1", true}} {
		pol := filepath.Join(dir, "policy-"+tc.minScore+".yaml")
		cfg := filepath.Join(dir, "lethe-"+tc.minScore+".yaml")
		if err := os.WriteFile(pol, []byte("version: v1\nmin_score: "+tc.minScore+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(cfg, []byte("insecure_dev_keys: true\npolicy: "+pol+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := run(t, "", "run", "--check", "--config", cfg)
		if code != 0 || !strings.Contains(stdout, "valid; ") {
			t.Fatalf("min_score %s: exit %d, stdout %q, stderr %q; want exit 0 and the config valid", tc.minScore, code, stdout, stderr)
		}
		if warned := strings.Contains(stdout, "warning: policy min_score "+tc.minScore+": findings scored below it pass unmasked"); warned != tc.warned {
			t.Errorf("min_score %s: warned %v, want %v; stdout %q", tc.minScore, warned, tc.warned, stdout)
		}
	}
}

// lethe run --check warns of special categories the detectors report that
// a recipient's fallback masks for want of a rule naming them, and says
// nothing of the built-in policy, which names them all.
func TestCheckWarnsOfSpecialCategoriesLeftToAFallback(t *testing.T) {
	pol := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(pol, []byte("version: v1\nrecipients: {ops: {default: mask}}\ndefaults: {\"*\": drop}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "", "run", "--check", "--config", writeConfig(t, "insecure_dev_keys: true\npolicy: "+pol+"\n"))
	if code != 0 || !strings.Contains(stdout, "valid; ") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want exit 0 and the config valid", code, stdout, stderr)
	}
	if n := strings.Count(stdout, "warning: policy recipients."); n != 1 || !strings.Contains(stdout, "warning: policy recipients.ops: user.health_and_medical, ") ||
		!strings.Contains(stdout, "are decided by recipients.ops.default: mask") {
		t.Errorf("stdout %q, want one warning, of ops's fallback masking the special categories", stdout)
	}
	code, stdout, stderr = run(t, "", "run", "--check", "--config", writeConfig(t, "insecure_dev_keys: true\n"))
	if code != 0 || strings.Contains(stdout, "warning: policy") {
		t.Errorf("the built-in policy: exit %d, stdout %q, stderr %q; want exit 0 and no policy warning", code, stdout, stderr)
	}
}

// writeConfig writes body as a config file in a directory of the test's
// and returns its path.
func writeConfig(t *testing.T, body string) string {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "lethe.yaml")
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// takenPort returns a local address a listener holds until the test ends.
func takenPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	return ln.Addr().String()
}

// tokenConfig writes a config of extra (YAML lines) and a token key, and
// returns its path and a sanitizer whose tokens that key reads back.
func tokenConfig(t *testing.T, extra string) (string, *sanitize.Sanitizer) {
	t.Helper()
	const tk = "c81e728d9d4c2f636f067f89cc14862c65990b3bd9b1e7dcf1a9b2c3d4e5f607"
	cfg := writeConfig(t, extra+"keys: {token: 'hex:"+tk+"'}\n")
	key, err := hex.DecodeString(tk)
	if err != nil {
		t.Fatal(err)
	}
	san, err := sanitize.New(sanitize.Keys{Pseudonym: bytes.Repeat([]byte{7}, 32), Token: key})
	if err != nil {
		t.Fatal(err)
	}
	return cfg, san
}

// A token lethe wrote fits the config's max_output_bytes, and detokenize
// reads it back whatever its size: a config that raised the bound above
// the 16 MiB a line took made tokens of large values (a document column
// the policy tokenizes) that lethe's own tool refused as too long.
func TestDetokenizeLargeToken(t *testing.T) {
	cfg, san := tokenConfig(t, "max_value_bytes: 33554432\nmax_output_bytes: 33554432\n")
	value := strings.Repeat("Vertrag Zofia Wróbel ", 13<<20/22) // about 13 MB: a token of about 17.5 MB
	tok := san.Token(value)
	if len(tok) <= maxTokenLine || len(tok) > 32<<20 {
		t.Fatalf("token of %d bytes: want one between the old line bound and max_output_bytes", len(tok))
	}
	code, out, stderr := run(t, tok+"\n", "detokenize", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var d struct{ Value *string }
	if err := json.Unmarshal([]byte(out), &d); err != nil || d.Value == nil || *d.Value != value {
		t.Fatalf("value not revealed (%v)", err)
	}
}

// lockedBuffer is a bytes.Buffer written by one goroutine and read by
// another.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// detokenize answers a line while its input stays open (a person pasting
// tokens into a terminal), and Ctrl-C ends it then: the answers were held
// until the input ended, and the blocked read ignored the signal.
func TestDetokenizeWhileInputWaits(t *testing.T) {
	cfg, san := tokenConfig(t, "")
	stdin, typing := io.Pipe()
	defer typing.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	done := make(chan error, 1)
	go func() { done <- runDetokenize(ctx, []string{"--config", cfg}, stdin, &stdout, &stderr) }()
	if _, err := io.WriteString(typing, san.Token("Zofia Wróbel")+"\n"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stdout.String(), `"value":"Zofia Wróbel"`) {
		if time.Now().After(deadline) {
			t.Fatalf("no answer 10 s after the line, while the input stays open: stdout %q", stdout.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel() // Ctrl-C
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("detokenize ended with %v, want the cancel", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("detokenize still waiting for input 10 s after Ctrl-C")
	}
}

// A value that is not UTF-8 text (an Avro bytes column of binary content
// that a column rule tokenizes) comes back whole, as base64: a JSON string
// cannot hold its bytes, and as "value" they came back as U+FFFD.
func TestDetokenizeBinaryValue(t *testing.T) {
	cfg, san := tokenConfig(t, "")
	binary := "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" // a JPEG's first bytes
	text := "Zofia\x00Wróbel"                        // a NUL is text JSON holds
	code, out, stderr := run(t, san.Token(binary)+"\n"+san.Token(text)+"\n", "detokenize", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	var d struct {
		Value  *string
		Base64 []byte
	}
	if err := dec.Decode(&d); err != nil || d.Value != nil || string(d.Base64) != binary {
		t.Errorf("binary value: %v, value %v, base64 %q; want its bytes as base64", err, d.Value, d.Base64)
	}
	d.Value, d.Base64 = nil, nil
	if err := dec.Decode(&d); err != nil || d.Value == nil || *d.Value != text || d.Base64 != nil {
		t.Errorf("text value: %v, %+v; want %q as value", err, d, text)
	}
}
