package pii

import (
	"math"
	"slices"
	"strings"
)

// CategoryScore is the column-level evidence for one category.
type CategoryScore struct {
	Category Category
	Score    float64 // column-level score in [0,1]: mean value score, discounted when few values support it
	Values   int64   // values in which the category was found
}

// Verdict is what ColumnStats concludes about a column.
type Verdict struct {
	Personal   bool
	Categories []CategoryScore // sorted by Score, highest first
	Confidence float64         // column-level confidence in [0,1]
	Seen       int64           // values observed, nulls included
	NonNull    int64
	WithPII    int64   // values with at least one finding
	Share      float64 // WithPII / NonNull: a column with personal data in some rows only says so
	Reasons    []string
}

type catAcc struct {
	cat Category
	// sum is the sum of per-value scores in millionths: integer addition
	// gives the same total in whatever order partitions and lanes merge,
	// so a replay reproduces the data map to the last digit.
	sum    int64
	values int64
}

// scoreUnits converts a score to the millionths catAcc sums.
func scoreUnits(s float64) int64 { return int64(math.Round(s * 1e6)) }

// ColumnStats accumulates evidence over many values of one column. The zero
// value is ready to use; it is not safe for concurrent use (keep one per
// partition and Merge them).
type ColumnStats struct {
	seen, nonNull, withPII int64
	cats                   []catAcc
	reasons                []string
}

// Observe records one value: its findings (as returned by ScanField) and
// whether it was null. field is the column name, used only for reasons.
func (c *ColumnStats) Observe(field string, findings []Finding, null bool) {
	c.seen++
	if null {
		return
	}
	c.nonNull++
	if len(findings) == 0 {
		return
	}
	c.withPII++
	for i, f := range findings {
		dup := false
		for _, g := range findings[:i] {
			if g.Category == f.Category {
				dup = true
				break
			}
		}
		if !dup {
			best := f.Score
			for _, g := range findings[i+1:] {
				if g.Category == f.Category && g.Score > best {
					best = g.Score
				}
			}
			a := c.acc(f.Category)
			a.sum += scoreUnits(best)
			a.values++
		}
		c.addReason(f.Detector, field)
	}
}

func (c *ColumnStats) acc(cat Category) *catAcc {
	for k := range c.cats {
		if c.cats[k].cat == cat {
			return &c.cats[k]
		}
	}
	c.cats = append(c.cats, catAcc{cat: cat})
	return &c.cats[len(c.cats)-1]
}

// addReason records a detector name; a column hint is recorded with the
// column name ("column_hint:telefon_nr"). Values never appear.
func (c *ColumnStats) addReason(det, field string) {
	hinted := det == detectorNames[dColumnHint] && field != ""
	for _, r := range c.reasons {
		if !hinted && r == det {
			return
		}
		if hinted && len(r) == len(det)+1+len(field) && strings.HasPrefix(r, det) && r[len(det)] == ':' && strings.HasSuffix(r, field) {
			return
		}
	}
	if hinted {
		c.reasons = append(c.reasons, det+":"+field)
	} else {
		c.reasons = append(c.reasons, det)
	}
}

// Clone returns a copy of c that shares no memory with it.
func (c *ColumnStats) Clone() ColumnStats {
	d := *c
	d.cats, d.reasons = slices.Clone(c.cats), slices.Clone(c.reasons)
	return d
}

// Merge adds the evidence of o (e.g. another partition) to c.
func (c *ColumnStats) Merge(o *ColumnStats) {
	if o == nil {
		return
	}
	c.seen += o.seen
	c.nonNull += o.nonNull
	c.withPII += o.withPII
	for _, a := range o.cats {
		m := c.acc(a.cat)
		m.sum += a.sum
		m.values += a.values
	}
	for _, r := range o.reasons {
		if !slices.Contains(c.reasons, r) {
			c.reasons = append(c.reasons, r)
		}
	}
}

// PersonalThreshold is the column confidence from which a column is
// reported as holding personal data.
const PersonalThreshold = 0.5

// Verdict summarises the evidence. A category's column score is the mean of
// its per-value scores times its support, max(1-exp(-values/2), values/non-null):
// one hit in one row counts fully, one weak hit in ten thousand rows does not.
func (c *ColumnStats) Verdict() Verdict {
	v := Verdict{Seen: c.seen, NonNull: c.nonNull, WithPII: c.withPII}
	if c.nonNull > 0 {
		v.Share = float64(c.withPII) / float64(c.nonNull)
	}
	for _, a := range c.cats {
		if a.values == 0 {
			continue
		}
		avg := float64(a.sum) / 1e6 / float64(a.values)
		support := 1 - math.Exp(-float64(a.values)/2)
		if c.nonNull > 0 {
			support = math.Max(support, float64(a.values)/float64(c.nonNull))
		}
		s := math.Min(1, avg*support)
		v.Categories = append(v.Categories, CategoryScore{Category: a.cat, Score: s, Values: a.values})
	}
	slices.SortStableFunc(v.Categories, func(a, b CategoryScore) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return strings.Compare(string(a.Category), string(b.Category))
	})
	if len(v.Categories) > 0 {
		v.Confidence = v.Categories[0].Score
	}
	v.Personal = v.Confidence >= PersonalThreshold
	v.Reasons = slices.Clone(c.reasons)
	slices.Sort(v.Reasons)
	return v
}
