package demo_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"
)

// Checks of the activity side: interactions, decision chains, surveys,
// complaints and budgets. They are listed in checks (checks_test.go).

func checkInteractions(t *testing.T, d *data) {
	kinds := map[string]int{}
	account := map[int]int{}
	for _, p := range d.contacts {
		account[p.ID] = p.AccountID
	}
	from := d.now.AddDate(-2, 0, 0)
	for _, in := range d.interactions {
		kinds[string(in.Kind)]++
		// Only planned activities (the account plans', issue 17) lie ahead.
		if in.OccurredAt.Before(from) || (in.OccurredAt.After(d.now) && in.Status != "PLANNED") {
			t.Errorf("interaction %s at %v, outside the two years to %v", *in.ExternalID, in.OccurredAt, d.now)
		}
		if len(in.Edges.Contacts) == 0 || len(in.Edges.TeamMembers) == 0 {
			t.Errorf("interaction %s lacks participants on one side", *in.ExternalID)
		}
		for _, c := range in.Edges.Contacts {
			if account[c.ID] != in.AccountID {
				t.Errorf("interaction %s has a participant from another account", *in.ExternalID)
			}
		}
	}
	if len(kinds) != 12 {
		t.Errorf("interaction kinds %v, want all 12", kinds)
	}
}

func checkChains(t *testing.T, d *data) {
	type key struct{ opp, contact int }
	roles := map[key]int{}
	dealsOf := map[int]map[int]bool{}
	positions := map[int][]int{}
	for _, l := range d.links {
		positions[l.OpportunityID] = append(positions[l.OpportunityID], l.Position)
		roles[key{l.OpportunityID, l.ContactID}]++
		if dealsOf[l.ContactID] == nil {
			dealsOf[l.ContactID] = map[int]bool{}
		}
		dealsOf[l.ContactID][l.OpportunityID] = true
		if l.Weight < 0 || l.Weight > 1 {
			t.Errorf("link %d weight %v", l.ID, l.Weight)
		}
	}
	for _, o := range d.opps {
		ps := positions[o.ID]
		if len(ps) == 0 {
			t.Errorf("opportunity %q has no decision chain", o.Name)
		}
		for i, p := range ps {
			if p != i+1 {
				t.Errorf("opportunity %q positions %v, want 1..n", o.Name, ps)
				break
			}
		}
	}
	twoRoles, manyDeals := 0, 0
	for _, n := range roles {
		if n > 1 {
			twoRoles++
		}
	}
	for _, deals := range dealsOf {
		if len(deals) > 1 {
			manyDeals++
		}
	}
	if twoRoles == 0 || manyDeals == 0 {
		t.Errorf("people with two roles in a deal: %d, in several deals: %d", twoRoles, manyDeals)
	}
}

func checkSurveys(t *testing.T, d *data) {
	type pts struct{ x, y []float64 }
	by := map[int]*pts{}
	for _, s := range d.surveys {
		if s.Score < 0 || s.Score > 10 {
			t.Errorf("survey %d score %v", s.ID, s.Score)
		}
		if by[s.AccountID] == nil {
			by[s.AccountID] = &pts{}
		}
		by[s.AccountID].x = append(by[s.AccountID].x, s.SurveyedAt.Sub(d.now).Hours()/(24*365))
		by[s.AccountID].y = append(by[s.AccountID].y, s.Score)
	}
	up, down := 0, 0
	for _, p := range by {
		if len(p.x) < 8 {
			continue
		}
		switch slope := slopeOf(p.x, p.y); {
		case slope > 0.5:
			up++
		case slope < -0.5:
			down++
		}
	}
	if up == 0 || down == 0 {
		t.Errorf("accounts trending up %d, down %d: want both", up, down)
	}
}

// slopeOf is the least-squares slope of y over x.
func slopeOf(x, y []float64) float64 {
	n := float64(len(x))
	var sx, sy, sxx, sxy float64
	for i := range x {
		sx, sy, sxx, sxy = sx+x[i], sy+y[i], sxx+x[i]*x[i], sxy+x[i]*y[i]
	}
	return (n*sxy - sx*sy) / (n*sxx - sx*sx)
}

func checkComplaintsAndBudgets(t *testing.T, d *data) {
	statuses := map[string]bool{}
	for _, c := range d.complaints {
		statuses[string(c.Status)] = true
		if c.ResolvedAt != nil && c.ResolvedAt.Before(c.OpenedAt) {
			t.Errorf("complaint %d resolved before it was opened", c.ID)
		}
	}
	if len(statuses) < 3 {
		t.Errorf("complaint statuses %v", statuses)
	}
	quarter := regexp.MustCompile(`^(\d{4})(?:-Q([1-4]))?$`)
	over, under, quarters := 0, 0, 0
	for _, b := range d.budgets {
		m := quarter.FindStringSubmatch(b.Period)
		if m == nil {
			t.Errorf("budget period %q", b.Period)
			continue
		}
		var year, q int
		fmt.Sscan(m[1], &year)
		from, to := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
		if m[2] != "" {
			fmt.Sscan(m[2], &q)
			quarters++
			from = time.Date(year, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
			to = from.AddDate(0, 3, 0)
		}
		spent := 0.0
		for _, in := range d.interactions {
			if in.AccountID == b.AccountID && !in.OccurredAt.Before(from) && in.OccurredAt.Before(to) {
				spent += in.Cost
			}
		}
		if spent > b.Planned {
			over++
		} else {
			under++
		}
	}
	if over == 0 || under == 0 || quarters == 0 {
		t.Errorf("budgets overspent %d, within plan %d, quarterly %d", over, under, quarters)
	}
}
