// Fault tests of the offline store and sync (issue 4, T1 T2 T5 T6 T7): the real server,
// real Chromium. Each ends with every record on the server exactly once and the outbox empty.
// (T3, the server killed during a push, and T4, hostile push sequences, are server tests:
// crates/server/tests/durability.rs and sync.rs.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apiSignIn, artifacts, launchPersistent, localCounts, registerByKeyboard, serverRecords,
  signInThroughPage, staffReview, useServerAndBrowser, waitUntilSynced,
} from './harness.mjs';

const running = useServerAndBrowser({ before, after });

/** How many records on the server carry each of these descriptions. */
async function serverCounts(login, descriptions) {
  const session = await apiSignIn(running.server.base, login);
  const records = await serverRecords(running.server.base, session.token);
  return descriptions.map((d) => records.filter((r) => r.description === d).length);
}

test('T1 offline: records made offline survive a reload and a browser restart, then reach the server once', async () => {
  const base = running.server.base;
  const profile = mkdtempSync(join(tmpdir(), 'lvzhi-t1-'));
  try {
    let context = await launchPersistent(profile);
    let page = context.pages()[0] ?? (await context.newPage());
    await signInThroughPage(page, base, 'deputy');
    await page.evaluate(async () => navigator.serviceWorker.ready);
    await page.waitForFunction(async () => (await caches.keys()).some((key) => key.startsWith('lvzhi-shell-')));
    await waitUntilSynced(page);
    const synced = await localCounts(page);

    await context.setOffline(true);
    const descriptions = ['T1 离线一', 'T1 离线二', 'T1 离线三'];
    await page.goto(base + '/register');
    for (const description of descriptions) {
      await registerByKeyboard(page, base, { place: '山区村委会', description });
    }
    await page.reload();
    await page.locator('#sync-badge[data-pending="3"]').waitFor();
    await context.close();

    // Reopen the browser, still offline: the app starts from the service worker with the
    // three records waiting.
    context = await launchPersistent(profile, { offline: true });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(base + '/records');
    await page.locator('#records').waitFor();
    for (const description of descriptions) {
      const row = page.locator('.record', { hasText: description });
      assert.equal(await row.getAttribute('data-state'), 'unsynced', description);
    }
    await page.screenshot({ path: join(artifacts, 't1-offline-records-zh-Hans.png') });
    assert.deepEqual(await localCounts(page), { outbox: 3, activities: synced.activities + 3 });

    await context.setOffline(false);
    await waitUntilSynced(page);
    assert.deepEqual(await serverCounts('deputy', descriptions), [1, 1, 1]);
    assert.equal((await localCounts(page)).outbox, 0);
    for (const description of descriptions) {
      const row = page.locator('.record', { hasText: description });
      await page.locator(`.record[data-state="pending"]`, { hasText: description }).waitFor();
      assert.equal(await row.getAttribute('data-state'), 'pending');
    }
    await context.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

test('T2 the network drops after the server applied a push: the retry doubles nothing', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext();
  const page = await context.newPage();
  await signInThroughPage(page, base, 'deputy2');
  await waitUntilSynced(page);
  await context.setOffline(true);
  const descriptions = ['T2 断网一', 'T2 断网二'];
  for (const description of descriptions) {
    await registerByKeyboard(page, base, { place: '社区', description });
  }
  // The first push reaches the server and is applied; its answer never arrives.
  let cut = 0;
  await page.route('**/api/sync/push', async (route) => {
    if (cut === 0) {
      cut += 1;
      const response = await route.fetch();
      assert.equal(response.status(), 200);
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  const retried = page.waitForResponse((r) => r.url().endsWith('/api/sync/push') && r.status() === 200);
  await context.setOffline(false);
  const answer = await (await retried).json();
  assert.equal(cut, 1);
  assert.deepEqual(answer.results.map((r) => r.outcome.outcome), ['duplicate', 'duplicate']);
  await waitUntilSynced(page);
  assert.deepEqual(await serverCounts('deputy2', descriptions), [1, 1]);
  assert.equal((await localCounts(page)).outbox, 0);
  await context.close();
});

test('T5 two tabs create records at once: both sets arrive once, one tab pushes at a time, others see new data', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext();
  const first = await context.newPage();
  await signInThroughPage(first, base, 'deputy');
  await waitUntilSynced(first);
  const second = await context.newPage();
  const watcher = await context.newPage();
  await second.goto(base + '/register');
  await watcher.goto(base + '/records');
  await watcher.locator('#records').waitFor();

  const pushes = [];
  for (const [name, page] of [['first', first], ['second', second], ['watcher', watcher]]) {
    page.on('request', (request) => {
      if (request.url().endsWith('/api/sync/push')) pushes.push({ name, request, start: Date.now(), end: Infinity });
    });
    const finish = (request) => {
      const entry = pushes.find((p) => p.request === request);
      if (entry) entry.end = Date.now();
    };
    page.on('requestfinished', finish);
    page.on('requestfailed', finish);
    // Slow pushes make overlapping passes likely if the lock failed to keep tabs apart.
    await page.route('**/api/sync/push', async (route) => {
      await new Promise((done) => setTimeout(done, 300));
      await route.continue();
    });
  }
  await first.goto(base + '/register');
  const mine = ['T5 甲一', 'T5 甲二', 'T5 甲三'];
  const theirs = ['T5 乙一', 'T5 乙二', 'T5 乙三'];
  await Promise.all([
    (async () => { for (const d of mine) await registerByKeyboard(first, base, { place: '甲地', description: d }); })(),
    (async () => { for (const d of theirs) await registerByKeyboard(second, base, { place: '乙地', description: d }); })(),
  ]);
  // The tabs share one database: once its outbox is empty, every record was acknowledged.
  // (A badge can read "synced" for a moment between a save and its recount.)
  await first.waitForFunction(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('lvzhi');
        open.onsuccess = () => {
          const count = open.result.transaction('outbox').objectStore('outbox').count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result === 0);
          };
        };
        open.onerror = () => resolve(false);
      }),
    null,
    { timeout: 30_000, polling: 250 },
  );
  await waitUntilSynced(first);
  await waitUntilSynced(second);
  assert.deepEqual(await serverCounts('deputy', [...mine, ...theirs]), [1, 1, 1, 1, 1, 1]);
  assert.equal((await localCounts(first)).outbox, 0);
  // No two pushes ever overlapped in time.
  const sorted = [...pushes].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    assert.ok(sorted[i].start >= sorted[i - 1].end, `pushes overlapped: ${sorted[i - 1].name} and ${sorted[i].name}`);
  }
  assert.ok(pushes.length >= 1);
  // The third tab, never reloaded, shows every new record (told through BroadcastChannel).
  for (const d of [...mine, ...theirs]) {
    await watcher.locator('.record', { hasText: d }).waitFor({ timeout: 10_000 });
  }
  await context.close();
});

test('T6 a storage error while saving: the user sees it; earlier records and the outbox are intact', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext();
  const page = await context.newPage();
  await signInThroughPage(page, base, 'deputy2');
  await waitUntilSynced(page);
  await context.setOffline(true);
  await registerByKeyboard(page, base, { place: '街道', description: 'T6 之前' });
  const before = await localCounts(page);
  // The disk is full: the next write to the outbox fails as Chromium reports it.
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (this.name === 'outbox') {
        IDBObjectStore.prototype.put = put;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    };
  });
  await page.locator('#kind').focus();
  await page.locator('#place').fill('街道');
  await page.locator('#description').fill('T6 失败的这一条');
  await page.locator('#save').click();
  await page.locator('#form-errors').waitFor();
  const message = await page.locator('#form-errors').textContent();
  assert.match(message, /无法保存到本机，什么也没有改变/);
  // A full disk is said in the user's language, with what to do, not as the browser's words.
  assert.match(message, /本机存储空间已满/);
  assert.doesNotMatch(message, /quota/i);
  await page.screenshot({ path: join(artifacts, 't6-storage-error-zh-Hans.png') });
  assert.deepEqual(await localCounts(page), before, 'the failed save left nothing half-written');
  // The user saves again once space is back; then everything syncs once.
  await page.locator('#save').click();
  await page.locator('#saved-message[data-saved="2"]').waitFor();
  await context.setOffline(false);
  await waitUntilSynced(page);
  assert.deepEqual(await serverCounts('deputy2', ['T6 之前', 'T6 失败的这一条']), [1, 1]);
  assert.equal((await localCounts(page)).outbox, 0);
  await context.close();
});

test('T7 the computer clock is days off: order of changes and the records are unaffected', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext();
  // The page's clock runs 40 days behind; the test moves it 40 days ahead mid-way.
  await context.addInitScript(() => {
    const RealDate = Date;
    window.__clockOffset = -40 * 86_400_000;
    class SkewedDate extends RealDate {
      constructor(...args) {
        if (args.length === 0) super(RealDate.now() + window.__clockOffset);
        else super(...args);
      }
      static now() { return RealDate.now() + window.__clockOffset; }
    }
    window.Date = SkewedDate;
  });
  const page = await context.newPage();
  await signInThroughPage(page, base, 'deputy2');
  await waitUntilSynced(page);
  await context.setOffline(true);
  await registerByKeyboard(page, base, { date: '2026-09-01', place: '甲', description: 'T7 时钟偏慢时登记' });
  await page.evaluate(() => { window.__clockOffset = 40 * 86_400_000; });
  await registerByKeyboard(page, base, { date: '2026-09-02', place: '乙', description: 'T7 时钟偏快时登记' });
  // Edit the first record while the clock is ahead: the edit must win, though its id's
  // timestamp and the device time say otherwise.
  await page.goto(base + '/records');
  await page.locator('.record', { hasText: 'T7 时钟偏慢时登记' }).getByRole('link', { name: '修改' }).click();
  await page.locator('#description').fill('T7 时钟偏慢时登记（已修改）');
  await page.locator('#save').click();
  await page.waitForURL(base + '/records');
  await context.setOffline(false);
  await waitUntilSynced(page);
  const session = await apiSignIn(base, 'deputy2');
  const records = (await serverRecords(base, session.token)).filter((r) => r.description.startsWith('T7'));
  assert.deepEqual(
    records.map((r) => [r.date, r.description, r.revision]).sort(),
    [['2026-09-01', 'T7 时钟偏慢时登记（已修改）', 2], ['2026-09-02', 'T7 时钟偏快时登记', 1]],
  );
  assert.equal((await localCounts(page)).outbox, 0);
  await context.close();
});

test('a deputy edit to a record staff changed meanwhile is not dropped: both versions are shown', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext();
  const page = await context.newPage();
  await signInThroughPage(page, base, 'deputy2');
  await waitUntilSynced(page);
  await registerByKeyboard(page, base, { place: '北街', description: '冲突前的版本' });
  await waitUntilSynced(page);
  const session = await apiSignIn(base, 'deputy2');
  const record = (await serverRecords(base, session.token)).find((r) => r.description === '冲突前的版本');

  // Offline, the deputy edits it; meanwhile staff approve the version they saw.
  await context.setOffline(true);
  await page.goto(base + '/records');
  await page.locator('.record', { hasText: '冲突前的版本' }).getByRole('link', { name: '修改' }).click();
  await page.locator('#description').fill('离线时改过的版本');
  await page.locator('#save').click();
  await page.waitForURL(base + '/records');
  const staff = await apiSignIn(base, 'staff');
  await staffReview(base, staff.token, [{ id: record.id }]);

  await context.setOffline(false);
  await waitUntilSynced(page);
  await page.goto(base + '/sync');
  const problem = page.locator('#problems .problem').first();
  await problem.waitFor();
  const text = await problem.textContent();
  assert.match(text, /您的版本/);
  assert.match(text, /离线时改过的版本/);
  assert.match(text, /服务器上的版本/);
  assert.match(text, /冲突前的版本/);
  await page.screenshot({ path: join(artifacts, 'sync-conflict-zh-Hans.png'), fullPage: true });
  // The device now holds the server's version, approved; the server kept staff's decision.
  await page.goto(base + '/records');
  await page.locator('.record[data-state="approved"]', { hasText: '冲突前的版本' }).waitFor();
  const after = (await serverRecords(base, session.token)).find((r) => r.id === record.id);
  assert.equal(after.description, '冲突前的版本');
  assert.equal(after.review.status, 'approved');
  assert.equal((await localCounts(page)).outbox, 0);
  await context.close();
});
