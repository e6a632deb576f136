// The account plan of a fiscal year: objectives against today's values, the
// activity calendar and list (overdue ones marked in words, not colour
// only), budget planned against spent by means and by quarter, risks and
// how the plan's key people moved. Editors of the account record planned
// activities, complete or cancel them, and add objectives.
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox';
import { Field, FormErrors } from '../../components/Field';
import { Skeleton } from '../../components/Skeleton';
import { nodesOf } from '../../lib/connection';
import { apiErrors, type ApiErrors } from '../../lib/errors';
import { CsvDataButton } from '../../lib/exportButtons';
import { fmtDate, fmtMoney, INTERACTION_KINDS, label } from '../../lib/labels';
import { currentLanguage } from '../../i18n';
import type { InteractionKind, InteractionStatus, ObjectiveMetric } from '../../gql/graphql';
import { TeamMembersQuery } from '../account/queries';
import { AccountPlanQuery, CancelActivity, CompleteActivity, CreateAccountPlan, CreateObjective, CreatePlannedActivity } from './queries';
import { activityState, fiscalMonths, used, type ActivityState } from './shape';

const CONTEXT = { additionalTypenames: ['Interaction', 'AccountPlan', 'Objective', 'Risk'] };
const METRICS = ['STRENGTH', 'ATTITUDE', 'COVERAGE_RATIO', 'REVENUE', 'WHITESPACE'] as const;
const STATE_MARK: Record<ActivityState, string> = { DONE: '✓', CANCELLED: '✕', OVERDUE: '⚠', PLANNED: '○' };

export default function PlanPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const fy = params.get('fy') ? Number(params.get('fy')) : null;
  const [res, refetch] = useQuery({ query: AccountPlanQuery, variables: { id, fiscalYear: fy }, context: CONTEXT });
  const [teamRes] = useQuery({ query: TeamMembersQuery });
  const [, complete] = useMutation(CompleteActivity);
  const [, cancel] = useMutation(CancelActivity);
  const [actionError, setActionError] = useState<string | null>(null);
  const [form, setForm] = useState<'activity' | 'objective' | null>(null);
  const team = useMemo(() => nodesOf(teamRes.data?.teamMembers), [teamRes.data]);
  const teamName = useMemo(() => new Map(team.map((m) => [m.id, m.name])), [team]);

  const account = res.data?.node?.__typename === 'Account' ? res.data.node : null;
  const plan = account?.plan ?? null;
  const p = plan?.progress ?? null;
  const activities = useMemo(() => nodesOf(plan?.activities), [plan]);
  const months = useMemo(() => (p ? fiscalMonths(p.startsAt, activities) : []), [p, activities]);
  const canEdit = !!account?.viewerCanUpdate;
  const again = () => refetch({ requestPolicy: 'network-only' });
  const act = async (r: Promise<{ error?: { message: string } }>) => {
    const out = await r;
    setActionError(out.error ? out.error.message : null);
    again();
  };
  const year = plan?.fiscalYear ?? fy;
  const go = (y: number) => setParams((prev) => { const n = new URLSearchParams(prev); n.set('fy', String(y)); return n; }, { replace: true });

  if (res.error && !res.data) return <div className="page"><ErrorBox error={res.error} retry={again} /></div>;
  if (!res.data) return <div className="page"><Skeleton rows={8} height={36} label={t('plan.loading')} /></div>;
  if (!account) return <div className="page"><p>{t('plan.noAccount')}</p></div>;

  return (
    <div className="page" data-testid="plan-page">
      <nav className="crumbs" aria-label={t('account.breadcrumb')}>
        <Link to="/accounts">{t('layout.accounts')}</Link> / <Link to={`/accounts/${encodeURIComponent(account.id)}`}>{account.name}</Link>
      </nav>
      <div className="page-head">
        <h1>{plan ? t('plan.titleWith', { period: plan.period }) : t('plan.title')}</h1>
        {plan?.title && <span className="muted">{plan.title}</span>}
        <div className="spacer" />
        {year != null && (
          <span role="group" aria-label={t('plan.year')}>
            <button type="button" onClick={() => go(year - 1)} data-testid="plan-prev">{t('plan.prevYear')}</button>{' '}
            <button type="button" onClick={() => go(year + 1)} data-testid="plan-next">{t('plan.nextYear')}</button>
          </span>
        )}
      </div>
      {actionError && <ErrorBox error={actionError} />}
      {!plan && <NoPlan accountId={account.id} fiscalYear={fy} canEdit={canEdit} onDone={again} />}
      {plan && p && (
        <>
          <p className="muted small">{t('plan.span', { from: fmtDate(p.startsAt), to: fmtDate(new Date(new Date(p.endsAt).getTime() - 1).toISOString()) })}{plan.owner && <> · {t('plan.owner')}: {plan.owner.name}</>}</p>
          <div className="plan-tiles" data-testid="plan-counts">
            <Tile label={t('plan.state.DONE')} value={p.done} mark={STATE_MARK.DONE} testId="plan-done" />
            <Tile label={t('plan.state.PLANNED')} value={p.planned} mark={STATE_MARK.PLANNED} testId="plan-planned" />
            <Tile label={t('plan.state.OVERDUE')} value={p.overdue} mark={STATE_MARK.OVERDUE} testId="plan-overdue" warn={p.overdue > 0} />
            <Tile label={t('plan.state.CANCELLED')} value={p.cancelled} mark={STATE_MARK.CANCELLED} testId="plan-cancelled" />
            <div className="card plan-tile" data-testid="plan-budget">
              <div className="muted small">{t('plan.budget')}</div>
              <strong>{fmtMoney(p.spentBudget)}</strong> <span className="muted small">/ {fmtMoney(p.plannedBudget)}</span>
              <Meter value={used(p.plannedBudget, p.spentBudget)} label={t('plan.budgetUsed', { pct: Math.round(used(p.plannedBudget, p.spentBudget) * 100) })} />
            </div>
          </div>

          <section className="card" aria-labelledby="obj-h" data-testid="plan-objectives">
            <div className="card-head">
              <h2 id="obj-h">{t('plan.objectives')}</h2>
              <CsvDataButton
                testId="export-objectives-csv"
                title={`${account.name}-${plan.period}-${t('plan.objectives')}`}
                header={[t('plan.col.objective'), t('plan.col.metric'), t('plan.col.target'), t('plan.col.current'), t('plan.col.status'), t('plan.col.due'), t('plan.col.owner')]}
                rows={() => p.objectives.map((o) => [o.objective.title, label(o.objective.metric), o.objective.target, o.current, t(`plan.objective.${o.reached ? 'reached' : o.overdue ? 'overdue' : 'open'}`), o.objective.dueAt?.slice(0, 10), o.objective.owner?.name])}
              />
              {canEdit && form !== 'objective' && <button type="button" onClick={() => setForm('objective')} data-testid="add-objective">{t('plan.addObjective')}</button>}
            </div>
            {form === 'objective' && <ObjectiveForm planId={plan.id} team={team} onCancel={() => setForm(null)} onDone={() => { setForm(null); again(); }} />}
            {p.objectives.length === 0 ? <p className="muted">{t('plan.noObjectives')}</p> : (
              <table className="table">
                <thead><tr>
                  <th scope="col">{t('plan.col.objective')}</th><th scope="col">{t('plan.col.metric')}</th><th scope="col" className="num">{t('plan.col.target')}</th>
                  <th scope="col" className="num">{t('plan.col.current')}</th><th scope="col">{t('plan.col.status')}</th><th scope="col">{t('plan.col.due')}</th><th scope="col">{t('plan.col.owner')}</th>
                </tr></thead>
                <tbody>
                  {p.objectives.map((o) => (
                    <tr key={o.objective.id} data-testid="objective-row" data-state={o.reached ? 'reached' : o.overdue ? 'overdue' : 'open'}>
                      <td>{o.objective.title}{o.objective.contact && <span className="muted small"> · {o.objective.contact.name}</span>}</td>
                      <td>{label(o.objective.metric)}</td>
                      <td className="num">{fmtMetric(o.objective.metric, o.objective.target)}</td>
                      <td className="num">{o.current == null ? '—' : fmtMetric(o.objective.metric, o.current)}</td>
                      <td><ObjectiveBadge reached={o.reached} overdue={o.overdue} /></td>
                      <td>{o.objective.dueAt ? fmtDate(o.objective.dueAt) : '—'}</td>
                      <td>{o.objective.owner?.name ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section className="card" aria-labelledby="cal-h" data-testid="plan-calendar">
            <div className="card-head"><h2 id="cal-h">{t('plan.calendar')}</h2><span className="muted small">{Object.entries(STATE_MARK).map(([s, m]) => `${m} ${t(`plan.state.${s}`)}`).join(' · ')}</span></div>
            <ol className="plan-calendar">
              {months.map((m) => (
                <li key={m.key} data-testid="plan-month">
                  <div className="muted small">{new Intl.DateTimeFormat(currentLanguage(), { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(m.start)}</div>
                  <ul>
                    {m.items.map((a) => {
                      const s = activityState(a);
                      return <li key={a.id} className={`chip state-${s.toLowerCase()}`} title={`${label(a.kind)} · ${t(`plan.state.${s}`)}`}>{STATE_MARK[s]} {a.subject || label(a.kind)}</li>;
                    })}
                  </ul>
                </li>
              ))}
            </ol>
          </section>

          <section className="card" aria-labelledby="act-h" data-testid="plan-activities">
            <div className="card-head">
              <h2 id="act-h">{t('plan.activities')}</h2>
              <span className="muted small">{t('plan.activityCount', { count: plan.activities.totalCount })}</span>
              <CsvDataButton
                testId="export-activities-csv"
                title={`${account.name}-${plan.period}-${t('plan.activities')}`}
                header={[t('plan.col.date'), t('plan.col.kind'), t('plan.col.subject'), t('plan.col.owner'), t('plan.col.status'), t('plan.col.budgeted'), t('plan.col.cost')]}
                rows={() => activities.map((a) => [a.occurredAt.slice(0, 10), label(a.kind), a.subject, a.ownerID ? teamName.get(a.ownerID) : '', t(`plan.state.${activityState(a)}`), a.budgetedCost, a.status === 'DONE' ? a.cost : ''])}
              />
              {canEdit && form !== 'activity' && <button type="button" className="primary" onClick={() => setForm('activity')} data-testid="add-activity">{t('plan.addActivity')}</button>}
            </div>
            {form === 'activity' && <ActivityForm accountId={account.id} planId={plan.id} team={team} onCancel={() => setForm(null)} onDone={() => { setForm(null); again(); }} />}
            <div className="table-scroll">
              <table className="table">
                <thead><tr>
                  <th scope="col">{t('plan.col.date')}</th><th scope="col">{t('plan.col.kind')}</th><th scope="col">{t('plan.col.subject')}</th><th scope="col">{t('plan.col.owner')}</th>
                  <th scope="col">{t('plan.col.status')}</th><th scope="col" className="num">{t('plan.col.budgeted')}</th><th scope="col" className="num">{t('plan.col.cost')}</th>
                  {canEdit && <th scope="col">{t('plan.col.actions')}</th>}
                </tr></thead>
                <tbody>
                  {activities.length === 0 && <tr><td colSpan={canEdit ? 8 : 7} className="empty">{t('plan.noActivities')}</td></tr>}
                  {activities.map((a) => {
                    const s = activityState(a);
                    return (
                      <tr key={a.id} data-testid="activity-row" data-state={s}>
                        <td>{fmtDate(a.occurredAt)}</td>
                        <td>{label(a.kind)}</td>
                        <td>{a.subject ?? '—'}</td>
                        <td>{a.ownerID ? teamName.get(a.ownerID) ?? '—' : '—'}</td>
                        <td><span className={`badge state-${s.toLowerCase()}`}>{STATE_MARK[s]} {t(`plan.state.${s}`)}</span></td>
                        <td className="num">{a.budgetedCost == null ? '—' : fmtMoney(a.budgetedCost)}</td>
                        <td className="num">{a.status === 'DONE' ? fmtMoney(a.cost) : '—'}</td>
                        {canEdit && (
                          <td>
                            {a.status === 'PLANNED' && (
                              <>
                                <button type="button" className="link" data-testid="activity-complete" onClick={() => act(complete({ id: a.id, cost: a.budgetedCost ?? undefined }))}>{t('plan.complete')}</button>{' '}
                                <button type="button" className="link" data-testid="activity-cancel" onClick={() => act(cancel({ id: a.id }))}>{t('plan.cancelActivity')}</button>
                              </>
                            )}
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>

          <div className="below-grid">
            <BudgetTable title={t('plan.byMeans')} rows={p.byMeans.map((b) => ({ ...b, name: label(b.key) }))} testId="plan-by-means" />
            <BudgetTable title={t('plan.byQuarter')} rows={p.byQuarter.map((b) => ({ ...b, name: b.key }))} testId="plan-by-quarter" />
            <section className="card" aria-labelledby="risk-h" data-testid="plan-risks">
              <h2 id="risk-h">{t('plan.risks')}</h2>
              {nodesOf(plan.risks).length === 0 ? <p className="muted">{t('plan.noRisks')}</p> : (
                <ul className="plain">
                  {nodesOf(plan.risks).map((r) => (
                    <li key={r.id}><span className="badge">{label(r.severity)}</span> {r.description}{r.mitigation && <div className="muted small">{t('plan.mitigation')}: {r.mitigation}</div>}</li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card" aria-labelledby="moved-h" data-testid="plan-stakeholders">
              <h2 id="moved-h">{t('plan.stakeholders')}</h2>
              {p.stakeholders.length === 0 ? <p className="muted">{t('plan.noStakeholders')}</p> : (
                <table className="table">
                  <thead><tr><th scope="col">{t('field.name')}</th><th scope="col" className="num">{t('plan.col.strength')}</th><th scope="col" className="num">{t('plan.col.attitude')}</th></tr></thead>
                  <tbody>
                    {p.stakeholders.map((s) => (
                      <tr key={s.contact.id}>
                        <td>{s.contact.name}</td>
                        <td className="num">{s.strengthAtStart.toFixed(1)} → {s.strengthToday.toFixed(1)} ({signed(s.strengthDelta, 1)})</td>
                        <td className="num">{s.attitudeAtStart} → {s.attitudeToday} ({signed(s.attitudeDelta, 0)})</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
        </>
      )}
    </div>
  );
}

function ObjectiveBadge({ reached, overdue }: { reached: boolean; overdue: boolean }) {
  const { t } = useTranslation();
  const state = reached ? 'reached' : overdue ? 'overdue' : 'open';
  const mark = { reached: '✓ ', overdue: '⚠ ', open: '' }[state];
  return <span className={`badge ${{ reached: 'ok', overdue: 'warn', open: '' }[state]}`}>{mark}{t(`plan.objective.${state}`)}</span>;
}

function signed(n: number, digits: number): string {
  const s = n.toFixed(digits);
  return n > 0 ? `+${s}` : s;
}

function fmtMetric(metric: string, v: number): string {
  if (metric === 'REVENUE' || metric === 'WHITESPACE') return fmtMoney(v);
  if (metric === 'COVERAGE_RATIO') return `${Math.round(v * 100)}%`;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function Tile({ label: l, value, mark, testId, warn = false }: { label: string; value: number; mark: string; testId: string; warn?: boolean }) {
  return (
    <div className={`card plan-tile${warn ? ' warn' : ''}`} data-testid={testId}>
      <div className="muted small">{mark} {l}</div>
      <strong>{value}</strong>
    </div>
  );
}

function Meter({ value, label: l }: { value: number; label: string }) {
  return (
    <div className="meter" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(value * 100)} aria-label={l} title={l}>
      <div className={`meter-fill${value > 1 ? ' over' : ''}`} style={{ width: `${Math.min(100, value * 100)}%` }} />
    </div>
  );
}

function BudgetTable({ title, rows, testId }: { title: string; rows: { key: string; name: string; planned: number; spent: number }[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid={testId} aria-label={title}>
      <h2>{title}</h2>
      <table className="table">
        <thead><tr><th scope="col">{title}</th><th scope="col" className="num">{t('plan.col.planned')}</th><th scope="col" className="num">{t('plan.col.spent')}</th><th scope="col">{t('plan.col.used')}</th></tr></thead>
        <tbody>
          {rows.length === 0 && <tr><td colSpan={4} className="empty">{t('plan.noBudget')}</td></tr>}
          {rows.map((r) => {
            const u = used(r.planned, r.spent);
            return (
              <tr key={r.key} data-over={u > 1 ? 'true' : undefined}>
                <td>{r.name}</td>
                <td className="num">{fmtMoney(r.planned)}</td>
                <td className="num">{fmtMoney(r.spent)}</td>
                <td>{Math.round(u * 100)}%{u > 1 && <> ⚠ {t('plan.overBudget')}</>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function NoPlan({ accountId, fiscalYear, canEdit, onDone }: { accountId: string; fiscalYear: number | null; canEdit: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(String(fiscalYear ?? new Date().getFullYear()));
  const [title, setTitle] = useState('');
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const [res, create] = useMutation(CreateAccountPlan);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await create({ input: { accountID: accountId, fiscalYear: Number(year), title: title || undefined } });
    if (r.error) return setErrors(apiErrors(r.error, ['fiscalYear', 'title']));
    onDone();
  };
  return (
    <section className="card" data-testid="no-plan">
      <p>{t('plan.none')}</p>
      {canEdit && (
        <form className="form" onSubmit={submit} noValidate data-testid="plan-form">
          <FormErrors messages={errors.general} />
          <Field id="plan-year" label={t('plan.fiscalYear')} error={errors.fields.fiscalYear}>
            <input id="plan-year" type="number" value={year} onChange={(e) => setYear(e.target.value)} />
          </Field>
          <Field id="plan-title" label={t('plan.planTitle')} error={errors.fields.title}>
            <input id="plan-title" value={title} onChange={(e) => setTitle(e.target.value)} />
          </Field>
          <div className="actions"><button type="submit" className="primary" disabled={res.fetching}>{t('plan.create')}</button></div>
        </form>
      )}
    </section>
  );
}

function ActivityForm({ accountId, planId, team, onDone, onCancel }: { accountId: string; planId: string; team: { id: string; name: string }[]; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({ kind: 'COMPANY_VISIT', date: '', subject: '', budgetedCost: '', ownerID: '' });
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const [res, create] = useMutation(CreatePlannedActivity);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await create({
      input: {
        accountID: accountId,
        planID: planId,
        status: 'PLANNED' as InteractionStatus,
        kind: v.kind as InteractionKind,
        occurredAt: v.date ? new Date(`${v.date}T09:00:00`).toISOString() : '',
        subject: v.subject || undefined,
        budgetedCost: v.budgetedCost === '' ? undefined : Number(v.budgetedCost),
        ownerID: v.ownerID || undefined,
      },
    });
    if (r.error) return setErrors(apiErrors(r.error, ['kind', 'occurredAt', 'subject', 'budgetedCost', 'ownerID', 'status']));
    onDone();
  };
  const err = (f: string) => errors.fields[f];
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="activity-form" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h3>{t('plan.addActivity')}</h3>
      <FormErrors messages={errors.general} />
      <Field id="act-kind" label={t('plan.col.kind')} error={err('kind')}>
        <select id="act-kind" value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value })}>
          {INTERACTION_KINDS.filter((k) => k !== 'COMPLAINT').map((k) => <option key={k} value={k}>{label(k)}</option>)}
        </select>
      </Field>
      <Field id="act-date" label={t('plan.col.date')} error={err('occurredAt') ?? err('status')}>
        <input id="act-date" type="date" value={v.date} onChange={(e) => setV({ ...v, date: e.target.value })} />
      </Field>
      <Field id="act-subject" label={t('plan.col.subject')} error={err('subject')}>
        <input id="act-subject" value={v.subject} onChange={(e) => setV({ ...v, subject: e.target.value })} />
      </Field>
      <Field id="act-budget" label={t('plan.col.budgeted')} error={err('budgetedCost')}>
        <input id="act-budget" type="number" min={0} value={v.budgetedCost} onChange={(e) => setV({ ...v, budgetedCost: e.target.value })} />
      </Field>
      <Field id="act-owner" label={t('plan.col.owner')} error={err('ownerID')}>
        <select id="act-owner" value={v.ownerID} onChange={(e) => setV({ ...v, ownerID: e.target.value })}>
          <option value="">{t('common.choose')}</option>
          {team.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
        </select>
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={res.fetching}>{res.fetching ? t('common.saving') : t('plan.addActivity')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

function ObjectiveForm({ planId, team, onDone, onCancel }: { planId: string; team: { id: string; name: string }[]; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState({ title: '', metric: 'COVERAGE_RATIO', target: '', dueAt: '', ownerID: '' });
  const [errors, setErrors] = useState<ApiErrors>({ fields: {}, general: [] });
  const [res, create] = useMutation(CreateObjective);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (v.target.trim() === '' || !Number.isFinite(Number(v.target))) return setErrors({ fields: { target: t('plan.targetRequired') }, general: [] });
    const r = await create({
      input: {
        planID: planId,
        title: v.title,
        metric: v.metric as ObjectiveMetric,
        target: Number(v.target),
        dueAt: v.dueAt ? new Date(`${v.dueAt}T00:00:00Z`).toISOString() : undefined,
        ownerID: v.ownerID || undefined,
      },
    });
    if (r.error) return setErrors(apiErrors(r.error, ['title', 'metric', 'target', 'dueAt', 'ownerID', 'contactID']));
    onDone();
  };
  const err = (f: string) => errors.fields[f];
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="objective-form" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h3>{t('plan.addObjective')}</h3>
      <FormErrors messages={errors.general} />
      <Field id="obj-title" label={t('plan.col.objective')} error={err('title')}>
        <input id="obj-title" value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} />
      </Field>
      <Field id="obj-metric" label={t('plan.col.metric')} error={err('metric') ?? err('contactID')}>
        <select id="obj-metric" value={v.metric} onChange={(e) => setV({ ...v, metric: e.target.value })}>
          {METRICS.filter((m) => m !== 'STRENGTH' && m !== 'ATTITUDE').map((m) => <option key={m} value={m}>{label(m)}</option>)}
        </select>
      </Field>
      <Field id="obj-target" label={t('plan.col.target')} error={err('target')} hint={t('plan.targetHint')}>
        <input id="obj-target" type="number" step="any" value={v.target} onChange={(e) => setV({ ...v, target: e.target.value })} />
      </Field>
      <Field id="obj-due" label={t('plan.col.due')} error={err('dueAt')}>
        <input id="obj-due" type="date" value={v.dueAt} onChange={(e) => setV({ ...v, dueAt: e.target.value })} />
      </Field>
      <Field id="obj-owner" label={t('plan.col.owner')} error={err('ownerID')}>
        <select id="obj-owner" value={v.ownerID} onChange={(e) => setV({ ...v, ownerID: e.target.value })}>
          <option value="">{t('common.choose')}</option>
          {team.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
        </select>
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={res.fetching}>{res.fetching ? t('common.saving') : t('plan.addObjective')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
