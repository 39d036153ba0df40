// One bundle per audience, served by the real server, in headless Chromium: the public home
// page rendered on the server reads the same with JavaScript turned off; sign-in sends each
// role to its own app; and the staff console's sign-out leaves a deputy's data alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, useServerAndBrowser } from './harness.mjs';

const running = useServerAndBrowser({ before, after });

test('the public home page is whole with JavaScript turned off, in each language', async () => {
  const context = await running.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  try {
    const page = await context.newPage();
    await page.goto(running.server.origin + '/');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
    assert.equal(await page.locator('h1').textContent(), '履职 · 人大代表履职服务与公开监督');
    assert.equal(await page.locator('#deputy-sign-in').getAttribute('href'), '/me/signin');
    await page.screenshot({ path: join(artifacts, 'public-home-no-js.png'), fullPage: true });
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/\/en\/$/);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.locator('h1').textContent(), /^Lüzhi · People's Congress deputies/);
    await page.getByRole('link', { name: '繁體中文' }).click();
    await page.waitForURL(/\/zh-hant\/$/);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant');
    // The language links are reachable by keyboard: the skip link, the brand, then the languages.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip');
  } finally {
    await context.close();
  }
});

/** Signs in on the sign-in page at `appBase` (Chinese labels). */
async function signInAt(page, appBase, login) {
  await page.goto(running.server.origin + appBase + '/signin');
  await page.getByLabel('账号').fill(login);
  await page.getByLabel('密码').fill('lvzhi-demo');
  await page.getByRole('button', { name: '登录' }).click();
}

/** The session kept in `database`'s meta store, or null. */
async function storedSession(page, database) {
  return page.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => open.transaction.abort();
        open.onerror = () => resolve(null);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('meta')) return resolve(null);
          const get = db.transaction('meta').objectStore('meta').get('session');
          get.onsuccess = () => resolve(get.result ?? null);
          get.onerror = () => reject(get.error);
        };
      }),
    database,
  );
}

test('sign-in sends each role to its own app, and the staff sign-out leaves the deputy signed in', async () => {
  const context = await running.browser.newContext();
  try {
    const page = await context.newPage();
    // A deputy signs in to the deputy's workspace.
    await signInAt(page, '/me', 'deputy');
    await page.locator('#account-name').waitFor();
    assert.match(page.url(), /\/me\/?$/);
    // Staff use the deputy's sign-in page by mistake in another tab: they land in the console.
    const staffPage = await context.newPage();
    await signInAt(staffPage, '/me', 'staff');
    await staffPage.waitForURL(/\/staff\/?$/);
    await staffPage.locator('#staff-signed-in').waitFor();
    assert.ok(await storedSession(staffPage, 'lvzhi-staff'), 'the console keeps the staff session');
    const deputySession = await storedSession(staffPage, 'lvzhi');
    assert.equal(JSON.parse(deputySession).account.login, 'deputy', 'the deputy session is untouched');
    await staffPage.screenshot({ path: join(artifacts, 'staff-console-home.png') });
    // Staff sign out of the console: the deputy's data stays.
    await staffPage.locator('#sign-out').click();
    await staffPage.locator('#sign-in-link').waitFor();
    assert.equal(await storedSession(staffPage, 'lvzhi-staff'), null);
    assert.equal(JSON.parse(await storedSession(staffPage, 'lvzhi')).account.login, 'deputy');
    await page.reload();
    await page.locator('#account-name').waitFor();
    // A deputy on the console's sign-in page is sent to the deputy's workspace.
    const other = await running.browser.newContext();
    try {
      const deputyPage = await other.newPage();
      await signInAt(deputyPage, '/staff', 'deputy2');
      await deputyPage.waitForURL(/\/me\/?$/);
      await deputyPage.locator('#account-name').waitFor();
      assert.equal(await storedSession(deputyPage, 'lvzhi-staff'), null, 'nothing kept in the console');
    } finally {
      await other.close();
    }
  } finally {
    await context.close();
  }
});
