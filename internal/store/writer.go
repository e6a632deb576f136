package store

import (
	"context"
	"database/sql/driver"
	"sync"

	"entgo.io/ent/dialect"
)

// TxOpener opens the transaction of a GraphQL mutation. On SQLite, which
// has one write lock, it queues this process's writers on a mutex first:
// a writer then starts the moment the previous one commits, instead of
// sleeping in the busy handler's growing steps (which stretched p99 write
// latency to over 100 ms under load). Other processes still wait on the
// busy timeout.
func (db *DB) TxOpener() interface {
	OpenTx(context.Context) (context.Context, driver.Tx, error)
} {
	if db.Dialect != dialect.SQLite {
		return db.Client
	}
	return queuedOpener{db: db}
}

type queuedOpener struct{ db *DB }

func (o queuedOpener) OpenTx(ctx context.Context) (context.Context, driver.Tx, error) {
	o.db.writeMu.Lock()
	txCtx, tx, err := o.db.Client.OpenTx(ctx)
	if err != nil {
		o.db.writeMu.Unlock()
		return nil, nil, err
	}
	return txCtx, &queuedTx{Tx: tx, unlock: sync.OnceFunc(o.db.writeMu.Unlock)}, nil
}

// queuedTx releases the writer queue when the transaction ends.
type queuedTx struct {
	driver.Tx
	unlock func()
}

func (t *queuedTx) Commit() error {
	defer t.unlock()
	return t.Tx.Commit()
}

func (t *queuedTx) Rollback() error {
	defer t.unlock()
	return t.Tx.Rollback()
}
