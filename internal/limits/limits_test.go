package limits_test

import (
	"fmt"
	"strings"
	"testing"

	"rapport/internal/apitest"
	"rapport/internal/storetest"
)

func TestOperationsOverTheLimitsAreRefusedBeforeTheyRun(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := apitest.New(t, db)

	deep := "{ accounts(first: 1) { edges { node { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } } }"
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := 0; i < 31; i++ {
		fmt.Fprintf(&aliases, " a%d: accounts(first: 1) { totalCount }", i)
	}
	aliases.WriteString(" }")
	var graphs strings.Builder
	graphs.WriteString("{")
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&graphs, ` g%d: stakeholderGraph(accountId: "QWNjb3VudDox", depth: 12, maxNodes: 10000, includeSubsidiaries: true) { truncated }`, i)
	}
	graphs.WriteString(" }")
	tokens := "{ accounts(first: 1) { totalCount " + strings.Repeat("__typename ", 16000) + "} }"

	tests := []struct {
		name, query, code string
	}{
		{"too deep", deep, "QUERY_TOO_COMPLEX"},
		{"too many aliases", aliases.String(), "QUERY_TOO_COMPLEX"},
		{"many aliases of the largest graph", graphs.String(), "QUERY_TOO_COMPLEX"},
		{"two largest graphs", `{ a: stakeholderGraph(accountId: "QWNjb3VudDox", maxNodes: 10000) { truncated } b: stakeholderGraph(accountId: "QWNjb3VudDox", maxNodes: 10000) { truncated } }`, "QUERY_TOO_COMPLEX"},
		{"too costly", `{ accounts(first: 1000) { edges { node { contacts(first: 1000) { edges { node { name } } } } } } }`, "QUERY_TOO_COMPLEX"},
		{"nested connection without first", `{ accounts(first: 5) { edges { node { contacts { totalCount } } } } }`, "BAD_USER_INPUT"},
		{"page over the maximum", `{ contacts(first: 1001) { totalCount } }`, "BAD_USER_INPUT"},
		{"too many tokens", tokens, "GRAPHQL_PARSE_FAILED"},
		{"cyclic fragments", `query { accounts(first: 1) { ...A } } fragment A on AccountConnection { ...B } fragment B on AccountConnection { ...A }`, "GRAPHQL_VALIDATION_FAILED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.Do(tt.query, nil)
			if len(res.Errors) == 0 {
				t.Fatalf("accepted: %s", res.Data)
			}
			if got := res.Errors[0].Code(); got != tt.code {
				t.Errorf("code = %q (%s), want %q", got, res.Errors[0].Message, tt.code)
			}
			if string(res.Data) != "" && string(res.Data) != "null" {
				t.Errorf("the operation ran: data %s", res.Data)
			}
		})
	}
	// The refusal names the field and the arguments to lower.
	res := c.Do(graphs.String(), nil)
	if msg := res.Errors[0].Message; !strings.Contains(msg, "stakeholderGraph") || !strings.Contains(msg, "maxNodes") {
		t.Errorf("refusal of the graphs does not say what to lower: %s", msg)
	}
	// One graph of the largest size the schema allows fits.
	for _, q := range []string{
		`{ stakeholderGraph(accountId: "QWNjb3VudDox", depth: 12, maxNodes: 10000, includeSubsidiaries: true) { truncated } }`,
		`query($n: Int) { stakeholderGraph(accountId: "QWNjb3VudDox", maxNodes: $n) { truncated } }`,
	} {
		res := c.Do(q, map[string]any{"n": 10000})
		for _, e := range res.Errors {
			if e.Code() == "QUERY_TOO_COMPLEX" {
				t.Errorf("one largest graph refused: %s", e.Message)
			}
		}
		cost, _ := res.Extensions["cost"].(map[string]any)
		if cost == nil || cost["requestedQueryCost"].(float64) < 60000 {
			t.Errorf("%s: extensions.cost = %v, want the cost of 10,000 nodes", q, res.Extensions["cost"])
		}
	}
	// The server is still healthy, and an ordinary query reports its cost.
	res = c.Do(`{ accounts(first: 10) { edges { node { name contacts(first: 20) { edges { node { name } } } } } } }`, nil)
	if len(res.Errors) > 0 {
		t.Fatalf("ordinary query refused: %+v", res.Errors)
	}
	cost, _ := res.Extensions["cost"].(map[string]any)
	if cost == nil || cost["requestedQueryCost"] != float64(10*(1+20)) {
		t.Errorf("extensions.cost = %v, want requestedQueryCost %d", res.Extensions["cost"], 10*(1+20))
	}
}
