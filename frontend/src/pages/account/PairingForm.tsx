import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { Field, FormErrors } from '../../components/Field';
import { apiErrors, type ApiErrors } from '../../lib/errors';

const CreatePairing = graphql(/* GraphQL */ `
  mutation CreateExecutivePairing($input: CreateExecutivePairingInput!) {
    createExecutivePairing(input: $input) {
      id
    }
  }
`);

const FIELDS = ['teamMemberID', 'contactID', 'since', 'notes'];

/** Records an executive pairing: one of our executives with one of theirs. */
export function PairingForm({ accountId, team, people, onDone, onCancel }: {
  accountId: string;
  team: { id: string; name: string }[];
  people: { id: string; name: string }[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState({ teamMemberID: '', contactID: '', since: '', notes: '' });
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const [res, create] = useMutation(CreatePairing);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await create({
      input: {
        accountID: accountId,
        teamMemberID: v.teamMemberID,
        contactID: v.contactID,
        since: v.since ? new Date(`${v.since}T00:00:00Z`).toISOString() : undefined,
        notes: v.notes || undefined,
      },
    });
    if (r.error) return setErrors(apiErrors(r.error, FIELDS));
    onDone();
  };
  const err = (f: string) => errors.fields[f];
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="pairing-form" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h3>{t('org.addPairing')}</h3>
      <FormErrors messages={errors.general} />
      <Field id="pair-ours" label={t('org.ourExecutive')} error={err('teamMemberID')}>
        <select id="pair-ours" value={v.teamMemberID} onChange={(e) => setV({ ...v, teamMemberID: e.target.value })}>
          <option value="">{t('common.choose')}</option>
          {team.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </Field>
      <Field id="pair-theirs" label={t('org.theirExecutive')} error={err('contactID')}>
        <select id="pair-theirs" value={v.contactID} onChange={(e) => setV({ ...v, contactID: e.target.value })}>
          <option value="">{t('common.choose')}</option>
          {people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </Field>
      <Field id="pair-since" label={t('org.pairedSince')} error={err('since')}>
        <input id="pair-since" type="date" value={v.since} onChange={(e) => setV({ ...v, since: e.target.value })} />
      </Field>
      <Field id="pair-notes" label={t('field.notes')} error={err('notes')}>
        <textarea id="pair-notes" rows={2} value={v.notes} onChange={(e) => setV({ ...v, notes: e.target.value })} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={res.fetching}>{res.fetching ? t('common.saving') : t('org.addPairing')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
