import { describe, expect, it } from 'vitest';
import { buildGraphFromEngine } from './build';
import { ENGINE_GRAPH } from './fixtures';
import { highlightAmong, highlightOf, pathCoverage } from './paths';

const g = buildGraphFromEngine(ENGINE_GRAPH);

describe('path highlighting', () => {
  it('highlight sets hold exactly the path elements', () => {
    const h = highlightOf({ nodeIds: ['tm-ana', 'eng', 'cto'], edgeIds: ['c1', 'r2'] });
    expect([...h.nodes]).toEqual(['tm-ana', 'eng', 'cto']);
    expect([...h.edges]).toEqual(['c1', 'r2']);
    expect(highlightOf(null).nodes.size).toBe(0);
  });

  it('tells how much of a path the graph holds', () => {
    expect(pathCoverage(g, { nodeIds: ['tm-ana', 'eng', 'cto'], edgeIds: ['c1', 'r2'] })).toEqual({ nodes: 3, edges: 2, complete: true });
    expect(pathCoverage(g, { nodeIds: ['tm-ana', 'far'], edgeIds: ['zz'] })).toEqual({ nodes: 1, edges: 0, complete: false });
  });

  it('highlights a set of people with the links among them (the decision chain)', () => {
    const h = highlightAmong(g, ['ceo', 'cto', 'cto']);
    expect(h.nodeIds).toEqual(['ceo', 'cto']);
    expect(h.edgeIds.sort()).toEqual(['r1', 'rep:cto']);
  });
});
