package server

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"rapport/graph"
	"rapport/internal/apperr"
	"rapport/internal/auth"
	"rapport/internal/config"
	"rapport/internal/gqlexec"
	"rapport/internal/limits"
	"rapport/internal/metrics"
	"rapport/internal/store"
	"rapport/internal/tracing"
)

// newGraphQL builds the GraphQL handler: transports, the one error
// presenter, a transaction per mutation, and connection page limits.
func newGraphQL(cfg config.Config, db *store.DB, authn *auth.Service) *handler.Server {
	client := db.Client
	// the executor's fast path, on unless RAPPORT_FAST_PATH=0 (see gqlexec)
	schema := graph.NewSchema(client, db.Live)
	srv := handler.New(gqlexec.Switch(schema, cfg.FastPath))
	srv.AddTransport(websocketTransport(authn))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.SSE{KeepAlivePingInterval: 15 * time.Second}) // before POST, which would take it
	srv.AddTransport(postTransport{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if cfg.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.SetParserTokenLimit(cfg.MaxTokens)
	srv.Use(limits.Limits{
		MaxDepth: cfg.MaxDepth, MaxAliases: cfg.MaxAliases, MaxCost: cfg.MaxCost,
		MaxPageSize: cfg.MaxPageSize, DefaultPageSize: cfg.DefaultPageSize,
		FieldCost: graph.FieldCost,
	})
	srv.Use(limits.NewRateLimiter(cfg.RateLimit, rateKey, func(ctx context.Context, d time.Duration) {
		if info := requestInfoFrom(ctx); info != nil {
			info.retryAfter = d
		}
	}))
	srv.Use(transactioner{entgql.Transactioner{TxOpener: db.TxOpener()}})
	srv.Use(metrics.Extension{})
	srv.SetErrorPresenter(apperr.NewPresenter(schema.Schema(), RequestID))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		slog.ErrorContext(ctx, "resolver panic", "panic", fmt.Sprint(v), "request_id", RequestID(ctx))
		return fmt.Errorf("panic: %v", v) // masked by the presenter
	})
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		if auth.IsLive(ctx) {
			// An operation on a WebSocket runs with the credential as it is
			// now, not as it was when the connection opened.
			v, err := authn.Recheck(ctx)
			if err != nil {
				code, msg := string(apperr.Unauthenticated), "your credential is no longer valid; sign in again or use another token"
				if !auth.Ended(err) {
					code, msg = "UNAVAILABLE", "could not check credentials; try again"
				}
				return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{Message: msg, Extensions: map[string]any{"code": code}}}})
			}
			ctx = auth.WithViewer(ctx, v)
		}
		if info := requestInfoFrom(ctx); info != nil {
			oc := graphql.GetOperationContext(ctx)
			info.operation = oc.OperationName
			if info.operation == "" && oc.Operation != nil {
				info.operation = oc.Operation.Name
			}
		}
		return next(ctx)
	})
	srv.AroundOperations(tracing.Operations)
	srv.AroundFields(pageLimits(cfg.DefaultPageSize, cfg.MaxPageSize))
	return srv
}

// rateKey names who pays for a request: the token or user, else the
// address it came from.
func rateKey(ctx context.Context) string {
	if v := auth.FromContext(ctx); v != nil {
		return fmt.Sprintf("%s:%d", v.Kind, v.ID)
	}
	if info := requestInfoFrom(ctx); info != nil {
		return "ip:" + info.remoteIP
	}
	return "unknown"
}

// pageLimits gives every Relay connection a default page size and a
// maximum, top level and nested alike: entgql returns every row of a
// connection asked for without first or last.
func pageLimits(def, limit int) graphql.FieldMiddleware {
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		fc := graphql.GetFieldContext(ctx)
		if fc == nil || fc.Args == nil || !isConnection(fc.Field.Definition) {
			return next(ctx)
		}
		first, _ := fc.Args["first"].(*int)
		last, _ := fc.Args["last"].(*int)
		for name, v := range map[string]*int{"first": first, "last": last} {
			if v != nil && (*v < 0 || *v > limit) {
				return nil, apperr.Invalid(name, "must be between 0 and %d, got %d", limit, *v)
			}
		}
		if first == nil && last == nil {
			n := def
			fc.Args["first"] = &n
		}
		return next(ctx)
	}
}

func isConnection(def *ast.FieldDefinition) bool {
	if def == nil || def.Type == nil {
		return false
	}
	name := def.Type.Name()
	return len(name) > len("Connection") && name[len(name)-len("Connection"):] == "Connection"
}

// withTimeout bounds a request's work, database included.
func withTimeout(d time.Duration, ctx context.Context) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}
