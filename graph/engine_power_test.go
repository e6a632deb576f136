package graph_test

import (
	"math"
	"strings"
	"testing"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/internal/apitest"
	"rapport/internal/domain"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

func TestPowerMap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		b := newBuild(t, db)
		a := b.account("PM")
		p := func(name string, infl, interest int, att domain.Attitude, opts ...func(*ent.ContactCreate)) {
			b.contact(a, name, append(opts, func(q *ent.ContactCreate) { q.SetInfluence(infl).SetInterest(interest).SetAttitude(att) })...)
		}
		p("ceo", 5, 4, domain.AttitudeChampion)
		p("cfo", 4, 2, domain.AttitudeSkeptic)
		p("user", 2, 5, domain.AttitudeNeutral)
		p("clerk", 1, 1, domain.AttitudeOpponent)
		p("gone", 5, 5, domain.AttitudeOpponent, func(q *ent.ContactCreate) { q.SetStatus(contact.StatusLEFT) })
		var got struct {
			PowerMap struct {
				Support      float64
				Stakeholders []struct {
					Contact  struct{ Name string }
					Quadrant string
				}
			}
		}
		c.MustDo(`query($a: ID!) { powerMap(accountId: $a) { support stakeholders { contact { name } influence interest attitude quadrant } } }`,
			map[string]any{"a": idOf(a.ID)}, &got)
		var rows []string
		for _, s := range got.PowerMap.Stakeholders {
			rows = append(rows, s.Contact.Name+" "+s.Quadrant)
		}
		want := "ceo MANAGE_CLOSELY, cfo KEEP_SATISFIED, user KEEP_INFORMED, clerk MONITOR"
		if strings.Join(rows, ", ") != want {
			t.Errorf("stakeholders = %s, want %s", strings.Join(rows, ", "), want)
		}
		// (5·1 + 4·(−0.5) + 2·0 + 1·(−1)) / 12 = 2/12; the one who left does not count.
		if math.Abs(got.PowerMap.Support-2.0/12) > 1e-9 {
			t.Errorf("support = %v, want %v", got.PowerMap.Support, 2.0/12)
		}
		if code := errorCode(t, c, `query($a: ID!) { powerMap(accountId: $a) { support } }`, map[string]any{"a": idOf(a.ID + 1000)}); code != "NOT_FOUND" {
			t.Errorf("unknown account: code %q", code)
		}
	})
}
