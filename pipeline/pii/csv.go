package pii

import (
	"slices"
	"strings"
)

// CSV rows stored in a text column: a legacy CRM's import rows, exports
// and pasted spreadsheet lines ("nachname;vorname;geburtsdatum;plz;ort\n
// Wimmersberger;Gundula;12.03.1961;33602;Bielefeld"). Read as prose, a
// cell is a word among words: a family name no list knows, a town or a
// postcode alone, a birth date without its label are all missed (hunt H,
// classes A2, B3, N5). A header row names its columns as a JSON key names
// its value, so each cell below it is scanned with its column's hint;
// without a header, only a row's own strong evidence counts (csvRows).

// maxCSVCols bounds the columns of a header read (a CRM export has a few
// dozen at most); a wider first line is read as text.
const maxCSVCols = 32

// maxCSVHeader bounds the first line read as a header, in bytes.
const maxCSVHeader = 1024

// csvHeader is a table's first line read as column names: the separator,
// the number of columns, each column's hint, and where the line ends.
type csvHeader struct {
	sep   byte
	n     int
	hints [maxCSVCols]*hint
	own   [maxCSVCols]bool // the column is a person's own field (ownField)
	named bool             // a column holds names: a phone beside them is a person's
	end   int              // index of the header's '\n'
}

// csvHeaderEnd returns where the first line of v ends, when a line break
// ends it within maxCSVHeader bytes, or -1: a header's line.
func csvHeaderEnd(v string) int {
	return strings.IndexByte(v[:min(len(v), maxCSVHeader+1)], '\n')
}

// readCSVHeader reads v's first line as a header of a table of people's
// rows: two or more cells, each a column name (a short word, no value:
// no cell starts with a digit), at least two of them names lethe's column
// hints know and one of those a person's own field (a birth date, an
// e-mail, a phone, an account, an ID; or a given and a family name
// column both), not only a name and a place: "name;city;hours" lists
// shops, "SKU;Name;Preis" products. A row must follow it.
func readCSVHeader(s *Scanner, v string, hd *csvHeader) bool {
	end := csvHeaderEnd(v)
	if end <= 0 || end+1 >= len(v) {
		return false
	}
	line := v[:end]
	hd.sep = csvSep(line)
	if hd.sep == 0 {
		return false
	}
	var spans [maxCSVCols][2]int
	n, rowEnd := csvCells(line, 0, hd.sep, &spans)
	if n < 2 || n > maxCSVCols || rowEnd != len(line) {
		return false
	}
	// Every cell a column name before any hint is asked: a note's first
	// line with commas ("Hello Anna, hi team") puts no words in the shared
	// hint cache.
	for k := 0; k < n; k++ {
		if !columnName(line[spans[k][0]:spans[k][1]]) {
			return false
		}
	}
	known, own, given, surname := 0, false, false, false
	hd.named = false
	for k := 0; k < n; k++ {
		h := s.hints.get(line[spans[k][0]:spans[k][1]])
		hd.hints[k], hd.own[k] = h, false
		if len(h.cats) == 0 || h.things {
			continue
		}
		known++
		hd.own[k] = ownField(h.cats[0])
		own = own || hd.own[k]
		given = given || h.cats[0] == GivenName
		surname = surname || h.cats[0] == FamilyName
		hd.named = hd.named || family(h.cats[0]) == Name
	}
	hd.n, hd.end = n, end
	return known >= 2 && (own || given && surname)
}

// ownField reports a category that only a person's own row holds. Not a
// name column alone, nor a given or a family name's alone: "nome",
// "nombre" and "nom" name a product as often ("nome;ciudad;data" of
// products); with both a given and a family name column the row is a
// person's.
func ownField(c Category) bool {
	switch family(c) {
	case Email, Phone, DateOfBirth, BankAccount:
		return true
	}
	switch c {
	case NationalID, TaxID, Passport:
		return true
	}
	return false
}

// columnName reports a header cell: 1-40 bytes, a letter first, then
// letters and the marks column names use ("E-Mail", "Geb.-Datum", "Tel
// privat"), at most three words, digits only as a trailing run
// ("address1", "tel2"). A sentence is none: "BSN 75121337323
// gecontroleerd, geboortedatum 24-05-1970." split at its comma holds
// digits inside its "cells" (the evaluation corpus).
func columnName(s string) bool {
	if s == "" || len(s) > 40 || !(isASCIILetter(s[0]) || s[0] >= 0x80) {
		return false
	}
	blanks, digits := 0, false
	for k := 0; k < len(s); k++ {
		c := s[k]
		switch {
		case isDigit(c):
			digits = true
			continue
		case digits:
			return false // a digit inside the name
		case c == ' ':
			blanks++
		case !(isASCIILetter(c) || c >= 0x80 || c == '_' || c == '-' || c == '.'):
			return false
		}
	}
	return blanks <= 2
}

// csvSep returns the separator of a line of cells: the most frequent of
// tab, ';', '|' and ',', or 0 when none occurs.
func csvSep(line string) byte {
	seps := [4]byte{'\t', ';', '|', ','}
	var counts [4]int
	if len(line) >= 256 {
		// strings.Count is vectorised: a byte loop over long lines cost
		// the scan a tenth of its time on text
		for j, c := range seps {
			counts[j] = strings.Count(line, string(c))
		}
	} else {
		for k := 0; k < len(line); k++ {
			switch line[k] {
			case '\t':
				counts[0]++
			case ';':
				counts[1]++
			case '|':
				counts[2]++
			case ',':
				counts[3]++
			}
		}
	}
	best := 0
	for j := 1; j < 4; j++ {
		if counts[j] > counts[best] {
			best = j
		}
	}
	if counts[best] == 0 {
		return 0
	}
	return seps[best]
}

// csvCells splits the row starting at p into cells by sep, up to its
// line's end: it stores the spans of the first maxCSVCols cells' content
// (blanks and a cell's quotes trimmed; "" inside quotes is a quote) and
// returns the number of cells and the row's end (its '\n' or len(v)). A
// quoted cell must close on its line; where one does not, or text
// follows its closing quote, it returns n = 0: the line is no row.
func csvCells(v string, p int, sep byte, spans *[maxCSVCols][2]int) (n, end int) {
	for {
		for p < len(v) && v[p] == ' ' {
			p++
		}
		cs, ce := p, p
		if at(v, p) == '"' {
			cs = p + 1
			q := cs
			for q < len(v) && v[q] != '\n' && (v[q] != '"' || at(v, q+1) == '"') {
				if v[q] == '"' {
					q++ // an escaped quote
				}
				q++
			}
			if at(v, q) != '"' {
				return 0, lineEnd(v, p)
			}
			ce = q
			p = q + 1
			for p < len(v) && v[p] == ' ' {
				p++
			}
			if p < len(v) && v[p] != sep && v[p] != '\n' && v[p] != '\r' {
				return 0, lineEnd(v, p)
			}
		} else {
			for p < len(v) && v[p] != sep && v[p] != '\n' {
				p++
			}
			ce = p
			for ce > cs && (v[ce-1] == ' ' || v[ce-1] == '\r') {
				ce--
			}
		}
		if n < maxCSVCols {
			spans[n] = [2]int{cs, ce}
		}
		n++
		if p < len(v) && v[p] == '\r' {
			p++
		}
		if p >= len(v) || v[p] == '\n' {
			return n, p
		}
		p++ // the separator
	}
}

// scanTable scans a value whose first line is a header (hd): the header
// line as text, then each row with as many cells as the header has with
// each cell's content scanned as a value of its column (a JSON value is
// scanned under its key likewise), classified whole where its column's
// hint names data. A line of another shape (a note below the table) is
// scanned as text. It returns done false where scanPart does.
func (s *Scanner) scanTable(h *hint, hd *csvHeader, v string, viewed bool, dst []Finding) (_ []Finding, done bool) {
	base := len(dst)
	var spans [maxCSVCols][2]int
	if dst, done = s.scanPart(h, v, 0, hd.end, viewed, false, dst); !done {
		return dst[:base], false
	}
	for p := hd.end + 1; p < len(v); {
		n, end := csvCells(v, p, hd.sep, &spans)
		if n != hd.n || !s.personRow(hd, v, &spans, viewed, dst) {
			dst, done = s.scanPart(h, v, p, end, viewed, false, dst)
		} else {
			for k := 0; k < n && done; k++ {
				ch := hd.hints[k]
				dst, done = s.scanPart(ch, v, spans[k][0], spans[k][1], viewed, len(ch.cats) > 0, dst)
			}
		}
		if !done {
			return dst[:base], false
		}
		p = end + 1
	}
	return dst, true
}

// personRow reports a row whose own fields hold what their columns name,
// read from the cells themselves: an e-mail address not a function's
// ("support@"), a date, an account or an ID; a phone number where the
// header has a name column. Only such a row has its cells classified by
// their columns: an accounts chart ("Konto;Name;Saldo": 1200;Sparkasse),
// a campaign report ("Email Kampagne;Empfänger") or a list of shops
// ("Filiale;Telefon;Ort") is read as text, as before. dst is left as it
// was.
func (s *Scanner) personRow(hd *csvHeader, v string, spans *[maxCSVCols][2]int, viewed bool, dst []Finding) bool {
	base := len(dst)
	for k := 0; k < hd.n; k++ {
		ch := hd.hints[k]
		if !hd.own[k] || family(ch.cats[0]) == Phone && !hd.named {
			continue
		}
		out, done := s.scanPart(ch, v, spans[k][0], spans[k][1], viewed, false, dst)
		if !done {
			continue
		}
		for _, f := range out[base:] {
			if family(f.Category) == family(ch.cats[0]) && !(family(f.Category) == Email && roleAddress(v, f.Start, f.End)) {
				return true
			}
		}
	}
	return false
}

// roleAddress reports an e-mail address v[s:e] whose local part names a
// function ("info@", "support@"), not a person.
func roleAddress(v string, s, e int) bool {
	for k := s; k < e; k++ {
		if v[k] == '@' {
			return roleLocal(v, s, k)
		}
	}
	return false
}

// scanPart scans v[a:b] as a value of the column h (whole: classified
// whole by the hint, as a short value is) and appends its findings, with
// offsets into v.
func (s *Scanner) scanPart(h *hint, v string, a, b int, viewed, whole bool, dst []Finding) (_ []Finding, done bool) {
	base := len(dst)
	if a >= b {
		return dst, true
	}
	var sc scan
	sc.start(s, h, v[a:b], dst, viewed)
	if !sc.run() {
		return dst, false
	}
	if whole && b-a <= shortLimit {
		sc.whole(h)
	}
	dst = sc.finish()
	for k := base; k < len(dst); k++ {
		dst[k].Start += a
		dst[k].End += a
	}
	return dst, true
}

// csvRows finds, in lines of five or more cells without a header, what
// only the row's own evidence shows: where the row holds an e-mail address
// or an account (a person's row, not a product's or an order's), a listed
// given name's cell next to a cell of capitalised words is a name (the
// family name no list knows: "Wimmersberger;Gundula"), a date in one of
// the two cells after them is a birth date (before 2013: not an order's),
// and a postcode's cell before a listed town's is an address. Product
// rows ("A-1;Rose Gold;19,90") hold no e-mail and stay as read. Findings
// are appended; finish sorts them.
func (sc *scan) csvRows() {
	v := sc.v
	added, done := len(sc.dst), -1
	// Only the lines of an e-mail's or an account's finding can be such
	// rows (csvRow): they are split, each once, and no other line is
	// read. Findings are in order of their start here. The category is
	// tested first and the finding not copied, for speed: most findings
	// are neither.
	for k := sc.base; k < added; k++ {
		f := &sc.dst[k]
		if c := family(f.Category); c != Email && c != BankAccount || f.Start < done || f.Score < 0.5 ||
			!wholeCell(v, f.Start, f.End) {
			continue
		}
		p := strings.LastIndexByte(v[:f.Start], '\n') + 1
		end := lineEnd(v, f.Start)
		done = end
		sep := csvSep(v[p:end])
		if sep == 0 {
			continue
		}
		var spans [maxCSVCols][2]int // here, not above: zeroed for the rows read only
		if n, _ := csvCells(v[:end], p, sep, &spans); n >= 5 && n <= maxCSVCols {
			cur := k
			for cur > sc.base && sc.dst[cur-1].End > p {
				cur--
			}
			sc.csvRow(&spans, n, cur, end)
		}
	}
	if len(sc.dst) > added {
		// finish's insertion sort would move each finding added here
		// back across every row after its own: quadratic on a long
		// export
		slices.SortStableFunc(sc.dst[sc.base:], func(a, b Finding) int { return a.Start - b.Start })
	}
}

// csvRow applies csvRows to one row's cells; the row's findings start at
// dst[from] and end before the row's end.
func (sc *scan) csvRow(spans *[maxCSVCols][2]int, n, from, end int) {
	person := false
	for k := from; k < len(sc.dst) && sc.dst[k].Start < end; k++ {
		f := sc.dst[k]
		if f.Score >= 0.5 && (family(f.Category) == Email && !roleAddress(sc.v, f.Start, f.End) || family(f.Category) == BankAccount) {
			person = true
		}
	}
	if !person {
		return
	}
	v := sc.v
	for k := 0; k+1 < n; k++ {
		a, b := spans[k], spans[k+1]
		switch {
		case givenCell(v, b) && surnameCell(v, a) && !sc.covered(from, end, a):
			sc.add(dName, FamilyName, a[0], a[1], 0.7)
			sc.add(dName, GivenName, b[0], b[1], 0.7)
		case givenCell(v, a) && surnameCell(v, b) && !sc.covered(from, end, b):
			sc.add(dName, GivenName, a[0], a[1], 0.7)
			sc.add(dName, FamilyName, b[0], b[1], 0.7)
		case postcodeCell(v, a) && townCell(v, b):
			sc.add(dPostal, PostalCode, a[0], a[1], 0.7)
			sc.add(dCity, City, b[0], b[1], 0.7)
			continue
		default:
			continue
		}
		for d := k + 2; d < n && d <= k+3; d++ {
			sc.birthCell(from, end, spans[d])
		}
		k++
	}
}

// wholeCell reports whether v[s:e] may be a row's whole cell: a
// separator of cells or the line's edge on both sides, past blanks and a
// quote. A note's e-mail stands among words ("neue Mail anna@x.de, bitte",
// "Kontakt: anna@x.de"): its line is not split at all, which kept this
// pass from costing a tenth of the scan of the demo's notes.
func wholeCell(v string, s, e int) bool {
	p := s
	for p > 0 && (v[p-1] == ' ' || v[p-1] == '"') {
		p--
	}
	q := e
	for q < len(v) && (v[q] == ' ' || v[q] == '"' || v[q] == '\r') {
		q++
	}
	edge := func(c byte) bool { return c == ';' || c == ',' || c == '\t' || c == '|' || c == '\n' }
	return (p == 0 || edge(v[p-1])) && (q == len(v) || edge(v[q]))
}

// covered reports a finding of at least 0.5 over the cell c among the
// row's findings: a cell read already (a street, a phone) is no name.
func (sc *scan) covered(from, end int, c [2]int) bool {
	for k := from; k < len(sc.dst) && sc.dst[k].Start < end; k++ {
		if f := sc.dst[k]; f.Score >= 0.5 && f.Start < c[1] && f.End > c[0] {
			return true
		}
	}
	return false
}

// birthCell raises a date that fills the cell c to a birth date, unless
// its year is after 2012 (an order's, a contract's).
func (sc *scan) birthCell(from, end int, c [2]int) {
	for k := from; k < len(sc.dst) && sc.dst[k].Start < end; k++ {
		f := &sc.dst[k]
		if f.Category == DateOfBirth && f.Start <= c[0] && f.End >= c[1] && f.Score < 0.7 && !lateYear(sc.v[c[0]:c[1]]) {
			f.Score = 0.7
		}
	}
}

// lateYear reports a four-digit year after 2012 in s.
func lateYear(s string) bool {
	for k := 0; k+4 <= len(s); k++ {
		if isDigit(s[k]) && isDigit(s[k+1]) && isDigit(s[k+2]) && isDigit(s[k+3]) && !isDigit(at(s, k+4)) && (k == 0 || !isDigit(s[k-1])) {
			y := int(s[k]-'0')*1000 + int(s[k+1]-'0')*100 + int(s[k+2]-'0')*10 + int(s[k+3]-'0')
			if y > 2012 {
				return true
			}
		}
	}
	return false
}

// givenCell reports a cell that is one capitalised word a list knows as a
// given name.
func givenCell(v string, c [2]int) bool {
	if !capitalCell(v, c) {
		return false
	}
	for k := c[0]; k < c[1]; k++ {
		if v[k] == ' ' {
			return false
		}
	}
	info, ok := lookupWord(v, c[0], c[1])
	return ok && info.flags&wGiven != 0
}

// capitalCell reports a cell of 2-40 bytes of letters, a capital first,
// with the apostrophes, hyphens and blanks names have ("O'Connor",
// "van den Berg" is not: a particle starts it lower-case).
func capitalCell(v string, c [2]int) bool {
	if c[1]-c[0] < 2 || c[1]-c[0] > 40 || !isUpperAt(v, c[0]) {
		return false
	}
	for k := c[0]; k < c[1]; k++ {
		if ch := v[k]; !(isASCIILetter(ch) || ch >= 0x80 || ch == '\'' || ch == '-' || ch == ' ') {
			return false
		}
	}
	return true
}

// surnameCell reports a cell that can be a family name beside a given
// name's: capitalised, one word or two ("De Luca", "Ruiz Gómez"), not a
// word that never starts a name, a town, a thing's word or a function's.
// A product ("Anna Bella Vase") or a department ("Support", "Vertrieb")
// beside a given name is none.
func surnameCell(v string, c [2]int) bool {
	if !capitalCell(v, c) {
		return false
	}
	words := 1
	for k := c[0]; k < c[1]; k++ {
		if v[k] == ' ' {
			words++
		}
	}
	if words > 2 {
		return false
	}
	info, ok := lookupWord(v, c[0], c[1])
	return !(ok && info.flags&(wStop|wCity|wThing) != 0) && !roleWord(v, c)
}

// roleWord reports a cell that is a function's word, as a role address's
// local part is ("Support", "Service", "Vertrieb").
func roleWord(v string, c [2]int) bool {
	var buf [maxWord]byte
	n := foldWord(v, c[0], c[1], &buf)
	return n > 0 && (slices.Contains(roleLocals, string(buf[:n])) || slices.Contains(functionWords, string(buf[:n])))
}

// postcodeCell reports a cell of five digits.
func postcodeCell(v string, c [2]int) bool {
	if c[1]-c[0] != 5 {
		return false
	}
	for k := c[0]; k < c[1]; k++ {
		if !isDigit(v[k]) {
			return false
		}
	}
	return true
}

// townCell reports a cell that is a town a list knows.
func townCell(v string, c [2]int) bool {
	if !capitalCell(v, c) {
		return false
	}
	info, ok := lookupWord(v, c[0], c[1])
	return ok && info.flags&wCity != 0
}
