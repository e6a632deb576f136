import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { Attitude, ContactSeniority, DecisionRole } from '../../gql/graphql';
import { Field, FormErrors } from '../../components/Field';
import { apiErrors, type ApiErrors } from '../../lib/errors';
import { ATTITUDES, DECISION_ROLES, label, SENIORITIES } from '../../lib/labels';

const CreateContact = graphql(/* GraphQL */ `
  mutation CreateContact($input: CreateContactInput!) {
    createContact(input: $input) {
      id
      name
      accountID
    }
  }
`);

const UpdateContact = graphql(/* GraphQL */ `
  mutation UpdateContact($id: ID!, $input: UpdateContactInput!) {
    updateContact(id: $id, input: $input) {
      id
      name
      title
      department
      seniority
      decisionRole
      attitude
      influence
      interest
      email
      phone
      notes
      reportsToID
    }
  }
`);

export interface ContactValues {
  name: string;
  title: string;
  department: string;
  seniority: ContactSeniority;
  decisionRole: DecisionRole;
  attitude: Attitude;
  influence: string;
  interest: string;
  reportsToID: string;
  email: string;
  phone: string;
  notes: string;
}

export const EMPTY_CONTACT: ContactValues = {
  name: '', title: '', department: '', seniority: 'MANAGER', decisionRole: 'USER', attitude: 'NEUTRAL',
  influence: '3', interest: '3', reportsToID: '', email: '', phone: '', notes: '',
};

const FIELDS = ['name', 'title', 'department', 'seniority', 'decisionRole', 'attitude', 'influence', 'interest', 'reportsToID', 'email', 'phone', 'notes'];

function toInt(s: string): number | undefined {
  if (s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** Add or edit a contact. Values stay in the form when the API refuses them; each error sits by its field. */
export function ContactForm({
  accountId, contactId, initial = EMPTY_CONTACT, people, note, onDone, onCancel,
}: {
  accountId: string;
  contactId?: string;
  /** Said under the heading: on a role account's page, that this edits the home record. */
  note?: string;
  initial?: ContactValues;
  people: { id: string; name: string }[];
  onDone: (id: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState<ContactValues>(initial);
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const [created, create] = useMutation(CreateContact);
  const [updated, update] = useMutation(UpdateContact);
  const busy = created.fetching || updated.fetching;
  const set = <K extends keyof ContactValues>(k: K, val: ContactValues[K]) => setV((p) => ({ ...p, [k]: val }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const common = {
      name: v.name,
      seniority: v.seniority,
      decisionRole: v.decisionRole,
      attitude: v.attitude,
      influence: toInt(v.influence),
      interest: toInt(v.interest),
    };
    if (contactId) {
      const r = await update({
        id: contactId,
        input: {
          ...common,
          ...(v.title ? { title: v.title } : { clearTitle: true }),
          ...(v.department ? { department: v.department } : { clearDepartment: true }),
          ...(v.email ? { email: v.email } : { clearEmail: true }),
          ...(v.phone ? { phone: v.phone } : { clearPhone: true }),
          ...(v.notes ? { notes: v.notes } : { clearNotes: true }),
          ...(v.reportsToID ? { reportsToID: v.reportsToID } : { clearReportsTo: true }),
        },
      });
      if (r.error) return setErrors(apiErrors(r.error, FIELDS));
      if (r.data) onDone(r.data.updateContact.id);
    } else {
      const r = await create({
        input: {
          ...common,
          accountID: accountId,
          title: v.title || undefined,
          department: v.department || undefined,
          email: v.email || undefined,
          phone: v.phone || undefined,
          notes: v.notes || undefined,
          reportsToID: v.reportsToID || undefined,
        },
      });
      if (r.error) return setErrors(apiErrors(r.error, FIELDS));
      if (r.data) onDone(r.data.createContact.id);
    }
  };

  const err = (f: string) => errors.fields[f];
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="contact-form" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h3>{contactId ? t('contactForm.edit') : t('contactForm.add')}</h3>
      {note && <p className="small" data-testid="contact-form-note">{note}</p>}
      <FormErrors messages={errors.general} />
      <Field id="name" label={t('field.name')} error={err('name')}>
        <input id="name" value={v.name} onChange={(e) => set('name', e.target.value)} autoFocus aria-invalid={!!err('name')} />
      </Field>
      <div className="row2">
        <Field id="title" label={t('field.title')} error={err('title')}>
          <input id="title" value={v.title} onChange={(e) => set('title', e.target.value)} />
        </Field>
        <Field id="department" label={t('field.department')} error={err('department')}>
          <input id="department" value={v.department} onChange={(e) => set('department', e.target.value)} />
        </Field>
      </div>
      <div className="row2">
        <Field id="decisionRole" label={t('field.decisionRole')} error={err('decisionRole')}>
          <select id="decisionRole" value={v.decisionRole} onChange={(e) => set('decisionRole', e.target.value as DecisionRole)}>
            {DECISION_ROLES.map((r) => <option key={r} value={r}>{label(r)}</option>)}
          </select>
        </Field>
        <Field id="attitude" label={t('field.attitude')} error={err('attitude')}>
          <select id="attitude" value={v.attitude} onChange={(e) => set('attitude', e.target.value as Attitude)}>
            {ATTITUDES.map((r) => <option key={r} value={r}>{label(r)}</option>)}
          </select>
        </Field>
      </div>
      <div className="row3">
        <Field id="seniority" label={t('field.seniority')} error={err('seniority')}>
          <select id="seniority" value={v.seniority} onChange={(e) => set('seniority', e.target.value as ContactSeniority)}>
            {SENIORITIES.map((r) => <option key={r} value={r}>{label(r)}</option>)}
          </select>
        </Field>
        <Field id="influence" label={t('contactForm.influence')} error={err('influence')}>
          <input id="influence" type="number" min={1} max={5} value={v.influence} onChange={(e) => set('influence', e.target.value)} aria-invalid={!!err('influence')} />
        </Field>
        <Field id="interest" label={t('contactForm.interest')} error={err('interest')}>
          <input id="interest" type="number" min={1} max={5} value={v.interest} onChange={(e) => set('interest', e.target.value)} />
        </Field>
      </div>
      <Field id="reportsToID" label={t('field.reportsToID')} error={err('reportsToID')}>
        <select id="reportsToID" value={v.reportsToID} onChange={(e) => set('reportsToID', e.target.value)}>
          <option value="">{t('contactForm.nobody')}</option>
          {people.filter((p) => p.id !== contactId).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </Field>
      <div className="row2">
        <Field id="email" label={t('field.email')} error={err('email')}>
          <input id="email" type="email" value={v.email} onChange={(e) => set('email', e.target.value)} />
        </Field>
        <Field id="phone" label={t('field.phone')} error={err('phone')}>
          <input id="phone" value={v.phone} onChange={(e) => set('phone', e.target.value)} />
        </Field>
      </div>
      <Field id="notes" label={t('field.notes')} error={err('notes')}>
        <textarea id="notes" rows={3} value={v.notes} onChange={(e) => set('notes', e.target.value)} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : contactId ? t('common.save') : t('contactForm.add')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
