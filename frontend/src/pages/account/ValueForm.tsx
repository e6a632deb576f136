import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { Field, FormErrors } from '../../components/Field';
import { apiErrors, type ApiErrors } from '../../lib/errors';
import { label } from '../../lib/labels';

const CreateValueAssessment = graphql(/* GraphQL */ `
  mutation CreateValueAssessment($input: CreateValueAssessmentInput!) {
    createValueAssessment(input: $input) {
      id
      score
      recommendedTier
    }
  }
`);

/** The criteria as the API names their score fields, in the order of the scorecard. */
export const CRITERIA = [
  ['REVENUE', 'revenueScore'],
  ['MARGIN', 'marginScore'],
  ['PAYMENT_COLLECTION', 'paymentCollectionScore'],
  ['REFERENCE_VALUE', 'referenceValueScore'],
  ['MANAGEMENT_IMPROVEMENT', 'managementImprovementScore'],
  ['LONG_TERM_PAYBACK', 'longTermPaybackScore'],
  ['SHARE_OF_WALLET', 'shareOfWalletScore'],
  ['GROWTH_POTENTIAL', 'growthPotentialScore'],
] as const;

type ScoreField = (typeof CRITERIA)[number][1];
const FIELDS = [...CRITERIA.map(([, f]) => f), 'loyaltyScore', 'assessedAt', 'note'];

/** Records a value assessment with the default weights; the loyalty score comes from the loyalty stage unless given. */
export function ValueForm({ accountId, onDone, onCancel }: { accountId: string; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [scores, setScores] = useState<Record<ScoreField, string>>(
    Object.fromEntries(CRITERIA.map(([, f]) => [f, '3'])) as Record<ScoreField, string>,
  );
  const [loyalty, setLoyalty] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const [res, create] = useMutation(CreateValueAssessment);
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = {
      accountID: accountId,
      ...Object.fromEntries(CRITERIA.map(([, f]) => [f, num(scores[f]) ?? 0])),
      loyaltyScore: num(loyalty),
      note: note || undefined,
    } as Parameters<typeof create>[0]['input'];
    const r = await create({ input });
    if (r.error) return setErrors(apiErrors(r.error, FIELDS));
    onDone();
  };
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="value-form" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h3>{t('value.add')}</h3>
      <p className="muted small">{t('value.formHint')}</p>
      <FormErrors messages={errors.general} />
      <div className="row2">
        {CRITERIA.map(([c, f]) => (
          <Field key={f} id={`va-${f}`} label={label(c)} error={errors.fields[f]}>
            <input id={`va-${f}`} type="number" min={0} max={5} step={0.5} value={scores[f]} onChange={(e) => setScores({ ...scores, [f]: e.target.value })} />
          </Field>
        ))}
        <Field id="va-loyaltyScore" label={t('value.loyaltyScore')} error={errors.fields['loyaltyScore']}>
          <input id="va-loyaltyScore" type="number" min={0} max={5} step={0.5} value={loyalty} placeholder={t('value.fromStage')} onChange={(e) => setLoyalty(e.target.value)} />
        </Field>
      </div>
      <Field id="va-note" label={t('field.notes')} error={errors.fields['note']}>
        <textarea id="va-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={res.fetching}>{res.fetching ? t('common.saving') : t('value.add')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
