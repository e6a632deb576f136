package gqlexec

import (
	"bytes"
	"context"
	"io"
	"math"
	"strconv"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

func TestMarshalSliceKeepsOrderIndexesAndRecoversPanics(t *testing.T) {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{})
	var seen []int
	got := MarshalSlice(ctx, true, 4, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		seen = append(seen, *graphql.GetFieldContext(ctx).Index)
		if i == 2 {
			panic("element 2 is broken")
		}
		return graphql.MarshalInt(i * 10)
	})
	var buf bytes.Buffer
	got.MarshalGQL(&buf)
	if buf.String() != "[0,10,null,30]" {
		t.Errorf("marshalled %s, want [0,10,null,30]", buf.String())
	}
	if want := []int{0, 1, 2, 3}; len(seen) != len(want) || seen[0] != 0 || seen[3] != 3 {
		t.Errorf("field context indexes %v, want %v", seen, want)
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 1 {
		t.Errorf("got %d errors, want the one panic reported", len(errs))
	}
}

func TestNewDeferredGroupOnlyBuildsAPathForDeferredFields(t *testing.T) {
	ctx := graphql.WithFieldContext(context.Background(), &graphql.FieldContext{})
	plain := []graphql.CollectedField{{}, {}}
	if g := NewDeferredGroup(ctx, true, plain); g.Defers != nil || g.Path != nil {
		t.Errorf("group for undeferred fields = %+v, want the zero group", g)
	}
	deferred := []graphql.CollectedField{{}, {Deferrables: []*graphql.Deferrable{{Label: "later"}}}}
	if g := NewDeferredGroup(ctx, true, deferred); g.Defers == nil {
		t.Error("group for a deferred field has no map to collect it in")
	}
}

func TestObjectWritesFieldsInOrderOnceEach(t *testing.T) {
	fields := []graphql.CollectedField{{Field: &ast.Field{Alias: "id"}}, {Field: &ast.Field{Alias: "label"}}, {Field: &ast.Field{Alias: "id"}}}
	out := graphql.NewFieldSet(fields)
	out.Values[0], out.Values[1], out.Values[2] = graphql.MarshalString("c1"), graphql.MarshalString(`a "b"`), graphql.MarshalString("dup")
	for _, tc := range []struct {
		name   string
		w      io.Writer
		render func() string
	}{
		{"buffer", new(bytes.Buffer), nil},
		{"plain writer", struct{ io.Writer }{new(bytes.Buffer)}, nil},
	} {
		Object(fields, out, false).MarshalGQL(tc.w)
		var got string
		switch w := tc.w.(type) {
		case *bytes.Buffer:
			got = w.String()
		case struct{ io.Writer }:
			got = w.Writer.(*bytes.Buffer).String()
		}
		if want := `{"id":"c1","label":"a \"b\""}`; got != want {
			t.Errorf("%s: wrote %s, want %s", tc.name, got, want)
		}
	}
	var empty bytes.Buffer
	Object(nil, graphql.NewFieldSet(nil), false).MarshalGQL(&empty)
	if empty.String() != "{}" {
		t.Errorf("an object without fields wrote %s, want {}", empty.String())
	}
	if m := Object(fields, out, true); m != graphql.Marshaler(out) {
		t.Error("an object with a deferred field must keep its FieldSet")
	}
}

func TestWritersWriteWhatGqlgensMarshallersWrite(t *testing.T) {
	strs := []string{"", "plain", `quote " and \ backslash`, "tab\tnl\ncr\r", "ctl\x00\x01\x1f\x7f", "Zoë 世界 🚀 \u2028",
		"bad utf-8 \xff\xfe and \xe4\xb8", string(bytes.Repeat([]byte("long\"x"), 2000))}
	for _, s := range strs {
		var want, got bytes.Buffer
		graphql.MarshalString(s).MarshalGQL(&want)
		WriteString(&got, s)
		if got.String() != want.String() {
			t.Errorf("WriteString(%q) = %s, want %s", s, got.String(), want.String())
		}
		var plainW bytes.Buffer
		WriteString(struct{ io.Writer }{&plainW}, s)
		if plainW.String() != want.String() {
			t.Errorf("WriteString(%q) to a plain writer = %s, want %s", s, plainW.String(), want.String())
		}
	}
	for _, i := range []int{0, -1, 7, 1 << 40, -1 << 62} {
		var want, got, plainW bytes.Buffer
		graphql.MarshalInt(i).MarshalGQL(&want)
		WriteInt(&got, i)
		WriteInt(struct{ io.Writer }{&plainW}, i)
		if got.String() != want.String() || plainW.String() != want.String() {
			t.Errorf("WriteInt(%d) = %s and %s, want %s", i, got.String(), plainW.String(), want.String())
		}
	}
	for _, f := range []float64{0, math.Copysign(0, -1), 1, -2.5, 0.1, 1e6, 1e21, 123456789.123, 1.0 / 3, 5e-324, math.MaxFloat64, 4.2e-7} {
		var want, got, plainW bytes.Buffer
		if err := graphql.MarshalFloatContext(f).MarshalGQLContext(context.Background(), &want); err != nil {
			t.Fatalf("gqlgen's marshaller refused %g: %v", f, err)
		}
		WriteFloat(&got, f)
		WriteFloat(struct{ io.Writer }{&plainW}, f)
		if !Finite(f) || got.String() != want.String() || plainW.String() != want.String() {
			t.Errorf("WriteFloat(%v) = %s and %s, want %s", f, got.String(), plainW.String(), want.String())
		}
	}
	// gqlgen refuses what is not finite; the generated writers leave such
	// values to it.
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if Finite(f) || graphql.MarshalFloatContext(f).MarshalGQLContext(context.Background(), io.Discard) == nil {
			t.Errorf("Finite(%v) = true or gqlgen's marshaller took it", f)
		}
	}
	for _, v := range []bool{true, false} {
		var want, got bytes.Buffer
		graphql.MarshalBoolean(v).MarshalGQL(&want)
		WriteBool(&got, v)
		if got.String() != want.String() {
			t.Errorf("WriteBool(%v) = %s, want %s", v, got.String(), want.String())
		}
	}
	var null, gqlNull bytes.Buffer
	WriteNull(&null)
	graphql.Null.MarshalGQL(&gqlNull)
	if null.String() != gqlNull.String() {
		t.Errorf("WriteNull wrote %s, want %s", null.String(), gqlNull.String())
	}
}

func TestPlainListAndObjectWriteEveryElementsFields(t *testing.T) {
	fields := []graphql.CollectedField{{Field: &ast.Field{Alias: "id", Name: "id"}}, {Field: &ast.Field{Alias: "n", Name: "name"}},
		{Field: &ast.Field{Alias: "id", Name: "id"}}}
	names := []string{"a", `b"`}
	write := func(w Writer, i int, f *graphql.CollectedField) {
		switch f.Name {
		case "id":
			WriteInt(w, i)
		case "name":
			WriteString(w, names[i])
		}
	}
	for _, tc := range []struct {
		name   string
		m      graphql.Marshaler
		fields []graphql.CollectedField
		want   string
	}{
		{"list", PlainList(fields, 2, write), fields, `[{"id":0,"n":"a"},{"id":1,"n":"b\""}]`},
		{"empty list", PlainList(fields, 0, write), fields, `[]`},
		{"no fields", PlainList(nil, 2, write), nil, `[{},{}]`},
		{"object", PlainObject(fields, func(w Writer, f *graphql.CollectedField) { write(w, 1, f) }), fields, `{"id":1,"n":"b\""}`},
		{"empty object", PlainObject(nil, func(w Writer, f *graphql.CollectedField) { t.Error("wrote a field of no fields") }), nil, `{}`},
	} {
		var buf bytes.Buffer
		tc.m.MarshalGQL(&buf)
		if buf.String() != tc.want {
			t.Errorf("%s: wrote %s, want %s", tc.name, buf.String(), tc.want)
		}
	}
	if !NoNil([]*int{new(int)}) || NoNil([]*int{new(int), nil}) || !NoNil[int](nil) {
		t.Error("NoNil is wrong about nil elements")
	}
}

// TestPlainWritersWriteWhatGqlgenWrites: the shortcuts for whole amounts
// and enum names write the same bytes as the general formatting.
func TestPlainWritersWriteWhatGqlgenWrites(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), 1, -1, 42, 999999, -999999, 1e6, -1e6, 1234567, 0.5, 12.25, -3.75, 1e21, 1e-7, math.MaxInt64, 2.5e9} {
		var b bytes.Buffer
		WriteFloat(&b, f)
		if want := strconv.FormatFloat(f, 'g', -1, 64); b.String() != want {
			t.Errorf("WriteFloat(%v) = %s, want %s", f, b.String(), want)
		}
	}
	for _, tt := range []struct {
		s    string
		name bool
	}{
		{"STRATEGIC", true}, {"NOT_YET_DISCUSSED", true}, {"a1_b", true}, {"", true},
		{"two words", false}, {`say "hi"`, false}, {"战略", false}, {"a\nb", false},
	} {
		var b bytes.Buffer
		ok := WriteName(&b, tt.s)
		switch {
		case ok != tt.name:
			t.Errorf("WriteName(%q) reported %v, want %v", tt.s, ok, tt.name)
		case ok && b.String() != strconv.Quote(tt.s):
			t.Errorf("WriteName(%q) = %s, want %s", tt.s, b.String(), strconv.Quote(tt.s))
		case !ok && b.Len() > 0:
			t.Errorf("WriteName(%q) wrote %s for a value it refused", tt.s, b.String())
		}
	}
}
