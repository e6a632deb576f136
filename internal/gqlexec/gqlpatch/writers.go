package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// A selection of only plain fields needs nothing of gqlgen's execution:
// for every object type with plain fields gqlpatch writes two methods,
// _T_allPlain(fields), which says whether a selection is only plain
// fields, and _T_writePlain, which writes one plain field's value straight
// from the struct field. The object's executor, and the marshaller of
// every list of it, ask _T_allPlain first (when the operation's fast path
// is on, ec.fast) and then hand the writing to gqlexec.PlainObject or
// gqlexec.PlainList (see there).
const writerMarker = "// gqlpatch: plain writer"

// plainField is a plain field's marshaller and the value it marshals
// (obj.Something).
type plainField struct{ marshal, value string }

// nestedField is a nullable field holding an object in a struct field of
// its parent (an edge's node): when the object's own selection is plain,
// the parent writes it in place, and a connection's page of nodes is
// written without gqlgen's execution at all.
type nestedField struct{ value, executor string }

// nestedObject reads a field executor's ResolveField arguments a and its
// field context fc and reports whether the field is a nested object: no
// method, no resolver, no arguments, no directive, the value a struct
// field of obj, and the marshaller `if v == nil { return graphql.Null };
// return ec._U(ctx, sel, v)`.
func nestedObject(fc *ast.FuncDecl, a []ast.Expr, methods map[string]*ast.FuncDecl) (nestedField, bool) {
	flags, ok := fieldContextFlags(fc)
	if !ok || flags["IsMethod"] != "false" || flags["IsResolver"] != "false" {
		return nestedField{}, false
	}
	value := resolverValue(a[4])
	marshal, ok := calledMethod(a[6])
	if value == "" || !ok || methods[marshal] == nil {
		return nestedField{}, false
	}
	body := methods[marshal].Body.List
	if len(body) != 2 || !isNilReturn(body[0]) {
		return nestedField{}, false
	}
	ret, ok := body[1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nestedField{}, false
	}
	executor := ec(ret.Results[0], "v")
	if executor == "" {
		return nestedField{}, false
	}
	return nestedField{value: value, executor: executor}, true
}

// writerCalls are marshalling functions whose writing gqlexec or gid does
// without boxing the value into an interface.
var writerCalls = map[string]string{
	"graphql.MarshalString":  "gqlexec.WriteString",
	"graphql.MarshalInt":     "gqlexec.WriteInt",
	"graphql.MarshalBoolean": "gqlexec.WriteBool",
	"gid.MarshalID":          "gid.WriteID",
}

// objectType is an object executor's facts the writers need.
type objectType struct {
	name     string // the GraphQL type, from the executor's name _T
	executor *ast.FuncDecl
	objType  string                 // the Go type of obj, as written
	impl     string                 // the implementors variable passed to CollectFields
	fields   map[string]plainField  // plain fields by GraphQL name
	nested   map[string]nestedField // nested-object fields by GraphQL name
	edges    map[string]edgeField   // edge fields by GraphQL name
	order    []string               // the plain, nested and edge fields' names in executor order
	typename bool                   // the executor writes __typename
	// check: a selection may reach an edge (its own or a nested object's),
	// so the values must be checked (_T_loaded) before the plain path.
	check bool
}

// writerRewrites returns the plain writers' edits: the methods appended to
// the file and the fast paths inserted into executors and lists, with how
// many types got writers, how many nested objects and edges they write,
// and how many lists take their plain path.
func writerRewrites(fset *token.FileSet, src []byte, methods map[string]*ast.FuncDecl, plain map[string]plainField, nested map[string]nestedField, edges map[string]edgeField) (out []edit, st stats) {
	objects := map[string]*objectType{} // by executor name
	var names []string
	for name, fn := range methods {
		if o := plainObject(fn, plain, nested, edges); o != nil {
			objects[name] = o
			names = append(names, name)
		}
	}
	sort.Strings(names)
	// A nested object is written in place only when its type has writers;
	// a type left with nothing to write has none (and so on, up the
	// nesting).
	for changed := true; changed; {
		changed = false
		for name, o := range objects {
			for field, n := range o.nested {
				if objects[n.executor] == nil {
					delete(o.nested, field)
					o.order = slices.DeleteFunc(o.order, func(f string) bool { return f == field })
				}
			}
			for field, e := range o.edges {
				if objects[e.executor] == nil {
					delete(o.edges, field)
					o.order = slices.DeleteFunc(o.order, func(f string) bool { return f == field })
				}
			}
			if len(o.order) == 0 {
				delete(objects, name)
				changed = true
			}
		}
	}
	names = slices.DeleteFunc(names, func(n string) bool { return objects[n] == nil })
	// A type checks its values when it has an edge or nests a type that
	// checks (and so on, up the nesting).
	for changed := true; changed; {
		changed = false
		for _, o := range objects {
			need := len(o.edges) > 0
			for _, n := range o.nested {
				need = need || objects[n.executor].check
			}
			if need && !o.check {
				o.check, changed = true, true
			}
		}
	}
	var appended bytes.Buffer
	for _, name := range names {
		o := objects[name]
		if methods[name+"_allPlain"] == nil {
			appended.WriteString(o.methods(methods, objects))
		}
		if !calls(o.executor, name+"_allPlain") {
			first := o.executor.Body.List[0]
			at := fset.Position(first.End()).Offset
			out = append(out, edit{start: at, end: at, body: fmt.Sprintf(
				"\n\tif ec.fast && ec.%s_allPlain(fields)%s {\n\t\treturn gqlexec.PlainObject(fields, func(w gqlexec.Writer, field *graphql.CollectedField) { ec.%s_writePlain(ctx, w, obj, field) })\n\t}",
				name, o.loadedCheck("obj"), name)})
		}
		st.Types++
		st.Nested += len(o.nested)
		st.Edges += len(o.edges)
	}
	for _, fn := range methods {
		name, stmt := listOf(fn, methods)
		o := objects[name]
		if o == nil {
			continue
		}
		st.Written++
		if calls(fn, name+"_allPlain") {
			continue
		}
		at := fset.Position(stmt.Pos()).Offset
		each := ""
		if o.check {
			each = fmt.Sprintf(" && (!ec.%s_reaches(fields) || gqlexec.All(v, func(e %s) bool { return ec.%s_loaded(e, fields) }))", name, o.objType, name)
		}
		out = append(out, edit{start: at, end: at, body: fmt.Sprintf(
			"if ec.fast {\n\t\tif fields := ec.collected.Fields(ec.OperationContext, sel, %s); ec.%s_allPlain(fields) && gqlexec.NoNil(v)%s {\n\t\t\treturn gqlexec.PlainList(fields, len(v), func(w gqlexec.Writer, i int, field *graphql.CollectedField) { ec.%s_writePlain(ctx, w, v[i], field) })\n\t\t}\n\t}\n\t",
			o.impl, name, each, name)})
	}
	if appended.Len() > 0 {
		out = append(out, edit{start: len(src), end: len(src), body: appended.String()})
	}
	return out, st
}

// plainObject reads an object executor (fields := CollectFields(...); a
// switch on field.Name) and returns its plain fields, or nil when it has
// none.
func plainObject(fn *ast.FuncDecl, plain map[string]plainField, nested map[string]nestedField, edges map[string]edgeField) *objectType {
	if !strings.HasPrefix(fn.Name.Name, "_") || strings.Count(fn.Name.Name, "_") != 1 || fn.Type.Params.NumFields() != 3 ||
		len(fn.Body.List) < 2 {
		return nil
	}
	as, ok := fn.Body.List[0].(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || exprString(as.Lhs[0]) != "fields" {
		return nil
	}
	call, ok := as.Rhs[0].(*ast.CallExpr)
	if !ok || exprString(call.Fun) != "graphql.CollectFields" || len(call.Args) != 3 {
		return nil
	}
	params := fn.Type.Params.List
	if names := params[len(params)-1].Names; len(names) != 1 || names[0].Name != "obj" {
		return nil
	}
	o := &objectType{name: strings.TrimPrefix(fn.Name.Name, "_"), executor: fn, impl: exprString(call.Args[2]),
		objType: source(params[len(params)-1].Type), fields: map[string]plainField{}, nested: map[string]nestedField{},
		edges: map[string]edgeField{}}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		cc, ok := n.(*ast.CaseClause)
		if !ok || len(cc.List) != 1 || len(cc.Body) == 0 {
			return true
		}
		lit, ok := cc.List[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		field, _ := strconv.Unquote(lit.Value)
		if f := concurrentField(cc.Body[0]); f != "" {
			if e, ok := edges[f]; ok {
				o.edges[field] = e
				o.order = append(o.order, field)
			}
			return true
		}
		set, ok := cc.Body[0].(*ast.AssignStmt)
		if !ok || len(set.Rhs) != 1 || !isOutValue(set.Lhs[0]) {
			return true
		}
		c, ok := set.Rhs[0].(*ast.CallExpr)
		if !ok {
			return true
		}
		if field == "__typename" && exprString(c.Fun) == "graphql.MarshalString" {
			o.typename = true
			return true
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok || exprString(sel.X) != "ec" || len(c.Args) != 3 || exprString(c.Args[2]) != "obj" {
			return true
		}
		if p, ok := plain[sel.Sel.Name]; ok {
			o.fields[field] = p
			o.order = append(o.order, field)
		}
		if n, ok := nested[sel.Sel.Name]; ok {
			o.nested[field] = n
			o.order = append(o.order, field)
		}
		return true
	})
	if len(o.fields)+len(o.nested)+len(o.edges) == 0 {
		return nil
	}
	return o
}

// loadedCheck is the condition the plain path of the value v adds: none
// for a type whose selections never reach an edge, and for the others a
// check of the values only when this selection does (_T_reaches, once).
func (o *objectType) loadedCheck(v string) string {
	if !o.check {
		return ""
	}
	return fmt.Sprintf(" && (!ec._%s_reaches(fields) || ec._%s_loaded(%s, fields))", o.name, o.name, v)
}

func isOutValue(e ast.Expr) bool {
	ix, ok := e.(*ast.IndexExpr)
	return ok && exprString(ix.X) == "out.Values" && exprString(ix.Index) == "i"
}

// methods writes _T_allPlain and _T_writePlain.
func (o *objectType) methods(all map[string]*ast.FuncDecl, objects map[string]*objectType) string {
	var names []string
	if o.typename {
		names = append(names, "__typename")
	}
	for _, n := range o.order {
		if _, ok := o.fields[n]; ok {
			names = append(names, n)
		}
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s\n// _%s_allPlain reports whether every field of the selection is one\n// that _%s_writePlain writes.\n", writerMarker, o.name, o.name)
	fmt.Fprintf(&b, "func (ec *executionContext) _%s_allPlain(fields []graphql.CollectedField) bool {\n", o.name)
	b.WriteString("\tfor i := range fields {\n\t\tswitch fields[i].Name {\n")
	if len(quoted) > 0 {
		fmt.Fprintf(&b, "\t\tcase %s:\n", strings.Join(quoted, ", "))
	}
	for _, n := range o.order {
		executor := ""
		if nf, ok := o.nested[n]; ok {
			executor = nf.executor
		} else if ef, ok := o.edges[n]; ok {
			executor = ef.executor
		}
		if executor != "" {
			fmt.Fprintf(&b, "\t\tcase %q:\n\t\t\tif !ec.%s_allPlain(ec.collected.Fields(ec.OperationContext, fields[i].Selections, %s)) {\n\t\t\t\treturn false\n\t\t\t}\n",
				n, executor, objects[executor].impl)
		}
	}
	b.WriteString("\t\tdefault:\n\t\t\treturn false\n\t\t}\n")
	b.WriteString("\t\tif len(fields[i].Deferrables) > 0 {\n\t\t\treturn false\n\t\t}\n\t}\n\treturn true\n}\n\n")
	if o.check {
		o.loadedMethod(&b, objects)
	}
	fmt.Fprintf(&b, "%s\nfunc (ec *executionContext) _%s_writePlain(ctx context.Context, w gqlexec.Writer, obj %s, field *graphql.CollectedField) {\n", writerMarker, o.name, o.objType)
	b.WriteString("\tswitch field.Name {\n")
	if o.typename {
		fmt.Fprintf(&b, "\tcase \"__typename\":\n\t\tgqlexec.WriteString(w, %q)\n", o.name)
	}
	for _, n := range o.order {
		if ef, ok := o.edges[n]; ok {
			fmt.Fprintf(&b, "\tcase %q:\n\t\tif v, _ := %s; v == nil {\n\t\t\tgqlexec.WriteNull(w)\n\t\t} else {\n", n, ef.orErr)
			fmt.Fprintf(&b, "\t\t\tgqlexec.WriteObject(w, ec.collected.Fields(ec.OperationContext, field.Selections, %s), func(w gqlexec.Writer, field *graphql.CollectedField) { ec.%s_writePlain(ctx, w, v, field) })\n\t\t}\n",
				objects[ef.executor].impl, ef.executor)
			continue
		}
		if nf, ok := o.nested[n]; ok {
			fmt.Fprintf(&b, "\tcase %q:\n\t\tif %s == nil {\n\t\t\tgqlexec.WriteNull(w)\n\t\t} else {\n", n, nf.value)
			fmt.Fprintf(&b, "\t\t\tgqlexec.WriteObject(w, ec.collected.Fields(ec.OperationContext, field.Selections, %s), func(w gqlexec.Writer, field *graphql.CollectedField) { ec.%s_writePlain(ctx, w, %s, field) })\n\t\t}\n",
				objects[nf.executor].impl, nf.executor, nf.value)
			continue
		}
		fmt.Fprintf(&b, "\tcase %q:\n\t\t%s\n", n, writeValue(o.fields[n], all))
	}
	b.WriteString("\t}\n}\n")
	return b.String()
}

// loadedMethod writes _T_loaded: whether every edge the selection reads,
// on obj and on what it nests, is loaded (and not null where the schema
// says non-null), so that the plain writers may read the structs.
func (o *objectType) loadedMethod(b *strings.Builder, objects map[string]*objectType) {
	fmt.Fprintf(b, "%s\n// _%s_loaded reports whether every edge the selection reads is loaded\n// on obj and on the objects it reaches: only then is it written plain.\n", writerMarker, o.name)
	fmt.Fprintf(b, "func (ec *executionContext) _%s_loaded(obj %s, fields []graphql.CollectedField) bool {\n", o.name, o.objType)
	b.WriteString("\tfor i := range fields {\n\t\tswitch fields[i].Name {\n")
	for _, n := range o.order {
		if ef, ok := o.edges[n]; ok {
			u := objects[ef.executor]
			fail := "err != nil"
			if !ef.nonNull {
				fail = "err != nil && !ent.IsNotFound(err)" // loaded as null: written as null
			}
			if !u.check {
				fmt.Fprintf(b, "\t\tcase %q:\n\t\t\tif _, err := %s; %s {\n\t\t\t\treturn false\n\t\t\t}\n", n, ef.orErr, fail)
				continue
			}
			fmt.Fprintf(b, "\t\tcase %q:\n\t\t\tv, err := %s\n\t\t\tif %s {\n\t\t\t\treturn false\n\t\t\t}\n", n, ef.orErr, fail)
			fmt.Fprintf(b, "\t\t\tif sub := ec.collected.Fields(ec.OperationContext, fields[i].Selections, %s); v != nil && ec.%s_reaches(sub) && !ec.%s_loaded(v, sub) {\n\t\t\t\treturn false\n\t\t\t}\n",
				u.impl, ef.executor, ef.executor)
			continue
		}
		if nf, ok := o.nested[n]; ok && objects[nf.executor].check {
			u := objects[nf.executor]
			fmt.Fprintf(b, "\t\tcase %q:\n\t\t\tif sub := ec.collected.Fields(ec.OperationContext, fields[i].Selections, %s); %s != nil && ec.%s_reaches(sub) && !ec.%s_loaded(%s, sub) {\n\t\t\t\treturn false\n\t\t\t}\n",
				n, u.impl, nf.value, nf.executor, nf.executor, nf.value)
		}
	}
	b.WriteString("\t\t}\n\t}\n\treturn true\n}\n\n")

	// _T_reaches reads only the selection: a page of accounts asking for
	// no edge checks none of its values.
	fmt.Fprintf(b, "%s\n// _%s_reaches reports whether the selection reads an edge, of obj or of\n// an object it nests: only then are the values checked (_%s_loaded).\n", writerMarker, o.name, o.name)
	fmt.Fprintf(b, "func (ec *executionContext) _%s_reaches(fields []graphql.CollectedField) bool {\n", o.name)
	b.WriteString("\tfor i := range fields {\n\t\tswitch fields[i].Name {\n")
	var edgeNames []string
	for _, n := range o.order {
		if _, ok := o.edges[n]; ok {
			edgeNames = append(edgeNames, strconv.Quote(n))
		}
	}
	if len(edgeNames) > 0 {
		fmt.Fprintf(b, "\t\tcase %s:\n\t\t\treturn true\n", strings.Join(edgeNames, ", "))
	}
	for _, n := range o.order {
		if nf, ok := o.nested[n]; ok && objects[nf.executor].check {
			fmt.Fprintf(b, "\t\tcase %q:\n\t\t\tif ec.%s_reaches(ec.collected.Fields(ec.OperationContext, fields[i].Selections, %s)) {\n\t\t\t\treturn true\n\t\t\t}\n",
				n, nf.executor, objects[nf.executor].impl)
		}
	}
	b.WriteString("\t\t}\n\t}\n\treturn false\n}\n\n")
}

// writeValue is the statement writing a plain field's value to w: the
// marshaller's work done in place when its shape is known, the marshaller
// itself otherwise.
func writeValue(f plainField, all map[string]*ast.FuncDecl) string {
	fallback := fmt.Sprintf("ec.%s(ctx, field.Selections, %s).MarshalGQL(w)", f.marshal, f.value)
	fn := all[f.marshal]
	if fn == nil {
		return fallback
	}
	var stmts []ast.Stmt
	for _, s := range fn.Body.List {
		if as, ok := s.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && exprString(as.Lhs[0]) == "_" {
			continue // `_ = sel`, `_ = ctx`
		}
		stmts = append(stmts, s)
	}
	nilCheck := len(stmts) > 0 && isNilReturn(stmts[0])
	if nilCheck {
		stmts = stmts[1:]
	}
	value, write := f.value, ""
	switch {
	case len(stmts) == 1 && returns(stmts[0], "v"):
		write = value + ".MarshalGQL(w)"
	case len(stmts) >= 2 && returns(stmts[len(stmts)-1], "res"):
		as, ok := stmts[0].(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || exprString(as.Lhs[0]) != "res" {
			return fallback
		}
		call, ok := as.Rhs[0].(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return fallback
		}
		arg := exprString(call.Args[0])
		switch {
		case arg == "v":
		case arg == "*v" && nilCheck:
			value = "*" + value
		default:
			return fallback
		}
		if w, ok := writerCalls[exprString(call.Fun)]; ok {
			write = fmt.Sprintf("%s(w, %s)", w, value)
		} else {
			write = fmt.Sprintf("%s(%s).MarshalGQL(w)", exprString(call.Fun), value)
		}
	default:
		return fallback
	}
	if nilCheck {
		return fmt.Sprintf("if %s == nil {\n\t\t\tgqlexec.WriteNull(w)\n\t\t} else {\n\t\t\t%s\n\t\t}", f.value, write)
	}
	return write
}

// isNilReturn reports whether s is `if v == nil { return graphql.Null }`.
func isNilReturn(s ast.Stmt) bool {
	ifs, ok := s.(*ast.IfStmt)
	return ok && ifs.Init == nil && ifs.Else == nil && exprString(ifs.Cond) == "v == nil" &&
		len(ifs.Body.List) == 1 && returns(ifs.Body.List[0], "graphql.Null")
}

func returns(s ast.Stmt, what string) bool {
	ret, ok := s.(*ast.ReturnStmt)
	return ok && len(ret.Results) == 1 && exprString(ret.Results[0]) == what
}

// listOf reads a list marshaller, `ret := gqlexec.MarshalSlice(ctx, ec.fast, ..., func(ctx
// context.Context, i int) graphql.Marshaler { ...; return ec.ELEM(ctx,
// sel, v[i]) })` where ELEM is `if v == nil {...}; return ec._T(ctx, sel,
// v)`, and returns the executor's name _T and the statement to put the
// plain path before.
func listOf(fn *ast.FuncDecl, methods map[string]*ast.FuncDecl) (string, ast.Stmt) {
	for _, stmt := range fn.Body.List {
		as, ok := stmt.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || exprString(as.Lhs[0]) != "ret" {
			continue
		}
		call, ok := as.Rhs[0].(*ast.CallExpr)
		if !ok || exprString(call.Fun) != "gqlexec.MarshalSlice" || len(call.Args) != 6 {
			return "", nil
		}
		lit, ok := call.Args[5].(*ast.FuncLit)
		if !ok || len(lit.Body.List) == 0 {
			return "", nil
		}
		ret, ok := lit.Body.List[len(lit.Body.List)-1].(*ast.ReturnStmt)
		if !ok || len(ret.Results) != 1 {
			return "", nil
		}
		elem := ec(ret.Results[0], "v[i]")
		if elem == "" || methods[elem] == nil {
			return "", nil
		}
		body := methods[elem].Body.List
		if len(body) != 2 {
			return "", nil
		}
		if ifs, ok := body[0].(*ast.IfStmt); !ok || exprString(ifs.Cond) != "v == nil" {
			return "", nil
		}
		r, ok := body[1].(*ast.ReturnStmt)
		if !ok || len(r.Results) != 1 {
			return "", nil
		}
		return ec(r.Results[0], "v"), stmt
	}
	return "", nil
}

// ec returns NAME for a call `ec.NAME(ctx, sel, arg)`, or "".
func ec(e ast.Expr, arg string) string {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 3 || exprString(call.Args[1]) != "sel" || source(call.Args[2]) != arg {
		return ""
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || exprString(sel.X) != "ec" {
		return ""
	}
	return sel.Sel.Name
}

// calls reports whether fn calls ec.name.
func calls(fn *ast.FuncDecl, name string) bool {
	found := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == name && exprString(sel.X) == "ec" {
			found = true
		}
		return !found
	})
	return found
}

// source prints a node as Go source.
func source(n ast.Node) string {
	var b bytes.Buffer
	if err := format.Node(&b, token.NewFileSet(), n); err != nil {
		return fmt.Sprintf("<%T>", n)
	}
	return b.String()
}
