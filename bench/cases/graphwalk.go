package cases

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

const maxGraphNodes = 2000 // the API's default maxNodes

type edge struct {
	From   int     `json:"source"`
	To     int     `json:"target"`
	Weight float64 `json:"strength"` // normalised to 0..1, as introductionPaths counts it
}

// neighbours returns the live relations and reporting lines touching the
// frontier, in both directions, in two statements.
func (e *Env) neighbours(ctx context.Context, frontier []int) ([]edge, error) {
	marks, args := in(frontier)
	var out []edge
	rows, err := e.DB.QueryContext(ctx, e.rebind(`SELECT from_id, to_id, strength FROM contact_relations
		WHERE valid_to IS NULL AND (from_id IN (`+marks+`) OR to_id IN (`+marks+`))`), append(args, args...)...)
	if err != nil {
		return nil, fmt.Errorf("relations: %w", err)
	}
	for rows.Next() {
		var f, t, s int
		if err := rows.Scan(&f, &t, &s); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan relation: %w", err)
		}
		out = append(out, edge{f, t, float64(s) / 5}, edge{t, f, float64(s) / 5})
	}
	rows.Close()
	rows, err = e.DB.QueryContext(ctx, e.rebind(`SELECT id, reports_to_id FROM contacts
		WHERE reports_to_id IS NOT NULL AND (id IN (`+marks+`) OR reports_to_id IN (`+marks+`))`), append(args, args...)...)
	if err != nil {
		return nil, fmt.Errorf("reporting lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c, boss int
		if err := rows.Scan(&c, &boss); err != nil {
			return nil, fmt.Errorf("scan reporting line: %w", err)
		}
		out = append(out, edge{c, boss, 0.8}, edge{boss, c, 0.8})
	}
	return out, rows.Err()
}

func keys(m map[int]float64) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// floorGraph: the account's contacts, two rounds of neighbours (stopping at
// the API's node limit), then the reached contacts' rows, the team members
// covering them, and their accounts.
func (e *Env) floorGraph(ctx context.Context, _, _ int) (any, error) {
	rows, err := e.DB.QueryContext(ctx, e.rebind(`SELECT id FROM contacts WHERE account_id = ?`), e.Shape.BigAccountID)
	if err != nil {
		return nil, fmt.Errorf("account contacts: %w", err)
	}
	seen := map[int]float64{}
	var frontier []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan contact: %w", err)
		}
		seen[id] = 0
		frontier = append(frontier, id)
	}
	rows.Close()
	var edges []edge
	for depth := 1; depth <= 2 && len(frontier) > 0 && len(seen) < maxGraphNodes; depth++ {
		es, err := e.neighbours(ctx, frontier)
		if err != nil {
			return nil, err
		}
		frontier = frontier[:0]
		for i, ed := range es {
			if i%2 == 0 {
				edges = append(edges, ed) // each relation once; its reverse follows it
			}
			if _, ok := seen[ed.To]; !ok && len(seen) < maxGraphNodes {
				seen[ed.To] = float64(depth)
				frontier = append(frontier, ed.To)
			}
		}
	}
	marks, args := in(keys(seen))
	nodes, err := e.rowsOf(ctx, `SELECT id, name, title, department, seniority, decision_role, attitude, influence, status, account_id
		FROM contacts WHERE id IN (`+marks+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("graph contacts: %w", err)
	}
	for _, n := range nodes {
		n["depth"] = seen[int(asInt(n["id"]))]
	}
	coverage, err := e.rowsOf(ctx, `SELECT cv.id, cv.contact_id, cv.strength, tm.id AS team_member_id, tm.name, tm.team_role
		FROM coverages cv JOIN team_members tm ON tm.id = cv.team_member_id WHERE tm.active AND cv.contact_id IN (`+marks+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("graph coverage: %w", err)
	}
	accounts, err := e.rowsOf(ctx, `SELECT id, name FROM accounts WHERE id IN (SELECT DISTINCT account_id FROM contacts WHERE id IN (`+marks+`))`, args...)
	if err != nil {
		return nil, fmt.Errorf("graph accounts: %w", err)
	}
	return map[string]any{"nodes": nodes, "edges": edges, "coverage": coverage, "accounts": accounts}, nil
}

// floorPaths: the strongest product of strengths from the target outward,
// three hops by layers (a hop-bounded Bellman-Ford), then the coverage of
// every reached contact; the best three team members win.
func (e *Env) floorPaths(ctx context.Context, _, _ int) (any, error) {
	target := e.Shape.DecisionMaker
	best := map[int]float64{target: 1}
	frontier := []int{target}
	for hop := 0; hop < 3 && len(frontier) > 0; hop++ {
		es, err := e.neighbours(ctx, frontier)
		if err != nil {
			return nil, err
		}
		inFrontier := map[int]bool{}
		for _, f := range frontier {
			inFrontier[f] = true
		}
		next := map[int]bool{}
		for _, ed := range es {
			if !inFrontier[ed.From] {
				continue
			}
			if c := best[ed.From] * ed.Weight; c > best[ed.To] {
				best[ed.To] = c
				next[ed.To] = true
			}
		}
		frontier = frontier[:0]
		for id := range next {
			frontier = append(frontier, id)
		}
	}
	marks, args := in(keys(best))
	rows, err := e.DB.QueryContext(ctx, e.rebind(`SELECT cv.contact_id, cv.team_member_id, cv.strength
		FROM coverages cv JOIN team_members tm ON tm.id = cv.team_member_id WHERE tm.active AND cv.contact_id IN (`+marks+`)`), args...)
	if err != nil {
		return nil, fmt.Errorf("coverage of reached contacts: %w", err)
	}
	defer rows.Close()
	byMember := map[int]float64{}
	for rows.Next() {
		var c, tm, s int
		if err := rows.Scan(&c, &tm, &s); err != nil {
			return nil, fmt.Errorf("scan coverage: %w", err)
		}
		byMember[tm] = max(byMember[tm], best[c]*float64(s)/4)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(byMember) == 0 {
		return nil, fmt.Errorf("no team member reaches contact %d", target)
	}
	// The three strongest introductions, as first: 3 asks.
	type intro struct {
		TeamMember int     `json:"teamMember"`
		Strength   float64 `json:"strength"`
	}
	best3 := make([]intro, 0, len(byMember))
	for tm, st := range byMember {
		best3 = append(best3, intro{tm, st})
	}
	slices.SortFunc(best3, func(a, b intro) int {
		if a.Strength != b.Strength {
			return cmp.Compare(b.Strength, a.Strength)
		}
		return cmp.Compare(a.TeamMember, b.TeamMember)
	})
	return best3[:min(3, len(best3))], nil
}
