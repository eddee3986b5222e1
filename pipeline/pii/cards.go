package pii

// Payment card numbers.

// cardCand interprets payment card numbers: 13-19 digits, contiguous or in
// the usual groups, passing Luhn and matching an issuer's prefix and length.
func (sc *scan) cardCand(t *numTok, c *cand) {
	if t.ng == 6 && t.sep[1] == ' ' && t.sep[4] == ' ' && t.sep[5] == '/' && t.glen(4) == 2 && (t.glen(5) == 2 || t.glen(5) == 4) {
		// "4539 1488 0343 6467 12/27": the expiry date after the four
		// groups; the card is the groups.
		u := *t
		u.trimLast()
		u.trimLast()
		t = &u
	}
	if t.nd < 12 || t.nd > 19 || t.plus || t.paren {
		return
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
