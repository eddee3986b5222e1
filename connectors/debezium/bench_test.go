package debezium

import (
	"context"
	"testing"

	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumenc"
)

func benchDecode(b *testing.B, d *Decoder, key, value []byte) {
	b.Helper()
	ctx := context.Background()
	if _, err := d.Decode(ctx, "crm.public.customers", key, value); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(key) + len(value)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := d.Decode(ctx, "crm.public.customers", key, value); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeJSONSchema(b *testing.B) {
	k, v, err := debeziumenc.EncodeJSON(sampleChanges()["update"], true)
	if err != nil {
		b.Fatal(err)
	}
	benchDecode(b, NewDecoder(), k, v)
}

func BenchmarkDecodeJSONSchemaless(b *testing.B) {
	k, v, err := debeziumenc.EncodeJSON(sampleChanges()["update"], false)
	if err != nil {
		b.Fatal(err)
	}
	benchDecode(b, NewDecoder(), k, v)
}

func BenchmarkDecodeAvro(b *testing.B) {
	_, cl := newFakeRegistry(b)
	k, v, err := debeziumenc.NewAvroEncoder(cl).Encode(context.Background(), "crm.public.customers", sampleChanges()["update"])
	if err != nil {
		b.Fatal(err)
	}
	benchDecode(b, NewDecoder(WithRegistry(cl)), k, v)
}

func BenchmarkEncodeJSONSchema(b *testing.B) {
	c := sampleChanges()["update"]
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := debeziumenc.EncodeJSON(c, true); err != nil {
			b.Fatal(err)
		}
	}
}
