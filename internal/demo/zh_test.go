package demo_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"rapport/ent/contact"
	"rapport/internal/demo"
	"rapport/internal/pinyin"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

var latin = regexp.MustCompile(`[A-Za-z]{3,}`)

// TestLoadChinese: RAPPORT_DEMO=zh is the English data set, row for row,
// with names, titles, departments and deal names in Chinese, each account
// and contact carrying the search key of its Chinese name, on both stores.
func TestLoadChinese(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sum, err := demo.Load(ctx, db.Client, demo.Options{Seed: 1, Now: fixedNow, Lang: "zh", Dialect: db.Dialect})
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		en := storetest.Open(t, storetest.SQLite)
		sumEn, err := demo.Load(ctx, en.Client, demo.Options{Seed: 1, Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		if sum != sumEn {
			t.Errorf("zh and en differ in structure:\n zh %s\n en %s", sum, sumEn)
		}
		for _, a := range db.Client.Account.Query().AllX(ctx) {
			if latin.MatchString(a.Name) || latin.MatchString(a.Region) || latin.MatchString(a.Industry) {
				t.Errorf("account not in Chinese: %q %q %q", a.Name, a.Region, a.Industry)
			}
			if a.SearchKey != pinyin.Key(a.Name) {
				t.Errorf("account %q: search key %q", a.Name, a.SearchKey)
			}
		}
		for _, c := range db.Client.Contact.Query().AllX(ctx) {
			for _, s := range []string{c.Name, c.Title, c.Department} {
				if latin.MatchString(s) {
					t.Errorf("contact %d not in Chinese: %q", c.ID, s)
				}
			}
			if c.SearchKey != pinyin.Key(c.Name) {
				t.Errorf("contact %q: search key %q", c.Name, c.SearchKey)
			}
		}
		for _, o := range db.Client.Opportunity.Query().AllX(ctx) {
			if latin.MatchString(strings.NewReplacer("BSS", "", "OSS", "", "SD-WAN", "", "MES", "", "IP", "").Replace(o.Name)) {
				t.Errorf("opportunity not in Chinese: %q", o.Name)
			}
		}
		for _, m := range db.Client.TeamMember.Query().AllX(ctx) {
			if latin.MatchString(m.Name) {
				t.Errorf("team member not in Chinese: %q", m.Name)
			}
		}
		// The English demo's 张伟 is "Zhang Wei": the pinyin finds the Chinese name.
		enNames := en.Client.Contact.Query().Order(contact.ByID()).Select(contact.FieldName).StringsX(ctx)
		zhNames := db.Client.Contact.Query().Order(contact.ByID()).Select(contact.FieldName).StringsX(ctx)
		if len(enNames) != len(zhNames) {
			t.Fatalf("%d English names, %d Chinese", len(enNames), len(zhNames))
		}
		for i := range enNames {
			full := strings.ToLower(strings.ReplaceAll(enNames[i], " ", ""))
			if !strings.Contains(pinyin.Key(zhNames[i]), "|"+full+"|") {
				t.Errorf("%q reads %q, not %q", zhNames[i], pinyin.Key(zhNames[i]), full)
			}
		}
	})
}
