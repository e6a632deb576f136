package server

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// writeResponse must write what gqlgen's json.Marshal of the response
// writes, byte for byte (the data here has no characters json.Marshal
// would escape for HTML).
func TestWriteResponseMatchesJSONMarshal(t *testing.T) {
	yes := true
	for _, tc := range []struct {
		name string
		resp graphql.Response
	}{
		{"data", graphql.Response{Data: json.RawMessage(`{"a":[1,2,{"b":"c\"d"}]}`)}},
		{"no data", graphql.Response{}},
		{"errors and null data", graphql.Response{Errors: gqlerror.List{{Message: "boom", Path: ast.Path{ast.PathName("a"), ast.PathIndex(1)},
			Extensions: map[string]any{"code": "NOT_FOUND"}}}}},
		{"errors beside data", graphql.Response{Errors: gqlerror.List{{Message: "partial"}}, Data: json.RawMessage(`{"a":null}`)}},
		{"extensions", graphql.Response{Data: json.RawMessage(`{}`), Extensions: map[string]any{"cost": 12, "b": "x"}}},
		{"incremental", graphql.Response{Data: json.RawMessage(`{"x":1}`), Label: "later", Path: ast.Path{ast.PathName("a")}, HasNext: &yes}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := json.Marshal(&tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			writeResponse(&got, &tc.resp)
			if got.String() != string(want) {
				t.Errorf("wrote  %s\nwant %s", got.String(), want)
			}
		})
	}
}
