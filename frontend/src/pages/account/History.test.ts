import { describe, expect, it } from 'vitest';
import i18n, { setLanguage } from '../../i18n';
import { describeChanges } from './History';

describe('describeChanges', () => {
  it('shows before and after of each field, in field order', () => {
    expect(describeChanges({
      title: { after: 'CIO' },
      attitude: { before: 'NEUTRAL', after: 'CHAMPION' },
      reports_to_id: { before: 5, after: 7 },
    })).toEqual(['Attitude: Neutral → Champion', 'Reports to: 5 → 7', 'Title: CIO']);
  });
  it('names fields and enum values in the user\'s language', async () => {
    await setLanguage('zh-CN');
    try {
      expect(describeChanges({ attitude: { before: 'NEUTRAL', after: 'CHAMPION' }, '+contacts': { after: [1, 2] } }))
        .toEqual(['contacts：新增 2 项', '态度：中立 → 拥护者']);
    } finally {
      await i18n.changeLanguage('en');
    }
  });
  it('names added and removed edges', () => {
    expect(describeChanges({ '+contacts': { after: [1, 2] }, '-team': { before: [3] } }))
      .toEqual(['contacts: added 2 items', 'team: removed 1 item']);
  });
  it('has nothing to say without changes', () => {
    expect(describeChanges(null)).toEqual([]);
  });
});
