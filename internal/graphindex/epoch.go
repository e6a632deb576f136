package graphindex

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"rapport/ent"
)

// The epoch lives in one row of graph_epochs (ent/schema/graphepoch.go),
// whose ID is the first of the type's global ID range. The row is created
// by the first bump, so a fresh database reads epoch 0 without a seed row.
var (
	epochRow     = ent.TypeStarts[ent.TypeGraphEpoch]
	selectEpoch  = fmt.Sprintf(`SELECT epoch FROM graph_epochs WHERE id = %d`, epochRow)
	bumpStmt     = fmt.Sprintf(`INSERT INTO graph_epochs (id, epoch) VALUES (%d, 1) ON CONFLICT (id) DO UPDATE SET epoch = graph_epochs.epoch + 1`, epochRow)
	graphChanges = map[string]bool{
		ent.TypeAccount: true, ent.TypeContact: true, ent.TypeContactRelation: true,
		ent.TypeCoverage: true, ent.TypeTeamMember: true,
	}
)

// BumpStatement is the SQL that marks the graph changed. Code that writes
// graph tables with plain SQL, past the ent hooks (bulk loaders, the
// benchmark's floor cases), must run it in the same transaction.
func BumpStatement() string { return bumpStmt }

// ReadEpoch returns the database's graph epoch: one indexed single-row read.
func ReadEpoch(ctx context.Context, q Queryer) (int64, error) {
	var e int64
	rows, err := q.QueryContext(ctx, selectEpoch)
	if err != nil {
		return 0, fmt.Errorf("read graph epoch: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		if err := rows.Scan(&e); err != nil {
			return 0, fmt.Errorf("read graph epoch: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("read graph epoch: %w", err)
	}
	return e, nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func bump(ctx context.Context, x execer) error {
	if _, err := x.ExecContext(ctx, bumpStmt); err != nil {
		return fmt.Errorf("bump graph epoch: %w", err)
	}
	return nil
}

// Hook bumps the epoch for every change to the graph's tables. Inside a
// transaction it bumps once, at commit: on PostgreSQL the epoch row's lock
// is then held for the commit only, not for the whole transaction (an
// import of 10,000 rows would otherwise serialise every other writer behind
// it), and a transaction that rolls back leaves the epoch as it was.
// Outside a transaction the write has committed when the mutation returns,
// and the bump follows it at once; a reader in between may load the new
// rows under the old epoch, which only costs one more reload later.
//
// Install it outside the audit hook: the commit hook is registered after
// the inner hooks' (the audit buffer's) on the transaction's first graph
// write, so it runs after theirs, right before the real commit.
func Hook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if !graphChanges[m.Type()] {
			return next.Mutate(ctx, m)
		}
		v, err := next.Mutate(ctx, m)
		if txm, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
			if tx, terr := txm.Tx(); terr == nil {
				// Also after a failed mutation: a transaction that commits
				// anyway may hold part of it, and a spare bump costs only
				// a reload.
				bumpAtCommit(tx)
				return v, err
			}
		}
		if err != nil {
			return v, err
		}
		c, ok := m.(interface{ Client() *ent.Client })
		if !ok {
			return nil, errors.New("bump graph epoch: mutation has no client")
		}
		if err := bump(ctx, c.Client()); err != nil {
			return nil, err
		}
		return v, nil
	})
}

// pending holds the transactions whose commit will bump the epoch, by
// ent.TxKey: each mutation's Tx() is a new handle on the same transaction.
var pending sync.Map

func bumpAtCommit(tx *ent.Tx) {
	key := ent.TxKey(tx)
	if _, loaded := pending.LoadOrStore(key, struct{}{}); loaded {
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, t *ent.Tx) error {
			pending.Delete(key)
			if err := bump(ctx, t); err != nil {
				_ = t.Rollback()
				return err
			}
			return next.Commit(ctx, t)
		})
	})
	tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
		return ent.RollbackFunc(func(ctx context.Context, t *ent.Tx) error {
			pending.Delete(key)
			return next.Rollback(ctx, t)
		})
	})
}

// AdvancePast sets the epoch above both its current value and before, so
// that no server's snapshot can match it. A restore that replaces the
// tables under running servers calls it: the restored epoch is an old
// one, and a server could otherwise hold a snapshot of another state under
// the same number.
func AdvancePast(ctx context.Context, x execer, before int64) error {
	stmt := fmt.Sprintf(`INSERT INTO graph_epochs (id, epoch) VALUES (%d, %d) ON CONFLICT (id) DO UPDATE SET epoch = CASE WHEN graph_epochs.epoch > %d THEN graph_epochs.epoch ELSE %d END + 1`,
		epochRow, before+1, before, before)
	if _, err := x.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("advance graph epoch: %w", err)
	}
	return nil
}
