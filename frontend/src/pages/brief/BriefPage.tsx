// The account brief: one A4 page for a meeting or a quarterly review, made
// to be printed to PDF from the browser (brief.css hides the navigation and
// sets the page). Health and its components, the decision chain of each open
// opportunity with its coverage, the top gaps with their best introduction
// paths, the plan's progress, and what changed in the last 90 days.
import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import { IntroductionPathsQuery } from '../../components/graph/fragments';
import { nodesOf } from '../../lib/connection';
import { label } from '../../lib/labels';
import { fmtDate } from '../../i18n/format';
import { HealthCard } from '../account/Exposure';
import { AccountGraphQuery, CoverageGapsQuery, GRAPH_CONTEXT, GraphDiffQuery } from '../account/queries';
import { WhatChanged } from '../account/WhatChanged';
import { diffWindow } from '../account/whatChanged';
import './brief.css';
import { engineText } from '../../i18n/engineText';
import { BriefPlan } from '../plan/BriefPlan';

const SEVERITY_ORDER: Record<string, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };
const TOP_GAPS = 4;
const noop = () => {};

function IntroPath({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const [res] = useQuery({ query: IntroductionPathsQuery, variables: { to: contactId, maxHops: 4 }, context: GRAPH_CONTEXT });
  const best = res.data?.introductionPaths?.[0];
  if (res.fetching) return <span className="muted small">…</span>;
  if (!best) return <span className="muted small">{t('brief.noPath')}</span>;
  return (
    <span className="small" data-testid="brief-path">
      {t('brief.path')}: {best.nodes.map((n) => n.label).join(' → ')}
    </span>
  );
}

export default function BriefPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [res] = useQuery({ query: AccountGraphQuery, variables: { id }, context: GRAPH_CONTEXT });
  const account = res.data?.node?.__typename === 'Account' ? res.data.node : null;
  const [gapsRes] = useQuery({ query: CoverageGapsQuery, variables: { accountId: id, staleDays: null }, pause: !account, context: GRAPH_CONTEXT });
  const window90 = useMemo(() => diffWindow(90), []);
  const [diffRes] = useQuery({ query: GraphDiffQuery, variables: { accountId: id, ...window90 }, pause: !account, context: GRAPH_CONTEXT });
  const opportunities = useMemo(() => nodesOf(account?.opportunities).filter((o) => o.stage !== 'WON' && o.stage !== 'LOST'), [account]);
  const gaps = useMemo(
    () => [...(gapsRes.data?.coverageGaps ?? [])].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9)).slice(0, TOP_GAPS),
    [gapsRes.data],
  );

  if (res.error) return <ErrorBox error={res.error} />;
  if (!res.data) return <Skeleton rows={10} height={24} label={t('brief.loading')} />;
  if (!account) return <ErrorBox error={t('account.notFound')} />;

  return (
    <article className="brief" data-testid="brief" aria-labelledby="brief-h">
      <div className="brief-actions no-print">
        <Link to={`/accounts/${encodeURIComponent(id)}`}>{t('account.back')}</Link>{' '}
        <button type="button" onClick={() => window.print()} data-testid="brief-print">{t('brief.print')}</button>
      </div>
      <header className="brief-head">
        <h1 id="brief-h">{account.name}</h1>
        <p className="muted small">
          {t('brief.subtitle', { tier: label(account.tier), date: fmtDate(new Date().toISOString()) })}
        </p>
      </header>
      <div className="brief-grid">
        <HealthCard health={account.health} />
        <section className="card" aria-labelledby="brief-gaps-h" data-testid="brief-gaps">
          <h2 id="brief-gaps-h">{t('brief.topGaps')}</h2>
          {gapsRes.fetching && !gapsRes.data && <Skeleton rows={3} height={18} label={t('brief.loading')} />}
          {gapsRes.data && gaps.length === 0 && <p className="muted">{t('brief.noGaps')}</p>}
          <ol className="brief-list">
            {gaps.map((g, i) => (
              <li key={i}>
                <strong>{label(g.severity)}</strong> · {label(g.kind)}{g.contact ? ` · ${g.contact.name}` : ''}
                <div className="small">{engineText(g.reason)}</div>
                {g.contact && <IntroPath contactId={g.contact.id} />}
              </li>
            ))}
          </ol>
        </section>
      </div>
      <section className="card" aria-labelledby="brief-chain-h" data-testid="brief-chains">
        <h2 id="brief-chain-h">{t('chain.title')}</h2>
        {opportunities.length === 0 && <p className="muted">{t('chain.noOpportunities')}</p>}
        {opportunities.map((o) => {
          const links = [...(o.decisionChain?.links ?? [])].sort((a, b) => a.position - b.position);
          return (
            <div key={o.id} className="brief-chain">
              <h3>
                {o.name} <span className="muted small">{label(o.stage)} · {t('chain.covered', { percent: Math.round((o.decisionChain?.coverageRatio ?? 0) * 100) })}</span>
              </h3>
              <p className="small">
                {links.length === 0
                  ? t('chain.empty')
                  : links.map((l, i) => (
                      <span key={l.link.id} className={l.covered ? 'covered' : 'uncovered'}>
                        {i > 0 && ' → '}
                        {l.contact.name} ({label(l.role)}{l.covered ? '' : `, ${t('chain.uncovered')}`})
                      </span>
                    ))}
              </p>
            </div>
          );
        })}
      </section>
      <BriefPlan accountId={id} />
      <WhatChanged diff={diffRes.data?.graphDiff ?? null} error={diffRes.error} fetching={diffRes.fetching} days={90} onDays={noop} onSelect={noop} />
    </article>
  );
}
