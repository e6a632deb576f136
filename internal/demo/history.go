package demo

import (
	"context"
	"time"

	"rapport/ent"
	"rapport/ent/assessment"
	"rapport/ent/tierchange"
)

// The store may install hooks that write a TierChange whenever an account is
// created or changes tier, and an Assessment whenever a contact is created or
// re-assessed, stamped with clock.Now(ctx). The loader replays history under
// clock.At so that those hooks produce the right dates; these two steps then
// write whatever part of the planned history is not already recorded, which
// is all of it when no hooks are installed and nothing when they are.

// slack absorbs timestamp rounding by the database when comparing a stored
// history row with the planned one.
const slack = time.Second

// completeTierHistory writes the planned tier changes later than the latest
// one already recorded for each account.
func (w *world) completeTierHistory(ctx context.Context, c *ent.Client) error {
	rows, err := c.TierChange.Query().
		Select(tierchange.FieldAccountID, tierchange.FieldChangedAt).
		All(ctx)
	if err != nil {
		return err
	}
	latest := map[int]time.Time{}
	for _, tc := range rows {
		if tc.ChangedAt.After(latest[tc.AccountID]) {
			latest[tc.AccountID] = tc.ChangedAt
		}
	}
	var builders []*ent.TierChangeCreate
	for _, a := range w.accounts {
		last, recorded := latest[a.id]
		for i, tp := range a.tiers {
			if recorded && !tp.at.After(last.Add(slack)) {
				continue
			}
			b := c.TierChange.Create().
				SetAccountID(a.id).
				SetToTier(tp.tier).
				SetChangedAt(tp.at).
				SetReason(tp.reason)
			if i > 0 {
				b.SetFromTier(a.tiers[i-1].tier)
			}
			builders = append(builders, b)
		}
	}
	_, err = saveBulk(ctx, builders, func(ctx context.Context, b ...*ent.TierChangeCreate) ([]*ent.TierChange, error) {
		return c.TierChange.CreateBulk(b...).Save(ctx)
	})
	return err
}

// completeAssessments writes the planned assessments later than the latest
// one already recorded for each contact, so that every contact has a history
// whose last entry equals its current attitude, influence and interest.
func (w *world) completeAssessments(ctx context.Context, c *ent.Client) error {
	rows, err := c.Assessment.Query().
		Select(assessment.FieldContactID, assessment.FieldAssessedAt).
		All(ctx)
	if err != nil {
		return err
	}
	latest := map[int]time.Time{}
	for _, as := range rows {
		if as.AssessedAt.After(latest[as.ContactID]) {
			latest[as.ContactID] = as.AssessedAt
		}
	}
	var builders []*ent.AssessmentCreate
	for _, p := range w.people {
		last, recorded := latest[p.id]
		owner := p.primaryOwner()
		for _, h := range p.history {
			if recorded && !h.at.After(last.Add(slack)) {
				continue
			}
			b := c.Assessment.Create().
				SetContactID(p.id).
				SetAttitude(h.attitude).
				SetInfluence(h.influence).
				SetInterest(h.interest).
				SetAssessedAt(h.at).
				SetNote(h.note).
				SetCreatedAt(h.at).
				SetUpdatedAt(h.at)
			// Attribute the assessment to the person who owned the
			// relationship then, if they were with us at the time.
			if owner != nil && owner.activeAt(h.at) {
				b.SetAssessedByID(owner.id)
			}
			builders = append(builders, b)
		}
	}
	_, err = saveBulk(ctx, builders, func(ctx context.Context, b ...*ent.AssessmentCreate) ([]*ent.Assessment, error) {
		return c.Assessment.CreateBulk(b...).Save(ctx)
	})
	return err
}
