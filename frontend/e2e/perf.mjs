// Dashboard performance in headless Chromium against the real server
// (`make bench` runs it): how long a demo account's page takes to show its
// graph, and whether a 2,000-node graph renders and stays interactive.
// Prints a Markdown section; numbers, not pass/fail.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_EMAIL, E2E_PASSWORD } from './auth.mjs';
import { startServer } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.log(`dashboard benchmark skipped: ${CHROMIUM} not found`);
  process.exit(0);
}
const { chromium } = await import('playwright-core');
const here = dirname(fileURLToPath(import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function gql(page, query, variables = {}) {
  const res = await page.evaluate(async ({ query, variables }) => {
    const me = await (await fetch('/auth/me')).json();
    const r = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-CSRF-Token': me.csrfToken },
      body: JSON.stringify({ query, variables }),
    });
    return r.json();
  }, { query, variables });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

// Time from navigation to a drawn graph, and the graph's size.
async function openGraph(page, base, id) {
  const t0 = Date.now();
  await page.goto(`${base}/accounts/${id}`);
  await page.waitForFunction(() => (window.__rapportCy?.nodes().length ?? 0) > 0, null, { timeout: 60_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return { ms: Date.now() - t0, nodes: await page.evaluate(() => window.__rapportCy.nodes().length) };
}

// Pans and zooms for 60 frames and returns the frame times.
async function interact(page) {
  return page.evaluate(() => new Promise((done) => {
    const cy = window.__rapportCy;
    const times = [];
    let last = performance.now();
    let i = 0;
    const step = () => {
      const now = performance.now();
      times.push(now - last);
      last = now;
      if (i % 2) cy.panBy({ x: 7, y: -5 }); else cy.zoom({ level: cy.zoom() * (i % 4 < 2 ? 1.03 : 0.97), renderedPosition: { x: 400, y: 300 } });
      if (++i < 60) requestAnimationFrame(step); else done(times.slice(1));
    };
    requestAnimationFrame(step);
  }));
}

const server = await startServer({ demo: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${server.base}/accounts`);
  const login = await context.request.post(`${server.base}/auth/login`, { data: { email: E2E_EMAIL, password: E2E_PASSWORD } });
  if (!login.ok()) throw new Error(`sign in: ${login.status()}`);

  const { accounts } = await gql(page, '{ accounts(first: 50, where: {tier: STRATEGIC}) { edges { node { id name contacts(first: 1) { totalCount } } } } }');
  const demo = accounts.edges.map((e) => e.node).sort((a, b) => b.contacts.totalCount - a.contacts.totalCount)[0];
  await openGraph(page, server.base, demo.id); // warm the server and the lazy graph chunk
  const demoRuns = [];
  for (let i = 0; i < 5; i++) demoRuns.push(await openGraph(page, server.base, demo.id));

  // A 2,000-person account, imported through the API, each with a relation.
  const { createAccount } = await gql(page, 'mutation { createAccount(input: {name: "Perf Megacorp", tier: STRATEGIC, externalID: "PERF-1"}) { id } }');
  const rows = Array.from({ length: 2000 }, (_, i) => ({
    externalID: `PERF-C${i}`, name: `Person ${i}`, accountExternalID: 'PERF-1',
    influence: 1 + (i % 5), attitude: ['CHAMPION', 'SUPPORTER', 'NEUTRAL', 'SKEPTIC', 'OPPONENT'][i % 5],
    reportsToExternalID: i > 0 ? `PERF-C${Math.floor((i - 1) / 8)}` : null,
    relations: i > 0 ? [{ toExternalID: `PERF-C${(i * 7) % i}`, kind: 'ALLY', strength: 3 }] : [],
  }));
  await gql(page, 'mutation($i: ImportContactsInput!) { importContacts(input: $i) { totals { created errors } } }', { i: { rows } });
  const big = await openGraph(page, server.base, createAccount.id);
  const frames = await interact(page);

  const dist = resolve(here, '../dist/assets');
  const html = readFileSync(resolve(here, '../dist/index.html'), 'utf8');
  const mainJs = html.match(/assets\/(index-[^"]+\.js)/)?.[1];
  const mainKB = mainJs ? (gzipSync(readFileSync(resolve(dist, mainJs))).length / 1024).toFixed(1) : '?';

  const sorted = [...frames].sort((a, b) => a - b);
  console.log(`
## Dashboard (headless Chromium, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)

| measure | value | target |
| --- | ---: | --- |
| demo account page to drawn graph (${demo.name}, ${demoRuns[0].nodes} nodes), median of 5 | ${median(demoRuns.map((r) => r.ms))} ms | within 1,500 ms |
| 2,000-person account page to drawn graph (${big.nodes} nodes) | ${big.ms} ms | renders |
| pan and zoom on that graph: median / p95 / worst frame over 60 frames | ${median(frames).toFixed(0)} / ${sorted[Math.floor(sorted.length * 0.95)].toFixed(0)} / ${sorted[sorted.length - 1].toFixed(0)} ms | no visible stall |
| main bundle, gzipped | ${mainKB} KB | at most 350 KB |
`);
} finally {
  await browser.close().catch(() => {});
  await server.stop().catch(() => {});
}
