import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { DecisionRole } from '../../gql/graphql';
import { StrengthBar } from '../../components/Badge';
import { Field, FormErrors } from '../../components/Field';
import { apiErrors, type ApiErrors } from '../../lib/errors';
import { nodesOf } from '../../lib/connection';
import { DECISION_ROLES, label } from '../../lib/labels';
import { useCapabilities } from '../../lib/viewer';

// The roles a person holds at accounts other than their home account
// (issue 16 point 7), in their panel, with add / edit / delete.
//
// The home account is asked as a filtered list, not as Contact.account:
// that field is non-null, and a viewer who reads the person only through a
// role (on the team of the role's account, not of the home account) gets
// NOT_FOUND for it, which nulls the whole contact. The list is simply empty
// for them, and the panel says "another account".

const ContactRolesQuery = graphql(/* GraphQL */ `
  query ContactRoles($id: ID!) {
    node(id: $id) {
      id
      ... on Contact {
        roles(first: 100, orderBy: [{ field: CREATED_AT }]) {
          edges {
            node {
              id
              title
              decisionRole
              influence
              account {
                id
                name
                viewerCanUpdate
              }
            }
          }
        }
      }
    }
    homeAccount: accounts(first: 1, where: { hasContactsWith: [{ id: $id }] }) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

// The accounts a role can be added at: those the viewer may read, by name.
const RoleAccountChoicesQuery = graphql(/* GraphQL */ `
  query RoleAccountChoices($q: String) {
    accounts(first: 50, orderBy: [{ field: NAME }], where: { nameContainsFold: $q }) {
      edges {
        node {
          id
          name
          viewerCanUpdate
        }
      }
    }
  }
`);

const CreateRole = graphql(/* GraphQL */ `
  mutation CreateContactRole($input: CreateContactRoleInput!) {
    createContactRole(input: $input) {
      id
      title
      decisionRole
      influence
    }
  }
`);

const UpdateRole = graphql(/* GraphQL */ `
  mutation UpdateContactRole($id: ID!, $input: UpdateContactRoleInput!) {
    updateContactRole(id: $id, input: $input) {
      id
      title
      decisionRole
      influence
    }
  }
`);

const DeleteRole = graphql(/* GraphQL */ `
  mutation DeleteContactRole($id: ID!) {
    deleteContactRole(id: $id) {
      deletedID
    }
  }
`);

// urql runs a query again whenever its context changes identity: module-level
// objects. A role changes the account graphs it shows in (Contact typename).
const ROLES_CONTEXT = { additionalTypenames: ['ContactRole'] };
const ROLE_WRITE_CONTEXT = { additionalTypenames: ['ContactRole', 'Contact'] };

const FIELDS = ['accountID', 'title', 'decisionRole', 'influence', 'contactID'];

type RoleValues = { accountID: string; title: string; decisionRole: DecisionRole; influence: string };

/** A search box and a list of the accounts it finds that the viewer may change. */
function AccountChoice({ value, onChange, exclude, error }: {
  value: string;
  onChange: (id: string) => void;
  exclude: Set<string>;
  error?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  // The chosen account stays in the list when a new search no longer finds it.
  const [chosen, setChosen] = useState<{ id: string; name: string } | null>(null);
  const [res] = useQuery({ query: RoleAccountChoicesQuery, variables: { q: q.trim() || null } });
  const choices = nodesOf(res.data?.accounts).filter((a) => a.viewerCanUpdate && !exclude.has(a.id));
  return (
    <>
      <Field id="role-account-search" label={t('roles.findAccount')}>
        <input id="role-account-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
      </Field>
      <Field id="role-account" label={t('roles.account')} error={error}>
        <select id="role-account" value={value} onChange={(e) => {
          const a = choices.find((c) => c.id === e.target.value);
          if (a) setChosen({ id: a.id, name: a.name });
          onChange(e.target.value);
        }}>
          <option value="">{res.fetching && !res.data ? t('roles.searching') : t('roles.chooseAccount', { count: choices.length })}</option>
          {value && chosen?.id === value && !choices.some((a) => a.id === value) && <option value={value}>{chosen.name}</option>}
          {choices.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
        </select>
      </Field>
    </>
  );
}

function RoleForm({ contactId, roleId, initial, exclude, onDone, onCancel }: {
  contactId: string;
  roleId?: string;
  initial: RoleValues;
  exclude: Set<string>;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const [created, create] = useMutation(CreateRole);
  const [updated, update] = useMutation(UpdateRole);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!roleId && !v.accountID) return setErrors({ fields: { accountID: t('roles.accountRequired') }, general: [] });
    const title = v.title.trim();
    const influence = Number(v.influence);
    const r = roleId
      ? await update({ id: roleId, input: { title: title || undefined, clearTitle: !title || undefined, decisionRole: v.decisionRole, influence } }, ROLE_WRITE_CONTEXT)
      : await create({ input: { contactID: contactId, accountID: v.accountID, title: title || undefined, decisionRole: v.decisionRole, influence } }, ROLE_WRITE_CONTEXT);
    if (r.error) return setErrors(apiErrors(r.error, FIELDS));
    onDone();
  };
  const err = (f: string) => errors.fields[f];
  const busy = created.fetching || updated.fetching;
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="role-form" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <FormErrors messages={[...errors.general, ...(err('contactID') ? [err('contactID')!] : [])]} />
      {!roleId && (
        <AccountChoice value={v.accountID} onChange={(accountID) => setV({ ...v, accountID })} exclude={exclude} error={err('accountID')} />
      )}
      <Field id="role-title" label={t('field.title')} error={err('title')}>
        <input id="role-title" value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} />
      </Field>
      <div className="row2">
        <Field id="role-decision" label={t('field.decisionRole')} error={err('decisionRole')}>
          <select id="role-decision" value={v.decisionRole} onChange={(e) => setV({ ...v, decisionRole: e.target.value as DecisionRole })}>
            {DECISION_ROLES.map((r) => <option key={r} value={r}>{label(r)}</option>)}
          </select>
        </Field>
        <Field id="role-influence" label={t('field.influence')} error={err('influence')}>
          <select id="role-influence" value={v.influence} onChange={(e) => setV({ ...v, influence: e.target.value })}>
            {[1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : t('roles.save')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

/**
 * A person's roles and their home account (when the viewer reads it). The
 * panel's header asks it too, for the role at the page's account: the same
 * query, variables and context as the Roles section, so urql sends it once
 * and a role changed in the section changes the header.
 */
export function useContactRoles(contactId: string, pause = false) {
  return useQuery({ query: ContactRolesQuery, variables: { id: contactId }, context: ROLES_CONTEXT, pause });
}

/**
 * The "Roles at other accounts" section of a contact's panel. accountId is
 * the page's account: the role held there is marked.
 */
export function Roles({ contactId, accountId }: { contactId: string; accountId: string }) {
  const { t } = useTranslation();
  const { canWrite } = useCapabilities();
  const [res, reexecute] = useContactRoles(contactId);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [removed, remove] = useMutation(DeleteRole);
  const [removeErrors, setRemoveErrors] = useState<string[]>([]);
  const n = res.data?.node;
  if (!n || !('roles' in n)) return null;
  const roles = nodesOf(n.roles);
  const home = nodesOf(res.data?.homeAccount)[0];
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const done = () => { setAdding(false); setEditing(null); refresh(); };
  // A role cannot be added at the home account or twice at one account.
  const exclude = new Set([...(home ? [home.id] : []), ...roles.map((r) => r.account.id)]);
  const accountLink = (id: string, name: string) => <Link to={`/accounts/${encodeURIComponent(id)}`}>{name}</Link>;
  return (
    <section data-testid="roles" aria-labelledby="panel-roles-h" className="roles">
      <h3 id="panel-roles-h">{t('roles.title')}</h3>
      <p className="small" data-testid="home-account">
        {t('roles.home')}{' '}
        {home ? accountLink(home.id, home.name) : <span className="muted" data-testid="home-unreadable" title={t('roles.otherAccountTitle')}>{t('roles.otherAccount')}</span>}
      </p>
      <FormErrors messages={removeErrors} />
      {roles.length === 0 && <p className="muted">{t('roles.none')}</p>}
      <ul className="list">
        {roles.map((r) => (
          <li key={r.id} data-testid="role" data-account-id={r.account.id}>
            {editing === r.id ? (
              <RoleForm contactId={contactId} roleId={r.id} exclude={exclude}
                initial={{ accountID: r.account.id, title: r.title ?? '', decisionRole: r.decisionRole, influence: String(r.influence) }}
                onDone={done} onCancel={() => setEditing(null)} />
            ) : (
              <>
                <span data-testid="role-account">{accountLink(r.account.id, r.account.name)}</span>
                {r.account.id === accountId && <> <span className="badge">{t('roles.here')}</span></>}
                <div className="row-meta">
                  <span data-testid="role-title">{r.title || '—'}</span> · <span className="badge">{label(r.decisionRole)}</span>{' '}
                  <StrengthBar value={r.influence} max={5} />
                </div>
                {canWrite && r.account.viewerCanUpdate && (
                  <div className="actions">
                    <button type="button" className="link" onClick={() => setEditing(r.id)} data-testid="edit-role">{t('panel.edit')}</button>
                    <button type="button" className="link" disabled={removed.fetching} data-testid="delete-role"
                      onClick={async () => {
                        const out = await remove({ id: r.id }, ROLE_WRITE_CONTEXT);
                        setRemoveErrors(out.error ? apiErrors(out.error).general.concat(Object.values(apiErrors(out.error).fields)) : []);
                        refresh();
                      }}>{t('roles.delete')}</button>
                  </div>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      {canWrite && !adding && (
        <button type="button" onClick={() => setAdding(true)} data-testid="add-role">{t('roles.add')}</button>
      )}
      {adding && (
        <RoleForm contactId={contactId} exclude={exclude} initial={{ accountID: '', title: '', decisionRole: 'USER', influence: '3' }}
          onDone={done} onCancel={() => setAdding(false)} />
      )}
    </section>
  );
}
