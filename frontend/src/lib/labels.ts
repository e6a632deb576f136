// Human labels for the API's enum values: "DECISION_MAKER" -> "Decision maker".
export function label(value: string | null | undefined): string {
  if (!value) return '—';
  const s = value.toLowerCase().replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
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

export const COVERAGE_LABEL = ['none', 'weak', 'fair', 'good', 'strong'];

export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toISOString().slice(0, 10);
}

export function fmtMoney(n: number | null | undefined): string {
  if (n == null) return '—';
  if (Math.abs(n) >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (Math.abs(n) >= 1e3) return `${(n / 1e3).toFixed(0)}k`;
  return n.toFixed(0);
}

export function daysSince(iso: string | null | undefined, now: Date = new Date()): number | null {
  if (!iso) return null;
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return null;
  return Math.floor((now.getTime() - t) / 86_400_000);
}
