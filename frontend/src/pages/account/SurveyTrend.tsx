import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { label } from '../../lib/labels';

// The survey dimensions of the telecom vendor's practice with their trend
// (issue 16 point 6), under the health card's satisfaction component: each
// dimension's latest quarter, its change from the one before and an arrow.

const SurveyTrendQuery = graphql(/* GraphQL */ `
  query AccountSurveyTrend($id: ID!) {
    node(id: $id) {
      id
      ... on Account {
        surveyTrend(quarters: 8) {
          surveys
          dimensions {
            dimension
            latest
            latestQuarter
            previous
            previousQuarter
            change
            direction
            series {
              quarter
              value
              count
            }
          }
        }
      }
    }
  }
`);

// urql runs a query again whenever its context changes identity: one
// object for every render.
const SURVEY_CONTEXT = { additionalTypenames: ['Survey'] };

const ARROW: Record<string, string> = { UP: '▲', DOWN: '▼', FLAT: '▶' };

function Change({ change, direction, previous, quarter }: { change: number; direction: string; previous: number; quarter: string }) {
  const { t } = useTranslation();
  const cls = direction === 'UP' ? 'good-text' : direction === 'DOWN' ? 'warn-text' : 'muted';
  return (
    <span className={cls} data-testid="survey-direction" data-direction={direction}
      title={t('surveyTrend.previous', { value: previous, quarter })}>
      {ARROW[direction]} {change > 0 ? `+${change}` : change}
    </span>
  );
}

export function SurveyTrendLines({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const [res] = useQuery({ query: SurveyTrendQuery, variables: { id: accountId }, context: SURVEY_CONTEXT });
  const n = res.data?.node;
  if (!n || !('surveyTrend' in n) || n.surveyTrend.surveys === 0) return null;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('surveyTrend.title')}>
    <table className="small" data-testid="survey-trend" aria-label={t('surveyTrend.title')}>
      <thead>
        <tr><th>{t('surveyTrend.dimension')}</th><th>{t('surveyTrend.latest')}</th><th>{t('surveyTrend.change')}</th></tr>
      </thead>
      <tbody>
        {n.surveyTrend.dimensions.filter((d) => d.latest != null).map((d) => (
          <tr key={d.dimension} data-testid="survey-dimension" data-dimension={d.dimension}
            title={d.series.map((p) => `${p.quarter}: ${p.value}`).join(' · ')}>
            <td>{label(d.dimension)}</td>
            <td><span className="strong">{d.latest}</span> <span className="muted">{d.latestQuarter}</span></td>
            <td>
              {d.change != null && d.direction && d.previous != null
                ? <Change change={d.change} direction={d.direction} previous={d.previous} quarter={d.previousQuarter ?? ''} />
                : <span className="muted">—</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
