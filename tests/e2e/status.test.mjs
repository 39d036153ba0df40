// The sync status tells the truth, in the user's language: with the server unreachable
// while the browser is online the badge says so (not "synced") with the count waiting, and
// /sync explains it in Chinese, never as "network: Failed to fetch"; offline, it says
// offline; once the server answers again it reads 已同步.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, registerByKeyboard, signInThroughPage, useServerAndBrowser, waitUntilSynced } from './harness.mjs';

const running = useServerAndBrowser({ before, after });

test('the badge and /sync say the server is unreachable, offline or synced, in Chinese', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const base = running.server.base;
  await signInThroughPage(page, base, 'deputy');
  await waitUntilSynced(page);
  const badge = page.locator('#sync-badge');
  assert.equal(await badge.getAttribute('data-state'), 'synced');

  // The server goes away while the browser stays online.
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  await registerByKeyboard(page, base, { kindIndex: 1, place: '青杠村', description: '服务器不在时登记' });
  await page.locator('#sync-badge[data-state="unreachable"][data-pending="1"][data-running="false"]').waitFor({ timeout: 20_000 });
  assert.equal((await badge.textContent()).trim(), '⚠ 连不上服务器 · 1 条未同步');
  assert.equal(await page.locator('.online-badge').getAttribute('data-online'), 'true');
  // On /compliance the record that never left the device reads 尚未同步, not 待审核.
  await page.goto(base + '/compliance');
  await page.locator('tr[data-requirement="between_sessions"] button').first().click();
  const unsent = page.locator('li[data-unsynced="true"]').first();
  await unsent.waitFor();
  assert.match(await unsent.textContent(), /青杠村 — 尚未同步$/);
  await page.goto(base + '/report');
  const line = page.locator('.report-kind li', { hasText: '服务器不在时登记' });
  await line.waitFor();
  assert.match(await line.textContent(), /（?\(?尚未同步\)?/);
  assert.doesNotMatch(await line.textContent(), /待审核/);
  await page.goto(base + '/sync');
  // A reload starts a pass of its own, which fails the same way.
  await page.locator('#sync-error', { hasText: '连不上服务器' }).waitFor({ timeout: 20_000 });
  const error = await page.locator('#sync-error').textContent();
  assert.equal(error, '连不上服务器。更改都保存在本机，连上后会自动同步。');
  assert.doesNotMatch(error, /fetch|network/i);
  await page.screenshot({ path: join(artifacts, 'sync-unreachable-zh-Hans.png') });

  // Offline: the badge says offline, with the count.
  await context.setOffline(true);
  await page.locator('#sync-badge[data-state="offline"]').waitFor();
  assert.match(await badge.textContent(), /离线 · 1 条未同步/);

  // Back online with the server answering: synced.
  await page.unroute('**/api/**');
  await context.setOffline(false);
  await page.locator('#sync-now').click();
  await waitUntilSynced(page);
  assert.equal(await badge.getAttribute('data-state'), 'synced');
  assert.equal((await badge.textContent()).trim(), '已同步');
  await context.close();
});

test('after a navigation by keyboard, focus is on the new page and its title is announced', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const base = running.server.base;
  await signInThroughPage(page, base, 'deputy2');
  const appPath = new URL(base).pathname;
  await page.locator(`.main-nav a[href="${appPath}/register"]`).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(base + '/register');
  await page.waitForFunction(() => document.activeElement?.id === 'kind');
  await page.locator(`.main-nav a[href="${appPath}/records"]`).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(base + '/records');
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  const heading = await page.evaluate(() => document.activeElement.textContent);
  await page.waitForFunction((text) => document.querySelector('#route-announcer')?.textContent === text, heading);
  await context.close();
});
