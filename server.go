// Command rapport is Rapport's single binary: the GraphQL API server with
// the embedded dashboard, and the operator's subcommands around it.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"rapport/ent"
	"rapport/ent/teammember"
	"rapport/internal/auth"
	"rapport/internal/config"
	"rapport/internal/demo"
	"rapport/internal/gcpace"
	"rapport/internal/plans"
	"rapport/internal/server"
	"rapport/internal/store"
	"rapport/internal/tracing"
	"rapport/internal/webhook"
	"rapport/internal/wiring"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

func parse(name string, args []string) (*config.Config, error) {
	fs := newFlagSet(name)
	cfg := config.Register(fs)
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	slog.SetDefault(cfg.Logger())
	return cfg, nil
}

func migrate(ctx context.Context, args []string) error {
	cfg, err := parse("migrate", args)
	if err != nil {
		return err
	}
	db, err := wiring.Open(ctx, cfg.DatabaseURL, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := store.Migrate(ctx, db.SQL, db.Dialect)
	if err != nil {
		return err
	}
	slog.Info("migrations applied", "count", len(applied), "database", store.Redact(cfg.DatabaseURL))
	return nil
}

func serve(ctx context.Context, args []string) error {
	cfg, err := parse("serve", args)
	if err != nil {
		return err
	}
	slog.Info("starting rapport", cfg.LogValue(store.Redact)...)
	setMemoryLimit(cfg.MemoryLimitMB)
	if err := plans.SetFiscalYearStart(cfg.FiscalYearStart); err != nil {
		return fmt.Errorf("RAPPORT_FISCAL_YEAR_START: %w", err)
	}
	stopTracing, err := tracing.Setup(ctx, cfg.OTLPEndpoint)
	if err != nil {
		return err
	}
	defer func() { _ = stopTracing(context.Background()) }()
	if _, err := auth.ParsePrefixes(cfg.TrustedProxies); err != nil {
		return fmt.Errorf("RAPPORT_TRUSTED_PROXIES: %w", err)
	}
	guard, err := webhook.NewGuard(cfg.WebhookAllowNets)
	if err != nil {
		return fmt.Errorf("RAPPORT_WEBHOOK_ALLOW_NETS: %w", err)
	}
	secrets, err := loadSecrets(*cfg)
	if err != nil {
		return err
	}
	db, err := wiring.Open(ctx, cfg.DatabaseURL, store.Options{Migrate: true, Secrets: secrets})
	if err != nil {
		return err
	}
	defer db.Close()
	if n, err := secrets.SealStored(ctx, db.Client); err != nil {
		return err
	} else if n > 0 {
		slog.Info("webhook secrets stored in plain text are now encrypted", "count", n)
	}
	if !cfg.InsecureHTTP {
		slog.Info("session cookies are Secure (HTTPS only); for plain HTTP (local use) set RAPPORT_INSECURE_HTTP=1")
	}
	if cfg.Demo {
		if err := loadDemo(ctx, db, cfg.DemoLang); err != nil {
			return err
		}
		fmt.Printf("\n  Demo mode: sign in as admin@demo.rapport, editor@demo.rapport or viewer@demo.rapport\n  with the password %q.\n", demoPassword)
	} else if n, err := db.Client.User.Query().Count(ctx); err == nil && n == 0 {
		slog.Warn("no users yet: create the first admin with `rapport user create --admin --email you@example.com`")
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	handlers := server.Build(*cfg, db)
	// What follows the change feed loads now, while the server starts
	// listening, rather than on the first request; /readyz says 503 until
	// it has (server.Warm).
	handlers.StartWarm(ctx, db) // logs when loaded, or why not
	srv := &http.Server{
		Handler:           handlers.API,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	// Subscriptions end at shutdown instead of holding it up to its limit.
	srv.RegisterOnShutdown(db.Live.Close)
	base := "http://" + ln.Addr().String()
	slog.Info("rapport is ready", "dashboard", base+"/", "graphql", base+"/graphql", "playground", base+"/playground")
	fmt.Printf("\n  Rapport is running.\n  Dashboard:  %s/\n  GraphQL:    %s/graphql\n  GraphiQL:   %s/playground\n\n", base, base, base)

	if cfg.DebugAddr != "" {
		dln, err := net.Listen("tcp", cfg.DebugAddr)
		if err != nil {
			return fmt.Errorf("listen on the debug address %s: %w", cfg.DebugAddr, err)
		}
		if ap, err := netip.ParseAddrPort(dln.Addr().String()); err != nil || !ap.Addr().IsLoopback() {
			slog.Warn("the profiler is served without authentication on a non-loopback address", "debug_addr", dln.Addr().String())
		}
		dbg := &http.Server{Handler: server.Debug(), ReadHeaderTimeout: 10 * time.Second}
		defer dbg.Close()
		go func() { _ = dbg.Serve(dln) }()
		slog.Info("profiler listening", "url", "http://"+dln.Addr().String()+"/debug/pprof/")
	}

	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			return fmt.Errorf("listen on the metrics address %s: %w", cfg.MetricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", handlers.Metrics)
		msrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		defer msrv.Close()
		go func() { _ = msrv.Serve(mln) }()
		slog.Info("metrics listening", "url", "http://"+mln.Addr().String()+"/metrics")
	}

	// The webhook dispatcher delivers the outbox until the server stops;
	// whatever it has not sent is still in the table for the next start.
	dispatchCtx, stopDispatch := context.WithCancel(context.Background())
	defer stopDispatch()
	go webhook.NewDispatcher(db.Client, guard, secrets).Run(dispatchCtx)
	// Ended sessions and old failed sign-ins are deleted every ten minutes.
	go handlers.Auth.RunPurge(dispatchCtx, 10*time.Minute)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	slog.Info("shutting down; letting in-flight requests finish", "timeout", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	slog.Info("stopped")
	return nil
}

// loadSecrets returns the sealer of webhook secrets under the configured
// key (RAPPORT_SECRET_KEY, else the key file, created when missing).
func loadSecrets(cfg config.Config) (*webhook.Sealer, error) {
	key, created, err := webhook.LoadKey(cfg.SecretKey, cfg.KeyFile())
	if err != nil {
		return nil, err
	}
	if created {
		slog.Warn("created a secret key for stored webhook secrets; keep it with the database's backups, and give every server of the deployment the same one",
			"file", cfg.KeyFile())
	}
	return webhook.NewSealer(key)
}

// loadDemo fills an empty database with the demo data set; a database
// that already has accounts is left alone.
func loadDemo(ctx context.Context, db *store.DB, lang string) error {
	n, err := db.Client.Account.Query().Count(ctx)
	if err != nil {
		return fmt.Errorf("check for existing data: %w", err)
	}
	if n > 0 {
		slog.Info("demo data not loaded: the database already has data", "accounts", n)
		return nil
	}
	start := time.Now()
	sum, err := demo.Load(ctx, db.Client, demo.Options{Seed: 1, Lang: lang, Dialect: db.Dialect})
	if err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	slog.Info("demo data loaded", "duration", time.Since(start).Round(time.Millisecond).String(), "summary", fmt.Sprintf("%+v", sum))
	return createDemoUsers(ctx, db)
}

// demoPassword is the password of the demo users, printed in demo mode only.
const demoPassword = "rapport-demo"

// createDemoUsers adds an admin, an editor who sees only their team's
// accounts, and a read-only viewer of everything.
func createDemoUsers(ctx context.Context, db *store.DB) error {
	member, err := db.Client.TeamMember.Query().Where(teammember.HasAccounts(), teammember.Active(true)).
		Order(ent.Asc(teammember.FieldID)).First(ctx)
	if err != nil {
		return fmt.Errorf("pick the demo editor's team member: %w", err)
	}
	for _, u := range []auth.NewUser{
		{Email: "admin@demo.rapport", Name: "Demo Admin", Role: auth.RoleAdmin, AllAccounts: true},
		{Email: "editor@demo.rapport", Name: member.Name, Role: auth.RoleEditor, TeamMemberID: &member.ID},
		{Email: "viewer@demo.rapport", Name: "Demo Viewer", Role: auth.RoleViewer, AllAccounts: true},
	} {
		u.Password = demoPassword
		if _, err := auth.CreateUser(ctx, db.Client, u); err != nil {
			return fmt.Errorf("create demo user %s: %w", u.Email, err)
		}
	}
	slog.Info("demo users created (demo mode only)", "admin", "admin@demo.rapport", "editor", "editor@demo.rapport",
		"viewer", "viewer@demo.rapport", "password", demoPassword)
	return nil
}

// gcPercent is serve's GOGC under a memory limit (see setMemoryLimit).
const gcPercent = 200

// setMemoryLimit gives the garbage collector a soft target: the graph
// snapshot is long-lived (70 MB at 200,000 contacts) and the default GOGC
// would let the heap grow to twice the live data between collections.
// Near the limit the collector runs more often instead. GOMEMLIMIT, the
// runtime's own setting, wins when set; with no limit GOGC is left alone.
// It returns the pacer it starts, if any.
func setMemoryLimit(mb int) *gcpace.Pacer {
	if mb <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return nil
	}
	limit := int64(mb) << 20
	debug.SetMemoryLimit(limit)
	slog.Debug("soft memory limit set", "MiB", mb)
	// Under a limit the collector may run less often without the heap
	// outgrowing it: responses leave megabytes of short-lived garbage while
	// the live heap (the graph snapshot) is what every cycle marks. GOGC 200
	// instead of 100 measured stakeholderGraph at M from 95 to 102 req/s
	// (p99 234 -> 181 ms). 400 was 9-12% faster again on small pages but
	// raised the peak RSS at scale L by 10-15 MiB, the import to 246-255 MiB
	// against a 250 MB budget, so it is not the default. What does pay is a
	// floor under the heap goal at half the limit: at M the live heap is
	// 12 MB, and GOGC 200 alone collected every 24 MB of garbage (7% of the
	// CPU on case b, 2% with the floor); at L the base goal is above the
	// floor and nothing changes. GOGC in the environment wins.
	if os.Getenv("GOGC") != "" {
		return nil
	}
	debug.SetGCPercent(gcPercent)
	p := gcpace.Start(gcPercent, uint64(limit/2))
	p.KeepLimitAbove(limit)
	return p
}
