package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"rapport/bench/dataset"
	"rapport/internal/gid"
)

// planCases are the relationship programme's reads (issue 17): plan vs
// actual of one account (target p99 < 50 ms at M) and the whitespace grid
// of every account x 20 offerings (target p99 < 200 ms at L). The dataset
// gives every account a FY2025 plan with 20 activities and 5 objectives,
// and 12 of the 20 offerings a row (bench/dataset/plans.go).
func (e *Env) planCases() []Case {
	s := e.Shape
	return []Case{
		{
			ID: "p", Title: "plan vs actual of one account (20 activities, 5 objectives)",
			Needs: []string{"AccountPlan.progress", "Account.plan"},
			API: e.query(`query PlanProgress($id: ID!) { node(id: $id) { ... on Account { plan(fiscalYear: 2025) { title period
				progress { done planned overdue cancelled plannedBudget spentBudget
					byMeans { key planned spent } byQuarter { key planned spent }
					objectives { objective { title metric target } current reached overdue }
					stakeholders { contact { name } strengthDelta attitudeDelta }
					overdueActivities { id occurredAt kind } } } } } }`,
				map[string]any{"id": e.id(s.PageAccountID)}),
			Note: "no floor: plan vs actual measures objectives with the strength formula and the coverage of key people",
		},
		{
			ID: "w", Title: fmt.Sprintf("whitespaceGrid, %d accounts x 20 offerings", s.Scale.Accounts),
			Needs: []string{"Query.whitespaceGrid"}, Concurrency: 2,
			API: e.query(`query Whitespace { whitespaceGrid { offerings { id name }
				rows { account { id name } groupWhitespace cells { status currentRevenue potential whitespace subsidiariesWhitespace } }
				columns { whitespace } totalCurrentRevenue totalWhitespace } }`, nil),
			Note: "no floor: the grid rolls subsidiaries up; rows are every account, cells every offering",
		},
	}
}

// handoverMembers is the coverage count of the team member whose rotation
// the handover case measures (issue 16: "a team member covering 300
// contacts").
const handoverMembers = 300

// programmeCases are the dashboard's operations of the relationship
// programme, with the targets of issues 16 and 17: the alerts inbox (p99 <
// 50 ms at M), a group's layers and health (p99 < 100 ms at M) and the
// handover impact of a member covering about 300 contacts (p99 < 100 ms
// at M).
func (e *Env) programmeCases() []Case {
	s := e.Shape
	var out []Case
	single := func(id, title, name string, vars func() (map[string]any, error), note string) {
		doc, missing := e.dashboardOp(name)
		out = append(out, Case{ID: id, Title: title, Dashboard: true, missing: missing, Note: note,
			API: func(ctx context.Context, _, _ int) error {
				v, err := vars()
				if err != nil {
					return err
				}
				return e.API.Do(ctx, doc, v, nil)
			}})
	}
	fixed := func(v map[string]any) func() (map[string]any, error) {
		return func() (map[string]any, error) { return v, nil }
	}
	single("dl", "dashboard alerts inbox: AlertInbox, 50 new", "AlertInbox",
		fixed(map[string]any{"state": "NEW", "first": 50}),
		"the inbox holds what the server's own rules raised on the generated data (cadence, overdue activities, budgets)")
	single("dg", fmt.Sprintf("dashboard group card: AccountGroup of a group of %d accounts", dataset.GroupSize), "AccountGroup",
		fixed(map[string]any{"id": e.id(s.GroupAccountID)}),
		"the group's three layers, health and gaps per subsidiary and for the group")
	var (
		once   sync.Once
		member map[string]any
		merr   error
		count  int
	)
	single("dh", fmt.Sprintf("dashboard handover page: HandoverImpact of a member covering about %d contacts", handoverMembers), "HandoverImpact",
		func() (map[string]any, error) {
			once.Do(func() { member, count, merr = e.handoverMember() })
			return member, merr
		},
		fmt.Sprintf("the member is the one whose coverage count is nearest %d", handoverMembers))
	out[len(out)-1].Detail = func() string {
		if count == 0 {
			return ""
		}
		return fmt.Sprintf("the member covers %d contacts", count)
	}
	return out
}

// handoverMember finds the team member whose coverage count is nearest
// handoverMembers.
func (e *Env) handoverMember() (map[string]any, int, error) {
	if e.DB == nil { // the cases' own tests: any member will do
		return map[string]any{"member": e.id(gid.Of("TeamMember", 1))}, 0, nil
	}
	var id, n int
	err := e.DB.QueryRow(fmt.Sprintf(`SELECT team_member_id, COUNT(*) FROM coverages GROUP BY team_member_id
		ORDER BY ABS(COUNT(*) - %d), team_member_id LIMIT 1`, handoverMembers)).Scan(&id, &n)
	if errors.Is(err, sql.ErrNoRows) { // no coverage at all: any member will do
		return map[string]any{"member": e.id(gid.Of("TeamMember", 1))}, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("handover case: find a member: %w", err)
	}
	return map[string]any{"member": e.id(id)}, n, nil
}
