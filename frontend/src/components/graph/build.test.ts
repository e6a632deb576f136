import { describe, expect, it } from 'vitest';
import { applyFilters, buildGraphFromEngine, edgeFromEngine, edgeVisible, formatKinds, parseKinds, pathFromEngine } from './build';
import { ENGINE_GRAPH } from './fixtures';
import { EDGE_KINDS, type GraphFilters } from './types';

const all: GraphFilters = { kinds: new Set(EDGE_KINDS), minStrength: 0, asOf: null };
const g = buildGraphFromEngine(ENGINE_GRAPH);

describe('buildGraphFromEngine', () => {
  it('draws a person with a role here under this account, with the role, and marks their home (issue 16 point 7)', () => {
    const base = ENGINE_GRAPH.nodes.find((n) => n.type === 'CONTACT')!;
    const m = buildGraphFromEngine({
      nodes: [
        { ...base, id: 'acc1', type: 'ACCOUNT', label: 'South', accountId: null },
        { ...base, id: 'acc2', type: 'ACCOUNT', label: 'North', accountId: null },
        { ...base, id: 'bo', label: 'Bo', accountId: 'acc2', title: 'Director', decisionRole: 'USER',
          roles: [{ accountId: 'acc1', title: 'Board member', decisionRole: 'DECISION_MAKER', influence: 5 }] },
      ],
      edges: [],
      truncated: false,
    });
    const bo = m.nodes.find((n) => n.id === 'bo')!;
    expect([bo.accountId, bo.subtitle, bo.decisionRole, bo.influence, bo.homeAccountId, bo.homeAccountName])
      .toEqual(['acc1', 'Board member', 'DECISION_MAKER', 5, 'acc2', 'North']);
    expect(m.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['acc1>bo']);
  });

  it('keeps every node the API returned', () => {
    expect(g.nodes).toHaveLength(ENGINE_GRAPH.nodes.length);
    expect(g.nodes.filter((n) => n.type === 'TEAM_MEMBER').map((n) => n.subtitle)).toEqual(['ACCOUNT_MANAGER', 'SOLUTION_LEAD']);
    expect(g.nodes.find((n) => n.id === 'ext')?.depth).toBe(1);
  });

  it('turns reports-to around so the org chart runs manager -> report', () => {
    const rep = g.edges.filter((e) => e.type === 'REPORTS_TO').map((e) => `${e.source}>${e.target}`).sort();
    expect(rep).toEqual(['ceo>cfo', 'ceo>cto', 'cto>eng']);
  });

  it('hangs the heads of each org chart off their account', () => {
    const mem = g.edges.filter((e) => e.type === 'MEMBER_OF').map((e) => `${e.source}>${e.target}`).sort();
    expect(mem).toEqual(['acc1>ceo', 'acc9>ext']);
  });

  it('drops edges to nodes the payload does not hold', () => {
    expect(g.edges.find((e) => e.id === 'r-gone')).toBeUndefined();
  });

  it('sets each contact\'s best coverage', () => {
    expect(g.nodes.find((n) => n.id === 'eng')?.coverage).toBe(4);
    expect(g.nodes.find((n) => n.id === 'cfo')?.coverage).toBe(1);
    expect(g.nodes.find((n) => n.id === 'ceo')?.coverage).toBeNull();
  });

  it('maps edge types to filterable kinds', () => {
    expect(edgeFromEngine({ id: 'x', source: 'a', target: 'b', type: 'COVERAGE', kind: null, strength: 3, suggested: false, confidence: null })).toMatchObject({ kind: 'COVERAGE', strength: 3 });
    expect(edgeFromEngine({ id: 'x', source: 'a', target: 'b', type: 'RELATION', kind: 'FAMILY', strength: 2, suggested: false, confidence: null }).kind).toBe('FAMILY');
    expect(edgeFromEngine({ id: 'x', source: 'a', target: 'b', type: 'SUBSIDIARY', kind: null, strength: null, suggested: false, confidence: null })).toMatchObject({ kind: null, strength: 0 });
    expect(edgeFromEngine({ id: 's', source: 'a', target: 'b', type: 'RELATION', kind: 'ALLY', strength: 2, suggested: true, confidence: 0.75 })).toMatchObject({ suggested: true, confidence: 0.75 });
  });
});

describe('filters', () => {
  it('never drop nodes for kind or strength, so the count matches the API', () => {
    const f = applyFilters(g, { kinds: new Set(['REPORTS_TO']), minStrength: 5, asOf: null });
    expect(f.nodes).toHaveLength(g.nodes.length);
    expect(f.edges.every((e) => e.type === 'REPORTS_TO' || e.type === 'MEMBER_OF')).toBe(true);
  });

  it('drop relations below the minimum strength, coverage on the same 1-5 footing', () => {
    const ids = applyFilters(g, { ...all, minStrength: 3 }).edges.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['r1', 'r2', 'r4', 'c1', 'c3']));
    expect(ids).not.toContain('r3');
    expect(ids).not.toContain('c2');
  });

  it('by kind hide only that kind', () => {
    const kinds = new Set(EDGE_KINDS.filter((k) => k !== 'RIVAL'));
    const ids = applyFilters(g, { ...all, kinds }).edges.map((e) => e.id);
    expect(ids).not.toContain('r3');
    expect(ids).toContain('r1');
  });

  it('as of a date drop relations not valid then and people who had left', () => {
    const m = {
      ...g,
      nodes: [...g.nodes, { id: 'old', type: 'CONTACT' as const, label: 'Old', leftAt: '2022-06-01T00:00:00Z' }],
      edges: [...g.edges, { id: 'r-old', source: 'old', target: 'ceo', type: 'RELATION' as const, kind: 'ALLY' as const, strength: 3, validFrom: '2019-01-01T00:00:00Z', validTo: '2021-01-01T00:00:00Z' }],
    };
    expect(applyFilters(m, { ...all, asOf: '2020-06-01' }).edges.map((e) => e.id)).toContain('r-old');
    const later = applyFilters(m, { ...all, asOf: '2023-01-01' });
    expect(later.nodes.map((n) => n.id)).not.toContain('old');
    expect(later.edges.map((e) => e.id)).not.toContain('r-old');
  });

  it('keep structural edges', () => {
    expect(edgeVisible({ id: 'm', source: 'a', target: 'b', type: 'MEMBER_OF', kind: null, strength: 0 }, { kinds: new Set(), minStrength: 5, asOf: null })).toBe(true);
  });

  it('round-trip their kinds through the URL', () => {
    expect(formatKinds(new Set(EDGE_KINDS), EDGE_KINDS)).toBeNull();
    const s = formatKinds(new Set(['ALLY', 'REPORTS_TO']), EDGE_KINDS);
    expect(s).toBe('REPORTS_TO,ALLY');
    expect([...parseKinds(s, EDGE_KINDS)]).toEqual(['REPORTS_TO', 'ALLY']);
    expect(parseKinds(null, EDGE_KINDS).size).toBe(EDGE_KINDS.length);
    expect(parseKinds('BOGUS', EDGE_KINDS).size).toBe(0);
  });
});

describe('pathFromEngine', () => {
  it('keeps the engine\'s node and edge ids so the path lights up on the graph', () => {
    const p = pathFromEngine({
      nodes: [{ id: 'tm-ana' }, { id: 'eng' }, { id: 'cto' }],
      edges: [ENGINE_GRAPH.edges[8], ENGINE_GRAPH.edges[4]],
      strength: 0.6,
      hops: 2,
    });
    expect(p).toEqual({ nodeIds: ['tm-ana', 'eng', 'cto'], edgeIds: ['c1', 'r2'], strength: 0.6, hops: 2 });
  });
});
