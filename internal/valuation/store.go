package valuation

import (
	"context"
	"fmt"
	"strings"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/hook"
	"rapport/ent/tierchange"
	"rapport/ent/valueassessment"
	"rapport/internal/apperr"
	"rapport/internal/chunk"
	"rapport/internal/domain"
)

// Of computes a stored assessment from its columns.
func Of(a *ent.ValueAssessment) Result {
	return Compute(Input{
		Scores: map[string]float64{
			"revenue": a.RevenueScore, "margin": a.MarginScore, "payment_collection": a.PaymentCollectionScore,
			"reference_value": a.ReferenceValueScore, "management_improvement": a.ManagementImprovementScore,
			"long_term_payback": a.LongTermPaybackScore, "share_of_wallet": a.ShareOfWalletScore,
			"growth_potential": a.GrowthPotentialScore, "loyalty": a.LoyaltyScore,
		},
		Weights: map[string]float64{
			"revenue": a.RevenueWeight, "margin": a.MarginWeight, "payment_collection": a.PaymentCollectionWeight,
			"reference_value": a.ReferenceValueWeight, "management_improvement": a.ManagementImprovementWeight,
			"long_term_payback": a.LongTermPaybackWeight, "share_of_wallet": a.ShareOfWalletWeight,
			"growth_potential": a.GrowthPotentialWeight, "loyalty": a.LoyaltyWeight,
		},
	})
}

// Hook checks an assessment as it is written (the weights sum to 1), fills
// the loyalty score from the account's loyalty stage when none is given,
// and stores the score and the tier it recommends, in the mutation's
// transaction.
func Hook(next ent.Mutator) ent.Mutator {
	return hook.ValueAssessmentFunc(func(ctx context.Context, m *ent.ValueAssessmentMutation) (ent.Value, error) {
		if !m.Op().Is(ent.OpCreate | ent.OpUpdateOne) {
			return next.Mutate(ctx, m)
		}
		in := Input{Scores: map[string]float64{}, Weights: map[string]float64{}}
		var weightGiven string
		for _, c := range domain.ValueCriteria {
			for _, part := range []string{"score", "weight"} {
				name := c.Key + "_" + part
				v, ok := m.Field(name)
				if ok && part == "weight" && weightGiven == "" {
					weightGiven = name
				}
				if !ok && m.Op().Is(ent.OpUpdateOne) {
					old, err := m.OldField(ctx, name)
					if err != nil {
						return nil, fmt.Errorf("read %s: %w", name, err)
					}
					v, ok = old, true
				}
				f, _ := v.(float64)
				if part == "score" {
					in.Scores[c.Key] = f
				} else if ok {
					in.Weights[c.Key] = f
				}
			}
		}
		if weightGiven != "" && !WeightsValid(in.Weights) {
			return nil, apperr.Invalid(apperr.FieldName(weightGiven),
				"the nine weights sum to %s; expected weights from 0 to 1 that sum to 1 (the defaults: %s)",
				num(WeightSum(in.Weights)), DefaultWeights())
		}
		_, given := m.LoyaltyScore()
		if !given && (m.Op().Is(ent.OpCreate) || m.LoyaltyScoreCleared()) {
			score, err := loyaltyFromStage(ctx, m)
			if err != nil {
				return nil, err
			}
			m.SetLoyaltyScore(score)
			in.Scores["loyalty"] = score
		}
		r := Compute(in)
		m.SetScore(r.Score)
		m.SetRecommendedTier(r.Tier)
		return next.Mutate(ctx, m)
	})
}

func loyaltyFromStage(ctx context.Context, m *ent.ValueAssessmentMutation) (float64, error) {
	id, ok := m.AccountID()
	if !ok {
		old, err := m.OldAccountID(ctx)
		if err != nil {
			return 0, fmt.Errorf("read account of assessment: %w", err)
		}
		id = old
	}
	a, err := m.Client().Account.Query().Where(account.ID(id)).Select(account.FieldLoyaltyStage).Only(ctx)
	if err != nil {
		return 0, fmt.Errorf("read loyalty stage: %w", err)
	}
	return domain.LoyaltyScore(string(a.LoyaltyStage)), nil
}

// Recommendation is an account's recommended tier beside its recorded one.
type Recommendation struct {
	Tier           domain.Tier
	RecordedTier   domain.Tier
	RecordedReason *string
	Agrees         bool
	Basis          Basis
	Score          *float64
	Reasons        []string
	Assessment     *ent.ValueAssessment
}

// Fallback is what an account without an assessment is recommended from.
type Fallback struct {
	Tier domain.Tier
	Abc  domain.AbcClass
	Clv  domain.ClvQuadrant
}

// Recommend builds an account's recommendation from its latest assessment
// (nil: none yet, and the value classes decide).
func Recommend(a *ent.Account, latest *ent.ValueAssessment, recordedReason *string, fb Fallback) *Recommendation {
	rec := &Recommendation{RecordedTier: a.Tier, RecordedReason: recordedReason, Assessment: latest}
	if latest != nil {
		r := Of(latest)
		rec.Tier, rec.Basis, rec.Score, rec.Reasons = r.Tier, BasisValueAssessment, &r.Score, Reasons(r)
		rec.Reasons[0] += " (assessed " + latest.AssessedAt.Format("2006-01-02") + ")"
	} else {
		rec.Tier, rec.Basis = fb.Tier, BasisValueClasses
		rec.Reasons = []string{fmt.Sprintf("No value assessment yet: suggested from ABC class %s and CLV quadrant %s", fb.Abc, fb.Clv)}
	}
	rec.Agrees = rec.Tier == a.Tier
	if !rec.Agrees {
		rec.Reasons = append(rec.Reasons, fmt.Sprintf("Disagrees with the recorded tier %s%s", a.Tier, reasonSuffix(recordedReason)))
	}
	return rec
}

func reasonSuffix(r *string) string {
	if r == nil || strings.TrimSpace(*r) == "" {
		return ""
	}
	return " (recorded: " + *r + ")"
}

// Latest returns each account's latest assessment (by assessedAt, then ID).
func Latest(ctx context.Context, c *ent.Client, ids []int) (map[int]*ent.ValueAssessment, error) {
	out := make(map[int]*ent.ValueAssessment, len(ids))
	for _, part := range chunk.IDs(ids, chunk.Size) {
		rows, err := c.ValueAssessment.Query().
			Where(valueassessment.AccountIDIn(part...)).
			Order(ent.Desc(valueassessment.FieldAssessedAt), ent.Desc(valueassessment.FieldID)).
			All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load value assessments: %w", err)
		}
		for _, r := range rows {
			if _, seen := out[r.AccountID]; !seen {
				out[r.AccountID] = r
			}
		}
	}
	return out, nil
}

// RecordedReasons returns the reason recorded with each account's latest
// tier change, when it has one.
func RecordedReasons(ctx context.Context, c *ent.Client, ids []int) (map[int]*string, error) {
	out := make(map[int]*string, len(ids))
	for _, part := range chunk.IDs(ids, chunk.Size) {
		rows, err := c.TierChange.Query().
			Where(tierchange.AccountIDIn(part...)).
			Order(ent.Desc(tierchange.FieldChangedAt), ent.Desc(tierchange.FieldID)).
			Select(tierchange.FieldAccountID, tierchange.FieldReason).
			All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load tier reasons: %w", err)
		}
		for _, r := range rows {
			if _, seen := out[r.AccountID]; seen {
				continue
			}
			var reason *string
			if r.Reason != "" {
				reason = &r.Reason
			}
			out[r.AccountID] = reason
		}
	}
	return out, nil
}
