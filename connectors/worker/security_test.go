package worker

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"go.uber.org/zap"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/connectors/demofeed"
)

// TestSASLSCRAM runs the pipeline against a broker that requires SCRAM
// authentication, and checks that a wrong password fails at start-up with an
// error that does not contain the password.
func TestSASLSCRAM(t *testing.T) {
	cfg := securedBroker(t, kfake.EnableSASL(), kfake.Superuser("SCRAM-SHA-256", "lethe", "s3cret-pw"))
	cfg.SASL = SASLConfig{Mechanism: "SCRAM-SHA-256", Username: "lethe", Password: "env:LETHE_TEST_SASL"}
	t.Setenv("LETHE_TEST_SASL", "s3cret-pw")
	runSecured(t, cfg, 500)

	t.Setenv("LETHE_TEST_SASL", "wrong-password")
	err := startFails(t, cfg, "a wrong password", "") // kfake just closes the connection
	if strings.Contains(err.Error(), "wrong-password") || strings.Contains(err.Error(), "s3cret") {
		t.Error("the error repeats a password")
	}
}

// securedBroker starts a broker with the security options opts and returns
// a worker config pointing at it.
func securedBroker(t *testing.T, opts ...kfake.Opt) Config {
	t.Helper()
	c, err := kfake.NewCluster(append([]kfake.Opt{kfake.NumBrokers(1), kfake.Ports(0), kfake.DefaultNumPartitions(3)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	cfg := testConfig()
	cfg.Brokers = c.ListenAddrs()
	cfg.HTTP.Addr = ""
	return cfg
}

// startFails checks that a worker with cfg fails at start-up, because of
// what (not a timeout), with an error mentioning cause when it is not "",
// and returns the error.
func startFails(t *testing.T, cfg Config, what, cause string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	bad, err := New(ctx, cfg, zap.NewNop())
	if err == nil {
		bad.Close()
		t.Fatalf("%s was accepted", what)
	}
	if ctx.Err() != nil {
		t.Errorf("%s was found only when the start-up timed out: %v", what, err)
	}
	if !strings.Contains(err.Error(), cause) {
		t.Errorf("%s: error %q does not mention %q", what, err, cause)
	}
	t.Logf("%s: %v", what, err)
	return err
}

// runSecured feeds n demo events to the broker of cfg, a worker on a
// secured connection, and runs the worker until it has committed them.
func runSecured(t *testing.T, cfg Config, n int) {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	w := newWorker(t, cfg)
	if err := demofeed.Produce(context.Background(), w.Brokers(), democrm.New(4), int64(n), demofeed.Options{Partitions: 3, ClientOpts: w.ClientOpts()}); err != nil {
		t.Fatal(err)
	}
	runUntil(t, w, int64(n))
}

func TestSecurityConfigErrors(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		mod  func(*Config)
		key  string
	}{
		{"unknown mechanism", func(c *Config) { c.SASL = SASLConfig{Mechanism: "GSSAPI", Username: "u", Password: "env:X"} }, "sasl.mechanism"},
		{"no username", func(c *Config) { c.SASL = SASLConfig{Mechanism: "PLAIN", Password: "env:X"} }, "sasl.username"},
		{"unset password", func(c *Config) {
			c.SASL = SASLConfig{Mechanism: "PLAIN", Username: "u", Password: "env:LETHE_TEST_UNSET_PW"}
		}, "sasl.password"},
		{"literal password", func(c *Config) { c.SASL = SASLConfig{Mechanism: "PLAIN", Username: "u", Password: "hunter2"} }, "sasl.password"},
		{"credentials without mechanism", func(c *Config) { c.SASL = SASLConfig{Username: "u"} }, "sasl.mechanism"},
		{"files without tls", func(c *Config) { c.TLS = TLSConfig{CAFile: notPEM} }, "tls.enabled"},
		{"bad ca", func(c *Config) { c.TLS = TLSConfig{Enabled: true, CAFile: notPEM} }, "tls.ca_file"},
		{"cert without key", func(c *Config) { c.TLS = TLSConfig{Enabled: true, CertFile: notPEM} }, "tls.cert_file"},
		{"server name without tls", func(c *Config) { c.TLS = TLSConfig{ServerName: "kafka"} }, "tls.enabled"},
		// A key's PEM text pasted where its path belongs (a review had it
		// printed back whole), and a missing key named as the key's.
		{"a key pasted as the key file", func(c *Config) {
			c.TLS = TLSConfig{Enabled: true, CertFile: notPEM, KeyFile: pastedKey}
		}, "tls.key_file"},
		{"a key pasted as the cert file", func(c *Config) {
			c.TLS = TLSConfig{Enabled: true, CertFile: pastedKey, KeyFile: notPEM}
		}, "tls.cert_file"},
		{"a secret as the ca file", func(c *Config) { c.TLS = TLSConfig{Enabled: true, CAFile: "hunter2Qx9w+ZZ/a=="} }, "tls.ca_file"},
		{"a missing key file", func(c *Config) {
			c.TLS = TLSConfig{Enabled: true, CertFile: notPEM, KeyFile: filepath.Join(dir, "missing-key.pem")}
		}, "tls.key_file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := testConfig()
			tc.mod(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.key) || strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "MIIEv") {
				t.Fatalf("err = %v, want one naming %s", err, tc.key)
			}
		})
	}
}

// pastedKey is the start of a private key's PEM text, as a user pastes it.
const pastedKey = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n-----END PRIVATE KEY-----\n"

// A key, password or certificate file that is not a regular file, or is
// far larger than any such file, is refused with the key named: a
// reference to /dev/zero or /dev/urandom was read without end (lethe run
// --check ran the machine out of memory), and one to a named pipe waited
// for a writer for ever.
func TestSecretFilesNotRegularOrTooLarge(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if out, err := exec.Command("mkfifo", fifo).CombinedOutput(); err != nil {
		t.Fatalf("mkfifo: %v: %s", err, out)
	}
	huge := filepath.Join(dir, "huge.key")
	if err := os.WriteFile(huge, bytes.Repeat([]byte(testKey(1)), maxSecretFileBytes/64+1), 0o600); err != nil {
		t.Fatal(err)
	}
	cert := filepath.Join(dir, "cert.pem") // read before the key file
	if err := os.WriteFile(cert, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	token := "hex:" + testKey(2)
	for _, tc := range []struct {
		name, path, want string
	}{
		{"zeros", "/dev/zero", "not a regular file"},
		{"random bytes", "/dev/urandom", "not a regular file"},
		{"a named pipe", fifo, "not a regular file"},
		{"a directory", dir, "not a regular file"},
		{"a huge file", huge, "larger than"},
	} {
		for _, place := range []struct {
			key string
			mod func(c *Config, path string)
		}{
			{"keys.pseudonym", func(c *Config, p string) {
				c.InsecureDevKeys, c.Keys = false, KeysConfig{Pseudonym: "file:" + p, Token: token}
			}},
			{"sasl.password", func(c *Config, p string) {
				c.Brokers, c.SASL = []string{"kafka:9092"}, SASLConfig{Mechanism: "SCRAM-SHA-256", Username: "u", Password: "file:" + p}
			}},
			{"tls.ca_file", func(c *Config, p string) {
				c.Brokers, c.TLS = []string{"kafka:9092"}, TLSConfig{Enabled: true, CAFile: p}
			}},
			{"registry.key_file", func(c *Config, p string) {
				c.Registry = RegistryConfig{URL: "https://registry:8081", CertFile: cert, KeyFile: p}
			}},
		} {
			t.Run(tc.name+" as "+place.key, func(t *testing.T) {
				c := testConfig()
				place.mod(&c, tc.path)
				done := make(chan error, 1)
				go func() { done <- c.Validate() }()
				select {
				case err := <-done:
					var ce *ConfigError
					if !errors.As(err, &ce) || ce.Key != place.key || !strings.Contains(ce.Problem, tc.want) {
						t.Errorf("err = %v, want %s refused: %s", err, place.key, tc.want)
					}
				case <-time.After(10 * time.Second):
					t.Fatalf("still reading after 10 s")
				}
			})
		}
	}
}
