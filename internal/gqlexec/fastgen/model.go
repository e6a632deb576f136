package main

import (
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
	"github.com/vektah/gqlparser/v2/ast"
)

// plugin is the gqlgen plugin: GenerateCode reads gqlgen's model and
// writes the writers' file, and leaves the hooks for main to add.
type plugin struct {
	hooks *hooks
}

func (p *plugin) Name() string { return "rapport-fastpath" }

func (p *plugin) GenerateCode(data *codegen.Data) error {
	m := model(data)
	file := filepath.Join(filepath.Dir(data.Config.Exec.Filename), "fastpath.go")
	src, err := m.file(data.Config.Exec.Package)
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, src, 0o644); err != nil {
		return err
	}
	p.hooks = m.hooks()
	return nil
}

// A plain field reads a struct field of its object (no method, no
// resolver, no arguments, no directive, no conversion) and has a
// marshaller that cannot report an error nor read the field context.
// gqlgen resolves it like any other: a field context and a context value,
// a closure or two, the value boxed into an interface and back, the
// AroundFields middleware chain and a deferred recover, which for a
// 7,800-object stakeholder graph is a few hundred thousand allocations
// spent reading struct fields.
//
// What the fast path drops, and why it is safe here: the AroundFields
// middleware does not see plain fields (Rapport's only field middleware,
// the page limits, acts on connections, which are never plain;
// gqlexec.FastPath turns the fast path off for an operation when the
// server's field middleware does not pass a plain field through
// untouched, and internal/server's tests pin the list of field
// middlewares); and a plain field gets no field context of its own, which
// only a marshaller that reports an error would read, and those are
// excluded.
type plainField struct {
	marshal string // the executor's marshaller: marshalNString2string
	value   string // obj.Name
	write   string // the statement writing the value to w
}

// nestedField is a nullable field holding an object in a struct field of
// its parent (an edge's node): when the object's own selection is plain,
// the parent writes it in place, and a connection's page of nodes is
// written without gqlgen's execution at all.
type nestedField struct {
	value, executor string
	// nonNull: a nil is gqlgen's to report, so the type checks its
	// values (_T_loaded) and leaves an object holding one to gqlgen.
	nonNull bool
}

// A listField is a non-null list of non-null objects in a struct field of
// its parent (the whitespace grid's rows and their cells): when the
// objects' selection is plain, the parent writes the list in place. A nil
// list or element is left to gqlgen (_T_loaded).
type listField struct{ value, executor string }

// An edge field is a unique ent edge (a contact relation's `to`, a
// contact's `account`) that gqlgen resolves by calling entgql's method,
// which returns the eager-loaded edge (Edges.ToOrErr) when entgql's field
// collection has loaded it, as it does for every edge a query selects,
// and queries it otherwise. Whether it is loaded is known only per
// object, so the writers check the values first (_T_loaded) and leave
// anything not loaded, or loaded as null where the schema says non-null,
// to gqlgen, which queries it or reports the error.
type edgeField struct {
	orErr    string // "obj.Edges.ToOrErr()"
	executor string // "_Contact"
	nonNull  bool
	notFound string // the ent package's IsNotFound, qualified: "ent.IsNotFound"
}

// objectType is what the writers of one object type need.
type objectType struct {
	name    string                 // the GraphQL type
	objType string                 // the Go type of obj, qualified for fastpath.go
	impl    string                 // the implementors variable gqlgen declares
	fields  map[string]plainField  // plain fields by GraphQL name
	nested  map[string]nestedField // nested-object fields by GraphQL name
	lists   map[string]listField   // object-list fields by GraphQL name
	edges   map[string]edgeField   // edge fields by GraphQL name
	order   []string               // the plain, nested and edge fields' names in schema order
	// plainExec are the executors of the plain fields (_T_f), which get a
	// fast return for selections that are not all plain.
	plainExec []string
	listed    bool // a list marshaller of it calls _T_plainList
	// floats are the non-null Float fields: plain only when finite, which
	// the type checks per value (_T_loaded).
	floats []string
	// check: a selection may reach an edge (its own or a nested object's),
	// so the values must be checked (_T_loaded) before the plain path.
	check bool
}

type fastModel struct {
	objects map[string]*objectType // by executor name, _T
	names   []string               // sorted
	lists   []listHook
	roots   []string // every object executor, for gqlexec.Object
	imports *importSet
	// plainFields are all the plain fields, with writers or not (a type
	// whose selections are never all plain still has them).
	plainFields map[string]plainField // by field executor _T_f
}

type listHook struct{ marshal, executor string }

// safeMarshalers are the scalar marshalling functions that return a value
// for every input: their "null in a non-null field" branch is dead.
var safeMarshalers = map[string]string{
	"github.com/99designs/gqlgen/graphql.MarshalString":  "gqlexec.WriteString",
	"github.com/99designs/gqlgen/graphql.MarshalInt":     "gqlexec.WriteInt",
	"github.com/99designs/gqlgen/graphql.MarshalBoolean": "gqlexec.WriteBool",
	"github.com/99designs/gqlgen/graphql.MarshalInt32":   "",
	"github.com/99designs/gqlgen/graphql.MarshalInt64":   "",
	"github.com/99designs/gqlgen/graphql.MarshalID":      "",
	"github.com/99designs/gqlgen/graphql.MarshalIntID":   "",
	"rapport/internal/gid.MarshalID":                     "gid.WriteID",
}

func model(data *codegen.Data) *fastModel {
	m := &fastModel{objects: map[string]*objectType{}, imports: newImportSet(), plainFields: map[string]plainField{}}
	fieldDirectives := len(data.AllDirectives.LocationDirectives("FIELD")) > 0
	byName := map[string]*codegen.Object{}
	for _, o := range data.Objects {
		if o.Stream {
			continue
		}
		m.roots = append(m.roots, "_"+o.Name)
		// introspection's types are gqlgen's, and not worth a writer
		if o.Root || fieldDirectives || strings.HasPrefix(o.Name, "__") {
			continue
		}
		byName[o.Name] = o
	}
	for _, o := range byName {
		t := &objectType{name: o.Name, objType: m.imports.typeString(o.Reference()), impl: implementors(o.Name),
			fields: map[string]plainField{}, nested: map[string]nestedField{}, lists: map[string]listField{}, edges: map[string]edgeField{}}
		for _, f := range o.Fields {
			if f.IsResolver || len(f.Args) > 0 || f.HasDirectives() || f.HasHaser || f.Stream || f.Batch {
				continue
			}
			ref := f.TypeReference
			switch {
			case f.IsVariable() && isFloat(ref):
				// A non-null Float is written plain when its value is finite:
				// gqlgen's marshaller reports an error for NaN and the
				// infinities, so the type checks its values (_T_loaded) and
				// leaves such an object to gqlgen. No fast return of its own
				// (plainExec): that one could not check the value first.
				value := "obj." + f.GoFieldName
				t.fields[f.Name] = plainField{marshal: ref.MarshalFunc(), value: value, write: fmt.Sprintf("gqlexec.WriteFloat(w, %s)", value)}
				t.floats = append(t.floats, f.Name)
				t.order = append(t.order, f.Name)
			case f.IsVariable() && isLeaf(ref):
				if write, ok := m.writeValue(f); ok {
					p := plainField{marshal: ref.MarshalFunc(), value: "obj." + f.GoFieldName, write: write}
					t.fields[f.Name] = p
					t.order = append(t.order, f.Name)
					exec := "_" + o.Name + "_" + f.Name
					t.plainExec = append(t.plainExec, exec)
					m.plainFields[exec] = p
				}
			case f.IsVariable() && isObjectRef(ref) && byName[ref.Definition.Name] != nil:
				t.nested[f.Name] = nestedField{value: "obj." + f.GoFieldName, executor: "_" + ref.Definition.Name, nonNull: ref.GQL.NonNull}
				t.order = append(t.order, f.Name)
			case f.IsVariable() && isObjectList(ref) && byName[ref.Elem().Definition.Name] != nil:
				t.lists[f.Name] = listField{value: "obj." + f.GoFieldName, executor: "_" + ref.Elem().Definition.Name}
				t.order = append(t.order, f.Name)
			case f.IsMethod() && f.MethodHasContext && !f.NoErr && !f.VOkFunc && isObjectRef(ref) && byName[ref.Definition.Name] != nil:
				if e, ok := m.edge(o, f); ok {
					t.edges[f.Name] = e
					t.order = append(t.order, f.Name)
				}
			}
		}
		if len(t.order) > 0 {
			m.objects["_"+o.Name] = t
		}
	}
	// A nested object is written in place only when its type has writers;
	// a type left with nothing to write has none (and so on, up the
	// nesting).
	for changed := true; changed; {
		changed = false
		for name, o := range m.objects {
			for field, n := range o.nested {
				if m.objects[n.executor] == nil {
					delete(o.nested, field)
					o.order = without(o.order, field)
				}
			}
			for field, l := range o.lists {
				if m.objects[l.executor] == nil {
					delete(o.lists, field)
					o.order = without(o.order, field)
				}
			}
			for field, e := range o.edges {
				if m.objects[e.executor] == nil {
					delete(o.edges, field)
					o.order = without(o.order, field)
				}
			}
			if len(o.order) == 0 {
				delete(m.objects, name)
				changed = true
			}
		}
	}
	// A type checks its values when it has an edge or nests a type that
	// checks (and so on, up the nesting).
	for changed := true; changed; {
		changed = false
		for _, o := range m.objects {
			need := len(o.edges) > 0 || len(o.floats) > 0 || len(o.lists) > 0
			for _, n := range o.nested {
				need = need || n.nonNull || m.objects[n.executor].check
			}
			if need && !o.check {
				o.check, changed = true, true
			}
		}
	}
	for name := range m.objects {
		m.names = append(m.names, name)
	}
	sort.Strings(m.names)
	// Every generated list marshaller of pointers to a type with writers
	// takes the plain path first.
	for _, ref := range data.ReferencedTypes {
		if !ref.IsSlice() || ref.IsPtrToSlice() || ref.IsOmittable || ref.Definition == nil || ref.Definition.Kind != ast.Object {
			continue
		}
		elem := ref.Elem()
		if elem == nil || !elem.IsPtr() || elem.IsSlice() {
			continue
		}
		if o := m.objects["_"+ref.Definition.Name]; o != nil && m.imports.typeString(elem.GO) == o.objType {
			m.lists = append(m.lists, listHook{marshal: ref.MarshalFunc(), executor: "_" + ref.Definition.Name})
			o.listed = true
		}
	}
	sort.Slice(m.lists, func(i, j int) bool { return m.lists[i].marshal < m.lists[j].marshal })
	sort.Strings(m.roots)
	return m
}

func without(s []string, v string) []string {
	out := s[:0]
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

func implementors(name string) string {
	return strings.ToLower(name[:1]) + name[1:] + "Implementors"
}

// isLeaf reports whether ref is a scalar or an enum, or a list of them.
func isLeaf(ref *refT) bool {
	return ref.Definition != nil && (ref.Definition.Kind == ast.Scalar || ref.Definition.Kind == ast.Enum)
}

type refT = config.TypeReference

// isObjectList reports whether ref is a non-null list of non-null pointers
// to an object type, held as a plain slice.
func isObjectList(ref *refT) bool {
	if ref.Definition == nil || ref.Definition.Kind != ast.Object || !ref.IsSlice() || !ref.GQL.NonNull ||
		ref.IsPtrToSlice() || ref.IsOmittable {
		return false
	}
	elem := ref.Elem()
	return elem != nil && elem.GQL.NonNull && isObjectRef(elem)
}

// isObjectRef reports whether ref is a pointer to an object type.
func isObjectRef(ref *refT) bool {
	return ref.Definition != nil && ref.Definition.Kind == ast.Object && ref.IsPtr() && !ref.IsSlice() && !ref.IsOmittable
}

// writeValue returns the statement writing a plain field's value to w, and
// whether the field is plain: a scalar or enum (or a nullable list of
// them) read without a cast whose marshaller cannot report an error.
func (m *fastModel) writeValue(f *codegen.Field) (string, bool) {
	ref := f.TypeReference
	if !safe(ref) {
		return "", false
	}
	value := "obj." + f.GoFieldName
	fallback := fmt.Sprintf("ec.%s(ctx, field.Selections, %s).MarshalGQL(w)", ref.MarshalFunc(), value)
	if ref.IsSlice() {
		return fallback, true
	}
	write, ptr := fallback, ref.IsPtr()
	switch {
	case ref.IsMarshaler && ref.Definition.Kind == ast.Enum && stringKind(ref.GO):
		// Every enum of the schema marshals as its value quoted; a value
		// that is a GraphQL name needs no escaping, so the quoting (a
		// third of the whitespace grid's CPU) is skipped. Anything else
		// goes to the type's own marshaller.
		arg := value
		if ptr {
			arg = "*" + value
		}
		write = fmt.Sprintf("if !gqlexec.WriteName(w, string(%s)) {\n\t\t\t%s.MarshalGQL(w)\n\t\t}", arg, value)
	case ref.IsMarshaler:
		write = value + ".MarshalGQL(w)"
	case ref.Marshaler != nil:
		name := ref.Marshaler.Pkg().Path() + "." + ref.Marshaler.Name()
		direct := safeMarshalers[name]
		if direct == "" || !directType(ref, name) {
			return fallback, true // the marshaller writes the null
		}
		if pkg, fn, ok := strings.Cut(direct, "."); ok && pkg != "gqlexec" {
			direct = m.imports.qualify(ref.Marshaler.Pkg()) + "." + fn // the marshaller's own package
		}
		arg := value
		if ptr {
			arg = "*" + value
		}
		write = fmt.Sprintf("%s(w, %s)", direct, arg)
	}
	if ptr {
		write = fmt.Sprintf("if %s == nil {\n\t\t\tgqlexec.WriteNull(w)\n\t\t} else {\n\t\t\t%s\n\t\t}", value, write)
	}
	return write, true
}

// stringKind reports whether t (or what it points to) is a string type.
func stringKind(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.String
}

// safe reports whether gqlgen's marshaller for ref can neither report an
// error nor read the field context: a type that marshals itself
// (graphql.Marshaler, as ent's enums do), a nullable scalar (its
// marshaller writes null for nil and whatever the function returns, with
// no "null in a non-null field" check), a non-null scalar whose function
// returns a value for every input (safeMarshalers), or a nullable list of
// safe non-null elements.
func safe(ref *refT) bool {
	if ref.Definition == nil || (ref.Definition.Kind != ast.Scalar && ref.Definition.Kind != ast.Enum) ||
		ref.CastType != nil || ref.IsContext || ref.IsOmittable || ref.HasEnumValues() || ref.IsPtrToPtr() || ref.IsPtrToSlice() {
		return false
	}
	if ref.IsSlice() {
		elem := ref.Elem()
		return !ref.GQL.NonNull && elem != nil && !elem.IsSlice() && elem.GQL.NonNull && safe(elem)
	}
	if ref.IsPtr() && ref.GQL.NonNull {
		return false // a nil is an error
	}
	switch {
	case ref.IsMarshaler:
		return true
	case ref.Marshaler != nil:
		_, known := safeMarshalers[ref.Marshaler.Pkg().Path()+"."+ref.Marshaler.Name()]
		return known || !ref.GQL.NonNull
	}
	return false
}

// isFloat reports whether ref is a non-null Float held in a float64,
// marshalled by gqlgen's graphql.MarshalFloatContext.
func isFloat(ref *refT) bool {
	if ref.Definition == nil || ref.Definition.Name != "Float" || !ref.GQL.NonNull || ref.IsPtr() || ref.IsSlice() ||
		ref.CastType != nil || ref.IsOmittable || ref.Marshaler == nil {
		return false
	}
	if ref.Marshaler.Pkg().Path()+"."+ref.Marshaler.Name() != "github.com/99designs/gqlgen/graphql.MarshalFloatContext" {
		return false
	}
	b, ok := ref.GO.(*types.Basic)
	return ok && b.Kind() == types.Float64
}

// directType reports whether the field's Go type is the very type the
// direct writer takes.
func directType(ref *refT, marshaler string) bool {
	t := ref.GO
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	switch marshaler {
	case "rapport/internal/gid.MarshalID":
		n, ok := t.(*types.Named)
		return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "rapport/internal/gid" && n.Obj().Name() == "ID"
	case "github.com/99designs/gqlgen/graphql.MarshalString":
		return types.Identical(t, types.Typ[types.String])
	case "github.com/99designs/gqlgen/graphql.MarshalInt":
		return types.Identical(t, types.Typ[types.Int])
	case "github.com/99designs/gqlgen/graphql.MarshalBoolean":
		return types.Identical(t, types.Typ[types.Bool])
	}
	return false
}

// edge reports whether f is a unique ent edge read by an entgql method:
// obj's struct has an Edges field whose FOrErr() returns the method's
// type and an error, and obj's package has IsNotFound.
func (m *fastModel) edge(o *codegen.Object, f *codegen.Field) (edgeField, bool) {
	ptr, ok := o.Reference().(*types.Pointer)
	if !ok {
		return edgeField{}, false
	}
	named, ok := ptr.Elem().(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return edgeField{}, false
	}
	pkg := named.Obj().Pkg()
	nf, ok := pkg.Scope().Lookup("IsNotFound").(*types.Func)
	if !ok {
		return edgeField{}, false
	}
	edges, _, _ := types.LookupFieldOrMethod(named, true, pkg, "Edges")
	ev, ok := edges.(*types.Var)
	if !ok || !ev.IsField() {
		return edgeField{}, false
	}
	orErr, _, _ := types.LookupFieldOrMethod(ev.Type(), true, pkg, f.GoFieldName+"OrErr")
	fn, ok := orErr.(*types.Func)
	if !ok {
		return edgeField{}, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 0 || sig.Results().Len() != 2 || !types.Identical(sig.Results().At(0).Type(), f.TypeReference.GO) ||
		sig.Results().At(1).Type().String() != "error" {
		return edgeField{}, false
	}
	return edgeField{
		orErr:    "obj.Edges." + fn.Name() + "()",
		executor: "_" + f.TypeReference.Definition.Name,
		nonNull:  f.TypeReference.GQL.NonNull,
		notFound: m.imports.qualify(pkg) + "." + nf.Name(),
	}, true
}

// hooks returns what the executor must call, by function name.
func (m *fastModel) hooks() *hooks {
	h := &hooks{objectReturns: m.roots, plainFields: map[string]plainField{}}
	for _, o := range m.objects {
		h.nested += len(o.nested)
		h.edges += len(o.edges)
	}
	for exec, p := range m.plainFields {
		h.plainFields[exec] = p
	}
	h.objects = append(h.objects, m.names...)
	h.lists = append(h.lists, m.lists...)
	return h
}
