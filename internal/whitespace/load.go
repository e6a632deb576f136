package whitespace

import (
	"context"
	"fmt"
	"sort"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/accountoffering"
	"rapport/ent/offering"
	"rapport/internal/chunk"
	"rapport/internal/domain"
)

// Needs are the customer's needs an offering answers at an account.
type Needs struct {
	Current, Met, Future *string
}

// RowView is one account's row of a loaded grid.
type RowView struct {
	Account                              *ent.Account
	Cells                                []*Cell
	CurrentRevenue, Whitespace           float64
	GroupCurrentRevenue, GroupWhitespace float64
}

// ColumnView is one offering's column total.
type ColumnView struct {
	Offering                   *ent.Offering
	CurrentRevenue, Whitespace float64
}

// View is a loaded grid as the API shows it.
type View struct {
	Offerings                            []*ent.Offering
	Rows                                 []*RowView
	Columns                              []*ColumnView
	TotalCurrentRevenue, TotalWhitespace float64
}

// Filter picks the grid's rows and columns; zero values pick all.
type Filter struct {
	AccountIDs, OfferingIDs []int
	Tier                    *domain.Tier
	IncludeSubsidiaries     bool
}

// Load reads and builds the grid in a constant number of statements (one
// more per chunk.Size IDs a filter names): the accounts, the offerings,
// the accounts' parents (for the roll-up) and the account offerings. The
// client's viewer scopes each read, so an account the viewer may not read
// is neither a row nor rolled up into one.
func Load(ctx context.Context, client *ent.Client, f Filter) (*View, error) {
	accounts, err := loadAccounts(ctx, client, f)
	if err != nil {
		return nil, err
	}
	oq := client.Offering.Query().Order(ent.Asc(offering.FieldName), ent.Asc(offering.FieldID))
	var offerings []*ent.Offering
	if len(f.OfferingIDs) > 0 {
		offerings, err = chunk.Load(f.OfferingIDs, func(part []int) ([]*ent.Offering, error) {
			return oq.Clone().Where(offering.IDIn(part...)).All(ctx)
		})
		sortOfferings(offerings)
	} else {
		offerings, err = oq.Where(offering.Active(true)).All(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("load offerings: %w", err)
	}
	accountIDs := make([]int, len(accounts))
	for i, a := range accounts {
		accountIDs[i] = a.ID
	}
	offeringIDs := make([]int, len(offerings))
	for i, o := range offerings {
		offeringIDs[i] = o.ID
	}

	// Rows are read for the grid's accounts and, to roll up, for their
	// subsidiaries (the ones the viewer may read, at any depth).
	var parent map[int]int
	wanted := map[int]bool{}
	for _, id := range accountIDs {
		wanted[id] = true
	}
	if f.IncludeSubsidiaries && len(accounts) > 0 {
		var all []struct {
			ID       int  `json:"id"`
			ParentID *int `json:"parent_id"`
		}
		if err := client.Account.Query().Where(account.ParentIDNotNil()).
			Select(account.FieldID, account.FieldParentID).Scan(ctx, &all); err != nil {
			return nil, fmt.Errorf("load the account hierarchy: %w", err)
		}
		parent = make(map[int]int, len(all))
		children := map[int][]int{}
		for _, a := range all {
			parent[a.ID] = *a.ParentID
			children[*a.ParentID] = append(children[*a.ParentID], a.ID)
		}
		queue := append([]int(nil), accountIDs...)
		for len(queue) > 0 {
			id := queue[0]
			queue = queue[1:]
			for _, ch := range children[id] {
				if !wanted[ch] {
					wanted[ch] = true
					queue = append(queue, ch)
				}
			}
		}
	}
	var rows []Row
	if len(accounts) > 0 && len(offerings) > 0 {
		rows, err = loadRows(ctx, client, f, wanted, offeringIDs)
		if err != nil {
			return nil, err
		}
	}
	g := Build(accountIDs, offeringIDs, rows, parent)
	return view(g, accounts, offerings), nil
}

func loadAccounts(ctx context.Context, client *ent.Client, f Filter) ([]*ent.Account, error) {
	q := client.Account.Query().Order(ent.Asc(account.FieldName), ent.Asc(account.FieldID))
	if f.Tier != nil {
		q.Where(account.TierEQ(*f.Tier))
	}
	if len(f.AccountIDs) == 0 {
		as, err := q.All(ctx)
		if err != nil {
			return nil, fmt.Errorf("load accounts: %w", err)
		}
		return as, nil
	}
	as, err := chunk.Load(f.AccountIDs, func(part []int) ([]*ent.Account, error) {
		return q.Clone().Where(account.IDIn(part...)).All(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("load %d accounts: %w", len(f.AccountIDs), err)
	}
	sortAccounts(as)
	return as, nil
}

// loadRows reads the account offerings of the wanted accounts: by account
// when the grid names few of them, else by offering (a grid of every
// account reads every row of its columns once, with no ID list of
// accounts).
func loadRows(ctx context.Context, client *ent.Client, f Filter, wanted map[int]bool, offeringIDs []int) ([]Row, error) {
	sel := []string{accountoffering.FieldAccountID, accountoffering.FieldOfferingID, accountoffering.FieldCurrentRevenue,
		accountoffering.FieldPotential, accountoffering.FieldStatus, accountoffering.FieldCurrentNeed,
		accountoffering.FieldNeedMet, accountoffering.FieldFutureNeed}
	var aos []*ent.AccountOffering
	var err error
	if len(f.AccountIDs) > 0 && len(wanted) <= chunk.Size {
		ids := make([]int, 0, len(wanted))
		for id := range wanted {
			ids = append(ids, id)
		}
		aos, err = chunk.Load(SortedIDs(ids), func(part []int) ([]*ent.AccountOffering, error) {
			return client.AccountOffering.Query().Where(accountoffering.AccountIDIn(part...),
				accountoffering.OfferingIDIn(offeringIDs...)).Select(sel...).All(ctx)
		})
	} else {
		aos, err = chunk.Load(offeringIDs, func(part []int) ([]*ent.AccountOffering, error) {
			return client.AccountOffering.Query().Where(accountoffering.OfferingIDIn(part...)).Select(sel...).All(ctx)
		})
	}
	if err != nil {
		return nil, fmt.Errorf("load account offerings: %w", err)
	}
	rows := make([]Row, 0, len(aos))
	for _, ao := range aos {
		if !wanted[ao.AccountID] {
			continue
		}
		r := Row{AccountID: ao.AccountID, OfferingID: ao.OfferingID, Current: ao.CurrentRevenue,
			Potential: ao.Potential, Status: string(ao.Status)}
		if ao.CurrentNeed != "" || ao.NeedMet != "" || ao.FutureNeed != "" {
			r.Needs = &Needs{Current: nonEmpty(ao.CurrentNeed), Met: nonEmpty(ao.NeedMet), Future: nonEmpty(ao.FutureNeed)}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

func view(g Grid, accounts []*ent.Account, offerings []*ent.Offering) *View {
	n := len(offerings)
	v := &View{Offerings: offerings, Rows: make([]*RowView, len(accounts)), Columns: make([]*ColumnView, n),
		TotalCurrentRevenue: g.TotalCurrent, TotalWhitespace: g.TotalWhitespace}
	for j, o := range offerings {
		v.Columns[j] = &ColumnView{Offering: o, Whitespace: g.OfferingWhitespace[j]}
	}
	rowViews := make([]RowView, len(accounts))
	cells := make([]*Cell, len(g.Cells))
	for k := range g.Cells {
		cells[k] = &g.Cells[k]
	}
	for i, a := range accounts {
		r := &rowViews[i]
		r.Account, r.Cells = a, cells[i*n:(i+1)*n:(i+1)*n]
		for j, c := range r.Cells {
			r.CurrentRevenue += c.CurrentRevenue
			r.Whitespace += c.Whitespace
			r.GroupCurrentRevenue += c.CurrentRevenue + c.SubsidiariesCurrentRevenue
			r.GroupWhitespace += c.Whitespace + c.SubsidiariesWhitespace
			v.Columns[j].CurrentRevenue += c.CurrentRevenue
		}
		v.Rows[i] = r
	}
	return v
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func sortAccounts(as []*ent.Account) {
	sort.SliceStable(as, func(i, j int) bool {
		if as[i].Name != as[j].Name {
			return as[i].Name < as[j].Name
		}
		return as[i].ID < as[j].ID
	})
}

func sortOfferings(os []*ent.Offering) {
	sort.SliceStable(os, func(i, j int) bool {
		if os[i].Name != os[j].Name {
			return os[i].Name < os[j].Name
		}
		return os[i].ID < os[j].ID
	})
}
