// Cadence marks (issue 17): overdue stakeholders stand out in the graph and
// its table. The API says who is overdue (Contact.overdue, dueAt under the
// account's tier policy); the graph model carries the days past due.
import { nodesOf, type ConnectionLike } from '../../lib/connection';
import type { GraphModel } from './types';

const DAY = 24 * 60 * 60 * 1000;

/** Days past due of each overdue contact, by ID. */
export function overdueDays(
  contacts: ConnectionLike<{ id: string; overdue: boolean; dueAt?: string | null }> | null | undefined,
  now = Date.now(),
): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of nodesOf(contacts)) {
    if (c.overdue && c.dueAt) out.set(c.id, Math.max(0, Math.floor((now - new Date(c.dueAt).getTime()) / DAY)));
  }
  return out;
}

/** The model with each overdue contact's days past due set. */
export function withOverdue(model: GraphModel, overdue: Map<string, number>): GraphModel {
  if (overdue.size === 0) return model;
  return { ...model, nodes: model.nodes.map((n) => (overdue.has(n.id) ? { ...n, overdueDays: overdue.get(n.id) } : n)) };
}
