package importer

import (
	"context"
	"errors"
	"fmt"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/contact"
	"rapport/ent/contactrelation"
	"rapport/internal/apperr"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/store"
)

// Options tune an import beyond its input.
type Options struct {
	// Progress, when set, hears how many writes of the total are done.
	Progress func(done, total int)
}

// lookupChunk bounds the IDs in one IN (...) list: SQLite allows 32,766
// parameters per statement and PostgreSQL 65,535.
const lookupChunk = 5000

// writeChunk bounds the rows of one multi-row INSERT (17 columns a row).
const writeChunk = 500

// row is a row's state as the import goes.
type row struct {
	i        int
	in       *Row
	err      *apperr.Error
	existing *ent.Contact
	account  int  // resolved account ID; 0 when the row gives none
	manager  *int // stored manager's ID
	newMgr   *row // manager created by this import
	update   *ent.ContactUpdateOne
	changed  bool
	rels     []*relPlan
	contact  *ent.Contact
	level    int // creation order: after the new manager's level
}

type relPlan struct {
	rel      *Relation
	toID     int
	to       *row // target created by this import
	existing *ent.ContactRelation
}

// Import validates every row, looks up what they refer to in a few
// batched queries, and writes the new and changed contacts and relations
// in bulk through c, which should be a transaction's client: the caller
// commits or rolls back. A row that is already as stored writes nothing.
//
// Under ALL_OR_NOTHING one bad row means nothing is written, and the
// report says which rows are bad. Under PER_ROW bad rows are reported and
// skipped; because every row is checked in Go before any statement runs, a
// bad row never reaches the database (on PostgreSQL a failed statement
// would abort the whole transaction). An error returned (not reported per
// row) means the caller must roll back.
func Import(ctx context.Context, c *ent.Client, in Input, opts Options) (*Result, error) {
	if len(in.Rows) > MaxRows {
		return nil, apperr.Invalid("rows", "at most %d rows per import, got %d", MaxRows, len(in.Rows))
	}
	if in.Mode == "" {
		in.Mode = ModeUpsert
	}
	if in.Atomicity == "" {
		in.Atomicity = AllOrNothing
	}
	rows, byExt := prepare(in)
	if err := resolve(ctx, c, in.Mode, rows, byExt); err != nil {
		return nil, err
	}
	failDependents(rows)
	if err := planRelations(ctx, c, rows); err != nil {
		return nil, err
	}
	res := &Result{Applied: !in.DryRun}
	bad := false
	for _, r := range rows {
		bad = bad || r.err != nil
	}
	if bad && in.Atomicity == AllOrNothing {
		res.Applied = false
	}
	if res.Applied {
		if err := write(ctx, c, in.Atomicity, rows, opts); err != nil {
			return nil, err
		}
	}
	report(res, rows)
	if fn, ok := ctx.Value(observerKey{}).(func(*Result)); ok {
		fn(res)
	}
	return res, nil
}

type observerKey struct{}

// WithObserver returns a context under which every finished import hands
// its result to fn (the metrics count imported rows this way).
func WithObserver(ctx context.Context, fn func(*Result)) context.Context {
	return context.WithValue(ctx, observerKey{}, fn)
}

// prepare validates each row alone and finds duplicate externalIDs.
func prepare(in Input) ([]*row, map[string]*row) {
	rows := make([]*row, len(in.Rows))
	byExt := make(map[string]*row, len(in.Rows))
	for i, r := range in.Rows {
		rows[i] = &row{i: i, in: r}
		if r == nil {
			r = &Row{}
			rows[i].in = r
		}
		if pe := in.ParseErrors[i]; pe != nil {
			rows[i].err = pe
		} else {
			rows[i].err = validateRow(r)
		}
		if r.ExternalID == "" {
			continue
		}
		if first, dup := byExt[r.ExternalID]; dup {
			if rows[i].err == nil {
				rows[i].err = apperr.New(apperr.Conflict, "externalID", "externalID %q is also in row %d", r.ExternalID, first.i)
			}
			continue
		}
		byExt[r.ExternalID] = rows[i]
	}
	return rows, byExt
}

// resolve looks up the stored contacts and accounts the rows name, in
// batches, and decides per row: create, update or leave.
func resolve(ctx context.Context, c *ent.Client, mode Mode, rows []*row, byExt map[string]*row) error {
	exts := map[string]bool{}
	accExts := map[string]bool{}
	accIDs := map[int]bool{}
	for _, r := range rows {
		if r.err != nil {
			continue
		}
		exts[r.in.ExternalID] = true
		if m := r.in.ReportsToExternalID; m != nil && *m != "" {
			exts[*m] = true
		}
		for _, rel := range r.in.Relations {
			exts[rel.ToExternalID] = true
		}
		if r.in.AccountExternalID != nil {
			accExts[*r.in.AccountExternalID] = true
		}
		if r.in.AccountID != nil {
			accIDs[*r.in.AccountID] = true
		}
	}
	stored, err := contactsByExternalID(ctx, c, keys(exts))
	if err != nil {
		return err
	}
	taken, err := takenOutsideScope(ctx, c, exts, stored)
	if err != nil {
		return err
	}
	accounts, err := accountsByExternalID(ctx, c, keys(accExts))
	if err != nil {
		return err
	}
	knownAccounts, err := accountsByID(ctx, c, keys(accIDs))
	if err != nil {
		return err
	}
	// What these lookups found exists in this transaction: the store's
	// reference check need not look each of it up again.
	found := make([]int, 0, len(stored)+len(accounts)+len(knownAccounts))
	for _, ct := range stored {
		found = append(found, ct.ID)
	}
	for _, id := range accounts {
		found = append(found, id)
	}
	for id := range knownAccounts {
		found = append(found, id)
	}
	store.KnownToExist(ctx, found)
	for _, r := range rows {
		if r.err != nil {
			continue
		}
		if taken[r.in.ExternalID] {
			r.err = apperr.New(apperr.Conflict, "externalID", "externalID %q is already taken", r.in.ExternalID)
			continue
		}
		r.err = resolveRow(c, mode, r, stored, byExt, accounts, knownAccounts)
	}
	return nil
}

// takenOutsideScope returns the external IDs, among those the viewer's own
// lookup did not find, that rows the viewer may not read hold: global
// uniqueness makes a new contact with one fail, so the row says only that
// the ID is taken (and, with PER_ROW, the others go on). Unscoped viewers
// found every row already.
func takenOutsideScope(ctx context.Context, c *ent.Client, exts map[string]bool, stored map[string]*ent.Contact) (map[string]bool, error) {
	v := auth.FromContext(ctx)
	if v == nil || !v.Scoped() {
		return nil, nil
	}
	var missing []string
	for ext := range exts {
		if stored[ext] == nil {
			missing = append(missing, ext)
		}
	}
	taken := map[string]bool{}
	sys := auth.WithViewer(ctx, auth.System)
	for _, chunk := range chunks(missing, lookupChunk) {
		found, err := c.Contact.Query().Where(contact.ExternalIDIn(chunk...)).Select(contact.FieldExternalID).Strings(sys)
		if err != nil {
			return nil, fmt.Errorf("look up taken externalIDs: %w", err)
		}
		for _, ext := range found {
			taken[ext] = true
		}
	}
	return taken, nil
}

func resolveRow(c *ent.Client, mode Mode, r *row, stored map[string]*ent.Contact, byExt map[string]*row,
	accounts map[string]int, knownAccounts map[int]bool) *apperr.Error {
	in := r.in
	r.existing = stored[in.ExternalID]
	if r.existing != nil && mode == ModeCreateOnly {
		return apperr.New(apperr.Conflict, "externalID", "a contact with externalID %q already exists", in.ExternalID)
	}
	switch {
	case in.AccountID != nil:
		id := *in.AccountID
		if gid.TypeOf(id) != ent.TypeAccount {
			return apperr.Invalid("accountID", "ID %s is not an Account", gid.Encode(id))
		}
		if !knownAccounts[id] {
			return apperr.New(apperr.NotFound, "accountID", "no account with ID %s", gid.Encode(id))
		}
		r.account = id
	case in.AccountExternalID != nil:
		id, ok := accounts[*in.AccountExternalID]
		if !ok {
			return apperr.New(apperr.NotFound, "accountExternalID", "no account with externalID %q", *in.AccountExternalID)
		}
		r.account = id
	case r.existing == nil:
		return apperr.Invalid("accountID", "a new contact needs accountID or accountExternalID")
	}
	if m := in.ReportsToExternalID; m != nil && *m != "" {
		if s, ok := stored[*m]; ok {
			id := s.ID
			r.manager = &id
		} else if mr, ok := byExt[*m]; ok {
			r.newMgr = mr
		} else {
			return apperr.New(apperr.NotFound, "reportsToExternalID", "no contact with externalID %q, stored or in this import", *m)
		}
	}
	r.rels = make([]*relPlan, len(in.Relations))
	for j, rel := range in.Relations {
		p := &relPlan{rel: rel}
		if s, ok := stored[rel.ToExternalID]; ok {
			p.toID = s.ID
		} else if tr, ok := byExt[rel.ToExternalID]; ok {
			p.to = tr
		} else {
			return apperr.New(apperr.NotFound, fmt.Sprintf("relations[%d].toExternalID", j),
				"no contact with externalID %q, stored or in this import", rel.ToExternalID)
		}
		r.rels[j] = p
	}
	if r.existing != nil {
		r.update = changes(c.Contact.UpdateOne(r.existing), in, r.existing, r.account, r.manager)
		r.changed = len(r.update.Mutation().Fields()) > 0 || r.newMgr != nil
	}
	return nil
}

// changes sets on u the fields of in that differ from what is stored.
func changes(u *ent.ContactUpdateOne, in *Row, c *ent.Contact, accountID int, manager *int) *ent.ContactUpdateOne {
	if in.Name != c.Name {
		u.SetName(in.Name)
	}
	setString(in.Title, c.Title, u.SetTitle)
	setString(in.Department, c.Department, u.SetDepartment)
	setString(in.Email, c.Email, u.SetEmail)
	setString(in.Phone, c.Phone, u.SetPhone)
	setString(in.Notes, c.Notes, u.SetNotes)
	if in.Seniority != nil && *in.Seniority != c.Seniority {
		u.SetSeniority(*in.Seniority)
	}
	if in.DecisionRole != nil && *in.DecisionRole != c.DecisionRole {
		u.SetDecisionRole(*in.DecisionRole)
	}
	if in.Attitude != nil && *in.Attitude != c.Attitude {
		u.SetAttitude(*in.Attitude)
	}
	if in.Influence != nil && *in.Influence != c.Influence {
		u.SetInfluence(*in.Influence)
	}
	if in.Interest != nil && *in.Interest != c.Interest {
		u.SetInterest(*in.Interest)
	}
	if in.Status != nil && *in.Status != c.Status {
		u.SetStatus(*in.Status)
	}
	if accountID != 0 && accountID != c.AccountID {
		u.SetAccountID(accountID)
	}
	if manager != nil && (c.ReportsToID == nil || *c.ReportsToID != *manager) {
		u.SetReportsToID(*manager)
	}
	return u
}

func setString(v *string, stored string, set func(string) *ent.ContactUpdateOne) {
	if v != nil && *v != stored {
		set(*v)
	}
}

// failDependents fails rows that need a row that failed, or that form a
// reporting cycle among new rows, until nothing changes; and orders the
// new rows so that every manager is created before their reports.
func failDependents(rows []*row) {
	// Reporting cycles among new rows: walk each chain of new managers.
	state := map[*row]int{} // 0 unseen, 1 on the walk, 2 done
	for _, r := range rows {
		if r.err != nil || state[r] != 0 {
			continue
		}
		var path []*row
		cur := r
		for cur != nil && cur.err == nil && state[cur] == 0 {
			state[cur] = 1
			path = append(path, cur)
			cur = cur.newMgr
		}
		if cur != nil && state[cur] == 1 { // back on this walk: a cycle
			onCycle := false
			for _, p := range path {
				onCycle = onCycle || p == cur
				if onCycle {
					p.err = apperr.Invalid("reportsToExternalID", "the reporting lines in this import form a cycle through %q", p.in.ExternalID)
				}
			}
		}
		for _, p := range path {
			state[p] = 2
		}
	}
	for changed := true; changed; {
		changed = false
		for _, r := range rows {
			if r.err != nil {
				continue
			}
			if m := r.newMgr; m != nil && m.err != nil {
				r.err = apperr.Invalid("reportsToExternalID", "the manager's row %d (%q) failed", m.i, m.in.ExternalID)
				changed = true
				continue
			}
			for j, p := range r.rels {
				if p.to != nil && p.to.err != nil {
					r.err = apperr.Invalid(fmt.Sprintf("relations[%d].toExternalID", j), "the related row %d (%q) failed", p.to.i, p.to.in.ExternalID)
					changed = true
					break
				}
			}
		}
	}
	var level func(r *row) int
	level = func(r *row) int {
		if r.newMgr == nil || r.newMgr.existing != nil {
			return 0
		}
		if r.level == 0 {
			r.level = level(r.newMgr) + 1
		}
		return r.level
	}
	for _, r := range rows {
		if r.err == nil && r.existing == nil {
			level(r)
		}
	}
}

// planRelations finds which of the rows' relations are already stored
// (same ends and kind), in batches.
func planRelations(ctx context.Context, c *ent.Client, rows []*row) error {
	var from []int
	for _, r := range rows {
		if r.err == nil && r.existing != nil && len(r.rels) > 0 {
			from = append(from, r.existing.ID)
		}
	}
	type key struct {
		from, to int
		kind     domain.RelationKind
	}
	stored := map[key]*ent.ContactRelation{}
	for _, ids := range chunks(from, lookupChunk) {
		rels, err := c.ContactRelation.Query().Where(contactrelation.FromIDIn(ids...)).All(ctx)
		if err != nil {
			return fmt.Errorf("look up stored relations: %w", err)
		}
		for _, rel := range rels {
			k := key{rel.FromID, rel.ToID, rel.Kind}
			if _, ok := stored[k]; !ok {
				stored[k] = rel
			}
		}
	}
	for _, r := range rows {
		if r.err != nil || r.existing == nil {
			continue
		}
		for _, p := range r.rels {
			if p.to != nil {
				r.changed = true // a new contact: a new relation
				continue
			}
			p.existing = stored[key{r.existing.ID, p.toID, p.rel.Kind}]
			if p.existing == nil || (p.rel.Strength != nil && *p.rel.Strength != p.existing.Strength) {
				r.changed = true
			}
		}
	}
	return nil
}

// write creates the new contacts (managers first), updates the changed
// ones, then writes the relations.
func write(ctx context.Context, c *ent.Client, atomicity Atomicity, rows []*row, opts Options) error {
	var creates [][]*row
	total := 0
	for _, r := range rows {
		if r.err != nil {
			continue
		}
		if r.existing == nil {
			for len(creates) <= r.level {
				creates = append(creates, nil)
			}
			creates[r.level] = append(creates[r.level], r)
			total++
		} else if r.changed {
			total++
		}
	}
	done := 0
	progress := func(n int) {
		done += n
		if opts.Progress != nil {
			opts.Progress(done, total)
		}
	}
	// The assessments the contact rules record for new and changed
	// contacts are written a chunk at a time, not one statement a row.
	ctx, assessments := store.WithAssessmentBatch(ctx)
	for _, level := range creates {
		for _, chunk := range chunks(level, writeChunk) {
			if err := createContacts(ctx, c, chunk); err != nil {
				return err
			}
			if err := assessments.Flush(ctx, c); err != nil {
				return err
			}
			progress(len(chunk))
		}
	}
	for _, r := range rows {
		if r.err != nil || r.existing == nil {
			continue
		}
		r.contact = r.existing
		if !r.changed {
			continue
		}
		if r.newMgr != nil {
			r.update.SetReportsToID(r.newMgr.contact.ID)
		}
		if len(r.update.Mutation().Fields()) > 0 {
			ct, err := r.update.Save(ctx)
			var ae *apperr.Error
			if errors.As(err, &ae) && atomicity == PerRow {
				// Refused by a rule before any statement of its own ran
				// (a reporting cycle through stored contacts): skip the row.
				r.err, r.contact = ae, nil
				continue
			}
			if err != nil {
				return fmt.Errorf("update contact %q (row %d): %w", r.in.ExternalID, r.i, err)
			}
			r.contact = ct
		}
		if done++; done%writeChunk == 0 {
			if err := assessments.Flush(ctx, c); err != nil {
				return err
			}
			if opts.Progress != nil {
				opts.Progress(done, total)
			}
		}
	}
	if err := assessments.Flush(ctx, c); err != nil {
		return err
	}
	if err := writeRelations(ctx, c, rows); err != nil {
		return err
	}
	if opts.Progress != nil {
		opts.Progress(total, total)
	}
	return nil
}

func createContacts(ctx context.Context, c *ent.Client, chunk []*row) error {
	builders := make([]*ent.ContactCreate, len(chunk))
	for i, r := range chunk {
		in := r.in
		b := c.Contact.Create().
			SetExternalID(in.ExternalID).
			SetName(in.Name).
			SetAccountID(r.account).
			SetNillableTitle(in.Title).
			SetNillableDepartment(in.Department).
			SetNillableSeniority(in.Seniority).
			SetNillableDecisionRole(in.DecisionRole).
			SetNillableAttitude(in.Attitude).
			SetNillableInfluence(in.Influence).
			SetNillableInterest(in.Interest).
			SetNillableStatus(in.Status).
			SetNillableEmail(in.Email).
			SetNillablePhone(in.Phone).
			SetNillableNotes(in.Notes).
			SetNillableReportsToID(r.manager)
		if r.newMgr != nil {
			b.SetReportsToID(r.newMgr.contact.ID)
		}
		builders[i] = b
	}
	created, err := c.Contact.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return fmt.Errorf("create contacts (rows %d to %d): %w", chunk[0].i, chunk[len(chunk)-1].i, err)
	}
	for i, r := range chunk {
		r.contact = created[i]
	}
	return nil
}

func writeRelations(ctx context.Context, c *ent.Client, rows []*row) error {
	var creates []*ent.ContactRelationCreate
	for _, r := range rows {
		if r.err != nil || r.contact == nil {
			continue
		}
		for _, p := range r.rels {
			to := p.toID
			if p.to != nil {
				to = p.to.contact.ID
			}
			switch {
			case p.existing == nil:
				creates = append(creates, c.ContactRelation.Create().
					SetFromID(r.contact.ID).SetToID(to).SetKind(p.rel.Kind).
					SetNillableStrength(p.rel.Strength).SetSource(domain.SourceImport))
			case p.rel.Strength != nil && *p.rel.Strength != p.existing.Strength:
				if err := c.ContactRelation.UpdateOne(p.existing).SetStrength(*p.rel.Strength).Exec(ctx); err != nil {
					return fmt.Errorf("update relation of %q (row %d): %w", r.in.ExternalID, r.i, err)
				}
			}
		}
	}
	for _, chunk := range chunks(creates, writeChunk) {
		if err := c.ContactRelation.CreateBulk(chunk...).Exec(ctx); err != nil {
			return fmt.Errorf("create relations: %w", err)
		}
	}
	return nil
}

// report fills in the per-row results and the totals.
func report(res *Result, rows []*row) {
	res.Rows = make([]*RowResult, len(rows))
	res.Totals.Rows = len(rows)
	for i, r := range rows {
		out := &RowResult{Row: r.i, ExternalID: r.in.ExternalID, Contact: r.contact}
		switch {
		case r.err != nil:
			out.Status = StatusError
			code, field, reason := string(r.err.Code), r.err.Field, r.err.Message
			out.Code, out.Reason = &code, &reason
			if field != "" {
				out.Field = &field
			}
			out.Contact = nil
			res.Totals.Errors++
		case r.existing == nil:
			out.Status = StatusCreated
			res.Totals.Created++
		case r.changed:
			out.Status = StatusUpdated
			res.Totals.Updated++
		default:
			out.Status = StatusUnchanged
			out.Contact = r.existing
			res.Totals.Unchanged++
		}
		if r.err == nil {
			for _, p := range r.rels {
				switch {
				case p.existing == nil:
					res.Totals.RelationsCreated++
				case p.rel.Strength != nil && *p.rel.Strength != p.existing.Strength:
					res.Totals.RelationsUpdated++
				}
			}
		}
		res.Rows[i] = out
	}
}

func contactsByExternalID(ctx context.Context, c *ent.Client, exts []string) (map[string]*ent.Contact, error) {
	out := make(map[string]*ent.Contact, len(exts))
	for _, chunk := range chunks(exts, lookupChunk) {
		found, err := c.Contact.Query().Where(contact.ExternalIDIn(chunk...)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("look up contacts by externalID: %w", err)
		}
		for _, ct := range found {
			out[*ct.ExternalID] = ct
		}
	}
	return out, nil
}

func accountsByExternalID(ctx context.Context, c *ent.Client, exts []string) (map[string]int, error) {
	out := make(map[string]int, len(exts))
	for _, chunk := range chunks(exts, lookupChunk) {
		found, err := c.Account.Query().Where(account.ExternalIDIn(chunk...)).
			Select(account.FieldID, account.FieldExternalID).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("look up accounts by externalID: %w", err)
		}
		for _, a := range found {
			out[*a.ExternalID] = a.ID
		}
	}
	return out, nil
}

func accountsByID(ctx context.Context, c *ent.Client, ids []int) (map[int]bool, error) {
	out := make(map[int]bool, len(ids))
	for _, chunk := range chunks(ids, lookupChunk) {
		found, err := c.Account.Query().Where(account.IDIn(chunk...)).IDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("look up accounts by ID: %w", err)
		}
		for _, id := range found {
			out[id] = true
		}
	}
	return out, nil
}

func keys[K comparable](m map[K]bool) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func chunks[T any](s []T, n int) [][]T {
	var out [][]T
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	if len(s) > 0 {
		out = append(out, s)
	}
	return out
}
