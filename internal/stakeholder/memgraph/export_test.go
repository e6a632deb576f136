package memgraph

import (
	"fmt"
	"slices"
	"strings"
)

// Dump renders a snapshot by IDs and values only, never positions, so
// that a snapshot followed through changes can be compared with a fresh
// load of the same database.
func Dump(s *Snapshot) string {
	var b strings.Builder
	ids := func(ps []int32, id func(int32) int) []int {
		out := make([]int, len(ps))
		for i, p := range ps {
			out[i] = id(p)
		}
		if !slices.IsSorted(out) {
			fmt.Fprintf(&b, "UNSORTED %v\n", out)
		}
		return out
	}
	contactID := func(p int32) int { return s.ContactAt(p).ID }
	roleID := func(p int32) int { return s.RoleAt(p).ID }
	accountID := func(p int32) int {
		if p == None {
			return 0
		}
		return s.AccountAt(p).ID
	}
	manager := func(p int32) int {
		if p == None {
			return 0
		}
		return s.ContactAt(p).ID
	}
	live := func(n int, gone func(int32) bool, id func(int32) int) []int32 {
		var ps []int32
		for p := range n {
			if !gone(int32(p)) {
				ps = append(ps, int32(p))
			}
		}
		slices.SortFunc(ps, func(a, b int32) int { return id(a) - id(b) })
		return ps
	}
	for _, p := range live(s.NumAccounts(), func(p int32) bool { return s.AccountAt(p).Gone }, accountID) {
		a := s.AccountAt(p)
		if q, ok := s.Account(a.ID); !ok || q != p {
			fmt.Fprintf(&b, "LOOKUP account %d\n", a.ID)
		}
		fmt.Fprintf(&b, "account %d %q parent=%d contacts=%v children=%v roles=%v\n", a.ID, a.Name, accountID(a.Parent),
			ids(s.ContactsOf(p), contactID), ids(s.SubsidiariesOf(p), accountID), ids(s.RolesAt(p), roleID))
	}
	for _, p := range live(s.NumMembers(), func(p int32) bool { return s.MemberAt(p).Gone }, func(p int32) int { return s.MemberAt(p).ID }) {
		m := s.MemberAt(p)
		if q, ok := s.Member(m.ID); !ok || q != p {
			fmt.Fprintf(&b, "LOOKUP member %d\n", m.ID)
		}
		fmt.Fprintf(&b, "member %d %q %s active=%v\n", m.ID, m.Name, s.Word(m.Role), m.Active)
	}
	for _, p := range live(s.NumContacts(), func(p int32) bool { return s.ContactAt(p).Gone }, contactID) {
		c := s.ContactAt(p)
		if q, ok := s.Contact(c.ID); !ok || q != p {
			fmt.Fprintf(&b, "LOOKUP contact %d\n", c.ID)
		}
		fmt.Fprintf(&b, "contact %d %q %q %q account=%d manager=%d %s/%s/%s/%s infl=%d left=%v leftAt=%d relations=%v reports=%v coverage=%v roles=%v\n",
			c.ID, c.Name, c.Title, c.Department, accountID(c.Account), manager(c.ReportsTo),
			s.Word(c.Seniority), s.Word(c.DecisionRole), s.Word(c.Attitude), s.Word(c.Status), c.Influence, c.Left, c.LeftAt,
			ids(s.RelationsOf(p), s.RelationID), ids(s.ReportsOf(p), contactID), ids(s.CoverageOf(p), func(p int32) int { return s.CoverageAt(p).ID }),
			ids(s.RolesOf(p), roleID))
	}
	for _, p := range live(s.NumRelations(), func(p int32) bool { return s.RelationAt(p).Gone }, s.RelationID) {
		r := s.RelationAt(p)
		if q, ok := s.relation(s.RelationID(p)); !ok || q != p {
			fmt.Fprintf(&b, "LOOKUP relation %d\n", s.RelationID(p))
		}
		fmt.Fprintf(&b, "relation %d %d->%d %s %d %d..%d\n", s.RelationID(p), contactID(r.From), contactID(r.To),
			s.Word(r.Kind), r.Strength, r.ValidFrom, r.ValidTo)
	}
	for _, p := range live(s.NumCoverages(), func(p int32) bool { return s.CoverageAt(p).Gone }, func(p int32) int { return s.CoverageAt(p).ID }) {
		c := s.CoverageAt(p)
		if q, ok := s.coverage(c.ID); !ok || q != p {
			fmt.Fprintf(&b, "LOOKUP coverage %d\n", c.ID)
		}
		fmt.Fprintf(&b, "coverage %d member=%d contact=%d %d\n", c.ID, s.MemberAt(c.Member).ID, contactID(c.Contact), c.Strength)
	}
	for _, p := range live(s.NumRoles(), func(p int32) bool { return s.RoleAt(p).Gone }, roleID) {
		r := s.RoleAt(p)
		if q, ok := s.role(r.ID); !ok || q != p {
			fmt.Fprintf(&b, "LOOKUP role %d\n", r.ID)
		}
		fmt.Fprintf(&b, "role %d contact=%d account=%d %q %s %d\n", r.ID, contactID(r.Contact), accountID(r.Account),
			r.Title, s.Word(r.DecisionRole), r.Influence)
	}
	return b.String()
}
