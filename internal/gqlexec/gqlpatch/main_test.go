package main

import (
	"strings"
	"testing"
)

const generated = `package generated

import (
	"context"
)

func (ec *executionContext) _T(ctx context.Context, sel ast.SelectionSet) {
	fields := graphql.CollectFields(ec.OperationContext, sel, nil)
	deferred := graphql.NewDeferredGroup(ctx)
	ret := graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, nil)
}
`

func TestRewrite(t *testing.T) {
	once, err := rewrite([]byte(generated))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"rapport/internal/gqlexec"`, "gqlexec.MarshalSlice(ctx", "gqlexec.NewDeferredGroup(ctx, fields)"} {
		if !strings.Contains(string(once), want) {
			t.Errorf("patched file lacks %s:\n%s", want, once)
		}
	}
	if strings.Contains(string(once), "MarshalSliceConcurrently") {
		t.Error("a concurrent slice marshaller is left")
	}
	twice, err := rewrite(once)
	if err != nil || string(twice) != string(once) {
		t.Errorf("second run changed the file or failed: %v", err)
	}
	changed := strings.Replace(generated, "graphql.MarshalSliceConcurrently(", "graphql.MarshalSliceInParallel(", 1)
	if _, err := rewrite([]byte(changed)); err == nil {
		t.Error("a file without the call to rewrite was accepted")
	}
}
