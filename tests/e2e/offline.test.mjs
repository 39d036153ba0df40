// After one online visit, the app starts and navigates with no network at all (the
// service worker serves the cached shell), and says it is offline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, useServerAndBrowser } from './harness.mjs';

const running = useServerAndBrowser({ before, after });

test('the app starts offline after one online visit', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(running.server.base + '/');
  await page.locator('#health-status[data-status="ok"]').waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // Wait until the worker controls the page and has cached the shell.
  await page.waitForFunction(async () => (await caches.keys()).some((key) => key.startsWith('lvzhi-shell-')));

  await context.setOffline(true);
  await page.reload();
  await page.locator('.brand-name').waitFor();
  assert.equal(await page.locator('.brand-name').textContent(), '履职');
  await page.waitForFunction(() => document.querySelector('.online-badge')?.dataset.online === 'false');
  await page.locator('#health-status[data-status="unreachable"]').waitFor();
  await page.screenshot({ path: join(artifacts, 'home-offline-zh-Hans.png') });

  // A route never visited online also starts offline, in a new tab.
  const second = await context.newPage();
  await second.goto(running.server.base + '/requirements');
  await second.locator('h1').waitFor();
  assert.match(await second.locator('h1').textContent(), /341 311/);
  await context.close();
});
