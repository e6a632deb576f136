package scope

import (
	"fmt"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/internal/auth"
)

// kind says how a table is confined.
type kind int

const (
	// byAccount tables hold customer data: a scoped viewer reads the rows
	// of the accounts on their teams (and those accounts' subsidiaries).
	byAccount kind = iota + 1
	// global tables are read by every viewer: our own team members, and
	// the server's internal bookkeeping that no API exposes.
	global
	// ownUser is the users table: a non-admin reads their own row.
	ownUser
	// adminOnly tables are the deployment's secrets and its audit trail.
	adminOnly
	// teamOnly tables hold what only the account team may know (a
	// contact's needs and interests, issue 16 point 6): every non-admin
	// viewer, also one who reads all accounts, reads and writes the rows of
	// the accounts on their own teams (and their subsidiaries) only.
	teamOnly
)

// rule confines one table. read narrows a selector over the table to the
// rows a scoped viewer with accounts may read; write, when set, narrows
// further to the rows such a viewer may change (a team member whose team
// spans accounts the editor cannot see changes scope for others).
type rule struct {
	kind  kind
	read  func(s *sql.Selector, accounts []int)
	write func(s *sql.Selector, accounts []int)
	// linkByRead: other rows may link to these (an interaction's contacts)
	// when the writer may read them; write applies to changing the rows
	// themselves (issue 16 point 7: the team of an account where a person
	// holds a role reads the person and logs meetings with them, but only
	// their home account's team changes them).
	linkByRead bool
	// parent, for teamOnly tables, is the column naming the contact a row
	// hangs off: a new row needs that contact on the writer's teams.
	parent string
}

// rules confines every node table of the schema. Install refuses to start
// when a table of ent's schema has no rule here, so a new entity cannot be
// added unconfined; its edges need no line at all (the generated edge
// predicates and the write hook read ent.Edges).
var rules = map[string]rule{
	"accounts":             {kind: byAccount, read: idIn("id")},
	"contacts":             {kind: byAccount, read: contactRead, write: idIn("account_id"), linkByRead: true},
	"contact_roles":        {kind: byAccount, read: idIn("account_id")},
	"opportunities":        {kind: byAccount, read: idIn("account_id")},
	"interactions":         {kind: byAccount, read: idIn("account_id")},
	"surveys":              {kind: byAccount, read: idIn("account_id")},
	"complaints":           {kind: byAccount, read: idIn("account_id")},
	"budgets":              {kind: byAccount, read: idIn("account_id")},
	"tier_changes":         {kind: byAccount, read: idIn("account_id")},
	"stage_changes":        {kind: byAccount, read: idIn("account_id")},
	"engagements":          {kind: byAccount, read: idIn("account_id")},
	"value_assessments":    {kind: byAccount, read: idIn("account_id")},
	"executive_pairings":   {kind: byAccount, read: all(idIn("account_id"), contactIn("contact_id"))},
	"coverages":            {kind: byAccount, read: contactIn("contact_id")},
	"assessments":          {kind: byAccount, read: contactIn("contact_id")},
	"contact_relations":    {kind: byAccount, read: all(contactIn("from_id"), contactIn("to_id"))},
	"decision_chain_links": {kind: byAccount, read: all(opportunityIn("opportunity_id"), contactIn("contact_id"))},
	"alerts":               {kind: byAccount, read: idIn("account_id")},
	"alert_states":         {kind: byAccount, read: idIn("account_id")},
	"alert_rule_settings":  {kind: adminOnly}, // read by the alert engine as the system
	"team_members":         {kind: global, write: wholeTeamIn},
	"tier_policies":        {kind: global, write: func(s *sql.Selector, _ []int) { none(s) }}, // read by all, written by admins (issue 17)
	"changes":              {kind: adminOnly},
	"users":                {kind: ownUser},
	"sessions":             {kind: adminOnly},
	"api_tokens":           {kind: adminOnly},
	"audit_events":         {kind: adminOnly},
	"webhooks":             {kind: adminOnly},
	"webhook_deliveries":   {kind: adminOnly},
	"sign_in_failures":     {kind: adminOnly}, // the sign-in throttle's state (issue 18)
	"account_plans":        {kind: byAccount, read: idIn("account_id")},
	"objectives":           {kind: byAccount, read: planIn("plan_id")},
	"risks":                {kind: byAccount, read: planIn("plan_id")},
	"account_offerings":    {kind: byAccount, read: idIn("account_id")},
	"suggestions":          {kind: byAccount, read: all(idIn("account_id"), contactIn("contact_id"))},
	"offerings":            {kind: global, write: nobody},
	"handovers":            {kind: byAccount, read: idIn("account_id")},                                      // issue 16 point 4
	"handover_items":       {kind: byAccount, read: all(handoverIn("handover_id"), contactIn("contact_id"))}, // issue 16 point 4
	"contact_needs":        {kind: teamOnly, read: homeContactIn("contact_id"), parent: "contact_id"},        // issue 16 point 6
}

// checkRules reports the node tables of the schema that have no rule.
func checkRules() error {
	for typ, table := range ent.NodeTables {
		if _, ok := rules[table]; !ok {
			return fmt.Errorf("scope: table %s (%s) has no access rule in internal/scope", table, typ)
		}
	}
	return nil
}

// ids returns the accounts as IN arguments; an empty list is one ID that
// no row has (IN () is not valid SQL everywhere).
func ids(accounts []int) []any {
	if len(accounts) == 0 {
		return []any{-1}
	}
	out := make([]any, len(accounts))
	for i, a := range accounts {
		out[i] = a
	}
	return out
}

func idIn(column string) func(*sql.Selector, []int) {
	return func(s *sql.Selector, accounts []int) {
		s.Where(sql.In(s.C(column), ids(accounts)...))
	}
}

// contactIn keeps rows whose column names a contact of the accounts: one
// whose home is one of them, or who holds a role at one of them (issue 16
// point 7: a board member of two subsidiaries appears in the graph, chains,
// coverage and assessments of both, without a copy).
func contactIn(column string) func(*sql.Selector, []int) {
	return func(s *sql.Selector, accounts []int) {
		d := sql.Dialect(s.Dialect())
		home := d.Select("id").From(sql.Table("contacts")).Where(sql.In("account_id", ids(accounts)...))
		role := d.Select("contact_id").From(sql.Table("contact_roles")).Where(sql.In("account_id", ids(accounts)...))
		s.Where(sql.Or(sql.In(s.C(column), home), sql.In(s.C(column), role)))
	}
}

// contactRead keeps the contacts whose home is one of the accounts or who
// hold a role at one of them.
func contactRead(s *sql.Selector, accounts []int) {
	role := sql.Dialect(s.Dialect()).Select("contact_id").From(sql.Table("contact_roles")).
		Where(sql.In("account_id", ids(accounts)...))
	s.Where(sql.Or(sql.In(s.C("account_id"), ids(accounts)...), sql.In(s.C("id"), role)))
}

// opportunityIn keeps rows whose column names an opportunity of the accounts.
func opportunityIn(column string) func(*sql.Selector, []int) {
	return func(s *sql.Selector, accounts []int) {
		sub := sql.Dialect(s.Dialect()).Select("id").From(sql.Table("opportunities")).
			Where(sql.In("account_id", ids(accounts)...))
		s.Where(sql.In(s.C(column), sub))
	}
}

// nobody lets no scoped viewer change a global table's rows.
func nobody(s *sql.Selector, _ []int) { none(s) }

// planIn keeps rows whose column names an account plan of the accounts.
func planIn(column string) func(*sql.Selector, []int) {
	return func(s *sql.Selector, accounts []int) {
		sub := sql.Dialect(s.Dialect()).Select("id").From(sql.Table("account_plans")).
			Where(sql.In("account_id", ids(accounts)...))
		s.Where(sql.In(s.C(column), sub))
	}
}

// handoverIn keeps rows whose column names a handover of the accounts.
func handoverIn(column string) func(*sql.Selector, []int) {
	return func(s *sql.Selector, accounts []int) {
		sub := sql.Dialect(s.Dialect()).Select("id").From(sql.Table("handovers")).
			Where(sql.In("account_id", ids(accounts)...))
		s.Where(sql.In(s.C(column), sub))
	}
}

func all(ps ...func(*sql.Selector, []int)) func(*sql.Selector, []int) {
	return func(s *sql.Selector, accounts []int) {
		for _, p := range ps {
			p(s, accounts)
		}
	}
}

// wholeTeamIn keeps the team members all of whose accounts are the
// editor's: putting such a member on a team, taking them off one or
// deleting them changes who sees what on those accounts only.
func wholeTeamIn(s *sql.Selector, accounts []int) {
	other := sql.Dialect(s.Dialect()).Select("team_member_id").From(sql.Table("team_member_accounts")).
		Where(sql.NotIn("account_id", ids(accounts)...))
	s.Where(sql.NotIn(s.C("id"), other))
}

// hasWriteRule reports whether changing rows of table asks more than
// reading them: only then is a second visibility check worth its statement.
func hasWriteRule(table string) bool { return rules[table].write != nil }

// none matches no row.
func none(s *sql.Selector) { s.Where(sql.False()) }

// predicate returns the read (or, with write, the write) predicate of table
// for v, or nil when v reads the whole table.
func predicate(v *auth.Viewer, table string, write bool) func(*sql.Selector) {
	if v == nil || v.IsAdmin() {
		return nil
	}
	r, ok := rules[table]
	if !ok {
		return none // a table unknown to the scope is read by no one but admins
	}
	switch r.kind {
	case global:
		if !write || r.write == nil || !v.Scoped() {
			return nil
		}
		return loaded(v, r.write)
	case ownUser:
		own := -1
		if v.Kind == auth.KindUser {
			own = v.ID
		}
		return func(s *sql.Selector) { s.Where(sql.EQ(s.C("id"), own)) }
	case adminOnly:
		return none
	case teamOnly:
		if v.Scoped() {
			return loaded(v, r.read)
		}
		return teamContacts(v, r.parent)
	case byAccount:
		if !v.Scoped() {
			return nil
		}
		if write && r.write != nil {
			return loaded(v, func(s *sql.Selector, a []int) { r.read(s, a); r.write(s, a) })
		}
		return loaded(v, r.read)
	}
	return none
}

// loaded applies p with the viewer's loaded account list, and fails the
// query when the list was not loaded: a predicate cannot query, and the
// interceptor and hook load the list before any predicate runs, so this is
// a fault of the server, never an answer with too many rows.
func loaded(v *auth.Viewer, p func(*sql.Selector, []int)) func(*sql.Selector) {
	return func(s *sql.Selector) {
		accounts, ok := v.LoadedAccountIDs()
		if !ok {
			s.AddError(fmt.Errorf("scope: the account list of %s was not loaded", v.Name))
			none(s)
			return
		}
		p(s, accounts)
	}
}

// teamContacts keeps, for a viewer who reads every account, the rows whose
// column names a contact of the accounts on the viewer's own teams and
// their subsidiaries: the accounts a scoped viewer would read, found by one
// recursive subquery so that nothing needs loading first (the predicate
// also runs inside edge filters of other tables' queries). A viewer with no
// team member of their own is on no team.
func teamContacts(v *auth.Viewer, column string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		if v.TeamMemberID == nil {
			none(s)
			return
		}
		member := *v.TeamMemberID
		s.Where(sql.P(func(b *sql.Builder) {
			b.Ident(s.C(column)).WriteString(" IN (SELECT id FROM contacts WHERE account_id IN (" +
				"WITH RECURSIVE team_accounts(id) AS (SELECT account_id FROM team_member_accounts WHERE team_member_id = ").
				Arg(member).
				WriteString(" UNION SELECT accounts.id FROM accounts JOIN team_accounts ON accounts.parent_id = team_accounts.id)" +
					" SELECT id FROM team_accounts))")
		}))
	}
}

// homeContactIn keeps rows whose column names a contact whose home is one
// of the accounts: a role held at an account (contactIn) shows the person
// there, not what their own account team has learned about them.
func homeContactIn(column string) func(*sql.Selector, []int) {
	return func(s *sql.Selector, accounts []int) {
		sub := sql.Dialect(s.Dialect()).Select("id").From(sql.Table("contacts")).
			Where(sql.In("account_id", ids(accounts)...))
		s.Where(sql.In(s.C(column), sub))
	}
}

// teamContactIn keeps the rows whose column names a contact of the
// viewer's own teams' accounts: what a teamOnly table's rows need.
func teamContactIn(v *auth.Viewer, column string) func(*sql.Selector) {
	if v.Scoped() {
		return loaded(v, homeContactIn(column))
	}
	return teamContacts(v, column)
}

// teamOnlyParent returns the parent column of a teamOnly table, or "".
func teamOnlyParent(table string) string {
	if r := rules[table]; r.kind == teamOnly {
		return r.parent
	}
	return ""
}
