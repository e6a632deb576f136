package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/interaction"
	"rapport/internal/domain"
)

// activity is one planned interaction.
type activity struct {
	acct             *acct
	kind             interaction.Kind
	at               time.Time
	subject, outcome string
	cost             float64
	contacts         []*person
	members          []*member
}

// routineKinds are the interactions logged in the normal course of an
// account; complaints are added with the complaints themselves.
var routineKinds = []interaction.Kind{
	interaction.KindCOMPANY_VISIT, interaction.KindSHOWCASE_VISIT, interaction.KindONSITE_MEETING, interaction.KindTECH_EXCHANGE,
	interaction.KindMANAGEMENT_RESEARCH, interaction.KindSUMMIT, interaction.KindDINNER_EVENT, interaction.KindTRAINING,
	interaction.KindCALL, interaction.KindEMAIL, interaction.KindHOTLINE,
}

var routineWeights = []float64{3, 3, 14, 10, 3, 2, 6, 4, 22, 20, 8}

// monthlyRate is how many interactions an account of a tier gets a month.
var monthlyRate = map[domain.Tier]float64{
	domain.TierStrategic: 5, domain.TierPartner: 3, domain.TierCommercial: 1.6, domain.TierGeneral: 0.8,
}

// costRange is the spend per interaction in CNY: hosting a delegation at our
// headquarters costs far more than an on-site meeting; calls cost nothing.
var costRange = map[interaction.Kind][2]float64{
	interaction.KindCOMPANY_VISIT: {30000, 120000}, interaction.KindSHOWCASE_VISIT: {15000, 60000},
	interaction.KindONSITE_MEETING: {800, 5000}, interaction.KindTECH_EXCHANGE: {3000, 15000},
	interaction.KindMANAGEMENT_RESEARCH: {5000, 20000}, interaction.KindSUMMIT: {20000, 80000},
	interaction.KindDINNER_EVENT: {2000, 10000}, interaction.KindTRAINING: {5000, 25000},
}

// participants is the [min, max] of customer and of our people per kind.
var participants = map[interaction.Kind][4]int{
	interaction.KindCOMPANY_VISIT: {1, 3, 1, 3}, interaction.KindSHOWCASE_VISIT: {1, 3, 1, 2},
	interaction.KindONSITE_MEETING: {1, 3, 1, 3}, interaction.KindTECH_EXCHANGE: {2, 4, 1, 2},
	interaction.KindMANAGEMENT_RESEARCH: {1, 3, 1, 2}, interaction.KindSUMMIT: {1, 3, 1, 3},
	interaction.KindDINNER_EVENT: {1, 3, 1, 2}, interaction.KindTRAINING: {3, 6, 1, 2},
	interaction.KindCALL: {1, 1, 1, 1}, interaction.KindEMAIL: {1, 2, 1, 1},
	interaction.KindHOTLINE: {1, 1, 1, 1}, interaction.KindCOMPLAINT: {1, 1, 1, 1},
}

var subjects = map[interaction.Kind]string{
	interaction.KindCOMPANY_VISIT:       "Headquarters visit: %s roadmap",
	interaction.KindSHOWCASE_VISIT:      "Showcase visit: %s reference site",
	interaction.KindONSITE_MEETING:      "On-site meeting: %s status review",
	interaction.KindTECH_EXCHANGE:       "Technical exchange: %s architecture",
	interaction.KindMANAGEMENT_RESEARCH: "Management research: %s operating model",
	interaction.KindSUMMIT:              "Industry digital summit: %s track",
	interaction.KindDINNER_EVENT:        "Dinner with the %s stakeholders",
	interaction.KindTRAINING:            "Training: %s operations and maintenance",
	interaction.KindCALL:                "Call: follow-up on %s",
	interaction.KindEMAIL:               "Email: %s proposal clarifications",
	interaction.KindHOTLINE:             "Hotline ticket: %s incident",
	interaction.KindCOMPLAINT:           "Complaint: %s",
}

type fit map[string]float64

// memberFit says who on our side leads which kind of interaction (default 1).
var memberFit = map[interaction.Kind]fit{
	interaction.KindCOMPANY_VISIT:       {"EXECUTIVE_SPONSOR": 4, "SALES_LEADER": 3, "ACCOUNT_MANAGER": 3, "DELIVERY_LEAD": 0.2, "SERVICE_MANAGER": 0.1},
	interaction.KindSUMMIT:              {"EXECUTIVE_SPONSOR": 4, "SALES_LEADER": 4, "ACCOUNT_MANAGER": 2, "SERVICE_MANAGER": 0.1},
	interaction.KindSHOWCASE_VISIT:      {"ACCOUNT_MANAGER": 3, "SOLUTION_LEAD": 3, "SERVICE_MANAGER": 0.2},
	interaction.KindTECH_EXCHANGE:       {"SOLUTION_LEAD": 5, "DELIVERY_LEAD": 2, "EXECUTIVE_SPONSOR": 0.1, "SALES_LEADER": 0.2},
	interaction.KindMANAGEMENT_RESEARCH: {"ACCOUNT_MANAGER": 3, "SALES_LEADER": 2, "SOLUTION_LEAD": 2, "SERVICE_MANAGER": 0.2},
	interaction.KindDINNER_EVENT:        {"ACCOUNT_MANAGER": 4, "EXECUTIVE_SPONSOR": 3, "SALES_LEADER": 2},
	interaction.KindTRAINING:            {"DELIVERY_LEAD": 4, "SOLUTION_LEAD": 3, "EXECUTIVE_SPONSOR": 0, "SALES_LEADER": 0},
	interaction.KindHOTLINE:             {"SERVICE_MANAGER": 5, "DELIVERY_LEAD": 2, "EXECUTIVE_SPONSOR": 0, "SALES_LEADER": 0, "ACCOUNT_MANAGER": 0.2},
	interaction.KindCOMPLAINT:           {"SERVICE_MANAGER": 5, "ACCOUNT_MANAGER": 1, "DELIVERY_LEAD": 1, "EXECUTIVE_SPONSOR": 0, "SALES_LEADER": 0},
}

// seniorityFit says whom on the customer side an interaction kind reaches (default 1).
var seniorityFit = map[interaction.Kind]fit{
	interaction.KindCOMPANY_VISIT:       {"EXECUTIVE": 4, "SENIOR_MANAGER": 3, "MANAGER": 1, "STAFF": 0.2},
	interaction.KindSUMMIT:              {"EXECUTIVE": 4, "SENIOR_MANAGER": 3, "MANAGER": 1, "STAFF": 0.2},
	interaction.KindDINNER_EVENT:        {"EXECUTIVE": 4, "SENIOR_MANAGER": 3, "MANAGER": 1, "STAFF": 0.2},
	interaction.KindMANAGEMENT_RESEARCH: {"EXECUTIVE": 3, "SENIOR_MANAGER": 3, "MANAGER": 1, "STAFF": 0.3},
	interaction.KindTECH_EXCHANGE:       {"EXECUTIVE": 0.5, "SENIOR_MANAGER": 3, "MANAGER": 3, "STAFF": 2},
	interaction.KindTRAINING:            {"EXECUTIVE": 0, "SENIOR_MANAGER": 0.3, "MANAGER": 2, "STAFF": 4},
	interaction.KindHOTLINE:             {"EXECUTIVE": 0, "SENIOR_MANAGER": 0.3, "MANAGER": 2, "STAFF": 4},
	interaction.KindCOMPLAINT:           {"EXECUTIVE": 0.2, "SENIOR_MANAGER": 1, "MANAGER": 2, "STAFF": 3},
}

func (f fit) of(key string) float64 {
	if v, ok := f[key]; ok {
		return v
	}
	return 1
}

// createInteractions plans two years of interactions at a
// rate that follows each account's tier at the time, keeps key people warm,
// adds the complaints' interactions, and writes them in time order.
func (w *world) createInteractions(ctx context.Context, c *ent.Client) error {
	r := w.r
	for _, a := range w.accounts {
		from := a.onboard.Add(days(7))
		if w.start.After(from) {
			from = w.start
		}
		for ms := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); ms.Before(w.now); ms = ms.AddDate(0, 1, 0) {
			lo, hi := ms, minTime(ms.AddDate(0, 1, 0), w.now)
			if from.After(lo) {
				lo = from
			}
			if !hi.After(lo) {
				continue
			}
			n := int(monthlyRate[a.tierAt(lo)]*r.uniform(0.5, 1.5) + r.Float64())
			for range n {
				t := r.workTime(r.timeBetween(lo, hi), w.now)
				w.addActivity(a, routineKinds[r.weighted(routineWeights)], t, nil, nil)
			}
		}
	}
	w.keepKeyPeopleWarm()
	w.planComplaints()
	w.ensureEveryKind()

	slices.SortStableFunc(w.acts, func(x, y *activity) int {
		if d := x.at.Compare(y.at); d != 0 {
			return d
		}
		return x.acct.idx - y.acct.idx
	})
	builders := make([]*ent.InteractionCreate, len(w.acts))
	for i, act := range w.acts {
		var cids, mids []int
		for _, p := range act.contacts {
			cids = append(cids, p.id)
		}
		for _, mb := range act.members {
			mids = append(mids, mb.id)
		}
		builders[i] = c.Interaction.Create().
			SetAccountID(act.acct.id).
			SetKind(act.kind).
			SetOccurredAt(act.at).
			SetSubject(act.subject).
			SetOutcome(act.outcome).
			SetCost(act.cost).
			SetExternalID(fmt.Sprintf("INT-%06d", i+1)).
			SetCreatedAt(act.at).
			SetUpdatedAt(act.at).
			AddContactIDs(cids...).
			AddTeamMemberIDs(mids...)
	}
	_, err := saveBulk(ctx, builders, func(ctx context.Context, b ...*ent.InteractionCreate) ([]*ent.Interaction, error) {
		return c.Interaction.CreateBulk(b...).Save(ctx)
	})
	return err
}

// tierAt returns the tier the account had at t.
func (a *acct) tierAt(t time.Time) domain.Tier {
	tier := a.tiers[0].tier
	for _, tp := range a.tiers {
		if !tp.at.After(t) {
			tier = tp.tier
		}
	}
	return tier
}

// eligible lists the coverage of mb at account a whose stakeholder could
// take part in an interaction at t.
func (a *acct) eligible(mb *member, t time.Time) []*cover {
	var out []*cover
	for _, p := range a.people {
		for _, cv := range p.covers {
			if cv.m == mb && p.availableAt(t) {
				out = append(out, cv)
			}
		}
	}
	return out
}

// addActivity plans one interaction of kind at t. Our participants are on the
// account team at t; the customer's are people they cover, so an interaction
// only ever refreshes relationships that exist. lead and focus, when given,
// are forced in. It returns nil when nobody suitable is available.
func (w *world) addActivity(a *acct, kind interaction.Kind, t time.Time, lead *member, focus *person) *activity {
	r := w.r
	var avail []*member
	var weights []float64
	for _, mb := range a.members {
		if mb.activeAt(t) && mb != lead {
			avail = append(avail, mb)
			weights = append(weights, memberFit[kind].of(string(mb.spec.role)))
		}
	}
	if lead == nil {
		leadWeights := slices.Clone(weights)
		for i, mb := range avail {
			if len(a.eligible(mb, t)) == 0 {
				leadWeights[i] = 0
			}
		}
		i := r.weighted(leadWeights)
		if i < 0 {
			return nil
		}
		lead = avail[i]
		avail = slices.Delete(avail, i, i+1)
		weights = slices.Delete(weights, i, i+1)
	}
	pc := participants[kind]
	act := &activity{acct: a, kind: kind, at: t, members: []*member{lead}}
	for n := r.between(pc[2], pc[3]) - 1; n > 0; n-- {
		i := r.weighted(weights)
		if i < 0 {
			break
		}
		act.members = append(act.members, avail[i])
		avail = slices.Delete(avail, i, i+1)
		weights = slices.Delete(weights, i, i+1)
	}
	if focus != nil {
		act.contacts = append(act.contacts, focus)
	}
	var pool []*cover
	for _, mb := range act.members {
		pool = append(pool, a.eligible(mb, t)...)
	}
	for n := r.between(pc[0], pc[1]) - len(act.contacts); n > 0; n-- {
		cw := make([]float64, len(pool))
		for i, cv := range pool {
			if !slices.Contains(act.contacts, cv.p) {
				cw[i] = seniorityFit[kind].of(string(cv.p.seniority)) * float64(cv.strength+1)
			}
		}
		i := r.weighted(cw)
		if i < 0 {
			break
		}
		act.contacts = append(act.contacts, pool[i].p)
	}
	if len(act.contacts) == 0 {
		return nil
	}
	topic := pick(r, topics[a.spec.kind])
	if len(a.deals) > 0 && r.chance(0.7) {
		topic = pick(r, a.deals).name
	}
	act.subject = fmt.Sprintf(subjects[kind], topic)
	act.outcome = pick(r, outcomes)
	if cr, ok := costRange[kind]; ok {
		scale := 1 + 0.1*float64(len(act.contacts)+len(act.members)-2)
		act.cost = roundTo(r.uniform(cr[0], cr[1])*scale, 100)
	}
	w.acts = append(w.acts, act)
	return act
}

// keepKeyPeopleWarm makes sure that the executives and senior managers we
// have not deliberately let slip were seen in the last two months by their
// primary owner (and executives by everyone who knows them well): account
// teams do keep up with the people who decide, and a demo full of accidental
// stale gaps would hide the intended ones.
func (w *world) keepKeyPeopleWarm() {
	r := w.r
	last := map[coverKey]time.Time{}
	for _, act := range w.acts {
		for _, mb := range act.members {
			for _, p := range act.contacts {
				if k := (coverKey{mb, p}); act.at.After(last[k]) {
					last[k] = act.at
				}
			}
		}
	}
	warm := []interaction.Kind{interaction.KindONSITE_MEETING, interaction.KindCALL, interaction.KindDINNER_EVENT, interaction.KindTECH_EXCHANGE}
	for _, p := range w.people {
		exec := p.seniority == contact.SeniorityEXECUTIVE
		if !(exec || p.seniority == contact.SenioritySENIOR_MANAGER) || p.special || p.left() || !p.staleAfter.IsZero() {
			continue
		}
		for _, cv := range p.covers {
			if !cv.m.active() || !(cv.primary || (exec && cv.strength >= 2)) || last[coverKey{cv.m, p}].After(w.now.Add(-days(75))) {
				continue
			}
			t := r.workTime(r.timeBetween(w.now.Add(-days(60)), w.now.Add(-days(1))), w.now)
			if act := w.addActivity(p.acct, pick(r, warm), t, cv.m, p); act != nil {
				for _, mb := range act.members {
					for _, q := range act.contacts {
						last[coverKey{mb, q}] = maxTime(last[coverKey{mb, q}], act.at)
					}
				}
			}
		}
	}
}

// ensureEveryKind adds one interaction of any kind the random draw missed,
// so that every kind shows up in the demo whatever the seed.
func (w *world) ensureEveryKind() {
	r := w.r
	seen := map[interaction.Kind]bool{}
	for _, act := range w.acts {
		seen[act.kind] = true
	}
	for _, k := range append(slices.Clone(routineKinds), interaction.KindCOMPLAINT) {
		for try := 0; !seen[k] && try < 200; try++ {
			a := w.accounts[r.IntN(len(w.accounts))]
			t := r.workTime(r.timeBetween(w.now.AddDate(-1, 0, 0), w.now), w.now)
			seen[k] = w.addActivity(a, k, t, nil, nil) != nil
		}
	}
}
