package pii

import "strings"

// Handlers for tokens that start with a digit, '+' or '(': phone numbers,
// payment cards, national identifiers, dates, IP addresses, postal codes and
// coordinates. A token is collected once (digits with single separators,
// bounded length) and then interpreted; the best-scoring interpretation wins.

const (
	maxND = 26 // digits in a token: a Polish account number (NRB) has 26
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
	wide       bool        // two blanks may part two groups, once
	wrap       bool        // a line break may part two groups, once
}

// subscriberAfter reports a subscriber number of five digits or more at p,
// after a bracketed area code: blanks or one '/' before it, groups apart
// by single blanks or '-' ("(0 30) 12 34 56", "(0 89)/12 34 56"), not a
// quantity ("Rabatt (0 10) 15 20 Prozent").
func subscriberAfter(v string, p int) bool {
	for at(v, p) == ' ' || at(v, p) == '/' {
		p++
	}
	n := 0
	for p < len(v) {
		switch c := v[p]; {
		case isDigit(c):
			n++
		case (c == ' ' || c == '-') && isDigit(at(v, p+1)) && n > 0:
		default:
			return n >= 5
		}
		p++
	}
	return n >= 5
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

// sepsIn reports whether all separators of groups 1..ng-1 are in set.
func (t *numTok) sepsIn(set string) bool {
	for k := 1; k < t.ng; k++ {
		if strings.IndexByte(set, t.sep[k]) < 0 {
			return false
		}
	}
	return true
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
	ccParen := false   // "(+49) 30 1234567": the bracket encloses the country code
	areaParen := false // a bracket opened before a trunk 0: it may close after an area code in groups
	if v[p] == '(' && at(v, p+1) == '+' {
		p++ // "(+31 50 529 5732)": the bracket encloses the whole number
		t.start = p
		ccParen = true
	}
	if v[p] == '+' {
		t.plus = true
		p++
	}
	if p < n && v[p] == '(' {
		e := p + 1
		for e < n && isDigit(v[e]) && e-p <= 6 {
			e++
		}
		switch {
		case at(v, e) == ')' && e > p+1:
			t.paren = true // "(030) 1234567", "(0)30 1234567"
			p++
		case !t.plus:
			p++ // "(0711 8205168)", "(058-3397162)": the bracket encloses the whole number
			t.start = p
			areaParen = at(v, p) == '0' // or an area code written in groups: "(0 30) 12 34 56"
		default:
			return
		}
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
			q = areaSepEnd(v, q) // "(030) 1234567", "(030)/1234567", "(030) - 1234567"
		} else if q < n {
			switch v[q] {
			case ')':
				if areaParen && t.ng >= 2 && t.nd >= 3 && t.nd <= 6 && subscriberAfter(v, q+1) {
					// "(0 30) 12 34 56", "(0-22) 123 45 67": DIN 5008's
					// old form and Poland's before 2005
					areaParen = false
					t.start--
					q++
					for at(v, q) == ' ' || at(v, q) == '/' && q == p+1 {
						q++
					}
					sep = ' '
					break
				}
				if !ccParen || t.ng != 1 {
					break
				}
				t.start-- // the '(' belongs to the number
				q++
				sep = ' '
				if at(v, q) == ' ' {
					q++
				}
			case ' ':
				q++
				sep = ' '
				if t.wide && at(v, q) == ' ' && isDigit(at(v, q+1)) {
					q++
					t.wide = false
				}
				switch c := at(v, q); {
				case (c == '-' || c == '/') && at(v, q+1) == ' ':
					if t.nd > 5 {
						sep = 0 // "030 / 1234567" joins an area code; "... / 0171 ..." lists numbers
					} else {
						sep = c
						q += 2
					}
				case (c == '-' || c == '/') && t.areaCode():
					sep = c // "030 /1234567", "0151 -23456789"
					q++
				case c == '\t':
					q, _ = sc.tabJoin(t, q) // "0151 \t23456789"
				}
			case '\t':
				var ok bool
				if q, ok = sc.tabJoin(t, q); ok {
					sep = ' '
				}
			case '-', '/':
				sep = v[q]
				q++
				if at(v, q) == ' ' && t.areaCode() {
					q++ // "030/ 1234567", "0151- 234 567 89"
				}
			case '.', '+':
				sep = v[q]
				q++
			case '\n', '\r':
				// "RR unter 0171\n9876543": a text area wrapped a phone
				// number a phone word announced, before its digits were
				// enough for one (a list of numbers, one a line, stays
				// apart).
				if t.wrap || t.nd < 7 && sc.phoneCtx(t.start) {
					t.wrap = false
					q++
					if v[q-1] == '\r' && at(v, q) == '\n' {
						q++
					}
					sep = ' '
				}
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

// gluedLabels are the kinds of context word that label a contact's or an
// account's field (gluedLabel).
const gluedLabels = 1<<ctxPhone | 1<<ctxEmail | 1<<ctxIBAN | 1<<ctxBIC

// gluedLabel reports the label of the next field glued to the digits that
// end at p: a phone's, an e-mail's or an account's word of three letters
// or more with a capital first ("030 1234567Fax: ...", "23456789E-Mail:",
// "...0130 00BIC"). Exports that join fields with no separator, and text
// taken out of PDFs and HTML without its line breaks, hold them; a review
// found the number before such a label raw whole, read as an
// identifier's part. Digits before any other word are one ("4711AB",
// "12kg", "1111Ablauf").
func gluedLabel(v string, p int) bool {
	if !isUpper(at(v, p)) {
		return false
	}
	if hasAt(v, p, "e-mail") {
		return true
	}
	e := wordEnd(v, p)
	if e-p < 3 {
		return false
	}
	wi, ok := lookupWord(v, p, e)
	return ok && wi.ctx&gluedLabels != 0
}

// areaCode reports a first group that an area code with its trunk 0 fills,
// three to five digits: a dash or a slash after it with a blank on one
// side only goes on to the subscriber number ("030/ 1234567",
// "0151 -23456789"), as with blanks on both sides or none. After other
// digits such a separator lists or counts.
func (t *numTok) areaCode() bool {
	return t.ng == 1 && !t.plus && t.d[0] == 0 && t.nd >= 3 && t.nd <= 5
}

// areaSepEnd returns where the subscriber number starts after an area code
// in brackets that closes right before q: a blank, a dash or a slash, or a
// dash or a slash with blanks ("(030)/1234567", "(030) - 1234567"), as
// legacy CRMs hold DIN 5008's old forms.
func areaSepEnd(v string, q int) int {
	p := q
	if at(v, p) == ' ' {
		p++
	}
	if c := at(v, p); c == '-' || c == '/' {
		p++
		if at(v, p) == ' ' {
			p++
		}
	}
	if !isDigit(at(v, p)) {
		return q
	}
	return p
}

// tabJoin returns where the number goes on after the tab at q, a blank
// after it or none, and true; or q and false when it ends there. An
// export that kept the country code, the area code and the subscriber
// number in fields of their own joins them with tabs ("Tel.
// 0151\t23456789"), and a review found the area code left raw beside the
// subscriber number masked. As a line break (collect), a tab goes on only
// after digits too few for a number of their own that a phone word
// announced: between fields of other numbers it is a separator still.
func (sc *scan) tabJoin(t *numTok, q int) (int, bool) {
	if t.nd >= 7 || !sc.phoneCtx(t.start) {
		return q, false
	}
	q++
	if at(sc.v, q) == ' ' {
		q++
	}
	return q, true
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

// listComma reports whether the comma at v[k] separates two numbers of a
// list rather than the parts of an amount: four digits or more before it
// (a thousands group has one to three) and three or more after it (a
// decimal part has one or two), or twelve or more on either side (no
// amount is that long, a card or phone number is). Kafka Connect writes
// arrays without blanks, and a leak hunt found the card and phone numbers
// of [4111111111111111,491711234567] (a bigint[] column) raw.
func listComma(v string, k int) bool {
	before, after := 0, 0
	for j := k - 1; j >= 0 && isDigit(v[j]); j-- {
		before++
	}
	for j := k + 1; j < len(v) && isDigit(v[j]); j++ {
		after++
	}
	return before >= 4 && after >= 3 || before >= 12 || after >= 12
}

// number handles a token starting at i with a digit, '+' or '('.
func (sc *scan) number(i int) int {
	v := sc.v
	n := len(v)
	// Digits inside identifiers (ORD-2014-004711, v1.2.3, x86) and decimals;
	// not after a context word glued to them ("Tel.030/1234567",
	// "geb.12.03.1985", "KK-Nr.4539...", "Tel/030 1234567", "CC#4111..."),
	// a label.
	p1, p2 := at(v, i-1), at(v, i-2)
	label := (p1 == '.' || p1 == '/' || p1 == '-') && sc.labelEndsAt(i-1) || p1 == '#' && sc.hashLabel(i) || isASCIILetter(p1) && sc.labelEndsAt(i)
	label = label || p1 == ',' && listComma(v, i-1) || p1 == '.' && stNrLabel(v, i) // "St.Nr.21/815/08150"
	label = label || p1 == '.' && i >= 2 && phoneLetter(v, i-2, i-1)                // a signature's "T.030 1234567"
	label = label || (p1 == ',' || p1 == '/') && sc.listAfter(i)
	label = label || (p1 == ',' || p1 == '/') && sc.streetEndsAt(i-1) && gluedPostcodeAt(v, i-1) // "Bahnhofstr.12,04109 Leipzig", "Lindenallee 4/50968 Köln"
	if !label && (isAlnum(p1) || ((p1 == '-' || p1 == '_' || p1 == '/' || p1 == '#' || p1 == '.' || p1 == ',') && isAlnum(p2)) ||
		(p1 == '$' || p1 == '.' || p1 == ',') || (p1 == 0xAC && p2 == 0x82) || (p1 == 0xA3 && p2 == 0xC2)) {
		j := i + 1
		for j < n && (isAlnum(v[j])) {
			j++
		}
		return j
	}
	if natID := isDigit(v[i]) && sc.labelledBy(ctxNatID, i); natID || isDigit(v[i]) && sc.svLabelled(i) {
		if e := svnrWritten(v, i); e > 0 && (natID || !(sc.near(ctxOrder, i) && dateCoded(v[i:e]))) {
			// "SV-Nr. 65 170839 J 003", as the card prints it
			sc.add(dDESVNR, NationalID, i, e, 0.95)
			return e
		}
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
	if t.nd >= 7 {
		if le := phoneLabelBefore(v, i); le >= 0 {
			// "T: 030 1234567", "Fixe : 01 23 45 67 89", "vaste lijn
			// 020-1234567": a label of this number only, as a mistyped
			// label is (run restores the context after it). Asked by a
			// number long enough to be a phone's, not by every word:
			// most words are no label, and such numbers are fewer.
			sc.typo = typoContext{kind: ctxPhone, prev: sc.last[ctxPhone]}
			sc.last[ctxPhone] = le
		}
	}
	if hasAt(v, t.end, "  ") && isDigit(at(v, t.end+2)) {
		if e := sc.wideNumber(i, &t); e > 0 {
			return e
		}
	}
	if c := at(v, t.end); (c == '\n' || c == '\r') && t.nd <= maxND {
		if e := sc.wrappedNumber(i, &t); e > 0 {
			return e
		}
	}
	if t.nd > maxND {
		t.nd = maxND // the digits kept, the last group's in part
		if e := sc.prefixCut(&t); e > 0 {
			return e // "Karte 4111 1111 1111 1111 0171 2345678"
		}
		return t.end
	}
	if t.ng == 0 {
		return i + 1
	}
	if k := mobileGroups(&t); k > 0 {
		for t.ng > k {
			t.trimLast() // "+49 171 4573962 123 456": the groups after the number are read anew
		}
	}
	if k, bare := dateTimeTail(v, &t); k > 0 {
		u := t // the groups before the date or the time
		for u.ng > k {
			u.trimLast()
		}
		if bare {
			// "Tel. 030 1234567 12.03 erreicht": a day and a month with no
			// year is a decimal as often, so cut only a phone number that
			// the groups before make by themselves and the whole does not
			var whole, cut cand
			sc.phoneCand(&t, &whole)
			sc.phoneCand(&u, &cut)
			if cut.score >= 0.5 && whole.score < 0.5 {
				t = u
			}
		} else {
			// "Tel. 0170 1234567 31.12.2024", "Rückruf 030 1234567 14:30",
			// "geb. 12 03 1985 31.12.2024": a date or a time typed right
			// after a number, a blank between, ran on into its groups; the
			// number is the groups before it, read as if the date were not
			// there (a phone number, a date of birth, a card), and the
			// date is read on its own; not the dotted pairs of a phone
			// number after its code, the groups before them too short for
			// one ("+32 471 12.03.56", "+352 26 12.03.45")
			w := t
			if w.ng-1 > k && timeAt(v, &w, w.ng-1) {
				w.trimLast() // "+32 471 12.03.56 14:30"
			}
			pairs := w.ng == k+3 // "12.03.56", not a year's four digits: "+49 30 31.12.1980"
			for g := k; pairs && g < w.ng; g++ {
				pairs = w.glen(g) == 2
			}
			t = u
			if pairs { // only then is the whole token worth reading as a phone
				var whole, cut cand
				sc.phoneCand(&w, &whole)
				sc.phoneCand(&u, &cut)
				if whole.score >= 0.5 && cut.score <= 0 {
					t = w
				}
			}
		}
	}
	if t.nd == 8 || t.ng == 1 && (t.nd == 3 || t.nd == 4) {
		if e := sc.labelledShort(&t); e > 0 {
			return e
		}
	}
	if e := sc.sortCode(&t); e > 0 {
		return e
	}
	if t.glen(0) == 6 && t.gs[0] == i {
		if e := sc.hetu(i); e > 0 {
			return e
		}
	}
	after := at(v, t.end)
	if t.ng == 1 && t.nd == 4 && !t.plus && !t.paren && t.d[0] != 0 && isUpper(after) && isUpper(at(v, t.end+1)) && !isAlnum(at(v, t.end+2)) {
		// "1234AB": a Dutch postcode as databases keep it, without the blank
		var c cand
		sc.postalCand(&t, &c)
		if c.score > 0 {
			return max(sc.addPostal(&c), t.end+2)
		}
		return t.end + 2
	}
	if (after == 'r' || after == 'R') && !isAlnum(at(v, t.end+1)) && t.ng >= 3 {
		after = 0 // "27.09.1992r.", "05.03.1985R.": the Polish "rok" (year) glued to a date
	}
	if after|0x20 == 'a' || after|0x20 == 'b' {
		if e := sc.corsicanNIR(&t); e > 0 {
			return e
		}
	}
	isoTime := after == 'T' && t.ng == 3 && isDigit(at(v, t.end+1)) // "1975-03-12T00:00:00Z": dateCand reads the time
	if !isoTime && (isASCIILetter(after) || (after >= 0xC3 && after <= 0xD4) || after == 0xE1 && letterLen(v, t.end) == 3) && !gluedLabel(v, t.end) {
		if t.ng == 1 {
			return sc.digitAlnum(&t)
		}
		t.trimLast()
	}
	if t.ng == 1 && (after == '-' && isUpper(at(v, t.end+1)) && !isAlnum(at(v, t.end+2))) &&
		!(at(v, t.end+2) == '-' && romanMonth(v[t.end+1:t.end+2]) > 0) { // "6-V-1954" is a date
		return sc.digitAlnum(&t)
	}
	amount := after == ',' && !listComma(v, t.end)
	if amount {
		// "01.23.45.67.89,06 12 34 56 78", "DOB 1980-03-12,1982-04-01":
		// a list, not an amount; a date only after its birth word
		date := fullDate(v, &t)
		amount = !((!date || sc.labelledBy(ctxDOB, t.start) || sc.labelledOn(ctxDOB, t.start)) && sc.listNext(t.end+1, date, t.nd))
	}
	if (amount || after == '%') && isDigit(at(v, t.end+1)) || after == '%' {
		if e := sc.prefixCut(&t); e > 0 {
			return e // "Karte 4111 1111 1111 1111 49,90 €": the amount is the last group
		}
		return t.end // amounts and percentages
	}
	if t.ng > 1 && at(v, t.start-1) == ':' && minutesFirst(v, &t) && sc.valueAfterFirst(&t) {
		return t.gs[1] // "ore 14:30 347 123 4567": the minutes are the time's, not the number's
	}
	var c cand
	sc.dateCand(&t, &c)
	if c.claim && t.ng > 3 && c.e < t.end && sc.readAfterDate(&t) {
		for t.ng > 3 && c.e < t.end {
			t.trimLast() // "geb. 12.03.1980 0171 2345678": what follows the date is read anew
		}
	}
	if !c.claim {
		sc.compactDOB(&t, &c)
	}
	if !c.claim {
		sc.yearOfBirth(&t, &c)
	}
	if c.claim && c.e > t.end {
		t.end = c.e
	}
	if !c.claim {
		if e := sc.dotSpaceDate(&t, &c); e > 0 {
			t.end = e
		}
	}
	if !c.claim {
		sc.dottedCand(&t, &c)
	}
	if !c.claim && sc.beEnterprise(&t) {
		return t.end // a company's number, not a phone number
	}
	if !c.claim {
		if t.ng == 1 && t.nd <= 2 {
			if e := sc.dayFirstTextDate(&t, &c); e > 0 {
				t.end = e
			}
		}
		sc.docCand(&t, &c)
		sc.nrbCand(&t, &c)
		sc.domesticAccountCand(&t, &c)
		sc.accountCand(&t, &c)
		sc.cardCand(&t, &c)
		sc.idCand(&t, &c)
		sc.stNrCand(&t, &c)
		sc.phoneCand(&t, &c)
		sc.postalCand(&t, &c)
	}
	if c.score < 0.5 {
		if e := sc.prefixCut(&t); e > 0 {
			return e
		}
		if t.ng > 1 && sc.valueAfterFirst(&t) {
			return t.gs[1] // "CVV 123 5555555555554444"
		}
	}
	if c.score > 0 && c.score < 0.5 {
		if k := postcodeTail(v, &t); k > 0 && trunkGroup(v, &t, k) == 0 {
			return t.gs[k] // what was read as one number is two
		}
	}
	if c.score > 0 {
		e := c.e
		if c.det == dPostal {
			e = sc.addPostal(&c)
		} else {
			if c.det == dPhone && c.score >= 0.5 && c.e == t.end {
				e = phoneExtension(v, e) // "0221 98765 - 43", "030 1234567 Durchwahl 12"
				c.e = e
			}
			sc.add(c.det, c.cat, c.s, c.e, c.score)
		}
		return max(e, t.end)
	}
	if c.claim {
		return t.end
	}
	// Nothing fits the whole token; a phone number may still start at a
	// later group with a trunk prefix ("Kunde 4711 030 1234567"), not in
	// a run as long as an account or reference number.
	// Or a house number runs into a postcode, whichever starts first
	// ("Kd 4711 0171 12345 Frau Meier" holds a phone number, "Wiejska 80
	// 50-001 Wrocław" a postcode).
	pc := postcodeTail(v, &t)
	if k := trunkGroup(v, &t, pc); k > 0 {
		return t.gs[k]
	}
	if pc > 0 {
		return t.gs[pc]
	}
	return t.end
}

// hashLabel reports a label glued by '#' to the digits at i ("CC#4111...",
// "Tel#030 1234567", "DOB#1980-03-12"). Not a call's or a contact's word,
// nor one for any number: "Call#0815 4711", "Anruf#0123 456789",
// "Kontakt#0815 4711" and "Numer#0815 4711" number the call or the record,
// as "Ticket#4711" does. Nor when the digits are the label's ordinal, a
// blank and a number of its own after them: "Karte#2 4111 1111 1111 1111",
// "Tel#2 0171 2345678" (but "DOB#12 03 1980", "Tel#06 12 34 56 78").
func (sc *scan) hashLabel(i int) bool {
	v := sc.v
	if !sc.labelEndsAt(i-1) || numberWordBefore(v, i) || labelIs(v, i, callWords...) {
		return false
	}
	j := i
	for j < len(v) && isDigit(v[j]) {
		j++
	}
	k := j + 1
	for k < len(v) && isDigit(v[k]) {
		k++
	}
	return !(j-i <= 2 && v[i] != '0' && at(v, j) == ' ' && k-j > 3)
}

// callWords are phone words that name a call, a callback or a contact, whose
// own number '#' glues to them (see hashLabel).
var callWords = []string{"call", "callback", "anruf", "anrufe", "rückruf", "rr", "appel", "ring", "llamada", "oddzwonienie"}

// wideNumber reads the number at i through one doubled blank, as a phone
// number or a card, when its word labels it ("Tel. 030  1234567", "Karte
// 4111  1111 1111 1111": a blank too many), and returns its end, or 0.
// Not after a number that is whole before it ("Tel. 030 1234567  12
// Stück"), nor into a date ("Rückruf 14  12.03.2024"): groups apart by
// blanks only. Out of number, whose frame every digit pays for.
func (sc *scan) wideNumber(i int, t *numTok) int {
	if !(sc.labelledBy(ctxPhone, t.start) || sc.labelledBy(ctxCard, t.start)) || sc.phoneOrCard(t).score >= 0.5 {
		return 0
	}
	w := numTok{wide: true}
	sc.collect(i, &w)
	if !w.sepsIn(" ") {
		return 0
	}
	c := sc.phoneOrCard(&w)
	if c.score < 0.5 {
		return 0
	}
	sc.add(c.det, c.cat, c.s, c.e, c.score)
	return c.e
}

// wrappedNumber reads the number at i through the line break after it, as
// a phone number or a card, where a text area or a mail's hard wrap split
// it and the digits before the break are too few for what a phone word or
// a card word announced: a phone number whose country code or mobile
// prefix asks for more digits ("Tel. 0151 2345\n6789", "Tel. +48 601
// 234\n567"), a card's first groups ("Karte 4111 1111\n1111 1111"), a
// Polish account's (NRB) after an account's word. A review found the
// digits after the break raw, and the whole card. It
// returns the number's end, or 0: numbers one a line stay apart, each
// whole by itself. Out of number, as wideNumber.
func (sc *scan) wrappedNumber(i int, t *numTok) int {
	v := sc.v
	q := t.end + 1
	if v[t.end] == '\r' && at(v, q) == '\n' {
		q++
	}
	if !isDigit(at(v, q)) {
		return 0
	}
	var want Category
	switch {
	case phoneShort(t) && sc.phoneCtx(t.start):
		want = Phone
	case t.plus || t.paren:
		return 0
	case t.glen(0) == 4 && t.nd < 16 && sc.ctx(ctxCard, t.start) && !sc.cardNumber(t):
		want = CreditCard
	case t.glen(0) == 2 && t.ng > 1 && t.nd < 26 && fours(t, 1, t.ng) && sc.ctx(ctxIBAN, t.start):
		want = BankAccount // a Polish account (NRB): "nr konta 61 1090 1014\n0000 0712 1981 2874"
	default:
		return 0
	}
	w := numTok{wrap: true}
	sc.collect(i, &w)
	if w.end <= q {
		return 0
	}
	var c cand
	if want == BankAccount {
		sc.nrbCand(&w, &c)
	} else {
		c = sc.phoneOrCard(&w)
	}
	if c.score < 0.5 || c.e <= q || c.cat != want || !extensionEnds(v, c.e) {
		// "Tel. 0151 2345\n2 Stück", "... 2345\n12:30 Uhr": a count, a
		// time or a date on the next line, as after an extension's digits
		return 0
	}
	sc.add(c.det, c.cat, c.s, c.e, c.score)
	return c.e
}

// phoneShort reports a phone number whose first digits ask for more digits
// than it has: fewer than its country code's numbers have (callingCodes),
// or a mobile's prefix and fewer than a mobile number's digits (ten with
// the trunk 0, as mobilePrefix reads one; nine after +49, +44 or +43).
func phoneShort(t *numTok) bool {
	d := t.d[:t.nd]
	if t.nd < 3 {
		return false
	}
	if !t.plus && d[0] == 0 && d[1] != 0 {
		return t.nd < 10 && (d[1] == 1 && d[2] >= 5 && d[2] <= 7 || d[1] == 6 || d[1] == 7 || d[1] == 4 && d[2] >= 7)
	}
	k := 0
	if !t.plus {
		if d[0] != 0 || d[1] != 0 {
			return false
		}
		k = 2
	}
	cc, l := callingCode(d[k:])
	if cc == 0 {
		return false
	}
	if k += l; t.trunk0 && k < t.nd && d[k] == 0 {
		k++
	}
	nsn := t.nd - k
	if nsn < int(callingCodes[cc][0]) {
		return true
	}
	if nsn >= 9 || nsn < 2 {
		return false
	}
	n := d[k:]
	switch cc {
	case 49:
		return n[0] == 1 && n[1] >= 5 && n[1] <= 7
	case 44:
		return n[0] == 7
	case 43:
		return n[0] == 6
	}
	return false
}

// phoneOrCard reads t as a whole as a card or a phone number, the better
// of the two (none for more digits than a token holds).
func (sc *scan) phoneOrCard(t *numTok) cand {
	var c cand
	if t.nd <= maxND {
		sc.cardCand(t, &c)
		sc.phoneCand(t, &c)
	}
	return c
}

// readAfterDate reports whether the groups of t after its first three, a
// date, are read anew ("geb. 12.03.1980 0171 2345678", "Geburtsdatum
// 12.03.1980 10115 Berlin", "Wartung 12.03.2024 030 1234567"). A number
// with a trunk prefix that neither "00", a mobile prefix, an area code
// before a subscriber's digits (nine digits or more) nor a phone word
// makes a phone number's stays the date's, as before: after a date it is
// a time window or a batch's number ("Zustellung 12.03.2024 0800 1200",
// "MHD 31.12.2025 0815 4711"), which phoneCand, read alone, takes for one.
func (sc *scan) readAfterDate(t *numTok) bool { return sc.phoneAfterDate(t.gs[3]) }

// phoneAfterDate is readAfterDate for the number at p, after a date.
func (sc *scan) phoneAfterDate(p int) bool {
	var r numTok
	sc.collect(p, &r)
	areaCode := r.ng >= 2 && r.nd >= 9 && r.glen(0) >= 3 && r.glen(0) <= 5
	return r.nd < 2 || r.d[0] != 0 || r.d[1] == 0 || areaCode || mobilePrefix(&r) || sc.phoneCtx(r.start)
}

// prefixCut reads the groups of t before a blank as a phone number, a
// card, a birth date, an identifier (cutID) or an IPv4 address when t as
// a whole is none: another number typed right after one, a blank
// between, ran on into its groups ("Tel. 030 1234567 10115 Berlin",
// "Karte 4111 1111 1111 1111 49,90 €", "DOB 12/03/1980 10%", "BSN
// 111222333 12 Main Street", "IP 10.0.0.1 3 Ausfälle"). The longest such
// prefix wins; it returns the end of what it reported, where the rest is
// read anew, or 0. A phone number without a trunk prefix or '+' only
// right after a phone word: order numbers, amounts and quantities run on
// so too ("Bestellung 4711 0815 12 Stück").
func (sc *scan) prefixCut(t *numTok) int {
	if t.ng < 2 {
		return 0 // nothing to cut, and no copy of t to make
	}
	n := t.ng - 1
	for j := 2; j < n; j++ {
		if t.glen(j) == 1 {
			n = j + 1 // no phone number, card or date holds it but last: "1 2 3 4 5"
			break
		}
	}
	u := *t
	for u.ng > 1 {
		u.trimLast()
		if t.sep[u.ng] != ' ' && !(t.sep[u.ng] == '/' && sc.listNext(t.gs[u.ng], fullDate(sc.v, &u), u.nd)) {
			continue // not a number's last group glued on ("06 12 34 56 78/123"), but a list ("030 1234567/0171 2345678")
		}
		var c cand
		if u.ng == 4 && u.seps('.') {
			// "10.0.0.1 3 Ausfälle": an IPv4 address, whose groups of one
			// digit and fewer than seven digits the rules below leave out
			if sc.dottedCand(&u, &c); c.score >= 0.5 {
				sc.add(c.det, c.cat, c.s, c.e, c.score)
				return c.e
			}
			c = cand{}
		}
		if u.ng > n || u.nd < 7 && u.ng != 3 {
			continue // too short for a phone number, a card or an identifier, not a date
		}
		if u.ng == 3 {
			sc.dateCand(&u, &c)
			if c.det != dDOB {
				c = cand{}
			}
		}
		if u.nd >= 12 && !(fours(t, u.ng-1, u.ng+2) && t.sep[u.ng+1] == ' ' && !sc.ctx(ctxCard, u.start)) {
			// not the first sixteen digits of a reference grouped in
			// fours, two more groups after them, but after a card word:
			// one number of its own follows a card ("Überweisung 4012
			// 8888 8888 1881 0042 1234"; "4111 1111 1111 1111 4711")
			sc.cardCand(&u, &c)
		}
		if u.ng == 1 && amountOrDateAt(sc.v, t, 1) {
			// "Kto 532013000 49,90 €", "Kontonummer 532013000
			// 2024-03-12": an account number its word labels, in one run
			sc.accountCand(&u, &c)
		}
		if id := sc.cutID(t, &u); id.score > c.score {
			c = id
		}
		if sc.cutPhone(t, &u) {
			sc.phoneCand(&u, &c)
		}
		if c.score >= 0.5 {
			sc.add(c.det, c.cat, c.s, c.e, c.score)
			return c.e
		}
	}
	return 0
}

// cutID reads the groups u that prefixCut cut from t as a national or a
// tax identifier, as the whole token would be read: one its check digits
// vouch for ("BSN 111222333 12 Main Street", "PESEL 44051401359 2024"),
// or its word (a Steuernummer's). Without a word for it or for an
// identity or tax number, not
//   - a US SSN, which has no check digit, unless one number of its own
//     follows it and no unit after that (ssnBeforeNumber): a part number
//     and a count run on as one does ("Teil 123-45-6789 12 Stück");
//   - one with a later group that starts a phone number with its trunk
//     prefix ("Kunde 731 037 3642 2024"), nor the rest of a run that
//     number cut there (runBefore): a check passes by chance as often,
//     and number reads the phone number on its own, as before.
//
// A French NIR of 13 digits keeps the key that follows it apart
// ("1850375116238 81" in a NIR's column).
func (sc *scan) cutID(t, u *numTok) cand {
	var c cand
	if u.nd < 9 {
		return c
	}
	sc.idCand(u, &c)
	sc.stNrCand(u, &c)
	if c.score <= 0 {
		return c
	}
	named := sc.schemeCtx(c.det, u.start) || sc.ctx(ctxNatID, u.start) || sc.ctx(ctxTax, u.start) || c.det == dUSSSN && sc.ctx(ctxSSN, u.start)
	if !named && (c.det == dUSSSN && !ssnBeforeNumber(sc.v, t, u) || sc.runBefore(t.start) || sc.phoneIn(u)) {
		return cand{}
	}
	if c.det == dFRNIR && u.nd == 13 && t.glen(u.ng) == 2 && frNIR(t.d[:15]) {
		c.e = t.ge[u.ng]
	}
	return c
}

// ssnBeforeNumber reports the groups u that prefixCut cut from t, a US SSN
// (3-2-4 with dashes), followed by one thing of its own and nothing more
// after a blank (cutTail), no unit after it: "123-45-6789 12", "123-45-6789
// 10115 Berlin", not "275-51-4155 12 Stück" nor "123-45-6789 12 34". By
// itself the dashed form is an SSN without its word (0.75); after an
// order's or a code's label ("Teil", "Bestellung") its score is too low
// for a cut, as it is for the SSN alone.
func ssnBeforeNumber(v string, t, u *numTok) bool {
	k := u.ng
	if k >= t.ng || t.sep[k] != ' ' || !cutTail(v, t, k) || unitAt(v, t.end) {
		return false
	}
	for j := k + 1; j < t.ng; j++ {
		if t.sep[j] == ' ' {
			return false
		}
	}
	return true
}

// phoneIn reports a group of u after its first that starts a phone
// number with its trunk prefix, read on from there (phoneAt).
func (sc *scan) phoneIn(u *numTok) bool {
	for k := 1; k < u.ng; k++ {
		if sc.v[u.gs[k]] == '0' && u.glen(k) >= 2 && sc.phoneAt(u.gs[k]) {
			return true
		}
	}
	return false
}

// listAfter reports a ',' or '/' right before i that ends a phone number,
// a card, a birth date or an e-mail address this scan found, and a value
// at i that counts by itself (listNext): a list typed without blanks
// ("Tel. 030 1234567/0171 2345678", "anna.keller@example.de,0171
// 2345678", "DOB 1980-03-12,1982-04-01"), not digits glued to one.
func (sc *scan) listAfter(i int) bool {
	n := len(sc.dst)
	if n == sc.base || sc.dst[n-1].End != i-1 || sc.dst[n-1].Score < 0.5 {
		return false
	}
	f := sc.dst[n-1]
	nd := 0
	switch f.Category {
	case Phone:
		nd = countDigits(sc.v[f.Start:f.End])
	case CreditCard, DateOfBirth, Email:
	default:
		return false
	}
	return sc.listNext(i, f.Category == DateOfBirth, nd)
}

// listNext reports a value at p, glued by a ',' or '/' to one before it
// of nd digits, a date or not: the next of a list. Glued so, digits are as
// often the rest of one number ("06 12 34 56 78/123", "49,90"), so it
// must be one by itself: a phone number with a '+', "00" or a mobile
// prefix, or a trunk prefix or as many digits as the one before where a
// phone word applies ("tel. 912 345 678,612 345 678"); a card; after a
// date a date in full ("1980-03-12,1982-04-01", "12.03.1980,12 maart
// 1980").
func (sc *scan) listNext(p int, date bool, nd int) bool {
	v := sc.v
	if !isDigit(at(v, p)) && !(at(v, p) == '+' && isDigit(at(v, p+1))) {
		return false
	}
	var r numTok
	sc.collect(p, &r)
	if r.ng == 0 || r.nd > maxND {
		return false
	}
	if date && (fullDate(v, &r) || r.ng == 1 && r.nd <= 2 && at(v, r.end) == ' ' && monthAt(v, r.end+1)) {
		return true
	}
	var c cand
	if r.nd >= 12 {
		sc.cardCand(&r, &c)
	}
	if r.plus || r.d[0] == 0 && (r.d[1] == 0 || mobilePrefix(&r)) || sc.phoneCtx(p) && (r.d[0] == 0 || r.nd == nd) {
		sc.phoneCand(&r, &c)
	}
	return c.score >= 0.5
}

// fullDate reports t a numeric date with its year in full: "12.03.1980",
// "1980-03-12", "03/12/1980".
func fullDate(v string, t *numTok) bool {
	if t.ng != 3 || t.sep[1] != t.sep[2] || t.sep[1] != '.' && t.sep[1] != '/' && t.sep[1] != '-' {
		return false
	}
	a, b, c := t.gval(v, 0), t.gval(v, 1), t.gval(v, 2)
	if t.glen(0) == 4 {
		return t.glen(1) <= 2 && t.glen(2) <= 2 && validDate(a, b, c)
	}
	return t.glen(0) <= 2 && t.glen(1) <= 2 && t.glen(2) == 4 && (validDate(c, b, a) || validDate(c, a, b))
}

// monthAt reports a month's name at p ("12 maart 1980").
func monthAt(v string, p int) bool {
	wi, ok := lookupWord(v, p, wordEnd(v, p))
	return ok && wi.flags&wMonth != 0
}

// valueAfterFirst reports the groups of t after its first, a short number
// a blank sets apart, a value by themselves that t as a whole is not: a
// card after a card word ("CVV 123 5555555555554444"; elsewhere a
// reference or a parcel's number runs on so) or after a time's minutes,
// or there a phone number by its form or word ("ore 14:30 347 123
// 4567").
func (sc *scan) valueAfterFirst(t *numTok) bool {
	if t.ng < 2 || t.sep[1] != ' ' || t.glen(0) > 5 || t.plus || t.paren {
		return false
	}
	v := sc.v
	var r numTok
	sc.collect(t.gs[1], &r)
	if r.nd > maxND || r.end != t.end {
		return false
	}
	minutes := minutesFirst(v, t)
	if sc.cardNumber(&r) && (minutes || sc.ctx(ctxCard, r.start)) {
		return true
	}
	if !minutes || !(sc.phoneByItself(&r) || sc.phoneCtx(r.start)) {
		return false
	}
	var c cand
	sc.phoneCand(&r, &c)
	return c.score >= 0.5
}

// minutesFirst reports a first group of t that is a time's minutes, a
// blank after it: "14:30 347 123 4567".
func minutesFirst(v string, t *numTok) bool {
	return t.ng > 1 && t.sep[1] == ' ' && t.glen(0) == 2 && at(v, t.start-1) == ':' && isDigit(at(v, t.start-2)) && t.gval(v, 0) < 60
}

// amountOrDateAt reports the groups of t from k on, the last of t, one
// thing of their own (cutTail) with punctuation: an amount ("49,90 €",
// "19.99", "120 €", "10%"), a date ("12/03/2024", "2024-03-12") or a
// time; not a bare number, which may be a number's last group.
func amountOrDateAt(v string, t *numTok, k int) bool {
	if !cutTail(v, t, k) {
		return false
	}
	for j := k + 1; j < t.ng; j++ {
		if t.sep[j] == ' ' {
			return false
		}
	}
	return k+1 < t.ng || at(v, t.end) == ',' && isDigit(at(v, t.end+1)) || at(v, t.end) == '%' || currencyAt(v, t.end)
}

// cutPhone reports whether the groups u that prefixCut cut from t may be
// read as a phone number. Order numbers, part numbers and quantities run
// on as phone numbers do ("Materialnr. 0815 4711 2024-01", "Kunde 4711 0815
// 030 1234567"), and so does a phone number glued to more ("06 12 34 56
// 78/123"): a prefix is one only if
//   - what follows is one thing of its own (cutTail), and nothing more
//     unless a '+', "00" or a trunk prefix after a phone word lead,
//     a phone number follows (phoneAt) or measures before their unit do;
//   - no digits run into it from before (runBefore) but after a '+';
//     no date or time written with blanks begins at its last group
//     (spacedAt); no group of three digits or less ends it before a unit
//     but right after its word: measures are so ("120 80 cm");
//   - it has a '+' or "00" (its country's lengths tell), a mobile prefix,
//     or a trunk prefix where a phone word applies; or else its word, not
//     one for any number ("numer"), is right before it, it is grouped as
//     a national number is (blanks or dashes, three digits at most
//     first) and is no date ("Rückruf 20 11 2024 1430");
//   - no group of one digit stands in it but after a country code, and
//     no bracket holds more than an area code ("(404672) 1 5").
func (sc *scan) cutPhone(t, u *numTok) bool {
	if u.nd < 7 || u.paren && (u.glen(0) > 5 || u.glen(0) == 5 && u.d[0] != 0) {
		return false
	}
	intl := u.plus || u.d[0] == 0 && u.d[1] == 0
	for j := 0; j < u.ng; j++ {
		if u.glen(j) == 1 && !(j <= 1 && intl) {
			return false
		}
	}
	k := u.ng
	if !cutTail(sc.v, t, k) {
		return false
	}
	if spacedAt(sc.v, t, u.ng-1) {
		return false // "Tel. 030 1234567 12 03 2024", "Rückruf 030 123 0000 14 30": a date's day, a time's hour
	}
	if !u.plus && sc.runBefore(t.start) {
		// the rest of a run cut at a trunk prefix, "00" too: "Zahlungsreferenz
		// 1234 0151 2345 6789 0042", "Kenmerk 9023 0005 5077 5009 12-03-2024"
		return false
	}
	labelled := sc.labelledBy(ctxPhone, u.start) || sc.labelledOn(ctxPhone, u.start)
	if !labelled && unitAt(sc.v, t.end) && u.glen(u.ng-1) <= 3 {
		// measures before a unit, a group as short as theirs cut off
		// with them: "Palette 0170 1234 120 80 cm", "+49 171 2345678 120
		// 80 cm"; not a count after a whole number ("0171 2345678 12
		// Stück")
		return false
	}
	// A phone word earlier in the sentence labels a number with its
	// trunk prefix as one right before it does ("Handy des Kunden 0171
	// 4573962 123 456"): the most recent context word (phoneCtx), in the
	// text, not the column's name alone.
	worded := labelled || sc.near(ctxPhone, u.start) && sc.phoneCtx(u.start)
	if !intl && !(u.d[0] == 0 && worded) && !(sc.v[t.gs[k]] == '0' && t.glen(k) >= 2 && sc.phoneAt(t.gs[k])) && !measures(sc.v, t, k) {
		for j := k + 1; j < t.ng; j++ {
			if t.sep[j] == ' ' {
				return false
			}
		}
	}
	switch {
	case intl || u.paren:
		return true
	case u.d[0] == 0:
		return mobilePrefix(u) || sc.phoneCtx(u.start)
	}
	return labelled && !numberWordBefore(sc.v, u.start) && u.glen(0) <= 3 && u.sepsIn(" -") && !leadingDate(u, sc.v)
}

// spacedAt reports a date or a time of day written with blanks that
// group j of t begins: the day, the month and the year ("12 03 2024"), or
// the hour and the minutes that end t ("14 30"). A phone number cut
// after j would hold its first group.
func spacedAt(v string, t *numTok, j int) bool {
	if j+2 < t.ng && t.sep[j+1] == ' ' && t.sep[j+2] == ' ' && t.glen(j) == 2 && t.glen(j+1) == 2 && t.glen(j+2) == 4 {
		y := t.gval(v, j+2)
		return y >= 1900 && y <= 2099 && validDate(y, t.gval(v, j+1), t.gval(v, j))
	}
	return j+2 == t.ng && t.sep[j+1] == ' ' && t.glen(j) <= 2 && t.glen(j+1) == 2 && t.gval(v, j) < 24 && t.gval(v, j+1) < 60
}

// measures reports the groups of t from k on numbers of three digits at
// most before a unit: one measure ("120 80 cm", "60 40 40 cm").
func measures(v string, t *numTok, k int) bool {
	if !unitAt(v, t.end) {
		return false
	}
	for j := k; j < t.ng; j++ {
		if t.glen(j) > 3 {
			return false
		}
	}
	return true
}

// fours reports groups lo to hi-1 of t all of four digits.
func fours(t *numTok, lo, hi int) bool {
	if hi > t.ng {
		return false
	}
	for k := lo; k < hi; k++ {
		if t.glen(k) != 4 {
			return false
		}
	}
	return true
}

// runBefore reports digits and a blank right before pos that no finding
// ends at: the rest of a run that number cut at a trunk prefix and read
// anew, whose first groups a reference holds as often as a phone number.
func (sc *scan) runBefore(pos int) bool {
	if at(sc.v, pos-1) != ' ' || !isDigit(at(sc.v, pos-2)) {
		return false
	}
	n := len(sc.dst)
	return n == sc.base || sc.dst[n-1].End != pos-1
}

// phoneAt reports a phone number read on its own from p: a second one
// after the first ("Tel. 030 1234567 0171 2345678 3 Anrufe"), not the
// rest of the first ("Call back on 0161 496 0000 14 30").
func (sc *scan) phoneAt(p int) bool {
	var r numTok
	sc.collect(p, &r)
	var c cand
	if r.nd <= maxND {
		sc.phoneCand(&r, &c)
	}
	return c.score >= 0.5
}

// cutTail reports whether the groups of t from k up to the next blank,
// and what follows them, are one thing of their own after a phone number:
// a number of five digits at most (a count, an extension, a year, a
// postcode), an amount ("49,90", "19.99", "1.249,00"), a time ("14.30",
// "18-20"), an expiry ("12/27"), a date or a Polish postcode ("00-950");
// not the number's last group glued to more ("06 12 34 56 78/123",
// "78,4711", "89,06 12 34 56 78").
func cutTail(v string, t *numTok, k int) bool {
	if t.glen(k) > 5 {
		return false // a subscriber's number: "0815 030 1234567"
	}
	n := 1
	for k+n < t.ng && t.sep[k+n] != ' ' {
		n++
	}
	if n == 1 {
		e := t.ge[k]
		if e < t.end || at(v, e) != ',' || !isDigit(at(v, e+1)) {
			return true
		}
		p := e + 1
		for isDigit(at(v, p)) {
			p++
		}
		return p-e-1 <= 2 && !(at(v, p) == ' ' && isDigit(at(v, p+1))) // cents, not a list
	}
	l1 := t.glen(k + 1)
	switch s := t.sep[k+1]; {
	case n == 2 && s == '/':
		return t.glen(k) <= 2 && t.gval(v, k) >= 1 && t.gval(v, k) <= 12 && (l1 == 2 || l1 == 4)
	case n == 2 && s == '.':
		return l1 == 2 || l1 == 3 // "14.30", "19.99", "1.249"
	case n == 2 && s == '-':
		if t.glen(k) == 2 && l1 == 3 {
			return true // a Polish postcode: "00-950 Warszawa"
		}
		return t.glen(k) <= 2 && l1 <= 2 && t.gval(v, k) < 24 && t.gval(v, k+1) <= 24
	case n == 3 && t.sep[k+2] == s && (s == '/' || s == '-' || s == '.'):
		a, b, c := t.gval(v, k), t.gval(v, k+1), t.gval(v, k+2)
		if t.glen(k) == 4 {
			return l1 <= 2 && t.glen(k+2) <= 2 && validDate(a, b, c)
		}
		return t.glen(k) <= 2 && l1 <= 2 && (t.glen(k+2) == 2 || t.glen(k+2) == 4) && (validDate(2000, b, a) || validDate(2000, a, b))
	}
	return false
}

// dateTimeTail returns the group of t where a date or a time of day
// starts that a blank sets apart from the groups before it (two or more,
// or one of five digits or more: "Kto 532013000 31.12.2024", or any before
// a year's four digits: "Anruf 323 31.12.2024"): the day and
// the month with full stops, and a year ("31.12.2024", "12.03.",
// "1.4.25"), a time after it or not ("31.12.2024 14:30"), or an hour the
// token ends at before ':' and minutes ("14:30"); or 0. The bool reports a
// day and a month that end the token, a blank, a comma or the end after
// them ("12.03 erreicht").
func dateTimeTail(v string, t *numTok) (int, bool) {
	for k := 1; k < t.ng; k++ {
		if t.sep[k] != ' ' || k == 1 && t.glen(0) < 5 && !(k+2 < t.ng && t.glen(k+2) == 4) {
			continue
		}
		if timeAt(v, t, k) {
			return k, false // "14:30": the colon ends the token
		}
		if t.glen(k) > 2 || k+1 >= t.ng || t.glen(k+1) > 2 || t.sep[k+1] != '.' || !validDate(2000, t.gval(v, k+1), t.gval(v, k)) {
			continue // a day and a month: "12.34.56" is a number's groups
		}
		n := k + 2 // the group after the date
		if n < t.ng && t.sep[n] == '.' && (t.glen(n) == 2 || t.glen(n) == 4) {
			n++ // its year
		} else if n == t.ng && at(v, t.end) != '.' {
			switch at(v, t.end) {
			case 0, ' ', '\t', '\n', '\r', ',', ';', ')':
				return k, true // the caller weighs it: "12.03" is a decimal as often
			}
			continue // "12.03kg", "12.03:00"
		}
		if n == t.ng || n == t.ng-1 && timeAt(v, t, n) {
			return k, false
		}
	}
	return 0, false
}

// timeAt reports a last group k of t that is an hour before ':' and
// minutes, a blank before it ("31.12.2024 14:30").
func timeAt(v string, t *numTok, k int) bool {
	return k == t.ng-1 && t.sep[k] == ' ' && t.glen(k) <= 2 && t.gval(v, k) < 24 && at(v, t.end) == ':' &&
		isDigit(at(v, t.end+1)) && isDigit(at(v, t.end+2))
}

// trunkGroup returns the first group of t after the first that starts with
// a trunk prefix, as a phone number does, before group before (0: any), or
// 0; not in a run as long as an account or reference number.
func trunkGroup(v string, t *numTok, before int) int {
	for k := 1; k < t.ng && t.nd <= 24 && (before == 0 || k < before); k++ {
		if v[t.gs[k]] == '0' && t.glen(k) >= 2 {
			return k
		}
	}
	return 0
}

// postcodeTail returns the group of t where a postcode starts that a house
// number runs into, with no comma between ("Wiejska 80 50-001 Wrocław",
// "Voorhout 155 5211 AK Den Haag", "Weg 8 10115 Berlin"), or 0. The
// postcode is then read as a token of its own, and the street before it
// by addPostal.
func postcodeTail(v string, t *numTok) int {
	n := t.ng
	if at(v, t.end) != ' ' || !isUpperAt(v, t.end+1) || t.d[0] == 0 {
		return 0 // a town follows a postcode; a house number has no trunk prefix ("0171 23456 Berlin")
	}
	k := 0
	switch {
	case n >= 3 && t.glen(n-2) == 2 && t.glen(n-1) == 3 && t.sep[n-1] == '-' && t.sep[n-2] == ' ':
		k = n - 2 // Polish "50-001"
	case n < 2 || t.sep[n-1] != ' ' && !(at(v, t.gs[n-1]-1) == ' ' && at(v, t.gs[n-1]-3) == ' '):
		// not a blank, nor a dash or a slash between blanks ("Alcalá 120 -
		// 28009 Madrid", "Achterom 5 / 1621 KV Hoorn")
	case t.glen(n-1) == 5 || t.glen(n-1) == 4 && isUpper(at(v, t.end+2)) && !isAlnum(at(v, t.end+3)):
		k = n - 1 // five digits, and Dutch "5211 AK"
	case t.glen(n-1) == 4 && cityAt(v, t.end+1):
		k = n - 1 // "Graben 3 1010 Wien": four digits before a town
	}
	if k == 0 || k > 2 || t.gs[k]-1-t.start > 9 {
		return 0 // a house number is short: "80", "80/111"
	}
	return k
}

// cityAt reports whether a town of the list begins at p.
func cityAt(v string, p int) bool {
	e := nameWord(v, p)
	if e == p {
		return false
	}
	wi, ok := lookupWord(v, p, e)
	return ok && wi.flags&wCity != 0
}

// siteWords number a company's sites and rooms, whose four digits are not a
// postal code.
var siteWords = []string{"store", "branch", "filiale", "shop", "unit", "room", "gate", "bay", "till", "kasse",
	"niederlassung", "vestiging", "winkel", "agence", "magasin", "sklep", "oddział", "oddzial", "markt", "depot",
	"lager", "halle", "hall", "platform", "terminal", "building", "gebäude", "raum", "zimmer", "site", "standort",
	"tour", "tournee", "stopp"} // a delivery round and its stops: "Tour 8529, Stopp 6"

// yearWords come before a year, not a postcode.
var yearWords = []string{"seit", "since", "depuis", "sinds", "jahr", "year", "année", "annee", "jaar", "rok", "roku", "anno",
	"ab", "bis", "until", "vanaf", "tot", "jusqu'en", "od"}

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
	if t.nd == 4 && prevWordIs(v, s, siteWords...) {
		return // "Store 0457 Manchester", "Filiale 4711 Köln": a site's number
	}
	// "Kunde seit 2001", "client depuis 1998": a year, unless a town or
	// a Dutch postcode's letters follow ("vanaf 2018 Antwerpen")
	year := t.nd == 4 && (t.d[0] == 1 && t.d[1] == 9 || t.d[0] == 2 && t.d[1] == 0) && prevWordIs(v, s, yearWords...)
	// "Lieferadresse geändert, Auftrag 12345 storniert": after an order's
	// word the number is the order's, the address's word near or not
	addrCtx := sc.addressNear(s) && !sc.labelledBy(ctxOrder, s)
	score := 0.0
	cityS, cityE := -1, -1
	glued := false
	p := e
	if b := blankRun(v, p); t.nd == 4 && b > 0 && b < 3 && isUpper(at(v, p+b)) && isUpper(at(v, p+b+1)) && !isAlnum(at(v, p+b+2)) &&
		(b == 1 || loneRun(v, p)) {
		// Dutch "1012 AB", and "1012  AB" as OCR reads it
		e = p + b + 2
		p = e
		score = 0.75
	} else if t.nd == 4 && b == 1 && addrCtx && isLower(at(v, p+1)) && isLower(at(v, p+2)) && !isAlnum(at(v, p+3)) && !stopWord(v, p+1, p+3) {
		// and "1012 ab" in a note typed in lower case, in an address's
		// context: after a street or an address's word ("kerkstraat 12
		// 1017 gc amsterdam", "postcode 1017 gc amsterdam"); read as a
		// town, the letters had taken the town's place
		e = p + 3
		p = e
		score = 0.75
	} else if t.nd == 4 && isUpper(at(v, p)) && isUpper(at(v, p+1)) && !isAlnum(at(v, p+2)) {
		// and "1012AB" (see number), which part numbers look like too:
		// only labelled, or with a city in an address
		e = p + 2
		p = e
		score = 0.75
		glued = true
	}
	if at(v, p) == ' ' && at(v, p+1) == ' ' {
		p++ // "7411 HW  Deventer": PostNL's layout puts two blanks before the town
	}
	dutch := score >= 0.75
	if at(v, p) == ' ' && dutch {
		if ce := dutchArticleTown(v, p+1, addrCtx); ce > 0 {
			cityS, cityE = p+1, ce // "5211 AK 's-Hertogenbosch", "8077 AA 't Harde"
		}
	}
	if at(v, p) == ' ' && cityS < 0 {
		if ce := nameWord(v, p+1); ce > p+1 {
			wi, ok := lookupWord(v, p+1, ce)
			switch {
			case ok && wi.flags&wCity != 0:
				score = boost(score, 0.8)
				cityS, cityE = p+1, ce
			case ok && wi.flags&wStop != 0 && score >= 0.75 && at(v, ce) == ' ' && isUpper(at(v, p+1)):
				// After a Dutch postcode, a place whose name begins with
				// an article: "2517 AM Den Haag", "3731 AB De Bilt".
				if ne := nameWord(v, ce+1); ne > ce+1 {
					cityS, cityE = p+1, ne
				}
			case ok && wi.flags&wStop != 0 && addrCtx && at(v, ce) == ' ' && townArticle(v[p+1:ce]):
				// after a street, a French or Spanish town whose name
				// begins with its article: "85000 La Roche-sur-Yon",
				// "72000 Le Mans", "29660 Las Rozas"
				if ne := nameWord(v, ce+1); ne > ce+1 {
					cityS, cityE = p+1, ne
				}
			case ok && (wi.flags&wStop != 0 || wi.ctx != 0 || wi.flags&wMonth != 0):
			case addrCtx:
				cityS, cityE = p+1, ce
			}
		}
	}
	if at(v, p) == ' ' && cityS < 0 && !addrCtx && !year {
		if ce := lineTown(v, t, p+1, dutch); ce > 0 {
			// "Sonnenhang 12, 88131 Lindau", "In der Aue 15, 69118
			// Heidelberg": a town no list holds, after a postcode that
			// ends an address line whose street streetBefore takes
			score = boost(score, 0.8)
			cityS, cityE = p+1, ce
		} else if ce := aloneTown(v, t, p+1, dutch); ce > 0 {
			score = boost(score, 0.6) // "88131 Lindau", "1621 KV Hoorn": the whole value
			cityS, cityE = p+1, ce
		}
	}
	if polish := t.shape(2, 3) && t.sep[1] == '-'; polish && cityS < 0 {
		if at(v, p) == ' ' {
			// "65-001 Zielona Góra, ul. Ogrodowa 5": a Polish postcode
			// and a town no list holds before a street's type
			if ce := nameWord(v, p+1); ce-p > 3 && townWord(v, p+1, ce) && streetTypeAfter(v, townTail(v, townRest(v, ce))) {
				score = boost(score, 0.8)
				cityS, cityE = p+1, ce
			}
		}
		if cityS < 0 {
			if ts, te := polishTownBefore(v, s, e, addrCtx); ts >= 0 {
				score = boost(score, 0.6) // "Zielona Góra 65-001", a line of its own
				cityS, cityE = ts, te
			}
		}
	}
	if at(v, p) == ' ' && p+1 < len(v) && cityS < 0 && addrCtx && letterLen(v, p+1) > 0 && !isUpperAt(v, p+1) {
		// a town in lower case after a street: "heidestr 17, 51147 köln"
		ce := lowerWordEnd(v, p+1)
		if wi, ok := lookupWord(v, p+1, ce); !ok || wi.flags&wCity != 0 {
			cityS, cityE = p+1, ce
		}
	}
	if cityS >= 0 && cityE-cityS > 0 && cityS > s {
		wi, ok := lookupWord(v, cityS, cityE)
		listed := ok && wi.flags&wCity != 0
		if !listed {
			cityE = townRest(v, cityE) // not "10115 Berlin Lieferung"
		}
		if dutch {
			cityE = dutchTownTail(v, cityE, listed)
		}
		cityE = townTail(v, cityE)
	}
	if addrCtx {
		score = boost(score, 0.8)
	} else if cityS < 0 && score > 0 {
		score = 0.45
	}
	if t.nd == 4 && score > 0 && cityS < 0 && !addrCtx && e == t.end || year && e == t.end && (cityS < 0 || !isUpperAt(v, cityS)) {
		score = 0
	}
	if glued && !(cityS >= 0 && addrCtx) && !sc.labelledBy(ctxAddress, s) && sc.fctx&(1<<ctxAddress) == 0 {
		score = 0 // "Ersatzteil 6896GT Bremen", "MAC address of switch 5371KL"
	}
	if score > c.score {
		c.offer(dPostal, PostalCode, s, e, score)
		c.cityS, c.cityE = -1, -1
		if cityS >= 0 && score >= 0.5 {
			c.cityS, c.cityE = cityS, cityE
		}
	}
}

// lineTown returns the end of the capitalised word at q after the postcode
// t when the two end an address line and no list holds the town, or 0:
// a street and its house number right before the postcode, a comma, a
// line break or a spaced dash between them (streetBefore). Quantities
// after a label and its number take the same shape ("Kapitel 3, 12345
// Zeichen", "Kategorie 2, 1234 Produkte"), so more must show an address:
// a Dutch postcode's letters (dutch), a street named after a date or
// ending in a street type ("3 Maja 12", "Oude Baan 212"), a Polish or
// Portuguese postcode after a street's name, or else a word after the
// postcode that ends as towns do (toponym) and before it a street headed
// by a preposition or an article ("In der Aue 15", "De Dreef 14") or,
// before five digits, one long compound or an adjective and a noun
// ("Sonnenhang 12", "Grüner Winkel 9"). Round numbers, listed words and
// words that count things make no town.
func lineTown(v string, t *numTok, q int, dutch bool) int {
	ce := nameWord(v, q)
	if ce-q < 3 {
		return 0
	}
	if roundNumber(t) || !townWord(v, q, ce) {
		return 0
	}
	st, dated := streetBefore(v, t.start, false)
	if st < 0 {
		return 0
	}
	shape := lineStreet(v, st, t.nd)
	switch {
	case dutch || dated || shape == streetTyped:
		return ce
	case t.ng == 2 && shape >= streetNamed:
		return ce // a Polish or Portuguese postcode, a shape of its own: "Wiejska 12, 35-030 Rzeszów"
	case !toponym(v[q:ce]):
		return 0 // "Kapitel 3, 12345 Zeichen", "Lieferant 3, 12345 Euro", "Stammkunde 3, 12345 Umsatz"
	case shape == streetHeaded, shape == streetNamed && t.ng == 1 && t.nd == 5:
		return ce
	}
	return 0
}

// toponym reports a word that ends as town names do and nouns seldom do:
// German "-au", "-burg", "-heim", "-ingen", "-lohn" (Lindau, Warburg,
// Hildesheim, Göttingen, Iserlohn), French "-ac", "-ville", "-court". A
// town no list holds after a postcode, with no street type or Dutch or
// Polish postcode to show an address, counts only so: a noun after a
// quantity ("12345 Zeichen", "12345 Euro", "12345 Umsatz") does not end
// so.
func toponym(w string) bool {
	if hasSuffixFold(w, "bau") || townlessNoun(w) {
		return false // "Neubau", "Umbau"; "Vorschau", "Flughafen", "Textfeld"
	}
	for _, end := range [...]string{"au", "berg", "burg", "heim", "ingen", "hausen", "dorf", "stadt", "stedt", "feld", "felde",
		"furt", "hagen", "lohn", "rode", "leben", "bach", "born", "brück", "brücken", "brunn", "hain", "walde", "hafen",
		"kirchen", "hofen", "weiler", "büttel", "beck", "ac", "ville", "court", "mont"} {
		if hasSuffixFold(w, end) {
			return true
		}
	}
	return false
}

// townlessNoun reports a common German noun that ends as towns do
// (toponym), or a compound ending in one: after a count it is what was
// counted or where ("Startseite 12, 34567 Vorschau", "Offene Tickets 12,
// 34567 Innenstadt", "Pflichtfeld 3, 12345 Textfeld"). The bare endings
// ("Feld", "Lohn", "Heim", "Burg") count whole only: "Bielefeld",
// "Iserlohn", "Mannheim" are towns.
func townlessNoun(w string) bool {
	var buf [maxWord]byte
	n := foldWord(w, 0, len(w), &buf)
	if n <= 0 {
		return false
	}
	f := string(buf[:n])
	for _, end := range [...]string{"frau", "schau", "stau", "innenstadt", "altstadt", "hauptstadt", "großstadt", "heimatstadt",
		"flughafen", "umfeld", "datenfeld", "textfeld", "eingabefeld", "suchfeld", "pflichtfeld", "spielfeld", "arbeitsfeld",
		"stundenlohn", "monatslohn", "mindestlohn", "bruttolohn", "nettolohn", "finderlohn", "jahreslohn", "eisberg",
		"pflegeheim", "altersheim", "wohnheim", "eigenheim", "tierheim", "kinderheim", "privatleben", "berufsleben", "blau", "grau"} {
		if strings.HasSuffix(f, end) {
			return true
		}
	}
	switch f {
	case "feld", "lohn", "heim", "hafen", "berg", "burg", "dorf", "bach", "leben", "court":
		return true
	}
	return false
}

// aloneTown returns the end of the capitalised word at q after the postcode
// t when the two are all the value holds ("88131 Lindau", "1621 KV Hoorn",
// "35-030 Rzeszów"), and the town is no listed word, or 0. An amount
// takes the shape too ("12345 Euro"): after a postcode of five digits the
// town must end as towns do (toponym).
func aloneTown(v string, t *numTok, q int, dutch bool) int {
	a, b := trim(v)
	ce := nameWord(v, q)
	te := townTail(v, ce)
	if t.ng == 2 && b != te {
		te = townTail(v, townRest(v, ce)) // "65-001 Zielona Góra", "05-100 Nowy Dwór Mazowiecki"
	}
	if a != t.start || ce-q < 3 || b != te || !townWord(v, q, ce) || roundNumber(t) {
		return 0
	}
	if dutch || t.ng == 2 || t.ng == 1 && t.nd == 5 && toponym(v[q:ce]) {
		return ce
	}
	return 0
}

// streetTypeAfter reports a comma, a blank and a street's type written
// before its name at e: ", ul. Ogrodowa 5", ", rue de la Paix".
func streetTypeAfter(v string, e int) bool {
	if at(v, e) != ',' || at(v, e+1) != ' ' {
		return false
	}
	we := wordEnd(v, e+2)
	wi, ok := lookupWord(v, e+2, we)
	return ok && wi.flags&wStreetPre != 0 && (at(v, we) == '.' || at(v, we) == ' ')
}

// polishTownEnding reports a word that ends as Polish towns do and words
// seldom do: "Pruszkowo", "Gliwice", "Tychy" not, "Gdańsk" (-sk).
func polishTownEnding(w string) bool {
	for _, end := range [...]string{"owo", "ewo", "ice", "yce", "sk", "ów"} {
		if len(w) > len(end)+2 && strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

// polishTownBefore returns where the town written before the Polish
// postcode v[s:e] starts and ends ("Zielona Góra 65-001", "Warszawa
// 00-001"), or -1, -1: up to three capitalised words, each a listed town
// or no listed word but a name, with the postcode the whole of their line,
// or after a colon or a comma in an address's context ("Adres: Zielona
// Góra 65-001") or before a street's type ("Warszawa 00-001, ul. Długa
// 5"); a listed town, or one written with a Polish letter or ending as
// Polish towns do (polishTownEnding). Polish writes the postcode first; the town before it is
// a form's or a note's order.
func polishTownBefore(v string, s, e int, addr bool) (int, int) {
	if at(v, s-1) != ' ' || isAlnum(at(v, e)) {
		return -1, -1
	}
	ts, q := -1, s-1
	for k := 0; k < 3; k++ {
		ws := placeWordStart(v, q)
		if ws == q || !isUpperAt(v, ws) || !placeWord(v, ws, q) || !hasLower(v[ws:q]) {
			break
		}
		ts = ws
		if at(v, ws-1) != ' ' {
			break
		}
		q = ws - 1
	}
	if ts < 0 {
		return -1, -1
	}
	typed := streetTypeAfter(v, e)
	if town := v[ts : s-1]; !cityAt(v, ts) && !((addr || typed) && (polishLetters(town) || strings.Contains(town, "ó") || polishTownEnding(v[placeWordStart(v, s-1):s-1]))) {
		// "Termin 12-345", "Sygnatura 12-345": a word and a reference;
		// "Części 12-345", "Tablice 10-100", "Wydział 12-345" look Polish,
		// and only an address's context or a street makes them a town
		return -1, -1
	}
	if !lineAlone(v, ts, e) && !typed && !(addr && ts >= 2 && v[ts-1] == ' ' && (v[ts-2] == ':' || v[ts-2] == ',')) {
		return -1, -1
	}
	return ts, s - 1
}

// roundNumber reports a number of one group that ends in 000 or, of four
// digits, in 00: "10000 Stück", "1500 Teile" count things.
func roundNumber(t *numTok) bool {
	return t.ng == 1 && t.d[t.nd-1] == 0 && t.d[t.nd-2] == 0 && (t.d[t.nd-3] == 0 || t.nd == 4)
}

// townWord reports whether the capitalised word v[q:ce] after a postcode
// may be a town no list holds: not a listed word other than a name
// ("Weimar" is a family name too) nor one that counts things ("12345
// Punkte", "10115 Bitte", "1234 Stück").
func townWord(v string, q, ce int) bool {
	wi, ok := lookupWord(v, q, ce)
	return !(ok && (wi.flags&^(wGiven|wSurname) != 0 || wi.ctx != 0 || wi.spec != 0) || wordIn(v, q, ce, countWords))
}

// The shapes of a street named without a street type before its house
// number, from the weakest (lineStreet).
const (
	streetPlain  = iota // "Kapitel", "Projekt Alpha": any words
	streetNamed         // one long compound ("Sonnenhang"), a Polish street's adjective or an adjective and a noun ("Grüner Winkel")
	streetHeaded        // a preposition or an article heads it: "In der Aue", "De Dreef", "Laan van Meerdervoort"
	streetTyped         // its last word is a street type: "Oude Baan", "Grote Markt"
)

// lineStreet returns the shape of the street whose words start at s and
// end before its house number, before a postcode of nd digits. A word that
// ends as German and French nouns of a concept do ("Regel" does not,
// "Bestellung", "Woche", "Version" do) makes a plain one: "In der Woche
// 2". A type that names parks and camps as often ("Park", "Kamp", "Pfad",
// "Baan") makes a typed one only before four digits ("Oude Baan 212, 3630
// Maasmechelen"), else a headed one: "Business Park 3, 12345 Users".
func lineStreet(v string, s, nd int) int {
	words, particles := 0, 0
	first, firstEnd, last, lastEnd := s, s, s, s
	for p := s; p < len(v) && !isDigit(v[p]); {
		e := p
		for e < len(v) && v[e] != ' ' && v[e] != '\n' {
			e++
		}
		if isLower(v[p]) {
			particles++
		} else {
			if nounEnding(v[p:e], true) || timeNoun(v[p:e]) {
				return streetPlain
			}
			if words == 0 {
				first, firstEnd = p, e
			}
			last, lastEnd = p, e
			words++
		}
		p = e + 1
	}
	var buf [maxWord]byte
	if n := foldWord(v, last, lastEnd, &buf); n > 0 && words > 1 && streetTailWord(buf[:n]) {
		switch string(buf[:n]) {
		case "kamp", "pfad", "park", "baan", "stieg", "wall":
			if nd != 4 {
				return streetHeaded
			}
		}
		return streetTyped
	}
	w := v[first:firstEnd]
	switch {
	case particles > 0 && words > 1, words > 1 && streetArticle(v, first, firstEnd):
		return streetHeaded
	case words == 1 && (len(w) >= 8 || polishStreetWord(w)), words == 2 && len(w) <= 8 && (strings.HasSuffix(w, "e") || strings.HasSuffix(w, "er")):
		return streetNamed
	}
	return streetPlain
}

// hasSuffixFold reports whether w ends in the lower-case ASCII suffix,
// in any case.
func hasSuffixFold(w, suffix string) bool {
	return len(w) >= len(suffix) && strings.EqualFold(w[len(w)-len(suffix):], suffix)
}

// dutchArticleTown returns the end of a Dutch town whose name begins with
// the old genitive article at p ("'s-Hertogenbosch", "'s Gravenhage",
// "'t Harde"), or 0.
func dutchArticleTown(v string, p int, addrCtx bool) int {
	n := apostropheLen(v, p) // ' or ’
	if n == 0 {
		return 0
	}
	switch c := at(v, p+n); {
	case (c == 's' || c == 'S') && at(v, p+n+1) == '-':
		// "'s-Hertogenbosch", "'S-GRAVENHAGE": the hyphen is the town's
	case (c == 's' || c == 't') && at(v, p+n+1) == ' ' && addrCtx:
		// "'s Gravenhage", "'t Harde", only in an address: after a
		// sentence's head "'t Is" and "'s Avonds" are words
	default:
		return 0
	}
	if e := nameWord(v, p+n+2); e > p+n+2 {
		return e
	}
	return 0
}

// dutchTownTail extends a Dutch town that ends at e by the particles and
// the capitalised word of a compound name: "Koog aan de Zaan", "Alphen aan
// den Rijn", "Bergen op Zoom", "Wijk bij Duurstede", "Berkel en
// Rodenrijs". Only after a Dutch postcode, where little but the town
// follows, and not over "in" ("Amsterdam in The Netherlands"); "ter" only
// after a town no list holds, before a word none holds ("Huis ter Heide",
// not "Amsterdam ter Info"): a listed town is whole.
func dutchTownTail(v string, e int, listed bool) int {
	p := e
	particles, ter := 0, false
particles:
	for at(v, p) == ' ' && particles < 2 {
		w := wordEnd(v, p+1)
		var buf [maxWord]byte // folded without an allocation: "Huis ter Heide"
		switch string(lowerWord(v[p+1:w], &buf)) {
		case "aan", "op", "bij", "en":
		case "ter":
			if listed || particles > 0 {
				return e
			}
			ter = true
		case "de", "den":
			if particles == 0 {
				return e // only after "aan": "Amsterdam de Pijp" names a district
			}
		default:
			break particles
		}
		p, particles = w, particles+1
	}
	if particles == 0 || at(v, p) != ' ' {
		return e
	}
	if ne := nameWord(v, p+1); ne > p+1 {
		if _, ok := lookupWord(v, p+1, ne); ter && (ok || terIdiom(v, p+1, ne)) {
			return e
		}
		return ne
	}
	return e
}

// terIdiom reports a Dutch noun that "ter" comes before in prose ("ter
// info", "ter plaatse", "ter attentie van", "ter verificatie", "ter
// controle"): after a town, no part of its name ("Huis ter Heide").
func terIdiom(v string, a, b int) bool {
	var buf [maxWord]byte
	w := string(lowerWord(v[a:b], &buf))
	switch w {
	case "info", "plaatse", "inzage", "zake", "hoogte", "controle", "kennisname", "overname", "ondertekening", "beschikking":
		return true
	}
	return strings.HasSuffix(w, "tie") || strings.HasSuffix(w, "ing")
}

// townArticle reports the article a French or Spanish town's name may
// begin with ("La Roche-sur-Yon", "Le Mans", "Les Sables-d'Olonne", "Las
// Rozas").
func townArticle(w string) bool {
	switch w {
	case "La", "Le", "Les", "Las", "Los", "El", "LA", "LE", "LES":
		return true
	}
	return false
}

// townTail extends a town that ends at e by what compound names add after
// its first word, which no list holds and a capitalised word alone does
// not take: French particles between hyphens ("Aix-en-Provence",
// "Bourg-en-Bresse", "La Roche-sur-Yon", "Saint-Germain-en-Laye"), the
// French "Cedex" of a business's post ("Paris Cedex 08"), and a German
// river, lake or region after its preposition ("Frankfurt am Main",
// "Freiburg im Breisgau", "Frankfurt an der Oder", "Rothenburg ob der
// Tauber"). The German ones only at the end of the value, a line or a
// clause, and with a river's, a lake's or a region's name (townAddendum):
// "10115 Berlin am Telefon besprochen" says when, "10115 Berlin im Büro."
// or "an der Kasse." where in the shop, not which Berlin.
func townTail(v string, e int) int {
	for k := 0; k < 2 && at(v, e) == '-'; k++ {
		p := e + 1
		w := wordEnd(v, p)
		if w == p || !isLower(v[p]) || w-p > 4 || at(v, w) != '-' {
			break
		}
		switch v[p:w] {
		case "en", "sur", "sous", "le", "la", "les", "de", "du", "des", "lès", "lez", "aux", "au", "et":
		default:
			return e
		}
		ne := nameWord(v, w+1)
		if ne == w+1 {
			break
		}
		e = ne
	}
	if hasAt(v, e, " cedex") && !isAlnum(at(v, e+6)) {
		e += 6
		if at(v, e) == ' ' && isDigit(at(v, e+1)) && !isAlnum(at(v, e+3)) {
			e += 2
			if isDigit(at(v, e)) {
				e++
			}
		}
		return e
	}
	if at(v, e) != ' ' {
		return e
	}
	p := e + 1
	w := wordEnd(v, p)
	switch v[p:w] {
	case "am", "im":
	case "an", "ob", "in":
		if !hasAt(v, w, " der ") {
			return e
		}
		w += 4
	default:
		return e
	}
	ne := nameWord(v, w+1)
	if at(v, w) != ' ' || ne == w+1 {
		return e
	}
	if !townAddendum(v, w+1, ne) {
		return e
	}
	switch at(v, ne) {
	case 0, ',', ';', '.', ')', '\n', '\r':
		return ne
	}
	return e
}

// townAddendum reports whether the capitalised word v[a:b] names a river,
// a lake or a region that German towns add to their names after "am",
// "im", "an der", "ob der" or "in der": "Main", "Breisgau", "Ammersee",
// "Schwarzwald", "Oberpfalz"; not "Büro", "Apparat", "Kasse", "Urlaub".
func townAddendum(v string, a, b int) bool {
	var buf [maxWord]byte
	w := string(lowerWord(v[a:b], &buf))
	switch w {
	case "main", "rhein", "neckar", "oder", "donau", "saale", "lahn", "ruhr", "havel", "ilm", "tauber", "fils", "lech", "inn",
		"elbe", "weser", "mosel", "isar", "ems", "lippe", "sieg", "nahe", "kocher", "jagst", "regen", "spree", "werra", "fulda",
		"eder", "mulde", "pegnitz", "naab", "vils", "rott", "salzach", "enz", "rems", "brenz", "wupper", "aller", "leine", "saar",
		"kinzig", "see", "taunus", "harz", "eifel", "rhön", "hunsrück", "spessart", "sauerland", "emsland", "vogtland", "weinstraße":
		return true
	}
	for _, end := range [...]string{"see", "gau", "gäu", "wald", "gebirge", "pfalz"} {
		if len(w) > len(end)+2 && strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

// timeNoun reports a German word for a time of the day, week or year
// ("Wochenende", "Abend", "Vormittag"): "In der Woche 2", "Vor dem
// Wochenende 3" count times, not a street's house number.
func timeNoun(w string) bool {
	for _, end := range [...]string{"ende", "tag", "abend", "morgen", "woche", "monat", "jahr", "anfang", "nacht"} {
		if hasSuffixFold(w, end) {
			return true
		}
	}
	return false
}

// townRest returns the end of a town's name no list knows whose first
// word ends at e: up to two more capitalised words no list knows and not
// ending as German nouns do ("Zielona Góra", "Nowy Dwór Mazowiecki"; not
// "12345 Kleinstadt Lieferung Montag").
func townRest(v string, e int) int {
	for k := 0; k < 2 && at(v, e) == ' '; k++ {
		ne := nameWord(v, e+1)
		if ne == e+1 {
			break
		}
		if _, ok := lookupWord(v, e+1, ne); ok {
			break
		}
		var buf [maxWord]byte // folded without an allocation: a town's next word is a capital's ("Cinisi PA")
		if w := string(lowerWord(v[e+1:ne], &buf)); nounEnding(w, false) || dutchTownParticle(w) {
			break // "KOOG AAN DE ZAAN": the particles are dutchTownTail's
		}
		e = ne
	}
	return e
}

// stopWord reports a function word of the lists at v[s:e] ("en", "op").
func stopWord(v string, s, e int) bool {
	wi, ok := lookupWord(v, s, e)
	return ok && wi.flags&wStop != 0
}

// dutchTownParticle reports a particle of a compound Dutch town's name,
// folded.
func dutchTownParticle(w string) bool {
	switch w {
	case "aan", "op", "bij", "en", "de", "den":
		return true
	}
	return false
}

// postalCountries are the country letters written before a postcode in
// European addresses of before the 2000s, still in legacy CRMs: "D-10115
// Berlin", "B-1300 Wavre", "F-75002 Paris", "NL-1012 AB Amsterdam".
var postalCountries = map[string]bool{"A": true, "B": true, "D": true, "F": true, "I": true, "E": true, "P": true,
	"L": true, "S": true, "N": true, "H": true, "CH": true, "NL": true, "PL": true, "DK": true, "FL": true,
	"CZ": true, "SK": true, "FIN": true, "IRL": true}

// countryPostcode reports the postcode after the country letters v[i:j]
// and the '-' at j ("D-10115 Berlin"), with its city, and returns the end,
// or 0. Part numbers look alike ("A-1010", "D-12345"): as for a postcode
// without letters, a city after it or an address word before it must
// confirm it.
func (sc *scan) countryPostcode(i, j int) int {
	if p := at(sc.v, i-1); isAlnum(p) || p == '-' || p == '/' || p == '.' {
		return 0 // inside an identifier: "ART-D-10115"
	}
	var t numTok
	sc.collect(j+1, &t)
	var c cand
	sc.postalCand(&t, &c) // a city after it or an address word before: see there
	if c.det != dPostal || c.score < 0.5 {
		return 0
	}
	c.s, c.score = i, max(c.score, 0.8)
	return max(sc.addPostal(&c), t.end)
}

// streetEndsAt reports a street found by this scan that ends at e.
func (sc *scan) streetEndsAt(e int) bool {
	n := len(sc.dst)
	return n > sc.base && sc.dst[n-1].Category == Street && sc.dst[n-1].End == e
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
		if st.Category == Street && st.End <= c.s && len(gap) <= 3 && (strings.Trim(gap, ", \n") == "" || gap == " - " || gap == " / " || gap == "/") {
			sc.dst = sc.dst[:n-1]
			sc.add(dAddress, Address, st.Start, c.cityE, max(st.Score, c.score))
			return c.cityE
		}
	}
	if s, dated := streetBefore(sc.v, c.s, sc.addressNear(c.s)); s >= 0 && sc.s.on(dAddress) {
		// A street named alone. What was found in its words keeps
		// them, and the address begins after it ("Anna Nowak Wiejska
		// 8": the name's finding stays a name), except in a street
		// named after a date ("3 Maja 12": Maja is no given name there).
		n := len(sc.dst)
		for n > sc.base && sc.dst[n-1].Start >= s && (dated || sc.dst[n-1].Detector == detectorNames[dSpecial]) {
			n-- // and a word of the street's name is no special category's: "Hinter der Kirche 1"
		}
		if n > sc.base && sc.dst[n-1].Category == Street && sc.dst[n-1].End > s {
			s = min(s, sc.dst[n-1].Start) // a street type found alone: "Steenweg op Gent 55"
			n--
		}
		sc.dst = sc.dst[:n]
		if n > sc.base && sc.dst[n-1].End > s {
			s = sc.dst[n-1].End
			for s < c.s && (sc.v[s] == ' ' || sc.v[s] == ',') {
				s++
			}
		}
		sc.add(dAddress, Address, s, c.cityE, c.score)
		return c.cityE
	}
	if c.cityS < c.s {
		// the town before the postcode: "Zielona Góra 65-001", after a
		// street one address: "ul. Brzozowa 9, Zielona Góra 65-001"
		cityS := sc.claim(c.cityS, c.cityE, 0.7)
		if n := len(sc.dst); n > sc.base && sc.s.on(dAddress) {
			if st := sc.dst[n-1]; st.Category == Street && st.End+2 == c.cityS && sc.v[st.End:c.cityS] == ", " {
				sc.dst = sc.dst[:n-1]
				sc.add(dAddress, Address, st.Start, c.e, max(st.Score, c.score))
				return c.e
			}
		}
		sc.add(dCity, City, cityS, c.cityE, 0.7)
		sc.add(c.det, c.cat, c.s, c.e, c.score)
		return c.e
	}
	sc.add(c.det, c.cat, c.s, c.e, c.score)
	sc.add(dCity, City, c.cityS, c.cityE, 0.7)
	return c.cityE
}

// beEnterprise reports a Belgian enterprise number (KBO/BCE,
// ondernemingsnummer, numéro d'entreprise): ten digits, the first 0 or 1,
// the last two 97 minus the first eight mod 97. It names a company, and
// read as a phone number it was masked in suppliers' records. It counts as
// one written as the register writes it ("0384.261.342"), or right after a
// word for it or for VAT (or in such a column); a number with a Belgian
// mobile prefix (04..) only then, and none after a phone word: one in a
// hundred phone numbers passes the check by chance.
func (sc *scan) beEnterprise(t *numTok) bool {
	if t.plus || t.paren || t.nd != 10 || t.d[0] > 1 {
		return false
	}
	if 97-digitsValue(t.d[:8])%97 != digitsValue(t.d[8:10]) {
		return false
	}
	if sc.phoneCtx(t.start) {
		return false // "Commande CMD-055846 : rappeler au 07 84 68 85 27"
	}
	if sc.company || sc.labelledBy(ctxTax, t.start) {
		return true
	}
	if labelIs(sc.v, t.start, companyLabelWords...) {
		return true
	}
	return t.shape(4, 3, 3) && t.seps('.') && !(t.d[0] == 0 && t.d[1] == 4)
}

// companyLabelWords label a company's number: "KBO", "BCE",
// "ondernemingsnummer", "n° d'entreprise".
var companyLabelWords = []string{"kbo", "bce", "ondernemingsnummer", "ondernemingsnr", "entreprise", "onderneming", "siret", "siren"}

// labelIs reports whether the label right before pos (labelEnd, and
// labelWord past a "Nr.") is one of words, in any case.
func labelIs(v string, pos int, words ...string) bool {
	le := labelEnd(v, pos)
	if le < 0 {
		return false
	}
	w := labelWord(v, le)
	for _, x := range words {
		if strings.EqualFold(w, x) {
			return true
		}
	}
	return false
}

// labelEnd returns the end of the word before pos, over blanks, colons,
// full stops, dashes and '#', or -1 when a letter or digit ends right
// before pos or nothing is there.
func labelEnd(v string, pos int) int {
	p := pos
	for p > 0 && (v[p-1] == ' ' || v[p-1] == ':' || v[p-1] == '.' || v[p-1] == '-' || v[p-1] == '#') && pos-p < 4 {
		p--
	}
	if p == pos || p == 0 || !(isASCIILetter(v[p-1]) || v[p-1] >= 0x80) {
		return -1
	}
	return p
}
