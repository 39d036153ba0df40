// Shared set-up for end-to-end tests: the real server binary with the built app, on
// 127.0.0.1 with a free port and a fresh data directory, and Debian's Chromium driven
// by playwright-core with a fresh profile.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
export const artifacts = join(root, 'tests', 'e2e', 'artifacts');
mkdirSync(artifacts, { recursive: true });

/** Where the deputy's app lives on the server, without a trailing slash: `''` at the root, or
 * e.g. `/me` (build the app with the same `LVZHI_APP_BASE`). The one place the tests take it
 * from: `server.base` is the app's address, `server.origin` the server's (for `/api/…`). */
export const APP_BASE = process.env.LVZHI_APP_BASE ?? '/me';

/** The server's origin for an app address made from `server.base`. */
export function originOf(base) {
  return new URL(base).origin;
}

/** Starts the server; resolves with { origin, base, stop, log } once it listens. Options:
 * `addr` (default `127.0.0.1:0`, a free port) and `dist` (default the built apps), for tests
 * that restart a server on the same origin with another build. */
export async function startServer({ addr = '127.0.0.1:0', dist = process.env.LVZHI_DIST ?? join(root, 'dist'), demo = 'small' } = {}) {
  const binary = process.env.LVZHI_SERVER_BIN ?? join(root, 'target', 'server', 'lvzhi-server');
  const dataDir = mkdtempSync(join(tmpdir(), 'lvzhi-e2e-'));
  const child = spawn(binary, ['--addr', addr, '--data-dir', dataDir, '--static-dir', dist, '--demo', demo], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  const origin = await new Promise((resolveBase, reject) => {
    const wait = demo === 'small' ? 60 : 300;
    const timer = setTimeout(() => reject(new Error(`server did not start in ${wait} s:\n${log.join('')}`)), wait * 1000);
    child.stdout.on('data', (chunk) => {
      log.push(chunk.toString());
      const match = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(log.join(''));
      if (match) {
        clearTimeout(timer);
        resolveBase(match[1]);
      }
    });
    child.stderr.on('data', (chunk) => log.push(chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log.join('')}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((done) => child.on('exit', done));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { origin, base: origin + APP_BASE, stop, log };
}

/** Content-Security-Policy violations reported by any page of the run: the app must load
 * and work under the server's CSP, so `useServerAndBrowser` fails a file that has any. */
export const cspViolations = [];

function watchForCsp(page) {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
}

function watchContext(context) {
  context.pages().forEach(watchForCsp);
  context.on('page', watchForCsp);
  return context;
}

/** Launches headless Chromium with the flags this machine needs and a fresh profile. */
export async function launchBrowser() {
  const browser = await launchChromium();
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    watchForCsp(page);
    return page;
  };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watchContext(await newContext(options));
  return browser;
}

async function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Starts the server and Chromium before a test file's tests and stops both after them.
 * Returns an object whose `server` and `browser` are set once `before` has run.
 */
export function useServerAndBrowser({ before, after }) {
  const running = {};
  before(async () => {
    running.server = await startServer();
    running.browser = await launchBrowser();
  });
  after(async () => {
    await running.browser?.close();
    await running.server?.stop();
    if (cspViolations.length > 0) throw new Error(`the app broke its Content-Security-Policy:\n${cspViolations.join('\n')}`);
  });
  return running;
}

/** Calls the server's JSON API directly (as another device or a staff member would). */
export async function api(base, method, path, body, token) {
  const response = await fetch(originOf(base) + path, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Signs in through the API; resolves with the session ({ token, account }). */
export async function apiSignIn(base, login, password = 'lvzhi-demo') {
  return api(base, 'POST', '/api/session', { login, password });
}

/** Every record the account may see, walking a full snapshot's pages. */
export async function serverRecords(base, token) {
  const records = [];
  let request = { cursor: null, limit: 5000 };
  for (;;) {
    const pulled = await api(base, 'POST', '/api/sync/pull', request, token);
    records.push(...pulled.entries.filter((e) => e.change === 'upsert').map((e) => e.activity));
    if (!pulled.snapshot) return records;
    request = { cursor: null, limit: 5000, snapshot: pulled.snapshot };
  }
}

let staffSeq = 0;
const staffClient = '01900000-0000-7000-8000-00000000e2e0';
/** Staff approve or reject records through the push API ({ id, reason? } each). */
export async function staffReview(base, staffToken, decisions) {
  const mutations = decisions.map(({ id, reason }) => ({
    seq: ++staffSeq,
    operation: reason ? { op: 'reject', id, reason } : { op: 'approve', id },
  }));
  return api(base, 'POST', '/api/sync/push', { client: staffClient, mutations }, staffToken);
}

/** Counts of the app's IndexedDB stores, read in the page. */
export async function localCounts(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('lvzhi');
        open.onsuccess = () => {
          const tx = open.result.transaction(['outbox', 'activities'], 'readonly');
          const outbox = tx.objectStore('outbox').count();
          const activities = tx.objectStore('activities').count();
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

/** Signs in through the app's page (Chinese labels) and waits for the account name. */
export async function signInThroughPage(page, base, login, password = 'lvzhi-demo') {
  await page.goto(base + '/signin');
  await page.getByLabel('账号').fill(login);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#account-name').waitFor();
}

/** Registers an activity through the form, by keyboard; waits for "saved". */
export async function registerByKeyboard(page, base, { kindIndex = 0, date, place, description }) {
  if (!page.url().endsWith('/register')) await page.goto(base + '/register');
  const before = Number((await page.locator('#saved-message').getAttribute('data-saved', { timeout: 50 }).catch(() => '0')) ?? 0);
  await page.locator('#kind').focus();
  for (let i = 0; i < kindIndex; i++) await page.keyboard.press('ArrowDown');
  if (date) await page.locator('#date').fill(date);
  // Tab through the date's year, month and day parts to the place field.
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'place')) break;
  }
  await page.keyboard.type(place);
  await page.keyboard.press('Tab');
  await page.keyboard.type(description);
  await page.keyboard.press('Control+Enter');
  await page.locator(`#saved-message[data-saved="${before + 1}"]`).waitFor();
}

/** Chromium with a persistent profile in `dir`: closing and relaunching keeps IndexedDB,
 * the service worker and its caches, as closing and reopening a real browser does. */
export async function launchPersistent(dir, options = {}) {
  return watchContext(await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    ...options,
  }));
}

/** Waits until the app has completed a sync and reports no un-synced change (header badge). */
export async function waitUntilSynced(page, timeout = 30_000) {
  await page.locator('#sync-badge[data-pending="0"][data-running="false"]:not([data-synced-at=""])').waitFor({ timeout });
}
