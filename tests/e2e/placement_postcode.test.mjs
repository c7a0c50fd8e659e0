// The served hosts' postcodes in the browser: not part of the first load, fetched after the start
// page, and then enough, even with no network, to say where a placement is and what follows; for a
// council the service does not serve, the relay names it and says how to reach it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, axeViolations } from './support.mjs';
import { aboutYou, pointer } from './consultation.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the placement postcode says district, division and distance, from the table, offline too', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Start now' }).waitFor();
  const table = (paths) => paths.some((p) => p.startsWith('/api/hosts/postcodes-'));
  assert.ok(!table(requested), 'the table is not part of the first load');

  await page.getByRole('button', { name: 'Start now' }).click();
  await page.getByRole('link', { name: 'About you', exact: true }).click();
  await aboutYou(pointer(page));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: 'The proposed placement', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Where is the proposed placement?' }).waitFor();
  await page.waitForResponse((r) => r.url().includes('/api/hosts/postcodes-')).catch(() => {});
  assert.ok(table(requested), 'fetched once the person has started');
  assert.deepEqual(await axeViolations(page), []);

  // Hastings is in East Sussex, which this deployment does not serve: the browser's table does not
  // hold it, and the relay, which holds every postcode, names the council and how to reach it.
  const postcode = page.getByLabel('Postcode of the placement');
  const follows = page.locator('#what-follows');
  await postcode.fill('TN34 3UY');
  await follows.getByText(/East Sussex/).waitFor();
  assert.match(await follows.textContent(),
    /^This postcode is in East Sussex, which this service does not cover\. Consult East Sussex directly\. Contact East Sussex's children's services\. Leeds does not adjoin East Sussex, so this is a distant placement/);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('alert').waitFor();
  assert.equal(await page.getByRole('alert').getByRole('link').first().textContent(),
    'This postcode is not in Kent, Medway or Surrey, which this service covers. Check it and enter it again. If the placement is elsewhere, consult that council directly');
  assert.deepEqual(await axeViolations(page), [], 'with an error');

  // Medway, which shares Kent's ME postcode area, is a host of its own with one team.
  await postcode.fill('ME4 4TR');
  await follows.getByText(/Medway/).waitFor();
  assert.match(await follows.textContent(), /^This postcode is in Medway\. Medway does not adjoin Leeds|^This postcode is in Medway\. Leeds does not adjoin Medway/);

  await postcode.fill('me14 1xq');
  await follows.getByText(/Maidstone/).waitFor();
  // Fixed, so the error goes: it no longer sits beside the line saying where the placement is.
  await page.locator('.govuk-error-summary').waitFor({ state: 'detached' });
  assert.equal(await page.locator('.govuk-error-message').count(), 0, 'no error beside the fixed answer');
  assert.ok(!(await page.title()).startsWith('Error:'), 'and the title no longer says Error');
  assert.match(await follows.textContent(),
    /^This postcode is in Maidstone, in Kent's North\/West division\. Leeds does not adjoin Kent, so this is a distant placement/);
  assert.equal(await follows.getAttribute('aria-live'), 'polite', 'screen readers hear what follows');

  // No network: the table already on the device still answers, for every host it serves.
  await context.setOffline(true);
  await postcode.fill('ME4 4TR');
  await follows.getByText(/Medway/).waitFor();
  assert.match(await follows.textContent(), /^This postcode is in Medway\./);
  await postcode.fill('CT9 1XZ');
  await follows.getByText(/Thanet/).waitFor();
  assert.match(await follows.textContent(), /^This postcode is in Thanet, in Kent's South\/East division\./);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'The proposed placement' }).waitFor();
  await context.close();
});
