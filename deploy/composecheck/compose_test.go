package composecheck

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// root is the repository root, relative to this package's directory.
const root = "../.."

// compose is the part of a compose file the checks read.
type compose struct {
	Services map[string]service `yaml:"services"`
}

type service struct {
	Image       string            `yaml:"image"`
	Command     stringList        `yaml:"command"`
	Entrypoint  stringList        `yaml:"entrypoint"`
	Environment map[string]string `yaml:"environment"`
	Ports       []string          `yaml:"ports"`
	Volumes     []string          `yaml:"volumes"`
	Build       *struct {
		Context    string            `yaml:"context"`
		Dockerfile string            `yaml:"dockerfile"`
		Args       map[string]string `yaml:"args"`
	} `yaml:"build"`
}

// stringList accepts compose's two spellings of a command: a string or a list.
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = strings.Fields(n.Value)
		return nil
	}
	var s []string
	if err := n.Decode(&s); err != nil {
		return fmt.Errorf("command: %w", err)
	}
	*l = s
	return nil
}

// native is what the native stack says, read from its own files.
type native struct {
	pgPort, kafkaPort, connectPort string
	connectGroup                   string
	offsetFlushMs                  string
	connectTopics                  []string // config, offset, status storage topics
	walLevel                       string
	kraftRoles                     string
	kafkaVersion, debeziumVersion  string
	crmSQL                         string // repo-relative path stack.sh loads
	connectorsDir                  string // repo-relative dir stack.sh registers from
	registered                     []string
	connectors                     map[string]map[string]string // file name -> config
}

func mustRead(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatalf("read %s: %v", rel, err)
	}
	return string(b)
}

// find returns the first submatch of re in s, or fails naming what was looked for.
func find(t *testing.T, what, s, re string) string {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("native stack: %s not found (pattern %q)", what, re)
	}
	return m[1]
}

func loadNative(t *testing.T) native {
	t.Helper()
	sh := mustRead(t, "deploy/stack/stack.sh")
	pom := mustRead(t, "deploy/stack/pom.xml")
	n := native{
		pgPort:          find(t, "postgres port", sh, `PG_PORT="\$\{LETHE_PG_PORT:-(\d+)\}"`),
		kafkaPort:       find(t, "kafka port", sh, `KAFKA_PORT="\$\{LETHE_KAFKA_PORT:-(\d+)\}"`),
		connectPort:     find(t, "connect port", sh, `CONNECT_PORT="\$\{LETHE_CONNECT_PORT:-(\d+)\}"`),
		connectGroup:    find(t, "connect group.id", sh, `(?m)^group\.id=(\S+)$`),
		offsetFlushMs:   find(t, "offset.flush.interval.ms", sh, `(?m)^offset\.flush\.interval\.ms=(\d+)$`),
		walLevel:        find(t, "wal_level", sh, `(?m)^wal_level = (\S+)$`),
		kraftRoles:      find(t, "process.roles", sh, `(?m)^process\.roles=(\S+)$`),
		kafkaVersion:    find(t, "kafka.version", pom, `<kafka\.version>([^<]+)</kafka\.version>`),
		debeziumVersion: find(t, "debezium.version", pom, `<debezium\.version>([^<]+)</debezium\.version>`),
		crmSQL:          find(t, "crm.sql path", sh, `CRM_SQL="\$ROOT/([^"]+)"`),
		connectorsDir:   find(t, "connectors dir", sh, `CONNECTORS_DIR="\$ROOT/([^"]+)"`),
		connectors:      map[string]map[string]string{},
	}
	for _, key := range []string{"config", "offset", "status"} {
		n.connectTopics = append(n.connectTopics,
			find(t, key+" storage topic", sh, `(?m)^`+key+`\.storage\.topic=(\S+)$`))
	}
	for _, m := range regexp.MustCompile(`(?m)^\s*register (\S+) "\$CONNECTORS_DIR/([^"]+)"`).FindAllStringSubmatch(sh, -1) {
		n.registered = append(n.registered, m[2])
	}
	if len(n.registered) == 0 {
		t.Fatal("native stack: stack.sh registers no connector")
	}
	files, err := filepath.Glob(filepath.Join(root, n.connectorsDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no connector files in %s (err %v)", n.connectorsDir, err)
	}
	for _, f := range files {
		var cfg map[string]string
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("read %s: %v", f, err)
		}
		if err := json.Unmarshal(b, &cfg); err != nil {
			t.Fatalf("%s: connector config must be a flat JSON object of strings: %v", f, err)
		}
		n.connectors[filepath.Base(f)] = cfg
	}
	return n
}

func loadCompose(t *testing.T) compose {
	t.Helper()
	var c compose
	if err := yaml.Unmarshal([]byte(mustRead(t, "docker-compose.yml")), &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	return c
}

// publishes reports whether svc maps host port to container port.
func publishes(svc service, host, container string) bool {
	return slices.Contains(svc.Ports, host+":"+container)
}

// mountSource returns the host path (repo-relative, cleaned) mounted at target, or "".
func mountSource(svc service, target string) string {
	for _, v := range svc.Volumes {
		parts := strings.Split(v, ":")
		if len(parts) >= 2 && parts[1] == target {
			return filepath.Clean(parts[0])
		}
	}
	return ""
}

func imageTag(image string) string {
	if i := strings.LastIndex(image, ":"); i >= 0 {
		return image[i+1:]
	}
	return ""
}

// check lists every disagreement between the compose file and the native stack.
func check(c compose, n native) []string {
	var errs []string
	fail := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	svc := func(name string) service {
		s, ok := c.Services[name]
		if !ok {
			fail("service %q missing", name)
		}
		return s
	}

	// Postgres: port, logical decoding, the same sample database.
	pg := svc("postgres")
	if !strings.HasPrefix(pg.Image, "postgres:15") {
		fail("postgres image %q is not PostgreSQL 15", pg.Image)
	}
	if !publishes(pg, n.pgPort, n.pgPort) || pg.Environment["PGPORT"] != n.pgPort {
		fail("postgres must listen on and publish %s (ports %v, PGPORT %q)", n.pgPort, pg.Ports, pg.Environment["PGPORT"])
	}
	if !slices.Contains(pg.Command, "wal_level="+n.walLevel) || n.walLevel != "logical" {
		fail("postgres: wal_level must be logical on both sides (native %q, compose command %v)", n.walLevel, pg.Command)
	}
	if src := mountSource(pg, "/docker-entrypoint-initdb.d/crm.sql"); src != n.crmSQL {
		fail("postgres init script %q is not the native stack's %q", src, n.crmSQL)
	}

	// Kafka: KRaft (combined broker+controller, no ZooKeeper), version, host port.
	k := svc("kafka")
	if tag := imageTag(k.Image); tag != n.kafkaVersion {
		fail("kafka image tag %q != native kafka.version %q", tag, n.kafkaVersion)
	}
	if k.Environment["KAFKA_PROCESS_ROLES"] != n.kraftRoles || n.kraftRoles != "broker,controller" {
		fail("kafka must run KRaft as broker,controller (native %q, compose %q)", n.kraftRoles, k.Environment["KAFKA_PROCESS_ROLES"])
	}
	for key := range k.Environment {
		if strings.Contains(strings.ToUpper(key), "ZOOKEEPER") {
			fail("kafka has ZooKeeper setting %s; lethe's stack is KRaft only", key)
		}
	}
	hostListener := ""
	for _, l := range strings.Split(k.Environment["KAFKA_ADVERTISED_LISTENERS"], ",") {
		if strings.HasSuffix(l, "://localhost:"+n.kafkaPort) {
			hostListener = strings.SplitN(l, "://", 2)[0]
		}
	}
	if hostListener == "" {
		fail("kafka advertises no listener at localhost:%s for the host", n.kafkaPort)
	} else {
		m := regexp.MustCompile(hostListener + `://[^,]*:(\d+)`).FindStringSubmatch(k.Environment["KAFKA_LISTENERS"])
		if m == nil || !publishes(k, n.kafkaPort, m[1]) {
			fail("kafka: host port %s must be published to listener %s (ports %v)", n.kafkaPort, hostListener, k.Ports)
		}
	}

	// Connect: Debezium version, port, worker group and storage topics.
	cn := svc("connect")
	if tag := imageTag(cn.Image); tag != n.debeziumVersion {
		fail("connect image tag %q != native debezium.version %q", tag, n.debeziumVersion)
	}
	if !publishes(cn, n.connectPort, n.connectPort) {
		fail("connect must publish %s (ports %v)", n.connectPort, cn.Ports)
	}
	if cn.Environment["GROUP_ID"] != n.connectGroup {
		fail("connect GROUP_ID %q != native group.id %q", cn.Environment["GROUP_ID"], n.connectGroup)
	}
	// The Debezium image's entrypoint writes CONNECT_OFFSET_FLUSH_INTERVAL_MS
	// from OFFSET_FLUSH_INTERVAL_MS (60 s unless set), over any CONNECT_ value.
	if v := cn.Environment["OFFSET_FLUSH_INTERVAL_MS"]; v != n.offsetFlushMs {
		fail("connect OFFSET_FLUSH_INTERVAL_MS %q != native offset.flush.interval.ms %q", v, n.offsetFlushMs)
	}
	for k := range cn.Environment {
		if strings.HasSuffix(k, "_REPLICATION_FACTOR") && !strings.HasPrefix(k, "CONNECT_") {
			fail("connect %s: the image passes on only CONNECT_ variables as worker properties", k)
		}
	}
	got := []string{cn.Environment["CONFIG_STORAGE_TOPIC"], cn.Environment["OFFSET_STORAGE_TOPIC"], cn.Environment["STATUS_STORAGE_TOPIC"]}
	if !slices.Equal(got, n.connectTopics) {
		fail("connect storage topics %v != native %v", got, n.connectTopics)
	}

	// Registration: the same connector files, only host names rewritten.
	reg := svc("connect-init")
	if src := mountSource(reg, "/connect"); src != n.connectorsDir {
		fail("connect-init mounts %q at /connect, native connectors live in %q", src, n.connectorsDir)
	}
	script := strings.Join(reg.Command, " ")
	for _, f := range n.registered {
		name := strings.TrimSuffix(f, ".json")
		if !strings.Contains(script, name) {
			fail("connect-init does not register %s, which the native stack registers", f)
		}
	}
	rewritten := regexp.MustCompile(`"database\.(\w+)": `).FindAllStringSubmatch(script, -1)
	if len(rewritten) == 0 || slices.ContainsFunc(rewritten, func(m []string) bool { return m[1] != "hostname" }) {
		fail("connect-init must rewrite database.hostname and only that database setting, got %v", rewritten)
	}
	pgConf := n.connectors["crm-postgres.json"]
	if pgConf == nil {
		fail("native connector crm-postgres.json missing")
	} else {
		if pgConf["topic.prefix"] != "crm" || pgConf["database.port"] != n.pgPort {
			fail("crm-postgres.json: topic.prefix %q (want crm), database.port %q (want %s)", pgConf["topic.prefix"], pgConf["database.port"], n.pgPort)
		}
		if pgConf["plugin.name"] != "pgoutput" || pgConf["snapshot.mode"] != "initial" || pgConf["tombstones.on.delete"] != "true" {
			fail("crm-postgres.json must use pgoutput, snapshot.mode=initial, tombstones.on.delete=true")
		}
	}
	slots := map[string]string{}
	for f, cfg := range n.connectors {
		if other, dup := slots[cfg["slot.name"]]; dup {
			fail("%s and %s share replication slot %q", f, other, cfg["slot.name"])
		}
		slots[cfg["slot.name"]] = f
		if cfg["database.port"] != n.pgPort {
			fail("%s: database.port %q != %s", f, cfg["database.port"], n.pgPort)
		}
		// Debezium skips TRUNCATE unless told not to (skipped.operations
		// defaults to "t"): lethe would never see one, and holders would
		// never be told to erase a truncated table.
		if ops, ok := cfg["skipped.operations"]; !ok || slices.Contains(strings.Split(strings.ReplaceAll(ops, " ", ""), ","), "t") {
			fail("%s: skipped.operations %q (unset means \"t\") drops TRUNCATE events: set it to \"none\"", f, ops)
		}
	}

	// Registry and lethe.
	if !publishes(svc("registry"), "8081", "8081") {
		fail("registry must publish 8081")
	}
	l := svc("lethe")
	if l.Build == nil || l.Build.Dockerfile != "deploy/Dockerfile" {
		fail("lethe must be built from deploy/Dockerfile")
	}
	// .git is outside the build context, so the binary cannot read its
	// revision: without VERSION every image says "dev".
	for _, name := range []string{"lethe", "lethe-avro"} {
		if b := svc(name).Build; b == nil || !strings.Contains(b.Args["VERSION"], "${LETHE_VERSION") {
			fail("%s must pass build arg VERSION from ${LETHE_VERSION} (.git is not in the build context)", name)
		}
	}
	if mountSource(l, "/etc/lethe/lethe.yaml") != "deploy/lethe.docker.yaml" {
		fail("lethe must run with deploy/lethe.docker.yaml")
	}
	if !slices.Equal(l.Command, []string{"run", "--config", "/etc/lethe/lethe.yaml"}) {
		fail("lethe command %v", l.Command)
	}
	a := svc("lethe-avro")
	if mountSource(a, "/etc/lethe/lethe.yaml") != "deploy/lethe.docker-avro.yaml" || mountSource(a, "/etc/lethe/policy.yaml") != "deploy/policy.docker-avro.yaml" {
		fail("lethe-avro must run with deploy/lethe.docker-avro.yaml and deploy/policy.docker-avro.yaml")
	}
	if mountSource(l, "/etc/lethe/policy.yaml") != "deploy/policy.yaml" {
		fail("lethe must run with deploy/policy.yaml")
	}
	return errs
}

// letheDocker is the part of deploy/lethe.docker.yaml the checks read.
type letheDocker struct {
	Brokers []string `yaml:"brokers"`
	Inputs  struct {
		Topics []string `yaml:"topics"`
		Regex  string   `yaml:"regex"`
	} `yaml:"inputs"`
	Registry struct {
		URL string `yaml:"url"`
	} `yaml:"registry"`
}

func TestComposeAgreesWithNativeStack(t *testing.T) {
	n := loadNative(t)
	c := loadCompose(t)
	for _, e := range check(c, n) {
		t.Error(e)
	}
}

// TestLetheDockerConfigsReadTheDebeziumTopics checks the two compose lethe
// services: together they read every Debezium topic, each exactly once (one
// lethe reading crm.* and crmavro.*, which hold the same tables, would write
// every change twice into lethe.sanitized.<table>).
func TestLetheDockerConfigsReadTheDebeziumTopics(t *testing.T) {
	n := loadNative(t)
	readers := map[string][]string{}
	for _, f := range []string{"deploy/lethe.docker.yaml", "deploy/lethe.docker-avro.yaml"} {
		for _, topic := range letheDockerCheck(t, n, f) {
			readers[topic] = append(readers[topic], f)
		}
	}
	tables := []string{"customers", "contacts", "addresses", "orders", "tickets", "consents"}
	for f, conn := range n.connectors {
		for _, tbl := range tables {
			topic := conn["topic.prefix"] + ".public." + tbl
			if len(readers[topic]) != 1 {
				t.Errorf("%s (from %s) is read by %v, want exactly one lethe service", topic, f, readers[topic])
			}
		}
	}
}

// The Avro service's policy is the built-in default but for its sanitized
// topics' names.
func TestAvroPolicyIsTheDefault(t *testing.T) {
	def := mustRead(t, "pipeline/policy/default.yaml")
	avro := mustRead(t, "deploy/policy.docker-avro.yaml")
	body := avro[strings.Index(avro, def[:40]):]
	if want := strings.Replace(def, `topic: "lethe.sanitized.{table}"`, `topic: "lethe-avro.sanitized.{table}"`, 1); body != want || want == def {
		t.Error("deploy/policy.docker-avro.yaml is not the default policy with lethe-avro.sanitized.{table}")
	}
}

// letheDockerCheck checks one compose lethe config (brokers, registry, no
// internal topic read) and returns the Debezium topics it reads.
func letheDockerCheck(t *testing.T, n native, file string) []string {
	t.Helper()
	c := loadCompose(t)
	var cfg letheDocker
	if err := yaml.Unmarshal([]byte(mustRead(t, file)), &cfg); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	k := c.Services["kafka"]
	var internal []string
	for _, l := range strings.Split(k.Environment["KAFKA_ADVERTISED_LISTENERS"], ",") {
		if _, addr, ok := strings.Cut(l, "://"); ok && !strings.HasPrefix(addr, "localhost:") {
			internal = append(internal, addr)
		}
	}
	if len(cfg.Brokers) == 0 || !slices.Contains(internal, cfg.Brokers[0]) {
		t.Errorf("lethe brokers %v are not a listener kafka advertises to containers %v", cfg.Brokers, internal)
	}
	re, err := regexp.Compile(cfg.Inputs.Regex)
	if err != nil {
		t.Fatalf("%s: inputs.regex: %v", file, err)
	}
	var reads []string
	tables := []string{"customers", "contacts", "addresses", "orders", "tickets", "consents"}
	for _, conn := range n.connectors {
		for _, tbl := range tables {
			topic := conn["topic.prefix"] + ".public." + tbl
			if re.MatchString(topic) || slices.Contains(cfg.Inputs.Topics, topic) {
				reads = append(reads, topic)
			}
		}
	}
	for _, internalTopic := range append(n.connectTopics, "__consumer_offsets", "lethe.sanitized.customers", "lethe.commands",
		"lethe-avro.sanitized.customers", "lethe-avro.commands") {
		if re.MatchString(internalTopic) {
			t.Errorf("%s would read %s, which is not a Debezium topic", file, internalTopic)
		}
	}
	if !strings.HasPrefix(cfg.Registry.URL, "http://registry:8081/") {
		t.Errorf("%s: registry url %q is not the compose registry service", file, cfg.Registry.URL)
	}
	return reads
}

// TestCheckCatchesDrift changes one thing at a time and expects check to object, so the
// agreement test cannot pass by checking nothing.
func TestCheckCatchesDrift(t *testing.T) {
	n := loadNative(t)
	if errs := check(loadCompose(t), n); len(errs) != 0 {
		t.Fatalf("baseline disagrees: %v", errs)
	}
	edit := func(name string, f func(*service)) func(*compose) {
		return func(c *compose) {
			s := c.Services[name]
			f(&s)
			c.Services[name] = s
		}
	}
	cases := []struct {
		name   string
		mutate func(*compose)
		native func(*native)
		want   string
	}{
		{name: "postgres port", mutate: edit("postgres", func(s *service) { s.Ports = []string{"5432:5432"} }), want: "postgres must listen"},
		{name: "wal_level replica", mutate: edit("postgres", func(s *service) { s.Command = []string{"postgres", "-c", "wal_level=replica"} }), want: "wal_level"},
		{name: "other init sql", mutate: edit("postgres", func(s *service) {
			s.Volumes = []string{"./other.sql:/docker-entrypoint-initdb.d/crm.sql:ro"}
		}), want: "init script"},
		{name: "zookeeper mode", mutate: edit("kafka", func(s *service) {
			s.Environment = map[string]string{"KAFKA_ZOOKEEPER_CONNECT": "zk:2181"}
		}), want: "KRaft"},
		{name: "kafka version", native: func(n *native) { n.kafkaVersion = "4.4.0" }, want: "kafka image tag"},
		{name: "kafka host port", mutate: edit("kafka", func(s *service) { s.Ports = []string{"29092:19092"} }), want: "host port"},
		{name: "debezium version", mutate: edit("connect", func(s *service) { s.Image = "quay.io/debezium/connect:2.7" }), want: "debezium.version"},
		{name: "connect port", native: func(n *native) { n.connectPort = "18083" }, want: "connect must publish"},
		{name: "connect group", mutate: edit("connect", func(s *service) { s.Environment["GROUP_ID"] = "other" }), want: "GROUP_ID"},
		{name: "offset flush as a CONNECT_ variable", mutate: edit("connect", func(s *service) {
			delete(s.Environment, "OFFSET_FLUSH_INTERVAL_MS")
			s.Environment["CONNECT_OFFSET_FLUSH_INTERVAL_MS"] = "1000"
		}), want: "OFFSET_FLUSH_INTERVAL_MS"},
		{name: "replication factor unprefixed", mutate: edit("connect", func(s *service) { s.Environment["CONFIG_STORAGE_REPLICATION_FACTOR"] = "1" }), want: "only CONNECT_"},
		{name: "connector dir", mutate: edit("connect-init", func(s *service) { s.Volumes = []string{"./elsewhere:/connect:ro"} }), want: "connect-init mounts"},
		{name: "port rewritten", mutate: edit("connect-init", func(s *service) {
			s.Command = append(slices.Clone(s.Command), `sed 's/"database.port": "55432"/"database.port": "5432"/'`)
		}), want: "only that database setting"},
		{name: "topic prefix", native: func(n *native) {
			n.connectors["crm-postgres.json"] = map[string]string{"topic.prefix": "shop", "database.port": n.pgPort, "slot.name": "x"}
		}, want: "topic.prefix"},
		{name: "shared slot", native: func(n *native) {
			for f := range n.connectors {
				n.connectors[f]["slot.name"] = "same"
			}
		}, want: "share replication slot"},
		{name: "truncates skipped", native: func(n *native) {
			delete(n.connectors["crm-postgres.json"], "skipped.operations")
		}, want: "drops TRUNCATE"},
		{name: "lethe config", mutate: edit("lethe", func(s *service) { s.Volumes = nil }), want: "lethe.docker.yaml"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := loadCompose(t) // fresh copies: mutations must not leak between cases
			nn := loadNative(t)
			if tc.mutate != nil {
				tc.mutate(&c)
			}
			if tc.native != nil {
				tc.native(&nn)
			}
			errs := check(c, nn)
			if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, tc.want) }) {
				t.Errorf("drift not caught: want an error containing %q, got %q", tc.want, errs)
			}
		})
	}
}
