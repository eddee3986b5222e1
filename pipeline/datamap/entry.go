// Package datamap is lethe's record of processing (GDPR Art. 30): for every
// table column, which categories of personal data it holds, how sure lethe is,
// how much of it was seen, where it came from and which outputs carry it.
//
// The stream keeps it up to date from every change event (pipeline.Tracker), a direct
// database audit builds it from samples (`lethe scan`), and both print it the
// same way (WriteJSON, WriteCSV, WriteHTML).
package datamap

import (
	"math"
	"strings"
	"time"

	"github.com/lethe-cdc/lethe/pipeline/pii"
)

// Entry describes one column of one table.
type Entry struct {
	// Table is schema-qualified, e.g. "public.customers".
	Table string `json:"table"`
	// Schema is Table's schema, which Table does not say when a name holds
	// a dot ("a.b"."c" and "a"."b.c" are both "a.b.c"); "" where unknown.
	Schema string `json:"schema,omitempty"`
	Column string `json:"column"`
	// Personal is true when the column holds personal data in at least some rows.
	Personal bool `json:"personal"`
	// Categories are fideslang data categories, most likely first.
	Categories []string `json:"categories"`
	// Confidence is the column-level confidence in [0,1] that Categories are right.
	Confidence float64 `json:"confidence"`
	// Seen counts values observed; NonNull those that were not null or empty;
	// WithPII those in which personal data was found.
	Seen    int64 `json:"values_seen"`
	NonNull int64 `json:"values_non_null"`
	WithPII int64 `json:"values_with_pii"`
	// Share is WithPII/NonNull: a column that holds PII only in some rows has
	// a share below one.
	Share float64 `json:"share"`
	// Reasons names the hints and detectors that fired, never values.
	Reasons []string `json:"reasons,omitempty"`
	// FirstSeen and LastSeen are event times of the first and last value seen.
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
	// SourceTopic is the CDC topic the column was read from ("" for scans).
	SourceTopic string `json:"source_topic,omitempty"`
	// Outputs are the lethe topics that carry (a sanitized form of) the column.
	Outputs []string `json:"outputs,omitempty"`
	// Recipients are the downstream recipients the policy sends the column to,
	// with the action applied for each, e.g. "analytics:pseudonymize"
	// (":keep" for a column in which nothing personal was found: a column
	// of a row about a person relates to that person all the same).
	Recipients []string `json:"recipients,omitempty"`
	// Purposes are the purposes those recipients process it for, as the
	// policy names them (Art. 30(1)(b)), all recipients' together.
	Purposes []string `json:"purposes,omitempty"`
	// RecipientPurposes are the purposes per recipient: which recipient
	// processes the column for which purpose.
	RecipientPurposes map[string][]string `json:"recipient_purposes,omitempty"`
	// Policy is the version of the policy that decided Outputs,
	// Recipients and Purposes ("" for scans).
	Policy string `json:"policy,omitempty"`
	// Coverage says how much of the column a database audit read:
	// CoverageSampled, CoveragePartial (the read failed part way, or
	// row-level security filtered the rows) or CoverageNone (no privilege,
	// a timeout or another error before any row, or no rows read from a
	// table estimated to hold some). A column not read is unknown, not
	// clean. Empty for the stream's map.
	Coverage string `json:"coverage,omitempty"`
}

// TableName is Table as a person reads it: as it is, or, where a name holds
// a dot, with the parts holding one quoted as in SQL ("a.b".c, see
// QualifiedName), which says where the schema ends.
func (e *Entry) TableName() string {
	table, ok := strings.CutPrefix(e.Table, e.Schema+".")
	if !ok || e.Schema == "" || !strings.Contains(e.Schema, ".") && !strings.Contains(table, ".") {
		return e.Table
	}
	return QualifiedName(e.Schema, table)
}

// QualifiedName names a table as schema.table, each part quoted as in SQL
// (QuoteIdent) when it holds a '.' or a '"': "a.b".c and a."b.c" are two
// tables. The data map and the database scan name tables so.
func QualifiedName(schema, table string) string {
	part := func(s string) string {
		if strings.ContainsAny(s, `."`) {
			return QuoteIdent(s)
		}
		return s
	}
	return part(schema) + "." + part(table)
}

// QuoteIdent quotes a schema, table or column name as SQL does: in double
// quotes, a double quote in it doubled.
func QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// The values of Entry.Coverage.
const (
	CoverageSampled = "sampled"
	CoveragePartial = "partial"
	CoverageNone    = "not_scanned"
)

// FromVerdict renders a column verdict as an entry without its location
// (table, column, source): the stream's tracker and the database scan
// describe a column the same way.
func FromVerdict(v pii.Verdict) Entry {
	// Three decimals, as the CSV shows it: 0.8500000000000001 is float
	// noise a reader of the JSON would take for precision. Not rounded up
	// to the threshold of a column not personal, though: 0.49996 shown as
	// 0.5 beside "personal": false reads as a column that reached it.
	conf := math.Round(v.Confidence*1000) / 1000
	if !v.Personal && conf >= pii.PersonalThreshold {
		conf = math.Floor(v.Confidence*1000) / 1000
	}
	e := Entry{Personal: v.Personal, Confidence: conf, Seen: v.Seen, NonNull: v.NonNull,
		WithPII: v.WithPII, Share: v.Share, Reasons: append([]string(nil), v.Reasons...), Categories: []string{}}
	for _, c := range v.Categories {
		e.Categories = append(e.Categories, string(c.Category))
	}
	return e
}
