package debezium

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/sr"
	"github.com/twmb/franz-go/pkg/sr/srfake"

	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumenc"
)

// TestDecodeDoesNotAliasInput reuses the input buffer after decoding, as a
// Kafka client may, and checks the decoded strings are unaffected.
func TestDecodeDoesNotAliasInput(t *testing.T) {
	k, v, err := debeziumenc.EncodeJSON(sampleChanges()["create"], false)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewDecoder().Decode(context.Background(), "t", k, v)
	if err != nil {
		t.Fatal(err)
	}
	for i := range v {
		v[i] = 'x'
	}
	for i := range k {
		k[i] = 'x'
	}
	if c.After["last_name"] != "Łukasiewicz" || c.Source.Table != "customers" || c.Key["customer_id"] != int64(9007199254740993) {
		t.Fatal("decoded values changed when the input buffer was reused")
	}
}

// TestDecodeAliasing checks WithAliasing does what it says: the decoded
// strings are the input's memory (so a caller that reuses buffers must not
// use it), and they decode the same as copies.
func TestDecodeAliasing(t *testing.T) {
	k, v, err := debeziumenc.EncodeJSON(sampleChanges()["create"], false)
	if err != nil {
		t.Fatal(err)
	}
	want, err := NewDecoder().Decode(context.Background(), "t", k, v)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewDecoder(WithAliasing()).Decode(context.Background(), "t", k, v)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("aliased decode differs:\n%+v\n%+v", c, want)
	}
	for i := range v {
		v[i] = 'x'
	}
	if c.Source.Table == "customers" {
		t.Fatal("WithAliasing copied the value")
	}
}

// TestDecodeConcurrent decodes Avro and JSON from many goroutines through
// one Decoder (run with -race) and checks the registry is asked once per id.
func TestDecodeConcurrent(t *testing.T) {
	reg, _ := newFakeRegistry(t)
	var mu sync.Mutex
	lookups := 0
	cl, err := sr.NewClient(sr.URLs(reg.URL()), sr.PreReq(func(r *http.Request) error {
		if strings.HasPrefix(r.URL.Path, "/schemas/ids/") {
			mu.Lock()
			lookups++
			mu.Unlock()
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	c := sampleChanges()["update"]
	ak, av, err := debeziumenc.NewAvroEncoder(cl).Encode(context.Background(), "crm.public.customers", c)
	if err != nil {
		t.Fatal(err)
	}
	jk, jv, err := debeziumenc.EncodeJSON(c, true)
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder(WithRegistry(cl))
	mu.Lock()
	lookups = 0 // the encoder's registrations are not the decoder's business
	mu.Unlock()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				k, v := ak, av
				if i%2 == 0 {
					k, v = jk, jv
				}
				got, err := d.Decode(context.Background(), "t", k, v)
				if err != nil {
					errs <- err
					return
				}
				if diff := diffChange(got, c); diff != "" {
					errs <- errors.New(diff)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if lookups != 2 { // key schema and value schema
		t.Fatalf("registry asked %d times, want 2", lookups)
	}
}

// TestRegistryUnavailable checks a registry out of reach is a transient
// DecodeError (the batch is retried, the record not dead-lettered), not a
// panic or a value leak.
func TestRegistryUnavailable(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	v := customersCreate(t, cl)
	reg.Close()
	_, err := NewDecoder(WithRegistry(cl)).Decode(context.Background(), "crm.public.customers", nil, v)
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(de.Reason, "lookup failed") || !de.Transient() {
		t.Fatalf("want a transient lookup-failed DecodeError, got %v", err)
	}
}

// TestRegistryErrorAnswers checks which registry answers dead-letter a
// record and which retry it: a registry that is failing or refuses lethe's
// credentials says nothing about the record, and dead-lettering would lose
// every record with a new schema id during a registry restart.
func TestRegistryErrorAnswers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		proxy  bool // a plain-text answer without a registry's error code
		retry  bool
	}{
		{"503", http.StatusServiceUnavailable, false, true},
		{"500", http.StatusInternalServerError, false, true},
		{"429", http.StatusTooManyRequests, false, true},
		{"401", http.StatusUnauthorized, false, true},
		{"403", http.StatusForbidden, false, true},
		{"404", http.StatusNotFound, false, false},
		{"422", http.StatusUnprocessableEntity, false, false},
		// A 404 without the registry's error code is a proxy's (Traefik
		// answers "404 page not found" while the registry's service has
		// no ready endpoint): it says nothing about the schema id, and a
		// dead letter would lose every record whose schema was not
		// cached yet during a registry restart.
		{"404 of a proxy", http.StatusNotFound, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg, cl := newFakeRegistry(t)
			v := customersCreate(t, cl)
			contentType, body := "application/json", fmt.Sprintf(`{"error_code":%d,"message":"unavailable"}`, tc.status)
			if tc.proxy {
				contentType, body = "text/plain; charset=utf-8", "404 page not found"
			}
			var asked atomic.Int32
			answerSchemaIDs(reg, tc.status, contentType, body, &asked)
			d := NewDecoder(WithRegistry(cl))
			now := time.Unix(1700000000, 0)
			d.now = func() time.Time { return now }
			_, err := d.Decode(context.Background(), "crm.public.customers", nil, v)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("want a DecodeError, got %v", err)
			}
			if de.Transient() != tc.retry {
				t.Fatalf("Transient() = %v for HTTP %d, want %v (%v)", de.Transient(), tc.status, tc.retry, err)
			}
			if asked.Load() != 1 {
				t.Fatalf("the registry was asked %d times, want once", asked.Load())
			}
			reg.ClearInterceptors()
			if !tc.retry {
				// A refusal for good is remembered for a while: a stream
				// of such records costs one request, not one each.
				now = now.Add(failedSchemaTTL - time.Second)
				if _, err := d.Decode(context.Background(), "crm.public.customers", nil, v); err == nil {
					t.Fatal("a refusal was forgotten before failedSchemaTTL")
				}
				now = now.Add(2 * time.Second)
			}
			// Then, or at once after a transient failure, the registry is
			// asked again and the same record decodes.
			if _, err := d.Decode(context.Background(), "crm.public.customers", nil, v); err != nil {
				t.Fatalf("after the registry recovered: %v", err)
			}
		})
	}
}

// Records with made-up schema ids, each new, do not grow the cache for
// good: at most maxFailedSchemas refusals are remembered, expired ones are
// forgotten when more come, and a refusal still remembered saves its
// request.
func TestUnknownSchemaIDsBounded(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	var asked atomic.Int32
	reg.Intercept(func(http.ResponseWriter, *http.Request) bool { asked.Add(1); return false })
	d := NewDecoder(WithRegistry(cl))
	now := time.Unix(1700000000, 0)
	d.now = func() time.Time { return now }
	decode := func(id int) {
		v := []byte{0, byte(id >> 24), byte(id >> 16), byte(id >> 8), byte(id), 2, 'c'}
		var de *DecodeError
		if _, err := d.Decode(context.Background(), "crm.public.t", nil, v); !errors.As(err, &de) || de.Transient() {
			t.Fatalf("schema id %d: %v, want a refusal for good", id, err)
		}
	}
	entries := func() int {
		d.mu.RLock()
		defer d.mu.RUnlock()
		return len(d.codecs)
	}
	for id := 1000; id < 1000+3*maxFailedSchemas; id++ {
		decode(id)
	}
	if n := entries(); n > maxFailedSchemas {
		t.Fatalf("%d cache entries after %d unknown ids, want at most %d", n, 3*maxFailedSchemas, maxFailedSchemas)
	}
	// A remembered refusal costs no request.
	before := asked.Load()
	decode(1000)
	if asked.Load() != before {
		t.Fatal("a remembered refusal was asked again")
	}
	// Once they expire, new ids take their place.
	now = now.Add(failedSchemaTTL + time.Second)
	for id := 100000; id < 100000+maxFailedSchemas/2; id++ {
		decode(id)
	}
	if n, f := entries(), d.failed; n != maxFailedSchemas/2 || f != n {
		t.Fatalf("%d cache entries, %d counted as failed, want %d", n, f, maxFailedSchemas/2)
	}
}

// A remembered refusal is shared by every record of its schema id, and
// each decode hands out its own copy: the decoder sets the copy's topic
// (key, result) and a caller may change it, while other lanes copy the
// remembered one. The decode that asked the registry handed out the
// remembered error itself: its topic was written while other lanes read it
// (a data race, under -race), and a caller's change went into every later
// record's error.
func TestRememberedRefusalNotShared(t *testing.T) {
	_, cl := newFakeRegistry(t)
	d := NewDecoder(WithRegistry(cl))
	v := []byte{0, 0, 0, 0, 42, 2, 'c'} // schema id 42, which the registry does not know
	_, err := d.Decode(context.Background(), "crm.public.a", nil, v)
	var first *DecodeError
	if !errors.As(err, &first) || first.Transient() {
		t.Fatalf("want a refusal for good, got %v", err)
	}
	reason := first.Reason
	first.Reason, first.Topic = "changed by its caller", "elsewhere"
	_, err = d.Decode(context.Background(), "crm.public.b", nil, v)
	var second *DecodeError
	if !errors.As(err, &second) || second.Reason != reason || second.Topic != "crm.public.b" {
		t.Fatalf("the next record's error: %v, want reason %q on topic crm.public.b", err, reason)
	}
	// Lanes decoding records of the id at once, keys as well as values,
	// each on its topic (go test -race).
	d = NewDecoder(WithRegistry(cl))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			topic := "crm.public.t" + strconv.Itoa(i)
			for range 50 {
				_, err := d.Decode(context.Background(), topic, v, v)
				var de *DecodeError
				if !errors.As(err, &de) || de.Topic != topic {
					t.Errorf("%s: %v, want a DecodeError of its own topic", topic, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestRegistryAnswerTextNotShown checks that what a registry (or a proxy
// in front of it) writes in a refusal does not reach the reason of a dead
// letter or the log: its text is anyone's, of any length (a leak hunt
// found "Schema canary.leak@example.org not found" in a dead letter's
// reason). The status and the error code are shown.
func TestRegistryAnswerTextNotShown(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
	}{
		{http.StatusNotFound, `{"error_code":40403,"message":"Schema canary.leak@example.org not found"}`},
		{http.StatusUnprocessableEntity, `{"error_code":42201,"message":"Wimmersberger DE89370400440532013000"}`},
		{http.StatusServiceUnavailable, `<html>gateway: canary.leak@example.org</html>`},
		{http.StatusNotFound, `<html>Not Found: DE89370400440532013000</html>`},
	} {
		t.Run(strconv.Itoa(tc.status), func(t *testing.T) {
			reg, cl := newFakeRegistry(t)
			v := customersCreate(t, cl)
			answerSchemaIDs(reg, tc.status, "", tc.body, nil)
			_, err := NewDecoder(WithRegistry(cl)).Decode(context.Background(), "crm.public.customers", nil, v)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("want a DecodeError, got %v", err)
			}
			for _, leak := range []string{"canary", "Wimmersberger", "DE89370400440532013000", "html"} {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("the registry's text went out: %v", err)
				}
			}
			if !strings.Contains(err.Error(), "HTTP "+strconv.Itoa(tc.status)) {
				t.Errorf("want the status in %v", err)
			}
			var re *sr.ResponseError
			if !errors.As(err, &re) {
				t.Errorf("the registry's answer is no longer wrapped: %v", err)
			}
		})
	}
}

// customersCreate is the sample customers create, encoded as Avro with its
// schema registered in cl's registry.
func customersCreate(t *testing.T, cl *sr.Client) []byte {
	t.Helper()
	_, v, err := debeziumenc.NewAvroEncoder(cl).Encode(context.Background(), "crm.public.customers", sampleChanges()["create"])
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// answerSchemaIDs makes reg answer every schema lookup by id with status,
// contentType ("" sets none) and body, counting them in asked (if any),
// until its interceptors are cleared.
func answerSchemaIDs(reg *srfake.Registry, status int, contentType, body string, asked *atomic.Int32) {
	reg.Intercept(func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasPrefix(r.URL.Path, "/schemas/ids/") {
			return false
		}
		if asked != nil {
			asked.Add(1)
		}
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		fmt.Fprint(w, body)
		return true
	})
}
