// Package cases defines what the benchmark measures: each case is one
// question a user of Rapport asks, put to the API, to the floor (the same
// read in hand-written SQL straight to the database) and, for some, to a
// peer GraphQL server over the same PostgreSQL tables.
package cases

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"

	"rapport/bench/dataset"
	"rapport/bench/gql"
	"rapport/bench/load"
	"rapport/internal/gid"
)

// Env is what the cases run against.
type Env struct {
	API  *gql.Client
	Peer *gql.Client // nil unless peers run
	// Reader and Writer, when set, take the mixed cases' reads and writes
	// instead of API (two servers on one database).
	Reader, Writer *gql.Client
	// Floor is the floor server's client; nil where no floor runs.
	Floor *FloorClient
	// Ops are the dashboard's operations by name (gql.LoadOperations).
	Ops     map[string]string
	DB      *sql.DB
	Dialect string
	Shape   dataset.Shape
	Schema  gql.Schema
	// Seq makes every write's external ID unique across the whole run.
	Seq *atomic.Int64
}

// Case is one measured question.
type Case struct {
	ID, Title string
	// Needs lists "Type.field"s the API must have; the case is skipped
	// (and the table says so) when one is missing.
	Needs []string
	// Concurrency and MaxRequests override the run's defaults when set.
	Concurrency, MaxRequests int
	API, Floor, Peer         load.Op
	// FloorSQL is the floor's hand-written SQL, served over HTTP by the
	// floor server (FloorHandler); Floor asks that server for it.
	FloorSQL FloorFunc
	// Write marks a case that writes: no × floor target.
	Write bool
	// Dashboard marks the dashboard's own operations (frontend/src/gql),
	// run at the concurrency of a few people rather than a load test.
	Dashboard bool
	// Mixed runs writes and a staleness probe beside the reads.
	Mixed *Mixed
	// Note goes under the table: what the numbers include and leave out.
	Note string
	// Detail, when set, says more after a run (each operation of a page).
	Detail func() string

	missing string // why the case cannot run, known when it is built
}

// Missing returns the first needed field the schema lacks, or "".
func (c Case) Missing(s gql.Schema) string {
	if c.missing != "" {
		return c.missing
	}
	for _, n := range c.Needs {
		if !s.Has(n) {
			return n
		}
	}
	return ""
}

func (e *Env) id(storeID int) string { return gid.Encode(storeID) }

// query returns an op that runs one fixed query.
func (e *Env) query(q string, vars map[string]any) load.Op {
	return func(ctx context.Context, _, _ int) error { return e.API.Do(ctx, q, vars, nil) }
}

// All returns every case, in the order the table lists them.
func All(e *Env) []Case {
	s := e.Shape
	all := []Case{
		{
			ID: "a", Title: "accounts page: 50 with tier",
			API: e.query(`query AccountsPage { accounts(first: 50, orderBy: {field: NAME}) {
				edges { node { id name tier } } } }`, nil),
			FloorSQL: e.floorAccounts,
			Peer: e.peer(`query { allAccounts(first: 50, orderBy: NAME_ASC) { nodes { id name tier } } }`,
				nil),
		},
		{
			ID: "a+", Title: "accounts page: 50 with tier and health",
			Needs: []string{"Account.health"},
			API: e.query(`query AccountsHealth { accounts(first: 50, orderBy: {field: NAME}) {
				edges { node { id name tier health { score } } } } }`, nil),
			Note: "no floor: health is a computed score, the floor would have to reimplement it",
		},
		{
			ID: "b", Title: fmt.Sprintf("account, %d contacts, relations, related names", min(100, s.Scale.ContactsPer)),
			API: e.query(`query AccountContacts($id: ID!) { node(id: $id) { ... on Account { name
				contacts(first: 100) { edges { node { id name title
					outgoingRelations(first: 20) { edges { node { kind strength to { id name } } } } } } } } } }`,
				map[string]any{"id": e.id(s.PageAccountID)}),
			FloorSQL: e.floorAccountContacts,
			Peer: e.peer(`query($id: BigInt!) { accountById(id: $id) { name
				contactsByAccountId(first: 100, orderBy: PRIMARY_KEY_ASC) { nodes { id name title
					contactRelationsByFromId(first: 20, orderBy: PRIMARY_KEY_ASC) { nodes { kind strength contactByToId { id name } } } } } } }`,
				map[string]any{"id": fmt.Sprint(s.PageAccountID)}),
		},
		{
			ID: "c", Title: fmt.Sprintf("stakeholderGraph depth 2, %d stakeholders", s.Scale.BigAccount),
			Needs: []string{"Query.stakeholderGraph"},
			API: e.query(`query Graph($id: ID!) { stakeholderGraph(accountId: $id, depth: 2) { truncated
				nodes { id type label depth } edges { id source target type strength } } }`,
				map[string]any{"id": e.id(s.BigAccountID)}),
			FloorSQL: e.floorGraph,
		},
		{
			ID: "d", Title: "decisionChain of an opportunity",
			Needs: []string{"Opportunity.decisionChain"},
			API: e.query(`query Chain($id: ID!) { node(id: $id) { ... on Opportunity { decisionChain { coverageRatio
				links { position role covered contact { name } strongestCoverage { strength teamMember { name } } } } } } }`,
				map[string]any{"id": e.id(s.OpportunityID)}),
			FloorSQL: e.floorChain,
		},
		{
			ID: "e", Title: "introductionPaths to a decision maker",
			Needs: []string{"Query.introductionPaths"},
			API: e.query(`query Paths($to: ID!) { introductionPaths(to: $to, maxHops: 4, first: 3) { strength hops description } }`,
				map[string]any{"to": e.id(s.DecisionMaker)}),
			FloorSQL: e.floorPaths,
		},
		{
			ID: "e+", Title: fmt.Sprintf("coverageGaps of a %d-stakeholder account", min(100, s.Scale.ContactsPer)),
			Needs: []string{"Query.coverageGaps"},
			API: e.query(`query Gaps($id: ID!) { coverageGaps(accountId: $id) { kind severity reason suggestion
				contact { id name } introductionPath { strength hops } } }`, map[string]any{"id": e.id(s.PageAccountID)}),
			Note: "no floor: gaps are computed (six kinds, each with its suggested introduction path)",
		},
		{
			ID: "f", Title: "accountStats by tier and ABC class",
			Needs:    []string{"Query.accountStats"},
			API:      e.query(`query Stats { accountStats(groupBy: [TIER, ABC_CLASS]) { tier abcClass count revenueSum potentialSum } }`, nil),
			FloorSQL: e.floorStats,
			Peer: e.peer(`query { allAccounts { groupedAggregates(groupBy: [TIER]) { keys distinctCount { id }
				sum { annualRevenue potentialValue } } } }`, nil),
			Note: "peer groups by tier only: ABC class is not a column, PostGraphile cannot group by it without a custom SQL function",
		},
		{
			ID: "f+", Title: "accountStats by tier with averageHealth",
			Needs: []string{"AccountStatsRow.averageHealth"},
			API:   e.query(`query StatsHealth { accountStats(groupBy: [TIER]) { tier count averageHealth } }`, nil),
			Note:  "no floor: health is a computed score",
		},
		{
			ID: "i", Title: "BI extraction: all contacts, pages of 1,000",
			API: e.pageAPI(), FloorSQL: e.pageFloor(), Peer: e.pagePeer(),
			Note: "a request is one page; every worker walks all pages with the cursor and fails the case if a pass skips or repeats a row",
		},
		{
			ID: "g", Title: "createContact mutation",
			API: e.createContact, FloorSQL: wrote(e.floorCreate), Write: true,
			Note: "writes: run last so that reads see the generated data only",
		},
		{
			ID: "h", Title: "importContacts, 10,000 rows",
			Needs: []string{"Mutation.importContacts"}, Concurrency: 1, MaxRequests: 3,
			API: e.importContacts, FloorSQL: wrote(e.floorImport), Write: true,
		},
	}
	// The dashboard's pages and the mixed cases go before the writes (g, h),
	// which change the data the reads were measured on.
	w := len(all) - 2
	all = append(all[:w:w], append(append(append(append(e.planCases(), e.programmeCases()...), e.dashboardCases()...), e.mixedCases()...), all[w:]...)...)
	for i := range all {
		if all[i].FloorSQL != nil {
			all[i].Floor = e.floorOp(all[i].ID)
		}
	}
	return all
}

// floorOp asks the floor server for case id.
func (e *Env) floorOp(id string) load.Op {
	return func(ctx context.Context, w, i int) error {
		if e.Floor == nil {
			return fmt.Errorf("no floor server")
		}
		return e.Floor.op(id)(ctx, w, i)
	}
}

// wrote turns a write floor into a FloorFunc answering {"ok": true}.
func wrote(op load.Op) FloorFunc {
	return func(ctx context.Context, w, i int) (any, error) {
		if err := op(ctx, w, i); err != nil {
			return nil, err
		}
		return map[string]bool{"ok": true}, nil
	}
}
