// Browser checks of issue 20 points 2 and 3 on a server loaded with the
// Chinese demo (RAPPORT_DEMO=zh) and a dashboard in Chinese: search by
// pinyin initials, CSV downloads parsed back, graph and power map images,
// and the account brief's print layout.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { credentials } from './auth.mjs';
import { startServer } from './server.mjs';
import { api, until } from './helpers.mjs';

// state shared by the tests of this file: a zh server and a zh-CN page.
const zh = { server: null, context: null, page: null, accountId: null };

/** RFC 4180 parser, independent of the dashboard's. */
function parseCsv(s) {
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '"') { if (s[i + 1] === '"') { cell += '"'; i++; } else q = false; } else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' || c === '\n') { if (c === '\r' && s[i + 1] === '\n') i++; row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

async function downloadOf(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click(selector)]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

function csvOf(bytes) {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'CSV starts with the UTF-8 BOM');
  return parseCsv(bytes.subarray(3).toString('utf8'));
}

export const exportTests = [
  ['exports: Chinese demo, search by pinyin initials', async (ctx) => {
    zh.server = await startServer({ demo: 'zh' });
    zh.context = await ctx.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', acceptDownloads: true });
    const page = (zh.page = await zh.context.newPage());
    const creds = await credentials(zh.server);
    await page.goto(`${zh.server.base}/accounts`);
    if (creds !== 'open') {
      await page.waitForSelector('[data-testid=signin-form]');
      await page.fill('#si-email', creds.email);
      await page.fill('#si-password', creds.password);
      await page.click('[data-testid=signin-form] button[type=submit]');
    }
    await page.waitForSelector('[data-testid=accounts-table]');
    // The API: a contact found by the initials of its Chinese name.
    const anyone = await api(page, '{ contacts(first: 1, orderBy: [{field: NAME}]) { edges { node { id name } } } }');
    const person = anyone.contacts.edges[0].node;
    assert.match(person.name, /^[\u4e00-\u9fff]{2,4}$/, `a Chinese name: ${person.name}`);
    // The dashboard: 华信 typed as its initials.
    await page.fill('#acc-q', 'hxyd');
    await until(async () => {
      const names = await page.$$eval('[data-testid=account-row]', (rows) => rows.map((r) => r.textContent));
      return names.length === 3 && names.every((n) => n.includes('华信移动'));
    }, 'the three 华信移动 accounts for "hxyd"');
    await page.fill('#acc-q', 'hua xin yi dong he');
    await until(async () => {
      const names = await page.$$eval('[data-testid=account-row]', (rows) => rows.map((r) => r.textContent));
      return names.length === 1 && names[0].includes('华信移动河南');
    }, '华信移动河南 for "hua xin yi dong he"');
    const byApi = await api(page, `query($q: String) { contacts(first: 5, where: {search: $q}) { edges { node { id } } } }`,
      { q: person.name.slice(0, 1) });
    assert.ok(byApi.contacts.edges.length > 0, 'a part of the name finds it');
    await page.fill('#acc-q', '');
  }],

  ['exports: accounts CSV opens with Chinese intact', async () => {
    const page = zh.page;
    await until(async () => (await page.$$('[data-testid=account-row]')).length > 4, 'the full list');
    const shown = await page.$$eval('[data-testid=account-row]', (rows) => rows.length);
    const { name, bytes } = await downloadOf(page, '[data-testid=export-accounts-csv]');
    assert.match(name, /\.csv$/);
    const rows = csvOf(bytes);
    assert.equal(rows[0][0], '客户', `Chinese header: ${rows[0]}`);
    assert.equal(rows.length - 1, shown, 'one line per row shown');
    assert.ok(rows.slice(1).some((r) => r[0].includes('通达电信')), 'Chinese names intact');
    assert.ok(rows.every((r) => r.length === rows[0].length), 'every row as wide as the header');
  }],

  ['exports: stakeholders, gaps and chain CSV; graph and power map as PNG and SVG', async () => {
    const page = zh.page;
    const acc = await api(page, '{ accounts(first: 1, where: {search: "hxydhn"}) { edges { node { id name } } } }');
    zh.accountId = acc.accounts.edges[0].node.id;
    await page.goto(`${zh.server.base}/accounts/${encodeURIComponent(zh.accountId)}`);
    await page.waitForSelector('[data-testid=export-graph-png]');
    await until(() => page.evaluate(() => !!window.__rapportCy && window.__rapportCy.nodes().length > 0), 'graph drawn');
    const contacts = await page.evaluate(() => window.__rapportCy.nodes('.contact').length);

    const st = csvOf((await downloadOf(page, '[data-testid=export-stakeholders-csv]')).bytes);
    assert.equal(st[0][0], '姓名');
    assert.equal(st.length - 1, contacts, 'one row per person on the graph');
    assert.ok(st.slice(1).every((r) => /^[\u4e00-\u9fff]{2,4}$/.test(r[0])), 'Chinese names');
    await until(async () => (await page.$$('[data-testid=exposure] li')).length > 0, 'gaps listed');
    const gaps = csvOf((await downloadOf(page, '[data-testid=export-gaps-csv]')).bytes);
    assert.ok(gaps.length > 1 && gaps[0][0] === '缺口', `gaps CSV: ${gaps[0]}`);
    const chainShown = (await page.$$('[data-testid=chain-link]')).length;
    const chain = csvOf((await downloadOf(page, '[data-testid=export-chain-csv]')).bytes);
    assert.equal(chain.length - 1, chainShown, 'one row per chain link');

    const png = (await downloadOf(page, '[data-testid=export-graph-png]')).bytes;
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.ok(png.length > 5000, `graph PNG ${png.length} bytes`);
    const svg = (await downloadOf(page, '[data-testid=export-graph-svg]')).bytes.toString('utf8');
    assert.match(svg, /^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal((svg.match(/<(circle|rect) /g) ?? []).length - 1, await page.evaluate(() => window.__rapportCy.nodes().length), 'a shape per node (and the background)');
    assert.ok(st.slice(1).every((r) => svg.includes(`>${r[0]}`)), 'every name in the SVG');
    const valid = await page.evaluate((s) => !new DOMParser().parseFromString(s, 'image/svg+xml').querySelector('parsererror'), svg);
    assert.ok(valid, 'graph SVG parses');

    await page.waitForSelector('[data-testid=power-map] svg');
    const psvg = (await downloadOf(page, '[data-testid=export-power-svg]')).bytes.toString('utf8');
    assert.ok(await page.evaluate((s) => !new DOMParser().parseFromString(s, 'image/svg+xml').querySelector('parsererror'), psvg), 'power map SVG parses');
    assert.match(psvg, /<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const ppng = (await downloadOf(page, '[data-testid=export-power-png]')).bytes;
    assert.deepEqual([...ppng.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'power map PNG signature');
    assert.ok(ppng.length > 2000, `power map PNG ${ppng.length} bytes`);

    // Finding people on the account page by the pinyin of their surname.
    const SURNAMES = { 张: 'zhang', 王: 'wang', 李: 'li', 刘: 'liu', 陈: 'chen', 杨: 'yang', 赵: 'zhao', 黄: 'huang', 周: 'zhou', 吴: 'wu' };
    const names = st.slice(1).map((r) => r[0]);
    const surname = Object.keys(SURNAMES).find((s) => names.some((n) => n.startsWith(s)));
    assert.ok(surname, `a common surname among ${names}`);
    const expected = await api(page, `query($a: ID!, $q: String!) { contacts(first: 1000, where: {search: $q, hasAccountWith: [{id: $a}]}) { totalCount } }`,
      { a: zh.accountId, q: SURNAMES[surname] });
    await page.fill('[data-testid=people-search]', SURNAMES[surname]);
    await until(async () => (await page.textContent('[data-testid=people-search-count]').catch(() => '')).includes(String(expected.contacts.totalCount)), 'the match count');
    const kept = await until(async () => {
      const l = await page.evaluate(() => window.__rapportCy.nodes('.contact').map((n) => n.data('label')));
      return l.length === expected.contacts.totalCount && l;
    }, 'the graph narrowed to the matches');
    for (const n of names.filter((x) => x.startsWith(surname))) assert.ok(kept.includes(n), `${n} found by "${SURNAMES[surname]}"`);
    assert.ok(kept.length < names.length, 'others left out');
    const narrowed = csvOf((await downloadOf(page, '[data-testid=export-stakeholders-csv]')).bytes);
    assert.equal(narrowed.length - 1, kept.length, 'the CSV holds what is shown');
    await page.fill('[data-testid=people-search]', '');
    await until(async () => (await page.evaluate(() => window.__rapportCy.nodes('.contact').length)) === contacts, 'everyone back');
  }],

  ['exports: the alerts inbox as CSV, in Chinese', async () => {
    const page = zh.page;
    await page.goto(`${zh.server.base}/alerts`);
    await page.waitForSelector('[data-testid=alert-item]');
    const shown = await page.$$eval('[data-testid=alert-message]', (ps) => ps.map((p) => p.textContent));
    const rows = csvOf((await downloadOf(page, '[data-testid=export-alerts-csv]')).bytes);
    assert.equal(rows[0][0], '严重程度', `Chinese header: ${rows[0]}`);
    assert.equal(rows.length - 1, shown.length, 'one line per alert shown');
    assert.deepEqual(rows.slice(1).map((r) => r[4]), shown, 'the sentences as the inbox shows them');
    assert.ok(rows.every((r) => r.length === rows[0].length), 'every row as wide as the header');
  }],

  ['exports: the account brief prints on one A4 page without navigation', async () => {
    const page = zh.page;
    try {
      await page.goto(`${zh.server.base}/accounts/${encodeURIComponent(zh.accountId)}/brief`);
      await page.waitForSelector('[data-testid=brief] [data-testid=health]');
      await until(async () => (await page.$$('[data-testid=brief-gaps] li')).length > 0, 'gaps in the brief');
      await until(async () => (await page.$$('[data-testid=brief-path]')).length > 0, 'an introduction path');
      assert.match(await page.textContent('[data-testid=brief-chains]'), /决策链/);
      // The plan's progress, as the API counts it.
      const plan = (await api(page, `query($id: ID!) { node(id: $id) { ... on Account { plan { progress { done overdue } } } } }`, { id: zh.accountId })).node.plan;
      await page.waitForSelector('[data-testid=brief-plan]');
      if (plan) {
        const counts = await page.textContent('[data-testid=brief-plan-counts]');
        assert.match(counts, new RegExp(`已完成 ${plan.progress.done}，`), counts);
        assert.match(counts, new RegExp(`逾期 ${plan.progress.overdue}，`), counts);
      } else {
        assert.match(await page.textContent('[data-testid=brief-plan]'), /该客户在此财年没有计划/);
      }
      await page.emulateMedia({ media: 'print' });
      const hidden = await page.evaluate(() => [...document.querySelectorAll('.topbar, [data-testid=brief-print]')].every((e) => getComputedStyle(e).display === 'none'));
      assert.ok(hidden, 'navigation and buttons hidden in print');
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.equal(pages, 1, `the brief prints on ${pages} pages`);
    } finally {
      await page.emulateMedia({ media: 'screen' }).catch(() => {});
      await zh.context?.close().catch(() => {});
      await zh.server?.stop().catch(() => {});
    }
  }],
];
