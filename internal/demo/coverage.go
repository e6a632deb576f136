package demo

import (
	"context"
	"math"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/teammember"
	"rapport/internal/domain"
)

// cover is one team member's relationship with one stakeholder.
type cover struct {
	m          *member
	p          *person
	strength   int
	primary    bool
	last       time.Time // latest interaction both took part in
	source     domain.Source
	confidence float64
}

type coverKey struct {
	m *member
	p *person
}

// coverFit says which of our roles usually knows people of a seniority:
// sponsors and account managers know executives, service managers know staff.
var coverFit = map[contact.Seniority]map[teammember.TeamRole]float64{
	contact.SeniorityEXECUTIVE: {teammember.TeamRoleEXECUTIVE_SPONSOR: 5, teammember.TeamRoleSALES_LEADER: 3, teammember.TeamRoleACCOUNT_MANAGER: 5,
		teammember.TeamRoleSOLUTION_LEAD: 1, teammember.TeamRoleDELIVERY_LEAD: 0.5, teammember.TeamRoleSERVICE_MANAGER: 0.3},
	contact.SenioritySENIOR_MANAGER: {teammember.TeamRoleEXECUTIVE_SPONSOR: 0.3, teammember.TeamRoleSALES_LEADER: 1, teammember.TeamRoleACCOUNT_MANAGER: 4,
		teammember.TeamRoleSOLUTION_LEAD: 3, teammember.TeamRoleDELIVERY_LEAD: 2, teammember.TeamRoleSERVICE_MANAGER: 1},
	contact.SeniorityMANAGER: {teammember.TeamRoleEXECUTIVE_SPONSOR: 0.1, teammember.TeamRoleSALES_LEADER: 0.2, teammember.TeamRoleACCOUNT_MANAGER: 2,
		teammember.TeamRoleSOLUTION_LEAD: 3, teammember.TeamRoleDELIVERY_LEAD: 3, teammember.TeamRoleSERVICE_MANAGER: 2},
	contact.SenioritySTAFF: {teammember.TeamRoleACCOUNT_MANAGER: 0.5,
		teammember.TeamRoleSOLUTION_LEAD: 2, teammember.TeamRoleDELIVERY_LEAD: 3, teammember.TeamRoleSERVICE_MANAGER: 4},
}

// threads is the distribution of how many of us know a person, by seniority.
var threads = map[contact.Seniority][]float64{
	contact.SeniorityEXECUTIVE:      {0, 15, 50, 35},
	contact.SenioritySENIOR_MANAGER: {5, 45, 40, 10},
	contact.SeniorityMANAGER:        {35, 45, 20},
	contact.SenioritySTAFF:          {60, 35, 5},
}

// planCoverage decides who on our side knows whom, and how well. The story's
// gap people get exactly the coverage their plot point needs; everyone else
// is covered by the account team in proportion to seniority and attitude.
// Rows are written later, once interactions say when each pair last met.
func (w *world) planCoverage(context.Context, *ent.Client) error {
	r := w.r
	w.coverIndex = map[coverKey]*cover{}
	for _, p := range w.people {
		a := p.acct
		switch p.gap {
		case gapUncovered:
		case gapWeak:
			for _, role := range p.weakRoles {
				if mb := a.member(role, true); mb != nil {
					w.addCover(mb, p, 1)
				}
			}
		case gapFormerOnly:
			w.addCover(a.member("", false), p, 2)
		case gapFormerOwner:
			w.addCover(a.member("", false), p, 4)
			w.addCover(a.member(string(teammember.TeamRoleACCOUNT_MANAGER), true), p, 2)
		default:
			var cands []*member
			var weights []float64
			for _, mb := range a.members {
				knew := mb.active() || p.createdAt.Before(mb.until.Add(-days(30)))
				overlap := mb.since.IsZero() || !p.left() || p.leftAt.After(mb.since.Add(days(30)))
				if knew && overlap && coverFit[p.seniority][mb.spec.role] > 0 {
					cands = append(cands, mb)
					weights = append(weights, coverFit[p.seniority][mb.spec.role])
				}
			}
			base := map[contact.Seniority]int{contact.SenioritySTAFF: 1}[p.seniority]
			if base == 0 {
				base = 2
			}
			switch att := p.current().attitude; {
			case att == domain.AttitudeChampion:
				base++
			case att == domain.AttitudeSupporter && r.chance(0.5):
				base++
			case att == domain.AttitudeOpponent, att == domain.AttitudeSkeptic && r.chance(0.5):
				base--
			}
			for k := r.weighted(threads[p.seniority]); k > 0 && len(cands) > 0; k-- {
				i := r.weighted(weights)
				// Strength 0 ("we know of each other") is kept for opponents.
				floor := 1
				if p.current().attitude == domain.AttitudeOpponent {
					floor = 0
				}
				w.addCover(cands[i], p, clampInt(base+r.between(-1, 1), floor, 4))
				cands = append(cands[:i], cands[i+1:]...)
				weights = append(weights[:i], weights[i+1:]...)
			}
		}
		// One primary owner per covered person: the strongest relationship,
		// preferring someone still on the team.
		var best *cover
		for _, cv := range p.covers {
			if best == nil || cv.strength > best.strength || (cv.strength == best.strength && cv.m.active() && !best.m.active()) {
				best = cv
			}
		}
		if best != nil {
			best.primary = true
		}
	}
	return nil
}

// member returns the first of the account's people with the role ("" for
// any) who is active (or, with active false, who has left).
func (a *acct) member(role string, active bool) *member {
	for _, mb := range a.members {
		if mb.active() == active && (role == "" || string(mb.spec.role) == role) {
			return mb
		}
	}
	return nil
}

func (w *world) addCover(mb *member, p *person, strength int) {
	if mb == nil || w.coverIndex[coverKey{mb, p}] != nil {
		return
	}
	cv := &cover{m: mb, p: p, strength: strength}
	cv.source = []domain.Source{domain.SourceManual, domain.SourceInteraction, domain.SourceImport}[w.r.weighted([]float64{60, 30, 10})]
	cv.confidence = math.Round(w.r.uniform(0.6, 1)*100) / 100
	p.covers = append(p.covers, cv)
	w.coverIndex[coverKey{mb, p}] = cv
}

// primaryOwner returns the person's primary owner, or nil when uncovered.
func (p *person) primaryOwner() *member {
	for _, cv := range p.covers {
		if cv.primary {
			return cv.m
		}
	}
	return nil
}

// createCoverages writes the coverage rows, with the last interaction taken
// from the interactions generated, so recency on a coverage row always
// agrees with the interaction log.
func (w *world) createCoverages(ctx context.Context, c *ent.Client) error {
	for _, act := range w.acts {
		for _, mb := range act.members {
			for _, p := range act.contacts {
				if cv := w.coverIndex[coverKey{mb, p}]; cv != nil && act.at.After(cv.last) {
					cv.last = act.at
				}
			}
		}
	}
	var builders []*ent.CoverageCreate
	for _, p := range w.people {
		for _, cv := range p.covers {
			recorded := p.createdAt
			if cv.m.since.After(recorded) {
				recorded = cv.m.since
			}
			recorded = minTime(recorded.Add(days(w.r.between(1, 30))), w.now)
			b := c.Coverage.Create().
				SetTeamMemberID(cv.m.id).
				SetContactID(p.id).
				SetStrength(cv.strength).
				SetPrimaryOwner(cv.primary).
				SetSource(cv.source).
				SetConfidence(cv.confidence).
				SetCreatedAt(recorded).
				SetUpdatedAt(recorded)
			if !cv.last.IsZero() {
				b.SetLastInteractionAt(cv.last)
				if cv.last.After(recorded) {
					b.SetUpdatedAt(cv.last)
				}
			}
			builders = append(builders, b)
		}
	}
	_, err := saveBulk(ctx, builders, func(ctx context.Context, b ...*ent.CoverageCreate) ([]*ent.Coverage, error) {
		return c.Coverage.CreateBulk(b...).Save(ctx)
	})
	return err
}
