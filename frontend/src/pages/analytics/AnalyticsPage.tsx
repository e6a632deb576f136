import { useMemo } from 'react';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';

import { graphql } from '../../gql';
import { BarChart, BulletList, LineChart, PALETTE, ParetoChart, ScatterChart } from '../../components/charts';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import { nodesOf } from '../../lib/connection';
import { fmtMoney, label, TIERS } from '../../lib/labels';
import { abcClasses, countBy, interactionMix, latestPeriodBudgets, type BudgetRow } from './shape';

const AnalyticsQuery = graphql(/* GraphQL */ `
  query Analytics {
    accounts(first: 1000, orderBy: [{ field: ANNUAL_REVENUE, direction: DESC }]) {
      totalCount
      edges {
        node {
          id
          name
          tier
          annualRevenue
          potentialValue
          abcClass
          clvQuadrant
        }
      }
    }
    mix: interactionStats(groupBy: [MONTH, KIND]) {
      month
      kind
      count
    }
    budgets(first: 1000, orderBy: [{ field: PERIOD, direction: DESC }]) {
      edges {
        node {
          id
          period
          planned
          spent
          accountID
          account {
            id
            name
          }
        }
      }
    }
    satisfactionTrend {
      month
      averageScore
      count
    }
  }
`);

const QUADRANT_COLOR: Record<string, string> = { HIGH_VALUE: '#1b7f3b', SECONDARY_VALUE: '#2f7fc1', POTENTIAL_VALUE: '#f5b700', LOW_VALUE: '#9aa3ad' };
const ABC_COLOR: Record<string, string> = { A: '#24406b', B: '#2f7fc1', C: '#a9b4c2' };

export default function AnalyticsPage() {
  const { t } = useTranslation();
  const [res, reexecute] = useQuery({ query: AnalyticsQuery });
  const d = res.data;
  const shaped = useMemo(() => {
    if (!d) return null;
    const accounts = nodesOf(d.accounts);
    const tiers = countBy(accounts, (a) => a.tier);
    // Order and cumulative share for the Pareto chart; the class itself is the engine's.
    const abcById = new Map(accounts.map((a) => [a.id, a.abcClass]));
    const abc = abcClasses(accounts).map((r) => ({ ...r, abc: abcById.get(r.id) ?? r.abc }));
    const mix = interactionMix(d.mix);
    const months = mix.months.slice(-12);
    // Spent per budget is the server's: summing every account's monthly
    // costs here meant fetching them all (issue 19).
    const budgets: BudgetRow[] = nodesOf(d.budgets).map((b) => ({
      accountId: b.accountID, accountName: b.account.name, period: b.period, planned: b.planned, spent: b.spent, over: b.spent > b.planned,
    }));
    const latest = [...latestPeriodBudgets(budgets)].sort((a, b) => b.spent / Math.max(1, b.planned) - a.spent / Math.max(1, a.planned));
    const trend = d.satisfactionTrend;
    return { accounts, tiers, abc, mix, months, budgets: latest, trend };
  }, [d]);

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('analytics.title')}</h1>
        {d && <span className="muted">{t('accounts.total', { count: d.accounts.totalCount })} · {t('analytics.interactions', { count: d.mix.reduce((s, r) => s + r.count, 0) })}</span>}
      </div>
      {res.error && <ErrorBox error={res.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {!d && res.fetching && (
        <div className="charts-grid">{Array.from({ length: 6 }, (_, i) => <Skeleton key={i} height={260} label={t('analytics.loading')} />)}</div>
      )}
      {shaped && (
        <div className="charts-grid" data-testid="charts">
          <section className="card">
            <h2>{t('analytics.tiers')}</h2>
            <BarChart
              title={t('analytics.tiersTitle')}
              categories={TIERS.map((t) => label(t))}
              series={[{ label: t('layout.accounts'), values: TIERS.map((t) => shaped.tiers.get(t) ?? 0), color: '#24406b' }]}
            />
          </section>
          <section className="card">
            <h2>{t('analytics.abc')}</h2>
            <ParetoChart
              title={t('analytics.abcTitle')}
              labels={shaped.abc.map((a) => a.name)}
              values={shaped.abc.map((a) => a.annualRevenue)}
              cumulative={shaped.abc.map((a) => a.cumulative)}
              colors={shaped.abc.map((a) => ABC_COLOR[a.abc])}
              fmt={fmtMoney}
            />
            <p className="muted small">
              {t('analytics.abcCounts', { a: shaped.abc.filter((a) => a.abc === 'A').length, b: shaped.abc.filter((a) => a.abc === 'B').length, c: shaped.abc.filter((a) => a.abc === 'C').length })}
            </p>
          </section>
          <section className="card">
            <h2>{t('analytics.clv')}</h2>
            <ScatterChart
              title={t('analytics.clvTitle')}
              xLabel={t('analytics.clvX')}
              yLabel={t('analytics.clvY')}
              fmt={fmtMoney}
              points={shaped.accounts.map((a) => ({ x: a.annualRevenue, y: a.potentialValue, label: `${a.name} (${label(a.clvQuadrant)})`, color: QUADRANT_COLOR[a.clvQuadrant] ?? '#999' }))}
            />
            <p className="chart-legend">
              <span><i style={{ background: QUADRANT_COLOR.HIGH_VALUE }} />A {label('HIGH_VALUE')}</span>
              <span><i style={{ background: QUADRANT_COLOR.SECONDARY_VALUE }} />B {label('SECONDARY_VALUE')}</span>
              <span><i style={{ background: QUADRANT_COLOR.POTENTIAL_VALUE }} />C {label('POTENTIAL_VALUE')}</span>
              <span><i style={{ background: QUADRANT_COLOR.LOW_VALUE }} />D {label('LOW_VALUE')}</span>
            </p>
          </section>
          <section className="card">
            <h2>{t('analytics.mix')}</h2>
            <BarChart
              title={t('analytics.mixTitle')}
              categories={shaped.months}
              series={shaped.mix.kinds.map((k, i) => ({ label: label(k), values: shaped.months.map((m) => shaped.mix.counts.get(m)?.get(k) ?? 0), color: PALETTE[i % PALETTE.length] }))}
            />
          </section>
          <section className="card">
            <h2>{t('analytics.budget')}</h2>
            <p className="muted small">{shaped.budgets[0]?.period ?? t('analytics.noBudgets')} · {t('analytics.spendNote')}</p>
            <BulletList
              fmt={fmtMoney}
              rows={shaped.budgets.map((b) => ({
                key: `${b.accountId}:${b.period}`, label: b.accountName, sub: b.period, planned: b.planned, spent: b.spent,
                href: `/accounts/${encodeURIComponent(b.accountId)}`,
              }))}
            />
          </section>
          <section className="card">
            <h2>{t('analytics.satisfaction')}</h2>
            <LineChart title={t('analytics.satisfactionTitle')} labels={shaped.trend.map((t) => t.month)} values={shaped.trend.map((t) => t.averageScore)} max={10} />
          </section>
        </div>
      )}
    </div>
  );
}
