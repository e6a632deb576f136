package graph

import (
	"context"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/opportunity"
	"rapport/graph/model"
	"rapport/internal/analytics"
	"rapport/internal/apperr"
	"rapport/internal/chain"
	"rapport/internal/chunk"
	"rapport/internal/classify"
	"rapport/internal/clock"
	"rapport/internal/domain"
	"rapport/internal/gaps"
	"rapport/internal/gid"
	"rapport/internal/health"
	"rapport/internal/portfolio"
	"rapport/internal/stakeholder/walk"
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

func (r *Resolver) stakeholderGraph(ctx context.Context, accountID int, depth *int, includeSubsidiaries *bool, minStrength *int, kinds []domain.RelationKind, asOf *time.Time, maxNodes *int) (*walk.Graph, error) {
	if err := checkType("accountId", accountID, ent.TypeAccount); err != nil {
		return nil, err
	}
	return walk.StakeholderGraph(ctx, r.db(ctx), accountID, walk.GraphOptions{
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
	cols, err := chainColumns(ctx, r.db(ctx))
	if err != nil {
		return nil, err
	}
	ch, err := r.chainBatcher(ctx, cols).load(ctx, o.ID, siblingIDs(ctx, func(o *ent.Opportunity) int { return o.ID }))
	if err != nil || ch != nil {
		return ch, err
	}
	// The opportunity was read a moment ago and is gone now (deleted
	// between two statements of this request): it has no links.
	return &chain.Chain{Opportunity: o, Links: []*chain.Entry{}}, nil
}

// chainBatcher is the request's batch of decision chains read with cols.
// Chains read for different selections (aliases) are batched apart: each
// holds only the columns its selection reads.
func (r *Resolver) chainBatcher(ctx context.Context, cols chain.Columns) *batcher[*chain.Chain] {
	return batcherFor(ctx, "decisionChain:"+cols.Key(), func(ctx context.Context, ids []int) (map[int]*chain.Chain, error) {
		return chain.Load(ctx, r.db(ctx), ids, cols)
	})
}

func (r *Resolver) introductionPaths(ctx context.Context, to int, from []int, maxHops, first *int) ([]*walk.Path, error) {
	if err := checkType("to", to, ent.TypeContact); err != nil {
		return nil, err
	}
	for _, id := range from {
		if err := checkType("from", id, ent.TypeTeamMember); err != nil {
			return nil, err
		}
	}
	return walk.IntroductionPaths(ctx, r.db(ctx), walk.PathOptions{
		To: to, From: from, MaxHops: intOr(maxHops, 4), First: intOr(first, 3), Now: clock.Now(ctx),
	})
}

func (r *Resolver) coverageGaps(ctx context.Context, accountID int, staleDays *int) ([]*gaps.Gap, error) {
	if err := checkType("accountId", accountID, ent.TypeAccount); err != nil {
		return nil, err
	}
	days, err := staleOverride(staleDays)
	if err != nil {
		return nil, err
	}
	return gaps.Find(ctx, r.db(ctx), gaps.Options{AccountID: accountID, StaleDays: days, Now: clock.Now(ctx)})
}

// staleOverride reads the staleDays argument: nil (0) follows each
// contact's cadence under the tier policy; a number given must be 1 or more.
func staleOverride(staleDays *int) (int, error) {
	if staleDays == nil {
		return 0, nil
	}
	if *staleDays < 1 {
		return 0, apperr.Invalid("staleDays", "must be 1 or more, got %d", *staleDays)
	}
	return *staleDays, nil
}

// portfolio returns the store's maintained values, or nil inside a
// mutation, whose fields read its own uncommitted writes.
func (r *Resolver) portfolio(ctx context.Context) *portfolio.Portfolio {
	if ent.FromContext(ctx) != nil {
		return nil
	}
	return portfolio.For(r.client)
}

// valuesNow is the one time a request reads the maintained values at:
// the health and the gaps of a list, resolved concurrently, are read as of
// the same instant, so that one computation of the portfolio serves both
// (values read at an instant are not valid at an earlier one).
func valuesNow(ctx context.Context) time.Time {
	return requestValue(ctx, "valuesNow", func() any { return clock.Now(ctx) }).(time.Time)
}

func (r *Resolver) health(ctx context.Context, a *ent.Account) (*health.Health, error) {
	b := batcherFor(ctx, "health", r.healthOf)
	return b.load(ctx, a.ID, siblingIDs(ctx, accountID))
}

// healthOf reads the health of accounts at the request's valuesNow: the
// maintained values when the portfolio keeps them, else a computation.
func (r *Resolver) healthOf(ctx context.Context, ids []int) (map[int]*health.Health, error) {
	if p := r.portfolio(ctx); p != nil {
		return p.Health(ctx, ids, valuesNow(ctx))
	}
	return health.Compute(ctx, r.db(ctx), ids, valuesNow(ctx))
}

// gapSummary is coverageGaps in brief, for every account of the list at
// once: the maintained summaries, then the worst gaps' contacts and
// opportunities in one statement each.
func (r *Resolver) gapSummary(ctx context.Context, a *ent.Account, staleDays *int) (*gaps.Overview, error) {
	days, err := staleOverride(staleDays)
	if err != nil {
		return nil, err
	}
	b := batcherFor(ctx, fmt.Sprintf("gapSummary/%d", days), func(ctx context.Context, ids []int) (map[int]*gaps.Overview, error) {
		now := valuesNow(ctx)
		var ovs map[int]gaps.Overview
		if p := r.portfolio(ctx); p != nil {
			var err error
			if ovs, err = p.Gaps(ctx, ids, now, days); err != nil {
				return nil, err
			}
		} else {
			sums, err := gaps.Summarize(ctx, r.db(ctx), ids)
			if err != nil {
				return nil, err
			}
			ovs = make(map[int]gaps.Overview, len(sums))
			for id, s := range sums {
				ovs[id] = s.At(now, days)
			}
		}
		return withGapRows(ctx, r.db(ctx), ovs)
	})
	return b.load(ctx, a.ID, siblingIDs(ctx, accountID))
}

// withGapRows loads the contacts and opportunities the worst gaps name.
func withGapRows(ctx context.Context, client *ent.Client, ovs map[int]gaps.Overview) (map[int]*gaps.Overview, error) {
	var cids, oids []int
	for _, o := range ovs {
		if o.Worst != nil {
			cids = append(cids, o.Worst.ContactID)
			if o.Worst.OpportunityID != 0 {
				oids = append(oids, o.Worst.OpportunityID)
			}
		}
	}
	cs, err := chunk.Load(cids, func(ids []int) ([]*ent.Contact, error) {
		return client.Contact.Query().Where(contact.IDIn(ids...)).All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("load the contacts of %d gaps: %w", len(cids), err)
	}
	orows, err := chunk.Load(oids, func(ids []int) ([]*ent.Opportunity, error) {
		return client.Opportunity.Query().Where(opportunity.IDIn(ids...)).All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("load the opportunities of %d gaps: %w", len(oids), err)
	}
	contacts := make(map[int]*ent.Contact, len(cs))
	for _, c := range cs {
		contacts[c.ID] = c
	}
	opps := make(map[int]*ent.Opportunity, len(orows))
	for _, o := range orows {
		opps[o.ID] = o
	}
	out := make(map[int]*gaps.Overview, len(ovs))
	for id, o := range ovs {
		if w := o.Worst; w != nil {
			w.Contact, w.Opportunity = contacts[w.ContactID], opps[w.OpportunityID]
		}
		out[id] = &o
	}
	return out, nil
}

func accountID(a *ent.Account) int { return a.ID }

// classes classifies every account once per request (the maintained
// classes, or one query): the classes are relative to the whole
// portfolio, whoever asks.
func (r *Resolver) classes(ctx context.Context, a *ent.Account) (classify.Classes, error) {
	b := batcherFor(ctx, "classes", func(ctx context.Context, _ []int) (map[int]map[int]classify.Classes, error) {
		var all map[int]classify.Classes
		var err error
		if p := r.portfolio(ctx); p != nil {
			all, err = p.Classes(ctx)
		} else {
			all, err = classify.Load(ctx, r.db(ctx))
		}
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
	var src analytics.Sources
	if p := r.portfolio(ctx); p != nil {
		src = analytics.Sources{Portfolio: p.Accounts, Classes: p.Classes, Scores: p.Scores}
	}
	return analytics.AccountStatsWith(ctx, r.db(ctx), src, groups(groupBy), where, selects(ctx, "averageHealth"), clock.Now(ctx))
}

// interactionStats answers from the portfolio's maintained cells when the
// grouping is by account, month and kind without time bounds (the
// Analytics page's), with SQL otherwise.
func (r *Resolver) interactionStats(ctx context.Context, groupBy []string, from, to *time.Time) ([]*analytics.InteractionRow, error) {
	if p := r.portfolio(ctx); p != nil && analytics.FromActivity(groupBy, from, to) {
		act, err := p.Activity(ctx)
		if err != nil {
			return nil, err
		}
		return analytics.InteractionStatsFrom(ctx, r.db(ctx), act, groupBy, selects(ctx, "costSum"))
	}
	return analytics.InteractionStats(ctx, r.db(ctx), groupBy, from, to)
}

func (r *Resolver) satisfactionTrend(ctx context.Context, accountID *int, from, to *time.Time) ([]*analytics.SatisfactionPoint, error) {
	if accountID != nil {
		if err := checkType("accountId", *accountID, ent.TypeAccount); err != nil {
			return nil, err
		}
	}
	return analytics.SatisfactionTrend(ctx, r.db(ctx), accountID, from, to)
}

func (r *Resolver) complaintTrend(ctx context.Context, accountID *int, from, to *time.Time) (*health.ComplaintTrend, error) {
	if accountID != nil {
		if err := checkType("accountId", *accountID, ent.TypeAccount); err != nil {
			return nil, err
		}
	}
	return health.Trend(ctx, r.db(ctx), accountID, from, to, clock.Now(ctx))
}

func (r *Resolver) computedStrength(ctx context.Context, c *ent.Coverage) (float64, error) {
	b := batcherFor(ctx, "computedStrength", func(ctx context.Context, ids []int) (map[int]float64, error) {
		return strength.Computed(ctx, r.db(ctx), ids, clock.Now(ctx))
	})
	return b.load(ctx, c.ID, siblingIDs(ctx, func(c *ent.Coverage) int { return c.ID }))
}

func (r *Resolver) graphDiff(ctx context.Context, accountID int, from, to time.Time) (*walk.Diff, error) {
	if err := checkType("accountId", accountID, ent.TypeAccount); err != nil {
		return nil, err
	}
	return walk.GraphDiff(ctx, r.db(ctx), accountID, from, to)
}

func (r *Resolver) powerMap(ctx context.Context, accountID int) (*classify.PowerMap, error) {
	if err := checkType("accountId", accountID, ent.TypeAccount); err != nil {
		return nil, err
	}
	return classify.LoadPowerMap(ctx, r.db(ctx), accountID)
}
