package pii

import (
	"cmp"
	"slices"
	"strings"
)

// The single-pass scanner. run walks the value once; at each trigger (a digit,
// a letter starting a word, '@', '+', '(' ...) a handler looks ahead a bounded
// number of bytes, appends at most a few findings and returns the index to
// continue from, always past the trigger. No handler rescans text it has
// passed except the bounded look-back of e-mail local parts, so the cost is
// linear in the input.

// contextWindow is how far (in bytes) a context word reaches forward.
const contextWindow = 48

// addressWindow is how far a street reaches forward to a postal code.
const addressWindow = 80

const none = -1 << 30

type scan struct {
	s     *Scanner
	v     string
	dst   []Finding
	base  int
	fctx  uint16 // context kinds implied by the field name, valid everywhere
	noDOB bool   // the field is a timestamp column
	// things: the field names things (a product, a colour); a person's
	// name in it is a brand's or a colour's ("Hugo Boss", "Schwarz").
	things bool
	// version: the field holds software versions ("10.4.17.201").
	version bool
	// company: the field holds company numbers (kbo_nummer, siret).
	company bool
	// viewed: v is a view already (viewOf), scanned to the end.
	viewed bool

	last     [nCtx]int // end offset of the last context word of each kind
	scheme   int       // detector named by the last scheme word (pesel, cpr), -1
	schemeAt int       // end offset of that word
	capStart int       // start of the current run of capitalised words
	capEnd   int       // end of the last capitalised word

	bornAt    int  // where a date right after a '*' starts: a birth date
	bornLoose bool // the '*' was "(* ", which footnotes write too
	// bornPastAt is bornAt when a short label set it that dates other
	// things too ("(n. ", "DN "): a date after 2010 there is none.
	bornPastAt int
	dobList    int // where a birth date its word labels ended: a list's next may follow
	// lowerCase caches lowerNote for the value: 0 not asked yet, 1 a note
	// typed all in lower case, -1 not (asking again per name would make
	// a long lower-case value quadratic).
	lowerCase int8
	// upperCase caches capsNote as lowerCase caches lowerNote;
	// polishLetter and polishWord cache polishLetters and polishCue of
	// the value so (both read all of it).
	upperCase, polishLetter, polishWord int8
	// givenLabel caches givenNameLabelIn of the value so.
	givenLabel int8
	// thingEnd is where the last property noun ended (wThing).
	thingEnd int
	// objFrom is where the last JSON object's first member starts;
	// product is the value of a product record's name (productRecord).
	objFrom int
	product [2]int
	// sortCodeAt is where the last "sort code" or "s/c" ended.
	sortCodeAt int
	// nameAt is a name that counts only if an address follows it
	// (initialsAfter): its start and end, and where the address must
	// start; nameAt[0] < 0 when there is none.
	nameAt [3]int

	typo typoContext // a mistyped label's context, until its number is read

	// localRun is the last run of local-part characters localStart
	// walked back, [start, end).
	localRun [2]int

	pend      *hint // hint of a JSON key or XML tag whose value is being scanned
	pendStart int
	pendEnd   int
	pendIdx   int // len(dst) when the value started: its findings come after
	// pendLabel: pend is a label's hint (a custom field's), not a key's,
	// and asks more of a value (plausibleLabelled).
	pendLabel bool

	// JSON shapes that name data beside it, not in its key (see jsonKey):
	// the hint a label member gave ({"name":"nachname","value":...}) and
	// the end (closing '}') of its object; the key of the object being
	// read ({"name":{"first":...}}) and that object's closing '}'.
	label     *hint
	labelFrom int // a place at the level of the label's value member
	labelEnd  int
	objKey    string
	objKeyEnd int
	lastValue [2]int // the last value member's string, [start, end), for a label after it

	turn turnInfo // the value's speaker turns, once a given name asks (turns)
}

// start readies a zeroed scan (var sc scan) for value v of the column h,
// appending to dst. Filling the fields of a declared scan, not assigning
// a composite literal, is for speed: the literal was built in a temporary
// of the struct's 640 bytes, zeroed, then copied; the two took 5% of a
// short value's scan.
func (sc *scan) start(s *Scanner, h *hint, v string, dst []Finding, viewed bool) {
	sc.s, sc.v, sc.dst, sc.base = s, v, dst, len(dst)
	sc.fctx, sc.noDOB, sc.things, sc.version, sc.company, sc.viewed = h.ctx, h.noDOB, h.things, h.version, h.company, viewed
	sc.reset()
}

func (sc *scan) reset() {
	sc.last = noContext // one copy, not a loop: this runs for every value
	sc.capStart, sc.capEnd = none, none
	sc.bornAt, sc.thingEnd, sc.sortCodeAt, sc.bornLoose, sc.dobList, sc.bornPastAt = none, none, none, false, none, none
	sc.objFrom = none
	sc.lowerCase, sc.upperCase, sc.polishLetter, sc.polishWord, sc.givenLabel = 0, 0, 0, 0, 0
	sc.nameAt[0] = -1
	sc.scheme, sc.schemeAt = -1, none
	sc.typo.kind = -1
	sc.label, sc.labelFrom, sc.labelEnd, sc.objKey, sc.objKeyEnd, sc.lastValue = nil, 0, none, "", none, [2]int{}
}

// noContext is scan.last with no context word seen.
var noContext = func() (l [nCtx]int) {
	for k := range l {
		l[k] = none
	}
	return l
}()

// typoContext is the context a mistyped label set (see typoLabel), to be
// undone after the number it labels.
type typoContext struct {
	kind, prev int // kind -1: none
}

// undo restores the context before the mistyped label (no word came
// between it and its number: see digitAfterLabel).
func (t *typoContext) undo(last *[nCtx]int) {
	last[t.kind] = t.prev
	t.kind = -1
}

// labelKinds are the context kinds whose words label personal data.
var labelKinds = [...]int{ctxPhone, ctxCard, ctxIBAN, ctxDOB, ctxNatID, ctxTax, ctxPassport, ctxLicence, ctxSSN}

// gluedLabel handles the letters v[i:j] right before digits when they are
// a word that labels personal data ("VISA4539...", "Tel0171..."): it
// records the context and reports true, so that the digits are read as a
// value (see number) rather than as part of an identifier.
func (sc *scan) gluedLabel(i, j int) bool {
	if j-i < 3 {
		return false // "CF10 5AA", "CB2 1RB": two letters glued to digits are a code (a postcode, an IBAN)
	}
	info, found := lookupWord(sc.v, i, j)
	if !found || info.ctx == 0 {
		return false
	}
	label := false
	for _, k := range labelKinds {
		if info.ctx&(1<<k) != 0 {
			sc.last[k] = j
			label = true
		}
	}
	return label
}

// numberWord extends a label to the "Nr", "No", "Nummer" or "number" right after it
// ("KK-Nr.4539...", "Tel.-Nr.0171 ..."), so that a number glued to the
// whole label is read as its value.
func (sc *scan) numberWord(i, j int) {
	v := sc.v
	if !(j-i == 2 && (hasAt(v, i, "nr") || hasAt(v, i, "no")) || j-i == 3 && hasAt(v, i, "num") || j-i == 6 && (hasAt(v, i, "nummer") || hasAt(v, i, "number"))) {
		return
	}
	labelled := false
	for _, k := range labelKinds {
		if l := sc.last[k]; l >= i-3 && l < i {
			sc.last[k], labelled = j, true
		}
	}
	if !labelled && labelValueAt(v, j) >= 0 && prevWordIs(v, i, newWords...) {
		// "nuevo num 672640257", "nowy nr 726017633": a new number, in a
		// text message, is the sender's new phone
		sc.last[ctxPhone] = j
	}
}

// newWords say "new" before a number noun ("neue Nr", "nuevo num").
var newWords = []string{"neue", "neu", "new", "nuevo", "nueva", "nuovo", "nuova", "nowy", "nouveau", "nouvo", "nieuw", "nieuwe", "novo"}

// afterThing reports whether the word at i follows a property noun
// ("Farbe Rosa", "Farbe: Schwarz").
func (sc *scan) afterThing(i int) bool {
	gap := i - sc.thingEnd
	return sc.thingEnd >= 0 && (gap == 1 && sc.v[i-1] == ' ' || gap == 2 && sc.v[i-2] == ':' && sc.v[i-1] == ' ')
}

// notPostal are words that make an address word name another kind of
// address: "IP address", "e-mail address", "MAC-Adresse".
var notPostal = []string{"ip", "ipv4", "ipv6", "mac", "mail", "email", "web", "url", "server", "host", "wallet",
	"memory", "speicher", "return", "reply", "invoice"}

// tnvEnd returns the end of "t.n.v.", "t.n.v" or "tnv" at v[i:j] (Dutch
// for "in the name of", before an account holder's name), or 0.
func tnvEnd(v string, i, j int) int {
	switch {
	case j-i == 1 && hasAt(v, j, ".n.v"):
		if at(v, j+4) == '.' {
			return j + 5
		}
		if !isAlnum(at(v, j+4)) {
			return j + 4
		}
	case j-i == 3 && hasAt(v, i, "tnv"):
		return j
	}
	return 0
}

// labelValue returns the value a label ending at j introduces with a
// colon or an equals sign ("Konfession: rk", "Religion = ev."), [start,
// end): up to the next separator (, ; | or a line break) if that is within
// maxLabelValue bytes, else its first word (as much of it). No colon, no
// value: "Religion ist ihm wichtig" is a sentence.
func labelValue(v string, j int) (start, end int) {
	p := j
	for at(v, p) == ' ' {
		p++
	}
	if c := at(v, p); c != ':' && c != '=' {
		return 0, 0
	}
	p++
	for at(v, p) == ' ' || at(v, p) == '\t' {
		p++
	}
	e := p
	for e < len(v) && e-p <= maxLabelValue && !labelValueEnds(v[e]) {
		e++
	}
	if e-p > maxLabelValue {
		// the first word, as long as a value's may be: reading on to a
		// blank made "Religion:Religion:..." quadratic
		for e = p; e < len(v) && e-p <= maxLabelValue && v[e] != ' ' && !labelValueEnds(v[e]); e++ {
		}
	}
	for e > p && (v[e-1] == ' ' || v[e-1] == '\t') {
		e--
	}
	return p, e
}

// religionLabels are the religion words that label a person's religion in
// a form or an export, whose value follows them (labelValue).
var religionLabels = map[string]bool{"konfession": true, "religion": true, "religionszugehörigkeit": true, "religia": true,
	"religie": true, "godsdienst": true, "kirchensteuer": true, "kirchensteuermerkmal": true}

// religionValue reports a religion label's value that says a religion
// (religionWords): the whole value, one of a list of short alternatives
// ("ev/rk"), or the first word of a longer one ("rk / ausgetreten am
// 01.03.2022"). A false-positive hunt found what else follows such labels:
// "keine Angabe", "Dropdown", "9 %", "Theologie & Philosophie", "2
// Wochenstunden", "Kurs ev/kath 2 Std".
func religionValue(s string) bool {
	alts := strings.Split(s, "/")
	for _, alt := range alts {
		if len(strings.Fields(alt)) > 2 {
			// not a list of religions: "Kurs ev/kath 2 Std" (a review)
			// the value's head says it: "rk / ausgetreten am 01.03.2022"
			return religionWords(s) || religionWords(strings.Fields(s)[0])
		}
	}
	for _, alt := range alts { // "ev/rk", a mixed marriage's
		if religionWords(alt) {
			return true
		}
	}
	return false
}

// religionWords reports at most three words, one of them a religion word
// ("katholisch") or its shorthand (religionShort: "rk", "ev.-luth.").
func religionWords(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 3 {
		return false
	}
	for _, w := range words {
		w = strings.ToLower(strings.Trim(w, "()[]'\"!;,"))
		if religionShort[w] {
			return true
		}
		for part := range strings.SplitSeq(w, "-") {
			if religionShort[part] {
				return true
			}
			if info, ok := lookupWord(part, 0, len(part)); ok && info.spec != 0 && specialCats[info.spec-1].cat == Religion &&
				!religionLabels[part] { // "label.religion: Religion (DE)": a translation
				return true
			}
		}
	}
	return false
}

// religionShort are the shorthands of religions in German, Dutch, Polish
// and English forms and payroll exports (Kirchensteuermerkmal).
var religionShort = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`rk rk. r.k. r.-k. rkk rc r.c. röm.-kath. röm.kath. kath. kath ev ev. evang. ev.-luth.
		ev.-ref. lt luth. ref. altkath. ak orth. isl. jüd. musl. nak
		pkn nh gk geref. herv. prot. rz.-kat. rzym.-kat. rzymskokat. kat. praw. ewang. konfessionslos
		neuapostolisch orthodox orthodoxe orthodoxer orthodoxen orthodoxy prawosławie islamitisch islamitische
		musulman musulmane mennonitisch baptistisch baptist adventist jehovas jehovah jehowy mormone hindoe
		vd rf katolicka rzymskokatolicka ewangelicka prawosławna judaizm muslima moslem jude jüdin katholikin
		methodist methodistisch anglican anglikanisch mormon sunni sunnit sunnitisch schiit schiitisch alevit
		alevitisch buddhismus jesidisch reformiert freikirchlich`) {
		m[w] = true
	}
	return m
}()

// maxLabelValue bounds the value labelValue takes whole.
const maxLabelValue = 40

func labelValueEnds(c byte) bool {
	return c == ',' || c == ';' || c == '|' || c == '\n' || c == '\r'
}

// otherParty reports a word for a political party used in one of its other
// senses, which business text has far more often: French "parti" after a
// form of être ("le client est parti", gone) or before "pris"; Polish
// "partia" and Dutch "partij" as a batch of goods ("Partia 2023/11
// wycofana", "partii towaru", "een partij hout", "een partij van 251
// stuks"); German "Partei" as a party to a contract ("die Partei des
// Vertrags", "die andere Partei"). A false-positive hunt found "le client
// est parti" taken for an Art. 9 political opinion; every other use stays
// political ("Vorsitzender der Partei", "Partij van de Arbeid").
func otherParty(v string, i, j int) bool {
	var nb, ab, buf [maxWord]byte
	next, after := string(wordAfter(v, j, &nb)), ""
	if e := j + 1 + len(next); next != "" {
		after = string(wordAfter(v, e, &ab)) // read only after "des", "der", "dieses"
	}
	n := max(foldWord(v, i, j, &buf), 0)
	switch string(buf[:n]) {
	case "parti":
		return next == "pris" || prevWordIs(v, i, "est", "sont", "était", "étaient", "suis", "es", "sommes", "êtes",
			"soit", "sera", "serait", "étant", "être", "déjà")
	case "partia", "partii", "partię", "partią":
		return isDigit(at(v, j+1)) || goodsWord(next)
	case "partij":
		return prevWordIs(v, i, "een", "deze", "die", "hele", "grote", "kleine") && !isUpperAt(v, i) ||
			next == "van" && isDigit(at(v, j+5)) || goodsWord(next)
	case "partei":
		return (next == "des" || next == "der" || next == "dieses") && (hasAt(after, 0, "vertrag") || hasAt(after, 0, "vereinbarung") ||
			hasAt(after, 0, "verfahren") || hasAt(after, 0, "rechtsstreit") || hasAt(after, 0, "prozess")) ||
			prevWordIs(v, i, "andere", "anderen", "jeweilige", "jeweiligen", "gegnerische", "gegnerischen", "klagende", "beklagte")
	}
	return false
}

// otherSense reports a word for a disability or a criminal record used in
// one of its other senses, which business text has as often: an e-mail's
// "blind copy", a "roller blind", a "blind spot", a "double blind" test; a
// "bruit sourd" (a dull noise), "faire la sourde oreille" and "a deaf ear"
// (ignoring); a place "wheelchair accessible"; a car's "suicide door". Of
// criminal records: a "casier" that is no "casier judiciaire" (a locker);
// "Haft" of an adhesive ("Haft-Etiketten", "gute Haft auf Glas"); a door
// "condamnée" and a car's "condamnation centralisée"; a civil judgment
// ("zur Zahlung verurteilt", "condamné à payer", "veroordeeld tot
// betaling") and a doomed plan ("zum Scheitern verurteilt", "skazany na
// porażkę"); a job ("prison officer", "ist Bewährungshelfer", "werkt bij
// de reclassering"); a former prison's building; IT's "FreeBSD jail" and
// "top offender"; "criminal law", "it's criminal" (outrageous); an
// "incarcerated hernia". "Kundin ist blind", "client sourd", "customer is
// deaf", "casier judiciaire vierge", "in Haft", "condamné à 2 ans de
// prison" stay what they say.
func otherSense(v string, i, j int) bool {
	var nb, buf [maxWord]byte
	next := string(wordAfter(v, j, &nb))
	n := max(foldWord(v, i, j, &buf), 0)
	switch w := string(buf[:n]); w {
	case "blind":
		switch next {
		case "copy", "carbon", "cc", "bcc", "spot", "test", "date", "text", "flange":
			return true
		}
		return prevWordIs(v, i, "roller", "window", "venetian", "double", "single", "triple", "rollo", "jalousie")
	case "sourd", "sourde":
		return next == "oreille" || prevWordIs(v, i, "bruit", "bruits", "son", "coup", "coups", "choc")
	case "deaf":
		return next == "ear"
	case "wheelchair", "rollstuhl", "rolstoel":
		return next == "accessible" || next == "access" || next == "friendly" || next == "ramp" || next == "gerecht" ||
			next == "toegankelijk"
	case "suicide":
		return next == "door" || next == "doors" || next == "squad"
	case "haft":
		// "Haft-Etiketten", "gute Haft auf Glas", "Haft Pads": adhesive;
		// not "U-Haft-Anstalt", "Haft auf Bewährung", "in Haft auf
		// Anordnung"
		if prevWordIs(v, i, "in", "aus", "der", "zur") {
			return false
		}
		switch next {
		case "pads", "pad", "creme", "pulver", "strips", "streifen", "folie", "etiketten", "gel":
			return true
		case "auf":
			return !strings.HasPrefix(string(wordAfter(v, j+4, &nb)), "bewährung")
		}
		return at(v, j) == '-' && at(v, i-1) != '-' || prevWordIs(v, i, "gute", "guter", "guten", "starke", "starker",
			"starken", "bessere", "besserer", "besseren", "optimale", "optimaler", "sichere", "sicherer", "feste",
			"fester", "hohe", "hoher", "höhere", "höherer", "maximale", "maximaler", "perfekte", "perfekter")
	case "casier", "casiers":
		return next != "judiciaire" && next != "judiciaires" // a locker, a rack
	case "verurteilt", "verurteilung":
		switch next {
		case "die", "den", "das", "dies", "diese", "diesen", "dieses", "unser", "unsere", "unseren", "jede", "jeden",
			"jegliche", "jeglichen", "scharf", "aufs":
			// "Kunde verurteilt die Preiserhöhung": condemns; not "Gericht
			// verurteilt den Kunden"
			if w == "verurteilt" && !prevWordIs(v, i, "gericht", "amtsgericht", "landgericht", "richter", "richterin") {
				return true
			}
		}
		s, e := clauseBounds(v, i, j)
		return stemIn(v, s, e, "scheitern", "warten", "zahlung", "räumung", "raeumung", "schadensersatz", "schadenersatz",
			"unterlassung", "herausgabe", "tragung") &&
			!stemIn(v, s, e, "geldstrafe", "freiheitsstrafe", "haftstrafe", "bewährung", "jahren", "monaten", "tagessätz")
	case "condamné", "condamnée", "condamnés", "condamnées", "condamnation", "condamnations":
		s, e := clauseBounds(v, i, j)
		if stemIn(v, s, e, "amende", "prison", "emprisonnement", "sursis", "peine", "réclusion") {
			return false
		}
		return next == "centralisée" || next == "centralisee" || next == "centralisées" ||
			stemIn(v, wordsBack(v, i, 3), i, closedThings...) || // "porte (arrière) condamnée", "bouton de condamnation"
			stemIn(v, j, wordsOn(v, j, 3), "payer", "verser", "rembourser", "restituer", "indemniser", "dépens", "depens",
				"échec", "echec", "fermer", "disparaître", "disparaitre") || // "condamné à payer", "condamnée aux dépens"
			stemIn(v, s, e, "prud'hom", "prud’hom", "tribunal de commerce")
	case "veroordeeld", "veroordeling":
		s, e := clauseBounds(v, i, j)
		return stemIn(v, s, e, "betaling", "betalen", "schadevergoeding", "proceskosten", "kosten", "ontruiming", "wachten") &&
			!stemIn(v, s, e, "celstraf", "gevangenisstraf", "taakstraf", "boete", "cel", "voorwaardelijk")
	case "skazany", "skazana", "skazanego", "skazanej":
		if next == "na" { // "skazany na porażkę": doomed; not "na 2 lata", "na karę"
			after := string(wordAfter(v, j+3, &nb))
			for _, p := range []string{"porażk", "niepowodzen", "upad", "klęsk", "sukces", "zagład", "zapomnien",
				"bankructw", "likwidacj", "wymarci", "niebyt"} {
				if strings.HasPrefix(after, p) {
					return true
				}
			}
		}
	case "haftbefehl":
		// a civil one, to compel a debtor's statement of assets (§ 802g ZPO)
		s, e := clauseBounds(v, i, j)
		return stemIn(v, s, e, "vermögensauskunft", "vermoegensauskunft", "erzwingung", "gerichtsvollzieher")
	case "prison", "prisoner", "prisoners":
		switch next {
		case "officer", "officers", "guard", "guards", "warden", "staff", "service", "chaplain", "break":
			return true // a job, a show
		case "of":
			return w != "prison" // "prisoner of war"
		}
		return w == "prison" && prevWordIs(v, i, "former", "old", "ancienne", "vieille")
	case "gefängnis":
		return prevWordIs(v, i, "ehemalige", "ehemaligen", "ehemaliges", "alte", "alten", "altes")
	case "gevangenis":
		return prevWordIs(v, i, "oude", "voormalige", "voormalig")
	case "więzienie", "więzienia", "więzieniu":
		return prevWordIs(v, i, "dawne", "dawnego", "dawnym", "byłe", "byłego", "byłym", "stare", "starego", "starym", "muzeum")
	case "bewährungshelfer", "bewährungshelferin":
		return prevWordIs(v, i, "ist", "als") // "Kunde ist Bewährungshelfer": the job
	case "reclassering":
		// "werkt bij de reclassering", "Reclassering Nederland": the
		// service, not its client
		return next == "nederland" || stemIn(v, wordsBack(v, i, 3), i, "werkt", "werkzaam")
	case "jail":
		// IT: "FreeBSD jail", "fail2ban jail sshd", "jail.local", a "jail
		// broken" phone; "get out of jail free"
		s, e := clauseBounds(v, i, j)
		return next == "free" || next == "broken" || prevWordIs(v, i, "freebsd", "bsd", "iocage") ||
			stemIn(v, s, e, "freebsd", "iocage", "ezjail") || // "Server (jail) auf FreeBSD"
			i >= 9 && hasAt(v, i-9, "fail2ban ") || at(v, j) == '.' && isASCIILetter(at(v, j+1))
	case "offender", "offenders":
		return prevWordIs(v, i, "top", "worst", "biggest") // a process, a query
	case "criminal":
		switch next {
		case "law", "lawyer", "lawyers", "defence", "defense", "solicitor", "solicitors", "complaint", "damage", "minds",
			"justice", "psychology", "psychologist":
			return true
		}
		// "the price is criminal", "it's criminal how long it takes"; not
		// "is criminal record data"
		return (next == "" || next == "how" || next == "that" || next == "what") &&
			(prevWordIs(v, i, "is", "was", "it’s") || i >= 5 && hasAt(v, i-5, "it's "))
	case "parole":
		// French and Italian "word"; English "on parole", "parole officer"
		return !prevWordIs(v, i, "on") && next != "officer" && next != "board"
	case "incarcerated":
		return next == "hernia"
	case "incarcéré", "incarcérée":
		return prevWordIs(v, i, "hernie")
	case "areszt":
		return next == "statku" || next == "statków" // a ship's, by a court
	}
	return false
}

// closedThings are what French "condamné" closes off or dooms besides a
// person: a door, a way, a room, a lock's button, a project.
var closedThings = []string{"porte", "portail", "fenêtre", "fenetre", "baie", "accès", "acces", "entrée", "entree", "sortie",
	"issue", "passage", "escalier", "ascenseur", "rue", "route", "voie", "pièce", "piece", "immeuble", "bâtiment",
	"batiment", "cave", "garage", "trappe", "volet", "bouton", "verrou", "serrure", "projet"}

// clauseReach bounds how far clauseBounds looks either way.
const clauseReach = 60

// clauseBounds returns the clause around v[i:j]: back to and on to the
// nearest full stop, comma, semicolon, '!', '?' or line break (not a dot or
// comma between digits: "1.240,00 EUR"), at most clauseReach bytes either
// way.
func clauseBounds(v string, i, j int) (int, int) {
	s := i
	for s > 0 && i-s < clauseReach && !clauseEnd(v, s-1) {
		s--
	}
	e := j
	for e < len(v) && e-j < clauseReach && !clauseEnd(v, e) {
		e++
	}
	return s, e
}

// clauseEnd reports a byte at p that ends a clause (clauseBounds).
func clauseEnd(v string, p int) bool {
	switch v[p] {
	case '.', ',':
		return !isDigit(at(v, p-1)) || !isDigit(at(v, p+1))
	case ';', '!', '?', '\n', '\r':
		return true
	}
	return false
}

// wordsBack returns where the n words before i start, within i's clause.
func wordsBack(v string, i, n int) int {
	s, _ := clauseBounds(v, i, i)
	p := i
	for ; n > 0 && p > s; n-- {
		for p > s && letterBefore(v, p) == 0 {
			p--
		}
		p = max(lettersStart(v, p), s)
	}
	return p
}

// wordsOn returns where the n words after j end, within j's clause.
func wordsOn(v string, j, n int) int {
	_, e := clauseBounds(v, j, j)
	p := j
	for ; n > 0 && p < e; n-- {
		for p < e && letterLen(v, p) == 0 {
			p++
		}
		p = min(wordEnd(v, p), e)
	}
	return p
}

// stemIn reports a word in v[s:e] that starts with one of stems (given in
// lower case; ASCII letters of v compare in any case).
func stemIn(v string, s, e int, stems ...string) bool {
	for p := s; p < e; p++ {
		if letterBefore(v, p) > 0 || letterLen(v, p) == 0 {
			continue
		}
		for _, st := range stems {
			if p+len(st) <= e && hasAt(v, p, st) {
				return true
			}
		}
	}
	return false
}

// adjectiveUse reports a special-category keyword used as an everyday
// word: German "linke" and "grüne" (left, green) in lower case ("die linke
// Seite", "grüne LED blinkt") or capitalised before the noun they describe,
// as product names and notes write them anywhere ("Linke Maustaste
// defekt", "2x Grüne Jacke"); not the parties: before a party's noun
// ("Kunde ist Grüne Wählerin", "Die Linke Kandidatin", "Grüne Jugend") or
// after a word for voting ("wählt grüne"). English "labour" in lower case
// or before a cost word ("Labour costs 120 EUR", "Labour and Parts"), not
// the party ("votes labour", "Labour and Green supporter").
func adjectiveUse(v string, i, j int) bool {
	var buf [maxWord]byte
	n := max(foldWord(v, i, j, &buf), 0)
	switch string(buf[:n]) {
	case "linke", "grüne":
		if !isUpperAt(v, i) {
			return !prevWordIs(v, i, votingWords...)
		}
		return at(v, j) == ' ' && isUpperAt(v, j+1) && !partyNounAt(v, j+1) && !prevWordIs(v, i, votingWords...)
	case "labour":
		if !isUpperAt(v, i) {
			return !prevWordIs(v, i, "vote", "votes", "voted", "voting", "voter", "voters", "supports", "supporter", "member")
		}
		var nb [maxWord]byte
		switch string(wordAfter(v, j, &nb)) {
		case "cost", "costs", "charge", "charges", "hours", "rate", "rates", "time", "only", "included", "incl":
			return true
		case "and":
			return !partyWord(string(wordAfter(v, j+4, &nb))) // "Labour and Parts", not "Labour and Green supporter"
		}
	}
	return false
}

// aboutThing reports a special-category keyword that names a thing, a
// product, a system or an organisation, not what a person is or has: the
// first part of a hyphenated noun for a thing ("Gefängnis-Modus",
// "Prison-ID", "Krankenhaus-Großkunde"), a code's part ("B2B-Partei"); a
// union on strike ("Die Gewerkschaft der Busfahrer streikt"), unless a
// person is in the clause ("Kunde ist in der Gewerkschaft, ... Streik");
// a product ("Pregnancy test kit", "geeignet für Diabetiker"), a shop's
// category ("Kategorie Religion & Brauchtum"), political advertising, and
// a certificate a post requires ("Führungszeugnis wird für Stellen ...
// verlangt"). A false-positive hunt found each in CRM text. "Kunde ist
// schwanger", "sitzt in Haft", "Mitglied der SPD", "HIV-positiv" stay.
func aboutThing(v string, i, j int) bool {
	var nb, buf [maxWord]byte
	if at(v, j) == '-' {
		e := j + 1
		for e < len(v) && e-j <= maxWord && (isASCIILetter(v[e]) || v[e] >= 0x80) {
			e++
		}
		switch n := string(lowerWord(v[j+1:e], &nb)); {
		case thingNoun(n):
			return true
		case n == "lieferung" || n == "lieferungen" || n == "bedarf":
			// "Krankenhaus-Lieferung": a place's; "Rollstuhl-Lieferung",
			// "Insulin-Lieferung" are a person's
			return wordIn(v, i, j, institutions)
		}
	}
	if boxOption(v, i) {
		return true
	}
	if ls := letterRunStart(v, i-1); at(v, i-1) == '-' && ls < i-1 && isDigit(at(v, ls-1)) {
		// "B2B-Partei", "B2C-Partei": a code's part; not "Typ-2-Diabetiker",
		// "Typ2-Diabetes" (digit right before the hyphen: a type)
		return true
	}
	next := string(wordAfter(v, j, &nb))
	s, e := clauseBounds(v, i, j)
	switch w := string(lowerWord(v[i:j], &buf)); w {
	case "gewerkschaft":
		ws, we := max(0, i-60), min(len(v), j+60)
		// a person anywhere near ("Herr Müller streikt mit der Gewerkschaft",
		// "Anna Schmidt (Gewerkschaft IG Metall) streikt") says membership
		return stemIn(v, ws, we, "streik", "warnstreik", "ruft zum") && !stemIn(v, s, e, "ist ", "sind ") &&
			!stemIn(v, ws, we, personStems...)
	case "pregnancy", "schwangerschaft":
		if next == "test" {
			after := string(wordAfter(v, j+5, &nb))
			return after == "kit" || after == "kits" || after == "strip" || after == "strips" || after == "cassette"
		}
		return next == "kit" || next == "kits" // not "her pregnancy tests came back positive"
	case "diabetiker", "diabetic":
		return prevWordIs(v, i, "für", "for") && stemIn(v, s, e, "geeignet", "suitable", "ideal")
	case "religion", "religie", "religia":
		return prevWordIs(v, i, "kategorie", "category", "rubrik", "abteilung", "sortiment", "genre", "categorie", "kategoria")
	case "political", "politique", "politisch", "politische":
		return next == "advertising" || next == "ads" || next == "ad" || next == "advertisement" || next == "werbung" ||
			next == "publicité"
	case "führungszeugnis", "führungszeugnisses":
		ws, we := max(0, i-40), min(len(v), j+100)
		return stemIn(v, j, we, "verlangt", "erforderlich", "gefordert", "vorzulegen") && !stemIn(v, ws, i, personStems...) &&
			!stemIn(v, ws, we, "eintrag", "einträge", "vorstraf", "verurteil") // "Führungszeugnis mit Eintrag"
	}
	return false
}

// institutions are the health words that name a place, not a state:
// "Krankenhaus-Lieferung" goes to a hospital (aboutThing).
var institutions = []string{"krankenhaus", "klinik", "klinikum", "praxis", "apotheke", "hospital", "pharmacy"}

// personStems begin the words for a person near a union or a certificate
// ("Kunde", "Herr", "Mitarbeiterin", "Bewerber", "member"): with one, the
// word is about that person (aboutThing).
var personStems = []string{"mitglied", "kunde ", "kunde,", "kundin", "herr ", "frau ", "mitarbeiter", "kolleg", "bewerber",
	"patient", "member", "customer", "employee", "er ", "sie ", "he ", "she "}

// thingNoun reports the second part of a hyphenated noun that makes the
// first a thing's or a system's name: "Gefängnis-Modus", "Prison-ID",
// "Jail-Konfiguration", "Partei-Modus"; not a delivery, a need or a profile
// ("Rollstuhl-Lieferung", "Insulin-Bedarf", "HIV-Profil": a person's).
func thingNoun(w string) bool {
	switch w {
	case "modus", "mode", "id", "modul", "module", "konfiguration", "config", "großkunde", "grosskunde", "sortiment",
		"kategorie", "artikel", "filter", "flag", "feld", "field":
		return true
	}
	return false
}

// formLabel reports a special-category word that labels an empty form's
// field: a colon, then a box to tick or a line to fill ("Religion: [ ]
// ev. [ ] rk", "Konfession: ____", "Religion/Konfession: ☐ rk ☐ ev"), with
// no box ticked on the line ("Religion: ☒ ev ☐ rk" says one). A template
// holds no one's data.
func formLabel(v string, j int) bool {
	p := j
	if at(v, p) == '/' { // "Religion/Konfession:"
		p++
		for p < len(v) && (isASCIILetter(v[p]) || v[p] >= 0x80) && p-j < maxWord {
			p++
		}
	}
	for at(v, p) == ' ' {
		p++
	}
	if at(v, p) != ':' {
		return false
	}
	p++
	for at(v, p) == ' ' || at(v, p) == '\t' {
		p++
	}
	if !(hasAt(v, p, "☐") || hasAt(v, p, "□") || hasAt(v, p, "[ ]") || hasAt(v, p, "___") || hasAt(v, p, "....") ||
		hasAt(v, p, "…")) {
		return false
	}
	for e := p; e < len(v) && e-p < 160 && v[e] != '\n'; e++ {
		if hasAt(v, e, "☒") || hasAt(v, e, "☑") || hasAt(v, e, "[x]") || hasAt(v, e, "[X]") || hasAt(v, e, "✓") ||
			hasAt(v, e, "✔") || hasAt(v, e, "✗") || hasAt(v, e, "✘") {
			return false
		}
	}
	return true
}

// codeDefault reports a birth word inside a snake_case identifier
// ("birth_date", "date_of_birth") in a clause about a default value: a bug
// report or a migration names the column and the date it defaults to
// ("Feld birth_date wird als 2025-03-14 default gespeichert", "field
// birth_date defaults to 1970-01-01"). Without a default word the date is
// the column's value in a dump ("birth_date 1985-04-12", "birth_date:
// 1985-04-12") and stays a birth date.
func codeDefault(v string, i, j int) bool {
	if at(v, i-1) != '_' && at(v, j) != '_' {
		return false
	}
	s, e := clauseBounds(v, i, j)
	for p := s; p < e; p++ { // a word, not another key ("is_default", "default_currency")
		if at(v, p-1) != '_' && letterBefore(v, p) == 0 && letterLen(v, p) > 0 {
			q := p
			for q < e && (isASCIILetter(v[q]) || v[q] >= 0x80) {
				q++
			}
			if at(v, q) != '_' && stemIn(v, p, q, "default", "standardwert", "fallback", "placeholder", "platzhalter") {
				return true
			}
			p = q
		}
	}
	return false
}

// boxOption reports a word right after an empty box, one of a form's
// options ("☐ katholisch ☐ evangelisch", "[ ] catholic"): not ticked, so
// no one's. A ticked one ("☒ ev", "[x] rk") says it.
func boxOption(v string, i int) bool {
	p := i
	for p > 0 && v[p-1] == ' ' && i-p < 2 {
		p--
	}
	return p >= 3 && (hasAt(v, p-3, "☐") || hasAt(v, p-3, "□") || hasAt(v, p-3, "[ ]"))
}

// votingWords are the words for voting or belonging before a party's name
// ("wählt grüne", "Mitglied Grüne Jugend").
var votingWords = []string{"wählt", "wähle", "wählen", "wählte", "gewählt", "waehlt", "mitglied"}

// partyWord reports the folded name of a British party besides Labour.
func partyWord(w string) bool {
	switch w {
	case "green", "greens", "conservative", "conservatives", "tory", "tories", "liberal", "liberals", "lib", "snp",
		"plaid", "reform":
		return true
	}
	return false
}

// partyNouns start words that name a party's bodies or people.
var partyNouns = []string{"jugend", "partei", "fraktion", "wähler", "mitglied", "kandidat", "abgeordnet", "politiker",
	"stadtr", "landtag", "bundestag"}

// partyNounAt reports a word at i that starts with one of partyNouns
// ("Grüne Jugend", "Linke Fraktion", "Grüne Wählerin").
func partyNounAt(v string, i int) bool {
	var buf [maxWord]byte
	w := string(lowerWord(v[i:min(wordEnd(v, i), i+maxWord)], &buf)) // its start will do: partyNouns are short
	for _, p := range partyNouns {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// wordAfter returns the letters of the word after the blank at j, in lower
// case in buf, nil when none follows. Of a longer word it holds the first
// maxWord bytes: callers compare it with short words or its start with
// short stems.
func wordAfter(v string, j int, buf *[maxWord]byte) []byte {
	if at(v, j) != ' ' {
		return nil
	}
	e := j + 1
	for e < len(v) && e-j <= maxWord && (isASCIILetter(v[e]) || v[e] >= 0x80) {
		e++
	}
	return lowerWord(v[j+1:e], buf)
}

// goodsWord reports a word for goods a batch holds.
func goodsWord(w string) bool {
	switch w {
	case "towaru", "towarów", "produktu", "produktów", "materiału", "materiałów", "wyrobów", "drewna", "lot", "nr", "numer",
		"hout", "goederen", "producten", "stuks", "artikelen":
		return true
	}
	return false
}

// prevWordIs reports whether the word before pos (over blanks, ':' and
// '#') is one of words, in any case.
func prevWordIs(v string, pos int, words ...string) bool {
	e := pos
	for e > 0 && (v[e-1] == ' ' || v[e-1] == ':' || v[e-1] == '#') && pos-e < 4 {
		e--
	}
	s := e
	for s > 0 && (isASCIILetter(v[s-1]) || v[s-1] >= 0x80) && e-s < 16 {
		s--
	}
	return wordIn(v, s, e, words)
}

// wordIn reports whether v[a:b] is one of words, in any case.
func wordIn(v string, a, b int, words []string) bool {
	for _, w := range words {
		if strings.EqualFold(v[a:b], w) {
			return true
		}
	}
	return false
}

// labelledBy reports whether a word of context kind k ends before pos with
// nothing but colons, dots, dashes, '#' and blanks between them.
func (sc *scan) labelledBy(k, pos int) bool {
	return sc.labelEndsBefore(sc.last[k], pos)
}

// labelledOn reports a word of context kind k and a preposition right
// before pos, which label what follows as the word alone does: "born on
// 12/03/1980 14:30", "né le", "nato il", "llamar al 912 345 678",
// "dzwonić na", "erreichbar unter".
func (sc *scan) labelledOn(k, pos int) bool {
	l := sc.last[k]
	if l < 0 || pos-l < 4 || pos-l > 7 || at(sc.v, l) != ' ' || at(sc.v, pos-1) != ' ' {
		return false
	}
	var buf [maxWord]byte // no allocation: prefixCut asks this for every cut
	switch string(buf[:max(foldWord(sc.v, l+1, pos-1, &buf), 0)]) {
	case "on", "at", "le", "el", "il", "am", "op", "na", "al", "au", "pod", "unter", "under":
		return true
	}
	return false
}

// svLabelled reports a number at pos right after an SV-Nr. label, as
// labelledBy does for a context's labels.
func (sc *scan) svLabelled(pos int) bool {
	return sc.scheme == dDESVNR && sc.labelEndsBefore(sc.schemeAt, pos)
}

// labelEndsBefore reports a label that ends at l, before pos, with only
// blanks and label punctuation between.
func (sc *scan) labelEndsBefore(l, pos int) bool {
	if l < 0 || pos-l > contextWindow {
		return false
	}
	for p := l; p < pos; p++ {
		if c := sc.v[p]; c != ' ' && c != ':' && c != '.' && c != '-' && c != '#' {
			return false
		}
	}
	return true
}

// labelEndsAt reports whether a word that labels personal data (a phone,
// card, account, birth date or id word) ends at e.
func (sc *scan) labelEndsAt(e int) bool {
	for _, k := range labelKinds {
		if sc.last[k] == e {
			return true
		}
	}
	// "SV-Nr.65 170839 J 003": the SV label, whose end takes its stop
	return sc.scheme == dDESVNR && (sc.schemeAt == e || sc.schemeAt == e+1)
}

// schemeCtx reports whether a word naming detector d's scheme precedes pos.
func (sc *scan) schemeCtx(d int, pos int) bool {
	return sc.scheme == d && pos-sc.schemeAt <= contextWindow
}

// ctx reports whether context kind k applies to a candidate starting at pos.
func (sc *scan) ctx(k int, pos int) bool {
	return sc.fctx&(1<<k) != 0 || sc.near(k, pos)
}

// near reports a context word of kind k in the text near pos, leaving out
// what the field's name implies (a "ticket" column is no order context
// for an SV-Nr. in a support note).
func (sc *scan) near(k int, pos int) bool { return pos-sc.last[k] <= contextWindow }

// scoreNear returns near when a context word of kind k is near pos (ctx),
// else far: context raises a detector's confidence.
func (sc *scan) scoreNear(k, pos int, far, near float64) float64 {
	if sc.ctx(k, pos) {
		return near
	}
	return far
}

// ctxSentence is ctx for contexts that lower scores: a context word in an
// earlier sentence ("... Ticket TCK-88655 closed.\nSpoke to X on +44 ...")
// does not apply.
func (sc *scan) ctxSentence(k int, pos int) bool {
	if sc.fctx&(1<<k) != 0 {
		return true
	}
	l := sc.last[k]
	return pos-l <= contextWindow && !sentenceEnd(sc.v, max(l, 0), pos)
}

// sentenceEnd reports whether v[a:b] holds the end of a sentence: a line
// break, or '.', '!', '?' or ';' after a word of four or more letters or a
// digit and before a blank ("closed. Spoke", "4711. Bitte"). Abbreviations
// such as "Tel. " and "Nr. " do not end a sentence.
func sentenceEnd(v string, a, b int) bool {
	for p := a; p < b; p++ {
		switch v[p] {
		case '\n':
			return true
		case '.', '!', '?', ';':
			if c := at(v, p+1); c != ' ' && c != '\n' {
				continue
			}
			if isDigit(at(v, p-1)) {
				return true
			}
			k := p
			for k > a && p-k < 4 && (isASCIILetter(v[k-1]) || v[k-1] >= 0x80) {
				k--
			}
			if p-k >= 4 {
				return true
			}
		}
	}
	return false
}

// add appends a finding if its detector is enabled.
func (sc *scan) add(d int, c Category, start, end int, score float64) {
	if !sc.s.on(d) || start >= end {
		return
	}
	if d == dName && (sc.things || start >= sc.product[0] && end <= sc.product[1] || firmAfter(sc.v, start, end)) {
		// below the default minimum: a brand, a product's name (a JSON
		// record's: productRecord) or a firm's (firmAfter), not a person
		score *= 0.35
	}
	sc.dst = append(sc.dst, Finding{Category: c, Start: start, End: end, Score: score, Detector: detectorNames[d]})
}

// addOver adds a finding over v[start:end] in place of what this scan
// found in its words, keeping the validated findings claim keeps.
func (sc *scan) addOver(d int, c Category, start, end int, score float64) {
	sc.add(d, c, sc.claim(start, end, score), end, score)
}

// claim makes room for a finding about to be added over v[pos:end] at
// score, in place of what was found in its words (a name in an e-mail
// address's local part, a street's type found alone), and returns where
// it may start. The findings of this scan that end after pos go, except
// a validated one it would not replace whole: one that starts before pos
// (a street took the last group of the IBAN before it for its house
// number, "IBAN DE89 ... 0130 00 Hauptstraße 5"), ends after end, or is
// surer than it. Such a finding stays, else its other bytes would go out
// raw, and the new one starts after it, past blanks and a comma, when it
// is as sure (any min_score that keeps the new one then keeps it too);
// else the two overlap, which sanitizing merges.
func (sc *scan) claim(pos, end int, score float64) int {
	k := len(sc.dst)
	for k > sc.base && sc.dst[k-1].End > pos {
		k--
	}
	start, w := pos, k
	for _, f := range sc.dst[k:] {
		if !validated(f.Category) || f.Start >= pos && f.End <= end && f.Score <= score {
			continue
		}
		sc.dst[w] = f
		w++
		if f.Start < pos && f.Score >= score {
			start = max(start, f.End)
		}
	}
	sc.dst = sc.dst[:w]
	for start > pos && start < end && (sc.v[start] == ' ' || sc.v[start] == ',') {
		start++
	}
	return start
}

// validated reports the categories whose detectors read a value by its
// shape, a check digit or a birth's context, not by the words around it
// as names and addresses are read: a word after such a value does not make
// it any less one.
func validated(c Category) bool {
	switch family(c) {
	case Email, Phone, DateOfBirth, BankAccount, CreditCard, NationalID, Passport, DriversLicence, IPAddress, DeviceID,
		PreciseGeo, UniqueID:
		return true
	}
	return false
}

// widenTo returns where a street that starts at old may start instead,
// s, before it is added (with claim(start, ...)): a name found in the words
// it takes ("Pieter" of "Pieter de Hoochstraat") goes, one that ran into
// them ("Sarah Jones Flat 3, 12 High Street", "Anna Bakker Pieter de
// Hoochstraat 7") is cut to end before them, and any other finding there
// keeps the street at old rather than be lost.
func (sc *scan) widenTo(s, old int) int {
	if s >= old {
		return old
	}
	from := sc.recent()
	for k := from; k < len(sc.dst); k++ {
		f := &sc.dst[k]
		if f.End <= s || f.End > old {
			continue // before the words, or dropped at old anyway
		}
		if f.Category != Name && f.Category != GivenName {
			return old
		}
	}
	for k := from; k < len(sc.dst); k++ {
		if f := &sc.dst[k]; f.End > s && f.End <= old && f.Start < s {
			f.End = s
			for f.End > f.Start && (sc.v[f.End-1] == ' ' || sc.v[f.End-1] == ',') {
				f.End--
			}
		}
	}
	return s // what starts at s or later, claim removes
}

// recent returns the index of the first of the value's findings that
// rules asking about the words they read look at: the last recentFindings.
// What such a rule looks for (a name before a number, a finding the words
// widen over) lies near those words, found among the last; a value of
// megabytes holds many thousands of findings, and reading all of them at
// every word made it quadratic (hours for 8 MB).
func (sc *scan) recent() int {
	return max(sc.base, len(sc.dst)-recentFindings)
}

// recentFindings is how many findings recent spans: more than any note a
// person writes holds.
const recentFindings = 256

func boost(s, f float64) float64 { return s + (1-s)*f }

// run scans the value. Unless the value is a view already, it returns
// false, at once, at a no-break or thin space, an invisible formatting
// character, a JSON escape or an HTML character reference that is not part
// of something a detector took (see viewOf): the value is then scanned
// again as viewOf rewrites it.
func (sc *scan) run() bool {
	v := sc.v
	n := len(v)
	if skipTimestamps && isoTimestamp(v) {
		// A date with a time of day holds nothing the detectors look for
		// (TestTimestampsHoldNothing checks it), and CRM rows are full of
		// them: created_at, updated_at, ordered_at. Column hints still
		// apply (ScanColumn's whole), so a birth date stored with a time
		// is still found in a birth date column.
		return true
	}
	for i := 0; i < n; {
		c := v[i]
		cl := class[c]
		if cl == 0 {
			i++
			continue
		}
		var next int
		switch {
		case cl&clDigit != 0:
			next = sc.number(i)
			if sc.typo.kind >= 0 {
				sc.typo.undo(&sc.last)
			}
		case cl&(clUpper|clLower) != 0:
			next = sc.word(i)
		case cl&clHigh != 0:
			switch {
			case c == 0xE3 && isDigit(at(v, i-1)) && !sc.viewed && rewritten(v, i):
				return false // a long vowel mark for a dash: a letter, read as '-'
			case letterLen(v, i) > 0:
				next = sc.word(i)
			case !sc.viewed && rewritten(v, i):
				return false
			case lostInitial(v, i):
				next = sc.word(i) // a name whose first letter was lost
			case c == 0xC2 && at(v, i+1) == 0xB0:
				next = sc.degree(i)
			default:
				next = i + runeLen(c)
			}
		default:
			if (c == '\\' || c == '&' || c < 0x20 || c == 0x7f) && !sc.viewed && rewritten(v, i) {
				return false
			}
			next = sc.trigger(i)
			if (c == '+' || c == '(') && sc.typo.kind >= 0 {
				sc.typo.undo(&sc.last) // "Fixe : +33 1 23 45 67 89": a number too
			}
		}
		if next <= i {
			next = i + 1
		}
		if n := len(sc.dst); n > sc.base && sc.dst[n-1].End == next {
			next = sc.townAfter(next) // "Rosenstraße 12 in Bamberg"
		}
		i = next
		if sc.pend != nil && i >= sc.pendEnd {
			sc.flushKey()
		}
	}
	if sc.pend != nil {
		sc.flushKey()
	}
	sc.namesBeforeAddresses()
	return true
}

func (sc *scan) trigger(i int) int {
	v := sc.v
	switch v[i] {
	case '@':
		return sc.email(i)
	case '%':
		if hasAt(v, i, "%40") {
			return sc.emailAt(i, i+3)
		}
	case '+':
		if e := structuredCommunication(v, i); e > 0 {
			return e
		}
		if isDigit(at(v, i+1)) {
			return sc.number(i)
		}
	case '(':
		if isDigit(at(v, i+1)) || (at(v, i+1) == '+' && isDigit(at(v, i+2))) {
			return sc.number(i)
		}
		if e := sc.bracketAt(i); e > 0 {
			return e
		}
	case '[', '{':
		if e := sc.bracketAt(i); e > 0 {
			return e
		}
	case ':':
		if at(v, i+1) == ':' && !isHex(at(v, i-1)) {
			if e, ok := sc.hexColon(i); ok {
				return e
			}
		}
	case '\\':
		if escapedPair(v, i) {
			return i + 2 // not the start of an escape
		}
	case '"':
		sc.jsonKey(i)
	case '<':
		sc.xmlTag(i)
	case '-':
		if isDigit(at(v, i+1)) && !isAlnum(at(v, i-1)) {
			if e := sc.geo(i); e > 0 {
				return e
			}
		}
	case '*':
		if e := structuredCommunication(v, i); e > 0 {
			return e
		}
		// "Max Mustermann *12.03.1985", "(*12.03.1985)": born, in German
		// genealogy and CRM notes alike, right before the date. Not a
		// bullet ("* 13.01.2025: Lieferung"), emphasis ("*02.10.2020*")
		// or a product ("5 * 3").
		if p := at(v, i-1); (p == ' ' || p == '(') && isDigit(at(v, i+1)) {
			sc.bornAt, sc.bornLoose = i+1, false
		} else if p == '(' && at(v, i+1) == ' ' && isDigit(at(v, i+2)) {
			// "(* 12.03.1975)"; a bullet has no bracket, but a footnote
			// may ("Lieferung (* 12.03.2024 geplant)"): with a year after
			// 2010, a word after the date other than a birth word or "in
			// <Place>" makes it none (dobScore, wordFollows)
			sc.bornAt, sc.bornLoose = i+2, true
		}
	}
	return i + 1
}

// shortSalut reports a short salutation written in lower case before a
// capitalised word: "pan Kowalski" (Polish writes it so), "mme Kerbrat",
// "mr Featherstonehaugh". Alone such words are other words ("pan"); "ms"
// is left out ("ms Word").
func (sc *scan) shortSalut(i, j int) bool {
	v := sc.v
	switch v[i:j] {
	case "pan":
		// Polish only: Dutch and English have pans ("de pan Le Creuset",
		// "frying pan Tefal": a review)
		return at(v, j) == ' ' && isUpperAt(v, j+1) && (sc.polishText() || sc.polishNote() || polishSurnameAt(v, j+1))
	case "mr", "mrs", "mme", "mlle":
		return at(v, j) == ' ' && isUpperAt(v, j+1)
	}
	return false
}

// polishCue reports a Polish word of support notes typed without
// diacritics ("pan Kowalczyk dzwonil, prosi o oddzwonienie").
func polishCue(v string) bool {
	var buf [maxWord]byte
	for a, b := letterRun(v, 0); a < len(v); a, b = letterRun(v, b) {
		if polishCues[string(lowerWord(v[a:b], &buf))] { // "" past maxWord: no such word
			return true
		}
	}
	return false
}

// polishCues are words of Polish support notes, as typed without
// diacritics too.
var polishCues = map[string]bool{"dzwonil": true, "zadzwonil": true, "prosi": true, "rozmawialem": true, "rozmawial": true,
	"rozmowa": true, "faktura": true, "faktury": true, "oddzwonienie": true, "zamowienie": true, "sprawie": true,
	"pani": true, "klient": true, "umowa": true, "umowe": true, "spotkanie": true, "odbierze": true, "reklamacja": true,
	"wysle": true, "dostawy": true, "dostawa": true, "podpisana": true, "niezadowolony": true, "osobiscie": true,
	"zadzwoni": true, "jutro": true, "przez": true, "towar": true, "dzisiaj": true, "prosba": true}

// polishSurnameAt reports a word at i that ends as Polish family names do
// (-ski, -cki, -dzki, -wicz, -czyk): "pan Lewandowski".
func polishSurnameAt(v string, i int) bool {
	return polishEndingAt(v, i, "ski", "cki", "dzki", "wicz", "czyk")
}

// polishEndingAt reports a word at i, not joined to another by a hyphen
// ("Kowalski-style"), that ends in one of endings after at least three
// more bytes.
func polishEndingAt(v string, i int, endings ...string) bool {
	if i >= len(v) {
		return false
	}
	e := wordEnd(v, i)
	if at(v, e) == '-' {
		return false
	}
	var buf [maxWord]byte
	w := string(lowerWord(v[i:e], &buf))
	for _, suf := range endings {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// polishText reports polishLetters of the value, read once per value.
func (sc *scan) polishText() bool {
	return sc.once(&sc.polishLetter, polishLetters)
}

// polishNote reports polishCue of the value, read once per value.
func (sc *scan) polishNote() bool {
	return sc.once(&sc.polishWord, polishCue)
}

// once answers test of the whole value, asked once per value and kept in
// *c (0: not asked yet, 1: true, -1: false): rules that ask it run at many
// words of a value, and reading all of it at each made a long one
// quadratic.
func (sc *scan) once(c *int8, test func(string) bool) bool {
	if *c == 0 {
		*c = -1
		if test(sc.v) {
			*c = 1
		}
	}
	return *c > 0
}

// polishLetters reports whether v holds a letter only Polish writes (ą ć
// ę ł ń ś ź ż, as upper case too).
func polishLetters(v string) bool {
	for i := 0; i+1 < len(v); i++ {
		switch c, d := v[i], v[i+1]; {
		case c == 0xC4 && (d == 0x84 || d == 0x85 || d == 0x86 || d == 0x87 || d == 0x98 || d == 0x99),
			c == 0xC5 && (d == 0x81 || d == 0x82 || d == 0x83 || d == 0x84 || d == 0x9A || d == 0x9B || d == 0xB9 || d == 0xBA || d == 0xBB || d == 0xBC):
			return true
		}
	}
	return false
}

// wordEnd returns the end of the run of letters starting at i. A
// character lost in decoding after the run's first letter is one of its
// letters where it stands for one (lostLetter): text of a legacy encoding
// read as UTF-8 lost the letter, not the word ("Herr M\ufffdller" found
// "M" alone, and left the rest of the name raw).
func wordEnd(v string, i int) int {
	s := i
	for i < len(v) {
		c := v[i]
		if c < 0x80 {
			if !isASCIILetter(c) {
				return i
			}
			i++
			continue
		}
		l := letterLen(v, i)
		switch {
		case l > 0:
		case i > s:
			l = lostLetter(v, i)
		default: // the word's first letter lost: "\ufffdukasz"
			if n := lostAt(v, i); n > 0 && i+n < len(v) && letterLen(v, i+n) > 0 {
				l = n
			}
		}
		if l == 0 {
			return i
		}
		i += l
	}
	return i
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

func (sc *scan) word(i int) int {
	v := sc.v
	n := len(v)
	j := wordEnd(v, i)
	if j == i {
		return i + runeLen(v[i])
	}
	if j < n {
		switch c := v[j]; {
		case isDigit(c):
			if sc.gluedLabel(i, j) {
				return j // "VISA4539148803436467": the number follows on its own
			}
			return sc.alnum(i, j)
		case (c == ' ' || c == '\t' || c == '-') && j-i == 2 && isDigit(at(v, j+1)) && isDigit(at(v, j+2)):
			// "DE 89 3704 0044 ...", "DE-8937...", "DE\t89\t3704 ...": an
			// IBAN with its check digits apart
			if e := sc.ibanAt(i); e > 0 {
				return e
			}
			if c == ' ' {
				if e := sc.vatSpaced(i); e > 0 {
					return e // "USt-IdNr. DE 123456788"
				}
			}
		case c == ' ' && (j-i == 2 || j-i == 3 && isUpper(v[i+2])) && isUpper(v[i]) && isUpper(v[i+1]) && isAlnum(at(v, j+1)):
			// a VAT number's body with letters: "ATU 13585627", "AT
			// U13585627", "NL 111222333 B01", "FR K7 399859412"
			if e := sc.vatSpaced(i); e > 0 {
				return e
			}
		case c == ':' && j-i <= 4 && allHex(v[i:j]) && !isAlnum(at(v, i-1)):
			if e, ok := sc.hexColon(i); ok {
				return e
			}
		case c == '-' && j-i == 2 && allHex(v[i:j]) && !isAlnum(at(v, i-1)):
			if e, ok := sc.hexColon(i); ok {
				return e
			}
		}
	}
	if j-i == 2 && (at(v, j) == ' ' || at(v, j) == '-') && isDigit(at(v, j+1)) {
		if e := sc.nino(i); e > 0 { // "AB 12 34 56 C"
			return e
		}
	}
	if j-i == 1 && (at(v, j) == '-' || at(v, j) == ' ') && isDigit(at(v, j+1)) && nieLetter(v[i]) {
		if e := sc.nie(i); e > 0 { // "NIE X-1234567-L"
			return e
		}
	}
	if j-i == 3 && at(v, j) == ' ' && isUpper(v[i]) && isUpper(v[i+1]) && isUpper(v[i+2]) && sc.labelledBy(ctxNatID, i) {
		if e := sc.spacedIDCard(i, j); e > 0 { // "nr dowodu AZD 462741"
			return e
		}
	}
	if j-i <= 3 && at(v, j) == '-' && isDigit(at(v, j+1)) && postalCountries[v[i:j]] {
		if e := sc.countryPostcode(i, j); e > 0 { // "D-10115 Berlin"
			return e
		}
	}
	if j-i <= 2 && capitalLen(v, i) == j-i && at(v, j) == '.' {
		if e := sc.invertedName(i); e > 0 { // "Dijk, C. van", "Berg, J.P. van den", "Yılmaz, Ö."
			return e
		}
	}
	capital := isUpperAt(v, i)
	if capital && at(v, i-1) == '\n' {
		if e := sc.signatureLine(i); e > 0 {
			return e // "Best regards,\nImogen Fairweather\n"
		}
	}
	// O'Connor, N'Diaye, O’Neill: one name; apostrophed says j now ends it
	apostrophed := false
	if capital && apostropheLen(v, j) > 0 {
		if e := nameWord(v, i); e > j {
			if info, found := lookupFolded(v, i, e); found && info.flags&wSurname != 0 {
				j, apostrophed = e, true
			}
		}
	}
	if c := v[i] | 0x20; j-i == 1 && (c == 'b' || c == 'n') && at(v, i-1) == '(' || c == 'n' && (j-i == 3 || j-i == 4) && at(v, j) == '.' || c == 'd' && j-i == 2 {
		// what birthAbbrev looks for, before it folds the word: "(b.", "(n.", "nac.", "nasc.", "DN"
		if e := sc.birthAbbrev(i, j); e > 0 {
			return e // "(b. 26.12.1995)", "f. nac. 12/03/1980", "DN: 08/10/1987"
		}
	}
	switch v[i] | 0x20 { // the first letters of the words these look for
	case 'g':
		if j-i == 2 && v[i] == 'g' && v[i+1] == 'd' && digitAfterLabel(v, j) {
			sc.last[ctxDOB] = j // "gd 22-07-1962": Dutch geboortedatum (not "GD", grande distribution)
			return j
		}
	case 'n':
		if e := neLe(v, i, j); e > 0 {
			sc.last[ctxDOB] = e // "NE LE 12/03/1985": né le, typed without the accent
			return e
		}
		sc.numberWord(i, j)
	case 'a':
		if j-i == 1 && at(v, j) == '/' && at(v, j+1)|0x20 == 'c' && !isAlnum(at(v, j+2)) {
			sc.last[ctxIBAN] = j + 2 // "a/c 31926819": British for account
			return j + 2
		}
		if e := sc.poBox(i, j); e > 0 {
			return e // "Apartado de Correos 123"
		}
	case 'd':
		if j-i == 1 && (hasAt(v, i, "d.o.b") || hasAt(v, i, "d.d.n")) && !isAlnum(at(v, i+5)) {
			sc.last[ctxDOB] = i + 5 // "D.O.B. 12/03/1985", "D.D.N." (date de naissance)
			return i + 5
		}
		if j-i == 3 && hasAt(v, i, "ddn") && digitAfterLabel(v, j) {
			sc.last[ctxDOB] = j // "DDN 12/03/1985": date de naissance, right before the date
			return j
		}
		if j-i == 4 && hasAt(v, i, "domu") && i >= 2 && v[i-1] == ' ' && v[i-2]|0x20 == 'z' && !isAlnum(at(v, i-3)) {
			sc.last[ctxPerson] = j // "z domu Nowak": née Nowak
		}
	case 'm':
		if j-i == 1 && v[i] == 'M' && at(v, j) == '.' && at(v, j+1) == ' ' && monsieurAt(v, i) && !monsieurBrand(v, j+2) &&
			(nameAhead(v, j+2) || sc.frenchMonsieur(i) && unlistedName(v, j+2)) {
			// "M. Maël Durand", "rappeler M. Fabre": Monsieur, before a
			// name no list knows
			if e := sc.afterSalutation(j); e > 0 {
				return e
			}
		}
		if j-i == 1 && v[i] == 'M' && at(v, j) == ' ' && sc.frenchMonsieur(i) && upperSurnameAt(v, j+1) {
			// "M LEFÈVRE rappelle demain": Monsieur without its full
			// stop, where French puts Monsieur, before a listed family
			// name in capitals (not "taille M BLANC", "Stylo M BLANC")
			if e := sc.afterSalutation(j); e > 0 {
				return e
			}
		}
	case 's':
		if e := numberLabel(v, i, j, "sofi"); e > 0 {
			sc.last[ctxNatID] = e // "sofi-nummer 301537987": the BSN's old name
			sc.scheme, sc.schemeAt = dNLBSN, e
			return e
		}
		if e := numberLabel(v, i, j, "sv"); e > 0 {
			// "SV-Nr. 65 170839 J 003": Sozialversicherungsnummer, in
			// Germany or Austria, whose checks tell them apart. A
			// scheme, not an id context: no other country's number
			// follows it (a false-positive hunt found BSNs and NHS
			// numbers after a Sachverständiger's "SV-Nr.").
			sc.scheme, sc.schemeAt = dDESVNR, e
			return e
		}
		if e := sortCodeLabel(v, i, j); e > 0 {
			sc.sortCodeAt = e
			return e
		}
		if e := sc.poBox(i, j); e > 0 {
			return e
		}
	case 'l':
		if e := sc.lieuDit(i, j); e > 0 {
			return e // "lieu-dit Les Granges"
		}
	case 'p', 'b', 'c':
		if j-i == 1 && hasAt(v, i, "c.f") && !isAlnum(at(v, i+3)) && (at(v, i+3) != '.' || !isAlnum(at(v, i+4))) {
			// "c.f. rccmtt66e12f205p": codice fiscale, the label the
			// lower-case code needs (idShape). Before a code in capitals,
			// which needs none, it stays no context: an id word lowers
			// a phone number after it
			e := i + 3
			if at(v, e) == '.' {
				e++
			}
			q := e
			for q < len(v) && q-e < 3 && (v[q] == ' ' || v[q] == ':') {
				q++
			}
			if isLower(at(v, q)) {
				sc.last[ctxNatID] = e
				return e
			}
		}
		if j-i == 1 && hasAt(v, j, ". ") && (v[i] == 'p' || upperPan(v, i) || panInitial(v, i)) {
			// "dzwonił p. Szymański"; "od P. Brzęczyszczykiewicz"
			n := len(sc.dst)
			if e := sc.panAbbrev(i, j); e > 0 {
				if v[i] == 'P' && !upperPan(v, i) {
					// Pan, or an initial: in the span either way, as
					// "J. Kowalski" is (a review saw "P." left beside
					// the pseudonym)
					for k := n; k < len(sc.dst); k++ {
						if family(sc.dst[k].Category) == Name && sc.dst[k].Start > i {
							sc.dst[k].Start = i
							break
						}
					}
				}
				return e
			}
		}
		if e := sc.poBox(i, j); e > 0 {
			return e
		}
		if v[i] == 'C' && (j-i == 2 && v[i+1] == 'o' || j-i == 6 && hasAt(v, i, "county")) {
			if e := sc.irishCounty(i, j); e > 0 {
				return e // "Ballymore, Co. Westmeath"
			}
		}
		if j-i == 1 && v[i] == 'C' && at(v, j) == '/' && (at(v, j+1) == ' ' && numberAhead(v, nameNumberAhead(v, j+2)) ||
			isUpperAt(v, j+1) && nameWord(v, j+1) > j+2 && numberAhead(v, nameNumberAhead(v, j+1))) { // not "C/O John Smith 12"
			// "C/ Alcalá 120", "C/Mayor 3": calle, as Spanish abbreviates it
			if e := sc.streetPrefix(i, j+1); e > 0 {
				return e
			}
		}
		if j-i == 1 && v[i] == 'P' && hasAt(v, j, "º ") && numberAhead(v, nameNumberAhead(v, j+3)) {
			// "Pº de la Castellana 100": paseo, as Spanish abbreviates it
			if e := sc.streetPrefix(i, j+2); e > 0 {
				return e
			}
		}
	case 'r':
		if j-i == 1 && at(v, j) == '.' {
			// "r.č. 7360285163", "r. č.": rodné číslo abbreviated, two
			// words where the scheme word "rč" is one
			p := j + 1
			if at(v, p) == ' ' {
				p++
			}
			if at(v, p) == 0xc4 && at(v, p+1)|1 == 0x8d && !isAlnum(at(v, p+2)) && at(v, p+2) < 0x80 {
				e := p + 2
				if at(v, e) == '.' {
					e++
				}
				sc.scheme, sc.schemeAt = dCZRC, e
				return e
			}
		}
	case 'z':
		if j-i == 1 && v[i] == 'z' && at(v, j) == ' ' && (isLower(at(v, j+1)) || at(v, j+1) >= 0x80) && !isAlnum(at(v, i-1)) &&
			polishDeclined(v, j+1, wordEnd(v, j+1)) {
			// "rozmowa z anną kowalczyk": Polish "with", before a name
			// declined, which no list holds as it is (polishCaseName);
			// the ending first, as "z" is one of Polish's commonest words
			if e := sc.lowerName(j+1, 0); e > 0 {
				return e
			}
		}
	case 'v':
		if e := numberLabel(v, i, j, "versicherten"); e > 0 {
			// "Versicherten-Nr. A123456780": the KVNR as the eGK names
			// it. Not "versicherten" alone, which names no number: as a
			// scheme word it took "SV-Nr. des Versicherten 65170839J003"
			// from the SV-Nr. (one scheme holds at a time).
			sc.scheme, sc.schemeAt = dDEKVNR, e
			return e
		}
	case 't':
		if e := sc.poBox(i, j); e > 0 {
			return e // "TSA 12345, 75008 Paris"
		}
		if e := tnvEnd(v, i, j); e > 0 {
			sc.last[ctxPerson] = e // "t.n.v. J.P. Huisman": Dutch for "in the name of"
			return e
		}
	}
	var info wordInfo
	var found bool
	switch {
	case apostrophed:
		info, found = lookupFolded(v, i, j) // the bloom filter counts ’ as three bytes
	case capital && j-i > 2:
		info, found = lookupNameWord(v, i, j) // also "Éric", "Kubiński" without their accents
	default:
		info, found = lookupWord(v, i, j)
	}
	if !found && j-i >= 6 && digitAfterLabel(v, j) {
		if k := typoLabel(v[i:j]); k >= 0 {
			// "date de naissace 13/06/1979", "telefn 699 386 160": a
			// label typed with one letter wrong, right before its value.
			// It labels that value only (run restores the context
			// after it): "geboten 1.250,00 EUR, Zuschlag am 14.05.2024"
			// holds a real word one letter from "geboren".
			sc.typo = typoContext{kind: k, prev: sc.last[k]}
			sc.last[k] = j
		}
	}
	if !found && j-i == 1 && v[i] == 'r' && at(v, j) == '.' && aloneHouseNumber(v, i) && (sc.addressNear(i) || frenchPostcodeAfter(v, j+1)) {
		// "45 r. Pasteur 44000 NANTES": rue, abbreviated, in lower case
		// after a house number that stands alone, in an address's context
		// or before a postcode. Not Polish "r." (rok, year): "12 maja
		// 2021 r. Zamawiający", "12.05.1985 r."; not a word of the list,
		// where it would stop "R." from being an initial.
		if e := sc.streetPrefix(i, j); e > 0 {
			return e
		}
	}
	if !capital && at(v, j) == '.' && at(v, j+1) == ' ' && frenchAbbrev(v[i:j]) && aloneHouseNumber(v, i) &&
		(sc.addressNear(i) || frenchPostcodeAfter(v, j+1) || particleAt(v, j+2) && !hasAt(v, j+2, "de ") && isUpperAt(v, wordEnd(v, j+2)+1)) {
		// "5 ch. des Vignes", "4 imp. du Moulin", "2 all. des Tilleuls":
		// chemin, impasse, allée abbreviated after a house number, and
		// then the particle of a name, an address's context or a
		// postcode ("2 ch. Confort" counts bedrooms; "3 imp. de France",
		// "2 all. de Mozart": a bare "de" is any noun's)
		if e := sc.streetPrefix(i, j); e > 0 {
			return e
		}
	}
	if capital && j-i <= 6 && at(v, j) == ' ' {
		if streetPrep(v, i, j) {
			if e := sc.streetWeak(i, j, true); e > 0 {
				return e // "In der Aue 15", "Hinter der Kirche 1, 37073 Göttingen"
			}
		} else if j-i <= 3 && isUpperAt(v, j+1) && streetArticle(v, i, j) {
			if e := sc.articleStreet(i, j); e > 0 {
				return e // "De Dreef 14"
			}
		}
	}
	if capital && !found && at(v, i-2) == ',' && at(v, i-1) == ' ' && at(v, j) == ' ' {
		if e := sc.streetAfterTown(i, j); e > 0 {
			return e // "wohnt in Lindau, Sonnenhang 12"
		}
	}
	if capital && v[j-1] == 's' && j-i >= 4 && at(v, j) == ' ' && isUpperAt(v, j+1) && (!found || info.flags&wGiven == 0) {
		if e := sc.genitiveGiven(i, j); e > 0 {
			return e // "Annas Mann rief an"
		}
	}
	if found {
		if info.flags&wNameNoun != 0 && !personNameLabel(v, i) {
			// "product name Rose Gold", "Ship name: Aurora": the name of
			// a thing
			info.ctx &^= 1 << ctxPerson
			sc.thingEnd = j
		}
		if info.ctx&(1<<ctxDOB) != 0 && codeDefault(v, i, j) {
			info.ctx &^= 1 << ctxDOB // "field birth_date defaults to 1970-01-01": a column's default
		}
		if info.ctx&(1<<ctxPhone) != 0 && (hasAt(v, j+1, "organizac") || callMetric(v, i, j)) {
			info.ctx &^= 1 << ctxPhone // "komórka organizacyjna": an organisational unit
		}
		if info.ctx&(1<<ctxNatID) != 0 && sc.labelEndsBefore(sc.last[ctxPhone], i) && strings.EqualFold(v[i:j], "perso") &&
			at(v, j) != '-' && phoneAhead(v, labelPunctEnd(v, j)) {
			// "Tél. perso : 06 12 34 56 78", "portable perso 06 ...":
			// French for a private phone, between a phone word and its
			// number, not German's "Perso" (the ID card), whose context
			// lowered the number below the threshold. "Handy
			// Perso-Nr. T22000129" is the card's.
			info.ctx = 1 << ctxPhone
		}
		if info.ctx&(1<<ctxAddress) != 0 && (prevWordIs(v, i, notPostal...) || at(v, i-1) == '-' && prevWordIs(v, i-1, notPostal...) ||
			hasAt(v, j, " ip") && !isAlnum(at(v, j+3))) {
			info.ctx &^= 1 << ctxAddress // "IP address", "IP-Adresse", "adresse IP", "e-mail address"
		}
		for k := 0; info.ctx != 0 && k < nCtx; k++ {
			if info.ctx&(1<<k) != 0 {
				sc.last[k] = j
			}
		}
		if info.scheme != 0 {
			sc.scheme, sc.schemeAt = int(info.scheme)-1, j
		}
		if info.spec != 0 && !otherParty(v, i, j) && !otherSense(v, i, j) && !specAsName(v, i, j) && !adjectiveUse(v, i, j) &&
			!aboutThing(v, i, j) && !formLabel(v, j) {
			// With the words hyphenated to it: "römisch-[REDACTED]"
			// still said the religion (a review).
			s := i
			for at(v, s-1) == '-' && letterBefore(v, s-1) > 0 {
				s = lettersStart(v, s-1)
			}
			e := j
			if specialCats[info.spec-1].cat == Criminal {
				var nb [maxWord]byte
				if w := string(wordAfter(v, j, &nb)); w == "judiciaire" || w == "judiciaires" {
					e = j + 1 + len(w) // the record, not the locker
				}
			}
			sc.add(dSpecial, specialCats[info.spec-1].cat, s, e, 0.6)
			var buf [maxWord]byte
			if cat := specialCats[info.spec-1].cat; cat == Religion && religionLabels[string(lowerWord(v[i:j], &buf))] {
				if vs, ve := labelValue(v, j); ve > vs && religionValue(v[vs:ve]) {
					// "Konfession: rk", "Kirchensteuer: ev.": the value
					// says the religion, in whatever shorthand. Only
					// after a label: "Kirche: bitte Seiteneingang" is a
					// delivery note, and the other categories' words
					// label business data too ("Diagnose: Festplatte
					// defekt", "Politique : retour sous 30 jours").
					sc.add(dSpecial, cat, vs, ve, 0.6)
				}
			}
		}
		f := info.flags
		if f&wThing != 0 {
			sc.thingEnd = j
		}
		if capital && f&(wGiven|wSurname) != 0 && sc.afterThing(i) {
			// "Farbe Rosa", "colour Brown", "Marke Hugo Boss": a
			// property's value, with the capitalised words after it
			e := j
			for k := 0; k < 2 && at(v, e) == ' ' && nameWord(v, e+1) > e+1; k++ {
				e = nameWord(v, e+1)
			}
			sc.capStart, sc.capEnd = none, none
			return e
		}
		if f&wAt != 0 && at(v, i-1) == ' ' && at(v, j) == ' ' {
			if e := sc.obfEmail(i, j, false); e > 0 {
				return e
			}
		}
		if f&wMonth != 0 {
			if e := sc.monthFirstDate(i, j); e > 0 {
				return e
			}
		}
		if f&wStreetPre != 0 && !(capital && f&wStreetSuf != 0 && sc.capEnd == i-1) {
			if e := sc.streetPrefix(i, j); e > 0 {
				return e
			}
		}
		if capital && f&wStreetSuf != 0 {
			if e := sc.streetSuffix(i, j, false); e > 0 {
				return e
			}
		}
		if !capital && f&wStreetSuf != 0 && j-i >= 2 && sc.addressNear(i) && sc.last[ctxAddress] < i {
			if e := sc.lowerNumberFirst(i, j); e > 0 {
				return e // "lives 14 elm road", "new address 10 downing st"
			}
		}
		if capital && f&wStreetWeak != 0 {
			if e := sc.streetWeak(i, j, false); e > 0 {
				return e
			}
		}
		if f&wSalut != 0 && (capital || j-i >= 4 || at(v, j) == '.' && dottedSalut(v[i:j]) || v[i:j] == "dhr" || sc.shortSalut(i, j)) && !chainTitle(v, i, j) && !(acronymSalut(v, i, j) && !sc.capsNameAfter(j)) { // "Frau", "meneer", "mw.", "dhr" ("mw" alone is also a medewerker, an employee)
			if e := sc.afterSalutation(j); e > 0 {
				return e
			}
		}
		if f&wSalut != 0 && !capital {
			if e := sc.lowerFamilyAfter(j); e > 0 {
				return e
			}
			if at(v, j) == ' ' && polishSalutation(v, j+1) {
				if e := sc.lowerName(j+1, 0); e > 0 {
					return e // "z panem nowakiem": a family name declined (polishCaseName)
				}
			}
		}
		if capital && f&wGiven != 0 && f&wStop == 0 {
			return sc.nameFrom(i, j)
		}
		if capital && f&wSurname != 0 && f&wStop == 0 && !(sc.capsAt(i, j) && capsKind(v, i, j) != capsListed) {
			// (in capitals, a family name that is an everyday word too
			// takes no word before it: "STIEFEL SCHWARZ", "SNEAKER WEISS")
			if s := sc.nameBefore(sc.particlesBefore(i), true); s >= 0 {
				end, _ := sc.nameRest(j)
				sc.add(dName, Name, s, end, 0.75)
				sc.coordinated(s) // "Tiago e Rita Carvalho"
				sc.capStart, sc.capEnd = none, none
				return end
			}
		}
		if capital && f&wSurname != 0 && len(v) <= shortLimit && sc.onlyWord(i, j) {
			sc.add(dName, FamilyName, i, j, 0.5)
		}
	}
	if capital && j-i >= 4 && (!found || info.flags&(wStop|wMonth|wStreetPre|wStreetSuf|wCity) == 0 && info.ctx == 0 && info.spec == 0) {
		// "Klient P. Łukasiewicz", "Contactpersoon J.P. Huisman": a word
		// that introduces a person, initials, then a name no list knows
		// ("Abschnitt B. Zahlung" is not one); or initials where a name
		// stands ("Gemeldet von S. Leutheusser", "J.P. Brennan called":
		// initialsCue), before a word that does not end as nouns do.
		if s := initialsStart(v, i); s >= 0 && !initialRepeats(v, s, i) {
			if e := nameWord(v, i); e >= j && (sc.afterPerson(s) || sc.salutationBefore(s) || initialsCue(v, s, i, e) && plainWord(v, i, j)) {
				sc.add(dName, Name, s, e, 0.6)
				sc.capStart, sc.capEnd = none, none
				return e
			}
		}
	}
	if !capital && (found && info.flags&(wGiven|wSurname|wParticle) != 0 || !found && apostropheLen(v, j) > 0) {
		// the cheap tests first: most lower-case words are no name's
		// (lowerName then asks for a salutation or a person's word)
		fl := info.flags
		if !found {
			wi, _ := lookupFolded(v, i, lowerWordEnd(v, i)) // "o'brien"
			fl = wi.flags
		}
		if fl&(wGiven|wSurname|wParticle) != 0 {
			if e := sc.lowerName(i, fl); e > 0 {
				return e
			}
		}
	}
	if p := tParticleStart(v, i, j); p < i || found && info.flags&wParticle != 0 {
		// "Klant J.P. van Dijk", "t.n.v. J.P. de Vries", "Gesproken met
		// W.J. van Beek" (or "Van Beek"), "t.n.v. J.P. 't Hart": initials,
		// then a family name with its particle
		s := initialsBefore(v, p)
		company := s >= 0 && (legalForm(v[s:p-1]) || legalFormDotless(v[s:p-1])) // "B.V. de Vries"
		if s > 0 && !company && (sc.afterPerson(s) || sc.salutationBefore(s) || bareInitials(v, s, p)) {
			if e := sc.afterSalutation(s - 1); e > 0 {
				return e
			}
		}
		if s == 0 && !company && bareInitials(v, s, p) {
			// at the value's start: "W.J. van Beek heeft gebeld"
			end, _ := sc.nameRest(surnameAfterParticles(v, p))
			sc.add(dName, Name, 0, end, 0.85)
			sc.capStart, sc.capEnd = none, none
			return end
		}
	}
	if found && info.flags&wParticle != 0 && (!capital || sc.capsAt(i, j)) && sc.afterPerson(i) && familyWord(labelWord(v, sc.last[ctxPerson])) {
		// "Fam. van Beek", "famille de Villiers": a family's name that
		// starts with its particle ("Klant van Bol.com" is not one); in
		// capitals too ("FAM. DE BOER")
		if e := sc.afterSalutation(sc.last[ctxPerson]); e > 0 {
			return e
		}
	}
	if !capital && found && info.flags&wParticle != 0 && at(v, i-1) == ' ' && (nameLabelBefore(v, i) || sc.formNameBefore(i)) {
		// after a name's label, a family name that starts with its
		// particle in lower case: "Last name: van der Berg"
		if e := sc.afterSalutation(i - 1); e > 0 {
			return e
		}
	}
	if capital && sc.afterPerson(i) && (!found || nameFlags(info)&(wStop|wMonth|wStreetPre|wStreetSuf|wCity) == 0 && info.ctx == 0 && info.spec == 0 ||
		found && info.flags&wParticle != 0 && at(v, j) == ' ' && (nameWord(v, j+1) > j+1 || particleAt(v, j+1)) && (nameLabelBefore(v, i) || sc.formNameBefore(i)) ||
		found && info.flags&(wParticle|wSurname) == wParticle|wSurname && at(v, j) == ' ' && nameAfterParticle(v, j+1)) {
		// "Klant Arjen de Vries", and after a name's label one that
		// starts with its particle: "Nom : LE BIHAN", "Last name: Le Bihan";
		// before a listed name a particle that is a family name too
		// ("Kunde Le Thi Hoa", Vietnamese Lê; "Kunde De Vries")
		if e := sc.personAfterWord(i, j); e > 0 {
			return e
		}
	}
	if !capital && !found && (isDigit(at(v, j+1)) || isDigit(at(v, j+2)) || isDigit(at(v, j+3))) &&
		(postcodeTownAfter(v, j, true) && hasStreetTail(v, i, j, sc.addressNear(i)) || sc.lowerStreetSaid(i, j)) {
		// typed in lower case, but a house number and a postcode follow:
		// "neue adresse: heidestr 17, 51147 köln"; a word in -ring, -hof
		// or -dijk only in an address's context ("verzekering 12, 1012
		// ab"); or a house number after an address's word (lowerStreetSaid)
		if e := sc.streetSuffix(i, j, true); e > 0 {
			return e
		}
	}
	if capital && (!found || info.flags&wStop == 0) {
		if shapeAround(v, i, j) && (!found || info.flags&^(wGiven|wSurname) == 0 && info.ctx == 0 && info.spec == 0) {
			if e := sc.nameByShape(i, j, found); e > 0 {
				return e
			}
		}
		if hasStreetTail(v, i, j, sc.addressNear(i) || postcodeAfter(v, j)) {
			if e := sc.streetSuffix(i, j, true); e > 0 {
				return e
			}
		}
		if j-i == 8 || j-i == 11 {
			sc.bic(i, j)
		}
		if sc.capEnd == i-1 && i > 0 && v[i-1] == ' ' {
			sc.capEnd = j
		} else {
			sc.capStart, sc.capEnd = i, j
		}
	}
	return j
}

// trim returns the bounds of v without surrounding blanks and quotes.
func trim(v string) (int, int) {
	s, e := 0, len(v)
	for s < e && (v[s] == ' ' || v[s] == '\t' || v[s] == '\n' || v[s] == '\r' || v[s] == '"' || v[s] == '\'') {
		s++
	}
	for e > s && (v[e-1] == ' ' || v[e-1] == '\t' || v[e-1] == '\n' || v[e-1] == '\r' || v[e-1] == '"' || v[e-1] == '\'') {
		e--
	}
	return s, e
}

// placeholder reports values that stand for "no data".
func placeholder(s string) bool {
	if len(s) > 12 {
		return false
	}
	var buf [maxWord]byte
	n := foldWord(s, 0, len(s), &buf)
	switch string(buf[:n]) {
	case "-", "--", "?", "n/a", "na", "n.a.", "null", "nil", "none", "unknown", "keine", "k.a.", "k. a.", "leer",
		"empty", "0", "x", "xx", "xxx", "tbd", "todo", "test", "inconnu", "inconnue", "onbekend", "brak", "default",
		"unbekannt", "nieznany", "nieznana", "aucun", "geen", "dummy",
		// what forms and import logs write where a value is missing
		"pflichtfeld", "pflichtangabe", "fehlt", "spalte", "column", "champ", "veld", "kolumna", "required",
		"obligatoire", "verplicht", "wymagane", "niet", "non", "nicht", "optional", "facultatif", "optioneel", "opcjonalne",
		"missing", "manquant", "ontbreekt", "invalid", "invalide", "ungültig", "ungültige", "ongeldig", "nieprawidłowe",
		"pending", "hidden", "mandatory", "redacted", "gesperrt", "geändert", "sichtbar", "erfolgreich", "aufsteigend",
		"absteigend", "ascending", "descending", "kolom", "colonne", "text", "texte", "tekst":
		return true
	}
	return false
}

// identifierLike reports categories whose values are addresses, numbers
// or identifiers, never a yes or no or a point in time.
func identifierLike(c Category) bool {
	switch c {
	case Email, Phone, Street, Address, PostalCode, BankAccount, CreditCard, NationalID, TaxID, Passport, DriversLicence,
		IPAddress, DeviceID, PreciseGeo, UniqueID:
		return true
	}
	return false
}

// plausibleLabelled is plausible for a value whose label, not its own
// key, names the category, and asks for its shape: an e-mail needs its '@'
// (a consent's "opt-in" under "email" is none), an address a house
// number, a gender a gender word, a name a capitalised word that is no
// form's word; a special category never comes from a label alone.
func plausibleLabelled(c Category, s string) bool {
	switch f := family(c); {
	case c == Email:
		if strings.IndexByte(s, '@') < 0 {
			return false
		}
	case f == Name, c == City, c == Country:
		// a name, not a form's or a translation's text: capitalised (or
		// a particle: "van der"), no UI word, no field's name
		w := strings.ToLower(s)
		if uiWords[w] || personLabel(s) || !capitalisedName(s) && !particlesOnly(w) {
			return false
		}
		for _, word := range strings.Fields(w) {
			// "Vorname (Pflicht)", "Bitte wie im Ausweis": a form's text
			// with a field's name or a UI word in it (a false-positive hunt)
			if word = strings.Trim(word, "()[]:*.,!"); uiWords[word] || personLabel(word) {
				return false
			}
		}
	case c == Street, c == Address:
		if !hasDigit(s) { // a house number: "Textarea" is no address
			return false
		}
	case c == Gender:
		var buf [maxWord]byte
		return genderWords[string(lowerWord(strings.TrimSuffix(s, "."), &buf))] // "" past maxWord: no such word
	case c == PostalCode, c == DateOfBirth, c == Phone, c == BankAccount, c == CreditCard, c == NationalID, c == TaxID,
		c == Passport, c == DriversLicence, c == IPAddress:
	default:
		return false // a special category takes more than a label
	}
	return plausible(c, s)
}

// arrayNulls counts the null elements of s when it is a JSON array, as
// an array column's value is written ("[null,491711234567]"): their
// letters are no text, and a phone column's array with a NULL in it went
// out raw (a review) where the array without one was masked.
func arrayNulls(s string) int {
	if len(s) < 6 || s[0] != '[' || s[len(s)-1] != ']' {
		return 0
	}
	n := 0
	for i := 1; i+4 < len(s); i++ {
		if s[i:i+4] == "null" && strings.IndexByte("[, ", s[i-1]) >= 0 && strings.IndexByte("], ", s[i+4]) >= 0 {
			n++
		}
	}
	return n
}

// companySalutations are what a salutation column holds for a company.
var companySalutations = map[string]bool{"firma": true, "firm": true, "company": true, "comp": true, "société": true,
	"societe": true, "entreprise": true, "bedrijf": true, "empresa": true, "ditta": true, "azienda": true, "spółka": true,
	"spolka": true, "organisation": true, "organization": true}

// uiWords are a form's and a consent's words, which a person-field label
// may stand beside in a form definition or a translation.
var uiWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`yes no ja nein oui non tak nie granted denied revoked opt-in opt-out optin optout
		select textarea dropdown hidden required optional standard formal informal freitext text input checkbox radio
		please enter bitte eingeben default none keine leer empty true false null unknown unbekannt n/a tbd
		pflicht pflichtfeld wie`) {
		m[w] = true
	}
	m["please enter"], m["bitte eingeben"] = true, true
	return m
}()

// genderWords are the values a gender or salutation field holds.
var genderWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`m w d f x male female divers diverse other männlich weiblich maennlich man vrouw
		homme femme kobieta mężczyzna mezczyzna herr frau mr mrs ms miss mx monsieur madame mademoiselle mme mlle
		dhr mevr heer mevrouw pan pani hr fr`) {
		m[w] = true
	}
	return m
}()

// capitalisedName reports a value whose first word after any particles is
// capitalised ("Jansen", "de Vries").
func capitalisedName(s string) bool {
	for _, f := range strings.Fields(s) {
		if !particlesOnly(strings.ToLower(f)) {
			return isUpperAt(f, 0)
		}
	}
	return false
}

// particlesOnly reports a value of name particles alone ("van der").
func particlesOnly(w string) bool {
	for _, f := range strings.Fields(w) {
		if !strings.Contains(" "+nameParticles+" ", " "+f+" ") {
			return false
		}
	}
	return w != ""
}

// plausible reports whether a value could hold data of category c, for
// values found only through a column or key hint.
func plausible(c Category, s string) bool {
	if identifierLike(c) && (strings.EqualFold(s, "true") || strings.EqualFold(s, "false") || isoTimestamp(s)) {
		// A flag or a time in a column hinted as an address, a number or
		// an identifier (phone_verified, email_confirmed_on) is about
		// the data, not the data. Not so for health, beliefs, origin,
		// gender or names: in diagnosis_hiv, "true" is the special
		// category data (a review), and a birth date may have a time.
		return false
	}
	digits, letters, other := 0, 0, 0
	at := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case isDigit(ch):
			digits++
		case isASCIILetter(ch) || ch >= 0x80:
			letters++
		case ch == '@':
			at = true
		default:
			other++
		}
	}
	letters -= 4 * arrayNulls(s)
	switch c {
	case Email:
		// An address, or its local part alone, as legacy CRMs kept what
		// was typed: one word with a digit ("corentin29") or a given name
		// glued to a family name ("peterbauer"). Not any word: an e-mail
		// column's "kein", "nomail", "verweigert", and what email_type,
		// email_status or a newsletter's "mail" key hold ("HOME",
		// "bounced", "weekly").
		return at || (letters > 3 && other > 0) ||
			letters >= 3 && len(s) <= 64 && strings.IndexByte(s, ' ') < 0 && (digits > 0 || gluedName(s))
	case Phone:
		// four digits: an extension or a local number without its area
		// code ("4711", "2 34 56") identify as well, typed with blanks,
		// dashes or slashes; with a comma, a full stop or a colon they
		// are a price, a version, a time, an estimate, a date ("19,99",
		// "14.2.1", "14:30", "ca. 1500", "Jan. 2024"), not after a phone's
		// abbreviation ("Tel. 4711") or ending the value ("4711."); zeros
		// alone are a form's placeholder
		return letters <= 3 && (digits >= 6 || digits >= 4 && !otherPunct(s) && strings.Trim(s, "0 ") != "")
	case GivenName, FamilyName, Name, City, Country:
		return letters > 0 && digits == 0 && !at && len(s) <= 80
	case Street, Address:
		return letters > 1
	case PostalCode:
		// "M1 1AE" has two digits; a legacy CRM's "L1 7CJ" is no valid
		// postcode (no unit ends in C), but its column says what it is.
		return digits >= 2 && digits+letters >= 5 && len(s) <= 10
	case DateOfBirth:
		// also a birthday without its year ("12.3.", "12. Mai", "March
		// 61"): the day and the month narrow down a person. A number
		// with other words is an age or a reminder's ("über 18", "ca. 50
		// Jahre", "7 Tage vorher").
		return (digits >= 3 || digits >= 1 && monthWordIn(s)) && len(s) <= 40
	case BankAccount:
		return digits >= 6
	case CreditCard:
		return digits >= 12 // masked numbers (**** 1234) are not card data
	case NationalID, TaxID, Passport, DriversLicence:
		return digits >= 2 && digits+letters >= 5
	case IPAddress:
		return digits > 0 && other > 0
	case DeviceID:
		return digits+letters >= 6
	case PreciseGeo:
		return digits >= 3
	case Gender:
		// not the salutation of a company ("Firma", "Société"): a
		// false-positive hunt found an anrede column's "Firma" reported
		// as a person's gender
		var buf [maxWord]byte
		return letters > 0 && len(s) <= 20 && !companySalutations[string(lowerWord(strings.TrimSuffix(strings.TrimSpace(s), "."), &buf))]
	}
	return true
}

// gluedName reports a local part made of names the lists know: a family
// name glued to a given name ("peterbauer") or, of five letters or more,
// to an initial ("hmueller"); a given or a family name alone ("mueller",
// "bernd") or with an initial after it ("smithj"); a given name of four
// letters or more before four letters more, a family name no list holds
// ("wolfgangstrasser", "giuseppeverdi"). Not names that are everyday
// words (wordGivenNames, wordFamilyNames): "mark", "marketing", "lang".
func gluedName(s string) bool {
	if listedName(s, 0, len(s)) != 0 {
		return true
	}
	if n := len(s) - 1; n >= 4 && isASCIILetter(s[n]) && listedName(s, 0, n)&wSurname != 0 {
		return true
	}
	for k := 4; k <= len(s)-4; k++ {
		if s[k]&0xC0 != 0x80 && listedName(s, 0, k)&wGiven != 0 {
			return true
		}
	}
	for k := 1; k <= len(s)-3; k++ {
		if s[k]&0xC0 == 0x80 {
			continue // inside a letter
		}
		if f, ok := lookupWord(s, k, len(s)); !ok || f.flags&wSurname == 0 {
			continue
		}
		if k == 1 && isASCIILetter(s[0]) && len(s) >= 6 {
			return true
		}
		if k >= 3 {
			if g, ok := lookupWord(s, 0, k); ok && g.flags&wGiven != 0 {
				return true
			}
		}
	}
	return false
}

// otherPunct reports a comma, a full stop or a colon in s that neither
// ends s nor follows a word for a phone.
func otherPunct(s string) bool {
	for k := 0; k+1 < len(s); k++ {
		if s[k] != ',' && s[k] != '.' && s[k] != ':' {
			continue
		}
		b := k
		for b > 0 && (s[b-1] == '.' || s[b-1] == ':') {
			b-- // "Tel.: 4711"
		}
		wi, ok := lookupWord(s, letterRunStart(s, b), b)
		if !ok || wi.ctx&(1<<ctxPhone) == 0 {
			return true
		}
	}
	return false
}

// listedName returns the name flags (wGiven, wSurname) the lists give
// s[a:b], none for a name that is an everyday word too.
func listedName(s string, a, b int) uint16 {
	wi, ok := lookupWord(s, a, b)
	if !ok || wi.flags&wStop != 0 || wi.ctx != 0 || wi.spec != 0 {
		return 0
	}
	var buf [maxWord]byte
	if w := string(lowerWord(s[a:b], &buf)); slices.Contains(wordGivenNames, w) || slices.Contains(wordFamilyNames, w) {
		return 0
	}
	return wi.flags & (wGiven | wSurname)
}

// monthWordIn reports a month's name or abbreviation among the words of s
// ("12. Mai", "March 61").
func monthWordIn(s string) bool {
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && (isASCIILetter(s[j]) || s[j] >= 0x80) {
			j++
		}
		if wi, ok := lookupWord(s, i, j); ok && wi.flags&wMonth != 0 {
			return true
		}
		i = j + 1
	}
	return false
}

// digitsOutside returns the longest run of digits (a blank, '-' or '/'
// between them allowed) that no finding of category c covers: a number
// beside the one found ("/ 7654321"), not a note's opening hours ("Mo-Fr
// 8-17 Uhr").
func (sc *scan) digitsOutside(c Category) int {
	longest, run := 0, 0
	for i := 0; i < len(sc.v); i++ {
		ch := sc.v[i]
		if !isDigit(ch) {
			if !((ch == ' ' || ch == '-' || ch == '/') && run > 0 && isDigit(at(sc.v, i+1))) {
				run = 0
			}
			continue
		}
		covered := false
		for k := sc.base; k < len(sc.dst) && !covered; k++ {
			f := &sc.dst[k]
			covered = f.Category == c && f.Start <= i && i < f.End
		}
		if covered {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	return longest
}

// whole classifies a short value as a whole, using the column hint.
func (sc *scan) whole(h *hint) {
	v := sc.v
	ts, te := trim(v)
	if ts >= te {
		return
	}
	for k := sc.base; k < len(sc.dst); k++ {
		f := &sc.dst[k]
		if f.Start <= ts && f.End >= te {
			f.Start, f.End = 0, len(v)
			if f.Category == GivenName && f.Score < 0.6 {
				f.Score = 0.6
			}
		}
	}
	if len(h.cats) == 0 {
		return
	}
	if h.addressOnly() {
		// In a country, city or street column a whole value that reads as
		// a name is the place ("DE", "Paris", "Florian"): the column is
		// about where, not who.
		sc.dropWhole(Name)
	}
	// "0" says nothing in most columns, but in a birth-date column whose
	// integers are dates it is 1970-01-01, as Debezium writes it
	// (io.debezium.time.Date: days since 1970), and a review found that
	// one birth date raw beside its column's others dropped.
	ph := placeholder(v[ts:te]) && !(h.days && wholeNumber(v[ts:te]))
	for _, c := range h.cats {
		matched, covered, numbered := false, false, false
		for k := sc.base; k < len(sc.dst); k++ {
			f := &sc.dst[k]
			if family(f.Category) != family(c) {
				continue
			}
			f.Score = boost(f.Score, 0.6)
			matched = true
			numbered = numbered || hasDigit(v[f.Start:f.End])
			if f.Start == 0 && f.End == len(v) {
				covered = true
				if f.Category != c && (family(c) == Name || family(c) == Address) {
					f.Category = c
				}
			}
		}
		if matched && !covered && (family(c) == Name || c == Address && (numbered || hasDigit(v)) || c == Street || c == Phone && sc.digitsOutside(Phone) >= 4) && !ph {
			// In a name column the value is the name: "Fletcher-Hughes,
			// Oliver", "VAN DEN Berg", "J. Smith" must not keep the
			// part no name list knows raw next to the part one does. In
			// an address column the value is the address when a house
			// number or a postcode was found in it: "45 rue Pasteur, Apt
			// 3", "chez M. Martin, 45 r. Pasteur", "160 rue des lilas,
			// 56095 toulouse", or beside what was found: "Résidence les
			// Hortensias, apt 12" (not a delivery remark with a word that
			// ends as streets do: "Levering via achterdeur"). In a
			// street column, any part of an address found in it: "ul. 3
			// Maja 15-216" kept the street raw beside a house number read
			// as a postcode, "al. J. Piłsudskiego 5" all but "al. J". In
			// a phone column, digits besides the numbers found are more
			// of them: "030 1234567 / 7654321", "040 12345-67 od. -68".
			sc.add(dColumnHint, c, 0, len(v), 0.85)
			continue
		}
		if matched || ph || (c == DateOfBirth && sc.anyCategory(DateOfBirth)) {
			continue
		}
		score := 0.85
		switch c {
		case Country, Gender:
			score = 0.6
		case UniqueID:
			score = 0.7
		}
		if !h.plausible(c, v[ts:te]) && !(h.house && c == Street && te-ts <= 8) && !(c == DateOfBirth && h.days && wholeNumber(v[ts:te])) {
			score = 0.3
		}
		sc.add(dColumnHint, c, 0, len(v), score)
	}
}

// wholeNumber reports an integer, as Debezium writes a date: the days since
// 1970 ("5549", "-3000").
func wholeNumber(s string) bool {
	if s != "" && s[0] == '-' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for k := 0; k < len(s); k++ {
		if !isDigit(s[k]) {
			return false
		}
	}
	return true
}

// dropWhole removes the findings of family fam that cover the whole value.
func (sc *scan) dropWhole(fam Category) {
	kept := sc.dst[:sc.base]
	for _, f := range sc.dst[sc.base:] {
		if family(f.Category) == fam && f.Start == 0 && f.End == len(sc.v) {
			continue
		}
		kept = append(kept, f)
	}
	sc.dst = kept
}

func (sc *scan) anyCategory(c Category) bool {
	for k := sc.base; k < len(sc.dst); k++ {
		if sc.dst[k].Category == c {
			return true
		}
	}
	return false
}

// dropPlaceNames discards special-category keywords that are part of an
// address ("Rue de l'Église", "Kirchstraße 4", a street column): there they
// name a place, not a person's belief or health, and reporting them would
// have the default policy drop the whole address.
func (sc *scan) dropPlaceNames() {
	dst := sc.dst[sc.base:]
	specials, places := 0, 0
	for k := range dst {
		if dst[k].Detector == detectorNames[dSpecial] {
			specials++
		}
	}
	if specials == 0 {
		return // most values: nothing more to read
	}
	for k := range dst {
		if sc.place(dst[k]) {
			places++
		}
	}
	if places == 0 {
		return
	}
	if specials*places > 1024 {
		sc.dropPlaceNamesMany(places)
		return
	}
	for k := range dst {
		if dst[k].Detector != detectorNames[dSpecial] {
			continue
		}
		for _, a := range dst {
			if sc.place(a) && a.Start <= dst[k].Start && a.End >= dst[k].End {
				dst[k].Score = 0
				break
			}
		}
	}
}

// place reports an address finding that counts: one that names a place.
func (sc *scan) place(f Finding) bool {
	return f.Score >= sc.s.minScore && family(f.Category) == Address
}

// dropPlaceNamesMany is dropPlaceNames for a value with many keywords and
// many places, megabytes of notes, where asking every place of every
// keyword would be quadratic: a keyword lies within a place when the
// places starting at or before it reach as far as it does.
func (sc *scan) dropPlaceNamesMany(places int) {
	dst := sc.dst[sc.base:]
	ps := make([][2]int, 0, places) // start, and the furthest end of the places starting up to there
	for _, a := range dst {
		if sc.place(a) {
			ps = append(ps, [2]int{a.Start, a.End})
		}
	}
	slices.SortFunc(ps, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
	for i := 1; i < len(ps); i++ {
		ps[i][1] = max(ps[i][1], ps[i-1][1])
	}
	for k := range dst {
		if dst[k].Detector != detectorNames[dSpecial] {
			continue
		}
		// the last place starting at or before the keyword
		i, found := slices.BinarySearchFunc(ps, dst[k].Start, func(p [2]int, s int) int { return cmp.Compare(p[0], s) })
		for found && i+1 < len(ps) && ps[i+1][0] == dst[k].Start {
			i++
		}
		if !found {
			i--
		}
		if i >= 0 && ps[i][1] >= dst[k].End {
			dst[k].Score = 0
		}
	}
}

// finish drops low scores, sorts the new findings by offset and removes
// duplicates.
func (sc *scan) finish() []Finding {
	dst := sc.dst
	sc.dropPlaceNames()
	w := sc.base
	for k := sc.base; k < len(dst); k++ {
		f := dst[k]
		if f.Score < sc.s.minScore {
			continue
		}
		if f.Score > 1 {
			f.Score = 1
		}
		dst[w] = f
		w++
	}
	dst = dst[:w]
	nf := dst[sc.base:]
	for a := 1; a < len(nf); a++ {
		for b := a; b > 0 && (nf[b].Start < nf[b-1].Start || nf[b].Start == nf[b-1].Start && nf[b].End > nf[b-1].End); b-- {
			nf[b], nf[b-1] = nf[b-1], nf[b]
		}
	}
	w = 0
	for a := 0; a < len(nf); a++ {
		if w > 0 && nf[w-1].Start == nf[a].Start && nf[w-1].End == nf[a].End && nf[w-1].Category == nf[a].Category {
			if nf[a].Score > nf[w-1].Score {
				nf[w-1] = nf[a]
			}
			continue
		}
		nf[w] = nf[a]
		w++
	}
	return dst[:sc.base+w]
}

// skipTimestamps lets run step over values that are ISO 8601 timestamps;
// tests turn it off to compare with the full scan.
var skipTimestamps = true

// isoTimestamp reports whether v is an ISO 8601 date and time of day and
// nothing else: YYYY-MM-DD, 'T' or a space, HH:MM, optionally :SS and a
// fraction of up to nine digits, optionally Z or an offset +HH:MM.
func isoTimestamp(v string) bool {
	if len(v) < 16 || len(v) > 38 {
		return false
	}
	digits := func(i, n int) bool {
		for ; n > 0; i, n = i+1, n-1 {
			if i >= len(v) || !isDigit(v[i]) {
				return false
			}
		}
		return true
	}
	if !digits(0, 4) || v[4] != '-' || !digits(5, 2) || v[7] != '-' || !digits(8, 2) ||
		(v[10] != 'T' && v[10] != ' ') || !digits(11, 2) || v[13] != ':' || !digits(14, 2) {
		return false
	}
	i := 16
	if i < len(v) && v[i] == ':' {
		if !digits(i+1, 2) {
			return false
		}
		i += 3
		if i < len(v) && (v[i] == '.' || v[i] == ',') {
			j := i + 1
			for j < len(v) && isDigit(v[j]) {
				j++
			}
			if j == i+1 || j-i-1 > 9 {
				return false
			}
			i = j
		}
	}
	switch {
	case i == len(v):
		return true
	case v[i] == 'Z':
		return i+1 == len(v)
	case v[i] == '+' || v[i] == '-':
		// Only +HH:MM: a compact offset (+HH, +HHMM) reads as well as
		// other digits after a time, so such values are scanned in full.
		return len(v)-i == 6 && digits(i+1, 2) && v[i+3] == ':' && digits(i+4, 2)
	}
	return false
}

// chainTitle reports a title that goes on a chain of titles but does not
// start one: "med" ("Dr. med. Schmidt"; "Med Spa", "Med Tech" are
// medical), academic abbreviations without their full stop ("Pan mgr
// Wójcik", "Mgr. Nováková", "Inż. Nowak", "Drs. Jansen"; "Sales Mgr
// Approval" is a manager's, "INZ Projekt" and "Drs Appointment" none), and
// with it the titles that abbreviate other words too ("Mag.", "Lic.",
// "Avv.", Dutch "ir."), unless a name follows.
func chainTitle(v string, i, j int) bool {
	var buf [maxWord]byte // folded without an allocation: these run for every street type and title
	switch string(lowerWord(v[i:j], &buf)) {
	case "med":
		return true
	case "mgr", "inż", "inz", "drs", "dkfm":
		return at(v, j) != '.'
	case "mag", "lic", "avv":
		// abbreviations of things too, with their full stop ("Lic.
		// Plate:", "Mag. Główny", a warehouse, "Avv. Pagamento", a
		// notice): they start a chain only before a name ("Mag. Verena
		// Stöckl", "Lic. Alejandra Ibarra", "Avv. Brambilla ha chiamato")
		return at(v, j) != '.' || !nameAhead(v, j+2) && !twoNameWords(v, j+2) && !saysAfter(v, nameWord(v, j+2), true) // also "Mag Wheels", "Lic Plate"
	case "ir":
		// Dutch "ir." (ingenieur) only before a name: Spanish "ir." ends
		// a sentence ("Quiero ir. Mañana ...")
		return at(v, j) != '.' || !nameAhead(v, j+2)
	}
	return false
}

// twoNameWords reports two capitalised words at q that may be a given
// name and a family name no list knows (unlistedName), and no label.
func twoNameWords(v string, q int) bool {
	e := nameWord(v, q)
	if e-q < 3 || at(v, e) != ' ' || !unlistedName(v, q) {
		return false
	}
	e2 := nameWord(v, e+1)
	return e2-(e+1) >= 3 && !labelAt(v, e2) && unlistedName(v, e+1)
}

// dottedSalut reports whether a lower-case salutation is one written with a
// full stop in notes ("mw. Peters", "dhr. Bakker"); "ms." and "hr." are as
// often milliseconds and hours.
func dottedSalut(w string) bool {
	switch w {
	case "mw", "dhr", "mevr", "ir":
		return true
	}
	return false
}

// salutationBefore reports whether the word before i, past blanks, '/' and
// a full stop, is a salutation: "Pan P. Nowak", "Sz. P. Nowak".
func (sc *scan) salutationBefore(i int) bool {
	v := sc.v
	e := i
	for e > 0 && (v[e-1] == ' ' || v[e-1] == '.' || v[e-1] == '/') && i-e < 3 {
		e--
	}
	s := e
	for s > 0 && (isASCIILetter(v[s-1]) || v[s-1] >= 0x80) {
		s--
	}
	wi, ok := lookupWord(v, s, e)
	return s < e && e < i && ok && wi.flags&wSalut != 0
}

// typoKinds are the context kinds whose labels are also taken typed with
// one letter wrong (see typoLabel).
var typoKinds = [...]int{ctxPhone, ctxDOB, ctxIBAN}

// typoLabels are the label words of typoKinds of seven bytes or more, with
// their kind: shorter ones are a letter away from too many other words
// ("compte" from "compter" and "compute"). Of the phone words only the
// telephone's own: "kontakt", "mobile" and "call" are a letter from
// "Kontrakt", "motile" and "calm", and a contract's number is no phone's.
var typoLabels = func() (ls []typoLabelWord) {
	for _, k := range typoKinds {
		for _, w := range strings.Fields(contextWords[k]) {
			if len(w) >= 7 && (k != ctxPhone || strings.HasPrefix(w, "tel") || strings.HasPrefix(w, "tél")) {
				ls = append(ls, typoLabelWord{w, k})
			}
		}
	}
	return ls
}()

// typoLabelWord is a label word and its context kind.
type typoLabelWord struct {
	w string
	k int
}

// typoLabel returns the context kind of the label w is one typing error
// from (a letter wrong, missing, extra, or two swapped; the first one
// right), or -1. w is a word no list knows.
func typoLabel(w string) int {
	for _, l := range typoLabels {
		if d := len(w) - len(l.w); d >= -1 && d <= 1 && w[0]|0x20 == l.w[0] && oneEdit(w, l.w) {
			return l.k
		}
	}
	return -1
}

// oneEdit reports whether a (any case) becomes b (lower case) by one edit:
// a byte replaced, added or removed, or two neighbours swapped.
func oneEdit(a, b string) bool {
	i := 0
	for i < len(a) && i < len(b) && lowerASCII(a[i]) == b[i] {
		i++
	}
	switch len(a) - len(b) {
	case 0:
		if i == len(a) {
			return false // the same word
		}
		return foldedEq(a[i+1:], b[i+1:]) ||
			i+1 < len(a) && lowerASCII(a[i]) == b[i+1] && lowerASCII(a[i+1]) == b[i] && foldedEq(a[i+2:], b[i+2:])
	case 1:
		return foldedEq(a[i+1:], b[i:])
	case -1:
		return foldedEq(a[i:], b[i+1:])
	}
	return false
}

// foldedEq reports whether a (any ASCII case) equals b (lower case).
func foldedEq(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for k := 0; k < len(a); k++ {
		if lowerASCII(a[k]) != b[k] {
			return false
		}
	}
	return true
}
