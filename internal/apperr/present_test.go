package apperr

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// TestInternalErrorsAreLoggedWithTheRequestID: the one log line of a
// server fault carries the request's ID, and the client sees none of it.
func TestInternalErrorsAreLoggedWithTheRequestID(t *testing.T) {
	var logs bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })
	present := NewPresenter(nil, func(context.Context) string { return "req-42" })
	e := present(context.Background(), errors.New("pq: connection reset"))
	if e.Extensions["code"] != string(Internal) || strings.Contains(e.Message, "pq") {
		t.Errorf("presented %q %v, want a masked INTERNAL_SERVER_ERROR", e.Message, e.Extensions)
	}
	if !strings.Contains(logs.String(), "request failed") || !strings.Contains(logs.String(), "request_id=req-42") {
		t.Errorf("log line without the request ID: %s", &logs)
	}
}
