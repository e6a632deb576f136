package walk

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/assessment"
	"rapport/ent/auditevent"
	"rapport/ent/contact"
	"rapport/ent/contactrelation"
	"rapport/ent/coverage"
	"rapport/ent/predicate"
	"rapport/ent/teammember"
	"rapport/internal/apperr"
	"rapport/internal/auth"
	"rapport/internal/chunk"
	"rapport/internal/gid"
	"rapport/internal/ofaccount"
)

// within reports whether t falls in the window (from, to].
func within(t, from, to time.Time) bool { return t.After(from) && !t.After(to) }

// GraphDiff says what changed in an account's stakeholder graph in the
// window (from, to], with six statements: the account's contacts (all
// of them, left or not), the relations (two: from and to them) and
// coverages touching them, and
// their assessments up to to; "changed" means updated in the window after
// existing before it. Strengths set by hand and coverages deleted come
// from the audit trail (two statements more, see history).
func GraphDiff(ctx context.Context, client *ent.Client, accountID int, from, to time.Time) (*Diff, error) {
	if !to.After(from) {
		return nil, apperr.Invalid("to", "must be after from")
	}
	ok, err := client.Account.Query().Where(account.ID(accountID)).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("find account %d: %w", accountID, err)
	}
	if !ok {
		return nil, apperr.New(apperr.NotFound, "accountId", "no account %s", gid.Encode(accountID))
	}
	contacts, err := client.Contact.Query().Where(contact.AccountID(accountID)).Order(ent.Asc(contact.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load contacts of account %d: %w", accountID, err)
	}
	d := &Diff{}
	byID := map[int]*ent.Contact{}
	ids := make([]int, len(contacts))
	for i, c := range contacts {
		ids[i], byID[c.ID] = c.ID, c
		if within(c.CreatedAt, from, to) {
			d.Joined = append(d.Joined, c)
		}
		if c.LeftAt != nil && within(*c.LeftAt, from, to) {
			d.Left = append(d.Left, c)
		}
	}
	// The account's relations, coverage and assessments are selected
	// through its contacts by sub-select, not by an IN list of their IDs
	// (an account's contacts are not bounded).
	// One statement per end: PostgreSQL cannot make an OR of the two a
	// semi-join, and scans every relation for it.
	var rels []*ent.ContactRelation
	seen := map[int]bool{}
	for _, end := range []string{contactrelation.FieldFromID, contactrelation.FieldToID} {
		some, err := client.ContactRelation.Query().
			Where(predicate.ContactRelation(func(s *sql.Selector) { s.Where(ofaccount.Contacts(s, end, accountID)) })).
			All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load relations of account %d: %w", accountID, err)
		}
		for _, r := range some {
			if !seen[r.ID] {
				seen[r.ID] = true
				rels = append(rels, r)
			}
		}
	}
	slices.SortFunc(rels, func(a, b *ent.ContactRelation) int { return cmp.Compare(a.ID, b.ID) })
	for _, r := range rels {
		switch {
		case within(r.ValidFrom, from, to):
			d.RelationsAdded = append(d.RelationsAdded, r)
		case r.ValidTo != nil && within(*r.ValidTo, from, to):
			d.RelationsEnded = append(d.RelationsEnded, r)
		case !r.CreatedAt.After(from) && within(r.UpdatedAt, from, to):
			d.RelationsChanged = append(d.RelationsChanged, r)
		}
	}
	covs, err := client.Coverage.Query().Where(predicate.Coverage(func(s *sql.Selector) {
		s.Where(ofaccount.Contacts(s, coverage.FieldContactID, accountID))
	})).Order(ent.Asc(coverage.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load coverage of account %d: %w", accountID, err)
	}
	for _, c := range covs {
		switch {
		case within(c.CreatedAt, from, to):
			d.CoveragesAdded = append(d.CoveragesAdded, c)
		case !c.CreatedAt.After(from) && within(c.UpdatedAt, from, to):
			d.CoveragesChanged = append(d.CoveragesChanged, c)
		}
	}
	if err := history(ctx, client, d, byID, rels, covs, from, to); err != nil {
		return nil, fmt.Errorf("read the audit trail of account %d: %w", accountID, err)
	}
	as, err := client.Assessment.Query().
		Where(predicate.Assessment(func(s *sql.Selector) {
			s.Where(ofaccount.Contacts(s, assessment.FieldContactID, accountID))
		}), assessment.AssessedAtLTE(to)).
		Order(ent.Asc(assessment.FieldContactID), ent.Asc(assessment.FieldAssessedAt), ent.Asc(assessment.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load assessments of account %d: %w", accountID, err)
	}
	// Per contact, the latest assessment at from and at to; a shift is a
	// different attitude between the two. A contact first assessed in the
	// window has no "before": joining is reported as such, not as a shift.
	before, after := map[int]*ent.Assessment{}, map[int]*ent.Assessment{}
	for _, a := range as {
		if !a.AssessedAt.After(from) {
			before[a.ContactID] = a
		}
		after[a.ContactID] = a
	}
	for _, id := range ids {
		b, a := before[id], after[id]
		if b != nil && a != nil && a != b && a.Attitude != b.Attitude {
			d.AttitudeShifts = append(d.AttitudeShifts, &AttitudeShift{Contact: byID[id], Before: b.Attitude, After: a.Attitude, At: a.AssessedAt})
		}
	}
	return d, nil
}

// StrengthChange is a relation or coverage whose strength someone set to
// a different value in the window.
type StrengthChange struct {
	Relation      *ent.ContactRelation
	Coverage      *ent.Coverage
	Before, After int
	At            time.Time
}

// EndedCoverage is a coverage deleted in the window: the team member no
// longer knows the contact.
type EndedCoverage struct {
	Contact    *ent.Contact
	TeamMember *ent.TeamMember
	Strength   int
	At         time.Time
}

// history reads the window's audit events of the account's relations and
// coverages: updates that changed a strength, and deleted coverages. The
// trail is read as the system: the viewer already sees these relations and
// coverages, and non-admins may not list audit events themselves.
func history(ctx context.Context, client *ent.Client, d *Diff, contacts map[int]*ent.Contact,
	rels []*ent.ContactRelation, covs []*ent.Coverage, from, to time.Time,
) error {
	sys := auth.WithViewer(ctx, auth.System)
	relByID, covByID := map[int]*ent.ContactRelation{}, map[int]*ent.Coverage{}
	ids := make([]int, 0, len(rels)+len(covs))
	for _, r := range rels {
		relByID[r.ID] = r
		ids = append(ids, r.ID)
	}
	for _, c := range covs {
		covByID[c.ID] = c
		ids = append(ids, c.ID)
	}
	window := []predicate.AuditEvent{auditevent.AtGT(from), auditevent.AtLTE(to)}
	if len(ids) > 0 {
		updates, err := chunk.Load(ids, func(part []int) ([]*ent.AuditEvent, error) {
			return client.AuditEvent.Query().
				Where(append(window, auditevent.ActionEQ(auditevent.ActionUPDATE), auditevent.EntityIDIn(part...),
					auditevent.EntityTypeIn(ent.TypeContactRelation, ent.TypeCoverage))...).
				Order(ent.Asc(auditevent.FieldAt), ent.Asc(auditevent.FieldID)).All(sys)
		})
		if err != nil {
			return fmt.Errorf("load strength changes: %w", err)
		}
		if len(ids) > chunk.Size { // the parts are each in order, not together
			slices.SortStableFunc(updates, func(a, b *ent.AuditEvent) int {
				return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID))
			})
		}
		for _, e := range updates {
			before, okB := number(e.Changes["strength"].Before)
			after, okA := number(e.Changes["strength"].After)
			if !okB || !okA || before == after || e.EntityID == nil {
				continue
			}
			sc := &StrengthChange{Before: before, After: after, At: e.At}
			switch e.EntityType {
			case ent.TypeContactRelation:
				sc.Relation = relByID[*e.EntityID]
			case ent.TypeCoverage:
				sc.Coverage = covByID[*e.EntityID]
			}
			d.StrengthChanges = append(d.StrengthChanges, sc)
		}
	}
	deletes, err := client.AuditEvent.Query().
		Where(append(window, auditevent.ActionEQ(auditevent.ActionDELETE), auditevent.EntityTypeEQ(ent.TypeCoverage))...).
		Order(ent.Asc(auditevent.FieldAt), ent.Asc(auditevent.FieldID)).All(sys)
	if err != nil {
		return fmt.Errorf("load deleted coverages: %w", err)
	}
	// A deleted coverage's event holds what it connected (audit.deletedEdge).
	type deleted struct {
		contact          *ent.Contact
		member, strength int
		at               time.Time
	}
	var gone []deleted
	var members []int
	for _, e := range deletes {
		contactID, okC := number(e.Changes["contact_id"].Before)
		memberID, okM := number(e.Changes["team_member_id"].Before)
		strength, _ := number(e.Changes["strength"].Before)
		if c := contacts[contactID]; okC && okM && c != nil {
			gone = append(gone, deleted{c, memberID, strength, e.At})
			members = append(members, memberID)
		}
	}
	if len(members) == 0 {
		return nil
	}
	ms, err := chunk.Load(members, func(ids []int) ([]*ent.TeamMember, error) {
		return client.TeamMember.Query().Where(teammember.IDIn(ids...)).All(ctx)
	})
	if err != nil {
		return fmt.Errorf("load team members of deleted coverages: %w", err)
	}
	byID := map[int]*ent.TeamMember{}
	for _, m := range ms {
		byID[m.ID] = m
	}
	for _, g := range gone {
		if m := byID[g.member]; m != nil { // a member deleted since is left out
			d.CoveragesEnded = append(d.CoveragesEnded, &EndedCoverage{Contact: g.contact, TeamMember: m, Strength: g.strength, At: g.at})
		}
	}
	return nil
}

// number reads a recorded integer field: JSON numbers decode as float64.
func number(v any) (int, bool) {
	f, ok := v.(float64)
	return int(f), ok
}
