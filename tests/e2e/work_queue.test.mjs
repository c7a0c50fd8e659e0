// Front Door's work queue, as Front Door works from it all day: 120 made-up cases and one real
// notification from Medway. It pages through the list (what needs action first, overdue replies
// leading), filters by status, reply due and placing authority (each figure matching the relay's
// own count), is told about a date it cannot read, searches for the real case by the start of its
// reference, opens it and comes back to the same filters, and sorts by when cases arrived. The page
// does not scroll sideways at 320 px or with text at 200 %. axe-core on the list, on the errors
// and on an empty result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, expectAccessible, expectFocusOnHeading } from './support.mjs';
import { notifyByApi, iso } from './api.mjs';
import { signInStaff } from './consultation.mjs';

let server, browser;
before(async () => {
  server = await serveDist({ staff: [{ name: 'Frankie Door', role: 'front-door' }] });
  await server.seed(120);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const summary = (page) => page.locator('#queue-summary').textContent();
const column = (page, n) => page.locator(`table tbody tr td:nth-child(${n})`).allTextContents();

/** What the relay says for the same question, signed in as the same person. */
async function apiTotal(page, query) {
  const r = await page.request.get(`${server.url}api/staff/cases?${query}`);
  assert.equal(r.status(), 200);
  return (await r.json()).total;
}

async function apply(page) {
  await page.getByRole('button', { name: 'Apply filters' }).click();
}

async function waitForSummary(page, pattern) {
  await page.locator('#queue-summary').filter({ hasText: pattern }).waitFor();
}

test('Front Door pages, filters, searches and sorts its work queue, and reads the real case it finds', async () => {
  const real = await notifyByApi(server, { placing: 'E06000035', email: 'jo.example@medway.gov.uk', type: 'new', start: iso(14) });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}staff`);
  await page.getByRole('heading', { level: 1, name: 'Sign in: host council staff' }).waitFor();
  await signInStaff(page, server.staffCodes['front-door']);
  await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();

  // Page 1 of 3, what needs action first: the replies owed, the earliest (overdue) first.
  await waitForSummary(page, 'Showing 1 to 50 of 121 cases');
  assert.equal(await apiTotal(page, ''), 121);
  const due = await column(page, 6);
  assert.match(due[0], /Overdue/, 'an overdue reply leads the list');
  assert.equal((await column(page, 2))[0], 'Awaiting outcome');
  await expectAccessible(page, 'the work queue, page 1');

  await page.getByRole('button', { name: 'Next page' }).click();
  await waitForSummary(page, 'Showing 51 to 100 of 121 cases');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'queue-summary', 'focus moves to the new page of results');
  await page.getByRole('button', { name: 'Page 3' }).click();
  await waitForSummary(page, 'Showing 101 to 121 of 121 cases');
  assert.equal((await column(page, 1)).length, 21);
  await page.getByRole('button', { name: 'Previous page' }).click();
  await waitForSummary(page, 'Showing 51 to 100 of 121 cases');

  // Filters: each narrows the list to what it says, and the figure is the relay's own.
  await page.getByLabel('Status').selectOption({ label: 'Agreed' });
  await apply(page);
  const agreed = await apiTotal(page, 'status=agreed');
  assert.ok(agreed > 0 && agreed < 121, `${agreed}`);
  await waitForSummary(page, agreed > 50 ? `of ${agreed} cases` : `${agreed} cases`);
  assert.deepEqual([...new Set(await column(page, 2))], ['Agreed']);

  await page.getByLabel('Status').selectOption({ label: 'Any status' });
  await page.getByLabel('Reply due').selectOption({ label: 'Reply overdue' });
  await apply(page);
  const overdue = await apiTotal(page, 'due=overdue');
  await waitForSummary(page, overdue === 1 ? '1 case' : `${overdue} cases`);
  assert.ok((await column(page, 6)).every((text) => text.includes('Overdue')), 'every row is overdue');

  await page.getByLabel('Reply due').selectOption({ label: 'Any time' });
  await page.getByLabel('Placing authority').selectOption({ label: 'Medway' });
  await apply(page);
  const medway = await apiTotal(page, 'placing_authority=E06000035');
  await waitForSummary(page, medway === 1 ? '1 case' : `${medway} cases`);
  assert.deepEqual([...new Set(await column(page, 3))], ['Medway']);

  // A date it cannot read: said on the field, in the summary and the title; the list stays.
  await page.getByLabel('Received from').fill('31/2/2026');
  await apply(page);
  await page.locator('.govuk-error-summary').getByRole('link', { name: 'Received from must be a real date' }).waitFor();
  assert.match(await page.title(), /^Error: Cases/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'filter-errors');
  await expectAccessible(page, 'the work queue with an error shown');
  await page.getByLabel('Received from').fill(`1/${new Date().getMonth() + 1}/${new Date().getFullYear()}`);
  await apply(page);
  await page.locator('.govuk-error-summary').waitFor({ state: 'detached' });

  // Nothing matches: said in words.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await waitForSummary(page, 'of 121 cases');
  await page.getByLabel('Case reference').fill('OLA-ZZZZ-ZZZZ');
  await apply(page);
  await waitForSummary(page, 'No cases match these filters.');
  await expectAccessible(page, 'the work queue with nothing found');

  // Search by the start of the real case's reference, as typed, open it and read it.
  await page.getByLabel('Case reference').fill(real.slice(0, 8).toLowerCase());
  await apply(page);
  await page.getByRole('link', { name: real }).waitFor();
  await page.getByRole('link', { name: real }).click();
  await expectFocusOnHeading(page, `Case ${real}`);
  const text = await page.locator('#main-content').textContent();
  assert.ok(text.includes('Medway') && text.includes('Placement notified'), 'the case says who placed and where it stands');
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  assert.equal(await page.getByLabel('Case reference').inputValue(), real.slice(0, 8).toLowerCase(), 'the filters are kept');
  await page.getByRole('link', { name: real }).waitFor();

  // Most recently received first: the dates never go up.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Sort by').selectOption({ label: 'Most recently received first' });
  await apply(page);
  await waitForSummary(page, 'Showing 1 to 50 of 121 cases');
  await page.getByRole('link', { name: real }).waitFor();
  const received = (await column(page, 5)).map((d) => Date.parse(d));
  assert.ok(received.every((d, i) => i === 0 || d <= received[i - 1]), 'newest first');

  // Reflow: no sideways scrolling of the page at 320 px, nor with text at 200 %; the table scrolls
  // inside its own region.
  for (const [width, text] of [[320, '100%'], [1280, '200%']]) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate((size) => { document.documentElement.style.fontSize = size; }, text);
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= client, `at ${width} px and ${text} text the page is ${scroll} px wide in ${client}`);
  }
  await context.close();
});
