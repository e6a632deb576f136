// Package valuation scores an account's value beyond revenue on the weighted
// criteria of the source practice (domain.ValueCriteria) and recommends a
// tier from the latest assessment, with the reasons.
package valuation

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"rapport/internal/domain"
)

// Thresholds on the 0..100 value score: STRATEGIC from 70, PARTNER from 55,
// COMMERCIAL from 40, GENERAL below.
const (
	strategicFrom  = 70
	partnerFrom    = 55
	commercialFrom = 40
)

// weightTolerance absorbs decimal rounding in weights given by hand
// (0.1 + 0.2 is not 0.3 in floating point).
const weightTolerance = 0.001

// Criterion is one criterion of an assessment with its part of the score.
type Criterion struct {
	Criterion string // REVENUE, MARGIN, ...
	Group     string // ECONOMIC, STRATEGIC, RELATIONSHIP
	Score     float64
	Weight    float64
	// Points is the criterion's share of the 0..100 score:
	// 100 x weight x score / 5.
	Points float64
}

// Input is an assessment's scores and weights by criterion key (as in
// domain.ValueCriteria: "revenue", "reference_value", ...).
type Input struct {
	Scores  map[string]float64
	Weights map[string]float64
}

// Result is a computed assessment.
type Result struct {
	Score    float64 // 0..100, rounded to one decimal
	Tier     domain.Tier
	Criteria []Criterion
}

// Compute scores an assessment: score = 100 x sum(weight x score / 5).
// Missing weights take their defaults.
func Compute(in Input) Result {
	var total float64
	out := Result{Criteria: make([]Criterion, 0, len(domain.ValueCriteria))}
	for _, c := range domain.ValueCriteria {
		w, ok := in.Weights[c.Key]
		if !ok {
			w = c.Weight
		}
		s := in.Scores[c.Key]
		p := 100 * w * s / domain.MaxValueScore
		total += p
		out.Criteria = append(out.Criteria, Criterion{Criterion: strings.ToUpper(c.Key), Group: c.Group, Score: s, Weight: w, Points: round1(p)})
	}
	out.Score = round1(total)
	out.Tier = TierFor(out.Score)
	return out
}

// TierFor maps a value score onto a tier.
func TierFor(score float64) domain.Tier {
	switch {
	case score >= strategicFrom:
		return domain.TierStrategic
	case score >= partnerFrom:
		return domain.TierPartner
	case score >= commercialFrom:
		return domain.TierCommercial
	}
	return domain.TierGeneral
}

// WeightSum returns the sum of the weights (defaults for the missing).
func WeightSum(weights map[string]float64) float64 {
	var sum float64
	for _, c := range domain.ValueCriteria {
		w, ok := weights[c.Key]
		if !ok {
			w = c.Weight
		}
		sum += w
	}
	return sum
}

// WeightsValid reports whether the weights sum to 1.
func WeightsValid(weights map[string]float64) bool {
	return math.Abs(WeightSum(weights)-1) <= weightTolerance
}

// DefaultWeights describes the default weights, for error messages.
func DefaultWeights() string {
	parts := make([]string, len(domain.ValueCriteria))
	for i, c := range domain.ValueCriteria {
		parts[i] = fmt.Sprintf("%s %.2f", label(c.Key), c.Weight)
	}
	return strings.Join(parts, ", ")
}

// Reasons explains a result: the band the score falls in, then the
// criteria that carry it (scored 4 or more) and those that hold it back
// (scored 2 or less), each by the points it brings, largest first.
func Reasons(r Result) []string {
	out := []string{band(r.Score)}
	strong, weak := []Criterion{}, []Criterion{}
	for _, c := range r.Criteria {
		switch {
		case c.Weight == 0:
		case c.Score >= 4:
			strong = append(strong, c)
		case c.Score <= 2:
			weak = append(weak, c)
		}
	}
	sort.SliceStable(strong, func(i, j int) bool { return strong[i].Points > strong[j].Points })
	sort.SliceStable(weak, func(i, j int) bool { return weak[i].Weight > weak[j].Weight })
	for _, c := range strong {
		out = append(out, fmt.Sprintf("Strong %s: %s/5 (weight %s, %s points)", label(strings.ToLower(c.Criterion)), num(c.Score), num(c.Weight), num(c.Points)))
	}
	for _, c := range weak {
		out = append(out, fmt.Sprintf("Weak %s: %s/5 (weight %s, %s of %s possible points)", label(strings.ToLower(c.Criterion)), num(c.Score), num(c.Weight), num(c.Points), num(100*c.Weight)))
	}
	return out
}

func band(score float64) string {
	switch {
	case score >= strategicFrom:
		return fmt.Sprintf("Value score %s is %d or more: STRATEGIC", num(score), strategicFrom)
	case score >= partnerFrom:
		return fmt.Sprintf("Value score %s is %d to %d: PARTNER", num(score), partnerFrom, strategicFrom)
	case score >= commercialFrom:
		return fmt.Sprintf("Value score %s is %d to %d: COMMERCIAL", num(score), commercialFrom, partnerFrom)
	}
	return fmt.Sprintf("Value score %s is below %d: GENERAL", num(score), commercialFrom)
}

var labels = map[string]string{
	"revenue":                "revenue",
	"margin":                 "margin",
	"payment_collection":     "payment collection",
	"reference_value":        "reference value and product pull",
	"management_improvement": "management improvement",
	"long_term_payback":      "long-term payback",
	"share_of_wallet":        "share of wallet",
	"growth_potential":       "growth potential",
	"loyalty":                "loyalty stage",
}

func label(key string) string {
	if l, ok := labels[key]; ok {
		return l
	}
	return key
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// num prints a number without trailing zeros: 5, 0.15, 78.5.
func num(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// Basis says where a recommended tier comes from.
type Basis string

// Bases of a recommendation.
const (
	// BasisValueAssessment: the account's latest value assessment.
	BasisValueAssessment Basis = "VALUE_ASSESSMENT"
	// BasisValueClasses: no assessment yet; ABC class and CLV quadrant.
	BasisValueClasses Basis = "VALUE_CLASSES"
)

// Values lists the bases for the GraphQL enum.
func (Basis) Values() []string {
	return []string{string(BasisValueAssessment), string(BasisValueClasses)}
}

// MarshalGQL writes the basis as a GraphQL enum value.
func (b Basis) MarshalGQL(w io.Writer) { domain.WriteQuoted(w, string(b)) }

// UnmarshalGQL reads a GraphQL enum value.
func (b *Basis) UnmarshalGQL(v any) error {
	return domain.UnmarshalEnum(v, "TierBasis", b.Values(), (*string)(b))
}
