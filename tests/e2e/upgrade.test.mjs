// Upgrading a browser that still runs the deputy's old service worker: before the apps moved
// under /me/ and /staff/, the deputy's app lived at `/` and its worker (scope `/`, cache
// `lvzhi-shell-<build>`) would go on answering the public home page from its cache. The first
// server below serves that old build; the second, on the same origin, is today's. The new
// build's /sw.js must retire the old worker: its caches deleted, its registration gone, the
// public page coming from the server (and failing offline, not showing a stale app), while
// what the browser keeps in IndexedDB is left alone and the deputy's app installs its own
// worker under /me.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { artifacts, launchPersistent, signInThroughPage, startServer } from './harness.mjs';

const fixtures = resolve(import.meta.dirname, 'fixtures');

/** A port nobody listens on now, for two servers in turn on one origin. */
async function freePort() {
  const probe = createNetServer();
  await new Promise((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address();
  await new Promise((done) => probe.close(done));
  return port;
}

/** The old build, as its server answered: the shell at `/`, the old worker at /sw.js, and the
 * files that worker cached on install. */
async function serveOldBuild(port) {
  const worker = readFileSync(join(fixtures, 'legacy-root-sw.js'), 'utf8').replace('__LVZHI_BUILD__', 'oldbuild');
  const shell = `<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>履职 (old build)</title></head>
<body><p id="old-shell">the old deputy shell</p>
<script>navigator.serviceWorker.register('/sw.js');</script></body></html>`;
  const files = {
    '/': ['text/html; charset=utf-8', shell],
    '/sw.js': ['text/javascript', worker],
    '/manifest.webmanifest': ['application/manifest+json', '{"name":"履职"}'],
    '/icons/icon-192.png': ['image/png', 'png'],
    '/icons/icon-512.png': ['image/png', 'png'],
    '/icons/icon.svg': ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
  };
  const server = createHttpServer((request, response) => {
    const file = files[new URL(request.url, 'http://x').pathname];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-cache' }).end(file[1]);
  });
  await new Promise((done) => server.listen(port, '127.0.0.1', done));
  return {
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(done);
      }),
  };
}

/** Evaluates `fn` in the page, again while the page is being reloaded by a worker. */
async function settled(page, fn, accept, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await page.evaluate(fn);
      if (accept(last)) return last;
    } catch (error) {
      last = error.message; // the page navigated under the evaluation; ask again
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`not settled in ${timeout} ms; last seen: ${JSON.stringify(last)}`);
}

const workerState = async () => ({
  scopes: (await navigator.serviceWorker.getRegistrations()).map((registration) => new URL(registration.scope).pathname),
  caches: await caches.keys(),
});

test('a browser with the old root-scoped worker: the new build retires it and keeps what IndexedDB holds', async () => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const profile = mkdtempSync(join(tmpdir(), 'lvzhi-upgrade-'));
  let server;
  try {
    // 1. The old build: its worker installs at `/` and caches the shell.
    const old = await serveOldBuild(port);
    let context = await launchPersistent(profile);
    let page = context.pages()[0] ?? (await context.newPage());
    await page.goto(origin + '/');
    await settled(page, workerState, (s) => s.scopes.includes('/') && s.caches.includes('lvzhi-shell-oldbuild'));
    await page.evaluate(
      () =>
        new Promise((done, fail) => {
          const open = indexedDB.open('lvzhi-upgrade-probe', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('kept').put('un-synced work', 'note');
          open.onsuccess = () => {
            open.result.close();
            done();
          };
          open.onerror = () => fail(open.error);
        }),
    );
    // Offline, the old worker answers the home page with its cached shell: what must stop.
    await context.setOffline(true);
    await page.goto(origin + '/');
    await page.locator('#old-shell').waitFor();
    await context.setOffline(false);
    await context.close();
    await old.close();

    // 2. Today's server on the same origin. The next visit checks /sw.js, finds the retiring
    // worker, which deletes the old caches, unregisters and reloads the page.
    server = await startServer({ addr: `127.0.0.1:${port}` });
    assert.equal(server.origin, origin);
    context = await launchPersistent(profile);
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(origin + '/');
    const retired = await settled(page, workerState, (s) => !s.scopes.includes('/') && !s.caches.includes('lvzhi-shell-oldbuild'));
    assert.deepEqual(retired.caches.filter((key) => /^lvzhi-shell-[^-]+$/.test(key)), []);
    await page.reload();
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null, 'nothing controls the public page');
    assert.equal(await page.locator('#old-shell').count(), 0);
    await page.locator('html[lang="zh-Hans"] h1').waitFor();
    await page.screenshot({ path: join(artifacts, 'upgrade-public-home-zh-Hans.png') });
    // Offline, the home page is no longer the old app's shell (the browser may still show
    // the public page from its HTTP cache: it is sent with `max-age=300`).
    await context.setOffline(true);
    await page.goto(origin + '/').catch((error) => assert.match(error.message, /ERR_INTERNET_DISCONNECTED/));
    assert.equal(await page.locator('#old-shell').count(), 0, 'the old shell came back offline');
    await context.setOffline(false);

    // 3. What IndexedDB held is still there, and the deputy's app installs its own worker.
    const kept = await page.evaluate(
      () =>
        new Promise((done, fail) => {
          const open = indexedDB.open('lvzhi-upgrade-probe', 1);
          open.onsuccess = () => {
            const read = open.result.transaction('kept').objectStore('kept').get('note');
            read.onsuccess = () => done(read.result);
            read.onerror = () => fail(read.error);
          };
          open.onerror = () => fail(open.error);
        }),
    );
    assert.equal(kept, 'un-synced work');
    await signInThroughPage(page, server.base, 'deputy');
    const installed = await settled(page, workerState, (s) => s.scopes.includes('/me') && s.caches.some((key) => key.startsWith('lvzhi-shell-me-')));
    assert.ok(!installed.scopes.includes('/'), JSON.stringify(installed));
    await context.close();
  } finally {
    await server?.stop();
    rmSync(profile, { recursive: true, force: true });
  }
});
