package memgraph

import "slices"

// chunkBits sets the rows per chunk of a pvec (512): a change copies one
// chunk (16 to 40 KB of rows) and the chunk list (a pointer per chunk,
// 16 KB for a million rows), never the whole table.
const (
	chunkBits = 9
	chunkLen  = 1 << chunkBits
	chunkMask = chunkLen - 1
)

// pvec is a persistent vector: a version is never changed after it is
// published, and a new version shares every chunk it did not change with
// the old one. Readers index it without locks.
type pvec[T any] struct {
	chunks [][]T
	n      int
}

// pvecOf cuts rows into chunks without copying them; rows must not be
// changed afterwards.
func pvecOf[T any](rows []T) pvec[T] {
	v := pvec[T]{n: len(rows)}
	for start := 0; start < len(rows); start += chunkLen {
		end := min(start+chunkLen, len(rows))
		v.chunks = append(v.chunks, rows[start:end:end])
	}
	return v
}

func (v *pvec[T]) len() int { return v.n }

func (v *pvec[T]) at(i int32) *T { return &v.chunks[i>>chunkBits][i&chunkMask] }

// pvecEdit changes a copy of a pvec: chunks are copied the first time the
// edit writes to them.
type pvecEdit[T any] struct {
	v     pvec[T]
	owned map[int]bool // chunks this edit has copied
}

func (v pvec[T]) edit() *pvecEdit[T] {
	return &pvecEdit[T]{v: pvec[T]{chunks: slices.Clone(v.chunks), n: v.n}, owned: map[int]bool{}}
}

func (e *pvecEdit[T]) set(i int32, x T) {
	c := int(i >> chunkBits)
	if !e.owned[c] {
		e.v.chunks[c] = slices.Clone(e.v.chunks[c])
		e.owned[c] = true
	}
	e.v.chunks[c][i&chunkMask] = x
}

func (e *pvecEdit[T]) append(x T) int32 {
	i := e.v.n
	c := i >> chunkBits
	if c == len(e.v.chunks) {
		e.v.chunks = append(e.v.chunks, make([]T, 0, chunkLen))
		e.owned[c] = true
	} else if !e.owned[c] {
		// The last chunk's spare capacity may be shared with an older
		// version's: copy before appending.
		e.v.chunks[c] = slices.Clip(slices.Clone(e.v.chunks[c]))
		e.owned[c] = true
	}
	e.v.chunks[c] = append(e.v.chunks[c], x)
	e.v.n++
	return int32(i)
}

func (e *pvecEdit[T]) at(i int32) *T { return e.v.at(i) }

func (e *pvecEdit[T]) done() pvec[T] { return e.v }
