package demo

import (
	"context"
	"fmt"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/engagement"
	"rapport/ent/executivepairing"
	"rapport/internal/clock"
)

// The organizational layer and the value history (issue 16): engagements
// between the companies and executive pairings on the strategic accounts,
// a value assessment for every account that agrees with the reason its
// tier was recorded for (with an earlier one where the tier changed), and
// loyalty and lifecycle stages that moved over time.

// stageStep is one point of an account's loyalty or lifecycle history;
// stagePlans[key][ladder][0] is the stage the account was created with.
type stageStep struct {
	daysAgo int
	stage   string
}

var stagePlans = map[string]map[string][]stageStep{
	"tongda-zj": {"loyalty": {{0, "FIRST_PURCHASE"}, {600, "REPEAT_PURCHASE"}}},
	"huaxin-js": {
		"loyalty":   {{0, "FIRST_PURCHASE"}, {610, "REPEAT_PURCHASE"}},
		"lifecycle": {{0, "RETAIN"}, {610, "CROSS_SELL"}},
	},
	"huaxin-hn": {
		"loyalty":   {{0, "REPEAT_PURCHASE"}, {120, "EXPECTANT"}},
		"lifecycle": {{0, "CROSS_SELL"}, {120, "RETAIN"}},
	},
	"donghai": {
		"loyalty":   {{0, "EXPECTANT"}, {1000, "FIRST_PURCHASE"}},
		"lifecycle": {{0, "ACQUIRE"}, {300, "CROSS_SELL"}},
	},
	"xibei": {"loyalty": {{0, "SUSPICIOUS"}, {480, "FIRST_PURCHASE"}}},
	"lianyun": {
		"loyalty":   {{0, "REPEAT_PURCHASE"}, {210, "EXPECTANT"}},
		"lifecycle": {{0, "RETAIN"}, {210, "LOST"}},
	},
}

// initialStages returns the loyalty and lifecycle stages an account is
// created with: the first of its plan, or its current ones.
func initialStages(s *accountSpec) (account.LoyaltyStage, account.LifecycleStage) {
	loyalty, lifecycle := s.loyalty, s.lifecycle
	if p := stagePlans[s.key]["loyalty"]; len(p) > 0 {
		loyalty = account.LoyaltyStage(p[0].stage)
	}
	if p := stagePlans[s.key]["lifecycle"]; len(p) > 0 {
		lifecycle = account.LifecycleStage(p[0].stage)
	}
	return loyalty, lifecycle
}

// replayStages moves the accounts through their planned stages at the
// dates they changed, so that the store's hook records the history.
func (w *world) replayStages(ctx context.Context, c *ent.Client) error {
	for _, a := range w.accounts {
		plan := stagePlans[a.spec.key]
		type step struct {
			at     time.Time
			ladder string
			stage  string
		}
		var steps []step
		for ladder, ps := range plan {
			for _, p := range ps[1:] {
				steps = append(steps, step{w.now.Add(-days(p.daysAgo)).Add(11 * time.Hour), ladder, p.stage})
			}
		}
		// in date order, loyalty before lifecycle on one day
		for i := 1; i < len(steps); i++ {
			for j := i; j > 0 && (steps[j].at.Before(steps[j-1].at) || steps[j].at.Equal(steps[j-1].at) && steps[j].ladder < steps[j-1].ladder); j-- {
				steps[j], steps[j-1] = steps[j-1], steps[j]
			}
		}
		for _, s := range steps {
			u := c.Account.UpdateOneID(a.id)
			if s.ladder == "loyalty" {
				u.SetLoyaltyStage(account.LoyaltyStage(s.stage))
			} else {
				u.SetLifecycleStage(account.LifecycleStage(s.stage))
			}
			if err := u.Exec(clock.At(ctx, s.at)); err != nil {
				return fmt.Errorf("account %s: %s stage %s: %w", a.spec.key, s.ladder, s.stage, err)
			}
		}
	}
	return nil
}

// valuePlan is one value assessment: scores 0..5 for revenue, margin,
// payment collection, reference value and product pull, management
// improvement, long-term payback, share of wallet, growth potential and
// loyalty, with the default weights (3 2 1 3 2 2 2 3 2 points a step).
type valuePlan struct {
	daysAgo int
	scores  [9]float64
	note    string
}

// valuePlans: the latest assessment of each account recommends the tier it
// has, for the reason recorded with that tier; earlier ones, where the
// tier changed, recommended the tier of their day.
var valuePlans = map[string][]valuePlan{
	// 15+8+4+15+8+8+8+15+10 = 91
	"tongda": {{60, [9]float64{5, 4, 4, 5, 4, 4, 4, 5, 5}, "Annual review: group framework agreement renewed; the reference customer for our operator cloud."}},
	// 15+6+3+12+6+8+8+12+8 = 78
	"tongda-gd": {{75, [9]float64{5, 3, 3, 4, 3, 4, 4, 4, 4}, "Largest provincial subsidiary; margins under pressure from the overspend."}},
	// 59 then 74
	"tongda-zj": {
		{500, [9]float64{2, 3, 4, 3, 3, 3, 2, 4, 3}, "First cloud project delivered; too early to call it a reference."},
		{425, [9]float64{2, 3, 4, 5, 4, 4, 2, 5, 4}, "Value evaluation: the provincial cloud is now our reference site; potential far above revenue."},
	},
	// 3+4+3+3+4+4+2+12+6 = 41
	"tongda-sc": {{150, [9]float64{1, 2, 3, 1, 2, 2, 1, 4, 3}, "Transactional buyer with an incumbent competitor; growth potential only."}},
	// 15+8+4+15+8+8+6+12+10 = 86
	"huaxin": {{90, [9]float64{5, 4, 4, 5, 4, 4, 3, 4, 5}, "Group framework agreement; long-standing advocate."}},
	// 61 then 77
	"huaxin-js": {
		{612, [9]float64{3, 3, 3, 3, 3, 3, 2, 4, 3}, "Won the IP backbone upgrade."},
		{195, [9]float64{4, 3, 4, 5, 3, 4, 3, 4, 4}, "Value evaluation: second-largest revenue in the group, 5G private network showcase."},
	},
	// 77 then 57
	"huaxin-hn": {
		{400, [9]float64{3, 4, 4, 4, 4, 4, 4, 4, 4}, "Core network supplier; steady."},
		{125, [9]float64{2, 3, 4, 3, 4, 2, 2, 4, 2}, "Lost the core network bid to a competitor; payback period lengthened."},
	},
	// 6+6+3+15+10+8+6+15+6 = 75
	"donghai": {{305, [9]float64{2, 3, 3, 5, 5, 4, 3, 5, 3}, "Provincial government cloud: high reference value and management improvement for both sides."}},
	// 12+8+4+12+8+8+8+9+8 = 77
	"jinhai": {{180, [9]float64{4, 4, 4, 4, 4, 4, 4, 3, 4}, "Core banking infrastructure supplier."}},
	// 3+6+4+6+4+6+6+6+4 = 45
	"pingyuan": {{240, [9]float64{1, 3, 4, 2, 2, 3, 3, 2, 2}, "Branch network refresh; pays on time, little beyond it."}},
	// 12+8+5+12+8+8+6+12+10 = 81
	"guoneng": {{120, [9]float64{4, 4, 5, 4, 4, 4, 3, 4, 5}, "Smart grid dispatch platform; an advocate in the energy sector."}},
	// 3+6+3+9+4+6+4+12+6 = 53
	"xibei": {{470, [9]float64{1, 3, 3, 3, 2, 3, 2, 4, 3}, "Wind farm IoT pilot converted into a framework agreement."}},
	// 6+6+4+12+8+6+6+9+8 = 65
	"tianhe": {{260, [9]float64{2, 3, 4, 4, 4, 3, 3, 3, 4}, "Industrial internet joint lab: product pull and reference value above the revenue."}},
	// 3+4+3+3+2+4+2+9+2 = 32
	"qianjiang": {{200, [9]float64{1, 2, 3, 1, 1, 2, 1, 3, 1}, "New logo from the Hangzhou industry summit; not yet a buyer."}},
	// 3+4+3+3+2+2+2+3+4 = 26
	"lianyun": {{205, [9]float64{1, 2, 3, 1, 1, 1, 1, 1, 2}, "Volumes fell after the port consolidation; reassessed."}},
}

// createValueAssessments writes every account's planned assessments,
// attributed to the account's sales leader.
func (w *world) createValueAssessments(ctx context.Context, c *ent.Client) error {
	for _, a := range w.accounts {
		var leader *member
		for _, mb := range a.members {
			if mb.active() && mb.spec.role == "SALES_LEADER" {
				leader = mb
			}
		}
		for _, p := range valuePlans[a.spec.key] {
			at := w.now.Add(-days(p.daysAgo)).Add(15 * time.Hour)
			s := p.scores
			q := c.ValueAssessment.Create().SetAccountID(a.id).SetAssessedAt(at).
				SetRevenueScore(s[0]).SetMarginScore(s[1]).SetPaymentCollectionScore(s[2]).
				SetReferenceValueScore(s[3]).SetManagementImprovementScore(s[4]).SetLongTermPaybackScore(s[5]).
				SetShareOfWalletScore(s[6]).SetGrowthPotentialScore(s[7]).SetLoyaltyScore(s[8]).
				SetNote(p.note).SetCreatedAt(at).SetUpdatedAt(at)
			if leader != nil {
				q.SetAssessedByID(leader.id)
			}
			if err := q.Exec(clock.At(ctx, at)); err != nil {
				return fmt.Errorf("account %s: value assessment: %w", a.spec.key, err)
			}
		}
	}
	return nil
}

// engagementPlan is one engagement of the organizational layer.
type engagementPlan struct {
	account string
	kind    engagement.Kind
	name    string
	// started and ended days ago; ended 0: open, negative: ends in the future
	started, ended int
	status         engagement.Status
	owners         []string // our team members, by name
	theirs         []string // the customer's owners, by org-chart slot
	notes          string
}

var engagementPlans = []engagementPlan{
	{"tongda", engagement.KindFRAMEWORK_AGREEMENT, "Group framework agreement 2025-2028", 700, -395, engagement.StatusACTIVE,
		[]string{"Shen Guoqiang", "Zhou Wenbin"}, []string{"root", "cfo"}, "Covers all provincial subsidiaries; pricing reviewed each year."},
	{"tongda", engagement.KindEXECUTIVE_SUMMIT_SERIES, "Annual operator CTO summit", 1100, 0, engagement.StatusACTIVE,
		[]string{"Shen Guoqiang"}, []string{"cto"}, "Hosted alternately in Beijing and at our headquarters."},
	{"tongda-gd", engagement.KindEMBEDDED_SERVICE_TEAM, "Guangzhou on-site service team", 900, 0, engagement.StatusACTIVE,
		[]string{"Bai Ruoxi", "Lu Xiaofeng"}, []string{"cto"}, "Twelve engineers stationed in the customer's network operations centre."},
	{"tongda-zj", engagement.KindREFERENCE_SITE, "Provincial cloud reference site", 420, 0, engagement.StatusACTIVE,
		[]string{"Tang Meiling", "Jia Ningning"}, []string{"cto"}, "Showcase visits for other provinces twice a quarter."},
	{"huaxin", engagement.KindSTRATEGIC_COOPERATION_AGREEMENT, "Strategic cooperation agreement on 5G", 1200, 0, engagement.StatusACTIVE,
		[]string{"Yan Peiyu", "Zhou Wenbin"}, []string{"root"}, ""},
	{"huaxin-js", engagement.KindREFERENCE_SITE, "5G private network showcase, Suzhou", 190, 0, engagement.StatusACTIVE,
		[]string{"Luo Jiaming", "Wei Chengzhi"}, []string{"cto"}, ""},
	{"huaxin-hn", engagement.KindFRAMEWORK_AGREEMENT, "Core network maintenance framework", 1500, 120, engagement.StatusENDED,
		[]string{"Wu Haoran"}, []string{"cto"}, "Not renewed after the core network bid went to a competitor."},
	{"donghai", engagement.KindSTRATEGIC_COOPERATION_AGREEMENT, "Provincial government cloud strategic agreement", 300, -1160, engagement.StatusACTIVE,
		[]string{"Qin Haifeng", "Cui Yiran"}, []string{"root"}, ""},
	{"jinhai", engagement.KindJOINT_LAB, "Distributed core banking innovation centre", 800, 0, engagement.StatusACTIVE,
		[]string{"Dai Kexin", "He Shuang"}, []string{"cto"}, ""},
	{"guoneng", engagement.KindJOINT_LAB, "Smart grid joint lab", 1500, 0, engagement.StatusACTIVE,
		[]string{"Wei Chengzhi", "Tan Wenjing"}, []string{"cto"}, ""},
	{"tianhe", engagement.KindJOINT_LAB, "Industrial internet joint lab", 1880, 0, engagement.StatusACTIVE,
		[]string{"Mo Tianyu", "Dai Kexin"}, []string{"cto"}, ""},
	{"xibei", engagement.KindFRAMEWORK_AGREEMENT, "Wind farm IoT framework agreement", 480, -250, engagement.StatusACTIVE,
		[]string{"Wu Haoran"}, []string{"root"}, ""},
}

// pairingPlans pair our executive sponsors with the general managers of
// the strategic accounts. Huaxin Henan's new general manager has met
// nobody: the pairing exists, its health says so.
var pairingPlans = []struct{ account, ours, theirs string }{
	{"tongda", "Shen Guoqiang", "root"}, {"tongda-gd", "Shen Guoqiang", "root"}, {"tongda-zj", "Shen Guoqiang", "root"},
	{"huaxin", "Yan Peiyu", "root"}, {"huaxin-js", "Yan Peiyu", "root"}, {"huaxin-hn", "Yan Peiyu", "root"},
	{"donghai", "Qin Haifeng", "root"}, {"jinhai", "Qin Haifeng", "root"}, {"guoneng", "Qin Haifeng", "root"},
	{"tongda", "Zhou Wenbin", "deputy"},
}

// createOrgLayer writes the engagements and executive pairings.
func (w *world) createOrgLayer(ctx context.Context, c *ent.Client) error {
	byName := map[string]*member{}
	for _, mb := range w.members {
		byName[mb.spec.name] = mb
	}
	present := func(a *acct, slot string) *person {
		p := a.slots[slot]
		if p == nil || !p.leftAt.IsZero() {
			return nil
		}
		return p
	}
	for _, e := range engagementPlans {
		a := w.byKey[e.account]
		starts := w.now.Add(-days(e.started)).Truncate(24 * time.Hour)
		q := c.Engagement.Create().SetAccountID(a.id).SetKind(e.kind).SetName(e.name).SetStatus(e.status).
			SetStartsAt(starts).SetCreatedAt(starts).SetUpdatedAt(starts)
		if e.ended != 0 {
			q.SetEndsAt(w.now.Add(-days(e.ended)).Truncate(24 * time.Hour))
		}
		if e.notes != "" {
			q.SetNotes(e.notes)
		}
		for _, n := range e.owners {
			if mb := byName[n]; mb != nil && mb.active() {
				q.AddOwnerIDs(mb.id)
			}
		}
		for _, slot := range e.theirs {
			if p := present(a, slot); p != nil {
				q.AddCustomerOwnerIDs(p.id)
			}
		}
		if err := q.Exec(ctx); err != nil {
			return fmt.Errorf("engagement %q: %w", e.name, err)
		}
	}
	for _, p := range pairingPlans {
		a, mb := w.byKey[p.account], byName[p.ours]
		them := present(a, p.theirs)
		if them == nil || mb == nil || !mb.active() {
			continue
		}
		since := a.onboard.Add(days(30))
		if !them.joined.IsZero() && them.joined.After(since) {
			since = them.joined.Add(days(7))
		}
		err := c.ExecutivePairing.Create().SetAccountID(a.id).SetTeamMemberID(mb.id).SetContactID(them.id).
			SetStatus(executivepairing.StatusACTIVE).SetSince(since).Exec(ctx)
		if err != nil {
			return fmt.Errorf("pairing %s with %s at %s: %w", p.ours, them.name, p.account, err)
		}
	}
	return nil
}
