package portfolio

import (
	"context"
	"slices"
	"testing"

	"rapport/ent"
	"rapport/internal/changelog"
	"rapport/internal/storetest"
)

// TestApplyMarksTheAccountsAChangeTouches, hand-worked: account 11 has a
// contact on account 12's chain and Ann covers a contact of account 3.
func TestApplyMarksTheAccountsAChangeTouches(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	a := db.Client.Account.Create().SetName("A").SaveX(ctx)
	c := db.Client.Contact.Create().SetAccountID(a.ID).SetName("x").SaveX(ctx)
	const ann = 77
	tests := []struct {
		name  string
		entry changelog.Entry
		want  []int // marked accounts; nil with all: everything
		all   bool
	}{
		{"a row's account and its other end's", changelog.Entry{Type: ent.TypeDecisionChainLink, ID: 5, Account: 2, Also: 4}, []int{2, 4}, false},
		{"and the accounts whose chains read them", changelog.Entry{Type: ent.TypeCoverage, ID: 6, Account: 11}, []int{11, 12}, false},
		{"a team member: the accounts of their coverage", changelog.Entry{Type: ent.TypeTeamMember, ID: ann}, []int{3}, false},
		{"a relation is read by no value", changelog.Entry{Type: ent.TypeContactRelation, ID: 7, Account: 3}, nil, false},
		{"a row without its account is looked up", changelog.Entry{Type: ent.TypeContact, ID: c.ID}, []int{a.ID}, false},
		{"a row gone without its account: everything", changelog.Entry{Type: ent.TypeContact, ID: c.ID + 1000}, nil, true},
		{"an account: itself and the classes", changelog.Entry{Type: ent.TypeAccount, ID: 9, Account: 9}, []int{9}, false},
		{"a user is nobody's", changelog.Entry{Type: ent.TypeUser, ID: 8}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New(db.Client, nil, false)
			p.allDirty = false
			p.readers[11] = map[int]bool{12: true}
			p.members[ann] = map[int]bool{3: true}
			classes := p.classesChanged
			if err := p.Apply(ctx, db.SQL, []changelog.Entry{tt.entry}); err != nil {
				t.Fatal(err)
			}
			var got []int
			for id := range p.dirty {
				got = append(got, id)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) || p.allDirty != tt.all {
				t.Errorf("marked %v (all %v), want %v (all %v)", got, p.allDirty, tt.want, tt.all)
			}
			if moved := p.classesChanged != classes; moved != (tt.entry.Type == ent.TypeAccount || tt.all) {
				t.Errorf("classes changed: %v", moved)
			}
		})
	}
}

// TestWaitWarmReturnsOnceEveryAccountIsComputed: a server says ready after
// WaitWarm, so that its first requests find the values computed rather than
// sharing the CPU with the background recompute.
func TestWaitWarmReturnsOnceEveryAccountIsComputed(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	ctx := context.Background()
	var ids []int
	for _, name := range []string{"A", "B", "C"} {
		ids = append(ids, db.Client.Account.Create().SetName(name).SaveX(ctx).ID)
	}
	p := New(db.Client, changelog.For(db.Client), true) // everything dirty, as after Reset
	if err := p.WaitWarm(ctx); err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, id := range ids {
		if p.values[id] == nil {
			t.Errorf("account %d not computed when WaitWarm returned", id)
		}
	}
	if p.warming || p.allDirty || len(p.dirty) > 0 {
		t.Errorf("still warming %v, all dirty %v, %d dirty", p.warming, p.allDirty, len(p.dirty))
	}
}
