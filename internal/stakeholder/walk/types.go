// Package walk searches Rapport's stakeholder graph: the drawable
// graph around an account and k-best introduction paths (both on the
// in-memory snapshot of package memgraph), and what changed between two
// dates (from the store).
package walk

import (
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/teammember"
	"rapport/internal/domain"
	"rapport/internal/stakeholder/memgraph"
)

// Node is a node of the drawn graph. Contact fields are set on contacts,
// TeamRole on team members.
type Node struct {
	ID    int
	Type  domain.NodeType
	Label string
	Depth int

	AccountID    *int
	Title        *string
	Department   *string
	Seniority    *contact.Seniority
	DecisionRole *domain.DecisionRole
	Attitude     *domain.Attitude
	Influence    *int
	Status       *contact.Status
	TeamRole     *teammember.TeamRole
	// Roles are a contact's roles at the accounts the graph was drawn for,
	// when their home is another account.
	Roles []*NodeRole
}

// NodeRole is a contact's role at one account of a drawn graph.
type NodeRole struct {
	AccountID    int
	Title        *string
	DecisionRole domain.DecisionRole
	Influence    int
}

// Edge is an edge of the drawn graph.
type Edge struct {
	ID       string
	Source   int
	Target   int
	Type     domain.EdgeType
	Kind     *domain.RelationKind
	Strength *int

	// Suggested marks a pending suggestion of a relation (see graph's
	// includeSuggestions), with its confidence and ID.
	Suggested    bool
	Confidence   *float64
	SuggestionID *int
}

// Graph is the flat payload a client draws.
type Graph struct {
	Nodes     []*Node
	Edges     []*Edge
	Truncated bool
}

// Path is an introduction path from a team member to a contact.
type Path struct {
	Nodes       []*Node
	Edges       []*Edge
	Strength    float64
	Hops        int
	Description string
}

// AttitudeShift is a contact whose assessed attitude changed in a window.
type AttitudeShift struct {
	Contact *ent.Contact
	Before  domain.Attitude
	After   domain.Attitude
	At      time.Time
}

// Diff is what changed in an account's stakeholder graph between two dates.
type Diff struct {
	RelationsAdded   []*ent.ContactRelation
	RelationsEnded   []*ent.ContactRelation
	RelationsChanged []*ent.ContactRelation
	CoveragesAdded   []*ent.Coverage
	CoveragesChanged []*ent.Coverage
	CoveragesEnded   []*EndedCoverage
	StrengthChanges  []*StrengthChange
	AttitudeShifts   []*AttitudeShift
	Joined           []*ent.Contact
	Left             []*ent.Contact
}

// contactNodeData is a contact's node together with the values its
// optional fields point to, so that the contact nodes of a graph are one
// allocation (see newContactNodes) rather than eight each.
type contactNodeData struct {
	node      Node
	acc, infl int
	sen       contact.Seniority
	role      domain.DecisionRole
	att       domain.Attitude
	st        contact.Status
	title     string
	dept      string
}

func (d *contactNodeData) fill(s *memgraph.Snapshot, p int32, depth int) *Node {
	c := s.ContactAt(p)
	d.acc, d.infl = s.AccountAt(c.Account).ID, int(c.Influence)
	d.sen, d.role = contact.Seniority(s.Word(c.Seniority)), domain.DecisionRole(s.Word(c.DecisionRole))
	d.att, d.st = domain.Attitude(s.Word(c.Attitude)), contact.Status(s.Word(c.Status))
	d.node = Node{ID: c.ID, Type: domain.NodeContact, Label: c.Name, Depth: depth,
		AccountID: &d.acc, Seniority: &d.sen, DecisionRole: &d.role, Attitude: &d.att, Influence: &d.infl, Status: &d.st}
	if d.title = c.Title; d.title != "" {
		d.node.Title = &d.title
	}
	if d.dept = c.Department; d.dept != "" {
		d.node.Department = &d.dept
	}
	return &d.node
}

func contactNode(s *memgraph.Snapshot, p int32, depth int) *Node {
	return new(contactNodeData).fill(s, p, depth)
}

func teamNode(s *memgraph.Snapshot, m int32) *Node {
	tm := s.MemberAt(m)
	role := teammember.TeamRole(s.Word(tm.Role))
	return &Node{ID: tm.ID, Type: domain.NodeTeamMember, Label: tm.Name, TeamRole: &role}
}

func accountNode(a *memgraph.Account) *Node {
	return &Node{ID: a.ID, Type: domain.NodeAccount, Label: a.Name}
}
