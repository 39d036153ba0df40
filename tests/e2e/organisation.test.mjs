// Roster and organisation in the console, against the real server and the built console:
// import a roster XLSX with 3 bad rows (all listed with line and column, nothing imported),
// fix it and import it, import it again (nothing changes); run a training class with 10
// attendees whose compliance moves, remove one whose registration is withdrawn; turn on
// the observers rule and see who has not observed; edit a station's schedule offline and
// see it after sync on another device; paste leave and absences, twice, recorded once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { api, apiSignIn, artifacts, originOf, serverRecords, useServerAndBrowser, waitUntilSynced } from './harness.mjs';

const running = useServerAndBrowser({ before, after });
const demo = fileURLToPath(new URL('../../docs/demo/', import.meta.url));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function signInStaff(page, origin, login) {
  await page.goto(origin + '/staff/signin');
  await page.getByLabel('账号').fill(login);
  await page.getByLabel('密码').fill('lvzhi-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#staff-signed-in').waitFor();
  await waitUntilSynced(page);
}

async function chooseFile(page, name, file) {
  await page.locator('#roster-file').setInputFiles({ name, mimeType: XLSX, buffer: readFileSync(join(demo, file)) });
}

/** The report shown for the file just chosen or imported. */
async function report(page, applied) {
  const locator = page.locator(`#roster-report[data-applied="${applied}"]`);
  await locator.waitFor();
  return { problems: Number(await locator.getAttribute('data-problems')), summary: await page.locator('#roster-summary').textContent() };
}

async function trainingScore(page, origin, deputy) {
  await page.goto(`${origin}/staff/deputy/${deputy}`);
  const item = page.locator('li[data-requirement="trainings"][data-period="t6"]');
  await item.waitFor();
  return Number(await item.getAttribute('data-score'));
}

test('roster import: 3 bad rows named, nothing imported; fixed, imported once; again, nothing changes', async () => {
  const origin = originOf(running.server.base);
  const context = await running.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInStaff(page, origin, 'staff');
  const staff = await apiSignIn(origin, 'staff');
  const before = await api(origin, 'GET', '/api/staff/workspace', undefined, staff.token);

  await page.goto(origin + '/staff/roster');
  await chooseFile(page, 'roster-2026.xlsx', 'roster-bad.xlsx');
  const bad = await report(page, 'false');
  assert.equal(bad.problems, 3);
  const rows = await page.locator('#roster-problems tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [Number(tr.dataset.line), tr.dataset.column]));
  assert.deepEqual(rows, [[3, 'level'], [4, 'from'], [7, 'term']]);
  assert.ok(await page.locator('#roster-import').isDisabled(), 'a file with bad rows cannot be imported whole');
  await page.screenshot({ path: join(artifacts, 'staff-roster-bad-rows-zh-Hans.png'), fullPage: true });
  const unchanged = await api(origin, 'GET', '/api/staff/workspace', undefined, staff.token);
  assert.equal(unchanged.deputies.length, before.deputies.length, 'nothing imported');
  await waitUntilSynced(page);
  await page.goto(origin + '/staff');
  await page.locator('#import-error-count').waitFor();
  assert.equal(await page.locator('#import-error-count').textContent(), '1');

  // The same file, fixed.
  await page.goto(origin + '/staff/roster');
  await chooseFile(page, 'roster-2026.xlsx', 'roster.xlsx');
  const clean = await report(page, 'false');
  assert.equal(clean.problems, 0);
  assert.match(clean.summary, /新增 12/);
  await page.locator('#roster-import').click();
  const imported = await report(page, 'true');
  assert.match(imported.summary, /新增 12，变更 0/);
  // Again: nothing changes.
  await chooseFile(page, 'roster-2026.xlsx', 'roster.xlsx');
  const again = await report(page, 'false');
  assert.match(again.summary, /新增 0，变更 0，无变化 12/);
  await page.locator('#roster-import').click();
  await report(page, 'true');
  const after = await api(origin, 'GET', '/api/staff/workspace', undefined, staff.token);
  assert.equal(after.deputies.length, before.deputies.length + 12);
  assert.equal(after.deputies.filter((d) => d.name === '龙晓燕').length, 1);
  await waitUntilSynced(page);
  await page.goto(origin + '/staff');
  await page.locator('#import-error-count').waitFor();
  assert.equal(await page.locator('#import-error-count').textContent(), '0');
  await context.close();
});

test('a training class of 10 moves their compliance; removing one withdraws that registration', async () => {
  const origin = originOf(running.server.base);
  const context = await running.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInStaff(page, origin, 'staff');
  const staff = await apiSignIn(origin, 'staff');
  const workspace = await api(origin, 'GET', '/api/staff/workspace', undefined, staff.token);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const attendees = workspace.deputies
    .filter((d) => d.level === 'municipal' && d.services.some((s) => s.term === 6 && s.from <= today && today <= s.until))
    .slice(0, 10);
  assert.equal(attendees.length, 10);
  const first = attendees[0];
  const scoreBefore = await trainingScore(page, origin, first.id);

  await page.goto(origin + '/staff/trainings');
  await page.locator('#new-class').click();
  await page.locator('#class-title').fill('新任代表履职能力提升班（第 1 期）');
  await page.locator('#class-place').fill('市人大常委会机关三楼会议室');
  await page.locator('#class-organiser').fill('市人大常委会代表工作室');
  await page.locator('#attendance-paste').fill(attendees.map((d) => d.id).join('\n') + '\n查无此人');
  await page.locator('#attendance-add').click();
  await page.locator('#attendee-list li').nth(9).waitFor();
  assert.equal(await page.locator('#attendee-list li').count(), 10);
  await page.locator('#attendance-unresolved li', { hasText: '查无此人' }).waitFor();
  await page.locator('#class-save').click();
  await page.locator('#class-message', { hasText: '新增培训登记 10 条' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'staff-training-class-zh-Hans.png'), fullPage: true });
  await waitUntilSynced(page);
  assert.equal(await trainingScore(page, origin, first.id), scoreBefore + 1, 'the registration counts');

  // Remove one attendee: their registration is withdrawn.
  await page.goto(origin + '/staff/trainings');
  const row = page.locator('#class-list tr', { hasText: '新任代表履职能力提升班' });
  await row.getByRole('button').click();
  await page.getByRole('button', { name: `移除 ${first.name}` }).click();
  await page.locator('#class-save').click();
  await page.locator('#class-message', { hasText: '撤回 1 条' }).waitFor();
  await waitUntilSynced(page);
  assert.equal(await trainingScore(page, origin, first.id), scoreBefore);
  const records = await serverRecords(origin, staff.token);
  const theirs = records.filter((r) => r.kind === 'training' && r.description.startsWith('新任代表履职能力提升班'));
  assert.equal(theirs.length, 9);
  assert.ok(!theirs.some((r) => r.deputies.includes(first.id)));
  await context.close();
});

test('the observers rule, turned off and on again, shows who has not observed this term', async () => {
  const origin = originOf(running.server.base);
  const context = await running.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInStaff(page, origin, 'staff');
  const dashboard = async () => {
    await page.goto(origin + '/staff/dashboard');
    await page.locator('#dashboard tbody tr').first().waitFor();
    await page.locator('#dash-period').selectOption('t6');
    await page.locator('#dashboard tbody tr').first().waitFor();
  };
  const observers = 'th[data-requirement="observe_standing_committee"]';
  // The demo has it on; staff turn it off, then on again.
  const switchTo = async (on) => {
    await page.goto(origin + '/staff/groups');
    const box = page.locator('li[data-rule-set="chongqing-observers"] input.rule-set-switch');
    await box.setChecked(on);
    await page.locator('#groups-message').waitFor();
    await waitUntilSynced(page);
  };
  await switchTo(false);
  await dashboard();
  assert.equal(await page.locator(observers).count(), 0, 'off: not judged');
  await switchTo(true);
  await dashboard();
  await page.locator(observers).waitFor();
  const statuses = await page.evaluate(() => {
    const heads = [...document.querySelectorAll('#dashboard thead th')];
    const at = heads.findIndex((th) => th.dataset.requirement === 'observe_standing_committee');
    return [...document.querySelectorAll('#dashboard tbody tr')].map((tr) => tr.children[at]?.dataset.status ?? 'none');
  });
  assert.ok(statuses.some((s) => s !== 'met' && s !== 'none'), `some grassroots deputies have not observed yet: ${statuses}`);
  assert.ok(statuses.includes('none'), 'deputies the rule does not judge show no figure');
  await page.screenshot({ path: join(artifacts, 'staff-observers-rule-zh-Hans.png'), fullPage: true });
  await context.close();
});

test("a station's schedule edited offline reaches another device after sync", async () => {
  const origin = originOf(running.server.base);
  const one = await running.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const other = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await one.newPage();
  const second = await other.newPage();
  await signInStaff(page, origin, 'staff');
  await signInStaff(second, origin, 'staff2');
  await page.goto(origin + '/staff/stations');
  const station = page.locator('#station-list li.station').first();
  await station.waitFor();
  const id = await station.getAttribute('data-station');

  await one.setOffline(true);
  await station.getByRole('button').click();
  await page.locator('#add-slot').click();
  const slot = page.locator('#station-editor .slot').last();
  await slot.locator('.slot-weekday').selectOption('6');
  await slot.locator('.slot-start').fill('14:00');
  await slot.locator('.slot-end').fill('16:30');
  await page.locator('#station-save').click();
  const mine = page.locator(`li.station[data-station="${id}"]`);
  await mine.locator('.badge', { hasText: '待同步' }).waitFor();
  assert.match(await mine.locator('.schedule').textContent(), /周六 14:00–16:30/);
  await one.setOffline(false);
  await page.reload();
  await waitUntilSynced(page);
  await mine.locator('.schedule').waitFor();
  // The list re-reads its queue when the pass ends, which may be a moment after the outbox
  // empties: wait for the badge to go (it never goes if the edit is not sent).
  await mine.locator('.badge').waitFor({ state: 'detached', timeout: 20_000 });
  assert.equal(await mine.locator('.badge').count(), 0, 'sent');

  await second.reload();
  await waitUntilSynced(second);
  await second.goto(origin + '/staff/stations');
  const theirs = second.locator(`li.station[data-station="${id}"] .schedule`);
  await theirs.waitFor();
  assert.match(await theirs.textContent(), /周六 14:00–16:30/);
  await one.close();
  await other.close();
});

test('leave and absences pasted per half day are recorded once, however often sent', async () => {
  const origin = originOf(running.server.base);
  const context = await running.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInStaff(page, origin, 'staff');
  const staff = await apiSignIn(origin, 'staff');
  const workspace = await api(origin, 'GET', '/api/staff/workspace', undefined, staff.token);
  const names = workspace.deputies.map((d) => d.name);
  const [a, b] = workspace.deputies.filter((d) => d.level === 'municipal' && names.filter((n) => n === d.name).length === 1);
  const before = workspace.absences.length;
  const lines = [
    '代表,会议,日期,半天,类别,事由,准假',
    `${a.name},standing_committee,2026-11-24,morning,leave,official_duty,true`,
    `${b.id},standing_committee,2026-11-24,afternoon,absent`,
    `${b.name},standing_committee,2026-11-24,evening,absent`,
  ].join('\n');
  await page.goto(origin + '/staff/attendance');
  for (let round = 0; round < 2; round++) {
    await page.locator('#absences-paste').fill(lines);
    await page.locator('#absences-send').click();
    await page.locator('#absences-result li', { hasText: '已登记' }).waitFor();
    assert.match(await page.locator('#absences-result').textContent(), /已登记 2 条/);
    assert.match(await page.locator('#absences-result').textContent(), /第 4 行/);
    await page.reload();
  }
  const after = await api(origin, 'GET', '/api/staff/workspace', undefined, staff.token);
  assert.equal(after.absences.length, before + 2, 'each half day once');
  await waitUntilSynced(page);
  await page.reload();
  await page.locator(`#absence-list tbody tr`).first().waitFor();
  assert.match(await page.locator('#absence-list caption').textContent(), new RegExp(`（${before + 2}）`));
  await context.close();
});

test('a by-election and an early leave entered in forms become services', async () => {
  const origin = originOf(running.server.base);
  const context = await running.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInStaff(page, origin, 'staff');
  const staff = await apiSignIn(origin, 'staff');
  await page.goto(origin + '/staff/roster');
  await page.locator('#by-election-name').fill('周补选');
  await page.locator('#by-election-unit').fill('渝中区人民代表大会');
  await page.locator('#by-election-from').fill('2025-06-18');
  await page.locator('#by-election button[type="submit"]').click();
  await page.locator('#by-election-message', { hasText: '已保存' }).waitFor();
  await waitUntilSynced(page);
  const workspace = await api(origin, 'GET', '/api/staff/workspace', undefined, staff.token);
  const added = workspace.deputies.find((d) => d.name === '周补选');
  assert.ok(added.services[0].by_election && added.services[0].from === '2025-06-18');

  await page.goto(`${origin}/staff/deputy/${added.id}`);
  await page.locator('#early-leave-date').fill('2026-10-31');
  await page.locator('#early-leave button[type="submit"]').click();
  await page.locator('#early-leave-message', { hasText: '已保存' }).waitFor();
  const after = await api(origin, 'GET', '/api/staff/workspace', undefined, staff.token);
  const left = after.deputies.find((d) => d.id === added.id);
  assert.deepEqual([left.services[0].until, left.services[0].left_early], ['2026-10-31', true]);
  await context.close();
});

test('attendance saved offline is sent at the next sync, and its registrations follow', async () => {
  const origin = originOf(running.server.base);
  const context = await running.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInStaff(page, origin, 'staff');
  const staff = await apiSignIn(origin, 'staff');
  const workspace = await api(origin, 'GET', '/api/staff/workspace', undefined, staff.token);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const two = workspace.deputies
    .filter((d) => d.level === 'municipal' && d.services.some((s) => s.from <= today && today <= s.until))
    .slice(20, 22);
  await page.goto(origin + '/staff/trainings');
  await page.locator('#class-list').waitFor();
  await context.setOffline(true);
  await page.locator('#new-class').click();
  await page.locator('#class-title').fill('村居代表联络站工作培训（离线登记）');
  await page.locator('#attendance-paste').fill(two.map((d) => d.id).join('\n'));
  await page.locator('#attendance-add').click();
  await page.locator('#attendee-list li').nth(1).waitFor();
  await page.locator('#class-save').click();
  await page.locator('#class-message', { hasText: '已保存在本设备' }).waitFor();
  const row = page.locator('#class-list tr', { hasText: '村居代表联络站工作培训' });
  await row.locator('.badge', { hasText: '待同步' }).waitFor();
  await context.setOffline(false);
  await page.reload();
  await waitUntilSynced(page);
  await page.locator('#class-list tr', { hasText: '村居代表联络站工作培训' }).waitFor();
  // The pass that sends it may still be running when the badge first reads idle after the
  // reload: the "waiting" badge goes once the class is sent.
  await page.locator('#class-list tr', { hasText: '村居代表联络站工作培训' }).locator('.badge').waitFor({ state: 'detached' });
  const records = await serverRecords(origin, staff.token);
  const made = records.filter((r) => r.kind === 'training' && r.description === '村居代表联络站工作培训（离线登记）');
  assert.deepEqual(made.map((r) => r.deputies[0]).sort(), two.map((d) => d.id).sort());
  await context.close();
});
