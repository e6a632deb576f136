import i18n from '../i18n';
import { fmtDate as fmtDateIntl, fmtMoney as fmtMoneyIntl } from '../i18n/format';

// Human labels for the API's enum values, from the catalogs' "enum" section:
// "DECISION_MAKER" -> "Decision maker" / "决策者". A value the catalogs do not
// know yet (a new enum value) falls back to its words.
// enumType names the enum where a value means something else in another
// (LOST: a lost customer, or a lost deal): enumIn.<type>.<value> wins.
export function label(value: string | null | undefined, enumType?: string): string {
  if (!value) return '—';
  const s = value.toLowerCase().replace(/_/g, ' ');
  const fallback = i18n.t(`enum.${value}`, { defaultValue: s.charAt(0).toUpperCase() + s.slice(1) });
  return enumType ? i18n.t(`enumIn.${enumType}.${value}`, { defaultValue: fallback }) : fallback;
}

export const TIERS = ['STRATEGIC', 'PARTNER', 'COMMERCIAL', 'GENERAL'] as const;
export const SEGMENTS = [
  'TELECOM_OPERATOR', 'GOVERNMENT', 'ENTERPRISE', 'FINANCE', 'ENERGY', 'EDUCATION', 'HEALTHCARE', 'OTHER',
] as const;
export const ATTITUDES = ['CHAMPION', 'SUPPORTER', 'NEUTRAL', 'SKEPTIC', 'OPPONENT'] as const;
export const DECISION_ROLES = [
  'DECISION_MAKER', 'ECONOMIC_BUYER', 'TECHNICAL_EVALUATOR', 'USER', 'INFLUENCER', 'GATEKEEPER', 'COACH',
] as const;
export const SENIORITIES = ['EXECUTIVE', 'SENIOR_MANAGER', 'MANAGER', 'STAFF'] as const;
export const RELATION_KINDS = ['INFLUENCES', 'ALLY', 'RIVAL', 'FRIEND', 'FAMILY', 'FORMER_COLLEAGUE'] as const;
export const CHAIN_ROLES = [
  'INITIATOR', 'TECHNICAL_EVALUATOR', 'INFLUENCER', 'USER', 'GATEKEEPER', 'APPROVER', 'DECISION_MAKER',
] as const;
export const INTERACTION_KINDS = [
  'COMPANY_VISIT', 'SHOWCASE_VISIT', 'ONSITE_MEETING', 'TECH_EXCHANGE', 'MANAGEMENT_RESEARCH', 'SUMMIT',
  'DINNER_EVENT', 'TRAINING', 'CALL', 'EMAIL', 'HOTLINE', 'COMPLAINT',
] as const;

export const ROLE_ABBR: Record<string, string> = {
  DECISION_MAKER: 'DM', ECONOMIC_BUYER: 'EB', TECHNICAL_EVALUATOR: 'TE', USER: 'U',
  INFLUENCER: 'IN', GATEKEEPER: 'GK', COACH: 'CO',
};

export const ATTITUDE_COLOR: Record<string, string> = {
  CHAMPION: '#1b7f3b', SUPPORTER: '#6fbf4a', NEUTRAL: '#9aa3ad', SKEPTIC: '#f08a24', OPPONENT: '#d0342c',
};

/** Colour is never the only signal: each attitude also has a mark, drawn beside its colour (badge, graph label, power map). */
export const ATTITUDE_MARK: Record<string, string> = {
  CHAMPION: '++', SUPPORTER: '+', NEUTRAL: '○', SKEPTIC: '−', OPPONENT: '−−',
};

const COVERAGE_KEYS = ['none', 'weak', 'fair', 'good', 'strong'];

/** Coverage strength 0-4 in words ("weak" / "弱"). */
export function coverageLabel(strength: number): string {
  const k = COVERAGE_KEYS[strength];
  return k ? i18n.t(`coverage.${k}`) : String(strength);
}

/** A date in the active language (Intl). */
export function fmtDate(iso: string | null | undefined): string {
  return fmtDateIntl(iso);
}

/** An amount in the active language (Intl; 万/亿 in Chinese). */
export function fmtMoney(n: number | null | undefined): string {
  return fmtMoneyIntl(n);
}

export function daysSince(iso: string | null | undefined, now: Date = new Date()): number | null {
  if (!iso) return null;
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return null;
  return Math.floor((now.getTime() - t) / 86_400_000);
}
