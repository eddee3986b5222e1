package pii

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestColumnStatsJSONRoundTrip(t *testing.T) {
	var c ColumnStats
	c.Observe("email", []Finding{{Category: Email, End: 5, Score: 0.9, Detector: "email"}}, false)
	c.Observe("email", nil, true)
	c.Observe("email", nil, false)
	b, err := json.Marshal(&c)
	if err != nil {
		t.Fatal(err)
	}
	var back ColumnStats
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Verdict(), back.Verdict()) {
		t.Errorf("verdict changed across JSON: %+v vs %+v", c.Verdict(), back.Verdict())
	}
}
