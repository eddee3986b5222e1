package worker

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// TLSConfig encrypts (and optionally authenticates) connections to Kafka.
type TLSConfig struct {
	Enabled bool `yaml:"enabled"`
	// CAFile verifies the brokers' certificates; "" uses the system pool.
	CAFile string `yaml:"ca_file"`
	// CertFile and KeyFile are a client certificate for mutual TLS.
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	// ServerName overrides the name checked in the brokers' certificates.
	ServerName string `yaml:"server_name"`
}

// SASLConfig authenticates lethe to Kafka.
type SASLConfig struct {
	// Mechanism is PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512; "" disables SASL.
	Mechanism string `yaml:"mechanism"`
	Username  string `yaml:"username"`
	// Password is a secret reference: env:NAME or file:PATH (the raw value,
	// not hex).
	Password string `yaml:"password"`
}

func (c *TLSConfig) validate() error {
	if !c.Enabled {
		if c.CAFile != "" || c.CertFile != "" || c.KeyFile != "" || c.ServerName != "" {
			return &ConfigError{Key: "tls.enabled", Problem: "TLS settings are given but TLS is not enabled"}
		}
		return nil
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		return &ConfigError{Key: "tls.cert_file", Problem: "cert_file and key_file go together"}
	}
	_, err := c.build()
	return err
}

// build loads the certificates.
func (c *TLSConfig) build() (*tls.Config, error) {
	return buildTLS("tls", c.CAFile, c.CertFile, c.KeyFile, c.ServerName)
}

// buildTLS is a TLS client configuration from certificate files; errors
// name the keys under section ("tls", "registry").
func buildTLS(section, caFile, certFile, keyFile, serverName string) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: serverName}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, &ConfigError{Key: section + ".ca_file", Problem: err.Error()}
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, &ConfigError{Key: section + ".ca_file", Problem: "no PEM certificate in " + caFile}
		}
		cfg.RootCAs = pool
	}
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, &ConfigError{Key: section + ".cert_file", Problem: err.Error()}
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, nil
}

func (c *SASLConfig) validate() error {
	switch c.Mechanism {
	case "":
		if c.Username != "" || c.Password != "" {
			return &ConfigError{Key: "sasl.mechanism", Problem: "username or password set without a mechanism"}
		}
		return nil
	case "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512":
	default:
		return &ConfigError{Key: "sasl.mechanism", Problem: Shown(c.Mechanism) + " is not PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"}
	}
	if c.Username == "" {
		return &ConfigError{Key: "sasl.username", Problem: "required with a mechanism"}
	}
	if _, err := c.password(); err != nil {
		return &ConfigError{Key: "sasl.password", Problem: err.Error()}
	}
	return nil
}

// secretSource reads the env:NAME or file:PATH source of a secret. Its
// errors name the variable or the file only where the name looks like one
// (see nameLike, pathLike): a secret written where its name belongs
// ("env:3f9a0c...", "file:k3y+Secret.../Wq9==") must not be printed back.
func secretSource(kind, arg string) ([]byte, error) {
	if kind == "env" {
		v, ok := os.LookupEnv(arg)
		if !ok {
			return nil, fmt.Errorf("environment variable %s is not set", shown(arg, nameLike(arg)))
		}
		return []byte(v), nil
	}
	b, err := os.ReadFile(arg)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return nil, fmt.Errorf("%s %s: %w", pe.Op, shown(arg, pathLike(arg)), pe.Err)
	}
	return b, err
}

// nameLike reports an environment variable's name as people write them:
// capitals, digits and underscores (or all in lower case), and not a key
// in hex, nor a long run with no underscore.
func nameLike(s string) bool {
	return (envName.MatchString(s) || envNameLower.MatchString(s)) && !(len(s) >= 16 && strings.Trim(s, "0123456789ABCDEFabcdef") == "") &&
		!(len(s) >= 24 && !strings.Contains(s, "_"))
}

// envName and envNameLower are the shapes of an environment variable's name.
var (
	envName      = regexp.MustCompile(`^[A-Z_][A-Z0-9_]{0,127}$`)
	envNameLower = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,127}$`)
)

// pathLike reports a file path as people write them: no part of it looks
// like a key or a password. A part does when it holds '+', '=' or the
// punctuation of passwords, or has 16 characters or more that are all hex
// or mix capitals, small letters and digits (base64). Names of words
// joined by '-' or '_' (/run/secrets/postgres_password) are paths. A base64
// key may hold '/', so every part is checked.
func pathLike(p string) bool {
	for _, part := range strings.Split(filepath.ToSlash(p), "/") {
		if strings.ContainsAny(part, "+=&!#$%*?@^~`|<>;,()[]{}'\"") || secretLike(part) {
			return false
		}
	}
	return true
}

// secretLike reports a run of 16 characters or more that is all hex, or
// mixes capitals, small letters and digits as base64 and passwords do.
func secretLike(s string) bool {
	if len(s) < 16 {
		return false
	}
	if strings.Trim(s, "0123456789abcdefABCDEF") == "" {
		return true
	}
	upper := strings.IndexFunc(s, func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0
	lower := strings.IndexFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' }) >= 0
	return upper && lower && strings.ContainsAny(s, "0123456789")
}

// Shown quotes a value for an error message when it cannot be a secret,
// and otherwise says it is left out: a password or a connection string
// given to the wrong flag or key ("kafka://u:pw@host:9092" for a broker,
// "S3cret!" for a format) must not be printed back.
func Shown(v string) string {
	if strings.Contains(v, "@") || strings.Contains(v, "://") || !pathLike(v) || len(v) > 256 {
		return "(a value not shown: it may hold a secret)"
	}
	return strconv.Quote(v)
}

// ShownErr is err's message with the path of a *fs.PathError left out when
// it may be a secret (see pathLike).
func ShownErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + " " + shown(pe.Path, pathLike(pe.Path)) + ": " + pe.Err.Error()
	}
	return err.Error()
}

// shown is name, or a note that it is left out when it does not look like one.
func shown(name string, looksLikeOne bool) string {
	if looksLikeOne {
		return name
	}
	return "(its name is not shown: it does not look like one and may be the secret itself)"
}

// password reads the password reference; the value never appears in errors.
func (c *SASLConfig) password() (string, error) {
	kind, arg, ok := cutRef(c.Password)
	if !ok {
		return "", errors.New("want env:NAME or file:PATH")
	}
	switch kind {
	case "env":
		v, err := secretSource(kind, arg)
		return string(v), err
	case "file":
		b, err := secretSource(kind, arg)
		return string(trimNewline(b)), err
	}
	// Not the prefix itself: a password written inline may hold a colon.
	return "", errors.New("unknown secret source: want env:NAME or file:PATH")
}

func (c *SASLConfig) mechanism() (sasl.Mechanism, error) {
	pw, err := c.password()
	if err != nil {
		return nil, &ConfigError{Key: "sasl.password", Problem: err.Error()}
	}
	switch c.Mechanism {
	case "PLAIN":
		return plain.Auth{User: c.Username, Pass: pw}.AsMechanism(), nil
	case "SCRAM-SHA-256":
		return scram.Auth{User: c.Username, Pass: pw}.AsSha256Mechanism(), nil
	default:
		return scram.Auth{User: c.Username, Pass: pw}.AsSha512Mechanism(), nil
	}
}

// ClientOpts are the franz-go options every client lethe opens to Kafka
// needs: TLS and SASL as configured. The runner, the admin client, the data
// map restore and the demo feed all take them.
func (c *Config) ClientOpts() ([]kgo.Opt, error) {
	var opts []kgo.Opt
	if c.TLS.Enabled {
		tc, err := c.TLS.build()
		if err != nil {
			return nil, err
		}
		opts = append(opts, kgo.Dialer((&tls.Dialer{NetDialer: &net.Dialer{Timeout: 10 * time.Second}, Config: tc}).DialContext))
	}
	if c.SASL.Mechanism != "" {
		m, err := c.SASL.mechanism()
		if err != nil {
			return nil, err
		}
		opts = append(opts, kgo.SASL(m))
	}
	return opts, nil
}

func cutRef(ref string) (kind, arg string, ok bool) {
	for i := 0; i < len(ref); i++ {
		if ref[i] == ':' {
			return ref[:i], ref[i+1:], true
		}
	}
	return "", "", false
}

func trimNewline(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
