import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { AccountOrderField, AccountSegment, AccountWhereInput, OrderDirection, Tier } from '../../gql/graphql';
import { TierBadge } from '../../components/Badge';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import { nodesOf } from '../../lib/connection';
import { fmtMoney, label, SEGMENTS, TIERS } from '../../lib/labels';

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

const WorstGapQuery = graphql(/* GraphQL */ `
  query WorstGap($accountId: ID!) {
    coverageGaps(accountId: $accountId) {
      kind
      severity
      reason
      contact {
        id
        name
      }
    }
  }
`);

/** The account's most severe coverage gap (the engine lists them most severe first). */
function WorstGap({ accountId }: { accountId: string }) {
  const [res] = useQuery({ query: WorstGapQuery, variables: { accountId } });
  if (res.error) return <span className="muted small">—</span>;
  if (!res.data) return <span className="skeleton inline-skel" aria-label="Loading gaps" />;
  const gaps = res.data.coverageGaps;
  const g = gaps[0];
  if (!g) return <span className="muted small">none</span>;
  return (
    <span className="worst-gap" title={g.reason}>
      <span className={`sev-dot sev-${g.severity.toLowerCase()}`} aria-hidden="true" />
      {label(g.kind)}: <Link to={`/accounts/${encodeURIComponent(accountId)}?node=${encodeURIComponent(g.contact.id)}`}>{g.contact.name}</Link>
      {gaps.length > 1 && <span className="muted small"> +{gaps.length - 1}</span>}
    </span>
  );
}

function HealthPill({ score }: { score: number }) {
  const cls = score >= 70 ? 'good' : score >= 45 ? 'mid' : 'bad';
  return <span className={`pill ${cls}`} title="Relationship health, 0-100">{score}</span>;
}

const ABC = ['A', 'B', 'C'] as const;
const CLV = ['HIGH_VALUE', 'SECONDARY_VALUE', 'POTENTIAL_VALUE', 'LOW_VALUE'] as const;

const SORTS: { field: AccountOrderField; label: string; dir: OrderDirection }[] = [
  { field: 'NAME', label: 'Name', dir: 'ASC' },
  { field: 'TIER', label: 'Tier', dir: 'ASC' },
  { field: 'ANNUAL_REVENUE', label: 'Revenue', dir: 'DESC' },
  { field: 'POTENTIAL_VALUE', label: 'Potential value', dir: 'DESC' },
  { field: 'UPDATED_AT', label: 'Recently updated', dir: 'DESC' },
];

/** Filter state lives in the URL so a filtered list can be shared. */
export function accountsWhere(p: URLSearchParams): AccountWhereInput | undefined {
  const w: AccountWhereInput = {};
  const q = p.get('q')?.trim();
  if (q) w.nameContainsFold = q;
  const tier = p.get('tier');
  if (tier && (TIERS as readonly string[]).includes(tier)) w.tier = tier as Tier;
  const seg = p.get('segment');
  if (seg && (SEGMENTS as readonly string[]).includes(seg)) w.segment = seg as AccountSegment;
  return Object.keys(w).length ? w : undefined;
}

export default function AccountsPage() {
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
        <h1>Accounts</h1>
        {conn && <span className="muted" data-testid="accounts-total">{total} accounts</span>}
      </div>
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="sr-only" htmlFor="acc-q">Search accounts by name</label>
        <input
          id="acc-q"
          type="search"
          placeholder="Search by name…"
          defaultValue={params.get('q') ?? ''}
          onChange={(e) => update({ q: e.target.value })}
          data-testid="accounts-search"
        />
        <label htmlFor="acc-tier">Tier</label>
        <select id="acc-tier" value={params.get('tier') ?? ''} onChange={(e) => update({ tier: e.target.value })} data-testid="filter-tier">
          <option value="">All tiers</option>
          {TIERS.map((t) => <option key={t} value={t}>{label(t)}</option>)}
        </select>
        <label htmlFor="acc-seg">Segment</label>
        <select id="acc-seg" value={params.get('segment') ?? ''} onChange={(e) => update({ segment: e.target.value })} data-testid="filter-segment">
          <option value="">All segments</option>
          {SEGMENTS.map((s) => <option key={s} value={s}>{label(s)}</option>)}
        </select>
        <label htmlFor="acc-abc">ABC</label>
        <select id="acc-abc" value={abc ?? ''} onChange={(e) => update({ abc: e.target.value })} data-testid="filter-abc">
          <option value="">All</option>
          {ABC.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
        <label htmlFor="acc-clv">CLV</label>
        <select id="acc-clv" value={clv ?? ''} onChange={(e) => update({ clv: e.target.value })} data-testid="filter-clv">
          <option value="">All quadrants</option>
          {CLV.map((c) => <option key={c} value={c}>{label(c)}</option>)}
        </select>
        <label htmlFor="acc-sort">Sort</label>
        <select id="acc-sort" value={sortField.field} onChange={(e) => update({ sort: e.target.value, dir: null })}>
          {SORTS.map((s) => <option key={s.field} value={s.field}>{s.label}</option>)}
        </select>
        <button type="button" onClick={() => update({ dir: dir === 'ASC' ? 'DESC' : 'ASC' })} aria-label={`Sort direction: ${dir === 'ASC' ? 'ascending' : 'descending'}`}>
          {dir === 'ASC' ? '↑ Asc' : '↓ Desc'}
        </button>
      </form>

      {res.error && <ErrorBox error={res.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {!res.data && res.fetching && <Skeleton rows={8} height={36} label="Loading accounts" />}
      {conn && (
        <>
          <table className="table" data-testid="accounts-table">
            <thead>
              <tr>
                <th>Account</th>
                <th>Tier</th>
                <th className="num">Health</th>
                <th>Worst gap</th>
                <th>ABC · CLV</th>
                <th>Segment</th>
                <th className="num">Revenue</th>
                <th className="num">Potential</th>
                <th className="num">Contacts</th>
                <th className="num">Opps</th>
              </tr>
            </thead>
            <tbody className={res.fetching ? 'stale' : ''}>
              {rows.map((a) => (
                <tr key={a.id} data-testid="account-row" data-tier={a.tier} data-segment={a.segment} data-abc={a.abcClass} data-clv={a.clvQuadrant}>
                  <td>
                    <Link to={`/accounts/${encodeURIComponent(a.id)}`} className="strong">{a.name}</Link>
                    {a.parent && <div className="muted small">part of {a.parent.name}</div>}
                  </td>
                  <td><TierBadge tier={a.tier} /></td>
                  <td className="num"><HealthPill score={a.health.score} /></td>
                  <td className="gap-cell"><WorstGap accountId={a.id} /></td>
                  <td><span className="badge">{a.abcClass}</span> <span className="muted small">{label(a.clvQuadrant)}</span></td>
                  <td>{label(a.segment)}<div className="muted small">{a.region ?? ''}</div></td>
                  <td className="num">{fmtMoney(a.annualRevenue)}</td>
                  <td className="num">{fmtMoney(a.potentialValue)}</td>
                  <td className="num">{a.contacts.totalCount}</td>
                  <td className="num">{a.opportunities.totalCount}</td>
                </tr>
              ))}
              {rows.length === 0 && (
                <tr><td colSpan={10} className="empty">No accounts match these filters.</td></tr>
              )}
            </tbody>
          </table>
          {!computedFilter && <div className="pager">
            <button type="button" disabled={!conn.pageInfo.hasPreviousPage && !after} onClick={() => update({ before: conn.pageInfo.startCursor ?? null, after: null }, false)}>
              ← Previous
            </button>
            <button type="button" disabled={!conn.pageInfo.hasNextPage && !before} onClick={() => update({ after: conn.pageInfo.endCursor ?? null, before: null }, false)} data-testid="next-page">
              Next →
            </button>
          </div>}
          {computedFilter && <p className="muted small">ABC class and CLV quadrant are computed by the engine: this view filters all accounts in the browser, without pages.</p>}
        </>
      )}
    </div>
  );
}
