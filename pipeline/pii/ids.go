package pii

import "strings"

// National identification numbers and documents announced by context.

// docCand reports passport and driving licence numbers announced by context.
func (sc *scan) docCand(t *numTok, c *cand) {
	if t.ng != 1 || t.nd < 6 || t.nd > 12 || t.plus || t.paren {
		return
	}
	switch {
	case t.nd == 12 && labelIs(sc.v, t.start, "cni", "identité", "identite") && validDate(2000, int(t.d[2]*10+t.d[3]), 1):
		// A French identity card of before 2021 ("CNI n° 120675175028",
		// "carte d'identité 120675175028"), right after its word: the
		// year and month of issue, the department and office, a serial
		// number; the card's check digit is not part of it.
		c.offer(dIDCard, NationalID, t.start, t.end, 0.85)
	case sc.ctx(ctxPassport, t.start):
		c.offer(dPassport, Passport, t.start, t.end, 0.8)
	case sc.ctx(ctxLicence, t.start):
		c.offer(dLicence, DriversLicence, t.start, t.end, 0.75)
	}
}

// stNrCand takes a German Steuernummer right after its label, in the
// forms the states print (Berlin "21/815/08150", Bavaria "181/815/08155",
// Baden-Württemberg "93815/08152", North Rhine-Westphalia
// "133/8150/8159", Rhineland-Palatinate "22/815/0815/4", with slashes or
// blanks) or in one run (10 or 11 digits, 13 in the federal form). Each
// state has its own check digit method, so the label must say what the
// number is.
func (sc *scan) stNrCand(t *numTok, c *cand) {
	if t.plus || t.paren || t.nd < 10 || t.nd > 13 || !stNrLabel(sc.v, t.start) {
		return
	}
	grouped := (t.shape(2, 3, 5) || t.shape(3, 3, 5) || t.shape(5, 5) || t.shape(3, 4, 4) || t.shape(2, 3, 4, 1)) && (t.seps('/') || t.seps(' '))
	if grouped || t.ng == 1 && t.nd != 12 {
		c.offer(dDEStNr, TaxID, t.start, t.end, 0.9)
	}
}

// stNrLabel reports a Steuernummer's label ("Steuernummer", "Steuer-Nr.",
// "Steuer Nr", "StNr", "St.-Nr.") right before pos, with blanks, a tab, a
// colon or a full stop between, or a verb that says the number follows
// ("Steuernummer lautet", "St.-Nr. ist"); no other word, which may name
// another number ("Steuernummer fehlt, Rechnung ..."). Not the end of a
// longer word: an "Umsatzsteuer-Nr." or a "USt-Nr." is a VAT number's
// (vat).
func stNrLabel(v string, pos int) bool {
	p := stNrSkip(v, pos)
	for _, w := range [...]string{"lautet", "ist", "is", "war", "was"} {
		if p >= len(w) && strings.EqualFold(v[p-len(w):p], w) {
			p = stNrSkip(v, p-len(w))
			break
		}
	}
	for _, w := range [...]string{"steuernummer", "steuer-nummer", "steuernr", "steuer-nr", "steuer nr", "stnr", "st.-nr", "st.nr", "st-nr", "st. nr"} {
		if p >= len(w) && strings.EqualFold(v[p-len(w):p], w) && !isASCIILetter(at(v, p-len(w)-1)) {
			return true
		}
	}
	return false
}

// stNrSkip returns where the blanks, tabs, colons and full stops that end
// at pos start.
func stNrSkip(v string, pos int) int {
	for pos > 0 && (v[pos-1] == ' ' || v[pos-1] == '\t' || v[pos-1] == ':' || v[pos-1] == '.') {
		pos--
	}
	return pos
}

// idCand interprets national identification numbers made only of digits.
func (sc *scan) idCand(t *numTok, c *cand) {
	if t.plus || t.paren || t.nd < 9 || t.nd > 15 {
		return
	}
	d := t.d[:t.nd]
	one := t.ng == 1
	s, e := t.start, t.end
	offer := func(det int, cat Category, score float64) {
		switch {
		case sc.schemeCtx(det, s), det == dATSVNR && sc.schemeCtx(dDESVNR, s): // SV-Nr. is either's
			score = boost(score, 0.9)
		case sc.ctx(ctxNatID, s) || sc.ctx(ctxTax, s):
			score = boost(score, 0.8)
		case sc.ctx(ctxOrder, s) || one && trackingLabel(sc.v, s) || codeLabel(sc.v, s): // "DTMF 828 656 6424"
			score *= 0.3
		case sc.ctx(ctxPhone, s) || sc.ctx(ctxCard, s) || sc.ctx(ctxIBAN, s):
			score *= 0.5
		}
		c.offer(det, cat, s, e, score)
	}
	// After the scheme's own word a number passing its check is the
	// scheme's in any grouping of blanks, dots or dashes: agents type what
	// they hear or read off a letter in twos, threes and fours ("BSN 12 34
	// 56 782", "Steuer-ID 6592 9970 489", "PESEL 4405 1401 359", "NHS No:
	// 943 4765 919"). Without
	// the word only the groupings the documents print count (below): a
	// product's or an order's number grouped so passes a check by chance.
	named := func(det int) bool { return !one && t.sepsIn(" .-") && sc.schemeCtx(det, s) }
	switch t.nd {
	case 15:
		// As on the carte Vitale ("1 85 03 75 116 238 81"), or, after a
		// NIR word, the key apart ("sécu 1850375116238 81"; an EAN and a
		// quantity look so too).
		if (one || (t.glen(0) == 1 && t.seps(' ')) || nirDotted(t) || (t.shape(13, 2) && t.seps(' ') && sc.schemeCtx(dFRNIR, s)) || sc.nirSlashKey(t)) && frNIR(d) {
			offer(dFRNIR, NationalID, 0.85)
		}
	case 13:
		if sc.ctx(ctxNatID, s) && (one || t.glen(0) == 1) && (d[0] == 1 || d[0] == 2) && validDate(2000, int(d[3])*10+int(d[4]), 1) {
			offer(dFRNIR, NationalID, 0.5)
		}
		// Swiss AHV-Nr. as the card prints it ("756.9217.0769.85") or
		// in one run: 756 first, and the check digit; EAN barcodes leave
		// 756 unused.
		dotted := t.shape(3, 4, 4, 2) && (t.seps('.') || t.seps(' '))
		if (one || dotted) && chAHV(d) {
			score := 0.7
			if dotted {
				score = 0.9
			}
			offer(dCHAHV, NationalID, score)
		}
		if one && roCNP(d) {
			score := 0.7 // a birth date, a county and a check digit
			if d[0] == 3 || d[0] == 4 {
				// Born in the 1800s: a German or French EAN (300-440)
				// reads so, one in four hundred passes; a word must say
				// it is a CNP.
				score = 0.4
			}
			offer(dROCNP, NationalID, score)
		}
	case 11:
		// Belgian national register numbers as typed: "85.07.30-033.28"
		// (the eID's), "85.07.30.033.28", "850730-033-28", "850730 033 28".
		eid := t.shape(2, 2, 2, 3, 2) && t.sep[1] == '.' && t.sep[2] == '.' && t.sep[3] == '-' && t.sep[4] == '.'
		grouped := (t.shape(2, 2, 2, 3, 2) || t.shape(6, 3, 2)) && t.sepsIn(".- ")
		if (one || grouped) && beNRN(d) {
			score := 0.6
			switch {
			case eid:
				score = 0.85
			case grouped:
				// Lot and build numbers start with a date as these do
				// ("Lot 250408-896-96"): a word must say which it is.
				score = 0.45
			}
			offer(dBENRN, NationalID, score)
		}
		// The birth date, then the serial with the check digit or apart
		// from it ("720626 7716 2", "720626-7716-2").
		pesel := (t.shape(6, 5) || t.shape(2, 2, 2, 5)) && t.seps(' ') || t.shape(6, 4, 1) && (t.seps(' ') || t.seps('-'))
		if (one || pesel || named(dPLPESEL)) && plPESEL(d) {
			score := 0.75
			if pesel {
				score = 0.45 // "PESEL 740309 33429": a word must say so
			}
			offer(dPLPESEL, NationalID, score)
		}
		if one && trTCKN(d) {
			// Two check digits, but no date: one number in a hundred
			// passes, so alone it is not taken at the policy's usual
			// minimum score; "TC Kimlik No" or an id word raises it.
			offer(dTRTCKN, NationalID, 0.4)
		}
		if one || (t.shape(2, 3, 3, 3) && t.seps(' ')) || named(dDETaxID) {
			if ok, strict := steuerID(d); ok {
				score := 0.45
				if strict {
					score = 0.6
				}
				offer(dDETaxID, TaxID, score)
			}
		}
	case 10:
		sepd := t.shape(6, 4) && (t.sep[1] == '-' || t.sep[1] == '+')
		if (one || sepd) && sePNR(d) {
			score := 0.55
			if sepd {
				score = 0.8
			}
			offer(dSEPNR, NationalID, score)
		}
		if (one || (t.shape(6, 4) && t.sep[1] == '-')) && dkCPR(d) {
			score := 0.5
			if !one {
				score = 0.75
			}
			offer(dDKCPR, NationalID, score)
		}
		if (one || (t.shape(4, 6) && t.seps(' '))) && atSVNR(d) {
			score := 0.5
			if !one {
				score = 0.75
			}
			offer(dATSVNR, NationalID, score)
		}
		// A Czech or Slovak birth number as it is written, with its
		// slash ("736028/5163"); in one run only after a word for it or
		// for an id: a phone number with its trunk 0 reads as a date of
		// the 2000s. So does one written with its slash ("035201/2001",
		// a Saxon area code), and a date-coded file number of these
		// years ("Az. 240115/2006") is one: dated in the 2000s, the
		// slashed form too needs the word.
		slashed := t.shape(6, 4) && t.sep[1] == '/'
		if (slashed || one && (sc.schemeCtx(dCZRC, s) || sc.ctx(ctxNatID, s))) && czRC(d) {
			score := 0.85
			switch {
			case one:
				score = 0.5
			case num(d[:2]) < 54:
				score = 0.45
			}
			offer(dCZRC, NationalID, score)
		}
		nip := one && sc.labelledBy(ctxTax, s)
		if nip && plNIP(d) {
			offer(dVAT, TaxID, 0.8) // "NIP 7343589792": a Polish tax number, not an NHS number
		}
		// the card's 3-3-4, or any grouping after "NHS" ("NHS No: 943 4765 919")
		if !nip && (one || (t.shape(3, 3, 4) && (t.seps(' ') || t.seps('-'))) || named(dGBNHS)) && gbNHS(d) {
			score := 0.35
			if !one {
				score = 0.5
			}
			offer(dGBNHS, NationalID, score)
		}
		if (t.shape(3, 3, 2, 2) || t.shape(3, 2, 2, 3)) && t.seps('-') && plNIP(d) {
			offer(dVAT, TaxID, 0.5) // Polish NIP in its usual dashed form
		}
	case 12:
		if (one || (t.shape(8, 4) && (t.sep[1] == '-' || t.sep[1] == '+'))) && (d[0] == 1 && d[1] >= 8 || d[0] == 2 && d[1] == 0) && sePNR(d[2:]) {
			score := 0.55
			if !one {
				score = 0.85
			}
			if d[0] == 2 && d[2] >= 1 {
				score *= 0.5 // born 2010 or later: more likely a dated serial number
			}
			offer(dSEPNR, NationalID, score)
		}
	case 9:
		if t.shape(3, 2, 4) && t.seps('-') {
			if usSSN(d) {
				offer(dUSSSN, NationalID, sc.scoreNear(ctxSSN, s, 0.75, 0.97))
			} else {
				c.claim = true
			}
			return
		}
		// 3-3-3 and others only after a BSN word (named): VAT numbers are
		// grouped so too.
		if (one || (t.shape(4, 2, 3) && t.sepsIn(". -")) || named(dNLBSN)) && nlBSN(d) {
			offer(dNLBSN, NationalID, 0.4)
		}
		if (one || (t.shape(3, 3, 3) && t.seps(' '))) && ptNIF(d) {
			offer(dPTNIF, TaxID, 0.35)
		}
		if one && sc.ctx(ctxSSN, s) && usSSN(d) {
			offer(dUSSSN, NationalID, 0.9)
		}
	}
}

// digitAlnum handles tokens of digits followed by letters: Spanish DNI,
// Irish PPS, house numbers ("12a"), ordinals (and dates that begin with
// one: "12th March 1985").
func (sc *scan) digitAlnum(t *numTok) int {
	v := sc.v
	e := t.end
	for e < len(v) && isAlnum(v[e]) {
		e++
	}
	if t.nd == 8 {
		le := t.end
		if v[le] == '-' {
			le++
		}
		if le+1 <= len(v) && isUpper(v[le]) && !isAlnum(at(v, le+1)) && dniLetters[num(t.d[:8])%23] == v[le] {
			score := 0.8
			if sc.ctx(ctxNatID, t.start) || sc.ctx(ctxTax, t.start) {
				score = 0.95
			}
			sc.add(dESDNI, NationalID, t.start, le+1, score)
			return le + 1
		}
	}
	if t.ng == 1 && t.nd == 8 && e-t.start == 12 && deSVNR(v[t.start:e]) {
		// "65170839J003": a German social insurance number. Unlabelled,
		// not where a date-coded order or batch number is as likely
		// ("Auftrag 20240115A010", "Charge 20240622L313": a review).
		if sc.ctx(ctxNatID, t.start) {
			sc.add(dDESVNR, NationalID, t.start, e, 0.95)
			return e
		}
		if sc.schemeCtx(dDESVNR, t.start) && !(sc.near(ctxOrder, t.start) && yearFirstDate(t.d[:8])) {
			// "SV-Nr. 65170839J003", "SV-Nr. 20150605M010" (area 20,
			// born 2015: a year-first date too); not "Auftrag SV-Nr.
			// 20240115A010"
			sc.add(dDESVNR, NationalID, t.start, e, 0.95)
			return e
		}
		if !sc.ctx(ctxOrder, t.start) && sc.fctx&(1<<ctxOrder) == 0 && !yearFirstDate(t.d[:8]) {
			sc.add(dDESVNR, NationalID, t.start, e, 0.75)
			return e
		}
	}
	if t.ng == 1 && t.nd <= 2 {
		switch v[t.end:e] {
		case "st", "nd", "rd", "th", "er", "e": // "12th March 1985", "1er mars 1985", "1e maart"
			var c cand
			if de := sc.dayTextDate(t, e, &c); de > 0 {
				sc.add(c.det, c.cat, c.s, c.e, c.score)
				return de
			}
		}
	}
	if t.ng == 1 && t.nd <= 2 && e-t.end == 7 && wholeNumber(v[t.end+3:e]) {
		// "12MAR1985", as old systems print dates
		if wi, ok := lookupWord(v, t.end, t.end+3); ok && wi.flags&wMonth != 0 {
			if y := num4(v, t.end+3); validDate(y, int(wi.month), t.gval(v, 0)) {
				var c cand
				if sc.dobScore(&c, t.start, e, y); c.score > 0 {
					sc.add(c.det, c.cat, c.s, c.e, c.score)
				}
				return e
			}
		}
	}
	if t.nd == 7 && (e-t.start == 8 || e-t.start == 9) && iePPS(v[t.start:e]) {
		score := 0.75
		if sc.ctx(ctxNatID, t.start) {
			score = 0.95
		}
		sc.add(dIEPPS, NationalID, t.start, e, score)
		return e
	}
	if e-t.start >= 6 && e-t.start <= 16 && (sc.ctx(ctxPassport, t.start) || sc.ctx(ctxLicence, t.start)) {
		sc.docFinding(t.start, e)
		return e
	}
	return e
}

// labelledShort adds a card's security code ("CVV 123") or a Spanish DNI
// typed loosely ("DNI 12345678 Z") that t starts and returns its end, or
// 0 for neither.
func (sc *scan) labelledShort(t *numTok) int {
	if t.nd <= 4 && sc.securityCode(t) {
		sc.add(dCard, CreditCard, t.start, t.end, 0.9)
		return t.end
	}
	if e := sc.dniEnd(t); e > 0 {
		sc.add(dESDNI, NationalID, t.start, e, 0.95)
		return e
	}
	return 0
}

// dniEnd returns the end of a Spanish DNI whose eight digits t holds,
// typed loosely right after a word that names an identity or tax number
// ("DNI 12345678 Z", "dni 12345678z", "DNI: 12.345.678-Z"): grouped by
// dots as the card prints them, the letter apart, or in lower case when
// glued to the digits or after a dash (a lower-case letter after a blank
// is a word: Spanish "y", Polish "z", "w"). It returns 0 for none;
// digitAlnum reads "12345678Z" and "12345678-Z" also without a word.
func (sc *scan) dniEnd(t *numTok) int {
	v := sc.v
	if t.nd != 8 || t.plus || t.paren || !(t.ng == 1 || t.shape(2, 3, 3) && t.seps('.')) {
		return 0
	}
	p := t.end
	if c := at(v, p); c == ' ' || c == '-' {
		p++
	}
	c := at(v, p)
	if isLower(c) && at(v, p-1) != ' ' {
		c -= 'a' - 'A'
	}
	if !isUpper(c) || isAlnum(at(v, p+1)) || dniLetters[num(t.d[:8])%23] != c || !sc.esIDNamed(t.start) {
		return 0
	}
	return p + 1
}

// esIDNamed reports a word right before pos that names an identity or a
// tax number, not "cf." (compare), or a Spanish one's word near it ("DNI
// del titular:").
func (sc *scan) esIDNamed(pos int) bool {
	return sc.labelledBy(ctxNatID, pos) && !strings.EqualFold(labelWord(sc.v, sc.last[ctxNatID]), "cf") ||
		sc.labelledBy(ctxTax, pos) || sc.schemeCtx(dESDNI, pos) || sc.schemeCtx(dESNIE, pos)
}

// corsicanNIR reports the French NIR of a person born in Corsica, whose
// department is 2A or 2B, also in lower case ("252022A271344 37", "2 52 02
// 2A 271 344 37", its key after a slash as in nirSlashKey): t holds the
// digits before the letter, and the check is computed with 19 for 2A and
// 18 for 2B. It returns the NIR's end, or 0.
func (sc *scan) corsicanNIR(t *numTok) int {
	v := sc.v
	spaced := t.shape(1, 2, 2, 1) && t.seps(' ')
	if t.nd != 6 || t.d[5] != 2 || t.plus || t.paren || !(t.ng == 1 || spaced) {
		return 0
	}
	var d [15]byte
	copy(d[:], t.d[:5])
	d[5], d[6] = 1, 9
	if v[t.end]|0x20 == 'b' {
		d[6] = 8
	}
	// The eight digits after the letter, in groups of the lengths the
	// grouping allows: glued, or the key apart, or as the card prints them.
	p, n := t.end+1, 7
	var groups [3]int
	ng := 0
	for n < 15 && ng < 3 {
		if at(v, p) == ' ' && isDigit(at(v, p+1)) && (spaced || ng > 0) || at(v, p) == '/' && n == 13 && isDigit(at(v, p+1)) {
			p++ // the key after a slash too: "2 52 02 2A 271 344/37"
		}
		s := p
		for p < len(v) && isDigit(v[p]) && n < 15 {
			d[n] = v[p] - '0'
			n++
			p++
		}
		if p == s {
			break
		}
		groups[ng] = p - s
		ng++
	}
	ok := n == 15 && !isAlnum(at(v, p)) && at(v, t.end+1) == ' ' == spaced
	switch {
	case !ok:
	case spaced:
		ok = groups == [3]int{3, 3, 2}
	default:
		ok = groups == [3]int{8} || groups == [3]int{6, 2}
	}
	if !ok || !frNIR(d[:]) {
		return 0
	}
	score := 0.85
	switch {
	case sc.schemeCtx(dFRNIR, t.start) || sc.ctx(ctxNatID, t.start):
		score = boost(score, 0.9)
	case sc.ctx(ctxOrder, t.start) || !spaced && trackingLabel(v, t.start):
		score *= 0.3
	}
	sc.add(dFRNIR, NationalID, t.start, p, score)
	return p
}

// trackingLabel reports whether the word right before pos labels a
// parcel's tracking number, which may pass a national id's check
// ("Numéro de suivi 155120638618471", "Nr przesyłki ...", "Colissimo :
// ..."). The words label only: "przesyłka" is also a parcel a note speaks
// of before a phone number, and "suivi" a follow-up unless "de" comes
// before it ("patiente en suivi"). Carriers print their numbers in one
// run: callers ask only of those.
func trackingLabel(v string, pos int) bool {
	if le := labelEnd(v, pos); le >= 0 && strings.EqualFold(labelWord(v, le), "suivi") {
		var buf [maxWord]byte
		tail := string(lowerWord(v[max(0, le-16):le], &buf)) // 16 bytes: it fits
		return strings.Contains(tail, "de suivi") || strings.Contains(tail, "suivi n")
	}
	return labelIs(v, pos, trackingWords...)
}

// trackingWords are the other words of trackingLabel, carriers' names among them.
var trackingWords = []string{"colis", "zendingnummer", "zending", "trackingnummer", "trace", "przesyłki", "przesylki",
	"przesyłka", "przesylka", "paczki", "parcel", "shipment", "colissimo", "chronopost", "geodis", "postnl", "inpost",
	"dhl", "ups", "gls", "dpd", "fedex", "tnt", "bpost"} // not Hermes, a family name too

func (sc *scan) docFinding(s, e int) {
	if sc.ctx(ctxPassport, s) {
		sc.add(dPassport, Passport, s, e, 0.8)
	} else {
		sc.add(dLicence, DriversLicence, s, e, 0.75)
	}
}

// hetu handles a Finnish personal identity code starting at i.
func (sc *scan) hetu(i int) int {
	v := sc.v
	if i+11 > len(v) || isAlnum(at(v, i+11)) || !fiHETU(v[i:i+11]) {
		return 0
	}
	sc.add(dFIHETU, NationalID, i, i+11, sc.scoreNear(ctxNatID, i, 0.85, 0.97))
	return i + 11
}

// nirSlashKey reports a French NIR typed with its key after a slash, as
// forms and letters print it apart ("1 85 05 78 006 084/91"): the groups
// before it as the card prints them, or in one run after a NIR's word
// ("NIR 1850578006084/91"; a reference and its suffix read so too). A leak
// hunt found these raw; the key is checked as ever.
func (sc *scan) nirSlashKey(t *numTok) bool {
	k := t.ng - 1
	if k < 1 || t.sep[k] != '/' || t.glen(k) != 2 {
		return false
	}
	if k == 1 {
		return t.glen(0) == 13 && sc.schemeCtx(dFRNIR, t.start)
	}
	for g := 1; g < k; g++ {
		if t.sep[g] != ' ' {
			return false
		}
	}
	return t.glen(0) == 1
}

// nirDotted reports a French NIR grouped as the carte Vitale prints it,
// with dots: "1.49.02.75.402.683.79". Other dotted runs of 15 digits are
// OIDs ("1.2.250.1.213.498.96.2").
func nirDotted(t *numTok) bool {
	return t.shape(1, 2, 2, 2, 3, 3, 2) && t.seps('.')
}

// plNIP reports a Polish tax number (NIP): ten digits, the last the
// weighted sum of the others mod 11.
func plNIP(d []byte) bool {
	w := weighted(d, []int{6, 5, 7, 2, 3, 4, 5, 6, 7}) % 11
	return w != 10 && w == int(d[9])
}

// structuredCommunication returns the end of a Belgian structured
// payment reference at i ("+++090/9337/55493+++", "***...***"; OGM/VCS),
// or 0: a bank transfer's reference, which read as a phone number was
// masked.
func structuredCommunication(v string, i int) int {
	m := v[i]
	if at(v, i+1) != m || at(v, i+2) != m {
		return 0
	}
	p := i + 3
	for k, l := range [3]int{3, 4, 5} {
		for q := 0; q < l; q++ {
			if !isDigit(at(v, p)) {
				return 0
			}
			p++
		}
		if k < 2 {
			if at(v, p) != '/' {
				return 0
			}
			p++
		}
	}
	if at(v, p) != m || at(v, p+1) != m || at(v, p+2) != m {
		return 0
	}
	return p + 3
}

// spacedIDCard reports an identity card number typed with a blank after
// its three letters ("nr dowodu AZD 462741") after its label, and returns
// its end, or 0.
func (sc *scan) spacedIDCard(i, j int) int {
	v := sc.v
	e := j + 1
	for e < len(v) && isDigit(v[e]) && e-j <= 6 {
		e++
	}
	if e-j-1 != 6 || isAlnum(at(v, e)) {
		return 0
	}
	score := idCardScore(v, sc.last[ctxNatID], v[i:j]+v[j+1:e])
	if score == 0 {
		return 0
	}
	sc.add(dIDCard, NationalID, i, e, score)
	return e
}

// numberLabel returns the end of word at v[i:j] with a number suffix
// ("sofi-nummer", "SV Nr.", "sofinr.", not "sofi" alone), or 0: labels
// whose first word alone says something else (Sofi is a given name, SV a
// sports club, Swedish).
func numberLabel(v string, i, j int, word string) int {
	if j-i != len(word) || !hasAt(v, i, word) {
		return 0
	}
	p := j
	if at(v, p) == '-' || at(v, p) == ' ' {
		p++
	}
	for _, w := range [...]string{"nummer", "nr"} {
		if hasAt(v, p, w) && !isAlnum(at(v, p+len(w))) {
			e := p + len(w)
			if at(v, e) == '.' {
				e++
			}
			return e
		}
	}
	return 0
}
