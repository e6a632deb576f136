package main

import (
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
)

// generated is a cut-down gqlgen executor: an object T with a plain field
// (label), a field whose marshaller can report an error (createdAt), and a
// list of *T.
const generated = `package generated

import (
	"context"
)

func (ec *executionContext) _T(ctx context.Context, sel ast.SelectionSet, obj *T) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, tImplementors)
	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	for i, field := range fields {
		switch field.Name {
		case "label":
			out.Values[i] = ec._T_label(ctx, field, obj)
		case "createdAt":
			out.Values[i] = ec._T_createdAt(ctx, field, obj)
		}
	}
	out.Dispatch(ctx)
	return out
}

func (ec *executionContext) _T_label(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(ctx, ec.OperationContext, field, nil, func(ctx context.Context) (any, error) {
		return obj.Label, nil
	}, nil, nil, true, true)
}

func (ec *executionContext) marshalNT2ᚕᚖTᚄ(ctx context.Context, sel ast.SelectionSet, v []*T) graphql.Marshaler {
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		return ec.marshalNT2ᚖT(ctx, sel, v[i])
	})
	return ret
}

type executionContext struct {
	*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]
}

func (e *executableSchema) Exec(ctx context.Context) graphql.ResponseHandler {
	opCtx := graphql.GetOperationContext(ctx)
	ec := newExecutionContext(opCtx, e, make(chan graphql.DeferredResult))
	return func(ctx context.Context) *graphql.Response {
		{
			data := ec._Query(ctx, opCtx.Operation.SelectionSet)
			var buf bytes.Buffer
			data.MarshalGQL(&buf)
			response.Data = buf.Bytes()
		}
		return &response
	}
}
`

func tHooks() *hooks {
	return &hooks{
		objectReturns: []string{"_T"},
		objects:       []string{"_T"},
		lists:         []listHook{{marshal: "marshalNT2ᚕᚖTᚄ", executor: "_T"}},
		plainFields:   map[string]plainField{"_T_label": {marshal: "marshalNString2string", value: "obj.Label"}},
	}
}

func TestHookCallsTheFastPathWhereTheModelSays(t *testing.T) {
	out, st, err := hook([]byte(generated), tHooks())
	if err != nil {
		t.Fatal(err)
	}
	if want := (stats{Lists: 1, Objects: 1, Plain: 1, Types: 1, Written: 1}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	src := string(out)
	for _, want := range []string{
		`"rapport/internal/gqlexec"`,
		"gqlexec.MarshalSlice(ctx, ec.fast, len(v)",
		"deferred := gqlexec.NewDeferredGroup(ctx, ec.fast, fields)",
		"buf := gqlexec.DataBuffer(ec.fast)\n\t\t\tdata.MarshalGQL(buf)",
		"\tcollected gqlexec.Collected\n\tfast      bool\n}",
		"ec := newExecutionContext(opCtx, e, make(chan graphql.DeferredResult))\n\tec.fast = gqlexec.FastPath(ctx)\n",
		// the object's writers first, right after its fields are collected
		"fields := graphql.CollectFields(ec.OperationContext, sel, tImplementors)\n\tif ec.fast {\n\t\tif m := ec._T_plainObject(ctx, fields, obj); m != nil {\n\t\t\treturn m\n\t\t}\n\t}\n\tout := graphql.NewFieldSet(fields)",
		objectReturn,
		// the list's, before anything else
		"v []*T) graphql.Marshaler {\n\tif ec.fast {\n\t\tif m := ec._T_plainList(ctx, sel, v); m != nil {\n\t\t\treturn m\n\t\t}\n\t}\n\tret := gqlexec.MarshalSlice(",
		// the plain field's fast return, gqlgen's resolution kept after it
		"(ret graphql.Marshaler) {\n\tif ec.fast {\n\t\treturn ec.marshalNString2string(ctx, field.Selections, obj.Label)\n\t}\n\treturn graphql.ResolveField(",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("hooked executor lacks\n%s\n%s", want, out)
		}
	}
	if strings.Contains(src, "MarshalSliceConcurrently") || strings.Contains(src, "return out\n") {
		t.Error("a concurrent slice marshaller or a FieldSet return is left")
	}
	if _, _, err := hook(out, tHooks()); err == nil {
		t.Error("hooking a hooked executor again was accepted")
	}
}

// A gqlgen upgrade that changes a place the fast path hooks fails the
// run, naming it.
func TestHookFailsWhenGqlgensOutputChanges(t *testing.T) {
	for _, c := range []struct{ name, from, to, want string }{
		{"list rewrite", "graphql.MarshalSliceConcurrently(", "graphql.MarshalSliceInParallel(", "MarshalSliceConcurrently"},
		{"Exec", "ec := newExecutionContext(opCtx, e,", "ec := newExecContext(opCtx, e,", "newExecutionContext"},
		{"execution context", "*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n}", "*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot]\n}", "type executionContext"},
		{"object return", "\treturn out\n", "\treturn &out\n", "_T: does not end in `return out`"},
		{"object start", "fields := graphql.CollectFields(ec.OperationContext, sel, tImplementors)\n\tout", "out := graphql.NewFieldSet(nil)\n\tfields := graphql.CollectFields(ec.OperationContext, sel, tImplementors)\n\tout = graphql.NewFieldSet(fields)\n\tout", "_T: no object executor"},
		{"object renamed", "func (ec *executionContext) _T(", "func (ec *executionContext) _T_object(", "_T: no such object executor"},
		{"list parameters", "sel ast.SelectionSet, v []*T)", "sel ast.SelectionSet, list []*T)", "marshalNT2ᚕᚖTᚄ: no list marshaller"},
		{"plain field", "return graphql.ResolveField(ctx, ec.OperationContext, field, nil,", "return graphql.ResolveFieldWith(ctx, ec.OperationContext, field, nil,", "_T_label: no field executor"},
	} {
		t.Run(c.name, func(t *testing.T) {
			changed := strings.Replace(generated, c.from, c.to, 1)
			if changed == generated {
				t.Fatalf("the test's change %q does not apply", c.from)
			}
			_, _, err := hook([]byte(changed), tHooks())
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error naming %q", err, c.want)
			}
		})
	}
}

// TestRealExecutor reads the executor `go generate` wrote and pins what
// it hooks: a gqlgen or entgql upgrade, or a change of the model's rules,
// that loses some hooks or writers changes these numbers; so does a
// schema change: look at what was lost (fastgen prints the same line in
// `go generate`) before updating them. It also checks that every writer
// fastpath.go defines is called from the executor and the other way round.
func TestRealExecutor(t *testing.T) {
	dir := "../../../graph/generated/"
	src, err := os.ReadFile(dir + "generated.go")
	if err != nil {
		t.Fatal(err)
	}
	fast, err := os.ReadFile(dir + "fastpath.go")
	if err != nil {
		t.Fatal(err)
	}
	got := stats{
		Lists:   strings.Count(string(src), "gqlexec.MarshalSlice(ctx, ec.fast, "),
		Objects: strings.Count(string(src), objectReturn),
		Plain:   strings.Count(string(src), "\tif ec.fast {\n\t\treturn ec.marshal"),
		Types:   strings.Count(string(src), "_plainObject(ctx, fields, obj); m != nil {"),
		Nested:  strings.Count(string(fast), "\t\t\tgqlexec.WriteObject(w, ec.collected.Fields(ec.OperationContext, field.Selections, ") - strings.Count(string(fast), "if v, _ := obj.Edges."),
		Edges:   strings.Count(string(fast), "if v, _ := obj.Edges."),
		Written: strings.Count(string(src), "_plainList(ctx, sel, v); m != nil {"),
	}
	want := stats{Lists: 130, Objects: 179, Plain: 509, Types: 170, Nested: 70, Edges: 51, Written: 78}
	if got != want {
		t.Errorf("the executor has\n%s\nhooked, pinned:\n%s", got, want)
	}
	if strings.Contains(string(src), "MarshalSliceConcurrently") {
		t.Error("a list marshaller is left concurrent")
	}
	for _, r := range rewrites {
		if !strings.Contains(string(src), r.to) {
			t.Errorf("the executor lacks %q", r.to)
		}
	}
	// Every writer entry point is called by the executor, and every call
	// has its writer.
	file, err := parser.ParseFile(token.NewFileSet(), "fastpath.go", fast, 0)
	if err != nil {
		t.Fatal(err)
	}
	defined := map[string]bool{}
	for _, name := range funcNames(file) {
		if strings.HasSuffix(name, "_plainObject") || strings.HasSuffix(name, "_plainList") {
			defined[name] = true
			if !strings.Contains(string(src), "ec."+name+"(") {
				t.Errorf("fastpath.go's %s is never called by the executor", name)
			}
		}
	}
	// one _T_plainObject per type with writers; one _T_plainList per type
	// with a list of it (78 lists of 78 types)
	if len(defined) != want.Types+want.Written {
		t.Errorf("fastpath.go has %d entry points, want %d", len(defined), want.Types+want.Written)
	}
}
