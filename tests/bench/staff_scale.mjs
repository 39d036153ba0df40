// `cargo xtask bench-staff`: the staff console at scale, in Chromium against the real server
// with the standard demo (about 126,000 records) on 127.0.0.1, under the server's default
// limits. (1) First load: from the sign-in click to the scope stored on the device and the
// sync settled (the progress bar gone, the badge "synced"), RUNS times in fresh browser
// contexts. (2) Dashboard recompute: the table rebuilt after a filter change (the console's
// own measurement, `data-recompute-ms`), over several filter changes. Prints every figure and
// the medians. A benchmark, not a test: the goals (≤ 3 s, ≤ 50 ms) are printed, never asserted.
import { startServer, launchBrowser } from '../e2e/harness.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = await startServer({ demo: 'standard' });
const browser = await launchBrowser();
try {
  const loads = [];
  let records = 0;
  let page;
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    await page.goto(server.origin + '/staff/signin');
    await page.getByLabel('账号').fill('staff');
    await page.getByLabel('密码').fill('lvzhi-demo');
    const started = Date.now();
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#sync-badge[data-pending="0"][data-running="false"]:not([data-synced-at=""])').waitFor({ timeout: 300_000 });
    const elapsed = Date.now() - started;
    loads.push(elapsed);
    const text = await page.locator('text=/本设备上的记录：\\d+/').textContent();
    records = Number(text.replace(/\D/g, ''));
    console.log(`first load run ${run + 1}: ${elapsed} ms, ${records} records`);
    if (run + 1 < RUNS) await context.close();
  }
  console.log(`first load: median ${median(loads)} ms for ${records} records (goal ≤ 3000 ms)`);

  await page.goto(server.origin + '/staff/dashboard');
  await page.locator('#dashboard tbody tr').first().waitFor({ timeout: 120_000 });
  const recomputes = [];
  const changes = [
    ['#dash-level', 'municipal'], ['#dash-level', ''], ['#dash-status', 'at_risk'], ['#dash-status', ''],
    ['#dash-level', 'district'], ['#dash-status', 'not_met'], ['#dash-level', ''], ['#dash-status', ''],
  ];
  for (const [selector, value] of changes) {
    const before = await page.locator('#dash-summary').getAttribute('data-recomputes');
    await page.locator(selector).selectOption(value);
    await page.waitForFunction((old) => document.querySelector('#dash-summary')?.dataset.recomputes !== old, before);
    const ms = Number(await page.locator('#dash-summary').getAttribute('data-recompute-ms'));
    recomputes.push(ms);
    console.log(`dashboard recompute after ${selector}=${value || '(all)'}: ${ms.toFixed(1)} ms`);
  }
  console.log(`dashboard recompute: median ${median(recomputes).toFixed(1)} ms (goal ≤ 50 ms)`);
} finally {
  await browser.close();
  await server.stop();
}
