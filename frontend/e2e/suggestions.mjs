// Browser checks of issue 17 point 7: the account's suggestions queue,
// a suggestion confirmed in the UI and its relation checked through the
// API, and pending relations drawn dashed in the graph on request.
import assert from 'node:assert/strict';
import { api, until } from './helpers.mjs';

const PENDING = `{ suggestions(first: 1, where: {state: PENDING, kind: RELATION}, orderBy: [{field: CONFIDENCE, direction: DESC}]) {
  edges { node { id accountID contactID otherContactID confidence } } } }`;
const RELATIONS = `query($a: ID!, $b: ID!) { contactRelations(where: {fromID: $a, toID: $b}) { edges { node { kind source confidence } } } }`;

export const suggestionTests = [
  ['a suggestion confirmed in the queue creates the relation; suggested relations show dashed', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    const s = (await api(page, PENDING)).suggestions.edges[0]?.node;
    assert.ok(s, 'the demo starts with a pending relation suggestion');
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(s.accountID)}?suggest=1`);

    // The graph draws the pending relations dashed.
    await until(() => page.evaluate(() => window.__rapportCy?.edges('.suggested').length), 'suggested edges drawn');
    const style = await page.evaluate((id) => {
      const e = window.__rapportCy.edges('.suggested').filter((x) => x.source().id() === id || x.target().id() === id)[0];
      return e ? e.style('line-style') : null;
    }, s.contactID);
    assert.equal(style, 'dashed', 'the suggestion drawn dashed');
    await page.uncheck('[data-testid=show-suggestions]');
    await until(async () => (await page.evaluate(() => window.__rapportCy?.edges('.suggested').length)) === 0, 'suggested edges hidden');

    // Confirmed in the queue, with the relation kind edited.
    const item = `[data-testid=suggestion][data-id="${s.id}"]`;
    await page.waitForSelector(item);
    await page.click(`${item} [data-testid=suggestion-edit]`);
    await page.selectOption(`${item} [data-testid=suggestion-kind]`, 'FRIEND');
    await page.click(`${item} [data-testid=suggestion-edit-form] button[type=submit]`);
    await page.waitForSelector(item, { state: 'detached' });
    const rel = await until(async () => (await api(page, RELATIONS, { a: s.contactID, b: s.otherContactID })).contactRelations.edges[0]?.node, 'the relation');
    assert.equal(rel.kind, 'FRIEND');
    assert.equal(rel.source, 'INFERRED');
    assert.equal(rel.confidence, s.confidence);
  }],
];
