import { useMemo } from 'react';
import { CsvButton } from '../../lib/exportButtons';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { AccountOrderField, AccountSegment, AccountWhereInput, AccountsListQuery as AccountsListQueryResult, OrderDirection, Tier } from '../../gql/graphql';
import { TierBadge } from '../../components/Badge';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import { nodesOf } from '../../lib/connection';
import { fmtMoney, label, SEGMENTS, TIERS } from '../../lib/labels';
import { fmtNumber } from '../../i18n/format';
import { engineText } from '../../i18n/engineText';

const PAGE = 20;

const AccountsListQuery = graphql(/* GraphQL */ `
  query AccountsList(
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $where: AccountWhereInput
    $orderBy: [AccountOrder!]
  ) {
    accounts(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
          tier
          segment
          industry
          region
          annualRevenue
          potentialValue
          lifecycleStage
          abcClass
          clvQuadrant
          health {
            score
          }
          gapSummary {
            count
            worst {
              kind
              severity
              reason
              contact {
                id
                name
              }
            }
          }
          parent {
            id
            name
          }
          contacts(first: 0) {
            totalCount
          }
          opportunities(first: 0) {
            totalCount
          }
        }
      }
    }
  }
`);

type AccountNode = NonNullable<NonNullable<NonNullable<AccountsListQueryResult['accounts']['edges']>[number]>['node']>;
type GapSummary = AccountNode['gapSummary'];

/** The account's most severe coverage gap and how many it has, from the list's own request (the server keeps them up to date). */
function WorstGap({ accountId, summary }: { accountId: string; summary: GapSummary }) {
  const { t } = useTranslation();
  const g = summary.worst;
  if (!g) return <span className="muted small">{t('accounts.noGap')}</span>;
  return (
    <span className="worst-gap" title={engineText(g.reason)}>
      <span className={`sev-dot sev-${g.severity.toLowerCase()}`} aria-hidden="true" />
      {/* The severity in words too: colour is never the only signal. */}
      <span className="sev-word" data-testid="worst-gap-severity">{label(g.severity)}</span> {label(g.kind)}: <Link to={`/accounts/${encodeURIComponent(accountId)}?node=${encodeURIComponent(g.contact.id)}`}>{g.contact.name}</Link>
      {summary.count > 1 && <span className="muted small"> +{summary.count - 1}</span>}
    </span>
  );
}

function HealthPill({ score }: { score: number }) {
  const { t } = useTranslation();
  const cls = score >= 70 ? 'good' : score >= 45 ? 'mid' : 'bad';
  return <span className={`pill ${cls}`} title={t('accounts.healthTitle')}>{score}</span>;
}

const ABC = ['A', 'B', 'C'] as const;
const CLV = ['HIGH_VALUE', 'SECONDARY_VALUE', 'POTENTIAL_VALUE', 'LOW_VALUE'] as const;

// label: a catalog key under accounts.sort.
const SORTS: { field: AccountOrderField; label: string; dir: OrderDirection }[] = [
  { field: 'NAME', label: 'accounts.sort.name', dir: 'ASC' },
  { field: 'TIER', label: 'accounts.sort.tier', dir: 'ASC' },
  { field: 'ANNUAL_REVENUE', label: 'accounts.sort.revenue', dir: 'DESC' },
  { field: 'POTENTIAL_VALUE', label: 'accounts.sort.potential', dir: 'DESC' },
  { field: 'UPDATED_AT', label: 'accounts.sort.updated', dir: 'DESC' },
];

/** Filter state lives in the URL so a filtered list can be shared. */
export function accountsWhere(p: URLSearchParams): AccountWhereInput | undefined {
  const w: AccountWhereInput = {};
  const q = p.get('q')?.trim();
  // search: any part of the name; Chinese names also by pinyin, full or initials (API: AccountWhereInput.search).
  if (q) w.search = q;
  const tier = p.get('tier');
  if (tier && (TIERS as readonly string[]).includes(tier)) w.tier = tier as Tier;
  const seg = p.get('segment');
  if (seg && (SEGMENTS as readonly string[]).includes(seg)) w.segment = seg as AccountSegment;
  return Object.keys(w).length ? w : undefined;
}

export default function AccountsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const sortField = (SORTS.find((s) => s.field === params.get('sort')) ?? SORTS[0]);
  const dir: OrderDirection = params.get('dir') === 'ASC' || params.get('dir') === 'DESC' ? (params.get('dir') as OrderDirection) : sortField.dir;
  const abc = params.get('abc');
  const clv = params.get('clv');
  // ABC class and CLV quadrant are computed by the engine, not stored: filter them in the browser over all accounts.
  const computedFilter = !!(abc || clv);
  const after = params.get('after');
  const before = params.get('before');
  const variables = useMemo(
    () => ({
      where: accountsWhere(params),
      orderBy: [{ field: sortField.field, direction: dir }, ...(sortField.field === 'NAME' ? [] : [{ field: 'NAME' as const, direction: 'ASC' as const }])],
      ...(computedFilter ? { first: 1000 } : before ? { last: PAGE, before } : { first: PAGE, after }),
    }),
    [params, sortField, dir, after, before, computedFilter],
  );
  const [res, reexecute] = useQuery({ query: AccountsListQuery, variables });

  const update = (changes: Record<string, string | null>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v == null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (resetPage) {
      next.delete('after');
      next.delete('before');
    }
    setParams(next, { replace: true });
  };

  const conn = res.data?.accounts;
  const rows = nodesOf(conn?.edges ? conn : null).filter((a) => (!abc || a.abcClass === abc) && (!clv || a.clvQuadrant === clv));
  const total = computedFilter ? rows.length : conn?.totalCount;

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('accounts.title')}</h1>
        {conn && <span className="muted" data-testid="accounts-total">{t('accounts.total', { count: total ?? 0 })}</span>}
      </div>
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="sr-only" htmlFor="acc-q">{t('accounts.searchLabel')}</label>
        <input
          id="acc-q"
          type="search"
          placeholder={t('accounts.searchPlaceholder')}
          defaultValue={params.get('q') ?? ''}
          onChange={(e) => update({ q: e.target.value })}
          data-testid="accounts-search"
        />
        <label htmlFor="acc-tier">{t('accounts.tier')}</label>
        <select id="acc-tier" value={params.get('tier') ?? ''} onChange={(e) => update({ tier: e.target.value })} data-testid="filter-tier">
          <option value="">{t('accounts.allTiers')}</option>
          {TIERS.map((t) => <option key={t} value={t}>{label(t)}</option>)}
        </select>
        <label htmlFor="acc-seg">{t('accounts.segment')}</label>
        <select id="acc-seg" value={params.get('segment') ?? ''} onChange={(e) => update({ segment: e.target.value })} data-testid="filter-segment">
          <option value="">{t('accounts.allSegments')}</option>
          {SEGMENTS.map((s) => <option key={s} value={s}>{label(s)}</option>)}
        </select>
        <label htmlFor="acc-abc">ABC</label>
        <select id="acc-abc" value={abc ?? ''} onChange={(e) => update({ abc: e.target.value })} data-testid="filter-abc">
          <option value="">{t('accounts.all')}</option>
          {ABC.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
        <label htmlFor="acc-clv">CLV</label>
        <select id="acc-clv" value={clv ?? ''} onChange={(e) => update({ clv: e.target.value })} data-testid="filter-clv">
          <option value="">{t('accounts.allQuadrants')}</option>
          {CLV.map((c) => <option key={c} value={c}>{label(c)}</option>)}
        </select>
        <label htmlFor="acc-sort">{t('accounts.sortBy')}</label>
        <select id="acc-sort" value={sortField.field} onChange={(e) => update({ sort: e.target.value, dir: null })}>
          {SORTS.map((s) => <option key={s.field} value={s.field}>{t(s.label)}</option>)}
        </select>
        <button type="button" onClick={() => update({ dir: dir === 'ASC' ? 'DESC' : 'ASC' })} aria-label={dir === 'ASC' ? t('accounts.sortAscLabel') : t('accounts.sortDescLabel')}>
          {dir === 'ASC' ? t('accounts.asc') : t('accounts.desc')}
        </button>
      </form>

      {res.error && <ErrorBox error={res.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {!res.data && res.fetching && <Skeleton rows={8} height={36} label={t('accounts.loading')} />}
      {conn && (
        <>
          <CsvButton selector='[data-testid="accounts-table"]' title={t('accounts.title')} testId="export-accounts-csv" />
          <table className="table" data-testid="accounts-table">
            <thead>
              <tr>
                <th>{t('accounts.col.account')}</th>
                <th>{t('accounts.col.tier')}</th>
                <th className="num">{t('accounts.col.health')}</th>
                <th>{t('accounts.col.worstGap')}</th>
                <th>{t('accounts.col.abcClv')}</th>
                <th>{t('accounts.col.segment')}</th>
                <th className="num">{t('accounts.col.revenue')}</th>
                <th className="num">{t('accounts.col.potential')}</th>
                <th className="num">{t('accounts.col.contacts')}</th>
                <th className="num">{t('accounts.col.opps')}</th>
              </tr>
            </thead>
            <tbody className={res.fetching ? 'stale' : ''}>
              {rows.map((a) => (
                <tr key={a.id} data-testid="account-row" data-tier={a.tier} data-segment={a.segment} data-abc={a.abcClass} data-clv={a.clvQuadrant}>
                  <td>
                    <Link to={`/accounts/${encodeURIComponent(a.id)}`} className="strong">{a.name}</Link>
                    {a.parent && <div className="muted small">{t('accounts.partOf', { name: a.parent.name })}</div>}
                  </td>
                  <td><TierBadge tier={a.tier} /></td>
                  <td className="num"><HealthPill score={a.health.score} /></td>
                  <td className="gap-cell"><WorstGap accountId={a.id} summary={a.gapSummary} /></td>
                  <td><span className="badge">{a.abcClass}</span> <span className="muted small">{label(a.clvQuadrant)}</span></td>
                  <td>{label(a.segment)}<div className="muted small">{a.region ?? ''}</div></td>
                  <td className="num">{fmtMoney(a.annualRevenue)}</td>
                  <td className="num">{fmtMoney(a.potentialValue)}</td>
                  <td className="num">{fmtNumber(a.contacts.totalCount)}</td>
                  <td className="num">{fmtNumber(a.opportunities.totalCount)}</td>
                </tr>
              ))}
              {rows.length === 0 && (
                <tr><td colSpan={10} className="empty">{t('accounts.empty')}</td></tr>
              )}
            </tbody>
          </table>
          {!computedFilter && <div className="pager">
            <button type="button" disabled={!conn.pageInfo.hasPreviousPage && !after} onClick={() => update({ before: conn.pageInfo.startCursor ?? null, after: null }, false)}>
              {t('common.previous')}
            </button>
            <button type="button" disabled={!conn.pageInfo.hasNextPage && !before} onClick={() => update({ after: conn.pageInfo.endCursor ?? null, before: null }, false)} data-testid="next-page">
              {t('common.next')}
            </button>
          </div>}
          {computedFilter && <p className="muted small">{t('accounts.computedNote')}</p>}
        </>
      )}
    </div>
  );
}
