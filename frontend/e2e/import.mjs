// Browser checks of issue 20 point 4, the import page: a HubSpot export in
// the English dashboard and a Chinese spreadsheet saved as GB18030 in the
// Chinese one. Each: the mapping guessed from the header, the preview with
// its error row, the run in batches to 100%, the report's counts, the
// imported contacts found through the API, and axe-core on the page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentials } from './auth.mjs';
import { api, until } from './helpers.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const here = dirname(fileURLToPath(import.meta.url));
// The spreadsheet the Go tests read: 编号,姓名,客户编号,... in GB18030, row 3's 影响力 is "高".
const GB18030_FILE = resolve(here, '../../internal/importer/testdata/chinese-gb18030.csv');

const UPSERT_ACCOUNT = 'mutation($i: UpsertAccountInput!) { upsertAccount(input: $i) { created } }';
const CONTACTS_BY_PREFIX = `query($p: String!) { contacts(first: 100, where: {externalIDHasPrefix: $p}) {
  totalCount edges { node { externalID name title decisionRole account { externalID } } } } }`;

async function mappingOf(page) {
  return page.$$eval('[data-testid=import-mapping-row]', (rows) => Object.fromEntries(rows.map((r) => [
    r.getAttribute('data-source'), r.querySelector('select').value,
  ])));
}

async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE }).catch(() => undefined);
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) return []; // the CSP refused it: access.mjs covers pages with bypassCSP
  return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => `${x.id}: ${x.help} (${x.nodes.map((n) => n.target).join(' ')})`));
}

/** Runs the import on the page: batch size, run, wait for 100%; returns the report's totals. */
async function runImport(page, batch) {
  await page.fill('[data-testid=import-batch]', String(batch));
  await page.click('[data-testid=import-run]');
  await page.waitForSelector('[data-testid=import-report]', { timeout: 30_000 });
  const prog = await page.$eval('[data-testid=import-progress]', (p) => ({ value: p.value, max: p.max }));
  assert.equal(prog.value, prog.max, 'the progress bar is full');
  const label = await page.locator('[data-testid=import-progress-label]').innerText();
  assert.match(label, /100%/, `progress label: ${label}`);
  const totals = {};
  for (const k of ['rows', 'created', 'updated', 'unchanged', 'errors']) {
    totals[k] = Number(await page.locator(`[data-testid=import-total-${k}]`).innerText());
  }
  return { totals, label };
}

const stamp = Date.now().toString(36);

export const importTests = [
  ['import: a HubSpot export in English, guessed, previewed, run in batches', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    await page.waitForSelector('[data-testid=import-link]');
    await api(page, UPSERT_ACCOUNT, { i: { externalID: `HS-ACME-${stamp}`, name: `Acme ${stamp}` } });
    const prefix = `hs-${stamp}-`;
    const lines = ['Record ID,First Name,Last Name,Associated Company ID,Job Title,Email,Phone Number,Buying Role,Lifecycle Stage'];
    for (let i = 1; i <= 25; i++) {
      const role = i === 3 ? 'Astronaut' : i % 2 ? 'Decision Maker' : 'End User';
      lines.push(`${prefix}${i},Person,"Number ${i}",HS-ACME-${stamp},"Engineer, level ${i}",p${i}@example.com,555-01${String(i).padStart(2, '0')},${role},customer`);
    }
    await page.click('[data-testid=import-link]');
    await page.waitForSelector('[data-testid=import-file]');
    await page.setInputFiles('[data-testid=import-file]', { name: 'hubspot-contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`) });
    await page.waitForSelector('[data-testid=import-mapping-row]');
    assert.match(await page.locator('[data-testid=import-read]').innerText(), /25 rows.*UTF-8/);
    const m = await mappingOf(page);
    assert.deepEqual(m, {
      'Record ID': 'externalID', 'First Name': 'name', 'Last Name': 'name', 'Associated Company ID': 'accountExternalID',
      'Job Title': 'title', Email: 'email', 'Phone Number': 'phone', 'Buying Role': 'decisionRole', 'Lifecycle Stage': '',
    });
    // The preview: 20 rows, each with the dry run's answer; the third is in error on its decision role.
    await until(async () => (await page.$$('[data-testid=import-preview-row]:not([data-status=""])')).length === 20, 'the preview of 20 rows');
    const statuses = await page.$$eval('[data-testid=import-preview-row]', (rows) => rows.map((r) => r.getAttribute('data-status')));
    assert.deepEqual(statuses.filter((s) => s === 'ERROR').length, 1);
    assert.equal(statuses[2], 'ERROR');
    assert.ok(statuses.every((s, i) => i === 2 || s === 'CREATED'), statuses.join());
    const err = await page.locator('[data-testid=import-preview-error]').innerText();
    assert.match(err, /BAD_USER_INPUT · Decision role · .*ASTRONAUT/, err);
    // Ignoring the decision role clears the error in the preview.
    await page.selectOption('[data-testid=import-mapping-row][data-source="Buying Role"] select', '');
    await until(async () => (await page.$$('[data-testid=import-preview-row][data-status=ERROR]')).length === 0, 'the preview without errors');
    await page.selectOption('[data-testid=import-mapping-row][data-source="Buying Role"] select', 'decisionRole');
    await until(async () => (await page.$$('[data-testid=import-preview-row][data-status=ERROR]')).length === 1, 'the error back');

    const { totals } = await runImport(page, 10);
    assert.deepEqual(totals, { rows: 25, created: 24, updated: 0, unchanged: 0, errors: 1 });
    const errRows = await page.$$eval('[data-testid=import-error-row] td', (tds) => tds.map((td) => td.textContent));
    assert.equal(errRows[0], '3');
    assert.equal(errRows[1], `${prefix}3`);

    const got = (await api(page, CONTACTS_BY_PREFIX, { p: prefix })).contacts;
    assert.equal(got.totalCount, 24);
    const five = got.edges.map((e) => e.node).find((n) => n.externalID === `${prefix}5`);
    assert.deepEqual(five, { externalID: `${prefix}5`, name: 'Person Number 5', title: 'Engineer, level 5', decisionRole: 'DECISION_MAKER', account: { externalID: `HS-ACME-${stamp}` } });
    const axeFound = await axe(page);
    assert.deepEqual(axeFound, []);
  }],

  ['import: a GB18030 Chinese spreadsheet in the Chinese dashboard', async (ctx) => {
    const context = await ctx.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', acceptDownloads: true });
    try {
      const page = await context.newPage();
      await page.goto(`${ctx.base}/accounts`);
      const creds = await credentials({ base: ctx.base });
      if (creds !== 'open') {
        await page.waitForSelector('[data-testid=signin-form]');
        await page.fill('#si-email', creds.email);
        await page.fill('#si-password', creds.password);
        await page.click('[data-testid=signin-form] button[type=submit]');
      }
      await page.waitForSelector('[data-testid=import-link]');
      assert.equal(await page.locator('[data-testid=import-link]').innerText(), '导入');
      await api(page, UPSERT_ACCOUNT, { i: { externalID: 'ERP-1', name: '华东电网' } });
      await page.click('[data-testid=import-link]');
      await page.waitForSelector('[data-testid=import-file]');
      assert.equal(await page.locator('h1').innerText(), '导入联系人');
      const bytes = readFileSync(GB18030_FILE);
      assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'the file is not UTF-8');
      await page.setInputFiles('[data-testid=import-file]', { name: '联系人.csv', mimeType: 'text/csv', buffer: bytes });
      await page.waitForSelector('[data-testid=import-mapping-row]');
      assert.match(await page.locator('[data-testid=import-read]').innerText(), /3 行.*GB18030/);
      const m = await mappingOf(page);
      assert.deepEqual(m, {
        编号: 'externalID', 姓名: 'name', 客户编号: 'accountExternalID', 职务: 'title', 部门: 'department', 级别: 'seniority',
        决策角色: 'decisionRole', 态度: 'attitude', 影响力: 'influence', 关注度: 'interest', 状态: 'status', 手机: 'phone',
        电子邮件: 'email', 备注: 'notes', 上级编号: 'reportsToExternalID', 微信: '',
      });
      // The select shows the field's Chinese name.
      assert.equal(await page.$eval('[data-testid=import-mapping-row][data-source="姓名"] select', (s) => s.selectedOptions[0].textContent), '姓名（必填）');
      await until(async () => (await page.$$('[data-testid=import-preview-row]:not([data-status=""])')).length === 3, 'the preview');
      const statuses = await page.$$eval('[data-testid=import-preview-row]', (rows) => rows.map((r) => r.getAttribute('data-status')));
      assert.deepEqual(statuses, ['CREATED', 'CREATED', 'ERROR']);
      const err = await page.locator('[data-testid=import-preview-error]').innerText();
      assert.match(err, /BAD_USER_INPUT · 影响力/, err);
      // Forcing UTF-8 on GB18030 bytes says the file cannot be read that way.
      await page.selectOption('[data-testid=import-encoding]', 'utf-8');
      await page.waitForSelector('.error-box');
      await page.selectOption('[data-testid=import-encoding]', 'gb18030');
      await until(async () => (await page.$$('[data-testid=import-preview-row][data-status=ERROR]')).length === 1, 'the preview again');

      const { totals, label } = await runImport(page, 1);
      assert.match(label, /3 \/ 3 行/);
      assert.deepEqual(totals, { rows: 3, created: 2, updated: 0, unchanged: 0, errors: 1 });
      // The error rows as CSV, in Chinese, with the BOM.
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click('[data-testid=import-errors-csv]')]);
      const csv = readFileSync(await dl.path());
      assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const text = csv.subarray(3).toString('utf8').split(/\r?\n/);
      assert.match(text[0], /^行,外部编号,代码,字段,原因/);
      assert.match(text[1], /^3,CN-3,BAD_USER_INPUT,影响力,/);

      const got = (await api(page, CONTACTS_BY_PREFIX, { p: 'CN-' })).contacts;
      const byID = Object.fromEntries(got.edges.map((e) => [e.node.externalID, e.node]));
      assert.equal(byID['CN-1']?.name, '张伟');
      assert.equal(byID['CN-1']?.decisionRole, 'DECISION_MAKER');
      assert.equal(byID['CN-2']?.name, '李娜');
      assert.equal(byID['CN-3'], undefined);
      assert.deepEqual(await axe(page), []);
    } finally {
      await context.close();
    }
  }],
];
