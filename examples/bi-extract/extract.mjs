// A BI extraction: pages through every account with a Relay cursor and
// writes a CSV with tier, health, ABC class and CLV quadrant.
//
//   RAPPORT_URL=http://127.0.0.1:8080 RAPPORT_TOKEN=rpt_... node extract.mjs > accounts.csv
import { GraphQLClient, gql } from 'graphql-request';

const url = `${process.env.RAPPORT_URL ?? 'http://127.0.0.1:8080'}/graphql`;
const token = process.env.RAPPORT_TOKEN;
if (!token) {
  console.error('set RAPPORT_TOKEN (create one with: rapport token create --role viewer --name bi)');
  process.exit(2);
}
const client = new GraphQLClient(url, { headers: { authorization: `Bearer ${token}` } });
const query = gql`
  query Accounts($after: Cursor) {
    accounts(first: 100, after: $after, orderBy: [{ field: NAME }]) {
      pageInfo { hasNextPage endCursor }
      edges { node { externalID name segment region tier annualRevenue potentialValue abcClass clvQuadrant recommendedTier health { score } } }
    }
  }
`;
const csv = (v) => (v == null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const columns = ['externalID', 'name', 'segment', 'region', 'tier', 'annualRevenue', 'potentialValue', 'abcClass', 'clvQuadrant', 'recommendedTier', 'health'];
process.stdout.write(`${columns.join(',')}\n`);
let after = null;
let n = 0;
do {
  const { accounts } = await client.request(query, { after });
  for (const { node } of accounts.edges) {
    process.stdout.write(`${columns.map((c) => csv(c === 'health' ? node.health.score : node[c])).join(',')}\n`);
    n++;
  }
  after = accounts.pageInfo.hasNextPage ? accounts.pageInfo.endCursor : null;
} while (after);
console.error(`extracted ${n} accounts`);
