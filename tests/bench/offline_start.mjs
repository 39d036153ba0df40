// `cargo xtask bench-offline-start`: the deputy's app started from its service worker with
// the network off, from navigation to interactive — the register form usable (its kind
// select enabled). Real server on 127.0.0.1 for the first, online visit; then the network
// is cut and /me/register is opened RUNS times. Prints each run and the median. A
// benchmark, not a test: the goal (≤ 300 ms) is printed, never asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../e2e/harness.mjs';

const RUNS = Number(process.env.RUNS ?? 15);

const server = await startServer();
const profile = mkdtempSync(join(tmpdir(), 'lvzhi-offline-start-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.origin + '/me/signin');
  await page.getByLabel('账号').fill('deputy');
  await page.getByLabel('密码').fill('lvzhi-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#account-name').waitFor();
  await page.evaluate(async () => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => (await caches.keys()).some((key) => key.startsWith('lvzhi-shell-me-')));
  await page.waitForFunction(() => document.querySelector('#sync-badge')?.dataset.state === 'synced', null, { timeout: 120_000 });
  await context.setOffline(true);
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    await page.goto('about:blank');
    await page.goto(server.origin + '/me/register');
    // Polled on every frame: the first moment the form can be used, in the page's own clock
    // (milliseconds since the navigation started).
    const ready = await page.waitForFunction(
      () => {
        const kind = document.querySelector('#kind');
        return kind && !kind.disabled && document.querySelector('#place') ? performance.now() : false;
      },
      null,
      { polling: 'raf', timeout: 30_000 },
    );
    const ms = await ready.jsonValue();
    const controlled = await page.evaluate(() => Boolean(navigator.serviceWorker.controller));
    if (!controlled) throw new Error('the page was not served by the service worker');
    times.push(ms);
    console.log(`run ${String(run + 1).padStart(2)}: ${ms.toFixed(0)} ms`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`offline start of /me/register, navigation to usable form: median ${median.toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times.at(-1).toFixed(0)} ms over ${RUNS} runs (goal ≤ 300 ms)`);
} finally {
  await context.close();
  await server.stop();
  rmSync(profile, { recursive: true, force: true });
}
