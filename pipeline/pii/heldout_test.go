package pii_test

// Held-out recall checks. The detector was tuned on the evaluation corpus
// (evaluation/testdata/corpus.jsonl); these tests measure it on data from two
// generators it was not tuned on: the demo CRM (connectors/democrm, a seed the
// end-to-end test does not use) and the Postgres seed script
// (deploy/postgres/crm.sql, made by gen_crm.py). The test lives in package
// pii_test because democrm imports pii.
//
// Failure messages name tables, columns, categories and shapes (digits
// replaced by 9, letters by a), never a planted value.

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/lethe-cdc/lethe/connectors/democrm"
	"github.com/lethe-cdc/lethe/pipeline/pii"
)

// heldOutSeed differs from the seed of the end-to-end test (11).
const heldOutSeed = 2027

// shape replaces digits by '9' and letters by 'a', keeping punctuation, so a
// miss can be described without quoting the value.
func shape(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			b[i] = '9'
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			b[i] = 'a'
		case c >= 0x80:
			b[i] = 'a'
		}
	}
	return string(b)
}

// covered reports whether a finding of category cat covers value[s:e].
func covered(fs []pii.Finding, cat pii.Category, s, e int) bool {
	for _, f := range fs {
		if f.Category == cat && f.Start <= s && f.End >= e {
			return true
		}
	}
	return false
}

// coveredAny reports whether any finding covers v[s:e]: a name inside an
// e-mail address goes with the address.
func coveredAny(fs []pii.Finding, s, e int) bool {
	for _, f := range fs {
		if f.Start <= s && f.End >= e {
			return true
		}
	}
	return false
}

// wordSpans returns the spans of the words of v: runs of letters, '-' and
// '\” between other characters.
func wordSpans(v string) [][2]int {
	var out [][2]int
	s := -1
	for i, r := range v + " " {
		word := unicode.IsLetter(r) || r == '-' || r == '\''
		switch {
		case word && s < 0:
			s = i
		case !word && s >= 0:
			out = append(out, [2]int{s, i})
			s = -1
		}
	}
	return out
}

// salutations are the titles the demo CRM writes before a name; they are
// not the name, and the held-out check does not ask detection to cover them.
var salutations = map[string]bool{"Herr": true, "Herrn": true, "Frau": true, "Monsieur": true, "Mr": true,
	"Mme": true, "Madame": true, "Mlle": true, "meneer": true, "mevrouw": true, "heer": true, "Pan": true,
	"Pani": true, "Sir": true, "Mrs": true, "Ms": true, "Miss": true, "Dr": true}

// nameCovered reports whether every word of the planted name at v[s:e],
// salutations, initials and lower-case particles aside, lies in a finding of
// the name family.
func nameCovered(fs []pii.Finding, v string, s, e int) bool {
	for off := s; off < e; {
		w := strings.IndexByte(v[off:e], ' ')
		if w < 0 {
			w = e - off
		}
		tok := v[off : off+w]
		if tok != "" && !salutations[tok] && !strings.HasSuffix(tok, ".") && !strings.HasPrefix(tok, "'") && strings.ToLower(tok[:1]) != tok[:1] {
			ok := false
			for _, f := range fs {
				if strings.HasPrefix(string(f.Category), string(pii.Name)) && f.Start <= off && f.End >= off+w {
					ok = true
				}
			}
			if !ok {
				return false
			}
		}
		off += w + 1
	}
	return true
}

// tally counts planted values and misses per key.
type tally struct {
	n, miss map[string]int
}

func newTally() tally { return tally{n: map[string]int{}, miss: map[string]int{}} }

func (t tally) add(key string, ok bool) {
	t.n[key]++
	if !ok {
		t.miss[key]++
	}
}

func (t tally) recall(key string) float64 {
	if t.n[key] == 0 {
		return 1
	}
	return 1 - float64(t.miss[key])/float64(t.n[key])
}

// top returns the keys with misses, most misses first.
func (t tally) top(k int) []string {
	var keys []string
	for key := range t.miss {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool {
		if t.miss[keys[i]] != t.miss[keys[j]] {
			return t.miss[keys[i]] > t.miss[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > k {
		keys = keys[:k]
	}
	out := make([]string, len(keys))
	for i, key := range keys {
		out[i] = fmt.Sprintf("%s: %d/%d missed", key, t.miss[key], t.n[key])
	}
	return out
}

// TestHeldOutDemoCRM checks that every e-mail address, phone number, IBAN and
// card number the demo CRM plants, in structured columns and inside ticket
// notes, is covered by a finding of its category at the default min score,
// and that the names in ticket notes are. Names in notes were measured on
// another seed of this generator (16% missed, then 0.1%) while the name
// rules and lists were improved, so for names this is a check of that work
// on fresh data of a known generator, not a held-out estimate.
func TestHeldOutDemoCRM(t *testing.T) {
	events := 20000
	if testing.Short() {
		events = 4000
	}
	sc := pii.NewScanner()
	g := democrm.New(heldOutSeed)
	byCat := newTally()   // category, "notes" or "column"
	byShape := newTally() // category and shape
	var buf []pii.Finding
	for range events {
		ev := g.Next()
		row := ev.Change.Image()
		for _, p := range ev.Truth {
			switch {
			case p.Category == pii.Email, p.Category == pii.Phone, p.Category == pii.BankAccount, p.Category == pii.CreditCard,
				p.Category == pii.IPAddress:
			case p.Category == pii.Name && p.Column == "notes" && !p.Canary:
			default:
				continue
			}
			v, _ := row[p.Column].(string)
			at := strings.Index(v, p.Value)
			if at < 0 && ev.Change.Before != nil {
				v, _ = ev.Change.Before[p.Column].(string)
				at = strings.Index(v, p.Value)
			}
			if at < 0 {
				t.Fatalf("%s.%s: planted %s (len %d) not in the event", p.Table, p.Column, p.Category, len(p.Value))
			}
			buf = sc.ScanField(p.Column, v, buf[:0])
			ok := true
			for i := at; i >= 0; {
				if p.Category == pii.Name {
					ok = ok && nameCovered(buf, v, i, i+len(p.Value))
				} else {
					ok = ok && covered(buf, p.Category, i, i+len(p.Value))
				}
				next := strings.Index(v[i+len(p.Value):], p.Value)
				if next < 0 {
					break
				}
				i += len(p.Value) + next
			}
			where := "column"
			if p.Column == "notes" {
				where = "notes"
			}
			byCat.add(string(p.Category)+" in "+where, ok)
			byShape.add(string(p.Category)+" "+where+" "+shape(p.Value), ok)
		}
	}
	want := map[pii.Category]float64{pii.Email: 1, pii.BankAccount: 1, pii.CreditCard: 1, pii.Phone: 0.99, pii.Name: 0.99, pii.IPAddress: 1}
	keys := make([]string, 0, len(byCat.n))
	for k := range byCat.n {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-50s %6d planted, recall %.4f", k, byCat.n[k], byCat.recall(k))
	}
	for _, m := range byShape.top(25) {
		t.Logf("missed shape %s", m)
	}
	for _, k := range keys {
		cat := pii.Category(k[:strings.IndexByte(k, ' ')])
		if r := byCat.recall(k); r < want[cat] {
			t.Errorf("%s: recall %.4f < %.2f on the held-out demo CRM", k, r, want[cat])
		}
	}
	if byCat.n["user.contact.phone_number in notes"] < 500 {
		t.Fatalf("held-out set too thin: %d phone numbers in notes", byCat.n["user.contact.phone_number in notes"])
	}
}

// crmSQL returns the path of deploy/postgres/crm.sql.
func crmSQL(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "deploy", "postgres", "crm.sql")
}

// sqlTuples returns the value tuples of the INSERT INTO table statement in
// the SQL dump, each as its list of fields (strings unquoted, NULL as "").
func sqlTuples(t *testing.T, sql, table string) [][]string {
	head := "INSERT INTO " + table + " ("
	i := strings.Index(sql, head)
	if i < 0 {
		t.Fatalf("crm.sql has no INSERT INTO %s", table)
	}
	s := sql[i:]
	s = s[strings.Index(s, "VALUES")+len("VALUES"):]
	var rows [][]string
	var row []string
	var field strings.Builder
	depth, inStr := 0, false
	for k := 0; k < len(s); k++ {
		c := s[k]
		switch {
		case inStr:
			if c == '\'' {
				if k+1 < len(s) && s[k+1] == '\'' {
					field.WriteByte('\'')
					k++
				} else {
					inStr = false
				}
			} else {
				field.WriteByte(c)
			}
		case c == '\'':
			inStr = true
		case c == '(':
			depth++
			row = row[:0:0]
			field.Reset()
		case c == ',' && depth == 1:
			row = append(row, strings.TrimSpace(field.String()))
			field.Reset()
		case c == ')':
			depth--
			row = append(row, strings.TrimSpace(field.String()))
			field.Reset()
			rows = append(rows, row)
		case c == ';' && depth == 0:
			return rows
		case depth == 1:
			field.WriteByte(c)
		}
	}
	return rows
}

// noteAnchors are the texts gen_crm.py's ticket templates put right before
// and after a phone number: the held-out truth for phones in crm.sql notes.
var noteAnchors = [][2]string{
	{"Rückruf bitte unter ", ". Bestellung "},
	{" a appelé au ", " : la commande "},
	{" belde vanaf ", " over bestelling "},
	{" dzwoniła z numeru ", " w sprawie "},
	{" on ", "; order "},
}

// TestHeldOutCRMSQL checks the Postgres seed data (deploy/postgres/crm.sql,
// also the source of the real Debezium records in deploy/stack/testdata):
// every e-mail, phone, IBAN and unmasked card in its column, every
// contacts.telefon_nr value inside sentences without a phone context word,
// and every phone number inside a ticket note.
func TestHeldOutCRMSQL(t *testing.T) {
	raw, err := os.ReadFile(crmSQL(t))
	if err != nil {
		t.Fatalf("crm.sql, committed with the repository, cannot be read: %v", err)
	}
	sql := string(raw)
	sc := pii.NewScanner()
	var buf []pii.Finding
	res := newTally()
	shapes := newTally()
	for _, row := range sqlTuples(t, sql, "contacts") {
		if len(row) != 6 {
			t.Fatalf("contacts row with %d fields", len(row))
		}
		v := row[4]
		if v == "" || v == "NULL" {
			continue
		}
		buf = sc.ScanField("telefon_nr", v, buf[:0])
		ok := covered(buf, pii.Phone, 0, len(v))
		res.add("contacts.telefon_nr", ok)
		shapes.add("column "+shape(v), ok)
		// The same numbers in prose, with only a neutral verb before them.
		for _, tpl := range []string{"Kunde erreicht unter %s, alles geklärt.", "Le client (%s) attend la livraison.", "Spoke to them on %s yesterday."} {
			text := fmt.Sprintf(tpl, v)
			at := strings.Index(text, v)
			buf = sc.ScanField("notes", text, buf[:0])
			ok := covered(buf, pii.Phone, at, at+len(v))
			res.add("telefon_nr in prose", ok)
			shapes.add("prose "+shape(v), ok)
		}
	}
	// Structured columns, each value alone in its column.
	for _, col := range []struct {
		table, column string
		fields, idx   int
		cat           pii.Category
	}{
		{"customers", "email", 12, 4, pii.Email},
		{"customers", "phone", 12, 5, pii.Phone},
		{"customers", "iban", 12, 9, pii.BankAccount},
		{"contacts", "email", 6, 5, pii.Email},
		{"orders", "card_number", 8, 5, pii.CreditCard},
	} {
		for _, row := range sqlTuples(t, sql, col.table) {
			if len(row) != col.fields {
				t.Fatalf("%s row with %d fields", col.table, len(row))
			}
			v := strings.TrimSpace(row[col.idx])
			if v == "" || v == "NULL" || v == "n/a" || strings.ContainsAny(v, "*X") {
				continue
			}
			buf = sc.ScanField(col.column, v, buf[:0])
			ok := covered(buf, col.cat, 0, len(v))
			key := col.table + "." + col.column
			res.add(key, ok)
			shapes.add(key+" "+shape(v), ok)
		}
	}
	// The customers' given names wherever a ticket note writes them
	// ("Thomas was quite upset.", "Spoke to Anna").
	given := map[string]bool{}
	for _, row := range sqlTuples(t, sql, "customers") {
		if v := strings.TrimSpace(row[2]); v != "" && v != "NULL" {
			given[v] = true
		}
	}
	for _, row := range sqlTuples(t, sql, "tickets") {
		if len(row) != 6 {
			t.Fatalf("tickets row with %d fields", len(row))
		}
		notes := row[3]
		buf = sc.ScanField("notes", notes, buf[:0])
		for _, w := range wordSpans(notes) {
			if given[notes[w[0]:w[1]]] {
				res.add("given names in notes", coveredAny(buf, w[0], w[1]))
			}
		}
		var spans [][2]int
		for _, a := range noteAnchors {
			from := 0
			for {
				i := strings.Index(notes[from:], a[0])
				if i < 0 {
					break
				}
				s := from + i + len(a[0])
				e := strings.Index(notes[s:], a[1])
				if e < 0 || e > 40 {
					from = s
					continue
				}
				e += s
				ok := covered(buf, pii.Phone, s, e)
				spans = append(spans, [2]int{s, e})
				res.add("tickets.notes", ok)
				shapes.add("notes "+shape(notes[s:e]), ok)
				from = e
			}
		}
		// Card endings, ticket references, amounts, dates, postal codes and
		// house numbers in the same notes are not phone numbers.
		for _, f := range buf {
			if f.Category != pii.Phone {
				continue
			}
			ok := false
			for _, sp := range spans {
				ok = ok || (f.Start < sp[1] && f.End > sp[0])
			}
			if !ok {
				t.Errorf("tickets.notes: phone finding of shape %q outside the planted phone numbers", shape(notes[f.Start:f.End]))
			}
		}
	}
	keys := make([]string, 0, len(res.n))
	for k := range res.n {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-22s %4d values, %4d found (recall %.4f)", k, res.n[k], res.n[k]-res.miss[k], res.recall(k))
	}
	for _, m := range shapes.top(20) {
		t.Logf("missed shape %s", m)
	}
	if res.n["contacts.telefon_nr"] < 100 || res.n["tickets.notes"] < 20 || res.n["given names in notes"] < 20 {
		t.Fatalf("crm.sql too thin: %d contact phones, %d phones in notes", res.n["contacts.telefon_nr"], res.n["tickets.notes"])
	}
	for _, k := range keys {
		want := 1.0
		switch k {
		case "telefon_nr in prose":
			want = 0.98 // no phone word before them
		case "given names in notes":
			want = 0.98 // 83 of 84: a name no list knows, starting a sentence
		}
		if r := res.recall(k); r < want {
			t.Errorf("%s: recall %.4f < %.2f on crm.sql", k, r, want)
		}
	}
}

// heldOutNegatives are note-like sentences whose numbers are not phone
// numbers: order numbers, amounts in the demo CRM's five money formats,
// dates, times, postal codes, IBANs and ticket references.
var heldOutNegatives = []string{
	"Rappeler concernant la commande ORD-2018-70203, montant 674,61 EUR.",
	"Remboursement de 2 054,58 EUR pour la commande ORD-2019-004711.",
	"Betrag 1.234,56 EUR, Bestellung ORD-2014-004711 vom 14.03.2024 um 10:45 Uhr.",
	"Refund of 1,234.56 GBP for order ORD-2021-026742 on 03/14/2024.",
	"Zwrot 674,61 PLN za zamówienie ORD-2020-012345 z dnia 2024-03-14.",
	"Terugbetaling van 12,99 EUR op 14-03-2024, bestelling ORD-2017-068164.",
	"Lieferung an 10115 Berlin, Paket 2 von 3, Ticket TCK-45366.",
	"Adres: ul. Słoneczna 7a, 50-951 Wrocław.",
	"Livraison au 12 rue de la Paix, 75002 Paris, entre 08:30 et 12:00.",
	"Overgemaakt naar NL91 ABNA 0417 1643 00 op 14-03-2024.",
	"Bestelling 2024 03 14 verzonden, 3 dozen van 12 stuks.",
	"Kwota 2 054,58 PLN, faktura FV/2024/03/0147.",
	"Version 2.14.3 released on 2024-03-14 at 10:45:12 UTC, build 20240314.",
	"Order ORD-2014-004711 total 1 234 567 units shipped in 2023.",
	"Die Sitzung dauerte von 14:00 bis 15:30, Raum 2.043.",
	// phone words with numbers that follow a later, stronger context
	"Seriennummer 500-123-456 defekt.",
	"Rückruf wegen Paket 3 von 12, Lieferung 14 03 2024.",
	"Klant belde over pakket (1234 5678) van 12 stuks.",
	"Pani dzwoniła, kwota 2 054,58 PLN, konto 12 3456 7890.",
	"Kunde rief an wegen Rechnung 2024 03 15.",
	"Klient dzwonił w sprawie zamówienia 12 345 67 89.",
	"Il a appelé pour la commande 2024 0315 0042.",
	"Kunde rief an (Kundennummer 123456789) und fragte.",
	"Le client a appelé: montant 1 234 567,89 EUR",
}

// TestHeldOutNegatives checks that order numbers, amounts, dates, times,
// postal codes and IBANs in notes are not reported as phone numbers.
func TestHeldOutNegatives(t *testing.T) {
	sc := pii.NewScanner()
	for i, s := range heldOutNegatives {
		for _, f := range sc.ScanField("notes", s, nil) {
			if f.Category == pii.Phone {
				t.Errorf("negative %d: phone finding [%d,%d) score %.2f on shape %q", i, f.Start, f.End, f.Score, shape(s[f.Start:f.End]))
			}
		}
	}
}

// TestHeldOutNotesNoFalsePhones checks that the demo CRM's notes yield no
// phone finding outside the phone numbers it planted: order numbers and
// amounts are its distractors.
func TestHeldOutNotesNoFalsePhones(t *testing.T) {
	sc := pii.NewScanner()
	g := democrm.New(heldOutSeed + 1)
	var buf []pii.Finding
	fp := newTally()
	notes := 0
	for range 20000 {
		ev := g.Next()
		row := ev.Change.Image()
		v, _ := row["notes"].(string)
		if v == "" {
			continue
		}
		notes++
		buf = sc.ScanField("notes", v, buf[:0])
		for _, f := range buf {
			if f.Category != pii.Phone {
				continue
			}
			ok := false
			for _, p := range ev.Truth {
				if p.Column == "notes" && p.Category == pii.Phone {
					for i := 0; i+len(p.Value) <= len(v); {
						k := strings.Index(v[i:], p.Value)
						if k < 0 {
							break
						}
						k += i
						if f.Start < k+len(p.Value) && f.End > k {
							ok = true
						}
						i = k + len(p.Value)
					}
				}
			}
			fp.add("notes", ok)
			if !ok {
				fp.add(shape(v[f.Start:f.End]), false)
			}
		}
	}
	if notes < 500 {
		t.Fatalf("only %d notes", notes)
	}
	if fp.miss["notes"] > 0 {
		t.Errorf("%d of %d phone findings in %d notes are not planted phone numbers: %v", fp.miss["notes"], fp.n["notes"], notes, fp.top(10))
	}
}

// TestNotePhones pins the shapes of the held-out misses: numbers in
// brackets, national numbers after a phone verb in five languages, and an
// order context in an earlier sentence.
func TestNotePhones(t *testing.T) {
	sc := pii.NewScanner()
	cases := []struct{ text, phone string }{
		{"Rappeler au 03.45.03.02.34 concernant la commande ORD-2018-70203, montant 674,61 EUR.", "03.45.03.02.34"},
		{"Klant Anna Çelik belde (058-3397162) over terugbetaling van ORD-2016-41839 (962,26 EUR).", "058-3397162"},
		{"Klient Adam Witkowski dzwonił (0048 760 938 591) w sprawie zwrotu za zamówienie.", "0048 760 938 591"},
		{"Klient Jan Nowak dzwonił (12 345 67 89) w sprawie zwrotu.", "12 345 67 89"},
		{"Klient Pan Nowak dzwonił ((61) 545-99-96) w sprawie zwrotu.", "(61) 545-99-96"},
		{"Prośba o oddzwonienie pod numer (12) 051-71-57 w sprawie zamówienia ORD-2012-55373.", "(12) 051-71-57"},
		{"Pani Anna Nowak dzwoniła z numeru 795-516-391 w sprawie zamówienia ORD-2019-069635.", "795-516-391"},
		{"Kunde Max Weber rief an (0711 8205168) und bittet um Rückerstattung.", "0711 8205168"},
		{"Klant belde (+31 50 529 5732) over terugbetaling.", "+31 50 529 5732"},
		{"Graag terugbellen op 0031 50 8926685 over bestelling ORD-2017-068164.", "0031 50 8926685"},
		{"Please ring back on 020 7946 0897 re order ORD-2017-53698, amount 2,294.76 GBP.", "020 7946 0897"},
		{"Refund declined for order ORD-2016-41839.\nCustomer James Turner called on (020) 7946 0897 asking for a refund.", "(020) 7946 0897"},
		{"Llamar al 612 345 678 por el pedido.", "612 345 678"},
		{"El cliente llamó desde el 91 123 45 67 ayer.", "91 123 45 67"},
		{"Il cliente ha chiamato dal 06 1234 5678.", "06 1234 5678"},
		{"Ligar para 912 345 678 sobre a encomenda.", "912 345 678"},
		{"GSM 0475 12 34 56 (Belgique)", "0475 12 34 56"},
		{"Kunde unter 0043 1 234 5678 erreichbar", "0043 1 234 5678"},
		{"Ticket TCK-88655 closed.\nSpoke to William Thompson on +44 (0)7400176177; order ORD-2025-066965 left.", "+44 (0)7400176177"},
	}
	for i, c := range cases {
		at := strings.Index(c.text, c.phone)
		fs := sc.ScanField("notes", c.text, nil)
		if !covered(fs, pii.Phone, at, at+len(c.phone)) {
			t.Errorf("case %d: phone of shape %q not found", i, shape(c.phone))
		}
		for _, f := range fs {
			if f.Category == pii.Phone && (f.Start != at || f.End != at+len(c.phone)) {
				t.Errorf("case %d: phone finding [%d,%d), want [%d,%d)", i, f.Start, f.End, at, at+len(c.phone))
			}
		}
	}
}

// TestDemoNotesNoAllocs scans the demo CRM's ticket notes as
// BenchmarkScanDemoNotes does: no check on any path they take may
// allocate (lower-casing a capitalised word for a rare check did, about
// once in 25 notes).
func TestDemoNotesNoAllocs(t *testing.T) {
	g := democrm.New(heldOutSeed)
	var notes []string
	for len(notes) < 2000 {
		ev := g.Next()
		if v, _ := ev.Change.Image()["notes"].(string); v != "" {
			notes = append(notes, v)
		}
	}
	sc := pii.NewScanner()
	buf := make([]pii.Finding, 0, 64)
	scanAll := func() {
		for _, v := range notes {
			buf = sc.ScanField("notes", v, buf[:0])
		}
	}
	scanAll() // the column hint's cache, the findings' capacity
	if n := testing.AllocsPerRun(3, scanAll); n != 0 {
		t.Errorf("%v allocations per %d notes", n, len(notes))
	}
}

// BenchmarkScanDemoNotes scans the demo CRM's ticket notes: short
// multilingual sentences with phone numbers, e-mails, IBANs, order numbers
// and amounts.
func BenchmarkScanDemoNotes(b *testing.B) {
	g := democrm.New(heldOutSeed)
	var notes []string
	size := 0
	for len(notes) < 2000 {
		ev := g.Next()
		if v, _ := ev.Change.Image()["notes"].(string); v != "" {
			notes = append(notes, v)
			size += len(v)
		}
	}
	sc := pii.NewScanner()
	buf := make([]pii.Finding, 0, 64)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, v := range notes {
			buf = sc.ScanField("notes", v, buf[:0])
		}
	}
}
