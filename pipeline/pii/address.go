package pii

// Street addresses ("Hauptstraße 5", "12 rue de la Paix", "Am Markt 3") and BICs.

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
			// l', d' and friends, written against the next word:
			// "Rue de l'Église"
			if !(e-q == 1 && at(v, e) == '\'') {
				break
			}
			e++
			if ne := nameWord(v, e); ne > e {
				end, p = ne, ne
				caps++
				continue
			}
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
