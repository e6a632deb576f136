package graphindex

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"
)

// Queryer runs a read statement: a *sql.Tx, or an *ent.Client (the
// ExecQuery feature), which counts it.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// The load reads only the columns the traversals use, with plain SQL
// rather than ent entity scans: one statement for the epoch and the row
// counts, then one per table, each in ID order so that positions are ID
// order. A full load is the simple, obviously correct answer to "something
// changed" (incremental updates would have to replay every kind of write,
// cascades included, exactly). Measured with bench/cmd/graphprobe on a
// 2-core machine: at scale M (20,400 contacts, 102,000 relations) 0.19 s
// on SQLite, 0.12 s on PostgreSQL, 7 MB of heap; at scale L (200,400
// contacts, 1,002,000 relations) 1.8 s on SQLite and 70 MB. The first read
// after a write pays it, once for all the reads that follow.
var selectHeader = fmt.Sprintf(`SELECT COALESCE((SELECT epoch FROM graph_epochs WHERE id = %d), 0),
	(SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM team_members), (SELECT COUNT(*) FROM contacts),
	(SELECT COUNT(*) FROM contact_relations), (SELECT COUNT(*) FROM coverages)`, epochRow)

const (
	selectAccounts  = `SELECT id, name, parent_id FROM accounts ORDER BY id`
	selectMembers   = `SELECT id, name, team_role, active FROM team_members ORDER BY id`
	selectContacts  = `SELECT id, account_id, name, title, department, seniority, decision_role, attitude, influence, status, left_at, reports_to_id FROM contacts ORDER BY id`
	selectRelations = `SELECT id, from_id, to_id, kind, strength, valid_from, valid_to FROM contact_relations ORDER BY id`
	selectCoverages = `SELECT id, team_member_id, contact_id, strength FROM coverages ORDER BY id`
)

// Load reads a snapshot through q, which must give one consistent view of
// the database (a read transaction) for the epoch to describe the rows.
func Load(ctx context.Context, q Queryer) (*Snapshot, error) {
	s, err := header(ctx, q)
	if err != nil {
		return nil, err
	}
	w := newWords()
	parents := make([]sql.NullInt64, 0, cap(s.Accounts))
	if err := scan(ctx, q, selectAccounts, func(r *sql.Rows) error {
		var a Account
		var parent sql.NullInt64
		if err := r.Scan(&a.ID, &a.Name, &parent); err != nil {
			return err
		}
		s.Accounts = append(s.Accounts, a)
		s.accountIDs = append(s.accountIDs, a.ID)
		parents = append(parents, parent)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load accounts: %w", err)
	}
	for i, p := range parents {
		s.Accounts[i].Parent = None
		if p.Valid {
			if pos, ok := s.Account(int(p.Int64)); ok {
				s.Accounts[i].Parent = pos
			}
		}
	}

	if err := scan(ctx, q, selectMembers, func(r *sql.Rows) error {
		var m TeamMember
		var role sql.RawBytes
		if err := r.Scan(&m.ID, &m.Name, &role, &m.Active); err != nil {
			return err
		}
		m.Role = w.of(role)
		s.Members = append(s.Members, m)
		s.memberIDs = append(s.memberIDs, m.ID)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load team members: %w", err)
	}

	// Titles and departments repeat ("CTO", "Procurement"): one copy of
	// each instead of one per contact, and no garbage for the repeats.
	texts := interner{}
	accountOf, managerOf := make([]int, 0, cap(s.Contacts)), make([]int, 0, cap(s.Contacts))
	if err := scan(ctx, q, selectContacts, func(r *sql.Rows) error {
		var (
			c                                 Contact
			account                           int
			title, dept                       sql.RawBytes // NULL reads as empty
			seniority, role, attitude, status sql.RawBytes
			influence                         int
			leftAt                            sql.NullTime
			manager                           sql.NullInt64
		)
		if err := r.Scan(&c.ID, &account, &c.Name, &title, &dept, &seniority, &role, &attitude, &influence, &status, &leftAt, &manager); err != nil {
			return err
		}
		c.Title, c.Department = texts.of(title), texts.of(dept)
		c.Seniority, c.DecisionRole, c.Attitude, c.Status = w.of(seniority), w.of(role), w.of(attitude), w.of(status)
		c.Left = string(status) == "LEFT"
		c.Influence = int8(influence)
		c.LeftAt = nanos(leftAt)
		s.Contacts = append(s.Contacts, c)
		s.contactIDs = append(s.contactIDs, c.ID)
		accountOf = append(accountOf, account)
		mid := -1
		if manager.Valid {
			mid = int(manager.Int64)
		}
		managerOf = append(managerOf, mid)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load contacts: %w", err)
	}
	for i := range s.Contacts {
		c := &s.Contacts[i]
		c.Account, c.ReportsTo = None, None
		if pos, ok := s.Account(accountOf[i]); ok {
			c.Account = pos
		}
		if pos, ok := s.Contact(managerOf[i]); ok && managerOf[i] >= 0 {
			c.ReportsTo = pos
		}
	}
	accountOf, managerOf = nil, nil

	if err := scan(ctx, q, selectRelations, func(r *sql.Rows) error {
		var (
			rel       Relation
			id        int
			from, to  int
			kind      sql.RawBytes
			strength  int
			validFrom time.Time
			validTo   sql.NullTime
		)
		if err := r.Scan(&id, &from, &to, &kind, &strength, &validFrom, &validTo); err != nil {
			return err
		}
		if len(s.Relations) == 0 {
			s.relationBase = id
		}
		if off := id - s.relationBase; off >= 0 && off <= math.MaxUint32 {
			rel.IDOffset = uint32(off)
		} else {
			return fmt.Errorf("relation %d is more than 2^32 IDs after relation %d", id, s.relationBase)
		}
		var ok1, ok2 bool
		rel.From, ok1 = s.Contact(from)
		rel.To, ok2 = s.Contact(to)
		if !ok1 || !ok2 {
			return nil // cannot happen with the foreign keys; never draw half an edge
		}
		rel.Kind, rel.Strength = w.of(kind), int8(strength)
		rel.ValidFrom, rel.ValidTo = validFrom.UnixNano(), nanos(validTo)
		s.Relations = append(s.Relations, rel)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load contact relations: %w", err)
	}

	if err := scan(ctx, q, selectCoverages, func(r *sql.Rows) error {
		var (
			c               Coverage
			member, contact int
			strength        int
		)
		if err := r.Scan(&c.ID, &member, &contact, &strength); err != nil {
			return err
		}
		var ok1, ok2 bool
		c.Member, ok1 = s.Member(member)
		c.Contact, ok2 = s.Contact(contact)
		if !ok1 || !ok2 {
			return nil
		}
		c.Strength = int8(strength)
		s.Coverages = append(s.Coverages, c)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("load coverages: %w", err)
	}
	if w.overflow {
		return nil, fmt.Errorf("more than %d distinct enum values", math.MaxUint8+1)
	}
	s.words = w.list
	s.index()
	return s, nil
}

// header reads the epoch and the row counts in one statement, and returns
// a snapshot whose slices are allocated for the rows: grown by appending,
// a million relations would leave several times their size in garbage
// (and hold old and new arrays at once) during the load.
func header(ctx context.Context, q Queryer) (*Snapshot, error) {
	var (
		s                                                 Snapshot
		accounts, members, contacts, relations, coverages int
	)
	rows, err := q.QueryContext(ctx, selectHeader)
	if err != nil {
		return nil, fmt.Errorf("count rows: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("count rows: %w", err)
		}
		return nil, fmt.Errorf("count rows: no result")
	}
	if err := rows.Scan(&s.Epoch, &accounts, &members, &contacts, &relations, &coverages); err != nil {
		return nil, fmt.Errorf("count rows: %w", err)
	}
	// The counts come from the same read transaction as the rows, so they
	// are exact.
	s.Accounts, s.accountIDs = make([]Account, 0, accounts), make([]int, 0, accounts)
	s.Members, s.memberIDs = make([]TeamMember, 0, members), make([]int, 0, members)
	s.Contacts, s.contactIDs = make([]Contact, 0, contacts), make([]int, 0, contacts)
	s.Relations = make([]Relation, 0, relations)
	s.Coverages = make([]Coverage, 0, coverages)
	return &s, nil
}

// index builds the adjacency lists. Items are emitted in row (ID) order,
// so every list comes out sorted by ID.
func (s *Snapshot) index() {
	s.relationsOf = newAdjacency(len(s.Contacts), func(emit func(node, item int32)) {
		for i, r := range s.Relations {
			emit(r.From, int32(i))
			if r.To != r.From {
				emit(r.To, int32(i))
			}
		}
	})
	s.reportsOf = newAdjacency(len(s.Contacts), func(emit func(node, item int32)) {
		for i, c := range s.Contacts {
			if c.ReportsTo != None {
				emit(c.ReportsTo, int32(i))
			}
		}
	})
	s.coverageOf = newAdjacency(len(s.Contacts), func(emit func(node, item int32)) {
		for i, c := range s.Coverages {
			emit(c.Contact, int32(i))
		}
	})
	s.contactsOf = newAdjacency(len(s.Accounts), func(emit func(node, item int32)) {
		for i, c := range s.Contacts {
			if c.Account != None {
				emit(c.Account, int32(i))
			}
		}
	})
	s.childrenOf = newAdjacency(len(s.Accounts), func(emit func(node, item int32)) {
		for i, a := range s.Accounts {
			if a.Parent != None {
				emit(a.Parent, int32(i))
			}
		}
	})
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
	i := Word(len(w.list))
	s := string(b)
	w.index[s] = i
	w.list = append(w.list, s)
	return i
}
