// Package e2e tests the rapport binary from outside, as an operator runs
// it: killed mid-write, restarted, two servers on one PostgreSQL. TestMain
// builds the binary once into a temp dir and every test starts it from
// there.
//
// The tests are slow; `go test -short` leaves them out, saying so, except
// in CI (CI=true), where nothing is skipped.
package e2e

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"rapport/internal/storetest"
)

// rapportBin is the binary TestMain built.
var rapportBin string

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if testing.Short() && os.Getenv("CI") != "true" {
		return m.Run() // every test skips, saying so: nothing to build
	}
	dir, err := os.MkdirTemp("", "rapport-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	rapportBin = filepath.Join(dir, "rapport")
	// The module's root package is the server (package main at the top).
	if out, err := exec.Command("go", "build", "-o", rapportBin, "rapport").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: build rapport: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// skipInShortMode lets a developer leave out the slow process-level tests
// with -short, saying so; in CI (CI=true) they always run.
func skipInShortMode(t *testing.T, what string) {
	t.Helper()
	if testing.Short() && os.Getenv("CI") != "true" {
		t.Skipf("skipping %s in -short mode", what)
	}
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitReady(t *testing.T, u string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("server at %s not ready", u)
}

// freshPostgresDatabase creates a database of the test's own on the test
// PostgreSQL (servers share it as in production: schema public) and drops
// it at the end. In CI a missing PostgreSQL fails the test.
func freshPostgresDatabase(t *testing.T) string {
	t.Helper()
	base := storetest.PostgresURL()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required in CI: %v", err)
		}
		t.Skipf("skipping: no PostgreSQL (%v)", err)
	}
	name := fmt.Sprintf("rapport_live_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE " + name + " WITH (FORCE)"); err != nil {
			t.Logf("drop database %s: %v", name, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return strings.Replace(u.String(), "postgresql://", "postgres://", 1)
}
