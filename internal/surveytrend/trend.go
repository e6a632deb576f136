// Package surveytrend computes an account's satisfaction by dimension and
// quarter (issue 16 point 6): the overall score and the six dimensions the
// telecom vendor's practice asks about (sales person, continuity of contact,
// regularity of contact, product, delivery, company), each averaged per
// calendar quarter (UTC) over the surveys that scored it, and the latest
// quarter against the one before. Load reads the surveys of any number of
// accounts in one statement.
package surveytrend

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"time"

	"rapport/ent"
	"rapport/ent/survey"
	"rapport/internal/domain"
)

// Dimension names a survey dimension, as the schema's enum SurveyDimension.
type Dimension string

// The dimensions, in the practice's order, after the overall score.
const (
	Overall           Dimension = "OVERALL"
	SalesPerson       Dimension = "SALES_PERSON"
	ContactContinuity Dimension = "CONTACT_CONTINUITY"
	ContactRegularity Dimension = "CONTACT_REGULARITY"
	Product           Dimension = "PRODUCT"
	Delivery          Dimension = "DELIVERY"
	Company           Dimension = "COMPANY"
)

// Dimensions lists every dimension in the order a Trend reports them.
var Dimensions = []Dimension{Overall, SalesPerson, ContactContinuity, ContactRegularity, Product, Delivery, Company}

// Values lists the dimensions, as the schema's enum.
func (Dimension) Values() []string {
	out := make([]string, len(Dimensions))
	for i, d := range Dimensions {
		out[i] = string(d)
	}
	return out
}

// MarshalGQL implements graphql.Marshaler.
func (d Dimension) MarshalGQL(w io.Writer) { domain.WriteQuoted(w, string(d)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (d *Dimension) UnmarshalGQL(v any) error {
	return domain.UnmarshalEnum(v, "SurveyDimension", d.Values(), (*string)(d))
}

// Direction is which way a dimension moved, as the schema's enum TrendDirection.
type Direction string

// The directions.
const (
	Up   Direction = "UP"
	Down Direction = "DOWN"
	Flat Direction = "FLAT"
)

// Values lists the directions, as the schema's enum.
func (Direction) Values() []string { return []string{string(Up), string(Down), string(Flat)} }

// MarshalGQL implements graphql.Marshaler.
func (d Direction) MarshalGQL(w io.Writer) { domain.WriteQuoted(w, string(d)) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (d *Direction) UnmarshalGQL(v any) error {
	return domain.UnmarshalEnum(v, "TrendDirection", d.Values(), (*string)(d))
}

// Threshold is the smallest change, either way, that counts as UP or DOWN.
const Threshold = 0.25

// MaxQuarters bounds the series a caller may ask for.
const MaxQuarters = 40

// Point is one quarter's average of one dimension.
type Point struct {
	Quarter string
	Value   float64
	Count   int
}

// DimensionTrend is one dimension's latest quarter against the one before.
type DimensionTrend struct {
	Dimension       Dimension
	Latest          *float64
	LatestQuarter   *string
	Previous        *float64
	PreviousQuarter *string
	Change          *float64
	Direction       *Direction
	Series          []*Point
}

// Trend is an account's satisfaction by dimension.
type Trend struct {
	Surveys    int
	Dimensions []*DimensionTrend
}

// Row is one survey: when, the overall score and the dimensions it scored
// (nil where it did not), in the order of Dimensions after Overall.
type Row struct {
	At    time.Time
	Score float64
	Dims  [6]*float64
}

// Quarter names the calendar quarter (UTC) of t: 2026-Q3.
func Quarter(t time.Time) string {
	t = t.UTC()
	return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// Compute returns the trend of rows, each series bounded to the last
// quarters quarters that scored the dimension.
func Compute(rows []Row, quarters int) *Trend {
	out := &Trend{Surveys: len(rows), Dimensions: make([]*DimensionTrend, 0, len(Dimensions))}
	for i, d := range Dimensions {
		type acc struct {
			sum float64
			n   int
		}
		by := map[string]*acc{}
		for _, r := range rows {
			v := &r.Score
			if i > 0 {
				v = r.Dims[i-1]
			}
			if v == nil {
				continue
			}
			q := Quarter(r.At)
			if by[q] == nil {
				by[q] = &acc{}
			}
			by[q].sum += *v
			by[q].n++
		}
		keys := make([]string, 0, len(by))
		for q := range by {
			keys = append(keys, q)
		}
		sort.Strings(keys) // "2025-Q4" < "2026-Q1": years have four digits
		series := make([]*Point, 0, len(keys))
		for _, q := range keys {
			series = append(series, &Point{Quarter: q, Value: round2(by[q].sum / float64(by[q].n)), Count: by[q].n})
		}
		t := &DimensionTrend{Dimension: d}
		if n := len(series); n > 0 {
			last := series[n-1]
			t.Latest, t.LatestQuarter = &last.Value, &last.Quarter
			if n > 1 {
				prev := series[n-2]
				t.Previous, t.PreviousQuarter = &prev.Value, &prev.Quarter
				change := round2(last.Value - prev.Value)
				dir := Flat
				switch {
				case change >= Threshold:
					dir = Up
				case change <= -Threshold:
					dir = Down
				}
				t.Change, t.Direction = &change, &dir
			}
		}
		if quarters > 0 && len(series) > quarters {
			series = series[len(series)-quarters:]
		}
		t.Series = series
		out.Dimensions = append(out.Dimensions, t)
	}
	return out
}

// Load returns the trend of each of accounts (every one of them, with no
// surveys when it has none) in one statement, read under ctx's viewer.
func Load(ctx context.Context, client *ent.Client, accounts []int, quarters int) (map[int]*Trend, error) {
	surveys, err := client.Survey.Query().
		Where(survey.AccountIDIn(accounts...)).
		Order(ent.Asc(survey.FieldSurveyedAt), ent.Asc(survey.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load surveys: %w", err)
	}
	rows := make(map[int][]Row, len(accounts))
	for _, s := range surveys {
		rows[s.AccountID] = append(rows[s.AccountID], Row{
			At: s.SurveyedAt, Score: s.Score,
			Dims: [6]*float64{s.SalesPerson, s.ContactContinuity, s.ContactRegularity, s.Product, s.Delivery, s.Company},
		})
	}
	out := make(map[int]*Trend, len(accounts))
	for _, a := range accounts {
		out[a] = Compute(rows[a], quarters)
	}
	return out, nil
}
