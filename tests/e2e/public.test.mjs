// The public site as a citizen uses it, on a phone-sized viewport with JavaScript turned off
// (the pages are rendered on the server): find a deputy by district and see the next
// reception; open their profile with figures, denominators, the as-of date and a
// right-of-reply note beside the figure it answers; open a published suggestion with its
// receipts; open the statistics, read a chart and its table, download the CSV. Then every
// public page in three languages at 375×667, 1280×800 and 1440×900: no horizontal overflow,
// no serious axe violations, screenshots.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { api, apiSignIn, artifacts, useServerAndBrowser } from './harness.mjs';

const running = useServerAndBrowser({ before, after });
const axeSource = readFileSync(resolve(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const NOTE = '本年度因病住院两个月，闭会期间活动少于要求，已向选区说明。';

test('a citizen on a phone finds a deputy, reads the profile, a suggestion and the statistics', async () => {
  const origin = running.server.origin;
  // The deputy answers the figure of their activities between sessions this year.
  const deputy = await apiSignIn(origin, 'deputy');
  const profile = await (await fetch(`${origin}/api/public/v1/deputies/${deputy.account.deputy}`)).json();
  const today = new Date().toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const term = profile.terms.find((t) => t.from <= today && today <= t.until).term;
  await api(origin, 'PUT', '/api/replies', {
    target: { on: 'status', requirement: 'between_sessions', term, period: { period: 'year', value: year } },
    text: NOTE,
    written_on: new Date().toISOString().slice(0, 10),
  }, deputy.token);
  // The public figures are rebuilt in the background after a change: the note is public
  // within seconds.
  for (let i = 0; i < 60; i++) {
    const now = await (await fetch(`${origin}/api/public/v1/deputies/${deputy.account.deputy}`)).text();
    if (now.includes(NOTE)) break;
    await new Promise((done) => setTimeout(done, 500));
  }

  const context = await running.browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 667 }, acceptDownloads: true });
  try {
    const page = await context.newPage();
    await page.goto(origin + '/');
    await page.getByRole('link', { name: '找代表' }).first().click();
    await page.waitForURL(/\/deputies$/);
    // Stations by district: open the first district.
    const district = page.locator('ul.districts a').first();
    const districtName = (await district.textContent()).trim();
    await district.click();
    await page.waitForURL(/district=/);
    const card = page.locator('ul.stations > li').first();
    assert.match(await card.textContent(), /下次接待：/);
    assert.match(await card.textContent(), new RegExp(districtName));
    await page.screenshot({ path: join(artifacts, 'public-find-district-phone.png'), fullPage: true });
    // The station's page: the next reception and its deputies.
    await card.locator('h3 a').click();
    await page.waitForURL(/\/stations\//);
    assert.match(await page.locator('dd.next').textContent(), /\d{4}-\d{2}-\d{2} 周.+\d{2}:\d{2}–\d{2}:\d{2}|暂无接待安排/);
    await page.screenshot({ path: join(artifacts, 'public-station-phone.png'), fullPage: true });

    // Search the deputy by name and open the profile.
    await page.goto(origin + '/deputies');
    await page.getByLabel('姓名、区县或联络站').fill(profile.name);
    await page.getByRole('button', { name: '查找' }).click();
    await page.waitForURL(/q=/);
    await page.locator('ul.people a', { hasText: profile.name }).first().click();
    await page.waitForURL(new RegExp(`/deputies/${deputy.account.deputy}$`));
    assert.equal((await page.locator('h1').textContent()).trim(), profile.name);
    assert.match(await page.title(), new RegExp(profile.name));
    const description = await page.getAttribute('meta[property="og:title"]', 'content');
    assert.match(description, new RegExp(profile.name), 'a link preview shows the name');
    assert.match(await page.locator('main').textContent(), /数据截至 \d{4}-\d{2}-\d{2}/);
    // The figure with its denominator and the note in the same row.
    const row = page.locator('table.standings tr', { hasText: NOTE });
    assert.equal(await row.count(), 1, 'the note stands in the row of the figure it answers');
    assert.match(await row.locator('td.figure').textContent(), /^\d+ \/ \d+$/);
    assert.match(await row.textContent(), /闭会期间/);
    await page.screenshot({ path: join(artifacts, 'public-profile-phone.png'), fullPage: true });

    // A published suggestion with both receipts.
    await page.getByRole('link', { name: '建议公开' }).first().click();
    await page.waitForURL(/\/suggestions$/);
    await page.getByLabel('办理阶段').selectOption('completed');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/stage=completed/);
    await page.locator('ol.cards h2 a').first().click();
    await page.waitForURL(/\/suggestions\/[0-9a-f-]+$/);
    const receipt = await page.locator('p.receipt').textContent();
    assert.match(receipt, /满意|基本满意|不满意/, 'the first receipt');
    assert.match(await page.locator('table').last().textContent(), /已落实|部分落实|未落实/, 'the second receipt');
    await page.screenshot({ path: join(artifacts, 'public-suggestion-phone.png'), fullPage: true });

    // Statistics: a chart with its table, and the CSV.
    await page.getByRole('link', { name: '履职统计' }).first().click();
    await page.waitForURL(/\/statistics$/);
    const chart = page.locator('figure.chart').first();
    const svg = chart.locator('svg[role=img]');
    assert.equal(await svg.count(), 1);
    const labelledBy = await svg.getAttribute('aria-labelledby');
    assert.ok(labelledBy.split(' ').length === 2, 'the chart is named and described');
    const rows = await chart.locator('table tbody tr').count();
    assert.equal(rows, await svg.locator('rect').count(), 'one table row per bar');
    assert.match(await page.locator('main').textContent(), /在任代表 \d+/);
    await page.screenshot({ path: join(artifacts, 'public-statistics-phone.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 CSV' }).first().click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.match(csv.split('\n')[0], /^\uFEFF?[a-z_,]+/);
    assert.ok(csv.split('\n').length > 5, 'the CSV has the figures');
  } finally {
    await context.close();
  }
});

test('every public page in three languages on a phone and two desktops: no overflow, no serious axe violations', async () => {
  const origin = running.server.origin;
  const deputies = await (await fetch(origin + '/api/public/v1/deputies')).json();
  const stations = await (await fetch(origin + '/api/public/v1/stations')).json();
  const suggestions = await (await fetch(origin + '/api/public/v1/suggestions')).json();
  const deputy = await apiSignIn(origin, 'deputy');
  const paths = [
    '/',
    '/deputies',
    '/deputies?district=' + encodeURIComponent(stations[0].district),
    '/deputies?q=' + encodeURIComponent(deputies[0].name.slice(0, 1)),
    `/deputies/${deputy.account.deputy}`,
    `/deputies/${deputy.account.deputy}/print`,
    `/stations/${stations[0].id}`,
    '/suggestions',
    `/suggestions/${suggestions[0].id}`,
    '/statistics',
    '/open-data',
  ];
  const problems = [];
  const context = await running.browser.newContext({ bypassCSP: true });
  try {
    const page = await context.newPage();
    for (const [width, height] of [[375, 667], [1280, 800], [1440, 900]]) {
      await page.setViewportSize({ width, height });
      for (const prefix of ['', '/zh-hant', '/en']) {
        for (const path of paths) {
          const address = prefix + (path === '/' && prefix ? '/' : path);
          const response = await page.goto(origin + address);
          if (response.status() !== 200) problems.push(`${address}: ${response.status()}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          if (overflow > 0) problems.push(`${address} ${width}: ${overflow}px horizontal overflow`);
          if (width !== 1440) {
            await page.evaluate(axeSource);
            const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
            for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
              problems.push(`${address} ${width}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
            }
          }
          if (prefix === '/en' || width === 375) {
            const name = `public${address.replace(/[^a-z0-9]+/gi, '-')}-${width}.png`.replace(/-+/g, '-');
            await page.screenshot({ path: join(artifacts, name), fullPage: width === 375 });
          }
        }
      }
    }
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test('the open-data API document is valid OpenAPI 3.1 and names every public answer', async () => {
  const { Validator } = await import('@seriousme/openapi-schema-validator');
  const origin = running.server.origin;
  const response = await fetch(origin + '/api/public/v1/openapi.json');
  assert.equal(response.status, 200);
  assert.ok(response.headers.get('etag'), 'the document has an ETag');
  const document = await response.json();
  assert.equal(document.openapi.slice(0, 4), '3.1.');
  const validator = new Validator();
  const result = await validator.validate(document);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  for (const path of ['/api/public/v1/deputies', '/api/public/v1/deputies/{id}', '/api/public/v1/statistics/{period}', '/api/public/v1/suggestions']) {
    assert.ok(document.paths[path], `${path} is described`);
  }
  // The document's schemas describe what the API answers: a profile has every field named.
  const deputies = await (await fetch(origin + '/api/public/v1/deputies')).json();
  const profile = await (await fetch(`${origin}/api/public/v1/deputies/${deputies[0].id}`)).json();
  const described = Object.keys(document.components.schemas.PublicDeputy.properties).sort();
  assert.deepEqual(Object.keys(profile).sort(), described);
});
