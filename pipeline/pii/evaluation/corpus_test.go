package evaluation

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/lethe-cdc/lethe/pipeline/pii"
)

const corpusPath = "testdata/corpus.jsonl"

func loadCorpus(t testing.TB) []Sample {
	t.Helper()
	f, err := os.Open(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := Load(f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCorpusMatchesGenerator keeps the committed corpus and the generator
// from drifting apart.
func TestCorpusMatchesGenerator(t *testing.T) {
	want, err := os.ReadFile(corpusPath)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := WriteCorpus(&got, Generate(CorpusSeed, CorpusSize)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("%s (%d bytes) differs from Generate(%d, %d) (%d bytes): run go generate ./pipeline/pii/evaluation",
			corpusPath, len(want), CorpusSeed, CorpusSize, got.Len())
	}
	if len(want) > 5<<20 {
		t.Errorf("corpus is %d bytes, keep it under 5 MiB", len(want))
	}
}

func TestGenerateIsDeterministicAndSeeded(t *testing.T) {
	a, b, c := Generate(7, 300), Generate(7, 300), Generate(8, 300)
	var ab, bb, cb bytes.Buffer
	for _, x := range []struct {
		s []Sample
		b *bytes.Buffer
	}{{a, &ab}, {b, &bb}, {c, &cb}} {
		if err := WriteCorpus(x.b, x.s); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(ab.Bytes(), bb.Bytes()) {
		t.Error("same seed gave different corpora")
	}
	if bytes.Equal(ab.Bytes(), cb.Bytes()) {
		t.Error("different seeds gave the same corpus")
	}
}

// TestCorpusShape checks the committed corpus covers what it claims to, and
// that every gold span is clean: no surrounding blanks, JSON and XML blobs
// well formed.
func TestCorpusShape(t *testing.T) {
	samples := loadCorpus(t)
	if n := len(samples); n < 5000 || n > 20000 {
		t.Fatalf("corpus has %d samples, want 5000..20000", n)
	}
	fams := map[string]int{}
	kinds := map[string]int{}
	negatives, notes, unnamed := 0, 0, 0
	for i, s := range samples {
		if len(s.Spans) == 0 {
			negatives++
		}
		if len(s.Spans) > 1 {
			notes++
		}
		if s.Field == "" {
			unnamed++
		}
		for j, sp := range s.Spans {
			fams[FamilyOf(sp.Category)]++
			kinds[sp.Kind]++
			txt := s.Value[sp.Start:sp.End]
			if strings.TrimFunc(txt, unicode.IsSpace) != txt {
				t.Errorf("sample %d span %d (%s) has surrounding blanks", i, j, sp.Kind)
			}
			if j > 0 && sp.Start < s.Spans[j-1].End {
				t.Errorf("sample %d: spans %d and %d overlap or are out of order", i, j-1, j)
			}
		}
		v := strings.TrimSpace(s.Value)
		switch {
		case strings.HasPrefix(v, "{"):
			if !json.Valid([]byte(v)) {
				t.Errorf("sample %d (field %q): JSON blob does not parse", i, s.Field)
			}
		case strings.HasPrefix(v, "<customer"):
			var x struct{}
			if err := xml.Unmarshal([]byte(v), &x); err != nil {
				t.Errorf("sample %d (field %q): XML blob does not parse: %v", i, s.Field, err)
			}
		}
	}
	for _, f := range []string{"email", "phone", "address", "name", "date_of_birth", "bank_account", "credit_card",
		"government_id", "ip_address", "device_id", "geolocation"} {
		if fams[f] < 100 {
			t.Errorf("family %s has %d gold spans, want at least 100", f, fams[f])
		}
	}
	for _, k := range []string{"de_steuer_id", "fr_nir", "nl_bsn", "be_nn", "es_dni", "es_nie", "pt_nif", "it_cf", "pl_pesel",
		"se_pnr", "fi_hetu", "dk_cpr", "at_svnr", "ie_pps", "gb_nino", "gb_nhs", "us_ssn", "vat_de", "vat_fr", "passport",
		"drivers_licence", "email_obfuscated", "bic", "mac", "ipv6", "geo", "iban_pl", "phone_us", "card_amex"} {
		if kinds[k] < 10 {
			t.Errorf("kind %s has %d gold spans, want at least 10", k, kinds[k])
		}
	}
	if share := float64(negatives) / float64(len(samples)); share < 0.15 {
		t.Errorf("hard negatives are %.2f of the corpus, want at least 0.15", share)
	}
	if notes < 1000 || unnamed < 300 {
		t.Errorf("%d multi-span samples and %d unnamed fields, want >= 1000 and >= 300", notes, unnamed)
	}
}

func TestLoadRejectsBrokenLines(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		{"not json", `{"field":`, "line 2"},
		{"span past end", `{"field":"f","value":"secret","spans":[{"category":"user.contact.email","start":0,"end":99}]}`, "out of range"},
		{"empty span", `{"field":"f","value":"secret","spans":[{"category":"user.contact.email","start":2,"end":2}]}`, "out of range"},
		{"splits utf8", `{"field":"f","value":"Müller","spans":[{"category":"user.name","start":0,"end":2}]}`, "splits"},
		{"unknown category", `{"field":"f","value":"secret","spans":[{"category":"user.nope","start":0,"end":6}]}`, "unknown category"},
		// a category or a field holding data is not quoted (a leak hunt)
		{"data as the category", `{"field":"canary@example.org","value":"secret","spans":[{"category":"DE89370400440532013000","start":0,"end":6}]}`, "not shaped as one"},
		{"not an object", `"jan.kowalski@example.org"`, "the line is a JSON string, not an object"},
		{"a login as the category", `{"field":"f","value":"secret","spans":[{"category":"jan.kowalski","start":0,"end":6}]}`, "not shaped as one"},
		{"data as an offset", `{"field":"f","value":"secret","spans":[{"category":"user.name","start":4930123456789012345678,"end":6}]}`, "spans.start: a JSON number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(strings.NewReader("\n" + tt.line + "\n"))
			if err == nil {
				t.Fatal("Load accepted a broken line")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "Müller") ||
				strings.Contains(err.Error(), "canary") || strings.Contains(err.Error(), "DE8937") ||
				strings.Contains(err.Error(), "kowalski") || strings.Contains(err.Error(), "49301234") {
				t.Error("error message carries the value")
			}
		})
	}
}

func TestLoadWriteRoundTrip(t *testing.T) {
	in := []Sample{
		{Field: "notes", Value: "Anna <a@b.de>", Spans: []Span{{Category: pii.Name, Start: 0, End: 4}, {Category: pii.Email, Start: 6, End: 12, Kind: "email"}}},
		{Field: "", Value: "ORD-1", Spans: nil},
	}
	var b bytes.Buffer
	if err := WriteCorpus(&b, in); err != nil {
		t.Fatal(err)
	}
	out, err := Load(&b)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || len(out[0].Spans) != 2 || out[0].Spans[1].Kind != "email" || len(out[1].Spans) != 0 || out[1].Value != "ORD-1" {
		t.Errorf("round trip lost data: %d samples", len(out))
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"field":"f","value":"a@b.de","spans":[{"category":"user.contact.email","start":0,"end":6}]}`))
	f.Add([]byte(`{"field":"","value":"ü","spans":[{"category":"user.name","start":1,"end":2}]}`))
	f.Add([]byte("\n\n{}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		samples, err := Load(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, s := range samples {
			if err := s.validate(); err != nil {
				t.Fatalf("Load accepted a sample that does not validate: %v", err)
			}
		}
	})
}

func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Generate(1, 1000)
	}
}

func TestDefaultIsTheCommittedCorpus(t *testing.T) {
	d, c := Default(), loadCorpus(t)
	if len(d) != len(c) || len(d) != CorpusSize {
		t.Fatalf("Default has %d samples, the file %d, want %d", len(d), len(c), CorpusSize)
	}
	for i := range d {
		if d[i].Value != c[i].Value || len(d[i].Spans) != len(c[i].Spans) {
			t.Fatalf("sample %d differs", i)
		}
	}
}
