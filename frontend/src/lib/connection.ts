// Relay connections from entgql have nullable edges and nodes; these helpers
// flatten them without losing the element types.
export interface ConnectionLike<T> {
  readonly edges?: ReadonlyArray<{ readonly node?: T | null } | null> | null;
}

export function nodesOf<T>(conn: ConnectionLike<T> | null | undefined): T[] {
  const out: T[] = [];
  for (const e of conn?.edges ?? []) {
    if (e?.node) out.push(e.node);
  }
  return out;
}
