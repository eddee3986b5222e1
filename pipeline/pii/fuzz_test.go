package pii

import (
	"testing"
	"unicode/utf8"
)

func FuzzScanField(f *testing.F) {
	for _, s := range []string{
		"anna@example.com", "+49 (0)30 1234567", "DE89 3704 0044 0532 0130 00", "14.03.1978",
		"Herr Dr. Müller", "12 rue de la Paix", "2001:db8::1", "00:1A:2B:3C:4D:5E", `{"email":"x"}`,
		"<name>x</name>", "a (at) b (dot) c", "52.52, 13.40", "ORD-2014-004711", "Ünïcödé\xff\xfe",
		"1.2.3.4.5.6.7.8.9", "::::::", "((((0", "X1234567L", "131052-308T",
		"Tel 030\u00a01234567 \u202f+33\u20096 12", "IBAN: DE89 3704 0044\r\n 0532 0130 00", "max%40gmx.de",
		"john dot smith at gmail punkt com", "Max (*12.03.1985)", "VISA4539148803436467", "KK-Nr.4539 1488",
		"(+49) 30 12345678-99", "61 1090 1014 0000 0712 1981 2874", "DOB 12th of March 1985", "info@bäckerei.de",
		`{"x":"anna\u0040example.com \ud83d\ude00 \u002B49 30 1234567\n"}`, `C:\\u0040 \" \u12`, "anna&#64;example&period;com &#x40; &nbsp;&#99999999;",
		"qz90.anna\u200b@example.org, DE89\u200b3704\u00ad0044 \ufeff+49 30 9876\u20605432 \u202a\u200d", `a\u200b@b.de &shy;&#8203;`,
		"Herr MÃ¼ller jÃ¼rgen.mÃ¼ller@gmx.de MÃƒÂ¼ller PaweÅ\ufffd ï»¿ â€™ Â\u00a0", "J\ufffdrgen M\ufffdller Pr\ufffdnom : Mathilde", `M\u00c3\u00bcller M&Atilde;&frac14;`,
		"In der Aue 15, 69118 Heidelberg", "Sonnenhang 12 - 88131 Lindau am Bodensee", "calle Mayor 5, 3º izq., 28013 Madrid",
		"Thaliastraße 85/4/12 Stiege 2 Top 7", "BP 1, 13100 Aix-en-Provence Cedex 08", "De Dreef 14 t/m 16, 8271 AB Huis ter Heide",
		"KUNDE FRAU SCHNEIDER WÜNSCHT KÜNDIGUNG", "MR ADEBAYO CALLED", "SIG.RA FUMAGALLI", "DHR. 'T HART", "ENVIAR A AVENIDA DIAGONAL 120",
		"HERR KURZ HAT ANGERUFEN", "SIG. DI MAIO HA", "DHR. VAN 'T HOF", "MRS A PATEL", "KURZ, ANNA", "VAN DER MEER JOOST", "ΚΥΡΙΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ",
		"GESPROKEN MET TIJMEN VAN DIJK", "NEUE SCHULSTRASSE 1", "VIA PORTAL",
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
			// A span of valid text cuts no character in two: a replacement
			// would leave half of one behind.
			if utf8.ValidString(value) && (!utf8.RuneStart(value[x.Start]) || x.End < len(value) && !utf8.RuneStart(value[x.End])) {
				t.Fatalf("offsets %d-%d cut a character of %q", x.Start, x.End, value)
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
