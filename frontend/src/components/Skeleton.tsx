import { useTranslation } from 'react-i18next';

export function Skeleton({ height = 16, rows = 1, label }: { height?: number; rows?: number; label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="skeleton-group" role="status" aria-live="polite" aria-label={label ?? t('common.loading')} data-testid="skeleton">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton" style={{ height }} />
      ))}
    </div>
  );
}
