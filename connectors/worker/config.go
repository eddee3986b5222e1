package worker

import (
	"bytes"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"go.uber.org/zap"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
	"github.com/lethe-cdc/lethe/pipeline/yamlkey"
	"gopkg.in/yaml.v3"
)

// Config is lethe's configuration file (see deploy/lethe.yaml). Everything
// has a safe default except the secret keys, which must be given unless
// InsecureDevKeys is set.
type Config struct {
	// Brokers are Kafka's seed brokers. Empty starts the embedded broker.
	Brokers  []string       `yaml:"brokers"`
	Embedded EmbeddedConfig `yaml:"embedded"`
	// Group is the consumer group shared by every lethe worker of a deployment.
	Group  string       `yaml:"group"`
	Inputs InputsConfig `yaml:"inputs"`
	Topics TopicsConfig `yaml:"topics"`
	// Policy is the policy file; "" uses the built-in default policy.
	Policy   string         `yaml:"policy"`
	Keys     KeysConfig     `yaml:"keys"`
	TLS      TLSConfig      `yaml:"tls"`
	SASL     SASLConfig     `yaml:"sasl"`
	Registry RegistryConfig `yaml:"registry"`
	HTTP     HTTPConfig     `yaml:"http"`
	Log      LogConfig      `yaml:"log"`
	Batch    BatchConfig    `yaml:"batch"`
	// Parallelism is how many goroutines share each batch; 0 means one per
	// CPU (GOMAXPROCS). Lower it when lethe shares the machine with a broker.
	Parallelism int `yaml:"parallelism"`
	// MaxValueBytes is the largest record lethe decodes; larger ones are
	// dead-lettered.
	MaxValueBytes int `yaml:"max_value_bytes"`
	// MaxOutputBytes is the largest output record (key, value and headers)
	// lethe writes; a larger sanitized record or command is dead-lettered,
	// so that Kafka never refuses a transaction over it. The default fits
	// Kafka's default message.max.bytes (1 MiB). lethe gives its output
	// topics a max.message.bytes to match, at least Kafka's default, and
	// raises that of existing ones at start-up (sizeConfigs).
	MaxOutputBytes int `yaml:"max_output_bytes"`
	// MaxColumns is the most columns lethe takes in one row image, and the
	// most different columns it keeps in the data map per table and input
	// partition; a record beyond either is dead-lettered. Records are
	// input: without a bound, a stream of records with new column names
	// would grow the data map, and lethe's memory, without end.
	MaxColumns int `yaml:"max_columns"`
	// MaxTables is the most tables one input topic brings in (each a set
	// of output topics); a record of another is dead-lettered. Records
	// name their table: without a bound, a stray producer or a routing
	// SMT's names would make output topics without end.
	MaxTables int `yaml:"max_tables"`
	// MaxPartitionColumns is the most different columns lethe keeps in the
	// data map for all tables of one input partition together; a record
	// whose new columns would go beyond it is dead-lettered. max_columns
	// and max_tables alone allow a million columns per partition, far more
	// than a worker's memory (an audit ran 1 GiB out with about a hundred
	// records), and the data map reads them back at every restart.
	MaxPartitionColumns int `yaml:"max_partition_columns"`
	// TransactionalID must be unique per worker and stable across its
	// restarts (the pod name), so a restarted worker fences its crashed
	// predecessor's open transaction at once. "" makes a fresh one on every
	// start (group, host name and random bytes): safe for two workers on one
	// host, but after a crash the partitions it held wait for the broker's
	// transaction timeout (40 s, franz-go's default) before anyone reads
	// past them.
	TransactionalID string `yaml:"transactional_id"`
	// InstanceID, when set, makes this worker a static member of the
	// consumer group (KIP-345): restarted with the same id (the pod name),
	// it gets its partitions back at once instead of after the session
	// timeout. The price: a worker that stops for good keeps its partitions
	// until the session timeout (45 s) expires. Unique per worker: one
	// whose id another joins with stops with an error (kafka.Runner).
	InstanceID string `yaml:"instance_id"`
	// InsecureDevKeys derives fixed keys when none are configured. For the
	// demo and tests only: anyone can recompute such pseudonyms.
	InsecureDevKeys bool `yaml:"insecure_dev_keys"`

	// outputPrefix, set by UnderPrefix, names the policy's output topics
	// under it. Not a config key: a deployment names its topics itself.
	outputPrefix string
	// demoInputs, set by CreateDemoInputs, has New create the simulated
	// CRM's topics.
	demoInputs bool
}

// CreateDemoInputs has New create the simulated CRM's topics (under the
// prefix of UnderPrefix, else crm.public.*) before it looks for its input
// topics: the demo and the bench feed them only once the worker, and the
// embedded broker it may start, run. Created later, they were named in a
// warning as missing inputs and got no sanitized topics before their first
// records.
func (c *Config) CreateDemoInputs() { c.demoInputs = true }

// UnderPrefix points c at the demo CRM's topics under prefix and names
// lethe's own topics and the policy's sanitized topics under it, in group,
// so that a run against a shared Kafka (the bench, or the demo with
// --brokers) never reads a deployment's CDC topics, writes its outputs or
// takes partitions from its consumer group.
func (c *Config) UnderPrefix(prefix, group string) {
	c.Group = group
	c.Inputs = InputsConfig{Topics: democrm.Topics(prefix)}
	c.Topics.Commands, c.Topics.DeadLetter, c.Topics.DataMap = prefix+".commands", prefix+".deadletter", prefix+".datamap"
	c.outputPrefix = prefix
}

// Check checks what a worker would check of its configuration before it
// connects: the config (Validate), the policy it names, the keys (their
// secrets read) and the log settings. It returns the policy. It connects to
// nothing, so what only the brokers can tell (the topics there are, and
// whether a recipient's topic is one of them) is left to the start; a
// recipient's topic that inputs.topics or inputs.regex selects is found, and
// so are sanitized topics that two inputs of inputs.topics, or two
// recipients for a table inputs.regex selects, would share.
func (c *Config) Check() (*policy.Policy, error) {
	c.Default()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	p, err := c.LoadPolicy()
	if err != nil {
		return nil, err
	}
	if err := c.recipientReadsInput(p, c.Inputs.Topics); err != nil {
		return nil, err
	}
	if _, err := c.sanitizedTopics(p, append(slices.Clone(c.Inputs.Topics), c.regexProbe())); err != nil {
		return nil, err
	}
	if _, err := c.Sanitizer(); err != nil {
		return nil, err
	}
	if _, err := NewLogger(c.Log); err != nil {
		return nil, err
	}
	return p, nil
}

// LoadPolicy returns the policy the config names (the built-in default when
// none), with its topics under the config's output prefix.
func (c *Config) LoadPolicy() (*policy.Policy, error) {
	p := policy.Default()
	if c.Policy != "" {
		var err error
		if p, err = policy.Load(c.Policy); err != nil {
			return nil, &ConfigError{Key: "policy", Problem: ShownErr(err)}
		}
	}
	if c.outputPrefix != "" {
		p = p.UnderPrefix(c.outputPrefix)
	}
	return p, nil
}

// EmbeddedConfig configures the in-process broker used when Brokers is empty.
type EmbeddedConfig struct {
	Listen string `yaml:"listen"`
	// AdvertisedHost is the host the broker tells clients to connect to;
	// "" means the listen host, or localhost when that is 0.0.0.0 or ::.
	// Set it when clients on other machines or containers connect.
	AdvertisedHost string `yaml:"advertised_host"`
	DataDir        string `yaml:"data_dir"`
	// RetentionBytes bounds each partition of the embedded broker to about
	// this many bytes, the oldest dropped first; 0 keeps everything.
	// Compacted topics are only compacted, as in Kafka.
	RetentionBytes int64 `yaml:"retention_bytes"`
	// BoundCompacted bounds compacted topics by RetentionBytes too: the
	// endless demo's (kafka.EmbeddedConfig.BoundCompacted); not a config key.
	BoundCompacted bool `yaml:"-"`
}

// InputsConfig names the CDC topics to read.
type InputsConfig struct {
	Topics []string `yaml:"topics"`
	Regex  string   `yaml:"regex"`
	// UnavailableValuePlaceholder is the Debezium connectors'
	// unavailable.value.placeholder, what they write for a value they did
	// not send (an unchanged TOASTed column): lethe passes it on as it came
	// and does not count it. Debezium's default when empty.
	UnavailableValuePlaceholder string `yaml:"unavailable_value_placeholder"`
	// LegacyCharset is the single-byte code page (a WHATWG label:
	// windows-1250, iso-8859-2, koi8-r) of text in bytes columns (bytea)
	// that is not UTF-8 or UTF-16; Windows-1252 when empty. Names with
	// letters of another code page are read in it only: a Polish CRM's
	// "Łukasz" in Windows-1250 reads as "£ukasz" in Windows-1252.
	LegacyCharset string `yaml:"legacy_charset"`
}

// legacyCharset is inputs.legacy_charset's code page; Validate has
// refused a label it does not know.
func (c *Config) legacyCharset() pipeline.Charset {
	cs, _ := pipeline.ParseCharset(c.Inputs.LegacyCharset)
	return cs
}

// TopicsConfig names and sizes lethe's output topics.
type TopicsConfig struct {
	Commands   string `yaml:"commands"`
	DeadLetter string `yaml:"deadletter"`
	DataMap    string `yaml:"datamap"`
	// Partitions and Replication apply to topics lethe creates.
	Partitions  int32 `yaml:"partitions"`
	Replication int16 `yaml:"replication"`
}

// KeysConfig holds the secrets behind pseudonyms and tokens, each given as
// "env:NAME" (hex in an environment variable), "file:PATH" (raw bytes or
// hex) or "hex:..." (inline, tests only).
type KeysConfig struct {
	Pseudonym string `yaml:"pseudonym"`
	Token     string `yaml:"token"`
}

// RegistryConfig points at a Confluent-compatible schema registry. With it,
// Avro inputs can be decoded and commands are written as Avro.
type RegistryConfig struct {
	URL string `yaml:"url"`
	// CAFile verifies an https registry's certificate; "" uses the system
	// pool. CertFile and KeyFile are a client certificate for mutual TLS.
	CAFile   string `yaml:"ca_file"`
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
}

// tls returns the registry's TLS client configuration, nil when none is
// configured (an http registry, or https with the system's CAs).
func (c *RegistryConfig) tls() (*tls.Config, error) {
	if c.CAFile == "" && c.CertFile == "" && c.KeyFile == "" {
		return nil, nil
	}
	return buildTLS("registry", c.CAFile, c.CertFile, c.KeyFile, "")
}

// HTTPConfig is the metrics and health endpoint.
type HTTPConfig struct {
	// Addr serves /metrics and /healthz; "" disables it.
	Addr string `yaml:"addr"`
}

// LogConfig configures zap.
type LogConfig struct {
	Format string `yaml:"format"` // json or console
	Level  string `yaml:"level"`  // debug, info, warn, error
}

// BatchConfig sizes transactions.
type BatchConfig struct {
	MaxRecords int           `yaml:"max_records"`
	MaxWait    time.Duration `yaml:"max_wait"`
}

// ConfigError names the configuration key at fault.
type ConfigError struct {
	Key     string
	Problem string
}

func (e *ConfigError) Error() string { return "config: " + e.Key + ": " + e.Problem }

// LoadConfig reads, defaults and validates a config file. ${NAME} is
// replaced by the environment variable NAME (an unset one is an error), so
// one file can serve every replica (transactional_id: ${POD_NAME}). Secrets
// do not go through it: keys are read with env:NAME at start-up.
func LoadConfig(path string, opts ...LoadOption) (Config, error) {
	return loadConfig(path, allKeys, opts)
}

// LoadOption changes a config as it loads, before it is checked.
type LoadOption func(*Config)

// WithBrokers sets the brokers, as a --brokers flag that wins over the
// file's does: a config checked without them would be refused for TLS or
// SASL the embedded broker does not speak (a review).
func WithBrokers(brokers []string) LoadOption {
	return func(c *Config) { c.Brokers = brokers }
}

// LoadConfigWithoutKeys is LoadConfig for a tool that only reads lethe's
// topics (lethe inventory): the keys are neither required nor read, so
// whoever audits the data map needs no access to them. A ${NAME} in a key
// it does not read (keyUse.unused) may be unset, and is empty.
func LoadConfigWithoutKeys(path string, opts ...LoadOption) (Config, error) {
	return loadConfig(path, noKeys, opts)
}

// LoadConfigForTokens is LoadConfig for lethe detokenize: keys.token is
// kept (Config.Detokenizer reads it) and keys.pseudonym is neither required
// nor read, so that whoever reads tokens back need not hold it. A ${NAME}
// in a key it does not read may be unset, as for LoadConfigWithoutKeys.
func LoadConfigForTokens(path string, opts ...LoadOption) (Config, error) {
	return loadConfig(path, tokenKey, opts)
}

// keyUse is which of the config's keys a command uses.
type keyUse int

const (
	allKeys  keyUse = iota // lethe run: both, required
	noKeys                 // lethe inventory: none
	tokenKey               // lethe detokenize: the token key alone
)

func loadConfig(path string, keys keyUse, opts []LoadOption) (Config, error) {
	b, err := yamlkey.ReadFile(path)
	if err != nil {
		return Config{}, &ConfigError{Key: "file", Problem: ShownErr(err)}
	}
	expanded, key, problem := yamlkey.ExpandEnv(b, os.LookupEnv, keys.unused)
	if problem != "" {
		// Before the decode that refuses an unknown key: it is not shown
		// unless plain.
		return Config{}, &ConfigError{Key: yamlkey.ShownKey(&Config{}, key), Problem: problem}
	}
	return decodeConfig(expanded, b, filepath.Dir(path), keys, opts...)
}

// unused reports a key of the config that a command using keys does not
// read, whose ${NAME} may then be unset: lethe inventory --config on the
// Kubernetes config, outside its pod, failed on ${POD_NAMESPACE}.
func (k keyUse) unused(path string) bool {
	switch {
	case k == allKeys:
		return false
	case path == "transactional_id", path == "instance_id", path == "group", path == "http.addr":
		return true
	case k == noKeys:
		return strings.HasPrefix(path, "keys.")
	}
	return path == "keys.pseudonym"
}

// resolvePaths makes the file paths a config names relative to dir, the
// config file's directory, as a user reading the file expects: the same
// file then works whatever the working directory of the service.
func (c *Config) resolvePaths(dir string) {
	abs := func(p *string) {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
	ref := func(r *string) { // a secret reference: only file:PATH is a path
		if kind, path, ok := strings.Cut(*r, ":"); ok && kind == "file" {
			abs(&path)
			*r = "file:" + path
		}
	}
	abs(&c.Policy)
	abs(&c.Embedded.DataDir)
	abs(&c.TLS.CAFile)
	abs(&c.TLS.CertFile)
	abs(&c.TLS.KeyFile)
	abs(&c.Registry.CAFile)
	abs(&c.Registry.CertFile)
	abs(&c.Registry.KeyFile)
	ref(&c.Keys.Pseudonym)
	ref(&c.Keys.Token)
	ref(&c.SASL.Password)
}

// decodeConfig decodes expanded, what ExpandEnv made of the file's original
// text (whose lines errors name), and defaults and validates it.
func decodeConfig(expanded, original []byte, dir string, keys keyUse, opts ...LoadOption) (Config, error) {
	var c Config
	if key, problem := yamlkey.DecodeExpanded(expanded, original, &c); problem != "" {
		return Config{}, &ConfigError{Key: key, Problem: problem}
	}
	if key, def := explicitZero(expanded); key != "" {
		return Config{}, &ConfigError{Key: key, Problem: fmt.Sprintf("0 is not \"no limit\" here: leave the key out for its default (%d), or give the limit", def)}
	}
	if zeroWait(expanded) {
		return Config{}, &ConfigError{Key: "batch.max_wait", Problem: fmt.Sprintf("0s is not \"no wait\" here: it would wait the default %s; leave the key out, or give the wait (1ms flushes at once)", kafka.DefaultMaxWait)}
	}
	for _, o := range opts {
		o(&c)
	}
	if dir != "" {
		c.resolvePaths(dir)
	}
	c.Default()
	switch keys {
	case noKeys:
		// Neither required nor read; and a Sanitizer built from this
		// config must not quietly fall back to development keys.
		c.Keys, c.InsecureDevKeys = KeysConfig{}, false
	case tokenKey:
		c.Keys.Pseudonym = "" // read by Detokenizer, which needs no other
	}
	if err := c.validate(keys); err != nil {
		return Config{}, err
	}
	return c, nil
}

// explicitZero returns the first limit doc sets to 0 and the default
// Default would put in its place, or "": 0 in the same file means "keep
// everything" for embedded.retention_bytes and "the broker's default" for
// topics.replication, so max_value_bytes: 0 read as "no limit" and was
// 8 MiB (a review).
func explicitZero(doc []byte) (key string, def int) {
	var set struct {
		Topics struct {
			Partitions *int64 `yaml:"partitions"`
		} `yaml:"topics"`
		Batch struct {
			MaxRecords *int64 `yaml:"max_records"`
		} `yaml:"batch"`
		MaxValueBytes  *int64 `yaml:"max_value_bytes"`
		MaxOutputBytes *int64 `yaml:"max_output_bytes"`
		MaxColumns     *int64 `yaml:"max_columns"`
		MaxTables      *int64 `yaml:"max_tables"`
		MaxPartCols    *int64 `yaml:"max_partition_columns"`
	}
	if yaml.Unmarshal(doc, &set) != nil { // decoded strictly already
		return "", 0
	}
	var d Config
	d.Default()
	for _, f := range []struct {
		key string
		v   *int64
		def int
	}{
		{"topics.partitions", set.Topics.Partitions, int(d.Topics.Partitions)},
		{"batch.max_records", set.Batch.MaxRecords, kafka.DefaultMaxBatch},
		{"max_value_bytes", set.MaxValueBytes, d.MaxValueBytes},
		{"max_output_bytes", set.MaxOutputBytes, d.MaxOutputBytes},
		{"max_columns", set.MaxColumns, d.MaxColumns},
		{"max_tables", set.MaxTables, d.MaxTables},
		{"max_partition_columns", set.MaxPartCols, d.MaxPartitionColumns},
	} {
		if f.v != nil && *f.v == 0 {
			return f.key, f.def
		}
	}
	return "", 0
}

// zeroWait reports whether doc sets batch.max_wait to 0 (0s, 0ms): the
// runner takes 0 for its default, so a config meant to flush at once had
// every partial batch wait 200ms.
func zeroWait(doc []byte) bool {
	var set struct {
		Batch struct {
			MaxWait *time.Duration `yaml:"max_wait"`
		} `yaml:"batch"`
	}
	return yaml.Unmarshal(doc, &set) == nil && set.Batch.MaxWait != nil && *set.Batch.MaxWait == 0 // decoded strictly already
}

// DefaultInputRegex reads every table Debezium captures with topic prefix crm.
const DefaultInputRegex = `^crm\.[^.]+\.[^.]+$`

// Default fills unset fields with their defaults.
func (c *Config) Default() {
	if c.Group == "" {
		c.Group = "lethe"
	}
	if len(c.Inputs.Topics) == 0 && c.Inputs.Regex == "" {
		c.Inputs.Regex = DefaultInputRegex
	}
	if c.Embedded.Listen == "" {
		c.Embedded.Listen = "localhost:9092"
	}
	d := pipeline.DefaultTopics
	if c.Topics.Commands == "" {
		c.Topics.Commands = d.Commands
	}
	if c.Topics.DeadLetter == "" {
		c.Topics.DeadLetter = d.DeadLetter
	}
	if c.Topics.DataMap == "" {
		c.Topics.DataMap = d.DataMap
	}
	if c.Topics.Partitions == 0 {
		c.Topics.Partitions = 3
	}
	if c.Log.Format == "" {
		c.Log.Format = "json"
	}
	if c.Log.Level == "" {
		c.Log.Level = "info"
	}
	if c.MaxValueBytes == 0 {
		c.MaxValueBytes = 8 << 20
	}
	if c.MaxOutputBytes == 0 {
		c.MaxOutputBytes = DefaultMaxOutputBytes
	}
	if c.MaxColumns == 0 {
		c.MaxColumns = pipeline.DefaultMaxColumns
	}
	if c.MaxTables == 0 {
		c.MaxTables = pipeline.DefaultMaxTables
	}
	if c.MaxPartitionColumns == 0 {
		c.MaxPartitionColumns = pipeline.DefaultMaxPartitionColumns
	}
}

// CheckAddr says what is wrong with a host:port address, nil when nothing
// is: the port must be a number from 1 to 65535, and a broker's address
// needs its host. An address to listen on may leave the host out (every
// interface) and take port 0 (any free port). Checked here, a typo is a
// configuration error rather than a client's failure to connect.
func CheckAddr(addr string, listen bool) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%s is not host:port", Shown(addr))
	}
	lowest := 1
	if listen {
		lowest = 0
	}
	n, err := strconv.Atoi(port)
	switch {
	case err != nil || n < lowest || n > 65535:
		return fmt.Errorf("%s: the port must be a number from %d to 65535", Shown(addr), lowest)
	case host == "" && !listen:
		return fmt.Errorf("%s has no host", Shown(addr))
	case strings.ContainsFunc(host, unicode.IsSpace):
		return fmt.Errorf("%s has a blank in its host", Shown(addr))
	case strings.Contains(host, "@"):
		// Kafka takes no user info there: a password written in it would
		// be printed by --check and the start-up log.
		return fmt.Errorf("%s has an @ in its host: credentials go in sasl, not in the address", Shown(addr))
	}
	return nil
}

// DialBrokers are the brokers a client dials to reach the Kafka of this
// config: Brokers, or the embedded broker lethe run starts when there are
// none (its advertised address), so that tools given the same config file
// find it.
func (c *Config) DialBrokers() ([]string, error) {
	if len(c.Brokers) > 0 {
		return c.Brokers, nil
	}
	addr, err := c.Embedded.kafka(0, nil).AdvertisedAddr()
	if err != nil {
		return nil, err
	}
	return []string{addr}, nil
}

// kafka is the embedded broker's configuration as kafka.StartEmbedded takes
// it, with the default partition count of topics clients create.
func (e *EmbeddedConfig) kafka(partitions int32, log *zap.Logger) kafka.EmbeddedConfig {
	return kafka.EmbeddedConfig{Listen: e.Listen, AdvertisedHost: e.AdvertisedHost, DataDir: e.DataDir,
		Partitions: partitions, Logger: log, RetentionBytes: e.RetentionBytes, BoundCompacted: e.BoundCompacted}
}

// Start starts the embedded broker these settings describe (validated
// with Validate), with the default partition count of new topics.
func (e *EmbeddedConfig) Start(partitions int32, log *zap.Logger) (*kafka.Embedded, error) {
	return kafka.StartEmbedded(e.kafka(partitions, log))
}

// Validate checks the embedded broker's settings, returning a *ConfigError
// for the first fault; Config.Validate calls it, and so does lethe broker,
// whose flags set the same fields.
func (e *EmbeddedConfig) Validate() error {
	if err := CheckAddr(e.Listen, true); err != nil {
		return &ConfigError{Key: "embedded.listen", Problem: err.Error()}
	}
	if e.RetentionBytes < 0 {
		return &ConfigError{Key: "embedded.retention_bytes", Problem: "must be 0 (keep everything) or more"}
	}
	if err := checkHost(e.AdvertisedHost); err != nil {
		return &ConfigError{Key: "embedded.advertised_host", Problem: err.Error()}
	}
	if err := checkDataDir(e.DataDir); err != nil {
		return &ConfigError{Key: "embedded.data_dir", Problem: err.Error()}
	}
	return nil
}

// checkHost checks a host name or IP address to advertise ("" is none):
// it must not carry a port, blanks or a scheme, nor be 0.0.0.0 or ::,
// which every client would dial as itself.
func checkHost(h string) error {
	if ip := net.ParseIP(h); ip != nil {
		if ip.IsUnspecified() {
			return fmt.Errorf("%s is no address a client can connect to: give the host clients reach the broker at", h)
		}
		return nil
	}
	if h == "" {
		return nil
	}
	bad := fmt.Errorf("%s is not a host name or IP address (without a port)", Shown(h))
	if len(h) > 253 {
		return bad
	}
	// Labels of letters, digits, '-' (not first or last) and '_' (which
	// Docker and Kubernetes service names use), between single dots: a
	// review found "-bad-" and "a..b" accepted.
	if strings.Trim(h, "0123456789.") == "" {
		return bad // digits and dots that are no IP address: 999.1.1.1
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return bad
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return bad
			}
		}
	}
	return nil
}

// CheckTopic checks a topic name given on a command line: Kafka's rule.
func CheckTopic(t string) error {
	if !policy.ValidTopic(t) {
		return fmt.Errorf("%s is not a valid topic name (1 to 249 letters, digits, '.', '_' or '-')", Shown(t))
	}
	return nil
}

// checkDataDir checks a data directory for the embedded broker ("" is
// none): it must be a directory, or not exist yet (it is made), and hold
// no files but a broker's.
func checkDataDir(dir string) error {
	if dir == "" {
		return nil
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", shown(dir, pathLike(dir)))
	}
	if err := kafka.ForeignDataDir(dir); err != nil {
		return fmt.Errorf("%s %w", shown(dir, pathLike(dir)), err)
	}
	return nil
}

// Validate checks every field, returning a *ConfigError for the first fault.
func (c *Config) Validate() error { return c.validate(allKeys) }

// validate checks what a command using use reads: the keys only for
// lethe run, and what the embedded broker cannot do not for lethe
// detokenize, which talks to no broker.
func (c *Config) validate(use keyUse) error {
	keys := use == allKeys
	for i, b := range c.Brokers {
		if err := CheckAddr(b, false); err != nil {
			return &ConfigError{Key: fmt.Sprintf("brokers[%d]", i), Problem: err.Error()}
		}
	}
	if err := c.Embedded.Validate(); err != nil {
		return err
	}
	for _, id := range [...]struct{ key, v string }{{"group", c.Group}, {"transactional_id", c.TransactionalID}, {"instance_id", c.InstanceID}} {
		if problem := idProblem(id.v); problem != "" {
			return &ConfigError{Key: id.key, Problem: problem}
		}
	}
	for i, t := range c.Inputs.Topics {
		if err := CheckTopic(t); err != nil {
			return &ConfigError{Key: fmt.Sprintf("inputs.topics[%d]", i), Problem: err.Error()}
		}
	}
	if c.Inputs.Regex != "" {
		if _, err := inputRegex(c.Inputs.Regex); err != nil {
			// The error quotes the expression, which may hold anything.
			problem := "invalid regular expression"
			if se := (*syntax.Error)(nil); errors.As(err, &se) {
				problem += ": " + string(se.Code)
			}
			return &ConfigError{Key: "inputs.regex", Problem: problem}
		}
	}
	if err := checkPlaceholder(c.Inputs.UnavailableValuePlaceholder); err != nil {
		return err
	}
	if _, err := pipeline.ParseCharset(c.Inputs.LegacyCharset); err != nil {
		return &ConfigError{Key: "inputs.legacy_charset", Problem: err.Error()}
	}
	// In a fixed order, so that the same file always gets the same error.
	seen := map[string]string{}
	for _, out := range [...]struct{ key, t string }{
		{"topics.commands", c.Topics.Commands}, {"topics.deadletter", c.Topics.DeadLetter}, {"topics.datamap", c.Topics.DataMap},
	} {
		key, t := out.key, out.t
		if err := CheckTopic(t); err != nil {
			return &ConfigError{Key: key, Problem: err.Error()}
		}
		if other, dup := seen[policy.TopicCollision(t)]; dup {
			return &ConfigError{Key: key, Problem: fmt.Sprintf("%q is also %s (to Kafka '.' and '_' are one); each output needs its own topic", t, other)}
		}
		seen[policy.TopicCollision(t)] = key
		if c.readsTopic(t) {
			return &ConfigError{Key: key, Problem: fmt.Sprintf("%q is also an input (inputs.topics or inputs.regex): lethe would read its own output", t)}
		}
	}
	if c.Topics.Partitions < 1 || c.Topics.Partitions > maxPartitions {
		// A zero too many made the embedded broker hold a million
		// partitions of every topic (2 GB) and hang (a review).
		return &ConfigError{Key: "topics.partitions", Problem: fmt.Sprintf("must be from 1 to %d", maxPartitions)}
	}
	if c.Topics.Replication < 0 {
		return &ConfigError{Key: "topics.replication", Problem: "must be 0 (broker default) or more"}
	}
	if c.Policy != "" {
		if _, err := policy.Load(c.Policy); err != nil {
			return &ConfigError{Key: "policy", Problem: ShownErr(err)}
		}
	}
	if keys && !c.InsecureDevKeys {
		if c.Keys.Pseudonym == "" {
			return &ConfigError{Key: "keys.pseudonym", Problem: "required (env:NAME, file:PATH or hex:...); set insecure_dev_keys: true only for demos"}
		}
		if c.Keys.Token == "" {
			return &ConfigError{Key: "keys.token", Problem: "required (env:NAME, file:PATH or hex:...); set insecure_dev_keys: true only for demos"}
		}
	}
	// In a fixed order, so that the same file always gets the same error.
	// A tool that does not use the keys does not read them (an env:NAME
	// set only where lethe runs).
	var resolved [2][]byte // pseudonym, token
	for i, k := range [2]struct{ key, ref string }{{"keys.pseudonym", c.Keys.Pseudonym}, {"keys.token", c.Keys.Token}} {
		if k.ref == "" || !keys {
			continue
		}
		b, err := resolveKey(k.ref)
		if err != nil {
			return &ConfigError{Key: k.key, Problem: err.Error()}
		}
		resolved[i] = b
	}
	if err := keysApart(resolved[0], resolved[1]); err != nil {
		return err
	}
	if err := c.TLS.validate(); err != nil {
		return err
	}
	if err := c.SASL.validate(); err != nil {
		return err
	}
	if c.SASL.Mechanism == "PLAIN" && !c.TLS.Enabled {
		return &ConfigError{Key: "sasl.mechanism", Problem: "PLAIN sends the password in clear text without TLS: enable tls, or use SCRAM-SHA-256 or SCRAM-SHA-512"}
	}
	if len(c.Brokers) == 0 && use != tokenKey && (c.TLS.Enabled || c.SASL.Mechanism != "") {
		// It would fail later, dialling, without naming the setting.
		key := "tls.enabled"
		if !c.TLS.Enabled {
			key = "sasl.mechanism"
		}
		return &ConfigError{Key: key, Problem: "set, but no brokers are: the embedded broker speaks neither TLS nor SASL (set brokers, or remove tls and sasl)"}
	}
	if len(c.Brokers) == 0 && use != tokenKey && c.Topics.Replication > 1 {
		// Kafka would refuse every topic lethe makes, at run time.
		return &ConfigError{Key: "topics.replication", Problem: fmt.Sprintf("%d, but no brokers are set: the embedded broker is one broker (set brokers, or replication 1)", c.Topics.Replication)}
	}
	if c.Registry.URL != "" {
		u, err := url.Parse(c.Registry.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			// Not quoted back: the URL may carry a password.
			return &ConfigError{Key: "registry.url", Problem: "want http://HOST[:PORT] or https://HOST[:PORT] (user:password@ allowed)"}
		}
		if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
			// An API key in a query string would be quoted by every
			// request error, every log line and /readyz that names the
			// registry; user info, by contrast, is taken out of the URL
			// and sent as basic auth (registryClientOpts).
			return &ConfigError{Key: "registry.url", Problem: "a query string or fragment is not supported (not shown): credentials go in user:password@, which lethe sends as basic auth"}
		}
		if strings.Contains(u.Path, "@") {
			// A password holding "/" (or a user name holding one) ends
			// the host early: https://u:12/pw@host is host u, port 12,
			// and the rest a path, which log lines and errors naming the
			// registry would then quote.
			return &ConfigError{Key: "registry.url", Problem: "an @ after the host (not shown): percent-encode a /, ? or # in the user name or password (%2F, %3F, %23)"}
		}
		if (c.Registry.CAFile != "" || c.Registry.CertFile != "" || c.Registry.KeyFile != "") && u.Scheme != "https" {
			return &ConfigError{Key: "registry.ca_file", Problem: "certificate files are set but registry.url is not https"}
		}
	} else if c.Registry.CAFile != "" || c.Registry.CertFile != "" || c.Registry.KeyFile != "" {
		return &ConfigError{Key: "registry.url", Problem: "certificate files are set but no registry url"}
	}
	if (c.Registry.CertFile == "") != (c.Registry.KeyFile == "") {
		return &ConfigError{Key: "registry.cert_file", Problem: "cert_file and key_file go together"}
	}
	if _, err := c.Registry.tls(); err != nil {
		return err
	}
	if c.HTTP.Addr != "" {
		if err := CheckAddr(c.HTTP.Addr, true); err != nil {
			return &ConfigError{Key: "http.addr", Problem: err.Error()}
		}
	}
	if c.Log.Format != "json" && c.Log.Format != "console" {
		return &ConfigError{Key: "log.format", Problem: ShownWord(c.Log.Format, "json", "console") + " is not json or console"}
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		return &ConfigError{Key: "log.level", Problem: ShownWord(c.Log.Level, "debug", "info", "warn", "error") + " is not debug, info, warn or error"}
	}
	if c.Batch.MaxRecords < 0 {
		return &ConfigError{Key: "batch.max_records", Problem: "must not be negative"}
	}
	if c.Batch.MaxWait < 0 {
		return &ConfigError{Key: "batch.max_wait", Problem: "must not be negative"}
	}
	if c.Batch.MaxWait > maxBatchWait {
		// "200m" for "200ms" held every record of a quiet stream, its
		// erase commands among them, for 200 minutes (a review).
		return &ConfigError{Key: "batch.max_wait", Problem: fmt.Sprintf("%s is longer than %s: a record would wait that long for its batch (a typo for ms?)", c.Batch.MaxWait, maxBatchWait)}
	}
	if c.Parallelism < 0 || c.Parallelism > maxParallelism {
		return &ConfigError{Key: "parallelism", Problem: fmt.Sprintf("must be from 0 (one per CPU) to %d: each goroutine holds about 6 MB before its first record, and more than the CPUs add nothing", maxParallelism)}
	}
	if c.MaxValueBytes < 1024 || c.MaxValueBytes > maxValueBytesLimit {
		// No Kafka record is larger (message.max.bytes is an int32, and
		// a client reads at most its BrokerMaxReadBytes): a larger bound
		// is a typo that would let one record take that much memory.
		return &ConfigError{Key: "max_value_bytes", Problem: fmt.Sprintf("must be between 1024 and %d", maxValueBytesLimit)}
	}
	if c.MaxOutputBytes < 1024 || c.MaxOutputBytes > maxOutputBytesLimit {
		return &ConfigError{Key: "max_output_bytes", Problem: fmt.Sprintf("must be between 1024 and %d", maxOutputBytesLimit)}
	}
	if c.MaxColumns < 1 {
		return &ConfigError{Key: "max_columns", Problem: "must be at least 1"}
	}
	if c.MaxTables < 1 {
		return &ConfigError{Key: "max_tables", Problem: "must be at least 1"}
	}
	if c.MaxPartitionColumns < 1 || c.MaxPartitionColumns > maxPartitionColumnsLimit {
		return &ConfigError{Key: "max_partition_columns", Problem: fmt.Sprintf("must be between 1 and %d", maxPartitionColumnsLimit)}
	}
	return nil
}

// maxBatchWait is the longest batch.max_wait: well within the transaction
// timeout (40 s), and longer than any batch needs to fill.
const maxBatchWait = 30 * time.Second

// maxPartitionColumnsLimit is the most max_partition_columns takes: what
// the default max_tables and max_columns allow together (256 x 4096),
// about 1.5 to 3 GB of a worker's memory for one input partition, where a
// bound no longer bounds anything a pod has.
const maxPartitionColumnsLimit = 1 << 20

// maxParallelism is the most parallelism takes: more CPUs than most
// machines have. Each lane of the engine holds about 6 MB from the start
// (its memo of findings), so parallelism: 1000 ran a worker out of memory
// at start-up, after lethe run --check had said the config was valid.
const maxParallelism = 256

// maxPartitions is the most partitions topics.partitions gives a topic.
const maxPartitions = 10000

// maxIDBytes is the longest group, transactional_id or instance_id: the
// transactional id made from the group must stay within what the client
// sends (a 40,000-byte group failed at start-up, exit 1).
const maxIDBytes = 1024

// idProblem says what is wrong with a group, transactional_id or
// instance_id, "" when nothing is. A newline (group: | keeps one) or a
// blank at either end makes another id than the one meant: another
// consumer group starts from the inputs' beginning. The value is not
// quoted: it may come from the environment.
func idProblem(id string) string {
	switch {
	case len(id) > maxIDBytes:
		return fmt.Sprintf("is %d bytes long, more than %d", len(id), maxIDBytes)
	case strings.ContainsFunc(id, unicode.IsControl):
		return "holds a control character (a newline or a tab; a block scalar, | or >, ends with a newline); the value is not shown"
	case strings.TrimSpace(id) != id:
		return "begins or ends with a blank, and would name another id than the one without; the value is not shown"
	case shellVariable.MatchString(id):
		// transactional_id: $POD_NAME, taken as written, gave every
		// replica the same id: each fenced the others' transactions.
		return `holds "$" and a name, as a shell writes a variable ($POD_NAME): lethe expands only ${NAME}, and would take it as written; the value is not shown`
	}
	return ""
}

// shellVariable matches a shell's reference to a variable without braces.
var shellVariable = regexp.MustCompile(`\$[A-Za-z_]`)

// checkPlaceholder refuses an unavailable.value.placeholder lethe would
// pass on raw at a cost: one holding personal data (every value equal to it
// would reach the sanitized topics as it is), or a long one.
func checkPlaceholder(p string) error {
	const key = "inputs.unavailable_value_placeholder"
	switch {
	case len(p) > 256:
		return &ConfigError{Key: key, Problem: "must be at most 256 bytes"}
	case p != "" && strings.TrimSpace(p) == "":
		return &ConfigError{Key: key, Problem: "must not be blank: every blank value would be taken for it"}
	case p != "" && len(pii.NewScanner().ScanField("", p, nil)) > 0:
		return &ConfigError{Key: key, Problem: "holds what lethe detects as personal data, and values equal to it are passed on raw: choose another (the value is not shown)"}
	}
	return nil
}

// readsTopic reports whether the inputs select topic.
func (c *Config) readsTopic(topic string) bool {
	if slices.Contains(c.Inputs.Topics, topic) {
		return true
	}
	if c.Inputs.Regex != "" {
		if re, err := inputRegex(c.Inputs.Regex); err == nil && re.MatchString(topic) {
			return true
		}
	}
	return false
}

// inputRegexes holds each inputs.regex compiled, once per expression.
var inputRegexes sync.Map // string -> *regexp.Regexp

// inputRegex compiles an inputs.regex, or returns it compiled before.
func inputRegex(expr string) (*regexp.Regexp, error) {
	if re, ok := inputRegexes.Load(expr); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	inputRegexes.Store(expr, re)
	return re, nil
}

// resolveKey reads a key reference. The key itself never appears in errors.
func resolveKey(ref string) ([]byte, error) {
	kind, arg, ok := strings.Cut(ref, ":")
	if !ok {
		return nil, errors.New("want env:NAME, file:PATH or hex:HEX")
	}
	var raw []byte
	switch kind {
	case "env":
		v, err := secretSource(kind, arg)
		if err != nil {
			return nil, err
		}
		b, err := hex.DecodeString(strings.TrimSpace(string(v)))
		if err != nil {
			return nil, fmt.Errorf("environment variable %s is not hex: give the hex of 32 or more random bytes, e.g. openssl rand -hex 32 (not -base64)", shown(arg, nameLike(arg)))
		}
		raw = b
	case "file":
		b, err := secretSource(kind, arg)
		if err != nil {
			return nil, err
		}
		// Text an editor saved with a byte order mark: without it, its
		// hex was taken for 68 raw bytes, another key than the same hex
		// given in the environment (a review).
		text := bytes.TrimPrefix(b, []byte("\ufeff"))
		if u := yamlkey.UTF16Text(b); u != nil {
			// Windows PowerShell 5's > and Out-File write UTF-16:
			// its hex was taken for raw bytes, zeros and all.
			text = u
		}
		t := strings.TrimSpace(string(text))
		if h, err := hex.DecodeString(t); err == nil {
			b = h
		} else if len(t) >= 32 && strings.Trim(t, "0123456789abcdefABCDEF") == "" {
			// Hex with a digit too many or too few: taking its bytes raw
			// would hide the typo behind a key that still looks long.
			return nil, errors.New("file holds hex digits but not whole bytes (an odd count): a typo?")
		} else if isText(text) {
			// Raw key bytes are random: text is a passphrase, weaker than
			// it looks, and its trailing newline would make two files
			// written by echo and printf two different keys.
			return nil, errors.New("file holds text, not a key (a passphrase?): write 32 random bytes or their hex, e.g. openssl rand -hex 32 > FILE")
		}
		raw = b
	case "hex":
		b, err := hex.DecodeString(arg)
		if err != nil {
			return nil, errors.New("not valid hex")
		}
		raw = b
	default:
		// Not the prefix itself: a secret written inline may hold a colon.
		return nil, errors.New("unknown key source: want env:NAME, file:PATH or hex:HEX")
	}
	if len(raw) < 32 {
		return nil, fmt.Errorf("key is %d bytes, want at least 32", len(raw))
	}
	// The first 32 bytes, which are all a token key's encryption uses:
	// a weak start behind a random tail would pass a count of the whole.
	if d := distinctBytes(raw[:32]); d < minDistinctKeyBytes {
		return nil, fmt.Errorf("key has only %d different byte values in its first 32 bytes: not random; generate one with openssl rand -hex 32", d)
	}
	return raw, nil
}

// keysApart returns a *ConfigError when the pseudonym key p and the token
// key t share what either secret rests on (nil when either is unset):
// whoever may test guesses against pseudonyms could then decrypt every
// token, or whoever detokenizes compute pseudonyms. Tokens are encrypted
// with t's first 32 bytes alone, so a t that extends p, or whose first 32
// bytes p holds, is p's twin although the two differ (a review).
func keysApart(p, t []byte) error {
	switch {
	case p == nil || t == nil:
		return nil
	case bytes.Equal(p, t):
		return &ConfigError{Key: "keys.token", Problem: "is the same key as keys.pseudonym; give each its own"}
	case bytes.Contains(t, p) || bytes.Contains(p, t[:32]):
		return &ConfigError{Key: "keys.token", Problem: "shares its bytes with keys.pseudonym (one holds the other, or the first 32 bytes, which encrypt tokens); give each its own random key"}
	}
	return nil
}

// minDistinctKeyBytes is the fewest different byte values a key may hold:
// 32 random bytes hold about 30, and a key of zeros or of one repeated
// pattern far fewer.
const minDistinctKeyBytes = 16

// distinctBytes counts the different byte values in b.
func distinctBytes(b []byte) int {
	var seen [256]bool
	n := 0
	for _, c := range b {
		if !seen[c] {
			seen[c], n = true, n+1
		}
	}
	return n
}

// isText reports whether b is printable ASCII and blanks only.
func isText(b []byte) bool {
	for _, c := range b {
		if (c < ' ' || c > '~') && c != '\n' && c != '\r' && c != '\t' {
			return false
		}
	}
	return true
}

// DefaultMaxOutputBytes is max_output_bytes unless set: with the framing
// margin below it makes a produce batch of 1 MiB, within Kafka's default
// message.max.bytes (1 MiB and 12 bytes).
const DefaultMaxOutputBytes = 1<<20 - outputFraming

// outputFraming is room for Kafka's framing around the largest output
// record: the batch header, varints, header keys.
const outputFraming = 64 << 10

// kafkaDefaultMaxMessageBytes is Kafka's default message.max.bytes, the
// least that output topics get.
const kafkaDefaultMaxMessageBytes = 1<<20 + 12

// maxValueBytesLimit is the most max_value_bytes may be: 1 GiB.
const maxValueBytesLimit = 1 << 30

// maxOutputBytesLimit keeps max_output_bytes and its framing within the
// int32 of Kafka's max.message.bytes and of the producer's batch size.
const maxOutputBytesLimit = 1<<30 - outputFraming

// maxMessageBytes is the produce batch size and, when above Kafka's
// default, the max.message.bytes of output topics (see sizeConfigs).
func (c *Config) maxMessageBytes() int { return c.MaxOutputBytes + outputFraming }
