package worker

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"
	"go.uber.org/zap"
)

// TestTLS runs the pipeline against a broker that speaks only TLS, trusting
// its CA from tls.ca_file, and checks that a worker trusting another CA
// fails at start-up instead of hanging or connecting.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	ca, caKey := newCA(t, "lethe test CA")
	other, _ := newCA(t, "some other CA")
	serverCert := issue(t, ca, caKey)
	cfg := securedBroker(t, kfake.TLS(&tls.Config{Certificates: []tls.Certificate{serverCert}, MinVersion: tls.VersionTLS12}))
	cfg.TLS = TLSConfig{Enabled: true, CAFile: writePEM(t, dir, "ca.pem", ca.Raw)}
	runSecured(t, cfg, 300)

	cfg.TLS.CAFile = writePEM(t, dir, "other.pem", other.Raw)
	startFails(t, cfg, "a broker certificate from an untrusted CA", "certificate signed by unknown authority")
}

// newCA returns a self-signed CA certificate and its key.
func newCA(t *testing.T, name string) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

// issue returns a server certificate for 127.0.0.1 and localhost signed by ca.
func issue(t *testing.T, ca *x509.Certificate, caKey *ecdsa.PrivateKey) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "kfake"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func writePEM(t *testing.T, dir, name string, der []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRegistryTLS reaches an https schema registry whose certificate comes
// from a private CA, trusting it through registry.ca_file, and fails with
// the x509 error when another CA is configured.
func TestRegistryTLS(t *testing.T) {
	dir := t.TempDir()
	ca, caKey := newCA(t, "lethe test CA")
	other, _ := newCA(t, "some other CA")
	reg := srfake.New()
	t.Cleanup(reg.Close)
	backend, err := url.Parse(reg.URL())
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewUnstartedServer(httputil.NewSingleHostReverseProxy(backend))
	front.TLS = &tls.Config{Certificates: []tls.Certificate{issue(t, ca, caKey)}, MinVersion: tls.VersionTLS12}
	front.StartTLS()
	t.Cleanup(front.Close)

	register := func(caFile string) error {
		_, opts, err := registryClientOpts(RegistryConfig{URL: front.URL, CAFile: caFile})
		if err != nil {
			return err
		}
		cl, err := sr.NewClient(opts...)
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err = cl.CreateSchema(ctx, "lethe.commands-value", sr.Schema{Schema: `"string"`, Type: sr.TypeAvro})
		return err
	}
	if err := register(writePEM(t, dir, "ca.pem", ca.Raw)); err != nil {
		t.Fatalf("registering through TLS with the registry's CA: %v", err)
	}
	if err := register(writePEM(t, dir, "other.pem", other.Raw)); err == nil || !strings.Contains(err.Error(), "certificate signed by unknown authority") {
		t.Fatalf("with another CA: %v, want the x509 error", err)
	}
}

// A client and a listener that disagree on TLS or SASL give Kafka clients
// only "context deadline exceeded" or "EOF": the start-up error names the
// setting to look at (a review).
func TestSecurityMismatchHints(t *testing.T) {
	ca, caKey := newCA(t, "lethe test CA")
	tlsBroker := securedBroker(t, kfake.TLS(&tls.Config{Certificates: []tls.Certificate{issue(t, ca, caKey)}, MinVersion: tls.VersionTLS12}))
	plain := securedBroker(t)
	withTLS := plain
	withTLS.TLS = TLSConfig{Enabled: true}
	withSASL := plain
	withSASL.SASL = SASLConfig{Mechanism: "PLAIN", Username: "lethe", Password: "env:LETHE_TEST_SASL"}
	t.Setenv("LETHE_TEST_SASL", "pw")
	for _, c := range []struct {
		what string
		cfg  Config
		want string
	}{
		{"a TLS client, a plaintext listener", withTLS, "tls.enabled is set"},
		{"a SASL client, a listener without SASL", withSASL, "sasl.mechanism is set"},
		{"a plaintext client, a TLS listener", tlsBroker, "is tls.enabled needed?"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		w, err := New(ctx, c.cfg, zap.NewNop())
		cancel()
		if err == nil {
			w.Close()
			t.Errorf("%s: connected", c.what)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want it to say %q", c.what, err, c.want)
		}
	}
}
