// Package alerts raises alerts on patterns in the stakeholder graph: rules
// that fire on committed changes (followed through the change feed) and
// rules checked on a schedule. An alert fires once per occurrence: its
// occurrence key (rule/subject) is unique while the condition lasts.
package alerts

import (
	"context"
	"fmt"
	"sort"
	"time"

	"rapport/ent"
	"rapport/ent/complaint"
	"rapport/internal/domain"
)

// Severity of an alert, as the schema's enum spells it.
type Severity string

const (
	Low      Severity = "LOW"
	Medium   Severity = "MEDIUM"
	High     Severity = "HIGH"
	Critical Severity = "CRITICAL"
)

// Names of the built-in rules.
const (
	ChampionLeft           = "CHAMPION_LEFT"
	DecisionMakerNegative  = "DECISION_MAKER_NEGATIVE"
	KeyContactUncovered    = "KEY_CONTACT_UNCOVERED"
	UncoveredDecisionMaker = "UNCOVERED_DECISION_MAKER"
	ComplaintOverdue       = "COMPLAINT_OVERDUE"
)

// Candidate is an alert a rule wants raised (or, from a scheduled rule,
// one whose condition holds now).
type Candidate struct {
	Rule        string
	Severity    Severity
	Account     int
	SubjectType string // an ent type name
	SubjectID   int
	SubjectName string
	// Message and Action are English; Params are the values they name,
	// for the dashboard's translations (account is added when raised).
	Message, Action string
	Params          map[string]any
	// PathTo, when set, is a contact the action suggests an introduction
	// to: the strongest path from our team is added when it is raised.
	PathTo int
}

// Key is the candidate's occurrence key: unique among open alerts.
func (c Candidate) Key() string { return occurrenceKey(c.Rule, c.SubjectType, c.SubjectID) }

func occurrenceKey(rule, typ string, id int) string { return fmt.Sprintf("%s/%s/%d", rule, typ, id) }

// Contact is what the change rules know of a contact.
type Contact struct {
	ID, Account int
	Name        string
	Role        string // decision role
	Attitude    string
	Status      string // ACTIVE or LEFT
	Gone        bool   // deleted
	Covers      int    // coverage by active team members
}

func (c *Contact) active() bool { return c != nil && !c.Gone && c.Status == "ACTIVE" }

func (c *Contact) decisionMaker() bool {
	return c != nil && (c.Role == string(domain.RoleDecisionMaker) || c.Role == string(domain.RoleEconomicBuyer))
}

func (c *Contact) supportive() bool {
	return c != nil && (c.Attitude == string(domain.AttitudeChampion) || c.Attitude == string(domain.AttitudeSupporter))
}

// key contacts are the decision makers and economic buyers, and champions.
func (c *Contact) key() bool {
	return c.decisionMaker() || (c != nil && c.Attitude == string(domain.AttitudeChampion))
}

// ChangeRule fires when a contact enters its condition through a
// committed change. Holds says whether the condition holds for c (nil: no
// such contact); Enters, when set, replaces the default "it did not hold
// before and holds now" (prev is nil for a contact new to the server).
type ChangeRule struct {
	Name        string
	Severity    Severity
	Description string
	Holds       func(c *Contact) bool
	Enters      func(prev, cur *Contact) bool
	Explain     func(c *Contact) Candidate
}

func (r *ChangeRule) enters(prev, cur *Contact) bool {
	if r.Enters != nil {
		return r.Enters(prev, cur)
	}
	return prev != nil && !r.Holds(prev) && r.Holds(cur)
}

// TimeRule is checked on a schedule: Check lists every candidate whose
// condition holds at now. A candidate without an open alert is raised; an
// open alert of the rule that is no longer listed is cleared.
type TimeRule struct {
	Name        string
	Severity    Severity
	Description string
	Check       func(ctx context.Context, client *ent.Client, now time.Time) ([]Candidate, error)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c == '_':
			b[i] = ' '
		case c >= 'A' && c <= 'Z':
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func contactCandidate(rule string, sev Severity, c *Contact, msg, action string) Candidate {
	return Candidate{
		Rule: rule, Severity: sev, Account: c.Account, SubjectType: ent.TypeContact, SubjectID: c.ID, SubjectName: c.Name,
		Message: msg, Action: action,
		Params: map[string]any{"contact": c.Name, "role": c.Role, "attitude": c.Attitude},
	}
}

// changeRules are the rules on committed changes of contacts, coverage and
// team members.
var changeRules = []*ChangeRule{
	{
		Name: ChampionLeft, Severity: High,
		Description: "A champion or supporter left the customer (marked LEFT or deleted).",
		Holds:       func(c *Contact) bool { return c != nil && c.supportive() && (c.Gone || c.Status == "LEFT") },
		Explain: func(c *Contact) Candidate {
			return contactCandidate(ChampionLeft, High, c,
				fmt.Sprintf("%s, a %s, has left.", c.Name, lower(c.Attitude)),
				"Find who takes over their role and ask for an introduction; check whom they influenced.")
		},
	},
	{
		Name: DecisionMakerNegative, Severity: High,
		Description: "A decision maker's or economic buyer's attitude fell to skeptic or opponent.",
		Holds: func(c *Contact) bool {
			return c.active() && c.decisionMaker() &&
				(c.Attitude == string(domain.AttitudeSkeptic) || c.Attitude == string(domain.AttitudeOpponent))
		},
		Explain: func(c *Contact) Candidate {
			return contactCandidate(DecisionMakerNegative, High, c,
				fmt.Sprintf("%s (%s) is now %s.", c.Name, lower(c.Role), lower(c.Attitude)),
				"Meet them soon to learn why, and brief the account team before the next decision.")
		},
	},
	{
		Name: KeyContactUncovered, Severity: High,
		Description: "A key contact (decision maker, economic buyer or champion) lost their last coverage by an active team member.",
		Holds:       func(c *Contact) bool { return c.active() && c.key() && c.Covers == 0 },
		// Lost: covered before, by a change of coverage or of a team member.
		Enters: func(prev, cur *Contact) bool {
			return prev != nil && prev.active() && prev.key() && prev.Covers > 0 && cur.active() && cur.key() && cur.Covers == 0
		},
		Explain: func(c *Contact) Candidate {
			k := contactCandidate(KeyContactUncovered, High, c,
				fmt.Sprintf("%s (%s) has lost their last working coverage.", c.Name, lower(c.Role)),
				"Assign an active team member to cover them.")
			k.PathTo = c.ID
			return k
		},
	},
	{
		Name: UncoveredDecisionMaker, Severity: Medium,
		Description: "A new decision maker or economic buyer (a new contact, or a new role) is covered by nobody on our team.",
		Holds:       func(c *Contact) bool { return c.active() && c.decisionMaker() && c.Covers == 0 },
		Enters: func(prev, cur *Contact) bool {
			return (prev == nil || !prev.decisionMaker()) && cur.active() && cur.decisionMaker() && cur.Covers == 0
		},
		Explain: func(c *Contact) Candidate {
			k := contactCandidate(UncoveredDecisionMaker, Medium, c,
				fmt.Sprintf("%s, a new %s, is covered by nobody on our team.", c.Name, lower(c.Role)),
				"Ask for an introduction and assign a team member to cover them.")
			k.PathTo = c.ID
			return k
		},
	},
}

// ResponseTime is how long a complaint may stay open, by severity: the
// defaults kept in one place (domain.ComplaintResponseTime), which the
// health score reads too.
var ResponseTime = func() map[complaint.Severity]time.Duration {
	out := map[complaint.Severity]time.Duration{}
	for s := range domain.ComplaintResponseTimes {
		out[complaint.Severity(s)] = domain.ComplaintResponseTime(s)
	}
	return out
}()

// timeRules are checked on the schedule. Rules of other packages (cadence,
// account plans) are added with AddTimeRule.
var timeRules = []*TimeRule{
	{
		Name: ComplaintOverdue, Severity: High,
		Description: "A complaint is open past its response time (by severity: critical 4 h, high 24 h, medium 72 h, low 7 days).",
		Check:       overdueComplaints,
	},
}

// AddTimeRule registers a scheduled rule (call it from an init).
func AddTimeRule(r *TimeRule) { timeRules = append(timeRules, r) }

func overdueComplaints(ctx context.Context, client *ent.Client, now time.Time) ([]Candidate, error) {
	var out []Candidate
	for sev, d := range ResponseTime {
		rows, err := client.Complaint.Query().
			Where(complaint.StatusIn(complaint.StatusOPEN, complaint.StatusIN_PROGRESS),
				complaint.SeverityEQ(sev), complaint.OpenedAtLT(now.Add(-d))).
			Select(complaint.FieldID, complaint.FieldAccountID, complaint.FieldSummary, complaint.FieldOpenedAt).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("overdue complaints: %w", err)
		}
		hours := int(d / time.Hour)
		for _, c := range rows {
			open := int(now.Sub(c.OpenedAt) / time.Hour)
			out = append(out, Candidate{
				Rule: ComplaintOverdue, Severity: complaintSeverity(sev), Account: c.AccountID,
				SubjectType: ent.TypeComplaint, SubjectID: c.ID, SubjectName: c.Summary,
				Message: fmt.Sprintf("The %s complaint %q has been open %d hours, past its %d-hour response time.",
					lower(string(sev)), c.Summary, open, hours),
				Action: "Respond to the customer and update the complaint's status.",
				Params: map[string]any{"summary": c.Summary, "severity": string(sev), "hours": open, "target": hours},
			})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SubjectID < out[j].SubjectID })
	return out, nil
}

func complaintSeverity(s complaint.Severity) Severity {
	switch s {
	case complaint.SeverityCRITICAL:
		return Critical
	case complaint.SeverityHIGH:
		return High
	case complaint.SeverityLOW:
		return Low
	}
	return Medium
}

// Rule describes one rule for the API.
type Rule struct {
	Name, Description string
	Severity          Severity
}

// Rules lists every rule.
func Rules() []Rule {
	var out []Rule
	for _, r := range changeRules {
		out = append(out, Rule{r.Name, r.Description, r.Severity})
	}
	for _, r := range timeRules {
		out = append(out, Rule{r.Name, r.Description, r.Severity})
	}
	return out
}

// Known reports whether name is a rule.
func Known(name string) bool {
	for _, r := range Rules() {
		if r.Name == name {
			return true
		}
	}
	return false
}
