package memgraph_test

import (
	"os"
	"testing"

	"rapport/bench/dataset"
	"rapport/internal/stakeholder/memgraph"
	"rapport/internal/storetest"
)

// BenchmarkFollowAWrite measures what a graph read costs right after a
// committed write (the write itself not counted): the look at the change
// feed, re-reading the written row, and the new snapshot version. The
// data set is the bench's (RAPPORT_BENCH_SCALE, M by default; L takes a
// few minutes to load).
//
//	go test ./internal/stakeholder/memgraph -run '^$' -bench FollowAWrite -benchtime 200x
func BenchmarkFollowAWrite(b *testing.B) {
	name := os.Getenv("RAPPORT_BENCH_SCALE")
	if name == "" {
		name = "M"
	}
	scale := dataset.Scales[name]
	for _, s := range storetest.Stores {
		b.Run(string(s), func(b *testing.B) {
			db := storetest.Open(b, s)
			ctx := b.Context()
			if _, err := dataset.Load(ctx, db, scale); err != nil {
				b.Fatal(err)
			}
			ix := memgraph.For(db.Client)
			if _, err := ix.Snapshot(ctx); err != nil {
				b.Fatal(err)
			}
			shape := dataset.ShapeOf(scale)
			b.Run("read, nothing new", func(b *testing.B) {
				for b.Loop() {
					if _, err := ix.Snapshot(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("read after a contact's write", func(b *testing.B) {
				i := 0
				for b.Loop() {
					b.StopTimer()
					i++
					id := scale.ContactAt(2+i%(scale.Accounts-1), i%scale.ContactsPer)
					db.Client.Contact.UpdateOneID(id).SetTitle("Title " + string(rune('A'+i%26))).ExecX(ctx)
					b.StartTimer()
					if _, err := ix.Snapshot(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("read after a new relation", func(b *testing.B) {
				i := 0
				for b.Loop() {
					b.StopTimer()
					i++
					from := scale.ContactAt(1, i%scale.BigAccount)
					to := scale.ContactAt(2+i%(scale.Accounts-1), 0)
					db.Client.ContactRelation.Create().SetFromID(from).SetToID(to).SetKind("ALLY").ExecX(ctx)
					b.StartTimer()
					if _, err := ix.Snapshot(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.ReportMetric(float64(shape.Relations), "relations")
		})
	}
}
