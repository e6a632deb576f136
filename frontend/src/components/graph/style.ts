import { ATTITUDE_COLOR, ROLE_ABBR } from '../../lib/labels';
import type { EdgeKind, GraphEdge, GraphNode } from './types';

// Visual encoding shared by the canvas and its legend.
export const ROLE_SHAPE: Record<string, string> = {
  DECISION_MAKER: 'star',
  ECONOMIC_BUYER: 'diamond',
  TECHNICAL_EVALUATOR: 'hexagon',
  USER: 'ellipse',
  INFLUENCER: 'triangle',
  GATEKEEPER: 'rectangle',
  COACH: 'round-tag',
};

export const EDGE_COLOR: Record<EdgeKind, string> = {
  REPORTS_TO: '#8a94a3',
  COVERAGE: '#24406b',
  INFLUENCES: '#7b4fb5',
  ALLY: '#2e8b57',
  RIVAL: '#d0342c',
  FRIEND: '#2f7fc1',
  FAMILY: '#c1447e',
  FORMER_COLLEAGUE: '#0e9aa7',
};

export const EDGE_LINE: Record<EdgeKind, 'solid' | 'dashed' | 'dotted'> = {
  REPORTS_TO: 'solid',
  COVERAGE: 'dotted',
  INFLUENCES: 'solid',
  ALLY: 'solid',
  RIVAL: 'dashed',
  FRIEND: 'solid',
  FAMILY: 'solid',
  FORMER_COLLEAGUE: 'dashed',
};

export const TEAM_COLOR = '#24406b';

/** Node size in px from influence 1-5. */
export function nodeSize(n: GraphNode): number {
  if (n.type === 'TEAM_MEMBER') return 30;
  if (n.type === 'ACCOUNT') return 44;
  const inf = Math.min(5, Math.max(1, n.influence ?? 1));
  return 24 + (inf - 1) * 9;
}

export function nodeColor(n: GraphNode): string {
  if (n.type === 'TEAM_MEMBER') return TEAM_COLOR;
  if (n.type === 'ACCOUNT') return '#eef2f7';
  return ATTITUDE_COLOR[n.attitude ?? 'NEUTRAL'] ?? '#9aa3ad';
}

/** A small SVG badge with the decision role's abbreviation, drawn inside the node. */
export function roleBadge(role: string | null | undefined): string | null {
  const abbr = role ? ROLE_ABBR[role] : undefined;
  if (!abbr) return null;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><text x="20" y="25" font-family="Arial,Helvetica,sans-serif" font-size="15" font-weight="700" fill="#ffffff" text-anchor="middle">${abbr}</text></svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

export function edgeWidth(e: GraphEdge): number {
  if (e.type === 'RELATION') return 1 + e.strength * 0.9;
  if (e.type === 'COVERAGE') return 1 + e.strength * 0.9;
  if (e.type === 'SUBSIDIARY') return 3;
  return 1.5;
}
