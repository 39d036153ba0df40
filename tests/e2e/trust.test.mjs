// Storage faults the deputy's app must survive, made real in Chromium: the page closed by the
// browser in the middle of a save, the database deleted under a signed-in app (eviction), the
// storage quota cut with the DevTools protocol, and a database this build cannot open when
// the deputy signs out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  artifacts, launchPersistent, localCounts, signInThroughPage, useServerAndBrowser, waitUntilSynced,
} from './harness.mjs';

const running = useServerAndBrowser({ before, after });

/** Every record and outbox entry of the app's database, read in the page. */
async function localStore(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('lvzhi');
        open.onsuccess = () => {
          const tx = open.result.transaction(['outbox', 'activities'], 'readonly');
          const outbox = tx.objectStore('outbox').getAll();
          const activities = tx.objectStore('activities').getAll();
          tx.oncomplete = () => {
            open.result.close();
            resolve({ outbox: outbox.result, activities: activities.result });
          };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
}

/** Deletes the app's database from `page` (as eviction or "clear site data" would). */
async function deleteAppDatabase(page) {
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.deleteDatabase('lvzhi');
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      }),
  );
}

/** Fills the register form (on `page`, already on /register) and submits it, not waiting. */
async function fillAndSubmit(page, place) {
  await page.locator('#place').fill(place);
  await page.locator('#description').fill('关页测试');
  await page.locator('#description').press('Control+Enter');
}

test('a page closed by the browser in the middle of a save leaves the record and its outbox entry both stored or both absent', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext();
  // No sync: the outbox keeps what was saved, so it can be compared with the records.
  await context.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
  const first = await context.newPage();
  await signInThroughPage(first, base, 'deputy');
  await first.close();
  // Close the page after a growing delay from the submit: some closes land before the
  // transaction starts, some during it, some after it committed.
  const delays = [0, 1, 2, 3, 5, 8, 12, 20, 35, 60, 100, 200];
  for (const [index, delay] of delays.entries()) {
    const page = await context.newPage();
    await page.goto(base + '/register');
    await page.locator('#place').waitFor();
    await fillAndSubmit(page, `关页-${index}`);
    await new Promise((done) => setTimeout(done, delay));
    await page.close({ runBeforeUnload: false });
  }
  const reader = await context.newPage();
  await reader.goto(base + '/records');
  await reader.locator('#records').waitFor();
  const { outbox, activities } = await localStore(reader);
  let both = 0;
  let neither = 0;
  for (const index of delays.keys()) {
    const place = `关页-${index}`;
    const records = activities.filter((a) => a.place === place);
    const queued = outbox.filter((m) => m.operation?.activity?.place === place);
    assert.ok(records.length <= 1 && queued.length <= 1, `${place}: saved twice (${records.length} records, ${queued.length} queued)`);
    assert.equal(records.length, queued.length, `${place}: ${records.length} record(s) but ${queued.length} outbox entr(ies)`);
    if (records.length === 1) {
      assert.deepEqual(queued[0].operation.activity, records[0], `${place}: the outbox entry is another version of the record`);
      both += 1;
    } else {
      neither += 1;
    }
  }
  console.log(`closed mid-save: ${both} saves stored whole, ${neither} absent, 0 half-stored`);
  // The close must have interrupted some saves and let others commit, or it tested nothing.
  assert.ok(both > 0, 'no save committed before its page closed');
  await context.close();
});

test('the database deleted under a signed-in app: it says what was lost, keeps the sign-in and rebuilds from the server', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext();
  const page = await context.newPage();
  await signInThroughPage(page, base, 'deputy2');
  await waitUntilSynced(page);
  const synced = await localCounts(page);
  assert.ok(synced.activities > 0, 'the demo deputy has records on the server');
  // One record never reaches the server: sync is cut, then the database is deleted.
  await context.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
  await page.goto(base + '/register');
  await fillAndSubmit(page, '驱逐前未同步');
  await page.locator('#saved-message[data-saved="1"]').waitFor();
  await page.locator('#sync-badge[data-pending="1"]').waitFor();
  await deleteAppDatabase(page);
  await context.unroute('**/api/sync/**');
  // The app's next use of its storage finds the database gone.
  await page.locator('nav.main-nav').getByRole('link', { name: '我的记录' }).click();
  const notice = page.locator('#storage-cleared');
  await notice.waitFor();
  assert.match(await notice.innerText(), /上次已知尚未同步的 1 项更改已丢失/);
  await page.screenshot({ path: join(artifacts, 'eviction-notice-zh-Hans.png') });
  await waitUntilSynced(page);
  const rebuilt = await localCounts(page);
  assert.deepEqual(rebuilt, { outbox: 0, activities: synced.activities }, 'rebuilt from the server');
  // The sign-in was written to the new database: a reload stays signed in.
  await page.reload();
  await page.locator('#account-name').waitFor();
  await notice.waitFor({ state: 'detached' });
  await context.close();
});

test('data cleared while the app was closed: the next start says how many un-synced changes were lost and asks to sign in', async () => {
  const base = running.server.base;
  const profile = mkdtempSync(join(tmpdir(), 'lvzhi-evicted-'));
  let context;
  try {
    context = await launchPersistent(profile);
    let page = context.pages()[0] ?? (await context.newPage());
    await signInThroughPage(page, base, 'deputy');
    await waitUntilSynced(page);
    await context.route('**/api/sync/**', (route) => route.abort('internetdisconnected'));
    await page.goto(base + '/register');
    await fillAndSubmit(page, '关闭后被清除');
    await page.locator('#saved-message[data-saved="1"]').waitFor();
    await page.locator('#sync-badge[data-pending="1"]').waitFor();
    // The badge counts the outbox; the count the next start reads is written to
    // localStorage by the sync status a moment later: close only once it is there.
    await page.waitForFunction(() => localStorage.getItem('lvzhi.unsynced') === '1');
    await context.close();
    // With no page of the app open, the database goes (as eviction or "clear site data"
    // would take it); then the app starts again in the same browser profile.
    context = await launchPersistent(profile);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(running.server.origin + '/robots.txt');
    await deleteAppDatabase(page);
    await page.goto(base + '/');
    const notice = page.locator('#storage-cleared-before');
    await notice.waitFor();
    assert.match(await notice.innerText(), /当时尚未同步的 1 项更改已丢失/);
    await page.locator('#sign-in-link').waitFor();
    await page.screenshot({ path: join(artifacts, 'evicted-while-closed-zh-Hans.png') });
    // Once said, it is not said again.
    await page.reload();
    await page.locator('#sign-in-link').waitFor();
    assert.equal(await notice.count(), 0);
  } finally {
    // Closed on failure too: a persistent browser left open keeps the test runner alive.
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('with the storage quota cut, a save fails with a localized error and keeps the form; what was stored stays', async (t) => {
  const base = running.server.base;
  const context = await running.browser.newContext();
  const page = await context.newPage();
  await signInThroughPage(page, base, 'deputy');
  await waitUntilSynced(page);
  const before = await localCounts(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(base).origin, quotaSize: 0 });
  // Chromium 156 (Debian) accepts the override but keeps its own quota (the estimate is
  // unchanged and writes commit); then this fault cannot be made here, and the test says so.
  // T6 (faults.test.mjs) covers the same refusal as Chromium reports it.
  const quota = await page.evaluate(async () => (await navigator.storage.estimate()).quota);
  if (quota > 0) {
    t.skip(`this Chromium ignores Storage.overrideQuotaForOrigin (quota still ${quota} bytes)`);
    await context.close();
    return;
  }
  await page.goto(base + '/register');
  await fillAndSubmit(page, '配额已满');
  const error = page.locator('#form-errors');
  await error.waitFor();
  const text = await error.innerText();
  assert.match(text, /无法保存到本机，什么也没有改变：本机存储空间已满/, text);
  assert.doesNotMatch(text, /QuotaExceeded|local storage failed/, 'the error is in the user language');
  assert.equal(await page.locator('#place').inputValue(), '配额已满', 'the form keeps what was typed');
  await page.screenshot({ path: join(artifacts, 'quota-error-zh-Hans.png') });
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(base).origin });
  assert.deepEqual(await localCounts(page), before, 'nothing stored was lost');
  await context.close();
});

test('sign-out when the un-synced count cannot be read says the count is unknown and asks', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext();
  const page = await context.newPage();
  await signInThroughPage(page, base, 'deputy2');
  await waitUntilSynced(page);
  // A newer schema (as a newer build in another tab would make): this build cannot open it.
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('lvzhi', 99);
        request.onsuccess = () => {
          request.result.close();
          resolve();
        };
        request.onerror = () => reject(request.error);
      }),
  );
  const dialogs = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.locator('#sign-out').click();
  await page.waitForFunction(() => true, null, { timeout: 500 }).catch(() => {});
  await page.waitForTimeout(500);
  assert.equal(dialogs.length, 1, `one question before signing out, got ${JSON.stringify(dialogs)}`);
  assert.match(dialogs[0], /读不出本机还有多少记录尚未同步/);
  assert.match(dialogs[0], /仍要退出吗/);
  // Dismissed: still signed in.
  await page.locator('#account-name').waitFor();
  await context.close();
});
