package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"rapport/ent"
	"rapport/internal/clock"
	"rapport/internal/domain"
	"rapport/internal/store"
)

// world is the in-memory plan of the data set. Steps fill it in and write it;
// it keeps the ids the store assigned so that later rows can refer to them.
type world struct {
	r          *rng
	now, start time.Time
	members    []*member
	accounts   []*acct
	byKey      map[string]*acct
	people     []*person
	usedNames  map[string]bool
	acts       []*activity
	complaints []*complaintPlan
	moves      []move
	coverIndex map[coverKey]*cover
}

// member is one of our people.
type member struct {
	spec         *memberSpec
	id           int
	since, until time.Time // zero since: always; zero until: still here
}

func (mb *member) active() bool { return mb.until.IsZero() }

func (mb *member) activeAt(t time.Time) bool {
	return !t.Before(mb.since) && (mb.until.IsZero() || t.Before(mb.until))
}

// acct is one customer account of the plan.
type acct struct {
	spec    *accountSpec
	idx, id int
	onboard time.Time
	tiers   []tierPoint
	// members is everyone who has worked the account, including those who
	// rotated out; only active ones are on the stored account team.
	members []*member
	people  []*person
	slots   map[string]*person
	deals   []*deal
}

type tierPoint struct {
	at     time.Time
	tier   domain.Tier
	reason string
}

func (a *acct) tier() domain.Tier { return a.tiers[len(a.tiers)-1].tier }

func newWorld(seed int64, now time.Time) *world {
	w := &world{
		r:         newRNG(seed),
		now:       now,
		start:     now.AddDate(-historyYears, 0, 0),
		byKey:     map[string]*acct{},
		usedNames: map[string]bool{},
	}
	for i := range accountSpecs {
		s := &accountSpecs[i]
		a := &acct{spec: s, idx: i, slots: map[string]*person{}}
		for _, st := range s.tiers {
			at := now.Add(-days(st.daysAgo)).Add(time.Duration(10+i) * time.Hour)
			a.tiers = append(a.tiers, tierPoint{at: at, tier: st.tier, reason: st.reason})
		}
		a.onboard = a.tiers[0].at
		w.accounts = append(w.accounts, a)
		w.byKey[s.key] = a
	}
	for i := range teamSpecs {
		s := &teamSpecs[i]
		mb := &member{spec: s}
		if s.since > 0 {
			mb.since = now.Add(-days(s.since))
		}
		if s.until > 0 {
			mb.until = now.Add(-days(s.until))
		}
		w.members = append(w.members, mb)
		w.usedNames[s.name] = true
		for _, k := range s.accounts {
			w.byKey[k].members = append(w.byKey[k].members, mb)
		}
	}
	return w
}

// createTeam writes our team members. Everyone was hired well before the
// history starts; those who rotated out are kept, inactive, because their
// coverage rows are what makes the handover gap visible.
func (w *world) createTeam(ctx context.Context, c *ent.Client) error {
	hired := w.start.AddDate(-3, 0, 0)
	builders := make([]*ent.TeamMemberCreate, len(w.members))
	for i, mb := range w.members {
		created := hired.Add(days(i * 11))
		if !mb.since.IsZero() {
			created = mb.since
		}
		updated := created
		if !mb.active() {
			updated = mb.until
		}
		builders[i] = c.TeamMember.Create().
			SetName(mb.spec.name).
			SetEmail(mb.spec.email + "@" + ourDomain).
			SetTeamRole(mb.spec.role).
			SetActive(mb.active()).
			SetExternalID(fmt.Sprintf("TM-%03d", i+1)).
			SetCreatedAt(created).
			SetUpdatedAt(updated)
	}
	saved, err := saveBulk(ctx, builders, func(ctx context.Context, b ...*ent.TeamMemberCreate) ([]*ent.TeamMember, error) {
		return c.TeamMember.CreateBulk(b...).Save(ctx)
	})
	if err != nil {
		return err
	}
	for i, tm := range saved {
		w.members[i].id = tm.ID
	}
	return nil
}

// createAccounts writes the accounts one by one, each under a clock set to
// its onboarding date, so that a store hook recording tier history stamps
// the initial tier then; later tier changes are replayed as updates at the
// dates they happened. Parents come before subsidiaries in the catalog.
func (w *world) createAccounts(ctx context.Context, c *ent.Client) error {
	for _, a := range w.accounts {
		s := a.spec
		var team []int
		for _, mb := range a.members {
			if mb.active() {
				team = append(team, mb.id)
			}
		}
		loyalty, lifecycle := initialStages(s)
		b := c.Account.Create().
			SetName(s.name).
			SetSegment(s.segment).
			SetIndustry(s.industry).
			SetRegion(s.region).
			SetTier(a.tiers[0].tier).
			SetAnnualRevenue(s.revenue).
			SetPotentialValue(s.potential).
			SetLifecycleStage(lifecycle).
			SetLoyaltyStage(loyalty).
			SetExternalID(fmt.Sprintf("ACC-%04d", a.idx+1)).
			SetCreatedAt(a.onboard).
			SetUpdatedAt(a.onboard).
			AddTeamIDs(team...).
			AddPartnerIDs(w.earlierPartners(a)...)
		if s.parent != "" {
			b.SetParentID(w.byKey[s.parent].id)
		}
		saved, err := b.Save(clock.At(store.WithTierReason(ctx, a.tiers[0].reason), a.onboard))
		if err != nil {
			return fmt.Errorf("account %s: %w", s.key, err)
		}
		a.id = saved.ID
	}
	for _, a := range w.accounts {
		for _, tp := range a.tiers[1:] {
			err := c.Account.UpdateOneID(a.id).
				SetTier(tp.tier).
				SetUpdatedAt(tp.at).
				Exec(clock.At(store.WithTierReason(ctx, tp.reason), tp.at))
			if err != nil {
				return fmt.Errorf("account %s: change tier to %s: %w", a.spec.key, tp.tier, err)
			}
		}
	}
	return nil
}

// earlierPartners lists the already-created accounts that a is partnered
// with, in either direction of the catalog's partner lists.
func (w *world) earlierPartners(a *acct) []int {
	var ids []int
	for _, b := range w.accounts[:a.idx] {
		if slices.Contains(a.spec.partners, b.spec.key) || slices.Contains(b.spec.partners, a.spec.key) {
			ids = append(ids, b.id)
		}
	}
	return ids
}
