// Package jsonstr writes a Go string as a JSON (and GraphQL) string
// literal, straight into a response buffer. It is the one string writer of
// the executor's fast path and of the hand-written enums, kept in a leaf
// package so that the domain types need not import the executor.
package jsonstr

import (
	"io"

	"github.com/99designs/gqlgen/graphql"
)

// appendWriter is a buffer that lends its free capacity (bytes.Buffer).
type appendWriter interface {
	io.Writer
	AvailableBuffer() []byte
}

const hex = "0123456789ABCDEF" // as gqlgen writes \u001F

// Write writes what graphql.MarshalString(s) writes: s quoted, with
// control characters, backslash and double quote escaped and every other
// byte as it is. (gqlgen walks runes, but no byte of a multi-byte UTF-8
// sequence, valid or not, needs escaping, so walking bytes is the same.)
func Write(w io.Writer, s string) {
	b, ok := w.(appendWriter)
	if !ok {
		graphql.MarshalString(s).MarshalGQL(w)
		return
	}
	buf := append(b.AvailableBuffer(), '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		buf = append(buf, s[start:i]...)
		switch c {
		case '\t':
			buf = append(buf, '\\', 't')
		case '\r':
			buf = append(buf, '\\', 'r')
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\\', '"':
			buf = append(buf, '\\', c)
		default:
			buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	buf = append(buf, s[start:]...)
	_, _ = b.Write(append(buf, '"'))
}
