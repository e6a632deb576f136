// Browser checks of the alerts inbox (issue 17 point 5): the header's count
// of new alerts, the inbox against what the API returns for the demo data,
// acknowledging one, and axe-core on the page in both languages.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { api } from './helpers.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const COUNTS = '{ alerts(state: NEW, first: 50) { counts { new acknowledged } edges { node { id rule message } } } }';

export const alertTests = [
  ['alerts inbox lists the new alerts, the header counts them, acknowledging moves one', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    const before = (await api(page, COUNTS)).alerts;
    assert.ok(before.counts.new > 0, 'the demo starts with new alerts');
    await page.waitForSelector('[data-testid=alerts-count]');
    assert.equal(await page.locator('[data-testid=alerts-count]').innerText(), before.counts.new.toLocaleString('en-US'));
    await page.click('[data-testid=alerts-link]');
    await page.waitForSelector('[data-testid=alert-item]');
    assert.equal(await page.locator('[data-testid=alert-item]').count(), before.edges.length);
    // The sentence is the translation, with the alert's names filled in: no braces left.
    const first = await page.locator('[data-testid=alert-message]').first().innerText();
    assert.ok(first.length > 10 && !first.includes('{{'), `message: ${first}`);
    await page.locator('[data-testid=alert-ack]').first().click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=alert-item]').length === n, before.edges.length - (before.counts.new > 50 ? 0 : 1));
    const after = (await api(page, COUNTS)).alerts;
    assert.equal(after.counts.new, before.counts.new - 1);
    assert.equal(after.counts.acknowledged, before.counts.acknowledged + 1);
    await page.click('[data-testid=alerts-tab-ACKNOWLEDGED]');
    await page.waitForSelector('[data-testid=alert-item]');
    assert.equal(await page.locator('[data-testid=alert-item]').count(), after.counts.acknowledged);
  }],
  ['alerts inbox passes axe-core in English and Chinese', async (ctx) => {
    const { page } = ctx;
    const found = [];
    for (const lang of ['en', 'zh-CN']) {
      await page.goto(`${ctx.base}/alerts`);
      await page.evaluate((l) => {
        for (const k of Object.keys(localStorage)) if (k.startsWith('rapport.lang')) localStorage.setItem(k, l);
        localStorage.setItem('rapport.lang', l);
      }, lang);
      await page.reload();
      await page.waitForSelector('[data-testid=alerts-page]');
      await page.waitForSelector('[data-testid=alert-item], [data-testid=alerts-empty]');
      if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: AXE }).catch(() => undefined);
      if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) continue; // the CSP refused it: access.mjs covers pages with bypassCSP
      const v = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
        .filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => `${x.id}: ${x.help}`));
      found.push(...v.map((x) => `${lang}: ${x}`));
    }
    await page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith('rapport.lang')) localStorage.setItem(k, 'en');
    });
    assert.deepEqual(found, []);
  }],
];
