package demo

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/decisionchainlink"
	"rapport/ent/opportunity"
	"rapport/internal/domain"
)

// deal is one planned opportunity with its decision chain.
type deal struct {
	acct            *acct
	name            string
	stage           opportunity.Stage
	amount          float64
	created, closes time.Time
	competitors     []string
	links           []chainLink
}

type chainLink struct {
	p      *person
	role   decisionchainlink.Role
	stance domain.Attitude
	weight float64
}

// chainOrder is the order a decision travels: someone raises the need,
// it is evaluated and used, influenced and gatekept, then approved and decided.
var chainOrder = []decisionchainlink.Role{
	decisionchainlink.RoleINITIATOR, decisionchainlink.RoleTECHNICAL_EVALUATOR, decisionchainlink.RoleUSER,
	decisionchainlink.RoleINFLUENCER, decisionchainlink.RoleGATEKEEPER, decisionchainlink.RoleAPPROVER,
	decisionchainlink.RoleDECISION_MAKER,
}

// roleWeight is each link's share of the decision.
var roleWeight = map[decisionchainlink.Role]float64{
	decisionchainlink.RoleINITIATOR: 0.05, decisionchainlink.RoleTECHNICAL_EVALUATOR: 0.15, decisionchainlink.RoleUSER: 0.05,
	decisionchainlink.RoleINFLUENCER: 0.1, decisionchainlink.RoleGATEKEEPER: 0.1, decisionchainlink.RoleAPPROVER: 0.2,
	decisionchainlink.RoleDECISION_MAKER: 0.35,
}

// firstStage pins the stage of an account's first deal where the story needs
// an open deal (a chain with an uncovered link) or a lost one.
var firstStage = map[string]opportunity.Stage{
	"huaxin-hn": opportunity.StageNEGOTIATION,
	"xibei":     opportunity.StagePROPOSAL,
	"qianjiang": opportunity.StageQUALIFIED,
	"lianyun":   opportunity.StageLOST,
}

var stages = []opportunity.Stage{opportunity.StageLEAD, opportunity.StageQUALIFIED, opportunity.StagePROPOSAL,
	opportunity.StageNEGOTIATION, opportunity.StageWON, opportunity.StageLOST}

func closed(s opportunity.Stage) bool { return s == opportunity.StageWON || s == opportunity.StageLOST }

// createOpportunities gives each account deals in proportion to its tier,
// each with a decision chain drawn from its org chart.
func (w *world) createOpportunities(ctx context.Context, c *ent.Client) error {
	r := w.r
	count := map[domain.Tier][2]int{domain.TierStrategic: {3, 4}, domain.TierPartner: {2, 3}, domain.TierCommercial: {2, 2}, domain.TierGeneral: {1, 2}}
	var all []*deal
	for _, a := range w.accounts {
		names := slices.Clone(topics[a.spec.kind])
		r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
		n := count[a.tier()]
		for i := range r.between(n[0], n[1]) {
			d := &deal{acct: a, name: names[i%len(names)], stage: stages[r.weighted([]float64{15, 20, 20, 15, 20, 10})]}
			if s, ok := firstStage[a.spec.key]; ok && i == 0 {
				d.stage = s
			}
			d.amount = math.Max(300_000, roundTo(a.spec.revenue*r.uniform(0.04, 0.35), 10_000))
			earliest := a.onboard.Add(days(14))
			if closed(d.stage) {
				span := min(600, int(w.now.Sub(earliest).Hours()/24)-60)
				d.closes = w.now.Add(-days(r.between(20, max(20, span)))).Truncate(24 * time.Hour)
			} else {
				d.closes = w.now.Add(days(r.between(20, 270))).Truncate(24 * time.Hour)
			}
			d.created = d.closes.Add(-days(r.between(120, 400)))
			if d.created.Before(earliest) {
				d.created = earliest
			}
			if d.created.After(w.now.Add(-days(7))) {
				d.created = w.now.Add(-days(7))
			}
			for _, k := range r.Perm(len(competitors))[:r.between(0, 3)] {
				d.competitors = append(d.competitors, competitors[k])
			}
			if a.spec.key == "huaxin-hn" && i == 0 && !slices.Contains(d.competitors, "Zhonghang Networks") {
				d.competitors = append(d.competitors, "Zhonghang Networks")
			}
			w.buildChain(d)
			a.deals = append(a.deals, d)
			all = append(all, d)
		}
	}
	builders := make([]*ent.OpportunityCreate, len(all))
	for i, d := range all {
		builders[i] = c.Opportunity.Create().
			SetAccountID(d.acct.id).
			SetName(d.name).
			SetStage(d.stage).
			SetAmount(d.amount).
			SetExpectedCloseDate(d.closes).
			SetCompetitors(d.competitors).
			SetExternalID(fmt.Sprintf("OPP-%04d", i+1)).
			SetCreatedAt(d.created).
			SetUpdatedAt(d.created)
	}
	saved, err := saveBulk(ctx, builders, func(ctx context.Context, b ...*ent.OpportunityCreate) ([]*ent.Opportunity, error) {
		return c.Opportunity.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return err
	}
	var links []*ent.DecisionChainLinkCreate
	for i, d := range all {
		for pos, l := range d.links {
			links = append(links, c.DecisionChainLink.Create().
				SetOpportunityID(saved[i].ID).
				SetContactID(l.p.id).
				SetRole(l.role).
				SetPosition(pos+1).
				SetStance(l.stance).
				SetWeight(l.weight).
				SetCreatedAt(d.created).
				SetUpdatedAt(d.created))
		}
	}
	_, err = saveBulk(ctx, links, func(ctx context.Context, b ...*ent.DecisionChainLinkCreate) ([]*ent.DecisionChainLink, error) {
		return c.DecisionChainLink.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("create decision chain links: %w", err)
	}
	return nil
}

// pickCovered picks one of ps, three times as likely someone we know: the
// team maps a decision chain mostly through people it already talks to.
func (w *world) pickCovered(ps []*person) *person {
	weights := make([]float64, len(ps))
	for i, p := range ps {
		weights[i] = 1
		if len(p.covers) > 0 {
			weights[i] = 4
		}
	}
	return ps[w.r.weighted(weights)]
}

// buildChain fills a deal's decision chain. Early deals know only who raised
// the need, who evaluates and who decides; later ones the whole chain. The
// account's top executive decides all its deals, so one person sits in many
// chains; at a small firm the president also approves the money, holding
// two roles in one deal.
func (w *world) buildChain(d *deal) {
	r := w.r
	a := d.acct
	roles := chainOrder
	switch d.stage {
	case opportunity.StageLEAD:
		roles = []decisionchainlink.Role{decisionchainlink.RoleINITIATOR, decisionchainlink.RoleTECHNICAL_EVALUATOR, decisionchainlink.RoleDECISION_MAKER}
	case opportunity.StageQUALIFIED:
		roles = []decisionchainlink.Role{decisionchainlink.RoleINITIATOR, decisionchainlink.RoleTECHNICAL_EVALUATOR,
			decisionchainlink.RoleINFLUENCER, decisionchainlink.RoleAPPROVER, decisionchainlink.RoleDECISION_MAKER}
	}
	var used []*person
	available := func(match func(*person) bool) []*person {
		var out []*person
		for _, p := range a.people {
			if !p.left() && !slices.Contains(used, p) && match(p) {
				out = append(out, p)
			}
		}
		return out
	}
	hasRole := func(roles ...domain.DecisionRole) func(*person) bool {
		return func(p *person) bool { return slices.Contains(roles, p.role) }
	}
	for _, role := range roles {
		var p *person
		switch role {
		case decisionchainlink.RoleDECISION_MAKER:
			p = a.slots["root"]
		case decisionchainlink.RoleAPPROVER:
			if a.spec.ownerApproves {
				p = a.slots["root"]
			} else if c := available(hasRole(domain.RoleEconomicBuyer)); len(c) > 0 {
				p = c[0]
			}
		case decisionchainlink.RoleTECHNICAL_EVALUATOR:
			if cto := a.slots["cto"]; !slices.Contains(used, cto) && (a.spec.key == "huaxin-hn" || r.chance(0.4)) {
				p = cto
			} else if c := available(hasRole(domain.RoleTechnicalEvaluator)); len(c) > 0 {
				p = w.pickCovered(c)
			}
		case decisionchainlink.RoleINITIATOR:
			if c := available(func(p *person) bool {
				return p.deptKind == deptTech && (p.seniority == contact.SenioritySENIOR_MANAGER || p.seniority == contact.SeniorityMANAGER)
			}); len(c) > 0 {
				p = w.pickCovered(c)
			}
		case decisionchainlink.RoleINFLUENCER:
			if c := available(hasRole(domain.RoleInfluencer, domain.RoleCoach)); len(c) > 0 {
				p = w.pickCovered(c)
			}
		case decisionchainlink.RoleGATEKEEPER, decisionchainlink.RoleUSER:
			if r.chance(0.3) {
				continue
			}
			want := domain.RoleGatekeeper
			if role == decisionchainlink.RoleUSER {
				want = domain.RoleUser
			}
			if c := available(hasRole(want)); len(c) > 0 {
				p = w.pickCovered(c)
			}
		}
		if p == nil || p.left() {
			continue
		}
		used = append(used, p)
		stance := p.current().attitude
		if d.stage == opportunity.StageWON && stance.Score() < 0 && r.chance(0.5) {
			stance = domain.AttitudeNeutral
		}
		weight := math.Round(math.Max(0, math.Min(1, roleWeight[role]+r.uniform(-0.03, 0.03)))*100) / 100
		d.links = append(d.links, chainLink{p: p, role: role, stance: stance, weight: weight})
	}
}
