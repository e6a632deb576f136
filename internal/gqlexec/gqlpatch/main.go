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

// rewrites are the exact generated calls and their replacements. Every
// replacement reads ec.fast, the operation's answer to gqlexec.FastPath,
// and does what gqlgen's own code does when it is false.
var rewrites = []struct{ from, to string }{
	{"graphql.MarshalSliceConcurrently(ctx, ", "gqlexec.MarshalSlice(ctx, ec.fast, "},
	{"deferred := graphql.NewDeferredGroup(ctx)", "deferred := gqlexec.NewDeferredGroup(ctx, ec.fast, fields)"},
	// a query's and a mutation's data go into a pooled buffer (see
	// gqlexec.DataBuffer); a subscription keeps its own for its events
	{"var buf bytes.Buffer\n\t\t\tdata.MarshalGQL(&buf)", "buf := gqlexec.DataBuffer(ec.fast)\n\t\t\tdata.MarshalGQL(buf)"},
	// the plain writers' memo of nested selections (see gqlexec.Collected)
	// and the operation's fast path switch
	{"type executionContext struct {\n\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n}",
		"type executionContext struct {\n\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n\tcollected gqlexec.Collected\n\tfast      bool\n}"},
	{"\tec := newExecutionContext(opCtx, e, make(chan graphql.DeferredResult))\n",
		"\tec := newExecutionContext(opCtx, e, make(chan graphql.DeferredResult))\n\tec.fast = gqlexec.FastPath(ctx)\n"},
}

const importLine = "\t\"rapport/internal/gqlexec\"\n"

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gqlpatch graph/generated/generated.go ent/gql_edge.go")
		os.Exit(2)
	}
	st, err := patch(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintf(os.Stderr, "gqlpatch: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gqlpatch: %s\n", st)
}

// patch rewrites the executor at path; edgePath is entgql's gql_edge.go,
// whose edge methods say which fields read an eager-loaded edge.
func patch(path, edgePath string) (stats, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return stats{}, err
	}
	edgeSrc, err := os.ReadFile(edgePath)
	if err != nil {
		return stats{}, err
	}
	out, st, err := rewrite(src, edgeSrc)
	if err != nil {
		return st, fmt.Errorf("%s: %w", path, err)
	}
	return st, os.WriteFile(path, out, 0o644)
}

// stats counts what a run rewrote, or found rewritten: the same numbers
// for gqlgen's output and for a file already patched. A test pins them
// for the real executor (TestRealExecutor), so that a gqlgen upgrade that
// loses some of the matches fails it; a kind matching nothing fails the
// run itself.
type stats struct {
	Lists   int // list marshallers made sequential (gqlexec.MarshalSlice)
	Objects int // object executors ending in gqlexec.Object
	Plain   int // plain field executors (resolved without ResolveField)
	Types   int // object types with plain writers (_T_allPlain, _T_writePlain)
	Nested  int // objects in struct fields written in place by their parent
	Edges   int // eager-loaded ent edges written in place by their parent
	Written int // lists of a type with writers that take the plain path
}

func (s stats) String() string {
	return fmt.Sprintf("%d sequential lists, %d objects, %d plain fields, %d types with writers (%d nested objects, %d edges), %d plain lists",
		s.Lists, s.Objects, s.Plain, s.Types, s.Nested, s.Edges, s.Written)
}

func rewrite(src, edgeSrc []byte) ([]byte, stats, error) {
	var st stats
	edges, err := loadedEdges(edgeSrc)
	if err != nil {
		return nil, st, fmt.Errorf("ent's edge methods: %w", err)
	}
	patched := bytes.Contains(src, []byte(importLine))
	for i, r := range rewrites {
		n := bytes.Count(src, []byte(r.from))
		if patched && bytes.Contains(src, []byte(r.to)) {
			n = bytes.Count(src, []byte(r.to)) // rewritten by an earlier run
		} else {
			if n == 0 {
				return nil, st, fmt.Errorf("no %q to rewrite: has gqlgen's output changed?", r.from)
			}
			src = bytes.ReplaceAll(src, []byte(r.from), []byte(r.to))
		}
		if i == 0 {
			st.Lists = n
		}
	}
	edits, st2, err := astRewrites(src, edges)
	if err != nil {
		return nil, st, err
	}
	st2.Lists = st.Lists
	st = st2
	for _, c := range []struct {
		n    int
		what string
	}{
		{st.Plain, "plain field (a struct field with a marshaller that cannot fail)"},
		{st.Objects, "object executor ending in `return out`"},
		{st.Types, "object executor with plain fields to write"},
		{st.Nested, "object held in a struct field (a connection's node)"},
		{st.Written, "list of objects of a type with writers"},
	} {
		if c.n == 0 {
			return nil, st, fmt.Errorf("no %s to rewrite: has gqlgen's output changed?", c.what)
		}
	}
	if edgeSrc != nil && st.Edges == 0 {
		return nil, st, fmt.Errorf("no field over an eager-loaded ent edge to rewrite: has gqlgen's or entgql's output changed?")
	}
	src = applyEdits(src, edits)
	if !patched {
		i := bytes.Index(src, []byte("import (\n"))
		if i < 0 {
			return nil, st, fmt.Errorf("no import block")
		}
		i += len("import (\n")
		src = append(src[:i:i], append([]byte(importLine), src[i:]...)...)
	}
	out, err := format.Source(src)
	return out, st, err
}
