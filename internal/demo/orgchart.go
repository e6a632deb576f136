package demo

import (
	"fmt"
	"strings"
	"time"

	"rapport/ent/contact"
	"rapport/internal/domain"
)

// orgKind selects the titles and departments of an organisation.
type orgKind int

const (
	kindTelecom orgKind = iota
	kindGov
	kindFinance
	kindEnergy
	kindManufacturing
)

// deptKind says what a department does, which drives the decision roles of
// the people in it: technical departments evaluate, procurement gatekeeps,
// finance holds the money.
type deptKind int

const (
	deptLeadership deptKind = iota
	deptTech
	deptBusiness
	deptProcurement
	deptFinance
	deptOffice
)

type dept struct {
	name string
	kind deptKind
}

type orgTitles struct {
	root, groupRoot, cto, cfo, deputy string
	leadership, head, manager         string
	// depts in priority order: small accounts get the first few, so every
	// account has a technical, a procurement and a finance department.
	depts []dept
}

var orgTitlesByKind = map[orgKind]orgTitles{
	kindTelecom: {root: "General Manager", groupRoot: "Chairman", cto: "Chief Technology Officer", cfo: "Chief Financial Officer",
		deputy: "Deputy General Manager", leadership: "Leadership Team", head: "Director", manager: "Section Manager",
		depts: []dept{{"Network Operations Center", deptTech}, {"Procurement", deptProcurement}, {"Finance", deptFinance},
			{"Government & Enterprise Business Unit", deptBusiness}, {"IT Support Center", deptTech}, {"Planning & Construction", deptTech},
			{"General Office", deptOffice}, {"Marketing", deptBusiness}, {"Cloud & Data Center", deptTech}}},
	kindGov: {root: "Director-General", cto: "Chief Engineer", cfo: "Deputy Director-General (Finance)",
		deputy: "Deputy Director-General", leadership: "Leadership", head: "Division Chief", manager: "Section Chief",
		depts: []dept{{"Data Resources Division", deptTech}, {"Procurement Office", deptProcurement}, {"Finance Division", deptFinance},
			{"Policy & Planning Division", deptBusiness}, {"Infrastructure Division", deptTech}, {"General Office", deptOffice},
			{"Cybersecurity Division", deptTech}}},
	kindFinance: {root: "President", cto: "Chief Information Officer", cfo: "Chief Financial Officer",
		deputy: "Vice President", leadership: "Executive Committee", head: "Head", manager: "Deputy Head",
		depts: []dept{{"Information Technology", deptTech}, {"Procurement Center", deptProcurement}, {"Finance & Accounting", deptFinance},
			{"Retail Banking", deptBusiness}, {"Data Center", deptTech}, {"Executive Office", deptOffice},
			{"Risk Management", deptBusiness}, {"Operations", deptBusiness}}},
	kindEnergy: {root: "General Manager", cto: "Chief Engineer", cfo: "Chief Accountant",
		deputy: "Deputy General Manager", leadership: "Leadership Team", head: "Director", manager: "Deputy Director",
		depts: []dept{{"Digital Technology", deptTech}, {"Materials Procurement", deptProcurement}, {"Finance", deptFinance},
			{"Production Operations", deptBusiness}, {"Dispatch & Control Center", deptTech}, {"General Office", deptOffice},
			{"Safety & Quality", deptBusiness}}},
	kindManufacturing: {root: "President", cto: "Chief Digital Officer", cfo: "Chief Financial Officer",
		deputy: "Vice President", leadership: "Executive Team", head: "Director", manager: "Manager",
		depts: []dept{{"IT Department", deptTech}, {"Supply Chain", deptProcurement}, {"Finance", deptFinance},
			{"Production", deptBusiness}, {"Intelligent Manufacturing", deptTech}, {"President's Office", deptOffice},
			{"Quality", deptBusiness}}},
}

var staffTitles = map[deptKind][]string{
	deptTech:        {"Network Engineer", "Senior Engineer", "Systems Architect", "Operations Engineer", "Security Engineer", "Cloud Engineer"},
	deptBusiness:    {"Business Analyst", "Product Manager", "Marketing Specialist", "Key Account Executive"},
	deptProcurement: {"Procurement Specialist", "Sourcing Engineer", "Contract Administrator"},
	deptFinance:     {"Accountant", "Financial Analyst", "Budget Controller"},
	deptOffice:      {"Executive Secretary", "Administrative Officer"},
}

// buildOrg generates one account's org chart: a root executive, the CTO,
// CFO and a deputy under them, one head per department, then managers and
// staff filled in round-robin. Reporting lines only point to people created
// earlier, so the chart is a tree by construction.
func (w *world) buildOrg(a *acct) {
	r := w.r
	t := orgTitlesByKind[a.spec.kind]
	size := a.spec.contacts + r.between(0, 2)
	rootTitle := t.root
	if t.groupRoot != "" && a.spec.parent == "" {
		rootTitle = t.groupRoot
	}
	lead := dept{t.leadership, deptLeadership}
	root := w.newPerson(a, nil, lead, contact.SeniorityEXECUTIVE, domain.RoleDecisionMaker, rootTitle)
	a.slots["root"] = root
	a.slots["cto"] = w.newPerson(a, root, lead, contact.SeniorityEXECUTIVE, domain.RoleTechnicalEvaluator, t.cto)
	moneyOwner, businessOwner := root, root
	if size >= 12 {
		a.slots["cfo"] = w.newPerson(a, root, lead, contact.SeniorityEXECUTIVE, domain.RoleEconomicBuyer, t.cfo)
		moneyOwner = a.slots["cfo"]
	}
	if size >= 14 {
		role := domain.RoleInfluencer
		if r.chance(0.4) {
			role = domain.RoleDecisionMaker
		}
		a.slots["deputy"] = w.newPerson(a, root, lead, contact.SeniorityEXECUTIVE, role, t.deputy)
		businessOwner = a.slots["deputy"]
	}
	depts := t.depts[:clampInt(size/4, 3, len(t.depts))]
	heads := make([]*person, len(depts))
	for i, d := range depts {
		boss := businessOwner
		switch d.kind {
		case deptTech:
			boss = a.slots["cto"]
		case deptFinance, deptProcurement:
			boss = moneyOwner
		}
		heads[i] = w.newPerson(a, boss, d, contact.SenioritySENIOR_MANAGER, w.headRole(d.kind), t.head)
	}
	managers := make([][]*person, len(depts))
	staff := make([]int, len(depts))
	for i := 0; len(a.people) < size; i++ {
		d := i % len(depts)
		if len(managers[d]) == 0 || (staff[d] >= 3*len(managers[d]) && r.chance(0.5)) {
			title := t.manager
			if r.chance(0.3) {
				title = "Project Manager"
			}
			managers[d] = append(managers[d], w.newPerson(a, heads[d], depts[d], contact.SeniorityMANAGER, w.managerRole(depts[d].kind), title))
			continue
		}
		boss := pick(r, managers[d])
		w.newPerson(a, boss, depts[d], contact.SenioritySTAFF, w.staffRole(depts[d].kind), pick(r, staffTitles[depts[d].kind]))
		staff[d]++
	}
}

func (w *world) headRole(k deptKind) domain.DecisionRole {
	switch k {
	case deptTech:
		return domain.RoleTechnicalEvaluator
	case deptProcurement, deptOffice:
		return domain.RoleGatekeeper
	case deptFinance:
		return domain.RoleEconomicBuyer
	}
	return pick(w.r, []domain.DecisionRole{domain.RoleInfluencer, domain.RoleUser})
}

func (w *world) managerRole(k deptKind) domain.DecisionRole {
	roles := []domain.DecisionRole{domain.RoleTechnicalEvaluator, domain.RoleInfluencer, domain.RoleUser, domain.RoleCoach, domain.RoleGatekeeper}
	weights := map[deptKind][]float64{
		deptTech:        {45, 20, 25, 10, 0},
		deptProcurement: {0, 15, 15, 10, 60},
	}[k]
	if weights == nil {
		weights = []float64{0, 30, 50, 10, 10}
	}
	return roles[w.r.weighted(weights)]
}

func (w *world) staffRole(k deptKind) domain.DecisionRole {
	roles := []domain.DecisionRole{domain.RoleUser, domain.RoleTechnicalEvaluator, domain.RoleCoach, domain.RoleInfluencer, domain.RoleGatekeeper}
	weights := map[deptKind][]float64{
		deptTech:        {55, 35, 5, 5, 0},
		deptProcurement: {60, 0, 0, 0, 40},
		deptOffice:      {50, 0, 0, 0, 50},
	}[k]
	if weights == nil {
		weights = []float64{85, 0, 5, 10, 0}
	}
	return roles[w.r.weighted(weights)]
}

// newPerson adds a stakeholder with a unique name, an attitude drawn from a
// realistic mix (most people neutral or supportive, a few opposed) and an
// influence that follows seniority.
func (w *world) newPerson(a *acct, boss *person, d dept, sen contact.Seniority, role domain.DecisionRole, title string) *person {
	r := w.r
	name, given, surname := w.uniqueName()
	p := &person{
		idx: len(w.people), acct: a, manager: boss, name: name, title: title, dept: d.name, deptKind: d.kind,
		seniority: sen, role: role, createdAt: a.onboard.Add(days(7)),
	}
	if r.chance(0.95) {
		p.email = fmt.Sprintf("%s.%s@%s", given, strings.ToLower(surname), a.spec.domain)
	}
	if r.chance(0.7) {
		p.phone = fmt.Sprintf("+86 1%02d %04d %04d", r.between(30, 89), r.IntN(10000), r.IntN(10000))
	}
	att := []domain.Attitude{domain.AttitudeChampion, domain.AttitudeSupporter, domain.AttitudeNeutral, domain.AttitudeSkeptic, domain.AttitudeOpponent}[r.weighted([]float64{8, 32, 45, 10, 5})]
	infl := map[contact.Seniority][2]int{
		contact.SeniorityEXECUTIVE: {4, 5}, contact.SenioritySENIOR_MANAGER: {3, 4},
		contact.SeniorityMANAGER: {2, 3}, contact.SenioritySTAFF: {1, 2},
	}[sen]
	influence := r.between(infl[0], infl[1])
	if r.chance(0.1) {
		influence = clampInt(influence+1, 1, 5)
	}
	interest := clampInt(3+att.Score()/2+r.between(-1, 1), 1, 5)
	p.history = []assessPoint{{attitude: att, influence: influence, interest: interest}}
	a.people = append(a.people, p)
	w.people = append(w.people, p)
	return p
}

// uniqueName draws "Surname Given" until it is unused. The name space is
// large (60 surnames x ~2,000 given names), so this ends quickly.
func (w *world) uniqueName() (name, given, surname string) {
	for {
		surname = pick(w.r, surnames)
		given = pick(w.r, givenParts)
		if w.r.chance(0.7) {
			if second := pick(w.r, givenParts); second != given {
				given += second
			}
		}
		name = surname + " " + strings.ToUpper(given[:1]) + given[1:]
		if !w.usedNames[name] {
			w.usedNames[name] = true
			return name, given, surname
		}
	}
}

// person is one stakeholder of the plan.
type person struct {
	idx, id                          int
	acct                             *acct
	name, title, dept, email, phone  string
	notes                            string
	deptKind                         deptKind
	seniority                        contact.Seniority
	role                             domain.DecisionRole
	manager                          *person
	createdAt, leftAt, staleAfter    time.Time
	joined                           time.Time // set for people who joined the account recently
	history                          []assessPoint
	covers                           []*cover
	gap                              gapKind
	weakRoles                        []string
	hasReports, special, historyDone bool
}

// assessPoint is one assessment: history[0] is taken when the contact is
// created, the last one is the contact's current state.
type assessPoint struct {
	at                  time.Time
	attitude            domain.Attitude
	influence, interest int
	note                string
}

func (p *person) current() assessPoint { return p.history[len(p.history)-1] }

func (p *person) left() bool { return !p.leftAt.IsZero() }

// availableAt reports whether p can take part in an interaction at t: known
// to us, still at the account, and not in a relationship that went cold.
func (p *person) availableAt(t time.Time) bool {
	return !t.Before(p.createdAt) && (p.leftAt.IsZero() || t.Before(p.leftAt)) &&
		(p.staleAfter.IsZero() || t.Before(p.staleAfter))
}
