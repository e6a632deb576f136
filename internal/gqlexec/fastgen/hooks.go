package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// The executor gqlgen writes calls the fast path in a few places, which
// fastgen adds after gqlgen has written it. Two kinds:
//
//   - one-line rewrites, the exact text below: lists marshalled in the
//     request's goroutine, deferred groups built only when needed, the
//     pooled response buffer, and the operation's switch (ec.fast) and
//     memo of nested selections in the execution context;
//   - hooks, found by name from gqlgen's model (not by their text): every
//     object executor returns gqlexec.Object, an object executor with
//     writers and a list marshaller of such objects try the writers first
//     (_T_plainObject, _T_plainList), a plain field returns its marshalled
//     value before gqlgen's resolution.
//
// Every hook tests ec.fast, the operation's answer to gqlexec.FastPath,
// and falls through to gqlgen's own code when it is false. A rewrite that
// matches nothing, or a function of the model missing or not of the
// expected shape, fails the run: a gqlgen upgrade that changes these
// places is noticed, not left half hooked.
var rewrites = []struct{ from, to string }{
	{"graphql.MarshalSliceConcurrently(ctx, ", "gqlexec.MarshalSlice(ctx, ec.fast, "},
	{"deferred := graphql.NewDeferredGroup(ctx)", "deferred := gqlexec.NewDeferredGroup(ctx, ec.fast, fields)"},
	// a query's and a mutation's data go into a pooled buffer (see
	// gqlexec.DataBuffer); a subscription keeps its own for its events
	{"var buf bytes.Buffer\n\t\t\tdata.MarshalGQL(&buf)", "buf := gqlexec.DataBuffer(ec.fast)\n\t\t\tdata.MarshalGQL(buf)"},
	{"type executionContext struct {\n\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n}",
		"type executionContext struct {\n\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n\tcollected gqlexec.Collected\n\tfast      bool\n}"},
	{"\tec := newExecutionContext(opCtx, e, make(chan graphql.DeferredResult))\n",
		"\tec := newExecutionContext(opCtx, e, make(chan graphql.DeferredResult))\n\tec.fast = gqlexec.FastPath(ctx)\n"},
}

const importLine = "\t\"rapport/internal/gqlexec\"\n"

// objectReturn is what an object's executor returns: see gqlexec.Object.
const objectReturn = "return gqlexec.Object(fields, out, !ec.fast || len(deferred.Defers) > 0)"

// hooks are the functions of the executor that call the fast path, by
// name, from the model.
type hooks struct {
	objectReturns []string              // every object executor, _T
	objects       []string              // object executors with writers
	lists         []listHook            // list marshallers of objects with writers
	plainFields   map[string]plainField // plain field executors, _T_f
	nested, edges int                   // written in place by the writers
}

// stats counts what a run hooked. A test pins them for the real executor
// (TestRealExecutor), so that a gqlgen upgrade or a change of the model's
// rules that loses some fails it.
type stats struct {
	Lists   int // list marshallers made sequential (gqlexec.MarshalSlice)
	Objects int // object executors ending in gqlexec.Object
	Plain   int // plain field executors (a fast return before ResolveField)
	Types   int // object types with writers (_T_plainObject)
	Nested  int // objects in struct fields written in place by their parent
	Edges   int // eager-loaded ent edges written in place by their parent
	Written int // list marshallers that try _T_plainList
}

func (s stats) String() string {
	return fmt.Sprintf("%d sequential lists, %d objects, %d plain fields, %d types with writers (%d nested objects, %d edges), %d plain lists",
		s.Lists, s.Objects, s.Plain, s.Types, s.Nested, s.Edges, s.Written)
}

type edit struct {
	at, end int
	text    string
}

// hook rewrites gqlgen's executor src.
func hook(src []byte, h *hooks) ([]byte, stats, error) {
	st := stats{Nested: h.nested, Edges: h.edges}
	if bytes.Contains(src, []byte(importLine)) {
		return nil, st, fmt.Errorf("the executor already imports gqlexec: hook gqlgen's output, once")
	}
	for i, r := range rewrites {
		n := bytes.Count(src, []byte(r.from))
		if n == 0 {
			return nil, st, fmt.Errorf("no %q to rewrite: has gqlgen's output changed?", r.from)
		}
		src = bytes.ReplaceAll(src, []byte(r.from), []byte(r.to))
		if i == 0 {
			st.Lists = n
		}
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "generated.go", src, 0)
	if err != nil {
		return nil, st, fmt.Errorf("parse: %w", err)
	}
	funcs := map[string]*ast.FuncDecl{}
	for _, d := range file.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil && fn.Body != nil {
			funcs[fn.Name.Name] = fn
		}
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	var edits []edit
	var errs []string
	fail := func(name, want string) { errs = append(errs, fmt.Sprintf("%s: %s", name, want)) }

	for _, name := range h.objectReturns {
		fn := funcs[name]
		if fn == nil || len(fn.Body.List) == 0 {
			fail(name, "no such object executor")
			continue
		}
		last := fn.Body.List[len(fn.Body.List)-1]
		if ret, ok := last.(*ast.ReturnStmt); !ok || len(ret.Results) != 1 || ident(ret.Results[0]) != "out" || !assigns(fn, "out", "graphql.NewFieldSet") {
			fail(name, "does not end in `return out` of a graphql.NewFieldSet")
			continue
		}
		edits = append(edits, edit{off(last.Pos()), off(last.End()), objectReturn})
		st.Objects++
	}
	for _, name := range h.objects {
		fn := funcs[name]
		if fn == nil || !hasParams(fn, "ctx", "sel", "obj") || !firstAssigns(fn, "fields", "graphql.CollectFields") {
			fail(name, "no object executor (ctx, sel, obj) starting with `fields := graphql.CollectFields(...)`")
			continue
		}
		at := off(fn.Body.List[0].End())
		edits = append(edits, edit{at, at, fmt.Sprintf("\n\tif ec.fast {\n\t\tif m := ec.%s_plainObject(ctx, fields, obj); m != nil {\n\t\t\treturn m\n\t\t}\n\t}", name)})
		st.Types++
	}
	for _, l := range h.lists {
		fn := funcs[l.marshal]
		if fn == nil || !hasParams(fn, "ctx", "sel", "v") {
			fail(l.marshal, "no list marshaller (ctx, sel, v)")
			continue
		}
		at := off(fn.Body.Lbrace) + 1
		edits = append(edits, edit{at, at, fmt.Sprintf("\n\tif ec.fast {\n\t\tif m := ec.%s_plainList(ctx, sel, v); m != nil {\n\t\t\treturn m\n\t\t}\n\t}", l.executor)})
		st.Written++
	}
	names := make([]string, 0, len(h.plainFields))
	for name := range h.plainFields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := h.plainFields[name]
		fn := funcs[name]
		if fn == nil || !hasParams(fn, "ctx", "field", "obj") || !calls(fn, "graphql.ResolveField") {
			fail(name, "no field executor (ctx, field, obj) calling graphql.ResolveField")
			continue
		}
		at := off(fn.Body.Lbrace) + 1
		edits = append(edits, edit{at, at, fmt.Sprintf("\n\tif ec.fast {\n\t\treturn ec.%s(ctx, field.Selections, %s)\n\t}", p.marshal, p.value)})
		st.Plain++
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, st, fmt.Errorf("%d hooks found nothing to hook (has gqlgen's output changed?):\n\t%s", len(errs), strings.Join(errs, "\n\t"))
	}
	for _, c := range []struct {
		n    int
		what string
	}{{st.Objects, "object executor"}, {st.Types, "type with writers"}, {st.Plain, "plain field"}, {st.Written, "plain list"}} {
		if c.n == 0 {
			return nil, st, fmt.Errorf("no %s in gqlgen's model: has gqlgen's model changed?", c.what)
		}
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at < edits[j].at })
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		b.Write(src[last:e.at])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(src[last:])
	out := b.Bytes()
	i := bytes.Index(out, []byte("import (\n"))
	if i < 0 {
		return nil, st, fmt.Errorf("no import block")
	}
	i += len("import (\n")
	out = append(out[:i:i], append([]byte(importLine), out[i:]...)...)
	formatted, err := format.Source(out)
	return formatted, st, err
}

func ident(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func selector(e ast.Expr) string {
	if s, ok := e.(*ast.SelectorExpr); ok {
		return ident(s.X) + "." + s.Sel.Name
	}
	return ""
}

// hasParams reports whether fn's parameters are named names.
func hasParams(fn *ast.FuncDecl, names ...string) bool {
	var got []string
	for _, f := range fn.Type.Params.List {
		for _, n := range f.Names {
			got = append(got, n.Name)
		}
	}
	return strings.Join(got, ",") == strings.Join(names, ",")
}

// firstAssigns reports whether fn's first statement is `v := f(...)`.
func firstAssigns(fn *ast.FuncDecl, v, f string) bool {
	return len(fn.Body.List) > 0 && isAssign(fn.Body.List[0], v, f)
}

// assigns reports whether one of fn's statements is `v := f(...)`.
func assigns(fn *ast.FuncDecl, v, f string) bool {
	for _, s := range fn.Body.List {
		if isAssign(s, v, f) {
			return true
		}
	}
	return false
}

func isAssign(s ast.Stmt, v, f string) bool {
	as, ok := s.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 || ident(as.Lhs[0]) != v {
		return false
	}
	call, ok := as.Rhs[0].(*ast.CallExpr)
	return ok && selector(call.Fun) == f
}

// calls reports whether fn calls f.
func calls(fn *ast.FuncDecl, f string) bool {
	found := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && selector(call.Fun) == f {
			found = true
		}
		return !found
	})
	return found
}

// funcNames returns the names of the methods a file declares.
func funcNames(file *ast.File) []string {
	var out []string
	for _, d := range file.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil {
			out = append(out, fn.Name.Name)
		}
	}
	return out
}
