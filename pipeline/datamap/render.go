package datamap

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sort orders entries by table (and schema, for a table name two schemas
// share, and source topic, for one two CDC sources have), then column, so
// every output is stable and lists each source's columns together.
func Sort(entries []Entry) {
	slices.SortFunc(entries, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.Table, b.Table), cmp.Compare(a.Schema, b.Schema), cmp.Compare(a.SourceTopic, b.SourceTopic),
			cmp.Compare(a.Column, b.Column))
	})
}

// WriteJSON writes entries as one indented JSON array.
func WriteJSON(w io.Writer, entries []Entry) error {
	if entries == nil {
		entries = []Entry{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(entries); err != nil {
		return fmt.Errorf("datamap: write json: %w", err)
	}
	return nil
}

// csvHeader is the column order of WriteCSV.
var csvHeader = []string{"table", "column", "personal", "categories", "confidence", "share",
	"values_seen", "values_non_null", "values_with_pii", "reasons", "source_topic", "outputs", "recipients", "purposes", "first_seen", "last_seen", "coverage",
	"recipient_purposes", "policy"}

// cell makes a text cell safe to open in a spreadsheet: table and column
// names come from the scanned database, and a name such as
// =HYPERLINK(...) would run as a formula; a leading ' makes it text.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteCSV writes entries as CSV with a header row; list fields are joined
// with "|". Text cells that a spreadsheet would run as formulas are
// prefixed with '.
func WriteCSV(w io.Writer, entries []Entry) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("datamap: write csv: %w", err)
	}
	for _, e := range entries {
		row := []string{cell(e.TableName()), cell(e.Column), strconv.FormatBool(e.Personal), cell(strings.Join(e.Categories, "|")),
			strconv.FormatFloat(e.Confidence, 'f', 3, 64), strconv.FormatFloat(e.Share, 'f', 3, 64),
			strconv.FormatInt(e.Seen, 10), strconv.FormatInt(e.NonNull, 10), strconv.FormatInt(e.WithPII, 10),
			cell(strings.Join(e.Reasons, "|")), cell(e.SourceTopic), cell(strings.Join(e.Outputs, "|")), cell(strings.Join(e.Recipients, "|")),
			cell(strings.Join(e.Purposes, "|")), formatTime(e.FirstSeen), formatTime(e.LastSeen), e.Coverage,
			cell(recipientPurposes(e.RecipientPurposes, "|")), cell(e.Policy)}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("datamap: write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("datamap: write csv: %w", err)
	}
	return nil
}

// recipientPurposes renders purposes per recipient, recipients apart by
// sep: "marketing: direct_marketing, newsletter|support: customer_support"
// ("none stated" for a recipient the policy gives no purpose).
func recipientPurposes(m map[string][]string, sep string) string {
	var parts []string
	for _, r := range slices.Sorted(maps.Keys(m)) {
		ps := strings.Join(m[r], ", ")
		if ps == "" {
			ps = "none stated"
		}
		parts = append(parts, r+": "+ps)
	}
	return strings.Join(parts, sep)
}

func formatTime(t interface {
	IsZero() bool
	Format(string) string
}) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano) // as JSON writes it: one entry, one time in every format
}

// htmlReport is the view model of WriteHTML.
type htmlReport struct {
	Title      string
	Policies   []string // the policy versions that decided the entries' recipients
	Tables     []htmlTable
	Categories []htmlBar
	Columns    int
	Personal   int
	Unread     int  // columns a database audit could not read, or only in part
	Coverage   bool // entries of a database audit, which say how much was read
}

type htmlTable struct {
	Name    string
	Entries []Entry
}

type htmlBar struct {
	Category string
	Columns  int
	Width    int // percent of the longest bar
}

// WriteHTML writes a self-contained page a person can read: a summary, a bar
// chart of categories (how many columns hold each), and one table per source
// table. It needs no script or network access.
func WriteHTML(w io.Writer, title string, entries []Entry) error {
	rep := htmlReport{Title: title, Columns: len(entries)}
	counts := map[string]int{}
	for _, e := range entries {
		if len(rep.Tables) == 0 || rep.Tables[len(rep.Tables)-1].Name != e.TableName() {
			rep.Tables = append(rep.Tables, htmlTable{Name: e.TableName()})
		}
		t := &rep.Tables[len(rep.Tables)-1]
		t.Entries = append(t.Entries, e)
		if e.Coverage == CoverageNone || e.Coverage == CoveragePartial {
			rep.Unread++
		}
		rep.Coverage = rep.Coverage || e.Coverage != ""
		if e.Policy != "" && !slices.Contains(rep.Policies, e.Policy) {
			rep.Policies = append(rep.Policies, e.Policy)
		}
		if e.Personal {
			rep.Personal++
			for _, c := range e.Categories {
				// Each column once per kind of data: user.name.first
				// counts, not also the user.name it is part of.
				if !slices.ContainsFunc(e.Categories, func(o string) bool { return strings.HasPrefix(o, c+".") }) {
					counts[c]++
				}
			}
		}
	}
	max := 0
	for c, n := range counts {
		rep.Categories = append(rep.Categories, htmlBar{Category: c, Columns: n})
		if n > max {
			max = n
		}
	}
	slices.Sort(rep.Policies)
	slices.SortFunc(rep.Categories, func(a, b htmlBar) int {
		return cmp.Or(cmp.Compare(b.Columns, a.Columns), cmp.Compare(a.Category, b.Category))
	})
	for i := range rep.Categories {
		rep.Categories[i].Width = rep.Categories[i].Columns * 100 / max
	}
	if err := htmlTmpl.Execute(w, rep); err != nil {
		return fmt.Errorf("datamap: write html: %w", err)
	}
	return nil
}

var htmlTmpl = template.Must(template.New("datamap").Funcs(template.FuncMap{
	"pct":         func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" },
	"join":        func(s []string) string { return strings.Join(s, ", ") },
	"byRecipient": func(m map[string][]string) string { return recipientPurposes(m, "; ") },
	"day":         formatTime,
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin-bottom:2em;width:100%}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:14px}
th{background:#f0f0f0} tr.pii td:first-child{border-left:4px solid #c0392b}
.bar{background:#2c7fb8;height:16px;display:inline-block;vertical-align:middle}
table.chart{width:auto}
.chart td{border:none;padding:2px 8px}
.chart td.barcell{width:420px}
</style></head><body>
<h1>{{.Title}}</h1>
<p>{{.Personal}} of {{.Columns}} columns hold personal data lethe detects.{{if .Unread}} <strong>{{.Unread}} column{{if ne .Unread 1}}s{{end}} could not be read in full: unknown, not clean (see "why").</strong>{{end}}{{if .Policies}} Recipients and purposes as policy {{join .Policies}} decides them.{{end}}</p>
<details><summary>How to read this report</summary><dl>
<dt>personal</dt><dd>lethe's detectors or the column's name found personal data (names, contact details, identifiers, dates of birth, bank and card numbers, free text naming people) in the column. A column marked false can still relate to a person (a consent's purpose, an order's total in a customer's row): GDPR Art. 4(1) counts it, and its recipients are listed too.</dd>
<dt>categories</dt><dd>the kinds of personal data, in the fideslang taxonomy (user.contact.email is an e-mail address); the chart counts each column once per kind.</dd>
<dt>confidence</dt><dd>how sure lethe is of the categories, from how often and how strongly they were found; shown only for personal columns.</dd>
<dt>share with PII</dt><dd>of the values that were not empty, the share in which personal data was found.</dd>
<dt>values seen</dt><dd>values read from change events (inserts, updates, deletes, snapshots), empty ones included: not a count of rows or of people.</dd>
<dt>why</dt><dd>what found it: column_hint:&lt;word&gt; is the column's name, other names are detectors (email, iban, person_name...), policy: a rule of the policy.</dd>
<dt>outputs</dt><dd>the topics that carry the column, sanitized (not the topic of a recipient whose policy drops the whole column; one that drops some categories gets the values in which none was found).</dd>
<dt>recipients</dt><dd>who gets the column, and what lethe does to each category of it before they do: keep, mask, pseudonymize, tokenize or drop.</dd>
<dt>purposes</dt><dd>per recipient, the purposes the policy names (Art. 30(1)(b)).</dd>
<dt>coverage</dt><dd>(database audits) sampled: rows were read; partial: the read stopped part way; not_scanned: nothing was read, so the column is unknown, not clean.</dd>
</dl></details>
<h2>Data categories</h2>
<table class="chart">{{range .Categories}}<tr><td>{{.Category}}</td><td class="barcell"><span class="bar" style="width:{{.Width}}%"></span></td><td>{{.Columns}} column{{if ne .Columns 1}}s{{end}}</td></tr>{{end}}</table>
{{range .Tables}}<h2>{{.Name}}</h2>
<table><tr><th>column</th><th>personal</th><th>categories</th><th>confidence</th><th>share with PII</th><th>values seen</th><th>why</th><th>source</th><th>outputs</th><th>recipients</th><th>purposes</th><th>first seen</th><th>last seen</th>{{if $.Coverage}}<th>coverage</th>{{end}}</tr>
{{range .Entries}}<tr{{if .Personal}} class="pii"{{end}}><td>{{.Column}}</td><td>{{.Personal}}</td><td>{{join .Categories}}</td><td>{{if .Personal}}{{pct .Confidence}}{{else}}&ndash;{{end}}</td><td>{{pct .Share}}</td><td>{{.Seen}}</td><td>{{join .Reasons}}</td><td>{{.SourceTopic}}</td><td>{{join .Outputs}}</td><td>{{join .Recipients}}</td><td>{{if .RecipientPurposes}}{{byRecipient .RecipientPurposes}}{{else}}{{join .Purposes}}{{end}}</td><td>{{day .FirstSeen}}</td><td>{{day .LastSeen}}</td>{{if $.Coverage}}<td>{{.Coverage}}</td>{{end}}</tr>
{{end}}</table>{{end}}
</body></html>
`))
