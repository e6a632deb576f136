package server

import (
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// NewSPA serves the built dashboard: hashed assets with long cache
// headers, and index.html for every other path so that the dashboard's own
// routes survive a reload. Without a build (go run before npm run build) it
// serves a small page that links the API and GraphiQL.
func NewSPA(dist fs.FS) http.Handler {
	index, err := fs.ReadFile(dist, "index.html")
	if err != nil {
		index = []byte(placeholderPage)
	}
	csp := pageCSP(index)
	files := http.FileServerFS(dist)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// Assets too: a worker script runs under its own answer's policy.
		w.Header().Set("Content-Security-Policy", csp)
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if p != "" && p != "index.html" {
			if st, err := fs.Stat(dist, p); err == nil && !st.IsDir() {
				if strings.HasPrefix(p, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				} else {
					w.Header().Set("Cache-Control", "no-cache")
				}
				files.ServeHTTP(w, r)
				return
			}
			if path.Ext(p) != "" {
				http.NotFound(w, r)
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(index)
	})
}

const placeholderPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rapport</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>Rapport</h1>
<p>The dashboard has not been built into this binary (run <code>make build</code>).</p>
<ul><li><a href="/graphql">GraphQL endpoint</a> (POST)</li><li><a href="/playground">GraphiQL</a></li></ul>
</body></html>`
