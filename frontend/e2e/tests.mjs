// The browser checks, in order (they share one page and one server).
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { api, until } from './helpers.mjs';

/** A GraphQL call from inside the page, with the page's session and CSRF token. */
const shot = (ctx, name) => ctx.page.screenshot({ path: resolve(ctx.shots, `${name}.png`), fullPage: true });

const graphCount = (page) => page.getAttribute('[data-testid=graph-canvas]', 'data-node-count').then(Number);

/** What the graph should hold for an account, by the API: the engine's stakeholder graph at the page's default depth. */
async function expectedNodes(page, id) {
  const d = await api(page, 'query($id: ID!){ stakeholderGraph(accountId: $id, depth: 0, maxNodes: 2000) { nodes { id } } }', { id });
  return d.stakeholderGraph.nodes.length;
}

let account; // { id, name }

export const tests = [
  ['sign in', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    if (ctx.creds !== 'open') {
      await page.waitForSelector('[data-testid=signin-form]');
      await shot(ctx, 'signin');
      await page.fill('#si-email', ctx.creds.email);
      await page.fill('#si-password', ctx.creds.password);
      await page.click('[data-testid=signin-form] button[type=submit]');
    }
    await page.waitForSelector('[data-testid=accounts-table]');
  }],

  ['account list filters by tier, segment and name', async (ctx) => {
    const { page } = ctx;
    const all = await api(page, '{ accounts { totalCount } strategic: accounts(where:{tier: STRATEGIC}) { totalCount } }');
    await until(async () => Number((await page.textContent('[data-testid=accounts-total]')).split(' ')[0]) === all.accounts.totalCount, 'total');
    await shot(ctx, 'accounts');
    await page.selectOption('[data-testid=filter-tier]', 'STRATEGIC');
    await until(async () => (await page.textContent('[data-testid=accounts-total]')).startsWith(`${all.strategic.totalCount} `), 'strategic total');
    const tiers = await page.$$eval('[data-testid=account-row]', (rows) => rows.map((r) => r.getAttribute('data-tier')));
    assert.equal(tiers.length, Math.min(20, all.strategic.totalCount));
    assert.ok(tiers.every((t) => t === 'STRATEGIC'), `tiers ${tiers}`);
    assert.match(page.url(), /tier=STRATEGIC/);

    const seg = await api(page, '{ accounts(where:{tier: STRATEGIC, segment: TELECOM_OPERATOR}) { totalCount } }');
    await page.selectOption('[data-testid=filter-segment]', 'TELECOM_OPERATOR');
    await until(async () => (await page.textContent('[data-testid=accounts-total]')).startsWith(`${seg.accounts.totalCount} `), 'segment total');
    const segs = await page.$$eval('[data-testid=account-row]', (rows) => rows.map((r) => r.getAttribute('data-segment')));
    assert.ok(segs.every((s) => s === 'TELECOM_OPERATOR'));

    const abcA = await api(page, '{ accounts(first: 1000) { edges { node { abcClass } } } }');
    const wantA = abcA.accounts.edges.filter((e) => e.node.abcClass === 'A').length;
    await page.goto(`${ctx.base}/accounts?abc=A`);
    await until(async () => (await page.textContent('[data-testid=accounts-total]')) === `${wantA} accounts`, 'ABC A total');
    const classes = await page.$$eval('[data-testid=account-row]', (rows) => rows.map((r) => r.getAttribute('data-abc')));
    assert.ok(classes.length === wantA && classes.every((c) => c === 'A'), `abc ${classes}`);

    await page.goto(`${ctx.base}/accounts`);
    const top = await api(page, '{ accounts(first: 1, orderBy: [{field: ANNUAL_REVENUE, direction: DESC}]) { edges { node { id name } } } }');
    account = top.accounts.edges[0].node;
    const word = account.name.split(' ')[1] ?? account.name;
    const byName = await api(page, '{ accounts(where: {nameContainsFold: $q}) { totalCount } }'.replace('{ accounts', 'query($q: String!){ accounts'), { q: word });
    await page.fill('[data-testid=accounts-search]', word);
    await until(async () => (await page.textContent('[data-testid=accounts-total]')).startsWith(`${byName.accounts.totalCount} `), 'search total');
    const names = await page.$$eval('[data-testid=account-row] td:first-child a', (as) => as.map((a) => a.textContent));
    assert.ok(names.length > 0 && names.every((n) => n.toLowerCase().includes(word.toLowerCase())), `names ${names}`);
  }],

  ['the graph shows as many nodes as the API returns', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(account.id)}`);
    await page.waitForSelector('[data-testid=graph-canvas]');
    const want = await expectedNodes(page, account.id);
    await until(async () => (await graphCount(page)) === want, `graph node count ${want}`);
    const drawn = await until(() => page.evaluate(() => window.__rapportCy?.nodes().length), 'cytoscape');
    assert.equal(drawn, want);
    await page.waitForTimeout(300);
    await shot(ctx, 'account-graph');
    await page.click('[data-testid=view-table]');
    const rows = await page.$$eval('[data-testid=graph-table] tbody tr', (r) => r.length);
    assert.equal(rows, want);
    await shot(ctx, 'account-table');
    await page.click('[data-testid=graph-controls] button:text-is("Graph")');
  }],

  ['clicking a node opens its panel', async (ctx) => {
    const { page } = ctx;
    await until(() => page.evaluate(() => window.__rapportCy?.nodes('.contact').length), 'graph');
    const target = await page.evaluate(() => {
      const cy = window.__rapportCy;
      const n = cy.nodes('.contact').sort((a, b) => b.width() - a.width())[0];
      const p = n.renderedPosition();
      return { id: n.id(), label: n.data('label'), x: p.x, y: p.y };
    });
    const box = await page.locator('[data-testid=graph-canvas]').boundingBox();
    await page.mouse.click(box.x + target.x, box.y + target.y);
    await page.waitForSelector(`[data-testid=node-panel][data-node-id="${target.id}"]`);
    await until(async () => (await page.textContent('[data-testid=node-panel] h2')) === target.label, 'panel name');
    assert.match(page.url(), new RegExp(`node=${encodeURIComponent(target.id).replace(/[%]/g, '%')}`));
    await page.waitForSelector('[data-testid=node-panel] h3:has-text("Coverage")');
    // The person's history comes from the audit trail: the demo loader
    // created them, so there is at least that entry.
    await page.waitForSelector('[data-testid=node-panel] [data-testid=history] li');
    assert.match(await page.textContent('[data-testid=node-panel] [data-testid=history]'), /Create/i);
    await shot(ctx, 'node-panel');
  }],

  ['adding a contact shows it in the graph and the API', async (ctx) => {
    const { page } = ctx;
    const before = await graphCount(page);
    const name = `E2E Contact ${Date.now() % 100000}`;
    await page.click('[data-testid=add-contact]');
    await page.waitForSelector('[data-testid=contact-form]');
    await page.fill('#name', name);
    await page.fill('#title', 'Head of Procurement');
    await page.selectOption('#decisionRole', 'ECONOMIC_BUYER');
    await page.click('[data-testid=contact-form] button[type=submit]');
    await until(async () => (await graphCount(page)) === before + 1, 'one more node');
    const inGraph = await page.evaluate((n) => window.__rapportCy.nodes().some((x) => x.data('label') === n), name);
    assert.ok(inGraph, 'new contact drawn');
    const d = await api(page, 'query($n:String!,$a:ID!){ contacts(where:{name:$n, accountID:$a}) { totalCount edges { node { decisionRole } } } }', { n: name, a: account.id });
    assert.equal(d.contacts.totalCount, 1);
    assert.equal(d.contacts.edges[0].node.decisionRole, 'ECONOMIC_BUYER');
  }],

  ['a change made elsewhere appears without a reload', async (ctx) => {
    const { page } = ctx;
    const before = await graphCount(page);
    const name = `Live Contact ${Date.now() % 100000}`;
    // Another client (here a plain fetch, as an integration would) adds a
    // contact: the page hears graphChanged over SSE and redraws.
    await api(page, 'mutation($a: ID!, $n: String!) { createContact(input: {accountID: $a, name: $n}) { id } }', { a: account.id, n: name });
    await until(async () => (await graphCount(page)) === before + 1, 'the graph updated by itself');
    const drawn = await page.evaluate((n) => window.__rapportCy.nodes().some((x) => x.data('label') === n), name);
    assert.ok(drawn, 'the new contact is drawn');
  }],

  ['an invalid form shows the API error by its field and keeps the input', async (ctx) => {
    const { page } = ctx;
    await page.click('[data-testid=add-contact]');
    await page.waitForSelector('[data-testid=contact-form]');
    await page.fill('#name', 'E2E Too Influential');
    await page.fill('#influence', '9');
    await page.click('[data-testid=contact-form] button[type=submit]');
    const err = await page.waitForSelector('[data-testid=error-influence]');
    // Beside the Influence input: the range, without the field's name again.
    assert.equal(await err.textContent(), 'Value out of range; expected between 1 and 5');
    assert.equal(await page.inputValue('#name'), 'E2E Too Influential');
    assert.equal(await page.inputValue('#influence'), '9');
    await shot(ctx, 'contact-form-error');
    await page.fill('#name', '');
    await page.fill('#influence', '3');
    await page.click('[data-testid=contact-form] button[type=submit]');
    await page.waitForSelector('[data-testid=error-name]');
    assert.equal(await page.$('[data-testid=error-influence]'), null);
    await page.click('[data-testid=contact-form] button:has-text("Cancel")');
  }],

  ['logging an interaction records participants on both sides', async (ctx) => {
    const { page } = ctx;
    await page.click('button:text-is("+ Interaction")');
    await page.waitForSelector('[data-testid=interaction-form]');
    const subject = `E2E visit ${Date.now() % 100000}`;
    await page.selectOption('#int-kind', 'SHOWCASE_VISIT');
    await page.fill('#int-subject', subject);
    const theirs = page.locator('[data-testid=interaction-form] fieldset:has(legend:text-is("Their side")) input[type=checkbox]');
    const ours = page.locator('[data-testid=interaction-form] fieldset:has(legend:text-is("Our side")) input[type=checkbox]');
    await theirs.nth(0).check();
    await theirs.nth(1).check();
    await ours.nth(0).check();
    // The selected stakeholder comes pre-ticked: count what the form holds.
    const nTheirs = await theirs.evaluateAll((els) => els.filter((e) => e.checked).length);
    assert.ok(nTheirs >= 2);
    await page.click('[data-testid=interaction-form] button[type=submit]');
    await page.waitForSelector('[data-testid=interaction-form]', { state: 'detached' });
    const d = await api(page, 'query($s:String!){ interactions(where:{subject:$s}) { totalCount edges { node { kind contacts(first: 0) { totalCount } teamMembers(first: 0) { totalCount } } } } }', { s: subject });
    assert.equal(d.interactions.totalCount, 1);
    assert.deepEqual(d.interactions.edges[0].node, { kind: 'SHOWCASE_VISIT', contacts: { totalCount: nTheirs }, teamMembers: { totalCount: 1 } });
  }],

  ['the decision chain marks its uncovered links', async (ctx) => {
    const { page } = ctx;
    const d = await api(page, `query($a:ID!){ opportunities(first: 50, where:{accountID:$a, hasChainLinks:true}) { edges { node { id
      decisionChain { coverageRatio links { covered position } } } } } }`, { a: account.id });
    const opps = d.opportunities.edges.map((e) => e.node).map((o) => ({
      id: o.id,
      ratio: o.decisionChain.coverageRatio,
      covered: [...o.decisionChain.links].sort((a, b) => a.position - b.position).map((l) => l.covered),
    }));
    const opp = opps.find((o) => o.covered.includes(false)) ?? opps[0];
    assert.ok(opp, 'an opportunity with a chain');
    await page.selectOption('[data-testid=opp-select]', opp.id);
    await until(async () => (await page.$$('[data-testid=chain-link]')).length === opp.covered.length, 'chain links');
    const shown = await page.$$eval('[data-testid=chain-link]', (ls) => ls.map((l) => l.getAttribute('data-covered') === 'true'));
    assert.deepEqual(shown, opp.covered);
    const tags = await page.$$eval('[data-testid=chain-link] .tag-uncovered', (t) => t.length);
    assert.equal(tags, opp.covered.filter((c) => !c).length);
    const ratio = await page.textContent('[data-testid=coverage-ratio]');
    assert.equal(ratio, `${Math.round(opp.ratio * 100)}% covered`);
    await page.locator('[data-testid=decision-chain]').screenshot({ path: resolve(ctx.shots, 'decision-chain.png') });
  }],

  ['the path finder highlights a path on the graph', async (ctx) => {
    const { page } = ctx;
    const targets = await page.$$eval('[data-testid=path-target] option', (os) => os.map((o) => o.value).filter(Boolean));
    let found = false;
    for (const t of targets) {
      await page.selectOption('[data-testid=path-target]', t);
      await until(async () => (await page.$$('[data-testid=path-option], [data-testid=no-path]')).length > 0, 'path answer');
      if ((await page.$$('[data-testid=path-option]')).length > 0) { found = true; break; }
    }
    assert.ok(found, 'some stakeholder is reachable');
    await page.click('[data-testid=path-option] >> nth=0');
    await until(async () => Number(await page.getAttribute('[data-testid=graph-canvas]', 'data-highlighted')) >= 2, 'highlight');
    const hl = await page.evaluate(() => ({ nodes: window.__rapportCy.nodes('.hl').length, edges: window.__rapportCy.edges('.hl').length }));
    assert.ok(hl.nodes >= 2 && hl.edges >= 1, `highlighted ${JSON.stringify(hl)}`);
    assert.match(page.url(), /path=0/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(ctx, 'path-finder');
  }],

  ['the power map places every stakeholder and opens the one clicked', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(account.id)}`);
    const d = await api(page, `query($a: ID!){ powerMap(accountId: $a) { support stakeholders { contact { id name } quadrant } } }`, { a: account.id });
    const want = d.powerMap.stakeholders;
    assert.ok(want.length > 0, 'the demo account has stakeholders');
    await until(async () => (await page.$$('[data-testid=power-dot]')).length === want.length, `${want.length} dots`);
    const drawn = await page.$$eval('[data-testid=power-dot]', (ds) => ds.map((d) => `${d.getAttribute('data-contact-id')}:${d.getAttribute('data-quadrant')}`).sort());
    assert.deepEqual(drawn, want.map((s) => `${s.contact.id}:${s.quadrant}`).sort());
    const support = Number((await page.textContent('[data-testid=power-support]')).replace('−', '-'));
    assert.ok(Math.abs(support - d.powerMap.support) < 0.006, `support ${support} vs ${d.powerMap.support}`);
    const label = await page.getAttribute('[data-testid=power-dot] >> nth=0', 'aria-label');
    assert.match(label, /influence \d, interest \d/);
    const target = want.find((s) => s.quadrant === 'MANAGE_CLOSELY') ?? want[0];
    await page.locator('[data-testid=power-map]').screenshot({ path: resolve(ctx.shots, 'power-map.png') });
    await page.click(`[data-testid=power-dot][data-contact-id="${target.contact.id}"]`);
    await page.waitForSelector(`[data-testid=node-panel][data-node-id="${target.contact.id}"]`);
    await until(async () => (await page.textContent('[data-testid=node-panel] h2')) === target.contact.name, 'panel name');
    assert.equal(await page.getAttribute(`[data-testid=power-dot][data-contact-id="${target.contact.id}"]`, 'aria-pressed'), 'true');
  }],

  ['what changed lists a coverage strength set through the API', async (ctx) => {
    const { page } = ctx;
    await page.waitForSelector('[data-testid=what-changed] [data-testid=changes-total], [data-testid=no-changes]');
    // The card's window: the last 90 days up to the next UTC midnight.
    const now = new Date();
    const to = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    const win = { from: new Date(to - 90 * 86_400_000).toISOString(), to: new Date(to).toISOString() };
    const count = async () => {
      const g = (await api(page, `query($a: ID!, $f: Time!, $t: Time!){ graphDiff(accountId: $a, from: $f, to: $t) {
        joined { id } left { id } attitudeShifts { at } relationsAdded { id } relationsEnded { id }
        coveragesAdded { id } coveragesEnded { at } strengthChanges { at } } }`, { a: account.id, f: win.from, t: win.to })).graphDiff;
      return Object.values(g).reduce((n, l) => n + l.length, 0);
    };
    const c = (await api(page, `query($a: ID!){ coverages(first: 1, where: {hasContactWith: {accountID: $a}}) {
      edges { node { id strength teamMember { name } contact { name } } } } }`, { a: account.id })).coverages.edges[0].node;
    const after = (c.strength + 2) % 5;
    await api(page, 'mutation($id: ID!, $s: Int!){ updateCoverage(id: $id, input: {strength: $s}) { id } }', { id: c.id, s: after });
    const want = await count();
    // The page hears graphChanged and refetches the diff by itself.
    await until(async () => (await page.textContent('[data-testid=changes-total]').catch(() => '')) === `${want} change${want === 1 ? '' : 's'}`, `${want} changes`);
    const line = `${c.teamMember.name} ↔ ${c.contact.name} (coverage) ${c.strength} → ${after}`;
    const lines = await page.$$eval('[data-testid=changes-strengths] [data-testid=change]', (ls) => ls.map((l) => l.textContent.replace(/\s+/g, ' ')));
    assert.ok(lines.some((l) => l.startsWith(line)), `"${line}" in ${JSON.stringify(lines)}`);
    await page.locator('[data-testid=what-changed]').screenshot({ path: resolve(ctx.shots, 'what-changed.png') });
    // A shorter window is asked for again and says so when it is empty.
    await page.selectOption('[data-testid=changed-window]', '30');
    assert.match(page.url(), /changed=30/);
    await until(async () => (await page.textContent('[data-testid=changes-strengths]').catch(() => '')).includes(line), 'the change in the 30-day window');
  }],

  ['analytics shows its charts', async (ctx) => {
    const { page } = ctx;
    await page.click('nav >> text=Analytics');
    await page.waitForSelector('[data-testid=charts]');
    const charts = await page.$$eval('[data-testid=charts] section', (s) => s.length);
    assert.equal(charts, 6);
    await page.waitForTimeout(200);
    await shot(ctx, 'analytics');
    assert.deepEqual(ctx.pageErrors, []);
  }],

  ['the dashboard switches to Chinese, formats amounts with 万/亿 and remembers the choice', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    await page.waitForSelector('[data-testid=accounts-table]');
    assert.equal(await page.inputValue('[data-testid=lang-switch]'), 'en');
    await page.selectOption('[data-testid=lang-switch]', 'zh-CN');
    await until(async () => (await page.textContent('h1')) === '客户', 'the accounts page in Chinese');
    const heads = await page.$$eval('[data-testid=accounts-table] th', (ths) => ths.map((t) => t.textContent));
    assert.ok(heads.includes('健康度') && heads.includes('年收入'), `headers ${heads}`);
    await until(async () => /^共 \d+ 个客户$/.test(await page.textContent('[data-testid=accounts-total]')), 'the total in Chinese');
    const tiers = await page.$$eval('[data-testid=account-row] .badge', (bs) => bs.map((b) => b.textContent));
    assert.ok(tiers.some((t) => ['战略客户', '伙伴型客户', '商业客户', '一般客户'].includes(t)), `tiers ${tiers}`);
    const revenues = await page.$$eval('[data-testid=account-row] td.num:nth-child(7)', (tds) => tds.map((t) => t.textContent));
    assert.ok(revenues.some((r) => /^[\d,.]+[万亿]$/.test(r)), `revenues ${revenues}`);
    await shot(ctx, 'accounts-zh');

    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(account.id)}`);
    await page.waitForSelector('[data-testid=decision-chain]');
    assert.equal(await page.textContent('#chain-h'), '决策链');
    assert.equal(await page.textContent('[data-testid=add-contact]'), '+ 联系人');
    assert.equal(await page.textContent('#health-h'), '关系健康度');
    assert.match(await page.textContent('[data-testid=account-revenue]'), /^年收入 [\d,.]+[万亿]$/);
    // The API's error for a known field, in Chinese.
    await page.click('[data-testid=add-contact]');
    await page.fill('#name', 'E2E 影响力过高');
    await page.fill('#influence', '9');
    await page.click('[data-testid=contact-form] button[type=submit]');
    const err = await page.waitForSelector('[data-testid=error-influence]');
    assert.equal(await err.textContent(), '影响力须为 1 到 5 之间的整数。');
    await page.click('[data-testid=contact-form] button:has-text("取消")');
    await shot(ctx, 'account-zh');

    // Remembered for this user: a reload comes back in Chinese.
    await page.reload();
    await page.waitForSelector('[data-testid=decision-chain]');
    assert.equal(await page.textContent('#chain-h'), '决策链');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await page.inputValue('[data-testid=lang-switch]'), 'zh-CN');
    const user = ctx.creds === 'open' ? null : ctx.creds.email;
    if (user) assert.equal(await page.evaluate((u) => localStorage.getItem(`rapport.lang:${u}`), user), 'zh-CN');

    await page.selectOption('[data-testid=lang-switch]', 'en');
    await until(async () => (await page.textContent('#chain-h').catch(() => '')) === 'Decision chain', 'back in English');
    assert.deepEqual(ctx.pageErrors, []);
  }],
];
