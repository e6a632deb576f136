package dataset

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"rapport/internal/changelog"
	"rapport/internal/store"
)

// Stats says what a load wrote and how long it took.
type Stats struct {
	Rows     map[string]int
	Duration time.Duration
}

// Load writes the dataset at scale s straight into the migrated, empty
// tables of db (multi-row INSERTs on SQLite, COPY on PostgreSQL), then moves
// each table's ID sequence past the rows written so that the API's own
// inserts continue in the table's globalid range, and refreshes planner
// statistics as a live database would have them.
func Load(ctx context.Context, db *store.DB, s Scale) (Stats, error) {
	start := time.Now()
	st := Stats{Rows: map[string]int{}}
	var err error
	switch db.Dialect {
	case "sqlite3":
		err = loadSQLite(ctx, db.SQL, s, st.Rows)
	case "postgres":
		err = loadPostgres(ctx, db.SQL, s, st.Rows)
	default:
		err = fmt.Errorf("dialect %q not supported", db.Dialect)
	}
	if err != nil {
		return st, err
	}
	if err := bumpSequences(ctx, db, s); err != nil {
		return st, err
	}
	// The rows went in past ent's hooks: mark the graph changed, so that a
	// server already holding a snapshot of this database reloads it.
	if err := changelog.MarkReset(ctx, db.SQL, db.Dialect); err != nil {
		return st, fmt.Errorf("mark the change feed: %w", err)
	}
	if _, err := db.SQL.ExecContext(ctx, "ANALYZE"); err != nil {
		return st, fmt.Errorf("analyze: %w", err)
	}
	st.Duration = time.Since(start)
	return st, nil
}

func loadSQLite(ctx context.Context, db *sql.DB, s Scale, counts map[string]int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin load: %w", err)
	}
	defer tx.Rollback()
	for _, t := range Tables(s) {
		// SQLite allows 32766 host parameters per statement.
		per := min(500, 32000/len(t.Cols))
		row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(t.Cols)), ",") + ")"
		insert := func(n int) string {
			return "INSERT INTO " + t.Name + " (" + strings.Join(t.Cols, ",") + ") VALUES " +
				strings.TrimSuffix(strings.Repeat(row+",", n), ",")
		}
		full, err := tx.PrepareContext(ctx, insert(per))
		if err != nil {
			return fmt.Errorf("prepare insert into %s: %w", t.Name, err)
		}
		args := make([]any, 0, per*len(t.Cols))
		flush := func() error {
			if len(args) == 0 {
				return nil
			}
			var err error
			if n := len(args) / len(t.Cols); n == per {
				_, err = full.ExecContext(ctx, args...)
			} else {
				_, err = tx.ExecContext(ctx, insert(n), args...)
			}
			args = args[:0]
			return err
		}
		err = t.Gen(func(vals ...any) error {
			args = append(args, vals...)
			counts[t.Name]++
			if len(args) == cap(args) {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		full.Close()
		if err != nil {
			return fmt.Errorf("insert into %s: %w", t.Name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit load: %w", err)
	}
	return nil
}

func loadPostgres(ctx context.Context, db *sql.DB, s Scale, counts map[string]int) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("get a connection: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return fmt.Errorf("begin load: %w", err)
		}
		defer tx.Rollback(ctx)
		for _, t := range Tables(s) {
			n, err := tx.CopyFrom(ctx, pgx.Identifier{t.Name}, t.Cols, newSource(ctx, t))
			if err != nil {
				return fmt.Errorf("copy into %s: %w", t.Name, err)
			}
			counts[t.Name] += int(n) // a table may come in parts (the plans add interactions)
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("commit load: %w", err)
		}
		return nil
	})
}

// source turns a push generator into pgx's pull CopyFromSource, one row
// at a time over a buffered channel so that memory stays flat at scale L.
type source struct {
	rows   chan []any
	cur    []any
	err    chan error
	cancel context.CancelFunc
	final  error
}

func newSource(ctx context.Context, t Table) *source {
	ctx, cancel := context.WithCancel(ctx)
	s := &source{rows: make(chan []any, 4096), err: make(chan error, 1), cancel: cancel}
	go func() {
		defer close(s.rows)
		s.err <- t.Gen(func(vals ...any) error {
			select {
			case s.rows <- vals:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	return s
}

func (s *source) Next() bool {
	row, ok := <-s.rows
	if !ok {
		s.final = <-s.err
		s.cancel()
		return false
	}
	s.cur = row
	return true
}

func (s *source) Values() ([]any, error) { return s.cur, nil }
func (s *source) Err() error             { return s.final }

// bumpSequences moves each table's ID sequence to its largest ID.
func bumpSequences(ctx context.Context, db *store.DB, s Scale) error {
	for _, t := range Tables(s) {
		if t.Cols[0] != "id" {
			continue // join tables have no sequence
		}
		var err error
		if db.Dialect == "postgres" {
			_, err = db.SQL.ExecContext(ctx, fmt.Sprintf(
				`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), max(id)) FROM "%[1]s" HAVING count(*) > 0`, t.Name))
		} else {
			var res sql.Result
			res, err = db.SQL.ExecContext(ctx, fmt.Sprintf(
				`UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(id), 0) FROM %[1]s)) WHERE name = '%[1]s'`, t.Name))
			if n, _ := rowsAffected(res, err); err == nil && n == 0 {
				_, err = db.SQL.ExecContext(ctx, fmt.Sprintf(
					`INSERT INTO sqlite_sequence (name, seq) SELECT '%[1]s', coalesce(max(id), 0) FROM %[1]s`, t.Name))
			}
		}
		if err != nil {
			return fmt.Errorf("move the id sequence of %s: %w", t.Name, err)
		}
	}
	return nil
}

func rowsAffected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Total is the number of rows written.
func (s Stats) Total() int {
	n := 0
	for _, c := range s.Rows {
		n += c
	}
	return n
}
