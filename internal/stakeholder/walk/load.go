package walk

import (
	"slices"
	"time"

	"rapport/internal/domain"
	"rapport/internal/stakeholder/memgraph"
)

// LeftRule says which contacts who left a walk leaves out.
type LeftRule int

const (
	// KeepLeft keeps everyone; the node carries status LEFT.
	KeepLeft LeftRule = iota
	// DropLeftByAsOf leaves out contacts with status LEFT and leftAt <= AsOf
	// (someone marked LEFT without a date is kept: we cannot say when).
	DropLeftByAsOf
	// DropAnyLeft leaves out every contact with status LEFT: nobody can
	// introduce us through a person who is gone.
	DropAnyLeft
)

// Filter says which relations and people a walk may use.
type Filter struct {
	// AsOf: only relations valid then (validFrom <= AsOf < validTo) are used.
	AsOf         time.Time
	Left         LeftRule
	MinStrength  int
	Kinds        []domain.RelationKind
	ExcludeKinds []domain.RelationKind
}

// walkFilter is a Filter compiled against one snapshot: times as
// nanoseconds, kinds as a table indexed by the snapshot's words.
type walkFilter struct {
	asOf        int64
	left        LeftRule
	minStrength int8
	kinds       []bool // allowed relation kinds by Word
}

func (f Filter) compile(s *memgraph.Snapshot) walkFilter {
	w := walkFilter{asOf: f.AsOf.UnixNano(), left: f.Left, minStrength: int8(min(max(f.MinStrength, 0), 127))}
	w.kinds = make([]bool, s.Words())
	for i := range w.kinds {
		kind := domain.RelationKind(s.Word(memgraph.Word(i)))
		w.kinds[i] = (len(f.Kinds) == 0 || slices.Contains(f.Kinds, kind)) && !slices.Contains(f.ExcludeKinds, kind)
	}
	return w
}

func (f walkFilter) keeps(c *memgraph.Contact) bool {
	if !c.Left {
		return true
	}
	switch f.left {
	case DropAnyLeft:
		return false
	case DropLeftByAsOf:
		return c.LeftAt > f.asOf // NoTime (no date) is kept
	}
	return true
}

func (f walkFilter) admits(r *memgraph.Relation) bool {
	return r.ValidFrom <= f.asOf && r.ValidTo > f.asOf && r.Strength >= f.minStrength && f.kinds[r.Kind]
}

// Subgraph is the part of the contact graph a walk reached: contacts (by
// snapshot position) with their hop distance from the seeds, and the
// relations between them.
type Subgraph struct {
	view *memgraph.View
	// depth holds 1 + the hop distance of every reached contact, 0 for the
	// others, by position: a walk of a few thousand contacts probes it tens
	// of thousands of times, which a map made a tenth of stakeholderGraph.
	depth     []uint16
	Order     []int32 // contacts by depth, then ID
	Relations []int32 // by level reached, then ID
	Truncated bool
}

// Has reports whether the walk reached contact p.
func (s *Subgraph) Has(p int32) bool { return s.depth[p] != 0 }

// Depth returns the hops from the seeds to a reached contact.
func (s *Subgraph) Depth(p int32) int { return int(s.depth[p]) - 1 }

// maxDepth is the deepest level a walk records: each level adds a contact
// and a walk keeps at most MaxNodesLimit, so it is never reached.
const maxDepth = 1<<16 - 2

func (s *Subgraph) add(p int32, depth int) {
	s.depth[p] = uint16(min(depth, maxDepth) + 1)
	s.Order = append(s.Order, p)
}

// bitset is a set of positions.
type bitset []uint64

func newBitset(n int) bitset      { return make(bitset, (n+63)/64) }
func (b bitset) has(i int32) bool { return b[i>>6]&(1<<(i&63)) != 0 }
func (b bitset) set(i int32)      { b[i>>6] |= 1 << (i & 63) }

// Expand walks the contact graph breadth first from seeds (positions, in
// the order given), over relations (both directions) and reporting lines
// (both directions), up to depth hops and maxContacts contacts, seeing only
// what the view lets it see. Each level takes the relations touching the
// frontier in ID order, then the new contacts in ID order: the order, the
// truncation and the relations drawn are those of the level-wise SQL walk
// this replaced, which the API's answers were defined by.
func Expand(v *memgraph.View, seeds []int32, depth, maxContacts int, f Filter) *Subgraph {
	wf := f.compile(v.Snapshot)
	sg := &Subgraph{view: v, depth: make([]uint16, v.NumContacts())}
	var frontier []int32
	for _, p := range seeds {
		if !wf.keeps(v.ContactAt(p)) || sg.Has(p) {
			continue
		}
		if len(sg.Order) >= maxContacts {
			sg.Truncated = true
			break
		}
		sg.add(p, 0)
		frontier = append(frontier, p)
	}
	relSeen := newBitset(v.NumRelations())
	for level := 0; len(frontier) > 0; level++ {
		// When the walk ends here only relations among people already
		// reached can be drawn, so no others are taken.
		last := level == depth || len(sg.Order) >= maxContacts
		var rels []int32
		for _, p := range frontier {
			for _, r := range v.RelationsOf(p) {
				if relSeen.has(r) {
					continue
				}
				rel := v.RelationAt(r)
				if !wf.admits(rel) || !v.SeesRelation(r) {
					continue
				}
				if last && (!sg.Has(rel.From) || !sg.Has(rel.To)) {
					continue
				}
				relSeen.set(r)
				rels = append(rels, r)
			}
		}
		v.SortRelations(rels)
		sg.Relations = append(sg.Relations, rels...)
		if level == depth {
			break
		}
		var candidates []int32
		for _, r := range rels {
			rel := v.RelationAt(r)
			for _, p := range [2]int32{rel.From, rel.To} {
				if !sg.Has(p) {
					candidates = append(candidates, p)
				}
			}
		}
		for _, p := range frontier {
			if m := v.ContactAt(p).ReportsTo; m != memgraph.None && !sg.Has(m) && v.SeesContact(m) {
				candidates = append(candidates, m)
			}
			for _, r := range v.ReportsOf(p) {
				if v.SeesContact(r) {
					candidates = append(candidates, r)
				}
			}
		}
		v.SortContacts(candidates)
		candidates = slices.Compact(candidates)
		frontier = frontier[:0:0]
		for _, p := range candidates {
			if sg.Has(p) || !wf.keeps(v.ContactAt(p)) {
				continue
			}
			if len(sg.Order) >= maxContacts {
				sg.Truncated = true
				break
			}
			sg.add(p, level+1)
			frontier = append(frontier, p)
		}
	}
	// Keep the relations whose both ends were reached (and kept).
	sg.Relations = slices.DeleteFunc(sg.Relations, func(r int32) bool {
		rel := v.RelationAt(r)
		return !sg.Has(rel.From) || !sg.Has(rel.To)
	})
	return sg
}
