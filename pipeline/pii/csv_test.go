package pii

import (
	"strings"
	"testing"
)

// TestCSVRows: CSV rows kept in a text column (hunt H, classes A2, B3,
// N5). Each want fails without csv.go: a cell read as prose was a word
// among words.
func TestCSVRows(t *testing.T) {
	s := NewScanner()
	cases := []struct {
		value string
		want  map[string]Category // substring -> family found at >= 0.5
	}{
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
	for _, c := range cases {
		got := s.ScanField("raw", c.value, nil)
		for sub, fam := range c.want {
			i := strings.Index(c.value, sub)
			ok := false
			for _, f := range got {
				if f.Score >= 0.5 && family(f.Category) == fam && f.Start <= i && f.End >= i+len(sub) {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%q: %q not found as %s; got %v", c.value, sub, fam, got)
			}
		}
	}
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
}
