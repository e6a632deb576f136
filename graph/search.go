package graph

import (
	"unicode/utf8"

	"rapport/internal/apperr"
	"rapport/internal/pinyin"
)

// maxSearchLen bounds the search field of the where inputs: a name is at
// most 200 characters, so a longer query cannot match anything.
const maxSearchLen = 200

// searchQuery normalises the search field of a where input the way the
// stored key is built (internal/pinyin); "" means no filter.
func searchQuery(data *string) (string, error) {
	if data == nil {
		return "", nil
	}
	if utf8.RuneCountInString(*data) > maxSearchLen {
		return "", apperr.Invalid("where.search", "at most 200 characters")
	}
	return pinyin.Query(*data), nil
}
