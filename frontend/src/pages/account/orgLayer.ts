// Pure helpers of the organizational-layer and value cards.

/** The pill colour of a pairing's state. */
export function pairingTone(state: string): 'good' | 'mid' | 'bad' {
  switch (state) {
    case 'HEALTHY':
      return 'good';
    case 'AT_RISK':
    case 'ENDED':
      return 'mid';
    default:
      return 'bad';
  }
}

export type StageStep = { id: string; ladder: string; fromStage?: string | null; toStage: string; changedAt: string };

/** The stage history newest first; on one date, lifecycle after loyalty as the server writes them. */
export function stageSteps(steps: StageStep[]): StageStep[] {
  return [...steps].sort((a, b) => b.changedAt.localeCompare(a.changedAt) || a.ladder.localeCompare(b.ladder));
}
