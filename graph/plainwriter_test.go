package graph_test

import (
	"regexp"
	"strings"
	"testing"

	"rapport/ent"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// A selection of only plain fields is written by the plain writers
// (internal/gqlexec/fastgen), one with any other field by gqlgen's executor. Asked for the
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

// An edge an object reads (a relation's contact, a contact's manager) is
// written in place when entgql's collection loaded it for every object of
// the list, and by gqlgen's executor (which queries it) otherwise; asked
// both ways the bytes must be the same, nulls of optional edges included.
func TestEdgeWritersWriteWhatTheExecutorWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		a := b.account("Edges \"quoted\"")
		boss := b.contact(a, "Boss \\ Ng", func(q *ent.ContactCreate) { q.SetTitle("CEO") })
		mid := b.contact(a, "Mid 世界", reportsTo(boss))
		low := b.contact(a, "Low\tTab", reportsTo(mid))
		for _, r := range []struct {
			from, to *ent.Contact
			kind     domain.RelationKind
		}{{low, boss, domain.RelationAlly}, {low, mid, domain.RelationFriend}, {mid, boss, domain.RelationRival}, {boss, low, domain.RelationAlly}} {
			b.relate(r.from, r.to, r.kind, 3, day("2024-01-01"), nil)
		}
		vars := map[string]any{"a": idOf(a.ID)}
		createdAt := regexp.MustCompile(`,"createdAt":"[^"]*"`)
		for _, tc := range []struct {
			name, plain string
			want        int // createdAt fields the executor's answer must have
		}{
			{"relations with their contacts", `contacts(first: 10) { edges { node { name
				outgoingRelations(first: 10) { edges { cursor node { kind strength to { __typename id name title } from { name } } } } } } }`, 4},
			{"managers, null for the top", `contacts(first: 10) { edges { node { id name
				reportsTo { name reportsTo { name account { name } } } account { id name } } } }`, 1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				plain := mustData(t, c, `query($a: ID!) { node(id: $a) { ... on Account { `+tc.plain+` } } }`, vars)
				// createdAt (a time, never plain) after the innermost edge's
				// fields sends every object of that level to the executor.
				mixedQuery := strings.Replace(strings.Replace(tc.plain, "title }", "title createdAt }", 1),
					"account { name }", "account { name createdAt }", 1)
				mixed := mustData(t, c, `query($a: ID!) { node(id: $a) { ... on Account { `+mixedQuery+` } } }`, vars)
				if n := len(createdAt.FindAllString(mixed, -1)); n != tc.want {
					t.Fatalf("the executor's answer has %d createdAt, want %d: %s", n, tc.want, mixed)
				}
				if got, want := plain, createdAt.ReplaceAllString(mixed, ""); got != want {
					t.Errorf("plain edge writer wrote\n%s\nthe executor\n%s", got, want)
				}
			})
		}

		// Objects an engine builds carry no loaded edges: their edges take
		// the executor's path, which loads them.
		got := mustData(t, c, `query($a: ID!) { powerMap(accountId: $a) { stakeholders { contact { name account { name } reportsTo { name } } } } }`, vars)
		for _, want := range []string{`{"name":"Mid 世界","account":{"name":"Edges \"quoted\""},"reportsTo":{"name":"Boss \\ Ng"}}`,
			`{"name":"Boss \\ Ng","account":{"name":"Edges \"quoted\""},"reportsTo":null}`} {
			if !strings.Contains(got, want) {
				t.Errorf("power map lacks %s: %s", want, got)
			}
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
