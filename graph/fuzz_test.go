package graph_test

import (
	"encoding/json"
	"testing"

	"entgo.io/contrib/entgql"

	"rapport/ent"
)

// FuzzCursor: a client-supplied cursor either decodes or is refused; it
// never panics.
func FuzzCursor(f *testing.F) {
	var c entgql.Cursor[int]
	c.ID = 42
	b, _ := json.Marshal(c)
	f.Add(string(b))
	f.Add(`"gaFpzwAAAAQAAAAB"`)
	f.Add(`"!!"`)
	f.Fuzz(func(t *testing.T, s string) {
		var c entgql.Cursor[int]
		_ = c.UnmarshalGQL(s)
	})
}

// FuzzWhereInput: any JSON a client sends as an AccountWhereInput either
// fails to decode or yields a predicate without panicking.
func FuzzWhereInput(f *testing.F) {
	f.Add(`{"name": "x"}`)
	f.Add(`{"or": [{"tier": "STRATEGIC"}, {"not": {"nameContainsFold": "tel"}}]}`)
	f.Add(`{"and": [{"hasContactsWith": [{"influenceGTE": 4}]}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		var w ent.AccountWhereInput
		if err := json.Unmarshal([]byte(s), &w); err != nil {
			return
		}
		_, _ = w.P()
	})
}
