package scope_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"rapport/ent"
	"rapport/graph"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/config"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

const editorPassword = "correct horse battery staple"

// signInEditor makes Ada's editor and signs them in.
func signInEditor(t *testing.T, db *store.DB, w crossing) (admin, editor *apitest.Client) {
	t.Helper()
	if _, err := auth.CreateUser(context.Background(), db.Client, auth.NewUser{
		Email: "ada.editor@us.example", Password: editorPassword, Role: auth.RoleEditor, TeamMemberID: &w.ada.ID,
	}); err != nil {
		t.Fatal(err)
	}
	// The walk asks a thousand filters or more as each of them, past any
	// minute's rate limit: it tests the scope, not the limit.
	cfg := config.Defaults()
	cfg.RateLimit = 0
	admin = apitest.NewWithConfig(t, db, cfg)
	return admin, admin.SignIn("ada.editor@us.example", editorPassword)
}

// TestOutsiderFiltersMatchOnlyReadableRows walks the schema: for every
// query field that takes a `where`, every has…With and has… predicate of
// its where input, and every pair of them nested two deep, it asks as the
// editor for the rows matching "has a neighbour" and "has a neighbour among
// the IDs the specification says they may read". The answers must be
// byte-for-byte equal; the admin's answers to the same two questions must
// differ somewhere, or the world does not cross the boundary at all.
func TestOutsiderFiltersMatchOnlyReadableRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := buildCrossing(t, db.Client)
		o := computeOracle(t, db, w.visibleAccounts)
		admin, editor := signInEditor(t, db, w)
		schema := graph.NewSchema(nil, nil).Schema()
		vis := func(typ string) ([]string, bool) {
			if _, known := o.all[typ]; !known {
				return nil, false
			}
			out := []string{}
			for _, id := range o.visible[typ] {
				out = append(out, gid.Encode(id))
			}
			return out, true
		}
		var paths, crossing int
		perField := map[string]int{}
		for _, f := range schema.Query.Fields {
			where := f.Arguments.ForName("where")
			if where == nil {
				continue
			}
			winput := schema.Types[where.Type.Name()]
			query := func(whereVal any) string {
				return fmt.Sprintf("query($w: %s) { r: %s(%s) { %s } }", where.Type.String(), f.Name,
					argsWith(schema, f, "where: $w"), selection(schema, schema.Types[f.Type.Name()]))
			}
			compare := func(label string, a, b any) {
				t.Helper()
				paths++
				perField[f.Name]++
				q := query(nil)
				ea, eb := editor.Do(q, map[string]any{"w": a}), editor.Do(q, map[string]any{"w": b})
				if len(ea.Errors) > 0 || len(eb.Errors) > 0 {
					// Fields the editor may not use at all (users) refuse both alike.
					if fmt.Sprint(ea.Errors) != fmt.Sprint(eb.Errors) || ea.Errors[0].Code() == "INTERNAL_SERVER_ERROR" {
						t.Errorf("%s %s: errors %+v %+v", f.Name, label, ea.Errors, eb.Errors)
					}
					return
				}
				if !bytes.Equal(ea.Data, eb.Data) {
					t.Errorf("%s(where: %s) matches rows through hidden neighbours:\n  has any: %s\n  has readable: %s", f.Name, label, ea.Data, eb.Data)
				}
				aa, ab := admin.Do(q, map[string]any{"w": a}), admin.Do(q, map[string]any{"w": b})
				if !bytes.Equal(aa.Data, ab.Data) {
					crossing++
				}
			}
			for _, e := range winput.Fields {
				target, ok := hasWith(e)
				if !ok {
					continue
				}
				ids, known := vis(target)
				if !known {
					continue
				}
				// {} is refused (an empty filter): idNEQ a missing row matches every row.
				anyRow := func(typ string) map[string]any {
					return map[string]any{"idNEQ": gid.Encode(gid.Of(typ, 987_654_321))}
				}
				readable := map[string]any{"idNEQ": anyRow(target)["idNEQ"], "idIn": ids}
				compare(e.Name, map[string]any{e.Name: []any{anyRow(target)}}, map[string]any{e.Name: []any{readable}})
				if flag := winput.Fields.ForName(strings.TrimSuffix(e.Name, "With")); flag != nil {
					compare(flag.Name, map[string]any{flag.Name: true}, map[string]any{e.Name: []any{readable}})
				}
				for _, e2 := range schema.Types[e.Type.Name()].Fields {
					target2, ok := hasWith(e2)
					if !ok {
						continue
					}
					ids2, known := vis(target2)
					if !known {
						continue
					}
					compare(e.Name+"."+e2.Name,
						map[string]any{e.Name: []any{map[string]any{e2.Name: []any{anyRow(target2)}}}},
						map[string]any{e.Name: []any{map[string]any{"idIn": ids, e2.Name: []any{map[string]any{"idNEQ": anyRow(target2)["idNEQ"], "idIn": ids2}}}}})
				}
			}
		}
		t.Logf("filters: %d paths over %d query fields, %d of them cross the boundary for an admin", paths, len(perField), crossing)
		if paths < 100 || crossing == 0 {
			t.Errorf("the walk covered %d paths, %d crossing: the schema walk or the world is broken", paths, crossing)
		}
	})
}

// hasWith reports whether e is a has…With predicate, and its target type.
func hasWith(e *ast.FieldDefinition) (string, bool) {
	if !strings.HasPrefix(e.Name, "has") || !strings.HasSuffix(e.Name, "With") {
		return "", false
	}
	name := e.Type.Name()
	if !strings.HasSuffix(name, "WhereInput") {
		return "", false
	}
	return strings.TrimSuffix(name, "WhereInput"), true
}

// argsWith renders f's required arguments (and first for connections),
// plus extra.
func argsWith(schema *ast.Schema, f *ast.FieldDefinition, extra string) string {
	parts := []string{}
	for _, a := range f.Arguments {
		switch {
		case a.Name == "where":
		case a.Name == "first" && schema.Types[f.Type.Name()].Fields.ForName("edges") != nil:
			parts = append(parts, "first: 1000")
		case a.Type.NonNull && a.DefaultValue == nil:
			v, _ := json.Marshal(sampleValue(schema, a.Type, a.Name, nil))
			parts = append(parts, a.Name+": "+graphqlLiteral(v, schema, a.Type))
		}
	}
	if extra != "" {
		parts = append(parts, extra)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ", ")
}

// graphqlLiteral turns a JSON value into GraphQL literal syntax (enums bare).
func graphqlLiteral(j []byte, schema *ast.Schema, t *ast.Type) string {
	var v any
	_ = json.Unmarshal(j, &v)
	return literal(v, schema, t)
}

func literal(v any, schema *ast.Schema, t *ast.Type) string {
	def := schema.Types[t.Name()]
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		elem := t
		if t.Elem != nil {
			elem = t.Elem
		}
		for i, e := range x {
			parts[i] = literal(e, schema, elem)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := []string{}
		for _, k := range keys {
			ft := t
			if def != nil && def.Fields.ForName(k) != nil {
				ft = def.Fields.ForName(k).Type
			}
			parts = append(parts, k+": "+literal(x[k], schema, ft))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case string:
		if def != nil && def.Kind == ast.Enum {
			return x
		}
		b, _ := json.Marshal(x)
		return string(b)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// selection selects what a reader would of def: a connection's count and
// node IDs, or an object's scalar fields.
func selection(schema *ast.Schema, def *ast.Definition) string {
	if def.Fields.ForName("edges") != nil && def.Fields.ForName("totalCount") != nil {
		return "totalCount edges { node { id } }"
	}
	var parts []string
	for _, f := range def.Fields {
		if strings.HasPrefix(f.Name, "__") || len(f.Arguments) > 0 {
			continue
		}
		if k := schema.Types[f.Type.Name()].Kind; k == ast.Scalar || k == ast.Enum {
			parts = append(parts, f.Name)
		}
	}
	if len(parts) == 0 {
		return "__typename"
	}
	return strings.Join(parts, " ")
}

// sampleValue is a valid value of t for a field called name; ids fills ID
// fields (nil leaves optional ones out and required ones as "0").
func sampleValue(schema *ast.Schema, t *ast.Type, name string, ids func(path string) any) any {
	if t.Elem != nil {
		return []any{sampleValue(schema, t.Elem, name, ids)}
	}
	def := schema.Types[t.Name()]
	switch def.Kind {
	case ast.Enum:
		return def.EnumValues[0].Name
	case ast.InputObject:
		obj := map[string]any{}
		for _, f := range def.Fields {
			// accountID is optional only where an external ID may stand
			// for it (upserts): give it, so that the probe gets that far.
			if (!f.Type.NonNull || f.DefaultValue != nil) && !(f.Name == "accountID" && ids != nil) {
				continue
			}
			obj[f.Name] = sampleValue(schema, f.Type, f.Name, ids)
		}
		return obj
	}
	lname := strings.ToLower(name)
	switch t.Name() {
	case "ID":
		if ids != nil {
			return ids(name)
		}
		return "0"
	case "Int":
		return 1
	case "Float":
		return 1.5
	case "Boolean":
		return false
	case "Time":
		return "2026-10-01T09:00:00Z"
	}
	switch {
	case strings.Contains(lname, "period"):
		return "2026-Q4"
	case strings.Contains(lname, "email"):
		return "probe@example.com"
	case strings.Contains(lname, "url"):
		return "https://example.com/hook"
	case strings.Contains(lname, "date"):
		return "2026-10-01"
	}
	return "probe " + name
}

// idSlot is an ID argument, or an ID field of an input argument, of a
// mutation or subscription.
type idSlot struct {
	arg, field string // field is empty for a top-level argument
	list       bool
	required   bool
}

func (s idSlot) String() string {
	if s.field == "" {
		return s.arg
	}
	return s.arg + "." + s.field
}

func idSlots(schema *ast.Schema, f *ast.FieldDefinition) []idSlot {
	var out []idSlot
	for _, a := range f.Arguments {
		if a.Type.Name() == "ID" {
			out = append(out, idSlot{arg: a.Name, list: a.Type.Elem != nil, required: a.Type.NonNull})
			continue
		}
		def := schema.Types[a.Type.Name()]
		if def == nil || def.Kind != ast.InputObject {
			continue
		}
		for _, in := range def.Fields {
			if in.Type.Name() == "ID" {
				out = append(out, idSlot{arg: a.Name, field: in.Name, list: in.Type.Elem != nil, required: in.Type.NonNull})
			}
		}
	}
	return out
}

// typeFor guesses the node type an ID slot takes from its name; the
// caller falls back to trying every type.
func typeFor(slot idSlot, mutation string) string {
	name := slot.field
	if name == "" {
		name = slot.arg
	}
	if name == "id" || name == "ids" {
		name = mutation
		for _, verb := range []string{"create", "update", "delete", "upsert", "import", "log", "set", "record"} {
			name = strings.TrimPrefix(name, verb)
		}
	}
	name = strings.TrimPrefix(strings.TrimPrefix(name, "add"), "remove")
	name = strings.TrimSuffix(strings.TrimSuffix(name, "IDs"), "ID")
	name = strings.TrimSuffix(strings.TrimSuffix(name, "Ids"), "Id")
	for typ := range ent.NodeTables {
		l := strings.ToLower(typ)
		n := strings.ToLower(name)
		if n == l || n == l+"s" || strings.TrimSuffix(n, "ies")+"y" == l {
			return typ
		}
	}
	aliases := map[string]string{"reportsto": ent.TypeContact, "subsidiary": ent.TypeAccount, "partner": ent.TypeAccount,
		"parent": ent.TypeAccount, "from": ent.TypeContact, "to": ent.TypeContact, "team": ent.TypeTeamMember,
		"participant": ent.TypeContact, "assessedby": ent.TypeTeamMember}
	return aliases[strings.ToLower(name)]
}

var idPattern = regexp.MustCompile(`[A-Za-z0-9_-]{6,}`)

// normalized is an answer with the probe IDs taken out, for comparing the
// answer about a hidden row with the answer about a missing one.
func normalized(r apitest.Result, probe string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "data=%s\n", strings.ReplaceAll(string(r.Data), probe, "<ID>"))
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "%s %s %s\n", e.Code(), e.Field(), strings.ReplaceAll(e.Message, probe, "<ID>"))
	}
	return b.String()
}

// TestOutsiderWritesNothingOutsideTheirScope walks every mutation of the
// schema and every ID it takes, at the top level and in its input, and
// sends, as the editor, a hidden row's ID of every type in that place, and
// the ID of a row that does not exist. The two answers must be the same,
// must be errors but never INTERNAL_SERVER_ERROR, and afterwards the admin
// must find every hidden row, and every row that refers to one, as it was.
// A slot counts as reached when one of its probes is refused on the slot
// itself, so a walk that only ever trips over other input proves nothing
// and fails.
func TestOutsiderWritesNothingOutsideTheirScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := buildCrossing(t, db.Client)
		o := computeOracle(t, db, w.visibleAccounts)
		_, editor := signInEditor(t, db, w)
		schema := graph.NewSchema(nil, nil).Schema()
		before := fingerprint(t, db, o)
		samples := o.hiddenSample()
		types := make([]string, 0, len(samples))
		for typ := range samples {
			types = append(types, typ)
		}
		sort.Strings(types)
		visibleOf := func(typ string) any {
			if ids := o.visible[typ]; len(ids) > 0 {
				return gid.Encode(ids[0])
			}
			return "0"
		}
		var probes, slotsSeen int
		var unreached []string
		for _, m := range schema.Mutation.Fields {
			slots := idSlots(schema, m)
			if len(slots) == 0 {
				continue
			}
			// required IDs other than the probe get a readable row of their type
			fill := func(path string) any {
				for _, s := range slots {
					if s.String() == path || s.field == path || (s.field == "" && s.arg == path) {
						if typ := typeFor(s, m.Name); typ != "" {
							return visibleOf(typ)
						}
					}
				}
				return visibleOf(ent.TypeAccount)
			}
			build := func(slot idSlot, value any) (string, map[string]any) {
				vars := map[string]any{}
				var decl, args []string
				for _, a := range m.Arguments {
					if !a.Type.NonNull && a.Name != slot.arg {
						continue
					}
					var v any
					if a.Name == slot.arg && slot.field == "" {
						v = value
					} else {
						v = sampleValue(schema, a.Type, a.Name, fill)
					}
					if a.Name == slot.arg && slot.field != "" {
						obj, _ := v.(map[string]any)
						if obj == nil {
							obj = map[string]any{}
						}
						obj[slot.field] = value
						v = obj
					}
					vars[a.Name] = v
					decl = append(decl, "$"+a.Name+": "+a.Type.String())
					args = append(args, a.Name+": $"+a.Name)
				}
				q := fmt.Sprintf("mutation(%s) { r: %s(%s) { %s } }", strings.Join(decl, ", "), m.Name,
					strings.Join(args, ", "), selection(schema, schema.Types[m.Type.Name()]))
				return q, vars
			}
			for _, slot := range slots {
				slotsSeen++
				// The slot is reached when some probe is answered on the
				// slot itself: the reference check (or the row's own
				// lookup) saw the ID and refused it.
				reached := false
				field := slot.field
				if field == "" {
					field = slot.arg
				}
				// an added edge is named as on create (addContactIDs: contactIDs)
				if rest := strings.TrimPrefix(field, "add"); rest != field {
					field = strings.ToLower(rest[:1]) + rest[1:]
				}
				for _, typ := range types {
					hidden, absent := gid.Encode(samples[typ]), gid.Encode(gid.Of(typ, 987_654_321))
					wrap := func(id string) any {
						if slot.list {
							return []any{id}
						}
						return id
					}
					qh, vh := build(slot, wrap(hidden))
					qa, va := build(slot, wrap(absent))
					rh, ra := editor.Do(qh, vh), editor.Do(qa, va)
					probes++
					if len(rh.Errors) == 0 {
						t.Errorf("%s with a hidden %s in %s succeeded: %s", m.Name, typ, slot, rh.Data)
						continue
					}
					for _, e := range rh.Errors {
						if (e.Code() == "NOT_FOUND" || e.Code() == "FORBIDDEN") && (e.Field() == field || e.Field() == "id" && slot.field == "") {
							reached = true
						}
						if e.Code() == "INTERNAL_SERVER_ERROR" {
							t.Errorf("%s with a hidden %s in %s: %s", m.Name, typ, slot, e.Message)
						}
					}
					if nh, na := normalized(rh, hidden), normalized(ra, absent); nh != na {
						t.Errorf("%s, %s = a hidden %s answers unlike a missing one:\n  hidden:  %s  missing: %s", m.Name, slot, typ, nh, na)
					}
				}
				if after := fingerprint(t, db, o); after != before {
					t.Fatalf("%s with hidden IDs in %s changed rows outside the scope:\nbefore:\n%s\nafter:\n%s", m.Name, slot, before, after)
				}
				if !reached {
					unreached = append(unreached, m.Name+"."+slot.String())
				}
			}
		}
		t.Logf("mutations: %d probes over %d ID slots; %d slots reached by a probe; not reached: %v",
			probes, slotsSeen, slotsSeen-len(unreached), unreached)
		if slotsSeen < 40 || len(unreached)*4 > slotsSeen {
			t.Errorf("only %d of %d ID slots were reached by a probe", slotsSeen-len(unreached), slotsSeen)
		}
	})
}
