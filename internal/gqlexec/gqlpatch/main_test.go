package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// generated is a cut-down gqlgen executor: an object with a plain field
// (label), a field whose marshaller can report an error (createdAt), a
// resolver field (health), and lists of it.
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
		case "__typename":
			out.Values[i] = graphql.MarshalString("T")
		case "label":
			out.Values[i] = ec._T_label(ctx, field, obj)
			if out.Values[i] == graphql.Null {
				out.Invalids++
			}
		case "createdAt":
			out.Values[i] = ec._T_createdAt(ctx, field, obj)
		default:
			panic("unknown field " + strconv.Quote(field.Name))
		}
	}
	out.Dispatch(ctx)
	return out
}

func (ec *executionContext) _T_label(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_label(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Label, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v string) graphql.Marshaler {
			return ec.marshalNString2string(ctx, selections, v)
		},
		true,
		true,
	)
}

func (ec *executionContext) fieldContext_T_label(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("T", field, false, false, "String")
}

func (ec *executionContext) _T_createdAt(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_createdAt(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.CreatedAt, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v time.Time) graphql.Marshaler {
			return ec.marshalNTime2timeᚐTime(ctx, selections, v)
		},
		true,
		true,
	)
}

func (ec *executionContext) fieldContext_T_createdAt(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("T", field, false, false, "Time")
}

func (ec *executionContext) _T_health(ctx context.Context, field graphql.CollectedField, obj *T) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_T_health(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return ec.Resolvers.T().Health(ctx, obj)
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v int) graphql.Marshaler {
			return ec.marshalNInt2int(ctx, selections, v)
		},
		true,
		true,
	)
}

func (ec *executionContext) fieldContext_T_health(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	return graphql.NewScalarFieldContext("T", field, true, true, "Int")
}

func (ec *executionContext) marshalNString2string(ctx context.Context, sel ast.SelectionSet, v string) graphql.Marshaler {
	_ = sel
	res := graphql.MarshalString(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "String!")
	}
	return res
}

func (ec *executionContext) marshalNTime2timeᚐTime(ctx context.Context, sel ast.SelectionSet, v time.Time) graphql.Marshaler {
	_ = sel
	res := graphql.MarshalTime(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "Time!")
	}
	return res
}

func (ec *executionContext) marshalNInt2int(ctx context.Context, sel ast.SelectionSet, v int) graphql.Marshaler {
	_ = sel
	res := graphql.MarshalInt(v)
	if res == graphql.Null {
		graphql.AddInvalidNullFromMarshaler(ctx, "Int!")
	}
	return res
}

func (ec *executionContext) marshalNT2ᚕT(ctx context.Context, sel ast.SelectionSet, v []T) graphql.Marshaler {
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, nil)
	return ret
}

func (ec *executionContext) marshalNT2ᚕᚖTᚄ(ctx context.Context, sel ast.SelectionSet, v []*T) graphql.Marshaler {
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		fc := graphql.GetFieldContext(ctx)
		fc.Result = &v[i]
		return ec.marshalNT2ᚖT(ctx, sel, v[i])
	})
	return ret
}

func (ec *executionContext) _E(ctx context.Context, sel ast.SelectionSet, obj *E) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, eImplementors)
	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	for i, field := range fields {
		switch field.Name {
		case "node":
			out.Values[i] = ec._E_node(ctx, field, obj)
		}
	}
	out.Dispatch(ctx)
	return out
}

func (ec *executionContext) _E_node(ctx context.Context, field graphql.CollectedField, obj *E) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_E_node(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.Node, nil
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *T) graphql.Marshaler {
			return ec.marshalOT2ᚖT(ctx, selections, v)
		},
		true,
		false,
	)
}

func (ec *executionContext) fieldContext_E_node(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{
		Object:     "E",
		Field:      field,
		IsMethod:   false,
		IsResolver: false,
		Child: func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.childFields_T(ctx, field)
		},
	}
	return fc, nil
}

func (ec *executionContext) marshalOT2ᚖT(ctx context.Context, sel ast.SelectionSet, v *T) graphql.Marshaler {
	if v == nil {
		return graphql.Null
	}
	return ec._T(ctx, sel, v)
}

func (ec *executionContext) marshalNT2ᚖT(ctx context.Context, sel ast.SelectionSet, v *T) graphql.Marshaler {
	if v == nil {
		graphql.AddInvalidNullError(ctx, "T!")
		return graphql.Null
	}
	return ec._T(ctx, sel, v)
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

// withEdge adds R, an ent type whose `to` is a unique edge resolved by
// entgql's method (edgeMethods below): written in place when loaded.
const withEdge = generated + `
func (ec *executionContext) _R(ctx context.Context, sel ast.SelectionSet, obj *ent.R) graphql.Marshaler {
	fields := graphql.CollectFields(ec.OperationContext, sel, rImplementors)
	out := graphql.NewFieldSet(fields)
	deferred := graphql.NewDeferredGroup(ctx)
	for i, field := range fields {
		switch field.Name {
		case "to":
			out.ResolveConcurrently(ec.OperationContext, &deferred, i,
				true, true,
				func(ctx context.Context) graphql.Marshaler {
					return ec._R_to(ctx, field, obj)
				})
		}
	}
	out.Dispatch(ctx)
	return out
}

func (ec *executionContext) _R_to(ctx context.Context, field graphql.CollectedField, obj *ent.R) (ret graphql.Marshaler) {
	return graphql.ResolveField(
		ctx,
		ec.OperationContext,
		field,
		func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.fieldContext_R_to(ctx, field)
		},
		func(ctx context.Context) (any, error) {
			return obj.To(ctx)
		},
		nil,
		func(ctx context.Context, selections ast.SelectionSet, v *T) graphql.Marshaler {
			return ec.marshalNT2ᚖT(ctx, selections, v)
		},
		true,
		true,
	)
}

func (ec *executionContext) fieldContext_R_to(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {
	fc = &graphql.FieldContext{
		Object:     "R",
		Field:      field,
		IsMethod:   true,
		IsResolver: false,
		Child: func(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
			return ec.childFields_T(ctx, field)
		},
	}
	return fc, nil
}
`

// edgeMethods is entgql's method for R's edge.
const edgeMethods = `package ent

func (_m *R) To(ctx context.Context) (*T, error) {
	result, err := _m.Edges.ToOrErr()
	if IsNotLoaded(err) {
		result, err = _m.QueryTo().Only(ctx)
	}
	return result, err
}
`

func TestRewriteEdges(t *testing.T) {
	out, st, err := rewrite([]byte(withEdge), []byte(edgeMethods))
	if err != nil {
		t.Fatal(err)
	}
	if want := (stats{Lists: 2, Objects: 3, Plain: 1, Types: 3, Nested: 1, Edges: 1, Written: 1}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	src := string(out)
	for _, want := range []string{
		// R's plain path checks, per value, that the edge is loaded (not
		// null: the field is non-null), then writes T in place.
		"if ec.fast && ec._R_allPlain(fields) && (!ec._R_reaches(fields) || ec._R_loaded(obj, fields)) {\n\t\treturn gqlexec.PlainObject(",
		// a selection of R that reads no edge checks no value
		"func (ec *executionContext) _R_reaches(fields []graphql.CollectedField) bool {\n\tfor i := range fields {\n\t\tswitch fields[i].Name {\n\t\tcase \"to\":\n\t\t\treturn true",
		"case \"to\":\n\t\t\tif !ec._T_allPlain(ec.collected.Fields(ec.OperationContext, fields[i].Selections, tImplementors)) {",
		"func (ec *executionContext) _R_loaded(obj *ent.R, fields []graphql.CollectedField) bool {",
		"case \"to\":\n\t\t\tif _, err := obj.Edges.ToOrErr(); err != nil {\n\t\t\t\treturn false",
		"case \"to\":\n\t\tif v, _ := obj.Edges.ToOrErr(); v == nil {\n\t\t\tgqlexec.WriteNull(w)\n\t\t} else {\n\t\t\tgqlexec.WriteObject(w, ec.collected.Fields(ec.OperationContext, field.Selections, tImplementors), func(w gqlexec.Writer, field *graphql.CollectedField) { ec._T_writePlain(ctx, w, v, field) })",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("patched file lacks %s:\n%s", want, out)
		}
	}
	// T reaches no edge: its paths check nothing.
	if strings.Contains(src, "_T_loaded") {
		t.Error("T got a loaded check")
	}
	twice, st2, err := rewrite(out, []byte(edgeMethods))
	if err != nil || string(twice) != string(out) || st2 != st {
		t.Errorf("second run changed the file or failed: %v, %+v", err, st2)
	}
	// An edge method of another shape (one that does not fall back to a
	// query when the edge is not loaded) leaves the field to gqlgen.
	// Another type's edge keeps the methods file valid.
	const other = "\nfunc (_m *S) Owner(ctx context.Context) (*T, error) {\n\tresult, err := _m.Edges.OwnerOrErr()\n\tif IsNotLoaded(err) {\n\t\tresult, err = _m.QueryOwner().Only(ctx)\n\t}\n\treturn result, err\n}\n"
	for _, change := range []struct{ from, to string }{
		{"result, err = _m.QueryTo().Only(ctx)", "result, err = nil, nil"},
		{"return result, err", "return result, MaskNotFound(err)"}, // nullable edge behind a non-null field
	} {
		methods := strings.Replace(edgeMethods, change.from, change.to, 1) + other
		_, _, err := rewrite([]byte(withEdge), []byte(methods))
		// R's edge was the only one: a file whose edges all lost their
		// match fails the run.
		if err == nil || !strings.Contains(err.Error(), "eager-loaded ent edge") {
			t.Errorf("with %q: %v, want the edge reported lost", change.to, err)
		}
	}
}

func TestRewrite(t *testing.T) {
	once, st, err := rewrite([]byte(generated), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := (stats{Lists: 2, Objects: 2, Plain: 1, Types: 2, Nested: 1, Edges: 0, Written: 1}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	src := string(once)
	for _, want := range []string{
		`"rapport/internal/gqlexec"`, "gqlexec.MarshalSlice(ctx, ec.fast, len(v)", "gqlexec.NewDeferredGroup(ctx, ec.fast, fields)",
		"buf := gqlexec.DataBuffer(ec.fast)\n\t\t\tdata.MarshalGQL(buf)",
		"\tcollected gqlexec.Collected\n\tfast      bool\n}",
		"ec := newExecutionContext(opCtx, e, make(chan graphql.DeferredResult))\n\tec.fast = gqlexec.FastPath(ctx)\n",
		// the plain field's fast return, gqlgen's resolution kept after it
		plainMarker + "\n\tif ec.fast {\n\t\treturn ec.marshalNString2string(ctx, field.Selections, obj.Label)\n\t}\n\treturn graphql.ResolveField(",
		objectReturn,
		// the plain writers: label and __typename are written in place,
		// the executor and the list of *T take the plain path first
		writerMarker,
		"case \"__typename\", \"label\":\n",
		"case \"label\":\n\t\tgqlexec.WriteString(w, obj.Label)",
		"case \"__typename\":\n\t\tgqlexec.WriteString(w, \"T\")",
		"if ec.fast && ec._T_allPlain(fields) {\n\t\treturn gqlexec.PlainObject(",
		"if ec.fast {\n\t\tif fields := ec.collected.Fields(ec.OperationContext, sel, tImplementors); ec._T_allPlain(fields) && gqlexec.NoNil(v) {\n\t\t\treturn gqlexec.PlainList(",
		// E's node, a T in a struct field, is written in place when its
		// selection is plain
		"case \"node\":\n\t\t\tif !ec._T_allPlain(ec.collected.Fields(ec.OperationContext, fields[i].Selections, tImplementors)) {",
		"if obj.Node == nil {\n\t\t\tgqlexec.WriteNull(w)\n\t\t} else {\n\t\t\tgqlexec.WriteObject(w, ec.collected.Fields(ec.OperationContext, field.Selections, tImplementors), func(w gqlexec.Writer, field *graphql.CollectedField) { ec._T_writePlain(ctx, w, obj.Node, field) })",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("patched file lacks %s:\n%s", want, once)
		}
	}
	if strings.Contains(src, "MarshalSliceConcurrently") {
		t.Error("a concurrent slice marshaller is left")
	}
	// Every field keeps gqlgen's resolution, for operations with the fast
	// path off; label takes the fast return before it.
	if n := strings.Count(src, "graphql.ResolveField("); n != 4 {
		t.Errorf("%d fields on graphql.ResolveField, want 4 (label, createdAt, health, node)", n)
	}
	if n := strings.Count(src, "gqlexec.PlainList("); n != 1 {
		t.Errorf("%d lists take the plain path, want 1 (the list of *T)", n)
	}
	twice, st2, err := rewrite(once, nil)
	if err != nil || string(twice) != string(once) || st2 != st {
		t.Errorf("second run changed the file or failed: %v, %+v", err, st2)
	}
	for _, change := range []struct{ from, to string }{
		{"graphql.MarshalSliceConcurrently(", "graphql.MarshalSliceInParallel("},
		{"return obj.Label, nil", "return obj.Label(), nil"},
		{"\treturn out\n", "\treturn &out\n"},
		{"out.Values[i] = ec._T_label(ctx, field, obj)", "out.Values[i] = ec._T_label(ctx, field, obj.Self())"},
		{"ec := newExecutionContext(opCtx, e,", "ec := newExecContext(opCtx, e,"},
		{"return ec.marshalOT2ᚖT(ctx, selections, v)", "return ec.marshalOT2ᚖT(ctx, selections, v, nil)"}, // no nested object
		{"return ec.marshalNT2ᚖT(ctx, sel, v[i])", "return ec.marshalNT2ᚖT(ctx, sel, v[i], nil)"},         // no plain list
	} {
		changed := strings.ReplaceAll(generated, change.from, change.to)
		if _, _, err := rewrite([]byte(changed), nil); err == nil {
			t.Errorf("a file with %q in place of %q was accepted", change.to, change.from)
		}
	}
}

// TestRealExecutor runs gqlpatch on the executor `go generate` wrote
// (graph/generated/generated.go): on the file as it is, a run must change
// nothing; on the file with the patches taken out again (gqlgen's output,
// as near as the patched file tells), a run must give the file back, and
// what it rewrites is pinned. A gqlgen or entgql upgrade that loses some
// of the matches, or a matcher made stricter, changes these numbers; so
// does a schema change: look at what was lost (gqlpatch prints the same
// line in `go generate`) before updating them.
func TestRealExecutor(t *testing.T) {
	src, err := os.ReadFile("../../../graph/generated/generated.go")
	if err != nil {
		t.Fatal(err)
	}
	edgeSrc, err := os.ReadFile("../../../ent/gql_edge.go")
	if err != nil {
		t.Fatal(err)
	}
	out, st, err := rewrite(src, edgeSrc)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != string(src) {
		t.Error("gqlpatch changes graph/generated/generated.go: run `go generate ./...`")
	}
	want := stats{Lists: 70, Objects: 93, Plain: 263, Types: 82, Nested: 27, Edges: 20, Written: 37}
	if st != want {
		t.Errorf("the executor has\n%s\nrewritten, pinned:\n%s", st, want)
	}

	out, st, err = rewrite(unpatch(t, src), edgeSrc)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != string(src) {
		t.Error("gqlpatch on the unpatched executor does not give graph/generated/generated.go back")
	}
	if st != want {
		t.Errorf("on the unpatched executor gqlpatch rewrites\n%s\npinned:\n%s", st, want)
	}
}

// unpatch takes gqlpatch's edits out of a patched executor.
func unpatch(t *testing.T, src []byte) []byte {
	s := string(src)
	if i := strings.Index(s, "\n"+writerMarker); i >= 0 {
		s = s[:i+1] // the writers, appended at the end
	}
	for _, re := range []string{
		// an object's plain path
		"\n" + `\tif ec\.fast && ec\._\w+_allPlain\(fields\)[^\n]*\{\n\t\treturn gqlexec\.PlainObject\((?s:.*?)\n\t\}\n`,
		// a list's
		`if ec\.fast \{\n\t\tif fields := (?s:.*?)\n\t\}\n\t`,
		// a plain field's fast return
		regexp.QuoteMeta(plainMarker+"\n\tif ec.fast {\n\t\treturn ") + `[^\n]*\n\t\}\n\t`,
	} {
		s = regexp.MustCompile(re).ReplaceAllStringFunc(s, func(m string) string {
			if strings.HasPrefix(m, "\n") {
				return "\n" // the object's path: keep the line break after it
			}
			return ""
		})
	}
	for _, r := range rewrites {
		if !strings.Contains(s, r.to) {
			t.Fatalf("the executor lacks %q", r.to)
		}
		s = strings.ReplaceAll(s, r.to, r.from)
	}
	s = strings.ReplaceAll(s, objectReturn, "return out")
	s = strings.Replace(s, importLine, "", 1)
	if i := strings.Index(s, "gqlexec"); i >= 0 {
		t.Fatalf("unpatch left gqlexec in the executor: …%s…", s[max(0, i-300):min(len(s), i+100)])
	}
	return []byte(s)
}
