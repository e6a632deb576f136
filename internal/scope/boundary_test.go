package scope_test

import (
	"encoding/json"
	"strings"
	"testing"

	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestReadsAtTheBoundary reads, as the editor, the rows whose other end is
// hidden: the references show as null, the engines skip the hidden end
// without an error, and an external ID held by a hidden row is refused as
// taken, without more, on upsert and per row on import.
func TestReadsAtTheBoundary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := buildCrossing(t, db.Client)
		admin, editor := signInEditor(t, db, w)
		vars := map[string]any{"child": gid.Encode(w.oursChild.ID), "wang": gid.Encode(w.cA3.ID),
			"opp": gid.Encode(w.oA.ID), "ours": gid.Encode(w.ours.ID)}

		t.Run("references to hidden rows are null", func(t *testing.T) {
			q := `query($child: ID!, $wang: ID!) {
				a: node(id: $child) { ... on Account { parentID parent { id } } }
				c: node(id: $wang) { ... on Contact { reportsToID reportsTo { id } } }
				list: contacts(first: 50, where: {idIn: [$wang]}) { edges { node { reportsToID } } } }`
			res := editor.Do(q, vars)
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %+v", res.Errors)
			}
			for _, hidden := range []int{w.hiddenParent.ID, w.cH.ID} {
				if strings.Contains(string(res.Data), gid.Encode(hidden)) {
					t.Errorf("a hidden row's ID shows: %s", res.Data)
				}
			}
			if got := strings.Count(string(res.Data), "null"); got != 5 {
				t.Errorf("want 5 nulls (parentID, parent, reportsToID, reportsTo, the list's reportsToID): %s", res.Data)
			}
			// The admin sees them, so the world does cross here.
			if res := admin.Do(q, vars); !strings.Contains(string(res.Data), gid.Encode(w.cH.ID)) {
				t.Errorf("admin does not see the hidden manager: %s", res.Data)
			}
			// A write's answer is read through the scope too.
			res = editor.Do(`mutation($wang: ID!) { updateContact(id: $wang, input: {title: "CTO"}) { reportsToID } }`, vars)
			if len(res.Errors) > 0 || !strings.Contains(string(res.Data), `"reportsToID":null`) {
				t.Errorf("updateContact answers %s %+v", res.Data, res.Errors)
			}
		})

		t.Run("engines skip hidden ends", func(t *testing.T) {
			res := editor.Do(`query($opp: ID!, $ours: ID!) {
				o: node(id: $opp) { ... on Opportunity { decisionChain { coverageRatio links { __typename } } } }
				gaps: coverageGaps(accountId: $ours) { reason }
				chain: decisionChainLinks(first: 50) { totalCount } }`, vars)
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %+v", res.Errors)
			}
			var data struct {
				O struct {
					DecisionChain struct{ Links []any }
				}
				Chain struct{ TotalCount int }
			}
			_ = json.Unmarshal(res.Data, &data)
			// oA's chain: Li (readable) and Secret (hidden): one link shows.
			if len(data.O.DecisionChain.Links) != 1 || data.Chain.TotalCount != 1 {
				t.Errorf("want the one readable link: %s", res.Data)
			}
			if strings.Contains(string(res.Data), "Secret") {
				t.Errorf("a hidden person shows: %s", res.Data)
			}
		})

		t.Run("cascades that reach hidden rows are refused whole", func(t *testing.T) {
			o := computeOracle(t, db, w.visibleAccounts)
			before := fingerprint(t, db, o)
			for name, q := range map[string]string{
				// Mixed covers a hidden contact and sits on a hidden team.
				"delete a team member": `mutation($m: ID!) { deleteTeamMember(id: $m) { deletedID } }`,
				// Li has relations and a chain link with hidden people.
				"delete a contact with force":   `mutation($li: ID!) { deleteContact(id: $li, force: true) { deletedID } }`,
				"delete an account with force":  `mutation($ours: ID!) { deleteAccount(id: $ours, force: true) { deletedID } }`,
				"clear an interaction's people": `mutation($i: ID!) { updateInteraction(id: $i, input: {clearContacts: true}) { id } }`,
			} {
				res := editor.Do(q, map[string]any{"m": gid.Encode(w.mixed.ID), "li": gid.Encode(w.cA.ID),
					"ours": gid.Encode(w.ours.ID), "i": gid.Encode(w.iA.ID)})
				if len(res.Errors) == 0 || res.Errors[0].Code() != "FORBIDDEN" {
					t.Errorf("%s: %s %+v, want FORBIDDEN", name, res.Data, res.Errors)
				}
			}
			if after := fingerprint(t, db, o); after != before {
				t.Errorf("hidden rows changed:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})

		t.Run("a hidden external ID is only taken", func(t *testing.T) {
			res := editor.Do(`mutation($ours: ID!) { upsertContact(input: {externalID: "ext-Secret", name: "Probe", accountID: $ours}) { created } }`, vars)
			if len(res.Errors) != 1 || res.Errors[0].Code() != "CONFLICT" || res.Errors[0].Field() != "externalID" || strings.Contains(res.Errors[0].Message, "Secret Co") {
				t.Errorf("upsert onto a hidden external ID: %+v", res.Errors)
			}
			res = editor.Do(`mutation($ours: ID!) { importContacts(input: {atomicity: PER_ROW, rows: [
				{externalID: "ext-Secret", name: "Probe", accountID: $ours},
				{externalID: "ext-new", name: "New person", accountID: $ours}]}) {
				applied rows { status code field } totals { created errors } } }`, vars)
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %+v", res.Errors)
			}
			var data struct {
				ImportContacts struct {
					Applied bool
					Rows    []struct{ Status, Code, Field string }
					Totals  struct{ Created, Errors int }
				}
			}
			_ = json.Unmarshal(res.Data, &data)
			got := data.ImportContacts
			if !got.Applied || got.Totals.Created != 1 || got.Totals.Errors != 1 || got.Rows[0].Code != "CONFLICT" || got.Rows[0].Field != "externalID" {
				t.Errorf("PER_ROW import with a hidden external ID: %s", res.Data)
			}
			// The hidden contact is as it was.
			if c, err := db.Client.Contact.Get(t.Context(), w.cH.ID); err != nil || c.Name != "Secret" {
				t.Errorf("the hidden contact changed: %v %v", c, err)
			}
		})
	})
}
