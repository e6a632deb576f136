import { useTranslation } from 'react-i18next';
import { ATTITUDES, ATTITUDE_COLOR, ATTITUDE_MARK, label } from '../../lib/labels';
import { EDGE_COLOR } from './style';
import { EDGE_KINDS, type EdgeKind, type LayoutName } from './types';

export function GraphControls({
  layout, onLayout, depth, onDepth, kinds, onKinds, minStrength, onMinStrength, subs, onSubs, suggest, onSuggest, asOf, onAsOf, view, onView,
}: {
  layout: LayoutName;
  onLayout: (l: LayoutName) => void;
  depth: number;
  onDepth: (n: number) => void;
  kinds: ReadonlySet<EdgeKind>;
  onKinds: (k: Set<EdgeKind>) => void;
  minStrength: number;
  onMinStrength: (n: number) => void;
  subs: boolean;
  onSubs: (b: boolean) => void;
  suggest: boolean;
  onSuggest: (b: boolean) => void;
  asOf: string | null;
  onAsOf: (d: string | null) => void;
  view: 'graph' | 'table';
  onView: (v: 'graph' | 'table') => void;
}) {
  const { t } = useTranslation();
  const toggle = (k: EdgeKind) => {
    const next = new Set(kinds);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    onKinds(next);
  };
  return (
    <div className="graph-controls" data-testid="graph-controls">
      <div className="seg" role="group" aria-label={t('graph.view')}>
        <button type="button" aria-pressed={view === 'graph'} onClick={() => onView('graph')}>{t('graph.graph')}</button>
        <button type="button" aria-pressed={view === 'table'} onClick={() => onView('table')} data-testid="view-table">{t('graph.table')}</button>
      </div>
      {view === 'graph' && (
        <div className="seg" role="group" aria-label={t('graph.layout')}>
          <button type="button" aria-pressed={layout === 'hierarchy'} onClick={() => onLayout('hierarchy')}>{t('graph.orgChart')}</button>
          <button type="button" aria-pressed={layout === 'force'} onClick={() => onLayout('force')}>{t('graph.network')}</button>
        </div>
      )}
      <fieldset className="kinds">
        <legend className="sr-only">{t('graph.kinds')}</legend>
        {EDGE_KINDS.map((k) => (
          <label key={k} className="kind-chip">
            <input type="checkbox" checked={kinds.has(k)} onChange={() => toggle(k)} data-kind={k} />
            <span className="swatch" style={{ background: EDGE_COLOR[k] }} aria-hidden="true" />
            {label(k)}
          </label>
        ))}
      </fieldset>
      <label className="inline" title={t('graph.depthTitle')}>
        {t('graph.depth')}
        <select value={depth} onChange={(e) => onDepth(Number(e.target.value))} data-testid="depth">
          {[0, 1, 2, 3].map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <label className="inline">
        {t('graph.minStrength')}
        <select value={minStrength} onChange={(e) => onMinStrength(Number(e.target.value))} data-testid="min-strength">
          {[0, 1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{n === 0 ? t('graph.any') : `≥ ${n}`}</option>)}
        </select>
      </label>
      <label className="inline">
        <input type="checkbox" checked={subs} onChange={(e) => onSubs(e.target.checked)} data-testid="subs" /> {t('graph.subsidiaries')}
      </label>
      <label className="inline">
        <input type="checkbox" checked={suggest} onChange={(e) => onSuggest(e.target.checked)} data-testid="show-suggestions" /> {t('suggestions.toggle')}
      </label>
      <label className="inline">
        {t('graph.asOf')}
        <input type="date" value={asOf ?? ''} onChange={(e) => onAsOf(e.target.value || null)} data-testid="as-of" />
      </label>
    </div>
  );
}

export function GraphLegend() {
  const { t } = useTranslation();
  // Attitude is a colour and a mark (also written after each name on the canvas).
  return (
    <div className="legend" role="group" aria-label={t('graph.legend')}>
      {ATTITUDES.map((a) => (
        <span key={a}><i className="lg-dot" style={{ background: ATTITUDE_COLOR[a] }} aria-hidden="true" />{ATTITUDE_MARK[a]} {label(a)}</span>
      ))}
      <span><i className="lg-team" aria-hidden="true" />{t('graph.ourTeam')}</span>
      <span>{t('graph.shapes')}</span>
    </div>
  );
}
