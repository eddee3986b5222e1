package pii

// Street addresses ("Hauptstraße 5", "12 rue de la Paix", "Am Markt 3") and BICs.

import "strings"

// houseNumberAfter returns the end of a house number ("12", "12a", "12-14",
// "5/2", with a Polish flat "47a/50") after p (which may start with '.', ','
// and one space, or a full stop alone: "HAUPTSTR.5"; "Nr." may come
// before the digits), or 0. What may follow the number (numberTail, the
// boxes of boxAfter, the floors of floorAfter) is part of it.
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
	if !isDigit(at(v, p)) {
		// "Hauptstraße Nr. 5", "Hauptstr. Nr.5"; most words after a
		// capitalised one have no number (this runs for each)
		if at(v, p)|0x20 != 'n' || at(v, p+1)|0x20 != 'r' || at(v, p+2) != '.' && at(v, p+2) != ' ' {
			return 0
		}
		p += 2
		if at(v, p) == '.' {
			p++
		}
		if at(v, p) == ' ' {
			p++
		}
	}
	s := p
	for p < len(v) && isDigit(v[p]) && p-s < 5 {
		p++
	}
	if p == s || p-s > 4 || clockOrDateAt(v, p) {
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
	if (at(v, p) == '-' || at(v, p) == '/' && !gluedPostcodeAt(v, p)) && isDigit(at(v, p+1)) {
		p++
		for p < len(v) && isDigit(v[p]) {
			p++
		}
		if at(v, p) == '/' && isDigit(at(v, p+1)) && !isDigit(at(v, p+4)) {
			// an Austrian staircase and door: "Thaliastraße 85/4/12"
			for p++; p < len(v) && isDigit(v[p]); p++ {
			}
		}
	}
	if at(v, p) == '/' && isASCIILetter(at(v, p+1)) && !isAlnum(at(v, p+2)) {
		p++ // an Italian interior letter: "via Roma 12/A"
	}
	if isASCIILetter(at(v, p)) && !isASCIILetter(at(v, p+1)) {
		p++
		if at(v, p) == '/' && isDigit(at(v, p+1)) {
			for p++; p < len(v) && isDigit(v[p]); p++ {
			}
		}
	} else if e := numberSuffix(v, p); e > p {
		p = e
	} else if e := numberSuffix(v, p+1); at(v, p) == '-' && e > p+1 {
		p = e // "Prinsengracht 263-hs", "12-bis"
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
	p = numberTail(v, p)
	for k := 0; k < 3; k++ {
		e := boxAfter(v, p)
		if e == p {
			e = floorAfter(v, p)
		}
		if e == p {
			break
		}
		p = e
	}
	return p
}

// clockOrDateAt reports ":dd" or ".dd." at p, after a number: the number
// is an hour ("Shuttle ab Alexanderplatz 17:30") or a date's day
// ("Aufbau Domplatz 16.04.2025"), not a house number.
func clockOrDateAt(v string, p int) bool {
	c := at(v, p)
	return (c == ':' || c == '.' && at(v, p+3) == '.') && isDigit(at(v, p+1)) && isDigit(at(v, p+2))
}

// gluedPostcodeAt reports a comma or a slash at p with a postcode against
// it and a capitalised town after a blank: ",04109 Leipzig", "/50968
// Köln", ",00-001 Warszawa", ",1012 AB Amsterdam". After a house number
// it ends the street, which the postcode and town join (number).
func gluedPostcodeAt(v string, p int) bool {
	if c := at(v, p); c != ',' && c != '/' {
		return false
	}
	q := p + 1
	n := 0
	for isDigit(at(v, q+n)) {
		n++
	}
	switch {
	case n == 2 && at(v, q+2) == '-' && isDigit(at(v, q+3)) && isDigit(at(v, q+4)) && isDigit(at(v, q+5)) && !isDigit(at(v, q+6)):
		n = 6 // Polish "00-001"
	case n == 4 && at(v, q+4) == ' ' && isUpper(at(v, q+5)) && isUpper(at(v, q+6)) && !isAlnum(at(v, q+7)):
		n = 7 // Dutch "1012 AB"
	case n != 4 && n != 5:
		return false
	case n == 4 && (v[q] == '1' && v[q+1] == '9' || v[q] == '2' && v[q+1] == '0'):
		return at(v, q+n) == ' ' && cityAt(v, q+n+1) // a year as often: "Schulweg 3/2023 Ausgabe"
	}
	return at(v, q+n) == ' ' && isUpperAt(v, q+n+1)
}

// numberTail returns the end of what a house number ending at p may have
// after a blank, or p: a range's second number ("Hauptstraße 12 - 14",
// "Herengracht 401 t/m 405", "12 bis 14"), a half ("Buchenallee 3 1/2"), a
// Dutch floor ("Kerkstraat 12 II"), and a flat's letter (a to h) or a
// "bis" that ends the address's line ("Sophienstraße 29 c, 60487",
// "Kerkstraat 14 A", "Oudegracht 22 bis"): before more words a letter is
// one of them.
func numberTail(v string, p int) int {
	if at(v, p) != ' ' {
		return p
	}
	q := p + 1
	switch {
	case hasAt(v, q, "- "), hasAt(v, q, "t/m "), hasAt(v, q, "bis ") && isDigit(at(v, q+4)):
		r := q + 2
		if v[q] != '-' {
			r = q + 4
		}
		e, to := r, 0
		for e < len(v) && isDigit(v[e]) && e-r < 4 {
			to = to*10 + int(v[e]-'0')
			e++
		}
		from, scale := 0, 1
		for k := p - 1; k >= 0 && isDigit(v[k]) && scale < 10000; k-- {
			from += int(v[k]-'0') * scale
			scale *= 10
		}
		if e > r && to > from && numberEndsLine(v, e) {
			return e // a higher number, not a time or a count: "Hauptstraße 12 - 14 Uhr", "12 - 14:30", "5 - 6 Kartons"
		}
	case isDigit(at(v, q)) && at(v, q+1) == '/' && isDigit(at(v, q+2)) && numberEndsLine(v, q+3) && v[q] < v[q+2] && v[q] > '0':
		return q + 3 // "3 1/2", not "3 1/2 Stunden"
	case at(v, q) == 'I' || at(v, q) == 'V':
		e := q
		for e < len(v) && (v[e] == 'I' || v[e] == 'V') && e-q < 4 {
			e++
		}
		if m := romanMonth(v[q:e]); m > 0 && m <= 4 && !isAlnum(at(v, e)) {
			return e
		}
	}
	e := q + 1
	if hasAt(v, q, "bis") {
		e = q + 3
	} else if c := at(v, q) | 0x20; c < 'a' || c > 'h' {
		return p // a flat's letter, not a unit: "Wąska 145 m", "Hauptstraße 5 x"
	}
	switch at(v, e) {
	case 0, ',', ';', '\n', '\r', ')':
		return e
	}
	return p
}

// numberEndsLine reports that a house number, or what followed it, ending
// at e ends its street: the value, a clause or a line ends there, or a
// postcode, a listed town or a spaced dash or slash follows ("Hauptstraße
// 12 - 14, 44135 Dortmund", "Buchenallee 3 1/2 53115 Bonn"). Not so before
// a unit, a time or what the number counts: "Hauptstraße 12 - 14 Uhr",
// "Buchenallee 3 1/2 Stunden", "Kerkstraat 12 t/m 14 mei", "scala 1:100".
func numberEndsLine(v string, e int) bool {
	switch at(v, e) {
	case 0, ')':
		return true
	case ' ':
		c := at(v, e+1)
		return isDigit(c) || (c == '-' || c == '/') && at(v, e+2) == ' ' || cityAt(v, e+1)
	}
	return e < len(v) && clauseEnd(v, e)
}

// countedAfter reports a capitalised word after the number ending at e that
// is no listed town and does not end as towns do (toponym): what the
// number counts or times ("In der Regel 3 Tage", "Weg der Besserung 3
// Wochen", "Unter den Top 5 Kunden"), not a street's house number, which a
// town may follow ("Unter den Linden 77 Berlin", "In der Aue 15
// Heidelberg", "Laan van Meerdervoort 512 Den Haag").
func countedAfter(v string, e int) bool {
	if at(v, e) != ' ' || !isUpperAt(v, e+1) || cityAt(v, e+1) {
		return false
	}
	w := wordEnd(v, e+1)
	return !toponym(v[e+1:w]) && !streetArticle(v, e+1, w)
}

// floorAfter returns the end of a floor, a side or a flat written after
// the house number ending at p, or p: Spanish "3º izq.", "2º D", "bajo A",
// Catalan "2n 1a", Portuguese "2º Esq", "1º Dto", "r/c", Italian "int. 4",
// "interno 8", "scala B". A comma may come before it.
func floorAfter(v string, p int) int {
	q := p
	if at(v, q) == ',' {
		q++
	}
	if at(v, q) != ' ' {
		return p
	}
	q++
	e := q
	for e < len(v) && isDigit(v[e]) && e-q < 2 {
		e++
	}
	if e > q {
		// an ordinal floor: "3º", "1ª", "2n", "1r", "4t"
		switch {
		case hasAt(v, e, "º"), hasAt(v, e, "ª"), hasAt(v, e, "°"):
			e += 2
		case at(v, e) == 'n' || at(v, e) == 'r' || at(v, e) == 't':
			if isAlnum(at(v, e+1)) {
				return p
			}
			e++
			if at(v, e) == ' ' && isDigit(at(v, e+1)) && at(v, e+2) == 'a' && !isAlnum(at(v, e+3)) {
				return e + 3 // "2n 1a"
			}
		default:
			return p
		}
		if isUpper(at(v, e)) && !isAlnum(at(v, e+1)) {
			return e + 1 // "4ºB"
		}
		if se := sideAfter(v, e); se > e || numberEndsLine(v, e) {
			return se
		}
		return p // an ordinal of something else: "calle Mayor 5, 3º intento", "2ª vez", "3r aviso"
	}
	w := wordEnd(v, q)
	var buf [maxWord]byte // folded without an allocation: this runs after every house number and a blank
	fw := lowerWord(v[q:w], &buf)
	switch string(fw) {
	case "bajo", "bajos", "entlo", "ático", "atico", "pral", "principal", "sótão", "cave":
		if se := sideAfter(v, w); se > w {
			return se
		}
		if c := at(v, w); c == ',' || c == 0 || c == '\n' {
			return w
		}
		return p
	case "r":
		if at(v, w) == '/' && at(v, w+1)|0x20 == 'c' && !isAlnum(at(v, w+2)) {
			return sideAfter(v, w+2) // "r/c", "r/c esq."
		}
		return p
	}
	if floorWord(fw) {
		e := w
		if at(v, e) == '.' {
			e++
		}
		if at(v, e) != ' ' {
			return p
		}
		e++
		d := e
		for d < len(v) && isDigit(v[d]) && d-e < 3 {
			d++
		}
		if d == e && isUpper(at(v, e)) {
			d++
		}
		if d == e || isAlnum(at(v, d)) || !numberEndsLine(v, d) && !floorWordAt(v, d) {
			return p // "scala 1:100", "piano 2 del progetto"
		}
		return d
	}
	return p
}

// floorWordAt reports a blank and an Italian or Spanish word for a flat, a
// staircase or a floor at p, which may follow another ("scala B int. 4").
func floorWordAt(v string, p int) bool {
	if at(v, p) != ' ' {
		return false
	}
	q := p + 1
	w := wordEnd(v, q)
	var buf [maxWord]byte
	return floorWord(lowerWord(v[q:w], &buf))
}

// floorWord reports whether the folded word w is an Italian or Spanish
// word for a flat, a staircase or a floor ("int", "scala", "escalera").
func floorWord(w []byte) bool {
	switch string(w) {
	case "int", "interno", "scala", "piano", "esc", "escalera", "puerta", "pta":
		return true
	}
	return false
}

// sideAfter returns the end of the side of a floor after p ("izq.", "dcha",
// "Dto", "Esq", "D", "A") or of the word for a floor ("6ª planta", "2º
// andar"), with its blank before it, or p.
func sideAfter(v string, p int) int {
	if at(v, p) != ' ' {
		return p
	}
	q := p + 1
	w := wordEnd(v, q)
	if w == q+1 && isUpper(v[q]) && !isAlnum(at(v, w)) {
		return w // "2º D", "bajo A"
	}
	var buf [maxWord]byte
	switch string(lowerWord(v[q:w], &buf)) {
	case "izq", "izqda", "izda", "izquierda", "dcha", "dch", "drcha", "derecha", "dto", "dta", "esq", "dir", "frente", "centro", "ctro",
		"planta", "piso", "andar":
		if at(v, w) == '.' {
			w++
		}
		return w
	}
	return p
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
// lower is true ("heidestr 17, 51147 köln"). In lower case a comma
// after the house number makes the line an address's; without one only
// a postcode that is no count does, five digits or a Dutch one's four
// and two letters, with no unit or currency after it ("hauptstrasse 5
// 12345 musterstadt", "kerkstraat 12 1017 gc amsterdam", also with "in"
// between: "bahnhofstr. 7 in 50667 köln"; not "ordering 2 1000 pieces",
// "ring 2 12000 stück").
func postcodeTownAfter(v string, j int, lower bool) bool {
	p := houseNumberAfter(v, j)
	if p == 0 {
		return false
	}
	comma := at(v, p) == ','
	if comma {
		p++
	} else if lower && hasAt(v, p, " in ") {
		p += 3 // "bahnhofstr. 7 in 50667 köln": as without the comma
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
		return !isDigit(at(v, p+6)) && (comma || !lower) // a Polish postcode
	}
	if lower && !comma {
		return n == 5 && at(v, p+5) == ' ' && letterAt(v, p+6) > 0 && !unitAt(v, p+5) && !currencyAt(v, p+5) ||
			n == 4 && dutchPostcodeLetters(v, p+4)
	}
	return (n == 4 || n == 5) && at(v, p+n) == ' ' && (isUpperAt(v, p+n+1) || lower && p+n+1 < len(v) && letterLen(v, p+n+1) > 0) || n == 4 && isUpper(at(v, p+n))
}

// lowerStreetSaid reports a street typed in lower case at v[i:j] with a
// house number after it and no postcode, where an address's word before
// it says one stands there: "neue adresse: bahnhofstr. 7", "kunde wohnt
// jetzt goetheweg 12", "woont op kerkstraat 12". Only the street types
// that are no other nouns' endings count (hasStreetTail without the
// context: not "-ring", "-hof", "-park": "address changed during 3
// days"), not a place of work's noun ("lieferadresse: lagerplatz 3
// kartons"), and no count or amount after the number.
func (sc *scan) lowerStreetSaid(i, j int) bool {
	v := sc.v
	if !sc.addressNear(i) || sc.last[ctxAddress] > i {
		return false
	}
	e := houseNumberAfter(v, j)
	return e > 0 && bareHouseNumber(v, e) && hasStreetTail(v, i, j, false) && !placeNounAt(v, i, j)
}

// lowerNumberFirst handles a British street typed in lower case after an
// address's word, its house number first: "lives 14 elm road", "new
// address: 10 downing st", "addr 3 st john's close". The type v[i:j] ends
// it and one to three words of three letters or more, no function word
// among them, stand between it and the number ("lives 2 miles down the
// road", "address verified, 2 x street lamps" are none). In capitals
// streetSuffix reads the name by its capitals; in lower case only the
// address's word says what they are. It returns the end, or 0.
func (sc *scan) lowerNumberFirst(i, j int) int {
	v := sc.v
	if isAlnum(at(v, j)) || at(v, j) == '-' {
		return 0
	}
	s := i
	for k := 0; k < 3; k++ {
		if at(v, s-1) != ' ' {
			return 0
		}
		if h := houseNumberBefore(v, s); k > 0 && h >= 0 {
			if unitAt(v, wordEnd(v, h)) || sc.last[ctxAddress] > h || sc.labelledBy(ctxOrder, h) {
				return 0 // "order 12 shipped via road": an order's number
			}
			return sc.street(h, j, 0.8)
		}
		w := s - 1
		for w > 0 && (isLower(v[w-1]) || v[w-1] == '\'' || v[w-1] >= 0x80) {
			w--
		}
		if w > 0 && isAlnum(v[w-1]) || !lowerNameWord(v, w, s-1) {
			return 0 // "address 3 road works": an address's or a street's word is no street's name
		}
		s = w
	}
	return 0
}

// lowerStreetName returns the end of a street typed in lower case whose
// type v[i:j] comes first ("ul. długa 5", "12 rue de la paix", "al.
// jerozolimskie 123a"), after an address's word, or 0. The name is one to
// three words of letters, three or more, with a street's particles
// between ("de la", "des", "van"), none a function word, a context word
// or a month; a house number before the type (start < i) or after the name
// says it is an address's ("adres: ul. długa 5", "habite 12 rue de la
// paix"); "adresse: rue de la paix" alone is a place as often. In
// capitals and mixed case streetName reads the name by its capitals.
func (sc *scan) lowerStreetName(start, i, j int) int {
	v := sc.v
	if !sc.addressNear(start) || sc.last[ctxAddress] >= start || strings.EqualFold(v[i:j], "via") {
		return 0 // "lieferadresse neu, via hermes 3 tage": in lower case "via" is the preposition
	}
	p := j
	if at(v, p) == '.' {
		p++
	}
	end, names := 0, 0
	for k := 0; k < 5 && at(v, p) == ' '; k++ {
		q := p + 1
		e := q
		for e < len(v) && (isLower(v[e]) || v[e] >= 0x80 || v[e] == '\'' && e > q) {
			e++
		}
		if e == q || isAlnum(at(v, e)) {
			break
		}
		if streetParticle(v, q, e) {
			p = e // "de la", "des", "van"; "l'église" is read whole
			continue
		}
		if !lowerNameWord(v, q, e) {
			break
		}
		end, p = e, e
		names++
	}
	if names == 0 {
		return 0
	}
	if start < i {
		return end
	}
	if e := houseNumberAfter(v, end); e > 0 && bareHouseNumber(v, e) {
		return e
	}
	return 0
}

// lowerNameWord reports whether the lower-case word v[s:e] may be a word
// of a street's name that lowerNumberFirst and lowerStreetName read: three
// letters or more, and no function word, context word, month or street's
// type ("address 3 road works").
func lowerNameWord(v string, s, e int) bool {
	if e-s < 3 || stopWord(v, s, e) {
		return false
	}
	wi, ok := lookupWord(v, s, e)
	return !ok || wi.ctx == 0 && wi.flags&(wMonth|wStreetSuf|wStreetPre) == 0
}

// bareHouseNumber reports that no unit, count or currency follows the
// house number ending at e ("goetheweg 12", not "lagerplatz 3 kartons",
// "ring 2 stück", "platz 5 €").
func bareHouseNumber(v string, e int) bool {
	return !unitAt(v, e) && !countedAfter(v, e) && !currencyAt(v, e)
}

// dutchPostcodeLetters reports the two letters of a Dutch postcode at p,
// after a blank or glued, in either case, then a word's end: " GC", "gc";
// not a function word ("1017 en meer").
func dutchPostcodeLetters(v string, p int) bool {
	if at(v, p) == ' ' {
		p++
	}
	return isASCIILetter(at(v, p)) && isASCIILetter(at(v, p+1)) && !isAlnum(at(v, p+2)) && !stopWord(v, p, p+2)
}

// numberSuffix returns the end of "bis", "ter" or "quater" glued to a
// house number at p ("12bis", "47BIS"), or Dutch "hs" (huis, the ground
// floor: "Zeedijk 14hs"), or p.
func numberSuffix(v string, p int) int {
	for _, w := range [...]string{"bis", "ter", "quater", "hs"} {
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
	if at(v, p) != ' ' && !(at(v, p) == '/' && hasAt(v, p+1, "top ")) {
		return p
	}
	q := p + 1
	top := hasAt(v, q, "top")
	switch {
	case hasAt(v, q, "boîte"):
		q += len("boîte")
	case hasAt(v, q, "boite"):
		q += len("boite")
	case hasAt(v, q, "bte"), hasAt(v, q, "bus"), hasAt(v, q, "lok"), hasAt(v, q, "top"), hasAt(v, q, "stg"):
		q += 3
	case hasAt(v, q, "stiege"):
		q += len("stiege") // an Austrian staircase, door and flat: "Stiege 2 Top 7", "Tür 12", "/Top 12"
	case hasAt(v, q, "tür"):
		q += len("tür")
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
	if q == s || isAlnum(at(v, q)) || top && !numberEndsLine(v, q) && !boxWordAt(v, q) {
		return p // not "Thaliastraße 85 Top 10 Kunden"
	}
	return q
}

// boxWordAt reports a blank and an Austrian staircase's, door's or flat's
// word at p, which may follow a "Top 7" ("Top 7 Tür 3").
func boxWordAt(v string, p int) bool {
	q := p + 1
	return at(v, p) == ' ' && (hasAt(v, q, "tür") || hasAt(v, q, "top") || hasAt(v, q, "stiege") || hasAt(v, q, "stg"))
}

// houseNumberBefore returns the start of a house number ending just before
// s (followed by a space or ", "), or -1.
func houseNumberBefore(v string, s int) int {
	p := s - 1
	if at(v, p) != ' ' {
		return -1
	}
	if at(v, p-1) == ' ' && at(v, p-2) != ' ' {
		p-- // "117b  rue des Lilas": OCR's two blanks (see blankRun)
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
	if e-p == 4 && p >= 2 && v[p] == '-' && isDigit(v[p-1]) && isDigit(v[p-2]) && (p == 2 || !isAlnum(v[p-3])) {
		return -1 // a Polish postcode's tail: "00-001, pl. Grunwaldzki 3"
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
	if at(v, s-1) == '\n' {
		e := s - 1
		if at(v, e-1) == '\r' {
			e--
		}
		if h := houseNameStart(v, e); h >= 0 && lineAlone(v, h, e) {
			return h // the house's name, the whole line above: "Willow Cottage\nBack Lane\nYork YO1 7HX" (not "Meeting at Town Hall\n")
		}
	}
	for k := 0; k < 3 && s >= 2 && v[s-2:s] == ", "; k++ {
		u := unitStart(v, s-2)
		if u < 0 {
			u = houseNameStart(v, s-2) // "Ivy House, 3 High Street"
		}
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
		if words == 0 {
			q = flatFloorBefore(v, q, p)
		}
		var buf [maxWord]byte
		if unitWords[string(lowerWord(v[q:p], &buf))] && words > 0 {
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

// flatFloorBefore returns where a Glasgow flat's number whose part after
// the slash is v[q:p] starts: the floor, a slash, then the door counted or
// its side ("Flat 2/1", "Flat 0/2", "Flat 3/L"), or q.
func flatFloorBefore(v string, q, p int) int {
	if at(v, q-1) != '/' || !isDigit(at(v, q-2)) || isDigit(at(v, q-3)) || p-q > 2 {
		return q
	}
	if p-q == 1 && strings.IndexByte("LRC", v[q]) < 0 && !isDigit(v[q]) || p-q == 2 && !(isDigit(v[q]) && isDigit(v[q+1])) {
		return q
	}
	return q - 2
}

// houseWords end the names British and Irish houses are known by in
// their address, with or without a number after them ("Rose Cottage",
// "The Old Rectory", "Oak Tree Farm").
var houseWords = []string{"cottage", "cottages", "house", "lodge", "farm", "farmhouse", "barn", "barns", "rectory",
	"vicarage", "manse", "grange", "manor", "villa", "bungalow", "croft", "stables", "oast", "granary", "steading",
	"byre", "mill", "chapel", "schoolhouse", "gatehouse", "coachhouse", "hall"}

// houseNameStart returns where the name of a house that ends at e starts,
// or -1: up to four capitalised words, the last a house's word
// (houseWords), the whole of its clause. Only before an address's street
// or town (the callers): "Opera House" alone is a place.
func houseNameStart(v string, e int) int {
	s := placeWordStart(v, e)
	if s == e || !isUpperAt(v, s) || !wordIn(v, s, e, houseWords) {
		return -1
	}
	for words := 1; ; words++ {
		if s == 0 || v[s-1] == '\n' || v[s-1] == '\t' {
			return s
		}
		if v[s-1] != ' ' {
			return -1
		}
		switch c := at(v, s-2); {
		case c == ',' || c == ':' || c == ';':
			return s
		case isLower(c) && !isUpperAt(v, lettersStart(v, s-1)):
			return s // "left at Ivy House, 3 High Street"
		}
		w := placeWordStart(v, s-1)
		if w == s-1 || !isUpperAt(v, w) || words == 4 {
			return -1
		}
		s = w
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
	if j-i == 2 && at(v, j) != '.' && (v[i:j] == "al" || v[i:j] == "AL" && i >= 2 && contextWordAt(v, lettersStart(v, i-1), i-1)) {
		// Spanish and Italian "al" (a el, a il): "Atención al Cliente
		// 12.03.2025", "RICHIAMARE AL 388 843 2310"; the Polish aleja is
		// written "al." or "Al."
		return 0
	}
	if j-i == 3 && viaLabel(v, i, j) {
		return 0 // "verified via DOB 22/12/1940", "vérifié via DN 19.8.58"
	}
	if j-i == 2 && v[i:j] == "AL" && at(v, j) != '.' && sc.capsNote() {
		return 0 // "CONSEGNA AL SIG. FONTANA": in capitals "AL" is a word; the aleja has its full stop
	}
	if j-i == 3 && v[i:j] == "VIA" && at(v, j) == ' ' && sc.capsNote() && capsViaWord(v, j+1) {
		return 0 // "RESET REQUESTED VIA PORTAL", "SENT VIA EMAIL": the word after it is an everyday word, no number follows
	}
	if j-i == 2 && (at(v, j) == '-' || i >= 3 && v[i-3:i] == "et ") && strings.EqualFold(v[i:j], "al") {
		return 0 // "Al-Baghdadi": the Arabic article, not Polish "al." (aleja); "et al. Schmidt 2020" cites
	}
	if j-i == 3 && strings.EqualFold(v[i:j], "via") && houseNumberBefore(v, i) >= 0 && !numberAhead(v, nameNumberAhead(v, j+1)) {
		// "Paket 8916 via FedEx", "Sendung 4691 6647 3488 via Royal
		// Mail": Italian writes the number after the name ("Via Roma
		// 12"), so a number before "via" and none after the name is a
		// parcel's, "via" the English or German preposition ("Scala 2
		// via Garibaldi 8" is a street)
		return 0
	}
	start := i
	if s := houseNumberBefore(v, i); s >= 0 && !polishPrefix(v, i, j) {
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
	if !plain && start == i && isUpperAt(v, i) && sc.capEnd == i-1 && i > 0 && v[i-1] == ' ' && sc.capStart >= 0 && sc.capStart >= i-12 &&
		!contextWordAt(v, sc.capStart, i-1) {
		start = sc.capsRunStart(sc.capStart, i, false) // "Gran Vía", "Grand Rue"; in capitals not "ENVIAR A AVENIDA"
		named = start < i
	}
	p := j
	if at(v, p) == '.' {
		p++
	}
	// an abbreviated type glued to the name: "ul.Ogrodowa 5",
	// "Av.Diagonal 640", "C/Mayor 3"; with a house number only (see
	// below), and after a full stop a name of five bytes or more, not a
	// code's member ("os.Path 5")
	glued := (p > j && streetName(v, p) >= p+5 || v[j-1] == '/' && streetName(v, p) > p) && j-i <= 4
	end, caps, dated := p, 0, false
	for k := 0; k < 5; k++ {
		q := p + 1
		if k == 0 && glued {
			q = p
		} else if at(v, p) != ' ' {
			break
		}
		if e := streetName(v, q); e > q {
			if e-q == 1 && at(v, e) == '.' && at(v, e+1) == ' ' && nameWord(v, e+2) > e+2 {
				e++ // an initial of the name: "via G. Verdi", "rue J. Jaurès"
			}
			end, p = e, e
			caps++
			continue
		}
		if e := dateName(v, q); e > q && caps == 0 && v[i:j] != "via" { // not "shipped via 5 May 12 boxes"
			end, p = e, e // "Rua 25 de Abril 12", "Via 4 Novembre 3", "Place du 8 Mai 1945"
			caps++
			dated = true
			continue
		}
		e := wordEnd(v, q)
		if e == q || e-q > 4 && !streetParticle(v, q, e) { // "della", "degli"
			break
		}
		if wi, ok := lookupWord(v, q, e); (!ok || wi.flags&wParticle == 0) && !streetParticle(v, q, e) {
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
		if e := sc.lowerStreetName(start, i, j); e > 0 {
			return sc.street(start, e, 0.8)
		}
		return 0
	}
	score := 0.6
	if e := houseNumberAfter(v, end); e > 0 && !periodAfter(v, e) {
		if glued && !gluedStreetEnds(v, e) && !sc.addressSaid(start) {
			return 0 // "os.Remove 3 razy", "Av.Preis 12 Euro", "C/Python 3, Java 11"
		}
		end = e
		score = 0.85
	} else if start < i {
		score = 0.85
	} else if plain || glued || dated {
		// a house number or none: "Largo do Chiado 4", not "la ronda
		// Final", "Cliente Estrada Ruiz", "pl.Wikipedia"; a date alone
		// is one as often ("Paseo 5 de Mayo 2024 con el equipo")
		return 0
	} else if v[i:j] == "via" && !(i >= 3 && v[i-3:i] == "in ") {
		// English and German prose: "shipped via DHL", "dispatched via
		// Royal Mail", "via E-Mail"; without a house number, only Italian
		// "in via Roma" is a street
		return 0
	}
	if score < 0.85 && sc.barePlace(start, end) {
		score = barePlaceScore // "Via Condotti gesperrt", "Treffpunkt Place Vendôme"
	}
	return sc.street(start, end, score)
}

// periodAfter reports a month or a unit of time after the number that
// ends at e: the number is a date's day or counts a duration, and names no
// house ("Strage di Piazza della Loggia, 28 maggio 1974", "Corso della
// Laurea 3 anni", "Piazza degli Affari 24 ore").
func periodAfter(v string, e int) bool {
	return at(v, e) == ' ' && (monthAt(v, e+1) || wordIn(v, e+1, wordEnd(v, e+1), periodWords))
}

// periodWords are units of time in the languages whose streets are named
// by their type first.
var periodWords = []string{"anni", "anno", "ore", "giorni", "settimane", "mesi", "minuti", "years", "hours", "days",
	"weeks", "months", "minutes", "jahre", "stunden", "tage", "wochen", "monate", "minuten", "ans", "heures", "jours",
	"semaines", "mois", "años", "horas", "días", "dias", "semanas", "meses", "anos", "lat", "godzin", "dni", "tygodni",
	"miesięcy", "jaar", "uur", "dagen", "weken", "maanden"}

// frenchAbbrev reports a French street type's abbreviation that no list
// holds, being other words' too: "ch." (chemin; chambres), "imp."
// (impasse), "all." (allée), "sq." (square), "che." (chemin), "pass."
// (passage). They count in lower case after a house number (word).
func frenchAbbrev(w string) bool {
	switch w {
	case "ch", "che", "chem", "imp", "all", "sq", "pass":
		return true
	}
	return false
}

// polishPrefix reports a Polish street type, whose house number always
// follows the name: a number before it is another's ("Warszawa 00-001,
// ul. Długa 5").
func polishPrefix(v string, i, j int) bool {
	var buf [maxWord]byte
	switch string(lowerWord(v[i:j], &buf)) {
	case "ul", "ulica", "al", "aleja", "os", "osiedle", "plac":
		return true // not "pl", French "place" too: "3 pl. de la Bourse"
	}
	return false
}

// gluedStreetEnds reports what may follow the house number, ending at e,
// of a street whose type is glued to its name: the end of the clause, a
// postcode or a listed town, with or without a comma ("ul.Ogrodowa 5,
// 00-001 Warszawa", "Av.Diagonal 640"). A word after it makes the glued
// form a code's, a count's or a citation's ("os.Remove 3 razy", "et
// al.Kowalski 2019, S. 12", "C/Python 3, Java 11").
func gluedStreetEnds(v string, e int) bool {
	if at(v, e) == ',' && at(v, e+1) == ' ' {
		return isDigit(at(v, e+2)) || cityAt(v, e+2)
	}
	return numberEndsLine(v, e)
}

// viaLabel reports a "via" (the Italian street type, v[i:j]) that is the
// English, French or Dutch preposition before a label: a context word
// other than a name, in capitals or lower case ("verified via DOB
// 22/12/1940", "VIA GEB.DATUM 18/12/47", "via email"), or any word with a
// date right after it ("vérifié via DN 19.8.58", "VIA DN 19 JUIN 1985").
// A street's name is capitalised ("Via Nata 3" stays) and its house number
// is no date ("Via Roma 12/3").
func viaLabel(v string, i, j int) bool {
	if !strings.EqualFold(v[i:j], "via") || at(v, j) != ' ' {
		return false
	}
	q := j + 1
	e := wordEnd(v, q)
	if e == q {
		return false
	}
	if wi, ok := lookupWord(v, q, e); ok && wi.ctx != 0 && wi.flags&(wSurname|wGiven) == 0 && (upperOnly(v[q:e]) || !isUpper(v[q])) {
		return true
	}
	if e-q >= 2 && e-q <= 3 && upperOnly(v[q:e]) && at(v, e) != '.' && !romanNumeral(v[q:e]) &&
		!(at(v, e) == ' ' && (isDigit(at(v, e+1)) && !fullDateAt(v, e+1) || isUpper(at(v, e+1)))) {
		// "VIA DHL", "via SMS", "VIA DN": an abbreviation, not "Via XX
		// Settembre", "Via SS 36" (a strada statale) or a street in
		// capitals ("VIA DEI MILLE 5", "VIA SAN MARCO 3", "VIA DON STURZO")
		return true
	}
	p := e
	for p < len(v) && p-e < 8 && (isAlnum(v[p]) || v[p] == '.' || v[p] == '-') {
		p++ // the rest of a dotted label: "GEB.DATUM", "D.O.B"
	}
	if at(v, p) == ':' {
		p++
	}
	if at(v, p) != ' ' || !isDigit(at(v, p+1)) {
		return false
	}
	return dateAt(v, p+1) && (dateName(v, p+1) > p+1 || fullDateAt(v, p+1))
}

// contextWordAt reports a context word at v[s:e] ("RICHIAMARE", "Tel"):
// a capitalised word before a street type that names no street ("GRAN
// VIA" does; "RICHIAMARE AL 388 843 2310" is a phone's label).
func contextWordAt(v string, s, e int) bool {
	wi, ok := lookupWord(v, s, e)
	return ok && wi.ctx != 0 && wi.flags&(wSurname|wGiven|wCity) == 0
}

// romanNumeral reports a word of Roman digits only ("XX", "IV"), which
// Italian streets are named with ("Via XX Settembre").
func romanNumeral(w string) bool {
	for k := 0; k < len(w); k++ {
		if !strings.ContainsRune("IVXLCDM", rune(w[k])) {
			return false
		}
	}
	return true
}

// fullDateAt reports a numeric date of three parts starting at p, day or
// year first, with one separator ("22/12/1940", "19.8.58", "2001-08-25").
func fullDateAt(v string, p int) bool {
	var n [3]int
	var l [3]int
	q, sep := p, byte(0)
	for g := 0; g < 3; g++ {
		s := q
		for q < len(v) && isDigit(v[q]) && q-s < 4 {
			n[g] = n[g]*10 + int(v[q]-'0')
			q++
		}
		l[g] = q - s
		if l[g] == 0 || isDigit(at(v, q)) {
			return false
		}
		if g < 2 {
			if c := at(v, q); c != '.' && c != '/' && c != '-' || sep != 0 && c != sep {
				return false
			} else {
				sep = c
			}
			q++
		}
	}
	if isAlnum(at(v, q)) {
		return false
	}
	switch {
	case l[0] == 4 && l[1] <= 2 && l[2] <= 2:
		return n[1] >= 1 && n[1] <= 12 && n[2] >= 1 && n[2] <= 31
	case l[0] <= 2 && l[1] <= 2 && (l[2] == 2 || l[2] == 4):
		return n[0] >= 1 && n[0] <= 31 && n[1] >= 1 && n[1] <= 12
	}
	return false
}

// dateName returns the end of a day and a month that name a street at q
// ("25 de Abril", "1º de Maio", "4 Novembre", "8 Mai"), with a year that
// is part of the name ("8 Mai 1945"; no house number, see streetPrefix),
// or q.
func dateName(v string, q int) int {
	e := q
	for e < len(v) && isDigit(v[e]) && e-q < 2 {
		e++
	}
	if e == q || isDigit(at(v, e)) || v[q] == '0' {
		return q
	}
	if hasAt(v, e, "º") || hasAt(v, e, "°") {
		e += 2
	}
	if at(v, e) != ' ' {
		return q
	}
	e++
	if hasAt(v, e, "de ") {
		e += 3
	}
	me := wordEnd(v, e)
	if wi, ok := lookupWord(v, e, me); me-e < 3 || !ok || wi.flags&wMonth == 0 {
		return q
	}
	if at(v, me) == ' ' && (hasAt(v, me+1, "19") || hasAt(v, me+1, "20")) && isDigit(at(v, me+3)) && isDigit(at(v, me+4)) && !isAlnum(at(v, me+5)) {
		return me + 5 // "Rue du 8 Mai 1945"; "Paseo 5 de Mayo 2024" no street
	}
	return me
}

// nameNumberAhead returns where a digit begins after up to four
// capitalised words at q, with lower-case particles between them, or -1:
// the name and house number of a street after its type ("C/ Alcalá 120",
// "Laan van Meerdervoort 512").
func nameNumberAhead(v string, q int) int {
	named := false
	for k := 0; k < 4; k++ {
		e := nameWord(v, q)
		if e > q {
			named = true
		} else if e = wordEnd(v, q); e == q || !streetParticle(v, q, e) {
			return -1
		}
		if at(v, e) == ',' && at(v, e+1) == ' ' && isDigit(at(v, e+2)) && named {
			return e + 2 // "C/ Mayor, 3": Spanish writes a comma before the number
		}
		if at(v, e) != ' ' {
			return -1
		}
		q = e + 1
		if isDigit(at(v, q)) {
			if !named {
				return -1
			}
			return q
		}
	}
	return -1
}

// numberAhead reports a house number at d (nameNumberAhead) that no word
// it counts follows: "Laan van Meerdervoort 512", not "Weg der Besserung 3
// Wochen", "Weg des Geldes 5 Euro".
func numberAhead(v string, d int) bool {
	if d < 1 {
		return false
	}
	e := houseNumberAfter(v, d-1)
	return e > 0 && !countedAfter(v, e)
}

// articleStreet handles a Dutch street named by its type alone after an
// article, with a house number that ends the clause: "De Dreef 14", "Het
// Plein 3,". The article is at v[i:j]. It returns the end, or 0.
func (sc *scan) articleStreet(i, j int) int {
	v := sc.v
	q := j + max(blankRun(v, j), 1) // "Am  Mühlbach 115b": OCR's blanks (see blankRun)
	e := nameWord(v, q)
	if at(v, j) != ' ' || e == q || at(v, e) != ' ' || !isDigit(at(v, e+1)) {
		return 0
	}
	var buf [maxWord]byte
	if n := foldWord(v, q, e, &buf); n <= 0 || !streetTailWord(buf[:n]) {
		return 0
	}
	end := houseNumberAfter(v, e)
	if end == 0 {
		return 0
	}
	switch at(v, end) {
	case 0, ',', ';', '.', '\n', '\r':
	default:
		return 0 // "De Markt 5 dagen open"
	}
	return sc.street(i, end, 0.85)
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
// A preposition of prose (strict: "In", "Unter", "Bei", see streetPrep)
// makes a street only before an article ("In der Aue 15", "Unter den
// Linden 77") and where an address shows: an address's word before it,
// or nothing else in the value ("In der Regel 3 Tage" is none). Before a
// postcode and town, addPostal takes it (streetBefore).
func (sc *scan) streetWeak(i, j int, strict bool) int {
	v := sc.v
	p := j
	caps := 0
	if strict && !articleAt(v, j) {
		return 0
	}
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
		if sc.capsAt(q, e) && capsKind(v, q, e) <= capsFunction {
			return 0 // in capitals the preposition is capitalised too: "UPDATE AUF VERSION 4.2.1"
		}
		if strict && (nounEnding(v[q:e], true) || timeNoun(v[q:e]) || proseNoun(v[q:e])) {
			return 0 // "In der Woche 2", "Bei der Bestellung 3", "In der Version 2", "In der Regel 3"
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
	if strict && countedAfter(v, end) {
		return 0 // "Anschrift: In der Regel 3 Tage", "Lieferadresse Unter den Top 5 Kunden"
	}
	if strict && !sc.addressNear(i) {
		if s, e := trim(v); s != i || e != end {
			return 0
		}
	}
	return sc.street(i, end, 0.8)
}

// streetPrep reports a capitalised German preposition that begins street
// names as often as sentences: "In der Aue", "Unter den Linden", "Hinter
// der Kirche", "Bei den Mühren", "Über dem Dorfe" (see streetWeak).
func streetPrep(v string, i, j int) bool {
	switch v[i:j] {
	case "In", "Unter", "Hinter", "Vor", "Bei", "Über", "Neben":
		return true
	}
	return false
}

// proseNoun reports a German noun that a preposition of prose and an
// article come before as often as a number after them ("In der Regel 3",
// "In der Tabelle 2", "Unter der Rubrik 4", "In der Gruppe 5"), and which
// names no street: "In der Aue", "Unter den Linden", "Hinter der Kirche"
// do.
func proseNoun(w string) bool {
	switch w {
	case "Regel", "Tat", "Praxis", "Summe", "Folge", "Reihe", "Mitte", "Nähe", "Lage", "Zeit", "Liste", "Tabelle",
		"Spalte", "Zeile", "Datei", "Phase", "Stufe", "Klasse", "Gruppe", "Runde", "Kategorie", "Rubrik", "Ausgabe",
		"Auflage", "Folie", "Seite", "Etage", "Schlange", "Warteschlange", "Variante", "Kalenderwoche", "KW", "Ebene",
		"Top", "Zone", "Akte", "Mail", "Nachricht", "Antwort", "Anfrage", "Frage", "Aufgabe", "Schleife", "Saison",
		"Liga", "Wertung", "Kasse", "Spitze", "Form", "Art", "Sache", "Anzahl", "Menge", "Zahl", "Quote",
		"Note", "Stunde", "Minute", "Sekunde", "Nacht", "Frist":
		return true
	}
	return false
}

// articleAt reports a blank and a German article at p, and a blank after
// it: " der ", " den ", " dem ", " die ", " das ".
func articleAt(v string, p int) bool {
	if at(v, p) != ' ' || at(v, p+4) != ' ' || at(v, p+1) != 'd' {
		return false
	}
	switch v[p+2 : p+4] {
	case "er", "en", "em", "ie", "as":
		return true
	}
	return false
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
	} else if sc.capEnd == i-1 && i > 0 && v[i-1] == ' ' && sc.capStart >= 0 && sc.capsRunStart(sc.capStart, i, compound) < i {
		start = sc.capsRunStart(sc.capStart, i, compound)
	} else if g := givenNameBefore(v, i); g >= 0 && !sc.nameRunsInto(g, i-1) {
		start = sc.widenTo(g, i) // "Frederik Hendriklaan 5", "Barbary Lane": the given name the name finder took
	} else if g >= 0 && dutchOrdinalBefore(v, g) >= 0 {
		start = sc.widenTo(g, i) // "op de Tweede Jan Steenstraat 12": "Tweede Jan" is no one's name
	} else if !compound {
		if at(v, j) == ' ' && (isLower(at(v, j+1)) || sc.capsParticleAt(j+1)) && numberAhead(v, nameNumberAhead(v, j+1)) {
			return sc.streetPrefix(i, j) // the type before the name: "Laan van Meerdervoort 512", "LAAN VAN MEERDERVOORT 45"
		}
		return 0
	} else if c := capitalsBeforeParticles(v, sc.particlesBefore(i), i); c >= 0 {
		start = sc.widenTo(c, i) // "Burgemeester de Withstraat", "Graaf van Solmsweg"
	}
	if o := dutchOrdinalBefore(v, start); o >= 0 {
		start = sc.widenTo(o, start) // "Tweede Jan Steenstraat", "Eerste Helmersstraat"
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
	if s := houseNumberBefore(v, start); s >= 0 && walkEvent(v, start, i, j, end) && !sc.addressNear(start) {
		return 0 // "the 10 Mile Walk", "2 Ghost Walk tickets": a walk to take part in
	} else if s >= 0 {
		start, score = sc.widenTo(unitBefore(v, s), s), 0.85
	} else if britishSuffix(v, i, j) && !sc.addressNear(start) && givenNameBefore(v, i) < 0 {
		// "9 Orchard Row", "2 Station Approach": British streets of these
		// types have their number first; "Header Row 2", "Agile Approach
		// 2", "Pride Parade 2025" are a table's row, a method, a parade.
		// After a given name it is a street's or a family name: masked
		// either way ("Peter Row called").
		return 0
	}
	if score < 0.85 && (saintBefore(v, start, i, j) || sc.barePlace(start, end)) {
		// "FC St. Pauli", "Kirche St. Marien": a saint's name, no
		// Street; kept below the threshold so that it still takes the
		// words it covers ("Kirche" is no confession here)
		score = barePlaceScore
	}
	return sc.street(start, end, score)
}

// barePlaceScore is the score of a street named alone in free text: below
// the default policy's threshold, present with WithMinScore(0.4).
const barePlaceScore = 0.45

// barePlace reports a street at v[s:e] named as a place, not as where
// someone lives: a site's or an event's word beside it (placeCue:
// "Treffpunkt Oxford Street", "Filiale Königsallee", "Wall Street
// gesperrt", "Kurfürstendamm exit of the U-Bahn"), and nothing that makes
// it an address: no house number (the callers ask), no person named
// before it, no address word or column, no address just before, no word
// of living or moving or of a house number around it, no postcode or
// town after it. A false-positive hunt found 73 such places masked at
// 0.5. A bare street without such a cue stays masked: in a CRM's note it
// is as often the customer's ("Herr Meier, Goethestraße, bittet um
// Rückruf", "Paket liegt beim Nachbarn in der Goethestraße").
func (sc *scan) barePlace(s, e int) bool {
	v := sc.v
	if s == 0 && e >= len(v)-1 {
		return false // the whole value, a column's: "SEESTR" in KDSTR
	}
	// placeCue after the test above, which is cheaper: it compares words
	// with four lists
	if !placeCue(v, s, e) || sc.personNamedBefore(s) {
		return false
	}
	q := e
	if at(v, q) == '.' {
		q++
	}
	if at(v, q) == ' ' && numberAhead(v, nameNumberAhead(v, q+1)) {
		return false // the name goes on after a title: "Rua Dr. António José de Almeida 22"
	}
	if s >= 2 && v[s-2:s] == ", " && houseNameStart(v, s-2) >= 0 {
		return false // a house's name before it: "Rose Cottage, Mill Lane"
	}
	if at(v, e) == ' ' && at(v, e+1) == '(' {
		if c := strings.IndexByte(v[e+1:min(len(v), e+40)], ')'); c > 0 && at(v, e+c+2) == ' ' && numberAhead(v, e+c+3) {
			return false // the number after a remark: "Lindenallee (Hinterhaus) 12"
		}
	}
	return !sc.addressSaid(s) && !sc.addressNear(s) && !placeAfter(v, e) && !dwellAround(v, s, e)
}

// placeCue reports a word of a site or an event beside the street at
// v[s:e]: its own first word or the word before it, past a colon, a
// quote or a hyphen ("Filiale Königsallee", "Treffpunkt Oxford Street",
// "Standort \"Oxford Street\"", "Meeting point: Carnaby Street"), a
// site's word hyphenated after it ("Königsallee-Filiale"), or a word of
// closing, opening or an exit right after it ("Wall Street gesperrt",
// "Kurfürstendamm exit").
func placeCue(v string, s, e int) bool {
	if we := wordEnd(v, s); wordIn(v, s, we, placeWords) || wordIn(v, s, we, siteWords) {
		return true // the site's word taken into the street's name: "Filiale Abbey Road"
	}
	p := s
	for p > 0 && (v[p-1] == ' ' || v[p-1] == ':' || v[p-1] == '"' || v[p-1] == '-') && s-p < 3 {
		p--
	}
	if b := lettersStart(v, p); b < p && (wordIn(v, b, p, placeWords) || wordIn(v, b, p, siteWords) || wordIn(v, b, p, officeWords)) {
		return true
	}
	q := e
	if at(v, q) == '.' || at(v, q) == '"' {
		q++
	}
	if at(v, q) == '-' {
		return wordIn(v, q+1, wordEnd(v, q+1), siteWords) || wordIn(v, q+1, wordEnd(v, q+1), placeWords)
	}
	for at(v, q) == ' ' {
		q++
	}
	return wordIn(v, q, wordEnd(v, q), placeAfterWords)
}

// placeWords name a site or an event at a street, beside siteWords: a
// meeting point, a shop, a venue.
var placeWords = []string{"treffpunkt", "point", "flagship", "boutique", "store", "standort", "showroom", "outlet",
	"venue", "messe", "hotel", "restaurant", "café", "cafe", "bar", "kino", "theater", "theatre", "museum", "galerie",
	"startplatz", "ziel", "start", "meeting", "rendezvous", "lieu", "punto", "ontmoetingspunt", "miejsce", "pop-up"}

// placeAfterWords after a street say what happens to the street or at a
// site there: closed, opened, an exit ("Wall Street gesperrt",
// "Kurfürstendamm exit of the U-Bahn", "Friedrichstraße öffnet").
var placeAfterWords = []string{"gesperrt", "geschlossen", "closed", "fermé", "fermée", "gesloten", "afgesloten", "chiusa",
	"chiuso", "cerrada", "cerrado", "zamknięta", "zamknięty", "exit", "ausgang", "sortie", "uitgang", "öffnet", "opens",
	"eröffnet", "meldet", "reports"}

// personNamedBefore reports a person's name found before s in the value,
// among its recent findings: a street named after a person is theirs
// ("Herr Meier, Goethestraße").
func (sc *scan) personNamedBefore(s int) bool {
	for k := sc.recent(); k < len(sc.dst); k++ {
		if f := sc.dst[k]; f.Start < s && family(f.Category) == Name && f.Score >= 0.5 {
			return true
		}
	}
	return false
}

// dwellAround reports a word of dwellWords among the four words before s
// in its clause or the two after e (past a comma or a parenthesis): "zieht
// in die Goethestraße", "is verhuisd naar de Kerkstraat", "ist in die
// Lindenallee gezogen", "Lindenallee, Hausnummer fehlt". The context words
// (addressSaid) hold only the commonest of these. A firm's site before it
// moves, no person ("Die Filiale zieht in die Königsallee", "our office
// moved to Wall Street").
func dwellAround(v string, s, e int) bool {
	dwell := false
	for p := wordsBack(v, s, 4); p < s; {
		b := wordEnd(v, p)
		if b == p {
			p++
			continue
		}
		if wordIn(v, p, b, siteWords) || wordIn(v, p, b, officeWords) {
			return false
		}
		dwell = dwell || dwellWord(v, p, b)
		p = b
	}
	p := e
	for k := 0; k < 2 && !dwell; k++ {
		for p < len(v) && p-e < 4 && (v[p] == ' ' || v[p] == ',' || v[p] == '(') {
			p++
		}
		b := wordEnd(v, p)
		if b == p {
			break
		}
		dwell = dwellWord(v, p, b)
		p = b
	}
	return dwell
}

// dwellWord reports v[a:b] in dwellWords. "live" counts in lower case
// and alone: "we live on Elm Street", not "Live music on Elm Street",
// "Live-Übertragung vom Marienplatz".
func dwellWord(v string, a, b int) bool {
	var buf [maxWord]byte
	n := foldWord(v, a, b, &buf)
	if n < 0 || !dwellWords[string(buf[:n])] {
		return false
	}
	return string(buf[:n]) != "live" || v[a] == 'l' && at(v, b) != '-'
}

// officeWords name a firm's sites that siteWords, a postcode's, leave out.
var officeWords = []string{"office", "büro", "buero", "kantoor", "bureau", "biuro", "oficina", "ufficio", "praxis", "kanzlei", "firma", "company"}

// dwellWords say that a person lives at or moves to the street next to
// them, in the seven languages, or that a house number goes with it
// (dwellAround). Plans ("move", "moving") and "home" are not here: "move
// to Wall Street", "home of the Beatles, Abbey Road".
var dwellWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`wohne wohnen wohnte wohnten wohnst lebt lebe leben lebte zieht ziehen zog gezogen
		umgezogen verzogen eingezogen zugezogen umzug wohnung hausnummer hausnr
		live lived reside resides resided residing moved relocated
		woon wonen woonde woonden verhuisd verhuist verhuisde verhuizing woning huisnummer
		mieszkam mieszkają mieszkał mieszkała mieszkali zamieszkały zamieszkała zamieszkali zamieszkania
		przeprowadził przeprowadziła przeprowadzili przeprowadzka mieszkanie
		vit vivent habitent habitait demeure demeurant domicilié domiciliée déménagé réside résidant
		vive vivo viven vivía residen residente domicilio domiciliado domiciliada mudó mudado
		abita abito abitano abitava risiede risiedono residenza domiciliato domiciliata trasferito trasferita trasferiti vivono`) {
		m[w] = true
	}
	return m
}()

// placeAfter reports a postcode or a listed town after a street that ends
// at e, past a comma or a full stop and up to two blanks or line breaks:
// "Oxford Street, London", "Hauptstraße\n10115 Berlin", "ul. Długa,
// 00-001 Warszawa".
func placeAfter(v string, e int) bool {
	p := e
	if c := at(v, p); c == ',' || c == '.' {
		p++
	}
	for k := 0; k < 2 && (at(v, p) == ' ' || at(v, p) == '\n' || at(v, p) == '\r'); k++ {
		p++
	}
	if p == e {
		return false
	}
	n := 0
	for isDigit(at(v, p+n)) {
		n++
	}
	if n == 2 && at(v, p+2) == '-' && isDigit(at(v, p+3)) && isDigit(at(v, p+4)) && isDigit(at(v, p+5)) {
		return !isDigit(at(v, p+6)) // a Polish postcode
	}
	if n == 4 || n == 5 {
		return at(v, p+n) == ' ' && isUpperAt(v, p+n+1)
	}
	return n == 0 && cityAt(v, p)
}

// saintBefore reports "St." at v[i:j], starting the street that starts at
// s, after a word that makes it a saint's abbreviation: a club's ("FC St.
// Pauli") or a church's ("Kirche St. Marien", "Sankt"): no Street.
func saintBefore(v string, s, i, j int) bool {
	if v[i:j] != "St" || at(v, j) != '.' || s == i && i < 2 {
		return false
	}
	b := lettersStart(v, i-1)
	if at(v, i-1) != ' ' || b == i-1 {
		return false
	}
	var buf [maxWord]byte
	switch string(lowerWord(v[b:i-1], &buf)) {
	case "fc", "sc", "sv", "vfb", "vfl", "tsv", "kirche", "kapelle", "dom", "kloster", "basilika", "sankt":
		return true
	}
	return false
}

// walkWords name what a walk one takes part in is counted in or for
// ("10 Mile Walk", "3 Peaks Walk", "5 Km Walk").
var walkWords = []string{"mile", "miles", "km", "k", "peaks", "hour", "hours", "day", "days", "step", "steps",
	"minute", "minutes", "bridges", "parks", "lakes"}

// walkEvent reports whether "Walk" at v[i:j], after the name that starts
// at s and a house number, ending at end, is an event's: "2 Ghost Walk
// tickets" counts tickets, and a count's unit right after the number ("10
// Mile Walk", "3 Peaks Walk") makes it an event's whatever follows. Where
// its clause ends right after it, "14 Orchard Walk" is a street (the
// caller also takes one an address was said about).
func walkEvent(v string, s, i, j, end int) bool {
	return strings.EqualFold(v[i:j], "walk") && (!clauseEndsOrGoesOn(v, end) || wordIn(v, s, wordEnd(v, s), walkWords))
}

// dutchOrdinalBefore returns the start of a capitalised Dutch ordinal and
// a blank right before s, or -1: Amsterdam numbers its parallel streets
// ("Tweede Jan Steenstraat", "Eerste Constantijn Huygensstraat").
func dutchOrdinalBefore(v string, s int) int {
	if at(v, s-1) != ' ' {
		return -1
	}
	b := lettersStart(v, s-1)
	if b == s-1 || b > 0 && isAlnum(v[b-1]) {
		return -1
	}
	switch v[b : s-1] {
	case "Eerste", "Tweede", "Derde", "Vierde", "Vijfde", "Zesde", "Zevende", "Achtste", "Negende", "Tiende":
		return b
	}
	return -1
}

// britishSuffix reports whether v[i:j] is a British street type that is
// as often a word (a table's row, a method, a parade, a walk), a street
// only after its house number or beside an address's word.
func britishSuffix(v string, i, j int) bool {
	var buf [maxWord]byte // folded without an allocation: these run for every street type and title
	switch string(lowerWord(v[i:j], &buf)) {
	case "row", "mews", "approach", "parade", "walk", "wynd", "brae":
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
	for k := sc.recent(); k < len(sc.dst); k++ {
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
//
// word calls it for every word that starts with one of six letters; the
// test of the second letter here, small enough to be inlined there, spares
// most of them the call (for speed: the call cost the text scan 3%). Every
// word poBoxAt takes has one letter or one of these second letters:
// pOstfach, pAckstation, pF, bP, cS, tSa, sKrytka, aPartado, cAixa, cX, bOîte.
func (sc *scan) poBox(i, j int) int {
	if j-i > 1 && !poBoxSecond[sc.v[i+1]] {
		return 0
	}
	return sc.poBoxAt(i, j)
}

// poBoxSecond holds the second letters of poBoxAt's words, in both cases.
var poBoxSecond = [256]bool{'o': true, 'O': true, 'a': true, 'A': true, 'p': true, 'P': true, 's': true, 'S': true,
	'k': true, 'K': true, 'x': true, 'X': true, 'f': true, 'F': true}

// poBoxAt is poBox past its test of the second letter.
func (sc *scan) poBoxAt(i, j int) int {
	v := sc.v
	p := j
	french := false // BP and CS are other things too: a postal code must follow
	pf := false     // PF too, unless the number is grouped in pairs as a Postfach's is
	// a mailbox of any kind too (a voicemail's, a form's): with a short
	// number, only where the clause ends ("Caixa Postal 3 mensagens")
	mailbox := false
	// c first in each case, for speed: the lengths alone let most words
	// on to the comparisons
	switch c := v[i] | 0x20; {
	case c == 'p' && (j-i == 8 && hasAt(v, i, "postfach") || j-i == 7 && hasAt(v, i, "postbus") || j-i == 11 && hasAt(v, i, "packstation")):
	case (c == 'b' || c == 'c') && j-i == 2 && (v[i:j] == "BP" || v[i:j] == "CS"):
		french = true
	case c == 'p' && j-i == 2 && (v[i:j] == "PF" || v[i:j] == "Pf" && at(v, j) == '.'):
		// "PF 12 34", "Pf. 10 01 23, 50667 Köln": Postfach, abbreviated
		pf = true
		if v[i+1] == 'f' {
			p++
		}
	case c == 'p' && j-i == 2 && hasAt(v, i, "po") && hasAt(v, j, " box"):
		p = j + 4
	case c == 'p' && j-i == 1 && hasAt(v, i, "p") && hasAt(v, j, ".o. box"):
		p = j + 7
	case c == 's' && j-i == 7 && hasAt(v, i, "skrytka") && hasAt(v, j, " pocztowa"):
		p = j + 9
	case c == 's' && j-i == 3 && hasAt(v, i, "skr") && hasAt(v, j, ". poczt."):
		p = j + 8 // "skr. poczt. 12"
	case c == 'a' && j-i == 8 && hasAt(v, i, "apartado") && hasAt(v, j, " de correos"):
		p = j + 11 // "Apartado de Correos 123"; "Apartado 45" is a section of a text as often: see streetBefore
	case c == 'a' && j-i == 4 && hasAt(v, i, "apdo") && at(v, j) == '.':
		p = j + 1
		if hasAt(v, p, " de correos") {
			p += 11 // "Apdo. de Correos 123"
		} else {
			french = true // "Apdo. 123, 28080 Madrid"; not "el apdo. 3 del contrato"
		}
	case c == 'c' && j-i == 7 && hasAt(v, i, "casella") && hasAt(v, j, " postale"):
		p, mailbox = j+8, true // "Casella Postale 12"
	case c == 'c' && j-i == 5 && hasAt(v, i, "caixa") && hasAt(v, j, " postal"):
		p, mailbox = j+7, true // "Caixa Postal 1234"
	case c == 'c' && j-i == 2 && hasAt(v, i, "cx") && hasAt(v, j, ". postal"):
		p = j + 8 // "Cx. Postal 1234"
	case c == 'b' && (j-i == 6 && hasAt(v, i, "boîte") || j-i == 5 && hasAt(v, i, "boite")) && hasAt(v, j, " postale"):
		p, mailbox = j+8, true // "Boîte postale 123"
	case (c == 'b' || c == 'c') && j-i == 1 && (v[i] == 'B' || v[i] == 'C') && at(v, j) == '.' && at(v, j+1) == 'P' && at(v, j+2) == '.':
		// "B.P. 123, 75008 Paris"; Italian "C.P. 12, 00100 Roma", a
		// casella postale, which a postcode must follow: "C.P. 28013
		// Madrid" is a código postal
		p = j + 3
		french = true
	case c == 't' && j-i == 3 && v[i:j] == "TSA":
		french = true // "TSA 12345, 75008 Paris": tri service arrivée
	default:
		return 0
	}
	if at(v, p) == ' ' && at(v, p+1)|0x20 == 'n' {
		// "Casella postale n. 12", "Caixa Postal nº 12"
		q := p + 2
		switch {
		case at(v, q) == '.':
			q++
		case hasAt(v, q, "°"), hasAt(v, q, "º"):
			q += 2
		default:
			q = 0
		}
		if q > 0 && at(v, q) == ' ' {
			p = q
		}
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
	if digits == 3 && at(v, e) == ' ' && isDigit(at(v, e+1)) && isDigit(at(v, e+2)) && isDigit(at(v, e+3)) && !isAlnum(at(v, e+4)) {
		e += 4 // "Postfach 100 234": two groups of three
	}
	if digits == 0 || isAlnum(at(v, e)) || mailbox && digits < 3 && !numberEndsLine(v, e) {
		return 0
	}
	if pf && (digits > 6 || at(v, e) == ' ' && isDigit(at(v, e+1))) {
		return 0 // a phone number's pairs: "PF 06 12 34 56 78"
	}
	if pf && strings.IndexByte(v[p+1:e], ' ') >= 0 {
		pf = false // "PF 12 34": in pairs, as DIN 5008 groups a Postfach's number
	}
	if french || pf {
		q := e
		for q < len(v) && q-e < 3 && (v[q] == ' ' || v[q] == ',' || v[q] == '-') {
			q++
		}
		if !isDigit(at(v, q)) {
			return 0 // "BP 2 Stück"
		}
	}
	sc.addOver(dStreet, Street, i, e, 0.85)
	sc.last[ctxAddress] = e
	return e
}

// lieuDit handles a French locality named where no street is: "lieu-dit
// Les Granges", "Lieudit La Croix", "lieu dit le Moulin Neuf". The words
// say a place's name follows; it is one to four capitalised words, an
// article and particles between them ("Les Granges du Bas"). The word
// at v[i:j] is "lieu" or "lieudit". It returns the end, or 0.
func (sc *scan) lieuDit(i, j int) int {
	v := sc.v
	p := j
	switch {
	case j-i == 7 && hasAt(v, i, "lieudit"):
	case j-i == 4 && hasAt(v, i, "lieu") && (hasAt(v, j, "-dit") || hasAt(v, j, " dit") && !prevWordIs(v, i, "eu", "aura", "avoir", "aurait")) && !isAlnum(at(v, j+4)):
		p = j + 4 // not "a eu lieu dit Le Monde": avoir lieu, and a source
	default:
		return 0
	}
	if at(v, p) == ' ' && at(v, p+1) == ':' {
		p++ // "Lieu-dit : Les Granges"
	}
	if at(v, p) == ':' {
		p++
	}
	end, words := 0, 0
	for k := 0; k < 6 && at(v, p) == ' '; k++ {
		q := p + 1
		if e := streetName(v, q); e > q {
			end, p = e, e
			words++
			continue
		}
		if e := wordEnd(v, q); e > q && streetParticle(v, q, e) {
			p = e // "le Moulin", "Les Granges du Bas"
			continue
		}
		if e := wordEnd(v, q); e == q+1 && apostropheLen(v, e) > 0 && (v[q] == 'l' || v[q] == 'L' || v[q] == 'd') {
			q = e + apostropheLen(v, e) // "l'Église"
			if e := streetName(v, q); e > q {
				end, p = e, e
				words++
				continue
			}
		}
		break
	}
	if words == 0 || words > 4 {
		return 0
	}
	return sc.street(i, end, 0.85)
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
	p, sep := lineSepBefore(v, s)
	e := p
	for p > 0 && (isAlnum(v[p-1]) || v[p-1] == '/' || v[p-1] == '-') && e-p < 10 {
		p--
	}
	if p == e || e == s || !houseNumber(v[p:e]) || at(v, p-1) != ' ' {
		return -1, false
	}
	// "Jungfernstieg 7, 20354 Hamburg": an address line as written, a
	// house number of three digits at most and a comma (or a line break,
	// or a blank-spaced dash or slash) before the postcode, counts
	// without an address's context when its word is none the dictionary
	// knows (a leak hunt found the street raw)
	line := sep && (e-p < 4 || !isDigit(v[p+3])) &&
		(!prevWordIs(v, p, siteWords...) || streetSiteBefore(v, p)) && !prevWordIs(v, p, countWords...) // not "Zimmer 3", "Kartons 4" (a review)
	start = -1
	// known: the word before the number is a listed one; headed: a
	// preposition or an article heads the name; capitals: the word
	// before the number is written in capitals
	known, headed, capitals := false, false, false
	for q, k, particles := p-1, 0, 0; k < 3; k++ {
		ws := q
		for ws > 0 && (isASCIILetter(v[ws-1]) || v[ws-1] >= 0x80 || v[ws-1] == '-') {
			ws--
		}
		if ws == q {
			break
		}
		if start >= 0 && particles < 2 && streetParticle(v, ws, q) && ws >= 2 && v[ws-1] == ' ' {
			// "In der Aue", "Unter den Linden", "Laan van Meerdervoort",
			// "Camino de los Molinos": articles and particles between
			// the name's capitalised words, counted only once a
			// capitalised word before them heads the name
			particles++
			k--
			q = blankRunStart(v, ws-1)
			continue
		}
		if nameWord(v, ws) != q {
			break // not one capitalised word
		}
		wi, ok := lookupWord(v, ws, q)
		if particles > 0 {
			if ok && (wi.flags&(wSalut|wMonth|wGiven) != 0 || wi.ctx != 0) {
				break // "Klant van Dijk 5", "Anna van Dijk 5": a person's name, not a street's
			}
			start, headed, particles = ws, true, 0
			if ws < 2 || v[ws-1] != ' ' {
				break
			}
			q = blankRunStart(v, ws-1)
			continue
		}
		if k > 0 && (nounEnding(v[ws:q], false) || capitals && q-ws <= 4) {
			// "Anlieferung Kesselhaken 3"; "UM NACH SONNENHANG 12": in
			// capitals any word looks like a name's, and a short one is
			// a preposition's as often ("LANGE VOORHOUT 9" is a street)
			break
		}
		if k > 0 && streetArticle(v, ws, q) {
			start, headed = ws, true // "De Dreef 14", "Het Hoogt 9", "El Olivar 3"
			break
		}
		if ok && wi.flags&wMonth != 0 {
			// "3 Maja 127/79", "11 Listopada 5": Polish streets named
			// after a date, with a house number that is no year ("geb.
			// 3 Mai 1985, 10115 Berlin" is a birth date)
			if d := ws - 1; at(v, d) == ' ' && isDigit(at(v, d-1)) && !(isDigit(at(v, p+1)) && isDigit(at(v, p+2)) && isDigit(at(v, p+3))) {
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
		if k == 0 {
			capitals = q-ws > 1 && isUpper(v[q-1]) && isUpper(v[q-2])
		}
		if k == 0 && !addr && !polishStreetWord(v[ws:q]) {
			if !line {
				return -1, false
			}
			known = ok
		}
		start = ws
		if ws < 2 || v[ws-1] != ' ' {
			break
		}
		q = blankRunStart(v, ws-1)
	}
	if known && !headed {
		// a listed word alone before the number ("Linden 7", "Kirche
		// 1") on an address line is a name or a noun as often; headed by
		// a preposition or an article it is a street's ("Unter den
		// Linden 77", "Hinter der Kirche 1")
		return -1, false
	}
	return start, false
}

// blankRunStart returns where the run of up to three spaces that ends at
// v[q] (a space) begins: a street's words read back over OCR's blanks as
// over one ("Am  Mühlbach 115b", see blankRun).
func blankRunStart(v string, q int) int {
	if q >= 2 && v[q-1] == ' ' && v[q-2] == ' ' && at(v, q-3) != ' ' {
		return q - 2
	}
	if q >= 1 && v[q-1] == ' ' && at(v, q-2) != ' ' {
		return q - 1
	}
	return q
}

// lineSepBefore returns where the house number before a postcode at s
// ends, over the blanks and the separator between them, and whether
// that separator ends an address line: a comma, a line break, or a dash
// or a slash with blanks around it ("Alcalá 120 - 28009 Madrid",
// "Achterom 5 / 1621 KV Hoorn").
func lineSepBefore(v string, s int) (int, bool) {
	if s >= 4 && v[s-1] == ' ' && (v[s-2] == '-' || v[s-2] == '/') && v[s-3] == ' ' {
		return s - 3, true
	}
	p, sep := s, false
	for p > 0 && s-p < 4 && (v[p-1] == ' ' || v[p-1] == ',' || v[p-1] == '\n' || v[p-1] == '\r' || v[p-1] == '\t') {
		p--
		sep = sep || v[p] == ',' || v[p] == '\n'
	}
	return p, sep
}

// streetSiteBefore reports a site's word before the house number at p that
// names streets as often: "Markt 233", "Grote Markt 7", "Grüner Winkel 9";
// not "Meeting Room 305", "Zimmer 3", "Halle 3".
func streetSiteBefore(v string, p int) bool {
	return prevWordIs(v, p, "markt", "winkel")
}

// streetParticle reports an article or a particle, in lower case, between
// the words of a street's name: German "der", "den", "dem", Dutch "van",
// "het", "ter", Spanish "de los", Italian "della", Portuguese "das".
func streetParticle(v string, a, b int) bool {
	if !isLower(v[a]) || b-a > 6 {
		return false
	}
	switch v[a:b] {
	case "der", "den", "dem", "die", "das", "des", "van", "de", "het", "ter", "ten", "op", "aan", "del", "la", "las",
		"los", "le", "les", "du", "di", "da", "do", "dos", "della", "delle", "dei", "degli":
		return true
	}
	return false
}

// streetArticle reports a capitalised article that begins a street's
// name before its capitalised word: Dutch "De Dreef", "Het Hoogt", Spanish
// "El Olivar", "La Rambla", "Los Pinos".
func streetArticle(v string, a, b int) bool {
	switch v[a:b] {
	case "De", "Het", "Den", "El", "La", "Las", "Los", "Le", "Les", "Il", "Lo":
		return true
	}
	return false
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

// streetNameEnding reports a German compound ending as the names of
// streets without a type do ("Sonnenhang", "Lerchenfeld", "Mühlenkamp",
// "Eichenhof"), and a clause's other nouns after a town seldom do
// ("Wohnfläche", "Kinderzahl", "Wartezeit"): see streetAfterTown.
func streetNameEnding(w string) bool {
	for _, end := range [...]string{"hang", "berg", "feld", "hof", "winkel", "anger", "wiese", "stieg", "kamp", "horst",
		"heide", "brink", "acker", "busch", "bühl", "hain", "hagen", "graben", "ried"} {
		if strings.HasSuffix(w, end) {
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
// Italian "in strada", "la contrada del Palio", French "en cours", "par
// voie", "Promenade Deck 7", "Carlos Estrada". Such a type makes a street
// only with a house number, and in lower case only after one (see
// frenchPrefix).
func plainWordPrefix(v string, i, j int) bool {
	var buf [maxWord]byte // folded without an allocation: these run for every street type and title
	switch string(lowerWord(v[i:j], &buf)) {
	case "largo", "ronda", "camino", "carretera", "estrada", "alameda", "calçada", "travesía", "strada", "contrada",
		"pasaje", "glorieta", "urbanización", "urbanizacion", "beco", "salita", "borgo", "vico":
		return true // and "el pasaje de avión", "la salita", "Borgo San Lorenzo" (a town)
	}
	return frenchPrefix(v, i, j)
}

// frenchPrefix reports whether v[i:j] is a plain word's street type French
// writes after the house number, in lower or upper case ("15 cours
// Mirabeau", "3 voie Romaine", "15 Promenade des Anglais").
func frenchPrefix(v string, i, j int) bool {
	var buf [maxWord]byte // folded without an allocation: these run for every street type and title
	switch string(lowerWord(v[i:j], &buf)) {
	case "cours", "voie", "promenade":
		return true
	}
	return false
}

// numberedPrefix reports whether v[i:j] is a street type that counts only
// after a house number (see streetPrefix).
func numberedPrefix(v string, i, j int) bool {
	var buf [maxWord]byte // folded without an allocation: these run for every street type and title
	switch string(lowerWord(v[i:j], &buf)) {
	case "square", "faubourg", "hameau", "ruelle", "sentier", "esplanade", "lotissement":
		return true
	}
	return false
}

// britishLine returns where a British or Irish address line that ends in
// the postcode (or Eircode) at i begins, or -1. The line is the mirror of
// the continental one (lineStreet): a house number and the capitalised
// words of its street, a comma, the town and county, then the postcode
// ("14 Kingsway, Manchester M19 2LL", "12 Meadow View, Kendal, Cumbria,
// LA9 4QE", "moved to 5 The Crescent, Harrogate HG1 2RT"). The number
// comes first, at the start of the value, a line or a clause, and a comma
// parts the street from the town: counts, rooms and versions put their
// number last and have no such comma ("Room 12, Building A1 1AA", "Order
// 5, Version 2 M1 1AE"). In an address's context the commas may be
// missing ("NEW ADDRESS 14 KINGSWAY STOCKPORT SK4 2AA").
func britishLine(v string, i int, addr bool) int {
	p := i - 1
	if at(v, p) != ' ' {
		return -1
	}
	if at(v, p-1) == ',' {
		p--
	} else if at(v, p-1) == '-' && at(v, p-2) == ' ' {
		p -= 2 // "Exeter - EX4 3PL"
	}
	// known: a listed town or "Co." among the words after the street;
	// typed: the street's last word is a street's type. One of them, or an
	// address's context, must show an address: "3 Extra Towels, Room LS1
	// 4AB" counts towels.
	segs, words := 0, 0
	known, segKnown, typed := false, false, false
	// A line with no house number starts with the house's name or its
	// street: cand is where the longest such start found so far begins
	// ("Rose Cottage, Mill Lane, Fakenham NR21 0AB", "Hillside, Mill
	// Lane, ..."), the line's when no number comes before it.
	house, nextTyped, cand := false, false, -1
	for n := 0; n < 16; n++ {
		e := p
		if at(v, e-1) == '.' {
			e-- // "Co. Wexford", "St. Mary's Road"
		}
		s := placeWordStart(v, e)
		if s == e {
			d := e
			if isASCIILetter(at(v, d-1)) && isDigit(at(v, d-2)) {
				d-- // "221B Baker Street"
			}
			for d > 0 && isDigit(v[d-1]) && e-d < 4 {
				d--
			}
			if words == 0 && d >= 7 && hasAt(v, d-7, "dublin ") && dublinDistrict(v, d-1) == e {
				p = d - 1 // "Dublin 6": the postal district is the town's
				continue
			}
			if d == e || !isDigit(v[d]) || words == 0 || segs == 0 && !addr || d > 0 && isAlnum(v[d-1]) {
				return cand
			}
			if !lineHead(v, d, addr) || !addr && !known && !typed {
				return cand
			}
			return d
		}
		if isUpperAt(v, s) {
			if segs == 0 && !placeWord(v, s, e) && !(e-s == 2 && v[s:e] == "Co") {
				return -1 // "Status OK M1 1AE": no town's name
			}
			if wi, ok := lookupWord(v, s, e); ok && wi.flags&wCity != 0 || e-s == 2 && v[s:e] == "Co" {
				segKnown = true
			}
			if words == 0 {
				typed = britishStreetType(v, s, e) // the last word of the segment: the street's when the number comes
				house = wordIn(v, s, e, houseWords)
			}
		} else if words == 0 || !townParticle(v[s:e]) {
			return cand
		}
		words++
		if words > 4 || segs > 3 {
			return cand
		}
		if segs > 0 && (house || nextTyped || typed && (known || addr)) && lineHead(v, s, addr) {
			cand = s
		}
		switch {
		case at(v, s-1) == ' ' && at(v, s-2) == ',':
			segs, words, p = segs+1, 0, s-2
			known, segKnown = known || segKnown, false // a town or county: the street's segment is still to come
			nextTyped = typed && segs > 1
		case at(v, s-1) == ' ':
			p = s - 1
		default:
			return cand
		}
	}
	return cand
}

// britishStreetType reports whether the capitalised word v[s:e] ends a
// British or Irish street's name: a listed street type ("Road",
// "Crescent", "Terrace"), one of the types of British streets no list
// holds ("View", "Hill", "Rise"), or one word ending in "-way" or
// "-gate" ("Kingsway", "Southgate").
func britishStreetType(v string, s, e int) bool {
	if wi, ok := lookupWord(v, s, e); ok && wi.flags&wStreetSuf != 0 {
		return true
	}
	w := v[s:e]
	for _, t := range [...]string{"view", "hill", "rise", "green", "park", "vale", "wharf", "yard", "brow", "croft"} {
		if strings.EqualFold(w, t) {
			return true
		}
	}
	return len(w) > 4 && (hasSuffixFold(w, "way") || hasSuffixFold(w, "gate"))
}

// lineHead reports whether an address line may start at d: at the start
// of the value or of a line, after a comma or a colon, or after a word in
// lower case ("moved to 14 Kingsway, ..."), or anywhere in an address's
// context. A capitalised word before the number is its label as often
// ("Meeting 3 Project Kick, London SW1A 1AA").
func lineHead(v string, d int, addr bool) bool {
	if d == 0 || addr {
		return true
	}
	switch v[d-1] {
	case '\n', '\r', '\t':
		return true
	case ' ':
		switch c := at(v, d-2); {
		case c == ',' || c == ':' || c == ';':
			return true
		case isLower(c):
			return !isUpperAt(v, lettersStart(v, d-1))
		}
	}
	return false
}

// placeWordStart returns the start of the word of a place's name that
// ends at e: letters, with hyphens and apostrophes between them
// ("Stoke-on-Trent", "St Mary's"), or e.
func placeWordStart(v string, e int) int {
	s := lettersStart(v, e)
	for s < e {
		switch {
		case at(v, s-1) == '-' && letterBefore(v, s-1) > 0:
			s = lettersStart(v, s-1)
		case at(v, s-1) == '\'' && letterBefore(v, s-1) > 0:
			s = lettersStart(v, s-1)
		case s >= 4 && v[s-3:s] == "’" && letterBefore(v, s-3) > 0:
			s = lettersStart(v, s-3)
		default:
			return s
		}
	}
	return s
}

// placeWord reports whether the capitalised word v[s:e] may name a town: a
// listed town, or no listed word other than a name (townWord).
func placeWord(v string, s, e int) bool {
	if wi, ok := lookupWord(v, s, e); ok && wi.flags&wCity != 0 {
		return true
	}
	return townWord(v, s, e)
}

// townParticle reports a lower-case word inside a British or Irish town's
// or street's name: "Newcastle upon Tyne", "Bishop's Stortford on the
// Hill", "Stratford on Avon".
func townParticle(w string) bool {
	switch w {
	case "upon", "on", "the", "in", "by", "le", "de", "of":
		return true
	}
	return false
}

// lineFree reports whether the findings from s on are only what an
// address line's words may be taken for (a name, a street, a town), which
// the line replaces: any other ("Order 12" a reference) keeps it apart.
func (sc *scan) lineFree(s int) bool {
	for k := len(sc.dst) - 1; k >= sc.base && sc.dst[k].End > s; k-- {
		switch family(sc.dst[k].Category) {
		case Name, Address:
		default:
			return false
		}
	}
	return true
}

// townBeforePostcode returns where the town, and the county or the
// locality before it, written before the British or Irish postcode at i
// start ("Manchester M19 2LL", "Exeter - EX4 3PL", "Ferns, Co. Wexford Y21
// KX40"), or i: up to two parts of up to three capitalised words, no
// listed word but a town's or a name's among them, a comma between the
// parts. British and Irish addresses put the town there. A town no list
// holds counts in an address's context or on a line of its own with the
// postcode, which ends at pe ("Harrogate HG1 2RT"): "Room 12, Building A1 1AA", "Invoice 7,
// Batch M1 1AE" have a word there; the county, or locality, before it
// only after a listed town or an Irish county.
func townBeforePostcode(v string, i, pe int, addr bool) int {
	p := i - 1
	if at(v, p) != ' ' {
		return i
	}
	if at(v, p-1) == ',' {
		p--
	} else if at(v, p-1) == '-' && at(v, p-2) == ' ' {
		p -= 2
	}
	// known: the town is a listed one, or an Irish county ("Co. Cork")
	start, known := i, false
	for segs := 0; segs < 2; segs++ {
		s, q := p, p
		for words := 0; words < 3; words++ {
			e := q
			if at(v, e-1) == '.' && e >= 3 && v[e-3:e-1] == "Co" {
				e-- // "Co. Wexford"
			}
			ws := placeWordStart(v, e)
			if ws == e || !isUpperAt(v, ws) || !placeWord(v, ws, e) && v[ws:e] != "Co" {
				break
			}
			if segs == 0 && words == 0 {
				wi, ok := lookupWord(v, ws, e)
				known = ok && wi.flags&wCity != 0 || ws >= 4 && v[ws-4:ws] == "Co. "
			}
			s = ws
			if at(v, ws-1) != ' ' || at(v, ws-2) == ',' {
				break
			}
			q = ws - 1
		}
		if s == p || segs > 0 && !known {
			break
		}
		if !known && !addr && !lineAlone(v, s, pe) {
			break // "Room 12, Building A1 1AA", "Invoice 7, Batch M1 1AE"
		}
		switch {
		case s == 0 || v[s-1] == '\n' || v[s-1] == '\t':
			return s
		case v[s-1] == ' ' && at(v, s-2) == ',':
			start, p = s, s-2 // the county or locality before: "Ferns, Co. Wexford"
			continue
		case segs == 0 && v[s-1] == ' ' && (at(v, s-2) == ':' || isLower(at(v, s-2)) && !isUpperAt(v, lettersStart(v, s-2))):
			return s // "lives in Exeter EX4 3PL", "Address: Exeter EX4 3PL"
		}
		break
	}
	return start
}

// townAfterStreet returns the end of the town named, after a preposition,
// right after the street that ends at e ("Rosenstraße 12 in Bamberg", "14
// rue Saint-Éloi à Rouen", "Kerkstraat 12 te Zevenhuizen", "ul. Cichej 4 w
// Gdyni", "Rua do Sol 8, 3º Dto, em Évora"), or e. The town is one or two
// capitalised words, a listed town or no listed word but a name, and the
// clause ends after it: what follows a street so is where it is.
func townAfterStreet(v string, e int, addr bool) int {
	p := e
	if at(v, p) == ',' {
		p++
	}
	if at(v, p) != ' ' {
		return e
	}
	q := wordEnd(v, p+1)
	prep := v[p+1 : q]
	switch prep {
	case "in", "à", "te", "w", "we", "em", "en":
	default:
		return e
	}
	if at(v, q) != ' ' {
		return e
	}
	end := e
	for k, s := 0, q+1; k < 2; k++ {
		te := nameWord(v, s)
		if te-s < 2 || !placeWord(v, s, te) {
			break
		}
		if wi, ok := lookupWord(v, s, te); !(ok && wi.flags&wCity != 0) && !townAfterWord(prep, v[s:te], addr) {
			break
		}
		end = te
		if at(v, te) != ' ' {
			break
		}
		s = te + 1
	}
	if end == e {
		return e
	}
	switch at(v, end) {
	case 0, '.', ',', ';', '!', '?', ')', '\n', '\r':
		return end
	}
	return e
}

// townAfterComma returns the end of the town written after a comma right
// after the British or Irish street v[s:e], or e: "3 Church Lane,
// Manchester", "14 Orchard Close, Fakenham", "12 Merrion Square, Dublin
// 2". The street starts with its house number and ends in a British
// street's type, as British streets are written; the town is one
// capitalised word, a listed town or one that ends as British towns do
// (or any place's word in an address's context), with a Dublin district's
// number after "Dublin"; and the clause ends after it or goes on with a
// word such as "last" or "on" (clauseGoesOn): "3 Church Lane, Manchester
// United" names a club, "Report 3, Church Lane project" has no number
// first.
func townAfterComma(v string, s, e int, addr bool) int {
	if k := strings.LastIndex(v[s:e], ", "); k >= 0 {
		s += k + 2 // the street after its flat: "Flat 2/1, 14 Kelvin Street"
	}
	if !hasAt(v, e, ", ") || !isDigit(v[s]) {
		return e
	}
	we := e
	if v[we-1] == '.' {
		we-- // "12 Main St., Leeds"
	}
	if ws := lettersStart(v, we); ws == we || !britishStreetType(v, ws, we) {
		return e
	}
	t := e + 2
	te := placeWordEnd(v, t)
	if te-t < 3 || !isUpperAt(v, t) || !placeWord(v, t, te) {
		return e
	}
	if wi, ok := lookupWord(v, t, te); !(ok && wi.flags&wCity != 0) && !addr && (!britishTown(v[t:te]) || ok && wi.flags&(wGiven|wSurname) != 0) {
		return e // "3 Hard Drive, Graham", "..., Hilton": a person's name ends as towns do
	}
	if strings.EqualFold(v[t:te], "dublin") {
		te = dublinDistrict(v, te)
	}
	if clauseEndsOrGoesOn(v, te) {
		return te
	}
	return e
}

// clauseEndsOrGoesOn reports whether the clause of the street or town
// that ends at p ends there, or goes on with a word such as "last" or
// "on" (clauseGoesOn) rather than a noun that makes the words before it a
// thing's name: "14 Orchard Walk." but "2 Ghost Walk tickets". Unlike
// clauseEnd it takes ')' and the value's end, and a full stop or a comma
// between digits, as ends.
func clauseEndsOrGoesOn(v string, p int) bool {
	switch c := at(v, p); {
	case c == 0 || c == '.' || c == ',' || c == ';' || c == '!' || c == '?' || c == ')' || c == '\n' || c == '\r':
		return true
	case c == ' ' && wordIn(v, p+1, wordEnd(v, p+1), clauseGoesOn):
		return true
	}
	return false
}

// clauseGoesOn are the words that go on with a clause after an address
// ("moved to 22 Station Road, Leeds last month", "... Bristol since May"),
// where a noun after the town makes it a firm's branch or depot ("3 Hard
// Drive, Manchester depot").
var clauseGoesOn = []string{"on", "in", "at", "from", "since", "until", "till", "last", "next", "this", "before", "after",
	"and", "but", "or", "for", "by", "as", "with", "to", "today", "yesterday", "tomorrow", "is", "was", "has", "had", "will", "please"}

// placeWordEnd returns the end of the word of a place's name that starts
// at s: letters, with hyphens and apostrophes between them
// ("Stoke-on-Trent", "Bishop's").
func placeWordEnd(v string, s int) int {
	e := nameWord(v, s)
	for e > s && (at(v, e) == '-' || at(v, e) == '\'') && isASCIILetter(at(v, e+1)) {
		e = nameWord(v, e+1)
	}
	return e
}

// britishTown reports whether w ends as the names of British towns do
// ("Fakenham", "Kendal" does not; "Wolverhampton", "Stratford",
// "Shrewsbury", "Middlesbrough", "Dorchester", "Bournemouth").
func britishTown(w string) bool {
	if len(w) < 6 {
		return false
	}
	for _, end := range [...]string{"ham", "ton", "ford", "bury", "borough", "brough", "chester", "cester", "caster",
		"mouth", "wich", "wick", "field", "bridge", "pool", "stead", "worth", "combe", "minster", "thorpe", "hurst"} {
		if hasSuffixFold(w, end) {
			return true
		}
	}
	return false
}

// dublinDistrict returns the end of the postal district's number after
// "Dublin", which ends at e ("Dublin 2", "Dublin 24", "Dublin 6W"), or e.
func dublinDistrict(v string, e int) int {
	if at(v, e) != ' ' || !isDigit(at(v, e+1)) {
		return e
	}
	d := e + 2
	if isDigit(at(v, d)) {
		if n := int(v[e+1]-'0')*10 + int(v[d]-'0'); n < 10 || n > 24 {
			return e
		}
		d++
	} else if v[e+1] == '0' {
		return e
	} else if v[e+1] == '6' && at(v, d) == 'W' {
		d++
	}
	if isAlnum(at(v, d)) {
		return e
	}
	return d
}

// townAfter joins to the street just found, which ends at e, the town
// named after it (townAfterStreet) or, after a preposition, before it
// (townBeforeStreet), as one address, and returns where the scan goes on.
func (sc *scan) townAfter(e int) int {
	n := len(sc.dst)
	if n == sc.base || sc.dst[n-1].End != e || sc.dst[n-1].Category != Street || !sc.s.on(dAddress) {
		return e
	}
	f := &sc.dst[n-1]
	said := sc.addressSaid(f.Start)
	te := townAfterStreet(sc.v, e, said)
	if te == e {
		te = townAfterComma(sc.v, f.Start, e, said)
	}
	if te > e {
		f.Category, f.End, f.Detector = Address, te, detectorNames[dAddress]
		f.Score = max(f.Score, 0.5) // a bare street's (barePlace) with its town is an address
	} else if ts := townBeforeStreet(sc.v, f.Start, true); ts >= 0 && (n-1 == sc.base || sc.dst[n-2].End <= ts) &&
		townBeforeStreet(sc.v, f.Start, sc.addressSaid(ts)) == ts {
		f.Category, f.Start, f.Detector = Address, ts, detectorNames[dAddress] // "wohnt in Lindau, Hauptstraße 12"
		f.Score = max(f.Score, 0.5)
	}
	return te
}

// townBeforeStreet returns the start of the town named, after a
// preposition and before a comma, right before the street that starts at
// s ("in Lindau, Hauptstraße 12", "à Lyon, 3 allée des Tilleuls", "w
// Gdyni, ul. Długa 5"), or -1: the mirror of townAfterStreet, with the
// same towns (one or two capitalised words, a listed town or one
// townAfterWord allows).
func townBeforeStreet(v string, s int, addr bool) int {
	if at(v, s-1) != ' ' || at(v, s-2) != ',' {
		return -1
	}
	q := s - 2
	for k := 0; k < 2; k++ {
		ws := placeWordStart(v, q)
		if q-ws < 2 || !isUpperAt(v, ws) || !placeWord(v, ws, q) || at(v, ws-1) != ' ' {
			return -1
		}
		ps := lettersStart(v, ws-1)
		if ps > 0 && isAlnum(v[ps-1]) {
			return -1
		}
		switch prep := v[ps : ws-1]; prep {
		case "in", "à", "te", "w", "we", "em", "en":
			first := placeWordStart(v, ws) // the town's first word is ws's
			if fe := wordEnd(v, first); cityAt(v, ws) || townAfterWord(prep, v[ws:fe], addr) {
				return ws
			}
			return -1
		}
		q = ws - 1
	}
	return -1
}

// streetAfterTown handles a street named without a type after the town
// and a comma, where a word says an address follows: "Kunde wohnt in
// Lindau, Sonnenhang 12" (townBeforeStreet). The street is one long
// compound no list holds, or a Polish street's adjective, and a house
// number that ends the clause; as streetBefore's before a postcode, such
// words count only so ("in Hamburg, Abschnitt 12" is a section). The word
// is v[i:j]. It returns the end, or 0.
func (sc *scan) streetAfterTown(i, j int) int {
	v := sc.v
	w := v[i:j]
	if !(len(w) >= 8 || polishStreetWord(w)) || nounEnding(w, true) || timeNoun(w) || !sc.s.on(dAddress) {
		return 0
	}
	e := houseNumberAfter(v, j)
	if e == 0 || countedAfter(v, e) || !numberEndsLine(v, e) || !polishStreetWord(w) && !streetNameEnding(w) {
		return 0 // "wohnt in Essen, Wohnfläche 80", "wohnt in Köln, Kundennummer 4711"
	}
	ts := townBeforeStreet(v, i, true)
	if ts < 0 || !sc.addressSaid(ts) || !sc.lineFree(ts) {
		return 0
	}
	sc.addOver(dAddress, Address, ts, e, 0.8)
	sc.last[ctxAddress] = e
	sc.capStart, sc.capEnd = none, none
	return e
}

// addressSaid reports whether the field, or one of the four words before
// s in its clause, names an address ("wohnt", "mieszka przy", "woont op").
// addressNear will not do after a street: the street itself set it.
func (sc *scan) addressSaid(s int) bool {
	if sc.fctx&(1<<ctxAddress) != 0 {
		return true
	}
	v := sc.v
	for p := wordsBack(v, s, 4); p < s; {
		e := wordEnd(v, p)
		if e == p {
			p++
			continue
		}
		if wi, ok := lookupWord(v, p, e); ok && wi.ctx&(1<<ctxAddress) != 0 {
			return true
		}
		p = e
	}
	return false
}

// townAfterWord reports whether w, a capitalised word no list holds after
// a street and the preposition prep, may be a town. German capitalises its
// nouns ("Hauptstraße 5 in Arbeit", "Am Markt 3 in Kürze"): after "in" a
// town must end as towns do (toponym, and the Dutch "-huizen", "-dam",
// "-wijk"). French, Dutch "te", Polish and Portuguese write their nouns in
// lower case, but not the words that end as nouns or infinitives do ("à
// Vérifier", "w Realizacji").
func townAfterWord(prep, w string, addr bool) bool {
	if prep == "in" {
		if toponym(w) {
			return true
		}
		for _, end := range [...]string{"huizen", "dam", "wijk", "hoven", "horst", "veen", "woude", "meer", "dijk", "zijl"} {
			if len(w) > len(end) && hasSuffixFold(w, end) {
				return true // "Zevenhuizen", "Edam"; not "in Dam", "in Meer"
			}
		}
		return false
	}
	if !addr {
		return false // notes write a status in title case too: "à Suivre", "w Toku", "em Curso", "en Proceso", "te Koop"
	}
	if (prep == "w" || prep == "we") && strings.IndexByte("aeiouy", w[len(w)-1]) < 0 {
		return false // a Polish town after "w" is in the locative: "w Gdyni", "w Lublinie"; not "w Poniedziałek"
	}
	if nounEnding(w, true) || timeNoun(w) || townlessNoun(w) || hasSuffixFold(w, "er") || hasSuffixFold(w, "ir") || hasSuffixFold(w, "cji") {
		return false
	}
	return true
}

// lineAlone reports whether the words from s to the postcode that ends
// at e are the whole of their line, with only blanks before and after
// them: "Part SW1A 1AA replaced under warranty" is not.
func lineAlone(v string, s, e int) bool {
	for k := s - 1; k >= 0 && v[k] != '\n'; k-- {
		if v[k] != ' ' && v[k] != '\t' {
			return false
		}
	}
	for k := e; k < len(v) && v[k] != '\n' && v[k] != '\r'; k++ {
		if v[k] != ' ' && v[k] != '\t' {
			return false
		}
	}
	return true
}

// irishCounties are the counties of Ireland and Northern Ireland, named
// after "Co." or "County" in their addresses.
var irishCounties = []string{"antrim", "armagh", "carlow", "cavan", "clare", "cork", "derry", "londonderry", "donegal",
	"down", "dublin", "fermanagh", "galway", "kerry", "kildare", "kilkenny", "laois", "leitrim", "limerick", "longford",
	"louth", "mayo", "meath", "monaghan", "offaly", "roscommon", "sligo", "tipperary", "tyrone", "waterford",
	"westmeath", "wexford", "wicklow"}

// irishCounty reports the Irish address line that ends in the county
// whose word "Co", "Co." or "County" is v[i:j] ("Ballymore, Co.
// Westmeath", "12 Main Street, Mullingar, Co. Westmeath", "Carrigaline,
// Co Cork"), and returns its end, or 0. The county alone is a place, as a
// town is, and counts only in an address's context; the town, village or
// townland before it, after a comma, makes the line, with the street or
// the house's name before that. Before an Eircode the postcode's line
// (britishLine) takes it all.
func (sc *scan) irishCounty(i, j int) int {
	if sc.fctx&(1<<ctxAddress) != 0 {
		return 0 // an address column's value is the address whole (scan.whole)
	}
	v := sc.v
	k := j
	if at(v, k) == '.' && j-i == 2 {
		k++
	}
	if at(v, k) != ' ' || !isUpperAt(v, k+1) {
		return 0
	}
	ce := nameWord(v, k+1)
	if !wordIn(v, k+1, ce, irishCounties) {
		return 0
	}
	switch c := at(v, ce); {
	case c == ' ' && (isUpper(at(v, ce+1)) || isDigit(at(v, ce+1))), c == ',' && at(v, ce+1) == ' ' && isUpper(at(v, ce+2)):
		return 0 // "Co. Cork P31 KF20", "Co. Kerry, V92 X2F3": the Eircode's line
	}
	start, score := i, 0.7
	if n := len(sc.dst); n > sc.base && family(sc.dst[n-1].Category) == Address && sc.dst[n-1].End == i-2 && hasAt(v, i-2, ", ") {
		start, score = sc.dst[n-1].Start, 0.85 // "2 Church Road, Bandon, Co. Cork": the street took the town
	} else if at(v, i-1) == ' ' && at(v, i-2) == ',' {
		if s := localityStart(v, i-2); s >= 0 && !sc.nameAfter(s) {
			start = s
		}
	}
	if start == i && !sc.addressSaid(i) {
		return 0 // "Co. Cork branch manager", "County Cork championship"
	}
	town := score < 0.85 && start < i // a town and its county, alone so far: "Kinsale, Co. Cork"
	for k := 0; k < 2 && score < 0.85 && start < i && start >= 2 && v[start-2:start] == ", "; k++ {
		if n := len(sc.dst); n > sc.base && family(sc.dst[n-1].Category) == Address && sc.dst[n-1].End == start-2 {
			start, score = sc.dst[n-1].Start, 0.85 // "12 Main Street, Ballymore, Co. Westmeath"
			break
		}
		if h := houseNameStart(v, start-2); h >= 0 {
			start = h // "The Cottage, Ballyvaughan, Co. Clare"
			break
		}
		s := localityStart(v, start-2)
		if s < 0 || sc.nameAfter(s) {
			break
		}
		start = s // the townland before the town: "Knockmore, Ballina, Co. Mayo"
	}
	if town && start == localityStart(v, i-2) && !lineAlone(v, start, ce) && !sc.addressSaid(start) && !(hasAt(v, start-2, ", ") && sc.nameAfter(start-3) && clauseEndsOrGoesOn(v, ce)) {
		// a place in a sentence, as a town alone is: "trip to Kinsale, Co.
		// Cork next week"; after a person's name it is theirs ("Sarah
		// Kelly, Ballina, Co. Mayo")
		return 0
	}
	if !sc.lineFree(start) {
		return 0
	}
	sc.addOver(dAddress, Address, start, ce, score)
	return ce
}

// nameAfter reports whether a person's name found so far ends after s:
// the words there sign or greet ("Sarah Kelly, Co. Clare"), they name no
// town before the county.
func (sc *scan) nameAfter(s int) bool {
	for k := len(sc.dst) - 1; k >= sc.base && sc.dst[k].End > s; k-- {
		if family(sc.dst[k].Category) == Name {
			return true
		}
	}
	return false
}

// localityStart returns where the town, village or townland whose name
// ends at e starts, or -1: up to three capitalised words of a place's
// name, the whole of their clause ("Ballymore", "Newtown Mount Kennedy").
func localityStart(v string, e int) int {
	s := e
	for words := 0; words < 3; words++ {
		w := placeWordStart(v, s)
		if w == s || !isUpperAt(v, w) || !placeWord(v, w, s) {
			return -1
		}
		s = w
		if lineHead(v, s, false) {
			return s
		}
		if at(v, s-1) != ' ' {
			return -1
		}
		s--
	}
	return -1
}

// street records the street v[start:end] at score, in place of what was
// found inside it, and returns end: the end step the street finders share.
// The capitalised run is over: its words were the street's.
func (sc *scan) street(start, end int, score float64) int {
	sc.addOver(dStreet, Street, start, end, score)
	sc.last[ctxAddress] = end
	sc.capStart, sc.capEnd = none, none
	return end
}
