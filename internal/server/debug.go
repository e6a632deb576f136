package server

import (
	"net/http"
	"net/http/pprof"
)

// Debug serves Go's profiler: CPU and heap profiles of the running server
// under its real load, which an in-process benchmark (sharing the cores
// with its own client) can only approximate. It has no authentication and
// belongs on its own loopback listener (RAPPORT_DEBUG_ADDR), never on the
// API's.
func Debug() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
