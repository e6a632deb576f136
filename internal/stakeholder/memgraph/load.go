package memgraph

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"rapport/ent"
)

// Queryer runs a read statement: a *sql.Tx, or an *ent.Client (the
// ExecQuery feature), which counts it.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// The load reads only the columns the traversals use, with plain SQL
// rather than ent entity scans: one statement for the row counts, then one
// per table, each in ID order so that positions are ID order. Measured with
// bench/cmd/graphprobe on a 2-core machine: at scale M (20,400 contacts,
// 102,000 relations) 0.19 s on SQLite, 0.12 s on PostgreSQL; at scale L
// (200,400 contacts, 1,002,000 relations) 1.8 s on SQLite. A server pays
// it once, at its first graph read; after that it follows the change feed
// (apply.go).
const (
	selectHeader = `SELECT (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM team_members), (SELECT COUNT(*) FROM contacts),
	(SELECT COUNT(*) FROM contact_relations), (SELECT COUNT(*) FROM coverages), (SELECT COUNT(*) FROM contact_roles)`
	accountColumns  = `SELECT id, name, parent_id FROM accounts`
	memberColumns   = `SELECT id, name, team_role, active FROM team_members`
	contactColumns  = `SELECT id, account_id, name, title, department, seniority, decision_role, attitude, influence, status, left_at, reports_to_id FROM contacts`
	relationColumns = `SELECT id, from_id, to_id, kind, strength, valid_from, valid_to FROM contact_relations`
	coverageColumns = `SELECT id, team_member_id, contact_id, strength FROM coverages`
	roleColumns     = `SELECT id, contact_id, account_id, title, decision_role, influence FROM contact_roles`
	byID            = ` ORDER BY id`
)

// Rows as read, with references still as IDs.
type (
	accountRow struct {
		Account
		parent int // 0: none
	}
	contactRow struct {
		Contact
		account, manager int // manager 0: none
	}
	relationRow struct {
		Relation
		id, from, to int
	}
	coverageRow struct {
		Coverage
		member, contact int
	}
	roleRow struct {
		Role
		contact, account int
	}
)

func scanAccount(r *sql.Rows, _ *words) (accountRow, error) {
	var (
		a      accountRow
		parent sql.NullInt64
	)
	err := r.Scan(&a.ID, &a.Name, &parent)
	a.parent = int(parent.Int64)
	return a, err
}

func scanMember(r *sql.Rows, w *words) (TeamMember, error) {
	var (
		m    TeamMember
		role sql.RawBytes
	)
	err := r.Scan(&m.ID, &m.Name, &role, &m.Active)
	m.Role = w.of(role)
	return m, err
}

func scanContact(r *sql.Rows, w *words, texts interner) (contactRow, error) {
	var (
		c                                 contactRow
		title, dept                       sql.RawBytes // NULL reads as empty
		seniority, role, attitude, status sql.RawBytes
		influence                         int
		leftAt                            sql.NullTime
		manager                           sql.NullInt64
	)
	if err := r.Scan(&c.ID, &c.account, &c.Name, &title, &dept, &seniority, &role, &attitude, &influence, &status, &leftAt, &manager); err != nil {
		return c, err
	}
	// Titles and departments repeat ("CTO", "Procurement"): one copy of
	// each instead of one per contact, and no garbage for the repeats.
	c.Title, c.Department = texts.of(title), texts.of(dept)
	c.Seniority, c.DecisionRole, c.Attitude, c.Status = w.of(seniority), w.of(role), w.of(attitude), w.of(status)
	c.Left = string(status) == "LEFT"
	c.Influence = int8(influence)
	c.LeftAt = nanos(leftAt)
	c.manager = int(manager.Int64)
	return c, nil
}

func scanRelation(r *sql.Rows, w *words) (relationRow, error) {
	var (
		rel       relationRow
		kind      sql.RawBytes
		strength  int
		validFrom time.Time
		validTo   sql.NullTime
	)
	if err := r.Scan(&rel.id, &rel.from, &rel.to, &kind, &strength, &validFrom, &validTo); err != nil {
		return rel, err
	}
	off := rel.id - relationBase
	if off < 0 || off > math.MaxUint32 {
		return rel, fmt.Errorf("relation %d is outside its type's ID range", rel.id)
	}
	rel.IDOffset = uint32(off)
	rel.Kind, rel.Strength = w.of(kind), int8(strength)
	rel.ValidFrom, rel.ValidTo = validFrom.UnixNano(), nanos(validTo)
	return rel, nil
}

func scanCoverage(r *sql.Rows, _ *words) (coverageRow, error) {
	var (
		c        coverageRow
		strength int
	)
	err := r.Scan(&c.ID, &c.member, &c.contact, &strength)
	c.Strength = int8(strength)
	return c, err
}

func scanRole(r *sql.Rows, w *words, texts interner) (roleRow, error) {
	var (
		ro        roleRow
		title     sql.RawBytes // NULL reads as empty
		role      sql.RawBytes
		influence int
	)
	if err := r.Scan(&ro.ID, &ro.contact, &ro.account, &title, &role, &influence); err != nil {
		return ro, err
	}
	ro.Title, ro.DecisionRole, ro.Influence = texts.of(title), w.of(role), int8(influence)
	return ro, nil
}

// Load reads a snapshot through q, which must give one consistent view of
// the database (a read transaction).
func Load(ctx context.Context, q Queryer) (*Snapshot, error) {
	var accounts, members, contacts, relations, coverages, roles int
	if err := scan(ctx, q, selectHeader, func(r *sql.Rows) error {
		return r.Scan(&accounts, &members, &contacts, &relations, &coverages, &roles)
	}); err != nil {
		return nil, fmt.Errorf("count rows: %w", err)
	}
	// The counts come from the same read transaction as the rows, so they
	// are exact: slices are allocated once (grown by appending, a million
	// relations would leave several times their size in garbage).
	s := &Snapshot{ordered: true}
	w := newWords()
	texts := interner{}

	accs := make([]Account, 0, accounts)
	parents := make([]int, 0, accounts)
	if err := scan(ctx, q, accountColumns+byID, func(r *sql.Rows) error {
		a, err := scanAccount(r, w)
		accs, parents = append(accs, a.Account), append(parents, a.parent)
		return err
	}); err != nil {
		return nil, fmt.Errorf("load accounts: %w", err)
	}
	s.accountIDs = idmapOf(ent.TypeStarts[ent.TypeAccount], len(accs), func(i int) int { return accs[i].ID })
	for i, p := range parents {
		accs[i].Parent = s.ref(&s.accountIDs, p)
	}
	s.accounts = pvecOf(accs)

	mems := make([]TeamMember, 0, members)
	if err := scan(ctx, q, memberColumns+byID, func(r *sql.Rows) error {
		m, err := scanMember(r, w)
		mems = append(mems, m)
		return err
	}); err != nil {
		return nil, fmt.Errorf("load team members: %w", err)
	}
	s.memberIDs = idmapOf(ent.TypeStarts[ent.TypeTeamMember], len(mems), func(i int) int { return mems[i].ID })
	s.members = pvecOf(mems)

	cons := make([]Contact, 0, contacts)
	accountOf, managerOf := make([]int, 0, contacts), make([]int, 0, contacts)
	if err := scan(ctx, q, contactColumns+byID, func(r *sql.Rows) error {
		c, err := scanContact(r, w, texts)
		cons = append(cons, c.Contact)
		accountOf, managerOf = append(accountOf, c.account), append(managerOf, c.manager)
		return err
	}); err != nil {
		return nil, fmt.Errorf("load contacts: %w", err)
	}
	s.contactIDs = idmapOf(ent.TypeStarts[ent.TypeContact], len(cons), func(i int) int { return cons[i].ID })
	for i := range cons {
		cons[i].Account = s.ref(&s.accountIDs, accountOf[i])
		cons[i].ReportsTo = s.ref(&s.contactIDs, managerOf[i])
	}
	accountOf, managerOf = nil, nil
	s.contacts = pvecOf(cons)

	rels := make([]Relation, 0, relations)
	if err := scan(ctx, q, relationColumns+byID, func(r *sql.Rows) error {
		rel, err := scanRelation(r, w)
		if err != nil {
			return err
		}
		rel.From, rel.To = s.ref(&s.contactIDs, rel.from), s.ref(&s.contactIDs, rel.to)
		if rel.From == None || rel.To == None {
			return nil // cannot happen with the foreign keys; never draw half an edge
		}
		rels = append(rels, rel.Relation)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load contact relations: %w", err)
	}
	s.relationIDs = idmapOf(relationBase, len(rels), func(i int) int { return relationBase + int(rels[i].IDOffset) })
	s.relations = pvecOf(rels)

	covs := make([]Coverage, 0, coverages)
	if err := scan(ctx, q, coverageColumns+byID, func(r *sql.Rows) error {
		c, err := scanCoverage(r, w)
		if err != nil {
			return err
		}
		c.Member, c.Contact = s.ref(&s.memberIDs, c.member), s.ref(&s.contactIDs, c.contact)
		if c.Member == None || c.Contact == None {
			return nil
		}
		covs = append(covs, c.Coverage)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load coverages: %w", err)
	}
	s.coverageIDs = idmapOf(ent.TypeStarts[ent.TypeCoverage], len(covs), func(i int) int { return covs[i].ID })
	s.coverages = pvecOf(covs)

	ros := make([]Role, 0, roles)
	if err := scan(ctx, q, roleColumns+byID, func(r *sql.Rows) error {
		ro, err := scanRole(r, w, texts)
		if err != nil {
			return err
		}
		ro.Contact, ro.Account = s.ref(&s.contactIDs, ro.contact), s.ref(&s.accountIDs, ro.account)
		if ro.Contact == None || ro.Account == None {
			return nil
		}
		ros = append(ros, ro.Role)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load contact roles: %w", err)
	}
	s.roleIDs = idmapOf(ent.TypeStarts[ent.TypeContactRole], len(ros), func(i int) int { return ros[i].ID })
	s.roles = pvecOf(ros)
	if w.overflow {
		return nil, fmt.Errorf("more than %d distinct enum values", math.MaxUint8+1)
	}
	s.words, s.wordIndex = w.list, w.index
	s.index(accs, cons, rels, covs, ros)
	return s, nil
}

// ref is the position of the row id names in ids, or None.
func (s *Snapshot) ref(ids *idmap, id int) int32 {
	if id == 0 {
		return None
	}
	if p, ok := ids.find(id); ok {
		return p
	}
	return None
}

// index builds the adjacency lists from rows in ID order, so that every
// list comes out sorted by ID.
func (s *Snapshot) index(accs []Account, cons []Contact, rels []Relation, covs []Coverage, ros []Role) {
	s.rolesOf = adjacency(len(cons), func(emit func(node, item int32)) {
		for i, r := range ros {
			emit(r.Contact, int32(i))
		}
	})
	s.rolesAt = adjacency(len(accs), func(emit func(node, item int32)) {
		for i, r := range ros {
			emit(r.Account, int32(i))
		}
	})
	s.relationsOf = adjacency(len(cons), func(emit func(node, item int32)) {
		for i, r := range rels {
			emit(r.From, int32(i))
			if r.To != r.From {
				emit(r.To, int32(i))
			}
		}
	})
	s.reportsOf = adjacency(len(cons), func(emit func(node, item int32)) {
		for i, c := range cons {
			if c.ReportsTo != None {
				emit(c.ReportsTo, int32(i))
			}
		}
	})
	s.coverageOf = adjacency(len(cons), func(emit func(node, item int32)) {
		for i, c := range covs {
			emit(c.Contact, int32(i))
		}
	})
	s.contactsOf = adjacency(len(accs), func(emit func(node, item int32)) {
		for i, c := range cons {
			if c.Account != None {
				emit(c.Account, int32(i))
			}
		}
	})
	s.childrenOf = adjacency(len(accs), func(emit func(node, item int32)) {
		for i, a := range accs {
			if a.Parent != None {
				emit(a.Parent, int32(i))
			}
		}
	})
}

// adjacency builds the lists of n nodes from pairs, which calls emit for
// every (node, item) in the order the items should be listed; it is called
// twice, once to count and once to fill one shared array, which the lists
// cut without copying (capacity-limited, so that no later version can
// append into a neighbour's part).
func adjacency(n int, pairs func(emit func(node, item int32))) pvec[[]int32] {
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
	lists := make([][]int32, n)
	for i := range lists {
		if off[i] < off[i+1] {
			lists[i] = items[off[i]:off[i+1]:off[i+1]]
		}
	}
	return pvecOf(lists)
}

func scan(ctx context.Context, q Queryer, query string, row func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func nanos(t sql.NullTime) int64 {
	if !t.Valid {
		return NoTime
	}
	return t.Time.UnixNano()
}

// interner shares one string per distinct text.
type interner map[string]string

func (in interner) of(b []byte) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

// words interns enum values. Looking a []byte up with string(b) does not
// allocate, so a million rows of relation kinds cost no garbage.
type words struct {
	index    map[string]Word
	list     []string
	overflow bool
	shared   bool // index and list belong to a published snapshot: copy before adding
}

func newWords() *words { return &words{index: map[string]Word{}} }

func (w *words) of(b []byte) Word {
	if i, ok := w.index[string(b)]; ok {
		return i
	}
	if len(w.list) > math.MaxUint8 {
		w.overflow = true // cannot happen with the schema's enums; Load fails
		return 0
	}
	if w.shared {
		w.index, w.list, w.shared = maps.Clone(w.index), slices.Clip(w.list), false
	}
	i := Word(len(w.list))
	s := string(b)
	w.index[s] = i
	w.list = append(w.list, s)
	return i
}
