// The keyed queues and the paged first sync (issue 9), against the real server in real
// Chromium, with the network slowed or cut by Playwright's request routing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  api, apiSignIn, artifacts, localCounts, serverRecords, signInThroughPage, useServerAndBrowser, waitUntilSynced,
} from './harness.mjs';

const running = useServerAndBrowser({ before, after });

test('a note saved while a sync pass is sending its older text is sent by the next pass', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext();
  const page = await context.newPage();
  try {
    await signInThroughPage(page, base, 'deputy');
    await waitUntilSynced(page);
    // Every note PUT waits 3 s on the way; the first one tells the test it is in flight.
    let inFlight;
    const firstSent = new Promise((resolve) => { inFlight = resolve; });
    const sentTexts = [];
    await page.route('**/api/replies', async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      sentTexts.push(JSON.parse(route.request().postData()).text);
      inFlight();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      return route.continue();
    });
    await page.goto(base + '/compliance');
    await page.locator('#compliance-year tr[data-requirement="between_sessions"] button').click();
    const detail = page.locator('.requirement-detail').first();
    await detail.locator('.reply-open').click();
    await detail.locator('.reply-input').fill('第一稿：十一月走访较多。');
    await detail.locator('.reply-save').click();
    await firstSent;
    // While the first text is on its way, the deputy rewrites the note.
    await detail.locator('.reply-open').click();
    await detail.locator('.reply-input').fill('第二稿：十一月集中走访，材料已补齐。');
    await detail.locator('.reply-save').click();
    await detail.locator('.reply-text', { hasText: '第二稿' }).waitFor();
    // The next pass sends the second text; the device then shows it as synced.
    await detail.locator('.reply-text[data-synced="true"]', { hasText: '第二稿' }).waitFor({ timeout: 30_000 });
    await waitUntilSynced(page);
    assert.deepEqual(sentTexts, ['第一稿：十一月走访较多。', '第二稿：十一月集中走访，材料已补齐。']);
    const deputy = await apiSignIn(base, 'deputy');
    const notes = await api(base, 'GET', '/api/replies', undefined, deputy.token);
    const texts = notes.map((n) => n.text);
    assert.ok(texts.includes('第二稿：十一月集中走访，材料已补齐。'), JSON.stringify(texts));
    assert.ok(!texts.includes('第一稿：十一月走访较多。'), 'the newer text replaced the older on the server');
    await page.screenshot({ path: join(artifacts, 'queues-note-race-zh-Hans.png'), fullPage: true });
  } finally {
    await context.close();
  }
});

test('a first sync cut off in the middle of its snapshot resumes there and ends with every record once', async () => {
  const base = running.server.base;
  const context = await running.browser.newContext();
  const page = await context.newPage();
  try {
    // Pages of 3 records, and the network cut after the second page.
    const pulls = [];
    let cut = false;
    await page.route('**/api/sync/pull', async (route) => {
      const body = JSON.parse(route.request().postData());
      body.limit = 3;
      pulls.push(body);
      if (pulls.length === 3 && !cut) {
        cut = true;
        return route.abort('internetdisconnected');
      }
      return route.continue({ postData: JSON.stringify(body) });
    });
    await signInThroughPage(page, base, 'deputy');
    await page.locator('#sync-badge[data-state="unreachable"], #sync-badge[data-state="error"]').waitFor({ timeout: 30_000 });
    const held = await localCounts(page);
    assert.equal(held.activities, 6, 'the two stored pages stay stored');
    // The next pass resumes the snapshot after the last record stored.
    await page.goto(base + '/sync');
    await page.locator('#sync-now').click();
    await waitUntilSynced(page);
    const resumed = pulls[3];
    assert.ok(resumed.snapshot, `the pull after the cut continues the snapshot: ${JSON.stringify(resumed)}`);
    assert.equal(resumed.cursor ?? null, null);
    assert.ok(pulls.slice(3).every((p) => p.cursor !== null || p.snapshot), 'no second snapshot from the start');
    const deputy = await apiSignIn(base, 'deputy');
    const onServer = await serverRecords(base, deputy.token);
    const local = await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('lvzhi');
      open.onsuccess = () => {
        const request = open.result.transaction('activities').objectStore('activities').getAllKeys();
        request.onsuccess = () => { open.result.close(); resolve(request.result); };
        request.onerror = () => reject(request.error);
      };
      open.onerror = () => reject(open.error);
    }));
    assert.equal(local.length, onServer.length);
    assert.deepEqual([...local].sort(), onServer.map((r) => r.id).sort());
  } finally {
    await context.close();
  }
});
