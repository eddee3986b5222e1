package evaluation

import (
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// floors are what lethe's detector achieved on the committed corpus when
// they were set (2026-11-29), minus 0.005: a change that loses more than
// that fails here. Raise them when the detector gets better. They hold the
// figures `lethe eval` publishes: findings under the default policy's
// min_score dropped, as the pipeline drops them (government_id and micro
// recall were set at the scanner's own 0.4 until 2026-12-02: 0.977 and 0.996
// at 0.5 while a Spanish VAT id scored 0.45, 0.990 and 0.998 once its check
// letter was verified).
var floors = []struct {
	family            string
	precision, recall float64
}{
	{"address", 0.995, 0.995},
	{"bank_account", 0.995, 0.995},
	{"credit_card", 0.995, 0.995},
	{"date_of_birth", 0.995, 0.995},
	{"device_id", 0.995, 0.995},
	{"email", 0.995, 0.995},
	{"geolocation", 0.995, 0.995},
	{"government_id", 0.995, 0.985}, // a few passports, licences and VAT ids are missed
	{"ip_address", 0.995, 0.995},
	{"name", 0.995, 0.995},
	{"phone", 0.995, 0.991},
	{"micro", 0.995, 0.993},
}

func TestDetectorFloors(t *testing.T) {
	rep := Evaluate(MinScore(pii.NewScanner(), policy.Default().MinScore), Default())
	for _, fl := range floors {
		row, ok := rep.Family(fl.family)
		if fl.family == "micro" {
			row, ok = rep.Micro, true
		}
		if !ok {
			t.Errorf("%s: no row in the report", fl.family)
			continue
		}
		if row.Precision < fl.precision {
			t.Errorf("%s: precision %.3f below floor %.2f (%d of %d predictions right)", fl.family, row.Precision, fl.precision, row.Correct, row.Predicted)
		}
		if row.Recall < fl.recall {
			t.Errorf("%s: recall %.3f below floor %.2f (%d of %d gold spans found)", fl.family, row.Recall, fl.recall, row.Found, row.Gold)
		}
	}
	if limit := 5; rep.NegativeFP > limit { // 1 of 2705 when the floors were last set
		t.Errorf("%d of %d hard negatives flagged, want at most %d", rep.NegativeFP, rep.Negatives, limit)
	}
	if t.Failed() {
		var b strings.Builder
		rep.WriteTable(&b) // figures only: no values
		t.Logf("report:\n%s", b.String())
	}
}

func BenchmarkEvaluate(b *testing.B) {
	s, samples := pii.NewScanner(), Default()
	var n int64
	for _, x := range samples {
		n += int64(len(x.Value))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(s, samples)
	}
}
