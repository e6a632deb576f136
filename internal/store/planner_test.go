package store_test

import (
	"testing"

	"rapport/internal/storetest"
)

// TestPostgresSessionsArePricedForSSDs: every connection to PostgreSQL
// starts with random_page_cost 1.1 unless the URL says otherwise (see
// plannerDefaults), and a setting in the URL wins.
func TestPostgresSessionsArePricedForSSDs(t *testing.T) {
	for _, tt := range []struct {
		name, param, want string
	}{
		{"default", "", "1.1"},
		{"the URL's own", "&random_page_cost=2.5", "2.5"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.OpenURL(t, storetest.URL(t, storetest.Postgres)+tt.param)
			var got string
			if err := db.SQL.QueryRow("SHOW random_page_cost").Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("random_page_cost %s, want %s", got, tt.want)
			}
		})
	}
}
