// Numbers, money and dates in the active language, with Intl. Chinese
// groups large amounts by 万 (10^4) and 亿 (10^8), as people read them:
// 3,500万, 1.2亿; English uses compact K, M, B.
import i18n from './index';

const lang = (lng?: string) => lng ?? i18n.language ?? 'en';

export function fmtNumber(n: number | null | undefined, lng?: string, opts?: Intl.NumberFormatOptions): string {
  if (n == null || Number.isNaN(n)) return '—';
  return new Intl.NumberFormat(lang(lng), opts).format(n);
}

/** An amount, shortened: 1.2亿, 3,500万, 8,000 in Chinese; 1.2B, 35M, 8K in English. */
export function fmtMoney(n: number | null | undefined, lng?: string): string {
  if (n == null || Number.isNaN(n)) return '—';
  const l = lang(lng);
  const abs = Math.abs(n);
  if (l.startsWith('zh')) {
    const short = (v: number, unit: string) =>
      `${new Intl.NumberFormat(l, { maximumFractionDigits: v >= 1000 || Number.isInteger(v) ? 0 : 1 }).format(v)}${unit}`;
    if (abs >= 1e8) return short(Math.round((n / 1e8) * 10) / 10, '亿');
    if (abs >= 1e4) return short(Math.round((n / 1e4) * 10) / 10, '万');
    return new Intl.NumberFormat(l, { maximumFractionDigits: 0 }).format(n);
  }
  return new Intl.NumberFormat(l, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

/** A calendar date (UTC, as the API stores days): "Dec 5, 2026" / "2026年12月5日". */
export function fmtDate(iso: string | null | undefined, lng?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(lang(lng), { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
}
