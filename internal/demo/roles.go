package demo

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/internal/domain"
)

// One person, several accounts (issue 16 point 7): the Huaxin group's
// senior executive sits on the boards of two of its provincial companies,
// as the same contact with a role at each, so that both companies' graphs
// and chains show them.
func (w *world) createBoardRoles(ctx context.Context, c *ent.Client) error {
	hq, js, hn := w.byKey["huaxin"], w.byKey["huaxin-js"], w.byKey["huaxin-hn"]
	if hq == nil || js == nil || hn == nil {
		return nil
	}
	p, err := c.Contact.Query().
		Where(contact.AccountID(hq.id), contact.SeniorityEQ(contact.SeniorityEXECUTIVE), contact.StatusEQ(contact.StatusACTIVE)).
		Order(ent.Asc(contact.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find the group's executive: %w", err)
	}
	for _, r := range []struct {
		acct *acct
		role domain.DecisionRole
	}{{js, domain.RoleDecisionMaker}, {hn, domain.RoleEconomicBuyer}} {
		if err := c.ContactRole.Create().SetContactID(p.ID).SetAccountID(r.acct.id).
			SetTitle("Board member").SetDecisionRole(r.role).SetInfluence(5).Exec(ctx); err != nil {
			return fmt.Errorf("board role at %s: %w", r.acct.spec.key, err)
		}
	}
	return nil
}
