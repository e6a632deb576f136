import { describe, expect, it } from 'vitest';
import { fmtDate, fmtMoney } from './format';

describe('fmtMoney', () => {
  it.each([
    [123_456_789, 'zh-CN', '1.2亿'],
    [35_000_000, 'zh-CN', '3,500万'],
    [1_500_000_000, 'zh-CN', '15亿'],
    [42_000, 'zh-CN', '4.2万'],
    [8_000, 'zh-CN', '8,000'],
    [123_456_789, 'en', '123.5M'],
    [1_500_000_000, 'en', '1.5B'],
    [8_000, 'en', '8K'],
  ])('%d in %s is %s', (n, lng, want) => {
    expect(fmtMoney(n, lng)).toBe(want);
  });
  it('shows a dash for no amount', () => {
    expect(fmtMoney(null, 'zh-CN')).toBe('—');
  });
});

describe('fmtDate', () => {
  it('writes the calendar day (UTC) as each language does', () => {
    expect(fmtDate('2026-03-07T23:30:00Z', 'zh-CN')).toBe('2026年3月7日');
    expect(fmtDate('2026-03-07T23:30:00Z', 'en')).toBe('Mar 7, 2026');
  });
});
