// The app shell in a real browser: the WebAssembly loads, the rules crate checks the first page,
// the GOV.UK error summary behaves, and axe-core finds nothing on any page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, axeViolations } from './support.mjs';
import { aboutYou, pointer } from './consultation.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function openStart() {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: /Consult the host council about placing a looked-after child/ }).waitFor();
  return { page, errors };
}

test('start page loads the app and passes axe', async () => {
  const { page, errors } = await openStart();
  assert.deepEqual(await axeViolations(page), []);
  assert.ok(await page.getByRole('banner').getByText('Out-of-area placements (sample: Kent, Medway and Surrey)').isVisible(), 'the deployment names itself from its configuration');
  assert.deepEqual(errors, []);
  await page.close();
});

test('Continue on an empty page shows the rules\' errors, focused and linked', async () => {
  const { page } = await openStart();
  await page.getByRole('button', { name: 'Start now' }).click();
  await page.getByRole('heading', { level: 1, name: 'Consultation request' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'task list');
  await page.getByRole('link', { name: 'About you', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'About you' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'question page');
  await page.getByRole('button', { name: 'Continue' }).click();
  const summary = page.getByRole('alert');
  await summary.waitFor();
  assert.match(await page.title(), /^Error: /);
  const focused = await page.evaluate(() => document.activeElement?.className ?? '');
  assert.match(focused, /govuk-error-summary/, 'the summary takes focus');
  const first = summary.getByRole('link').first();
  assert.equal(await first.textContent(), 'Select your authority');
  assert.equal(await first.getAttribute('href'), '#placing-authority');
  // The same message appears inline beside its field.
  assert.ok(await page.locator('#placing-authority-error').getByText('Select your authority').isVisible());
  assert.deepEqual(await axeViolations(page), [], 'page with errors');
  await first.click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'placing-authority');
  await page.close();
});

test('the rules reject an insecure email and accept the page once it is right', async () => {
  const { page } = await openStart();
  await page.getByRole('button', { name: 'Start now' }).click();
  await page.getByRole('link', { name: 'About you', exact: true }).click();
  await aboutYou(pointer(page));
  await page.getByLabel('Your email address').fill('alex@example.com');
  await page.getByRole('button', { name: 'Continue' }).click();
  const links = page.getByRole('alert').getByRole('link');
  await links.first().waitFor();
  assert.equal(await links.count(), 1);
  assert.match(await links.first().textContent(), /^Enter a secure public-sector email address/);
  await page.getByLabel('Your email address').fill('alex.example@leeds.gov.uk');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Consultation request' }).waitFor();
  assert.doesNotMatch(await page.title(), /^Error/);
  assert.equal(await page.locator('#about-you-status').textContent(), 'Completed');
  assert.equal(await page.locator('#child-status').textContent(), 'Not yet started');
  await page.close();
});

test('a browser without JavaScript, or without WebAssembly, is told how to reach the Front Door', async () => {
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  let page = await noJs.newPage();
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'You need JavaScript to use this service' }).waitFor();
  // Each host the deployment serves says, in its own words from the configuration, how to reach it.
  assert.ok(await page.getByRole('heading', { level: 2, name: 'Medway Council' }).isVisible());
  assert.equal(await page.locator('p:visible', { hasText: /email the Front Door Service at frontdoor@kent\.invalid/ }).count(), 1);
  await noJs.close();

  const noWasm = await browser.newContext();
  await noWasm.addInitScript(() => { delete globalThis.WebAssembly; });
  page = await noWasm.newPage();
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: 'This browser cannot run this service' }).waitFor();
  assert.equal(await page.locator('p:visible', { hasText: /email the Front Door Service at frontdoor@kent\.invalid/ }).count(), 1);
  assert.ok(await page.getByRole('heading', { level: 2, name: 'Surrey County Council' }).isVisible());
  assert.deepEqual(await axeViolations(page), []);
  await noWasm.close();
});
