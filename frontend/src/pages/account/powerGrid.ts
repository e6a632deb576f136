// Placement of stakeholders on the power/interest grid, kept apart from the
// drawing so it can be tested. Coordinates are unit fractions: x is interest
// (0 left, 1 right), y is power (0 bottom, 1 top).

export const QUADRANTS = ['KEEP_SATISFIED', 'MANAGE_CLOSELY', 'MONITOR', 'KEEP_INFORMED'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

/** Which half of each axis a quadrant occupies. */
export const QUADRANT_HALF: Record<Quadrant, { highPower: boolean; highInterest: boolean }> = {
  MANAGE_CLOSELY: { highPower: true, highInterest: true },
  KEEP_SATISFIED: { highPower: true, highInterest: false },
  KEEP_INFORMED: { highPower: false, highInterest: true },
  MONITOR: { highPower: false, highInterest: false },
};

// The server calls 4-5 high and 1-3 low (classify.HighPower/HighInterest).
// Each band gets half the axis, so the quadrant lines sit in the middle as
// on the classic grid, and each value gets an equal cell inside its band.
const LOW = [1, 2, 3];
const HIGH = [4, 5];

/** The centre of a value's cell and the cell's width, on one axis. */
export function axisCell(value: number, high: boolean): { centre: number; size: number } {
  const band = high ? HIGH : LOW;
  const size = 0.5 / band.length;
  // A value outside its band (should the server's thresholds move) is kept
  // at the band's edge, so the dot stays in the quadrant the server chose.
  const idx = Math.min(band.length - 1, Math.max(0, Math.round(value) - band[0]));
  return { centre: (high ? 0.5 : 0) + size * (idx + 0.5), size };
}

export interface GridInput {
  id: string;
  influence: number;
  interest: number;
  quadrant: Quadrant;
}

export interface GridPoint {
  id: string;
  x: number;
  y: number;
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * Places every stakeholder in its quadrant at its influence/interest cell.
 * People sharing a cell spread on a sunflower spiral around its centre, in
 * id order, so the picture is the same on every render and no two dots of
 * a cell coincide.
 */
export function placeOnGrid(entries: readonly GridInput[]): GridPoint[] {
  const cells = new Map<string, GridInput[]>();
  for (const e of entries) {
    const key = `${e.quadrant}:${Math.round(e.influence)}:${Math.round(e.interest)}`;
    const list = cells.get(key) ?? [];
    list.push(e);
    cells.set(key, list);
  }
  const out = new Map<string, GridPoint>();
  for (const members of cells.values()) {
    const sorted = [...members].sort((a, b) => compareIds(a.id, b.id));
    const { highPower, highInterest } = QUADRANT_HALF[sorted[0].quadrant];
    const cx = axisCell(sorted[0].interest, highInterest);
    const cy = axisCell(sorted[0].influence, highPower);
    // Keep the spread inside the cell, with a margin for the dot itself.
    const rx = cx.size * 0.42;
    const ry = cy.size * 0.42;
    const k = sorted.length;
    sorted.forEach((e, i) => {
      if (k === 1) {
        out.set(e.id, { id: e.id, x: cx.centre, y: cy.centre });
        return;
      }
      const r = Math.sqrt((i + 0.5) / k);
      const t = i * GOLDEN_ANGLE;
      out.set(e.id, { id: e.id, x: cx.centre + rx * r * Math.cos(t), y: cy.centre + ry * r * Math.sin(t) });
    });
  }
  return entries.map((e) => out.get(e.id)!);
}

/** Numeric ids in numeric order, anything else as text. */
function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a.localeCompare(b);
}

/** "Ann Lee" → "AL", "Madonna" → "MA": what fits inside a dot. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  if (words.length === 1) return words[0].slice(0, 2).toUpperCase();
  return (words[0][0] + words[words.length - 1][0]).toUpperCase();
}

/** Influence-weighted support, -1..1, as "+0.35" / "−0.20" / "0.00", with a tone. */
export function describeSupport(support: number): { text: string; tone: 'good' | 'mid' | 'bad' } {
  const v = Math.max(-1, Math.min(1, support));
  const rounded = Math.round(v * 100) / 100;
  const text = rounded > 0 ? `+${rounded.toFixed(2)}` : rounded < 0 ? `−${Math.abs(rounded).toFixed(2)}` : '0.00';
  return { text, tone: rounded >= 0.25 ? 'good' : rounded <= -0.1 ? 'bad' : 'mid' };
}
