// Package config is Rapport's one configuration struct, filled from flags
// and RAPPORT_* environment variables (a flag wins over the variable).
package config

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is everything the server can be told.
type Config struct {
	Addr        string
	DatabaseURL string
	Demo        bool
	// DemoLang is the demo data's language: "en" or "zh" (RAPPORT_DEMO=zh).
	DemoLang        string
	CORSOrigins     []string
	Introspection   bool
	Playground      bool
	LogFormat       string
	LogLevel        string
	ShutdownTimeout time.Duration
	RequestTimeout  time.Duration
	MaxBodyBytes    int64
	// ImportMaxBytes and ImportTimeout bound a bulk import request, which
	// may be far larger and slower than any other.
	ImportMaxBytes  int64
	ImportTimeout   time.Duration
	DefaultPageSize int
	MaxPageSize     int
	MaxDepth        int
	MaxAliases      int
	MaxCost         int
	MaxTokens       int
	// RateLimit is the cost points each token, user or address may spend
	// per minute; 0 turns rate limiting off.
	RateLimit int
	// OTLPEndpoint, when set, receives traces over OTLP/HTTP.
	OTLPEndpoint string
	// MemoryLimitMB is the Go runtime's soft memory limit for serve; 0
	// leaves it to GOMEMLIMIT or unlimited.
	MemoryLimitMB int
	// FiscalYearStart is the first month (1-12) of the fiscal year account
	// plans run on (issue 17): 4 is April-March.
	FiscalYearStart int
	// DebugAddr, when set, serves Go's profiler (net/http/pprof) on its own
	// listener, unauthenticated: for loopback or an operator's network only.
	DebugAddr string
	// FastPath is the executor's fast path (internal/gqlexec): on by
	// default; RAPPORT_FAST_PATH=0 runs every operation on gqlgen's own
	// execution, for comparison or if the fast path is ever suspected.
	FastPath bool

	// InsecureHTTP says the deployment is reached over plain HTTP (the demo,
	// make run, local tests): the session cookie is then not Secure and has
	// no __Host- prefix, and no HSTS header is sent. Off, the server assumes
	// HTTPS, terminated by itself or by a proxy in front of it.
	InsecureHTTP bool
	// TrustedProxies are the addresses or CIDR ranges of proxies whose
	// X-Forwarded-For is believed for the client's address (sign-in
	// throttling, audit, logs, rate limits). Empty: the TCP peer is the client.
	TrustedProxies []string
	// SecretKey encrypts secrets stored in the database (webhook signing
	// secrets): 32 bytes, hex or base64. Empty: read from SecretKeyFile,
	// which is created with a random key when missing; an empty
	// SecretKeyFile is rapport.key beside a SQLite database, or
	// ./data/rapport.key with PostgreSQL.
	SecretKey     string
	SecretKeyFile string
	// WebhookAllowNets are CIDR ranges webhook deliveries may reach although
	// they are loopback, private or link-local (refused otherwise).
	WebhookAllowNets []string
	// MetricsAddr serves /metrics on a listener of its own; MetricsToken,
	// when set, also serves it on the API listener to "Authorization:
	// Bearer <MetricsToken>". With neither, no metrics are served.
	MetricsAddr  string
	MetricsToken string
	// TokenExpiry is how long an API token lives when its creator names no
	// expiry; 0 for never.
	TokenExpiry time.Duration
	// SessionLifetime ends a session this long after sign-in;
	// SessionIdleTimeout ends one unused for this long.
	SessionLifetime    time.Duration
	SessionIdleTimeout time.Duration
}

// Defaults returns the configuration with nothing set (but FastPath,
// which follows RAPPORT_FAST_PATH: see fastPath).
func Defaults() Config {
	return Config{
		Addr:        "127.0.0.1:8080",
		DatabaseURL: "sqlite:./data/rapport.db",
		// No browser origin but the server's own: the Vite dev server proxies
		// the API (vite.config.ts), and a deployment names its origins.
		CORSOrigins:     nil,
		Introspection:   true,
		Playground:      true,
		LogFormat:       "text",
		LogLevel:        "info",
		ShutdownTimeout: 15 * time.Second,
		RequestTimeout:  10 * time.Second,
		MaxBodyBytes:    1 << 20,
		ImportMaxBytes:  32 << 20,
		ImportTimeout:   2 * time.Minute,
		DefaultPageSize: 50,
		MaxPageSize:     1000,
		MaxDepth:        12,
		MaxAliases:      30,
		// A few times the heaviest operation the dashboard sends
		// (stakeholderGraph at depth 3 and 2,000 nodes: 12,002; see
		// graph/cost.go and TestDashboardOperationsFitTheDefaultLimits),
		// and room for one graph of the 10,000 nodes the schema allows
		// (60,002), not two.
		MaxCost:   75_000,
		MaxTokens: 15000,
		// Per token, user or address: twice the heaviest dashboard page
		// (the accounts list with a coverageGaps request per row, ~205,000)
		// fits in the bucket; a script repeating the heaviest operation
		// twice a second, or any loop at full speed, runs dry within a minute.
		RateLimit:       1_200_000,
		MemoryLimitMB:   140,
		FiscalYearStart: 1,
		FastPath:        fastPath,
		TokenExpiry:     90 * 24 * time.Hour,
		SessionLifetime: 12 * time.Hour,
		// An hour without a request ends a session (an open live connection
		// does not count as use).
		SessionIdleTimeout: time.Hour,
	}
}

// Register declares the flags on fs, with defaults taken from the
// environment, and returns the config they fill when fs is parsed.
func Register(fs *flag.FlagSet) *Config {
	c := Defaults()
	fs.StringVar(&c.Addr, "addr", env("RAPPORT_ADDR", c.Addr), "listen address (RAPPORT_ADDR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("RAPPORT_DATABASE_URL", c.DatabaseURL),
		"sqlite:PATH or postgres://... (RAPPORT_DATABASE_URL)")
	demoDefault, demoLang := c.Demo, "en"
	switch v := strings.ToLower(os.Getenv("RAPPORT_DEMO")); v {
	case "en", "zh":
		demoDefault, demoLang = true, v
	default:
		demoDefault = envBool("RAPPORT_DEMO", c.Demo)
	}
	fs.BoolVar(&c.Demo, "demo", demoDefault, "load the demo data set into an empty database (RAPPORT_DEMO=1, en or zh)")
	fs.StringVar(&c.DemoLang, "demo-lang", demoLang, "language of the demo data: en or zh (RAPPORT_DEMO=zh)")
	if v, ok := os.LookupEnv("RAPPORT_CORS_ORIGINS"); ok {
		c.CORSOrigins = splitList(v)
	}
	fs.Var(listFlag{&c.CORSOrigins}, "cors-origins",
		"comma-separated origins allowed to call the API from a browser (RAPPORT_CORS_ORIGINS)")
	fs.BoolVar(&c.Introspection, "introspection", envBool("RAPPORT_INTROSPECTION", c.Introspection),
		"allow GraphQL introspection (RAPPORT_INTROSPECTION)")
	fs.BoolVar(&c.Playground, "playground", envBool("RAPPORT_PLAYGROUND", c.Playground), "serve GraphiQL at /playground (RAPPORT_PLAYGROUND)")
	fs.StringVar(&c.LogFormat, "log-format", env("RAPPORT_LOG_FORMAT", c.LogFormat), "text or json (RAPPORT_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", env("RAPPORT_LOG_LEVEL", c.LogLevel), "debug, info, warn or error (RAPPORT_LOG_LEVEL)")
	fs.DurationVar(&c.RequestTimeout, "request-timeout", envDuration("RAPPORT_REQUEST_TIMEOUT", c.RequestTimeout),
		"per-request time limit (RAPPORT_REQUEST_TIMEOUT)")
	fs.IntVar(&c.MaxDepth, "max-depth", envInt("RAPPORT_MAX_DEPTH", c.MaxDepth), "deepest query accepted (RAPPORT_MAX_DEPTH)")
	fs.IntVar(&c.MaxAliases, "max-aliases", envInt("RAPPORT_MAX_ALIASES", c.MaxAliases), "most aliases in one query (RAPPORT_MAX_ALIASES)")
	fs.IntVar(&c.MaxCost, "max-cost", envInt("RAPPORT_MAX_COST", c.MaxCost), "highest query cost accepted (RAPPORT_MAX_COST)")
	fs.IntVar(&c.MaxTokens, "max-tokens", envInt("RAPPORT_MAX_TOKENS", c.MaxTokens), "most tokens in one query document (RAPPORT_MAX_TOKENS)")
	fs.IntVar(&c.RateLimit, "rate-limit", envInt("RAPPORT_RATE_LIMIT", c.RateLimit),
		"query cost points per minute per token, user or address; 0 for no limit (RAPPORT_RATE_LIMIT)")
	fs.IntVar(&c.MemoryLimitMB, "memory-limit-mb", envInt("RAPPORT_MEMORY_LIMIT_MB", c.MemoryLimitMB),
		"soft memory limit of the server in MiB, for the garbage collector; 0 for none; GOMEMLIMIT wins when set (RAPPORT_MEMORY_LIMIT_MB)")
	fs.BoolVar(&c.FastPath, "fast-path", c.FastPath,
		"the executor's fast path; off runs gqlgen's own execution (RAPPORT_FAST_PATH)")
	fs.StringVar(&c.DebugAddr, "debug-addr", env("RAPPORT_DEBUG_ADDR", c.DebugAddr),
		"serve Go's profiler (/debug/pprof/, no authentication) on this address, e.g. 127.0.0.1:6060; off when empty (RAPPORT_DEBUG_ADDR)")
	fs.StringVar(&c.OTLPEndpoint, "otlp-endpoint", env("RAPPORT_OTLP_ENDPOINT", c.OTLPEndpoint),
		"send OpenTelemetry traces over OTLP/HTTP to this URL, e.g. http://collector:4318 (RAPPORT_OTLP_ENDPOINT)")
	fs.BoolVar(&c.InsecureHTTP, "insecure-http", envBool("RAPPORT_INSECURE_HTTP", c.InsecureHTTP),
		"the deployment is plain HTTP (demo, local use): session cookie without Secure, no HSTS (RAPPORT_INSECURE_HTTP)")
	if v, ok := os.LookupEnv("RAPPORT_TRUSTED_PROXIES"); ok {
		c.TrustedProxies = splitList(v)
	}
	fs.Var(listFlag{&c.TrustedProxies}, "trusted-proxies",
		"comma-separated proxy addresses or CIDRs whose X-Forwarded-For names the client (RAPPORT_TRUSTED_PROXIES)")
	fs.StringVar(&c.SecretKey, "secret-key", env("RAPPORT_SECRET_KEY", c.SecretKey),
		"32-byte key (hex or base64) encrypting stored webhook secrets (RAPPORT_SECRET_KEY)")
	fs.StringVar(&c.SecretKeyFile, "secret-key-file", env("RAPPORT_SECRET_KEY_FILE", c.SecretKeyFile),
		"file holding the secret key when RAPPORT_SECRET_KEY is empty; created when missing; default rapport.key beside the SQLite database (RAPPORT_SECRET_KEY_FILE)")
	if v, ok := os.LookupEnv("RAPPORT_WEBHOOK_ALLOW_NETS"); ok {
		c.WebhookAllowNets = splitList(v)
	}
	fs.Var(listFlag{&c.WebhookAllowNets}, "webhook-allow-nets",
		"comma-separated CIDRs webhooks may reach although private or loopback, e.g. 10.1.2.0/24 (RAPPORT_WEBHOOK_ALLOW_NETS)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("RAPPORT_METRICS_ADDR", c.MetricsAddr),
		"serve Prometheus /metrics on this address of its own, e.g. 127.0.0.1:9090 (RAPPORT_METRICS_ADDR)")
	fs.StringVar(&c.MetricsToken, "metrics-token", env("RAPPORT_METRICS_TOKEN", c.MetricsToken),
		"also serve /metrics on the API listener to \"Authorization: Bearer <token>\" (RAPPORT_METRICS_TOKEN)")
	fs.Var(daysFlag{&c.TokenExpiry}, "token-expiry", "default lifetime of an API token: 90d, 12h or 0 for never (RAPPORT_TOKEN_EXPIRY)")
	if v, ok := os.LookupEnv("RAPPORT_TOKEN_EXPIRY"); ok {
		if err := (daysFlag{&c.TokenExpiry}).Set(v); err != nil {
			fmt.Fprintf(os.Stderr, "warning: RAPPORT_TOKEN_EXPIRY: %v; using %v\n", err, c.TokenExpiry)
		}
	}
	fs.DurationVar(&c.SessionLifetime, "session-lifetime", envDuration("RAPPORT_SESSION_LIFETIME", c.SessionLifetime),
		"a session ends this long after sign-in (RAPPORT_SESSION_LIFETIME)")
	fs.DurationVar(&c.SessionIdleTimeout, "session-idle-timeout", envDuration("RAPPORT_SESSION_IDLE_TIMEOUT", c.SessionIdleTimeout),
		"a session unused this long ends (RAPPORT_SESSION_IDLE_TIMEOUT)")
	fs.IntVar(&c.FiscalYearStart, "fiscal-year-start", envInt("RAPPORT_FISCAL_YEAR_START", c.FiscalYearStart),
		"first month (1-12) of the fiscal year account plans run on, e.g. 4 for April-March (RAPPORT_FISCAL_YEAR_START)")
	fs.IntVar(&c.MaxPageSize, "max-page-size", envInt("RAPPORT_MAX_PAGE_SIZE", c.MaxPageSize), "largest first/last (RAPPORT_MAX_PAGE_SIZE)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", envDuration("RAPPORT_SHUTDOWN_TIMEOUT", c.ShutdownTimeout),
		"how long in-flight requests get on SIGTERM (RAPPORT_SHUTDOWN_TIMEOUT)")
	return &c
}

// listFlag is a comma-separated list flag.
type listFlag struct{ dst *[]string }

func (l listFlag) String() string {
	if l.dst == nil {
		return ""
	}
	return strings.Join(*l.dst, ",")
}

func (l listFlag) Set(s string) error {
	*l.dst = splitList(s)
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// KeyFile is the secret key's file: SecretKeyFile, or rapport.key in the
// folder of a SQLite database, or ./data/rapport.key.
func (c Config) KeyFile() string {
	if c.SecretKeyFile != "" {
		return c.SecretKeyFile
	}
	if p, ok := strings.CutPrefix(c.DatabaseURL, "sqlite:"); ok && !strings.Contains(p, ":memory:") && !strings.Contains(p, "mode=memory") {
		p = strings.TrimPrefix(strings.SplitN(p, "?", 2)[0], "//")
		return filepath.Join(filepath.Dir(p), "rapport.key")
	}
	return filepath.Join("data", "rapport.key")
}

// daysFlag is a duration flag that also takes days ("90d") and "0" or
// "never" for none.
type daysFlag struct{ dst *time.Duration }

func (d daysFlag) String() string {
	if d.dst == nil {
		return ""
	}
	return d.dst.String()
}

func (d daysFlag) Set(s string) error {
	if s == "" || s == "0" || s == "never" {
		*d.dst = 0
		return nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 {
			return fmt.Errorf("%q: want a number of days like 90d", s)
		}
		*d.dst = time.Duration(n) * 24 * time.Hour
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("%q: want 90d, 12h or 0", s)
	}
	*d.dst = v
	return nil
}

// Logger builds the slog logger the configuration asks for.
func (c Config) Logger() *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// LogValue prints the configuration at start-up with secrets masked.
func (c Config) LogValue(redact func(string) string) []any {
	return []any{
		"addr", c.Addr, "database", redact(c.DatabaseURL), "demo", c.Demo,
		"cors_origins", strings.Join(c.CORSOrigins, ","), "introspection", c.Introspection,
		"playground", c.Playground, "request_timeout", c.RequestTimeout.String(),
		"memory_limit_mb", c.MemoryLimitMB, "debug_addr", c.DebugAddr,
		"insecure_http", c.InsecureHTTP, "trusted_proxies", strings.Join(c.TrustedProxies, ","),
		"secret_key", mask(c.SecretKey), "secret_key_file", c.SecretKeyFile,
		"webhook_allow_nets", strings.Join(c.WebhookAllowNets, ","), "metrics_addr", c.MetricsAddr,
		"metrics_token", mask(c.MetricsToken), "token_expiry", c.TokenExpiry.String(),
		"session_lifetime", c.SessionLifetime.String(), "session_idle_timeout", c.SessionIdleTimeout.String(),
	}
}

func mask(secret string) string {
	if secret == "" {
		return ""
	}
	return "[set]"
}

func env(k, def string) string {
	if v, ok := os.LookupEnv(k); ok {
		return v
	}
	return def
}

// fastPath is RAPPORT_FAST_PATH, read once at start-up. Defaults takes
// it, unlike the other variables, so that every server of the process
// follows it: the tests' servers too (make test-go runs the GraphQL tests
// a second time with RAPPORT_FAST_PATH=0).
var fastPath = envBool("RAPPORT_FAST_PATH", true)

func envBool(k string, def bool) bool {
	v, ok := os.LookupEnv(k)
	if !ok || v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		fmt.Fprintf(os.Stderr, "warning: %s=%q is not a boolean; using %v\n", k, v, def)
		return def
	}
	return b
}

func envInt(k string, def int) int {
	v, ok := os.LookupEnv(k)
	if !ok || v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		fmt.Fprintf(os.Stderr, "warning: %s=%q is not a number; using %d\n", k, v, def)
		return def
	}
	return n
}

func envDuration(k string, def time.Duration) time.Duration {
	v, ok := os.LookupEnv(k)
	if !ok || v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		fmt.Fprintf(os.Stderr, "warning: %s=%q is not a duration; using %v\n", k, v, def)
		return def
	}
	return d
}
