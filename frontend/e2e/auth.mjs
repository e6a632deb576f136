// The user the browser tests sign in as. The test server runs in demo
// mode, which creates admin@demo.rapport with the password rapport-demo
// (see the README); RAPPORT_E2E_EMAIL / RAPPORT_E2E_PASSWORD name another.

export const E2E_EMAIL = process.env.RAPPORT_E2E_EMAIL ?? 'admin@demo.rapport';
export const E2E_PASSWORD = process.env.RAPPORT_E2E_PASSWORD ?? 'rapport-demo';

/** 'open' when the server has no sign-in, else the credentials to use. */
export async function credentials(server) {
  const me = await fetch(`${server.base}/auth/me`);
  const ct = me.headers.get('content-type') ?? '';
  if (me.status !== 401 && !ct.includes('json')) return 'open';
  return { email: E2E_EMAIL, password: E2E_PASSWORD };
}
