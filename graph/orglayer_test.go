package graph_test

import (
	"strings"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/contact"
	"rapport/ent/interaction"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestExecutivePairingHealthOverTheAPI works one pairing's health by hand:
// coverage strength 3, last met 45 days ago at an on-site meeting (a call
// 10 days ago is no meeting, a dinner 400 days ago is outside the year):
// recency 0.5^(45/90) = 0.7071, score round(100 x (0.5 x 3/4 + 0.5 x
// 0.7071)) = 73, HEALTHY.
func TestExecutivePairingHealthOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		acc := b.account("Pairing Co", func(q *ent.AccountCreate) { q.SetTier(domain.TierStrategic) })
		gm := b.contact(acc, "GM Wang")
		exec := b.member("exec", true)
		must[*ent.Coverage](t)(db.Client.Coverage.Create().SetTeamMember(exec).SetContact(gm).SetStrength(3).Save(b.ctx))
		now := time.Now()
		b.interaction(acc, interaction.KindONSITE_MEETING, now.Add(-45*24*time.Hour-time.Hour), 0, []*ent.TeamMember{exec}, gm)
		b.interaction(acc, interaction.KindCALL, now.Add(-10*24*time.Hour), 0, []*ent.TeamMember{exec}, gm)
		b.interaction(acc, interaction.KindDINNER_EVENT, now.Add(-400*24*time.Hour), 0, []*ent.TeamMember{exec}, gm)

		var created struct {
			CreateExecutivePairing struct {
				ID     string
				Health struct {
					Score, Strength, MeetingsLastYear int
					DaysSinceMet                      *int
					State, Explanation                string
				}
			}
		}
		c.MustDo(`mutation($in: CreateExecutivePairingInput!) { createExecutivePairing(input: $in) {
			id health { score strength meetingsLastYear daysSinceMet state explanation } } }`,
			map[string]any{"in": map[string]any{"accountID": gid.Encode(acc.ID), "teamMemberID": gid.Encode(exec.ID), "contactID": gid.Encode(gm.ID)}},
			&created)
		h := created.CreateExecutivePairing.Health
		if h.Score != 73 || h.Strength != 3 || h.MeetingsLastYear != 1 || h.DaysSinceMet == nil || *h.DaysSinceMet != 45 || h.State != "HEALTHY" {
			t.Errorf("health = %+v, want score 73, strength 3, 1 meeting, 45 days, HEALTHY", h)
		}
		// The account page reads it through the account's connection.
		var page struct {
			Node struct {
				ExecutivePairings struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Health  struct{ Score int }
							Contact struct{ Name string }
						}
					}
				}
			}
		}
		c.MustDo(`query($id: ID!) { node(id: $id) { ... on Account { executivePairings(first: 10) { totalCount
			edges { node { health { score } contact { name } } } } } } }`, map[string]any{"id": gid.Encode(acc.ID)}, &page)
		if p := page.Node.ExecutivePairings; p.TotalCount != 1 || p.Edges[0].Node.Health.Score != 73 || p.Edges[0].Node.Contact.Name != "GM Wang" {
			t.Errorf("account's pairings = %+v", p)
		}
		// Audited like every other write.
		var audit struct {
			AuditEvents struct{ TotalCount int }
		}
		c.MustDo(`{ auditEvents(where: {entityType: "ExecutivePairing"}) { totalCount } }`, nil, &audit)
		if audit.AuditEvents.TotalCount != 1 {
			t.Errorf("audit events for the pairing = %d, want 1", audit.AuditEvents.TotalCount)
		}
	})
}

// TestOrgLayerRefusesBadInput: pairings with people who have left, an
// engagement ending before it starts, a second pairing of the same two,
// customer owners of another account; each named by its field, nothing
// written.
func TestOrgLayerRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		acc := b.account("Acme")
		other := b.account("Other")
		gm := b.contact(acc, "GM")
		gone := b.contact(acc, "Gone", func(q *ent.ContactCreate) { q.SetStatus(contact.StatusLEFT).SetLeftAt(day("2026-01-01")) })
		stranger := b.contact(other, "Stranger")
		exec, retired := b.member("exec", true), b.member("retired", false)
		pairing := func(member *ent.TeamMember, person *ent.Contact) map[string]any {
			return map[string]any{"in": map[string]any{"accountID": gid.Encode(acc.ID), "teamMemberID": gid.Encode(member.ID), "contactID": gid.Encode(person.ID)}}
		}
		const createPairing = `mutation($in: CreateExecutivePairingInput!) { createExecutivePairing(input: $in) { id } }`
		const createEngagement = `mutation($in: CreateEngagementInput!) { createEngagement(input: $in) { id } }`
		engagement := func(extra map[string]any) map[string]any {
			in := map[string]any{"accountID": gid.Encode(acc.ID), "kind": "JOINT_LAB", "name": "5G lab", "startsAt": "2026-03-01T00:00:00Z"}
			for k, v := range extra {
				in[k] = v
			}
			return map[string]any{"in": in}
		}
		tests := []struct {
			name, query string
			vars        map[string]any
			code, field string
		}{
			{"their executive has left", createPairing, pairing(exec, gone), "BAD_USER_INPUT", "contactID"},
			{"our executive is inactive", createPairing, pairing(retired, gm), "BAD_USER_INPUT", "teamMemberID"},
			{"their executive is of another account", createPairing, pairing(exec, stranger), "BAD_USER_INPUT", "contactID"},
			{"ends before it starts", createEngagement, engagement(map[string]any{"endsAt": "2026-02-01T00:00:00Z"}), "BAD_USER_INPUT", "endsAt"},
			{"an owner who is inactive", createEngagement, engagement(map[string]any{"ownerIDs": []string{gid.Encode(retired.ID)}}), "BAD_USER_INPUT", "ownerIDs"},
			{"a customer owner of another account", createEngagement, engagement(map[string]any{"customerOwnerIDs": []string{gid.Encode(stranger.ID)}}), "BAD_USER_INPUT", "customerOwnerIDs"},
			{"a customer owner who left", createEngagement, engagement(map[string]any{"customerOwnerIDs": []string{gid.Encode(gone.ID)}}), "BAD_USER_INPUT", "customerOwnerIDs"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := c.Do(tt.query, tt.vars)
				if len(res.Errors) != 1 || res.Errors[0].Code() != tt.code || res.Errors[0].Field() != tt.field {
					t.Fatalf("errors = %+v, want %s on %s", res.Errors, tt.code, tt.field)
				}
				if !strings.Contains(res.Errors[0].Message, "expected") {
					t.Errorf("message %q does not say what is expected", res.Errors[0].Message)
				}
			})
		}
		if n := db.Client.ExecutivePairing.Query().CountX(b.ctx) + db.Client.Engagement.Query().CountX(b.ctx); n != 0 {
			t.Fatalf("%d rows written by refused mutations", n)
		}
		// One pairing per pair of people: the second is a CONFLICT.
		c.MustDo(createPairing, pairing(exec, gm), nil)
		if res := c.Do(createPairing, pairing(exec, gm)); len(res.Errors) != 1 || res.Errors[0].Code() != "CONFLICT" {
			t.Errorf("second pairing: %+v, want CONFLICT", res.Errors)
		}
		// An update that moves the end before the start is refused too.
		var e struct{ CreateEngagement struct{ ID string } }
		c.MustDo(createEngagement, engagement(map[string]any{"endsAt": "2027-03-01T00:00:00Z", "ownerIDs": []string{gid.Encode(exec.ID)},
			"customerOwnerIDs": []string{gid.Encode(gm.ID)}}), &e)
		res := c.Do(`mutation($id: ID!) { updateEngagement(id: $id, input: {startsAt: "2027-04-01T00:00:00Z"}) { id } }`,
			map[string]any{"id": e.CreateEngagement.ID})
		if len(res.Errors) != 1 || res.Errors[0].Field() != "endsAt" {
			t.Errorf("update moving start after end: %+v", res.Errors)
		}
	})
}

// TestValueAssessmentRecommendsTierOverTheAPI: scores 5 4 3 | 5 4 4 3 5 with
// the default weights, loyalty taken from the ADVOCATE stage (5): 15 + 8 +
// 3 + 15 + 8 + 8 + 6 + 15 + 10 = 88, STRATEGIC, against a recorded PARTNER.
func TestValueAssessmentRecommendsTierOverTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		acc := b.account("Value Co", func(q *ent.AccountCreate) {
			q.SetTier(domain.TierPartner).SetLoyaltyStage(account.LoyaltyStageADVOCATE)
		})
		in := map[string]any{"accountID": gid.Encode(acc.ID), "assessedAt": "2026-06-01T00:00:00Z",
			"revenueScore": 5, "marginScore": 4, "paymentCollectionScore": 3, "referenceValueScore": 5,
			"managementImprovementScore": 4, "longTermPaybackScore": 4, "shareOfWalletScore": 3, "growthPotentialScore": 5}
		const create = `mutation($in: CreateValueAssessmentInput!) { createValueAssessment(input: $in) {
			score recommendedTier loyaltyScore criteria { criterion points } } }`
		var got struct {
			CreateValueAssessment struct {
				Score           float64
				RecommendedTier string
				LoyaltyScore    float64
				Criteria        []struct {
					Criterion string
					Points    float64
				}
			}
		}
		c.MustDo(create, map[string]any{"in": in}, &got)
		if v := got.CreateValueAssessment; v.Score != 88 || v.RecommendedTier != "STRATEGIC" || v.LoyaltyScore != 5 || len(v.Criteria) != 9 || v.Criteria[8].Points != 10 {
			t.Errorf("assessment = %+v, want 88 STRATEGIC with loyalty 5 (10 points)", v)
		}
		var rec struct {
			Node struct {
				RecommendedTier    string
				TierRecommendation struct {
					Tier, RecordedTier, Basis string
					Agrees                    bool
					Score                     float64
					Reasons                   []string
				}
			}
		}
		c.MustDo(`query($id: ID!) { node(id: $id) { ... on Account { recommendedTier
			tierRecommendation { tier recordedTier basis agrees score reasons } } } }`, map[string]any{"id": gid.Encode(acc.ID)}, &rec)
		r := rec.Node.TierRecommendation
		if rec.Node.RecommendedTier != "STRATEGIC" || r.Tier != "STRATEGIC" || r.RecordedTier != "PARTNER" || r.Agrees || r.Basis != "VALUE_ASSESSMENT" || r.Score != 88 {
			t.Errorf("recommendation = %s %+v", rec.Node.RecommendedTier, r)
		}
		if len(r.Reasons) == 0 || !strings.HasPrefix(r.Reasons[0], "Value score 88 is 70 or more: STRATEGIC") ||
			!strings.HasPrefix(r.Reasons[len(r.Reasons)-1], "Disagrees with the recorded tier PARTNER") {
			t.Errorf("reasons = %q", r.Reasons)
		}

		// Weights that do not sum to 1, a score out of range: refused on the field, nothing written.
		bad := func(k string, v any) map[string]any {
			m := map[string]any{}
			for kk, vv := range in {
				m[kk] = vv
			}
			m[k] = v
			return map[string]any{"in": m}
		}
		for _, tt := range []struct {
			vars  map[string]any
			field string
		}{
			{bad("revenueWeight", 0.5), "revenueWeight"},
			{bad("growthPotentialScore", 6), "growthPotentialScore"},
			{bad("marginScore", -1), "marginScore"},
		} {
			res := c.Do(create, tt.vars)
			if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Field() != tt.field {
				t.Errorf("%s: %+v, want BAD_USER_INPUT on it", tt.field, res.Errors)
			}
		}
		if n := db.Client.ValueAssessment.Query().CountX(b.ctx); n != 1 {
			t.Errorf("%d assessments stored, want 1", n)
		}

		// The loyalty ladder keeps its history.
		c.MustDo(`mutation($id: ID!) { updateAccount(id: $id, input: {loyaltyStage: REPEAT_PURCHASE}) { id } }`,
			map[string]any{"id": gid.Encode(acc.ID)}, nil)
		var hist struct {
			Node struct {
				StageChanges struct {
					Edges []struct {
						Node struct {
							Ladder, ToStage string
							FromStage       *string
						}
					}
				}
			}
		}
		c.MustDo(`query($id: ID!) { node(id: $id) { ... on Account { stageChanges(first: 10, orderBy: {field: CHANGED_AT}) {
			edges { node { ladder fromStage toStage } } } } } }`, map[string]any{"id": gid.Encode(acc.ID)}, &hist)
		var steps []string
		for _, e := range hist.Node.StageChanges.Edges {
			from := "-"
			if e.Node.FromStage != nil {
				from = *e.Node.FromStage
			}
			steps = append(steps, e.Node.Ladder+":"+from+">"+e.Node.ToStage)
		}
		want := "LOYALTY:->ADVOCATE LIFECYCLE:->ACQUIRE LOYALTY:ADVOCATE>REPEAT_PURCHASE"
		if strings.Join(steps, " ") != want {
			t.Errorf("stage history = %s, want %s", strings.Join(steps, " "), want)
		}
	})
}
