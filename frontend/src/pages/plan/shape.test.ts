import { describe, expect, it } from 'vitest';
import { activityState, fiscalMonths, used } from './shape';

const now = new Date('2026-06-15T12:00:00Z');

describe('activityState', () => {
  it.each([
    ['done stays done', { status: 'DONE', occurredAt: '2026-05-01T00:00:00Z' }, 'DONE'],
    ['cancelled stays cancelled', { status: 'CANCELLED', occurredAt: '2026-05-01T00:00:00Z' }, 'CANCELLED'],
    ['planned in the past is overdue', { status: 'PLANNED', occurredAt: '2026-06-15T11:59:00Z' }, 'OVERDUE'],
    ['planned ahead is planned', { status: 'PLANNED', occurredAt: '2026-06-15T12:01:00Z' }, 'PLANNED'],
  ])('%s', (_, a, want) => {
    expect(activityState({ id: 'x', ...a }, now)).toBe(want);
  });
});

describe('fiscalMonths', () => {
  it('spans twelve months from an April start and files each activity in its month', () => {
    const acts = [
      { id: 'a', status: 'DONE', occurredAt: '2026-04-01T00:00:00Z' },
      { id: 'b', status: 'PLANNED', occurredAt: '2026-12-31T23:00:00Z' },
      { id: 'c', status: 'PLANNED', occurredAt: '2027-03-31T10:00:00Z' },
      { id: 'd', status: 'PLANNED', occurredAt: '2027-04-01T00:00:00Z' },
      { id: 'e', status: 'DONE', occurredAt: '2026-03-31T23:59:59Z' },
    ];
    const m = fiscalMonths('2026-04-01T00:00:00Z', acts);
    expect(m.map((x) => x.key)).toEqual(['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03']);
    expect(m[0].items.map((a) => a.id)).toEqual(['a']);
    expect(m[8].items.map((a) => a.id)).toEqual(['b']);
    expect(m[11].items.map((a) => a.id)).toEqual(['c']);
    expect(m.flatMap((x) => x.items).length).toBe(3);
  });
});

describe('used', () => {
  it.each([
    [100, 50, 0.5],
    [100, 150, 1.5],
    [0, 0, 0],
    [0, 10, 1],
  ])('planned %d spent %d', (p, s, want) => {
    expect(used(p, s)).toBe(want);
  });
});
