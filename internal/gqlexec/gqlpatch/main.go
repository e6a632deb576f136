// Command gqlpatch points gqlgen's generated executor at package gqlexec's
// helpers (see there for why). It runs in `go generate` right after
// gqlgen, and fails when a pattern it rewrites is missing, so that a gqlgen
// upgrade that changes the generated code is noticed rather than silently
// left unpatched. Running it twice changes nothing.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
)

// rewrites are the exact generated calls and their replacements.
var rewrites = []struct{ from, to string }{
	{"graphql.MarshalSliceConcurrently(", "gqlexec.MarshalSlice("},
	{"deferred := graphql.NewDeferredGroup(ctx)", "deferred := gqlexec.NewDeferredGroup(ctx, fields)"},
	// a query's and a mutation's data go into a pooled buffer (see
	// gqlexec.DataBuffer); a subscription keeps its own for its events
	{"var buf bytes.Buffer\n\t\t\tdata.MarshalGQL(&buf)", "buf := gqlexec.DataBuffer()\n\t\t\tdata.MarshalGQL(buf)"},
	// the plain writers' memo of nested selections (see gqlexec.Collected)
	{"type executionContext struct {\n\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n}",
		"type executionContext struct {\n\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n\tcollected gqlexec.Collected\n}"},
}

const importLine = "\t\"rapport/internal/gqlexec\"\n"

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gqlpatch graph/generated/generated.go ent/gql_edge.go")
		os.Exit(2)
	}
	if err := patch(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintf(os.Stderr, "gqlpatch: %v\n", err)
		os.Exit(1)
	}
}

// patch rewrites the executor at path; edgePath is entgql's gql_edge.go,
// whose edge methods say which fields read an eager-loaded edge.
func patch(path, edgePath string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	edgeSrc, err := os.ReadFile(edgePath)
	if err != nil {
		return err
	}
	out, err := rewrite(src, edgeSrc)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, out, 0o644)
}

func rewrite(src, edgeSrc []byte) ([]byte, error) {
	edges, err := loadedEdges(edgeSrc)
	if err != nil {
		return nil, fmt.Errorf("ent's edge methods: %w", err)
	}
	patched := bytes.Contains(src, []byte(importLine))
	for _, r := range rewrites {
		n := bytes.Count(src, []byte(r.from))
		if n == 0 && !(patched && bytes.Contains(src, []byte(r.to))) {
			return nil, fmt.Errorf("no %q to rewrite: has gqlgen's output changed?", r.from)
		}
		src = bytes.ReplaceAll(src, []byte(r.from), []byte(r.to))
	}
	edits, plain, objects, writers, err := astRewrites(src, edges)
	if err != nil {
		return nil, err
	}
	if plain == 0 && !bytes.Contains(src, []byte(plainMarker)) {
		return nil, fmt.Errorf("no plain field to rewrite: has gqlgen's output changed?")
	}
	if objects == 0 && !bytes.Contains(src, []byte(objectReturn)) {
		return nil, fmt.Errorf("no object executor ending in `return out`: has gqlgen's output changed?")
	}
	if writers == 0 {
		return nil, fmt.Errorf("no object executor with plain fields to write: has gqlgen's output changed?")
	}
	src = applyEdits(src, edits)
	if !patched {
		i := bytes.Index(src, []byte("import (\n"))
		if i < 0 {
			return nil, fmt.Errorf("no import block")
		}
		i += len("import (\n")
		src = append(src[:i:i], append([]byte(importLine), src[i:]...)...)
	}
	return format.Source(src)
}
