import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { RelationKind } from '../../gql/graphql';
import { Field, FormErrors } from '../../components/Field';
import { apiErrors, type ApiErrors } from '../../lib/errors';
import { label, RELATION_KINDS } from '../../lib/labels';

const CreateRelation = graphql(/* GraphQL */ `
  mutation CreateContactRelation($input: CreateContactRelationInput!) {
    createContactRelation(input: $input) {
      id
      kind
      strength
      fromID
      toID
    }
  }
`);

const FIELDS = ['fromID', 'toID', 'kind', 'strength', 'validFrom', 'notes'];

export function RelationForm({
  people, fromId = '', toId = '', onDone, onCancel,
}: {
  people: { id: string; name: string }[];
  fromId?: string;
  toId?: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState({ fromID: fromId, toID: toId, kind: 'INFLUENCES' as RelationKind, strength: '3', validFrom: '', notes: '' });
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const [res, create] = useMutation(CreateRelation);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await create({
      input: {
        fromID: v.fromID,
        toID: v.toID,
        kind: v.kind,
        strength: v.strength === '' ? undefined : Math.trunc(Number(v.strength)),
        validFrom: v.validFrom ? new Date(`${v.validFrom}T00:00:00Z`).toISOString() : undefined,
        notes: v.notes || undefined,
      },
    });
    if (r.error) return setErrors(apiErrors(r.error, FIELDS));
    onDone();
  };
  const err = (f: string) => errors.fields[f];
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="relation-form" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h3>{t('relationForm.title')}</h3>
      <FormErrors messages={errors.general} />
      <Field id="rel-from" label={t('field.fromID')} error={err('fromID')}>
        <select id="rel-from" value={v.fromID} onChange={(e) => setV({ ...v, fromID: e.target.value })}>
          <option value="">{t('common.choose')}</option>
          {people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </Field>
      <Field id="rel-kind" label={t('field.kind')} error={err('kind')}>
        <select id="rel-kind" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as RelationKind })}>
          {RELATION_KINDS.map((k) => <option key={k} value={k}>{label(k)}</option>)}
        </select>
      </Field>
      <Field id="rel-to" label={t('field.toID')} error={err('toID')}>
        <select id="rel-to" value={v.toID} onChange={(e) => setV({ ...v, toID: e.target.value })}>
          <option value="">{t('common.choose')}</option>
          {people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </Field>
      <div className="row2">
        <Field id="rel-strength" label={t('relationForm.strength')} error={err('strength')}>
          <input id="rel-strength" type="number" min={1} max={5} value={v.strength} onChange={(e) => setV({ ...v, strength: e.target.value })} />
        </Field>
        <Field id="rel-valid" label={t('field.validFrom')} error={err('validFrom')}>
          <input id="rel-valid" type="date" value={v.validFrom} onChange={(e) => setV({ ...v, validFrom: e.target.value })} />
        </Field>
      </div>
      <Field id="rel-notes" label={t('field.notes')} error={err('notes')}>
        <textarea id="rel-notes" rows={2} value={v.notes} onChange={(e) => setV({ ...v, notes: e.target.value })} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={res.fetching}>{res.fetching ? t('common.saving') : t('relationForm.title')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
