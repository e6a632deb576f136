package main

// Generation is one chain: ent (with the entgql extension writing
// graph/ent.graphql) first, then gqlgen over every graph/*.graphqls file.
//go:generate go run -mod=mod ./ent/entc.go
//go:generate go tool gqlgen generate
