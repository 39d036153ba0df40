// `cargo xtask bench-lighthouse`: Lighthouse 12 (simulated mobile, its default) against
// Debian's Chromium and the real server with the built apps, on 127.0.0.1: the public home
// page, the deputy's sign-in page, and the deputy's compliance page signed in by a script.
// Prints the four category scores, LCP and TBT for each, and the goals beside them. A
// benchmark, not a test: it reports and never fails on a score.
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import lighthouse from 'lighthouse';
import { startServer } from '../e2e/harness.mjs';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function audit(url, port, { keepStorage = false } = {}) {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: CATEGORIES,
    disableStorageReset: keepStorage,
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.message}`);
  const score = (id) => lhr.categories[id]?.score;
  return {
    scores: CATEGORIES.map(score),
    lcp: lhr.audits['largest-contentful-paint']?.numericValue,
    tbt: lhr.audits['total-blocking-time']?.numericValue,
    failing: Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => (a.explanation ? `${a.id} (${a.explanation})` : a.id)),
  };
}

function row(name, goal, { scores, lcp, tbt, failing }) {
  const cells = scores.map((s) => (s == null ? '  – ' : s.toFixed(2)));
  console.log(`| ${name.padEnd(22)} | ${cells.join(' | ')} | ${(lcp / 1000).toFixed(2)} s | ${Math.round(tbt)} ms | ${goal} |`);
  if (failing.length > 0) console.log(`|   failing audits: ${failing.join(', ')}`);
}

const server = await startServer();
const profile = mkdtempSync(join(tmpdir(), 'lvzhi-lighthouse-'));
const port = await freePort();
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  headless: true,
  args: [
    `--remote-debugging-port=${port}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  console.log(`Lighthouse 12 (simulated mobile) against ${server.origin}`);
  console.log('| page                   | perf | a11y | best | SEO  | LCP    | TBT    | goal |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  const publicGoal = 'perf ≥ 0.98, others 1.0';
  row('public home /', publicGoal, await audit(server.origin + '/', port));
  row('public home /en/', publicGoal, await audit(server.origin + '/en/', port));
  const deputies = await (await fetch(server.origin + '/api/public/v1/deputies')).json();
  const stations = await (await fetch(server.origin + '/api/public/v1/stations')).json();
  row('public profile', publicGoal, await audit(`${server.origin}/deputies/${deputies[0].id}`, port));
  row('public station', publicGoal, await audit(`${server.origin}/stations/${stations[0].id}`, port));
  row('public statistics', publicGoal, await audit(server.origin + '/statistics', port));
  row('public find a deputy', publicGoal, await audit(server.origin + '/deputies', port));
  row('deputy sign-in', 'perf ≥ 0.9', await audit(server.origin + '/me/signin', port));
  // Sign in as the demo deputy through the page, in the same browser profile Lighthouse uses.
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.origin + '/me/signin');
  await page.getByLabel('账号').fill('deputy');
  await page.getByLabel('密码').fill('lvzhi-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#account-name').waitFor();
  await page.goto(server.origin + '/me/compliance');
  await page.locator('#sync-badge').waitFor();
  await page
    .waitForFunction(() => document.querySelector('#sync-badge')?.dataset.state === 'synced', null, { timeout: 60_000 })
    .catch((error) => console.warn(`the first sync did not finish before the audit: ${error.message}`));
  row('deputy compliance', 'perf ≥ 0.9', await audit(server.origin + '/me/compliance', port, { keepStorage: true }));
} finally {
  await context.close();
  await server.stop();
  rmSync(profile, { recursive: true, force: true });
}
