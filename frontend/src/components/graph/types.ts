// The graph renderer's own model: what the stakeholder graph view draws,
// independent of where the data came from (core API today, the engine's
// stakeholderGraph query when it is merged).

export type NodeType = 'ACCOUNT' | 'CONTACT' | 'TEAM_MEMBER';

/** Edge types: structural (reports-to, coverage, account membership) or a contact relation. */
export type EdgeType = 'REPORTS_TO' | 'RELATION' | 'COVERAGE' | 'SUBSIDIARY' | 'MEMBER_OF';

/** The filterable kind of an edge: a RelationKind, or the structural type. */
export type EdgeKind =
  | 'REPORTS_TO'
  | 'COVERAGE'
  | 'INFLUENCES'
  | 'ALLY'
  | 'RIVAL'
  | 'FRIEND'
  | 'FAMILY'
  | 'FORMER_COLLEAGUE';

export const EDGE_KINDS: readonly EdgeKind[] = [
  'REPORTS_TO', 'COVERAGE', 'INFLUENCES', 'ALLY', 'RIVAL', 'FRIEND', 'FAMILY', 'FORMER_COLLEAGUE',
];

export interface GraphNode {
  id: string;
  type: NodeType;
  label: string;
  /** Contact title, team member role, or account tier. */
  subtitle?: string | null;
  accountId?: string | null;
  attitude?: string | null;
  influence?: number | null;
  decisionRole?: string | null;
  seniority?: string | null;
  status?: string | null;
  leftAt?: string | null;
  /** Hops from the account's own stakeholders (0 for them, the account and our team). */
  depth?: number;
  /** 0-4: the strongest coverage any team member has of this contact. */
  coverage?: number | null;
  /** Days past due under the account's tier policy cadence; null when not overdue. */
  overdueDays?: number | null;
  /**
   * Set on a contact drawn through their role at this graph's account whose
   * home is another account (issue 16 point 7): that account's ID, and its
   * name when the viewer may read it (null otherwise).
   */
  homeAccountId?: string | null;
  homeAccountName?: string | null;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  type: EdgeType;
  kind: EdgeKind | null;
  /** Relations 1-5, coverage 0-4; structural edges carry 0. */
  strength: number;
  /** A pending suggestion of a relation (drawn dashed), with its confidence 0-1. */
  suggested?: boolean;
  confidence?: number | null;
  validFrom?: string | null;
  validTo?: string | null;
  lastInteractionAt?: string | null;
  primaryOwner?: boolean;
}

export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: boolean;
}

export interface GraphFilters {
  kinds: ReadonlySet<EdgeKind>;
  minStrength: number;
  /** ISO date (yyyy-mm-dd); null means now. */
  asOf: string | null;
}

export type LayoutName = 'hierarchy' | 'force';

export interface PathHighlight {
  nodeIds: string[];
  edgeIds: string[];
}

export interface GraphPath extends PathHighlight {
  /** The engine's path strength, 0..1 (product of normalised edge strengths). */
  strength: number;
  hops: number;
}
