package graph_test

import (
	"regexp"
	"testing"

	"rapport/ent"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// A selection of only plain fields is written by the plain writers
// (gqlpatch), one with any other field by gqlgen's executor. Asked for the
// same fields, plus one that is not plain at the end, both must write the
// same bytes: same escaping, same nulls, same key order, same aliases.
func TestPlainWritersWriteWhatTheExecutorWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		a := b.account("Plain")
		tricky := "Zoë \"Q\" O'Neil \\ tab\t nl\n cr\r ctl\x01 \u2028 世界 🚀"
		people := []*ent.Contact{
			b.contact(a, tricky, func(q *ent.ContactCreate) {
				q.SetTitle("CTO").SetEmail("zoe@example.com").SetInfluence(5).SetInterest(3).SetAttitude(domain.AttitudeChampion)
			}),
			b.contact(a, "plain", func(q *ent.ContactCreate) { q.SetAttitude(domain.AttitudeOpponent) }),
		}

		const fields = `__typename id accountID name title department seniority decisionRole attitude influence
			interest status leftAt email phone notes reportsToID externalID again: name`
		createdAt := regexp.MustCompile(`,"createdAt":"[^"]*"`)
		for _, p := range people {
			vars := map[string]any{"id": idOf(p.ID)}
			plain := mustData(t, c, `query($id: ID!) { node(id: $id) { ... on Contact { `+fields+` } } }`, vars)
			mixed := mustData(t, c, `query($id: ID!) { node(id: $id) { ... on Contact { `+fields+` createdAt } } }`, vars)
			if !createdAt.MatchString(mixed) {
				t.Fatalf("the executor's answer has no createdAt: %s", mixed)
			}
			if got, want := plain, createdAt.ReplaceAllString(mixed, ""); got != want {
				t.Errorf("plain object writer wrote\n%s\nthe executor\n%s", got, want)
			}
		}

		// A connection's edges with their nodes: all plain, or the nodes
		// with a field that is not.
		vars := map[string]any{"a": idOf(a.ID)}
		page := func(node string) string {
			return mustData(t, c, `query($a: ID!) { node(id: $a) { ... on Account { contacts(first: 10) {
				totalCount edges { __typename cursor node { `+node+` } } } } } }`, vars)
		}
		plainPage, mixedPage := page(fields), page(fields+" createdAt")
		if n := len(createdAt.FindAllString(mixedPage, -1)); n != len(people) {
			t.Fatalf("the executor's page has %d createdAt, want %d: %s", n, len(people), mixedPage)
		}
		if got, want := plainPage, createdAt.ReplaceAllString(mixedPage, ""); got != want {
			t.Errorf("plain connection writer wrote\n%s\nthe executor\n%s", got, want)
		}

		const entry = `__typename influence interest attitude quadrant again: attitude`
		plain := mustData(t, c, `query($a: ID!) { powerMap(accountId: $a) { stakeholders { `+entry+` } } }`, vars)
		mixed := mustData(t, c, `query($a: ID!) { powerMap(accountId: $a) { stakeholders { `+entry+` contact { id } } } }`, vars)
		contact := regexp.MustCompile(`,"contact":\{"id":"[^"]*"\}`)
		if n := len(contact.FindAllString(mixed, -1)); n != len(people) {
			t.Fatalf("the executor's answer has %d contacts, want %d: %s", n, len(people), mixed)
		}
		if got, want := plain, contact.ReplaceAllString(mixed, ""); got != want {
			t.Errorf("plain list writer wrote\n%s\nthe executor\n%s", got, want)
		}
	})
}

func mustData(t *testing.T, c *apitest.Client, query string, vars map[string]any) string {
	t.Helper()
	res := c.Do(query, vars)
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %+v\nquery: %s", res.Errors, query)
	}
	return string(res.Data)
}
