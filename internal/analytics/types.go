// Package analytics computes the BI aggregates in SQL (GROUP BY in the
// database, never by loading rows) and relationship budgets, on SQLite and
// PostgreSQL alike.
package analytics

import (
	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/contact"
	"rapport/ent/interaction"
	"rapport/internal/domain"
)

// BudgetStatus is planned against spent relationship budget in a period.
type BudgetStatus struct {
	Period    string
	Planned   float64
	Spent     float64
	Remaining float64
	Overrun   bool
}

// AccountRow is one group of accountStats; the grouped-by keys are set.
type AccountRow struct {
	Tier          *domain.Tier
	Segment       *account.Segment
	Region        *string
	AbcClass      *domain.AbcClass
	ClvQuadrant   *domain.ClvQuadrant
	Count         int
	RevenueSum    float64
	PotentialSum  float64
	AverageHealth float64
}

// ContactRow is one group of contactStats.
type ContactRow struct {
	DecisionRole     *domain.DecisionRole
	Attitude         *domain.Attitude
	Seniority        *contact.Seniority
	Account          *ent.Account
	Count            int
	AverageInfluence float64
	CoveredCount     int
}

// InteractionRow is one group of interactionStats.
type InteractionRow struct {
	Kind       *interaction.Kind
	Month      *string
	Account    *ent.Account
	TeamMember *ent.TeamMember
	Count      int
	CostSum    float64
}

// SatisfactionPoint is one month of surveys.
type SatisfactionPoint struct {
	Month        string
	AverageScore float64
	Count        int
}
