import type { GraphModel, PathHighlight } from './types';

/** The node and edge ids to highlight for a path (and nothing for none). */
export function highlightOf(path: PathHighlight | null | undefined): { nodes: Set<string>; edges: Set<string> } {
  return { nodes: new Set(path?.nodeIds ?? []), edges: new Set(path?.edgeIds ?? []) };
}

/** How much of a path the drawn graph holds: paths can leave the graph (other accounts, deeper hops). */
export function pathCoverage(model: GraphModel, path: PathHighlight): { nodes: number; edges: number; complete: boolean } {
  const n = new Set(model.nodes.map((x) => x.id));
  const e = new Set(model.edges.map((x) => x.id));
  const nodes = path.nodeIds.filter((id) => n.has(id)).length;
  const edges = path.edgeIds.filter((id) => e.has(id)).length;
  return { nodes, edges, complete: nodes === path.nodeIds.length && edges === path.edgeIds.length };
}

/** A contact-to-contact highlight for a set of people (the decision chain): the people and the edges among them. */
export function highlightAmong(model: GraphModel, ids: readonly string[]): PathHighlight {
  const set = new Set(ids);
  return { nodeIds: [...set], edgeIds: model.edges.filter((e) => set.has(e.source) && set.has(e.target)).map((e) => e.id) };
}
