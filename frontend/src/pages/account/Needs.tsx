import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { ContactNeedKind, ContactNeedLayer } from '../../gql/graphql';
import { Field, FormErrors } from '../../components/Field';
import { apiErrors, type ApiErrors } from '../../lib/errors';
import { nodesOf } from '../../lib/connection';
import { fmtDate, label } from '../../lib/labels';

// A contact's needs and interests (issue 16 point 6), grouped by the layers
// of the five-layer needs model, highest first. Only the account team and
// admins may read them: for anyone else the section is not shown at all.

const NEEDS_CONTEXT = { additionalTypenames: ['ContactNeed'] };

export const NEED_LAYERS = ['SELF_ACTUALIZATION', 'ESTEEM', 'BELONGING', 'SAFETY', 'PHYSIOLOGICAL'] as const;
export const NEED_KINDS = ['BUSINESS_NEED', 'PERSONAL_INTEREST'] as const;

const ContactNeedsQuery = graphql(/* GraphQL */ `
  query ContactNeeds($id: ID!) {
    node(id: $id) {
      id
      ... on Contact {
        viewerCanReadNeeds
        viewerCanWriteNeeds
        needs(first: 100, orderBy: [{ field: LEARNED_AT, direction: DESC }]) {
          edges {
            node {
              id
              kind
              layer
              text
              learnedAt
              learnedBy {
                id
                name
              }
            }
          }
        }
      }
    }
  }
`);

const CreateNeed = graphql(/* GraphQL */ `
  mutation CreateContactNeed($input: CreateContactNeedInput!) {
    createContactNeed(input: $input) {
      id
      kind
      layer
      text
    }
  }
`);

const UpdateNeed = graphql(/* GraphQL */ `
  mutation UpdateContactNeed($id: ID!, $input: UpdateContactNeedInput!) {
    updateContactNeed(id: $id, input: $input) {
      id
      kind
      layer
      text
    }
  }
`);

const DeleteNeed = graphql(/* GraphQL */ `
  mutation DeleteContactNeed($id: ID!) {
    deleteContactNeed(id: $id) {
      deletedID
    }
  }
`);

const FIELDS = ['kind', 'layer', 'text', 'learnedAt', 'contactID'];

type NeedValues = { kind: ContactNeedKind; layer: ContactNeedLayer; text: string; learnedAt: string };

function NeedForm({ contactId, needId, initial, onDone, onCancel }: {
  contactId: string;
  needId?: string;
  initial: NeedValues;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const [created, create] = useMutation(CreateNeed);
  const [updated, update] = useMutation(UpdateNeed);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const learnedAt = v.learnedAt ? new Date(`${v.learnedAt}T00:00:00Z`).toISOString() : undefined;
    const r = needId
      ? await update({ id: needId, input: { kind: v.kind, layer: v.layer, text: v.text, learnedAt } }, NEEDS_CONTEXT)
      : await create({ input: { contactID: contactId, kind: v.kind, layer: v.layer, text: v.text, learnedAt } }, NEEDS_CONTEXT);
    if (r.error) return setErrors(apiErrors(r.error, FIELDS));
    onDone();
  };
  const err = (f: string) => errors.fields[f];
  const busy = created.fetching || updated.fetching;
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="need-form" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <FormErrors messages={[...errors.general, ...(err('contactID') ? [err('contactID')!] : [])]} />
      <div className="row2">
        <Field id="need-kind" label={t('needs.kind')} error={err('kind')}>
          <select id="need-kind" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value as ContactNeedKind })}>
            {NEED_KINDS.map((k) => <option key={k} value={k}>{label(k)}</option>)}
          </select>
        </Field>
        <Field id="need-layer" label={t('needs.layer')} error={err('layer')}>
          <select id="need-layer" value={v.layer} onChange={(e) => setV({ ...v, layer: e.target.value as ContactNeedLayer })}>
            {NEED_LAYERS.map((k) => <option key={k} value={k}>{label(k)}</option>)}
          </select>
        </Field>
      </div>
      <Field id="need-text" label={t('needs.text')} error={err('text')}>
        <textarea id="need-text" rows={2} value={v.text} onChange={(e) => setV({ ...v, text: e.target.value })} />
      </Field>
      <Field id="need-learned" label={t('needs.learnedAt')} error={err('learnedAt')}>
        <input id="need-learned" type="date" value={v.learnedAt} onChange={(e) => setV({ ...v, learnedAt: e.target.value })} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : t('needs.save')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

function LearnedLine({ at, by }: { at: string; by?: string | null }) {
  const { t } = useTranslation();
  return <div className="muted small">{by ? t('needs.learnedBy', { date: fmtDate(at), name: by }) : t('needs.learnedOn', { date: fmtDate(at) })}</div>;
}

/** The "Needs & interests" section of a contact's panel; nothing for viewers who may not read it. */
export function Needs({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const [res, reexecute] = useQuery({ query: ContactNeedsQuery, variables: { id: contactId }, context: NEEDS_CONTEXT });
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [, remove] = useMutation(DeleteNeed);
  const n = res.data?.node;
  if (!n || !('viewerCanReadNeeds' in n) || !n.viewerCanReadNeeds) return null;
  const needs = nodesOf(n.needs);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const done = () => { setAdding(false); setEditing(null); refresh(); };
  return (
    <section data-testid="needs" aria-labelledby="panel-needs-h">
      <h3 id="panel-needs-h">{t('needs.title')} <span className="muted small">{t('needs.hint')}</span></h3>
      {needs.length === 0 && <p className="muted">{t('needs.none')}</p>}
      {NEED_LAYERS.filter((l) => needs.some((x) => x.layer === l)).map((l) => (
        <div key={l} data-testid="need-layer" data-layer={l}>
          <h4 className="small strong">{label(l)}</h4>
          <ul className="list">
            {needs.filter((x) => x.layer === l).map((x) => (
              <li key={x.id} data-testid="need">
                {editing === x.id ? (
                  <NeedForm contactId={contactId} needId={x.id}
                    initial={{ kind: x.kind, layer: x.layer, text: x.text, learnedAt: x.learnedAt.slice(0, 10) }}
                    onDone={done} onCancel={() => setEditing(null)} />
                ) : (
                  <>
                    <span className="badge">{label(x.kind)}</span> <span data-testid="need-text">{x.text}</span>
                    <LearnedLine at={x.learnedAt} by={x.learnedBy?.name} />
                    {n.viewerCanWriteNeeds && (
                      <div className="actions">
                        <button type="button" className="link" onClick={() => setEditing(x.id)}>{t('panel.edit')}</button>
                        <button type="button" className="link" onClick={async () => { await remove({ id: x.id }, NEEDS_CONTEXT); refresh(); }}>{t('needs.delete')}</button>
                      </div>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {n.viewerCanWriteNeeds && !adding && (
        <button type="button" onClick={() => setAdding(true)} data-testid="add-need">{t('needs.add')}</button>
      )}
      {adding && (
        <NeedForm contactId={contactId} initial={{ kind: 'BUSINESS_NEED', layer: 'SAFETY', text: '', learnedAt: '' }}
          onDone={done} onCancel={() => setAdding(false)} />
      )}
    </section>
  );
}
