// The deputy's workspace over a whole offline day: sign in, go offline, register records by
// keyboard, reload offline, see compliance change, go online, see everything reach the
// server once, and see statuses change when staff approve and reject through the API.
// Screenshots of each page in three languages at two sizes; axe-core on each page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import {
  apiSignIn, artifacts, localCounts, registerByKeyboard, serverRecords, signInThroughPage,
  staffReview, useServerAndBrowser, waitUntilSynced, originOf } from './harness.mjs';

const running = useServerAndBrowser({ before, after });
const axePath = resolve(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

async function betweenSessions(page) {
  const row = page.locator('#compliance-year tr[data-requirement="between_sessions"]');
  await row.waitFor();
  const [counted] = (await row.locator('.counted').textContent()).split('/').map((s) => Number(s.trim()));
  const pending = Number(await row.locator('.pending').textContent());
  return { counted, pending };
}

const axeSource = readFileSync(axePath, 'utf8');

async function seriousViolations(page) {
  // Evaluated through DevTools rather than added as a <script>: the page's CSP (rightly)
  // refuses inline scripts it does not know.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('a whole offline day: register, reload offline, compliance changes, sync once, staff review shows', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signInThroughPage(page, base, 'deputy');
  await waitUntilSynced(page);
  await page.goto(base + '/compliance');
  await page.locator('#compliance-year').waitFor();
  await page.evaluate(async () => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => (await caches.keys()).some((key) => key.startsWith('lvzhi-shell-')));
  const morning = await betweenSessions(page);

  await context.setOffline(true);
  const descriptions = ['走访村民五户', '接待群众来访', '调研养老服务', '视察道路建设', '小组活动座谈'];
  const started = Date.now();
  await page.goto(base + '/register');
  for (const description of descriptions) {
    await registerByKeyboard(page, base, { place: '青杠街道', description });
  }
  const perRecord = (Date.now() - started) / descriptions.length;
  assert.ok(perRecord < 30_000, `registering took ${perRecord} ms per record`);

  // A visit with three opinion items, one constituent's contact among them.
  await page.goto(base + '/visits');
  await page.locator('#visit-place').fill('青杠村委会');
  await page.locator('#visit-description').fill('入户走访留守老人');
  await page.locator('#add-opinion').click();
  await page.locator('#add-opinion').click();
  const contents = ['村道路灯损坏', '缺少老年食堂', '河道垃圾清理不及时'];
  for (const [i, text] of contents.entries()) {
    await page.locator('.opinion-content').nth(i).fill(text);
  }
  await page.locator('.opinion-urgency').nth(0).selectOption('urgent');
  await page.locator('.opinion-contact').nth(0).fill('王大爷 13800000000');
  await page.locator('#save-visit').click();
  await page.locator('#visit-saved').waitFor();
  await page.locator('.visit .opinion', { hasText: '王大爷 13800000000' }).waitFor();
  // The contact is stored encrypted: no store holds it in the clear; the key cannot be exported.
  const atRest = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('lvzhi');
        open.onsuccess = () => {
          const tx = open.result.transaction(['meta', 'activities', 'outbox', 'opinions'], 'readonly');
          const found = {};
          for (const name of ['meta', 'activities', 'outbox', 'opinions']) {
            const request = tx.objectStore(name).getAll();
            request.onsuccess = () => { found[name] = request.result; };
          }
          const key = tx.objectStore('meta').get('contact_key');
          tx.oncomplete = async () => {
            open.result.close();
            let exported = 'exported';
            try { await crypto.subtle.exportKey('raw', key.result); } catch (error) { exported = error.name; }
            const text = JSON.stringify(found, (k, v) => (v instanceof CryptoKey ? '[key]' : v));
            resolve({ plain: text.includes('13800000000'), extractable: key.result.extractable, exported, sealed: text.includes('sealed_contact') });
          };
        };
      }),
  );
  assert.deepEqual(atRest, { plain: false, extractable: false, exported: 'InvalidAccessError', sealed: true });

  await page.reload();
  await page.goto(base + '/compliance');
  const offline = await betweenSessions(page);
  assert.equal(offline.pending, morning.pending + 6, 'the five records and the visit show as pending, apart from the count');
  assert.equal(offline.counted, morning.counted);
  await page.locator('#compliance-year tr[data-requirement="between_sessions"] button').click();
  // The records made offline are listed as not yet synced (whether the demo also holds a
  // record pending review depends on the day the demo was generated for).
  await page.locator('.requirement-detail', { hasText: '尚未同步' }).first().waitFor();
  // A right-of-reply note on this status, written offline.
  await page.locator('.requirement-detail .reply-open').click();
  await page.locator('.requirement-detail .reply-input').fill('十一月集中走访，待审核记录较多。');
  await page.locator('.requirement-detail .reply-save').click();
  await page.locator('.requirement-detail .reply-text[data-synced="false"]').waitFor();
  await page.screenshot({ path: join(artifacts, 'day-compliance-offline-zh-Hans.png'), fullPage: true });
  // The term report works offline too, and prints without the app's chrome.
  await page.goto(base + '/report');
  await page.locator('#report-title').waitFor();
  assert.match(await page.locator('main').textContent(), /走访村民五户/);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.app-header').isVisible(), false);
  await page.screenshot({ path: join(artifacts, 'report-print-zh-Hans.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  await context.setOffline(false);
  await waitUntilSynced(page);
  const deputy = await apiSignIn(base, 'deputy');
  const onServer = (await serverRecords(base, deputy.token)).filter((r) => descriptions.includes(r.description));
  assert.deepEqual(descriptions.map((d) => onServer.filter((r) => r.description === d).length), [1, 1, 1, 1, 1]);
  assert.equal((await localCounts(page)).outbox, 0);
  const items = await (await fetch(originOf(base) + '/api/opinions', { headers: { authorization: `Bearer ${deputy.token}` } })).json();
  assert.deepEqual(items.map((i) => i.content).sort(), [...contents].sort());
  assert.equal(items.find((i) => i.content === '村道路灯损坏').contact, '王大爷 13800000000');
  assert.equal(items.find((i) => i.content === '村道路灯损坏').urgency, 'urgent');
  const otherDeputy = await apiSignIn(base, 'deputy2');
  const theirs = await (await fetch(originOf(base) + '/api/opinions', { headers: { authorization: `Bearer ${otherDeputy.token}` } })).json();
  assert.equal(theirs.some((i) => i.contact === '王大爷 13800000000'), false, 'never sent to another deputy');
  const notes = await (await fetch(originOf(base) + '/api/replies', { headers: { authorization: `Bearer ${deputy.token}` } })).json();
  assert.deepEqual(notes.map((n) => [n.target.requirement, n.text]), [['between_sessions', '十一月集中走访，待审核记录较多。']]);

  // Staff approve three and reject one; the deputy's next sync shows it.
  const byText = Object.fromEntries(onServer.map((r) => [r.description, r.id]));
  const staff = await apiSignIn(base, 'staff');
  await staffReview(base, staff.token, [
    { id: byText['走访村民五户'] },
    { id: byText['接待群众来访'] },
    { id: byText['调研养老服务'] },
    { id: byText['视察道路建设'], reason: '缺少活动照片' },
  ]);
  await page.goto(base + '/sync');
  await page.locator('#sync-now').click();
  await page.goto(base + '/records');
  await page.locator('.record[data-state="rejected"]', { hasText: '视察道路建设' }).waitFor();
  assert.match(await page.locator('.record', { hasText: '视察道路建设' }).textContent(), /未通过：缺少活动照片/);
  assert.equal(await page.locator('.record', { hasText: '走访村民五户' }).getAttribute('data-state'), 'approved');
  assert.equal(await page.locator('.record', { hasText: '小组活动座谈' }).getAttribute('data-state'), 'pending');
  await page.goto(base + '/compliance');
  const evening = await betweenSessions(page);
  assert.equal(evening.counted, morning.counted + 3);
  assert.equal(evening.pending, morning.pending + 2, 'one record and the visit still pending');
  await context.close();
});

test('records: filter, search, edit and withdraw a pending record', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signInThroughPage(page, base, 'deputy2');
  await waitUntilSynced(page);
  // A joint activity at a station, with a colleague from the liaison group.
  await page.goto(base + '/register');
  await page.locator('.co-participants input[type="checkbox"]').first().waitFor();
  const colleague = (await page.locator('.co-participants label').first().textContent()).trim();
  await page.locator('.co-participants input[type="checkbox"]').first().check();
  await page.locator('#station').selectOption({ index: 1 });
  await page.locator('#place').fill('代表之家');
  await page.locator('#description').fill('与联络组代表共同接待群众');
  await page.locator('#save').click();
  await page.locator('#saved-message[data-saved="1"]').waitFor();
  // A date after today is refused in the user's language, and nothing is saved.
  await page.locator('#date').fill('2099-01-01');
  await page.locator('#description').fill('未来的活动');
  await page.locator('#save').click();
  await page.locator('#form-errors').waitFor();
  assert.equal((await page.locator('#form-errors').textContent()).trim(), '日期：不能晚于今天。');
  await page.locator('#date').fill(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
  await page.locator('#description').fill('');
  await registerByKeyboard(page, base, { place: '花园社区', description: '待修改的记录' });
  await registerByKeyboard(page, base, { place: '花园社区', description: '待撤回的记录' });
  await page.goto(base + '/records');
  await page.locator('#filter-query').fill('花园社区');
  await page.locator('.record', { hasText: '待撤回的记录' }).waitFor();
  assert.equal(await page.locator('.record').count(), 2);
  await page.locator('#filter-state').selectOption('approved');
  await page.locator('#records-empty').waitFor();
  await page.locator('#filter-state').selectOption('');
  await page.locator('.record', { hasText: '待修改的记录' }).getByRole('link', { name: '修改' }).click();
  // The form shows the record once read from the device; typing before that would be
  // overwritten (Playwright's fill selects, then inserts: it appended to the late value).
  await page.waitForFunction(() => document.querySelector('#description')?.value === '待修改的记录');
  await page.locator('#description').fill('已修改的记录');
  await page.locator('#save').click();
  await page.waitForURL(base + '/records');
  page.once('dialog', (dialog) => dialog.accept());
  await page.locator('.record', { hasText: '待撤回的记录' }).getByRole('button', { name: '撤回' }).click();
  await page.locator('.record', { hasText: '待撤回的记录' }).waitFor({ state: 'detached' });
  await waitUntilSynced(page);
  const session = await apiSignIn(base, 'deputy2');
  const texts = (await serverRecords(base, session.token)).map((r) => r.description);
  const problems = await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('lvzhi');
    open.onsuccess = () => {
      const request = open.result.transaction('meta').objectStore('meta').get('sync_problems');
      request.onsuccess = () => { open.result.close(); resolve(request.result ?? null); };
    };
  }));
  assert.ok(texts.includes('已修改的记录'), `server has ${JSON.stringify(texts)}; problems kept: ${problems}`);
  const joint = (await serverRecords(base, session.token)).find((r) => r.description === '与联络组代表共同接待群众');
  assert.equal(joint.deputies.length, 2, `with ${colleague}`);
  assert.ok(joint.station, 'at a station');
  assert.ok(!texts.includes('待修改的记录'));
  assert.ok(!texts.includes('待撤回的记录'));
  await context.close();
});

test('every deputy page in three languages at 1280×800 and 1024×768: screenshots, no overflow, no serious axe violations', async () => {
  const base = running.server.base;
  const pages = ['/', '/compliance', '/register', '/records', '/visits', '/suggestions', '/report', '/sync', '/requirements'];
  const problems = [];
  for (const [width, height] of [[1280, 800], [1024, 768]]) {
    const context = await running.browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await signInThroughPage(page, base, 'deputy');
    await waitUntilSynced(page);
    for (const lang of ['zh-Hans', 'zh-Hant', 'en']) {
      await page.evaluate((code) => localStorage.setItem('lvzhi.lang', code), lang);
      for (const path of pages) {
        await page.goto(base + path);
        await page.locator('main h1').first().waitFor();
        await page.waitForTimeout(150);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${path} ${lang} ${width}: ${overflow}px horizontal overflow`);
        const name = `${path === '/' ? 'home' : path.slice(1)}-${lang}-${width}x${height}.png`;
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

test('suggestions: a draft written offline is submitted once online; both receipts move suggestions on', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signInThroughPage(page, base, 'deputy');
  await waitUntilSynced(page);
  await page.goto(base + '/suggestions');
  await page.locator('#suggestions').waitFor();
  await page.evaluate(async () => navigator.serviceWorker.ready);

  await context.setOffline(true);
  await page.locator('#suggestion-title').fill('关于增设社区养老食堂的建议');
  await page.locator('#suggestion-body').fill('建议在老旧小区增设养老食堂，方便老年人就餐。');
  await page.locator('#save-draft').click();
  await page.locator('#drafts .draft', { hasText: '关于增设社区养老食堂的建议' }).waitFor();
  await page.reload();
  await page.locator('#drafts .draft').waitFor();
  assert.equal(await page.locator('#drafts .submit-draft').isDisabled(), true, 'submitting needs the network');
  await page.locator('#suggestions-offline').waitFor();

  await context.setOffline(false);
  await page.locator('#drafts .submit-draft:not([disabled])').click();
  await page.locator('.suggestion[data-stage="submitted"]', { hasText: '关于增设社区养老食堂的建议' }).waitFor();
  assert.equal(await page.locator('#drafts').count(), 0);

  const replied = page.locator('.suggestion[data-stage="replied"]').first();
  const repliedId = await replied.getAttribute('data-id');
  await replied.locator('select.satisfaction').selectOption('unsatisfied');
  await replied.locator('.send-receipt').click();
  await replied.locator('[role="alert"]').waitFor();
  assert.match(await replied.locator('[role="alert"]').textContent(), /理由/);
  await replied.locator('textarea.reason').fill('答复没有提出具体时限');
  await replied.locator('.send-receipt').click();
  await page.locator(`.suggestion[data-id="${repliedId}"][data-stage="reopened"]`).waitFor();

  const inProgress = page.locator('.suggestion[data-stage="in_progress"]').first();
  const progressId = await inProgress.getAttribute('data-id');
  await inProgress.locator('button[data-fulfilment="done"]').first().click();
  await page.locator(`.suggestion[data-id="${progressId}"][data-stage="completed"]`).waitFor();
  await page.screenshot({ path: join(artifacts, 'suggestions-after-receipts-zh-Hans.png'), fullPage: true });

  const session = await apiSignIn(base, 'deputy');
  const response = await fetch(originOf(base) + '/api/suggestions', { headers: { authorization: `Bearer ${session.token}` } });
  const list = await response.json();
  assert.equal(list.filter((s) => s.title === '关于增设社区养老食堂的建议').length, 1);
  assert.equal(list.find((s) => s.id === repliedId).stage, 'reopened');
  assert.equal(list.find((s) => s.id === progressId).stage, 'completed');
  await context.close();
});
