import { useMemo, useState, type ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: string;
  value: (row: T) => string | number | null | undefined;
  render?: (row: T) => ReactNode;
  numeric?: boolean;
}

/** A table whose headers sort it (click or Enter); rows are selected by keyboard (Tab to a row, arrows to move, Enter to open). */
export function SortableTable<T>({
  rows, columns, rowKey, onRowClick, selectedKey, caption, testId,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  onRowClick?: (row: T) => void;
  selectedKey?: string | null;
  caption?: string;
  testId?: string;
}) {
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 } | null>(null);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const col = columns.find((c) => c.key === sort.key);
    if (!col) return rows;
    return [...rows].sort((a, b) => {
      const va = col.value(a) ?? '';
      const vb = col.value(b) ?? '';
      if (typeof va === 'number' && typeof vb === 'number') return (va - vb) * sort.dir;
      return String(va).localeCompare(String(vb)) * sort.dir;
    });
  }, [rows, columns, sort]);
  return (
    <table className="table" data-testid={testId}>
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) => {
            const dir = sort?.key === c.key ? sort.dir : 0;
            return (
              <th key={c.key} aria-sort={dir === 1 ? 'ascending' : dir === -1 ? 'descending' : 'none'} className={c.numeric ? 'num' : ''}>
                <button
                  type="button"
                  className="th-sort"
                  onClick={() => setSort({ key: c.key, dir: sort?.key === c.key && sort.dir === 1 ? -1 : 1 })}
                >
                  {c.header}
                  <span aria-hidden="true">{dir === 1 ? ' ▲' : dir === -1 ? ' ▼' : ''}</span>
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => {
          const k = rowKey(r);
          return (
            <tr
              key={k}
              className={`${onRowClick ? 'clickable' : ''}${selectedKey === k ? ' selected' : ''}`}
              tabIndex={onRowClick ? 0 : undefined}
              onClick={onRowClick ? () => onRowClick(r) : undefined}
              onKeyDown={onRowClick ? (e) => {
                if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onRowClick(r); }
                const to = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.key === 'ArrowUp' ? e.currentTarget.previousElementSibling : null;
                if (to instanceof HTMLElement) { e.preventDefault(); to.focus(); }
              } : undefined}
              data-row-id={k}
            >
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'num' : ''}>{c.render ? c.render(r) : c.value(r) ?? '—'}</td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
