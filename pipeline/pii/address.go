package pii

// Street addresses ("Hauptstraße 5", "12 rue de la Paix", "Am Markt 3") and BICs.

import "strings"

// houseNumberAfter returns the end of a house number ("12", "12a", "12-14",
// "5/2", with a Polish flat "47a/50") after p (which may start with '.', ','
// and one space, or a full stop alone: "HAUPTSTR.5"), or 0.
func houseNumberAfter(v string, p int) int {
	if at(v, p) == '.' && isDigit(at(v, p+1)) {
		p++ // an abbreviation with its number glued on
	} else {
		if at(v, p) == '.' {
			p++
		}
		if at(v, p) == ',' {
			p++
		}
		if at(v, p) != ' ' {
			return 0
		}
		p++
	}
	s := p
	for p < len(v) && isDigit(v[p]) && p-s < 5 {
		p++
	}
	if p == s || p-s > 4 {
		return 0
	}
	if v[s] == '0' && p-s > 1 && (at(v, p) == ' ' || at(v, p) == '/' || at(v, p) == '-') && isDigit(at(v, p+1)) && !townPostcodeAt(v, p) {
		// "place \ufffdtienne 06 12 34 56 78", "Am Markt 030 1234567": a
		// phone number's trunk prefix, no house number; one that more
		// digits do not follow, or only a postcode and its town, is a
		// house number written with a zero ("Am Markt 05, 53111 Bonn",
		// "Am Markt 05 53111 Bonn")
		return 0
	}
	if (at(v, p) == '-' || at(v, p) == '/') && isDigit(at(v, p+1)) {
		p++
		for p < len(v) && isDigit(v[p]) {
			p++
		}
	}
	if isASCIILetter(at(v, p)) && !isASCIILetter(at(v, p+1)) {
		p++
		if at(v, p) == '/' && isDigit(at(v, p+1)) {
			for p++; p < len(v) && isDigit(v[p]); p++ {
			}
		}
	} else if e := numberSuffix(v, p); e > p {
		p = e
	} else if at(v, p) == '-' && isUpper(at(v, p+1)) {
		// a Dutch floor: "Vijverhof 156-I", "Kerkstraat 12-III"
		e := wordEnd(v, p+1)
		if m := romanMonth(v[p+1 : e]); m > 0 && m <= 4 {
			p = e
		}
	}
	if isAlnum(at(v, p)) {
		return 0
	}
	return boxAfter(v, p)
}

// townPostcodeAt reports a space, a postcode of four or five digits and a
// capitalised town at p: " 53111 Bonn".
func townPostcodeAt(v string, p int) bool {
	if at(v, p) != ' ' {
		return false
	}
	n := 0
	for isDigit(at(v, p+1+n)) {
		n++
	}
	return (n == 4 || n == 5) && at(v, p+1+n) == ' ' && isUpperAt(v, p+2+n)
}

// postcodeAfter reports a house number and then a postal code after the
// street word ending at j: "Goethering 5, 63067 Offenbach", "Kastanjering
// 4 1234 AB", "Wiejska 80/111 50-001".
func postcodeAfter(v string, j int) bool { return postcodeTownAfter(v, j, false) }

// postcodeTownAfter is postcodeAfter, with a town in lower case too where
// lower is true ("heidestr 17, 51147 köln").
func postcodeTownAfter(v string, j int, lower bool) bool {
	p := houseNumberAfter(v, j)
	if p == 0 {
		return false
	}
	if at(v, p) == ',' {
		p++
	} else if lower {
		return false // in lower case only as an address line: "heidestr 17, 51147 köln", not "ordering 2 1000 pieces"
	}
	if at(v, p) != ' ' {
		return false
	}
	p++
	n := 0
	for isDigit(at(v, p+n)) {
		n++
	}
	if n == 2 && at(v, p+2) == '-' && isDigit(at(v, p+3)) && isDigit(at(v, p+4)) && isDigit(at(v, p+5)) {
		return !isDigit(at(v, p+6)) // a Polish postcode
	}
	return (n == 4 || n == 5) && at(v, p+n) == ' ' && (isUpperAt(v, p+n+1) || lower && p+n+1 < len(v) && letterLen(v, p+n+1) > 0) || n == 4 && isUpper(at(v, p+n))
}

// numberSuffix returns the end of "bis", "ter" or "quater" glued to a
// house number at p ("12bis", "47BIS"), or p.
func numberSuffix(v string, p int) int {
	for _, w := range [...]string{"bis", "ter", "quater"} {
		if hasAt(v, p, w) && !isASCIILetter(at(v, p+len(w))) {
			return p + len(w)
		}
	}
	return p
}

// boxAfter returns the end of a Belgian box or a Polish flat number after
// the house number ending at p ("Avenue Louise 13 bte 12", "Kapelstraat
// 36 bus 11", "Rue Haute 75 b2", "boîte 3", "ul. Wąska 145 m. 46",
// "Reymonta 158 lok. 16"), or p: it is part of the address.
func boxAfter(v string, p int) int {
	if at(v, p) != ' ' {
		return p
	}
	q := p + 1
	switch {
	case hasAt(v, q, "boîte"):
		q += len("boîte")
	case hasAt(v, q, "boite"):
		q += len("boite")
	case hasAt(v, q, "bte"), hasAt(v, q, "bus"), hasAt(v, q, "lok"):
		q += 3
	case at(v, q)|0x20 == 'b' && isDigit(at(v, q+1)):
		q++
	case at(v, q) == 'm' && (at(v, q+1) == '.' || at(v, q+1) == ' '):
		q++ // a Polish flat: "ul. Wąska 145 m. 46"
	default:
		return p
	}
	if at(v, q) == '.' {
		q++
	}
	if at(v, q) == ' ' {
		q++
	}
	s := q
	for q < len(v) && isDigit(v[q]) && q-s < 4 {
		q++
	}
	if q == s || isAlnum(at(v, q)) {
		return p
	}
	return q
}

// houseNumberBefore returns the start of a house number ending just before
// s (followed by a space or ", "), or -1.
func houseNumberBefore(v string, s int) int {
	p := s - 1
	if at(v, p) != ' ' {
		return -1
	}
	p--
	if at(v, p) == ',' {
		p--
	}
	if isASCIILetter(at(v, p)) && isDigit(at(v, p-1)) {
		p--
	} else if p >= 3 && (hasAt(v, p-2, "bis") || hasAt(v, p-2, "ter")) {
		q := p - 3 // "45bis rte de Paris"
		if at(v, q) == ' ' {
			q-- // "106 bis avenue de la République"
		}
		if isDigit(at(v, q)) {
			p = q
		}
	}
	e := p + 1
	for p >= 0 && isDigit(v[p]) && e-p <= 4 {
		p--
	}
	if p+1 == e || (p >= 0 && isAlnum(v[p])) {
		return -1
	}
	return p + 1
}

// unitWords name a flat, a building or a residence written before the
// street and its house number ("Apt 43, 47 avenue ...", "Flat 3, 12 High
// Street"), lower-cased, without their dot.
var unitWords = map[string]bool{
	"apt": true, "appt": true, "appart": true, "appartement": true,
	"bât": true, "bat": true, "bâtiment": true, "batiment": true,
	"rés": true, "res": true, "résidence": true, "residence": true,
	"esc": true, "escalier": true, "logement": true,
	"flat": true, "apartment": true, "unit": true, "suite": true,
}

// unitArticles may begin a residence's name in lower case ("Résidence les
// Lilas").
var unitArticles = map[string]bool{"le": true, "la": true, "les": true, "du": true, "des": true, "de": true}

// unitBefore returns where the flats, buildings and residences named
// before a street address starting at s begin, or s. Each is a unit word,
// its number or letter or a name of up to three capitalised words, and a
// comma just before what follows: "Apt 43, ", "Bât. B, Rés. Les Lilas, ".
func unitBefore(v string, s int) int {
	for k := 0; k < 3 && s >= 2 && v[s-2:s] == ", "; k++ {
		u := unitStart(v, s-2)
		if u < 0 {
			break
		}
		s = u
	}
	return s
}

// unitStart returns the start of the unit word whose number or name ends
// at e, or -1.
func unitStart(v string, e int) int {
	p := e
	for words := 0; ; words++ {
		q := p
		for l := letterBefore(v, q); l > 0 || isDigit(at(v, q-1)); l = letterBefore(v, q) {
			if l == 0 {
				l = 1
			}
			q -= l
		}
		if q == p || words > 3 {
			return -1
		}
		w := strings.ToLower(v[q:p])
		if unitWords[w] && words > 0 {
			return q
		}
		name := v[q:p]
		if words == 0 && !(isDigit(name[0]) && len(name) <= 5 || isUpperAt(name, 0) && len(name) <= maxWord) || words > 0 && !isUpperAt(name, 0) && !unitArticles[name] {
			return -1 // "43", "B", "12b", "Glycines"; "Les Lilas", "les Lilas"
		}
		p = q
		if words == 0 && isDigit(name[0]) {
			p = numberSignBefore(v, p) // "Apt #4", "Appt n° 14"
		}
		if at(v, p-1) == '.' && words == 0 {
			return -1
		}
		if at(v, p-1) != ' ' {
			return -1
		}
		p--
		if at(v, p-1) == '.' {
			p-- // "Bât. B", "Rés. Les Lilas"
		}
	}
}

// numberSignBefore returns where the sign before the number at p starts,
// "#" against it or "n°", "no", "nr" and a blank before it, or p.
func numberSignBefore(v string, p int) int {
	if at(v, p-1) == '#' {
		return p - 1
	}
	if at(v, p-1) != ' ' {
		return p
	}
	for _, sign := range []string{"n°", "N°", "no.", "No.", "nr.", "Nr.", "no", "No", "nr", "Nr"} {
		if s := p - 1 - len(sign); s >= 0 && v[s:p-1] == sign {
			return s
		}
	}
	return p
}

// aloneHouseNumber reports whether the number before the word at i is a
// house number standing alone: one to three digits (a letter or bis/ter
// may follow), with no number written right before it ("12.05.1985",
// "0712 1981 2874", "2021" are not).
func aloneHouseNumber(v string, i int) bool {
	s := houseNumberBefore(v, i)
	if s < 0 {
		return false
	}
	n := 0
	for isDigit(at(v, s+n)) {
		n++
	}
	if n == 0 || n > 3 {
		return false
	}
	switch at(v, s-1) {
	case '.', '-', '/', ':':
		return false // the end of a date, a time, a code: "12.05.1985"
	}
	p := s - 1
	for p >= 0 && (v[p] == ' ' || v[p] == ',') {
		p--
	}
	return p < 0 || !isDigit(v[p]) // not the last group of a number: "0712 1981 2874"
}

// frenchPostcodeAfter reports a French postcode after the street name that
// begins at q: up to four words, then five digits ("Pasteur 44000",
// "Victor Hugo, 93200").
func frenchPostcodeAfter(v string, q int) bool {
	for k := 0; k < 5; k++ {
		if at(v, q) == ',' {
			q++
		}
		for at(v, q) == ' ' {
			q++
		}
		n := 0
		for isDigit(at(v, q+n)) {
			n++
		}
		if n > 0 {
			return n == 5 && !isAlnum(at(v, q+5))
		}
		e := lowerWordEnd(v, q)
		if e == q {
			return false
		}
		q = e
	}
	return false
}

// streetPrefix handles "12 rue de la Paix", "ul. Marszałkowska 12", "Via Roma 5".
func (sc *scan) streetPrefix(i, j int) int {
	v := sc.v
	if j-i == 2 && at(v, j) == '-' && strings.EqualFold(v[i:j], "al") {
		return 0 // "Al-Baghdadi": the Arabic article, not Polish "al." (aleja)
	}
	start := i
	if s := houseNumberBefore(v, i); s >= 0 {
		start = sc.widenTo(unitBefore(v, s), s)
	}
	if numberedPrefix(v, i, j) && (start == i || isUpper(v[i])) {
		// "71 square Montholon", "3 faubourg Saint-Antoine": these types
		// are streets after a house number, in lower case ("500 Square
		// Feet", "le sentier GR 20", "Hameau de Noël" are not)
		return 0
	}
	plain := plainWordPrefix(v, i, j)
	if plain && start == i && (!isUpper(v[i]) || frenchPrefix(v, i, j)) {
		// "a largo plazo", "de camino Juan García", "en cours
		// Chronopost 3", "Promenade Deck 7": these types are words as
		// often, streets in lower case, and the French ones at all, only
		// after a house number ("15 cours Mirabeau", "3 voie Romaine")
		return 0
	}
	named := false
	if !plain && start == i && isUpperAt(v, i) && sc.capEnd == i-1 && i > 0 && v[i-1] == ' ' && sc.capStart >= 0 && sc.capStart >= i-12 {
		start, named = sc.capStart, true // "Gran Vía", "Grand Rue"
	}
	p := j
	if at(v, p) == '.' {
		p++
	}
	end, caps := p, 0
	for k := 0; k < 5; k++ {
		if at(v, p) != ' ' {
			break
		}
		q := p + 1
		if e := streetName(v, q); e > q {
			end, p = e, e
			caps++
			continue
		}
		e := wordEnd(v, q)
		if e == q || e-q > 4 {
			break
		}
		if wi, ok := lookupWord(v, q, e); !ok || wi.flags&wParticle == 0 {
			// l', d' and friends, written against the next word:
			// "Rue de l'Église"
			if !(e-q == 1 && at(v, e) == '\'') {
				break
			}
			e++
			if ne := streetName(v, e); ne > e {
				end, p = ne, ne
				caps++
				continue
			}
		}
		p = e
	}
	if caps == 0 && !named {
		return 0
	}
	score := 0.6
	if e := houseNumberAfter(v, end); e > 0 {
		end = e
		score = 0.85
	} else if start < i {
		score = 0.85
	} else if plain {
		return 0 // a house number or none: "Largo do Chiado 4", not "la ronda Final", "Cliente Estrada Ruiz"
	} else if v[i:j] == "via" && !(i >= 3 && v[i-3:i] == "in ") {
		// English and German prose: "shipped via DHL", "dispatched via
		// Royal Mail", "via E-Mail"; without a house number, only Italian
		// "in via Roma" is a street
		return 0
	}
	sc.dropFrom(start)
	sc.add(dStreet, Street, start, end, score)
	sc.last[ctxAddress] = end
	sc.capStart, sc.capEnd = none, none
	return end
}

// streetName returns the end of a street's name word at q: a capitalised
// word (nameWord), or, after a street type, one whose first letter was lost
// in decoding ("ul. \ufffdwi\ufffdtokrzyska 5", "rue de l'\ufffdglise"): there
// the lost letter was a capital, as a listed name's is (lostInitial) but
// the street need not be listed. q if there is neither.
func streetName(v string, q int) int {
	if e := nameWord(v, q); e > q {
		return e
	}
	l := lostAt(v, q)
	if l == 0 || l == 1 && notLetterByte(v[q]) || letterBefore(v, q) > 0 || lostBefore(v, q) > 0 {
		return q // not a byte that stood for a dash or a quote: "Am \x96lberg"
	}
	e := wordEnd(v, q)
	if e <= q+l {
		return q
	}
	return nameTail(v, q, e) // "rue \ufffdtienne-Marcel"
}

// streetWeak handles German street names that start with a preposition and
// end with a house number: "Am Markt 3", "An der Alster 12", "Zur Linde 4a".
func (sc *scan) streetWeak(i, j int) int {
	v := sc.v
	p := j
	caps := 0
	for k := 0; k < 3; k++ {
		if at(v, p) != ' ' {
			break
		}
		q := p + 1
		e := streetName(v, q)
		if e == q {
			e = wordEnd(v, q)
			if wi, ok := lookupWord(v, q, e); e == q || !ok || wi.flags&wStop == 0 || caps > 0 {
				break // only an article (der, dem) may come before the name
			}
			p = e
			continue
		}
		if wi, ok := lookupWord(v, q, e); ok && (wi.flags&(wStop|wMonth|wSalut) != 0 || wi.ctx != 0) {
			return 0
		}
		caps++
		p = e
	}
	if caps == 0 {
		return 0
	}
	end := houseNumberAfter(v, p)
	if end == 0 || (isDigit(at(v, p+1)) && isDigit(at(v, p+2)) && isDigit(at(v, p+3)) && isDigit(at(v, p+4))) {
		return 0 // no house number, or a four-digit one: "Im Jahr 2023"
	}
	sc.dropFrom(i)
	sc.add(dStreet, Street, i, end, 0.8)
	sc.last[ctxAddress] = end
	sc.capStart, sc.capEnd = none, none
	return end
}

// streetSuffix handles "Hauptstraße 5", "Berliner Str. 12", "221B Baker Street".
func (sc *scan) streetSuffix(i, j int, compound bool) int {
	v := sc.v
	if at(v, j) == '-' && isAlnum(at(v, j+1)) && j-i <= 3 && isUpper(v[i]) && isUpper(v[j-1]) {
		return 0 // a code: "SKU-LN-96172", "PRD-ST-4410" (not "Baker Street-North")
	}
	start := i
	if h := hyphenedNameBefore(v, i); h < i {
		start = h // "Konrad-Adenauer-Straße", "Willy-Brandt-Str.": a street named after a person
	} else if sc.capEnd == i-1 && i > 0 && v[i-1] == ' ' && sc.capStart >= 0 {
		start = sc.capStart
	} else if g := givenNameBefore(v, i); g >= 0 && !sc.nameRunsInto(g, i-1) {
		start = sc.widenTo(g, i) // "Frederik Hendriklaan 5", "Barbary Lane": the given name the name finder took
	} else if !compound {
		return 0
	} else if c := capitalsBeforeParticles(v, sc.particlesBefore(i), i); c >= 0 {
		start = sc.widenTo(c, i) // "Burgemeester de Withstraat", "Graaf van Solmsweg"
	}
	score := 0.5
	end := j
	if e := houseNumberAfter(v, j); e > 0 && compound && unitAt(v, e) {
		return 0 // "Dichtring 12 Stück": a thing and how many
	} else if e > 0 {
		end, score = e, 0.85
	} else if at(v, j) == '.' {
		end = j + 1
	}
	if s := houseNumberBefore(v, start); s >= 0 {
		start, score = sc.widenTo(unitBefore(v, s), s), 0.85
	} else if britishSuffix(v, i, j) && !sc.addressNear(start) && givenNameBefore(v, i) < 0 {
		// "9 Orchard Row", "2 Station Approach": British streets of these
		// types have their number first; "Header Row 2", "Agile Approach
		// 2", "Pride Parade 2025" are a table's row, a method, a parade.
		// After a given name it is a street's or a family name: masked
		// either way ("Peter Row called").
		return 0
	}
	sc.dropFrom(start)
	sc.add(dStreet, Street, start, end, score)
	sc.last[ctxAddress] = end
	sc.capStart, sc.capEnd = none, none
	return end
}

// britishSuffix reports whether v[i:j] is a British street type that is
// as often a word (a table's row, a method, a parade), a street only after
// its house number or beside an address's word.
func britishSuffix(v string, i, j int) bool {
	var buf [maxWord]byte // folded without an allocation: these run for every street type and title
	switch string(buf[:max(foldWord(v, i, j, &buf), 0)]) {
	case "row", "mews", "approach", "parade":
		return true
	}
	return false
}

// streetTitles are the titles Dutch streets named after a person begin
// with, before the particles of the name ("Burgemeester de Withstraat").
var streetTitles = map[string]bool{
	"Burgemeester": true, "Graaf": true, "Gravin": true, "Prins": true, "Prinses": true, "Koning": true,
	"Koningin": true, "Dokter": true, "Pastoor": true, "Kardinaal": true, "Generaal": true, "Kapitein": true,
	"Admiraal": true, "Meester": true, "Professor": true, "Sint": true, "Jonkheer": true, "Hertog": true,
	"Baron": true, "Dominee": true, "Pater": true, "Broeder": true, "Zuster": true, "Wethouder": true,
}

// nameRunsInto reports a name found from s or before up to e: a person's
// name whose last word the street would otherwise take ("Olivia Thomas
// Hauptstraße 111", "dhr Martín Kungsgatan 74"); a given name alone, with
// its low score, is the street's.
func (sc *scan) nameRunsInto(s, e int) bool {
	for k := sc.base; k < len(sc.dst); k++ {
		if f := sc.dst[k]; f.Category == Name && f.Start <= s && f.End == e {
			return true
		}
	}
	return false
}

// givenNameBefore returns the start of a listed given name written right
// before the street word at i ("Frederik Hendriklaan", "Willem
// Barentszstraat", "Anna Road"), or -1.
func givenNameBefore(v string, i int) int {
	if at(v, i-1) != ' ' {
		return -1
	}
	b := lettersStart(v, i-1)
	if b == i-1 || !isUpperAt(v, b) || b > 0 && isAlnum(v[b-1]) {
		return -1
	}
	if wi, ok := lookupNameWord(v, b, i-1); !ok || wi.flags&wGiven == 0 || wi.flags&wStop != 0 || wi.ctx != 0 {
		return -1
	}
	return b
}

// capitalsBeforeParticles returns the start of up to two titles or given
// names before the lower-case particles v[s:i] of a street's name
// ("Burgemeester de With", "Graaf van Solms", "Pieter de Hooch"), or -1
// when there are no particles or neither before them.
func capitalsBeforeParticles(v string, s, i int) int {
	if s == i {
		return -1
	}
	start := -1
	for k := 0; k < 2 && at(v, s-1) == ' '; k++ {
		e := s - 1
		abbr := at(v, e-1) == '.' // "Burg. de Withstraat", "Dr. van Welylaan"
		if abbr {
			e--
		}
		b := lettersStart(v, e)
		if b == e || !isUpperAt(v, b) || b > 0 && !(v[b-1] == ' ' || v[b-1] == ',' || v[b-1] == ':' || v[b-1] == '\n') {
			break
		}
		if abbr {
			if !streetTitleAbbrs[v[b:e]] {
				break
			}
		} else if wi, ok := lookupWord(v, b, e); !streetTitles[v[b:e]] && !(ok && wi.flags&wGiven != 0 && wi.flags&wStop == 0 && wi.ctx == 0) {
			break // "Naar de Kerkstraat", "Adres de Kerkstraat"
		}
		start, s = b, b
	}
	return start
}

// streetTitleAbbrs are streetTitles as street signs abbreviate them, with
// a full stop ("Burg. de Withstraat").
var streetTitleAbbrs = map[string]bool{"Burg": true, "Dr": true, "Mr": true, "Prof": true, "Gen": true, "Kapt": true, "Past": true, "St": true, "Pr": true}

// hyphenedNameBefore returns where the capitalised words joined to v[i:]
// by hyphens start ("Konrad-Adenauer-" before "Straße"), i when there are
// none.
func hyphenedNameBefore(v string, i int) int {
	start := i
	for at(v, start-1) == '-' {
		e := start - 1
		s := lettersStart(v, e)
		if s == e || !isUpperAt(v, s) {
			break
		}
		start = s
	}
	return start
}

// poBox handles a post office box: "Postfach 12 34 56", "Postbus 1234",
// "BP 123", "PO Box 45", "skrytka pocztowa 12". The box's number locates
// its holder as a street address does. It returns the end, or 0.
func (sc *scan) poBox(i, j int) int {
	v := sc.v
	p := j
	french := false // BP and CS are other things too: a postal code must follow
	switch {
	case j-i == 8 && (hasAt(v, i, "postfach")), j-i == 7 && hasAt(v, i, "postbus"), j-i == 11 && hasAt(v, i, "packstation"):
	case j-i == 2 && (v[i:j] == "BP" || v[i:j] == "CS"):
		french = true
	case j-i == 2 && hasAt(v, i, "po") && hasAt(v, j, " box"):
		p = j + 4
	case j-i == 1 && hasAt(v, i, "p") && hasAt(v, j, ".o. box"):
		p = j + 7
	case j-i == 7 && hasAt(v, i, "skrytka") && hasAt(v, j, " pocztowa"):
		p = j + 9
	default:
		return 0
	}
	if at(v, p) != ' ' || !isDigit(at(v, p+1)) {
		return 0
	}
	e, digits := p+1, 0
	for e < len(v) && digits < 8 && (isDigit(v[e]) || v[e] == ' ' && isDigit(at(v, e+1)) && digits > 0 && digits%2 == 0) {
		if isDigit(v[e]) {
			digits++
		}
		e++
	}
	if digits == 0 || isAlnum(at(v, e)) {
		return 0
	}
	if french {
		q := e
		for q < len(v) && q-e < 3 && (v[q] == ' ' || v[q] == ',' || v[q] == '-') {
			q++
		}
		if !isDigit(at(v, q)) {
			return 0 // "BP 2 Stück"
		}
	}
	sc.dropFrom(i)
	sc.add(dStreet, Street, i, e, 0.85)
	sc.last[ctxAddress] = e
	return e
}

// bic reports a BIC/SWIFT code at v[i:j] when a context word announces it.
func (sc *scan) bic(i, j int) {
	v := sc.v
	if !sc.ctx(ctxBIC, i) {
		return
	}
	for k := i; k < j; k++ {
		if !isUpper(v[k]) && !(k >= i+6 && isDigit(v[k])) {
			return
		}
	}
	if ibanLen[int(v[i+4]-'A')*26+int(v[i+5]-'A')] == 0 {
		return
	}
	sc.add(dBIC, Financial, i, j, 0.85)
}

// streetBefore returns the start of a street written without a street type
// right before a postcode at s: one to three capitalised words and a house
// number ("Wiejska 80/111, 50-001 Wrocław", "Markt 233, 1015 WD Amsterdam",
// "Lange Voorhout 155\n5211 AK"), or -1. Polish and Dutch addresses often
// name the street alone; addPostal calls it once a town follows the
// postcode. Capitalised words and a number before a postcode are as often
// business text ("Paletten 3, 80331 München"), so the words count only in
// an address's context (addr), or as a Polish street's adjective
// ("Wiejska"), or as a street named after a date ("3 Maja 127/79"; dated
// is then true).
func streetBefore(v string, s int, addr bool) (start int, dated bool) {
	p := s
	for p > 0 && s-p < 4 && (v[p-1] == ' ' || v[p-1] == ',' || v[p-1] == '\n' || v[p-1] == '\r' || v[p-1] == '\t') {
		p--
	}
	e := p
	for p > 0 && (isAlnum(v[p-1]) || v[p-1] == '/' || v[p-1] == '-') && e-p < 10 {
		p--
	}
	if p == e || e == s || !houseNumber(v[p:e]) || at(v, p-1) != ' ' {
		return -1, false
	}
	// "Jungfernstieg 7, 20354 Hamburg": an address line as written, a
	// house number of three digits at most and a comma before the
	// postcode, counts without an address's context when its word is
	// none the dictionary knows (a leak hunt found the street raw)
	line := strings.IndexByte(v[e:s], ',') >= 0 && (e-p < 4 || !isDigit(v[p+3])) &&
		!prevWordIs(v, p, siteWords...) && !prevWordIs(v, p, countWords...) // not "Zimmer 3", "Kartons 4" (a review)
	start = -1
	for q, k := p-1, 0; k < 3; k++ {
		ws := q
		for ws > 0 && (isASCIILetter(v[ws-1]) || v[ws-1] >= 0x80 || v[ws-1] == '-') {
			ws--
		}
		if ws == q || nameWord(v, ws) != q {
			break // not one capitalised word
		}
		wi, ok := lookupWord(v, ws, q)
		if ok && wi.flags&wMonth != 0 {
			// "3 Maja 127/79", "11 Listopada 5": Polish streets named
			// after a date, with a house number that is no year ("geb.
			// 3 Mai 1985, 10115 Berlin" is a birth date)
			if d := ws - 1; at(v, d) == ' ' && isDigit(at(v, d-1)) && !isDigit(at(v, p+3)) {
				d--
				for d > 0 && isDigit(v[d-1]) && ws-d < 4 {
					d--
				}
				if d == 0 || v[d-1] == ' ' || v[d-1] == ':' || v[d-1] == ',' || v[d-1] == '\n' {
					return d, true
				}
			}
			break
		}
		if ok && wi.ctx&(1<<ctxOrder) != 0 {
			// "Rechnung 12", "Bestellung Nord 3": an order's number. A
			// site's ("Filiale 3") may be a street's ("Markt 233"): the
			// postcode and town are masked either way.
			return -1, false
		}
		if ok && (wi.flags&(wStop|wSalut) != 0 || wi.ctx != 0) {
			break // "Herr", "Adres:": no street's name
		}
		if k == 0 && !addr && !polishStreetWord(v[ws:q]) && (!line || ok) {
			return -1, false
		}
		start = ws
		if ws < 2 || v[ws-1] != ' ' {
			break
		}
		q = ws - 1
	}
	return start, false
}

// countWords name what a number counts, not a street: "Kartons 4, 10115
// Berlin", "Stück 200", "Salle 3".
var countWords = []string{"stück", "stueck", "stk", "karton", "kartons", "palette", "paletten", "europaletten", "pallet",
	"pallets", "pieces", "pcs", "units", "boxes", "colis", "pièces", "stuks", "dozen", "sztuk", "szt", "salle", "sala",
	"windows", "version", "los", "tisch", "table"}

// polishStreetWord reports the adjective most Polish streets are named by
// ("Wiejska", "Zręczycka", "Ogrodowa", "Piłsudskiego"); not "-zka", which
// nouns end in as often ("Paczka 12", a parcel).
func polishStreetWord(w string) bool {
	for _, end := range [...]string{"ska", "cka", "owa", "skiego", "ckiego"} {
		if len(w) > len(end)+2 && strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

// houseNumber reports whether s is a house number as streets without a type
// have them: up to four digits, a letter, a flat or a part after a slash or
// dash ("80", "80a", "80/111", "47a/50", "156-I").
func houseNumber(s string) bool {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == 0 || i > 4 || s[0] == '0' {
		return false
	}
	if i < len(s) && isASCIILetter(s[i]) {
		i++
	}
	if i == len(s) {
		return true
	}
	if s[i] != '/' && s[i] != '-' || i+1 == len(s) {
		return false
	}
	rest := s[i+1:]
	if romanMonth(rest) > 0 {
		return true // "156-I", "12-III": a floor
	}
	j := 0
	for j < len(rest) && isDigit(rest[j]) {
		j++
	}
	if j > 0 && j < len(rest) && isASCIILetter(rest[j]) {
		j++
	}
	return j > 0 && j == len(rest) && j <= 5
}

// plainWordPrefix reports whether v[i:j] is a street type that is as often
// a plain word or a family name: Spanish "a largo plazo", "de camino",
// "la ronda Final", "por carretera", Portuguese "na estrada", "calçada",
// Italian "in strada", French "en cours", "par voie", "Promenade Deck 7",
// "Carlos Estrada". Such a type makes a street only with a house number,
// and in lower case only after one (see frenchPrefix).
func plainWordPrefix(v string, i, j int) bool {
	var buf [maxWord]byte // folded without an allocation: these run for every street type and title
	switch string(buf[:max(foldWord(v, i, j, &buf), 0)]) {
	case "largo", "ronda", "camino", "carretera", "estrada", "alameda", "calçada", "travesía", "strada":
		return true
	}
	return frenchPrefix(v, i, j)
}

// frenchPrefix reports whether v[i:j] is a plain word's street type French
// writes after the house number, in lower or upper case ("15 cours
// Mirabeau", "3 voie Romaine", "15 Promenade des Anglais").
func frenchPrefix(v string, i, j int) bool {
	var buf [maxWord]byte // folded without an allocation: these run for every street type and title
	switch string(buf[:max(foldWord(v, i, j, &buf), 0)]) {
	case "cours", "voie", "promenade":
		return true
	}
	return false
}

// numberedPrefix reports whether v[i:j] is a street type that counts only
// after a house number (see streetPrefix).
func numberedPrefix(v string, i, j int) bool {
	var buf [maxWord]byte // folded without an allocation: these run for every street type and title
	switch string(buf[:max(foldWord(v, i, j, &buf), 0)]) {
	case "square", "faubourg", "hameau", "ruelle", "sentier", "esplanade", "lotissement":
		return true
	}
	return false
}
