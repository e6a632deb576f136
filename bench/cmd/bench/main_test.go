package main

import "testing"

func TestDatabaseURLTurnsTLSOffOnlyOnLoopbackUnlessAsked(t *testing.T) {
	for _, tc := range []struct{ base, want string }{
		{"postgres://postgres@127.0.0.1:5432", "postgres://postgres@127.0.0.1:5432/bench?sslmode=disable"},
		{"postgres://postgres@localhost:5432/", "postgres://postgres@localhost:5432/bench?sslmode=disable"},
		{"postgres://postgres@[::1]:5432", "postgres://postgres@[::1]:5432/bench?sslmode=disable"},
		{"postgres://postgres@127.0.0.1:5432?sslmode=require", "postgres://postgres@127.0.0.1:5432/bench?sslmode=require"},
		{"postgres://u:p@db.example.com:5432/other", "postgres://u:p@db.example.com:5432/bench"},
	} {
		if got := databaseURL(tc.base, "bench"); got != tc.want {
			t.Errorf("databaseURL(%q) = %q, want %q", tc.base, got, tc.want)
		}
	}
}
