package gaps

import (
	"strings"

	"rapport/ent/account"
	"rapport/ent/predicate"
)

// words turns an enum value into lower-case words: DECISION_MAKER ->
// decision maker.
func words(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", " ")) }

func accountID(id int) predicate.Account { return account.ID(id) }
