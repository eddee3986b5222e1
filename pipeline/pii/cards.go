package pii

import (
	"strings"
)

// Payment card numbers and their security codes.

// cardCand interprets payment card numbers: 13-19 digits, contiguous or in
// the usual groups, passing Luhn and matching an issuer's prefix and length.
func (sc *scan) cardCand(t *numTok, c *cand) {
	if t.plus || t.paren {
		return
	}
	if t.ng == 6 && t.sep[1] == ' ' && t.sep[4] == ' ' && t.sep[5] == '/' && t.glen(4) == 2 && (t.glen(5) == 2 || t.glen(5) == 4) {
		// "4539 1488 0343 6467 12/27": the expiry date after the four
		// groups; the card is the groups.
		u := *t
		u.trimLast()
		u.trimLast()
		t = &u
	}
	if !sc.cardNumber(t) {
		// After a card word, agents type the expiry date and the CVC
		// after it too: "card 5169 7629 7381 8868 0427",
		// "4111111111111111 123", "3778 774348 41058 04/27".
		if !sc.ctx(ctxCard, t.start) {
			return
		}
		u := *t
		for u.ng > 1 && u.glen(u.ng-1) <= 4 && t.nd-u.nd+u.glen(u.ng-1) <= 7 && !sc.cardNumber(&u) {
			u.trimLast()
		}
		if u.ng == t.ng || !sc.cardNumber(&u) {
			return
		}
		t = &u
	}
	d := t.d[:t.nd]
	score := 0.9
	if t.nd == 13 && ean13(d) {
		score = 0.4 // also a valid EAN-13 barcode
	}
	switch {
	case sc.ctx(ctxCard, t.start):
		score = 0.98
	case sc.ctx(ctxOrder, t.start) || paymentReference(sc.v, t.start):
		score = 0.15
	case sc.ctx(ctxPhone, t.start) || sc.ctx(ctxIBAN, t.start):
		score = 0.5
	}
	c.offer(dCard, CreditCard, t.start, t.end, score)
}

// cardNumber reports whether t is a card number as a whole: its length,
// its grouping, Luhn and the issuer's prefix.
func (sc *scan) cardNumber(t *numTok) bool {
	if t.nd < 12 || t.nd > 19 {
		return false
	}
	ok := t.ng == 1
	// Dots and slashes group build and serial numbers too: after a card word only.
	if !ok && (t.seps(' ') || t.seps('-') || (t.seps('.') || t.seps('/')) && sc.ctx(ctxCard, t.start)) {
		ok = true
		for k := 0; k < t.ng-1; k++ {
			if t.glen(k) != 4 {
				ok = false
			}
		}
		if t.shape(4, 6, 5) || t.shape(4, 6, 4) {
			ok = true
		}
		if t.shape(8, 8) {
			// "Karte 41111111 11111111", as a card's two halves are read
			// out: with a card word as their label or in a card column
			// only. Two 8-digit numbers in a list look so too, also
			// later in a sentence about a card ("Karte gesperrt,
			// Bestellungen 51822835 44143606 storniert").
			ok = sc.fctx&(1<<ctxCard) != 0 || sc.labelledBy(ctxCard, t.start)
		}
	}
	d := t.d[:t.nd]
	return ok && luhn(d) && cardIssuer(d)
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

// paymentReference reports a word right before pos that labels a
// payment's or an invoice's reference, which may pass Luhn as any number
// does: "betalingskenmerk 4168634835324738", "FV 5363946052555962". They
// label the number only: "kenmerk klacht, klant 020 ..." says nothing of
// a phone number later in the sentence.
func paymentReference(v string, pos int) bool { return labelIs(v, pos, paymentReferenceWords...) }

// paymentReferenceWords label a payment's or an invoice's reference.
var paymentReferenceWords = []string{"kenmerk", "betalingskenmerk", "mededeling", "referentie", "factuurnummer", "factuurnr",
	"bestelnummer", "bestelnr", "ordernummer", "fv", "faktury", "faktura", "fakturę", "zamówienia", "zamowienia"}

// securityCode reports a card's security code in t: three or four digits
// right after a word that names one and nothing else ("CVV 123", "CVC2:
// 123", "Kartenprüfnummer 4711", "cryptogramme visuel 123"); "CID", also
// a customer's, a case's or a caller's id, only right after a card's
// number ("Amex 3782 822463 10005, CID 1234"; not "Kreditkarte gesperrt,
// CID 4711 hat angerufen": a review). "Prüfnummer" alone numbers tests
// and checks too.
func (sc *scan) securityCode(t *numTok) bool {
	v := sc.v
	if t.ng != 1 || t.nd < 3 || t.nd > 4 || t.plus || t.paren || isAlnum(at(v, t.end)) {
		return false
	}
	p := t.start
	for p > 0 && (v[p-1] == ' ' || v[p-1] == ':' || v[p-1] == '.' || v[p-1] == '-' || v[p-1] == '#' || v[p-1] == '=') && t.start-p < 4 {
		p--
	}
	if p == t.start {
		return false
	}
	two := at(v, p-1) == '2' // CVV2, CVC2
	if two {
		p--
	}
	s := letterRunStart(v, p)
	w := v[s:p]
	switch len(w) {
	case 3:
		if prevWordIs(v, s, "al") {
			return false // "chiamare al CVV 123", "llamar al CVV": a service called, not a code
		}
		return strings.EqualFold(w, "cvv") || strings.EqualFold(w, "cvc") || !two && strings.EqualFold(w, "cid") && sc.cardJustBefore(s)
	case 6: // "cryptogramme visuel"
		return !two && strings.EqualFold(w, "visuel") && at(v, s-1) == ' ' && strings.EqualFold(v[letterRunStart(v, s-1):s-1], "cryptogramme")
	case 12, 17: // 17 bytes: the ü
		return !two && (strings.EqualFold(w, "cryptogramme") || strings.EqualFold(w, "kartenprüfnummer"))
	}
	return false
}

// cardJustBefore reports a card number found ending 40 bytes before s at
// most: what follows it is about the card, its expiry between them or not
// ("Kartennummer 378282246310005, Ablauf 12/27, CID 1234").
func (sc *scan) cardJustBefore(s int) bool {
	for k := len(sc.dst) - 1; k >= sc.recent(); k-- {
		if f := sc.dst[k]; f.Category == CreditCard && f.End <= s && s-f.End <= 40 && (s-f.End <= 4 || expiryOnly(sc.v[f.End:s])) {
			return true
		}
	}
	return false
}

// expiryOnly reports text between a card's number and its CID that holds
// its expiry and nothing else (", Ablauf 12/27, "; " exp 12/27 "; "gültig
// bis Ende 12/27"; "date d'expiration 12/27"; "geldig tot 12/27"; "ważna
// do 12.2027 r."; "exp Dec 2027"), not the rest of a sentence ("gesperrt, CID
// 4711 hat angerufen").
func expiryOnly(gap string) bool {
	var buf [maxWord]byte
	for a, b := letterRun(gap, 0); a < len(gap); a, b = letterRun(gap, b) {
		if !expiryWords[string(lowerWord(gap[a:b], &buf))] { // "" past maxWord: no such word
			return false
		}
	}
	return true
}

// expiryWords may stand with a card's expiry between its number and its
// CID: expiry labels (German, English, French, Dutch, Polish), month
// names, and the card's and its code's own words.
var expiryWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`ablauf ablaufdatum gültig gueltig gültigkeit gueltigkeit bis ende läuft ab am verfall verfallsdatum datum mm jj jjjj tt und
		exp expiry expires expiring expiration valid thru through until end of date good and yy yyyy
		expire fin valable valide jusqu au d date et
		geldig tot vervaldatum verloopt vervalt t m en
		ważna wazna ważności waznosci data do termin i r rok roku
		karte kartendaten card carte kaart karta code sicherheitscode security prüfnummer kartenprüfnummer prüfziffer
		visa amex american express mastercard master maestro
		jan januar january janvier januari feb februar february février fevrier februari mär märz mar march mars maart
		apr april avril mai may mei jun juni june juin jul juli july juillet aug august août aout augustus
		sep sept september septembre okt oktober oct october octobre nov november novembre dez dezember dec december décembre decembre`) {
		m[w] = true
	}
	return m
}()
