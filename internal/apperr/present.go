package apperr

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"rapport/ent"
	"rapport/ent/migrate"
	"rapport/internal/gid"
)

// Presenter is the GraphQL server's one error presenter: it gives every
// error an extensions.code (and extensions.field when an input field is at
// fault) and replaces anything it does not recognise by a generic message,
// so that SQL and driver text never reach a client.
func Presenter(ctx context.Context, err error) *gqlerror.Error {
	return present(ctx, err, nil, nil)
}

func present(ctx context.Context, err error, schema *ast.Schema, requestID func(context.Context) string) *gqlerror.Error {
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) && gqlErr.Err == nil {
		e := presentProtocol(gqlErr)
		if e.Extensions["code"] == string(BadUserInput) {
			if len(e.Path) > 0 && e.Path[0] == ast.PathName("variable") {
				describeVariable(ctx, schema, e)
			} else {
				describeLiteral(ctx, schema, e)
			}
		}
		return e
	}
	pres := graphql.DefaultErrorPresenter(ctx, err)
	code, field, msg := classify(err)
	if errors.As(err, &gqlErr) && gqlErr.Err != nil {
		if _, own := As(gqlErr.Err); !own {
			if f, m, ok := describeArgument(ctx, schema, gqlErr); ok {
				code, field, msg = BadUserInput, f, m
			}
		}
	}
	if code == Internal {
		attrs := []any{"err", err, "path", pres.Path.String()}
		if requestID != nil {
			attrs = append(attrs, "request_id", requestID(ctx))
		}
		slog.ErrorContext(ctx, "request failed", attrs...)
		msg = "internal error"
	}
	pres.Message = msg
	pres.Extensions = map[string]any{"code": string(code)}
	if field != "" {
		pres.Extensions["field"] = field
	}
	return pres
}

// presentProtocol handles errors gqlgen made itself (parse, validation,
// variable coercion). Values that do not fit their input type are the
// client's input errors, not protocol errors.
func presentProtocol(e *gqlerror.Error) *gqlerror.Error {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	inputValue := e.Rule == "ValuesOfCorrectType" ||
		(len(e.Path) > 0 && e.Path[0] == ast.PathName("variable"))
	if inputValue && e.Extensions["code"] == errcode.ValidationFailed {
		e.Extensions["code"] = string(BadUserInput)
	}
	if _, ok := e.Extensions["code"]; !ok {
		e.Extensions["code"] = string(BadUserInput)
	}
	// entgql names unresolvable nodes by their store ID; show the API's.
	if m := nodeNotFound.FindStringSubmatch(e.Message); m != nil {
		if id, err := strconv.Atoi(m[1]); err == nil {
			e.Message = fmt.Sprintf("Could not resolve to a node with the global id of '%s'", gid.Encode(id))
		}
	}
	return e
}

var nodeNotFound = regexp.MustCompile(`^Could not resolve to a node with the global id of '(\d+)'`)

var (
	sqliteUnique = regexp.MustCompile(`UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)`)
	pgUnique     = regexp.MustCompile(`unique constraint "(\w+)"`)
	pgKeyColumns = regexp.MustCompile(`Key \(([\w, ]+)\)=`)
)

// uniqueColumns maps PostgreSQL's unique constraint names to the column
// they end with (PostgreSQL names the constraint, not the column, in its
// message), read from ent's table definitions.
var uniqueColumns = func() map[string]string {
	m := map[string]string{}
	for _, t := range migrate.Tables {
		for _, c := range t.Columns {
			if c.Unique {
				m[t.Name+"_"+c.Name+"_key"] = c.Name
			}
		}
		for _, idx := range t.Indexes {
			if idx.Unique && len(idx.Columns) > 0 {
				m[idx.Name] = idx.Columns[len(idx.Columns)-1].Name
			}
		}
	}
	return m
}()

// classify maps an error to a code, a field and a client-safe message.
func classify(err error) (Code, string, string) {
	if e, ok := As(err); ok {
		return e.Code, e.Field, e.Error()
	}
	var ve *ent.ValidationError
	if errors.As(err, &ve) {
		field := FieldName(ve.Name)
		if r := expectedRange(ve.Error()); r != "" {
			return BadUserInput, field, field + ": " + validationReason(ve) + "; expected " + r
		}
		return BadUserInput, field, field + ": " + validationReason(ve)
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		// ent's message is "ent: account not found"; the lookups that
		// reach here are by the mutation's id argument.
		what := strings.TrimSuffix(strings.TrimPrefix(nf.Error(), "ent: "), " not found")
		return NotFound, "id", fmt.Sprintf("id: no %s with this ID", what)
	}
	var ce *ent.ConstraintError
	if errors.As(err, &ce) {
		return constraint(ce)
	}
	if strings.Contains(err.Error(), "ent: empty predicate ") {
		// entgql refuses a filter object that sets no field ({}), at any depth.
		return BadUserInput, "where", "where: a filter object must set at least one field ({} matches nothing to filter by)"
	}
	if errors.Is(err, gid.ErrInvalid) {
		return BadUserInput, "", err.Error()
	}
	if strings.Contains(err.Error(), "introspection disabled") {
		return Forbidden, "", "introspection is disabled on this server"
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "TIMEOUT", "", "the request took too long and was cancelled"
	}
	// Argument coercion errors (an enum value or scalar gqlgen could not
	// read) come wrapped in *gqlerror.Error with the cause set.
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) && gqlErr.Err != nil {
		if inner, ok := As(gqlErr.Err); ok {
			return inner.Code, inner.Field, inner.Error()
		}
		if gqlErr.Rule != "" || strings.Contains(gqlErr.Message, "input:") || isCoercion(gqlErr.Err) {
			return BadUserInput, "", gqlErr.Message
		}
	}
	return Internal, "", ""
}

func isCoercion(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "is not a valid") || strings.Contains(msg, "must be") || errors.Is(err, gid.ErrInvalid)
}

func validationReason(ve *ent.ValidationError) string {
	msg := ve.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

// constraint turns a unique-key violation into CONFLICT naming the column,
// and a foreign-key violation into BAD_USER_INPUT.
func constraint(ce *ent.ConstraintError) (Code, string, string) {
	msg := ce.Error()
	if m := sqliteUnique.FindStringSubmatch(msg); m != nil {
		cols := strings.Split(m[1], ", ")
		last := cols[len(cols)-1]
		field := FieldName(last[strings.LastIndex(last, ".")+1:])
		return Conflict, field, field + ": a row with this value already exists"
	}
	if m := pgKeyColumns.FindStringSubmatch(msg); m != nil {
		cols := strings.Split(m[1], ", ")
		field := FieldName(cols[len(cols)-1])
		return Conflict, field, field + ": a row with this value already exists"
	}
	if m := pgUnique.FindStringSubmatch(msg); m != nil {
		if col, ok := uniqueColumns[m[1]]; ok {
			field := FieldName(col)
			return Conflict, field, field + ": a row with this value already exists"
		}
	}
	if pgUnique.MatchString(msg) || strings.Contains(msg, "UNIQUE") {
		return Conflict, "", "a row with these values already exists"
	}
	return BadUserInput, "", "the input refers to a row that does not exist or is still referenced"
}

// FieldName turns a column or ent field name (external_id) into the API's
// spelling (externalID).
func FieldName(snake string) string {
	parts := strings.Split(snake, "_")
	for i, p := range parts {
		switch {
		case i > 0 && p == "id":
			parts[i] = "ID"
		case i > 0 && p != "":
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}
