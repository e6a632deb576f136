package graph_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/interaction"
	"rapport/ent/suggestion"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
	"rapport/internal/suggest"
)

const suggestionQueue = `query($a: ID!, $state: SuggestionState) {
	node(id: $a) { ... on Account { suggestions(state: $state) {
		id kind relationKind strength confidence evidenceCount state decidedBy decidedEvidence
		contact { name } otherContact { name } teamMember { name }
	} } }
}`

type queued struct {
	ID, Kind, State string
	RelationKind    *string
	Strength        int
	Confidence      float64
	EvidenceCount   int
	DecidedBy       *string
	DecidedEvidence int
	Contact         struct{ Name string }
	OtherContact    *struct{ Name string }
	TeamMember      *struct{ Name string }
}

func (q queued) label() string {
	switch {
	case q.OtherContact != nil:
		return q.Kind + " " + q.Contact.Name + "-" + q.OtherContact.Name
	case q.TeamMember != nil:
		return q.Kind + " " + q.TeamMember.Name + "-" + q.Contact.Name
	}
	return q.Kind + " " + q.Contact.Name
}

type sugFixture struct {
	db             *store.DB
	ed, bo         *apitest.Client
	acme, other    *ent.Account
	cio, cto, cfo  *ent.Contact
	ada            *ent.TeamMember
	now            time.Time
	engine         *suggest.Engine
	ctx            context.Context
	meetingsBefore int
}

func (f *sugFixture) meet(t *testing.T, daysAgo int, status interaction.Status, people []*ent.Contact, team ...*ent.TeamMember) {
	t.Helper()
	f.db.Client.Interaction.Create().SetAccount(f.acme).SetKind(interaction.KindONSITE_MEETING).
		SetOccurredAt(f.now.AddDate(0, 0, -daysAgo)).SetStatus(status).AddContacts(people...).AddTeamMembers(team...).ExecX(f.ctx)
}

func (f *sugFixture) check(t *testing.T) suggest.Result {
	t.Helper()
	res, err := f.engine.Check(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (f *sugFixture) queue(t *testing.T, c *apitest.Client, state string) map[string]queued {
	t.Helper()
	var out struct {
		Node *struct{ Suggestions []queued }
	}
	c.MustDo(suggestionQueue, map[string]any{"a": gid.Encode(f.acme.ID), "state": state}, &out)
	m := map[string]queued{}
	if out.Node == nil {
		return m
	}
	for _, s := range out.Node.Suggestions {
		m[s.label()] = s
	}
	return m
}

// newSugFixture: Acme with its CIO, CTO and CFO (and Lee, who left), Ada on
// Acme's team covering the CTO at strength 1, and the meetings worked by
// hand below; Other with Bo on its team. Ed and Bo are editors.
func newSugFixture(t *testing.T, db *store.DB) *sugFixture {
	t.Helper()
	c := db.Client
	f := &sugFixture{db: db, ctx: context.Background(), now: time.Now().UTC().Truncate(time.Second)}
	f.engine = suggest.For(c)
	if _, err := f.engine.Check(f.ctx); err != nil {
		t.Fatal(err)
	}
	f.acme = c.Account.Create().SetName("Acme").SetTier(domain.TierStrategic).SaveX(f.ctx)
	f.other = c.Account.Create().SetName("Other").SaveX(f.ctx)
	f.cio = c.Contact.Create().SetAccount(f.acme).SetName("CIO").SaveX(f.ctx)
	f.cto = c.Contact.Create().SetAccount(f.acme).SetName("CTO").SaveX(f.ctx)
	f.cfo = c.Contact.Create().SetAccount(f.acme).SetName("CFO").SaveX(f.ctx)
	lee := c.Contact.Create().SetAccount(f.acme).SetName("Lee").SetStatus("LEFT").SaveX(f.ctx)
	dev := c.Contact.Create().SetAccount(f.acme).SetName("Dev").SetReportsTo(f.cio).SaveX(f.ctx)
	// Five of Acme's people, four of them active: a group small enough.
	big := c.Contact.Create().SetAccount(f.acme).SetName("Big").SaveX(f.ctx)
	f.ada = c.TeamMember.Create().SetName("Ada").SetEmail("ada@us.example").AddAccounts(f.acme).SaveX(f.ctx)
	bo := c.TeamMember.Create().SetName("Bo").SetEmail("bo@us.example").AddAccounts(f.other).SaveX(f.ctx)
	c.Coverage.Create().SetTeamMember(f.ada).SetContact(f.cto).SetStrength(1).ExecX(f.ctx)
	done, planned, cancelled := interaction.StatusDONE, interaction.StatusPLANNED, interaction.StatusCANCELLED
	p := func(cs ...*ent.Contact) []*ent.Contact { return cs }
	// Pairs (with one of ours present and at most 4 of Acme's active
	// people; no time window):
	//   CIO-CTO: #1, #2, #9                 -> n = 3: RELATION, 1-0.5^3 = 0.875, strength 3
	//   CIO-CFO: #1, #8, #10 (old)          -> n = 3: RELATION 0.875 (#3 has none of ours; #4 planned, #5 cancelled)
	//   CTO-CFO: #1                         -> n = 1: nothing
	//   with Lee (left): #1, #2             -> nothing
	//   CIO-Dev: #1, #9, #10                -> Dev reports to the CIO: nothing
	//   CTO-Dev, CFO-Dev: #1 and #9 or #10  -> n = 2: nothing
	//   with Big: #11, #12, #13 of 5 people -> too large: nothing
	// Ada's meetings in the last 180 days:
	//   CIO: #1, #2, #6                     -> n = 3, no coverage: COVERAGE 2, 1-0.5^2 = 0.75
	//   CTO: #1, #2, #7                     -> n = 3, coverage 1 < 2: STRONGER_COVERAGE 2, 0.75
	//   CFO: #1 (#8 is too old)             -> nothing
	f.meet(t, 10, done, p(f.cio, f.cto, f.cfo, lee, dev), f.ada) // #1
	f.meet(t, 20, done, p(f.cio, f.cto, lee), f.ada)             // #2
	f.meet(t, 30, done, p(f.cio, f.cfo))                         // #3
	f.meet(t, -5, planned, p(f.cio, f.cfo), f.ada)               // #4
	f.meet(t, 15, cancelled, p(f.cio, f.cfo), f.ada)             // #5
	f.meet(t, 40, done, p(f.cio), f.ada)                         // #6
	f.meet(t, 50, done, p(f.cto), f.ada)                         // #7
	f.meet(t, 400, done, p(f.cio, f.cfo), f.ada)                 // #8
	f.meet(t, 200, done, p(f.cio, f.cto, dev), f.ada)            // #9
	f.meet(t, 300, done, p(f.cio, f.cfo, dev), f.ada)            // #10
	for d := range 3 {                                           // #11-#13
		f.meet(t, 500+d, done, p(f.cio, f.cto, f.cfo, dev, big), f.ada)
	}
	// Bo's meetings with Other's people are Other's business.
	x := c.Contact.Create().SetAccount(f.other).SetName("X").SaveX(f.ctx)
	y := c.Contact.Create().SetAccount(f.other).SetName("Y").SaveX(f.ctx)
	for range 3 {
		c.Interaction.Create().SetAccount(f.other).SetKind(interaction.KindCALL).SetOccurredAt(f.now.AddDate(0, 0, -3)).
			AddContacts(x, y).AddTeamMembers(bo).ExecX(f.ctx)
	}
	const password = "correct horse battery staple"
	for _, u := range []struct {
		name string
		m    *ent.TeamMember
	}{{"ed", f.ada}, {"bo", bo}} {
		if _, err := auth.CreateUser(f.ctx, c, auth.NewUser{Email: u.name + "@us.example", Name: u.name, Password: password, Role: auth.RoleEditor, TeamMemberID: &u.m.ID}); err != nil {
			t.Fatal(err)
		}
	}
	admin := apitest.New(t, db)
	f.ed, f.bo = admin.SignIn("ed@us.example", password), admin.SignIn("bo@us.example", password)
	return f
}

// TestSuggestionsFollowTheEvidence works the rules by hand: pairs, the
// thresholds, the confidences, planned, cancelled and old meetings, people
// who left; confirming creates the edge, a second decision is a CONFLICT,
// a dismissed suggestion returns only with more evidence, a relation
// recorded by hand removes its suggestion, and an outsider sees nothing.
func TestSuggestionsFollowTheEvidence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newSugFixture(t, db)
		if res := f.check(t); res.Created != 7 {
			t.Errorf("first check %+v: want Acme's 4 and Other's 3 (a relation, Bo's two coverages) created", res)
		}
		q := f.queue(t, f.ed, "PENDING")
		want := map[string][3]float64{ // strength, confidence, evidence
			"RELATION CIO-CTO":          {3, 0.875, 3},
			"RELATION CIO-CFO":          {3, 0.875, 3},
			"COVERAGE Ada-CIO":          {2, 0.75, 3},
			"STRONGER_COVERAGE Ada-CTO": {2, 0.75, 3},
		}
		if len(q) != len(want) {
			t.Fatalf("queue %v, want %v", q, want)
		}
		for k, w := range want {
			s, ok := q[k]
			if !ok || float64(s.Strength) != w[0] || s.Confidence != w[1] || float64(s.EvidenceCount) != w[2] || s.State != "PENDING" {
				t.Errorf("%s: %+v, want strength/confidence/evidence %v", k, s, w)
			}
		}
		if r := q["RELATION CIO-CTO"].RelationKind; r == nil || *r != "ALLY" {
			t.Errorf("relation proposed %v, want ALLY", r)
		}
		if res := f.check(t); res != (suggest.Result{}) {
			t.Errorf("a check with nothing changed wrote %+v", res)
		}

		// The graph draws the pending relations dashed, on request only.
		const graphQ = `query($a: ID!, $s: Boolean) { stakeholderGraph(accountId: $a, includeSuggestions: $s) { edges { source target suggested confidence suggestionId } } }`
		var g struct {
			StakeholderGraph struct {
				Edges []struct {
					Source, Target string
					Suggested      bool
					Confidence     *float64
					SuggestionID   *string
				}
			}
		}
		countSuggested := func(on bool) (n int) {
			f.ed.MustDo(graphQ, map[string]any{"a": gid.Encode(f.acme.ID), "s": on}, &g)
			for _, e := range g.StakeholderGraph.Edges {
				if e.Suggested {
					if e.Confidence == nil || *e.Confidence != 0.875 || e.SuggestionID == nil {
						t.Errorf("suggested edge %+v", e)
					}
					n++
				}
			}
			return n
		}
		if n := countSuggested(false); n != 0 {
			t.Errorf("%d suggested edges without includeSuggestions", n)
		}
		if n := countSuggested(true); n != 2 {
			t.Errorf("%d suggested edges, want the 2 pending relations", n)
		}

		// Confirming: bad edits name their field; the edge is created.
		const confirm = `mutation($id: ID!, $e: SuggestionEdit) { confirmSuggestion(id: $id, edit: $e) {
			suggestion { state decidedBy decidedEvidence relationKind strength }
			relation { kind strength source confidence from { name } to { name } }
			coverage { strength source teamMember { name } contact { name } } } }`
		rel := q["RELATION CIO-CTO"].ID
		res := f.ed.Do(confirm, map[string]any{"id": rel, "e": map[string]any{"strength": 9}})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Field() != "edit.strength" {
			t.Errorf("strength 9: %+v, want BAD_USER_INPUT naming edit.strength", res.Errors)
		}
		res = f.ed.Do(confirm, map[string]any{"id": q["COVERAGE Ada-CIO"].ID, "e": map[string]any{"relationKind": "FRIEND"}})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Field() != "edit.relationKind" {
			t.Errorf("a relation kind on a coverage: %+v, want BAD_USER_INPUT naming edit.relationKind", res.Errors)
		}
		var conf struct {
			ConfirmSuggestion struct {
				Suggestion struct {
					State, DecidedBy string
					DecidedEvidence  int
					RelationKind     string
					Strength         int
				}
				Relation *struct {
					Kind, Source string
					Strength     int
					Confidence   float64
					From, To     struct{ Name string }
				}
				Coverage *struct {
					Strength   int
					Source     string
					TeamMember struct{ Name string }
					Contact    struct{ Name string }
				}
			}
		}
		f.ed.MustDo(confirm, map[string]any{"id": rel, "e": map[string]any{"relationKind": "FRIEND"}}, &conf)
		cs := conf.ConfirmSuggestion
		if cs.Suggestion.State != "CONFIRMED" || cs.Suggestion.DecidedBy != "ed@us.example" || cs.Suggestion.DecidedEvidence != 3 ||
			cs.Relation == nil || cs.Relation.Kind != "FRIEND" || cs.Relation.Source != "INFERRED" ||
			cs.Relation.Confidence != 0.875 || cs.Relation.Strength != 3 || cs.Relation.From.Name != "CIO" || cs.Relation.To.Name != "CTO" {
			t.Errorf("confirmed relation %+v %+v", cs.Suggestion, cs.Relation)
		}
		res = f.ed.Do(confirm, map[string]any{"id": rel})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "CONFLICT" || res.Errors[0].Field() != "id" {
			t.Errorf("a second decision: %+v, want CONFLICT naming id", res.Errors)
		}
		f.ed.MustDo(confirm, map[string]any{"id": q["COVERAGE Ada-CIO"].ID}, &conf)
		if c := conf.ConfirmSuggestion.Coverage; c == nil || c.Strength != 2 || c.Source != "INTERACTION" ||
			c.TeamMember.Name != "Ada" || c.Contact.Name != "CIO" {
			t.Errorf("confirmed coverage %+v", c)
		}
		f.ed.MustDo(confirm, map[string]any{"id": q["STRONGER_COVERAGE Ada-CTO"].ID, "e": map[string]any{"strength": 3}}, &conf)
		if c := conf.ConfirmSuggestion.Coverage; c == nil || c.Strength != 3 || c.Contact.Name != "CTO" {
			t.Errorf("stronger coverage %+v, want the existing coverage raised to 3", c)
		}
		if n := db.Client.Coverage.Query().CountX(f.ctx); n != 2 {
			t.Errorf("%d coverages, want Ada-CTO raised and Ada-CIO new", n)
		}
		// The audit trail holds the decisions.
		if n := db.Client.AuditEvent.Query().CountX(auth.WithViewer(f.ctx, auth.System)); n == 0 {
			t.Error("no audit events")
		}

		// Dismissed: not back for the same evidence, back with more.
		const dismiss = `mutation($id: ID!) { dismissSuggestion(id: $id) { state decidedEvidence } }`
		cfo := q["RELATION CIO-CFO"].ID
		f.ed.MustDo(dismiss, map[string]any{"id": cfo}, nil)
		res = f.ed.Do(dismiss, map[string]any{"id": cfo})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "CONFLICT" {
			t.Errorf("dismissing twice: %+v, want CONFLICT", res.Errors)
		}
		f.meet(t, 100, interaction.StatusCANCELLED, []*ent.Contact{f.cio, f.cfo}, f.ada)
		f.meet(t, 1, interaction.StatusDONE, []*ent.Contact{f.cio}, f.ada) // other evidence changes
		f.check(t)
		if q := f.queue(t, f.ed, "PENDING"); len(q) != 0 {
			t.Errorf("pending after dismissing and confirming everything: %v", q)
		}
		f.meet(t, 2, interaction.StatusDONE, []*ent.Contact{f.cio, f.cfo}, f.ada)
		f.check(t)
		q = f.queue(t, f.ed, "PENDING")
		if s, ok := q["RELATION CIO-CFO"]; len(q) != 1 || !ok || s.EvidenceCount != 4 || s.Confidence != 0.9375 || s.DecidedBy != nil {
			t.Errorf("after a fourth meeting: %v, want CIO-CFO back with evidence 4 and confidence 0.9375", q)
		}

		// A relation recorded by hand takes the suggestion's place.
		f.ed.MustDo(`mutation($a: ID!, $b: ID!) { createContactRelation(input: {fromID: $a, toID: $b, kind: RIVAL}) { id } }`,
			map[string]any{"a": gid.Encode(f.cfo.ID), "b": gid.Encode(f.cio.ID)}, nil)
		if res := f.check(t); res.Removed != 1 {
			t.Errorf("after the relation by hand: %+v, want the suggestion removed", res)
		}

		// Bo sees none of Acme's, and cannot decide them.
		res = f.bo.Do(suggestionQueue, map[string]any{"a": gid.Encode(f.acme.ID), "state": "CONFIRMED"})
		if string(res.Data) != "" && string(res.Data) != "null" && string(res.Data) != `{"node":null}` {
			t.Errorf("Bo reads Acme's suggestions: %s", res.Data)
		}
		var all struct{ Suggestions struct{ TotalCount int } }
		f.bo.MustDo(`{ suggestions { totalCount } }`, nil, &all)
		if all.Suggestions.TotalCount != 3 {
			t.Errorf("Bo's suggestions: %d, want Other's three", all.Suggestions.TotalCount)
		}
		res = f.bo.Do(dismiss, map[string]any{"id": rel})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "NOT_FOUND" {
			t.Errorf("Bo deciding Acme's: %+v, want NOT_FOUND", res.Errors)
		}
		if n := db.Client.Suggestion.Query().Where(suggestion.StateEQ(suggestion.StateCONFIRMED)).CountX(f.ctx); n != 3 {
			t.Errorf("%d confirmed, want 3", n)
		}
	})
}

// TestSuggestionRefreshTakesConstantStatements: refreshing 2 accounts or 8
// reads the same number of statements, and so does the queue of a page of
// accounts.
func TestSuggestionRefreshTakesConstantStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c, ctx := db.Client, context.Background()
		now := time.Now()
		tm := c.TeamMember.Create().SetName("Tina").SetEmail("tina@us.example").SaveX(ctx)
		var ids []int
		add := func(i int) {
			a := c.Account.Create().SetName(fmt.Sprintf("Acme %d", i)).SaveX(ctx)
			ids = append(ids, a.ID)
			p1 := c.Contact.Create().SetAccount(a).SetName("P1").SaveX(ctx)
			p2 := c.Contact.Create().SetAccount(a).SetName("P2").SaveX(ctx)
			c.Coverage.Create().SetTeamMember(tm).SetContact(p2).SetStrength(1).ExecX(ctx)
			for k := range 3 {
				c.Interaction.Create().SetAccount(a).SetKind(interaction.KindCALL).SetOccurredAt(now.AddDate(0, 0, -k-1)).
					AddContacts(p1, p2).AddTeamMembers(tm).ExecX(ctx)
			}
		}
		measure := func() int64 {
			n0 := db.Counter.Load()
			if _, err := suggest.Refresh(ctx, c, ids, now); err != nil {
				t.Fatal(err)
			}
			return db.Counter.Load() - n0
		}
		for i := range 2 {
			add(i)
		}
		measure() // creates 3 each
		small := measure()
		for i := 2; i < 8; i++ {
			add(i)
		}
		measure()
		large := measure()
		if small != large || small > 5 {
			t.Errorf("refresh of 2 accounts: %d statements, of 8: %d; want the same, at most 5", small, large)
		}
		if n := c.Suggestion.Query().CountX(ctx); n != 8*3 {
			t.Errorf("%d suggestions, want 3 per account", n)
		}
	})
}

// TestSuggestionsFollowPeopleWhoMet: a person's change refreshes their
// account's suggestions only when they attended a meeting. New contacts
// (an integration syncing people) cost a check no read of meetings; the
// CFO leaving withdraws the relations their meetings suggested.
func TestSuggestionsFollowPeopleWhoMet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newSugFixture(t, db)
		f.check(t)
		statements := func() (suggest.Result, int64) {
			var n atomic.Int64
			res, err := f.engine.Check(store.WithStatementCount(f.ctx, &n))
			if err != nil {
				t.Fatal(err)
			}
			return res, n.Load()
		}
		_, idle := statements()
		for i := range 3 {
			db.Client.Contact.Create().SetAccount(f.acme).SetName(fmt.Sprintf("New %d", i)).ExecX(f.ctx)
		}
		res, created := statements()
		// Three more than an idle check: the feed's read of the new
		// entries, its other followers' and the attendance check. A
		// refresh of Acme would add five reads (10 in all).
		if res != (suggest.Result{}) || created > idle+3 {
			t.Errorf("a check after 3 new contacts: %+v in %d statements (%d with nothing new): want no refresh", res, created, idle)
		}
		if q := f.queue(t, f.ed, "PENDING"); q["RELATION CIO-CFO"].Kind == "" {
			t.Fatalf("queue %v: want the CIO-CFO relation pending", q)
		}
		db.Client.Contact.UpdateOne(f.cfo).SetStatus("LEFT").ExecX(f.ctx)
		if res, _ := statements(); res.Removed == 0 {
			t.Errorf("the CFO left: %+v, want their suggestions removed", res)
		}
		if q := f.queue(t, f.ed, "PENDING"); q["RELATION CIO-CFO"].Kind != "" {
			t.Errorf("queue after the CFO left: %v", q)
		}
	})
}
