package graphalgo

import (
	"context"
	"fmt"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/assessment"
	"rapport/ent/contact"
	"rapport/ent/contactrelation"
	"rapport/ent/coverage"
	"rapport/internal/apperr"
	"rapport/internal/gid"
)

// within reports whether t falls in the window (from, to].
func within(t, from, to time.Time) bool { return t.After(from) && !t.After(to) }

// GraphDiff says what changed in an account's stakeholder graph in the
// window (from, to], with five statements: the account's contacts (all
// of them, left or not), the relations and coverages touching them, and
// their assessments up to to. The store keeps no history of strengths, so
// "changed" means updated in the window after existing before it.
func GraphDiff(ctx context.Context, client *ent.Client, accountID int, from, to time.Time) (*Diff, error) {
	if !to.After(from) {
		return nil, apperr.Invalid("to", "to must be after from")
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
	rels, err := client.ContactRelation.Query().
		Where(contactrelation.Or(contactrelation.FromIDIn(ids...), contactrelation.ToIDIn(ids...))).
		Order(ent.Asc(contactrelation.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load relations of account %d: %w", accountID, err)
	}
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
	covs, err := client.Coverage.Query().Where(coverage.ContactIDIn(ids...)).Order(ent.Asc(coverage.FieldID)).All(ctx)
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
	as, err := client.Assessment.Query().
		Where(assessment.ContactIDIn(ids...), assessment.AssessedAtLTE(to)).
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
