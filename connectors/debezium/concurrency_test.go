package debezium

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/twmb/franz-go/pkg/sr"
)

// TestDecodeDoesNotAliasInput reuses the input buffer after decoding, as a
// Kafka client may, and checks the decoded strings are unaffected.
func TestDecodeDoesNotAliasInput(t *testing.T) {
	k, v, err := EncodeJSON(sampleChanges()["create"], false)
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
	k, v, err := EncodeJSON(sampleChanges()["create"], false)
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
	ak, av, err := NewAvroEncoder(cl).Encode(context.Background(), "crm.public.customers", c)
	if err != nil {
		t.Fatal(err)
	}
	jk, jv, err := EncodeJSON(c, true)
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

// TestRegistryUnavailable checks a registry outage is a DecodeError that
// names the schema id, not a panic or a value leak.
func TestRegistryUnavailable(t *testing.T) {
	reg, cl := newFakeRegistry(t)
	_, v, err := NewAvroEncoder(cl).Encode(context.Background(), "crm.public.customers", sampleChanges()["create"])
	if err != nil {
		t.Fatal(err)
	}
	reg.Close()
	_, err = NewDecoder(WithRegistry(cl)).Decode(context.Background(), "crm.public.customers", nil, v)
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(de.Reason, "lookup failed") {
		t.Fatalf("want a lookup-failed DecodeError, got %v", err)
	}
}
