package synth

import (
	"math/rand/v2"
	"testing"
)

func BenchmarkIBAN(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		_ = IBAN(r, "DE")
	}
}

func BenchmarkValidIBAN(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = ValidIBAN("DE89 3704 0044 0532 0130 00")
	}
}

func BenchmarkSteuerID(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		_ = SteuerID(r)
	}
}

func BenchmarkCard(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		_, _ = Card(r)
	}
}
