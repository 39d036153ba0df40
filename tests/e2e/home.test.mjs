// A deputy's home page: where they stand this year and this term, what needs them, a quick
// way to register, and the next reception at their station — not server internals.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { api, apiSignIn, artifacts, signInThroughPage, useServerAndBrowser, waitUntilSynced } from './harness.mjs';

const running = useServerAndBrowser({ before, after });

test("the deputy's home shows the standing, what needs them, a quick register and the next reception", async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const base = running.server.base;
  await signInThroughPage(page, base, 'deputy');
  await waitUntilSynced(page);
  await page.locator('#standing li[data-requirement]').first().waitFor();
  assert.ok((await page.locator('#standing li[data-requirement]').count()) >= 6, 'this year and this term');
  assert.match(await page.locator('#standing li[data-requirement="session_speeches"]').textContent(), /\d+ \/ 3/);
  // Counted independently from the server's list: led by me, replied to, or in progress
  // with a promised action still without my receipt.
  const me = await apiSignIn(base, 'deputy');
  const list = await api(base, 'GET', '/api/suggestions', undefined, me.token);
  const owed = list.filter(
    (s) =>
      s.deputies[0] === me.account.deputy &&
      (s.stage === 'replied' || (s.stage === 'in_progress' && s.promises.some((p) => p.receipt == null))),
  ).length;
  assert.ok(owed >= 2, 'the demo deputy owes receipts');
  await page.locator('#needs-receipts').waitFor();
  assert.equal(await page.locator('#needs-receipts').textContent(), `${owed} 件建议等我回执`);
  assert.equal(await page.locator('#health-status').count(), 0, 'no server internals on a deputy home');
  await page.locator('#next-reception').waitFor();
  assert.ok((await page.locator('#next-reception').textContent()).length > 4);
  await page.screenshot({ path: join(artifacts, 'home-deputy-zh-Hans.png'), fullPage: true });
  await page.locator('#quick-register').click();
  await page.waitForURL(base + '/register');
  await page.waitForFunction(() => document.activeElement?.id === 'kind');
  await context.close();
});
