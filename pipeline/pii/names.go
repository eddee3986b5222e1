package pii

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Person names: given names with what follows them, salutations, surname-first forms.

// onlyWord reports whether v[i:j] is the whole value apart from blanks.
func (sc *scan) onlyWord(i, j int) bool {
	ts, te := trim(sc.v)
	return ts == i && te == j
}

// nameWord returns the end of the capitalised name word at q (including a
// hyphenated second part, "Jean-Pierre"), or q if there is none.
func nameWord(v string, q int) int {
	if q >= len(v) || !isUpperAt(v, q) { // a capital letter, or a name's lost one (lostInitial)
		return q
	}
	return nameTail(v, q, wordEnd(v, q))
}

// nameTail returns the end of a name word at q whose first part ends at e:
// with a second part after a hyphen or an apostrophe (Jean-Pierre,
// O'Brien, O’Brien), or q when digits follow it.
func nameTail(v string, q, e int) int {
	sep := apostropheLen(v, e)
	if at(v, e) == '-' {
		sep = 1
	}
	if sep > 0 && e+sep < len(v) && isUpperAt(v, e+sep) {
		e = wordEnd(v, e+sep)
	}
	if isDigit(at(v, e)) {
		return q
	}
	return e
}

// tParticle returns the end of the Dutch particle "'t" at q ("van 't Hof",
// "Dhr. 't Hart") when a space follows it, or q.
func tParticle(v string, q int) int {
	if n := apostropheLen(v, q); n > 0 && at(v, q+n) == 't' && at(v, q+n+1) == ' ' {
		return q + n + 1
	}
	return q
}

// particleAt reports a lower-case particle word at q ("der" of "Von der
// Heide").
func particleAt(v string, q int) bool {
	e := wordEnd(v, q)
	wi, ok := lookupWord(v, q, e)
	return e > q && isLower(v[q]) && ok && wi.flags&wParticle != 0
}

// tParticleStart returns the start of the apostrophe before the word
// v[i:j] when the word is the particle "'t" ("J.P. 't Hart", "’t"), or i.
func tParticleStart(v string, i, j int) int {
	if j != i+1 || v[i] != 't' {
		return i
	}
	for _, n := range [...]int{1, 3} {
		if i >= n && tParticle(v, i-n) == j {
			return i - n
		}
	}
	return i
}

// nameRest extends a name that ends at j with up to three more name words
// (given names, particles, family names). It returns the new end and how
// many words it added.
func (sc *scan) nameRest(j int) (end int, parts int) {
	v := sc.v
	end = j
	p := j
	// family: the name holds a family name (or a word no list knows) so
	// far; only then does a German noun after it end it ("Anna Schmidt
	// Lieferung"), not right after a given name ("Anna Hartung", "Anna
	// Müller-Hartung", "Anna Schmidt-Jung").
	//
	// It is looked up from the word before j only when first read
	// (isFamily), for speed: most names end before the loop reads it. A
	// step that sets family settles it without the lookup.
	family, known := false, false
	isFamily := func() bool {
		if !known {
			known = true
			if s := lettersStart(v, j); s < j {
				wi, ok := lookupWord(v, s, j)
				family = !ok || wi.flags&wGiven == 0
			}
		}
		return family
	}
	// extra: a particle right before a listed family name takes up to two
	// more steps ("Álvaro Fernández de Córdoba y Ruiz"); not one before
	// other words ("Hugo Boss Bottled Eau de Toilette")
	extra := 0
	run := -1 // where the first run of two or three blanks the name crosses starts
	runEnd, runParts := end, parts
	nick := false // a nickname was taken (nicknameAfter), once
	for k := 0; k < 4+extra; k++ {
		b := blankRun(v, p)
		if b == 0 {
			if e := nicknameAfter(v, p); e > p && !nick {
				p, nick = e, true
				continue
			}
			break
		}
		if b > 1 && run < 0 {
			run, runEnd, runParts = p, end, parts
		}
		q := p + b
		if e := tParticle(v, q); e > q && nameWord(v, e+1) > e+1 {
			p = e
			continue
		}
		if q < len(v) && letterLen(v, q) > 0 && !isUpperAt(v, q) {
			e := wordEnd(v, q)
			wi, ok := lookupWord(v, q, e)
			if particle := ok && wi.flags&wParticle != 0; particle || e == q+1 && v[q] == 'y' {
				// Spanish "y" between two family names only before a
				// listed one ("Ruiz y Asociados" is a firm)
				listed := surnameAfterParticles(v, e+1) > 0
				if particle || listed {
					if listed && extra < 2 {
						extra++
					}
					p = e
					continue
				}
			}
			if n := apostropheLen(v, q+1); v[q] == 'd' && n > 0 {
				if e := nameWord(v, q+1+n); e > q+1+n {
					end, p, family, known = e, e, true, true // "Éric d'Aubigné"
					parts++
					continue
				}
			}
			break
		}
		e := nameWord(v, q)
		if l := lostAt(v, q); e == q && l > 0 && (isLower(at(v, q+l)) || isUpper(at(v, q+l)) && isUpper(at(v, j-1))) {
			e = wordEnd(v, q+l) // "Anna \ufffdberg", "ANNA \ufffdBERG": its capital was lost
		}
		if e == q || bornWord(v, q, e) || nameLabelAfter(v, q, e) || localPartAt(v, e) {
			if x := nicknameAfter(v, p); e == q && x > p && !nick {
				p, nick = x, true // in typographic quotes: „Hannes“, « JP »
				continue
			}
			break // "Anna Schmidt Anna.Schmidt@gmx.de": the address's word
		}
		if firmNoun(v[q:e]) {
			break // "Heinrich Bauer Verlag", "Otto Group": a firm's (firmAfter)
		}
		wi, ok := lookupWord(v, q, e)
		if ok && wi.flags&wParticle != 0 && at(v, e) == ' ' && nameWord(v, e+1) > e+1 {
			p = e // "de La Rochefoucauld"
			continue
		}
		if ok && wi.flags == wMonth && monthAsName(v, q, e) {
			wi.flags = 0 // "Vu Thi Mai", "Anna Mai", "Anna May": a family or given name
		}
		if sc.capsAt(q, e) && (e-q > 1 || capsLetterWord(v, q, e)) {
			// In capitals every word looks like a name's: a listed name
			// goes on one, and a word no list knows or a name that is a
			// word too ("LUCY GREEN") only after a given name, an initial
			// or a particle, as a family name does ("MR JOHN ADEBAYO",
			// "SR. EL IDRISSI"). Any other word ends it ("HERR MÜLLER
			// RUFT AN", "ANNA SCHMIDT HAT", "SMITH RE INVOICE"). A letter
			// alone is an initial, as in mixed case ("EMIL Y TAYLOR"),
			// unless it is a word without a full stop ("DUPONT A
			// APPELÉ", "GRABOWSKIEGO W SPRAWIE"). capsNameGoesOn holds
			// the exceptions ("LUIGI DI MAIO", "JOHN PAGE CALLED").
			if kind := capsKind(v, q, e); kind != capsListed && (kind < capsUnlisted || isFamily() && !initialEndsAt(v, p) && !namePrefixEndsAt(v, p)) &&
				!capsNameGoesOn(v, kind, j, p, q, e, parts, kind == capsOther && !isFamily()) {
				break
			}
		}
		if ok {
			if wi.flags&(wSurname|wGiven) == 0 && (wi.flags&(wStop|wMonth|wStreetPre|wStreetSuf|wSalut|wCity) != 0 ||
				wi.ctx != 0 && (wi.flags&wNameNoun == 0 || labelAt(v, e)) || wi.spec != 0 && (isFamily() || !specName(v, q, e))) {
				// (a capitalised "Nom" after a given name is a family name, "Sarah Nom"; "Name:" is a label;
				// "Krebs" after a given name too, "Anna Krebs", not after a family name: "Frau Müller Krebs
				// diagnostiziert")
				break
			}
			if wi.flags&wStreetSuf != 0 {
				break
			}
		} else if hasStreetTail(v, q, e, sc.addressNear(q)) || legalForm(nextWord(v, p)) || placeNounAt(v, q, e) {
			break // a street, a company's legal form (see company), a shop's kind ("Max Bahr Baumarkt")
		} else if e-q >= 7 && isFamily() && nounEnding(v[q:e], false) {
			break // a German noun: "Anna Schmidt Lieferung fehlt" (not "Cheung", "Leung")
		}
		if x := hyphenParticleName(v, e); x > e {
			e = x // "Mulder-van Leeuwen", "Jansen-de Vries"
		}
		if !ok || wi.flags&wGiven == 0 {
			family, known = true, true
		}
		end = e
		parts++
		p = e
	}
	if run >= 0 && end > run && !loneRun(v, run) {
		return runEnd, runParts // aligned columns: "Max  Min  Avg", "Jacke  Jack  Wolfskin  129,00"
	}
	return end, parts
}

// nicknameAfter returns the end of a nickname after the blank at p, when a
// name's word or a particle follows it, or p. "Robert "Bob" Smith",
// "Johannes „Hannes“ Müller", "Willem "Wim" de Vries": a nickname in
// quotes or brackets goes on to the family name, and is the name's (a
// review found the family name raw); not before other words ("Anna
// (Montag) bitte"). nameRest asks only where a name would end there.
func nicknameAfter(v string, p int) int {
	if at(v, p) != ' ' {
		return p
	}
	e := nicknameEnd(v, p+1)
	if e == p+1 || at(v, e) != ' ' || nameWord(v, e+1) == e+1 && !particleAt(v, e+1) {
		return p
	}
	return e
}

// nicknameEnd returns the end of a nickname at q, one capitalised word in
// quotes or brackets ("Bob" of Robert "Bob" Smith, „Hannes“, « JP »,
// (Hannes), and \"Ann\" in JSON kept as text, whose quotes the view
// leaves escaped), or q when none is there.
func nicknameEnd(v string, q int) int {
	p := q + quoteLen(v, q, true)
	if p == q {
		return q
	}
	if at(v, p) == ' ' {
		p++ // « JP »
	}
	e := nameWord(v, p)
	if e == p || e-p > maxWord {
		return q
	}
	if at(v, e) == ' ' {
		e++
	}
	n := quoteLen(v, e, false)
	if n == 0 {
		return q
	}
	return e + n
}

// quoteLen returns the length of the opening (open) or closing quote or
// bracket at p, or 0: straight and typographic quotes of the seven
// languages, guillemets, brackets and an escaped straight quote.
func quoteLen(v string, p int, open bool) int {
	switch at(v, p) {
	case '"', '\'':
		return 1
	case '(':
		if open {
			return 1
		}
	case ')':
		if !open {
			return 1
		}
	case '\\':
		if at(v, p+1) == '"' {
			return 2
		}
	case 0xC2: // « »
		if c := at(v, p+1); c == 0xAB || c == 0xBB {
			return 2
		}
	case 0xE2: // ‘ ’ ‚ “ ” „
		if at(v, p+1) == 0x80 {
			switch at(v, p+2) {
			case 0x98, 0x99, 0x9A, 0x9C, 0x9D, 0x9E:
				return 3
			}
		}
	}
	return 0
}

// loneRun reports whether the run of blanks at v[p] is the only run of two
// or more blanks on its line but for the line's indent and trailing
// blanks. An OCR'd letter puts one into a name or an address line alone
// on its line ("Jack  Hargreaves", "7411  KK Deventer"); aligned columns
// put one between every two columns ("Max  Min  Avg", "2048  GB  SSD").
func loneRun(v string, p int) bool {
	// Within loneReach of the run either way: a long line of prose is read
	// in part, so that names on it do not each read all of it (the scan
	// stays linear).
	s, e := p, p
	for s > 0 && v[s-1] != '\n' && p-s < loneReach {
		s--
	}
	for e < len(v) && v[e] != '\n' && e-p < loneReach {
		e++
	}
	for s < e && v[s] == ' ' {
		s++
	}
	for e > s && (v[e-1] == ' ' || v[e-1] == '\r') {
		e--
	}
	runs := 0
	for k := s + 1; k < e; k++ {
		if v[k] == ' ' && v[k-1] == ' ' && (k < 2 || v[k-2] != ' ') {
			runs++
		}
	}
	return runs == 1
}

// loneReach bounds how far loneRun looks for other runs on the line.
const loneReach = 160

// blankRun returns the length of the run of one to three spaces at v[p]
// that a word follows, or 0. OCR'd letters and hand-typed notes put two or
// three blanks between the words of a name ("Jack  Hargreaves", "Bram  van
// Dijk"), which read apart as two names read nothing; a longer run, or one
// before a line's end, parts aligned columns.
func blankRun(v string, p int) int {
	n := 0
	for n < 4 && at(v, p+n) == ' ' {
		n++
	}
	if n == 0 || n > 3 || p+n >= len(v) || !isAlnum(v[p+n]) && v[p+n] < 0x80 && v[p+n] != '\'' {
		return 0
	}
	return n
}

// monthAsName reports whether the month's name v[q:e], after a name's
// word, is a name too ("Vu Thi Mai", "Anna Mai"): written in full, with
// no number after it ("Anna Mai 2024", "Anna Mai, 12.") and no full
// stop ("Anna Dez."), and not in a run of months: "Jan" is a given name
// and a month, and "Umsatz Jan Feb Mar" names none ("Jan Mai" one).
func monthAsName(v string, q, e int) bool {
	if e-q < 3 || at(v, e) == '.' {
		return false
	}
	if e-q == 3 {
		var buf [maxWord]byte
		switch string(lowerWord(v[q:e], &buf)) {
		case "mai", "may", "maj", "mei", "lut", "gru", "cze", "sty", "kwi", "wrz": // "Jan Lut", "Anna Gru": Polish abbreviations are written lower case
		default:
			return false // "Feb", "Mär", "Okt": a month's abbreviation
		}
	}
	run := false // a month before it: "Jan Mai Juni" may be a run of months
	if p := q - 1; at(v, p) == ' ' {
		if s := lettersStart(v, p); s < p {
			if wi, ok := lookupWord(v, s, p); ok && wi.flags == wMonth {
				return false // "Feb Mar"; not "Jan Mai", a given name before it
			} else if ok && wi.flags&wMonth != 0 {
				run = true
			}
		}
	}
	for e < len(v) && (v[e] == ' ' || v[e] == ',') {
		e++
	}
	if n := wordEnd(v, e); run && n > e {
		// only in a run: "Anna Mai, Juni 2024" names Anna Mai
		if wi, ok := lookupWord(v, e, n); ok && wi.flags&wMonth != 0 {
			return false
		}
	}
	return !isDigit(at(v, e))
}

// nameLabelAfter reports whether the word v[q:e] begins a name's label:
// "First" of "First name:" starts the next field, not this name.
func nameLabelAfter(v string, q, e int) bool {
	switch v[q] | 0x20 { // the cheap test first: it runs on every word of a name
	case 'f', 'l', 'g', 'm':
	default:
		return false
	}
	if at(v, e) != ' ' || !prevWordIs(v, e, "first", "last", "given", "family", "middle", "maiden") {
		return false
	}
	ne := wordEnd(v, e+1)
	wi, ok := lookupWord(v, e+1, ne)
	return ok && wi.flags&wNameNoun != 0 && labelAt(v, ne)
}

// bornWord reports whether v[q:e] is French "né(e) le" as upper-case
// text writes it without accents, where the name before it ends: "NE",
// "NEE", or "LE" before a number ("MARTIN JEAN NE LE 10/06/1963").
func bornWord(v string, q, e int) bool {
	switch v[q:e] {
	case "NE", "NEE", "NÉ", "NÉE":
		return true
	case "LE":
		return at(v, e) == ' ' && isDigit(at(v, e+1))
	}
	return false
}

// hyphenParticleName returns the end of the second half of a double
// family name that starts with particles after a hyphen at e ("-van
// Leeuwen", "-van der Meer", "-de Vries"), or e.
func hyphenParticleName(v string, e int) int {
	p := e
	dash := false // a dash rather than a hyphen: also an aside ("Thomas Schmidt - von der Geschäftsführung")
	switch {
	case at(v, e) == '-':
	case hasAt(v, e, "–"): // an en dash
		p, dash = e+len("–")-1, true
	case hasAt(v, e, " - "), hasAt(v, e, " – "): // "Jansen - de Vries"
		p, dash = e+strings.Index(v[e+1:], " ")+1, true
	default:
		return e
	}
	start := p
	for k := 0; k < 2; k++ {
		q := p + 1
		w := wordEnd(v, q)
		if w == q || !isLower(v[q]) {
			break
		}
		if wi, ok := lookupWord(v, q, w); !ok || wi.flags&wParticle == 0 {
			break
		}
		p = w
		if at(v, p) != ' ' {
			return e
		}
	}
	if p == start {
		return e // no particle
	}
	ne := nameWord(v, p+1)
	if ne == p+1 || hasStreetTail(v, p+1, ne, false) {
		return e // not "Jan Bakker-de Kerkstraat 5"
	}
	wi, ok := lookupWord(v, p+1, ne)
	if ok && wi.flags&(wStreetPre|wStreetSuf|wStop|wCity) != 0 {
		return e // not "Marie Dupont-de la Rue Pasteur 5"
	}
	if dash && !(ok && wi.flags&wSurname != 0) {
		return e // after a dash only a listed family name: not "Tom Peters – de Telegraaf"
	}
	return ne
}

// nameFrom handles a capitalised given name at v[i:j].
func (sc *scan) nameFrom(i, j int) int {
	v := sc.v
	if sc.capsAt(i, j) {
		// in capitals a given name that is a word too starts a name only
		// before a family name: "PER TRASLOCO", "MARK AS RESOLVED",
		// "GRACE PERIOD", not "MARK ROBINSON", "GRACE O'MALLEY"; one
		// that is a function word ("PER", "WIL") only before a listed one
		if k := capsKind(v, i, j); k != capsListed && !capsSurnameAt(v, j) && !(k == capsCommon && capsUnlistedAt(v, j)) {
			return j
		}
	}
	if patronAt(v, i) {
		// "Szkoła im. Marii Skłodowskiej-Curie", "Szpital imienia Jana
		// Pawła II": the patron an institution is named after
		end, _ := sc.nameRest(j)
		return end
	}
	if at(v, i-1) == '-' { // the second half of "Anne-Sophie", "Jean-Luc"
		s := i - 1
		for s > 0 && (isASCIILetter(v[s-1]) || v[s-1] >= 0x80) {
			s--
		}
		if s < i-2 && isUpperAt(v, s) {
			i = s
		}
	}
	if e := nameWord(v, i); e > j {
		j = e
	}
	if e := sc.apposition(i, j); e > 0 {
		// "de dochter, Margriet, over haar moeder"
		sc.add(dName, Name, i, e, 0.8)
		sc.capStart, sc.capEnd = none, none
		return e
	}
	end, parts := sc.nameRest(j)
	if s := sc.nameBefore(i, false); s >= 0 {
		// "Benoît Thomas", "Mulder, Daan", "LARSSON Erik"
		if parts == 0 {
			end = j
		}
		sc.add(dName, Name, s, end, 0.8)
		sc.capStart, sc.capEnd = none, none
		return end
	}
	switch {
	case parts == 0 && initialBefore(v, i):
		// "M. André", "P. Anna": the letter is a salutation (Monsieur,
		// Pan), and a given name after one is a person's.
		sc.add(dName, Name, i, j, 0.8)
	case parts == 0 && sc.afterPerson(i) && !abbreviation(v, j):
		// "Kunde Martin", "geb. Martin", "née Martin": the word before
		// says a person's name follows, given or (a birth name) family.
		sc.add(dName, Name, i, j, 0.6)
	case parts == 0:
		score := 0.35
		if wi, ok := givenAlone(v, i, j); ok && wi.flags&^(wGiven|wSurname) == 0 && wi.ctx == 0 && (wi.spec == 0 || specAsName(v, i, j)) && (afterAddressee(v, i) || handedTo(v, i, j) || signedFor(v, i, j) || beforeVerb(v, j) || acts(v, i, j) || ofDepartment(v, i, j) || relativeOf(v, i, j) || namedAs(v, i, j) || saysAfter(v, j, true) || vocative(v, i, j) || afterGreeting(v, i, j) || signature(v, i, j) || selfIntro(v, i, j) || sc.speaker(i, j) ||
			sc.capsAt(i, j) && (prevWordIs(v, i, addressees...) || capsVerbAfter(v, j))) {
			// "spoke to Thomas", "Telefonat mit Anna", "parlé avec Marie":
			// a given name the sentence addresses is a person's, and so is
			// one that does something ("Thomas was upset", "Anna hat
			// angerufen", "Julien a appelé", "Kasia zadzwoniła"), is
			// greeted ("Hallo Anna,") or signs ("Liebe Grüße, Anna"). Alone elsewhere it is as often a word ("Rose
			// Bowl", "Mark the box"). So is one who introduces
			// themselves ("mein Name ist Kevin") or speaks in a
			// transcript or a chat ("Sophie: hi", "13:06 <Dieter>"). In
			// capitals the words before and after it are read in any case
			// ("SPOKE TO MELANIE", "MAHMOUD HAT ANGERUFEN").
			score = 0.55
		}
		sc.add(dName, GivenName, i, j, score)
		return j
	default:
		// a known family name or an unknown capitalised word after a given name
		score := 0.8
		last := lastWordStart(v, end)
		if w, ok := lookupWord(v, last, end); ok && w.flags&wSurname != 0 {
			score = 0.9
		} else if parts == 1 && thingAfterGiven(v, last, end) && !beforeVerb(v, end) {
			score = 0.35 // "Frank Sofa", "Mark IV": a product, a model; "Peter Sofa hat angerufen" acts
		}
		sc.add(dName, Name, i, end, score)
		sc.coordinated(i)
	}
	sc.capStart, sc.capEnd = none, none
	return end
}

// relativeOf reports a possessive "'s" after the given name ending at j
// and a word that introduces a person after it: "Dave's wife called",
// "Chloe's husband rang", "Marie's mother", "Joost's vrouw". What a
// person is to someone is said of people only; "Max's limit", "Jade's
// colour" name no relative, and a colour's sister is a brand's ("Ruby's
// sister brand": wordGiven). German's genitive of a name ending in s, x or
// z too, before a relative's noun ("Lukas' Mutter", "Lukas Mutter").
func relativeOf(v string, i, j int) bool {
	q := j
	list, german := relatives, false
	switch {
	case hasAt(v, j, "'s "):
		q += 3
	case hasAt(v, j, "’s "):
		q += len("’s ")
	case hasAt(v, j, "' ") || hasAt(v, j, "’ ") || at(v, j) == ' ' && (v[j-1] == 's' || v[j-1] == 'x' || v[j-1] == 'z'):
		// German writes the genitive of a name that ends in s, x or z
		// with an apostrophe or none ("Lukas' Mutter", "Lukas Mutter");
		// the others glue an s to it (genitiveGiven)
		q = j + 1 + strings.IndexByte(v[j:], ' ')
		list, german = genitiveRelatives, true
	default:
		return false
	}
	return isLower(at(v, q)) != german && foldedIn(v, q, list) && !wordGiven(v, i, j)
}

// foldedIn reports whether the word at q, case-folded, is one of list
// (words in lower case): a fold and a comparison of lengths first, for a
// list of a few dozen words.
func foldedIn(v string, q int, list []string) bool {
	var buf [maxWord]byte
	n := foldWord(v, q, wordEnd(v, q), &buf)
	return n > 0 && slices.Contains(list, string(buf[:n]))
}

// genitiveGiven reads the word v[i:j] as a listed given name in the
// German genitive before a relative's word ("Annas Mann rief an", "Peters
// Frau", "Jürgens Tochter"): the note names the customer by whose husband
// or daughter called, and the name went out raw, the word no list holds
// with its s. The whole word is the span, s and all, as masking wants it.
// Not a given name that is an everyday word or a colour ("Rosas Mann":
// wordGiven), nor one in capitals, where the s proves nothing. A listed
// family name counts as well ("Meiers Frau", hunt H5), unless it is an
// everyday word too ("Kleins Frau": wordGiven) or an article makes it a
// noun ("des Bauers Frau"). It returns the word's end, or 0.
func (sc *scan) genitiveGiven(i, j int) int {
	v := sc.v
	if !foldedIn(v, j+1, genitiveRelatives) {
		return 0
	}
	wi, ok := lookupNameWord(v, i, j-1)
	if !ok || wi.flags&(wGiven|wSurname) == 0 || wi.flags&^(wGiven|wSurname) != 0 || wi.ctx != 0 || wi.spec != 0 || wordGiven(v, i, j-1) {
		return 0
	}
	c := GivenName
	if wi.flags&wGiven == 0 {
		// a family name ("Meiers Frau", "Schmidts Sohn"), not after an
		// article, which makes it a noun's genitive ("des Bauers Frau")
		if prevWordIs(v, i, "des", "der", "eines", "einer", "dem", "den") {
			return 0
		}
		c = FamilyName
	}
	sc.add(dName, c, i, j, 0.55)
	sc.capStart, sc.capEnd = none, none
	return j
}

// genitiveRelatives are what a person is to someone in German, after whom
// in the genitive ("Annas Mann").
var genitiveRelatives = []string{"mann", "frau", "ehemann", "ehefrau", "sohn", "tochter", "mutter", "vater", "bruder",
	"schwester", "partner", "partnerin", "freund", "freundin", "lebensgefährte", "lebensgefährtin", "oma", "opa", "enkel",
	"enkelin", "kind", "kinder", "eltern", "schwiegermutter", "schwiegervater", "schwiegersohn", "schwiegertochter",
	"betreuer", "betreuerin", "nachbar", "nachbarin", "verlobter", "verlobte", "neffe", "nichte", "tante", "onkel"}

// relatives are what a person is to someone, in the languages that write
// a possessive "'s" (English, Dutch). A shop has customers too ("Joe's
// customer").
var relatives = []string{"wife", "husband", "son", "daughter", "mother", "father", "mum", "mom", "dad", "brother", "sister",
	"partner", "boyfriend", "girlfriend", "fiancé", "fiancée", "fiance", "fiancee", "carer", "neighbour", "neighbor",
	"grandson", "granddaughter", "nephew", "niece", "vrouw", "man", "moeder", "vader", "zoon", "dochter", "broer", "zus",
	"vriend", "vriendin"}

// namedAs reports a verb of naming before the given name v[i:j] whose
// subject is a person: "Kundin heißt Sandra", "ihr Sohn heißt Jonas",
// "elle s'appelle Nathalie", "hij heet Joost", "ona nazywa się Ewa",
// "her name is Gemma". Products, tariffs and colours are named too ("Das
// Modell heißt Lena", "Die Farbe heißt Jade"): the word before the verb
// must introduce a person or be a pronoun, and the name no everyday word
// or colour.
func namedAs(v string, i, j int) bool {
	e := i - 1
	if at(v, e) != ' ' {
		return false
	}
	for _, p := range namingVerbs {
		s := e - len(p)
		if s < 2 || v[s-1] != ' ' || !strings.EqualFold(v[s:e], p) {
			continue
		}
		b := lettersStart(v, s-1)
		if b == s-1 {
			return false
		}
		wi, ok := lookupWord(v, b, s-1)
		return (ok && wi.ctx&(1<<ctxPerson) != 0 || wordIn(v, b, s-1, namingSubjects)) && !wordGiven(v, i, j)
	}
	return false
}

// namingVerbs name someone in the third person, and namingSubjects are
// the pronouns before them.
var namingVerbs = []string{"heißt", "heisst", "s'appelle", "s’appelle", "heet", "nazywa się", "name is", "name's",
	"is called", "is named", "se llama", "si chiama", "chama-se"}

var namingSubjects = []string{"er", "sie", "il", "elle", "hij", "zij", "ze", "on", "ona", "he", "she", "her", "his", "sein",
	"seine", "ihr", "ihre", "son", "sa", "zijn", "haar", "jej", "jego", "su", "suo", "sua"}

// ofDepartment reports a department after the given name v[i:j], joined
// by a word of origin or place and an article: "Chloe from accounts
// rang", "Kasia z księgowości", "Anna aus dem Vertrieb", "Julie de la
// compta", "Sanne van de administratie", "Gemma in accounts". A
// colleague is named by the team they are in; a given name that is an
// everyday word, a colour or a car too is not ("Mercedes aus dem Lager",
// "Max from IT": a limit as often).
func ofDepartment(v string, i, j int) bool {
	p := j
	for n := 0; n < 3; n++ {
		w := nextWord(v, p)
		if w == "" {
			return false
		}
		var buf [maxWord]byte
		lw := string(lowerWord(w, &buf))
		switch {
		case n == 0 && slices.Contains(departmentLinks, lw),
			n > 0 && slices.Contains(departmentArticles, lw):
			p += 1 + len(w)
			continue
		case n > 0 && (slices.Contains(departments, lw) || slices.Contains(groupWords, lw) || slices.Contains(moreDepartments, lw)):
			return !wordGiven(v, i, j)
		}
		return false
	}
	return false
}

// departmentLinks join a colleague's given name to their department, and
// departmentArticles may come between.
var departmentLinks = []string{"from", "in", "at", "von", "vom", "aus", "im", "de", "du", "des", "van", "uit", "bij", "z",
	"ze", "w", "di", "del", "della", "dal", "dalla", "da", "do", "en"}

var departmentArticles = []string{"the", "der", "dem", "den", "die", "la", "le", "les", "l'", "de", "het", "service",
	"dział", "działu", "dziale", "el", "il"}

// moreDepartments are departments in the genitive and locative Polish
// puts them in after "z" and "w" ("Kasia z księgowości"), and teams in
// other languages the departments list does not hold.
var moreDepartments = []string{"księgowości", "sprzedaży", "magazynu", "zakupów", "recepcji", "sekretariatu", "obsługi",
	"logistyki", "reklamacji", "windykacji", "marketingu", "kadr",
	"kundenservice", "klantenservice", "helpdesk", "depot", "hotline", "backoffice"}

// givenAlone looks up the given name v[i:j] that stands alone; a double
// given name no list holds whole ("Anne-Marie", "Hans-Peter", "Jean-Luc")
// is one where both its halves are given names and nothing else, so it
// counts where either half alone would ("Rückruf bei Anne-Marie",
// "Hans-Peter hat angerufen").
func givenAlone(v string, i, j int) (wordInfo, bool) {
	if wi, ok := lookupNameWord(v, i, j); ok {
		return wi, true
	}
	h := strings.IndexByte(v[i:j], '-')
	if h <= 0 {
		return wordInfo{}, false
	}
	h += i
	for _, half := range [2][2]int{{i, h}, {h + 1, j}} {
		wi, ok := lookupNameWord(v, half[0], half[1])
		if !ok || wi.flags&wGiven == 0 || wi.flags&^(wGiven|wSurname) != 0 || wi.ctx != 0 || wi.spec != 0 {
			return wordInfo{}, false
		}
	}
	return wordInfo{flags: wGiven}, true
}

// coordinated raises the listed given names joined to the full name at i
// by a conjunction or a list's commas ("Anna und Lukas Schmidt", "Jean et
// Marie-Claire Fontaine", "Anna, Peter und Lukas Schmidt"): they share its
// family name. Read alone they scored as words (0.35).
func (sc *scan) coordinated(i int) {
	v := sc.v
	for n := 0; n < 4; n++ {
		p := i - 1
		if at(v, p) != ' ' {
			return
		}
		if ce := lettersStart(v, p); ce < p && at(v, ce-1) == ' ' {
			var buf [maxWord]byte
			k := foldWord(v, ce, p, &buf)
			if k <= 0 || !slices.Contains(conjunctions, string(buf[:k])) {
				return
			}
			p = ce - 1 // "Anna und Lukas"
		} else if at(v, p-1) == '&' && at(v, p-2) == ' ' {
			p -= 2 // "Anna & Peter"
		} else if at(v, p-1) == ',' {
			p-- // "Anna, Peter"
		} else {
			return
		}
		ws := lettersStart(v, p)
		for at(v, ws-1) == '-' && letterBefore(v, ws-1) > 0 {
			ws = lettersStart(v, ws-1) // "Marie-Claire"
		}
		wi, ok := lookupNameWord(v, ws, wordEnd(v, ws))
		if ws == p || !isUpperAt(v, ws) || !ok || wi.flags&wGiven == 0 || wi.flags&(wStop|wCity) != 0 || wi.ctx != 0 || wi.spec != 0 ||
			wi.flags&wMonth != 0 && dayBefore(v, ws) || !sc.coordinatedStart(ws) {
			// a town ("Standort Florence, Anna Schmidt"), a month after
			// its day ("am 15 Jan, Anna Schmidt"), or a thing's name
			return
		}
		raised := false
		for k := sc.recent(); k < len(sc.dst); k++ {
			if f := &sc.dst[k]; f.Start == ws && f.End == p && (f.Category == GivenName || f.Category == Name) {
				f.Score, raised = max(f.Score, 0.8), true
			}
		}
		if !raised {
			sc.add(dName, GivenName, ws, p, 0.8)
		}
		i = ws
	}
}

// coordinatedStart reports whether the given name at ws may start a list
// of people: not after a capitalised word, which names a thing of that
// name ("Collier Jade et Marie Dupont", "Seat Leon, Anna Schmidt", "Ticket
// Max, Anna Schmidt") or is the given name of a full one ("Victor Hugo et
// Marie Dupont", "Peter Paul, Anna Müller"), unless it introduces a person
// ("Kunden Anna und Lukas Schmidt"); and not after an article or a
// possessive ("der Mercedes und Anna Schmidt", "our Ruby and Anna Smith").
func (sc *scan) coordinatedStart(ws int) bool {
	v := sc.v
	if at(v, ws-1) != ' ' {
		return true
	}
	b := lettersStart(v, ws-1)
	if b == ws-1 || sc.afterPerson(ws) || sc.salutationBefore(ws) {
		return true
	}
	var buf [maxWord]byte
	n := foldWord(v, b, ws-1, &buf)
	if n <= 0 {
		return true
	}
	w := string(buf[:n])
	if isUpperAt(v, b) {
		wi, ok := lookupWord(v, b, ws-1)
		return ok && wi.ctx&(1<<ctxPerson) != 0 || slices.Contains(personPlurals, w)
	}
	return !slices.Contains(determiners, w)
}

// dayBefore reports a day's number before the month's name at ws: "15
// Jan", "15. Jan", "3 Maja".
func dayBefore(v string, ws int) bool {
	p := ws - 2
	if at(v, ws-1) != ' ' {
		return false
	}
	if at(v, p) == '.' {
		p--
	}
	return isDigit(at(v, p))
}

// personPlurals are words for people before the given names they list
// ("Kunden Anna und Lukas Schmidt", "Ehepaar Jan und Eva Nowak").
var personPlurals = []string{"kunden", "ehepaar", "mieter", "eltern", "geschwister", "clients", "customers", "klanten",
	"clientes", "clienti", "klienci", "parents", "couple"}

// determiners come before a thing's name, not before a person's.
var determiners = []string{"der", "die", "das", "den", "dem", "des", "unser", "unsere", "unseren", "unserem", "the", "our",
	"le", "la", "les", "notre", "el", "los", "las", "nuestro", "nuestra", "il", "lo", "gli", "nostro", "nostra", "het",
	"onze", "ons", "o", "os", "nosso", "nossa"}

// conjunctions join given names that share a family name, and birth dates
// in a list (dobListBefore).
var conjunctions = []string{"und", "and", "et", "y", "en", "i", "e", "oraz", "&"}

// nameFlags returns a word's flags without a street type's when it is a
// listed family name too ("Estrada", "Alameda"): "Cliente Estrada Ruiz"
// and "Estrada, Carlos" name a person, and a street of that type has its
// house number ("Estrada da Circunvalação 1234"; see plainWordPrefix).
func nameFlags(wi wordInfo) uint16 {
	if wi.flags&wSurname != 0 {
		return wi.flags &^ wStreetPre
	}
	return wi.flags
}

// abbreviation reports whether the word ending at j is an abbreviation
// before a number ("Kunde Max. 3 Artikel", "holder Max. 12 mm"), not a
// name.
func abbreviation(v string, j int) bool {
	return at(v, j) == '.' && (isDigit(at(v, j+1)) || at(v, j+1) == ' ' && isDigit(at(v, j+2)))
}

// invertedName handles a family name written first, as Dutch registers
// write it, at the initials at i: "Dijk, C. van", "Berg, J.P. van den",
// "Smit, J." Only as the whole value, after a word that introduces a
// person ("Klant Jong, C. de wil ...") or in a person's column, where the
// family name before the comma must be a listed one or Dutch particles
// must follow the initials: elsewhere a capitalised word, a comma and an
// initial are as often a heading and a list ("Bijlage, A. van de
// offerte", "Anlage, B. der Vereinbarung", "Dupont, S.A.", "Katalog
// Sommer, S. 12"). It returns the name's end, or 0.
func (sc *scan) invertedName(i int) int {
	v := sc.v
	if i < 4 || v[i-1] != ' ' || v[i-2] != ',' {
		return 0
	}
	e := i - 2
	s := lettersStart(v, e)
	if e-s < 2 || !isUpperAt(v, s) || s > 0 && isAlnum(v[s-1]) {
		return 0
	}
	wi, ok := lookupNameWord(v, s, e)
	if ok && (wi.flags&(wStop|wSalut|wMonth|wStreetPre|wStreetSuf|wCity) != 0 || wi.ctx != 0 || wi.spec != 0) {
		return 0
	}
	end := i
	for l := capitalLen(v, end); l > 0 && at(v, end+l) == '.'; l = capitalLen(v, end) {
		end += l + 1 // "J.P.", "Ö."
	}
	if isAlnum(at(v, end)) || at(v, end) == '@' {
		return 0 // not initials: "RICHTER, A.JOHNSON@HOTMAIL.COM"
	}
	particles := end
	for k := 0; k < 2 && at(v, particles) == ' '; k++ {
		q := particles + 1
		w := wordEnd(v, q)
		if at(v, q) == '\'' && at(v, q+1) == 't' && !isAlnum(at(v, q+2)) {
			w = q + 2 // "'t"
		} else if !dutchParticles[v[q:w]] {
			break
		}
		particles = w
	}
	if particles > end {
		end = particles
	} else if !ok || wi.flags&wSurname == 0 {
		return 0
	}
	ts, te := trim(v)
	if !(s == ts && end == te || sc.afterPerson(s) || sc.fctx&(1<<ctxPerson) != 0) {
		return 0
	}
	if k := len(sc.dst) - 1; k >= sc.base && sc.dst[k].Category == Name && sc.dst[k].End == e && sc.dst[k].Start <= s {
		sc.dst[k].End = end // "Anna de Jong, C. de": the name found up to the comma goes on
	} else {
		sc.addOver(dName, Name, s, end, 0.8)
	}
	sc.capStart, sc.capEnd = none, none
	return end
}

// dutchParticles are the particles a Dutch register writes after the
// initials ("Dijk, C. van der").
var dutchParticles = map[string]bool{"van": true, "de": true, "den": true, "der": true, "ten": true, "ter": true, "het": true}

// patronAt reports whether the word at i names a patron or a saint, not
// a person the record is about: after Polish "im."/"imienia" (named
// after) that follow an institution ("Szkoła im. Marii
// Skłodowskiej-Curie"; not "Wysłałem im. Jan Kowalski", where "im" is
// "them"), or after a Polish saint's title ("Parafia Świętej Barbary",
// "kościół św. Anny"). Not "St." or "Saint": "12 Main St. John Smith".
func patronAt(v string, i int) bool {
	if s := i - 5; s >= 0 && v[i-1] == ' ' && v[i-2] == '.' && (v[s:i-2] == "św" || v[s:i-2] == "Św") && (s == 0 || v[s-1] == ' ') {
		return true
	}
	if prevWordIs(v, i, "świętej", "świętego") {
		return true
	}
	var p int // the blank before "im." or "imienia"
	switch {
	case i >= 5 && v[i-1] == ' ' && v[i-2] == '.' && strings.EqualFold(v[i-4:i-2], "im"):
		p = i - 5
	case i >= 9 && v[i-1] == ' ' && strings.EqualFold(v[i-8:i-1], "imienia"):
		p = i - 9
	default:
		return false
	}
	return v[p] == ' ' && institutionBefore(v, p)
}

// institutionBefore reports whether the word ending at e names a Polish
// institution, the kind named after a patron.
func institutionBefore(v string, e int) bool {
	s := lettersStart(v, e)
	var buf [maxWord]byte
	w := string(lowerWord(v[s:min(e, s+maxWord)], &buf)) // its start will do: the stems are short
	for _, stem := range []string{"szkoł", "szpital", "uniwersytet", "akademi", "fundacj", "przedszkol", "teatr", "stadion",
		"liceum", "gimnazjum", "instytut", "centrum", "bibliotek", "muze", "kości", "parafi", "zespoł", "zespół", "hal",
		"dom", "park", "plac", "rondo", "ulic", "alej", "osiedl", "most", "nagrod", "stypendium", "politechnik", "klinik"} {
		if strings.HasPrefix(w, stem) {
			return true
		}
	}
	return false
}

// nameBefore returns the start of a name word written just before the given
// name at i ("Benoît Thomas", "Mulder, Daan", "LARSSON Erik"), or -1. A
// capitalised word at the start of a sentence does not count unless it is
// upper case or followed by a comma. When the word at i is a family name
// (surname), an initial counts too ("P. Piotrowski").
func (sc *scan) nameBefore(i int, surname bool) int {
	v := sc.v
	p := i - 1
	comma := false
	switch at(v, p) {
	case ',': // "Schwarzkopf,Gottfried"
		if surname {
			return -1
		}
	case ' ':
		if l := initialLenBefore(v, i); surname && l > 0 {
			// An initial: "J. Smith", "P. Piotrowski", and those apart
			// before it ("J. P. Brennan", "M. J.-P. Lemaire"). Before a
			// given name the letter is a salutation instead ("M. Benoît
			// Moreau"). Initials written together are as often a brand's
			// ("J.P. Morgan", "R.M. Williams": see bareInitials).
			return initialsApart(v, p-1-l)
		}
		p--
	default:
		return -1
	}
	if at(v, p) == ',' {
		comma = true
		p--
		if at(v, p) == ' ' && !surname {
			p-- // "Schwarzkopf , Gottfried"
		}
	}
	e := p + 1
	s := e
	for s > 0 && (isASCIILetter(v[s-1]) || v[s-1] >= 0x80 || v[s-1] == '-') {
		s--
	}
	for s < e && (v[s] == '-' || (v[s] >= 0x80 && v[s] < 0xC0)) {
		s++
	}
	if e-s < 2 || letterLen(v, s) == 0 || !isUpperAt(v, s) {
		return -1
	}
	allCaps := !hasLower(v[s:e]) // "LARSSON", "ΠΑΠΑΔΟΠΟΥΛΟΣ"; not "Клиент"
	wi, ok := lookupWord(v, s, e)
	// "Krebs, Thomas", "Rak Tomasz": a family name; before a comma only as
	// a register's entry, not "Kunde hat Krebs, Anna kümmert sich"
	spec := ok && wi.spec != 0 && specName(v, s, e) && (!comma || registerEntry(v, s, wordEnd(v, i)))
	if ok && (nameFlags(wi)&(wStop|wSalut|wMonth|wStreetPre|wStreetSuf|wCity) != 0 || wi.ctx != 0 || wi.spec != 0 && !spec) {
		return -1
	}
	if allCaps && sc.capsAt(s, e) {
		// In a note in capitals every word is in capitals, and the one
		// before a given name is as often a preposition or a role's
		// ("CALLED BY JOHN SMITH", "TENANT LUCY GREEN", "GESPROKEN MET
		// JAN VISSER"): only a listed family name is one there, or a
		// word no list knows with a comma after it, as a register writes
		// it ("OBERHOLZER, HANS"), or a family name's ending. Before a
		// family name a listed name or a word no list knows is its given
		// name ("MAËL DURAND"), as a capitalised word is in mixed case,
		// but not where an entry starts ("EHEPAAR KRAUSE WÜNSCHT"), and
		// an everyday word never ("IM KELLER", "TERMIN SCHMIDT").
		if bornWord(v, s, e) {
			return s // "DUPONT MARIE NEE MARTIN": the birth name, with its word
		}
		if surname && upperParticles[v[s:e]] && !comma {
			// the family name's own particles, which mixed case writes in
			// lower case (particlesBefore): the word before them is its
			// given name as far as it would be before the family name
			// ("GESPROKEN MET TIJMEN VAN LIER", "KLANT JAN VAN DER BERG")
			if ps := upperParticlesBefore(v, i); ps < i && ps <= s && !upperParticleBefore(v, ps) {
				return sc.nameBefore(ps, true) // (one level: no particle before ps)
			}
			return -1
		}
		switch capsKind(v, s, e) {
		case capsListed:
			if wn, _ := lookupNameWord(v, s, e); surname || wn.flags&wSurname != 0 {
				return upperParticlesBefore(v, s)
			}
		case capsCommon:
			// a family name that is a word too, after its particle: "VAN
			// DER MEER JOOST", "DE JONG PIETER", a register's order
			if p := upperParticlesBefore(v, s); p < s {
				return p
			}
		case capsOther:
			// a register's entry, the family name first: "PAGE, JOHN",
			// "KURZ, ANNA", a family name that is an everyday word too
			var buf [maxWord]byte
			if comma && entryStartAt(v, s) && entryEnd(v, wordEnd(v, i)) && lookupCaps(v, s, e)&(cNoName|cAct|cAux|cThing) == 0 &&
				!notSurnameBeforeComma[string(lowerWord(v[s:e], &buf))] && !longEnding(v, s, e) {
				return s
			}
		case capsUnlisted:
			// a particle or a person's word before it says a family name
			// comes first: "CLIENT LE GALL ISABELLE"
			if p := upperParticlesBefore(v, s); p < s || sc.afterPerson(s) || comma && entryStartAt(v, s) || endsAsSurname(v, s, e) ||
				surname && !comma && (!entryStartAt(v, s) || greekOrCyrillic(v, s) || capsActAfter(v, particlesEnd(v, i), false)) {
				return p // (the lists of Greek and Cyrillic given names are short, as in mixed case: "ΓΙΑΝΝΗΣ ΠΑΠΑΔΟΠΟΥΛΟΣ")
			}
		}
		return -1
	}
	// Before a listed family name, a capitalised Greek or Cyrillic word is
	// a given name the short lists of those scripts do not hold ("Зоя
	// Huber", "Станислав Huber"), as it was before hasLower knew their
	// small letters.
	if ok && wi.flags&wSurname != 0 || spec || allCaps && e-s > 2 || surname && !ok && greekOrCyrillic(v, s) {
		if allCaps {
			s = upperParticlesBefore(v, s)
		}
		return s
	}
	// an unknown capitalised word: only mid-sentence, or before a comma
	// where an entry starts ("Schwarzkopf, Gottfried rief an", the
	// register's order of German forms: a review found the family name
	// raw beside the pseudonymised given name)
	b := s - 1
	for b >= 0 && v[b] == ' ' {
		b--
	}
	entryStart := entryStartAt(v, s)
	if comma {
		// And only where the given name ends the entry as well, as in a
		// register or an export ("Schwarzkopf, Gottfried;"): before more
		// words, the word is as often a noun ("Offen, Anna klärt das",
		// "Termin, Michael ist informiert": a review found a hundred).
		// A family name's ending makes it one before more words too
		// ("Mustermann, Erika rief an"), where few nouns end so.
		var buf [maxWord]byte
		w := string(lowerWord(v[s:e], &buf))
		if w == "" {
			w = strings.ToLower(v[s:e]) // a word longer than maxWord, for its ending
		}
		if entryStart && !allCaps && !notSurnameBeforeComma[w] && !nounEnding(w, true) &&
			!strings.HasSuffix(w, "ing") && (entryEnd(v, wordEnd(v, i)) || entrySurnameEnding(w)) {
			return s
		}
		return -1
	}
	if entryStart || v[b] == '.' || v[b] == '!' || v[b] == '?' {
		// A capitalised word starting a sentence is as often a noun
		// ("Farbe Schwarz", "Status Green") as a given name.
		return -1
	}
	return s
}

// greekOrCyrillic reports whether the letter at v[i] is Greek or Cyrillic.
func greekOrCyrillic(v string, i int) bool {
	c := at(v, i)
	return c >= 0xCE && c <= 0xD4 && letterLen(v, i) == 2
}

// hasLower reports whether w holds a lower-case letter: ASCII, or of a
// script beyond Latin-1 and Latin Extended ("Клиент", "Παππάς"). Not ß,
// which words in capitals keep ("STRAUß", "NUßBAUM"), nor µ, š, œ, ž and
// ƒ, which mojibake writes for capitals and Cyrillic letters ("MÃœLLER",
// "Ð˜Ð²Ð°Ð½"): the lower-case letters of those scripts come with ASCII
// ones in the words that hold them.
func hasLower(w string) bool {
	for _, r := range w {
		if r < 0x80 && isLower(byte(r)) || r >= 0x370 && unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// entryStartAt reports whether an entry starts at s: the value, a line, or
// after a colon, a semicolon, a quote or a bracket.
func entryStartAt(v string, s int) bool {
	b := s - 1
	for b >= 0 && v[b] == ' ' {
		b--
	}
	return b < 0 || v[b] == '\n' || v[b] == ':' || v[b] == ';' || v[b] == '"' || v[b] == '('
}

// registerEntry reports whether v[s:e] is an entry of its own: one that
// starts as entryStartAt says or right after a word for a person
// ("Ansprechpartner Krebs, Thomas (Einkauf)"), and ends as entryEnd says.
func registerEntry(v string, s, e int) bool {
	if !entryEnd(v, e) {
		return false
	}
	if entryStartAt(v, s) {
		return true
	}
	b := s
	for b > 0 && v[b-1] == ' ' {
		b--
	}
	wi, ok := lookupWord(v, letterRunStart(v, b), b)
	return b < s && ok && wi.ctx&(1<<ctxPerson) != 0
}

// entryEnd reports whether an entry ends at e: the value, a line, a field
// of a delimited export, or a bracket.
func entryEnd(v string, e int) bool {
	for e < len(v) && v[e] == ' ' {
		e++
	}
	switch at(v, e) {
	case 0, '\n', '\r', ';', '|', '\t', '"', ')', '(':
		return e >= len(v) || v[e] != 0
	case ',', '.', '-', '/':
		// "Wijnaldum, Anna, Tel. ...", "Schwarzkopf, Gottfried - Kunde
		// seit 2010": a list's next item
		return e+1 >= len(v) || v[e+1] == ' '
	}
	return false
}

// notSurnameBeforeComma are words that start a note before a comma and a
// given name ("Ok, Peter meldet sich") and are no family name, besides the
// stop words (Hallo, Danke, Bonjour).
var notSurnameBeforeComma = map[string]bool{"moin": true, "servus": true, "hey": true, "hoi": true, "hej": true,
	"ok": true, "okay": true, "sorry": true, "ja": true, "nein": true, "nee": true, "yes": true, "no": true, "gut": true,
	"super": true, "salut": true, "ciao": true, "coucou": true, "cześć": true, "czesc": true, "witam": true, "tak": true,
	"nie": true, "dobrze": true, "dag": true, "achtung": true, "hinweis": true, "info": true, "wichtig": true,
	"betreff": true, "re": true, "aw": true, "fw": true, "wg": true, "also": true, "so": true, "nun": true, "oui": true,
	"non": true, "bon": true, "alors": true, "goed": true, "nou": true, "hallo": true, "hello": true, "dear": true,
	"attention": true, "note": true, "notiz": true, "uwaga": true, "urgent": true, "dringend": true,
	// times: "Morgen, Peter ruft an"
	"heute": true, "morgen": true, "gestern": true, "vorhin": true, "später": true, "danach": true, "dann": true,
	"jetzt": true, "abends": true, "demain": true, "hier": true, "vandaag": true, "gisteren": true, "straks": true,
	"dziś": true, "dzisiaj": true, "jutro": true, "wczoraj": true, "today": true, "tomorrow": true, "yesterday": true}

// upperParticles begin family names written in capitals ("LE GALL",
// "DE LA FONTAINE", "VAN DEN BERG").
var upperParticles = map[string]bool{
	"LE": true, "LA": true, "DE": true, "DU": true, "DES": true, "VAN": true, "VON": true,
	"DEN": true, "DER": true, "TER": true, "TEN": true, "DI": true, "DA": true, "DEL": true, "DOS": true,
}

// upperParticlesBefore returns the start of up to two capitalised
// particles written before the upper-case family name at s ("LE GALL
// Sylvie", "CLIENT DE LA FONTAINE Marie"), or s.
func upperParticlesBefore(v string, s int) int {
	for k := 0; k < 2 && at(v, s-1) == ' '; k++ {
		b := s - 1
		for b > 0 && isUpper(v[b-1]) {
			b--
		}
		w := v[b : s-1]
		if w == "T" && at(v, b-1) == '\'' && b >= 5 && v[b-5:b-1] == "VAN " {
			b-- // "VAN 'T HOF", not "CAFE 'T HOEKJE"
		} else if !upperParticles[w] {
			break
		}
		if b > 0 && isAlnum(v[b-1]) {
			break
		}
		s = b
	}
	return s
}

// particlesBefore returns the start of the lower-case particles ("de",
// "van den", "'t") written just before the family name at i, or i: in
// "Arjen de Vries" the given name comes before them.
func (sc *scan) particlesBefore(i int) int {
	v := sc.v
	s := i
	for k := 0; k < 3 && at(v, s-1) == ' '; k++ {
		e := s - 1
		b := e
		for b > 0 && isLower(v[b-1]) {
			b--
		}
		if b > 0 && v[b-1] == '\'' && v[b:e] == "t" {
			b-- // 't
		} else if wi, ok := lookupWord(v, b, e); !ok || wi.flags&wParticle == 0 {
			break
		}
		s = b
	}
	return s
}

// apposition returns the end of a listed given name at v[i:j] (and the
// name words after it) set off by commas right after a word for a member
// of the family: "de dochter, Margriet, over haar moeder", "his wife,
// Anna." A comma, a full stop ending the sentence or the end of the text
// must close it: "Call the daughter, Mark the box" is none. Only family
// words: after "customer," a review found maxima, towns and regions
// ("Per customer, Max. 2 units", "customer, Charlotte, NC").
func (sc *scan) apposition(i, j int) int {
	v := sc.v
	if i < 2 || v[i-1] != ' ' || v[i-2] != ',' || !prevWordIs(v, i-2, familyWords...) {
		return 0
	}
	end, _ := sc.nameRest(j)
	switch {
	case end == len(v), at(v, end) == ',', at(v, end) == ';', at(v, end) == ')':
	case at(v, end) == '.' && (end+1 == len(v) || at(v, end+1) == ' ' && isUpperAt(v, end+2)):
	default:
		return 0
	}
	return end
}

// familyWords are the members of a family a note names before their name.
var familyWords = []string{"dochter", "zoon", "vrouw", "man", "echtgenote", "echtgenoot", "moeder", "vader", "broer", "zus", "zuster",
	"daughter", "son", "wife", "husband", "mother", "father", "brother", "sister",
	"fille", "fils", "épouse", "époux", "mari", "femme", "mère", "père", "frère", "sœur", "soeur",
	"tochter", "sohn", "ehefrau", "ehemann", "frau", "mann", "mutter", "vater", "bruder", "schwester",
	"córka", "corka", "syn", "żona", "zona", "mąż", "maz", "matka", "ojciec", "brat", "siostra"}

// afterPerson reports whether the word at i directly follows a word that
// introduces a person ("Klant ", "titulaire ", "buren (", "Kd. ", "Fam. ").
func (sc *scan) afterPerson(i int) bool {
	p := i
	for p > 0 && (sc.v[p-1] == ' ' || sc.v[p-1] == '(' || sc.v[p-1] == ':' || sc.v[p-1] == '\t' || formDash(sc.v, p-1)) && i-p < 3 {
		p-- // "Kunde: ", "Surname:\tBlackwood", "Nom - Marchand"
	}
	if p < i && p > 0 && sc.v[p-1] == '.' && p-1 == sc.last[ctxPerson] {
		return true // an abbreviation's dot
	}
	return p < i && p == sc.last[ctxPerson]
}

// formDash reports a dash at d that separates a form's label from its
// value, with a blank on either side ("Nom - Marchand"), not a hyphen,
// nor one of a header row's or a product line's ("Cognome - Nome - Data",
// "Name - Preis - Menge"): no such dash follows within 40 bytes of the
// field ("Apellidos - Pablo Echeverría\tF. nac. - 05/10/1978" has two).
func formDash(v string, d int) bool {
	if at(v, d) != '-' || !blankAt(v, d-1) || !blankAt(v, d+1) {
		return false
	}
	for k := d + 2; k < len(v) && k < d+42 && v[k] != '\n' && v[k] != '\t' && v[k] != ';' && v[k] != '/' && v[k] != '|'; k++ {
		if v[k] == '-' && blankAt(v, k-1) && blankAt(v, k+1) {
			return false
		}
	}
	return true
}

// blankAt reports a blank or a tab at p.
func blankAt(v string, p int) bool { return at(v, p) == ' ' || at(v, p) == '\t' }

// personAfterWord takes the capitalised words at i, which follow a word
// that introduces a person, as that person's name: "Klant Arjen El Amrani
// belde", "titulaire Stéphane Da Silva".
func (sc *scan) personAfterWord(i, j int) int {
	e := nameWord(sc.v, i)
	if e < j {
		return 0 // "Kunde 4711", a word with digits
	}
	if sc.capsAt(i, e) && !capsNameWord(sc.v, i, e, false) && !(namePrefix(sc.v, i, e) && at(sc.v, e) == ' ' && nameWord(sc.v, e+1) > e+1) {
		return 0 // in capitals: "KUNDE HAT ...", "KUNDE SAUER", "CLIENT MÉCONTENT"; not "KLANT VAN DIJK"
	}
	end, parts := sc.nameRest(e)
	// Some word of it must be a known name: "Customer Care", "Kunde
	// Deutsche Bank AG" and "Customer Data Platform" are not people.
	if company(sc.v, end) || organisation(sc.v[i:e]) {
		return 0 // "Kunde Müller GmbH", "t.n.v. Stichting De Hoop"
	}
	known := false
	for p := i; p < end; {
		q := p
		for q < end && sc.v[q] != ' ' {
			q++
		}
		if wi, ok := lookupWord(sc.v, p, q); ok && wi.flags&(wSurname|wGiven) != 0 && wi.flags&wParticle == 0 {
			known = true // a particle says nothing: "Le Bistrot"
		} else if !ok {
			// a family name no list holds by an ending few nouns share:
			// "Familie Obermeier", "Kundin Liesl Pfandlbauer", either
			// half of a double name ("Familie Obermeier-Kranz"), a
			// Polish family's plural ("Państwo Kowalczykowie")
			known = known || familyEnding(sc.v, p, q)
		}
		p = q + 1
	}
	if !known && sc.personCue(i, end, parts) {
		known = true // "Nachbarin Przybylska sagt", "mit Hausmeister Sørensen"
	}
	if !known && (!(nameLabelBefore(sc.v, i) || sc.formNameBefore(i) && (allCapsRun(sc.v[i:end]) || end == e)) || placeholder(sc.v[i:e]) || isLower(at(sc.v, end+1)) && at(sc.v, end) == ' ') {
		// after a label, a name no list knows stands alone or before
		// more names: "Voornaam: Niet ingevuld" is a sentence; after a
		// form's "Nom :" a single word, or words in capitals, as forms
		// write family names ("Nom : Le Bistrot Prénom : Paul" is a
		// restaurant's)
		return 0
	}
	score := 0.8 // as a given name and a family name
	if parts == 0 {
		score = 0.6
	}
	sc.add(dName, Name, i, end, score)
	sc.capStart, sc.capEnd = none, none
	return end
}

// familyEnding reports a word v[p:q] no list knows that ends as family
// names do and few nouns (entrySurnameEnding), or has a part joined by a
// hyphen that does ("Obermeier-Kranz"), or is a Polish family name's
// plural (-owie, -scy, -ccy, -dzcy: "Państwo Kowalczykowie", "Kowalscy").
// It runs only on a word after one that introduces a person.
func familyEnding(v string, p, q int) bool {
	var buf [maxWord]byte
	for a := p; a < q; {
		b := a
		for b < q && v[b] != '-' {
			b++
		}
		n := foldWord(v, a, b, &buf)
		if n > 0 && entrySurnameEnding(string(buf[:n])) {
			return true
		}
		a = b + 1
	}
	n := foldWord(v, p, q, &buf)
	if n < 7 {
		return false
	}
	w := string(buf[:n])
	return strings.HasSuffix(w, "owie") || strings.HasSuffix(w, "scy") || strings.HasSuffix(w, "ccy") || strings.HasSuffix(w, "dzcy")
}

// personCue reports a cue that the capitalised words v[i:end] after a
// word that introduces a person are a name no list knows, not a noun
// (parts: how many words follow the first). After a word for a job, a role
// or a neighbour (roleWords), one word will do before a verb of saying or
// calling ("Nachbarin Przybylska sagt") or where a preposition comes before
// the role and the clause ends after the word ("Sprach mit Hausmeister
// Sørensen"). After a customer's word, which a company's, a team's or a
// product's words follow as often ("Customer Success", "Kunde Deutsche
// Bahn"), only two words or more and the verb ("La cliente Benedetta
// Scarpellini ha chiamato"). Either way the last word must end as family
// names do (surnameEnding; the cue makes up for the endings that
// familyEnding leaves to nouns): a department, a shift, a floor, a branch
// or a firm follows a role as often as a name does, and all of them are
// capitalised words no list knows ("Schichtleiter Nachtschicht ruft an",
// "Paket bei Nachbar Erdgeschoss.", "Livreur Chronopost a appelé"). No word
// may be a department's, a team's or a thing's ("Teamleiter Vertrieb",
// "Fahrer App meldet"), end as nouns do ("Azubi Schulung") or be an
// acronym.
func (sc *scan) personCue(i, end, parts int) bool {
	v := sc.v
	says := saysAfter(v, end, true)
	if !says && !clauseEndAt(v, end) {
		return false
	}
	pe := sc.last[ctxPerson]
	ps := letterRunStart(v, pe)
	var buf [maxWord]byte
	n := foldWord(v, ps, pe, &buf)
	role := n > 0 && roleWordSet[string(buf[:n])]
	if !(role && (says || prevWordIs(v, ps, rolePrepositions...)) || parts > 0 && says) {
		return false
	}
	named := false
	for p := i; p < end; {
		q := nameWord(v, p)
		if q-p < 4 || !plainWord(v, p, q) || hasAt(v, q-3, "ing") {
			return false // "Kfz", "Planning"
		}
		n := foldWord(v, p, q, &buf)
		if n <= 0 || departmentWord(v, p, q) {
			return false
		}
		for _, r := range roleWords {
			if len(r) >= 5 && strings.HasSuffix(string(buf[:n]), r) {
				return false // another role: "Buchhalter Steuerberater sagt"
			}
		}
		named = endsAsSurname(v, p, q)
		for p = q; p < end && v[p] == ' '; p++ {
		}
	}
	return named
}

// endsAsSurname reports a word v[p:q] that ends as family names do
// (surnameEnding), also with the endings familyEnding leaves to nouns
// (-son, -ski, -ini), but not as a noun or a trade does ("Bürokaufmann"):
// where a cue besides the word says a name stands there.
func endsAsSurname(v string, p, q int) bool {
	var buf [maxWord]byte
	n := foldWord(v, p, q, &buf)
	return n > 0 && surnameEnding(string(buf[:n])) && !endingNoun(string(buf[:n]))
}

// departmentWord reports a department's or a team's word v[i:e]
// (departments, groupWords).
func departmentWord(v string, i, e int) bool {
	var buf [maxWord]byte
	n := foldWord(v, i, e, &buf)
	return n > 0 && (slices.Contains(departments, string(buf[:n])) || slices.Contains(groupWords, string(buf[:n])))
}

// departmentAfter reports a department in brackets after the blank at j
// ("(Buchhaltung)", "(IT)", "(Finanzbuchhaltung)"), which says the family
// name v[i:j] before it names a person who works there when a preposition
// comes before it: "Rücksprache mit Müller (Buchhaltung)", "mit
// Brunnhuber (Einkauf)". A listed family name, or one by its ending
// (familyEnding): a firm's name stands there as often ("Rücksprache mit
// Siemens (Einkauf)", "mit Telekom (Vertrieb)").
func departmentAfter(v string, i, j int) bool {
	if !hasAt(v, j, " (") || j-i < 4 || !afterAddressee(v, i) || !plainWord(v, i, j) {
		return false
	}
	if wi, ok := lookupNameWord(v, i, j); !(ok && wi.flags&wSurname != 0 || !ok && familyEnding(v, i, j)) {
		return false
	}
	var buf [maxWord]byte
	q := j + 2
	e := wordEnd(v, q)
	if at(v, e) != ')' || e == q {
		return false
	}
	n := foldWord(v, q, e, &buf)
	for _, d := range departments {
		if n > 0 && len(d) >= 4 && strings.HasSuffix(string(buf[:n]), d) || n == len(d) && string(buf[:n]) == d {
			return true
		}
	}
	return false
}

// participants takes the names a list of participants holds after its
// label ("Teilnehmer: Krauskopf, Obermeier, Brunnhuber", "Attendees:
// Blackwood, Oakley") at i: one or two capitalised words an entry, joined
// by commas, "&" or the labels' languages' "and" (listAnd), up to the end
// of the clause, however many. Every entry must be plain (plainWord, no
// department or team) and one a known name or a family name by its ending
// (familyEnding): departments and things are listed so as well
// ("Teilnehmer: Vertrieb, Einkauf, Technik"). It reads the list once to
// check it and once more to take its names, and returns its end, or 0.
func (sc *scan) participants(i int) int {
	end := sc.participantList(i, false)
	if end > 0 {
		sc.participantList(i, true)
		sc.capStart, sc.capEnd = none, none
	}
	return end
}

// participantList reads the list of participants at i for participants,
// adding its entries as names if take; it returns the list's end, or 0
// when the list does not qualify.
func (sc *scan) participantList(i int, take bool) int {
	v := sc.v
	known, p := false, i
	for {
		s := p
		for w := 0; w < 2; w++ {
			e := nameWord(v, p)
			if e-p < 3 || !plainWord(v, p, e) || departmentWord(v, p, e) {
				return 0
			}
			if wi, ok := lookupNameWord(v, p, e); ok && wi.flags&(wGiven|wSurname) != 0 || !ok && familyEnding(v, p, e) {
				known = true
			}
			p = e
			if at(v, p) != ' ' || !isUpperAt(v, p+1) {
				break
			}
			p++
		}
		if take {
			sc.add(dName, Name, s, p, 0.6)
		}
		if hasAt(v, p, ", ") {
			p += 2
		} else if a := listAnd(v, p); a > p {
			p = a
		} else if known && clauseEndAt(v, p) {
			return p
		} else {
			return 0
		}
		if !isUpperAt(v, p) {
			return 0
		}
	}
}

// listAnd returns the end of " and " (or "&") between two entries of a
// list at p, in the languages of participantLabels, with the blank after
// it; or p.
func listAnd(v string, p int) int {
	if at(v, p) != ' ' {
		return p
	}
	e := p + 1
	for e < len(v) && v[e] != ' ' {
		e++
	}
	if at(v, e) != ' ' {
		return p
	}
	switch v[p+1 : e] {
	case "und", "and", "&", "en", "et", "i", "oraz", "e", "y":
		return e + 1
	}
	return p
}

// participantLabels label a list of the people who took part.
var participantLabels = []string{"teilnehmer", "teilnehmende", "anwesend", "participants", "attendees", "present",
	"deelnemers", "aanwezig", "uczestnicy", "obecni", "partecipanti", "participantes", "asistentes"}

// clauseEndAt reports whether a clause ends at e, blanks aside: the value,
// a line, a punctuation mark, a bracket or a dash.
func clauseEndAt(v string, e int) bool {
	for e < len(v) && v[e] == ' ' {
		e++
	}
	switch at(v, e) {
	case 0, '\n', '\r', ',', '.', ';', ':', '!', '?', '(', ')', '-', '/':
		return true
	}
	return false
}

// roleWords name a person by a job or a role, as notes write them before
// the name: "Lagerleiter Brunnhuber", "Azubi Jannik", "Hausmeister
// Kaltenbach", "Nachbar Gruber". They introduce a person (ctxPerson), and
// personCue lets one word no list knows after them be a name when it ends
// as family names do. Not
// English ones: English puts a job before a name seldom ("the janitor,
// Kaltenbach"), and a capitalised word after one names a firm or a
// product as often ("Landlord Agency called", "Caretaker Company").
var roleWords = strings.Fields(`lagerleiter lagerleiterin hausmeister hausmeisterin azubi auszubildende auszubildender
	praktikant praktikantin werkstudent werkstudentin buchhalter buchhalterin sachbearbeiter sachbearbeiterin teamleiter
	teamleiterin abteilungsleiter abteilungsleiterin filialleiter filialleiterin geschäftsführer geschäftsführerin
	schichtleiter schichtleiterin vorarbeiter vorarbeiterin monteur monteurin techniker technikerin servicetechniker
	kollege kollegin chefin vorgesetzte vorgesetzter vermieter vermieterin hausverwalter hausverwalterin
	pförtner pförtnerin kundenberater kundenberaterin außendienstler außendienstlerin assistentin sekretärin disponent
	disponentin bauleiter bauleiterin projektleiter projektleiterin berater beraterin nachbar nachbarin
	gérant gérante comptable technicien technicienne livreur livreuse stagiaire collègue concierge gardien gardienne voisin voisine
	magazijnchef conciërge boekhouder boekhoudster collega stagiair huisbaas teamleider teamleidster bedrijfsleider
	verhuurder bezorger buurman buurvrouw
	magazynier magazynierka stażysta stażystka praktykant praktykantka księgowy dozorca woźny kolega koleżanka sąsiad sąsiadka państwo
	magazziniere ragioniere contabile portiere custode vicino vicina
	contable encargado encargada conserje becario becaria compañero compañera vecino vecina`)

// roleWordSet holds roleWords, for the checks that run on every title's
// name (roleAfterTitle), where a scan of the list was slow.
var roleWordSet = func() map[string]bool {
	m := make(map[string]bool, len(roleWords))
	for _, w := range roleWords {
		m[w] = true
	}
	return m
}()

// rolePrepositions come before a role whose holder a note names:
// "Sprach mit Hausmeister Kaltenbach", "Paket bei Nachbar Gruber".
var rolePrepositions = []string{"mit", "bei", "an", "von", "für", "with", "to", "from", "for", "avec", "chez", "pour", "par",
	"met", "bij", "aan", "voor", "z", "u", "do", "od", "dla", "con", "da", "per"}

// departments name a department, a region or a thing a role's word is
// followed by as often as by a name ("Teamleiter Vertrieb", "Filialleiter
// Nord", "Fahrer App").
var departments = strings.Fields(`vertrieb einkauf verkauf marketing logistik lager versand technik produktion personal
	finanzen controlling empfang außendienst aussendienst innendienst zentrale buchhaltung verwaltung kundendienst
	sales finance operations purchasing procurement accounting accounts billing legal compliance it hr edv qm qs
	nord süd sued ost west mitte app system tool software hardware termin meeting besuch einsatz urlaub dienst schicht
	tour route ventes achats compta comptabilité logistique verkoop inkoop magazijn administratie boekhouding
	sprzedaż zakupy księgowość magazyn vendite acquisti amministrazione ventas compras administración
	kasse filiale werkstatt vorstand servicedesk frontdesk payroll warehouse logistics admissions mailroom
	accueil agence secretariaat directie redactie soporte suporte
	sekretariat secrétariat secretaría segreteria secretariat rezeption reception réception recepción recepcja receptie
	poststelle dispatch facilities helpline`)

// colonLabelBefore returns the word v[s:e] that ends, with its colon and any
// blanks, right before i ("Vorname" of "Vorname : Jörg"); ok is false
// when no colon is there.
func colonLabelBefore(v string, i int) (s, e int, ok bool) {
	p := i
	for p > 0 && (v[p-1] == ' ' || v[p-1] == '\t') {
		p-- // "Nachname:\tRothkegel": forms pasted from a table
	}
	if p == 0 || v[p-1] != ':' && !formDash(v, p-1) {
		return 0, 0, false // "Nom : ", "Surname - Ashworth"
	}
	s, e = wordBefore(v, p-1)
	return s, e, true
}

// wordBefore returns the run of letters v[s:e] that ends, blanks aside,
// right before c.
func wordBefore(v string, c int) (s, e int) {
	e = c
	for e > 0 && v[e-1] == ' ' {
		e--
	}
	return letterRunStart(v, e), e
}

// nameLabelBefore reports a label of a person's given or family name with
// its colon right before i ("Vorname : Jörg", "Last name: Oberstaller"):
// what follows is a name, also one no list knows. "Name", "nom" and "naam"
// alone do not say so: campaigns, projects, rooms and pets have names too
// ("Name: Sommeraktion 2024", "Naam: Magazijn Noord", "Bot name: Cortana").
func nameLabelBefore(v string, i int) bool {
	s, p, ok := colonLabelBefore(v, i)
	if !ok {
		return false
	}
	if strings.EqualFold(v[s:p], "famille") {
		// "Nom de famille :"; a review found "Famille : Kervella" at the
		// value's start crashed an earlier form of this
		return s > 0 && prevWordIs(v, s, "de") && prevWordIs(v, lastWordStart(v, s-1), "nom")
	}
	wi, ok := lookupWord(v, s, p)
	if !ok || wi.flags&wNameNoun == 0 {
		return false
	}
	var buf [maxWord]byte
	switch string(lowerWord(v[s:p], &buf)) {
	case "name", "nom", "naam":
		return prevWordIs(v, s, "first", "last", "family", "given", "middle", "maiden")
	}
	return true
}

// formNameBefore reports a "Nom :", "Name:" or "Naam:" right before i in a
// form that also asks for a given name, and gets one: there the name is
// the family name ("Nom : LE BIHAN Prénom : Mathilde"). A given name's
// field left empty or holding no name ("Prénom : -", "Prénom : Service
// client") is a company's record, and so are a pet's or an account's name.
func (sc *scan) formNameBefore(i int) bool {
	v := sc.v
	s, p, ok := colonLabelBefore(v, i)
	if !ok {
		return false
	}
	var buf [maxWord]byte
	switch string(lowerWord(v[s:p], &buf)) {
	case "name", "nom", "naam":
		return personNameLabel(v, s) && sc.givenNameLabelled()
	}
	return false
}

// givenNameLabelled reports givenNameLabelIn of the value, read once per
// value: asked at every "Nom :", it made a long form quadratic.
func (sc *scan) givenNameLabelled() bool {
	return sc.once(&sc.givenLabel, givenNameLabelIn)
}

// givenNameLabels label a given name ("Prénom :", "first name:").
var givenNameLabels = []string{"prénom", "prenom", "voornaam", "vorname", "imię", "imie", "forename", "firstname"}

// givenNameLabelIn reports whether v holds a given name's label with its
// colon and a given name after it: a listed one, or a capitalised word no
// list knows.
func givenNameLabelIn(v string) bool {
	for c := strings.IndexByte(v, ':'); c >= 0; {
		s, p := wordBefore(v, c)
		w := v[s:p]
		label := strings.EqualFold(w, "name") && prevWordIs(v, s, "first", "given")
		for _, l := range givenNameLabels {
			label = label || strings.EqualFold(w, l)
		}
		if label && givenNameAt(v, c+1) {
			return true
		}
		n := strings.IndexByte(v[c+1:], ':')
		if n < 0 {
			break
		}
		c += 1 + n
	}
	return false
}

// allCapsRun reports whether s has letters and no lower-case one.
func allCapsRun(s string) bool {
	letters := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		letters = letters || unicode.IsLetter(r)
	}
	return letters
}

// givenNameAt reports whether a given name starts at i, after blanks: a
// listed one, or a capitalised word no list knows ("Maël").
func givenNameAt(v string, i int) bool {
	for i < len(v) && v[i] == ' ' {
		i++
	}
	e := nameWord(v, i)
	if e == i {
		return false
	}
	wi, ok := lookupNameWord(v, i, e)
	return ok && wi.flags&wGiven != 0 || !ok && !placeholder(v[i:e])
}

// legalForm reports whether w (a trailing comma or semicolon aside) is a
// legal form, a word that makes a name a company's. It runs on every word
// of a name no list knows: a switch, which Go compiles to a binary search.
func legalForm(w string) bool {
	if n := len(w); n > 0 && (w[n-1] == ',' || w[n-1] == ';') {
		w = w[:n-1]
	}
	switch w {
	case "GmbH", "AG", "KG", "KGaA", "OHG", "SE", "GbR", "eG", "e.V.", "Inc", "Inc.", "Ltd", "Ltd.",
		"LLC", "Corp", "Corp.", "BV", "B.V.", "NV", "N.V.", "SA", "S.A.", "SARL", "SAS", "Sp.", "S.p.A.", "plc", "PLC",
		"S.L.", "S.L.U.", "S.r.l.", "Srl", "SRL", "Lda.", "Ltda.",
		"Co.": // not UG (Untergeschoss) or Co (co-founder)
		return true
	}
	return false
}

// legalFormDotless is legalForm of w with its dots left out ("B.V." read
// as "BV"), in a buffer rather than a new string; a w too long for it is
// no legal form.
func legalFormDotless(w string) bool {
	var buf [maxWord]byte
	n := 0
	for i := 0; i < len(w); i++ {
		if w[i] != '.' {
			if n == maxWord {
				return false
			}
			buf[n] = w[i]
			n++
		}
	}
	return legalForm(string(buf[:n]))
}

// company reports whether a company's legal form follows the name ending at
// end (nameRest stops before one), as after a word that introduces a
// customer: "Kunde Müller GmbH", "Kunde Müller & Söhne". A bare "&" joins
// people as often ("Anna & Peter Schmidt"). A name without such a word
// before it stays a name, legal form or not: a company named after a
// person (a sole trader's, a partnership's) names the person.
func company(v string, end int) bool {
	next := nextWord(v, end)
	if next == "&" {
		switch strings.TrimRight(nextWord(v, end+2), ".,;") {
		case "Co", "Cie", "Sohn", "Söhne", "Sons", "Partner", "Partners":
			return true
		}
	}
	return legalForm(next)
}

// firmAfter reports whether a word for a group, a publisher or an
// institution follows the name ending at end, or ends it after a hyphen
// (firmNoun: "Otto Group", "Heinrich Bauer Verlag", "Max Weber
// Stiftung", "Schmidt-Gruppe", "Robert Koch-Institut"): the name is an
// organisation's. A legal form does not say so (see company): a firm
// named after a person, a GmbH's or a BV's too, names the person. Nor
// does the word after a title ("Herr Müller Gruppe 3", "Prof. Anna
// Schmidt Universität Bonn"), or a group's before its number or letter.
func firmAfter(v string, start, end int) bool {
	if s := lastWordStart(v, end); s > 0 && v[s-1] == '-' && firmNoun(v[s:end]) {
		return true // "Robert Koch-Institut", "Johannes Gutenberg-Universität"
	}
	if at(v, end) == '-' {
		return firmNoun(v[end+1 : wordEnd(v, end+1)])
	}
	w := nextWord(v, end)
	if !firmNoun(strings.TrimRight(w, ".,;")) || prevWordSalut(v, start) {
		return false // "Herr Müller Gruppe 3", "Prof. Anna Schmidt Universität Bonn": a person's
	}
	// "Anna Schmidt Gruppe B", "Tom Walker group 4": a person's group
	n := nextWord(v, end+1+len(w))
	return !(n != "" && (n[0] >= '0' && n[0] <= '9' || len(strings.TrimRight(n, ".,;:)")) == 1))
}

// firmNoun reports a word that, after a name, makes it a firm's or an
// institution's: "Otto Group", "Heinrich Bauer Verlag", "Max Weber
// Stiftung", "Schmidt-Gruppe".
func firmNoun(w string) bool {
	var buf [maxWord]byte
	switch string(lowerWord(w, &buf)) {
	case "group", "gruppe", "groep", "grupa", "holding", "verlag", "verlagsgruppe", "stiftung", "foundation", "institut",
		"institute", "instituut", "universität", "university", "universiteit", "konzern", "werft", "werke":
		return true
	}
	return false
}

// organisation reports a word that starts an organisation's name: a
// foundation, an association, a municipality.
func organisation(w string) bool {
	var buf [maxWord]byte
	switch string(lowerWord(w, &buf)) {
	case "stichting", "vereniging", "gemeente", "coöperatie", "cooperatie", "stiftung", "verein", "gemeinde", "stadt",
		"association", "fondation", "commune", "mairie", "fundacja", "stowarzyszenie", "gmina", "spółdzielnia", "foundation",
		"society", "council", "trust":
		return true
	}
	return false
}

// nextWord returns the word after the space at i, or "".
func nextWord(v string, i int) string {
	if at(v, i) != ' ' {
		return ""
	}
	e := i + 1
	for e < len(v) && v[e] != ' ' && v[e] != ',' {
		e++
	}
	return v[i+1 : e]
}

// initialBefore reports whether the word at i follows a single capital
// letter and a full stop: "J. Smith", "M. André", "Ł. Wąsowski". A compass
// point after a number ("19.0814° E. Updated") is not one.
func initialBefore(v string, i int) bool { return initialLenBefore(v, i) > 0 }

// initialLenBefore is initialBefore that returns the byte length of the
// initial's letter (1, or 2 for "Ł", "É", "Ö"), or 0 when there is none.
func initialLenBefore(v string, i int) int {
	p := i - 1
	if at(v, p) != ' ' || at(v, p-1) != '.' {
		return 0
	}
	l := capitalBefore(v, p-1)
	if l == 0 {
		return 0
	}
	c := p - 2 - l // the byte before the letter
	if c < 0 {
		return l
	}
	if isASCIILetter(v[c]) || v[c] >= 0x80 || v[c] == '.' {
		return 0 // the end of a word, or of "U.S.", not an initial
	}
	if c-2 >= 0 && v[c-1] == '.' && isLower(v[c-2]) && (c-3 < 0 || v[c-3] == ' ') {
		return 0 // "z. B.", "u. a.": an abbreviation
	}
	b := c
	for b >= 0 && v[b] == ' ' {
		b--
	}
	if b >= 0 && (isDigit(v[b]) || v[b] == 0xB0) { // ° is C2 B0
		return 0
	}
	return l
}

// capitalLen returns the byte length of the capital letter at q that may
// be an initial: an ASCII one (1), or a Latin one beyond ASCII, two bytes
// long ("Ł. Wąsowski", "É. Lefèvre", "Ö. Yılmaz", "Ș. Popescu"); 0 for
// anything else. Greek and Cyrillic capitals are left out: their names
// come with the small lists of those scripts.
func capitalLen(v string, q int) int {
	c := at(v, q)
	if isUpper(c) {
		return 1
	}
	if c >= 0xC3 && c <= 0xC9 && letterLen(v, q) == 2 && isUpperAt(v, q) {
		return 2
	}
	return 0
}

// initialRepeats reports whether the initial at s, a letter beyond ASCII,
// is the first letter of the word at i: "Ü. Übersee", "Ä. Ärzten", "Ö.
// Öffentlichkeitsarbeit" are an outline's item or an abbreviation spelled
// out, as often as a person whose names start alike; a name no list knows
// is not taken there.
func initialRepeats(v string, s, i int) bool {
	return capitalLen(v, s) == 2 && at(v, i) == v[s] && at(v, i+1) == v[s+1]
}

// capitalBefore returns the byte length of the capital letter (capitalLen)
// that ends right before e, or 0.
func capitalBefore(v string, e int) int {
	if e >= 1 && isUpper(v[e-1]) {
		return 1
	}
	if e >= 2 && capitalLen(v, e-2) == 2 {
		return 2
	}
	return 0
}

// initialsStart returns the start of the initials right before the word
// at i, one ("J. Smith") or more ("J.P. Brennan", "K.-H. Rummenigge", "J.
// P. Brennan"), or -1. Not after a number: "3 P.M. Dupont" is a time.
func initialsStart(v string, i int) int {
	s := initialsBefore(v, i)
	if s < 0 {
		l := initialLenBefore(v, i)
		if l == 0 {
			return -1
		}
		return i - 2 - l
	}
	b := s
	for b > 0 && v[b-1] == ' ' {
		b--
	}
	if b > 0 && isDigit(v[b-1]) {
		return -1
	}
	return s
}

// initialsApart returns the start of the initials written apart, with a
// blank or a hyphen, that end with the one at s ("J. P.", "K.-H.", "M.
// J.-P."), or s.
func initialsApart(v string, s int) int {
	for (at(v, s-1) == ' ' || at(v, s-1) == '-') && at(v, s-2) == '.' {
		l := capitalBefore(v, s-2)
		if c := s - 2 - l - 1; l == 0 || c >= 0 && (isASCIILetter(v[c]) || v[c] >= 0x80 || v[c] == '.') {
			break
		}
		s -= 2 + l
	}
	return s
}

// initialsCue reports a place where the initials v[s:i] and the
// capitalised word after them, ending at e, name a person though no list
// knows the word: after a word that says who did, got or signed something
// ("Gemeldet von S. Leutheusser", "eröffnet durch K.-H. Rummenigge",
// "Signed: H. Dunmore"), or at the start of the value or a line, before a
// verb of saying, calling or paying ("J.P. Brennan called") or, with two
// initials or more, alone on it ("K.-H. Rummenigge"). One initial alone at
// a line's start is as often an outline's item ("B. Leistungen"); a
// country's initials are no person's (countryInitials), nor is a
// department ("Kontakt: B. Vertrieb").
func initialsCue(v string, s, i, e int) bool {
	if countryInitials(v[s:i]) || departmentWord(v, i, e) {
		return false // "held by U. S. Customs", "U.S. Steel reported", "Kontakt: B. Vertrieb"
	}
	one := s + capitalLen(v, s) + 2 // where the word starts after one initial
	if capitalLen(v, one-1) == 0 && prevWordIs(v, s, initialCues...) {
		// not "by J.P. Morgan": initials written together are as often a
		// brand's (see bareInitials); nor "par M. Transport", "OD P.
		// ROZMOWY": Monsieur and Pan, or a size, whose cases of word decide
		return i > one || v[s] != 'M' && v[s] != 'P'
	}
	b := s
	for b > 0 && v[b-1] == ' ' {
		b--
	}
	if b > 0 && v[b-1] != '\n' {
		return false
	}
	return saysAfter(v, e, false) || i > one && lineEndAt(v, e)
}

// initialCues are the words after which initials and a name are a
// person's: who did, got or signed something.
var initialCues = []string{"von", "durch", "by", "from", "door", "par", "przez", "mit", "with", "met", "avec", "an", "to",
	"aan", "bei", "für", "for", "voor", "pour", "dla", "od", "do", "cc", "attn", "signed", "gez", "signiert", "unterschrieben",
	"kontakt", "contact", "autor", "author", "bearbeiter", "sachbearbeiter", "absender", "sender", "empfänger", "recipient"}

// lineEndAt reports whether the value or its line ends at e, blanks and a
// full stop aside.
func lineEndAt(v string, e int) bool {
	for e < len(v) && (v[e] == ' ' || v[e] == '.' || v[e] == '\r') {
		e++
	}
	return e == len(v) || v[e] == '\n'
}

// saysAfter reports a verb of saying, calling or writing after the blank
// at e, whose subject the word before is: "Brennan called", "Jannik ruft
// an", "Gundula sagt", "Rouxel a appelé"; unless person, also one of
// paying, reporting or confirming ("Schmidt A. hat gezahlt"), which a
// system, an insurer or a site does as well ("Baustelle meldet Verzug",
// "Versicherung zahlt").
func saysAfter(v string, e int, person bool) bool {
	if at(v, e) != ' ' {
		return false
	}
	b := e + 1
	w := wordEnd(v, b)
	if w == b || isUpperAt(v, b) {
		return false
	}
	var buf [maxWord]byte
	n := foldWord(v, b, w, &buf)
	if n <= 0 {
		return false
	}
	if slices.Contains(sayVerbs, string(buf[:n])) || !person && slices.Contains(payVerbs, string(buf[:n])) {
		return true
	}
	if !slices.Contains(sayAuxiliaries, string(buf[:n])) || at(v, w) != ' ' {
		return false
	}
	n = foldWord(v, w+1, wordEnd(v, w+1), &buf)
	return n > 0 && (slices.Contains(sayParticiples, string(buf[:n])) || !person && slices.Contains(payParticiples, string(buf[:n])))
}

// sayVerbs are verbs of saying, calling and writing in the third person,
// in the notes' languages, and payVerbs verbs of paying, reporting and
// confirming; sayAuxiliaries and the participles make their perfect ("hat
// angerufen", "has paid", "heeft gebeld", "a appelé").
var sayVerbs = []string{
	"ruft", "rief", "sagt", "sagte", "meint", "meinte", "schreibt", "schrieb", "fragt", "fragte", "bittet", "bat",
	"beschwert", "beschwerte", "called", "calls", "phoned", "rang", "said", "says", "asked", "asks", "wrote", "emailed",
	"complained", "complains", "appelle", "rappelle", "demande", "réclame", "belt", "belde", "zegt", "zei", "vraagt", "vroeg",
	"dzwoni", "dzwonił", "dzwoniła", "zadzwonił", "zadzwoniła", "prosi", "mówi", "napisał", "napisała", "powiedział",
	"powiedziała", "zapytał", "zapytała", "chiama", "llama", "llamó", "ligou", "disse"}

var payVerbs = []string{"meldet", "meldete", "informiert", "informierte", "zahlt", "zahlte", "überweist", "überwies",
	"bestätigt", "bestätigte", "reklamiert", "reklamierte", "paid", "pays", "confirmed", "confirms", "reported", "requested",
	"writes", "confirme", "signale", "paie", "écrit", "meldt", "meldde", "betaalt", "betaalde", "schrijft", "schreef",
	"pisze", "zgłasza", "zapłacił", "zapłaciła", "dice", "pagó", "pagou"}

var sayAuxiliaries = []string{"hat", "hatte", "has", "had", "heeft", "a", "ha"}

var sayParticiples = []string{"angerufen", "zurückgerufen", "gesagt", "geschrieben", "gefragt", "called", "phoned", "said",
	"asked", "emailed", "complained", "appelé", "rappelé", "dit", "gebeld", "gezegd", "gevraagd", "chiamato", "detto",
	"llamado", "dicho"}

var payParticiples = []string{"gemeldet", "gezahlt", "bezahlt", "überwiesen", "bestätigt", "reklamiert", "paid", "confirmed",
	"written", "écrit", "payé", "confirmé", "signalé", "gemeld", "geschreven", "betaald", "scritto", "pagato", "pagado"}

// shapeAround reports the bytes around the word v[i:j] that nameByShape
// looks for: initials, a bracket, a comma, a colon or a hyphen after it, a
// label's colon before it. Most words have a blank and a word
// after them, and go on.
func shapeAround(v string, i, j int) bool {
	switch at(v, j) {
	case ' ':
		return at(v, j+2) == '.' || at(v, j+3) == '.' && capitalLen(v, j+1) == 2 || at(v, j+1) == '(' || at(v, i-2) == ':'
	case ',', ':', '-':
		return true
	}
	return at(v, i-2) == ':'
}

// nameByShape takes the capitalised word v[i:j], which no list knows or
// knows as a name only (listed), as a name by what stands around it:
// initials after it ("Schmidt A. hat gezahlt", "Krauskopf, H.-D."), a
// list of participants ("Teilnehmer: Krauskopf, Obermeier"), a
// department in brackets ("mit Müller (Buchhaltung)") or a greeting
// ("Dear Blackwood,"). The cheap tests of the bytes around the word come
// first: word runs this on every such word. It returns the name's end, or
// 0.
func (sc *scan) nameByShape(i, j int, listed bool) int {
	v := sc.v
	switch c := at(v, j); {
	case c == ' ' && (at(v, j+2) == '.' || at(v, j+3) == '.' && capitalLen(v, j+1) == 2) ||
		c == ',' && (at(v, j+3) == '.' || at(v, j+4) == '.' && capitalLen(v, j+2) == 2) || c == '-' && isUpperAt(v, j+1):
		if e := sc.initialsAfter(i, j); e > 0 {
			return e
		}
	case c == ' ' && at(v, j+1) == '(':
		if departmentAfter(v, i, j) {
			sc.add(dName, Name, i, j, 0.6)
			sc.capStart, sc.capEnd = none, none
			return j
		}
	case c == ',' || c == ':':
		if greetedName(v, i, j, listed) {
			sc.add(dName, Name, i, j, 0.55) // as a listed given name greeted (nameFrom)
			sc.capStart, sc.capEnd = none, none
			return j
		}
	}
	if at(v, i-2) == ':' && prevWordIs(v, i, participantLabels...) {
		return sc.participants(i)
	}
	return 0
}

// initialsAfter takes a family name written before its initials, as
// lists, exports and address lines write it, where an entry starts:
// "Schmidt A. hat gezahlt", "Kontakt: Krauskopf, H.-D.", "Brambilla O.,
// via dei Mille 21". The word v[i:j] must be one no list calls something
// else (plainWord). What follows the initials must say a person is
// named: a verb of saying or calling; one of paying, reporting or
// confirming, after one initial and no comma only if the word is a listed
// family name or one by its ending (endsAsSurname), as a machine or a
// party reports and pays too ("Server B. meldet Ausfall", "Bieter C. hat
// gezahlt"); the line's end after a comma or after two initials
// ("Plan B.", "Vitamin C." end lines too); or a separator and an
// address, which is read later: the name is then pending (sc.nameAt) and
// namesBeforeAddresses takes it if the address is found. It returns the
// name's end, or 0.
func (sc *scan) initialsAfter(i, j int) int {
	v := sc.v
	if !entryStartAt(v, i) {
		return 0 // not "Klant Wassenaar, C. belt" (a town): see invertedName
	}
	e := nameWord(v, i)
	if e < j || !plainWord(v, i, j) {
		return 0
	}
	q := e
	comma := at(v, q) == ','
	if comma {
		q++
	}
	if at(v, q) != ' ' {
		return 0
	}
	s := q + 1
	ie := initialsEnd(v, s)
	if ie == s {
		l := capitalLen(v, s)
		if l == 0 || at(v, s+l) != '.' {
			return 0
		}
		ie = s + l + 1
	}
	one := ie == s+capitalLen(v, s)+1 // a single initial: "B.", "Ł."
	var letters [6]byte
	if n := initialLetters(v[s:ie], &letters); isAlnum(at(v, ie)) || legalForm(v[s:ie]) || n > 0 && legalForm(string(letters[:n])) {
		return 0 // "A.JOHNSON", "Dupont S.A.", "Dupont, S.A.", "Dupont A.G."
	}
	switch {
	case saysAfter(v, ie, false):
		if !comma && one && !saysAfter(v, ie, true) && surnameAfterParticles(v, i) == 0 && !endsAsSurname(v, i, j) {
			// one letter and no comma after a word no list knows name
			// a machine, a unit or a party that reports or pays as
			// often: "Server B. meldet Ausfall", "Mieter B. hat gezahlt"
			return 0
		}
	case lineEndAt(v, ie):
		if !comma && one {
			return 0
		}
	default:
		p := ie
		switch {
		case hasAt(v, p, ", "), hasAt(v, p, "; "):
			p += 2
		case hasAt(v, p, " - "), hasAt(v, p, " / "), hasAt(v, p, " | "):
			p += 3
		default:
			return 0
		}
		sc.namesBeforeAddresses() // the name pending before, whose address was read by now (a list's entries)
		sc.nameAt = [3]int{i, ie, p}
		return 0
	}
	score := 0.7
	if comma {
		score = 0.8 // as invertedName scores "Smit, J."
	}
	sc.add(dName, Name, i, ie, score)
	sc.capStart, sc.capEnd = none, none
	return ie
}

// initialLetters copies the letters of the initials w into buf, without
// their full stops, hyphens and blanks ("A.G." is "AG", "U. S." is "US"),
// and returns how many there are; -1 if more than buf holds. The caller
// compares string(buf[:n]), which does not allocate.
func initialLetters(w string, buf *[6]byte) int {
	n := 0
	for k := 0; k < len(w); k++ {
		if c := w[k]; c != '.' && c != '-' && c != ' ' {
			if n == len(buf) {
				return -1
			}
			buf[n] = c
			n++
		}
	}
	return n
}

// countryInitials reports initials that abbreviate a country or a union of
// countries, written together or apart: "U.S. Steel reported", "held by
// U. S. Customs", "from U.K. Border Force". They are a firm's or an
// authority's, not a person's.
func countryInitials(w string) bool {
	var buf [6]byte
	n := initialLetters(w, &buf)
	if n < 0 {
		return false
	}
	switch string(buf[:n]) {
	case "US", "USA", "UK", "GB", "EU", "UN":
		return true
	}
	return false
}

// plainWord reports whether the capitalised word v[i:j] may be a family
// name no list knows: a listed one, or one the lists call nothing else
// that does not end as nouns do, is no acronym and names no part, class,
// size or place of a thing ("Anlage B.", "Vitamin C.", "Haus A.").
func plainWord(v string, i, j int) bool {
	if j-i < 3 || j-i < 5 && !hasLower(v[i:j]) {
		return false
	}
	var buf [maxWord]byte
	n := foldWord(v, i, j, &buf)
	if n <= 0 || slices.Contains(notMonsieur, string(buf[:n])) || slices.Contains(partNouns, string(buf[:n])) {
		return false
	}
	wi, ok := lookupNameWord(v, i, j)
	if ok && wi.flags&(wGiven|wSurname) != 0 && wi.flags&wStop == 0 {
		return true
	}
	return !ok && !nounEnding(string(buf[:n]), true) ||
		ok && wi.flags&(wStop|wMonth|wStreetPre|wStreetSuf|wCity|wSalut|wThing|wParticle|wNameNoun|wStreetWeak) == 0 && wi.ctx == 0 && wi.spec == 0
}

// partNouns name a part, a version or a place of a thing, which a letter
// and its full stop follow as initials follow a name ("Haus B., Eingang
// 2", "Vitamin C."), besides notMonsieur's sizes, classes and sections.
var partNouns = []string{"vitamin", "plan", "option", "haus", "gebäude", "halle", "block", "trakt", "flügel", "tor", "gate",
	"terminal", "hall", "building", "bâtiment", "bloc", "gebouw", "budynek", "klatka", "serie", "series", "modul", "module",
	"phase", "runde", "seite", "page", "anhang", "appendix", "exhibit", "schedule", "spalte", "zeile", "feld", "raum", "room",
	"zimmer", "etage", "ebene", "sektor", "sector", "lager", "regal", "fach", "reihe", "stock", "version", "paket", "tarif",
	"note", "grade", "rating", "vorlage", "muster", "form", "formular", "liste", "tabelle", "table", "szenario", "scenario",
	"bus", "linie", "line", "gleis", "platform", "bahnsteig", "tribüne", "sitz", "platz", "wing", "projekt", "project",
	"standort", "werk", "filiale", "station", "bereich", "site", "plant", "eingang", "zufahrt", "einfahrt", "ausfahrt",
	"rampe", "ausgabe", "tür", "entrance", "dock", "door"}

// namesBeforeAddresses takes the name initialsAfter left pending (nameAt:
// the name's start and end, and where the separator after it ends) if an
// address starts right after the separator, or a few words on, on the same
// line: "Dunmore H. - 9 Orchard Row - Exeter", "Grzybowska B., ul.
// Kwiatowa 3", "Brambilla O., via dei Mille 21" (where the street type was
// not taken). It runs when the next name is left pending, as on each line
// of a list of addresses, and when the scan ends; it looks at the findings
// after the name only, from the last, so that a long list stays linear.
func (sc *scan) namesBeforeAddresses() {
	s, e, p := sc.nameAt[0], sc.nameAt[1], sc.nameAt[2]
	if s < 0 {
		return
	}
	sc.nameAt[0] = -1
	for k := len(sc.dst) - 1; k >= sc.base && sc.dst[k].End > e; k-- {
		if f := sc.dst[k]; family(f.Category) == Address && f.Start >= p && f.Start-p <= 16 && f.Score >= 0.5 &&
			!strings.Contains(sc.v[p:f.Start], "\n") {
			sc.add(dName, Name, s, e, 0.7)
			return
		}
	}
}

// lastWordStart returns the start of the word ending at e, after a blank
// or a hyphen. It reads back no further than one byte past maxWord: a
// longer word is none a list holds, whichever part of it is returned, and
// a value of megabytes without a blank ("Anna\nAnna\n...", a CSV of
// names) was read back to its start at every name, quadratic in its
// length (an hour for 8 MB).
func lastWordStart(v string, e int) int {
	s := e
	for s > 0 && v[s-1] != ' ' && v[s-1] != '-' && e-s <= maxWord {
		s--
	}
	return s
}

// afterSalutation handles "Herr Müller", "Mme Dupont", "Frau Dr. Anna Schmidt":
// the salutation ends at j.
func (sc *scan) afterSalutation(j int) int {
	v := sc.v
	p := j
	for k := 0; k < 3; k++ {
		if at(v, p) == '.' {
			p = femaleTitleEnd(v, p+1)
			if isUpper(at(v, p)) && sc.capsNote() {
				p = capsFemaleTitleEnd(v, p) // "SIG.RA FUMAGALLI", "DOTT.SSA BIANCHI"
			}
		}
		if at(v, p) != ' ' {
			return 0
		}
		q := p + 1
		if e := degreeAfterTitle(v, q); e > q {
			p = e // "Herr Mag. (FH) Stöckl"
			continue
		}
		ns := q
		if ie := initialsEnd(v, q); ie > q {
			if !nameOrParticleAt(v, ie+1) || at(v, ie) != ' ' {
				// "Herr A.B. hat angerufen": the initials are all of the name
				sc.add(dName, Name, q, ie, 0.85)
				sc.capStart, sc.capEnd = none, none
				return ie
			}
			q = ie + 1 // "mevr. J.E. Kuipers", "Dhr. H.J.M. van den Berg": the initials are the name's
		}
		e := nameWord(v, q)
		if e == q {
			// a title in lower case after the first ("Dr. med. Schmidt",
			// "Pan mgr Wójcik", "Dhr. ing. Hoekstra"), or a degree's
			// abbreviation ("Dr. med. dent. Schmidt", "Dhr. ir. Bakker")
			if pe := wordEnd(v, q); pe > q {
				if tw, ok := lookupWord(v, q, pe); ok && tw.flags&wSalut != 0 && tw.flags&wParticle == 0 || degreeWord(v, q, pe) {
					p = pe
					continue
				}
			}
		}
		for e == q && k < 2 { // "Herr von Weizsäcker", "Mevr. de Boer", "Dhr. 't Hart"
			pe := wordEnd(v, q)
			if t := tParticle(v, q); t > q {
				pe = t
			} else if t := capsTParticle(v, q); t > q && sc.capsNote() {
				pe = t // "DHR. 'T HART"
			} else if pw, ok := lookupWord(v, q, pe); pe == q || !ok || pw.flags&wParticle == 0 || at(v, pe) != ' ' {
				return 0
			} else if pe == q+3 && hasAt(v, q, "von und zu ") {
				pe += len(" und zu") // "Freiherr von und zu Lichtenau": one particle
			}
			q = pe + 1
			e = nameWord(v, q)
			k++
		}
		if e == q {
			return 0
		}
		if e == q+capitalLen(v, q) && at(v, e) == '.' && at(v, e+1) == ' ' {
			if ne := nameWord(v, e+2); ne-(e+2) >= 2 {
				q, e = e+2, ne // "Mme J. Fabre": an initial, then the family name
			}
		} else if e == q+1 && sc.capsAt(q, e) && capsInitialAt(v, q, j) {
			q, e = e+1, nameWord(v, e+1) // "MRS A PATEL", "MR J HARGREAVES": in capitals "A" is an initial there
		}
		wi, ok := lookupWord(v, q, e)
		if e-q <= 4 && abbreviation(v, e) && (!ok || wi.flags&(wSurname|wGiven) == 0) && (ok || e-q < 2 || numberAbbrev(v[q:e]) || !formOfAddressBefore(v, p)) {
			// "Dr. Nr. 12345", "Herr Dr. Abt. 4", "Prof. S. 12": a short
			// word no list calls a name, with a full stop and a number
			// after it, is an abbreviation (Nummer, Abteilung, Seite);
			// right after Herr or Mrs, a word of two letters or more that
			// no list holds and that abbreviates nothing numbered is the
			// family name ("Frau Rauh. 2 Anrufe"; "Herr Tel. 0301234"
			// stays a phone's label)
			return 0
		}
		if ok && wi.flags&wSalut != 0 {
			p = e
			continue
		}
		if ok && wi.flags&wParticle != 0 && q == ns && sc.capsAt(q, e) && capsArticle(v, q, e) {
			return 0 // "HERR DER RINGE": in capitals the article, which starts no German family name
		}
		for ok && wi.flags&wParticle != 0 && at(v, e) == ' ' && nameWord(v, e+1) > e+1 && k < 3 {
			q = e + 1 // "Mme de La Rochefoucauld"
			e = nameWord(v, q)
			wi, ok = lookupWord(v, q, e)
			k++
		}
		if ok && wi.flags&wParticle != 0 && at(v, e) == ' ' && sc.capsAt(q, e) {
			if t := capsTParticle(v, e+1); t > e+1 && nameWord(v, t+1) > t+1 {
				q = t + 1 // "DHR. VAN 'T HOF"
				e = nameWord(v, q)
				wi, ok = lookupWord(v, q, e)
			}
		}
		if ok && wi.flags&(wSurname|wGiven) == 0 && (wi.flags&wStop != 0 || wi.ctx != 0 || wi.spec != 0 && !specName(v, q, e)) {
			return 0
		}
		if sc.capsAt(q, e) && (e-q > 1 || capsLetterWord(v, q, e)) && !sc.capsTitledName(j, q, e, q > ns) {
			if lookupCaps(v, q, e)&cNoName != 0 {
				p = e // "FRAU DOKTOR MEIER"; "MR UNKNOWN", "FRAU DOKTOR KOMMT" name no one
				continue
			}
			return 0 // "FRAU AM TELEFON", "PANI Z RECEPCJI", "TECHNIK PRZYJEDZIE"
		}
		if (!ok || wi.flags&wSurname == 0) && roleAfterTitle(v[q:e]) {
			return 0 // "Herrn Vorstand", "Frau Direktorin": a role, whose holder may follow
		}
		end, parts := sc.nameRest(e)
		if parts == 0 && sc.capsAt(q, e) && capsKind(v, q, e) == capsUnlisted {
			end = sc.capsSecondName(end) // "FRAU ZAHRA HOSSEINI BRAUCHT ..."
		}
		// brandTitle before listedNameAt, for speed: it compares two short
		// lists, listedNameAt looks a word up
		if k == 0 && brandTitle(v, j, q, e) && (parts == 0 || !listedNameAt(v, e+1)) && !beforeVerb(v, end) {
			return 0 // "Dr. Oetker", "Mr. Clean": a brand, unless it acts ("Dr. Martens hat angerufen")
		}
		sc.add(dName, Name, ns, end, 0.85)
		sc.capStart, sc.capEnd = none, none
		return end
	}
	return 0
}

// roleAfterTitle reports a role's or a body's word where a title's family
// name would stand ("Herrn Vorstand", "Herrn Vertriebsleiter", "Frau
// Präsidentin"): letters address office holders by their office. Listed
// roles and departments, and compounds that end as roles do.
func roleAfterTitle(w string) bool {
	var buf [maxWord]byte
	l := string(lowerWord(w, &buf))
	if l == "vorstand" || roleWordSet[l] {
		return true // not departments: "Herr West", "Frau Lager" are family names
	}
	for _, end := range [...]string{"leiter", "leiterin", "direktor", "direktorin", "präsident", "präsidentin", "vorsitzende",
		"vorsitzender", "vorsitzenden", "bürgermeister", "bürgermeisterin", "beauftragte", "beauftragter", "beauftragten"} {
		if strings.HasSuffix(l, end) && (len(l) > len(end) || end[0] != 'l') {
			return true // "Vertriebsleiter", "Direktorin"; "Frau Leiter" is a name
		}
	}
	return false
}

// brandTitle reports a brand named as a person with a title, the title
// ending at j and the brand's word at v[q:e], alone: "Dr. Oetker", "Dr
// Pepper", "Mr. Clean", "Frau Antje". Only the brand's own title, first:
// "Herr Dr. Martens" is a doctor.
func brandTitle(v string, j, q, e int) bool {
	s := lastWordStart(v, j)
	var tb, wb [maxWord]byte
	t := string(lowerWord(v[s:j], &tb))
	if !brandTitles[t] {
		return false // for speed: most titles ("Herr", "Pan") name no brand, and the lists are not walked
	}
	w := string(lowerWord(v[q:e], &wb))
	w, _, _ = strings.Cut(w, "-") // "Dr. Oetker-Projekt"
	// a doctor's family name as often: a brand before a product's word
	// only ("Dr. Scholl Einlagen", not "Termin bei Dr. Scholl am 3. Mai")
	brand := brandListed(titledBrands, t, w) ||
		brandListed(doctorBrands, t, w) && (strings.IndexByte(v[q:e], '-') >= 0 || productAfter(v, e))
	// the lists before prevWordSalut, for speed: it looks a word up, and
	// nearly every title's name is no brand
	return brand && !(s > 0 && prevWordSalut(v, s))
}

// brandListed reports whether list holds the title t and the word w
// (lower case, a space between them).
func brandListed(list []string, t, w string) bool {
	for _, b := range list {
		if tt, bw, _ := strings.Cut(b, " "); t == tt && w == bw {
			return true
		}
	}
	return false
}

// productAfter reports whether a product's name goes on after the word
// ending at e, or a list's item ends there: a capitalised word, a number,
// a bar, the value's end ("Dr. Scholl Einlagen", "Dr Pepper 0,33l",
// "Artikel: Dr Pepper | DX-6943-88").
func productAfter(v string, e int) bool {
	c := at(v, e+1)
	return e == len(v) || at(v, e) == ' ' && (c >= '0' && c <= '9' || c == '|' || capitalLen(v, e+1) > 0)
}

// listedNameAt reports a given or family name a list knows at q.
func listedNameAt(v string, q int) bool {
	wi, ok := lookupNameWord(v, q, nameWord(v, q))
	return ok && wi.flags&(wGiven|wSurname) != 0
}

// prevWordSalut reports whether the word before s is a salutation or a
// title ("Herr" of "Herr Dr. Martens").
func prevWordSalut(v string, s int) bool {
	p := s
	for p > 0 && (v[p-1] == ' ' || v[p-1] == '.') {
		p--
	}
	ws := lastWordStart(v, p)
	wi, ok := lookupWord(v, ws, p)
	return ws < p && ok && wi.flags&wSalut != 0
}

// titledBrands are brands and mascots named as a titled person, title
// first; doctorBrands are brands named after a doctor whose family name
// others bear (brandTitle).
var titledBrands = []string{"dr pepper", "mr clean", "mr muscle", "mr proper", "miss sixty", "miss dior", "frau antje"}
var doctorBrands = []string{"dr oetker", "dr martens", "dr best", "dr hauschka", "dr scholl", "dr beckmann"}

// brandTitles are the titles of titledBrands and doctorBrands (brandTitle).
var brandTitles = func() map[string]bool {
	m := map[string]bool{}
	for _, b := range append(titledBrands[:len(titledBrands):len(titledBrands)], doctorBrands...) {
		t, _, _ := strings.Cut(b, " ")
		m[t] = true
	}
	return m
}()

// formOfAddressBefore reports whether the title ending at p (before its
// full stop, if any) is a plain form of address (Herr, Mrs, Mme, Pani),
// not an academic or professional title such as Dr. or Prof., after which
// a section's or a page's abbreviation can follow.
func formOfAddressBefore(v string, p int) bool {
	if at(v, p-1) == '.' {
		p--
	}
	return prevWordIs(v, p, "herr", "herrn", "hr", "frau", "fr", "fräulein", "mr", "mrs", "ms", "miss", "mister", "madame", "mme",
		"mlle", "monsieur", "dhr", "mevr", "mevrouw", "mw", "meneer", "pan", "pani", "panna", "sig", "signor", "signora", "sr", "sra",
		"señor", "señora")
}

// numberAbbrev reports an abbreviation written before a number (Nr. 5,
// Abt. 4, Kap. 2, Zi. 12, Bd. 3, Vol. 2): after a form of address it is
// no family name.
func numberAbbrev(w string) bool {
	var buf [maxWord]byte
	switch string(lowerWord(w, &buf)) {
	case "nr", "no", "nro", "nos", "abt", "kap", "tab", "zi", "zim", "bd", "art", "abs", "ziff", "bl", "vol", "pp", "ch",
		"sec", "ref", "pos", "fig", "str", "st", "tel", "fax", "hnr", "stk", "kw", "ca", "max", "min", "inkl":
		return true
	}
	return false
}

// femaleTitleEnd returns the end of the female ending an Italian or an
// Austrian title has after its full stop, at p ("Sig.ra", "Sig.na",
// "Dott.ssa", "Mag.a"), or p.
func femaleTitleEnd(v string, p int) int {
	for _, end := range [...]string{"ra ", "na ", "ssa ", "a "} {
		if hasAt(v, p, end) && isLower(v[p]) {
			return p + len(end) - 1
		}
	}
	return p
}

// degreeAfterTitle returns the end of a university's kind in brackets
// after a title at q ("Mag. (FH)", "Dipl.-Ing. (TU)"): two to four capital
// letters; or q.
func degreeAfterTitle(v string, q int) int {
	if at(v, q) != '(' {
		return q
	}
	n := 0
	for isUpper(at(v, q+1+n)) {
		n++
	}
	if n < 2 || n > 4 || at(v, q+1+n) != ')' {
		return q
	}
	return q + n + 2
}

// degreeWord reports the abbreviation of a degree, with its full stop,
// that goes on a chain of titles: "Dr. med. dent.", "Dr. rer. nat.",
// "dr hab.", Dutch "ir.".
func degreeWord(v string, q, e int) bool {
	if at(v, e) != '.' {
		return false
	}
	switch v[q:e] {
	case "dent", "vet", "univ", "hab", "habil", "rer", "nat", "phil", "jur", "oec", "ir":
		return true
	}
	return false
}

// nameOrParticleAt reports whether a name word ("Kuipers") or a name
// particle ("van", "'t") starts at q.
func nameOrParticleAt(v string, q int) bool {
	if nameWord(v, q) > q || tParticle(v, q) > q {
		return true
	}
	e := wordEnd(v, q)
	wi, ok := lookupWord(v, q, e)
	return ok && wi.flags&wParticle != 0
}

// initialsBefore returns where two or more initials written together end
// at i-1 with a blank ("J.P. " before "Huisman", "H.J.M. "), -1 when there
// are none. A hyphen or a blank may stand between two of them: a double
// given name's "K.-H." (Karl-Heinz), "J. P." (a review found the first
// letter of each left raw beside the name).
func initialsBefore(v string, i int) int {
	if at(v, i-1) != ' ' {
		return -1
	}
	s, n := i-1, 0
	for l := capitalBefore(v, s-1); l > 0 && v[s-1] == '.'; l = capitalBefore(v, s-1) {
		s -= 1 + l
		n++
		if s >= 3 && (v[s-1] == '-' || v[s-1] == ' ') && v[s-2] == '.' && capitalBefore(v, s-2) > 0 {
			s--
		}
	}
	if n < 2 || s > 0 && (isASCIILetter(v[s-1]) || v[s-1] >= 0x80 || v[s-1] == '.') {
		return -1
	}
	return s
}

// bareInitials reports whether initials written together at s, before a
// family name's particle, begin a name with no word before them that
// introduces a person ("Gesproken met W.J. van Beek"). Without the
// particle they are as often a brand ("R.M. Williams") or a time ("3 P.M.
// Dupont"); after an article or a firm's word an organisation's ("het
// O.M. van Amsterdam", "Fa. J.H. de Vries & Zn."); after a number a time.
// The particles at p must lead to a listed family name: acronyms written
// with dots come before places as often ("G.G.D. van Utrecht", "S.N.C.F.
// de Lyon", "H.R. van de Rabobank", a review found).
func bareInitials(v string, s, p int) bool {
	if surnameAfterParticles(v, p) == 0 {
		return false
	}
	b := s
	for b > 0 && v[b-1] == ' ' {
		b--
	}
	if b > 0 && isDigit(v[b-1]) {
		return false
	}
	if b > 0 && v[b-1] == '.' {
		b-- // "Fa."
	}
	return !prevWordIs(v, b, "de", "het", "een", "the", "a", "le", "la", "les", "un", "une", "der", "die", "das", "den", "dem", "des", "ein", "eine", "fa", "firma", "firm")
}

// surnameAfterParticles returns the end of the listed family name after
// the particles at p ("van", "van den", "'t"), or 0 when none follows.
func surnameAfterParticles(v string, p int) (end int) {
	for k := 0; k < 3; k++ {
		if t := tParticle(v, p); t > p {
			p = t + 1
			continue
		}
		e := wordEnd(v, p)
		wi, ok := lookupWord(v, p, e)
		if !ok || wi.flags&wParticle == 0 || at(v, e) != ' ' {
			break
		}
		p = e + 1
	}
	e := nameWord(v, p)
	if e == p {
		return 0
	}
	if wi, ok := lookupNameWord(v, p, e); !ok || wi.flags&wSurname == 0 || wi.flags&(wCity|wMonth|wStop) != 0 {
		return 0
	}
	return e
}

// initialsEnd returns the end of the initials at q ("J.E.", "C.M.", "H.J.M.",
// "J. E.", "K.-H."), two or more capital letters each with its full stop,
// or q.
func initialsEnd(v string, q int) int {
	p, n := q, 0
	for l := capitalLen(v, p); l > 0 && at(v, p+l) == '.'; l = capitalLen(v, p) {
		p += l + 1
		n++
		if l2 := capitalLen(v, p+1); (at(v, p) == ' ' || at(v, p) == '-') && l2 > 0 && at(v, p+1+l2) == '.' {
			p++ // "J. P.", and a double given name's: "K.-H." (Karl-Heinz), "J.-P.", "É.-M."
		}
	}
	if n < 2 {
		return q
	}
	return p
}

// addressees are words after which a lone given name is someone spoken to,
// about or with.
var addressees = []string{"to", "with", "from", "asked", "told", "called", "thanked", "informed",
	"mit", "von", "an", "bei", "avec", "pour", "met", "voor", "aan", "z", "od", "dla", "do"}

// handovers are more words after which a lone given name is a person's:
// the agent of a passive ("erledigt durch Sabine", "traité par Julien",
// "handled by Gemma", "behandeld door Joost"), where a task or a message
// went ("doorgezet naar Joost", "transmis à Céline", "left vm for
// Chloe"), the verbs of reaching someone ("emailed Chloe", "rang Dave
// back", "texted Emma") and the abbreviation of "with" that notes type
// ("spoke w/ Dave"); and the words that say whose account a note gives
// ("laut Sabine", "lt. Sabine", "selon Martine", "volgens Pieter",
// "według Anny", "as per Gemma"). Things are made by, sold for and sent to as often
// as people, so a given name that is an everyday word or a colour too
// (wordGiven) must end its clause after them (handedTo): "for Grace
// period", "order for Max size", "texted Ruby red options" name nobody.
var handovers = []string{"by", "durch", "par", "door", "przez", "naar", "à", "for", "emailed", "rang", "texted",
	"messaged", "contacted", "reminded", "w/",
	"laut", "lt.", "selon", "volgens", "według", "per", "según", "secondo", "segundo"}

// introPhrases are the words with which a speaker gives their own name
// before it ("mein Name ist Kevin", "le atiende Sara", "nazywam się
// Ola"); nameFrom asks for them before a listed given name alone
// (selfIntro).
var introPhrases = []string{"my name is", "my name's", "mein name ist", "ich heiße", "ich heisse", "hier spricht", "am apparat ist",
	"je m'appelle", "je m’appelle", "me llamo", "mi nombre es", "le atiende", "te atiende", "le habla",
	"mi chiamo", "il mio nome è", "le parla", "mijn naam is", "u spreekt met", "je spreekt met", "nazywam się", "mam na imię",
	"z tej strony"}

// introOpeners introduce a speaker only where they open a clause
// (clauseOpens: "Hi, this is Oliver", "hola soy Javier", "hej tu
// Marcin"); elsewhere they say what a thing is or where ("Product name
// is Jade", "Lautstärke hier Max.", "Le scarpe sono Rosa"), and "ich
// bin krank", "je suis désolé" and "soy cliente" name nobody.
var introOpeners = []string{"name is", "this is", "it's", "it’s", "its", "it is", "i am", "i'm", "i’m",
	"hier ist", "hier", "ich bin", "je suis", "c'est", "c’est", "moi c'est", "ici", "soy", "habla", "sono", "parla",
	"ik ben", "hier is", "jestem", "tu"}

// introGreetings open a spoken introduction besides greetings ("hiya its
// Gareth", "Guten Tag hier ist", "Buongiorno sono Luca").
var introGreetings = []string{"hiya", "hej", "ja", "yes", "oui", "salve", "pronto", "halo", "tag", "morgen", "buongiorno", "buonasera", "días", "tardes",
	"noches", "dobry", "bonsoir", "goedemorgen", "goedemiddag", "goedendag", "morning", "afternoon", "evening"}

// introAfter are the words that go on with a speaker after their name
// in a self-introduction ("my name is Kevin and", "sono Luca e", "this
// is Gareth from", "hier ist Anna vom Support"): a lower-case word after
// the name other than these says it was a word ("this is Grace period").
var introAfter = []string{"and", "from", "here", "speaking", "und", "vom", "von", "aus", "am", "hier", "et", "du", "de", "des",
	"ici", "e", "y", "del", "da", "dal", "della", "en", "van", "uit", "i", "z", "ze"}

// afterAddressee reports whether the word at i follows one of addressees,
// in lower case, mid-sentence.
func afterAddressee(v string, i int) bool {
	w, ok := lowerWordBefore(v, i, false)
	return ok && slices.Contains(addressees, w)
}

// lowerWordBefore returns the lower-case word that ends one blank before
// i, a blank or the value's start before it: letters, marks and '/' ("à",
// "w/"), and with dot one that ends in a full stop ("lt."). Where
// afterAddressee and handedTo look for their words.
func lowerWordBefore(v string, i int, dot bool) (string, bool) {
	e := i - 1
	if at(v, e) != ' ' {
		return "", false
	}
	w := e
	if dot && at(v, w-1) == '.' {
		w--
	}
	b := w
	for b > 0 && (isLower(v[b-1]) || v[b-1] >= 0x80 || v[b-1] == '/') {
		b--
	}
	if b == w || (b > 0 && v[b-1] != ' ') {
		return "", false
	}
	return v[b:e], true
}

// handedTo reports whether the given name v[i:j] follows one of
// handovers, in lower case, mid-sentence; one that is an everyday word
// or a colour too (wordGiven) only where its clause ends.
func handedTo(v string, i, j int) bool {
	if w, ok := lowerWordBefore(v, i, true); !ok || !slices.Contains(handovers, w) {
		return false
	}
	return givenNameEnds(v, i, j)
}

// givenNameEnds reports whether the given name v[i:j] after a looser cue
// is a person's: always, unless it is an everyday word or a colour too
// (wordGiven); then only where its clause ends.
func givenNameEnds(v string, i, j int) bool {
	if !wordGiven(v, i, j) {
		return true
	}
	switch at(v, j) {
	case ',', ';', '!', '?', ')':
		return true
	}
	return lineEndAt(v, j) // not a full stop mid-line: "per Max. 3 Stück" abbreviates
}

// signedFor reports a label of who handles, signs or stands in right
// before the given name v[i:j], with a colon, a full stop or blanks
// between: "Vertretung: Sebastian", "bearb. Jürgen", "zuständig: Sabine",
// "gez. Anna", "i.A. Sabine", "i.V. Jürgen". A leak hunt found these
// raw: no list held the labels, and German notes put a colleague's given
// name alone after them. An everyday word after them only where its
// clause ends (givenNameEnds: "Vertretung: Max." but not "zuständig: Max
// 3 Tage").
func signedFor(v string, i, j int) bool {
	if !(labelIs(v, i, nameLabels...) || onBehalf(v, i)) {
		return false
	}
	return givenNameEnds(v, i, j)
}

// onBehalf reports "i.A. " or "i.V. " right before i: im Auftrag, in
// Vertretung, as a German signature puts them before the signer's name.
func onBehalf(v string, i int) bool {
	return at(v, i-1) == ' ' && (wordBeforeIs(v, i-1, "i.A.") || wordBeforeIs(v, i-1, "i.V."))
}

// nameLabels label who handles, signs or stands in (signedFor).
var nameLabels = []string{"vertretung", "vertreter", "vertreterin", "bearb", "bearbeiter", "bearbeiterin", "sachbearb",
	"zuständig", "ansprechperson", "kontaktperson", "gez"}

// afterGreeting reports a greeting right before i, one blank between,
// that opens a note, a line or a sentence: "Hallo Anna, danke", "Hi
// Emily, thanks", "Querida Carmen:". The name after it is the greeted
// person's; "Hi Team", "Hallo Zusammen" and "Liebe Grüße" hold no name
// to take, and neither do "Hi Jade Team" and "Hi Mercedes team": a
// group's word after the name says the group is greeted.
func afterGreeting(v string, i, j int) bool {
	e := i - 1
	if at(v, e) != ' ' || groupAfter(v, j) {
		return false
	}
	b := lettersStart(v, e)
	if b == e {
		return false
	}
	w := b // the greeting's last word
	if hasAt(v, b, "dobry") && e-b == 5 {
		// "Dzień dobry Krzysztof,": the greeting is two words; "dobry"
		// alone is Polish for good
		if !prevWordIs(v, b, "dzień", "dzien") {
			return false
		}
		b = lettersStart(v, b-1)
	}
	if p := b - 1; !entryStartAt(v, b) {
		for p >= 0 && v[p] == ' ' {
			p--
		}
		if c := at(v, p); c != '.' && c != '!' && c != '?' {
			return false
		}
	}
	var buf [maxWord]byte
	n := foldWord(v, w, e, &buf)
	return n > 0 && slices.Contains(greetings, string(buf[:n]))
}

// selfIntro reports a phrase right before i with which a speaker says
// their own name: "mein Name ist Kevin", "le atiende Sara", "hi hier
// Birgit", "nazywam się Ola" (introPhrases). nameFrom asks it for a
// listed given name alone only: "ich bin krank", "je suis désolé",
// "sono contento" and "soy cliente" hold no name; and only where the
// introduction ends after the name (introEnds): "This is Grace period
// info", "I'm Frank with you".
func selfIntro(v string, i, j int) bool {
	if at(v, i-1) != ' ' || !introEnds(v, j) {
		return false
	}
	e := i - 1
	for _, p := range introPhrases {
		if s := e - len(p); s >= 0 && strings.EqualFold(v[s:e], p) && (s == 0 || letterBefore(v, s) == 0 && v[s-1] != '\'') {
			return true
		}
	}
	for _, p := range introOpeners {
		if s := e - len(p); s >= 0 && strings.EqualFold(v[s:e], p) && clauseOpens(v, s) {
			return true
		}
	}
	return false
}

// clauseOpens reports that a clause opens at s: the value's or a line's
// start, a punctuation mark other than a label's colon, or a greeting
// before it ("hi hier Birgit", "Buongiorno sono Luca"). "Lautstärke hier
// Max.", "Le scarpe sono Rosa" and "Farbe: hier Rosa" say no name.
func clauseOpens(v string, s int) bool {
	p := s - 1
	for p >= 0 && (v[p] == ' ' || v[p] == '\t') {
		p--
	}
	switch c := at(v, p); {
	case p < 0, c == '\n', c == '\r', c == ',', c == '.', c == '!', c == '?', c == ';':
		return true
	case letterBefore(v, p+1) > 0:
		var buf [maxWord]byte
		b := lettersStart(v, p+1)
		n := foldWord(v, b, p+1, &buf)
		return n > 0 && (slices.Contains(greetings, string(buf[:n])) || slices.Contains(introGreetings, string(buf[:n])))
	}
	return false
}

// introEnds reports that a self-introduction ends after the name that
// ends at j: a punctuation mark, the line's end, or a word that goes on
// with the speaker ("my name is Kevin and", "sono Luca e", "this is
// Gareth from", "hier ist Anna vom Support"; introAfter).
func introEnds(v string, j int) bool {
	switch at(v, j) {
	case ',', '.', '!', '?', ';', ')', '\n', '\r':
		return true
	case ' ':
		var buf [maxWord]byte
		e := j + 1
		for e < len(v) && isLower(v[e]) {
			e++
		}
		return e > j+1 && !isAlnum(at(v, e)) && slices.Contains(introAfter, string(lowerWord(v[j+1:e], &buf)))
	}
	return j == len(v)
}

// greetedName reports a capitalised word v[i:j] that no list knows, or
// knows as a family name only, greeted where a message opens, with a
// comma or a colon right after it: "Dear Blackwood,", "Liebe Ortrun,
// danke", "Droga Jadwigo,", "Querida Concepción:" (afterGreeting). Not a
// group, a department, a role or a kind of person greeted ("Hallo
// Zusammen,", "Hallo Einkauf,", "Dear Colleagues,", "Dear Subscriber,",
// "Dear Applicant,", "Drogi Kliencie,"), nor after "Beste", a German
// adjective too ("Beste Qualität, schneller Versand"), where only a
// listed name counts. An exclamation mark after the word greets a thing, a
// season or a day as often ("Hello World!", "Hallo Sommer!", "Hello
// Kitty!"): nameByShape does not ask.
func greetedName(v string, i, j int, listed bool) bool {
	if j-i < 3 || !hasLower(v[i:j]) || !afterGreeting(v, i, j) || prevWordIs(v, i, "beste") && !dutchAfter(v, j) {
		return false
	}
	var buf [maxWord]byte
	n := foldWord(v, i, j, &buf)
	if n <= 0 {
		return false
	}
	w := string(buf[:n])
	if slices.Contains(greetedGroups, w) || slices.Contains(groupWords, w) || slices.Contains(greetings, w) ||
		slices.Contains(departments, w) || slices.Contains(roleWords, w) || slices.Contains(roleWords, strings.TrimSuffix(w, "s")) ||
		nounEnding(w, true) {
		return false // "Hallo Einkauf,", "Bonsoir Voisin,", "Hola Vecinos,"
	}
	for _, g := range [...]string{"team", "teams", "office", "büro", "service", "support", "abteilung", "afdeling"} {
		if strings.HasSuffix(w, g) {
			return false // a group's word ending a compound: "Hallo Praxisteam,", "Hallo Backoffice,"
		}
	}
	if listed {
		return true
	}
	plain := w
	var pbuf [maxWord]byte
	if m := unaccented(v, i, j, &pbuf); m > 0 {
		plain = string(pbuf[:m]) // "Beste Cliënt,", "Beste Patiënt,"
	}
	for _, end := range [...]string{"er", "ers", "or", "ors", "ent", "ents", "enten", "ant", "ants", "anten", "ee", "ees", "ist",
		"ists", "innen", "ende", "ierte", "zione"} {
		if strings.HasSuffix(plain, end) {
			return false // "Dear Subscriber,", "Dear Applicant,", "Liebe Kolleginnen,", "Liebe Interessenten,", "Liebe Teilnehmende,", "Gentile Redazione,"
		}
	}
	// Polish greets in the vocative ("Droga Anno,", "Drogi Piotrze,",
	// "Droga Kasiu,"); "droga" is a road and a drug elsewhere
	return !prevWordIs(v, i, "droga", "drogi") || strings.HasSuffix(w, "o") || strings.HasSuffix(w, "u") || strings.HasSuffix(w, "e")
}

// dutchAfter reports that a Dutch letter goes on after the comma at j:
// the line ends there, or a Dutch word follows ("Beste Wietske,
// bedankt voor ..."), where "Beste" greets; German "Beste" is an
// adjective ("Beste Qualität, schneller Versand").
func dutchAfter(v string, j int) bool {
	if at(v, j) != ',' {
		return false
	}
	if lineEndAt(v, j+1) {
		return true
	}
	if at(v, j+1) != ' ' {
		return false
	}
	var buf [maxWord]byte
	n := foldWord(v, j+2, wordEnd(v, j+2), &buf)
	return n > 0 && slices.Contains(dutchOpenings, string(buf[:n]))
}

// dutchOpenings open the sentence after a Dutch letter's greeting.
var dutchOpenings = []string{"bedankt", "dank", "hartelijk", "hartelijke", "hierbij", "graag", "hoe", "ik", "wij", "we",
	"je", "jij", "u", "uw", "naar", "zoals", "excuses", "onze", "mijn", "op", "met", "bij", "wat", "fijn", "leuk"}

// greetedGroups are the groups and kinds of people a greeting addresses
// that the dictionary does not know.
var greetedGroups = strings.Fields(`zusammen kollegen leute alle all everyone everybody folks guys sir sirs
	madam gentlemen ladies friends friend freunde freund freundin colleagues colleague admin chef boss mama papa mum mom dad
	schatz liebling darling honey sweetheart buddy mate there people eltern kinder kids gäste guests nachbarn neighbours
	mitglied mitglieder members community welt world monde wereld świecie mundo collègues amis ami amie tous toutes
	collega's allemaal iedereen heren dames leden ouders relatie wszyscy wszystkim państwu panstwu kochani redakcjo amigo amiga amigos
	ragazzi tutti clienti signori señores chicos chicas allerseits miteinander nochmal nochmals again mamo tato babciu dziadku
	guest host user users usuario usuarios usuário utente utenti utilizador socio sócio paciente huésped ospite abbonato
	abonné abonnée inquilino inquilina locataire partenaire candidato candidata messieurs mesdames docteur dottore direttore
	fornitore amico amica board council landlord
	kliencie klientko zespole sąsiedzie użytkowniku użytkowniczko przyjacielu przyjaciółko kolego koleżanko czytelniku`)

// groupAfter reports a word for a team or a department after the blank
// at j ("Jade Team", "Mercedes team", "Iris Vertrieb").
func groupAfter(v string, j int) bool {
	if at(v, j) != ' ' {
		return false
	}
	e := wordEnd(v, j+1)
	var buf [maxWord]byte
	n := foldWord(v, j+1, e, &buf)
	return n > 0 && slices.Contains(groupWords, string(buf[:n]))
}

// groupWords name a team or a department that a greeting addresses.
var groupWords = []string{"team", "teams", "crew", "gruppe", "group", "groep", "équipe", "equipe", "equipo", "squadra", "zespół",
	"zespol", "office", "büro", "buero", "abteilung", "afdeling", "dział", "support", "vertrieb", "sales", "service"}

// signature reports a name v[i:j] that signs a message: after a closing
// word, a comma or a line break between, or after a dash, and at the end
// of the value or its line ("Liebe Grüße, Anna", "Regards,\nEmily",
// "Cordialement, Marie", "--Jutta").
func signature(v string, i, j int) bool {
	if !lineEndAt(v, j) {
		return false
	}
	e := i
	for e > 0 && (v[e-1] == ' ' || v[e-1] == ',' || v[e-1] == '.' || v[e-1] == '\n' || v[e-1] == '\r') {
		e-- // "Pozdr. Kasia"
	}
	if e == i && at(v, i-1) != '-' {
		return false
	}
	if d := dashBefore(v, e); d >= 0 {
		// "--Jutta", "ruft morgen zurück - Markus", "Sent from my
		// iPhone – Dave": a dash signs as a closing does, but a colour
		// or a limit ends a line after one as well ("Farbe - Rosa",
		// "Preis 20 - Max"), and so does a product's name after its
		// size ("Matratze 90x200 - Emma")
		return (d == 0 || v[d-1] == '\n' || v[d-1] == '-' || v[d-1] == ' ' && !isDigit(at(v, d-2))) && !wordGiven(v, i, j)
	}
	var buf [maxWord]byte
	n := foldWord(v, lettersStart(v, e), e, &buf)
	return n > 0 && slices.Contains(closings, string(buf[:n]))
}

// dashBefore returns where a hyphen, an en dash or an em dash that ends
// at e starts, or -1.
func dashBefore(v string, e int) int {
	switch {
	case at(v, e-1) == '-':
		return e - 1
	case e >= 3 && (v[e-3:e] == "–" || v[e-3:e] == "—"):
		return e - 3
	}
	return -1
}

// closings end a message before the sender's name.
var closings = []string{"grüße", "grüßen", "grüsse", "gruß", "gruss", "regards", "cheers", "thanks", "danke", "cordialement",
	"salutations", "groeten", "groet", "pozdrawiam", "pozdrowienia", "saludos", "cumprimentos", "saluti", "abbracci",
	"sincerely", "wishes", "groetjes", "poważaniem", "atentamente", "saludo", "saluto", "mfg",
	// and as text messages and chats sign: "LG Steffi", "Merci, Coralie", "Dzięki, Kasia"
	"lg", "vg", "bisous", "bises", "merci", "bedankt", "grazie", "gracias", "obrigado", "obrigada", "dzięki", "dziękuję",
	"best", "thx",
	// with an adverb or a pronoun last, and abbreviated: "Pozdrawiam serdecznie, Ewa", "Bien à vous, Coralie", "Bonne
	// journée, Julie", "Mvg Sanne", "Cdlt, Julien", "Rgds, Gemma", "Pozdr. Kasia"
	"serdecznie", "vous", "journée", "soirée", "mvg", "cdlt", "amitiés", "rgds", "glg", "vlg", "pozdr", "pzdr",
	"abrazos", "besos", "beijos", "tschüss", "tschüs", "bye"}

// greetings open a letter or a message to a person.
var greetings = []string{"hallo", "hi", "hello", "hey", "dear", "liebe", "lieber", "bonjour", "salut", "cher", "chère",
	"beste", "hoi", "hola", "querida", "querido", "estimada", "estimado", "ciao", "caro", "cara", "gentile", "olá", "ola",
	"cześć", "witaj", "droga", "drogi", "moin", "servus", "salve", "buongiorno", "buonasera", "dobry"}

// personVerbs are verbs whose subject, written just before them, is a
// person when it is a given name. Copulas ("is", "ist", "est") and the
// French "a" are left out: "Grace is over", "Mark is on the box".
var personVerbs = []string{"was", "has", "had", "called", "said", "asked", "wants", "wanted", "complained", "phoned",
	"hat", "war", "rief", "möchte", "wollte", "sagte", "beschwerte",
	"était", "veut", "voulait", "appelle",
	"heeft", "belde", "wil", "wilde", "zegt", "zei",
	"dzwonił", "dzwoniła", "chce", "prosi", "był", "była"}

// vocative reports a given name that opens a note or a sentence and a
// comma follows, then a request to that person ("Thomas, bitte
// zurückrufen", "Anna, can you call back"); not a register's "WERNER,
// Horst" or "Richard, Louis", a family name and a given name, nor the
// first of a list or a word a name is spelt as ("Mark, Sweep and Co",
// "Jade, Onyx, Opal", "Max, Min und Durchschnitt", "Frank, ehrlich
// gesagt", "Grace, mercy").
func vocative(v string, i, j int) bool {
	if at(v, j) != ',' || at(v, j+1) != ' ' || j-i >= 2 && upperOnly(v[i:j]) {
		return false
	}
	e := j + 2
	for e < len(v) && v[e] != ' ' && v[e] != ',' && v[e] != '.' && v[e] != '!' && v[e] != '?' && v[e] != '\n' {
		e++
	}
	// EqualFold, not lowerWord: that reads "S’il" as the cue "s'il"
	if !slices.ContainsFunc(vocativeCues, func(c string) bool { return strings.EqualFold(v[j+2:e], c) }) {
		return false
	}
	if e := nameWord(v, j+2); e > j+2 {
		if wi, ok := lookupNameWord(v, j+2, e); ok && wi.flags&(wGiven|wSurname) != 0 {
			return false
		}
	}
	b := i - 1
	for b >= 0 && v[b] == ' ' {
		b--
	}
	return b < 0 || v[b] == '\n' || v[b] == '.' || v[b] == '!' || v[b] == '?' || v[b] == ':'
}

// vocativeCues are words a request to a person opens with, after the
// name and a comma.
var vocativeCues = []string{"please", "pls", "plz", "can", "could", "would", "you", "call", "bitte", "kannst", "könntest",
	"würdest", "du", "ruf", "rufe", "melde", "s'il", "merci", "pouvez", "peux", "pourriez", "rappelle",
	"kun", "kan", "wil", "graag", "bel", "proszę", "prosze", "możesz", "zadzwoń", "oddzwoń"}

// personActs are more verbs whose subject, a given name just before them,
// is a person: what customers do in a note besides calling and writing
// (waiting, wishing, cancelling, sending, coming, needing; "Martina wartet
// auf Gutschrift", "Nathalie souhaite résilier", "Henk gaat verhuizen",
// "Marta czeka na zwrot", "Chloe will call back"). A given name that is
// an everyday word or a colour too (wordGiven: "Max", "Mark", "Jade")
// acts only before personVerbs and the verbs of saying (acts): "Max
// will ..." is as often a limit as a man, "Jade kommt in Grün" a
// colour.
var personActs = []string{"wartet", "wünscht", "kündigt", "schickt", "holt", "braucht", "will", "kommt", "storniert",
	"erwartet", "bedankt", "entschuldigt", "wird",
	"souhaite", "doit", "rappellera", "attend", "envoie", "viendra", "passera", "refuse", "accepte", "préfère", "enverra",
	"voudrait", "aimerait", "pense", "va",
	"komt", "wacht", "stuurt", "gaat", "zal", "moet", "krijgt", "mailt", "stuurde", "kwam", "vindt", "wenst",
	"czeka", "oddzwoni", "wyśle", "przyjdzie", "musi", "potrzebuje", "zapłaci", "odbierze", "przyśle", "chciał", "chciała",
	"wysłał", "wysłała", "twierdzi", "pyta", "reklamuje",
	"needs", "would", "sent", "requested", "mentioned", "explained", "replied", "agreed", "prefers", "thinks",
	"quiere", "llamará", "vuole", "richiama", "quer"}

// acts reports one of personActs after the given name v[i:j], which is
// no everyday word or colour too.
func acts(v string, i, j int) bool {
	w, ok := lowerWordAfter(v, j)
	return ok && slices.Contains(personActs, w) && !wordGiven(v, i, j)
}

// wordGiven reports a given name v[i:j] that is an everyday word too
// (capsCommon: "Max", "Mark", "Frank", "Grace"), a colour, a gem or a
// flower that products come in, or a car (thingGivenNames: "Jade kommt in
// Grün", "Rosa wird nachgeliefert", "Mercedes kommt morgen"): the verbs
// and words that handedTo and acts add are not enough to make it a
// person's.
func wordGiven(v string, i, j int) bool {
	if capsKind(v, i, j) == capsCommon {
		return true
	}
	var buf [maxWord]byte
	n := foldWord(v, i, j, &buf)
	return n > 0 && slices.Contains(thingGivenNames, string(buf[:n]))
}

// thingGivenNames are given names that name colours, gems, flowers and a
// car.
var thingGivenNames = []string{"jade", "ruby", "amber", "holly", "poppy", "iris", "rose", "rosa", "roos", "lily", "fleur",
	"olive", "coral", "violet", "hazel", "jasmine", "jasmin", "ivy", "daisy", "saffron", "sienna", "perle", "perla", "opal",
	"mercedes"}

// beforeVerb reports whether the word at j, after one space, is one of
// personVerbs.
func beforeVerb(v string, j int) bool {
	w, ok := lowerWordAfter(v, j)
	return ok && slices.Contains(personVerbs, w)
}

// lowerWordAfter returns the word in lower case after one blank at j, ended by
// a blank, a comma, a full stop or the value's end: where beforeVerb and
// acts look for a verb.
func lowerWordAfter(v string, j int) (string, bool) {
	if at(v, j) != ' ' {
		return "", false
	}
	b := j + 1
	e := b
	for e < len(v) && (isLower(v[e]) || v[e] >= 0x80) {
		e++
	}
	if e == b || (e < len(v) && v[e] != ' ' && v[e] != ',' && v[e] != '.') {
		return "", false
	}
	return v[b:e], true
}

// familyWord reports whether w names a family: "Fam.", "Familie",
// "famille".
func familyWord(w string) bool {
	return strings.EqualFold(w, "fam") || strings.EqualFold(w, "familie") || strings.EqualFold(w, "famille")
}

// personNameLabel reports whether the name noun at i ("name", "nom")
// labels a person's name: unless a word for a thing comes right before it
// (thingsNamed).
func personNameLabel(v string, i int) bool {
	p := i
	for p > 0 && (v[p-1] == ' ' || v[p-1] == '-' || v[p-1] == '_') && i-p < 3 {
		p--
	}
	w := v[letterRunStart(v, p):p]
	for _, q := range thingsNamed {
		if strings.EqualFold(w, q) {
			return false
		}
	}
	return true
}

// monsieurAt reports whether the "M." at i can be Monsieur: not the end of
// "P.M." or of initials ("C.M. Bos"), not after a number ("3 M.": a
// million, a metre) or a size, section or class word ("Taille M.").
func monsieurAt(v string, i int) bool {
	if i == 0 {
		return true
	}
	if p := v[i-1]; p != ' ' && p != '(' && p != '\n' {
		return false
	}
	return !isDigit(at(v, i-2)) && !prevWordIs(v, i, notMonsieur...)
}

// frenchMonsieur reports whether an "M." at i stands where French writes
// Monsieur at the head of a sentence or after a word that calls for a
// person, so that a name no list knows may follow it (monsieurAt still
// applies): at the start of the text, a line or a sentence ("M. Brochard
// signale une panne"), after a word that introduces a person ("Client M.
// Fabre") or after a greeting or a verb of contact ("Bonjour M. Fabre",
// "rappeler M. Fabre", "selon M. Fabre"). Not after a size or a reference
// ("Broek maat L. Levering", "réf. M. Pochette"). Elsewhere "M." before a
// capitalised word was as often a size, a million or a label ("Pullover
// blau M. Versand", "Budget 1,2 M. Prévision", "Ticket: M. Wartung",
// "Mise à jour de M. Dossier") in false-positive hunts.
func (sc *scan) frenchMonsieur(i int) bool {
	v := sc.v
	p := i
	for p > 0 && v[p-1] == ' ' {
		p--
	}
	if p == 0 || v[p-1] == '\n' {
		return true
	}
	if v[p-1] == '.' {
		q := p - 1
		s := letterRunStart(v, q)
		if w := v[s:q]; len(w) <= 3 && upperOnly(w) {
			return false // a size or an initial before it: "maat L. M.", "R.M."
		}
		return !prevWordIs(v, q, notMonsieurAfterStop...)
	}
	return sc.afterPerson(i) || prevWordIs(v, i, "selon", "bonjour", "bonsoir", "merci", "cher", "rappeler", "appeler", "contacter",
		"joindre", "prévenir", "informer", "rencontrer", "recontacter")
}

// upperSurnameAt reports whether a listed family name written in capitals,
// three letters or more and not a colour, begins at q ("LEFÈVRE").
func upperSurnameAt(v string, q int) bool {
	e := nameWord(v, q)
	if e-q < 3 {
		return false // "M DA", "M EL": parts of names the lists hold as family names
	}
	if hasLower(v[q:e]) {
		return false
	}
	wi, ok := lookupNameWord(v, q, e)
	if !ok || wi.flags&wSurname == 0 || wi.flags&wStop != 0 {
		return false
	}
	var buf [maxWord]byte
	return !colourOrSize(string(lowerWord(v[q:e], &buf))) // a size and a colour or a cut: "Pull M BLANC", "M PETIT"
}

// colourOrSize reports a family name that is a colour, a size or a cut
// too (w in lower case): "Pull M BLANC", "Frau schwarz gefahren".
func colourOrSize(w string) bool {
	switch w {
	case "blanc", "noir", "rouge", "brun", "gris", "vert", "bleu", "jaune", "rose", "schwarz", "weiss", "weiß", "rot",
		"braun", "grün", "gruen", "zwart", "wit", "rood", "bruin", "groen", "black", "white", "brown", "green", "grey", "gray",
		"petit", "grand", "long", "court", "moyen", "large", "small", "medium", "klein", "groot", "lang", "kurz":
		return true
	}
	return false
}

// unlistedName reports whether a word at q may be a family name no list
// knows: capitalised, three letters or more, not an abbreviation, not a
// word the lists call something else and not ending as nouns do ("Wartung",
// "Rangement", "Bricolage"); after an initial or a particle ("J. Fabre",
// "de Villiers") too.
func unlistedName(v string, q int) bool {
	if l := capitalLen(v, q); l > 0 && at(v, q+l) == '.' && at(v, q+l+1) == ' ' {
		q += l + 2 // "M. J. Fabre", "M. É. Fabre"
	} else if e := wordEnd(v, q); e > q && at(v, e) == ' ' {
		if wi, ok := lookupWord(v, q, e); ok && wi.flags&wParticle != 0 {
			q = e + 1 // "M. de Villiers"; not "M. le Directeur" (title)
		}
	}
	e := nameWord(v, q)
	if e-q < 3 || at(v, e) == '.' {
		return false
	}
	wi, ok := lookupWord(v, q, e)
	if ok && wi.flags&(wSurname|wGiven) != 0 {
		return true
	}
	var buf [maxWord]byte
	w := string(lowerWord(v[q:e], &buf))
	if w == "" {
		w = strings.ToLower(v[q:e]) // a word longer than maxWord, for its ending
	}
	if title(w) || placeholder(w) {
		return false // "M. Directeur commercial", "M. Inconnu"
	}
	if nounEnding(w, true) {
		return false
	}
	return !ok || wi.flags&(wStop|wMonth|wStreetPre|wStreetSuf|wCity|wSalut) == 0 && wi.ctx == 0 && wi.spec == 0
}

// nounEnding reports whether w (lower case) ends as German nouns do
// (-ung, -heit, -keit, -schaft) or, with french, as French ones do too
// (-ment, -tion, -sion, -age, -isme, -ité, -ique): capitalised, they look
// like names.
func nounEnding(w string, french bool) bool {
	ends := nounEnds[:]
	if !french {
		ends = ends[:4]
	}
	for _, end := range ends {
		if strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

// nounEnds are nounEnding's: the German ones first.
var nounEnds = [...]string{"ung", "heit", "keit", "schaft", "ment", "tion", "sion", "age", "isme", "ité", "ique"}

// polishWeekday reports a Polish day's name, which ends as family names do
// ("p. Czwartek": by Thursday).
func polishWeekday(w string) bool {
	var buf [maxWord]byte
	switch string(lowerWord(w, &buf)) {
	case "poniedziałek", "poniedzialek", "wtorek", "czwartek", "piątek", "piatek":
		return true
	}
	return false
}

// title reports a French office or title, which "M. le" comes before.
func title(w string) bool {
	var buf [maxWord]byte
	switch string(lowerWord(w, &buf)) {
	case "directeur", "directrice", "président", "présidente", "maire", "ministre", "docteur", "professeur", "préfet",
		"gérant", "gérante", "responsable", "notaire", "juge", "commissaire", "chef", "député", "sénateur", "conseiller":
		return true
	}
	return false
}

// panAbbrev takes the name after "p." at v[i:j], Polish for Pan or Pani
// ("dzwonił p. Szymański", "do p. Nowak"): a listed name, or one shaped as
// Polish family names are. It returns the end, or 0. "p." is also a page
// and German "per" ("4,50 € p. Stück", "see p. Summary"), before nouns of
// any shape.
func (sc *scan) panAbbrev(i, j int) int {
	v := sc.v
	q := j + 2
	e := nameWord(v, q)
	if e-q < 3 || at(v, e) == '.' || isDigit(at(v, i-2)) || currencyAt(v, i-4) || currencyAt(v, i-5) ||
		prevWordIs(v, i, "see", "cf", "vgl", "siehe", "voir", "zob", "patrz", "oddział", "oddzial") {
		return 0 // "€ 15,84 p. Stuk", "800 EUR p. Monat": per
	}
	wi, ok := lookupNameWord(v, q, e)
	switch {
	case ok && wi.flags&(wStop|wMonth|wCity) != 0 || ok && wi.ctx != 0 || polishWeekday(v[q:e]):
		return 0
	case ok && wi.flags&(wSurname|wGiven) != 0:
	case polishSurnameShape(v[q:e]), polishGenitive(v[q:e]):
	default:
		return 0
	}
	return sc.afterSalutation(j)
}

// polishGenitive reports the genitive of a listed family name ending in -a
// ("Sikory" of Sikora, "Dudy" of Duda), as "do p." and "dla p." put it.
// It runs only on a word after "p." that no list knows.
func polishGenitive(w string) bool {
	n := len(w)
	if n < 4 || w[n-1]|0x20 != 'y' && w[n-1]|0x20 != 'i' {
		return false
	}
	stem := w[:n-1] + "a" // the lookup folds case: "SIKORY" finds sikora
	wi, ok := lookupNameWord(stem, 0, len(stem))
	return ok && wi.flags&wSurname != 0
}

// upperPan reports an upper-case "P." at i, Pan or Pani, after a Polish
// preposition that asks for a name in the genitive or dative, in text
// written in capitals: "PRZEKAZAĆ DO P. SIKORY".
func upperPan(v string, i int) bool {
	q := i + 3 // the name's first letter, after "P. "
	return v[i] == 'P' && prevWordIs(v, i, "do", "dla", "od", "u") && isUpper(at(v, i-2)) &&
		isUpperAt(v, q) && q < len(v) && isUpperAt(v, q+runeLen(v[q])) // "ŻUKOWSKIEGO", "ŁUKASZEWICZA"
}

// panInitial reports an upper-case "P. " at i (Pan, Pani, or an initial: a
// name either way) before a word that ends as Polish family names do, where
// a person is named: at the start of the text, a line or a sentence ("P.
// Łukasiewicz zgłasza"), after a colon ("CC: P. Piotrowski") or a
// preposition ("od P. Brzęczyszczykiewicz", "o dane P. Żółkiewskiej",
// "escalated to P. Zielinski"). After a noun it is an
// abbreviation before an adjective ("finał P. Polski", the Polish Cup;
// "Typ P. Śląski"), which a false-positive hunt found.
func panInitial(v string, i int) bool {
	if v[i] != 'P' {
		return false
	}
	masculine := polishSurnameAt(v, i+3)
	if !masculine && !polishFeminineAt(v, i+3) {
		return false
	}
	p := i
	for p > 0 && v[p-1] == ' ' {
		p--
	}
	switch {
	case p == 0, v[p-1] == '\n':
		return true
	case v[p-1] == '(' || v[p-1] == ':':
		// "CC: P. Piotrowski", not "Kategoria: P. Damska", "Region (P.
		// Wielkopolska)": after a category's noun the feminine forms
		// are adjectives (a review)
		if masculine {
			return !prevWordIs(v, p-1, productNouns...)
		}
		return !prevWordIs(v, p-1, categoryNouns...)
	case v[p-1] == '!' || v[p-1] == '?' || v[p-1] == '.' && isDigit(at(v, p-2)):
		return p < i // "Faktura 4711. P. Jabłonowski prosi"
	case v[p-1] == '.':
		// ". P. Nowak": a sentence's start; not "ul.P.", nor an
		// abbreviation's stop ("Kat. P. Śląski", "im. P. Kowalskiego")
		// A title's stop names a person: "Dyr. P. Brzozowska".
		var buf [maxWord]byte
		w := string(lowerWord(v[lettersStart(v, p-1):p-1], &buf)) // "" past maxWord: no abbreviation either
		return p < i && (w == "" || !slices.Contains(polishAbbrevs, w) || slices.Contains(polishTitles, w))
	}
	return !prevWordIs(v, i, categoryNouns...) && prevWordIs(v, i, "od", "do", "dla", "u", "o", "przez", "z", "ze", "wg",
		"dane", "danych", "pan", "pani", "to", "from", "by", "with", "for", "cc", "an", "von", "für", "mit", "van", "door",
		"voor", "à", "par", "pour")
}

// categoryNouns name what a Polish adjective after "P." describes
// ("Kategoria: P. Damska", "finał P. Polski"): no person is named there.
var categoryNouns = []string{"kategoria", "kat", "region", "obszar", "produkt", "typ", "szkoła", "szkoly", "szkoły",
	"towar", "marka", "rozmiar", "wariant", "strefa", "grupa", "kod", "rodzaj", "trasa", "finał", "final", "teatr",
	"bank", "puchar", "liga", "województwo", "woj"}

// productNouns are the categoryNouns before which a masculine form is an
// adjective too ("Typ: P. Śląski"); after the others it is as often a
// person ("Grupa: P. Zarembski": a review).
var productNouns = []string{"kategoria", "kat", "typ", "rodzaj", "produkt", "towar", "wariant", "rozmiar"}

// polishAbbrevs end with a stop that ends no sentence ("Kat. P. Śląski").
var polishAbbrevs = []string{"kat", "im", "ul", "al", "os", "pl", "św", "tzw", "wg", "ob", "pt", "sp",
	"woj", "dyr", "ks", "gen", "płk", "prof", "dr", "mgr", "inż"}

// polishTitles are the abbreviations among them that stand before a
// person's name.
var polishTitles = []string{"dyr", "ks", "gen", "płk", "prof", "dr", "mgr", "inż"}

// polishFeminineAt reports a word at i that ends as the feminine and the
// genitive or dative of Polish family names do: -ska, -cka, -dzka,
// -skiej, -ckiej, -skiego, -ckiego, -wicza.
func polishFeminineAt(v string, i int) bool {
	return polishEndingAt(v, i, "ska", "cka", "dzka", "skiej", "ckiej", "skiego", "ckiego", "wicza")
}

// polishSurnameShape reports a word that ends as most Polish family names
// do: -ski, -cki, -dzki and their -ska, -cka, -dzka, in the cases after
// "do p." or "dla p." too (-skiego, -skiej, -skiemu), -wicz, -czyk, -czak,
// -iak, -ak, -ek, -uk, -yk.
func polishSurnameShape(w string) bool {
	var buf [maxWord]byte
	w = string(lowerWord(w, &buf))
	for _, end := range [...]string{"ski", "ska", "cki", "cka", "skiego", "ckiego", "skiej", "ckiej", "skiemu", "ckiemu",
		"wicz", "wicza", "czyk", "czak", "iak", "ak", "ek", "uk", "yk"} {
		if strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

// acronymSalut reports a salutation of two letters written in capitals
// without its full stop ("HR", "MS", "MR", "DR") that is no name's ahead
// (nameAhead): such a pair is an acronym as often (human resources,
// Microsoft, a merge request, disaster recovery: "HR Department", "MS
// Teams", "MR Review", "DR Test"); "HR Müller", "MR SMITH" stay names.
func acronymSalut(v string, i, j int) bool {
	return j-i == 2 && isUpper(v[i]) && isUpper(v[i+1]) && at(v, j) != '.' && !(at(v, j) == ' ' && nameAhead(v, j+1))
}

// nameAhead reports whether a person's name starts at q as far as the
// lists can tell: a known given or family name, a particle before a
// capitalised word ("Le Gall", "de Villiers"), or a capitalised word and
// a known family name after it ("Maël Durand"). "M. Delivery next week",
// "M. Versand morgen" are a size and a sentence.
func nameAhead(v string, q int) bool {
	e := nameWord(v, q)
	if e == q {
		return false
	}
	if wi, ok := lookupNameWord(v, q, e); ok && wi.flags&(wGiven|wSurname) != 0 {
		return true
	}
	if at(v, e) != ' ' {
		return false
	}
	if wi, ok := lookupWord(v, q, e); ok && wi.flags&wParticle != 0 && nameWord(v, e+1) > e+1 {
		return true
	}
	e2 := nameWord(v, e+1)
	wi, ok := lookupNameWord(v, e+1, e2)
	return e2 > e+1 && ok && wi.flags&wSurname != 0
}

// nameAfterParticle reports whether the particle before q, capitalised
// after a word that introduces a person, begins a family name: a listed
// family name follows it ("Kunde De Vries"), or a listed given name and
// another name word ("Kunde Le Thi Hoa", Vietnamese Lê). "Klant De Merel
// heeft besteld" names a café as often.
func nameAfterParticle(v string, q int) bool {
	e := nameWord(v, q)
	if e == q {
		return false
	}
	wi, ok := lookupNameWord(v, q, e)
	if !ok || wi.flags&(wStop|wMonth|wCity|wStreetPre|wStreetSuf) != 0 || wi.ctx != 0 || wi.spec != 0 {
		return false
	}
	return wi.flags&wSurname != 0 || wi.flags&wGiven != 0 && at(v, e) == ' ' && nameWord(v, e+1) > e+1
}

// lookupNameWord is lookupWord for a capitalised word, also without its
// accents (lookupUnaccented).
func lookupNameWord(v string, a, b int) (wordInfo, bool) {
	if wi, ok := lookupWord(v, a, b); ok {
		return wi, true
	}
	if hasNonASCII(v[a:b]) {
		if wi, ok := lookupUnaccented(v, a, b); ok {
			return wi, true
		}
		return lookupLost(v, a, b)
	}
	return wordInfo{}, false
}

// notMonsieur are words after which "M." is a size, a class or a letter,
// not Monsieur: "Taille M. Couleur bleu".
var notMonsieur = []string{"taille", "size", "größe", "grösse", "gr", "maat", "rozmiar", "format", "type", "typ",
	"modèle", "model", "modell", "kategorie", "category", "catégorie", "categorie", "classe", "class", "klasse",
	"groupe", "group", "gruppe", "zone", "lettre", "letter", "buchstabe", "variante", "variant",
	"kapitel", "chapitre", "chapter", "hoofdstuk", "rozdział", "abschnitt", "section", "sectie", "teil", "part", "partie",
	"deel", "punkt", "point", "punt", "anlage", "annexe", "annex", "bijlage", "stufe", "level", "niveau"}

// notMonsieurAfterStop are the words whose full stop "M." follows that make
// it a size, a class or a reference: notMonsieur's and abbreviations
// ("réf. M. Pochette", "maat L. M.", "Abt. M. Controlling").
var notMonsieurAfterStop = append(notMonsieur[:len(notMonsieur):len(notMonsieur)],
	"réf", "ref", "art", "nr", "no", "kat", "maat", "mt", "rozm", "kleidergr", "u", "abt", "dept")

// labelAt reports whether a label's colon follows the word ending at e:
// "Name:", "Nazwisko :".
func labelAt(v string, e int) bool {
	return at(v, e) == ':' || at(v, e) == ' ' && at(v, e+1) == ':'
}

// lowerName takes a name typed in lower case, as legacy CRM notes often are
// ("herr müller", "pani kowalska", "le client benoît meunier", "klant jan
// de vries") that starts at i. Lower case names are words as often, so it
// asks more of them than of capitalised ones:
//   - after a salutation typed in lower case (lowerSalutation: not "hr",
//     "ms" or "mw", an hour, milliseconds and a Dutch employee), listed
//     given and family names, particles between or first ("van den
//     berg"); after a particle only a listed family name ("meneer van de
//     gemeente", "monsieur du garage" are no names);
//   - after a word that introduces a person, a listed given name, alone
//     ("kunde martin rief an") or with more name words: a family name
//     listed or with a family name's ending ("kunde erika mustermann",
//     surnameEnding); a family name alone is as often a word ("kunde
//     sauer wegen Verspätung", "customer winter tyres");
//   - everyday words among the names (wordGivenNames, wordFamilyNames:
//     "max", "per", "meer") count only beside a name word that is not one.
//
// Hyphenated and apostrophed words ("jean-pierre", "o'brien") are one
// word; a capitalised word counts only as the family name after a particle
// ("mevr van Dijk"), never a label, a street or an acronym ("herr müller
// BSN ...", "mevr van KPN"). first holds the flags of the word at i, 0
// where the caller has not looked it up. It returns the name's end, or 0.
func (sc *scan) lowerName(i int, first uint16) int {
	v := sc.v
	salut, capital := lowerSalutation(v, i)
	// with: a preposition of talking with someone before i ("tel mit anna
	// schmidt"); short: "ms" or "m." (shortTitle). Both ask more of the
	// name than a salutation does (see the end), and a name word first:
	// particles ("de", "van") are far commoner words, and are asked nothing.
	with, short := false, false
	if !salut && (!sc.afterPerson(i) || prevWordIs(v, i, "son")) {
		// "mw" (also an employee), "hr" (an hour); French "son" ("son marc de café")
		if first != 0 && first&(wGiven|wSurname) == 0 {
			return 0
		}
		switch at(v, i-2) { // the last letter of "mit", "with", "avec", "z"; of "ms", "m."
		case 't', 'h', 'c', 'z':
			with = talkWith(v, i)
		case 's', '.':
			short = shortTitle(v, i)
		}
		if !with && !short {
			return 0
		}
		salut = short
	}
	polish := with && at(v, i-2) == 'z' || salut && polishSalutation(v, i) // "z anną kowalczyk", "panem nowakiem"
	e, words, plain, given := i, 0, 0, false
	common := false // the last name word read is an everyday word
	firstCommon, surname := false, false
	afterParticle := false
words:
	for k, q := 0, i; k < 6; k++ {
		if k > 0 {
			n := 0
			for at(v, q+n) == ' ' && n < 2 {
				n++
			}
			if n == 0 {
				break
			}
			q += n
		}
		we := lowerWordEnd(v, q)
		if we == q || we-q > maxWord || localPartAt(v, we) {
			break // "frau anna ivanova anna.m@gmx.de": the address's, not the name's
		}
		if isUpperAt(v, q) {
			if afterParticle && capitalFamilyName(v, q, we) {
				e = we // "mevr van Dijk", "klant jan van Dijk"
				words++
				plain++
			}
			break
		}
		pe := wordEnd(v, q) // the first part, the one the lists are asked about: "jean" of "jean-pierre"
		wi, ok := lookupWord(v, q, pe)
		if apostropheLen(v, pe) > 0 {
			wi, ok = lookupFolded(v, q, we) // "o'brien"
		}
		if !ok && polish && pe == we {
			wi, ok = polishCaseName(v, q, we)
		}
		switch {
		case ok && wi.flags&wParticle != 0:
			// Kept only with a family name after it. A name that starts
			// with its particle starts with one of these (Polish "pan
			// da radę", "pan do nas", "pan ten sam" and French "madame
			// la directrice" hold words), and "de" with no other after it
			// ("de vries"; "de la" is followed by words as often:
			// "monsieur de la fontaine à eau", "madame de la pierre").
			var buf [maxWord]byte
			p := string(lowerWord(v[q:we], &buf)) // we-q <= maxWord
			if k == 0 && (!salut || !slices.Contains(firstParticles, p)) || k == 1 && words == 0 && strings.EqualFold(v[i:i+3], "de ") {
				break words // after a person word a name starts with its given name: "Nom du produit", "naam van de winkel"
			}
			afterParticle = true
			q = we
			continue
		case ok && wi.flags&(wGiven|wSurname) != 0 && wi.flags&wStop == 0:
			var buf [maxWord]byte
			w := string(lowerWord(v[q:pe], &buf)) // pe <= we <= q+maxWord
			switch {
			case (with || short) && afterParticle:
				common = false // "met kees de jong": the particle makes it a name
			case (with || short) && wordGiven(v, q, pe):
				common = true // "mit frank und frei", "with rose gold", "m. petit"
			case wi.flags&wGiven != 0 && k == 0:
				given, common = true, slices.Contains(wordGivenNames, w)
			default:
				// after a capitalised salutation a lower-case word is
				// more often one: "Frau schwarz gefahren"
				// ("Frau schwarz gefahren"), and after a person's word
				// ("kunde sauer hat angerufen", see lowerAlone)
				common = slices.Contains(wordFamilyNames, w) || (capital || !salut) && (colourOrSize(w) || slices.Contains(moodFamilyNames, w))
			}
			surname = wi.flags&wSurname != 0
		case !ok && k == 1 && given && !with && (!common && surnameEnding(v[q:we]) || entrySurnameEnding(v[q:we]) ||
			!common && we-q >= 4 && lowerNameEnds(v, we) && sc.lowerNote()):
			// "kunde erika mustermann", "klient anna kowalczykowska": a
			// family name no list holds, after a listed given name, by
			// an ending few other words have; after a given name that is
			// an everyday word too, by one that fewer nouns share ("kunde
			// max mustermann"); that family name is no everyday word, so
			// it counts for plain below and the name stands
			common = false
		default:
			break words // not a name's word: the name ended before it
		}
		e, q = we, we
		afterParticle = false
		if words == 0 {
			firstCommon = common
		}
		words++
		if !common {
			plain++
		}
	}
	// After a preposition a given name and a family name, both listed and
	// neither an everyday word ("mit anna schmidt"; "mit frank und frei",
	// "with mark and spencer" are none); after "ms" or "m." a listed name
	// that is no everyday word ("ms wilson"; "m. petit" is small).
	if with && (!given || words < 2 || plain < words || !surname) || short && firstCommon {
		return 0
	}
	// Not everyday words only ("customer max price", "klant job hunt"); after
	// a person word a given name, alone only when it is no everyday word
	// ("customer mark as resolved"; "kunde sauer wegen ..." has none).
	// In a note typed all in lower case a family name alone after a
	// person's word counts where a person's verb, a bracket or a birth
	// date's label follows it ("kd. müller verifiziert", "kunde sauer
	// wegen Verspätung" is none).
	lowerAlone := words == 1 && !common && !salut && lowerNameEnds(v, e) && sc.lowerNote()
	if plain == 0 || !salut && !(given && (words > 1 || !common)) && !lowerAlone {
		return 0
	}
	sc.add(dName, Name, i, e, 0.7)
	sc.capStart, sc.capEnd = none, none
	return e
}

// talkWith reports a preposition of talking or meeting with someone, in
// lower case, one blank before i: "mit", "with", "avec", "met", "z". A
// note says whom an agent spoke with ("tel mit anna schmidt", "rozmowa z
// anną kowalczyk"); a thing follows as often ("mit frank und frei",
// "with will power"), so lowerName takes only a listed given name and a
// listed family name after it. lowerName asks this only where the word
// before ends in one of their last letters, and the blank is tested first.
func talkWith(v string, i int) bool {
	if at(v, i-1) != ' ' {
		return false
	}
	switch at(v, i-2) {
	case 't':
		return wordBeforeIs(v, i-1, "mit") || wordBeforeIs(v, i-1, "met")
	case 'h':
		return wordBeforeIs(v, i-1, "with")
	case 'c':
		return wordBeforeIs(v, i-1, "avec")
	case 'z':
		return wordBeforeIs(v, i-1, "z")
	}
	return false
}

// shortTitle reports "ms" or "m." (Ms, Monsieur), in lower case, one blank
// before i, with no letter or digit before it: lowerSalutation leaves them
// out ("200 ms", "12 m. breit", "ms teams"), so lowerName takes only a
// listed name that is no everyday word after them ("ms wilson", "m.
// lefebvre"; not "m. petit").
func shortTitle(v string, i int) bool {
	if at(v, i-1) != ' ' {
		return false
	}
	e := i - 1
	switch at(v, i-2) {
	case 's':
	case '.':
		e--
	default:
		return false
	}
	s := e - 2
	if !wordBeforeIs(v, e, "ms") && !wordBeforeIs(v, e, "m") {
		return false
	}
	if v[e-1] == 'm' {
		s = e - 1
	}
	return !(at(v, s-1) == ' ' && isDigit(at(v, s-2))) // "200 ms", "12 m."
}

// wordBeforeIs reports the word w, as typed, ending at e, with no letter
// or digit before it.
func wordBeforeIs(v string, e int, w string) bool {
	s := e - len(w)
	return s >= 0 && v[s:e] == w && !isAlnum(at(v, s-1)) && at(v, s-1) < 0x80
}

// polishSalutation reports "panem" or "panią" (Pan and Pani in the
// instrumental or accusative) one blank before i: the family name after
// them is declined too ("z panem nowakiem", "z panią kowalską").
func polishSalutation(v string, i int) bool {
	return wordBeforeIs(v, i-1, "panem") || wordBeforeIs(v, i-1, "panią")
}

// polishDeclined reports whether the word v[q:e] ends as polishCaseName's
// declined names do: in -ą, -em or -im.
func polishDeclined(v string, q, e int) bool {
	if e-q < 4 {
		return false
	}
	return v[e-2] == 0xc4 && v[e-1] == 0x85 || v[e-1] == 'm' && (v[e-2] == 'e' || v[e-2] == 'i')
}

// polishCaseName looks up the lower-case word v[q:e] as a Polish name in
// the instrumental or accusative, which the lists hold in the nominative
// only: "anną", "kowalską" (-ą for -a), "zielińskim" (-im for -i after
// -sk, -ck, -dzk), "nowakiem", "mazurem" (-iem, -em dropped). It returns
// the name flags of what it finds.
func polishCaseName(v string, q, e int) (wordInfo, bool) {
	var buf [maxWord]byte
	n := foldWord(v, q, e, &buf)
	if n < 4 || n > maxWord-1 {
		return wordInfo{}, false
	}
	w := buf[:n]
	switch {
	case w[n-2] == 0xc4 && w[n-1] == 0x85: // ą
		w[n-2] = 'a'
		w = w[:n-1]
	case n > 5 && w[n-2] == 'i' && w[n-1] == 'm' && w[n-3] == 'k' && (w[n-4] == 's' || w[n-4] == 'c' || w[n-4] == 'z'):
		w = w[:n-1]
	case n > 5 && w[n-3] == 'i' && w[n-2] == 'e' && w[n-1] == 'm':
		w = w[:n-3]
	case w[n-2] == 'e' && w[n-1] == 'm':
		w = w[:n-2]
	default:
		return wordInfo{}, false
	}
	wi, ok := words.lookup(w)
	if !ok || wi.flags&(wGiven|wSurname) == 0 || wi.flags&wStop != 0 {
		return wordInfo{}, false
	}
	return wordInfo{flags: wi.flags & (wGiven | wSurname)}, true
}

// lowerFamilyAfter takes a family name no list knows after a salutation
// typed in lower case that ends at j, in a note typed all in lower case
// (lowerNote): "herr wimmersberger hat angerufen", "pani zielińska
// dzwoniła". lowerName reads the names the lists know; with capitals
// elsewhere a lower-case word after "herr" is a word. Even then it takes
// only a family name's ending (surnameEnding), as nameRest does after a
// role word, and a person's verb or a bracket after it (lowerNameEnds):
// after "herr", "mrs", "sra." a job, a relative or a title is as often
// written ("herr pfarrer hat angerufen", "mrs nurse called", "sra.
// directora llamó"), and "fr." is Friday too ("fr. nachmittag (15 uhr)").
// It returns the name's end, or 0.
func (sc *scan) lowerFamilyAfter(j int) int {
	v := sc.v
	q := j
	if at(v, q) == '.' {
		q++
	}
	if at(v, q) != ' ' || !isLower(at(v, q+1)) {
		return 0
	}
	q++
	if ok, _ := lowerSalutation(v, q); !ok {
		return 0
	}
	e := lowerWordEnd(v, q)
	if e-q > maxWord || !surnameEnding(v[q:e]) || endingNoun(v[q:e]) || !lowerNameEnds(v, e) || !sc.lowerNote() {
		return 0
	}
	if _, listed := lookupWord(v, q, wordEnd(v, q)); listed {
		return 0 // a listed name is lowerName's; any other listed word is no name
	}
	sc.add(dName, Name, q, e, 0.7)
	sc.capStart, sc.capEnd = none, none
	return e
}

// lowerNameEnds reports whether a name typed in lower case may end at e:
// a person's verb follows ("hat", "called", "llamó"), or a bracket
// ("herr rothkegel (geb. ...)"). At the note's end or before a comma a
// word is as often a role or a pronoun's: "herr lehrer", "frau anonym",
// "herr vermieter, tel ...".
func lowerNameEnds(v string, e int) bool {
	if at(v, e) == ',' && at(v, e+1) == ' ' {
		// "kd. pfeiffer, geb. 19.10.1965", "cust o'connor, dob ...": a
		// birth date's label after the comma
		return wordIn(v, e+2, wordEnd(v, e+2), lowerBirthLabels)
	}
	if at(v, e) != ' ' {
		return false
	}
	return at(v, e+1) == '(' || beforeVerb(v, e) || wordIn(v, e+1, wordEnd(v, e+1), lowerVerbs)
}

// lowerBirthLabels label a birth date after a name and a comma in
// lower-case notes.
var lowerBirthLabels = []string{"geb", "dob", "nato", "nata", "née", "nee", "né", "ur", "nacido", "nacida", "geboren"}

// lowerVerbs are verbs after a name in lower-case notes that personVerbs
// does not hold.
var lowerVerbs = []string{"llamó", "llamo", "ha", "a", "rang", "rief", "zadzwonił", "zadzwoniła", "dzwoni", "chiamato", "appelé",
	"verifiziert", "verified", "verificado", "verificada", "verificato", "verificata", "vérifié", "vérifiée", "zweryfikowany",
	"zweryfikowana", "geverifieerd"}

// lowerNote reports whether the value holds no capital letter: a note
// typed all in lower case, where a salutation's lower case says nothing.
// It reads the value once per scan.
func (sc *scan) lowerNote() bool {
	return sc.once(&sc.lowerCase, noCapitals)
}

// thingAfterGiven reports whether the word v[q:e] after a given name
// makes the two a thing's name: a Roman numeral ("Mark IV", "Louis XIV":
// a model, a ruler) or a product's noun (givenThingNouns: "Frank Sofa",
// "Grace Trophy").
func thingAfterGiven(v string, q, e int) bool {
	if regnalNumber(v[q:e]) {
		return true
	}
	var buf [maxWord]byte
	return slices.Contains(givenThingNouns, string(lowerWord(v[q:e], &buf)))
}

// regnalNumber reports two to five capitals of I, V and X: "II", "IV",
// "XIV". One alone is as often an initial ("Anna V"), and L, C, D, M
// are initials' letters too ("Anna MC").
func regnalNumber(w string) bool {
	return len(w) >= 2 && len(w) <= 5 && strings.Trim(w, "IVX") == ""
}

// noCapitals reports whether v holds no capital letter.
func noCapitals(v string) bool {
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= 'A' && c <= 'Z':
			return false
		case c >= 0xC0:
			if r, _ := utf8.DecodeRuneInString(v[i:]); unicode.IsUpper(r) {
				return false
			}
		}
	}
	return true
}

// surnameEndings end family names of many origins and few other words:
// German compounds (-mann, -meier, -huber), Polish and Czech (-ski, -wicz,
// -czyk, -ová), Nordic (-nsen, -rsen, -lsen, -son), Italian (-ini, -elli),
// Romanian (-escu), Greek (-opoulos, -akis), Turkish (-oğlu), Balkan
// (-ović, -ević), Ukrainian (-enko), Frisian (-stra). Not -er or -en: verbs,
// adverbs and nouns end so ("leider", "angerufen").
var surnameEndings = []string{"mann", "meier", "maier", "mayer", "meyer", "huber", "hofer", "berger", "bauer",
	"ski", "ska", "cki", "cka", "wicz", "czyk", "ová", "ova", "nsen", "rsen", "lsen", "son", "ini", "elli", "etti",
	"escu", "opoulos", "akis", "oğlu", "oglu", "ović", "ovic", "ević", "evic", "enko", "stra"}

// surnameEnding reports a word of five bytes or more that ends in one of
// surnameEndings; -son and -stra after a consonant, as patronymics and
// Frisian names have them (Johnson, Terpstra): after a vowel or an x they
// end everyday words ("reason", "maison", "mostra", "muestra", "extra").
func surnameEnding(w string) bool {
	if len(w) < 5 {
		return false
	}
	for _, s := range surnameEndings {
		if !strings.HasSuffix(w, s) {
			continue
		}
		if (s == "son" || s == "stra") && strings.IndexByte("aeioux", w[len(w)-len(s)-1]) >= 0 {
			return false
		}
		return true
	}
	return false
}

// entrySurnameEnding reports a surnameEnding that few nouns share, where
// the ending alone has to make the word a family name: before a comma and
// more words ("Mustermann, Erika rief an", nameBefore) and after a given
// name that is an everyday word too ("kunde max mustermann", lowerName).
// Not -son (Person), -nsen, -rsen, -lsen (Zinsen, Kursen, Hülsen), -ska,
// -ski (Alaska, Franziska, Wasserski), -ova (Supernova), -ini, -elli,
// -etti, -stra (Zucchini, Spaghetti, Orchestra); nor -mann after a linking
// s (Landsmann, Vertrauensmann); nor a noun or an adjective that ends so
// (endingNoun).
func entrySurnameEnding(w string) bool {
	if !surnameEnding(w) || endingNoun(w) {
		return false
	}
	for _, weak := range [...]string{"son", "nsen", "rsen", "lsen", "ska", "ski", "ova", "ini", "elli", "etti", "stra"} {
		if strings.HasSuffix(w, weak) {
			return false
		}
	}
	return !strings.HasSuffix(w, "smann") || strings.HasSuffix(w, "ssmann")
}

// endingNouns are nouns and adjectives that end as family names do, alone
// or as a compound's last part ("Ex-Ehemann", "Kachelofenbauer"): a
// relation, a job or a trade, mostly German ("Ehemann, Peter ruft an",
// "Gerüstbauer, Thomas kommt Montag", "Wachmann, Peter hat
// aufgeschlossen"); Polish adjectives of a language, a nation or a street
// ("Niemiecki, Anna mówi płynnie", "Akademicka"); an insurer and an
// institute ("Nürnberger, Anna prüft den Vertrag"). They are kept out of
// entrySurnameEnding only, not out of notSurnameBeforeComma: some are
// family names too (Seemann, Vormann, Nürnberger), and a register's entry
// that ends after the given name ("Seemann, Anna;") is one.
var endingNouns = []string{"ehemann", "exmann", "ex-mann", "fachmann", "seemann", "obmann", "jedermann",
	"hintermann", "vormann", "nebenmann", "schneemann", "wachmann", "feuerwehrmann", "kameramann", "servicemann",
	"dienstmann",
	"anlagenbauer", "maschinenbauer", "metallbauer", "gerüstbauer", "trockenbauer", "messebauer", "modellbauer",
	"fahrzeugbauer", "stahlbauer", "betonbauer", "straßenbauer", "strassenbauer", "werkzeugbauer", "formenbauer",
	"karosseriebauer", "orgelbauer", "geigenbauer", "klavierbauer", "instrumentenbauer", "bootsbauer",
	"gartenbauer", "landschaftsbauer", "ofenbauer", "brunnenbauer", "fensterbauer", "treppenbauer",
	"akademicka", "akademicki", "niemiecka", "niemiecki", "grecka", "grecki", "turecka", "turecki",
	"chorwacka", "chorwacki", "katolicka", "katolicki",
	"nürnberger", "fraunhofer"}

// endingNoun reports a word that ends in one of endingNouns, or a compound
// of Kaufmann ("Bankkaufmann", "Versicherungskaufmann"), which alone is a
// family name as often.
func endingNoun(w string) bool {
	for _, n := range endingNouns {
		if strings.HasSuffix(w, n) {
			return true
		}
	}
	return len(w) > len("kaufmann") && strings.HasSuffix(w, "kaufmann")
}

// localPartAt reports whether the word that ends at e goes on as an
// e-mail address's local part: "anna" of "anna.m@gmx.de", "schmidt@".
// Such a word is the address's, and a name that took it in would overlap
// the address and lose to it.
func localPartAt(v string, e int) bool {
	k := e
	for k < len(v) && (isAlnum(v[k]) || v[k] == '.' || v[k] == '_' || v[k] == '-' || v[k] == '+') {
		k++
	}
	if at(v, k) != '@' {
		return false
	}
	// an address after it as email finds one: "schmidt@übersee.de",
	// "schmidt@ gmx.de"; not "Anna Schmidt@" with no address after it
	if _, ok := domainEnd(v, k+1, false); ok {
		return true
	}
	if at(v, k+1) != ' ' {
		return false
	}
	e, ok := domainEnd(v, k+2, false)
	return ok && knownTLD(v, e)
}

// lowerWordEnd returns the end of the word at q, over hyphens and
// apostrophes between letters ("jean-pierre", "o'brien"), or of its part
// where it passes maxWord bytes: no list holds a longer word, and reading
// on to the end of "o'brieno'brien..." at each of its parts was quadratic.
func lowerWordEnd(v string, q int) int {
	e := wordEnd(v, q)
	for e > q && e-q <= maxWord {
		n := apostropheLen(v, e)
		if at(v, e) == '-' {
			n = 1
		}
		if n == 0 || e+n >= len(v) || letterLen(v, e+n) == 0 {
			break
		}
		e = wordEnd(v, e+n)
	}
	return e
}

// capitalFamilyName reports whether the capitalised word v[q:e] after a
// particle may be the family name: not a label, a street, a town, a month
// or an acronym ("van KPN").
func capitalFamilyName(v string, q, e int) bool {
	if e-q >= 2 && upperOnly(v[q:e]) {
		return false
	}
	wi, ok := lookupWord(v, q, e)
	return !ok || wi.flags&(wStop|wSalut|wMonth|wStreetPre|wStreetSuf|wCity) == 0 && wi.ctx == 0 && wi.spec == 0
}

// lowerSalutation reports a salutation right before i, where a name typed
// in lower case follows ("herr müller", "mevr. de vries", "Frau weber",
// "Hr. meier"): in lower case, or capitalised as the start of a note or a
// sentence writes it. Short ones that are other words in lower case do not
// count: "hr" (an hour) and "fr" unless a full stop abbreviates them, "ms"
// (milliseconds), "dr" (drive), "sr", "miss", "mw" (a Dutch employee), nor
// the job titles the salutation list also holds.
func lowerSalutation(v string, i int) (ok, capital bool) {
	e := i
	for e > 0 && v[e-1] == ' ' && i-e < 2 {
		e--
	}
	dot := e > 0 && v[e-1] == '.'
	if dot {
		e--
	}
	s := letterRunStart(v, e)
	if s > 0 && isAlnum(v[s-1]) {
		return false, false
	}
	// "Frau weber": capitalised, as a sentence starts
	switch v[s:e] {
	case "herr", "herrn", "frau", "pan", "pani", "pana", "panu", "panią", "panem", "dhr", "mevr", "mevrouw", "meneer",
		"mr", "mrs", "mme", "madame", "monsieur", "mademoiselle", "mlle", "señor", "señora", "sra", "signor", "signora",
		"Herr", "Herrn", "Frau", "Pan", "Pani", "Pana", "Panu", "Panią", "Panem", "Dhr", "Mevr", "Mevrouw", "Meneer",
		"Mr", "Mrs", "Mme", "Madame", "Monsieur", "Mademoiselle", "Mlle", "Señor", "Señora", "Sra", "Signor", "Signora":
		return true, isUpper(v[s])
	case "hr", "fr", "Hr", "Fr":
		return dot && at(v, s-1) != '-', isUpper(v[s]) // not "Mo-Fr."
	}
	return false, false
}

// firstParticles are the particles a lower-case name may start with after a
// salutation (see lowerName).
var firstParticles = []string{"van", "von", "ter", "vom", "zu", "du", "de"}

// wordGivenNames are given names that are everyday words too, in lower case
// ("customer max price", "client per hour", "job hunt", "bas prijs"): they
// count only beside a name word that is not one (see lowerName).
var wordGivenNames = []string{"max", "per", "job", "mark", "rob", "frank", "ton", "bas", "saga", "roman", "sally",
	"grace", "jack", "dean", "jade", "ruby", "holly", "poppy", "iris", "will", "may", "rose", "amber", "august",
	"carol", "harm", "lily", "serge", "sander", "mats", "lieve", "roos", "fleur", "merel", "claire", "aurore",
	"mercedes", "maja", "jean", "mila",
	// alone after a person word, they are verbs, pronouns, adjectives and
	// nouns of the notes' languages as often: "le client signe", "la
	// fille marie", "kunde anders als", "cliente una vez", "ella llama",
	// "el cliente lee", "klant elke maand", "als klant ben ik", "per
	// cliente massimo 3 pezzi"
	"anders", "andre", "signe", "marie", "manuel", "laure", "pascal", "una", "ella", "linda", "alba", "vera",
	"clara", "ida", "rosa", "lina", "var", "lee", "elke", "ben", "massimo"}

// wordFamilyNames are family names that are everyday words too, adverbs
// and adjectives a salutation or a person word is followed by in lower-case
// notes ("meneer meer informatie", "meneer lang laten wachten", "herrn
// lange erklärt", "customer price list"): alone they are no name.
var wordFamilyNames = []string{"meer", "lang", "lange", "groot", "wit", "weiß", "weiss", "klein", "jung", "jong",
	"young", "white", "green", "brown", "power", "price", "long", "little", "grand", "petit", "blanc", "noir", "gross",
	"groß", "king", "hall", "hill", "wood", "cook", "hunt"}

// moodFamilyNames are family names that are adjectives of how someone is
// too: after a capitalised salutation, in correct German, the adjective
// ("Frau sauer wegen Verspätung", "Herr kühn": a review).
var moodFamilyNames = []string{"sauer", "kühn", "kuehn", "kraus", "stolz", "frisch", "munter", "fröhlich", "froehlich",
	"lustig", "böse", "boese", "krank", "müde", "muede"}

// monsieurBrand reports a French brand or chain named "M. ..." at q ("M.
// Propre", Mr Clean; "M. Meuble"), which shop and cleaning notes name far
// more often than a Monsieur of that name.
func monsieurBrand(v string, q int) bool {
	var buf [maxWord]byte
	switch string(lowerWord(v[q:wordEnd(v, q)], &buf)) {
	case "propre", "meuble":
		return true
	}
	return false
}

// specNames are special-category keywords that are common family (or
// given) names too: German Krebs (cancer), Polish Rak (cancer), Blind,
// Christen and Christian, Parkinson, Linke (the Left party), French Gay. A
// false-positive hunt found "Herr Krebs hat angerufen" reported as health
// data and not as a name, and every "Christian Weber" as a religion.
var specNames = map[string]bool{"krebs": true, "rak": true, "blind": true, "christen": true, "christian": true,
	"parkinson": true, "linke": true, "gay": true}

// specName reports whether the word v[q:e] is one of specNames, written
// capitalised as a name is.
func specName(v string, q, e int) bool {
	if e-q > 9 || !isUpperAt(v, q) {
		return false
	}
	var buf [maxWord]byte
	n := foldWord(v, q, e, &buf)
	return n > 0 && specNames[string(buf[:n])]
}

// specAsName reports whether the special-category keyword at v[i:j] is a
// person's name here (specNames): before a listed family or given name
// ("Christian Weber", "Krebs, Thomas", "Rak Tomasz"), or a company's
// legal form ("Firma Linke GmbH"). After a salutation or a given name,
// afterSalutation and nameRest take it into the name.
func specAsName(v string, i, j int) bool {
	if !specName(v, i, j) {
		return false
	}
	if legalForm(nextWord(v, j)) {
		return true
	}
	if strings.EqualFold(v[i:j], "christian") && !prevWordIs(v, i, "a", "an", "the", "is", "are", "was", "were", "as", "devout",
		"practising", "practicing", "born", "not", "very") {
		// "Christian hat angerufen", "mit Christian gesprochen": the
		// given name; the faith in English after an article or a verb
		// ("a Christian school", "customer is Christian")
		return true
	}
	q := j
	comma := at(v, q) == ','
	if comma {
		q++
	}
	if at(v, q) != ' ' {
		return false
	}
	e := nameWord(v, q+1)
	if e == q+1 {
		return false
	}
	if comma && !registerEntry(v, i, e) {
		return false // "Kunde hat Krebs, Anna kümmert sich": only a register's "Krebs, Thomas" (nameBefore)
	}
	wi, ok := lookupNameWord(v, q+1, e)
	return ok && wi.flags&(wSurname|wGiven) != 0 && wi.spec == 0
}

// senderWord reports whether the capitalised word v[q:e] may be a word of
// the name that signs a message or stands before a sender's address: a
// listed given or family name, or a word the dictionary knows as nothing
// else that names no department, team, role, firm, function or closing
// ("Kundenservice", "Support", "Newsletter", "GmbH", "Regards") and does
// not end as German nouns do ("Geschäftsleitung"). Senders and
// signatures name functions as often as people: only the words tell them
// apart.
func senderWord(v string, q, e int) bool {
	var buf [maxWord]byte
	n := foldWord(v, q, e, &buf)
	if n <= 1 || legalForm(v[q:e]) {
		return false
	}
	w := string(buf[:n])
	if slices.Contains(departments, w) || slices.Contains(groupWords, w) || slices.Contains(roleWords, w) ||
		slices.Contains(closings, w) || slices.Contains(functionWords, w) || slices.Contains(everydayWords, w) {
		return false
	}
	wi, ok := lookupWord(v, q, e)
	if ok {
		return wi.flags&(wGiven|wSurname) != 0 && wi.flags&wStop == 0
	}
	// capitals alone: an acronym or a firm ("ACME GMBH"); a German noun;
	// an English or French one ("Prevention", "Engineering", "Management")
	return hasLower(v[q:e]) && (n < 7 || !nounEnding(w, false)) && (n < 6 || !englishNoun(w))
}

// englishNoun reports whether w (lower case, unlisted) ends as English
// and French nouns of functions do: "Engineering", "Prevention",
// "Management", "Resources", "Officer", "Specialist".
func englishNoun(w string) bool {
	for _, end := range [...]string{"ing", "tion", "sion", "ment", "ness", "ship", "ity", "ance", "ence", "ist", "ces", "ics", "ité"} {
		if strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

// functionWords name what sends a message when no person does: a
// service, a shop, a newsletter, a system.
var functionWords = strings.Fields(`kundenservice kundenbetreuung kundensupport kundencenter kundenteam customer customers
	service services support helpdesk hotline info infos information newsletter news noreply no-reply donotreply
	team shop store online mail mailer mailbox notification notifications alert alerts account accounts security
	bestellung bestellungen bestellservice rechnung rechnungen redaktion presse press abo aboservice leserservice
	community admin administrator webmaster postmaster daemon bot official direct klantenservice serviceteam
	servicecenter kontakt contact contacto contatto kontaktformular formular form dept department abteilung afdeling
	dział service-team office büro buero bureau biuro ufficio oficina inbox postfach noreply-de reply updates update
	marketplace market markt messenger messages message nachricht nachrichten benachrichtigung benachrichtigungen
	center centre zentrum group groupe gruppe holding company firma société societe bedrijf firmy studio agentur agency
	agence bank versicherung insurance assurance verlag stadtwerke clinic klinik praxis apotheke pharmacy hospital`)

// everydayWords are capitalised words that stand where a signature's
// name does, in a title, a greeting or a firm's name, as often: "Next
// Steps", "Frohe Ostern", "Deutsche Bahn", "British Airways". No list
// of the dictionary holds them.
var everydayWords = strings.Fields(`new next good happy merry best kind warm warmest many thank star action items item
	report quarterly monthly weekly daily annual summary notes minutes steps step morning evening afternoon night
	weekend holiday holidays christmas easter british american european german french english international national
	global united royal first general digital media banco airlines airways air york city world home sweet
	deutsche deutscher deutschen berliner münchner hamburger kölner wiener schweizer frohe frohes frohen schöne schönes
	schönen gute guten neue neues neuen liebe lieben herzliche herzlichen wochenende ostern weihnachten feiertage
	sparkasse volksbank caixa wars bon bonne joyeux joyeuses fêtes buon buona feliz fijne prettige wesołych
	privacy policy terms conditions confidential vertraulich disclaimer hinweis note please bitte sent gesendet
	click here more read view unsubscribe abmelden
	stay safe have fun talk soon see you great job well done just powered by go get bis morgen bald tolle
	toll bleib bleiben gesund alles viel erfolg bad sankt san santa los las prime premium plus pro cloud
	platform data water gas energy energie hotel hôtel hostel pub restaurant café cafe dental dentist
	resources officer notice poste banca crédit credit
	servizio clienti cliente clientes atención atencion obsługa obsluga klant klanten
	finanzamt amt bürgeramt rathaus facility management server build systems`)

// roleLocal reports an address whose local part v[s:atSign] names a function
// ("info@", "support@", "noreply@", "kontakt@"), not a person.
func roleLocal(v string, s, atSign int) bool {
	e := s
	for e < atSign && isASCIILetter(v[e]) {
		e++
	}
	var buf [maxWord]byte
	n := foldWord(v, s, e, &buf)
	if n > 0 && (slices.Contains(roleLocals, string(buf[:n])) || slices.Contains(functionWords, string(buf[:n]))) {
		return true
	}
	for _, w := range [...]string{"noreply", "no-reply", "donotreply", "do-not-reply", "mailer-daemon"} {
		if len(w) <= atSign-s && strings.Contains(v[s:atSign], w) {
			return true
		}
	}
	return false
}

// roleLocals are local parts of functions' addresses besides
// functionWords.
var roleLocals = strings.Fields(`sales hello hallo bonjour hola ciao hi order orders help hilfe billing invoice invoices
	jobs karriere career careers hr marketing vertrieb einkauf buchhaltung accounting feedback privacy datenschutz legal
	verkauf kundendienst empfang reception serwis zamowienia sklep secretariaat ventas servizio assistenza commerciale
	amministrazione direzione segreteria atendimento`)

// headerVerbs say who wrote the message a reply quotes, right before or
// after the sender's address: "schrieb Leutheusser, Sabine <...>",
// "Anna Bakker <...> wrote:", "<...> a écrit :".
var headerVerbs = []string{"wrote", "schrieb", "écrit", "schreef", "napisał", "napisala", "napisała", "escribió",
	"escreveu", "scritto", "scrisse", "writes", "schreibt"}

// maxSenderWords bounds the words read back before an address; particles
// count, so that a run of them ("van van van ...") stays linear.
const maxSenderWords = 6

// displayName takes the name a mail header or a reply's quote line puts
// before an address in angle brackets, v[s:e] ("From: Imogen Fairweather
// <imogen.f@acme.co.uk>", "14:30, Oluwaseun Adebayo <...> wrote:",
// "schrieb Leutheusser, Sabine <...>"): one to four capitalised words
// (particles between, one comma between family and given name, in double
// quotes or not) back to where the header's phrase starts: the value's or
// the line's start, a colon ("Von:", "De :") or a comma, or a verb of
// writing before the name or after the address. Senders that are
// functions or firms ("Acme Support", "Kundenservice", "Amazon.de") have
// words senderWord refuses or a boundary elsewhere; at a function's
// address ("info@", "support@") only listed names are taken, and a single
// word no list knows only when the local part spells it.
func (sc *scan) displayName(s, e int) {
	v := sc.v
	end := s - 2
	quoted := at(v, end-1) == '"'
	if quoted {
		end--
	}
	start, words, comma := -1, 0, -1
	listed, anyListed, unlisted := true, false, -1
	p := end
	for steps := 0; steps < maxSenderWords && words < 4; steps++ {
		ws := lettersStart(v, p)
		if at(v, ws-1) == '-' && lettersStart(v, ws-1) < ws-1 {
			ws = lettersStart(v, ws-1) // "Müller-Lüdenscheid", "Jean-Pierre"
		}
		if ws == p {
			break
		}
		if isUpperAt(v, ws) {
			if nameWord(v, ws) != p || !senderWord(v, ws, p) {
				break
			}
			if wi, ok := lookupWord(v, ws, p); !ok || wi.flags&(wGiven|wSurname) == 0 {
				listed, unlisted = false, ws
			} else {
				anyListed = true
			}
			start = ws
			words++
		} else if !particleAt(v, ws) || words == 0 {
			break
		}
		if at(v, ws-1) != ' ' {
			break
		}
		p = ws - 1
		if at(v, p-1) == ',' {
			if comma >= 0 {
				break
			}
			comma = p - 1
			p--
		}
	}
	if start < 0 {
		return
	}
	b := start
	if quoted {
		if at(v, b-1) != '"' {
			return
		}
		b--
	}
	for b > 0 && (v[b-1] == ' ' || v[b-1] == '\t') {
		b--
	}
	wrote := verbAfter(v, e+1)
	switch c := at(v, b-1); {
	case b == 0, c == '\n', c == '\r', c == ':', c == ',', c == ';', c == '>':
	case prevWordIs(v, b, headerVerbs...):
	case wrote && (c < 0x80 && !isASCIILetter(c) || prevWordIs(v, b, "am", "pm")):
		// "o 14:30 Jan Kowalski <...> napisał:": a time, a date before;
		// "at 2:30 PM Cressida Vantongeren <...> wrote:"
	default:
		return
	}
	atSign := s + strings.IndexByte(v[s:e], '@')
	if atSign < s {
		return
	}
	if !listed && roleLocal(v, s, atSign) {
		return // "Acme <info@acme.com>", "Musterfirma Kunden <service@x.de>"
	}
	if words == 1 && !listed && !(localSpells(v, s, atSign, unlisted) && strings.ContainsAny(v[s:atSign], "._-")) {
		return // "Zalando <zalando@news.zalando.de>", "Jira <jira@...>": a brand's word
	}
	if !anyListed && !wordSpelled(v, start, end, s, atSign) {
		return // "Hotel Adlon <reservations@...>", "Build Server <ci@...>": no word a list holds, none in the address
	}
	if comma < start && domainNames(v, start, atSign+1, e) {
		return // "Microsoft Outlook <...@acme.onmicrosoft.com>", "Zalando Lounge <...>"
	}
	// a word of the name read alone before ("Anna" at 0.55) goes: the
	// findings are in the order read, so only the last few, back to one
	// that ends before the name, may be in it
	for k := len(sc.dst) - 2; k >= sc.base && k >= len(sc.dst)-8; k-- {
		f := sc.dst[k]
		if f.End <= start {
			break
		}
		if (f.Category == Name || f.Category == GivenName) && f.Start >= start && f.End <= end && f.Score < 0.8 {
			sc.dst = slices.Delete(sc.dst, k, k+1)
		}
	}
	sc.add(dName, Name, start, end, 0.8)
}

// domainNames reports whether the first word of a sender's name at q,
// of four letters or more, is spelled in the domain v[d:e]: the sender
// is the firm the domain names ("Microsoft Outlook <...@microsoft.com>").
// A person's own domain spells the family name, last ("Cressida
// Vantongeren <cressida@vantongeren.eu>").
func domainNames(v string, q, d, e int) bool {
	we := wordEnd(v, q)
	var buf [maxWord]byte
	n := foldWord(v, q, we, &buf)
	return n >= 4 && containsFold(v[d:e], buf[:n])
}

// containsFold reports whether s holds the lower-case ASCII bytes w in
// any case.
func containsFold(s string, w []byte) bool {
	for k := 0; k+len(w) <= len(s); k++ {
		i := 0
		for i < len(w) && lowerASCII(s[k+i]) == w[i] {
			i++
		}
		if i == len(w) {
			return true
		}
	}
	return false
}

// wordSpelled reports whether the local part v[s:atSign] spells the start of
// a capitalised word of the sender's name v[q:end] (localSpells): a
// person's own address spells the name, a firm's or a system's
// ("reservations@", "ci@") seldom; "o.w@" starts with a word's initial.
func wordSpelled(v string, q, end, s, atSign int) bool {
	initials := strings.ContainsAny(v[s:atSign], "._-") // "o.w@", "d.kuehnlein@": an initial, a separator
	for q < end {
		if isUpperAt(v, q) && (localSpells(v, s, atSign, q) || initials && lowerASCII(v[q]) == lowerASCII(v[s])) {
			return true
		}
		q = wordEnd(v, q)
		for q < end && !isUpperAt(v, q) {
			q++
		}
	}
	return false
}

// verbAfter reports a verb of writing after the address's closing
// bracket at p-1 ("> wrote:", "> a écrit :", "> napisał:"), or the
// colon that ends a German quote line ("schrieb Anna Bakker <...>:").
func verbAfter(v string, p int) bool {
	if at(v, p) == ':' {
		return true
	}
	if at(v, p) != ' ' {
		return false
	}
	q := p + 1
	if at(v, q) == 'a' && at(v, q+1) == ' ' {
		q += 2 // "a écrit"
	} else if hasAt(v, q, "ha ") {
		q += 3 // "ha scritto"
	}
	e := wordEnd(v, q)
	var buf [maxWord]byte
	n := foldWord(v, q, e, &buf)
	return n > 0 && slices.Contains(headerVerbs, string(buf[:n]))
}

// localSpells reports whether the local part v[s:atSign] spells the start of
// the word at q ("o.adebayo" of "Adebayo", "gaetan.b" of "Gaëtan"), as a
// person's own address does and a brand's seldom.
func localSpells(v string, s, atSign, q int) bool {
	var buf [maxWord]byte
	e := wordEnd(v, q)
	n := unaccented(v, q, e, &buf)
	if n < 0 {
		n = foldWord(v, q, e, &buf) // no accent to drop
	}
	if n < 3 {
		return false
	}
	return containsFold(v[s:atSign], buf[:min(n, 4)])
}

// signatureLine takes the line at i, after a line break, as the name
// that signs a message when the line before ends with a closing
// ("Mit freundlichen Grüßen\nJannik Brunnhuber\nEinkauf", "Best
// regards,\nImogen Fairweather") or is the signature delimiter "-- ", a
// blank line or two between allowed: two or three capitalised words
// senderWord takes (particles between), and nothing else on the line.
// A line of a department, a team or a firm ("Ihr Kundenservice", "Acme
// Ltd") has a word senderWord refuses. A given name a list holds first
// is nameFrom's (signature). It returns the name's end, or 0.
func (sc *scan) signatureLine(i int) int {
	v := sc.v
	if !closingLineBefore(v, i-1) {
		return 0
	}
	if e := wordEnd(v, i); e > i {
		if wi, ok := lookupWord(v, i, e); ok && wi.flags&wGiven != 0 {
			return 0
		}
	}
	words, end := 0, 0
	for q := i; words < 3; {
		e := nameWord(v, q)
		if e == q || !senderWord(v, q, e) {
			return 0
		}
		words++
		end = e
		if at(v, e) != ' ' || !isUpperAt(v, e+1) && !particleAt(v, e+1) {
			break
		}
		q = e + 1
		for k := 0; k < 2 && particleAt(v, q); k++ {
			pe := wordEnd(v, q) // "Jan van der Berg"
			if at(v, pe) != ' ' {
				return 0
			}
			q = pe + 1
		}
	}
	p := end
	for p < len(v) && (v[p] == ' ' || v[p] == '\r') {
		p++
	}
	if words < 2 || p < len(v) && v[p] != '\n' {
		return 0
	}
	sc.add(dName, Name, i, end, 0.8)
	sc.capStart, sc.capEnd = none, none
	return end
}

// closingLineBefore reports whether the line that ends at the line break
// at nl ends with a closing ("Mit freundlichen Grüßen", "Best regards,",
// "Cordialement") or is the signature delimiter ("--", "-- "), up to two
// blank lines between. It reads back the closing's word only.
func closingLineBefore(v string, nl int) bool {
	for blank := 0; ; blank++ {
		e := nl
		if at(v, e-1) == '\r' {
			e--
		}
		for e > 0 && v[e-1] == ' ' {
			e--
		}
		if at(v, e-1) == ',' || at(v, e-1) == '!' {
			e--
		}
		if hasAt(v, e-2, "--") && (e == 2 || v[e-3] == '\n') {
			return true
		}
		if at(v, e-1) == '\n' && blank < 2 {
			nl = e - 1 // a blank line between
			continue
		}
		var buf [maxWord]byte
		n := foldWord(v, lettersStart(v, e), e, &buf)
		return n > 0 && slices.Contains(closings, string(buf[:n]))
	}
}
