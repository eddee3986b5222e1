package pii

import (
	"math/bits"
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
				m := len(dst)
				dst, done = s.scanPart(ch, v, spans[k][0], spans[k][1], viewed, len(ch.cats) > 0, dst)
				if k > 0 && areaCodeCell(v, spans[k-1]) {
					dst = areaCodeOf(dst, m, spans[k-1])
				}
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
		if family(ch.cats[0]) == Phone && k > 0 && areaCodeCell(v, spans[k-1]) && subscriberCell(v, spans[k]) {
			return true // "Meier;Hans;030;1234567" under "...;Vorwahl;Telefon": the two cells are the number
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

// areaCodeCell reports a cell that holds an area code alone, its trunk 0
// and two to four digits ("030", "0151"): exports of CRMs whose records
// keep the area code in a field of its own ("Vorwahl", "area code") put
// it in the cell before the phone number's, which alone is too short to
// read as one, and a review found such a table's names and numbers raw.
func areaCodeCell(v string, c [2]int) bool {
	return c[1]-c[0] >= 3 && c[1]-c[0] <= 5 && v[c[0]] == '0' && v[c[0]+1] != '0' && allDigits(v[c[0]:c[1]])
}

// areaCodeOf inserts at m, for a phone number found among dst[m:] (the
// next cell's findings), the area code in the cell c before it as the
// number's: masked apart from it, the area code still says where its
// subscriber lives. Findings stay in the order of their cells.
func areaCodeOf(dst []Finding, m int, c [2]int) []Finding {
	for _, f := range dst[m:] {
		if family(f.Category) == Phone {
			return slices.Insert(dst, m, Finding{Category: f.Category, Start: c[0], End: c[1], Score: f.Score, Detector: f.Detector})
		}
	}
	return dst
}

// subscriberCell reports a cell that holds a subscriber number alone: four
// to nine digits, not starting with 0.
func subscriberCell(v string, c [2]int) bool {
	return c[1]-c[0] >= 4 && c[1]-c[0] <= 9 && v[c[0]] != '0' && allDigits(v[c[0]:c[1]])
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

// csvRows finds, in lines of cells without a header (a legacy CRM's rows
// pasted into a note: "Müller;Hans;Hauptstr. 5;10115;Berlin;030 1234567"),
// what only the row's own evidence shows. A row that holds a person's
// e-mail address or an account, a street with its house number, a phone
// number, a postcode beside a town, or a birth date right after a name is
// a person's record (csvRow): its other cells are read by their shape, as
// a header would have named them. Product, stock and order rows hold none
// of these, or an amount of money that says they are not a person's.
// Findings are appended; finish sorts them.
func (sc *scan) csvRows() {
	v := sc.v
	added, done := len(sc.dst), -1
	// Only the lines of a finding that fills a cell (wholeCell, rowCue)
	// can be such rows: they are split, each once, and no other line is
	// read. Findings are in order of their start here. The finding's
	// edges are tested first, then its category (a switch of strings),
	// and the finding is not copied, for speed: most findings are none.
	for k := sc.base; k < added; k++ {
		f := &sc.dst[k]
		if f.Start < done || !wholeCell(v, f.Start, f.End) || !rowCue(f) {
			continue
		}
		p := strings.LastIndexByte(v[:f.Start], '\n') + 1
		end := lineEnd(v, f.Start)
		done = end
		if end-p > maxCSVRow {
			continue
		}
		sep := csvSep(v[p:end])
		if sep == 0 {
			continue
		}
		var spans [maxCSVCols][2]int // here, not above: zeroed for the rows read only
		if n, _ := csvCells(v[:end], p, sep, &spans); n >= 3 && n <= maxCSVCols {
			cur := k
			for cur > sc.base && sc.dst[cur-1].End > p {
				cur--
			}
			rowLabel(v, &spans[0])
			// Three cells split at commas are a sentence's clauses as
			// often ("Anna, Ben und Carla, Hauptstr. 5"): a name and a
			// birth date beside it must make them a row
			sc.csvRow(&spans, n, cur, added, end, n == 3 && sep == ',')
		}
	}
	if len(sc.dst) > added {
		// finish's insertion sort would move each finding added here
		// back across every row after its own: quadratic on a long
		// export
		slices.SortStableFunc(sc.dst[sc.base:], func(a, b Finding) int { return a.Start - b.Start })
	}
}

// maxCSVRow bounds a line split as a row, in bytes: a CRM row of
// maxCSVCols cells is shorter, and a longer line is a paragraph of prose
// whose splitting would cost the scan of long notes for nothing.
const maxCSVRow = 2048

// rowCue reports a finding that may fill a cell of a person's row and so
// has its line read as one: an e-mail's, an account's or an address's of
// 0.5 or more, or a name, a date or a phone number of any score (a given
// name alone, a date without a birth word, a number without a phone's
// word score low: the row decides what they are).
func rowCue(f *Finding) bool {
	switch family(f.Category) {
	case Email, BankAccount, Address:
		return f.Score >= 0.5
	case Name, DateOfBirth, Phone:
		return true
	}
	return false
}

// rowLabel moves the first cell's start past a label a pasted row follows
// ("Import 2019: Müller;Hans", "Altdaten: \"Müller\";\"Hans\""): after its
// colon and blank, and inside the quotes the cell then opens with.
func rowLabel(v string, c *[2]int) {
	for k := c[1] - 2; k >= c[0]; k-- {
		if v[k] != ':' || v[k+1] != ' ' {
			continue
		}
		s, e := k+2, c[1]
		for s < e && v[s] == ' ' {
			s++
		}
		if e-s >= 2 && v[s] == '"' && v[e-1] == '"' {
			s, e = s+1, e-1
		}
		c[0], c[1] = s, e
		return
	}
}

// rowInfo is what a row's own findings say of its cells, a bit per cell.
type rowInfo struct {
	taken  uint32 // a finding of 0.5 or more overlaps the cell: read already
	named  uint32 // a name's finding of 0.5 or more overlaps it
	dates  uint32 // a date's finding of any score fills it
	phones uint32 // a phone's finding of any score lies in a cell of a number's marks
	posts  uint32 // a postcode's finding of any score fills it
	first  int    // the first cell with a contact's, an account's or a date's finding; n if none
	person bool   // a person's e-mail address (not a function's) or an account
	street bool   // a street with its number, or a postcode, found at 0.5
	phone  bool   // a phone number found at 0.5
}

// csvRow applies csvRows to one row's cells; the row's findings are
// dst[from:lim] that start before the row's end. few is a row of three
// cells split at commas. A person's row has its cells read by their
// shape: a listed given name beside a cell of capitalised words is a
// given and a family name (the family name no list knows:
// "Wimmersberger;Gundula"), as are the cells after a salutation's; a cell
// of listed names before the row's contact cells is a name; a date is a
// birth date where a name is in the row (unless recent: an order's, a
// contract's; a date with a time of day holds no date's finding); a
// number in a phone's cell is a phone; a town beside a postcode is a
// city, as a listed town anywhere is.
//
// A row is a person's by an e-mail address or an account, by a street or
// a postcode found (an address's row: a firm's too, whose street and
// postcode were found before), or by a name beside what a person's row
// holds: a birth date in the next cell, a phone number, a town beside a
// postcode. Given names on both sides ("Ruby;Rose") are a product's as
// often and name no row, unless a listed town is in it too. An amount of
// money in a row without an e-mail or an account makes it an order's or
// a product's ("ORD-1001;12.03.2024;Marie Louise;2;7,90;33602;
// Bielefeld"): nothing is read.
func (sc *scan) csvRow(spans *[maxCSVCols][2]int, n, from, lim, end int, few bool) {
	v := sc.v
	mark := len(sc.dst)
	cut, cutFrom := sc.rescanCells(spans, n, from, lim, end)
	to := from // the row's findings: dst[from:to], and the rescanned dst[mark:]
	for to < lim && sc.dst[to].Start < end {
		to++
	}
	r := rowInfo{first: n}
	for k := from; k < len(sc.dst); k++ {
		if k == to && to < mark {
			k = mark - 1
			continue
		}
		r.note(v, spans, n, &sc.dst[k])
	}
	// The names: a given name's cell beside a family name's, the cells
	// after a salutation's, then cells of listed names before the contact's
	// cells (name columns come first in an export; after them a listed
	// name is a town's or a product's as often). A cell of a name found
	// already pairs with none: "Schulz, Monika, Regensburg" found as
	// "Schulz, Monika" makes no family name of the town.
	var given, surname, listed, weak, soft uint32
	for k := 0; k+1 < n; k++ {
		a, b := spans[k], spans[k+1]
		if r.named&(3<<k) != 0 {
			continue
		}
		switch {
		case r.taken&(1<<k) == 0 && givenCell(v, b) && surnameCell(v, a):
			surname |= 1 << k
			given |= 1 << (k + 1)
			if givenOnly(v, a) {
				weak |= 3 << k
			}
			if !listedSurname(v, a) {
				soft |= 3 << k
			}
			k++
		case r.taken&(1<<(k+1)) == 0 && givenCell(v, a) && surnameCell(v, b):
			given |= 1 << k
			surname |= 1 << (k + 1)
			if givenOnly(v, b) {
				weak |= 3 << k
			}
			if !listedSurname(v, b) {
				soft |= 3 << k
			}
			k++
		case k+1 < r.first && r.taken&(3<<k) == 0 && surnameOnly(v, a) && givenShape(v, b):
			// "Kühn;Margarete": a listed family name first, the given
			// name no list knows after it
			surname |= 1 << k
			given |= 1 << (k + 1)
			k++
		case salutCell(v, a) && r.taken&(1<<(k+1)) == 0 && surnameCell(v, b):
			// "Herr|Wagner|Gundula": the given name no list knows
			listed |= 1 << (k + 1)
			if k+2 < n && (r.taken|r.named)&(1<<(k+2)) == 0 && surnameCell(v, spans[k+2]) {
				listed |= 1 << (k + 2)
			}
			k++
		}
	}
	for k := 0; k < r.first; k++ {
		if (r.taken|given|surname|listed)&(1<<k) == 0 && nameCell(v, spans[k]) {
			listed |= 1 << k
		}
	}
	names := given | surname | listed | r.named
	// An amount of money in a row with an account is a booking's: its
	// date is the booking's, not a birth date ("12.03.2009;Gutschrift;
	// Hans Müller;DE89…;250,00").
	money := false
	for k := 0; k < n && !money; k++ {
		money = r.taken&(1<<k) == 0 && amountCell(v, spans[k]) // not "84.210.10.69", an address found
	}
	var births uint32
	for k := 0; k < n && !money; k++ {
		if r.dates&(1<<k) != 0 && birthYear(v, spans[k]) {
			births |= 1 << k
		}
	}
	town := false
	for k := 0; k < n && !town; k++ {
		t, _ := townBeside(v, spans, n, k, r.taken|names, r.posts)
		town = t >= 0
	}
	if weak != 0 {
		for k := 0; k < n; k++ {
			if (r.taken|names)&(1<<k) == 0 && townCell(v, spans[k]) {
				weak = 0 // a listed town beside them: "Sophie,Bernard,08/11/2002,Nantes"
				break
			}
		}
	}
	named := names&^weak != 0
	nameBirth := births&((names&^weak)<<1) != 0
	// A town beside a postcode names a person's row only with a name the
	// lists know as a family name: "Artikel;Anna;12345;Berlin",
	// "Kleid;Linda;42414;Hamburg" are a product's.
	townNamed := (given|surname|r.named)&^weak&^soft != 0
	strong := r.person || r.street || named && (nameBirth || r.phone || r.phones != 0) || townNamed && town
	if few {
		strong = nameBirth
	}
	if money && !r.person {
		strong = false
	}
	if !strong {
		sc.dst = sc.dst[:mark]
		if cut >= 0 {
			sc.dst[cut].Start = cutFrom
		}
		return
	}
	if names == 0 {
		// "Ramsbottom,Edith,12/04/1940,3 Vicarage Close,...": a row that is a
		// person's by its address holds the person's name in the cells
		// before a birth date, no list knowing either
		for d := 1; d < n; d++ {
			if births&(1<<d) == 0 {
				continue
			}
			if d >= 2 && r.taken&(3<<(d-2)) == 0 && oneWord(v, spans[d-2]) && oneWord(v, spans[d-1]) &&
				surnameCell(v, spans[d-2]) && surnameCell(v, spans[d-1]) && !salutCell(v, spans[d-2]) {
				listed |= 3 << (d - 2)
			} else if r.taken&(1<<(d-1)) == 0 && !oneWord(v, spans[d-1]) && surnameCell(v, spans[d-1]) {
				listed |= 1 << (d - 1)
			}
			break
		}
		names = listed
	}
	for k := from; k < len(sc.dst); k++ {
		if k == to && to < mark {
			k = mark - 1
			continue
		}
		f := &sc.dst[k]
		c := cellOf(spans, n, f.Start, f.End)
		if c < 0 || f.Score >= 0.7 {
			continue
		}
		switch {
		case births&(1<<c) != 0 && f.Category == DateOfBirth && names != 0:
			f.Score = 0.7
		case r.phones&(1<<c) != 0 && f.Category == Phone:
			// the cell's marks around the number found are its own:
			// "+34 612 34 56 78" found as "612 34 56 78"
			f.Start, f.End, f.Score = spans[c][0], spans[c][1], 0.7
		}
	}
	for c := 1; c < n; c++ {
		if r.taken&(1<<(c-1)) != 0 || !areaCodeCell(v, spans[c-1]) {
			continue
		}
		switch {
		case r.phones&(1<<c) != 0:
			// "Meier;Hans;0151;23456789": the area code's cell (areaCodeOf)
			sc.add(dPhone, Phone, spans[c-1][0], spans[c-1][1], 0.7)
		case r.taken&(1<<c) == 0 && subscriberCell(v, spans[c]):
			// "Schmidt;Anna;12.03.1961;0221;9876543": in a person's row an
			// area code's cell and a subscriber number's after it are the
			// person's phone number, too short apart to read as one
			sc.add(dPhone, Phone, spans[c-1][0], spans[c-1][1], 0.7)
			sc.add(dPhone, Phone, spans[c][0], spans[c][1], 0.7)
		}
	}
	for k := 0; k < n; k++ {
		c := spans[k]
		switch {
		case surname&(1<<k) != 0:
			sc.add(dName, FamilyName, c[0], c[1], 0.7)
		case given&(1<<k) != 0:
			sc.add(dName, GivenName, c[0], c[1], 0.7)
		case listed&(1<<k) != 0:
			sc.add(dName, Name, c[0], c[1], 0.7)
		}
	}
	sc.rowTowns(spans, n, r.taken|names, r.posts)
}

// listedSurname reports a cell whose last word the lists know as a
// family name ("Müller", "de Graaf").
func listedSurname(v string, c [2]int) bool {
	c[0] = pastParticles(v, c)
	if k := strings.LastIndexByte(v[c[0]:c[1]], ' '); k >= 0 {
		c[0] += k + 1
	}
	info, ok := lookupNameWord(v, c[0], c[1])
	return ok && info.flags&wSurname != 0
}

// surnameOnly reports a cell of one word that the lists know as a family
// name and not as a given name ("Kühn", "Huber").
func surnameOnly(v string, c [2]int) bool {
	if !oneWord(v, c) || !capitalCell(v, c) {
		return false
	}
	info, ok := lookupNameWord(v, c[0], c[1])
	return ok && info.flags&(wGiven|wSurname) == wSurname && info.flags&(wStop|wCity|wThing) == 0 && info.ctx == 0
}

// givenShape reports a cell of one capitalised word no list knows, as a
// given name beside its family name's ("Margarete", "Klaus-Peter").
func givenShape(v string, c [2]int) bool {
	return oneWord(v, c) && capitalCell(v, c) && nameWordKind(v, c[0], c[1]) == 0 && !salutCell(v, c)
}

// oneWord reports a cell without a blank.
func oneWord(v string, c [2]int) bool {
	return strings.IndexByte(v[c[0]:c[1]], ' ') < 0
}

// givenOnly reports a cell that the lists know as a given name and not
// as a family name ("Rose", "Ruby"): beside another given name it names a
// product's variety as often as a person.
func givenOnly(v string, c [2]int) bool {
	info, ok := lookupNameWord(v, c[0], c[1])
	return ok && info.flags&(wGiven|wSurname) == wGiven
}

// note records what the finding f says of the row's cells.
func (r *rowInfo) note(v string, spans *[maxCSVCols][2]int, n int, f *Finding) {
	fam := family(f.Category)
	if c := cellOf(spans, n, f.Start, f.End); c >= 0 {
		whole := f.Start <= spans[c][0] && f.End >= spans[c][1]
		switch {
		case fam == DateOfBirth && whole:
			r.dates |= 1 << c
			r.first = min(r.first, c)
		case fam == Phone && phoneCell(v, spans[c]):
			r.phones |= 1 << c
		case f.Category == PostalCode && whole:
			r.posts |= 1 << c
		}
	}
	if f.Score < 0.5 {
		return
	}
	cells := overlapped(spans, n, f.Start, f.End)
	r.taken |= cells
	switch fam {
	case Email:
		if !roleAddress(v, f.Start, f.End) {
			r.person = true
		}
	case BankAccount:
		r.person = true
	case Name:
		r.named |= cells
		return
	case Phone:
		r.phone = true
	case Address:
		if f.Category == City || f.Category != PostalCode && !hasDigit(v[f.Start:f.End]) {
			return // a town alone, a street without its number
		}
		r.street = true
	default:
		return
	}
	if cells != 0 {
		r.first = min(r.first, bits.TrailingZeros32(cells))
	}
}

// rescanCells scans on its own each cell of a comma's row that starts
// with a number glued to its comma and holds no finding: text reads such
// digits as an identifier's or an amount's part ("Esposito,Luca,16/12/1999",
// "Smith,John,07700 900123"), so the date or the phone held no finding.
// An address found from inside a cell of a number (a date's) on into the
// next is cut to start there, and the cell it started in is scanned so
// too: "Brinkmann, Jürgen, 26.04.1989, Bahnhofstraße 23a, 93047
// Regensburg" was an address from "1989" on. A street inside a cell of
// words ("Anschrift Hauptstr. 5, 10115 Berlin") keeps its address. The findings, of any score, are appended with offsets into
// v; csvRow drops them again where the row is no person's, and restores
// the address cut (dst[cut] started at cutFrom; cut is -1 if none).
func (sc *scan) rescanCells(spans *[maxCSVCols][2]int, n, from, lim, end int) (cut, cutFrom int) {
	v := sc.v
	cut, cutFrom, cutCell := -1, 0, -1
	for j := from; j < lim && sc.dst[j].Start < end && cut < 0; j++ {
		f := &sc.dst[j]
		if family(f.Category) != Address || f.Score < 0.5 {
			continue
		}
		if c := cellOf(spans, n, f.Start, f.Start+1); c >= 0 && c+1 < n && f.Start > spans[c][0] && f.End > spans[c+1][0] &&
			numberCell(v, spans[c]) {
			cut, cutFrom, cutCell = j, f.Start, c
			f.Start = spans[c+1][0]
		}
	}
	for k := 0; k < n; k++ {
		c := spans[k]
		if c[0] >= c[1] || !(isDigit(v[c[0]]) || v[c[0]] == '+') || at(v, c[0]-1) != ',' && k != cutCell {
			continue
		}
		seen := false
		for j := from; j < lim && sc.dst[j].Start < end && !seen; j++ {
			seen = sc.dst[j].Start < c[1] && sc.dst[j].End > c[0]
		}
		if !seen {
			sc.rescanCell(c[0], c[1])
		}
	}
	return cut, cutFrom
}

// rescanCell appends the findings of the cell v[a:b] scanned as a value,
// before finish drops low scores: csvRow raises a date's or a phone's.
func (sc *scan) rescanCell(a, b int) {
	var sub scan
	sub.start(sc.s, noHint, sc.v[a:b], sc.dst, sc.viewed)
	sub.noDOB = sc.noDOB
	if !sub.run() {
		return // a cell to be read as a view: left unread
	}
	for k := len(sc.dst); k < len(sub.dst); k++ {
		sub.dst[k].Start += a
		sub.dst[k].End += a
	}
	sc.dst = sub.dst
}

// numberCell reports a cell of digits and the marks between a date's or a
// number's groups only.
func numberCell(v string, c [2]int) bool {
	for k := c[0]; k < c[1]; k++ {
		if ch := v[k]; !isDigit(ch) && ch != '.' && ch != '/' && ch != '-' && ch != ' ' {
			return false
		}
	}
	return true
}

// salutCell reports a cell that is a salutation ("Herr", "Mrs", "Dhr.").
func salutCell(v string, c [2]int) bool {
	e := c[1]
	if e > c[0] && v[e-1] == '.' {
		e--
	}
	info, ok := lookupWord(v, c[0], e)
	return ok && info.flags&wSalut != 0 && info.flags&(wGiven|wSurname) == 0
}

// townBeside returns the town's cell beside the postcode's cell k, and
// whether a list knows the town: after it, or before it as British rows
// have it ("Bath|BA1 1AA"); -1 where k is no postcode or no town is
// beside it. A cell of taken is read already. A town no list knows counts
// beside five digits, a Dutch or a Polish postcode, or one found; four
// digits are a year or a count as often, so only a listed town makes
// them a postcode.
func townBeside(v string, spans *[maxCSVCols][2]int, n, k int, taken, posts uint32) (int, bool) {
	shape := postcodeShape(v, spans[k])
	if shape == 0 && posts&(1<<k) == 0 {
		return -1, false
	}
	after := k+1 < n && taken&(1<<(k+1)) == 0
	before := k > 0 && taken&(1<<(k-1)) == 0
	switch {
	case after && townCell(v, spans[k+1]):
		return k + 1, true
	case before && townCell(v, spans[k-1]):
		return k - 1, true
	case shape == 4 && posts&(1<<k) == 0:
	case after && townShape(v, spans[k+1]):
		return k + 1, false
	case before && townShape(v, spans[k-1]):
		return k - 1, false
	}
	return -1, false
}

// rowTowns reads, in a person's row, a town's cell beside a postcode's
// (townBeside) as a city and the postcode's as a postcode, and a listed
// town's cell elsewhere as a city ("Schmidt, Anna, 1985-04-12, Hamburg").
// A cell of taken is read already.
func (sc *scan) rowTowns(spans *[maxCSVCols][2]int, n int, taken, posts uint32) {
	v := sc.v
	for k := 0; k < n; k++ {
		t, _ := townBeside(v, spans, n, k, taken, posts)
		if t < 0 {
			continue
		}
		if taken&(1<<k) == 0 {
			sc.add(dPostal, PostalCode, spans[k][0], spans[k][1], 0.7)
		}
		sc.add(dCity, City, spans[t][0], spans[t][1], 0.7)
		taken |= 1<<k | 1<<t
		// the cell before the postcode and its town, where no street was
		// found: a street whose type no list knows ("Singel 40",
		// "Zuiderpark 3", "Passeig de Gràcia 21")
		if s := min(k, t) - 1; s >= 0 && taken&(1<<s) == 0 && streetShape(v, spans[s]) {
			sc.add(dStreet, Street, spans[s][0], spans[s][1], 0.7)
			taken |= 1 << s
		}
	}
	for k := 0; k < n; k++ {
		if taken&(1<<k) == 0 && townCell(v, spans[k]) {
			sc.add(dCity, City, spans[k][0], spans[k][1], 0.7)
		}
	}
}

// streetShape reports a cell shaped as a street and its house number:
// capitalised words then a number ("Singel 40", "Am Hang 2a", "Passeig
// de Gràcia 21"), or a number then words ("3 Vicarage Close"), the
// number as houseNumber reads it.
func streetShape(v string, c [2]int) bool {
	s := v[c[0]:c[1]]
	if len(s) < 4 || len(s) > 60 {
		return false
	}
	first, last := strings.IndexByte(s, ' '), strings.LastIndexByte(s, ' ')
	if first < 0 {
		return false
	}
	var words string
	switch {
	case houseNumber(s[last+1:]) && isUpperAt(s, 0):
		words = s[:last]
	case houseNumber(s[:first]) && isUpperAt(s, first+1):
		words = s[first+1:]
	default:
		return false
	}
	n := 1
	for k := 0; k < len(words); k++ {
		switch ch := words[k]; {
		case ch == ' ':
			n++
		case isASCIILetter(ch) || ch >= 0x80 || ch == '.' || ch == '-' || ch == '\'':
		default:
			return false
		}
	}
	return n <= 5
}

// cellOf returns the cell that holds v[s:e], or -1.
func cellOf(spans *[maxCSVCols][2]int, n, s, e int) int {
	for k := 0; k < n; k++ {
		if s >= spans[k][0] && e <= spans[k][1] {
			return k
		}
		if s < spans[k][1] {
			return -1
		}
	}
	return -1
}

// overlapped returns the cells v[s:e] overlaps, a bit per cell.
func overlapped(spans *[maxCSVCols][2]int, n, s, e int) uint32 {
	var b uint32
	for k := 0; k < n; k++ {
		if s < spans[k][1] && e > spans[k][0] {
			b |= 1 << k
		}
	}
	return b
}

// wholeCell reports whether v[s:e] may be a row's whole cell: a
// separator of cells or the line's edge on both sides, past blanks and a
// quote (or a label that starts the line: rowLabelBefore), and a
// separator on one side at least (a line of one cell, a short field's
// whole value, is no row). A note's e-mail stands among
// words ("neue Mail anna@x.de, bitte", "Kontakt: anna@x.de"): its line is
// not split at all, which kept this pass from costing a tenth of the scan
// of the demo's notes.
func wholeCell(v string, s, e int) bool {
	p := s
	for p > 0 && (v[p-1] == ' ' || v[p-1] == '"') {
		p--
	}
	q := e
	for q < len(v) && (v[q] == ' ' || v[q] == '"' || v[q] == '\r') {
		q++
	}
	sep := func(c byte) bool { return c == ';' || c == ',' || c == '\t' || c == '|' }
	before, after := p > 0 && sep(v[p-1]), q < len(v) && sep(v[q])
	return (before || p == 0 || v[p-1] == '\n' || after && rowLabelBefore(v, p)) && (after || q == len(v) || v[q] == '\n') && (before || after)
}

// rowLabelBefore reports a label that starts the line before a row's
// first cell ("Import 2019: Müller;Hans", "Ancien CRM: Lemaire,Pierre,
// ..."): v[p-1] is its colon, and before it are up to 32 bytes without a
// separator.
func rowLabelBefore(v string, p int) bool {
	if p < 2 || v[p-1] != ':' {
		return false
	}
	for j := p - 2; j >= 0 && j >= p-34; j-- {
		switch v[j] {
		case '\n':
			return true
		case ';', ',', '\t', '|', ':':
			return false
		}
		if j == 0 {
			return true
		}
	}
	return false
}

// birthYear reports a date's cell whose year may be a birth year: a
// four-digit year up to 2012 (lateYear), or two digits that the date
// detector reads as one (from 1930 to 2012: "12.03.61", not "12.03.24").
func birthYear(v string, c [2]int) bool {
	s := v[c[0]:c[1]]
	if lateYear(s) {
		return false
	}
	run, long := 0, false
	for k := 0; k < len(s); k++ {
		if isDigit(s[k]) {
			run++
			long = long || run >= 4
		} else {
			run = 0
		}
	}
	if long || run != 2 {
		return true
	}
	y := int(s[len(s)-2]-'0')*10 + int(s[len(s)-1]-'0')
	return y <= 12 || y >= 30
}

// nameCell reports a cell of one or two capitalised words that the name
// lists know ("Müller", "Hans", "Hans Müller"), or of a listed given name
// and a word no list knows ("Pieter Oudejans"), none of them a word that
// never starts a name, a town's, a thing's, a street's or a function's.
func nameCell(v string, c [2]int) bool {
	if !capitalCell(v, c) {
		return false
	}
	sp := -1
	for k := c[0]; k < c[1]; k++ {
		if v[k] == ' ' {
			if sp >= 0 {
				return false
			}
			sp = k
		}
	}
	if sp < 0 {
		return nameWordKind(v, c[0], c[1]) > 0
	}
	if !isUpperAt(v, sp+1) {
		return false
	}
	a, b := nameWordKind(v, c[0], sp), nameWordKind(v, sp+1, c[1])
	return a > 0 && b > 0 || a > 0 && a&wGiven != 0 && b == 0 || a == 0 && b > 0 && b&wGiven != 0
}

// nameWordKind returns what the lists know of the word v[a:b] as a name:
// its given and family name flags, 0 for a word they do not know, -1 for
// a word that is none (a town's, a thing's, a context word, a function's).
func nameWordKind(v string, a, b int) int {
	info, ok := lookupNameWord(v, a, b)
	switch {
	case !ok:
		if roleWord(v, [2]int{a, b}) {
			return -1
		}
		return 0
	case info.flags&(wStop|wMonth|wStreetPre|wStreetSuf|wCity|wSalut|wThing|wParticle|wNameNoun|wStreetWeak) != 0 ||
		info.ctx != 0 || info.spec != 0:
		return -1
	}
	return int(info.flags & (wGiven | wSurname))
}

// amountCell reports a cell that is an amount of money: digits whose last
// separator has two digits after it ("1299,00", "19.90", "1.234,56"), or
// digits beside a currency ("€ 5", "12 EUR"). A person's record holds
// none; an order's, a product's and a price list's rows do.
func amountCell(v string, c [2]int) bool {
	s := v[c[0]:c[1]]
	cur := false
	for _, m := range currencyMarks {
		if strings.HasPrefix(s, m) {
			s, cur = strings.TrimLeft(s[len(m):], " "), true
			break
		}
		if strings.HasSuffix(s, m) {
			s, cur = strings.TrimRight(s[:len(s)-len(m)], " "), true
			break
		}
	}
	if s == "" || !isDigit(s[0]) {
		return false
	}
	last := -1
	for k := 0; k < len(s); k++ {
		switch ch := s[k]; {
		case isDigit(ch):
		case ch == ',' || ch == '.' || ch == '\'':
			last = k
		default:
			return false
		}
	}
	return cur || last >= 0 && len(s)-last == 3
}

// currencyMarks are the currencies' signs and codes amountCell takes.
var currencyMarks = [...]string{"€", "$", "£", "EUR", "USD", "GBP", "CHF", "PLN", "zł"}

// phoneCell reports a cell of a phone number's marks only: 6 to 15
// digits, blanks, '+', '-', '/', '.' and brackets.
func phoneCell(v string, c [2]int) bool {
	d := 0
	for k := c[0]; k < c[1]; k++ {
		switch ch := v[k]; {
		case isDigit(ch):
			d++
		case ch == ' ' || ch == '+' || ch == '-' || ch == '/' || ch == '.' || ch == '(' || ch == ')':
		default:
			return false
		}
	}
	return d >= 6 && d <= 15
}

// postcodeShape returns the postcode a cell's shape may be: 5 for five
// digits (de, fr, it, es), 6 for a Dutch one ("1234 AB"), 7 for a Polish
// one ("80-827"), 4 for four digits (at, ch, be, dk; a year or a count as
// often), 0 for none.
func postcodeShape(v string, c [2]int) int {
	s := v[c[0]:c[1]]
	digits := func(s string) bool {
		for k := 0; k < len(s); k++ {
			if !isDigit(s[k]) {
				return false
			}
		}
		return true
	}
	switch {
	case len(s) == 5 && digits(s):
		return 5
	case len(s) == 4 && digits(s):
		return 4
	case len(s) == 6 && digits(s[:2]) && s[2] == '-' && digits(s[3:]):
		return 7
	case (len(s) == 7 && s[4] == ' ' || len(s) == 6) && digits(s[:4]) && isUpper(s[len(s)-2]) && isUpper(s[len(s)-1]):
		return 6
	}
	return 0
}

// townShape reports a cell that reads as a town's name beside its
// postcode: one to four words of letters, the first capitalised
// ("Göttingen", "Frankfurt am Main", "Aix-en-Provence", "St. Gallen"), its
// first word no given name, context word or word that never starts a name
// ("Hans", "Tel", "Bitte"), and not a function's ("Vertrieb").
func townShape(v string, c [2]int) bool {
	if c[1]-c[0] < 2 || c[1]-c[0] > 40 || !isUpperAt(v, c[0]) {
		return false
	}
	words, e := 1, c[1]
	for k := c[0]; k < c[1]; k++ {
		switch ch := v[k]; {
		case ch == ' ':
			if words == 1 {
				e = k
			}
			words++
		case isASCIILetter(ch) || ch >= 0x80 || ch == '-' || ch == '\'' || ch == '.':
		default:
			return false
		}
	}
	if words > 4 {
		return false
	}
	if info, ok := lookupWord(v, c[0], e); ok && info.flags&wCity == 0 && !(words > 1 && info.flags&wParticle != 0) &&
		(info.flags&(wGiven|wStop|wMonth|wStreetPre|wStreetSuf|wSalut|wThing) != 0 || info.ctx != 0 || info.spec != 0) {
		return false // an article starts a town's name: "La Rochelle", "Den Haag"
	}
	return !roleWord(v, c)
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
	e := c[1]
	if h := strings.IndexByte(v[c[0]:e], '-'); h > 0 {
		e = c[0] + h // "Klaus-Peter", "Jean-Luc": the first name's
	}
	info, ok := lookupNameWord(v, c[0], e) // "María" as "Maria"
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
	c[0] = pastParticles(v, c)
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

// pastParticles returns where the capitalised part of a family name's cell
// starts after up to two lower-case particles ("de Graaf", "van der
// Berg", "von Bülow"), or c[0].
func pastParticles(v string, c [2]int) int {
	p := c[0]
	for range 2 {
		if p >= c[1] || !isLower(v[p]) {
			break
		}
		e := p
		for e < c[1] && isASCIILetter(v[e]) {
			e++
		}
		if info, ok := lookupWord(v, p, e); !ok || info.flags&wParticle == 0 || at(v, e) != ' ' || e+1 >= c[1] {
			return c[0]
		}
		p = e + 1
	}
	return p
}

// roleWord reports a cell that is a function's word, as a role address's
// local part is ("Support", "Service", "Vertrieb").
func roleWord(v string, c [2]int) bool {
	var buf [maxWord]byte
	n := foldWord(v, c[0], c[1], &buf)
	return n > 0 && (slices.Contains(roleLocals, string(buf[:n])) || slices.Contains(functionWords, string(buf[:n])))
}

// townCell reports a cell that is a town a list knows.
func townCell(v string, c [2]int) bool {
	if !capitalCell(v, c) {
		return false
	}
	info, ok := lookupWord(v, c[0], c[1])
	return ok && info.flags&wCity != 0
}
