package cases

import "fmt"

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
