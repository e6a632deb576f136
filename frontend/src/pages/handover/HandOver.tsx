// Handing a member's relationships over (issue 16, point 4): choose an
// active successor, the people (all by default), an optional date for the
// joint introductions and a note, confirm, then follow each handover's
// progress: per person, met by the successor or not, and the
// introduction planned or done.
import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox';
import { Field, FormErrors } from '../../components/Field';
import { nodesOf } from '../../lib/connection';
import { apiErrors, type ApiErrors } from '../../lib/errors';
import { coverageLabel, fmtDate, label } from '../../lib/labels';
import { HandoverMemberQuery, HandoverMutation } from './queries';

type Member = { id: string; name: string };

export function HandOver({ memberId, team, onDone }: { memberId: string; team: Member[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [res, refetch] = useQuery({ query: HandoverMemberQuery, variables: { member: memberId } });
  const node = res.data?.node?.__typename === 'TeamMember' ? res.data.node : null;
  const covered = useMemo(() => nodesOf(node?.coverages), [node]);
  const handovers = node?.handovers ?? [];
  const [successor, setSuccessor] = useState('');
  const [skipped, setSkipped] = useState<Set<string>>(new Set());
  const [date, setDate] = useState('');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const [mres, handover] = useMutation(HandoverMutation);
  const chosen = covered.filter((c) => !skipped.has(c.contact.id));
  const successorName = team.find((m) => m.id === successor)?.name ?? '';
  const fieldNames = ['fromId', 'toId', 'contactIds', 'introduceBy', 'note'];

  const ask = (e: FormEvent) => {
    e.preventDefault();
    setErrors({ fields: {}, general: [] });
    setConfirming(true);
  };
  const confirm = async () => {
    const r = await handover({
      input: {
        fromId: memberId,
        toId: successor,
        contactIds: chosen.map((c) => c.contact.id),
        introduceBy: date ? new Date(`${date}T09:00:00`).toISOString() : undefined,
        note: note || undefined,
      },
    });
    setConfirming(false);
    if (r.error) return setErrors(apiErrors(r.error, fieldNames));
    setSkipped(new Set());
    setDate('');
    setNote('');
    refetch({ requestPolicy: 'network-only' });
    onDone();
  };
  const toggle = (id: string) => setSkipped((prev) => {
    const n = new Set(prev);
    if (n.has(id)) n.delete(id); else n.add(id);
    return n;
  });

  return (
    <>
      <section className="card" aria-labelledby="ho-do" data-testid="handover-form-card">
        <h2 id="ho-do">{t('handover.do.title')}</h2>
        {res.error && <ErrorBox error={res.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
        {node && covered.length === 0 && <p className="muted">{t('handover.do.nothing')}</p>}
        {node && covered.length > 0 && (
          <form className="form" onSubmit={ask} noValidate data-testid="handover-form">
            <FormErrors messages={errors.general} />
            <Field id="handover-successor" label={t('handover.do.successor')} error={errors.fields.toId}>
              <select id="handover-successor" data-testid="handover-successor" value={successor} onChange={(e) => { setSuccessor(e.target.value); setConfirming(false); }}>
                <option value="">{t('common.choose')}</option>
                {team.filter((m) => m.id !== memberId).map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
              </select>
            </Field>
            <fieldset className="field" data-testid="handover-contacts">
              <legend>{t('handover.do.contacts', { count: chosen.length, total: covered.length })}</legend>
              {covered.map((c) => (
                <label key={c.id} className="check">
                  <input type="checkbox" checked={!skipped.has(c.contact.id)} onChange={() => { toggle(c.contact.id); setConfirming(false); }} data-testid="handover-contact" value={c.contact.id} />
                  {' '}{c.contact.name} <span className="muted small">{c.contact.account.name} · {coverageLabel(c.strength)}</span>
                </label>
              ))}
              {errors.fields.contactIds && <div className="field-error" role="alert">{errors.fields.contactIds}</div>}
            </fieldset>
            <Field id="handover-introduce-by" label={t('handover.do.introduceBy')} hint={t('handover.do.introduceHint')} error={errors.fields.introduceBy}>
              <input id="handover-introduce-by" data-testid="handover-introduce-by" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            </Field>
            <Field id="handover-note" label={t('handover.do.note')} error={errors.fields.note}>
              <input id="handover-note" data-testid="handover-note" value={note} onChange={(e) => setNote(e.target.value)} />
            </Field>
            {errors.fields.fromId && <FormErrors messages={[errors.fields.fromId]} />}
            {confirming ? (
              <div className="actions" role="group" aria-label={t('handover.do.confirmTitle')}>
                <p data-testid="handover-confirm-text">{t('handover.do.confirmText', { count: chosen.length, name: successorName })}</p>
                <button type="button" className="primary" onClick={confirm} disabled={mres.fetching} data-testid="handover-confirm">{t('handover.do.confirm')}</button>
                <button type="button" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
              </div>
            ) : (
              <div className="actions">
                <button type="submit" className="primary" disabled={!successor || chosen.length === 0} data-testid="handover-submit">{t('handover.do.submit')}</button>
              </div>
            )}
          </form>
        )}
      </section>
      {handovers.length > 0 && (
        <section className="card" aria-labelledby="ho-progress" data-testid="handover-progress">
          <h2 id="ho-progress">{t('handover.progress.title')}</h2>
          {handovers.map((h) => (
            <div key={h.id} className="handover-entry" data-testid="handover-entry" data-handover={h.id}>
              <h3>
                <Link to={`/accounts/${encodeURIComponent(h.account.id)}`}>{h.account.name}</Link>
                {' · '}{t('handover.progress.fromTo', { from: h.predecessor.name, to: h.successor.name, date: fmtDate(h.handedOverAt) })}
              </h3>
              <p data-testid="handover-entry-summary">
                {t('handover.progress.summary', { met: h.progress.met, count: h.progress.contacts, planned: h.progress.introductionsPlanned, done: h.progress.introductionsDone })}
              </p>
              {h.note && <p className="muted small">{h.note}</p>}
              <div className="table-scroll">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('handover.col.contact')}</th>
                      <th scope="col">{t('handover.progress.col.met')}</th>
                      <th scope="col">{t('handover.progress.col.introduction')}</th>
                      <th scope="col">{t('handover.progress.col.strength')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(h.items ?? []).map((it) => (
                      <tr key={it.id} data-testid="handover-item" data-met={it.met ? 'yes' : 'no'}>
                        <th scope="row">{it.contact.name}</th>
                        <td><Met met={it.met} at={it.metAt} /></td>
                        <td><Intro status={it.introduction?.status ?? null} at={it.introduction?.occurredAt ?? null} /></td>
                        <td>{t('handover.progress.strengths', { before: coverageLabel(it.predecessorStrength), start: coverageLabel(it.successorStrength) })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ))}
        </section>
      )}
    </>
  );
}

function Met({ met, at }: { met: boolean; at: string | null | undefined }) {
  const { t } = useTranslation();
  if (!met) return <span className="badge">{t('handover.progress.notMet')}</span>;
  return <span className="badge">{t('handover.progress.metOn', { date: fmtDate(at) })}</span>;
}

function Intro({ status, at }: { status: string | null; at: string | null }) {
  const { t } = useTranslation();
  if (!status) return <span className="muted">{t('handover.progress.noIntroduction')}</span>;
  return <span>{label(status)} · {fmtDate(at)}</span>;
}
