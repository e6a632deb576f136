import { describe, expect, it } from 'vitest';
import { describeChanges } from './History';

describe('describeChanges', () => {
  it('shows before and after of each field, in field order', () => {
    expect(describeChanges({
      title: { after: 'CIO' },
      attitude: { before: 'NEUTRAL', after: 'CHAMPION' },
      reports_to_id: { before: 5, after: 7 },
    })).toEqual(['attitude: NEUTRAL → CHAMPION', 'reportsToId: 5 → 7', 'title: CIO']);
  });
  it('names added and removed edges', () => {
    expect(describeChanges({ '+contacts': { after: [1, 2] }, '-team': { before: [3] } }))
      .toEqual(['contacts: added 2 items', 'team: removed 1 item']);
  });
  it('has nothing to say without changes', () => {
    expect(describeChanges(null)).toEqual([]);
  });
});
