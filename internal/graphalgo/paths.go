package graphalgo

import (
	"container/heap"
	"context"
	"fmt"
	"strings"
	"time"

	"rapport/ent"
	"rapport/ent/coverage"
	"rapport/ent/teammember"
	"rapport/internal/apperr"
	"rapport/internal/domain"
	"rapport/internal/gid"
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
		return nil, apperr.Invalid("maxHops", "maxHops must be between 1 and %d, got %d", MaxHopsLimit, o.MaxHops)
	}
	if o.First < 1 || o.First > MaxPathsLimit {
		return nil, apperr.Invalid("first", "first must be between 1 and %d, got %d", MaxPathsLimit, o.First)
	}
	target, err := client.Contact.Get(ctx, o.To)
	if ent.IsNotFound(err) {
		return nil, apperr.New(apperr.NotFound, "to", "no contact %s", gid.Encode(o.To))
	}
	if err != nil {
		return nil, fmt.Errorf("load contact %d: %w", o.To, err)
	}
	if len(o.From) > 0 {
		n, err := client.TeamMember.Query().Where(teammember.IDIn(o.From...)).Count(ctx)
		if err != nil {
			return nil, fmt.Errorf("check team members: %w", err)
		}
		if n != len(dedupe(o.From)) {
			return nil, apperr.New(apperr.NotFound, "from", "some team members in from do not exist")
		}
	}
	paths, err := PathsTo(ctx, client, []*ent.Contact{target}, o.From, o.MaxHops, o.First, o.Now)
	if err != nil {
		return nil, err
	}
	return paths[target.ID], nil
}

// PathsTo finds the k best introduction paths to each target with one
// level-wise load around all the targets (two statements per hop, two for
// coverage) and an in-memory best-first search per target.
func PathsTo(ctx context.Context, client *ent.Client, targets []*ent.Contact, from []int, maxHops, k int, now time.Time) (map[int][]*Path, error) {
	out := map[int][]*Path{}
	sg, err := Expand(ctx, client, targets, maxHops-1, MaxNodesLimit, pathFilter(now))
	if err != nil {
		return nil, fmt.Errorf("load the graph around %d targets: %w", len(targets), err)
	}
	q := client.Coverage.Query().Where(coverage.ContactIDIn(sg.Order...), coverage.StrengthGT(0))
	if len(from) > 0 {
		q = q.Where(coverage.TeamMemberIDIn(from...))
	} else {
		q = q.Where(coverage.HasTeamMemberWith(teammember.Active(true)))
	}
	covs, err := q.WithTeamMember().Order(ent.Asc(coverage.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load coverage around %d targets: %w", len(targets), err)
	}
	g := newSearchGraph(sg, covs)
	for _, t := range targets {
		if sg.Has(t.ID) {
			out[t.ID] = g.kBest(t.ID, maxHops, k)
		} else {
			out[t.ID] = []*Path{}
		}
	}
	return out, nil
}

type arc struct {
	to       int // a contact, or a team member when member is set
	member   *ent.TeamMember
	strength float64
	edge     *Edge
	label    string
}

type searchGraph struct {
	contacts map[int]*ent.Contact
	adj      map[int][]arc
}

func newSearchGraph(sg *Subgraph, covs []*ent.Coverage) *searchGraph {
	g := &searchGraph{contacts: sg.Contacts, adj: map[int][]arc{}}
	link := func(a, b int, s float64, e *Edge, label string) {
		g.adj[a] = append(g.adj[a], arc{to: b, strength: s, edge: e, label: label})
		g.adj[b] = append(g.adj[b], arc{to: a, strength: s, edge: e, label: label})
	}
	for _, id := range sg.Order {
		if m := sg.Contacts[id].ReportsToID; m != nil && sg.Has(*m) {
			link(id, *m, ReportsToStrength, reportsToEdge(id, *m), "reports to")
		}
	}
	for _, r := range sg.Relations {
		link(r.FromID, r.ToID, float64(r.Strength)/maxRelation, relationEdge(r), fmt.Sprintf("%s %d/5", r.Kind, r.Strength))
	}
	for _, c := range covs {
		g.adj[c.ContactID] = append(g.adj[c.ContactID], arc{to: c.TeamMemberID, member: c.Edges.TeamMember,
			strength: float64(c.Strength) / maxCoverage, edge: coverageEdge(c), label: fmt.Sprintf("coverage %d/4", c.Strength)})
	}
	return g
}

// state is a partial path grown backwards from the target.
type state struct {
	at       int
	strength float64
	hops     int
	via      *arc
	prev     *state
	done     bool // ends at a team member
}

func (s *state) visits(id int) bool {
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
func (g *searchGraph) kBest(target, maxHops, k int) []*Path {
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
			if a.member != nil {
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
			n = teamNode(x.via.member)
		} else {
			n = contactNode(g.contacts[x.at], 0)
		}
		n.Depth = len(p.Nodes) // hops from the team member
		p.Nodes = append(p.Nodes, n)
		b.WriteString(n.Label)
		if x.via != nil {
			p.Edges = append(p.Edges, x.via.edge)
			b.WriteString(" —" + x.via.label + "→ ")
		}
	}
	p.Description = b.String()
	return p
}

func dedupe(ids []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
