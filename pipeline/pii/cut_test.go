package pii

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestEveryTestValueCut scans every string literal of this package's tests,
// as written, in lower and in upper case, cut after each of its bytes and
// then ended by each of a few bytes that rules look past (a blank, a line
// break, punctuation). The detectors index ahead of the word they read, and
// a value that ends where a rule expects one more byte is their commonest
// bug: FuzzScanField found "bahnhofstr. 7 50667 " (a lower-case street and
// a postcode, then a blank as the value's last byte) reading past the end,
// which this test finds among the hunts' cases in seconds. Each finding's
// offsets must lie within the value.
func TestEveryTestValueCut(t *testing.T) {
	values := testLiterals(t)
	if len(values) < 1000 {
		t.Fatalf("found %d string literals in the tests; the parse went wrong", len(values))
	}
	s := NewScanner(WithMinScore(0))
	failed := 0
	for _, v := range values {
		for _, w := range []string{v, strings.ToLower(v), strings.ToUpper(v)} {
			for i := 1; i <= len(w); i++ {
				for _, end := range []string{"", " ", "\n", ".", ",", "-"} {
					if failed == 20 {
						t.Fatal("stopping after 20 failures")
					}
					if msg := scanCut(s, w[:i]+end); msg != "" {
						failed++
						t.Errorf("%s on %q", msg, w[:i]+end)
					}
				}
			}
		}
	}
}

// scanCut scans v as a note and describes a panic or a finding outside v.
func scanCut(s *Scanner, v string) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = "panic: " + fmtPanic(r)
		}
	}()
	for _, f := range s.ScanField("notes", v, nil) {
		if f.Start < 0 || f.End > len(v) || f.Start >= f.End {
			return "finding " + strconv.Itoa(f.Start) + "-" + strconv.Itoa(f.End) + " outside the value"
		}
	}
	return ""
}

func fmtPanic(r any) string {
	if e, ok := r.(error); ok {
		return e.Error()
	}
	if s, ok := r.(string); ok {
		return s
	}
	return "a non-error panic"
}

// testLiterals returns the distinct string literals of this package's test
// files (up to 2,000 bytes each).
func testLiterals(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING {
				if s, err := strconv.Unquote(b.Value); err == nil && len(s) <= 2000 && !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
			return true
		})
	}
	return out
}
