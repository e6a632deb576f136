package auth

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// RequestMeta is what the server knows of a request's origin, for the
// audit trail, logs and the sign-in throttle.
type RequestMeta struct {
	// ID is the server's own request ID; ClientID the X-Request-Id the
	// client sent, if any, kept beside it.
	ID, ClientID string
	// Address is the client's address: the TCP peer, or behind trusted
	// proxies the first untrusted entry of X-Forwarded-For.
	Address string
	// Actor names who made the request once it is authenticated.
	Actor string
}

type requestMetaKey struct{}

// WithRequestMeta tags ctx with m.
func WithRequestMeta(ctx context.Context, m *RequestMeta) context.Context {
	return context.WithValue(ctx, requestMetaKey{}, m)
}

// RequestMetaFrom returns the request's metadata, or nil.
func RequestMetaFrom(ctx context.Context) *RequestMeta {
	m, _ := ctx.Value(requestMetaKey{}).(*RequestMeta)
	return m
}

// ParsePrefixes reads addresses and CIDR ranges ("10.0.0.1", "10.0.0.0/8").
func ParsePrefixes(list []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(list))
	for _, s := range list {
		if strings.Contains(s, "/") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or CIDR range", s)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or CIDR range", s)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// ClientAddress returns the address of r's client. X-Forwarded-For is
// believed only as far as it was written by trusted proxies: walking it
// from the right (the entry the nearest proxy added), the first address
// that is not a trusted proxy is the client. Anyone can write the
// left-hand entries, so they never count.
func ClientAddress(r *http.Request, trusted []netip.Prefix) string {
	peer := r.RemoteAddr
	if host, _, err := net.SplitHostPort(peer); err == nil {
		peer = host
	}
	if len(trusted) == 0 || !isTrusted(peer, trusted) {
		return peer
	}
	hops := r.Header.Values("X-Forwarded-For")
	var list []string
	for _, h := range hops {
		for _, p := range strings.Split(h, ",") {
			if p = strings.TrimSpace(p); p != "" {
				list = append(list, p)
			}
		}
	}
	for i := len(list) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(list[i])
		if err != nil {
			return peer // a malformed hop: trust nothing beyond the proxy
		}
		if !isTrusted(a.Unmap().String(), trusted) {
			return a.Unmap().String()
		}
	}
	return peer
}

func isTrusted(addr string, trusted []netip.Prefix) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
