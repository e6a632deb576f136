// Package gid encodes the API's opaque global IDs. In the store every row has
// an integer ID whose range says its type (ent's globalid feature); over
// GraphQL the same ID travels as base64url("Type:n"), so clients cannot
// mistake one type's ID for another's and never depend on the integers.
package gid

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"rapport/ent"
)

const rangeBits = 32

var (
	// typeByRange names the type of each ID range (ID >> rangeBits): a
	// slice, not a map, because every ID in a response is looked up.
	typeByRange []string
	typeToStart = ent.TypeStarts
)

func init() {
	for t, s := range ent.TypeStarts {
		r := s >> rangeBits
		if s&(1<<rangeBits-1) != 0 || r > 1<<12 {
			panic(fmt.Sprintf("gid: type %s starts at %d, not at a range of its own", t, s))
		}
		if int(r) >= len(typeByRange) {
			typeByRange = append(typeByRange, make([]string, int(r)+1-len(typeByRange))...)
		}
		typeByRange[r] = t
	}
}

// ErrInvalid is returned for an ID that does not decode to a known type.
var ErrInvalid = errors.New("invalid ID")

// TypeOf returns the node type of a store ID, or "" when none.
func TypeOf(id int) string {
	if r := id >> rangeBits; id >= 0 && r < len(typeByRange) {
		return typeByRange[r]
	}
	return ""
}

// Encode turns a store ID into its opaque API form.
func Encode(id int) string {
	var buf [64]byte
	return string(AppendEncoded(buf[:0], id))
}

// AppendEncoded appends Encode(id) to b without allocating (unless b must
// grow): a large response writes thousands of IDs.
func AppendEncoded(b []byte, id int) []byte {
	t := TypeOf(id)
	if t == "" {
		return strconv.AppendInt(b, int64(id), 10)
	}
	var plain [48]byte
	raw := append(plain[:0], t...)
	raw = append(raw, ':')
	raw = strconv.AppendInt(raw, int64(id&(1<<rangeBits-1)), 10)
	return base64.RawURLEncoding.AppendEncode(b, raw)
}

// Decode turns an opaque API ID back into a store ID.
func Decode(s string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return 0, fmt.Errorf("%w %q", ErrInvalid, s)
	}
	t, n, ok := strings.Cut(string(raw), ":")
	start, known := typeToStart[t]
	if !ok || !known {
		return 0, fmt.Errorf("%w %q", ErrInvalid, s)
	}
	local, err := strconv.Atoi(n)
	if err != nil || local < 0 || local >= 1<<rangeBits {
		return 0, fmt.Errorf("%w %q", ErrInvalid, s)
	}
	return start + local, nil
}

// Of returns the store ID for the n-th row of a type; tests and the demo
// loader use it to name rows without a round trip.
func Of(typ string, n int) int { return typeToStart[typ] + n }

// MarshalID writes an ID for gqlgen, as a JSON string. An encoded ID is
// base64url or digits, so it needs no escaping.
func MarshalID(id int) graphql.Marshaler { return marshaledID(id) }

type marshaledID int

func (id marshaledID) MarshalGQL(w io.Writer) {
	if b, ok := w.(interface {
		AvailableBuffer() []byte
		Write(p []byte) (int, error)
	}); ok {
		buf := append(b.AvailableBuffer(), '"')
		_, _ = b.Write(append(AppendEncoded(buf, int(id)), '"'))
		return
	}
	_, _ = io.WriteString(w, `"`+Encode(int(id))+`"`)
}

// UnmarshalID reads an ID argument for gqlgen.
func UnmarshalID(v any) (int, error) {
	s, ok := v.(string)
	if !ok {
		return 0, fmt.Errorf("%w: expected a string, got %T", ErrInvalid, v)
	}
	return Decode(s)
}

// WriteID writes what MarshalID(id) writes, without boxing id into an
// interface.
func WriteID(w io.Writer, id int) { marshaledID(id).MarshalGQL(w) }
