package graph

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"rapport/ent"
	"rapport/internal/gid"
)

// node answers node(id). An opportunity asked for its decision chain and
// nothing else of its own (the dashboard's deal panel, an integration
// checking a deal's coverage) is read with its chain in one statement:
// the chain's read starts from the opportunity under the viewer's scope, so
// the opportunity is found exactly when ent's own query would find it
// (decision 0021). Every other node, and an opportunity that is not there,
// goes through ent's Noder, which gives the not-found answer.
func (r *Resolver) node(ctx context.Context, id int) (ent.Noder, error) {
	if gid.TypeOf(id) == ent.TypeOpportunity {
		o, err := r.opportunityWithChain(ctx, id)
		if err != nil {
			return nil, err
		}
		if o != nil {
			return o, nil
		}
	}
	return r.client.Noder(ctx, id)
}

// chainOnly lists the fields of an Opportunity that need no column of its
// own row besides the ID: decisionChain reads its own.
var chainOnly = []string{"id", "__typename", "decisionChain"}

// opportunityWithChain returns the opportunity id, read with its decision
// chain, when the node field selects only chainOnly fields of an
// Opportunity and at least one decisionChain; nil when it does not, or when
// the viewer may not read the opportunity.
func (r *Resolver) opportunityWithChain(ctx context.Context, id int) (*ent.Opportunity, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return nil, nil
	}
	var chainField *graphql.CollectedField
	for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), fc.Field.Selections, []string{"Opportunity", "Node"}) {
		if !slices.Contains(chainOnly, f.Name) {
			return nil, nil
		}
		if f.Name == "decisionChain" && chainField == nil {
			chainField = &f
		}
	}
	if chainField == nil {
		return nil, nil
	}
	client := r.db(ctx)
	cols, err := chainColumnsOf(ctx, client, *chainField)
	if err != nil {
		return nil, err
	}
	// The chain stays in the request's batch, where the decisionChain
	// resolver finds it.
	ch, err := r.chainBatcher(ctx, cols).load(ctx, id, nil)
	if err != nil || ch == nil {
		return nil, err
	}
	return ch.Opportunity, nil
}
