package pii

import (
	"encoding/json"
	"slices"
	"strings"
)

// statsJSON is the persisted form of ColumnStats: counts and detector names
// only, never values. The data map topic stores it so a worker that takes
// over a partition resumes the evidence, and lethe inventory merges
// partitions with Merge.
type statsJSON struct {
	Seen    int64        `json:"seen"`
	NonNull int64        `json:"non_null"`
	WithPII int64        `json:"with_pii"`
	Cats    []catAccJSON `json:"categories,omitempty"`
	Reasons []string     `json:"reasons,omitempty"`
}

type catAccJSON struct {
	Category Category `json:"category"`
	Sum      float64  `json:"score_sum"`
	Values   int64    `json:"values"`
}

// MarshalJSON implements json.Marshaler. Categories and reasons are
// written sorted, so the same evidence gives the same bytes whatever order
// it was gathered in.
func (c *ColumnStats) MarshalJSON() ([]byte, error) {
	s := statsJSON{Seen: c.seen, NonNull: c.nonNull, WithPII: c.withPII, Reasons: slices.Sorted(slices.Values(c.reasons))}
	for _, a := range c.cats {
		s.Cats = append(s.Cats, catAccJSON{Category: a.cat, Sum: float64(a.sum) / 1e6, Values: a.values})
	}
	slices.SortFunc(s.Cats, func(a, b catAccJSON) int { return strings.Compare(string(a.Category), string(b.Category)) })
	return json.Marshal(s)
}

// UnmarshalJSON implements json.Unmarshaler.
func (c *ColumnStats) UnmarshalJSON(b []byte) error {
	var s statsJSON
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*c = ColumnStats{seen: s.Seen, nonNull: s.NonNull, withPII: s.WithPII, reasons: s.Reasons}
	for _, a := range s.Cats {
		c.cats = append(c.cats, catAcc{cat: a.Category, sum: scoreUnits(a.Sum), values: a.Values})
	}
	return nil
}
