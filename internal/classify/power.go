package classify

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/internal/apperr"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/roster"
)

// High power and high interest start at 4 on the 1-5 scales: 3 is the
// default a contact gets before anyone assesses them, and an unassessed
// contact belongs in MONITOR, not MANAGE_CLOSELY.
const (
	HighPower    = 4
	HighInterest = 4
)

// Place puts a stakeholder on the power/interest grid.
func Place(influence, interest int) domain.PowerQuadrant {
	switch {
	case influence >= HighPower && interest >= HighInterest:
		return domain.PowerManageClosely
	case influence >= HighPower:
		return domain.PowerKeepSatisfied
	case interest >= HighInterest:
		return domain.PowerKeepInformed
	}
	return domain.PowerMonitor
}

// Support is the influence-weighted attitude of stakeholders, -1 (all
// opponents) to 1 (all champions): Σ influence·score/2 / Σ influence, with
// score champion 2 ... opponent -2. 0 when there is nobody.
func Support(entries []*PowerEntry) float64 {
	var sum, weights float64
	for _, e := range entries {
		sum += float64(e.Influence) * float64(e.Attitude.Score()) / 2
		weights += float64(e.Influence)
	}
	if weights == 0 {
		return 0
	}
	return sum / weights
}

// LoadPowerMap places an account's active stakeholders, most influential
// first: its own people, and those who hold a role there with the role's
// influence (issue 16 point 7, internal/roster). Four statements after the
// account check, whatever the people.
func LoadPowerMap(ctx context.Context, client *ent.Client, accountID int) (*PowerMap, error) {
	ok, err := client.Account.Query().Where(account.ID(accountID)).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("find account %d: %w", accountID, err)
	}
	if !ok {
		return nil, apperr.New(apperr.NotFound, "accountId", "no account %s", gid.Encode(accountID))
	}
	ro, err := roster.Load(ctx, client, []int{accountID})
	if err != nil {
		return nil, fmt.Errorf("load stakeholders of account %d: %w", accountID, err)
	}
	people := ro.People[accountID]
	pm := &PowerMap{Stakeholders: make([]*PowerEntry, len(people))}
	for i, p := range people {
		at := p.At
		pm.Stakeholders[i] = &PowerEntry{Contact: p.Contact, Influence: at.Influence, Interest: at.Interest,
			Attitude: at.Attitude, Quadrant: Place(at.Influence, at.Interest)}
	}
	slices.SortFunc(pm.Stakeholders, func(a, b *PowerEntry) int {
		return cmp.Or(cmp.Compare(b.Influence, a.Influence), cmp.Compare(b.Interest, a.Interest),
			cmp.Compare(a.Contact.Name, b.Contact.Name), cmp.Compare(a.Contact.ID, b.Contact.ID))
	})
	pm.Support = Support(pm.Stakeholders)
	return pm, nil
}
