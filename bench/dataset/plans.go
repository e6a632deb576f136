package dataset

import (
	"fmt"

	"rapport/internal/gid"
)

// The relationship programme's rows (issue 17): an offerings catalogue,
// where each offering stands at each account (the whitespace grid's
// cells), and one plan per account for fiscal year 2025 (the dataset's
// clock is 2026-01-01, so the year is over: done, cancelled and overdue
// activities) with objectives of every metric, risks and activities.
const (
	offerings        = 20
	offeringsPer     = 12 // cells with a row per account; the rest are unknown
	planFiscalYear   = 2025
	activitiesPer    = 20
	objectivesPer    = 5
	risksPer         = 2
	aoStatusesStream = 30
)

var (
	aoStatuses     = []string{"INSTALLED", "OPEN_OPPORTUNITY", "NO_FIT", "NOT_DISCUSSED"}
	planStatuses   = []string{"DONE", "DONE", "DONE", "CANCELLED", "PLANNED"}
	planKinds      = []string{"COMPANY_VISIT", "SHOWCASE_VISIT", "ONSITE_MEETING", "TECH_EXCHANGE", "MANAGEMENT_RESEARCH", "DINNER_EVENT"}
	planMetrics    = []string{"STRENGTH", "ATTITUDE", "COVERAGE_RATIO", "REVENUE", "WHITESPACE"}
	planTargets    = []float64{3, 2, 0.8, 5e6, 1e6}
	planRiskLevels = []string{"LOW", "MEDIUM", "HIGH"}
)

// interactionsTotal is how many interactions activity() writes, so that
// the plans' activities follow them.
func (s Scale) interactionsTotal() int {
	n := 0
	for a := 1; a <= s.Accounts; a++ {
		n += s.contactsOf(a) * s.InteractionsPer10 / 10
	}
	return n
}

func plans(s Scale) []Table {
	var ts []Table
	add := func(name string, cols []string, gen func(emit func(...any) error) error) {
		ts = append(ts, Table{Name: name, Cols: cols, Gen: gen})
	}
	add("offerings", []string{"id", "created_at", "updated_at", "name", "category", "active"}, func(emit func(...any) error) error {
		for o := 1; o <= offerings; o++ {
			if err := emit(gid.Of("Offering", o), base, base, fmt.Sprintf("Offering %02d", o), fmt.Sprintf("Line %d", 1+o%4), true); err != nil {
				return err
			}
		}
		return nil
	})
	add("account_offerings", []string{"id", "created_at", "updated_at", "current_revenue", "potential", "status", "current_need",
		"account_id", "offering_id"}, func(emit func(...any) error) error {
		id := 0
		for a := 1; a <= s.Accounts; a++ {
			first := a % offerings // a window of offeringsPer offerings, shifted per account
			for k := 0; k < offeringsPer; k++ {
				id++
				r := rnd(aoStatusesStream, id)
				status := pick(aoStatuses, r)
				var current float64
				if status == "INSTALLED" {
					current = float64(r>>8%1_000_000) + 10_000
				}
				potential := current + float64(r>>32%2_000_000)
				if err := emit(gid.Of("AccountOffering", id), base, base, current, potential, status, "Need "+status,
					gid.Of("Account", a), gid.Of("Offering", 1+(first+k)%offerings)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	add("account_plans", []string{"id", "created_at", "updated_at", "fiscal_year", "title", "account_id", "owner_id"}, func(emit func(...any) error) error {
		for a := 1; a <= s.Accounts; a++ {
			if err := emit(gid.Of("AccountPlan", a), base, base, planFiscalYear, fmt.Sprintf("Plan FY%d of account %d", planFiscalYear, a),
				gid.Of("Account", a), s.teamOf(a, 0)); err != nil {
				return err
			}
		}
		return nil
	})
	add("objectives", []string{"id", "created_at", "updated_at", "title", "metric", "target", "contact_id", "owner_id", "due_at", "plan_id"},
		func(emit func(...any) error) error {
			id := 0
			for a := 1; a <= s.Accounts; a++ {
				for k := 0; k < objectivesPer; k++ {
					id++
					var contact any
					if k < 2 { // STRENGTH and ATTITUDE name the decision maker
						contact = s.contactAt(a, 0)
					}
					if err := emit(gid.Of("Objective", id), base, base, "Objective "+planMetrics[k], planMetrics[k], planTargets[k],
						contact, s.teamOf(a, 0), base.AddDate(0, -1, 0), gid.Of("AccountPlan", a)); err != nil {
						return err
					}
				}
			}
			return nil
		})
	add("risks", []string{"id", "created_at", "updated_at", "description", "severity", "plan_id"}, func(emit func(...any) error) error {
		id := 0
		for a := 1; a <= s.Accounts; a++ {
			for k := 0; k < risksPer; k++ {
				id++
				if err := emit(gid.Of("Risk", id), base, base, fmt.Sprintf("Risk %d", k+1), pick(planRiskLevels, rnd(31, id)), gid.Of("AccountPlan", a)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	// The plans' activities: interactions after activity()'s, each with the
	// account's decision maker and first team member.
	after := s.interactionsTotal()
	each := func(f func(a, k, id int, r uint64) error) error {
		id := after
		for a := 1; a <= s.Accounts; a++ {
			for k := 0; k < activitiesPer; k++ {
				id++
				if err := f(a, k, id, rnd(32, id)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	add("interactions", []string{"id", "created_at", "updated_at", "kind", "occurred_at", "subject", "cost", "status",
		"budgeted_cost", "plan_id", "owner_id", "account_id"}, func(emit func(...any) error) error {
		return each(func(a, k, id int, r uint64) error {
			status := pick(planStatuses, r)
			budget := float64(1000 + r>>8%20_000)
			var cost float64
			if status == "DONE" {
				cost = budget * float64(80+r>>24%40) / 100
			}
			// Spread over FY2025: every 18 days from 2025-01-05.
			at := base.AddDate(-1, 0, 4+18*k)
			return emit(gid.Of("Interaction", id), base, base, pick(planKinds, r>>4), at, fmt.Sprintf("Plan activity %d", id),
				cost, status, budget, gid.Of("AccountPlan", a), s.teamOf(a, 0), gid.Of("Account", a))
		})
	})
	add("interaction_contacts", []string{"interaction_id", "contact_id"}, func(emit func(...any) error) error {
		return each(func(a, _, id int, _ uint64) error { return emit(gid.Of("Interaction", id), s.contactAt(a, 0)) })
	})
	add("interaction_team_members", []string{"interaction_id", "team_member_id"}, func(emit func(...any) error) error {
		return each(func(a, _, id int, _ uint64) error { return emit(gid.Of("Interaction", id), s.teamOf(a, 0)) })
	})
	return ts
}
