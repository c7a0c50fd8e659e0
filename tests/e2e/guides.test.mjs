// The documents people need, reachable from every page: how the service works (with what each form
// asks, drawn from the forms themselves, and the rules' amendments log), the accessibility statement
// and the privacy notice. Offline too, after the first visit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, axeViolations } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('guides, the accessibility statement and the privacy notice, from the footer', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Start now' }).waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  const footer = page.getByRole('contentinfo');

  await footer.getByRole('link', { name: 'How this service works' }).click();
  await page.getByRole('heading', { level: 1, name: 'How this service works' }).waitFor();
  assert.ok(await page.getByRole('heading', { name: 'For placing social workers' }).isVisible());
  assert.ok(await page.getByRole('heading', { name: "For host councils' staff" }).isVisible());
  assert.ok(await page.getByText(/^Where is the proposed placement\?: Postcode$/).isVisible(), 'what each page asks');
  assert.ok(await page.getByRole('table', { name: 'Changes to the rules' }).getByText('2026.1').first().isVisible());
  assert.deepEqual(await axeViolations(page), []);

  await footer.getByRole('link', { name: 'Accessibility statement' }).click();
  await page.getByRole('heading', { level: 1, name: 'Accessibility statement' }).waitFor();
  assert.match(await page.title(), /^Accessibility statement/);
  assert.deepEqual(await axeViolations(page), []);

  await context.setOffline(true);
  await footer.getByRole('link', { name: 'Privacy notice' }).click();
  await page.getByRole('heading', { level: 1, name: 'Privacy notice' }).waitFor();
  assert.ok(await page.getByText(/UK GDPR article 6\(1\)\(e\)/).isVisible());
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});
