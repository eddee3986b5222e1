package worker

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/lethe-cdc/lethe/connectors/kafka"
	"gopkg.in/yaml.v3"
)

func TestLoadConfigExpandsEnvironment(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	body := "insecure_dev_keys: true\ntransactional_id: ${LETHE_TEST_POD}\ninstance_id: ${LETHE_TEST_POD}\ninputs: {regex: '^crm\\.x$'}\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LETHE_TEST_POD", "lethe-2")
	c, err := LoadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.TransactionalID != "lethe-2" || c.InstanceID != "lethe-2" || c.Inputs.Regex != `^crm\.x$` {
		t.Errorf("got %q %q %q", c.TransactionalID, c.InstanceID, c.Inputs.Regex)
	}
	os.Unsetenv("LETHE_TEST_POD")
	if _, err := LoadConfig(p); err == nil || !strings.Contains(err.Error(), "transactional_id: ${LETHE_TEST_POD} is not set") {
		t.Errorf("unset variable: err = %v", err)
	}
}

// A ${NAME} under a key the config does not know names the key only when
// it is a plain word: a passphrase typed where a key goes was printed as
// the key (a leak hunt).
func TestLoadConfigEnvErrorHidesUnknownKey(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	for _, body := range []string{
		"insecure_dev_keys: true\ncorrect horse s3cret staple: ${LETHE_TEST_UNSET}\n",
		"insecure_dev_keys: true\nbatch:\n  Sommer2024s3cret: ${LETHE_TEST_UNSET:-1}\n",
	} {
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := LoadConfig(p)
		if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "<key not shown>") {
			t.Errorf("%q: err = %v, want the key not shown", body, err)
		}
	}
}

// ${NAME} is expanded in values after parsing (a review found it expanded
// as raw text): a reference in a comment is left alone, and what a variable
// holds stays one value, whatever YAML it looks like.
func TestLoadConfigExpandsValuesOnly(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	body := "# transactional_id: ${LETHE_TEST_UNSET} in production\ninsecure_dev_keys: true\nbrokers: [kafka-1:9092]\ngroup: ${LETHE_TEST_G}\n" +
		"instance_id: ${LETHE_TEST_I}\ntopics: {replication: ${LETHE_TEST_R}}\ninputs: {regex: '^crm\\.x$'}\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LETHE_TEST_G", "team-a #prod")
	t.Setenv("LETHE_TEST_I", "x, keys: {pseudonym: env:X}")
	t.Setenv("LETHE_TEST_R", "3")
	c, err := LoadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Group != "team-a #prod" || c.InstanceID != "x, keys: {pseudonym: env:X}" || c.Topics.Replication != 3 || c.Keys.Pseudonym != "" {
		t.Errorf("group %q, instance %q, replication %d, pseudonym key %q", c.Group, c.InstanceID, c.Topics.Replication, c.Keys.Pseudonym)
	}
	t.Setenv("LETHE_TEST_G", "*s3cretValue") // an alias in raw text, and an error echoing it
	if c, err = LoadConfig(p); err != nil || c.Group != "*s3cretValue" {
		t.Errorf("group %q, err %v", c.Group, err)
	}
}

// A second YAML document would be ignored: a config or policy with one is
// refused.
func TestConfigOfTwoDocuments(t *testing.T) {
	for _, body := range []string{
		"insecure_dev_keys: true\n---\ngroup: second\n",
		"insecure_dev_keys: true\ngroup: ${LETHE_TEST_G}\n---\nbrokerz: [typo]\n",
	} {
		p := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("LETHE_TEST_G", "g")
		_, err := LoadConfig(p)
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.Contains(ce.Problem, "a second YAML document starts at line") {
			t.Errorf("%q: err = %v, want a second document refused", body, err)
		}
	}
	p := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(p, []byte("insecure_dev_keys: true\ninputs: {regex: '^crm'}\n---\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadConfig(p); err != nil {
		t.Errorf("a trailing --- : %v", err)
	}
}

// A tool that only reads lethe's topics loads the config without its
// keys: an auditor running lethe inventory needs no access to them, and the
// loaded config holds none, not even development keys.
func TestLoadConfigWithoutKeys(t *testing.T) {
	dir := t.TempDir()
	for _, body := range []string{
		"brokers: [kafka:9092]\nkeys: {pseudonym: 'env:LETHE_TEST_UNSET_P', token: 'env:LETHE_TEST_UNSET_T'}\n",
		"brokers: [kafka:9092]\n",
		"brokers: [kafka:9092]\ninsecure_dev_keys: true\n",
	} {
		p := filepath.Join(dir, "c.yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := LoadConfigWithoutKeys(p)
		if err != nil {
			t.Fatalf("%q: %v", body, err)
		}
		if c.Brokers[0] != "kafka:9092" || c.Keys != (KeysConfig{}) || c.InsecureDevKeys {
			t.Errorf("%q: loaded %+v, keys %+v", body, c.Brokers, c.Keys)
		}
		if _, err := c.Sanitizer(); err == nil {
			t.Errorf("%q: a sanitizer was built without keys", body)
		}
		if _, err := LoadConfig(p); err == nil && !strings.Contains(body, "insecure") {
			t.Errorf("%q: LoadConfig took it without keys", body)
		}
	}
}

// The Kubernetes config names ${POD_NAMESPACE} and ${POD_NAME} in keys
// lethe inventory and detokenize do not read: outside the pod they load
// it, while lethe run, and a reference in a key they read, still fail.
func TestLoadConfigUnsetInUnusedKeys(t *testing.T) {
	t.Setenv("LETHE_TEST_T", testKey(3))
	p := filepath.Join(t.TempDir(), "c.yaml")
	write := func(body string) {
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("brokers: [kafka:9092]\ngroup: lethe-${LETHE_TEST_UNSET_NS}\ntransactional_id: lethe-${LETHE_TEST_UNSET_NS}-${LETHE_TEST_UNSET_POD}\n" +
		"keys: {pseudonym: 'env:LETHE_TEST_UNSET_P', token: 'env:LETHE_TEST_T'}\n")
	if _, err := LoadConfigWithoutKeys(p); err != nil {
		t.Errorf("inventory: %v", err)
	}
	if _, err := LoadConfigForTokens(p); err != nil {
		t.Errorf("detokenize: %v", err)
	}
	if _, err := LoadConfig(p); !isConfigProblem(err, "group", "") {
		t.Errorf("run: %v, want an error naming group", err)
	}
	write("brokers: ['${LETHE_TEST_UNSET_KAFKA}']\n")
	if _, err := LoadConfigWithoutKeys(p); !isConfigProblem(err, "brokers[0]", "not set") {
		t.Errorf("inventory with its brokers unset: %v, want an error naming brokers[0]", err)
	}
}

func TestDefaultsAreValid(t *testing.T) {
	c, err := parseYAML(t, "insecure_dev_keys: true\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.Group != "lethe" || c.Inputs.Regex != DefaultInputRegex || c.Topics.Commands != "lethe.commands" || c.Topics.Partitions != 3 {
		t.Errorf("defaults: %+v", c)
	}
}

func TestOutputTopicsMustNotBeInputs(t *testing.T) {
	for _, tc := range []struct{ yaml, key string }{
		{"insecure_dev_keys: true\ntopics: {commands: crm.lethe.commands}\n", "topics.commands"},
		{"insecure_dev_keys: true\ntopics: {commands: x, deadletter: x}\n", "topics.deadletter"},
		{"insecure_dev_keys: true\ntopics: {commands: lethe.x_y, datamap: lethe_x.y}\n", "topics.datamap: \"lethe_x.y\" is also topics.commands (to Kafka '.' and '_' are one)"},
		{"insecure_dev_keys: true\ninputs: {topics: [a.b.c]}\ntopics: {datamap: a.b.c}\n", "topics.datamap"},
	} {
		_, err := parseYAML(t, tc.yaml)
		if err == nil || !strings.Contains(err.Error(), tc.key) {
			t.Errorf("%q: err = %v, want one naming %s", tc.yaml, err, tc.key)
		}
	}
}

func TestRecipientTopicMustNotBeAnInput(t *testing.T) {
	dir := t.TempDir()
	pol := filepath.Join(dir, "p.yaml")
	if err := os.WriteFile(pol, []byte("version: x\nrecipients: {default: {topic: \"crm.sanitized.{table}\"}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.Policy = pol
	w, err := New(t.Context(), cfg, nil)
	if err == nil {
		w.Close()
		t.Fatal("a recipient topic matching the input regex was accepted")
	}
	if !strings.Contains(err.Error(), "crm.sanitized.lethe_probe") {
		t.Errorf("err = %v", err)
	}
}

// YAML errors name the key, never the value (it may be a secret).
func TestParseConfigYAMLErrorsNameTheKey(t *testing.T) {
	for _, tc := range []struct {
		doc, key, problem string
	}{
		{"batch:\n  max_records: lots\n", "batch.max_records", "line 2: got !!str, want a whole number"},
		{"brokers: [localhost:9092, {a: b}]\n", "brokers[1]", "got !!map, want a string"},
		{"brokres: [a]\n", "brokres", "field brokres not found"},
		{"batch:\n  max_records: 5\n  max_recs: 7\n", "batch.max_recs", "field max_recs not found"},
		{"keys: {pseudonym: [hex:00112233445566778899]}\n", "keys.pseudonym", "got !!seq, want a string"},
		{"batch: {max_records: lots, max_wait: soon}\n", "batch.max_records", "got !!str, want a whole number (and 1 more)"},
		{"batch: [\n", "yaml", "did not find expected node content"},
	} {
		_, err := parseYAML(t, tc.doc)
		var ce *ConfigError
		if !errors.As(err, &ce) {
			t.Errorf("%q: error %v, want a ConfigError", tc.doc, err)
			continue
		}
		if ce.Key != tc.key || !strings.Contains(ce.Problem, tc.problem) {
			t.Errorf("%q: key %q, problem %q; want key %q, problem with %q", tc.doc, ce.Key, ce.Problem, tc.key, tc.problem)
		}
		for _, v := range []string{"lots", "hex:0011", "soon"} {
			if strings.Contains(ce.Error(), v) {
				t.Errorf("%q: the error %q repeats the value %q", tc.doc, ce.Error(), v)
			}
		}
	}
}

// Paths in a config file are relative to the file, so the same file works
// from any working directory (a service's is often /).
func TestLoadConfigPathsRelativeToFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "conf"), 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, "conf", name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("policy.yaml", "version: rel\n")
	write("pseudonym.key", testKey(1))
	write("token.key", testKey(2))
	write("lethe.yaml", "policy: policy.yaml\nkeys: {pseudonym: 'file:pseudonym.key', token: 'file:"+filepath.Join(dir, "conf", "token.key")+"'}\nembedded: {data_dir: data}\n")
	t.Chdir(t.TempDir()) // anywhere but the config's directory
	c, err := LoadConfig(filepath.Join(dir, "conf", "lethe.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "conf")
	if c.Policy != filepath.Join(want, "policy.yaml") || c.Embedded.DataDir != filepath.Join(want, "data") ||
		c.Keys.Pseudonym != "file:"+filepath.Join(want, "pseudonym.key") || c.Keys.Token != "file:"+filepath.Join(want, "token.key") {
		t.Errorf("paths not resolved against %s: policy %q, data_dir %q, keys %q %q", want, c.Policy, c.Embedded.DataDir, c.Keys.Pseudonym, c.Keys.Token)
	}
}

// The documented example config and the Kubernetes one load from any
// working directory.
func TestDeployConfigLoads(t *testing.T) {
	t.Setenv("LETHE_PSEUDONYM_KEY", testKey(1))
	t.Setenv("LETHE_TOKEN_KEY", testKey(2))
	t.Setenv("POD_NAME", "lethe-0")
	t.Setenv("POD_NAMESPACE", "prod")
	for _, f := range []string{"../../deploy/lethe.yaml", "../../deploy/k8s/lethe.yaml"} {
		p, err := filepath.Abs(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(filepath.Dir(p)), func(t *testing.T) {
			t.Chdir(t.TempDir())
			c, err := LoadConfig(p)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(f, "k8s") && c.TransactionalID != "lethe-prod-lethe-0" {
				t.Errorf("transactional id %q, want it made of namespace and pod name", c.TransactionalID)
			}
		})
	}
}

// An unknown key source is not echoed: a secret written inline with a
// colon would otherwise reach the log.
func TestUnknownKeySourceNotEchoed(t *testing.T) {
	_, err := parseYAML(t, "keys: {pseudonym: 'myS3cret:x', token: 'myS3cret:x'}\n")
	if err == nil || strings.Contains(err.Error(), "myS3cret") || !strings.Contains(err.Error(), "keys.pseudonym") {
		t.Fatalf("err = %v, want keys.pseudonym named and the value left out", err)
	}
}

// deploy/lethe.yaml says it documents every key: each key of Config must
// appear in it.
func TestDeployConfigDocumentsEveryKey(t *testing.T) {
	b, err := os.ReadFile("../../deploy/lethe.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				p := path + n.Content[i].Value
				have[p] = true
				walk(n.Content[i+1], p+".")
			}
		}
	}
	walk(&root, "")
	var want func(t reflect.Type, path string)
	want = func(typ reflect.Type, path string) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if tag == "" || tag == "-" {
				continue
			}
			if !have[path+tag] {
				t.Errorf("deploy/lethe.yaml does not document %s%s", path, tag)
			}
			if f.Type.Kind() == reflect.Struct && f.Type.PkgPath() == typ.PkgPath() {
				want(f.Type, path+tag+".")
			}
		}
	}
	want(reflect.TypeFor[Config](), "")
}

// deploy/lethe.yaml shows each key with its default, but for the keys it
// gives an example of (exampleKeys), and the bounds its comments give are
// those Validate enforces: a default or a limit changed in the code and not
// in the file that documents it fails here.
func TestDeployConfigShowsDefaults(t *testing.T) {
	b, err := os.ReadFile("../../deploy/lethe.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var shown Config
	if err := yaml.Unmarshal(b, &shown); err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		t.Fatal(err)
	}
	var def Config
	def.Default()
	// The runner's defaults, which Default leaves at 0.
	def.Batch = BatchConfig{MaxRecords: kafka.DefaultMaxBatch, MaxWait: kafka.DefaultMaxWait}
	exampleKeys := []string{"brokers", "policy", "keys.pseudonym", "keys.token", "http.addr"}
	var walk func(n *yaml.Node, path string, shown, def reflect.Value)
	walk = func(n *yaml.Node, path string, shown, def reflect.Value) {
		if n.Kind == yaml.DocumentNode {
			walk(n.Content[0], path, shown, def)
			return
		}
		if n.Kind != yaml.MappingNode {
			if slices.Contains(exampleKeys, path) {
				return
			}
			if shown.Kind() == reflect.Slice && shown.Len() == 0 && def.Len() == 0 {
				return // [] and none
			}
			if !reflect.DeepEqual(shown.Interface(), def.Interface()) {
				t.Errorf("deploy/lethe.yaml shows %s: %v, but its default is %v", path, shown.Interface(), def.Interface())
			}
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			for f := range shown.NumField() {
				if tag, _, _ := strings.Cut(shown.Type().Field(f).Tag.Get("yaml"), ","); tag == key {
					walk(n.Content[i+1], strings.TrimPrefix(path+"."+key, "."), shown.Field(f), def.Field(f))
				}
			}
		}
	}
	walk(&root, "", reflect.ValueOf(shown), reflect.ValueOf(def))
	for _, bound := range []string{
		fmt.Sprintf("1 to %d", maxPartitions),
		fmt.Sprintf("0 to %d", maxParallelism),
		fmt.Sprintf("From 1024 to %d", maxValueBytesLimit),
		fmt.Sprintf("From 1024 to %d", maxOutputBytesLimit),
		fmt.Sprintf("at most %d", maxPartitionColumnsLimit),
		fmt.Sprintf("at most %s", maxBatchWait),
		fmt.Sprintf("at most %d bytes", maxIDBytes),
	} {
		if !bytes.Contains(b, []byte(bound)) {
			t.Errorf("deploy/lethe.yaml does not say %q", bound)
		}
	}
}

// Security settings that would weaken what lethe protects are refused, and
// their errors repeat no secret.
func TestWeakSecuritySettingsRefused(t *testing.T) {
	t.Setenv("LETHE_TEST_KEY", testKey(1))
	for _, tc := range []struct {
		name, yaml, key, secret string
	}{
		{"one key for both", "keys: {pseudonym: 'env:LETHE_TEST_KEY', token: 'env:LETHE_TEST_KEY'}\n", "keys.token", ""},
		{"PLAIN without TLS", "insecure_dev_keys: true\nsasl: {mechanism: PLAIN, username: u, password: 'env:LETHE_TEST_KEY'}\n", "sasl.mechanism", ""},
		{"inline SASL password with a colon", "insecure_dev_keys: true\ntls: {enabled: true}\nsasl: {mechanism: SCRAM-SHA-256, username: u, password: 'Tr0ub4dor:horse'}\n", "sasl.password", "Tr0ub4dor"},
		{"key file with a hex typo", "keys: {pseudonym: 'file:" + writeTemp(t, testKey(2)+"c") + "', token: 'env:LETHE_TEST_KEY'}\n", "keys.pseudonym", ""},
		{"key of zeros", "keys: {pseudonym: 'hex:" + strings.Repeat("00", 32) + "', token: 'env:LETHE_TEST_KEY'}\n", "keys.pseudonym", ""},
		{"key of a repeated pattern", "keys: {pseudonym: 'hex:" + strings.Repeat("4142", 16) + "', token: 'env:LETHE_TEST_KEY'}\n", "keys.pseudonym", ""},
		{"key file holding a passphrase", "keys: {pseudonym: 'file:" + writeTemp(t, "changeme-changeme-changeme-change\n") + "', token: 'env:LETHE_TEST_KEY'}\n", "keys.pseudonym", "changeme"},
		{"registry URL not http", "insecure_dev_keys: true\nregistry: {url: 'ftp://user:S3cretPw@host'}\n", "registry.url", "S3cretPw"},
		{"registry URL with a query", "insecure_dev_keys: true\nregistry: {url: 'https://host:8081/apis/ccompat/v7?api_key=S3cretPw'}\n", "registry.url", "S3cretPw"},
		{"registry URL with a fragment", "insecure_dev_keys: true\nregistry: {url: 'https://host:8081#S3cretPw'}\n", "registry.url", "S3cretPw"},
		// A password holding a "/" not percent-encoded: the host was read
		// as "u:12" (user u, port 12), and every log line naming the
		// registry quoted the password's first part.
		{"registry URL with a password holding a slash", "insecure_dev_keys: true\nregistry: {url: 'https://u:12/S3cretPw@host:8081'}\n", "registry.url", "S3cretPw"},
		// Kafka takes no user info in a broker's address: a password
		// written there passed and was printed by --check and the
		// start-up log.
		{"broker with user info", "insecure_dev_keys: true\nbrokers: ['S3cretPw@kafka-1:9092']\n", "brokers[0]", "S3cretPw"},
		{"registry URL with a password holding a slash, user given", "insecure_dev_keys: true\nregistry: {url: 'https://u:p@x/S3cretPw@host:8081'}\n", "registry.url", "S3cretPw"},
		{"registry CA over http", "insecure_dev_keys: true\nregistry: {url: 'http://user:S3cretPw@host:8081', ca_file: /etc/ssl/ca.pem}\n", "registry.ca_file", "S3cretPw"},
		{"registry CA without a registry", "insecure_dev_keys: true\nregistry: {ca_file: /etc/ssl/ca.pem}\n", "registry.url", ""},
		{"registry client cert without key", "insecure_dev_keys: true\nregistry: {url: 'https://host:8081', cert_file: /etc/ssl/c.pem}\n", "registry.cert_file", ""},
		{"TLS with the embedded broker", "insecure_dev_keys: true\ntls: {enabled: true}\n", "tls.enabled", ""},
		{"SASL with the embedded broker", "insecure_dev_keys: true\ntls: {enabled: true}\nsasl: {mechanism: SCRAM-SHA-256, username: u, password: 'env:LETHE_TEST_KEY'}\n", "tls.enabled", ""},
		{"SASL alone with the embedded broker", "insecure_dev_keys: true\nsasl: {mechanism: SCRAM-SHA-512, username: u, password: 'env:LETHE_TEST_KEY'}\n", "sasl.mechanism", ""},
		{"replication with the embedded broker", "insecure_dev_keys: true\ntopics: {replication: 3}\n", "topics.replication", ""},
		{"registry CA file missing", "insecure_dev_keys: true\nregistry: {url: 'https://host:8081', ca_file: /nonexistent/ca.pem}\n", "registry.ca_file", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseYAML(t, tc.yaml)
			if !isConfigProblem(err, tc.key, "") {
				t.Fatalf("err = %v, want a ConfigError for %s", err, tc.key)
			}
			if tc.secret != "" && strings.Contains(err.Error(), tc.secret) {
				t.Fatalf("the error repeats a secret: %v", err)
			}
		})
	}
}

// Brokers given on the command line (WithBrokers) count for the checks of
// what the embedded broker cannot do: a review saw lethe run --brokers
// refuse a TLS config for having no brokers.
func TestWithBrokersCountsForEmbeddedChecks(t *testing.T) {
	for _, yaml := range []string{
		"insecure_dev_keys: true\ntls: {enabled: true}\n",
		"insecure_dev_keys: true\ntopics: {replication: 3}\n",
	} {
		path := writeTemp(t, yaml)
		if _, err := LoadConfig(path); err == nil {
			t.Errorf("%q without brokers loaded", yaml)
		}
		cfg, err := LoadConfig(path, WithBrokers([]string{"kafka-1:9093"}))
		if err != nil || len(cfg.Brokers) != 1 {
			t.Errorf("%q with brokers from a flag: %v (brokers %v)", yaml, err, cfg.Brokers)
		}
		if _, err := LoadConfigWithoutKeys(path, WithBrokers([]string{"kafka-1:9093"})); err != nil {
			t.Errorf("%q without keys, with brokers from a flag: %v", yaml, err)
		}
		// lethe detokenize talks to no broker: brokers are none of its business (a review)
		if _, err := LoadConfigForTokens(path); err != nil {
			t.Errorf("%q for tokens, which need no broker: %v", yaml, err)
		}
	}
}

// A password in registry.url goes to basic auth: it must not reach the
// URL that request errors quote.
func TestRegistryURLPasswordNotInErrors(t *testing.T) {
	cfg := testConfig()
	cfg.Registry.URL = "http://lethe:S3cretRegistryPw@127.0.0.1:1"
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	core, logs := observer.New(zap.DebugLevel)
	w, err := New(ctx, cfg, zap.New(core))
	if err != nil { // a registry out of reach is waited for, not an error (TestRegistryOutageAtStartWaits)
		t.Fatal(err)
	}
	defer w.Close()
	actx, acancel := context.WithTimeout(ctx, 2*time.Second)
	defer acancel()
	if err := w.cmdSchema.await(actx, zap.New(core)); err == nil {
		t.Fatal("a registry that cannot be reached was registered with")
	}
	_, on := w.cmdSchema.waiting()
	said := on
	for _, e := range logs.All() {
		said += e.Message
		for _, f := range e.Context {
			said += f.String
			if err, ok := f.Interface.(error); ok {
				said += err.Error()
			}
		}
	}
	if !strings.Contains(on, "127.0.0.1:1") || strings.Contains(said, "S3cretRegistryPw") {
		t.Fatalf("the wait %q or the log repeats the registry password, or names no registry: %s", on, said)
	}
}

// A secret written where its name belongs (env:<the key>, file:<the key>)
// is not printed back by the error that says it is not found; a name that
// looks like one is (a review found both echoed).
func TestSecretWrittenAsItsNameNotEchoed(t *testing.T) {
	key := testKey(9)
	for _, tc := range []struct {
		yaml, secret, want string
	}{
		{"keys: {pseudonym: \"env:" + key + "\", token: \"hex:" + testKey(2) + "\"}\n", key, "keys.pseudonym: environment variable (its name is not shown"},
		{"keys: {pseudonym: \"file:" + key + "\", token: \"hex:" + testKey(2) + "\"}\n", key, "keys.pseudonym: open (its name is not shown"},
		{"keys: {pseudonym: \"env:LETHE_NO_SUCH_KEY\", token: \"hex:" + testKey(2) + "\"}\n", "", "environment variable LETHE_NO_SUCH_KEY is not set"},
		{"keys: {pseudonym: \"file:/nonexistent/missing/pseudonym.hex\", token: \"hex:" + testKey(2) + "\"}\n", "", "/nonexistent/missing/pseudonym.hex: no such file"},
	} {
		_, err := parseYAML(t, tc.yaml)
		if err == nil || tc.secret != "" && strings.Contains(err.Error(), tc.secret) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q and no secret", tc.yaml, err, tc.want)
		}
	}
	for _, ref := range []string{"env:Hunter2-Pa55", "env:DE1157B9C0FFEE42DEADBEEF0123F9F7", "file:k3y+Secret0123456789abc/Wq9==",
		"file:Tr0ub4dor&3!", "file:/etc/lethe/k3ySecret0123456789abcdef/Wq9"} {
		c := SASLConfig{Mechanism: "PLAIN", Username: "u", Password: ref}
		_, secret, _ := strings.Cut(ref, ":")
		secret = strings.TrimPrefix(secret, "/etc/lethe/")
		if _, err := c.password(); err == nil || strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "Wq9") {
			t.Errorf("SASL password reference %s: err = %v", ref, err)
		}
	}
	// Names people give secrets' files and variables stay shown (a
	// third review found Docker's /run/secrets/postgres_password hidden).
	for _, ref := range []string{"env:LETHE_SASL_PASSWORD", "env:lethe_sasl_password", "file:/run/secrets/sasl-password.txt", "file:secrets/sasl",
		"file:/run/secrets/postgres_password", "file:/vault/secrets/lethe-pseudonym-key", "file:/srv/lethe-prod-eu-west-1/keys/pseudonym.hex"} {
		c := SASLConfig{Mechanism: "PLAIN", Username: "u", Password: ref}
		_, name, _ := strings.Cut(ref, ":")
		if _, err := c.password(); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("SASL password reference %s: err = %v, want the name shown", ref, err)
		}
	}
}

// A SASL password ends where its line does, from a file or from the
// environment alike: a Kubernetes secret made with --from-file holds the
// file's newline, in a mounted file and in a variable set from it, and the
// broker refused the variable's without saying why.
func TestSASLPasswordLineEndTrimmed(t *testing.T) {
	t.Setenv("LETHE_TEST_SASL_PW", "Hunter2-Pa55\r\n")
	for _, ref := range []string{"env:LETHE_TEST_SASL_PW", "file:" + writeTemp(t, "Hunter2-Pa55\n")} {
		c := SASLConfig{Mechanism: "PLAIN", Username: "u", Password: ref}
		if pw, err := c.password(); err != nil || pw != "Hunter2-Pa55" {
			t.Errorf("%s: password of %d bytes (%v), want the 12 before the line end", ref[:4], len(pw), err)
		}
	}
}

// A value given where a broker, a host, a topic or a level goes is quoted
// in the error only when it cannot be a secret.
func TestShownValues(t *testing.T) {
	for v, shown := range map[string]bool{
		"kafka://user:S3cretPw@broker:9092": false, "user:pw@broker:9092": false, "Tr0ub4dor&3!": false,
		"k3y+Secret/Wq9AbCdEf12==": false, "3f9a0c1d2e3f4a5b6c7d8e9f0a1b2c3d": false, "S3cretPw1234567890": false,
		"nohost": true, "kafka:xx": true, "debug2": true, "lethe.datamap": true, "my host": true,
	} {
		if got := Shown(v); (got == strconv.Quote(v)) != shown {
			t.Errorf("Shown(%q) = %s, want shown: %v", v, got, shown)
		}
	}
	if err := CheckAddr("kafka://user:S3cretPw@broker:9092", false); err == nil || strings.Contains(err.Error(), "S3cretPw") {
		t.Errorf("CheckAddr: %v", err)
	}
	c := SASLConfig{Mechanism: "S3cretPw!x"}
	if err := c.validate(); err == nil || strings.Contains(err.Error(), "S3cretPw") {
		t.Errorf("sasl.mechanism: %v", err)
	}
}

// writeTemp writes body to a new file and returns its path.
// parseYAML loads doc as lethe run loads a config file.
func parseYAML(t *testing.T, doc string) (Config, error) {
	t.Helper()
	return LoadConfig(writeTemp(t, doc))
}

func writeTemp(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// testKey is a random-looking hex key, different for each seed.
func testKey(seed byte) string {
	h := sha256.Sum256([]byte{seed})
	return hex.EncodeToString(h[:])
}

// Console logs carry colour codes on a terminal only: in a file they are
// noise.
func TestConsoleLogColourOnTerminalOnly(t *testing.T) {
	for _, terminal := range []bool{false, true} {
		var b strings.Builder
		log, err := NewLoggerTo(LogConfig{Format: "console", Level: "info"}, &b, terminal)
		if err != nil {
			t.Fatal(err)
		}
		log.Warn("input dead-lettered")
		if got := strings.Contains(b.String(), "\x1b["); got != terminal || !strings.Contains(b.String(), "WARN") {
			t.Errorf("terminal %v: log %q", terminal, b.String())
		}
	}
	if _, err := NewLoggerTo(LogConfig{Format: "json", Level: "info"}, &strings.Builder{}, false); err == nil {
		t.Error("a JSON log to another output was accepted")
	}
}

func TestCheckAddr(t *testing.T) {
	for _, tc := range []struct {
		addr   string
		listen bool
		ok     bool
	}{
		{"localhost:9092", false, true},
		{"[::1]:9092", false, true},
		{"kafka-0.kafka:9093", false, true},
		{"localhost:65535", false, true},
		{"localhost", false, false},
		{"kafka:xx", false, false},
		{"kafka:0", false, false},
		{"kafka:65536", false, false},
		{"kafka:-1", false, false},
		{":9092", false, false}, // a broker needs its host
		{":9092", true, true},   // a listener takes every interface
		{"127.0.0.1:0", true, true},
		{"127.0.0.1:99999", true, false},
		{"nohost", true, false},
		{" 127.0.0.1:9092", false, false}, // a blank no resolver takes (a review's "a:1, b:2")
		{"kafka 1:9092", false, false},
	} {
		if err := CheckAddr(tc.addr, tc.listen); (err == nil) != tc.ok {
			t.Errorf("CheckAddr(%q, listen %v) = %v, want ok %v", tc.addr, tc.listen, err, tc.ok)
		}
	}
}

// DialBrokers names the embedded broker a config without brokers starts,
// as clients reach it, so that lethe inventory --config finds it.
func TestDialBrokers(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Brokers: []string{"k1:9092", "k2:9092"}, Embedded: EmbeddedConfig{Listen: "127.0.0.1:29043"}}, "k1:9092,k2:9092"},
		{Config{Embedded: EmbeddedConfig{Listen: "127.0.0.1:29043"}}, "127.0.0.1:29043"},
		{Config{Embedded: EmbeddedConfig{Listen: "0.0.0.0:9092"}}, "localhost:9092"},
		{Config{Embedded: EmbeddedConfig{Listen: ":9092"}}, "localhost:9092"},
		{Config{Embedded: EmbeddedConfig{Listen: "0.0.0.0:9092", AdvertisedHost: "lethe-0.lethe"}}, "lethe-0.lethe:9092"},
		{Config{}, "localhost:9092"},
	} {
		got, err := tc.cfg.DialBrokers()
		if err != nil || strings.Join(got, ",") != tc.want {
			t.Errorf("%+v: DialBrokers = %v, %v; want %s", tc.cfg.Embedded, got, err, tc.want)
		}
	}
}

// A connector's own unavailable.value.placeholder is taken, unless lethe
// would pass on personal data or every blank value raw with it.
func TestUnavailableValuePlaceholder(t *testing.T) {
	for _, tc := range []struct {
		placeholder, problem string
	}{
		{"", ""},
		{"<not sent>", ""},
		{"~", ""},
		{"  ", "must not be blank"},
		{strings.Repeat("x", 257), "at most 256 bytes"},
		{"jan.kowalski@example.com", "holds what lethe detects as personal data"},
		{"DE89370400440532013000", "holds what lethe detects as personal data"},
	} {
		c := &Config{InsecureDevKeys: true, Inputs: InputsConfig{UnavailableValuePlaceholder: tc.placeholder}}
		c.Default()
		err := c.Validate()
		switch {
		case tc.problem == "" && err != nil:
			t.Errorf("%q: %v", tc.placeholder, err)
		case tc.problem != "" && !isConfigProblem(err, "inputs.unavailable_value_placeholder", tc.problem):
			t.Errorf("%q: err %v, want inputs.unavailable_value_placeholder: %s", tc.placeholder, err, tc.problem)
		case err != nil && strings.Contains(err.Error(), "kowalski"):
			t.Errorf("the error shows the value: %v", err)
		}
	}
}

// inputs.legacy_charset takes a single-byte code page's label and refuses
// anything else by its key.
func TestLegacyCharsetConfig(t *testing.T) {
	for _, tc := range []struct{ label, problem string }{
		{"", ""},
		{"windows-1250", ""},
		{"latin2", ""},
		{"utf-8", "not a single-byte code page"},
		{"windows-1520", "unknown code page"},
	} {
		c := &Config{InsecureDevKeys: true, Inputs: InputsConfig{LegacyCharset: tc.label}}
		c.Default()
		err := c.Validate()
		switch {
		case tc.problem == "" && err != nil:
			t.Errorf("%q: %v", tc.label, err)
		case tc.problem != "" && !isConfigProblem(err, "inputs.legacy_charset", tc.problem):
			t.Errorf("%q: err %v, want inputs.legacy_charset: %s", tc.label, err, tc.problem)
		}
	}
}

// Of several faulty output topics the first in the file's order is named,
// every time: the checks ran over a map, whose order Go varies.
func TestOutputTopicErrorsInOrder(t *testing.T) {
	doc := "insecure_dev_keys: true\ntopics: {commands: 'bad topic', deadletter: 'bad too', datamap: 'and this'}\n"
	for range 20 {
		if _, err := parseYAML(t, doc); err == nil || !strings.Contains(err.Error(), "topics.commands") {
			t.Fatalf("err = %v, want topics.commands named", err)
		}
	}
}

// A password typed into a key that takes one of a few words is not printed
// back (a review: log.format: hunter2 was); a plain typo is.
func TestWordKeysDoNotEchoSecrets(t *testing.T) {
	// Only a near miss of a choice is quoted: passphrases and generated
	// passwords are words too (a review).
	for _, v := range []string{"correct-horse-battery-staple", "dafvyR-qehxo4-puhkyg", "Sommer-2024", "hunter-2",
		"pw-Hunter2pass", "CorrectHorseBattery", "xKqPzLmRtWvBnHgF", "letmein", "123456", "plainpassword", "InfoSec", "plainpwd"} {
		if got := ShownWord(v, "debug", "info", "warn", "error", "PLAIN", "SCRAM-SHA-256"); got != "(a value not shown: it may hold a secret)" {
			t.Errorf("ShownWord(%q) = %s", v, got)
		}
	}
	for _, tc := range []struct{ doc, key, shown string }{
		{"insecure_dev_keys: true\nlog: {format: hunter2}\n", "log.format", ""},
		{"insecure_dev_keys: true\nlog: {level: Sommer2024}\n", "log.level", ""},
		{"insecure_dev_keys: true\nlog: {level: eror}\n", "log.level", `"eror"`},
		{"insecure_dev_keys: true\nlog: {level: WARNING}\n", "log.level", `"WARNING"`},
		{"insecure_dev_keys: true\nlog: {level: Info, format: json}\n", "log.level", `"Info"`},
		{"insecure_dev_keys: true\nbrokers: ['k:9092']\nsasl: {mechanism: Hunter2pass, username: u, password: 'env:X'}\n", "sasl.mechanism", ""},
		{"insecure_dev_keys: true\nbrokers: ['k:9092']\nsasl: {mechanism: SCRAM-SHA-265, username: u, password: 'env:X'}\n", "sasl.mechanism", `"SCRAM-SHA-265"`},
		{"insecure_dev_keys: true\nbrokers: ['k:9092']\nsasl: {mechanism: scram-sha-256, username: u, password: 'env:X'}\n", "sasl.mechanism", `"scram-sha-256"`},
	} {
		_, err := parseYAML(t, tc.doc)
		if !isConfigProblem(err, tc.key, "") {
			t.Errorf("%q: err = %v, want one for %s", tc.doc, err, tc.key)
			continue
		}
		for _, secret := range []string{"hunter2", "Sommer2024", "Hunter2pass"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%q: err = %v quotes the value", tc.doc, err)
			}
		}
		if tc.shown != "" && !strings.Contains(err.Error(), tc.shown) {
			t.Errorf("%q: err = %v, want %s shown", tc.doc, err, tc.shown)
		}
	}
}

// What a typo-prone hand writes and lethe took with another meaning than
// the one meant is refused, named by its key, the value not shown.
func TestConfigMistakesRefused(t *testing.T) {
	t.Setenv("LETHE_TEST_EMPTY", "")
	t.Setenv("LETHE_TEST_KEY", testKey(1))
	bomHex := writeTemp(t, "\ufeff"+testKey(2)+"\r\n")
	for _, tc := range []struct {
		name, yaml, key, problem string
	}{
		// yaml.v3 drops a null key, and what it holds with it
		{"null key", "insecure_dev_keys: true\nnull: {group: s3cret}\n", "yaml", "line 2: an empty key"},
		{"null key in a section", "insecure_dev_keys: true\nbatch:\n  ~: 5\n", "batch", "line 3: an empty key"},
		// a shell's default is no reference lethe expands: every replica
		// had the transactional id "${POD_NAME:-lethe-0}", fencing the others
		{"shell default", "insecure_dev_keys: true\ntransactional_id: ${LETHE_TEST_POD:-s3cret}\n", "transactional_id", "no ${NAME} reference lethe expands"},
		{"unclosed reference", "insecure_dev_keys: true\ngroup: ${LETHE_TEST_POD\n", "group", "no ${NAME} reference"},
		// yaml.v3 dropped the empty item: no brokers, and lethe ran on its
		// embedded broker in place of the deployment's Kafka
		{"broker from an empty variable", "insecure_dev_keys: true\nbrokers:\n  - ${LETHE_TEST_EMPTY}\n", "brokers[0]", "line 3: an empty list item"},
		{"empty input topic", "insecure_dev_keys: true\ninputs:\n  topics:\n    - crm.public.a\n    - ~\n", "inputs.topics[1]", "line 5: an empty list item"},
		// another consumer group than the one meant starts from the beginning
		{"group with a newline", "insecure_dev_keys: true\ngroup: |\n  s3cret\n", "group", "control character"},
		{"group with a blank", "insecure_dev_keys: true\ngroup: 's3cret '\n", "group", "begins or ends with a blank"},
		{"instance id with a tab", "insecure_dev_keys: true\ninstance_id: \"s3cret\\t\"\n", "instance_id", "control character"},
		{"transactional id from a shell variable", "insecure_dev_keys: true\ntransactional_id: $POD_NAME\n", "transactional_id", "lethe expands only ${NAME}"},
		{"group from a shell variable", "insecure_dev_keys: true\ngroup: lethe-$ENV\n", "group", "as a shell writes a variable"},
		{"transactional id too long", "insecure_dev_keys: true\ntransactional_id: " + strings.Repeat("s3cret", 200) + "\n", "transactional_id", "is 1200 bytes long, more than 1024"},
		// a zero too many: a million partitions of every topic
		{"partitions", "insecure_dev_keys: true\ntopics: {partitions: 1000000}\n", "topics.partitions", "must be from 1 to 10000"},
		// each lane takes about 6 MB before its first record: a thousand
		// ran a pod out of memory at start-up, after --check said valid
		{"parallelism", "insecure_dev_keys: true\nparallelism: 1000\n", "parallelism", "must be from 0 (one per CPU) to 256"},
		// 0 read as "no limit", as embedded.retention_bytes: 0 keeps all
		{"max_value_bytes 0", "insecure_dev_keys: true\nmax_value_bytes: 0\n", "max_value_bytes", `0 is not "no limit" here: leave the key out for its default (8388608)`},
		{"max_value_bytes a digit too many", "insecure_dev_keys: true\nmax_value_bytes: 83886080000\n", "max_value_bytes", "must be between 1024 and 1073741824"},
		{"max_output_bytes 0", "insecure_dev_keys: true\nmax_output_bytes: 0\n", "max_output_bytes", "default (983040)"},
		{"max_columns 0", "insecure_dev_keys: true\nmax_columns: 0\n", "max_columns", "default (4096)"},
		{"max_tables 0", "insecure_dev_keys: true\nmax_tables: 0x0\n", "max_tables", "default (256)"},
		{"max_partition_columns 0", "insecure_dev_keys: true\nmax_partition_columns: 0\n", "max_partition_columns", "default (65536)"},
		{"max_records 0", "insecure_dev_keys: true\nbatch: {max_records: 0}\n", "batch.max_records", "default (5000)"},
		{"max_wait a typo for ms", "insecure_dev_keys: true\nbatch: {max_wait: 200m}\n", "batch.max_wait", "3h20m0s is longer than 30s"},
		// 0s read as the default: every batch waited 200ms, not none
		{"max_wait 0s", "insecure_dev_keys: true\nbatch: {max_wait: 0s}\n", "batch.max_wait", `0s is not "no wait" here: it would wait the default 200ms`},
		{"partitions 0", "insecure_dev_keys: true\ntopics: {partitions: 0}\n", "topics.partitions", "default (3)"},
		// an empty secret
		{"empty SASL password", "insecure_dev_keys: true\nbrokers: ['k:9092']\nsasl: {mechanism: SCRAM-SHA-256, username: u, password: 'env:LETHE_TEST_EMPTY'}\n", "sasl.password", "environment variable LETHE_TEST_EMPTY is empty"},
		{"empty SASL password file", "insecure_dev_keys: true\nbrokers: ['k:9092']\nsasl: {mechanism: SCRAM-SHA-256, username: u, password: 'file:" + writeTemp(t, "\n") + "'}\n", "sasl.password", "is empty"},
		{"empty key", "keys: {pseudonym: 'env:LETHE_TEST_EMPTY', token: 'env:LETHE_TEST_KEY'}\n", "keys.pseudonym", "environment variable LETHE_TEST_EMPTY is empty"},
		{"passphrase file with a byte order mark", "keys: {pseudonym: 'file:" + writeTemp(t, "\ufeffs3cret-s3cret-s3cret-s3cret-s3cret\n") + "', token: 'env:LETHE_TEST_KEY'}\n", "keys.pseudonym", "file holds text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseYAML(t, tc.yaml)
			if !isConfigProblem(err, tc.key, tc.problem) {
				t.Fatalf("err = %v, want %s: ...%s", err, tc.key, tc.problem)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Fatalf("the error shows the value: %v", err)
			}
		})
	}
	// What is meant stays accepted: the default given as it is, a group
	// from the environment, a quoted key named null in a map.
	for _, doc := range []string{
		"insecure_dev_keys: true\nmax_value_bytes: 8388608\ntopics: {partitions: 10000}\nbatch: {max_records: 1}\nparallelism: 256\n",
		"insecure_dev_keys: true\ngroup: ${LETHE_TEST_KEY}\ntransactional_id: lethe-${LETHE_TEST_KEY}\n",
		"insecure_dev_keys: true\nmax_value_bytes: ${LETHE_TEST_EMPTY}\n", // empty: unset, the default
	} {
		if _, err := parseYAML(t, doc); err != nil {
			t.Errorf("%q: %v", doc, err)
		}
	}
	// A key file an editor saved with a byte order mark is the key its hex
	// says, as the same hex in the environment is, not 68 raw bytes.
	fromFile, err := resolveKey("file:" + bomHex)
	if err != nil {
		t.Fatal(err)
	}
	if fromEnv, err := resolveKey("env:LETHE_TEST_KEY"); err != nil || hex.EncodeToString(fromFile) != testKey(2) || bytes.Equal(fromFile, fromEnv) {
		t.Errorf("key file with a byte order mark: %x (%v)", fromFile, err)
	}
}

// A hex key file saved as UTF-16, as Windows PowerShell 5's > and
// Out-File write "openssl rand -hex 32 > pseudonym.key", is the key its
// hex says: it was taken for 134 raw bytes (its zeros and byte order mark
// make enough different bytes), another key than the same hex in the
// environment, whose pseudonyms never matched. A random raw key that
// happens to start with those bytes stays as it is.
func TestKeyFileInUTF16(t *testing.T) {
	hexKey := testKey(3) + "\r\n"
	for _, bom := range [][]byte{{0xff, 0xfe}, {0xfe, 0xff}} {
		b := slices.Clone(bom)
		for _, c := range []byte(hexKey) {
			if bom[0] == 0xff {
				b = append(b, c, 0)
			} else {
				b = append(b, 0, c)
			}
		}
		got, err := resolveKey("file:" + writeTemp(t, string(b)))
		if err != nil || hex.EncodeToString(got) != testKey(3) {
			t.Errorf("byte order mark %x: key %x (%v), want %s", bom, got, err, testKey(3))
		}
	}
	raw := append([]byte{0xff, 0xfe}, sha256.New().Sum([]byte(testKey(4)))...)
	if got, err := resolveKey("file:" + writeTemp(t, string(raw))); err != nil || !bytes.Equal(got, raw) {
		t.Errorf("raw key starting with ff fe: %x (%v), want it as it is", got, err)
	}
}

// --check finds what the start refuses of the sanitized topics and needs
// no broker to see: a recipient's topic the inputs select (crm.public.{table}
// is read back), the tables of two inputs of inputs.topics written to one
// topic, and two recipients' templates that meet for a table inputs.regex
// selects. It said "valid" for the last two, and the deploy it was run for
// failed.
func TestCheckFindsOutputTopicsThatMeet(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, inputs, recipients, err string }{
		{"read back by the regex", "", "recipients: {a: {topic: \"crm.public.{table}\"}}\n",
			`recipient a writes to "crm.public.lethe_probe", which the inputs also read`},
		{"read back by a listed input", "inputs: {topics: [app.db.orders]}\n", "recipients: {a: {topic: \"app.db.{table}\"}}\n",
			`recipient a writes to "app.db.orders"`},
		{"not read back", "", "recipients: {a: {topic: \"lethe.bi.{table}\"}}\n", ""},
		{"two schemas, one topic", "inputs: {topics: [crm.public.people, crm.sales.people]}\n", "",
			`would write the tables of inputs crm.public.people and crm.sales.people to one topic "lethe.sanitized.people"`},
		{"two recipients, one topic", "", "recipients:\n  a: {topic: \"lethe.{prefix}.{table}\"}\n  b: {topic: \"lethe.crm.{table}\"}\n",
			`recipients a and b would both write input crm.lethe_probe.lethe_probe to topic "lethe.crm.lethe_probe"`},
		{"two schemas apart", "inputs: {topics: [crm.public.people, crm.sales.people]}\n", "recipients: {default: {topic: \"lethe.sanitized.{schema}.{table}\"}}\n", ""},
		{"one input named twice", "inputs: {topics: [crm.public.people, crm.public.people]}\n", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pol := filepath.Join(dir, "p.yaml")
			if err := os.WriteFile(pol, []byte("version: x\n"+tc.recipients), 0o600); err != nil {
				t.Fatal(err)
			}
			c, err := parseYAML(t, "insecure_dev_keys: true\npolicy: "+pol+"\n"+tc.inputs)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Check()
			if tc.err == "" && err != nil || tc.err != "" && !isConfigProblem(err, "policy", tc.err) {
				t.Errorf("Check: %v, want %q", err, tc.err)
			}
		})
	}
}

// max_partition_columns, the most columns the data map keeps for all
// tables of one input partition, is a positive whole number up to what the
// default max_tables and max_columns allow together; 0 is refused, as for
// the other limits, and left out it is 65536.
func TestMaxPartitionColumnsConfig(t *testing.T) {
	t.Setenv("LETHE_TEST_EMPTY", "")
	for _, tc := range []struct {
		doc     string
		want    int    // when it loads
		problem string // when it does not
	}{
		{"", 65536, ""},
		{"max_partition_columns: ${LETHE_TEST_EMPTY}\n", 65536, ""},
		{"max_partition_columns: 1\n", 1, ""},
		{"max_partition_columns: 4096\n", 4096, ""},
		{"max_partition_columns: 1048576\n", 1 << 20, ""},
		{"max_partition_columns: 0\n", 0, `0 is not "no limit" here: leave the key out for its default (65536)`},
		{"max_partition_columns: -1\n", 0, "must be between 1 and 1048576"},
		{"max_partition_columns: 1048577\n", 0, "must be between 1 and 1048576"},
		{"max_partition_columns: 0.5\n", 0, "got a number that is not whole, want a whole number"},
		{"max_partition_columns: lots\n", 0, "got !!str, want a whole number"},
	} {
		c, err := parseYAML(t, "insecure_dev_keys: true\n"+tc.doc)
		switch {
		case tc.problem == "" && (err != nil || c.MaxPartitionColumns != tc.want):
			t.Errorf("%q: %d (%v), want %d", tc.doc, c.MaxPartitionColumns, err, tc.want)
		case tc.problem != "" && !isConfigProblem(err, "max_partition_columns", tc.problem):
			t.Errorf("%q: err = %v, want max_partition_columns: ...%s", tc.doc, err, tc.problem)
		}
	}
}

// A config or policy file is read to a bound: --config /dev/zero, or a
// policy key naming it, read without end until memory ran out.
func TestConfigAndPolicyFilesBounded(t *testing.T) {
	policyZero := writeTemp(t, "insecure_dev_keys: true\npolicy: /dev/zero\n")
	for _, tc := range []struct{ path, key string }{{"/dev/zero", "file"}, {policyZero, "policy"}} {
		done := make(chan error, 1)
		go func() { _, err := LoadConfig(tc.path); done <- err }()
		select {
		case err := <-done:
			if !isConfigProblem(err, tc.key, "larger than") {
				t.Errorf("%s: err = %v, want %s refused as too large", tc.path, err, tc.key)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: still reading after 10 s", tc.path)
		}
	}
}

// Tokens are encrypted with the token key's first 32 bytes alone: a token
// key that only extends the pseudonym key (the fix a user may make when
// told the two must differ), or whose first 32 bytes sit in the pseudonym
// key, gives whoever holds the pseudonym key every token's value, and the
// other way round. Nor may those 32 bytes be weak behind a random tail.
func TestKeysThatShareTheCipherKeyRefused(t *testing.T) {
	hexKeys := func(p, t string) string {
		return "keys: {pseudonym: 'hex:" + p + "', token: 'hex:" + t + "'}\n"
	}
	for _, tc := range []struct {
		name, yaml, key string // key: the ConfigError's, "" when the config loads
	}{
		{"token key extending the pseudonym key", hexKeys(testKey(1), testKey(1)+testKey(2)), "keys.token"},
		{"pseudonym key holding the token key", hexKeys(testKey(2)+testKey(1), testKey(1)), "keys.token"},
		{"pseudonym key holding the token's cipher key", hexKeys(testKey(2)+testKey(1), testKey(1)+testKey(3)), "keys.token"},
		{"token key of zeros but for its tail", hexKeys(testKey(1), strings.Repeat("00", 32)+testKey(3)), "keys.token"},
		{"long keys of their own", hexKeys(testKey(1)+testKey(2), testKey(3)+testKey(4)), ""},
		{"keys sharing bytes past the cipher key", hexKeys(testKey(1)+testKey(2), testKey(3)+testKey(2)), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseYAML(t, tc.yaml)
			if tc.key == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !isConfigProblem(err, tc.key, "") {
				t.Fatalf("err = %v, want a ConfigError for %s", err, tc.key)
			}
		})
	}
}

// isConfigProblem reports whether err is a *ConfigError naming key whose
// problem holds problem ("" for any).
func isConfigProblem(err error, key, problem string) bool {
	var ce *ConfigError
	return errors.As(err, &ce) && ce.Key == key && strings.Contains(ce.Problem, problem)
}
