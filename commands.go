package main

import (
	"bufio"
	"context"
	"encoding/json"
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
	"rapport/internal/wiring"
)

// openStore parses the common flags plus extra ones and opens the
// migrated store.
func openStore(ctx context.Context, name string, args []string, extra func(*flag.FlagSet)) (*store.DB, *config.Config, error) {
	fs := newFlagSet(name)
	cfg := config.Register(fs)
	if extra != nil {
		extra(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return nil, nil, err
	}
	slog.SetDefault(cfg.Logger())
	db, err := wiring.Open(ctx, cfg.DatabaseURL, store.Options{Migrate: true})
	if err != nil {
		return nil, nil, err
	}
	return db, cfg, nil
}

// tokenCommand: rapport token create|list|revoke.
func tokenCommand(ctx context.Context, args []string) error {
	const usage = `usage: rapport token create --role viewer|editor|admin [--name N] [--expires 90d|never] [--scoped]
       rapport token list
       rapport token revoke --id N | --prefix rpt_xxxxxx`
	if wantsHelp(args) {
		return showHelp(usage)
	}
	if len(args) == 0 {
		return usageError{usage}
	}
	switch args[0] {
	case "create":
		return tokenCreate(ctx, args[1:])
	case "list":
		return tokenList(ctx, args[1:])
	case "revoke":
		return tokenRevoke(ctx, args[1:])
	}
	return usageError{usage}
}

func tokenCreate(ctx context.Context, args []string) error {
	var role, name, expires string
	var scoped bool
	db, cfg, err := openStore(ctx, "token create", args, func(fs *flag.FlagSet) {
		fs.StringVar(&role, "role", "viewer", "viewer, editor or admin")
		fs.StringVar(&name, "name", "cli", "a name to recognise the token by")
		fs.StringVar(&expires, "expires", "", "lifetime, e.g. 90d or 12h, or never; empty for the default (RAPPORT_TOKEN_EXPIRY)")
		fs.BoolVar(&scoped, "scoped", false, "see no accounts (for write-only integrations) instead of all")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	auth.SetDefaultTokenExpiry(cfg.TokenExpiry)
	d, err := auth.ParseExpiry(expires)
	if err != nil {
		return err
	}
	secret, t, err := auth.CreateToken(auth.WithViewer(ctx, auth.System), db.Client, auth.NewToken{
		Name: name, Role: auth.Role(strings.ToUpper(role)), AllAccounts: !scoped, ExpiresIn: d,
	})
	if err != nil {
		return err
	}
	until := "never expires"
	if t.ExpiresAt != nil {
		until = "expires " + t.ExpiresAt.Format(time.DateOnly)
	}
	fmt.Printf("Created %s token %q (%s..., %s). It is shown once; send it as \"Authorization: Bearer <token>\".\n", t.Role, t.Name, t.Prefix, until)
	fmt.Println(secret)
	return nil
}

func tokenList(ctx context.Context, args []string) error {
	db, _, err := openStore(ctx, "token list", args, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := auth.ListTokens(ctx, db.Client)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPREFIX\tNAME\tROLE\tSTATE\tEXPIRES\tLAST USED")
	day := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.Format(time.DateOnly)
	}
	for _, t := range list {
		state := "active"
		switch {
		case t.RevokedAt != nil:
			state = "revoked"
		case t.ExpiresAt != nil && time.Now().After(*t.ExpiresAt):
			state = "expired"
		}
		fmt.Fprintf(tw, "%d\t%s...\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Prefix, t.Name, t.Role, state, day(t.ExpiresAt), day(t.LastUsedAt))
	}
	return tw.Flush()
}

func tokenRevoke(ctx context.Context, args []string) error {
	var id int
	var prefix string
	db, _, err := openStore(ctx, "token revoke", args, func(fs *flag.FlagSet) {
		fs.IntVar(&id, "id", 0, "the token's ID (rapport token list)")
		fs.StringVar(&prefix, "prefix", "", "or the token's prefix, e.g. rpt_AbCdEf")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = auth.WithViewer(ctx, auth.System)
	if prefix != "" {
		prefix = strings.TrimSuffix(prefix, "...")
		list, err := auth.ListTokens(ctx, db.Client)
		if err != nil {
			return err
		}
		var ids []int
		for _, t := range list {
			if t.Prefix == prefix {
				ids = append(ids, t.ID)
			}
		}
		if len(ids) != 1 {
			return fmt.Errorf("%d tokens have the prefix %q; name one by --id", len(ids), prefix)
		}
		id = ids[0]
	}
	if id == 0 {
		return usageError{"usage: rapport token revoke --id N | --prefix rpt_xxxxxx"}
	}
	t, err := auth.RevokeToken(ctx, db.Client, id)
	if err != nil {
		return err
	}
	fmt.Printf("Revoked token %d %q (%s...).\n", t.ID, t.Name, t.Prefix)
	return nil
}

// userCommand: rapport user create|deactivate|reactivate|sign-out.
func userCommand(ctx context.Context, args []string) error {
	const usage = `usage: rapport user create --email E [--name N] [--admin | --role viewer|editor] [--all-accounts]
       rapport user deactivate --email E   (ends their sessions too)
       rapport user reactivate --email E
       rapport user sign-out --email E     (ends every session of the user)`
	if wantsHelp(args) {
		return showHelp(usage)
	}
	if len(args) == 0 {
		return usageError{usage}
	}
	switch args[0] {
	case "create":
		return userCreate(ctx, args[1:])
	case "deactivate", "reactivate", "sign-out":
		return userLifecycle(ctx, args[0], args[1:])
	}
	return usageError{usage}
}

func userLifecycle(ctx context.Context, action string, args []string) error {
	var email string
	db, _, err := openStore(ctx, "user "+action, args, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user's email")
	})
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = auth.WithViewer(ctx, auth.System)
	u, err := auth.FindUser(ctx, db.Client, email)
	if err != nil {
		return err
	}
	switch action {
	case "deactivate", "reactivate":
		if _, err := auth.SetUserActive(ctx, db.Client, u.ID, action == "reactivate"); err != nil {
			return err
		}
		fmt.Printf("User %s is %sd.\n", u.Email, action)
	default:
		n, err := auth.EndSessions(ctx, db.Client, u.ID)
		if err != nil {
			return err
		}
		fmt.Printf("Ended %d sessions of %s.\n", n, u.Email)
	}
	return nil
}

func userCreate(ctx context.Context, args []string) error {
	var email, name, role string
	var admin, all bool
	db, _, err := openStore(ctx, "user create", args, func(fs *flag.FlagSet) {
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
		fmt.Fprintf(os.Stderr, "Password (at least %d characters, not a common one): ", auth.MinPasswordLength)
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("read password: %w", err)
		}
		password = strings.TrimRight(line, "\r\n")
	}
	u, err := auth.CreateUser(auth.WithViewer(ctx, auth.System), db.Client, auth.NewUser{
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
	fs := newFlagSet("backup")
	cfg := config.Register(fs)
	fs.StringVar(&to, "to", "", "file to write the backup to (must not exist)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if to == "" {
		return usageError{"usage: rapport backup --to FILE"}
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
	fs := newFlagSet("restore")
	cfg := config.Register(fs)
	fs.StringVar(&from, "from", "", "backup file written by rapport backup")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if from == "" {
		return usageError{"usage: rapport restore --from FILE"}
	}
	if err := store.Restore(ctx, cfg.DatabaseURL, from); err != nil {
		return err
	}
	fmt.Printf("Restored %s from %s.\n", store.Redact(cfg.DatabaseURL), from)
	return nil
}

// importUsage is rapport import's usage.
const importUsage = `usage: rapport import contacts FILE.csv|FILE.jsonl [flags]

Imports contacts by their external IDs, with a per-row report. A CSV file
may come from another tool as it is (Salesforce, HubSpot, a spreadsheet in
Chinese or English): its header is mapped to Rapport's fields by a guess,
or by a mapping file. UTF-8 (with or without BOM) and GB18030 (GBK) are
detected.

  rapport import contacts export.csv --guess-mapping > map.json   # print the guess, edit it
  rapport import contacts export.csv --mapping map.json --dry-run  # check every row
  rapport import contacts export.csv --mapping map.json            # import

Rapport's own CSV header: ` + "externalID,name,accountExternalID,title,department,seniority,decisionRole,attitude,influence,interest,status,email,phone,notes,reportsToExternalID[,relations]" + `

Flags (after FILE):
  --dry-run                 validate and report; write nothing
  --mode upsert|create_only (default upsert)
  --atomicity all_or_nothing|per_row (default all_or_nothing)
  --mapping FILE.json       the column mapping to read a CSV file with (default: guessed from the header)
  --guess-mapping           print the guessed mapping as JSON and exit (nothing is imported)
  --encoding auto|utf-8|gb18030 (default auto)
  and the common flags (-database-url ...; rapport serve -h lists them)`

// importCommand: rapport import contacts FILE [flags].
func importCommand(ctx context.Context, args []string) error {
	if wantsHelp(args) || (len(args) > 1 && args[0] == "contacts" && slices.ContainsFunc(args[1:], isHelpFlag)) {
		return showHelp(importUsage)
	}
	if len(args) < 2 || args[0] != "contacts" || strings.HasPrefix(args[1], "-") {
		return usageError{importUsage}
	}
	path := args[1]
	var dryRun, guess bool
	var mode, atomicity, mappingPath, encoding string
	fs := newFlagSet("import contacts")
	fs.Usage = func() { fmt.Fprintln(stderr, importUsage) }
	cfg := config.Register(fs)
	fs.BoolVar(&dryRun, "dry-run", false, "validate and report; write nothing")
	fs.StringVar(&mode, "mode", "upsert", "upsert or create_only")
	fs.StringVar(&atomicity, "atomicity", "all_or_nothing", "all_or_nothing or per_row")
	fs.StringVar(&mappingPath, "mapping", "", "JSON column mapping for a CSV file (default: guessed from its header)")
	fs.BoolVar(&guess, "guess-mapping", false, "print the guessed column mapping as JSON and exit")
	fs.StringVar(&encoding, "encoding", importer.EncodingAuto, "auto, utf-8 or gb18030")
	if err := parseFlags(fs, args[2:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("rapport import contacts: unexpected argument %q (flags come after FILE)\n\n%s", fs.Arg(0), importUsage)}
	}
	opts := importer.ReadOptions{Encoding: encoding}
	if mappingPath != "" {
		m, err := importer.ReadMappingFile(mappingPath)
		if err != nil {
			return err
		}
		opts.Mapping = &m
	}
	if guess {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		header, _, _, err := importer.ReadTable(data, encoding)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(importer.GuessMapping(header))
	}
	in, m, used, err := importer.ReadFileWith(path, opts)
	if err != nil {
		return err
	}
	in.DryRun = dryRun
	in.Mode = importer.Mode(strings.ToUpper(mode))
	in.Atomicity = importer.Atomicity(strings.ToUpper(atomicity))
	if !slices.Contains(in.Mode.Values(), string(in.Mode)) || !slices.Contains(in.Atomicity.Values(), string(in.Atomicity)) {
		return usageError{importUsage}
	}
	slog.SetDefault(cfg.Logger())
	db, err := wiring.Open(ctx, cfg.DatabaseURL, store.Options{Migrate: true})
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(stderr, "read %d rows from %s (%s)\n", len(in.Rows), path, used)
	for _, c := range m.Columns {
		if c.Ignored || c.Field == "" {
			fmt.Fprintf(stderr, "ignored column %q\n", c.Source)
		}
	}
	start := time.Now()
	ctx = auth.WithViewer(ctx, auth.System)
	res, err := importInTx(ctx, db, in, func(done, total int) {
		fmt.Fprintf(stderr, "\rwriting %d/%d rows (%.0f%%)", done, total, 100*float64(done)/float64(max(total, 1)))
	})
	fmt.Fprintln(stderr)
	if err != nil {
		return err
	}
	printImportSummary(stdout, res, time.Since(start))
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
