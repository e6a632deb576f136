// Package gql is the benchmark's GraphQL client: a POST over a kept-alive
// connection (or straight into an in-process handler, to count statements)
// and the little introspection the harness needs to skip what a server
// does not have yet.
package gql

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
)

// Client posts GraphQL operations to URL, or to Handler when set.
type Client struct {
	URL     string
	Handler http.Handler
	HTTP    *http.Client
	// Token is sent as a bearer token when set.
	Token string

	sent atomic.Uint64 // responses received, to validate one in validateEvery
}

// validateEvery is how often a response the caller does not read is still
// parsed in full; the others are checked the way load generators such as
// wrk do (status), plus a complete JSON object with no "errors" in it.
const validateEvery = 32

// New returns a client for url with enough idle connections for the load.
func New(url string) *Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 64, 64
	return &Client{URL: url, HTTP: &http.Client{Transport: tr}}
}

type response struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// Do runs query with vars and decodes data into out (which may be nil).
// A response with errors is an error, even when it also has data.
func (c *Client) Do(ctx context.Context, query string, vars map[string]any, out any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return fmt.Errorf("encode request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	var (
		status int
		raw    []byte
	)
	if c.Handler != nil {
		rec := httptest.NewRecorder()
		c.Handler.ServeHTTP(rec, req)
		status, raw = rec.Code, rec.Body.Bytes()
	} else {
		resp, err := c.HTTP.Do(req)
		if err != nil {
			return fmt.Errorf("post: %w", err)
		}
		raw, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("read response: %w", err)
		}
		status = resp.StatusCode
	}
	// The load generator shares the server's two cores, so it checks most
	// responses as cheaply as it can (a 1.5 MB stakeholder graph took the
	// client 2.4 ms to validate, a sixth of the whole request): one in
	// validateEvery, and any that may hold errors, is decoded in full.
	if out == nil && status == http.StatusOK && !bytes.Contains(raw, []byte(`"errors"`)) {
		if c.sent.Add(1)%validateEvery != 1 && wholeObject(raw) || json.Valid(raw) {
			return nil
		}
	}
	var r response
	if err := json.Unmarshal(raw, &r); err != nil {
		return fmt.Errorf("HTTP %d, undecodable body %.200q: %w", status, raw, err)
	}
	if len(r.Errors) > 0 {
		msgs := make([]string, len(r.Errors))
		for i, e := range r.Errors {
			msgs[i] = e.Message
			if code, ok := e.Extensions["code"]; ok {
				msgs[i] = fmt.Sprintf("%s: %s", code, e.Message)
			}
		}
		return fmt.Errorf("HTTP %d: %s", status, strings.Join(msgs, "; "))
	}
	if status != http.StatusOK {
		return fmt.Errorf("HTTP %d: %.200s", status, raw)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			return fmt.Errorf("decode data: %w", err)
		}
	}
	return nil
}

// wholeObject reports whether raw looks like one complete JSON object: a
// response cut short would not end in its closing brace.
func wholeObject(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) >= 2 && raw[0] == '{' && raw[len(raw)-1] == '}'
}

// TypeRef is an introspected type reference.
type TypeRef struct {
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	OfType *TypeRef `json:"ofType"`
}

// Named unwraps NON_NULL and LIST down to the named type.
func (t *TypeRef) Named() *TypeRef {
	for t != nil && t.OfType != nil {
		t = t.OfType
	}
	return t
}

// String writes t in GraphQL syntax, such as [ContactRow!]!.
func (t *TypeRef) String() string {
	switch {
	case t == nil:
		return ""
	case t.Kind == "NON_NULL":
		return t.OfType.String() + "!"
	case t.Kind == "LIST":
		return "[" + t.OfType.String() + "]"
	}
	return t.Name
}

// IsList says whether t is a list, ignoring NON_NULL around it.
func (t *TypeRef) IsList() bool {
	for t != nil && t.Kind == "NON_NULL" {
		t = t.OfType
	}
	return t != nil && t.Kind == "LIST"
}

// Field is an introspected field (or input field, without Args).
type Field struct {
	Name string   `json:"name"`
	Type *TypeRef `json:"type"`
	Args []Field  `json:"args"`
}

// Schema maps type name to field name to field.
type Schema map[string]map[string]Field

const typeRef = `kind name ofType { kind name ofType { kind name ofType { kind name } } }`

// Introspect reads the server's types and fields.
func (c *Client) Introspect(ctx context.Context) (Schema, error) {
	q := `{ __schema { types { name fields { name type { ` + typeRef + ` } args { name type { ` + typeRef + ` } } }
		inputFields { name type { ` + typeRef + ` } } } } }`
	var out struct {
		Schema struct {
			Types []struct {
				Name        string  `json:"name"`
				Fields      []Field `json:"fields"`
				InputFields []Field `json:"inputFields"`
			} `json:"types"`
		} `json:"__schema"`
	}
	if err := c.Do(ctx, q, nil, &out); err != nil {
		return nil, fmt.Errorf("introspect: %w", err)
	}
	s := Schema{}
	for _, t := range out.Schema.Types {
		fs := map[string]Field{}
		for _, f := range append(t.Fields, t.InputFields...) {
			fs[f.Name] = f
		}
		s[t.Name] = fs
	}
	return s, nil
}

// Has says whether "Type.field" exists.
func (s Schema) Has(path string) bool {
	typ, field, _ := strings.Cut(path, ".")
	_, ok := s[typ][field]
	return ok
}
