package evaluation

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/lethe-cdc/lethe/pipeline/pii/synth"
)

// locale holds the word lists and formats of one language/country the corpus
// draws from. The lists are common names and places, not people.
type locale struct {
	code    string // language, e.g. "de"
	country string // ISO 3166 alpha-2, e.g. "DE"
	given   []string
	family  []string
	streets []string
	cities  []string
	domains []string
	// street formats the street and house number.
	streetFirst bool // "12 rue de la Paix" rather than "Hauptstraße 12"
}

var locales = []*locale{
	{code: "de", country: "DE",
		given:   []string{"Anna", "Lukas", "Sophie", "Maximilian", "Marie", "Jonas", "Lea", "Felix", "Katharina", "Jürgen", "Ursula", "Wolfgang", "Sabine", "Björn", "Jörg", "Hans-Peter"},
		family:  []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Zimmermann", "Krüger", "von Weizsäcker"},
		streets: []string{"Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Goethestr.", "Am Markt", "Lindenallee", "Berliner Platz", "Kirchgasse"},
		cities:  []string{"Berlin", "München", "Hamburg", "Köln", "Frankfurt am Main", "Leipzig", "Stuttgart", "Düsseldorf", "Nürnberg"},
		domains: []string{"web.de", "gmx.de", "t-online.de", "gmail.com", "posteo.de", "mueller-bau.de"}},
	{code: "fr", country: "FR", streetFirst: true,
		given:   []string{"Camille", "Louis", "Léa", "Hugo", "Chloé", "Jules", "Manon", "Gabriel", "Élodie", "François", "Hélène", "Benoît", "Jean-Luc"},
		family:  []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Lefèvre", "Garnier", "Fontaine", "de La Rochefoucauld"},
		streets: []string{"rue de la Paix", "avenue Victor Hugo", "boulevard Saint-Michel", "rue des Lilas", "place Bellecour", "chemin des Vignes"},
		cities:  []string{"Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Nantes", "Bordeaux", "Strasbourg"},
		domains: []string{"orange.fr", "laposte.net", "free.fr", "gmail.com", "sfr.fr", "wanadoo.fr"}},
	{code: "nl", country: "NL",
		given:   []string{"Daan", "Emma", "Sem", "Julia", "Lucas", "Tess", "Bram", "Sanne", "Pieter", "Anouk", "Joost", "Femke"},
		family:  []string{"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "van der Meer"},
		streets: []string{"Kerkstraat", "Dorpsstraat", "Prinsengracht", "Stationsweg", "Molenweg", "Julianalaan"},
		cities:  []string{"Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen"},
		domains: []string{"ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl", "xs4all.nl"}},
	{code: "pl", country: "PL",
		given:   []string{"Anna", "Piotr", "Katarzyna", "Krzysztof", "Małgorzata", "Tomasz", "Agnieszka", "Paweł", "Joanna", "Łukasz", "Zofia", "Michał"},
		family:  []string{"Nowak", "Kowalska", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamińska", "Lewandowski", "Zieliński", "Szymańska", "Woźniak", "Dąbrowski"},
		streets: []string{"ul. Marszałkowska", "ul. Długa", "ul. Polna", "al. Jerozolimskie", "ul. Piotrkowska", "ul. Floriańska"},
		cities:  []string{"Warszawa", "Kraków", "Gdańsk", "Wrocław", "Łódź", "Poznań"},
		domains: []string{"wp.pl", "onet.pl", "interia.pl", "gmail.com", "o2.pl"}},
	{code: "en", country: "GB", streetFirst: true,
		given:   []string{"Oliver", "Amelia", "George", "Isla", "Harry", "Olivia", "Jack", "Emily", "James", "Charlotte", "William", "Sophie"},
		family:  []string{"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "O'Brien", "McDonald"},
		streets: []string{"High Street", "Station Road", "Church Lane", "Victoria Road", "Baker Street", "Mill Lane"},
		cities:  []string{"London", "Manchester", "Leeds", "Bristol", "Glasgow", "Cardiff"},
		domains: []string{"gmail.com", "yahoo.co.uk", "btinternet.com", "outlook.com", "hotmail.co.uk"}},
	{code: "es", country: "ES",
		given:   []string{"Lucía", "Hugo", "Martina", "Mateo", "Sofía", "Daniel", "María José", "Alejandro", "Carmen", "Javier"},
		family:  []string{"García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín", "García Márquez"},
		streets: []string{"Calle Mayor", "Calle de Alcalá", "Avenida de la Constitución", "Gran Vía", "Paseo de Gracia"},
		cities:  []string{"Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao", "Zaragoza"},
		domains: []string{"gmail.com", "telefonica.net", "hotmail.es", "yahoo.es"}},
	{code: "it", country: "IT",
		given:   []string{"Giulia", "Francesco", "Sofia", "Alessandro", "Aurora", "Lorenzo", "Chiara", "Matteo", "Giuseppe", "Francesca"},
		family:  []string{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "De Luca"},
		streets: []string{"Via Roma", "Via Garibaldi", "Corso Vittorio Emanuele II", "Piazza Navona", "Via Dante"},
		cities:  []string{"Roma", "Milano", "Napoli", "Torino", "Bologna", "Firenze"},
		domains: []string{"libero.it", "gmail.com", "virgilio.it", "tiscali.it", "alice.it"}},
	{code: "pt", country: "PT",
		given:   []string{"João", "Maria", "Ana", "Pedro", "Inês", "Tiago", "Beatriz", "Rui"},
		family:  []string{"Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins"},
		streets: []string{"Rua Augusta", "Avenida da Liberdade", "Rua de Santa Catarina", "Travessa do Carmo"},
		cities:  []string{"Lisboa", "Porto", "Braga", "Coimbra"},
		domains: []string{"sapo.pt", "gmail.com", "clix.pt", "netcabo.pt"}},
	{code: "sv", country: "SE",
		given:   []string{"Erik", "Astrid", "Lars", "Ingrid", "Johan", "Elin", "Björn", "Saga"},
		family:  []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Öberg"},
		streets: []string{"Storgatan", "Drottninggatan", "Kungsgatan", "Östra Hamngatan"},
		cities:  []string{"Stockholm", "Göteborg", "Malmö", "Uppsala"},
		domains: []string{"telia.com", "gmail.com", "hotmail.se", "bredband.net"}},
}

// localeByCode returns the locale with the language code, or nil.
func localeByCode(code string) *locale {
	for _, l := range locales {
		if l.code == code {
			return l
		}
	}
	return nil
}

// postalCode returns a postal code in the country's format.
func (l *locale) postalCode(r *rand.Rand) string {
	switch l.country {
	case "NL":
		return fmt.Sprintf("%04d %s", 1000+r.IntN(9000), synth.FromSet(r, "ABCDEGHJKLMNPRSTVWXZ", 2))
	case "PL":
		return fmt.Sprintf("%02d-%03d", r.IntN(100), r.IntN(1000))
	case "GB":
		return pick(r, []string{"SW1A 1AA", "M1 1AE", "LS1 4AP", "BS1 4DJ", "NW1 6XE", "EC1A 1BB", "G2 3BZ", "CF10 1EP"})
	case "PT":
		return fmt.Sprintf("%04d-%03d", 1000+r.IntN(9000), r.IntN(1000))
	case "SE":
		return fmt.Sprintf("%03d %02d", 100+r.IntN(900), r.IntN(100))
	default:
		return fmt.Sprintf("%05d", 1000+r.IntN(98000))
	}
}

// street returns a street with house number.
func (l *locale) street(r *rand.Rand) string {
	no := fmt.Sprint(1 + r.IntN(180))
	if r.IntN(6) == 0 {
		no += pick(r, []string{"a", "b", "B", "/12", "/3"})
	}
	if l.streetFirst {
		return no + " " + pick(r, l.streets)
	}
	return pick(r, l.streets) + " " + no
}

// address returns a one-line postal address.
func (l *locale) address(r *rand.Rand) string {
	st, pc, city := l.street(r), l.postalCode(r), pick(r, l.cities)
	if l.country == "GB" {
		return st + ", " + city + " " + pc
	}
	return st + ", " + pc + " " + city
}

// person is a generated name.
type person struct {
	given, family string
	female        bool
}

func (p person) full() string { return p.given + " " + p.family }

func (l *locale) person(r *rand.Rand) person {
	return person{given: pick(r, l.given), family: pick(r, l.family), female: r.IntN(2) == 0}
}

// email returns an e-mail address for p.
func (l *locale) email(r *rand.Rand, p person) string {
	g := strings.ToLower(asciiFold.Replace(p.given))
	f := strings.ToLower(asciiFold.Replace(p.family))
	var local string
	switch r.IntN(7) {
	case 0:
		local = g + "." + f
	case 1:
		local = g[:1] + "." + f
	case 2:
		local = g + "_" + f
	case 3:
		local = f + "." + g + fmt.Sprint(r.IntN(100))
	case 4:
		local = g + "." + f + "+" + pick(r, []string{"shop", "news", "crm", "2019"})
	case 5:
		local = g + fmt.Sprint(1950+r.IntN(60))
	default:
		local = g[:1] + f
	}
	dom := pick(r, l.domains)
	if r.IntN(12) == 0 {
		dom = pick(r, []string{"mail.", "post.", "eu."}) + dom
	}
	s := local + "@" + dom
	if r.IntN(20) == 0 {
		s = strings.ToUpper(s)
	}
	return s
}

// obfuscateEmail returns a spelled-out address such as "anna [at] web [dot] de".
func obfuscateEmail(r *rand.Rand, email string) string {
	at := pick(r, []string{" [at] ", "(at)", " at ", " (at) ", "[@]", " @ "})
	dot := "."
	switch at {
	case " [at] ":
		dot = pick(r, []string{" [dot] ", "."})
	case " at ":
		dot = " dot "
	case " (at) ":
		dot = " (dot) "
	}
	local, dom, _ := strings.Cut(email, "@")
	return local + at + strings.ReplaceAll(dom, ".", dot)
}

// phone returns a phone number of country in one of its usual formats.
func phone(r *rand.Rand, country string) string {
	d := func(n int) string { return synth.Digits(r, n) }
	nz := func() string { return fmt.Sprint(1 + r.IntN(9)) }
	switch country {
	case "DE":
		area := pick(r, []string{"30", "40", "89", "221", "69", "711", "351", "6221"})
		mob := pick(r, []string{"151", "160", "170", "171", "176", "1520"})
		switch r.IntN(8) {
		case 0:
			return "+49 " + area + " " + nz() + d(6)
		case 1:
			return "+49 (0)" + area + " " + nz() + d(5)
		case 2:
			return "0" + area + " " + nz() + d(6)
		case 3:
			return "0" + area + "/" + nz() + d(5)
		case 4:
			return "0" + mob + " " + d(7)
		case 5:
			return "+49 " + mob + " " + d(3) + " " + d(4)
		case 6:
			return "0049 " + area + " " + nz() + d(5)
		default:
			return "+49" + mob + d(7)
		}
	case "FR":
		n := pick(r, []string{"1", "2", "3", "4", "5", "6", "7", "9"})
		p := n + " " + d(2) + " " + d(2) + " " + d(2) + " " + d(2)
		switch r.IntN(5) {
		case 0:
			return "+33 " + p
		case 1:
			return "0" + p
		case 2:
			return strings.ReplaceAll("0"+p, " ", ".")
		case 3:
			return "+33" + strings.ReplaceAll(p, " ", "")
		default:
			return "0033 " + p
		}
	case "NL":
		switch r.IntN(4) {
		case 0:
			return "+31 20 " + d(3) + " " + d(4)
		case 1:
			return "0" + pick(r, []string{"20", "10", "30", "70"}) + "-" + nz() + d(6)
		case 2:
			return "06-" + nz() + d(7)
		default:
			return "+31 6 " + nz() + d(7)
		}
	case "PL":
		m := pick(r, []string{"5", "6", "7", "8"}) + d(2)
		switch r.IntN(4) {
		case 0:
			return "+48 22 " + d(3) + " " + d(2) + " " + d(2)
		case 1:
			return "+48 " + m + " " + d(3) + " " + d(3)
		case 2:
			return m + "-" + d(3) + "-" + d(3)
		default:
			return "(22) " + d(3) + " " + d(2) + " " + d(2)
		}
	case "GB":
		switch r.IntN(5) {
		case 0:
			return "+44 20 7946 0" + d(3)
		case 1:
			return "020 7946 0" + d(3)
		case 2:
			return "07700 900" + d(3)
		case 3:
			return "+44 7700 900" + d(3)
		default:
			return "(0161) 496 0" + d(3)
		}
	case "US":
		a := pick(r, []string{"212", "415", "312", "617", "206"})
		switch r.IntN(4) {
		case 0:
			return "+1 (" + a + ") 555-01" + d(2)
		case 1:
			return "(" + a + ") 555-01" + d(2)
		case 2:
			return a + "-555-01" + d(2)
		default:
			return "+1 " + a + " 555 01" + d(2)
		}
	case "ES":
		switch r.IntN(4) {
		case 0:
			return "+34 6" + d(2) + " " + d(2) + " " + d(2) + " " + d(2)
		case 1:
			return "91" + d(1) + " " + d(3) + " " + d(3)
		case 2:
			return "+34 91 " + d(3) + " " + d(2) + " " + d(2)
		default:
			return "6" + d(2) + " " + d(3) + " " + d(3)
		}
	case "IT":
		switch r.IntN(4) {
		case 0:
			return "+39 06 " + d(4) + " " + d(4)
		case 1:
			return "06 " + d(8)
		case 2:
			return "+39 3" + d(2) + " " + d(3) + " " + d(4)
		default:
			return "3" + d(2) + " " + d(7)
		}
	case "PT":
		switch r.IntN(3) {
		case 0:
			return "+351 21 " + d(3) + " " + d(4)
		case 1:
			return "+351 9" + d(2) + " " + d(3) + " " + d(3)
		default:
			return "9" + d(2) + " " + d(3) + " " + d(3)
		}
	case "SE":
		switch r.IntN(4) {
		case 0:
			return "+46 8 " + d(3) + " " + d(3) + " " + d(2)
		case 1:
			return "08-" + d(3) + " " + d(3) + " " + d(2)
		case 2:
			return "070-" + d(3) + " " + d(2) + " " + d(2)
		default:
			return "+46 70 " + d(3) + " " + d(2) + " " + d(2)
		}
	case "AT":
		if r.IntN(2) == 0 {
			return "+43 1 " + d(3) + " " + d(2) + " " + d(2)
		}
		return "0664 " + d(7)
	case "CH":
		if r.IntN(2) == 0 {
			return "+41 44 " + d(3) + " " + d(2) + " " + d(2)
		}
		return "079 " + d(3) + " " + d(2) + " " + d(2)
	case "BE":
		if r.IntN(2) == 0 {
			return "+32 2 " + d(3) + " " + d(2) + " " + d(2)
		}
		return "0470 " + d(2) + " " + d(2) + " " + d(2)
	case "DK":
		if r.IntN(2) == 0 {
			return "+45 " + d(2) + " " + d(2) + " " + d(2) + " " + d(2)
		}
		return "+4532" + d(6)
	case "FI":
		if r.IntN(2) == 0 {
			return "+358 9 " + d(4) + " " + d(3)
		}
		return "040 " + d(3) + " " + d(4)
	default: // IE
		if r.IntN(2) == 0 {
			return "+353 1 " + d(3) + " " + d(4)
		}
		return "087 " + d(3) + " " + d(4)
	}
}

var phoneCountries = []string{"DE", "FR", "NL", "PL", "GB", "US", "ES", "IT", "PT", "SE", "AT", "CH", "BE", "DK", "FI", "IE"}

var monthNames = map[string][]string{
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// birthDate returns a date of birth in one of the mixed formats of a legacy
// CRM (ISO, German, French/British, US, spelled-out month).
func birthDate(r *rand.Rand, lang string) string {
	y, m, d := 1935+r.IntN(72), 1+r.IntN(12), 1+r.IntN(28)
	switch r.IntN(9) {
	case 0, 1:
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	case 2, 3:
		return fmt.Sprintf("%02d.%02d.%04d", d, m, y)
	case 4:
		return fmt.Sprintf("%02d/%02d/%04d", d, m, y)
	case 5:
		return fmt.Sprintf("%02d/%02d/%04d", m, d, y)
	case 6:
		return fmt.Sprintf("%d.%d.%02d", d, m, y%100)
	case 7:
		return fmt.Sprintf("%02d-%02d-%04d", d, m, y)
	default:
		switch lang {
		case "de":
			return fmt.Sprintf("%d. %s %d", d, monthNames["de"][m-1], y)
		case "fr":
			return fmt.Sprintf("%d %s %d", d, monthNames["fr"][m-1], y)
		case "en":
			return fmt.Sprintf("%s %d, %d", monthNames["en"][m-1], d, y)
		default:
			return fmt.Sprintf("%02d.%02d.%04d", d, m, y)
		}
	}
}

// ipv4 returns a dotted IPv4 address, public or private.
func ipv4(r *rand.Rand) string {
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("192.168.%d.%d", r.IntN(256), 1+r.IntN(254))
	case 1:
		return fmt.Sprintf("10.%d.%d.%d", r.IntN(256), r.IntN(256), 1+r.IntN(254))
	default:
		return fmt.Sprintf("%d.%d.%d.%d", 1+r.IntN(223), r.IntN(256), r.IntN(256), 1+r.IntN(254))
	}
}

// ipv6 returns an IPv6 address, full or compressed.
func ipv6(r *rand.Rand) string {
	h := func() string { return fmt.Sprintf("%x", r.IntN(0x10000)) }
	switch r.IntN(5) {
	case 0:
		return fmt.Sprintf("2001:0db8:%04x:%04x:%04x:%04x:%04x:%04x", r.IntN(0x10000), r.IntN(0x10000), r.IntN(0x10000), r.IntN(0x10000), r.IntN(0x10000), r.IntN(0x10000))
	case 1:
		return "2001:db8:" + h() + "::" + h() + ":" + h()
	case 2:
		return "fe80::" + h() + ":" + h() + ":" + h() + ":" + h()
	case 3:
		return "::ffff:" + ipv4(r)
	default:
		return "2a02:" + h() + ":" + h() + ":" + h() + "::" + h()
	}
}

// mac returns a MAC address in colon, dash or Cisco dot notation.
func mac(r *rand.Rand) string {
	b := make([]int, 6)
	for i := range b {
		b[i] = r.IntN(256)
	}
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("%02X:%02X:%02X:%02X:%02X:%02X", b[0], b[1], b[2], b[3], b[4], b[5])
	case 1:
		return fmt.Sprintf("%02x-%02x-%02x-%02x-%02x-%02x", b[0], b[1], b[2], b[3], b[4], b[5])
	case 2:
		return fmt.Sprintf("%02x%02x.%02x%02x.%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5])
	default:
		return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5])
	}
}

// coordinates returns a latitude/longitude pair in Europe.
func coordinates(r *rand.Rand) string {
	lat := 36 + r.Float64()*24
	lon := -9 + r.Float64()*33
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("%.6f, %.6f", lat, lon)
	case 1:
		return fmt.Sprintf("%.5f,%.5f", lat, lon)
	default:
		ew := "E"
		if lon < 0 {
			lon, ew = -lon, "W"
		}
		return fmt.Sprintf("%.4f° N, %.4f° %s", lat, lon, ew)
	}
}
