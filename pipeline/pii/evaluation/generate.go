package evaluation

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/pii/synth"
)

// CorpusSeed and CorpusSize are the parameters of the committed corpus,
// testdata/corpus.jsonl. Changing either changes every line of it.
const (
	CorpusSeed = 20260611
	CorpusSize = 12000
)

// Generate returns n labelled samples drawn deterministically from seed: the
// same seed and n always give the same samples, byte for byte. About half are
// single column values under column names in several languages (or none), a
// fifth free-text notes with several spans, a few JSON and XML blobs, and a
// fifth hard negatives that look like personal data but are not.
func Generate(seed uint64, n int) []Sample {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	out := make([]Sample, 0, n)
	for range n {
		var s Sample
		switch x := g.r.IntN(100); {
		case x < 52:
			s = g.column()
		case x < 74:
			s = g.note()
		case x < 80:
			s = g.blob()
		default:
			s = g.negative()
		}
		out = append(out, s)
	}
	return out
}

// gen carries the random source through the generators.
type gen struct {
	r *rand.Rand
}

// text builds a value and its spans piece by piece, so offsets are exact.
type text struct {
	b     strings.Builder
	spans []Span
}

func (t *text) add(s string) { t.b.WriteString(s) }

func (t *text) pii(cat pii.Category, kind, s string) {
	start := t.b.Len()
	t.b.WriteString(s)
	t.spans = append(t.spans, Span{Category: cat, Start: start, End: t.b.Len(), Kind: kind})
}

func (t *text) sample(field string) Sample {
	return Sample{Field: field, Value: t.b.String(), Spans: t.spans}
}

// value is one generated piece of personal data.
type value struct {
	cat  pii.Category
	kind string
	s    string
}

// national is a government identifier generator.
type national struct {
	kind   string
	cat    pii.Category
	fields []string
	gen    func(g *gen, p person) string
}

var nationals = []national{
	{"de_steuer_id", pii.TaxID, []string{"steuer_id", "steuerid", "idnr", "steuerliche_id", "tax_id"}, func(g *gen, _ person) string {
		s := synth.SteuerID(g.r)
		if g.r.IntN(3) == 0 {
			return synth.Group(s, " ", 2, 3, 3)
		}
		return s
	}},
	{"fr_nir", pii.NationalID, []string{"nir", "numero_securite_sociale", "num_secu", "insee"}, func(g *gen, _ person) string {
		s := synth.NIR(g.r)
		if g.r.IntN(2) == 0 {
			return synth.Group(s, " ", 1, 2, 2, 2, 3, 3)
		}
		return s
	}},
	{"nl_bsn", pii.NationalID, []string{"bsn", "burgerservicenummer", "sofinummer"}, func(g *gen, _ person) string {
		s := synth.BSN(g.r)
		if g.r.IntN(3) == 0 {
			return synth.Group(s, ".", 4, 2)
		}
		return s
	}},
	{"be_nn", pii.NationalID, []string{"rijksregisternummer", "numero_national", "insz", "nn"}, func(g *gen, _ person) string {
		s := beNN(g.r)
		if g.r.IntN(2) == 0 {
			return s[:2] + "." + s[2:4] + "." + s[4:6] + "-" + s[6:9] + "." + s[9:]
		}
		return s
	}},
	{"es_dni", pii.NationalID, []string{"dni", "nif", "documento_identidad"}, func(g *gen, _ person) string {
		s := esDNI(g.r)
		if g.r.IntN(4) == 0 {
			return s[:8] + "-" + s[8:]
		}
		return s
	}},
	{"es_nie", pii.NationalID, []string{"nie", "nif_extranjero"}, func(g *gen, _ person) string { return esNIE(g.r) }},
	{"pt_nif", pii.TaxID, []string{"nif", "numero_contribuinte", "contribuinte"}, func(g *gen, _ person) string {
		s := ptNIF(g.r)
		if g.r.IntN(3) == 0 {
			return synth.Group(s, " ", 3, 3)
		}
		return s
	}},
	{"it_cf", pii.TaxID, []string{"codice_fiscale", "cf", "codfisc"}, func(g *gen, p person) string {
		return itCF(g.r, p.given, p.family, p.female)
	}},
	{"pl_pesel", pii.NationalID, []string{"pesel", "nr_pesel"}, func(g *gen, _ person) string { return synth.PESEL(g.r) }},
	{"se_pnr", pii.NationalID, []string{"personnummer", "pnr"}, func(g *gen, _ person) string { return sePNR(g.r) }},
	{"fi_hetu", pii.NationalID, []string{"henkilotunnus", "hetu"}, func(g *gen, _ person) string { return fiHETU(g.r) }},
	{"dk_cpr", pii.NationalID, []string{"cpr", "cpr_nummer"}, func(g *gen, _ person) string { return dkCPR(g.r) }},
	{"at_svnr", pii.NationalID, []string{"svnr", "sozialversicherungsnummer", "sv_nummer"}, func(g *gen, _ person) string {
		s := atSVNR(g.r)
		if g.r.IntN(2) == 0 {
			return s[:4] + " " + s[4:]
		}
		return s
	}},
	{"ie_pps", pii.NationalID, []string{"pps", "pps_number", "ppsn"}, func(g *gen, _ person) string { return iePPS(g.r) }},
	{"gb_nino", pii.NationalID, []string{"nino", "ni_number", "national_insurance_no"}, func(g *gen, _ person) string {
		s := synth.NINO(g.r, false)
		if g.r.IntN(2) == 0 {
			return synth.Group(s, " ", 2, 2, 2, 2)
		}
		return s
	}},
	{"gb_nhs", pii.NationalID, []string{"nhs_number", "nhs_no"}, func(g *gen, _ person) string {
		s := gbNHS(g.r)
		if g.r.IntN(3) > 0 {
			return synth.Group(s, " ", 3, 3)
		}
		return s
	}},
	{"us_ssn", pii.NationalID, []string{"ssn", "social_security_number"}, func(g *gen, _ person) string { return usSSN(g.r) }},
}

// nationalFor returns the identifier a note in lang most likely mentions.
func nationalFor(g *gen, lang string) national {
	want := map[string][]string{
		"de": {"de_steuer_id", "at_svnr"}, "fr": {"fr_nir", "be_nn"}, "nl": {"nl_bsn", "be_nn"}, "pl": {"pl_pesel"},
		"en": {"gb_nino", "gb_nhs", "us_ssn", "ie_pps"}, "es": {"es_dni", "es_nie"}, "it": {"it_cf"}, "pt": {"pt_nif"},
		"sv": {"se_pnr", "fi_hetu", "dk_cpr"},
	}[lang]
	k := pick(g.r, want)
	for _, n := range nationals {
		if n.kind == k {
			return n
		}
	}
	return nationals[0]
}

// vat returns a VAT identification number and its kind.
func (g *gen) vat() (string, string) {
	switch g.r.IntN(6) {
	case 0:
		return deVAT(g.r), "vat_de"
	case 1:
		return frVAT(g.r), "vat_fr"
	case 2:
		return itVAT(g.r), "vat_it"
	case 3:
		return beVAT(g.r), "vat_be"
	case 4:
		s := plNIP(g.r)
		if g.r.IntN(2) == 0 {
			return s[:3] + "-" + s[3:6] + "-" + s[6:8] + "-" + s[8:], "vat_pl"
		}
		return "PL" + s, "vat_pl"
	default:
		// ES and a NIE, whose check letter counts its first letter: writing
		// every NIE with an X made two in three check letters wrong.
		return "ES" + esNIE(g.r), "vat_es"
	}
}

// columnGen is a single-column generator: the column names it appears under
// (several languages; "" for an unnamed value) and the value.
type columnGen struct {
	weight int
	fields []string
	// gen returns the values and, when they call for it, more specific
	// column names than fields (a PESEL under "pesel").
	gen func(g *gen, l *locale) ([]value, []string)
}

func one(cat pii.Category, kind, s string) ([]value, []string) { return []value{{cat, kind, s}}, nil }

var columnGens = []columnGen{
	{8, []string{"email", "e_mail", "email_address", "emailadresse", "courriel", "adresse_email", "emailadres", "adres_email", "correo_electronico", "posta_elettronica", "mail", "contact_email", "", "value", "contact"},
		func(g *gen, l *locale) ([]value, []string) {
			return one(pii.Email, "email", l.email(g.r, l.person(g.r)))
		}},
	{2, []string{"email", "kontakt", "contact", "", "remarks"},
		func(g *gen, l *locale) ([]value, []string) {
			return one(pii.Email, "email_obfuscated", obfuscateEmail(g.r, l.email(g.r, l.person(g.r))))
		}},
	{8, []string{"phone", "phone_number", "telefon", "telefon_nr", "telefonnummer", "handy", "mobil", "telephone", "numero_telephone", "telefoonnummer", "mobiel", "numer_telefonu", "telefono", "cellulare", "movil", "tel", "", "value", "contact"},
		func(g *gen, l *locale) ([]value, []string) {
			c := l.country
			if g.r.IntN(3) == 0 {
				c = pick(g.r, phoneCountries)
			}
			return one(pii.Phone, "phone_"+strings.ToLower(c), phone(g.r, c))
		}},
	{5, []string{"iban", "iban_code", "bankverbindung", "kontonummer", "compte_bancaire", "rekeningnummer", "numer_konta", "conto_corrente", "cuenta_bancaria", "", "value", "payment_ref"},
		func(g *gen, l *locale) ([]value, []string) {
			c := pick(g.r, ibanCountries)
			s := synth.IBAN(g.r, c)
			switch g.r.IntN(3) {
			case 0:
				s = synth.GroupFours(s, " ")
			case 1:
				if g.r.IntN(4) == 0 {
					s = strings.ToLower(s)
				}
			}
			return one(pii.BankAccount, "iban_"+strings.ToLower(c), s)
		}},
	{2, []string{"bic", "swift", "swift_bic", "bic_code"},
		func(g *gen, l *locale) ([]value, []string) { return one(pii.Financial, "bic", bic(g.r, l.country)) }},
	{5, []string{"card_number", "kreditkarte", "kartennummer", "numero_carte", "creditcard", "numer_karty", "carta_di_credito", "tarjeta", "pan", "", "payment"},
		func(g *gen, l *locale) ([]value, []string) {
			c, brand := synth.Card(g.r)
			return one(pii.CreditCard, "card_"+brand, formatCard(g.r, c))
		}},
	{3, []string{"ip_address", "ip", "client_ip", "remote_addr", "adresse_ip", "", "last_login_from"},
		func(g *gen, l *locale) ([]value, []string) { return one(pii.IPAddress, "ipv4", ipv4(g.r)) }},
	{2, []string{"ip_address", "ip6", "client_ip", "remote_addr", "", "last_login_from"},
		func(g *gen, l *locale) ([]value, []string) { return one(pii.IPAddress, "ipv6", ipv6(g.r)) }},
	{2, []string{"mac", "mac_address", "device_mac", "", "hw_addr"},
		func(g *gen, l *locale) ([]value, []string) { return one(pii.DeviceID, "mac", mac(g.r)) }},
	{6, []string{"geburtsdatum", "date_of_birth", "dob", "birth_date", "birthday", "date_naissance", "geboortedatum", "data_urodzenia", "fecha_nacimiento", "data_di_nascita", "geb_datum"},
		func(g *gen, l *locale) ([]value, []string) {
			return one(pii.DateOfBirth, "dob", birthDate(g.r, l.code))
		}},
	{4, []string{"first_name", "vorname", "prenom", "voornaam", "imie", "nombre", "nome", "given_name", "fornamn"},
		func(g *gen, l *locale) ([]value, []string) {
			return one(pii.GivenName, "given_name", l.person(g.r).given)
		}},
	{4, []string{"last_name", "nachname", "nom", "achternaam", "nazwisko", "apellido", "cognome", "surname", "familienname", "efternamn"},
		func(g *gen, l *locale) ([]value, []string) {
			return one(pii.FamilyName, "family_name", l.person(g.r).family)
		}},
	{5, []string{"full_name", "name", "kunde", "customer_name", "nom_complet", "naam", "imie_nazwisko", "nombre_completo", "nome_completo", "contact_person", "agent", "", "value"},
		func(g *gen, l *locale) ([]value, []string) {
			p := l.person(g.r)
			s := p.full()
			switch g.r.IntN(6) {
			case 0:
				s = p.family + ", " + p.given
			case 1:
				s = strings.ToUpper(p.family) + " " + p.given
			}
			return one(pii.Name, "full_name", s)
		}},
	{4, []string{"street", "strasse", "rue", "adresse", "straat", "ulica", "calle", "via", "address_line1", "indirizzo", "gatuadress"},
		func(g *gen, l *locale) ([]value, []string) { return one(pii.Street, "street", l.street(g.r)) }},
	{1, []string{"house_no", "hausnummer", "huisnummer", "numer_domu"},
		func(g *gen, l *locale) ([]value, []string) {
			return one(pii.Street, "house_no", fmt.Sprint(1+g.r.IntN(200)))
		}},
	{3, []string{"postal_code", "plz", "postleitzahl", "code_postal", "postcode", "kod_pocztowy", "codigo_postal", "cap", "zip", "postnummer"},
		func(g *gen, l *locale) ([]value, []string) {
			return one(pii.PostalCode, "postal_code", l.postalCode(g.r))
		}},
	{3, []string{"city", "ort", "stadt", "ville", "plaats", "woonplaats", "miasto", "ciudad", "citta", "wohnort"},
		func(g *gen, l *locale) ([]value, []string) { return one(pii.City, "city", pick(g.r, l.cities)) }},
	{3, []string{"address", "anschrift", "adresse_postale", "adres", "direccion", "indirizzo_completo", "", "shipping_address"},
		func(g *gen, l *locale) ([]value, []string) { return one(pii.Address, "address", l.address(g.r)) }},
	{10, []string{"national_id", "id_number", "", "value", "ausweis_nr"},
		func(g *gen, l *locale) ([]value, []string) {
			n := pick(g.r, nationals)
			v, _ := one(n.cat, n.kind, n.gen(g, l.person(g.r)))
			if g.r.IntN(3) > 0 {
				return v, n.fields
			}
			return v, nil
		}},
	{3, []string{"vat_id", "ust_idnr", "tva_intracom", "btw_nummer", "partita_iva", "nip", "vat", ""},
		func(g *gen, l *locale) ([]value, []string) {
			s, kind := g.vat()
			return one(pii.TaxID, kind, s)
		}},
	{2, []string{"passport_no", "reisepass_nr", "passeport", "paspoortnummer", "nr_paszportu", "pasaporte", "passaporto"},
		func(g *gen, l *locale) ([]value, []string) {
			return one(pii.Passport, "passport", passport(g.r, l.country))
		}},
	{2, []string{"drivers_license", "fuehrerschein_nr", "permis_conduire", "rijbewijsnummer", "prawo_jazdy", "patente"},
		func(g *gen, l *locale) ([]value, []string) {
			return one(pii.DriversLicence, "drivers_licence", drivingLicence(g.r, l.country))
		}},
	{2, []string{"coordinates", "geo", "location", "koordinaten", "position_gps", ""},
		func(g *gen, l *locale) ([]value, []string) { return one(pii.PreciseGeo, "geo", coordinates(g.r)) }},
	{1, []string{"latitude", "lat", "breitengrad"},
		func(g *gen, l *locale) ([]value, []string) {
			return one(pii.PreciseGeo, "geo_lat", fmt.Sprintf("%.6f", 36+g.r.Float64()*24))
		}},
}

// column returns one single-column sample.
func (g *gen) column() Sample {
	total := 0
	for _, c := range columnGens {
		total += c.weight
	}
	x := g.r.IntN(total)
	var cg columnGen
	for _, c := range columnGens {
		if x < c.weight {
			cg = c
			break
		}
		x -= c.weight
	}
	l := pick(g.r, locales)
	vs, fields := cg.gen(g, l)
	if fields == nil {
		fields = cg.fields
	}
	field := pick(g.r, fields)
	var t text
	// A few columns hold two values, a few carry stray whitespace.
	pad := g.r.IntN(40) == 0
	if pad {
		t.add(" ")
	}
	t.pii(vs[0].cat, vs[0].kind, vs[0].s)
	if (vs[0].cat == pii.Email || vs[0].cat == pii.Phone) && g.r.IntN(15) == 0 {
		t.add(pick(g.r, []string{"; ", ", ", " / "}))
		more, _ := cg.gen(g, l)
		t.pii(more[0].cat, more[0].kind, more[0].s)
	}
	if pad {
		t.add("  ")
	}
	return t.sample(field)
}
