import { describe, expect, it } from 'vitest';
import { overdueDays, withOverdue } from './cadence';

describe('cadence marks', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  it('counts whole days past due for overdue contacts only', () => {
    const m = overdueDays({ edges: [
      { node: { id: 'a', overdue: true, dueAt: '2026-11-24T00:00:00Z' } },
      { node: { id: 'b', overdue: false, dueAt: '2026-12-24T00:00:00Z' } },
      { node: { id: 'c', overdue: false, dueAt: null } },
    ] }, now);
    expect([...m]).toEqual([['a', 12]]);
  });
  it('marks the graph nodes', () => {
    const model = { nodes: [{ id: 'a', type: 'CONTACT' as const, label: 'A' }, { id: 'b', type: 'CONTACT' as const, label: 'B' }], edges: [], truncated: false };
    const out = withOverdue(model, new Map([['a', 3]]));
    expect(out.nodes.map((n) => n.overdueDays ?? null)).toEqual([3, null]);
    expect(withOverdue(model, new Map())).toBe(model);
  });
});
