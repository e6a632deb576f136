import cytoscape from 'cytoscape';
import i18n from '../../i18n';
import type { Core, ElementDefinition, StylesheetJson } from 'cytoscape';
import { orgChartPositions } from './layout';
import { useEffect, useRef } from 'react';
import { EDGE_COLOR, EDGE_LINE, edgeWidth, nodeColor, nodeSize, ROLE_SHAPE, roleBadge } from './style';
import type { GraphModel, LayoutName, PathHighlight } from './types';
import { ATTITUDE_MARK } from '../../lib/labels';

declare global {
  interface Window {
    /** The live Cytoscape instance, for browser tests that click on the canvas. */
    __rapportCy?: Core;
  }
}

export interface GraphViewProps {
  model: GraphModel;
  layout: LayoutName;
  selectedId: string | null;
  highlight: PathHighlight | null;
  onSelect: (id: string | null) => void;
  /** Called when the user drags with shift held from one contact onto another. */
  onConnect?: (fromId: string, toId: string) => void;
}

function signature(model: GraphModel): string {
  const n = model.nodes.map((x) => `${x.id}:${x.label}:${x.attitude ?? ''}:${x.influence ?? ''}:${x.decisionRole ?? ''}:${x.status ?? ''}:${x.overdueDays ?? ''}`);
  const e = model.edges.map((x) => `${x.id}:${x.strength}:${x.kind ?? ''}`);
  return `${n.join('|')}#${e.join('|')}`;
}

function elements(model: GraphModel): ElementDefinition[] {
  const out: ElementDefinition[] = [];
  for (const n of model.nodes) {
    out.push({
      group: 'nodes',
      data: {
        id: n.id,
        label: n.label,
        // What the canvas writes: the name, and for a contact the attitude's mark (colour is not the only signal).
        display: (n.type === 'CONTACT' && n.attitude ? `${n.label} ${ATTITUDE_MARK[n.attitude] ?? ''}` : n.label) + (n.overdueDays != null ? ' ⏰' : ''),
        attitude: n.attitude ?? '',
        type: n.type,
        color: nodeColor(n),
        size: nodeSize(n),
        w: n.type === 'ACCOUNT' ? Math.min(240, Math.max(110, n.label.length * 7.6 + 20)) : nodeSize(n),
        shape: n.type === 'CONTACT' ? ROLE_SHAPE[n.decisionRole ?? ''] ?? 'ellipse' : 'round-rectangle',
        badge: n.type === 'CONTACT' ? roleBadge(n.decisionRole) ?? '' : '',
      },
      classes: [n.type.toLowerCase(), n.status === 'LEFT' ? 'left' : '', n.decisionRole === 'DECISION_MAKER' || n.decisionRole === 'ECONOMIC_BUYER' ? 'key' : '', n.overdueDays != null ? 'overdue' : '']
        .filter(Boolean)
        .join(' '),
    });
  }
  for (const e of model.edges) {
    const kind = e.kind ?? 'REPORTS_TO';
    out.push({
      group: 'edges',
      data: {
        id: e.id,
        source: e.source,
        target: e.target,
        type: e.type,
        color: e.kind ? EDGE_COLOR[kind] : '#c5ccd6',
        line: e.kind ? EDGE_LINE[kind] : 'dashed',
        width: edgeWidth(e),
      },
      classes: [e.type.toLowerCase(), e.kind === 'INFLUENCES' ? 'arrow' : '', e.suggested ? 'suggested' : ''].filter(Boolean).join(' '),
    });
  }
  return out;
}

const STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(display)',
      'font-family': 'Inter, system-ui, sans-serif',
      'font-size': 12,
      // Labels too small to read are not drawn: most of a big, zoomed-out
      // graph's drawing time is text.
      'min-zoomed-font-size': 7,
      color: '#1f2933',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'ellipsis',
      'text-max-width': '110px',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.75,
      'text-background-padding': '1px',
      width: 'data(size)',
      height: 'data(size)',
      'background-color': 'data(color)',
      'border-width': 1,
      'border-color': '#ffffff',
    },
  },
  {
    selector: 'node.contact',
    style: { shape: 'data(shape)' as never, 'background-image': 'data(badge)', 'background-fit': 'contain', 'background-clip': 'none' },
  },
  { selector: 'node.contact[badge = ""]', style: { 'background-image': 'none' } },
  { selector: 'node.key', style: { 'border-width': 3, 'border-color': '#1f2933' } },
  // Overdue under the cadence: a dashed ring and the ⏰ in the label (not colour alone).
  { selector: 'node.overdue', style: { 'border-style': 'dashed', 'border-color': '#b42318', 'border-width': 4 } },
  { selector: 'node.left', style: { opacity: 0.45, 'border-style': 'dashed', 'border-color': '#1f2933', 'border-width': 2 } },
  {
    selector: 'node.team_member',
    style: { shape: 'round-rectangle', width: 34, height: 22, 'font-weight': 600, color: '#24406b' },
  },
  {
    selector: 'node.account',
    style: {
      shape: 'round-rectangle', width: 'data(w)', height: 32, 'text-valign': 'center', 'text-margin-y': 0,
      'font-size': 13, 'font-weight': 700, 'border-color': '#24406b', 'border-width': 2, 'text-background-opacity': 0,
      'text-max-width': '220px',
    },
  },
  {
    selector: 'edge',
    style: {
      width: 'data(width)',
      'line-color': 'data(color)',
      'line-style': 'data(line)' as never,
      'curve-style': 'bezier',
      opacity: 0.55,
      // Edges are not clickable: a press always reaches the node under it.
      events: 'no',
    },
  },
  { selector: 'edge.coverage', style: { opacity: 0.35 } },
  { selector: 'edge.suggested', style: { 'line-style': 'dashed', opacity: 0.8 } },
  { selector: 'edge.arrow', style: { 'target-arrow-shape': 'triangle', 'target-arrow-color': 'data(color)' } },
  { selector: 'edge.member_of', style: { opacity: 0.5, width: 1 } },
  { selector: 'edge.reports_to', style: { 'curve-style': 'taxi', 'taxi-direction': 'downward' as never } },
  { selector: 'node:selected, node.selected', style: { 'border-width': 4, 'border-color': '#0b5fff' } },
  { selector: 'edge.focus', style: { opacity: 1, 'z-index': 5 } },
  { selector: 'edge.faded', style: { opacity: 0.08 } },
  { selector: '.dim', style: { opacity: 0.15 } },
  { selector: 'node.hl', style: { 'border-width': 5, 'border-color': '#f5b700', opacity: 1 } },
  { selector: 'edge.hl', style: { 'line-color': '#f5b700', width: 7, opacity: 1, 'z-index': 10, 'line-style': 'solid' } },
];

function runLayout(cy: Core, layout: LayoutName, model: GraphModel): void {
  if (cy.nodes().length === 0) return;
  if (layout === 'force') {
    cy.layout({ name: 'cose', animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 80, padding: 30, randomize: false }).run();
    return;
  }
  // Org chart: our team on top, accounts, then reporting levels, wide levels wrapped.
  const pos = orgChartPositions(model);
  cy.layout({ name: 'preset', positions: Object.fromEntries(pos), fit: true, padding: 30, animate: false }).run();
}

export default function GraphView({ model, layout, selectedId, highlight, onSelect, onConnect }: GraphViewProps) {
  const ref = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const cb = useRef({ onSelect, onConnect });
  cb.current = { onSelect, onConnect };
  // Rebuild the canvas only when what it draws changes, not on every refetch.
  const sig = signature(model);
  const modelRef = useRef(model);
  modelRef.current = model;

  useEffect(() => {
    if (!ref.current) return;
    const els = elements(modelRef.current);
    // Big graphs pan and zoom on a cached texture, edges hidden while the
    // view moves, so that a 2,000-node graph stays fluid.
    const big = els.length > 1500;
    const cy = cytoscape({
      container: ref.current,
      elements: els,
      style: STYLE,
      minZoom: 0.15,
      maxZoom: 3,
      boxSelectionEnabled: false,
      textureOnViewport: big,
      hideEdgesOnViewport: big,
      hideLabelsOnViewport: big,
      pixelRatio: big ? 1 : 'auto',
    });
    cyRef.current = cy;
    window.__rapportCy = cy;
    runLayout(cy, layout, modelRef.current);
    cy.on('tap', 'node', (ev) => cb.current.onSelect(ev.target.id()));
    cy.on('tap', (ev) => {
      if (ev.target === cy) cb.current.onSelect(null);
    });
    // Shift-drag from a contact onto another proposes a relation between them.
    let dragFrom: string | null = null;
    cy.on('grab', 'node.contact', (ev) => {
      const oe = ev.originalEvent as MouseEvent | undefined;
      dragFrom = oe?.shiftKey ? ev.target.id() : null;
    });
    cy.on('free', 'node.contact', (ev) => {
      if (!dragFrom) return;
      const from = dragFrom;
      dragFrom = null;
      const p = ev.target.position();
      const hit = cy.nodes('.contact').filter((n) => {
        if (n.id() === from) return false;
        const b = n.boundingBox({});
        return p.x >= b.x1 && p.x <= b.x2 && p.y >= b.y1 && p.y <= b.y2;
      });
      if (hit.length > 0) {
        cb.current.onConnect?.(from, hit[0].id());
        runLayout(cy, layout, modelRef.current);
      }
    });
    const ro = new ResizeObserver(() => cy.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      if (window.__rapportCy === cy) delete window.__rapportCy;
      cy.destroy();
      cyRef.current = null;
    };
  }, [sig, layout]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements().removeClass('hl dim selected focus faded');
      if (highlight && highlight.nodeIds.length > 0) {
        cy.elements().addClass('dim');
        for (const id of [...highlight.nodeIds, ...highlight.edgeIds]) cy.getElementById(id).removeClass('dim').addClass('hl');
      }
      if (selectedId) {
        const sel = cy.getElementById(selectedId);
        sel.addClass('selected');
        if (!highlight || highlight.nodeIds.length === 0) {
          // Focus: the selected node's own links stand out, the rest fade.
          cy.edges().addClass('faded');
          sel.connectedEdges().removeClass('faded').addClass('focus');
        }
      }
    });
  }, [sig, layout, highlight, selectedId]);

  const zoom = (f: number) => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  };

  return (
    // Cytoscape caches where its canvas sits on the page; content loading above it
    // moves it without a scroll or resize event, so refresh the cache before each press.
    <div className="graph-wrap" onMouseDownCapture={() => cyRef.current?.resize()} onTouchStartCapture={() => cyRef.current?.resize()}>
      <div
        ref={ref}
        className="graph-canvas"
        data-testid="graph-canvas"
        data-node-count={model.nodes.length}
        data-edge-count={model.edges.length}
        data-highlighted={highlight?.nodeIds.length ?? 0}
        role="img"
        aria-label={i18n.t('graph.canvasLabel', { nodes: model.nodes.length, edges: model.edges.length })}
      />
      <div className="graph-zoom" role="group" aria-label={i18n.t('graph.zoom')}>
        <button type="button" onClick={() => zoom(1.25)} aria-label={i18n.t('graph.zoomIn')}>+</button>
        <button type="button" onClick={() => zoom(0.8)} aria-label={i18n.t('graph.zoomOut')}>−</button>
        <button type="button" onClick={() => cyRef.current?.fit(undefined, 30)} aria-label={i18n.t('graph.fitLabel')}>{i18n.t('graph.fit')}</button>
      </div>
    </div>
  );
}
