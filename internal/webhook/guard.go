package webhook

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"
)

// errRefusedAddress is a delivery to an address webhooks may not reach.
var errRefusedAddress = errors.New("address not allowed")

// Guard decides which addresses a delivery may connect to. It checks the
// address being dialled, after DNS resolution, so that a name resolving
// inside (or re-resolving there later) is refused like a literal address.
type Guard struct {
	// Allow lists ranges reachable although internal (an operator's
	// RAPPORT_WEBHOOK_ALLOW_NETS).
	Allow []netip.Prefix
	// Own lists the server's own addresses (its interfaces'), refused
	// even when public.
	Own []netip.Addr
}

// NewGuard returns a guard allowing the given CIDRs (or single addresses)
// and refusing the machine's own interface addresses.
func NewGuard(allow []string) (*Guard, error) {
	g := &Guard{}
	for _, s := range allow {
		p, err := parsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("webhook allow-list entry %q: %w", s, err)
		}
		g.Allow = append(g.Allow, p)
	}
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok {
				if ip, ok := netip.AddrFromSlice(n.IP); ok {
					g.Own = append(g.Own, ip.Unmap())
				}
			}
		}
	}
	return g, nil
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), nil
}

// Allowed reports whether a delivery may connect to ip.
func (g *Guard) Allowed(ip netip.Addr) bool {
	ip = ip.Unmap()
	for _, p := range g.Allow {
		if p.Contains(ip) {
			return true
		}
	}
	if internal(ip) {
		return false
	}
	for _, own := range g.Own {
		if own == ip {
			return false
		}
	}
	return true
}

// blocked are ranges that are not the public internet beyond what the
// netip predicates name: shared address space (carrier NAT), the
// IPv4 "this network", benchmarking and reserved ranges, NAT64 and
// 6to4 forms that can embed an internal IPv4 address.
var blocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("2002::/16"),
}

func internal(ip netip.Addr) bool {
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast() {
		return true
	}
	for _, p := range blocked {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// control runs on every connection attempt with the resolved address.
func (g *Guard) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil || !g.Allowed(ap.Addr()) {
		return errRefusedAddress
	}
	return nil
}

// HTTPClient returns the client deliveries are sent with: every dial
// checked by the guard, no proxy from the environment (it would dial for
// us), no redirects (a 3xx is the answer, and a failure), and a timeout.
func (g *Guard) HTTPClient(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, Control: g.control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       time.Minute,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// deliveryError says why a delivery failed in words that do not tell an
// admin (or anyone reading the delivery log) about the inside of the
// network: no addresses, ports or system error text.
func deliveryError(err error, status int) string {
	if err == nil {
		switch {
		case status >= 300 && status < 400:
			return fmt.Sprintf("HTTP %d: redirects are not followed", status)
		default:
			return fmt.Sprintf("HTTP %d", status)
		}
	}
	var dnsErr *net.DNSError
	var urlErr *url.Error
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.Is(err, errRefusedAddress):
		return "refused: the URL leads to an address webhooks may not reach (loopback, private, link-local or this server)"
	case errors.As(err, &dnsErr):
		return "could not resolve the host name"
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &urlErr) && urlErr.Timeout()):
		return "timed out"
	case errors.As(err, &certErr):
		return "TLS certificate not valid"
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "could not connect"
	}
	return "delivery failed"
}
