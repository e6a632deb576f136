package chain

import (
	"context"
	"slices"
	"strings"
	"sync"

	"entgo.io/ent/dialect/sql"

	"rapport/ent"
	"rapport/ent/contact"
	"rapport/ent/coverage"
	"rapport/ent/decisionchainlink"
	"rapport/ent/opportunity"
	"rapport/ent/teammember"
	"rapport/internal/scope"
)

// readChains reads the decision chains of opportunities: each visible
// opportunity with the links, their contacts, and the coverage of those
// contacts by active team members, in one statement:
//
//	opportunities o LEFT JOIN links l LEFT JOIN contacts c LEFT JOIN coverages cv LEFT JOIN team_members tm
//
// Five statements (the links, the contacts, the coverage, its team
// members) cost a decision chain four times what one join costs (decision
// 0018); starting from the opportunity lets node(id) read an opportunity
// and its chain in the same statement (decision 0021). Each table's read
// scope is applied as ent's queries apply it: to the opportunities in
// WHERE, to the others in their ON clause, so that a row the viewer may not
// read is missing from the join as from a query of its own; the nodes
// built from the rows are redacted as the interceptor redacts a query's.
// A coverage counts when its team member is active and readable, as
// coverage.HasTeamMemberWith(teammember.Active(true)) has it. The map holds
// the opportunities the viewer may read, each chain's entries in chain
// order (position, then link ID), each with its strongest coverage.
func readChains(ctx context.Context, client *ent.Client, opportunityIDs []int, cols Columns) (map[int]*Chain, error) {
	query, args, err := chainQuery(ctx, client, opportunityIDs, cols)
	if err != nil {
		return nil, err
	}
	oppDest, opportunityOf, err := client.Opportunity.Row([]string{opportunity.FieldID})
	if err != nil {
		return nil, err
	}
	linkDest, link, err := client.DecisionChainLink.Row(cols.Link)
	if err != nil {
		return nil, err
	}
	linkIDAt := slices.Index(cols.Link, decisionchainlink.FieldID) // withNeeded put it there
	contactDest, contactOf, err := client.Contact.Row(cols.Contact)
	if err != nil {
		return nil, err
	}
	covDest, coverageOf, err := client.Coverage.Row(cols.Coverage)
	if err != nil {
		return nil, err
	}
	tmDest, memberOf, err := client.TeamMember.Row(cols.TeamMember)
	if err != nil {
		return nil, err
	}
	dest := slices.Concat(oppDest, linkDest, contactDest, covDest, tmDest)

	rows, err := client.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		chains   = map[int]*Chain{}
		entries  []*Entry
		links    []*ent.DecisionChainLink
		contacts []*ent.Contact
		covs     []*ent.Coverage
		members  = map[int]*ent.TeamMember{}
	)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		oppID := int(oppDest[0].(*sql.NullInt64).Int64)
		ch := chains[oppID]
		if ch == nil {
			o, err := opportunityOf()
			if err != nil {
				return nil, err
			}
			ch = &Chain{Opportunity: o, Links: []*Entry{}}
			chains[oppID] = ch
		}
		linkID := int(linkDest[linkIDAt].(*sql.NullInt64).Int64)
		if linkID == 0 {
			continue // an opportunity without (visible) links
		}
		// A link's rows are consecutive (ORDER BY), one per coverage.
		var e *Entry
		if n := len(entries); n > 0 && entries[n-1].Link.ID == linkID {
			e = entries[n-1]
		} else {
			lk, err := link()
			if err != nil {
				return nil, err
			}
			ct, err := contactOf()
			if err != nil {
				return nil, err
			}
			lk.Edges.Contact = ct
			e = &Entry{Link: lk, Contact: ct, Role: lk.Role, Position: lk.Position, Stance: lk.Stance, Weight: lk.Weight}
			entries = append(entries, e)
			ch.Links = append(ch.Links, e)
			links = append(links, lk)
			if ct != nil {
				contacts = append(contacts, ct)
			}
		}
		cov, err := coverageOf()
		if err != nil {
			return nil, err
		}
		if cov == nil {
			continue
		}
		m, err := memberOf()
		if err != nil {
			return nil, err
		}
		if m == nil {
			continue // an inactive or hidden team member's coverage does not count
		}
		if seen := members[m.ID]; seen != nil {
			m = seen
		} else {
			members[m.ID] = m
		}
		cov.Edges.TeamMember = m
		covs = append(covs, cov)
		if stronger(cov, e.StrongestCoverage) {
			e.StrongestCoverage = &CoverageSummary{TeamMember: m, Strength: cov.Strength, Coverage: cov}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	memberList := make([]*ent.TeamMember, 0, len(members))
	for _, m := range members {
		memberList = append(memberList, m)
	}
	for _, v := range []ent.Value{links, contacts, covs, memberList} {
		if err := scope.Redact(ctx, client, v); err != nil {
			return nil, err
		}
	}
	return chains, nil
}

// unscoped holds the statement text for viewers who read every row, by
// dialect, number of opportunities and columns: building it (up to 46
// quoted columns) cost a third of the read. Its only arguments are the
// opportunity IDs.
var unscoped sync.Map // unscopedKey → string

type unscopedKey struct {
	dialect string
	n       int
	columns string
}

// withNeeded fills in every column of a table left nil and adds to each
// list what readChains reads itself: the IDs that tell a LEFT JOIN's
// missing side, the references it redacts and joins by, and what
// stronger compares.
func (c Columns) withNeeded() Columns {
	add := func(cols, all []string, need ...string) []string {
		if cols == nil {
			return all
		}
		out := slices.Clone(cols)
		for _, n := range need {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
		return out
	}
	return Columns{
		Link: add(c.Link, decisionchainlink.Columns, decisionchainlink.FieldID, decisionchainlink.FieldRole, decisionchainlink.FieldPosition,
			decisionchainlink.FieldStance, decisionchainlink.FieldWeight, decisionchainlink.FieldContactID, decisionchainlink.FieldOpportunityID),
		Contact:    add(c.Contact, contact.Columns, contact.FieldID),
		Coverage:   add(c.Coverage, coverage.Columns, coverage.FieldID, coverage.FieldStrength, coverage.FieldPrimaryOwner, coverage.FieldContactID, coverage.FieldTeamMemberID),
		TeamMember: add(c.TeamMember, teammember.Columns, teammember.FieldID),
	}
}

// Key names the column lists, for a cache's key.
func (c Columns) Key() string {
	list := func(cols []string) string {
		if cols == nil {
			return "*"
		}
		return "(" + strings.Join(cols, ",") + ")"
	}
	return list(c.Link) + list(c.Contact) + list(c.Coverage) + list(c.TeamMember)
}

// chainQuery returns readChains' statement and its arguments.
func chainQuery(ctx context.Context, client *ent.Client, opportunityIDs []int, cols Columns) (string, []any, error) {
	tables := []string{opportunity.Table, decisionchainlink.Table, contact.Table, coverage.Table, teammember.Table}
	reads := make(map[string]func(*sql.Selector), len(tables))
	for _, t := range tables {
		read, err := scope.ReadLoaded(ctx, client, t)
		if err != nil {
			return "", nil, err
		}
		if read != nil {
			reads[t] = read
		}
	}
	ids := make([]any, len(opportunityIDs))
	for i, id := range opportunityIDs {
		ids[i] = id
	}
	d := client.Dialect()
	key := unscopedKey{d, len(ids), cols.Key()}
	if len(reads) == 0 {
		if q, ok := unscoped.Load(key); ok {
			return q.(string), ids, nil
		}
	}
	o := sql.Table(opportunity.Table).As("o")
	l := sql.Table(decisionchainlink.Table).As("l")
	c := sql.Table(contact.Table).As("c")
	cv := sql.Table(coverage.Table).As("cv")
	tm := sql.Table(teammember.Table).As("tm")
	columns := []string{o.C(opportunity.FieldID)}
	for _, part := range []struct {
		t    *sql.SelectTable
		cols []string
	}{{l, cols.Link}, {c, cols.Contact}, {cv, cols.Coverage}, {tm, cols.TeamMember}} {
		for _, col := range part.cols {
			columns = append(columns, part.t.C(col))
		}
	}
	s := sql.Dialect(d).Select(columns...).From(o)
	on := func(table string, t *sql.SelectTable, ps ...*sql.Predicate) error {
		if read := reads[table]; read != nil {
			sel := sql.Dialect(d).Select().From(t)
			read(sel)
			if err := sel.Err(); err != nil {
				return err
			}
			ps = append(ps, sel.P())
		}
		s.LeftJoin(t).OnP(sql.And(ps...))
		return nil
	}
	if err := on(decisionchainlink.Table, l, sql.ColumnsEQ(l.C(decisionchainlink.FieldOpportunityID), o.C(opportunity.FieldID))); err != nil {
		return "", nil, err
	}
	if err := on(contact.Table, c, sql.ColumnsEQ(c.C(contact.FieldID), l.C(decisionchainlink.FieldContactID))); err != nil {
		return "", nil, err
	}
	if err := on(coverage.Table, cv, sql.ColumnsEQ(cv.C(coverage.FieldContactID), l.C(decisionchainlink.FieldContactID))); err != nil {
		return "", nil, err
	}
	if err := on(teammember.Table, tm, sql.ColumnsEQ(tm.C(teammember.FieldID), cv.C(coverage.FieldTeamMemberID)),
		sql.EQ(tm.C(teammember.FieldActive), true)); err != nil {
		return "", nil, err
	}
	s.Where(sql.In(o.C(opportunity.FieldID), ids...))
	if read := reads[opportunity.Table]; read != nil {
		read(s)
	}
	s.OrderBy(l.C(decisionchainlink.FieldPosition), l.C(decisionchainlink.FieldID), cv.C(coverage.FieldID))
	query, args := s.Query()
	if err := s.Err(); err != nil {
		return "", nil, err
	}
	if len(reads) == 0 && slices.Equal(args, ids) {
		unscoped.Store(key, query)
	}
	return query, args, nil
}
