import { describe, expect, it } from 'vitest';
import { BOM, csvCell, fileName, parseCsv, toCsv } from './export';

describe('csv writer', () => {
  it('starts with a BOM and ends lines with CRLF', () => {
    const csv = toCsv(['名称', 'Tier'], [['华信移动河南有限公司', 'STRATEGIC']]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe(BOM + '名称,Tier\r\n华信移动河南有限公司,STRATEGIC\r\n');
  });

  it('quotes commas, quotes, line breaks and edge spaces', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('张伟，王静')).toBe('张伟，王静'); // a full-width comma is text
  });

  it('writes numbers, blanks and dates', () => {
    expect(csvCell(3.5)).toBe('3.5');
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
  });

  it('defuses formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-12.5')).toBe('-12.5');
  });

  it('round-trips through the parser', () => {
    const header = ['姓名', 'Note'];
    const rows = [['张伟', 'a, "b"\nc'], ['', ' x '], ['欧阳娜娜', '']];
    expect(parseCsv(toCsv(header, rows))).toEqual([header, ...rows]);
  });

  it('names files safely', () => {
    expect(fileName('华信 河南/brief', 'csv', new Date('2026-12-06T00:00:00Z'))).toBe('华信-河南-brief-2026-12-06.csv');
  });
});
