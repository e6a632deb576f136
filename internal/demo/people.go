package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/internal/clock"
	"rapport/internal/domain"
)

// gapKind marks a stakeholder whose coverage the story fixes on purpose.
type gapKind int

const (
	gapNone        gapKind = iota
	gapUncovered           // nobody on our side knows this person
	gapWeak                // only acquaintances (strength 1), from weakRoles
	gapFormerOnly          // known only by a team member who has left
	gapFormerOwner         // best known by a team member who has left
)

// move is a person who joined an account from another one we cover: one
// contact, with former-colleague ties back at the old account.
type move struct {
	p    *person
	from *acct
	at   time.Time
}

// createContacts plans every account's org chart and the story around it,
// then writes the contacts with their first assessment, their reporting
// lines, and the re-assessments that happened since.
func (w *world) createContacts(ctx context.Context, c *ent.Client) error {
	for _, a := range w.accounts {
		w.buildOrg(a)
	}
	w.moves = w.tellStory()
	w.markLeaversAndColdSpots()
	for _, p := range w.people {
		w.planHistory(p)
	}
	if err := w.writeContacts(ctx, c); err != nil {
		return err
	}
	if err := w.writeReportingLines(ctx, c); err != nil {
		return err
	}
	return w.replayAssessments(ctx, c)
}

// tellStory applies the plot points the demo script relies on.
func (w *world) tellStory() []move {
	r := w.r
	set := func(p *person, pts ...assessPoint) {
		p.history, p.historyDone, p.special = pts, true, true
	}
	ago := func(n int) time.Time { return w.now.Add(-days(n)) }

	// Huaxin Henan: the general manager retired 100 days ago; his successor,
	// who decides the open deal, has met nobody from our side.
	hn := w.byKey["huaxin-hn"]
	newGM := hn.slots["root"]
	newGM.createdAt, newGM.joined, newGM.gap, newGM.special = ago(95), ago(95), gapUncovered, true
	newGM.notes = "Appointed general manager after his predecessor retired; transferred from the group's planning department."
	oldGM := w.newPerson(hn, nil, dept{"Leadership Team", deptLeadership}, contact.SeniorityEXECUTIVE, domain.RoleDecisionMaker, "General Manager")
	oldGM.leftAt, oldGM.gap, oldGM.special = ago(100), gapFormerOwner, true
	oldGM.notes = "Retired. Long-standing supporter; sponsored our core network contract."
	set(oldGM, assessPoint{attitude: domain.AttitudeSupporter, influence: 5, interest: 4})
	// Its CTO turned against us over the lost core network bid, and the only
	// person who knew him well has rotated out.
	cto := hn.slots["cto"]
	cto.gap = gapFormerOnly
	cto.notes = "Led the core network evaluation that went to Zhonghang Networks."
	set(cto,
		assessPoint{attitude: domain.AttitudeSupporter, influence: 4, interest: 3},
		assessPoint{at: ago(200), attitude: domain.AttitudeSkeptic, influence: 5, interest: 2, note: "Critical of our bid during the technical evaluation."},
		assessPoint{at: ago(125), attitude: domain.AttitudeOpponent, influence: 5, interest: 2, note: "Shift noted after the tender outcome."})

	// Xibei: the chief accountant approves the money and nobody covers her.
	w.byKey["xibei"].slots["cfo"].gap = gapUncovered
	w.byKey["xibei"].slots["cfo"].special = true

	// Jinhai Bank: the president is only an acquaintance of our account
	// manager; the CIO came from Tongda Guangdong and is a champion, but his
	// closest contact on our side has left the company.
	jh := w.byKey["jinhai"]
	jh.slots["root"].gap, jh.slots["root"].weakRoles, jh.slots["root"].special = gapWeak, []string{"ACCOUNT_MANAGER"}, true
	cio := jh.slots["cto"]
	cio.role, cio.gap, cio.createdAt, cio.joined = domain.RoleDecisionMaker, gapFormerOwner, ago(320), ago(330)
	set(cio,
		assessPoint{attitude: domain.AttitudeSupporter, influence: 4, interest: 4},
		assessPoint{at: ago(150), attitude: domain.AttitudeChampion, influence: 5, interest: 5, note: "Changed after the showcase visit."})
	moves := []move{{cio, w.byKey["tongda-gd"], ago(330)}}

	// Donghai: the director-general and the finance deputy know us only in passing.
	dh := w.byKey["donghai"]
	dh.slots["root"].gap, dh.slots["root"].weakRoles = gapWeak, []string{"EXECUTIVE_SPONSOR", "ACCOUNT_MANAGER"}
	dh.slots["cfo"].gap, dh.slots["cfo"].weakRoles = gapWeak, []string{"ACCOUNT_MANAGER"}
	dh.slots["root"].special, dh.slots["cfo"].special = true, true

	// Influential opponents at accounts we otherwise cover well.
	dep := w.byKey["tongda"].slots["deputy"]
	dep.notes = "Sponsors the incumbent vendor for the group's cloud programme."
	set(dep,
		assessPoint{attitude: domain.AttitudeNeutral, influence: 4, interest: 3},
		assessPoint{at: ago(400), attitude: domain.AttitudeSkeptic, influence: 4, interest: 2, note: "Updated at the quarterly account review."},
		assessPoint{at: ago(80), attitude: domain.AttitudeOpponent, influence: 5, interest: 2, note: "Shift noted after the tender outcome."})
	sc := w.byKey["tongda-sc"].slots["cto"]
	sc.history[0].attitude, sc.history[0].influence, sc.special = domain.AttitudeSkeptic, 4, true

	// People who changed employers between accounts we cover.
	for _, mv := range []struct {
		to, from string
		sen      contact.Seniority
		daysAgo  int
	}{
		{"huaxin-js", "tongda-zj", contact.SenioritySENIOR_MANAGER, 500},
		{"guoneng", "xibei", contact.SenioritySENIOR_MANAGER, 700},
		{"donghai", "tongda", contact.SeniorityMANAGER, 400},
	} {
		var cands []*person
		for _, p := range w.byKey[mv.to].people {
			if p.seniority == mv.sen && !p.special {
				cands = append(cands, p)
			}
		}
		p := pick(r, cands)
		p.special, p.createdAt, p.joined = true, ago(mv.daysAgo-10), ago(mv.daysAgo)
		moves = append(moves, move{p, w.byKey[mv.from], ago(mv.daysAgo)})
	}
	for _, mv := range moves {
		mv.p.notes = fmt.Sprintf("Joined from %s in %s.", mv.from.spec.name, mv.at.Format("January 2006"))
	}
	return moves
}

// markLeaversAndColdSpots sets who left, who joined after the initial
// import, and where relationships went cold.
func (w *world) markLeaversAndColdSpots() {
	r := w.r
	for _, p := range w.people {
		if p.manager != nil {
			p.manager.hasReports = true
		}
	}
	var leafs []*person
	for _, p := range w.people {
		if p.special {
			continue
		}
		// About one in five was added to the CRM after the initial import.
		lo, hi := p.acct.onboard.Add(days(30)), w.now.Add(-days(20))
		if p.seniority != contact.SeniorityEXECUTIVE && hi.After(lo) && r.chance(0.2) {
			p.createdAt = r.timeBetween(lo, hi)
		}
		if !p.hasReports && (p.seniority == contact.SenioritySTAFF || p.seniority == contact.SeniorityMANAGER) {
			leafs = append(leafs, p)
		}
	}
	for n := 0; n < 8 && len(leafs) > 0; n++ {
		i := r.IntN(len(leafs))
		p := leafs[i]
		leafs = slices.Delete(leafs, i, i+1)
		lo := p.createdAt.Add(days(90))
		if w.start.After(lo) {
			lo = w.start
		}
		if hi := w.now.Add(-days(20)); hi.After(lo) {
			p.leftAt = r.timeBetween(lo, hi).Truncate(24 * time.Hour)
			p.special = true
		}
	}
	for _, p := range w.people {
		switch {
		case p.acct.spec.stale:
			p.staleAfter = w.now.Add(-days(r.between(120, 260)))
		case !p.special && p.seniority != contact.SeniorityEXECUTIVE && p.seniority != contact.SenioritySTAFF && r.chance(0.06):
			p.staleAfter = w.now.Add(-days(r.between(95, 300)))
		}
	}
}

// planHistory stamps the first assessment at creation and, for about a third
// of the people, invents 1-3 earlier states that led to the current one.
func (w *world) planHistory(p *person) {
	r := w.r
	if !p.historyDone && r.chance(0.35) {
		k := r.between(1, 3)
		for range k {
			p.history = append([]assessPoint{w.perturb(p.history[0])}, p.history...)
		}
	}
	p.history[0].at = p.createdAt
	p.history[0].note = "Initial assessment."
	if p.historyDone {
		return
	}
	// Re-assessments fall between creation and the person's last day with
	// us; drop them if that window is too short to be believable.
	lo := p.createdAt.Add(days(14))
	if w.start.After(lo) {
		lo = w.start
	}
	hi := w.now.Add(-days(3))
	if p.left() {
		hi = p.leftAt.Add(-days(3))
	}
	if hi.Sub(lo) < days(30) {
		p.history = p.history[len(p.history)-1:]
		p.history[0].at, p.history[0].note = p.createdAt, "Initial assessment."
		return
	}
	times := make([]time.Time, len(p.history)-1)
	for i := range times {
		times[i] = r.timeBetween(lo, hi).Truncate(time.Hour)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	for i, t := range times {
		p.history[i+1].at = t
		p.history[i+1].note = pick(r, assessmentNotes)
	}
}

// perturb returns a plausible earlier state: the attitude one step away,
// influence and interest possibly one off.
func (w *world) perturb(a assessPoint) assessPoint {
	scale := []domain.Attitude{domain.AttitudeChampion, domain.AttitudeSupporter, domain.AttitudeNeutral, domain.AttitudeSkeptic, domain.AttitudeOpponent}
	i := slices.Index(scale, a.attitude)
	switch {
	case i == 0:
		i = 1
	case i == len(scale)-1:
		i--
	case w.r.chance(0.5):
		i--
	default:
		i++
	}
	out := assessPoint{attitude: scale[i], influence: a.influence, interest: a.interest}
	if w.r.chance(0.4) {
		out.influence = clampInt(out.influence+pick(w.r, []int{-1, 1}), 1, 5)
	}
	if w.r.chance(0.5) {
		out.interest = clampInt(out.interest+pick(w.r, []int{-1, 1}), 1, 5)
	}
	return out
}

// writeContacts creates contacts in batches that share a creation date, each
// under a clock set to that date, so a store hook stamps the first
// assessment when the person entered the CRM.
func (w *world) writeContacts(ctx context.Context, c *ent.Client) error {
	order := slices.Clone(w.people)
	slices.SortStableFunc(order, func(a, b *person) int { return a.createdAt.Compare(b.createdAt) })
	for batch := range chunkBy(order, func(p *person) int64 { return p.createdAt.UnixNano() }) {
		at := batch[0].createdAt
		builders := make([]*ent.ContactCreate, len(batch))
		for i, p := range batch {
			h := p.history[0]
			b := c.Contact.Create().
				SetAccountID(p.acct.id).
				SetName(p.name).
				SetTitle(p.title).
				SetDepartment(p.dept).
				SetSeniority(p.seniority).
				SetDecisionRole(p.role).
				SetAttitude(h.attitude).
				SetInfluence(h.influence).
				SetInterest(h.interest).
				SetExternalID(fmt.Sprintf("CON-%05d", p.idx+1)).
				SetCreatedAt(at).
				SetUpdatedAt(at)
			if p.email != "" {
				b.SetEmail(p.email)
			}
			if p.phone != "" {
				b.SetPhone(p.phone)
			}
			if p.notes != "" {
				b.SetNotes(p.notes)
			}
			builders[i] = b
		}
		saved, err := saveBulk(clock.At(ctx, at), builders, func(ctx context.Context, b ...*ent.ContactCreate) ([]*ent.Contact, error) {
			return c.Contact.CreateBulk(b...).Save(ctx)
		})
		if err != nil {
			return err
		}
		for i, s := range saved {
			batch[i].id = s.ID
		}
	}
	return nil
}

// writeReportingLines sets reports-to after all contacts exist, one UPDATE
// per manager.
func (w *world) writeReportingLines(ctx context.Context, c *ent.Client) error {
	var bosses []*person
	reports := map[*person][]int{}
	for _, p := range w.people {
		if p.manager == nil {
			continue
		}
		if _, ok := reports[p.manager]; !ok {
			bosses = append(bosses, p.manager)
		}
		reports[p.manager] = append(reports[p.manager], p.id)
	}
	for _, b := range bosses {
		if err := c.Contact.Update().Where(contact.IDIn(reports[b]...)).SetReportsToID(b.id).Exec(ctx); err != nil {
			return fmt.Errorf("reporting line to %s: %w", b.name, err)
		}
	}
	return nil
}

// replayAssessments applies each later assessment as an update at the date
// it happened, then records departures, so that history hooks see the same
// sequence a live system would have.
func (w *world) replayAssessments(ctx context.Context, c *ent.Client) error {
	for _, p := range w.people {
		for _, h := range p.history[1:] {
			err := c.Contact.UpdateOneID(p.id).
				SetAttitude(h.attitude).
				SetInfluence(h.influence).
				SetInterest(h.interest).
				SetUpdatedAt(h.at).
				Exec(clock.At(ctx, h.at))
			if err != nil {
				return fmt.Errorf("re-assess %s: %w", p.name, err)
			}
		}
		if p.left() {
			err := c.Contact.UpdateOneID(p.id).
				SetStatus(contact.StatusLEFT).
				SetLeftAt(p.leftAt).
				SetUpdatedAt(p.leftAt).
				Exec(clock.At(ctx, p.leftAt))
			if err != nil {
				return fmt.Errorf("record departure of %s: %w", p.name, err)
			}
		}
	}
	return nil
}

// chunkBy yields runs of consecutive elements with the same key.
func chunkBy[T any, K comparable](xs []T, key func(T) K) func(yield func([]T) bool) {
	return func(yield func([]T) bool) {
		for i := 0; i < len(xs); {
			j := i + 1
			for j < len(xs) && key(xs[j]) == key(xs[i]) {
				j++
			}
			if !yield(xs[i:j]) {
				return
			}
			i = j
		}
	}
}
