package suggest

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/contactrelation"
	"rapport/ent/coverage"
	"rapport/ent/interaction"
	"rapport/ent/predicate"
	"rapport/ent/suggestion"
	"rapport/ent/teammember"
	"rapport/internal/auth"
	"rapport/internal/chunk"
	"rapport/internal/ofaccount"
)

// Result counts what a refresh wrote.
type Result struct {
	Created, Updated, Reopened, Removed int
}

// Refresh brings the suggestions of accounts up to their evidence at now.
// Its reads are five statements per chunk.Size accounts whatever their
// data (meetings' contacts, meetings' team, relations, coverages, the
// suggestions kept); its writes one statement per suggestion created (in
// bulk), changed or reopened, and one for those removed. client may be a
// transaction's.
func Refresh(ctx context.Context, client *ent.Client, accounts []int, now time.Time) (Result, error) {
	ctx = auth.WithViewer(ctx, auth.System)
	var res Result
	for _, part := range chunk.IDs(accounts, chunk.Size) {
		r, err := refresh(ctx, client, part, now)
		if err != nil {
			return res, fmt.Errorf("suggest: refresh %d accounts: %w", len(part), err)
		}
		res.Created += r.Created
		res.Updated += r.Updated
		res.Reopened += r.Reopened
		res.Removed += r.Removed
	}
	return res, nil
}

// RefreshAll refreshes every account (the demo's first start).
func RefreshAll(ctx context.Context, client *ent.Client, now time.Time) (Result, error) {
	ids, err := client.Account.Query().IDs(auth.WithViewer(ctx, auth.System))
	if err != nil {
		return Result{}, err
	}
	return Refresh(ctx, client, ids, now)
}

func refresh(ctx context.Context, client *ent.Client, accounts []int, now time.Time) (Result, error) {
	cands, err := candidates(ctx, client, accounts, now)
	if err != nil {
		return Result{}, err
	}
	return write(ctx, client, accounts, cands, now)
}

// candidates reads the evidence of accounts and derives what it supports:
// four statements, reads only (the engine runs them outside its write
// transaction, which on SQLite holds the one write lock).
func candidates(ctx context.Context, client *ent.Client, accounts []int, now time.Time) ([]Candidate, error) {
	known, err := loadKnown(ctx, client, accounts, now)
	if err != nil {
		return nil, err
	}
	meetings, err := loadMeetings(ctx, client, accounts, known.Related)
	if err != nil {
		return nil, err
	}
	return Derive(meetings, known, now), nil
}

// write brings the suggestions kept for accounts to cands: one read of
// them, then the writes.
func write(ctx context.Context, client *ent.Client, accounts []int, cands []Candidate, now time.Time) (Result, error) {
	var res Result
	kept, err := client.Suggestion.Query().Where(suggestion.AccountIDIn(accounts...)).All(ctx)
	if err != nil {
		return res, err
	}
	byKey := make(map[string]*ent.Suggestion, len(kept))
	for _, s := range kept {
		byKey[s.PairKey] = s
	}
	var creates []*ent.SuggestionCreate
	seen := map[string]bool{}
	for _, c := range cands {
		seen[c.Key] = true
		s := byKey[c.Key]
		switch {
		case s == nil:
			cr := client.Suggestion.Create().SetAccountID(c.AccountID).SetKind(suggestion.Kind(c.Kind)).
				SetContactID(c.ContactID).SetStrength(c.Strength).SetConfidence(c.Confidence).
				SetEvidenceCount(c.Evidence).SetLastEvidenceAt(c.LastAt).SetPairKey(c.Key).SetDerivedAt(now)
			if c.Kind == KindRelation {
				cr.SetOtherContactID(c.OtherID).SetRelationKind(ProposedRelation)
			} else {
				cr.SetTeamMemberID(c.MemberID)
			}
			creates = append(creates, cr)
		case s.State == suggestion.StatePENDING:
			if same(s, c) {
				continue
			}
			if err := s.Update().SetKind(suggestion.Kind(c.Kind)).SetStrength(c.Strength).
				SetConfidence(c.Confidence).SetEvidenceCount(c.Evidence).SetLastEvidenceAt(c.LastAt).
				SetDerivedAt(now).Exec(ctx); err != nil {
				return res, err
			}
			res.Updated++
		case c.Evidence > s.DecidedEvidence:
			// Decided on less evidence than there is now: back to the queue.
			if err := s.Update().SetState(suggestion.StatePENDING).ClearDecidedBy().ClearDecidedAt().
				SetKind(suggestion.Kind(c.Kind)).SetStrength(c.Strength).
				SetConfidence(c.Confidence).SetEvidenceCount(c.Evidence).SetLastEvidenceAt(c.LastAt).
				SetDerivedAt(now).Exec(ctx); err != nil {
				return res, err
			}
			res.Reopened++
		}
	}
	if len(creates) > 0 {
		if err := client.Suggestion.CreateBulk(creates...).Exec(ctx); err != nil {
			return res, err
		}
		res.Created = len(creates)
	}
	var gone []int
	for _, s := range kept {
		if s.State == suggestion.StatePENDING && !seen[s.PairKey] {
			gone = append(gone, s.ID)
		}
	}
	if len(gone) > 0 {
		n, err := client.Suggestion.Delete().Where(suggestion.IDIn(gone...)).Exec(ctx)
		if err != nil {
			return res, err
		}
		res.Removed = n
	}
	return res, nil
}

func same(s *ent.Suggestion, c Candidate) bool {
	return string(s.Kind) == c.Kind && s.Strength == c.Strength && s.Confidence == c.Confidence &&
		s.EvidenceCount == c.Evidence && s.LastEvidenceAt.Equal(c.LastAt)
}

// loadMeetings reads the DONE interactions of accounts with their active
// people of the same account and our active team members: two statements.
// It adds each attendee's reporting line to related.
func loadMeetings(ctx context.Context, client *ent.Client, accounts []int, related map[[2]int]bool) ([]Meeting, error) {
	var crow []struct {
		ID         int       `json:"id"`
		AccountID  int       `json:"account_id"`
		OccurredAt time.Time `json:"occurred_at"`
		ContactID  int       `json:"contact_id"`
		ReportsTo  *int      `json:"reports_to_id"`
	}
	err := client.Interaction.Query().
		Where(interaction.AccountIDIn(accounts...), interaction.StatusEQ(interaction.StatusDONE)).
		Modify(func(s *sql.Selector) {
			ic := sql.Table(interaction.ContactsTable).As("ic")
			ct := sql.Table(contact.Table).As("ct")
			s.Join(ic).On(s.C(interaction.FieldID), ic.C(interaction.ContactsPrimaryKey[0])).
				Join(ct).On(ct.C(contact.FieldID), ic.C(interaction.ContactsPrimaryKey[1])).
				Where(sql.And(
					sql.ColumnsEQ(ct.C(contact.FieldAccountID), s.C(interaction.FieldAccountID)),
					sql.EQ(ct.C(contact.FieldStatus), contact.StatusACTIVE))).
				Select(sql.As(s.C(interaction.FieldID), "id"), sql.As(s.C(interaction.FieldAccountID), "account_id"),
					sql.As(s.C(interaction.FieldOccurredAt), "occurred_at"),
					sql.As(ic.C(interaction.ContactsPrimaryKey[1]), "contact_id"),
					sql.As(ct.C(contact.FieldReportsToID), "reports_to_id"))
		}).Scan(ctx, &crow)
	if err != nil {
		return nil, fmt.Errorf("meetings' contacts: %w", err)
	}
	var trow []struct {
		ID     int `json:"id"`
		Member int `json:"team_member_id"`
	}
	err = client.Interaction.Query().
		Where(interaction.AccountIDIn(accounts...), interaction.StatusEQ(interaction.StatusDONE)).
		Modify(func(s *sql.Selector) {
			it := sql.Table(interaction.TeamMembersTable).As("it")
			tm := sql.Table(teammember.Table).As("tm")
			s.Join(it).On(s.C(interaction.FieldID), it.C(interaction.TeamMembersPrimaryKey[0])).
				Join(tm).On(tm.C(teammember.FieldID), it.C(interaction.TeamMembersPrimaryKey[1])).
				Where(sql.EQ(tm.C(teammember.FieldActive), true)).
				Select(sql.As(s.C(interaction.FieldID), "id"),
					sql.As(it.C(interaction.TeamMembersPrimaryKey[1]), "team_member_id"))
		}).Scan(ctx, &trow)
	if err != nil {
		return nil, fmt.Errorf("meetings' team: %w", err)
	}
	byID := map[int]*Meeting{}
	var order []int
	for _, r := range crow {
		m := byID[r.ID]
		if m == nil {
			m = &Meeting{ID: r.ID, AccountID: r.AccountID, OccurredAt: r.OccurredAt}
			byID[r.ID] = m
			order = append(order, r.ID)
		}
		m.Contacts = append(m.Contacts, r.ContactID)
		if r.ReportsTo != nil {
			// A reporting line is a relation already; read here, with the
			// attendee, rather than in a statement of its own.
			related[Pair(r.ContactID, *r.ReportsTo)] = true
		}
	}
	for _, r := range trow {
		if m := byID[r.ID]; m != nil {
			m.Team = append(m.Team, r.Member)
		}
	}
	out := make([]Meeting, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return out, nil
}

// loadKnown reads the relations in force at now between the accounts'
// people and the coverage of them: two statements.
func loadKnown(ctx context.Context, client *ent.Client, accounts []int, now time.Time) (Known, error) {
	k := Known{Related: map[[2]int]bool{}, Coverage: map[[2]int]int{}}
	rels, err := client.ContactRelation.Query().
		Where(predicate.ContactRelation(func(s *sql.Selector) {
			s.Where(ofaccount.Contacts(s, contactrelation.FieldFromID, accounts...))
		}),
			contactrelation.Or(contactrelation.ValidToIsNil(), contactrelation.ValidToGT(now))).
		Select(contactrelation.FieldFromID, contactrelation.FieldToID).All(ctx)
	if err != nil {
		return k, fmt.Errorf("relations: %w", err)
	}
	for _, r := range rels {
		a, b := r.FromID, r.ToID
		if a > b {
			a, b = b, a
		}
		k.Related[[2]int{a, b}] = true
	}
	covs, err := client.Coverage.Query().
		Where(predicate.Coverage(func(s *sql.Selector) { s.Where(ofaccount.Contacts(s, coverage.FieldContactID, accounts...)) })).
		Select(coverage.FieldTeamMemberID, coverage.FieldContactID, coverage.FieldStrength).All(ctx)
	if err != nil {
		return k, fmt.Errorf("coverage: %w", err)
	}
	for _, c := range covs {
		k.Coverage[[2]int{c.TeamMemberID, c.ContactID}] = c.Strength
	}
	return k, nil
}
