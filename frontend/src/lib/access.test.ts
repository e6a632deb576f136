import { describe, expect, it } from 'vitest';
import { ATTITUDES, ATTITUDE_COLOR, ATTITUDE_MARK } from './labels';

// Colour is never the only signal: every attitude has a colour and a mark
// of its own, so the graph, the badges and the power map read without colour.
describe('attitude marks', () => {
  it('gives every attitude a colour and a distinct mark', () => {
    const marks = ATTITUDES.map((a) => ATTITUDE_MARK[a]);
    expect(marks.every((m) => typeof m === 'string' && m.length > 0)).toBe(true);
    expect(new Set(marks).size).toBe(ATTITUDES.length);
    expect(ATTITUDES.every((a) => ATTITUDE_COLOR[a])).toBe(true);
  });
  it('orders the marks from support to opposition', () => {
    expect(marks()).toEqual(['++', '+', '○', '−', '−−']);
  });
});

function marks() {
  return ATTITUDES.map((a) => ATTITUDE_MARK[a]);
}
