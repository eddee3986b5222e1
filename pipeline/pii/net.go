package pii

import (
	"slices"
	"strings"
)

// IP and MAC addresses and geographic coordinates.

// geo handles coordinates at i, which may point at a minus sign:
// "52.5200, 13.4050", "-33.8688,151.2093", "52.5200° N, 13.4050° E".
func (sc *scan) geo(i int) int {
	v := sc.v
	lat, fl, p := decimal(v, i)
	if p == 0 || lat > 90_0000 {
		return 0
	}
	p, hl := hemisphere(v, p, 'N', 'S')
	q := p
	if at(v, q) == ',' || at(v, q) == ';' {
		q++
	}
	if at(v, q) == ' ' {
		q++
	}
	if q == p || (!isDigit(at(v, q)) && at(v, q) != '-') {
		return 0
	}
	lon, fo, e := decimal(v, q)
	if e == 0 || lon > 180_0000 {
		return 0
	}
	e, ho := hemisphere(v, e, 'E', 'W')
	if isAlnum(at(v, e)) || (at(v, e) == '.' && isDigit(at(v, e+1))) {
		return 0
	}
	ctx := sc.ctx(ctxGeo, i) || (hl && ho)
	if fl < 4 || fo < 4 {
		if !ctx || fl < 2 || fo < 2 {
			return 0
		}
	}
	score := 0.8
	if ctx {
		score = 0.95
	}
	sc.add(dGeo, PreciseGeo, i, e, score)
	return e
}

// hemisphere skips an optional degree sign and " N" (or the letters given)
// after a coordinate at p; ok says whether a hemisphere letter was there.
func hemisphere(v string, p int, a, b byte) (int, bool) {
	if at(v, p) == 0xC2 && at(v, p+1) == 0xB0 { // °
		p += 2
	}
	q := p
	if at(v, q) == ' ' {
		q++
	}
	if c := at(v, q); (c == a || c == b) && !isAlnum(at(v, q+1)) {
		return q + 1, true
	}
	return p, false
}

// decimal parses -?\d{1,3}\.\d+ at p and returns |value| scaled by 10^4,
// the number of fraction digits and the end (0 if none).
func decimal(v string, p int) (int, int, int) {
	if at(v, p) == '-' {
		p++
	}
	s := p
	ip := 0
	for p < len(v) && isDigit(v[p]) {
		ip = ip*10 + int(v[p]-'0')
		p++
		if p-s > 3 {
			return 0, 0, 0
		}
	}
	if p == s || at(v, p) != '.' || !isDigit(at(v, p+1)) {
		return 0, 0, 0
	}
	p++
	fs := p
	frac := 0
	for p < len(v) && isDigit(v[p]) && p-fs < 12 {
		if p-fs < 4 {
			frac = frac*10 + int(v[p]-'0')
		}
		p++
	}
	f := p - fs
	for k := f; k < 4; k++ {
		frac *= 10
	}
	if isDigit(at(v, p)) {
		return 0, 0, 0
	}
	return ip*10000 + frac, f, p
}

// ipv4At returns the end of a dotted IPv4 address at p, or 0.
func ipv4At(v string, p int) int {
	for k := 0; k < 4; k++ {
		if k > 0 {
			if at(v, p) != '.' {
				return 0
			}
			p++
		}
		s, n := p, 0
		for p < len(v) && isDigit(v[p]) && p-s < 4 {
			n = n*10 + int(v[p]-'0')
			p++
		}
		if p == s || p-s > 3 || n > 255 || (p-s > 1 && v[s] == '0') {
			return 0
		}
	}
	if isDigit(at(v, p)) || (at(v, p) == '.' && isDigit(at(v, p+1))) {
		return 0
	}
	return p
}

// hexColon parses a MAC address or an IPv6 address at i.
func (sc *scan) hexColon(i int) (int, bool) {
	v := sc.v
	if isAlnum(at(v, i-1)) || at(v, i-1) == ':' && !labelBefore(v, i-1) {
		return 0, false
	}
	// MAC: six pairs separated by ':' or '-'
	if i+17 <= len(v) {
		sep := v[i+2]
		ok := sep == ':' || sep == '-'
		for k := 0; ok && k < 6; k++ {
			p := i + 3*k
			if !isHex(v[p]) || !isHex(v[p+1]) || (k < 5 && v[p+2] != sep) {
				ok = false
			}
		}
		if ok && !isAlnum(at(v, i+17)) && at(v, i+17) != sep {
			sc.add(dMAC, DeviceID, i, i+17, 0.8)
			return i + 17, true
		}
	}
	// Cisco notation: three groups of four hex digits separated by dots
	if i+14 <= len(v) && v[i+4] == '.' && v[i+9] == '.' && !isAlnum(at(v, i+14)) && at(v, i+14) != '.' {
		ok, digits := true, true
		for k := i; k < i+14; k++ {
			if k != i+4 && k != i+9 && !isHex(v[k]) {
				ok = false
				break
			}
			digits = digits && (k == i+4 || k == i+9 || isDigit(v[k]))
		}
		if ok && digits && v[i] == '0' && sc.phoneCtx(i) {
			// "mobil: 0151.2345.6789": a mobile number dotted by fours
			// after a phone word, read as a phone number (masked as a
			// device before)
			return 0, false
		}
		if ok {
			sc.add(dMAC, DeviceID, i, i+14, 0.75)
			return i + 14, true
		}
	}
	// IPv6: up to 8 groups of 1-4 hex digits, at most one "::"
	p := i
	groups, double, letters := 0, false, false
	lastEnd, cut := i, false // the end of the last group; cut: a longer "group" followed it
	doubleAtLast := false    // whether the address had its "::" by lastEnd
	for groups < 8 {
		if hasAt(v, p, "::") {
			if double {
				break
			}
			double = true
			p += 2
			if !isHex(at(v, p)) {
				break
			}
		} else if p > i {
			if at(v, p) != ':' || !isHex(at(v, p+1)) {
				break
			}
			p++
		}
		s := p
		for p < len(v) && isHex(v[p]) && p-s < 5 {
			if !isDigit(v[p]) {
				letters = true
			}
			p++
		}
		if p-s > 4 {
			if groups == 0 {
				return 0, false
			}
			// ":1710403415" after the address: a port or a time stamp
			// appended to it ("web:2001:db8::5dca:1710403415").
			// The "::" before the cut group is not the address's.
			p, cut, double = lastEnd, true, doubleAtLast
			break
		}
		if p == s {
			break
		}
		groups++
		lastEnd, doubleAtLast = p, double
		// an embedded IPv4 address ends the IPv6 one: "::ffff:192.0.2.1"
		if at(v, p) == '.' && p-s <= 3 && groups <= 7 && (double || groups == 7) {
			if e := ipv4At(v, s); e > 0 {
				p = e
				groups++
				letters = true
				break
			}
		}
	}
	if isAlnum(at(v, p)) || !cut && at(v, p) == ':' && isHex(at(v, p+1)) {
		return 0, false
	}
	if !(groups == 8 && !double) && !(double && groups >= 2 && groups <= 7) && !(double && groups == 1 && letters) {
		return 0, false
	}
	if double && groups < 3 && !letters {
		return 0, false // "10::30" is more likely a time or a ratio
	}
	sc.add(dIPv6, IPAddress, i, p, 0.85)
	return p, true
}

// labelBefore reports whether the ':' at c ends a label that cannot be a
// group of an IPv6 address ("web:", "ip:"): a word with a letter past f.
// An address may start right after one.
func labelBefore(v string, c int) bool {
	k := c - 1
	if at(v, k) == '.' {
		k-- // an abbreviated label's stop: "IP-Adr.:2a02:513::4e4"
	}
	for ; k >= 0 && isAlnum(v[k]); k-- {
		if isASCIILetter(v[k]) && !isHex(v[k]) {
			return true
		}
	}
	return false
}

// versionBefore reports whether a version word (versionTokens) labels the
// number at pos: "Version 10.4.17.201", "build: 10.4.17.201", or a word
// ending in one of versionTails: "Softwareversion 4.3.2.1",
// "Kassensoftware 2.14.3.100", "Patch 7.70.3.0" (a false-positive hunt
// found these read as IP addresses).
func versionBefore(v string, pos int) bool {
	e := pos
	for e > 0 && (v[e-1] == ' ' || v[e-1] == ':') && pos-e < 3 {
		e--
	}
	s := e
	for s > 0 && isASCIILetter(v[s-1]) && e-s < 24 {
		s--
	}
	if e == pos || e-s < 5 || e-s >= 24 || s > 0 && isASCIILetter(v[s-1]) {
		return false
	}
	var buf [24]byte
	for k := s; k < e; k++ {
		buf[k-s] = v[k] | 0x20
	}
	w := string(buf[:e-s])
	if slices.Contains(versionTokens, w) {
		return true
	}
	for _, t := range versionTails {
		if strings.HasSuffix(w, t) {
			return smallMajor(v, pos)
		}
	}
	return false
}

// versionTails end words that label a software version: "Clientversion",
// "Kassensoftware", "Sicherheitspatch", "Grafiktreiber". After them a
// dotted number is a version only with a major version below 20
// (smallMajor): an update or a program is as often followed by the IP
// address it touched ("nach Update 85.12.3.4 gesperrt", "DynDNS Update
// 91.64.12.3"), and a version that is a valid IPv4 address starts small.
var versionTails = []string{"version", "firmware", "software", "patch", "update", "treiber", "driver"}

// smallMajor reports whether the number at pos starts with a group below 20.
func smallMajor(v string, pos int) bool {
	n := 0
	for k := pos; k < len(v) && isDigit(v[k]) && k-pos < 3; k++ {
		n = n*10 + int(v[k]-'0')
	}
	return n < 20
}

// thousandsAmount reports an amount whose thousands dots separate, a
// currency right before or after it: "Total 1.100.200.250 €", "EUR
// 1.250.100.200" (a review found such amounts masked as IP addresses).
// Every group after the first has three digits; an address grouped so
// ("84.112.103.109") stays one where no currency is beside it.
func thousandsAmount(t *numTok, v string) bool {
	for k := 1; k < t.ng; k++ {
		if t.glen(k) != 3 {
			return false
		}
	}
	return currencyAt(v, t.end) || currencyBefore(v, t.start)
}

// referenceBefore reports whether a word of referenceTokens labels the
// dotted number at pos, a colon, a full stop or a blank between:
// "Kapitel 3.2.1.4", "Kap. 3.2.1.4", "Section: 10.2.1.4", "§ 3.2.1.4",
// "OID 1.3.6.1". A review found such numbers masked as IP addresses. Not
// the last part of a compound with a hyphen: "ARP-Tabelle 192.168.1.10"
// lists a machine's address.
func referenceBefore(v string, pos int) bool {
	e := labelEnd(v, pos)
	if e < 0 {
		return false
	}
	s := letterRunStart(v, e)
	if e-s > len("załącznik") || s > 0 && v[s-1] == '-' {
		return false
	}
	w := v[s:e]
	for _, t := range referenceTokens {
		if strings.EqualFold(w, t) {
			return true
		}
	}
	return false
}

// referenceTokens number a document's parts ("Kapitel", "Abschnitt",
// "Chapitre", "Hoofdstuk", "Rozdział", "Tabelle"), a classification
// ("Klasse") or name a standard or a registry ("DIN", "ISO", "OID",
// "ISBN"): the dotted number after one is a section's, an entry's or a
// standard's, not an IP address. Not words a machine's address follows
// as often: "Server", "Anlage" (a plant), "Host".
var referenceTokens = []string{
	"kapitel", "kap", "abschnitt", "abschn", "absatz", "ziffer", "tabelle", "anhang", "abbildung", "abb",
	"chapter", "section", "sect", "table", "figure", "fig", "appendix", "annex", "clause", "paragraph",
	"chapitre", "tableau", "annexe", "paragraphe",
	"hoofdstuk", "paragraaf", "tabel", "figuur", "bijlage",
	"rozdział", "rozdzial", "sekcja", "tabela", "załącznik", "zalacznik", "punkt", "pkt", "paragraf", "§",
	"klasse", "class", "classe", "klasa",
	"din", "iso", "oid", "isbn", "norm",
}

// dottedCand handles tokens made of '.'-separated groups: IPv4 addresses,
// and version strings, which are claimed without a finding.
func (sc *scan) dottedCand(t *numTok, c *cand) {
	if t.ng < 3 || t.plus || t.paren || !t.seps('.') {
		return
	}
	v := sc.v
	if t.ng == 4 {
		ok := true
		for k := 0; k < 4; k++ {
			l := t.glen(k)
			if l > 3 || t.gval(v, k) > 255 || (l > 1 && v[t.gs[k]] == '0') {
				ok = false
			}
		}
		if ok && (sc.version || versionBefore(v, t.start) || referenceBefore(v, t.start) || thousandsAmount(t, v)) && !sc.ctx(ctxIP, t.start) {
			c.claim = true // "Version 10.4.17.201", a version column, "Kapitel 3.2.1.4", "EUR 1.250.100.200"
			return
		}
		if ok {
			score := 0.85
			if sc.ctx(ctxIP, t.start) {
				score = 0.95
			}
			c.offer(dIPv4, IPAddress, t.start, t.end, score)
			return
		}
	}
	// 3 groups may still be a Belgian number or a BSN in dotted form (handled
	// by idCand), 4x4 a card (cardCand), 15 digits a French NIR
	// ("1.49.02.75.402.683.79"), 3.4.4.2 a Swiss AHV-Nr.
	// ("756.9217.0769.85", not after a version word: one version in ten
	// passes its check), 4.4.2.10 or 4.4.4.4.4 a Spanish CCC
	// (domesticAccountCand); other dotted runs are versions or OIDs.
	ccc := (t.shape(4, 4, 2, 10) || t.shape(4, 4, 4, 4, 4)) && esCCC(t.d[:20])
	if t.ng > 3 && !(t.nd == 11 || t.nd == 9 || nirDotted(t)) && !(t.d[0] == 0 && t.nd == 10) && !t.shape(4, 4, 4, 4) && // that one may be a card
		!((t.shape(3, 4, 4, 2) && chAHV(t.d[:13]) || ccc) && !sc.version && !versionBefore(v, t.start)) {
		c.claim = true
	}
}
