// The export buttons: small, in the page's bundle; what they do is loaded
// when first clicked (./exportActions).
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';

const actions = () => import('./exportActions');

/** CsvButton downloads the table found by `table` (a ref or a CSS selector
 * inside `scope`) as CSV. */
export function CsvButton({ tableRef, selector, title, testId }: { tableRef?: RefObject<HTMLElement | null>; selector?: string; title: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="link small export-btn"
      data-testid={testId}
      onClick={async () => {
        const root = tableRef?.current ?? document;
        const table = (root instanceof HTMLTableElement ? root : root.querySelector(selector ?? 'table')) as HTMLTableElement | null;
        if (!table) return;
        (await actions()).exportTableCsv(table, title);
      }}
    >
      {t('export.csv')}
    </button>
  );
}

/** GraphExportButtons export the stakeholder graph as shown, as PNG or SVG. */
export function GraphExportButtons({ title }: { title: string }) {
  const { t } = useTranslation();
  const run = async (kind: 'png' | 'svg') => {
    const cy = window.__rapportCy;
    if (!cy) return;
    const a = await actions();
    if (kind === 'png') a.exportGraphPng(cy, title);
    else a.exportGraphSvg(cy, title);
  };
  return (
    <span className="export-bar" role="group" aria-label={t('export.graph')}>
      <button type="button" className="link small" data-testid="export-graph-png" onClick={() => run('png')}>{t('export.png')}</button>{' '}
      <button type="button" className="link small" data-testid="export-graph-svg" onClick={() => run('svg')}>{t('export.svg')}</button>
    </span>
  );
}

/** SvgExportButtons export an inline SVG (the power map) as PNG or SVG. */
export function SvgExportButtons({ svgRef, selector, title, testIdPrefix }: { svgRef?: RefObject<HTMLElement | null>; selector: string; title: string; testIdPrefix: string }) {
  const { t } = useTranslation();
  const run = async (kind: 'png' | 'svg') => {
    const root = svgRef?.current ?? document;
    const svg = root.querySelector(selector) as SVGSVGElement | null;
    if (!svg) return;
    const a = await actions();
    if (kind === 'png') await a.exportSvgElementPng(svg, title);
    else a.exportSvgElement(svg, title);
  };
  return (
    <span className="export-bar" role="group" aria-label={t('export.image')}>
      <button type="button" className="link small" data-testid={`${testIdPrefix}-png`} onClick={() => run('png')}>{t('export.png')}</button>{' '}
      <button type="button" className="link small" data-testid={`${testIdPrefix}-svg`} onClick={() => run('svg')}>{t('export.svg')}</button>
    </span>
  );
}

/** CsvDataButton downloads rows the page already holds (lists that are not
 * tables: gaps, a decision chain, the stakeholders in the graph view). */
export function CsvDataButton({ header, rows, title, testId }: { header: string[]; rows: () => (string | number | null | undefined)[][]; title: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="link small export-btn"
      data-testid={testId}
      onClick={async () => {
        const [{ toCsv, fileName }, { download }] = await Promise.all([import('./export'), actions()]);
        download(new Blob([toCsv(header, rows())], { type: 'text/csv;charset=utf-8' }), fileName(title, 'csv'));
      }}
    >
      {t('export.csv')}
    </button>
  );
}
