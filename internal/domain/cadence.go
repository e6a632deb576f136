package domain

// CadenceRule is one line of a tier policy's cadence table (issue 17):
// stakeholders with the decision role and seniority (either may be empty:
// any) are met every Days days. It lives here, not in internal/cadence, so
// that ent's schema can store it without importing the engine.
type CadenceRule struct {
	DecisionRole DecisionRole `json:"decisionRole,omitempty"`
	Seniority    string       `json:"seniority,omitempty"`
	Days         int          `json:"days"`
}
