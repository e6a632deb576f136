import { useState } from 'react';
import type { CombinedError } from 'urql';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import { fmtDate } from '../../lib/labels';
import { useTranslation } from 'react-i18next';

import { summariseDiff, totalChanges, WINDOWS, type ChangeSection, type Diff } from './whatChanged';

const SHORT = 5;

/** What changed in the account's stakeholder graph over the last N days. */
export function WhatChanged({ diff, error, fetching, days, onDays, onSelect }: {
  diff: Diff | null;
  error?: CombinedError;
  fetching: boolean;
  days: number;
  onDays: (n: number) => void;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  const sections = diff ? summariseDiff(diff) : null;
  const total = sections ? totalChanges(sections) : 0;
  return (
    <section className="card" aria-labelledby="changed-h" data-testid="what-changed">
      <div className="card-head">
        <h2 id="changed-h">{t('changed.title')}</h2>
        {sections && <span className="muted small" data-testid="changes-total">{t('changed.total', { count: total })}</span>}
        <label htmlFor="changed-window">{t('changed.inTheLast')}</label>
        <select id="changed-window" data-testid="changed-window" value={days} onChange={(e) => onDays(Number(e.target.value))}>
          {WINDOWS.map((n) => <option key={n} value={n}>{t('common.days', { count: n })}</option>)}
        </select>
      </div>
      {error && <ErrorBox error={error} />}
      {!sections && fetching && <Skeleton rows={4} height={28} label={t('changed.loading')} />}
      {sections && total === 0 && <p className="muted" data-testid="no-changes">{t('changed.none', { count: days })}</p>}
      {sections && total > 0 && (
        <>
          <ul className="change-counts" aria-label={t('changed.counts')}>
            {sections.map((s) => (
              <li key={s.key} className={s.items.length ? '' : 'zero'}><span className="comp-val">{s.items.length}</span> {t(`changed.count.${s.key}`)}</li>
            ))}
          </ul>
          {sections.filter((s) => s.items.length > 0).map((s) => <Section key={s.key} section={s} onSelect={onSelect} />)}
        </>
      )}
    </section>
  );
}

function Section({ section, onSelect }: { section: ChangeSection; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = all ? section.items : section.items.slice(0, SHORT);
  return (
    <div className="change-section" data-testid={`changes-${section.key}`}>
      <h3>{section.title} · {section.items.length}</h3>
      <ul className="list">
        {shown.map((it) => (
          <li key={it.key} data-testid="change">
            {it.contactId ? (
              <button type="button" className="link" onClick={() => onSelect(it.contactId!)}>{it.text}</button>
            ) : it.text}
            {it.before !== undefined && <> <span className="change-delta">{it.before} → {it.after}</span></>}
            <span className="muted small"> · {fmtDate(it.at)}</span>
          </li>
        ))}
      </ul>
      {section.items.length > SHORT && (
        <button type="button" className="link small" onClick={() => setAll(!all)}>
          {all ? t('changed.showFewer') : t('changed.showAll', { count: section.items.length })}
        </button>
      )}
    </div>
  );
}
