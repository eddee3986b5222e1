package pii

import (
	"slices"
	"testing"
)

// TestCSVRows: CSV rows kept in a text column (hunt H, classes A2, B3,
// N5). Each want fails without csv.go: a cell read as prose was a word
// among words.
func TestCSVRows(t *testing.T) {
	s := NewScanner()
	cases := []rowCase{
		{"nachname;vorname;geburtsdatum;plz;ort;email\nWimmersberger;Gundula;12.03.1961;33602;Bielefeld;g.w@t-online.de",
			map[string]Category{"Wimmersberger": Name, "Gundula": Name, "12.03.1961": DateOfBirth, "33602": Address, "Bielefeld": Address}},
		{"id,surname,forename,dob,phone\n481120,\"Thistlethwaite\",\"Amelia\",\"28/11/1981\",\"07459 080493\"",
			map[string]Category{"Thistlethwaite": Name, "Amelia": Name, "28/11/1981": DateOfBirth}},
		{"klantnr|achternaam|voornaam|geboren|plaats|email\n919654|Verhoeven|Marieke|23-04-1959|Deventer|m.v@gmail.com",
			map[string]Category{"Verhoeven": Name, "23-04-1959": DateOfBirth, "Deventer": Address}},
		{"id\tcognome\tnome\tdata_nascita\tcap\tcitta\n1\tBernardini\tChiara\t24/12/1989\t10123\tTorino",
			map[string]Category{"Bernardini": Name, "24/12/1989": DateOfBirth, "10123": Address, "Torino": Address}},
		// no header: the row's e-mail makes it a person's
		{"495357;Wimmersberger;Ralf;12.03.1961;r.w@t-online.de;Hauptstr. 5;33602;Bielefeld",
			map[string]Category{"Wimmersberger": Name, "Ralf": Name, "12.03.1961": DateOfBirth, "33602": Address, "Bielefeld": Address}},
	}
	checkRows(t, s, "raw", cases)
}

// TestCSVRowsProducts: product, order and stock rows stay clean, with a
// header naming a product's "Name" or none.
func TestCSVRowsProducts(t *testing.T) {
	s := NewScanner()
	for _, v := range []string{
		"SKU;Name;Preis\nA-1;Rose Gold;19,90\nA-2;Lavendel;4,50",
		"name,price,qty\nGrace Hoodie,39.90,2",
		"nome;ciudad;data\nRose Gold;Paris;03/01/2025",
		"4711;Rose;Gold;12.03.1998;19,90;2",
		"ORD-1001;12.03.2024;Marie Louise;2;7,90;33602;Bielefeld",
		"BSN 75121337323 gecontroleerd, geboortedatum 24-05-1970.\nFactuur 2016644794559412 van 1.353,60",
	} {
		for _, f := range s.ScanField("raw", v, nil) {
			if f.Score >= 0.5 && (f.Detector == detectorNames[dColumnHint] || f.Detector == detectorNames[dCity] || f.Detector == detectorNames[dPostal]) {
				t.Errorf("%q: %v", v, f)
			}
		}
	}
}

// TestCSVRowsNotPeople: tables whose header names a person's field in
// another sense (a review): an accounts chart's "Konto", a campaign's
// "Email Kampagne", a shop's or a country's phone; and rows without a
// header whose e-mail is a function's. Their cells are read as text, as
// before csv.go: no name, place or address from the column alone.
func TestCSVRowsNotPeople(t *testing.T) {
	s := NewScanner()
	for _, c := range []struct {
		value string
		fam   Category
	}{
		{"Konto;Name;Saldo\n1000;Kasse;500,00\n1200;Sparkasse;12.000,00", Name},
		{"Konto|Name|Saldo\n1400|Erlöse|7904,17", Name},
		{"Filiale,Telefon,Ort\nOuest,0800 846702,Hamburg\nCentral,0800 813451,Milano", Address},
		{"store;phone;city;manager\nCentral;0800 754314;Sevilla;Team B", Address},
		{"country,capital,population,phone_code\nNederland,Berlin,4749650,+38", Address},
		{"Email Kampagne|Empfänger|Öffnungen|Klicks\nPromo|12|26.02.2024|45\nPixel 8|Sale|16.07.2024|87", Email},
		{"Email Kampagne|Empfänger|Öffnungen|Klicks\nPromo|12|26.02.2024|45\nPixel 8|Sale|16.07.2024|87", Name},
		{"858;Luna Lampe;Emma;Service;support@shop-example.de;6.09.2024", Name},
		{"713\tA-17\tThomas\tVertrieb\tsupport@shop-example.de\t27.01.2024", Name},
	} {
		for _, f := range s.ScanField("raw", c.value, nil) {
			if f.Score >= 0.5 && family(f.Category) == c.fam {
				t.Errorf("%q: %v %q", c.value, f, c.value[f.Start:f.End])
			}
		}
	}
}

// TestCSVRowsHeaderless: a legacy CRM's rows pasted into a note without
// their header line. A row whose own cells show a person's record (a
// street, a postcode beside a town, a phone, a birth date beside a name)
// has its other cells read by their shape (csvRow). Each want failed
// before: the names, towns and birth dates were words among words, a
// number glued to its comma an identifier's part.
func TestCSVRowsHeaderless(t *testing.T) {
	s := NewScanner()
	cases := []rowCase{
		{"Import 2019: Müller;Hans;Hauptstr. 5;10115;Berlin;030 1234567",
			map[string]Category{"Müller": Name, "Hans": Name, "Berlin": Address}},
		{"Wimmersberger,Jürgen,12.03.1961,Lindenweg 4,80331 München", map[string]Category{"12.03.1961": DateOfBirth}},
		{"Kowalska;Anna;ul. Długa 5;80-827;Gdańsk", map[string]Category{"Kowalska": Name, "Anna": Name, "Gdańsk": Address}},
		{"Pemberton|Oliver|14 High Street|Bath|BA1 1AA", map[string]Category{"Pemberton": Name, "Oliver": Name, "Bath": Address}},
		{"Dupont\tMarie\t12 rue de la Paix\t75002\tParis", map[string]Category{"Dupont": Name, "Marie": Name, "Paris": Address}},
		{"Oudejans;Pieter;Kerkstraat 5;1234 AB;Amsterdam;06-12345678",
			map[string]Category{"Oudejans": Name, "Pieter": Name, "Amsterdam": Address}},
		{"Schmidt, Anna, 1985-04-12, Hamburg", map[string]Category{"1985-04-12": DateOfBirth, "Hamburg": Address}},
		// three cells: a name and its birth date
		{"Müller;Hans;12.03.1961", map[string]Category{"Müller": Name, "Hans": Name, "12.03.1961": DateOfBirth}},
		// a phone's cell beside a name: no phone word before the number
		{"Bernardini;Marco;333 1234567;Torino", map[string]Category{"Bernardini": Name, "333 1234567": Phone}},
		// numbers glued to their commas (rescanCells)
		{"Esposito,Luca,16/12/1999,Piazza Garibaldi 3,00184,Roma", map[string]Category{"16/12/1999": DateOfBirth, "Roma": Address}},
		// a date the address took ("1989, Bahnhofstraße 23a, ...")
		{"Brinkmann, Jürgen, 26.04.1989, Bahnhofstraße 23a, 93047 Regensburg", map[string]Category{"26.04.1989": DateOfBirth}},
		// a listed family name before a given name no list knows
		{"Kühn;Margarete;03.04.1951;Weinbergstr. 12;01129;Dresden", map[string]Category{"Margarete": Name, "Dresden": Address}},
		// an address's row: the names before the birth date, no list knowing them
		{"Old CRM: Ramsbottom,Edith,12/04/1940,3 Vicarage Close,Harrogate,HG1 4AB",
			map[string]Category{"Ramsbottom": Name, "Edith": Name, "12/04/1940": DateOfBirth}},
		// a street whose type no list knows, before its postcode and town
		{"Jansen\tMaria\t12-05-1963\tSingel 40\t1015 AB\tAmsterdam", map[string]Category{"Singel 40": Address}},
		{"Lemaire\tJean\t41 allée des Chênes\t17000\tLa Rochelle", map[string]Category{"La Rochelle": Address}},
		// review: a listed family name with a town beside its postcode still counts
		{"Müller;Hans;10115;Berlin", map[string]Category{"Müller": Name, "Hans": Name, "Berlin": Address}},
		{"Müller;Hans;;10115;Berlin;", map[string]Category{"Müller": Name, "Hans": Name, "Berlin": Address}},
		{"Becker,Jürgen,27.06.1988,0171 2345678", map[string]Category{"Becker": Name, "27.06.1988": DateOfBirth, "0171 2345678": Phone}},
		{"Weber|Klaus|03.11.1975|040 555 1234", map[string]Category{"Weber": Name, "03.11.1975": DateOfBirth}},
		// review: an account without an amount: the birth date stays
		{"Nowak;Agnieszka;14.02.1961;PL61109010140000071219812874", map[string]Category{"Nowak": Name, "14.02.1961": DateOfBirth}},
		{"Ancien CRM: Lemaire,Pierre,07 81 23 45 67,Nantes", map[string]Category{"07 81 23 45 67": Phone, "Nantes": Address}},
		// each line of several
		{"Meier;Ursula;17.08.1947\nMeier;Walter;05.01.1944", map[string]Category{"17.08.1947": DateOfBirth, "05.01.1944": DateOfBirth, "Walter": Name}},
	}
	checkRows(t, s, "notes", cases)
}

// TestCSVRowsAreaCodeCell: a CRM whose records keep the area code in a
// field of its own exports it in the cell before the phone number's. A
// review found the area code raw beside the number masked, and a table
// under "Vorwahl;Telefon" raw whole: its 7-digit subscriber numbers,
// read alone, were too short for a phone, so no row was a person's. The
// area code is the number's; a row of an article's numbers stays clean.
func TestCSVRowsAreaCodeCell(t *testing.T) {
	s := NewScanner()
	checkRows(t, s, "notes", []rowCase{
		{"Name;Vorname;Vorwahl;Telefon\nMeier;Hans;030;1234567",
			map[string]Category{"Meier": Name, "Hans": Name, "030": Phone, "1234567": Phone}},
		{"nachname\tvorname\tvorwahl\trufnummer\nKowalski\tJan\t0221\t9876543",
			map[string]Category{"Kowalski": Name, "Jan": Name, "0221": Phone, "9876543": Phone}},
		{"Meier;Hans;0151;23456789", map[string]Category{"0151": Phone, "23456789": Phone}},
		{"Meier;Hans;Hauptstr. 5;10115;Berlin;030;1234567", map[string]Category{"030": Phone, "1234567": Phone}},
		{"Schmidt;Anna;12.03.1961;0221;9876543", map[string]Category{"0221": Phone, "9876543": Phone}},
	})
	for _, v := range []string{"Artikel;4711;030;12345678", "Filiale;Vorwahl;Telefon\nKöln;0221;9876543"} {
		for _, f := range s.ScanField("notes", v, nil) {
			if f.Score >= 0.5 && family(f.Category) == Phone {
				t.Errorf("%q: %v", v, f)
			}
		}
	}
}

// rowCase is a value of CSV rows and the families its substrings must be
// found as.
type rowCase struct {
	value string
	want  map[string]Category // substring -> family found at >= 0.5
}

// checkRows scans each case's value as field and reports each wanted
// substring no finding of its family, scored 0.5 or more, covers.
func checkRows(t *testing.T, s *Scanner, field string, cases []rowCase) {
	t.Helper()
	for _, c := range cases {
		got := s.ScanField(field, c.value, nil)
		for sub, fam := range c.want {
			if !covers(t, got, c.value, sub, func(f Finding) bool { return f.Score >= 0.5 && family(f.Category) == fam }) {
				t.Errorf("%q: %q not found as %s; got %v", c.value, sub, fam, got)
			}
		}
	}
}

// TestCSVRowsHeaderlessClean: rows without a person's evidence, or with
// an amount of money, are read as before: products (given names among
// them), stock, orders, logs, assets, a firm's address (its street and
// postcode found before, no name for the firm).
func TestCSVRowsHeaderlessClean(t *testing.T) {
	s := NewScanner()
	for _, c := range []struct {
		value string
		fams  []Category // families no finding of 0.5 or more may have
	}{
		{"Sofa;Leder;braun;1299,00;lieferbar", []Category{Name, DateOfBirth, Address}},
		{"4711;Rose;Gold;12.03.1998;2", []Category{Name, DateOfBirth}},
		{"Ruby;Rose;Weinrot;01.01.2005;Lager 3", []Category{Name, DateOfBirth}},
		{"Jasmin;Tee;Grün;03.05.2009;Charge 4711", []Category{Name, DateOfBirth}},
		{"Windows;XP;25.10.2001;Microsoft", []Category{Name, DateOfBirth}},
		{"ORD-2044;2024-05-01;Rose Gold;1;19,90;10115;Berlin", []Category{DateOfBirth, Address}},
		{"ORD-1001;12.03.1998;Hans Meier;Hauptstr. 5;2;7,90;33602;Bielefeld", []Category{DateOfBirth}},
		{"Konzert;Anna Netrebko;Berlin;12.03.2011", []Category{DateOfBirth, Address}},
		{"Lager;10115;Berlin;500 Stk", []Category{Address}},
		{"Support;0800 123456;Mo-Fr;Berlin", []Category{Name, Address}},
		{"LPT-0042;Dell Latitude 5420;Windows 11;2021-04-01;Raum 3.12", []Category{Name, DateOfBirth, Address}},
		{"2011-05-03 08:00:12;INFO;Anna;login ok;412 ms", []Category{Name, DateOfBirth}},
		{"A-1;Rose Gold;19,90;12\nA-2;Lavendel;4,50;300", []Category{Name, DateOfBirth}},
		{"ACME GmbH;Industriestr. 5;70565;Stuttgart", []Category{Name}},
		{"Bäckerei Schmidt;Hauptstr. 7;33602;Bielefeld", []Category{Name}},
		{"Anna, Ben und Carla, Hauptstr. 5", []Category{Name}},
		// review: product nouns an unlisted family name, a town beside a postcode
		{"Artikel;Anna;12345;Berlin", []Category{Name, Address}},
		{"Kleid;Linda;42414;Hamburg", []Category{Name, Address}},
		{"Sorte;Lily;80-827;Gdańsk;Lagerbestand 21", []Category{Name, Address}},
		{"Produkt;Clara;1012 AB;Amsterdam;Lagerbestand 49", []Category{Name, Address}},
		{"Kollektion;Paula;64544;Madrid", []Category{Name, Address}},
		{"Farbe;Rosa;44269;Köln", []Category{Name, Address}},
		// review: a booking's date in a bank statement is no birth date
		{"12.03.2009;Gutschrift;Hans Müller;DE89370400440532013000;250,00", []Category{DateOfBirth}},
		{"DE89370400440532013000;12.03.2009;Miete Müller;-850,00 EUR", []Category{DateOfBirth}},
		{"Konzert;12.03.2009;Berlin;10115", []Category{Name, DateOfBirth}},
		{"10115;Berlin;20095;Hamburg", []Category{Name, DateOfBirth}},
		{"v2.0;01.02.2010;Paula;stable", []Category{Name, DateOfBirth}},
		{"RE-2010-101;02.03.2001;Koch GmbH;121,50 EUR", []Category{DateOfBirth}},
	} {
		for _, f := range s.ScanField("notes", c.value, nil) {
			if f.Score >= 0.5 && slices.Contains(c.fams, family(f.Category)) {
				t.Errorf("%q: %v %q", c.value, f, c.value[f.Start:f.End])
			}
		}
	}
}

// TestCSVHeaderHintCache: a note's first line with commas is no header
// and asks no hint: the shared cache of column hints does not grow with
// the words of notes.
func TestCSVHeaderHintCache(t *testing.T) {
	s := NewScanner()
	s.ScanField("raw", "warm up", nil)
	n := s.hints.n.Load()
	for _, v := range []string{
		"Hello Anna, hi team, the report is ready\nthanks",
		"Geliefert, wie besprochen, 12 Stühle; Rechnung folgt\nGruß",
	} {
		s.ScanField("raw", v, nil)
	}
	if got := s.hints.n.Load(); got != n {
		t.Errorf("hint cache grew from %d to %d names", n, got)
	}
}

// TestCSVNoAllocs: a table's header hints come from the cache and its
// spans live on the stack.
func TestCSVNoAllocs(t *testing.T) {
	s := NewScanner()
	v := "nachname;vorname;geburtsdatum;plz;ort;email\nWimmersberger;Gundula;12.03.1961;33602;Bielefeld;g.w@t-online.de\n"
	noAllocs(t, s, make([]Finding, 0, 64), 20, "raw", v)
	// rows without a header: cells rescanned (a comma's glued numbers), a
	// phone widened to its cell, towns, several rows
	for _, v := range []string{
		"Import 2019: Müller;Hans;Hauptstr. 5;10115;Berlin;030 1234567\nKowalska;Anna;ul. Długa 5;80-827;Gdańsk",
		"Esposito,Luca,16/12/1999,Piazza Garibaldi 3,00184,Roma,+39 347 123 4567",
		"Brinkmann, Jürgen, 26.04.1989, Bahnhofstraße 23a, 93047 Regensburg",
		"Sofa;Leder;braun;1299,00;lieferbar",
	} {
		noAllocs(t, s, make([]Finding, 0, 64), 20, "notes", v)
	}
}
