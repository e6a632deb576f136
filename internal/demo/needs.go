package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"time"

	"rapport/ent"
	"rapport/ent/account"
	"rapport/ent/contact"
	"rapport/ent/contactneed"
	"rapport/ent/coverage"
	"rapport/internal/domain"
)

// People, more deeply (issue 16 point 6): the survey dimensions of the
// telecom vendor's practice on the third-party surveys and interviews, and
// the needs and interests the team has learned about the key people of the
// strategic accounts, on the layers of the five-layer needs model. Both use
// their own random sources, so the rest of the demo is what it was.

// dimensionScores returns the six dimension scores of a survey of account
// id with overall score, surveyed at, years after the account's first
// survey: each dimension sits at its own offset from the overall score and
// drifts its own way, so the account page shows some rising and some falling.
func dimensionScores(id, i int, score, years float64) [6]*float64 {
	acc := rand.New(rand.NewSource(int64(id)*7919 + 17))
	noise := rand.New(rand.NewSource(int64(id)*104729 + int64(i)))
	var out [6]*float64
	for d := range out {
		offset := acc.Float64()*2 - 1.2
		drift := acc.Float64()*1.6 - 0.8
		v := score + offset + drift*years + noise.NormFloat64()*0.3
		v = math.Round(math.Max(0, math.Min(10, v))*10) / 10
		out[d] = &v
	}
	return out
}

// withDimensions sets the dimensions on a third-party survey or an
// interview; hotline call-backs and online forms ask the overall score only.
func withDimensions(b *ent.SurveyCreate, channel string, id, i int, score, years float64) {
	if channel != "THIRD_PARTY" && channel != "INTERVIEW" {
		return
	}
	d := dimensionScores(id, i, score, years)
	b.SetSalesPerson(*d[0]).SetContactContinuity(*d[1]).SetContactRegularity(*d[2]).
		SetProduct(*d[3]).SetDelivery(*d[4]).SetCompany(*d[5])
}

// demoNeeds are what an account team learns about a decision maker or an
// economic buyer, by layer of the needs model.
var demoNeeds = []struct {
	kind  contactneed.Kind
	layer contactneed.Layer
	text  string
}{
	{contactneed.KindBUSINESS_NEED, contactneed.LayerSAFETY, "A migration without outages on the live network"},
	{contactneed.KindBUSINESS_NEED, contactneed.LayerESTEEM, "Wants the project to be recognised by group headquarters"},
	{contactneed.KindBUSINESS_NEED, contactneed.LayerSELF_ACTUALIZATION, "Aims to lead the province's digital transformation"},
	{contactneed.KindBUSINESS_NEED, contactneed.LayerSAFETY, "Needs predictable costs within this year's budget"},
	{contactneed.KindPERSONAL_INTEREST, contactneed.LayerBELONGING, "Runs marathons; joins the company running club"},
	{contactneed.KindPERSONAL_INTEREST, contactneed.LayerPHYSIOLOGICAL, "Prefers light Cantonese food at dinners"},
	{contactneed.KindPERSONAL_INTEREST, contactneed.LayerESTEEM, "Speaks at industry summits and welcomes invitations"},
	{contactneed.KindPERSONAL_INTEREST, contactneed.LayerBELONGING, "Child starts university abroad next year"},
	{contactneed.KindBUSINESS_NEED, contactneed.LayerBELONGING, "Values being consulted early by our solution team"},
	{contactneed.KindPERSONAL_INTEREST, contactneed.LayerSELF_ACTUALIZATION, "Writes on network strategy for a trade journal"},
}

// recordNeeds gives the active decision makers and economic buyers of the
// strategic accounts two or three learned needs and interests each, learned
// by the team member who covers them best.
func (w *world) recordNeeds(ctx context.Context, c *ent.Client) error {
	r := rand.New(rand.NewSource(4242))
	people, err := c.Contact.Query().
		Where(contact.StatusEQ(contact.StatusACTIVE),
			contact.DecisionRoleIn(domain.RoleDecisionMaker, domain.RoleEconomicBuyer),
			contact.HasAccountWith(account.TierEQ(domain.TierStrategic))).
		WithCoverages(func(q *ent.CoverageQuery) { q.Order(ent.Desc(coverage.FieldStrength), ent.Asc(coverage.FieldID)) }).
		Order(ent.Asc(contact.FieldID)).
		All(ctx)
	if err != nil {
		return fmt.Errorf("read key people: %w", err)
	}
	var builders []*ent.ContactNeedCreate
	for i, p := range people {
		n := 2 + i%2
		for k := 0; k < n; k++ {
			need := demoNeeds[(i*3+k*7)%len(demoNeeds)]
			at := w.now.Add(-time.Duration(20+r.Intn(400)) * 24 * time.Hour)
			b := c.ContactNeed.Create().SetContactID(p.ID).SetKind(need.kind).SetLayer(need.layer).SetText(need.text).
				SetLearnedAt(at).SetCreatedAt(at).SetUpdatedAt(at)
			if len(p.Edges.Coverages) > 0 {
				b.SetLearnedByID(p.Edges.Coverages[0].TeamMemberID)
			}
			builders = append(builders, b)
		}
	}
	_, err = saveBulk(ctx, builders, func(ctx context.Context, b ...*ent.ContactNeedCreate) ([]*ent.ContactNeed, error) {
		return c.ContactNeed.CreateBulk(b...).Save(ctx)
	})
	return err
}

// The Chinese demo's texts of this file (see zh.go).
var zhNeedsDict = map[string]string{
	"A migration without outages on the live network":          "现网割接零中断",
	"Wants the project to be recognised by group headquarters": "希望项目得到集团总部认可",
	"Aims to lead the province's digital transformation":       "立志引领全省数字化转型",
	"Needs predictable costs within this year's budget":        "需要成本可控，控制在今年预算内",
	"Runs marathons; joins the company running club":           "喜欢跑马拉松，参加公司跑团",
	"Prefers light Cantonese food at dinners":                  "宴请时偏好清淡的粤菜",
	"Speaks at industry summits and welcomes invitations":      "常在行业峰会演讲，欢迎邀请",
	"Child starts university abroad next year":                 "孩子明年出国读大学",
	"Values being consulted early by our solution team":        "重视我方方案团队尽早征求其意见",
	"Writes on network strategy for a trade journal":           "为行业期刊撰写网络战略文章",
}

func init() {
	for k, v := range zhNeedsDict {
		zhDict[k] = v
	}
	zhColumns = append(zhColumns, struct{ table, column string }{"contact_needs", "text"})
}
