package demo_test

import (
	"regexp"
	"sort"
	"testing"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/opportunity"
	"rapport/internal/domain"
)

// checks are the properties every loaded data set must have, whatever the
// seed and whether or not the store's history hooks are installed.
var checks = []struct {
	name string
	fn   func(*testing.T, *data)
}{
	{"counts reach the minimums", checkCounts},
	{"accounts form groups, tiers and ABC classes", checkAccounts},
	{"tier history is complete", checkTierHistory},
	{"org charts are trees within an account", checkOrgCharts},
	{"contacts are well formed", checkContacts},
	{"current attitude is the latest assessment", checkAssessments},
	{"relations are valid", checkRelations},
	{"team and coverage are consistent", checkCoverage},
	{"every gap kind exists", checkGaps},
	{"interactions cover every kind", checkInteractions},
	{"decision chains are ordered", checkChains},
	{"surveys trend both ways", checkSurveys},
	{"complaints and budgets", checkComplaintsAndBudgets},
}

func checkCounts(t *testing.T, d *data) {
	s := d.sum
	mins := []struct {
		name      string
		got, want int
	}{
		{"accounts", s.Accounts, 12}, {"contacts", s.Contacts, 300}, {"contact relations", s.ContactRelations, 1000},
		{"team members", s.TeamMembers, 20}, {"coverages", s.Coverages, 100}, {"opportunities", s.Opportunities, 12},
		{"decision chain links", s.DecisionChainLinks, 36}, {"interactions", s.Interactions, 500}, {"surveys", s.Surveys, 50},
		{"complaints", s.Complaints, 12}, {"budgets", s.Budgets, 24},
		{"tier changes", s.TierChanges, s.Accounts + 1}, {"assessments", s.Assessments, s.Contacts + 1},
	}
	for _, m := range mins {
		if m.got < m.want {
			t.Errorf("%s = %d, want at least %d", m.name, m.got, m.want)
		}
	}
	if s.Contacts != len(d.contacts) || s.ContactRelations != len(d.relations) || s.Assessments != len(d.assessments) {
		t.Errorf("summary %v disagrees with the stored rows", s)
	}
}

func checkAccounts(t *testing.T, d *data) {
	ext := regexp.MustCompile(`^ACC-\d{4}$`)
	tiers := map[domain.Tier]bool{}
	var subsidiaries, partnered int
	var revenues []float64
	total := 0.0
	for _, a := range d.accounts {
		if a.ExternalID == nil || !ext.MatchString(*a.ExternalID) {
			t.Errorf("account %q external ID %v", a.Name, a.ExternalID)
		}
		tiers[a.Tier] = true
		if a.ParentID != nil {
			subsidiaries++
		}
		if len(a.Edges.Partners) > 0 {
			partnered++
		}
		if len(a.Edges.Team) == 0 {
			t.Errorf("account %q has no team", a.Name)
		}
		revenues = append(revenues, a.AnnualRevenue)
		total += a.AnnualRevenue
	}
	if len(tiers) != 4 {
		t.Errorf("tiers used: %v, want all four", tiers)
	}
	if subsidiaries < 4 || partnered < 2 {
		t.Errorf("subsidiaries = %d, partnered accounts = %d", subsidiaries, partnered)
	}
	// ABC by the 80/15/5 rule: every class must be populated, A the fewest.
	sort.Sort(sort.Reverse(sort.Float64Slice(revenues)))
	classes := map[byte]int{}
	cum := 0.0
	for _, r := range revenues {
		share := cum / total
		cum += r
		switch {
		case share < 0.80:
			classes['A']++
		case share < 0.95:
			classes['B']++
		default:
			classes['C']++
		}
	}
	if classes['A'] == 0 || classes['B'] == 0 || classes['C'] == 0 || classes['A'] >= classes['C'] {
		t.Errorf("ABC classes %v: want all populated, fewer A than C", classes)
	}
}

func checkTierHistory(t *testing.T, d *data) {
	byAccount := map[int][]*ent.TierChange{}
	for _, tc := range d.tierChanges {
		byAccount[tc.AccountID] = append(byAccount[tc.AccountID], tc)
	}
	multi := 0
	for _, a := range d.accounts {
		h := byAccount[a.ID]
		if len(h) == 0 {
			t.Errorf("account %q has no tier history", a.Name)
			continue
		}
		if h[0].FromTier != nil || !h[0].ChangedAt.Equal(a.CreatedAt) {
			t.Errorf("account %q: first tier change from %v at %v, want none at creation %v", a.Name, h[0].FromTier, h[0].ChangedAt, a.CreatedAt)
		}
		for i := 1; i < len(h); i++ {
			if !h[i].ChangedAt.After(h[i-1].ChangedAt) {
				t.Errorf("account %q: tier changes %d and %d at the same time (written twice?)", a.Name, i-1, i)
			}
			if h[i].FromTier == nil || *h[i].FromTier != h[i-1].ToTier {
				t.Errorf("account %q: tier change %d does not continue from %s", a.Name, i, h[i-1].ToTier)
			}
		}
		if last := h[len(h)-1]; last.ToTier != a.Tier || last.ChangedAt.After(d.now) {
			t.Errorf("account %q: latest tier change %s at %v, account tier %s", a.Name, last.ToTier, last.ChangedAt, a.Tier)
		}
		if len(h) > 1 {
			multi++
		}
	}
	if multi < 3 {
		t.Errorf("%d accounts changed tier, want at least 3", multi)
	}
}

func checkOrgCharts(t *testing.T, d *data) {
	byID := map[int]*ent.Contact{}
	for _, p := range d.contacts {
		byID[p.ID] = p
	}
	roots := map[int]int{}
	for _, p := range d.contacts {
		if p.ReportsToID == nil {
			roots[p.AccountID]++
			continue
		}
		seen := map[int]bool{p.ID: true}
		for q := p; q.ReportsToID != nil; {
			boss := byID[*q.ReportsToID]
			if boss == nil || boss.AccountID != p.AccountID {
				t.Fatalf("contact %s reports outside its account", p.Name)
			}
			if seen[boss.ID] {
				t.Fatalf("reporting cycle through %s", p.Name)
			}
			seen[boss.ID] = true
			q = boss
		}
	}
	for _, a := range d.accounts {
		if roots[a.ID] == 0 {
			t.Errorf("account %q has no top of its org chart", a.Name)
		}
	}
}

func checkContacts(t *testing.T, d *data) {
	ext := regexp.MustCompile(`^CON-\d{5}$`)
	seniority := map[contact.Seniority]bool{}
	roles := map[domain.DecisionRole]bool{}
	attitudes := map[domain.Attitude]bool{}
	names := map[string]bool{}
	left := 0
	for _, p := range d.contacts {
		if p.ExternalID == nil || !ext.MatchString(*p.ExternalID) {
			t.Errorf("contact %q external ID %v", p.Name, p.ExternalID)
		}
		if names[p.Name] {
			t.Errorf("duplicate contact name %q", p.Name)
		}
		names[p.Name] = true
		seniority[p.Seniority], roles[p.DecisionRole], attitudes[p.Attitude] = true, true, true
		if p.Influence < 1 || p.Influence > 5 || p.Interest < 1 || p.Interest > 5 {
			t.Errorf("contact %q influence %d interest %d", p.Name, p.Influence, p.Interest)
		}
		if (p.Status == contact.StatusLEFT) != (p.LeftAt != nil) {
			t.Errorf("contact %q status %s left at %v", p.Name, p.Status, p.LeftAt)
		}
		if p.Status == contact.StatusLEFT {
			left++
		}
	}
	if len(seniority) != 4 || len(roles) != 7 || len(attitudes) != 5 {
		t.Errorf("seniorities %d, decision roles %d, attitudes %d: want 4, 7, 5", len(seniority), len(roles), len(attitudes))
	}
	if left < 3 {
		t.Errorf("%d contacts left, want a few", left)
	}
}

func checkAssessments(t *testing.T, d *data) {
	latest, first := map[int]*ent.Assessment{}, map[int]*ent.Assessment{}
	count := map[int]int{}
	for _, a := range d.assessments { // ordered by assessed_at, id
		if prev := latest[a.ContactID]; prev != nil && !a.AssessedAt.After(prev.AssessedAt) {
			t.Errorf("contact %d assessed twice at %v (written twice?)", a.ContactID, a.AssessedAt)
		}
		if first[a.ContactID] == nil {
			first[a.ContactID] = a
		}
		latest[a.ContactID] = a
		count[a.ContactID]++
		if a.AssessedAt.After(d.now) {
			t.Errorf("assessment of contact %d dated %v, after now", a.ContactID, a.AssessedAt)
		}
	}
	reassessed := 0
	for _, p := range d.contacts {
		a := latest[p.ID]
		if a == nil {
			t.Errorf("contact %q has no assessment", p.Name)
			continue
		}
		if a.Attitude != p.Attitude || a.Influence != p.Influence || a.Interest != p.Interest {
			t.Errorf("contact %q is %s/%d/%d, latest assessment %s/%d/%d", p.Name,
				p.Attitude, p.Influence, p.Interest, a.Attitude, a.Influence, a.Interest)
		}
		if !first[p.ID].AssessedAt.Equal(p.CreatedAt) {
			t.Errorf("contact %q first assessed at %v, created at %v", p.Name, first[p.ID].AssessedAt, p.CreatedAt)
		}
		if count[p.ID] > 1 {
			reassessed++
		}
	}
	if reassessed < len(d.contacts)/5 {
		t.Errorf("%d contacts re-assessed, want a fair share of %d", reassessed, len(d.contacts))
	}
}

func checkRelations(t *testing.T, d *data) {
	account := map[int]int{}
	for _, p := range d.contacts {
		account[p.ID] = p.AccountID
	}
	kinds := map[domain.RelationKind]int{}
	sources := map[domain.Source]bool{}
	ended := 0
	colleaguesElsewhere := map[int]map[int]bool{} // contact -> other accounts with former colleagues
	for _, r := range d.relations {
		if r.FromID == r.ToID {
			t.Fatalf("self-loop relation %d on contact %d", r.ID, r.FromID)
		}
		if r.Strength < 1 || r.Strength > 5 || r.Confidence < 0 || r.Confidence > 1 {
			t.Errorf("relation %d strength %d confidence %v", r.ID, r.Strength, r.Confidence)
		}
		if !r.ValidFrom.Before(d.now) || (r.ValidTo != nil && !r.ValidTo.After(r.ValidFrom)) {
			t.Errorf("relation %d valid %v..%v", r.ID, r.ValidFrom, r.ValidTo)
		}
		if r.ValidTo != nil {
			ended++
		}
		kinds[r.Kind]++
		sources[r.Source] = true
		if r.Kind == domain.RelationFormerColleague && account[r.FromID] != account[r.ToID] {
			for _, pair := range [][2]int{{r.FromID, r.ToID}, {r.ToID, r.FromID}} {
				if colleaguesElsewhere[pair[0]] == nil {
					colleaguesElsewhere[pair[0]] = map[int]bool{}
				}
				colleaguesElsewhere[pair[0]][account[pair[1]]] = true
			}
		}
	}
	if len(kinds) != 6 || len(sources) != 4 || ended == 0 {
		t.Errorf("relation kinds %v, sources %v, ended %d", kinds, sources, ended)
	}
	if len(colleaguesElsewhere) < 10 {
		t.Errorf("%d contacts have former colleagues at other accounts", len(colleaguesElsewhere))
	}
}

func checkCoverage(t *testing.T, d *data) {
	roles := map[string]bool{}
	inactive := map[int]bool{}
	for _, m := range d.members {
		roles[string(m.TeamRole)] = true
		if !m.Active {
			inactive[m.ID] = true
		}
	}
	if len(roles) != 6 || len(inactive) == 0 || len(inactive) > 2 {
		t.Errorf("team roles %v, inactive members %d", roles, len(inactive))
	}
	type pair struct{ m, c int }
	lastMet := map[pair]time.Time{}
	for _, in := range d.interactions {
		if in.Status != "DONE" {
			continue // a planned or cancelled activity met nobody
		}
		for _, m := range in.Edges.TeamMembers {
			for _, c := range in.Edges.Contacts {
				if k := (pair{m.ID, c.ID}); in.OccurredAt.After(lastMet[k]) {
					lastMet[k] = in.OccurredAt
				}
			}
		}
	}
	primaries := map[int]int{}
	for _, cv := range d.coverages {
		if cv.Strength < 0 || cv.Strength > 4 {
			t.Errorf("coverage %d strength %d", cv.ID, cv.Strength)
		}
		if cv.PrimaryOwner {
			primaries[cv.ContactID]++
		}
		want, met := lastMet[pair{cv.TeamMemberID, cv.ContactID}]
		switch {
		case !met && cv.LastInteractionAt != nil:
			t.Errorf("coverage %d has a last interaction but no interaction", cv.ID)
		case met && (cv.LastInteractionAt == nil || !cv.LastInteractionAt.Equal(want)):
			t.Errorf("coverage %d last interaction %v, interactions say %v", cv.ID, cv.LastInteractionAt, want)
		}
	}
	for _, cv := range d.coverages {
		if primaries[cv.ContactID] != 1 {
			t.Errorf("contact %d has %d primary owners", cv.ContactID, primaries[cv.ContactID])
		}
	}
}

func checkGaps(t *testing.T, d *data) {
	covers := map[int][]*ent.Coverage{}
	inactive := map[int]bool{}
	for _, m := range d.members {
		inactive[m.ID] = !m.Active
	}
	for _, cv := range d.coverages {
		covers[cv.ContactID] = append(covers[cv.ContactID], cv)
	}
	gaps := map[string]int{}
	byID := map[int]*ent.Contact{}
	for _, p := range d.contacts {
		byID[p.ID] = p
		cs := covers[p.ID]
		decider := p.DecisionRole == domain.RoleDecisionMaker || p.DecisionRole == domain.RoleEconomicBuyer
		active := p.Status == contact.StatusACTIVE
		weak, viaLeaver := len(cs) > 0, len(cs) > 0
		for _, cv := range cs {
			weak = weak && cv.Strength <= 1
			viaLeaver = viaLeaver && inactive[cv.TeamMemberID]
			if cv.LastInteractionAt != nil && cv.LastInteractionAt.Before(d.now.Add(-90*24*time.Hour)) {
				gaps["stale relationship"]++
			}
		}
		if decider && active && len(cs) == 0 {
			gaps["uncovered decider"]++
		}
		if decider && active && weak {
			gaps["weakly covered decider"]++
		}
		if len(cs) == 1 {
			gaps["single-threaded"]++
		}
		if active && p.Influence >= 4 && (p.Attitude == domain.AttitudeSkeptic || p.Attitude == domain.AttitudeOpponent) {
			gaps["influential opponent"]++
		}
		if active && viaLeaver {
			gaps["covered only by a leaver"]++
		}
	}
	open := map[int]bool{}
	for _, o := range d.opps {
		open[o.ID] = o.Stage != opportunity.StageWON && o.Stage != opportunity.StageLOST
	}
	for _, l := range d.links {
		if open[l.OpportunityID] && len(covers[l.ContactID]) == 0 {
			gaps["uncovered chain link"]++
		}
	}
	for _, g := range []string{"stale relationship", "uncovered decider", "weakly covered decider", "single-threaded",
		"influential opponent", "covered only by a leaver", "uncovered chain link"} {
		if gaps[g] == 0 {
			t.Errorf("no %s in the data set", g)
		}
	}
	t.Logf("gaps: %v", gaps)
}
