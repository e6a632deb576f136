// Package dataset generates the benchmark's stakeholder graph: a fixed
// number of accounts and contacts per scale, every value derived from the
// row's index so that two runs at the same scale load the same bytes.
package dataset

import (
	"fmt"
	"time"

	"rapport/internal/gid"
)

// Scale sizes a dataset.
type Scale struct {
	Name              string
	Accounts          int
	ContactsPer       int // contacts of every account but the big one
	BigAccount        int // contacts of account 1, the stakeholderGraph case's
	RelationsPer      int // outgoing relations per contact
	InteractionsPer10 int // interactions per 10 contacts of an account
}

// Scales are the named sizes of the brief: S for CI's smoke test, M for
// the table we keep, L for the day someone asks about a big customer base.
var Scales = map[string]Scale{
	"S": {Name: "S", Accounts: 20, ContactsPer: 50, BigAccount: 500, RelationsPer: 5, InteractionsPer10: 25},
	"M": {Name: "M", Accounts: 200, ContactsPer: 100, BigAccount: 500, RelationsPer: 5, InteractionsPer10: 25},
	"L": {Name: "L", Accounts: 2000, ContactsPer: 100, BigAccount: 500, RelationsPer: 5, InteractionsPer10: 25},
}

// Fixed shape: every account has this team size, these opportunities, and
// its first contacts play the decision-chain roles (see contactRole).
const (
	teamPerAccount = 3
	oppsPerAccount = 5
	chainPerOpp    = 5
	surveysPer     = 8
	complaintsPer  = 2
	// Every groupEvery accounts hold one group: the groupHead-th and the
	// GroupSize-1 accounts after it, its subsidiaries.
	groupEvery       = 20
	groupHead        = 2
	keyContacts      = 12 // local indexes below this are key people, covered twice
	crossAccountEach = 5  // every 5th relation slot may leave the account
)

// GroupSize is how many accounts a group of the dataset holds (issue 16's
// group roll-up case): a head and five subsidiaries.
const GroupSize = 6

// base is the clock of the dataset: everything happened before it.
var base = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Shape tells the cases which rows to ask for, as store IDs.
type Shape struct {
	Scale         Scale
	Contacts      int
	Relations     int
	BigAccountID  int // 500 stakeholders
	PageAccountID int // an ordinary account, for the account-with-contacts case
	// GroupAccountID heads a group of GroupSize accounts: itself and its
	// subsidiaries.
	GroupAccountID int
	OpportunityID  int // an opportunity of the big account
	DecisionMaker  int // the decision maker of account 2, reached across accounts
	TeamMembers    int
}

// contactsOf returns how many contacts account a (1-based) has.
func (s Scale) contactsOf(a int) int {
	if a == 1 {
		return max(s.BigAccount, s.ContactsPer)
	}
	return s.ContactsPer
}

// firstContact returns the 1-based contact number of account a's first contact.
func (s Scale) firstContact(a int) int {
	if a == 1 {
		return 1
	}
	return s.contactsOf(1) + (a-2)*s.ContactsPer + 1
}

// ContactsOf returns how many contacts account a (1-based) has.
func (s Scale) ContactsOf(a int) int { return s.contactsOf(a) }

// ContactAt returns the store ID of account a's local-th contact (0-based).
func (s Scale) ContactAt(a, local int) int { return s.contactAt(a, local) }

func (s Scale) totalContacts() int { return s.contactsOf(1) + (s.Accounts-1)*s.ContactsPer }

func (s Scale) teamMembers() int { return max(8, s.Accounts/2) }

// teamOf returns the store ID of the j-th member of account a's team.
func (s Scale) teamOf(a, j int) int {
	return gid.Of("TeamMember", (a*teamPerAccount+j)%s.teamMembers()+1)
}

// ShapeOf returns the dataset's landmarks without generating it.
func ShapeOf(s Scale) Shape {
	return Shape{
		Scale:         s,
		Contacts:      s.totalContacts(),
		Relations:     s.totalContacts() * s.RelationsPer,
		BigAccountID:  gid.Of("Account", 1),
		PageAccountID: gid.Of("Account", 2),
		// A group's head is the groupHead-th account of every groupEvery.
		GroupAccountID: gid.Of("Account", groupHead),
		OpportunityID:  gid.Of("Opportunity", 1),
		DecisionMaker:  gid.Of("Contact", s.firstContact(2)),
		TeamMembers:    s.teamMembers(),
	}
}

// Table is one table's rows, produced in order by Gen.
type Table struct {
	Name string
	Cols []string
	Gen  func(emit func(vals ...any) error) error
}

// rnd is splitmix64 over (stream, i): a stable pseudo-random number per row
// and purpose, so that no generator depends on another's draw order.
func rnd(stream, i int) uint64 {
	z := uint64(stream)*0x9E3779B97F4A7C15 + uint64(i)*0xBF58476D1CE4E5B9 + 0x94D049BB133111EB
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func pick[T any](xs []T, r uint64) T { return xs[r%uint64(len(xs))] }

var (
	tiers       = []string{"STRATEGIC", "PARTNER", "COMMERCIAL", "GENERAL"}
	segments    = []string{"TELECOM_OPERATOR", "GOVERNMENT", "ENTERPRISE", "FINANCE", "ENERGY", "EDUCATION", "HEALTHCARE", "OTHER"}
	regions     = []string{"North", "East", "South", "West", "Central", "Overseas"}
	lifecycle   = []string{"ACQUIRE", "RETAIN", "CROSS_SELL", "LOST"}
	loyalty     = []string{"SUSPICIOUS", "EXPECTANT", "FIRST_PURCHASE", "REPEAT_PURCHASE", "ADVOCATE"}
	attitudes   = []string{"CHAMPION", "SUPPORTER", "NEUTRAL", "NEUTRAL", "SKEPTIC", "OPPONENT"}
	departments = []string{"IT", "Network", "Procurement", "Finance", "Operations", "Strategy", "Legal", "Marketing"}
	kinds       = []string{"INFLUENCES", "ALLY", "RIVAL", "FRIEND", "FAMILY", "FORMER_COLLEAGUE"}
	teamRoles   = []string{"ACCOUNT_MANAGER", "SOLUTION_LEAD", "DELIVERY_LEAD", "EXECUTIVE_SPONSOR", "SERVICE_MANAGER", "SALES_LEADER"}
	stages      = []string{"LEAD", "QUALIFIED", "PROPOSAL", "NEGOTIATION", "WON", "LOST"}
	ikinds      = []string{"COMPANY_VISIT", "SHOWCASE_VISIT", "ONSITE_MEETING", "TECH_EXCHANGE", "MANAGEMENT_RESEARCH",
		"SUMMIT", "DINNER_EVENT", "TRAINING", "CALL", "EMAIL", "HOTLINE"}
	channels = []string{"THIRD_PARTY", "HOTLINE_CALLBACK", "ONLINE", "INTERVIEW"}
	given    = []string{"Wei", "Min", "Jing", "Lei", "Yan", "Hao", "Ada", "Lin", "Tao", "Mei", "Jun", "Xin"}
	family   = []string{"Chen", "Li", "Wang", "Zhang", "Liu", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Ma"}
)

// contactRole gives an account's first contacts the roles a decision
// chain needs; everyone else is a user.
func contactRole(local int) (role, seniority string) {
	switch {
	case local == 0:
		return "DECISION_MAKER", "EXECUTIVE"
	case local == 1:
		return "ECONOMIC_BUYER", "EXECUTIVE"
	case local <= 4:
		return "TECHNICAL_EVALUATOR", "SENIOR_MANAGER"
	case local <= 9:
		return "INFLUENCER", "MANAGER"
	case local == 10:
		return "GATEKEEPER", "MANAGER"
	case local == 11:
		return "COACH", "MANAGER"
	}
	return "USER", "STAFF"
}

func day(n uint64) time.Time { return base.Add(-time.Duration(n%730) * 24 * time.Hour) }

func nullable(ok bool, v any) any {
	if ok {
		return v
	}
	return nil
}

// Tables returns the tables in load order (parents before children).
func Tables(s Scale) []Table {
	tm := s.teamMembers()
	teamOf := s.teamOf
	var ts []Table
	add := func(name string, cols []string, gen func(emit func(...any) error) error) {
		ts = append(ts, Table{Name: name, Cols: append([]string{"id"}, cols...), Gen: gen})
	}
	addJoin := func(name string, cols []string, gen func(emit func(...any) error) error) {
		ts = append(ts, Table{Name: name, Cols: cols, Gen: gen})
	}

	add("accounts", []string{"created_at", "updated_at", "name", "segment", "industry", "region", "tier",
		"annual_revenue", "potential_value", "lifecycle_stage", "loyalty_stage", "external_id", "parent_id"},
		func(emit func(...any) error) error {
			for a := 1; a <= s.Accounts; a++ {
				r := rnd(1, a)
				// A Pareto-like revenue so that ABC classes are not all A.
				revenue := 1e8 / float64(1+int(r%uint64(s.Accounts)))
				var parent any
				if k := a % groupEvery; k > groupHead && k < groupHead+GroupSize {
					parent = gid.Of("Account", a-k+groupHead)
				}
				err := emit(gid.Of("Account", a), base, base, fmt.Sprintf("Account %05d", a), pick(segments, r>>3),
					"Industry", pick(regions, r>>7), pick(tiers, r>>11), revenue, float64(r%1e8),
					pick(lifecycle, r>>17), pick(loyalty, r>>19), fmt.Sprintf("acc-%d", a), parent)
				if err != nil {
					return err
				}
			}
			return nil
		})

	add("team_members", []string{"created_at", "updated_at", "name", "email", "team_role", "active", "external_id"},
		func(emit func(...any) error) error {
			for t := 1; t <= tm; t++ {
				r := rnd(2, t)
				if err := emit(gid.Of("TeamMember", t), base, base, fmt.Sprintf("%s %s (tm%d)", pick(given, r), pick(family, r>>5), t),
					fmt.Sprintf("tm%d@bench.example", t), pick(teamRoles, r>>9), true, fmt.Sprintf("tm-%d", t)); err != nil {
					return err
				}
			}
			return nil
		})

	addJoin("team_member_accounts", []string{"team_member_id", "account_id"}, func(emit func(...any) error) error {
		for a := 1; a <= s.Accounts; a++ {
			for j := 0; j < teamPerAccount; j++ {
				if err := emit(teamOf(a, j), gid.Of("Account", a)); err != nil {
					return err
				}
			}
		}
		return nil
	})

	ts = append(ts, people(s)...)
	ts = append(ts, activity(s)...)
	ts = append(ts, plans(s)...) // issue 17: offerings, whitespace, account plans
	return ts
}
