import { describe, expect, it } from 'vitest';
import { pairingTone, stageSteps } from './orgLayer';

describe('organizational layer helpers', () => {
  it('colour a pairing by its state', () => {
    expect(['HEALTHY', 'AT_RISK', 'ENDED', 'STALE', 'NEVER_MET', 'LAPSED'].map(pairingTone)).toEqual(['good', 'mid', 'mid', 'bad', 'bad', 'bad']);
  });

  it('list stage changes newest first, loyalty before lifecycle on one date', () => {
    const at = '2026-01-01T10:00:00Z';
    const steps = stageSteps([
      { id: '1', ladder: 'LOYALTY', toStage: 'ADVOCATE', changedAt: at },
      { id: '2', ladder: 'LIFECYCLE', toStage: 'ACQUIRE', changedAt: at },
      { id: '3', ladder: 'LOYALTY', fromStage: 'ADVOCATE', toStage: 'EXPECTANT', changedAt: '2026-06-01T10:00:00Z' },
    ]);
    expect(steps.map((s) => s.id)).toEqual(['3', '2', '1']);
  });
});
