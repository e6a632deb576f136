package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// A plain field is one that reads a struct field of its object (no method,
// no resolver, no arguments, no directive) and whose marshaller cannot
// report an error. gqlgen resolves it like any other: a field context and
// a context value, a closure or two, the value boxed into an interface and
// back, the AroundFields middleware chain and a deferred recover, which
// for a 7,800-object stakeholder graph is a few hundred thousand
// allocations spent reading struct fields. Rewritten, its executor
// function calls the marshaller on the struct field directly.
//
// What that drops, and why it is safe here: the AroundFields middleware
// does not see plain fields (Rapport's only field middleware, the page
// limits, acts on connections, which are never plain; gqlexec.FastPath
// turns the fast path off for an operation when the server's field
// middleware does not pass a plain field through untouched, and
// internal/server's tests pin the list of field middlewares); and a plain
// field gets no field context of its own, which only a marshaller that
// reports an error would read, and those are excluded. The rewritten
// executor keeps gqlgen's resolution after the fast return, for
// operations with the fast path off (RAPPORT_FAST_PATH=0).
const plainMarker = "// gqlpatch: plain field"

// objectReturn is what an object's executor returns once rewritten: see
// gqlexec.Object.
const objectReturn = "return gqlexec.Object(fields, out, !ec.fast || len(deferred.Defers) > 0)"

// neverNull are the marshallers of scalars that return a value for every
// input, so the "null in a non-null field" branch after them is dead.
var neverNull = map[string]bool{
	"graphql.MarshalString": true, "graphql.MarshalInt": true, "graphql.MarshalInt32": true,
	"graphql.MarshalInt64": true, "graphql.MarshalBoolean": true, "graphql.MarshalID": true,
	"graphql.MarshalIntID": true, "gid.MarshalID": true,
}

// errorCalls are calls through which a marshaller reports an error or reads
// the field context; a marshaller making one (outside a dead branch) keeps
// its fields on gqlgen's path.
var errorCalls = map[string]bool{
	"graphql.AddInvalidNullFromMarshaler": true, "graphql.AddErrorf": true, "graphql.AddError": true,
	"graphql.HasFieldError": true, "graphql.GetFieldContext": true, "graphql.WrapContextMarshaler": true,
	"graphql.AddInvalidNullError": true,
}

type edit struct {
	start, end int // the byte range replaced
	body       string
}

// astRewrites finds the plain fields and the object executors of a
// generated executor and returns their rewrites (and the plain writers',
// see writers.go), in file order, with how many of each.
func astRewrites(src []byte, edgeMethods map[string]edgeMethod) (out []edit, st stats, err error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "generated.go", src, 0)
	if err != nil {
		return nil, st, fmt.Errorf("parse: %w", err)
	}
	methods := map[string]*ast.FuncDecl{}
	for _, d := range file.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil && fn.Body != nil {
			methods[fn.Name.Name] = fn
		}
	}
	safe := map[string]bool{}
	fields := map[string]plainField{}  // plain fields by executor method
	nested := map[string]nestedField{} // nested-object fields by executor method
	edges := map[string]edgeField{}    // edge fields by executor method
	for _, fn := range methods {
		if objectExecutor(fn) {
			last := fn.Body.List[len(fn.Body.List)-1]
			if source(last) != objectReturn {
				out = append(out, edit{
					start: fset.Position(last.Pos()).Offset,
					end:   fset.Position(last.End()).Offset,
					body:  objectReturn,
				})
			}
			st.Objects++
			continue
		}
		if f, ok := rewrittenPlain(fn.Body); ok {
			fields[fn.Name.Name] = f
			st.Plain++
			continue
		}
		call := singleReturnCall(fn.Body)
		if call == nil || exprString(call.Fun) != "graphql.ResolveField" || len(call.Args) != 9 {
			continue
		}
		a := call.Args
		if exprString(a[0]) != "ctx" || exprString(a[2]) != "field" || exprString(a[5]) != "nil" {
			continue
		}
		fcName, ok := calledMethod(a[3])
		if !ok {
			continue
		}
		if !scalarFieldContext(methods[fcName]) {
			if f, ok := nestedObject(methods[fcName], a, methods); ok {
				nested[fn.Name.Name] = f
			} else if f, ok := edgeObject(methods[fcName], a, objParam(fn), methods, edgeMethods); ok {
				edges[fn.Name.Name] = f
			}
			continue
		}
		value := resolverValue(a[4])
		if value == "" {
			continue
		}
		marshal, ok := calledMethod(a[6])
		if !ok || !cannotFail(marshal, methods, safe, 0) {
			continue
		}
		at := fset.Position(fn.Body.List[0].Pos()).Offset
		out = append(out, edit{start: at, end: at,
			body: fmt.Sprintf("%s\n\tif ec.fast {\n\t\treturn ec.%s(ctx, field.Selections, %s)\n\t}\n\t", plainMarker, marshal, value),
		})
		fields[fn.Name.Name] = plainField{marshal: marshal, value: value}
		st.Plain++
	}
	w, ws := writerRewrites(fset, src, methods, fields, nested, edges)
	st.Types, st.Nested, st.Edges, st.Written = ws.Types, ws.Nested, ws.Edges, ws.Written
	out = append(out, w...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out, st, nil
}

// objParam returns the Go type of a field executor's obj parameter, as
// written ("*ent.Contact"), or "".
func objParam(fn *ast.FuncDecl) string {
	params := fn.Type.Params.List
	if len(params) == 0 {
		return ""
	}
	last := params[len(params)-1]
	if len(last.Names) != 1 || last.Names[0].Name != "obj" {
		return ""
	}
	return source(last.Type)
}

// rewrittenPlain reads a plain field's executor as rewritten, `if ec.fast
// { return ec.MARSHAL(ctx, field.Selections, obj.F) }` before gqlgen's
// resolution, so that a second run knows the plain fields too.
func rewrittenPlain(body *ast.BlockStmt) (plainField, bool) {
	if len(body.List) != 2 {
		return plainField{}, false
	}
	ifs, ok := body.List[0].(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || exprString(ifs.Cond) != "ec.fast" {
		return plainField{}, false
	}
	call := singleReturnCall(ifs.Body)
	if call == nil || len(call.Args) != 3 || exprString(call.Args[0]) != "ctx" || exprString(call.Args[1]) != "field.Selections" {
		return plainField{}, false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || exprString(sel.X) != "ec" || !strings.HasPrefix(sel.Sel.Name, "marshal") || !strings.HasPrefix(exprString(call.Args[2]), "obj.") {
		return plainField{}, false
	}
	return plainField{marshal: sel.Sel.Name, value: exprString(call.Args[2])}, true
}

// objectExecutor reports whether fn is an object's executor ending in
// `return out` (or, rewritten, in objectReturn): it collects its fields
// into `fields`, resolves them into the FieldSet `out`, and has a deferred
// group `deferred` (a plain writers' fast path may sit between them).
func objectExecutor(fn *ast.FuncDecl) bool {
	list := fn.Body.List
	if len(list) < 4 {
		return false
	}
	last := list[len(list)-1]
	ret, ok := last.(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 || (exprString(ret.Results[0]) != "out" && source(last) != objectReturn) {
		return false
	}
	assigns := map[string]string{}
	for _, stmt := range list[:min(4, len(list)-1)] {
		if ifs, ok := stmt.(*ast.IfStmt); ok && strings.HasPrefix(source(ifs.Cond), "ec.fast && ") {
			continue
		}
		as, ok := stmt.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			break
		}
		if call, ok := as.Rhs[0].(*ast.CallExpr); ok {
			assigns[exprString(as.Lhs[0])] = exprString(call.Fun)
		}
	}
	return assigns["fields"] == "graphql.CollectFields" && assigns["out"] == "graphql.NewFieldSet" &&
		(assigns["deferred"] == "gqlexec.NewDeferredGroup" || assigns["deferred"] == "graphql.NewDeferredGroup")
}

// applyEdits replaces the edits' byte ranges of src.
func applyEdits(src []byte, rewrites []edit) []byte {
	var b strings.Builder
	last := 0
	for _, r := range rewrites {
		b.Write(src[last:r.start])
		b.WriteString(r.body)
		last = r.end
	}
	b.Write(src[last:])
	return []byte(b.String())
}

func singleReturnCall(body *ast.BlockStmt) *ast.CallExpr {
	if body == nil || len(body.List) != 1 {
		return nil
	}
	ret, ok := body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil
	}
	call, _ := ret.Results[0].(*ast.CallExpr)
	return call
}

// calledMethod reads `func(ctx, x) ... { return ec.NAME(ctx, x...) }` and
// returns NAME when the closure only forwards its parameters.
func calledMethod(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.FuncLit)
	if !ok {
		return "", false
	}
	call := singleReturnCall(lit.Body)
	if call == nil {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || exprString(sel.X) != "ec" {
		return "", false
	}
	var params []string
	for _, f := range lit.Type.Params.List {
		for _, n := range f.Names {
			params = append(params, n.Name)
		}
	}
	if len(call.Args) != len(params) {
		return "", false
	}
	for i, arg := range call.Args {
		if exprString(arg) != params[i] {
			return "", false
		}
	}
	return sel.Sel.Name, true
}

// scalarFieldContext reports whether fn is
// `return graphql.NewScalarFieldContext(T, field, false, false, S)`: a
// field that is neither a method nor a resolver.
func scalarFieldContext(fn *ast.FuncDecl) bool {
	if fn == nil {
		return false
	}
	call := singleReturnCall(fn.Body)
	return call != nil && exprString(call.Fun) == "graphql.NewScalarFieldContext" && len(call.Args) == 5 &&
		exprString(call.Args[2]) == "false" && exprString(call.Args[3]) == "false"
}

// resolverValue reads `func(ctx context.Context) (any, error) { return
// obj.A.B, nil }` and returns "obj.A.B"; anything else (a call, a
// conversion, an error) is not plain.
func resolverValue(e ast.Expr) string {
	lit, ok := e.(*ast.FuncLit)
	if !ok || len(lit.Body.List) != 1 {
		return ""
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 2 || exprString(ret.Results[1]) != "nil" {
		return ""
	}
	x := ret.Results[0]
	for {
		sel, ok := x.(*ast.SelectorExpr)
		if !ok {
			break
		}
		x = sel.X
	}
	if id, ok := x.(*ast.Ident); !ok || id.Name != "obj" || x == ret.Results[0] {
		return ""
	}
	return exprString(ret.Results[0])
}

// cannotFail reports whether the marshaller name never reports an error
// nor reads the field context, following the marshallers it calls.
func cannotFail(name string, methods map[string]*ast.FuncDecl, memo map[string]bool, depth int) bool {
	if v, ok := memo[name]; ok {
		return v
	}
	fn := methods[name]
	if fn == nil || depth > 8 {
		return false
	}
	memo[name] = false // a cycle is not proven safe
	ok := true
	var res string // the variable a never-null marshaller's result went to
	for _, stmt := range fn.Body.List {
		if as, isAssign := stmt.(*ast.AssignStmt); isAssign && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
			if call, isCall := as.Rhs[0].(*ast.CallExpr); isCall && neverNull[exprString(call.Fun)] {
				res = exprString(as.Lhs[0])
			}
		}
		if ifs, isIf := stmt.(*ast.IfStmt); isIf && res != "" && ifs.Init == nil && ifs.Else == nil &&
			exprString(ifs.Cond) == res+" == graphql.Null" {
			continue // dead: the value is never null
		}
		ast.Inspect(stmt, func(n ast.Node) bool {
			call, isCall := n.(*ast.CallExpr)
			if !isCall || !ok {
				return ok
			}
			f := exprString(call.Fun)
			switch {
			case errorCalls[f], strings.HasPrefix(f, "gqlexec."), strings.HasPrefix(f, "graphql.MarshalSlice"),
				strings.HasPrefix(f, "graphql.Resolve"), strings.HasPrefix(f, "ec._"):
				ok = false
			case strings.HasPrefix(f, "ec."):
				ok = cannotFail(strings.TrimPrefix(f, "ec."), methods, memo, depth+1)
			}
			return ok
		})
		if !ok {
			break
		}
	}
	memo[name] = ok
	return ok
}

// exprString prints the small expressions the matchers compare.
func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	case *ast.BinaryExpr:
		return exprString(e.X) + " " + e.Op.String() + " " + exprString(e.Y)
	case *ast.StarExpr:
		return "*" + exprString(e.X)
	case *ast.BasicLit:
		return e.Value
	}
	return fmt.Sprintf("<%T>", e)
}
