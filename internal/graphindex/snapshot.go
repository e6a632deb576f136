// Package graphindex keeps an immutable, in-memory snapshot of the
// stakeholder graph (accounts, contacts, relations, coverage, team members)
// for the graph traversals, and knows exactly when it is stale: every
// transaction that changes the graph bumps a database epoch at commit, and
// every traversal compares it with the snapshot's before using it.
package graphindex

import (
	"math"
	"slices"
)

// NoTime stands for a missing time (a relation that has not ended, a
// contact who left on an unknown date): later than every real one, which is
// how the traversals treat both.
const NoTime = math.MaxInt64

// None is the position of a missing reference (no manager, no parent).
const None int32 = -1

// Word is an enum value (a seniority, a relation kind, a status) stored as
// an index into the snapshot's word list: one byte per field instead of a
// 16-byte string header. The schema's enums have about 30 values in all.
type Word uint8

// Account is an account as the traversals see it.
type Account struct {
	ID     int
	Name   string
	Parent int32 // position, or None
}

// TeamMember is one of our people.
type TeamMember struct {
	ID     int
	Name   string
	Role   Word
	Active bool
}

// Contact is a stakeholder. Times are Unix nanoseconds.
type Contact struct {
	ID           int
	LeftAt       int64 // NoTime when not recorded
	Name         string
	Title        string
	Department   string
	Account      int32 // position
	ReportsTo    int32 // position, or None
	Seniority    Word
	DecisionRole Word
	Attitude     Word
	Status       Word
	Influence    int8
	Left         bool // status is LEFT
}

// Relation is a tie between two contacts. Times are Unix nanoseconds. Its
// ID is kept as an offset from the snapshot's first relation ID (global IDs
// of one type span less than 2^32): a million relations are the bulk of a
// snapshot, and 32 bytes a row instead of 40 is 8 MB at scale L.
type Relation struct {
	ValidFrom int64
	ValidTo   int64 // NoTime while the relation holds
	IDOffset  uint32
	From, To  int32 // positions
	Kind      Word
	Strength  int8
}

// Coverage is how well a team member knows a contact.
type Coverage struct {
	ID       int
	Member   int32 // position
	Contact  int32 // position
	Strength int8
}

// Snapshot is the whole graph at one epoch. Rows sit in slices ordered by
// ID, so a position order is an ID order and an ID is found by binary
// search; adjacency is kept as offsets into flat position lists. Nothing
// in it changes after loading: requests share it without locks.
type Snapshot struct {
	Epoch     int64
	Accounts  []Account
	Members   []TeamMember
	Contacts  []Contact
	Relations []Relation
	Coverages []Coverage

	relationBase int // ID of the relation at offset 0

	words []string
	// IDs by position, for binary search: searching the rows themselves
	// would copy a whole row per comparison.
	accountIDs, memberIDs, contactIDs []int

	relationsOf adjacency // contact -> relations touching it (both ways), by ID
	reportsOf   adjacency // contact -> contacts reporting to it, by ID
	coverageOf  adjacency // contact -> its coverages, by ID
	contactsOf  adjacency // account -> its contacts, by ID
	childrenOf  adjacency // account -> its subsidiaries, by ID
}

// RelationID returns the ID of relation r.
func (s *Snapshot) RelationID(r int32) int { return s.relationBase + int(s.Relations[r].IDOffset) }

// Word returns the text of an enum value.
func (s *Snapshot) Word(w Word) string { return s.words[w] }

// WordOf returns the Word of an enum value, or false when no row uses it.
func (s *Snapshot) WordOf(text string) (Word, bool) {
	i := slices.Index(s.words, text)
	return Word(i), i >= 0
}

// Words is the number of distinct enum values, for tables indexed by Word.
func (s *Snapshot) Words() int { return len(s.words) }

// Contact returns the position of contact id.
func (s *Snapshot) Contact(id int) (int32, bool) { return find(s.contactIDs, id) }

// Account returns the position of account id.
func (s *Snapshot) Account(id int) (int32, bool) { return find(s.accountIDs, id) }

// Member returns the position of team member id.
func (s *Snapshot) Member(id int) (int32, bool) { return find(s.memberIDs, id) }

// RelationsOf lists the relations touching contact c, by ID.
func (s *Snapshot) RelationsOf(c int32) []int32 { return s.relationsOf.of(c) }

// ReportsOf lists the contacts reporting to contact c, by ID.
func (s *Snapshot) ReportsOf(c int32) []int32 { return s.reportsOf.of(c) }

// CoverageOf lists the coverages of contact c, by ID.
func (s *Snapshot) CoverageOf(c int32) []int32 { return s.coverageOf.of(c) }

// ContactsOf lists the contacts of account a, by ID.
func (s *Snapshot) ContactsOf(a int32) []int32 { return s.contactsOf.of(a) }

// SubsidiariesOf lists the direct subsidiaries of account a, by ID.
func (s *Snapshot) SubsidiariesOf(a int32) []int32 { return s.childrenOf.of(a) }

func find(ids []int, id int) (int32, bool) {
	i, ok := slices.BinarySearch(ids, id)
	return int32(i), ok
}

// adjacency is a compressed list of lists: the items of node n are
// items[off[n]:off[n+1]]. Two int32 slices instead of a slice (or a map
// entry) per node keep a million relations in a few megabytes.
type adjacency struct{ off, items []int32 }

func (a adjacency) of(n int32) []int32 {
	if int(n)+1 >= len(a.off) {
		return nil
	}
	return a.items[a.off[n]:a.off[n+1]]
}

// newAdjacency builds an adjacency of n nodes from pairs, which calls emit
// for every (node, item) in the order the items should be listed; it is
// called twice, once to count and once to fill.
func newAdjacency(n int, pairs func(emit func(node, item int32))) adjacency {
	off := make([]int32, n+1)
	pairs(func(node, _ int32) { off[node+1]++ })
	for i := 1; i <= n; i++ {
		off[i] += off[i-1]
	}
	items := make([]int32, off[n])
	next := slices.Clone(off[:n])
	pairs(func(node, item int32) {
		items[next[node]] = item
		next[node]++
	})
	return adjacency{off: off, items: items}
}

// Bytes estimates the snapshot's memory, for the load log line.
func (s *Snapshot) Bytes() int64 {
	const (
		account  = 32 // unsafe.Sizeof, plus string bytes counted below
		member   = 32
		contact  = 80
		relation = 32
		coverage = 24
	)
	n := int64(8*(len(s.accountIDs)+len(s.memberIDs)+len(s.contactIDs))) + int64(len(s.Accounts)*account+len(s.Members)*member+len(s.Contacts)*contact+
		len(s.Relations)*relation+len(s.Coverages)*coverage)
	for _, c := range s.Contacts {
		n += int64(len(c.Name) + len(c.Title) + len(c.Department))
	}
	for _, a := range []adjacency{s.relationsOf, s.reportsOf, s.coverageOf, s.contactsOf, s.childrenOf} {
		n += int64(4 * (len(a.off) + len(a.items)))
	}
	return n
}
