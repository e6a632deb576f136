import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { AttitudeBadge, StrengthBar, TierBadge } from '../../components/Badge';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import { nodesOf } from '../../lib/connection';
import { coverageLabel, daysSince, fmtDate, label } from '../../lib/labels';
import { ContactForm, type ContactValues } from './ContactForm';
import { History } from './History';
import { Needs } from './Needs';
import { Roles, useContactRoles } from './Roles';
import { GRAPH_CONTEXT } from './queries';

const NodeDetailQuery = graphql(/* GraphQL */ `
  query NodeDetail($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Contact {
        name
        title
        department
        seniority
        decisionRole
        attitude
        influence
        interest
        status
        leftAt
        email
        phone
        notes
        viewerCanUpdate
        reportsToID
        reportsTo {
          id
          name
        }
        reports(first: 50) {
          edges {
            node {
              id
              name
              title
            }
          }
        }
        outgoingRelations(first: 100) {
          edges {
            node {
              id
              kind
              strength
              to {
                id
                name
              }
            }
          }
        }
        incomingRelations(first: 100) {
          edges {
            node {
              id
              kind
              strength
              from {
                id
                name
              }
            }
          }
        }
        coverages(first: 50, orderBy: [{ field: STRENGTH, direction: DESC }]) {
          edges {
            node {
              id
              strength
              lastInteractionAt
              primaryOwner
              teamMember {
                id
                name
                teamRole
              }
            }
          }
        }
        history(first: 10) {
          ...HistoryFields
        }
        interactions(first: 10, orderBy: [{ field: OCCURRED_AT, direction: DESC }]) {
          totalCount
          edges {
            node {
              id
              kind
              occurredAt
              subject
              outcome
              teamMembers(first: 10) {
                edges {
                  node {
                    id
                    name
                  }
                }
              }
            }
          }
        }
      }
      ... on TeamMember {
        name
        memberEmail: email
        teamRole
        active
        coverages(first: 200, orderBy: [{ field: STRENGTH, direction: DESC }]) {
          edges {
            node {
              id
              strength
              lastInteractionAt
              primaryOwner
              contact {
                id
                name
                title
              }
            }
          }
        }
      }
      ... on Account {
        name
        tier
        segment
        region
        history(first: 10) {
          ...HistoryFields
        }
      }
    }
  }
`);

export function NodePanel({
  id, accountId, people, onSelect, onClose, onAddRelation, onLogInteraction,
}: {
  id: string;
  accountId: string;
  people: { id: string; name: string }[];
  onSelect: (id: string) => void;
  onClose: () => void;
  onAddRelation: (fromId: string) => void;
  onLogInteraction: (contactId: string) => void;
}) {
  const { t } = useTranslation();
  const [res, reexecute] = useQuery({ query: NodeDetailQuery, variables: { id }, context: GRAPH_CONTEXT });
  const [editing, setEditing] = useState(false);
  const n = res.data?.node;
  // A person holding a role at the page's account (not their home account)
  // is, on this page, that role: its title, decision role and influence head
  // the panel, and their home record comes second. Until the roles are in,
  // the title line waits rather than showing the home title for a moment.
  const [rolesRes] = useContactRoles(id, n?.__typename !== 'Contact');
  const rolesNode = rolesRes.data?.node;
  const roles = rolesNode?.id === id && 'roles' in rolesNode ? nodesOf(rolesNode.roles) : undefined;
  const rolesKnown = !!roles || !!rolesRes.error || (!!rolesRes.data && !rolesRes.fetching);
  const roleHere = roles?.find((r) => r.account.id === accountId);
  const home = roles ? nodesOf(rolesRes.data?.homeAccount)[0] : undefined;
  const homeAccount = home
    ? <Link to={`/accounts/${encodeURIComponent(home.id)}`}>{home.name}</Link>
    : <span className="muted" data-testid="panel-home-unreadable" title={t('roles.otherAccountTitle')}>{t('roles.otherAccount')}</span>;
  // Keyboard: the panel takes the focus when it opens (from a table row, a
  // gap, the power map), Escape closes it, and the focus goes back.
  const headRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    headRef.current?.focus({ preventScroll: window.innerWidth > 700 });
    return () => { if (before?.isConnected) before.focus({ preventScroll: true }); };
  }, []);
  const person = (pid: string, name: string) => (
    <button type="button" className="link" onClick={() => onSelect(pid)}>{name}</button>
  );

  return (
    <aside
      className="panel"
      aria-label={t('panel.label')}
      data-testid="node-panel"
      data-node-id={id}
      onKeyDown={(e) => { if (e.key === 'Escape' && !editing) { e.stopPropagation(); onClose(); } }}
    >
      <div className="panel-head">
        <h2 ref={headRef} tabIndex={-1}>{n && 'name' in n ? n.name : t('panel.details')}</h2>
        <button type="button" onClick={onClose} aria-label={t('panel.close')} className="icon">×</button>
      </div>
      {res.error && <ErrorBox error={res.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {!n && res.fetching && <Skeleton rows={6} height={20} label={t('panel.loading')} />}
      {n?.__typename === 'Contact' && !editing && (
        <div className="panel-body">
          {!rolesKnown ? (
            <Skeleton height={16} label={t('panel.loading')} />
          ) : roleHere ? (
            <div className="muted" data-testid="panel-title" data-role-here="true">
              {roleHere.title || '—'} <span className="badge">{t('panel.roleHere')}</span>
            </div>
          ) : (
            <div className="muted" data-testid="panel-title">{[n.title, n.department].filter(Boolean).join(' · ') || '—'}</div>
          )}
          {roleHere && (
            <p className="small" data-testid="panel-home-line">
              {t('panel.homeAt')} {homeAccount}
              {t('panel.homeTitle', { title: [n.title, n.department].filter(Boolean).join(' · ') || '—' })}
              {' · '}{label(n.decisionRole)}
            </p>
          )}
          <div className="chips">
            <AttitudeBadge attitude={n.attitude} />
            <span className="badge" data-testid="panel-decision">{label(roleHere ? roleHere.decisionRole : n.decisionRole)}</span>
            <span className="badge">{label(n.seniority)}</span>
            {n.status === 'LEFT' && <span className="badge warn">{t('panel.left', { date: fmtDate(n.leftAt) })}</span>}
          </div>
          <dl className="kv">
            <dt>{t('field.influence')}</dt><dd data-testid="panel-influence"><StrengthBar value={roleHere ? roleHere.influence : n.influence} max={5} /></dd>
            <dt>{t('field.interest')}</dt><dd><StrengthBar value={n.interest} max={5} /></dd>
            <dt>{t('field.reportsToID')}</dt><dd>{n.reportsTo ? person(n.reportsTo.id, n.reportsTo.name) : '—'}</dd>
            <dt>{t('field.email')}</dt><dd>{n.email ?? '—'}</dd>
            <dt>{t('field.phone')}</dt><dd>{n.phone ?? '—'}</dd>
          </dl>
          {n.notes && <p className="notes">{n.notes}</p>}
          {n.viewerCanUpdate && (
            <div className="actions">
              <button type="button" onClick={() => setEditing(true)} data-testid="edit-contact">{t('panel.edit')}</button>
              <button type="button" onClick={() => onAddRelation(n.id)}>{t('panel.addRelation')}</button>
              <button type="button" onClick={() => onLogInteraction(n.id)}>{t('panel.logInteraction')}</button>
            </div>
          )}

          <Roles contactId={n.id} accountId={accountId} />

          <Needs contactId={n.id} />

          <h3 id="panel-coverage-h">{t('panel.coverage')} <span className="muted small">{t('panel.coverageHint')}</span></h3>
          {nodesOf(n.coverages).length === 0 ? (
            <p className="warn-text" data-testid="panel-coverage">{t('panel.uncovered', { name: n.name })}</p>
          ) : (
            <ul className="list" data-testid="panel-coverage" aria-labelledby="panel-coverage-h">
              {nodesOf(n.coverages).map((c) => {
                const d = daysSince(c.lastInteractionAt);
                return (
                  <li key={c.id}>
                    {person(c.teamMember.id, c.teamMember.name)} {c.primaryOwner && <span className="badge">{t('panel.owner')}</span>}
                    <div className="row-meta">
                      <StrengthBar value={c.strength} max={4} /> {coverageLabel(c.strength)}
                      <span className={d != null && d > 90 ? 'warn-text' : 'muted'}> · {c.lastInteractionAt ? t('panel.lastDays', { date: fmtDate(c.lastInteractionAt), days: d }) : t('panel.lastNever')}</span>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}

          <h3>{t('panel.relations')}</h3>
          <ul className="list">
            {nodesOf(n.outgoingRelations).map((r) => (
              <li key={r.id}>{label(r.kind)} → {person(r.to.id, r.to.name)} <StrengthBar value={r.strength} max={5} /></li>
            ))}
            {nodesOf(n.incomingRelations).map((r) => (
              <li key={r.id}>{person(r.from.id, r.from.name)} → {label(r.kind)} <StrengthBar value={r.strength} max={5} /></li>
            ))}
            {nodesOf(n.reports).map((r) => (
              <li key={r.id}>{t('panel.directReport')} {person(r.id, r.name)}</li>
            ))}
            {nodesOf(n.outgoingRelations).length + nodesOf(n.incomingRelations).length + nodesOf(n.reports).length === 0 && <li className="muted">{t('panel.noRelations')}</li>}
          </ul>

          <h3 id="panel-interactions-h">{t('panel.interactions')} <span className="muted small">{t('panel.inAll', { count: n.interactions.totalCount })}</span></h3>
          <ul className="list" data-testid="panel-interactions" aria-labelledby="panel-interactions-h">
            {nodesOf(n.interactions).map((i) => (
              <li key={i.id}>
                <strong>{label(i.kind)}</strong> · {fmtDate(i.occurredAt)}
                {i.subject && <div>{i.subject}</div>}
                <div className="muted small">{t('panel.with')} {nodesOf(i.teamMembers).map((m) => m.name).join(', ') || '—'}{i.outcome ? ` · ${i.outcome}` : ''}</div>
              </li>
            ))}
            {n.interactions.totalCount === 0 && <li className="muted">{t('panel.noInteractions')}</li>}
          </ul>

          <h3>{t('panel.history')} <span className="muted small">{t('panel.historyHint')}</span></h3>
          <History entries={n.history} />
        </div>
      )}
      {n?.__typename === 'Contact' && editing && n.viewerCanUpdate && (
        <ContactForm
          accountId={accountId}
          contactId={n.id}
          people={people}
          note={roleHere ? t('panel.editsHome', { name: n.name, account: home?.name ?? t('roles.otherAccount') }) : undefined}
          initial={{
            name: n.name, title: n.title ?? '', department: n.department ?? '', seniority: n.seniority,
            decisionRole: n.decisionRole, attitude: n.attitude, influence: String(n.influence), interest: String(n.interest),
            reportsToID: n.reportsToID ?? '', email: n.email ?? '', phone: n.phone ?? '', notes: n.notes ?? '',
          } satisfies ContactValues}
          onDone={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        />
      )}
      {n?.__typename === 'TeamMember' && (
        <div className="panel-body">
          <div className="muted">{label(n.teamRole)} · {n.memberEmail}{n.active ? '' : ` · ${t('panel.inactive')}`}</div>
          <h3>{t('panel.knows')}</h3>
          <ul className="list">
            {nodesOf(n.coverages).map((c) => (
              <li key={c.id}>
                {person(c.contact.id, c.contact.name)} <span className="muted small">{c.contact.title}</span>
                <div className="row-meta"><StrengthBar value={c.strength} max={4} /> {t('panel.last', { date: fmtDate(c.lastInteractionAt) })}</div>
              </li>
            ))}
          </ul>
        </div>
      )}
      {n?.__typename === 'Account' && (
        <div className="panel-body">
          <TierBadge tier={n.tier} /> <span className="muted">{label(n.segment)} · {n.region ?? '—'}</span>
          <h3>{t('panel.history')} <span className="muted small">{t('panel.historyHint')}</span></h3>
          <History entries={n.history} />
        </div>
      )}
      {res.data && !n && <p className="muted">{t('panel.gone')}</p>}
    </aside>
  );
}
