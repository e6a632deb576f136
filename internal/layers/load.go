package layers

import (
	"context"
	"fmt"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/engagement"
	"rapport/ent/executivepairing"
	"rapport/ent/interaction"
	"rapport/ent/opportunity"
	"rapport/ent/predicate"
	"rapport/ent/teammember"
	"rapport/internal/chain"
	"rapport/internal/chunk"
	"rapport/internal/orglayer"
	"rapport/internal/roster"
	"rapport/internal/semijoin"
)

// Load measures the layers of several accounts at now, read through the
// caller's client (a scoped viewer's numbers come from what they may
// read). The statements do not grow with the rows: a fixed number for
// each chunk.Size of accounts, plus those chain.StrongestCoverage and
// orglayer.Load take.
func Load(ctx context.Context, client *ent.Client, accountIDs []int, now time.Time) (map[int]*Layers, error) {
	return chunk.Map(accountIDs, chunk.Size, func(part []int) (map[int]*Layers, error) {
		in, err := LoadInputs(ctx, client, part, now)
		if err != nil {
			return nil, err
		}
		out := make(map[int]*Layers, len(in))
		for id, i := range in {
			out[id] = Compute(*i, now)
		}
		return out, nil
	})
}

// LoadInputs reads what the layers of at most chunk.Size accounts are
// computed from.
func LoadInputs(ctx context.Context, client *ent.Client, accountIDs []int, now time.Time) (map[int]*Input, error) {
	out := make(map[int]*Input, len(accountIDs))
	for _, id := range accountIDs {
		out[id] = &Input{}
	}
	// The people counted at each account: home contacts and those who
	// hold a role there, the latter with the role's decision role
	// (package roster, decision 0012).
	people, err := roster.Load(ctx, client, accountIDs,
		contact.FieldDecisionRole, contact.FieldDepartment, contact.FieldSeniority, contact.FieldCreatedAt)
	if err != nil {
		return nil, fmt.Errorf("layers: %w", err)
	}
	// Coverage is the person's: the same rows count at home and at each
	// role's account. Read for the home contacts, then for the role
	// holders (two index-friendly statements rather than one OR); the
	// maxima below do not mind a row read twice.
	best := map[int]int{}
	lastMet := map[int]*time.Time{}
	for _, of := range []predicate.Contact{contact.AccountIDIn(accountIDs...), roster.Holding(accountIDs)} {
		covs, err := client.Coverage.Query().
			Where(predicate.Coverage(semijoin.In(coverage.FieldContactID, contact.Table, of, contact.StatusEQ(contact.StatusACTIVE))),
				coverage.StrengthGT(0), coverage.HasTeamMemberWith(teammember.Active(true))).
			Select(coverage.FieldContactID, coverage.FieldStrength, coverage.FieldLastInteractionAt).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("layers: coverage of %d accounts: %w", len(accountIDs), err)
		}
		for _, c := range covs {
			best[c.ContactID] = max(best[c.ContactID], c.Strength)
			if t := c.LastInteractionAt; t != nil && (lastMet[c.ContactID] == nil || t.After(*lastMet[c.ContactID])) {
				lastMet[c.ContactID] = t
			}
		}
	}
	for id, ps := range people.People {
		for _, p := range ps {
			c := p.At
			out[id].Contacts = append(out[id].Contacts, Contact{
				ID: c.ID, Seniority: string(c.Seniority), Department: c.Department,
				DecisionRole: c.DecisionRole, Best: best[c.ID], LastMet: lastMet[c.ID], Since: c.CreatedAt,
			})
		}
	}
	open := []predicate.Opportunity{opportunity.AccountIDIn(accountIDs...),
		opportunity.StageNotIn(opportunity.StageWON, opportunity.StageLOST)}
	opps, err := client.Opportunity.Query().Where(open...).Select(opportunity.FieldID, opportunity.FieldAccountID).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("layers: open opportunities of %d accounts: %w", len(accountIDs), err)
	}
	oppAccount := make(map[int]int, len(opps))
	for _, o := range opps {
		oppAccount[o.ID] = o.AccountID
	}
	links, err := client.DecisionChainLink.Query().
		Where(predicate.DecisionChainLink(semijoin.In(decisionchainlink.FieldOpportunityID, opportunity.Table, open...))).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("layers: open decision chains of %d accounts: %w", len(accountIDs), err)
	}
	var linkContacts []int
	for _, l := range links {
		linkContacts = append(linkContacts, l.ContactID)
	}
	linkBest, err := chain.StrongestCoverage(ctx, client, linkContacts)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		in := out[oppAccount[l.OpportunityID]]
		if in == nil {
			continue // opened between the two reads
		}
		b := 0
		if s := linkBest[l.ContactID]; s != nil {
			b = s.Strength
		}
		in.Links = append(in.Links, Link{ContactID: l.ContactID, Weight: l.Weight, Best: b})
	}
	engs, err := client.Engagement.Query().Where(engagement.AccountIDIn(accountIDs...)).
		Select(engagement.FieldAccountID, engagement.FieldStatus, engagement.FieldStartsAt).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("layers: engagements of %d accounts: %w", len(accountIDs), err)
	}
	since := func(in *Input, t time.Time) {
		if !t.After(now) && (in.Since == nil || t.Before(*in.Since)) {
			in.Since = &t
		}
	}
	for _, e := range engs {
		in := out[e.AccountID]
		if e.Status == engagement.StatusACTIVE {
			in.ActiveEngagements++
		}
		if e.Status != engagement.StatusPLANNED {
			since(in, e.StartsAt)
			if t := e.StartsAt; t.After(now) && (in.Later == nil || t.Before(*in.Later)) {
				in.Later = &t
			}
		}
	}
	var first []struct {
		AccountID int `json:"account_id"`
		Min       any `json:"min"`
	}
	err = client.Interaction.Query().Where(interaction.AccountIDIn(accountIDs...), interaction.OccurredAtLTE(now)).
		GroupBy(interaction.FieldAccountID).Aggregate(ent.Min(interaction.FieldOccurredAt)).Scan(ctx, &first)
	if err != nil {
		return nil, fmt.Errorf("layers: first interactions of %d accounts: %w", len(accountIDs), err)
	}
	for _, f := range first {
		if t, ok := parseTime(f.Min); ok {
			since(out[f.AccountID], t)
		}
	}
	pairs, err := client.ExecutivePairing.Query().
		Where(executivepairing.AccountIDIn(accountIDs...), executivepairing.StatusEQ(executivepairing.StatusACTIVE)).
		Select(executivepairing.FieldAccountID).Order(ent.Asc(executivepairing.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("layers: pairings of %d accounts: %w", len(accountIDs), err)
	}
	if len(pairs) > 0 {
		ids := make([]int, len(pairs))
		for i, p := range pairs {
			ids[i] = p.ID
		}
		hs, err := orglayer.Load(ctx, client, ids, now)
		if err != nil {
			return nil, err
		}
		for _, p := range pairs {
			var met *time.Time
			if h := hs[p.ID]; h != nil {
				met = h.LastMetAt
			}
			out[p.AccountID].Pairings = append(out[p.AccountID].Pairings, Pairing{ID: p.ID, LastMet: met})
		}
	}
	return out, nil
}

// parseTime reads an aggregated timestamp: PostgreSQL returns a
// time.Time, SQLite the text it stored.
func parseTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case []byte:
		return parseTime(string(x))
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"} {
			if t, err := time.Parse(layout, x); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}
