// Browser checks of issue 17 points 3, 4 and 6: the account plan page
// (objectives, calendar, activities with overdue marks, budget) against
// what the API returns; recording, completing and cancelling activities;
// a bad date shown on its field; the whitespace grid and its click-through;
// CSV exports of both; both pages in Chinese.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { api, until } from './helpers.mjs';

function csvRows(bytes) {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'CSV starts with the UTF-8 BOM');
  const s = bytes.subarray(3).toString('utf8');
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '"') { if (s[i + 1] === '"') { cell += '"'; i++; } else q = false; } else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' || c === '\n') { if (c === '\r' && s[i + 1] === '\n') i++; row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click(selector)]);
  return readFileSync(await dl.path());
}

const PROGRESS = `query($id: ID!) { node(id: $id) { ... on Account { plan { id period activities(first: 500) { totalCount }
  progress { done planned overdue cancelled plannedBudget spentBudget objectives { objective { id } reached overdue } } } } } }`;

// The strategic account with the most planned activities: its plan page has something of each kind.
async function plannedAccount(page) {
  const d = await api(page, `{ accounts(first: 100, where: {tier: STRATEGIC}) { edges { node { id name
    plan { progress { done planned overdue cancelled } } } } } }`);
  const withPlan = d.accounts.edges.map((e) => e.node).filter((a) => a.plan);
  assert.ok(withPlan.length > 0, 'the demo has plans for strategic accounts');
  withPlan.sort((a, b) => b.plan.progress.planned + b.plan.progress.overdue - (a.plan.progress.planned + a.plan.progress.overdue));
  return withPlan[0];
}

const counts = async (page) => Object.fromEntries(await Promise.all(['done', 'planned', 'overdue', 'cancelled'].map(async (k) =>
  [k, Number((await page.textContent(`[data-testid=plan-${k}] strong`)).replace(/\D/g, ''))])));

export const planTests = [
  ['plan page shows objectives, calendar, activities and budget as the API computes them', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    const account = await plannedAccount(page);
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(account.id)}`);
    await page.click('[data-testid=plan-link]');
    await page.waitForSelector('[data-testid=plan-page] [data-testid=plan-counts]');
    const { node } = await api(page, PROGRESS, { id: account.id });
    const p = node.plan.progress;
    assert.match(await page.textContent('h1'), new RegExp(node.plan.period));
    assert.deepEqual(await counts(page), { done: p.done, planned: p.planned, overdue: p.overdue, cancelled: p.cancelled });
    assert.equal(await page.locator('[data-testid=activity-row]').count(), node.plan.activities.totalCount);
    // Overdue activities are marked in words, not colour only.
    const overdue = page.locator('[data-testid=activity-row][data-state=OVERDUE]');
    assert.equal(await overdue.count(), p.overdue);
    if (p.overdue > 0) assert.match(await overdue.first().textContent(), /⚠ Overdue/);
    assert.equal(await page.locator('[data-testid=objective-row]').count(), p.objectives.length);
    assert.equal(await page.locator('[data-testid=objective-row][data-state=reached]').count(), p.objectives.filter((o) => o.reached).length);
    assert.equal(await page.locator('[data-testid=plan-month]').count(), 12, 'the calendar shows the fiscal year');
    const chips = await page.locator('[data-testid=plan-calendar] .chip').count();
    assert.equal(chips, node.plan.activities.totalCount, 'every activity of the year on the calendar');
    // The activities CSV holds the rows shown.
    const rows = csvRows(await download(page, '[data-testid=export-activities-csv]'));
    assert.equal(rows.length - 1, node.plan.activities.totalCount);
    assert.equal(rows.filter((r) => r[4] === 'Overdue').length, p.overdue);
  }],

  ['plan page records, completes and cancels activities; a past date is refused on its field', async (ctx) => {
    const { page } = ctx;
    const account = await plannedAccount(page);
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(account.id)}/plan`);
    await page.waitForSelector('[data-testid=plan-counts]');
    const before = (await api(page, PROGRESS, { id: account.id })).node.plan;
    await page.click('[data-testid=add-activity]');
    await page.selectOption('#act-kind', 'TECH_EXCHANGE');
    await page.fill('#act-date', '2020-01-15');
    await page.fill('#act-subject', 'Roadmap review (e2e)');
    await page.fill('#act-budget', '2500');
    await page.click('[data-testid=activity-form] button[type=submit]');
    await page.waitForSelector('[data-testid=error-act-date]');
    assert.equal((await api(page, PROGRESS, { id: account.id })).node.plan.activities.totalCount, before.activities.totalCount, 'nothing written');
    const ahead = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('#act-date', ahead);
    await page.click('[data-testid=activity-form] button[type=submit]');
    await page.waitForSelector('[data-testid=activity-form]', { state: 'detached' });
    await until(async () => (await page.locator('[data-testid=activity-row]').count()) === before.activities.totalCount + 1, 'the new activity listed');
    assert.equal((await counts(page)).planned, before.progress.planned + 1);

    await page.locator('[data-testid=activity-row][data-state=PLANNED] [data-testid=activity-complete]').first().click();
    await until(async () => (await counts(page)).done === before.progress.done + 1, 'one more done');
    await page.locator('[data-testid=activity-row][data-state=PLANNED] [data-testid=activity-cancel]').first().click();
    await until(async () => (await counts(page)).cancelled === before.progress.cancelled + 1, 'one more cancelled');
    const after = (await api(page, PROGRESS, { id: account.id })).node.plan.progress;
    assert.equal(after.done, before.progress.done + 1);
    assert.equal(after.cancelled, before.progress.cancelled + 1);
    assert.equal(after.planned, before.progress.planned - 1, 'one added, one done, one cancelled');
  }],

  ['plan page adds an objective; a target out of range is refused on its field', async (ctx) => {
    const { page } = ctx;
    const account = await plannedAccount(page);
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(account.id)}/plan`);
    await page.waitForSelector('[data-testid=plan-objectives]');
    const n = await page.locator('[data-testid=objective-row]').count();
    await page.click('[data-testid=add-objective]');
    await page.fill('#obj-title', 'Cover the decision makers (e2e)');
    await page.selectOption('#obj-metric', 'COVERAGE_RATIO');
    await page.fill('#obj-target', '1.5');
    await page.click('[data-testid=objective-form] button[type=submit]');
    await page.waitForSelector('[data-testid=error-obj-target]');
    await page.fill('#obj-target', '0.9');
    await page.click('[data-testid=objective-form] button[type=submit]');
    await until(async () => (await page.locator('[data-testid=objective-row]').count()) === n + 1, 'the objective listed');
  }],

  ['whitespace grid matches the API, says each status in words, and links to the plan', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    await page.click('[data-testid=whitespace-link]');
    await page.waitForSelector('[data-testid=whitespace-grid] [data-testid=whitespace-row]');
    const d = await api(page, '{ whitespaceGrid(includeSubsidiaries: true) { offerings { id } rows { account { id name } cells { status } } totalWhitespace } }');
    const g = d.whitespaceGrid;
    assert.ok(g.offerings.length > 0 && g.rows.length > 0, 'the demo has offerings and accounts');
    assert.equal(await page.locator('[data-testid=whitespace-row]').count(), g.rows.length);
    assert.equal(await page.locator('[data-testid=whitespace-cell]').count(), g.rows.length * g.offerings.length);
    const statuses = g.rows.flatMap((r) => r.cells.map((c) => c.status));
    for (const s of ['INSTALLED', 'OPEN_OPPORTUNITY', 'NOT_DISCUSSED']) assert.ok(statuses.includes(s), `the demo has a ${s} cell`);
    const installed = page.locator('[data-testid=whitespace-cell][data-status=INSTALLED]').first();
    assert.match(await installed.textContent(), /Installed/, 'the status in words for screen readers');
    const rows = csvRows(await download(page, '[data-testid=export-whitespace-csv]'));
    assert.equal(rows.length - 1, g.rows.length);
    assert.equal(rows[0].length, 2 + 3 * g.offerings.length);
    await page.selectOption('[data-testid=whitespace-tier]', 'STRATEGIC');
    const strategic = (await api(page, '{ whitespaceGrid(where: {tier: STRATEGIC}) { rows { account { id } } } }')).whitespaceGrid.rows.length;
    await until(async () => (await page.locator('[data-testid=whitespace-row]').count()) === strategic, 'strategic accounts only');
    const first = page.locator('[data-testid=whitespace-row] th a').first();
    const name = await first.textContent();
    await first.click();
    await page.waitForSelector('[data-testid=plan-page]');
    assert.match(await page.textContent('.crumbs'), new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  }],

  ['group view lists the subsidiaries with their layers and the gaps only a group shows', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    const d = await api(page, `{ accounts(first: 200) { edges { node { id name subsidiaries(first: 1) { totalCount } } } } }`);
    const parent = d.accounts.edges.map((e) => e.node).find((a) => a.subsidiaries.totalCount > 0);
    assert.ok(parent, 'the demo has a group with subsidiaries');
    const g = (await api(page, `query($id: ID!) { node(id: $id) { ... on Account { group { health members { account { id name } singleThreaded }
      gaps { kind account { name } } } } } }`, { id: parent.id })).node.group;
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(parent.id)}`);
    await page.waitForSelector('[data-testid=group-view] [data-testid=group-table]');
    assert.equal(await page.locator('[data-testid=group-member]').count(), g.members.length);
    assert.equal(Number(await page.locator('[data-testid=group-total] td').first().textContent()), g.health);
    const names = await page.$$eval('[data-testid=group-member] th', (ths) => ths.map((th) => th.textContent));
    assert.deepEqual(names, g.members.map((m) => m.account.name), 'members in the order the API gives');
    assert.equal(await page.locator('[data-testid=group-gap]').count(), g.gaps.length);
    for (const x of g.gaps) {
      assert.equal(await page.locator(`[data-testid=group-gap][data-kind=${x.kind}]`).filter({ hasText: x.account.name }).count(), 1, `${x.kind} on ${x.account.name}`);
    }
    // A subsidiary links to its own account page.
    if (g.members.length > 1) {
      await page.locator('[data-testid=group-member] th a').first().click();
      await page.waitForSelector('[data-testid=graph-canvas]');
      assert.equal(new URL(page.url()).pathname, `/accounts/${encodeURIComponent(g.members[1].account.id)}`);
    }
  }],

  ['handover page lists who a rotation puts at risk and who could take them over', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    const team = await api(page, '{ teamMembers(first: 20, where: {active: true}, orderBy: [{field: NAME}]) { edges { node { id name } } } }');
    let pick = null;
    for (const { node } of team.teamMembers.edges) {
      const h = (await api(page, `query($m: ID!) { handoverImpact(teamMemberId: $m) { covered contacts { contact { name } risk } opportunities { id } plans { id } } }`, { m: node.id })).handoverImpact;
      if (h.contacts.length > 0 && (!pick || h.contacts.length > pick.h.contacts.length)) pick = { node, h };
    }
    assert.ok(pick, 'some demo team member covers people a rotation would put at risk');
    await page.click('[data-testid=handover-link]');
    await page.selectOption('[data-testid=handover-member]', pick.node.id);
    await page.waitForSelector('[data-testid=handover-table] [data-testid=handover-row]');
    assert.equal(await page.locator('[data-testid=handover-row]').count(), pick.h.contacts.length);
    for (const r of ['UNCOVERED', 'WEAK', 'SINGLE_THREADED']) {
      const n = pick.h.contacts.filter((c) => c.risk === r).length;
      assert.equal(await page.locator(`[data-testid=handover-row][data-risk=${r}]`).count(), n, r);
      assert.match(await page.textContent(`[data-testid=handover-count-${r}]`), new RegExp(`${n}$`));
    }
    assert.equal(await page.locator('[data-testid=handover-opportunities] li').count(), pick.h.opportunities.length);
    assert.equal(await page.locator('[data-testid=handover-plans] li').count(), pick.h.plans.length);
    const names = await page.$$eval('[data-testid=handover-row] th a', (as) => as.map((a) => a.textContent));
    assert.deepEqual(names, pick.h.contacts.map((c) => c.contact.name), 'worst first, as the API orders them');
    const rows = csvRows(await download(page, '[data-testid=export-handover-csv]'));
    assert.equal(rows.length - 1, pick.h.contacts.length);
  }],

  ['handover page hands people over to a successor and follows the progress', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    const covers = `query($m: ID!) { node(id: $m) { ... on TeamMember { name
      coverages(first: 500, where: {hasContactWith: [{status: ACTIVE}]}) { edges { node { strength source contact { id name } } } } } } }`;
    const team = (await api(page, '{ teamMembers(first: 50, where: {active: true}, orderBy: [{field: NAME}]) { edges { node { id name } } } }')).teamMembers.edges.map((e) => e.node);
    // The member covering the fewest people, at least two (so a subset
    // can be left out), hands over to the next active member.
    let from = null;
    for (const m of team) {
      const n = (await api(page, covers, { m: m.id })).node.coverages.edges.length;
      if (n >= 2 && (!from || n < from.n)) from = { ...m, n };
    }
    assert.ok(from, 'some demo team member covers two people or more');
    const to = team.find((m) => m.id !== from.id);
    await page.click('[data-testid=handover-link]');
    await page.selectOption('[data-testid=handover-member]', from.id);
    await page.waitForSelector('[data-testid=handover-form]');
    await page.selectOption('[data-testid=handover-successor]', to.id);
    const boxes = page.locator('[data-testid=handover-contact]');
    assert.equal(await boxes.count(), from.n);
    const kept = await boxes.nth(from.n - 1).getAttribute('value');
    await boxes.nth(from.n - 1).uncheck();
    const given = [];
    for (let i = 0; i < from.n - 1; i++) given.push(await boxes.nth(i).getAttribute('value'));
    const day = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('[data-testid=handover-introduce-by]', day);
    await page.fill('[data-testid=handover-note]', 'e2e rotation');
    await page.click('[data-testid=handover-submit]');
    assert.match(await page.textContent('[data-testid=handover-confirm-text]'), new RegExp(to.name));
    await page.click('[data-testid=handover-confirm]');
    await page.waitForSelector('[data-testid=handover-progress] [data-testid=handover-item]');
    assert.equal(await page.locator('[data-testid=handover-item]').count(), given.length);
    assert.equal(await page.locator('[data-testid=handover-item][data-met=no]').count(), given.length, 'nobody met yet');

    // Through the API: the successor covers the people handed over, from
    // HANDOVER, each with a planned introduction; the member keeps the one
    // left out and no longer covers the others.
    const hs = (await api(page, `query($m: ID!) { node(id: $m) { ... on TeamMember { handovers { note predecessor { id } successor { id }
      items { contact { id } met introduction { status owner { id } } } progress { contacts met introductionsPlanned } } } } }`, { m: from.id })).node.handovers;
    const items = hs.flatMap((h) => h.items);
    assert.deepEqual(items.map((i) => i.contact.id).sort(), [...given].sort());
    for (const h of hs) {
      assert.equal(h.note, 'e2e rotation');
      assert.equal(h.successor.id, to.id);
      assert.equal(h.progress.met, 0);
      assert.equal(h.progress.introductionsPlanned, h.progress.contacts);
    }
    for (const i of items) assert.deepEqual(i.introduction, { status: 'PLANNED', owner: { id: to.id } });
    const succ = (await api(page, covers, { m: to.id })).node.coverages.edges.map((e) => e.node);
    for (const id of given) assert.ok(succ.some((c) => c.contact.id === id), `the successor covers ${id}`);
    const pred = (await api(page, covers, { m: from.id })).node.coverages.edges.map((e) => e.node.contact.id);
    assert.deepEqual(pred, [kept]);
  }],

  ['plan and whitespace pages speak Chinese', async (ctx) => {
    const { page } = ctx;
    const account = await plannedAccount(page);
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(account.id)}/plan`);
    await page.waitForSelector('[data-testid=plan-counts]');
    await page.selectOption('[data-testid=lang-switch]', 'zh-CN');
    try {
      await until(async () => /客户计划/.test(await page.textContent('h1')), 'the plan page in Chinese');
      assert.match(await page.textContent('[data-testid=plan-counts]'), /已完成/);
      await page.click('[data-testid=whitespace-link]');
      await until(async () => /空白机会/.test(await page.textContent('h1')), 'the grid in Chinese');
      await page.waitForSelector('[data-testid=whitespace-cell][data-status=INSTALLED]');
      assert.match(await page.locator('[data-testid=whitespace-cell][data-status=INSTALLED]').first().textContent(), /已部署/);
    } finally {
      await page.selectOption('[data-testid=lang-switch]', 'en');
      await until(async () => (await page.getAttribute('html', 'lang')) === 'en', 'back in English');
    }
  }],
];
