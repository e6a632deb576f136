package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/internal/domain"
)

// relPlan is one stakeholder-to-stakeholder tie.
type relPlan struct {
	from, to   *person
	kind       domain.RelationKind
	strength   int
	validFrom  time.Time
	validTo    time.Time // zero while the relation holds
	source     domain.Source
	confidence float64
	notes      string
}

type relKey struct {
	a, b int
	kind domain.RelationKind
}

// relGen accumulates relations without duplicates, self-loops or a pair that
// is both allied and rivals.
type relGen struct {
	w         *world
	rels      []*relPlan
	seen      map[relKey]bool
	allyRival map[[2]int]bool
}

// workplace relations exist because two people work together: they start
// when the later of the two joined and end when either leaves.
func workplace(k domain.RelationKind) bool {
	return k == domain.RelationInfluences || k == domain.RelationAlly || k == domain.RelationRival
}

var strengthRange = map[domain.RelationKind][2]int{
	domain.RelationInfluences: {2, 5}, domain.RelationAlly: {2, 5}, domain.RelationRival: {1, 4},
	domain.RelationFriend: {2, 5}, domain.RelationFamily: {4, 5}, domain.RelationFormerColleague: {1, 4},
}

// add plans a relation; it reports false when the pair cannot carry it.
func (g *relGen) add(from, to *person, kind domain.RelationKind, validFrom time.Time, notes string) bool {
	if from == to {
		return false
	}
	k := relKey{from.idx, to.idx, kind}
	pair := [2]int{min(from.idx, to.idx), max(from.idx, to.idx)}
	if kind != domain.RelationInfluences {
		k.a, k.b = pair[0], pair[1]
	}
	if g.seen[k] {
		return false
	}
	if (kind == domain.RelationAlly || kind == domain.RelationRival) && g.allyRival[pair] {
		return false
	}
	r, w := g.w.r, g.w
	rel := &relPlan{from: from, to: to, kind: kind, notes: notes}
	if validFrom.IsZero() {
		lo, hi := w.now.Add(-days(2500)), w.now.Add(-days(30))
		for _, p := range []*person{from, to} {
			if workplace(kind) && p.joined.After(lo) {
				lo = p.joined
			}
			if workplace(kind) && p.left() && p.leftAt.Add(-days(7)).Before(hi) {
				hi = p.leftAt.Add(-days(7))
			}
		}
		if !hi.After(lo) {
			return false
		}
		validFrom = r.timeBetween(lo, hi).Truncate(24 * time.Hour)
	}
	rel.validFrom = validFrom
	for _, p := range []*person{from, to} {
		if workplace(kind) && p.left() && (rel.validTo.IsZero() || p.leftAt.Before(rel.validTo)) {
			rel.validTo = p.leftAt
		}
	}
	if lo, hi := validFrom.Add(days(60)), w.now.Add(-days(7)); rel.validTo.IsZero() && hi.After(lo) && r.chance(0.08) {
		rel.validTo = r.timeBetween(lo, hi).Truncate(24 * time.Hour)
	}
	sr := strengthRange[kind]
	rel.strength = r.between(sr[0], sr[1])
	rel.source = []domain.Source{domain.SourceManual, domain.SourceImport, domain.SourceInteraction, domain.SourceInferred}[r.weighted([]float64{45, 20, 20, 15})]
	if kind == domain.RelationFamily {
		rel.source = domain.SourceManual
	}
	conf := map[domain.Source][2]float64{
		domain.SourceManual: {0.8, 1}, domain.SourceImport: {0.7, 0.95},
		domain.SourceInteraction: {0.5, 0.85}, domain.SourceInferred: {0.3, 0.7},
	}[rel.source]
	rel.confidence = math.Round(r.uniform(conf[0], conf[1])*100) / 100
	g.seen[k] = true
	if kind == domain.RelationAlly || kind == domain.RelationRival {
		g.allyRival[pair] = true
	}
	g.rels = append(g.rels, rel)
	return true
}

// createRelations weaves the stakeholder graph: ties from people who moved,
// influence up the reporting lines, former colleagues between group
// headquarters and its provinces, then random allies, friends, rivals and
// families until the graph is dense enough to explore.
func (w *world) createRelations(ctx context.Context, c *ent.Client) error {
	r := w.r
	g := &relGen{w: w, seen: map[relKey]bool{}, allyRival: map[[2]int]bool{}}
	for _, mv := range w.moves {
		var old []*person
		for _, q := range mv.from.people {
			if q.seniority != contact.SenioritySTAFF && q.createdAt.Before(mv.at) {
				old = append(old, q)
			}
		}
		r.Shuffle(len(old), func(i, j int) { old[i], old[j] = old[j], old[i] })
		want := r.between(4, 6)
		for _, q := range old {
			if want == 0 {
				break
			}
			if g.add(mv.p, q, domain.RelationFormerColleague, mv.at.Truncate(24*time.Hour),
				fmt.Sprintf("Worked together at %s until %s.", mv.from.spec.short, mv.at.Format("January 2006"))) {
				want--
			}
		}
	}
	for _, p := range w.people {
		if p.manager != nil && r.chance(0.45) {
			g.add(p, p.manager, domain.RelationInfluences, time.Time{}, "")
		}
		if p.role == domain.RoleCoach {
			var deciders []*person
			for _, q := range p.acct.people {
				if q.role == domain.RoleDecisionMaker || q.role == domain.RoleEconomicBuyer {
					deciders = append(deciders, q)
				}
			}
			if len(deciders) > 0 {
				g.add(p, pick(r, deciders), domain.RelationInfluences, time.Time{}, "Trusted adviser on vendor choices.")
			}
		}
	}
	for _, a := range w.accounts {
		if a.spec.parent == "" {
			continue
		}
		parent := w.byKey[a.spec.parent]
		for _, p := range a.people {
			if p.seniority != contact.SenioritySTAFF && r.chance(0.35) {
				q := pick(r, parent.people)
				g.add(p, q, domain.RelationFormerColleague, time.Time{}, fmt.Sprintf("Worked together at %s headquarters.", parent.spec.short))
			}
		}
	}
	target := max(1050, len(w.people)*34/10)
	for attempt := 0; len(g.rels) < target && attempt < 200_000; attempt++ {
		g.addRandom()
	}
	builders := make([]*ent.ContactRelationCreate, len(g.rels))
	for i, rel := range g.rels {
		recorded := rel.validFrom
		for _, p := range []*person{rel.from, rel.to} {
			if p.createdAt.After(recorded) {
				recorded = p.createdAt
			}
		}
		recorded = minTime(recorded.Add(days(r.between(0, 20))), w.now)
		b := c.ContactRelation.Create().
			SetFromID(rel.from.id).
			SetToID(rel.to.id).
			SetKind(rel.kind).
			SetStrength(rel.strength).
			SetValidFrom(rel.validFrom).
			SetSource(rel.source).
			SetConfidence(rel.confidence).
			SetCreatedAt(recorded).
			SetUpdatedAt(recorded)
		if !rel.validTo.IsZero() {
			b.SetValidTo(rel.validTo)
		}
		if rel.notes != "" {
			b.SetNotes(rel.notes)
		}
		builders[i] = b
	}
	_, err := saveBulk(ctx, builders, func(ctx context.Context, b ...*ent.ContactRelationCreate) ([]*ent.ContactRelation, error) {
		return c.ContactRelation.CreateBulk(b...).Save(ctx)
	})
	return err
}

// addRandom tries one random relation. Allies share a view of us, rivals
// are senior people who disagree, families and former colleagues span
// accounts.
func (g *relGen) addRandom() {
	w, r := g.w, g.w.r
	kinds := []domain.RelationKind{domain.RelationAlly, domain.RelationFriend, domain.RelationInfluences,
		domain.RelationRival, domain.RelationFamily, domain.RelationFormerColleague}
	kind := kinds[r.weighted([]float64{33, 28, 20, 8, 2, 9})]
	sameAccount := workplace(kind) || (kind == domain.RelationFriend && r.chance(0.8))
	var p, q *person
	if sameAccount {
		weights := make([]float64, len(w.accounts))
		for i, a := range w.accounts {
			weights[i] = float64(len(a.people))
		}
		a := w.accounts[r.weighted(weights)]
		p, q = pick(r, a.people), pick(r, a.people)
	} else {
		p, q = pick(r, w.people), pick(r, w.people)
		if p.acct == q.acct {
			return
		}
	}
	diff := p.current().attitude.Score() - q.current().attitude.Score()
	senior := func(x *person) bool { return x.seniority != contact.SenioritySTAFF }
	switch kind {
	case domain.RelationAlly:
		if diff < -1 || diff > 1 {
			return
		}
	case domain.RelationRival:
		if !senior(p) || !senior(q) || (diff > -2 && diff < 2 && !r.chance(0.25)) {
			return
		}
	case domain.RelationInfluences:
		if q.current().influence > p.current().influence {
			p, q = q, p
		}
	case domain.RelationFormerColleague:
		if !senior(p) || !senior(q) {
			return
		}
	}
	notes := ""
	if kind == domain.RelationFamily {
		notes = pick(r, []string{"Married.", "Siblings.", "In-laws.", "Cousins."})
	}
	g.add(p, q, kind, time.Time{}, notes)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
