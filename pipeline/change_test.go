package pipeline

import (
	"strings"
	"testing"
)

func TestParseOp(t *testing.T) {
	for _, s := range []string{"c", "u", "d", "r", "t", "m"} {
		op, err := ParseOp(s)
		if err != nil || op.String() != s {
			t.Errorf("ParseOp(%q) = %v, %v", s, op, err)
		}
	}
	// A malformed record can put anything in op: the error must not repeat it.
	for _, s := range []string{"", "x", "cc", "anna@web.de", "C"} {
		_, err := ParseOp(s)
		if err == nil {
			t.Errorf("ParseOp(%q) succeeded", s)
			continue
		}
		if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("ParseOp(%q): error %q repeats the input", s, err)
		}
	}
}
