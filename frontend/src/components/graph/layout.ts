import type { GraphModel } from './types';

export interface Point {
  x: number;
  y: number;
}

/**
 * Org-chart positions: accounts at the top, then each reporting level, a
 * level wrapping onto several rows when it holds more than perRow people
 * (so a wide organisation still fits a screen legibly); siblings stay
 * together, in their managers' order. Our team sits in a row above.
 */
export function orgChartPositions(model: GraphModel, opts: { perRow?: number; dx?: number; dy?: number } = {}): Map<string, Point> {
  const perRow = opts.perRow ?? 9;
  const dx = opts.dx ?? 125;
  const dy = opts.dy ?? 95;
  const parent = new Map<string, string>();
  for (const e of model.edges) {
    if ((e.type === 'REPORTS_TO' || e.type === 'MEMBER_OF' || e.type === 'SUBSIDIARY') && !parent.has(e.target)) parent.set(e.target, e.source);
  }
  const team = model.nodes.filter((n) => n.type === 'TEAM_MEMBER');
  const tree = model.nodes.filter((n) => n.type !== 'TEAM_MEMBER');
  const ids = new Set(tree.map((n) => n.id));
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  const byLabel = (a: string, b: string) => (labels.get(a) ?? '').localeCompare(labels.get(b) ?? '');
  const labels = new Map(model.nodes.map((n) => [n.id, n.label]));
  for (const n of tree) {
    const p = parent.get(n.id);
    if (p && ids.has(p) && p !== n.id) children.set(p, [...(children.get(p) ?? []), n.id]);
    else roots.push(n.id);
  }
  // Accounts first among the roots, then loose people.
  const typeOf = new Map(model.nodes.map((n) => [n.id, n.type]));
  roots.sort((a, b) => Number(typeOf.get(b) === 'ACCOUNT') - Number(typeOf.get(a) === 'ACCOUNT') || byLabel(a, b));

  const levels: string[][] = [];
  const seen = new Set<string>();
  let frontier = roots;
  while (frontier.length > 0) {
    const level = frontier.filter((id) => !seen.has(id));
    level.forEach((id) => seen.add(id));
    if (level.length === 0) break;
    levels.push(level);
    frontier = level.flatMap((id) => [...(children.get(id) ?? [])].sort(byLabel));
  }
  // Anything in a reporting cycle lands on a last row.
  const rest = tree.map((n) => n.id).filter((id) => !seen.has(id));
  if (rest.length) levels.push(rest);

  const pos = new Map<string, Point>();
  let y = 0;
  const placeRows = (list: string[]) => {
    for (let i = 0; i < list.length; i += perRow) {
      const row = list.slice(i, i + perRow);
      row.forEach((id, j) => pos.set(id, { x: (j - (row.length - 1) / 2) * dx, y }));
      y += dy;
    }
  };
  if (team.length) {
    placeRows(team.map((n) => n.id).sort(byLabel));
    y += dy * 0.4;
  }
  for (const level of levels) {
    placeRows(level);
    y += dy * 0.25;
  }
  return pos;
}
