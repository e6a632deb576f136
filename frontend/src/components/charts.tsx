// Small SVG charts: enough for the analytics page, no chart library.
import i18n from '../i18n';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

export const PALETTE = ['#24406b', '#2f7fc1', '#0e9aa7', '#2e8b57', '#6fbf4a', '#f5b700', '#f08a24', '#d0342c', '#c1447e', '#7b4fb5', '#8a94a3', '#5b6b7f'];

const W = 560;
const H = 260;
const M = { t: 16, r: 30, b: 48, l: 56 };

function Frame({ children, title, legend }: { children: ReactNode; title: string; legend?: ReactNode }) {
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} preserveAspectRatio="xMidYMid meet">{children}</svg>
      {legend && <figcaption className="chart-legend">{legend}</figcaption>}
    </figure>
  );
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function YAxis({ max, fmt = (n) => String(n) }: { max: number; fmt?: (n: number) => string }) {
  const ih = H - M.t - M.b;
  return (
    <g>
      {[0, 0.25, 0.5, 0.75, 1].map((f) => (
        <g key={f}>
          <line x1={M.l} x2={W - M.r} y1={M.t + ih * (1 - f)} y2={M.t + ih * (1 - f)} stroke="#e5e9ef" />
          <text x={M.l - 6} y={M.t + ih * (1 - f) + 4} textAnchor="end" fontSize="11" fill="#5b6b7f">{fmt(max * f)}</text>
        </g>
      ))}
    </g>
  );
}

export interface StackedSeries { label: string; values: number[]; color?: string }

export function BarChart({ categories, series, title, fmt, stacked = true }: {
  categories: string[];
  series: StackedSeries[];
  title: string;
  fmt?: (n: number) => string;
  stacked?: boolean;
}) {
  const iw = W - M.l - M.r;
  const ih = H - M.t - M.b;
  const totals = categories.map((_, i) => (stacked ? series.reduce((s, x) => s + (x.values[i] ?? 0), 0) : Math.max(0, ...series.map((x) => x.values[i] ?? 0))));
  const max = niceMax(Math.max(0, ...totals));
  const bw = iw / Math.max(1, categories.length);
  const every = Math.ceil(categories.length / 7);
  return (
    <Frame title={title} legend={series.length > 1 ? series.map((s, i) => (
      <span key={s.label}><i style={{ background: s.color ?? PALETTE[i % PALETTE.length] }} />{s.label}</span>
    )) : undefined}>
      <YAxis max={max} fmt={fmt} />
      {categories.map((c, i) => {
        let y0 = 0;
        return (
          <g key={c}>
            {series.map((s, j) => {
              const v = s.values[i] ?? 0;
              const h = (v / max) * ih;
              const inner = stacked ? bw * 0.7 : (bw * 0.8) / series.length;
              const x = M.l + i * bw + (stacked ? bw * 0.15 : bw * 0.1 + j * inner);
              const y = M.t + ih - (stacked ? y0 + h : h);
              if (stacked) y0 += h;
              return (
                <rect key={s.label} x={x} y={y} width={Math.max(1, inner)} height={Math.max(0, h)} fill={s.color ?? PALETTE[j % PALETTE.length]}>
                  <title>{`${c} · ${s.label}: ${fmt ? fmt(v) : v}`}</title>
                </rect>
              );
            })}
            {i % every === 0 && (
              <text x={M.l + i * bw + bw / 2} y={H - M.b + 16} textAnchor="middle" fontSize="11" fill="#5b6b7f">{c}</text>
            )}
          </g>
        );
      })}
    </Frame>
  );
}

export function ParetoChart({ labels, values, cumulative, colors, title, fmt }: {
  labels: string[];
  values: number[];
  cumulative: number[];
  colors: string[];
  title: string;
  fmt?: (n: number) => string;
}) {
  const iw = W - M.l - M.r;
  const ih = H - M.t - M.b;
  const max = niceMax(Math.max(0, ...values));
  const bw = iw / Math.max(1, labels.length);
  const pts = cumulative.map((c, i) => `${M.l + i * bw + bw / 2},${M.t + ih * (1 - c)}`).join(' ');
  return (
    <Frame title={title} legend={<><span><i style={{ background: '#24406b' }} />A</span><span><i style={{ background: '#2f7fc1' }} />B</span><span><i style={{ background: '#a9b4c2' }} />C</span><span><i style={{ background: '#f08a24' }} />{i18n.t('charts.cumulativeShare')}</span></>}>
      <YAxis max={max} fmt={fmt} />
      {values.map((v, i) => (
        <rect key={labels[i] + i} x={M.l + i * bw + bw * 0.1} y={M.t + ih - (v / max) * ih} width={Math.max(1, bw * 0.8)} height={(v / max) * ih} fill={colors[i]}>
          <title>{`${labels[i]}: ${fmt ? fmt(v) : v} (${i18n.t('charts.cumulative', { percent: Math.round(cumulative[i] * 100) })})`}</title>
        </rect>
      ))}
      <line x1={M.l} x2={W - M.r} y1={M.t + ih * 0.2} y2={M.t + ih * 0.2} stroke="#f08a24" strokeDasharray="4 4" />
      <text x={W - M.r} y={M.t + ih * 0.2 - 4} textAnchor="end" fontSize="11" fill="#f08a24">80%</text>
      <polyline points={pts} fill="none" stroke="#f08a24" strokeWidth={2} />
      <text x={M.l} y={H - M.b + 16} fontSize="11" fill="#5b6b7f">{i18n.t('charts.byRevenue')}</text>
    </Frame>
  );
}

export function ScatterChart({ points, title, xLabel, yLabel, fmt }: {
  points: { x: number; y: number; label: string; color: string }[];
  title: string;
  xLabel: string;
  yLabel: string;
  fmt?: (n: number) => string;
}) {
  const iw = W - M.l - M.r;
  const ih = H - M.t - M.b;
  const mx = niceMax(Math.max(0, ...points.map((p) => p.x)));
  const my = niceMax(Math.max(0, ...points.map((p) => p.y)));
  return (
    <Frame title={title}>
      <YAxis max={my} fmt={fmt} />
      {[0, 0.5, 1].map((f) => (
        <text key={f} x={M.l + iw * f} y={H - M.b + 16} textAnchor="middle" fontSize="11" fill="#5b6b7f">{fmt ? fmt(mx * f) : mx * f}</text>
      ))}
      <text x={M.l + iw / 2} y={H - 8} textAnchor="middle" fontSize="11" fill="#1f2933">{xLabel}</text>
      <text x={12} y={M.t + ih / 2} textAnchor="middle" fontSize="11" fill="#1f2933" transform={`rotate(-90 12 ${M.t + ih / 2})`}>{yLabel}</text>
      {points.map((p) => (
        <circle key={p.label} cx={M.l + (p.x / mx) * iw} cy={M.t + ih - (p.y / my) * ih} r={6} fill={p.color} fillOpacity={0.8} stroke="#fff">
          <title>{`${p.label}: ${fmt ? fmt(p.x) : p.x} / ${fmt ? fmt(p.y) : p.y}`}</title>
        </circle>
      ))}
    </Frame>
  );
}

export function LineChart({ labels, values, title, min = 0, max }: { labels: string[]; values: number[]; title: string; min?: number; max?: number }) {
  const iw = W - M.l - M.r;
  const ih = H - M.t - M.b;
  const top = max ?? niceMax(Math.max(0, ...values));
  const x = (i: number) => M.l + (labels.length <= 1 ? iw / 2 : (i / (labels.length - 1)) * iw);
  const y = (v: number) => M.t + ih - ((v - min) / (top - min)) * ih;
  const every = Math.ceil(labels.length / 8);
  return (
    <Frame title={title}>
      <YAxis max={top} fmt={(n) => n.toFixed(1)} />
      <polyline points={values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} fill="none" stroke="#2f7fc1" strokeWidth={2.5} />
      {values.map((v, i) => (
        <g key={labels[i]}>
          <circle cx={x(i)} cy={y(v)} r={3.5} fill="#24406b"><title>{`${labels[i]}: ${v.toFixed(2)}`}</title></circle>
          {i % every === 0 && <text x={x(i)} y={H - M.b + 16} textAnchor="middle" fontSize="11" fill="#5b6b7f">{labels[i]}</text>}
        </g>
      ))}
    </Frame>
  );
}

/** Planned against spent, one row per budget: the bar turns red past the plan. */
export function BulletList({ rows, fmt }: { rows: { key: string; label: string; sub: string; planned: number; spent: number; href?: string }[]; fmt: (n: number) => string }) {
  const max = Math.max(1, ...rows.map((r) => Math.max(r.planned, r.spent)));
  return (
    <ul className="bullets">
      {rows.map((r) => {
        const over = r.spent > r.planned;
        return (
          <li key={r.key}>
            <div className="bullet-label">
              {r.href ? <Link to={r.href}>{r.label}</Link> : r.label} <span className="muted small">{r.sub}</span>
            </div>
            <div className="bullet-track" title={i18n.t('charts.plannedSpent', { planned: fmt(r.planned), spent: fmt(r.spent) })}>
              <span className="bullet-plan" style={{ width: `${(r.planned / max) * 100}%` }} />
              <span className={`bullet-spent${over ? ' over' : ''}`} style={{ width: `${(r.spent / max) * 100}%` }} />
            </div>
            <div className={`bullet-num${over ? ' warn-text' : ''}`}>{fmt(r.spent)} / {fmt(r.planned)}{over ? ` (+${Math.round((r.spent / Math.max(1, r.planned) - 1) * 100)}%)` : ''}</div>
          </li>
        );
      })}
    </ul>
  );
}
