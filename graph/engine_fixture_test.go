package graph_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/decisionchainlink"
	"rapport/ent/interaction"
	"rapport/ent/survey"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/store"
)

// build writes fixture rows straight through the ent client (hooks and
// all), so that engine tests can set what the API does not take, such as
// dates in the past.
type build struct {
	t   *testing.T
	c   *ent.Client
	ctx context.Context
}

func newBuild(t *testing.T, db *store.DB) build {
	return build{t: t, c: db.Client, ctx: context.Background()}
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// must fails the test on err; must[T](t)(f()) reads a (value, error) call.
func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func (b build) account(name string, opts ...func(*ent.AccountCreate)) *ent.Account {
	b.t.Helper()
	q := b.c.Account.Create().SetName(name)
	for _, o := range opts {
		o(q)
	}
	return must[*ent.Account](b.t)(q.Save(b.ctx))
}

func (b build) contact(a *ent.Account, name string, opts ...func(*ent.ContactCreate)) *ent.Contact {
	b.t.Helper()
	q := b.c.Contact.Create().SetAccountID(a.ID).SetName(name)
	for _, o := range opts {
		o(q)
	}
	return must[*ent.Contact](b.t)(q.Save(b.ctx))
}

func (b build) relate(from, to *ent.Contact, kind domain.RelationKind, strength int, validFrom time.Time, validTo *time.Time) *ent.ContactRelation {
	b.t.Helper()
	return must[*ent.ContactRelation](b.t)(b.c.ContactRelation.Create().SetFromID(from.ID).SetToID(to.ID).SetKind(kind).
		SetStrength(strength).SetValidFrom(validFrom).SetNillableValidTo(validTo).Save(b.ctx))
}

func (b build) member(name string, active bool) *ent.TeamMember {
	b.t.Helper()
	return must[*ent.TeamMember](b.t)(b.c.TeamMember.Create().SetName(name).SetEmail(name + "@example.com").SetActive(active).Save(b.ctx))
}

func (b build) cover(m *ent.TeamMember, c *ent.Contact, strength int, opts ...func(*ent.CoverageCreate)) *ent.Coverage {
	b.t.Helper()
	q := b.c.Coverage.Create().SetTeamMemberID(m.ID).SetContactID(c.ID).SetStrength(strength)
	for _, o := range opts {
		o(q)
	}
	return must[*ent.Coverage](b.t)(q.Save(b.ctx))
}

func role(r domain.DecisionRole) func(*ent.ContactCreate) {
	return func(c *ent.ContactCreate) { c.SetDecisionRole(r) }
}

func reportsTo(m *ent.Contact) func(*ent.ContactCreate) {
	return func(c *ent.ContactCreate) { c.SetReportsToID(m.ID) }
}

func ptr[T any](v T) *T { return &v }

// names maps API IDs back to fixture names in test output.
type names map[string]string

func (n names) add(name string, id int) { n[gid.Encode(id)] = name }

func (n names) of(id string) string {
	if s, ok := n[id]; ok {
		return s
	}
	return id
}

func (n names) all(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = n.of(id)
	}
	slices.Sort(out)
	return out
}

func dump(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// errorCode runs a query that must fail and returns its first error's code.
func errorCode(t *testing.T, c *apitest.Client, query string, vars map[string]any) string {
	t.Helper()
	res := c.Do(query, vars)
	if len(res.Errors) == 0 {
		t.Fatalf("no error; data %s", res.Data)
	}
	return res.Errors[0].Code()
}

func idOf(id int) string { return gid.Encode(id) }

func (b build) opportunity(a *ent.Account, name string, opts ...func(*ent.OpportunityCreate)) *ent.Opportunity {
	b.t.Helper()
	q := b.c.Opportunity.Create().SetAccountID(a.ID).SetName(name)
	for _, o := range opts {
		o(q)
	}
	return must[*ent.Opportunity](b.t)(q.Save(b.ctx))
}

func (b build) link(o *ent.Opportunity, c *ent.Contact, r decisionchainlink.Role, position int, weight float64) *ent.DecisionChainLink {
	b.t.Helper()
	return must[*ent.DecisionChainLink](b.t)(b.c.DecisionChainLink.Create().SetOpportunityID(o.ID).SetContactID(c.ID).
		SetRole(r).SetPosition(position).SetWeight(weight).Save(b.ctx))
}

func (b build) interaction(a *ent.Account, kind interaction.Kind, at time.Time, cost float64, members []*ent.TeamMember, contacts ...*ent.Contact) *ent.Interaction {
	b.t.Helper()
	q := b.c.Interaction.Create().SetAccountID(a.ID).SetKind(kind).SetOccurredAt(at).SetCost(cost)
	for _, m := range members {
		q.AddTeamMemberIDs(m.ID)
	}
	for _, c := range contacts {
		q.AddContactIDs(c.ID)
	}
	return must[*ent.Interaction](b.t)(q.Save(b.ctx))
}

func (b build) survey(a *ent.Account, score float64, at time.Time) {
	b.t.Helper()
	must[*ent.Survey](b.t)(b.c.Survey.Create().SetAccountID(a.ID).SetScore(score).SetChannel(survey.ChannelONLINE).SetSurveyedAt(at).Save(b.ctx))
}
