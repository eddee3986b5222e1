package pii

import (
	"strings"
	"testing"
)

// benchText builds about n bytes of multi-language ticket notes in which
// roughly one sentence in four carries personal data.
func benchText(n int) string {
	plain := []string{
		"Der Kunde meldet, dass die Lieferung noch nicht angekommen ist und bittet um Rückruf. ",
		"Le client signale que la commande 4711 est arrivée endommagée, merci de vérifier. ",
		"De klant vraagt om een nieuwe factuur voor bestelling ORD-2014-004711 van vorige week. ",
		"Klient prosi o zmianę adresu dostawy i potwierdzenie zamówienia do piątku. ",
		"Customer reports the app crashes on version 1.2.3 when opening the settings page. ",
		"Betrag 1.234,56 EUR wurde am 2024-01-05T10:00:00Z gebucht, Ticket #123456 geschlossen. ",
	}
	pii := []string{
		"Bitte Frau Anna Schmidt unter +49 30 1234567 oder anna.schmidt@example.com kontaktieren. ",
		"IBAN " + genIBAN("DE", "370400440532013000") + " für die Erstattung verwenden. ",
		"Jan de Vries woont op Kerkstraat 12, 1012 AB Amsterdam, geboren 14.03.1978. ",
		"Pan Piotr Nowak, tel. +48 601 234 567, PESEL " + genPESEL("7803141234") + ". ",
	}
	var sb strings.Builder
	for i := 0; sb.Len() < n; i++ {
		if i%4 == 3 {
			sb.WriteString(pii[(i/4)%len(pii)])
		} else {
			sb.WriteString(plain[i%len(plain)])
		}
	}
	return sb.String()[:n]
}

func benchScan(b *testing.B, v string) {
	s := NewScanner()
	dst := make([]Finding, 0, 1<<16)
	b.SetBytes(int64(len(v)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dst = s.ScanField("notes", v, dst[:0])
	}
}

// BenchmarkScanText measures free-text throughput with all detectors on.
func BenchmarkScanText(b *testing.B) { benchScan(b, benchText(64<<10)) }

// BenchmarkScanLinear1MB and BenchmarkScanLinear10MB should report the same
// MB/s: no detector backtracks or rescans.
func BenchmarkScanLinear1MB(b *testing.B)  { benchScan(b, benchText(1<<20)) }
func BenchmarkScanLinear10MB(b *testing.B) { benchScan(b, benchText(10<<20)) }

// BenchmarkScanPathological feeds inputs that would make a backtracking
// matcher quadratic: long runs of digits, '@', dots and capitalised words.
func BenchmarkScanPathological(b *testing.B) {
	for _, c := range []struct{ name, unit string }{
		{"digits", "1 "}, {"ats", "a@"}, {"dots", "1."}, {"caps", "Anna "}, {"colons", "a:"}, {"quotes", `"a":`},
		{"json", `{"email":"a@b.de","vorname":"Zoë","x":1},`}, {"names", "Herr von "},
		{"capitals", "HERR ADEBAYO ANNA "}, // a note in capitals: every word may be a name's
		{"encoded ats", "a%40"},            // one run of local characters: walked back once, not per '@'
		{"encoded addresses", "a%40b.de"},
	} {
		b.Run(c.name, func(b *testing.B) { benchScan(b, strings.Repeat(c.unit, (1<<20)/len(c.unit))) })
	}
}

func crmFields() [][2]string {
	return [][2]string{
		{"customer_id", "104711"}, {"salutation", "Frau"}, {"first_name", "Anna"}, {"last_name", "Schmidt"},
		{"email", "anna.schmidt@example.com"}, {"phone", "+49 30 1234567"}, {"geburtsdatum", "14.03.1978"},
		{"locale", "de-DE"}, {"national_id", genSteuerID("8609574271")}, {"iban", genIBAN("DE", "370400440532013000")},
		{"created_at", "2024-01-05T10:00:00Z"}, {"updated_at", "2024-01-05T10:00:00Z"},
		{"order_no", "ORD-2014-004711"}, {"total_cents", "129900"}, {"currency", "EUR"},
		{"card_number", luhnComplete("411111111111111")}, {"ip_address", "192.168.10.20"},
		{"street", "Hauptstraße"}, {"house_no", "5"}, {"postal_code", "10115"}, {"city", "Berlin"},
		{"country", "DE"}, {"purpose", "marketing_email"}, {"granted", "true"}, {"source", "web_form"},
		{"telefon_nr", "030/1234567"}, {"role", "Einkauf"}, {"full_name", "Jan de Vries"},
	}
}

// BenchmarkScanShortFields measures classification of short CRM fields.
func BenchmarkScanShortFields(b *testing.B) {
	s := NewScanner()
	fields := crmFields()
	dst := make([]Finding, 0, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := fields[i%len(fields)]
		dst = s.ScanField(f[0], f[1], dst[:0])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "fields/s")
}

// BenchmarkScanNoPII must report 0 allocs/op.
func BenchmarkScanNoPII(b *testing.B) {
	s := NewScanner()
	dst := make([]Finding, 0, 16)
	fields := [][2]string{{"order_no", "ORD-2014-004711"}, {"total_cents", "129900"}, {"currency", "EUR"},
		{"purpose", "marketing_email"}, {"created_at", "2024-01-05T10:00:00Z"}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		f := fields[i%len(fields)]
		dst = s.ScanField(f[0], f[1], dst[:0])
	}
}
