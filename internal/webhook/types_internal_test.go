package webhook

import (
	"testing"

	"rapport/ent"
)

// TestEveryTypeIsPublishedOrSilent: each entity either sends events or is
// listed as silent with a reason, never both, so that a new entity cannot
// be left out of webhooks by omission.
func TestEveryTypeIsPublishedOrSilent(t *testing.T) {
	for typ := range ent.TypeStarts {
		_, published := eventPrefix[typ]
		reason, quiet := silent[typ]
		switch {
		case published && quiet:
			t.Errorf("%s both sends events and is silent (%s)", typ, reason)
		case !published && !quiet:
			t.Errorf("%s neither sends events nor says why not: add it to eventPrefix or silent", typ)
		case quiet && reason == "":
			t.Errorf("%s is silent without a reason", typ)
		}
	}
	for typ := range silent {
		if _, ok := ent.TypeStarts[typ]; !ok {
			t.Errorf("silent lists %s, which is no type", typ)
		}
	}
}
