import type { AccountGraphQuery, CoverageGapsQuery } from '../../gql/graphql';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import type { CombinedError } from 'urql';
import { label } from '../../lib/labels';
import { useTranslation } from 'react-i18next';
import { engineText } from '../../i18n/engineText';
import { SurveyTrendLines } from './SurveyTrend';


type Gap = CoverageGapsQuery['coverageGaps'][number];
type Health = Extract<NonNullable<AccountGraphQuery['node']>, { __typename: 'Account' }>['health'];

const SEVERITY_RANK: Record<string, number> = { HIGH: 3, MEDIUM: 2, LOW: 1 };

export function worstGap(gaps: readonly Gap[]): Gap | null {
  return [...gaps].sort((a, b) => (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0))[0] ?? null;
}

type ComplaintTrend = AccountGraphQuery['complaintTrend'];

/** The complaint trend (issue 16): open and overdue now, answer time, and complaints opened per month. */
function ComplaintTrendLine({ trend }: { trend: ComplaintTrend }) {
  const { t } = useTranslation();
  const peak = Math.max(1, ...trend.months.map((m) => m.opened));
  return (
    <div className="small" data-testid="complaint-trend">
      <div className="muted">
        {t('health.complaintTrend', { open: trend.openNow, overdue: trend.overdueNow })}
        {trend.averageResponseHours != null && <> · {t('health.responseHours', { hours: Math.round(trend.averageResponseHours) })}</>}
        {trend.withinTarget != null && <> · {t('health.withinTarget', { percent: Math.round(trend.withinTarget * 100) })}</>}
      </div>
      <div className="comp-spark" aria-label={t('health.openedPerMonth')} role="img">
        {trend.months.map((m) => (
          <span key={m.month} title={t('health.monthOpened', { month: m.month, opened: m.opened, resolved: m.resolved })}
            style={{ display: 'inline-block', width: 6, marginRight: 2, verticalAlign: 'bottom', background: 'currentColor', opacity: 0.5, height: `${2 + Math.round((m.opened / peak) * 14)}px` }} />
        ))}
      </div>
    </div>
  );
}

export function HealthCard({ health, complaints, accountId }: { health: Health; complaints?: ComplaintTrend; accountId?: string }) {
  const { t } = useTranslation();
  const cls = health.score >= 70 ? 'good' : health.score >= 45 ? 'mid' : 'bad';
  return (
    <section className="card" aria-labelledby="health-h" data-testid="health">
      <div className="card-head">
        <h2 id="health-h">{t('health.title')}</h2>
        <span className={`score ${cls}`} data-testid="health-score">{health.score}</span>
        <span className="muted small">{t('health.of100')}</span>
      </div>
      <ul className="components">
        {health.components.map((c) => (
          <li key={c.name} title={engineText(c.explanation)}>
            <div className="comp-head">
              <span className="strong">{t(`health.component.${c.name}`, { defaultValue: label(c.name.replace(/([a-z])([A-Z])/g, '$1_$2')) })}</span>
              <span className="muted small">{t('health.weight', { percent: Math.round(c.weight * 100) })}</span>
              <span className="comp-val">{Math.round(c.value * 100)}</span>
            </div>
            <div className="comp-bar"><span style={{ width: `${Math.round(c.value * 100)}%` }} /></div>
            <div className="muted small">{engineText(c.explanation)}</div>
            {c.name === 'complaints' && complaints && <ComplaintTrendLine trend={complaints} />}
            {c.name === 'satisfaction' && accountId && <SurveyTrendLines accountId={accountId} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Exposure({ gaps, error, fetching, staleDays, onStaleDays, onSelect }: {
  gaps: readonly Gap[] | null;
  error?: CombinedError;
  fetching: boolean;
  staleDays: number | null;
  onStaleDays: (n: number | null) => void;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="gaps-h" data-testid="exposure">
      <div className="card-head">
        <h2 id="gaps-h">{t('exposure.title')}</h2>
        {gaps && <span className="muted small">{t('exposure.gaps', { count: gaps.length })}</span>}
        <label htmlFor="stale-days">{t('exposure.staleAfter')}</label>
        <select id="stale-days" value={staleDays ?? ''} onChange={(e) => onStaleDays(e.target.value === '' ? null : Number(e.target.value))}>
          <option value="">{t('exposure.policyCadence')}</option>
          {[30, 60, 90, 180].map((n) => <option key={n} value={n}>{t('common.days', { count: n })}</option>)}
        </select>
      </div>
      {error && <ErrorBox error={error} />}
      {!gaps && fetching && <Skeleton rows={5} height={44} label={t('accounts.loadingGaps')} />}
      {gaps && gaps.length === 0 && <p className="muted">{t('exposure.none')}</p>}
      <ul className="gaps">
        {(gaps ?? []).map((g, i) => (
          <li key={`${g.kind}:${g.contact.id}:${g.opportunity?.id ?? i}`} className={`gap sev-${g.severity.toLowerCase()}`} data-testid="gap">
            <span className={`sev-tag sev-${g.severity.toLowerCase()}`} data-testid="gap-severity">{label(g.severity)}</span>
            <span className="gap-kind">{label(g.kind)}</span>
            <button type="button" className="link strong" onClick={() => onSelect(g.contact.id)}>{g.contact.name}</button>
            {g.opportunity && <span className="muted small"> · {g.opportunity.name}</span>}
            <div>{engineText(g.reason)}</div>
            <div className="muted small">{engineText(g.suggestion)}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
