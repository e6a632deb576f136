package cases

import (
	"context"
	"fmt"
	"sync"
	"time"

	"rapport/bench/gql"
	"rapport/internal/gid"
)

// Mixed cases: the graph's readers while an integration writes at a steady
// rate. Reads collapsed under writes once (issue 19) because every write
// made the next read reload the whole graph; a bench that runs reads and
// writes apart cannot see that.

// MixedWriteRate is the mixed cases' steady graph writes a second.
const MixedWriteRate = 20

// mixedReaders is how many readers run: one stakeholderGraph, one
// introductionPaths, each asking again as soon as it has its answer.
const mixedReaders = 2

// Mixed is what a mixed case runs beside its readers (Case.API).
type Mixed struct {
	// Rate is writes a second, started on a clock whether or not the
	// previous ones have finished (an integration does not wait for readers).
	Rate float64
	// Write is the i-th write.
	Write func(ctx context.Context, worker, i int) error
	// Probe writes once and polls a reader until the write shows, and
	// returns how long after the write's commit the first read that saw it
	// started.
	Probe func(ctx context.Context) (time.Duration, error)
	// TwoServers: the writes and probes' writes go to one server, reads to
	// another on the same database (PostgreSQL only).
	TwoServers bool
}

func (e *Env) reader() *gql.Client {
	if e.Reader != nil {
		return e.Reader
	}
	return e.API
}

func (e *Env) writer() *gql.Client {
	if e.Writer != nil {
		return e.Writer
	}
	return e.API
}

// writeTargets are the rows the mixed writes touch, read once from the database.
type writeTargets struct {
	once      sync.Once
	err       error
	coverages []int // every coverage
	own       []int // the coverages of the readers' account
}

func (t *writeTargets) load(ctx context.Context, e *Env) error {
	t.once.Do(func() {
		if e.DB == nil {
			t.err = fmt.Errorf("no database to find coverages in")
			return
		}
		read := func(q string, args ...any) ([]int, error) {
			rows, err := e.DB.QueryContext(ctx, e.rebind(q), args...)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			var ids []int
			for rows.Next() {
				var id int
				if err := rows.Scan(&id); err != nil {
					return nil, err
				}
				ids = append(ids, id)
			}
			return ids, rows.Err()
		}
		if t.coverages, t.err = read(`SELECT id FROM coverages ORDER BY id`); t.err != nil {
			return
		}
		t.own, t.err = read(`SELECT cv.id FROM coverages cv JOIN contacts c ON c.id = cv.contact_id WHERE c.account_id = ? ORDER BY cv.id`,
			e.Shape.PageAccountID)
		if t.err == nil && (len(t.coverages) == 0 || len(t.own) == 0) {
			t.err = fmt.Errorf("no coverages to update")
		}
	})
	return t.err
}

const updateCoverage = `mutation UpdateCoverage($id: ID!, $input: UpdateCoverageInput!) {
  updateCoverage(id: $id, input: $input) { id strength }
}`

// graphWrite returns the mixed cases' write: in turn a new contact, a new
// relation between two contacts of an account, and a coverage's strength,
// through the dashboard's own mutations where it has them. One write in
// four goes to the readers' account, the others spread over every account.
func (e *Env) graphWrite() func(ctx context.Context, _, i int) error {
	t := &writeTargets{}
	kinds := []string{"INFLUENCES", "ALLY", "FRIEND", "FORMER_COLLEAGUE"}
	sc := e.Shape.Scale
	return func(ctx context.Context, _, i int) error {
		n := e.Seq.Add(1)
		r := int(n * 2654435761 % (1 << 31))
		own := i%4 == 0
		a := 2 // the page account's number (dataset.ShapeOf: PageAccountID is account 2)
		if !own {
			a = 1 + r%sc.Accounts
		}
		switch i % 3 {
		case 0:
			doc, missing := e.dashboardOp("CreateContact")
			if missing != "" {
				return fmt.Errorf("no %s", missing)
			}
			return e.writer().Do(ctx, doc, map[string]any{"input": map[string]any{
				"name": fmt.Sprintf("Synced Contact %d", n), "externalID": fmt.Sprintf("sync-%d", n),
				"accountID": e.id(gid.Of("Account", a)), "decisionRole": "USER", "influence": 1 + r%5,
			}}, nil)
		case 1:
			doc, missing := e.dashboardOp("CreateContactRelation")
			if missing != "" {
				return fmt.Errorf("no %s", missing)
			}
			size := sc.ContactsOf(a)
			from := r % size
			to := (from + 1 + (r>>8)%(size-1)) % size
			return e.writer().Do(ctx, doc, map[string]any{"input": map[string]any{
				"fromID": e.id(sc.ContactAt(a, from)), "toID": e.id(sc.ContactAt(a, to)),
				"kind": kinds[r%len(kinds)], "strength": 1 + (r>>4)%5,
			}}, nil)
		default:
			if err := t.load(ctx, e); err != nil {
				return err
			}
			ids := t.coverages
			if own {
				ids = t.own
			}
			return e.writer().Do(ctx, updateCoverage, map[string]any{
				"id": e.id(ids[r%len(ids)]), "input": map[string]any{"strength": int(n % 5)},
			}, nil)
		}
	}
}

// probeQuery is what the staleness probe reads: the account's graph, ids only.
const probeQuery = `query Probe($id: ID!) { stakeholderGraph(accountId: $id, depth: 0, maxNodes: 2000) { nodes { id } } }`

// probeInterval is how often the staleness probe asks again.
const probeInterval = 10 * time.Millisecond

// staleness creates a contact in the readers' account through the writer
// and asks the reader for the account's graph until the contact is in it.
func (e *Env) staleness(ctx context.Context) (time.Duration, error) {
	doc, missing := e.dashboardOp("CreateContact")
	if missing != "" {
		return 0, fmt.Errorf("no %s", missing)
	}
	n := e.Seq.Add(1)
	var created struct {
		CreateContact struct {
			ID string `json:"id"`
		} `json:"createContact"`
	}
	err := e.writer().Do(ctx, doc, map[string]any{"input": map[string]any{
		"name": fmt.Sprintf("Probe Contact %d", n), "externalID": fmt.Sprintf("probe-%d", n),
		"accountID": e.id(e.Shape.PageAccountID), "decisionRole": "USER",
	}}, &created)
	if err != nil {
		return 0, fmt.Errorf("probe write: %w", err)
	}
	committed := time.Now()
	for {
		asked := time.Now()
		var g struct {
			StakeholderGraph struct {
				Nodes []struct {
					ID string `json:"id"`
				} `json:"nodes"`
			} `json:"stakeholderGraph"`
		}
		if err := e.reader().Do(ctx, probeQuery, map[string]any{"id": e.id(e.Shape.PageAccountID)}, &g); err != nil {
			return 0, fmt.Errorf("probe read: %w", err)
		}
		for _, node := range g.StakeholderGraph.Nodes {
			if node.ID == created.CreateContact.ID {
				return max(0, asked.Sub(committed)), nil
			}
		}
		if time.Since(committed) > 5*time.Second {
			return time.Since(committed), fmt.Errorf("contact %s not in its account's graph %s after its commit", created.CreateContact.ID, time.Since(committed).Round(time.Millisecond))
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(probeInterval):
		}
	}
}

// mixedCases are the readers under writes, on one server and on two.
func (e *Env) mixedCases() []Case {
	s := e.Shape
	graphDoc, m1 := e.dashboardOp("StakeholderGraph")
	pathsDoc, m2 := e.dashboardOp("IntroductionPaths")
	missing := m1 + m2
	readers := func(ctx context.Context, w, _ int) error {
		if w%2 == 0 {
			return e.reader().Do(ctx, graphDoc, map[string]any{"accountId": e.id(s.PageAccountID), "depth": 0, "subs": false, "asOf": nil}, nil)
		}
		return e.reader().Do(ctx, pathsDoc, map[string]any{"to": e.id(s.DecisionMaker), "maxHops": 4}, nil)
	}
	note := fmt.Sprintf("readers: the dashboard's StakeholderGraph (depth 0) of a %d-stakeholder account and IntroductionPaths (4 hops) to its decision maker, "+
		"one worker each, asking again at once; writes: %d a second on a clock (createContact, createContactRelation, updateCoverage in turn, one in four on the readers' account); "+
		"staleness: a contact created on the writer, then the reader's graph of its account asked every %s until it shows (time from the write's answer to the start of the first read that shows it)",
		min(100, s.Scale.ContactsPer), MixedWriteRate, probeInterval)
	return []Case{
		{
			ID: "m1", Title: fmt.Sprintf("graph readers under %d writes/s, one server", MixedWriteRate),
			missing: missing, Concurrency: mixedReaders, API: readers, Note: note,
			Mixed: &Mixed{Rate: MixedWriteRate, Write: e.graphWrite(), Probe: e.staleness},
		},
		{
			ID: "m2", Title: fmt.Sprintf("graph readers under %d writes/s, writes on server A, reads on server B", MixedWriteRate),
			missing: missing, Concurrency: mixedReaders, API: readers,
			Note:  "as m1, with a second server on the same PostgreSQL: every write and the probe's write go to A, every read to B",
			Mixed: &Mixed{Rate: MixedWriteRate, Write: e.graphWrite(), Probe: e.staleness, TwoServers: true},
		},
	}
}
