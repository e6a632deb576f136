import { describe, expect, it } from 'vitest';
import { buildGraphFromEngine } from './build';
import { ENGINE_GRAPH } from './fixtures';
import { orgChartPositions } from './layout';
import type { GraphModel } from './types';

describe('orgChartPositions', () => {
  const g = buildGraphFromEngine(ENGINE_GRAPH);
  const pos = orgChartPositions(g);

  it('places every node', () => {
    expect(pos.size).toBe(g.nodes.length);
  });

  it('puts our team on top, then accounts, then each reporting level below its manager', () => {
    const y = (id: string) => pos.get(id)!.y;
    expect(y('tm-ana')).toBeLessThan(y('acc1'));
    expect(y('acc1')).toBeLessThan(y('ceo'));
    expect(y('ceo')).toBeLessThan(y('cto'));
    expect(y('cto')).toBe(y('cfo'));
    expect(y('cto')).toBeLessThan(y('eng'));
  });

  it('wraps a wide level onto several rows', () => {
    const wide: GraphModel = {
      truncated: false,
      nodes: [{ id: 'a', type: 'ACCOUNT', label: 'A' }, ...Array.from({ length: 20 }, (_, i) => ({ id: `c${i}`, type: 'CONTACT' as const, label: `C${i}` }))],
      edges: Array.from({ length: 20 }, (_, i) => ({ id: `m${i}`, source: 'a', target: `c${i}`, type: 'MEMBER_OF' as const, kind: null, strength: 0 })),
    };
    const p = orgChartPositions(wide, { perRow: 8 });
    const rows = new Set([...Array(20).keys()].map((i) => p.get(`c${i}`)!.y));
    expect(rows.size).toBe(3);
    const xs = [...Array(20).keys()].map((i) => p.get(`c${i}`)!.x);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThanOrEqual(7 * 125);
  });
});
