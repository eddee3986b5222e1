package evaluation

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/pipeline/pii"
)

func f(c pii.Category, start, end int) pii.Finding {
	return pii.Finding{Category: c, Start: start, End: end, Score: 1, Detector: "test"}
}

func TestScoreMatchRule(t *testing.T) {
	// "Anna Weber, anna@web.de, DE89370400440532013000"
	note := Sample{Field: "notes", Value: "Anna Weber, anna@web.de, DE89370400440532013000", Spans: []Span{
		{Category: pii.Name, Start: 0, End: 10},
		{Category: pii.Email, Start: 12, End: 23},
		{Category: pii.BankAccount, Start: 25, End: 47},
	}}
	neg := Sample{Field: "order_no", Value: "ORD-2014-004711"}
	tests := []struct {
		name                        string
		pred                        []pii.Finding
		family                      string
		gold, found, predicted, hit int
		exact, confused             int
	}{
		{"exact", []pii.Finding{f(pii.Email, 12, 23)}, "email", 1, 1, 1, 1, 1, 0},
		{"overlap counts, boundary does not", []pii.Finding{f(pii.Email, 16, 23)}, "email", 1, 1, 1, 1, 0, 0},
		{"same family other category", []pii.Finding{f(pii.GivenName, 0, 4)}, "name", 1, 1, 1, 1, 0, 0},
		{"hint and detector merge", []pii.Finding{f(pii.Email, 12, 23), f(pii.Email, 11, 24)}, "email", 1, 1, 1, 1, 1, 0},
		// a span split in two is one true positive (ADR 0005), not two
		{"split in two is one", []pii.Finding{f(pii.BankAccount, 25, 29), f(pii.BankAccount, 30, 47)}, "bank_account", 1, 1, 1, 1, 0, 0},
		{"split in three is one", []pii.Finding{f(pii.Name, 0, 2), f(pii.Name, 3, 4), f(pii.GivenName, 5, 10)}, "name", 1, 1, 1, 1, 0, 0},
		{"a piece and a stray stay two", []pii.Finding{f(pii.Email, 10, 11), f(pii.Email, 12, 14)}, "email", 1, 1, 2, 1, 0, 0},
		{"wrong family is confused", []pii.Finding{f(pii.Phone, 25, 47)}, "phone", 0, 0, 1, 0, 0, 1},
		{"wrong family misses its gold", []pii.Finding{f(pii.Phone, 25, 47)}, "bank_account", 1, 0, 0, 0, 0, 0},
		{"wrong place on other gold", []pii.Finding{f(pii.Email, 0, 4)}, "email", 1, 0, 1, 0, 0, 1},
		{"touching is no overlap", []pii.Finding{f(pii.Email, 23, 25)}, "email", 1, 0, 1, 0, 0, 0},
		{"nothing found", nil, "name", 1, 0, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Score([]Sample{note, neg}, [][]pii.Finding{tt.pred, nil})
			row, _ := rep.Family(tt.family)
			got := [6]int{row.Gold, row.Found, row.Predicted, row.Correct, row.Exact, row.Confused}
			want := [6]int{tt.gold, tt.found, tt.predicted, tt.hit, tt.exact, tt.confused}
			if got != want {
				t.Errorf("%s: gold/found/predicted/correct/exact/confused = %v, want %v", tt.family, got, want)
			}
			if rep.Micro.Gold != 3 {
				t.Errorf("micro gold = %d, want 3", rep.Micro.Gold)
			}
			if rep.Negatives != 1 || rep.NegativeFP != 0 {
				t.Errorf("negatives %d flagged %d, want 1 and 0", rep.Negatives, rep.NegativeFP)
			}
		})
	}
}

func TestScoreRatesAndNegatives(t *testing.T) {
	samples := []Sample{
		{Value: "a@b.de", Spans: []Span{{Category: pii.Email, Start: 0, End: 6, Kind: "email"}}},
		{Value: "c@d.de", Spans: []Span{{Category: pii.Email, Start: 0, End: 6, Kind: "email"}}},
		{Value: "x [at] y.de", Spans: []Span{{Category: pii.Email, Start: 0, End: 11, Kind: "email_obfuscated"}}},
		{Value: "4111111111111111"}, // an invoice number, say
	}
	pred := [][]pii.Finding{
		{f(pii.Email, 0, 6)},
		{f(pii.Email, 0, 6)},
		nil,
		{f(pii.CreditCard, 0, 16)},
	}
	rep := Score(samples, pred)
	email, _ := rep.Family("email")
	if math.Abs(email.Recall-2.0/3) > 1e-9 || email.Precision != 1 {
		t.Errorf("email P=%.3f R=%.3f, want 1 and 0.667", email.Precision, email.Recall)
	}
	wantF1 := 2 * 1 * (2.0 / 3) / (1 + 2.0/3)
	if math.Abs(email.F1-wantF1) > 1e-9 {
		t.Errorf("email F1=%.4f, want %.4f", email.F1, wantF1)
	}
	card, _ := rep.Family("credit_card")
	if card.Precision != 0 || card.Predicted != 1 || card.Gold != 0 {
		t.Errorf("credit_card row %+v, want one wrong prediction", card)
	}
	if rep.Micro.Predicted != 3 || rep.Micro.Correct != 2 || rep.Micro.Found != 2 || rep.Micro.Gold != 3 {
		t.Errorf("micro %+v", rep.Micro)
	}
	if rep.NegativeFP != 1 {
		t.Errorf("flagged negatives = %d, want 1", rep.NegativeFP)
	}
	kinds := map[string]KindRecall{}
	for _, k := range rep.Kinds {
		kinds[k.Kind] = k
	}
	if kinds["email"].Recall != 1 || kinds["email_obfuscated"].Recall != 0 {
		t.Errorf("kind recall %+v", rep.Kinds)
	}
	ent, ok := rep.Entity("CREDIT_CARD")
	if !ok || ent.Predicted != 1 {
		t.Errorf("entity CREDIT_CARD = %+v", ent)
	}
}

func TestEntityType(t *testing.T) {
	tests := map[pii.Category]string{
		pii.Email: "EMAIL_ADDRESS", pii.GivenName: "PERSON", pii.City: "LOCATION", pii.TaxID: "NATIONAL_ID",
		pii.Passport: "NATIONAL_ID", pii.BankAccount: "IBAN_CODE", pii.Financial: "FINANCIAL", pii.DateOfBirth: "DATE_TIME",
		pii.Category("user.nope"): "OTHER",
	}
	for c, want := range tests {
		if got := EntityType(c); got != want {
			t.Errorf("EntityType(%s) = %s, want %s", c, got, want)
		}
	}
}

// oracle answers with the gold spans of the corpus, optionally dropping one
// family: a detector whose figures we know in advance.
type oracle struct {
	gold map[string][]Span
	drop string
}

func (o oracle) ScanField(field, value string, dst []pii.Finding) []pii.Finding {
	for _, s := range o.gold[field+"\x00"+value] {
		if FamilyOf(s.Category) != o.drop {
			dst = append(dst, pii.Finding{Category: s.Category, Start: s.Start, End: s.End, Score: 1, Detector: "oracle"})
		}
	}
	return dst
}

func newOracle(samples []Sample, drop string) oracle {
	o := oracle{gold: map[string][]Span{}, drop: drop}
	for _, s := range samples {
		o.gold[s.Field+"\x00"+s.Value] = s.Spans
	}
	return o
}

func TestEvaluateOnCorpus(t *testing.T) {
	samples := loadCorpus(t)
	rep := Evaluate(newOracle(samples, ""), samples)
	if rep.Micro.Precision != 1 || rep.Micro.Recall != 1 || rep.NegativeFP != 0 {
		t.Fatalf("oracle scored P=%.3f R=%.3f flagged=%d, want perfect", rep.Micro.Precision, rep.Micro.Recall, rep.NegativeFP)
	}
	if rep.Duration <= 0 || rep.ValuesPerSec <= 0 || rep.MBPerSec <= 0 {
		t.Errorf("no throughput measured: %v", rep.Duration)
	}
	rep = Evaluate(newOracle(samples, "phone"), samples)
	phone, _ := rep.Family("phone")
	email, _ := rep.Family("email")
	if phone.Recall != 0 || email.Recall != 1 || rep.Micro.Recall >= 1 || rep.Micro.Precision != 1 {
		t.Errorf("oracle without phones: phone R=%.3f email R=%.3f micro R=%.3f P=%.3f", phone.Recall, email.Recall, rep.Micro.Recall, rep.Micro.Precision)
	}
}

func TestWriters(t *testing.T) {
	samples := loadCorpus(t)[:500]
	rep := Evaluate(newOracle(samples, "email"), samples)

	var tbl bytes.Buffer
	if err := rep.WriteTable(&tbl); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"family", "government_id", "micro", "EMAIL_ADDRESS", "recall < 1", "email_obfuscated"} {
		if !strings.Contains(tbl.String(), want) {
			t.Errorf("table lacks %q", want)
		}
	}

	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Micro != rep.Micro || len(back.Families) != len(rep.Families) {
		t.Error("JSON round trip changed the report")
	}

	var h bytes.Buffer
	if err := rep.WriteHTML(&h); err != nil {
		t.Fatal(err)
	}
	page := h.String()
	if !strings.Contains(page, `class="b p" style="width:300.0px"`) || !strings.Contains(page, "<td>email</td>") {
		t.Error("HTML lacks the bar chart or the family table")
	}
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") || strings.Contains(page, "<script") {
		t.Error("HTML is not self-contained")
	}
}

func BenchmarkScore(b *testing.B) {
	samples := loadCorpus(b)
	o := newOracle(samples, "")
	pred := make([][]pii.Finding, len(samples))
	for i, s := range samples {
		pred[i] = o.ScanField(s.Field, s.Value, nil)
	}
	b.ReportAllocs()
	for b.Loop() {
		Score(samples, pred)
	}
}

// scored answers every value with findings of the given scores.
type scored []float64

func (s scored) ScanField(_, _ string, dst []pii.Finding) []pii.Finding {
	for _, x := range s {
		dst = append(dst, pii.Finding{Category: pii.TaxID, Start: 0, End: 3, Score: x})
	}
	return dst
}

// TestMinScoreDropsWhatThePipelineDrops: a finding under min_score is no
// finding (the engine lets the value through raw), one at it is; what dst
// held before is kept.
func TestMinScoreDropsWhatThePipelineDrops(t *testing.T) {
	prev := f(pii.Email, 0, 1)
	got := MinScore(scored{0.45, 0.5, 0.3, 0.9}, 0.5).ScanField("", "ESX", []pii.Finding{prev})
	if len(got) != 3 || got[0] != prev || got[1].Score != 0.5 || got[2].Score != 0.9 {
		t.Errorf("MinScore kept %+v, want the earlier finding and the scores 0.5 and 0.9", got)
	}
	s := []Sample{{Value: "ESX", Spans: []Span{{Category: pii.TaxID, Start: 0, End: 3}}}}
	if r := Evaluate(MinScore(scored{0.45}, 0.5), s); r.Micro.Found != 0 || r.Micro.Predicted != 0 {
		t.Errorf("a finding under min_score counted: %+v", r.Micro)
	}
}

// TestScoreWithNothingToDivide: a rate whose denominator is zero is 1 only
// where nothing was to be found and nothing was claimed. A family never
// predicted has not earned precision 1 (the HTML drew it as a full bar), nor
// has a family with only wrong predictions earned recall 1.
func TestScoreWithNothingToDivide(t *testing.T) {
	samples := []Sample{
		{Value: "Anna Weber", Spans: []Span{{Category: pii.Name, Start: 0, End: 10}}},
		{Value: "ORD-2014-004711"},
	}
	rep := Score(samples, [][]pii.Finding{nil, {f(pii.Phone, 0, 15)}})
	name, _ := rep.Family("name")
	phone, _ := rep.Family("phone")
	for _, tc := range []struct {
		row                   Row
		precision, recall, f1 float64
	}{
		{name, 0, 0, 0},  // gold, nothing predicted
		{phone, 0, 0, 0}, // predicted, no gold
	} {
		if tc.row.Precision != tc.precision || tc.row.Recall != tc.recall || tc.row.F1 != tc.f1 {
			t.Errorf("%s: P/R/F1 %v/%v/%v, want %v/%v/%v", tc.row.Name, tc.row.Precision, tc.row.Recall, tc.row.F1, tc.precision, tc.recall, tc.f1)
		}
	}
	// Hard negatives only, none flagged: nothing to find, nothing claimed.
	clean := Score(samples[1:], nil)
	if m := clean.Micro; m.Precision != 1 || m.Recall != 1 || m.F1 != 1 {
		t.Errorf("clean negatives: micro P/R/F1 %v/%v/%v, want 1/1/1", m.Precision, m.Recall, m.F1)
	}
}
