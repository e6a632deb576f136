// An integrator's contact sync: reads an HR export (CSV) and upserts every
// row into Rapport by externalID with one importContacts call, then prints
// what changed. Run it twice: the second run reports every row UNCHANGED.
//
//   RAPPORT_URL=http://127.0.0.1:8080 RAPPORT_TOKEN=rpt_... node sync.mjs contacts.csv
import { readFileSync } from 'node:fs';
import { GraphQLClient, gql } from 'graphql-request';

const url = `${process.env.RAPPORT_URL ?? 'http://127.0.0.1:8080'}/graphql`;
const token = process.env.RAPPORT_TOKEN;
if (!token) {
  console.error('set RAPPORT_TOKEN (create one with: rapport token create --role editor --name hr-sync)');
  process.exit(2);
}
const file = process.argv[2] ?? new URL('./contacts.csv', import.meta.url).pathname;

// A small CSV reader: the export has no quoted commas.
const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
const cols = header.split(',');
const ints = new Set(['influence', 'interest']);
const rows = lines.map((line) => {
  const cells = line.split(',');
  const row = {};
  cols.forEach((c, i) => {
    if (cells[i] !== undefined && cells[i] !== '') row[c] = ints.has(c) ? Number(cells[i]) : cells[i];
  });
  return row;
});

const client = new GraphQLClient(url, { headers: { authorization: `Bearer ${token}` } });
const { importContacts } = await client.request(gql`
  mutation Sync($input: ImportContactsInput!) {
    importContacts(input: $input) {
      applied
      totals { rows created updated unchanged errors }
      rows { row externalID status field reason }
    }
  }
`, { input: { rows, mode: 'UPSERT', atomicity: 'PER_ROW' } });

const t = importContacts.totals;
console.log(`synced ${t.rows} rows: ${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged, ${t.errors} errors`);
for (const r of importContacts.rows.filter((r) => r.status === 'ERROR')) {
  console.log(`  row ${r.row} (${r.externalID}): ${r.field ?? ''} ${r.reason}`);
}
process.exit(t.errors ? 1 : 0);
