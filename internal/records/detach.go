package records

import (
	"context"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/accountoffering"
	"rapport/ent/accountplan"
	"rapport/ent/alert"
	"rapport/ent/alertstate"
	"rapport/ent/assessment"
	"rapport/ent/contact"
	"rapport/ent/contactneed"
	"rapport/ent/handoveritem"
	"rapport/ent/interaction"
	"rapport/ent/objective"
	"rapport/ent/risk"
	"rapport/ent/teammember"
	"rapport/ent/user"
	"rapport/ent/valueassessment"
	"rapport/internal/auth"
)

// The steps here stand in for the foreign keys' ON DELETE CASCADE and SET
// NULL: the database would remove or change these rows without an audit
// event, a change-feed entry or a webhook. Each runs through ent instead
// (TestEveryRowADeleteTouchesIsAudited, in internal/scope, walks every
// delete mutation and fails on a row that went or changed without its
// audit event).
//
// Those that reach beyond what the deleting user may write run as the
// system: the delete was allowed, and what follows from it must follow
// whole (a contact on another team that reported to the deleted person
// loses the line either way; the database would have cleared it). Their
// audit events name the system as the actor and carry the request's ID.

func asSystem(ctx context.Context) context.Context { return auth.WithViewer(ctx, auth.System) }

// accountProgrammeSteps delete an account's relationship programme (plans,
// whitespace, alerts) and detach what other rows hold of it and its
// people: its subsidiaries, reporting lines from other accounts, other
// plans' objectives naming its people, handover items introduced at its
// meetings.
func accountProgrammeSteps(ctx context.Context, c *ent.Client, id int) []deletion {
	of := contact.AccountID(id)
	sys := asSystem(ctx)
	return []deletion{
		{"objectives", func() (int, error) {
			return c.Objective.Delete().Where(objective.HasPlanWith(accountplan.AccountID(id))).Exec(ctx)
		}},
		{"risks", func() (int, error) {
			return c.Risk.Delete().Where(risk.HasPlanWith(accountplan.AccountID(id))).Exec(ctx)
		}},
		{"activities' plans", func() (int, error) {
			return 0, c.Interaction.Update().Where(interaction.HasPlanWith(accountplan.AccountID(id))).ClearPlanID().Exec(sys)
		}},
		{"account plans", func() (int, error) { return c.AccountPlan.Delete().Where(accountplan.AccountID(id)).Exec(ctx) }},
		{"account offerings", func() (int, error) {
			return c.AccountOffering.Delete().Where(accountoffering.AccountID(id)).Exec(ctx)
		}},
		{"alert states", func() (int, error) {
			return c.AlertState.Delete().Where(alertstate.HasAlertWith(alert.AccountID(id))).Exec(sys)
		}},
		{"alerts", func() (int, error) { return c.Alert.Delete().Where(alert.AccountID(id)).Exec(sys) }},
		{"needs", func() (int, error) { return c.ContactNeed.Delete().Where(contactneed.HasContactWith(of)).Exec(sys) }},
		{"subsidiaries' parent", func() (int, error) {
			return 0, c.Account.Update().Where(account.ParentID(id)).ClearParentID().Exec(sys)
		}},
		{"reporting lines from other accounts", func() (int, error) {
			return 0, c.Contact.Update().Where(contact.AccountIDNEQ(id), contact.HasReportsToWith(of)).ClearReportsToID().Exec(sys)
		}},
		{"objectives' stakeholders", func() (int, error) {
			return 0, c.Objective.Update().Where(objective.HasContactWith(of)).ClearContactID().Exec(sys)
		}},
		{"handover introductions", func() (int, error) {
			return 0, c.HandoverItem.Update().Where(handoveritem.HasIntroductionWith(interaction.AccountID(id))).ClearIntroductionID().Exec(sys)
		}},
	}
}

// contactDetachSteps delete a contact's needs and clear the rows that name
// the contact without depending on it: their reports' line to them, the
// plan objectives that target them.
func contactDetachSteps(ctx context.Context, c *ent.Client, id int) []deletion {
	sys := asSystem(ctx)
	return []deletion{
		{"needs", func() (int, error) { return c.ContactNeed.Delete().Where(contactneed.ContactID(id)).Exec(sys) }},
		{"reports' line", func() (int, error) {
			return 0, c.Contact.Update().Where(contact.ReportsToID(id)).ClearReportsToID().Exec(sys)
		}},
		{"objectives' stakeholder", func() (int, error) {
			return 0, c.Objective.Update().Where(objective.ContactID(id)).ClearContactID().Exec(sys)
		}},
	}
}

// memberDetachSteps clear what one of our people owned or recorded, which
// stays without them: plans, activities, objectives and risks they owned,
// assessments and needs they recorded, the user account that was theirs.
func memberDetachSteps(ctx context.Context, c *ent.Client, id int) []deletion {
	sys := asSystem(ctx)
	return []deletion{
		{"plans' owner", func() (int, error) {
			return 0, c.AccountPlan.Update().Where(accountplan.OwnerID(id)).ClearOwnerID().Exec(sys)
		}},
		{"activities' owner", func() (int, error) {
			return 0, c.Interaction.Update().Where(interaction.OwnerID(id)).ClearOwnerID().Exec(sys)
		}},
		{"objectives' owner", func() (int, error) {
			return 0, c.Objective.Update().Where(objective.OwnerID(id)).ClearOwnerID().Exec(sys)
		}},
		{"risks' owner", func() (int, error) { return 0, c.Risk.Update().Where(risk.OwnerID(id)).ClearOwnerID().Exec(sys) }},
		{"assessments' author", func() (int, error) {
			return 0, c.Assessment.Update().Where(assessment.AssessedByID(id)).ClearAssessedByID().Exec(sys)
		}},
		{"value assessments' author", func() (int, error) {
			return 0, c.ValueAssessment.Update().Where(valueassessment.HasAssessedByWith(teammember.ID(id))).ClearAssessedBy().Exec(sys)
		}},
		{"needs' author", func() (int, error) {
			return 0, c.ContactNeed.Update().Where(contactneed.LearnedByID(id)).ClearLearnedByID().Exec(sys)
		}},
		{"users' team member", func() (int, error) {
			return 0, c.User.Update().Where(user.TeamMemberID(id)).ClearTeamMemberID().Exec(sys)
		}},
	}
}

// DeleteInteraction deletes an interaction; the handover items it
// introduced keep the introduction's absence.
func DeleteInteraction(ctx context.Context, c *ent.Client, id int) (int, error) {
	return deleteAll(ctx, []deletion{
		{"handover introductions", func() (int, error) {
			return 0, c.HandoverItem.Update().Where(handoveritem.IntroductionID(id)).ClearIntroductionID().Exec(asSystem(ctx))
		}},
		{"interaction", func() (int, error) { return 0, c.Interaction.DeleteOneID(id).Exec(ctx) }},
	})
}

// DeleteOffering deletes an offering of the catalogue with its rows in
// every account's whitespace.
func DeleteOffering(ctx context.Context, c *ent.Client, id int) (int, error) {
	return deleteAll(ctx, []deletion{
		{"account offerings", func() (int, error) {
			return c.AccountOffering.Delete().Where(accountoffering.OfferingID(id)).Exec(asSystem(ctx))
		}},
		{"offering", func() (int, error) { return 0, c.Offering.DeleteOneID(id).Exec(ctx) }},
	})
}
