package alerts

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"rapport/ent"
	"rapport/internal/changelog"
	"rapport/internal/chunk"
)

// facts is what the change rules remember between two views of the
// database: each contact's role, attitude, status and coverage count, and
// the coverage and team members that count. The feed tells which rows
// changed, never how: the rules compare the remembered value with the one
// read again.
type facts struct {
	contacts  map[int]*Contact
	coverages map[int]coverageRow
	byContact map[int]map[int]bool // contact -> coverage IDs
	byMember  map[int]map[int]bool // team member -> coverage IDs
	active    map[int]bool         // team member -> active
}

type coverageRow struct{ contact, member int }

func newFacts() *facts {
	return &facts{contacts: map[int]*Contact{}, coverages: map[int]coverageRow{},
		byContact: map[int]map[int]bool{}, byMember: map[int]map[int]bool{}, active: map[int]bool{}}
}

const (
	contactColumns  = `SELECT id, account_id, name, decision_role, attitude, status FROM contacts`
	coverageColumns = `SELECT id, contact_id, team_member_id FROM coverages`
	memberColumns   = `SELECT id, active FROM team_members`
)

// load reads everything (Reset).
func (f *facts) load(ctx context.Context, q changelog.Queryer) error {
	if err := f.readContacts(ctx, q, contactColumns, nil); err != nil {
		return err
	}
	if err := f.readMembers(ctx, q, memberColumns, nil); err != nil {
		return err
	}
	if err := f.readCoverages(ctx, q, coverageColumns, nil); err != nil {
		return err
	}
	for _, c := range f.contacts {
		c.Covers = f.covers(c.ID)
	}
	return nil
}

// covers counts the contact's coverage by active team members.
func (f *facts) covers(contact int) int {
	n := 0
	for v := range f.byContact[contact] {
		if f.active[f.coverages[v].member] {
			n++
		}
	}
	return n
}

// change is one contact before and after a batch.
type change struct{ prev, cur *Contact }

// apply re-reads the rows batch names and returns the contacts whose facts
// may have changed, with their value before and after.
func (f *facts) apply(ctx context.Context, q changelog.Queryer, batch []changelog.Entry) ([]change, error) {
	var contacts, coverages, members []int
	for _, e := range batch {
		switch e.Type {
		case ent.TypeContact:
			contacts = append(contacts, e.ID)
		case ent.TypeCoverage:
			coverages = append(coverages, e.ID)
		case ent.TypeTeamMember:
			members = append(members, e.ID)
		}
	}
	if len(contacts)+len(coverages)+len(members) == 0 {
		return nil, nil
	}
	touched := map[int]*Contact{} // contact -> its facts before (nil: new)
	touch := func(id int) {
		if _, ok := touched[id]; ok {
			return
		}
		if c, ok := f.contacts[id]; ok {
			cp := *c
			touched[id] = &cp
		} else {
			touched[id] = nil
		}
	}
	for _, id := range contacts {
		touch(id)
	}
	for _, id := range coverages {
		if row, ok := f.coverages[id]; ok {
			touch(row.contact)
		}
	}
	for _, id := range members {
		for v := range f.byMember[id] {
			touch(f.coverages[v].contact)
		}
	}
	// Re-read: gone rows are removed first, found rows replace theirs.
	for _, id := range coverages {
		f.dropCoverage(id)
	}
	if len(coverages) > 0 { // nil would read every row
		if err := f.readCoverages(ctx, q, coverageColumns, coverages); err != nil {
			return nil, err
		}
	}
	for _, id := range coverages {
		if row, ok := f.coverages[id]; ok {
			touch(row.contact)
		}
	}
	if len(members) > 0 {
		if err := f.readMembers(ctx, q, memberColumns, members); err != nil {
			return nil, err
		}
	}
	seen, err := f.readContactsSeen(ctx, q, contacts)
	if err != nil {
		return nil, err
	}
	var out []change
	for id, prev := range touched {
		cur := f.contacts[id]
		if cur == nil {
			continue // never seen and gone again
		}
		if containsInt(contacts, id) && !seen[id] {
			// Deleted: its coverage went with it, without entries.
			gone := *cur
			gone.Gone = true
			for v := range f.byContact[id] {
				f.dropCoverage(v)
			}
			delete(f.contacts, id)
			out = append(out, change{prev, &gone})
			continue
		}
		cur.Covers = f.covers(id)
		cp := *cur
		out = append(out, change{prev, &cp})
	}
	return out, nil
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (f *facts) dropCoverage(id int) {
	row, ok := f.coverages[id]
	if !ok {
		return
	}
	delete(f.coverages, id)
	delete(f.byContact[row.contact], id)
	delete(f.byMember[row.member], id)
}

// query runs base over every row (ids nil) or the rows named, in parts.
func query(ctx context.Context, q changelog.Queryer, base string, ids []int, scan func(*sql.Rows) error) error {
	if ids == nil {
		return each(ctx, q, base, scan)
	}
	for _, part := range chunk.IDs(ids, chunk.Size) {
		list := make([]string, len(part))
		for i, id := range part {
			list[i] = strconv.Itoa(id)
		}
		if err := each(ctx, q, base+" WHERE id IN ("+strings.Join(list, ",")+")", scan); err != nil {
			return err
		}
	}
	return nil
}

func each(ctx context.Context, q changelog.Queryer, stmt string, scan func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, stmt)
	if err != nil {
		return fmt.Errorf("alerts: read facts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("alerts: read facts: %w", err)
		}
	}
	return rows.Err()
}

func (f *facts) readContacts(ctx context.Context, q changelog.Queryer, base string, ids []int) error {
	_, err := f.readContactsFrom(ctx, q, base, ids)
	return err
}

func (f *facts) readContactsSeen(ctx context.Context, q changelog.Queryer, ids []int) (map[int]bool, error) {
	if len(ids) == 0 {
		return map[int]bool{}, nil
	}
	return f.readContactsFrom(ctx, q, contactColumns, ids)
}

func (f *facts) readContactsFrom(ctx context.Context, q changelog.Queryer, base string, ids []int) (map[int]bool, error) {
	seen := map[int]bool{}
	err := query(ctx, q, base, ids, func(rs *sql.Rows) error {
		var (
			c    Contact
			role sql.NullString
			att  sql.NullString
		)
		if err := rs.Scan(&c.ID, &c.Account, &c.Name, &role, &att, &c.Status); err != nil {
			return err
		}
		c.Role, c.Attitude = role.String, att.String
		if old, ok := f.contacts[c.ID]; ok {
			*old = c
		} else {
			f.contacts[c.ID] = &c
		}
		seen[c.ID] = true
		return nil
	})
	return seen, err
}

func (f *facts) readMembers(ctx context.Context, q changelog.Queryer, base string, ids []int) error {
	if ids != nil && len(ids) == 0 {
		return nil
	}
	seen := map[int]bool{}
	err := query(ctx, q, base, ids, func(rs *sql.Rows) error {
		var (
			id     int
			active bool
		)
		if err := rs.Scan(&id, &active); err != nil {
			return err
		}
		f.active[id] = active
		seen[id] = true
		return nil
	})
	for _, id := range ids {
		if !seen[id] {
			delete(f.active, id) // deleted: its coverage went with it
		}
	}
	return err
}

func (f *facts) readCoverages(ctx context.Context, q changelog.Queryer, base string, ids []int) error {
	if ids != nil && len(ids) == 0 {
		return nil
	}
	return query(ctx, q, base, ids, func(rs *sql.Rows) error {
		var id int
		var row coverageRow
		if err := rs.Scan(&id, &row.contact, &row.member); err != nil {
			return err
		}
		f.coverages[id] = row
		if f.byContact[row.contact] == nil {
			f.byContact[row.contact] = map[int]bool{}
		}
		f.byContact[row.contact][id] = true
		if f.byMember[row.member] == nil {
			f.byMember[row.member] = map[int]bool{}
		}
		f.byMember[row.member][id] = true
		return nil
	})
}
