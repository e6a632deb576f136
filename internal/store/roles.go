package store

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/contactrole"
	"rapport/ent/hook"
	"rapport/internal/apperr"
)

// installRoles registers the rules of a person's roles at accounts other
// than their home account (issue 16 point 7): one role per person and
// account, never at the home account (the contact's own fields are their
// role there), and a contact does not move home to an account where they
// hold a role (the role would then duplicate the contact's own fields).
// Both run inside the mutation's transaction, after the scope's checks, so
// that an account the writer may not read was refused as a missing one.
func installRoles(client *ent.Client) {
	client.ContactRole.Use(contactRoleRule)
	client.Contact.Use(contactHomeRule)
}

func contactRoleRule(next ent.Mutator) ent.Mutator {
	return hook.ContactRoleFunc(func(ctx context.Context, m *ent.ContactRoleMutation) (ent.Value, error) {
		if !m.Op().Is(ent.OpCreate) {
			return next.Mutate(ctx, m)
		}
		contactID, okC := m.ContactID()
		accountID, okA := m.AccountID()
		if !okC || !okA {
			return next.Mutate(ctx, m) // the required fields' own validation answers
		}
		home, err := m.Client().Contact.Query().Where(contact.ID(contactID)).Select(contact.FieldAccountID).Only(ctx)
		if ent.IsNotFound(err) {
			return nil, apperr.New(apperr.NotFound, "contactID", "no Contact with this ID")
		}
		if err != nil {
			return nil, fmt.Errorf("read the contact's home account: %w", err)
		}
		if home.AccountID == accountID {
			return nil, apperr.Invalid("accountID", "this is the contact's home account: their own title and decision role are their role there")
		}
		taken, err := m.Client().ContactRole.Query().
			Where(contactrole.ContactID(contactID), contactrole.AccountID(accountID)).Exist(ctx)
		if err != nil {
			return nil, fmt.Errorf("check the contact's roles: %w", err)
		}
		if taken {
			return nil, apperr.New(apperr.Conflict, "accountID", "the contact already holds a role at this account; update that role instead")
		}
		return next.Mutate(ctx, m)
	})
}

func contactHomeRule(next ent.Mutator) ent.Mutator {
	return hook.ContactFunc(func(ctx context.Context, m *ent.ContactMutation) (ent.Value, error) {
		accountID, moved := m.AccountID()
		id, hasID := m.ID()
		if !moved || !hasID || !m.Op().Is(ent.OpUpdateOne) {
			return next.Mutate(ctx, m)
		}
		held, err := m.Client().ContactRole.Query().
			Where(contactrole.ContactID(id), contactrole.AccountID(accountID)).Exist(ctx)
		if err != nil {
			return nil, fmt.Errorf("check the contact's roles: %w", err)
		}
		if held {
			return nil, apperr.New(apperr.Conflict, "accountID",
				"the contact holds a role at this account; delete the role before making it their home account")
		}
		return next.Mutate(ctx, m)
	})
}
