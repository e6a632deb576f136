// Runs the examples against a live server on demo data (make test-examples):
// the integrator's sync twice (the second changes nothing) and the BI
// extraction, checking what they report and what the API then holds.
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { startServer } from '../frontend/e2e/server.mjs';

const bin = resolve(process.env.RAPPORT_BIN ?? '../bin/rapport');
const server = await startServer({ demo: true });
let passed = 0;
let failed = 0;
const check = async (name, fn) => {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.stack ?? e}`);
  }
};
try {
  const env = { ...process.env, RAPPORT_DATABASE_URL: `sqlite:${server.dbPath}`, RAPPORT_LOG_LEVEL: 'warn' };
  const token = execFileSync(bin, ['token', 'create', '--role', 'editor', '--name', 'examples'], { env }).toString().trim().split('\n').pop();
  const run = (dir, script, args = []) => execFileSync('node', [script, ...args], {
    cwd: resolve(dir), env: { ...process.env, RAPPORT_URL: server.base, RAPPORT_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();

  await check('the integrator syncs the CSV', async () => {
    assert.match(run('integrator', 'sync.mjs'), /synced 3 rows: 3 created, 0 updated, 0 unchanged, 0 errors/);
  });
  await check('a second sync changes nothing', async () => {
    assert.match(run('integrator', 'sync.mjs'), /synced 3 rows: 0 created, 0 updated, 3 unchanged, 0 errors/);
  });
  await check('the synced contacts are in the API', async () => {
    const res = await fetch(`${server.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ contacts(first: 10, where: {externalIDHasPrefix: "HR-EX-"}) { totalCount } }' }),
    });
    assert.equal((await res.json()).data.contacts.totalCount, 3);
  });
  await check('the BI extraction writes every account', async () => {
    const lines = run('bi-extract', 'extract.mjs').trim().split('\n');
    assert.equal(lines[0], 'externalID,name,segment,region,tier,annualRevenue,potentialValue,abcClass,clvQuadrant,recommendedTier,health');
    assert.ok(lines.length - 1 >= 12, `${lines.length - 1} accounts`);
    for (const l of lines.slice(1)) assert.match(l, /,(A|B|C),(HIGH_VALUE|SECONDARY_VALUE|POTENTIAL_VALUE|LOW_VALUE),\w+,\d+$/);
  });
  await check('graphql-http serverAudits: every MUST met', async () => {
    const out = execFileSync('node', ['audit.mjs'], {
      cwd: resolve('graphql-http-audit'),
      env: { ...process.env, RAPPORT_URL: `${server.base}/graphql`, RAPPORT_TOKEN: token },
    }).toString();
    const summary = out.trim().split('\n').pop();
    console.log(`     ${summary}`);
    assert.match(summary, /MUSTs not met: 0;/);
  });
} finally {
  await server.stop();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
