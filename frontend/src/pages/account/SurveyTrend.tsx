import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { AccountSurveyTrendQuery, SurveyChannel } from '../../gql/graphql';
import { Field, FormErrors } from '../../components/Field';
import { apiErrors, type ApiErrors } from '../../lib/errors';
import { label } from '../../lib/labels';

// The survey dimensions of the telecom vendor's practice with their trend
// (issue 16 point 6), under the health card's satisfaction component: each
// dimension's latest quarter, its change from the one before and an arrow.

const SurveyTrendQuery = graphql(/* GraphQL */ `
  query AccountSurveyTrend($id: ID!) {
    node(id: $id) {
      id
      ... on Account {
        viewerCanUpdate
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
// A new survey changes the trend and the health's satisfaction component
// (the account page's query holds the Account).
const SURVEY_WRITE_CONTEXT = { additionalTypenames: ['Survey', 'Account'] };

const CreateSurvey = graphql(/* GraphQL */ `
  mutation CreateSurvey($input: CreateSurveyInput!) {
    createSurvey(input: $input) {
      id
      score
      surveyedAt
    }
  }
`);

export const SURVEY_CHANNELS = ['THIRD_PARTY', 'HOTLINE_CALLBACK', 'ONLINE', 'INTERVIEW'] as const;

/** The six optional dimensions: the input's field and the trend's dimension (for its label). */
export const SURVEY_DIMENSIONS = [
  ['salesPerson', 'SALES_PERSON'],
  ['contactContinuity', 'CONTACT_CONTINUITY'],
  ['contactRegularity', 'CONTACT_REGULARITY'],
  ['product', 'PRODUCT'],
  ['delivery', 'DELIVERY'],
  ['company', 'COMPANY'],
] as const;

type DimensionField = (typeof SURVEY_DIMENSIONS)[number][0];

const FIELDS = ['score', 'channel', 'surveyedAt', 'comment', 'accountID', ...SURVEY_DIMENSIONS.map(([f]) => f)];

type SurveyValues = { score: string; channel: SurveyChannel; surveyedAt: string; comment: string } & Record<DimensionField, string>;

const today = () => new Date().toISOString().slice(0, 10);

/** A number typed in a box, or undefined when the box is empty (an optional dimension). */
function num(s: string): number | undefined {
  return s.trim() === '' ? undefined : Number(s);
}

function SurveyForm({ accountId, onDone, onCancel }: { accountId: string; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState<SurveyValues>({
    score: '', channel: 'ONLINE', surveyedAt: today(), comment: '',
    salesPerson: '', contactContinuity: '', contactRegularity: '', product: '', delivery: '', company: '',
  });
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const [created, create] = useMutation(CreateSurvey);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const score = num(v.score);
    // The overall score is required: the API would refuse the request as a
    // whole (a missing Float!), not at the field.
    if (score === undefined) return setErrors({ fields: { score: t('surveyForm.scoreRequired') }, general: [] });
    const dims: Partial<Record<DimensionField, number>> = {};
    for (const [f] of SURVEY_DIMENSIONS) dims[f] = num(v[f]);
    const r = await create({
      input: {
        accountID: accountId, score, channel: v.channel, comment: v.comment.trim() || undefined,
        surveyedAt: new Date(`${v.surveyedAt || today()}T00:00:00Z`).toISOString(), ...dims,
      },
    }, SURVEY_WRITE_CONTEXT);
    if (r.error) return setErrors(apiErrors(r.error, FIELDS));
    onDone();
  };
  const err = (f: string) => errors.fields[f];
  const number = (id: string, f: keyof SurveyValues, text: string) => (
    <Field id={id} label={text} error={err(f)}>
      <input id={id} type="number" inputMode="decimal" min={0} max={10} step={0.5} value={v[f]}
        onChange={(e) => setV({ ...v, [f]: e.target.value })} />
    </Field>
  );
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="survey-form" aria-labelledby="survey-form-h"
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h3 id="survey-form-h">{t('surveyForm.title')}</h3>
      <FormErrors messages={[...errors.general, ...(err('accountID') ? [err('accountID')!] : [])]} />
      <div className="row2">
        {number('survey-score', 'score', t('surveyForm.score'))}
        <Field id="survey-channel" label={t('surveyForm.channel')} error={err('channel')}>
          <select id="survey-channel" value={v.channel} onChange={(e) => setV({ ...v, channel: e.target.value as SurveyChannel })}>
            {SURVEY_CHANNELS.map((c) => <option key={c} value={c}>{label(c)}</option>)}
          </select>
        </Field>
      </div>
      <Field id="survey-date" label={t('surveyForm.surveyedAt')} error={err('surveyedAt')}>
        <input id="survey-date" type="date" value={v.surveyedAt} onChange={(e) => setV({ ...v, surveyedAt: e.target.value })} />
      </Field>
      <fieldset className="participants">
        <legend>{t('surveyForm.dimensions')}</legend>
        <div className="row2">
          {SURVEY_DIMENSIONS.map(([f, d]) => <div key={f}>{number(`survey-${f}`, f, label(d))}</div>)}
        </div>
      </fieldset>
      <Field id="survey-comment" label={t('surveyForm.comment')} error={err('comment')}>
        <textarea id="survey-comment" rows={2} value={v.comment} onChange={(e) => setV({ ...v, comment: e.target.value })} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={created.fetching}>{created.fetching ? t('common.saving') : t('surveyForm.save')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

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

/** The survey dimensions' trend, and the "Record survey" form for those who may change the account. */
export function SurveyTrendLines({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const [res, reexecute] = useQuery({ query: SurveyTrendQuery, variables: { id: accountId }, context: SURVEY_CONTEXT });
  const [recording, setRecording] = useState(false);
  const n = res.data?.node;
  if (!n || !('surveyTrend' in n)) return null;
  return (
    <div data-testid="surveys">
      {n.surveyTrend.surveys > 0 && <TrendTable dimensions={n.surveyTrend.dimensions} />}
      {n.viewerCanUpdate && !recording && (
        <button type="button" className="link small" onClick={() => setRecording(true)} data-testid="record-survey">{t('surveyForm.record')}</button>
      )}
      {n.viewerCanUpdate && recording && (
        <SurveyForm accountId={accountId}
          onDone={() => { setRecording(false); reexecute({ requestPolicy: 'network-only' }); }}
          onCancel={() => setRecording(false)} />
      )}
    </div>
  );
}

type Dimensions = Extract<NonNullable<AccountSurveyTrendQuery['node']>, { surveyTrend: unknown }>['surveyTrend']['dimensions'];

function TrendTable({ dimensions }: { dimensions: Dimensions }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('surveyTrend.title')}>
    <table className="small" data-testid="survey-trend" aria-label={t('surveyTrend.title')}>
      <thead>
        <tr><th>{t('surveyTrend.dimension')}</th><th>{t('surveyTrend.latest')}</th><th>{t('surveyTrend.change')}</th></tr>
      </thead>
      <tbody>
        {dimensions.filter((d) => d.latest != null).map((d) => (
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
