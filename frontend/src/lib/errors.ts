import type { CombinedError } from 'urql';

export interface ApiErrors {
  /** Messages keyed by the input field named in extensions.field. */
  fields: Record<string, string>;
  /** Messages that name no field (or a field the form does not show). */
  general: string[];
}

interface ErrorLike {
  message: string;
  extensions?: Record<string, unknown> | null;
}

// Splits GraphQL errors by extensions.field so a form can show each message
// next to its input. Messages for fields the form does not know go to general.
export function splitErrors(
  errors: readonly ErrorLike[] | undefined,
  known: readonly string[] = [],
  networkMessage?: string,
): ApiErrors {
  const out: ApiErrors = { fields: {}, general: [] };
  for (const e of errors ?? []) {
    const f = e.extensions?.['field'];
    const code = e.extensions?.['code'];
    if (typeof f === 'string' && f !== '' && (known.length === 0 || known.includes(f))) {
      out.fields[f] = out.fields[f] ? `${out.fields[f]}; ${e.message}` : e.message;
    } else {
      out.general.push(typeof code === 'string' ? `${e.message} (${code})` : e.message);
    }
  }
  if (networkMessage) out.general.push(networkMessage);
  return out;
}

export function apiErrors(err: CombinedError | undefined, known: readonly string[] = []): ApiErrors {
  if (!err) return { fields: {}, general: [] };
  return splitErrors(
    err.graphQLErrors,
    known,
    err.networkError ? `Network error: ${err.networkError.message}` : undefined,
  );
}

export function hasErrors(e: ApiErrors): boolean {
  return e.general.length > 0 || Object.keys(e.fields).length > 0;
}
