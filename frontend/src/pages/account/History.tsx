import { graphql } from '../../gql';
import type { HistoryFieldsFragment } from '../../gql/graphql';
import { fmtDate, label } from '../../lib/labels';
import i18n from '../../i18n';
import { useTranslation } from 'react-i18next';


// The audit trail of one contact or account, as the panel shows it.
export const HistoryFields = graphql(/* GraphQL */ `
  fragment HistoryFields on AuditEvent {
    id
    at
    actorName
    action
    changes
  }
`);

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return i18n.t('history.items', { count: v.length });
  if (typeof v === 'object') return JSON.stringify(v);
  const s = String(v);
  if (/^[A-Z][A-Z0-9_]+$/.test(s) && i18n.exists(`enum.${s}`)) return label(s);
  return /^\d{4}-\d{2}-\d{2}T/.test(s) ? fmtDate(s) : s;
}

/** One line per changed field: "attitude: NEUTRAL → CHAMPION". */
export function describeChanges(changes: Record<string, unknown> | null | undefined): string[] {
  if (!changes) return [];
  return Object.keys(changes).sort().map((field) => {
    const c = changes[field];
    const { before, after } = (c && typeof c === 'object' ? c : {}) as { before?: unknown; after?: unknown };
    const api = field.replace(/^[+-]/, '').replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase());
    // The audit log spells fields as columns (reports_to_id); the catalogs as the API does (reportsToID).
    const name = i18n.t(`field.${api.replace(/Id(s?)$/, 'ID$1')}`, { defaultValue: api });
    if (field.startsWith('+')) return i18n.t('history.added', { name, value: show(after) });
    if (field.startsWith('-')) return i18n.t('history.removed', { name, value: show(before) });
    return before === undefined
      ? i18n.t('history.set', { name, value: show(after) })
      : i18n.t('history.changed', { name, before: show(before), after: show(after) });
  });
}

export function History({ entries }: { entries: readonly HistoryFieldsFragment[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <p className="muted">{t('history.none')}</p>;
  return (
    <ul className="list" data-testid="history">
      {entries.map((e) => (
        <li key={e.id}>
          <strong>{label(e.action)}</strong> · {fmtDate(e.at)} <span className="muted small">{t('history.by', { name: e.actorName })}</span>
          {describeChanges(e.changes).map((line) => (
            <div key={line} className="muted small">{line}</div>
          ))}
        </li>
      ))}
    </ul>
  );
}
