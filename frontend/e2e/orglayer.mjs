// Browser checks of the account page's organizational layer and value
// sections (issue 16), against what the API returns for the demo data.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { api, until } from './helpers.mjs';

export const orgLayerTests = [
  ['account page shows engagements, executive pairings and their health', async (ctx) => {
    const { page } = ctx;
    const d = await api(page, `{ accounts(where: {nameContainsFold: "Henan"}) { edges { node { id
      executivePairings(first: 20) { totalCount edges { node { contact { name } health { state score } } } }
      engagements(first: 20) { totalCount edges { node { name status } } } } } } }`);
    const acc = d.accounts.edges[0].node;
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(acc.id)}`);
    await page.waitForSelector('[data-testid=org-layer] [data-testid=pairing]');
    assert.equal(await page.locator('[data-testid=pairing]').count(), acc.executivePairings.totalCount);
    assert.equal(await page.locator('[data-testid=engagement]').count(), acc.engagements.totalCount);
    // The new general manager has met nobody from our side: the pairing says so.
    const never = acc.executivePairings.edges.find((e) => e.node.health.state === 'NEVER_MET');
    assert.ok(never, 'a NEVER_MET pairing in the demo');
    const row = page.locator('[data-testid=pairing]', { hasText: never.node.contact.name });
    assert.equal(await row.locator('[data-testid=pairing-state]').textContent(), 'Never met');
    assert.match(await row.locator('[data-testid=pairing-health]').textContent(), /^never met · strength \d\/4 · health \d+$/);
    assert.match(await page.textContent('[data-testid=engagements]'), /Core network maintenance framework/);
    await page.locator('[data-testid=org-layer]').screenshot({ path: resolve(ctx.shots, 'org-layer.png') });

    // Pairing with someone who has left is refused, the error shown by its field; nothing is written.
    const people = await api(page, `query($a: ID!) { contacts(where: {accountID: $a, status: LEFT}, first: 1) { edges { node { id name } } }
      teamMembers(where: {active: true, teamRole: EXECUTIVE_SPONSOR}, first: 1) { edges { node { id } } } }`, { a: acc.id });
    const left = people.contacts.edges[0].node;
    await page.click('[data-testid=add-pairing]');
    await page.selectOption('#pair-ours', people.teamMembers.edges[0].node.id);
    await page.selectOption('#pair-theirs', left.id);
    await page.click('[data-testid=pairing-form] button[type=submit]');
    const err = await page.waitForSelector('[data-testid=error-pair-theirs]');
    assert.match(await err.textContent(), /has left the account; expected an active contact/);
    await page.click('[data-testid=pairing-form] button:has-text("Cancel")');
    const after = await api(page, 'query($id: ID!) { node(id: $id) { ... on Account { executivePairings(first: 1) { totalCount } } } }', { id: acc.id });
    assert.equal(after.node.executivePairings.totalCount, acc.executivePairings.totalCount);
  }],

  ['account page shows the value assessment and where it disagrees with the tier', async (ctx) => {
    const { page } = ctx;
    const d = await api(page, `{ accounts(where: {nameContainsFold: "Henan"}) { edges { node { id tier
      tierRecommendation { tier agrees score } stageChanges(first: 50) { totalCount } } } } }`);
    const acc = d.accounts.edges[0].node;
    assert.equal(acc.tierRecommendation.agrees, true, 'the demo assessment agrees with the recorded tier');
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(acc.id)}`);
    await page.waitForSelector('[data-testid=value-card] [data-testid=tier-agrees]');
    assert.equal(await page.textContent('[data-testid=value-score]'), `value score ${acc.tierRecommendation.score} of 100`);
    assert.equal(await page.locator('[data-testid=value-criteria] tbody tr').count(), 9);
    assert.equal(await page.locator('[data-testid=stage-history] li').count(), acc.stageChanges.totalCount);
    assert.match(await page.textContent('[data-testid=recorded-reason]'), /payback period lengthened/);

    // The form refuses a score out of range by its field, and writes nothing.
    await page.click('[data-testid=add-value-assessment]');
    await page.fill('#va-growthPotentialScore', '6');
    await page.click('[data-testid=value-form] button[type=submit]');
    const err = await page.waitForSelector('[data-testid=error-va-growthPotentialScore]');
    assert.match(await err.textContent(), /growthPotentialScore|0|5/);
    await page.click('[data-testid=value-form] button:has-text("Cancel")');
    const n = await api(page, 'query($id: ID!) { node(id: $id) { ... on Account { valueAssessments(first: 1) { totalCount } } } }', { id: acc.id });

    // A new assessment that scores the account much higher disagrees with its PARTNER tier; the page follows.
    const c = await api(page, `mutation($a: ID!) { createValueAssessment(input: {accountID: $a, revenueScore: 5, marginScore: 5,
      paymentCollectionScore: 5, referenceValueScore: 5, managementImprovementScore: 5, longTermPaybackScore: 5,
      shareOfWalletScore: 5, growthPotentialScore: 5, loyaltyScore: 5}) { id score recommendedTier } }`, { a: acc.id });
    assert.equal(c.createValueAssessment.score, 100);
    try {
      await page.reload();
      await page.waitForSelector('[data-testid=tier-disagrees]');
      assert.equal(await page.textContent('[data-testid=tier-disagrees]'), `disagrees with the recorded tier ${acc.tier === 'PARTNER' ? 'Partner' : acc.tier}`);
      assert.equal(await page.textContent('[data-testid=value-score]'), 'value score 100 of 100');
      await until(async () => (await page.textContent('[data-testid=tier-reasons]')).includes('Disagrees with the recorded tier PARTNER'), 'the reason');
      await page.locator('[data-testid=value-card]').screenshot({ path: resolve(ctx.shots, 'value-card.png') });
    } finally {
      await api(page, 'mutation($id: ID!) { deleteValueAssessment(id: $id) { deletedID } }', { id: c.createValueAssessment.id });
    }
    const m = await api(page, 'query($id: ID!) { node(id: $id) { ... on Account { valueAssessments(first: 1) { totalCount } } } }', { id: acc.id });
    assert.equal(m.node.valueAssessments.totalCount, n.node.valueAssessments.totalCount);
    assert.deepEqual(ctx.pageErrors, []);
  }],
];
