import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { InteractionKind } from '../../gql/graphql';
import { Field, FormErrors } from '../../components/Field';
import { apiErrors, type ApiErrors } from '../../lib/errors';
import { INTERACTION_KINDS, label } from '../../lib/labels';

const CreateInteraction = graphql(/* GraphQL */ `
  mutation CreateInteraction($input: CreateInteractionInput!) {
    createInteraction(input: $input) {
      id
      kind
      occurredAt
    }
  }
`);

const FIELDS = ['kind', 'occurredAt', 'subject', 'cost', 'outcome', 'contactIDs', 'teamMemberIDs'];

function toggle(list: string[], id: string): string[] {
  return list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
}

/** Log an interaction with participants on both sides: their people and ours. */
export function InteractionForm({
  accountId, contacts, team, initialContacts = [], onDone, onCancel,
}: {
  accountId: string;
  contacts: { id: string; name: string }[];
  team: { id: string; name: string }[];
  initialContacts?: string[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  const [v, setV] = useState({ kind: 'ONSITE_MEETING' as InteractionKind, occurredAt: local, subject: '', outcome: '', cost: '' });
  const [contactIDs, setContactIDs] = useState<string[]>(initialContacts);
  const [teamIDs, setTeamIDs] = useState<string[]>([]);
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const [res, create] = useMutation(CreateInteraction);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const at = new Date(v.occurredAt);
    const r = await create({
      input: {
        accountID: accountId,
        kind: v.kind,
        occurredAt: Number.isNaN(at.getTime()) ? '' : at.toISOString(),
        subject: v.subject || undefined,
        outcome: v.outcome || undefined,
        cost: v.cost === '' ? undefined : Number(v.cost),
        contactIDs,
        teamMemberIDs: teamIDs,
      },
    });
    if (r.error) return setErrors(apiErrors(r.error, FIELDS));
    onDone();
  };
  const err = (f: string) => errors.fields[f];
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="interaction-form" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h3>{t('interactionForm.title')}</h3>
      <FormErrors messages={errors.general} />
      <div className="row2">
        <Field id="int-kind" label={t('interactionForm.kind')} error={err('kind')}>
          <select id="int-kind" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as InteractionKind })}>
            {INTERACTION_KINDS.map((k) => <option key={k} value={k}>{label(k)}</option>)}
          </select>
        </Field>
        <Field id="int-at" label={t('field.occurredAt')} error={err('occurredAt')}>
          <input id="int-at" type="datetime-local" value={v.occurredAt} onChange={(e) => setV({ ...v, occurredAt: e.target.value })} />
        </Field>
      </div>
      <Field id="int-subject" label={t('field.subject')} error={err('subject')}>
        <input id="int-subject" value={v.subject} onChange={(e) => setV({ ...v, subject: e.target.value })} />
      </Field>
      <fieldset className="participants">
        <legend>{t('field.contactIDs')}</legend>
        {err('contactIDs') && <div className="field-error" role="alert">{err('contactIDs')}</div>}
        <div className="checklist">
          {contacts.map((c) => (
            <label key={c.id}><input type="checkbox" checked={contactIDs.includes(c.id)} onChange={() => setContactIDs(toggle(contactIDs, c.id))} /> {c.name}</label>
          ))}
        </div>
      </fieldset>
      <fieldset className="participants">
        <legend>{t('field.teamMemberIDs')}</legend>
        {err('teamMemberIDs') && <div className="field-error" role="alert">{err('teamMemberIDs')}</div>}
        <div className="checklist">
          {team.map((c) => (
            <label key={c.id}><input type="checkbox" checked={teamIDs.includes(c.id)} onChange={() => setTeamIDs(toggle(teamIDs, c.id))} /> {c.name}</label>
          ))}
        </div>
      </fieldset>
      <div className="row2">
        <Field id="int-outcome" label={t('field.outcome')} error={err('outcome')}>
          <input id="int-outcome" value={v.outcome} onChange={(e) => setV({ ...v, outcome: e.target.value })} />
        </Field>
        <Field id="int-cost" label={t('field.cost')} error={err('cost')}>
          <input id="int-cost" type="number" min={0} value={v.cost} onChange={(e) => setV({ ...v, cost: e.target.value })} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={res.fetching}>{res.fetching ? t('common.saving') : t('interactionForm.title')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
