package classify

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/internal/auth"
	"rapport/internal/domain"
)

// ABC thresholds: accounts making the first 80% of revenue are A, the next
// 15% B, the rest C. The account that crosses 80% is still A: it is part
// of what makes the first 80%.
const (
	shareA = 0.80
	shareB = 0.95
)

// Account is what classification reads of an account.
type Account struct {
	ID        int
	Revenue   float64 // annual_revenue: trailing-twelve-month revenue
	Potential float64 // potential_value
}

// Classes are an account's value classes.
type Classes struct {
	Abc         domain.AbcClass
	Clv         domain.ClvQuadrant
	Recommended domain.Tier
}

// Load classifies every account with one query. Classes are relative to
// the whole portfolio, so they are always computed over all accounts,
// whoever asks: a viewer who sees some accounts gets their classes
// (the caller returns only those), not classes relative to what they see.
func Load(ctx context.Context, client *ent.Client) (map[int]Classes, error) {
	rows, err := client.Account.Query().
		Select(account.FieldID, account.FieldAnnualRevenue, account.FieldPotentialValue).
		All(auth.WithViewer(ctx, auth.System))
	if err != nil {
		return nil, fmt.Errorf("load accounts to classify: %w", err)
	}
	accs := make([]Account, len(rows))
	for i, r := range rows {
		accs[i] = Account{ID: r.ID, Revenue: r.AnnualRevenue, Potential: r.PotentialValue}
	}
	return Classify(accs), nil
}

// Classify computes every account's ABC class, CLV quadrant and
// recommended tier.
func Classify(accs []Account) map[int]Classes {
	out := make(map[int]Classes, len(accs))
	abc := ABC(accs)
	revMedian := median(accs, func(a Account) float64 { return a.Revenue })
	potMedian := median(accs, func(a Account) float64 { return a.Potential })
	for _, a := range accs {
		q := Quadrant(a.Revenue > revMedian, a.Potential > potMedian)
		out[a.ID] = Classes{Abc: abc[a.ID], Clv: q, Recommended: RecommendedTier(abc[a.ID], q)}
	}
	return out
}

// ABC ranks accounts by revenue (ties by ID) and classes them by the
// share of total revenue made by the accounts before them. Accounts
// without revenue, and all accounts when there is none, are C.
func ABC(accs []Account) map[int]domain.AbcClass {
	sorted := slices.Clone(accs)
	slices.SortFunc(sorted, func(a, b Account) int { return cmp.Or(cmp.Compare(b.Revenue, a.Revenue), a.ID-b.ID) })
	var total float64
	for _, a := range sorted {
		total += a.Revenue
	}
	out := make(map[int]domain.AbcClass, len(accs))
	var before float64
	for _, a := range sorted {
		switch {
		case total <= 0 || a.Revenue <= 0:
			out[a.ID] = domain.ClassC
		case before/total < shareA:
			out[a.ID] = domain.ClassA
		case before/total < shareB:
			out[a.ID] = domain.ClassB
		default:
			out[a.ID] = domain.ClassC
		}
		before += a.Revenue
	}
	return out
}

// Quadrant places an account by current value (annual revenue) and
// potential value, each high when strictly above the portfolio's median:
// HIGH_VALUE (A) high/high, SECONDARY_VALUE (B) high current and low
// potential, POTENTIAL_VALUE (C) low current and high potential,
// LOW_VALUE (D) low/low. Strictly above, so that a portfolio of equal
// accounts is all LOW_VALUE rather than all HIGH_VALUE.
func Quadrant(highCurrent, highPotential bool) domain.ClvQuadrant {
	switch {
	case highCurrent && highPotential:
		return domain.ClvHighValue
	case highCurrent:
		return domain.ClvSecondaryValue
	case highPotential:
		return domain.ClvPotentialValue
	}
	return domain.ClvLowValue
}

// RecommendedTier suggests a tier from the value classes:
//
//	STRATEGIC   A with high potential (HIGH_VALUE or POTENTIAL_VALUE)
//	PARTNER     any other A, or B with high potential
//	COMMERCIAL  any other B, or C with high potential
//	GENERAL     the rest
//
// Potential counts as much as present revenue: a tier is an investment
// decision about the years ahead.
func RecommendedTier(abc domain.AbcClass, q domain.ClvQuadrant) domain.Tier {
	highPotential := q == domain.ClvHighValue || q == domain.ClvPotentialValue
	switch {
	case abc == domain.ClassA && highPotential:
		return domain.TierStrategic
	case abc == domain.ClassA, abc == domain.ClassB && highPotential:
		return domain.TierPartner
	case abc == domain.ClassB, highPotential:
		return domain.TierCommercial
	}
	return domain.TierGeneral
}

func median(accs []Account, v func(Account) float64) float64 {
	if len(accs) == 0 {
		return 0
	}
	xs := make([]float64, len(accs))
	for i, a := range accs {
		xs[i] = v(a)
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
