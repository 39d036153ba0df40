// A staff member's day in the console, against the real server and the built console:
// sign in, the scope loads (progress shown) into the device; review 20 registrations by
// keyboard, 3 rejected with reasons, one undone; offline mid-queue and back online, every
// decision arrives once; the deputies' pulls show the new statuses; enter a record for a
// deputy (another reviewer sees it, its author does not); export the dashboard.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { api, apiSignIn, artifacts, originOf, serverRecords, useServerAndBrowser } from './harness.mjs';

const running = useServerAndBrowser({ before, after });

async function signInStaff(page, origin, login) {
  await page.goto(origin + '/staff/signin');
  await page.getByLabel('账号').fill(login);
  await page.getByLabel('密码').fill('lvzhi-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#staff-signed-in').waitFor();
}

async function waitUntilSynced(page, timeout = 30_000) {
  await page.locator('#sync-badge[data-pending="0"][data-running="false"]:not([data-synced-at=""])').waitFor({ timeout });
}

async function currentId(page) {
  return page.locator('#item-title').getAttribute('data-id');
}

test("a staff member's day: load the scope, review by keyboard offline and online, enter for a deputy, export", async () => {
  const origin = originOf(running.server.base);
  const context = await running.browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await signInStaff(page, origin, 'staff');
  await waitUntilSynced(page);
  const staff = await apiSignIn(origin, 'staff');
  const onServer = await serverRecords(origin, staff.token);
  await page.locator('#action-counts').waitFor();
  const loaded = await page.locator('text=/本设备上的记录：\\d+/').textContent();
  assert.equal(Number(loaded.replace(/\D/g, '')), onServer.length, 'the whole scope is on the device');
  await page.screenshot({ path: join(artifacts, 'staff-home-zh-Hans.png'), fullPage: true });

  await page.goto(origin + '/staff/review');
  await page.locator('#item-title').waitFor();
  const decided = new Map();
  const decide = async (i) => {
    const id = await currentId(page);
    if (i % 7 === 3) {
      await page.keyboard.press('r');
      await page.locator('#reject-reason').waitFor();
      await page.locator('#reject-reason').selectOption('duplicate');
      await page.locator('#reject-note').fill(`第 ${i} 条与同日记录重复`);
      await page.keyboard.press('Enter');
      decided.set(id, 'rejected');
    } else {
      await page.keyboard.press('a');
      decided.set(id, 'approved');
    }
    await page.locator('#held').waitFor();
    await page.waitForFunction((old) => document.querySelector('#item-title')?.dataset.id !== old, id);
  };
  for (let i = 0; i < 8; i++) await decide(i);
  // One undone: approve, then U; the record comes back to the queue's current place.
  const undone = await currentId(page);
  await page.keyboard.press('a');
  await page.locator('#held').waitFor();
  await page.keyboard.press('u');
  await page.locator('#review-message').waitFor();
  assert.equal(await currentId(page), undone, 'the undone record is back');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  assert.equal(await currentId(page), undone, 'next and previous by keyboard');
  await page.keyboard.press('j');

  // Offline mid-queue: reviewing goes on.
  await context.setOffline(true);
  for (let i = 8; i < 20; i++) await decide(i);
  await page.screenshot({ path: join(artifacts, 'staff-review-offline-zh-Hans.png'), fullPage: true });
  // Leaving the page (in the app) sends the held decision into the outbox.
  await page.locator('nav.main-nav a[href="/staff/dashboard"]').click();
  await page.waitForFunction(() => Number(document.querySelector('#sync-badge')?.dataset.pending ?? 0) >= 12);
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await waitUntilSynced(page);

  assert.equal(decided.size, 20);
  assert.equal([...decided.values()].filter((v) => v === 'rejected').length, 3);
  const after = new Map((await serverRecords(origin, staff.token)).map((r) => [r.id, r]));
  for (const [id, status] of decided) {
    assert.equal(after.get(id).review.status, status, id);
    const history = await api(origin, 'GET', `/api/records/${id}/history`, undefined, staff.token);
    const reviews = history.filter((h) => h.action === 'approved' || h.action === 'rejected');
    assert.equal(reviews.length, 1, `exactly one decision arrived for ${id}`);
  }
  assert.equal(after.get(undone).review.status, 'pending', 'the undone decision never left');
  const rejected = [...decided].find(([, s]) => s === 'rejected')[0];
  assert.match(after.get(rejected).review.reason, /^duplicate: 第 \d+ 条与同日记录重复$/);
  // The deputies' own pulls show the new statuses.
  const owner = after.get(rejected).deputies[0];
  const deputies = [await apiSignIn(origin, 'deputy'), await apiSignIn(origin, 'deputy2'), await apiSignIn(origin, 'district')];
  for (const deputy of deputies.filter((d) => d.account.deputy === owner)) {
    const theirs = await serverRecords(origin, deputy.token);
    assert.equal(theirs.find((r) => r.id === rejected).review.status, 'rejected');
  }

  // Enter a record for a deputy.
  await page.goto(origin + '/staff/enter');
  await page.locator('#enter-deputy option').nth(1).waitFor({ state: 'attached' });
  const deputyValue = await page.locator('#enter-deputy option').nth(1).getAttribute('value');
  await page.locator('#enter-deputy').selectOption(deputyValue);
  await page.locator('#enter-place').fill('渝中区解放碑街道代表之家');
  await page.locator('#enter-description').fill('代表接待选民，工作人员代为登记');
  await page.locator('#enter-save').click();
  await page.locator('#enter-saved').waitFor();
  await waitUntilSynced(page);
  const entered = (await serverRecords(origin, staff.token)).find((r) => r.description === '代表接待选民，工作人员代为登记');
  assert.ok(entered, 'the entry reached the server');
  assert.deepEqual(entered.entered_by, { by: 'staff', account: staff.account.id });
  assert.equal(entered.review.status, 'pending');
  // Its author cannot review it; the second reviewer can.
  const own = await api(origin, 'POST', '/api/sync/push', { client: '01900000-0000-7000-8000-00000000e2f1', mutations: [{ seq: 1, operation: { op: 'approve', id: entered.id } }] }, staff.token);
  assert.equal(own.results[0].outcome.outcome, 'refused');
  assert.equal(own.results[0].outcome.code, 'own_entry');
  const second = await apiSignIn(origin, 'staff2');
  const theirs = await api(origin, 'POST', '/api/sync/push', { client: '01900000-0000-7000-8000-00000000e2f2', mutations: [{ seq: 1, operation: { op: 'approve', id: entered.id } }] }, second.token);
  assert.equal(theirs.results[0].outcome.outcome, 'applied');
  // Export the dashboard.
  await page.goto(origin + '/staff/dashboard');
  await page.locator('#dashboard tbody tr').first().waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#dash-export').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv.split('\n')[1], /^deputy_id,name,level,electoral_unit,/);
  assert.ok(csv.split('\n').length > 3, 'rows exported');
  await page.screenshot({ path: join(artifacts, 'staff-dashboard-zh-Hans.png'), fullPage: true });
  await context.close();
});

test('every console page in three languages at 1280×800 and 1440×900: screenshots, no overflow, no serious axe violations', async () => {
  const origin = originOf(running.server.base);
  const axeSource = readFileSync(resolve(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const seriousViolations = async (page) => {
    if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
    const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  };
  const problems = [];
  for (const [width, height] of [[1280, 800], [1440, 900]]) {
    const context = await running.browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await signInStaff(page, origin, 'staff');
    await waitUntilSynced(page);
    await page.goto(origin + '/staff/dashboard');
    const deputyHref = await page.locator('#dashboard tbody tr th a').first().getAttribute('href');
    await page.goto(origin + '/staff/suggestions');
    const suggestionHref = await page.locator('.suggestion-row[data-stage="submitted"] a').first().getAttribute('href');
    const pages = [['/staff', '#action-counts'], ['/staff/review', '#item-title'], ['/staff/dashboard', '#dashboard tbody tr'],
      ['/staff/enter', '#enter-form'], [deputyHref, '#deputy-requirements'], ['/staff/roster', '#export-roster-csv'],
      ['/staff/trainings', '#class-list'], ['/staff/stations', '#station-list'], ['/staff/groups', '#rule-sets'], ['/staff/attendance', '#absence-list'],
      ['/staff/suggestions', '#suggestion-list'], [suggestionHref, '#intake-forms'], ['/staff/supervision', '#supervision-board'],
      ['/staff/opinions', '#opinion-list, #opinions-empty']];
    for (const lang of ['zh-Hans', 'zh-Hant', 'en']) {
      await page.evaluate((code) => localStorage.setItem('lvzhi.lang', code), lang);
      for (const [path, ready] of pages) {
        await page.goto(origin + path);
        await page.locator(ready).first().waitFor();
        await page.waitForTimeout(150);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${path} ${lang} ${width}: ${overflow}px horizontal overflow`);
        const name = `staff-${path.split('/')[2] ?? 'home'}-${lang}-${width}x${height}.png`;
        await page.screenshot({ path: join(artifacts, name) });
        if (width === 1280) {
          for (const violation of await seriousViolations(page)) problems.push(`${path} ${lang}: ${violation}`);
        }
      }
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});
