import { describe, expect, it } from 'vitest';
import { axisCell, describeSupport, initials, placeOnGrid, QUADRANT_HALF, type GridInput, type Quadrant } from './powerGrid';

describe('axisCell', () => {
  it.each([
    { value: 1, high: false, centre: 1 / 12 },
    { value: 2, high: false, centre: 3 / 12 },
    { value: 3, high: false, centre: 5 / 12 },
    { value: 4, high: true, centre: 0.625 },
    { value: 5, high: true, centre: 0.875 },
    { value: 5, high: false, centre: 5 / 12 }, // outside its band: kept at the edge
    { value: 2, high: true, centre: 0.625 },
  ])('puts $value (high $high) at $centre', ({ value, high, centre }) => {
    expect(axisCell(value, high).centre).toBeCloseTo(centre, 10);
  });
});

const inQuadrant = (q: Quadrant, x: number, y: number) => {
  const h = QUADRANT_HALF[q];
  return (h.highInterest ? x > 0.5 && x < 1 : x > 0 && x < 0.5) && (h.highPower ? y > 0.5 && y < 1 : y > 0 && y < 0.5);
};

describe('placeOnGrid', () => {
  const cases: { name: string; entries: GridInput[] }[] = [
    { name: 'one per quadrant', entries: [
      { id: '1', influence: 5, interest: 5, quadrant: 'MANAGE_CLOSELY' },
      { id: '2', influence: 4, interest: 2, quadrant: 'KEEP_SATISFIED' },
      { id: '3', influence: 2, interest: 4, quadrant: 'KEEP_INFORMED' },
      { id: '4', influence: 1, interest: 1, quadrant: 'MONITOR' },
    ] },
    { name: 'a crowd in one cell', entries: Array.from({ length: 12 }, (_, i) => ({ id: String(i + 1), influence: 3, interest: 3, quadrant: 'MONITOR' as const })) },
    { name: 'a crowd on the high corner', entries: Array.from({ length: 9 }, (_, i) => ({ id: `c${i}`, influence: 5, interest: 5, quadrant: 'MANAGE_CLOSELY' as const })) },
  ];
  it.each(cases)('keeps every dot in its quadrant and apart: $name', ({ entries }) => {
    const pts = placeOnGrid(entries);
    expect(pts.map((p) => p.id)).toEqual(entries.map((e) => e.id));
    pts.forEach((p, i) => expect(inQuadrant(entries[i].quadrant, p.x, p.y)).toBe(true));
    const seen = new Set(pts.map((p) => `${p.x.toFixed(4)},${p.y.toFixed(4)}`));
    expect(seen.size).toBe(pts.length);
  });
  it('is deterministic whatever the input order', () => {
    const entries = cases[1].entries;
    const a = placeOnGrid(entries);
    const b = placeOnGrid([...entries].reverse());
    const byId = (ps: { id: string; x: number; y: number }[]) => Object.fromEntries(ps.map((p) => [p.id, [p.x, p.y]]));
    expect(byId(b)).toEqual(byId(a));
  });
  it('centres a person alone in their cell', () => {
    expect(placeOnGrid([{ id: '7', influence: 4, interest: 5, quadrant: 'MANAGE_CLOSELY' }])).toEqual([{ id: '7', x: 0.875, y: 0.625 }]);
  });
});

describe('initials', () => {
  it.each([
    ['Ann Lee', 'AL'],
    ['Zhang Wei Min', 'ZM'],
    ['Madonna', 'MA'],
    ['  ', '?'],
  ])('%s → %s', (name, want) => expect(initials(name)).toBe(want));
});

describe('describeSupport', () => {
  it.each([
    { support: 0.35, text: '+0.35', tone: 'good' },
    { support: 0, text: '0.00', tone: 'mid' },
    { support: 0.001, text: '0.00', tone: 'mid' },
    { support: -0.2, text: '−0.20', tone: 'bad' },
    { support: -1.5, text: '−1.00', tone: 'bad' },
  ])('$support → $text ($tone)', ({ support, text, tone }) => {
    expect(describeSupport(support)).toEqual({ text, tone });
  });
});
