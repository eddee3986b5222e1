package pii

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

	last     [nCtx]int // end offset of the last context word of each kind
	scheme   int       // detector named by the last scheme word (pesel, cpr), -1
	schemeAt int       // end offset of that word
	capStart int       // start of the current run of capitalised words
	capEnd   int       // end of the last capitalised word

	pend      *hint // hint of a JSON key or XML tag whose value is being scanned
	pendStart int
	pendEnd   int
	pendIdx   int // len(dst) when the value started: its findings come after
}

func (sc *scan) reset() {
	for k := range sc.last {
		sc.last[k] = none
	}
	sc.capStart, sc.capEnd = none, none
	sc.scheme, sc.schemeAt = -1, none
}

// schemeCtx reports whether a word naming detector d's scheme precedes pos.
func (sc *scan) schemeCtx(d int, pos int) bool {
	return sc.scheme == d && pos-sc.schemeAt <= contextWindow
}

// ctx reports whether context kind k applies to a candidate starting at pos.
func (sc *scan) ctx(k int, pos int) bool {
	return sc.fctx&(1<<k) != 0 || pos-sc.last[k] <= contextWindow
}

// add appends a finding if its detector is enabled.
func (sc *scan) add(d int, c Category, start, end int, score float64) {
	if !sc.s.on(d) || start >= end {
		return
	}
	sc.dst = append(sc.dst, Finding{Category: c, Start: start, End: end, Score: score, Detector: detectorNames[d]})
}

// dropFrom removes findings of this scan that end after pos (used when an
// e-mail address turns out to contain them).
func (sc *scan) dropFrom(pos int) {
	for len(sc.dst) > sc.base && sc.dst[len(sc.dst)-1].End > pos {
		sc.dst = sc.dst[:len(sc.dst)-1]
	}
}

func boost(s, f float64) float64 { return s + (1-s)*f }

func (sc *scan) run() {
	v := sc.v
	n := len(v)
	for i := 0; i < n; {
		c := v[i]
		cl := class[c]
		if cl == 0 {
			i++
			continue
		}
		next := i + 1
		switch {
		case cl&clDigit != 0:
			next = sc.number(i)
		case cl&(clUpper|clLower) != 0:
			next = sc.word(i)
		case cl&clHigh != 0:
			if letterLen(v, i) > 0 {
				next = sc.word(i)
			} else {
				next = i + runeLen(c)
			}
		default:
			next = sc.trigger(i)
		}
		if next <= i {
			next = i + 1
		}
		i = next
		if sc.pend != nil && i >= sc.pendEnd {
			sc.flushKey()
		}
	}
	if sc.pend != nil {
		sc.flushKey()
	}
}

func (sc *scan) trigger(i int) int {
	v := sc.v
	switch v[i] {
	case '@':
		return sc.email(i)
	case '+':
		if isDigit(at(v, i+1)) {
			return sc.number(i)
		}
	case '(':
		if isDigit(at(v, i+1)) {
			return sc.number(i)
		}
		if e := sc.bracketAt(i); e > 0 {
			return e
		}
	case '[':
		if e := sc.bracketAt(i); e > 0 {
			return e
		}
	case ':':
		if at(v, i+1) == ':' && !isHex(at(v, i-1)) {
			if e, ok := sc.hexColon(i); ok {
				return e
			}
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
	}
	return i + 1
}

// wordEnd returns the end of the run of letters starting at i.
func wordEnd(v string, i int) int {
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
			return sc.alnum(i, j)
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
	if j-i == 2 && at(v, j) == ' ' && isUpper(v[i]) && isUpper(v[i+1]) && isDigit(at(v, j+1)) {
		if e := sc.spacedNINO(i); e > 0 {
			return e
		}
	}
	capital := isUpperAt(v, i)
	info, found := lookupWord(v, i, j)
	if found {
		for k := 0; info.ctx != 0 && k < nCtx; k++ {
			if info.ctx&(1<<k) != 0 {
				sc.last[k] = j
			}
		}
		if info.scheme != 0 {
			sc.scheme, sc.schemeAt = int(info.scheme)-1, j
		}
		if info.spec != 0 {
			sc.add(dSpecial, specialCats[info.spec-1].cat, i, j, 0.6)
		}
		f := info.flags
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
		if capital && f&wStreetWeak != 0 {
			if e := sc.streetWeak(i, j); e > 0 {
				return e
			}
		}
		if (capital || j-i >= 4) && f&wSalut != 0 {
			if e := sc.afterSalutation(i, j); e > 0 {
				return e
			}
		}
		if capital && f&wGiven != 0 && f&wStop == 0 {
			return sc.nameFrom(i, j)
		}
		if capital && f&wSurname != 0 && f&wStop == 0 {
			if s := sc.nameBefore(i); s >= 0 {
				end, _, _ := sc.nameRest(j)
				sc.add(dName, Name, s, end, 0.75)
				sc.capStart, sc.capEnd = none, none
				return end
			}
		}
		if capital && f&wSurname != 0 && len(v) <= shortLimit && sc.onlyWord(i, j) {
			sc.add(dName, FamilyName, i, j, 0.5)
		}
	}
	if capital && (!found || info.flags&wStop == 0) {
		if hasStreetTail(v, i, j) {
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

// onlyWord reports whether v[i:j] is the whole value apart from blanks.
func (sc *scan) onlyWord(i, j int) bool {
	ts, te := trim(sc.v)
	return ts == i && te == j
}

// nameWord returns the end of the capitalised name word at q (including a
// hyphenated second part, "Jean-Pierre"), or q if there is none.
func nameWord(v string, q int) int {
	if q >= len(v) || letterLen(v, q) == 0 || !isUpperAt(v, q) {
		return q
	}
	e := wordEnd(v, q)
	if (at(v, e) == '-' || at(v, e) == '\'') && e+1 < len(v) && letterLen(v, e+1) > 0 && isUpperAt(v, e+1) {
		e = wordEnd(v, e+1) // Jean-Pierre, O'Brien
	}
	if e < len(v) && isDigit(v[e]) {
		return q
	}
	return e
}

// nameRest extends a name that ends at j with up to three more name words
// (given names, particles, family names). It returns the new end and whether
// a known family name or an unknown capitalised word was among them.
func (sc *scan) nameRest(j int) (end int, parts int, surname bool) {
	v := sc.v
	end = j
	p := j
	for k := 0; k < 4; k++ {
		if at(v, p) != ' ' {
			break
		}
		q := p + 1
		if q < len(v) && letterLen(v, q) > 0 && !isUpperAt(v, q) {
			e := wordEnd(v, q)
			if wi, ok := lookupWord(v, q, e); ok && wi.flags&wParticle != 0 {
				p = e
				continue
			}
			break
		}
		e := nameWord(v, q)
		if e == q {
			break
		}
		wi, ok := lookupWord(v, q, e)
		if ok && wi.flags&wParticle != 0 && at(v, e) == ' ' && nameWord(v, e+1) > e+1 {
			p = e // "de La Rochefoucauld"
			continue
		}
		if ok {
			if wi.flags&(wSurname|wGiven) == 0 && (wi.flags&(wStop|wMonth|wStreetPre|wStreetSuf|wSalut|wCity) != 0 || wi.ctx != 0 || wi.spec != 0) {
				break
			}
			if wi.flags&wStreetSuf != 0 {
				break
			}
			if wi.flags&wSurname != 0 {
				surname = true
			}
		} else if hasStreetTail(v, q, e) {
			break
		}
		if !ok || wi.flags&wGiven == 0 || wi.flags&wSurname != 0 {
			surname = surname || !ok
		}
		end = e
		parts++
		p = e
	}
	return end, parts, surname
}

// nameFrom handles a capitalised given name at v[i:j].
func (sc *scan) nameFrom(i, j int) int {
	v := sc.v
	if e := nameWord(v, i); e > j {
		j = e
	}
	end, parts, _ := sc.nameRest(j)
	if s := sc.nameBefore(i); s >= 0 {
		// "Benoît Thomas", "Mulder, Daan", "LARSSON Erik"
		if parts == 0 {
			end = j
		}
		sc.add(dName, Name, s, end, 0.8)
		sc.capStart, sc.capEnd = none, none
		return end
	}
	switch {
	case parts == 0:
		sc.add(dName, GivenName, i, j, 0.35)
		return j
	default:
		// a known family name or an unknown capitalised word after a given name
		score := 0.8
		if w, ok := lookupWord(v, lastWordStart(v, end), end); ok && w.flags&wSurname != 0 {
			score = 0.9
		}
		sc.add(dName, Name, i, end, score)
	}
	sc.capStart, sc.capEnd = none, none
	return end
}

// nameBefore returns the start of a name word written just before the given
// name at i ("Benoît Thomas", "Mulder, Daan", "LARSSON Erik"), or -1. A
// capitalised word at the start of a sentence does not count unless it is
// upper case or followed by a comma.
func (sc *scan) nameBefore(i int) int {
	v := sc.v
	p := i - 1
	comma := false
	if at(v, p) != ' ' {
		return -1
	}
	p--
	if at(v, p) == ',' {
		comma = true
		p--
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
	allCaps := true
	for k := s; k < e; k++ {
		if isLower(v[k]) {
			allCaps = false
			break
		}
	}
	wi, ok := lookupWord(v, s, e)
	if ok && (wi.flags&(wStop|wSalut|wMonth|wStreetPre|wStreetSuf|wCity) != 0 || wi.ctx != 0 || wi.spec != 0) {
		return -1
	}
	if ok && wi.flags&wSurname != 0 || allCaps && e-s > 2 {
		return s
	}
	if comma {
		return -1
	}
	// an unknown capitalised word: only mid-sentence
	b := s - 1
	for b >= 0 && v[b] == ' ' {
		b--
	}
	if b < 0 || v[b] == '.' || v[b] == '!' || v[b] == '?' || v[b] == ':' || v[b] == '\n' || v[b] == '"' {
		return -1
	}
	return s
}

// lastWordStart returns the start of the word ending at e.
func lastWordStart(v string, e int) int {
	s := e
	for s > 0 && v[s-1] != ' ' && v[s-1] != '-' {
		s--
	}
	return s
}

// afterSalutation handles "Herr Müller", "Mme Dupont", "Frau Dr. Anna Schmidt".
func (sc *scan) afterSalutation(i, j int) int {
	v := sc.v
	p := j
	for k := 0; k < 3; k++ {
		if at(v, p) == '.' {
			p++
		}
		if at(v, p) != ' ' {
			return 0
		}
		q := p + 1
		e := nameWord(v, q)
		ns := q
		for e == q && k < 2 { // "Herr von Weizsäcker", "Mevr. de Boer"
			pe := wordEnd(v, q)
			if pw, ok := lookupWord(v, q, pe); pe == q || !ok || pw.flags&wParticle == 0 || at(v, pe) != ' ' {
				return 0
			}
			q = pe + 1
			e = nameWord(v, q)
			k++
		}
		if e == q {
			return 0
		}
		wi, ok := lookupWord(v, q, e)
		if ok && wi.flags&wSalut != 0 {
			p = e
			continue
		}
		for ok && wi.flags&wParticle != 0 && at(v, e) == ' ' && nameWord(v, e+1) > e+1 && k < 3 {
			q = e + 1 // "Mme de La Rochefoucauld"
			e = nameWord(v, q)
			wi, ok = lookupWord(v, q, e)
			k++
		}
		if ok && wi.flags&(wSurname|wGiven) == 0 && (wi.flags&wStop != 0 || wi.ctx != 0 || wi.spec != 0) {
			return 0
		}
		end, _, _ := sc.nameRest(e)
		sc.add(dName, Name, ns, end, 0.85)
		sc.capStart, sc.capEnd = none, none
		return end
	}
	return 0
}

// houseNumberAfter returns the end of a house number ("12", "12a", "12-14",
// "5/2") after p (which may start with '.', ',' and one space), or 0.
func houseNumberAfter(v string, p int) int {
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
	s := p
	for p < len(v) && isDigit(v[p]) && p-s < 5 {
		p++
	}
	if p == s || p-s > 4 {
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
	}
	if isAlnum(at(v, p)) {
		return 0
	}
	return p
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

// streetPrefix handles "12 rue de la Paix", "ul. Marszałkowska 12", "Via Roma 5".
func (sc *scan) streetPrefix(i, j int) int {
	v := sc.v
	start := i
	if s := houseNumberBefore(v, i); s >= 0 {
		start = s
	}
	named := false
	if start == i && isUpperAt(v, i) && sc.capEnd == i-1 && i > 0 && v[i-1] == ' ' && sc.capStart >= 0 && sc.capStart >= i-12 {
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
		if e := nameWord(v, q); e > q {
			end, p = e, e
			caps++
			continue
		}
		e := wordEnd(v, q)
		if e == q || e-q > 4 {
			break
		}
		if wi, ok := lookupWord(v, q, e); !ok || wi.flags&wParticle == 0 {
			// l', d' and friends
			if !(e-q == 1 && at(v, e) == '\'') {
				break
			}
			e++
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
	}
	sc.dropFrom(start)
	sc.add(dStreet, Street, start, end, score)
	sc.last[ctxAddress] = end
	sc.capStart, sc.capEnd = none, none
	return end
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
		e := nameWord(v, q)
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
	start := i
	if sc.capEnd == i-1 && i > 0 && v[i-1] == ' ' && sc.capStart >= 0 {
		start = sc.capStart
	} else if !compound {
		return 0
	}
	score := 0.5
	end := j
	if e := houseNumberAfter(v, j); e > 0 {
		end, score = e, 0.85
	} else if at(v, j) == '.' {
		end = j + 1
	}
	if s := houseNumberBefore(v, start); s >= 0 {
		start, score = s, 0.85
	}
	sc.dropFrom(start)
	sc.add(dStreet, Street, start, end, score)
	sc.last[ctxAddress] = end
	sc.capStart, sc.capEnd = none, none
	return end
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

// isLocal reports whether c may appear in the local part of an e-mail address.
func isLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '%' || c == '\''
}

// email handles an '@' at i.
func (sc *scan) email(i int) int {
	v := sc.v
	s := i
	for s > 0 && i-s < 64 && isLocal(v[s-1]) {
		s--
	}
	for s < i && (v[s] == '.' || v[s] == '\'') {
		s++
	}
	if s == i {
		// "anna.schmidt @ example.com"
		if at(v, i-1) == ' ' && at(v, i+1) == ' ' && isAlnum(at(v, i-2)) {
			if e := sc.obfEmail(i, i+1, true); e > 0 {
				return e
			}
		}
		return i + 1
	}
	e, ok := domainEnd(v, i+1, false)
	if !ok {
		return i + 1
	}
	sc.dropFrom(s)
	sc.add(dEmail, Email, s, e, 0.97)
	return e
}

// domainEnd parses a domain name at p. With spelled, " dot ", "(dot)" and
// "[dot]" count as dots. It returns the end and whether the domain had a
// dot and a plausible top-level domain.
func domainEnd(v string, p int, spelled bool) (int, bool) {
	n := len(v)
	dots := 0
	tldStart, end := -1, -1
	for k := 0; k < 10 && p < n; k++ {
		s := p
		for p < n && p-s < 63 && (isAlnum(v[p]) || v[p] == '-' || v[p] >= 0x80) {
			if v[p] >= 0x80 && letterLen(v, p) == 0 {
				break
			}
			p++
		}
		if p == s || v[s] == '-' || v[p-1] == '-' {
			break
		}
		tldStart, end = s, p
		// a dot, written or spelled
		q := -1
		switch {
		case at(v, p) == '.' && isAlnum(at(v, p+1)):
			q = p + 1
		case spelled && hasAt(v, p, " dot ") && isAlnum(at(v, p+5)):
			q = p + 5
		case spelled && (hasAt(v, p, "(dot)") || hasAt(v, p, "[dot]")):
			q = p + 5
		case spelled && (hasAt(v, p, " (dot) ") || hasAt(v, p, " [dot] ")):
			q = p + 7
		}
		if q < 0 {
			break
		}
		dots++
		p = q
	}
	if dots == 0 || end < 0 {
		return 0, false
	}
	tl := end - tldStart
	if tl < 2 || tl > 24 {
		return 0, false
	}
	for k := tldStart; k < end; k++ {
		if !isASCIILetter(v[k]) && !(tl > 4 && v[tldStart] == 'x' && v[tldStart+1] == 'n') {
			return 0, false
		}
	}
	return end, true
}

// hasAt reports whether v[p:] starts with s, ignoring ASCII case.
func hasAt(v string, p int, s string) bool {
	if p < 0 || p+len(s) > len(v) {
		return false
	}
	for k := 0; k < len(s); k++ {
		c := v[p+k]
		if isUpper(c) {
			c += 0x20
		}
		if c != s[k] {
			return false
		}
	}
	return true
}

// bracketAt handles "(at)", "[at]", "(@)" and "[@]" at i.
func (sc *scan) bracketAt(i int) int {
	v := sc.v
	me := 0
	switch {
	case hasAt(v, i, "(at)"), hasAt(v, i, "[at]"):
		me = i + 4
	case hasAt(v, i, "(@)"), hasAt(v, i, "[@]"):
		me = i + 3
	default:
		return 0
	}
	return sc.obfEmail(i, me, true)
}

// obfEmail handles an obfuscated e-mail address whose "at" marker spans
// v[ms:me]: "anna.schmidt at example dot com", "anna(at)example.de".
func (sc *scan) obfEmail(ms, me int, bracket bool) int {
	v := sc.v
	p := ms
	if at(v, p-1) == ' ' {
		p--
	}
	s := p
	for s > 0 && p-s < 64 && isLocal(v[s-1]) {
		s--
	}
	for s < p && v[s] == '.' {
		s++
	}
	if s == p {
		return 0
	}
	q := me
	if at(v, q) == ' ' {
		q++
	}
	e, ok := domainEnd(v, q, true)
	if !ok {
		return 0
	}
	score := 0.85
	if !bracket {
		score = 0.6
		for k := s; k < p; k++ {
			if !isASCIILetter(v[k]) {
				score = 0.75
				break
			}
		}
		if wi, found := lookupWord(v, s, p); found && wi.flags&wStop != 0 {
			return 0
		}
	}
	sc.dropFrom(s)
	sc.add(dEmailObf, Email, s, e, score)
	return e
}

// jsonKey recognises `"key": value` at i and, when the key names personal
// data, remembers the value's span so that flushKey can report it.
func (sc *scan) jsonKey(i int) {
	v := sc.v
	p := i + 1
	for p < len(v) && p-i <= 40 && (isAlnum(v[p]) || v[p] == '_' || v[p] == '-' || v[p] == '.') {
		p++
	}
	if p == i+1 || at(v, p) != '"' {
		return
	}
	key := v[i+1 : p]
	p++
	sc.newMember()
	for at(v, p) == ' ' {
		p++
	}
	if at(v, p) != ':' {
		return
	}
	p++
	for at(v, p) == ' ' {
		p++
	}
	var vs, ve int
	if at(v, p) == '"' {
		vs = p + 1
		ve = vs
		for ve < len(v) && v[ve] != '"' && ve-vs < 512 {
			if v[ve] == '\\' {
				ve++
			}
			ve++
		}
		if at(v, ve) != '"' {
			return
		}
	} else {
		vs, ve = p, p
		for ve < len(v) && ve-vs < 64 && (isDigit(v[ve]) || v[ve] == '.' || v[ve] == '-' || v[ve] == '+') {
			ve++
		}
	}
	sc.setPending(key, vs, ve)
}

// xmlTag recognises `<tag attr="...">content<` at i.
func (sc *scan) xmlTag(i int) {
	v := sc.v
	p := i + 1
	if !isASCIILetter(at(v, p)) && at(v, p) != '_' {
		return
	}
	for p < len(v) && p-i <= 40 && (isAlnum(v[p]) || v[p] == '_' || v[p] == '-' || v[p] == '.' || v[p] == ':') {
		p++
	}
	name := v[i+1 : p]
	sc.newMember()
	for p < len(v) && v[p] != '>' && v[p] != '<' && p-i < 200 {
		p++
	}
	if at(v, p) != '>' || v[p-1] == '/' {
		return
	}
	vs := p + 1
	ve := vs
	for ve < len(v) && v[ve] != '<' && ve-vs < 512 {
		ve++
	}
	if at(v, ve) != '<' {
		return
	}
	sc.setPending(name, vs, ve)
}

// newMember forgets the context words seen so far: a new JSON member or XML
// element starts, and its key, not earlier text, is its context.
func (sc *scan) newMember() {
	for k := range sc.last {
		sc.last[k] = none
	}
	sc.scheme = -1
}

func (sc *scan) setPending(key string, vs, ve int) {
	if vs >= ve {
		return
	}
	h := sc.s.hints.get(key)
	if len(h.cats) == 0 && h.ctx == 0 {
		return
	}
	if sc.pend != nil {
		sc.flushKey()
	}
	for k := 0; k < nCtx; k++ {
		if h.ctx&(1<<k) != 0 {
			sc.last[k] = vs
		}
	}
	if len(h.cats) == 0 {
		return
	}
	sc.pend, sc.pendStart, sc.pendEnd, sc.pendIdx = h, vs, ve, len(sc.dst)
}

// flushKey reports the value of a JSON key or XML tag that names personal
// data, unless a detector already found data of that kind in it.
func (sc *scan) flushKey() {
	h, vs, ve := sc.pend, sc.pendStart, sc.pendEnd
	sc.pend = nil
	val := sc.v[vs:ve]
	ts, te := trim(val)
	if ts >= te || placeholder(val[ts:te]) {
		return
	}
	from := max(sc.base, min(sc.pendIdx, len(sc.dst)))
	for from > sc.base && sc.dst[from-1].End > vs {
		from-- // a finding that started before the value but reaches into it
	}
	for _, c := range h.cats {
		found := false
		for k := from; k < len(sc.dst); k++ {
			f := &sc.dst[k]
			if f.Start >= vs && f.End <= ve && family(f.Category) == family(c) {
				f.Score = boost(f.Score, 0.5)
				found = true
			}
		}
		if !found && plausible(c, val[ts:te]) {
			sc.add(dKeyHint, c, vs+ts, vs+te, 0.75)
		}
	}
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
		"empty", "0", "x", "xx", "xxx", "tbd", "todo", "test", "inconnu", "onbekend", "brak", "default":
		return true
	}
	return false
}

// plausible reports whether a value could hold data of category c, for
// values found only through a column or key hint.
func plausible(c Category, s string) bool {
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
	switch c {
	case Email:
		return at || (letters > 3 && other > 0)
	case Phone:
		return digits >= 6 && letters <= 3
	case GivenName, FamilyName, Name, City, Country:
		return letters > 0 && digits == 0 && !at && len(s) <= 80
	case Street, Address:
		return letters > 1
	case PostalCode:
		return digits >= 3 && len(s) <= 10
	case DateOfBirth:
		return digits >= 4 && len(s) <= 40
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
		return letters > 0 && len(s) <= 20
	}
	return true
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
	ph := placeholder(v[ts:te])
	for _, c := range h.cats {
		matched := false
		for k := sc.base; k < len(sc.dst); k++ {
			f := &sc.dst[k]
			if family(f.Category) != family(c) {
				continue
			}
			f.Score = boost(f.Score, 0.6)
			matched = true
			if f.Start == 0 && f.End == len(v) {
				if f.Category != c && (family(c) == Name || family(c) == Address) {
					f.Category = c
				}
			}
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
		if !plausible(c, v[ts:te]) && !(h.house && c == Street && te-ts <= 8) {
			score = 0.3
		}
		sc.add(dColumnHint, c, 0, len(v), score)
	}
}

func (sc *scan) anyCategory(c Category) bool {
	for k := sc.base; k < len(sc.dst); k++ {
		if sc.dst[k].Category == c {
			return true
		}
	}
	return false
}

// finish drops low scores, sorts the new findings by offset and removes
// duplicates.
func (sc *scan) finish() []Finding {
	dst := sc.dst
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
