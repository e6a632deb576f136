package graph

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"rapport/ent"
	"rapport/graph/model"
	"rapport/internal/analytics"
	"rapport/internal/apperr"
	"rapport/internal/chain"
	"rapport/internal/classify"
	"rapport/internal/clock"
	"rapport/internal/domain"
	"rapport/internal/gaps"
	"rapport/internal/gid"
	"rapport/internal/graphalgo"
	"rapport/internal/health"
	"rapport/internal/strength"
)

// This file adapts the engine packages to the resolvers: defaults, ID type
// checks and the per-request client, so that engine.resolvers.go stays a
// table of contents of one-line calls.

// db returns the request's transactional client inside a mutation, the
// plain client otherwise, so that fields read under a mutation see its
// writes.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.client
}

// checkType refuses an ID of another node type with BAD_USER_INPUT, as the
// mutations do, rather than answering NOT_FOUND for a row that exists.
func checkType(field string, id int, typ string) error {
	if t := gid.TypeOf(id); t != typ {
		return apperr.Invalid(field, "%s is not a %s ID", gid.Encode(id), typ)
	}
	return nil
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func (r *Resolver) stakeholderGraph(ctx context.Context, accountID int, depth *int, includeSubsidiaries *bool, minStrength *int, kinds []domain.RelationKind, asOf *time.Time, maxNodes *int) (*graphalgo.Graph, error) {
	if err := checkType("accountId", accountID, ent.TypeAccount); err != nil {
		return nil, err
	}
	return graphalgo.StakeholderGraph(ctx, r.db(ctx), accountID, graphalgo.GraphOptions{
		Depth:               intOr(depth, 2),
		IncludeSubsidiaries: includeSubsidiaries != nil && *includeSubsidiaries,
		MinStrength:         minStrength,
		Kinds:               kinds,
		AsOf:                asOf,
		MaxNodes:            intOr(maxNodes, 2000),
		Now:                 clock.Now(ctx),
	})
}

func (r *Resolver) decisionChain(ctx context.Context, o *ent.Opportunity) (*chain.Chain, error) {
	b := batcherFor(ctx, "decisionChain", func(ctx context.Context, ids []int) (map[int]*chain.Chain, error) {
		return chain.Load(ctx, r.db(ctx), ids)
	})
	return b.load(ctx, o.ID, siblingIDs(ctx, func(o *ent.Opportunity) int { return o.ID }))
}

func (r *Resolver) introductionPaths(ctx context.Context, to int, from []int, maxHops, first *int) ([]*graphalgo.Path, error) {
	if err := checkType("to", to, ent.TypeContact); err != nil {
		return nil, err
	}
	for _, id := range from {
		if err := checkType("from", id, ent.TypeTeamMember); err != nil {
			return nil, err
		}
	}
	return graphalgo.IntroductionPaths(ctx, r.db(ctx), graphalgo.PathOptions{
		To: to, From: from, MaxHops: intOr(maxHops, 4), First: intOr(first, 3), Now: clock.Now(ctx),
	})
}

func (r *Resolver) coverageGaps(ctx context.Context, accountID int, staleDays *int) ([]*gaps.Gap, error) {
	if err := checkType("accountId", accountID, ent.TypeAccount); err != nil {
		return nil, err
	}
	return gaps.Find(ctx, r.db(ctx), gaps.Options{AccountID: accountID, StaleDays: intOr(staleDays, 90), Now: clock.Now(ctx)})
}

func (r *Resolver) health(ctx context.Context, a *ent.Account) (*health.Health, error) {
	b := batcherFor(ctx, "health", func(ctx context.Context, ids []int) (map[int]*health.Health, error) {
		return health.Compute(ctx, r.db(ctx), ids, clock.Now(ctx))
	})
	return b.load(ctx, a.ID, siblingIDs(ctx, accountID))
}

func accountID(a *ent.Account) int { return a.ID }

// classes classifies every account once per request (one query): the
// classes are relative to the whole portfolio.
func (r *Resolver) classes(ctx context.Context, a *ent.Account) (classify.Classes, error) {
	b := batcherFor(ctx, "classes", func(ctx context.Context, _ []int) (map[int]map[int]classify.Classes, error) {
		all, err := classify.Load(ctx, r.db(ctx))
		return map[int]map[int]classify.Classes{0: all}, err
	})
	all, err := b.load(ctx, 0, nil)
	if err != nil {
		return classify.Classes{}, err
	}
	if c, ok := all[a.ID]; ok {
		return c, nil
	}
	// An account created later in this request: classify it alone.
	return classify.Classify([]classify.Account{{ID: a.ID, Revenue: a.AnnualRevenue, Potential: a.PotentialValue}})[a.ID], nil
}

func groups[T ~string](gs []T) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = string(g)
	}
	return out
}

// selects reports whether the current field's selection asks for name.
func selects(ctx context.Context, name string) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}

func (r *Resolver) accountStats(ctx context.Context, groupBy []model.AccountGroup, where *ent.AccountWhereInput) ([]*analytics.AccountRow, error) {
	return analytics.AccountStats(ctx, r.db(ctx), groups(groupBy), where, selects(ctx, "averageHealth"), clock.Now(ctx))
}

func (r *Resolver) satisfactionTrend(ctx context.Context, accountID *int, from, to *time.Time) ([]*analytics.SatisfactionPoint, error) {
	if accountID != nil {
		if err := checkType("accountId", *accountID, ent.TypeAccount); err != nil {
			return nil, err
		}
	}
	return analytics.SatisfactionTrend(ctx, r.db(ctx), accountID, from, to)
}

func (r *Resolver) computedStrength(ctx context.Context, c *ent.Coverage) (float64, error) {
	b := batcherFor(ctx, "computedStrength", func(ctx context.Context, ids []int) (map[int]float64, error) {
		return strength.Computed(ctx, r.db(ctx), ids, clock.Now(ctx))
	})
	return b.load(ctx, c.ID, siblingIDs(ctx, func(c *ent.Coverage) int { return c.ID }))
}

func (r *Resolver) graphDiff(ctx context.Context, accountID int, from, to time.Time) (*graphalgo.Diff, error) {
	if err := checkType("accountId", accountID, ent.TypeAccount); err != nil {
		return nil, err
	}
	return graphalgo.GraphDiff(ctx, r.db(ctx), accountID, from, to)
}

func (r *Resolver) powerMap(ctx context.Context, accountID int) (*classify.PowerMap, error) {
	if err := checkType("accountId", accountID, ent.TypeAccount); err != nil {
		return nil, err
	}
	return classify.LoadPowerMap(ctx, r.db(ctx), accountID)
}
