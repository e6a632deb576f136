package scope_test

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/budget"
	"rapport/ent/complaint"
	"rapport/ent/contact"
	"rapport/ent/decisionchainlink"
	"rapport/ent/interaction"
	"rapport/ent/migrate"
	"rapport/ent/opportunity"
	"rapport/ent/survey"
	"rapport/internal/domain"
	"rapport/internal/store"
)

// crossing is a world whose rows cross the boundary of the outsider's scope
// in every way the model allows. The outsider (Ada's editor) sees the group
// "Ours" with its subsidiary, and "Ours Child", whose parent is hidden;
// "Hidden Co" and "Hidden Parent" are not theirs. Every kind of row exists
// on both sides, and every edge that may cross, crosses: relations both
// ways, a visible contact reporting to a hidden one and the reverse, a
// chain link from a visible opportunity to a hidden contact, an interaction
// with a hidden participant, a partnership, coverage by a team member who
// works on both sides.
type crossing struct {
	ada, bob, mixed, free *ent.TeamMember
	ours, oursSub         *ent.Account
	oursChild             *ent.Account
	hidden, hiddenParent  *ent.Account
	cA, cA2, cA3, cH, cH2 *ent.Contact
	oA, oH                *ent.Opportunity
	iA                    *ent.Interaction
	visibleAccounts       map[int]bool
}

func buildCrossing(t *testing.T, c *ent.Client) crossing {
	t.Helper()
	ctx := context.Background()
	var w crossing
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var err error
	member := func(name string) *ent.TeamMember {
		m, err := c.TeamMember.Create().SetName(name).SetEmail(strings.ToLower(name) + "@us.example").Save(ctx)
		must(err)
		return m
	}
	w.ada, w.bob, w.mixed, w.free = member("Ada"), member("Bob"), member("Mixed"), member("Free")
	w.ours, err = c.Account.Create().SetName("Ours Group").AddTeam(w.ada, w.mixed).Save(ctx)
	must(err)
	w.oursSub, err = c.Account.Create().SetName("Ours Sub").SetParent(w.ours).Save(ctx)
	must(err)
	w.hiddenParent, err = c.Account.Create().SetName("Hidden Parent").Save(ctx)
	must(err)
	w.oursChild, err = c.Account.Create().SetName("Ours Child").SetParent(w.hiddenParent).AddTeam(w.ada).Save(ctx)
	must(err)
	w.hidden, err = c.Account.Create().SetName("Hidden Co").AddTeam(w.bob, w.mixed).AddPartners(w.ours).Save(ctx)
	must(err)
	w.visibleAccounts = map[int]bool{w.ours.ID: true, w.oursSub.ID: true, w.oursChild.ID: true}

	person := func(name string, acc *ent.Account) *ent.Contact {
		p, err := c.Contact.Create().SetName(name).SetAccount(acc).SetExternalID("ext-" + name).Save(ctx)
		must(err)
		return p
	}
	w.cA, w.cA2, w.cH = person("Li", w.ours), person("Zhou", w.oursSub), person("Secret", w.hidden)
	w.cA3, err = c.Contact.Create().SetName("Wang").SetAccount(w.oursChild).SetReportsTo(w.cH).Save(ctx)
	must(err)
	w.cH2, err = c.Contact.Create().SetName("Hidden Report").SetAccount(w.hidden).SetReportsTo(w.cA).Save(ctx)
	must(err)

	rel := func(from, to *ent.Contact, kind domain.RelationKind) {
		must(c.ContactRelation.Create().SetFromID(from.ID).SetToID(to.ID).SetKind(kind).Exec(ctx))
	}
	rel(w.cA, w.cH, domain.RelationFormerColleague)
	rel(w.cH, w.cA, domain.RelationFriend)
	rel(w.cA, w.cA2, domain.RelationAlly)
	rel(w.cH, w.cH2, domain.RelationAlly)

	cover := func(m *ent.TeamMember, p *ent.Contact) {
		must(c.Coverage.Create().SetTeamMemberID(m.ID).SetContactID(p.ID).Exec(ctx))
	}
	cover(w.ada, w.cA)
	cover(w.ada, w.cH)
	cover(w.bob, w.cH)
	cover(w.mixed, w.cA2)
	cover(w.mixed, w.cH2)

	for _, p := range []*ent.Contact{w.cA, w.cH} {
		must(c.Assessment.Create().SetContactID(p.ID).SetAttitude(domain.AttitudeSupporter).SetInfluence(4).SetInterest(3).SetAssessedByID(w.mixed.ID).Exec(ctx))
	}
	opp := func(name string, acc *ent.Account) *ent.Opportunity {
		o, err := c.Opportunity.Create().SetName(name).SetAccount(acc).SetStage(opportunity.StageQUALIFIED).Save(ctx)
		must(err)
		return o
	}
	w.oA, w.oH = opp("Core network", w.ours), opp("Hidden deal", w.hidden)
	link := func(o *ent.Opportunity, p *ent.Contact, role decisionchainlink.Role, pos int) {
		must(c.DecisionChainLink.Create().SetOpportunityID(o.ID).SetContactID(p.ID).SetRole(role).SetPosition(pos).Exec(ctx))
	}
	link(w.oA, w.cA, decisionchainlink.RoleINITIATOR, 1)
	link(w.oA, w.cH, decisionchainlink.RoleDECISION_MAKER, 2)
	link(w.oH, w.cH, decisionchainlink.RoleAPPROVER, 1)
	link(w.oH, w.cA, decisionchainlink.RoleINFLUENCER, 2)

	now := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	offer, err := c.Offering.Create().SetName("Core network").Save(ctx)
	must(err)
	for _, acc := range []*ent.Account{w.ours, w.hidden} {
		contacts := []*ent.Contact{w.cA, w.cH}
		it, err := c.Interaction.Create().SetAccount(acc).SetKind(interaction.KindTECH_EXCHANGE).SetOccurredAt(now).
			AddContacts(contacts...).AddTeamMembers(w.ada, w.bob).Save(ctx)
		must(err)
		if acc == w.ours {
			w.iA = it
		}
		must(c.Survey.Create().SetAccount(acc).SetScore(4).SetChannel(survey.ChannelONLINE).SetSurveyedAt(now).Exec(ctx))
		must(c.Complaint.Create().SetAccount(acc).SetSummary("late delivery").SetSeverity(complaint.SeverityHIGH).Exec(ctx))
		must(c.Budget.Create().SetAccount(acc).SetPeriod("2026-Q4").SetPlanned(1000).Exec(ctx))
		must(c.TierChange.Create().SetAccountID(acc.ID).SetToTier(domain.TierStrategic).SetReason("value").Exec(ctx))
		// The organizational layer and the value history (issue 16): an
		// engagement owned on both sides, an executive pairing, a value
		// assessment by a team member working on both sides.
		exec, person := w.ada, w.cA
		if acc == w.hidden {
			exec, person = w.bob, w.cH
		}
		must(c.Engagement.Create().SetAccount(acc).SetKind("JOINT_LAB").SetName("Joint lab").SetStartsAt(now).
			AddOwners(exec).AddCustomerOwners(person).Exec(ctx))
		must(c.ExecutivePairing.Create().SetAccount(acc).SetTeamMember(exec).SetContact(person).Exec(ctx))
		must(c.ValueAssessment.Create().SetAccount(acc).SetAssessedBy(w.mixed).SetAssessedAt(now).
			SetRevenueScore(4).SetMarginScore(3).SetPaymentCollectionScore(3).SetReferenceValueScore(5).
			SetManagementImprovementScore(3).SetLongTermPaybackScore(4).SetShareOfWalletScore(3).
			SetGrowthPotentialScore(4).SetLoyaltyScore(4).Exec(ctx))
		// The relationship programme (issue 17): a plan with an objective
		// and a risk, an offering's whitespace, and an alert.
		plan, err := c.AccountPlan.Create().SetAccount(acc).SetFiscalYear(2026).SetTitle("FY2026").Save(ctx)
		must(err)
		must(c.Objective.Create().SetPlan(plan).SetTitle("Win the CIO").SetMetric("STRENGTH").SetTarget(3).SetContact(person).Exec(ctx))
		must(c.Risk.Create().SetPlan(plan).SetDescription("Budget freeze").Exec(ctx))
		must(c.AccountOffering.Create().SetAccount(acc).SetOffering(offer).SetPotential(100).Exec(ctx))
		must(c.Alert.Create().SetAccount(acc).SetRule("test").SetSeverity("HIGH").SetSubjectType("Contact").
			SetSubjectID(person.ID).SetSubjectName(person.Name).SetMessage("m").SetAction("a").Exec(ctx))
		// Suggestions (issue 17 point 7): a coverage the meetings imply.
		must(c.Suggestion.Create().SetAccount(acc).SetKind("COVERAGE").SetContact(person).SetTeamMember(exec).
			SetStrength(2).SetConfidence(0.75).SetEvidenceCount(3).SetLastEvidenceAt(now).
			SetPairKey(fmt.Sprintf("C/%d/%d", exec.ID, person.ID)).Exec(ctx))
		// A handover (issue 16 point 4) with its item, the interaction as its introduction.
		ho, err := c.Handover.Create().SetAccount(acc).SetPredecessor(exec).SetSuccessor(w.mixed).SetHandedOverAt(now).Save(ctx)
		must(err)
		must(c.HandoverItem.Create().SetHandover(ho).SetContact(person).SetPredecessorStrength(3).SetSuccessorStrength(2).
			SetIntroduction(it).Exec(ctx))
	}
	// A person of ours holding a role at the hidden account (issue 16
	// point 7): the role is the hidden account's and hidden with it.
	must(c.ContactRole.Create().SetContact(w.cA).SetAccount(w.hidden).SetTitle("Board member").Exec(ctx))
	// Needs and interests (issue 16 point 6), learned on both sides by a
	// team member working on both: readable by the account team only.
	for _, p := range []*ent.Contact{w.cA, w.cH} {
		must(c.ContactNeed.Create().SetContact(p).SetKind("PERSONAL_INTEREST").SetLayer("BELONGING").
			SetText("Marathons").SetLearnedBy(w.mixed).Exec(ctx))
	}
	_ = budget.Table
	_ = contact.Table
	return w
}

// oracle is the scope's specification, written independently of its code:
// an account is readable when it is one of the outsider's; any other row of
// customer data is readable when every row its required edge fields name is
// readable; optional edge fields (parent, reportsTo) do not hide a row.
// Team members are everyone's; users, tokens, sessions, webhooks and the
// audit trail are the admins' and play no part here.
type oracle struct {
	hidden  map[string]map[int]bool // table -> hidden IDs
	visible map[string][]int        // type -> readable IDs
	all     map[string][]int        // type -> every ID
}

// global and adminOnly tables, by the specification.
var (
	specGlobal    = map[string]bool{"team_members": true, "offerings": true, "tier_policies": true}
	specAdminOnly = map[string]bool{"users": true, "sessions": true, "api_tokens": true, "audit_events": true, "webhooks": true, "webhook_deliveries": true, "sign_in_failures": true, "changes": true, "alert_rule_settings": true}
)

func computeOracle(t *testing.T, db *store.DB, visibleAccounts map[int]bool) oracle {
	t.Helper()
	o := oracle{hidden: map[string]map[int]bool{}, visible: map[string][]int{}, all: map[string][]int{}}
	// required edge fields per type
	required := map[string][]ent.EdgeMeta{}
	for _, e := range ent.Edges {
		if e.OwnFK && e.Field != "" && !e.Optional {
			required[e.Type] = append(required[e.Type], e)
		}
	}
	types := make([]string, 0, len(ent.NodeTables))
	for typ := range ent.NodeTables {
		types = append(types, typ)
	}
	sort.Strings(types)
	rows := map[string]map[int]map[string]int{} // type -> id -> column -> value
	for _, typ := range types {
		table := ent.NodeTables[typ]
		if specAdminOnly[table] {
			continue
		}
		cols := []string{"id"}
		for _, e := range required[typ] {
			cols = append(cols, e.Field)
		}
		res, err := db.SQL.Query(fmt.Sprintf("SELECT %s FROM %s", strings.Join(cols, ", "), table))
		if err != nil {
			t.Fatalf("oracle: read %s: %v", table, err)
		}
		rows[typ] = map[int]map[string]int{}
		for res.Next() {
			vals := make([]sql.NullInt64, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := res.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			r := map[string]int{}
			for i, col := range cols {
				r[col] = int(vals[i].Int64)
			}
			rows[typ][r["id"]] = r
		}
		res.Close()
	}
	readable := map[int]bool{}
	for id := range visibleAccounts {
		readable[id] = true
	}
	for _, typ := range types {
		if specGlobal[ent.NodeTables[typ]] {
			for id := range rows[typ] {
				readable[id] = true
			}
		}
	}
	// Every customer row reaches an account through required edge fields
	// (rows of a type without any would have no owner: the test fails).
	for changed := true; changed; {
		changed = false
		for _, typ := range types {
			table := ent.NodeTables[typ]
			if specAdminOnly[table] || specGlobal[table] || typ == ent.TypeAccount {
				continue
			}
			if len(required[typ]) == 0 {
				t.Fatalf("oracle: %s has no required edge to an account: say in the specification whose it is", typ)
			}
			for id, r := range rows[typ] {
				if readable[id] {
					continue
				}
				ok := true
				for _, e := range required[typ] {
					if !readable[r[e.Field]] {
						ok = false
					}
				}
				if ok {
					readable[id] = true
					changed = true
				}
			}
		}
	}
	for _, typ := range types {
		table := ent.NodeTables[typ]
		if specAdminOnly[table] {
			continue
		}
		o.hidden[table] = map[int]bool{}
		for id := range rows[typ] {
			o.all[typ] = append(o.all[typ], id)
			if readable[id] {
				o.visible[typ] = append(o.visible[typ], id)
			} else {
				o.hidden[table][id] = true
			}
		}
		sort.Ints(o.visible[typ])
		sort.Ints(o.all[typ])
	}
	return o
}

// hiddenSample returns one hidden ID of each type that has one.
func (o oracle) hiddenSample() map[string]int {
	out := map[string]int{}
	for typ, table := range ent.NodeTables {
		best := 0
		for id := range o.hidden[table] {
			if best == 0 || id < best {
				best = id
			}
		}
		if best != 0 {
			out[typ] = best
		}
	}
	return out
}

// fingerprint is every row of the world that is hidden or refers to a
// hidden row (join tables included), as an admin reads it.
func fingerprint(t *testing.T, db *store.DB, o oracle) string {
	t.Helper()
	hiddenAny := map[int]bool{}
	for _, ids := range o.hidden {
		for id := range ids {
			hiddenAny[id] = true
		}
	}
	var b strings.Builder
	for _, table := range migrate.Tables {
		if specAdminOnly[table.Name] {
			continue
		}
		refCols := map[string]bool{}
		for _, fk := range table.ForeignKeys {
			for _, c := range fk.Columns {
				refCols[c.Name] = true
			}
		}
		_, isNode := o.hidden[table.Name]
		res, err := db.SQL.Query(fmt.Sprintf("SELECT * FROM %s ORDER BY 1, 2", table.Name))
		if err != nil {
			t.Fatalf("fingerprint %s: %v", table.Name, err)
		}
		cols, _ := res.Columns()
		for res.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := res.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			keep := false
			for i, c := range cols {
				n, ok := asInt(vals[i])
				if !ok {
					continue
				}
				if (c == "id" && isNode && o.hidden[table.Name][n]) || ((refCols[c] || !isNode) && hiddenAny[n]) {
					keep = true
				}
			}
			if keep {
				fmt.Fprintf(&b, "%s %v\n", table.Name, fmtRow(vals))
			}
		}
		res.Close()
	}
	return b.String()
}

func asInt(v any) (int, bool) {
	switch n := v.(type) {
	case int64:
		return int(n), true
	case int32:
		return int(n), true
	case int:
		return n, true
	}
	return 0, false
}

func fmtRow(vals []any) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = fmtCell(v)
	}
	return strings.Join(parts, "|")
}

// fmtCell writes one column's value as the drivers return it.
func fmtCell(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}
