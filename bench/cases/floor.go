package cases

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"rapport/bench/load"
)

// rebind turns ? placeholders into PostgreSQL's $n.
func (e *Env) rebind(q string) string {
	if e.Dialect != "postgres" {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// rowsOf runs q and returns every row as an object keyed by column name,
// as a hand-written JSON endpoint would serialise it.
func (e *Env) rowsOf(ctx context.Context, q string, args ...any) ([]map[string]any, error) {
	rows, err := e.DB.QueryContext(ctx, e.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("columns: %w", err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	out := []map[string]any{}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return out, fmt.Errorf("scan: %w", err)
		}
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			v := vals[i]
			if b, ok := v.([]byte); ok {
				v = string(b) // text, not base64
			}
			m[c] = v
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// asInt reads an integer column scanned into an interface.
func asInt(v any) int64 {
	switch v := v.(type) {
	case int64:
		return v
	case int32:
		return int64(v)
	case int:
		return int64(v)
	case float64:
		return int64(v)
	case string:
		n, _ := strconv.ParseInt(v, 10, 64)
		return n
	}
	return 0
}

// in returns "?,?,?" for n values and the values as []any.
func in(ids []int) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?,", len(ids)), ","), args
}

func (e *Env) floorAccounts(ctx context.Context, _, _ int) (any, error) {
	return e.rowsOf(ctx, `SELECT id, name, tier FROM accounts ORDER BY name, id LIMIT 50`)
}

// floorAccountContacts: the account, its first 100 contacts, then their
// outgoing relations with the related contact's name in one join, nested
// under each contact as the API answers.
func (e *Env) floorAccountContacts(ctx context.Context, _, _ int) (any, error) {
	id := e.Shape.PageAccountID
	account, err := e.rowsOf(ctx, `SELECT id, name FROM accounts WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	contacts, err := e.rowsOf(ctx, `SELECT id, name, title FROM contacts WHERE account_id = ? ORDER BY id LIMIT 100`, id)
	if err != nil {
		return nil, fmt.Errorf("contacts: %w", err)
	}
	if len(contacts) == 0 || len(account) == 0 {
		return nil, fmt.Errorf("account %d has no contacts", id)
	}
	ids := make([]int, len(contacts))
	byID := make(map[int64]map[string]any, len(contacts))
	for i, c := range contacts {
		cid := asInt(c["id"])
		ids[i] = int(cid)
		c["relations"] = []map[string]any{}
		byID[cid] = c
	}
	marks, args := in(ids)
	// ROW_NUMBER keeps the API's first: 20 per contact.
	rels, err := e.rowsOf(ctx, `SELECT from_id, kind, strength, to_id, name FROM (
		SELECT r.from_id, r.kind, r.strength, r.to_id, c.name, ROW_NUMBER() OVER (PARTITION BY r.from_id ORDER BY r.id) AS rn
		FROM contact_relations r JOIN contacts c ON c.id = r.to_id WHERE r.from_id IN (`+marks+`)) x WHERE rn <= 20`, args...)
	if err != nil {
		return nil, fmt.Errorf("relations: %w", err)
	}
	for _, r := range rels {
		c := byID[asInt(r["from_id"])]
		c["relations"] = append(c["relations"].([]map[string]any), r)
	}
	account[0]["contacts"] = contacts
	return account[0], nil
}

// chainLink is one link of a decision chain as the floor answers it.
type chainLink struct {
	Position  int     `json:"position"`
	Role      string  `json:"role"`
	Stance    string  `json:"stance"`
	Weight    float64 `json:"weight"`
	Contact   string  `json:"contact"`
	Covered   bool    `json:"covered"`
	Strength  int64   `json:"strength,omitempty"`
	CoveredBy string  `json:"coveredBy,omitempty"`
}

// floorChain: the chain with each link's contact and every coverage by an
// active team member in one statement; the strongest is picked in Go.
func (e *Env) floorChain(ctx context.Context, _, _ int) (any, error) {
	rows, err := e.DB.QueryContext(ctx, e.rebind(`SELECT l.position, l.role, l.stance, l.weight, c.name, cv.strength, tm.name
		FROM decision_chain_links l JOIN contacts c ON c.id = l.contact_id
		LEFT JOIN coverages cv ON cv.contact_id = l.contact_id
		LEFT JOIN team_members tm ON tm.id = cv.team_member_id AND tm.active
		WHERE l.opportunity_id = ? ORDER BY l.position, cv.strength DESC`), e.Shape.OpportunityID)
	if err != nil {
		return nil, fmt.Errorf("chain: %w", err)
	}
	defer rows.Close()
	var links []*chainLink
	covered := 0
	for rows.Next() {
		var (
			l        chainLink
			strength sql.NullInt64
			tm       sql.NullString
		)
		if err := rows.Scan(&l.Position, &l.Role, &l.Stance, &l.Weight, &l.Contact, &strength, &tm); err != nil {
			return nil, fmt.Errorf("scan link: %w", err)
		}
		if n := len(links); n == 0 || links[n-1].Position != l.Position {
			links = append(links, &l)
		}
		last := links[len(links)-1]
		if !last.Covered && tm.Valid {
			last.Covered, last.Strength, last.CoveredBy = strength.Int64 >= 2, strength.Int64, tm.String
			if last.Covered {
				covered++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ratio := 0.0
	if len(links) > 0 {
		ratio = float64(covered) / float64(len(links))
	}
	return map[string]any{"coverageRatio": ratio, "links": links}, nil
}

// floorStats: ABC class by a running revenue share (a window function),
// then one GROUP BY.
func (e *Env) floorStats(ctx context.Context, _, _ int) (any, error) {
	return e.rowsOf(ctx, `SELECT tier, class, count(*) AS count, sum(annual_revenue) AS revenue_sum, sum(potential_value) AS potential_sum FROM (
		SELECT tier, annual_revenue, potential_value,
			CASE WHEN coalesce(sum(annual_revenue) OVER w, 0) < 0.80 * t.total THEN 'A'
			     WHEN coalesce(sum(annual_revenue) OVER w, 0) < 0.95 * t.total THEN 'B' ELSE 'C' END AS class
		FROM accounts, (SELECT sum(annual_revenue) AS total FROM accounts) t
		WINDOW w AS (ORDER BY annual_revenue DESC, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) x
		GROUP BY tier, class`)
}

// pager walks every contact page by page, one page per request, and checks
// at the end of each pass that it saw every row once.
type pager struct {
	cursor []string
	seen   []int
}

func (e *Env) newPager() *pager {
	return &pager{cursor: make([]string, 64), seen: make([]int, 64)}
}

// page records a fetched page for worker w and says whether the pass ended.
func (p *pager) page(w, rows int, next string, more bool, want func() (int, error)) error {
	p.seen[w] += rows
	p.cursor[w] = next
	if more {
		return nil
	}
	seen := p.seen[w]
	p.seen[w], p.cursor[w] = 0, ""
	total, err := want()
	if err != nil {
		return err
	}
	if seen != total {
		return fmt.Errorf("a pass over the contacts saw %d rows, the table has %d", seen, total)
	}
	return nil
}

func (e *Env) countContacts(ctx context.Context) func() (int, error) {
	return func() (int, error) {
		var n int
		err := e.DB.QueryRowContext(ctx, `SELECT count(*) FROM contacts`).Scan(&n)
		return n, err
	}
}

const pageFields = `id name title department seniority decisionRole attitude influence status email`

func (e *Env) pageAPI() load.Op {
	p := e.newPager()
	return func(ctx context.Context, w, _ int) error {
		var out struct {
			Contacts struct {
				PageInfo struct {
					EndCursor   string `json:"endCursor"`
					HasNextPage bool   `json:"hasNextPage"`
				} `json:"pageInfo"`
				Edges []struct{} `json:"edges"`
			} `json:"contacts"`
		}
		vars := map[string]any{}
		if p.cursor[w] != "" {
			vars["after"] = p.cursor[w]
		}
		err := e.API.Do(ctx, `query Extract($after: Cursor) { contacts(first: 1000, after: $after) {
			pageInfo { endCursor hasNextPage } edges { node { `+pageFields+` accountID } } } }`, vars, &out)
		if err != nil {
			return err
		}
		c := out.Contacts
		return p.page(w, len(c.Edges), c.PageInfo.EndCursor, c.PageInfo.HasNextPage, e.countContacts(ctx))
	}
}

func (e *Env) pageFloor() FloorFunc {
	p := e.newPager()
	return func(ctx context.Context, w, _ int) (any, error) {
		after, _ := strconv.Atoi(p.cursor[w])
		rows, err := e.rowsOf(ctx, `SELECT id, name, title, department, seniority, decision_role, attitude,
			influence, status, email, account_id FROM contacts WHERE id > ? ORDER BY id LIMIT 1001`, after)
		if err != nil {
			return nil, fmt.Errorf("page: %w", err)
		}
		more := len(rows) > 1000 // the 1001st row says whether there is a next page
		rows = rows[:min(len(rows), 1000)]
		last := ""
		if len(rows) > 0 {
			last = strconv.FormatInt(asInt(rows[len(rows)-1]["id"]), 10)
		}
		if err := p.page(w, len(rows), last, more, e.countContacts(ctx)); err != nil {
			return nil, err
		}
		return map[string]any{"rows": rows, "endCursor": last, "hasNextPage": more}, nil
	}
}

func (e *Env) pagePeer() load.Op {
	p := e.newPager()
	return func(ctx context.Context, w, _ int) error {
		if e.Peer == nil {
			return fmt.Errorf("no peer")
		}
		var out struct {
			All struct {
				PageInfo struct {
					EndCursor   string `json:"endCursor"`
					HasNextPage bool   `json:"hasNextPage"`
				} `json:"pageInfo"`
				Nodes []struct{} `json:"nodes"`
			} `json:"allContacts"`
		}
		vars := map[string]any{}
		if p.cursor[w] != "" {
			vars["after"] = p.cursor[w]
		}
		err := e.Peer.Do(ctx, `query($after: Cursor) { allContacts(first: 1000, after: $after, orderBy: PRIMARY_KEY_ASC) {
			pageInfo { endCursor hasNextPage } nodes { id name title department seniority decisionRole attitude influence status email accountId } } }`,
			vars, &out)
		if err != nil {
			return err
		}
		c := out.All
		return p.page(w, len(c.Nodes), c.PageInfo.EndCursor, c.PageInfo.HasNextPage, e.countContacts(ctx))
	}
}

// peer returns an op that runs a fixed query on the peer server.
func (e *Env) peer(q string, vars map[string]any) load.Op {
	return func(ctx context.Context, _, _ int) error {
		if e.Peer == nil {
			return fmt.Errorf("no peer")
		}
		return e.Peer.Do(ctx, q, vars, nil)
	}
}
