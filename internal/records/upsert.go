package records

import (
	"context"
	"fmt"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/contact"
	"rapport/internal/apperr"
	"rapport/internal/domain"
)

// UpsertAccountInput is the GraphQL UpsertAccountInput: CreateAccountInput's
// fields keyed by ExternalID, with the parent also accepted by external ID.
type UpsertAccountInput struct {
	ExternalID       string
	Name             string
	Segment          *account.Segment
	Industry         *string
	Region           *string
	Tier             *domain.Tier
	AnnualRevenue    *float64
	PotentialValue   *float64
	LifecycleStage   *account.LifecycleStage
	LoyaltyStage     *account.LoyaltyStage
	ParentID         *int
	ParentExternalID *string
	SubsidiaryIDs    []int
	PartnerIDs       []int
	TeamIDs          []int
}

// UpsertContactInput is the GraphQL UpsertContactInput: CreateContactInput's
// fields keyed by ExternalID, with the account and manager also accepted by
// external ID.
type UpsertContactInput struct {
	ExternalID          string
	Name                string
	Title               *string
	Department          *string
	Seniority           *contact.Seniority
	DecisionRole        *domain.DecisionRole
	Attitude            *domain.Attitude
	Influence           *int
	Interest            *int
	Status              *contact.Status
	LeftAt              *time.Time
	Email               *string
	Phone               *string
	Notes               *string
	AccountID           *int
	AccountExternalID   *string
	ReportsToID         *int
	ReportsToExternalID *string
}

// UpsertAccount creates the account with in.ExternalID, or updates it with
// the fields given. created reports which happened.
func UpsertAccount(ctx context.Context, c *ent.Client, in UpsertAccountInput) (a *ent.Account, created bool, err error) {
	if in.ExternalID == "" {
		return nil, false, apperr.Invalid("externalID", "must not be empty")
	}
	if in.ParentExternalID != nil {
		id, err := accountByExternalID(ctx, c, *in.ParentExternalID, "parentExternalID")
		if err != nil {
			return nil, false, err
		}
		in.ParentID = &id
	}
	existing, err := c.Account.Query().Where(account.ExternalID(in.ExternalID)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		a, err = c.Account.Create().SetInput(ent.CreateAccountInput{
			Name: in.Name, Segment: in.Segment, Industry: in.Industry, Region: in.Region, Tier: in.Tier,
			AnnualRevenue: in.AnnualRevenue, PotentialValue: in.PotentialValue,
			LifecycleStage: in.LifecycleStage, LoyaltyStage: in.LoyaltyStage,
			ExternalID: &in.ExternalID, ParentID: in.ParentID,
			SubsidiaryIDs: in.SubsidiaryIDs, PartnerIDs: in.PartnerIDs, TeamIDs: in.TeamIDs,
		}).Save(ctx)
		return a, true, err
	case err != nil:
		return nil, false, fmt.Errorf("look up account %q: %w", in.ExternalID, err)
	}
	a, err = c.Account.UpdateOne(existing).SetInput(ent.UpdateAccountInput{
		Name: &in.Name, Segment: in.Segment, Industry: in.Industry, Region: in.Region, Tier: in.Tier,
		AnnualRevenue: in.AnnualRevenue, PotentialValue: in.PotentialValue,
		LifecycleStage: in.LifecycleStage, LoyaltyStage: in.LoyaltyStage, ParentID: in.ParentID,
		AddSubsidiaryIDs: in.SubsidiaryIDs, AddPartnerIDs: in.PartnerIDs, AddTeamIDs: in.TeamIDs,
	}).Save(ctx)
	return a, false, err
}

// UpsertContact creates the contact with in.ExternalID, or updates it with
// the fields given. created reports which happened.
func UpsertContact(ctx context.Context, c *ent.Client, in UpsertContactInput) (ct *ent.Contact, created bool, err error) {
	if in.ExternalID == "" {
		return nil, false, apperr.Invalid("externalID", "must not be empty")
	}
	if in.AccountExternalID != nil {
		id, err := accountByExternalID(ctx, c, *in.AccountExternalID, "accountExternalID")
		if err != nil {
			return nil, false, err
		}
		in.AccountID = &id
	}
	if in.ReportsToExternalID != nil {
		id, err := c.Contact.Query().Where(contact.ExternalID(*in.ReportsToExternalID)).OnlyID(ctx)
		if ent.IsNotFound(err) {
			return nil, false, apperr.New(apperr.NotFound, "reportsToExternalID", "no contact with externalID %q", *in.ReportsToExternalID)
		}
		if err != nil {
			return nil, false, fmt.Errorf("look up manager %q: %w", *in.ReportsToExternalID, err)
		}
		in.ReportsToID = &id
	}
	existing, err := c.Contact.Query().Where(contact.ExternalID(in.ExternalID)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		if in.AccountID == nil {
			return nil, false, apperr.Invalid("accountID", "a new contact needs accountID or accountExternalID")
		}
		ct, err = c.Contact.Create().SetInput(ent.CreateContactInput{
			Name: in.Name, Title: in.Title, Department: in.Department, Seniority: in.Seniority,
			DecisionRole: in.DecisionRole, Attitude: in.Attitude, Influence: in.Influence, Interest: in.Interest,
			Status: in.Status, LeftAt: in.LeftAt, Email: in.Email, Phone: in.Phone, Notes: in.Notes,
			ExternalID: &in.ExternalID, AccountID: *in.AccountID, ReportsToID: in.ReportsToID,
		}).Save(ctx)
		return ct, true, err
	case err != nil:
		return nil, false, fmt.Errorf("look up contact %q: %w", in.ExternalID, err)
	}
	ct, err = c.Contact.UpdateOne(existing).SetInput(ent.UpdateContactInput{
		Name: &in.Name, Title: in.Title, Department: in.Department, Seniority: in.Seniority,
		DecisionRole: in.DecisionRole, Attitude: in.Attitude, Influence: in.Influence, Interest: in.Interest,
		Status: in.Status, LeftAt: in.LeftAt, Email: in.Email, Phone: in.Phone, Notes: in.Notes,
		AccountID: in.AccountID, ReportsToID: in.ReportsToID,
	}).Save(ctx)
	return ct, false, err
}

func accountByExternalID(ctx context.Context, c *ent.Client, ext, field string) (int, error) {
	id, err := c.Account.Query().Where(account.ExternalID(ext)).OnlyID(ctx)
	if ent.IsNotFound(err) {
		return 0, apperr.New(apperr.NotFound, field, "no account with externalID %q", ext)
	}
	if err != nil {
		return 0, fmt.Errorf("look up account %q: %w", ext, err)
	}
	return id, nil
}
