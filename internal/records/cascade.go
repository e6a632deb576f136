package records

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/ent/assessment"
	"rapport/ent/budget"
	"rapport/ent/complaint"
	"rapport/ent/contact"
	"rapport/ent/contactrelation"
	"rapport/ent/contactrole"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/engagement"
	"rapport/ent/executivepairing"
	"rapport/ent/handover"
	"rapport/ent/handoveritem"
	"rapport/ent/interaction"
	"rapport/ent/opportunity"
	"rapport/ent/predicate"
	"rapport/ent/stagechange"
	"rapport/ent/suggestion"
	"rapport/ent/survey"
	"rapport/ent/tierchange"
	"rapport/ent/valueassessment"
	"rapport/internal/ofaccount"
)

// Rows are rows of one type that a delete removes.
type Rows struct {
	Type string // ent's type name, e.g. ent.TypeContactRelation
	IDs  []int
}

// dependents are the rows of other tables that hang off a contact (or all
// of an account's contacts): DeleteContact and DeleteAccount remove them,
// and ContactCascade and AccountCascade list them with the same predicates.
type dependents struct {
	links       predicate.DecisionChainLink
	relations   predicate.ContactRelation
	coverages   predicate.Coverage
	assessments predicate.Assessment
	pairings    predicate.ExecutivePairing
	roles       predicate.ContactRole
	// What the server derived or recorded about the people: deleted
	// through ent, so that the audit trail, the change feed and webhooks
	// see them go (the foreign keys' ON DELETE CASCADE would take them
	// silently). A contact's needs are the exception: only the account
	// team may read or write them, yet whoever may delete the contact
	// deletes them too, so the foreign key takes them (they send no events
	// either; see internal/webhook's silent list).
	suggestions predicate.Suggestion
	items       predicate.HandoverItem
	handovers   predicate.Handover
}

func contactDependents(id int) dependents {
	return dependents{
		links:       decisionchainlink.ContactID(id),
		relations:   contactrelation.Or(contactrelation.FromID(id), contactrelation.ToID(id)),
		coverages:   coverage.ContactID(id),
		assessments: assessment.ContactID(id),
		pairings:    executivepairing.ContactID(id),
		roles:       contactrole.ContactID(id),
		suggestions: suggestion.Or(suggestion.ContactID(id), suggestion.OtherContactID(id)),
		items:       handoveritem.ContactID(id),
		handovers:   handover.IDIn(), // none: a handover outlives one of its people
	}
}

func accountDependents(id int) dependents {
	of := contact.AccountID(id)
	return dependents{
		links: decisionchainlink.Or(
			decisionchainlink.HasContactWith(of),
			decisionchainlink.HasOpportunityWith(opportunity.AccountID(id)),
		),
		// By IN (the account's contacts), not the edges' EXISTS, which
		// visit every relation (package ofaccount).
		relations: predicate.ContactRelation(func(s *sql.Selector) {
			s.Where(sql.Or(ofaccount.Contacts(s, contactrelation.FieldFromID, id), ofaccount.Contacts(s, contactrelation.FieldToID, id)))
		}),
		coverages:   predicate.Coverage(func(s *sql.Selector) { s.Where(ofaccount.Contacts(s, coverage.FieldContactID, id)) }),
		assessments: predicate.Assessment(func(s *sql.Selector) { s.Where(ofaccount.Contacts(s, assessment.FieldContactID, id)) }),
		pairings:    executivepairing.Or(executivepairing.AccountID(id), executivepairing.HasContactWith(of)),
		roles:       contactrole.Or(contactrole.AccountID(id), contactrole.HasContactWith(of)),
		suggestions: suggestion.Or(suggestion.AccountID(id), suggestion.HasContactWith(of), suggestion.HasOtherContactWith(of)),
		items:       handoveritem.Or(handoveritem.HasHandoverWith(handover.AccountID(id)), handoveritem.HasContactWith(of)),
		handovers:   handover.AccountID(id),
	}
}

// ContactCascade lists what DeleteContact(id, force: true) removes: the
// contact and its dependent rows. Run it as the system (every row, seen
// or not): whoever asks whether they may delete needs to know what a
// delete would reach, not only what they may read.
func ContactCascade(ctx context.Context, c *ent.Client, id int) ([]Rows, error) {
	d := contactDependents(id)
	return cascade(
		step(ent.TypeDecisionChainLink, func() ([]int, error) { return c.DecisionChainLink.Query().Where(d.links).IDs(ctx) }),
		step(ent.TypeContactRelation, func() ([]int, error) { return c.ContactRelation.Query().Where(d.relations).IDs(ctx) }),
		step(ent.TypeCoverage, func() ([]int, error) { return c.Coverage.Query().Where(d.coverages).IDs(ctx) }),
		step(ent.TypeAssessment, func() ([]int, error) { return c.Assessment.Query().Where(d.assessments).IDs(ctx) }),
		step(ent.TypeExecutivePairing, func() ([]int, error) { return c.ExecutivePairing.Query().Where(d.pairings).IDs(ctx) }),
		step(ent.TypeContactRole, func() ([]int, error) { return c.ContactRole.Query().Where(d.roles).IDs(ctx) }),
		step(ent.TypeSuggestion, func() ([]int, error) { return c.Suggestion.Query().Where(d.suggestions).IDs(ctx) }),
		step(ent.TypeHandoverItem, func() ([]int, error) { return c.HandoverItem.Query().Where(d.items).IDs(ctx) }),
		step(ent.TypeHandover, func() ([]int, error) { return c.Handover.Query().Where(d.handovers).IDs(ctx) }),
		step(ent.TypeContact, func() ([]int, error) { return []int{id}, nil }),
	)
}

// AccountCascade lists what DeleteAccount(id, force: true) removes (as
// ContactCascade, run it as the system), for viewerCanDelete. It leaves out
// what cannot change that answer: the account's plans (with their
// objectives and risks) and whitespace rows are writable by whoever may
// write the account, and the steps that run as the system (alerts, needs,
// unlinking subsidiaries and other accounts' rows; see detach.go) are not
// the user's writes.
func AccountCascade(ctx context.Context, c *ent.Client, id int) ([]Rows, error) {
	d := accountDependents(id)
	return cascade(
		step(ent.TypeDecisionChainLink, func() ([]int, error) { return c.DecisionChainLink.Query().Where(d.links).IDs(ctx) }),
		step(ent.TypeContactRelation, func() ([]int, error) { return c.ContactRelation.Query().Where(d.relations).IDs(ctx) }),
		step(ent.TypeCoverage, func() ([]int, error) { return c.Coverage.Query().Where(d.coverages).IDs(ctx) }),
		step(ent.TypeAssessment, func() ([]int, error) { return c.Assessment.Query().Where(d.assessments).IDs(ctx) }),
		step(ent.TypeExecutivePairing, func() ([]int, error) { return c.ExecutivePairing.Query().Where(d.pairings).IDs(ctx) }),
		step(ent.TypeContactRole, func() ([]int, error) { return c.ContactRole.Query().Where(d.roles).IDs(ctx) }),
		step(ent.TypeSuggestion, func() ([]int, error) { return c.Suggestion.Query().Where(d.suggestions).IDs(ctx) }),
		step(ent.TypeHandoverItem, func() ([]int, error) { return c.HandoverItem.Query().Where(d.items).IDs(ctx) }),
		step(ent.TypeHandover, func() ([]int, error) { return c.Handover.Query().Where(d.handovers).IDs(ctx) }),
		step(ent.TypeContact, func() ([]int, error) { return c.Contact.Query().Where(contact.AccountID(id)).IDs(ctx) }),
		step(ent.TypeOpportunity, func() ([]int, error) { return c.Opportunity.Query().Where(opportunity.AccountID(id)).IDs(ctx) }),
		step(ent.TypeInteraction, func() ([]int, error) { return c.Interaction.Query().Where(interaction.AccountID(id)).IDs(ctx) }),
		step(ent.TypeSurvey, func() ([]int, error) { return c.Survey.Query().Where(survey.AccountID(id)).IDs(ctx) }),
		step(ent.TypeComplaint, func() ([]int, error) { return c.Complaint.Query().Where(complaint.AccountID(id)).IDs(ctx) }),
		step(ent.TypeBudget, func() ([]int, error) { return c.Budget.Query().Where(budget.AccountID(id)).IDs(ctx) }),
		step(ent.TypeTierChange, func() ([]int, error) { return c.TierChange.Query().Where(tierchange.AccountID(id)).IDs(ctx) }),
		step(ent.TypeStageChange, func() ([]int, error) { return c.StageChange.Query().Where(stagechange.AccountID(id)).IDs(ctx) }),
		step(ent.TypeEngagement, func() ([]int, error) { return c.Engagement.Query().Where(engagement.AccountID(id)).IDs(ctx) }),
		step(ent.TypeValueAssessment, func() ([]int, error) {
			return c.ValueAssessment.Query().Where(valueassessment.AccountID(id)).IDs(ctx)
		}),
		step(ent.TypeAccount, func() ([]int, error) { return []int{id}, nil }),
	)
}

type cascadeStep struct {
	typ string
	ids func() ([]int, error)
}

func step(typ string, ids func() ([]int, error)) cascadeStep { return cascadeStep{typ, ids} }

func cascade(steps ...cascadeStep) ([]Rows, error) {
	out := make([]Rows, 0, len(steps))
	for _, s := range steps {
		ids, err := s.ids()
		if err != nil {
			return nil, fmt.Errorf("list %s rows a delete reaches: %w", s.typ, err)
		}
		if len(ids) > 0 {
			out = append(out, Rows{Type: s.typ, IDs: ids})
		}
	}
	return out, nil
}
