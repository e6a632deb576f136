// Package records holds the writes that are more than one ent call:
// deletes that take their dependent rows with them, and integrators'
// upserts by external ID. Each function expects to run inside the caller's
// transaction (the GraphQL layer opens one per mutation).
package records

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/budget"
	"rapport/ent/complaint"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/engagement"
	"rapport/ent/executivepairing"
	"rapport/ent/handover"
	"rapport/ent/handoveritem"
	"rapport/ent/interaction"
	"rapport/ent/opportunity"
	"rapport/ent/stagechange"
	"rapport/ent/suggestion"
	"rapport/ent/survey"
	"rapport/ent/tierchange"
	"rapport/ent/valueassessment"
	"rapport/internal/apperr"
	"rapport/internal/gid"
)

// DeleteContact deletes a contact with its relations, coverages and
// assessments. Decision-chain links are the one dependent that carries
// meaning of its own, so a contact in a chain is refused unless force.
func DeleteContact(ctx context.Context, c *ent.Client, id int, force bool) (int, error) {
	if err := mustExist(ctx, c.Contact.Query().Where(contact.ID(id)).Exist, "Contact", id); err != nil {
		return 0, err
	}
	links, err := c.DecisionChainLink.Query().Where(decisionchainlink.ContactID(id)).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count chain links of contact: %w", err)
	}
	if links > 0 && !force {
		return 0, apperr.New(apperr.Conflict, "force",
			"the contact is in %d decision-chain link(s); pass force: true to delete them with it", links)
	}
	d := contactDependents(id)
	return deleteAll(ctx, append(contactDetachSteps(ctx, c, id), []deletion{
		{"decision chain links", func() (int, error) { return c.DecisionChainLink.Delete().Where(d.links).Exec(ctx) }},
		{"relations", func() (int, error) { return c.ContactRelation.Delete().Where(d.relations).Exec(ctx) }},
		{"coverages", func() (int, error) { return c.Coverage.Delete().Where(d.coverages).Exec(ctx) }},
		{"assessments", func() (int, error) { return c.Assessment.Delete().Where(d.assessments).Exec(ctx) }},
		{"executive pairings", func() (int, error) { return c.ExecutivePairing.Delete().Where(d.pairings).Exec(ctx) }},
		{"contact roles", func() (int, error) { return c.ContactRole.Delete().Where(d.roles).Exec(ctx) }},
		{"suggestions", func() (int, error) { return c.Suggestion.Delete().Where(d.suggestions).Exec(ctx) }},
		{"handover items", func() (int, error) { return c.HandoverItem.Delete().Where(d.items).Exec(ctx) }},
		{"handovers", func() (int, error) { return c.Handover.Delete().Where(d.handovers).Exec(ctx) }},
		{"contact", func() (int, error) { return 0, c.Contact.DeleteOneID(id).Exec(ctx) }},
	}...))
}

// DeleteAccount deletes an account. Its contacts, opportunities and
// activity are refused unless force, which deletes them too; subsidiaries
// are detached by the foreign key (ON DELETE SET NULL).
func DeleteAccount(ctx context.Context, c *ent.Client, id int, force bool) (int, error) {
	if err := mustExist(ctx, c.Account.Query().Where(account.ID(id)).Exist, "Account", id); err != nil {
		return 0, err
	}
	if !force {
		has, err := c.Account.Query().Where(account.ID(id), account.Or(
			account.HasContacts(), account.HasOpportunities(), account.HasInteractions(),
			account.HasSurveys(), account.HasComplaints(), account.HasBudgets(),
			account.HasEngagements(), account.HasExecutivePairings(), account.HasValueAssessments(),
			account.HasContactRoles(),
		)).Exist(ctx)
		if err != nil {
			return 0, fmt.Errorf("check account dependents: %w", err)
		}
		if has {
			return 0, apperr.New(apperr.Conflict, "force",
				"the account still has contacts, opportunities or activity; pass force: true to delete them with it")
		}
	}
	d := accountDependents(id)
	return deleteAll(ctx, append(accountProgrammeSteps(ctx, c, id), []deletion{
		{"decision chain links", func() (int, error) { return c.DecisionChainLink.Delete().Where(d.links).Exec(ctx) }},
		{"relations", func() (int, error) { return c.ContactRelation.Delete().Where(d.relations).Exec(ctx) }},
		{"coverages", func() (int, error) { return c.Coverage.Delete().Where(d.coverages).Exec(ctx) }},
		{"assessments", func() (int, error) { return c.Assessment.Delete().Where(d.assessments).Exec(ctx) }},
		{"executive pairings", func() (int, error) { return c.ExecutivePairing.Delete().Where(d.pairings).Exec(ctx) }},
		{"contact roles", func() (int, error) { return c.ContactRole.Delete().Where(d.roles).Exec(ctx) }},
		{"suggestions", func() (int, error) { return c.Suggestion.Delete().Where(d.suggestions).Exec(ctx) }},
		{"handover items", func() (int, error) { return c.HandoverItem.Delete().Where(d.items).Exec(ctx) }},
		{"handovers", func() (int, error) { return c.Handover.Delete().Where(d.handovers).Exec(ctx) }},
		{"contacts", func() (int, error) { return c.Contact.Delete().Where(contact.AccountID(id)).Exec(ctx) }},
		{"opportunities", func() (int, error) { return c.Opportunity.Delete().Where(opportunity.AccountID(id)).Exec(ctx) }},
		{"interactions", func() (int, error) { return c.Interaction.Delete().Where(interaction.AccountID(id)).Exec(ctx) }},
		{"surveys", func() (int, error) { return c.Survey.Delete().Where(survey.AccountID(id)).Exec(ctx) }},
		{"complaints", func() (int, error) { return c.Complaint.Delete().Where(complaint.AccountID(id)).Exec(ctx) }},
		{"budgets", func() (int, error) { return c.Budget.Delete().Where(budget.AccountID(id)).Exec(ctx) }},
		{"tier changes", func() (int, error) { return c.TierChange.Delete().Where(tierchange.AccountID(id)).Exec(ctx) }},
		{"stage changes", func() (int, error) { return c.StageChange.Delete().Where(stagechange.AccountID(id)).Exec(ctx) }},
		{"engagements", func() (int, error) { return c.Engagement.Delete().Where(engagement.AccountID(id)).Exec(ctx) }},
		{"value assessments", func() (int, error) {
			return c.ValueAssessment.Delete().Where(valueassessment.AccountID(id)).Exec(ctx)
		}},
		{"account", func() (int, error) { return 0, c.Account.DeleteOneID(id).Exec(ctx) }},
	}...))
}

// DeleteTeamMember deletes one of our people with their coverage, the
// suggestions naming them and the handovers they gave or took; their
// assessments stay, unattributed.
func DeleteTeamMember(ctx context.Context, c *ent.Client, id int) (int, error) {
	theirs := handover.Or(handover.PredecessorID(id), handover.SuccessorID(id))
	return deleteAll(ctx, append(memberDetachSteps(ctx, c, id), []deletion{
		{"coverages", func() (int, error) { return c.Coverage.Delete().Where(coverage.TeamMemberID(id)).Exec(ctx) }},
		{"executive pairings", func() (int, error) {
			return c.ExecutivePairing.Delete().Where(executivepairing.TeamMemberID(id)).Exec(ctx)
		}},
		{"suggestions", func() (int, error) { return c.Suggestion.Delete().Where(suggestion.TeamMemberID(id)).Exec(ctx) }},
		{"handover items", func() (int, error) {
			return c.HandoverItem.Delete().Where(handoveritem.HasHandoverWith(theirs)).Exec(ctx)
		}},
		{"handovers", func() (int, error) { return c.Handover.Delete().Where(theirs).Exec(ctx) }},
		{"team member", func() (int, error) { return 0, c.TeamMember.DeleteOneID(id).Exec(ctx) }},
	}...))
}

// DeleteOpportunity deletes an opportunity with its decision chain.
func DeleteOpportunity(ctx context.Context, c *ent.Client, id int) (int, error) {
	if err := mustExist(ctx, c.Opportunity.Query().Where(opportunity.ID(id)).Exist, "Opportunity", id); err != nil {
		return 0, err
	}
	return deleteAll(ctx, []deletion{
		{"decision chain links", func() (int, error) {
			return c.DecisionChainLink.Delete().Where(decisionchainlink.OpportunityID(id)).Exec(ctx)
		}},
		{"opportunity", func() (int, error) { return 0, c.Opportunity.DeleteOneID(id).Exec(ctx) }},
	})
}

type deletion struct {
	what string
	run  func() (int, error)
}

// deleteAll runs deletions in order and returns how many dependent rows
// went (the last step, the row itself, is not counted).
func deleteAll(ctx context.Context, steps []deletion) (int, error) {
	total := 0
	for _, s := range steps {
		n, err := s.run()
		if err != nil {
			if ent.IsNotFound(err) {
				return 0, err
			}
			return 0, fmt.Errorf("delete %s: %w", s.what, err)
		}
		total += n
	}
	return total, nil
}

func mustExist(ctx context.Context, exist func(context.Context) (bool, error), typ string, id int) error {
	ok, err := exist(ctx)
	if err != nil {
		return fmt.Errorf("look up %s: %w", typ, err)
	}
	if !ok {
		return apperr.New(apperr.NotFound, "id", "no %s with ID %s", typ, gid.Encode(id))
	}
	return nil
}
