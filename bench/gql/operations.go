package gql

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// documentKey matches one key of the Documents map in graphql-codegen's
// client-preset gql.ts: the source text of one definition, as a
// double-quoted string literal.
var documentKey = regexp.MustCompile(`(?m)^\s*("(?:[^"\\]|\\.)*"): typeof types\.`)

// LoadOperations reads the dashboard's GraphQL documents from the gql.ts
// that graphql-codegen writes (frontend/src/gql/gql.ts) and returns, per
// operation name, the document the dashboard sends for it: the operation's
// source as written beside its component, then the source of every fragment
// it spreads, directly or through another fragment. The bench runs these
// texts rather than copies, so that it measures what the dashboard asks.
func LoadOperations(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the dashboard's documents: %w", err)
	}
	text := string(b)
	start := strings.Index(text, "type Documents = {")
	if start < 0 {
		return nil, fmt.Errorf("%s: no Documents map (has graphql-codegen's output changed?)", path)
	}
	end := strings.Index(text[start:], "\n};")
	if end < 0 {
		return nil, fmt.Errorf("%s: the Documents map does not end", path)
	}
	var (
		ops    = map[string]string{}
		frags  = map[string]string{}
		spread = map[string][]string{} // definition name to the fragments it spreads
	)
	for _, m := range documentKey.FindAllStringSubmatch(text[start:start+end], -1) {
		var src string
		if err := json.Unmarshal([]byte(m[1]), &src); err != nil {
			return nil, fmt.Errorf("%s: undecodable document %.60s: %w", path, m[1], err)
		}
		doc, perr := parser.ParseQuery(&ast.Source{Name: path, Input: src})
		if perr != nil {
			return nil, fmt.Errorf("%s: parse %.60q: %w", path, src, perr)
		}
		for _, op := range doc.Operations {
			if op.Name == "" {
				return nil, fmt.Errorf("%s: an operation without a name: %.60q", path, src)
			}
			ops[op.Name] = src
			spread[op.Name] = spreads(op.SelectionSet, nil)
		}
		for _, f := range doc.Fragments {
			frags[f.Name] = src
			spread[f.Name] = spreads(f.SelectionSet, nil)
		}
	}
	if len(ops) == 0 {
		return nil, fmt.Errorf("%s: no operations found", path)
	}
	out := make(map[string]string, len(ops))
	for name, src := range ops {
		var b strings.Builder
		b.WriteString(src)
		seen := map[string]bool{}
		var add func(string) error
		add = func(def string) error {
			for _, f := range spread[def] {
				if seen[f] {
					continue
				}
				seen[f] = true
				fs, ok := frags[f]
				if !ok {
					return fmt.Errorf("%s: operation %s spreads fragment %s, which gql.ts does not hold", path, name, f)
				}
				b.WriteString(fs)
				if err := add(f); err != nil {
					return err
				}
			}
			return nil
		}
		if err := add(name); err != nil {
			return nil, err
		}
		out[name] = b.String()
	}
	return out, nil
}

// spreads appends the names of the fragments spread in set, in order.
func spreads(set ast.SelectionSet, out []string) []string {
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			out = spreads(s.SelectionSet, out)
		case *ast.InlineFragment:
			out = spreads(s.SelectionSet, out)
		case *ast.FragmentSpread:
			out = append(out, s.Name)
		}
	}
	return out
}
