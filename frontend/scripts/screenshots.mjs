// Writes the README's screenshots of the Chinese dashboard (make screenshots):
// the account page and the account brief, on a fresh server with the
// Chinese demo data, through the same Chromium the browser tests use.
import { resolve } from 'node:path';
import { credentials } from '../e2e/auth.mjs';
import { startServer } from '../e2e/server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = resolve(process.env.SCREENSHOTS_DIR ?? '../docs');
const ACCOUNT = process.env.SCREENSHOT_ACCOUNT ?? 'hxydhn'; // 华信移动河南, by its pinyin initials

const { chromium } = await import('playwright-core');
const server = await startServer({ demo: 'zh' });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${server.base}/accounts`);
  const creds = await credentials(server);
  if (creds !== 'open') {
    await page.waitForSelector('[data-testid=signin-form]');
    await page.fill('#si-email', creds.email);
    await page.fill('#si-password', creds.password);
    await page.click('[data-testid=signin-form] button[type=submit]');
  }
  await page.waitForSelector('[data-testid=accounts-table]');
  await page.fill('#acc-q', ACCOUNT);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=account-row]').length === 1);
  await page.click('[data-testid=account-row] a');
  await page.waitForFunction(() => !!window.__rapportCy && window.__rapportCy.nodes().length > 0);
  await page.waitForSelector('[data-testid=power-map] svg');
  await page.waitForTimeout(1500); // the layout's animation settles
  await page.screenshot({ path: resolve(OUT, 'account-page-zh.png'), fullPage: false });
  const url = page.url().replace(/[?#].*$/, '');
  await page.goto(`${url}/brief`);
  await page.waitForSelector('[data-testid=brief] [data-testid=health]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=brief-gaps] li').length > 0);
  await page.waitForTimeout(500);
  await page.screenshot({ path: resolve(OUT, 'brief-zh.png'), fullPage: true });
  console.log(`wrote ${resolve(OUT, 'account-page-zh.png')} and ${resolve(OUT, 'brief-zh.png')}`);
} finally {
  await browser.close();
  await server.stop();
}
