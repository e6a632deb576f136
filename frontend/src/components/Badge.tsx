import { useTranslation } from 'react-i18next';
import { ATTITUDE_COLOR, ATTITUDE_MARK, label } from '../lib/labels';

const TIER_CLASS: Record<string, string> = { STRATEGIC: 'tier-s', PARTNER: 'tier-p', COMMERCIAL: 'tier-c', GENERAL: 'tier-g' };

export function TierBadge({ tier }: { tier: string }) {
  return <span className={`badge ${TIER_CLASS[tier] ?? ''}`}>{label(tier)}</span>;
}

export function AttitudeBadge({ attitude }: { attitude: string }) {
  return (
    <span className="badge attitude">
      <span className="dot" style={{ background: ATTITUDE_COLOR[attitude] ?? '#999' }} aria-hidden="true" />
      <span className="mark" aria-hidden="true">{ATTITUDE_MARK[attitude] ?? ''}</span>
      {label(attitude)}
    </span>
  );
}

export function StrengthBar({ value, max }: { value: number; max: number }) {
  const { t } = useTranslation();
  return (
    <span className="strength" role="img" title={t('common.ofMax', { value, max })} aria-label={t('common.strengthOf', { value, max })}>
      {Array.from({ length: max }, (_, i) => (
        <span key={i} className={i < value ? 'on' : ''} />
      ))}
    </span>
  );
}
