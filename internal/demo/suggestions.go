package demo

import (
	"context"
	"fmt"

	"rapport/ent"
	"rapport/internal/suggest"
)

// deriveSuggestions derives the suggestions the demo's interactions imply
// (issue 17 point 7), so that a user finds a queue on first start: people
// who keep meeting together with us, and contacts one of us meets often
// without the coverage saying so.
func (w *world) deriveSuggestions(ctx context.Context, c *ent.Client) error {
	if _, err := suggest.RefreshAll(ctx, c, w.now); err != nil {
		return fmt.Errorf("derive suggestions: %w", err)
	}
	return nil
}
