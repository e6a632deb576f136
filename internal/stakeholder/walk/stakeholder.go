package walk

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"
	"unsafe"

	"rapport/ent"
	"rapport/internal/apperr"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/stakeholder/memgraph"
)

// MaxNodesLimit caps maxNodes: a drawing with more nodes is unreadable.
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
		return apperr.Invalid("depth", "must be 0 or more, got %d", o.Depth)
	}
	if o.MaxNodes < 1 || o.MaxNodes > MaxNodesLimit {
		return apperr.Invalid("maxNodes", "must be between 1 and %d, got %d", MaxNodesLimit, o.MaxNodes)
	}
	if o.MinStrength != nil && (*o.MinStrength < 1 || *o.MinStrength > 5) {
		return apperr.Invalid("minStrength", "must be between 1 and 5, got %d", *o.MinStrength)
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
// they all belong to. It runs on the graph snapshot (package memgraph):
// one statement to check the snapshot is current, whatever the graph's size.
func StakeholderGraph(ctx context.Context, client *ent.Client, accountID int, o GraphOptions) (*Graph, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	v, err := memgraph.Acquire(ctx, client)
	if err != nil {
		return nil, fmt.Errorf("graph of account %d: %w", accountID, err)
	}
	root, ok := v.FindAccount(accountID)
	if !ok {
		return nil, apperr.New(apperr.NotFound, "accountId", "no account %s", gid.Encode(accountID))
	}
	g := &Graph{}
	accounts := []int32{root}
	if o.IncludeSubsidiaries {
		accounts = append(accounts, subsidiaries(v, root)...)
	}
	if len(accounts) > o.MaxNodes {
		accounts, g.Truncated = accounts[:o.MaxNodes], true
	}
	// The accounts' own people, and the people holding a role at one of
	// them whose home is elsewhere (issue 16 point 7): one contact, drawn
	// in each account's graph.
	var seeds []int32
	drawnFor := make(map[int32]bool, len(accounts))
	for _, a := range accounts {
		drawnFor[a] = true
		seeds = append(seeds, v.ContactsOf(a)...)
		for _, r := range v.RolesAt(a) {
			seeds = append(seeds, v.RoleAt(r).Contact)
		}
	}
	v.SortContacts(seeds) // by ID across the accounts
	seeds = slices.Compact(seeds)
	sg := Expand(v, seeds, o.Depth, o.MaxNodes-len(accounts), o.filter())
	g.Truncated = g.Truncated || sg.Truncated
	budget := o.MaxNodes - len(accounts) - len(sg.Order)

	// The other accounts the walk reached, so that every contact's
	// accountId names a node of the payload.
	known := map[int32]bool{}
	for _, a := range accounts {
		known[a] = true
	}
	var others []int32
	for _, p := range sg.Order {
		// A role holder's home account may be one the viewer does not see:
		// it is then left out, as a missing row would be.
		if a := v.ContactAt(p).Account; a != memgraph.None && !known[a] && v.SeesAccount(a) {
			known[a] = true
			others = append(others, a)
		}
	}
	if len(others) > 0 {
		v.SortAccounts(others)
		if len(others) > budget {
			others, g.Truncated = others[:max(budget, 0)], true
		}
		budget -= len(others)
		accounts = append(accounts, others...)
	}
	inAccounts := map[int32]bool{}
	for _, a := range accounts {
		g.Nodes = append(g.Nodes, accountNode(v.AccountAt(a)))
		inAccounts[a] = true
	}
	for _, a := range accounts {
		if parent := v.AccountAt(a).Parent; parent != memgraph.None && inAccounts[parent] {
			g.Edges = append(g.Edges, &Edge{ID: "subsidiary:" + gid.Encode(v.AccountAt(a).ID),
				Source: v.AccountAt(parent).ID, Target: v.AccountAt(a).ID, Type: domain.EdgeSubsidiary})
		}
	}
	contacts := make([]contactNodeData, len(sg.Order))
	for i, p := range sg.Order {
		n := contacts[i].fill(v.Snapshot, p, sg.Depth(p))
		n.Roles = nodeRoles(v, p, drawnFor)
		g.Nodes = append(g.Nodes, n)
	}
	var ids idArena
	g.Edges = append(g.Edges, contactEdges(sg, &ids)...)

	// Coverage of the reached contacts by active team members, by team
	// member then ID.
	var covs []int32
	for _, p := range sg.Order {
		for _, c := range v.CoverageOf(p) {
			if v.MemberAt(v.CoverageAt(c).Member).Active {
				covs = append(covs, c)
			}
		}
	}
	slices.SortFunc(covs, func(a, b int32) int {
		ca, cb := v.CoverageAt(a), v.CoverageAt(b)
		return cmp.Or(cmp.Compare(v.MemberAt(ca.Member).ID, v.MemberAt(cb.Member).ID), cmp.Compare(ca.ID, cb.ID))
	})
	members := map[int32]bool{}
	coverages := make([]edgeData, len(covs))
	for i, c := range covs {
		m := v.CoverageAt(c).Member
		if !members[m] {
			if budget <= 0 {
				g.Truncated = true
				continue
			}
			budget--
			members[m] = true
			g.Nodes = append(g.Nodes, teamNode(v.Snapshot, m))
		}
		g.Edges = append(g.Edges, coverages[i].coverage(v.Snapshot, c, &ids))
	}
	return g, nil
}

// nodeRoles lists contact p's roles at the accounts the graph was drawn
// for, by role ID; nil when they hold none there.
func nodeRoles(v *memgraph.View, p int32, drawnFor map[int32]bool) []*NodeRole {
	var out []*NodeRole
	for _, r := range v.RolesOf(p) {
		ro := v.RoleAt(r)
		if !drawnFor[ro.Account] || !v.SeesRole(r) {
			continue
		}
		nr := &NodeRole{AccountID: v.AccountAt(ro.Account).ID, DecisionRole: domain.DecisionRole(v.Word(ro.DecisionRole)),
			Influence: int(ro.Influence)}
		if ro.Title != "" {
			title := ro.Title
			nr.Title = &title
		}
		out = append(out, nr)
	}
	return out
}

// subsidiaries walks down the account hierarchy level by level, each
// level in ID order.
func subsidiaries(v *memgraph.View, root int32) []int32 {
	var all []int32
	seen := map[int32]bool{root: true}
	frontier := []int32{root}
	for level := 0; level < maxSubsidiaryLevels && len(frontier) > 0; level++ {
		var subs []int32
		for _, a := range frontier {
			for _, s := range v.SubsidiariesOf(a) {
				if v.SeesAccount(s) {
					subs = append(subs, s)
				}
			}
		}
		v.SortAccounts(subs)
		frontier = frontier[:0:0]
		for _, s := range subs {
			if !seen[s] {
				seen[s] = true
				all = append(all, s)
				frontier = append(frontier, s)
			}
		}
	}
	return all
}

// contactEdges lists the reporting lines and relations between the
// subgraph's contacts.
func contactEdges(sg *Subgraph, ids *idArena) []*Edge {
	v := sg.view
	var reports []int32
	for _, p := range sg.Order {
		if m := v.ContactAt(p).ReportsTo; m != memgraph.None && sg.Has(m) {
			reports = append(reports, p)
		}
	}
	rels := slices.Clone(sg.Relations)
	v.SortRelations(rels)
	data := make([]edgeData, len(reports)+len(rels))
	edges := make([]*Edge, 0, len(data))
	for i, p := range reports {
		c := v.ContactAt(p)
		edges = append(edges, data[i].reportsTo(c.ID, v.ContactAt(c.ReportsTo).ID, ids))
	}
	for i, r := range rels {
		edges = append(edges, data[len(reports)+i].relation(v.Snapshot, r, ids))
	}
	return edges
}

// edgeData is an edge together with the values its optional fields point
// to, so that a graph's edges can be allocated together.
type edgeData struct {
	edge     Edge
	kind     domain.RelationKind
	strength int
}

func (d *edgeData) reportsTo(report, manager int, ids *idArena) *Edge {
	d.edge = Edge{ID: ids.encode("reportsTo:", report), Source: report, Target: manager, Type: domain.EdgeReportsTo}
	return &d.edge
}

func (d *edgeData) relation(s *memgraph.Snapshot, r int32, ids *idArena) *Edge {
	rel := s.RelationAt(r)
	d.kind, d.strength = domain.RelationKind(s.Word(rel.Kind)), int(rel.Strength)
	d.edge = Edge{ID: ids.encode("", s.RelationID(r)), Source: s.ContactAt(rel.From).ID, Target: s.ContactAt(rel.To).ID,
		Type: domain.EdgeRelation, Kind: &d.kind, Strength: &d.strength}
	return &d.edge
}

func (d *edgeData) coverage(s *memgraph.Snapshot, c int32, ids *idArena) *Edge {
	cov := s.CoverageAt(c)
	d.strength = int(cov.Strength)
	d.edge = Edge{ID: ids.encode("", cov.ID), Source: s.MemberAt(cov.Member).ID, Target: s.ContactAt(cov.Contact).ID,
		Type: domain.EdgeCoverage, Strength: &d.strength}
	return &d.edge
}

// reportsToEdge, relationEdge and coverageEdge make one edge on its own
// (an introduction path's), its ID a string of its own.
func reportsToEdge(report, manager int) *Edge { return new(edgeData).reportsTo(report, manager, nil) }

func relationEdge(s *memgraph.Snapshot, r int32) *Edge {
	return new(edgeData).relation(s, r, nil)
}

func coverageEdge(s *memgraph.Snapshot, c int32) *Edge {
	return new(edgeData).coverage(s, c, nil)
}

// idArena encodes edge IDs into shared chunks of bytes and hands out
// strings over them: a graph's thousands of edge IDs take a few
// allocations instead of one each. Bytes once written are never changed
// (a chunk too full for the next ID is left, not grown), so the strings
// stay valid. A nil arena allocates each ID on its own.
type idArena struct{ buf []byte }

// maxEdgeID bounds an encoded edge ID with its prefix ("subsidiary:" and
// base64url of "ContactRelation:4294967295" are 11 + 35 bytes).
const maxEdgeID = 64

func (a *idArena) encode(prefix string, id int) string {
	if a == nil {
		return prefix + gid.Encode(id)
	}
	if cap(a.buf)-len(a.buf) < maxEdgeID {
		a.buf = make([]byte, 0, min(max(4096, 2*cap(a.buf)), 1<<20))
	}
	start := len(a.buf)
	a.buf = gid.AppendEncoded(append(a.buf, prefix...), id)
	b := a.buf[start:]
	return unsafe.String(unsafe.SliceData(b), len(b))
}
