package evaluation

import "github.com/lethe-cdc/lethe/pipeline/pii"

// Evaluate runs s over every sample and scores its findings against the
// gold spans. It is what `lethe eval` prints.
func Evaluate(s *pii.Scanner, samples []Sample) Report {
	return EvaluateDetector(s, samples)
}
