import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { Attitude, ChainRole, DecisionChainFieldsFragment } from '../../gql/graphql';
import { AttitudeBadge, StrengthBar } from '../../components/Badge';
import { Field, FormErrors } from '../../components/Field';
import { apiErrors, type ApiErrors } from '../../lib/errors';
import { ATTITUDES, CHAIN_ROLES, coverageLabel, fmtMoney, label } from '../../lib/labels';

export const DecisionChainFields = graphql(/* GraphQL */ `
  fragment DecisionChainFields on DecisionChain {
    coverageRatio
    weightedCoverageRatio
    links {
      link {
        id
      }
      role
      position
      stance
      weight
      covered
      contact {
        id
        name
        title
      }
      strongestCoverage {
        strength
        teamMember {
          id
          name
        }
      }
    }
  }
`);

const CreateLink = graphql(/* GraphQL */ `
  mutation CreateDecisionChainLink($input: CreateDecisionChainLinkInput!) {
    createDecisionChainLink(input: $input) {
      id
      position
    }
  }
`);

const DeleteLink = graphql(/* GraphQL */ `
  mutation DeleteDecisionChainLink($id: ID!) {
    deleteDecisionChainLink(id: $id) {
      deletedID
    }
  }
`);

export interface OpportunitySummary {
  id: string;
  name: string;
  stage: string;
  amount: number;
}

/** The decision chain of one opportunity, in order, with our coverage of each link. */
export function DecisionChain({
  opportunities, selectedId, onSelectOpportunity, chain: dc, contacts, onSelectNode, onHighlight, canEdit = false,
}: {
  opportunities: OpportunitySummary[];
  selectedId: string | null;
  onSelectOpportunity: (id: string) => void;
  chain: DecisionChainFieldsFragment | null;
  contacts: { id: string; name: string }[];
  onSelectNode: (id: string) => void;
  onHighlight: (contactIds: string[]) => void;
  /** The viewer may change the account (Account.viewerCanUpdate): adding and removing links. */
  canEdit?: boolean;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [, del] = useMutation(DeleteLink);
  const opp = opportunities.find((o) => o.id === selectedId);
  const chain = [...(dc?.links ?? [])].sort((a, b) => a.position - b.position);
  const coverageRatio = dc?.coverageRatio ?? 0;
  return (
    <section className="card" aria-labelledby="chain-h" data-testid="decision-chain">
      <div className="card-head">
        <h2 id="chain-h">{t('chain.title')}</h2>
        <label htmlFor="opp-select" className="sr-only">{t('chain.opportunity')}</label>
        <select id="opp-select" value={selectedId ?? ''} onChange={(e) => onSelectOpportunity(e.target.value)} data-testid="opp-select">
          {opportunities.length === 0 && <option value="">{t('chain.noOpportunities')}</option>}
          {opportunities.map((o) => (
            <option key={o.id} value={o.id}>{o.name} · {label(o.stage, 'OpportunityStage')} · {fmtMoney(o.amount)}</option>
          ))}
        </select>
        {opp && (
          <span className={`ratio ${coverageRatio < 0.6 ? 'bad' : coverageRatio < 1 ? 'mid' : 'good'}`} data-testid="coverage-ratio">
            {t('chain.covered', { percent: Math.round(coverageRatio * 100) })}
          </span>
        )}
        {opp && dc && chain.length > 0 && (
          <span className="muted small" title={t('chain.weightedTitle')}>{t('chain.weighted', { percent: Math.round(dc.weightedCoverageRatio * 100) })}</span>
        )}
        {opp && chain.length > 0 && (
          <button type="button" onClick={() => onHighlight(chain.map((l) => l.contact.id))}>{t('chain.showOnGraph')}</button>
        )}
      </div>
      {opp && chain.length === 0 && <p className="muted">{t('chain.empty')}</p>}
      <ol className="chain">
        {chain.map((l) => (
          <li key={l.link.id} className={`chain-link ${l.covered ? 'covered' : 'uncovered'}`} data-testid="chain-link" data-covered={l.covered}>
            <div className="chain-role"><span className="chain-pos">{l.position}</span> {label(l.role)}</div>
            <button type="button" className="link strong" onClick={() => onSelectNode(l.contact.id)}>{l.contact.name}</button>
            <div className="muted small">{l.contact.title ?? ''}</div>
            <AttitudeBadge attitude={l.stance} />
            <div className="chain-cov">
              {l.strongestCoverage ? (
                <>
                  <StrengthBar value={l.strongestCoverage.strength} max={4} /> {l.strongestCoverage.teamMember.name}
                  <span className="muted small"> ({coverageLabel(l.strongestCoverage.strength)})</span>
                </>
              ) : (
                <span>{t('chain.nobody')}</span>
              )}
            </div>
            {!l.covered && <div className="tag-uncovered">{t('chain.uncovered')}</div>}
            {canEdit && <button type="button" className="icon remove" aria-label={t('chain.remove', { name: l.contact.name })} onClick={() => del({ id: l.link.id })}>×</button>}
          </li>
        ))}
      </ol>
      {opp && canEdit && !adding && <button type="button" onClick={() => setAdding(true)}>{t('chain.addLink')}</button>}
      {opp && canEdit && adding && (
        <ChainLinkForm
          opportunityId={opp.id}
          nextPosition={chain.reduce((m, l) => Math.max(m, l.position), 0) + 1}
          contacts={contacts}
          onDone={() => setAdding(false)}
          onCancel={() => setAdding(false)}
        />
      )}
    </section>
  );
}

function ChainLinkForm({
  opportunityId, nextPosition, contacts, onDone, onCancel,
}: {
  opportunityId: string;
  nextPosition: number;
  contacts: { id: string; name: string }[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState({ contactID: '', role: 'INITIATOR' as ChainRole, position: String(nextPosition), stance: 'NEUTRAL' as Attitude });
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const [res, create] = useMutation(CreateLink);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await create({
      input: { opportunityID: opportunityId, contactID: v.contactID, role: v.role, position: Math.trunc(Number(v.position)), stance: v.stance },
    });
    if (r.error) return setErrors(apiErrors(r.error, ['contactID', 'role', 'position', 'stance']));
    onDone();
  };
  const err = (f: string) => errors.fields[f];
  return (
    <form className="form inline-form" onSubmit={submit} noValidate onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <FormErrors messages={errors.general} />
      <Field id="cl-contact" label={t('field.contactID')} error={err('contactID')}>
        <select id="cl-contact" value={v.contactID} onChange={(e) => setV({ ...v, contactID: e.target.value })}>
          <option value="">{t('common.choose')}</option>
          {contacts.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </Field>
      <Field id="cl-role" label={t('field.role')} error={err('role')}>
        <select id="cl-role" value={v.role} onChange={(e) => setV({ ...v, role: e.target.value as ChainRole })}>
          {CHAIN_ROLES.map((r) => <option key={r} value={r}>{label(r)}</option>)}
        </select>
      </Field>
      <Field id="cl-position" label={t('field.position')} error={err('position')}>
        <input id="cl-position" type="number" min={1} value={v.position} onChange={(e) => setV({ ...v, position: e.target.value })} />
      </Field>
      <Field id="cl-stance" label={t('field.stance')} error={err('stance')}>
        <select id="cl-stance" value={v.stance} onChange={(e) => setV({ ...v, stance: e.target.value as Attitude })}>
          {ATTITUDES.map((r) => <option key={r} value={r}>{label(r)}</option>)}
        </select>
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={res.fetching}>{t('common.add')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
