package pii

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func FuzzScanField(f *testing.F) {
	for _, s := range []string{
		"anna@example.com", "+49 (0)30 1234567", "DE89 3704 0044 0532 0130 00", "14.03.1978",
		"Herr Dr. Müller", "12 rue de la Paix", "2001:db8::1", "00:1A:2B:3C:4D:5E", `{"email":"x"}`,
		"<name>x</name>", "a (at) b (dot) c", "52.52, 13.40", "ORD-2014-004711", "Ünïcödé\xff\xfe",
		"1.2.3.4.5.6.7.8.9", "::::::", "((((0", "X1234567L", "131052-308T",
	} {
		f.Add("", s)
		f.Add("notes", s)
	}
	s := NewScanner(WithMinScore(0))
	f.Fuzz(func(t *testing.T, field, value string) {
		fs := s.ScanField(field, value, nil)
		prev := -1
		for _, x := range fs {
			if x.Start < 0 || x.End > len(value) || x.Start >= x.End {
				t.Fatalf("bad offsets %d-%d for a value of %d bytes", x.Start, x.End, len(value))
			}
			if x.Score < 0 || x.Score > 1 || x.Category == "" || x.Detector == "" {
				t.Fatalf("bad finding %s", describe([]Finding{x}))
			}
			if x.Start < prev {
				t.Fatalf("findings not sorted")
			}
			prev = x.Start
		}
		_ = s.ColumnHint(field)
	})
}

func FuzzDetectLines(f *testing.F) {
	f.Add(`{"field":"email","value":"a@b.de"}` + "\n" + `{"value":"x"}`)
	f.Add(`{"value":"\ud83d\ude00 \u00e4"}`)
	f.Add(`{"value":1e5,"field":null}`)
	f.Add(`{"a":[{"b":[]}],"value":"x"}` + "\n\n\n")
	f.Add(`{"value":"x\`)
	s := NewScanner()
	f.Fuzz(func(t *testing.T, in string) {
		var out bytes.Buffer
		if err := DetectLines(context.Background(), strings.NewReader(in), &out, s); err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(in, "\n")
		if in != "" && !strings.HasSuffix(in, "\n") {
			lines++
		}
		if got := strings.Count(out.String(), "\n"); got != lines {
			t.Fatalf("%d output lines for %d input lines", got, lines)
		}
	})
}
