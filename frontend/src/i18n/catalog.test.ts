// The CI check on translations: both catalogs hold the same keys, every key
// the source names exists, every API enum value has a label, and no English
// text is left as a literal in JSX.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import zh from './zh-CN.json';
import { enumValues, UNLABELLED_ENUMS } from './enums';

type Catalog = { [k: string]: string | Catalog };
const PLURAL = /_(zero|one|two|few|many|other)$/;
const SRC = join(__dirname, '..');

function flatten(c: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(c)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** Keys as code names them: "accounts.total_one" and "accounts.total_other" are "accounts.total". */
const baseKeys = (c: Catalog) => new Set([...flatten(c).keys()].map((k) => k.replace(PLURAL, '')));

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'gql' ? [] : sourceFiles(p);
    return /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : [];
  });
}

const catalogs: [string, Catalog][] = [['en', en], ['zh-CN', zh]];

/** Message ids named in the source: any literal 'ns.key' whose namespace is a catalog's. */
export function usedKeys(files: string[], namespaces: string[]): Map<string, string> {
  const re = new RegExp(`['"\`]((?:${namespaces.join('|')})\\.[A-Za-z0-9_.]*[A-Za-z0-9_])['"\`]`, 'g');
  const out = new Map<string, string>();
  for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(re)) out.set(m[1], relative(SRC, f));
  return out;
}

describe('translation catalogs', () => {
  it('hold the same keys in every language', () => {
    const e = baseKeys(en);
    const z = baseKeys(zh);
    expect([...e].filter((k) => !z.has(k)), 'missing in zh-CN.json').toEqual([]);
    expect([...z].filter((k) => !e.has(k)), 'missing in en.json').toEqual([]);
  });

  it('give every plural its "other" form in every language', () => {
    for (const [lng, c] of catalogs) {
      const keys = new Set(flatten(c).keys());
      const plurals = [...keys].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, ''));
      expect(plurals.filter((k) => !keys.has(`${k}_other`)), lng).toEqual([]);
    }
  });

  it('have no empty messages', () => {
    for (const [lng, c] of catalogs) expect([...flatten(c)].filter(([, v]) => v.trim() === '').map(([k]) => k), lng).toEqual([]);
  });

  it('hold every message id the source uses', () => {
    const used = usedKeys(sourceFiles(), Object.keys(en));
    expect(used.size).toBeGreaterThan(100);
    for (const [lng, c] of catalogs) {
      const keys = baseKeys(c);
      const missing = [...used].filter(([k]) => !keys.has(k)).map(([k, f]) => `${k} (${f})`);
      expect(missing, `ids missing in ${lng}`).toEqual([]);
    }
  });

  it('label every value of the API enums the dashboard shows', () => {
    const enums = enumValues(readFileSync(join(SRC, 'gql/graphql.ts'), 'utf8'));
    expect(Object.keys(enums)).toContain('Attitude');
    const values = Object.entries(enums).filter(([name]) => !UNLABELLED_ENUMS.test(name)).flatMap(([, v]) => v);
    for (const [lng, c] of catalogs) {
      const keys = baseKeys(c);
      expect([...new Set(values)].filter((v) => !keys.has(`enum.${v}`)), `enum labels missing in ${lng}`).toEqual([]);
    }
  });
});

// Words that are the same in every language: names and acronyms.
const ALLOWED = new Set(['Rapport', 'GraphQL', 'ABC', 'CLV']);

export function englishInJsx(source: string): string[] {
  const found: string[] = [];
  // Text between tags: ">Save<", "> Cancel </".
  for (const m of source.matchAll(/>([^<>{}()=;`]*)</g)) {
    const text = m[1].trim();
    if (/^,.*\w:$/s.test(text)) continue; // "}, errorElement: <" is code, not text
    if (/[A-Za-z]{2,}/.test(text) && !ALLOWED.has(text)) found.push(text);
  }
  // Text in attributes users see or hear.
  for (const m of source.matchAll(/\b(label|title|placeholder|aria-label|alt|caption|error|hint|xLabel|yLabel|header)=["']([^"']*)["']/g)) {
    if (/[A-Za-z]{2,}/.test(m[2]) && !ALLOWED.has(m[2])) found.push(`${m[1]}="${m[2]}"`);
  }
  return found;
}

describe('JSX', () => {
  it('finds English literals (the check itself)', () => {
    expect(englishInJsx('<h1>Accounts</h1><input placeholder="Search…" /><b>{t("x")}</b><a>Rapport</a>')).toEqual(['Accounts', 'placeholder="Search…"']);
  });

  it('has no user-visible English literals left', () => {
    const offenders = sourceFiles()
      .filter((f) => f.endsWith('.tsx'))
      .flatMap((f) => englishInJsx(readFileSync(f, 'utf8')).map((s) => `${relative(SRC, f)}: ${s}`));
    expect(offenders).toEqual([]);
  });
});
