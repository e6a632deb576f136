import type { CombinedError } from 'urql';
import i18n from '../i18n';

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

/**
 * The API's message in the user's language, where the catalogs know its code
 * (errors.code.X) or its code and field (errors.field.F.X). The English catalog
 * passes the server's own message through ({{message}}); others translate it.
 */
export function localiseError(e: ErrorLike): string {
  const code = typeof e.extensions?.['code'] === 'string' ? (e.extensions['code'] as string) : '';
  const field = typeof e.extensions?.['field'] === 'string' ? (e.extensions['field'] as string) : '';
  const vars = { message: e.message, code, field: field ? i18n.t(`field.${field}`, { defaultValue: field }) : '' };
  if (code && field && i18n.exists(`errors.field.${field}.${code}`)) return i18n.t(`errors.field.${field}.${code}`, vars);
  if (code && i18n.exists(`errors.code.${code}`)) return i18n.t(`errors.code.${code}`, vars);
  return e.message;
}

// atField drops the field's name from the front of a message shown beside
// that field ("delivery: value out of range; expected between 0 and 10"
// under the Delivery input): the label says it already. Messages shown
// elsewhere keep it.
function atField(message: string, field: string): string {
  for (const name of [field, field.slice(field.lastIndexOf('.') + 1)]) {
    const prefix = `${name}: `;
    if (message.startsWith(prefix) && message.length > prefix.length) {
      const rest = message.slice(prefix.length);
      return rest.charAt(0).toUpperCase() + rest.slice(1);
    }
  }
  return message;
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
      const m = atField(localiseError(e), f);
      out.fields[f] = out.fields[f] ? `${out.fields[f]}; ${m}` : m;
    } else {
      const m = localiseError(e);
      out.general.push(typeof code === 'string' ? i18n.t('errors.general', { message: m, code }) : m);
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
    err.networkError ? i18n.t('errors.network', { message: err.networkError.message }) : undefined,
  );
}

export function hasErrors(e: ApiErrors): boolean {
  return e.general.length > 0 || Object.keys(e.fields).length > 0;
}
