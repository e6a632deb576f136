package scope_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"rapport/ent"
	"rapport/graph"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// editorHeader returns the headers of the editor's session.
func editorHeader(editor *apitest.Client) http.Header {
	h := http.Header{}
	h.Set("Cookie", editor.Cookie.Name+"="+editor.Cookie.Value)
	h.Set("X-CSRF-Token", editor.CSRF)
	return h
}

// TestOutsiderSubscriptionsAnswerHiddenAsMissing walks every subscription
// of the schema that takes an ID and subscribes, as the editor, with a
// hidden row's ID of every type and with a missing one: the answers must
// be the same.
func TestOutsiderSubscriptionsAnswerHiddenAsMissing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := buildCrossing(t, db.Client)
		o := computeOracle(t, db, w.visibleAccounts)
		_, editor := signInEditor(t, db, w)
		srv := httptest.NewServer(editor.Handler)
		t.Cleanup(srv.Close) // after the streams' own cleanups end them
		schema := graph.NewSchema(nil, nil).Schema()
		first := func(query string, vars map[string]any) apitest.Result {
			t.Helper()
			select {
			case r := <-apitest.Subscribe(t, srv.URL, editorHeader(editor), query, vars):
				return r
			case <-time.After(10 * time.Second):
				t.Fatalf("no answer to %s %v", query, vars)
			}
			return apitest.Result{}
		}
		var probes int
		for _, f := range schema.Subscription.Fields {
			for _, slot := range idSlots(schema, f) {
				if slot.field != "" {
					continue
				}
				for typ, id := range o.hiddenSample() {
					hidden, absent := gid.Encode(id), gid.Encode(gid.Of(typ, 987_654_321))
					q := fmt.Sprintf("subscription($v: %s) { r: %s(%s: $v) { %s } }", f.Arguments.ForName(slot.arg).Type.String(),
						f.Name, slot.arg, selection(schema, schema.Types[f.Type.Name()]))
					rh, ra := first(q, map[string]any{"v": hidden}), first(q, map[string]any{"v": absent})
					probes++
					if len(rh.Errors) == 0 {
						t.Errorf("%s(%s: a hidden %s) was accepted", f.Name, slot.arg, typ)
					}
					if nh, na := normalized(rh, hidden), normalized(ra, absent); nh != na {
						t.Errorf("%s(%s: hidden %s) answers unlike a missing one:\n  %s  %s", f.Name, slot.arg, typ, nh, na)
					}
				}
			}
		}
		if probes == 0 {
			t.Error("no subscription takes an ID: the walk found nothing")
		}
		t.Logf("subscriptions: %d probes", probes)
		_ = ast.Object
	})
}

// TestOutsiderHearsNothingAboutHiddenRows subscribes the editor to their
// account's changes and writes, as an admin, rows that cross the boundary
// (a relation to a hidden person, a chain link naming one) and one that
// does not: only the last is heard.
func TestOutsiderHearsNothingAboutHiddenRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := buildCrossing(t, db.Client)
		_, editor := signInEditor(t, db, w)
		srv := httptest.NewServer(editor.Handler)
		t.Cleanup(srv.Close) // after the streams' own cleanups end them
		events := apitest.Subscribe(t, srv.URL, editorHeader(editor),
			`subscription($a: ID!) { graphChanged(accountId: $a) { entityType entityId action } }`,
			map[string]any{"a": gid.Encode(w.ours.ID)})
		ctx := auth.WithViewer(context.Background(), auth.System)
		next := func() map[string]string {
			t.Helper()
			select {
			case r := <-events:
				if len(r.Errors) > 0 {
					t.Fatalf("errors: %+v", r.Errors)
				}
				var data struct{ GraphChanged map[string]string }
				if err := json.Unmarshal(r.Data, &data); err != nil {
					t.Fatal(err)
				}
				return data.GraphChanged
			case <-time.After(10 * time.Second):
				t.Fatal("no event within 10s")
			}
			return nil
		}
		// Wait until the subscription is live: rename ours until heard.
		live := make(chan struct{})
		go func() {
			for i := 0; ; i++ {
				select {
				case <-live:
					return
				case <-time.After(100 * time.Millisecond):
					_ = db.Client.Account.UpdateOneID(w.ours.ID).SetName(fmt.Sprintf("Ours Group %d", i)).Exec(ctx)
				}
			}
		}()
		next()
		close(live)
		time.Sleep(300 * time.Millisecond)
		for e := drain(events); e != nil; e = drain(events) {
		}

		crossing, err := db.Client.ContactRelation.Create().SetFromID(w.cA.ID).SetToID(w.cH2.ID).SetKind(domain.RelationRival).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		link, err := db.Client.DecisionChainLink.Create().SetOpportunityID(w.oA.ID).SetContactID(w.cH2.ID).SetRole("USER").SetPosition(3).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Client.ContactRelation.DeleteOneID(crossing.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		inside, err := db.Client.ContactRelation.Create().SetFromID(w.cA.ID).SetToID(w.cA2.ID).SetKind(domain.RelationFriend).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := next()
		if got["entityId"] != gid.Encode(inside.ID) {
			t.Errorf("first event after the crossing writes = %v; want the relation inside the scope %s (crossing relation %s, link %s)",
				got, gid.Encode(inside.ID), gid.Encode(crossing.ID), gid.Encode(link.ID))
		}
		_ = ent.TypeContact
		_ = strings.TrimSpace
	})
}

// drain returns a result already waiting on s, or nil.
func drain(s <-chan apitest.Result) *apitest.Result {
	select {
	case r := <-s:
		return &r
	case <-time.After(50 * time.Millisecond):
		return nil
	}
}
