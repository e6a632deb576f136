// Package gaps finds where an account team is exposed: decision makers
// nobody covers, weak or single-threaded coverage, stale relationships,
// influential opponents and uncovered decision-chain links, each with what
// would close it.
package gaps

import (
	"rapport/ent"
	"rapport/internal/domain"
	"rapport/internal/stakeholder/walk"
)

// Gap is one exposure.
type Gap struct {
	Kind             domain.GapKind
	Contact          *ent.Contact
	Opportunity      *ent.Opportunity
	Severity         domain.Severity
	Reason           string
	Suggestion       string
	IntroductionPath *walk.Path
}
