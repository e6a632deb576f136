// Package graph is Rapport's GraphQL surface: the schema files, and resolvers
// that stay thin and pass the work on to the ent client and the internal
// packages.
package graph

import (
	"github.com/99designs/gqlgen/graphql"

	"rapport/ent"
	"rapport/graph/generated"
	"rapport/internal/alerts"
	"rapport/internal/live"
	"rapport/internal/portfolio"
	"rapport/internal/suggest"
	"rapport/internal/whitespace"
)

// Resolver holds the resolvers' dependencies; it serves as dependency
// injection for the generated executable schema.
type Resolver struct {
	client *ent.Client
	live   *live.Bus
}

// NewSchema builds the executable schema over client; subscriptions hear
// committed changes on bus.
func NewSchema(client *ent.Client, bus *live.Bus) graphql.ExecutableSchema {
	// The portfolio's maintained values follow the store's change feed
	// from now on (and, in a server, are computed in the background).
	portfolio.For(client)
	// The alert rules follow it too (and, in a server, raise alerts in the
	// background).
	alerts.For(client)
	// The suggestions the interactions imply are kept current from it too.
	suggest.For(client)
	// The whole portfolio's whitespace grid is kept from it too: registered
	// now, it loads with the others (a consumer registered later loads on
	// its own first read).
	whitespace.CacheFor(client)
	return withLoadersSchema{generated.NewExecutableSchema(generated.Config{
		Resolvers: &Resolver{client: client, live: bus},
	})}
}
