package domain

// ValueCriterion is one criterion of an account's value assessment, from
// the source practice: a customer's value is more than its revenue.
type ValueCriterion struct {
	// Key is the criterion's name in the API and the prefix of its
	// columns (revenue_score, revenue_weight).
	Key string
	// Group is ECONOMIC, STRATEGIC or RELATIONSHIP.
	Group string
	// Weight is the default weight; the defaults sum to 1.
	Weight float64
}

// Value criteria groups.
const (
	ValueEconomic     = "ECONOMIC"
	ValueStrategic    = "STRATEGIC"
	ValueRelationship = "RELATIONSHIP"
)

// ValueCriteria lists the criteria in display order with their default
// weights: economic 0.30 (revenue, margin and payment collection, the
// telecom vendor's scorecard), strategic 0.60 (reference value and product
// pull, management improvement, long-term payback, share of wallet, growth
// potential), relationship 0.10 (the loyalty ladder).
var ValueCriteria = []ValueCriterion{
	{"revenue", ValueEconomic, 0.15},
	{"margin", ValueEconomic, 0.10},
	{"payment_collection", ValueEconomic, 0.05},
	{"reference_value", ValueStrategic, 0.15},
	{"management_improvement", ValueStrategic, 0.10},
	{"long_term_payback", ValueStrategic, 0.10},
	{"share_of_wallet", ValueStrategic, 0.10},
	{"growth_potential", ValueStrategic, 0.15},
	{"loyalty", ValueRelationship, 0.10},
}

// MaxValueScore is the top of every criterion's scale (0..5).
const MaxValueScore = 5

// LoyaltyScore maps a loyalty-ladder stage onto the 0..5 scale: the loyalty
// criterion's score when an assessment does not give one.
func LoyaltyScore(stage string) float64 {
	switch stage {
	case "SUSPICIOUS":
		return 1
	case "EXPECTANT":
		return 2
	case "FIRST_PURCHASE":
		return 3
	case "REPEAT_PURCHASE":
		return 4
	case "ADVOCATE":
		return 5
	}
	return 0
}
