package graphalgo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/contactrelation"
	"rapport/ent/predicate"
	"rapport/internal/domain"
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

func (f Filter) keeps(c *ent.Contact) bool {
	if c.Status != contact.StatusLEFT {
		return true
	}
	switch f.Left {
	case DropAnyLeft:
		return false
	case DropLeftByAsOf:
		return c.LeftAt == nil || c.LeftAt.After(f.AsOf)
	}
	return true
}

func (f Filter) relationPredicates() []predicate.ContactRelation {
	ps := []predicate.ContactRelation{
		contactrelation.ValidFromLTE(f.AsOf),
		contactrelation.Or(contactrelation.ValidToIsNil(), contactrelation.ValidToGT(f.AsOf)),
	}
	if f.MinStrength > 0 {
		ps = append(ps, contactrelation.StrengthGTE(f.MinStrength))
	}
	if len(f.Kinds) > 0 {
		ps = append(ps, contactrelation.KindIn(f.Kinds...))
	}
	if len(f.ExcludeKinds) > 0 {
		ps = append(ps, contactrelation.KindNotIn(f.ExcludeKinds...))
	}
	return ps
}

// Subgraph is the part of the contact graph a walk reached: contacts with
// their hop distance from the seeds, and the relations between them.
type Subgraph struct {
	Contacts  map[int]*ent.Contact
	Depth     map[int]int
	Order     []int // contact IDs by depth, then ID
	Relations []*ent.ContactRelation
	Truncated bool
}

// Has reports whether the walk reached contact id.
func (s *Subgraph) Has(id int) bool { _, ok := s.Contacts[id]; return ok }

func (s *Subgraph) add(c *ent.Contact, depth int) {
	s.Contacts[c.ID] = c
	s.Depth[c.ID] = depth
	s.Order = append(s.Order, c.ID)
}

// relationColumns and contactColumns leave out free text the walk never
// shows (notes), which is most of the bytes read.
var (
	relationColumns = without(contactrelation.Columns, contactrelation.FieldNotes)
	contactColumns  = without(contact.Columns, contact.FieldNotes)
)

func without(cols []string, drop ...string) []string {
	var out []string
	for _, c := range cols {
		if !slices.Contains(drop, c) {
			out = append(out, c)
		}
	}
	return out
}

// Expand walks the contact graph breadth first from seeds, over relations
// (both directions) and reporting lines (both directions), up to depth hops
// and maxContacts contacts. It issues two statements per level (the
// frontier's relations, then the new contacts) and one more for the
// relations of the last level, whatever the size of the graph: the
// statement count grows with depth, never with the number of nodes.
func Expand(ctx context.Context, client *ent.Client, seeds []*ent.Contact, depth, maxContacts int, f Filter) (*Subgraph, error) {
	sg := &Subgraph{Contacts: map[int]*ent.Contact{}, Depth: map[int]int{}}
	var frontier []int
	for _, c := range seeds {
		if !f.keeps(c) || sg.Has(c.ID) {
			continue
		}
		if len(sg.Contacts) >= maxContacts {
			sg.Truncated = true
			break
		}
		sg.add(c, 0)
		frontier = append(frontier, c.ID)
	}
	relSeen := map[int]bool{}
	for level := 0; len(frontier) > 0; level++ {
		touches := contactrelation.Or(contactrelation.FromIDIn(frontier...), contactrelation.ToIDIn(frontier...))
		if level == depth || len(sg.Contacts) >= maxContacts {
			// The walk ends here: only relations among people already
			// reached can be drawn, so ask for no others (at depth 2 of a
			// big account that is a tenth of the rows).
			touches = contactrelation.Or(
				contactrelation.And(contactrelation.FromIDIn(frontier...), contactrelation.ToIDIn(sg.Order...)),
				contactrelation.And(contactrelation.ToIDIn(frontier...), contactrelation.FromIDIn(sg.Order...)),
			)
		}
		rels, err := client.ContactRelation.Query().
			Where(touches).
			Where(f.relationPredicates()...).
			Select(relationColumns...).
			Order(ent.Asc(contactrelation.FieldID)).
			All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load relations at level %d: %w", level, err)
		}
		candidates := map[int]bool{}
		for _, r := range rels {
			if relSeen[r.ID] {
				continue
			}
			relSeen[r.ID] = true
			sg.Relations = append(sg.Relations, r)
			for _, id := range []int{r.FromID, r.ToID} {
				if !sg.Has(id) {
					candidates[id] = true
				}
			}
		}
		if level == depth {
			break
		}
		for _, id := range frontier {
			if m := sg.Contacts[id].ReportsToID; m != nil && !sg.Has(*m) {
				candidates[*m] = true
			}
		}
		ids := make([]int, 0, len(candidates))
		for id := range candidates {
			ids = append(ids, id)
		}
		next, err := client.Contact.Query().
			Where(contact.Or(contact.IDIn(ids...), contact.ReportsToIDIn(frontier...))).
			Select(contactColumns...).
			Order(ent.Asc(contact.FieldID)).
			All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load contacts at level %d: %w", level+1, err)
		}
		frontier = frontier[:0:0]
		for _, c := range next {
			if sg.Has(c.ID) || !f.keeps(c) {
				continue
			}
			if len(sg.Contacts) >= maxContacts {
				sg.Truncated = true
				break
			}
			sg.add(c, level+1)
			frontier = append(frontier, c.ID)
		}
	}
	// Keep the relations whose both ends were reached (and kept).
	sg.Relations = slices.DeleteFunc(sg.Relations, func(r *ent.ContactRelation) bool {
		return !sg.Has(r.FromID) || !sg.Has(r.ToID)
	})
	return sg, nil
}
