// Package graphalgo builds Rapport's stakeholder graph from the store and
// searches it: level-wise loading (one query per kind of row per BFS level,
// never per node), the drawable graph around an account, k-best
// introduction paths, and what changed between two dates.
package graphalgo

import (
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/teammember"
	"rapport/internal/domain"
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
}

// Edge is an edge of the drawn graph.
type Edge struct {
	ID       string
	Source   int
	Target   int
	Type     domain.EdgeType
	Kind     *domain.RelationKind
	Strength *int
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

func contactNode(c *ent.Contact, depth int) *Node {
	acc, title, dept, sen, role, att, infl, st := c.AccountID, c.Title, c.Department, c.Seniority, c.DecisionRole, c.Attitude, c.Influence, c.Status
	n := &Node{ID: c.ID, Type: domain.NodeContact, Label: c.Name, Depth: depth,
		AccountID: &acc, Seniority: &sen, DecisionRole: &role, Attitude: &att, Influence: &infl, Status: &st}
	if title != "" {
		n.Title = &title
	}
	if dept != "" {
		n.Department = &dept
	}
	return n
}

func teamNode(m *ent.TeamMember) *Node {
	role := m.TeamRole
	return &Node{ID: m.ID, Type: domain.NodeTeamMember, Label: m.Name, TeamRole: &role}
}

func accountNode(a *ent.Account) *Node {
	return &Node{ID: a.ID, Type: domain.NodeAccount, Label: a.Name}
}
