package memgraph

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"rapport/ent"
	"rapport/internal/changelog"
	"rapport/internal/chunk"
)

// dirty names the rows of each graph table a batch of the change feed
// touched, by ID.
type dirty struct {
	accounts, members, contacts, relations, coverages, roles map[int]bool
}

func dirtyFrom(batch []changelog.Entry) dirty {
	d := dirty{map[int]bool{}, map[int]bool{}, map[int]bool{}, map[int]bool{}, map[int]bool{}, map[int]bool{}}
	for _, e := range batch {
		switch e.Type {
		case ent.TypeAccount:
			d.accounts[e.ID] = true
		case ent.TypeTeamMember:
			d.members[e.ID] = true
		case ent.TypeContact:
			d.contacts[e.ID] = true
		case ent.TypeContactRelation:
			d.relations[e.ID] = true
		case ent.TypeCoverage:
			d.coverages[e.ID] = true
		case ent.TypeContactRole:
			d.roles[e.ID] = true
		}
	}
	return d
}

func (d dirty) empty() bool {
	return len(d.accounts)+len(d.members)+len(d.contacts)+len(d.relations)+len(d.coverages)+len(d.roles) == 0
}

// maxGone is the share of tombstones past which a snapshot is reloaded
// rather than followed further.
const maxGone = 0.2

// apply returns the snapshot with the rows d names re-read through q. The
// feed names the rows each write changed; rows a foreign key removed or
// cleared with them (a deleted contact's relations, a deleted manager's
// reports) are not named, and are found here from the snapshot's own
// adjacency: the children and reports of a changed row are re-read with
// it, and the contacts, relations and coverage of a deleted one.
func (s *Snapshot) apply(ctx context.Context, q Queryer, d dirty) (*Snapshot, error) {
	e := s.edit()
	for id := range d.accounts {
		if p, ok := s.Account(id); ok {
			for _, c := range s.SubsidiariesOf(p) {
				d.accounts[s.AccountAt(c).ID] = true
			}
		}
	}
	accs, err := readRows(ctx, q, accountColumns, d.accounts, func(r *sql.Rows) (accountRow, int, error) {
		a, err := scanAccount(r, e.words)
		return a, a.ID, err
	})
	if err != nil {
		return nil, fmt.Errorf("read accounts: %w", err)
	}
	for id := range d.accounts {
		if _, ok := accs[id]; !ok {
			if p, ok := s.Account(id); ok {
				for _, c := range s.ContactsOf(p) {
					d.contacts[s.ContactAt(c).ID] = true
				}
				for _, r := range s.RolesAt(p) {
					d.roles[s.RoleAt(r).ID] = true
				}
			}
		}
	}
	e.applyAccounts(d.accounts, accs)

	mems, err := readRows(ctx, q, memberColumns, d.members, func(r *sql.Rows) (TeamMember, int, error) {
		m, err := scanMember(r, e.words)
		return m, m.ID, err
	})
	if err != nil {
		return nil, fmt.Errorf("read team members: %w", err)
	}
	for id := range d.members {
		if _, ok := mems[id]; ok {
			continue
		}
		if p, ok := s.Member(id); ok {
			for c := range s.coverages.len() {
				if cov := s.CoverageAt(int32(c)); !cov.Gone && cov.Member == p {
					d.coverages[cov.ID] = true
				}
			}
		}
	}
	e.applyMembers(d.members, mems)

	for id := range d.contacts {
		if p, ok := s.Contact(id); ok {
			for _, r := range s.ReportsOf(p) {
				d.contacts[s.ContactAt(r).ID] = true
			}
		}
	}
	cons, err := readRows(ctx, q, contactColumns, d.contacts, func(r *sql.Rows) (contactRow, int, error) {
		c, err := scanContact(r, e.words, interner{})
		return c, c.ID, err
	})
	if err != nil {
		return nil, fmt.Errorf("read contacts: %w", err)
	}
	for id := range d.contacts {
		if _, ok := cons[id]; ok {
			continue
		}
		if p, ok := s.Contact(id); ok {
			for _, r := range s.RelationsOf(p) {
				d.relations[s.RelationID(r)] = true
			}
			for _, c := range s.CoverageOf(p) {
				d.coverages[s.CoverageAt(c).ID] = true
			}
			for _, r := range s.RolesOf(p) {
				d.roles[s.RoleAt(r).ID] = true
			}
		}
	}
	e.applyContacts(d.contacts, cons)

	rels, err := readRows(ctx, q, relationColumns, d.relations, func(r *sql.Rows) (relationRow, int, error) {
		rel, err := scanRelation(r, e.words)
		return rel, rel.id, err
	})
	if err != nil {
		return nil, fmt.Errorf("read contact relations: %w", err)
	}
	e.applyRelations(d.relations, rels)

	covs, err := readRows(ctx, q, coverageColumns, d.coverages, func(r *sql.Rows) (coverageRow, int, error) {
		c, err := scanCoverage(r, e.words)
		return c, c.ID, err
	})
	if err != nil {
		return nil, fmt.Errorf("read coverages: %w", err)
	}
	e.applyCoverages(d.coverages, covs)

	ros, err := readRows(ctx, q, roleColumns, d.roles, func(r *sql.Rows) (roleRow, int, error) {
		ro, err := scanRole(r, e.words, interner{})
		return ro, ro.ID, err
	})
	if err != nil {
		return nil, fmt.Errorf("read contact roles: %w", err)
	}
	e.applyRoles(d.roles, ros)
	if e.words.overflow {
		return nil, fmt.Errorf("more than 256 distinct enum values")
	}
	return e.done(), nil
}

// worn reports a snapshot with so many tombstones that a reload is due.
func (s *Snapshot) worn() bool {
	n := s.accounts.len() + s.members.len() + s.contacts.len() + s.relations.len() + s.coverages.len() + s.roles.len()
	return n > 0 && float64(s.gone) > maxGone*float64(n)
}

// readRows reads the rows of ids in parts of chunk.Size, keyed by ID.
// IDs are written into the statement: they are integers, and a statement
// of literals has no variable limit to meet.
func readRows[T any](ctx context.Context, q Queryer, columns string, ids map[int]bool, row func(*sql.Rows) (T, int, error)) (map[int]T, error) {
	out := make(map[int]T, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	list := slices.Sorted(maps.Keys(ids))
	for part := range slices.Chunk(list, chunk.Size) {
		var sb strings.Builder
		sb.WriteString(columns)
		sb.WriteString(" WHERE id IN (")
		for i, id := range part {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(strconv.Itoa(id))
		}
		sb.WriteByte(')')
		if err := scan(ctx, q, sb.String(), func(r *sql.Rows) error {
			v, id, err := row(r)
			if err != nil {
				return err
			}
			out[id] = v
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// snapshotEdit builds the next version of a snapshot.
type snapshotEdit struct {
	old   *Snapshot
	s     Snapshot
	words *words

	accounts  *pvecEdit[Account]
	members   *pvecEdit[TeamMember]
	contacts  *pvecEdit[Contact]
	relations *pvecEdit[Relation]
	coverages *pvecEdit[Coverage]
	roles     *pvecEdit[Role]

	accountIDs, memberIDs, contactIDs, relationIDs, coverageIDs, roleIDs *idmapEdit

	relationsOf, reportsOf, coverageOf, contactsOf, childrenOf, rolesOf, rolesAt *pvecEdit[[]int32]
}

func (s *Snapshot) edit() *snapshotEdit {
	w := &words{index: s.wordIndex, list: s.words, shared: true}
	return &snapshotEdit{
		old: s, s: *s, words: w,
		accounts: s.accounts.edit(), members: s.members.edit(), contacts: s.contacts.edit(),
		relations: s.relations.edit(), coverages: s.coverages.edit(), roles: s.roles.edit(),
		accountIDs: s.accountIDs.edit(), memberIDs: s.memberIDs.edit(), contactIDs: s.contactIDs.edit(),
		relationIDs: s.relationIDs.edit(), coverageIDs: s.coverageIDs.edit(), roleIDs: s.roleIDs.edit(),
		relationsOf: s.relationsOf.edit(), reportsOf: s.reportsOf.edit(), coverageOf: s.coverageOf.edit(),
		contactsOf: s.contactsOf.edit(), childrenOf: s.childrenOf.edit(),
		rolesOf: s.rolesOf.edit(), rolesAt: s.rolesAt.edit(),
	}
}

func (e *snapshotEdit) done() *Snapshot {
	s := e.s
	s.accounts, s.members, s.contacts = e.accounts.done(), e.members.done(), e.contacts.done()
	s.relations, s.coverages, s.roles = e.relations.done(), e.coverages.done(), e.roles.done()
	s.accountIDs, s.memberIDs, s.contactIDs = e.accountIDs.done(), e.memberIDs.done(), e.contactIDs.done()
	s.relationIDs, s.coverageIDs, s.roleIDs = e.relationIDs.done(), e.coverageIDs.done(), e.roleIDs.done()
	s.rolesOf, s.rolesAt = e.rolesOf.done(), e.rolesAt.done()
	s.relationsOf, s.reportsOf, s.coverageOf = e.relationsOf.done(), e.reportsOf.done(), e.coverageOf.done()
	s.contactsOf, s.childrenOf = e.contactsOf.done(), e.childrenOf.done()
	s.words, s.wordIndex = e.words.list, e.words.index
	return &s
}

// upsert applies the re-read rows of one table: each dirty ID is either
// read (the row is replaced, or appended when new) or gone (tombstoned).
// It returns the positions it changed, each with the row as it was (the
// zero row, Gone, for a new one).
func upsert[T any](e *snapshotEdit, ids map[int]bool, read func(id int) (T, bool), rows *pvecEdit[T], index *idmapEdit,
	tomb func(T) T, gone func(T) bool) map[int32]T {
	changed := make(map[int32]T, len(ids))
	var zero T
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		row, present := read(id)
		p, known := index.m.find(id)
		switch {
		case present && known:
			changed[p] = *rows.at(p)
			rows.set(p, row)
		case present:
			e.noteOrder(index, id)
			p = rows.append(row)
			index.put(id, p)
			changed[p] = tomb(zero)
		case known:
			old := *rows.at(p)
			if !gone(old) {
				changed[p] = old
				rows.set(p, tomb(old))
				index.remove(id)
				e.s.gone++
			}
		}
	}
	return changed
}

func (e *snapshotEdit) applyAccounts(ids map[int]bool, rows map[int]accountRow) {
	// New accounts first get positions, so that a parent created in the
	// same batch is found.
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		if _, ok := rows[id]; ok {
			if _, known := e.accountIDs.m.find(id); !known {
				e.noteOrder(e.accountIDs, id)
				e.accountIDs.put(id, e.accounts.append(Account{ID: id, Parent: None, Gone: true}))
				e.contactsOf.append(nil)
				e.childrenOf.append(nil)
				e.rolesAt.append(nil)
			}
		}
	}
	changed := upsert(e, ids, func(id int) (Account, bool) {
		r, ok := rows[id]
		if ok {
			r.Account.Parent = ref(e.accountIDs, r.parent)
		}
		return r.Account, ok
	}, e.accounts, e.accountIDs, func(a Account) Account { a.Gone = true; return a }, func(a Account) bool { return a.Gone })
	nodes := map[int32]bool{}
	for p, old := range changed {
		now := e.accounts.at(p)
		refs(nodes, old.Gone, old.Parent)
		refs(nodes, now.Gone, now.Parent)
		if now.Gone {
			e.contactsOf.set(p, nil)
			e.childrenOf.set(p, nil)
			e.rolesAt.set(p, nil)
		}
	}
	for n := range nodes {
		relist(e.childrenOf, n, changed, func(p int32) bool { a := e.accounts.at(p); return !a.Gone && a.Parent == n },
			func(p int32) int { return e.accounts.at(p).ID })
	}
}

func (e *snapshotEdit) applyMembers(ids map[int]bool, rows map[int]TeamMember) {
	upsert(e, ids, func(id int) (TeamMember, bool) { r, ok := rows[id]; return r, ok },
		e.members, e.memberIDs, func(m TeamMember) TeamMember { m.Gone = true; return m }, func(m TeamMember) bool { return m.Gone })
}

func (e *snapshotEdit) applyContacts(ids map[int]bool, rows map[int]contactRow) {
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		if _, ok := rows[id]; ok {
			if _, known := e.contactIDs.m.find(id); !known {
				e.noteOrder(e.contactIDs, id)
				e.contactIDs.put(id, e.contacts.append(Contact{ID: id, Account: None, ReportsTo: None, Gone: true}))
				e.relationsOf.append(nil)
				e.reportsOf.append(nil)
				e.coverageOf.append(nil)
				e.rolesOf.append(nil)
			}
		}
	}
	changed := upsert(e, ids, func(id int) (Contact, bool) {
		r, ok := rows[id]
		if ok {
			r.Contact.Account = ref(e.accountIDs, r.account)
			r.Contact.ReportsTo = ref(e.contactIDs, r.manager)
		}
		return r.Contact, ok
	}, e.contacts, e.contactIDs, func(c Contact) Contact { c.Gone = true; return c }, func(c Contact) bool { return c.Gone })
	accounts, managers := map[int32]bool{}, map[int32]bool{}
	for p, old := range changed {
		now := e.contacts.at(p)
		refs(accounts, old.Gone, old.Account)
		refs(accounts, now.Gone, now.Account)
		refs(managers, old.Gone, old.ReportsTo)
		refs(managers, now.Gone, now.ReportsTo)
		if now.Gone {
			e.relationsOf.set(p, nil)
			e.reportsOf.set(p, nil)
			e.coverageOf.set(p, nil)
			e.rolesOf.set(p, nil)
		}
	}
	id := func(p int32) int { return e.contacts.at(p).ID }
	for a := range accounts {
		relist(e.contactsOf, a, changed, func(p int32) bool { c := e.contacts.at(p); return !c.Gone && c.Account == a }, id)
	}
	for m := range managers {
		relist(e.reportsOf, m, changed, func(p int32) bool { c := e.contacts.at(p); return !c.Gone && c.ReportsTo == m }, id)
	}
}

func (e *snapshotEdit) applyRelations(ids map[int]bool, rows map[int]relationRow) {
	changed := upsert(e, ids, func(id int) (Relation, bool) {
		r, ok := rows[id]
		if !ok {
			return Relation{}, false
		}
		r.Relation.From, r.Relation.To = ref(e.contactIDs, r.from), ref(e.contactIDs, r.to)
		if r.Relation.From == None || r.Relation.To == None {
			return Relation{}, false // never draw half an edge
		}
		return r.Relation, true
	}, e.relations, e.relationIDs, func(r Relation) Relation { r.Gone = true; return r }, func(r Relation) bool { return r.Gone })
	nodes := map[int32]bool{}
	for p, old := range changed {
		now := e.relations.at(p)
		refs(nodes, old.Gone, old.From, old.To)
		refs(nodes, now.Gone, now.From, now.To)
	}
	for c := range nodes {
		relist(e.relationsOf, c, changed, func(p int32) bool { r := e.relations.at(p); return !r.Gone && (r.From == c || r.To == c) },
			func(p int32) int { return int(e.relations.at(p).IDOffset) })
	}
}

func (e *snapshotEdit) applyCoverages(ids map[int]bool, rows map[int]coverageRow) {
	changed := upsert(e, ids, func(id int) (Coverage, bool) {
		r, ok := rows[id]
		if !ok {
			return Coverage{}, false
		}
		r.Coverage.Member, r.Coverage.Contact = ref(e.memberIDs, r.member), ref(e.contactIDs, r.contact)
		if r.Coverage.Member == None || r.Coverage.Contact == None {
			return Coverage{}, false
		}
		return r.Coverage, true
	}, e.coverages, e.coverageIDs, func(c Coverage) Coverage { c.Gone = true; return c }, func(c Coverage) bool { return c.Gone })
	nodes := map[int32]bool{}
	for p, old := range changed {
		now := e.coverages.at(p)
		refs(nodes, old.Gone, old.Contact)
		refs(nodes, now.Gone, now.Contact)
	}
	for c := range nodes {
		relist(e.coverageOf, c, changed, func(p int32) bool { v := e.coverages.at(p); return !v.Gone && v.Contact == c },
			func(p int32) int { return e.coverages.at(p).ID })
	}
}

func (e *snapshotEdit) applyRoles(ids map[int]bool, rows map[int]roleRow) {
	changed := upsert(e, ids, func(id int) (Role, bool) {
		r, ok := rows[id]
		if !ok {
			return Role{}, false
		}
		r.Role.Contact, r.Role.Account = ref(e.contactIDs, r.contact), ref(e.accountIDs, r.account)
		if r.Role.Contact == None || r.Role.Account == None {
			return Role{}, false
		}
		return r.Role, true
	}, e.roles, e.roleIDs, func(r Role) Role { r.Gone = true; return r }, func(r Role) bool { return r.Gone })
	contacts, accounts := map[int32]bool{}, map[int32]bool{}
	for p, old := range changed {
		now := e.roles.at(p)
		refs(contacts, old.Gone, old.Contact)
		refs(contacts, now.Gone, now.Contact)
		refs(accounts, old.Gone, old.Account)
		refs(accounts, now.Gone, now.Account)
	}
	id := func(p int32) int { return e.roles.at(p).ID }
	for c := range contacts {
		relist(e.rolesOf, c, changed, func(p int32) bool { r := e.roles.at(p); return !r.Gone && r.Contact == c }, id)
	}
	for a := range accounts {
		relist(e.rolesAt, a, changed, func(p int32) bool { r := e.roles.at(p); return !r.Gone && r.Account == a }, id)
	}
}

// noteOrder records that positions stop being in ID order when id, about
// to be appended, is below an ID already held.
func (e *snapshotEdit) noteOrder(index *idmapEdit, id int) {
	if index.m.last() > id {
		e.s.ordered = false
	}
}

// refs adds to nodes the positions row refers to, unless it is gone.
func refs(nodes map[int32]bool, gone bool, ps ...int32) {
	if gone {
		return
	}
	for _, p := range ps {
		if p != None {
			nodes[p] = true
		}
	}
}

// relist rebuilds node's list: the items it had that did not change, and
// the changed items that belong to it now, sorted by ID.
func relist[T any](adj *pvecEdit[[]int32], node int32, changed map[int32]T, belongs func(int32) bool, id func(int32) int) {
	old := *adj.at(node)
	list := make([]int32, 0, len(old)+1)
	for _, p := range old {
		if _, ok := changed[p]; !ok {
			list = append(list, p)
		}
	}
	for p := range changed {
		if belongs(p) {
			list = append(list, p)
		}
	}
	slices.SortFunc(list, func(a, b int32) int { return id(a) - id(b) })
	if len(list) == 0 {
		list = nil
	}
	adj.set(node, list)
}

// ref is the position of the row id names, or None.
func ref(ids *idmapEdit, id int) int32 {
	if id == 0 {
		return None
	}
	if p, ok := ids.m.find(id); ok {
		return p
	}
	return None
}
