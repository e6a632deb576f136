// Package apperr defines the errors Rapport shows its API clients: a
// machine-readable code, the input field concerned, and a message. Errors
// from deeper layers are wrapped with %w and mapped to a code once, at the
// GraphQL boundary (Presenter); anything unrecognised is masked.
package apperr

import (
	"errors"
	"fmt"
)

// Code is the value of a GraphQL error's extensions.code.
type Code string

// Codes clients can rely on.
const (
	BadUserInput    Code = "BAD_USER_INPUT"
	NotFound        Code = "NOT_FOUND"
	Conflict        Code = "CONFLICT"
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
	Internal        Code = "INTERNAL_SERVER_ERROR"
)

// Error is an error a client caused and can fix.
type Error struct {
	Code    Code
	Field   string // the input field concerned, in the API's spelling; may be empty
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// New returns an Error with a formatted message.
func New(code Code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Invalid is shorthand for a BAD_USER_INPUT error on field.
func Invalid(field, format string, args ...any) *Error {
	return New(BadUserInput, field, format, args...)
}

// As finds an *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
