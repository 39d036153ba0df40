// The rules engine as deputies see it, against the real server and the built app:
// a district deputy's points, a deduction for half a day of leave and their band; a leave
// staff record through the API moves the total after sync; a grassroots municipal deputy
// judged by "341 311" and the observers rule side by side; a joint record confirmed
// offline counts after sync, and a declined one leaves the colleague's lists.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, apiSignIn, artifacts, serverRecords, signInThroughPage, useServerAndBrowser, waitUntilSynced } from './harness.mjs';

const running = useServerAndBrowser({ before, after });
const JOINT_FOR_DEPUTY = '00000000-0000-0000-0000-101e00000001';
const JOINT_FOR_DEPUTY2 = '00000000-0000-0000-0000-101e00000002';

/** Reads "12.5 分 / 12 分" as [12.5, 12]. */
function figures(text) {
  return text.split('/').map((part) => Number(part.replace(/[^0-9.\-]/g, '')));
}

async function syncNow(page, base) {
  await page.goto(base + '/sync');
  await page.locator('#sync-now').click();
  await waitUntilSynced(page);
}

test('a district deputy sees points, a deduction for leave and a band; a leave staff record moves the total after sync', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInThroughPage(page, base, 'district');
  await waitUntilSynced(page);
  await page.goto(base + '/compliance');
  const row = page.locator('#compliance-year tr[data-requirement="duty_points"]');
  await row.waitFor();
  const [before, minimum] = figures(await row.locator('.counted').textContent());
  assert.equal(minimum, 12, 'the example rule: adequate from 12 points');
  const band = await row.locator('.band-chip').getAttribute('data-band');
  assert.ok(['good', 'adequate', 'talk'].includes(band), band);
  await row.locator('button').click();
  const deductions = page.locator('.points-explained .point-line.deduction');
  await deductions.first().waitFor();
  const lines = await deductions.allTextContents();
  assert.ok(lines.some((l) => /大会请假/.test(l) && /-1/.test(l)), `personal leave deducts 1 point: ${lines}`);
  assert.ok(lines.some((l) => /免予扣分/.test(l)), `official-duty leave is exempt: ${lines}`);
  assert.equal(await page.locator('#absences .absence').count(), 2);
  assert.ok(await page.locator('#compliance-year tr[data-requirement="duty_days"]').count() === 1, 'duty days beside points');
  await page.screenshot({ path: join(artifacts, 'compliance-points-zh-Hans.png'), fullPage: true });

  // Staff record another half day of leave through the API.
  const staff = await apiSignIn(base, 'staff');
  const district = await apiSignIn(base, 'district');
  const reference = await api(base, 'GET', '/api/reference', undefined, district.token);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const session = reference.sessions.filter((s) => s.first_day <= today).sort((a, b) => (a.first_day < b.first_day ? 1 : -1))[0];
  let recorded = false;
  for (const [date, half] of [[session.last_day, 'afternoon'], [session.first_day, 'morning'], [session.last_day, 'morning']]) {
    try {
      await api(base, 'POST', '/api/staff/absences', {
        id: `01930000-0000-7000-8000-0000e2e0ab0${half === 'morning' ? 1 : 2}`,
        deputy: district.account.deputy, meeting: 'annual_session', date, half,
        kind: 'leave', reason: 'personal', approved: true,
      }, staff.token);
      recorded = true;
      break;
    } catch (error) {
      if (!/already recorded/.test(String(error))) throw error;
    }
  }
  assert.ok(recorded);
  await syncNow(page, base);
  await page.goto(base + '/compliance');
  await row.waitFor();
  const [afterLeave] = figures(await row.locator('.counted').textContent());
  assert.equal(afterLeave, before - 1, 'minus 1 point for the half day');
  assert.equal(await page.locator('#absences .absence').count(), 3);
  await context.close();
});

test('a grassroots municipal deputy is judged by "341 311" and the observers rule side by side', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInThroughPage(page, base, 'deputy');
  await waitUntilSynced(page);
  await page.goto(base + '/compliance');
  await page.locator('#compliance-term tr[data-requirement="observe_standing_committee"]').waitFor();
  assert.equal(await page.locator('#compliance-term tr[data-requirement="trainings"]').count(), 1);
  assert.equal(await page.locator('#compliance-year tr[data-requirement="between_sessions"]').count(), 1);
  await page.goto(base + '/requirements');
  await page.locator('tr[data-requirement="observe_standing_committee"]').waitFor();
  assert.equal(await page.locator('tr[data-requirement="session_speeches"]').count(), 1);
  await context.close();
});

test('a colleague confirms a joint record offline and it counts after sync; another declines and it does not', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInThroughPage(page, base, 'deputy');
  await waitUntilSynced(page);
  await page.goto(base + '/compliance');
  const between = page.locator('#compliance-year tr[data-requirement="between_sessions"]');
  await between.waitFor();
  const [counted] = figures(await between.locator('.counted').textContent());
  await page.evaluate(async () => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => (await caches.keys()).some((key) => key.startsWith('lvzhi-shell-')));

  await context.setOffline(true);
  await page.goto(base + '/records');
  const joint = page.locator(`.record[data-id="${JOINT_FOR_DEPUTY}"]`);
  await joint.waitFor();
  assert.match(await joint.locator('.proposed-by').textContent(), /由 .+ 提出/);
  await joint.locator('.confirm-joint').click();
  await joint.locator('.confirm-joint').waitFor({ state: 'detached' });
  await page.goto(base + '/compliance');
  await between.waitFor();
  assert.equal(figures(await between.locator('.counted').textContent())[0], counted + 1, 'counts at once, offline');

  await context.setOffline(false);
  await syncNow(page, base);
  const deputy = await apiSignIn(base, 'deputy');
  const onServer = (await serverRecords(base, deputy.token)).find((r) => r.id === JOINT_FOR_DEPUTY);
  assert.deepEqual(onServer.answers, [{ deputy: deputy.account.deputy, answer: 'confirmed' }]);
  await page.goto(base + '/compliance');
  await between.waitFor();
  assert.equal(figures(await between.locator('.counted').textContent())[0], counted + 1, 'still counts after sync');

  // The other deputy declines the record proposed to them: it leaves their lists and counts.
  const other = await running.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const second = await other.newPage();
  await signInThroughPage(second, base, 'deputy2');
  await waitUntilSynced(second);
  await second.goto(base + '/compliance');
  const theirs = second.locator('#compliance-year tr[data-requirement="between_sessions"]');
  await theirs.waitFor();
  const [theirCount] = figures(await theirs.locator('.counted').textContent());
  await second.goto(base + '/records');
  const proposed = second.locator(`.record[data-id="${JOINT_FOR_DEPUTY2}"]`);
  await proposed.waitFor();
  await proposed.locator('.decline-joint').click();
  await proposed.waitFor({ state: 'detached' });
  await syncNow(second, base);
  await second.goto(base + '/records');
  await second.locator('#records').waitFor();
  assert.equal(await second.locator(`.record[data-id="${JOINT_FOR_DEPUTY2}"]`).count(), 0);
  await second.goto(base + '/compliance');
  await theirs.waitFor();
  assert.equal(figures(await theirs.locator('.counted').textContent())[0], theirCount, 'a declined record never counts');
  const deputy2 = await apiSignIn(base, 'deputy2');
  const declined = (await serverRecords(base, deputy2.token)).find((r) => r.id === JOINT_FOR_DEPUTY2);
  assert.equal(declined.answers[0].answer, 'declined');
  await other.close();
  await context.close();
});
