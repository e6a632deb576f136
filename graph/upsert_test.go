package graph_test

import (
	"testing"

	"rapport/internal/apitest"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

func TestUpsertByExternalIDIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		account := `mutation($i: UpsertAccountInput!) { upsertAccount(input: $i) { created account { id name tier } } }`
		contact := `mutation($i: UpsertContactInput!) { upsertContact(input: $i) { created contact { id name title account { externalID } } } }`

		type accountOut struct {
			UpsertAccount struct {
				Created bool
				Account struct{ ID, Name, Tier string }
			}
		}
		var a1, a2 accountOut
		in := map[string]any{"externalID": "ERP-77", "name": "Eastern Grid", "tier": "COMMERCIAL"}
		c.MustDo(account, map[string]any{"i": in}, &a1)
		in["tier"] = "STRATEGIC"
		c.MustDo(account, map[string]any{"i": in}, &a2)
		if !a1.UpsertAccount.Created || a2.UpsertAccount.Created {
			t.Errorf("created = %v then %v, want true then false", a1.UpsertAccount.Created, a2.UpsertAccount.Created)
		}
		if a1.UpsertAccount.Account.ID != a2.UpsertAccount.Account.ID || a2.UpsertAccount.Account.Tier != "STRATEGIC" {
			t.Errorf("second upsert = %+v, want the same row updated to STRATEGIC", a2.UpsertAccount.Account)
		}

		type contactOut struct {
			UpsertContact struct {
				Created bool
				Contact struct {
					ID, Name string
					Title    *string
					Account  struct{ ExternalID string }
				}
			}
		}
		ci := map[string]any{"externalID": "HR-1", "name": "Wang Fang", "accountExternalID": "ERP-77", "title": "CIO"}
		var c1, c2 contactOut
		c.MustDo(contact, map[string]any{"i": ci}, &c1)
		c.MustDo(contact, map[string]any{"i": ci}, &c2)
		if !c1.UpsertContact.Created || c2.UpsertContact.Created || c1.UpsertContact.Contact.ID != c2.UpsertContact.Contact.ID {
			t.Errorf("contact upserts = %+v then %+v, want one row", c1.UpsertContact, c2.UpsertContact)
		}
		if c2.UpsertContact.Contact.Account.ExternalID != "ERP-77" {
			t.Errorf("contact account = %q", c2.UpsertContact.Contact.Account.ExternalID)
		}
		counts := rowCounts(t, db)
		if counts["accounts"] != 1 || counts["contacts"] != 1 {
			t.Errorf("rows after repeated upserts: %d accounts, %d contacts; want 1 and 1", counts["accounts"], counts["contacts"])
		}

		for _, tt := range []struct {
			name, query string
			input       map[string]any
			code, field string
		}{
			{"unknown account externalID", contact, map[string]any{"externalID": "HR-2", "name": "X", "accountExternalID": "nope"}, "NOT_FOUND", "accountExternalID"},
			{"new contact without account", contact, map[string]any{"externalID": "HR-3", "name": "X"}, "BAD_USER_INPUT", "accountID"},
			{"empty externalID", account, map[string]any{"externalID": "", "name": "X"}, "BAD_USER_INPUT", "externalID"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := c.Do(tt.query, map[string]any{"i": tt.input})
				if len(res.Errors) == 0 || res.Errors[0].Code() != tt.code || res.Errors[0].Field() != tt.field {
					t.Errorf("errors = %+v, want code %s field %s", res.Errors, tt.code, tt.field)
				}
			})
		}
	})
}
