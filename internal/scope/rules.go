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
)

// rule confines one table. read narrows a selector over the table to the
// rows a scoped viewer with accounts may read; write, when set, narrows
// further to the rows such a viewer may change (a team member whose team
// spans accounts the editor cannot see changes scope for others).
type rule struct {
	kind  kind
	read  func(s *sql.Selector, accounts []int)
	write func(s *sql.Selector, accounts []int)
}

// rules confines every node table of the schema. Install refuses to start
// when a table of ent's schema has no rule here, so a new entity cannot be
// added unconfined; its edges need no line at all (the generated edge
// predicates and the write hook read ent.Edges).
var rules = map[string]rule{
	"accounts":             {kind: byAccount, read: idIn("id")},
	"contacts":             {kind: byAccount, read: idIn("account_id")},
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
	"offerings":            {kind: global, write: nobody},
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

// contactIn keeps rows whose column names a contact of the accounts.
func contactIn(column string) func(*sql.Selector, []int) {
	return func(s *sql.Selector, accounts []int) {
		sub := sql.Dialect(s.Dialect()).Select("id").From(sql.Table("contacts")).
			Where(sql.In("account_id", ids(accounts)...))
		s.Where(sql.In(s.C(column), sub))
	}
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
