// CSV as spreadsheet programs read it: RFC 4180 quoting, CRLF line ends and
// a UTF-8 byte order mark, without which Excel reads Chinese as mojibake.

export const BOM = '\uFEFF';

export type Cell = string | number | boolean | null | undefined | Date;

/** csvCell quotes a value when it holds a comma, a quote, a line break or
 * leading/trailing space; quotes inside are doubled. A text that a
 * spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe, the OWASP advice against CSV injection; numbers stay numbers. */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s: string;
  if (v instanceof Date) s = v.toISOString();
  else if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  else s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = "'" + s;
  return /[",\r\n]|^\s|\s$/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** toCsv writes a header and rows, with the BOM first and CRLF after each line. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** parseCsv reads what toCsv writes (and RFC 4180 in general); the BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else cell += c;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** tableToRows reads an HTML table as the user sees it: the header row's
 * texts, then each body row's cells (a cell's data-csv attribute, when set,
 * wins over its text, e.g. for a raw number). Elements marked
 * data-csv-skip (buttons, icons) are left out. */
export function tableToRows(table: HTMLTableElement): { header: string[]; rows: string[][] } {
  const text = (el: Element): string => {
    const v = el.getAttribute('data-csv');
    if (v !== null) return v;
    const clone = el.cloneNode(true) as Element;
    clone.querySelectorAll('[data-csv-skip]').forEach((n) => n.remove());
    return (clone.textContent ?? '').replace(/\s+/g, ' ').trim();
  };
  const headRow = table.tHead?.rows[0] ?? table.rows[0];
  const header = headRow ? Array.from(headRow.cells).map(text) : [];
  const bodyRows = Array.from(table.tBodies).flatMap((b) => Array.from(b.rows));
  const rows = (bodyRows.length ? bodyRows : Array.from(table.rows).slice(1)).map((r) => Array.from(r.cells).map(text));
  return { header, rows };
}

/** fileName makes a safe file name of a title (Chinese kept) and a date. */
export function fileName(title: string, ext: string, now = new Date()): string {
  const base = title.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '') || 'rapport';
  return `${base}-${now.toISOString().slice(0, 10)}.${ext}`;
}
