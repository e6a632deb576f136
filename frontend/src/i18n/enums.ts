// The API's enum types and values, read from the generated types, so a test
// can require a label for each in every catalog. Sort fields, directions and
// group-by keys are not shown to users and need none.
export const UNLABELLED_ENUMS = /OrderField$|^OrderDirection$|Group$|^AbcClass$|^ImportMode$|^ImportAtomicity$|^GraphChangeAction$/;

export function enumValues(generated: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const re = /export type (\w+) =\n((?:\s*(?:\/\*\*.*\*\/|\| '[A-Z0-9_]+';?)\n?)+)/g;
  for (const m of generated.matchAll(re)) {
    const values = [...m[2].matchAll(/\| '([A-Z0-9_]+)'/g)].map((v) => v[1]);
    if (values.length) out[m[1]] = values;
  }
  return out;
}
