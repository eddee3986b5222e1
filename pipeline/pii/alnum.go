package pii

import "strings"

// Handlers for tokens that start with letters followed by digits: IBAN, VAT
// numbers, UK National Insurance numbers and postcodes, Spanish NIE, Italian
// codice fiscale, and passport or licence numbers announced by context.

// alnum handles the token starting with the letters v[i:j] followed by a digit.
func (sc *scan) alnum(i, j int) int {
	v := sc.v
	n := len(v)
	e := j
	for e < n && isAlnum(v[e]) {
		e++
	}
	p1 := at(v, i-1)
	if isDigit(p1) || ((p1 == '-' || p1 == '_' || p1 == '/' || p1 == '.') && isAlnum(at(v, i-2))) {
		// Part of a longer code ("REF-DE4711"), except an IBAN glued to
		// its label or to a number before it ("IBAN/DE89...",
		// "Kto.DE89...", "4711/DE89..."): mod 97 over the country's
		// exact length keeps chance matches out here as elsewhere. Not
		// after '_', which joins the words of identifiers: the stream
		// takes a column named so for one (iban_de89370400440532013000).
		if wl := j - i; wl == 2 && !isDigit(p1) && p1 != '_' {
			if ie := sc.ibanAt(i); ie > 0 {
				return ie
			}
		}
		return e
	}
	k := i
	for k < n && k-i < 5 && isHex(v[k]) {
		k++
	}
	if k-i <= 4 && (at(v, k) == ':' || (at(v, k) == '-' && k-i == 2) || (at(v, k) == '.' && k-i == 4)) {
		if he, ok := sc.hexColon(i); ok {
			return he
		}
	}
	upper := true
	for q := i; q < j; q++ {
		if !isUpper(v[q]) {
			upper = false
			break
		}
	}
	wl := j - i
	if wl == 2 {
		if ie := sc.ibanAt(i); ie > 0 { // "DE89...", "de89..."
			return ie
		}
	}
	if wl == 6 && hasAt(v, i, "iban") {
		if ie := sc.ibanAt(i + 4); ie > 0 { // "IBANDE89370400440532013000"
			return ie
		}
	}
	if upper && wl >= 6 && (e-i == 8 || e-i == 11) {
		if ibanLen[int(v[i+4]-'A')*26+int(v[i+5]-'A')] > 0 {
			score := 0.6
			if sc.ctx(ctxBIC, i) || sc.ctx(ctxIBAN, i) {
				score = 0.9
			}
			sc.add(dBIC, Financial, i, e, score)
			return e
		}
	}
	if wl == 2 {
		if ne := sc.nino(i); ne > 0 {
			return ne
		}
	}
	if wl == 1 && nieLetter(v[i]) {
		if ne := sc.nie(i); ne > 0 {
			return ne
		}
	}
	if !upper && wl == 6 && e-i == 16 && (sc.labelledBy(ctxNatID, i) || sc.schemeCtx(dITCF, i)) {
		// "cf: rssmra85t10a562s": a codice fiscale typed in lower case,
		// after its word only
		var buf [16]byte
		for k := range buf {
			if buf[k] = v[i+k]; isLower(buf[k]) {
				buf[k] -= 'a' - 'A'
			}
		}
		if itCF(string(buf[:])) && cfMonth(buf[8]) {
			sc.add(dITCF, NationalID, i, e, 0.95)
			return e
		}
	}
	if upper {
		if wl >= 2 && wl <= 3 || wl == 4 && v[i] == 'F' && v[i+1] == 'R' { // "FRXX123456789": two letters as its key
			if ve := sc.vat(i, 2); ve > 0 {
				return ve
			}
		}
		if wl == 6 && e-i == 16 && itCF(v[i:e]) && cfMonth(v[i+8]) {
			sc.add(dITCF, NationalID, i, e, sc.scoreNear(ctxNatID, i, 0.9, 0.98))
			return e
		}
		if wl == 1 {
			if pe := sc.eircode(i, e); pe > 0 {
				return sc.postcode(i, pe)
			}
		}
		if wl <= 2 {
			if pe := ukPostcode(v, i, e); pe > 0 {
				return sc.postcode(i, pe)
			}
		}
	} else if wl <= 2 && sc.addressNear(i) {
		if pe := ukPostcodeLower(v, i, e); pe > 0 {
			return sc.postcode(i, pe)
		}
		if pe := sc.eircode(i, e); wl == 1 && pe > 0 {
			return sc.postcode(i, pe)
		}
	}
	if upper && wl == 1 && e-i == 10 && (sc.schemeCtx(dDEKVNR, i) || sc.ctx(ctxNatID, i) || labelIs(v, i, kvnrLabels...)) && deKVNR(v[i:e]) {
		// "KVNR A123456780": a German health insurance number, after its
		// word only: a letter and nine digits is the shape of many a
		// reference, and one in ten passes the check; the insurer's
		// words as its label only (kvnrLabels).
		sc.add(dDEKVNR, NationalID, i, e, 0.9)
		return e
	}
	if e-i >= 6 && e-i <= 16 && (sc.ctx(ctxPassport, i) || sc.ctx(ctxLicence, i)) {
		sc.docFinding(i, e)
	} else if e-i >= 8 && e-i <= 12 && e > j && sc.labelledBy(ctxNatID, i) {
		if score := idCardScore(v, sc.last[ctxNatID], v[i:e]); score > 0 {
			sc.add(dIDCard, NationalID, i, e, score)
		}
	}
	return e
}

// nino recognises a UK National Insurance number at i in the forms
// agents type it: "AB123456C", "AB 12 34 56 C", "AB-12-34-56-C",
// "AB123456 C". Lower case ("ab123456c") counts only after a word that
// names it (NINO, NI, national insurance) or in a column that does: in
// prose it is as likely a code. It returns the end, or 0.
func (sc *scan) nino(i int) int {
	v := sc.v
	var buf [9]byte
	p, upper := i, true
	for k := 0; k < 9; k++ {
		if k == 2 || k == 4 || k == 6 || k == 8 {
			if c := at(v, p); (c == ' ' || c == '-') && isAlnum(at(v, p+1)) {
				p++
			}
		}
		c := at(v, p)
		if c >= 'a' && c <= 'z' {
			c -= 0x20
			upper = false
		}
		if k >= 2 && k < 8 && !isDigit(c) || (k < 2 || k == 8) && !isUpper(c) {
			return 0
		}
		buf[k] = c
		p++
	}
	if isAlnum(at(v, p)) || !gbNINO(string(buf[:])) {
		return 0
	}
	named := sc.schemeCtx(dGBNINO, i) || sc.ctx(ctxNatID, i)
	if !named && (!upper || prevWordIs(v, i, "code", "product", "produkt", "artikel", "part", "sku", "ref", "item", "model")) {
		return 0 // "Product code KC114078C"
	}
	score := 0.7
	switch {
	case named:
		score = 0.95
	case p-i > 9:
		score = 0.75 // grouped as on the card
	}
	sc.add(dGBNINO, NationalID, i, p, score)
	return p
}

func cfMonth(c byte) bool {
	switch c {
	case 'A', 'B', 'C', 'D', 'E', 'H', 'L', 'M', 'P', 'R', 'S', 'T':
		return true
	}
	return false
}

// iban parses an IBAN of length l at i, upper case, contiguous or in groups
// of four separated by single spaces.
func (sc *scan) iban(i, l int) int {
	v := sc.v
	var buf [34]byte
	k, p := 0, i
	var punct byte // the punctuation between groups, once one was seen
	for p < len(v) && k < l {
		c := v[p]
		if isLower(c) {
			c -= 0x20
		}
		if isDigit(c) || isUpper(c) {
			buf[k] = c
			k++
			p++
			continue
		}
		if k == 2 || k >= 4 && k%4 == 0 {
			if q := ibanSep(v, p, &punct); q > p && isAlnum(at(v, q)) {
				p = q
				continue
			}
		}
		break
	}
	if k != l || isAlnum(at(v, p)) && !gluedLabel(v, p) || !isDigit(buf[2]) || !isDigit(buf[3]) {
		return sc.ibanLoose(i, l) // but "DE89 ... 00BIC: COBADEFFXXX": the next field's label
	}
	if !ibanMod97(buf[:l]) {
		if !sc.ibanLabelled(i) {
			return 0
		}
		// "IBAN DE89370400440532013001": a digit mistyped or misread
		// still names the account; the label and the country's length
		// and grouping say what it is. An account, not a valid IBAN.
		sc.add(dAccount, BankAccount, i, p, 0.6)
		return p
	}
	sc.add(dIBAN, BankAccount, i, p, sc.scoreNear(ctxIBAN, i, 0.95, 0.99))
	return p
}

// ibanLoose reads at i an IBAN of length l typed in other groups than
// fours, or with a digit left out or doubled: the country's letters, two
// check digits, then groups of digits (and one of letters first, the
// bank's code of NL91 ABNA ...) apart by ibanSep's separators. Agents
// type what they hear in threes ("IBAN DE 89 370 400 440 532 013 000")
// and miss a digit of 22 ("IBAN DE89 3704 0044 0532 0130 0"): the
// strict read took neither, and the number went out raw. The exact length
// and mod 97 make an IBAN of it; after the word IBAN only (ibanLabelled),
// one character more or less makes an account, as a mistyped digit does
// in iban. It returns the end, or 0.
func (sc *scan) ibanLoose(i, l int) int {
	v := sc.v
	var buf [35]byte
	buf[0], buf[1] = v[i]&^0x20, v[i+1]&^0x20
	k, p, end := 2, i+2, 0
	var punct byte
	for k <= l+1 {
		q := p
		if k > 2 {
			if q = ibanSep(v, p, &punct); q == p {
				break
			}
		} else if at(v, q) == ' ' || at(v, q) == '\t' || at(v, q) == '-' {
			q++ // "DE 89", "DE\t89", "DE-89"
		}
		e := q
		for e < len(v) && (isDigit(v[e]) || k == 4 && e == q && isASCIILetter(v[e])) {
			e++
			if !isDigit(v[e-1]) {
				for e < len(v) && isASCIILetter(v[e]) {
					e++
				}
				break
			}
		}
		if e == q || isAlnum(at(v, e)) || k+e-q > l+1 || k == 2 && e-q < 2 {
			break
		}
		for c := q; c < e; c++ {
			buf[k] = v[c]
			if isLower(v[c]) {
				buf[k] -= 0x20
			}
			k++
		}
		p, end = e, e
	}
	if end == 0 || k < l-1 || !isDigit(buf[2]) || !isDigit(buf[3]) {
		return 0
	}
	if k == l && ibanMod97(buf[:l]) {
		sc.add(dIBAN, BankAccount, i, end, sc.scoreNear(ctxIBAN, i, 0.95, 0.99))
		return end
	}
	if !sc.ibanLabelled(i) {
		return 0
	}
	sc.add(dAccount, BankAccount, i, end, 0.6)
	return end
}

// ibanLabelled reports the word IBAN right before pos ("IBAN:", "IBAN-Nr.").
func (sc *scan) ibanLabelled(pos int) bool {
	return sc.labelledBy(ctxIBAN, pos) && strings.EqualFold(labelWord(sc.v, sc.last[ctxIBAN]), "iban")
}

// ibanAt tries an IBAN whose country code is v[i:i+2], both letters in
// one case or capitalised: autocorrect makes "De89..." of an IBAN typed at
// the start of a sentence or a field, and mod 97 over the exact length of
// the country's IBAN still keeps chance matches out.
func (sc *scan) ibanAt(i int) int {
	v := sc.v
	a, b := v[i]|0x20, v[i+1]|0x20 // lower case
	if a < 'a' || a > 'z' || b < 'a' || b > 'z' || isLower(v[i]) && !isLower(v[i+1]) {
		return 0
	}
	if l := ibanLen[int(a-'a')*26+int(b-'a')]; l > 0 {
		return sc.iban(i, int(l))
	}
	return 0
}

// ibanSep returns the end of a separator between an IBAN's groups at p, p
// when there is none: up to three blanks ("DE89  3704", "DE 89 3704"; tabs
// too, as an IBAN pasted from a spreadsheet, a group a cell, holds them:
// "DE89\t3704\t0044 ..."), a line break with the blanks around it (a note
// wrapped mid-IBAN), or one '-', '.' or '/', the same throughout (punct
// keeps the first).
func ibanSep(v string, p int, punct *byte) int {
	q := p
	for q < len(v) && q-p < 3 && (v[q] == ' ' || v[q] == '\t') {
		q++
	}
	switch c := at(v, q); c {
	case '\r', '\n':
		if c == '\r' && at(v, q+1) == '\n' {
			q++
		}
		q++
		for q < len(v) && q-p < 8 && (v[q] == ' ' || v[q] == '\t') {
			q++
		}
	case '-', '.', '/':
		if q > p || *punct != 0 && *punct != c {
			return p
		}
		*punct = c
		q++
	}
	return q
}

// nrbCand interprets a Polish account number (NRB): a Polish IBAN without
// its "PL", how Polish customers and banks write it at home, 26 digits
// contiguous or as 2+6x4 ("61 1090 1014 0000 0712 1981 2874"), passing
// the IBAN check with PL put back.
func (sc *scan) nrbCand(t *numTok, c *cand) {
	// Grouped by fours as banks print it, with blanks or, in old
	// systems, dashes ("32-1050-2862-...").
	grouped := (t.seps(' ') || t.seps('-')) && t.shape(2, 4, 4, 4, 4, 4, 4)
	account := sc.ctx(ctxIBAN, t.start)
	if t.nd != 26 || t.plus || t.paren || !(grouped || t.ng == 1 && account) ||
		sc.ctxSentence(ctxOrder, t.start) && !(account && sc.last[ctxIBAN] > sc.last[ctxOrder]) {
		// 26 digits in one run need an account word, and none may be a
		// reference unless an account word comes after the order word
		// ("faktura 123, konto 61 1090 ..."): 1 in 97 ids passes.
		return
	}
	var buf [28]byte
	buf[0], buf[1] = 'P', 'L'
	for k, d := range t.d[:26] {
		buf[2+k] = '0' + d
	}
	if !ibanMod97(buf[:]) {
		return
	}
	c.offer(dIBAN, BankAccount, t.start, t.end, sc.scoreNear(ctxIBAN, t.start, 0.85, 0.97))
}

// accountCand interprets a domestic account number that an account word
// labels: "Kontonummer 532013000", "Kto-Nr. 0532013000", "acc 31926819".
// Banks compute their own check digits, if any, so no check can confirm
// one: only a number right after the word counts (labelledBy), and only
// with a bank beside it (a bank code, a sort code, a bank's name) or after
// a label that names an account's number (a/c, Konto-Nr., account number)
// or a bank's account (Kto, Konto: accountWordLabel) with 7 digits or more
// and no ledger words near, since ledgers, web shops and bills have
// accounts too ("Konto 400000 Umsatzerlöse", "Account #91299902
// upgraded", "Rekening 2024105 betaald"). The digits are in one run or
// grouped by blanks as agents type them ("Kontonr.: 123 456 789").
func (sc *scan) accountCand(t *numTok, c *cand) {
	if t.plus || t.paren || t.nd < 6 || t.nd > 12 || !sc.labelledBy(ctxIBAN, t.start) || t.ng != 1 && !blankGrouped(t) ||
		t.ng != 1 && currencyAt(sc.v, t.end) {
		return // "Konto 1 234 567 EUR": an amount; one run after a number's label is an account ("Kto-Nr. 532013000 EUR-Konto")
	}
	le := sc.last[ctxIBAN]
	if englishAccountWord(sc.v, le) && t.nd != 8 {
		return // a British bank's account has 8 digits
	}
	if w := labelWord(sc.v, le); hasAt(w, 0, "rachun") || hasAt(w, 0, "konta") {
		return // a Polish account is an NRB (nrbCand); "rachunek nr 1019308" is a bill
	}
	switch {
	case bankNear(sc.v, t.start, t.end):
	case wordNear(sc.v, t.start, t.end, paymentWords[:]) && !ledgerNear(sc.v, t.start, t.end, true):
		// a payment only a bank's account makes: six digits do; a ledger
		// word inside another ("Rückbuchung", "Zahlungsaufforderung") is none
	case ledgerNear(sc.v, t.start, t.end, false):
		return // "Buchung Lastschrift Konto 1200000": a ledger's, whatever its booking text
	case t.nd < 7:
		return // ledger accounts have 4-6 digits ("Kontonr. 160000 Bestandsveränderung")
	case accountNumberLabel(sc.v, le):
	case !sc.accountWordLabel(le, t) || wordNear(sc.v, t.start, t.end, otherAccountWords[:]) ||
		currencyAt(sc.v, t.end) && !centsAfterCurrency(sc.v, t.end):
		return // "Konto 1500000 EUR" is an amount; "rekening 417164300 € 12,50" names one after the account
	}
	c.offer(dAccount, BankAccount, t.start, t.end, 0.75)
}

// centsAfterCurrency reports an amount with cents right after the currency
// that follows p (currencyAt): "€ 12,50", "EUR 49.90".
func centsAfterCurrency(v string, p int) bool {
	if p = amountAfterCurrency(v, p); p < 0 {
		return false
	}
	mark := -1 // the last ',' or '.': "1.249,00"
	for isDigit(at(v, p)) || (at(v, p) == ',' || at(v, p) == '.') && isDigit(at(v, p+1)) {
		if !isDigit(v[p]) {
			mark = p
		}
		p++
	}
	return mark > 0 && p-mark == 3
}

// blankGrouped reports digits in groups apart by single blanks, of two
// to four digits after a first of one to four, as agents type an account
// number ("123 456 789", "0532 0130 00"); not a date's or an amount's
// punctuation.
func blankGrouped(t *numTok) bool {
	if t.ng < 2 || t.ng > 5 || !t.seps(' ') || t.glen(0) > 4 {
		return false
	}
	for k := 1; k < t.ng; k++ {
		if l := t.glen(k); l < 2 || l > 4 {
			return false
		}
	}
	return true
}

// accountWordLabel reports a label ending at le that names a bank account
// without naming its number, before a number of the shape the label's
// country gives its accounts: German "Kto" and "Konto" (up to ten digits,
// not a date), Dutch "rekening" (nine or ten digits passing the banks'
// eleven test, no bill's words near: a "rekening" is also a bill), French
// "n° de compte" (the eleven digits of a RIB's account; "compte" alone is
// as often a web site's).
func (sc *scan) accountWordLabel(le int, t *numTok) bool {
	v := sc.v
	w := labelWord(v, le)
	switch {
	case strings.EqualFold(w, "kto") || strings.EqualFold(w, "konto"):
		// not "Konto 20240315 eröffnet"; not another compound's than a
		// bank's ("Kunden-Konto", "PayPal-Konto"; "Giro-Konto"); not in
		// Polish, whose "konto" is an NRB's (nrbCand) and whose "kto" is
		// "who"
		if s := le - len(w) - 1; at(v, s) == '-' && !bankAccountPrefix(v[letterRunStart(v, s):s]) {
			return false
		}
		return t.nd <= 10 && !(t.nd == 8 && (yearFirstDate(t.d[:8]) || dayFirstDate(t.d[:8]))) && !sc.polishText()
	case strings.EqualFold(w, "rekening"):
		return (t.nd == 9 || t.nd == 10) && elevenTest(t.d[:t.nd]) && !wordNear(v, t.start, t.end, billWords[:])
	case strings.EqualFold(w, "compte"):
		if t.nd != 11 {
			return false
		}
		p := le - len(w) // "n° de compte", "numéro de compte"
		for p > 0 && v[p-1] == ' ' {
			p--
		}
		if !strings.EqualFold(v[letterRunStart(v, p):p], "de") {
			return false
		}
		p = letterRunStart(v, p)
		for p > 0 && (v[p-1] == ' ' || v[p-1] == '.') {
			p--
		}
		n := v[letterRunStart(v, p):p]
		return n == "n°" || n == "N°" || strings.EqualFold(n, "no") || strings.EqualFold(n, "numéro") || strings.EqualFold(n, "numero") ||
			strings.EqualFold(n, "num")
	}
	return false
}

// bankAccountPrefix reports the first word of a bank account's compound
// ("Giro-Konto", "Spar-Kto").
func bankAccountPrefix(w string) bool {
	for _, x := range [...]string{"giro", "spar", "bank", "gehalts", "tagesgeld", "haupt"} {
		if strings.EqualFold(w, x) {
			return true
		}
	}
	return false
}

// elevenTest reports a Dutch bank account number of before the IBAN: the
// digits weighted by their place from the right (1, 2, 3 ...) sum to a
// multiple of 11.
func elevenTest(d []byte) bool {
	sum := 0
	for k, x := range d {
		sum += int(x) * (len(d) - k)
	}
	return sum%11 == 0
}

// billWords are said of a bill, which Dutch "rekening" names as it names
// an account ("Rekening 2024105 van maart betaald").
var billWords = [...]string{"betaald", "factuur", "openstaand", "herinnering", "aanmaning", "verzonden", "verstuurd", "nota"}

// otherAccountWords are said of a web site's, an app's or a loyalty
// scheme's accounts, which "Konto" names as it names a bank's ("Konto
// 8224265 im Webshop gesperrt", "Konto 1234567 Treuepunkte").
var otherAccountWords = [...]string{"shop", "login", "portal", "passw", "benutzer", "sklep", "paypal", "punkte", "treue",
	"newsletter", "bestell"} // not "kundennummer": a bank's letters give one too

// domesticAccountCand interprets the domestic account numbers of before the
// IBAN that carry their own check: Belgian ones ("001-7473900-29": ten
// digits, then their remainder mod 97, 97 for 0; after an identity word
// the same form is an identity card's), Spanish CCCs ("2100 0418 45
// 0200051332": two check digits, esCCC) and French RIBs ("30002 76133
// 82310240289 52", also with slashes: bank, branch, account, then the RIB
// key). Grouped so, they count alone; in one run, in an account column
// (a CCC or a RIB also after an account word).
func (sc *scan) domesticAccountCand(t *numTok, c *cand) {
	if t.plus || t.paren {
		return
	}
	d := t.d[:t.nd]
	// In one run only in an account column: after "account" or "rekening"
	// twelve digits are as often a cloud account's or an invoice's.
	account := sc.fctx&(1<<ctxIBAN) != 0
	switch t.nd {
	case 12:
		if !(t.shape(3, 7, 2) && t.sepsIn("- ") || t.ng == 1 && account) || !account && sc.ctx(ctxOrder, t.start) {
			return // "Réf. 835-0372419-58": a reference of the same form
		}
		r := digitsValue(d[:10]) % 97
		if r == 0 {
			r = 97
		}
		if r != digitsValue(d[10:]) {
			return
		}
		if sc.ctx(ctxNatID, t.start) && sc.last[ctxNatID] > sc.last[ctxIBAN] {
			// A Belgian identity card's number has the same form:
			// "ID-kaart 591-0750806-31".
			c.offer(dIDCard, NationalID, t.start, t.end, 0.9)
			return
		}
	case 20:
		// A Spanish CCC, the account code before the IBAN: bank and
		// branch, two check digits, the account ("2100 0418 45
		// 0200051332", "2100.0418.45.0200051332"); in one run, or by
		// fours as the IBAN groups it ("2100 0418 4502 0005 1332"), only
		// after its word or in its column: a reference is grouped so too.
		labelled := account || sc.labelledBy(ctxIBAN, t.start) || labelIs(sc.v, t.start, "ccc")
		fours := t.shape(4, 4, 4, 4, 4) && (t.seps(' ') || t.seps('-') || t.seps('.'))
		if !(t.shape(4, 4, 2, 10) && (t.sepsIn(" -") || t.seps('.')) || (t.ng == 1 || fours) && labelled) || !esCCC(d) {
			return
		}
	case 23:
		if !(t.shape(5, 5, 11, 2) && t.sepsIn(" /") || t.ng == 1 && (account || sc.labelledBy(ctxIBAN, t.start))) {
			return
		}
		key := 97 - (89*digitsValue(d[:5])+15*digitsValue(d[5:10])+3*digitsValue(d[10:21]))%97
		if key != digitsValue(d[21:]) {
			return
		}
	default:
		return
	}
	c.offer(dAccount, BankAccount, t.start, t.end, sc.scoreNear(ctxIBAN, t.start, 0.8, 0.95))
}

// digitsValue returns the number the digits d (values 0-9) spell.
func digitsValue(d []byte) int {
	n := 0
	for _, x := range d {
		n = n*10 + int(x)
	}
	return n
}

// accountNumberLabel reports a label that names an account's number, not
// just an account, ending at le: "Kontonummer", "Konto-Nr.", "account
// number", "acc no", "a/c" (British shorthand).
func accountNumberLabel(v string, le int) bool {
	if le >= 3 && strings.EqualFold(v[le-3:le], "a/c") {
		return true
	}
	s := le
	for s > 0 && isASCIILetter(v[s-1]) {
		s--
	}
	for _, w := range [...]string{"no", "nr", "number", "nummer", "kontonummer", "kontonr", "ktonr", "rekeningnummer", "rekeningnr",
		"giro", "gironummer", "gironr", "postgiro", // a Dutch Postbank account of before the IBAN: "giro 6903940"
		"girokonto", "bankkonto", "sparkonto"} { // "Girokonto 532013000"
		if strings.EqualFold(v[s:le], w) {
			return true
		}
	}
	return false
}

// bankWords name a bank or its codes; see bankNear.
var bankWords = [...]string{"blz", "bankleitzahl", "sort code", "sort-code", "sortcode", "s/c", "bank", "sparkasse", "bic", "swift", "routing"}

// paymentWords name a payment only a bank's account makes ("Abbuchung vom
// Konto ...", "Lastschrift"); a ledger's booking text names them too, so
// they count only with no ledger word near (ledgerNear).
var paymentWords = [...]string{"abbuchung", "lastschrift", "berweisung", "berweisen"} // Überweisung, Ueberweisung, überweisen

// ledgerNear reports a ledger word within 60 bytes of v[s:e] (wordNear),
// not the "buchung" of a bank's "Abbuchung"; with wordStart, a ledger word
// inside another word counts only in a ledger's compound (ledgerCompound:
// "Stornobuchung", "Umsatzerlöse", "Lagerbestand", "Mietaufwand"; not
// "Rückbuchung", "Zahlungsaufforderung", "Verkaufserlös", "Mehraufwand",
// "Mindestbestand", "Fotojournalist").
func ledgerNear(v string, s, e int, wordStart bool) bool {
	lo, hi := max(0, s-60), min(len(v), e+60)
	for p := lo; p < hi; p++ {
		for _, w := range ledgerWords {
			if v[p]|0x20 == w[0] && p+len(w) <= hi && hasAt(v, p, w) && !(w == "buchung" && p >= 2 && hasAt(v, p-2, "ab")) {
				inWord := letterRunStart(v, p) < p
				if wordStart && (inWord && !ledgerCompound(v, p, w) || !inflectionEnd(v, p+len(w))) {
					continue // not "Journalist", "Bestandskunde", "Buchungsbestätigung"
				}
				return true
			}
		}
	}
	return false
}

// inflectionEnd reports whether a word ends at e or after an inflection
// of at most two letters ("Umsatzerlöse", "Buchungen"): the ledger word
// before e is the word's end, not a compound's first part.
func inflectionEnd(v string, e int) bool {
	n := 0
	for e+n < len(v) && (isASCIILetter(v[e+n]) || v[e+n] >= 0x80) {
		n++
	}
	return n <= 2
}

// ledgerCompound reports a bookkeeping compound's first part before the
// ledger word w at p: "Stornobuchung", "Umsatzerlöse", "Lagerbestand".
// Not "Umbuchung" (a flight's or a bank's own transfer), nor the many
// everyday compounds of "erlös", "aufwand" and "bestand" ("Verkaufserlös",
// "Mehraufwand", "Mindestbestand") a bank account's payment comes with.
func ledgerCompound(v string, p int, w string) bool {
	var buf [maxWord]byte
	first := string(lowerWord(v[letterRunStart(v, p):p], &buf))
	switch w {
	case "buchung":
		return first == "storno" || first == "gegen" || first == "sammel"
	case "erlös":
		return first == "umsatz"
	case "aufwand":
		return first == "miet" || first == "personal" || first == "zins" || first == "material"
	case "bestand":
		return first == "lager" || first == "waren" || first == "kassen" || first == "anfangs" || first == "end"
	}
	return false
}

// ledgerWords are said of a bookkeeping ledger's accounts.
// (Not "debit", "soll" or "haben": direct debits are a bank's, and "haben"
// is the German "have".)
var ledgerWords = [...]string{"sachkonto", "kontenplan", "buchung", "gegenkonto", "ledger", "journal", "erlös", "aufwand",
	"bestand", "kostenstelle", "grootboek", "imputation", "chart of accounts", "forderung", "verbindlichkeit",
	"wareneingang", "vorsteuer"}

// bankNear reports whether a bank word appears within 60 bytes of
// v[s:e], before or after it.
func bankNear(v string, s, e int) bool { return wordNear(v, s, e, bankWords[:]) }

// wordNear reports whether one of words (lower case) appears within 60
// bytes of v[s:e], before or after it, in any case.
func wordNear(v string, s, e int, words []string) bool {
	lo, hi := max(0, s-60), min(len(v), e+60)
	for p := lo; p < hi; p++ {
		for _, w := range words {
			if v[p]|0x20 == w[0] && p+len(w) <= hi && hasAt(v, p, w) {
				return true
			}
		}
	}
	return false
}

// englishAccountWord reports whether the word ending at e is "account",
// "acc" or "acct", in any case, or one of them with "no"/"nr" after it.
func englishAccountWord(v string, e int) bool {
	s := e
	for s > 0 && isASCIILetter(v[s-1]) {
		s--
	}
	w := v[s:e]
	if strings.EqualFold(w, "no") || strings.EqualFold(w, "nr") || strings.EqualFold(w, "number") {
		p := s
		for p > 0 && (v[p-1] == ' ' || v[p-1] == '.' || v[p-1] == '-') {
			p--
		}
		s2 := p
		for s2 > 0 && isASCIILetter(v[s2-1]) {
			s2--
		}
		w = v[s2:p]
	}
	return strings.EqualFold(w, "account") || strings.EqualFold(w, "acc") || strings.EqualFold(w, "acct")
}

// idCardScore scores the letters-then-digits id right after the word that
// ends at le: an identity card's number ("Perso T220001293", "Ausweis-Nr.
// L01X00T471", "dowód osobisty ABS123456"). German and Polish cards carry
// check digits, and their words are also other things' ("Odbiór osobisty",
// personal pickup; "dowód" księgowy, an accounting voucher): their numbers
// must pass the check. It returns 0 for none.
func idCardScore(v string, le int, id string) float64 {
	w := labelWord(v, le)
	switch {
	case hasAt(w, 0, "ausweis") || hasAt(w, 0, "personalausweis") || strings.EqualFold(w, "perso"):
		if len(id) == 10 && icaoCheck(id[:9], id[9]) {
			return 0.85
		}
		if len(id) == 9 && (!strings.EqualFold(w, "perso") || !strings.EqualFold(v[letterRunStart(v, le):le], w)) && deCardSerial(id) {
			// the serial printed on the card, its check digit apart;
			// after "perso" only with a number word ("Perso-Nr.
			// T22000129"): French writes it for personalised ("Gravure
			// perso LHK581898")
			return 0.7
		}
	case strings.EqualFold(w, "osobisty") || strings.EqualFold(w, "osobistego") || strings.EqualFold(w, "dowodu") ||
		strings.EqualFold(w, "dowód") || strings.EqualFold(w, "dowod") || strings.EqualFold(w, "dow"):
		if plIDCard(id) {
			return 0.85
		}
	case strings.EqualFold(w, "identiteitskaart") || strings.EqualFold(w, "identiteitsbewijs"):
		return 0.7 // "identity" and "identité" name IT and process things as often
	}
	return 0
}

// deCardSerial reports the nine characters of a German identity card's
// serial: a letter of the card alphabet (no vowels, no B, D, Q, S), then
// letters of it and digits.
func deCardSerial(id string) bool {
	for k := 0; k < len(id); k++ {
		c := id[k]
		if !strings.ContainsRune("CFGHJKLMNPRTVWXYZ", rune(c)) && (k == 0 || !isDigit(c)) {
			return false
		}
	}
	return true
}

// labelWord returns the word ending at e, or the one before it when that
// is "Nr", "No" or "Nummer" ("Ausweis-Nr.").
func labelWord(v string, e int) string {
	s := letterRunStart(v, e)
	w := v[s:e]
	if strings.EqualFold(w, "nr") || strings.EqualFold(w, "no") || strings.EqualFold(w, "nummer") || w == "n°" || w == "N°" ||
		strings.EqualFold(w, "numéro") || strings.EqualFold(w, "numero") {
		p := s
		for p > 0 && (v[p-1] == ' ' || v[p-1] == '.' || v[p-1] == '-') {
			p--
		}
		w = v[letterRunStart(v, p):p]
	}
	return w
}

// icaoCheck reports whether c is the ICAO 9303 check digit (weights 7, 3,
// 1; A=10 ... Z=35) of s, as on German identity cards.
func icaoCheck(s string, c byte) bool {
	sum := 0
	for k := 0; k < len(s); k++ {
		d := alnumValue(s[k])
		if d < 0 {
			return false
		}
		sum += d * [3]int{7, 3, 1}[k%3]
	}
	return isDigit(c) && sum%10 == int(c-'0')
}

// plIDCard reports a Polish identity card number: three letters, then
// the check digit and five digits (weights 7, 3, 1, 9, 7, 3, 1, 7, 3).
func plIDCard(s string) bool {
	if len(s) != 9 {
		return false
	}
	sum := 0
	for k, w := range [9]int{7, 3, 1, 0, 7, 3, 1, 7, 3} {
		d := alnumValue(s[k])
		if d < 0 || k < 3 && d < 10 || k >= 3 && d > 9 {
			return false
		}
		sum += d * w
	}
	return int(s[3]-'0') == sum%10
}

// alnumValue is a digit's value or a letter's (A=10 ... Z=35), -1 else.
func alnumValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case isUpper(c):
		return int(c-'A') + 10
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	}
	return -1
}

// nieLetter reports the letter a Spanish NIE starts with, X, Y or Z, in
// either case.
func nieLetter(c byte) bool { return c|0x20 == 'x' || c|0x20 == 'y' || c|0x20 == 'z' }

// nie parses a Spanish foreigner identity number X1234567L at i, also
// X1234567-L; right after a word that names an identity or tax number
// also typed loosely (see dniEnd): "NIE X-1234567-L", "X 1234567 L",
// "x1234567l".
func (sc *scan) nie(i int) int {
	v := sc.v
	loose := isLower(v[i])
	p := i + 1
	if c := at(v, p); c == '-' || c == ' ' {
		p++
		loose = true
	}
	nn := int(v[i]|0x20) - 'x' // X 0, Y 1, Z 2
	for k := 0; k < 7; k++ {
		if !isDigit(at(v, p)) {
			return 0
		}
		nn = nn*10 + int(v[p]-'0')
		p++
	}
	switch at(v, p) {
	case ' ':
		loose = true
		fallthrough
	case '-':
		p++
	}
	c := at(v, p)
	if isLower(c) && at(v, p-1) != ' ' {
		c -= 'a' - 'A'
		loose = true
	}
	if c != dniLetters[nn%23] || isAlnum(at(v, p+1)) || loose && !sc.esIDNamed(i) {
		return 0
	}
	sc.add(dESNIE, NationalID, i, p+1, sc.scoreNear(ctxNatID, i, 0.85, 0.97))
	return p + 1
}

// sortCodeLabel returns the end of the label of a British sort code that
// starts with the word v[i:j], which starts with an s ("sort code",
// "sort-code", "sortcode", "s/c"), or 0.
func sortCodeLabel(v string, i, j int) int {
	switch {
	case j-i == 1 && at(v, j) == '/' && at(v, j+1)|0x20 == 'c' && !isAlnum(at(v, j+2)):
		return j + 2
	case j-i == 8 && hasAt(v, i, "sortcode"):
		return j
	case j-i == 4 && hasAt(v, i, "sort") && (at(v, j) == ' ' || at(v, j) == '-') && hasAt(v, j+1, "code") && !isAlnum(at(v, j+5)):
		return j + 5
	}
	return 0
}

// sortCode reports the British sort code that t starts with right after
// its label ("s/c 83-26-98", "sort code: 20-00-00"), and returns its end,
// or 0. Alone a sort code names a bank's branch; beside an account number
// it is half of the account, and the notes that hold one usually hold
// the other.
func (sc *scan) sortCode(t *numTok) int {
	if sc.sortCodeAt < 0 || strings.Trim(sc.v[sc.sortCodeAt:t.start], " :.#-") != "" {
		return 0
	}
	v := sc.v
	e := 0
	switch {
	case t.glen(0) == 6 && (t.ng == 1 || t.sep[1] == ' '):
		e = t.ge[0]
	case t.ng >= 3 && t.glen(0) == 2 && t.glen(1) == 2 && t.glen(2) == 2 && t.sep[1] == t.sep[2] &&
		(t.sep[1] == '-' || t.sep[1] == ' ') && (t.ng == 3 || t.sep[3] == ' '):
		// "83-26-98", "20 00 00"; not "S/C 01/04/24" or "s/c 02.02.24",
		// a service charge's or a letter's date
		e = t.ge[2]
	default:
		return 0
	}
	if isAlnum(at(v, e)) {
		return 0 // "s/c 123456ab": part of a code
	}
	// "s/c" is also a service charge ("S/C 26-09-24 to 01-10-24") and
	// "sous couvert", and parcels and depots have sort codes too: the
	// bank's is beside the account it belongs to or, grouped, named so or
	// no date ("s/c 40 12 21") with no parcel near.
	explicit := sc.sortCodeAt >= 4 && hasAt(v, sc.sortCodeAt-4, "code")
	notDate := t.ng >= 3 && (t.gval(v, 0) > 31 || t.gval(v, 1) > 12) // "s/c 40 12 21"
	if !wordNear(v, t.start, e, sortCodeAccountWords[:]) &&
		(!explicit && !notDate || t.ng == 1 || wordNear(v, t.start, e, parcelWords[:])) {
		return 0 // six digits in a run need the account: "Mailsort sort code 881357"
	}
	sc.add(dAccount, Financial, t.start, e, 0.8)
	return e
}

// sortCodeAccountWords are words of bank details beside a sort code.
var sortCodeAccountWords = [...]string{"a/c", "acc", "account", "bank", "iban", "bic", "mandate", "direct debit",
	"santander", "barclays", "lloyds", "hsbc", "natwest", "nationwide", "halifax", "monzo", "starling", "revolut",
	"metro", "tsb", "rbs", "co-op", "virgin money", "first direct"}

// parcelWords are words of parcels and depots, which have sort codes too.
var parcelWords = [...]string{"parcel", "hub", "depot", "warehouse", "label", "paczk", "sortier", "lager", "colis",
	"pakket", "gesorteerd"}

// postcode reports the postcode v[i:e] ("SW1A 1AA", "D02 X285"), as part
// of an address when a street came just before it ("11 Victoria Road,
// Leeds BS1 4DJ" is one address), and returns e.
func (sc *scan) postcode(i, e int) int {
	score := 0.7
	if sc.addressNear(i) {
		score = 0.85
	}
	if n := len(sc.dst); n > sc.base && sc.s.on(dAddress) {
		st := sc.dst[n-1]
		if st.Category == Address && st.Detector == detectorNames[dAddress] && (st.End == i-2 && sc.v[st.End:i] == ", " || st.End == i-1 && sc.v[st.End] == ' ') {
			// the postcode after the town a street took: "12 Merrion
			// Square, Dublin 2, D02 X285", "3 Church Lane, Bristol, BS1 4XX"
			sc.dst[n-1].End, sc.dst[n-1].Score = e, max(st.Score, score)
			return e
		}
		if st.Category == Street && st.End < i && i-st.End <= 32 && townGap(sc.v[st.End:i]) {
			// The line may begin before the street: a house's name and
			// the street's ("Rose Cottage, Mill Lane, Little Snoring,
			// Fakenham NR21 0AB"), a flat ("Flat 2/1, ").
			start := st.Start
			if s := britishLine(sc.v, i, sc.addressNear(i)); s >= 0 && s < start && sc.lineFree(s) {
				start, score = s, 0.85
			}
			start = sc.widenTo(unitBefore(sc.v, start), start)
			sc.dst = sc.dst[:n-1]
			score = max(st.Score, score)
			sc.addOver(dAddress, Address, start, e, score)
			return e
		}
	}
	if s := britishLine(sc.v, i, sc.addressNear(i)); s >= 0 && sc.s.on(dAddress) && sc.lineFree(s) {
		s = sc.widenTo(unitBefore(sc.v, s), s)
		sc.addOver(dAddress, Address, s, e, 0.85)
		return e
	}
	if s := townBeforePostcode(sc.v, i, e, sc.addressNear(i)); s < i && sc.s.on(dAddress) && sc.lineFree(s) {
		sc.addOver(dAddress, Address, s, e, score)
		return e
	}
	sc.add(dPostal, PostalCode, i, e, score)
	return e
}

// addressNear reports whether the field, or a word shortly before i, names
// an address (a postcode column, "Anschrift", "lives at", "Eircode").
func (sc *scan) addressNear(i int) bool {
	return sc.fctx&(1<<ctxAddress) != 0 || i-sc.last[ctxAddress] <= addressWindow
}

// eircodeKeys are the routing keys of Irish Eircodes, the first half of
// the code ("D02" in "D02 X285"): An Post's list, one per post town or
// Dublin district.
var eircodeKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(`A41 A42 A45 A63 A65 A67 A75 A81 A82 A83 A84 A85 A86 A91 A92 A94 A96 A98 C15
		D01 D02 D03 D04 D05 D06 D6W D07 D08 D09 D10 D11 D12 D13 D14 D15 D16 D17 D18 D20 D22 D24
		E21 E25 E32 E34 E41 E45 E53 E91 F12 F23 F26 F28 F31 F35 F42 F45 F52 F56 F91 F92 F93 F94
		H12 H14 H16 H18 H23 H53 H54 H62 H65 H71 H91 K32 K34 K36 K45 K56 K67 K78 N37 N39 N41 N91
		P12 P14 P17 P24 P25 P31 P32 P36 P43 P47 P51 P56 P61 P67 P72 P75 P81 P85
		R14 R21 R32 R35 R42 R45 R51 R56 R93 R95 T12 T23 T34 T45 T56
		V14 V15 V23 V31 V35 V42 V92 V93 V94 V95 W12 W23 W34 W91 X35 X42 X91 Y14 Y21 Y25 Y34 Y35`) {
		m[k] = true
	}
	return m
}()

// eircodeLetters are the letters of an Eircode's unique identifier.
const eircodeLetters = "ACDEFHKNPRTVWXY"

// eircode recognises an Irish Eircode whose routing key starts the token
// v[i:e]: "D02 X285", "P31 KF20" after an address or near an Irish place,
// or glued ("D02X285") or in lower case ("h91 e2k3") after a word that
// names an address. A unique identifier of digits only ("D02 2345"), or
// one after an order word, counts only there too: it is as likely a
// reference. It returns the end or 0.
func (sc *scan) eircode(i, e int) int {
	v := sc.v
	if e-i != 3 && e-i != 7 {
		return 0
	}
	// In lower case ("h91 e2k3") only after an address word: the caller
	// checks. Upper or lower, the whole code is in one case.
	lower := isLower(v[i])
	var key [3]byte
	for k := range key {
		key[k] = upperASCII(v[i+k])
	}
	if !eircodeKeys[string(key[:])] || lower != isLower(at(v, i+2)) && !isDigit(at(v, i+2)) {
		return 0
	}
	near := sc.addressNear(i)
	u := i + 4 // the unique identifier
	if e-i == 7 {
		if !near {
			return 0
		}
		u = i + 3
	} else if at(v, e) != ' ' {
		return 0
	}
	letters := 0
	for k := u; k < u+4; k++ {
		c := at(v, k)
		if isDigit(c) {
			continue
		}
		if c == 0 || isLower(c) != lower || strings.IndexByte(eircodeLetters, upperASCII(c)) < 0 {
			return 0
		}
		letters++
	}
	if isAlnum(at(v, u+4)) || !near && (letters == 0 || sc.ctx(ctxOrder, i) || !sc.irishPlaceNear(i)) {
		return 0 // "Order D02 X285", "Filter D22 P8YC": a reference, a part
	}
	return u + 4
}

// irishPlaceNear reports whether an address ends shortly before i, or an
// Irish place or county is named near it: the evidence that a code of an
// Eircode's shape is one ("12 Main St, Dublin 2, D02 X285", "Co. Cork P31
// KF20").
func (sc *scan) irishPlaceNear(i int) bool {
	if n := len(sc.dst); n > sc.base {
		if f := sc.dst[n-1]; (f.Category == Street || f.Category == Address || f.Category == City) && i-f.End <= 60 {
			return true
		}
	}
	return wordNear(sc.v, i, i, irishPlaces[:])
}

// irishPlaces are words of Irish addresses.
var irishPlaces = [...]string{"dublin", "co. ", "county", "cork", "galway", "limerick", "waterford", "kilkenny",
	"ireland", "eire"}

// ukPostcodeLower is ukPostcode for a postcode typed in lower case
// ("sw1a 1aa"), which counts only after a word that names an address (the
// caller checks). An ordinal or a size is not an inward code: "flat b2
// 3rd floor", "m2 1tb".
func ukPostcodeLower(v string, i, e int) int {
	if e-i > 4 || e+4 > len(v) {
		return 0
	}
	var buf [8]byte
	for k := i; k < e+4; k++ {
		if isUpper(v[k]) {
			return 0 // mixed case: not a postcode typed in lower case
		}
		buf[k-i] = upperASCII(v[k])
	}
	switch v[e+2 : e+4] {
	case "st", "nd", "rd", "th", "gb", "tb", "mb", "kb", "pb":
		return 0 // an ordinal ("flat b2 3rd floor"), a size ("m2 1tb ssd")
	}
	u := string(buf[:e+4-i]) + v[e+4:min(len(v), e+5)]
	if ukPostcode(u, 0, e-i) == 0 {
		return 0
	}
	return e + 4
}

// ukPostcode recognises "SW1A 1AA", "M1 1AE", "B33 8TH" whose outward code
// is v[i:e]; it returns the end or 0.
func ukPostcode(v string, i, e int) int {
	o := v[i:e]
	if len(o) < 2 || len(o) > 4 {
		return 0
	}
	p := 0
	for p < len(o) && p < 2 && isUpper(o[p]) {
		p++
	}
	if p == 0 {
		return 0
	}
	ds := p
	for p < len(o) && isDigit(o[p]) {
		p++
	}
	if p == ds || p-ds > 2 {
		return 0
	}
	if p < len(o) {
		if !isUpper(o[p]) || p+1 != len(o) || p-ds != 1 {
			return 0
		}
	}
	if at(v, e) != ' ' || !isDigit(at(v, e+1)) || !isUpper(at(v, e+2)) || !isUpper(at(v, e+3)) || isAlnum(at(v, e+4)) {
		return 0
	}
	for _, c := range []byte{v[e+2], v[e+3]} {
		switch c {
		case 'C', 'I', 'K', 'M', 'O', 'V':
			return 0
		}
	}
	return e + 4
}

// vat parses an EU VAT identification number whose country prefix is
// v[i:i+wl] and reports it; it returns the end or 0.
func (sc *scan) vat(i, wl int) int {
	v := sc.v
	p := i + wl
	be := p
	for be < len(v) && isAlnum(v[be]) && be-p < 15 {
		be++
	}
	if isAlnum(at(v, be)) {
		return 0
	}
	ok, checked := vatBody(v[i:i+2], v[p:be])
	if !ok {
		return 0
	}
	score := 0.45
	if checked {
		score = 0.8
	}
	switch {
	case sc.ctx(ctxTax, i) || vatLabel(v, i):
		score = boost(score, 0.8)
	case sc.ctx(ctxOrder, i):
		score *= 0.5
	}
	sc.add(dVAT, TaxID, i, be, score)
	return be
}

// vatSpaced reads at i a VAT number typed with a blank after its country's
// two capital letters, its body in one run or in groups apart by single
// blanks ("USt-IdNr. DE 123456788", "VAT: DE 123 456 788"), as invoices
// print it, right after a VAT or tax word (vatLabel). Bodies with capital
// letters are read so too, the blank after the country's letters or after
// the body's first letter ("ATU 13585627", "AT U13585627", "NL 111222333
// B01", "FR K7 399859412"). The longest run of groups whose check passes
// is the number; one whose check fails is none, as in vat. It returns the
// end, or 0.
func (sc *scan) vatSpaced(i int) int {
	v := sc.v
	if !isUpper(v[i]) || !isUpper(v[i+1]) || !(sc.labelledBy(ctxTax, i) || vatLabel(v, i)) {
		return 0
	}
	var buf [12]byte
	n, end, short := 0, 0, 0
	p := i + 2
	if v[p] == ' ' {
		p++ // "DE 123456788"; else the body's letter is glued: "ATU 13585627"
	}
	for ; isDigit(at(v, p)) || isUpper(at(v, p)); p++ {
		q := p
		for isDigit(at(v, q)) || isUpper(at(v, q)) {
			q++
		}
		if isAlnum(at(v, q)) || n+q-p > len(buf) {
			break
		}
		first := n == 0
		n += copy(buf[n:], v[p:q])
		ok, checked := vatBody(v[i:i+2], string(buf[:n]))
		switch {
		case ok && checked:
			end = q
		case ok && first && v[i:i+2] == "RO":
			short = q // "CIF: RO 1235": its one check digit passes, in one run
		case !first:
			short = 0 // "VAT RO 12340 12": a number after it, or a part of it
		}
		if at(v, q) != ' ' {
			break
		}
		p = q
	}
	if end == 0 && short > 0 {
		// as the compact form after its word (vat): 0.45 raised by 0.8
		sc.add(dVAT, TaxID, i, short, boost(0.45, 0.8))
		return short
	}
	if end == 0 {
		return 0
	}
	sc.add(dVAT, TaxID, i, end, 0.9)
	return end
}

// vatLabel reports a VAT number's label that is no tax word of the list
// right before pos with blanks, a colon or a full stop between: the
// German "USt-IdNr.", "USt-ID", "USt.-IdNr.", "USt-Id-Nr." (the compact
// "UStIdNr" is a tax word of its own), the Romanian "CIF" and "CUI"
// ("C.U.I."), the Czech and Slovak "DIČ" and "IČ DPH". The acronyms are
// taken in capitals only, "dič" in any case: "in cui", "12 dic" are an
// Italian pronoun and a Spanish month.
func vatLabel(v string, pos int) bool {
	p := stNrSkip(v, pos)
	for _, w := range [...]string{"ust-idnr", "ust-id-nr", "ust-id", "ust.-idnr", "ust.-id-nr", "ust.-id", "dič", "ič dph"} {
		if p >= len(w) && strings.EqualFold(v[p-len(w):p], w) && !isASCIILetter(at(v, p-len(w)-1)) {
			return true
		}
	}
	for _, w := range [...]string{"CIF", "CUI", "C.I.F", "C.U.I", "DIC", "IC DPH"} {
		if p >= len(w) && v[p-len(w):p] == w && !isASCIILetter(at(v, p-len(w)-1)) {
			return true
		}
	}
	return false
}

// digitsOnly reports whether s has only digits and writes their values to d.
func digitsOnly(s string, d []byte) bool {
	if len(s) > len(d) {
		return false
	}
	for k := 0; k < len(s); k++ {
		if !isDigit(s[k]) {
			return false
		}
		d[k] = s[k] - '0'
	}
	return true
}

// vatBody checks the part of a VAT number after the country prefix. ok is
// false when the format or, where the country has one, the check digit is
// wrong; checked says whether a check digit was verified. Every member
// state's numbers carry one (checks.go) but a Czech person's nine-digit
// birth number, of a birth before 1954; it and a Romanian number of under
// six digits count as unchecked, scored under the default policy's
// min_score unless a tax word comes before them.
func vatBody(cc, b string) (ok, checked bool) {
	var d [16]byte
	allDigits := digitsOnly(b, d[:])
	n := len(b)
	dd := d[:n]
	switch cc {
	case "AT":
		if n == 9 && b[0] == 'U' && digitsOnly(b[1:], d[:]) {
			r := 0
			for k := 0; k < 7; k++ {
				x := int(d[k])
				if k%2 == 1 {
					x *= 2
					x = x/10 + x%10
				}
				r += x
			}
			return (10-(r+4)%10)%10 == int(d[7]), true
		}
	case "BE":
		if allDigits && n == 10 && (d[0] == 0 || d[0] == 1) {
			return 97-num(dd[:8])%97 == num(dd[8:]), true
		}
	case "DE":
		if allDigits && n == 9 && d[0] != 0 {
			return mod1110(dd), true
		}
	case "DK":
		if allDigits && n == 8 && d[0] != 0 {
			return weighted(dd, []int{2, 7, 6, 5, 4, 3, 2, 1})%11 == 0, true
		}
	case "FI":
		if allDigits && n == 8 {
			r := weighted(dd, []int{7, 9, 10, 5, 8, 4, 2}) % 11
			c := 0
			if r != 0 {
				c = 11 - r
			}
			return r != 1 && c == int(d[7]), true
		}
	case "FR":
		if n == 11 && digitsOnly(b[2:], d[:]) && isAlnum(b[0]) && isAlnum(b[1]) {
			if isDigit(b[0]) && isDigit(b[1]) {
				key := int(b[0]-'0')*10 + int(b[1]-'0')
				return key == (12+3*(num(d[:9])%97))%97, true
			}
			return frTVAKey(b), true
		}
	case "HR":
		if allDigits && n == 11 {
			return mod1110(dd), true
		}
	case "IT":
		if allDigits && n == 11 {
			return luhn(dd), true
		}
	case "LU":
		if allDigits && n == 8 {
			return num(dd[:6])%89 == num(dd[6:]), true
		}
	case "NL":
		if n == 12 && b[9] == 'B' && digitsOnly(b[:9], d[:]) && isDigit(b[10]) && isDigit(b[11]) {
			return nlBSN(d[:9]) || ibanLikeMod97("NL", b), true
		}
	case "PL":
		if allDigits && n == 10 {
			c := weighted(dd, []int{6, 5, 7, 2, 3, 4, 5, 6, 7}) % 11
			return c != 10 && c == int(d[9]), true
		}
	case "PT":
		if allDigits && n == 9 {
			return ptNIF(dd), true
		}
	case "SE":
		if allDigits && n == 12 && b[10:] == "01" {
			return luhn(dd[:10]), true
		}
	case "SK":
		if allDigits && n == 10 {
			return num(dd)%11 == 0, true
		}
	case "ES":
		if n == 9 && digitsOnly(b[1:8], d[:]) && isAlnum(b[0]) && isAlnum(b[8]) && (!isDigit(b[0]) || !isDigit(b[8])) {
			return esNIF(b), true
		}
	case "IE":
		if (n == 8 || n == 9) && isDigit(b[0]) && isUpper(b[n-1]) && (n == 8 || isUpper(b[7])) {
			return ieVAT(b), true
		}
	case "CY":
		if n == 9 && digitsOnly(b[:8], d[:]) && isUpper(b[8]) {
			return cyVAT(b), true
		}
	case "BG":
		if allDigits && (n == 9 || n == 10) {
			return bgVAT(dd), true
		}
	case "CZ":
		if allDigits && n >= 8 && n <= 10 {
			return czDIC(dd)
		}
	case "EE":
		if allDigits && n == 9 {
			return weighted(dd, []int{3, 7, 1, 3, 7, 1, 3, 7, 1})%10 == 0, true // KMKR
		}
	case "EL":
		if allDigits && n == 9 {
			return elVAT(dd), true
		}
	case "LT":
		if allDigits && (n == 9 || n == 12) {
			return ltPVM(dd), true
		}
	case "HU":
		if allDigits && n == 8 {
			return weighted(dd, []int{9, 7, 3, 1, 9, 7, 3, 1})%10 == 0, true // ANUM
		}
	case "MT":
		if allDigits && n == 8 {
			// the last two digits as one number, weight 1
			return d[0] != 0 && weighted(dd, []int{3, 4, 6, 7, 8, 9, 10, 1})%37 == 0, true
		}
	case "SI":
		if allDigits && n == 8 {
			c := 11 - weighted(dd, []int{8, 7, 6, 5, 4, 3, 2})%11 // 10 is written 0, 11 is none
			return d[0] != 0 && c != 11 && c%10 == int(d[7]), true
		}
	case "LV":
		if allDigits && n == 11 {
			return lvPVN(dd), true
		}
	case "RO":
		if allDigits && n >= 2 && n <= 10 && d[0] != 0 {
			// One code in ten of a few digits passes the one check digit
			// ("Model RO19"): under six digits (companies registered in
			// the early 1990s, no person's) it counts as unchecked.
			return roCF(dd), n >= 6
		}
	case "GB", "XI":
		if allDigits && (n == 9 || n == 12) {
			return gbVAT(dd), true
		}
	}
	return false, false
}

// ibanLikeMod97 checks the mod-97 scheme of Dutch sole-trader VAT numbers
// ("NL" + 9 digits + "B" + 2 digits, letters as in IBAN).
func ibanLikeMod97(prefix, body string) bool {
	r := 0
	for _, s := range [2]string{prefix, body} {
		for k := 0; k < len(s); k++ {
			c := s[k]
			if isDigit(c) {
				r = (r*10 + int(c-'0')) % 97
			} else {
				r = (r*100 + int(c-'A') + 10) % 97
			}
		}
	}
	return r == 1
}

// townGap reports whether s, between a street and a UK postcode, is only a
// town name with separators: ", Leeds ", " London ".
func townGap(s string) bool {
	for k := 0; k < len(s); k++ {
		c := s[k]
		if isDigit(c) && k >= 7 && strings.EqualFold(s[k-7:k], "dublin ") {
			if d := dublinDistrict(s, k-1); d > k {
				k = d - 1 // "12 Merrion Square, Dublin 2, D02 X285": the postal district
				continue
			}
		}
		if c == '.' && k >= 2 && s[k-2:k] == "Co" && at(s, k+1) == ' ' {
			continue // the county's: "3 Bridge Street, Westport, Co. Mayo F28 X2Y4"
		}
		if !(isASCIILetter(c) || c >= 0x80 || c == ' ' || c == ',' || c == '-' || c == '\n') {
			return false
		}
	}
	return true
}
