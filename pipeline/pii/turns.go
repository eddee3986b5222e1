package pii

import "slices"

// Speaker turns: call transcripts and chat logs stored in a CRM column
// ("Dieter: +49 151 ...", "[10:26] Yasmin (Support): ...",
// "2024-05-16 14:07:00 Sophie: hi", "13:06 <Agnieszka> ..."). A known
// given name alone counts as a name only where something says a person
// stands there (nameFrom); a turn's label is such a place, but "Rose: 3
// Stück" and "Mark: the box" are labels too. A label is a speaker's where
// the value reads as a conversation: a chat line's "<nick>" after its
// timestamp, or a name label on two lines of a value whose turns a name
// or a role ("Agent:", "Yasmin (Support):") speaks again, and where a
// party says a sentence: forms, logs and stock lists hold values under
// their labels ("Customer: ACME GmbH\nMax: 30 kg", "[10:26] Max: 80%",
// "Iris: 10 Stk\nLily: 5 Stk\nIris: 3 Stk").

// roleLabels are the roles that label a transcript's or a chat's turns
// ("Agent:", "Kunde:", "Conseiller:"): a value whose turns a role speaks
// is a conversation, and a given name labelling another of its turns is
// a speaker's (turns).
var roleLabels = map[string]bool{"agent": true, "agentin": true, "kunde": true, "kundin": true, "customer": true,
	"caller": true, "client": true, "cliente": true, "clienta": true, "conseiller": true, "conseillère": true,
	"konsultant": true, "konsultantka": true, "klient": true, "klientka": true, "operator": true, "operador": true,
	"operadora": true, "operatore": true, "operatrice": true, "berater": true, "beraterin": true, "mitarbeiter": true,
	"mitarbeiterin": true, "support": true, "klant": true, "medewerker": true, "adviseur": true, "advisor": true,
	"adviser": true, "rep": true, "interlocutor": true, "interlocutore": true, "rozmówca": true, "doradca": true}

// maxTurnNames is how many distinct given-name labels turns records.
const maxTurnNames = 8

// turnInfo is what a value's turn lines say, computed once (turns).
type turnInfo struct {
	done bool
	// said: a party's turn holds a sentence (saysSomething); a form's,
	// a log's or a stock list's labels hold values ("Max: 30 kg", "Iris:
	// 10 Stk", "[10:26] Mark: 80%") and make no conversation
	said bool
	role bool // a role labels a turn ("Agent:", "[CALLER]:", "Yasmin (Support):")
	// roleOnly: a role alone labels a turn ("Agent:", "[CALLER]:"), a
	// party besides the named ones
	roleOnly bool
	names    [maxTurnNames][2]int32 // int32: the scan struct holds it, zeroed for every value
	count    [maxTurnNames]uint8
	roled    [maxTurnNames]bool // the name had a role after it ("Megan (Support):")
	n        int
	// others are the labels no list knows after a timestamp (a chat's
	// nick: "[12:02] kgrünewald:"): one that labels two turns is a party
	// the names speak with
	others [maxTurnNames][2]int32
	ocount [maxTurnNames]uint8
	on     int
}

// stampEnd returns the end of a chat timestamp at p ("[10:26]",
// "(10:26)", "13:06", "2024-05-16 14:07:00", "16.05.2024 14:07"), or p
// when none stands there. A timestamp holds a time of day (digits, a
// colon, digits) and nothing but digits and date separators.
func stampEnd(v string, p int) int {
	if c := at(v, p); c == '[' || c == '(' {
		close := byte(']')
		if c == '(' {
			close = ')'
		}
		for q := p + 1; q < len(v) && q-p <= 32; q++ {
			if v[q] == close {
				if timeIn(v[p+1 : q]) {
					return q + 1
				}
				return p
			}
			if !stampByte(v, q) {
				return p
			}
		}
		return p
	}
	if !isDigit(at(v, p)) {
		return p
	}
	q := p
	for q < len(v) && q-p < 32 && (stampByte(v, q) && v[q] != ' ' || v[q] == ' ' && isDigit(at(v, q+1))) {
		q++
	}
	if at(v, q) == ' ' && timeIn(v[p:q]) {
		return q
	}
	return p
}

// stampByte reports a byte a timestamp holds: a digit, a date or time
// separator, a blank, or the 'T' between an ISO date and its time.
func stampByte(v string, q int) bool {
	switch c := v[q]; {
	case isDigit(c), c == ':', c == '-', c == '.', c == '/', c == ' ', c == ',':
		return true
	case c == 'T':
		return isDigit(at(v, q-1)) && isDigit(at(v, q+1))
	}
	return false
}

// timeIn reports a time of day in s: a digit, a colon, two digits.
func timeIn(s string) bool {
	for k := 1; k+2 < len(s); k++ {
		if s[k] == ':' && isDigit(s[k-1]) && isDigit(s[k+1]) && isDigit(s[k+2]) {
			return true
		}
	}
	return false
}

// turnAt reads the turn line that starts at ls: blanks, an optional
// timestamp, then a label, "Name:", "Name Surname:", "Name (Support):",
// "[AGENT]:", or "<nick>" after a timestamp. It returns the label's
// first word [a, b) (the nick, the bracket's content), whether a role
// says who speaks (a bracketed label, a "(role)" after the name), and
// whether a timestamp heads the line. ok is false when the line is no
// turn.
func turnAt(v string, ls int) (a, b int, role, stamped, ok bool) {
	p := ls
	for at(v, p) == ' ' || at(v, p) == '\t' {
		p++
	}
	q := stampEnd(v, p)
	stamped = q > p
	for at(v, q) == ' ' {
		q++
	}
	switch at(v, q) {
	case '<':
		// "13:06 <Agnieszka> hallo": IRC's nick; without a timestamp
		// "<b>" and "<br>" are markup
		e := q + 1
		for e < len(v) && e-q <= 32 && v[e] != '>' && v[e] != ' ' && v[e] != '<' && v[e] != '\n' {
			e++
		}
		if !stamped || e == q+1 || at(v, e) != '>' || at(v, e+1) != ' ' {
			return 0, 0, false, false, false
		}
		return q + 1, e, false, true, true
	case '[':
		// "[AGENT]: Guten Tag", "[CALLER]: hi": a role in brackets
		e := q + 1
		for e < len(v) && e-q <= 24 && isASCIILetter(v[e]) {
			e++
		}
		if e == q+1 || at(v, e) != ']' || !colonEnds(v, e+1) {
			return 0, 0, false, false, false
		}
		return q + 1, e, true, stamped, true
	}
	if letterAt(v, q) == 0 {
		return 0, 0, false, false, false
	}
	a = q
	b = labelWordEnd(v, q)
	e := b
	for k := 0; k < 2 && at(v, e) == ' ' && letterAt(v, e+1) > 0; k++ {
		e = labelWordEnd(v, e+1) // "Anna Schmidt:", "Customer Service:"
	}
	if colonEnds(v, e) {
		return a, b, false, stamped, true
	}
	if at(v, e) == ' ' && at(v, e+1) == '(' {
		// "Yasmin (Support):", "Iker (Agent):"
		r := e + 2
		for r < len(v) && r-e <= 24 && (letterLen(v, r) > 0 || v[r] == ' ') {
			r += max(letterLen(v, r), 1)
		}
		if r > e+2 && at(v, r) == ')' && colonEnds(v, r+1) {
			return a, b, true, stamped, true
		}
	}
	return 0, 0, false, false, false
}

// labelWordEnd returns the end of a label's word at q: letters of any
// script, digits, and the dots, apostrophes, dashes and underscores of
// nicks ("co'connor", "j.smith").
func labelWordEnd(v string, q int) int {
	for q < len(v) {
		if l := letterLen(v, q); l > 0 {
			q += l
			continue
		}
		if c := v[q]; isDigit(c) || c == '\'' || c == '_' || (c == '.' || c == '-') && letterAt(v, q+1) > 0 {
			q++
			continue
		}
		break
	}
	return q
}

// letterAt is letterLen past the value's end too (0 there).
func letterAt(v string, q int) int {
	if q >= len(v) {
		return 0
	}
	return letterLen(v, q)
}

// colonEnds reports a label's colon at p, with a blank or the line's
// end after it ("Anna: ja", "Anna:\n"), not a time or a URL ("Anna:30").
func colonEnds(v string, p int) bool {
	if at(v, p) != ':' {
		return false
	}
	c := at(v, p+1)
	return p+1 == len(v) || c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// saysSomething reports a turn's text, after its label (from b to the
// line's end le), that is a sentence: four words or more, a question or
// an exclamation, words with a full stop and no digit ("Claro."), or a
// greeting ("hi", "hallo"). A value's text is not: "30 kg", "Fassung
// prüfen", "80%", "10 Stk.".
func saysSomething(v string, b, le int) bool {
	for b < le && v[b] != ':' && v[b] != '>' {
		b++
	}
	words, digit, last := 0, false, byte(0)
	for q := b + 1; q < le; q++ {
		c := v[q]
		switch {
		case isDigit(c):
			digit = true
		case letterLen(v, q) > 0 && letterBefore(v, q) == 0:
			if words++; words == 1 {
				var buf [maxWord]byte
				e := wordEnd(v, q)
				if n := foldWord(v, q, e, &buf); n > 0 && slices.Contains(greetings, string(buf[:n])) {
					return true
				}
			}
		}
		if c != ' ' && c != '\t' && c != '\r' {
			last = c
		}
	}
	return words >= 4 || last == '?' || last == '!' || last == '.' && words > 0 && !digit
}

// plainGiven reports a word the lists know as a given name (or a family
// name too) and as nothing else: no context word, no special category,
// no month or street ("Sophie", "Dieter"; not "April", "Rose", "Will").
func plainGiven(v string, i, j int) bool {
	wi, ok := lookupNameWord(v, i, j)
	return ok && wi.flags&wGiven != 0 && wi.flags&^(wGiven|wSurname) == 0 && wi.ctx == 0 && wi.spec == 0
}

// turns reads the value's turn lines once and records their given-name
// labels and whether a role speaks.
func (sc *scan) turns() *turnInfo {
	t := &sc.turn
	if t.done {
		return t
	}
	t.done = true
	v := sc.v
	for ls := 0; ls < len(v); {
		le := lineEnd(v, ls)
		if a, b, role, stamped, ok := turnAt(v, ls); ok {
			var buf [maxWord]byte
			_, known := lookupNameWord(v, a, b)
			named := known && isUpperAt(v, a) && plainGiven(v, a, b)
			says := saysSomething(v, b, le)
			if (role || roleLabels[string(lowerWord(v[a:b], &buf))]) && says {
				// a role speaks a sentence ("Agent: Guten Tag, ..."); a
				// form's "Customer: ACME GmbH" or "Max (kg): 30" does not
				t.role = true
				t.roleOnly = t.roleOnly || !named
			}
			switch {
			case named:
				t.said = t.said || says
				if k := addLabel(v, a, b, &t.names, &t.count, &t.n); k >= 0 && role {
					t.roled[k] = true
				}
			case !known && !role && stamped:
				// a chat's nick ("[12:02] kgrünewald:", "2024-05-16
				// 14:07:00 Ola:"); without a timestamp an unknown label
				// is a form's as often ("Status:", "Lager:")
				addLabel(v, a, b, &t.others, &t.ocount, &t.on)
				t.said = t.said || says
			}
			t.said = t.said || t.role
		}
		ls = le + 1
	}
	return t
}

// addLabel counts the label v[a:b] among labels, the first n of them
// with their counts, and returns its index, -1 when the table is full.
func addLabel(v string, a, b int, labels *[maxTurnNames][2]int32, count *[maxTurnNames]uint8, n *int) int {
	for k := 0; k < *n; k++ {
		if l := labels[k]; v[l[0]:l[1]] == v[a:b] {
			if count[k] < 255 {
				count[k]++
			}
			return k
		}
	}
	if *n == maxTurnNames {
		return -1
	}
	labels[*n] = [2]int32{int32(a), int32(b)} // values are far below 2 GB (Kafka's records)
	count[*n] = 1
	*n++
	return *n - 1
}

// speaks reports the given name w as a speaker of the value's
// conversation: it labels a turn, two parties or more speak (names, a
// role alone, a chat's nick that labels two turns), and one of them
// speaks again or a role speaks; or it labels two turns with its role
// ("Megan (Support):"); either way a party says a sentence (said).
// "Grace: 2x\nMark: 1x" lists things, and "Mark: the box\nMark: the
// crate" is one label's list.
func (t *turnInfo) speaks(v, w string) bool {
	k := 0
	for k < t.n && v[t.names[k][0]:t.names[k][1]] != w {
		k++
	}
	if k == t.n || !t.said {
		return false
	}
	if t.roled[k] && t.count[k] >= 2 {
		return true
	}
	parties, again := t.n, t.role
	if t.roleOnly {
		parties++
	}
	for o := 0; o < t.on; o++ {
		if t.ocount[o] >= 2 {
			parties++
		}
	}
	for n := 0; n < t.n; n++ {
		again = again || t.count[n] >= 2
	}
	return parties >= 2 && again
}

// speaker reports a known given name v[i:j] that a conversation's turn
// says is a person's: a chat line's nick after its timestamp ("13:06
// <Agnieszka> hallo"), the label of a turn ("Sophie: hi", "[10:26]
// Yasmin (Support):"), or another mention of a speaker ("Danke,
// Sophie"). turns reads the value's lines once, on the first given name
// nameFrom asks about.
func (sc *scan) speaker(i, j int) bool {
	v := sc.v
	if at(v, j) == '>' && at(v, i-1) == '<' {
		ls := i
		for ls > 0 && v[ls-1] != '\n' && i-ls < 40 {
			ls--
		}
		if a, _, _, _, ok := turnAt(v, ls); ok && a == i && (ls == 0 || v[ls-1] == '\n') {
			return true
		}
	}
	return sc.turns().speaks(v, v[i:j])
}
