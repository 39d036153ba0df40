// The built app, served by the real server, in real headless Chromium: the shell renders
// in Simplified Chinese, the home page shows the server's health, the language switch
// works and is remembered, and the online indicator follows the network.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, useServerAndBrowser } from './harness.mjs';

const running = useServerAndBrowser({ before, after });

test('the shell renders in Simplified Chinese and shows the server health', async () => {
  const page = await running.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(running.server.base + '/');
  await page.locator('.brand-name').waitFor();
  assert.equal(await page.locator('.brand-name').textContent(), '履职');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
  const status = page.locator('#health-status');
  await status.waitFor();
  assert.equal(await status.getAttribute('data-status'), 'ok');
  assert.equal(await status.textContent(), '运行正常');
  // The page came with the server's security headers, and its inline scripts ran under them.
  const headers = await (await page.request.get(running.server.base + '/')).headers();
  assert.match(headers['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(headers['content-security-policy'], /unsafe-inline/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  // The app's files go out as the brotli copies made at build time.
  const wasmUrl = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.endsWith('.wasm')));
  const wasm = await page.request.get(wasmUrl, { headers: { 'accept-encoding': 'br' } });
  assert.equal(wasm.headers()['content-encoding'], 'br', wasmUrl);
  // robots.txt is a text file, not the app's HTML (Lighthouse's SEO audit read it as HTML).
  const robots = await page.request.get(running.server.origin + '/robots.txt');
  assert.equal(robots.status(), 200);
  assert.match(robots.headers()['content-type'], /^text\/plain/);
  assert.match(await robots.text(), /^User-agent: \*$/m);
  assert.match(headers['permissions-policy'], /camera=\(self\)/);
  assert.equal(await page.locator('.main-nav a[aria-current="page"]').textContent(), '首页');
  // Every link of the menu stays in the app (under its base; `/` is the public site), and is
  // followed by the router in the page, not by loading a new one.
  const appPath = new URL(running.server.base).pathname;
  const hrefs = await page.locator('.main-nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  for (const href of hrefs) assert.ok(href === appPath || href.startsWith(appPath + '/'), href);
  await page.evaluate(() => { window.lvzhiSameDocument = true; });
  await page.locator('.main-nav a', { hasText: '履职要求' }).click();
  await page.waitForURL(running.server.base + '/requirements');
  assert.equal(await page.evaluate(() => window.lvzhiSameDocument), true, 'the link reloaded the page');
  await page.locator('.main-nav a', { hasText: '首页' }).click();
  await page.waitForURL(running.server.base);
  // The app asked for persistent storage; where the browser refused, the user is told.
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  if (persisted) {
    assert.equal(await page.locator('#storage-notice').count(), 0);
  } else {
    await page.locator('#storage-notice').waitFor();
    assert.match(await page.locator('#storage-notice').textContent(), /持久存储/);
  }
  await page.screenshot({ path: join(artifacts, 'home-zh-Hans.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('switching language changes every string and is remembered after a reload', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await page.goto(running.server.base + '/requirements');
  await page.locator('h1').waitFor();
  assert.match(await page.locator('h1').textContent(), /341 311/);
  // The table is the rule file's: six requirements, 3 speeches a year among them.
  await page.locator('tr[data-requirement="session_speeches"]').waitFor();
  assert.equal(await page.locator('tbody tr[data-requirement]').count(), 6);
  assert.equal(await page.locator('tr[data-requirement="session_speeches"] td.number').textContent(), '3');
  await page.selectOption('#language', 'en');
  assert.equal(await page.locator('.main-nav a[aria-current="page"]').textContent(), 'Requirements');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.screenshot({ path: join(artifacts, 'requirements-en.png') });
  await page.reload();
  await page.locator('h1').waitFor();
  assert.equal(await page.locator('.brand-name').textContent(), 'Lüzhi');
  await page.selectOption('#language', 'zh-Hant');
  assert.equal(await page.locator('.brand-name').textContent(), '履職');
  await page.screenshot({ path: join(artifacts, 'requirements-zh-Hant.png') });
  await context.close();
});

test('the online indicator follows the network and an unknown route shows a not-found page', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(running.server.base + '/no/such/page');
  await page.locator('h1').waitFor();
  assert.equal(await page.locator('h1').textContent(), '页面不存在');
  const badge = page.locator('.online-badge');
  assert.equal(await badge.getAttribute('data-online'), 'true');
  await context.setOffline(true);
  await page.waitForFunction(() => document.querySelector('.online-badge')?.dataset.online === 'false');
  assert.equal((await badge.textContent()).trim(), '离线');
  await context.setOffline(false);
  await page.waitForFunction(() => document.querySelector('.online-badge')?.dataset.online === 'true');
  await context.close();
});
