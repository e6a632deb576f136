import type { EngineEdgeFieldsFragment, EngineNodeFieldsFragment } from '../../gql/graphql';
import type { EdgeKind, GraphEdge, GraphFilters, GraphModel, GraphNode, GraphPath } from './types';

/** The engine's stakeholderGraph payload. */
export interface EngineGraph {
  nodes: readonly EngineNodeFieldsFragment[];
  edges: readonly EngineEdgeFieldsFragment[];
  truncated: boolean;
}

/** The renderer's edge for an engine edge. The engine's REPORTS_TO runs report -> manager; ours runs manager -> report, as an org chart is drawn. */
export function edgeFromEngine(e: EngineEdgeFieldsFragment): GraphEdge {
  const strength = e.strength ?? 0;
  switch (e.type) {
    case 'REPORTS_TO':
      return { id: e.id, source: e.target, target: e.source, type: 'REPORTS_TO', kind: 'REPORTS_TO', strength };
    case 'COVERAGE':
      return { id: e.id, source: e.source, target: e.target, type: 'COVERAGE', kind: 'COVERAGE', strength };
    case 'SUBSIDIARY':
      return { id: e.id, source: e.source, target: e.target, type: 'SUBSIDIARY', kind: null, strength };
    default:
      return {
        id: e.id, source: e.source, target: e.target, type: 'RELATION', kind: e.kind ?? 'INFLUENCES', strength,
        ...(e.suggested ? { suggested: true, confidence: e.confidence ?? null } : {}),
      };
  }
}

/**
 * Builds the renderer's model from the engine's stakeholderGraph: nodes as
 * they come, edges re-oriented for drawing, each contact's best coverage,
 * and a structural edge from each account to the heads of its org chart so
 * the hierarchy layout has one root per account.
 */
export function buildGraphFromEngine(g: EngineGraph): GraphModel {
  const nodes = new Map<string, GraphNode>();
  const accountNames = new Map(g.nodes.filter((n) => n.type === 'ACCOUNT').map((n) => [n.id, n.label]));
  for (const n of g.nodes) {
    // A person drawn through their role here (their home is another
    // account): the role's title, decision role and influence at this
    // account, placed under it, with their home account kept aside.
    const role = n.type === 'CONTACT' ? n.roles?.[0] : undefined;
    if (role) {
      nodes.set(n.id, {
        id: n.id,
        type: n.type,
        label: n.label,
        subtitle: role.title ?? n.title,
        accountId: role.accountId,
        attitude: n.attitude,
        influence: role.influence,
        decisionRole: role.decisionRole,
        seniority: n.seniority,
        status: n.status,
        depth: n.depth,
        coverage: null,
        homeAccountId: n.accountId,
        homeAccountName: (n.accountId && accountNames.get(n.accountId)) ?? null,
      });
      continue;
    }
    nodes.set(n.id, {
      id: n.id,
      type: n.type,
      label: n.label,
      subtitle: n.type === 'CONTACT' ? n.title : n.type === 'TEAM_MEMBER' ? n.teamRole : null,
      accountId: n.accountId,
      attitude: n.attitude,
      influence: n.influence,
      decisionRole: n.decisionRole,
      seniority: n.seniority,
      status: n.status,
      depth: n.depth,
      coverage: null,
    });
  }
  const edges: GraphEdge[] = [];
  const hasManager = new Set<string>();
  for (const raw of g.edges) {
    if (!nodes.has(raw.source) || !nodes.has(raw.target)) continue;
    const e = edgeFromEngine(raw);
    edges.push(e);
    if (e.type === 'REPORTS_TO') hasManager.add(e.target);
    if (e.type === 'COVERAGE') {
      const n = nodes.get(e.target);
      if (n) n.coverage = n.coverage == null ? e.strength : Math.max(n.coverage, e.strength);
    }
  }
  for (const n of nodes.values()) {
    if (n.type !== 'CONTACT' || hasManager.has(n.id) || !n.accountId || !nodes.has(n.accountId)) continue;
    edges.push({ id: `mem:${n.id}`, source: n.accountId, target: n.id, type: 'MEMBER_OF', kind: null, strength: 0 });
  }
  return { nodes: [...nodes.values()], edges, truncated: g.truncated };
}

/** An engine introduction path as something to list and highlight (edge ids match the graph's). */
export function pathFromEngine(p: {
  nodes: readonly { id: string }[];
  edges: readonly EngineEdgeFieldsFragment[];
  strength: number;
  hops: number;
}): GraphPath {
  return { nodeIds: p.nodes.map((n) => n.id), edgeIds: p.edges.map((e) => e.id), strength: p.strength, hops: p.hops };
}

/** Whether an edge passes the kind, strength and as-of filters. Structural edges always pass. */
export function edgeVisible(e: GraphEdge, f: GraphFilters): boolean {
  if (e.type === 'MEMBER_OF' || e.type === 'SUBSIDIARY') return true;
  if (e.kind && !f.kinds.has(e.kind)) return false;
  if (e.type === 'RELATION' && e.strength < f.minStrength) return false;
  // Coverage is 0-4 where relations are 1-5: compare on the same footing.
  if (e.type === 'COVERAGE' && e.strength + 1 < f.minStrength) return false;
  if (f.asOf && e.type === 'RELATION') {
    const at = `${f.asOf}T23:59:59Z`;
    if (e.validFrom && e.validFrom > at) return false;
    if (e.validTo && e.validTo <= at) return false;
  }
  return true;
}

/** Whether a node exists at the as-of date (contacts who had left by then drop out). */
export function nodeVisible(n: GraphNode, f: GraphFilters): boolean {
  if (!f.asOf || n.type !== 'CONTACT' || !n.leftAt) return true;
  return n.leftAt > `${f.asOf}T23:59:59Z`;
}

/**
 * The graph after filters: nodes removed by the as-of date take their edges
 * with them; filters on edges never remove nodes, so the node count matches
 * what the API returned.
 */
export function applyFilters(model: GraphModel, f: GraphFilters): GraphModel {
  const nodes = model.nodes.filter((n) => nodeVisible(n, f));
  const ids = new Set(nodes.map((n) => n.id));
  const edges = model.edges.filter((e) => ids.has(e.source) && ids.has(e.target) && edgeVisible(e, f));
  return { nodes, edges, truncated: model.truncated };
}

export function parseKinds(s: string | null, all: readonly EdgeKind[]): Set<EdgeKind> {
  if (!s) return new Set(all);
  const wanted = new Set(s.split(','));
  return new Set(all.filter((k) => wanted.has(k)));
}

export function formatKinds(kinds: ReadonlySet<EdgeKind>, all: readonly EdgeKind[]): string | null {
  if (all.every((k) => kinds.has(k))) return null;
  return all.filter((k) => kinds.has(k)).join(',');
}
