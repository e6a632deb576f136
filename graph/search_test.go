package graph_test

import (
	"context"
	"slices"
	"testing"

	"rapport/internal/apitest"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestSearchPinyin: the where inputs' search field finds a Chinese name by
// any part of its characters and by its pinyin, full, spaced or initials, on
// both stores; Latin names by a case-insensitive part; rows written before
// the key existed get it from the backfill.
func TestSearchPinyin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		acct := db.Client.Account.Create().SetName("华信移动河南有限公司").SaveX(ctx)
		db.Client.Account.Create().SetName("Jinhai Commercial Bank").SaveX(ctx)
		for _, n := range []string{"张伟", "王静", "欧阳娜娜", "Zhang Wei"} {
			db.Client.Contact.Create().SetAccountID(acct.ID).SetName(n).SaveX(ctx)
		}
		c := apitest.New(t, db)
		contacts := func(q string) []string {
			t.Helper()
			var out struct {
				Contacts struct {
					Edges []struct{ Node struct{ Name string } }
				}
			}
			c.MustDo(`query($q: String) { contacts(first: 50, where: {search: $q}, orderBy: [{field: NAME}]) { edges { node { name } } } }`,
				map[string]any{"q": q}, &out)
			var names []string
			for _, e := range out.Contacts.Edges {
				names = append(names, e.Node.Name)
			}
			slices.Sort(names)
			return names
		}
		for q, want := range map[string][]string{
			"zw":             {"张伟"},
			"ZW":             {"张伟"},
			"zhangwei":       {"张伟"},
			"zhang wei":      {"Zhang Wei", "张伟"},
			"  Zhang   WEI ": {"Zhang Wei", "张伟"},
			"伟":              {"张伟"},
			"欧阳":             {"欧阳娜娜"},
			"oynn":           {"欧阳娜娜"},
			"ouyang":         {"欧阳娜娜"},
			"wangj":          {"王静"},
			"zwx":            nil,
			"%":              nil,
		} {
			if got := contacts(q); !slices.Equal(got, want) {
				t.Errorf("search %q: got %q, want %q", q, got, want)
			}
		}
		if got := contacts(""); len(got) != 4 {
			t.Errorf("blank search filters: got %q", got)
		}

		accounts := func(q string) []string {
			t.Helper()
			var out struct {
				Accounts struct {
					Edges []struct{ Node struct{ Name string } }
				}
			}
			c.MustDo(`query($q: String) { accounts(first: 50, where: {search: $q}) { edges { node { name } } } }`,
				map[string]any{"q": q}, &out)
			var names []string
			for _, e := range out.Accounts.Edges {
				names = append(names, e.Node.Name)
			}
			return names
		}
		for q, want := range map[string][]string{
			"hxyd":       {"华信移动河南有限公司"},
			"henan":      {"华信移动河南有限公司"},
			"河南":         {"华信移动河南有限公司"},
			"COMMERCIAL": {"Jinhai Commercial Bank"},
		} {
			if got := accounts(q); !slices.Equal(got, want) {
				t.Errorf("account search %q: got %q, want %q", q, got, want)
			}
		}

		// A rename moves the key with the name.
		db.Client.Account.UpdateOneID(acct.ID).SetName("通达电信").ExecX(ctx)
		if got := accounts("hxyd"); len(got) != 0 {
			t.Errorf("stale key after rename: %q", got)
		}
		if got := accounts("tddx"); !slices.Equal(got, []string{"通达电信"}) {
			t.Errorf("after rename: %q", got)
		}

		// Rows from before the column: the backfill gives them their key.
		if _, err := db.SQL.ExecContext(ctx, `UPDATE contacts SET search_key = NULL`); err != nil {
			t.Fatal(err)
		}
		if got := contacts("zw"); len(got) != 0 {
			t.Fatalf("no key yet, but found %q", got)
		}
		n, err := store.BackfillSearchKeys(ctx, db.SQL, db.Dialect)
		if err != nil || n != 4 {
			t.Fatalf("backfill: %d rows, %v", n, err)
		}
		if got := contacts("zw"); !slices.Equal(got, []string{"张伟"}) {
			t.Errorf("after backfill: %q", got)
		}

		// Too long a query is the caller's mistake, named by its field.
		long := make([]rune, 201)
		for i := range long {
			long[i] = 'a'
		}
		res := c.Do(`query($q: String) { contacts(first: 1, where: {search: $q}) { totalCount } }`, map[string]any{"q": string(long)})
		if len(res.Errors) == 0 || res.Errors[0].Code() != "BAD_USER_INPUT" || res.Errors[0].Field() != "where.search" {
			t.Errorf("long search: %+v", res.Errors)
		}
	})
}
