// Browser check of issue 16 point 7: a person holding a board role at two
// subsidiaries of a group (the demo's) shows on the second subsidiary's
// page with their role there and the mark "also at <home account>", as one
// contact (the same ID on both pages).
import assert from 'node:assert/strict';

async function api(page, query, variables = {}) {
  const res = await page.evaluate(async ({ query, variables }) => {
    const r = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return r.json();
  }, { query, variables });
  if (res.errors) throw new Error(`API: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const ROLES = `{ contactRoles(first: 10, orderBy: [{field: CREATED_AT}]) { edges { node { id title decisionRole
  account { id name } contact { id name account { id name } } } } } }`;

export const roleTests = [
  ['a person on several accounts: the role holder on the second account\'s page, with the role and "also at"', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    const roles = (await api(page, ROLES)).contactRoles.edges.map((e) => e.node);
    assert.ok(roles.length >= 2, 'the demo has a person with roles at two subsidiaries');
    const role = roles[1];
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(role.account.id)}?view=table`);
    await page.waitForSelector('[data-testid=graph-table] tbody tr');
    const row = page.locator('[data-testid=graph-table] tbody tr', { hasText: role.contact.name });
    await row.first().waitFor();
    const text = await row.first().innerText();
    assert.ok(text.includes(role.title), `the row shows the role's title ${role.title}: ${text}`);
    const mark = await row.first().locator('[data-testid=also-at]').innerText();
    assert.equal(mark, `also at ${role.contact.account.name}`);
    await page.screenshot({ path: `${ctx.shots}/role-holder.png`, fullPage: false });
  }],
];
