package analytics

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/contact"
	"rapport/ent/interaction"
	"rapport/ent/survey"
	"rapport/ent/teammember"
	"rapport/internal/chunk"
	"rapport/internal/domain"
)

// Grouping keys, as the API names them.
const (
	ByTier         = "TIER"
	BySegment      = "SEGMENT"
	ByRegion       = "REGION"
	ByAbcClass     = "ABC_CLASS"
	ByClvQuadrant  = "CLV_QUADRANT"
	ByDecisionRole = "DECISION_ROLE"
	ByAttitude     = "ATTITUDE"
	BySeniority    = "SENIORITY"
	ByAccount      = "ACCOUNT"
	ByKind         = "KIND"
	ByMonth        = "MONTH"
	ByTeamMember   = "TEAM_MEMBER"
)

// ContactStats counts contacts per group in one GROUP BY statement (one
// more loads the accounts when grouped by ACCOUNT). coveredCount counts
// contacts an active team member covers at strength 1 or more.
func ContactStats(ctx context.Context, client *ent.Client, groupBy []string, where *ent.ContactWhereInput) ([]*ContactRow, error) {
	q, err := where.Filter(client.Contact.Query())
	if err != nil {
		return nil, fmt.Errorf("contactStats where: %w", err)
	}
	var rows []struct {
		DecisionRole *string `json:"decision_role"`
		Attitude     *string `json:"attitude"`
		Seniority    *string `json:"seniority"`
		AccountID    *int    `json:"account_id"`
		Count        int     `json:"count"`
		AvgInfluence float64 `json:"avg_influence"`
		Covered      int     `json:"covered"`
	}
	err = q.Modify(func(s *sql.Selector) {
		var keys [][2]string
		for _, g := range groupBy {
			switch g {
			case ByDecisionRole:
				keys = append(keys, [2]string{s.C(contact.FieldDecisionRole), "decision_role"})
			case ByAttitude:
				keys = append(keys, [2]string{s.C(contact.FieldAttitude), "attitude"})
			case BySeniority:
				keys = append(keys, [2]string{s.C(contact.FieldSeniority), "seniority"})
			case ByAccount:
				keys = append(keys, [2]string{s.C(contact.FieldAccountID), "account_id"})
			}
		}
		covered := fmt.Sprintf(`SUM(CASE WHEN EXISTS (SELECT 1 FROM coverages cv JOIN team_members tm ON tm.id = cv.team_member_id
			WHERE cv.contact_id = %s AND cv.strength >= 1 AND tm.%s) THEN 1 ELSE 0 END)`, s.C(contact.FieldID), teammember.FieldActive)
		group(s, keys, sql.As("COUNT(*)", "count"), sql.As(avg(s.C(contact.FieldInfluence)), "avg_influence"),
			sql.As("COALESCE("+covered+", 0)", "covered"))
	}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("contactStats: %w", err)
	}
	var accountIDs []int
	for _, r := range rows {
		if r.AccountID != nil {
			accountIDs = append(accountIDs, *r.AccountID)
		}
	}
	accounts, err := accountsByID(ctx, client, accountIDs)
	if err != nil {
		return nil, err
	}
	out := make([]*ContactRow, len(rows))
	for i, r := range rows {
		row := &ContactRow{Count: r.Count, AverageInfluence: r.AvgInfluence, CoveredCount: r.Covered}
		if r.DecisionRole != nil {
			row.DecisionRole = ptr(domain.DecisionRole(*r.DecisionRole))
		}
		if r.Attitude != nil {
			row.Attitude = ptr(domain.Attitude(*r.Attitude))
		}
		if r.Seniority != nil {
			row.Seniority = ptr(contact.Seniority(*r.Seniority))
		}
		if r.AccountID != nil {
			row.Account = accounts[*r.AccountID]
		}
		out[i] = row
	}
	return out, nil
}

// InteractionStats counts interactions and sums their cost per group in
// one GROUP BY statement (plus one per kind of row to load for ACCOUNT and
// TEAM_MEMBER keys, and one more per chunk.Size rows of a kind). from is inclusive, to exclusive. Grouped by
// TEAM_MEMBER, an interaction counts once per participant of ours, and
// interactions without one fall out.
func InteractionStats(ctx context.Context, client *ent.Client, groupBy []string, from, to *time.Time) ([]*InteractionRow, error) {
	q := counted(client)
	if from != nil {
		q = q.Where(interaction.OccurredAtGTE(*from))
	}
	if to != nil {
		q = q.Where(interaction.OccurredAtLT(*to))
	}
	var rows []struct {
		Kind         *string `json:"kind"`
		Month        *string `json:"month"`
		AccountID    *int    `json:"account_id"`
		TeamMemberID *int    `json:"team_member_id"`
		Count        int     `json:"count"`
		Cost         float64 `json:"cost"`
	}
	err := q.Modify(func(s *sql.Selector) {
		var keys [][2]string
		for _, g := range groupBy {
			switch g {
			case ByKind:
				keys = append(keys, [2]string{s.C(interaction.FieldKind), "kind"})
			case ByMonth:
				keys = append(keys, [2]string{month(s, s.C(interaction.FieldOccurredAt)), "month"})
			case ByAccount:
				keys = append(keys, [2]string{s.C(interaction.FieldAccountID), "account_id"})
			case ByTeamMember:
				t := sql.Table(interaction.TeamMembersTable).As("itm")
				s.Join(t).On(s.C(interaction.FieldID), t.C(interaction.TeamMembersPrimaryKey[0]))
				keys = append(keys, [2]string{t.C(interaction.TeamMembersPrimaryKey[1]), "team_member_id"})
			}
		}
		group(s, keys, sql.As("COUNT(*)", "count"), sql.As(sum(s.C(interaction.FieldCost)), "cost"))
	}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("interactionStats: %w", err)
	}
	var accountIDs, memberIDs []int
	for _, r := range rows {
		if r.AccountID != nil {
			accountIDs = append(accountIDs, *r.AccountID)
		}
		if r.TeamMemberID != nil {
			memberIDs = append(memberIDs, *r.TeamMemberID)
		}
	}
	accounts, err := accountsByID(ctx, client, accountIDs)
	if err != nil {
		return nil, err
	}
	members := map[int]*ent.TeamMember{}
	ms, err := chunk.Load(memberIDs, func(ids []int) ([]*ent.TeamMember, error) {
		return client.TeamMember.Query().Where(teammember.IDIn(ids...)).All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("load team members of interactionStats: %w", err)
	}
	for _, m := range ms {
		members[m.ID] = m
	}
	out := make([]*InteractionRow, len(rows))
	for i, r := range rows {
		row := &InteractionRow{Month: r.Month, Count: r.Count, CostSum: r.Cost}
		if r.Kind != nil {
			row.Kind = ptr(interaction.Kind(*r.Kind))
		}
		if r.AccountID != nil {
			row.Account = accounts[*r.AccountID]
		}
		if r.TeamMemberID != nil {
			row.TeamMember = members[*r.TeamMemberID]
		}
		out[i] = row
	}
	return out, nil
}

// counted are the interactions interactionStats and the budgets count, the
// SQL grouping's and the maintained cells' (ReadActivity) alike: a
// condition added here holds for both. Only activity that happened counts:
// a planned or cancelled one has spent nothing yet.
func counted(client *ent.Client) *ent.InteractionQuery {
	return client.Interaction.Query().Where(interaction.StatusEQ(interaction.StatusDONE))
}

// SatisfactionTrend averages survey scores per UTC month, in one GROUP BY
// statement; from is inclusive, to exclusive.
func SatisfactionTrend(ctx context.Context, client *ent.Client, accountID *int, from, to *time.Time) ([]*SatisfactionPoint, error) {
	q := client.Survey.Query()
	if accountID != nil {
		q = q.Where(survey.AccountID(*accountID))
	}
	if from != nil {
		q = q.Where(survey.SurveyedAtGTE(*from))
	}
	if to != nil {
		q = q.Where(survey.SurveyedAtLT(*to))
	}
	var rows []struct {
		Month string  `json:"month"`
		Avg   float64 `json:"avg"`
		Count int     `json:"count"`
	}
	err := q.Modify(func(s *sql.Selector) {
		group(s, [][2]string{{month(s, s.C(survey.FieldSurveyedAt)), "month"}},
			sql.As(avg(s.C(survey.FieldScore)), "avg"), sql.As("COUNT(*)", "count"))
	}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("satisfactionTrend: %w", err)
	}
	out := make([]*SatisfactionPoint, len(rows))
	for i, r := range rows {
		out[i] = &SatisfactionPoint{Month: r.Month, AverageScore: r.Avg, Count: r.Count}
	}
	return out, nil
}

func accountsByID(ctx context.Context, client *ent.Client, ids []int) (map[int]*ent.Account, error) {
	out := map[int]*ent.Account{}
	// A grouping by account and month names each account once a month:
	// read each once, in parts (at scale L, 48,569 IDs in one list were
	// more than SQLite takes).
	accs, err := chunk.Load(ids, func(part []int) ([]*ent.Account, error) {
		return client.Account.Query().Where(account.IDIn(part...)).All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("load %d accounts of a grouping: %w", len(ids), err)
	}
	for _, a := range accs {
		out[a.ID] = a
	}
	return out, nil
}

func ptr[T any](v T) *T { return &v }
