// Data shaping for the analytics charts (pure, unit-tested).

export interface RevenueRow { id: string; name: string; annualRevenue: number; potentialValue: number; tier: string }

export interface AbcRow extends RevenueRow { share: number; cumulative: number; abc: 'A' | 'B' | 'C' }

/** ABC classes by the 80/20 rule on revenue: A up to 80% of the cumulative revenue, B up to 95%, C the rest. */
export function abcClasses(rows: readonly RevenueRow[]): AbcRow[] {
  const sorted = [...rows].sort((a, b) => b.annualRevenue - a.annualRevenue || a.name.localeCompare(b.name));
  const total = sorted.reduce((s, r) => s + r.annualRevenue, 0);
  let cum = 0;
  return sorted.map((r) => {
    const before = total > 0 ? cum / total : 0;
    cum += r.annualRevenue;
    const share = total > 0 ? r.annualRevenue / total : 0;
    const abc = before < 0.8 ? 'A' : before < 0.95 ? 'B' : 'C';
    return { ...r, share, cumulative: total > 0 ? cum / total : 0, abc };
  });
}

export function countBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return m;
}

/** Interactions per month and kind, from the engine's interactionStats(groupBy: [MONTH, KIND]): months in order, kinds by volume. */
export function interactionMix(rows: readonly { kind?: string | null; month?: string | null; count: number }[]): {
  months: string[];
  kinds: string[];
  counts: Map<string, Map<string, number>>;
} {
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  for (const r of rows) {
    if (!r.kind || !r.month) continue;
    const inner = counts.get(r.month) ?? new Map<string, number>();
    inner.set(r.kind, (inner.get(r.kind) ?? 0) + r.count);
    counts.set(r.month, inner);
    totals.set(r.kind, (totals.get(r.kind) ?? 0) + r.count);
  }
  const months = [...counts.keys()].sort();
  const kinds = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  return { months, kinds, counts };
}

export interface BudgetRow { accountId: string; accountName: string; period: string; planned: number; spent: number; over: boolean }

/** The budgets of the most recent period of the finest kind present (quarter, then month, then year). */
export function latestPeriodBudgets<T extends { period: string }>(rows: readonly T[]): T[] {
  for (const re of [/^\d{4}-Q[1-4]$/, /^\d{4}-\d{2}$/, /^\d{4}$/]) {
    const periods = rows.map((r) => r.period).filter((p) => re.test(p)).sort();
    const last = periods[periods.length - 1];
    if (last) return rows.filter((r) => r.period === last);
  }
  return [];
}
