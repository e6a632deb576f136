// Browser checks of issue 16 point 7: a person holding a board role at two
// subsidiaries of a group (the demo's) shows on the second subsidiary's
// page with their role there and the mark "also at <home account>", as one
// contact (the same ID on both pages); their panel lists the roles, where a
// writer adds, changes and deletes one; and a viewer who reads the person
// only through a role (on the second subsidiary's team, not the group's)
// opens the panel without an error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { api, until } from './helpers.mjs';

// The dashboard's English labels of the API's enums, as the panel shows them.
const EN = JSON.parse(readFileSync(new URL('../src/i18n/en.json', import.meta.url), 'utf8'));
const enumLabel = (v) => EN.enum[v];

/** The person's roles as the API has them, by account. */
async function rolesOf(page, contactId) {
  const d = await api(page, `query($id: ID!) { node(id: $id) { ... on Contact { roles(first: 100) { edges { node {
    id title decisionRole influence account { id name } } } } } } }`, { id: contactId });
  return new Map(d.node.roles.edges.map((e) => [e.node.account.id, e.node]));
}

const panelOf = (page, id) => page.locator(`[data-testid=node-panel][data-node-id="${id}"]`);

const ROLES = `{ contactRoles(first: 10, orderBy: [{field: CREATED_AT}]) { edges { node { id title decisionRole influence
  account { id name } contact { id name title decisionRole influence account { id name } } } } } }`;

export const roleTests = [
  ['a person on several accounts: the role holder on the second account\'s page, with the role and "also at"', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    const roles = (await api(page, ROLES)).contactRoles.edges.map((e) => e.node);
    assert.ok(roles.length >= 2, 'the demo has a person with roles at two subsidiaries');
    const role = roles[1];
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(role.account.id)}?view=table`);
    await page.waitForSelector('[data-testid=graph-table] tbody tr');
    const row = page.locator('[data-testid=graph-table] tbody tr', { hasText: role.contact.name });
    await row.first().waitFor();
    const text = await row.first().innerText();
    assert.ok(text.includes(role.title), `the row shows the role's title ${role.title}: ${text}`);
    const mark = await row.first().locator('[data-testid=also-at]').innerText();
    assert.equal(mark, `also at ${role.contact.account.name}`);

    // Their panel, opened from the row, is headed by the role here, with
    // the home record second; the edit form says it edits the home record.
    const person = role.contact;
    assert.ok(person.title && person.title !== role.title && person.decisionRole !== role.decisionRole,
      'the demo\'s home title and decision role differ from the role\'s, so the header tells them apart');
    await row.first().click();
    const panel = panelOf(page, person.id);
    const title = panel.locator('[data-testid=panel-title]');
    await title.waitFor();
    assert.match(await title.innerText(), new RegExp(`^${role.title}\\b[\\s\\S]*role at this account`), 'the role\'s title heads the panel');
    assert.equal(await panel.locator('[data-testid=panel-decision]').innerText(), enumLabel(role.decisionRole));
    assert.equal(await panel.locator('[data-testid=panel-influence] [role=img]').getAttribute('aria-label'), `strength ${role.influence} of 5`);
    const homeLine = await panel.locator('[data-testid=panel-home-line]').innerText();
    assert.ok(homeLine.startsWith(`Home record at ${person.account.name}: ${person.title}`) && homeLine.endsWith(enumLabel(person.decisionRole)),
      `the home title at the home account second: ${homeLine}`);
    assert.equal(await panel.locator('[data-testid=panel-home-line] a').getAttribute('href'), `/accounts/${encodeURIComponent(person.account.id)}`);
    await panel.locator('[data-testid=edit-contact]').click();
    const note = await panel.locator('[data-testid=contact-form] [data-testid=contact-form-note]').innerText();
    assert.ok(note.includes(person.account.name) && note.includes('Roles at other accounts'), `the edit form says it edits the home record: ${note}`);
    assert.equal(await panel.locator('[data-testid=contact-form] #title').inputValue(), person.title, 'the form holds the home title');
    await page.screenshot({ path: `${ctx.shots}/role-holder.png`, fullPage: false });

    // On the home account's page: the home record heads the panel, no second line, no note.
    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(person.account.id)}?node=${encodeURIComponent(person.id)}`);
    const homePanel = panelOf(page, person.id);
    await homePanel.locator('[data-testid=panel-title]').waitFor();
    assert.ok((await homePanel.locator('[data-testid=panel-title]').innerText()).startsWith(person.title), 'the home title heads the panel at home');
    assert.equal(await homePanel.locator('[data-testid=panel-decision]').innerText(), enumLabel(person.decisionRole));
    assert.equal(await homePanel.locator('[data-testid=panel-influence] [role=img]').getAttribute('aria-label'), `strength ${person.influence} of 5`);
    assert.equal(await homePanel.locator('[data-testid=panel-home-line]').count(), 0);
    await homePanel.locator('[data-testid=edit-contact]').click();
    await homePanel.locator('[data-testid=contact-form]').waitFor();
    assert.equal(await homePanel.locator('[data-testid=contact-form-note]').count(), 0);
    assert.deepEqual(ctx.pageErrors, []);
  }],

  ['a person on several accounts: a role added, changed and deleted in their panel, with the API\'s field error at the field', async (ctx) => {
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    const [role] = (await api(page, ROLES)).contactRoles.edges.map((e) => e.node);
    const person = role.contact;
    const before = await rolesOf(page, person.id);
    // A third account for the new role: neither the person's home nor one where they hold a role.
    const all = (await api(page, '{ accounts(first: 50, orderBy: [{field: NAME}]) { edges { node { id name viewerCanUpdate } } } }'))
      .accounts.edges.map((e) => e.node);
    const target = all.find((a) => a.viewerCanUpdate && a.id !== person.account.id && !before.has(a.id));
    assert.ok(target, 'an account for a new role');

    await page.goto(`${ctx.base}/accounts/${encodeURIComponent(role.account.id)}?node=${encodeURIComponent(person.id)}`);
    const panel = panelOf(page, person.id);
    await panel.locator('[data-testid=roles] [data-testid=role]').first().waitFor();
    assert.equal(await panel.locator('[data-testid=role]').count(), before.size, 'the panel lists every role of the person');
    assert.equal(await panel.locator('[data-testid=home-account] a').innerText(), person.account.name);
    const here = panel.locator(`[data-testid=role][data-account-id="${role.account.id}"]`);
    assert.match(await here.innerText(), new RegExp(`${role.title}[\\s\\S]*this account|this account[\\s\\S]*${role.title}`));

    // Add: the account is picked by searching its name, not typed as an ID.
    await panel.locator('[data-testid=add-role]').click();
    const form = panel.locator('[data-testid=role-form]');
    await form.locator('#role-account-search').fill(target.name.slice(0, 12));
    await until(async () => (await form.locator(`#role-account option[value="${target.id}"]`).count()) === 1, 'the searched account among the choices');
    await form.locator('#role-account').selectOption(target.id);
    await form.locator('#role-title').fill('Advisory board');
    await form.locator('#role-decision').selectOption('INFLUENCER');
    await form.locator('#role-influence').selectOption('2');
    await form.locator('button[type=submit]').click();
    const added = panel.locator(`[data-testid=role][data-account-id="${target.id}"]`);
    await added.waitFor();
    let api1 = await rolesOf(page, person.id);
    const made = api1.get(target.id);
    assert.deepEqual(made && { title: made.title, decisionRole: made.decisionRole, influence: made.influence },
      { title: 'Advisory board', decisionRole: 'INFLUENCER', influence: 2 }, 'the API has the new role as entered');
    assert.equal(api1.size, before.size + 1);
    assert.equal(await added.locator('[data-testid=role-account]').innerText(), target.name);

    // Edit with a title the API refuses (over 200 characters): its message at the title, nothing changed.
    await added.locator('[data-testid=edit-role]').click();
    const edit = added.locator('[data-testid=role-form]');
    await edit.locator('#role-title').fill('x'.repeat(201));
    await edit.locator('button[type=submit]').click();
    const err = edit.locator('[data-testid=error-role-title]');
    await err.waitFor();
    assert.match(await err.innerText(), /200/);
    assert.equal((await rolesOf(page, person.id)).get(target.id).title, 'Advisory board', 'the refused edit wrote nothing');
    await edit.locator('#role-title').fill('Chair of the advisory board');
    await edit.locator('#role-decision').selectOption('COACH');
    await edit.locator('button[type=submit]').click();
    await until(async () => (await added.locator('[data-testid=role-title]').innerText()) === 'Chair of the advisory board', 'the changed title');
    const changed = (await rolesOf(page, person.id)).get(target.id);
    assert.deepEqual({ title: changed.title, decisionRole: changed.decisionRole }, { title: 'Chair of the advisory board', decisionRole: 'COACH' });

    // Delete.
    await added.locator('[data-testid=delete-role]').click();
    await until(async () => (await panel.locator(`[data-testid=role][data-account-id="${target.id}"]`).count()) === 0, 'the deleted role gone from the panel');
    api1 = await rolesOf(page, person.id);
    assert.equal(api1.has(target.id), false, 'the API has no role at the account any more');
    assert.equal(api1.size, before.size);
    assert.deepEqual(ctx.pageErrors, []);
  }],

  ['a viewer who reads a person only through a role opens their panel without an error; the home account is "another account"', async (ctx) => {
    if (ctx.creds === 'open') return;
    const { page } = ctx;
    await page.goto(`${ctx.base}/accounts`);
    const [role] = (await api(page, ROLES)).contactRoles.edges.map((e) => e.node);
    // A team member on the role's account only (not the person's home, the
    // group), with an editor's sign-in.
    const email = `role-only-${Date.now()}@demo.rapport`;
    const password = 'role-only-viewer-2026';
    const m = await api(page, 'mutation($in: CreateTeamMemberInput!) { createTeamMember(input: $in) { id } }',
      { in: { name: 'Role Only', email, accountIDs: [role.account.id] } });
    await api(page, 'mutation($in: CreateUserInput!) { createUser(input: $in) { id } }',
      { in: { email, password, role: 'EDITOR', teamMemberID: m.createTeamMember.id } });

    const context = await ctx.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
    const p = await context.newPage();
    const errors = [];
    const gqlErrors = [];
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('response', async (r) => {
      if (!r.url().endsWith('/graphql')) return;
      const body = await r.json().catch(() => null);
      if (body?.errors) gqlErrors.push(JSON.stringify(body.errors));
    });
    try {
      await p.goto(`${ctx.base}/accounts`);
      await p.waitForSelector('[data-testid=signin-form]');
      await p.fill('#si-email', email);
      await p.fill('#si-password', password);
      await p.click('[data-testid=signin-form] button[type=submit]');
      await p.waitForSelector('[data-testid=accounts-table] [data-testid=account-row]');
      // The viewer may not read the home account: the API answers it as missing.
      // (Asked outside the page, so that its answer is not one of the page's.)
      const home = await (await p.request.post(`${ctx.base}/graphql`, {
        data: { query: 'query($id: ID!){ node(id: $id) { id } }', variables: { id: role.contact.account.id } },
      })).json();
      assert.equal(home.data?.node ?? null, null, 'the role-only viewer reads the home account');

      await p.goto(`${ctx.base}/accounts/${encodeURIComponent(role.account.id)}?view=table`);
      const row = p.locator('[data-testid=graph-table] tbody tr', { hasText: role.contact.name }).first();
      await row.waitFor();
      assert.equal(await row.locator('[data-testid=also-at]').innerText(), 'also at another account');
      await row.click();
      const panel = panelOf(p, role.contact.id);
      await panel.locator('[data-testid=roles] [data-testid=role]').first().waitFor();
      assert.equal(await panel.locator('.error-box').count(), 0, 'no error in the panel');
      assert.equal(await panel.locator('h2').innerText(), role.contact.name);
      assert.equal(await panel.locator('[data-testid=home-unreadable]').innerText(), 'another account');
      assert.ok((await panel.locator('[data-testid=panel-title]').innerText()).startsWith(role.title), 'the role heads the panel');
      assert.ok((await panel.locator('[data-testid=panel-home-line]').innerText()).startsWith(`Home record at another account: ${role.contact.title}`),
        'the home title, at "another account"');
      const here = panel.locator(`[data-testid=role][data-account-id="${role.account.id}"]`);
      const text = await here.innerText();
      assert.ok(text.includes(role.title) && text.includes('this account'), `the role at this account: ${text}`);
      // Only the roles at accounts the viewer reads: not the one at the other subsidiary.
      assert.equal(await panel.locator('[data-testid=role]').count(), 1);
      await p.screenshot({ path: `${ctx.shots}/role-only-viewer.png`, fullPage: false });
      assert.deepEqual(errors, []);
      assert.deepEqual(gqlErrors, [], 'no GraphQL errors on the page');
    } finally {
      await context.close();
    }
  }],
];

