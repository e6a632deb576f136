package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// searchKey is the hidden, derived column that name search runs on: the
// lower-cased name and, for Chinese names, its pinyin spaced and unspaced and
// its initials (internal/pinyin.Key). A store hook keeps it in step with the
// name and the server backfills rows written before it existed; the API never
// shows it and filters on it through the `search` field of the where inputs.
func searchKey() ent.Field {
	return field.Text("search_key").
		Optional().
		Comment("Derived from name by a store hook (internal/pinyin); not part of the API.").
		Annotations(entgql.Skip(entgql.SkipAll))
}
