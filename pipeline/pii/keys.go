package pii

// JSON keys and XML tags inside text values act as column hints for their values.

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
