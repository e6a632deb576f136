package memgraph

import (
	"math"
	"slices"
	"sort"
)

// idmap finds the position of a row by ID. It is persistent like pvec: a
// sorted list cut into leaves of at most 2*chunkLen entries, so that an
// insertion anywhere copies one leaf and the leaf list. IDs are kept as
// offsets from the first ID of their type's global range (ranges span
// 2^32), eight bytes an entry.
type idmap struct {
	base   int
	firsts []uint32 // first offset of each leaf
	leaves [][]idpair
}

type idpair struct {
	off uint32
	pos int32
}

// idmapOf builds the map of rows given in ID order: ids(i) is the ID of
// the row at position i.
func idmapOf(base, n int, ids func(i int) int) idmap {
	m := idmap{base: base}
	for start := 0; start < n; start += chunkLen {
		end := min(start+chunkLen, n)
		leaf := make([]idpair, 0, end-start)
		for i := start; i < end; i++ {
			leaf = append(leaf, idpair{off: uint32(ids(i) - base), pos: int32(i)})
		}
		m.leaves = append(m.leaves, leaf)
		m.firsts = append(m.firsts, leaf[0].off)
	}
	return m
}

func (m *idmap) offset(id int) (uint32, bool) {
	off := id - m.base
	if off < 0 || off > math.MaxUint32 {
		return 0, false
	}
	return uint32(off), true
}

// leafFor is the leaf that holds off if any leaf does.
func (m *idmap) leafFor(off uint32) int {
	return max(sort.Search(len(m.firsts), func(i int) bool { return m.firsts[i] > off })-1, 0)
}

func (m *idmap) find(id int) (int32, bool) {
	off, ok := m.offset(id)
	if !ok || len(m.leaves) == 0 {
		return 0, false
	}
	leaf := m.leaves[m.leafFor(off)]
	i, found := slices.BinarySearchFunc(leaf, off, func(p idpair, o uint32) int { return cmpU32(p.off, o) })
	if !found {
		return 0, false
	}
	return leaf[i].pos, true
}

// last is the highest ID in the map, or -1.
func (m *idmap) last() int {
	if len(m.leaves) == 0 {
		return -1
	}
	l := m.leaves[len(m.leaves)-1]
	return m.base + int(l[len(l)-1].off)
}

// count is the number of entries.
func (m *idmap) count() int {
	n := 0
	for _, l := range m.leaves {
		n += len(l)
	}
	return n
}

func cmpU32(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// idmapEdit changes a copy of an idmap.
type idmapEdit struct {
	m     idmap
	owned map[*idpair]bool // leaves (by first element's address) this edit copied
}

func (m idmap) edit() *idmapEdit {
	return &idmapEdit{m: idmap{base: m.base, firsts: slices.Clone(m.firsts), leaves: slices.Clone(m.leaves)}, owned: map[*idpair]bool{}}
}

func (e *idmapEdit) own(i int) []idpair {
	l := e.m.leaves[i]
	if len(l) > 0 && e.owned[&l[0]] {
		return l
	}
	l = slices.Clone(l)
	if len(l) > 0 {
		e.owned[&l[0]] = true
	}
	e.m.leaves[i] = l
	return l
}

// put maps id to pos, replacing an entry for id.
func (e *idmapEdit) put(id int, pos int32) bool {
	off, ok := e.m.offset(id)
	if !ok {
		return false
	}
	if len(e.m.leaves) == 0 {
		e.m.leaves = [][]idpair{{{off: off, pos: pos}}}
		e.m.firsts = []uint32{off}
		return true
	}
	li := e.m.leafFor(off)
	l := e.own(li)
	i, found := slices.BinarySearchFunc(l, off, func(p idpair, o uint32) int { return cmpU32(p.off, o) })
	if found {
		l[i].pos = pos
		return true
	}
	l = slices.Insert(l, i, idpair{off: off, pos: pos})
	e.owned[&l[0]] = true
	e.m.leaves[li] = l
	e.m.firsts[li] = l[0].off
	if len(l) > 2*chunkLen {
		// Split, so that a later copy stays small.
		a, b := slices.Clone(l[:chunkLen]), slices.Clone(l[chunkLen:])
		e.owned[&a[0]], e.owned[&b[0]] = true, true
		e.m.leaves = slices.Insert(slices.Delete(e.m.leaves, li, li+1), li, a, b)
		e.m.firsts = slices.Insert(slices.Delete(e.m.firsts, li, li+1), li, a[0].off, b[0].off)
	}
	return true
}

// remove drops id's entry.
func (e *idmapEdit) remove(id int) {
	off, ok := e.m.offset(id)
	if !ok || len(e.m.leaves) == 0 {
		return
	}
	li := e.m.leafFor(off)
	i, found := slices.BinarySearchFunc(e.m.leaves[li], off, func(p idpair, o uint32) int { return cmpU32(p.off, o) })
	if !found {
		return
	}
	l := e.own(li)
	l = slices.Delete(l, i, i+1)
	if len(l) == 0 {
		e.m.leaves = slices.Delete(e.m.leaves, li, li+1)
		e.m.firsts = slices.Delete(e.m.firsts, li, li+1)
		return
	}
	e.owned[&l[0]] = true
	e.m.leaves[li] = l
	e.m.firsts[li] = l[0].off
}

func (e *idmapEdit) done() idmap { return e.m }
