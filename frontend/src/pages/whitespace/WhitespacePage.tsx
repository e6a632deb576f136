// The whitespace grid: accounts x offerings. Each cell says where the
// offering stands at the account (status as a mark and a word, colour
// only as a third signal) and the whitespace left (potential - current).
// A row links to its account; the grid sorts by whitespace and exports as CSV.
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import { CsvDataButton } from '../../lib/exportButtons';
import { fmtMoney, label, TIERS } from '../../lib/labels';
import type { Tier } from '../../gql/graphql';
import { WhitespaceGridQuery } from './queries';

const STATUS_MARK: Record<string, string> = { INSTALLED: '●', OPEN_OPPORTUNITY: '◐', NOT_DISCUSSED: '○', NO_FIT: '✕' };
const STATUSES = ['INSTALLED', 'OPEN_OPPORTUNITY', 'NOT_DISCUSSED', 'NO_FIT'] as const;

export default function WhitespacePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tier = params.get('tier');
  const sort = params.get('sort') === 'name' ? 'name' : 'whitespace';
  const where = useMemo(() => (tier ? { tier: tier as Tier } : null), [tier]);
  const [res, refetch] = useQuery({ query: WhitespaceGridQuery, variables: { where } });
  const grid = res.data?.whitespaceGrid ?? null;
  const rows = useMemo(() => {
    const r = [...(grid?.rows ?? [])];
    if (sort === 'whitespace') r.sort((a, b) => b.groupWhitespace - a.groupWhitespace || a.account.name.localeCompare(b.account.name));
    return r;
  }, [grid, sort]);
  const colTotal = useMemo(() => new Map((grid?.columns ?? []).map((c) => [c.offering.id, c])), [grid]);
  const set = (k: string, v: string | null) => setParams((prev) => { const n = new URLSearchParams(prev); if (v) n.set(k, v); else n.delete(k); return n; }, { replace: true });

  return (
    <div className="page" data-testid="whitespace-page">
      <div className="page-head">
        <h1>{t('whitespace.title')}</h1>
        {grid && <span className="muted" data-testid="whitespace-total">{t('whitespace.total', { current: fmtMoney(grid.totalCurrentRevenue), whitespace: fmtMoney(grid.totalWhitespace) })}</span>}
      </div>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="ws-tier">{t('accounts.tier')}</label>
        <select id="ws-tier" value={tier ?? ''} onChange={(e) => set('tier', e.target.value || null)} data-testid="whitespace-tier">
          <option value="">{t('accounts.allTiers')}</option>
          {TIERS.map((x) => <option key={x} value={x}>{label(x)}</option>)}
        </select>
        <label htmlFor="ws-sort">{t('whitespace.sort')}</label>
        <select id="ws-sort" value={sort} onChange={(e) => set('sort', e.target.value === 'whitespace' ? null : e.target.value)}>
          <option value="whitespace">{t('whitespace.byWhitespace')}</option>
          <option value="name">{t('whitespace.byName')}</option>
        </select>
        {grid && (
          <CsvDataButton
            testId="export-whitespace-csv"
            title={t('whitespace.title')}
            header={[t('whitespace.account'), ...grid.offerings.flatMap((o) => [`${o.name} · ${t('whitespace.status')}`, `${o.name} · ${t('whitespace.current')}`, `${o.name} · ${t('whitespace.whitespace')}`]), t('whitespace.rowWhitespace')]}
            rows={() => rows.map((r) => [r.account.name, ...r.cells.flatMap((c) => [label(c.status), c.currentRevenue, c.whitespace]), r.groupWhitespace])}
          />
        )}
      </form>
      <p className="muted small" data-testid="whitespace-legend">
        {STATUSES.map((s) => `${STATUS_MARK[s]} ${label(s)}`).join(' · ')} · {t('whitespace.legend')}
      </p>
      {res.error && <ErrorBox error={res.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!grid && !res.error && <Skeleton rows={10} height={32} label={t('whitespace.loading')} />}
      {grid && (
        <div className="table-scroll">
          <table className="table whitespace-grid" data-testid="whitespace-grid">
            <caption>{t('whitespace.caption', { accounts: rows.length, offerings: grid.offerings.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('whitespace.account')}</th>
                {grid.offerings.map((o) => <th key={o.id} scope="col" className="num">{o.name}</th>)}
                <th scope="col" className="num">{t('whitespace.rowWhitespace')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && <tr><td colSpan={grid.offerings.length + 2} className="empty">{t('whitespace.empty')}</td></tr>}
              {rows.map((r) => (
                <tr key={r.account.id} data-testid="whitespace-row">
                  <th scope="row"><Link to={`/accounts/${encodeURIComponent(r.account.id)}/plan`}>{r.account.name}</Link> <span className="muted small">{label(r.account.tier)}</span></th>
                  {r.cells.map((c, i) => {
                    const o = grid.offerings[i];
                    const need = [c.currentNeed && `${t('whitespace.currentNeed')}: ${c.currentNeed}`, c.needMet && `${t('whitespace.needMet')}: ${c.needMet}`, c.futureNeed && `${t('whitespace.futureNeed')}: ${c.futureNeed}`].filter(Boolean).join('\n');
                    return (
                      <td key={c.offeringID} className={`num ws-cell ws-${c.status.toLowerCase()}`} data-status={c.status} data-testid="whitespace-cell"
                        title={`${o?.name ?? ''} · ${label(c.status)}${need ? `\n${need}` : ''}`}>
                        <span aria-hidden="true">{STATUS_MARK[c.status]} </span>
                        <span className="sr-only">{label(c.status)}: </span>
                        {c.status === 'NO_FIT' ? '—' : fmtMoney(c.whitespace)}
                        {c.status === 'INSTALLED' && c.currentRevenue > 0 && <div className="muted small">{t('whitespace.installedAt', { amount: fmtMoney(c.currentRevenue) })}</div>}
                      </td>
                    );
                  })}
                  <td className="num"><strong>{fmtMoney(r.groupWhitespace)}</strong></td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('whitespace.columnTotal')}</th>
                {grid.offerings.map((o) => <td key={o.id} className="num">{fmtMoney(colTotal.get(o.id)?.whitespace ?? 0)}</td>)}
                <td className="num"><strong>{fmtMoney(grid.totalWhitespace)}</strong></td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}
