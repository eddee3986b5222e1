package worker

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
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
	// Paths are shown only where they look like paths (ShownErr): a review
	// pasted a private key's PEM text where its path belongs and had it
	// printed back whole.
	read := func(key, path string) ([]byte, error) {
		b, err := readSecretFile(path)
		if err != nil {
			return nil, &ConfigError{Key: section + "." + key, Problem: err.Error()}
		}
		return b, nil
	}
	if caFile != "" {
		pem, err := read("ca_file", caFile)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, &ConfigError{Key: section + ".ca_file", Problem: "no PEM certificate in " + shown(caFile, pathLike(caFile))}
		}
		cfg.RootCAs = pool
	}
	if certFile != "" {
		certPEM, err := read("cert_file", certFile)
		if err != nil {
			return nil, err
		}
		keyPEM, err := read("key_file", keyFile)
		if err != nil {
			return nil, err
		}
		cert, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			return nil, &ConfigError{Key: section + ".cert_file", Problem: "with key_file: " + err.Error()}
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
		return &ConfigError{Key: "sasl.mechanism", Problem: ShownWord(c.Mechanism, "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512") + " is not PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"}
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
		if strings.TrimSpace(v) == "" {
			// An empty SASL password was taken, for the broker to
			// refuse; an empty key was "0 bytes" (a review).
			return nil, fmt.Errorf("environment variable %s is empty", shown(arg, nameLike(arg)))
		}
		return []byte(v), nil
	}
	b, err := readSecretFile(arg)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, fmt.Errorf("file %s is empty", shown(arg, pathLike(arg)))
	}
	return b, nil
}

// maxSecretFileBytes is the most readSecretFile reads: far more than a
// key, a password or a certificate file holds (a CA bundle of every public
// CA is about 200 KiB), and little memory.
const maxSecretFileBytes = 4 << 20

// readSecretFile reads a key, password or certificate file a config key
// names, with its path shown only where it looks like one (shownPathErr).
// It must be a regular file (a link to one, as Kubernetes mounts secrets,
// is one) of at most maxSecretFileBytes: /dev/zero or /dev/urandom was
// read without end, lethe run --check among the readers, until memory ran
// out; a named pipe had it wait for a writer for ever; a directory was
// "read ...: is a directory".
func readSecretFile(path string) ([]byte, error) {
	// Without O_NONBLOCK, opening a named pipe waits for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, shownPathErr(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, shownPathErr(err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file but %s: name the file that holds it", shown(path, pathLike(path)), fileKind(fi.Mode()))
	}
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFileBytes+1))
	if err != nil {
		return nil, shownPathErr(err)
	}
	if len(b) > maxSecretFileBytes {
		return nil, fmt.Errorf("%s is larger than %d bytes, more than a key, password or certificate file holds: is it the right file?", shown(path, pathLike(path)), maxSecretFileBytes)
	}
	return b, nil
}

// fileKind says what a file that is not a regular one is.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeDevice != 0:
		return "a device"
	}
	return "another kind of file"
}

// password reads the password reference; the value never appears in errors.
func (c *SASLConfig) password() (string, error) {
	kind, arg, ok := strings.Cut(c.Password, ":")
	if !ok {
		return "", errors.New("want env:NAME or file:PATH")
	}
	switch kind {
	case "env", "file":
		// Without its line end, from either source: a Kubernetes secret
		// made with --from-file holds the file's newline, in the mounted
		// file and in a variable set from it alike.
		b, err := secretSource(kind, arg)
		return string(bytes.TrimRight(b, "\r\n")), err
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

// connectHint names the security setting a connection error that names
// none may come from: a TLS client and a plaintext listener wait each
// other out, and a listener closes the connection of a client that speaks
// what it does not (a review saw only "context deadline exceeded" and
// "EOF"). "" where neither fits.
func connectHint(c Config, err error) string {
	timeout := errors.Is(err, context.DeadlineExceeded)
	closed := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
	switch {
	case c.TLS.Enabled && timeout:
		return " (tls.enabled is set: a listener without TLS leaves the TLS handshake unanswered)"
	case c.SASL.Mechanism != "" && closed:
		return " (sasl.mechanism is set: a listener without SASL closes the connection when asked for it)"
	case !c.TLS.Enabled && closed:
		return " (a listener that speaks TLS closes the connection of a client that does not: is tls.enabled needed?)"
	}
	return ""
}
