// The engine's sentences (health explanations, gap reasons and suggestions,
// layer explanations) come from the API in English. In another language the
// dashboard rewrites them from engine.json: each entry is the Go format the
// engine writes (matched here as a pattern) and its translation with {{0}},
// {{1}}... for the format's arguments. A Go test (engine_text_test.go) fails
// when an engine format has no entry, so a new sentence cannot stay English
// without notice. A sentence no entry matches is shown as the API wrote it.
import i18n from './index';
import catalog from './engine.json';

type Entry = { re: RegExp; verbs: string[]; zh: string };

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** compile turns a Go format into an anchored pattern with a group per verb. */
export function compile(format: string): { re: RegExp; verbs: string[] } {
  let src = '';
  const verbs: string[] = [];
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') {
      src += esc(format[i]);
      continue;
    }
    const m = /^%(%|[-+ #0]*\d*(?:\.\d+)?([sdvfqg]))/.exec(format.slice(i));
    if (!m) throw new Error(`engine.json: bad verb at ${i} in ${format}`);
    i += m[0].length - 1;
    if (m[1] === '%') {
      src += '%';
      continue;
    }
    verbs.push(m[2]);
    src += m[2] === 'd' ? '(-?\\d+)' : m[2] === 'f' || m[2] === 'g' ? '(-?\\d+(?:\\.\\d+)?|NaN|[+-]Inf)' : '(.+?)';
  }
  return { re: new RegExp(`^${src}$`, 's'), verbs };
}

let entries: Entry[] | null = null;
function all(): Entry[] {
  // The most specific format first: "%d %s"-like ones must not take a sentence a longer one matches.
  entries ??= Object.values(catalog as Record<string, { en: string; zh: string }>)
    .sort((a, b) => b.en.replace(/%[^%]*?[sdvfqg%]/g, '').length - a.en.replace(/%[^%]*?[sdvfqg%]/g, '').length)
    .map((e) => ({ ...compile(e.en), zh: e.zh }));
  return entries;
}

/** An argument in the target language: enum words ("decision maker") by their label, sub-sentences by their entry. */
function arg(s: string, verb: string, depth: number): string {
  if (verb !== 's' && verb !== 'v') return s;
  const word = (w: string) => {
    const key = `enum.${w.toUpperCase().replace(/ /g, '_')}`;
    return i18n.exists(key) ? i18n.t(key) : null;
  };
  if (/^[a-z][a-z ]*$/.test(s)) {
    const w = word(s);
    if (w != null) return w;
  }
  // Counts of enum words ("2 high, 1 medium"): each word by its label.
  if (/^\d+ [a-z][a-z ]*(, \d+ [a-z][a-z ]*)*$/.test(s)) {
    const parts = s.split(', ').map((p) => {
      const [, n, w] = /^(\d+) (.+)$/.exec(p) ?? [];
      const l = w ? word(w) : null;
      return l == null ? null : `${l} ${n}`;
    });
    if (parts.every((p) => p != null)) return parts.join('，');
  }
  return whole(s, depth + 1) ?? s;
}

function whole(text: string, depth: number): string | null {
  if (depth > 3) return null;
  for (const e of all()) {
    const m = e.re.exec(text);
    if (m) return e.zh.replace(/\{\{(\d+)\}\}/g, (_, n) => arg(m[Number(n) + 1] ?? '', e.verbs[Number(n)] ?? 's', depth));
  }
  return null;
}

// Pages re-render often and a sentence is matched against every entry: the
// translations are kept, a bounded number of them, per language.
const done = new Map<string, string>();

/** engineText renders an engine sentence in the active language. */
export function engineText(text: string | null | undefined): string {
  if (!text) return '';
  if (!i18n.language?.startsWith('zh')) return text;
  const key = `${i18n.language}\u0000${text}`;
  let out = done.get(key);
  if (out === undefined) {
    if (done.size > 5000) done.clear();
    out = translate(text);
    done.set(key, out);
  }
  return out;
}

function translate(text: string): string {
  const w = whole(text, 0);
  if (w != null) return w;
  // Sentences joined: "A. B." is translated a sentence at a time.
  for (let i = text.indexOf('. '); i > 0; i = text.indexOf('. ', i + 1)) {
    const a = whole(text.slice(0, i + 1), 0);
    const b = a != null ? translate(text.slice(i + 1)) : null;
    if (a != null && b != null && b !== text.slice(i + 1)) return a + b;
  }
  return text;
}
