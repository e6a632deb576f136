import { describe, expect, it } from 'vitest';
import { abcClasses, interactionMix, latestPeriodBudgets } from './shape';

const rows = [
  { id: '1', name: 'A1', annualRevenue: 700, potentialValue: 900, tier: 'STRATEGIC' },
  { id: '2', name: 'A2', annualRevenue: 150, potentialValue: 100, tier: 'PARTNER' },
  { id: '3', name: 'A3', annualRevenue: 100, potentialValue: 800, tier: 'COMMERCIAL' },
  { id: '4', name: 'A4', annualRevenue: 50, potentialValue: 10, tier: 'GENERAL' },
];

describe('analytics shaping', () => {
  it('ABC by the 80/20 rule on revenue', () => {
    const abc = abcClasses(rows);
    expect(abc.map((r) => `${r.name}:${r.abc}`)).toEqual(['A1:A', 'A2:A', 'A3:B', 'A4:C']);
    expect(abc[abc.length - 1].cumulative).toBeCloseTo(1);
  });

  it('interaction mix from grouped stats', () => {
    const mix = interactionMix([
      { kind: 'CALL', month: '2026-02', count: 3 },
      { kind: 'CALL', month: '2026-01', count: 2 },
      { kind: 'DINNER_EVENT', month: '2026-01', count: 1 },
      { kind: null, month: '2026-01', count: 9 },
    ]);
    expect(mix.months).toEqual(['2026-01', '2026-02']);
    expect(mix.kinds).toEqual(['CALL', 'DINNER_EVENT']);
    expect(mix.counts.get('2026-01')?.get('CALL')).toBe(2);
  });

  it('budgets of the latest, finest period', () => {
    const rows = [{ period: '2025' }, { period: '2026' }, { period: '2026-Q2' }, { period: '2026-Q3' }, { period: '2026-Q3' }];
    expect(latestPeriodBudgets(rows)).toHaveLength(2);
    expect(latestPeriodBudgets([{ period: '2025' }, { period: '2026' }])).toEqual([{ period: '2026' }]);
  });
});
