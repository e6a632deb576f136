package apperr

import "testing"

// TestRangesComeFromEntValidators probes the schema's validators: the
// bounds in messages follow ent/schema, not a copy of them.
func TestRangesComeFromEntValidators(t *testing.T) {
	tests := []struct{ field, want string }{
		{"DecisionChainLink.weight", "between 0 and 1"},
		{"ContactRelation.strength", "between 1 and 5"},
		{"Coverage.strength", "between 0 and 4"},
		{"Contact.influence", "between 1 and 5"},
		{"Account.annual_revenue", "0 or more"},
		{"Account.name", "between 1 and 200 characters"},
	}
	for _, tt := range tests {
		got := expectedRange(`ent: validator failed for field "` + tt.field + `": value out of range`)
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.field, got, tt.want)
		}
	}
}
