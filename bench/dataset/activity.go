package dataset

import (
	"fmt"

	"rapport/internal/gid"
)

// chainRoles are the decision-chain roles in order, with the local index
// of the contact who plays each (see contactRole).
var chainRoles = []struct {
	role  string
	local int
}{{"INITIATOR", 5}, {"TECHNICAL_EVALUATOR", 2}, {"INFLUENCER", 6}, {"APPROVER", 1}, {"DECISION_MAKER", 0}}

// activity: opportunities with their decision chains, interactions with
// participants on both sides, and the per-account money and satisfaction rows.
func activity(s Scale) []Table {
	teamOf := s.teamOf
	perAccount := func(stream, per int, f func(a, k, id int, r uint64) error) func(func(...any) error) error {
		return func(func(...any) error) error {
			id := 0
			for a := 1; a <= s.Accounts; a++ {
				for k := 0; k < per; k++ {
					id++
					if err := f(a, k, id, rnd(stream, id)); err != nil {
						return err
					}
				}
			}
			return nil
		}
	}
	var ts []Table
	table := func(name string, cols []string, stream, per int, row func(emit func(...any) error, a, k, id int, r uint64) error) {
		t := Table{Name: name, Cols: cols}
		t.Gen = func(emit func(...any) error) error {
			return perAccount(stream, per, func(a, k, id int, r uint64) error { return row(emit, a, k, id, r) })(emit)
		}
		ts = append(ts, t)
	}

	table("opportunities", []string{"id", "created_at", "updated_at", "name", "stage", "amount", "expected_close_date",
		"external_id", "account_id"}, 10, oppsPerAccount, func(emit func(...any) error, a, k, id int, r uint64) error {
		return emit(gid.Of("Opportunity", id), base, base, fmt.Sprintf("Deal %d-%d", a, k), pick(stages, r),
			float64(r%5e6), base.AddDate(0, int(r>>8)%12, 0), fmt.Sprintf("opp-%d", id), gid.Of("Account", a))
	})
	table("decision_chain_links", []string{"id", "created_at", "updated_at", "role", "position", "stance", "weight",
		"contact_id", "opportunity_id"}, 11, oppsPerAccount*chainPerOpp, func(emit func(...any) error, a, k, id int, r uint64) error {
		opp := (a-1)*oppsPerAccount + k/chainPerOpp + 1
		link := chainRoles[k%chainPerOpp]
		return emit(gid.Of("DecisionChainLink", id), base, base, link.role, k%chainPerOpp+1, pick(attitudes, r),
			float64(1+r%4)/4, s.contactAt(a, link.local), gid.Of("Opportunity", opp))
	})

	// Interactions are 2.5 per contact; the big account gets its share too.
	interactions := Table{Name: "interactions", Cols: []string{"id", "created_at", "updated_at", "kind", "occurred_at",
		"subject", "cost", "account_id"}}
	withInteractions := func(f func(a, local1, local2, team, id int, r uint64) error) error {
		id := 0
		for a := 1; a <= s.Accounts; a++ {
			n := s.contactsOf(a)
			for k := 0; k < n*s.InteractionsPer10/10; k++ {
				id++
				r := rnd(12, id)
				l1 := int(r>>8) % n
				l2 := (l1 + 1 + int(r>>24)%(n-1)) % n
				if err := f(a, l1, l2, teamOf(a, int(r>>40)%teamPerAccount), id, r); err != nil {
					return err
				}
			}
		}
		return nil
	}
	interactions.Gen = func(emit func(...any) error) error {
		return withInteractions(func(a, _, _, _, id int, r uint64) error {
			return emit(gid.Of("Interaction", id), base, base, pick(ikinds, r), day(r>>4),
				fmt.Sprintf("Meeting %d", id), float64(r%2000), gid.Of("Account", a))
		})
	}
	icontacts := Table{Name: "interaction_contacts", Cols: []string{"interaction_id", "contact_id"}}
	icontacts.Gen = func(emit func(...any) error) error {
		return withInteractions(func(a, l1, l2, _, id int, _ uint64) error {
			if err := emit(gid.Of("Interaction", id), s.contactAt(a, l1)); err != nil {
				return err
			}
			return emit(gid.Of("Interaction", id), s.contactAt(a, l2))
		})
	}
	iteam := Table{Name: "interaction_team_members", Cols: []string{"interaction_id", "team_member_id"}}
	iteam.Gen = func(emit func(...any) error) error {
		return withInteractions(func(_, _, _, team, id int, _ uint64) error {
			return emit(gid.Of("Interaction", id), team)
		})
	}
	ts = append(ts, interactions, icontacts, iteam)

	table("surveys", []string{"id", "created_at", "updated_at", "score", "channel", "surveyed_at", "account_id"}, 13,
		surveysPer, func(emit func(...any) error, a, k, id int, r uint64) error {
			return emit(gid.Of("Survey", id), base, base, float64(r%101)/10, pick(channels, r>>8),
				base.AddDate(0, -3*k, 0), gid.Of("Account", a))
		})
	table("complaints", []string{"id", "created_at", "updated_at", "summary", "status", "severity", "opened_at", "account_id"},
		14, complaintsPer, func(emit func(...any) error, a, k, id int, r uint64) error {
			return emit(gid.Of("Complaint", id), base, base, fmt.Sprintf("Complaint %d", id),
				pick([]string{"OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED"}, r), pick([]string{"LOW", "MEDIUM", "HIGH", "CRITICAL"}, r>>4),
				day(r>>8), gid.Of("Account", a))
		})
	table("budgets", []string{"id", "created_at", "updated_at", "period", "planned", "account_id"}, 15, 2,
		func(emit func(...any) error, a, k, id int, r uint64) error {
			return emit(gid.Of("Budget", id), base, base, fmt.Sprint(2025+k), float64(1e4+r%1e5), gid.Of("Account", a))
		})
	table("tier_changes", []string{"id", "from_tier", "to_tier", "changed_at", "reason", "account_id"}, 16, 1,
		func(emit func(...any) error, a, k, id int, r uint64) error {
			return emit(gid.Of("TierChange", id), nil, pick(tiers, rnd(1, a)>>11), base.AddDate(-1, 0, 0),
				"initial tiering", gid.Of("Account", a))
		})
	return ts
}
