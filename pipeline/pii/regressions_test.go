package pii

import (
	"slices"
	"strings"
	"testing"
)

// Leaks that fixes of other leaks caused, as a review found them (a noun
// rule that cut family names, ledger words inside other words, a card's
// CID after its expiry, a month after a name, a bare '@'): each value's
// span must be covered by a finding of the category.
func TestFixesLeakNothing(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct {
		value, span string
		cat         Category
	}{
		// a family name in -ung, -heit right after a given name is none
		// of the German nouns that end a name
		{"Anna Hartung ruft an", "Anna Hartung", Name},
		{"Kunde Michael Hartung, Tel folgt", "Michael Hartung", Name},
		{"Anna Müller-Hartung ruft zurück", "Anna Müller-Hartung", Name},
		{"Anna Schmidt-Jung ruft zurück", "Anna Schmidt-Jung", Name},
		{"Anna Maria Hartung", "Anna Maria Hartung", Name},
		// a ledger word inside another word overrides no payment word
		{"Rückbuchung Lastschrift von Konto 532013000", "532013000", BankAccount},
		{"Zahlungsaufforderung: Überweisung auf Konto 532013000", "532013000", BankAccount},
		{"Fehlbuchung: Lastschrift von Konto 532013000 zurück", "532013000", BankAccount},
		{"Kundennummer 4711, Konto 532013000", "532013000", BankAccount},
		{"Bitte überweisen Sie auf Konto 532013000, Verwendungszweck Bestellung 4711", "532013000", BankAccount},
		// CID after a card's number with its expiry between
		{"Kartennummer 378282246310005, Ablauf 12/27, CID 1234", "1234", CreditCard},
		{"Amex 3782 822463 10005 exp 12/27 CID 1234", "1234", CreditCard},
		// a month after "Anna Mai" ends no name that is not in a run
		{"Anna Mai, Juni 2024", "Anna Mai", Name},
		// a name before a bare '@', no address after it
		{"Kontakt: Anna Schmidt@", "Anna Schmidt", Name},
		// a lower-case street with ".," before its number
		{"neue adresse: heidestr., 17, 51147 köln", "heidestr., 17", Address},
		// a name before an address that email finds ("@ gmx.de",
		// "@übersee.de") ends before the address's word, or it overlaps
		// the address, loses to it and leaks its given name
		{"Anna Schmidt Schmidt@ gmx.de", "Anna Schmidt", Name},
		{"Kunde Hans Meier Meier@ web.de", "Hans Meier", Name},
		{"Anna Schmidt Schmidt@übersee.de", "Anna Schmidt", Name},
		// everyday compounds of ledger words, and "Umbuchung" (a flight's
		// rebooking), beside a payment word leave a bank's account one
		{"Bitte den Verkaufserlös per Überweisung auf Konto 7654321 auszahlen", "7654321", BankAccount},
		{"Mehraufwand wird per Überweisung auf Konto 7654321 erstattet", "7654321", BankAccount},
		{"Überweisung auf Konto 7654321, Mindestbestand unterschritten", "7654321", BankAccount},
		{"Der Fotojournalist bittet um Überweisung auf Konto 7654321", "7654321", BankAccount},
		{"Konto 7654321 Lastschrift, Flugbuchung Umbuchung auf neuen Termin", "7654321", BankAccount},
		{"Lastschrift Konto 7654321 trotz Gegenforderung", "7654321", BankAccount},
		// a ledger word that starts another word is none beside a payment
		{"Der Journalist bittet um Überweisung auf Konto 7654321", "7654321", BankAccount},
		{"Aufwandsentschädigung per Überweisung auf Konto 7654321", "7654321", BankAccount},
		{"Bestandskunde, Lastschrift von Konto 7654321", "7654321", BankAccount},
		{"Buchungsbestätigung: Erstattung per Überweisung auf Konto 7654321", "7654321", BankAccount},
		// CID after a card's expiry written in other words
		{"Amex 378282246310005, gültig bis Ende 12/27, CID 1234", "1234", CreditCard},
		{"Amex 378282246310005, date d'expiration 12/27, CID 1234", "1234", CreditCard},
		{"Amex 378282246310005, geldig tot 12/27, CID 1234", "1234", CreditCard},
		{"Amex 378282246310005, ważna do 12/27, CID 1234", "1234", CreditCard},
		{"Amex 378282246310005, exp Dec 2027, CID 1234", "1234", CreditCard},
		{"Amex 378282246310005, Ablauf 12/27 und CID 1234", "1234", CreditCard},
		{"Amex 378282246310005, Karte gültig bis 12/27, CID 1234", "1234", CreditCard},
		// "Al-" is the Arabic article, not Polish "al." (aleja): a name,
		// no street; Bakr is a given name
		{"Kunde Abu Bakr rief an", "Abu Bakr", Name},
		{"Abu Bakr Al-Baghdadi rief an", "Bakr Al-Baghdadi", Name},
		{"Abubakar Musa, Tel. 0170 1234567", "Abubakar Musa", Name},
		{"Lieferung an al. Jerozolimskie 44, Warszawa", "al. Jerozolimskie 44", Address},
		// a date or a time typed right after a phone number, a blank
		// between, ran on into its groups and hid it
		{"Tel. 0170 1234567 31.12.2024", "0170 1234567", Phone},
		{"Rückruf 030 1234567 14:30 Uhr", "030 1234567", Phone},
		{"Tel. +49 170 1234567 31.12.2024", "+49 170 1234567", Phone},
		{"Tel. 030 1234567 12.03. erreicht", "030 1234567", Phone},
		// the date's digits made the run too long for a phone number
		// to start in, and hid a birth date after it
		{"Kunde 4711 0815 030 1234567 31.12.2024", "030 1234567", Phone},
		{"Kundennr 123 456 789 31.12.1980 geboren", "31.12.1980", DateOfBirth},
		// German and Polish month abbreviations in a birth date
		{"geb. 12. Mär 1985", "12. Mär 1985", DateOfBirth},
		{"ur. 12 paź 1985", "12 paź 1985", DateOfBirth},
		{"ur. 3 lut 1990 w Gdańsku", "3 lut 1990", DateOfBirth},
		// a Polish month's abbreviation after a given name is a family name
		{"Jan Lut Kowalski", "Jan Lut Kowalski", Name},
		{"kontakt: Jan Lut", "Jan Lut", Name},
		{"Anna Lut, ur. 3 lut 1990", "Anna Lut", Name},
		// a birth date's four-digit year after a calling code is no phone's pair
		{"Kunde +49 30 31.12.1980 geboren", "31.12.1980", DateOfBirth},
		{"Tel +49 170 12.03.1985 geboren", "12.03.1985", DateOfBirth},
		// one group of five digits or more before the date, a time after it
		{"Kto 532013000 31.12.2024", "532013000", BankAccount},
		{"Tel. 030 1234567 31.12.2024 14:30", "030 1234567", Phone},
		// dotted pairs after a calling code are the phone number's, not a
		// date: the groups before them are too short for one
		{"Tel +32 471 12.03.56", "+32 471 12.03.56", Phone},
		{"Tel. 0032 50 12.03.56", "0032 50 12.03.56", Phone},
		{"Tel +352 26 12.03.45", "+352 26 12.03.45", Phone},
		{"Tel +32 471 12.03.56 14:30", "+32 471 12.03.56", Phone},
		// the groups before the date are read as a number of their own,
		// not only as a phone number: a birth date, a card, an id
		{"geboren 12 03 1985 31.12.2024", "12 03 1985", DateOfBirth},
		{"Karte 4111 1111 1111 1111 31.12.2024", "4111 1111 1111 1111", CreditCard},
		{"Ausweis 123 456 789 31.12.2024", "123 456 789", TaxID},
	} {
		fs := s.ScanField("notes", tc.value, nil)
		if !familyCovers(t, fs, tc.value, tc.span, tc.cat) {
			t.Errorf("%q: want %s covering %q, got %s", tc.value, tc.cat, tc.span, describe(fs))
		}
	}
}

// Nor do the fixes add findings: a ledger's compound or account word
// beside a payment word makes no bank account, and a sentence between a
// card and "CID" no security code.
func TestFixesAddNoFindings(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct {
		value string
		cat   Category
	}{
		{"Stornobuchung per Überweisung Konto 1200000", BankAccount},
		{"Überweisung auf Konto 4000000 Umsatzerlöse", BankAccount},
		{"Lastschrift Konto 160000 Lagerbestand", BankAccount},
		{"Lastschrift Konto 1600000 Warenbestand", BankAccount},
		{"Überweisung Konto 6000000 Mietaufwand", BankAccount},
		{"Visa 4111 1111 1111 1111, Ablauf 12/27, gesperrt, CID 4711 hat angerufen", CreditCard},
		{"Visa 4111 1111 1111 1111 gesperrt, CID 4711 hat angerufen", CreditCard},
		{"Bestellung 4711 0815 31.12.2024", Phone}, // numbers before a date that are no phone's
		{"Lieferung 12 3 31.12.2024", Phone},
	} {
		for _, f := range s.ScanField("notes", tc.value, nil) {
			if f.Category == tc.cat && (tc.cat != CreditCard || f.End-f.Start < 12) {
				t.Errorf("%q: want no %s, got %s", tc.value, tc.cat, tc.value[f.Start:f.End])
			}
		}
	}
}

// A street, an address or a name found right after a number the
// detectors validated took the number's last group for its own (a house
// number: "... 0130 00 Hauptstraße 5") or ran into it, and replaced the
// findings it overlapped: the IBAN, the card or the phone number went out
// raw but for that group. Every byte of the validated span must stay
// covered by a finding the pipeline masks (the default policy's
// min_score, 0.5), and what follows must still be found.
func TestValidatedFindingsSurviveOverlaps(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct {
		value, span string // span: the validated finding's
		then        string // what follows it, found as cat
		cat         Category
	}{
		{"IBAN DE89 3704 0044 0532 0130 00 Hauptstraße 5", "DE89 3704 0044 0532 0130 00", "Hauptstraße 5", Address},
		{"IBAN DE89 3704 0044 0532 0130 00 aV Jo", "DE89 3704 0044 0532 0130 00", "", ""},
		{"IBAN DE89 3704 0044 0532 0130 00, Kerkstraat 12", "DE89 3704 0044 0532 0130 00", "Kerkstraat 12", Address},
		{"IBAN GB82 WEST 1234 5698 7654 32 Via Roma 12", "GB82 WEST 1234 5698 7654 32", "Via Roma 12", Address},
		{"IBAN NL91 ABNA 0417 1643 00 Calle Mayor 5", "NL91 ABNA 0417 1643 00", "Calle Mayor 5", Address},
		{"Karte 4111 1111 1111 1111 Hauptstraße 5", "4111 1111 1111 1111", "Hauptstraße 5", Address},
		{"Visa 4111 1111 1111 1111, Av. Jo 3", "4111 1111 1111 1111", "Av. Jo 3", Address},
		{"Tel. 030 12345 67 Hauptstraße 5", "030 12345 67", "Hauptstraße 5", Address},
		{"Tel. 030 1234567 12 Main Street", "030 1234567", "Main Street", Address},
		{"Tel. +44 20 7946 0958 - 5 rue de la Paix", "+44 20 7946 0958", "rue de la Paix", Address},
		{"Tel. 06 12 34 56 78 Kerkstraat 12", "06 12 34 56 78", "Kerkstraat 12", Address},
		{"IP 192.168.1.10 Calle Mayor 5", "192.168.1.10", "Calle Mayor 5", Address},
		{"SSN 123-45-6789 Hauptstraße 5", "123-45-6789", "Hauptstraße 5", Address},
		{"Steuer-ID 12 345 678 903, Via Roma 12", "12 345 678 903", "Via Roma 12", Address},
		{"geb. 12.03.1985 Pieter de Hoochstraat 7", "12.03.1985", "Pieter de Hoochstraat 7", Address},
		// an e-mail address before a name or an address: no house
		// number ends it, but it must stay whole all the same
		{"Mail anna.schmidt@example.com Anna Schmidt", "anna.schmidt@example.com", "Anna Schmidt", Name},
		{"Mail anna.schmidt@example.com, Hauptstraße 5", "anna.schmidt@example.com", "Hauptstraße 5", Address},
		{"E-Mail: jan.de.vries@example.nl Jan de Vries", "jan.de.vries@example.nl", "Jan de Vries", Name},
	} {
		validatedThen(t, s, tc.value, tc.span, tc.then, tc.cat)
	}
}

// validatedThen scans value as a note and checks that every byte of span
// is masked (a finding scored 0.5 or more covers it) and that then, when
// given, is found as cat; it returns the findings and where span starts.
func validatedThen(t *testing.T, s *Scanner, value, span, then string, cat Category) ([]Finding, int) {
	t.Helper()
	fs := s.ScanField("notes", value, nil)
	start, end := spanIn(t, value, span)
	if p := uncovered(fs, start, end, 0.5); p >= 0 {
		t.Errorf("%q: byte %d of the validated span %d-%d is masked by no finding, got %s", value, p, start, end, describe(fs))
	}
	if then != "" && !familyCovers(t, fs, value, then, cat) {
		t.Errorf("%q: want %s covering %q, got %s", value, cat, then, describe(fs))
	}
	return fs, start
}

// uncovered returns the first byte of value[s:e] that no finding scored
// min or more covers, or -1.
func uncovered(fs []Finding, s, e int, min float64) int {
	for p := s; p < e; p++ {
		if !slices.ContainsFunc(fs, func(f Finding) bool { return f.Score >= min && f.Start <= p && p < f.End }) {
			return p
		}
	}
	return -1
}

// The validated finding keeps its bounds and the finding after it starts
// past it: no house number taken from the IBAN's last group, no overlap
// for a caller to resolve.
func TestValidatedFindingsKeepTheirBounds(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct {
		value string
		want  []string // the findings' spans, in order
	}{
		{"IBAN DE89 3704 0044 0532 0130 00 Hauptstraße 5", []string{"DE89 3704 0044 0532 0130 00", "Hauptstraße 5"}},
		{"Karte 4111 1111 1111 1111 Hauptstraße 5", []string{"4111 1111 1111 1111", "Hauptstraße 5"}},
		{"Tel. 030 12345 67, Kerkstraat 12", []string{"030 12345 67", "Kerkstraat 12"}},
	} {
		fs := s.ScanField("notes", tc.value, nil)
		var got []string
		for _, f := range fs {
			got = append(got, tc.value[f.Start:f.End])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q: want %q, got %s", tc.value, tc.want, describe(fs))
		}
	}
}

// A number the detectors validate, another number typed right after it
// with a blank between (a house number, a postcode, a count, a year): the
// scanner read both as one run of digit groups, the run failed its check
// as a whole, and the identifier went out raw. The longest prefix cut at
// a blank that passes a scheme's check is the identifier; the rest is
// read anew (then, found as cat).
func TestValidatedPrefixBeforeDigits(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct {
		value, span string // span: the validated finding's
		then        string
		cat         Category
	}{
		{"BSN 111222333 12 Main Street", "111222333", "12 Main Street", Address},
		{"BSN 916782669 123 456", "916782669", "", ""},
		{"SSN 123-45-6789 10115 Berlin", "123-45-6789", "10115", Address},
		{"SSN 098-09-0222 2 Stück", "098-09-0222", "", ""},
		{"Social Security 275-51-4155 4711 offen", "275-51-4155", "", ""},
		{"Steuer-ID 29581064338 2 Stück", "29581064338", "", ""},
		{"Steuer-ID 12 345 678 903 10115 Berlin", "12 345 678 903", "10115", Address},
		{"PESEL 35121148225 2024", "35121148225", "", ""},
		{"Kunde 16102269782 12 Main Street", "16102269782", "12 Main Street", Address},
		{"NIR 116098195151291 12", "116098195151291", "", ""},
		{"rijksregisternummer 75031141872 10115 Berlin", "75031141872", "10115", Address},
		{"personnummer 3203276096 12", "3203276096", "", ""},
		{"CPR 2409151003 2 Stück", "2409151003", "", ""},
		{"NHS 1271808307 4711 offen", "1271808307", "", ""},
		{"AHV-Nr. 756.9217.0769.85 12 Main Street", "756.9217.0769.85", "12 Main Street", Address},
		{"TC Kimlik No 51876802816 12", "51876802816", "", ""},
		{"rodné číslo 9101017321 2024", "9101017321", "", ""},
		{"IP 111.197.51.71 12 Main Street", "111.197.51.71", "12 Main Street", Address},
		{"Server 10.0.0.1 3 Ausfälle", "10.0.0.1", "", ""},
		{"Kunde 211.19.216.13 10115 Berlin", "211.19.216.13", "10115", Address},
	} {
		fs, start := validatedThen(t, s, tc.value, tc.span, tc.then, tc.cat)
		for _, f := range fs {
			if f.Start < start+len(tc.span) && f.End > start+len(tc.span) {
				t.Errorf("%q: a finding runs past the validated span: %s", tc.value, describe(fs))
			}
		}
	}
}

// Nor is any run of digit groups cut so where no prefix passes a check
// (a check digit flipped), a weak check goes without its word, or the
// run is a version's: no identifier or address of a device the default
// policy masks. A phone number that starts in the run with its trunk
// prefix stays the phone's, as before: a prefix's check passes by chance
// as often ("731 037 3642" passes an NHS number's).
func TestUnvalidatedPrefixBeforeDigits(t *testing.T) {
	noneMasked(t, []string{
		"BSN 111222334 12 Main Street", // check digit flipped
		"SSN 000-45-6789 10115 Berlin", // no area 000
		"Artikel 111222333 12 Stück",   // a BSN's check alone passes one number in eleven
		"Teil 275-51-4155 12 Stück",    // an SSN has no check digit: its word must say so
		"Bestellung 4711 0815 12 Stück",
		"Version 10.4.17.201 12 Fehler",
		"Versie 10.4.17.201 12 fouten opgelost", // Dutch and Polish version words
		"Wersja 10.4.17.201 12 poprawek",
		"Lot 1234 567890 12 Stück",
		"IP 256.1.1.1 12 Main Street",
		"Kunde 731 037 3642 2024",
	}, func(f Finding) bool { return family(f.Category) == NationalID || f.Category == IPAddress })
}

// A phone number its word labels, two or more groups of digits typed
// after it with blanks between (an extension, a count, a time): the run
// was too long for a phone number, and a prefix was cut from it only
// with the word right before the number ("Handy 0171 4573962 123 456").
// With the word earlier in the sentence ("Handy des Kunden ..."), the
// number went out raw. A trunk prefix and the phone word make it one,
// as with the word right before it.
func TestPhoneWordCutsBeforeGroups(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct{ value, span string }{
		{"Handy 0171 4573962 123 456", "0171 4573962"},
		{"Tel. 030 1234567 12 34", "030 1234567"},
		{"Mobil 0612345678 12 3", "0612345678"},
		{"Handy des Kunden 0171 4573962 123 456", "0171 4573962"},
		{"Tel. des Kunden 030 1234567 12 34", "030 1234567"},
		{"Bitte Rückruf, Handy ist 0171 4573962 123 456", "0171 4573962"},
		{"Handy des Kunden 0171 4573962 12 34", "0171 4573962"},
		{"Tel. des Kunden 030 1234567 12 03 2024", "030 1234567"},
	} {
		fs := s.ScanField("notes", tc.value, nil)
		if !maskedPhone(t, fs, tc.value, tc.span) {
			t.Errorf("%q: want a phone number covering %q, got %s", tc.value, tc.span, describe(fs))
		}
	}
}

// Without a phone word, or with an order's or an account's word after
// it, such a run stays what it was: an order's, an account's or a
// customer's number, no phone number.
func TestNoPhoneWordNoCutBeforeGroups(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct{ value, raw string }{
		{"Bestellung 0171 4573962 123 456", "0171 4573962"},
		{"Kunde 0171 4573962 123 456", "0171 4573962"},
		{"Konto 0171 4573962 123 456", "0171 4573962"},
		{"Kontonummer 0171 4573962 123 456", "0171 4573962"},
		{"Tel. siehe oben, Bestellung 0171 4573962 123 456", "0171 4573962"},
		{"Handy des Kunden, Kontonummer 0532 013000 12 34", "0532 013000"},
		{"Handy 0171 4573962, Konto 0532 013000 12 34", "0532 013000"},
		{"Rückruf bitte, Vorgang 0301 2345 6789 12", "0301 2345"},
	} {
		fs := s.ScanField("notes", tc.value, nil)
		if len(overlapping(t, fs, tc.value, tc.raw, maskedAs(Phone))) > 0 {
			t.Errorf("%q: want no phone number over %q, got %s", tc.value, tc.raw, describe(fs))
		}
	}
}

// maskedPhone reports a phone finding the default policy masks (0.5)
// that covers span in value.
func maskedPhone(t *testing.T, fs []Finding, value, span string) bool {
	t.Helper()
	return covers(t, fs, value, span, maskedAs(Phone))
}

// maskedAs accepts the findings of cat the default policy masks (0.5).
func maskedAs(cat Category) func(Finding) bool {
	return func(f Finding) bool { return f.Category == cat && f.Score >= 0.5 }
}

// A German mobile number with its country code, more digit groups typed
// after it ("+49 171 4573962 123 456"): the run was read as one number,
// and the longest prefix the country's lengths allowed (thirteen digits
// after +49) took a group that is no part of it. A mobile number after
// +49 has ten or eleven digits (015x-017x and seven or eight more): the
// phone number ends there, and what follows is read anew.
func TestMobileEndsAtItsLength(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct{ value, span string }{
		{"+49 171 4573962 123 456", "+49 171 4573962"},
		{"Tel. +49 171 4573962 123 456", "+49 171 4573962"},
		{"Tel. +49 171 4573962 123", "+49 171 4573962"},
		{"+49 1512 3456789 12", "+49 1512 3456789"},
		{"Handy +49 176 12345678 9 10", "+49 176 12345678"},
		{"Kunde 0049 160 1234567 123 456", "0049 160 1234567"},
		{"Tel. +49 (0)171 4573962 12", "+49 (0)171 4573962"},
		// an eleventh digit may still be the number's own
		{"+49 176 1234567 8", "+49 176 1234567 8"},
		// no mobile: an area code's numbers are as long as the table says
		{"+49 30 1234567 123", "+49 30 1234567 123"},
	} {
		fs := s.ScanField("notes", tc.value, nil)
		start := strings.Index(tc.value, tc.span)
		var got []string
		for _, f := range fs {
			if f.Category == Phone {
				got = append(got, tc.value[f.Start:f.End])
			}
		}
		if len(got) != 1 || got[0] != tc.span || !maskedPhone(t, fs, tc.value, tc.span) {
			t.Errorf("%q: want one phone number %q (at %d), got %s", tc.value, tc.span, start, describe(fs))
		}
	}
}

// A package's word right before the digits labels the package's number
// (codeLabel: "Paket 052 517843 16"), and it took a German mobile number
// too: "Paket 0171 2345678" went out raw, where "Paket DHL 0171 2345678"
// and "Paketnummer 0171 2345678" were found. A mobile prefix written as
// its own group (015x-017x, or 01xxx) and seven or eight digits more are
// a phone number after such a word; a tracking number's label
// ("Sendungsnummer"), a number in one run, a mobile too short and other
// numbers stay the package's.
func TestMobileAfterPackageWord(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct{ value, span string }{
		{"Paket 0171 2345678", "0171 2345678"},
		{"Paket: 0171-2345678", "0171-2345678"},
		{"Paket 0176 12345678 kommt morgen", "0176 12345678"},
		{"Package 0151 2345 6789", "0151 2345 6789"},
		{"Pakket 01520 1234567", "01520 1234567"},
	} {
		if fs := s.ScanField("notes", tc.value, nil); !maskedPhone(t, fs, tc.value, tc.span) {
			t.Errorf("%q: want a phone number covering %q, got %s", tc.value, tc.span, describe(fs))
		}
	}
	noneMasked(t, []string{
		"Sendungsnummer 0171 2345678",
		"Sendungsnummer: 0171 2345678",
		"Paket 01712345678", // one run, as a parcel's number is copied
		"Paket 0171 234567", // six digits after the prefix
		"Paket 052 517843 16",
		"Paket 0612 345678", // no German mobile
	}, func(f Finding) bool { return f.Category == Phone })
}

// A US SSN in its dashed form, a number typed after it with a blank
// between ("123-45-6789 12"): the run was too long for one, and a prefix
// cut from it was an SSN only after its word, where by itself the same
// digits are one (0.75). Without the word the cut SSN counts as the
// whole would, the context's order and code labels lowering it, unless
// the number after it is a count before its unit or more groups follow:
// a part number and a quantity run on so ("275-51-4155 12 Stück").
func TestDashedSSNBeforeANumber(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct {
		value, span string
		then        string
		cat         Category
	}{
		{"123-45-6789 12", "123-45-6789", "", ""},
		{"Kunde 123-45-6789 2024 angelegt", "123-45-6789", "", ""},
		{"123-45-6789 10115 Berlin", "123-45-6789", "10115", Address},
		{"Bitte prüfen: 275-51-4155 12", "275-51-4155", "", ""},
	} {
		fs, start := validatedThen(t, s, tc.value, tc.span, tc.then, tc.cat)
		for _, f := range fs {
			if f.Start < start+len(tc.span) && f.End > start+len(tc.span) {
				t.Errorf("%q: a finding runs past the SSN: %s", tc.value, describe(fs))
			}
		}
	}
	noneMasked(t, []string{
		"275-51-4155 12 Stück",
		"Teil 275-51-4155 12",
		"Bestellung 123-45-6789 12",
		"123-45-6789 12 34",
		"000-45-6789 12",
		"123-00-6789 12",
		"4711 123-45-6789 12",
	}, inFamily(NationalID))
}

// A VAT number typed with a blank after its country's letters ("USt-IdNr.
// DE 123456788", "DE 123 456 788"), as invoices print it, went out raw:
// only the compact form was read. After a VAT or tax word, the letters
// and digits whose check passes are the number. A VAT number whose check
// fails is none, after its word too, as a Steuer-ID, a BSN or a PESEL
// whose check fails is none (TestIDsAfterTheirWordInAnyGrouping); only an
// IBAN, whose word, country length and grouping say what it is, makes an
// account when mistyped. Nor are the blanks read without the word.
func TestSpacedVATAfterItsWord(t *testing.T) {
	checkSpans(t, []spanCase{
		{"notes", "USt-IdNr. DE 123456788", "DE 123456788", TaxID},
		{"notes", "USt-IdNr.: DE 123 456 788", "DE 123 456 788", TaxID},
		{"notes", "Ust-ID DE 123456788 liegt vor", "DE 123456788", TaxID},
		{"notes", "VAT: DE 123456788", "DE 123456788", TaxID},
		{"notes", "VAT no. FR 40303265045", "FR 40303265045", TaxID},
		{"notes", "partita IVA IT 00743110157", "IT 00743110157", TaxID},
		{"notes", "USt-IdNr. DE 123456788 12", "DE 123456788", TaxID},
	})
	s := NewScanner()
	for _, tc := range []struct {
		value string
		any   bool // no finding at all masked, not only no VAT number
	}{
		// the check fails: no VAT number, after the word too (the digits
		// may pass another scheme's check: "DE 123456789" a Portuguese
		// NIF's after an id's word)
		{"USt-IdNr. DE 123456789", false},
		{"USt-IdNr. DE123456789", true},
		{"VAT DE 123 456 780", true},
		// no word
		{"Lager DE 123456788", true},
		{"DE 123456788", true},
	} {
		for _, f := range s.ScanField("notes", tc.value, nil) {
			if f.Score >= 0.5 && (tc.any || f.Detector == "eu_vat") {
				t.Errorf("%q: want no VAT number, got %s", tc.value, describe([]Finding{f}))
			}
		}
	}
}

// "USt-IdNr." before the compact form raises it as a tax word does
// ("UStIdNr DE123456788" 0.96): the hyphenated label was no word of the
// list, and the number scored as one without a word (0.8).
func TestVATLabelRaisesCompactForm(t *testing.T) {
	s := NewScanner()
	for _, v := range []string{"USt-IdNr. DE123456788", "USt-ID: DE123456788", "UStIdNr DE123456788"} {
		fs := s.ScanField("notes", v, nil)
		if len(fs) != 1 || fs[0].Detector != "eu_vat" || fs[0].Score < 0.9 {
			t.Errorf("%q: want one VAT number at 0.9 or more, got %s", v, describe(fs))
		}
	}
}

// Birth-date columns named as schemas in the eight languages name them
// ("born_at", "dt_urodz", "nato_il", "nascido_em", "cumpleaños"): a
// date in them went out raw, a bare date scoring 0.3. Abbreviations
// that are other words alone stay none: "nac" (network access
// control), "nato", "fnac" (a retailer), and "fecha_nac" read inside a
// longer word named a naturalisation's date a birth date.
func TestBirthDateColumnNames(t *testing.T) {
	s := NewScanner()
	for _, name := range []string{
		"born", "born_at", "born_on", "bornOn", "date_born", "born_date",
		"gebjahr",
		"dt_urodz", "data_urodz",
		"dta_nasc", "nasc", "nascido_em", "dt_nac", "data_nac",
		"nato_il", "nata_il", "compleanno",
		"cumpleaños", "cumpleanos", "nacido_el",
		"verjaardag",
		// known before, still so
		"birthdate", "birth_dt", "dt_nascimento", "data_nascita", "fecha_nac", "FechaNac", "fec_nac",
		"fechanac_cliente", "geburtsdatum", "date_naissance", "geboortedatum", "data_urodzenia",
	} {
		fs := s.ScanField(name, "1985-04-12", nil)
		if len(fs) != 1 || fs[0].Category != DateOfBirth || fs[0].Score < 0.5 {
			t.Errorf("%s: want a birth date, got %s", name, describe(fs))
		}
	}
	for _, name := range []string{
		"nac", "nac_id", "nac_policy", "nato", "nato_code", "fnac", "fnac_price",
		"fecha_nacionalidad", "fecha_nacionalizacion", "fec_nacional",
		"firstborn_count", "newborn", "urodzaj", "stillborn",
	} {
		if got := s.ColumnHint(name); slices.Contains(got, DateOfBirth) {
			t.Errorf("%s: want no birth-date hint, got %v", name, got)
		}
	}
}

// VAT numbers whose bodies hold letters, typed with a blank after the
// country's letters or inside the body as invoices print them ("ATU
// 13585627", "NL 111222333 B01", "FR K7 399859412"), went out raw after
// their word: the spaced form took digits only. After a tax word or
// label the letters and digits whose check passes are the number; the
// same forms without the word, or failing their check, are none.
func TestSpacedVATWithLetters(t *testing.T) {
	checkSpans(t, []spanCase{
		{"notes", "USt-IdNr. ATU 13585627", "ATU 13585627", TaxID},
		{"notes", "VAT ATU 13585627 liegt vor", "ATU 13585627", TaxID},
		{"notes", "USt-IdNr.: AT U13585627", "AT U13585627", TaxID},
		{"notes", "UStIdNr AT U 13585627", "AT U 13585627", TaxID},
		{"notes", "BTW NL 111222333 B01", "NL 111222333 B01", TaxID},
		{"notes", "BTW: NL 111222333B01", "NL 111222333B01", TaxID},
		{"notes", "VAT NL 1112 2233 3 B01, bedankt", "NL 1112 2233 3 B01", TaxID},
		{"notes", "TVA FR K7 399859412", "FR K7 399859412", TaxID},
		{"notes", "TVA: FR K7399859412", "FR K7399859412", TaxID},
		{"notes", "TVA FR 40 303 265 045", "FR 40 303 265 045", TaxID},
		{"notes", "IVA ES B12345674", "ES B12345674", TaxID},
	})
	s := NewScanner()
	for _, v := range []string{
		"ATU 13585627", "AT U13585627", "NL 111222333 B01", "FR K7 399859412", "Lager ATU 13585627",
		"VAT ATU 13585628", "BTW NL 111222333 B0", "TVA FR K8 399859412",
		"VAT DE 123456788 B01", // the number and a word of capitals after it: the number alone
	} {
		for _, f := range s.ScanField("notes", v, nil) {
			if f.Score >= 0.5 && f.Detector == "eu_vat" && !strings.HasSuffix(v[f.Start:f.End], "123456788") {
				t.Errorf("%q: want no VAT number, got %s", v, describe([]Finding{f}))
			}
		}
	}
}

// An NHS number after its word in a grouping other than the card's
// 3-3-4 ("NHS No: 943 4765 919", "NHS 943.476.5919") went out raw: after
// the scheme's own word a number passing its check counts in any
// grouping, as a BSN's or a PESEL's does. Without the word, or failing
// its check, it is none.
func TestNHSNumberAfterItsWordInAnyGrouping(t *testing.T) {
	checkMasked(t, []spanCase{
		{"notes", "NHS 943 476 5919", "943 476 5919", NationalID},
		{"notes", "NHS No: 943 4765 919", "943 4765 919", NationalID},
		{"notes", "NHS number 9434 765 919", "9434 765 919", NationalID},
		{"notes", "NHS number 943 476 59 19, GP informed", "943 476 59 19", NationalID},
		{"notes", "NHS 943.476.5919", "943.476.5919", NationalID},
		{"notes", "nhs no 94347 65919", "94347 65919", NationalID},
	})
	noneMasked(t, []string{"943 4765 919", "Ref 9434 765 919", "NHS No: 943 4765 918", "NHS 943.476.5918"}, inFamily(NationalID))
}

// A Romanian CIF or a Czech DIČ after its own label ("CIF RO1235",
// "DIČ: CZ 25123891") went out raw or under the policy's min_score: the
// labels were no tax words, and a Romanian code of under six digits,
// whose one check digit passes one code in ten, needed one. Right after
// the label, and after a tax word in the spaced form too, such a code
// whose check passes is a tax number. Without a label, and where the
// label's word is other text ("in cui", "12 dic"), they stay as before.
func TestShortROAndCZTaxNumbersAfterTheirLabel(t *testing.T) {
	checkMasked(t, []spanCase{
		{"notes", "CIF RO1235", "RO1235", TaxID},
		{"notes", "CIF: RO 1235", "RO 1235", TaxID},
		{"notes", "CUI RO12340", "RO12340", TaxID},
		{"notes", "C.U.I.: RO 123453", "RO 123453", TaxID},
		{"notes", "VAT RO 12340", "RO 12340", TaxID},
		{"notes", "DIČ: CZ25123891", "CZ25123891", TaxID},
		{"notes", "DIČ CZ 25123891", "CZ 25123891", TaxID},
		{"notes", "DIC: CZ 612345670", "CZ 612345670", TaxID},
		{"notes", "IČ DPH SK 2020273893", "SK 2020273893", TaxID},
	})
	noneMasked(t, []string{
		"RO1235", "RO 1235", "Lager RO1235", "CIF RO1236", "VAT RO 1236", "VAT RO 12340 12",
		"l'azienda in cui RO12340", "12 dic CZ 25123891", "CIF 1235", "DIČ 25123891",
	}, func(f Finding) bool { return f.Category == TaxID })
}

// checkMasked is checkSpans at the default policy's min_score (0.5):
// a finding under it goes out raw.
func checkMasked(t *testing.T, cases []spanCase) {
	t.Helper()
	s := NewScanner()
	for _, tc := range cases {
		if got := spanOf(s, tc.field, tc.text, tc.cat, 0.5); got != tc.want {
			t.Errorf("%s %q: %s span %q at 0.5 or more, want %q", tc.field, tc.text, tc.cat, got, tc.want)
		}
	}
}

// Birth-place columns in Spanish, Italian, Portuguese and others
// ("cidade_nascimento", "paese_nascita", "ciudad_nacimiento") were read
// as birth-date columns: the town went out raw, and a date never came.
// Their place's word makes them a town's or a country's, as
// "lieu_naissance" and "geburtsland" were; a date's word keeps a date.
func TestBirthPlaceColumnNames(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct {
		name string
		cat  Category
	}{
		{"cidade_nascimento", City}, {"ciudad_nacimiento", City}, {"citta_nascita", City},
		{"municipio_nascimento", City}, {"provincia_nacimiento", City}, {"provincia_nascita", City},
		{"uf_nascimento", City}, {"estado_nascimento", City}, {"localidad_nacimiento", City},
		{"commune_naissance", City}, {"miejscowosc_urodzenia", City}, {"birth_county", City},
		{"cidade_nasc", City}, {"gemeente_geboorte", City},
		{"pais_nacimiento", Country}, {"pais_nascimento", Country}, {"paese_nascita", Country},
		{"nazione_nascita", Country}, {"stato_nascita", Country},
		// a date's word: the date
		{"data_nascimento_cidade", DateOfBirth}, {"fecha_nacimiento_pais", DateOfBirth},
	} {
		got := s.ColumnHint(tc.name)
		if len(got) == 0 || got[0] != tc.cat || tc.cat != DateOfBirth && slices.Contains(got, DateOfBirth) {
			t.Errorf("%s: want %s first, got %v", tc.name, tc.cat, got)
		}
	}
}
