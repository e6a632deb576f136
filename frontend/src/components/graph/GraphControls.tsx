import { label } from '../../lib/labels';
import { EDGE_COLOR } from './style';
import { EDGE_KINDS, type EdgeKind, type LayoutName } from './types';

export function GraphControls({
  layout, onLayout, depth, onDepth, kinds, onKinds, minStrength, onMinStrength, subs, onSubs, asOf, onAsOf, view, onView,
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
  asOf: string | null;
  onAsOf: (d: string | null) => void;
  view: 'graph' | 'table';
  onView: (v: 'graph' | 'table') => void;
}) {
  const toggle = (k: EdgeKind) => {
    const next = new Set(kinds);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    onKinds(next);
  };
  return (
    <div className="graph-controls" data-testid="graph-controls">
      <div className="seg" role="group" aria-label="View">
        <button type="button" aria-pressed={view === 'graph'} onClick={() => onView('graph')}>Graph</button>
        <button type="button" aria-pressed={view === 'table'} onClick={() => onView('table')} data-testid="view-table">Table</button>
      </div>
      {view === 'graph' && (
        <div className="seg" role="group" aria-label="Layout">
          <button type="button" aria-pressed={layout === 'hierarchy'} onClick={() => onLayout('hierarchy')}>Org chart</button>
          <button type="button" aria-pressed={layout === 'force'} onClick={() => onLayout('force')}>Network</button>
        </div>
      )}
      <fieldset className="kinds">
        <legend className="sr-only">Relation kinds</legend>
        {EDGE_KINDS.map((k) => (
          <label key={k} className="kind-chip">
            <input type="checkbox" checked={kinds.has(k)} onChange={() => toggle(k)} data-kind={k} />
            <span className="swatch" style={{ background: EDGE_COLOR[k] }} aria-hidden="true" />
            {label(k)}
          </label>
        ))}
      </fieldset>
      <label className="inline" title="Hops beyond the account's own stakeholders, across accounts">
        Depth
        <select value={depth} onChange={(e) => onDepth(Number(e.target.value))} data-testid="depth">
          {[0, 1, 2, 3].map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <label className="inline">
        Min strength
        <select value={minStrength} onChange={(e) => onMinStrength(Number(e.target.value))} data-testid="min-strength">
          {[0, 1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{n === 0 ? 'any' : `≥ ${n}`}</option>)}
        </select>
      </label>
      <label className="inline">
        <input type="checkbox" checked={subs} onChange={(e) => onSubs(e.target.checked)} data-testid="subs" /> Subsidiaries
      </label>
      <label className="inline">
        As of
        <input type="date" value={asOf ?? ''} onChange={(e) => onAsOf(e.target.value || null)} data-testid="as-of" />
      </label>
    </div>
  );
}

export function GraphLegend() {
  return (
    <div className="legend" aria-label="Legend">
      <span><i className="lg-dot" style={{ background: '#1b7f3b' }} />Champion</span>
      <span><i className="lg-dot" style={{ background: '#6fbf4a' }} />Supporter</span>
      <span><i className="lg-dot" style={{ background: '#9aa3ad' }} />Neutral</span>
      <span><i className="lg-dot" style={{ background: '#f08a24' }} />Skeptic</span>
      <span><i className="lg-dot" style={{ background: '#d0342c' }} />Opponent</span>
      <span><i className="lg-team" />Our team</span>
      <span>★ decision maker · ◆ economic buyer · ⬢ tech. evaluator · ▲ influencer · ■ gatekeeper · size = influence</span>
    </div>
  );
}
