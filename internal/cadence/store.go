package cadence

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/contact"
	"rapport/ent/interaction"
	"rapport/internal/domain"
)

// FromEnt converts a stored version.
func FromEnt(t *ent.TierPolicy) Policy {
	return Policy{
		Tier: t.Tier, EffectiveFrom: t.EffectiveFrom, Cadence: t.Cadence, DefaultDays: t.DefaultDays,
		MinCoverageStrength: t.MinCoverageStrength, MinCoverageThreads: t.MinCoverageThreads,
		ExecutivePairingRequired: t.ExecutivePairingRequired, BudgetShare: t.BudgetShare,
	}
}

// Load returns every stored version of every tier's policy, with the
// seeded default of each tier in front (it applies from Epoch unless a
// stored version replaces it). One statement: the table is small.
func Load(ctx context.Context, c *ent.Client) ([]Policy, error) {
	rows, err := c.TierPolicy.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load tier policies: %w", err)
	}
	out := Defaults()
	for _, r := range rows {
		out = append(out, FromEnt(r))
	}
	return out, nil
}

// Contact is a contact's cadence: its last meeting and its status.
type Contact struct {
	LastMetAt *time.Time
	Status
}

// ForContacts returns the cadence of the contacts ids at now, each under
// its account's policy in force at now, with four statements whatever the
// number of contacts (the caller chunks ids): the contacts, their
// accounts' tiers, the policies and the meetings. Only interactions that
// happened count: status DONE and occurred at or before now.
func ForContacts(ctx context.Context, c *ent.Client, ids []int, now time.Time) (map[int]Contact, error) {
	out := make(map[int]Contact, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	cs, err := c.Contact.Query().Where(contact.IDIn(ids...)).
		Select(contact.FieldAccountID, contact.FieldSeniority, contact.FieldDecisionRole, contact.FieldCreatedAt).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load %d contacts: %w", len(ids), err)
	}
	accountIDs := make([]int, 0, len(cs))
	seen := map[int]bool{}
	for _, k := range cs {
		if !seen[k.AccountID] {
			seen[k.AccountID] = true
			accountIDs = append(accountIDs, k.AccountID)
		}
	}
	accs, err := c.Account.Query().Where(account.IDIn(accountIDs...)).Select(account.FieldTier).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load the tiers of %d accounts: %w", len(accountIDs), err)
	}
	tiers := make(map[int]domain.Tier, len(accs))
	for _, a := range accs {
		tiers[a.ID] = a.Tier
	}
	policies, err := Load(ctx, c)
	if err != nil {
		return nil, err
	}
	last, err := LastMet(ctx, c, ids, now)
	if err != nil {
		return nil, err
	}
	for _, k := range cs {
		p := InForce(policies, tiers[k.AccountID], now)
		s := Stakeholder{DecisionRole: k.DecisionRole, Seniority: string(k.Seniority), Since: k.CreatedAt}
		if t, ok := last[k.ID]; ok {
			s.LastMetAt = &t
		}
		out[k.ID] = Contact{LastMetAt: s.LastMetAt, Status: Of(p, s, now)}
	}
	return out, nil
}

// LastMet returns, for the contacts ids that were ever met, the time of
// their latest interaction that happened (DONE, at or before now), in one
// statement.
func LastMet(ctx context.Context, c *ent.Client, ids []int, now time.Time) (map[int]time.Time, error) {
	var rows []struct {
		ContactID  int       `json:"contact_id"`
		OccurredAt time.Time `json:"occurred_at"`
	}
	err := c.Interaction.Query().
		Where(interaction.OccurredAtLTE(now), interaction.StatusEQ(interaction.StatusDONE)).
		Modify(func(s *sql.Selector) {
			ic := sql.Table(interaction.ContactsTable).As("ic")
			s.Join(ic).On(s.C(interaction.FieldID), ic.C(interaction.ContactsPrimaryKey[0])).
				Where(sql.InInts(ic.C(interaction.ContactsPrimaryKey[1]), ids...)).
				Select(sql.As(ic.C(interaction.ContactsPrimaryKey[1]), "contact_id"),
					sql.As(s.C(interaction.FieldOccurredAt), "occurred_at"))
		}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("load the meetings of %d contacts: %w", len(ids), err)
	}
	out := map[int]time.Time{}
	for _, r := range rows {
		if t, ok := out[r.ContactID]; !ok || r.OccurredAt.After(t) {
			out[r.ContactID] = r.OccurredAt
		}
	}
	return out, nil
}
