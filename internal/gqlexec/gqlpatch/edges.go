package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// An edge field is a unique ent edge (a contact relation's `to`, a
// contact's `account`) that gqlgen resolves by calling entgql's method,
//
//	func (_m *ContactRelation) To(ctx context.Context) (*Contact, error) {
//		result, err := _m.Edges.ToOrErr()
//		if IsNotLoaded(err) {
//			result, err = _m.QueryTo().Only(ctx)
//		}
//		return result, err // or MaskNotFound(err) for a nullable edge
//	}
//
// When entgql's field collection has eager-loaded the edge, as it does for
// every edge a query selects, the method only reads the struct: its
// object can then be written in place like a nested one (see writers.go),
// which for a page of relations with their targets skips gqlgen's field
// context, closures and FieldSet per relation. Whether the edge is loaded
// is known only per object, so the writers check it on the values first
// (_T_loaded) and leave anything not loaded, or loaded as null where the
// schema says non-null, to gqlgen, which queries it or reports the error.

// edgeMethod is one of entgql's unique-edge methods.
type edgeMethod struct {
	orErr  string // the Edges method that reads the loaded edge: "ToOrErr"
	masked bool   // it returns MaskNotFound(err): a nullable edge
}

// loadedEdges reads entgql's gql_edge.go and returns its unique-edge
// methods of the shape above by "Type.Method".
func loadedEdges(src []byte) (map[string]edgeMethod, error) {
	if src == nil {
		return nil, nil
	}
	file, err := parser.ParseFile(token.NewFileSet(), "gql_edge.go", src, 0)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	out := map[string]edgeMethod{}
	for _, d := range file.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 || fn.Body == nil || len(fn.Body.List) != 3 {
			continue
		}
		recv, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
		if !ok || len(fn.Recv.List[0].Names) != 1 {
			continue
		}
		m, x := fn.Name.Name, fn.Recv.List[0].Names[0].Name
		orErr := m + "OrErr"
		if source(fn.Body.List[0]) != fmt.Sprintf("result, err := %s.Edges.%s()", x, orErr) ||
			source(fn.Body.List[1]) != fmt.Sprintf("if IsNotLoaded(err) {\n\tresult, err = %s.Query%s().Only(ctx)\n}", x, m) {
			continue
		}
		switch source(fn.Body.List[2]) {
		case "return result, err":
			out[exprString(recv.X)+"."+m] = edgeMethod{orErr: orErr}
		case "return result, MaskNotFound(err)":
			out[exprString(recv.X)+"."+m] = edgeMethod{orErr: orErr, masked: true}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no unique-edge method of the known shape: has entgql's output changed?")
	}
	return out, nil
}

// edgeField is a field executor that resolves an edge method: the
// accessor reading the loaded edge, the target's executor, and whether
// the field is non-null.
type edgeField struct {
	orErr    string // "obj.Edges.ToOrErr()"
	executor string // "_Contact"
	nonNull  bool
}

// edgeObject reads a field executor's ResolveField arguments a, with its
// field context fc and the Go type of its obj, and reports whether it is
// an edge field: a method and not a resolver, no arguments, the resolver
// `return obj.M(ctx)` for an edge method M of the type, and the
// marshaller `if v == nil {...}; return ec._U(ctx, sel, v)`.
func edgeObject(fc *ast.FuncDecl, a []ast.Expr, objType string, methods map[string]*ast.FuncDecl, edges map[string]edgeMethod) (edgeField, bool) {
	flags, ok := fieldContextFlags(fc)
	if !ok || flags["IsMethod"] != "true" || flags["IsResolver"] != "false" {
		return edgeField{}, false
	}
	lit, ok := a[4].(*ast.FuncLit)
	if !ok {
		return edgeField{}, false
	}
	call := singleReturnCall(lit.Body)
	if call == nil || len(call.Args) != 1 || exprString(call.Args[0]) != "ctx" {
		return edgeField{}, false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || exprString(sel.X) != "obj" {
		return edgeField{}, false
	}
	typ, isEnt := strings.CutPrefix(objType, "*ent.")
	m, ok := edges[typ+"."+sel.Sel.Name]
	if !isEnt || !ok {
		return edgeField{}, false
	}
	marshal, ok := calledMethod(a[6])
	if !ok || methods[marshal] == nil {
		return edgeField{}, false
	}
	body := methods[marshal].Body.List
	if len(body) != 2 {
		return edgeField{}, false
	}
	if ifs, ok := body[0].(*ast.IfStmt); !ok || exprString(ifs.Cond) != "v == nil" {
		return edgeField{}, false
	}
	ret, ok := body[1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return edgeField{}, false
	}
	executor := ec(ret.Results[0], "v")
	nonNull := strings.HasPrefix(marshal, "marshalN")
	// A nullable field over an edge that reports a missing row, or the
	// reverse, is not the pairing entgql generates: leave it alone.
	if executor == "" || nonNull == m.masked || exprString(a[8]) != fmt.Sprint(nonNull) {
		return edgeField{}, false
	}
	return edgeField{orErr: "obj.Edges." + m.orErr + "()", executor: executor, nonNull: nonNull}, true
}

// fieldContextFlags reads `fc = &graphql.FieldContext{...}; return fc, nil`
// and returns its keyed values; a field context with arguments (a longer
// body) is not read.
func fieldContextFlags(fc *ast.FuncDecl) (map[string]string, bool) {
	if fc == nil || len(fc.Body.List) != 2 || source(fc.Body.List[1]) != "return fc, nil" {
		return nil, false
	}
	as, ok := fc.Body.List[0].(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 {
		return nil, false
	}
	un, ok := as.Rhs[0].(*ast.UnaryExpr)
	if !ok {
		return nil, false
	}
	lit, ok := un.X.(*ast.CompositeLit)
	if !ok || exprString(lit.Type) != "graphql.FieldContext" {
		return nil, false
	}
	flags := map[string]string{}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			flags[exprString(kv.Key)] = exprString(kv.Value)
		}
	}
	return flags, true
}

// concurrentField reads an object executor's case body
// `out.ResolveConcurrently(..., func(ctx context.Context) graphql.Marshaler
// { return ec.F(ctx, field, obj) })`, gqlgen's form for method fields, and
// returns F.
func concurrentField(s ast.Stmt) string {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return ""
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || exprString(call.Fun) != "out.ResolveConcurrently" || len(call.Args) == 0 {
		return ""
	}
	lit, ok := call.Args[len(call.Args)-1].(*ast.FuncLit)
	if !ok {
		return ""
	}
	inner := singleReturnCall(lit.Body)
	if inner == nil || len(inner.Args) != 3 || exprString(inner.Args[0]) != "ctx" || exprString(inner.Args[1]) != "field" ||
		exprString(inner.Args[2]) != "obj" {
		return ""
	}
	sel, ok := inner.Fun.(*ast.SelectorExpr)
	if !ok || exprString(sel.X) != "ec" {
		return ""
	}
	return sel.Sel.Name
}
