// Package classify places accounts and stakeholders in the method's grids:
// ABC classes by the 80/20 rule, the customer-lifetime-value quadrant, a
// recommended tier, and the power/interest map of an account.
package classify

import (
	"rapport/ent"
	"rapport/internal/domain"
)

// PowerEntry is a stakeholder on the power/interest grid.
type PowerEntry struct {
	Contact   *ent.Contact
	Influence int
	Interest  int
	Attitude  domain.Attitude
	Quadrant  domain.PowerQuadrant
}

// PowerMap is an account's stakeholders on the grid and its overall support.
type PowerMap struct {
	Stakeholders []*PowerEntry
	Support      float64
}
