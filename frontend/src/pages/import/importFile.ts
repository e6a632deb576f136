// Reading a file as people have it: the bytes decoded as UTF-8 when they
// are valid UTF-8, as GB18030 (what Chinese Excel saves CSV in) otherwise,
// and the CSV parsed by papaparse, loaded when a file is chosen.

export type Encoding = 'auto' | 'utf-8' | 'gb18030';

/** decode reads bytes as text; 'auto' tries strict UTF-8 (a BOM is dropped) and falls back to GB18030. */
export function decode(bytes: ArrayBuffer | Uint8Array, encoding: Encoding): { text: string; used: 'utf-8' | 'gb18030' } {
  if (encoding !== 'gb18030') {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), used: 'utf-8' };
    } catch (e) {
      if (encoding === 'utf-8') throw e;
    }
  }
  return { text: new TextDecoder('gb18030').decode(bytes), used: 'gb18030' };
}

/** parseTable splits CSV text into a header and its rows (blank lines skipped). */
export async function parseTable(text: string): Promise<{ header: string[]; rows: string[][] }> {
  const Papa = (await import('papaparse')).default;
  const out = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  const [header = [], ...rows] = out.data;
  return { header: header.map((h) => h.trim()), rows };
}

/** batches cuts rows into runs of at most size, each with the index of its first row. */
export function batches<T>(rows: T[], size: number): { first: number; rows: T[] }[] {
  const n = Math.max(1, Math.floor(size));
  const out: { first: number; rows: T[] }[] = [];
  for (let i = 0; i < rows.length; i += n) out.push({ first: i, rows: rows.slice(i, i + n) });
  return out;
}
