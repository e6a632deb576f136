// Package tracing sends OpenTelemetry traces over OTLP/HTTP when an
// endpoint is configured (RAPPORT_OTLP_ENDPOINT): a span per HTTP request
// and one per GraphQL operation, named after it. Without an endpoint the
// tracer is OpenTelemetry's no-op and costs nothing.
package tracing

import (
	"context"
	"fmt"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

const name = "rapport"

// Setup installs an OTLP/HTTP exporter to endpoint (e.g.
// http://collector:4318) as the global tracer provider and returns the
// function that flushes and stops it. An empty endpoint installs nothing.
func Setup(ctx context.Context, endpoint string) (func(context.Context) error, error) {
	if endpoint == "" {
		return func(context.Context) error { return nil }, nil
	}
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(endpoint+"/v1/traces"))
	if err != nil {
		return nil, fmt.Errorf("otlp exporter for %s: %w", endpoint, err)
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exp),
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", name))),
	)
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.TraceContext{})
	return tp.Shutdown, nil
}

func tracer() trace.Tracer { return otel.Tracer(name) }

// HTTP wraps next in a span per request, continuing the caller's trace
// when it sent a traceparent header.
func HTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := otel.GetTextMapPropagator().Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx, span := tracer().Start(ctx, r.Method+" "+r.URL.Path, trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(attribute.String("http.request.method", r.Method), attribute.String("url.path", r.URL.Path)))
		defer span.End()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Operations is a gqlgen AroundOperations hook: a span per GraphQL
// operation, named after it, marked failed when the response has errors.
func Operations(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	opName := oc.OperationName
	kind := "query"
	if oc.Operation != nil {
		kind = string(oc.Operation.Operation)
		if opName == "" {
			opName = oc.Operation.Name
		}
	}
	ctx, span := tracer().Start(ctx, "graphql "+kind+" "+opName,
		trace.WithAttributes(attribute.String("graphql.operation.name", opName), attribute.String("graphql.operation.type", kind)))
	handler := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		resp := handler(ctx)
		if resp != nil && len(resp.Errors) > 0 {
			span.SetStatus(codes.Error, resp.Errors[0].Message)
		}
		span.End()
		return resp
	}
}
