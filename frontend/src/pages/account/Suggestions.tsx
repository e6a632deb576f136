import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { RelationKind } from '../../gql/graphql';
import { FormErrors } from '../../components/Field';
import { apiErrors, type ApiErrors } from '../../lib/errors';
import { label, RELATION_KINDS } from '../../lib/labels';

// The suggestions the account's interactions imply (issue 17 point 7): a
// queue the account team confirms (optionally edited), or dismisses.

const SuggestionsQuery = graphql(/* GraphQL */ `
  query AccountSuggestions($id: ID!) {
    node(id: $id) {
      id
      ... on Account {
        suggestions(state: PENDING, first: 50) {
          id
          kind
          relationKind
          strength
          confidence
          evidenceCount
          lastEvidenceAt
          contact { id name }
          otherContact { id name }
          teamMember { id name }
        }
      }
    }
  }
`);

const ConfirmSuggestion = graphql(/* GraphQL */ `
  mutation ConfirmSuggestion($id: ID!, $edit: SuggestionEdit) {
    confirmSuggestion(id: $id, edit: $edit) {
      suggestion { id state }
      relation { id kind strength source }
      coverage { id strength source }
    }
  }
`);

const DismissSuggestion = graphql(/* GraphQL */ `
  mutation DismissSuggestion($id: ID!) {
    dismissSuggestion(id: $id) { id state }
  }
`);

const CONTEXT = { additionalTypenames: ['Suggestion', 'ContactRelation', 'Coverage', 'Interaction'] };

function Who({ a, b }: { a: string; b: string }) {
  return <span className="strong">{a} ↔ {b}</span>;
}

export function Suggestions({ accountId, canEdit }: { accountId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const [res] = useQuery({ query: SuggestionsQuery, variables: { id: accountId }, context: CONTEXT });
  const [, confirm] = useMutation(ConfirmSuggestion);
  const [, dismiss] = useMutation(DismissSuggestion);
  const [editing, setEditing] = useState<string | null>(null);
  const [kind, setKind] = useState<RelationKind>('ALLY');
  const [strength, setStrength] = useState('');
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const n = res.data?.node;
  const list = n && 'suggestions' in n ? n.suggestions : [];
  const done = (r: { error?: unknown }, fields: string[]) => {
    if (r.error) {
      setErrors(apiErrors(r.error as Parameters<typeof apiErrors>[0], fields));
      return;
    }
    setErrors({ fields: {}, general: [] });
    setEditing(null);
  };
  return (
    <section className="card" aria-labelledby="suggestions-h" data-testid="suggestions">
      <h2 id="suggestions-h">{t('suggestions.title')}</h2>
      <p className="muted small">{t('suggestions.hint')}</p>
      <FormErrors messages={[...errors.general, ...Object.values(errors.fields)]} />
      {list.length === 0 && <p className="muted">{t('suggestions.none')}</p>}
      <ul className="plain">
        {list.map((s) => (
          <li key={s.id} data-testid="suggestion" data-kind={s.kind} data-id={s.id}>
            <span className="badge">{label(s.kind)}</span>{' '}
            {s.otherContact
              ? <Who a={s.contact.name} b={s.otherContact.name} />
              : <Who a={s.teamMember?.name ?? ''} b={s.contact.name} />}{' '}
            {s.relationKind && <span>{label(s.relationKind)} </span>}
            <span className="muted small">
              {t('suggestions.evidence', { count: s.evidenceCount, confidence: Math.round(s.confidence * 100) })}
            </span>
            {canEdit && editing !== s.id && (
              <span className="actions">
                <button type="button" data-testid="suggestion-confirm"
                  onClick={async () => done(await confirm({ id: s.id }), ['id'])}>{t('suggestions.confirm')}</button>
                <button type="button" data-testid="suggestion-edit"
                  onClick={() => { setEditing(s.id); setKind(s.relationKind ?? 'ALLY'); setStrength(String(s.strength)); }}>{t('suggestions.edit')}</button>
                <button type="button" data-testid="suggestion-dismiss"
                  onClick={async () => done(await dismiss({ id: s.id }), ['id'])}>{t('suggestions.dismiss')}</button>
              </span>
            )}
            {canEdit && editing === s.id && (
              <form className="inline" data-testid="suggestion-edit-form" onSubmit={async (e) => {
                e.preventDefault();
                const edit = { strength: strength === '' ? undefined : Math.trunc(Number(strength)), relationKind: s.otherContact ? kind : undefined };
                done(await confirm({ id: s.id, edit }), ['edit.strength', 'edit.relationKind', 'id']);
              }}>
                {s.otherContact && (
                  <label>{t('field.kind')}{' '}
                    <select value={kind} onChange={(e) => setKind(e.target.value as RelationKind)} data-testid="suggestion-kind">
                      {RELATION_KINDS.map((k) => <option key={k} value={k}>{label(k)}</option>)}
                    </select>
                  </label>
                )}{' '}
                <label>{t('field.strength')}{' '}
                  <input type="number" value={strength} onChange={(e) => setStrength(e.target.value)} data-testid="suggestion-strength" />
                </label>{' '}
                <button type="submit">{t('suggestions.confirm')}</button>{' '}
                <button type="button" onClick={() => setEditing(null)}>{t('common.cancel')}</button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
