package graphalgo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/teammember"
	"rapport/internal/apperr"
	"rapport/internal/domain"
	"rapport/internal/gid"
)

// MaxNodesLimit caps maxNodes: a drawing with more nodes is unreadable, and
// the IN lists of a level query stay well under both stores' limits on
// bound parameters.
const MaxNodesLimit = 10000

// maxSubsidiaryLevels bounds the walk down the account hierarchy (group,
// provincial branches, city branches, ...).
const maxSubsidiaryLevels = 8

// GraphOptions are stakeholderGraph's arguments.
type GraphOptions struct {
	Depth               int
	IncludeSubsidiaries bool
	MinStrength         *int
	Kinds               []domain.RelationKind
	AsOf                *time.Time
	MaxNodes            int
	Now                 time.Time
}

func (o GraphOptions) validate() error {
	if o.Depth < 0 {
		return apperr.Invalid("depth", "depth must be 0 or more, got %d", o.Depth)
	}
	if o.MaxNodes < 1 || o.MaxNodes > MaxNodesLimit {
		return apperr.Invalid("maxNodes", "maxNodes must be between 1 and %d, got %d", MaxNodesLimit, o.MaxNodes)
	}
	if o.MinStrength != nil && (*o.MinStrength < 1 || *o.MinStrength > 5) {
		return apperr.Invalid("minStrength", "minStrength must be between 1 and 5, got %d", *o.MinStrength)
	}
	return nil
}

// filter turns the options into a walk filter. Without asOf the graph is
// today's: relations that have ended are left out, people who left are
// kept (marked LEFT) so that handover gaps stay visible.
func (o GraphOptions) filter() Filter {
	f := Filter{AsOf: o.Now, Kinds: o.Kinds}
	if o.MinStrength != nil {
		f.MinStrength = *o.MinStrength
	}
	if o.AsOf != nil {
		f.AsOf = *o.AsOf
		f.Left = DropLeftByAsOf
	}
	return f
}

// StakeholderGraph builds the drawable graph around an account: its
// contacts (and its subsidiaries' when asked), people up to Depth hops from
// them, the active team members covering any of them, and the accounts
// they all belong to.
func StakeholderGraph(ctx context.Context, client *ent.Client, accountID int, o GraphOptions) (*Graph, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	root, err := client.Account.Get(ctx, accountID)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "accountId", "no account %s", gid.Encode(accountID))
	}
	if err != nil {
		return nil, fmt.Errorf("load account %d: %w", accountID, err)
	}
	g := &Graph{}
	accounts := []*ent.Account{root}
	if o.IncludeSubsidiaries {
		subs, err := subsidiaries(ctx, client, root.ID)
		if err != nil {
			return nil, err
		}
		accounts = append(accounts, subs...)
	}
	if len(accounts) > o.MaxNodes {
		accounts, g.Truncated = accounts[:o.MaxNodes], true
	}
	accIDs := make([]int, len(accounts))
	for i, a := range accounts {
		accIDs[i] = a.ID
	}
	seeds, err := client.Contact.Query().
		Where(contact.AccountIDIn(accIDs...)).
		Order(ent.Asc(contact.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load contacts of account %d: %w", accountID, err)
	}
	sg, err := Expand(ctx, client, seeds, o.Depth, o.MaxNodes-len(accounts), o.filter())
	if err != nil {
		return nil, fmt.Errorf("walk the graph of account %d: %w", accountID, err)
	}
	g.Truncated = g.Truncated || sg.Truncated
	budget := o.MaxNodes - len(accounts) - len(sg.Contacts)

	// The other accounts the walk reached, so that every contact's
	// accountId names a node of the payload.
	known := map[int]bool{}
	for _, a := range accounts {
		known[a.ID] = true
	}
	var others []int
	for _, id := range sg.Order {
		if a := sg.Contacts[id].AccountID; !known[a] {
			known[a] = true
			others = append(others, a)
		}
	}
	if len(others) > 0 {
		more, err := client.Account.Query().Where(account.IDIn(others...)).Order(ent.Asc(account.FieldID)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load accounts reached from %d: %w", accountID, err)
		}
		if len(more) > budget {
			more, g.Truncated = more[:max(budget, 0)], true
		}
		budget -= len(more)
		accounts = append(accounts, more...)
	}
	for _, a := range accounts {
		g.Nodes = append(g.Nodes, accountNode(a))
	}
	inAccounts := map[int]bool{}
	for _, a := range accounts {
		inAccounts[a.ID] = true
	}
	for _, a := range accounts {
		if a.ParentID != nil && inAccounts[*a.ParentID] {
			g.Edges = append(g.Edges, &Edge{ID: "subsidiary:" + gid.Encode(a.ID), Source: *a.ParentID, Target: a.ID, Type: domain.EdgeSubsidiary})
		}
	}
	for _, id := range sg.Order {
		g.Nodes = append(g.Nodes, contactNode(sg.Contacts[id], sg.Depth[id]))
	}
	g.Edges = append(g.Edges, contactEdges(sg)...)

	covs, err := client.Coverage.Query().
		Where(coverage.ContactIDIn(sg.Order...), coverage.HasTeamMemberWith(teammember.Active(true))).
		WithTeamMember().
		Order(ent.Asc(coverage.FieldTeamMemberID), ent.Asc(coverage.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load coverage of account %d: %w", accountID, err)
	}
	members := map[int]bool{}
	for _, c := range covs {
		m := c.Edges.TeamMember
		if !members[m.ID] {
			if budget <= 0 {
				g.Truncated = true
				continue
			}
			budget--
			members[m.ID] = true
			g.Nodes = append(g.Nodes, teamNode(m))
		}
		g.Edges = append(g.Edges, coverageEdge(c))
	}
	return g, nil
}

// subsidiaries walks down the account hierarchy, one query per level.
func subsidiaries(ctx context.Context, client *ent.Client, root int) ([]*ent.Account, error) {
	var all []*ent.Account
	seen := map[int]bool{root: true}
	frontier := []int{root}
	for level := 0; level < maxSubsidiaryLevels && len(frontier) > 0; level++ {
		subs, err := client.Account.Query().Where(account.ParentIDIn(frontier...)).Order(ent.Asc(account.FieldID)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load subsidiaries of account %d: %w", root, err)
		}
		frontier = frontier[:0:0]
		for _, s := range subs {
			if !seen[s.ID] {
				seen[s.ID] = true
				all = append(all, s)
				frontier = append(frontier, s.ID)
			}
		}
	}
	return all, nil
}

// contactEdges lists the reporting lines and relations between the
// subgraph's contacts.
func contactEdges(sg *Subgraph) []*Edge {
	var edges []*Edge
	for _, id := range sg.Order {
		if m := sg.Contacts[id].ReportsToID; m != nil && sg.Has(*m) {
			edges = append(edges, reportsToEdge(id, *m))
		}
	}
	rels := slices.Clone(sg.Relations)
	slices.SortFunc(rels, func(a, b *ent.ContactRelation) int { return a.ID - b.ID })
	for _, r := range rels {
		edges = append(edges, relationEdge(r))
	}
	return edges
}

func reportsToEdge(report, manager int) *Edge {
	return &Edge{ID: "reportsTo:" + gid.Encode(report), Source: report, Target: manager, Type: domain.EdgeReportsTo}
}

func relationEdge(r *ent.ContactRelation) *Edge {
	kind, strength := r.Kind, r.Strength
	return &Edge{ID: gid.Encode(r.ID), Source: r.FromID, Target: r.ToID, Type: domain.EdgeRelation, Kind: &kind, Strength: &strength}
}

func coverageEdge(c *ent.Coverage) *Edge {
	strength := c.Strength
	return &Edge{ID: gid.Encode(c.ID), Source: c.TeamMemberID, Target: c.ContactID, Type: domain.EdgeCoverage, Strength: &strength}
}
