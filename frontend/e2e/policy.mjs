// Browser checks of tier policies and cadence marks (issue 17, points 1, 2
// and 6): an admin opens the policy page from the header, a version with a
// cadence of 0 days is refused with the error at the field it names, a good
// one is added to the tier's versions; a viewer has no link to the page; an
// account page marks its overdue stakeholders in the table and the graph;
// axe-core passes on the policy page in both languages.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { api } from './helpers.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DEMO_PASSWORD = 'rapport-demo';

async function signedIn(ctx, email) {
  // bypassCSP: axe-core is injected as a script, which the server's CSP refuses.
  const context = await ctx.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US', bypassCSP: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${ctx.base}/accounts`);
  if (ctx.creds !== 'open') {
    await page.waitForSelector('[data-testid=signin-form]');
    await page.fill('#si-email', email);
    await page.fill('#si-password', email === ctx.creds.email ? ctx.creds.password : DEMO_PASSWORD);
    await page.click('[data-testid=signin-form] button[type=submit]');
  }
  await page.waitForSelector('[data-testid=accounts-table] [data-testid=account-row]');
  return { context, page, errors };
}

async function axe(page, where) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE });
  const r = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')})`));
  return r.map((v) => `${where}: ${v}`);
}

async function setLanguage(page, lang) {
  await page.evaluate((l) => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('rapport.lang')) localStorage.setItem(k, l);
    localStorage.setItem('rapport.lang', l);
  }, lang);
  await page.reload();
}

const VERSIONS = '{ tierPolicies(tier: PARTNER) { effectiveFrom stored } }';

export const policyTests = [
  ['tier policies: an admin adds a version, a cadence of 0 days is refused at its field', async (ctx) => {
    const { context, page, errors } = await signedIn(ctx, ctx.creds === 'open' ? 'admin@demo.rapport' : ctx.creds.email);
    try {
      await page.click('[data-testid=policies-link]');
      await page.waitForSelector('[data-testid=policies-page] [data-testid=policy-version]');
      await page.click('[data-testid=policy-tier-PARTNER]');
      const before = (await api(page, VERSIONS)).tierPolicies.length;
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=policy-version]').length === n, before);

      await page.click('[data-testid=policy-new]');
      await page.waitForSelector('[data-testid=policy-form]');
      assert.ok(await page.locator('[data-testid=policy-line]').count() > 0, 'the form starts from the version in force');
      const date = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
      await page.fill('#pol-effective', date);
      await page.fill('#pol-days-0', '0');
      await page.click('[data-testid=policy-save]');
      await page.waitForSelector('[data-testid="error-pol-days-0"]');
      const msg = await page.textContent('[data-testid="error-pol-days-0"]');
      assert.match(msg, /days/i, `the error names the field: ${msg}`);
      assert.equal((await api(page, VERSIONS)).tierPolicies.length, before, 'nothing written');

      await page.fill('#pol-days-0', '21');
      await page.click('[data-testid=policy-save]');
      await page.waitForSelector('[data-testid=policy-saved]');
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=policy-version]').length === n, before + 1);
      const after = (await api(page, VERSIONS)).tierPolicies;
      assert.equal(after.length, before + 1);
      assert.ok(after.some((v) => v.stored && v.effectiveFrom.startsWith(date)), `a version from ${date}: ${JSON.stringify(after)}`);
      // The seeded default stays readable under the new version.
      assert.ok(await page.locator('[data-testid=policy-version]').last().isVisible());
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }],
  ['tier policies: a viewer has no link to the admin page', async (ctx) => {
    if (ctx.creds === 'open') return;
    const { context, page, errors } = await signedIn(ctx, 'viewer@demo.rapport');
    try {
      await page.waitForSelector('[data-testid=viewer-role]');
      assert.equal(await page.locator('[data-testid=policies-link]').count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }],
  ['cadence: an account page marks its overdue stakeholders in the table and the graph', async (ctx) => {
    const { context, page, errors } = await signedIn(ctx, ctx.creds === 'open' ? 'admin@demo.rapport' : ctx.creds.email);
    try {
      const d = await api(page, '{ accounts(first: 50, where: {tier: STRATEGIC}) { edges { node { id name } } } }');
      let acc = null;
      for (const a of d.accounts.edges.map((e) => e.node)) {
        const c = await api(page, `query($a: ID!) { contacts(first: 1000, where: { hasAccountWith: [{ or: [{ id: $a }, { hasParentWith: [{ id: $a }] }] }] }) {
          edges { node { id overdue } } } }`, { a: a.id });
        const late = c.contacts.edges.map((e) => e.node).filter((x) => x.overdue);
        if (!acc || late.length > acc.late.length) acc = { ...a, late };
      }
      assert.ok(acc && acc.late.length > 0, 'the demo has overdue stakeholders');
      await page.goto(`${ctx.base}/accounts/${encodeURIComponent(acc.id)}?view=table`);
      await page.waitForSelector('[data-testid=graph-table] [data-testid=overdue-badge]');
      const marked = await page.locator('[data-testid=graph-table] [data-testid=overdue-badge]').count();
      assert.ok(marked > 0 && marked <= acc.late.length, `${marked} marks for ${acc.late.length} overdue stakeholders`);
      assert.match(await page.locator('[data-testid=overdue-badge]').first().innerText(), /Overdue \d+ d/);
      // In the graph the overdue nodes carry the mark too (a dashed ring and ⏰ in the label).
      await page.goto(`${ctx.base}/accounts/${encodeURIComponent(acc.id)}`);
      await page.waitForFunction((n) => window.__rapportCy?.nodes('.overdue').length === n, marked);
      const labels = await page.evaluate(() => window.__rapportCy.nodes('.overdue').map((n) => n.data('display')));
      assert.ok(labels.every((l) => l.includes('⏰')), `overdue labels carry the mark: ${labels}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }],
  ['tier policies page passes axe-core in English and Chinese', async (ctx) => {
    const { context, page } = await signedIn(ctx, ctx.creds === 'open' ? 'admin@demo.rapport' : ctx.creds.email);
    const found = [];
    try {
      for (const lang of ['en', 'zh-CN']) {
        await page.goto(`${ctx.base}/admin/policies`);
        await setLanguage(page, lang);
        await page.waitForSelector('[data-testid=policies-page] [data-testid=policy-version]');
        await page.click('[data-testid=policy-new]');
        await page.waitForSelector('[data-testid=policy-form]');
        found.push(...(await axe(page, lang)));
      }
      await setLanguage(page, 'en');
    } finally {
      await context.close();
    }
    assert.deepEqual(found, []);
  }],
];
