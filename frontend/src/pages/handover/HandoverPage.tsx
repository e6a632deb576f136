// Handover on rotation: pick a team member and see what their rotation
// would put at risk: each contact left uncovered, weakly covered or
// single-threaded (in words and a mark, worst first), who could take each
// over (people who already know them, then the account's team), and the
// open decision chains and account plans that name them.
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import { nodesOf } from '../../lib/connection';
import { CsvDataButton } from '../../lib/exportButtons';
import { coverageLabel, label } from '../../lib/labels';
import { TeamMembersQuery } from '../account/queries';
import { HandOver } from './HandOver';
import { HandoverImpactQuery } from './queries';

const RISK_MARK: Record<string, string> = { UNCOVERED: '✕', WEAK: '◔', SINGLE_THREADED: '①' };

export default function HandoverPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const member = params.get('member');
  const [teamRes] = useQuery({ query: TeamMembersQuery });
  const team = useMemo(() => nodesOf(teamRes.data?.teamMembers), [teamRes.data]);
  const [res, refetch] = useQuery({ query: HandoverImpactQuery, variables: { member: member ?? '' }, pause: !member });
  const h = member ? res.data?.handoverImpact ?? null : null;
  const counts = useMemo(() => {
    const c: Record<string, number> = { UNCOVERED: 0, WEAK: 0, SINGLE_THREADED: 0 };
    for (const x of h?.contacts ?? []) c[x.risk] = (c[x.risk] ?? 0) + 1;
    return c;
  }, [h]);
  const successors = (x: NonNullable<typeof h>['contacts'][number]) =>
    [...x.others.map((o) => `${o.teamMember.name} (${coverageLabel(o.strength)})`), ...x.accountTeam.map((o) => `${o.teamMember.name} (${t('handover.coversN', { count: o.contacts })})`)];

  return (
    <div className="page" data-testid="handover-page">
      <div className="page-head">
        <h1>{t('handover.title')}</h1>
      </div>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="handover-member">{t('handover.member')}</label>
        <select id="handover-member" value={member ?? ''} data-testid="handover-member"
          onChange={(e) => setParams((prev) => { const n = new URLSearchParams(prev); if (e.target.value) n.set('member', e.target.value); else n.delete('member'); return n; }, { replace: true })}>
          <option value="">{t('common.choose')}</option>
          {team.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
        </select>
        {h && (
          <CsvDataButton
            testId="export-handover-csv"
            title={`${h.teamMember.name}-${t('handover.title')}`}
            header={[t('handover.col.contact'), t('handover.col.account'), t('handover.col.risk'), t('handover.col.strength'), t('handover.col.successors')]}
            rows={() => h.contacts.map((x) => [x.contact.name, x.contact.account.name, t(`handover.risk.${x.risk}`), x.strength, successors(x).join('; ')])}
          />
        )}
      </form>
      <p className="muted small">{t('handover.intro')}</p>
      {res.error && <ErrorBox error={res.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      {member && !res.data && !res.error && <Skeleton rows={6} height={32} label={t('handover.loading')} />}
      {h && (
        <>
          <p data-testid="handover-summary">
            {t('handover.summary', { name: h.teamMember.name, covered: h.covered, atRisk: h.contacts.length })}{' '}
            {(['UNCOVERED', 'WEAK', 'SINGLE_THREADED'] as const).map((r) => (
              <span key={r} className="badge" data-testid={`handover-count-${r}`}>{RISK_MARK[r]} {t(`handover.risk.${r}`)} {counts[r]}</span>
            ))}
          </p>
          {h.contacts.length === 0 ? <p className="muted">{t('handover.noRisk')}</p> : (
            <div className="table-scroll">
              <table className="table" data-testid="handover-table">
                <thead>
                  <tr>
                    <th scope="col">{t('handover.col.contact')}</th>
                    <th scope="col">{t('handover.col.account')}</th>
                    <th scope="col">{t('handover.col.risk')}</th>
                    <th scope="col">{t('handover.col.strength')}</th>
                    <th scope="col">{t('handover.col.successors')}</th>
                  </tr>
                </thead>
                <tbody>
                  {h.contacts.map((x) => (
                    <tr key={x.contact.id} data-testid="handover-row" data-risk={x.risk}>
                      <th scope="row"><Link to={`/accounts/${encodeURIComponent(x.contact.account.id)}?node=${encodeURIComponent(x.contact.id)}`}>{x.contact.name}</Link>{x.contact.title && <div className="muted small">{x.contact.title}</div>}</th>
                      <td>{x.contact.account.name}</td>
                      <td><span className={`badge risk-${x.risk.toLowerCase()}`}>{RISK_MARK[x.risk]} {t(`handover.risk.${x.risk}`)}</span></td>
                      <td>{coverageLabel(x.strength)}</td>
                      <td data-testid="handover-successors">{successors(x).length ? successors(x).join(', ') : <span className="muted">{t('handover.noSuccessor')}</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="below-grid">
            <section className="card" aria-labelledby="ho-opps" data-testid="handover-opportunities">
              <h2 id="ho-opps">{t('handover.opportunities')}</h2>
              {h.opportunities.length === 0 ? <p className="muted">{t('handover.none')}</p> : (
                <ul className="plain">
                  {h.opportunities.map((o) => <li key={o.id}><Link to={`/accounts/${encodeURIComponent(o.account.id)}?opp=${encodeURIComponent(o.id)}`}>{o.name}</Link> <span className="muted small">{o.account.name} · {label(o.stage)}</span></li>)}
                </ul>
              )}
            </section>
            <section className="card" aria-labelledby="ho-plans" data-testid="handover-plans">
              <h2 id="ho-plans">{t('handover.plans')}</h2>
              {h.plans.length === 0 ? <p className="muted">{t('handover.none')}</p> : (
                <ul className="plain">
                  {h.plans.map((p) => <li key={p.id}><Link to={`/accounts/${encodeURIComponent(p.account.id)}/plan`}>{p.account.name} · {p.period}</Link></li>)}
                </ul>
              )}
            </section>
          </div>
        </>
      )}
      {member && h && <HandOver key={member} memberId={member} team={team} onDone={() => refetch({ requestPolicy: 'network-only' })} />}
    </div>
  );
}
