import { graphql } from '../../gql';
import type { HistoryFieldsFragment } from '../../gql/graphql';
import { fmtDate, label } from '../../lib/labels';

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
  if (Array.isArray(v)) return `${v.length} item${v.length === 1 ? '' : 's'}`;
  if (typeof v === 'object') return JSON.stringify(v);
  const s = String(v);
  return /^\d{4}-\d{2}-\d{2}T/.test(s) ? fmtDate(s) : s;
}

/** One line per changed field: "attitude: NEUTRAL → CHAMPION". */
export function describeChanges(changes: Record<string, unknown> | null | undefined): string[] {
  if (!changes) return [];
  return Object.keys(changes).sort().map((field) => {
    const c = changes[field];
    const { before, after } = (c && typeof c === 'object' ? c : {}) as { before?: unknown; after?: unknown };
    const name = field.replace(/^[+-]/, '').replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase());
    if (field.startsWith('+')) return `${name}: added ${show(after)}`;
    if (field.startsWith('-')) return `${name}: removed ${show(before)}`;
    return before === undefined ? `${name}: ${show(after)}` : `${name}: ${show(before)} → ${show(after)}`;
  });
}

export function History({ entries }: { entries: readonly HistoryFieldsFragment[] }) {
  if (entries.length === 0) return <p className="muted">No recorded changes.</p>;
  return (
    <ul className="list" data-testid="history">
      {entries.map((e) => (
        <li key={e.id}>
          <strong>{label(e.action)}</strong> · {fmtDate(e.at)} <span className="muted small">by {e.actorName}</span>
          {describeChanges(e.changes).map((line) => (
            <div key={line} className="muted small">{line}</div>
          ))}
        </li>
      ))}
    </ul>
  );
}
