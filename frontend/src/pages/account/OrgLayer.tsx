import { useState } from 'react';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import { TierBadge } from '../../components/Badge';
import { nodesOf } from '../../lib/connection';
import { fmtDate, label } from '../../lib/labels';
import { useGraphChanged } from '../../lib/live';
import type { AccountOrgLayerQuery as Data } from '../../gql/graphql';
import { AccountOrgLayerQuery } from './orgLayerQueries';
import { pairingTone, stageSteps } from './orgLayer';
import { PairingForm } from './PairingForm';
import { ValueForm } from './ValueForm';
import { engineText } from '../../i18n/engineText';

type Account = Extract<NonNullable<Data['node']>, { __typename: 'Account' }>;

/**
 * Both cards read one query (urql shares its result); only the first
 * listens for changes, so the page holds one more stream, not two.
 */
function useOrgLayer(accountId: string, live: boolean) {
  const [res, reexecute] = useQuery({ query: AccountOrgLayerQuery, variables: { id: accountId } });
  useGraphChanged(live ? accountId : undefined, () => reexecute({ requestPolicy: 'network-only' }));
  const account = res.data?.node?.__typename === 'Account' ? (res.data.node as Account) : null;
  return { account, error: res.error, fetching: res.fetching, refetch: () => reexecute({ requestPolicy: 'network-only' }) };
}

/** The organizational layer: engagements between the companies and executive pairings with their health. */
export function OrgLayer({ accountId, onSelect, canEdit = false, team = [], people = [] }: {
  accountId: string;
  onSelect: (id: string) => void;
  canEdit?: boolean;
  team?: { id: string; name: string }[];
  people?: { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  const { account, error, fetching, refetch } = useOrgLayer(accountId, true);
  const [adding, setAdding] = useState(false);
  const engagements = nodesOf(account?.engagements);
  const pairings = nodesOf(account?.executivePairings);
  return (
    <section className="card" aria-labelledby="org-h" data-testid="org-layer">
      <div className="card-head">
        <h2 id="org-h">{t('org.title')}</h2>
        {account && <span className="muted small">{t('org.counts', { engagements: engagements.length, pairings: pairings.length })}</span>}
        {canEdit && !adding && <button type="button" data-testid="add-pairing" onClick={() => setAdding(true)}>{t('org.addPairingButton')}</button>}
      </div>
      {adding && (
        <PairingForm
          accountId={accountId}
          team={team}
          people={people}
          onCancel={() => setAdding(false)}
          onDone={() => { setAdding(false); refetch(); }}
        />
      )}
      {error && <ErrorBox error={error} />}
      {!account && fetching && <Skeleton rows={4} height={28} label={t('org.loading')} />}
      {account && (
        <>
          <h3 className="small">{t('org.pairings')}</h3>
          {pairings.length === 0 && <p className="muted" data-testid="no-pairings">{t('org.noPairings')}</p>}
          <ul className="plain" data-testid="pairings">
            {pairings.map((p) => (
              <li key={p.id} data-testid="pairing" title={engineText(p.health.explanation)}>
                <strong>{p.teamMember.name}</strong>
                {' ↔ '}
                <button type="button" className="link" onClick={() => onSelect(p.contact.id)}>{p.contact.name}</button>
                {p.contact.title && <span className="muted small"> · {p.contact.title}</span>}
                {' '}
                <span className={`pill ${pairingTone(p.health.state)}`} data-testid="pairing-state">{label(p.health.state)}</span>
                {' '}
                <span className="muted small" data-testid="pairing-health">
                  {p.health.daysSinceMet == null
                    ? t('org.neverMet', { strength: p.health.strength, score: p.health.score })
                    : t('org.lastMet', { days: p.health.daysSinceMet, date: fmtDate(p.health.lastMetAt), strength: p.health.strength, score: p.health.score })}
                </span>
              </li>
            ))}
          </ul>
          <h3 className="small">{t('org.engagements')}</h3>
          {engagements.length === 0 && <p className="muted" data-testid="no-engagements">{t('org.noEngagements')}</p>}
          <ul className="plain" data-testid="engagements">
            {engagements.map((e) => (
              <li key={e.id} data-testid="engagement">
                <strong>{e.name}</strong> <span className="muted small">· {label(e.kind)} · {label(e.status, 'EngagementStatus')}</span>
                <div className="muted small">
                  {e.endsAt ? t('org.period', { from: fmtDate(e.startsAt), to: fmtDate(e.endsAt) }) : t('org.since', { from: fmtDate(e.startsAt) })}
                </div>
                <div className="small">
                  {t('org.ours')}: {nodesOf(e.owners).map((o) => o.name).join(', ') || '—'}
                  {' · '}
                  {t('org.theirs')}: {nodesOf(e.customerOwners).map((c) => c.name).join(', ') || '—'}
                </div>
                {e.notes && <div className="muted small">{e.notes}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Value beyond revenue: the recommended tier beside the recorded one, the assessments, and the loyalty and lifecycle history. */
export function ValueCard({ accountId, canEdit = false }: { accountId: string; canEdit?: boolean }) {
  const { t } = useTranslation();
  const { account, error, fetching, refetch } = useOrgLayer(accountId, false);
  const [adding, setAdding] = useState(false);
  const rec = account?.tierRecommendation;
  const assessments = nodesOf(account?.valueAssessments);
  const latest = assessments[0];
  const steps = stageSteps(nodesOf(account?.stageChanges));
  return (
    <section className="card" aria-labelledby="value-h" data-testid="value-card">
      <div className="card-head">
        <h2 id="value-h">{t('value.title')}</h2>
        {rec?.score != null && <span className="muted small" data-testid="value-score">{t('value.score', { score: rec.score })}</span>}
        {canEdit && !adding && <button type="button" data-testid="add-value-assessment" onClick={() => setAdding(true)}>{t('value.addButton')}</button>}
      </div>
      {adding && <ValueForm accountId={accountId} onCancel={() => setAdding(false)} onDone={() => { setAdding(false); refetch(); }} />}
      {error && <ErrorBox error={error} />}
      {!account && fetching && <Skeleton rows={4} height={28} label={t('value.loading')} />}
      {rec && (
        <>
          <p data-testid="tier-recommendation">
            {t('value.recommended')} <TierBadge tier={rec.tier} />{' '}
            {rec.agrees
              ? <span className="pill good" data-testid="tier-agrees">{t('value.agrees')}</span>
              : <span className="pill bad" data-testid="tier-disagrees">{t('value.disagrees', { tier: label(rec.recordedTier) })}</span>}
            <span className="muted small"> · {label(rec.basis)}</span>
          </p>
          {rec.recordedReason && <p className="muted small" data-testid="recorded-reason">{t('value.recordedReason', { reason: rec.recordedReason })}</p>}
          <ul className="small" data-testid="tier-reasons">
            {rec.reasons.map((r) => <li key={r}>{r}</li>)}
          </ul>
        </>
      )}
      {latest && (
        <table className="small" data-testid="value-criteria">
          <caption className="muted">{t('value.latest', { date: fmtDate(latest.assessedAt), by: latest.assessedBy?.name ?? '—' })}</caption>
          <thead>
            <tr><th>{t('value.criterion')}</th><th>{t('value.scoreCol')}</th><th>{t('value.weight')}</th><th>{t('value.points')}</th></tr>
          </thead>
          <tbody>
            {latest.criteria.map((c) => (
              <tr key={c.criterion}>
                <td>{label(c.criterion)} <span className="muted">· {label(c.group, 'ValueGroup')}</span></td>
                <td>{c.score}/5</td>
                <td>{c.weight}</td>
                <td>{c.points}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {assessments.length > 0 && (
        <>
          <h3 className="small">{t('value.history')}</h3>
          <ul className="plain small" data-testid="value-history">
            {assessments.map((a) => (
              <li key={a.id}>{fmtDate(a.assessedAt)} · {a.score} · {label(a.recommendedTier)}{a.note ? ` · ${a.note}` : ''}</li>
            ))}
          </ul>
        </>
      )}
      {account && (
        <>
          <h3 className="small">{t('value.stages')}</h3>
          <p className="small" data-testid="current-stages">
            {t('value.loyalty')}: {label(account.loyaltyStage)} · {t('value.lifecycle')}: {label(account.lifecycleStage)}
          </p>
          <ul className="plain small" data-testid="stage-history">
            {steps.map((s) => (
              <li key={s.id}>
                {fmtDate(s.changedAt)} · {label(s.ladder)}: {s.fromStage ? `${label(s.fromStage)} → ` : ''}{label(s.toStage)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
