// Browser checks of issue 16 point 6: a contact's needs and interests in
// their panel, grouped by layer, added in the UI and checked through the
// API (an empty text refused on its field); the survey dimensions with
// their trend arrows under the health card's satisfaction.
import assert from 'node:assert/strict';
import { api, until } from './helpers.mjs';

const KEY_PERSON = `{ contacts(first: 1, where: {hasNeeds: true, hasAccountWith: {tier: STRATEGIC}}, orderBy: [{field: NAME}]) {
  edges { node { id name account { id } needs(first: 100) { totalCount } } } } }`;
const NEEDS = `query($id: ID!) { node(id: $id) { ... on Contact { needs(first: 100) { edges { node { kind layer text } } } } } }`;
const TREND = `query($id: ID!) { node(id: $id) { ... on Account { surveyTrend(quarters: 8) { surveys dimensions { dimension latest direction } } } } }`;

export const needsTests = [
  ['a contact\'s needs and interests: grouped by layer, added in the panel, stored as entered', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    const person = (await api(page, KEY_PERSON)).contacts.edges[0]?.node;
    assert.ok(person, 'the demo has a key person with needs');
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(person.account.id)}?node=${encodeURIComponent(person.id)}`);
    await page.waitForSelector(`[data-testid=node-panel][data-node-id="${person.id}"] [data-testid=needs]`);
    await until(async () => (await page.locator('[data-testid=needs] [data-testid=need]').count()) === person.needs.totalCount, 'the needs listed');
    const before = (await api(page, NEEDS, { id: person.id })).node.needs.edges.map((e) => e.node);
    const layers = await page.$$eval('[data-testid=need-layer]', (ls) => ls.map((l) => l.getAttribute('data-layer')));
    assert.deepEqual([...layers].sort(), [...new Set(before.map((n) => n.layer))].sort(), 'one group per layer');

    await page.click('[data-testid=add-need]');
    await page.selectOption('#need-kind', 'PERSONAL_INTEREST');
    await page.selectOption('#need-layer', 'ESTEEM');
    await page.click('[data-testid=need-form] button[type=submit]');
    await page.waitForSelector('[data-testid=error-need-text]');
    assert.equal((await api(page, NEEDS, { id: person.id })).node.needs.edges.length, before.length, 'nothing written');
    await page.fill('#need-text', 'Plays go on weekends (e2e)');
    await page.click('[data-testid=need-form] button[type=submit]');
    await page.waitForSelector('[data-testid=need-form]', { state: 'detached' });
    await until(async () => (await page.locator('[data-testid=needs] [data-testid=need]').count()) === before.length + 1, 'the new need listed');
    assert.match(await page.textContent('[data-testid=need-layer][data-layer=ESTEEM]'), /Plays go on weekends \(e2e\)/);
    const after = (await api(page, NEEDS, { id: person.id })).node.needs.edges.map((e) => e.node);
    assert.equal(after.length, before.length + 1);
    assert.ok(after.some((n) => n.text === 'Plays go on weekends (e2e)' && n.kind === 'PERSONAL_INTEREST' && n.layer === 'ESTEEM'), 'stored as entered');
  }],

  ['the survey dimensions show with their trend arrows as the API computes them', async (ctx) => {
    const { page } = ctx;
    const person = (await api(page, KEY_PERSON)).contacts.edges[0].node;
    const accountId = person.account.id;
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(accountId)}`);
    const trend = (await api(page, TREND, { id: accountId })).node.surveyTrend;
    const shown = trend.dimensions.filter((d) => d.latest != null);
    assert.ok(shown.length >= 7, 'the demo scores every dimension of a strategic account');
    await until(async () => (await page.locator('[data-testid=survey-dimension]').count()) === shown.length, 'a row per dimension');
    const rows = await page.$$eval('[data-testid=survey-dimension]', (rs) => rs.map((r) => ({
      dimension: r.getAttribute('data-dimension'),
      direction: r.querySelector('[data-testid=survey-direction]')?.getAttribute('data-direction') ?? null,
      text: r.textContent,
    })));
    for (const d of shown) {
      const row = rows.find((r) => r.dimension === d.dimension);
      assert.ok(row, `${d.dimension} shown`);
      assert.equal(row.direction, d.direction, `${d.dimension} direction`);
      assert.ok(row.text.includes(String(d.latest)), `${d.dimension} latest ${d.latest} in "${row.text}"`);
    }
    assert.match(await page.textContent('[data-testid=survey-trend]'), /Sales person/);
  }],
];
