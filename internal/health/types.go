// Package health scores how healthy each account's relationship is, as one
// explainable number: a weighted sum of components, each 0..1 with the
// sentence that explains it.
package health

// Component is one part of the score.
type Component struct {
	Name        string
	Value       float64
	Weight      float64
	Explanation string
}

// Health is an account's score 0-100 and what it is made of.
type Health struct {
	Score      int
	Components []*Component
}
