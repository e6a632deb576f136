package scope

import (
	"context"
	"fmt"
	"sync"

	"rapport/ent"
	"rapport/internal/auth"
)

// installed maps each client Install confined to its scoper, so that the
// questions below run the very predicates the hooks run.
var installed sync.Map // *ent.Client → *scoper

// The API's viewerCan* fields ask what the write hooks would answer,
// before the write: the role's rule (auth's MayChange) and the scope's
// write rule, row by row. The dashboard shows a control only when the
// answer is yes; the hooks still check every write.

// MayUpdate reports whether the context's viewer may change row id of
// type typ, a row it has just read (so only the write rule is left to
// ask: no statement for a table whose write rule is its read rule).
func MayUpdate(ctx context.Context, client *ent.Client, typ string, id int) (bool, error) {
	v := auth.FromContext(ctx)
	if !v.MayChange(typ) {
		return false, nil
	}
	if v == nil || v.IsAdmin() || serverWritten[typ] || !hasWriteRule(ent.NodeTables[typ]) {
		return true, nil
	}
	ok, err := Writable(ctx, client, typ, []int{id})
	if err != nil {
		return false, err
	}
	return ok[id], nil
}

// Writable reports which of ids of type typ the context's viewer may
// change: none when its role may not change the type, else those the
// scope lets it write (a row it may not read is not writable).
func Writable(ctx context.Context, client *ent.Client, typ string, ids []int) (map[int]bool, error) {
	out := make(map[int]bool, len(ids))
	v := auth.FromContext(ctx)
	if !v.MayChange(typ) {
		return out, nil
	}
	if v == nil || v.IsAdmin() || serverWritten[typ] {
		for _, id := range ids {
			out[id] = true
		}
		return out, nil
	}
	table, ok := ent.NodeTables[typ]
	if !ok {
		return nil, fmt.Errorf("scope: no table for %s", typ)
	}
	si, ok := installed.Load(client)
	if !ok {
		return nil, fmt.Errorf("scope: not installed on this client")
	}
	// The write predicate includes the read one.
	return si.(*scoper).visible(ctx, v, table, ids, hasWriteRule(table))
}

// WritableAll reports whether the context's viewer may change every row of
// ids of type typ: what a delete's cascade needs of each table it reaches.
func WritableAll(ctx context.Context, client *ent.Client, typ string, ids []int) (bool, error) {
	ok, err := Writable(ctx, client, typ, ids)
	if err != nil {
		return false, err
	}
	for _, id := range ids {
		if !ok[id] {
			return false, nil
		}
	}
	return true, nil
}

// Confines reports whether the context's viewer's writes are narrowed to
// some rows: false for admins, the server and viewers who see every account
// (their role alone decides).
func Confines(ctx context.Context) bool {
	v := auth.FromContext(ctx)
	return v != nil && !v.IsAdmin() && v.Scoped()
}
