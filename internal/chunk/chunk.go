// Package chunk splits sets of IDs into parts small enough for one
// statement's IN list. SQLite takes at most 32,766 variables a statement
// and PostgreSQL 65,535 parameters; a set that follows the data (every
// contact of an account, every account of a grouping) crosses them at
// scale, so readers that cannot join or sub-select read it in parts.
package chunk

import "slices"

// Size bounds one part: a few thousand IDs keep a statement far below both
// limits even when it names its part twice (from_id IN ... OR to_id IN ...)
// and cost one statement per Size rows, nothing below it.
const Size = 5000

// IDs returns ids without duplicates, first occurrence first, in parts of
// at most size (Size when size < 1). Duplicates go so that a row matched by
// one ID is read by one part only, in that part's order.
func IDs(ids []int, size int) [][]int {
	if size < 1 {
		size = Size
	}
	if len(ids) == 0 {
		return nil
	}
	seen := make(map[int]bool, len(ids))
	unique := make([]int, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			unique = append(unique, id)
		}
	}
	return slices.Collect(slices.Chunk(unique, size))
}

// Load reads the rows of ids part by part (see IDs) and returns them in the
// order of the parts: one call of read for up to Size distinct IDs, none
// for none.
func Load[T any](ids []int, read func(part []int) ([]T, error)) ([]T, error) {
	var out []T
	for _, part := range IDs(ids, Size) {
		rows, err := read(part)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// Map reads a map keyed by ids part by part (see IDs) and merges the parts.
func Map[K comparable, V any](ids []int, size int, read func(part []int) (map[K]V, error)) (map[K]V, error) {
	out := map[K]V{}
	for _, part := range IDs(ids, size) {
		m, err := read(part)
		if err != nil {
			return nil, err
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out, nil
}
