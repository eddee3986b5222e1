package postgres

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/lethe-cdc/lethe/connectors/postgres/pgtest"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/datamap"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/pii/evaluation"
)

// crmSchema is the shared demo CRM model plus one large table.
const crmSchema = `
CREATE TABLE customers (customer_id bigint PRIMARY KEY, salutation text, first_name text, last_name text,
  email text, phone text, geburtsdatum text, locale text, national_id text, iban text,
  created_at timestamptz, updated_at timestamptz);
CREATE TABLE contacts (contact_id bigint PRIMARY KEY, customer_id bigint, full_name text, role text, telefon_nr text, email text);
CREATE TABLE addresses (address_id bigint PRIMARY KEY, customer_id bigint, street text, house_no text, postal_code text, city text, country text);
CREATE TABLE orders (order_id bigint PRIMARY KEY, customer_id bigint, order_no text, total_cents bigint, currency text,
  card_number text, ordered_at timestamptz, ip_address text);
CREATE TABLE tickets (ticket_id bigint PRIMARY KEY, customer_id bigint, subject text, notes text, agent text, created_at timestamptz);
CREATE TABLE consents (consent_id bigint PRIMARY KEY, customer_id bigint, purpose text, granted boolean, source text,
  proof_ref text, recorded_at timestamptz, withdrawn_at timestamptz);
CREATE TABLE audit_events (event_id bigint, customer_id bigint, payload text, at timestamptz);
`

// pool holds corpus values by generator kind, so the test data is as varied
// as the evaluation corpus without a second generator.
type pool struct {
	r      *rand.Rand
	byKind map[string][]string
	notes  []string
}

func newPool() *pool {
	p := &pool{r: rand.New(rand.NewPCG(3, 4)), byKind: map[string][]string{}}
	for _, s := range evaluation.Generate(99, 6000) {
		switch {
		case len(s.Spans) == 1 && s.Spans[0].Start == 0 && s.Spans[0].End == len(s.Value):
			k := s.Spans[0].Kind
			if strings.HasPrefix(k, "phone_") {
				k = "phone"
			}
			if strings.HasPrefix(k, "iban_") {
				k = "iban"
			}
			if strings.HasPrefix(k, "card_") {
				k = "card"
			}
			p.byKind[k] = append(p.byKind[k], s.Value)
		case len(s.Spans) >= 2 && (s.Field == "notes" || s.Field == "comments"):
			p.notes = append(p.notes, s.Value)
		}
	}
	return p
}

func (p *pool) get(kind string) string {
	vs := p.byKind[kind]
	if len(vs) == 0 {
		panic("no corpus values of kind " + kind)
	}
	return vs[p.r.IntN(len(vs))]
}

// connect opens a connection to dsn, closed when the test ends.
func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// startDB starts a database for t (skipped with -short) and connects to it.
func startDB(t *testing.T) (string, *pgx.Conn) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	dsn := pgtest.Start(t)
	return dsn, connect(t, dsn)
}

// scanPublic scans the public schema of dsn with opt and returns the
// entries by schema.table.column.
func scanPublic(t *testing.T, dsn string, opt ScanOptions) map[string]datamap.Entry {
	t.Helper()
	return scanPublicWith(t, dsn, opt, pii.NewScanner())
}

// scanPublicWith is scanPublic with the detector d.
func scanPublicWith(t *testing.T, dsn string, opt ScanOptions, d pipeline.Detector) map[string]datamap.Entry {
	t.Helper()
	opt.Schemas = []string{"public"}
	entries, err := Scan(context.Background(), dsn, opt, d)
	if err != nil {
		t.Fatal(err)
	}
	return byColumn(entries)
}

// byColumn maps entries by "table.column".
func byColumn(entries []datamap.Entry) map[string]datamap.Entry {
	got := make(map[string]datamap.Entry, len(entries))
	for _, e := range entries {
		got[e.Table+"."+e.Column] = e
	}
	return got
}

// execAll runs each statement on conn, failing the test at the first error.
func execAll(t *testing.T, conn *pgx.Conn, statements ...string) {
	t.Helper()
	for _, q := range statements {
		if _, err := conn.Exec(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// roleDSN returns the DSN of dsn's database as role, with password, and
// drops the role (created by the test) and what it owns when the test ends.
func roleDSN(t *testing.T, dsn, role, password string) string {
	t.Helper()
	t.Cleanup(func() {
		ctx := context.Background()
		if conn, err := pgx.Connect(ctx, dsn); err == nil {
			defer conn.Close(ctx)
			conn.Exec(ctx, "DROP OWNED BY "+role)
			conn.Exec(ctx, "DROP ROLE "+role)
		}
	})
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("postgres://%s:%s@%s:%d/%s?sslmode=disable", role, password, cfg.Host, cfg.Port, cfg.Database)
}

// loadCRM fills the CRM tables with n customers and big rows in audit_events.
func loadCRM(t *testing.T, dsn string, n, big int) {
	t.Helper()
	ctx := context.Background()
	conn := connect(t, dsn)
	if _, err := conn.Exec(ctx, crmSchema); err != nil {
		t.Fatal(err)
	}
	p := newPool()
	ts := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	ids := []string{"de_steuer_id", "fr_nir", "nl_bsn", "pl_pesel", "gb_nino", "es_dni", "it_cf"}
	copyRows := func(table string, cols []string, rows [][]any) {
		t.Helper()
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
			t.Fatalf("load %s: %v", table, err)
		}
	}
	var customers, contacts, addresses, orders, tickets, consents [][]any
	for i := int64(1); i <= int64(n); i++ {
		dob := any(p.get("dob"))
		if i%7 == 0 {
			dob = ""
		}
		customers = append(customers, []any{i, []string{"Herr", "Frau", "Mme", "M.", "Mr", "Pani"}[i%6], p.get("given_name"), p.get("family_name"),
			p.get("email"), p.get("phone"), dob, []string{"de-DE", "fr-FR", "nl-NL", "pl-PL", "en-GB"}[i%5],
			p.get(ids[i%int64(len(ids))]), p.get("iban"), ts.Add(time.Duration(i) * time.Hour), ts.Add(time.Duration(i) * 2 * time.Hour)})
		contacts = append(contacts, []any{i, i, p.get("full_name"), []string{"Einkauf", "CFO", "Buchhaltung", "Sales"}[i%4], p.get("phone"), p.get("email")})
		addresses = append(addresses, []any{i, i, p.get("street"), fmt.Sprint(1 + i%90), p.get("postal_code"), p.get("city"), []string{"DE", "FR", "NL", "PL", "GB"}[i%5]})
		card := p.get("card")
		if i%4 == 0 {
			card = "**** **** **** " + fmt.Sprintf("%04d", i%10000)
		}
		orders = append(orders, []any{i, i, fmt.Sprintf("ORD-%d-%06d", 2010+i%14, i*37%1000000), i * 1299 % 500000, []string{"EUR", "PLN", "GBP"}[i%3],
			card, ts.Add(time.Duration(i) * time.Minute), p.get("ipv4")})
		note := "Kunde fragt nach dem Lieferstatus."
		if i%3 != 0 {
			note = p.notes[p.r.IntN(len(p.notes))]
		}
		tickets = append(tickets, []any{i, i, []string{"Rückfrage zur Lieferung", "Question sur ma commande", "Problem with login"}[i%3], note, p.get("full_name"), ts})
		var withdrawn any
		if i%5 == 0 {
			withdrawn = ts.Add(48 * time.Hour)
		}
		consents = append(consents, []any{i, i, []string{"marketing_email", "marketing_phone", "newsletter", "profiling"}[i%4], i%2 == 0,
			[]string{"web_form", "paper", "phone", "import_2009"}[i%4], fmt.Sprintf("FORM-%d-%04d", 2009+i%15, i), ts, withdrawn})
	}
	copyRows("customers", []string{"customer_id", "salutation", "first_name", "last_name", "email", "phone", "geburtsdatum", "locale", "national_id", "iban", "created_at", "updated_at"}, customers)
	copyRows("contacts", []string{"contact_id", "customer_id", "full_name", "role", "telefon_nr", "email"}, contacts)
	copyRows("addresses", []string{"address_id", "customer_id", "street", "house_no", "postal_code", "city", "country"}, addresses)
	copyRows("orders", []string{"order_id", "customer_id", "order_no", "total_cents", "currency", "card_number", "ordered_at", "ip_address"}, orders)
	copyRows("tickets", []string{"ticket_id", "customer_id", "subject", "notes", "agent", "created_at"}, tickets)
	copyRows("consents", []string{"consent_id", "customer_id", "purpose", "granted", "source", "proof_ref", "recorded_at", "withdrawn_at"}, consents)
	if _, err := conn.Exec(ctx, `INSERT INTO audit_events SELECT g, g % 1000, 'event ' || g || ' status=ok', now() FROM generate_series(1, $1::int) g`, big); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
}

func family(cats []string) []string {
	var out []string
	for _, c := range cats {
		if f := evaluation.FamilyOf(pii.Category(c)); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func TestScanCRM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	dsn := pgtest.Start(t)
	const customers, big, sample = 250, 200_000, 300
	loadCRM(t, dsn, customers, big)

	var progress []string
	entries, err := Scan(context.Background(), dsn, ScanOptions{
		SampleRows: sample,
		Schemas:    []string{"public"},
		Progress: func(table string, done, total int) {
			if total != 7 || done != len(progress)+1 {
				t.Errorf("progress(%s, %d, %d) out of order", table, done, total)
			}
			progress = append(progress, table)
		},
	}, pii.NewScanner())
	if err != nil {
		t.Fatal(err)
	}
	if len(progress) != 7 || !slices.IsSorted(progress) {
		t.Errorf("progress saw tables %v", progress)
	}
	byName := byColumn(entries)
	if len(entries) != 12+6+7+8+6+8+4 {
		t.Errorf("got %d entries, want one per column (51)", len(entries))
	}

	personal := map[string]string{ // column -> expected family
		"public.customers.first_name":   "name",
		"public.customers.last_name":    "name",
		"public.customers.email":        "email",
		"public.customers.phone":        "phone",
		"public.customers.geburtsdatum": "date_of_birth",
		"public.customers.national_id":  "government_id",
		"public.customers.iban":         "bank_account",
		"public.contacts.full_name":     "name",
		"public.contacts.telefon_nr":    "phone",
		"public.contacts.email":         "email",
		"public.addresses.street":       "address",
		"public.addresses.postal_code":  "address",
		"public.addresses.city":         "address",
		"public.orders.card_number":     "credit_card",
		"public.orders.ip_address":      "ip_address",
		"public.tickets.agent":          "name",
	}
	for col, fam := range personal {
		e, ok := byName[col]
		switch {
		case !ok:
			t.Errorf("%s: no entry", col)
		case !e.Personal:
			t.Errorf("%s: not personal (categories %v, share %.2f, reasons %v)", col, e.Categories, e.Share, e.Reasons)
		case !slices.Contains(family(e.Categories), fam):
			t.Errorf("%s: categories %v, want family %s", col, e.Categories, fam)
		case len(e.Categories) > 0 && evaluation.FamilyOf(pii.Category(e.Categories[0])) != fam:
			t.Errorf("%s: most likely category %s, want family %s", col, e.Categories[0], fam)
		}
	}
	if e := byName["public.tickets.notes"]; !e.Personal || e.Share >= 0.95 || e.Share < 0.3 {
		t.Errorf("tickets.notes: personal=%v share=%.2f, want personal with a share about 2/3", e.Personal, e.Share)
	}
	// Keys of person rows are personal data as pseudonymous identifiers
	// (GDPR Art. 4(5), docs GDPR.md): allowed, but only as user.unique_id.
	for _, col := range []string{"customers.customer_id", "contacts.contact_id", "orders.customer_id", "tickets.customer_id"} {
		if e := byName["public."+col]; e.Personal && (len(e.Categories) != 1 || e.Categories[0] != string(pii.UniqueID)) {
			t.Errorf("%s: categories %v, want none or only %s", col, e.Categories, pii.UniqueID)
		}
	}
	for _, col := range []string{"customers.created_at", "customers.updated_at", "customers.locale",
		"orders.order_id", "orders.order_no", "orders.total_cents", "orders.currency", "orders.ordered_at",
		"consents.purpose", "consents.granted", "consents.source", "consents.recorded_at",
		"addresses.address_id", "tickets.ticket_id", "tickets.created_at", "audit_events.payload"} {
		if e := byName["public."+col]; e.Personal {
			t.Errorf("%s: personal with categories %v (reasons %v), want not personal", col, e.Categories, e.Reasons)
		}
	}

	// Counts: small tables are read whole (NULL/empty counted), the big one sampled.
	if e := byName["public.customers.geburtsdatum"]; e.Seen != customers || e.NonNull >= e.Seen {
		t.Errorf("customers.geburtsdatum seen %d non-null %d, want %d seen and the empty ones not counted", e.Seen, e.NonNull, customers)
	}
	if e := byName["public.consents.withdrawn_at"]; e.Seen != customers || e.NonNull != customers/5 {
		t.Errorf("consents.withdrawn_at seen %d non-null %d, want %d and %d", e.Seen, e.NonNull, customers, customers/5)
	}
	ev := byName["public.audit_events.payload"]
	if ev.Seen == 0 || ev.Seen > sample {
		t.Errorf("audit_events: %d values read, want 1..%d (a sample of %d rows)", ev.Seen, sample, big)
	}
	if !slices.ContainsFunc(ev.Reasons, func(r string) bool { return strings.Contains(r, "TABLESAMPLE SYSTEM") }) {
		t.Errorf("audit_events reasons %v do not say it was sampled", ev.Reasons)
	}
}

// TestScanIsReadOnlyAndSkipsUnreadable connects as a role that may read only
// some tables: the others are reported, and nothing is written.
func TestScanIsReadOnlyAndSkipsUnreadable(t *testing.T) {
	dsn, conn := startDB(t)
	ctx := context.Background()
	role := fmt.Sprintf("lethe_auditor_%d", time.Now().UnixNano()%1e9)
	execAll(t, conn,
		"CREATE TABLE visible (id bigint, email text)",
		"CREATE TABLE hidden (id bigint, secret text)",
		"INSERT INTO visible VALUES (1, 'anna.mueller@web.de'), (2, NULL)",
		"INSERT INTO hidden VALUES (1, 'x')",
		// Row-level security lets the auditor see no row of guarded, which
		// is never analyzed: the planner's estimate cannot tell it holds any.
		"CREATE TABLE guarded (id bigint, email text)",
		"INSERT INTO guarded VALUES (1, 'jan.devries@ziggo.nl')",
		"ALTER TABLE guarded ENABLE ROW LEVEL SECURITY",
		"CREATE POLICY nobody ON guarded USING (false)",
		"CREATE ROLE "+role+" LOGIN PASSWORD 'auditor'",
		"GRANT SELECT ON visible, guarded TO "+role,
	)
	auditor := roleDSN(t, dsn, role, "auditor")

	got := scanPublic(t, auditor, ScanOptions{})
	if e := got["public.hidden.secret"]; e.Seen != 0 || !slices.Contains(e.Reasons, "not scanned: no SELECT privilege") || e.Coverage != datamap.CoverageNone {
		t.Errorf("hidden.secret: seen %d reasons %v coverage %q, want skipped for privilege and marked not scanned", e.Seen, e.Reasons, e.Coverage)
	}
	if e := got["public.visible.email"]; e.Seen != 2 || e.NonNull != 1 || e.Coverage != datamap.CoverageSampled {
		t.Errorf("visible.email: seen %d non-null %d coverage %q, want 2, 1 and sampled", e.Seen, e.NonNull, e.Coverage)
	}
	// No row read is no evidence: not "sampled" and clean.
	if e := got["public.guarded.email"]; e.Seen != 0 || e.Coverage != datamap.CoverageNone ||
		!slices.ContainsFunc(e.Reasons, func(r string) bool { return strings.Contains(r, "row-level security") && !strings.Contains(r, "~-1") }) {
		t.Errorf("guarded.email: seen %d coverage %q reasons %v, want not scanned for row-level security", e.Seen, e.Coverage, e.Reasons)
	}
	// A backend flushes its statistics to the cumulative views at most once
	// a second when its transactions end (this loop's queries end them);
	// a loaded machine may take longer.
	var ins, upd, del int64
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if err := conn.QueryRow(ctx, "SELECT coalesce(sum(n_tup_ins), 0), coalesce(sum(n_tup_upd), 0), coalesce(sum(n_tup_del), 0) FROM pg_stat_user_tables").Scan(&ins, &upd, &del); err != nil {
			t.Fatal(err)
		}
		if ins >= 4 {
			break
		}
	}
	if ins != 4 || upd != 0 || del != 0 {
		t.Errorf("tuples inserted/updated/deleted = %d/%d/%d, want only the 4 setup inserts", ins, upd, del)
	}
}

// TestScanReadsTextInBytes finds an e-mail address stored in a bytea
// column, whose plain text form is hex.
func TestScanReadsTextInBytes(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TABLE attachments (id bigint, body bytea)",
		`INSERT INTO attachments VALUES (1, convert_to('Antwort an jan.devries@ziggo.nl, Grüße', 'UTF8')),
		  (2, convert_to('Mail: p.nowak@wp.pl', 'UTF8')), (3, convert_to('anna.mueller@web.de', 'UTF8')), (4, '\\x00ff'::bytea)`,
	)
	e, ok := scanPublic(t, dsn, ScanOptions{})["public.attachments.body"]
	if !ok {
		t.Fatal("no entry for attachments.body")
	}
	if !e.Personal || e.WithPII != 3 || !slices.Contains(e.Categories, "user.contact.email") {
		t.Errorf("attachments.body = %+v, want the e-mail addresses in three of four values found", e)
	}
	// Text with letters beyond ASCII, in UTF-8, UTF-16 and Latin-1, read
	// as the stream reads bytes (a review found none of it, escaped).
	const addr = "Jürgen Müller, Königsallee 5, 40212 Düsseldorf"
	execAll(t, conn,
		"CREATE TABLE letters (id bigint, utf8 bytea, utf16 bytea, latin1 bytea, several bytea[])",
		`INSERT INTO letters SELECT g, convert_to('`+addr+`', 'UTF8'), '\xfffe'::bytea || decode('`+utf16le(addr)+`', 'hex'),
		  convert_to('`+addr+`', 'LATIN1'), ARRAY[convert_to('Notiz', 'UTF8'), convert_to('`+addr+`', 'LATIN1')] FROM generate_series(1, 20) g`,
	)
	// The same under the simple protocol, in which bytes come as hex
	// text, and an empty value ("\x") is none, not a clean value (a
	// review).
	execAll(t, conn, `INSERT INTO letters VALUES (21, '', '', '', ARRAY[]::bytea[])`,
		// and bytes in escape form where the database says so (a review)
		`DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET bytea_output = escape', current_database()); END$$`)
	for _, d := range []string{dsn, withParam(dsn, "default_query_exec_mode", "simple_protocol")} {
		got := scanPublic(t, d, ScanOptions{})
		for _, col := range []string{"utf8", "utf16", "latin1", "several"} {
			e := got["public.letters."+col]
			if !e.Personal || e.WithPII != 20 || e.NonNull != 20 || !slices.Contains(e.Categories, "user.contact.address") {
				t.Errorf("%s: letters.%s = %+v, want the address in each of 20 values, and one empty", d, col, e)
			}
		}
	}
}

// Bytea text in another code page than Windows-1252 is read in the one
// --legacy-charset names: a Polish CRM's Windows-1250 notes.
func TestScanReadsBytesInLegacyCharset(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TABLE notatki (id bigint, tresc bytea)",
		`INSERT INTO notatki SELECT g, convert_to('Rozmowa z klientem: Łukasz Śliwiński dzwonił w piątek.', 'WIN1250') FROM generate_series(1, 20) g`,
	)
	cs, err := pipeline.ParseCharset("windows-1250")
	if err != nil {
		t.Fatal(err)
	}
	e := scanPublic(t, dsn, ScanOptions{LegacyCharset: cs})["public.notatki.tresc"]
	if !e.Personal || e.WithPII != 20 || !slices.Contains(e.Categories, "user.name") {
		t.Errorf("notatki.tresc in Windows-1250 = %+v, want the name in each of 20 values", e)
	}
}

// A SQL_ASCII database's text that is not UTF-8 is read in the legacy
// code page; binary stays no text in any.
func TestLegacyTextInCharset(t *testing.T) {
	cp1250, err := pipeline.ParseCharset("windows-1250")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		raw  string
		cs   pipeline.Charset
		want string
	}{
		{"\xa3ukasz \x8cliwi\xf1ski", cp1250, "Łukasz Śliwiński"},
		{"\xa3ukasz \x8cliwi\xf1ski", pipeline.DefaultCharset, "£ukasz Œliwiñski"},
		{"Zo\xeb\tN\xfa\xf1ez", pipeline.DefaultCharset, "Zoë\tNúñez"},
		{"\x01\x02\xa3\xb3\x8c\x9f\xf1\xe6", cp1250, ""}, // controls among few ASCII bytes: binary
	} {
		if got := legacyText([]byte(tc.raw), tc.cs); got != tc.want {
			t.Errorf("legacyText(%q, %v) = %q, want %q", tc.raw, tc.cs, got, tc.want)
		}
	}
}

// withParam is dsn with the connection parameter k=v.
func withParam(dsn, k, v string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		q := u.Query()
		q.Set(k, v)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " " + k + "=" + v
}

// utf16le is s in UTF-16LE, in hex.
func utf16le(s string) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return hex.EncodeToString(b)
}

// A database in SQL_ASCII holds whatever bytes it was given, in legacy
// CRMs Windows-1252: read as such where it is no UTF-8 (a review found the
// names and addresses missed), unless it is binary, not text (a review
// found random bytes read as names).
func TestScanReadsLatin1InSQLASCII(t *testing.T) {
	legacyDSN, legacy := newDatabase(t, "SQL_ASCII")
	latin1 := func(s string) string {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r))
		}
		return hex.EncodeToString(b)
	}
	// Windows-1252's curly quotes (0x93, 0x94), which Latin-1 has not: a
	// review found the e-mail beside them missed.
	quoted := "93" + latin1("Bitte Rückruf") + "94" + latin1(" an jane.doe@example.com")
	rng := rand.New(rand.NewPCG(7, 7))
	junk := make([]byte, 64)
	for i := range junk {
		junk[i] = byte(1 + rng.IntN(255))
	}
	execAll(t, legacy,
		"CREATE TABLE t2 (feld1 text, feld2 text, feld3 text, feld4 text, vorname text, leer text)",
		`INSERT INTO t2 SELECT convert_from(decode('`+latin1("Jürgen Müller")+`', 'hex'), 'SQL_ASCII'),
		  convert_from(decode('`+latin1("Königsallee 5, 40212 Düsseldorf")+`', 'hex'), 'SQL_ASCII'),
		  convert_from(decode('`+quoted+`', 'hex'), 'SQL_ASCII'),
		  convert_from(decode('`+hex.EncodeToString(junk)+`', 'hex'), 'SQL_ASCII'),
		  convert_from(decode('`+latin1("Zoë")+`', 'hex'), 'SQL_ASCII'),
		  convert_from('\xa00b20'::bytea, 'SQL_ASCII') FROM generate_series(1, 20)`, // blank: a no-break space, a vertical tab
		// a database set to talk UTF-8 to its clients, which it cannot
		// for these bytes (a review)
		`DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET client_encoding = UTF8', current_database()); END$$`,
	)
	// also under the simple protocol, which pgx speaks in UTF-8 only (a
	// review)
	for _, d := range []string{legacyDSN, withParam(legacyDSN, "default_query_exec_mode", "simple_protocol")} {
		got := scanPublic(t, d, ScanOptions{})
		for col, cat := range map[string]string{"feld1": "user.name", "feld2": "user.contact.address", "feld3": "user.contact.email",
			"vorname": "user.name.first"} {
			if e := got["public.t2."+col]; !slices.Contains(e.Categories, cat) || e.WithPII != 20 {
				t.Errorf("%s: t2.%s = %+v, want %s in every value", d, col, e, cat)
			}
		}
		if e := got["public.t2.feld4"]; e.Personal || e.WithPII != 0 || e.NonNull != 20 {
			t.Errorf("%s: t2.feld4, random bytes = %+v, want 20 values, nothing found", d, e)
		}
		if e := got["public.t2.leer"]; e.NonNull != 0 {
			t.Errorf("%s: t2.leer, blanks = %+v, want no value", d, e)
		}
	}
	// A name that is not UTF-8 fails no listing, where the server sends
	// names as they are (the extended protocol): a review found one
	// failing the scan of every table.
	execAll(t, legacy, `DO $$BEGIN EXECUTE format('CREATE TABLE %I (email text)', convert_from('\x6b756e64656ee4'::bytea, 'SQL_ASCII'));
		EXECUTE format('INSERT INTO %I SELECT ''k'' || g || ''@web.de'' FROM generate_series(1, 20) g', convert_from('\x6b756e64656ee4'::bytea, 'SQL_ASCII')); END$$`)
	got := scanPublic(t, legacyDSN, ScanOptions{})
	found := false
	for k, e := range got {
		if strings.HasSuffix(k, ".email") && strings.Contains(k, "oid") {
			found = e.WithPII == 20
		}
	}
	if !found || got["public.t2.feld1"].WithPII != 20 {
		t.Errorf("with a table named by Latin-1 bytes: %d entries, the table's e-mails found: %v", len(got), found)
	}
}

// A database in another encoding than UTF-8 is read as a UTF-8 one is
// (a review found Polish names missed in LATIN2: the text came in the
// server's encoding).
//
// And a byte of 0x80-0x9F reads as PostgreSQL reads it, a C1 control, as
// in UTF8 (a review: x/text's ISO 8859 tables gave U+FFFD, which glued a
// name to the e-mail beside it), and a no-break space alone is blank.
func TestScanReadsOtherEncodings(t *testing.T) {
	want := map[string][]string{}
	for _, enc := range []string{"UTF8", "LATIN2", "WIN1250"} {
		dsn, conn := newDatabase(t, enc)
		execAll(t, conn,
			"CREATE TABLE kontakty (osoba text, c1 text, c2 text, c3 text)",
			`INSERT INTO kontakty SELECT 'Pani Łucja Wąsik, ul. Świętokrzyska 12, 00-916 Warszawa',
			  'Anna Schmidt' || chr(133) || 'anna@example.org', CASE WHEN g <= 10 THEN 'k' || g || '@web.de' ELSE chr(160) END,
			  'Â' || chr(160) FROM generate_series(1, 20) g`)
		got := scanPublic(t, dsn, ScanOptions{})
		for _, col := range []string{"osoba", "c1"} {
			e := got["public.kontakty."+col]
			if want[col] == nil {
				want[col] = e.Categories
			}
			if !slices.Contains(e.Categories, "user.name") || !slices.Equal(e.Categories, want[col]) || e.WithPII != 20 {
				t.Errorf("%s: kontakty.%s = %+v, want %v (as in UTF8) in every value", enc, col, e, want[col])
			}
		}
		if e := got["public.kontakty.c2"]; e.NonNull != 10 || e.WithPII != 10 {
			t.Errorf("%s: kontakty.c2 = %+v, want 10 e-mails and 10 blanks", enc, e)
		}
		if e := got["public.kontakty.c3"]; e.NonNull != 20 { // C2 A0 in LATIN2: "Â" and a no-break space
			t.Errorf("%s: kontakty.c3 = %+v, want 20 values, none blank", enc, e)
		}
	}
}

// A byte the server's single-byte encoding does not define (0x81 in
// WIN1252), which PostgreSQL stores all the same, does not fail the table
// (a review: a conversion to UTF-8 did, from that row on).
func TestScanReadsUndefinedBytes(t *testing.T) {
	dsn, conn := newDatabase(t, "WIN1252")
	ctx := context.Background()
	// Names beyond ASCII too, and under the simple protocol, which pgx
	// speaks in UTF-8 only (a review found both failing every table).
	execAll(t, conn, `CREATE TABLE "kunden_straße" ("e_maïl" text, notiz text)`)
	for i := range 20 {
		note := "Rückruf erbeten"
		if i == 2 {
			note = "R\x81ckruf erbeten"
		}
		if _, err := conn.Exec(ctx, `INSERT INTO "kunden_straße" VALUES ($1, convert_from(decode($2, 'hex'), 'WIN1252'))`,
			fmt.Sprintf("kunde%d@web.de", i), hex.EncodeToString([]byte(note))); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{dsn, withParam(dsn, "default_query_exec_mode", "simple_protocol")} {
		e := scanPublic(t, d, ScanOptions{})["public.kunden_straße.e_maïl"]
		if e.Coverage != datamap.CoverageSampled || e.Seen != 20 || e.WithPII != 20 {
			t.Errorf("%s: kunden_straße.e_maïl = %+v, want all 20 rows read, each an e-mail", d, e)
		}
	}
}

// newDatabase creates a database in encoding enc beside the test's own,
// dropped when the test ends, and returns its DSN and a connection to it.
func newDatabase(t *testing.T, enc string) (string, *pgx.Conn) {
	t.Helper()
	dsn, conn := startDB(t)
	ctx := context.Background()
	name := strings.ToLower(enc) + "_" + strconv.FormatInt(time.Now().UnixNano(), 36)
	execAll(t, conn, "CREATE DATABASE "+name+" ENCODING '"+enc+"' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
	t.Cleanup(func() { conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Database = name
	cfg.RuntimeParams["client_encoding"] = "UTF8" // what the test writes: the server converts it
	dbDSN := dsn + " dbname=" + name
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		u.Path = "/" + name
		dbDSN = u.String()
	}
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(ctx) })
	return dbDSN, c
}

// A table others inherit from (INHERITS, partitioning before PostgreSQL
// 10) is read for its own rows: the children are listed on their own, and
// a review saw their rows counted, and called personal, twice.
func TestScanInheritedTableReadsItsOwnRows(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TABLE log_basis (id int, payload text)",
		"CREATE TABLE log_kind (extra text) INHERITS (log_basis)",
		"INSERT INTO log_basis SELECT g, 'status ok ' || g FROM generate_series(1, 10) g",
		"INSERT INTO log_kind SELECT g, 'Rückruf an kunde' || g || '@web.de', 'x' FROM generate_series(1, 50) g",
	)
	got := scanPublic(t, dsn, ScanOptions{})
	if e := got["public.log_basis.payload"]; e.Personal || e.Seen != 10 {
		t.Errorf("log_basis.payload = %+v, want its own 10 rows, none personal", e)
	}
	if e := got["public.log_kind.payload"]; !e.Personal || e.Seen != 50 {
		t.Errorf("log_kind.payload = %+v, want 50 rows, personal", e)
	}
}

// A partitioned table is sampled across its partitions when one was never
// analyzed, however its statistics count (a review read only the first
// partition's rows: narrow rows in partitions never analyzed, and a new
// partition bulk-loaded beside an analyzed one).
func TestScanSamplesUnanalyzedPartitions(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TABLE auftrag (id int, jahr int, kontakt text) PARTITION BY LIST (jahr)",
		"CREATE TABLE auftrag_2023 PARTITION OF auftrag FOR VALUES IN (2023) WITH (autovacuum_enabled = off)",
		"CREATE TABLE auftrag_2024 PARTITION OF auftrag FOR VALUES IN (2024) WITH (autovacuum_enabled = off)",
		"INSERT INTO auftrag SELECT g, 2023, NULL FROM generate_series(1, 3500) g",
		"INSERT INTO auftrag SELECT g, 2024, 'k' || g || '@web.de' FROM generate_series(1, 3000) g",
		"CREATE TABLE bestellung (id int, monat int, kontakt text) PARTITION BY LIST (monat)",
		"CREATE TABLE bestellung_10 PARTITION OF bestellung FOR VALUES IN (10) WITH (autovacuum_enabled = off)",
		"CREATE TABLE bestellung_11 PARTITION OF bestellung FOR VALUES IN (11) WITH (autovacuum_enabled = off)",
		"INSERT INTO bestellung SELECT g, 10, 'keine Angabe' FROM generate_series(1, 1999) g",
		"ANALYZE bestellung_10",
		"INSERT INTO bestellung SELECT g, 11, 'kunde' || g || '@web.de' FROM generate_series(1, 50000) g",
	)
	got := scanPublic(t, dsn, ScanOptions{})
	for _, col := range []string{"public.auftrag.kontakt", "public.bestellung.kontakt"} {
		if e := got[col]; !e.Personal || e.WithPII < 100 {
			t.Errorf("%s: %d of %d with PII, reasons %v; want a sample across the partitions", col, e.WithPII, e.Seen, e.Reasons)
		}
	}
}

// TestScanCannotWrite scans a table whose row-level security policy calls
// a function that writes: the only way left for a SELECT of the scan to
// write, as it calls no cast nor overload a user defined
// (TestScanCallsNoUserFunction), and a policy runs as the role reading.
// The read-only session and transaction must refuse the write, and the
// table is reported as not scanned.
func TestScanCannotWrite(t *testing.T) {
	dsn, conn := startDB(t)
	ctx := context.Background()
	role := fmt.Sprintf("lethe_ro_%d", time.Now().UnixNano()%1e9)
	execAll(t, conn,
		"CREATE TABLE written (n int)",
		`CREATE FUNCTION note_read() RETURNS boolean LANGUAGE plpgsql AS $$
		 BEGIN INSERT INTO written VALUES (1); RETURN true; END $$`,
		"CREATE TABLE moods (id bigint, m text)",
		"INSERT INTO moods VALUES (1, 'calm'), (2, 'angry')",
		"ALTER TABLE moods ENABLE ROW LEVEL SECURITY",
		"CREATE POLICY noted ON moods USING (note_read())",
		"CREATE ROLE "+role+" LOGIN PASSWORD 'ro'",
		"GRANT SELECT ON moods TO "+role,
		"GRANT SELECT, INSERT ON written TO "+role,
	)
	reader := roleDSN(t, dsn, role, "ro")
	// The policy really writes when the role reads outside lethe: the
	// test can fail.
	other := connect(t, reader)
	tx, err := other.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRow(ctx, "SELECT count(m) FROM moods").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM written").Scan(&n); err != nil || n != 2 {
		t.Fatalf("the writing policy wrote %d rows (%v), want 2", n, err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}

	got := scanPublic(t, reader, ScanOptions{})
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM written").Scan(&n); err != nil || n != 0 {
		t.Errorf("the scan wrote %d rows (%v), want none", n, err)
	}
	for _, e := range got {
		if e.Table == "public.moods" && (e.Coverage != datamap.CoverageNone || !slices.ContainsFunc(e.Reasons, func(r string) bool { return strings.Contains(r, "tried to write") })) {
			t.Errorf("moods.%s: coverage %q, reasons %v; want not scanned (the write was refused)", e.Column, e.Coverage, e.Reasons)
		}
	}
}

// TestScanHoldsNothingBetweenTables takes, once the scan is past a table,
// the lock a migration takes on it, and checks the scan holds no snapshot:
// a scan of a production CRM must not stall its schema changes or vacuum.
func TestScanHoldsNothingBetweenTables(t *testing.T) {
	dsn, conn := startDB(t)
	ctx := context.Background()
	execAll(t, conn,
		"CREATE TABLE a_first (id bigint, email text)",
		"CREATE TABLE b_second (id bigint, email text)",
		"INSERT INTO a_first VALUES (1, 'anna.mueller@web.de')",
		"INSERT INTO b_second VALUES (1, 'jan.devries@ziggo.nl')",
	)
	checked := false
	progress := func(table string, _, _ int) {
		if table != "public.a_first" {
			return
		}
		checked = true
		var holding int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE application_name = 'lethe-scan' AND (backend_xmin IS NOT NULL OR state <> 'idle')`).Scan(&holding); err != nil {
			t.Fatal(err)
		}
		if holding != 0 {
			t.Errorf("between tables the scan's session holds a snapshot or is in a transaction")
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, "SET LOCAL lock_timeout = '2s'"); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, "LOCK TABLE a_first IN ACCESS EXCLUSIVE MODE"); err != nil {
			t.Errorf("a migration's lock on a table already scanned: %v", err)
		}
	}
	if _, err := Scan(ctx, dsn, ScanOptions{Schemas: []string{"public"}, Progress: progress}, pii.NewScanner()); err != nil {
		t.Fatal(err)
	}
	if !checked {
		t.Fatal("no progress after public.a_first: the test checked nothing")
	}
}

// TestScanSamplesEveryPartition scans a list-partitioned table whose first
// partition holds no personal data and whose second holds e-mail addresses.
// Autovacuum never analyzes a partitioned parent: its size must come from
// its partitions, or the scan reads the first rows, all from the first
// partition.
func TestScanSamplesEveryPartition(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TABLE events (id bigint, region text, contact text) PARTITION BY LIST (region)",
		"CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a')",
		"CREATE TABLE events_b PARTITION OF events FOR VALUES IN ('b')",
		"INSERT INTO events SELECT g, 'a', 'no contact given' FROM generate_series(1, 20000) g",
		"INSERT INTO events SELECT g, 'b', 'kunde' || g || '@web.de' FROM generate_series(1, 20000) g",
		"ANALYZE events_a",
		"ANALYZE events_b",
	)
	e := scanPublic(t, dsn, ScanOptions{SampleRows: 200})["public.events.contact"]
	if e.Seen != 200 || e.WithPII == 0 || e.WithPII == e.Seen || e.Coverage != datamap.CoverageSampled {
		t.Errorf("events.contact: seen %d, with PII %d, coverage %q, reasons %v; want 200 rows from both partitions, sampled",
			e.Seen, e.WithPII, e.Coverage, e.Reasons)
	}
}

func TestSampleQuery(t *testing.T) {
	tests := []struct {
		name      string
		t         table
		limit     int
		want, how string
	}{
		{"small table reads a limit", table{schema: "public", name: "customers", estRows: 400, columns: []string{"id", "email"}}, 2000,
			`SELECT pg_catalog.left("id"::pg_catalog.text, 65536), pg_catalog.left("email"::pg_catalog.text, 65536) FROM "public"."customers" LIMIT 2000`, "first rows"},
		{"big table samples pages", table{schema: "crm", name: "events", estRows: 10_000_000, columns: []string{"payload"}}, 2000,
			`SELECT pg_catalog.left("payload"::pg_catalog.text, 65536) FROM (SELECT "payload" FROM "crm"."events" TABLESAMPLE SYSTEM (0.040000) ORDER BY pg_catalog.random() LIMIT 2000) AS sample`, "TABLESAMPLE"},
		{"never analyzed but large on disk", table{schema: "s", name: "t", estRows: -1, pages: 100_000, columns: []string{"c"}}, 1000,
			`SELECT pg_catalog.left("c"::pg_catalog.text, 65536) FROM (SELECT "c" FROM "s"."t" TABLESAMPLE SYSTEM (0.040000) ORDER BY pg_catalog.random() LIMIT 1000) AS sample`, "TABLESAMPLE"},
		{"narrow rows still expect 32 pages", table{schema: "s", name: "audit", estRows: 200_000, pages: 1000, columns: []string{"c"}}, 300,
			`SELECT pg_catalog.left("c"::pg_catalog.text, 65536) FROM (SELECT "c" FROM "s"."audit" TABLESAMPLE SYSTEM (3.200000) ORDER BY pg_catalog.random() LIMIT 300) AS sample`, "TABLESAMPLE"},
		{"partitioned table samples above the limit", table{schema: "s", name: "events", estRows: 3000, pages: 40, partitioned: true, columns: []string{"c"}}, 2000,
			`SELECT pg_catalog.left("c"::pg_catalog.text, 65536) FROM (SELECT "c" FROM "s"."events" TABLESAMPLE SYSTEM (100.000000) ORDER BY pg_catalog.random() LIMIT 2000) AS sample`, "random order"},
		{"small partitioned table reads a limit", table{schema: "s", name: "events", estRows: 1500, pages: 20, partitioned: true, columns: []string{"c"}}, 2000,
			`SELECT pg_catalog.left("c"::pg_catalog.text, 65536) FROM "s"."events" LIMIT 2000`, "first rows"},
		{"unanalyzed partition: pages count", table{schema: "s", name: "events", estRows: 1500, pages: 30, partitioned: true, unanalyzed: true, columns: []string{"c"}}, 2000,
			`SELECT pg_catalog.left("c"::pg_catalog.text, 65536) FROM (SELECT "c" FROM "s"."events" TABLESAMPLE SYSTEM (100.000000) ORDER BY pg_catalog.random() LIMIT 2000) AS sample`, "random order"},
		{"inherited from: its own rows", table{schema: "s", name: "log", estRows: 10, inherits: true, columns: []string{"c"}}, 2000,
			`SELECT pg_catalog.left("c"::pg_catalog.text, 65536) FROM ONLY "s"."log" LIMIT 2000`, "first rows"},
		{"bytes are read as bytes", table{schema: "s", name: "blobs", estRows: 5, columns: []string{"id", "doc"}, kinds: []string{"", "bytea"}}, 10,
			`SELECT pg_catalog.left("id"::pg_catalog.text, 65536), substring("doc"::pg_catalog.bytea from 1 for 65536) FROM "s"."blobs" LIMIT 10`, "first rows"},
		{"arrays of bytes too", table{schema: "s", name: "blobs", estRows: 5, columns: []string{"docs"}, kinds: []string{"bytea[]"}}, 10,
			`SELECT (SELECT substring(pg_catalog.string_agg(substring(e::pg_catalog.bytea from 1 for 65536), '\x20'::pg_catalog.bytea) from 1 for 65536) FROM pg_catalog.unnest("docs") AS e) FROM "s"."blobs" LIMIT 10`, "first rows"},
		{"a user's types through their output function", table{schema: "s", name: "t", estRows: 5, columns: []string{"mood", "n"}, kinds: []string{"out", ""}}, 10,
			`SELECT pg_catalog.left(pg_catalog.format('%s', "mood"), 65536), pg_catalog.left("n"::pg_catalog.text, 65536) FROM "s"."t" LIMIT 10`, "first rows"},
		{"only the columns the user may read", table{schema: "s", name: "t", estRows: 5, columns: []string{"a", "b", "c"}, readable: []bool{true, false, true}}, 10,
			`SELECT pg_catalog.left("a"::pg_catalog.text, 65536), pg_catalog.left("c"::pg_catalog.text, 65536) FROM "s"."t" LIMIT 10`, "first rows"},
		{"odd identifiers are quoted", table{schema: "My Schema", name: `we"ird`, estRows: 1, columns: []string{"Ünïcode col", `a"b`}}, 10,
			`SELECT pg_catalog.left("Ünïcode col"::pg_catalog.text, 65536), pg_catalog.left("a""b"::pg_catalog.text, 65536) FROM "My Schema"."we""ird" LIMIT 10`, "first rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.t.readable == nil { // a table grant: every column
				for range tt.t.columns {
					tt.t.readable = append(tt.t.readable, true)
				}
			}
			sql, how := sampleQuery(tt.t, tt.limit)
			if sql != tt.want {
				t.Errorf("sql\n got %s\nwant %s", sql, tt.want)
			}
			if !strings.Contains(how, tt.how) {
				t.Errorf("how = %q, want it to mention %q", how, tt.how)
			}
		})
	}
}

func TestScanBadDSNDoesNotEchoIt(t *testing.T) {
	_, err := Scan(context.Background(), "postgres://u:s3cret@%zz", ScanOptions{}, pii.NewScanner())
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("err = %v, want an error without the password", err)
	}
}

// A value pgx refuses for a key is not quoted back: a password given to
// the wrong key would be (a leak hunt).
func TestScanRefusedKeyValueNotEchoed(t *testing.T) {
	for _, dsn := range []string{
		"host=127.0.0.1 port=1 user=x channel_binding=S3cretCanary",
		"host=127.0.0.1 port=1 user=x target_session_attrs=S3cretCanary",
		"host=127.0.0.1 port=1 user=x min_protocol_version=S3cretCanary",
		"postgres://x@127.0.0.1:1/crm?max_protocol_version=S3cretCanary",
	} {
		_, err := Scan(context.Background(), dsn, ScanOptions{}, pii.NewScanner())
		var de *DSNError
		if !errors.As(err, &de) || strings.Contains(err.Error(), "S3cretCanary") {
			t.Errorf("%v, want a DSNError without the value", err)
		}
	}
}

// A password written without URL-encoding parses as pgx and libpq read
// it, the user part ending at the first '@' or '/': its pieces became the
// host or the database, which the connect error quoted (a review saw
// "2024/Spring!" twice). Such strings are refused without quoting them.
// An '@' where it belongs (a query value, a database name, an encoded
// password) is a connection string as any other, and '?' or '#' in a
// password parse right.
func TestScanUnencodedPasswordNotEchoed(t *testing.T) {
	for _, dsn := range []string{
		"postgres://scanner:2024/Spring!@127.0.0.1:1/crm",
		"postgres://scanner:Spring@2024secret@127.0.0.1:1/crm",
		"postgres://scanner:Spring@2024/x@127.0.0.1:1/crm", // '@' before the '/' too
		"postgres://scanner:2024/Spring#x@127.0.0.1:1/crm", // a '#' does not end it
	} {
		_, err := Scan(context.Background(), dsn, ScanOptions{}, pii.NewScanner())
		var de *DSNError
		if !errors.As(err, &de) || strings.Contains(err.Error(), "Spring") || strings.Contains(err.Error(), "2024") || !strings.Contains(err.Error(), "URL-encode") {
			t.Errorf("%d-byte DSN: %v, want a DSNError naming no part of it", len(dsn), err)
		}
	}
	for _, dsn := range []string{
		"postgres://127.0.0.1:1/crm?user=scanner@project.iam&connect_timeout=2",
		"postgres://scanner:pw@127.0.0.1:1/crm?application_name=me@laptop&connect_timeout=2",
		"postgres://scanner:pw@127.0.0.1:1/team%40crm?connect_timeout=2",
		"postgres://scanner:12345?x@127.0.0.1:1/crm?connect_timeout=2",
		"postgres://scanner:123%23x@127.0.0.1:1/crm?connect_timeout=2",
		"postgres://scanner:2024%2FSpring%21@127.0.0.1:1/crm?connect_timeout=2",
	} {
		_, err := Scan(context.Background(), dsn, ScanOptions{}, pii.NewScanner())
		var de *DSNError
		if err == nil || errors.As(err, &de) || strings.Contains(err.Error(), "Spring") || strings.Contains(err.Error(), "12345") {
			t.Errorf("%d-byte DSN: %v, want a connection error quoting no password", len(dsn), err)
		}
	}
	// A password's digits before a '/' became the port (a review saw
	// 4711 quoted): a raw '@' in the path with none before it is refused.
	// A database named with '@' has ways out: the user in the URL, %40, or
	// key=value.
	scanErr := func(dsn string) error {
		_, err := Scan(context.Background(), dsn, ScanOptions{}, pii.NewScanner())
		return err
	}
	for _, dsn := range []string{
		"postgres://scanner:4711/Geheim@localhost?connect_timeout=2",
		"postgres://scanner:4711/Ge#heim@localhost?connect_timeout=2",
	} {
		if err := scanErr(dsn); err == nil || strings.Contains(err.Error(), "4711") || strings.Contains(err.Error(), "heim") {
			t.Errorf("digits of a password as the port: %v", err)
		}
	}
	// A password with '?' or ',' lends pgx its pieces as host, port,
	// database or fallback host (the user part ends at the first '@' or
	// '/', what follows '?' is parameters): a URL with another '@' than
	// the one before its host has its target taken out of the error. A
	// query's '@' after no path is not refused for it (a review saw
	// passfile=/... with user=a@b refused).
	for _, dsn := range []string{
		"postgresql://u:Spring@2024?a=b@127.0.0.1:1/crm",
		"postgres://u:12/Geheim?a=b@127.0.0.1:1/crm",
		"postgres://u:Pa@ss/w?x=@127.0.0.1:1/crm",
		"postgres://u:12,34/x?y=@127.0.0.1:1",
		"postgres://u:Sec@ret:12,34?y=@127.0.0.1:1",
	} {
		err := scanErr(dsn + "&connect_timeout=2")
		if err == nil {
			t.Fatalf("%d-byte DSN: no error", len(dsn))
		}
		for _, piece := range []string{"2024", "12", "Geheim", "ss", "w", "34", "ret"} {
			if strings.Contains(dsn, piece) && strings.Contains(strings.ReplaceAll(err.Error(), "127.0.0.1", ""), piece+" ") ||
				strings.Contains(err.Error(), "lookup "+piece) || strings.Contains(err.Error(), "database="+piece) || strings.Contains(err.Error(), "to "+piece) {
				t.Errorf("%d-byte DSN: %q quoted in %v", len(dsn), piece, err)
			}
		}
	}
	var de *DSNError
	if err := scanErr("postgres://127.0.0.1:1?passfile=/nonexistent/.pgpass&user=admin@myserver&connect_timeout=2"); err == nil || errors.As(err, &de) {
		t.Errorf("a query's '/' and '@' with no path: %v, want a connection error", err)
	}
	// A database named with a raw '@' in a URL is refused with the way out.
	if err := scanErr("postgres://scanner:pw@127.0.0.1:1/team@crm"); err == nil || !strings.Contains(err.Error(), "%40") {
		t.Errorf("a raw '@' in a URL's database: %v, want the advice to write %%40", err)
	}
	for _, dsn := range []string{
		"postgres://scanner:pw@127.0.0.1:1/ops%40eu%3A1?connect_timeout=2",
		"host=127.0.0.1 port=1 user=x dbname='ops@eu:1' connect_timeout=2 sslmode=disable",
	} {
		var de *DSNError
		if err := scanErr(dsn); err == nil || errors.As(err, &de) {
			t.Errorf("a database named with '@': %v, want a connection error", err)
		}
	}
	// Names a person types are shown, in any script and with blanks; one
	// holding a password's punctuation is not, nor a fallback host so.
	for _, db := range []string{"kundendaten_ä", "Müller GmbH", "crm prod"} {
		if err := scanErr("host=127.0.0.1 port=1 user=x connect_timeout=2 sslmode=disable dbname='" + db + "'"); err == nil || !strings.Contains(err.Error(), db) {
			t.Errorf("database %q not named: %v", db, err)
		}
	}
	if err := scanErr("host=127.0.0.1 port=1 dbname='crm!x' connect_timeout=2 sslmode=disable"); err == nil || strings.Contains(err.Error(), "crm!x") || !strings.Contains(err.Error(), "<database>") {
		t.Errorf("odd database name: %v, want it shown as <database>", err)
	}
	if err := scanErr("host=127.0.0.1,kunden!db.example port=1 dbname=crm user=x connect_timeout=2 sslmode=disable"); err == nil || strings.Contains(err.Error(), "kunden!db") {
		t.Errorf("odd fallback host: %v, want it not quoted", err)
	}
}

// A role named by an e-mail address stays out of a connection error,
// which pgx and the server both write it into.
func TestScanConnectErrorDoesNotNameTheUser(t *testing.T) {
	_, err := Scan(context.Background(), "host=127.0.0.1 port=1 user=anna.schmidt@example.com dbname=crm connect_timeout=2 sslmode=disable",
		ScanOptions{}, pii.NewScanner())
	if err == nil || strings.Contains(err.Error(), "anna") || !strings.Contains(err.Error(), "<user>") {
		t.Errorf("err = %v, want a connection error naming no user", err)
	}
	// Without a database the server names the role's own, the role's
	// name (a leak hunt).
	cfg, err := pgx.ParseConfig("host=127.0.0.1 port=1 user=anna.schmidt@example.com sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	for _, redacted := range []error{
		withoutNames(errors.New(`FATAL: database "anna.schmidt@example.com" does not exist`), cfg),
		withoutTarget(errors.New(`FATAL: database "anna.schmidt@example.com" does not exist`), cfg),
	} {
		if got := redacted.Error(); got != `FATAL: database "<database>" does not exist` {
			t.Errorf("the role's own database: %q", got)
		}
	}
	// A run-time parameter's value the server quotes back (a review).
	cfg, err = pgx.ParseConfig("host=127.0.0.1 port=1 user=u search_path='+49 151 12345678' sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	got := withoutNames(errors.New(`FATAL: invalid value for parameter "search_path": "+49 151 12345678"`), cfg).Error()
	if got != `FATAL: invalid value for parameter "search_path": "<value not shown>"` {
		t.Errorf("a parameter's value: %q", got)
	}
	// ... also a short one, but not the same text naming another thing
	// (a review), and the name of one the server does not know: a
	// password's rest after an '&' in a URL.
	for _, tc := range []struct{ dsn, msg, want string }{
		{"host=127.0.0.1 port=1 user=u dbname=reporting application_name=reporting sslmode=disable",
			`FATAL: database "reporting" does not exist`, `FATAL: database "reporting" does not exist`},
		{"host=127.0.0.1 port=1 user=u DateStyle=Ann sslmode=disable",
			`FATAL: invalid value for parameter "DateStyle": "Ann"`, `FATAL: invalid value for parameter "DateStyle": "<value not shown>"`},
		{"postgres://u@127.0.0.1:1/db?sslmode=disable&password=Sommer&Anna1984=x",
			`FATAL: unrecognized configuration parameter "Anna1984"`, `FATAL: unrecognized configuration parameter "<name not shown>"`},
		// the server's own spelling of the name, and its languages' quotes
		{"host=127.0.0.1 port=1 user=u datestyle='Anna, Schmidt' sslmode=disable",
			`FATAL: invalid value for parameter "DateStyle": "Anna, Schmidt"`, `FATAL: invalid value for parameter "DateStyle": "<value not shown>"`},
		{"host=127.0.0.1 port=1 user=u Search_Path='+49 151 12345678' sslmode=disable",
			`FATAL: ungültiger Wert für Parameter »search_path«: »+49 151 12345678«`, `FATAL: ungültiger Wert für Parameter »search_path«: »<value not shown>«`},
		// an unknown name in translated messages (a review)
		{"postgres://u@127.0.0.1:1/db?sslmode=disable&password=Sommer&Anna1984=x",
			`FATAL: unbekannter Konfigurationsparameter »Anna1984«`, `FATAL: unbekannter Konfigurationsparameter »<name not shown>«`},
		{"postgres://u@127.0.0.1:1/db?sslmode=disable&password=Sommer&Anna1984=x",
			`FATAL: paramètre de configuration « Anna1984 » non reconnu`, `FATAL: paramètre de configuration « <name not shown> » non reconnu`},
		{"postgres://u@127.0.0.1:1/db?sslmode=disable&password=Sommer&Anna1984=x",
			`FATAL: parámetro de configuración «Anna1984» no reconocido`, `FATAL: parámetro de configuración «<name not shown>» no reconocido`},
		// a known parameter's name stays, so the error says what is wrong;
		// a short unknown one goes (a review)
		{"host=127.0.0.1 port=1 user=u enable_seqscan=Anna sslmode=disable",
			`FATAL: parameter "enable_seqscan" requires a Boolean value`, `FATAL: parameter "enable_seqscan" requires a Boolean value`},
		{"postgres://u@127.0.0.1:1/db?sslmode=disable&password=Sommer&de=fg",
			`FATAL: unrecognized configuration parameter "de"`, `FATAL: unrecognized configuration parameter "<name not shown>"`},
		// not UTF-8: no regular expression to refuse it (lethe scan panicked)
		{"host=127.0.0.1 port=1 user=u datestyle=Anna\xff sslmode=disable",
			"FATAL: invalid value for parameter \"DateStyle\": \"Anna\xff\"", `FATAL: invalid value for parameter "DateStyle": "<value not shown>"`},
		{"host=127.0.0.1 port=1 user=u timezone=Anna/Schmidt sslmode=disable",
			`FATAL: valeur invalide pour le paramètre « TimeZone » : « Anna/Schmidt »`, `FATAL: valeur invalide pour le paramètre « TimeZone » : « <value not shown> »`},
	} {
		cfg, err := pgx.ParseConfig(tc.dsn)
		if err != nil {
			t.Fatal(err)
		}
		if got := withoutNames(errors.New(tc.msg), cfg).Error(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.dsn, got, tc.want)
		}
	}
	// A short role name is taken out where it stands, not wherever its
	// letters are.
	_, err = Scan(context.Background(), "host=127.0.0.1 port=1 user=a dbname=crm connect_timeout=2 sslmode=disable", ScanOptions{}, pii.NewScanner())
	if err == nil || !strings.Contains(err.Error(), "user=<user>") || !strings.Contains(err.Error(), "database=crm") {
		t.Errorf("err = %v, want the rest of the message as it was", err)
	}
}

// An options value is split and read as the server does.
func TestOptionsParams(t *testing.T) {
	for _, tc := range []struct {
		opts string
		set  []param
		args []string
	}{
		{"-c search_path=x", []param{{"search_path", "x"}}, nil},
		{"-csearch_path=x  --date-style=ISO", []param{{"search_path", "x"}, {"date_style", "ISO"}}, nil},
		{`-c search_path=Anna\ Schmidt`, []param{{"search_path", "Anna Schmidt"}}, nil},
		{"-c Anna1984 Schmidt -X", nil, []string{"Anna1984", "Schmidt"}},
		{"-c", nil, nil},
		{"", nil, nil},
	} {
		set, args := optionsParams(tc.opts)
		if !slices.Equal(set, tc.set) || !slices.Equal(args, tc.args) {
			t.Errorf("%q: %v %q, want %v %q", tc.opts, set, args, tc.set, tc.args)
		}
	}
}

// The role's name is taken out of the messages pgx and the server write
// it into, also cut to the 63 bytes the server keeps, and nothing else is.
func TestWithoutUser(t *testing.T) {
	long := strings.Repeat("anna.schmidt.", 5) + "@example.com" // 77 bytes
	for _, tc := range []struct{ user, msg, want string }{
		{"a", "failed to connect to `user=a database=crm`: dial error", "failed to connect to `user=<user> database=crm`: dial error"},
		{"anna@example.com", `FATAL: password authentication failed for user "anna@example.com"`, `FATAL: password authentication failed for user "<user>"`},
		{"anna@example.com", `FATAL: role "anna@example.com" does not exist`, `FATAL: role "<user>" does not exist`},
		{long, `FATAL: password authentication failed for user "` + long[:63] + `"`, `FATAL: password authentication failed for user "<user>"`},
		{"crm", `FATAL: database "crm" does not exist`, `FATAL: database "crm" does not exist`},
	} {
		if got := withoutUser(errors.New(tc.msg), tc.user).Error(); got != tc.want {
			t.Errorf("user %q: %q, want %q", tc.user, got, tc.want)
		}
	}
}

// TestScanGoesOnAfterATimeout holds an exclusive lock on one table: its
// sample times out, is reported, and the next table is still scanned in the
// transaction of its own.
func TestScanGoesOnAfterATimeout(t *testing.T) {
	dsn, conn := startDB(t)
	ctx := context.Background()
	execAll(t, conn,
		"CREATE TABLE a_locked (id bigint, email text)",
		"CREATE TABLE b_free (id bigint, email text)",
		"INSERT INTO a_locked VALUES (1, 'anna.mueller@web.de')",
		"INSERT INTO b_free VALUES (1, 'jan.devries@ziggo.nl'), (2, 'p.nowak@wp.pl')",
		// A partition locked by a migration: listing the tables must not
		// wait for it (a review saw the whole scan fail), only its table.
		"CREATE TABLE c_parts (id bigint, region text, email text) PARTITION BY LIST (region)",
		"CREATE TABLE c_parts_eu PARTITION OF c_parts FOR VALUES IN ('eu')",
		"CREATE TABLE c_parts_us PARTITION OF c_parts FOR VALUES IN ('us')",
		"INSERT INTO c_parts VALUES (1, 'eu', 'anna.mueller@web.de')",
	)
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	for _, locked := range []string{"a_locked", "c_parts_us"} {
		if _, err := tx.Exec(ctx, "LOCK TABLE "+locked+" IN ACCESS EXCLUSIVE MODE"); err != nil {
			t.Fatal(err)
		}
	}
	got := scanPublic(t, dsn, ScanOptions{StatementTimeout: 500 * time.Millisecond})
	if e := got["public.a_locked.email"]; e.Seen != 0 || !slices.ContainsFunc(e.Reasons, func(r string) bool { return strings.Contains(r, "SQLSTATE") }) {
		t.Errorf("a_locked.email: seen %d reasons %v, want a timeout reason", e.Seen, e.Reasons)
	}
	if e := got["public.b_free.email"]; e.Seen != 2 || !e.Personal {
		t.Errorf("b_free.email: seen %d personal %v, want 2 values read and personal", e.Seen, e.Personal)
	}
	if e, ok := got["public.c_parts.email"]; !ok || e.Seen != 0 || e.Coverage != datamap.CoverageNone {
		t.Errorf("c_parts.email (a partition locked): listed %v, seen %d, coverage %q; want listed and not scanned", ok, e.Seen, e.Coverage)
	}
}

func BenchmarkScan(b *testing.B) {
	dsn := pgtest.Start(b)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TABLE notes AS SELECT g AS id, 'Kunde Anna Müller, Tel. +49 30 1234567, IBAN DE89370400440532013000, Bestellung ORD-2014-' || g AS note FROM generate_series(1, 20000) g; ANALYZE notes`); err != nil {
		b.Fatal(err)
	}
	s := pii.NewScanner()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Scan(ctx, dsn, ScanOptions{SampleRows: 2000}, s); err != nil {
			b.Fatal(err)
		}
	}
}

// TestScanCatalogCorners covers what a real CRM's catalog holds besides
// plain tables: bytes behind a domain and in arrays (whose text is hex), a
// large table never analyzed (the planner knows nothing of it), a column
// grant, a foreign table, and names with dots that would make two tables
// one.
func TestScanCatalogCorners(t *testing.T) {
	dsn, conn := startDB(t)
	ctx := context.Background()
	role := fmt.Sprintf("lethe_cols_%d", time.Now().UnixNano()%1e9)
	execAll(t, conn,
		"CREATE DOMAIN blob_d AS bytea",
		"CREATE DOMAIN blobs_d AS bytea[]",
		"CREATE DOMAIN blob_dd AS blob_d",
		"CREATE DOMAIN blobs_dd AS blobs_d",
		"CREATE TABLE blobs (id bigint, bd blob_d, ba bytea[], ad blob_d[], dd blobs_d, nd blob_dd, nad blob_dd[], ddd blobs_dd)",
		`INSERT INTO blobs SELECT g, convert_to('Antwort an jan.devries@ziggo.nl', 'UTF8'),
		   ARRAY[convert_to('x', 'UTF8'), convert_to('Mail: p.nowak@wp.pl', 'UTF8')],
		   ARRAY[convert_to('Mail: p.nowak@wp.pl', 'UTF8')::blob_d], ARRAY[convert_to('Mail: p.nowak@wp.pl', 'UTF8')],
		   convert_to('Mail: p.nowak@wp.pl', 'UTF8'), ARRAY[convert_to('Mail: p.nowak@wp.pl', 'UTF8')::blob_dd],
		   ARRAY[convert_to('Mail: p.nowak@wp.pl', 'UTF8')]
		   FROM generate_series(1, 5) g`,
		// Bulk-loaded, never vacuumed nor analyzed: reltuples -1, relpages 0.
		"CREATE TABLE bulk (id bigint, email text) WITH (autovacuum_enabled = false)",
		"INSERT INTO bulk SELECT g, CASE WHEN g > 50000 THEN 'anna.mueller' || g || '@web.de' END FROM generate_series(1, 100000) g",
		"CREATE TABLE split (a text, b text)",
		"INSERT INTO split VALUES ('anna.mueller@web.de', 'jan.devries@ziggo.nl')",
		"CREATE ROLE "+role+" LOGIN PASSWORD 'cols'",
		"GRANT SELECT (a) ON split TO "+role,
		"GRANT USAGE ON SCHEMA public TO "+role,
		"CREATE EXTENSION file_fdw",
		"CREATE SERVER files FOREIGN DATA WRAPPER file_fdw",
		"CREATE FOREIGN TABLE remote (email text) SERVER files OPTIONS (filename '/dev/null')",
		`CREATE SCHEMA "public.dot"`,
		`CREATE TABLE "public.dot".t (email text)`,
		`CREATE TABLE public."dot.t" (note text)`,
		`INSERT INTO "public.dot".t VALUES ('anna.mueller@web.de')`,
		`INSERT INTO public."dot.t" VALUES ('nothing here')`,
	)
	limited := roleDSN(t, dsn, role, "cols")
	entries, err := Scan(ctx, dsn, ScanOptions{Schemas: []string{"public", "public.dot"}, SampleRows: 500}, pii.NewScanner())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]datamap.Entry{}
	for _, e := range entries {
		if _, dup := got[e.Table+"|"+e.Column]; dup {
			t.Errorf("two entries for %s %s", e.Table, e.Column)
		}
		got[e.Table+"|"+e.Column] = e
	}
	// Arrays of a domain over bytea, a domain over bytea[], and domains
	// over those domains.
	for _, col := range []string{"bd", "ba", "ad", "dd", "nd", "nad", "ddd"} {
		if e := got["public.blobs|"+col]; !e.Personal || !slices.Contains(e.Categories, "user.contact.email") {
			t.Errorf("blobs.%s = %+v, want the e-mail addresses in its bytes found", col, e)
		}
	}
	if e := got["public.bulk|email"]; !e.Personal || !slices.ContainsFunc(e.Reasons, func(r string) bool { return strings.Contains(r, "TABLESAMPLE") }) {
		t.Errorf("bulk.email: personal %v, reasons %v; want a random sample of the whole table, which finds the e-mails past row 50,000", e.Personal, e.Reasons)
	}
	if e := got["public.remote|email"]; e.Coverage != datamap.CoverageNone || !slices.ContainsFunc(e.Reasons, func(r string) bool { return strings.Contains(r, "foreign table") }) {
		t.Errorf("remote.email: coverage %q reasons %v, want listed as a foreign table not read", e.Coverage, e.Reasons)
	}
	if e := got[`"public.dot".t|email`]; !e.Personal {
		t.Errorf(`"public.dot".t.email = %+v, want personal`, e)
	}
	if e, ok := got[`public."dot.t"|note`]; !ok || e.Personal || e.Seen != 1 {
		t.Errorf(`public."dot.t".note = %+v (listed %v), want listed apart and not personal`, e, ok)
	}

	// As a role granted one column of split: that column is read, the
	// other reported.
	cols := scanPublic(t, limited, ScanOptions{})
	if e := cols["public.split.a"]; !e.Personal || e.Coverage != datamap.CoverageSampled {
		t.Errorf("split.a (granted): personal %v coverage %q, want read and personal", e.Personal, e.Coverage)
	}
	if e := cols["public.split.b"]; e.Seen != 0 || e.Coverage != datamap.CoverageNone || !slices.Contains(e.Reasons, "not scanned: no SELECT privilege") {
		t.Errorf("split.b (not granted): seen %d coverage %q reasons %v, want not scanned for privilege", e.Seen, e.Coverage, e.Reasons)
	}
}

// The scan shortens statement and lock timeouts, never lengthens them: a
// DBA's shorter setting for the role, or the DSN's, stays.
func TestScanOnlyShortensTimeouts(t *testing.T) {
	_, conn := startDB(t)
	ctx := context.Background()
	for _, tc := range []struct{ had, want string }{{"0", "1min"}, {"5min", "1min"}, {"2s", "2s"}} {
		if _, err := conn.Exec(ctx, "SET statement_timeout = '"+tc.had+"'; SET lock_timeout = '"+tc.had+"'"); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, lowerTimeoutsSQL, "60000ms", "60000ms"); err != nil {
			t.Fatal(err)
		}
		var st, lt string
		if err := conn.QueryRow(ctx, "SELECT current_setting('statement_timeout'), current_setting('lock_timeout')").Scan(&st, &lt); err != nil {
			t.Fatal(err)
		}
		if st != tc.want || lt != tc.want {
			t.Errorf("session had %s: statement_timeout %s, lock_timeout %s after the scan's; want %s", tc.had, st, lt, tc.want)
		}
	}
}

// A partition an interrupted DETACH PARTITION CONCURRENTLY left pending is
// not counted in its parent's estimate: the parent no longer returns its
// rows, and counting them made the parent look too large to have given
// none, so it was reported not scanned (a review's case: 1,000 rows
// estimated as 51,000, none read). The pending partition itself is read as
// a table of its own: left out as a partition, its rows were in no entry.
func TestScanDetachPendingPartition(t *testing.T) {
	dsn, conn := startDB(t)
	ctx := context.Background()
	execAll(t, conn,
		"CREATE TABLE dp (id bigint, email text) PARTITION BY LIST (id)",
		"CREATE TABLE dp_1 PARTITION OF dp FOR VALUES IN (1)",
		"CREATE TABLE dp_2 PARTITION OF dp FOR VALUES IN (2)",
		"INSERT INTO dp SELECT 1, 'anna.mueller' || g || '@web.de' FROM generate_series(1, 1000) g",
		"INSERT INTO dp SELECT 2, 'jan.devries' || g || '@ziggo.nl' FROM generate_series(1, 50000) g",
		"ANALYZE dp",
	)
	// A transaction that has read dp makes the concurrent detach wait,
	// and its timeout leaves the detach pending.
	other := connect(t, dsn)
	tx, err := other.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "SELECT count(*) FROM dp"); err != nil {
		t.Fatal(err)
	}
	execAll(t, conn, "SET statement_timeout = '1s'")
	if _, err := conn.Exec(ctx, "ALTER TABLE dp DETACH PARTITION dp_2 CONCURRENTLY"); err == nil {
		t.Fatal("the detach did not wait")
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	execAll(t, conn, "RESET statement_timeout")
	var pending bool
	if err := conn.QueryRow(ctx, "SELECT inhdetachpending FROM pg_inherits WHERE inhrelid = 'dp_2'::regclass").Scan(&pending); err != nil || !pending {
		t.Fatalf("detach pending %v (%v): the setup did not leave it pending", pending, err)
	}
	var rows int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM dp").Scan(&rows); err != nil || rows != 1000 {
		t.Fatalf("dp returns %d rows (%v), want dp_1's 1000: the setup did not hide dp_2's rows", rows, err)
	}
	got := scanPublic(t, dsn, ScanOptions{SampleRows: 500})
	if e := got["public.dp.email"]; e.Seen == 0 || !e.Personal {
		t.Errorf("dp.email: seen %d personal %v reasons %v, want the remaining partition read", e.Seen, e.Personal, e.Reasons)
	}
	// The pending partition still holds its rows, which the parent no
	// longer returns: it is read as a table of its own.
	if e, ok := got["public.dp_2.email"]; !ok || e.Seen == 0 || !e.Personal || e.Coverage != datamap.CoverageSampled {
		t.Errorf("dp_2.email: listed %v, seen %d personal %v coverage %q reasons %v; want the detach-pending partition read on its own", ok, e.Seen, e.Personal, e.Coverage, e.Reasons)
	}
}

// A table or column named by personal data (which the stream dead-letters)
// is shown by a placeholder in the report and the progress line (a leak
// hunt found such names printed).
func TestScanShowsNoPersonalNames(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		`CREATE TABLE "canary.zq7@example.org" (id int, "DE89370400440532013000" text, note text, "nachname_anna.mueller@web.de" text)`,
		`INSERT INTO "canary.zq7@example.org" VALUES (1, 'x', 'y', 'Xqwerz')`,
		// another such table: shown apart, not merged into one (a review)
		`CREATE TABLE "zofia@example.org" (id int)`)
	var progress []string
	entries, err := Scan(context.Background(), dsn, ScanOptions{Schemas: []string{"public"},
		Progress: func(table string, _, _ int) { progress = append(progress, table) }}, pii.NewScanner())
	if err != nil {
		t.Fatal(err)
	}
	said := fmt.Sprint(entries, progress)
	if strings.Contains(said, "canary") || strings.Contains(said, "DE8937") || strings.Contains(said, "mueller") {
		t.Errorf("the report or the progress names personal data: %s", said)
	}
	cols, tables := map[string]bool{}, map[string]int{}
	for _, e := range entries {
		cols[e.Column] = true
		tables[e.Table]++
		if !strings.Contains(e.Table, "<name holding personal data (user.contact.email) oid ") {
			t.Errorf("table shown as %q", e.Table)
		}
	}
	if len(tables) != 2 || !cols["note"] || !cols["<name holding personal data (user.financial.bank_account) column 2>"] {
		t.Errorf("tables shown as %v, columns as %v, want two tables apart", tables, cols)
	}
}

// A PostgreSQL server refusing a run-time parameter of the DSN quotes its
// value, under its own spelling of the name; the error keeps neither the
// value nor an unknown parameter's name (reviews).
func TestScanRefusedParametersNotQuoted(t *testing.T) {
	u, err := url.Parse(pgtest.Start(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, extra := range []string{"datestyle='Anna, Schmidt'", "timezone=Anna/Schmidt", "Search_Path='+49 151 12345678'",
		// set through options, and options' arguments (a review's "left")
		"options='-c datestyle=Schmidt'", "options='-cdatestyle=Schmidt'", "options='--date-style=Schmidt'",
		"options='-c Schmidt1984=x'", "options='-c Schmidt1984'", "options='--Schmidt1984'", "options='Anna Schmidt'", "options='-c work_mem=12345678901'"} {
		dsn := "host=127.0.0.1 port=" + u.Port() + " user=postgres dbname=postgres sslmode=disable connect_timeout=10 " + extra
		_, err := Scan(context.Background(), dsn, ScanOptions{}, pii.NewScanner())
		if err == nil {
			t.Errorf("%s: connected", extra)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "Schmidt") || strings.Contains(msg, "12345678") {
			t.Errorf("%s: %s", extra, msg)
		}
	}
	for _, q := range []string{"password=Sommer&Anna1984=x", "datestyle=Anna%ffSchmidt"} {
		url := "postgres://postgres@127.0.0.1:" + u.Port() + "/postgres?sslmode=disable&" + q
		if _, err := Scan(context.Background(), url, ScanOptions{}, pii.NewScanner()); err == nil || strings.Contains(err.Error(), "Anna") {
			t.Errorf("%s: %v", q, err)
		}
	}
}

// buggy is a detector with a bug: it panics on values that hold "boom".
type buggy struct{ s *pii.Scanner }

func (b buggy) ScanField(field, value string, dst []pii.Finding) []pii.Finding {
	if strings.Contains(value, "boom") {
		var a []int
		_ = a[len(value)]
	}
	return b.s.ScanField(field, value, dst)
}

// A detector's panic on one sampled value (a bug) makes its table partly
// scanned, naming the column and the runtime's error but not the value;
// the scan goes on with the other tables.
func TestScanSurvivesADetectorPanic(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TABLE broken (id bigint, note text)",
		"INSERT INTO broken VALUES (1, 'anna.mueller@web.de'), (2, 'boom jan.devries@ziggo.nl')",
		"CREATE TABLE fine (id bigint, email text)",
		"INSERT INTO fine VALUES (1, 'anna.mueller@web.de')",
		"ANALYZE broken", "ANALYZE fine",
	)
	got := scanPublicWith(t, dsn, ScanOptions{}, buggy{pii.NewScanner()}) // fails the test at Scan's error
	e := got["public.broken.note"]
	reasons := strings.Join(e.Reasons, "; ")
	if e.Coverage != datamap.CoveragePartial || !strings.Contains(reasons, "detection failed") || !strings.Contains(reasons, "column note") ||
		!strings.Contains(reasons, "index out of range") {
		t.Errorf("broken.note: coverage %q, reasons %q; want partly scanned, naming the column and the runtime's error", e.Coverage, reasons)
	}
	if strings.Contains(reasons, "boom") || strings.Contains(reasons, "@") {
		t.Errorf("broken.note's reasons quote a value: %q", reasons)
	}
	if f := got["public.fine.email"]; f.Coverage != datamap.CoverageSampled || !slices.Contains(f.Categories, "user.contact.email") {
		t.Errorf("fine.email: coverage %q categories %v, want sampled and an e-mail", f.Coverage, f.Categories)
	}
}

// A column or table dropped while the tables are listed is still in the
// listing's snapshot of the catalog, but the privilege of reading it is
// looked up as the catalog is now: NULL, which failed the whole scan.
func TestListTablesDroppedMeanwhile(t *testing.T) {
	dsn, conn := startDB(t)
	ctx := context.Background()
	execAll(t, conn,
		"CREATE TABLE keeps (id bigint, email text, phone text)",
		"CREATE TABLE goes (id bigint, email text)",
	)
	// The snapshot is taken by the first statement, before the drops: it
	// stands for a listing whose catalog scan ran before them.
	lister := connect(t, dsn)
	tx, err := lister.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	execAll(t, conn, "ALTER TABLE keeps DROP COLUMN email", "DROP TABLE goes")
	tables, err := listTables(ctx, tx, []string{"public"})
	if err != nil {
		t.Fatalf("listing failed on what was dropped meanwhile: %v", err)
	}
	var keeps *table
	for i := range tables {
		if tables[i].name == "keeps" {
			keeps = &tables[i]
		}
	}
	if keeps == nil {
		t.Fatalf("keeps not listed: %d tables", len(tables))
	}
	for i, c := range keeps.columns {
		if want := c != "email"; keeps.canRead(i) != want {
			t.Errorf("keeps.%s readable %v, want %v", c, keeps.canRead(i), want)
		}
	}
}

// A value longer than the 64 KiB lethe reads of it is cut in bytes where
// the server counts bytes (bytea, a SQL_ASCII database's text), which can
// split a UTF-8 character: the cut must not make the text binary, nor
// mojibake (a review: a Russian letter of 70 KiB in bytea, its sender's
// e-mail address on the first line, read as no text at all).
func TestScanReadsTextCutInACharacter(t *testing.T) {
	// "x" puts the cut into the second byte of a Cyrillic letter.
	const letter = "x: Письмо от Анна Иванова, почта anna.ivanova@mail.ru. "
	filler := strings.Repeat("Клиент просит перезвонить. ", 3000)
	if b := []byte(letter + filler)[:maxValueChars]; utf8.Valid(b) {
		t.Fatal("the cut falls between characters: the test checks nothing")
	}
	insert := func(conn *pgx.Conn, table, typ, expr string) {
		t.Helper()
		execAll(t, conn, "CREATE TABLE "+table+" (id int, body "+typ+")")
		for i := range 20 {
			if _, err := conn.Exec(context.Background(), "INSERT INTO "+table+" VALUES ($1, "+expr+")", i, hex.EncodeToString([]byte(letter+filler))); err != nil {
				t.Fatal(err)
			}
		}
	}
	dsn, conn := startDB(t)
	insert(conn, "letter_bytes", "bytea", "decode($2, 'hex')")
	asciiDSN, ascii := newDatabase(t, "SQL_ASCII")
	insert(ascii, "letter_text", "text", "convert_from(decode($2, 'hex'), 'SQL_ASCII')")
	for d, col := range map[string]string{dsn: "public.letter_bytes.body", asciiDSN: "public.letter_text.body"} {
		e := scanPublic(t, d, ScanOptions{})[col]
		if e.WithPII != 20 || !slices.Contains(e.Categories, "user.contact.email") || !slices.Contains(e.Categories, "user.name") {
			t.Errorf("%s = %+v, want the name and the e-mail address in each of 20 values", col, e)
		}
	}
}

// wholeRunes drops only a character's first bytes at the cut, and only
// from a value as long as the cut.
func TestWholeRunes(t *testing.T) {
	pad := strings.Repeat("a", maxValueChars-4)
	for _, tc := range []struct{ in, want string }{
		{pad + "abc\xd0", pad + "abc"},                 // two-byte letter, one byte read
		{pad + "a\xf0\x9f\x98", pad + "a"},             // emoji, three of four read
		{pad + "abcd", pad + "abcd"},                   // whole
		{pad + "a\xd0\x9f\xff", pad + "a\xd0\x9f\xff"}, // not UTF-8: as it is
		{"abc\xd0", "abc\xd0"},                         // shorter than the cut: not cut
	} {
		if got := string(wholeRunes([]byte(tc.in))); got != tc.want {
			t.Errorf("wholeRunes(...%q) = ...%q, want ...%q", tc.in[max(0, len(tc.in)-6):], got[max(0, len(got)-6):], tc.want[max(0, len(tc.want)-6):])
		}
	}
}

// A table in a schema the role may not use (no USAGE) is reported so,
// not as a bare "permission denied" that has a DBA look for the SELECT
// grant the table has (a review).
func TestScanNamesAMissingSchemaUsage(t *testing.T) {
	dsn, conn := startDB(t)
	role := fmt.Sprintf("lethe_schema_%d", time.Now().UnixNano()%1e9)
	execAll(t, conn,
		"CREATE SCHEMA vertrieb",
		"CREATE TABLE vertrieb.kunden (id bigint, email text)",
		"INSERT INTO vertrieb.kunden VALUES (1, 'anna.mueller@web.de')",
		"CREATE ROLE "+role+" LOGIN PASSWORD 'usage'",
		"GRANT SELECT ON ALL TABLES IN SCHEMA vertrieb TO "+role,
	)
	auditor := roleDSN(t, dsn, role, "usage")
	entries, err := Scan(context.Background(), auditor, ScanOptions{Schemas: []string{"vertrieb"}}, pii.NewScanner())
	if err != nil {
		t.Fatal(err)
	}
	got := byColumn(entries)
	for _, col := range []string{"id", "email"} {
		e := got["vertrieb.kunden."+col]
		if e.Coverage != datamap.CoverageNone || !slices.Contains(e.Reasons, "not scanned: no USAGE privilege on its schema") {
			t.Errorf("kunden.%s: coverage %q reasons %v, want not scanned for the schema's USAGE privilege", col, e.Coverage, e.Reasons)
		}
	}
}

// A partitioned table with a foreign partition (old years archived to
// another server through postgres_fdw) is not read through its parent,
// which would query that system, as a foreign table is not read; its
// other partitions are read as tables of their own (a review found the
// archive's rows read, and counted, through the parent).
func TestScanForeignPartitionIsNotRead(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE EXTENSION file_fdw",
		"CREATE SERVER archive FOREIGN DATA WRAPPER file_fdw",
		"CREATE TABLE auftrag (id int, jahr int, email text) PARTITION BY LIST (jahr)",
		"CREATE TABLE auftrag_2024 PARTITION OF auftrag FOR VALUES IN (2024)",
		"INSERT INTO auftrag_2024 SELECT g, 2024, 'neu' || g || '@web.de' FROM generate_series(1, 30) g",
		// a partitioned partition: one local, one foreign partition
		"CREATE TABLE auftrag_alt PARTITION OF auftrag FOR VALUES IN (2018, 2019) PARTITION BY LIST (jahr)",
		"CREATE TABLE auftrag_2018 PARTITION OF auftrag_alt FOR VALUES IN (2018)",
		"INSERT INTO auftrag_2018 SELECT g, 2018, 'alt' || g || '@web.de' FROM generate_series(1, 20) g",
		`CREATE FOREIGN TABLE auftrag_2019 PARTITION OF auftrag_alt FOR VALUES IN (2019)
		   SERVER archive OPTIONS (program 'echo 1,2019,archiv@web.de', format 'csv')`,
		// a partitioned table without a foreign partition is read as before
		"CREATE TABLE lokal (id int, email text) PARTITION BY RANGE (id)",
		"CREATE TABLE lokal_1 PARTITION OF lokal FOR VALUES FROM (0) TO (100)",
		"INSERT INTO lokal SELECT g, 'k' || g || '@web.de' FROM generate_series(1, 10) g",
		"ANALYZE",
	)
	got := scanPublic(t, dsn, ScanOptions{})
	for _, tc := range []struct {
		table    string
		seen     int64
		coverage string
		reason   string
	}{
		{"auftrag", 0, datamap.CoverageNone, "foreign"},
		{"auftrag_alt", 0, datamap.CoverageNone, "foreign"},
		{"auftrag_2019", 0, datamap.CoverageNone, "foreign table"},
		{"auftrag_2024", 30, datamap.CoverageSampled, "sample"},
		{"auftrag_2018", 20, datamap.CoverageSampled, "sample"},
		{"lokal", 10, datamap.CoverageSampled, "sample"},
	} {
		e, ok := got["public."+tc.table+".email"]
		if !ok || e.Seen != tc.seen || e.Coverage != tc.coverage || !slices.ContainsFunc(e.Reasons, func(r string) bool { return strings.Contains(r, tc.reason) }) {
			t.Errorf("%s.email: listed %v, seen %d coverage %q reasons %v; want %d seen, %q, a reason saying %q", tc.table, ok, e.Seen, e.Coverage, e.Reasons, tc.seen, tc.coverage, tc.reason)
		}
	}
	if _, ok := got["public.lokal_1.email"]; ok {
		t.Error("lokal_1, a partition of a table read whole, is listed on its own")
	}
}

// A materialized view created WITH NO DATA holds no rows until refreshed:
// it is reported so, not as a server error (SQLSTATE 55000) that says
// nothing to whoever reads the report.
func TestScanUnpopulatedMaterializedView(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TABLE kunden (id bigint, email text)",
		"INSERT INTO kunden VALUES (1, 'anna.mueller@web.de')",
		"CREATE MATERIALIZED VIEW kunden_mv AS SELECT * FROM kunden WITH NO DATA",
		"CREATE MATERIALIZED VIEW kunden_voll AS SELECT * FROM kunden",
	)
	got := scanPublic(t, dsn, ScanOptions{})
	if e := got["public.kunden_mv.email"]; e.Coverage != datamap.CoverageNone ||
		!slices.ContainsFunc(e.Reasons, func(r string) bool { return strings.Contains(r, "materialized view not populated") }) {
		t.Errorf("kunden_mv.email: coverage %q reasons %v, want not scanned as a materialized view not populated", e.Coverage, e.Reasons)
	}
	if e := got["public.kunden_voll.email"]; !e.Personal || e.Coverage != datamap.CoverageSampled {
		t.Errorf("kunden_voll.email: personal %v coverage %q, want read and personal", e.Personal, e.Coverage)
	}
}

// A sample drawn at random is sorted on random() with the table's columns,
// not with the values cut from them: the sort of the values read, of up
// to 64 KiB each, spilled to the production server's disk (a review saw
// 237 MB of temporary files for one table of documents), where the
// columns' TOAST pointers fit in memory. A column named as the sorted
// subquery is read as the column.
func TestSampleSortKeepsToastedValuesOut(t *testing.T) {
	_, conn := startDB(t)
	ctx := context.Background()
	execAll(t, conn,
		"CREATE TABLE dokumente (sample int, inhalt text, anhang bytea)", // a column named as the subquery
		"ALTER TABLE dokumente ALTER inhalt SET STORAGE EXTERNAL, ALTER anhang SET STORAGE EXTERNAL",
		"INSERT INTO dokumente SELECT g, repeat(md5(g::text), 256), convert_to(repeat(md5(g::text), 256), 'UTF8') FROM generate_series(1, 500) g",
		"ANALYZE dokumente",
		"SET work_mem = '64kB'",
	)
	tables, err := listTables(ctx, conn, []string{"public"})
	if err != nil || len(tables) != 1 {
		t.Fatalf("listed %d tables (%v)", len(tables), err)
	}
	sql, how := sampleQuery(tables[0], 50)
	if !strings.Contains(how, "TABLESAMPLE") {
		t.Fatalf("sample %q: the test checks no sort", how)
	}
	var plan string
	if err := conn.QueryRow(ctx, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, FORMAT JSON) "+sql).Scan(&plan); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, `"Sort Space Type": "Memory"`) || strings.Contains(plan, `"Sort Space Type": "Disk"`) {
		t.Errorf("the sample's sort spills to disk:\n%s\n%s", sql, plan)
	}
}

// A connection string pgx cannot parse gets an error that says what to
// fix, still without quoting the string or a path in it: "failed to parse
// as keyword/value" for host:port, a connection to the default host for a
// JDBC URL (read as key=value) and "failed to configure TLS" for a
// missing certificate left a DBA guessing (a review).
func TestScanBadDSNSaysWhatIsWrong(t *testing.T) {
	for _, tc := range []struct{ dsn, want string }{
		{"jdbc:postgresql://db.example.com/crm?password=S3cret", "a JDBC URL without its jdbc: prefix"},
		{"db.example.com:5432/crm", "key=value pairs"},
		{"host=db.example.com password='S3cret", "unterminated quoted string"},
		{"postgres://u@db.example.com/crm?sslmode=S3cret", "sslmode is invalid"},
		{"host=db.example.com sslmode=verify-full sslrootcert=/home/anna.mueller/S3cret.crt", "unable to read CA file: no such file or directory"},
		{"host=db.example.com sslcert=/home/anna.mueller/S3cret.crt", `both "sslcert" and "sslkey" are required`},
	} {
		_, err := Scan(context.Background(), tc.dsn, ScanOptions{}, pii.NewScanner())
		var de *DSNError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "S3cret") || strings.Contains(err.Error(), "anna") {
			t.Errorf("%d-byte DSN: %v, want a DSNError saying %q, quoting nothing of it", len(tc.dsn), err, tc.want)
		}
	}
}

// A statement timeout below a millisecond, which PostgreSQL cannot set,
// is a millisecond, not "0ms", which is none (a review).
func TestScanSubMillisecondTimeoutIsNotNone(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TYPE stimmung AS ENUM ('ruhig')",
		"CREATE FUNCTION stimmung_text(stimmung) RETURNS text LANGUAGE sql AS 'SELECT pg_sleep(0.05)::text || $1::name'",
		"CREATE CAST (stimmung AS text) WITH FUNCTION stimmung_text(stimmung)",
		"CREATE TABLE langsam (s stimmung)",
		"INSERT INTO langsam SELECT 'ruhig' FROM generate_series(1, 5)")
	// The listing may time out too: either way nothing is read.
	entries, err := Scan(context.Background(), dsn, ScanOptions{Schemas: []string{"public"}, StatementTimeout: 500 * time.Microsecond}, pii.NewScanner())
	for _, e := range entries {
		if err == nil && e.Coverage != datamap.CoverageNone {
			t.Errorf("%s.%s read in 250 ms within a 0.5 ms statement timeout: %v", e.Table, e.Column, e.Reasons)
		}
	}
}

// The scan reads values as the stream does, through their types' output
// functions, and its queries call no cast nor overload a user of the
// database defined (a row-level security policy's functions run as the
// policy says): a cast from a type the user owns to text, or an overload
// of a built-in function in a schema on the search path, ran with the
// scanning role's privileges (a review made one run a program as the
// superuser scanning, COPY TO PROGRAM being allowed in a read-only
// transaction) and made the scan read what it returned, not what is
// stored.
func TestScanCallsNoUserFunction(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TYPE kontakt AS ENUM ('anna.mueller@web.de', 'jan.devries@ziggo.nl')",
		"CREATE TABLE kunden (k kontakt, kk kontakt[], mail text, docs bytea[])",
		`INSERT INTO kunden SELECT 'anna.mueller@web.de', ARRAY['jan.devries@ziggo.nl']::kontakt[], 'k' || g || '@web.de',
		   ARRAY[convert_to('k' || g || '@web.de', 'UTF8')] FROM generate_series(1, 20) g`,
		"CREATE FUNCTION kontakt_text(kontakt) RETURNS text LANGUAGE sql AS $$ SELECT 'nichts' $$",
		"CREATE CAST (kontakt AS text) WITH FUNCTION kontakt_text(kontakt)",
		"CREATE FUNCTION kontakte_text(kontakt[]) RETURNS text LANGUAGE sql AS $$ SELECT 'nichts' $$",
		"CREATE CAST (kontakt[] AS text) WITH FUNCTION kontakte_text(kontakt[])",
		// an exact match beats pg_catalog's polymorphic unnest(anyarray)
		`CREATE FUNCTION public.unnest(bytea[]) RETURNS SETOF bytea LANGUAGE sql AS $$ SELECT '\x00'::bytea $$`,
		// and a search path naming pg_catalog after public puts public's left first
		"CREATE FUNCTION public.left(text, integer) RETURNS text LANGUAGE sql AS $$ SELECT 'nichts' $$",
		`DO $$BEGIN EXECUTE format('ALTER DATABASE %I SET search_path = public, pg_catalog', current_database()); END$$`,
	)
	got := scanPublic(t, dsn, ScanOptions{})
	for _, col := range []string{"k", "kk", "mail", "docs"} {
		if e := got["public.kunden."+col]; e.WithPII != 20 || !slices.Contains(e.Categories, "user.contact.email") {
			t.Errorf("kunden.%s = %+v, want the e-mail address stored in each of 20 values", col, e)
		}
	}
}

// A table dropped, or a column of it, while the scan reads the tables
// before it (a migration on a live CRM) is reported so, not as a bare
// "server error (SQLSTATE 42P01)"; so is a write a policy's function
// tried, as TestScanCannotWrite's.
func TestScanSaysWhatChangedMeanwhile(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TABLE a_first (email text)", "INSERT INTO a_first VALUES ('anna.mueller@web.de')",
		"CREATE TABLE b_goes (email text)", "INSERT INTO b_goes VALUES ('anna.mueller@web.de')",
		"CREATE TABLE c_shrinks (id int, email text)", "INSERT INTO c_shrinks VALUES (1, 'anna.mueller@web.de')",
	)
	progress := func(table string, _, _ int) {
		if table == "public.a_first" {
			execAll(t, conn, "DROP TABLE b_goes", "ALTER TABLE c_shrinks DROP COLUMN email")
		}
	}
	entries, err := Scan(context.Background(), dsn, ScanOptions{Schemas: []string{"public"}, Progress: progress}, pii.NewScanner())
	if err != nil {
		t.Fatal(err)
	}
	got := byColumn(entries)
	for col, want := range map[string]string{
		"public.b_goes.email":  "not scanned: the table was dropped or renamed since it was listed (SQLSTATE 42P01)",
		"public.c_shrinks.id":  "not scanned: a column was dropped or renamed since the table was listed (SQLSTATE 42703)",
		"public.a_first.email": "sample: first rows, LIMIT 2000 (1 read)",
	} {
		if e := got[col]; !slices.Contains(e.Reasons, want) {
			t.Errorf("%s: reasons %v, want %q", col, e.Reasons, want)
		}
	}
}

// A scan cancelled part way (Ctrl-C, a deadline) returns what it found in
// the tables it finished, and every other table listed as not scanned
// for the interruption, with an *InterruptedError: it returned nothing, and
// an hour's audit of a large CRM was lost to the last table (a review).
func TestScanInterruptedKeepsFinishedTables(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TABLE a_kunden (id bigint, email text)",
		"CREATE TABLE b_kontakte (id bigint, email text)",
		"CREATE TABLE c_notizen (id bigint, email text)",
		"CREATE EXTENSION file_fdw",
		"CREATE SERVER archive FOREIGN DATA WRAPPER file_fdw",
		"CREATE FOREIGN TABLE d_archiv (id bigint, email text) SERVER archive OPTIONS (program 'echo 1,archiv@web.de', format 'csv')",
		"INSERT INTO a_kunden VALUES (1, 'anna.mueller@web.de')",
		"INSERT INTO b_kontakte VALUES (1, 'jan.devries@ziggo.nl')",
		"INSERT INTO c_notizen VALUES (1, 'p.nowak@wp.pl')",
	)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opt := ScanOptions{Schemas: []string{"public"}, Progress: func(table string, done, total int) {
		if done == 2 {
			// As a signal or a deadline ends the context: between
			// two tables here, the next one not begun.
			cancel()
		}
	}}
	entries, err := Scan(ctx, dsn, opt, pii.NewScanner())
	var ie *InterruptedError
	if !errors.As(err, &ie) || ie.Scanned != 2 || ie.Total != 4 || !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want an *InterruptedError after 2 of 4 tables wrapping context.Canceled", err)
	}
	got := byColumn(entries)
	if len(got) != 8 {
		t.Errorf("%d entries, want 8: every column of every table listed", len(got))
	}
	for _, tc := range []struct{ table, coverage, reason string }{
		{"a_kunden", datamap.CoverageSampled, "sample"},
		{"b_kontakte", datamap.CoverageSampled, "sample"},
		{"c_notizen", datamap.CoverageNone, "not scanned: the scan was interrupted before this table"},
		{"d_archiv", datamap.CoverageNone, "not scanned: a foreign table"},
	} {
		e, ok := got["public."+tc.table+".email"]
		if !ok || e.Coverage != tc.coverage || !slices.ContainsFunc(e.Reasons, func(r string) bool { return strings.HasPrefix(r, tc.reason) }) {
			t.Errorf("%s.email listed %v coverage %q reasons %v, want %q and a reason %q", tc.table, ok, e.Coverage, e.Reasons, tc.coverage, tc.reason)
		}
	}
	if e := got["public.b_kontakte.email"]; !e.Personal || e.Seen != 1 {
		t.Errorf("b_kontakte.email personal %v seen %d, want its finished read kept", e.Personal, e.Seen)
	}
	if !slices.IsSortedFunc(entries, func(a, b datamap.Entry) int { return strings.Compare(a.Table+"."+a.Column, b.Table+"."+b.Column) }) {
		t.Errorf("entries not sorted")
	}
}

// cancelling is a detector that ends the scan's context at the first value
// of the column named at.
type cancelling struct {
	s      *pii.Scanner
	at     string
	cancel context.CancelFunc
}

func (c cancelling) ScanField(field, value string, dst []pii.Finding) []pii.Finding {
	if field == c.at {
		c.cancel()
	}
	return c.s.ScanField(field, value, dst)
}

// Interrupted while it reads a table (Ctrl-C in the middle of a large
// one), the scan keeps the rows read of it as a partial read, or none, and
// the tables finished before it.
func TestScanInterruptedWhileReading(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TABLE a_kunden (id bigint, email text)",
		"CREATE TABLE b_notizen (id bigint, notiz text)",
		"CREATE TABLE c_kontakte (id bigint, email text)",
		"INSERT INTO a_kunden VALUES (1, 'anna.mueller@web.de')",
		// Rows enough that the read is still going when the context
		// ends: more than the connection's buffers hold.
		"INSERT INTO b_notizen SELECT g, 'Rückruf bei jan.devries@ziggo.nl ' || repeat('x', 8000) FROM generate_series(1, 2000) g",
		"INSERT INTO c_kontakte VALUES (1, 'p.nowak@wp.pl')",
	)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	entries, err := Scan(ctx, dsn, ScanOptions{Schemas: []string{"public"}}, cancelling{pii.NewScanner(), "notiz", cancel})
	var ie *InterruptedError
	if !errors.As(err, &ie) || ie.Scanned != 1 || ie.Total != 3 || !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want an *InterruptedError after 1 of 3 tables", err)
	}
	got := byColumn(entries)
	if e := got["public.a_kunden.email"]; !e.Personal || e.Coverage != datamap.CoverageSampled {
		t.Errorf("a_kunden.email: personal %v coverage %q, want its read kept", e.Personal, e.Coverage)
	}
	e := got["public.b_notizen.notiz"]
	switch e.Coverage {
	case datamap.CoveragePartial:
		if e.Seen < 1 || e.Seen >= 2000 || !slices.ContainsFunc(e.Reasons, func(r string) bool {
			return strings.HasPrefix(r, "partly scanned (") && strings.Contains(r, "read): the scan was interrupted")
		}) {
			t.Errorf("b_notizen.notiz: seen %d reasons %v, want the rows read before the interruption and a reason saying so", e.Seen, e.Reasons)
		}
	case datamap.CoverageNone:
		if !slices.ContainsFunc(e.Reasons, func(r string) bool {
			return strings.HasPrefix(r, "not scanned: the scan was interrupted while it read this table")
		}) {
			t.Errorf("b_notizen.notiz: reasons %v, want the interruption", e.Reasons)
		}
	default:
		t.Errorf("b_notizen.notiz: coverage %q seen %d, want partial or none: the read was interrupted", e.Coverage, e.Seen)
	}
	if e := got["public.c_kontakte.email"]; e.Coverage != datamap.CoverageNone || e.Seen != 0 {
		t.Errorf("c_kontakte.email: coverage %q seen %d, want not scanned", e.Coverage, e.Seen)
	}
}

// terminateScan ends the scan's backend from conn, as an administrator
// does with pg_terminate_backend (a server shutting down ends it with the
// same SQLSTATE), and waits until it is gone.
func terminateScan(t *testing.T, conn *pgx.Conn) {
	t.Helper()
	ctx := context.Background()
	var pids []int32
	rows, err := conn.Query(ctx, "SELECT pid FROM pg_catalog.pg_stat_activity WHERE application_name = 'lethe-scan'")
	if err == nil {
		pids, err = pgx.CollectRows(rows, pgx.RowTo[int32])
	}
	if err != nil || len(pids) != 1 {
		t.Fatalf("the scan's backend: %v (%v), want one", pids, err)
	}
	var ended bool
	if err := conn.QueryRow(ctx, "SELECT pg_terminate_backend($1, 10000)", pids[0]).Scan(&ended); err != nil || !ended {
		t.Errorf("terminate the scan's backend: %v (%v), want it ended", ended, err)
	}
}

// lostConnection checks that err is a scan interrupted after scanned of
// total tables by the loss of its connection, and returns the cause it
// names; err's text holds none of the values in the tables.
func lostConnection(t *testing.T, err error, scanned, total int, values ...string) *ConnectionLostError {
	t.Helper()
	var ie *InterruptedError
	var lost *ConnectionLostError
	if !errors.As(err, &ie) || ie.Scanned != scanned || ie.Total != total || !errors.As(err, &lost) {
		t.Fatalf("err %v, want an *InterruptedError after %d of %d tables caused by a *ConnectionLostError", err, scanned, total)
	}
	if lost.Cause == "" || !strings.Contains(err.Error(), "connection to the server was lost ("+lost.Cause+")") {
		t.Errorf("err %q, cause %q: want the error to name the cause", err, lost.Cause)
	}
	for _, v := range values {
		if strings.Contains(err.Error(), v) {
			t.Errorf("err %q shows a value", err)
		}
	}
	return lost
}

// A scan whose connection is lost (a server restart, a network cut, an
// administrator's pg_terminate_backend, idle_session_timeout) returns
// what it found in the tables it finished, and the others listed as not
// scanned for it, with an *InterruptedError: it returned nothing, as
// when it was interrupted before (a review).
func TestScanConnectionLostBetweenTables(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TABLE a_kunden (id bigint, email text)",
		"CREATE TABLE b_kontakte (id bigint, email text)",
		"CREATE TABLE c_notizen (id bigint, email text)",
		"CREATE EXTENSION file_fdw",
		"CREATE SERVER archive FOREIGN DATA WRAPPER file_fdw",
		"CREATE FOREIGN TABLE d_archiv (id bigint, email text) SERVER archive OPTIONS (program 'echo 1,archiv@web.de', format 'csv')",
		"INSERT INTO a_kunden VALUES (1, 'anna.mueller@web.de')",
		"INSERT INTO b_kontakte VALUES (1, 'jan.devries@ziggo.nl')",
		"INSERT INTO c_notizen VALUES (1, 'p.nowak@wp.pl')",
	)
	opt := ScanOptions{Schemas: []string{"public"}, Progress: func(table string, done, total int) {
		if done == 2 {
			terminateScan(t, conn)
		}
	}}
	entries, err := Scan(context.Background(), dsn, opt, pii.NewScanner())
	lost := lostConnection(t, err, 2, 4, "anna.mueller", "devries", "nowak")
	got := byColumn(entries)
	if len(got) != 8 {
		t.Errorf("%d entries, want 8: every column of every table listed", len(got))
	}
	for _, tc := range []struct{ table, coverage, reason string }{
		{"a_kunden", datamap.CoverageSampled, "sample"},
		{"b_kontakte", datamap.CoverageSampled, "sample"},
		{"c_notizen", datamap.CoverageNone, "not scanned: the connection to the server was lost before this table (" + lost.Cause + ")"},
		{"d_archiv", datamap.CoverageNone, "not scanned: a foreign table"},
	} {
		e, ok := got["public."+tc.table+".email"]
		if !ok || e.Coverage != tc.coverage || !slices.ContainsFunc(e.Reasons, func(r string) bool { return strings.HasPrefix(r, tc.reason) }) {
			t.Errorf("%s.email listed %v coverage %q reasons %v, want %q and a reason %q", tc.table, ok, e.Coverage, e.Reasons, tc.coverage, tc.reason)
		}
	}
	if e := got["public.b_kontakte.email"]; !e.Personal || e.Seen != 1 {
		t.Errorf("b_kontakte.email personal %v seen %d, want its finished read kept", e.Personal, e.Seen)
	}
	// Ended idle, the backend said why before it went: the session is
	// read after the fact.
	if lost.Code != "" && lost.Code != "57P01" {
		t.Errorf("cause %q (SQLSTATE %s), want 57P01 (admin_shutdown) or none", lost.Cause, lost.Code)
	}
}

// terminating is a detector that has the scan's backend ended at the first
// value of the column named at.
type terminating struct {
	s    *pii.Scanner
	at   string
	kill func()
	once *sync.Once
}

func (d terminating) ScanField(field, value string, dst []pii.Finding) []pii.Finding {
	if field == d.at {
		d.once.Do(d.kill)
	}
	return d.s.ScanField(field, value, dst)
}

// A connection lost while the scan reads a table (pg_terminate_backend in
// the middle of a large one) keeps the rows read of it as a partial read,
// or none, and the tables finished before it.
func TestScanConnectionLostWhileReading(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		"CREATE TABLE a_kunden (id bigint, email text)",
		"CREATE TABLE b_notizen (id bigint, notiz text)",
		"CREATE TABLE c_kontakte (id bigint, email text)",
		"INSERT INTO a_kunden VALUES (1, 'anna.mueller@web.de')",
		// Rows enough that the read is still going when the backend
		// ends: more than the connection's buffers hold.
		"INSERT INTO b_notizen SELECT g, 'Rückruf bei jan.devries@ziggo.nl ' || repeat('x', 8000) FROM generate_series(1, 2000) g",
		"INSERT INTO c_kontakte VALUES (1, 'p.nowak@wp.pl')",
	)
	d := terminating{pii.NewScanner(), "notiz", func() { terminateScan(t, conn) }, &sync.Once{}}
	entries, err := Scan(context.Background(), dsn, ScanOptions{Schemas: []string{"public"}}, d)
	lost := lostConnection(t, err, 1, 3, "anna.mueller", "devries", "nowak", "Rückruf")
	got := byColumn(entries)
	if e := got["public.a_kunden.email"]; !e.Personal || e.Coverage != datamap.CoverageSampled {
		t.Errorf("a_kunden.email: personal %v coverage %q, want its read kept", e.Personal, e.Coverage)
	}
	e := got["public.b_notizen.notiz"]
	switch e.Coverage {
	case datamap.CoveragePartial:
		if e.Seen < 1 || e.Seen >= 2000 || !slices.ContainsFunc(e.Reasons, func(r string) bool {
			return strings.HasPrefix(r, "partly scanned (") && strings.Contains(r, "read): the connection to the server was lost ("+lost.Cause+")")
		}) {
			t.Errorf("b_notizen.notiz: seen %d reasons %v, want the rows read before the loss and a reason saying so", e.Seen, e.Reasons)
		}
	case datamap.CoverageNone:
		if !slices.ContainsFunc(e.Reasons, func(r string) bool {
			return strings.HasPrefix(r, "not scanned: the connection to the server was lost while it read this table ("+lost.Cause+")")
		}) {
			t.Errorf("b_notizen.notiz: reasons %v, want the loss", e.Reasons)
		}
	default:
		t.Errorf("b_notizen.notiz: coverage %q seen %d, want partial or none: the connection was lost", e.Coverage, e.Seen)
	}
	if e := got["public.c_kontakte.email"]; e.Coverage != datamap.CoverageNone || e.Seen != 0 ||
		!slices.ContainsFunc(e.Reasons, func(r string) bool {
			return strings.HasPrefix(r, "not scanned: the connection to the server was lost before this table")
		}) {
		t.Errorf("c_kontakte.email: coverage %q seen %d reasons %v, want not scanned for the loss", e.Coverage, e.Seen, e.Reasons)
	}
	for _, e := range entries {
		for _, r := range e.Reasons {
			if strings.Contains(r, "devries") || strings.Contains(r, "nowak") {
				t.Errorf("%s.%s: reason %q shows a value", e.Table, e.Column, r)
			}
		}
	}
}

// The time a table may take covers each statement it runs: a table whose
// size is measured (partitions never analyzed) runs two, each bounded by
// the statement timeout, and the limit allowed one; past it the scan's
// own deadline cut the sample short and reported a failure (a review).
// Here the size waits for two migrations' locks and the sample for a
// row-level security policy, each well within the statement timeout.
func TestScanTableLimitCoversBothStatements(t *testing.T) {
	dsn, conn := startDB(t)
	ctx := context.Background()
	defer func(s time.Duration) { stalledSlack = s }(stalledSlack)
	stalledSlack = 0 // the margin for a dead connection, a minute, out of the test's time
	const timeout, wait, rows = 10 * time.Second, 4 * time.Second, 8
	role := fmt.Sprintf("lethe_slow_%d", time.Now().UnixNano()%1e9)
	execAll(t, conn,
		"CREATE TABLE a_parts (id int, email text) PARTITION BY RANGE (id)",
		"CREATE TABLE a_parts_1 PARTITION OF a_parts FOR VALUES FROM (0) TO (100) WITH (autovacuum_enabled = false)",
		"CREATE TABLE a_parts_2 PARTITION OF a_parts FOR VALUES FROM (100) TO (200) WITH (autovacuum_enabled = false)",
		fmt.Sprintf("INSERT INTO a_parts SELECT g, 'kunde' || g || '@web.de' FROM generate_series(1, %d) g", rows),
		"ALTER TABLE a_parts ENABLE ROW LEVEL SECURITY",
		// a second a row: the sample reads for about 8 s
		fmt.Sprintf("CREATE POLICY slow ON a_parts USING (pg_sleep(%f) IS NOT NULL AND id > 0)", (wait*2/rows).Seconds()),
		"CREATE TABLE b_next (id int, email text)",
		"INSERT INTO b_next VALUES (1, 'jan.devries@ziggo.nl')",
		"CREATE ROLE "+role+" LOGIN PASSWORD 'slow'",
		"GRANT SELECT ON ALL TABLES IN SCHEMA public TO "+role,
	)
	auditor := roleDSN(t, dsn, role, "slow")
	// Two migrations, each holding a partition's lock until the scan has
	// waited for it a while (within the lock timeout, 5 s).
	var holders []pgx.Tx
	for _, p := range []string{"a_parts_1", "a_parts_2"} {
		tx, err := connect(t, dsn).Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, "LOCK TABLE "+p+" IN ACCESS EXCLUSIVE MODE"); err != nil {
			t.Fatal(err)
		}
		holders = append(holders, tx)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, tx := range holders {
			// until the scan waits for a lock
			for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				var waiting bool
				err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid)
				  WHERE NOT l.granted AND a.application_name = 'lethe-scan')`).Scan(&waiting)
				if err != nil || waiting {
					break
				}
			}
			time.Sleep(wait)
			tx.Rollback(ctx)
		}
	}()
	start := time.Now()
	entries, err := Scan(ctx, auditor, ScanOptions{Schemas: []string{"public"}, StatementTimeout: timeout}, pii.NewScanner())
	<-done
	if err != nil {
		t.Fatal(err)
	}
	got := byColumn(entries)
	if e := got["public.a_parts.email"]; e.Seen != rows || slices.ContainsFunc(e.Reasons, func(r string) bool { return strings.Contains(r, "read failed") || strings.Contains(r, "SQLSTATE") }) {
		t.Errorf("a_parts.email: seen %d reasons %v after %v, want its %d rows read within two statement timeouts", e.Seen, e.Reasons, time.Since(start).Round(time.Second), rows)
	}
	if e := got["public.b_next.email"]; !e.Personal || e.Coverage != datamap.CoverageSampled {
		t.Errorf("b_next.email: personal %v coverage %q reasons %v, want the next table read", e.Personal, e.Coverage, e.Reasons)
	}
}

// A birth date stored as a timestamp (a CRM's geburtsdatum timestamptz at
// midnight) is a birth date, as one stored as a date is, and a timestamp
// in another column is none, in whatever DateStyle the database, the role
// or the connection string sets: the scan reads dates and times as the
// stream gets them from Debezium, in ISO form. Read in the Postgres style
// ("Sat May 17 00:00:00 1980 UTC", "05-17-1980"), created_at was reported
// as a phone number, and dob as one besides a birth date.
func TestScanBirthDatesAndTimestamps(t *testing.T) {
	dsn, conn := startDB(t)
	execAll(t, conn,
		`CREATE TABLE kunden (id int, geburtsdatum timestamptz, date_of_birth timestamp(0), dob date, naissance timestamp,
		  created_at timestamptz, updated_at timestamp)`,
		`INSERT INTO kunden SELECT g, timestamptz '1950-01-01 00:00:00+00' + d, timestamp '1950-01-01' + d, date '1950-01-01' + (g * 97 % 20000),
		  timestamp '1950-01-01' + d, timestamptz '2024-01-01 00:00:00+00' + g * interval '77 minutes 13.654321 seconds', timestamp '2024-01-01' + g * interval '3 hours 7 seconds'
		  FROM generate_series(1, 200) g, LATERAL (SELECT (g * 97 % 20000) * interval '1 day' AS d) x`,
	)
	for _, style := range []string{"", "ISO,DMY", "Postgres,MDY", "Postgres,DMY", "SQL,MDY", "German,DMY"} {
		d := dsn
		if style != "" {
			d = withParam(dsn, "DateStyle", style)
		}
		got := scanPublic(t, d, ScanOptions{})
		for _, col := range []string{"geburtsdatum", "date_of_birth", "dob", "naissance"} {
			if e := got["public.kunden."+col]; !e.Personal || !slices.Equal(family(e.Categories), []string{"date_of_birth"}) {
				t.Errorf("DateStyle %q: kunden.%s personal %v categories %v reasons %v, want a date of birth alone", style, col, e.Personal, e.Categories, e.Reasons)
			}
		}
		for _, col := range []string{"created_at", "updated_at"} {
			if e := got["public.kunden."+col]; e.Personal || len(e.Categories) > 0 {
				t.Errorf("DateStyle %q: kunden.%s personal %v categories %v reasons %v, want nothing personal", style, col, e.Personal, e.Categories, e.Reasons)
			}
		}
	}
}
