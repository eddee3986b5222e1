package evaluation

import (
	"cmp"
	"slices"
	"time"

	"github.com/lethe-cdc/lethe/pipeline/pii"
)

// Detector is what Evaluate measures: anything that scans one field value
// the way *pii.Scanner does.
type Detector interface {
	ScanField(field, value string, dst []pii.Finding) []pii.Finding
}

// families groups fideslang categories into the families a match is judged
// by. A detector that calls a Steuer-ID a national id rather than a tax id,
// or a street a postal address, has found the right thing.
var families = map[pii.Category]string{
	pii.Email:          "email",
	pii.Phone:          "phone",
	pii.Address:        "address",
	pii.Street:         "address",
	pii.PostalCode:     "address",
	pii.City:           "address",
	pii.Country:        "address",
	pii.Name:           "name",
	pii.GivenName:      "name",
	pii.FamilyName:     "name",
	pii.DateOfBirth:    "date_of_birth",
	pii.Gender:         "demographic",
	pii.BankAccount:    "bank_account",
	pii.Financial:      "bank_account",
	pii.CreditCard:     "credit_card",
	pii.NationalID:     "government_id",
	pii.TaxID:          "government_id",
	pii.Passport:       "government_id",
	pii.DriversLicence: "government_id",
	pii.IPAddress:      "ip_address",
	pii.DeviceID:       "device_id",
	pii.PreciseGeo:     "geolocation",
	pii.UniqueID:       "unique_id",
	pii.Health:         "special_category",
	pii.Religion:       "special_category",
	pii.Political:      "special_category",
	pii.Sexual:         "special_category",
	pii.Ethnicity:      "special_category",
	pii.Biometric:      "special_category",
	pii.Criminal:       "special_category",
}

// FamilyOf returns the family of a category ("email", "address",
// "government_id", ...), or "" for a category lethe does not know.
func FamilyOf(c pii.Category) string { return families[c] }

// EntityType maps a category to the coarse entity types Presidio reports,
// for a side-by-side comparison: EMAIL_ADDRESS, PHONE_NUMBER, IBAN_CODE,
// CREDIT_CARD, IP_ADDRESS, PERSON, LOCATION, DATE_TIME, NATIONAL_ID (every
// government identifier: Presidio's US_SSN, UK_NHS, ES_NIF, IT_FISCAL_CODE,
// PL_PESEL, ... all map here). Categories Presidio has no type for keep a
// name of their own (FINANCIAL for BICs, DEVICE_ID, GEO, ...).
func EntityType(c pii.Category) string {
	switch c {
	case pii.Email:
		return "EMAIL_ADDRESS"
	case pii.Phone:
		return "PHONE_NUMBER"
	case pii.BankAccount:
		return "IBAN_CODE"
	case pii.CreditCard:
		return "CREDIT_CARD"
	case pii.IPAddress:
		return "IP_ADDRESS"
	case pii.DateOfBirth:
		return "DATE_TIME"
	case pii.Financial:
		return "FINANCIAL"
	case pii.DeviceID:
		return "DEVICE_ID"
	case pii.PreciseGeo:
		return "GEO"
	}
	switch families[c] {
	case "name":
		return "PERSON"
	case "address":
		return "LOCATION"
	case "government_id":
		return "NATIONAL_ID"
	case "":
		return "OTHER"
	}
	return string(c)
}

// Row holds the counts and scores of one category family (or entity type).
//
// The match rule: a predicted span matches a gold span when both are of the
// same family and their byte ranges overlap. Findings of one family that
// overlap each other, or the same gold span of the family, are merged first,
// so a column hint and a value detector firing on the same value count once,
// and so do the pieces of a value found in pieces. Recall is the share of gold spans
// overlapped by a prediction of their family (Found / Gold); precision the
// share of predicted spans that overlap a gold span of their family
// (Correct / Predicted).
type Row struct {
	Name      string  `json:"name"`
	Gold      int     `json:"gold"`      // gold spans
	Found     int     `json:"found"`     // gold spans matched
	Predicted int     `json:"predicted"` // merged predicted spans
	Correct   int     `json:"correct"`   // predicted spans that match a gold span
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// Exact counts matched gold spans whose bounds some finding of the family
	// hits exactly; Exact/Found says how well the boundaries are drawn.
	Exact int `json:"exact"`
	// Confused counts wrong predictions that overlap a gold span of another
	// family: right place, wrong kind.
	Confused int `json:"confused"`
}

// finish computes the rates. A rate with nothing to divide by is 1 only when
// there was nothing to find and nothing was claimed (a clean run on hard
// negatives), and 0 otherwise: a family never predicted has not earned
// precision 1, nor one predicted where it had no gold recall 1.
func (r *Row) finish() {
	empty := r.Gold == 0 && r.Predicted == 0
	r.Precision = ratio(r.Correct, r.Predicted, empty)
	r.Recall = ratio(r.Found, r.Gold, empty)
	if r.Precision+r.Recall > 0 {
		r.F1 = 2 * r.Precision * r.Recall / (r.Precision + r.Recall)
	}
}

// ratio is a/b; when b is 0, 1 if empty (nothing to find, nothing claimed)
// and 0 otherwise.
func ratio(a, b int, empty bool) float64 {
	if b == 0 {
		if empty {
			return 1
		}
		return 0
	}
	return float64(a) / float64(b)
}

func (r *Row) add(o Row) {
	r.Gold += o.Gold
	r.Found += o.Found
	r.Predicted += o.Predicted
	r.Correct += o.Correct
	r.Exact += o.Exact
	r.Confused += o.Confused
}

// KindRecall is the recall of one generator kind of the corpus ("iban_pl",
// "fr_nir", "phone_us", ...), the place to look for what a detector misses.
type KindRecall struct {
	Kind   string  `json:"kind"`
	Gold   int     `json:"gold"`
	Found  int     `json:"found"`
	Recall float64 `json:"recall"`
}

// Report is the result of an evaluation.
type Report struct {
	// MinScore is the confidence below which findings were dropped before
	// scoring (MinScore), set by the caller: the figures depend on it.
	MinScore  float64 `json:"min_score"`
	Samples   int     `json:"samples"`
	Negatives int     `json:"negatives"` // samples without gold spans
	Bytes     int64   `json:"bytes"`
	// Duration is the time spent in the detector (zero when Score was given
	// predictions made elsewhere); ValuesPerSec and MBPerSec follow from it.
	Duration     time.Duration `json:"duration_ns"`
	ValuesPerSec float64       `json:"values_per_sec"`
	MBPerSec     float64       `json:"mb_per_sec"`
	// Families has one row per category family, sorted by name; Micro sums them.
	Families []Row `json:"families"`
	Micro    Row   `json:"micro"`
	// Entities has the same counts at Presidio's entity-type level (EntityType).
	Entities []Row `json:"entities"`
	// NegativeFP counts hard-negative samples in which anything was found.
	NegativeFP int          `json:"negative_samples_flagged"`
	Kinds      []KindRecall `json:"kinds"`
}

// Family returns the row of a family and whether it was in the report.
func (r Report) Family(name string) (Row, bool) {
	for _, f := range r.Families {
		if f.Name == name {
			return f, true
		}
	}
	return Row{}, false
}

// Entity returns the row of an entity type and whether it was in the report.
func (r Report) Entity(name string) (Row, bool) {
	for _, f := range r.Entities {
		if f.Name == name {
			return f, true
		}
	}
	return Row{}, false
}

// MinScore returns d with the findings scored below min dropped, as the
// engine drops those under the policy's min_score: the scanner keeps
// findings from pii.DefaultMinScore (0.4) on, the default policy masks them
// from 0.5, so a scanner measured alone is credited with values the pipeline
// lets through raw.
func MinScore(d Detector, min float64) Detector { return minScore{d, min} }

type minScore struct {
	d   Detector
	min float64
}

func (m minScore) ScanField(field, value string, dst []pii.Finding) []pii.Finding {
	base := len(dst)
	dst = m.d.ScanField(field, value, dst)
	out := dst[:base]
	for _, f := range dst[base:] {
		if f.Score >= m.min {
			out = append(out, f)
		}
	}
	return out
}

// Evaluate runs d (a *pii.Scanner for `lethe eval`) over every sample and
// scores its findings against the gold spans. The time reported is the time
// spent in d only.
func Evaluate(d Detector, samples []Sample) Report {
	preds := make([][]pii.Finding, len(samples))
	var buf []pii.Finding
	var spent time.Duration
	for i, s := range samples {
		start := time.Now()
		buf = d.ScanField(s.Field, s.Value, buf[:0])
		spent += time.Since(start)
		preds[i] = slices.Clone(buf)
	}
	r := Score(samples, preds)
	r.Duration = spent
	if sec := spent.Seconds(); sec > 0 {
		r.ValuesPerSec = float64(r.Samples) / sec
		r.MBPerSec = float64(r.Bytes) / 1e6 / sec
	}
	return r
}

// Score compares predictions made elsewhere (predicted[i] belongs to
// samples[i]) with the gold spans. Findings with an unknown category are
// counted as wrong predictions of the family "other".
func Score(samples []Sample, predicted [][]pii.Finding) Report {
	rep := Report{Samples: len(samples)}
	fam := map[string]*Row{}
	ent := map[string]*Row{}
	kinds := map[string]*KindRecall{}
	for i, s := range samples {
		rep.Bytes += int64(len(s.Value))
		var pred []pii.Finding
		if i < len(predicted) {
			pred = predicted[i]
		}
		if len(s.Spans) == 0 {
			rep.Negatives++
			if len(pred) > 0 {
				rep.NegativeFP++
			}
		}
		found := scoreSample(s, pred, familyKey, fam)
		scoreSample(s, pred, EntityType, ent)
		for j, sp := range s.Spans {
			if sp.Kind == "" {
				continue
			}
			k := kinds[sp.Kind]
			if k == nil {
				k = &KindRecall{Kind: sp.Kind}
				kinds[sp.Kind] = k
			}
			k.Gold++
			if found[j] {
				k.Found++
			}
		}
	}
	rep.Families = rows(fam)
	rep.Entities = rows(ent)
	rep.Micro.Name = "micro"
	for _, r := range rep.Families {
		rep.Micro.add(r)
	}
	rep.Micro.finish()
	for _, k := range kinds {
		k.Recall = ratio(k.Found, k.Gold, false) // a kind exists by its gold spans
		rep.Kinds = append(rep.Kinds, *k)
	}
	slices.SortFunc(rep.Kinds, func(a, b KindRecall) int { return cmp.Compare(a.Kind, b.Kind) })
	return rep
}

// familyKey is FamilyOf with a name for unknown categories.
func familyKey(c pii.Category) string {
	if f := FamilyOf(c); f != "" {
		return f
	}
	return "other"
}

func rows(m map[string]*Row) []Row {
	out := make([]Row, 0, len(m))
	for _, r := range m {
		r.finish()
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b Row) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// span is a merged predicted span.
type span struct {
	key        string
	start, end int
}

func overlaps(a0, a1, b0, b1 int) bool { return a0 < b1 && b0 < a1 }

// scoreSample adds one sample's counts to acc under the grouping key and
// reports which gold spans were found.
func scoreSample(s Sample, pred []pii.Finding, key func(pii.Category) string, acc map[string]*Row) []bool {
	row := func(k string) *Row {
		r := acc[k]
		if r == nil {
			r = &Row{Name: k}
			acc[k] = r
		}
		return r
	}
	// Merge findings of one key that overlap each other or the same gold
	// span of the key: a span found in pieces ("+49 30" and "1234567") is
	// one true positive, not one per piece (ADR 0005).
	sameGold := func(a, b span) bool {
		for _, g := range s.Spans {
			if key(g.Category) == a.key && overlaps(a.start, a.end, g.Start, g.End) && overlaps(b.start, b.end, g.Start, g.End) {
				return true
			}
		}
		return false
	}
	merged := make([]span, 0, len(pred))
	for _, f := range pred {
		merged = append(merged, span{key(f.Category), f.Start, f.End})
	}
	slices.SortFunc(merged, func(a, b span) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
	out := merged[:0]
	for _, m := range merged {
		if n := len(out); n > 0 && out[n-1].key == m.key && (m.start < out[n-1].end || sameGold(out[n-1], m)) {
			out[n-1].end = max(out[n-1].end, m.end)
			continue
		}
		out = append(out, m)
	}
	merged = out

	found := make([]bool, len(s.Spans))
	for j, g := range s.Spans {
		k := key(g.Category)
		r := row(k)
		r.Gold++
		for _, m := range merged {
			if m.key == k && overlaps(m.start, m.end, g.Start, g.End) {
				found[j] = true
				break
			}
		}
		if !found[j] {
			continue
		}
		r.Found++
		for _, f := range pred {
			if key(f.Category) == k && f.Start == g.Start && f.End == g.End {
				r.Exact++
				break
			}
		}
	}
	for _, m := range merged {
		r := row(m.key)
		r.Predicted++
		hit, other := false, false
		for _, g := range s.Spans {
			if !overlaps(m.start, m.end, g.Start, g.End) {
				continue
			}
			if key(g.Category) == m.key {
				hit = true
				break
			}
			other = true
		}
		switch {
		case hit:
			r.Correct++
		case other:
			r.Confused++
		}
	}
	return found
}
