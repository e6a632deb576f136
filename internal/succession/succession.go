// Package succession hands a team member's relationships over to a
// successor (issue 16, point 4): the `handover` mutation moves the
// coverage, schedules the joint introductions and keeps the history in
// Handover and HandoverItem rows; a rule on interactions records when the
// successor first meets each contact and lifts their strength to the
// predecessor's. It writes through the caller's client (the mutation's
// transaction, under the viewer's scope), so a rejection at any step
// leaves nothing behind, and every row it writes is audited and sent to
// the change feed and webhooks like any other.
//
// The rules, decided here and documented in graph/handover.graphqls:
//   - the successor's coverage of a contact gets source HANDOVER and
//     strength max(their own, the predecessor's - 1, 1): below the
//     predecessor's until they have met (a row of theirs already as strong
//     stays as it was, source included); the predecessor's primary
//     ownership moves with it;
//   - the predecessor's coverage of the contact is deleted; the item keeps
//     its strength, primary ownership and last interaction;
//   - "met" is the first DONE interaction on or after the handover that the
//     successor and the contact both attend, of any kind but EMAIL, HOTLINE
//     and COMPLAINT; it sets the item's metAt and raises the successor's
//     strength to the predecessor's recorded one when it is lower;
//   - the successor's account-team membership is left as it is.
package succession

import (
	"context"
	"fmt"
	"sort"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/handover"
	"rapport/ent/handoveritem"
	"rapport/ent/hook"
	"rapport/ent/interaction"
	"rapport/internal/apperr"
	"rapport/internal/chunk"
	"rapport/internal/domain"
	"rapport/internal/gid"
)

// IntroductionKind is the kind of the joint introductions scheduled.
const IntroductionKind = interaction.KindONSITE_MEETING

// Input is what to hand over.
type Input struct {
	FromID, ToID int
	// ContactIDs, when not nil, names the contacts; nil is every active
	// contact FromID covers that the caller may read.
	ContactIDs  []int
	IntroduceBy *time.Time
	Note        *string
}

// StartStrength is the successor's strength right after the handover:
// max(their own, the predecessor's - 1, 1), capped at 4.
func StartStrength(own, predecessor int) int {
	return min(4, max(own, predecessor-1, 1))
}

// Hand performs the handover through c (the mutation's transaction) at now
// and returns the IDs of the handovers written, one per account, by
// account name.
func Hand(ctx context.Context, c *ent.Client, in Input, now time.Time) ([]int, error) {
	if in.ToID == in.FromID {
		return nil, apperr.Invalid("toId", "%s cannot hand over to themselves: expected another team member", gid.Encode(in.ToID))
	}
	from, err := c.TeamMember.Get(ctx, in.FromID)
	if err != nil {
		return nil, err
	}
	to, err := c.TeamMember.Get(ctx, in.ToID)
	if err != nil {
		return nil, err
	}
	if !to.Active {
		return nil, apperr.Invalid("toId", "%s is not active: expected an active team member as the successor", to.Name)
	}
	if in.IntroduceBy != nil && !in.IntroduceBy.After(now) {
		return nil, apperr.Invalid("introduceBy", "%s is not in the future: an introduction is planned ahead",
			in.IntroduceBy.UTC().Format(time.RFC3339))
	}
	own, err := predecessorCoverage(ctx, c, from, in.ContactIDs)
	if err != nil {
		return nil, err
	}
	ids := make([]int, len(own))
	for i, p := range own {
		ids[i] = p.ContactID
	}
	theirs, err := chunk.Load(ids, func(part []int) ([]*ent.Coverage, error) {
		return c.Coverage.Query().Where(coverage.TeamMemberID(to.ID), coverage.ContactIDIn(part...)).All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("handover: successor's coverage: %w", err)
	}
	successor := make(map[int]*ent.Coverage, len(theirs))
	for _, s := range theirs {
		successor[s.ContactID] = s
	}

	// One handover per account, by account name, then contact name.
	byAccount := map[int][]*ent.Coverage{}
	var accounts []*ent.Account
	for _, p := range own {
		acc := p.Edges.Contact.Edges.Account
		if byAccount[acc.ID] == nil {
			accounts = append(accounts, acc)
		}
		byAccount[acc.ID] = append(byAccount[acc.ID], p)
	}
	sort.Slice(accounts, func(i, j int) bool {
		if accounts[i].Name != accounts[j].Name {
			return accounts[i].Name < accounts[j].Name
		}
		return accounts[i].ID < accounts[j].ID
	})
	out := make([]int, 0, len(accounts))
	for _, acc := range accounts {
		h, err := c.Handover.Create().SetAccountID(acc.ID).SetPredecessorID(from.ID).SetSuccessorID(to.ID).
			SetHandedOverAt(now).SetNillableNote(in.Note).Save(ctx)
		if err != nil {
			return nil, err
		}
		covs := byAccount[acc.ID]
		sort.Slice(covs, func(i, j int) bool {
			a, b := covs[i].Edges.Contact, covs[j].Edges.Contact
			if a.Name != b.Name {
				return a.Name < b.Name
			}
			return a.ID < b.ID
		})
		for _, p := range covs {
			if err := handOne(ctx, c, h, p, successor[p.ContactID], from, to, in.IntroduceBy); err != nil {
				return nil, err
			}
		}
		out = append(out, h.ID)
	}
	return out, nil
}

// predecessorCoverage reads from's coverage of the named contacts (or of
// every active contact), with each contact and its account, through the
// caller's scope: a contact the caller may not read is not covered as far
// as they can tell.
func predecessorCoverage(ctx context.Context, c *ent.Client, from *ent.TeamMember, contactIDs []int) ([]*ent.Coverage, error) {
	q := func(ps ...func(*ent.CoverageQuery)) ([]*ent.Coverage, error) {
		query := c.Coverage.Query().Where(coverage.TeamMemberID(from.ID)).
			WithContact(func(q *ent.ContactQuery) { q.WithAccount() })
		for _, p := range ps {
			p(query)
		}
		return query.Order(ent.Asc(coverage.FieldID)).All(ctx)
	}
	if contactIDs == nil {
		own, err := q(func(query *ent.CoverageQuery) {
			query.Where(coverage.HasContactWith(contact.StatusEQ(contact.StatusACTIVE)))
		})
		if err != nil {
			return nil, fmt.Errorf("handover: coverage of %s: %w", from.Name, err)
		}
		if len(own) == 0 {
			return nil, apperr.Invalid("fromId", "%s covers no active contact you may read: nothing to hand over", from.Name)
		}
		return own, nil
	}
	if len(contactIDs) == 0 {
		return nil, apperr.Invalid("contactIds", "no contact named: name at least one, or leave contactIds out for all of them")
	}
	seen := map[int]bool{}
	var ids []int
	for _, id := range contactIDs {
		if gid.TypeOf(id) != ent.TypeContact {
			return nil, apperr.Invalid("contactIds", "%s is not a Contact ID", gid.Encode(id))
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	own, err := chunk.Load(ids, func(part []int) ([]*ent.Coverage, error) {
		return q(func(query *ent.CoverageQuery) { query.Where(coverage.ContactIDIn(part...)) })
	})
	if err != nil {
		return nil, fmt.Errorf("handover: coverage of %s: %w", from.Name, err)
	}
	found := map[int]bool{}
	for _, p := range own {
		found[p.ContactID] = true
	}
	for _, id := range ids {
		if !found[id] {
			// The same answer for a contact that does not exist, one the
			// caller may not read and one from does not cover.
			return nil, apperr.Invalid("contactIds", "%s is not a contact %s covers", gid.Encode(id), from.Name)
		}
	}
	return own, nil
}

// handOne moves one contact's coverage and records the item.
func handOne(ctx context.Context, c *ent.Client, h *ent.Handover, p, s *ent.Coverage, from, to *ent.TeamMember, introduceBy *time.Time) error {
	start := StartStrength(0, p.Strength)
	switch {
	case s == nil:
		err := c.Coverage.Create().SetTeamMemberID(to.ID).SetContactID(p.ContactID).SetStrength(start).
			SetSource(domain.SourceHandover).SetPrimaryOwner(p.PrimaryOwner).Exec(ctx)
		if err != nil {
			return fmt.Errorf("handover: successor's coverage: %w", err)
		}
	case s.Strength < start || (p.PrimaryOwner && !s.PrimaryOwner):
		u := c.Coverage.UpdateOne(s)
		if s.Strength < start {
			u.SetStrength(start).SetSource(domain.SourceHandover)
		} else {
			start = s.Strength
		}
		if p.PrimaryOwner {
			u.SetPrimaryOwner(true)
		}
		if err := u.Exec(ctx); err != nil {
			return fmt.Errorf("handover: successor's coverage: %w", err)
		}
	default:
		start = s.Strength
	}
	if err := c.Coverage.DeleteOneID(p.ID).Exec(ctx); err != nil {
		return fmt.Errorf("handover: predecessor's coverage: %w", err)
	}
	item := c.HandoverItem.Create().SetHandoverID(h.ID).SetContactID(p.ContactID).
		SetPredecessorStrength(p.Strength).SetPredecessorPrimaryOwner(p.PrimaryOwner).
		SetNillablePredecessorLastInteractionAt(p.LastInteractionAt).SetSuccessorStrength(start)
	if introduceBy != nil {
		intro, err := c.Interaction.Create().SetAccountID(h.AccountID).SetKind(IntroductionKind).
			SetStatus(interaction.StatusPLANNED).SetOccurredAt(*introduceBy).
			SetSubject("Handover: "+from.Name+" → "+to.Name).SetOwnerID(to.ID).
			AddContactIDs(p.ContactID).AddTeamMemberIDs(from.ID, to.ID).Save(ctx)
		if err != nil {
			return err
		}
		item.SetIntroductionID(intro.ID)
	}
	return item.Exec(ctx)
}

// Install adds the rule that records meetings after a handover.
func Install(client *ent.Client) {
	client.Interaction.Use(meetingRule)
}

// notAMeeting are the kinds that do not count as meeting a contact.
var notAMeeting = map[interaction.Kind]bool{
	interaction.KindEMAIL: true, interaction.KindHOTLINE: true, interaction.KindCOMPLAINT: true,
}

// meetingRule marks, when an interaction is DONE, every open handover item
// whose successor and contact both attend it and whose handover came on
// or before it as met, and raises the successor's coverage to the
// predecessor's recorded strength.
func meetingRule(next ent.Mutator) ent.Mutator {
	return hook.InteractionFunc(func(ctx context.Context, m *ent.InteractionMutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		in, ok := v.(*ent.Interaction)
		if !ok || !(m.Op().Is(ent.OpCreate) || m.Op().Is(ent.OpUpdateOne)) ||
			in.Status != interaction.StatusDONE || notAMeeting[in.Kind] {
			return v, nil
		}
		members, contacts := m.TeamMembersIDs(), m.ContactsIDs()
		if m.Op().Is(ent.OpUpdateOne) {
			if members, err = m.Client().Interaction.QueryTeamMembers(in).IDs(ctx); err != nil {
				return nil, fmt.Errorf("read participants: %w", err)
			}
			if contacts, err = m.Client().Interaction.QueryContacts(in).IDs(ctx); err != nil {
				return nil, fmt.Errorf("read participants: %w", err)
			}
		}
		if len(members) == 0 || len(contacts) == 0 {
			return v, nil
		}
		if err := recordMeeting(ctx, m.Client(), in.OccurredAt, members, contacts); err != nil {
			return nil, err
		}
		return v, nil
	})
}

func recordMeeting(ctx context.Context, c *ent.Client, at time.Time, members, contacts []int) error {
	var items []*ent.HandoverItem
	for _, ms := range chunk.IDs(members, chunk.Size/2) {
		for _, cs := range chunk.IDs(contacts, chunk.Size/2) {
			part, err := c.HandoverItem.Query().
				Where(handoveritem.MetAtIsNil(), handoveritem.ContactIDIn(cs...),
					handoveritem.HasHandoverWith(handover.SuccessorIDIn(ms...), handover.HandedOverAtLTE(at))).
				WithHandover().All(ctx)
			if err != nil {
				return fmt.Errorf("handover items met: %w", err)
			}
			items = append(items, part...)
		}
	}
	for _, it := range items {
		if err := c.HandoverItem.UpdateOne(it).SetMetAt(at).Exec(ctx); err != nil {
			return fmt.Errorf("handover item met: %w", err)
		}
		err := c.Coverage.Update().
			Where(coverage.TeamMemberID(it.Edges.Handover.SuccessorID), coverage.ContactID(it.ContactID),
				coverage.StrengthLT(it.PredecessorStrength)).
			SetStrength(it.PredecessorStrength).Exec(ctx)
		if err != nil {
			return fmt.Errorf("handover: raise successor's coverage: %w", err)
		}
	}
	return nil
}
