// Package config is Rapport's one configuration struct, filled from flags
// and RAPPORT_* environment variables (a flag wins over the variable).
package config

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is everything the server can be told.
type Config struct {
	Addr            string
	DatabaseURL     string
	Demo            bool
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
	// DebugAddr, when set, serves Go's profiler (net/http/pprof) on its own
	// listener, unauthenticated: for loopback or an operator's network only.
	DebugAddr string
}

// Defaults returns the configuration with nothing set.
func Defaults() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DatabaseURL:     "sqlite:./data/rapport.db",
		CORSOrigins:     []string{"http://localhost:5173", "http://127.0.0.1:5173"},
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
		MaxCost:         200000,
		MaxTokens:       15000,
		RateLimit:       6_000_000,
		MemoryLimitMB:   140,
	}
}

// Register declares the flags on fs, with defaults taken from the
// environment, and returns the config they fill when fs is parsed.
func Register(fs *flag.FlagSet) *Config {
	c := Defaults()
	fs.StringVar(&c.Addr, "addr", env("RAPPORT_ADDR", c.Addr), "listen address (RAPPORT_ADDR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("RAPPORT_DATABASE_URL", c.DatabaseURL),
		"sqlite:PATH or postgres://... (RAPPORT_DATABASE_URL)")
	fs.BoolVar(&c.Demo, "demo", envBool("RAPPORT_DEMO", c.Demo), "load the demo data set into an empty database (RAPPORT_DEMO)")
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
	fs.StringVar(&c.DebugAddr, "debug-addr", env("RAPPORT_DEBUG_ADDR", c.DebugAddr),
		"serve Go's profiler (/debug/pprof/, no authentication) on this address, e.g. 127.0.0.1:6060; off when empty (RAPPORT_DEBUG_ADDR)")
	fs.StringVar(&c.OTLPEndpoint, "otlp-endpoint", env("RAPPORT_OTLP_ENDPOINT", c.OTLPEndpoint),
		"send OpenTelemetry traces over OTLP/HTTP to this URL, e.g. http://collector:4318 (RAPPORT_OTLP_ENDPOINT)")
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
	}
}

func env(k, def string) string {
	if v, ok := os.LookupEnv(k); ok {
		return v
	}
	return def
}

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
