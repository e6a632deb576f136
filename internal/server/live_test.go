package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	coderws "github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"rapport/ent"
	"rapport/ent/interaction"
	"rapport/internal/apitest"
	"rapport/internal/auth"
	"rapport/internal/config"
	"rapport/internal/domain"
	"rapport/internal/gid"
	"rapport/internal/records"
	"rapport/internal/server"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

type liveWorld struct {
	url          string
	db           *store.DB
	ours, theirs *ent.Account
	ada          http.Header // Ada's session: she sees only ours
	cfg          config.Config
}

func newLiveWorld(t *testing.T, db *store.DB) liveWorld {
	t.Helper()
	ctx := auth.WithViewer(context.Background(), auth.System)
	c := db.Client
	ada := c.TeamMember.Create().SetName("Ada").SetEmail("ada@us.example").SaveX(ctx)
	bob := c.TeamMember.Create().SetName("Bob").SetEmail("bob@us.example").SaveX(ctx)
	w := liveWorld{db: db}
	w.ours = c.Account.Create().SetName("Ours Group").AddTeam(ada).SaveX(ctx)
	w.theirs = c.Account.Create().SetName("Theirs Bank").AddTeam(bob).SaveX(ctx)
	if _, err := auth.CreateUser(ctx, c, auth.NewUser{Email: "ada@us.example", Password: "correct horse battery", Role: auth.RoleEditor, TeamMemberID: &ada.ID}); err != nil {
		t.Fatal(err)
	}
	cfg := config.Defaults()
	cfg.RequestTimeout = 250 * time.Millisecond // a subscription must outlive it
	cfg.InsecureHTTP = true                     // httptest serves http://127.0.0.1
	cfg.CORSOrigins = []string{"http://localhost:5173"}
	srv := httptest.NewServer(server.New(cfg, db))
	t.Cleanup(srv.Close)
	w.url = srv.URL
	w.cfg = cfg
	signIn := cfg
	signIn.RequestTimeout = config.Defaults().RequestTimeout // argon2id on a busy machine
	api := apitest.NewWithConfig(t, db, signIn).SignIn("ada@us.example", "correct horse battery")
	w.ada = http.Header{"Cookie": {api.Cookie.String()}, auth.CSRFHeader: {api.CSRF}}
	return w
}

func (w liveWorld) interaction(t *testing.T, c *ent.Client, a *ent.Account, subject string) int {
	t.Helper()
	ctx := auth.WithViewer(context.Background(), auth.System)
	it, err := c.Interaction.Create().SetAccountID(a.ID).SetKind(interaction.KindCALL).
		SetOccurredAt(time.Now()).SetSubject(subject).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return it.ID
}

// await waits for streams to be live: it records a probe interaction at
// ours until every stream has seen one, and returns the probes' IDs.
func (w liveWorld) await(t *testing.T, streams ...<-chan apitest.Result) map[string]bool {
	t.Helper()
	probes := map[string]bool{}
	deadline := time.Now().Add(15 * time.Second)
	for i := range streams {
		for seen := false; !seen; {
			if time.Now().After(deadline) {
				t.Fatalf("stream %d heard no event within 15s", i)
			}
			probes[gid.Encode(w.interaction(t, w.db.Client, w.ours, "probe"))] = true
			select {
			case r, ok := <-streams[i]:
				if !ok {
					t.Fatalf("stream %d ended", i)
				}
				if len(r.Errors) > 0 {
					t.Fatalf("stream %d: %v", i, r.Errors)
				}
				seen = true
			case <-time.After(300 * time.Millisecond):
			}
		}
	}
	return probes
}

// next returns the next result on s whose ID (at field) is not a probe.
func next(t *testing.T, s <-chan apitest.Result, field string, probes map[string]bool) map[string]any {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case r, ok := <-s:
			if !ok {
				t.Fatal("stream ended")
			}
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %v", r.Errors)
			}
			var data map[string]map[string]any
			if err := json.Unmarshal(r.Data, &data); err != nil {
				t.Fatal(err)
			}
			for _, v := range data {
				if id, _ := v[field].(string); !probes[id] {
					return v
				}
			}
		case <-timeout:
			t.Fatal("no event within 10s")
		}
	}
}

func TestSubscribersHearOnlyCommittedChangesOfAccountsTheyMaySee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newLiveWorld(t, db)
		changes := apitest.Subscribe(t, w.url, w.ada,
			`subscription($a: ID!) { graphChanged(accountId: $a) { entityType entityId action accountId at } }`,
			map[string]any{"a": gid.Encode(w.ours.ID)})
		recorded := apitest.Subscribe(t, w.url, w.ada,
			`subscription { interactionRecorded { id subject account { id } } }`, nil)
		probes := w.await(t, changes, recorded)
		time.Sleep(400 * time.Millisecond) // past the request timeout: the streams must go on

		// Not heard: a rolled-back write, and a write at an account Ada
		// may not see. Heard: the next committed write at ours.
		ctx := auth.WithViewer(context.Background(), auth.System)
		tx, err := db.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		w.interaction(t, tx.Client(), w.ours, "rolled back")
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		w.interaction(t, db.Client, w.theirs, "invisible")
		tx, err = db.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := w.interaction(t, tx.Client(), w.ours, "committed")
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}

		got := next(t, recorded, "id", probes)
		if got["id"] != gid.Encode(want) || got["subject"] != "committed" {
			t.Errorf("interactionRecorded = %v, want the committed interaction %s", got, gid.Encode(want))
		}
		change := next(t, changes, "entityId", probes)
		if change["entityId"] != gid.Encode(want) || change["entityType"] != "Interaction" ||
			change["action"] != "CREATE" || change["accountId"] != gid.Encode(w.ours.ID) {
			t.Errorf("graphChanged = %v, want the CREATE of interaction %s at ours", change, gid.Encode(want))
		}

		// Creates, updates and deletes reach the account's subscribers.
		contact := db.Client.Contact.Create().SetName("Li").SetAccount(w.ours).SaveX(ctx)
		db.Client.Contact.UpdateOne(contact).SetTitle("CTO").ExecX(ctx)
		boss := db.Client.Contact.Create().SetName("Wang").SetAccount(w.ours).SaveX(ctx)
		rel := db.Client.ContactRelation.Create().SetFromID(contact.ID).SetToID(boss.ID).SetKind(domain.RelationAlly).SaveX(ctx)
		member := db.Client.TeamMember.Create().SetName("Cy").SetEmail("cy@us.example").SaveX(ctx)
		cov := db.Client.Coverage.Create().SetTeamMemberID(member.ID).SetContactID(contact.ID).SetStrength(3).SaveX(ctx)
		db.Client.Interaction.DeleteOneID(want).ExecX(ctx)
		for _, c := range []struct {
			typ, action string
			id          int
		}{
			{"Contact", "CREATE", contact.ID}, {"Contact", "UPDATE", contact.ID}, {"Contact", "CREATE", boss.ID},
			{"ContactRelation", "CREATE", rel.ID}, {"Coverage", "CREATE", cov.ID}, {"Interaction", "DELETE", want},
		} {
			got := next(t, changes, "entityId", probes)
			for got["entityType"] == "Assessment" { // a new contact's first assessment, by the rules
				got = next(t, changes, "entityId", probes)
			}
			if got["entityType"] != c.typ || got["entityId"] != gid.Encode(c.id) || got["action"] != c.action || got["accountId"] != gid.Encode(w.ours.ID) {
				t.Errorf("graphChanged = %v, want %s of %s %d", got, c.action, c.typ, c.id)
			}
		}

		// An account Ada may not see cannot be subscribed to.
		denied := apitest.Subscribe(t, w.url, w.ada,
			`subscription($a: ID!) { graphChanged(accountId: $a) { entityId } }`,
			map[string]any{"a": gid.Encode(w.theirs.ID)})
		select {
		case r := <-denied:
			if len(r.Errors) == 0 || r.Errors[0].Code() != "NOT_FOUND" {
				t.Errorf("subscribing to an invisible account: %+v, want NOT_FOUND", r)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no answer for an invisible account")
		}
	})
}

func TestWebSocketSubscriptionAuthenticatesInConnectionInit(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	w := newLiveWorld(t, db)
	token := apitest.NewToken(t, db, auth.RoleViewer, true)
	wsURL := "ws" + w.url[len("http"):] + "/graphql"
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	dial := func(t *testing.T, origin string, cookie ...string) (*coderws.Conn, error) {
		h := http.Header{}
		if origin != "" {
			h.Set("Origin", origin)
		}
		for _, c := range cookie {
			h.Add("Cookie", c)
		}
		c, resp, err := coderws.Dial(ctx, wsURL, &coderws.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: h})
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		return c, err
	}

	t.Run("an origin off the allow-list is refused", func(t *testing.T) {
		if c, err := dial(t, "https://evil.example"); err == nil {
			c.CloseNow()
			t.Fatal("connected from a foreign origin")
		}
	})

	t.Run("a bad token is refused", func(t *testing.T) {
		c, err := dial(t, "")
		if err != nil {
			t.Fatal(err)
		}
		defer c.CloseNow()
		_ = wsjson.Write(ctx, c, map[string]any{"type": "connection_init", "payload": map[string]any{"authorization": "Bearer rpt_nope"}})
		var msg map[string]any
		if err := wsjson.Read(ctx, c, &msg); err == nil && msg["type"] == "connection_ack" {
			t.Fatalf("acknowledged a bad token: %v", msg)
		}
	})

	t.Run("a page of the server's own subscribes with its session cookie", func(t *testing.T) {
		c, err := dial(t, w.url, w.ada.Get("Cookie"))
		if err != nil {
			t.Fatal(err)
		}
		defer c.CloseNow()
		if err := wsjson.Write(ctx, c, map[string]any{"type": "connection_init"}); err != nil {
			t.Fatal(err)
		}
		var msg map[string]any
		if err := wsjson.Read(ctx, c, &msg); err != nil || msg["type"] != "connection_ack" {
			t.Fatalf("got %v %v, want connection_ack", msg, err)
		}
		if err := wsjson.Write(ctx, c, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
			"query": `subscription($a: ID!) { graphChanged(accountId: $a) { entityId } }`, "variables": map[string]any{"a": gid.Encode(w.theirs.ID)}}}); err != nil {
			t.Fatal(err)
		}
		// Ada may not see theirs: the subscription fails as NOT_FOUND.
		if err := wsjson.Read(ctx, c, &msg); err != nil || !strings.Contains(fmt.Sprint(msg["payload"]), "NOT_FOUND") {
			t.Fatalf("got %v %v, want a NOT_FOUND error", msg, err)
		}
	})

	t.Run("a token in connection_init subscribes", func(t *testing.T) {
		c, err := dial(t, "http://localhost:5173") // an origin on the allow-list
		if err != nil {
			t.Fatal(err)
		}
		defer c.CloseNow()
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(wsjson.Write(ctx, c, map[string]any{"type": "connection_init", "payload": map[string]any{"authorization": "Bearer " + token}}))
		var msg struct {
			Type    string          `json:"type"`
			ID      string          `json:"id"`
			Payload json.RawMessage `json:"payload"`
		}
		must(wsjson.Read(ctx, c, &msg))
		if msg.Type != "connection_ack" {
			t.Fatalf("got %s %s, want connection_ack", msg.Type, msg.Payload)
		}
		must(wsjson.Write(ctx, c, map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
			"query": `subscription { interactionRecorded { id subject } }`}}))
		type frame struct {
			Type    string          `json:"type"`
			ID      string          `json:"id"`
			Payload json.RawMessage `json:"payload"`
		}
		frames := make(chan frame, 16)
		go func() { // a Read cut short by its context closes the connection
			for {
				var f frame
				if err := wsjson.Read(ctx, c, &f); err != nil {
					close(frames)
					return
				}
				frames <- f
			}
		}()
		// The subscription is live once it hears one of these.
		for i := 0; ; i++ {
			w.interaction(t, db.Client, w.theirs, "hello "+strconv.Itoa(i))
			select {
			case f, ok := <-frames:
				if !ok {
					t.Fatal("connection closed")
				}
				if f.Type != "next" || f.ID != "1" || !strings.Contains(string(f.Payload), `"subject":"hello `) {
					t.Fatalf("got %s %s, want the next interaction", f.Type, f.Payload)
				}
				return
			case <-time.After(300 * time.Millisecond):
			}
			if i > 40 {
				t.Fatal("no event within 12s")
			}
		}
	})
}

func TestDeletingAnAccountEndsItsSubscriptionsWithTheDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newLiveWorld(t, db)
		ctx := auth.WithViewer(context.Background(), auth.System)
		gone := db.Client.Account.Create().SetName("Gone Ltd").SaveX(ctx)
		token := apitest.NewToken(t, db, auth.RoleViewer, true)
		changes := apitest.Subscribe(t, w.url, http.Header{"Authorization": {"Bearer " + token}},
			`subscription($a: ID!) { graphChanged(accountId: $a) { entityType action } }`,
			map[string]any{"a": gid.Encode(gone.ID)})
		deadline := time.Now().Add(15 * time.Second)
		for heard := false; !heard; {
			if time.Now().After(deadline) {
				t.Fatal("heard no update within 15s")
			}
			db.Client.Account.UpdateOne(gone).SetIndustry("probe " + time.Now().String()).ExecX(ctx)
			select {
			case <-changes:
				heard = true
			case <-time.After(300 * time.Millisecond):
			}
		}
		// As the API deletes: dependents (its tier history) first, in one
		// transaction.
		tx, err := db.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := records.DeleteAccount(ctx, tx.Client(), gone.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		timeout := time.After(10 * time.Second)
		for {
			select {
			case r, ok := <-changes:
				if !ok {
					t.Fatal("the stream ended without the DELETE")
				}
				if strings.Contains(string(r.Data), `{"entityType":"Account","action":"DELETE"}`) {
					select {
					case _, ok := <-changes:
						if ok {
							t.Fatal("an event after the account's DELETE")
						}
					case <-time.After(10 * time.Second):
						t.Fatal("the stream went on after the account's DELETE")
					}
					return
				}
			case <-timeout:
				t.Fatal("no DELETE within 10s")
			}
		}
	})
}
