// Package suggest derives the edges of the stakeholder graph that an
// account's interactions imply and nobody has recorded (issue 17 point 7),
// and keeps them current from the change feed.
//
// The rules, over the account's DONE interactions only (PLANNED and
// CANCELLED ones have not happened):
//
//   - RELATION: two active customer people of the account who attended at
//     least MinShared interactions together, each with at least one of our
//     team members present and at most MaxGroup of the account's active
//     people, and who have no relation in force between them (either
//     direction, any kind) and are not manager and report. Proposed: ALLY,
//     strength min(n, 4), confidence 1 - 0.5^n (n = 3: 0.875, 4: 0.9375),
//     capped at MaxConfidence.
//   - COVERAGE: one of our active team members who met an active contact of
//     the account at least MinMeetings times in the Window (180 days) up to
//     now, with no coverage of them. Proposed strength: 2 (a working
//     relationship) from 3 meetings, 3 (trusted) from StrongMeetings (6);
//     confidence 1 - 0.5^(n-1) (n = 3: 0.75, 4: 0.875, 5: 0.9375), capped.
//   - STRONGER_COVERAGE: the same, when the coverage's strength is below
//     the strength proposed.
//
// One suggestion per pair (pair_key): a pending one follows its evidence
// (and goes when its condition no longer holds); one confirmed or dismissed
// returns as PENDING only when its evidence grows past the count it was
// decided on (decided_evidence).
package suggest

import (
	"math"
	"sort"
	"strconv"
	"time"

	"rapport/internal/domain"
)

// The rules' thresholds.
//
// MinShared and MaxGroup keep the queue to what a person would act on: at
// two shared meetings of any size the demo's 15 accounts proposed 268
// relations (up to 37 on one account), most of them pairs that happened to
// sit in the same steering committee twice. A meeting of more than MaxGroup
// of the customer's people says little about any two of them, and a
// reporting line is already a relation; with both and three meetings the
// demo proposes about 90 (see TestDeriveKeepsTheQueueShort).
const (
	MinShared      = 3
	MaxGroup       = 4
	MinMeetings    = 3
	StrongMeetings = 6
	MaxConfidence  = 0.95
	Window         = 180 * 24 * time.Hour
)

// Kinds of suggestion.
const (
	KindRelation         = "RELATION"
	KindCoverage         = "COVERAGE"
	KindStrongerCoverage = "STRONGER_COVERAGE"
)

// ProposedRelation is the relation kind a RELATION suggestion proposes.
const ProposedRelation = domain.RelationAlly

// Meeting is one DONE interaction of an account with its participants:
// Contacts are the account's own active people, Team our active members.
type Meeting struct {
	ID         int
	AccountID  int
	OccurredAt time.Time
	Contacts   []int
	Team       []int
}

// Candidate is a suggestion the evidence supports now.
type Candidate struct {
	Key        string
	AccountID  int
	Kind       string
	ContactID  int
	OtherID    int // RELATION
	MemberID   int // (STRONGER_)COVERAGE
	Strength   int
	Confidence float64
	Evidence   int
	LastAt     time.Time
}

// Known is what the store records between the pairs: relations in force
// (either direction) and reporting lines, and coverage strengths.
type Known struct {
	Related  map[[2]int]bool // {min, max} contact IDs
	Coverage map[[2]int]int  // {team member, contact} -> strength
}

// RelationConfidence is 1 - 0.5^n, capped at MaxConfidence.
func RelationConfidence(n int) float64 { return capped(1 - math.Pow(0.5, float64(n))) }

// CoverageConfidence is 1 - 0.5^(n-1), capped at MaxConfidence.
func CoverageConfidence(n int) float64 { return capped(1 - math.Pow(0.5, float64(n-1))) }

func capped(c float64) float64 {
	c = math.Round(c*10000) / 10000
	return min(max(c, 0), MaxConfidence)
}

// ImpliedStrength is the coverage strength n meetings in the window imply.
func ImpliedStrength(n int) int {
	if n >= StrongMeetings {
		return 3
	}
	return 2
}

// Pair is the key of Known.Related for two contacts, in either order.
func Pair(a, b int) [2]int {
	if a > b {
		a, b = b, a
	}
	return [2]int{a, b}
}

// RelationKey and CoverageKey are the pair keys.
func RelationKey(a, b int) string {
	if a > b {
		a, b = b, a
	}
	return "R/" + strconv.Itoa(a) + "/" + strconv.Itoa(b)
}

// CoverageKey is a team member and contact's pair key.
func CoverageKey(member, contact int) string {
	return "C/" + strconv.Itoa(member) + "/" + strconv.Itoa(contact)
}

// Derive returns the candidates the meetings support at now, ordered by key.
func Derive(meetings []Meeting, known Known, now time.Time) []Candidate {
	type ev struct {
		account int
		n       int
		last    time.Time
	}
	pairs := map[[2]int]*ev{}
	met := map[[2]int]*ev{}
	add := func(m map[[2]int]*ev, k [2]int, mt Meeting) {
		e := m[k]
		if e == nil {
			e = &ev{account: mt.AccountID}
			m[k] = e
		}
		e.n++
		if mt.OccurredAt.After(e.last) {
			e.last = mt.OccurredAt
		}
	}
	since := now.Add(-Window)
	for _, mt := range meetings {
		if len(mt.Team) == 0 || mt.OccurredAt.After(now) {
			continue
		}
		cs := uniq(mt.Contacts)
		for i := range cs {
			for j := i + 1; j < len(cs) && len(cs) <= MaxGroup; j++ {
				add(pairs, [2]int{cs[i], cs[j]}, mt)
			}
		}
		if mt.OccurredAt.Before(since) {
			continue
		}
		for _, tm := range uniq(mt.Team) {
			for _, c := range cs {
				add(met, [2]int{tm, c}, mt)
			}
		}
	}
	var out []Candidate
	for k, e := range pairs {
		if e.n < MinShared || known.Related[k] {
			continue
		}
		out = append(out, Candidate{Key: RelationKey(k[0], k[1]), AccountID: e.account, Kind: KindRelation,
			ContactID: k[0], OtherID: k[1], Strength: min(e.n, 4), Confidence: RelationConfidence(e.n),
			Evidence: e.n, LastAt: e.last})
	}
	for k, e := range met {
		if e.n < MinMeetings {
			continue
		}
		want := ImpliedStrength(e.n)
		kind := KindCoverage
		if have, ok := known.Coverage[k]; ok {
			if have >= want {
				continue
			}
			kind = KindStrongerCoverage
		}
		out = append(out, Candidate{Key: CoverageKey(k[0], k[1]), AccountID: e.account, Kind: kind,
			ContactID: k[1], MemberID: k[0], Strength: want, Confidence: CoverageConfidence(e.n),
			Evidence: e.n, LastAt: e.last})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// uniq returns ids sorted without duplicates.
func uniq(ids []int) []int {
	out := append([]int(nil), ids...)
	sort.Ints(out)
	n := 0
	for i, id := range out {
		if i == 0 || id != out[n-1] {
			out[n] = id
			n++
		}
	}
	return out[:n]
}
