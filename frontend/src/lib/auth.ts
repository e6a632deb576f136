import i18n from '../i18n';

// Session sign-in against the server's /auth endpoints: a session cookie,
// and a CSRF token that every GraphQL POST must echo in X-CSRF-Token.

export interface User {
  email: string;
  name: string;
  role: string;
  allAccounts: boolean;
}

export type Session =
  | { status: 'signed-in'; user: User; csrfToken: string }
  | { status: 'anonymous' }
  /** The server has no sign-in (an older build): the API is open. */
  | { status: 'open' };

let csrfToken: string | null = null;
const listeners = new Set<() => void>();

export function csrfHeader(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

/** Tell the app that the server said 401: the session is gone. */
export function sessionExpired(): void {
  csrfToken = null;
  for (const l of listeners) l();
}

export function onSessionExpired(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

interface MeResponse {
  user?: User;
  csrfToken?: string;
}

function isMe(x: unknown): x is MeResponse {
  return typeof x === 'object' && x !== null && 'user' in x && 'csrfToken' in x;
}

export async function loadSession(): Promise<Session> {
  const r = await fetch('/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (r.status === 401) return { status: 'anonymous' };
  const ct = r.headers.get('content-type') ?? '';
  if (!r.ok || !ct.includes('json')) {
    if (r.status === 404 || ct.includes('html')) return { status: 'open' };
    throw new Error(i18n.t('auth.checkFailed', { status: r.status }));
  }
  const body: unknown = await r.json();
  if (!isMe(body) || !body.user || !body.csrfToken) return { status: 'anonymous' };
  csrfToken = body.csrfToken;
  return { status: 'signed-in', user: body.user, csrfToken: body.csrfToken };
}

export async function signIn(email: string, password: string): Promise<Session> {
  const r = await fetch('/auth/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body: unknown = await r.json().catch(() => null);
  if (!r.ok) {
    const msg = typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string'
      ? body.message
      : typeof body === 'object' && body !== null && 'errors' in body && Array.isArray(body.errors) && typeof body.errors[0]?.message === 'string'
        ? String(body.errors[0].message)
        : i18n.t('auth.failed', { status: r.status });
    throw new Error(msg);
  }
  if (!isMe(body) || !body.user || !body.csrfToken) throw new Error(i18n.t('auth.unexpected'));
  csrfToken = body.csrfToken;
  return { status: 'signed-in', user: body.user, csrfToken: body.csrfToken };
}

export async function signOut(): Promise<void> {
  await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin', headers: csrfHeader() }).catch(() => undefined);
  csrfToken = null;
}
