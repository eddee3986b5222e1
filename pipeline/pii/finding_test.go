package pii

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"testing"
)

// TestCategoriesListsEveryConstant parses finding.go: a category constant
// missing from Categories would make policies reject a rule that names it.
func TestCategoriesListsEveryConstant(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "finding.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Category" {
				continue
			}
			for _, v := range vs.Values {
				lit := v.(*ast.BasicLit)
				c := Category(lit.Value[1 : len(lit.Value)-1])
				n++
				if !slices.Contains(Categories(), c) {
					t.Errorf("category %s is declared but missing from Categories()", c)
				}
			}
		}
	}
	if n != len(Categories()) {
		t.Errorf("%d category constants, Categories() has %d", n, len(Categories()))
	}
}
