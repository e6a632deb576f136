package graph

import (
	"context"

	"rapport/ent"
	"rapport/internal/clock"
	"rapport/internal/orglayer"
	"rapport/internal/valuation"
)

// This file adapts internal/orglayer and internal/valuation to the
// resolvers of orglayer.graphqls, batching over the list a field sits in.

func pairingID(p *ent.ExecutivePairing) int { return p.ID }

func (r *Resolver) pairingHealth(ctx context.Context, p *ent.ExecutivePairing) (*orglayer.Health, error) {
	b := batcherFor(ctx, "pairingHealth", func(ctx context.Context, ids []int) (map[int]*orglayer.Health, error) {
		return orglayer.Load(ctx, r.db(ctx), ids, clock.Now(ctx))
	})
	return b.load(ctx, p.ID, siblingIDs(ctx, pairingID))
}

type tierInputs struct {
	latest  map[int]*ent.ValueAssessment
	reasons map[int]*string
}

// tierRecommendation reads the latest assessments and tier reasons of the
// accounts listed beside a once; accounts without an assessment fall back
// on the value classes.
func (r *Resolver) tierRecommendation(ctx context.Context, a *ent.Account) (*valuation.Recommendation, error) {
	b := batcherFor(ctx, "tierInputs", func(ctx context.Context, ids []int) (map[int]tierInputs, error) {
		latest, err := valuation.Latest(ctx, r.db(ctx), ids)
		if err != nil {
			return nil, err
		}
		reasons, err := valuation.RecordedReasons(ctx, r.db(ctx), ids)
		if err != nil {
			return nil, err
		}
		out := make(map[int]tierInputs, len(ids))
		for _, id := range ids {
			out[id] = tierInputs{latest: latest, reasons: reasons}
		}
		return out, nil
	})
	in, err := b.load(ctx, a.ID, siblingIDs(ctx, accountID))
	if err != nil {
		return nil, err
	}
	var fb valuation.Fallback
	if in.latest[a.ID] == nil {
		c, err := r.classes(ctx, a)
		if err != nil {
			return nil, err
		}
		fb = valuation.Fallback{Tier: c.Recommended, Abc: c.Abc, Clv: c.Clv}
	}
	return valuation.Recommend(a, in.latest[a.ID], in.reasons[a.ID], fb), nil
}

func valueCriteria(a *ent.ValueAssessment) []*valuation.Criterion {
	res := valuation.Of(a)
	out := make([]*valuation.Criterion, len(res.Criteria))
	for i := range res.Criteria {
		out[i] = &res.Criteria[i]
	}
	return out
}
