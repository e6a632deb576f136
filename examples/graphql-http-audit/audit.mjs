// Runs graphql-http's serverAudits (the GraphQL over HTTP spec's MUSTs and
// SHOULDs) against a live server and prints each result.
//   RAPPORT_URL=http://127.0.0.1:8080/graphql RAPPORT_TOKEN=rpt_... node audit.mjs
// Exits 1 when a MUST fails.
import { serverAudits } from 'graphql-http';

const url = process.env.RAPPORT_URL ?? 'http://127.0.0.1:8080/graphql';
const token = process.env.RAPPORT_TOKEN;
if (!token) {
  console.error('set RAPPORT_TOKEN to an API token (rapport token create --role viewer)');
  process.exit(2);
}
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

const counts = { ok: 0, info: 0, warn: 0, error: 0 };
for (const audit of serverAudits({ url, fetchFn })) {
  const r = { name: audit.name, ...(await audit.fn()) };
  counts[r.status]++;
  const mark = { ok: 'ok   ', info: 'info ', warn: 'WARN ', error: 'ERROR' }[r.status];
  console.log(`${mark} ${r.name}${r.status === 'ok' ? '' : `\n        ${r.reason}`}`);
}
console.log(`\naudits passed: ${counts.ok}; MUSTs not met: ${counts.error}; SHOULDs not met: ${counts.warn}; MAYs not taken: ${counts.info}`);
process.exit(counts.error > 0 ? 1 : 0);
