package orglayer

import (
	"context"
	"fmt"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/contact"
	"rapport/ent/executivepairing"
	"rapport/ent/hook"
	"rapport/ent/teammember"
	"rapport/internal/apperr"
	"rapport/internal/gid"
)

// Install registers the rules engagements and executive pairings are
// written under. They run inside the mutation's transaction, after the
// store's reference check (every ID named exists and may be read).
func Install(c *ent.Client) {
	c.Engagement.Use(engagementRule)
	c.ExecutivePairing.Use(pairingRule)
}

// engagementRule refuses an engagement that ends before it starts, owners
// on our side who are no longer active, and customer owners from outside
// the account's family (the account, its parent, its subsidiaries).
func engagementRule(next ent.Mutator) ent.Mutator {
	return hook.EngagementFunc(func(ctx context.Context, m *ent.EngagementMutation) (ent.Value, error) {
		if !m.Op().Is(ent.OpCreate | ent.OpUpdateOne) {
			return next.Mutate(ctx, m)
		}
		ends, endsSet := m.EndsAt()
		starts, startsSet := m.StartsAt()
		if m.Op().Is(ent.OpUpdateOne) && (endsSet || startsSet) && !m.EndsAtCleared() {
			if !endsSet {
				old, err := m.OldEndsAt(ctx)
				if err != nil {
					return nil, fmt.Errorf("read endsAt: %w", err)
				}
				if old != nil {
					ends, endsSet = *old, true
				}
			}
			if !startsSet {
				old, err := m.OldStartsAt(ctx)
				if err != nil {
					return nil, fmt.Errorf("read startsAt: %w", err)
				}
				starts, startsSet = old, true
			}
		}
		if endsSet && startsSet && ends.Before(starts) {
			return nil, apperr.Invalid("endsAt", "the engagement ends (%s) before it starts (%s); expected endsAt on or after startsAt",
				ends.Format(time.DateOnly), starts.Format(time.DateOnly))
		}
		if ids := m.OwnersIDs(); len(ids) > 0 {
			inactive, err := m.Client().TeamMember.Query().Where(teammember.IDIn(ids...), teammember.Active(false)).IDs(ctx)
			if err != nil {
				return nil, fmt.Errorf("check owners: %w", err)
			}
			if len(inactive) > 0 {
				return nil, apperr.Invalid("ownerIDs", "team member %s is no longer active; expected active team members", gid.Encode(inactive[0]))
			}
		}
		if ids := m.CustomerOwnersIDs(); len(ids) > 0 {
			acc, ok := m.AccountID()
			if !ok {
				old, err := m.OldAccountID(ctx)
				if err != nil {
					return nil, fmt.Errorf("read account: %w", err)
				}
				acc = old
			}
			family, err := accountFamily(ctx, m.Client(), acc)
			if err != nil {
				return nil, err
			}
			people, err := m.Client().Contact.Query().Where(contact.IDIn(ids...)).
				Select(contact.FieldID, contact.FieldAccountID, contact.FieldStatus).All(ctx)
			if err != nil {
				return nil, fmt.Errorf("check customer owners: %w", err)
			}
			for _, p := range people {
				if !family[p.AccountID] {
					return nil, apperr.Invalid("customerOwnerIDs", "contact %s is not of this account, its parent or its subsidiaries; expected contacts of the account's family", gid.Encode(p.ID))
				}
				if p.Status == contact.StatusLEFT {
					return nil, apperr.Invalid("customerOwnerIDs", "contact %s has left; expected active contacts", gid.Encode(p.ID))
				}
			}
		}
		return next.Mutate(ctx, m)
	})
}

// accountFamily is the account, its parent and its subsidiaries, as far as
// the writer may read them.
func accountFamily(ctx context.Context, c *ent.Client, id int) (map[int]bool, error) {
	rows, err := c.Account.Query().
		Where(account.Or(account.ID(id), account.HasSubsidiariesWith(account.ID(id)), account.ParentID(id))).
		IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("read account family: %w", err)
	}
	out := map[int]bool{id: true}
	for _, r := range rows {
		out[r] = true
	}
	return out, nil
}

// pairingRule refuses a pairing of people who have left, or with an
// executive of another account. An ended pairing may keep people who left
// since; a pairing set back to ACTIVE is checked again.
func pairingRule(next ent.Mutator) ent.Mutator {
	return hook.ExecutivePairingFunc(func(ctx context.Context, m *ent.ExecutivePairingMutation) (ent.Value, error) {
		if !m.Op().Is(ent.OpCreate | ent.OpUpdateOne) {
			return next.Mutate(ctx, m)
		}
		tm, tmSet := m.TeamMemberID()
		ct, ctSet := m.ContactID()
		acc, accSet := m.AccountID()
		status, statusSet := m.Status()
		if m.Op().Is(ent.OpCreate) && !statusSet {
			status = executivepairing.StatusACTIVE
		}
		if !tmSet && !ctSet && !accSet && !(statusSet && status == executivepairing.StatusACTIVE) {
			return next.Mutate(ctx, m)
		}
		if m.Op().Is(ent.OpUpdateOne) {
			old, err := m.Client().ExecutivePairing.Get(ctx, mustID(m))
			if err != nil {
				return nil, fmt.Errorf("read pairing: %w", err)
			}
			if !tmSet {
				tm = old.TeamMemberID
			}
			if !ctSet {
				ct = old.ContactID
			}
			if !accSet {
				acc = old.AccountID
			}
			if !statusSet {
				status = old.Status
			}
		}
		person, err := m.Client().Contact.Query().Where(contact.ID(ct)).
			Select(contact.FieldID, contact.FieldAccountID, contact.FieldStatus).Only(ctx)
		if err != nil {
			return nil, fmt.Errorf("read paired contact: %w", err)
		}
		if person.AccountID != acc {
			return nil, apperr.Invalid("contactID", "contact %s is not of the pairing's account; expected one of the account's own contacts", gid.Encode(ct))
		}
		if status == executivepairing.StatusACTIVE {
			if person.Status == contact.StatusLEFT {
				return nil, apperr.Invalid("contactID", "contact %s has left the account; expected an active contact", gid.Encode(ct))
			}
			member, err := m.Client().TeamMember.Query().Where(teammember.ID(tm)).Select(teammember.FieldActive).Only(ctx)
			if err != nil {
				return nil, fmt.Errorf("read paired team member: %w", err)
			}
			if !member.Active {
				return nil, apperr.Invalid("teamMemberID", "team member %s is no longer active; expected an active team member", gid.Encode(tm))
			}
		}
		return next.Mutate(ctx, m)
	})
}

func mustID(m *ent.ExecutivePairingMutation) int {
	id, _ := m.ID()
	return id
}
