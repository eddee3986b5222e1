package pii

import "strings"

// E-mail addresses, plain and obfuscated ("anna at example dot com").

// isLocal reports whether c may appear in the local part of an e-mail address.
func isLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '%' || c == '\''
}

// localStart returns where the local part of an address ending at end
// starts: back over ASCII local characters and letters of any script,
// which internationalised addresses (RFC 6531) allow: "jürgen.x",
// "łukasz", and characters lost in some encoding (lostAt). Stopping at
// the first non-ASCII byte would leave "jü" or "ł" of the name raw before
// the redacted rest. There is no bound: RFC 5321's 64
// bytes bind mail servers, not what a CRM holds, and a longer local part
// cut at 64 went out with its start raw. A run walked once is not walked
// again (localRun), so a value of many '@' in one run ("a%40a%40...")
// stays linear.
func (sc *scan) localStart(end int) int {
	v := sc.v
	s := end
	for s > 0 {
		if sc.localRun[0] < s && s <= sc.localRun[1] {
			s = sc.localRun[0] // inside a run already walked back to its start
			break
		}
		if isLocal(v[s-1]) {
			s--
			continue
		}
		l := letterBefore(v, s)
		if l == 0 {
			l = lostBefore(v, s)
		}
		if l == 0 {
			break
		}
		s -= l
	}
	if end > sc.localRun[1] {
		sc.localRun = [2]int{s, end}
	}
	return s
}

// email handles an '@' at i. A doubled '@' glued to a local part and a
// domain is a typo's ("anna.weber@@gmx.de"): the address it names goes
// out as plain as a correct one, and a domain with a known top-level
// domain must follow, as after "%40".
func (sc *scan) email(i int) int {
	if at(sc.v, i+1) == '@' && isAlnum(at(sc.v, i-1)) && isAlnum(at(sc.v, i+2)) {
		if e := sc.emailAt(i, i+2); e > i+1 {
			return e
		}
	}
	return sc.emailAt(i, i+1)
}

// emailAt handles an address whose '@' is v[i:me]: '@' or, URL-encoded,
// "%40" ("mailto:max%40gmx.de", "?email=max%40gmx.de").
func (sc *scan) emailAt(i, me int) int {
	v := sc.v
	s := sc.localStart(i)
	if k := len(sc.dst) - 1; k >= sc.base && sc.dst[k].Category == Email && sc.dst[k].End > s && sc.dst[k].End <= i {
		// "anna@example.org\ufffdbob@example.org": the local part walked
		// back over a lost character into the address before; it
		// starts after it
		s = min(lostRun(v, sc.dst[k].End), i)
	}
	for s < i && (v[s] == '.' || v[s] == '\'') {
		s++
	}
	if s == i {
		if at(v, i-1) == '"' && me == i+1 {
			// A quoted local part (RFC 5322), which may hold blanks:
			// `"john doe"@example.com`, `"j.doe"@example.com`; a review
			// found it raw with its domain
			if qs := quotedLocalStart(v, i-1); qs >= 0 {
				if e, ok := domainEnd(v, me, false); ok && knownTLD(v, e) {
					sc.addOver(dEmail, Email, qs, e, 0.9)
					return e
				}
			}
		}
		// "anna.schmidt @ example.com"
		if at(v, i-1) == ' ' && at(v, me) == ' ' && isAlnum(at(v, i-2)) {
			if e := sc.obfEmail(i, me, true); e > 0 {
				return e
			}
		}
		// "hans.mueller @gmx.de": a blank typed before the '@'; the part
		// before it must look like a local part, not a word ("Kontakt
		// @gmx.de")
		if at(v, i-1) == ' ' && me == i+1 {
			if ls := sc.localStart(i - 1); ls < i-2 && strings.ContainsAny(v[ls:i-1], "._0123456789") {
				if e, ok := domainEnd(v, me, false); ok && knownTLD(v, e) {
					sc.addOver(dEmail, Email, ls, e, 0.9)
					return e
				}
			}
		}
		return i + 1
	}
	if at(v, me) == ' ' && me == i+1 {
		// "hans.mueller@ gmx.de": a blank typed after it
		if e, ok := domainEnd(v, me+1, false); ok && knownTLD(v, e) {
			sc.addOver(dEmail, Email, s, e, 0.9)
			return e
		}
	}
	e, ok := domainEnd(v, me, false)
	if !ok && me == i+1 {
		if te := typoDomainEnd(v, me); te > 0 && hasLetter(v[s:i]) {
			// "mario.rossi@libero,it", "hans.meier@gmx .de": a typo in
			// the domain leaves an address a mail server would refuse,
			// and the person it names as plain as a correct one
			sc.addOver(dEmail, Email, s, te, 0.85)
			return te
		}
		if le := labelAfterAt(v, me); le > 0 && i-s >= 2 && hasLetter(v[s:i]) && (mailHost(v[me:le]) || namedLocal(v[s:i])) {
			// "anna@web, de", "hans.meier@intranet": no domain a mail
			// server would take, but a local part that names someone as
			// an address's does. Only before a mail provider's name or
			// after a first and a last name: any other word@word is as
			// often a note's "Call@noon", "Team@Work", "Lager@Hamburg",
			// or a login's "deploy@web01", "app:secret@db-prod"
			sc.addOver(dEmail, Email, s, le, 0.6)
			return le
		}
	}
	if !ok || me > i+1 && (!knownTLD(v, e) || strings.IndexByte(v[s:i], '%') >= 0) {
		return i + 1 // "logo%402x.png": a retina image; "19%2C99%40unit.kg": a price
	}
	sc.addOver(dEmail, Email, s, e, 0.97)
	if at(v, e) == '>' && at(v, s-1) == '<' && at(v, s-2) == ' ' {
		sc.displayName(s, e) // "From: Imogen Fairweather <imogen.f@acme.co.uk>"
	}
	return e
}

// quotedLocalStart returns where the quoted local part whose closing
// quote is v[c] opens: its opening quote, at most 64 bytes back (RFC
// 5321's bound on a local part) on the same line, not glued to a word
// before it, with something between the quotes; or -1.
func quotedLocalStart(v string, c int) int {
	for k := c - 1; k >= 0 && c-k <= 64; k-- {
		switch v[k] {
		case '\n', '\r':
			return -1
		case '"':
			if at(v, k-1) == '\\' {
				continue // an escaped quote inside the local part
			}
			if k == c-1 || isAlnum(at(v, k-1)) {
				return -1
			}
			return k
		}
	}
	return -1
}

// typoDomainEnd reads at p a domain name typed with its last dot wrong: a
// comma for it ("libero,it"), or a blank before or after it ("gmx .de",
// "gmx. de"), the top-level domain one of typoTLDs in lower case and
// ending its word. It returns the end, or 0. The label before the typo
// needs a letter: "Termin@12.03. am Vormittag" is a date before a
// sentence's end.
func typoDomainEnd(v string, p int) int {
	q := p
	for q < len(v) && (isAlnum(v[q]) || v[q] == '-' || v[q] == '.' && isAlnum(at(v, q+1))) {
		q++
	}
	if q-p < 2 {
		return 0
	}
	if host := v[p:q]; !hasLetter(host[strings.LastIndexByte(host, '.')+1:]) {
		return 0
	}
	t := q
	switch {
	case at(v, t) == ',':
		t++
	case hasAt(v, t, " ."), hasAt(v, t, ". "):
		t += 2
	default:
		return 0
	}
	e := t
	for e < len(v) && isLower(v[e]) {
		e++
	}
	if e == t || isAlnum(at(v, e)) || !typoTLDs[v[t:e]] {
		return 0
	}
	return e
}

// typoTLDs are the top-level domains of the mail providers' addresses in
// the countries served: a typo before one of them is an address; before
// any two letters ("am", "in", "so") it is as often a sentence's end.
var typoTLDs = map[string]bool{"de": true, "at": true, "ch": true, "li": true, "lu": true, "fr": true, "be": true, "nl": true,
	"pl": true, "es": true, "it": true, "pt": true, "uk": true, "ie": true, "dk": true, "se": true, "no": true, "fi": true,
	"cz": true, "sk": true, "hu": true, "ro": true, "eu": true, "com": true, "net": true, "org": true, "info": true}

// mailHost reports a mail provider's name (mailHosts), also with the
// top-level domain glued to it, its dot left out ("anna@gmxde").
func mailHost(h string) bool {
	var buf [maxWord]byte
	b := lowerWord(h, &buf)
	if b == nil {
		return false // longer than any host with its TLD glued to it
	}
	h = string(b)
	if mailHosts[h] {
		return true
	}
	for tld := range typoTLDs {
		if strings.HasSuffix(h, tld) && mailHosts[h[:len(h)-len(tld)]] {
			return true
		}
	}
	return false
}

// mailHosts are the mail providers' names an address is typed with and
// its top-level domain left out ("anna@web", "mario.rossi@libero").
var mailHosts = map[string]bool{"gmx": true, "web": true, "gmail": true, "googlemail": true, "yahoo": true, "hotmail": true,
	"outlook": true, "icloud": true, "aol": true, "t-online": true, "freenet": true, "arcor": true, "posteo": true,
	"libero": true, "virgilio": true, "tiscali": true, "wanadoo": true, "laposte": true, "sfr": true, "ziggo": true,
	"kpn": true, "hetnet": true, "telenet": true, "skynet": true, "bluewin": true, "wp": true, "onet": true,
	"interia": true, "telefonica": true, "protonmail": true}

// labelAfterAt reads at p a host name without a top-level domain, as
// typed after an '@': a letter first ("t-online"), then letters, digits
// and dashes, two characters or more. It returns the end, or 0.
func labelAfterAt(v string, p int) int {
	if !isASCIILetter(at(v, p)) {
		return 0
	}
	q := p + 1
	for q < len(v) && (isAlnum(v[q]) || v[q] == '-' && isAlnum(at(v, q+1))) {
		q++
	}
	if q-p < 2 {
		return 0
	}
	return q
}

// namedLocal reports a local part of two words or more joined by '.', '_'
// or '-', each starting with a letter ("hans.meier", "h_meier"): a first
// and a last name, as a person's address has them.
func namedLocal(l string) bool {
	words := 0
	for k := 0; k < len(l); k++ {
		if k > 0 && l[k-1] != '.' && l[k-1] != '_' && l[k-1] != '-' {
			continue
		}
		if c := l[k]; !isASCIILetter(c) && c < 0x80 {
			return false
		}
		words++
	}
	return words >= 2
}

// hasLetter reports an ASCII letter in s.
func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if isASCIILetter(s[i]) {
			return true
		}
	}
	return false
}

// lostRun returns the end of the run of lost characters (lostAt) at p, p
// when there is none.
func lostRun(v string, p int) int {
	for l := lostAt(v, p); l > 0; l = lostAt(v, p) {
		p += l
	}
	return p
}

// domainEnd parses a domain name at p. With spelled, " dot ", "(dot)" and
// "[dot]" count as dots, and so do the other dotWords. It returns the end
// and whether the domain had a dot and a plausible top-level domain.
func domainEnd(v string, p int, spelled bool) (int, bool) {
	n := len(v)
	dots := 0
	tldStart, end := -1, -1
	// labels with a dash that more labels follow ("example.com-Tel.0301234567"):
	// where the domain may end, at the dash, if what follows makes none
	var cuts [10][2]int
	nCuts := 0
	// digits[c]: a label of digits only stands between cut c-1 and cut c
	// ("Tel.0301234567"): the domain did not run on past cut c-1
	var digits [11]bool
	for k := 0; k < 10 && p < n; k++ {
		s := p
		for p < n && p-s < 63 {
			if isAlnum(v[p]) || v[p] == '-' {
				p++
			} else if l := letterLen(v, p); l > 0 { // an internationalised domain's letter: "müller.de"
				p += l
			} else if q := lostRun(v, p); q > p && (isAlnum(at(v, q)) || at(v, q) == '-' || at(v, q) == '.' && p > s || q < n && letterLen(v, q) > 0) {
				p = q // Latin-1 ones, inside a label: "m\xfcller.de", "m\ufffd\ufffdller.de", "gr\ufffd.de"
			} else {
				break
			}
		}
		if p == s || v[s] == '-' {
			break
		}
		// a dot, written or spelled, and a label after it
		q := -1
		switch {
		case at(v, p) == '.' && (isAlnum(at(v, p+1)) || p+1 < n && letterLen(v, p+1) > 0 || lostAt(v, p+1) > 0):
			q = p + 1
		case spelled:
			if l := spelledDot(v, p); l > 0 && isAlnum(at(v, p+l)) {
				q = p + l
			}
		}
		if v[p-1] == '-' || dots > 0 && strings.IndexByte(v[s:p], '-') >= 0 && !hasAt(v, s, "xn--") {
			// "anna@example.com–", "anna@example.com—Tel.": a dash after
			// the address (the view's en dash); no top-level domain holds
			// one, the label before it ends the domain when it follows a
			// dot and no label follows it
			if dots > 0 && q < 0 {
				if t := s + strings.IndexByte(v[s:p], '-'); t > s && !hasAt(v, s, "xn--") {
					tldStart, end = s, t
				} else if t := s + len(strings.TrimRight(v[s:p], "-")); hasAt(v, s, "xn--") && t > s+4 {
					tldStart, end = s, t // "example.xn--p1ai-"
				}
				break
			}
			if v[p-1] == '-' {
				break
			}
			if t := s + strings.IndexByte(v[s:p], '-'); t > s && !hasAt(v, s, "xn--") {
				cuts[nCuts] = [2]int{s, t}
				nCuts++
			}
		}
		tldStart, end = s, p
		if nCuts > 0 && allDigits(v[s:p]) {
			digits[nCuts] = true
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
	e, ok := tldEnd(v, tldStart, end)
	// The labels after a dash make no domain: the address ended before
	// the last dash that leaves it one ("anna@mail.my-firm.de-Tel.0301234567"
	// ends at ".de", not at ".my"). It runs on past a cut only while the
	// labels after it end in a top-level domain at the next cut, with no
	// label of digits between: "anna@firma.de-Tel.0301234567-Web.www-firma.de-Fax.1"
	// ends at the first ".de", the phone number is not the address's.
	limit := nCuts
	for c := 1; c < nCuts; c++ {
		// a cut at a phone number's digits ("0301234567-Web", "030-1234567"),
		// not at a label of the domain's that no top-level domain is
		// ("anna@mail.my-firm.24-7.de-Tel.0301234567", "e-shop")
		if _, tok := tldEnd(v, cuts[c][0], cuts[c][1]); digits[c] || !tok && phoneLabel(v[cuts[c][0]:cuts[c][1]]) {
			limit = c
			break
		}
	}
	for c := limit - 1; c >= 0 && !ok; c-- {
		e, ok = tldEnd(v, cuts[c][0], cuts[c][1])
	}
	return e, ok
}

// tldEnd checks the top-level domain v[tldStart:end] and returns the
// domain's end.
func tldEnd(v string, tldStart, end int) (int, bool) {
	for q := tldStart; q < end; q += runeLen(v[q]) {
		if lostAt(v, q) > 0 {
			// "example.org\ufffdbob": the address ends before it, a
			// top-level domain holds none
			end = q
			break
		}
	}
	tl := end - tldStart
	if tl < 2 || tl > 24 {
		return 0, false
	}
	if tl > 4 && hasAt(v, tldStart, "xn") { // an IDN top-level domain, xn--...
		return end, true
	}
	// Letters only: ASCII, or of any script ("рф", "中国").
	for k := tldStart; k < end; {
		switch l := letterLen(v, k); {
		case l == 0:
			return 0, false
		case l > 1 && end-tldStart < 4: // a single non-ASCII letter
			return 0, false
		default:
			k += l
		}
	}
	return end, true
}

// proseAfterAt are words that follow "at" in English prose and begin no
// domain name, so that "at the point of" is not read as an address.
var proseAfterAt = map[string]bool{"the": true, "this": true, "that": true, "these": true, "those": true,
	"a": true, "an": true, "any": true, "some": true, "our": true, "your": true, "his": true, "her": true,
	"their": true, "its": true, "which": true, "what": true, "least": true, "most": true, "all": true}

// knownTLD reports whether the domain ending at e ends in a top-level
// domain people give their addresses under: any two letters (country
// codes) or a common generic one. Spelled-out and URL-encoded addresses
// take it, so that prose ("at one point she") and file names
// ("logo%402x.png") are not addresses.
func knownTLD(v string, e int) bool {
	s := e
	for s > 0 && isASCIILetter(v[s-1]) {
		s--
	}
	if s == 0 || s == e {
		return false
	}
	var buf [maxWord]byte
	tld := lowerWord(v[s:e], &buf) // nil past maxWord: no TLD is that long
	return len(tld) == 2 || genericTLDs[string(tld)]
}

var genericTLDs = map[string]bool{"com": true, "net": true, "org": true, "info": true, "biz": true, "edu": true,
	"gov": true, "int": true, "eu": true, "name": true, "pro": true, "mobi": true, "app": true, "dev": true,
	"online": true, "email": true, "berlin": true, "hamburg": true, "koeln": true, "bayern": true, "wien": true,
	"paris": true, "amsterdam": true, "brussels": true, "london": true, "swiss": true, "shop": true, "xyz": true}

// spelledWith reports whether the domain v[p:e] has word as a spelled dot.
func spelledWith(v string, p, e int, word string) bool {
	for k := p; k < e; k++ {
		if (v[k] == ' ' || v[k] == '(' || v[k] == '[') && hasAt(v, k+1, word) && !isAlnum(at(v, k+1+len(word))) {
			return true
		}
	}
	return false
}

// dotWords are the spelled-out dot of obfuscated addresses: English,
// German, French, Dutch, Polish, Spanish and Italian, Portuguese.
var dotWords = [...]string{"dot", "punkt", "point", "punt", "kropka", "punto", "ponto"}

// spelledDot returns the length of a spelled dot at v[p:] (" dot ",
// "(punkt)", " [point] "), or 0.
func spelledDot(v string, p int) int {
	for _, w := range dotWords {
		if at(v, p) == ' ' && hasAt(v, p+1, w) && at(v, p+1+len(w)) == ' ' {
			return len(w) + 2
		}
		q, sp := p, 0
		if at(v, q) == ' ' {
			q, sp = q+1, 1
		}
		for _, br := range [...]string{"()", "[]"} {
			if at(v, q) == br[0] && hasAt(v, q+1, w) && at(v, q+1+len(w)) == br[1] && (sp == 0 || at(v, q+2+len(w)) == ' ') {
				return len(w) + 2 + 2*sp
			}
		}
	}
	return 0
}

// spelledDotBefore returns the length of a spelled dot ending at v[e], or 0.
func spelledDotBefore(v string, e int) int {
	for _, w := range dotWords {
		for _, l := range [...]int{len(w) + 2, len(w) + 4} {
			if e-l >= 0 && spelledDot(v, e-l) == l {
				return l
			}
		}
	}
	return 0
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

// bracketAt handles "(at)", "[at]", "{at}", "(@)", "[@]", "(a)" and the
// other languages' words for @ in brackets ("(małpa)", "(arobase)") at i.
func (sc *scan) bracketAt(i int) int {
	v := sc.v
	var closing byte
	switch v[i] {
	case '(':
		closing = ')'
	case '[':
		closing = ']'
	case '{':
		closing = '}'
	default:
		return 0
	}
	q := i + 1
	e := q + 1
	switch {
	case at(v, q) == '@' && at(v, e) == closing:
	case at(v, q)|0x20 == 'a' && at(v, e) == closing:
		if !isAlnum(at(v, i-1)) || !isAlnum(at(v, e+1)) {
			return 0 // glued only: "(a) example.com" heads a list's item
		}
	default:
		e = wordEnd(v, q)
		if wi, ok := lookupWord(v, q, e); !ok || wi.flags&wAt == 0 || at(v, e) != closing {
			return 0
		}
	}
	return sc.obfEmail(i, e+1, true)
}

// obfEmail handles an obfuscated e-mail address whose "at" marker spans
// v[ms:me]: "anna.schmidt at example dot com", "anna(at)example.de".
func (sc *scan) obfEmail(ms, me int, bracket bool) int {
	v := sc.v
	p := ms
	if at(v, p-1) == ' ' {
		p--
	}
	s := sc.localStart(p)
	for s < p && v[s] == '.' {
		s++
	}
	if s == p {
		return 0
	}
	// "john dot smith at ...": the parts of the name before spelled dots
	// belong to the address too.
	local := s // the local part's last word
	for k := 0; k < 4; k++ {
		l := spelledDotBefore(v, s)
		if l == 0 {
			break
		}
		s2 := sc.localStart(s - l)
		if s2 == s-l {
			break
		}
		s = s2
	}
	q := me
	if at(v, q) == ' ' {
		q++
	}
	e, ok := domainEnd(v, q, true)
	if !ok || !knownTLD(v, e) {
		return 0 // "at one point she", "małpa zielona kropka złota"
	}
	var buf [maxWord]byte
	if le := wordEnd(v, q); le > q && proseAfterAt[string(lowerWord(v[q:le], &buf))] {
		return 0 // "met at the point of sale", "at this point in time"
	}
	if !bracket && hasAt(v, ms, "at") && spelledWith(v, q, e, "point") && s == local && !strings.ContainsAny(v[s:p], "._-") {
		// English "at ... point ...": "collected at pickup point fr";
		// not where the local part is an address's too, with its own
		// spelled or typed dot ("jean point dupont at free point fr",
		// "j.dupont at orange point fr")
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
	sc.addOver(dEmailObf, Email, s, e, score)
	return e
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// phoneLabel reports a domain label's digits that are a phone number's or
// its trunk prefix's: five digits or more, or a leading zero.
func phoneLabel(s string) bool {
	return allDigits(s) && (len(s) >= 5 || s[0] == '0')
}
