package auth

import (
	"context"
	"sync"
	"time"

	"rapport/ent"
)

// tokenTTL is how long a checked API token is trusted without asking the
// database again. A revocation through this server takes effect at once
// (the cache entry is dropped by a hook); one made through another server
// process sharing the database takes effect within tokenTTL (live
// connections check the database itself, see Recheck).
const tokenTTL = time.Second

// cachedToken keeps what a token's viewer is made of (not a Viewer, which
// carries per-request state).
type cachedToken struct {
	id          int
	name        string
	role        Role
	allAccounts bool
	expires     *time.Time
	until       time.Time
}

type tokenCache struct {
	mu   sync.Mutex
	byID map[string]cachedToken // by secret hash
}

var tokens = &tokenCache{byID: map[string]cachedToken{}}

func (c *tokenCache) get(hash string, now time.Time) (*Viewer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byID[hash]
	if !ok || now.After(e.until) || (e.expires != nil && now.After(*e.expires)) {
		delete(c.byID, hash)
		return nil, false
	}
	return &Viewer{Kind: KindToken, ID: e.id, Name: e.name, Role: e.role, AllAccounts: e.allAccounts}, true
}

func (c *tokenCache) put(hash string, v *Viewer, expires *time.Time, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.byID) > 10_000 {
		c.byID = map[string]cachedToken{} // bounded: start over rather than grow
	}
	c.byID[hash] = cachedToken{id: v.ID, name: v.Name, role: v.Role, allAccounts: v.AllAccounts,
		expires: expires, until: now.Add(tokenTTL)}
}

// forgetID drops every cached entry of token id.
func (c *tokenCache) forgetID(id int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h, e := range c.byID {
		if e.id == id {
			delete(c.byID, h)
		}
	}
}

// forgetChangedTokens drops the cache entry of any token that is changed
// or deleted (revoked, re-scoped), so the change holds for the next request.
func forgetChangedTokens(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err == nil && m.Type() == ent.TypeAPIToken && !m.Op().Is(ent.OpCreate) {
			if id, ok := m.(interface{ ID() (int, bool) }); ok {
				if n, exists := id.ID(); exists {
					tokens.forgetID(n)
				}
			} else {
				tokens.mu.Lock()
				tokens.byID = map[string]cachedToken{}
				tokens.mu.Unlock()
			}
		}
		return v, err
	})
}
