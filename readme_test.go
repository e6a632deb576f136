package main

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"rapport/ent/contact"
	"rapport/ent/opportunity"
	"rapport/internal/apitest"
	"rapport/internal/demo"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/storetest"
)

// TestReadmeExamplesRun keeps the README true: every GraphQL example in it
// runs without an error against the demo data.
func TestReadmeExamplesRun(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 5 {
		t.Fatalf("found %d GraphQL examples in the README", len(blocks))
	}
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db.Client, demo.Options{Seed: 1}); err != nil {
		t.Fatal(err)
	}
	opp, err := db.Client.Opportunity.Query().Where(opportunity.HasChainLinks()).First(ctx)
	if err != nil {
		t.Fatal(err)
	}
	target, err := db.Client.Contact.Query().Where(contact.DecisionRoleEQ(domain.RoleDecisionMaker)).First(ctx)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]any{
		"account": gid.Encode(opp.AccountID),
		"opp":     gid.Encode(opp.ID),
		"target":  gid.Encode(target.ID),
	}
	c := apitest.New(t, db)
	for i, b := range blocks {
		q := b[1]
		used := map[string]any{}
		for name, v := range vars {
			if strings.Contains(q, "$"+name) {
				used[name] = v
			}
		}
		res := c.Do(q, used)
		if len(res.Errors) > 0 {
			t.Errorf("README example %d fails: %+v\n%s", i+1, res.Errors, q)
		}
	}
}
