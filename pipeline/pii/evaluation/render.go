package evaluation

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"text/tabwriter"
)

// WriteTable writes the report as aligned text: one line per family, the
// micro-average, the entity-type view, and the kinds with recall below one.
func (r Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "samples %d (negatives %d, flagged %d), %.2f MB, min_score %g", r.Samples, r.Negatives, r.NegativeFP, float64(r.Bytes)/1e6, r.MinScore)
	if r.Duration > 0 {
		fmt.Fprintf(tw, ", %.0f values/s, %.2f MB/s", r.ValuesPerSec, r.MBPerSec)
	}
	fmt.Fprintln(tw)
	writeRows := func(title string, rows []Row) {
		fmt.Fprintf(tw, "\n%s\tgold\tfound\tpredicted\tcorrect\tprecision\trecall\tF1\texact\tconfused\t\n", title)
		for _, row := range rows {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%d\t%d\t\n", row.Name, row.Gold, row.Found,
				row.Predicted, row.Correct, row.Precision, row.Recall, row.F1, row.Exact, row.Confused)
		}
	}
	writeRows("family", append(append([]Row(nil), r.Families...), r.Micro))
	writeRows("entity type", r.Entities)
	fmt.Fprintf(tw, "\nkind (recall < 1)\tgold\tfound\trecall\t\n")
	for _, k := range r.Kinds {
		if k.Found < k.Gold {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t\n", k.Kind, k.Gold, k.Found, k.Recall)
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("evaluation: write table: %w", err)
	}
	return nil
}

// WriteJSON writes the report as one indented JSON object.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("evaluation: write json: %w", err)
	}
	return nil
}

var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": func(f float64) string { return fmt.Sprintf("%.1f", 100*f) },
	"bar": func(f float64) string { return fmt.Sprintf("%.1f", 300*f) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>lethe PII detection evaluation</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}
th:first-child,td:first-child{text-align:left}
.bars td{border:none;padding:1px 8px}.b{height:10px;display:block}
.p{background:#4e79a7}.r{background:#f28e2b}.f{background:#59a14f}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
</style></head><body>
<h1>PII detection evaluation</h1>
<p>{{.Samples}} samples ({{.Negatives}} hard negatives, {{.NegativeFP}} of them flagged), findings scored below {{.MinScore}} dropped{{if .Duration}}, {{printf "%.0f" .ValuesPerSec}} values/s, {{printf "%.2f" .MBPerSec}} MB/s{{end}}.
Micro-average: precision {{pct .Micro.Precision}}%, recall {{pct .Micro.Recall}}%, F1 {{pct .Micro.F1}}%.</p>
<p>A prediction matches a gold span when both are of the same category family and their byte ranges overlap.</p>
<h2>By family</h2>
<p class="legend"><span class="p"></span>precision<span class="r"></span>recall<span class="f"></span>F1</p>
<table class="bars">{{range .Families}}
<tr><td rowspan="3">{{.Name}}</td><td style="text-align:left"><span class="b p" style="width:{{bar .Precision}}px"></span></td><td>{{pct .Precision}}%</td></tr>
<tr><td style="text-align:left"><span class="b r" style="width:{{bar .Recall}}px"></span></td><td>{{pct .Recall}}%</td></tr>
<tr><td style="text-align:left"><span class="b f" style="width:{{bar .F1}}px"></span></td><td>{{pct .F1}}%</td></tr>{{end}}
</table>
<table><tr><th>family</th><th>gold</th><th>found</th><th>predicted</th><th>correct</th><th>precision</th><th>recall</th><th>F1</th><th>exact</th><th>confused</th></tr>
{{range .Families}}<tr><td>{{.Name}}</td><td>{{.Gold}}</td><td>{{.Found}}</td><td>{{.Predicted}}</td><td>{{.Correct}}</td><td>{{pct .Precision}}</td><td>{{pct .Recall}}</td><td>{{pct .F1}}</td><td>{{.Exact}}</td><td>{{.Confused}}</td></tr>
{{end}}{{with .Micro}}<tr><th>{{.Name}}</th><th>{{.Gold}}</th><th>{{.Found}}</th><th>{{.Predicted}}</th><th>{{.Correct}}</th><th>{{pct .Precision}}</th><th>{{pct .Recall}}</th><th>{{pct .F1}}</th><th>{{.Exact}}</th><th>{{.Confused}}</th></tr>{{end}}
</table>
<h2>By entity type</h2>
<table><tr><th>entity</th><th>gold</th><th>found</th><th>predicted</th><th>correct</th><th>precision</th><th>recall</th><th>F1</th></tr>
{{range .Entities}}<tr><td>{{.Name}}</td><td>{{.Gold}}</td><td>{{.Found}}</td><td>{{.Predicted}}</td><td>{{.Correct}}</td><td>{{pct .Precision}}</td><td>{{pct .Recall}}</td><td>{{pct .F1}}</td></tr>
{{end}}</table>
<h2>Recall by kind</h2>
<table><tr><th>kind</th><th>gold</th><th>found</th><th>recall</th></tr>
{{range .Kinds}}<tr><td>{{.Kind}}</td><td>{{.Gold}}</td><td>{{.Found}}</td><td>{{pct .Recall}}</td></tr>
{{end}}</table>
</body></html>
`))

// WriteHTML writes a self-contained HTML page (no scripts, no external
// resources) with a bar chart of precision, recall and F1 per family and the
// tables of WriteTable.
func (r Report) WriteHTML(w io.Writer) error {
	if err := htmlTmpl.Execute(w, r); err != nil {
		return fmt.Errorf("evaluation: write html: %w", err)
	}
	return nil
}
