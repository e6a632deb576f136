package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"rapport/internal/config"
)

// apiCSP is the policy of every answer that is not a page: nothing may
// load or frame it.
const apiCSP = "default-src 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers every answer gets: no MIME sniffing,
// no referrer leaving the server, no framing (frame-ancestors and its
// older X-Frame-Options), a restrictive CSP that pages replace with their
// own (see pageCSP), and HSTS when the deployment is HTTPS (browsers
// ignore it over plain HTTP; RAPPORT_INSECURE_HTTP turns it off).
func securityHeaders(cfg config.Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Content-Security-Policy", apiCSP)
		if !cfg.InsecureHTTP {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

var (
	scriptTag = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script\s*>`)
	linkTag   = regexp.MustCompile(`(?is)<link\b([^>]*)>`)
	srcAttr   = regexp.MustCompile(`(?is)\b(?:src|href)\s*=\s*["']([^"']*)["']`)
)

// pageCSP returns the Content-Security-Policy of an HTML page: scripts
// only from the server, from the hosts the page's own <script src> name
// (GraphiQL's CDN, pinned there by subresource integrity), and inline
// scripts by their SHA-256 (no 'unsafe-inline' for scripts). Styles may be
// inline: the dashboard's components and GraphiQL set style attributes,
// which hashes cannot allow. Nothing may frame the page.
func pageCSP(page []byte) string {
	scripts := []string{"'self'"}
	styles := []string{"'self'", "'unsafe-inline'"}
	fonts := []string{"'self'", "data:"}
	for _, m := range scriptTag.FindAllSubmatch(page, -1) {
		if src := srcAttr.FindSubmatch(m[1]); src != nil {
			if o := origin(string(src[1])); o != "" && !slices.Contains(scripts, o) {
				scripts = append(scripts, o)
			}
			continue
		}
		if len(bytes.TrimSpace(m[2])) == 0 {
			continue
		}
		sum := sha256.Sum256(m[2])
		scripts = append(scripts, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	for _, m := range linkTag.FindAllSubmatch(page, -1) {
		if href := srcAttr.FindSubmatch(m[1]); href != nil {
			if o := origin(string(href[1])); o != "" && !slices.Contains(styles, o) {
				styles = append(styles, o)
				fonts = append(fonts, o)
			}
		}
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src " + strings.Join(scripts, " "),
		"style-src " + strings.Join(styles, " "),
		"font-src " + strings.Join(fonts, " "),
		"img-src 'self' data: blob:",
		"connect-src 'self'",
		"worker-src 'self' blob:",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}

// origin returns the scheme and host of an absolute http(s) URL, or "".
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// page is a fixed HTML page with its policy.
type page struct {
	body, csp string
	header    http.Header
}

// renderedPage renders a handler's (fixed) page once, so that its policy
// can be computed from the scripts it holds.
func renderedPage(h http.Handler) page {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	body := rec.Body.String()
	return page{body: body, csp: pageCSP([]byte(body)), header: rec.Header()}
}

// withPageCSP serves a rendered page with its policy.
func withPageCSP(p page) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		for k, v := range p.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Security-Policy", p.csp)
		_, _ = w.Write([]byte(p.body))
	})
}
