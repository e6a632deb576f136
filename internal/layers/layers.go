// Package layers measures an account's relationship on the three layers of
// the source practice (issue 16, point 2): the key layer (the decision
// makers and the decision chains), the broad layer (everyone involved, at
// every level) and the organizational layer (engagements between the two
// companies, executive pairings, how long the relationship has lasted).
// Each layer is a value 0..1 with the sentence that explains it; package
// health weighs them into the account's score.
//
// An account's stakeholders are its active contacts and the active holders
// of a role there (issue 16 point 7), each once: package roster. The
// formulas:
//
//	key      = ½·chain + ½·makers when the account has an open decision
//	           chain, else makers alone; chain is the weighted share of the
//	           open opportunities' chain links covered at strength >= 2,
//	           makers the share of active decision makers and economic
//	           buyers covered at strength >= 2 (0 with none recorded)
//	broad    = working / Σ_band max(active in band, Expected[band]); working
//	           means an active contact covered at strength >= 2 by an active
//	           team member. The denominator is the larger of the people we
//	           know of and the people an account of any size has in that
//	           band (Expected), so four acquaintances are never "everyone":
//	           an account with four recorded contacts, all covered, scores
//	           4/28. Per band and per department the share is shown too.
//	org      = ⅓·min(active engagements / 2, 1)
//	           + ⅓·mean over active pairings of 0.5^(days since met / 90)
//	             (a pairing never met counts 0; no pairing: 0)
//	           + ⅓·min(years since the relationship began / 5, 1)
//	           where the relationship began at the earliest engagement
//	           start or interaction, whichever came first
package layers

import (
	"fmt"
	"math"
	"slices"
	"time"

	"rapport/internal/domain"
)

// WorkingStrength is the coverage strength from which a relationship works
// (the chain's covered threshold).
const WorkingStrength = 2

// Bands are the seniority bands, from the top.
var Bands = []string{"EXECUTIVE", "SENIOR_MANAGER", "MANAGER", "STAFF"}

// Expected is how many stakeholders an account has in each band at the
// least: the broad layer's denominator never falls below it.
var Expected = map[string]int{"EXECUTIVE": 3, "SENIOR_MANAGER": 5, "MANAGER": 8, "STAFF": 12}

// Org-layer saturation points.
const (
	EngagementsFull = 2  // two active engagements fill the engagement third
	YearsFull       = 5  // five years fill the duration third
	PairingHalfLife = 90 // days
)

// Contact is an active stakeholder as the layers see it, at one account:
// a person who holds a role at the account (issue 16 point 7) counts there
// once, with the role's decision role and their own seniority, department,
// coverage and meetings (decision 0012).
type Contact struct {
	ID           int
	Seniority    string
	Department   string
	DecisionRole domain.DecisionRole
	Best         int // strongest coverage by an active team member, 0 with none
	// LastMet is the latest interaction recorded on the contact's coverage
	// by active team members (interactions that happened; complaints do
	// not count), nil when none; Since is when the contact was added. The
	// layers do not read them: package health weighs them against the
	// tier policy's cadence.
	LastMet *time.Time
	Since   time.Time
}

// Link is one decision-chain link of an open opportunity.
type Link struct {
	ContactID int
	Weight    float64
	Best      int // strongest coverage of its contact (of any account)
}

// Pairing is an active executive pairing.
type Pairing struct {
	ID      int
	LastMet *time.Time
}

// Input is what an account's layers are computed from.
type Input struct {
	Contacts          []Contact
	Links             []Link
	ActiveEngagements int
	Pairings          []Pairing
	Since             *time.Time // the relationship's beginning, nil when nothing is recorded
	// Later is the first time after the load's now at which an input read
	// as of now changes by the clock alone (an engagement starting later):
	// package portfolio keeps the input until then. Nil: none.
	Later *time.Time
}

// Share is a count out of a total.
type Share struct {
	Name    string
	Covered int
	Total   int
	Value   float64
}

// Key is the key layer.
type Key struct {
	Value         float64
	ChainLinks    int
	ChainCovered  int
	ChainValue    float64 // weighted; 0 without links
	Makers        int
	MakersCovered int
	Explanation   string
}

// Broad is the broad layer.
type Broad struct {
	Value        float64
	Working      int
	Denominator  int
	Active       int
	BySeniority  []Share // Total is the band's denominator
	ByDepartment []Share // Total is the department's active contacts
	Explanation  string
}

// PairingRecency is one pairing's part of the organizational layer.
type PairingRecency struct {
	ID           int
	DaysSinceMet *int
	Recency      float64
}

// Org is the organizational layer.
type Org struct {
	Value             float64
	ActiveEngagements int
	Pairings          []PairingRecency
	Years             float64
	Explanation       string
}

// Layers are an account's three layers.
type Layers struct {
	Key   Key
	Broad Broad
	Org   Org
}

// Compute measures the three layers at now.
func Compute(in Input, now time.Time) *Layers {
	return &Layers{Key: key(in), Broad: broad(in), Org: org(in, now, true)}
}

// KeyOf measures the key layer alone (it does not move with time).
func KeyOf(in Input) Key { return key(in) }

// BroadOf measures the broad layer alone (it does not move with time).
func BroadOf(in Input) Broad { return broad(in) }

// OrgAt measures the organizational layer alone at now: package health
// keeps the other two scored and computes this one as time passes.
func OrgAt(in Input, now time.Time) Org { return org(in, now, true) }

// OrgValueAt is OrgAt's value alone, without the explanation and the
// pairings' list: a portfolio's average health scores every account.
func OrgValueAt(in Input, now time.Time) float64 { return org(in, now, false).Value }

func key(in Input) Key {
	var k Key
	var total, covered float64
	for _, l := range in.Links {
		k.ChainLinks++
		total += l.Weight
		if l.Best >= WorkingStrength {
			k.ChainCovered++
			covered += l.Weight
		}
	}
	switch {
	case total > 0:
		k.ChainValue = covered / total
	case k.ChainLinks > 0:
		k.ChainValue = float64(k.ChainCovered) / float64(k.ChainLinks)
	}
	for _, c := range in.Contacts {
		if c.DecisionRole == domain.RoleDecisionMaker || c.DecisionRole == domain.RoleEconomicBuyer {
			k.Makers++
			if c.Best >= WorkingStrength {
				k.MakersCovered++
			}
		}
	}
	makers := 0.0
	if k.Makers > 0 {
		makers = float64(k.MakersCovered) / float64(k.Makers)
	}
	makersText := fmt.Sprintf("%d of %d decision makers and economic buyers covered at strength %d or more", k.MakersCovered, k.Makers, WorkingStrength)
	if k.Makers == 0 {
		makersText = "no decision maker or economic buyer recorded (counts 0)"
	}
	if k.ChainLinks == 0 {
		k.Value = makers
		k.Explanation = fmt.Sprintf("No open decision chain; %s: %.2f.", makersText, k.Value)
		return k
	}
	k.Value = 0.5*k.ChainValue + 0.5*makers
	k.Explanation = fmt.Sprintf("%d of %d open decision-chain links covered at strength %d or more (%.0f%% of their weight) and %s: ½·%.2f + ½·%.2f = %.2f.",
		k.ChainCovered, k.ChainLinks, WorkingStrength, 100*k.ChainValue, makersText, k.ChainValue, makers, k.Value)
	return k
}

func broad(in Input) Broad {
	var b Broad
	active, working := map[string]int{}, map[string]int{}
	deptActive, deptWorking := map[string]int{}, map[string]int{}
	for _, c := range in.Contacts {
		b.Active++
		active[c.Seniority]++
		if c.Department != "" {
			deptActive[c.Department]++
		}
		if c.Best >= WorkingStrength {
			b.Working++
			working[c.Seniority]++
			if c.Department != "" {
				deptWorking[c.Department]++
			}
		}
	}
	for _, band := range Bands {
		d := max(active[band], Expected[band])
		b.Denominator += d
		b.BySeniority = append(b.BySeniority, Share{Name: band, Covered: working[band], Total: d, Value: float64(working[band]) / float64(d)})
	}
	depts := make([]string, 0, len(deptActive))
	for d := range deptActive {
		depts = append(depts, d)
	}
	slices.Sort(depts)
	for _, d := range depts {
		b.ByDepartment = append(b.ByDepartment, Share{Name: d, Covered: deptWorking[d], Total: deptActive[d],
			Value: float64(deptWorking[d]) / float64(deptActive[d])})
	}
	b.Value = float64(b.Working) / float64(b.Denominator)
	b.Explanation = fmt.Sprintf("%d of %d active stakeholders have working coverage (strength %d or more); each seniority band counts at least the stakeholders an account has there (%d executives, %d senior managers, %d managers, %d staff), so the base is %d: %d/%d = %.2f.",
		b.Working, b.Active, WorkingStrength, Expected["EXECUTIVE"], Expected["SENIOR_MANAGER"], Expected["MANAGER"], Expected["STAFF"],
		b.Denominator, b.Working, b.Denominator, b.Value)
	return b
}

func org(in Input, now time.Time, explain bool) Org {
	o := Org{ActiveEngagements: in.ActiveEngagements}
	eng := math.Min(float64(in.ActiveEngagements)/EngagementsFull, 1)
	var sum float64
	for _, p := range in.Pairings {
		r := PairingRecency{ID: p.ID}
		if p.LastMet != nil {
			days := max(int(now.Sub(*p.LastMet).Hours()/24), 0)
			r.DaysSinceMet = &days
			r.Recency = math.Pow(0.5, float64(days)/PairingHalfLife)
		}
		sum += r.Recency
		if explain {
			o.Pairings = append(o.Pairings, r)
		}
	}
	pairs := 0.0
	if len(in.Pairings) > 0 {
		pairs = sum / float64(len(in.Pairings))
	}
	if in.Since != nil && in.Since.Before(now) {
		o.Years = now.Sub(*in.Since).Hours() / 24 / 365.25
	}
	years := math.Min(o.Years/YearsFull, 1)
	o.Value = (eng + pairs + years) / 3
	if !explain {
		return o
	}
	o.Explanation = fmt.Sprintf("%d active engagements (%.2f of %d), %d active executive pairings with mean recency %.2f (halving every %d days since the two last met), a relationship of %.1f years (%.2f of %d): (%.2f + %.2f + %.2f)/3 = %.2f.",
		in.ActiveEngagements, eng, EngagementsFull, len(in.Pairings), pairs, PairingHalfLife, o.Years, years, YearsFull, eng, pairs, years, o.Value)
	return o
}
