package main

// Generation is one chain: ent (with the entgql extension writing
// graph/ent.graphql) first, then gqlgen over every graph/*.graphqls file,
// run by internal/gqlexec/fastgen with the executor's fast path as a gqlgen
// plugin: from gqlgen's model of the schema it writes the plain and edge
// writers (graph/generated/fastpath.go) and hooks them, with the sequential
// list and object marshalling, into the executor gqlgen wrote, behind the
// run-time switch RAPPORT_FAST_PATH (see internal/gqlexec for why, and
// docs/decisions/0001-executor-fast-path.md for the measurements).
//go:generate go run -mod=mod ./ent/entc.go
//go:generate go run ./internal/gqlexec/fastgen
