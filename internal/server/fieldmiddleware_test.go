package server

import (
	"reflect"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"rapport/internal/config"
	"rapport/internal/storetest"
)

// The executor's fast path (internal/gqlexec) resolves plain fields
// without gqlgen's field middleware. That is right for the one field
// middleware the server installs, the page limits, which acts on
// connections only; gqlexec.FastPath also turns the fast path off for an
// operation whose middleware changes a plain field's context or value.
// A middleware that only watches fields (counts them, logs them) would
// pass that check and silently miss the plain ones: adding any field
// middleware must come through here, and through gqlexec.FastPath's
// probe, deliberately.
func TestFieldMiddlewareIsOnlyThePageLimits(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	srv := newGraphQL(config.Defaults(), db, nil)
	// gqlgen keeps the extensions unexported: handler.Server.exec.extensions
	exec := reflect.ValueOf(srv).Elem().FieldByName("exec")
	if !exec.IsValid() || exec.IsNil() {
		t.Fatal("handler.Server has no exec: has gqlgen changed? Find where the extensions are kept")
	}
	exts := exec.Elem().FieldByName("extensions")
	if !exts.IsValid() || exts.Kind() != reflect.Slice {
		t.Fatal("executor.Executor has no extensions: has gqlgen changed? Find where the extensions are kept")
	}
	field := reflect.TypeOf((*graphql.FieldInterceptor)(nil)).Elem()
	var interceptors []string
	for i := range exts.Len() {
		if typ := exts.Index(i).Elem().Type(); typ.Implements(field) {
			interceptors = append(interceptors, typ.String())
		}
	}
	// AroundFields(pageLimits(...)) is the one executor.aroundFieldFunc.
	if want := []string{"executor.aroundFieldFunc"}; !reflect.DeepEqual(interceptors, want) {
		t.Errorf("field middleware %v, want %v (the page limits): the fast path's plain fields skip field middleware; "+
			"make sure the new one has nothing to do on them, then update this test", interceptors, want)
	}
}
