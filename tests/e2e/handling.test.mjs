// A suggestion's whole life across three roles, against the real server and the built apps:
// the deputy submits (with a phone number in the text); staff see the earlier suggestion on
// the same matter at intake, link it, classify and assign to a lead and a co-handling unit,
// and choose it for key supervision; the unit replies with two promises; the deputy is
// unsatisfied and it reopens; the unit answers again; the deputy is satisfied; days later the
// promises are overdue and flagged to the unit and to staff, then reported done; the deputy's
// receipts close it; staff publish it redacted. Then an opinion item is forwarded, its contact
// viewed (and audited), answered by the unit, and its status reaches the deputy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, apiSignIn, artifacts, originOf, signInThroughPage, useServerAndBrowser, waitUntilSynced } from './harness.mjs';

const running = useServerAndBrowser({ before, after });
const TITLE = '老楼加装电梯难，建议加大既有住宅增设电梯补贴';

async function signInConsole(browser, origin, login) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(origin + '/staff/signin');
  await page.getByLabel('账号').fill(login);
  await page.getByLabel('密码').fill('lvzhi-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#staff-signed-in').waitFor();
  await waitUntilSynced(page);
  return { context, page };
}

/** The day `days` from now in Chongqing, as YYYY-MM-DD. */
function chongqingDay(days = 0) {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

async function serverSuggestion(origin, token, title) {
  const workspace = await api(origin, 'GET', '/api/handling', undefined, token);
  return workspace.suggestions.find((s) => s.title === title);
}

/** Waits until the server holds the suggestion at `stage`. */
async function serverStage(origin, token, title, stage) {
  for (let i = 0; i < 60; i += 1) {
    const found = await serverSuggestion(origin, token, title);
    if (found?.stage === stage) return found;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server never showed ${title} at ${stage}`);
}

async function openSuggestion(page, origin, title) {
  await page.goto(origin + '/staff/suggestions');
  await waitUntilSynced(page);
  await page.locator('.suggestion-row', { hasText: title }).getByRole('link').click();
  await page.locator('#suggestion-title', { hasText: title }).waitFor();
}

/** On the deputy's suggestions page, once the suggestion shows at `stage`, does `act` on it. */
async function deputyReceipt(page, base, id, stage, act) {
  await page.goto(base + '/suggestions');
  await waitUntilSynced(page);
  const row = page.locator(`.suggestion[data-id="${id}"][data-stage="${stage}"]`);
  await row.waitFor();
  await act(row);
}

async function reply(page, summary) {
  await page.locator('#reply-summary').fill(summary);
  await page.locator('#reply-promises').fill(`在小区试点加装电梯｜${chongqingDay(1)}\n出台既有住宅增设电梯补贴办法｜${chongqingDay(2)}`);
  await page.locator('#send-reply').click();
  await waitUntilSynced(page);
}

test('a suggestion across deputy, staff and units: reopened once, promises overdue then done, closed, published redacted', async () => {
  const base = running.server.base;
  const origin = originOf(base);
  const staffApi = await apiSignIn(origin, 'staff');
  // The deputy submits.
  const deputyContext = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const deputy = await deputyContext.newPage();
  await signInThroughPage(deputy, base, 'deputy');
  await waitUntilSynced(deputy);
  await deputy.goto(base + '/suggestions');
  await deputy.locator('#suggestion-title').fill(TITLE);
  await deputy.locator('#suggestion-body').fill('本小区是老旧小区，老人上下楼难，既有住宅加装电梯审批慢、补贴少。联系人张先生13812345678。');
  await deputy.locator('#save-draft').click();
  await deputy.locator('#drafts .submit-draft:not([disabled])').click();
  await deputy.locator('.suggestion[data-stage="submitted"]', { hasText: TITLE }).waitFor();
  const id = await deputy.locator('.suggestion', { hasText: TITLE }).getAttribute('data-id');

  // Staff: intake shows an earlier suggestion on the same matter; link, classify, assign, supervise.
  const { context: staffContext, page: staff } = await signInConsole(running.browser, origin, 'staff');
  await openSuggestion(staff, origin, TITLE);
  const earlier = staff.locator('#earlier .earlier-item', { hasText: '电梯' }).first();
  await earlier.waitFor();
  assert.match(await earlier.textContent(), /曾于 \d{4} 年提出/);
  await earlier.locator('.link-earlier').click();
  await staff.locator('#earlier .badge.ok').first().waitFor();
  await staff.locator('#category').selectOption('urban');
  await staff.locator('#classify').click();
  await staff.locator('#suggestion-category[data-category="urban"]').waitFor();
  await staff.locator('#lead-unit').selectOption({ label: '市交通运输委' });
  await staff.locator('#co-units label', { hasText: '市住房城乡建委' }).locator('input').check();
  await staff.locator('#assign').click();
  await staff.locator('#suggestion-stage[data-stage="assigned"], #handling-error').first().waitFor();
  assert.equal(await staff.locator('#handling-error').count(), 0, await staff.locator('#handling-error').textContent().catch(() => ''));
  await staff.locator('#leader').fill('市人大常委会副主任 李明');
  await staff.locator('#milestones').fill(`制定加装电梯工作方案｜${chongqingDay(10)}\n完成试点验收｜${chongqingDay(60)}`);
  await staff.locator('#supervise').click();
  await staff.locator('#supervision').waitFor();
  await waitUntilSynced(staff);
  const assigned = await serverStage(origin, staffApi.token, TITLE, 'assigned');
  assert.equal(assigned.earlier.length, 1, 'linked to the earlier one');
  assert.equal(assigned.assignment.co_units.length, 1);
  await staff.goto(origin + '/staff/supervision');
  const boardRow = staff.locator('#supervision-board tr.supervised', { hasText: TITLE });
  await boardRow.waitFor();
  assert.match(await boardRow.textContent(), /节点 0 \/ 2/);
  await staff.screenshot({ path: join(artifacts, 'handling-supervision-board.png'), fullPage: true });

  // The lead unit: only its own screens; replies with two promises.
  const { context: unitContext, page: unit } = await signInConsole(running.browser, origin, 'unit');
  assert.equal(await unit.locator('nav.main-nav a[href$="/review"]').count(), 0, 'a unit sees only its own screens');
  await openSuggestion(unit, origin, TITLE);
  await reply(unit, '拟在年内开展试点。');
  await serverStage(origin, staffApi.token, TITLE, 'replied');

  // The deputy is unsatisfied, with a reason: it reopens.
  await deputyReceipt(deputy, base, id, 'replied', async (row) => {
    await row.locator('select.satisfaction').selectOption('unsatisfied');
    await row.locator('textarea.reason').fill('没有补贴标准和时间表');
    await row.locator('.send-receipt').click();
  });
  await deputy.locator(`.suggestion[data-id="${id}"][data-stage="reopened"]`).waitFor();
  await serverStage(origin, staffApi.token, TITLE, 'reopened');

  // The unit answers again; the deputy is satisfied.
  await openSuggestion(unit, origin, TITLE);
  await unit.locator('#suggestion-stage[data-stage="reopened"]').waitFor();
  await reply(unit, '补贴办法明确每台电梯补贴 10 万元，年内出台。');
  await serverStage(origin, staffApi.token, TITLE, 'replied');
  await deputyReceipt(deputy, base, id, 'replied', async (row) => {
    await row.locator('select.satisfaction').selectOption('satisfied');
    await row.locator('.send-receipt').click();
  });
  await deputy.locator(`.suggestion[data-id="${id}"][data-stage="in_progress"]`).waitFor();

  // Five days later the promises are overdue: flagged to the unit and to staff.
  await serverStage(origin, staffApi.token, TITLE, 'in_progress');
  const later = new Date(Date.now() + 5 * 86_400_000);
  for (const page of [unit, staff]) {
    await page.clock.setFixedTime(later);
    await waitUntilSynced(page);
  }
  await staff.goto(origin + '/staff/suggestions');
  await staff.locator('.suggestion-row', { hasText: TITLE }).locator('.overdue').waitFor();
  await openSuggestion(unit, origin, TITLE);
  assert.equal(await unit.locator('li.promise[data-overdue="true"]').count(), 2);
  await unit.screenshot({ path: join(artifacts, 'handling-unit-overdue.png'), fullPage: true });
  for (const index of [0, 1]) {
    const promise = unit.locator(`li.promise[data-index="${index}"]`);
    await promise.locator('.progress-note').fill('已完成');
    await promise.locator('.progress-done').check();
    await promise.locator('.report-progress').click();
    await unit.locator(`li.promise[data-index="${index}"][data-overdue="false"]`).waitFor();
  }
  await waitUntilSynced(unit);
  const reported = await serverSuggestion(origin, staffApi.token, TITLE);
  assert.ok(reported.promises.every((p) => p.done_on), 'both promises reported done on the server');

  // The deputy's second receipts close it.
  await deputyReceipt(deputy, base, id, 'in_progress', async (row) => {
    await row.locator('button[data-fulfilment="done"]').first().click();
    await row.locator('button[data-fulfilment="done"]').nth(1).waitFor();
    await row.locator('button[data-fulfilment="done"]').nth(1).click();
  });
  await deputy.locator(`.suggestion[data-id="${id}"][data-stage="completed"]`).waitFor();
  await serverStage(origin, staffApi.token, TITLE, 'completed');

  // Staff publish it, redacted: the phone number never reaches the public version.
  await waitUntilSynced(staff);
  await openSuggestion(staff, origin, TITLE);
  await staff.locator('#suggestion-stage[data-stage="completed"]').waitFor();
  assert.ok(!(await staff.locator('#public-body').inputValue()).includes('13812345678'));
  await staff.locator('#publish').click();
  await staff.locator('#publication').waitFor();
  await waitUntilSynced(staff);
  const published = await serverSuggestion(origin, staffApi.token, TITLE);
  assert.equal(published.published, true);
  assert.ok(!JSON.stringify(published.publication).includes('13812345678'));
  assert.deepEqual(published.history.filter((e) => e.step === 'reply').map((e) => e.round), [1, 2], 'every round is kept');
  assert.deepEqual(published.history.filter((e) => e.step === 'reply_receipt').map((e) => e.detail.split(':')[0]), ['unsatisfied', 'satisfied']);
  await staff.screenshot({ path: join(artifacts, 'handling-suggestion-published.png'), fullPage: true });
  for (const context of [deputyContext, staffContext, unitContext]) await context.close();
});

test('an opinion item: forwarded by staff, its contact viewed and audited, answered by the unit, its status on the deputy’s visits', async () => {
  const base = running.server.base;
  const origin = originOf(base);
  const deputyContext = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const deputy = await deputyContext.newPage();
  await signInThroughPage(deputy, base, 'deputy');
  await waitUntilSynced(deputy);
  await deputy.goto(base + '/visits');
  await deputy.locator('#visit-place').fill('枣子岚垭社区');
  await deputy.locator('#visit-description').fill('接待居民反映');
  await deputy.locator('.opinion-content').first().fill('公交站台没有遮雨棚');
  await deputy.locator('.opinion-contact').first().fill('刘女士 13900001111');
  await deputy.locator('#save-visit').click();
  await deputy.locator('#visit-saved').waitFor();
  await waitUntilSynced(deputy);

  const { context: staffContext, page: staff } = await signInConsole(running.browser, origin, 'staff');
  await staff.goto(origin + '/staff/opinions');
  const item = staff.locator('.opinion', { hasText: '公交站台没有遮雨棚' });
  await item.waitFor();
  assert.ok(!(await item.textContent()).includes('13900001111'), 'the list never shows the contact');
  await item.locator('.show-contact').click();
  await item.locator('.contact', { hasText: '13900001111' }).waitFor();
  const staffApi = await apiSignIn(origin, 'staff');
  const audit = await api(origin, 'GET', '/api/audit', undefined, staffApi.token);
  assert.ok(JSON.stringify(audit).includes('contact_viewed'), 'the view is in the audit log');
  await item.locator('.forward-unit').selectOption({ label: '市交通运输委' });
  await item.locator('.opinion-note').fill('请核实增设遮雨棚');
  await item.locator('.forward-opinion').click();
  await staff.locator('.opinion[data-status="forwarded"]', { hasText: '公交站台没有遮雨棚' }).waitFor();
  await waitUntilSynced(staff);

  const { context: unitContext, page: unit } = await signInConsole(running.browser, origin, 'unit');
  await unit.goto(origin + '/staff/opinions');
  const theirs = unit.locator('.opinion', { hasText: '公交站台没有遮雨棚' });
  await theirs.waitFor();
  assert.ok(!(await theirs.textContent()).includes('13900001111'));
  await theirs.locator('.opinion-note').fill('已于本月增设遮雨棚');
  await theirs.locator('.answer-opinion').click();
  await unit.locator('.opinion[data-status="answered"]').waitFor();
  await waitUntilSynced(unit);

  await deputy.reload();
  await waitUntilSynced(deputy);
  await deputy.goto(base + '/visits');
  await deputy.locator('.visit .opinion .opinion-status[data-status="answered"]').waitFor();
  await deputy.screenshot({ path: join(artifacts, 'handling-opinion-status-deputy.png'), fullPage: true });
  for (const context of [deputyContext, staffContext, unitContext]) await context.close();
});

test('staff register a suggestion a deputy handed in on paper: it is submitted in their name', async () => {
  const origin = originOf(running.server.base);
  const { context, page } = await signInConsole(running.browser, origin, 'staff');
  await page.goto(origin + '/staff/suggestions');
  await page.locator('#register-suggestion summary').click();
  await page.locator('#register-deputy option:nth-child(2)').waitFor({ state: 'attached' });
  const deputy = await page.locator('#register-deputy option', { hasText: '全国人大代表' }).first().getAttribute('value');
  await page.locator('#register-deputy').selectOption(deputy);
  await page.locator('#register-title').fill('关于支持成渝地区双城经济圈建设的建议');
  await page.locator('#register-body').fill('建议国家层面加大对成渝地区双城经济圈建设的支持。');
  await page.locator('#register').click();
  await page.locator('#register-ok').waitFor();
  await page.locator('.suggestion-row[data-stage="submitted"]', { hasText: '关于支持成渝地区双城经济圈建设的建议' }).waitFor();
  const staffApi = await apiSignIn(origin, 'staff');
  const found = await serverSuggestion(origin, staffApi.token, '关于支持成渝地区双城经济圈建设的建议');
  assert.equal(found.deputies[0], deputy);
  await context.close();
});
