// The header's link to the alerts inbox, with the viewer's count of new alerts.
import { NavLink } from 'react-router-dom';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { fmtNumber } from '../../i18n/format';
import { AlertCountQuery } from './queries';

// urql re-runs a query whenever its context object changes identity: one
// object for every render, or the header would refetch in a loop.
const COUNT_CONTEXT = { additionalTypenames: ['Alert'] };

// The link's accessible name is its visible text (axe: label-content-name-mismatch);
// the sentence with the count is its title.
export function AlertCount() {
  const { t } = useTranslation();
  const [res] = useQuery({ query: AlertCountQuery, context: COUNT_CONTEXT, requestPolicy: 'cache-and-network' });
  const n = res.data?.alerts.counts.new ?? 0;
  return (
    <NavLink to="/alerts" data-testid="alerts-link" title={n > 0 ? t('alerts.navCount', { count: n }) : undefined}>
      {t('alerts.nav')}
      {n > 0 && <span className="badge alert-count" data-testid="alerts-count">{fmtNumber(n)}</span>}
    </NavLink>
  );
}
