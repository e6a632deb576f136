package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"rapport/ent"
	"rapport/internal/auth"
	"rapport/internal/config"
	"rapport/internal/importer"
	"rapport/internal/store"
)

// openStore parses the common flags plus extra ones and opens the
// migrated store.
func openStore(ctx context.Context, name string, args []string, extra func(*flag.FlagSet)) (*store.DB, *config.Config, error) {
	fs := flag.NewFlagSet("rapport "+name, flag.ContinueOnError)
	cfg := config.Register(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	slog.SetDefault(cfg.Logger())
	db, err := store.Open(ctx, cfg.DatabaseURL, store.Options{Migrate: true})
	if err != nil {
		return nil, nil, err
	}
	return db, cfg, nil
}

// tokenCommand: rapport token create --role viewer|editor|admin [--name N] [--expires 90d]
func tokenCommand(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New(`usage: rapport token create --role viewer|editor|admin [--name N] [--expires 90d] [--scoped]`)
	}
	var role, name, expires string
	var scoped bool
	db, _, err := openStore(ctx, "token create", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&role, "role", "viewer", "viewer, editor or admin")
		fs.StringVar(&name, "name", "cli", "a name to recognise the token by")
		fs.StringVar(&expires, "expires", "", "lifetime, e.g. 90d or 12h; empty for none")
		fs.BoolVar(&scoped, "scoped", false, "see no accounts (for write-only integrations) instead of all")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	d, err := auth.ParseExpiry(expires)
	if err != nil {
		return err
	}
	secret, t, err := auth.CreateToken(ctx, db.Client, auth.NewToken{
		Name: name, Role: auth.Role(strings.ToUpper(role)), AllAccounts: !scoped, ExpiresIn: d,
	})
	if err != nil {
		return err
	}
	fmt.Printf("Created %s token %q (%s...). It is shown once; send it as \"Authorization: Bearer <token>\".\n", t.Role, t.Name, t.Prefix)
	fmt.Println(secret)
	return nil
}

// userCommand: rapport user create --email E [--name N] [--admin|--role R] (password from RAPPORT_PASSWORD or stdin)
func userCommand(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New(`usage: rapport user create --email E [--name N] [--admin | --role viewer|editor] [--all-accounts]`)
	}
	var email, name, role string
	var admin, all bool
	db, _, err := openStore(ctx, "user create", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user's email, used to sign in")
		fs.StringVar(&name, "name", "", "display name")
		fs.StringVar(&role, "role", "viewer", "viewer, editor or admin")
		fs.BoolVar(&admin, "admin", false, "shorthand for --role admin")
		fs.BoolVar(&all, "all-accounts", false, "see every account, not only the linked team member's")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	if admin {
		role = "admin"
	}
	password := os.Getenv("RAPPORT_PASSWORD")
	if password == "" {
		fmt.Fprint(os.Stderr, "Password (at least 8 characters): ")
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("read password: %w", err)
		}
		password = strings.TrimRight(line, "\r\n")
	}
	u, err := auth.CreateUser(ctx, db.Client, auth.NewUser{
		Email: email, Name: name, Password: password, Role: auth.Role(strings.ToUpper(role)), AllAccounts: all,
	})
	if err != nil {
		return err
	}
	fmt.Printf("Created %s user %s.\n", u.Role, u.Email)
	return nil
}

// backupCommand: rapport backup --to FILE (online; the server may run).
func backupCommand(ctx context.Context, args []string) error {
	var to string
	fs := flag.NewFlagSet("rapport backup", flag.ContinueOnError)
	cfg := config.Register(fs)
	fs.StringVar(&to, "to", "", "file to write the backup to (must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if to == "" {
		return errors.New("usage: rapport backup --to FILE")
	}
	if err := store.Backup(ctx, cfg.DatabaseURL, to); err != nil {
		return err
	}
	fmt.Printf("Backed up %s to %s.\n", store.Redact(cfg.DatabaseURL), to)
	return nil
}

// restoreCommand: rapport restore --from FILE (SQLite: stop the server first).
func restoreCommand(ctx context.Context, args []string) error {
	var from string
	fs := flag.NewFlagSet("rapport restore", flag.ContinueOnError)
	cfg := config.Register(fs)
	fs.StringVar(&from, "from", "", "backup file written by rapport backup")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if from == "" {
		return errors.New("usage: rapport restore --from FILE")
	}
	if err := store.Restore(ctx, cfg.DatabaseURL, from); err != nil {
		return err
	}
	fmt.Printf("Restored %s from %s.\n", store.Redact(cfg.DatabaseURL), from)
	return nil
}

// importCommand: rapport import contacts FILE.csv|FILE.jsonl [--dry-run] [--mode M] [--atomicity A]
func importCommand(ctx context.Context, args []string) error {
	const use = `usage: rapport import contacts FILE.csv|FILE.jsonl [--dry-run] [--mode upsert|create_only] [--atomicity all_or_nothing|per_row]
CSV header: ` + "externalID,name,accountExternalID,title,department,seniority,decisionRole,attitude,influence,interest,status,email,phone,notes,reportsToExternalID[,relations]"
	if len(args) < 2 || args[0] != "contacts" {
		return errors.New(use)
	}
	path := args[1]
	var dryRun bool
	var mode, atomicity string
	db, _, err := openStore(ctx, "import contacts", args[2:], func(fs *flag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "validate and report; write nothing")
		fs.StringVar(&mode, "mode", "upsert", "upsert or create_only")
		fs.StringVar(&atomicity, "atomicity", "all_or_nothing", "all_or_nothing or per_row")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	in, err := importer.ReadFile(path)
	if err != nil {
		return err
	}
	in.DryRun = dryRun
	in.Mode = importer.Mode(strings.ToUpper(mode))
	in.Atomicity = importer.Atomicity(strings.ToUpper(atomicity))
	if !slices.Contains(in.Mode.Values(), string(in.Mode)) || !slices.Contains(in.Atomicity.Values(), string(in.Atomicity)) {
		return errors.New(use)
	}
	fmt.Fprintf(os.Stderr, "read %d rows from %s\n", len(in.Rows), path)
	start := time.Now()
	ctx = auth.WithViewer(ctx, auth.System)
	res, err := importInTx(ctx, db, in, func(done, total int) {
		fmt.Fprintf(os.Stderr, "\rwriting %d/%d rows (%.0f%%)", done, total, 100*float64(done)/float64(max(total, 1)))
	})
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return err
	}
	printImportSummary(os.Stdout, res, time.Since(start))
	if res.Totals.Errors > 0 {
		return fmt.Errorf("%d of %d rows failed", res.Totals.Errors, res.Totals.Rows)
	}
	return nil
}

// importInTx runs the import in one transaction, as a GraphQL mutation does.
func importInTx(ctx context.Context, db *store.DB, in importer.Input, progress func(done, total int)) (*importer.Result, error) {
	tx, err := db.Client.Tx(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	// The transaction travels in the context, as in a GraphQL mutation, so
	// that the audit trail is written in bulk at commit.
	ctx = ent.NewTxContext(ctx, tx)
	res, err := importer.Import(ctx, tx.Client(), in, importer.Options{Progress: progress})
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return res, nil
}

// printImportSummary prints the totals and the first rows in error.
func printImportSummary(w io.Writer, res *importer.Result, took time.Duration) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	t := res.Totals
	fmt.Fprintf(tw, "rows\tcreated\tupdated\tunchanged\terrors\trelations created\trelations updated\tseconds\t\n")
	fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.2f\t\n", t.Rows, t.Created, t.Updated, t.Unchanged, t.Errors,
		t.RelationsCreated, t.RelationsUpdated, took.Seconds())
	_ = tw.Flush()
	if !res.Applied {
		fmt.Fprintln(w, "Nothing was written (dry run, or an all-or-nothing import with bad rows).")
	}
	if t.Errors == 0 {
		return
	}
	fmt.Fprintln(w, "\nrow  externalID  code  field  reason")
	shown := 0
	for _, r := range res.Rows {
		if r.Status != importer.StatusError {
			continue
		}
		if shown++; shown > 50 {
			fmt.Fprintf(w, "... and %d more\n", t.Errors-50)
			break
		}
		fmt.Fprintf(w, "%d  %s  %s  %s  %s\n", r.Row+1, r.ExternalID, deref(r.Code), deref(r.Field), deref(r.Reason))
	}
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}
