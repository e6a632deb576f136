// Package orglayer holds the organizational layer of a relationship: the
// rules engagements and executive pairings are written under, and the
// health of each pairing (when the two last met, how well they know each
// other).
package orglayer

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/executivepairing"
	"rapport/ent/interaction"
	"rapport/ent/teammember"
	"rapport/internal/chunk"
	"rapport/internal/domain"
)

// State is a pairing's health in one word.
type State string

// States, from best to worst.
const (
	StateHealthy  State = "HEALTHY"   // met within 90 days, working coverage (2+)
	StateAtRisk   State = "AT_RISK"   // last met 91-180 days ago, or coverage below 2
	StateStale    State = "STALE"     // last met more than 180 days ago
	StateNeverMet State = "NEVER_MET" // no meeting of the two on record
	StateLapsed   State = "LAPSED"    // one of the two has left
	StateEnded    State = "ENDED"     // the pairing was ended
)

// Values lists the states for the GraphQL enum.
func (State) Values() []string {
	return []string{"HEALTHY", "AT_RISK", "STALE", "NEVER_MET", "LAPSED", "ENDED"}
}

// MarshalGQL writes the state as a GraphQL enum value.
func (s State) MarshalGQL(w io.Writer) { domain.WriteQuoted(w, string(s)) }

// UnmarshalGQL reads a GraphQL enum value.
func (s *State) UnmarshalGQL(v any) error {
	return domain.UnmarshalEnum(v, "PairingState", s.Values(), (*string)(s))
}

// Thresholds and the half-life of recency, in days.
const (
	halfLifeDays = 90
	atRiskDays   = 90
	staleDays    = 180
)

// meetingKinds are the interactions in which two people meet: calls,
// emails, hotline tickets and complaints do not count.
var meetingKinds = []interaction.Kind{
	interaction.KindCOMPANY_VISIT, interaction.KindSHOWCASE_VISIT, interaction.KindONSITE_MEETING,
	interaction.KindTECH_EXCHANGE, interaction.KindMANAGEMENT_RESEARCH, interaction.KindSUMMIT,
	interaction.KindDINNER_EVENT, interaction.KindTRAINING,
}

// Health is a pairing's health:
//
//	recency  = 0.5 ^ (days since the two last met / 90), 0 when never met
//	score    = round(100 x (0.5 x strength / 4 + 0.5 x recency))
//
// where strength is the coverage between our executive and theirs (0..4,
// 0 with none).
type Health struct {
	LastMetAt        *time.Time
	DaysSinceMet     *int
	MeetingsLastYear int
	Strength         int
	Score            int
	State            State
	Explanation      string
}

// Facts are what a pairing's health is computed from.
type Facts struct {
	Ended, MemberInactive, ContactLeft bool
	Strength                           int
	LastMet                            *time.Time
	MeetingsLastYear                   int
}

// Compute works out a pairing's health at now.
func Compute(f Facts, now time.Time) *Health {
	h := &Health{LastMetAt: f.LastMet, MeetingsLastYear: f.MeetingsLastYear, Strength: f.Strength}
	recency := 0.0
	days := -1
	if f.LastMet != nil {
		days = int(now.Sub(*f.LastMet).Hours() / 24)
		days = max(days, 0)
		h.DaysSinceMet = &days
		recency = math.Pow(0.5, float64(days)/halfLifeDays)
	}
	h.Score = int(math.Round(100 * (0.5*float64(f.Strength)/4 + 0.5*recency)))
	met := "never met"
	if days >= 0 {
		met = fmt.Sprintf("last met %d days ago (recency %.2f), %d meetings in the last year", days, recency, f.MeetingsLastYear)
	}
	switch {
	case f.Ended:
		h.State = StateEnded
	case f.MemberInactive && f.ContactLeft:
		h.State = StateLapsed
		met = "both executives have left; " + met
	case f.MemberInactive:
		h.State = StateLapsed
		met = "our executive is no longer active; " + met
	case f.ContactLeft:
		h.State = StateLapsed
		met = "their executive has left; " + met
	case days < 0:
		h.State = StateNeverMet
	case days > staleDays:
		h.State = StateStale
	case days > atRiskDays || f.Strength < 2:
		h.State = StateAtRisk
	default:
		h.State = StateHealthy
	}
	h.Explanation = fmt.Sprintf("%s; coverage strength %d of 4; score = round(100 x (0.5 x %d/4 + 0.5 x %.2f)) = %d",
		met, f.Strength, f.Strength, recency, h.Score)
	return h
}

// Load computes the health of pairings with three statements whatever
// their number: the people's status, the coverage between each pair, and
// the meetings both took part in (read through the caller's client, so a
// scoped viewer's numbers come from what they may read).
func Load(ctx context.Context, c *ent.Client, ids []int, now time.Time) (map[int]*Health, error) {
	pairs, err := c.ExecutivePairing.Query().Where(executivepairing.IDIn(ids...)).
		WithTeamMember(func(q *ent.TeamMemberQuery) { q.Select(teammember.FieldID, teammember.FieldActive) }).
		WithContact(func(q *ent.ContactQuery) { q.Select(contact.FieldID, contact.FieldStatus) }).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load pairings: %w", err)
	}
	type pair struct{ tm, c int }
	facts := make(map[pair]*Facts, len(pairs))
	var tms, cs []int
	for _, p := range pairs {
		f := &Facts{Ended: p.Status == executivepairing.StatusENDED}
		if p.Edges.TeamMember != nil {
			f.MemberInactive = !p.Edges.TeamMember.Active
		}
		if p.Edges.Contact != nil {
			f.ContactLeft = p.Edges.Contact.Status == contact.StatusLEFT
		}
		facts[pair{p.TeamMemberID, p.ContactID}] = f
		tms, cs = append(tms, p.TeamMemberID), append(cs, p.ContactID)
	}
	out := make(map[int]*Health, len(pairs))
	if len(pairs) == 0 {
		return out, nil
	}
	tms, cs = chunk.IDs(tms, 0)[0], chunk.IDs(cs, 0)[0]
	covs, err := c.Coverage.Query().
		Where(coverage.TeamMemberIDIn(tms...), coverage.ContactIDIn(cs...)).
		Select(coverage.FieldTeamMemberID, coverage.FieldContactID, coverage.FieldStrength).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load pairing coverage: %w", err)
	}
	for _, cv := range covs {
		if f := facts[pair{cv.TeamMemberID, cv.ContactID}]; f != nil {
			f.Strength = cv.Strength
		}
	}
	meetings, err := c.Interaction.Query().
		Where(
			interaction.KindIn(meetingKinds...),
			interaction.OccurredAtLTE(now),
			interaction.HasTeamMembersWith(teammember.IDIn(tms...)),
			interaction.HasContactsWith(contact.IDIn(cs...)),
		).
		Select(interaction.FieldID, interaction.FieldOccurredAt).
		WithTeamMembers(func(q *ent.TeamMemberQuery) { q.Where(teammember.IDIn(tms...)).Select(teammember.FieldID) }).
		WithContacts(func(q *ent.ContactQuery) { q.Where(contact.IDIn(cs...)).Select(contact.FieldID) }).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load pairing meetings: %w", err)
	}
	yearAgo := now.AddDate(-1, 0, 0)
	for _, in := range meetings {
		for _, tm := range in.Edges.TeamMembers {
			for _, ct := range in.Edges.Contacts {
				f := facts[pair{tm.ID, ct.ID}]
				if f == nil {
					continue
				}
				at := in.OccurredAt
				if f.LastMet == nil || at.After(*f.LastMet) {
					f.LastMet = &at
				}
				if at.After(yearAgo) {
					f.MeetingsLastYear++
				}
			}
		}
	}
	for _, p := range pairs {
		out[p.ID] = Compute(*facts[pair{p.TeamMemberID, p.ContactID}], now)
	}
	return out, nil
}
