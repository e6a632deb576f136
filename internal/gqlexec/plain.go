package gqlexec

import (
	"io"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"rapport/internal/jsonstr"
)

// Writer is io.Writer under a name the generated executor can use without
// importing io.
type Writer = io.Writer

// A selection whose fields are all plain (see fastgen: struct fields with
// marshallers that cannot fail) needs nothing of gqlgen's execution: no
// FieldSet, no field context, no marshaller closures. PlainObject and
// PlainList write such objects straight from the Go values when the
// response is written; write(w, i, field) writes one field's value of
// element i. A list of them collects its fields once for all elements, so
// a 7,800-object stakeholder graph costs a few allocations instead of ten
// per object.

// PlainObject is the marshaller of one object whose fields are all plain.
func PlainObject(fields []graphql.CollectedField, write func(w Writer, field *graphql.CollectedField)) graphql.Marshaler {
	return &plainObject{fields: fields, write: write}
}

type plainObject struct {
	fields []graphql.CollectedField
	write  func(w Writer, field *graphql.CollectedField)
}

func (o *plainObject) MarshalGQL(w io.Writer) { WriteObject(w, o.fields, o.write) }

// WriteObject writes an object of plain fields, write writing each field's
// value; the object writers fastgen writes call it for an object nested in a
// plain one.
func WriteObject(w io.Writer, fields []graphql.CollectedField, write func(w Writer, field *graphql.CollectedField)) {
	writeFields(w, fields, func(w io.Writer, j int) { write(w, &fields[j]) })
}

// PlainList is the marshaller of a list of n objects whose fields are all
// plain.
func PlainList(fields []graphql.CollectedField, n int, write func(w Writer, i int, field *graphql.CollectedField)) graphql.Marshaler {
	return &plainList{fields: fields, n: n, write: write}
}

type plainList struct {
	fields []graphql.CollectedField
	n      int
	write  func(w Writer, i int, field *graphql.CollectedField)
}

func (l *plainList) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, "[")
	for i := range l.n {
		if i > 0 {
			_, _ = io.WriteString(w, ",")
		}
		writeFields(w, l.fields, func(w io.Writer, j int) { l.write(w, i, &l.fields[j]) })
	}
	_, _ = io.WriteString(w, "]")
}

// WriteList writes a list of n objects of plain fields, write writing
// each field of each; the object writers fastgen writes call it for a list
// held in a plain object's field.
func WriteList(w io.Writer, fields []graphql.CollectedField, n int, write func(w Writer, i int, field *graphql.CollectedField)) {
	(&plainList{fields: fields, n: n, write: write}).MarshalGQL(w)
}

// NoNil reports whether no element of v is nil: only then may a list take
// the plain path, the other path reporting or writing the nulls.
func NoNil[T any](v []*T) bool {
	for _, e := range v {
		if e == nil {
			return false
		}
	}
	return true
}

// All reports whether ok holds for every element of v: the plain path of
// a list whose elements must have their edges loaded checks them all
// before writing the first.
func All[T any](v []T, ok func(T) bool) bool {
	for _, e := range v {
		if !ok(e) {
			return false
		}
	}
	return true
}

// WriteNull writes what graphql.Null writes.
func WriteNull(w io.Writer) { _, _ = io.WriteString(w, "null") }

// WriteInt writes what graphql.MarshalInt(i) writes.
func WriteInt(w io.Writer, i int) {
	if b, ok := w.(appendWriter); ok {
		_, _ = b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(i), 10))
		return
	}
	_, _ = io.WriteString(w, strconv.Itoa(i))
}

// WriteFloat writes what graphql.MarshalFloatContext(f) writes for a
// finite f (%g, the shortest form that reads back the same); callers
// check Finite first, since gqlgen reports an error for the others.
func WriteFloat(w io.Writer, f float64) {
	// Whole numbers under a million ('g' writes larger ones with an
	// exponent) are most amounts: their digits need no float formatting.
	if f > -1e6 && f < 1e6 && f == math.Trunc(f) && (f != 0 || !math.Signbit(f)) {
		if b, ok := w.(appendWriter); ok {
			_, _ = b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(f), 10))
			return
		}
	}
	if b, ok := w.(appendWriter); ok {
		_, _ = b.Write(strconv.AppendFloat(b.AvailableBuffer(), f, 'g', -1, 64))
		return
	}
	_, _ = io.WriteString(w, strconv.FormatFloat(f, 'g', -1, 64))
}

// Finite reports whether f is neither NaN nor an infinity: only then does
// WriteFloat write what gqlgen would.
func Finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// WriteName writes s quoted when s is a GraphQL name (an enum value): no
// byte of it needs escaping, so it is what strconv.Quote and jsonstr
// write. For any other s it writes nothing and reports false.
func WriteName(w io.Writer, s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	if b, ok := w.(appendWriter); ok {
		buf := append(b.AvailableBuffer(), '"')
		buf = append(buf, s...)
		_, _ = b.Write(append(buf, '"'))
		return true
	}
	_, _ = io.WriteString(w, `"`+s+`"`)
	return true
}

// WriteBool writes what graphql.MarshalBoolean(v) writes.
func WriteBool(w io.Writer, v bool) { _, _ = io.WriteString(w, strconv.FormatBool(v)) }

// WriteString writes what graphql.MarshalString(s) writes (see jsonstr).
func WriteString(w io.Writer, s string) { jsonstr.Write(w, s) }
