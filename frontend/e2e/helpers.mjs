// What the browser tests share: calling the API as the signed-in page does,
// and waiting for a condition.

// api posts a GraphQL request from the page, with its session cookie and
// CSRF token (as the dashboard does), and returns data; errors throw.
export async function api(page, query, variables = {}) {
  const res = await page.evaluate(async ({ query, variables }) => {
    const me = await fetch('/auth/me', { credentials: 'same-origin' });
    const csrf = (me.headers.get('content-type') ?? '').includes('json') ? (await me.json()).csrfToken ?? '' : '';
    const r = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return r.json();
  }, { query, variables });
  if (res.errors) throw new Error(`API: ${JSON.stringify(res.errors)}`);
  return res.data;
}

// until polls fn until it returns something truthy (and returns that), or
// fails after ms with what it was waiting for and the last error.
export async function until(fn, what, ms = 20_000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
