package analytics

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/ent/budget"
	"rapport/ent/interaction"
	"rapport/internal/apperr"
)

var periodPattern = regexp.MustCompile(`^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$`)

// Period returns the UTC interval [start, end) a budget period names: a
// year (2026), a quarter (2026-Q3) or a month (2026-07).
func Period(p string) (start, end time.Time, err error) {
	m := periodPattern.FindStringSubmatch(p)
	if m == nil {
		return start, end, apperr.Invalid("period", "must be a year (2026), a quarter (2026-Q3) or a month (2026-07), got %q", p)
	}
	year, _ := strconv.Atoi(m[1])
	switch {
	case m[2] != "":
		q, _ := strconv.Atoi(m[2])
		start = time.Date(year, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
		return start, start.AddDate(0, 3, 0), nil
	case m[3] != "":
		mo, _ := strconv.Atoi(m[3])
		start = time.Date(year, time.Month(mo), 1, 0, 0, 0, 0, time.UTC)
		return start, start.AddDate(0, 1, 0), nil
	}
	start = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	return start, start.AddDate(1, 0, 0), nil
}

// Budget compares an account's planned relationship budget for a period
// with the cost of its interactions in that period, in two statements.
// It is nil when nothing was planned and nothing spent.
func Budget(ctx context.Context, client *ent.Client, accountID int, period string) (*BudgetStatus, error) {
	start, end, err := Period(period)
	if err != nil {
		return nil, err
	}
	var planned float64
	b, err := client.Budget.Query().Where(budget.AccountID(accountID), budget.Period(period)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
	case err != nil:
		return nil, fmt.Errorf("load budget of account %d for %s: %w", accountID, period, err)
	default:
		planned = b.Planned
	}
	var rows []struct {
		Spent float64 `json:"spent"`
	}
	err = counted(client).
		Where(interaction.AccountID(accountID), interaction.OccurredAtGTE(start), interaction.OccurredAtLT(end)).
		Modify(func(s *sql.Selector) { s.Select(sql.As(sum(s.C(interaction.FieldCost)), "spent")) }).
		Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("sum interaction costs of account %d for %s: %w", accountID, period, err)
	}
	var spent float64
	if len(rows) > 0 {
		spent = rows[0].Spent
	}
	if b == nil && spent == 0 {
		return nil, nil
	}
	return &BudgetStatus{Period: period, Planned: planned, Spent: spent, Remaining: planned - spent, Overrun: spent > planned}, nil
}
