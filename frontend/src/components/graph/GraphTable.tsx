import { useTranslation } from 'react-i18next';
import { label, coverageLabel } from '../../lib/labels';
import { SortableTable, type Column } from '../SortableTable';
import type { GraphModel, GraphNode } from './types';

/** The mark on a person whose home is another account: "also at <home>". */
export function AlsoAt({ node }: { node: GraphNode }) {
  const { t } = useTranslation();
  const text = node.homeAccountName ? t('graph.alsoAt', { name: node.homeAccountName }) : t('graph.alsoAtOther');
  return <span className="badge" data-testid="also-at">{text}</span>;
}

/** The graph as a sortable table: one row per node, with its links counted. */
export function GraphTable({ model, selectedId, onSelect }: { model: GraphModel; selectedId: string | null; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const degree = new Map<string, number>();
  const reportsTo = new Map<string, string>();
  const names = new Map(model.nodes.map((n) => [n.id, n.label]));
  for (const e of model.edges) {
    if (e.type === 'MEMBER_OF' || e.type === 'SUBSIDIARY') continue;
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
    if (e.type === 'REPORTS_TO') reportsTo.set(e.target, names.get(e.source) ?? '');
  }
  const columns: Column<GraphNode>[] = [
    { key: 'name', header: t('field.name'), value: (n) => n.label, render: (n) => <><strong>{n.label}</strong>{n.overdueDays != null && <> <span className="badge overdue-badge" data-testid="overdue-badge">⏰ {t('graph.overdue', { days: n.overdueDays })}</span></>}{n.homeAccountId && <> <AlsoAt node={n} /></>}</> },
    { key: 'type', header: t('graph.col.type'), value: (n) => label(n.type) },
    { key: 'title', header: t('graph.col.titleRole'), value: (n) => (n.type === 'CONTACT' ? n.subtitle ?? '' : label(n.subtitle)) },
    { key: 'role', header: t('field.decisionRole'), value: (n) => (n.decisionRole ? label(n.decisionRole) : '') },
    { key: 'attitude', header: t('field.attitude'), value: (n) => (n.attitude ? label(n.attitude) : '') },
    { key: 'influence', header: t('field.influence'), value: (n) => n.influence ?? null, numeric: true },
    { key: 'coverage', header: t('graph.col.bestCoverage'), value: (n) => n.coverage ?? (n.type === 'CONTACT' ? -1 : null), render: (n) => (n.type === 'CONTACT' ? (n.coverage == null ? <span className="warn-text">{coverageLabel(0)}</span> : coverageLabel(n.coverage)) : '') },
    { key: 'reportsTo', header: t('field.reportsToID'), value: (n) => reportsTo.get(n.id) ?? '' },
    { key: 'links', header: t('graph.col.links'), value: (n) => degree.get(n.id) ?? 0, numeric: true },
  ];
  return (
    <div className="table-scroll">
      <SortableTable
        rows={model.nodes}
        columns={columns}
        rowKey={(n) => n.id}
        selectedKey={selectedId}
        onRowClick={(n) => onSelect(n.id)}
        caption={t('graph.tableCaption')}
        testId="graph-table"
      />
    </div>
  );
}
