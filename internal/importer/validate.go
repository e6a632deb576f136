package importer

import (
	"fmt"
	"unicode/utf8"

	"rapport/ent/contact"
	"rapport/ent/contactrelation"
	"rapport/internal/apperr"
)

// validateRow checks what can be checked on a row alone, in Go, before any
// statement runs: on PostgreSQL a failed statement aborts the whole
// transaction, so a per-row import must not send a row the database would
// refuse. The limits are the schema's; the ent validators run as well so
// that a limit changed in the schema cannot slip past this check.
func validateRow(r *Row) *apperr.Error {
	if r.ExternalID == "" {
		return apperr.Invalid("externalID", "must not be empty")
	}
	if err := maxLen("externalID", r.ExternalID, 200, contact.ExternalIDValidator); err != nil {
		return err
	}
	if r.Name == "" {
		return apperr.Invalid("name", "must not be empty")
	}
	if err := maxLen("name", r.Name, 200, contact.NameValidator); err != nil {
		return err
	}
	for _, f := range []struct {
		name  string
		v     *string
		limit int
		check func(string) error
	}{
		{"title", r.Title, 200, contact.TitleValidator},
		{"department", r.Department, 200, contact.DepartmentValidator},
		{"email", r.Email, 320, contact.EmailValidator},
		{"phone", r.Phone, 50, contact.PhoneValidator},
		{"notes", r.Notes, 10000, contact.NotesValidator},
	} {
		if f.v != nil {
			if err := maxLen(f.name, *f.v, f.limit, f.check); err != nil {
				return err
			}
		}
	}
	if r.Seniority != nil && contact.SeniorityValidator(*r.Seniority) != nil {
		return apperr.Invalid("seniority", "%q is not a valid seniority", *r.Seniority)
	}
	if r.DecisionRole != nil && contact.DecisionRoleValidator(*r.DecisionRole) != nil {
		return apperr.Invalid("decisionRole", "%q is not a valid decision role", *r.DecisionRole)
	}
	if r.Attitude != nil && contact.AttitudeValidator(*r.Attitude) != nil {
		return apperr.Invalid("attitude", "%q is not a valid attitude", *r.Attitude)
	}
	if r.Status != nil && contact.StatusValidator(*r.Status) != nil {
		return apperr.Invalid("status", "%q is not a valid status", *r.Status)
	}
	if err := between("influence", r.Influence, contact.InfluenceValidator); err != nil {
		return err
	}
	if err := between("interest", r.Interest, contact.InterestValidator); err != nil {
		return err
	}
	if r.AccountID != nil && r.AccountExternalID != nil {
		return apperr.Invalid("accountExternalID", "give accountID or accountExternalID, not both")
	}
	if r.AccountExternalID != nil && *r.AccountExternalID == "" {
		return apperr.Invalid("accountExternalID", "must not be empty")
	}
	if m := r.ReportsToExternalID; m != nil && *m == r.ExternalID {
		return apperr.Invalid("reportsToExternalID", "a contact cannot report to themselves")
	}
	type key struct{ to, kind string }
	seen := map[key]int{}
	for j, rel := range r.Relations {
		field := fmt.Sprintf("relations[%d]", j)
		switch {
		case rel == nil:
			return apperr.Invalid(field, "a relation must not be null")
		case rel.ToExternalID == "":
			return apperr.Invalid(field+".toExternalID", "toExternalID must not be empty")
		case rel.ToExternalID == r.ExternalID:
			return apperr.Invalid(field+".toExternalID", "a relation must join two different contacts")
		case contactrelation.KindValidator(rel.Kind) != nil:
			return apperr.Invalid(field+".kind", "%q is not a valid relation kind", rel.Kind)
		}
		if err := between(field+".strength", rel.Strength, contactrelation.StrengthValidator); err != nil {
			return err
		}
		k := key{rel.ToExternalID, string(rel.Kind)}
		if first, dup := seen[k]; dup {
			return apperr.Invalid(field, "the same relation as relations[%d]", first)
		}
		seen[k] = j
	}
	return nil
}

func maxLen(field, v string, limit int, check func(string) error) *apperr.Error {
	if n := utf8.RuneCountInString(v); n > limit {
		return apperr.Invalid(field, "%s is longer than %d characters (%d)", field, limit, n)
	}
	if check != nil {
		if err := check(v); err != nil {
			return apperr.Invalid(field, "%s: %v", field, err)
		}
	}
	return nil
}

func between(field string, v *int, check func(int) error) *apperr.Error {
	if v == nil {
		return nil
	}
	if *v < 1 || *v > 5 {
		return apperr.Invalid(field, "must be between 1 and 5, got %d", *v)
	}
	if check != nil {
		if err := check(*v); err != nil {
			return apperr.Invalid(field, "%s: %v", field, err)
		}
	}
	return nil
}
