import type { GraphModel } from '../../components/graph/types';

// keepPeople narrows a stakeholder graph to the contacts a search found. Our
// team and the accounts stay, so a match still shows who covers it; an edge
// stays when both its ends do.
export function keepPeople(model: GraphModel, found: ReadonlySet<string>): GraphModel {
  const nodes = model.nodes.filter((n) => n.type !== 'CONTACT' || found.has(n.id));
  const ids = new Set(nodes.map((n) => n.id));
  const edges = model.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { nodes, edges, truncated: model.truncated };
}
