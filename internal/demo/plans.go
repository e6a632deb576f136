package demo

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"time"

	"rapport/ent"
	"rapport/ent/accountoffering"
	"rapport/ent/interaction"
	"rapport/ent/objective"
	"rapport/ent/risk"
	"rapport/internal/clock"
	"rapport/internal/domain"
	"rapport/internal/plans"
)

// The relationship programme's plans and whitespace (issue 17): our
// offerings catalogue, where each offering stands at the strategic and
// partner accounts and their subsidiaries, and for each strategic account a
// plan for the current fiscal year with objectives, risks and activities of
// the five means: some done, some planned ahead, one overdue and one
// cancelled, so that plan vs actual and the grid have a story on first start.

type offeringSpec struct {
	name, category, description string
	// needs are what a customer needs now, what of it we meet, and what it
	// will need next.
	needs [3]string
}

var offeringSpecs = []offeringSpec{
	{"5G Core Network", "Network", "Standalone 5G core, network slicing and edge user planes.",
		[3]string{"Slicing for industry customers", "Core capacity for the consumer network", "Edge computing nodes per city"}},
	{"Optical Transport", "Network", "Backbone and metro optical transport.",
		[3]string{"400G backbone upgrade", "Metro aggregation", "All-optical metro network"}},
	{"IP Routing and Switching", "Network", "Routers and data center switching.",
		[3]string{"Campus network refresh", "Branch routers", "SRv6 backbone"}},
	{"Private Cloud Platform", "Cloud", "Private and hybrid cloud platform with operations.",
		[3]string{"Resource pool expansion", "Virtualised workloads", "Cloud-native migration of core systems"}},
	{"Data Center Infrastructure", "Cloud", "Modular data centers, power and cooling.",
		[3]string{"Energy saving in existing sites", "Modular rooms", "A new green data center"}},
	{"Big Data Analytics Platform", "Software", "Data lake, governance and analytics.",
		[3]string{"Data sharing between departments", "Reporting", "Real-time analytics"}},
	{"Cybersecurity Services", "Services", "Security operations, assessment and response.",
		[3]string{"Compliance assessment", "Firewall operations", "A security operations center"}},
	{"Managed Network Services", "Services", "Network operations outsourced to our teams.",
		[3]string{"Night and weekend operations", "Fault handling", "Full managed operations"}},
	{"Digital Transformation Consulting", "Services", "Strategy and operating model consulting.",
		[3]string{"Digital strategy", "Process review", "Operating model redesign"}},
	{"Enterprise Collaboration Suite", "Software", "Video meetings, messaging and documents.",
		[3]string{"Video conferencing for branches", "Messaging", "An integrated workplace"}},
}

// createPlans writes the catalogue, the whitespace cells and the plans.
func (w *world) createPlans(ctx context.Context, c *ent.Client) error {
	offerings := make([]*ent.Offering, len(offeringSpecs))
	for i, s := range offeringSpecs {
		o, err := c.Offering.Create().SetName(s.name).SetCategory(s.category).SetDescription(s.description).Save(ctx)
		if err != nil {
			return fmt.Errorf("create offering %s: %w", s.name, err)
		}
		offerings[i] = o
	}
	revenue := map[int]float64{}
	for _, a := range w.accounts {
		if a.tier() != domain.TierStrategic && a.tier() != domain.TierPartner {
			continue
		}
		var rows []*ent.AccountOfferingCreate
		for i, o := range offerings {
			row, cur := w.accountOffering(c, a, i, o)
			if row != nil {
				rows = append(rows, row)
				revenue[a.id] += cur
			}
		}
		if _, err := c.AccountOffering.CreateBulk(rows...).Save(ctx); err != nil {
			return fmt.Errorf("create offerings of %s: %w", a.spec.key, err)
		}
	}
	cal := plans.Current()
	fy := cal.Year(w.now)
	for _, a := range w.accounts {
		if a.tier() != domain.TierStrategic {
			continue
		}
		if err := w.createPlan(ctx, c, a, cal, fy, revenue[a.id]); err != nil {
			return fmt.Errorf("plan of %s: %w", a.spec.key, err)
		}
	}
	return nil
}

// accountOffering decides where offering i stands at a: most installed or
// in play at the big accounts, some never discussed, one in ten no fit.
// Revenue and potential are shares of the account's.
func (w *world) accountOffering(c *ent.Client, a *acct, i int, o *ent.Offering) (*ent.AccountOfferingCreate, float64) {
	s := offeringSpecs[i]
	share := w.r.uniform(0.02, 0.12)
	q := c.AccountOffering.Create().SetAccountID(a.id).SetOfferingID(o.ID)
	var cur float64
	switch u := w.r.Float64(); {
	case u < 0.35:
		cur = roundTo(a.spec.revenue*share, 10000)
		q.SetStatus(accountoffering.StatusINSTALLED).SetCurrentRevenue(cur).
			SetPotential(roundTo(cur*w.r.uniform(1.1, 1.8), 10000)).
			SetCurrentNeed(s.needs[0]).SetNeedMet(s.needs[1]).SetFutureNeed(s.needs[2])
	case u < 0.6:
		q.SetStatus(accountoffering.StatusOPEN_OPPORTUNITY).SetPotential(roundTo(a.spec.potential*share, 10000)).
			SetCurrentNeed(s.needs[0]).SetFutureNeed(s.needs[2])
	case u < 0.7:
		q.SetStatus(accountoffering.StatusNO_FIT)
	case u < 0.9:
		q.SetStatus(accountoffering.StatusNOT_DISCUSSED).SetPotential(roundTo(a.spec.potential*share/2, 10000))
	default:
		return nil, 0 // nothing known yet: the grid shows it unknown
	}
	return q, cur
}

// planActivity is one activity of a demo plan: where it falls in the
// fiscal year, what became of it, and its budget.
type planActivity struct {
	kind     interaction.Kind
	outcome  interaction.Status // DONE, CANCELLED, or PLANNED (overdue when past)
	budget   float64
	costRate float64 // cost = budget x costRate, for the done ones
}

// The year so far holds done activities, a cancelled one and one planned
// that did not happen (overdue); the rest of the year holds planned ones.
var (
	pastActivities = []planActivity{
		{interaction.KindCOMPANY_VISIT, interaction.StatusDONE, 30000, 1.15},
		{interaction.KindTECH_EXCHANGE, interaction.StatusDONE, 8000, 0.9},
		{interaction.KindDINNER_EVENT, interaction.StatusCANCELLED, 6000, 0},
		{interaction.KindSHOWCASE_VISIT, interaction.StatusDONE, 20000, 1.05},
		{interaction.KindONSITE_MEETING, interaction.StatusPLANNED, 5000, 0},
	}
	futureActivities = []planActivity{
		{interaction.KindMANAGEMENT_RESEARCH, interaction.StatusPLANNED, 15000, 0},
		{interaction.KindSUMMIT, interaction.StatusPLANNED, 25000, 0},
		{interaction.KindTECH_EXCHANGE, interaction.StatusPLANNED, 8000, 0},
	}
)

var planRisks = []struct {
	description, mitigation string
	severity                risk.Severity
}{
	{"A competitor runs a free pilot at the customer's main data center", "Showcase visit for the technical evaluators before the pilot ends", risk.SeverityHIGH},
	{"Budget freeze announced for the next half-year", "Phase the proposal so the first phase fits this year's budget", risk.SeverityMEDIUM},
	{"Key relationships rest on one account manager", "Pair the solution lead with each decision maker", risk.SeverityMEDIUM},
}

func (w *world) createPlan(ctx context.Context, c *ent.Client, a *acct, cal plans.Calendar, fy int, revenue float64) error {
	from, to := cal.Bounds(fy)
	var owner *member
	var key []*person // key people well covered by an active owner: the plan's stakeholders
	for _, p := range a.people {
		o := p.primaryOwner()
		if p.left() || o == nil || !o.active() || p.gap != gapNone || p.special ||
			(p.role != domain.RoleDecisionMaker && p.role != domain.RoleEconomicBuyer) {
			continue
		}
		if owner == nil {
			owner = o
		}
		if len(key) < 2 {
			key = append(key, p)
		}
	}
	if owner == nil {
		for _, m := range append(append([]*member(nil), a.members...), w.members...) {
			if m.active() {
				owner = m
				break
			}
		}
	}
	// The activities' customer side: the key people, else whoever the
	// account team knows best.
	attendees := key
	for _, p := range a.people {
		if len(attendees) > 0 {
			break
		}
		if o := p.primaryOwner(); !p.left() && o != nil && o.active() && p.gap == gapNone {
			attendees = []*person{p}
		}
	}
	for _, p := range a.people {
		if len(attendees) > 0 {
			break
		}
		if !p.left() {
			attendees = []*person{p}
		}
	}
	q := c.AccountPlan.Create().SetAccountID(a.id).SetFiscalYear(fy).
		SetTitle(fmt.Sprintf("Relationship plan %s", plans.Period(fy, 0))).
		SetSummary("Deepen the relationship with the decision makers and grow our share of their digital budget.")
	if owner != nil {
		q.SetOwnerID(owner.id)
	}
	p, err := q.Save(ctx)
	if err != nil {
		return fmt.Errorf("create plan: %w", err)
	}

	mid := from.Add(to.Sub(from) / 2)
	var objs []*ent.ObjectiveCreate
	if len(key) > 0 {
		objs = append(objs, c.Objective.Create().SetPlanID(p.ID).SetTitle("Win a champion among the decision makers").
			SetMetric(objective.MetricATTITUDE).SetTarget(2).SetContactID(key[0].id).SetDueAt(mid))
		last := key[len(key)-1]
		objs = append(objs, c.Objective.Create().SetPlanID(p.ID).SetTitle("Build a trusted relationship with the economic buyer").
			SetMetric(objective.MetricSTRENGTH).SetTarget(3).SetContactID(last.id).SetDueAt(to.AddDate(0, 0, -1)))
	}
	objs = append(objs,
		c.Objective.Create().SetPlanID(p.ID).SetTitle("Cover the key people with working relationships").
			SetMetric(objective.MetricCOVERAGE_RATIO).SetTarget(0.8).SetDueAt(to.AddDate(0, 0, -1)),
		c.Objective.Create().SetPlanID(p.ID).SetTitle("Grow revenue from our offerings").
			SetMetric(objective.MetricREVENUE).SetTarget(roundTo(math.Max(revenue*1.2, 1000000), 100000)).SetDueAt(to.AddDate(0, 0, -1)))
	for _, o := range objs {
		if owner != nil {
			o.SetOwnerID(owner.id)
		}
	}
	if _, err := c.Objective.CreateBulk(objs...).Save(ctx); err != nil {
		return fmt.Errorf("create objectives: %w", err)
	}
	for i, r := range planRisks[:2+a.idx%2] {
		q := c.Risk.Create().SetPlanID(p.ID).SetDescription(r.description).SetMitigation(r.mitigation).SetSeverity(r.severity)
		if owner != nil && i == 0 {
			q.SetOwnerID(owner.id)
		}
		if err := q.Exec(ctx); err != nil {
			return fmt.Errorf("create risk: %w", err)
		}
	}
	return w.createPlanActivities(ctx, c, a, p, owner, attendees, from, to)
}

// createPlanActivities spreads the past activities over the year so far
// and the planned ones over the rest, so that every demo date has some of
// each. A planned activity is written under the clock of the day it was
// planned (two weeks before its date): it is refused once its date passed.
func (w *world) createPlanActivities(ctx context.Context, c *ent.Client, a *acct, p *ent.AccountPlan, owner *member, key []*person, from, to time.Time) error {
	topic := "Digital Transformation"
	if ts := topics[a.spec.kind]; len(ts) > 0 {
		topic = ts[a.idx%len(ts)]
	}
	now := w.now
	write := func(n int, pa planActivity, at time.Time) error {
		q := c.Interaction.Create().SetAccountID(a.id).SetPlanID(p.ID).SetKind(pa.kind).SetStatus(pa.outcome).
			SetOccurredAt(at).SetBudgetedCost(pa.budget).SetSubject(fmt.Sprintf(subjects[pa.kind], topic)).
			SetExternalID(fmt.Sprintf("INT-PLAN-%s-%d", a.spec.key, n))
		if owner != nil {
			q.SetOwnerID(owner.id)
			// Only what happened has participants the coverage rules
			// read; the planned and cancelled ones name them too, as a
			// calendar entry would.
			q.AddTeamMemberIDs(owner.id)
		}
		for _, k := range key {
			q.AddContactIDs(k.id)
		}
		if pa.outcome == interaction.StatusDONE {
			rate := pa.costRate
			if a.idx%4 == 1 {
				// One plan in four ran over: its visits and exchanges cost
				// twice their budget, so the year is overspent
				// (BUDGET_OVERRUN on first start).
				rate *= 2
			}
			q.SetCost(roundTo(pa.budget*rate, 100))
		}
		planned := at.AddDate(0, 0, -14)
		if planned.After(now) {
			planned = now
		}
		if err := q.Exec(clock.At(ctx, planned)); err != nil {
			return fmt.Errorf("activity %d: %w", n, err)
		}
		return nil
	}
	// The year so far: from its start to yesterday.
	past := now.AddDate(0, 0, -1).Sub(from)
	for i, pa := range pastActivities {
		if past <= 0 {
			break
		}
		at := from.Add(past * time.Duration(i+1) / time.Duration(len(pastActivities)+1)).Truncate(time.Hour).Add(10 * time.Hour)
		if !at.Before(now) {
			continue
		}
		if err := write(i, pa, at); err != nil {
			return err
		}
	}
	rest := to.Sub(now)
	for i, pa := range futureActivities {
		at := now.Add(rest * time.Duration(i+1) / time.Duration(len(futureActivities)+1)).Truncate(24 * time.Hour).Add(10 * time.Hour)
		if !at.After(now) || !at.Before(to) {
			continue
		}
		if err := write(len(pastActivities)+i, pa, at); err != nil {
			return err
		}
	}
	return nil
}

// The Chinese demo's texts of this file (see zh.go): the dictionary and
// the columns the localisation rewrites gain them here, beside the English.
var zhPlanDict = map[string]string{
	"5G Core Network": "5G核心网", "Optical Transport": "光传送", "IP Routing and Switching": "IP路由与交换",
	"Private Cloud Platform": "私有云平台", "Data Center Infrastructure": "数据中心基础设施",
	"Big Data Analytics Platform": "大数据分析平台", "Cybersecurity Services": "网络安全服务",
	"Managed Network Services": "网络代维服务", "Digital Transformation Consulting": "数字化转型咨询",
	"Enterprise Collaboration Suite": "企业协同办公套件",
	"Network":                        "网络", "Cloud": "云", "Software": "软件", "Services": "服务",
	"Standalone 5G core, network slicing and edge user planes.": "独立组网5G核心网、网络切片与边缘用户面。",
	"Backbone and metro optical transport.":                     "骨干与城域光传送。",
	"Routers and data center switching.":                        "路由器与数据中心交换。",
	"Private and hybrid cloud platform with operations.":        "私有云与混合云平台及运维。",
	"Modular data centers, power and cooling.":                  "模块化数据中心、供电与制冷。",
	"Data lake, governance and analytics.":                      "数据湖、数据治理与分析。",
	"Security operations, assessment and response.":             "安全运营、评估与响应。",
	"Network operations outsourced to our teams.":               "由我方团队承担的网络代维。",
	"Strategy and operating model consulting.":                  "战略与运营模式咨询。",
	"Video meetings, messaging and documents.":                  "视频会议、即时通讯与文档。",
	"Slicing for industry customers":                            "面向行业客户的网络切片", "Core capacity for the consumer network": "公众网络核心网容量",
	"Edge computing nodes per city": "各地市边缘计算节点", "400G backbone upgrade": "400G骨干网升级",
	"Metro aggregation": "城域汇聚", "All-optical metro network": "全光城域网", "Campus network refresh": "园区网络改造",
	"Branch routers": "分支路由器", "SRv6 backbone": "SRv6骨干网", "Resource pool expansion": "资源池扩容",
	"Virtualised workloads": "虚拟化业务", "Cloud-native migration of core systems": "核心系统云原生迁移",
	"Energy saving in existing sites": "现有机房节能", "Modular rooms": "模块化机房", "A new green data center": "新建绿色数据中心",
	"Data sharing between departments": "跨部门数据共享", "Reporting": "报表", "Real-time analytics": "实时分析",
	"Compliance assessment": "合规测评", "Firewall operations": "防火墙运维", "A security operations center": "安全运营中心",
	"Night and weekend operations": "夜间与周末值守", "Fault handling": "故障处理", "Full managed operations": "全面代维",
	"Digital strategy": "数字化战略", "Process review": "流程梳理", "Operating model redesign": "运营模式重塑",
	"Video conferencing for branches": "分支机构视频会议", "Messaging": "即时通讯", "An integrated workplace": "一体化办公平台",
	"Deepen the relationship with the decision makers and grow our share of their digital budget.": "深化与决策层的关系，提升我方在客户数字化预算中的份额。",
	"Win a champion among the decision makers":                                                     "在决策层中发展一位坚定支持者",
	"Build a trusted relationship with the economic buyer":                                         "与预算审批人建立互信关系",
	"Cover the key people with working relationships":                                              "关键人物均建立工作关系",
	"Grow revenue from our offerings":                                                              "提升我方产品与服务收入",
	"A competitor runs a free pilot at the customer's main data center":                            "竞争对手在客户主数据中心开展免费试点",
	"Showcase visit for the technical evaluators before the pilot ends":                            "试点结束前安排技术评估人参观样板点",
	"Budget freeze announced for the next half-year":                                               "客户宣布下半年冻结预算",
	"Phase the proposal so the first phase fits this year's budget":                                "方案分期实施，一期控制在今年预算内",
	"Key relationships rest on one account manager":                                                "关键关系仅依赖一位客户经理",
	"Pair the solution lead with each decision maker":                                              "为每位决策者配对一名解决方案负责人",
	"Digital Transformation":                                                                       "数字化转型",
}

var zhPlanTitle = regexp.MustCompile(`^Relationship plan FY(\d{4})$`)

func init() {
	for k, v := range zhPlanDict {
		zhDict[k] = v
	}
	zhPatterns = append(zhPatterns, struct {
		re     *regexp.Regexp
		format func(m []string) string
	}{zhPlanTitle, func(m []string) string { return m[1] + "财年客户关系计划" }})
	zhColumns = append(zhColumns, []struct{ table, column string }{
		{"offerings", "name"}, {"offerings", "category"}, {"offerings", "description"},
		{"account_offerings", "current_need"}, {"account_offerings", "need_met"}, {"account_offerings", "future_need"},
		{"account_plans", "title"}, {"account_plans", "summary"},
		{"objectives", "title"}, {"risks", "description"}, {"risks", "mitigation"},
	}...)
}
