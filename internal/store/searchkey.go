package store

import (
	"context"
	"database/sql"
	"fmt"

	"entgo.io/ent/dialect"

	"rapport/ent"
	"rapport/ent/hook"
	"rapport/internal/pinyin"
)

// installSearchKeys keeps the hidden search_key column of accounts and
// contacts in step with their names (see internal/pinyin).
func installSearchKeys(client *ent.Client) {
	client.Account.Use(func(next ent.Mutator) ent.Mutator {
		return hook.AccountFunc(func(ctx context.Context, m *ent.AccountMutation) (ent.Value, error) {
			if name, ok := m.Name(); ok {
				m.SetSearchKey(pinyin.Key(name))
			}
			return next.Mutate(ctx, m)
		})
	})
	client.Contact.Use(func(next ent.Mutator) ent.Mutator {
		return hook.ContactFunc(func(ctx context.Context, m *ent.ContactMutation) (ent.Value, error) {
			if name, ok := m.Name(); ok {
				m.SetSearchKey(pinyin.Key(name))
			}
			return next.Mutate(ctx, m)
		})
	})
}

// backfillBatch is how many rows one pass of the backfill reads and updates.
const backfillBatch = 500

// BackfillSearchKeys gives every account and contact without a search key
// its key. It runs after the migrations, on the raw connection: the key is
// derived data, so the change feed, the audit log and webhooks have nothing
// to say about it. Rows written through the client get their key from the
// hook; after the first start this finds nothing and costs two queries.
func BackfillSearchKeys(ctx context.Context, db *sql.DB, dia string) (int, error) {
	total := 0
	for _, table := range []string{"accounts", "contacts"} {
		for {
			n, err := backfillPass(ctx, db, dia, table)
			if err != nil {
				return total, fmt.Errorf("backfill %s.search_key: %w", table, err)
			}
			total += n
			if n < backfillBatch {
				break
			}
		}
	}
	return total, nil
}

func backfillPass(ctx context.Context, db *sql.DB, dia, table string) (int, error) {
	rows, err := db.QueryContext(ctx, fmt.Sprintf(
		"SELECT id, name FROM %s WHERE search_key IS NULL OR search_key = '' ORDER BY id LIMIT %d", table, backfillBatch))
	if err != nil {
		return 0, err
	}
	type row struct {
		id   int
		name string
	}
	var todo []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.name); err != nil {
			rows.Close()
			return 0, err
		}
		todo = append(todo, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(todo) == 0 {
		return 0, nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	stmt := fmt.Sprintf("UPDATE %s SET search_key = ? WHERE id = ?", table)
	if dia == dialect.Postgres {
		stmt = fmt.Sprintf("UPDATE %s SET search_key = $1 WHERE id = $2", table)
	}
	for _, r := range todo {
		key := pinyin.Key(r.name)
		if key == "" {
			key = " " // a blank name cannot pass the schema; keep the loop finite anyway
		}
		if _, err := tx.ExecContext(ctx, stmt, key, r.id); err != nil {
			tx.Rollback()
			return 0, err
		}
	}
	return len(todo), tx.Commit()
}
