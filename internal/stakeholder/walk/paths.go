package walk

import (
	"container/heap"
	"context"
	"fmt"
	"strings"
	"time"

	"rapport/ent"
	"rapport/internal/apperr"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/stakeholder/memgraph"
)

// Edge strengths on introduction paths, normalised to 0..1 so that a
// path's strength is the product of its edges'. A reporting line is a
// strong, everyday tie but not a chosen one: 0.8, like a strong (4/5)
// relation.
const (
	ReportsToStrength  = 0.8
	maxCoverage        = 4.0
	maxRelation        = 5.0
	MaxHopsLimit       = 6
	MaxPathsLimit      = 20
	maxSearchExpansion = 200000 // bounds the k-best search on dense graphs
)

// PathOptions are introductionPaths' arguments.
type PathOptions struct {
	To      int
	From    []int // team members; empty means every active one
	MaxHops int
	First   int
	Now     time.Time
}

// pathFilter: relations valid now, never through people who left, and
// never through a rival: nobody introduces us to their rival.
func pathFilter(now time.Time) Filter {
	return Filter{AsOf: now, Left: DropAnyLeft, ExcludeKinds: []domain.RelationKind{domain.RelationRival}}
}

// IntroductionPaths returns the strongest paths from our team members to
// a contact, best first: strength (product of edge strengths) descending,
// then fewer hops.
func IntroductionPaths(ctx context.Context, client *ent.Client, o PathOptions) ([]*Path, error) {
	if o.MaxHops < 1 || o.MaxHops > MaxHopsLimit {
		return nil, apperr.Invalid("maxHops", "must be between 1 and %d, got %d", MaxHopsLimit, o.MaxHops)
	}
	if o.First < 1 || o.First > MaxPathsLimit {
		return nil, apperr.Invalid("first", "must be between 1 and %d, got %d", MaxPathsLimit, o.First)
	}
	v, err := memgraph.Acquire(ctx, client)
	if err != nil {
		return nil, fmt.Errorf("introduction paths to %d: %w", o.To, err)
	}
	target, ok := v.FindContact(o.To)
	if !ok {
		return nil, apperr.New(apperr.NotFound, "to", "no contact %s", gid.Encode(o.To))
	}
	for _, id := range o.From {
		if _, ok := v.Member(id); !ok {
			return nil, apperr.New(apperr.NotFound, "from", "some team members in from do not exist")
		}
	}
	return pathsTo(v, []int32{target}, o.From, o.MaxHops, o.First, o.Now)[target], nil
}

// PathsTo finds the k best introduction paths to each target, keyed by
// contact ID, with one walk around all the targets on the graph snapshot
// and a best-first search per target.
func PathsTo(ctx context.Context, client *ent.Client, targets []*ent.Contact, from []int, maxHops, k int, now time.Time) (map[int][]*Path, error) {
	v, err := memgraph.Acquire(ctx, client)
	if err != nil {
		return nil, fmt.Errorf("introduction paths to %d targets: %w", len(targets), err)
	}
	out := map[int][]*Path{}
	var positions []int32
	for _, t := range targets {
		if p, ok := v.FindContact(t.ID); ok {
			positions = append(positions, p)
		} else {
			out[t.ID] = []*Path{} // created after the snapshot's epoch was read
		}
	}
	for p, paths := range pathsTo(v, positions, from, maxHops, k, now) {
		out[v.ContactAt(p).ID] = paths
	}
	return out, nil
}

// pathsTo is PathsTo on positions.
func pathsTo(v *memgraph.View, targets []int32, from []int, maxHops, k int, now time.Time) map[int32][]*Path {
	out := map[int32][]*Path{}
	sg := Expand(v, targets, maxHops-1, MaxNodesLimit, pathFilter(now))
	// Coverage of the reached contacts, by ID: by the team members asked
	// for (active or not), or else by every active one.
	var fromPos map[int32]bool
	if len(from) > 0 {
		fromPos = map[int32]bool{}
		for _, id := range from {
			if m, ok := v.Member(id); ok {
				fromPos[m] = true
			}
		}
	}
	var covs []int32
	for _, p := range sg.Order {
		for _, c := range v.CoverageOf(p) {
			cov := v.CoverageAt(c)
			if cov.Strength <= 0 {
				continue
			}
			if (fromPos != nil && fromPos[cov.Member]) || (fromPos == nil && v.MemberAt(cov.Member).Active) {
				covs = append(covs, c)
			}
		}
	}
	v.SortCoverages(covs)
	g := newSearchGraph(sg, covs)
	for _, t := range targets {
		if sg.Has(t) {
			out[t] = g.kBest(t, maxHops, k)
		} else {
			out[t] = []*Path{}
		}
	}
	return out
}

// Kinds of arcs of the search graph.
const (
	arcReportsTo = iota
	arcRelation
	arcCoverage
)

// arc is a step of the search. Its edge and label are only built for the
// few arcs on the paths returned, not for the thousands searched.
type arc struct {
	to       int32 // a contact, or a team member for a coverage arc
	kind     uint8
	ref      int32 // the relation, the coverage, or the reporting contact
	strength float64
}

func (a *arc) member() bool { return a.kind == arcCoverage }

type searchGraph struct {
	s   *memgraph.Snapshot
	adj map[int32][]arc
}

func newSearchGraph(sg *Subgraph, covs []int32) *searchGraph {
	s := sg.view.Snapshot
	g := &searchGraph{s: s, adj: map[int32][]arc{}}
	link := func(a, b int32, strength float64, kind uint8, ref int32) {
		g.adj[a] = append(g.adj[a], arc{to: b, kind: kind, ref: ref, strength: strength})
		g.adj[b] = append(g.adj[b], arc{to: a, kind: kind, ref: ref, strength: strength})
	}
	for _, p := range sg.Order {
		if m := s.ContactAt(p).ReportsTo; m != memgraph.None && sg.Has(m) {
			link(p, m, ReportsToStrength, arcReportsTo, p)
		}
	}
	for _, r := range sg.Relations {
		rel := s.RelationAt(r)
		link(rel.From, rel.To, float64(rel.Strength)/maxRelation, arcRelation, r)
	}
	for _, c := range covs {
		cov := s.CoverageAt(c)
		g.adj[cov.Contact] = append(g.adj[cov.Contact], arc{to: cov.Member, kind: arcCoverage, ref: c,
			strength: float64(cov.Strength) / maxCoverage})
	}
	return g
}

// edge builds the API edge and the description label of an arc.
func (g *searchGraph) edge(a *arc) (*Edge, string) {
	switch a.kind {
	case arcReportsTo:
		report := g.s.ContactAt(a.ref)
		return reportsToEdge(report.ID, g.s.ContactAt(report.ReportsTo).ID), "reports to"
	case arcRelation:
		rel := g.s.RelationAt(a.ref)
		return relationEdge(g.s, a.ref), fmt.Sprintf("%s %d/5", g.s.Word(rel.Kind), rel.Strength)
	}
	return coverageEdge(g.s, a.ref), fmt.Sprintf("coverage %d/4", g.s.CoverageAt(a.ref).Strength)
}

// state is a partial path grown backwards from the target.
type state struct {
	at       int32 // a contact, or a team member when done
	strength float64
	hops     int
	via      *arc
	prev     *state
	done     bool // ends at a team member
}

func (s *state) visits(id int32) bool {
	for p := s; p != nil; p = p.prev {
		if p.at == id {
			return true
		}
	}
	return false
}

type queue []*state

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if q[i].strength != q[j].strength {
		return q[i].strength > q[j].strength
	}
	return q[i].hops < q[j].hops
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(*state)) }
func (q *queue) Pop() any {
	old := *q
	s := old[len(old)-1]
	*q = old[:len(old)-1]
	return s
}

// kBest enumerates simple paths best first. Strengths are at most 1, so
// extending a path never makes it stronger: the first k complete paths
// popped are the k strongest, and among equal strengths the one with
// fewer hops pops first.
func (g *searchGraph) kBest(target int32, maxHops, k int) []*Path {
	paths := []*Path{}
	q := &queue{{at: target, strength: 1}}
	for pops := 0; q.Len() > 0 && len(paths) < k && pops < maxSearchExpansion; pops++ {
		s := heap.Pop(q).(*state)
		if s.done {
			paths = append(paths, g.path(s))
			continue
		}
		for i := range g.adj[s.at] {
			a := &g.adj[s.at][i]
			if s.hops+1 > maxHops || a.strength <= 0 {
				continue
			}
			if a.member() {
				heap.Push(q, &state{at: a.to, strength: s.strength * a.strength, hops: s.hops + 1, via: a, prev: s, done: true})
				continue
			}
			// A contact in the middle still needs a coverage edge after it.
			if s.hops+2 > maxHops || s.visits(a.to) {
				continue
			}
			heap.Push(q, &state{at: a.to, strength: s.strength * a.strength, hops: s.hops + 1, via: a, prev: s})
		}
	}
	return paths
}

// path turns a complete state (team member first, target last when read
// from s back to the root) into the API's path.
func (g *searchGraph) path(s *state) *Path {
	p := &Path{Strength: s.strength, Hops: s.hops}
	var b strings.Builder
	for x := s; x != nil; x = x.prev {
		var n *Node
		if x.done {
			n = teamNode(g.s, x.at)
		} else {
			n = contactNode(g.s, x.at, 0)
		}
		n.Depth = len(p.Nodes) // hops from the team member
		p.Nodes = append(p.Nodes, n)
		b.WriteString(n.Label)
		if x.via != nil {
			e, label := g.edge(x.via)
			p.Edges = append(p.Edges, e)
			b.WriteString(" —" + label + "→ ")
		}
	}
	p.Description = b.String()
	return p
}
