// The export actions, loaded on first use (import('./exportActions')) so that
// the first page does not carry them.
import type { Core } from 'cytoscape';
import { fileName, tableToRows, toCsv } from './export';

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** exportTableCsv downloads an HTML table as CSV (UTF-8 with BOM), with the
 * column titles as shown, so in Chinese when the dashboard is. */
export function exportTableCsv(table: HTMLTableElement, title: string): void {
  const { header, rows } = tableToRows(table);
  download(new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }), fileName(title, 'csv'));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** graphSvg draws the graph as laid out on screen: edges as lines, nodes
 * as circles or squares in their colours with their labels. */
export function graphSvg(cy: Core): string {
  const bb = cy.elements().boundingBox({});
  const pad = 20;
  const x0 = bb.x1 - pad;
  const y0 = bb.y1 - pad;
  const w = Math.max(1, bb.w + 2 * pad);
  const h = Math.max(1, bb.h + 2 * pad);
  const parts: string[] = [];
  cy.edges().forEach((e) => {
    const s = e.source().position();
    const t = e.target().position();
    const color = e.style('line-color') || '#999';
    const width = parseFloat(e.style('width')) || 1;
    const dash = e.style('line-style') === 'dashed' ? ' stroke-dasharray="5,4"' : '';
    parts.push(`<line x1="${s.x - x0}" y1="${s.y - y0}" x2="${t.x - x0}" y2="${t.y - y0}" stroke="${esc(color)}" stroke-width="${width}"${dash}/>`);
  });
  cy.nodes().forEach((n) => {
    const p = n.position();
    const nw = n.width();
    const fill = n.style('background-color') || '#ccc';
    const border = n.style('border-color') || '#333';
    const bw = parseFloat(n.style('border-width')) || 0;
    const shape = String(n.style('shape'));
    const x = p.x - x0;
    const y = p.y - y0;
    parts.push(
      shape === 'ellipse'
        ? `<circle cx="${x}" cy="${y}" r="${nw / 2}" fill="${esc(fill)}" stroke="${esc(border)}" stroke-width="${bw}"/>`
        : `<rect x="${x - nw / 2}" y="${y - n.height() / 2}" width="${nw}" height="${n.height()}" fill="${esc(fill)}" stroke="${esc(border)}" stroke-width="${bw}"/>`,
    );
    const label = String(n.data('display') ?? n.data('label') ?? '');
    if (label) parts.push(`<text x="${x}" y="${y + n.height() / 2 + 12}" text-anchor="middle" font-size="10" font-family="sans-serif">${esc(label)}</text>`);
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>\n`;
}

export function exportGraphSvg(cy: Core, title: string): void {
  download(new Blob([graphSvg(cy)], { type: 'image/svg+xml' }), fileName(title, 'svg'));
}

export function exportGraphPng(cy: Core, title: string): void {
  const blob = cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }) as unknown as Blob;
  download(blob, fileName(title, 'png'));
}

/** svgMarkup serialises an inline SVG (the power map) as a file, with its
 * computed colours inlined since the stylesheet does not travel with it. */
export function svgMarkup(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = svg.querySelectorAll('*');
  const dst = clone.querySelectorAll('*');
  src.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const d = dst[i] as SVGElement;
    for (const prop of ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-size', 'font-family', 'font-weight', 'opacity', 'text-anchor']) {
      const v = cs.getPropertyValue(prop);
      if (v) d.style.setProperty(prop, v);
    }
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const vb = svg.viewBox.baseVal;
  if (vb && vb.width) {
    clone.setAttribute('width', String(vb.width));
    clone.setAttribute('height', String(vb.height));
  }
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone) + '\n';
}

export function exportSvgElement(svg: SVGSVGElement, title: string): void {
  download(new Blob([svgMarkup(svg)], { type: 'image/svg+xml' }), fileName(title, 'svg'));
}

/** exportSvgElementPng draws the SVG on a canvas at twice its size. */
export async function exportSvgElementPng(svg: SVGSVGElement, title: string): Promise<void> {
  const markup = svgMarkup(svg);
  const vb = svg.viewBox.baseVal;
  const w = (vb?.width || svg.clientWidth || 600) * 2;
  const h = (vb?.height || svg.clientHeight || 400) * 2;
  const img = new Image();
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((res, rej) => {
      img.onload = () => res();
      img.onerror = () => rej(new Error('svg image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(img, 0, 0, w, h);
    const blob = await new Promise<Blob>((res, rej) => canvas.toBlob((b) => (b ? res(b) : rej(new Error('png'))), 'image/png'));
    download(blob, fileName(title, 'png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
