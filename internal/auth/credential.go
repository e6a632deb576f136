package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"rapport/ent"
)

// recheckEvery is how often a live connection's credential is checked
// again, and how long one check's verdict is shared by the connections
// using the same credential: a revocation, sign-out, deactivation or
// expiry is seen within twice this, on every server (the check reads the
// database, which all servers share).
const recheckEvery = 400 * time.Millisecond

// credential is what authenticated a request, kept in its context so
// that a long-lived connection can be checked again.
type credential struct {
	token bool   // an API token, else a session
	hash  string // the secret's hash
	name  string // who it is, for the audit trail
	live  bool   // on a live connection: check again on every operation
}

type credentialKey struct{}

func credentialFrom(ctx context.Context) *credential {
	c, _ := ctx.Value(credentialKey{}).(*credential)
	return c
}

// IsLive reports a context of a live connection (WebSocket or SSE),
// whose operations must check its credential again (Recheck).
func IsLive(ctx context.Context) bool {
	c := credentialFrom(ctx)
	return c != nil && c.live
}

// verdict is one recheck's result, shared for recheckEvery.
type verdict struct {
	viewer *Viewer
	err    error
	until  time.Time
}

type recheckCache struct {
	mu sync.Mutex
	m  map[string]verdict
}

var rechecks = &recheckCache{m: map[string]verdict{}}

func (c *recheckCache) get(hash string, now time.Time) (verdict, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[hash]
	if !ok || now.After(v.until) {
		return verdict{}, false
	}
	return v, true
}

func (c *recheckCache) put(hash string, v verdict) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) > 10_000 {
		c.m = map[string]verdict{}
	}
	c.m[hash] = v
}

func (c *recheckCache) forget() {
	c.mu.Lock()
	c.m = map[string]verdict{}
	c.mu.Unlock()
}

// Recheck checks the credential that authenticated ctx again and returns
// the viewer it stands for now (a role may have changed), or an error
// wrapping errEnded when it is revoked, expired, signed out, idle too
// long or its user deactivated. A context without a credential (the
// system, a test) passes with its viewer.
func (s *Service) Recheck(ctx context.Context) (*Viewer, error) {
	cred := credentialFrom(ctx)
	if cred == nil {
		return FromContext(ctx), nil
	}
	now := time.Now()
	if v, ok := rechecks.get(cred.hash, now); ok {
		return v.viewer, v.err
	}
	sys := WithViewer(context.WithoutCancel(ctx), System)
	var (
		v      *Viewer
		status int
		msg    string
	)
	if cred.token {
		v, status, msg = s.tokenViewer(sys, cred.hash, now, false)
	} else {
		v, _, status, msg = s.sessionViewer(sys, cred.hash, now, false)
	}
	var err error
	switch {
	case v != nil:
	case status == http.StatusServiceUnavailable:
		return nil, fmt.Errorf("%s", msg) // not cached: a database hiccup
	default:
		err = fmt.Errorf("%w: %s", errEnded, msg)
	}
	rechecks.put(cred.hash, verdict{viewer: v, err: err, until: now.Add(recheckEvery)})
	return v, err
}

// Ended reports an error of Recheck that means the credential is no
// longer valid (rather than that it could not be checked).
func Ended(err error) bool { return err != nil && errors.Is(err, errEnded) }

// Watch returns ctx marked live and cancelled (with the reason as its
// cause) as soon as its credential is no longer valid: a WebSocket or SSE
// stream on it then closes. It stops checking when ctx ends.
func (s *Service) Watch(ctx context.Context) context.Context {
	cred := credentialFrom(ctx)
	if cred == nil {
		return ctx
	}
	live := *cred
	live.live = true
	ctx, cancel := context.WithCancelCause(context.WithValue(ctx, credentialKey{}, &live))
	go func() {
		t := time.NewTicker(recheckEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				cancel(nil)
				return
			case <-t.C:
			}
			if _, err := s.Recheck(ctx); Ended(err) {
				cancel(err)
				return
			}
		}
	}()
	return ctx
}

// forgetVerdicts drops the cached checks of credentials and tokens.
func forgetVerdicts() {
	rechecks.forget()
	tokens.mu.Lock()
	tokens.byID = map[string]cachedToken{}
	tokens.mu.Unlock()
}

// InstallSessions makes changes of sessions, users and tokens through
// client seen by the next recheck at once (not recheckEvery later).
func InstallSessions(client *ent.Client) {
	client.Use(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			switch m.Type() {
			case ent.TypeSession, ent.TypeUser, ent.TypeAPIToken:
				if err == nil && !m.Op().Is(ent.OpCreate) {
					forgetVerdicts()
					// Inside a transaction a check running meanwhile still
					// reads the old row and caches it: forget again once
					// the change is committed.
					if txm, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
						if tx, terr := txm.Tx(); terr == nil {
							tx.OnCommit(func(next ent.Committer) ent.Committer {
								return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
									err := next.Commit(ctx, tx)
									forgetVerdicts()
									return err
								})
							})
						}
					}
				}
			}
			return v, err
		})
	})
}
