// Browser tests against the real Go server: `npm run test:e2e`.
// Starts the binary (RAPPORT_BIN, default ../bin/rapport) with a fresh SQLite
// database and the demo data, drives Debian's Chromium through playwright-core,
// and checks what the pages show against what the API returns.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { credentials } from './auth.mjs';
import { startServer } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const here = dirname(fileURLToPath(import.meta.url));
const SHOTS = resolve(here, '../../test-output/screenshots');

if (!existsSync(CHROMIUM)) {
  if (process.env.CI === 'true') {
    console.error(`FAIL: ${CHROMIUM} is missing and CI=true: the browser tests cannot run.`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`browser tests skipped: ${CHROMIUM} not found`);
  process.exit(0);
}

const { chromium } = await import('playwright-core');
const { tests } = await import('./tests.mjs');
const { accessTests } = await import('./access.mjs');
const { orgLayerTests } = await import('./orglayer.mjs');
const { exportTests } = await import('./exports.mjs');
const { alertTests } = await import('./alerts.mjs');
const { policyTests } = await import('./policy.mjs');
const { importTests } = await import('./import.mjs');
const { planTests } = await import('./plans.mjs');
const { needsTests } = await import('./needs.mjs');
const { roleTests } = await import('./roles.mjs');
const { surveyTests } = await import('./surveys.mjs');
const { suggestionTests } = await import('./suggestions.mjs');

mkdirSync(SHOTS, { recursive: true });
for (const f of readdirSync(SHOTS)) if (f.startsWith('failed-')) rmSync(resolve(SHOTS, f));
let passed = 0;
let failed = 0;
let server;
let browser;
try {
  server = await startServer({ demo: true });
  const creds = await credentials(server);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  // The tests read English texts: the browser asks for English explicitly (the dashboard follows its language).
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const ctx = { base: server.base, page, shots: SHOTS, creds, pageErrors, browser };
  // E2E_ONLY=regexp runs the tests whose names match (and the sign-in).
  const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null;
  for (const [name, fn] of [...tests, ...orgLayerTests, ...exportTests, ...alertTests, ...policyTests, ...importTests, ...planTests, ...needsTests, ...suggestionTests, ...roleTests, ...surveyTests, ...accessTests]) {
    if (only && name !== 'sign in' && !only.test(name)) continue;
    const t0 = Date.now();
    try {
      await fn(ctx);
      passed++;
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e instanceof Error ? e.stack ?? e.message : e}`);
      await page.screenshot({ path: resolve(SHOTS, `failed-${name.replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {});
    }
  }
} catch (e) {
  failed++;
  console.log(`FAIL setup: ${e instanceof Error ? e.stack ?? e.message : e}`);
} finally {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
