// What changed in an account's stakeholder graph over a window, as the
// What changed card lists it: pure, so it is tested without a browser.
import type { GraphDiffQuery } from '../../gql/graphql';
import { coverageLabel, label } from '../../lib/labels';
import i18n from '../../i18n';

export type Diff = GraphDiffQuery['graphDiff'];
type StrengthChange = Diff['strengthChanges'][number];

export const WINDOWS = [30, 90, 365] as const;
const DAY = 86_400_000;

/**
 * The window [from, to) for "the last N days": to is the next UTC midnight,
 * so the variables stay the same all day (the result can be cached and
 * refetched) and still take in a change made a second ago.
 */
export function diffWindow(days: number, now: Date = new Date()): { from: string; to: string } {
  const to = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return { from: new Date(to - days * DAY).toISOString(), to: new Date(to).toISOString() };
}

export interface ChangeItem {
  key: string;
  text: string;
  /** Strength or attitude, before and after, when the item is a change of value. */
  before?: string;
  after?: string;
  at: string | null;
  /** The stakeholder the item is about: clicking it opens their panel. */
  contactId?: string;
}

export interface ChangeSection {
  key: string;
  title: string;
  items: ChangeItem[];
}

const pair = (a: string, b: string) => `${a} ↔ ${b}`;
const strength = (n: number) => `${n} (${coverageLabel(n)})`;

/** "Ann ↔ Bob" for a relation, "Sam ↔ Ann" (ours first) for a coverage. */
export function strengthSubject(c: StrengthChange): { text: string; contactId?: string } {
  if (c.relation) return { text: pair(c.relation.from.name, c.relation.to.name), contactId: c.relation.from.id };
  if (c.coverage) return { text: pair(c.coverage.teamMember.name, c.coverage.contact.name), contactId: c.coverage.contact.id };
  return { text: i18n.t('changed.deletedRelation') };
}

/** One line: "Ann ↔ Bob 2 → 4". */
export function strengthLine(c: StrengthChange): string {
  return `${strengthSubject(c).text} ${c.before} → ${c.after}`;
}

const newestFirst = (a: ChangeItem, b: ChangeItem) => (b.at ?? '').localeCompare(a.at ?? '');

/** The diff as titled sections, newest first within each, empty ones kept (the card shows their zero). */
export function summariseDiff(d: Diff): ChangeSection[] {
  const sections: ChangeSection[] = [
    {
      key: 'joined',
      title: i18n.t('changed.section.joined'),
      items: d.joined.map((c) => ({ key: c.id, text: c.name, at: c.createdAt, contactId: c.id })),
    },
    {
      key: 'left',
      title: i18n.t('changed.section.left'),
      items: d.left.map((c) => ({ key: c.id, text: c.name, at: c.leftAt, contactId: c.id })),
    },
    {
      key: 'attitudes',
      title: i18n.t('changed.section.attitudes'),
      items: d.attitudeShifts.map((s) => ({
        key: `${s.contact.id}:${s.at}`,
        text: s.contact.name,
        before: label(s.before),
        after: label(s.after),
        at: s.at,
        contactId: s.contact.id,
      })),
    },
    {
      key: 'strengths',
      title: i18n.t('changed.section.strengths'),
      items: d.strengthChanges.map((c, i) => {
        const who = strengthSubject(c);
        return {
          key: `${c.relation?.id ?? c.coverage?.id ?? i}:${c.at}:${i}`,
          text: c.relation ? `${who.text} (${label(c.relation.kind)})` : `${who.text} (${i18n.t('changed.coverage')})`,
          before: String(c.before),
          after: String(c.after),
          at: c.at,
          contactId: who.contactId,
        };
      }),
    },
    {
      key: 'relationsAdded',
      title: i18n.t('changed.section.relationsAdded'),
      items: d.relationsAdded.map((r) => ({
        key: r.id, text: `${pair(r.from.name, r.to.name)} (${label(r.kind)})`, at: r.validFrom, contactId: r.from.id,
      })),
    },
    {
      key: 'relationsEnded',
      title: i18n.t('changed.section.relationsEnded'),
      items: d.relationsEnded.map((r) => ({
        key: r.id, text: `${pair(r.from.name, r.to.name)} (${label(r.kind)})`, at: r.validTo ?? null, contactId: r.from.id,
      })),
    },
    {
      key: 'coveragesAdded',
      title: i18n.t('changed.section.coveragesAdded'),
      items: d.coveragesAdded.map((c) => ({
        key: c.id, text: `${pair(c.teamMember.name, c.contact.name)}, ${strength(c.strength)}`, at: c.createdAt, contactId: c.contact.id,
      })),
    },
    {
      key: 'coveragesEnded',
      title: i18n.t('changed.section.coveragesEnded'),
      items: d.coveragesEnded.map((c, i) => ({
        key: `${c.teamMember.id}:${c.contact.id}:${c.at}:${i}`,
        text: `${pair(c.teamMember.name, c.contact.name)}, ${i18n.t('changed.was', { value: strength(c.strength) })}`,
        at: c.at,
        contactId: c.contact.id,
      })),
    },
  ];
  for (const s of sections) s.items.sort(newestFirst);
  return sections;
}

/** How many changes the sections hold in all. */
export function totalChanges(sections: readonly ChangeSection[]): number {
  return sections.reduce((n, s) => n + s.items.length, 0);
}
