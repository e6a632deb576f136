// The alerts inbox: the alerts of the accounts the viewer may read, newest
// first, filtered by the viewer's own state of each; acknowledge, snooze
// or resolve one. Sentences are translated from the alert's rule and its
// parameters (the server's English sentence is the fallback).
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import { fmtDate } from '../../i18n/format';
import { CsvDataButton } from '../../lib/exportButtons';
import { AcknowledgeAlert, AlertInboxQuery, ResolveAlert, SnoozeAlert } from './queries';

const STATES = ['NEW', 'ACKNOWLEDGED', 'SNOOZED', 'RESOLVED'] as const;
type State = (typeof STATES)[number];
const COUNT_KEY = { NEW: 'new', ACKNOWLEDGED: 'acknowledged', SNOOZED: 'snoozed', RESOLVED: 'resolved' } as const;
const DAY = 24 * 60 * 60 * 1000;
const CONTEXT = { additionalTypenames: ['Alert'] };

export default function AlertsPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>('NEW');
  const [res, refetch] = useQuery({ query: AlertInboxQuery, variables: { state, first: 50 }, context: CONTEXT });
  const [, ack] = useMutation(AcknowledgeAlert);
  const [, snooze] = useMutation(SnoozeAlert);
  const [, resolve] = useMutation(ResolveAlert);
  const [actionError, setActionError] = useState<string | null>(null);

  const act = async (p: Promise<{ error?: { message: string } }>) => {
    const r = await p;
    setActionError(r.error ? r.error.message : null);
    refetch({ requestPolicy: 'network-only' });
  };

  const counts = res.data?.alerts.counts;
  const alerts = res.data?.alerts.edges?.map((e) => e?.node).filter((n): n is NonNullable<typeof n> => !!n) ?? [];
  // An alert's sentences in the viewer's language, from its rule and parameters.
  const texts = (a: (typeof alerts)[number]) => {
    const params = Object.fromEntries(a.paramList.map((p) => [p.key, p.value]));
    const values = {
      ...params,
      role: params.role ? t(`alerts.role.${params.role}`, { defaultValue: params.role }) : '',
      attitude: params.attitude ? t(`alerts.attitude.${params.attitude}`, { defaultValue: params.attitude }) : '',
      severity: params.severity ? t(`alerts.severity.${params.severity}`, { defaultValue: params.severity }) : '',
    };
    return {
      account: params.account ?? '',
      title: t(`alerts.rule.${a.rule}.title`, { defaultValue: a.rule }),
      message: t(`alerts.rule.${a.rule}.message`, { ...values, defaultValue: a.message }),
      // variant picks an action's other wording (i18next context: action_<variant>).
      action: t(`alerts.rule.${a.rule}.action`, { ...values, context: params.variant, defaultValue: a.action }),
    };
  };

  return (
    <div className="page" data-testid="alerts-page">
      <h1>{t('alerts.title')}</h1>
      <div role="tablist" aria-label={t('alerts.filter')} className="tabs">
        {STATES.map((s) => (
          <button key={s} type="button" role="tab" aria-selected={state === s} data-testid={`alerts-tab-${s}`}
            className={state === s ? 'active' : undefined} onClick={() => setState(s)}>
            {t(`alerts.state.${s}`)}{counts ? ` (${counts[COUNT_KEY[s]]})` : ''}
          </button>
        ))}
      </div>
      {actionError && <ErrorBox error={actionError} />}
      {res.error && <ErrorBox error={res.error} />}
      {!res.data && !res.error && <Skeleton rows={6} height={48} label={t('alerts.loading')} />}
      {res.data && alerts.length === 0 && <p className="muted" data-testid="alerts-empty">{t('alerts.empty')}</p>}
      {alerts.length > 0 && (
        <div className="export-bar">
          <CsvDataButton
            testId="export-alerts-csv"
            title={`${t('alerts.title')}-${t(`alerts.state.${state}`)}`}
            header={[t('export.col.severity'), t('alerts.col.rule'), t('alerts.col.account'), t('alerts.col.raised'), t('alerts.col.message'), t('alerts.suggested'), t('export.col.path')]}
            rows={() => alerts.map((a) => { const x = texts(a); return [t(`alerts.severity.${a.severity}`), x.title, x.account, a.raisedAt, x.message, x.action, a.path]; })}
          />
        </div>
      )}
      <ul className="alert-list">
        {alerts.map((a) => {
          const x = texts(a);
          return (
            <li key={a.id} className="card alert-item" data-testid="alert-item" data-rule={a.rule}>
              <div>
                <span className={`badge severity-${a.severity.toLowerCase()}`}>{t(`alerts.severity.${a.severity}`)}</span>{' '}
                <strong>{x.title}</strong>{' · '}
                <Link to={`/accounts/${encodeURIComponent(a.accountID)}`}>{x.account}</Link>{' · '}
                <span className="muted small">{fmtDate(a.raisedAt)}</span>
              </div>
              <p data-testid="alert-message">{x.message}</p>
              <p className="small">
                {t('alerts.suggested')}: {x.action}
                {a.path && <><br />{t('alerts.path')}: <span data-testid="alert-path">{a.path}</span></>}
              </p>
              {a.snoozedUntil && <p className="muted small">{t('alerts.snoozedUntil', { date: fmtDate(a.snoozedUntil) })}</p>}
              <div className="actions">
                {a.state !== 'ACKNOWLEDGED' && a.state !== 'RESOLVED' && (
                  <button type="button" data-testid="alert-ack" onClick={() => act(ack({ id: a.id }))}>{t('alerts.acknowledge')}</button>
                )}
                {a.state !== 'RESOLVED' && (
                  <button type="button" data-testid="alert-snooze"
                    onClick={() => act(snooze({ id: a.id, until: new Date(Date.now() + 7 * DAY).toISOString() }))}>
                    {t('alerts.snoozeWeek')}
                  </button>
                )}
                {a.state !== 'RESOLVED' && (
                  <button type="button" data-testid="alert-resolve" onClick={() => act(resolve({ id: a.id }))}>{t('alerts.resolve')}</button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
