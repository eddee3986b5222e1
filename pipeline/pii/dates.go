package pii

import (
	"slices"
	"strings"
)

// Dates of birth: numeric and spelled-out dates, timestamps recognised and skipped.

// dateCand interprets dd.mm.yyyy, yyyy-mm-dd, dd/mm/yyyy, mm/dd/yyyy and
// timestamps. A timestamp is claimed without a finding.
func (sc *scan) dateCand(t *numTok, c *cand) {
	if t.ng < 3 || t.plus || t.paren || t.sep[1] != t.sep[2] || (t.ng > 3 && t.sep[3] != ' ') {
		return
	}
	s := t.sep[1]
	if s != '.' && s != '/' && s != '-' && !(s == ' ' && t.shape(2, 2, 4) && sc.ctx(ctxDOB, t.start)) {
		return // blanks between the parts only after a birth word: "DOB 12 03 1985"
	}
	v := sc.v
	l0, l1, l2 := t.glen(0), t.glen(1), t.glen(2)
	a, b, cc := t.gval(v, 0), t.gval(v, 1), t.gval(v, 2)
	var y, m, d int
	switch {
	case l0 == 4 && l1 <= 2 && l2 <= 2:
		y, m, d = a, b, cc
	case l0 <= 2 && l1 <= 2 && (l2 == 4 || l2 == 2):
		y, m, d = cc, b, a
		if s == '/' && a <= 12 && b > 12 {
			m, d = a, b
		}
		if l2 == 2 {
			y = fullYear(cc)
		}
	default:
		return
	}
	if !validDate(y, m, d) {
		return
	}
	c.claim = true
	e := t.ge[2]
	c.e = e
	// timestamp: 2024-01-05T10:00:00Z, 05.01.2024 10:00
	if p := e; (at(v, p) == 'T' || at(v, p) == ' ') && isDigit(at(v, p+1)) && (at(v, p+2) == ':' || at(v, p+3) == ':') {
		p++
		for k := 0; p < len(v) && k < 40 && (isDigit(v[p]) || v[p] == ':' || v[p] == '.' || v[p] == '+' || v[p] == '-' || v[p] == 'Z'); k++ {
			p++
		}
		c.e = p
		if sc.labelledBy(ctxDOB, t.start) || t.start == sc.bornAt && !sc.bornLoose || sc.labelledOn(ctxDOB, t.start) {
			// "geb. 12.03.1975 00:00:00": a birth date from a datetime
			// column, labelled as one, went out raw (a review)
			sc.dobScore(c, t.start, p, y)
		}
		return
	}
	sc.dobScore(c, t.start, e, y)
}

// compactDOB interprets eight digits right after a birth word as a date
// of birth written without separators, day first ("geb 12031985",
// "gebdat 17091958") or, after an English birth word, year first as ISO
// compact ("DOB 19850312"). Elsewhere eight digits are as likely an order
// or a customer number, and year first a dated id ("Geb. 20230314":
// Gebäude, a building); recent dates are a document's. Six digits are
// the day, the month and a year of two, as old systems kept them
// ("GebDat: 030461", "DOB 030461": 1930-2010, as fullYear reads it).
func (sc *scan) compactDOB(t *numTok, c *cand) {
	if t.ng != 1 || t.nd != 8 && t.nd != 6 || !sc.labelledBy(ctxDOB, t.start) {
		return
	}
	g := t.d[:8]
	if t.nd == 6 {
		y, m, d := fullYear(digitsValue(g[4:6])), digitsValue(g[2:4]), digitsValue(g[:2])
		if validDate(y, m, d) && y <= 2010 {
			c.claim = true
			c.e = t.ge[0]
			sc.dobScore(c, t.gs[0], c.e, y)
		}
		return
	}
	y, m, d := digitsValue(g[4:]), digitsValue(g[2:4]), digitsValue(g[:2])
	if !validDate(y, m, d) && englishBirthLabel(sc.v, sc.last[ctxDOB]) {
		y, m, d = digitsValue(g[:4]), digitsValue(g[4:6]), digitsValue(g[6:]) // "DOB: 19850312", as ISO dates are written compact
	}
	if !validDate(y, m, d) || y > 2010 {
		return // recent dates so are a document's ("born 23032024 project kickoff")
	}
	c.claim = true
	c.e = t.ge[0]
	sc.dobScore(c, t.gs[0], c.e, y)
}

// yearOfBirth offers a year of birth for four digits right after a birth
// word, or after it and "in" ("DOB: 1961", "geb. 1961", "born in 1961",
// "né en 1961", "urodzony w 1961"): beside a name a year narrows a person
// down almost as a whole date does. Years after 2010 are rather an
// event's ("Geburtstag 2024"), and a year is all the four digits are:
// "geb. 1961-03" and "born 1961/62" are read as dates or not at all.
func (sc *scan) yearOfBirth(t *numTok, c *cand) {
	if t.ng != 1 || t.nd != 4 || t.plus || t.paren || sc.noDOB || !(sc.labelledBy(ctxDOB, t.start) || sc.bornIn(t.start) || sc.personsYear(t.start)) {
		return
	}
	if y := digitsValue(t.d[:4]); y < 1900 || y > 2010 {
		return
	}
	c.offer(dDOB, DateOfBirth, t.gs[0], t.ge[0], 0.8)
	c.e = t.ge[0]
	sc.last[ctxDOB] = none // the birth word's one date: "DOB 1961, Vertrag 12.03.2024"
}

// personsYear reports "Jahrgang" or "Jg." right before pos said of a
// person: a person's word or a name right before it, a comma or a bracket
// between ("Kunde Jahrgang 1961", "Herr Meier, Jahrgang 1955", "Kundin
// (Jg. 1948)"), or "bin", or "ist" after such a word or name ("ich bin
// Jahrgang 1961", "Herr Meier ist Jahrgang 1955") or after "sie" or "er"
// ("Sie ist Jahrgang 1961"; a wine is "es", or named). Said of anything else
// it is a wine's vintage, a car's model year or a school's year as often
// ("Riesling Jahrgang 2015", "Jahrgang 2019 Spätlese", "Jahrgang 1998
// der Schule"), which a leak hunt's cases do not outweigh; yearOfBirth
// takes no year after 2010 in any case.
func (sc *scan) personsYear(pos int) bool {
	v := sc.v
	le := labelEnd(v, pos)
	if le < 0 || v[le-1]|0x20 != 'g' {
		return false // the cheap test first: both words end in g
	}
	s := letterRunStart(v, le)
	if w := v[s:le]; !strings.EqualFold(w, "jahrgang") && !(strings.EqualFold(w, "jg") && at(v, le) == '.') {
		return false
	}
	switch w, ws := blankWordBefore(v, s); {
	case strings.EqualFold(w, "bin"):
		return true
	case strings.EqualFold(w, "ist"), strings.EqualFold(w, "war"):
		if w, _ := blankWordBefore(v, ws); strings.EqualFold(w, "sie") || strings.EqualFold(w, "er") {
			return true // "Sie ist Jahrgang 1961": she or he; a wine is "es"
		}
		s = ws
	}
	p := s
	for p > 0 && (v[p-1] == ' ' || v[p-1] == ',' || v[p-1] == '(') && s-p < 3 {
		p--
	}
	return p < s && (p == sc.last[ctxPerson] || sc.nameEndsBefore(s))
}

// blankWordBefore returns the word before s (labelEnd) when a blank
// follows it, and where it starts; "" and s when there is none.
func blankWordBefore(v string, s int) (string, int) {
	pe := labelEnd(v, s)
	if pe <= 0 || at(v, pe) != ' ' {
		return "", s
	}
	ws := letterRunStart(v, pe)
	return v[ws:pe], ws
}

// bornIn reports a birth word and a preposition of time right before pos:
// "born in", "geboren im", "né en", "urodzony w".
func (sc *scan) bornIn(pos int) bool {
	l := sc.last[ctxDOB]
	if l < 0 || pos-l < 3 || pos-l > 4 || at(sc.v, l) != ' ' || at(sc.v, pos-1) != ' ' {
		return false
	}
	switch strings.ToLower(sc.v[l+1 : pos-1]) {
	case "in", "im", "en", "w":
		return true
	}
	return false
}

// dobScore offers a date of birth for the date at v[s:e] with year y.
func (sc *scan) dobScore(c *cand, s, e, y int) {
	if sc.noDOB || y < 1900 || y > 2030 {
		return
	}
	score := 0.3
	switch {
	case s == sc.bornAt && at(sc.v, e) != '*' && !(sc.bornLoose && y > 2010 && wordFollows(sc.v, e)) && !(s == sc.bornPastAt && y > 2010):
		score = 0.9
	case sc.ctx(ctxDOB, s) && sc.last[ctxOrder] <= sc.last[ctxDOB]:
		score = 0.9
		if sc.labelledBy(ctxDOB, s) || sc.labelledOn(ctxDOB, s) {
			sc.dobList = e // a list may follow (dobListBefore)
		}
		sc.last[ctxDOB] = none // one birth date per context word
	case sc.dobListBefore(s) && !wordFollows(sc.v, e) && !wordAfterMark(sc.v, e):
		// "Kinder geb. 01.04.2010, 12.03.2013": one birth word labels a
		// list; not "geb. 12.03.1980, 14.03.2024 angerufen" or
		// "geb. 12.03.1980, 14.03.2024, Termin"
		score = 0.9
		sc.dobList = e
	case bornAfter(sc.v, e):
		score = 0.85
	}
	c.offer(dDOB, DateOfBirth, s, e, score)
}

// dobListBefore reports a birth date its word labels (or the last of such
// a list) found right before s with only a list's separator between:
// "01.04.2010, 12.03.2013", "1980-03-12,1982-04-01", "01.04.2010 und
// 12.03.2013"; not a blank alone or a dash ("12.03.1980 - 14.05.2020":
// born and died).
func (sc *scan) dobListBefore(s int) bool {
	n := len(sc.dst)
	if n == sc.base {
		return false
	}
	f := sc.dst[n-1]
	if f.Category != DateOfBirth || f.End != sc.dobList || f.End > s || s-f.End > 6 {
		return false
	}
	var buf [maxWord]byte
	switch sep := string(lowerWord(strings.Trim(sc.v[f.End:s], " "), &buf)); sep {
	case ",", ";", "/":
		return true
	default:
		return slices.Contains(conjunctions, sep) // "und", "et", "&", ...
	}
}

// wordAfterMark reports a word or a time after punctuation at e that
// closes no sentence: "14.03.2024, Termin", "14.03.2024 (Eintritt)",
// "14.03.2024 - Termin", "14.03.2024, 14:30" label the date as an
// event's, a list of birth dates ends at the text's, a line's or a
// sentence's end or runs on with another date.
func wordAfterMark(v string, e int) bool {
	p := e
	for p < len(v) {
		switch c := v[p]; {
		case c == ' ' || c == ',' || c == ';' || c == ':' || c == '-' || c == '|' || c == '(' || c == '/' || c == '&':
			p++
			continue
		case hasAt(v, p, "–") || hasAt(v, p, "—"):
			p += len("–")
			continue
		}
		break
	}
	if p == e {
		return false
	}
	if isDigit(at(v, p)) {
		q := p
		for isDigit(at(v, q)) {
			q++
		}
		return q-p <= 2 && at(v, q) == ':' && isDigit(at(v, q+1)) // a time: "14.03.2024, 14:30"
	}
	return wordFollows(v, p)
}

// wordFollows reports a word after the blanks at e: "(* 12.03.2024
// geplant)" is a footnote, "(* 12.03.2015)" a child's birth date and
// "(* 12.03.1975 in Berlin)" an adult's with the place (dobScore also
// asks for a recent year).
func wordFollows(v string, e int) bool {
	for e < len(v) && v[e] == ' ' {
		e++
	}
	if e >= len(v) || letterLen(v, e) == 0 {
		return false
	}
	// born and where: "(* 04.11.2020 geb. in Wien)", "(* 03.07.2018 in
	// München)"; not "(* 12.03.2024 in Planung)"
	we := wordEnd(v, e)
	var buf [maxWord]byte
	switch string(lowerWord(v[e:we], &buf)) {
	case "geb", "geboren", "born", "urodzony", "urodzona", "née", "né":
		return false
	case "in", "w", "te", "à":
		p := we
		for p < len(v) && v[p] == ' ' {
			p++
		}
		return !(isUpperAt(v, p) && !notPlaces[string(lowerWord(v[p:wordEnd(v, p)], &buf))])
	}
	return true
}

// notPlaces are capitalised words after "in" that are no place: German
// nouns of a footnote's state.
var notPlaces = map[string]bool{"planung": true, "bearbeitung": true, "arbeit": true, "kraft": true, "vorbereitung": true,
	"prüfung": true, "pruefung": true, "kürze": true, "kuerze": true, "zukunft": true, "eur": true, "euro": true,
	"summe": true, "höhe": true, "hoehe": true, "abstimmung": true, "klärung": true, "klaerung": true}

// bornVerbs say born after the date, as German and Dutch sentences put
// them: "ist am 12.03.1985 geboren", "werd op 12-03-1985 geboren".
var bornVerbs = [...]string{"geboren", "geborene", "geborener", "geborenen", "born", "urodzony", "urodzona", "urodził", "urodziła"}

// bornAfter reports whether a born verb follows the date ending at e within
// a few words of the same clause ("am 12.03.1985 in Köln geboren").
func bornAfter(v string, e int) bool {
	end := min(len(v), e+32)
	for p := e; p < end; p++ {
		switch c := v[p]; {
		case c == '.' || c == ';' || c == '\n' || c == '!' || c == '?':
			return false // the clause ended
		case isASCIILetter(c) && !isAlnum(at(v, p-1)):
			for _, w := range bornVerbs {
				if q := p + len(w); hasAt(v, p, w) && (q == len(v) || !isAlnum(v[q]) && letterLen(v, q) == 0) {
					return true
				}
			}
		}
	}
	return false
}

// dotSpaceDate handles day-first numeric dates typed with a space after a
// dot, as German text often spaces them: "12. 3. 1985", "12. 03. 1985",
// "12.3. 1985". The tokenizer ends a number at ". ", so t holds the day
// (and the month, in the last form); it returns the year's end, or 0.
func (sc *scan) dotSpaceDate(t *numTok, c *cand) int {
	v := sc.v
	if t.plus || t.paren || t.glen(0) > 2 || at(v, t.end) != '.' {
		return 0
	}
	var m, p int
	switch {
	case t.ng == 1 && at(v, t.end+1) == ' ':
		p = t.end + 2
		ms := p
		for p < len(v) && isDigit(v[p]) && p-ms < 3 {
			p++
		}
		if p == ms || p-ms > 2 || at(v, p) != '.' {
			return 0
		}
		m = int(v[ms] - '0')
		if p-ms == 2 {
			m = m*10 + int(v[ms+1]-'0')
		}
	case t.ng == 2 && t.sep[1] == '.' && t.glen(1) <= 2:
		m, p = t.gval(v, 1), t.end
	default:
		return 0
	}
	p++ // the month's dot
	if at(v, p) == ' ' {
		p++
	}
	y, ye, ok := yearAt(v, p)
	if !ok || !validDate(y, m, t.gval(v, 0)) || y < 1000 && sc.phoneAfterDate(p) {
		// a leading zero makes no year: "am 12.03. 0171 2345678" is a
		// day and a month, then a phone number (but "12.03. 0800 1200"
		// a time window: claimed with the date, as after a year)
		return 0
	}
	c.claim = true
	sc.dobScore(c, t.start, ye, y)
	return ye
}

// dayFirstTextDate handles "14. März 1978", "14 March 1978", "1er janvier 1980".
func (sc *scan) dayFirstTextDate(t *numTok, c *cand) int { return sc.dayTextDate(t, t.end, c) }

// dayTextDate is dayFirstTextDate for a day whose digits end before p: at
// t.end, or past an ordinal's letters ("12th March 1985", "1st of March").
func (sc *scan) dayTextDate(t *numTok, p int, c *cand) int {
	v := sc.v
	d := t.gval(v, 0)
	if at(v, p) == '.' && !isASCIILetter(at(v, p+1)) {
		p++ // "12. März 1985"; "6.VI.1954", "12.mar.1985" have dots for separators
	}
	sep := at(v, p) // ' ', or '-' as in "12-Mar-1985"
	if sep != ' ' && sep != '-' && sep != '.' {
		return 0
	}
	q := p + 1
	if p > t.end && hasAt(v, q, "of ") {
		q += 3
	} else if sep == ' ' && hasAt(v, q, "de ") {
		q += 3 // "5 de julio de 1970", "5 de julho de 1970"
	}
	e := wordEnd(v, q)
	if e == q {
		return 0
	}
	// A month's name, or its Roman numeral as Polish dates write it
	// ("ur. 6 VI 1954", "06.VI.1954"), only right after a birth word:
	// "12 V 2000 mAh" and "2 X 2010 mm" are volts and sizes.
	month := romanMonth(v[q:e])
	if month > 0 && !sc.labelledBy(ctxDOB, t.start) && !(prevWordIs(v, t.start, "dnia") && sc.ctx(ctxDOB, t.start)) {
		return 0
	}
	if wi, ok := lookupWord(v, q, e); month == 0 && ok && wi.flags&wMonth != 0 {
		month = int(wi.month)
	}
	if month == 0 {
		return 0
	}
	if at(v, e) == '.' && sep != '.' {
		e++
	}
	if sep == ' ' && at(v, e) == ',' {
		e++ // "12 Mar, 1985"
	} else if sep == ' ' && q > p+1 && hasAt(v, e, " de ") {
		e += 3
	}
	if at(v, e) != sep {
		return 0
	}
	y, ye, ok := yearAt(v, e+1)
	if !ok && at(v, e+5)|0x20 == 'r' && !isAlnum(at(v, e+6)) {
		y, ye, ok = yearAt(v[:e+5], e+1) // "ur. 6 VI 1954r.": the Polish "rok" (year) glued on
	}
	if !ok && sc.ctx(ctxDOB, t.start) {
		y, ye, ok = shortYearAt(v, e+1) // "DOB 12 Mar 85"
	}
	if !ok || y < 1000 || !validDate(y, month, d) {
		return 0 // not "2 Mai 0171 2345678", a phone number after a date without its year
	}
	c.claim = true
	sc.dobScore(c, t.start, ye, y)
	return ye
}

// romanMonths are the months as Roman numerals, January first.
var romanMonths = [...]string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}

// romanMonth returns the month the Roman numeral s names, or 0.
func romanMonth(s string) int {
	for m, r := range romanMonths {
		if s == r {
			return m + 1
		}
	}
	return 0
}

// shortYearAt reads a two-digit year at p that no letter or digit follows,
// as a year of birth: 1930-2029.
func shortYearAt(v string, p int) (year, end int, ok bool) {
	if !isDigit(at(v, p)) || !isDigit(at(v, p+1)) || isAlnum(at(v, p+2)) {
		return 0, 0, false
	}
	return fullYear(int(v[p]-'0')*10 + int(v[p+1]-'0')), p + 2, true
}

// fullYear reads a year of two digits as a birth date's: 1930-2029.
func fullYear(yy int) int {
	if yy < 30 {
		return 2000 + yy
	}
	return 1900 + yy
}

// yearAt reads a four-digit year starting at p that no letter or digit
// follows, and returns it with its end offset.
func yearAt(v string, p int) (year, end int, ok bool) {
	e := p
	for e < len(v) && isDigit(v[e]) {
		e++
	}
	if e-p != 4 || isAlnum(at(v, e)) {
		return 0, 0, false
	}
	return num4(v, p), e, true
}

func num4(v string, p int) int {
	return int(v[p]-'0')*1000 + int(v[p+1]-'0')*100 + int(v[p+2]-'0')*10 + int(v[p+3]-'0')
}

// monthFirstDate handles "March 14, 1978" starting with the month word v[i:j].
func (sc *scan) monthFirstDate(i, j int) int {
	v := sc.v
	wi, _ := lookupWord(v, i, j)
	p := j
	if at(v, p) == '.' {
		p++
	}
	if at(v, p) != ' ' {
		return 0
	}
	p++
	ds := p
	for p < len(v) && isDigit(v[p]) && p-ds < 3 {
		p++
	}
	if p == ds || p-ds > 2 {
		return 0
	}
	d := int(v[ds] - '0')
	if p-ds == 2 {
		d = d*10 + int(v[ds+1]-'0')
	}
	if o := v[p:min(p+2, len(v))]; o == "st" || o == "nd" || o == "rd" || o == "th" {
		p += 2 // "March 12th 1985"
	}
	if at(v, p) == ',' {
		p++
	}
	if at(v, p) != ' ' {
		return 0
	}
	y, ye, ok := yearAt(v, p+1)
	if !ok || !validDate(y, int(wi.month), d) {
		return 0
	}
	var c cand
	sc.dobScore(&c, i, ye, y)
	if c.score > 0 {
		sc.add(c.det, c.cat, c.s, c.e, c.score)
	}
	return ye
}

// neLe returns the end of "ne le" or "nee le" starting with the word
// v[i:j] when a date follows (né le, née le without accents: "NE LE
// 12/03/1985", "NE(E) LE: 08/05/1958"), or 0. Only before a date: "ne le"
// is also French for "not it".
func neLe(v string, i, j int) int {
	if !(j-i == 2 && hasAt(v, i, "ne") || j-i == 3 && hasAt(v, i, "nee")) {
		return 0
	}
	p := j
	if hasAt(v, p, "(e)") {
		p += 3
	}
	if at(v, p) != ' ' || !hasAt(v, p+1, "le") || isAlnum(at(v, p+3)) {
		return 0
	}
	if !digitAfterLabel(v, p+3) {
		return 0
	}
	return p + 3
}

// digitAfterLabel reports whether a digit follows the label ending at e,
// past at most three blanks, colons and full stops: the label's value
// starts there. Abbreviations that are other words too ("DDN", "ne le")
// count as birth labels only so.
func digitAfterLabel(v string, e int) bool {
	q := e
	for q < len(v) && (v[q] == ' ' || v[q] == ':' || v[q] == '.') && q-e < 3 {
		q++
	}
	return isDigit(at(v, q))
}

// degree handles the degree sign at i: before a date ("(° 03/01/1935)",
// "°12.03.1985") it means born, in Belgian and French notes, as the
// genealogists' star does in German ones (see trigger).
func (sc *scan) degree(i int) int {
	v := sc.v
	// After a word or in brackets; not a bullet at the start, a
	// temperature ("4 ° 12.09.2020") or the numéro ("n ° 22/01/2024",
	// "Ticket ° 22-12-2024").
	if i > 0 && (v[i-1] == '(' || v[i-1] == ' ' && i >= 2 && (isASCIILetter(v[i-2]) || v[i-2] >= 0x80 || v[i-2] == ',') &&
		!prevWordIs(v, i, "n", "no", "nr", "num", "numéro", "numero", "ticket", "bulletin", "dossier", "fiche", "facture",
			"commande", "bon", "contrat", "ref", "réf")) {
		d := i + 2
		if at(v, d) == ' ' {
			d++
		}
		if isDigit(at(v, d)) {
			sc.bornAt, sc.bornLoose = d, false
		}
	}
	return i + 2
}

// englishBirthLabel reports whether the birth word ending at e is an
// English one ("DOB", "born", "birth"), after which compact dates are
// written year first.
func englishBirthLabel(v string, e int) bool {
	if e < 0 {
		return false
	}
	w := v[letterRunStart(v, e):e]
	return strings.EqualFold(w, "dob") || strings.EqualFold(w, "born") || strings.EqualFold(w, "birth")
}

// birthAbbrev handles the short birth labels that are other words too, so
// count only right before a date: "(b. 26.12.1995)" (born) and "(n.
// 22/12/1940)" (nato) in brackets, where "z. B." and "n. Chr." never
// stand; "f. nac.", "fecha nac.", "data nasc." (nacimiento, nascita) with
// their full stop; "DN: 08/10/1987", "DN - 13 octobre 1979" (date de
// naissance) without one, since Polish "dn. 12.03.2024" is dnia, the day a
// letter is dated, and "DN 100" a pipe's diameter. The date at the value's
// start is marked as a birth date (bornAt), nothing else near it: it
// returns the label's end, or 0.
func (sc *scan) birthAbbrev(i, j int) int {
	v := sc.v
	var buf [maxWord]byte
	e, loose := j, false
	switch string(lowerWord(v[i:j], &buf)) {
	case "b", "n":
		if at(v, i-1) != '(' || at(v, j) != '.' || at(v, j+1) != ' ' {
			return 0
		}
		e, loose = j+1, true // a footnote's "(n. 12.03.2024 geplant)" is none (dobScore)
	case "nac", "nasc":
		if at(v, j) != '.' || !dateWordBefore(v, i) {
			return 0 // "Banco Nac. 12/03/2024": nacional
		}
		e = j + 1
	case "dn":
		if at(v, j) == '.' || isAlnum(at(v, j)) || prevWordIs(v, i, "z", "ze", "od", "do", "w", "na") {
			return 0 // "pismo z dn 12.03.2024": dnia
		}
	default:
		return 0
	}
	d := labelValueAt(v, e)
	if d < 0 || !dateAt(v, d) {
		return 0
	}
	sc.bornAt, sc.bornLoose, sc.bornPastAt = d, loose, d // "Lieferung (n. 12.03.2024)", "DN 12.03.2024 Retoure": a document's
	return e
}

// dateWordBefore reports the word before "nac." or "nasc." at i, if
// any, to be one for a date ("f. nac.", "fecha nac.", "data nasc."):
// after another ("Banco Nac.", "Policía Nac.") it is nacional.
func dateWordBefore(v string, i int) bool {
	p := i
	for p > 0 && v[p-1] == ' ' && i-p < 2 {
		p--
	}
	if at(v, p-1) == '.' {
		p--
	}
	s := lettersStart(v, p)
	return s == p || wordIn(v, s, p, dateWords)
}

// dateWords abbreviate "date" before "nac." and "nasc.".
var dateWords = []string{"f", "fe", "fec", "fch", "fecha", "data", "dt", "dta"}

// labelValueAt returns where the value of a label ending at e starts,
// past at most four blanks, tabs, colons, full stops and dashes ("F.
// nac.:\t06/08/1972", "Data nasc. : 26/11/1964", "DN - 13 octobre 1979"),
// when it starts with a digit, or -1.
func labelValueAt(v string, e int) int {
	q := e
	for q < len(v) && q-e < 4 && (v[q] == ' ' || v[q] == '\t' || v[q] == ':' || v[q] == '.' || v[q] == '-') {
		q++
	}
	if !isDigit(at(v, q)) {
		return -1
	}
	return q
}

// dateAt reports whether a date's shape starts at p: one or two digits
// and a separator, or four digits and a dash ("12/03/1980", "1.4.77",
// "1981-04-11", "13 octobre 1979"). The date's own checks run later; this
// keeps a label from marking a count or a code ("DN 100", "(n. 3)").
func dateAt(v string, p int) bool {
	q := p
	for q < len(v) && isDigit(v[q]) && q-p < 5 {
		q++
	}
	switch c := at(v, q); {
	case q-p <= 2:
		return c == '.' || c == '/' || c == '-' || c == ' ' && isASCIILetter(at(v, q+1))
	case q-p == 4:
		return c == '-'
	}
	return false
}
