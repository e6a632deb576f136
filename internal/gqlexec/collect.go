package gqlexec

import (
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Collected memoizes, for one operation, the fields a selection collects
// for a type: the plain writers ask for a nested object's fields once per
// object, 2,000 times for a page of 500 relations with their contacts, and
// gqlgen's own cache (graphql.CollectFields) hashes the type's names and
// takes a lock for each ask. The key is the selection set's array and the
// implementors' array, both fixed for the operation (the document is
// parsed once; implementors are package variables), and the answer for
// them cannot change within it (its variables are fixed too).
type Collected struct {
	mu sync.Mutex
	m  map[collectKey][]graphql.CollectedField
}

type collectKey struct {
	sel  *ast.Selection
	n    int
	impl *string
}

// Fields returns graphql.CollectFields(oc, sel, impl), computed once per
// selection and type in the operation.
func (c *Collected) Fields(oc *graphql.OperationContext, sel ast.SelectionSet, impl []string) []graphql.CollectedField {
	if len(sel) == 0 || len(impl) == 0 {
		return graphql.CollectFields(oc, sel, impl)
	}
	k := collectKey{sel: &sel[0], n: len(sel), impl: &impl[0]}
	c.mu.Lock()
	fields, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return fields
	}
	fields = graphql.CollectFields(oc, sel, impl)
	c.mu.Lock()
	if c.m == nil {
		c.m = map[collectKey][]graphql.CollectedField{}
	}
	c.m[k] = fields
	c.mu.Unlock()
	return fields
}
