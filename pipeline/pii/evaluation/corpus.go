package evaluation

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/lethe-cdc/lethe/pipeline/pii"
)

// Sample is one labelled value of the corpus: the column it came from (empty
// when unknown), the value, and where the personal data in it is.
type Sample struct {
	Field string `json:"field"`
	Value string `json:"value"`
	// Spans are the gold annotations, ordered by Start. A hard negative has none.
	Spans []Span `json:"spans"`
}

// Span is one annotated piece of personal data: a fideslang category and the
// byte offsets [Start, End) into Sample.Value.
type Span struct {
	Category pii.Category `json:"category"`
	Start    int          `json:"start"`
	End      int          `json:"end"`
	// Kind names the generator that produced the span, e.g. "iban_de",
	// "fr_nir", "email_obfuscated". It drives the per-kind recall breakdown
	// and is optional in hand-written corpora.
	Kind string `json:"kind,omitempty"`
}

// maxLine bounds one corpus line; longer lines are an error, not a silent cut.
const maxLine = 1 << 20

// Load reads a JSON-lines corpus. It checks every span against its value
// (in range, on UTF-8 boundaries, a known category family) so a broken corpus
// fails loudly instead of skewing the figures. Errors name the line, never
// the value.
func Load(r io.Reader) ([]Sample, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	var out []Sample
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var s Sample
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("evaluation: corpus line %d: %s", line, jsonProblem(err))
		}
		if err := s.validate(); err != nil {
			return nil, fmt.Errorf("evaluation: corpus line %d: %w", line, err) // not the field: a corpus may name one by data (a leak hunt)
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("evaluation: corpus after line %d: %w", line, err)
	}
	return out, nil
}

// validate checks the spans of s without mentioning its value.
func (s Sample) validate() error {
	if !utf8.ValidString(s.Value) {
		return errors.New("value is not valid UTF-8")
	}
	for i, sp := range s.Spans {
		if sp.Start < 0 || sp.End > len(s.Value) || sp.Start >= sp.End {
			return fmt.Errorf("span %d [%d,%d) out of range for a value of %d bytes", i, sp.Start, sp.End, len(s.Value))
		}
		if !utf8.RuneStart(s.Value[sp.Start]) || (sp.End < len(s.Value) && !utf8.RuneStart(s.Value[sp.End])) {
			return fmt.Errorf("span %d [%d,%d) splits a UTF-8 character", i, sp.Start, sp.End)
		}
		if FamilyOf(sp.Category) == "" {
			if !categoryShaped(string(sp.Category)) {
				return fmt.Errorf("span %d: unknown category (not shown: it is not shaped as one)", i)
			}
			return fmt.Errorf("span %d: unknown category %q", i, sp.Category)
		}
	}
	return nil
}

// categoryShaped reports a string shaped as a fideslang category of
// personal data (user.contact.email): "user." and lower-case words and
// dots, not a login handle (jan.kowalski, a review).
func categoryShaped(c string) bool {
	if !strings.HasPrefix(c, "user.") || len(c) > 80 {
		return false
	}
	for i := 0; i < len(c); i++ {
		if b := c[i]; !(b >= 'a' && b <= 'z' || b == '.' || b == '_') {
			return false
		}
	}
	return true
}

// jsonProblem says what is wrong with a corpus line without quoting it:
// encoding/json's messages quote the values they could not take (a number
// too large for an offset, a review).
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d", se.Offset)
	case errors.As(err, &te) && te.Field == "":
		return fmt.Sprintf("the line is a JSON %s, not an object", strings.Fields(te.Value)[0])
	case errors.As(err, &te):
		return fmt.Sprintf("%s: a JSON %s where a %s belongs", te.Field, strings.Fields(te.Value)[0], te.Type)
	}
	return "not a sample (invalid JSON)"
}

// WriteCorpus writes samples as JSON lines, the format Load reads. The
// output is byte-for-byte stable for the same samples.
func WriteCorpus(w io.Writer, samples []Sample) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range samples {
		s := samples[i]
		if s.Spans == nil {
			s.Spans = []Span{}
		}
		if err := enc.Encode(s); err != nil {
			return fmt.Errorf("evaluation: write corpus sample %d: %w", i, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("evaluation: write corpus: %w", err)
	}
	return nil
}
