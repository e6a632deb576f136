export function Skeleton({ height = 16, rows = 1, label = 'Loading' }: { height?: number; rows?: number; label?: string }) {
  return (
    <div className="skeleton-group" role="status" aria-live="polite" aria-label={label} data-testid="skeleton">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton" style={{ height }} />
      ))}
    </div>
  );
}
