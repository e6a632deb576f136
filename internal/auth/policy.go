package auth

import (
	"context"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/apitoken"
	"rapport/ent/assessment"
	"rapport/ent/auditevent"
	"rapport/ent/budget"
	"rapport/ent/complaint"
	"rapport/ent/contact"
	"rapport/ent/contactrelation"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/interaction"
	"rapport/ent/intercept"
	"rapport/ent/opportunity"
	"rapport/ent/survey"
	"rapport/ent/tierchange"
	"rapport/ent/user"
	"rapport/ent/webhook"
	"rapport/ent/webhookdelivery"
	"rapport/internal/apperr"
)

// Install registers the access rules on client: read scoping as query
// interceptors (they apply to top-level queries, nested edges, eager
// loading and counts alike) and write permissions as a mutation hook.
func Install(client *ent.Client) {
	s := scoper{client: client}
	client.Account.Intercept(intercept.TraverseAccount(func(ctx context.Context, q *ent.AccountQuery) error {
		return s.apply(ctx, func(ids []int) { q.Where(account.IDIn(ids...)) })
	}))
	client.Contact.Intercept(intercept.TraverseContact(func(ctx context.Context, q *ent.ContactQuery) error {
		return s.apply(ctx, func(ids []int) { q.Where(contact.AccountIDIn(ids...)) })
	}))
	client.ContactRelation.Intercept(intercept.TraverseContactRelation(func(ctx context.Context, q *ent.ContactRelationQuery) error {
		// Both ends must be visible: a relation to someone at an account
		// the viewer cannot see would reveal that person.
		return s.apply(ctx, func(ids []int) {
			q.Where(contactrelation.HasFromWith(contact.AccountIDIn(ids...)), contactrelation.HasToWith(contact.AccountIDIn(ids...)))
		})
	}))
	client.Coverage.Intercept(intercept.TraverseCoverage(func(ctx context.Context, q *ent.CoverageQuery) error {
		return s.apply(ctx, func(ids []int) { q.Where(coverage.HasContactWith(contact.AccountIDIn(ids...))) })
	}))
	client.Assessment.Intercept(intercept.TraverseAssessment(func(ctx context.Context, q *ent.AssessmentQuery) error {
		return s.apply(ctx, func(ids []int) { q.Where(assessment.HasContactWith(contact.AccountIDIn(ids...))) })
	}))
	client.Opportunity.Intercept(intercept.TraverseOpportunity(func(ctx context.Context, q *ent.OpportunityQuery) error {
		return s.apply(ctx, func(ids []int) { q.Where(opportunity.AccountIDIn(ids...)) })
	}))
	client.DecisionChainLink.Intercept(intercept.TraverseDecisionChainLink(func(ctx context.Context, q *ent.DecisionChainLinkQuery) error {
		return s.apply(ctx, func(ids []int) {
			q.Where(decisionchainlink.HasOpportunityWith(opportunity.AccountIDIn(ids...)))
		})
	}))
	client.Interaction.Intercept(intercept.TraverseInteraction(func(ctx context.Context, q *ent.InteractionQuery) error {
		return s.apply(ctx, func(ids []int) { q.Where(interaction.AccountIDIn(ids...)) })
	}))
	client.Survey.Intercept(intercept.TraverseSurvey(func(ctx context.Context, q *ent.SurveyQuery) error {
		return s.apply(ctx, func(ids []int) { q.Where(survey.AccountIDIn(ids...)) })
	}))
	client.Complaint.Intercept(intercept.TraverseComplaint(func(ctx context.Context, q *ent.ComplaintQuery) error {
		return s.apply(ctx, func(ids []int) { q.Where(complaint.AccountIDIn(ids...)) })
	}))
	client.Budget.Intercept(intercept.TraverseBudget(func(ctx context.Context, q *ent.BudgetQuery) error {
		return s.apply(ctx, func(ids []int) { q.Where(budget.AccountIDIn(ids...)) })
	}))
	client.TierChange.Intercept(intercept.TraverseTierChange(func(ctx context.Context, q *ent.TierChangeQuery) error {
		return s.apply(ctx, func(ids []int) { q.Where(tierchange.AccountIDIn(ids...)) })
	}))
	client.User.Intercept(intercept.TraverseUser(func(ctx context.Context, q *ent.UserQuery) error {
		if v := FromContext(ctx); v != nil && !v.IsAdmin() {
			own := -1
			if v.Kind == KindUser {
				own = v.ID
			}
			q.Where(user.ID(own))
		}
		return nil
	}))
	client.APIToken.Intercept(intercept.TraverseAPIToken(func(ctx context.Context, q *ent.APITokenQuery) error {
		if v := FromContext(ctx); v != nil && !v.IsAdmin() {
			q.Where(apitoken.ID(-1))
		}
		return nil
	}))
	client.AuditEvent.Intercept(intercept.TraverseAuditEvent(func(ctx context.Context, q *ent.AuditEventQuery) error {
		if v := FromContext(ctx); v != nil && !v.IsAdmin() {
			q.Where(auditevent.ID(-1))
		}
		return nil
	}))
	client.Webhook.Intercept(intercept.TraverseWebhook(func(ctx context.Context, q *ent.WebhookQuery) error {
		if v := FromContext(ctx); v != nil && !v.IsAdmin() {
			q.Where(webhook.ID(-1))
		}
		return nil
	}))
	client.WebhookDelivery.Intercept(intercept.TraverseWebhookDelivery(func(ctx context.Context, q *ent.WebhookDeliveryQuery) error {
		if v := FromContext(ctx); v != nil && !v.IsAdmin() {
			q.Where(webhookdelivery.ID(-1))
		}
		return nil
	}))
	client.Use(writePolicy, forgetChangedTokens)
}

type scoper struct{ client *ent.Client }

// apply narrows a query to the viewer's accounts when the viewer is scoped.
func (s scoper) apply(ctx context.Context, narrow func(ids []int)) error {
	v := FromContext(ctx)
	if v == nil || !v.Scoped() {
		return nil
	}
	ids, err := v.AccountIDs(ctx, s.client)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		ids = []int{-1} // IN () is not valid SQL everywhere
	}
	narrow(ids)
	return nil
}

// adminOnly lists the types only admins may change.
var adminOnly = map[string]bool{ent.TypeUser: true, ent.TypeAPIToken: true, ent.TypeAuditEvent: true, ent.TypeWebhook: true}

// writePolicy refuses changes a viewer may not make: viewers change
// nothing, only admins manage users and tokens, and a scoped editor
// changes only rows of accounts they can see. Rows they cannot see are
// already invisible to the update's own lookups (the interceptors), and
// references to them are checked here.
func writePolicy(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		v := FromContext(ctx)
		if v == nil || v.Kind == KindSystem {
			return next.Mutate(ctx, m)
		}
		if m.Type() == ent.TypeAuditEvent || m.Type() == ent.TypeSession || m.Type() == ent.TypeWebhookDelivery {
			return next.Mutate(ctx, m) // written by the server itself
		}
		if !v.CanWrite() {
			return nil, apperr.New(apperr.Forbidden, "", "your role (%s) may not change data", v.Role)
		}
		if adminOnly[m.Type()] && !v.IsAdmin() {
			return nil, apperr.New(apperr.Forbidden, "", "only admins may change %s records", m.Type())
		}
		if v.Scoped() {
			if err := checkScopedWrite(ctx, v, m); err != nil {
				return nil, err
			}
		}
		return next.Mutate(ctx, m)
	})
}

// checkScopedWrite makes sure every account, contact or opportunity the
// mutation points at is visible to the viewer.
func checkScopedWrite(ctx context.Context, v *Viewer, m ent.Mutation) error {
	c, ok := m.(interface{ Client() *ent.Client })
	if !ok {
		return nil
	}
	client := c.Client()
	if id, ok := m.(interface{ ID() (int, bool) }); ok && m.Op().Is(ent.OpUpdateOne|ent.OpDeleteOne) {
		if n, exists := id.ID(); exists {
			if _, err := client.Noder(ctx, n); err != nil {
				return apperr.New(apperr.Forbidden, "id", "you cannot change this %s", m.Type())
			}
		}
	}
	for _, f := range []string{"account_id", "contact_id", "from_id", "to_id", "opportunity_id", "parent_id"} {
		val, ok := m.Field(f)
		if !ok {
			continue
		}
		id, _ := val.(int)
		if _, err := client.Noder(ctx, id); err != nil {
			return apperr.New(apperr.Forbidden, apperr.FieldName(f), "you cannot see the %s you referred to", apperr.FieldName(f))
		}
	}
	return nil
}
