import type { EngineGraph } from './build';

type Node = EngineGraph['nodes'][number];
type Edge = EngineGraph['edges'][number];

const base: Omit<Node, 'id' | 'type' | 'label'> = {
  depth: 0, accountId: 'acc1', title: null, department: null, seniority: null, decisionRole: null, attitude: null,
  influence: null, status: null, teamRole: null, roles: null,
};
const contact = (id: string, label: string, p: Partial<Node> = {}): Node => ({
  ...base, id, type: 'CONTACT', label, seniority: 'MANAGER', decisionRole: 'USER', attitude: 'NEUTRAL', influence: 3, status: 'ACTIVE', ...p,
});
const edge = (id: string, source: string, target: string, type: Edge['type'], kind: Edge['kind'] = null, strength: number | null = null): Edge => ({
  id, source, target, type, kind, strength, suggested: false, confidence: null,
});

/**
 * Acme: CEO <- CTO <- Eng, CFO -> CEO (the engine's REPORTS_TO runs report -> manager);
 * Ana covers Eng (4), Bo covers CFO (1); a former colleague from another account at depth 1.
 */
export const ENGINE_GRAPH: EngineGraph = {
  truncated: false,
  nodes: [
    { ...base, id: 'acc1', type: 'ACCOUNT', label: 'Acme Telecom' },
    { ...base, id: 'acc9', type: 'ACCOUNT', label: 'Other Bank', accountId: 'acc9' },
    contact('ceo', 'Chen CEO', { decisionRole: 'DECISION_MAKER', influence: 5 }),
    contact('cto', 'Tao CTO', { decisionRole: 'TECHNICAL_EVALUATOR', influence: 4 }),
    contact('eng', 'Eli Eng', { influence: 2 }),
    contact('cfo', 'Fei CFO', { decisionRole: 'ECONOMIC_BUYER', attitude: 'OPPONENT', influence: 4 }),
    contact('ext', 'Xu External', { accountId: 'acc9', depth: 1 }),
    { ...base, id: 'tm-ana', type: 'TEAM_MEMBER', label: 'Ana', accountId: null, teamRole: 'ACCOUNT_MANAGER' },
    { ...base, id: 'tm-bo', type: 'TEAM_MEMBER', label: 'Bo', accountId: null, teamRole: 'SOLUTION_LEAD' },
  ],
  edges: [
    edge('rep:cto', 'cto', 'ceo', 'REPORTS_TO'),
    edge('rep:eng', 'eng', 'cto', 'REPORTS_TO'),
    edge('rep:cfo', 'cfo', 'ceo', 'REPORTS_TO'),
    edge('r1', 'cto', 'ceo', 'RELATION', 'INFLUENCES', 4),
    edge('r2', 'eng', 'cto', 'RELATION', 'ALLY', 3),
    edge('r3', 'cfo', 'ceo', 'RELATION', 'RIVAL', 2),
    edge('r4', 'ext', 'cto', 'RELATION', 'FORMER_COLLEAGUE', 5),
    edge('r-gone', 'cto', 'nobody', 'RELATION', 'FRIEND', 5),
    edge('c1', 'tm-ana', 'eng', 'COVERAGE', null, 4),
    edge('c2', 'tm-bo', 'cfo', 'COVERAGE', null, 1),
    edge('c3', 'tm-bo', 'eng', 'COVERAGE', null, 2),
  ],
};
