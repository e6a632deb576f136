package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"

	"entgo.io/ent/dialect"
)

// Counter counts SQL statements. The total is kept on the Counter; a request
// that wants its own count puts one in its context with WithStatementCount.
// Tests use it to prove that a query's statement count does not grow with
// the rows it returns, and metrics report statements per request.
type Counter struct{ n atomic.Int64 }

// Load returns the number of statements counted so far.
func (c *Counter) Load() int64 { return c.n.Load() }

type ctxCount struct{}

// WithStatementCount returns a context that counts the statements run
// under it into *n, besides any counts already in ctx (a benchmark's and
// the metrics' can watch the same request).
func WithStatementCount(ctx context.Context, n *atomic.Int64) context.Context {
	outer, _ := ctx.Value(ctxCount{}).([]*atomic.Int64)
	return context.WithValue(ctx, ctxCount{}, append(outer[:len(outer):len(outer)], n))
}

func (c *Counter) add(ctx context.Context) {
	c.n.Add(1)
	if ns, ok := ctx.Value(ctxCount{}).([]*atomic.Int64); ok {
		for _, n := range ns {
			n.Add(1)
		}
	}
}

// Wrap returns drv counting every Exec and Query, inside transactions too.
func (c *Counter) Wrap(drv dialect.Driver) dialect.Driver {
	return &countingDriver{Driver: drv, c: c}
}

type countingDriver struct {
	dialect.Driver
	c *Counter
}

func (d *countingDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.c.add(ctx)
	return d.Driver.Exec(ctx, query, args, v)
}

func (d *countingDriver) Query(ctx context.Context, query string, args, v any) error {
	d.c.add(ctx)
	return d.Driver.Query(ctx, query, args, v)
}

func (d *countingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: tx, c: d.c}, nil
}

// BeginTx lets ent's Client.BeginTx pass isolation options through.
func (d *countingDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return nil, fmt.Errorf("driver %T does not support BeginTx", d.Driver)
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: tx, c: d.c}, nil
}

// ExecContext and QueryContext serve ent's ExecQuery feature (raw SQL for
// aggregates) through the same count.
func (d *countingDriver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	e, ok := d.Driver.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("driver %T does not support ExecContext", d.Driver)
	}
	d.c.add(ctx)
	return e.ExecContext(ctx, query, args...)
}

// QueryContext runs a raw query, counted.
func (d *countingDriver) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, ok := d.Driver.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("driver %T does not support QueryContext", d.Driver)
	}
	d.c.add(ctx)
	return q.QueryContext(ctx, query, args...)
}

type countingTx struct {
	dialect.Tx
	c *Counter
}

func (t *countingTx) Exec(ctx context.Context, query string, args, v any) error {
	t.c.add(ctx)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *countingTx) Query(ctx context.Context, query string, args, v any) error {
	t.c.add(ctx)
	return t.Tx.Query(ctx, query, args, v)
}

// ExecContext runs a raw statement inside the transaction, counted.
func (t *countingTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	e, ok := t.Tx.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("tx %T does not support ExecContext", t.Tx)
	}
	t.c.add(ctx)
	return e.ExecContext(ctx, query, args...)
}

// QueryContext runs a raw query inside the transaction, counted.
func (t *countingTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, ok := t.Tx.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("tx %T does not support QueryContext", t.Tx)
	}
	t.c.add(ctx)
	return q.QueryContext(ctx, query, args...)
}
