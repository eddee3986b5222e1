package pii

import "testing"

// Numbers a leak hunt found raw in a legacy CRM's free-text notes, typed
// by call-centre agents after a label: German accounts of before SEPA
// after "Kto" or "Konto", an IBAN with a typo after the word IBAN, a
// card's security code, a German identity card's serial after
// "Perso-Nr.", Spanish DNI and NIE typed loosely, an Italian codice
// fiscale in lower case.
func TestLabelledValues(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct {
		text string
		cat  Category
		want string // must be covered by a finding of cat
	}{
		// German, Dutch and French domestic account numbers
		{"Kto: 0532013000", BankAccount, "0532013000"},
		{"Konto 532013000", BankAccount, "532013000"},
		{"Kontonr.: 123 456 789", BankAccount, "123 456 789"},
		{"Abbuchung vom Konto 1234567890", BankAccount, "1234567890"},
		{"neue Kto-Nr. 0532 0130 00 notiert", BankAccount, "0532 0130 00"},
		{"Kunde zahlt vom konto 7654321, Rückfrage bei Frau Meier", BankAccount, "7654321"},
		{"Lastschrift von Konto 123456 zurückgegeben", BankAccount, "123456"}, // a bank's payment beside: six digits do
		{"Giro-Konto 532013000", BankAccount, "532013000"},
		{"Kto-Nr. 532013000 € 49,90 abgebucht", BankAccount, "532013000"}, // a currency after a number's label: the amount is apart
		{"BLZ 37040044 Kto 532013000 EUR", BankAccount, "532013000"},
		{"Overgemaakt op rekening 123456789", BankAccount, "123456789"},
		{"Rekening 0417164300 (ABN AMRO)", BankAccount, "0417164300"},
		{"N° de compte : 12345678901", BankAccount, "12345678901"},
		{"numéro de compte 12345678901", BankAccount, "12345678901"},
		// an IBAN whose check fails, right after the word IBAN
		{"IBAN DE89370400440532013001", BankAccount, "DE89370400440532013001"},
		{"IBAN: DE89 3704 0044 0532 0130 01", BankAccount, "DE89 3704 0044 0532 0130 01"},
		{"neue IBAN-Nr. GB82WEST12345698765433 ab März", BankAccount, "GB82WEST12345698765433"},
		{"iban: nl91 abna 0417 1643 01", BankAccount, "nl91 abna 0417 1643 01"},
		// card security codes
		{"Visa 4111 1111 1111 1111 exp 12/26 CVV 123", CreditCard, "123"},
		{"CVC: 123", CreditCard, "123"},
		{"CVV2 123 genannt", CreditCard, "123"},
		{"cvc2: 4321", CreditCard, "4321"},
		{"Kartenprüfnummer 4711", CreditCard, "4711"},
		{"cryptogramme visuel : 123", CreditCard, "123"},
		{"Amex 3782 822463 10005, CID 1234", CreditCard, "1234"},
		{"Karta 4111 1111 1111 1111 ważna do 12.2027 r., CID 1234", CreditCard, "1234"}, // Polish "rok" after the year
		// German identity card serials after the short labels
		{"Perso-Nr.: T22000129", NationalID, "T22000129"},
		{"Perso Nr T22000129", NationalID, "T22000129"},
		{"Personalausweisnr. T22000129", NationalID, "T22000129"},
		// Spanish DNI and NIE typed loosely, Italian codice fiscale in lower case
		{"DNI 12345678 Z", NationalID, "12345678 Z"},
		{"dni 12345678z", NationalID, "12345678z"},
		{"DNI: 12.345.678-Z", NationalID, "12.345.678-Z"},
		{"NIF 87654321-x", NationalID, "87654321-x"},
		{"NIE X-1234567-L", NationalID, "X-1234567-L"},
		{"NIE: Y 1234567 X", NationalID, "Y 1234567 X"},
		{"nie x1234567l", NationalID, "x1234567l"},
		{"cf: rssmra85t10a562s", NationalID, "rssmra85t10a562s"},
		{"Codice fiscale: Rssmra85t10a562s", NationalID, "Rssmra85t10a562s"},
		// German Steuernummer in the states' forms, after its label
		{"Steuernummer 21/815/08150", TaxID, "21/815/08150"},
		{"Steuer-Nr. 181/815/08155 liegt vor", TaxID, "181/815/08155"},
		{"StNr 133/8150/8159", TaxID, "133/8150/8159"},
		{"St.-Nr.: 93815/08152", TaxID, "93815/08152"},
		{"St. Nr. 22/815/0815/4", TaxID, "22/815/0815/4"},
		{"Steuernummer: 2181508150", TaxID, "2181508150"},
		{"steuernr 2893081508152", TaxID, "2893081508152"},
		{"Steuernummer 21 815 08150", TaxID, "21 815 08150"},
		{"Steuer Nr. 21/815/08150", TaxID, "21/815/08150"},
		{"St.Nr.21/815/08150", TaxID, "21/815/08150"}, // glued to its label's full stop
		// a label glued on with '#' (a hunt found these raw)
		{"CC#4111111111111111", CreditCard, "4111111111111111"},
		{"Tel#030 1234567", Phone, "030 1234567"},
		{"DOB#1980-03-12", DateOfBirth, "1980-03-12"},
		{"DOB#12 03 1980", DateOfBirth, "12 03 1980"},
		// the label's ordinal after the '#', then its value (a review)
		{"Karte#2 4111 1111 1111 1111", CreditCard, "4111 1111 1111 1111"},
		{"KK#12 4111111111111111", CreditCard, "4111111111111111"},
		{"Tel#2 0171 2345678", Phone, "0171 2345678"},
		// a quoted value, or a quoted word between label and value, is no
		// JSON key that starts a new member (a hunt found these raw)
		{`geboren am "12.03.1980"`, DateOfBirth, "12.03.1980"},
		{`DOB "1980-03-12"`, DateOfBirth, "1980-03-12"},
		{`DOB "verified" 12/03/1980`, DateOfBirth, "12/03/1980"},
		{`tel. "prywatny" 512 345 678`, Phone, "512 345 678"},
		{`Tel. "privat" 22 123 45 67`, Phone, "22 123 45 67"},
		// a tab or a verb between label and number
		{"Steuernummer\t21/815/08150", TaxID, "21/815/08150"},
		{"Steuernummer:\t21/815/08150", TaxID, "21/815/08150"},
		{"Steuernummer lautet 21/815/08150", TaxID, "21/815/08150"},
		{"Steuernummer: 21/815/08150", TaxID, "21/815/08150"},
		{"St.-Nr. ist 93815/08152", TaxID, "93815/08152"},
		{"Steuer-Nr. is 181/815/08155", TaxID, "181/815/08155"},
		{"Meine Steuernummer lautet: 2181508150.", TaxID, "2181508150"},
		// a Spanish CCC, the account code before the IBAN
		{"CCC 2100 0418 45 0200051332", BankAccount, "2100 0418 45 0200051332"},
		{"cuenta 2100-0418-45-0200051332", BankAccount, "2100-0418-45-0200051332"},
		{"CCC: 21000418450200051332", BankAccount, "21000418450200051332"},
		// a card read out in two halves, after a card word
		{"Karte 41111111 11111111", CreditCard, "41111111 11111111"},
		{"Visa 41111111-11111111 bis 12/27", CreditCard, "41111111-11111111"},
		{"Kreditkarte Nr. 41111111 11111111", CreditCard, "41111111 11111111"},
		// a country code without '+' and the trunk 0 kept after it
		{"Tel. 49-0170-1234567", Phone, "49-0170-1234567"},
		{"Tel. 49 0170 1234567", Phone, "49 0170 1234567"},
	} {
		fs := s.ScanField("notes", tc.text, nil)
		if !covers(t, fs, tc.text, tc.want, func(f Finding) bool { return f.Category == tc.cat }) {
			t.Errorf("%q: no %s finding covers %q: %s", tc.text, tc.cat, tc.want, describe(fs))
		}
	}
}

// The same labels in ordinary business notes: no findings.
func TestLabelledValuesNegative(t *testing.T) {
	s := NewScanner()
	for _, text := range []string{
		"Konto seit 2019 aktiv",
		"Konto 3 gesperrt",
		"Konto 1234 gesperrt",
		"Konto 20240315 eröffnet", // a date
		"Konto 15032024 eröffnet", // a date, day first
		"Konto 15 03 2024 eröffnet",
		"Buchung Lastschrift auf Konto 1200000", // a ledger's, whatever its booking text
		"Abbuchung Konto 450000 Kostenstelle 4711",
		"Konto 12345678 im Kundenportal gesperrt", // a web site's
		"Konto 8224265 im Webshop gesperrt",
		"Konto 123456789 Umsatzerlöse", // a ledger's
		"Kto. 1200 Bank",
		"Konto 1 234 567 EUR Umsatz",                             // an amount
		"Konto 123 456 789 Punkte gutgeschrieben",                // a loyalty scheme's
		"Kunden-Konto 532013000",                                 // a compound, not a bank's
		"Pani dzwoniła, kwota 2 054,58 PLN, konto 12 3456 7890.", // a Polish account is an NRB's 26 digits
		"Bestellung 123456789",
		"Rechnung 2024-001",
		"Rekening 2024105 van maart betaald",
		"Rekening 123456789 betaald", // a bill, though the eleven test passes
		"rekening 123456788",         // the eleven test fails
		"suppression de son compte 12345678901",
		"Referenz DE89370400440532013001", // an IBAN's shape without its word, and the check fails
		"CVV-Prüfung fehlgeschlagen",
		"CVV 3 mal falsch eingegeben",
		"CVV: 12345",
		"CID 4711 angelegt",                            // a customer's or a case's id
		"Kreditkarte gesperrt, CID 4711 hat angerufen", // a card word, but not its number, before
		"Konto 3000000 Wareneingang",                   // a ledger's
		"Konto 12345678 Bestellung 4711",               // a shop's
		"Rekening 123456789 verzonden",                 // a bill
		"Prüfnummer 4711",
		"Gravure perso LHK581898",
		"Bestellung 12345678 Z",
		"DNI 12345678 y teléfono", // the letter is a word, and not the check letter
		"cf. 12345678 Z",          // compare, not codice fiscale
		"Artikel X-1234567-L",
		"rssmra85t10a562s",
		"Az. 21/815/08150",                                         // a file number of the same form
		"Umsatzsteuer-Nr. 21/815/08150",                            // not the label of a Steuernummer
		"Steuernummer folgt, Bestellung 2181508150",                // the label is not the number's
		"Steuernummer 123456789012",                                // no state's length
		"Aufträge 41111111 11111111",                               // two numbers, no card word
		"Karte gesperrt, Bestellungen 51822835 44143606 storniert", // a card word, but not their label
		"Umsatzsteuer Nr. 21/815/08150",
		"Umsatzsteuer-Nr. ist 21/815/08150",
		"USt-Nr. lautet 21/815/08150",
		"Steuernummer fehlt, Rechnung 21/815/08150", // another word between: not the label's
		"Steuernummer fehlt 21/815/08150",
		"Steuernummer ist falsch, Rechnung 21/815/08150",
		"Steuernummer Frist 21/815/08150", // "ist" ends a word, not a verb
		"Rechnung ist 21/815/08150",
		"Tel. 49 0 1234567",
		"Bestellung Tel. (93) 03855 31.12.2024", // a date runs on: no trunk 0 after a country code
		// '#' after a call's, a contact's or a number's word numbers the
		// call or the record, as after "Ticket" (a review)
		"Call#0815 4711",
		"Anruf#0123456789",
		"Kontakt#0123 456789 aktualisiert",
		"Numer#0815 4711",
		"Call#20240315 closed",
	} {
		for _, f := range s.ScanField("notes", text, nil) {
			t.Errorf("%q: %s %q (%s %.2f)", text, f.Category, text[f.Start:f.End], f.Detector, f.Score)
		}
	}
}

// An IBAN whose check fails is a bank account, not a valid IBAN: a lower
// score, and not under the iban detector.
func TestMistypedIBANScore(t *testing.T) {
	fs := NewScanner().ScanField("notes", "IBAN DE89370400440532013001", nil)
	if len(fs) != 1 || fs[0].Category != BankAccount || fs[0].Detector == "iban" || fs[0].Score >= 0.95 {
		t.Errorf("mistyped IBAN: %s", describe(fs))
	}
}
