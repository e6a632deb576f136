// Pure shaping of a plan for its page: each activity's state as the user
// reads it (an activity still PLANNED after its date is overdue) and the
// fiscal year's months with their activities, for the calendar.

export type ActivityState = 'DONE' | 'CANCELLED' | 'OVERDUE' | 'PLANNED';

export interface ActivityLike {
  id: string;
  status: string;
  occurredAt: string;
}

export function activityState(a: ActivityLike, now: Date = new Date()): ActivityState {
  if (a.status === 'DONE') return 'DONE';
  if (a.status === 'CANCELLED') return 'CANCELLED';
  return new Date(a.occurredAt).getTime() < now.getTime() ? 'OVERDUE' : 'PLANNED';
}

export interface Month<A> {
  /** 2026-04 */
  key: string;
  start: Date;
  items: A[];
}

/** The twelve months from the fiscal year's first instant (UTC), each with the activities dated in it. */
export function fiscalMonths<A extends ActivityLike>(startsAt: string, activities: readonly A[]): Month<A>[] {
  const s = new Date(startsAt);
  const months: Month<A>[] = [];
  for (let i = 0; i < 12; i++) {
    const start = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + i, 1));
    months.push({ key: `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`, start, items: [] });
  }
  const first = months[0].start.getTime();
  for (const a of activities) {
    const d = new Date(a.occurredAt);
    const i = (d.getUTCFullYear() - months[0].start.getUTCFullYear()) * 12 + d.getUTCMonth() - months[0].start.getUTCMonth();
    if (d.getTime() >= first && i >= 0 && i < 12) months[i].items.push(a);
  }
  return months;
}

/** A budget's use as a share (0 when nothing is planned), for its bar. */
export function used(planned: number, spent: number): number {
  if (planned <= 0) return spent > 0 ? 1 : 0;
  return spent / planned;
}
