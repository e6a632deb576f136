// Package model holds the GraphQL types that are not ent entities: payloads
// and results of the hand-written queries and mutations. gqlgen writes
// models_gen.go here; hand-written models sit beside it.
package model
