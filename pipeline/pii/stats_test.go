package pii

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"testing"
)

func TestColumnStatsPartial(t *testing.T) {
	s := NewScanner()
	var c ColumnStats
	var dst []Finding
	for i := 0; i < 1000; i++ {
		v := "Lieferung " + strconv.Itoa(i) + " ist unterwegs"
		if i%10 == 0 {
			v = "Rückfragen an kunde" + strconv.Itoa(i) + "@example.com"
		}
		dst = s.ScanField("notes", v, dst[:0])
		c.Observe("notes", dst, false)
	}
	v := c.Verdict()
	if !v.Personal || math.Abs(v.Share-0.1) > 0.001 || v.WithPII != 100 || v.NonNull != 1000 || v.Seen != 1000 {
		t.Fatalf("verdict %+v", v)
	}
	if v.Categories[0].Category != Email || v.Categories[0].Values != 100 {
		t.Errorf("categories %+v", v.Categories)
	}
	if !slices.Contains(v.Reasons, "email") {
		t.Errorf("reasons %v", v.Reasons)
	}
}

func TestColumnStatsHintReasonAndNulls(t *testing.T) {
	s := NewScanner()
	var c ColumnStats
	for i := 0; i < 50; i++ {
		c.Observe("telefon_nr", s.ScanField("telefon_nr", "030 "+strconv.Itoa(1000000+i), nil), false)
		c.Observe("telefon_nr", nil, true)
	}
	c.Observe("first_name", s.ScanField("first_name", "Zoltánka", nil), false)
	v := c.Verdict()
	if v.Seen != 101 || v.NonNull != 51 || v.WithPII != 51 {
		t.Errorf("counts %+v", v)
	}
	if !slices.Contains(v.Reasons, "phone") || !slices.Contains(v.Reasons, "column_hint:first_name") {
		t.Errorf("reasons %v", v.Reasons)
	}
	if v.Categories[0].Category != Phone {
		t.Errorf("top category %+v", v.Categories)
	}
}

func TestColumnStatsNoise(t *testing.T) {
	// one weak finding in many rows is not a personal column
	var c ColumnStats
	for i := 0; i < 10000; i++ {
		c.Observe("comment", nil, false)
	}
	c.Observe("comment", []Finding{{Category: GivenName, Start: 0, End: 4, Score: 0.45, Detector: "person_name"}}, false)
	if v := c.Verdict(); v.Personal || v.Confidence >= 0.5 {
		t.Errorf("noise column reported personal: %+v", v)
	}
	var empty ColumnStats
	if v := empty.Verdict(); v.Personal || v.Share != 0 || len(v.Categories) != 0 {
		t.Errorf("empty verdict %+v", v)
	}
}

func TestColumnStatsMerge(t *testing.T) {
	var a, b, all ColumnStats
	f := []Finding{{Category: Email, Start: 0, End: 5, Score: 0.9, Detector: "email"}}
	g := []Finding{{Category: Phone, Start: 0, End: 5, Score: 0.6, Detector: "phone"}}
	for i := 0; i < 20; i++ {
		var x *ColumnStats = &a
		if i%2 == 1 {
			x = &b
		}
		var fs []Finding
		switch i % 4 {
		case 0:
			fs = f
		case 1:
			fs = g
		}
		x.Observe("c", fs, i%5 == 4)
		all.Observe("c", fs, i%5 == 4)
	}
	a.Merge(&b)
	va, vall := a.Verdict(), all.Verdict()
	if va.Seen != vall.Seen || va.NonNull != vall.NonNull || va.WithPII != vall.WithPII || len(va.Categories) != len(vall.Categories) {
		t.Fatalf("merged %+v, direct %+v", va, vall)
	}
	for k := range va.Categories {
		if va.Categories[k] != vall.Categories[k] {
			t.Errorf("category %d: merged %+v, direct %+v", k, va.Categories[k], vall.Categories[k])
		}
	}
	if !slices.Equal(va.Reasons, vall.Reasons) {
		t.Errorf("reasons %v vs %v", va.Reasons, vall.Reasons)
	}
}

// TestColumnStatsMergeOrder merges the same evidence in two orders: the
// persisted bytes must be equal, as a replay of the data map expects.
func TestColumnStatsMergeOrder(t *testing.T) {
	parts := make([]ColumnStats, 3)
	scores := []float64{0.1, 0.7, 0.2, 0.95, 0.3, 0.6000000001}
	cats := []Category{Email, Phone, Name}
	for i, s := range scores {
		for j := range parts {
			parts[j].Observe("contact", []Finding{{Category: cats[(i+j)%3], Score: s, Detector: "d" + string(rune('a'+j))}}, false)
		}
	}
	var a, b ColumnStats
	for _, i := range []int{0, 1, 2} {
		a.Merge(&parts[i])
	}
	for _, i := range []int{2, 0, 1} {
		b.Merge(&parts[i])
	}
	ja, _ := json.Marshal(&a)
	jb, _ := json.Marshal(&b)
	if string(ja) != string(jb) {
		t.Fatalf("merge order shows in the bytes:\n%s\n%s", ja, jb)
	}
}
