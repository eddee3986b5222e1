package pii

import "strings"

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
	for at(v, p) == ' ' {
		p++
	}
	if at(v, p) != ':' {
		// Not a key: a quoted word or value in text ('geboren am
		// "12.03.1980"', 'Tel. "privat" 22 123 45 67') keeps the
		// context before it.
		return
	}
	sc.newMember()
	if memberOpensObject(v, i) {
		sc.objFrom = i
	}
	p++
	for at(v, p) == ' ' {
		p++
	}
	var buf [maxWord]byte
	lower := lowerWord(key, &buf) // nil past maxWord: no key listed is that long
	if at(v, p) == '[' && sc.label != nil && valueKeys[string(lower)] {
		// {"name":"last_name","values":["Wijnaldum"]}, as lead forms
		// send answers: the list's first string
		q := p + 1
		for at(v, q) == ' ' {
			q++
		}
		if at(v, q) == '"' {
			p = q
		}
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
		if at(v, p) == '{' {
			if end, _ := objectAhead(v, p+1); end > 0 {
				sc.objKey, sc.objKeyEnd = key, end // its parts are read up to its '}'
			}
		}
		vs, ve = p, p
		for ve < len(v) && ve-vs < 64 && (isDigit(v[ve]) || v[ve] == '.' || v[ve] == '-' || v[ve] == '+') {
			ve++
		}
	}
	if valueKeys[string(lower)] && sc.label != nil && i < sc.labelEnd && sameObject(v, sc.labelFrom, i) {
		if at(v, p) == '{' {
			// {"name":"nachname","value":{"text":"Wijnaldum"}}: the
			// label is for the value member inside, at its own level,
			// unless the object defines a form's field ("required",
			// "placeholder": a false-positive hunt found their texts
			// read as names)
			if end, value, form := objectAheadForm(v, p+1); end > 0 && value && !form {
				sc.labelFrom, sc.labelEnd = p+1, end
			} else {
				sc.label = nil
			}
			return
		}
		// {"name":"nachname","value":"Wijnaldum"}: the label names it
		h := sc.label
		sc.label = nil
		sc.setPendingHint(h, vs, ve)
		sc.pendLabel = sc.pend == h
		return
	}
	if valueKeys[string(lower)] && vs < ve && v[vs-1] == '"' {
		sc.lastValue = [2]int{vs, ve} // a label may follow it: see below
	}
	if labelKeys[string(lower)] && vs < ve && v[vs-1] == '"' && PersonLabel(v[vs:ve]) {
		if h := sc.s.labels.get(v[vs:ve]); len(h.cats) > 0 {
			// a field's name, not data: "nachname" is no name (a review
			// saw it pseudonymised and the name raw), and it names what
			// a value member beside it, in its object, holds. Only a
			// person's field (personLabel): "Strasser" holds the stem of
			// a street, "mail_template" of an e-mail.
			if end, value := objectAhead(v, ve+1); value { // past the closing quote
				sc.label, sc.labelFrom, sc.labelEnd = h, ve+1, end
			} else if lv := sc.lastValue; lv[1] > 0 && sameObject(v, lv[1]+1, i) {
				// {"data":"Wijnaldum","name":"nachname"}: PostgreSQL's
				// jsonb writes the shorter key first. The value was read
				// already; its findings, or the label's hint, count now.
				if sc.pend != nil {
					sc.flushKey()
				}
				sc.pend, sc.pendStart, sc.pendEnd, sc.pendIdx, sc.pendLabel = h, lv[0], lv[1], len(sc.dst), true
				sc.flushKey()
			}
			sc.lastValue = [2]int{}
			return
		}
	}
	if productNameKeys[string(lower)] && vs < ve {
		if weight, strong := sc.productRecord(i); strong {
			// {"sku":"A-123","name":"Rose Gold Vase","price":19.9}: a
			// product's name, whatever names it holds (see add)
			sc.product = [2]int{vs, ve}
			return
		} else if weight >= 2 {
			// {"name":"Rose Gold Vase","price":9.9,"qty":4}: an order's
			// line, its name a product's or its buyer's: the value
			// speaks for itself ({"name":"Anna Schmidt","size":"M",...})
			return
		}
	}
	h := sc.s.hints.get(key)
	if len(h.cats) == 0 && sc.objKey != "" && i < sc.objKeyEnd && partKeys[string(lower)] {
		// {"name":{"first":"Anna","last":"Müller"}}: read as name_first
		h = sc.s.hints.get(sc.objKey + "_" + key)
	}
	sc.setPendingHint(h, vs, ve)
}

// memberOpensObject reports whether the JSON member whose key's quote is
// at i is its object's first: a '{' comes right before it, blanks aside.
func memberOpensObject(v string, i int) bool {
	p := i
	for p > 0 && (v[p-1] == ' ' || v[p-1] == '\n' || v[p-1] == '\r' || v[p-1] == '\t') {
		p--
	}
	return p > 0 && v[p-1] == '{'
}

// productRecord weighs the members of the object the name member whose
// key's quote is at key stands in by productKeys: strong when one says a
// product alone (an article number, a barcode, a brand, a stock). A
// member whose key names a person's data (an e-mail, a phone, an address)
// makes it a person's record (0, false): a person's record has a name and
// no SKU; an order's line may name its buyer beside a size and a price.
func (sc *scan) productRecord(key int) (weight int, strong bool) {
	v, from := sc.v, sc.objFrom
	if from < 0 || from > key || !sameObject(v, from, key) {
		return 0, false
	}
	person := false
	unopened(v, from, min(len(v), from+4096), func(open, close, depth int) {
		if depth != 0 || close >= len(v) || open == key || at(v, close+1+spacesAt(v, close+1)) != ':' {
			return
		}
		var buf [maxWord]byte
		w := productKeys[string(lowerWord(v[open+1:close], &buf))]
		weight, strong = weight+w, strong || w == 2
		person = person || len(sc.s.hints.get(v[open+1:close]).cats) > 0
	})
	if person {
		return 0, false
	}
	return weight, strong
}

// productNameKeys are the keys a record names its subject with.
var productNameKeys = map[string]bool{"name": true, "nom": true, "naam": true, "nazwa": true, "nombre": true, "nome": true}

// productKeys are the members of a product's or an item's record, with
// their weight: an article number, a barcode, a brand or a stock says it
// alone (2); a price, a quantity, a size or a colour only with another
// (1): a person's record may have one ("category": "VIP").
var productKeys = map[string]int{"sku": 2, "ean": 2, "gtin": 2, "upc": 2, "mpn": 2, "asin": 2, "isbn": 2, "artikelnr": 2,
	"artikelnummer": 2, "article_no": 2, "article_number": 2, "item_no": 2, "product_id": 2, "productid": 2, "brand": 2,
	"marke": 2, "stock": 2, "lagerbestand": 2, "inventory": 2, "price": 1, "preis": 1, "prix": 1, "prijs": 1, "cena": 1,
	"precio": 1, "prezzo": 1, "msrp": 1, "uvp": 1, "category": 1, "kategorie": 1, "qty": 1, "quantity": 1, "menge": 1,
	"unit": 1, "einheit": 1, "weight": 1, "gewicht": 1, "color": 1, "colour": 1, "farbe": 1, "size": 1, "größe": 1,
	"model": 1, "modell": 1, "variant": 1, "material": 1}

// objectAhead finds the end of the JSON object v[from:] is inside (its
// closing '}'), within 4 KiB, and whether a member of valueKeys comes
// before it at its own level. end is -1 when it is not found.
func objectAhead(v string, from int) (end int, value bool) {
	end, value, _ = objectAheadForm(v, from)
	return end, value
}

// objectAheadForm is objectAhead that also reports a member of formKeys at
// the object's own level: the object defines a form's field.
func objectAheadForm(v string, from int) (end int, value, form bool) {
	var typed, choices, hinted, filled bool
	end, _ = unopened(v, from, min(len(v), from+4096), func(open, close, depth int) {
		if depth != 0 || close >= len(v) {
			return
		}
		r := close + 1
		for at(v, r) == ' ' {
			r++
		}
		if at(v, r) != ':' {
			return
		}
		var buf [maxWord]byte
		key := string(lowerWord(v[open+1:close], &buf)) // "" past maxWord: no key listed is that long
		value = value || valueKeys[key]
		form = form || formKeys[key]
		hinted = hinted || key == "hint"
		filled = filled || key == "value"
		q := r + 1
		for at(v, q) == ' ' {
			q++
		}
		switch key {
		case "type": // a choice's type, not a value's ("string", "date")
			if at(v, q) == '"' {
				e := strings.IndexByte(v[q+1:], '"')
				typed = typed || e > 0 && choiceTypes[string(lowerWord(v[q+1:q+1+e], &buf))]
			}
		case "values": // a list, not an empty one
			choices = choices || at(v, q) == '[' && at(v, q+1+spacesAt(v, q+1)) != ']'
		}
	})
	// A field's choices ({"type":"select","values":["Herr","Frau"]}), or
	// its hint, where it holds no value: typed data has hints too
	// ({"type":"date","value":"1985-03-12","hint":"TT.MM.JJJJ"}: a review).
	form = form || (typed && choices || hinted) && !filled
	if end < 0 {
		return -1, false, false // not closed within reach: no label to scope
	}
	return end, value, form
}

// choiceTypes are the "type" of a form field whose "values" are its
// choices, not its data.
var choiceTypes = map[string]bool{"select": true, "radio": true, "dropdown": true, "checkbox": true, "checkboxes": true,
	"multiselect": true, "enum": true, "choice": true}

// spacesAt returns how many blanks start v[p:].
func spacesAt(v string, p int) int {
	n := 0
	for at(v, p+n) == ' ' {
		n++
	}
	return n
}

// formKeys are members of a form field's definition, and of no typed
// value ("type", "default", "min" are both's: a review found
// {"type":"date","value":"1985-03-12"} left raw for them).
var formKeys = map[string]bool{"required": true, "placeholder": true, "validation": true, "options": true, "help": true,
	"pattern": true, "maxlength": true, "minlength": true}

// sameObject reports whether v[from:to] stays in one JSON object: no
// bracket closes in it that did not open in it.
func sameObject(v string, from, to int) bool {
	end, depth := unopened(v, from, min(to, len(v)), nil)
	return end < 0 && depth == 0
}

// unopened walks the JSON in v[from:to] to the first bracket that closes
// what did not open in it, and returns its offset, or -1 and the depth at
// to. Brackets inside strings do not count; each string is handed to str
// (when not nil) by its quotes' offsets and the depth it stands at.
func unopened(v string, from, to int, str func(open, close, depth int)) (end, depth int) {
	for p := from; p < to; p++ {
		switch v[p] {
		case '"':
			q := p + 1
			for q < to && v[q] != '"' {
				if v[q] == '\\' {
					q++
				}
				q++
			}
			if str != nil {
				str(p, q, depth)
			}
			p = q
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return p, 0
			}
			depth--
		}
	}
	return -1, depth
}

// labelKeys are JSON members whose string value may name what a value
// member beside them holds (custom fields, FHIR's telecom, key-value
// lists); valueKeys are those value members.
var (
	labelKeys = map[string]bool{"name": true, "key": true, "type": true, "system": true, "field": true, "feld": true,
		"label": true, "attribute": true, "attr": true, "kind": true, "champ": true, "veld": true, "pole": true}
	valueKeys = map[string]bool{"value": true, "wert": true, "valeur": true, "waarde": true, "wartosc": true,
		"wartość": true, "val": true, "values": true, "data": true, "content": true, "text": true, "stringvalue": true,
		"answer": true, "antwort": true, "inhalt": true}
)

// partKeys are members of an object whose key says what they are part of
// ({"name":{"first":...,"last":...}}, {"address":{"line1":...}}).
var partKeys = map[string]bool{"first": true, "last": true, "given": true, "family": true, "middle": true,
	"maiden": true, "full": true, "display": true, "line1": true, "line2": true, "line": true, "street": true,
	"number": true, "no": true, "nr": true, "home": true, "mobile": true, "work": true, "private": true,
	"business": true, "primary": true, "secondary": true}

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
	if at(v, ve) != '<' || at(v, ve+1) != '/' {
		// an element's text ends at its closing tag; another tag opening
		// first makes the tags a template's placeholders ("Name:
		// <name>\nEmail: <email>", "Guten Tag <Titel> <Nachname>, anbei
		// ..."), and the text between them the next label, not a value
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

func (sc *scan) setPending(key string, vs, ve int) { sc.setPendingHint(sc.s.hints.get(key), vs, ve) }

// setPendingHint is setPending with the key's hint.
func (sc *scan) setPendingHint(h *hint, vs, ve int) {
	if vs >= ve {
		return
	}
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
	sc.pend, sc.pendStart, sc.pendEnd, sc.pendIdx, sc.pendLabel = h, vs, ve, len(sc.dst), false
}

// flushKey reports the value of a JSON key or XML tag that names personal
// data, unless a detector already found data of that kind in it.
func (sc *scan) flushKey() {
	h, vs, ve := sc.pend, sc.pendStart, sc.pendEnd
	sc.pend = nil
	from := max(sc.base, min(sc.pendIdx, len(sc.dst)))
	for from > sc.base && sc.dst[from-1].End > vs {
		from-- // a finding that started before the value but reaches into it
	}
	shaped := h.plausible
	if sc.pendLabel {
		shaped = plausibleLabelled
	}
	sc.dst = confirmHint(sc.dst, from, h.cats, sc.v, vs, ve, shaped, sc.s.on(dKeyHint))
}

// confirmHint confirms what a key or a label says of the value v[vs:ve]:
// per category of cats, it raises the findings of dst[from:] inside the
// value of that category's family, or, where there is none and shaped
// says the trimmed value is shaped so, adds a key_hint finding over it
// (when on: the detector is enabled). It returns dst.
func confirmHint(dst []Finding, from int, cats []Category, v string, vs, ve int, shaped func(Category, string) bool, on bool) []Finding {
	val := v[vs:ve]
	ts, te := trim(val)
	if ts >= te || placeholder(val[ts:te]) {
		return dst
	}
	for _, c := range cats {
		found := false
		for k := from; k < len(dst); k++ {
			f := &dst[k]
			if f.Start >= vs && f.End <= ve && family(f.Category) == family(c) {
				f.Score = boost(f.Score, 0.5)
				found = true
			}
		}
		if !found && on && shaped(c, val[ts:te]) {
			dst = append(dst, Finding{Category: c, Start: vs + ts, End: vs + te, Score: 0.75, Detector: detectorNames[dKeyHint]})
		}
	}
	return dst
}
