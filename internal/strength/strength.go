// Package strength derives how strong a relationship is from the
// interactions that fed it, so that the recorded coverage strength can be
// checked against what actually happened.
package strength

import (
	"context"
	"fmt"
	"math"
	"time"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/ent/coverage"
	"rapport/ent/interaction"
	"rapport/internal/chunk"
)

// The formula: each interaction between the team member and the contact
// counts its kind's weight, halved every HalfLifeDays of age; the sum S
// saturates onto the coverage scale as
//
//	computedStrength = 4 · (1 − e^(−S/4))
//
// so one dinner this week gives 2.1, a steady monthly rhythm of meetings
// approaches 4, and a relationship left alone decays toward 0.
const (
	HalfLifeDays = 90
	Max          = 4.0
)

// KindWeights: meeting in person, on their ground or over a meal, builds
// more than a message. Kinds missing here weigh 1. A complaint weighs 0: it
// is the customer telling us something went wrong, not a relationship
// growing (issue 16).
var KindWeights = map[interaction.Kind]float64{
	interaction.KindCOMPANY_VISIT:       3,
	interaction.KindDINNER_EVENT:        3,
	interaction.KindSHOWCASE_VISIT:      2.5,
	interaction.KindSUMMIT:              2,
	interaction.KindONSITE_MEETING:      2,
	interaction.KindTECH_EXCHANGE:       1.5,
	interaction.KindMANAGEMENT_RESEARCH: 1.5,
	interaction.KindTRAINING:            1.5,
	interaction.KindCALL:                1,
	interaction.KindEMAIL:               0.5,
	interaction.KindHOTLINE:             0.5,
	interaction.KindCOMPLAINT:           0,
}

// Event is one interaction as the formula sees it.
type Event struct {
	Kind interaction.Kind
	At   time.Time
}

// Score applies the formula to a pair's interactions. Future ones (planned
// meetings) count as today's.
func Score(events []Event, now time.Time) float64 {
	var s float64
	for _, e := range events {
		w, ok := KindWeights[e.Kind]
		if !ok {
			w = 1
		}
		days := max(now.Sub(e.At).Hours()/24, 0)
		s += w * math.Pow(0.5, days/HalfLifeDays)
	}
	return Max * (1 - math.Exp(-s/Max))
}

// Computed returns the computed strength of several coverages with two
// statements for each chunk.Size of them: the coverages' pairs, and the
// interactions both sides of a pair took part in.
func Computed(ctx context.Context, client *ent.Client, coverageIDs []int, now time.Time) (map[int]float64, error) {
	return chunk.Map(coverageIDs, chunk.Size, func(ids []int) (map[int]float64, error) {
		return computed(ctx, client, ids, now)
	})
}

func computed(ctx context.Context, client *ent.Client, coverageIDs []int, now time.Time) (map[int]float64, error) {
	covs, err := client.Coverage.Query().Where(coverage.IDIn(coverageIDs...)).
		Select(coverage.FieldTeamMemberID, coverage.FieldContactID).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load %d coverages: %w", len(coverageIDs), err)
	}
	var members, contacts []int
	for _, c := range covs {
		members = append(members, c.TeamMemberID)
		contacts = append(contacts, c.ContactID)
	}
	var rows []struct {
		ContactID    int       `json:"contact_id"`
		TeamMemberID int       `json:"team_member_id"`
		Kind         string    `json:"kind"`
		OccurredAt   time.Time `json:"occurred_at"`
	}
	if len(covs) > 0 {
		err = client.Interaction.Query().Modify(func(s *sql.Selector) {
			ic := sql.Table(interaction.ContactsTable).As("ic")
			itm := sql.Table(interaction.TeamMembersTable).As("itm")
			s.Join(ic).On(s.C(interaction.FieldID), ic.C(interaction.ContactsPrimaryKey[0])).
				Join(itm).On(s.C(interaction.FieldID), itm.C(interaction.TeamMembersPrimaryKey[0])).
				Where(sql.And(
					sql.InInts(ic.C(interaction.ContactsPrimaryKey[1]), contacts...),
					sql.InInts(itm.C(interaction.TeamMembersPrimaryKey[1]), members...),
				)).
				Select(sql.As(ic.C(interaction.ContactsPrimaryKey[1]), "contact_id"),
					sql.As(itm.C(interaction.TeamMembersPrimaryKey[1]), "team_member_id"),
					sql.As(s.C(interaction.FieldKind), "kind"),
					sql.As(s.C(interaction.FieldOccurredAt), "occurred_at"))
		}).Scan(ctx, &rows)
		if err != nil {
			return nil, fmt.Errorf("load interactions of %d coverages: %w", len(covs), err)
		}
	}
	type pair struct{ member, contact int }
	events := map[pair][]Event{}
	for _, r := range rows {
		p := pair{r.TeamMemberID, r.ContactID}
		events[p] = append(events[p], Event{Kind: interaction.Kind(r.Kind), At: r.OccurredAt})
	}
	out := make(map[int]float64, len(covs))
	for _, c := range covs {
		out[c.ID] = Score(events[pair{c.TeamMemberID, c.ContactID}], now)
	}
	return out, nil
}
