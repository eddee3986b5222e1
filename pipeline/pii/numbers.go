package pii

import "strings"

// Handlers for tokens that start with a digit, '+' or '(': phone numbers,
// payment cards, national identifiers, dates, IP addresses, postal codes and
// coordinates. A token is collected once (digits with single separators,
// bounded length) and then interpreted; the best-scoring interpretation wins.

const (
	maxND = 24 // digits in a token
	maxNG = 12 // groups in a token
)

type numTok struct {
	start, end int
	nd, ng     int
	d          [maxND]byte
	gs, ge     [maxNG]int
	sep        [maxNG]byte // separator before group k (0 for the first)
	plus       bool        // leading '+'
	paren      bool        // first group in parentheses
	trunk0     bool        // "(0)" after the country code
}

func (t *numTok) glen(k int) int { return t.ge[k] - t.gs[k] }

// gval returns the value of group k (at most 9 digits are meaningful).
func (t *numTok) gval(v string, k int) int {
	n := 0
	for p := t.gs[k]; p < t.ge[k] && p-t.gs[k] < 9; p++ {
		n = n*10 + int(v[p]-'0')
	}
	return n
}

// seps reports whether all separators of groups 1..ng-1 equal c.
func (t *numTok) seps(c byte) bool {
	for k := 1; k < t.ng; k++ {
		if t.sep[k] != c {
			return false
		}
	}
	return t.ng > 1
}

// shape reports whether the group lengths are exactly ls.
func (t *numTok) shape(ls ...int) bool {
	if t.ng != len(ls) {
		return false
	}
	for k, l := range ls {
		if t.glen(k) != l {
			return false
		}
	}
	return true
}

func (sc *scan) collect(i int, t *numTok) {
	v := sc.v
	n := len(v)
	t.start = i
	p := i
	if v[p] == '+' {
		t.plus = true
		p++
	}
	if p < n && v[p] == '(' {
		t.paren = true
		p++
	}
	var sep byte
	for t.ng < maxNG {
		gs := p
		for p < n && isDigit(v[p]) && t.nd < maxND {
			t.d[t.nd] = v[p] - '0'
			t.nd++
			p++
		}
		if p == gs {
			break
		}
		t.gs[t.ng], t.ge[t.ng], t.sep[t.ng] = gs, p, sep
		t.ng++
		t.end = p
		if p < n && isDigit(v[p]) { // too many digits: not a single identifier
			for p < n && isDigit(v[p]) {
				p++
			}
			t.end = p
			t.nd = maxND + 1
			return
		}
		q := p
		sep = 0
		if t.paren && t.ng == 1 {
			if at(v, q) != ')' {
				t.paren = false
				break
			}
			q++
			sep = ')'
			if at(v, q) == ' ' {
				q++
			}
		} else if q < n {
			switch v[q] {
			case ' ':
				q++
				sep = ' '
				if (at(v, q) == '-' || at(v, q) == '/') && at(v, q+1) == ' ' {
					if t.nd > 5 {
						sep = 0 // "030 / 1234567" joins an area code; "... / 0171 ..." lists numbers
					} else {
						sep = v[q]
						q += 2
					}
				}
			case '-', '/', '.', '+':
				sep = v[q]
				q++
			}
			intl := t.ng == 1 && (t.plus || (t.nd >= 3 && t.d[0] == 0 && t.d[1] == 0))
			if intl && hasAt(v, q, "(0)") {
				t.trunk0 = true // "+49 (0)30 1234567"
				q += 3
				if at(v, q) == ' ' {
					q++
				}
				if sep == 0 {
					sep = ' '
				}
			} else if intl && sep == ' ' && at(v, q) == '(' && isDigit(at(v, q+1)) {
				// "+1 (202) 555-0143", "+49 (030) 1234567": the area code in
				// parentheses is one group
				e := q + 1
				for e < n && isDigit(v[e]) && e-q <= 5 {
					e++
				}
				if at(v, e) == ')' && e-q-1 <= 5 {
					if v[q+1] == '0' {
						t.trunk0 = true
					}
					gs := q + 1
					for k := gs; k < e && t.nd < maxND; k++ {
						t.d[t.nd] = v[k] - '0'
						t.nd++
					}
					t.gs[t.ng], t.ge[t.ng], t.sep[t.ng] = gs, e, '('
					t.ng++
					t.end = e + 1
					q = e + 1
					if at(v, q) == ' ' || at(v, q) == '-' {
						q++
					}
					sep = ')'
				}
			}
		}
		if sep == 0 || !isDigit(at(v, q)) {
			break
		}
		p = q
	}
}

// trimLast drops the last group of t.
func (t *numTok) trimLast() {
	t.ng--
	t.nd -= t.ge[t.ng] - t.gs[t.ng]
	t.end = t.ge[t.ng-1]
}

type cand struct {
	det          int
	cat          Category
	s, e         int
	score        float64
	claim        bool // the token has a known non-PII or PII shape: do not rescan parts
	cityS, cityE int  // the city after a postal code candidate, or -1
}

func (c *cand) offer(det int, cat Category, s, e int, score float64) {
	if score > c.score {
		c.det, c.cat, c.s, c.e, c.score = det, cat, s, e, score
	}
	c.claim = true
}

// number handles a token starting at i with a digit, '+' or '('.
func (sc *scan) number(i int) int {
	v := sc.v
	n := len(v)
	// Digits inside identifiers (ORD-2014-004711, v1.2.3, x86) and decimals.
	p1, p2 := at(v, i-1), at(v, i-2)
	if isAlnum(p1) || ((p1 == '-' || p1 == '_' || p1 == '/' || p1 == '#' || p1 == '.' || p1 == ',') && isAlnum(p2)) ||
		(p1 == '$' || p1 == '.' || p1 == ',') || (p1 == 0xAC && p2 == 0x82) || (p1 == 0xA3 && p2 == 0xC2) {
		j := i + 1
		for j < n && (isAlnum(v[j])) {
			j++
		}
		return j
	}
	if isDigit(v[i]) {
		// hex groups of MAC and IPv6 addresses
		k := i
		for k < n && k-i < 5 && isHex(v[k]) {
			k++
		}
		if k-i <= 4 && (at(v, k) == ':' || (at(v, k) == '-' && k-i == 2 && isHex(at(v, k+1))) || (at(v, k) == '.' && k-i == 4 && isHex(at(v, k+1)))) {
			if e, ok := sc.hexColon(i); ok {
				return e
			}
		}
		if e := sc.geo(i); e > 0 {
			return e
		}
	}
	var t numTok
	sc.collect(i, &t)
	if t.nd > maxND {
		return t.end
	}
	if t.ng == 0 {
		return i + 1
	}
	if t.glen(0) == 6 && t.gs[0] == i {
		if e := sc.hetu(i); e > 0 {
			return e
		}
	}
	after := at(v, t.end)
	if isASCIILetter(after) || (after >= 0xC3 && after <= 0xD4) {
		if t.ng == 1 {
			return sc.digitAlnum(&t)
		}
		t.trimLast()
	}
	if t.ng == 1 && (after == '-' && isUpper(at(v, t.end+1)) && !isAlnum(at(v, t.end+2))) {
		return sc.digitAlnum(&t)
	}
	if (after == ',' || after == '%') && isDigit(at(v, t.end+1)) || after == '%' {
		return t.end // amounts and percentages
	}
	var c cand
	sc.dateCand(&t, &c)
	if c.claim && c.e > t.end {
		t.end = c.e
	}
	if !c.claim {
		sc.dottedCand(&t, &c)
	}
	if !c.claim {
		if t.ng == 1 && t.nd <= 2 {
			if e := sc.dayFirstTextDate(&t, &c); e > 0 {
				t.end = e
			}
		}
		sc.docCand(&t, &c)
		sc.cardCand(&t, &c)
		sc.idCand(&t, &c)
		sc.phoneCand(&t, &c)
		sc.postalCand(&t, &c)
	}
	if c.score > 0 {
		e := c.e
		if c.det == dPostal {
			e = sc.addPostal(&c)
		} else {
			sc.add(c.det, c.cat, c.s, c.e, c.score)
		}
		return max(e, t.end)
	}
	if c.claim {
		return t.end
	}
	// Nothing fits the whole token; a phone number may still start at a
	// later group with a trunk prefix ("Kunde 4711 030 1234567").
	for k := 1; k < t.ng; k++ {
		if v[t.gs[k]] == '0' && t.glen(k) >= 2 {
			return t.gs[k]
		}
	}
	return t.end
}

// dateCand interprets dd.mm.yyyy, yyyy-mm-dd, dd/mm/yyyy, mm/dd/yyyy and
// timestamps. A timestamp is claimed without a finding.
func (sc *scan) dateCand(t *numTok, c *cand) {
	if t.ng < 3 || t.plus || t.paren || t.sep[1] != t.sep[2] || (t.ng > 3 && t.sep[3] != ' ') {
		return
	}
	s := t.sep[1]
	if s != '.' && s != '/' && s != '-' {
		return
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
			y += 1900
			if cc < 30 {
				y += 100
			}
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
		return
	}
	sc.dobScore(c, t.start, e, y)
}

// dobScore offers a date of birth for the date at v[s:e] with year y.
func (sc *scan) dobScore(c *cand, s, e, y int) {
	if sc.noDOB || y < 1900 || y > 2030 {
		return
	}
	score := 0.3
	if sc.ctx(ctxDOB, s) && sc.last[ctxOrder] <= sc.last[ctxDOB] {
		score = 0.9
		sc.last[ctxDOB] = none // one birth date per context word
	}
	c.offer(dDOB, DateOfBirth, s, e, score)
}

// dayFirstTextDate handles "14. März 1978", "14 March 1978", "1er janvier 1980".
func (sc *scan) dayFirstTextDate(t *numTok, c *cand) int {
	v := sc.v
	d := t.gval(v, 0)
	p := t.end
	if at(v, p) == '.' {
		p++
	}
	if at(v, p) != ' ' {
		return 0
	}
	q := p + 1
	e := wordEnd(v, q)
	if e == q {
		return 0
	}
	wi, ok := lookupWord(v, q, e)
	if !ok || wi.flags&wMonth == 0 {
		return 0
	}
	if at(v, e) == '.' {
		e++
	}
	if at(v, e) != ' ' {
		return 0
	}
	ys := e + 1
	ye := ys
	for ye < len(v) && isDigit(v[ye]) {
		ye++
	}
	if ye-ys != 4 || isAlnum(at(v, ye)) {
		return 0
	}
	y := num4(v, ys)
	if !validDate(y, int(wi.month), d) {
		return 0
	}
	c.claim = true
	sc.dobScore(c, t.start, ye, y)
	return ye
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
	if at(v, p) == ',' {
		p++
	}
	if at(v, p) != ' ' {
		return 0
	}
	ys := p + 1
	ye := ys
	for ye < len(v) && isDigit(v[ye]) {
		ye++
	}
	if ye-ys != 4 || isAlnum(at(v, ye)) {
		return 0
	}
	y := num4(v, ys)
	if !validDate(y, int(wi.month), d) {
		return 0
	}
	var c cand
	sc.dobScore(&c, i, ye, y)
	if c.score > 0 {
		sc.add(c.det, c.cat, c.s, c.e, c.score)
	}
	return ye
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
	// by idCand); longer dotted runs are versions or OIDs.
	if t.ng > 3 && !(t.nd == 11 || t.nd == 9) && !(t.d[0] == 0 && t.nd == 10) {
		c.claim = true
	}
}

// docCand reports passport and driving licence numbers announced by context.
func (sc *scan) docCand(t *numTok, c *cand) {
	if t.ng != 1 || t.nd < 6 || t.nd > 12 || t.plus || t.paren {
		return
	}
	switch {
	case sc.ctx(ctxPassport, t.start):
		c.offer(dPassport, Passport, t.start, t.end, 0.8)
	case sc.ctx(ctxLicence, t.start):
		c.offer(dLicence, DriversLicence, t.start, t.end, 0.75)
	}
}

// cardCand interprets payment card numbers: 13-19 digits, contiguous or in
// the usual groups, passing Luhn and matching an issuer's prefix and length.
func (sc *scan) cardCand(t *numTok, c *cand) {
	if t.nd < 12 || t.nd > 19 || t.plus || t.paren {
		return
	}
	ok := t.ng == 1
	if !ok && (t.seps(' ') || t.seps('-')) {
		ok = true
		for k := 0; k < t.ng-1; k++ {
			if t.glen(k) != 4 {
				ok = false
			}
		}
		if t.shape(4, 6, 5) || t.shape(4, 6, 4) {
			ok = true
		}
	}
	d := t.d[:t.nd]
	if !ok || !luhn(d) || !cardIssuer(d) {
		return
	}
	score := 0.9
	if t.nd == 13 && ean13(d) {
		score = 0.4 // also a valid EAN-13 barcode
	}
	switch {
	case sc.ctx(ctxCard, t.start):
		score = 0.98
	case sc.ctx(ctxOrder, t.start):
		score = 0.15
	case sc.ctx(ctxPhone, t.start) || sc.ctx(ctxIBAN, t.start):
		score = 0.5
	}
	c.offer(dCard, CreditCard, t.start, t.end, score)
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
		case sc.schemeCtx(det, s):
			score = boost(score, 0.9)
		case sc.ctx(ctxNatID, s) || sc.ctx(ctxTax, s):
			score = boost(score, 0.8)
		case sc.ctx(ctxOrder, s):
			score *= 0.3
		case sc.ctx(ctxPhone, s) || sc.ctx(ctxCard, s) || sc.ctx(ctxIBAN, s):
			score *= 0.5
		}
		c.offer(det, cat, s, e, score)
	}
	switch t.nd {
	case 15:
		if (one || (t.glen(0) == 1 && t.seps(' '))) && frNIR(d) {
			offer(dFRNIR, NationalID, 0.85)
		}
	case 13:
		if sc.ctx(ctxNatID, s) && (one || t.glen(0) == 1) && (d[0] == 1 || d[0] == 2) && validDate(2000, int(d[3])*10+int(d[4]), 1) {
			offer(dFRNIR, NationalID, 0.5)
		}
	case 11:
		if (one || (t.shape(2, 2, 2, 3, 2) && t.sep[1] == '.' && t.sep[3] == '-')) && beNRN(d) {
			score := 0.6
			if !one {
				score = 0.85
			}
			offer(dBENRN, NationalID, score)
		}
		if one && plPESEL(d) {
			offer(dPLPESEL, NationalID, 0.75)
		}
		if one || (t.shape(2, 3, 3, 3) && t.seps(' ')) {
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
		if (one || (t.shape(3, 3, 4) && (t.seps(' ') || t.seps('-')))) && gbNHS(d) {
			score := 0.35
			if !one {
				score = 0.5
			}
			offer(dGBNHS, NationalID, score)
		}
		if (t.shape(3, 3, 2, 2) || t.shape(3, 2, 2, 3)) && t.seps('-') {
			w := weighted(d, []int{6, 5, 7, 2, 3, 4, 5, 6, 7}) % 11
			if w != 10 && w == int(d[9]) {
				offer(dVAT, TaxID, 0.5) // Polish NIP in its usual dashed form
			}
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
				score := 0.75
				if sc.ctx(ctxSSN, s) {
					score = 0.97
				}
				offer(dUSSSN, NationalID, score)
			} else {
				c.claim = true
			}
			return
		}
		if (one || (t.shape(4, 2, 3) && t.seps('.'))) && nlBSN(d) {
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

// ean13 reports whether 13 digits carry a valid EAN-13 (GTIN) check digit.
func ean13(d []byte) bool {
	s := 0
	for k := 0; k < 12; k++ {
		w := 1
		if k%2 == 1 {
			w = 3
		}
		s += int(d[k]) * w
	}
	return (10-s%10)%10 == int(d[12])
}

// callingCodes maps country calling codes to the range of national
// significant number lengths: EU/EEA, GB, CH, NANP and frequent others.
var callingCodes = func() (t [1000][2]uint8) {
	set := func(cc int, lo, hi uint8) { t[cc] = [2]uint8{lo, hi} }
	set(1, 10, 10)
	set(7, 10, 10)
	for _, cc := range []int{20, 27, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 91, 92, 93, 94, 95, 98} {
		set(cc, 7, 12)
	}
	set(30, 10, 10)
	set(31, 9, 9)
	set(32, 8, 9)
	set(33, 9, 9)
	set(34, 9, 9)
	set(36, 8, 9)
	set(39, 6, 11)
	set(40, 9, 9)
	set(41, 9, 9)
	set(43, 4, 13)
	set(44, 7, 10)
	set(45, 8, 8)
	set(46, 7, 10)
	set(47, 8, 8)
	set(48, 9, 9)
	set(49, 6, 13)
	set(90, 10, 10)
	for cc, r := range map[int][2]uint8{350: {8, 8}, 351: {9, 9}, 352: {4, 11}, 353: {7, 9}, 354: {7, 9}, 355: {8, 9},
		356: {8, 8}, 357: {8, 8}, 358: {5, 12}, 359: {8, 9}, 370: {8, 8}, 371: {8, 8}, 372: {7, 8}, 373: {8, 8},
		374: {8, 8}, 375: {9, 9}, 376: {6, 9}, 377: {8, 9}, 378: {6, 10}, 380: {9, 9}, 381: {8, 9}, 382: {8, 8},
		383: {8, 8}, 385: {8, 9}, 386: {8, 8}, 387: {8, 8}, 389: {8, 8}, 420: {9, 9}, 421: {9, 9}, 423: {7, 9},
		298: {6, 6}, 299: {6, 6}, 212: {9, 9}, 213: {9, 9}, 216: {8, 8}, 971: {8, 9}, 972: {8, 9}, 966: {9, 9}} {
		t[cc] = r
	}
	return t
}()

// callingCode parses a country calling code at the start of d and returns
// it with its length, or 0.
func callingCode(d []byte) (cc, l int) {
	if len(d) < 4 {
		return 0, 0
	}
	if c := int(d[0]); callingCodes[c][0] != 0 {
		return c, 1
	}
	if c := int(d[0])*10 + int(d[1]); callingCodes[c][0] != 0 {
		return c, 2
	}
	if c := int(d[0])*100 + int(d[1])*10 + int(d[2]); callingCodes[c][0] != 0 {
		return c, 3
	}
	return 0, 0
}

// phoneCand interprets phone numbers in international and national formats.
func (sc *scan) phoneCand(t *numTok, c *cand) {
	if t.nd < 7 || t.nd > 15 {
		return
	}
	d := t.d[:t.nd]
	score := 0.0
	switch {
	case t.plus || (d[0] == 0 && d[1] == 0 && !t.paren):
		k := 0
		if !t.plus {
			k = 2
		}
		cc, l := callingCode(d[k:])
		if cc == 0 {
			return
		}
		if t.trunk0 && d[k+l] == 0 {
			k++ // "+49 (030) ...": the trunk 0 is not part of the number
		}
		nsn := t.nd - k - l
		r := callingCodes[cc]
		if nsn < int(r[0]) || nsn > int(r[1]) {
			return
		}
		score = 0.9
		if !t.plus {
			score = 0.8
		}
		if d[k+l] == 0 && cc != 39 {
			score = 0.5
		}
		if t.trunk0 {
			score = max(score, 0.85)
		}
		if t.ng == 1 && !t.plus && t.nd < 11 {
			score = 0.4
		}
	case d[0] == 0:
		if d[1] == 0 || t.nd > 12 {
			return
		}
		switch {
		case t.ng >= 2 || t.paren:
			score = 0.6
			for k := 1; k < t.ng; k++ {
				if t.glen(k) == 1 && k < t.ng-1 {
					score = 0.4
				}
			}
		case t.nd >= 10:
			score = 0.55
		default:
			score = 0.35
		}
	default:
		switch {
		case t.paren && t.nd == 10 && t.glen(0) == 3 && d[0] >= 2:
			score = 0.7
		case t.paren && t.nd >= 8 && t.nd <= 11:
			score = 0.45
		case t.ng == 2 && t.glen(0) == 3 && (t.glen(1) == 6 || t.glen(1) == 7) && d[0] >= 2:
			score = 0.3 // Italian mobiles: 3xx 1234567
		case t.shape(3, 3, 4) && d[0] >= 2 && d[3] >= 2 && t.sep[1] == t.sep[2] && t.sep[1] != '/':
			score = 0.5
		case t.ng >= 3 && t.nd >= 8 && t.nd <= 11 && d[0] >= 2:
			score = 0.3
			for k := 0; k < t.ng; k++ {
				if l := t.glen(k); l < 2 || l > 4 {
					score = 0
				}
			}
		case t.ng == 1 && t.nd >= 8 && t.nd <= 11:
			score = 0.15
		}
	}
	if score == 0 {
		return
	}
	switch {
	case sc.ctx(ctxPhone, t.start) && sc.last[ctxPhone] >= sc.last[ctxNatID] && sc.last[ctxPhone] >= sc.last[ctxTax]:
		score = boost(score, 0.7)
	case sc.ctx(ctxOrder, t.start):
		score *= 0.4
	case sc.ctx(ctxNatID, t.start) || sc.ctx(ctxCard, t.start) || sc.ctx(ctxIBAN, t.start) || sc.ctx(ctxTax, t.start):
		score *= 0.6
	}
	c.offer(dPhone, Phone, t.start, t.end, score)
	if score < 0.35 {
		c.claim = false
	}
}

// postalCand interprets postal codes next to a city or in an address context.
func (sc *scan) postalCand(t *numTok, c *cand) {
	if t.plus || t.paren {
		return
	}
	v := sc.v
	pl := (t.shape(2, 3) || t.shape(4, 3)) && t.sep[1] == '-' || t.shape(3, 2) && t.sep[1] == ' ' // Poland, Portugal, Sweden
	if !(t.ng == 1 && (t.nd == 4 || t.nd == 5)) && !pl {
		return
	}
	s, e := t.start, t.end
	addrCtx := sc.fctx&(1<<ctxAddress) != 0 || s-sc.last[ctxAddress] <= addressWindow
	score := 0.0
	cityS, cityE := -1, -1
	p := e
	if t.nd == 4 && at(v, p) == ' ' && isUpper(at(v, p+1)) && isUpper(at(v, p+2)) && !isAlnum(at(v, p+3)) {
		// Dutch "1012 AB"
		e = p + 3
		p = e
		score = 0.75
	}
	if at(v, p) == ' ' {
		if ce := nameWord(v, p+1); ce > p+1 {
			wi, ok := lookupWord(v, p+1, ce)
			switch {
			case ok && wi.flags&wCity != 0:
				score = boost(score, 0.8)
				cityS, cityE = p+1, ce
			case ok && (wi.flags&wStop != 0 || wi.ctx != 0 || wi.flags&wMonth != 0):
			case addrCtx:
				cityS, cityE = p+1, ce
			}
		}
	}
	if addrCtx {
		score = boost(score, 0.8)
	} else if cityS < 0 && score > 0 {
		score = 0.45
	}
	if t.nd == 4 && score > 0 && cityS < 0 && !addrCtx && e == t.end {
		score = 0
	}
	if score > c.score {
		c.offer(dPostal, PostalCode, s, e, score)
		c.cityS, c.cityE = -1, -1
		if cityS >= 0 && score >= 0.5 {
			c.cityS, c.cityE = cityS, cityE
		}
	}
}

// addPostal reports a postal code and its city. Right after a street
// ("Hauptstraße 5, 10115 Berlin") the three become one address finding. It
// returns the end of what it reported.
func (sc *scan) addPostal(c *cand) int {
	if c.cityS < 0 || c.det != dPostal {
		sc.add(c.det, c.cat, c.s, c.e, c.score)
		return c.e
	}
	if n := len(sc.dst); n > sc.base && sc.s.on(dAddress) {
		st := sc.dst[n-1]
		gap := sc.v[st.End:max(st.End, c.s)]
		if st.Category == Street && st.End <= c.s && len(gap) <= 3 && strings.Trim(gap, ", \n") == "" {
			sc.dst = sc.dst[:n-1]
			sc.add(dAddress, Address, st.Start, c.cityE, max(st.Score, c.score))
			return c.cityE
		}
	}
	sc.add(c.det, c.cat, c.s, c.e, c.score)
	sc.add(dCity, City, c.cityS, c.cityE, 0.7)
	return c.cityE
}

// digitAlnum handles tokens of digits followed by letters: Spanish DNI,
// Irish PPS, house numbers ("12a"), ordinals.
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
	score := 0.85
	if sc.ctx(ctxNatID, i) {
		score = 0.97
	}
	sc.add(dFIHETU, NationalID, i, i+11, score)
	return i + 11
}

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
	if isAlnum(at(v, i-1)) || at(v, i-1) == ':' {
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
		ok := true
		for k := i; k < i+14; k++ {
			if k != i+4 && k != i+9 && !isHex(v[k]) {
				ok = false
				break
			}
		}
		if ok {
			sc.add(dMAC, DeviceID, i, i+14, 0.75)
			return i + 14, true
		}
	}
	// IPv6: up to 8 groups of 1-4 hex digits, at most one "::"
	p := i
	groups, double, letters := 0, false, false
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
			return 0, false
		}
		if p == s {
			break
		}
		groups++
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
	if isAlnum(at(v, p)) || (at(v, p) == ':' && isHex(at(v, p+1))) {
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
