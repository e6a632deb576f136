import { describe, expect, it } from 'vitest';
import type { GraphModel } from '../../components/graph/types';
import { keepPeople } from './peopleFilter';

const node = (id: string, type: string) => ({ id, type, label: id }) as unknown as GraphModel['nodes'][number];
const edge = (id: string, source: string, target: string) => ({ id, source, target, type: 'RELATION', kind: 'INFLUENCES', strength: 3 }) as unknown as GraphModel['edges'][number];

describe('keepPeople', () => {
  const model: GraphModel = {
    nodes: [node('acc', 'ACCOUNT'), node('c1', 'CONTACT'), node('c2', 'CONTACT'), node('c3', 'CONTACT'), node('t1', 'TEAM_MEMBER')],
    edges: [edge('e1', 'c1', 'c2'), edge('e2', 't1', 'c1'), edge('e3', 't1', 'c3'), edge('e4', 'c2', 'acc')],
    truncated: false,
  };

  it.each([
    { name: 'keeps the matches, our team and the account', found: ['c1'], nodes: ['acc', 'c1', 't1'], edges: ['e2'] },
    { name: 'keeps edges between two matches', found: ['c1', 'c2'], nodes: ['acc', 'c1', 'c2', 't1'], edges: ['e1', 'e2', 'e4'] },
    { name: 'no match leaves no contact', found: [], nodes: ['acc', 't1'], edges: [] },
  ])('$name', ({ found, nodes, edges }) => {
    const got = keepPeople(model, new Set(found));
    expect(got.nodes.map((n) => n.id)).toEqual(nodes);
    expect(got.edges.map((e) => e.id)).toEqual(edges);
  });
});
