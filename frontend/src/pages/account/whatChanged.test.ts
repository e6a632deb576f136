import { describe, expect, it } from 'vitest';
import { diffWindow, strengthLine, summariseDiff, totalChanges, type Diff } from './whatChanged';

const empty: Diff = {
  joined: [], left: [], attitudeShifts: [], relationsAdded: [], relationsEnded: [],
  coveragesAdded: [], coveragesEnded: [], strengthChanges: [],
};
const ann = { id: '1', name: 'Ann' };
const bob = { id: '2', name: 'Bob' };
const sam = { id: '9', name: 'Sam' };

describe('diffWindow', () => {
  it.each([
    { days: 30, now: '2026-11-23T11:13:00Z', from: '2026-10-25T00:00:00.000Z', to: '2026-11-24T00:00:00.000Z' },
    { days: 90, now: '2026-03-01T00:00:00Z', from: '2025-12-02T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' },
    { days: 365, now: '2026-12-31T23:59:59Z', from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' },
  ])('last $days days at $now', ({ days, now, from, to }) => {
    expect(diffWindow(days, new Date(now))).toEqual({ from, to });
  });
});

describe('strengthLine', () => {
  it.each([
    { name: 'relation', change: { relation: { id: 'r', kind: 'ALLY' as const, from: ann, to: bob }, coverage: null, before: 2, after: 4, at: 'x' }, want: 'Ann ↔ Bob 2 → 4' },
    { name: 'coverage', change: { relation: null, coverage: { id: 'c', teamMember: sam, contact: ann }, before: 3, after: 1, at: 'x' }, want: 'Sam ↔ Ann 3 → 1' },
  ])('$name', ({ change, want }) => expect(strengthLine(change)).toBe(want));
});

describe('summariseDiff', () => {
  it('has nothing to list for an empty window', () => {
    const s = summariseDiff(empty);
    expect(totalChanges(s)).toBe(0);
    expect(s.map((x) => x.key)).toEqual(['joined', 'left', 'attitudes', 'strengths', 'relationsAdded', 'relationsEnded', 'coveragesAdded', 'coveragesEnded']);
  });

  const cases: { name: string; diff: Partial<Diff>; section: string; want: object[] }[] = [
    {
      name: 'attitude shifts with before and after, newest first',
      diff: { attitudeShifts: [
        { contact: ann, before: 'NEUTRAL', after: 'CHAMPION', at: '2026-10-01T00:00:00Z' },
        { contact: bob, before: 'SUPPORTER', after: 'OPPONENT', at: '2026-11-01T00:00:00Z' },
      ] },
      section: 'attitudes',
      want: [
        { text: 'Bob', before: 'Supporter', after: 'Opponent', contactId: '2' },
        { text: 'Ann', before: 'Neutral', after: 'Champion', contactId: '1' },
      ],
    },
    {
      name: 'strength changes of relations and coverages',
      diff: { strengthChanges: [
        { relation: { id: 'r', kind: 'FORMER_COLLEAGUE', from: ann, to: bob }, coverage: null, before: 2, after: 4, at: '2026-10-01T00:00:00Z' },
        { relation: null, coverage: { id: 'c', teamMember: sam, contact: bob }, before: 1, after: 3, at: '2026-10-02T00:00:00Z' },
      ] },
      section: 'strengths',
      want: [
        { text: 'Sam ↔ Bob (coverage)', before: '1', after: '3', contactId: '2' },
        { text: 'Ann ↔ Bob (Former colleague)', before: '2', after: '4', contactId: '1' },
      ],
    },
    {
      name: 'ended coverages say how strong they were',
      diff: { coveragesEnded: [{ contact: ann, teamMember: sam, strength: 3, at: '2026-10-01T00:00:00Z' }] },
      section: 'coveragesEnded',
      want: [{ text: 'Sam ↔ Ann, was 3 (good)', contactId: '1' }],
    },
    {
      name: 'relations ended on their validTo',
      diff: { relationsEnded: [{ id: 'r', kind: 'RIVAL', strength: 2, validFrom: '2020-01-01T00:00:00Z', validTo: '2026-10-05T00:00:00Z', from: ann, to: bob }] },
      section: 'relationsEnded',
      want: [{ text: 'Ann ↔ Bob (Rival)', at: '2026-10-05T00:00:00Z' }],
    },
    {
      name: 'people who left, on their leftAt',
      diff: { left: [{ id: '5', name: 'Eve', leftAt: '2026-09-09T00:00:00Z' }] },
      section: 'left',
      want: [{ text: 'Eve', at: '2026-09-09T00:00:00Z', contactId: '5' }],
    },
  ];
  it.each(cases)('$name', ({ diff, section, want }) => {
    const s = summariseDiff({ ...empty, ...diff });
    expect(s.find((x) => x.key === section)!.items).toMatchObject(want);
    expect(totalChanges(s)).toBe(want.length);
  });
});
