// Command fastgen runs gqlgen with the executor's fast path as a gqlgen
// plugin: the plugin reads gqlgen's typed model of the schema
// (codegen.Data: which fields read a struct field, their Go types and
// marshallers, which read an eager-loaded ent edge) and writes the plain
// and edge writers into a file of their own, graph/generated/fastpath.go;
// then fastgen adds the hooks that call them to the executor gqlgen wrote
// (see hooks.go). It replaces `go tool gqlgen generate` in `go generate`
// and reads the same gqlgen.yml. A hook that finds nothing to hook fails
// the run, so a gqlgen upgrade that changes the executor is noticed.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen/config"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "fastgen: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return fmt.Errorf("load gqlgen config: %w", err)
	}
	// gqlgen builds the executor's package before the hooks are in, when
	// the writers' file does not compile yet: validate after them instead.
	cfg.SkipValidation = true
	p := &plugin{}
	if err := api.Generate(cfg, api.AddPlugin(p)); err != nil {
		return err
	}
	if p.hooks == nil {
		return fmt.Errorf("the fast path plugin did not run")
	}
	src, err := os.ReadFile(cfg.Exec.Filename)
	if err != nil {
		return err
	}
	out, st, err := hook(src, p.hooks)
	if err != nil {
		return fmt.Errorf("%s: %w", cfg.Exec.Filename, err)
	}
	if err := os.WriteFile(cfg.Exec.Filename, out, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "fastgen: %s\n", st)
	build := exec.Command("go", "build", "./"+filepath.ToSlash(filepath.Dir(mustRel(cfg.Exec.Filename))))
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("the executor does not build: %w", err)
	}
	return nil
}

func mustRel(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil {
		return path
	}
	return rel
}
