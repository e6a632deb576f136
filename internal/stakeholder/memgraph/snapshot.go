// Package memgraph keeps an in-memory, immutable snapshot of the
// stakeholder graph (accounts, contacts, relations, coverage, team
// members) for the graph traversals, and follows the database's change
// feed (package changelog) to keep it current: a committed change costs a
// new version that re-reads the rows it names and copies the few chunks
// they sit in, never a reload of the whole graph.
package memgraph

import (
	"cmp"
	"math"
	"slices"

	"rapport/ent"
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
	Gone   bool  // deleted since the snapshot was loaded
}

// TeamMember is one of our people.
type TeamMember struct {
	ID     int
	Name   string
	Role   Word
	Active bool
	Gone   bool
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
	Gone         bool
}

// Relation is a tie between two contacts. Times are Unix nanoseconds. Its
// ID is kept as an offset from the first ID of the type's global range
// (which spans 2^32): a million relations are the bulk of a snapshot, and
// 32 bytes a row instead of 40 is 8 MB at scale L.
type Relation struct {
	ValidFrom int64
	ValidTo   int64 // NoTime while the relation holds
	IDOffset  uint32
	From, To  int32 // positions
	Kind      Word
	Strength  int8
	Gone      bool
}

// Coverage is how well a team member knows a contact.
type Coverage struct {
	ID       int
	Member   int32 // position
	Contact  int32 // position
	Strength int8
	Gone     bool
}

// Role is a contact's role at an account other than their home account
// (issue 16 point 7): the contact is drawn in that account's graph too,
// with the role's title and decision role there.
type Role struct {
	ID           int
	Contact      int32 // position
	Account      int32 // position
	Title        string
	DecisionRole Word
	Influence    int8
	Gone         bool
}

// relationBase is the first ID of the ContactRelation type's range.
var relationBase = ent.TypeStarts[ent.TypeContactRelation]

// Snapshot is the whole graph at one point of the change feed. Rows sit
// in persistent vectors at positions that never change while the snapshot
// is followed: a full load puts them in ID order, rows created later are
// appended (usually still in ID order: see ordered), and deleted rows stay
// as tombstones (Gone) that no index and no adjacency list points to.
// Adjacency is kept per node as a list of positions sorted by ID. Nothing
// in a snapshot changes once published: requests share it without locks.
type Snapshot struct {
	accounts  pvec[Account]
	members   pvec[TeamMember]
	contacts  pvec[Contact]
	relations pvec[Relation]
	coverages pvec[Coverage]
	roles     pvec[Role]

	// The IDs of live rows, for lookups.
	accountIDs, memberIDs, contactIDs, relationIDs, coverageIDs, roleIDs idmap

	// ordered is false once a row was appended with an ID below another
	// row's (PostgreSQL hands out IDs at insert, and transactions commit
	// in any order): positions are then sorted by ID rather than by value.
	ordered bool
	// gone counts tombstones, so that a snapshot full of them is reloaded.
	gone int

	words     []string
	wordIndex map[string]Word

	relationsOf pvec[[]int32] // contact -> relations touching it (both ways), by ID
	reportsOf   pvec[[]int32] // contact -> contacts reporting to it, by ID
	coverageOf  pvec[[]int32] // contact -> its coverages, by ID
	contactsOf  pvec[[]int32] // account -> its contacts, by ID
	childrenOf  pvec[[]int32] // account -> its subsidiaries, by ID
	rolesOf     pvec[[]int32] // contact -> their roles at other accounts, by ID
	rolesAt     pvec[[]int32] // account -> the roles held there, by ID
}

// NumAccounts, NumMembers, NumContacts, NumRelations and NumCoverages are
// the number of positions of each kind (tombstones included): the size of
// a table indexed by position.
func (s *Snapshot) NumAccounts() int  { return s.accounts.len() }
func (s *Snapshot) NumMembers() int   { return s.members.len() }
func (s *Snapshot) NumContacts() int  { return s.contacts.len() }
func (s *Snapshot) NumRelations() int { return s.relations.len() }
func (s *Snapshot) NumCoverages() int { return s.coverages.len() }
func (s *Snapshot) NumRoles() int     { return s.roles.len() }

// AccountAt, MemberAt, ContactAt, RelationAt and CoverageAt return the row
// at a position. The row is shared: never write to it.
func (s *Snapshot) AccountAt(p int32) *Account     { return s.accounts.at(p) }
func (s *Snapshot) MemberAt(p int32) *TeamMember   { return s.members.at(p) }
func (s *Snapshot) ContactAt(p int32) *Contact     { return s.contacts.at(p) }
func (s *Snapshot) RelationAt(p int32) *Relation   { return s.relations.at(p) }
func (s *Snapshot) CoverageAt(p int32) *Coverage   { return s.coverages.at(p) }
func (s *Snapshot) RoleAt(p int32) *Role           { return s.roles.at(p) }
func (s *Snapshot) RolesOf(c int32) []int32        { return *s.rolesOf.at(c) }
func (s *Snapshot) RolesAt(a int32) []int32        { return *s.rolesAt.at(a) }
func (s *Snapshot) role(id int) (int32, bool)      { return s.roleIDs.find(id) }
func (s *Snapshot) RelationID(r int32) int         { return relationBase + int(s.relations.at(r).IDOffset) }
func (s *Snapshot) Word(w Word) string             { return s.words[w] }
func (s *Snapshot) Words() int                     { return len(s.words) }
func (s *Snapshot) Account(id int) (int32, bool)   { return s.accountIDs.find(id) }
func (s *Snapshot) Member(id int) (int32, bool)    { return s.memberIDs.find(id) }
func (s *Snapshot) Contact(id int) (int32, bool)   { return s.contactIDs.find(id) }
func (s *Snapshot) relation(id int) (int32, bool)  { return s.relationIDs.find(id) }
func (s *Snapshot) coverage(id int) (int32, bool)  { return s.coverageIDs.find(id) }
func (s *Snapshot) RelationsOf(c int32) []int32    { return *s.relationsOf.at(c) }
func (s *Snapshot) ReportsOf(c int32) []int32      { return *s.reportsOf.at(c) }
func (s *Snapshot) CoverageOf(c int32) []int32     { return *s.coverageOf.at(c) }
func (s *Snapshot) ContactsOf(a int32) []int32     { return *s.contactsOf.at(a) }
func (s *Snapshot) SubsidiariesOf(a int32) []int32 { return *s.childrenOf.at(a) }

// WordOf returns the Word of an enum value, or false when no row uses it.
func (s *Snapshot) WordOf(text string) (Word, bool) {
	w, ok := s.wordIndex[text]
	return w, ok
}

// SortContacts, SortRelations, SortCoverages and SortAccounts put
// positions in ID order (the traversals' answers are defined in ID order).
func (s *Snapshot) SortContacts(ps []int32) {
	sortBy(ps, s.ordered, func(p int32) int { return s.contacts.at(p).ID })
}
func (s *Snapshot) SortRelations(ps []int32) {
	sortBy(ps, s.ordered, func(p int32) int { return int(s.relations.at(p).IDOffset) })
}
func (s *Snapshot) SortCoverages(ps []int32) {
	sortBy(ps, s.ordered, func(p int32) int { return s.coverages.at(p).ID })
}
func (s *Snapshot) SortAccounts(ps []int32) {
	sortBy(ps, s.ordered, func(p int32) int { return s.accounts.at(p).ID })
}

func sortBy(ps []int32, ordered bool, id func(int32) int) {
	if ordered {
		slices.Sort(ps)
		return
	}
	slices.SortFunc(ps, func(a, b int32) int { return cmp.Compare(id(a), id(b)) })
}

// Bytes estimates the snapshot's memory, for the load log line.
func (s *Snapshot) Bytes() int64 {
	const (
		account  = 40 // unsafe.Sizeof, plus string bytes counted below
		member   = 40
		contact  = 88
		relation = 32
		coverage = 32
		list     = 24 // a slice header per node and list
		lookup   = 8  // an idmap entry
	)
	n := int64(s.accounts.len()*(account+2*list) + s.members.len()*member + s.contacts.len()*(contact+3*list) +
		s.relations.len()*relation + s.coverages.len()*coverage)
	n += int64(lookup * (s.accounts.len() + s.members.len() + s.contacts.len() + s.relations.len() + s.coverages.len()))
	for p := range s.contacts.len() {
		c := s.contacts.at(int32(p))
		n += int64(len(c.Name))
	}
	// Each relation is listed twice, each coverage, contact and
	// subsidiary once, four bytes a time.
	n += int64(4 * (2*s.relations.len() + s.coverages.len() + 2*s.contacts.len() + s.accounts.len()))
	return n
}
