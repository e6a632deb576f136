// Browser checks of issue 16 point 6, survey entry: a writer of the account
// records a survey with the overall score and the six dimensions under the
// health card, the API stores it as entered and the dimensions' trend
// follows; a dimension out of range is refused at its field, with nothing
// written.
import assert from 'node:assert/strict';
import { api, until } from './helpers.mjs';

// A strategic account with surveys: the second subsidiary of the demo's group (the board roles' account).
const ACCOUNT = `{ contactRoles(first: 1, orderBy: [{field: CREATED_AT}]) { edges { node { account { id name viewerCanUpdate } } } } }`;
const TREND = `query($id: ID!) { node(id: $id) { ... on Account { surveyTrend(quarters: 8) { surveys dimensions { dimension latest latestQuarter } } } } }`;
const LAST = `query($id: ID!) { surveys(last: 3, where: {accountID: $id}) { totalCount edges { node { score channel comment
  salesPerson contactContinuity contactRegularity product delivery company } } } }`;
const DIMS = ['salesPerson', 'contactContinuity', 'contactRegularity', 'product', 'delivery', 'company'];

/** The account page with the health card, and the survey form opened. */
async function openForm(ctx) {
  const { page } = ctx;
  await page.goto(`${ctx.base}/accounts`);
  const account = (await api(page, ACCOUNT)).contactRoles.edges[0].node.account;
  assert.equal(account.viewerCanUpdate, true);
  await page.goto(`${ctx.base}/accounts/${encodeURIComponent(account.id)}`);
  await page.click('[data-testid=health] [data-testid=record-survey]');
  const form = page.locator('[data-testid=survey-form]');
  await form.waitFor();
  return { account, form };
}

const latestOf = (trend, dim) => trend.dimensions.find((d) => d.dimension === dim)?.latest ?? null;

export const surveyTests = [
  ['record a survey with the six dimensions under the health card: stored as entered, the trend follows', async (ctx) => {
    const { page } = ctx;
    const { account, form } = await openForm(ctx);
    const before = (await api(page, TREND, { id: account.id })).node.surveyTrend;
    const count = (await api(page, LAST, { id: account.id })).surveys.totalCount;
    assert.ok(before.surveys > 0 && latestOf(before, 'SALES_PERSON') > 0, 'the demo scores the account\'s sales person');
    await form.locator('#survey-score').fill('3');
    await form.locator('#survey-channel').selectOption('INTERVIEW');
    const values = [0, 1, 2, 0.5, 1.5, 2.5];
    for (const [i, f] of DIMS.entries()) await form.locator(`#survey-${f}`).fill(String(values[i]));
    await form.locator('#survey-comment').fill('Recorded in the e2e test');
    await form.locator('button[type=submit]').click();
    await form.waitFor({ state: 'detached' });

    const last = (await api(page, LAST, { id: account.id })).surveys;
    assert.equal(last.totalCount, count + 1, 'one survey written');
    const s = last.edges.at(-1).node;
    assert.deepEqual(s, { score: 3, channel: 'INTERVIEW', comment: 'Recorded in the e2e test',
      salesPerson: 0, contactContinuity: 1, contactRegularity: 2, product: 0.5, delivery: 1.5, company: 2.5 });
    const after = (await api(page, TREND, { id: account.id })).node.surveyTrend;
    assert.equal(after.surveys, before.surveys + 1);
    const was = latestOf(before, 'SALES_PERSON');
    const now = latestOf(after, 'SALES_PERSON');
    assert.notEqual(now, was, 'a sales person scored 0 moves the latest quarter');
    // The page shows the new figure without a reload.
    const row = page.locator('[data-testid=survey-dimension][data-dimension=SALES_PERSON]');
    await until(async () => (await row.locator('.strong').innerText()) === String(now), `the sales person's latest ${now} shown (was ${was})`);
    assert.deepEqual(ctx.pageErrors, []);
  }],

  ['a survey dimension out of range is refused at its field, and nothing is written', async (ctx) => {
    const { page } = ctx;
    const { account, form } = await openForm(ctx);
    const count = (await api(page, LAST, { id: account.id })).surveys.totalCount;
    await form.locator('#survey-score').fill('8');
    await form.locator('#survey-delivery').fill('11');
    await form.locator('button[type=submit]').click();
    const err = form.locator('[data-testid=error-survey-delivery]');
    await err.waitFor();
    assert.match(await err.innerText(), /between 0 and 10/);
    assert.equal(await form.locator('.error-box').count(), 0, 'the error is at the field, not the form\'s');
    assert.equal((await api(page, LAST, { id: account.id })).surveys.totalCount, count, 'nothing written');
    await page.screenshot({ path: `${ctx.shots}/survey-form-error.png`, fullPage: false });
    await form.locator('button:text-is("Cancel")').click();
    await form.waitFor({ state: 'detached' });
  }],
];
