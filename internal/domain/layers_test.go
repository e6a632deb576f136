package domain

import (
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
)

// TestDomainImportsNoLayerAboveIt keeps the domain vocabulary at the bottom:
// it may use the standard library, gqlgen's marshalling interfaces and the
// string writer, never the executor, ent or the engines.
func TestDomainImportsNoLayerAboveIt(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"github.com/99designs/gqlgen/graphql": true, "rapport/internal/jsonstr": true}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), e.Name(), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			if strings.Contains(path, ".") && !allowed[path] || strings.HasPrefix(path, "rapport/") && !allowed[path] {
				t.Errorf("%s imports %s: the domain package sits below every other layer", e.Name(), path)
			}
		}
	}
}
