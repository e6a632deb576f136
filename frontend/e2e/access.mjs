// Browser checks for issue 20, points 5-7: the screen follows the user's
// role (as the API reports it), every page passes axe-core without a
// serious or critical violation in both languages, the graph and the lists
// work from the keyboard, and the account page and a person's card work on
// a 390 px wide phone. They run after tests.mjs, on the same server.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { api, until } from './helpers.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DEMO_PASSWORD = 'rapport-demo';

/** A GraphQL call from inside the page, with its session and CSRF token. */
/** A new browser context (own cookies, own viewport) signed in as email. */
async function signedIn(ctx, email, { width = 1440, height = 1000, locale = 'en-US' } = {}) {
  // bypassCSP: axe-core is injected as a script, which the server's CSP (script-src 'self') refuses.
  const context = await ctx.browser.newContext({ viewport: { width, height }, locale, bypassCSP: true });
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

/** Runs axe-core on the page and returns its serious and critical violations. */
async function axe(page, where) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ where, ...v }));
}

/** An account the demo editor's team works on, the one with the most contacts. */
async function editorAccount(page) {
  const d = await api(page, '{ accounts(first: 100) { edges { node { id name viewerCanUpdate contacts(first: 0) { totalCount } } } } }');
  const own = d.accounts.edges.map((e) => e.node).sort((a, b) => b.contacts.totalCount - a.contacts.totalCount);
  return own[0];
}

/** The demo account with the most contacts, and its contact with the most interactions. */
async function bigAccount(page) {
  const d = await api(page, '{ accounts(first: 1, orderBy: [{field: ANNUAL_REVENUE, direction: DESC}]) { edges { node { id name } } } }');
  const account = d.accounts.edges[0].node;
  const c = await api(page, `query($a: ID!){ contacts(first: 200, where: {accountID: $a, hasCoverages: true, hasInteractions: true}) {
    edges { node { id name title notes decisionRole attitude interactions(first: 0) { totalCount } } } } }`, { a: account.id });
  const person = c.contacts.edges.map((e) => e.node).sort((a, b) => b.interactions.totalCount - a.interactions.totalCount)[0];
  return { account, person };
}

export const accessTests = [
  ['a viewer sees no control that would fail; an editor sees them on their team\'s accounts', async (ctx) => {
    if (ctx.creds === 'open') return;
    const viewer = await signedIn(ctx, 'viewer@demo.rapport');
    try {
      const { page } = viewer;
      const me = await api(page, '{ viewer { role canWrite canAdminister } }');
      assert.deepEqual(me.viewer, { role: 'VIEWER', canWrite: false, canAdminister: false });
      assert.match(await page.textContent('[data-testid=viewer-role]'), /Viewer · read-only/);
      const { account, person } = await bigAccount(page);
      const can = await api(page, 'query($id: ID!){ node(id: $id) { ... on Account { viewerCanUpdate } } }', { id: account.id });
      assert.equal(can.node.viewerCanUpdate, false);
      await page.goto(`${ctx.base}/accounts/${encodeURIComponent(account.id)}?node=${encodeURIComponent(person.id)}`);
      await page.waitForSelector(`[data-testid=node-panel][data-node-id="${person.id}"] h3`);
      await page.waitForSelector('[data-testid=decision-chain]');
      await page.waitForSelector('[data-testid=read-only]');
      for (const sel of ['[data-testid=add-contact]', '[data-testid=add-relation]', '[data-testid=add-interaction]', '[data-testid=edit-contact]',
        'button:text-is("+ Interaction")', 'button:text-is("Add relation")', 'button:text-is("Log interaction")', 'button:text-is("+ Add link")',
        '[data-testid=decision-chain] button.remove']) {
        assert.equal(await page.locator(sel).count(), 0, `the viewer sees ${sel}`);
      }
      await page.screenshot({ path: resolve(ctx.shots, 'account-viewer.png'), fullPage: true });
      assert.deepEqual(viewer.errors, []);
    } finally {
      await viewer.context.close();
    }

    const editor = await signedIn(ctx, 'editor@demo.rapport');
    try {
      const { page } = editor;
      const me = await api(page, '{ viewer { role canWrite canAdminister } }');
      assert.deepEqual(me.viewer, { role: 'EDITOR', canWrite: true, canAdminister: false });
      const mine = await editorAccount(page);
      assert.ok(mine?.viewerCanUpdate, 'the editor may change the accounts they see');
      await page.goto(`${ctx.base}/accounts/${encodeURIComponent(mine.id)}`);
      await page.waitForSelector('[data-testid=add-contact]');
      assert.equal(await page.locator('[data-testid=read-only]').count(), 0);
      // A contact's panel offers its edits where the contact says so.
      const c = await api(page, 'query($a: ID!){ contacts(first: 1, where: {accountID: $a}) { edges { node { id viewerCanUpdate } } } }', { a: mine.id });
      const contact = c.contacts.edges[0].node;
      await page.goto(`${ctx.base}/accounts/${encodeURIComponent(mine.id)}?node=${encodeURIComponent(contact.id)}`);
      await page.waitForSelector(`[data-testid=node-panel][data-node-id="${contact.id}"] h3`);
      assert.equal(await page.locator('[data-testid=edit-contact]').count(), contact.viewerCanUpdate ? 1 : 0);
      assert.deepEqual(editor.errors, []);
    } finally {
      await editor.context.close();
    }
  }],

  ['axe-core finds no serious or critical violation on any page, in English and Chinese', async (ctx) => {
    // Every page is checked before the test fails, so one run lists everything to fix.
    const found = [];
    // Signed out: the sign-in page.
    const anon = await ctx.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US', bypassCSP: true });
    try {
      const page = await anon.newPage();
      await page.goto(`${ctx.base}/accounts`);
      if (ctx.creds !== 'open') {
        await page.waitForSelector('[data-testid=signin-form]');
        found.push(...await axe(page, 'sign-in'));
      }
    } finally {
      await anon.close();
    }
    const email = ctx.creds === 'open' ? null : ctx.creds.email;
    const s = await signedIn(ctx, email);
    try {
      const { page } = s;
      const { account, person } = await bigAccount(page);
      const at = `${ctx.base}/accounts/${encodeURIComponent(account.id)}`;
      for (const lang of ['en', 'zh-CN']) {
        await page.goto(`${ctx.base}/accounts`);
        await page.waitForSelector('[data-testid=account-row]');
        if ((await page.inputValue('[data-testid=lang-switch]')) !== lang) {
          await page.selectOption('[data-testid=lang-switch]', lang);
          await until(async () => (await page.getAttribute('html', 'lang')) === lang, `the page in ${lang}`);
          await page.waitForSelector('[data-testid=account-row]');
        }
        found.push(...await axe(page, `accounts (${lang})`));
        await page.goto(at);
        await page.waitForSelector('[data-testid=graph-canvas]');
        await page.waitForSelector('[data-testid=power-map] [data-testid=power-dot]');
        await page.waitForSelector('[data-testid=exposure] [data-testid=gap]');
        found.push(...await axe(page, `account, graph (${lang})`));
        await page.goto(`${at}?view=table&node=${encodeURIComponent(person.id)}`);
        await page.waitForSelector('[data-testid=graph-table] tbody tr');
        await page.waitForSelector('[data-testid=node-panel] [data-testid=history] li');
        found.push(...await axe(page, `account, table and a person's panel (${lang})`));
        await page.click('[data-testid=add-contact]');
        await page.waitForSelector('[data-testid=contact-form]');
        found.push(...await axe(page, `account, contact form (${lang})`));
        await page.goto(`${ctx.base}/analytics`);
        await page.waitForSelector('[data-testid=charts] section');
        found.push(...await axe(page, `analytics (${lang})`));
        await page.goto(`${at}/plan`);
        await page.waitForSelector('[data-testid=plan-page]');
        await page.waitForSelector('[data-testid=plan-counts], [data-testid=no-plan]');
        found.push(...await axe(page, `account plan (${lang})`));
        await page.goto(`${ctx.base}/whitespace`);
        await page.waitForSelector('[data-testid=whitespace-grid]');
        found.push(...await axe(page, `whitespace (${lang})`));
        await page.goto(`${ctx.base}/alerts`);
        await page.waitForSelector('[data-testid=alert-item], [data-testid=alerts-empty]');
        found.push(...await axe(page, `alerts (${lang})`));
        await page.goto(`${ctx.base}/handover`);
        await page.waitForSelector('[data-testid=handover-member] option:nth-child(2)', { state: 'attached' });
        await page.selectOption('[data-testid=handover-member]', { index: 1 });
        await page.waitForSelector('[data-testid=handover-summary]');
        found.push(...await axe(page, `handover (${lang})`));
      }
      await page.selectOption('[data-testid=lang-switch]', 'en');
      await until(async () => (await page.getAttribute('html', 'lang')) === 'en', 'back in English');
      assert.deepEqual(s.errors, []);
    } finally {
      await s.context.close();
    }
    assert.deepEqual(found, [], `axe-core: ${JSON.stringify(found, null, 1)}`);
  }],

  ['the lists, the graph\'s table and the forms work from the keyboard', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    await page.waitForSelector('[data-testid=account-row]');
    // The skip link is the first stop and lands in the main region.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    // Tabbing on reaches the first account's link; Enter opens it.
    const first = await page.getAttribute('[data-testid=account-row] >> nth=0 >> a', 'href');
    await until(async () => {
      await page.keyboard.press('Tab');
      return page.evaluate((h) => document.activeElement?.getAttribute('href') === h, first);
    }, 'focus on the first account', 20_000);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === first);
    // The graph as a table: every person a row, reached with Tab, opened with Enter.
    await page.waitForSelector('[data-testid=graph-controls]');
    await page.click('[data-testid=view-table]');
    await page.waitForSelector('[data-testid=graph-table] tbody tr');
    await page.focus('[data-testid=graph-table] thead th:first-child button');
    await page.keyboard.press('Enter'); // sorts by name
    assert.equal(await page.getAttribute('[data-testid=graph-table] thead th:first-child', 'aria-sort'), 'ascending');
    await page.keyboard.press('Tab');
    let rowId = null;
    for (let i = 0; i < 12 && !rowId; i++) {
      rowId = await page.evaluate(() => (document.activeElement?.tagName === 'TR' ? document.activeElement.getAttribute('data-row-id') : null));
      if (!rowId) await page.keyboard.press('Tab');
    }
    assert.ok(rowId, 'a table row takes the focus');
    await page.keyboard.press('ArrowDown');
    const next = await page.evaluate(() => document.activeElement?.getAttribute('data-row-id'));
    assert.ok(next && next !== rowId, 'ArrowDown moves to the next row');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid=node-panel][data-node-id="${next}"]`);
    // The panel takes the focus; Escape closes it and gives it back to the row.
    await until(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid=node-panel]')), 'focus in the panel');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=node-panel]', { state: 'detached' });
    await until(() => page.evaluate((id) => document.activeElement?.getAttribute('data-row-id') === id, next), 'focus back on the row');
    // A form: opened with the keyboard, its first field focused, Escape cancels.
    await page.focus('[data-testid=add-contact]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=contact-form]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'name');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=contact-form]', { state: 'detached' });
    await page.click('[data-testid=graph-controls] button:text-is("Graph")');
  }],

  ['colour is never the only signal: attitude and severity are also words', async (ctx) => {
    const { page } = ctx;
    await page.waitForSelector('[data-testid=graph-canvas]');
    // Every drawn contact carries its attitude as a mark in its label.
    const labels = await until(() => page.evaluate(() => window.__rapportCy?.nodes('.contact').map((n) => [n.data('attitude'), n.data('display')])), 'graph');
    assert.ok(labels.length > 0 && labels.every(([a, d]) => !a || /[+○−]/.test(d)), `labels ${JSON.stringify(labels.slice(0, 5))}`);
    const legend = await page.textContent('.legend');
    assert.match(legend, /\+\+ Champion/);
    await page.waitForSelector('[data-testid=exposure] [data-testid=gap]');
    const sev = await page.$$eval('[data-testid=gap] [data-testid=gap-severity]', (s) => s.map((x) => x.textContent));
    assert.ok(sev.length > 0 && sev.every((s) => /^(Critical|High|Medium|Low)$/.test(s)), `severities ${sev}`);
    const dots = await page.$$eval('[data-testid=power-dot]', (ds) => ds.map((d) => d.getAttribute('aria-label')));
    assert.ok(dots.every((l) => /Champion|Supporter|Neutral|Skeptic|Opponent/.test(l)), `dots ${dots.slice(0, 3)}`);
  }],

  ['a person\'s card works on a 390 px phone, in English and Chinese', async (ctx) => {
    const email = ctx.creds === 'open' ? null : ctx.creds.email;
    for (const locale of ['en-US', 'zh-CN']) {
      const s = await signedIn(ctx, email, { width: 390, height: 844, locale });
      try {
        const { page } = s;
        const noScroll = async (where) => {
          const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth }));
          assert.ok(w.doc <= w.view && w.body <= w.view, `${where}: page ${w.doc}/${w.body} px wide on a ${w.view} px screen`);
        };
        const lang = await page.inputValue('[data-testid=lang-switch]');
        if (lang !== (locale === 'zh-CN' ? 'zh-CN' : 'en')) await page.selectOption('[data-testid=lang-switch]', locale === 'zh-CN' ? 'zh-CN' : 'en');
        await page.waitForSelector('[data-testid=account-row]');
        await noScroll('accounts');
        const { account, person } = await bigAccount(page);
        await page.goto(`${ctx.base}/accounts/${encodeURIComponent(account.id)}`);
        await page.waitForSelector('[data-testid=graph-canvas]');
        await page.waitForSelector('[data-testid=decision-chain]');
        await noScroll('account');
        await page.goto(`${ctx.base}/accounts/${encodeURIComponent(account.id)}?node=${encodeURIComponent(person.id)}`);
        const panel = `[data-testid=node-panel][data-node-id="${person.id}"]`;
        await page.waitForSelector(`${panel} [data-testid=history] li`);
        await noScroll('a person\'s panel');
        // The card comes first on a phone: name, role, attitude, who knows them, last contacts, notes.
        const top = await page.locator(`${panel} h2`).boundingBox();
        assert.ok(top && top.y < 844, `the card starts on the first screen (y ${top?.y})`);
        assert.equal(await page.textContent(`${panel} h2`), person.name);
        const d = await api(page, `query($id: ID!){ node(id: $id) { ... on Contact {
          coverages(first: 50) { edges { node { teamMember { name } } } }
          interactions(first: 1, orderBy: [{field: OCCURRED_AT, direction: DESC}]) { edges { node { subject } } } } } }`, { id: person.id });
        const card = page.locator(panel);
        // Attitude (with its mark), decision role and seniority, in words.
        const chips = await page.$$eval(`${panel} .chips .badge`, (b) => b.map((x) => x.textContent));
        assert.ok(chips.length >= 3 && /[+○−]/.test(chips[0]), `chips ${chips}`);
        for (const sel of ['.chips', '[data-testid=panel-coverage]', '[data-testid=panel-interactions]']) {
          const box = await card.locator(sel).first().boundingBox();
          assert.ok(box && box.width > 0 && box.x >= 0 && box.x + box.width <= 390, `${sel} visible within the screen: ${JSON.stringify(box)}`);
        }
        const cover = await card.locator('[data-testid=panel-coverage]').textContent();
        for (const e of d.node.coverages.edges) assert.ok(cover.includes(e.node.teamMember.name), `${e.node.teamMember.name} in who knows them`);
        const last = d.node.interactions.edges[0]?.node.subject;
        if (last) assert.ok((await card.locator('[data-testid=panel-interactions]').textContent()).includes(last), 'the last contact shows');
        if (person.notes) assert.ok((await card.locator('.notes').textContent()).includes(person.notes.slice(0, 20)), 'the notes show');
        await page.screenshot({ path: resolve(ctx.shots, `phone-card-${locale}.png`), fullPage: false });
        assert.deepEqual(s.errors, []);
      } finally {
        await s.context.close();
      }
    }
  }],
];
