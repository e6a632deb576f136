// The plan's progress as one card of the account brief (kept short: the brief prints on one page).
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { fmtMoney } from '../../lib/labels';
import { BriefPlanQuery } from './queries';

const TOP = 4;

export function BriefPlan({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const [res] = useQuery({ query: BriefPlanQuery, variables: { id: accountId } });
  const account = res.data?.node?.__typename === 'Account' ? res.data.node : null;
  if (!res.data) return null;
  const plan = account?.plan;
  return (
    <section className="card" aria-labelledby="brief-plan-h" data-testid="brief-plan">
      <h2 id="brief-plan-h">{plan ? t('plan.titleWith', { period: plan.period }) : t('plan.title')}</h2>
      {!plan && <p className="muted small">{t('plan.none')}</p>}
      {plan && (
        <>
          <p className="small" data-testid="brief-plan-counts">
            {t('brief.planCounts', { done: plan.progress.done, planned: plan.progress.planned, overdue: plan.progress.overdue, cancelled: plan.progress.cancelled })}
            {' · '}
            {t('brief.planBudget', { spent: fmtMoney(plan.progress.spentBudget), planned: fmtMoney(plan.progress.plannedBudget) })}
          </p>
          <ul className="brief-list small">
            {plan.progress.objectives.slice(0, TOP).map((o) => (
              <li key={o.objective.id}>
                {o.reached ? '✓ ' : o.overdue ? '⚠ ' : '○ '}{o.objective.title} <span className="muted">({t(`plan.objective.${o.reached ? 'reached' : o.overdue ? 'overdue' : 'open'}`)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
