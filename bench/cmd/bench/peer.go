package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"rapport/bench/gql"
)

// peerDir is where PostGraphile is installed: a cache outside git, so the
// repository never carries node_modules for a benchmark baseline.
func peerDir() string {
	if d := os.Getenv("BENCH_PEER_DIR"); d != "" {
		return d
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	return filepath.Join(cache, "rapport-bench", "peer")
}

// installPeer installs PostGraphile 4 and the aggregates plugin once.
func installPeer(ctx context.Context) (string, error) {
	dir := peerDir()
	bin := filepath.Join(dir, "node_modules", "postgraphile", "cli.js")
	if _, err := os.Stat(bin); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	pkg := filepath.Join(dir, "package.json")
	if _, err := os.Stat(pkg); err != nil {
		if err := os.WriteFile(pkg, []byte(`{"name":"rapport-bench-peer","private":true}`+"\n"), 0o644); err != nil {
			return "", fmt.Errorf("write %s: %w", pkg, err)
		}
	}
	cmd := exec.CommandContext(ctx, "npm", "install", "--no-audit", "--no-fund", "postgraphile@4", "@graphile/pg-aggregates@0")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm install postgraphile@4: %w\n%s", err, out)
	}
	return dir, nil
}

// startPeer serves the database's public schema with PostGraphile, read
// only (no default mutations), without its per-query log.
func startPeer(ctx context.Context, dbURL, logDir string) (*proc, *gql.Client, error) {
	dir, err := installPeer(ctx)
	if err != nil {
		return nil, nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, nil, err
	}
	host, port := splitAddr(addr)
	cmd := exec.CommandContext(ctx, "node", filepath.Join(dir, "node_modules", "postgraphile", "cli.js"),
		"--connection", dbURL, "--schema", "public", "--host", host, "--port", port,
		"--disable-default-mutations", "--disable-query-log", "--append-plugins", "@graphile/pg-aggregates")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NODE_ENV=production")
	client := gql.New("http://" + addr + "/graphql")
	p, err := start(ctx, "postgraphile", cmd, logDir, func(ctx context.Context) error {
		return client.Do(ctx, `{ __typename }`, nil, nil)
	})
	if err != nil {
		return nil, nil, err
	}
	return p, client, nil
}

func splitAddr(addr string) (string, string) {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == ':' {
			return addr[:i], addr[i+1:]
		}
	}
	return addr, ""
}
