// Signing in once online, staying signed in offline, and signing out with a warning about
// un-synced work, after which the personal data on the device is gone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { apiSignIn, artifacts, useServerAndBrowser, originOf } from './harness.mjs';

const running = useServerAndBrowser({ before, after });

async function signIn(page, login, password) {
  await page.goto(running.server.base + '/signin');
  await page.getByLabel('账号').fill(login);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

test('a wrong password is refused with a message in Chinese', async () => {
  const context = await running.browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'deputy', 'not-the-password');
  await page.locator('#sign-in-error').waitFor();
  assert.equal(await page.locator('#sign-in-error').textContent(), '账号或密码不正确。');
  await page.screenshot({ path: join(artifacts, 'signin-error-zh-Hans.png') });
  await context.close();
});

test('signed in once, the deputy stays signed in offline; signing out warns and wipes local data', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, 'deputy', 'lvzhi-demo');
  await page.locator('#account-name').waitFor();
  const name = await page.locator('#account-name').textContent();
  assert.ok(name.length >= 2, name);
  await page.waitForURL(running.server.base); // the app writes its home without the slash
  await page.evaluate(async () => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => (await caches.keys()).some((key) => key.startsWith('lvzhi-shell-')));

  await context.setOffline(true);
  await page.reload();
  await page.locator('#account-name').waitFor();
  assert.equal(await page.locator('#account-name').textContent(), name);
  await page.screenshot({ path: join(artifacts, 'signed-in-offline-zh-Hans.png') });

  // One change waits in the outbox (written straight into IndexedDB, as the app would).
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('lvzhi');
        open.onsuccess = () => {
          const tx = open.result.transaction('outbox', 'readwrite');
          tx.objectStore('outbox').put({ seq: 1, operation: { op: 'approve', id: '0192d1f0-7c1a-7b3e-9c4d-2a1b3c4d5e6f' } });
          tx.oncomplete = () => { open.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );

  // Declining the warning keeps everything.
  let warning = '';
  page.once('dialog', (dialog) => { warning = dialog.message(); dialog.dismiss(); });
  await page.locator('#sign-out').click();
  await page.waitForFunction(() => true);
  await page.waitForTimeout(300);
  assert.match(warning, /1 条记录尚未同步/);
  assert.equal(await page.locator('#account-name').textContent(), name);

  // Accepting it signs out and wipes the device's personal data.
  page.once('dialog', (dialog) => dialog.accept());
  await page.locator('#sign-out').click();
  await page.locator('#sign-in-link').waitFor();
  const left = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('lvzhi');
        open.onsuccess = () => {
          const tx = open.result.transaction(['outbox', 'meta'], 'readonly');
          const outbox = tx.objectStore('outbox').count();
          const meta = tx.objectStore('meta').count();
          tx.oncomplete = () => { open.result.close(); resolve({ outbox: outbox.result, meta: meta.result }); };
        };
      }),
  );
  assert.deepEqual(left, { outbox: 0, meta: 0 });
  await page.reload();
  await page.locator('#sign-in-link').waitFor();
  await context.close();
});

test('too many wrong passwords are answered with a wait, in Chinese', async () => {
  const context = await running.browser.newContext();
  const page = await context.newPage();
  // A login of its own, so other tests' sign-ins are not throttled.
  for (let attempt = 0; attempt < 7; attempt++) {
    await signIn(page, 'nobody-here', `wrong-${attempt}`);
    await page.locator('#sign-in-error').waitFor();
  }
  assert.equal(await page.locator('#sign-in-error').textContent(), '密码错误次数过多。请稍等片刻再试。');
  await context.close();
});

test('my sessions: the sync page lists the browsers signed in and ends another one', async () => {
  const elsewhere = await apiSignIn(running.server.base, 'deputy2');
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, 'deputy2', 'lvzhi-demo');
  await page.locator('#account-name').waitFor();
  await page.goto(running.server.base + '/sync');
  await page.locator('#sessions li[data-current="true"]').waitFor();
  assert.ok((await page.locator('#sessions li').count()) >= 2);
  assert.equal(await page.locator('#server-version').textContent(), '0.1.0');
  await page.locator('#end-other-sessions').click();
  await page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 1);
  const response = await fetch(running.server.origin + '/api/session', { headers: { authorization: `Bearer ${elsewhere.token}` } });
  assert.equal(response.status, 401, 'the other session ended');
  await page.screenshot({ path: join(artifacts, 'sessions-zh-Hans.png') });
  await context.close();
});

