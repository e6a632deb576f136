// Tier policies (issue 17, point 1), for admins: each tier's versions, the
// newest first (old ones stay readable), and a form that writes a new
// version from a date. The form starts from the version in force; the
// API's validation errors are shown at the field they name
// (extensions.field, e.g. cadence[0].days).
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox';
import { Field, FormErrors } from '../../components/Field';
import { Skeleton } from '../../components/Skeleton';
import { fmtDate } from '../../i18n/format';
import { apiErrors, type ApiErrors } from '../../lib/errors';
import { DECISION_ROLES, SENIORITIES, TIERS, label } from '../../lib/labels';
import { useCapabilities } from '../../lib/viewer';
import { CreateTierPolicy, TierPoliciesQuery } from './queries';
import type { TierPoliciesQuery as Data, Tier, DecisionRole, ContactSeniority } from '../../gql/graphql';

type Version = Data['tierPolicies'][number];
const CONTEXT = { additionalTypenames: ['TierPolicy'] };
const NO_ERRORS: ApiErrors = { fields: {}, general: [] };

interface Line { decisionRole: string; seniority: string; days: string }
interface Draft {
  effectiveFrom: string;
  lines: Line[];
  defaultDays: string;
  minCoverageStrength: string;
  minCoverageThreads: string;
  executivePairingRequired: boolean;
  budgetShare: string;
  note: string;
}

function draftOf(v: Version | undefined): Draft {
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  return {
    effectiveFrom: tomorrow,
    lines: (v?.cadence ?? []).map((r) => ({ decisionRole: r.decisionRole ?? '', seniority: r.seniority ?? '', days: String(r.days) })),
    defaultDays: String(v?.defaultDays ?? 0),
    minCoverageStrength: String(v?.minCoverageStrength ?? 0),
    minCoverageThreads: String(v?.minCoverageThreads ?? 1),
    executivePairingRequired: v?.executivePairingRequired ?? false,
    budgetShare: String(v?.budgetShare ?? 0),
    note: '',
  };
}

// A number field's value; NaN (an empty or bad entry) goes as -1 so that
// the API names the field instead of the form failing silently.
const int = (s: string) => (s.trim() === '' || Number.isNaN(Number(s)) ? -1 : Math.trunc(Number(s)));

export default function PoliciesPage() {
  const { t } = useTranslation();
  const can = useCapabilities();
  const [res, refetch] = useQuery({ query: TierPoliciesQuery, context: CONTEXT });
  const [tier, setTier] = useState<Tier>('STRATEGIC');
  const versions = useMemo(() => (res.data?.tierPolicies ?? []).filter((v) => v.tier === tier), [res.data, tier]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<ApiErrors>(NO_ERRORS);
  const [saved, setSaved] = useState(false);
  const [created, create] = useMutation(CreateTierPolicy);

  const now = Date.now();
  const inForce = versions.find((v) => new Date(v.effectiveFrom).getTime() <= now) ?? versions[versions.length - 1];

  const startNew = () => {
    setDraft(draftOf(inForce));
    setErrors(NO_ERRORS);
    setSaved(false);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    const known = ['tier', 'effectiveFrom', 'defaultDays', 'minCoverageStrength', 'minCoverageThreads', 'budgetShare', 'note',
      ...draft.lines.flatMap((_, i) => ['days', 'decisionRole', 'seniority'].map((f) => `cadence[${i}].${f}`))];
    const share = draft.budgetShare.trim() === '' ? -1 : Number(draft.budgetShare);
    const r = await create({
      input: {
        tier,
        effectiveFrom: draft.effectiveFrom,
        cadence: draft.lines.map((l) => ({
          decisionRole: (l.decisionRole || null) as DecisionRole | null,
          seniority: (l.seniority || null) as ContactSeniority | null,
          days: int(l.days),
        })),
        defaultDays: int(draft.defaultDays),
        minCoverageStrength: int(draft.minCoverageStrength),
        minCoverageThreads: int(draft.minCoverageThreads),
        executivePairingRequired: draft.executivePairingRequired,
        budgetShare: Number.isNaN(share) ? -1 : share,
        note: draft.note || null,
      },
    }, CONTEXT);
    if (r.error) return setErrors(apiErrors(r.error, known));
    setErrors(NO_ERRORS);
    setDraft(null);
    setSaved(true);
    refetch({ requestPolicy: 'network-only' });
  };
  const set = (p: Partial<Draft>) => draft && setDraft({ ...draft, ...p });
  const setLine = (i: number, p: Partial<Line>) =>
    draft && setDraft({ ...draft, lines: draft.lines.map((l, k) => (k === i ? { ...l, ...p } : l)) });
  const err = (f: string) => errors.fields[f];

  if (can.role !== null && !can.canAdminister) {
    return <div className="page"><h1>{t('policies.title')}</h1><p role="alert">{t('policies.adminOnly')}</p></div>;
  }
  return (
    <div className="page" data-testid="policies-page">
      <h1>{t('policies.title')}</h1>
      <p>{t('policies.intro')}</p>
      <div role="tablist" aria-label={t('policies.tiers')} className="tabs">
        {TIERS.map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tier === x} data-testid={`policy-tier-${x}`}
            className={tier === x ? 'active' : undefined} onClick={() => { setTier(x); setDraft(null); setErrors(NO_ERRORS); setSaved(false); }}>
            {label(x)}
          </button>
        ))}
      </div>
      {res.error && <ErrorBox error={res.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      {res.fetching && !res.data && <Skeleton />}
      {saved && <p role="status" data-testid="policy-saved">{t('policies.saved')}</p>}
      {!draft && res.data && (
        <button type="button" className="primary" data-testid="policy-new" onClick={startNew}>{t('policies.newVersion')}</button>
      )}
      {draft && (
        <form className="form card" onSubmit={submit} noValidate data-testid="policy-form" onKeyDown={(e) => e.key === 'Escape' && setDraft(null)}>
          <h2>{t('policies.newVersionOf', { tier: label(tier) })}</h2>
          <FormErrors messages={errors.general} />
          <Field id="pol-effective" label={t('policies.effectiveFrom')} error={err('effectiveFrom')}>
            <input id="pol-effective" type="date" value={draft.effectiveFrom} onChange={(e) => set({ effectiveFrom: e.target.value })} />
          </Field>
          <fieldset>
            <legend>{t('policies.cadence')}</legend>
            <p className="hint">{t('policies.cadenceHint')}</p>
            <table className="table">
              <thead>
                <tr><th scope="col">{t('policies.col.role')}</th><th scope="col">{t('policies.col.seniority')}</th><th scope="col">{t('policies.col.days')}</th><th scope="col"><span className="sr-only">{t('policies.col.remove')}</span></th></tr>
              </thead>
              <tbody>
                {draft.lines.map((l, i) => (
                  <tr key={i} data-testid="policy-line">
                    <td>
                      <Field id={`pol-role-${i}`} label={t('policies.lineRole', { n: i + 1 })} error={err(`cadence[${i}].decisionRole`)}>
                        <select id={`pol-role-${i}`} value={l.decisionRole} onChange={(e) => setLine(i, { decisionRole: e.target.value })}>
                          <option value="">{t('policies.any')}</option>
                          {DECISION_ROLES.map((r) => <option key={r} value={r}>{label(r)}</option>)}
                        </select>
                      </Field>
                    </td>
                    <td>
                      <Field id={`pol-seniority-${i}`} label={t('policies.lineSeniority', { n: i + 1 })} error={err(`cadence[${i}].seniority`)}>
                        <select id={`pol-seniority-${i}`} value={l.seniority} onChange={(e) => setLine(i, { seniority: e.target.value })}>
                          <option value="">{t('policies.any')}</option>
                          {SENIORITIES.map((s) => <option key={s} value={s}>{label(s)}</option>)}
                        </select>
                      </Field>
                    </td>
                    <td>
                      <Field id={`pol-days-${i}`} label={t('policies.lineDays', { n: i + 1 })} error={err(`cadence[${i}].days`)}>
                        <input id={`pol-days-${i}`} type="number" min={1} value={l.days} onChange={(e) => setLine(i, { days: e.target.value })} />
                      </Field>
                    </td>
                    <td>
                      <button type="button" onClick={() => set({ lines: draft.lines.filter((_, k) => k !== i) })}>
                        {t('policies.removeLine', { n: i + 1 })}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" data-testid="policy-add-line"
              onClick={() => set({ lines: [...draft.lines, { decisionRole: '', seniority: '', days: '30' }] })}>
              {t('policies.addLine')}
            </button>
          </fieldset>
          <Field id="pol-default" label={t('policies.defaultDays')} hint={t('policies.defaultDaysHint')} error={err('defaultDays')}>
            <input id="pol-default" type="number" min={0} value={draft.defaultDays} onChange={(e) => set({ defaultDays: e.target.value })} />
          </Field>
          <Field id="pol-strength" label={t('policies.minCoverageStrength')} error={err('minCoverageStrength')}>
            <input id="pol-strength" type="number" min={0} max={4} value={draft.minCoverageStrength} onChange={(e) => set({ minCoverageStrength: e.target.value })} />
          </Field>
          <Field id="pol-threads" label={t('policies.minCoverageThreads')} hint={t('policies.minCoverageThreadsHint')} error={err('minCoverageThreads')}>
            <input id="pol-threads" type="number" min={0} value={draft.minCoverageThreads} onChange={(e) => set({ minCoverageThreads: e.target.value })} />
          </Field>
          <div className="field">
            <label>
              <input type="checkbox" checked={draft.executivePairingRequired} onChange={(e) => set({ executivePairingRequired: e.target.checked })} />
              {' '}{t('policies.executivePairingRequired')}
            </label>
          </div>
          <Field id="pol-share" label={t('policies.budgetShare')} hint={t('policies.budgetShareHint')} error={err('budgetShare')}>
            <input id="pol-share" type="number" min={0} max={1} step={0.01} value={draft.budgetShare} onChange={(e) => set({ budgetShare: e.target.value })} />
          </Field>
          <Field id="pol-note" label={t('policies.note')} error={err('note')}>
            <textarea id="pol-note" rows={2} value={draft.note} onChange={(e) => set({ note: e.target.value })} />
          </Field>
          <div className="actions">
            <button type="submit" className="primary" data-testid="policy-save" disabled={created.fetching}>
              {created.fetching ? t('common.saving') : t('policies.save')}
            </button>
            <button type="button" onClick={() => setDraft(null)}>{t('common.cancel')}</button>
          </div>
        </form>
      )}
      <h2>{t('policies.versions', { tier: label(tier) })}</h2>
      <ol className="policy-versions" data-testid="policy-versions">
        {versions.map((v) => (
          <li key={`${v.effectiveFrom}-${v.stored}`} className="card" data-testid="policy-version">
            <h3>
              {t('policies.from', { date: fmtDate(v.effectiveFrom) })}
              {v === inForce && <> <span className="badge" data-testid="policy-in-force">{t('policies.inForce')}</span></>}
              {!v.stored && <> <span className="badge">{t('policies.seeded')}</span></>}
            </h3>
            <ul>
              {v.cadence.map((r, i) => (
                <li key={i}>
                  {t('policies.line', {
                    who: [r.decisionRole ? label(r.decisionRole) : '', r.seniority ? label(r.seniority) : ''].filter(Boolean).join(' · ') || t('policies.anyone'),
                    count: r.days,
                  })}
                </li>
              ))}
              <li>{v.defaultDays > 0 ? t('policies.others', { count: v.defaultDays }) : t('policies.othersUntracked')}</li>
              <li>{t('policies.coverage', { strength: v.minCoverageStrength, threads: v.minCoverageThreads })}</li>
              <li>{v.executivePairingRequired ? t('policies.pairingRequired') : t('policies.pairingOptional')}</li>
              <li>{t('policies.share', { percent: Math.round(v.budgetShare * 100) })}</li>
              {v.note && <li>{v.note}</li>}
              {v.createdAt && <li>{t('policies.written', { date: fmtDate(v.createdAt) })}</li>}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}
