package apperr

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// NewPresenter returns the error presenter of a server of schema: besides
// what Presenter does, a value that does not fit its input type (inline,
// inside an input object, or in a variable) answers BAD_USER_INPUT with
// extensions.field naming the argument or input field and a message
// saying the form expected; INTERNAL_SERVER_ERROR lines in the log carry
// the request's ID (requestID may be nil).
func NewPresenter(schema *ast.Schema, requestID func(context.Context) string) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		return present(ctx, err, schema, requestID)
	}
}

// Expected says what a value of type t looks like, for messages.
func Expected(schema *ast.Schema, t *ast.Type) string {
	if t.Elem != nil {
		return "a list of " + strings.TrimPrefix(strings.TrimPrefix(Expected(schema, t.Elem), "an "), "a ")
	}
	switch t.NamedType {
	case "Time":
		return "an RFC 3339 time such as 2026-01-31T00:00:00Z"
	case "Cursor":
		return "a cursor as a connection returns it (pageInfo.endCursor or an edge's cursor)"
	case "ID":
		return "an ID as the API returns it (a string such as QWNjb3VudDox)"
	case "Int":
		return "an integer"
	case "Float":
		return "a number"
	case "Boolean":
		return "true or false"
	case "String":
		return "a string"
	case "Map":
		return "a JSON object"
	}
	if schema != nil {
		if def := schema.Types[t.NamedType]; def != nil {
			switch def.Kind {
			case ast.Enum:
				names := make([]string, len(def.EnumValues))
				for i, v := range def.EnumValues {
					names[i] = v.Name
				}
				return "one of " + strings.Join(names, ", ")
			case ast.InputObject:
				return "an object of type " + def.Name
			}
		}
	}
	return "a " + t.NamedType
}

// describeArgument handles an argument value gqlgen could not unmarshal
// while running a field (a Time, Cursor, ID or enum): its path is the
// field, the argument and the input fields down to the bad value.
func describeArgument(ctx context.Context, schema *ast.Schema, e *gqlerror.Error) (field, msg string, ok bool) {
	fc := graphql.GetFieldContext(ctx)
	if schema == nil || fc == nil || fc.Field.Definition == nil {
		return "", "", false
	}
	// The error's path is the field's, then the argument's name.
	own := fc.Path()
	if len(e.Path) <= len(own) || e.Path[:len(own)].String() != own.String() {
		return "", "", false
	}
	arg, _ := e.Path[len(own)].(ast.PathName)
	def := fc.Field.Definition.Arguments.ForName(string(arg))
	if def == nil {
		return "", "", false
	}
	field, t := walkInput(schema, string(arg), def.Type, e.Path[len(own)+1:])
	return field, fmt.Sprintf("%s: expected %s", field, Expected(schema, t)), true
}

// describeVariable handles a variable whose value does not fit its type:
// the path is "variable", its name and the input fields down to the bad
// value.
func describeVariable(ctx context.Context, schema *ast.Schema, e *gqlerror.Error) {
	if schema == nil || len(e.Path) < 2 || !graphql.HasOperationContext(ctx) {
		return
	}
	oc := graphql.GetOperationContext(ctx)
	name, _ := e.Path[1].(ast.PathName)
	if oc.Operation == nil {
		return
	}
	v := oc.Operation.VariableDefinitions.ForName(string(name))
	if v == nil {
		return
	}
	field, t := walkInput(schema, string(name), v.Type, e.Path[2:])
	if field == string(name) { // the variable itself, or an element of it
		if arg := argumentOf(oc.Operation.SelectionSet, string(name)); arg != "" {
			field = arg
		}
	}
	e.Extensions["field"] = field
	e.Message = fmt.Sprintf("%s: expected %s (variable $%s)", field, Expected(schema, t), name)
}

// walkInput follows path (input field names and list indexes) from a
// value of type t, returning the last name on the way and the type there.
func walkInput(schema *ast.Schema, name string, t *ast.Type, path ast.Path) (string, *ast.Type) {
	for _, p := range path {
		switch p := p.(type) {
		case ast.PathIndex:
			if t.Elem != nil {
				t = t.Elem
			}
		case ast.PathName:
			def := schema.Types[t.Name()]
			if def == nil || def.Fields.ForName(string(p)) == nil {
				return string(p), t
			}
			name, t = string(p), def.Fields.ForName(string(p)).Type
		}
	}
	return name, t
}

// argumentOf finds the argument a variable is given to.
func argumentOf(set ast.SelectionSet, variable string) string {
	for _, sel := range set {
		var sub ast.SelectionSet
		switch s := sel.(type) {
		case *ast.Field:
			for _, a := range s.Arguments {
				if a.Value != nil && a.Value.Kind == ast.Variable && a.Value.Raw == variable {
					return a.Name
				}
			}
			sub = s.SelectionSet
		case *ast.InlineFragment:
			sub = s.SelectionSet
		}
		if name := argumentOf(sub, variable); name != "" {
			return name
		}
	}
	return ""
}

var literalType = []*regexp.Regexp{
	regexp.MustCompile(`^(\w+) cannot represent`),
	regexp.MustCompile(`does not exist in "(\w+)!?" enum`),
	regexp.MustCompile(`^Expected value of type "\[*(\w+)`),
	regexp.MustCompile(`^Enum "(\w+)" cannot represent`),
}

// describeLiteral handles an inline value the validator refused: it names
// the argument or input field written just before the value, and the form
// its type takes.
func describeLiteral(ctx context.Context, schema *ast.Schema, e *gqlerror.Error) {
	if schema == nil || e.Rule != "ValuesOfCorrectType" || len(e.Locations) == 0 || !graphql.HasOperationContext(ctx) {
		return
	}
	field := nameBefore(graphql.GetOperationContext(ctx).RawQuery, e.Locations[0])
	if field == "" {
		return
	}
	e.Extensions["field"] = field
	for _, re := range literalType {
		if m := re.FindStringSubmatch(e.Message); m != nil {
			e.Message = fmt.Sprintf("%s: expected %s (%s)", field, Expected(schema, &ast.Type{NamedType: m[1]}), e.Message)
			return
		}
	}
	e.Message = field + ": " + e.Message
}

var nameColon = regexp.MustCompile(`(\w+)\s*:\s*[\[{(\s"]*$`)

// nameBefore returns the name written before the value at loc ("first: "
// before 1.5; "where: {createdAtGT: " before a time).
func nameBefore(query string, loc gqlerror.Location) string {
	lines := strings.SplitAfter(query, "\n")
	if loc.Line < 1 || loc.Line > len(lines) {
		return ""
	}
	before := strings.Join(lines[:loc.Line-1], "")
	line := lines[loc.Line-1]
	if loc.Column-1 <= len(line) {
		before += line[:loc.Column-1]
	}
	if m := nameColon.FindStringSubmatch(before); m != nil {
		return m[1]
	}
	return ""
}
