package graph

import (
	"rapport/internal/limits"
	"rapport/internal/stakeholder/walk"
)

// The engine's weights follow what a field may produce at the bench's
// scale L (2,000 accounts, 200,000 contacts, 1,000,000 relations): an
// account has about 100 contacts, and a contact about 10 relations (a
// relation has two ends). The walks stop at walk.MaxNodesLimit
// contacts, so that bounds every traversal whatever its depth.
const (
	contactsPerAccount = 100
	relationsPerNode   = 10
	// edgesPerNode: a drawing keeps the relations among the people it
	// shows, about half of each one's (the other ends fall outside).
	edgesPerNode = relationsPerNode / 2
	// subsidiaryAccounts is how many accounts includeSubsidiaries may add
	// below one (the walk goes 8 levels down; groups at L have up to 10).
	subsidiaryAccounts = 10
)

// FieldCost weighs the engine's fields, whose work (a traversal, a path
// search, a GROUP BY) does not show in their selection. README.md ("Query
// cost") lists these; keep the two in step.
var FieldCost = map[string]limits.FieldCost{
	// Nodes it may return (seeds times the fan-out per hop, up to
	// maxNodes), each with its edges.
	"Query.stakeholderGraph": func(a map[string]any) int {
		seeds := contactsPerAccount
		if b, _ := a["includeSubsidiaries"].(bool); b {
			seeds *= subsidiaryAccounts
		}
		maxNodes := min(max(intArg(a, "maxNodes", 2000), 1), walk.MaxNodesLimit)
		nodes := reach(seeds, intArg(a, "depth", 2), maxNodes)
		cost := nodes * (1 + edgesPerNode)
		if b, _ := a["includeSuggestions"].(bool); b {
			cost += nodes // the pending relations between the nodes, about one a node
		}
		return cost
	},
	// The walk around the target (maxHops-1 hops, at most MaxNodesLimit
	// contacts), then first paths of up to maxHops edges.
	"Query.introductionPaths": func(a map[string]any) int {
		hops := min(max(intArg(a, "maxHops", 4), 1), walk.MaxHopsLimit)
		first := min(max(intArg(a, "first", 3), 1), walk.MaxPathsLimit)
		return reach(1, hops-1, walk.MaxNodesLimit) + first*(2*hops+1)
	},
	// Every contact of the account checked for each kind of gap, and one
	// walk of 3 hops around the gaps' contacts (about 10) for the
	// suggested introductions.
	"Query.coverageGaps": limits.Fixed(2*contactsPerAccount + reach(10, 3, walk.MaxNodesLimit)),
	// The changes of an account's contacts and relations in the window.
	"Query.graphDiff":         limits.Fixed(4 * contactsPerAccount),
	"Query.powerMap":          limits.Fixed(contactsPerAccount),
	"Query.accountStats":      limits.Fixed(50),
	"Query.contactStats":      limits.Fixed(50),
	"Query.interactionStats":  limits.Fixed(50),
	"Query.satisfactionTrend": limits.Fixed(20),
	// One statement over the account's complaints of the period.
	"Query.complaintTrend": limits.Fixed(20),
	// Per account (a connection multiplies it by its page size).
	"Account.health": limits.Fixed(10),
	// The whitespace grid writes a cell per account and offering: a
	// portfolio of a few hundred accounts by a catalogue of about 20.
	"Query.whitespaceGrid": limits.Fixed(20 * 200),
	// Plan vs actual: the plan's activities, objectives and their people,
	// batched over the plans of a list (graph/plans.go).
	"AccountPlan.progress": limits.Fixed(20),
	// The layers: the account's people, chain links and pairings, batched
	// over the list they sit in (graph/layers.go), as health.
	"Account.layers": limits.Fixed(10),
	// An account's surveys by dimension and quarter (internal/surveytrend),
	// one statement batched over the list of accounts (graph/needs.go).
	"Account.surveyTrend": limits.Fixed(5),
	// An account's suggestions: a list of up to first (1-100, default 50)
	// read in one statement for the accounts of a list (graph/suggestions.go).
	"Account.suggestions": func(a map[string]any) int { return min(max(intArg(a, "first", 50), 1), 100) },
	// A budget's spend: the maintained activity cells of its account, read
	// once for the budgets of a list (graph/budget.go).
	"Budget.spent": limits.Fixed(2),
	// Everyone a team member covers (a few hundred at most in practice),
	// their other coverage and the chains and plans naming them.
	"Query.handoverImpact": limits.Fixed(3 * contactsPerAccount),
	// A member's handovers (a handful) with their items, batched over the
	// list of members; a handover's progress over the list of handovers
	// (graph/succession.go).
	"TeamMember.handovers": limits.Fixed(20),
	"Handover.progress":    limits.Fixed(2),
	// A group and its subsidiaries (internal/rollup): every member's
	// stakeholders, chains and pairings, read at once for a list of
	// accounts; a typical group holds a handful of members.
	"Account.group": limits.Fixed(4 * contactsPerAccount),
	// Maintained (package portfolio): as health, not as coverageGaps.
	"Account.gapSummary":        limits.Fixed(10),
	"Opportunity.decisionChain": limits.Fixed(5),
	// Batched over the list they sit in (graph/orglayer.go): a pairing's
	// coverage and meetings, an account's latest assessment and tier reason.
	"ExecutivePairing.health":    limits.Fixed(3),
	"Account.tierRecommendation": limits.Fixed(3),
	// For an editor confined to some accounts, one statement per table a
	// delete's cascade reaches (viewer.go); free for everyone else.
	"Account.viewerCanDelete": limits.Fixed(20),
	"Contact.viewerCanDelete": limits.Fixed(10),
}

// reach is how many contacts a walk of hops from seeds may reach, up to
// limit.
func reach(seeds, hops, limit int) int {
	n := seeds
	for i := 0; i < hops && n < limit; i++ {
		n *= relationsPerNode
	}
	return min(n, limit)
}

// intArg reads an Int argument (nil or absent: def).
func intArg(args map[string]any, name string, def int) int {
	if n, ok := limits.ToInt(args[name]); ok {
		return n
	}
	return def
}
