package pii

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Notes typed in capitals. Legacy CRMs (mainframe screens, green-screen
// terminals) keep their free text ALL IN CAPITALS: "MR ADEBAYO CALLED ABOUT
// REFUND", "KUNDE FRAU SCHNEIDER WÜNSCHT KÜNDIGUNG". Mixed-case text tells a
// name by its capital letter and ends it at the first small one; in
// capitals every word has one, so names ran on through verbs and nouns
// ("SCHNEIDER WÜNSCHT KÜNDIGUNG"), words before a given name were read as
// its surname ("BY JOHN SMITH"), runs of ordinary words as names ("PER
// TRASLOCO") and a title before a name no list knows was read as an
// acronym ("MR ADEBAYO"). In a note typed so (capsNote) the word lists say
// what the capital no longer does: the dictionary's names, its other words
// (stop words, context words, streets, months), the everyday words of
// caps_data.go and the endings verbs and nouns have (capsKind). Each rule
// asks capsAt first, which text with small letters answers at its first
// such word: mixed-case text is read as before.

// Kinds of a word of a note in capitals (capsKind).
const (
	capsOther    = iota // an everyday word: a verb, a noun, a word the dictionary knows as no name
	capsFunction        // an article, a pronoun, a preposition, an auxiliary: never a name
	capsUnlisted        // a word no list knows that may be a family name
	capsCommon          // a listed name that is an everyday word too ("MARK", "GREEN", "LANGE")
	capsListed          // a listed given or family name
)

// Flags of capsDict.
const (
	cFunction = 1 << iota // capsFunctionWords
	cContent              // capsContentWords and the names that are words
	cAct                  // capsActVerbs
	cSpeak                // capsSpeakVerbs
	cThing                // capsThingWords
	cAux                  // capsAuxVerbs
	cNoName               // capsNoNames
)

// capsDict holds the everyday words of caps_data.go, folded, with their
// forms without accents ("ZADZWONILA" typed for "ZADZWONIŁA").
var capsDict = func() *dict {
	m := map[string]wordInfo{}
	add := func(list string, fl uint16) {
		for _, w := range strings.Fields(list) {
			for _, k := range []string{foldString(w), plainForm(w)} {
				if k == "" {
					continue
				}
				wi := m[k]
				wi.flags |= fl
				m[k] = wi
			}
		}
	}
	add(capsFunctionWords, cFunction)
	add(capsContentWords, cContent)
	add(capsThingWords, cContent|cThing)
	add(capsSpeakVerbs, cAct|cSpeak)
	add(strings.Join(wordFamilyNames, " "), cContent)
	add(strings.Join(moodFamilyNames, " "), cContent)
	add(capsActVerbs, cAct)
	add(capsAuxVerbs, cAux)
	add(capsNoNames, cNoName)
	return buildDict(m)
}()

// plainForm returns w folded and without its accents, or "" when it has
// none.
func plainForm(w string) string {
	var buf [maxWord]byte
	if n := unaccented(w, 0, len(w), &buf); n > 0 {
		return string(buf[:n])
	}
	return ""
}

// lookupCaps returns the capsDict flags of the word v[a:b], 0 when it holds
// none.
func lookupCaps(v string, a, b int) uint16 {
	var buf [maxWord]byte
	n := foldWord(v, a, b, &buf)
	if n <= 0 {
		return 0
	}
	wi, _ := capsDict.lookup(buf[:n])
	return wi.flags
}

// capsNote reports whether the value is a note typed in capitals (see
// capsText). It reads the value once per scan and caches the answer, as
// lowerNote does: the rules that ask run on many words of a value.
func (sc *scan) capsNote() bool {
	return sc.once(&sc.upperCase, capsText)
}

// capsAt reports whether the word v[q:e] is in capitals in a note typed so.
// It runs on the capitalised words of all text, so the cheap tests come
// first, inlined: a value known not to be such a note, a word that ends in
// a small letter; mixed-case text seldom asks capsNote at all. The word
// is not empty (e > q).
func (sc *scan) capsAt(q, e int) bool {
	return sc.upperCase >= 0 && sc.v[e-1]-'a' >= 26 && sc.capsWord(q, e)
}

// capsWord is capsAt past its cheap tests.
func (sc *scan) capsWord(q, e int) bool {
	for k := q; k < e; k++ {
		if isLower(sc.v[k]) {
			return false
		}
	}
	return sc.capsNote()
}

// capsText reports whether v is typed in capitals: two words or more of two
// capitals or more, and at most one word with a small letter for every ten
// of them. Words with a digit or an '@' do not count (an e-mail address, a
// unit: "max.mueller@web.de", "12kg"), nor does ß, which capitals keep
// ("STRAßE"). A word with a small letter before ten in capitals ends the
// test: mixed-case text is told at its first such word. Words are split at
// blanks; a value without a blank is no note.
func capsText(v string) bool {
	if strings.IndexByte(v, ' ') < 0 {
		return false // one word: a code, a currency, a name column's value
	}
	upper, lower := 0, 0
	for i := 0; i < len(v); {
		for i < len(v) && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r') {
			i++
		}
		s := i
		for i < len(v) && v[i] != ' ' && v[i] != '\t' && v[i] != '\n' && v[i] != '\r' {
			i++
		}
		up, low, skip := 0, 0, false
		for k := s; k < i; {
			c := v[k]
			switch {
			case c < 0x80:
				switch {
				case isUpper(c):
					up++
				case isLower(c):
					low++
				case isDigit(c) || c == '@':
					skip = true
				}
				k++
			default:
				r, n := utf8.DecodeRuneInString(v[k:i])
				if unicode.IsUpper(r) {
					up++
				} else if r != 'ß' && unicode.IsLower(r) {
					low++
				}
				k += n
			}
		}
		switch {
		case skip:
		case low > 0:
			lower++
			if lower*10 > upper {
				return false
			}
		case up >= 2:
			upper++
		}
	}
	return upper >= 2 && lower*10 <= upper
}

// capsKind tells what the word v[q:e] of a note in capitals is as far as a
// name goes (capsOther ... capsListed). A word no list knows may be a
// name (capsUnlisted) when it has a vowel, three letters or more and none
// of the endings verbs, participles and nouns have (capsWordEnding).
func capsKind(v string, q, e int) int {
	cf := lookupCaps(v, q, e)
	if cf&cFunction != 0 {
		return capsFunction
	}
	wi, ok := lookupNameWord(v, q, e)
	if ok && wi.flags&(wGiven|wSurname) != 0 && wi.flags&wStop == 0 {
		if cf != 0 {
			return capsCommon
		}
		return capsListed
	}
	if cf != 0 || ok {
		return capsOther // a word of the dictionary other than a name: a stop word, a context word, a street's type
	}
	if e-q < 3 || !hasVowel(v[q:e]) {
		return capsOther
	}
	var buf [maxWord]byte
	n := foldWord(v, q, e, &buf)
	if n < 0 {
		return capsOther
	}
	if capsWordEnding(string(buf[:n])) {
		return capsOther
	}
	return capsUnlisted
}

// hasVowel reports whether the word w in capitals holds a vowel, or a
// letter beyond ASCII (which may be one: "Ü", "Ó"): acronyms have none
// ("MS SQL", "HR KPI").
func hasVowel(w string) bool {
	for k := 0; k < len(w); k++ {
		switch w[k] {
		case 'A', 'E', 'I', 'O', 'U', 'Y', 'a', 'e', 'i', 'o', 'u', 'y':
			return true
		}
		if w[k] >= 0x80 {
			return true
		}
	}
	return false
}

// capsWordEnding reports whether the folded word w ends as nouns, verbs,
// participles and adverbs of the notes' languages do and few family names:
// German -ung, -heit, -keit, -schaft, -iert, -lich, -isch; French -tion,
// -ment, -age, -ique and the participle's -é; English -ness, -able and a
// long word's -ed; Spanish -ción, -sión and the past's -ó; Italian -mente
// and a long infinitive's -are, -ire; Polish past tense (-ła, -ił, -ał,
// -ył), infinitives (-ać, -yć; not -ić, which Croatian and Serbian family
// names end in), -enie, -anie, -cja and -uje; Dutch -lijk. Family names
// end so too, but they are listed ("Fröhlich", "Ehrlich", "Moment"), and
// here only a word no list knows is asked; one with a family name's
// ending (surnameEnding: "JOVANOVIĆ") is none of these.
func capsWordEnding(w string) bool {
	if surnameEnding(w) {
		return false // "JOVANOVIĆ", "WIŚNIEWSKA"
	}
	if nounEnding(w, true) {
		return true
	}
	for _, end := range capsEndings {
		if len(w) >= len(end)+3 && strings.HasSuffix(w, end) {
			return true
		}
	}
	n := len(w)
	switch {
	case n >= 7 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed"): // "escalated", "complained"; not "Mohamed" (listed)
		return true
	case n >= 9 && strings.HasSuffix(w, "ing"): // "onboarding"; "Fleming", "Harding" are shorter
		return true
	case n >= 8 && (strings.HasSuffix(w, "are") || strings.HasSuffix(w, "ire")): // "richiamare", "restituire"
		return true
	}
	return false
}

// capsEndings are capsWordEnding's endings that three letters or more
// come before.
var capsEndings = []string{"iert", "ierte", "ierten", "lich", "isch", "ness", "able", "ción", "sión", "cion", "sion",
	"mente", "é", "ée", "és", "ées", "ó", "ła", "ił", "ał", "ył", "ać", "yć", "eć", "enie", "anie", "cja",
	"cję", "cji", "uje", "lijk", "dzie"}

// capsNameWord reports whether the word at q of a note in capitals may be a
// name's where one is expected (after a title, a name's label): a listed
// name, or a word no list knows (capsUnlisted); not an everyday word
// ("FRAU AM TELEFON", "PANI Z RECEPCJI"). A listed name that is an
// everyday word too counts when common is true.
func capsNameWord(v string, q, e int, common bool) bool {
	switch capsKind(v, q, e) {
	case capsListed, capsUnlisted:
		return true
	case capsCommon:
		return common
	}
	return false
}

// capsVerbAfter reports a person's verb after the blank at e in a note in
// capitals ("MAHMOUD HAT ANGERUFEN", "ANNA CALLED"): what beforeVerb and
// saysAfter read in lower case.
func capsVerbAfter(v string, e int) bool {
	if at(v, e) != ' ' {
		return false
	}
	b := e + 1
	w := wordEnd(v, b)
	if w == b {
		return false
	}
	var buf [maxWord]byte
	n := foldWord(v, b, w, &buf)
	if n <= 0 {
		return false
	}
	word := string(buf[:n])
	for _, list := range [...][]string{personVerbs, sayVerbs, payVerbs, lowerVerbs} {
		for _, x := range list {
			if x == word {
				return true
			}
		}
	}
	return false
}

// initialEndsAt reports a lone capital letter, with or without its full
// stop, that ends at p: an initial ("MR J HARGREAVES", "T. WALKER").
func initialEndsAt(v string, p int) bool {
	if at(v, p-1) == '.' {
		p--
	}
	l := capitalBefore(v, p)
	if l == 0 {
		return false
	}
	b := p - l - 1
	return b < 0 || !isASCIILetter(v[b]) && v[b] < 0x80 && v[b] != '.'
}

// capsTitledName reports whether the word v[q:e] after the title that ends
// at j, in a note in capitals, may be the titled person's name: a listed
// name (also one that is a word: "HERR LANGE", "MRS GREEN") or a word no
// list knows ("MR ADEBAYO"), not an everyday word ("FRAU AM TELEFON",
// "HERR AM EMPFANG"). After a Polish job title (roleTitles) a name no list
// knows must end as family names do: "TECHNIK PRZYJEDZIE WE WTOREK" is a
// technician who comes, "KURIER KOWALCZYK" one named.
func (sc *scan) capsTitledName(j, q, e int, after bool) bool {
	v := sc.v
	if namePrefix(v, q, e) && at(v, e) == ' ' && nameWord(v, e+1) > e+1 {
		q, e, after = e+1, nameWord(v, e+1), true // "SR. EL IDRISSI", "MW. EL AMRANI", "SIG. LO BIANCO"
	}
	switch capsKind(v, q, e) {
	case capsListed, capsCommon:
		return true
	case capsFunction:
		// a given name that is a function word too, before a family
		// name: "MRS MAY SMITH", "HERR PER ANDERSSON"
		wi, ok := lookupNameWord(v, q, e)
		return ok && wi.flags&wGiven != 0 && capsSurnameAt(v, e)
	case capsOther:
		// an everyday word is a family name too when the titled person
		// does something right after it ("MR PAGE CALLED", "HERR KURZ
		// HAT ANGERUFEN", "SIG. APRILE HA CHIAMATO", "MRS LI RANG"), or
		// after a particle or an initial ("SIG. DI MAIO", "MRS A DAY");
		// not one that names no one ("MR UNKNOWN")
		if lookupCaps(v, q, e)&(cNoName|cAct|cAux) != 0 || longEnding(v, q, e) {
			return false // "MONSIEUR DEMANDE A ÊTRE RAPPELÉ": the title is the subject of that verb
		}
		if after && (capsParticleEndsAt(v, q-1) || namePrefixEndsAt(v, q-1)) {
			// after a particle only a word of no everyday list: "SIG. DI
			// MAIO", not "MEVROUW VAN DE RECEPTIE BELDE", "HERR VON
			// DER BANK HAT ANGERUFEN", a person from somewhere
			return capsPlainWord(v, q, e)
		}
		// or a given name that is an everyday word too, before a family
		// name: "MRS ROSE SMITH", "MRS JUNE MORRIS", "MRS HOPE O'MALLEY CALLED"
		// and a title and the word fill the value: "MRS PAGE", "HERR KURZ"
		// ... and before a clause's end after a full title ("MRS BLACK, 4
		// MILL LANE", "FRAU POST, TEL ..."; not a verb's form: "PAN
		// PRZYJDZIE.")
		return after || capsActAfter(v, e, fullTitle(v, j)) || capsSurnameAt(v, e) || capsUnlistedAt(v, e) ||
			valueEndAt(v, e) && titleOpens(v, q) || fullTitle(v, j) && clauseEndAt(v, e) && !endingWord(v, q, e)
	case capsUnlisted:
		var buf [maxWord]byte
		t := string(lowerWord(v[lettersStart(v, j):j], &buf))
		for _, r := range roleTitles {
			if t == r {
				return endsAsSurname(v, q, e)
			}
		}
		return true
	}
	return false
}

// fullTitle reports a title of three letters or more that ends at j and
// is no word of another language ("MRS", "HERR", "FRAU", "SIG.", "PANI",
// "MME"): after it an auxiliary says a person acts ("HERR KURZ HAT", "MRS
// LANE IS"). After a short one ("MR", "MS", "M.", "SR.") or one that is an
// English word too ("PAN", "DON") an auxiliary says so only before a
// participle of calling ("M. PAYE A APPELÉ"), not "MS WORD HAS CRASHED",
// "PAN SET WAS DELIVERED", "M. SIZE IS OUT OF STOCK".
func fullTitle(v string, j int) bool {
	s := lettersStart(v, j)
	if j-s < 3 {
		return false
	}
	var buf [maxWord]byte
	switch string(lowerWord(v[s:j], &buf)) {
	case "pan", "don":
		return false
	}
	return true
}

// longEnding reports a word of seven letters or more, of no everyday list,
// with an ending only nouns have ("DESCRIPTION", "ABRECHNUNG",
// "SICHERHEIT"): a title before it with a verb after it names no one ("MR
// DESCRIPTION SAID"). Family names that are nouns of capsDict keep theirs
// ("FRAU FRÖHLICH").
func longEnding(v string, q, e int) bool {
	if e-q < 7 || lookupCaps(v, q, e) != 0 {
		return false
	}
	var buf [maxWord]byte
	n := foldWord(v, q, e, &buf)
	if n <= 0 {
		return false
	}
	w := string(buf[:n])
	for _, end := range [...]string{"tion", "sion", "ción", "sión", "ung", "heit", "keit", "schaft", "ment", "ness", "ity", "ität"} {
		if strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

// capsActAfter reports a person's verb after the blank at e in a note in
// capitals (capsActVerbs; capsAuxVerbs when aux is true, else an
// auxiliary only before a participle of calling): "PAGE CALLED", "KURZ
// HAT", "APRILE HA", "PAYE A APPELÉ".
func capsActAfter(v string, e int, aux bool) bool {
	if at(v, e) != ' ' {
		return false
	}
	w := wordEnd(v, e+1)
	if w == e+1 {
		return false
	}
	f := lookupCaps(v, e+1, w)
	if f&cAct != 0 || aux && f&cAux != 0 {
		return true
	}
	if f&cAux == 0 || at(v, w) != ' ' {
		return false
	}
	x := wordEnd(v, w+1)
	var buf [maxWord]byte
	n := foldWord(v, w+1, x, &buf)
	return n > 0 && slices.Contains(sayParticiples, string(buf[:n]))
}

// roleTitles are the jobs the salutations hold: Polish writes them before
// a name as a title ("kierownik Nowak", "kurier Wiśniewski").
var roleTitles = strings.Fields(`kierownik kierownika kierownikiem kierowniczka dyrektor dyrektora dyrektorem dyrektorowi
	dyrektorka kurier kuriera kurierem prezes prezesa prezesem mecenas księgowa ksiegowa sekretarka kierowca serwisant
	technik handlowiec konsultant konsultantka doradca menedżer menadżer`)

// capsFemaleTitleEnd is femaleTitleEnd in capitals: the end of "RA", "NA"
// or "SSA" after an Italian title's full stop at p ("SIG.RA", "SIG.NA",
// "DOTT.SSA"), or p.
func capsFemaleTitleEnd(v string, p int) int {
	for _, end := range [...]string{"ra ", "na ", "ssa "} { // hasAt folds case
		if hasAt(v, p, end) {
			return p + len(end) - 1
		}
	}
	return p
}

// capsSurnameAt reports a family name after the blank at j: a listed one
// that is no everyday word, or one no list knows with a family name's
// ending ("MARK ROBINSON", "MAX MUSTERMANN"; not "MARK AS", "GRACE
// PERIOD").
func capsSurnameAt(v string, j int) bool {
	if at(v, j) != ' ' {
		return false
	}
	e := nameWord(v, j+1)
	if e == j+1 {
		return false
	}
	switch capsKind(v, j+1, e) {
	case capsListed:
		wi, _ := lookupNameWord(v, j+1, e)
		return wi.flags&wSurname != 0
	case capsUnlisted:
		return endsAsSurname(v, j+1, e) // "MAX MUSTERMANN"
	}
	return false
}

// capsNameAfter reports a word no list knows after the blank at j in a
// note in capitals, where a title of two capitals without its full stop
// ("MR", "MS", "DR") ends: "MR ADEBAYO CALLED". acronymSalut reads such a
// title as an acronym before a name the lists do not know ("MS Teams", "HR
// Department"); in capitals the everyday words tell those apart ("MS
// TEAMS", "HR DEPARTMENT", "MR REVIEW" are words of capsWords).
func (sc *scan) capsNameAfter(j int) bool {
	v := sc.v
	if at(v, j) != ' ' {
		return false
	}
	q := j + 1
	e := nameWord(v, q)
	if e == q || !sc.capsAt(q, e) {
		return false
	}
	if e == q+1 {
		return capsInitialAt(v, q, j) // "MR J HARGREAVES"
	}
	switch capsKind(v, q, e) {
	case capsUnlisted:
		return true
	case capsOther:
		// only after "MR" and "MS", before a verb of calling, and not a
		// product's, a system's or a workplace's word: "MR PAGE CALLED",
		// "MS SHORT EMAILED"; not "MS GRAPH CALLED WITH EXPIRED TOKEN",
		// "DR OFFICE CALLED", "HR TEAM REQUESTED ACCESS"
		// (TestAcronymsThatSpellSalutations)
		return v[j-2] == 'M' && lookupCaps(v, q, e)&(cNoName|cAct|cAux|cThing) == 0 && !longEnding(v, q, e) &&
			(capsSpeakAfter(v, e) || capsSurnameAt(v, e)) // "MR PAGE CALLED", "MS ROSE SMITH"; not "MR CLOSED", "MR PENDING"
	}
	return false
}

// capsSpeakAfter reports a verb of calling (capsSpeakVerbs) after the
// blank at e.
func capsSpeakAfter(v string, e int) bool {
	if at(v, e) != ' ' {
		return false
	}
	w := wordEnd(v, e+1)
	return w > e+1 && lookupCaps(v, e+1, w)&cSpeak != 0
}

// capsInitialAt reports a capital alone at q, a blank after it and a name
// word after that, listed or no word of the lists: an initial after the
// title that ends at j, in capitals ("MR J HARGREAVES"). A letter that is
// a word (capsLetterWord) is one only after an English title ("MRS A
// PATEL"), not "PANI Z KSIĘGOWOŚCI", "SIGNORA E FIGLIA".
func capsInitialAt(v string, q, j int) bool {
	if !isUpper(at(v, q)) || at(v, q+1) != ' ' {
		return false
	}
	if capsLetterWord(v, q, q+1) && !prevWordIs(v, j, "mr", "mrs", "ms", "miss", "mx", "dr") {
		return false
	}
	return capsNameWordAt(v, q+1)
}

// namePrefix reports a word that begins family names in capitals and is a
// word of capsWords too: a particle ("DE", "VAN", "DA") or an Arabic or
// Hebrew one ("EL", "AL", "BEN", "ABU", "OULD").
func namePrefix(v string, q, e int) bool {
	var buf [maxWord]byte
	switch string(lowerWord(v[q:e], &buf)) {
	case "el", "al", "ben", "bin", "abu", "ould", "ait":
		return true
	case "lo", "dal", "dalla", "dalle", "dello", "degli", "dei":
		return true // Italian: "LO BIANCO", "DAL MASO", "DEGLI ESPOSTI"
	}
	wi, ok := lookupWord(v, q, e)
	return ok && wi.flags&wParticle != 0
}

// namePrefixEndsAt reports a namePrefix that ends at p.
func namePrefixEndsAt(v string, p int) bool {
	s := letterRunStart(v, p)
	return s < p && namePrefix(v, s, p)
}

// capsTParticle is tParticle in capitals: the end of "'T" at q before a
// blank ("DHR. 'T HART"), or q.
func capsTParticle(v string, q int) int {
	if n := apostropheLen(v, q); n > 0 && at(v, q+n) == 'T' && at(v, q+n+1) == ' ' {
		return q + n + 1
	}
	return q
}

// capsParticleAt reports a name's particle at q in a note in capitals
// ("LAAN VAN MEERDERVOORT 45"), which mixed-case text writes in lower case.
func (sc *scan) capsParticleAt(q int) bool {
	e := wordEnd(sc.v, q)
	if e == q || !sc.capsAt(q, e) {
		return false
	}
	wi, ok := lookupWord(sc.v, q, e)
	return ok && wi.flags&wParticle != 0
}

// capsSecondName returns the end of a second word no list knows after the
// name word no list knows that ends at e, after a title in a note in
// capitals ("FRAU ZAHRA HOSSEINI BRAUCHT DOLMETSCHER", "FRAU HEIDEMARIE
// KUNZ, BERGSTR. 8"), or e. nameRest takes a word no list knows only
// after a given name; after a title the first may be one the lists do
// not hold. Only where no third such word follows: three words no list
// knows are as often a name and what is said of it.
func (sc *scan) capsSecondName(e int) int {
	v := sc.v
	if at(v, e) != ' ' {
		return e
	}
	q := e + 1
	e2 := nameWord(v, q)
	if e2 == q || !sc.capsAt(q, e2) || capsKind(v, q, e2) != capsUnlisted || localPartAt(v, e2) {
		return e
	}
	if at(v, e2) == ' ' {
		if isDigit(at(v, e2+1)) {
			return e // a noun and its number: "HERR STEINBACH MAHNSTUFE 2"
		}
		if capsNameWordAt(v, e2) {
			return e
		}
	}
	return e2
}

// capsUnlistedAt reports a word no list knows after the blank at j
// (capsUnlisted) that ends a clause or comes before a person's verb:
// "GRACE O'MALLEY CALLED", "JACK ENTWISTLE" at a line's end; not "MAX
// LOAD 500 KG", where a given name that is a word too stands before a
// noun the lists lack.
func capsUnlistedAt(v string, j int) bool {
	if at(v, j) != ' ' {
		return false
	}
	e := nameWord(v, j+1)
	return e > j+1 && capsKind(v, j+1, e) == capsUnlisted && (clauseEndAt(v, e) || capsVerbAfter(v, e))
}

// capsLetterWord reports a letter alone at v[q:e] that is a word of its
// own, not an initial: a function word of one letter ("A", "W", "Z", "Y")
// with no full stop after it.
func capsLetterWord(v string, q, e int) bool {
	return e-q == 1 && at(v, e) != '.' && lookupCaps(v, q, e)&cFunction != 0
}

// capsPlainWord reports an everyday word (capsOther) that may be a family
// name's after a particle: one the dictionary holds as a month, a street's
// word or a city ("DI MAIO", "DE LA CALLE", "DI NAPOLI"), or a short one
// ("DE LE"), not a word of capsDict or a context word ("DE LA LIMPIEZA",
// "VAN DE RECEPTIE", "AL TELEFONO").
func capsPlainWord(v string, q, e int) bool {
	if lookupCaps(v, q, e) != 0 {
		return false
	}
	wi, ok := lookupWord(v, q, e)
	return !ok || wi.ctx == 0 && wi.spec == 0 && wi.flags&(wStop|wSalut) == 0
}

// capsParticleEndsAt reports a particle that ends at p, of the
// dictionary's ("DI", "VAN", "DE LA") or Italian (namePrefix: "LO",
// "DAL"), after which an everyday word is a family name's ("DI MAIO",
// "DE LA CALLE", "VAN DE POST").
func capsParticleEndsAt(v string, p int) bool {
	s := letterRunStart(v, p)
	if s == p {
		return false
	}
	if wi, ok := lookupWord(v, s, p); ok && wi.flags&wParticle != 0 {
		return true
	}
	switch p - s {
	case 2, 3, 4, 5:
		var buf [maxWord]byte
		switch string(lowerWord(v[s:p], &buf)) {
		case "lo", "dal", "dalla", "dalle", "dello", "degli", "dei":
			return true
		}
	}
	return false
}

// capsRunStart returns where the run of capitalised words that starts at s
// and ends before the street word at i begins, in a note in capitals: after
// its last function word or word of the dictionary that names no street
// ("UMZUG NACH LINDENALLEE 7", "ENVIAR A AVENIDA DIAGONAL 120", "NIEUW ADRES
// KERKSTRAAT 5"), as a word in lower case ends the run in mixed-case text,
// and at most four words back. Before a compound street name (compound:
// "GOETHESTRASSE") any everyday word ends it ("KUNDE WOHNT GOETHESTRASSE
// 5"); before a street type written apart the words are the street's name
// even when they are everyday words ("12 HIGH STREET", "MILL LANE").
// Elsewhere it returns s. It runs where a street is read, not on every
// word: the run is kept as in mixed case and cut only when used.
func (sc *scan) capsRunStart(s, i int, compound bool) int {
	v := sc.v
	if i-1 <= s || !sc.capsAt(s, i-1) {
		return s
	}
	p := i
	for k := 0; k < 4 && p > s && v[p-1] == ' '; k++ {
		b := p - 1
		a := letterRunStart(v, b)
		if a == b || a < s {
			break
		}
		if b-a == 1 {
			if capsLetterWord(v, a, b) {
				break // "ENVIAR A AVENIDA"
			}
		} else if cf := lookupCaps(v, a, b); cf&cFunction != 0 || compound && cf != 0 && !streetAdjective(v, a, b) {
			break // (not "ALTE POSTSTRASSE", "NEUE SCHULSTRASSE": the street's own adjective)
		} else if wi, ok := lookupWord(v, a, b); ok && (wi.ctx != 0 || wi.flags&(wStop|wSalut) != 0 || compound && wi.flags&(wGiven|wSurname) == 0) {
			break // "NEUE ANSCHRIFT", "KUNDE"
		} else if compound {
			var buf [maxWord]byte
			if n := foldWord(v, a, b, &buf); n > 0 && capsWordEnding(string(buf[:n])) {
				break // "LIEFERUNG LINDENALLEE 7"
			}
		}
		p = a
	}
	return p
}

// capsArticle reports a German article at v[q:e] that the dictionary holds
// as a particle ("DER", "DEN"): right after "HERR" or "FRAU" it is the
// article of a title or a phrase ("HERR DER RINGE", "FRAU DES HAUSES"), as
// no German family name starts with it ("VON DER LEYEN" starts with VON).
func capsArticle(v string, q, e int) bool {
	if e-q != 3 || !prevWordIs(v, q, "herr", "herrn", "frau") {
		return false
	}
	switch v[q:e] {
	case "DER", "DIE", "DAS", "DEM", "DES", "DEN":
		return true
	}
	return false
}

// capsNameWordAt reports a word after the blank at e that may be a family
// name's (capsListed, capsCommon or capsUnlisted).
func capsNameWordAt(v string, e int) bool {
	if at(v, e) != ' ' {
		return false
	}
	n := nameWord(v, e+1)
	return n > e+1 && capsKind(v, e+1, n) >= capsUnlisted
}

// capsViaWord reports an everyday word of capsDict at q, with no number
// after it, where "VIA" ends in a note in capitals: "VIA PORTAL", "VIA
// EMAIL" is a way, not an Italian street ("VIA ROMA 12", "VIA NUOVA 5").
func capsViaWord(v string, q int) bool {
	e := wordEnd(v, q)
	if e == q || lookupCaps(v, q, e)&cContent == 0 {
		return false
	}
	return !numberAhead(v, nameNumberAhead(v, q))
}

// streetAdjective reports a German adjective that begins street names
// ("ALTE POSTSTRASSE", "NEUE SCHULSTRASSE", "LANGE GASSE"), in the forms
// capsDict holds or that a street's name takes.
func streetAdjective(v string, a, b int) bool {
	var buf [maxWord]byte
	switch string(lowerWord(v[a:b], &buf)) {
	case "alte", "alten", "alter", "altes", "neue", "neuen", "neuer", "neues", "große", "grosse", "großen", "grossen",
		"kleine", "kleinen", "lange", "langen", "hohe", "hohen", "obere", "oberen", "untere", "unteren", "kurze", "kurzen",
		"breite", "breiten", "schwarze", "rote", "weiße", "weisse", "grüne", "stille":
		return true
	}
	return false
}

// valueEndAt reports whether only blanks follow e: a value that a name
// fills ("ANNA KURZ", "JOHN PAGE" in a contact's column), where an
// everyday word after a given name is its family name.
func valueEndAt(v string, e int) bool {
	for e < len(v) && (v[e] == ' ' || v[e] == '\n' || v[e] == '\r' || v[e] == '\t') {
		e++
	}
	return e == len(v)
}

// titleOpens reports whether the value opens with a title, and the word at
// q follows it: "MRS PAGE", "MR. JOHN PAGE", "HERR KURZ" (or "FRAU DR.
// KURZ").
func titleOpens(v string, q int) bool {
	for k := 0; k < 2; k++ {
		t := q - 1
		for t > 0 && (v[t-1] == ' ' || v[t-1] == '.') && t < q {
			t--
		}
		if t <= 0 || v[t] != ' ' && v[t] != '.' {
			return false
		}
		a := lettersStart(v, t)
		if a == t {
			return false
		}
		if wi, ok := lookupWord(v, a, t); !ok || wi.flags&wSalut == 0 {
			return false
		}
		if a == 0 {
			return true
		}
		q = a
	}
	return false
}

// particlesEnd returns the end of the family name at i, after the particles
// in capitals that start it ("VAN DER MEER", "DE VRIES"): where a verb
// after it says the word before them is its given name at an entry's
// start ("WIETSKE HOEKSTRA BELDE", "TIJMEN VAN LIER HEEFT GEBELD").
func particlesEnd(v string, i int) int {
	q := i
	for k := 0; k < 3; k++ {
		e := wordEnd(v, q)
		if e == q || at(v, e) != ' ' || !upperParticles[v[q:e]] {
			break
		}
		q = e + 1
	}
	return nameWord(v, q)
}

// upperParticleBefore reports a particle in capitals (upperParticles) as the
// word before the blank before s: nameBefore reads past the particles of
// a family name once, not along a run of them.
func upperParticleBefore(v string, s int) bool {
	if at(v, s-1) != ' ' {
		return false
	}
	b := s - 1
	a := b
	for a > 0 && isUpper(v[a-1]) {
		a--
	}
	return a < b && upperParticles[v[a:b]]
}

// endingWord reports a word of no list that capsKind reads as an everyday
// word by its ending alone (capsWordEnding: "PRZYJDZIE", "ANGERUFEN"): a
// verb's or a noun's form, unlike the words of the lists ("POST",
// "BLACK"), which are family names too.
func endingWord(v string, q, e int) bool {
	if lookupCaps(v, q, e) != 0 {
		return false
	}
	if _, ok := lookupWord(v, q, e); ok {
		return false
	}
	var buf [maxWord]byte
	n := foldWord(v, q, e, &buf)
	return n > 0 && capsWordEnding(string(buf[:n]))
}

// capsNameGoesOn reports whether a name of a note in capitals that ends at
// p goes on through the word v[q:e] of the kind given (nameRest), which
// would end it by the rule for capitals: an everyday word after a
// particle ("LUIGI DI MAIO", "MARIA DE LA CALLE"); after a given name
// alone (afterGiven) an everyday word before a person's verb ("JOHN PAGE
// CALLED", "ANNA KURZ RUFT AN"), before a clause's end ("SPOKE TO JOHN
// PAGE, WILL CALL BACK") or where the name fills the value ("ANNA KURZ",
// "MR JOHN PAGE"), but not a verb, a workplace's word or a long noun
// ("JOHN CALLED", "ANNA TEAM", "ANNA BESTELLUNG"); and an Italian prefix
// before a name word ("LUIGI LO BIANCO"). The name started with the word
// that ends at j, and parts words went on it so far.
func capsNameGoesOn(v string, kind, j, p, q, e, parts int, afterGiven bool) bool {
	switch kind {
	case capsOther:
		if capsParticleEndsAt(v, p) && capsPlainWord(v, q, e) {
			return true
		}
		if !afterGiven || lookupCaps(v, q, e)&(cNoName|cAct|cAux|cThing) != 0 || longEnding(v, q, e) {
			return false
		}
		if capsActAfter(v, e, true) {
			return true
		}
		return parts == 0 && (valueEndAt(v, e) && (lettersStart(v, j) == 0 || titleOpens(v, lettersStart(v, j))) ||
			clauseEndAt(v, e) && !endingWord(v, q, e))
	case capsFunction:
		return namePrefix(v, q, e) && capsParticleEndsAt(v, e) && capsNameWordAt(v, e)
	}
	return false
}
