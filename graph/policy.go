package graph

import (
	"context"
	"time"

	"rapport/ent"
	"rapport/ent/tierpolicy"
	"rapport/graph/model"
	"rapport/internal/apperr"
	"rapport/internal/auth"
	"rapport/internal/cadence"
	"rapport/internal/clock"
	"rapport/internal/domain"
)

// toEnt returns a version as the API's TierPolicy; the seeded defaults are
// unsaved rows (ID 0).
func policyToEnt(p cadence.Policy) *ent.TierPolicy {
	return &ent.TierPolicy{
		Tier: p.Tier, EffectiveFrom: p.EffectiveFrom, Cadence: p.Cadence, DefaultDays: p.DefaultDays,
		MinCoverageStrength: p.MinCoverageStrength, MinCoverageThreads: p.MinCoverageThreads,
		ExecutivePairingRequired: p.ExecutivePairingRequired, BudgetShare: p.BudgetShare,
	}
}

// tierPolicyAt answers Query.tierPolicy: the stored version in force, or
// the seeded default.
func (r *Resolver) tierPolicyAt(ctx context.Context, tier domain.Tier, at *time.Time) (*ent.TierPolicy, error) {
	when := clock.Now(ctx)
	if at != nil {
		when = *at
	}
	row, err := r.db(ctx).TierPolicy.Query().
		Where(tierpolicy.TierEQ(tier), tierpolicy.EffectiveFromLTE(when)).
		Order(ent.Desc(tierpolicy.FieldEffectiveFrom)).First(ctx)
	if ent.IsNotFound(err) {
		return policyToEnt(cadence.Default(tier)), nil
	}
	return row, err
}

// tierPolicyHistory answers Query.tierPolicies: newest first per tier, in
// tier order, each tier ending with its seeded default.
func (r *Resolver) tierPolicyHistory(ctx context.Context, tier *domain.Tier) ([]*ent.TierPolicy, error) {
	q := r.db(ctx).TierPolicy.Query()
	if tier != nil {
		q = q.Where(tierpolicy.TierEQ(*tier))
	}
	rows, err := q.Order(ent.Desc(tierpolicy.FieldEffectiveFrom)).All(ctx)
	if err != nil {
		return nil, err
	}
	var out []*ent.TierPolicy
	for _, t := range cadence.Tiers {
		if tier != nil && *tier != t {
			continue
		}
		replaced := false
		for _, row := range rows {
			if row.Tier == t {
				out = append(out, row)
				replaced = replaced || !row.EffectiveFrom.After(cadence.Epoch)
			}
		}
		if !replaced {
			out = append(out, policyToEnt(cadence.Default(t)))
		}
	}
	return out, nil
}

// parseEffectiveFrom reads a date or an RFC 3339 time.
func parseEffectiveFrom(s string) (time.Time, error) {
	for _, layout := range []string{time.DateOnly, time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, apperr.Invalid("effectiveFrom", "must be a date (2027-01-01) or an RFC 3339 time, got %q", s)
}

// createTierPolicy answers Mutation.createTierPolicy. The input is checked
// whole before anything is written; the write is one insert (the
// mutation's transaction), audited by the audit hook, and it marks the
// tier's accounts dirty in the maintained portfolio through the change feed.
func (r *Resolver) createTierPolicy(ctx context.Context, in model.TierPolicyInput) (*ent.TierPolicy, error) {
	if v := auth.FromContext(ctx); v != nil && !v.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "", "only admins write tier policies")
	}
	from, err := parseEffectiveFrom(in.EffectiveFrom)
	if err != nil {
		return nil, err
	}
	p := cadence.Policy{
		Tier: in.Tier, EffectiveFrom: from, DefaultDays: in.DefaultDays,
		MinCoverageStrength: in.MinCoverageStrength, MinCoverageThreads: in.MinCoverageThreads,
		ExecutivePairingRequired: in.ExecutivePairingRequired, BudgetShare: in.BudgetShare,
		Cadence: []domain.CadenceRule{},
	}
	for _, l := range in.Cadence {
		rule := domain.CadenceRule{Days: l.Days}
		if l.DecisionRole != nil {
			rule.DecisionRole = *l.DecisionRole
		}
		if l.Seniority != nil {
			rule.Seniority = string(*l.Seniority)
		}
		p.Cadence = append(p.Cadence, rule)
	}
	if err := cadence.Validate(p); err != nil {
		return nil, err
	}
	c := r.db(ctx)
	if n, err := c.TierPolicy.Query().Where(tierpolicy.TierEQ(p.Tier), tierpolicy.EffectiveFrom(from)).Count(ctx); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, apperr.New(apperr.Conflict, "effectiveFrom", "%s has a version from %s already; write one from another date", p.Tier, from.Format(time.DateOnly))
	}
	create := c.TierPolicy.Create().SetTier(p.Tier).SetEffectiveFrom(from).SetCadence(p.Cadence).
		SetDefaultDays(p.DefaultDays).SetMinCoverageStrength(p.MinCoverageStrength).
		SetMinCoverageThreads(p.MinCoverageThreads).SetExecutivePairingRequired(p.ExecutivePairingRequired).
		SetBudgetShare(p.BudgetShare)
	if in.Note != nil {
		create.SetNote(*in.Note)
	}
	return create.Save(ctx)
}

// contactCadence is the loader behind Contact.lastMetAt, dueAt, overdue
// and cadenceDays: the page's contacts in four statements.
func (r *Resolver) contactCadence(ctx context.Context, obj *ent.Contact) (cadence.Contact, error) {
	now := clock.Now(ctx)
	c := r.db(ctx)
	b := batcherFor(ctx, "contactCadence", func(ctx context.Context, ids []int) (map[int]cadence.Contact, error) {
		return cadence.ForContacts(ctx, c, ids, now)
	})
	return b.load(ctx, obj.ID, siblingIDs(ctx, func(k *ent.Contact) int { return k.ID }))
}
