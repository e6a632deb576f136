import { describe, expect, it } from 'vitest';
import { batches, decode, parseTable } from './importFile';

// "姓名,张伟" in GB18030.
const GB = new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xd5, 0xc5, 0xce, 0xb0]);

describe('import file', () => {
  it('reads UTF-8 with and without a BOM, and falls back to GB18030', () => {
    const utf8 = new TextEncoder().encode('姓名,张伟');
    expect(decode(utf8, 'auto')).toEqual({ text: '姓名,张伟', used: 'utf-8' });
    expect(decode(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), 'auto')).toEqual({ text: '姓名,张伟', used: 'utf-8' });
    expect(decode(GB, 'auto')).toEqual({ text: '姓名,张伟', used: 'gb18030' });
    expect(decode(GB, 'gb18030').text).toBe('姓名,张伟');
    expect(() => decode(GB, 'utf-8')).toThrow();
  });

  it('parses quoted cells and skips blank lines', async () => {
    const t = await parseTable('Record ID,Name\r\n1,"Wang, Fang"\r\n\r\n2,"say ""hi"""\r\n');
    expect(t.header).toEqual(['Record ID', 'Name']);
    expect(t.rows).toEqual([['1', 'Wang, Fang'], ['2', 'say "hi"']]);
  });

  it('cuts batches with their first row', () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([{ first: 0, rows: [1, 2] }, { first: 2, rows: [3, 4] }, { first: 4, rows: [5] }]);
    expect(batches([], 500)).toEqual([]);
  });
});
