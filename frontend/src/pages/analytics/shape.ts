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

/** Whether an ISO date falls in a budget period written as YYYY, YYYY-Qn, YYYY-Hn or YYYY-MM. */
export function inPeriod(iso: string, period: string): boolean {
  const y = iso.slice(0, 4);
  const month = Number(iso.slice(5, 7));
  const p = period.trim().toUpperCase();
  let m: RegExpMatchArray | null;
  if (/^\d{4}$/.test(p)) return y === p;
  if ((m = p.match(/^(\d{4})-?Q([1-4])$/))) return y === m[1] && Math.ceil(month / 3) === Number(m[2]);
  if ((m = p.match(/^(\d{4})-?H([12])$/))) return y === m[1] && Math.ceil(month / 6) === Number(m[2]);
  if ((m = p.match(/^(\d{4})-(\d{2})$/))) return y === m[1] && month === Number(m[2]);
  return false;
}

export interface BudgetRow { accountId: string; accountName: string; period: string; planned: number; spent: number; over: boolean }

/** Budget against spend: the account's interaction costs per month (interactionStats by ACCOUNT and MONTH) summed over the period. */
export function budgetVsSpend(
  budgets: readonly { accountID: string; accountName: string; period: string; planned: number }[],
  monthlyCost: readonly { accountId: string; month: string; cost: number }[],
): BudgetRow[] {
  return budgets.map((b) => {
    const spent = monthlyCost
      .filter((m) => m.accountId === b.accountID && inPeriod(`${m.month}-01`, b.period))
      .reduce((s, m) => s + m.cost, 0);
    return { accountId: b.accountID, accountName: b.accountName, period: b.period, planned: b.planned, spent, over: spent > b.planned };
  });
}

/** The budgets of the most recent period of the finest kind present (quarter, then month, then year). */
export function latestPeriodBudgets<T extends { period: string }>(rows: readonly T[]): T[] {
  for (const re of [/^\d{4}-Q[1-4]$/, /^\d{4}-\d{2}$/, /^\d{4}$/]) {
    const periods = rows.map((r) => r.period).filter((p) => re.test(p)).sort();
    const last = periods[periods.length - 1];
    if (last) return rows.filter((r) => r.period === last);
  }
  return [];
}
