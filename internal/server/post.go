package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"rapport/internal/apperr"
	"rapport/internal/gqlexec"
)

// postTransport is gqlgen's POST transport (transport.POST: the same
// requests, content negotiation and status codes) with one change: it
// writes the response's data as the executor produced it. gqlgen's writes
// the whole response through json.Marshal, which validates and compacts
// the already-compact data a second time: an eighth of the CPU of a
// stakeholder graph of 7,800 objects.
type postTransport struct{ transport.POST }

const (
	contentJSON            = "application/json"
	contentGraphQLResponse = "application/graphql-response+json"
)

func (h postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	contentType := responseContentType(r)
	w.Header().Set("Content-Type", contentType)
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeResponse(w, exec.DispatchError(noOperation(ctx), badRequest("could not read request body: %v", err)))
		return
	}
	params := &graphql.RawParams{}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(params); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeResponse(w, exec.DispatchError(noOperation(ctx), badRequest("json request body could not be decoded: %v", err)))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	oc, opErr := exec.CreateOperationContext(ctx, params)
	if opErr != nil {
		status := http.StatusOK
		if errcode.GetErrorKind(opErr) == errcode.KindProtocol {
			status = http.StatusUnprocessableEntity
			if contentType == contentGraphQLResponse {
				status = http.StatusBadRequest
			}
		}
		w.WriteHeader(status)
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, oc), opErr))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, oc)
	resp := responses(ctx)
	writeResponse(w, resp)
	// The data is on the connection (the writer copies what it buffers);
	// nothing reads it after the response interceptors, which have run.
	gqlexec.ReleaseData(resp.Data)
}

// noOperation gives a request that never became an operation an empty
// operation context: response interceptors (entgql's transactioner among
// them) read one unconditionally, and gqlgen's own POST panics there.
func noOperation(ctx context.Context) context.Context {
	return graphql.WithOperationContext(ctx, &graphql.OperationContext{})
}

// badRequest is the error for a body that is not a GraphQL request.
// (gqlgen's echoes the body, which may be a megabyte, and has no code.)
func badRequest(format string, args ...any) gqlerror.List {
	return gqlerror.List{{
		Message:    fmt.Sprintf(format, args...),
		Extensions: map[string]any{"code": string(apperr.BadUserInput)},
	}}
}

// responseContentType is gqlgen's negotiation: application/json unless
// the client asks for application/graphql-response+json, or accepts
// neither.
func responseContentType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return contentJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", contentJSON:
			return contentJSON
		case contentGraphQLResponse:
			return contentGraphQLResponse
		}
	}
	return contentGraphQLResponse
}

// writeResponse writes resp as json.Marshal would (same keys, order and
// omissions), but writes Data as it is, without copying it: the
// executor's marshallers write valid, compact JSON, and a large response's
// data is megabytes.
func writeResponse(w io.Writer, resp *graphql.Response) {
	var b bytes.Buffer
	b.WriteByte('{')
	if len(resp.Errors) > 0 {
		b.WriteString(`"errors":`)
		appendJSON(&b, resp.Errors)
		b.WriteByte(',')
	}
	b.WriteString(`"data":`)
	if len(resp.Data) == 0 {
		b.WriteString("null")
	} else {
		_, _ = w.Write(b.Bytes())
		_, _ = w.Write(resp.Data)
		b.Reset()
	}
	if resp.Label != "" {
		b.WriteString(`,"label":`)
		appendJSON(&b, resp.Label)
	}
	if len(resp.Path) > 0 {
		b.WriteString(`,"path":`)
		appendJSON(&b, resp.Path)
	}
	if resp.HasNext != nil {
		b.WriteString(`,"hasNext":`)
		appendJSON(&b, *resp.HasNext)
	}
	if len(resp.Extensions) > 0 {
		b.WriteString(`,"extensions":`)
		appendJSON(&b, resp.Extensions)
	}
	b.WriteByte('}')
	_, _ = w.Write(b.Bytes())
}

func appendJSON(b *bytes.Buffer, v any) {
	out, err := json.Marshal(v)
	if err != nil {
		// gqlgen panics here; an error list or extension map that cannot
		// be encoded is a bug, but the client still gets valid JSON.
		out, _ = json.Marshal(err.Error())
	}
	b.Write(out)
}
