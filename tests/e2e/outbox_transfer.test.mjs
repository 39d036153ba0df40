// Moving un-synced changes to another browser: export the outbox to a file on one laptop,
// import it on another (or after the browser's data was cleared), and sync from both —
// every record reaches the server once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  apiSignIn, artifacts, localCounts, registerByKeyboard, serverRecords, signInThroughPage,
  useServerAndBrowser, waitUntilSynced,
} from './harness.mjs';

const running = useServerAndBrowser({ before, after });

test('an exported outbox imported elsewhere syncs once, and the original syncing too doubles nothing', async () => {
  const base = running.server.base;
  const folder = mkdtempSync(join(tmpdir(), 'lvzhi-outbox-'));
  try {
    const laptop = await running.browser.newContext({ acceptDownloads: true });
    const page = await laptop.newPage();
    await signInThroughPage(page, base, 'deputy2');
    await waitUntilSynced(page);
    await laptop.setOffline(true);
    const descriptions = ['导出一', '导出二'];
    for (const description of descriptions) {
      await registerByKeyboard(page, base, { place: '乡镇', description });
    }
    await page.goto(base + '/sync');
    const downloading = page.waitForEvent('download');
    await page.locator('#export-outbox').click();
    const file = join(folder, 'changes.json');
    await (await downloading).saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(exported.format, 'lvzhi-outbox');
    assert.equal(exported.mutations.length, 2);

    // Another browser of a different deputy refuses the file.
    const stranger = await running.browser.newContext();
    const strangerPage = await stranger.newPage();
    await signInThroughPage(strangerPage, base, 'deputy');
    await strangerPage.goto(base + '/sync');
    await strangerPage.locator('#import-outbox').setInputFiles(file);
    await strangerPage.locator('#import-message').waitFor();
    assert.equal(await strangerPage.locator('#import-message').textContent(), '这个文件属于另一个账号，未导入。');
    assert.equal((await localCounts(strangerPage)).outbox, 0);
    await stranger.close();

    // A second browser of the same deputy imports it and syncs.
    const other = await running.browser.newContext();
    const otherPage = await other.newPage();
    await signInThroughPage(otherPage, base, 'deputy2');
    await waitUntilSynced(otherPage);
    await otherPage.goto(base + '/sync');
    await otherPage.locator('#import-outbox').setInputFiles(file);
    await otherPage.locator('#import-message').waitFor();
    assert.equal(await otherPage.locator('#import-message').textContent(), '已导入 2 条更改，将在联网后同步。');
    await waitUntilSynced(otherPage);
    await otherPage.screenshot({ path: join(artifacts, 'sync-after-import-zh-Hans.png') });

    // The first laptop comes back online and pushes the same changes: no doubles, no conflicts.
    await laptop.setOffline(false);
    await waitUntilSynced(page);
    const session = await apiSignIn(base, 'deputy2');
    const records = await serverRecords(base, session.token);
    assert.deepEqual(descriptions.map((d) => records.filter((r) => r.description === d).length), [1, 1]);
    assert.equal((await localCounts(page)).outbox, 0);
    await page.goto(base + '/sync');
    await page.locator('#no-problems').waitFor();
    await laptop.close();
    await other.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
