package cases

import (
	"context"
	"fmt"
	"strings"
	"time"

	"rapport/bench/gql"
	"rapport/internal/changelog"
	"rapport/internal/gid"
)

const importRows = 10000

// account returns the store ID of the account a write goes to: round
// robin, so that writes do not all land on one account's rows.
func (e *Env) account(n int64) int { return gid.Of("Account", 1+int(n)%e.Shape.Scale.Accounts) }

func (e *Env) createContact(ctx context.Context, _, _ int) error {
	n := e.Seq.Add(1)
	return e.API.Do(ctx, `mutation Create($input: CreateContactInput!) { createContact(input: $input) { id } }`,
		map[string]any{"input": map[string]any{
			"name": fmt.Sprintf("Bench Contact %d", n), "externalID": fmt.Sprintf("bench-%d", n),
			"accountID": e.id(e.account(n)), "decisionRole": "USER", "influence": 3,
		}}, nil)
}

// floorCreate is the one INSERT a hand-written service would send.
func (e *Env) floorCreate(ctx context.Context, _, _ int) error {
	n := e.Seq.Add(1)
	now := time.Now()
	_, err := e.DB.ExecContext(ctx, e.rebind(`INSERT INTO contacts (created_at, updated_at, name, seniority, decision_role,
		attitude, influence, interest, status, external_id, account_id) VALUES (?, ?, ?, 'STAFF', 'USER', 'NEUTRAL', 3, 3, 'ACTIVE', ?, ?)`),
		now, now, fmt.Sprintf("Bench Contact %d", n), fmt.Sprintf("bench-%d", n), e.account(n))
	if err != nil {
		return fmt.Errorf("insert contact: %w", err)
	}
	return nil
}

// importContacts sends 10,000 new contacts in one importContacts call.
// The mutation is not in main yet, so its argument is found by
// introspection: the first list argument (or a list field of an input
// object argument) whose element type has name and externalID.
func (e *Env) importContacts(ctx context.Context, _, _ int) error {
	f := e.Schema["Mutation"]["importContacts"]
	argName, wrapField, elem := "", "", ""
	for _, a := range f.Args {
		t := a.Type.Named()
		if a.Type.IsList() {
			argName, elem = a.Name, t.Name
			break
		}
		for _, in := range e.Schema[t.Name] {
			if in.Type.IsList() && e.Schema[in.Type.Named().Name]["externalID"].Name != "" {
				argName, wrapField, elem = a.Name, in.Name, in.Type.Named().Name
			}
		}
		if argName != "" {
			break
		}
	}
	if argName == "" || e.Schema[elem]["name"].Name == "" {
		return fmt.Errorf("importContacts has no list argument of contact rows")
	}
	accountKey := "accountID"
	if e.Schema[elem]["accountID"].Name == "" {
		accountKey = "accountExternalID"
	}
	rows := make([]map[string]any, importRows)
	base := e.Seq.Add(importRows) - importRows
	for i := range rows {
		n := base + int64(i)
		acct := any(e.id(e.account(n)))
		if accountKey == "accountExternalID" {
			acct = fmt.Sprintf("acc-%d", 1+int(n)%e.Shape.Scale.Accounts)
		}
		rows[i] = map[string]any{"externalID": fmt.Sprintf("imp-%d", n), "name": fmt.Sprintf("Imported %d", n), accountKey: acct}
	}
	var arg any = rows
	if wrapField != "" {
		arg = map[string]any{wrapField: rows}
	}
	argType := typeString(f.Args, argName)
	sel := ""
	if k := f.Type.Named().Kind; k == "OBJECT" || k == "INTERFACE" || k == "UNION" {
		sel = "{ __typename }"
	}
	q := fmt.Sprintf(`mutation Import($rows: %s) { importContacts(%s: $rows) %s }`, argType, argName, sel)
	return e.API.Do(ctx, q, map[string]any{"rows": arg}, nil)
}

// floorImport upserts 10,000 rows by external ID in one transaction with
// multi-row statements: what a bulk loader written by hand would do.
func (e *Env) floorImport(ctx context.Context, _, _ int) error {
	base := e.Seq.Add(importRows) - importRows
	tx, err := e.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin import: %w", err)
	}
	defer tx.Rollback()
	const per = 500
	now := time.Now()
	for start := 0; start < importRows; start += per {
		var b strings.Builder
		b.WriteString(`INSERT INTO contacts (created_at, updated_at, name, external_id, account_id) VALUES `)
		args := make([]any, 0, per*5)
		for i := start; i < start+per; i++ {
			n := base + int64(i)
			if i > start {
				b.WriteString(",")
			}
			b.WriteString("(?, ?, ?, ?, ?)")
			args = append(args, now, now, fmt.Sprintf("Imported %d", n), fmt.Sprintf("imp-%d", n), e.account(n))
		}
		b.WriteString(` ON CONFLICT (external_id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`)
		if _, err := tx.ExecContext(ctx, e.rebind(b.String()), args...); err != nil {
			return fmt.Errorf("upsert contacts: %w", err)
		}
	}
	// A writer past ent's hooks tells the servers itself; a Reset entry
	// (every server reloads) is the simplest honest way for a loader that
	// does not track what it changed.
	if err := changelog.MarkReset(ctx, tx, e.Dialect); err != nil {
		return fmt.Errorf("mark the change feed: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit import: %w", err)
	}
	return nil
}

func typeString(args []gql.Field, name string) string {
	for _, a := range args {
		if a.Name == name {
			return a.Type.String()
		}
	}
	return ""
}
