package main

// Generation is one chain: ent (with the entgql extension writing
// graph/ent.graphql) first, then gqlgen over every graph/*.graphqls file,
// then gqlpatch, which points the generated executor at internal/gqlexec's
// sequential list and object marshalling and resolves plain fields directly,
// behind the run-time switch RAPPORT_FAST_PATH (see that package for why,
// and docs/decisions/0001-executor-fast-path.md).
//go:generate go run -mod=mod ./ent/entc.go
//go:generate go tool gqlgen generate
//go:generate go run ./internal/gqlexec/gqlpatch graph/generated/generated.go ent/gql_edge.go
