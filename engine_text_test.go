package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// sentencePackages write the sentences the dashboard shows as explanations,
// reasons and suggestions (health components, gaps, layers, pairings).
var sentencePackages = []string{"internal/gaps", "internal/health", "internal/layers", "internal/orglayer", "internal/rollup"}

// notSentences are formats in those packages that no user reads.
var notSentences = map[string]bool{
	// A part of the complaints sentence ("2 high"): the numbers read the same in any language.
	"%d %s": true,
}

// TestEngineSentencesAreTranslated fails when an engine writes a sentence
// that frontend/src/i18n/engine.json cannot translate: every fmt.Sprintf
// format in the sentence packages, and every literal given to an
// Explanation, Reason or Suggestion, must be an entry's "en" (and the entry
// must have a "zh" with a placeholder per verb).
func TestEngineSentencesAreTranslated(t *testing.T) {
	raw, err := os.ReadFile("frontend/src/i18n/engine.json")
	if err != nil {
		t.Fatal(err)
	}
	var catalog map[string]struct{ En, Zh string }
	if err := json.Unmarshal(raw, &catalog); err != nil {
		t.Fatalf("engine.json: %v", err)
	}
	known := map[string]bool{}
	for key, e := range catalog {
		known[e.En] = true
		verbs := countVerbs(e.En)
		for i := 0; i < verbs; i++ {
			if !strings.Contains(e.Zh, "{{"+strconv.Itoa(i)+"}}") {
				t.Errorf("engine.json %s: zh lacks {{%d}} for the format's verb %d", key, i, i)
			}
		}
		if strings.Contains(e.Zh, "{{"+strconv.Itoa(verbs)+"}}") {
			t.Errorf("engine.json %s: zh names {{%d}}, the format has %d verbs", key, verbs, verbs)
		}
	}
	var missing []string
	for _, dir := range sentencePackages {
		for _, s := range sentences(t, dir) {
			if !known[s] && !notSentences[s] {
				missing = append(missing, s)
			}
		}
	}
	sort.Strings(missing)
	for _, s := range missing {
		t.Errorf("no translation in frontend/src/i18n/engine.json for %q", s)
	}
}

func countVerbs(format string) int {
	n := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			i++
			continue
		}
		n++
	}
	return n
}

// sentences lists the formats and sentence literals of a package's non-test files.
func sentences(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(n.Args) > 0 {
					if x, ok := pkgIdent(sel.X); ok && x == "fmt" {
						if s, ok := literal(n.Args[0]); ok {
							seen[s] = true
						}
					}
				}
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok && sentenceField(sel.Sel.Name) && i < len(n.Rhs) {
						if s, ok := literal(n.Rhs[i]); ok {
							seen[s] = true
						}
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && sentenceField(k.Name) {
					if s, ok := literal(n.Value); ok {
						seen[s] = true
					}
				}
			}
			return true
		})
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func sentenceField(name string) bool {
	return name == "Explanation" || name == "Reason" || name == "Suggestion"
}

func pkgIdent(e ast.Expr) (string, bool) {
	id, ok := e.(*ast.Ident)
	if !ok {
		return "", false
	}
	return id.Name, true
}

// literal is a string constant, or constants joined with +.
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(e.X)
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return literal(e.X)
	}
	return "", false
}
