// The Management Information report as an analyst uses it: 150 made-up cases over two years.
// The default period is this financial year; for the last one, each chart's table says what the relay counted and
// what the figures say; the period filter changes the figures; a custom period it cannot use is
// explained on its fields; a placing authority narrows the report to it; the CSV and the Excel
// workbook download for the chosen period. No sideways scrolling at 320 px or with text at 200 %. axe-core on the report,
// on the errors, and on a period with nothing in it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, expectAccessible } from './support.mjs';
import { signInStaff } from './consultation.mjs';

let server, browser;
before(async () => {
  server = await serveDist({ staff: [{ name: 'Morgan Analyst', role: 'management-information' }] });
  await server.seed(150);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const long = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${d} ${months[m - 1]} ${y}`; };

async function apiReport(page, query) {
  const r = await page.request.get(`${server.url}api/staff/report?${query}`);
  assert.equal(r.status(), 200, await r.text());
  return r.json();
}

/** The figure a summary list row shows. */
const figure = (page, key) => page.locator('#report-figures .govuk-summary-list__row', { hasText: key }).locator('dd').first().textContent();

/** A chart's data table, as [label, count] rows. */
async function table(page, id) {
  return page.locator(`#${id}-table tbody tr`).evaluateAll((rows) => rows.map((r) => [r.querySelector('th').textContent, Number(r.querySelector('td').textContent)]));
}

async function show(page) {
  await page.getByRole('button', { name: 'Show the report' }).click();
}

test('an analyst reads the report for a period, narrows it, and downloads it', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${server.url}staff/report`);
  await page.getByRole('heading', { level: 1, name: 'Sign in: host council staff' }).waitFor();
  await signInStaff(page, server.staffCodes['management-information']);
  await page.getByRole('heading', { level: 1, name: 'Management information report' }).waitFor();

  // This financial year, by default.
  const current = await apiReport(page, '');
  assert.match(current.from, /-04-01$/, 'a financial year starts on 1 April');
  await page.getByRole('heading', { level: 2, name: `${long(current.from)} to ${long(current.to)}` }).waitFor();
  assert.equal(await figure(page, 'Consultations received'), String(current.received));

  // Last financial year (the made-up cases span it): the figures and every chart's table are the
  // relay's counts.
  await page.getByLabel('Period').selectOption({ label: 'Last financial year' });
  await show(page);
  const year = await apiReport(page, 'period=last-financial-year');
  await page.getByRole('heading', { level: 2, name: `${long(year.from)} to ${long(year.to)}` }).waitFor();
  assert.equal(await figure(page, 'Consultations received'), String(year.received));
  assert.equal(await figure(page, 'Outcomes recorded'), String(year.working_days_to_outcome.outcomes));
  assert.equal(await figure(page, 'Notifications received'), String(year.notifications.total));
  for (const [id, bars] of [['by-division', year.by_division], ['by-placing-authority', year.by_placing_authority],
    ['by-outcome', year.by_outcome], ['working-days', year.working_days_distribution]]) {
    assert.deepEqual(await table(page, id), bars.map((b) => [b.label, b.count]), `${id}: the table is the relay's figures`);
  }
  const byDivision = await table(page, 'by-division');
  assert.equal(byDivision.reduce((sum, [, n]) => sum + n, 0), year.received, 'the divisions add up to the consultations received');
  assert.ok(year.received > 0 && byDivision.some(([label]) => label === 'North/West'), 'divisions by name');
  // The bars are drawn to scale (their widths are set under the page's strict content security policy).
  const widths = await page.locator('#by-division-heading ~ .app-chart__bars .app-chart__bar').evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().width));
  const most = Math.max(...year.by_division.map((b) => b.count));
  year.by_division.forEach((b, i) => assert.ok(Math.abs(widths[i] / Math.max(...widths) - b.count / most) < 0.02, `bar ${b.label}: ${widths}`));
  await expectAccessible(page, 'the report, last financial year');

  // Last month: other figures, from the relay, on the page.
  await page.getByLabel('Period').selectOption({ label: 'Last month' });
  await show(page);
  const month = await apiReport(page, 'period=last-month');
  await page.getByRole('heading', { level: 2, name: `${long(month.from)} to ${long(month.to)}` }).waitFor();
  assert.ok(month.received < year.received, `${month.received} in a month, ${year.received} in the year`);
  assert.equal(await figure(page, 'Consultations received'), String(month.received));
  if (month.received > 0) assert.deepEqual(await table(page, 'by-outcome'), month.by_outcome.map((b) => [b.label, b.count]));

  // Dates chosen, not given: said on each field.
  await page.getByLabel('Period').selectOption({ label: 'Dates you choose' });
  await show(page);
  await page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter the first day' }).waitFor();
  await page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter the last day' }).waitFor();
  assert.match(await page.title(), /^Error: /);
  await expectAccessible(page, 'the report with errors shown');

  // A custom period before any case: nothing in it, said in words.
  await page.getByLabel('First day').fill('1/1/2020');
  await page.getByLabel('Last day').fill('31/1/2020');
  await show(page);
  await page.getByRole('heading', { level: 2, name: '1 January 2020 to 31 January 2020' }).waitFor();
  assert.equal(await figure(page, 'Consultations received'), '0');
  assert.equal(await page.getByText('None in this period.').count(), 4);
  await expectAccessible(page, 'the report for a period with nothing in it');

  // Two years to today, narrowed to a placing authority that consulted last year.
  const from = new Date(); from.setFullYear(from.getFullYear() - 2);
  const today = new Date();
  await page.getByLabel('First day').fill(`${from.getDate()}/${from.getMonth() + 1}/${from.getFullYear()}`);
  await page.getByLabel('Last day').fill(`${today.getDate()}/${today.getMonth() + 1}/${today.getFullYear()}`);
  const authority = year.by_placing_authority[0].label;
  await page.getByLabel('Placing authority', { exact: true }).selectOption({ label: authority });
  await show(page);
  await page.locator('#by-placing-authority-table').waitFor();
  await page.waitForFunction((name) => [...document.querySelectorAll('#by-placing-authority-table tbody th')].every((th) => th.textContent === name), authority);
  const rows = await table(page, 'by-placing-authority');
  assert.equal(rows.length, 1);
  assert.equal(await figure(page, 'Consultations received'), String(rows[0][1]));

  // The downloads carry the chosen period: a CSV with names and codes, and a workbook.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as CSV (one row a case)' }).click()]);
  assert.match(csv.suggestedFilename(), /^ola-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\n');
  assert.ok(lines[0].startsWith('reference,month,division') && lines[0].includes('placing_authority_name'), lines[0]);
  assert.ok(lines.slice(1).every((line) => line.includes(authority.includes(',') ? `"${authority}"` : authority)), 'only the chosen placing authority');
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as an Excel workbook' }).click()]);
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
  const book = await readFile(await xlsx.path());
  assert.equal(book.subarray(0, 2).toString(), 'PK', 'a workbook is a zip package');

  // Reflow at 320 px, and with text at 200 %: the charts and tables fit or scroll in their own regions.
  for (const [width, text] of [[320, '100%'], [1280, '200%']]) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate((size) => { document.documentElement.style.fontSize = size; }, text);
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= client, `at ${width} px and ${text} text the page is ${scroll} px wide in ${client}`);
  }
  await context.close();
});
